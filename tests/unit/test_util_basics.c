/* Unit tests of core/util: hex, error messages, and the file guarantees secrets rely on. */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "util/err.h"
#include "util/fsutil.h"
#include "util/hex.h"
#include "util/secmem.h"

static char dir[] = "/tmp/steward-util-XXXXXX";

static char *at(const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

static void put(const char *name, const void *data, size_t len, mode_t mode)
{
    int fd = open(at(name), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || write(fd, data, len) != (ssize_t)len || fchmod(fd, mode) != 0)
        exit(2);
    close(fd);
}

static void test_hex(void)
{
    uint8_t b[4] = {0x00, 0x9f, 0xa0, 0xff}, out[4];
    char s[9];
    hex_encode(s, b, 4);
    CHECK_STR(s, "009fa0ff");
    CHECK(hex_decode(out, 4, "009FA0ff") == 0 && memcmp(out, b, 4) == 0);
    CHECK(hex_decode(out, 4, "0x009fa0ff") == 0 && memcmp(out, b, 4) == 0);
    CHECK(hex_decode(out, 4, "009fa0f") == -1);   /* odd */
    CHECK(hex_decode(out, 4, "009fa0ff00") == -1); /* too long */
    CHECK(hex_decode(out, 4, "009fa0fg") == -1);   /* bad digit at the end */
    CHECK(hex_decode(out, 4, "g09fa0ff") == -1);   /* bad digit at the start */
    CHECK(hex_decode(out, 4, "009f a0f") == -1);
    CHECK(hex_decode_n(out, 2, "00ffzz", 4) == 0 && out[1] == 0xff); /* only n characters read */
    CHECK(hex_decode_n(out, 2, "00f", 3) == -1);
    size_t n = 0;
    CHECK(hex_decode_any(out, 4, &n, "abcd") == 0 && n == 2 && out[0] == 0xab);
    CHECK(hex_decode_any(out, 1, &n, "abcd") == -1); /* overflow */
    CHECK(hex_decode_any(out, 4, &n, "") == 0 && n == 0);
    CHECK(hex_all_digits("09afAF", 6) == 1);
    CHECK(hex_all_digits("09ag", 4) == 0);
    CHECK(hex_all_digits("", 0) == 0);
}

static void test_err(void)
{
    st_err e = {0};
    CHECK(st_err_set(&e, "first %d", 1) == -1);
    CHECK(st_err_set(&e, "second") == -1);
    CHECK_STR(e.msg, "first 1"); /* the innermost cause is kept */
    st_err_wrap(&e, "while %s", "loading");
    CHECK_STR(e.msg, "while loading: first 1");
    char longmsg[ST_ERR_MAX * 2];
    memset(longmsg, 'x', sizeof longmsg - 1);
    longmsg[sizeof longmsg - 1] = 0;
    st_err_clear(&e);
    st_err_set(&e, "%s", longmsg);
    st_err_wrap(&e, "ctx");
    CHECK(strncmp(e.msg, "ctx: xxx", 8) == 0 && strlen(e.msg) == ST_ERR_MAX - 1);
    CHECK(st_err_set(NULL, "ignored") == -1);
}

static void test_files(void)
{
    st_err e = {0};
    /* A binary key ending in "\n " is read exactly; the text reader trims it. */
    const uint8_t key[5] = {1, 2, 3, '\n', ' '};
    put("key", key, 5, 0600);
    secbuf b = SECBUF_EMPTY;
    CHECK(fs_read_private_file(at("key"), 64, &b, &e) == 0 && b.len == 5 && memcmp(b.p, key, 5) == 0);
    secbuf_free(&b);
    CHECK(b.p == NULL && b.len == 0);
    CHECK(fs_read_secret_file(at("key"), 64, &b, &e) == 0 && b.len == 3);
    secbuf_free(&b);
    /* Group- or other-readable secret files are refused, naming the path and the fix. */
    put("open", "x", 1, 0640);
    st_err_clear(&e);
    CHECK(fs_read_secret_file(at("open"), 64, &b, &e) == -1 && strstr(e.msg, "chmod 600") && strstr(e.msg, "open"));
    put("other", "x", 1, 0604);
    st_err_clear(&e);
    CHECK(fs_read_private_file(at("other"), 64, &b, &e) == -1);
    /* Over the size limit, a folder, a symlink: refused. */
    st_err_clear(&e);
    CHECK(fs_read_private_file(at("key"), 4, &b, &e) == -1 && strstr(e.msg, "larger"));
    st_err_clear(&e);
    CHECK(fs_read_private_file(dir, 64, &b, &e) == -1);
    char target[512];
    snprintf(target, sizeof target, "%s", at("key"));
    CHECK(symlink(target, at("link")) == 0);
    st_err_clear(&e);
    CHECK(fs_read_private_file(at("link"), 64, &b, &e) == -1);
    /* fs_write_new never overwrites and sets the exact mode despite the umask. */
    mode_t old = umask(077);
    st_err_clear(&e);
    CHECK(fs_write_new(at("new"), "abc", 3, 0644, &e) == 0);
    umask(old);
    struct stat st;
    CHECK(stat(at("new"), &st) == 0 && (st.st_mode & 0777) == 0644 && st.st_size == 3);
    st_err_clear(&e);
    CHECK(fs_write_new(at("new"), "zzzz", 4, 0600, &e) == -1 && strstr(e.msg, "refusing to overwrite"));
    CHECK(stat(at("new"), &st) == 0 && st.st_size == 3);
    /* fs_write_atomic replaces whole files and leaves no temporary behind. */
    st_err_clear(&e);
    CHECK(fs_write_atomic(at("new"), "replaced", 8, 0600, &e) == 0);
    CHECK(stat(at("new"), &st) == 0 && st.st_size == 8 && (st.st_mode & 0777) == 0600);
    char *text = NULL;
    CHECK(fs_read_file(at("new"), 100, &text, NULL, &e) == 0 && strcmp(text, "replaced") == 0);
    free(text);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "test -z \"$(ls %s | grep tmp)\"", dir);
    CHECK(system(cmd) == 0);
    /* Paths. */
    char *r = fs_resolve("/base", "rel/x");
    CHECK_STR(r, "/base/rel/x");
    free(r);
    r = fs_resolve("/base", "/abs");
    CHECK_STR(r, "/abs");
    free(r);
    r = fs_dirname("a/b/c.yaml");
    CHECK_STR(r, "a/b");
    free(r);
    st_err_clear(&e);
    CHECK(fs_mkdir_p(at("p/q/r"), 0700, &e) == 0 && fs_exists(at("p/q/r")));
    st_err_clear(&e);
    CHECK(fs_mkdir_p(at("new/sub"), 0700, &e) == -1); /* a file in the way */
}

int main(void)
{
    st_err e = {0};
    if (mkdtemp(dir) == NULL || secmem_init(&e) != 0)
        return 2;
    test_hex();
    test_err();
    test_files();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        return 2;
    return check_summary();
}
