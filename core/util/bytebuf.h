/* bytebuf.h: a growable byte buffer with a sticky out-of-memory flag.
 *
 * One buffer type for every writer that builds an answer of unknown length: RLP and Bitcoin
 * serialisation, EIP-712 type strings, JSON text. Appends never fail loudly: when an
 * allocation fails (or a length would overflow) the buffer sets `oom`, every later append
 * does nothing, and the caller checks `oom` once at the end of a sequence of appends.
 *
 * Invariants, true after every call:
 *   - p is NULL (and len == cap == 0) until the first non-empty append, else malloc'd;
 *   - len < cap whenever p is non-NULL, and p[len] == '\0', so the contents can be used as
 *     a C string by text users (binary users simply ignore the terminator);
 *   - once oom is 1 it stays 1 until bytebuf_free or bytebuf_wipe_free; the bytes already
 *     in the buffer are then incomplete and must not be used.
 *
 * A zero-initialised struct (BYTEBUF_INIT, `= {0}`) is a valid empty buffer. */
#ifndef STEWARD_UTIL_BYTEBUF_H
#define STEWARD_UTIL_BYTEBUF_H

#include <stddef.h>
#include <stdint.h>

struct bytebuf {
    uint8_t *p;  /* malloc'd bytes, NUL-terminated; NULL while empty */
    size_t len;  /* bytes written (not counting the terminator) */
    size_t cap;  /* bytes allocated */
    int oom;     /* 1 once an allocation failed; every later append is ignored */
};

#define BYTEBUF_INIT { NULL, 0, 0, 0 }

/* Initialises an empty buffer (the same as BYTEBUF_INIT).
 * Out: b (non-NULL). */
void bytebuf_init(struct bytebuf *b);

/* Makes room for n more bytes (plus the terminator) so the next appends totalling n bytes
 * do not allocate.
 * Returns 0, or -1 when b->oom is (or becomes) set. */
int bytebuf_reserve(struct bytebuf *b, size_t n);

/* Appends n bytes. data may be NULL when n is 0 (an empty append changes nothing). */
void bytebuf_put(struct bytebuf *b, const void *data, size_t n);

/* Appends one byte (c is converted to unsigned char, as putc does). */
void bytebuf_putc(struct bytebuf *b, int c);

/* Appends the characters of the NUL-terminated string s (not its terminator). */
void bytebuf_puts(struct bytebuf *b, const char *s);

/* Inserts n bytes at offset off (off <= b->len), moving the bytes after it up. An offset
 * past the end inserts nothing and leaves the buffer as it was. */
void bytebuf_insert(struct bytebuf *b, size_t off, const void *data, size_t n);

/* The contents as a C string: "" while empty. Only meaningful while b->oom is 0. The
 * pointer is invalidated by the next append or free. */
const char *bytebuf_str(const struct bytebuf *b);

/* Hands the contents over as a malloc'd NUL-terminated string (the caller frees it) and
 * leaves b empty. An empty buffer yields a malloc'd "".
 * Returns NULL, leaving b untouched for the caller to free, when b->oom is set or the
 * empty string cannot be allocated. */
char *bytebuf_take_str(struct bytebuf *b);

/* Releases the memory and leaves b empty (oom cleared). Safe on an empty buffer. */
void bytebuf_free(struct bytebuf *b);

/* Like bytebuf_free, but first overwrites all `cap` allocated bytes with zeros (with
 * explicit_bzero, which the compiler may not drop) for buffers that held anything
 * sensitive, such as expanded environment values. */
void bytebuf_wipe_free(struct bytebuf *b);

#endif
