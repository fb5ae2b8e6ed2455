/* test_secret_dev.c: the dev source (generated once, then stable, always labelled) and the
 * rules that hold across sources: an mpc configuration that cannot be used is refused with a
 * message naming secret.mpc (the mpc source itself is tested in test_secret_mpc.c), and no
 * source ever falls back to another. */
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "testfs.h"
#include "secret/secret_source.h"
#include "util/log.h"

static char tmpdir[256];

static struct config_secret dev_cfg(const char *file)
{
    struct config_secret c;
    memset(&c, 0, sizeof c);
    c.source = SECRET_SOURCE_DEV;
    c.dev.file = (char *)file;
    return c;
}

static void test_dev(void)
{
    char data[512], file[512];
    snprintf(data, sizeof data, "%s/data", tmpdir);
    snprintf(file, sizeof file, "%s/data/dev-backup.secret", tmpdir);

    /* Capture the log to check the warning. */
    char logpath[512];
    snprintf(logpath, sizeof logpath, "%s/log.txt", tmpdir);
    FILE *log = fopen(logpath, "w+");
    log_setup(LOG_INFO, LOG_FORMAT_TEXT, log);

    /* First run, with the default path under data_dir: created. */
    struct config_secret c = dev_cfg(NULL);
    struct master_secret a, b;
    st_err err = {0};
    CHECK(secret_recover(&c, data, &a, &err) == 0);
    if (err.set)
        fprintf(stderr, "%s\n", err.msg);
    CHECK(a.created == 1);
    CHECK(a.is_dev == 1);
    CHECK_STR(a.source, "dev");
    CHECK(a.root_seed.len == 64);
    CHECK(testfs_mode_of(file) == 0600);
    CHECK(testfs_mode_of(data) == 0700);
    char words[1024];
    size_t n = testfs_read_file(file, words, sizeof words - 1);
    words[n] = 0;
    int spaces = 0;
    for (size_t i = 0; i < n; i++)
        spaces += words[i] == ' ';
    CHECK(n > 0 && words[n - 1] == '\n' && spaces == 23);

    /* Later runs: the same secret, not created, still dev. */
    struct config_secret e = dev_cfg(file);
    CHECK(secret_recover(&e, tmpdir, &b, &err) == 0);
    CHECK(b.created == 0 && b.is_dev == 1);
    CHECK(secbuf_equal(&a.root_seed, &b.root_seed));
    master_secret_free(&b);
    char again[1024];
    again[testfs_read_file(file, again, sizeof again - 1)] = 0;
    CHECK(strcmp(words, again) == 0);

    /* It is an ordinary backup file: the backup source reads the same seed from it (but
     * not labelled dev). */
    struct config_secret k;
    memset(&k, 0, sizeof k);
    k.source = SECRET_SOURCE_BACKUP;
    k.backup.file = file;
    CHECK(secret_recover(&k, tmpdir, &b, &err) == 0);
    CHECK(secbuf_equal(&a.root_seed, &b.root_seed) && b.is_dev == 0);
    master_secret_free(&b);

    /* The warning was logged, twice, and never quotes the words. */
    fflush(log);
    char logtext[8192];
    logtext[testfs_read_file(logpath, logtext, sizeof logtext - 1)] = 0;
    log_setup(LOG_INFO, LOG_FORMAT_TEXT, NULL);
    fclose(log);
    CHECK(strstr(logtext, "warn") != NULL);
    CHECK(strstr(logtext, "DEVELOPMENT secret") != NULL);
    CHECK(strstr(logtext, "must never hold funds") != NULL);
    CHECK(strstr(logtext, "(created now)") != NULL);
    char copy[1024];
    snprintf(copy, sizeof copy, "%s", words);
    int quoted = 0;
    for (char *w = strtok(copy, " \n"); w; w = strtok(NULL, " \n"))
        if (strlen(w) >= 5 && strstr(logtext, w) != NULL)
            quoted++;
    CHECK(quoted == 0);

    /* A dev file that went group-readable is refused, and not replaced by a new one. */
    chmod(file, 0644);
    st_err_clear(&err);
    CHECK(secret_recover(&e, tmpdir, &b, &err) == -1);
    CHECK(strstr(err.msg, file) != NULL && strstr(err.msg, "group or others") != NULL);
    again[testfs_read_file(file, again, sizeof again - 1)] = 0;
    CHECK(strcmp(words, again) == 0);
    chmod(file, 0600);

    /* A damaged dev file is an error too, not a reason to generate a fresh secret. */
    char damaged[512];
    snprintf(damaged, sizeof damaged, "%s/damaged.secret", tmpdir);
    int fd = open(damaged, O_WRONLY | O_CREAT | O_EXCL, 0600);
    CHECK(fd >= 0 && write(fd, "garbage words here\n", 19) == 19);
    close(fd);
    struct config_secret g = dev_cfg(damaged);
    st_err_clear(&err);
    CHECK(secret_recover(&g, tmpdir, &b, &err) == -1);
    CHECK(strstr(err.msg, damaged) != NULL);
    char dtext[64];
    dtext[testfs_read_file(damaged, dtext, sizeof dtext - 1)] = 0;
    CHECK(strcmp(dtext, "garbage words here\n") == 0);

    master_secret_free(&a);
    sodium_memzero(words, sizeof words);
    sodium_memzero(again, sizeof again);
    sodium_memzero(copy, sizeof copy);
}

static void test_mpc(void)
{
    struct config_secret c;
    memset(&c, 0, sizeof c);
    c.source = SECRET_SOURCE_MPC;
    c.mpc.rpc_url = "http://127.0.0.1:3030";
    c.mpc.signer_contract = "v1.signer";
    c.mpc.account_id = "steward.test";
    struct master_secret ms;
    st_err err = {0};
    CHECK(secret_recover(&c, tmpdir, &ms, &err) == -1);
    /* No derivation_path and no account key: refused before any request is made. */
    CHECK_STR(err.msg, "secret.mpc: rpc_url, signer_contract, account_id and derivation_path must be set");
    CHECK(ms.root_seed.p == NULL && ms.source == NULL && ms.created == 0);
}

/* With every other source available (a dev file, a sealed file and its key, a backup
 * variable), a failing configured source still fails and touches nothing else. */
static void test_no_fallback(void)
{
    char data[512], devfile[512], sealed[512], keyfile[512];
    snprintf(data, sizeof data, "%s/nofallback", tmpdir);
    snprintf(devfile, sizeof devfile, "%s/nofallback/dev-backup.secret", tmpdir);
    snprintf(sealed, sizeof sealed, "%s/nofallback/master.sealed", tmpdir);
    snprintf(keyfile, sizeof keyfile, "%s/nofallback/sealing.key", tmpdir);
    st_err err = {0};
    struct master_secret ms;
    CHECK(secret_generate_backup_file(devfile, &err) == 0);
    uint8_t key[32];
    randombytes_buf(key, sizeof key);
    int fd = open(keyfile, O_WRONLY | O_CREAT | O_EXCL, 0600);
    CHECK(fd >= 0 && write(fd, key, 32) == 32);
    close(fd);
    struct config_secret s;
    memset(&s, 0, sizeof s);
    s.source = SECRET_SOURCE_SEALED;
    s.sealed.provider = SEALING_KEY_FILE;
    s.sealed.create = 1; /* the configuration default */
    s.sealed.key_file = keyfile;
    CHECK(secret_recover(&s, data, &ms, &err) == 0); /* creates <data>/master.sealed */
    master_secret_free(&ms);

    /* backup with its variable unset. */
    struct config_secret b;
    memset(&b, 0, sizeof b);
    b.source = SECRET_SOURCE_BACKUP;
    b.backup.env = "STEWARD_TEST_UNSET_VARIABLE";
    unsetenv(b.backup.env);
    st_err_clear(&err);
    CHECK(secret_recover(&b, data, &ms, &err) == -1);
    CHECK(ms.root_seed.p == NULL && ms.source == NULL);
    CHECK(strstr(err.msg, "STEWARD_TEST_UNSET_VARIABLE") != NULL);

    /* sealed with a wrong key: no dev secret, no new sealed file. */
    setenv("STEWARD_TEST_HEX", "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", 1);
    randombytes_buf(key, sizeof key);
    unlink(keyfile);
    fd = open(keyfile, O_WRONLY | O_CREAT | O_EXCL, 0600);
    CHECK(fd >= 0 && write(fd, key, 32) == 32);
    close(fd);
    struct stat before, after;
    stat(sealed, &before);
    st_err_clear(&err);
    CHECK(secret_recover(&s, data, &ms, &err) == -1);
    CHECK(ms.root_seed.p == NULL && ms.source == NULL);
    CHECK(strstr(err.msg, "wrong sealing key") != NULL);
    CHECK(stat(sealed, &after) == 0 && before.st_ino == after.st_ino && before.st_size == after.st_size);
    CHECK(getenv("STEWARD_TEST_HEX") != NULL); /* the backup variable was not even looked at */

    /* dev with an unusable file: no other source used either. */
    struct config_secret d;
    memset(&d, 0, sizeof d);
    d.source = SECRET_SOURCE_DEV;
    d.dev.file = sealed; /* a binary file, not a mnemonic */
    st_err_clear(&err);
    CHECK(secret_recover(&d, data, &ms, &err) == -1);
    CHECK(ms.root_seed.p == NULL);

    /* An unknown source value. */
    struct config_secret u;
    memset(&u, 0, sizeof u);
    u.source = (enum secret_source_kind)42;
    st_err_clear(&err);
    CHECK(secret_recover(&u, data, &ms, &err) == -1);
    CHECK(strstr(err.msg, "unknown source") != NULL);
    unsetenv("STEWARD_TEST_HEX");
}

int main(void)
{
    if (sodium_init() < 0)
        return 2;
    testfs_mkdtemp(tmpdir, sizeof tmpdir, "steward-test-dev");
    test_dev();
    test_mpc();
    test_no_fallback();
    testfs_rmtree(tmpdir);
    return check_summary();
}
