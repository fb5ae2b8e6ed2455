/* test_secret_dstack.c: the sealed source with the dstack key provider, against a FAKE
 * guest agent (tests/tools/fake_dstack.mjs, run with node) on a unix socket. The fake derives
 * its keys as SHA-256("fake-dstack-key:" || path); it is not dstack and proves only that
 * steward speaks the agent's GetKey API and handles its answers. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "testfs.h"
#include "secret/dstack_key.h"
#include "secret/secret_source.h"

#define WRONG_KEY "cannot open sealed secret: wrong sealing key or the file was modified"

static char tmpdir[256];
static char sock[512];
static pid_t agent = -1;
static int agent_stdin = -1;

/* Starts the fake agent and waits for its "ready" line (10 s at most). */
static int start_fake_agent(void)
{
    const char *tests = getenv("STEWARD_TESTS");
    char script[1024];
    snprintf(script, sizeof script, "%s/tools/fake_dstack.mjs", tests ? tests : "tests");
    int out[2], in[2];
    if (pipe(out) != 0 || pipe(in) != 0)
        return -1;
    agent = fork();
    if (agent < 0)
        return -1;
    if (agent == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[0]), close(in[1]), close(out[0]), close(out[1]);
        execlp("node", "node", script, sock, (char *)NULL);
        fprintf(stderr, "cannot run node: %s\n", strerror(errno));
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    agent_stdin = in[1]; /* held open: when this test ends, the agent sees EOF and exits */
    char line[64] = "";
    size_t n = 0;
    struct pollfd p = {out[0], POLLIN, 0};
    while (n < sizeof line - 1 && poll(&p, 1, 10000) == 1) {
        ssize_t r = read(out[0], line + n, sizeof line - 1 - n);
        if (r <= 0)
            break;
        n += (size_t)r;
        line[n] = 0;
        if (strchr(line, '\n'))
            break;
    }
    close(out[0]);
    if (strncmp(line, "ready", 5) != 0) {
        fprintf(stderr, "the fake dstack agent (%s) did not start\n", script);
        return -1;
    }
    return 0;
}

static void stop_fake_agent(void)
{
    if (agent > 0) {
        kill(agent, SIGTERM);
        waitpid(agent, NULL, 0);
        agent = -1;
    }
    if (agent_stdin >= 0)
        close(agent_stdin);
}

static struct config_secret dstack_cfg(const char *sealed, const char *socket_path, const char *key_path)
{
    struct config_secret c;
    memset(&c, 0, sizeof c);
    c.source = SECRET_SOURCE_SEALED;
    c.sealed.file = (char *)sealed;
    c.sealed.provider = SEALING_KEY_DSTACK;
    c.sealed.create = 1; /* the configuration default */
    c.sealed.dstack_socket = (char *)socket_path;
    c.sealed.dstack_path = (char *)key_path;
    return c;
}

/* What the fake agent answers for path, and the sealing key steward must derive from it:
 * BLAKE2b-256 keyed with the agent's key, over "steward-sealing-v1". */
static void expected_keys(const char *path, uint8_t agent_key[32], uint8_t sealing[32])
{
    char msg[256];
    snprintf(msg, sizeof msg, "fake-dstack-key:%s", path);
    crypto_hash_sha256(agent_key, (const uint8_t *)msg, strlen(msg));
    crypto_generichash(sealing, 32, (const uint8_t *)"steward-sealing-v1", 18, agent_key, 32);
}

static int opens_with(const char *sealed, const uint8_t key[32], const secbuf *want)
{
    uint8_t f[256], m[32];
    unsigned long long mlen = 0;
    if (testfs_read_file(sealed, f, sizeof f) != 82 || f[9] != 3)
        return 0;
    int ok = crypto_aead_xchacha20poly1305_ietf_decrypt(m, &mlen, NULL, f + 34, 48, f, 34, f + 10, key) == 0 &&
             mlen == 32 && (want == NULL || memcmp(m, want->p, 32) == 0);
    sodium_memzero(m, sizeof m);
    return ok;
}

static void test_round_trip(void)
{
    char sealed[512];
    snprintf(sealed, sizeof sealed, "%s/data/master.sealed", tmpdir);
    struct config_secret c = dstack_cfg(sealed, sock, "steward/sealing/v1");
    struct master_secret a, b;
    st_err err = {0};
    CHECK(secret_recover(&c, tmpdir, &a, &err) == 0);
    if (err.set)
        fprintf(stderr, "%s\n", err.msg);
    CHECK(a.created == 1 && a.root_seed.len == 32);
    CHECK_STR(a.source, "sealed");
    struct stat st;
    CHECK(stat(sealed, &st) == 0 && (st.st_mode & 07777) == 0600);

    CHECK(secret_recover(&c, tmpdir, &b, &err) == 0);
    CHECK(b.created == 0 && secbuf_equal(&a.root_seed, &b.root_seed));
    master_secret_free(&b);

    /* Default socket path and key path apply when unset: the key path default is
     * "steward/sealing/v1", so only the socket needs giving here. */
    struct config_secret d = dstack_cfg(sealed, sock, NULL);
    CHECK(secret_recover(&d, tmpdir, &b, &err) == 0);
    CHECK(secbuf_equal(&a.root_seed, &b.root_seed));
    master_secret_free(&b);

    /* The file is sealed under the derived key, not under the agent's raw key. */
    uint8_t agent_key[32], sealing[32];
    expected_keys("steward/sealing/v1", agent_key, sealing);
    CHECK(opens_with(sealed, sealing, &a.root_seed));
    CHECK(!opens_with(sealed, agent_key, NULL));
    sodium_memzero(sealing, sizeof sealing);

    /* Another key path is another key: refused with the wrong-key error. */
    struct config_secret o = dstack_cfg(sealed, sock, "steward/sealing/other");
    st_err_clear(&err);
    CHECK(secret_recover(&o, tmpdir, &b, &err) == -1);
    char want[700];
    snprintf(want, sizeof want, "%s: %s", sealed, WRONG_KEY);
    CHECK_STR(err.msg, want);

    /* And the key itself through the client: 32 bytes, the fake's value. */
    secbuf k = SECBUF_EMPTY;
    st_err_clear(&err);
    CHECK(dstack_get_key(sock, "steward/sealing/v1", "test", &k, &err) == 0);
    CHECK(k.len == 32 && memcmp(k.p, agent_key, 32) == 0);
    secbuf_free(&k);
    master_secret_free(&a);
}

/* Each failure is a clear error naming the socket, and no sealed file appears. */
static void test_failures(void)
{
    char sealed[512], missing[512], plain[512];
    snprintf(sealed, sizeof sealed, "%s/fail/master.sealed", tmpdir);
    snprintf(missing, sizeof missing, "%s/no-such-dir/dstack.sock", tmpdir);
    snprintf(plain, sizeof plain, "%s/plain-file.sock", tmpdir);
    FILE *f = fopen(plain, "w");
    if (f)
        fclose(f);

    struct {
        const char *socket, *path, *expect;
    } cases[] = {
        {missing, "steward/sealing/v1", "No such file or directory"},
        {plain, "steward/sealing/v1", "not a unix socket"},
        {sock, "test/http-500", "HTTP 500): fake agent: key derivation failed"},
        {sock, "test/error-200", "fake agent: refused"},
        {sock, "test/short-key", "not 32 to 64 bytes of hex"},
        {sock, "test/not-json", "not a JSON object"},
        {sock, "test/no-key", "no \"key\" string"},
        {sock, "test/hang", "imed out"}, /* takes the client's 15 s timeout */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct config_secret c = dstack_cfg(sealed, cases[i].socket, cases[i].path);
        struct master_secret ms;
        st_err err = {0};
        CHECK(secret_recover(&c, tmpdir, &ms, &err) == -1);
        if (strstr(err.msg, cases[i].expect) == NULL || strstr(err.msg, cases[i].socket) == NULL)
            fprintf(stderr, "case %zu: %s\n", i, err.msg);
        CHECK(strstr(err.msg, cases[i].expect) != NULL);
        CHECK(strstr(err.msg, cases[i].socket) != NULL);
        CHECK(access(sealed, F_OK) != 0);
        CHECK(ms.root_seed.p == NULL && ms.created == 0);
    }
    unlink(plain);
}

/* An existing dstack-sealed file whose agent has gone is an error, never a new secret. */
static void test_agent_gone(void)
{
    char sealed[512];
    snprintf(sealed, sizeof sealed, "%s/gone.sealed", tmpdir);
    struct config_secret c = dstack_cfg(sealed, sock, "steward/sealing/v1");
    struct master_secret ms;
    st_err err = {0};
    CHECK(secret_recover(&c, tmpdir, &ms, &err) == 0);
    master_secret_free(&ms);
    uint8_t before[256], after[256];
    size_t nb = testfs_read_file(sealed, before, sizeof before);
    stop_fake_agent();
    st_err_clear(&err);
    CHECK(secret_recover(&c, tmpdir, &ms, &err) == -1);
    CHECK(strstr(err.msg, sock) != NULL);
    CHECK(strstr(err.msg, sealed) != NULL);
    size_t na = testfs_read_file(sealed, after, sizeof after);
    CHECK(na == nb && memcmp(before, after, nb) == 0);
}

int main(void)
{
    if (sodium_init() < 0)
        return 2;
    signal(SIGPIPE, SIG_IGN);
    testfs_mkdtemp(tmpdir, sizeof tmpdir, "steward-test-dstack");
    snprintf(sock, sizeof sock, "%s/dstack.sock", tmpdir);
    if (start_fake_agent() != 0) {
        stop_fake_agent();
        CHECK(!"fake dstack agent started (needs node on PATH)");
        return check_summary();
    }
    test_round_trip();
    test_failures();
    test_agent_gone();
    stop_fake_agent();
    testfs_rmtree(tmpdir);
    return check_summary();
}
