/* The growable byte buffer (util/bytebuf.h): appends, growth across many reallocations,
 * the NUL terminator, insertion, the sticky out-of-memory flag, handing over the text and
 * releasing. */
#include <stdint.h>

#include "check.h"
#include "util/bytebuf.h"

static void empty(void)
{
    struct bytebuf b = BYTEBUF_INIT;
    CHECK(b.p == NULL && b.len == 0 && b.cap == 0 && !b.oom);
    CHECK_STR(bytebuf_str(&b), "");
    bytebuf_put(&b, NULL, 0); /* an empty append allocates nothing */
    CHECK(b.p == NULL && b.len == 0);
    bytebuf_free(&b);
    bytebuf_wipe_free(&b); /* both are safe on an empty buffer */
    CHECK(b.p == NULL && b.len == 0 && b.cap == 0 && !b.oom);

    struct bytebuf z;
    z.p = (uint8_t *)&z, z.len = 7, z.cap = 9, z.oom = 1;
    bytebuf_init(&z);
    CHECK(z.p == NULL && z.len == 0 && z.cap == 0 && !z.oom);
}

static void text(void)
{
    struct bytebuf b = BYTEBUF_INIT;
    bytebuf_puts(&b, "ab");
    bytebuf_putc(&b, 'c');
    bytebuf_put(&b, "def", 2);
    bytebuf_puts(&b, "");
    CHECK(!b.oom && b.len == 5 && b.cap > b.len);
    CHECK_STR(bytebuf_str(&b), "abcde");
    CHECK(b.p[b.len] == '\0');
    bytebuf_putc(&b, 0x1ff); /* converted to unsigned char, as putc does */
    CHECK(b.len == 6 && b.p[5] == 0xff && b.p[6] == '\0');
    bytebuf_free(&b);
    CHECK(b.p == NULL && b.len == 0 && b.cap == 0);
}

static void growth(void)
{
    struct bytebuf b = BYTEBUF_INIT;
    uint8_t want[5000];
    for (size_t i = 0; i < sizeof want; i++) {
        want[i] = (uint8_t)(i * 7 + 1);
        bytebuf_putc(&b, want[i]);
        if (b.len != i + 1 || b.cap <= b.len || b.p[b.len] != '\0')
            break;
    }
    CHECK(!b.oom && b.len == sizeof want && b.cap > b.len && b.p[b.len] == '\0');
    CHECK_MEM(b.p, want, sizeof want);

    /* One large append after small ones. */
    struct bytebuf c = BYTEBUF_INIT;
    bytebuf_put(&c, want, 3);
    bytebuf_put(&c, want + 3, sizeof want - 3);
    CHECK(!c.oom && c.len == sizeof want && c.cap > c.len);
    CHECK_MEM(c.p, want, sizeof want);
    bytebuf_wipe_free(&c);
    CHECK(c.p == NULL && c.len == 0 && c.cap == 0);
    bytebuf_free(&b);
}

static void reserve(void)
{
    struct bytebuf b = BYTEBUF_INIT;
    CHECK(bytebuf_reserve(&b, 100) == 0 && b.cap >= 101 && b.len == 0);
    uint8_t *p = b.p;
    for (int i = 0; i < 100; i++)
        bytebuf_putc(&b, 'x');
    CHECK(b.p == p && b.len == 100); /* the reserved room was enough: no reallocation */
    CHECK(bytebuf_reserve(&b, 0) == 0 && b.p == p);
    bytebuf_free(&b);
}

static void insert(void)
{
    struct bytebuf b = BYTEBUF_INIT;
    bytebuf_puts(&b, "held");
    bytebuf_insert(&b, 0, "[", 1);
    bytebuf_insert(&b, b.len, "]", 1);
    bytebuf_insert(&b, 3, "--", 2);
    CHECK_STR(bytebuf_str(&b), "[he--ld]");
    bytebuf_insert(&b, b.len + 1, "?", 1); /* past the end: nothing happens */
    bytebuf_insert(&b, 2, NULL, 0);
    CHECK(!b.oom && b.len == 8);
    CHECK_STR(bytebuf_str(&b), "[he--ld]");

    /* Inserting into an empty buffer at offset 0 is an append. */
    struct bytebuf e = BYTEBUF_INIT;
    bytebuf_insert(&e, 0, "ok", 2);
    CHECK_STR(bytebuf_str(&e), "ok");
    bytebuf_free(&e);

    /* A long insert in front of a long payload (the RLP list header case). */
    uint8_t big[300];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (uint8_t)i;
    struct bytebuf l = BYTEBUF_INIT;
    bytebuf_put(&l, big, sizeof big);
    bytebuf_insert(&l, 0, big, 200);
    CHECK(l.len == 500);
    CHECK_MEM(l.p, big, 200);
    CHECK_MEM(l.p + 200, big, sizeof big);
    bytebuf_free(&l);
    bytebuf_free(&b);
}

static void oom(void)
{
    struct bytebuf b = BYTEBUF_INIT;
    bytebuf_puts(&b, "abc");
    /* A length that would overflow sets the flag without touching the contents. */
    CHECK(bytebuf_reserve(&b, SIZE_MAX - 1) == -1);
    CHECK(b.oom && b.len == 3);
    CHECK_STR(bytebuf_str(&b), "abc");
    /* Sticky: later appends, inserts and reserves do nothing. */
    bytebuf_puts(&b, "def");
    bytebuf_putc(&b, 'g');
    bytebuf_insert(&b, 0, "x", 1);
    CHECK(b.oom && b.len == 3 && bytebuf_reserve(&b, 1) == -1);
    /* The text is not handed over; the buffer stays for the caller to free. */
    CHECK(bytebuf_take_str(&b) == NULL && b.p != NULL && b.oom);
    bytebuf_wipe_free(&b);
    CHECK(b.p == NULL && b.len == 0 && b.cap == 0 && !b.oom); /* freeing clears the flag */

    struct bytebuf c = BYTEBUF_INIT;
    bytebuf_put(&c, "x", SIZE_MAX / 2);
    CHECK(c.oom && c.len == 0 && c.p == NULL);
    bytebuf_free(&c);
}

static void take(void)
{
    struct bytebuf b = BYTEBUF_INIT;
    bytebuf_puts(&b, "{\"a\":1}");
    char *s = bytebuf_take_str(&b);
    CHECK_STR(s, "{\"a\":1}");
    CHECK(b.p == NULL && b.len == 0 && b.cap == 0); /* ownership moved to the caller */
    free(s);

    struct bytebuf e = BYTEBUF_INIT;
    s = bytebuf_take_str(&e); /* an empty buffer still yields a string to free */
    CHECK_STR(s, "");
    free(s);
}

int main(void)
{
    empty();
    text();
    growth();
    reserve();
    insert();
    oom();
    take();
    return check_summary();
}
