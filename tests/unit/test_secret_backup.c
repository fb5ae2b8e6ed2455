/* test_secret_backup.c: the backup source (env, file, inline value; hex or BIP-39 mnemonic)
 * and secret_generate_backup_file. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "testfs.h"
#include "secret/secret_source.h"

#define VAR "STEWARD_TEST_BACKUP"

static const char *HEX32 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
static const char *ABOUT = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
                           "abandon about";
static const char *ABOUT_TREZOR = "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599"
                                  "d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04";
/* Same mnemonic, no passphrase (PBKDF2-HMAC-SHA512 computed independently with Python). */
static const char *ABOUT_NONE = "5eb00bbddcf069084889a8ab9155568165f5c453ccb85e70811aaed6f6da5fc19a5ac40b389cd37"
                                "0d086206dec8aa6c43daea6690f20ad3d8d48b2d2ce9e38e4";

static char tmpdir[256];

static int seed_is_hex(const secbuf *b, const char *hex)
{
    char got[129];
    if (b->p == NULL || b->len * 2 != strlen(hex))
        return 0;
    sodium_bin2hex(got, sizeof got, b->p, b->len);
    return strcmp(got, hex) == 0;
}

/* Minimal configuration: only the backup part matters. */
static struct config_secret env_cfg(void)
{
    struct config_secret c;
    memset(&c, 0, sizeof c);
    c.source = SECRET_SOURCE_BACKUP;
    c.backup.env = VAR;
    return c;
}

static void set_passphrase(struct config_secret *c, const char *pp)
{
    secbuf_copy(&c->backup.passphrase, pp, strlen(pp), NULL);
    c->backup.has_passphrase = 1;
}

/* Recovers from the env variable holding `text`; returns rc, fills ms/err. */
static int from_env(const char *text, const char *passphrase, struct master_secret *ms, st_err *err)
{
    struct config_secret c = env_cfg();
    if (passphrase)
        set_passphrase(&c, passphrase);
    setenv(VAR, text, 1);
    st_err_clear(err);
    int rc = secret_recover(&c, tmpdir, ms, err);
    secbuf_free(&c.backup.passphrase);
    return rc;
}

/* The message names the source and does not quote any word (or hex run) of the content. */
static void check_no_content(const st_err *err, const char *text)
{
    CHECK(strstr(err->msg, text) == NULL);
    char copy[1024];
    snprintf(copy, sizeof copy, "%s", text);
    for (char *w = strtok(copy, " \t\n"); w; w = strtok(NULL, " \t\n")) {
        if (strlen(w) >= 4 && strstr(err->msg, w) != NULL) {
            fprintf(stderr, "error quotes the secret's word '%s': %s\n", w, err->msg);
            CHECK(0);
        }
    }
}

static void test_env_hex(void)
{
    struct master_secret ms;
    st_err err = {0};
    CHECK(from_env(HEX32, NULL, &ms, &err) == 0);
    CHECK(seed_is_hex(&ms.root_seed, HEX32));
    CHECK_STR(ms.source, "backup");
    CHECK(ms.is_dev == 0 && ms.created == 0);
    /* The variable is gone from the environment once read. */
    CHECK(getenv(VAR) == NULL);
    master_secret_free(&ms);
    CHECK(ms.root_seed.p == NULL && ms.source == NULL);

    /* Upper case, 0x prefix and surrounding whitespace are fine. */
    CHECK(from_env("  0x000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F\n", NULL, &ms, &err) == 0);
    CHECK(seed_is_hex(&ms.root_seed, HEX32));
    master_secret_free(&ms);

    /* An empty passphrase counts as none. */
    CHECK(from_env(HEX32, "", &ms, &err) == 0);
    CHECK(seed_is_hex(&ms.root_seed, HEX32));
    master_secret_free(&ms);
}

static void test_env_mnemonic(void)
{
    struct master_secret ms;
    st_err err = {0};
    CHECK(from_env(ABOUT, "TREZOR", &ms, &err) == 0);
    if (err.set)
        fprintf(stderr, "%s\n", err.msg);
    CHECK(ms.root_seed.len == 64);
    CHECK(seed_is_hex(&ms.root_seed, ABOUT_TREZOR));
    CHECK(getenv(VAR) == NULL);
    master_secret_free(&ms);

    CHECK(from_env(ABOUT, NULL, &ms, &err) == 0);
    CHECK(seed_is_hex(&ms.root_seed, ABOUT_NONE));
    master_secret_free(&ms);

    /* Whitespace of any kind and upper case are normalised away. */
    CHECK(from_env("\n  Abandon\tabandon  abandon abandon\nabandon abandon abandon abandon abandon abandon\r\n"
                   "ABANDON   about \n",
                   "TREZOR", &ms, &err) == 0);
    CHECK(seed_is_hex(&ms.root_seed, ABOUT_TREZOR));
    master_secret_free(&ms);

    /* The passphrase matters. */
    CHECK(from_env(ABOUT, "TREZOR2", &ms, &err) == 0);
    CHECK(!seed_is_hex(&ms.root_seed, ABOUT_TREZOR));
    master_secret_free(&ms);
}

/* Every English vector of the BIP-39 reference set, through a backup file. */
static void test_vectors_through_file(void)
{
    json_t *v = check_load_vectors("bip39_vectors_english.json");
    json_t *list = json_object_get(v, "english");
    size_t i;
    json_t *row;
    char path[512];
    snprintf(path, sizeof path, "%s/vector.secret", tmpdir);
    int n = 0;
    json_array_foreach(list, i, row)
    {
        const char *words = json_string_value(json_array_get(row, 1));
        const char *seed = json_string_value(json_array_get(row, 2));
        char text[1024];
        snprintf(text, sizeof text, "%s\n", words);
        testfs_write_file(path, text, strlen(text), 0600);
        struct config_secret c;
        memset(&c, 0, sizeof c);
        c.source = SECRET_SOURCE_BACKUP;
        c.backup.file = path;
        set_passphrase(&c, "TREZOR");
        struct master_secret ms;
        st_err err = {0};
        CHECK(secret_recover(&c, tmpdir, &ms, &err) == 0);
        CHECK(seed_is_hex(&ms.root_seed, seed));
        master_secret_free(&ms);
        secbuf_free(&c.backup.passphrase);
        n++;
    }
    CHECK(n >= 24);
    json_decref(v);
}

static void test_file_modes(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/backup.secret", tmpdir);
    struct config_secret c;
    memset(&c, 0, sizeof c);
    c.source = SECRET_SOURCE_BACKUP;
    c.backup.file = path;
    struct master_secret ms;
    st_err err = {0};

    testfs_write_file(path, HEX32, strlen(HEX32), 0600);
    CHECK(secret_recover(&c, tmpdir, &ms, &err) == 0);
    CHECK(seed_is_hex(&ms.root_seed, HEX32));
    master_secret_free(&ms);

    testfs_write_file(path, HEX32, strlen(HEX32), 0400);
    st_err_clear(&err);
    CHECK(secret_recover(&c, tmpdir, &ms, &err) == 0);
    master_secret_free(&ms);

    const mode_t bad[] = {0640, 0604, 0660, 0644, 0620};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        testfs_write_file(path, HEX32, strlen(HEX32), bad[i]);
        st_err_clear(&err);
        CHECK(secret_recover(&c, tmpdir, &ms, &err) == -1);
        CHECK(strstr(err.msg, path) != NULL);
        CHECK(strstr(err.msg, "group or others") != NULL);
        CHECK(strstr(err.msg, HEX32) == NULL);
        CHECK(ms.root_seed.p == NULL);
    }

    /* Missing file: named, nothing generated in its place. */
    unlink(path);
    st_err_clear(&err);
    CHECK(secret_recover(&c, tmpdir, &ms, &err) == -1);
    CHECK(strstr(err.msg, path) != NULL);
    CHECK(access(path, F_OK) != 0);

    /* A NUL byte cannot smuggle a valid mnemonic past the check. */
    char withnul[256];
    size_t al = strlen(ABOUT);
    memcpy(withnul, ABOUT, al);
    withnul[al] = '\0';
    memcpy(withnul + al + 1, "zzz", 3);
    testfs_write_file(path, withnul, al + 4, 0600);
    st_err_clear(&err);
    CHECK(secret_recover(&c, tmpdir, &ms, &err) == -1);
    CHECK(strstr(err.msg, "NUL") != NULL);
    CHECK(strstr(err.msg, path) != NULL);
}

static void test_bad_content(void)
{
    static const char *bad[] = {
        "this is certainly not a recovery phrase at all",
        "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon",
        "abandon abandon zebrafish abandon abandon abandon abandon abandon abandon abandon abandon about",
        "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1",
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f00",
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1g",
        "   \n\t ",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct master_secret ms;
        st_err err = {0};
        CHECK(from_env(bad[i], NULL, &ms, &err) == -1);
        CHECK(ms.root_seed.p == NULL);
        /* "<VAR>: ..." names the source. */
        CHECK(strncmp(err.msg, VAR ": ", strlen(VAR) + 2) == 0);
        if (i < 7)
            CHECK(strstr(err.msg, "neither 64 hex digits nor a valid BIP-39 mnemonic") != NULL);
        check_no_content(&err, bad[i]);
        CHECK(getenv(VAR) == NULL); /* wiped even when the content is bad */
    }

    /* A word outside the list is reported by position (if the checker says which). */
    {
        struct master_secret ms;
        st_err err = {0};
        CHECK(from_env(bad[2], NULL, &ms, &err) == -1);
        fprintf(stderr, "(sample error: %s)\n", err.msg);
    }

    /* Hex with a passphrase is refused, naming the source but not the secret. */
    struct master_secret ms;
    st_err err = {0};
    CHECK(from_env(HEX32, "TREZOR", &ms, &err) == -1);
    CHECK(strncmp(err.msg, VAR ": ", strlen(VAR) + 2) == 0);
    CHECK(strstr(err.msg, "passphrase") != NULL);
    CHECK(strstr(err.msg, HEX32) == NULL);
    CHECK(strstr(err.msg, "TREZOR") == NULL);
    CHECK(ms.root_seed.p == NULL);

    /* Unset variable. */
    unsetenv(VAR);
    struct config_secret c = env_cfg();
    st_err_clear(&err);
    CHECK(secret_recover(&c, tmpdir, &ms, &err) == -1);
    CHECK(strstr(err.msg, VAR) != NULL);
    CHECK(strstr(err.msg, "not set") != NULL);
}

static void test_inline_value(void)
{
    struct config_secret c;
    memset(&c, 0, sizeof c);
    c.source = SECRET_SOURCE_BACKUP;
    secbuf_copy(&c.backup.value, ABOUT, strlen(ABOUT), NULL);
    set_passphrase(&c, "TREZOR");
    struct master_secret ms;
    st_err err = {0};
    CHECK(secret_recover(&c, tmpdir, &ms, &err) == 0);
    CHECK(seed_is_hex(&ms.root_seed, ABOUT_TREZOR));
    master_secret_free(&ms);
    secbuf_free(&c.backup.value);
    secbuf_free(&c.backup.passphrase);

    secbuf_copy(&c.backup.value, "nope", 4, NULL);
    st_err_clear(&err);
    CHECK(secret_recover(&c, tmpdir, &ms, &err) == -1);
    CHECK(strncmp(err.msg, "secret.backup.value: ", 21) == 0);
    CHECK(strstr(err.msg, "nope") == NULL);

    /* Two places set at once is a configuration error, never "use the first". */
    c.backup.env = VAR;
    setenv(VAR, HEX32, 1);
    st_err_clear(&err);
    CHECK(secret_recover(&c, tmpdir, &ms, &err) == -1);
    CHECK(strstr(err.msg, "exactly one") != NULL);
    secbuf_free(&c.backup.value);
    c.backup.env = NULL;
    st_err_clear(&err);
    CHECK(secret_recover(&c, tmpdir, &ms, &err) == -1);
    CHECK(strstr(err.msg, "exactly one") != NULL);
    unsetenv(VAR);
}

static void test_generate(void)
{
    char path[512], path2[512];
    snprintf(path, sizeof path, "%s/new/folder/backup.txt", tmpdir);
    snprintf(path2, sizeof path2, "%s/backup2.txt", tmpdir);
    st_err err = {0};
    CHECK(secret_generate_backup_file(path, &err) == 0);
    CHECK(secret_generate_backup_file(path2, &err) == 0);

    CHECK(testfs_mode_of(path) == 0600);
    char dir[512];
    snprintf(dir, sizeof dir, "%s/new/folder", tmpdir);
    CHECK(testfs_mode_of(dir) == 0700);

    char buf[1024] = "", buf2[1024] = "";
    size_t n = testfs_read_file(path, buf, sizeof buf - 1);
    buf[n] = 0;
    buf2[testfs_read_file(path2, buf2, sizeof buf2 - 1)] = 0;
    /* 24 words, single spaces, one trailing newline. */
    CHECK(n > 0 && buf[n - 1] == '\n' && strchr(buf, '\n') == buf + n - 1);
    int words = 0, ok = 1;
    for (size_t i = 0; i + 1 < n; i++) {
        if (buf[i] == ' ') {
            if (i == 0 || buf[i - 1] == ' ')
                ok = 0;
        } else if (buf[i] < 'a' || buf[i] > 'z') {
            ok = 0;
        } else if (i == 0 || buf[i - 1] == ' ') {
            words++;
        }
    }
    CHECK(ok);
    CHECK(words == 24);
    CHECK(strcmp(buf, buf2) != 0); /* fresh randomness each time */

    /* Refuses to overwrite; the existing file is untouched. */
    st_err_clear(&err);
    CHECK(secret_generate_backup_file(path, &err) == -1);
    CHECK(strstr(err.msg, path) != NULL);
    CHECK(strstr(err.msg, "already exists") != NULL);
    char again[1024] = "";
    again[testfs_read_file(path, again, sizeof again - 1)] = 0;
    CHECK(strcmp(again, buf) == 0);

    /* It reads back as a valid backup: a 64-byte BIP-39 seed. */
    struct config_secret c;
    memset(&c, 0, sizeof c);
    c.source = SECRET_SOURCE_BACKUP;
    c.backup.file = path;
    struct master_secret ms;
    st_err_clear(&err);
    CHECK(secret_recover(&c, tmpdir, &ms, &err) == 0);
    CHECK(ms.root_seed.len == 64);
    master_secret_free(&ms);
    sodium_memzero(buf, sizeof buf);
    sodium_memzero(buf2, sizeof buf2);
    sodium_memzero(again, sizeof again);
}

int main(void)
{
    if (sodium_init() < 0)
        return 2;
    testfs_mkdtemp(tmpdir, sizeof tmpdir, "steward-test-backup");
    test_env_hex();
    test_env_mnemonic();
    test_vectors_through_file();
    test_file_modes();
    test_bad_content();
    test_inline_value();
    test_generate();
    testfs_rmtree(tmpdir);
    return check_summary();
}
