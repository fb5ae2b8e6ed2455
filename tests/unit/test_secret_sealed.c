/* test_secret_sealed.c: the sealed source with the keyfile and passphrase providers:
 * first boot, later boots, the file format, and everything that must be refused. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "testfs.h"
#include "secret/secret_source.h"

#define KEYFILE_LEN 82
#define PASSPHRASE_LEN 110
#define WRONG_KEY "cannot open sealed secret: wrong sealing key or the file was modified"

static char tmpdir[256];

static void path_in(char *out, size_t cap, const char *name)
{
    snprintf(out, cap, "%s/%s", tmpdir, name);
}

static struct config_secret keyfile_cfg(const char *sealed, const char *keyfile)
{
    struct config_secret c;
    memset(&c, 0, sizeof c);
    c.source = SECRET_SOURCE_SEALED;
    c.sealed.file = (char *)sealed;
    c.sealed.provider = SEALING_KEY_FILE;
    c.sealed.key_file = (char *)keyfile;
    c.sealed.create = 1; /* the configuration default */
    return c;
}

static struct config_secret passphrase_cfg(const char *sealed, const char *pp, uint32_t ops, uint32_t mib)
{
    struct config_secret c;
    memset(&c, 0, sizeof c);
    c.source = SECRET_SOURCE_SEALED;
    c.sealed.file = (char *)sealed;
    c.sealed.provider = SEALING_KEY_PASSPHRASE;
    c.sealed.create = 1; /* the configuration default */
    secbuf_copy(&c.sealed.passphrase, pp, strlen(pp), NULL);
    c.sealed.argon2_opslimit = ops;
    c.sealed.argon2_memlimit_mib = mib;
    return c;
}

/* The plaintext must not be in the file in any form: whole, as hex, or any 8-byte piece. */
static void check_no_plaintext(const char *path, const secbuf *secret)
{
    uint8_t file[512];
    size_t n = testfs_read_file(path, file, sizeof file);
    CHECK(n > 0);
    CHECK(memmem(file, n, secret->p, secret->len) == NULL);
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, secret->p, secret->len);
    CHECK(memmem(file, n, hex, 64) == NULL);
    int pieces = 0;
    for (size_t i = 0; i + 8 <= secret->len; i++)
        if (memmem(file, n, secret->p + i, 8) != NULL)
            pieces++;
    CHECK(pieces == 0);
}

/* Checks the documented layout independently: magic, version, provider, nonce, and that
 * libsodium's AEAD with the header as associated data opens it with `key`. */
static void check_layout(const char *path, uint8_t provider, const uint8_t key[32], const secbuf *secret)
{
    uint8_t file[512];
    size_t n = testfs_read_file(path, file, sizeof file);
    size_t hl = provider == 2 ? 62 : 34;
    CHECK(n == hl + 48);
    CHECK(memcmp(file, "STWSEAL1", 8) == 0);
    CHECK(file[8] == 1);
    CHECK(file[9] == provider);
    uint8_t m[32];
    unsigned long long mlen = 0;
    CHECK(crypto_aead_xchacha20poly1305_ietf_decrypt(m, &mlen, NULL, file + hl, 48, file, hl, file + hl - 24, key) ==
          0);
    CHECK(mlen == 32 && memcmp(m, secret->p, 32) == 0);
    /* Without the header as associated data it does not open. */
    CHECK(crypto_aead_xchacha20poly1305_ietf_decrypt(m, &mlen, NULL, file + hl, 48, NULL, 0, file + hl - 24, key) !=
          0);
    sodium_memzero(m, sizeof m);
}

static uint8_t rawkey[32];

static void make_keyfile(const char *path, const uint8_t key[32])
{
    testfs_write_file(path, key, 32, 0600);
}

static void test_keyfile_first_and_later_boots(void)
{
    char sealed[512], keyfile[512], folder[512];
    path_in(folder, sizeof folder, "data");
    path_in(sealed, sizeof sealed, "data/master.sealed");
    path_in(keyfile, sizeof keyfile, "sealing.key");
    randombytes_buf(rawkey, sizeof rawkey);
    make_keyfile(keyfile, rawkey);

    struct config_secret c = keyfile_cfg(sealed, keyfile);
    struct master_secret a, b;
    st_err err = {0};
    CHECK(secret_recover(&c, tmpdir, &a, &err) == 0);
    if (err.set)
        fprintf(stderr, "%s\n", err.msg);
    CHECK(a.created == 1);
    CHECK(a.is_dev == 0);
    CHECK_STR(a.source, "sealed");
    CHECK(a.root_seed.len == 32);
    CHECK(testfs_mode_of(sealed) == 0600);
    CHECK(testfs_mode_of(folder) == 0700);
    check_no_plaintext(sealed, &a.root_seed);
    check_layout(sealed, 1, rawkey, &a.root_seed);

    CHECK(secret_recover(&c, tmpdir, &b, &err) == 0);
    CHECK(b.created == 0);
    CHECK(secbuf_equal(&a.root_seed, &b.root_seed));
    master_secret_free(&b);

    /* file unset: <data_dir>/master.sealed is the default. */
    c.sealed.file = NULL;
    CHECK(secret_recover(&c, folder, &b, &err) == 0);
    CHECK(b.created == 0 && secbuf_equal(&a.root_seed, &b.root_seed));
    master_secret_free(&b);
    c.sealed.file = sealed;

    /* The same key written as 64 hex digits (with a newline) opens it too. */
    char hex[66];
    sodium_bin2hex(hex, 65, rawkey, 32);
    strcat(hex, "\n");
    testfs_write_file(keyfile, hex, 65, 0600);
    CHECK(secret_recover(&c, tmpdir, &b, &err) == 0);
    CHECK(secbuf_equal(&a.root_seed, &b.root_seed));
    master_secret_free(&b);

    /* A wrong key file: the exact error, the file untouched. */
    uint8_t before[512], after[512];
    size_t nb = testfs_read_file(sealed, before, sizeof before);
    uint8_t other[32];
    randombytes_buf(other, sizeof other);
    make_keyfile(keyfile, other);
    st_err_clear(&err);
    CHECK(secret_recover(&c, tmpdir, &b, &err) == -1);
    char want[700];
    snprintf(want, sizeof want, "%s: %s", sealed, WRONG_KEY);
    CHECK_STR(err.msg, want);
    CHECK(b.root_seed.p == NULL && b.created == 0);
    size_t na = testfs_read_file(sealed, after, sizeof after);
    CHECK(na == nb && memcmp(before, after, nb) == 0);

    /* Key file permissions are checked, and the path named. */
    make_keyfile(keyfile, rawkey);
    chmod(keyfile, 0640);
    st_err_clear(&err);
    CHECK(secret_recover(&c, tmpdir, &b, &err) == -1);
    CHECK(strstr(err.msg, keyfile) != NULL && strstr(err.msg, "group or others") != NULL);
    chmod(keyfile, 0600);

    /* A group-readable sealed file is refused as well. */
    chmod(sealed, 0640);
    st_err_clear(&err);
    CHECK(secret_recover(&c, tmpdir, &b, &err) == -1);
    CHECK(strstr(err.msg, sealed) != NULL && strstr(err.msg, "group or others") != NULL);
    chmod(sealed, 0600);

    /* A sealed file under another provider than the configured one is refused, not tried. */
    struct config_secret p = passphrase_cfg(sealed, "pw", 1, 8);
    st_err_clear(&err);
    CHECK(secret_recover(&p, tmpdir, &b, &err) == -1);
    CHECK(strstr(err.msg, "'keyfile'") != NULL && strstr(err.msg, "'passphrase'") != NULL);
    CHECK(strstr(err.msg, "no fallback") != NULL);
    secbuf_free(&p.sealed.passphrase);

    master_secret_free(&a);
}

/* Raw key files are read byte for byte: a key ending in a newline or space byte works. */
static void test_keyfile_formats(void)
{
    char sealed[512], keyfile[512];
    path_in(sealed, sizeof sealed, "formats.sealed");
    path_in(keyfile, sizeof keyfile, "formats.key");
    uint8_t key[32];
    randombytes_buf(key, sizeof key);
    key[31] = '\n';
    key[30] = ' ';
    key[0] = '\t';
    make_keyfile(keyfile, key);
    struct config_secret c = keyfile_cfg(sealed, keyfile);
    struct master_secret a, b;
    st_err err = {0};
    CHECK(secret_recover(&c, tmpdir, &a, &err) == 0);
    check_layout(sealed, 1, key, &a.root_seed);
    CHECK(secret_recover(&c, tmpdir, &b, &err) == 0);
    CHECK(secbuf_equal(&a.root_seed, &b.root_seed));
    master_secret_free(&a);
    master_secret_free(&b);

    /* Wrong sizes and 32 hex digits (a 16-byte key) are refused, naming the key file. */
    static const char *bad[] = {"0123456789abcdef0123456789abcdef", "short", ""};
    for (size_t i = 0; i < 3; i++) {
        testfs_write_file(keyfile, bad[i], strlen(bad[i]), 0600);
        st_err_clear(&err);
        CHECK(secret_recover(&c, tmpdir, &a, &err) == -1);
        CHECK(strstr(err.msg, keyfile) != NULL && strstr(err.msg, "32 raw bytes or 64 hex digits") != NULL);
    }
    uint8_t k33[33];
    randombytes_buf(k33, sizeof k33);
    k33[32] = 'x';
    testfs_write_file(keyfile, k33, 33, 0600);
    st_err_clear(&err);
    CHECK(secret_recover(&c, tmpdir, &a, &err) == -1);
    CHECK(strstr(err.msg, "32 raw bytes or 64 hex digits") != NULL);
}

/* Nothing is generated when the sealing key cannot be obtained. */
static void test_no_key_no_file(void)
{
    char sealed[512], keyfile[512];
    path_in(sealed, sizeof sealed, "nokey/master.sealed");
    path_in(keyfile, sizeof keyfile, "does-not-exist.key");
    struct config_secret c = keyfile_cfg(sealed, keyfile);
    struct master_secret a;
    st_err err = {0};
    CHECK(secret_recover(&c, tmpdir, &a, &err) == -1);
    CHECK(strstr(err.msg, keyfile) != NULL);
    CHECK(access(sealed, F_OK) != 0);
    CHECK(a.root_seed.p == NULL && a.created == 0);

    c.sealed.key_file = NULL;
    st_err_clear(&err);
    CHECK(secret_recover(&c, tmpdir, &a, &err) == -1);
    CHECK(access(sealed, F_OK) != 0);

    struct config_secret p = passphrase_cfg(sealed, "", 1, 8);
    st_err_clear(&err);
    CHECK(secret_recover(&p, tmpdir, &a, &err) == -1);
    CHECK(strstr(err.msg, "passphrase") != NULL);
    CHECK(access(sealed, F_OK) != 0);
    secbuf_free(&p.sealed.passphrase);
}

/* secret.sealed.create: false: after the first boot an absent file is an error, never a new
 * secret; an existing file still opens. */
static void test_create_false(void)
{
    char sealed[512], keyfile[512];
    path_in(sealed, sizeof sealed, "nocreate/master.sealed");
    path_in(keyfile, sizeof keyfile, "nocreate.key");
    uint8_t key[32];
    randombytes_buf(key, sizeof key);
    testfs_write_file(keyfile, key, sizeof key, 0600);
    struct config_secret c = keyfile_cfg(sealed, keyfile);
    c.sealed.create = 0;
    struct master_secret a, b;
    st_err err = {0};
    CHECK(secret_recover(&c, tmpdir, &a, &err) == -1);
    CHECK(strstr(err.msg, "secret.sealed.create is false") != NULL && strstr(err.msg, sealed) != NULL);
    CHECK(access(sealed, F_OK) != 0);
    CHECK(a.root_seed.p == NULL && a.created == 0);
    c.sealed.create = 1;
    st_err_clear(&err);
    CHECK(secret_recover(&c, tmpdir, &a, &err) == 0 && a.created == 1);
    c.sealed.create = 0;
    CHECK(secret_recover(&c, tmpdir, &b, &err) == 0 && b.created == 0);
    CHECK(secbuf_equal(&a.root_seed, &b.root_seed));
    master_secret_free(&a);
    master_secret_free(&b);
}

/* Flips every byte of a valid file in turn (two patterns); each must be refused, and never
 * with a secret. A flip after the format fields must give exactly the wrong-key error. */
static void flip_every_byte(const char *good, size_t len, const struct config_secret *cfg_in, size_t fixed_len,
                            size_t skip_lo, size_t skip_hi)
{
    uint8_t orig[512];
    CHECK(testfs_read_file(good, orig, sizeof orig) == len);
    char flipped[512];
    path_in(flipped, sizeof flipped, "flipped.sealed");
    struct config_secret c = *cfg_in;
    c.sealed.file = flipped;
    static const uint8_t patterns[] = {0x01, 0x80};
    int refused = 0, exact = 0;
    for (size_t pi = 0; pi < sizeof patterns; pi++) {
        for (size_t i = 0; i < len; i++) {
            uint8_t buf[512];
            memcpy(buf, orig, len);
            buf[i] ^= patterns[pi];
            testfs_write_file(flipped, buf, len, 0600);
            struct master_secret ms;
            st_err err = {0};
            int rc = secret_recover(&c, tmpdir, &ms, &err);
            if (rc == -1 && err.set && ms.root_seed.p == NULL && ms.created == 0)
                refused++;
            else
                fprintf(stderr, "flip at byte %zu (^0x%02x) was not refused\n", i, patterns[pi]);
            char want[700];
            snprintf(want, sizeof want, "%s: %s", flipped, WRONG_KEY);
            int expect_exact = i >= fixed_len && !(i >= skip_lo && i < skip_hi);
            if (expect_exact && strcmp(err.msg, want) == 0)
                exact++;
            else if (expect_exact)
                fprintf(stderr, "flip at byte %zu: %s\n", i, err.msg);
            /* The flipped file is never replaced by a new secret. */
            uint8_t now[512];
            int unchanged = testfs_read_file(flipped, now, sizeof now) == len && memcmp(now, buf, len) == 0;
            if (!unchanged)
                fprintf(stderr, "flip at byte %zu: the file was changed\n", i);
            CHECK(unchanged);
            master_secret_free(&ms);
        }
    }
    CHECK(refused == (int)(len * sizeof patterns));
    CHECK(exact == (int)((len - fixed_len - (skip_hi - skip_lo)) * sizeof patterns));
    unlink(flipped);
}

static void test_tampering_keyfile(void)
{
    char sealed[512], keyfile[512];
    path_in(sealed, sizeof sealed, "tamper.sealed");
    path_in(keyfile, sizeof keyfile, "tamper.key");
    make_keyfile(keyfile, rawkey);
    struct config_secret c = keyfile_cfg(sealed, keyfile);
    struct master_secret a;
    st_err err = {0};
    CHECK(secret_recover(&c, tmpdir, &a, &err) == 0);
    master_secret_free(&a);

    /* Magic, version and provider (10 bytes) give format errors; the rest the AEAD error. */
    flip_every_byte(sealed, KEYFILE_LEN, &c, 10, 0, 0);

    /* Every truncation is a format error, never the wrong-key error, never a new file. */
    uint8_t orig[512];
    testfs_read_file(sealed, orig, sizeof orig);
    char cut[512];
    path_in(cut, sizeof cut, "cut.sealed");
    c.sealed.file = cut;
    int ok = 0;
    for (size_t n = 0; n < KEYFILE_LEN; n++) {
        testfs_write_file(cut, orig, n, 0600);
        st_err_clear(&err);
        int rc = secret_recover(&c, tmpdir, &a, &err);
        int fmt = strstr(err.msg, n == 0 ? "is empty" : "truncated") != NULL;
        if (rc == -1 && fmt && strstr(err.msg, cut) != NULL && strstr(err.msg, WRONG_KEY) == NULL)
            ok++;
        else
            fprintf(stderr, "truncated to %zu: %s\n", n, err.msg);
        master_secret_free(&a);
    }
    CHECK(ok == KEYFILE_LEN);

    /* One byte too many. */
    uint8_t longer[KEYFILE_LEN + 1];
    memcpy(longer, orig, KEYFILE_LEN);
    longer[KEYFILE_LEN] = 0;
    testfs_write_file(cut, longer, sizeof longer, 0600);
    st_err_clear(&err);
    CHECK(secret_recover(&c, tmpdir, &a, &err) == -1);
    CHECK(strstr(err.msg, "trailing") != NULL);

    /* A foreign file. */
    const char *foreign = "#!/bin/sh\necho this is not a sealed secret at all, but it is long enough\n";
    testfs_write_file(cut, foreign, strlen(foreign), 0600);
    st_err_clear(&err);
    CHECK(secret_recover(&c, tmpdir, &a, &err) == -1);
    CHECK(strstr(err.msg, "not a steward sealed secret") != NULL && strstr(err.msg, cut) != NULL);

    /* A future format version. */
    uint8_t v2[KEYFILE_LEN];
    memcpy(v2, orig, KEYFILE_LEN);
    v2[8] = 2;
    testfs_write_file(cut, v2, KEYFILE_LEN, 0600);
    st_err_clear(&err);
    CHECK(secret_recover(&c, tmpdir, &a, &err) == -1);
    CHECK(strstr(err.msg, "version 2 is not supported") != NULL);

    /* An empty file that exists is not "absent": no new secret is created over it. */
    testfs_write_file(cut, "", 0, 0600);
    st_err_clear(&err);
    CHECK(secret_recover(&c, tmpdir, &a, &err) == -1);
    struct stat st;
    CHECK(stat(cut, &st) == 0 && st.st_size == 0);
    unlink(cut);
}

static void test_passphrase(void)
{
    char sealed[512];
    path_in(sealed, sizeof sealed, "pp/master.sealed");
    struct config_secret c = passphrase_cfg(sealed, "correct horse battery staple", 1, 8);
    struct master_secret a, b;
    st_err err = {0};
    CHECK(secret_recover(&c, tmpdir, &a, &err) == 0);
    if (err.set)
        fprintf(stderr, "%s\n", err.msg);
    CHECK(a.created == 1 && a.root_seed.len == 32);
    CHECK(testfs_mode_of(sealed) == 0600);
    check_no_plaintext(sealed, &a.root_seed);

    /* The header carries salt, opslimit 1 and memlimit 8 MiB (LE); the key is Argon2id13 of
     * the passphrase with them. */
    uint8_t file[512];
    CHECK(testfs_read_file(sealed, file, sizeof file) == PASSPHRASE_LEN);
    const uint8_t *salt = file + 10;
    uint32_t ops = file[26] | file[27] << 8 | (uint32_t)file[28] << 16 | (uint32_t)file[29] << 24;
    uint64_t mem = 0;
    for (int i = 7; i >= 0; i--)
        mem = mem << 8 | file[30 + i];
    CHECK(ops == 1);
    CHECK(mem == 8u << 20);
    uint8_t key[32];
    const char *pw = "correct horse battery staple";
    CHECK(crypto_pwhash(key, 32, pw, strlen(pw), salt, ops, (size_t)mem, crypto_pwhash_ALG_ARGON2ID13) == 0);
    check_layout(sealed, 2, key, &a.root_seed);
    sodium_memzero(key, sizeof key);

    CHECK(secret_recover(&c, tmpdir, &b, &err) == 0);
    CHECK(b.created == 0 && secbuf_equal(&a.root_seed, &b.root_seed));
    master_secret_free(&b);

    /* Wrong passphrase. */
    struct config_secret w = passphrase_cfg(sealed, "correct horse battery stapler", 1, 8);
    st_err_clear(&err);
    CHECK(secret_recover(&w, tmpdir, &b, &err) == -1);
    char want[700];
    snprintf(want, sizeof want, "%s: %s", sealed, WRONG_KEY);
    CHECK_STR(err.msg, want);
    secbuf_free(&w.sealed.passphrase);

    /* Configured limits above the stored ones are fine (the stored ones are used)... */
    struct config_secret hi = passphrase_cfg(sealed, "correct horse battery staple", 3, 16);
    st_err_clear(&err);
    CHECK(secret_recover(&hi, tmpdir, &b, &err) == 0);
    CHECK(secbuf_equal(&a.root_seed, &b.root_seed));
    master_secret_free(&b);
    secbuf_free(&hi.sealed.passphrase);
    /* ...but a file asking for more than configured is refused before any work. */
    char sealed2[512];
    path_in(sealed2, sizeof sealed2, "pp/strong.sealed");
    struct config_secret strong = passphrase_cfg(sealed2, "pw", 2, 8);
    CHECK(secret_recover(&strong, tmpdir, &b, &err) == 0);
    master_secret_free(&b);
    struct config_secret weak = passphrase_cfg(sealed2, "pw", 1, 8);
    st_err_clear(&err);
    CHECK(secret_recover(&weak, tmpdir, &b, &err) == -1);
    CHECK(strstr(err.msg, "more than the configured") != NULL);
    secbuf_free(&strong.sealed.passphrase);
    secbuf_free(&weak.sealed.passphrase);

    /* Keyfile configured for a passphrase-sealed file: refused, no fallback. */
    char keyfile[512];
    path_in(keyfile, sizeof keyfile, "pp.key");
    make_keyfile(keyfile, rawkey);
    struct config_secret k = keyfile_cfg(sealed, keyfile);
    st_err_clear(&err);
    CHECK(secret_recover(&k, tmpdir, &b, &err) == -1);
    CHECK(strstr(err.msg, "no fallback") != NULL);

    master_secret_free(&a);
    secbuf_free(&c.sealed.passphrase);
}

static void test_tampering_passphrase(void)
{
    char sealed[512];
    path_in(sealed, sizeof sealed, "pp/tamper.sealed");
    /* 1 MiB keeps 220 Argon2id runs fast, even under valgrind. */
    struct config_secret c = passphrase_cfg(sealed, "tamper", 1, 1);
    struct master_secret a;
    st_err err = {0};
    CHECK(secret_recover(&c, tmpdir, &a, &err) == 0);
    master_secret_free(&a);
    /* A flipped limit byte (26..37) may be refused as out of range before any key work, so
     * those positions only have to be refused; every other byte after the format fields
     * (salt, nonce, ciphertext, tag) must give exactly the wrong-key error. */
    flip_every_byte(sealed, PASSPHRASE_LEN, &c, 10, 26, 38);
    secbuf_free(&c.sealed.passphrase);
}

int main(void)
{
    if (sodium_init() < 0)
        return 2;
    testfs_mkdtemp(tmpdir, sizeof tmpdir, "steward-test-sealed");
    test_keyfile_first_and_later_boots();
    test_keyfile_formats();
    test_no_key_no_file();
    test_create_false();
    test_tampering_keyfile();
    test_passphrase();
    test_tampering_passphrase();
    testfs_rmtree(tmpdir);
    return check_summary();
}
