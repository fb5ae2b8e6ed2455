/* sol_intent.c: see sol_intent.h. */
#include "sol_intent.h"

#include <jansson.h>
#include <string.h>

#include "sol_curve.h"
#include "sol_key.h"
#include "util/decimal.h"

#define LAMPORTS_DECIMALS 9

static int get_bool(json_t *j, const char *key, int *out, st_err *err)
{
    json_t *v = json_object_get(j, key);
    if (v == NULL)
        return 0;
    if (!json_is_boolean(v))
        return st_err_set(err, "%s: must be true or false", key);
    *out = json_is_true(v);
    return 0;
}

/* asset of a token_transfer: a configured symbol or {mint, decimals, program}. */
static int parse_asset(json_t *a, const struct sol_options *o, struct sol_token *t, st_err *err)
{
    if (a == NULL)
        return st_err_set(err, "asset: missing (a configured token symbol or {\"mint\", \"decimals\"})");
    if (json_is_string(a)) {
        const struct sol_token *c = sol_options_token(o, json_string_value(a));
        if (c == NULL)
            return st_err_set(err, "asset: \"%.40s\" is not a token configured under chains.sol.tokens",
                              json_string_value(a));
        *t = *c;
        return 0;
    }
    if (!json_is_object(a))
        return st_err_set(err, "asset: must be a token symbol or {\"mint\", \"decimals\", \"program\"}");
    const char *key;
    json_t *v;
    json_object_foreach(a, key, v)
    {
        if (strcmp(key, "mint") != 0 && strcmp(key, "decimals") != 0 && strcmp(key, "program") != 0)
            return st_err_set(err, "asset.%.40s: unknown key (mint, decimals, program)", key);
    }
    memset(t, 0, sizeof *t);
    if (json_object_get(a, "mint") == NULL)
        return st_err_set(err, "asset.mint: missing");
    if (sol_key_parse(json_string_value(json_object_get(a, "mint")), "asset.mint", t->mint, err) != 0)
        return -1;
    v = json_object_get(a, "decimals");
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > SOL_MAX_DECIMALS)
        return st_err_set(err, "asset.decimals: must be an integer from 0 to %d", SOL_MAX_DECIMALS);
    t->decimals = (unsigned)json_integer_value(v);
    v = json_object_get(a, "program");
    if (v != NULL && (!json_is_string(v) || sol_token_program_parse(json_string_value(v), &t->token_2022) != 0))
        return st_err_set(err, "asset.program: must be \"token\" or \"token-2022\"");
    /* A mint that is configured must be described the same way: a different decimals or
     * program would be a different amount or a different account. */
    const struct sol_token *c = sol_options_token_by_mint(o, t->mint);
    if (c != NULL) {
        if (c->decimals != t->decimals)
            return st_err_set(err, "asset.decimals: %u, but tokens.%s (same mint) has %u", t->decimals, c->symbol,
                              c->decimals);
        if (v != NULL && c->token_2022 != t->token_2022)
            return st_err_set(err, "asset.program: disagrees with tokens.%s (same mint)", c->symbol);
        *t = *c;
    }
    return 0;
}

int sol_intent_parse(const char *intent_json, const struct sol_options *o, struct sol_intent *in, st_err *err)
{
    static const char *const common[] = {"chain", "kind", "to", "amount", "asset", NULL};
    static const char *const token_only[] = {"create_ata", "allow_owner_off_curve", NULL};
    json_error_t e;
    const char *key;
    json_t *v;
    int rc = -1;
    memset(in, 0, sizeof *in);

    json_t *j = json_loads(intent_json ? intent_json : "", JSON_REJECT_DUPLICATES, &e);
    if (j == NULL)
        return st_err_set(err, "intent: not JSON (%s)", e.text);
    if (!json_is_object(j)) {
        st_err_set(err, "intent: must be a JSON object");
        goto done;
    }

    v = json_object_get(j, "kind");
    const char *kind = json_string_value(v);
    if (kind == NULL) {
        st_err_set(err, "kind: missing (transfer or token_transfer)");
        goto done;
    }
    if (strcmp(kind, "transfer") == 0)
        in->kind = SOL_INTENT_TRANSFER;
    else if (strcmp(kind, "token_transfer") == 0)
        in->kind = SOL_INTENT_TOKEN_TRANSFER;
    else {
        st_err_set(err, "kind: \"%.40s\" is not supported on sol (transfer, token_transfer)", kind);
        goto done;
    }

    json_object_foreach(j, key, v)
    {
        int known = 0;
        for (size_t i = 0; common[i]; i++)
            known |= strcmp(key, common[i]) == 0;
        for (size_t i = 0; token_only[i]; i++)
            if (strcmp(key, token_only[i]) == 0) {
                if (in->kind != SOL_INTENT_TOKEN_TRANSFER) {
                    st_err_set(err, "%s: only for kind token_transfer", key);
                    goto done;
                }
                known = 1;
            }
        if (!known) {
            st_err_set(err, "%.60s: unknown intent field for sol %s", key, kind);
            goto done;
        }
    }

    v = json_object_get(j, "chain");
    if (v != NULL && !(json_is_string(v) && strcmp(json_string_value(v), "sol") == 0)) {
        st_err_set(err, "chain: this is the sol plugin");
        goto done;
    }

    v = json_object_get(j, "to");
    if (v == NULL) {
        st_err_set(err, "to: missing");
        goto done;
    }
    if (sol_key_parse(json_string_value(v), "to", in->to, err) != 0)
        goto done;

    unsigned decimals = LAMPORTS_DECIMALS;
    if (in->kind == SOL_INTENT_TRANSFER) {
        v = json_object_get(j, "asset");
        if (v != NULL && !(json_is_string(v) && strcmp(json_string_value(v), "SOL") == 0)) {
            st_err_set(err, "asset: a transfer moves SOL; use kind token_transfer for tokens");
            goto done;
        }
    } else {
        if (parse_asset(json_object_get(j, "asset"), o, &in->token, err) != 0)
            goto done;
        decimals = in->token.decimals;
        if (get_bool(j, "create_ata", &in->create_ata, err) != 0 ||
            get_bool(j, "allow_owner_off_curve", &in->allow_owner_off_curve, err) != 0)
            goto done;
        if (!in->allow_owner_off_curve) {
            int on = sol_on_curve(in->to);
            if (on < 0) {
                st_err_set(err, "to: out of memory in the curve check");
                goto done;
            }
            if (on == 0) {
                st_err_set(err, "to: not a wallet address (off the ed25519 curve: a token account or a program "
                                "address?); set allow_owner_off_curve to send to a program-owned wallet");
                goto done;
            }
        }
    }

    v = json_object_get(j, "amount");
    if (v == NULL) {
        st_err_set(err, "amount: missing");
        goto done;
    }
    if (!json_is_string(v)) {
        st_err_set(err, "amount: must be a decimal string such as \"0.5\", not a JSON number");
        goto done;
    }
    st_err inner = {0};
    if (decimal_to_u64(json_string_value(v), decimals, &in->amount, &inner) != 0) {
        st_err_set(err, "amount: %s", inner.msg);
        goto done;
    }
    if (in->amount == 0) {
        st_err_set(err, "amount: must be greater than 0");
        goto done;
    }
    rc = 0;
done:
    json_decref(j);
    return rc;
}
