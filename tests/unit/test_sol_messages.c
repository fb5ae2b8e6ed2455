/* test_sol_messages.c: legacy message compilation compared byte for byte with
 * @solana/web3.js 1.98.0 (TransactionMessage.compileToLegacyMessage().serialize(), over
 * SystemProgram.transfer and @solana/spl-token 0.4.8's CreateIdempotent / TransferChecked
 * builders), read from tests/vectors/sol_messages.json; then the message parser's
 * sanitisation and the ordering rules on hand-made instruction lists. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sol_instructions.h"
#include "sol_key.h"
#include "sol_message.h"
#include "sol_tx.h"
#include "util/decimal.h"
#include "util/hex.h"

static void key(json_t *o, const char *field, uint8_t out[32])
{
    CHECK(sol_key_parse(json_string_value(json_object_get(o, field)), field, out, NULL) == 0);
}

static uint64_t u64_field(json_t *o, const char *field)
{
    uint8_t u[32];
    uint64_t v = 0;
    CHECK(units_from_string(json_string_value(json_object_get(o, field)), u) == 0);
    CHECK(units_to_u64(u, &v) == 0);
    return v;
}

/* The message must equal the vector, and parse back to itself. */
static void check_message(const struct stw_tx *tx, json_t *c)
{
    const char *label = json_string_value(json_object_get(c, "label"));
    uint8_t want[SOL_PACKET_DATA_SIZE];
    size_t wlen = 0;
    CHECK(hex_decode_any(want, sizeof want, &wlen, json_string_value(json_object_get(c, "message"))) == 0);
    CHECK(tx->msg_len == wlen);
    if (tx->msg_len != wlen || memcmp(tx->msg_bytes, want, wlen) != 0) {
        fprintf(stderr, "message differs from web3.js for \"%s\"\n", label);
        CHECK(0);
    }
    struct sol_message m;
    uint8_t again[SOL_PACKET_DATA_SIZE];
    size_t alen = 0;
    CHECK(sol_message_parse(want, wlen, &m, NULL) == 0);
    CHECK(sol_message_serialize(&m, again, sizeof again, &alen, NULL) == 0);
    CHECK(alen == wlen && memcmp(again, want, wlen) == 0);
    /* One signer, the fee payer, writable, first. */
    CHECK(m.num_required_signatures == 1 && m.num_readonly_signed == 0);
    CHECK(memcmp(m.keys[0], tx->payer, 32) == 0);
    CHECK(sol_message_is_signer(&m, 0) && sol_message_is_writable(&m, 0));
    CHECK(tx->nsigs == 1);
    CHECK(tx->fee_max == 5000 + tx->ata_rent);
}

static void test_system(json_t *v)
{
    json_t *c;
    size_t i;
    json_array_foreach(json_object_get(v, "system_transfers"), i, c)
    {
        struct sol_intent in;
        struct stw_tx *tx = calloc(1, sizeof *tx);
        uint8_t from[32], bh[32];
        memset(&in, 0, sizeof in);
        in.kind = SOL_INTENT_TRANSFER;
        key(c, "from", from);
        key(c, "to", in.to);
        key(c, "blockhash", bh);
        in.amount = u64_field(c, "lamports");
        CHECK(sol_tx_build_transfer(from, &in, bh, 1234, tx, NULL) == 0);
        check_message(tx, c);
        /* The data of the transfer: u32 LE 2, then u64 LE lamports, in the last 12 bytes. */
        uint8_t data[12] = {2, 0, 0, 0};
        for (int b = 0; b < 8; b++)
            data[4 + b] = (uint8_t)(in.amount >> (8 * b));
        CHECK(memcmp(tx->msg_bytes + tx->msg_len - 12, data, 12) == 0);
        free(tx);
    }
    CHECK(i >= 5);
}

static void test_tokens(json_t *v)
{
    json_t *c;
    size_t i;
    json_array_foreach(json_object_get(v, "token_transfers"), i, c)
    {
        struct sol_intent in;
        struct stw_tx *tx = calloc(1, sizeof *tx);
        uint8_t from[32], bh[32], src[32], dst[32];
        memset(&in, 0, sizeof in);
        in.kind = SOL_INTENT_TOKEN_TRANSFER;
        key(c, "from", from);
        key(c, "to", in.to);
        key(c, "blockhash", bh);
        key(c, "mint", in.token.mint);
        key(c, "source_ata", src);
        key(c, "destination_ata", dst);
        in.amount = u64_field(c, "amount");
        in.token.decimals = (unsigned)json_integer_value(json_object_get(c, "decimals"));
        in.token.token_2022 = strcmp(json_string_value(json_object_get(c, "program")), "token-2022") == 0;
        int create = json_is_true(json_object_get(c, "create_ata"));
        CHECK(sol_tx_build_token_transfer(from, &in, bh, 99, create, create ? 2039280 : 0, tx, NULL) == 0);
        CHECK_MEM(tx->source_ata, src, 32);
        CHECK_MEM(tx->dest_ata, dst, 32);
        CHECK(tx->creates_ata == create);
        CHECK(tx->ata_rent == (create ? 2039280u : 0u));
        check_message(tx, c);
        free(tx);
    }
    CHECK(i >= 5);
}

/* Ordering rules on a hand-made instruction list: first appearance order within each class,
 * flags OR-ed over mentions, the payer first even when it appears late. */
static void test_ordering(void)
{
    uint8_t k[8][32], bh[32] = {0};
    for (int i = 0; i < 8; i++)
        memset(k[i], 0x10 + i, 32);
    struct sol_instruction ix[2];
    memset(ix, 0, sizeof ix);
    /* ix0: program k7, accounts k3 (ro), k2 (w), k4 (signer ro), k1 (w) */
    memcpy(ix[0].program_id, k[7], 32);
    struct sol_account_meta a0[] = {{{0}, 0, 0}, {{0}, 0, 1}, {{0}, 1, 0}, {{0}, 0, 1}};
    int ord0[] = {3, 2, 4, 1};
    for (int i = 0; i < 4; i++) {
        ix[0].accounts[i] = a0[i];
        memcpy(ix[0].accounts[i].pubkey, k[ord0[i]], 32);
    }
    ix[0].naccounts = 4;
    /* ix1: program k6, accounts k3 (w: upgrades k3), k5 (signer w), k0 (the payer, ro) */
    memcpy(ix[1].program_id, k[6], 32);
    struct sol_account_meta a1[] = {{{0}, 0, 1}, {{0}, 1, 1}, {{0}, 0, 0}};
    int ord1[] = {3, 5, 0};
    for (int i = 0; i < 3; i++) {
        ix[1].accounts[i] = a1[i];
        memcpy(ix[1].accounts[i].pubkey, k[ord1[i]], 32);
    }
    ix[1].naccounts = 3;
    ix[1].data_len = 2;
    ix[1].data[0] = 0xde;
    ix[1].data[1] = 0xad;

    struct sol_message m;
    CHECK(sol_message_compile(k[0], ix, 2, bh, &m, NULL) == 0);
    /* writable signers: k0 (payer), k5; readonly signers: k4; writable: k3, k2, k1;
     * readonly: k7, k6 */
    int want[] = {0, 5, 4, 3, 2, 1, 7, 6};
    CHECK(m.nkeys == 8);
    for (int i = 0; i < 8; i++)
        CHECK(m.keys[i][0] == 0x10 + want[i]);
    CHECK(m.num_required_signatures == 3 && m.num_readonly_signed == 1 && m.num_readonly_unsigned == 2);
    CHECK(m.ix[0].program_index == 6 && m.ix[1].program_index == 7);
    uint8_t acc0[] = {3, 4, 2, 5}, acc1[] = {3, 1, 0};
    CHECK(m.ix[0].naccounts == 4 && memcmp(m.ix[0].accounts, acc0, 4) == 0);
    CHECK(m.ix[1].naccounts == 3 && memcmp(m.ix[1].accounts, acc1, 3) == 0);
    CHECK(sol_message_is_signer(&m, 2) && !sol_message_is_writable(&m, 2));
    CHECK(!sol_message_is_signer(&m, 5) && sol_message_is_writable(&m, 5));
    CHECK(!sol_message_is_writable(&m, 6));

    /* The serialised form parses back to the same message. */
    uint8_t buf[1024];
    size_t len = 0;
    struct sol_message back;
    CHECK(sol_message_serialize(&m, buf, sizeof buf, &len, NULL) == 0);
    CHECK(len == 3 + 1 + 8 * 32 + 32 + 1 + (1 + 1 + 4 + 1) + (1 + 1 + 3 + 1 + 2));
    CHECK(sol_message_parse(buf, len, &back, NULL) == 0);
    CHECK(back.nkeys == 8 && back.nix == 2 && back.ix[1].data_len == 2 && back.ix[1].data[1] == 0xad);
    CHECK(sol_message_serialize(&m, buf, len - 1, &len, NULL) == -1); /* too small a buffer */

    /* Refusals: the payer as a program, no instruction, too many. */
    st_err e = {0};
    memcpy(ix[1].program_id, k[0], 32);
    CHECK(sol_message_compile(k[0], ix, 2, bh, &m, &e) == -1);
    CHECK(strstr(e.msg, "fee payer") != NULL);
    CHECK(sol_message_compile(k[0], ix, 0, bh, &m, NULL) == -1);
    CHECK(sol_message_compile(k[0], ix, SOL_MAX_INSTRUCTIONS + 1, bh, &m, NULL) == -1);
}

/* The parser refuses what the runtime's sanitisation refuses. Start from a valid system
 * transfer message and break one thing at a time. */
static void test_parse_refusals(json_t *v)
{
    json_t *c = json_array_get(json_object_get(v, "system_transfers"), 0);
    uint8_t good[512], b[520];
    size_t n = 0;
    struct sol_message m;
    CHECK(hex_decode_any(good, sizeof good, &n, json_string_value(json_object_get(c, "message"))) == 0);
    CHECK(sol_message_parse(good, n, &m, NULL) == 0);
    /* Layout: header 0..2, count 3, keys 4..99 (3 keys), blockhash 100..131, #ix 132,
     * program index 133, #accounts 134, accounts 135..136, #data 137, data 138..149. */
    CHECK(n == 150 && good[3] == 3 && good[132] == 1);
    struct {
        const char *what;
        size_t at;
        uint8_t value;
        int delta; /* length change */
    } cases[] = {
        {"versioned", 0, 0x80, 0},
        {"no signer", 0, 0, 0},
        {"readonly signer only", 1, 1, 0},
        {"readonly unsigned too many", 2, 3, 0},
        {"program index 0 (payer)", 133, 0, 0},
        {"program index out of range", 133, 3, 0},
        {"account index out of range", 136, 3, 0},
        {"data length too long", 137, 13, 0},
        {"trailing byte", 150, 0, 1},
        {"truncated", 149, 0, -1},
        {"duplicate key", 36, 0, 0}, /* key 1 is overwritten with key 0 below */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        memcpy(b, good, n);
        size_t len = (size_t)((long)n + cases[i].delta);
        if (strcmp(cases[i].what, "duplicate key") == 0)
            memcpy(b + 4 + 32, b + 4, 32); /* key 1 = key 0 */
        else if (cases[i].delta <= 0)
            b[cases[i].at] = cases[i].value;
        else
            b[n] = 0;
        st_err e = {0};
        if (sol_message_parse(b, len, &m, &e) != -1) {
            fprintf(stderr, "parse accepted: %s\n", cases[i].what);
            CHECK(0);
        } else {
            CHECK(e.set && strncmp(e.msg, "message:", 8) == 0);
        }
    }
}

int main(void)
{
    json_t *v = check_load_vectors("sol_messages.json");
    test_system(v);
    test_tokens(v);
    test_ordering();
    test_parse_refusals(v);
    json_decref(v);
    return check_summary();
}
