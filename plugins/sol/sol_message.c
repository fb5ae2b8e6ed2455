/* sol_message.c: see sol_message.h. */
#include "sol_message.h"

#include <string.h>

#include "sol_shortvec.h"

/* ---- compilation ---------------------------------------------------------------------- */

/* The keys in first-appearance order with their OR-ed flags (rule 1 and 2). */
struct key_table {
    uint8_t keys[SOL_MAX_KEYS][32];
    int signer[SOL_MAX_KEYS];
    int writable[SOL_MAX_KEYS];
    size_t n;
};

/* Index of key in t, appending it with no flags when absent; -1 when the table is full. */
static int key_table_get(struct key_table *t, const uint8_t key[32])
{
    for (size_t i = 0; i < t->n; i++)
        if (memcmp(t->keys[i], key, 32) == 0)
            return (int)i;
    if (t->n == SOL_MAX_KEYS)
        return -1;
    memcpy(t->keys[t->n], key, 32);
    t->signer[t->n] = 0;
    t->writable[t->n] = 0;
    return (int)t->n++;
}

static int find_key(const struct sol_message *m, const uint8_t key[32])
{
    for (size_t i = 0; i < m->nkeys; i++)
        if (memcmp(m->keys[i], key, 32) == 0)
            return (int)i;
    return -1;
}

int sol_message_compile(const uint8_t payer[32], const struct sol_instruction *ixs, size_t nix,
                        const uint8_t blockhash[32], struct sol_message *m, st_err *err)
{
    struct key_table t;
    memset(&t, 0, sizeof t);
    memset(m, 0, sizeof *m);
    if (nix == 0)
        return st_err_set(err, "message: no instruction");
    if (nix > SOL_MAX_INSTRUCTIONS)
        return st_err_set(err, "message: %zu instructions (at most %d)", nix, SOL_MAX_INSTRUCTIONS);

    int p = key_table_get(&t, payer);
    t.signer[p] = t.writable[p] = 1;
    for (size_t i = 0; i < nix; i++) {
        const struct sol_instruction *ix = &ixs[i];
        if (ix->naccounts > SOL_MAX_IX_ACCOUNTS || ix->data_len > SOL_MAX_IX_DATA)
            return st_err_set(err, "message: instruction %zu has too many accounts or too much data", i);
        /* The program id enters before the instruction's accounts, as in web3.js. */
        if (key_table_get(&t, ix->program_id) < 0)
            return st_err_set(err, "message: more than %d distinct accounts", SOL_MAX_KEYS);
        for (size_t a = 0; a < ix->naccounts; a++) {
            int k = key_table_get(&t, ix->accounts[a].pubkey);
            if (k < 0)
                return st_err_set(err, "message: more than %d distinct accounts", SOL_MAX_KEYS);
            t.signer[k] |= ix->accounts[a].is_signer != 0;
            t.writable[k] |= ix->accounts[a].is_writable != 0;
        }
    }

    /* Rule 3: the four classes in order, each keeping first-appearance order. The payer is
     * key 0 of the table and a writable signer, so it lands first. */
    static const int classes[4][2] = {{1, 1}, {1, 0}, {0, 1}, {0, 0}}; /* {signer, writable} */
    size_t counts[4] = {0};
    for (int c = 0; c < 4; c++)
        for (size_t i = 0; i < t.n; i++)
            if (t.signer[i] == classes[c][0] && t.writable[i] == classes[c][1]) {
                memcpy(m->keys[m->nkeys++], t.keys[i], 32);
                counts[c]++;
            }
    m->num_required_signatures = (uint8_t)(counts[0] + counts[1]);
    m->num_readonly_signed = (uint8_t)counts[1];
    m->num_readonly_unsigned = (uint8_t)counts[3];
    memcpy(m->blockhash, blockhash, 32);

    for (size_t i = 0; i < nix; i++) {
        const struct sol_instruction *ix = &ixs[i];
        struct sol_compiled_ix *c = &m->ix[i];
        int prog = find_key(m, ix->program_id);
        if (prog == 0)
            return st_err_set(err, "message: instruction %zu: the program id is the fee payer", i);
        c->program_index = (uint8_t)prog;
        for (size_t a = 0; a < ix->naccounts; a++)
            c->accounts[a] = (uint8_t)find_key(m, ix->accounts[a].pubkey);
        c->naccounts = ix->naccounts;
        if (ix->data_len > 0)
            memcpy(c->data, ix->data, ix->data_len);
        c->data_len = ix->data_len;
    }
    m->nix = nix;
    return 0;
}

/* ---- serialisation -------------------------------------------------------------------- */

struct writer {
    uint8_t *out;
    size_t cap, len;
    int overflow;
};

static void put(struct writer *w, const uint8_t *p, size_t n)
{
    if (w->overflow || n > w->cap - w->len) {
        w->overflow = 1;
        return;
    }
    if (n > 0)
        memcpy(w->out + w->len, p, n);
    w->len += n;
}

static void put_byte(struct writer *w, uint8_t b) { put(w, &b, 1); }

static void put_shortvec(struct writer *w, size_t v)
{
    uint8_t buf[SOL_SHORTVEC_MAX];
    put(w, buf, sol_shortvec_encode((uint16_t)v, buf));
}

int sol_message_serialize(const struct sol_message *m, uint8_t *out, size_t cap, size_t *len, st_err *err)
{
    struct writer w = {out, cap, 0, 0};
    put_byte(&w, m->num_required_signatures);
    put_byte(&w, m->num_readonly_signed);
    put_byte(&w, m->num_readonly_unsigned);
    put_shortvec(&w, m->nkeys);
    for (size_t i = 0; i < m->nkeys; i++)
        put(&w, m->keys[i], 32);
    put(&w, m->blockhash, 32);
    put_shortvec(&w, m->nix);
    for (size_t i = 0; i < m->nix; i++) {
        const struct sol_compiled_ix *c = &m->ix[i];
        put_byte(&w, c->program_index);
        put_shortvec(&w, c->naccounts);
        put(&w, c->accounts, c->naccounts);
        put_shortvec(&w, c->data_len);
        put(&w, c->data, c->data_len);
    }
    if (w.overflow)
        return st_err_set(err, "message: does not fit in %zu bytes", cap);
    *len = w.len;
    return 0;
}

/* ---- parsing -------------------------------------------------------------------------- */

struct reader {
    const uint8_t *in;
    size_t len, pos;
};

static int get(struct reader *r, uint8_t *out, size_t n)
{
    if (n > r->len - r->pos)
        return -1;
    if (n > 0)
        memcpy(out, r->in + r->pos, n);
    r->pos += n;
    return 0;
}

static int get_shortvec(struct reader *r, size_t *v)
{
    uint16_t x;
    size_t used = sol_shortvec_decode(r->in + r->pos, r->len - r->pos, &x);
    if (used == 0)
        return -1;
    r->pos += used;
    *v = x;
    return 0;
}

int sol_message_parse(const uint8_t *in, size_t len, struct sol_message *m, st_err *err)
{
    struct reader r = {in, len, 0};
    uint8_t header[3];
    size_t n;
    memset(m, 0, sizeof *m);
    if (get(&r, header, 3) != 0)
        return st_err_set(err, "message: truncated header");
    if (header[0] & 0x80)
        return st_err_set(err, "message: a versioned message (version %u), not a legacy one", header[0] & 0x7f);
    m->num_required_signatures = header[0];
    m->num_readonly_signed = header[1];
    m->num_readonly_unsigned = header[2];
    if (get_shortvec(&r, &n) != 0)
        return st_err_set(err, "message: bad account count");
    if (n > SOL_MAX_KEYS)
        return st_err_set(err, "message: %zu accounts (steward handles at most %d)", n, SOL_MAX_KEYS);
    for (size_t i = 0; i < n; i++)
        if (get(&r, m->keys[i], 32) != 0)
            return st_err_set(err, "message: truncated account keys");
    m->nkeys = n;
    if (get(&r, m->blockhash, 32) != 0)
        return st_err_set(err, "message: truncated recent blockhash");
    if (get_shortvec(&r, &n) != 0)
        return st_err_set(err, "message: bad instruction count");
    if (n > SOL_MAX_INSTRUCTIONS)
        return st_err_set(err, "message: %zu instructions (steward handles at most %d)", n, SOL_MAX_INSTRUCTIONS);
    for (size_t i = 0; i < n; i++) {
        struct sol_compiled_ix *c = &m->ix[i];
        size_t k;
        if (get(&r, &c->program_index, 1) != 0 || get_shortvec(&r, &k) != 0)
            return st_err_set(err, "message: instruction %zu truncated", i);
        if (k > SOL_MAX_IX_ACCOUNTS)
            return st_err_set(err, "message: instruction %zu has %zu accounts (at most %d)", i, k, SOL_MAX_IX_ACCOUNTS);
        if (get(&r, c->accounts, k) != 0)
            return st_err_set(err, "message: instruction %zu truncated", i);
        c->naccounts = k;
        if (get_shortvec(&r, &k) != 0)
            return st_err_set(err, "message: instruction %zu truncated", i);
        if (k > SOL_MAX_IX_DATA)
            return st_err_set(err, "message: instruction %zu has %zu data bytes (at most %d)", i, k, SOL_MAX_IX_DATA);
        if (get(&r, c->data, k) != 0)
            return st_err_set(err, "message: instruction %zu truncated", i);
        c->data_len = k;
    }
    m->nix = n;
    if (r.pos != len)
        return st_err_set(err, "message: %zu trailing bytes", len - r.pos);

    /* The runtime's sanitisation. */
    if (m->num_required_signatures == 0)
        return st_err_set(err, "message: no signer");
    if ((size_t)m->num_required_signatures + m->num_readonly_unsigned > m->nkeys)
        return st_err_set(err, "message: header counts exceed the %zu accounts", m->nkeys);
    if (m->num_readonly_signed >= m->num_required_signatures)
        return st_err_set(err, "message: no writable signer to pay the fee");
    for (size_t i = 0; i < m->nkeys; i++)
        for (size_t j = i + 1; j < m->nkeys; j++)
            if (memcmp(m->keys[i], m->keys[j], 32) == 0)
                return st_err_set(err, "message: account %zu repeats account %zu", j, i);
    for (size_t i = 0; i < m->nix; i++) {
        const struct sol_compiled_ix *c = &m->ix[i];
        if (c->program_index == 0 || c->program_index >= m->nkeys)
            return st_err_set(err, "message: instruction %zu: bad program index %u", i, c->program_index);
        for (size_t a = 0; a < c->naccounts; a++)
            if (c->accounts[a] >= m->nkeys)
                return st_err_set(err, "message: instruction %zu: account index %u out of range", i, c->accounts[a]);
    }
    return 0;
}

int sol_message_is_signer(const struct sol_message *m, size_t i) { return i < m->num_required_signatures; }

int sol_message_is_writable(const struct sol_message *m, size_t i)
{
    size_t nsig = m->num_required_signatures;
    if (i < nsig)
        return i < nsig - m->num_readonly_signed;
    return i < m->nkeys - m->num_readonly_unsigned;
}
