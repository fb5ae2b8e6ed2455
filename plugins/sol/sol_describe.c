/* sol_describe.c: sol_tx_describe (sol_tx.h), the description the policy engine and the
 * audit log see.
 *
 *   to          the recipient wallet (for tokens: the owner, not the token account)
 *   asset       "SOL", the configured token symbol, or the mint's base58 when unnamed
 *   amount      base units (lamports or the token's smallest unit), decimal string
 *   decimals    9 for SOL, the token's decimals otherwise
 *   fee_max     lamports the sender can lose besides the amount: 5000 per signature, plus
 *               the rent-exempt minimum of the destination token account when the message
 *               creates it (that SOL moves into the new account and only its owner can
 *               reclaim it)
 *   digests     signatures the message needs (1)
 *   summary     one line
 * and, for the record: fee (the signature fees alone), cluster, recent_blockhash,
 * last_valid_block_height, and for tokens mint, token_program, source_token_account,
 * destination_token_account, create_ata, ata_rent. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sol_key.h"
#include "sol_options.h"
#include "sol_tx.h"
#include "util/decimal.h"

static json_t *u64_text(uint64_t v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
    return json_string(buf);
}

static json_t *key_text(const uint8_t key[32])
{
    char buf[SOL_ADDR_MAX];
    sol_key_format(key, buf, sizeof buf);
    return json_string(buf);
}

char *sol_tx_describe(const struct stw_tx *tx, const char *cluster)
{
    const struct sol_intent *in = &tx->intent;
    char to[SOL_ADDR_MAX], asset[SOL_ADDR_MAX], shown[DECIMAL_MAX_TEXT], rent[DECIMAL_MAX_TEXT], summary[512];
    unsigned decimals = 9;
    sol_key_format(in->to, to, sizeof to);
    if (in->kind == SOL_INTENT_TRANSFER) {
        snprintf(asset, sizeof asset, "SOL");
    } else {
        decimals = in->token.decimals;
        if (in->token.symbol[0])
            snprintf(asset, sizeof asset, "%s", in->token.symbol);
        else
            sol_key_format(in->token.mint, asset, sizeof asset);
    }
    u64_to_decimal(in->amount, decimals, shown, sizeof shown);

    json_t *d = json_object();
    json_object_set_new(d, "to", json_string(to));
    json_object_set_new(d, "asset", json_string(asset));
    json_object_set_new(d, "amount", u64_text(in->amount));
    json_object_set_new(d, "decimals", json_integer(decimals));
    json_object_set_new(d, "fee_max", u64_text(tx->fee_max));
    json_object_set_new(d, "fee", u64_text((uint64_t)SOL_LAMPORTS_PER_SIGNATURE * tx->nsigs));
    json_object_set_new(d, "digests", json_integer((json_int_t)tx->nsigs));
    json_object_set_new(d, "cluster", json_string(cluster));
    json_object_set_new(d, "recent_blockhash", key_text(tx->blockhash));
    json_object_set_new(d, "last_valid_block_height", json_integer((json_int_t)tx->last_valid_height));

    if (in->kind == SOL_INTENT_TRANSFER) {
        snprintf(summary, sizeof summary, "transfer %s SOL to %s on %s", shown, to, cluster);
    } else {
        char mint[SOL_ADDR_MAX], dest[SOL_ADDR_MAX];
        sol_key_format(in->token.mint, mint, sizeof mint);
        sol_key_format(tx->dest_ata, dest, sizeof dest);
        json_object_set_new(d, "mint", json_string(mint));
        json_object_set_new(d, "token_program", json_string(in->token.token_2022 ? "token-2022" : "token"));
        json_object_set_new(d, "source_token_account", key_text(tx->source_ata));
        json_object_set_new(d, "destination_token_account", json_string(dest));
        json_object_set_new(d, "create_ata", json_boolean(tx->creates_ata));
        if (tx->creates_ata) {
            json_object_set_new(d, "ata_rent", u64_text(tx->ata_rent));
            u64_to_decimal(tx->ata_rent, 9, rent, sizeof rent);
        }
        snprintf(summary, sizeof summary, "token transfer %s %s (mint %s) to %s (token account %s%s%s%s) on %s",
                 shown, asset, mint, to, dest, tx->creates_ata ? ", created if missing for up to " : "",
                 tx->creates_ata ? rent : "", tx->creates_ata ? " SOL rent" : "", cluster);
    }
    json_object_set_new(d, "summary", json_string(summary));
    char *text = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(d);
    return text;
}
