/* steward sign | send: one intent, end to end.
 *
 *   read the intent → plugin builds the unsigned transaction → plugin describes it → the host
 *   checks the description against the intent (the amount must be exactly the intent's) →
 *   the request is recorded durably in the audit log → a one-shot capability for the
 *   described number of signatures → the plugin signs through it → the capability is revoked
 *   → assemble → (send: broadcast) → the outcome is recorded.
 *
 * The policy engine (limits, allowlists, rates; issue #4) plugs in between the description
 * and the audit record of the request. Off-chain messages (intent kinds "message" and
 * "typed_data") take the plugin's sign_message path with a one-signature capability. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_session.h"
#include "util/decimal.h"
#include "util/fsutil.h"

#include <time.h>

#define INTENT_MAX (1u << 20)

static json_t *read_intent(const char *cmd, const char *src)
{
    json_error_t je;
    json_t *j = strcmp(src, "-") == 0 ? json_loadf(stdin, 0, &je) : json_load_file(src, 0, &je);
    if (j == NULL) {
        cli_fail(cmd, "%s:%d:%d: the intent is not JSON: %s", strcmp(src, "-") == 0 ? "<stdin>" : src, je.line,
                 je.column, je.text);
        return NULL;
    }
    if (!json_is_object(j)) {
        cli_fail(cmd, "%s: the intent must be a JSON object", src);
        json_decref(j);
        return NULL;
    }
    return j;
}

/* The host's own check of a plugin's description: well-formed, a sane number of digests,
 * and — for intents that carry an amount — exactly the intent's amount. */
static int check_description(const json_t *intent, json_t *desc, uint32_t *digests, st_err *err)
{
    json_t *d = json_object_get(desc, "digests"), *amount = json_object_get(desc, "amount"),
           *dec = json_object_get(desc, "decimals");
    if (!json_is_integer(d) || json_integer_value(d) < 1 || json_integer_value(d) > 64)
        return st_err_set(err, "the plugin's description has no valid \"digests\" (1..64)");
    *digests = (uint32_t)json_integer_value(d);
    const char *want = json_string_value(json_object_get(intent, "amount"));
    if (want == NULL)
        return 0;
    if (!json_is_string(amount) || !json_is_integer(dec) || json_integer_value(dec) < 0 || json_integer_value(dec) > 77)
        return st_err_set(err, "the plugin's description lacks amount/decimals");
    uint8_t a[32], b[32];
    if (decimal_to_units(want, (unsigned)json_integer_value(dec), a, err) != 0)
        return st_err_wrap(err, "intent amount");
    if (units_from_string(json_string_value(amount), b) != 0 || memcmp(a, b, 32) != 0)
        return st_err_set(err, "the plugin describes amount %s (base units) but the intent asks for %s",
                          json_string_value(amount), want);
    return 0;
}

static void print_json(json_t *j)
{
    char *t = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    puts(t);
    free(t);
}

static int is_message_kind(const char *kind)
{
    return kind && (strcmp(kind, "message") == 0 || strcmp(kind, "typed_data") == 0);
}

static int run_intent(const char *cmd, int broadcast, struct session *s, struct loaded_plugin *lp, const char *tenant,
                      uint32_t index, json_t *intent)
{
    st_err err = {0};
    char perr[STW_ERR_MAX] = "";
    struct session_account a;
    struct stw_tx *tx = NULL;
    struct stw_sign_cap *cap = NULL;
    char *desc_text = NULL, *raw = NULL, *txid = NULL, *sent_txid = NULL, *sig_json = NULL;
    json_t *desc = NULL, *out = NULL;
    int64_t req_seq = 0, reservation = 0;
    int signed_any = 0;
    int rc = EXIT_RUNTIME;
    char *intent_text = json_dumps(intent, JSON_COMPACT | JSON_SORT_KEYS);
    const char *kind = json_string_value(json_object_get(intent, "kind"));

    if (session_account(s, lp, tenant, index, &a, &err) != 0)
        goto fail;
    if (is_message_kind(kind)) {
        if (broadcast) {
            st_err_set(&err, "a %s is signed, not sent: use steward sign", kind);
            rc = EXIT_USAGE;
            goto fail;
        }
        int paused = 0;
        if (policy_paused(s->store, &paused, &err) != 0)
            goto fail;
        if (paused) {
            st_err_set(&err, "signing is paused (steward resume lifts it)");
            goto fail;
        }
        if (lp->p->sign_message == NULL) {
            st_err_set(&err, "chains.%s: the plugin signs no off-chain messages", lp->chain->name);
            goto fail;
        }
        if (session_audit(s, "message.request", tenant, lp->chain->name,
                          json_pack("{s:s, s:s, s:o}", "from", a.address, "path", a.path, "intent",
                                    json_loads(intent_text, 0, NULL)),
                          &req_seq, &err) != 0 ||
            signer_issue(s->signer, lp->chain->name, &a.acct, lp->p->scheme, 1, req_seq, &cap, &err) != 0)
            goto fail;
        int r = lp->p->sign_message(lp->state, &a.acct, intent_text, cap, &sig_json, perr);
        signer_revoke(s->signer, cap);
        cap = NULL;
        if (r != 0) {
            st_err_set(&err, "chains.%s: %s", lp->chain->name, perr);
            goto fail;
        }
        json_t *sig = json_loads(sig_json, 0, NULL);
        out = json_pack("{s:s, s:s, s:s, s:s, s:I, s:o}", "chain", lp->chain->name, "tenant", tenant, "from", a.address,
                        "kind", kind, "request_seq", (json_int_t)req_seq, "signature", sig ? sig : json_null());
        print_json(out);
        rc = EXIT_OK;
        goto done;
    }

    if (lp->p->build(lp->state, &a.acct, intent_text, &tx, perr) != 0) {
        st_err_set(&err, "chains.%s: cannot build the transaction: %s", lp->chain->name, perr);
        goto fail;
    }
    if (lp->p->describe(lp->state, tx, &desc_text, perr) != 0) {
        st_err_set(&err, "chains.%s: cannot describe the transaction: %s", lp->chain->name, perr);
        goto fail;
    }
    desc = json_loads(desc_text, 0, NULL);
    uint32_t digests = 0;
    if (!json_is_object(desc)) {
        st_err_set(&err, "chains.%s: the description is not a JSON object", lp->chain->name);
        goto fail;
    }
    if (check_description(intent, desc, &digests, &err) != 0) {
        st_err_wrap(&err, "chains.%s: refused", lp->chain->name);
        goto fail;
    }
    /* The policy engine decides and reserves in one durable step (limits, lists, rates, the
     * kill switch); a denial is audited there and reported with the rule that decided. */
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    struct policy_request preq = {
        tenant, NULL, lp->chain->name, json_string_value(json_object_get(desc, "asset")),
        json_string_value(json_object_get(desc, "to")), json_string_value(json_object_get(desc, "amount")),
        (unsigned)json_integer_value(json_object_get(desc, "decimals")),
        (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000};
    struct policy_decision dec;
    if (preq.asset == NULL || preq.to == NULL || preq.amount == NULL) {
        st_err_set(&err, "chains.%s: the description lacks asset, to or amount", lp->chain->name);
        goto fail;
    }
    if (policy_decide(s->policy, s->store, &preq, &dec, &err) != 0)
        goto fail;
    if (!dec.allowed) {
        out = json_pack("{s:b, s:s, s:s, s:s, s:s, s:I}", "denied", 1, "rule", dec.rule, "scope", dec.scope, "limit",
                        dec.limit, "used", dec.used, "audit_seq", (json_int_t)dec.audit_seq);
        print_json(out);
        st_err_set(&err, "policy denied the request: %s%s%s (limit %s, used %s)", dec.rule, *dec.scope ? " of the " : "",
                   dec.scope, *dec.limit ? dec.limit : "-", *dec.used ? dec.used : "-");
        goto fail;
    }
    reservation = dec.reservation_id;
    /* Durable before anything is signed: what was approved, for whom, from which key. */
    if (session_audit(s, "tx.request", tenant, lp->chain->name,
                      json_pack("{s:s, s:s, s:O, s:o, s:I, s:I}", "from", a.address, "path", a.path, "description", desc,
                                "intent", json_loads(intent_text, 0, NULL), "reservation", (json_int_t)reservation,
                                "policy_seq", (json_int_t)dec.audit_seq),
                      &req_seq, &err) != 0)
        goto fail;
    if (signer_issue(s->signer, lp->chain->name, &a.acct, lp->p->scheme, digests, req_seq, &cap, &err) != 0)
        goto fail;
    int r = lp->p->sign(lp->state, tx, &a.acct, cap, perr);
    uint32_t used = signer_cap_used(cap);
    signed_any = used > 0;
    signer_revoke(s->signer, cap); /* one-shot: whatever the plugin kept is now useless */
    cap = NULL;
    if (r != 0) {
        st_err_set(&err, "chains.%s: signing failed: %s", lp->chain->name, perr);
        goto fail;
    }
    if (used != digests) {
        st_err_set(&err, "chains.%s: the plugin described %u signatures but made %u", lp->chain->name, digests, used);
        goto fail;
    }
    if (lp->p->assemble(lp->state, tx, &raw, &txid, perr) != 0) {
        st_err_set(&err, "chains.%s: cannot assemble: %s", lp->chain->name, perr);
        goto fail;
    }
    if (session_audit(s, "tx.signed", tenant, lp->chain->name,
                      json_pack("{s:I, s:s, s:i}", "request_seq", (json_int_t)req_seq, "txid", txid, "signatures",
                                (int)used),
                      NULL, &err) != 0)
        goto fail;
    out = json_pack("{s:s, s:s, s:s, s:s, s:s, s:O, s:I}", "chain", lp->chain->name, "tenant", tenant, "from",
                    a.address, "raw", raw, "txid", txid, "description", desc, "request_seq", (json_int_t)req_seq);
    if (broadcast) {
        int b = lp->p->broadcast(lp->state, raw, &sent_txid, perr);
        st_err e2 = {0};
        session_audit(s, "tx.broadcast", tenant, lp->chain->name,
                      b == 0 ? json_pack("{s:I, s:s, s:s}", "request_seq", (json_int_t)req_seq, "outcome", "accepted",
                                         "txid", sent_txid)
                             : json_pack("{s:I, s:s, s:s}", "request_seq", (json_int_t)req_seq, "outcome", "refused",
                                         "error", perr),
                      NULL, &e2);
        if (b != 0) {
            st_err_set(&err, "chains.%s: broadcast refused: %s (the signed transaction was %s)", lp->chain->name, perr,
                       txid);
            goto fail;
        }
        json_object_set_new(out, "broadcast", json_pack("{s:s}", "txid", sent_txid));
    }
    print_json(out);
    rc = EXIT_OK;
    goto done;
fail:
    cli_fail(cmd, "%s", err.msg);
    /* Nothing was signed: the amount was never at risk, so its reservation is given back.
     * Once a signature exists the reservation stays, whatever happens to the broadcast. */
    if (reservation > 0 && !signed_any) {
        st_err e2 = {0};
        if (policy_release(s->store, reservation, err.msg, &e2) != 0)
            cli_fail(cmd, "could not release reservation %lld: %s", (long long)reservation, e2.msg);
    }
done:
    if (cap)
        signer_revoke(s->signer, cap);
    if (tx)
        lp->p->tx_free(lp->state, tx);
    lp->host.free(desc_text);
    lp->host.free(raw);
    lp->host.free(txid);
    lp->host.free(sent_txid);
    lp->host.free(sig_json);
    json_decref(desc);
    json_decref(out);
    free(intent_text);
    return rc;
}

static int sign_or_send(const char *cmd, int broadcast, int argc, char **argv)
{
    struct cli_opts o;
    if (cli_parse(cmd, argc, argv, OPT_CONFIG | OPT_LOG | OPT_TENANT | OPT_INDEX | OPT_CHAIN | OPT_INTENT, &o) != 0)
        return EXIT_USAGE;
    if (o.help) {
        printf("usage: steward %s [-c FILE] --intent FILE|- [--chain C] [--tenant T] [--index N]\n\n"
               "Builds the intent's transaction with the chain's plugin, checks the plugin's\n"
               "description against the intent, records the request in the audit log, signs it\n"
               "through a one-shot capability and prints JSON: chain, from, raw (hex, or base64 on\n"
               "Solana), txid, description, request_seq.%s The intent format is in docs/intents.md.\n",
               cmd, broadcast ? "\nsend then broadcasts it and adds {\"broadcast\": {\"txid\"}}; a refused\n"
                                "broadcast exits 1 and is recorded."
                              : "\nNothing is broadcast. Intents of kind \"message\" and \"typed_data\" are signed\n"
                                "off-chain (EIP-191, EIP-712).");
        return EXIT_OK;
    }
    if (o.argc || o.intent == NULL) {
        cli_fail(cmd, o.argc ? "unexpected argument" : "--intent FILE (or - for standard input) is required");
        return EXIT_USAGE;
    }
    json_t *intent = read_intent(cmd, o.intent);
    if (intent == NULL)
        return EXIT_USAGE;
    const char *chain = json_string_value(json_object_get(intent, "chain"));
    if (chain == NULL)
        chain = o.chain;
    if (chain == NULL || (o.chain && strcmp(o.chain, chain) != 0)) {
        cli_fail(cmd, chain ? "--chain %s disagrees with the intent's chain %s" : "the intent names no \"chain\"%s%s",
                 o.chain ? o.chain : "", chain ? chain : "");
        json_decref(intent);
        return EXIT_USAGE;
    }
    struct session s;
    int rc = session_open(cmd, &o, NEED_SIGNER | NEED_PLUGINS | NEED_POLICY, &s);
    if (rc == 0) {
        const char *tenant = o.tenant ? o.tenant : "default";
        struct loaded_plugin *lp = plugins_find(&s.plugins, chain);
        if (config_find_tenant(&s.cfg, tenant) == NULL) {
            cli_fail(cmd, "tenant \"%s\" is not configured in %s", tenant, s.cfg.source_path);
            rc = EXIT_USAGE;
        } else if (lp == NULL) {
            cli_fail(cmd, "chain \"%s\" is not configured in %s (chains.%s)", chain, s.cfg.source_path, chain);
            rc = EXIT_USAGE;
        } else {
            rc = run_intent(cmd, broadcast, &s, lp, tenant, (uint32_t)o.index, intent);
        }
    }
    session_close(&s);
    json_decref(intent);
    return rc;
}

int cmd_sign(int argc, char **argv)
{
    return sign_or_send("sign", 0, argc, argv);
}

int cmd_send(int argc, char **argv)
{
    return sign_or_send("send", 1, argc, argv);
}
