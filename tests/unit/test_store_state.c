/* test_store_state.c: per-strategy key/value state: set, get, overwrite, delete, list, size
 * limits, namespaces, persistence and transactions. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "testfs.h"
#include "store/state.h"
#include "store/store.h"

static char tmp_root[64];

static struct store *open_store(void)
{
    char dir[128];
    snprintf(dir, sizeof dir, "%s/data", tmp_root);
    st_err err = {0};
    struct store *s = NULL;
    if (store_open(dir, &s, &err) != 0) {
        fprintf(stderr, "store_open: %s\n", err.msg);
        exit(2);
    }
    return s;
}

/* Gets strategy/key as text; returns a malloc'd copy, or NULL if missing. */
static char *get_text(struct store *s, const char *strategy, const char *key)
{
    void *v = NULL;
    size_t n = 0;
    int found = -1;
    st_err err = {0};
    CHECK(state_get(s, strategy, key, strlen(key), &v, &n, &found, &err) == 0);
    CHECK(found == 0 || found == 1);
    if (!found) {
        CHECK(v == NULL && n == 0);
        return NULL;
    }
    CHECK(strlen(v) == n); /* NUL-terminated */
    return v;
}

static int set_text(struct store *s, const char *strategy, const char *key, const char *value,
                    st_err *err)
{
    return state_set(s, strategy, key, strlen(key), value, strlen(value), err);
}

static void test_set_get_overwrite_delete(struct store *s)
{
    st_err err = {0};
    char *v = get_text(s, "dca", "last_price");
    CHECK(v == NULL);

    CHECK(set_text(s, "dca", "last_price", "3150.25", &err) == 0);
    v = get_text(s, "dca", "last_price");
    CHECK_STR(v, "3150.25");
    free(v);

    CHECK(set_text(s, "dca", "last_price", "3200", &err) == 0); /* overwrite */
    v = get_text(s, "dca", "last_price");
    CHECK_STR(v, "3200");
    free(v);

    /* Namespaces are separate. */
    CHECK(set_text(s, "grid", "last_price", "1", &err) == 0);
    v = get_text(s, "dca", "last_price");
    CHECK_STR(v, "3200");
    free(v);

    int existed = -1;
    CHECK(state_delete(s, "dca", "last_price", 10, &existed, &err) == 0);
    CHECK(existed == 1);
    CHECK(get_text(s, "dca", "last_price") == NULL);
    CHECK(state_delete(s, "dca", "last_price", 10, &existed, &err) == 0);
    CHECK(existed == 0);
    CHECK(state_delete(s, "dca", "last_price", 10, NULL, &err) == 0);
    v = get_text(s, "grid", "last_price");
    CHECK_STR(v, "1");
    free(v);
}

static void test_binary(struct store *s)
{
    st_err err = {0};
    const uint8_t key[] = {'k', 0, 0xff, 1};
    const uint8_t val[] = {0, 1, 2, 0, 0xfe};
    CHECK(state_set(s, "bin", key, sizeof key, val, sizeof val, &err) == 0);
    void *v = NULL;
    size_t n = 0;
    int found = 0;
    CHECK(state_get(s, "bin", key, sizeof key, &v, &n, &found, &err) == 0);
    CHECK(found == 1 && n == sizeof val);
    if (v && n == sizeof val)
        CHECK_MEM(v, val, sizeof val);
    free(v);
    /* A key that is a prefix of another is a different key. */
    CHECK(state_get(s, "bin", key, 1, &v, &n, &found, &err) == 0);
    CHECK(found == 0);

    /* An empty value is stored and found (not confused with "missing"). */
    CHECK(state_set(s, "bin", "empty", 5, NULL, 0, &err) == 0);
    CHECK(state_get(s, "bin", "empty", 5, &v, &n, &found, &err) == 0);
    CHECK(found == 1 && n == 0 && v != NULL && ((char *)v)[0] == '\0');
    free(v);
}

static void test_limits(struct store *s)
{
    static char big[STATE_VALUE_MAX + 1];
    memset(big, 'v', sizeof big);
    char key[STATE_KEY_MAX + 1];
    memset(key, 'k', sizeof key);
    st_err err = {0};

    CHECK(state_set(s, "lim", key, STATE_KEY_MAX, big, STATE_VALUE_MAX, &err) == 0);
    void *v = NULL;
    size_t n = 0;
    int found = 0;
    CHECK(state_get(s, "lim", key, STATE_KEY_MAX, &v, &n, &found, &err) == 0);
    CHECK(found == 1 && n == STATE_VALUE_MAX);
    free(v);

    CHECK(state_set(s, "lim", "k", 1, big, STATE_VALUE_MAX + 1, &err) == -1);
    CHECK(strstr(err.msg, "value is 65537 bytes, the limit is 65536") != NULL);
    st_err_clear(&err);
    CHECK(state_get(s, "lim", "k", 1, &v, &n, &found, &err) == 0);
    CHECK(found == 0); /* nothing written */

    CHECK(state_set(s, "lim", key, STATE_KEY_MAX + 1, "v", 1, &err) == -1);
    CHECK(strstr(err.msg, "key is 257 bytes, the limit is 256") != NULL);
    st_err_clear(&err);
    CHECK(state_get(s, "lim", key, STATE_KEY_MAX + 1, &v, &n, &found, &err) == -1);
    st_err_clear(&err);
    CHECK(state_delete(s, "lim", key, STATE_KEY_MAX + 1, NULL, &err) == -1);
    st_err_clear(&err);
    CHECK(state_set(s, "lim", "", 0, "v", 1, &err) == -1);
    CHECK(strstr(err.msg, "key is empty") != NULL);
    st_err_clear(&err);
    CHECK(set_text(s, "", "k", "v", &err) == -1);
    CHECK(strstr(err.msg, "strategy id is empty") != NULL);
    st_err_clear(&err);
    char strat[STATE_STRATEGY_MAX + 2];
    memset(strat, 's', sizeof strat - 1);
    strat[sizeof strat - 1] = '\0';
    CHECK(set_text(s, strat, "k", "v", &err) == -1);
    CHECK(strstr(err.msg, "strategy id is 257 bytes") != NULL);
}

struct keys {
    int n;
    char got[8][16];
    int stop_at;
};

static int key_fn(const void *key, size_t len, void *ctx)
{
    struct keys *k = ctx;
    if (k->n < 8)
        snprintf(k->got[k->n], sizeof k->got[0], "%.*s", (int)len, (const char *)key);
    k->n++;
    if (k->stop_at < 0)
        return -1;
    return k->stop_at && k->n >= k->stop_at ? 1 : 0;
}

static void test_list(struct store *s)
{
    st_err err = {0};
    const char *names[] = {"b", "a", "ab", "B", "c"};
    for (int i = 0; i < 5; i++)
        CHECK(set_text(s, "list", names[i], "x", &err) == 0);
    CHECK(set_text(s, "other", "zz", "x", &err) == 0);
    struct keys k = {0};
    CHECK(state_list(s, "list", key_fn, &k, &err) == 0);
    CHECK(k.n == 5);
    CHECK_STR(k.got[0], "B"); /* byte order */
    CHECK_STR(k.got[1], "a");
    CHECK_STR(k.got[2], "ab");
    CHECK_STR(k.got[3], "b");
    CHECK_STR(k.got[4], "c");
    struct keys stop = {.stop_at = 2};
    CHECK(state_list(s, "list", key_fn, &stop, &err) == 0);
    CHECK(stop.n == 2);
    struct keys fail = {.stop_at = -1};
    CHECK(state_list(s, "list", key_fn, &fail, &err) == -1);
    struct keys none = {0};
    CHECK(state_list(s, "nothing", key_fn, &none, &err) == 0);
    CHECK(none.n == 0);
}

static void test_transaction_and_reopen(void)
{
    struct store *s = open_store();
    st_err err = {0};
    CHECK(store_begin(s, &err) == 0);
    CHECK(set_text(s, "tx", "gone", "1", &err) == 0);
    CHECK(store_rollback(s, &err) == 0);
    CHECK(get_text(s, "tx", "gone") == NULL);
    CHECK(store_begin(s, &err) == 0);
    CHECK(set_text(s, "tx", "kept", "2", &err) == 0);
    CHECK(store_commit(s, &err) == 0);
    store_close(s);

    s = open_store();
    char *v = get_text(s, "tx", "kept");
    CHECK_STR(v, "2");
    free(v);
    v = get_text(s, "grid", "last_price");
    CHECK_STR(v, "1");
    free(v);
    store_close(s);
}

int main(void)
{
    testfs_mkdtemp(tmp_root, sizeof tmp_root, "steward-store-state");
    struct store *s = open_store();
    test_set_get_overwrite_delete(s);
    test_binary(s);
    test_limits(s);
    test_list(s);
    store_close(s);
    test_transaction_and_reopen();
    testfs_rmtree(tmp_root);
    return check_summary();
}
