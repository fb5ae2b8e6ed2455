/* secmem.h: where secrets live.
 *
 * Every secret (master secret, BIP-39 seed, mnemonic text, private keys, sealing keys,
 * passphrases) is held in a `secbuf`: memory from libsodium's guarded allocator, which puts
 * guard pages around it, locks it in RAM (no swap) and excludes it from core dumps; it is
 * wiped when released. Nothing secret is ever copied to ordinary heap or stack memory for
 * longer than a library call needs, and such stack copies are wiped with sodium_memzero. */
#ifndef STEWARD_UTIL_SECMEM_H
#define STEWARD_UTIL_SECMEM_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

typedef struct secbuf {
    uint8_t *p;  /* guarded memory, or NULL when empty */
    size_t len;  /* bytes in use */
} secbuf;

#define SECBUF_EMPTY ((secbuf){NULL, 0})

/* Initialises libsodium and hardens the process: not dumpable (no core files, no ptrace
 * by non-root peers), core size limit 0. Call once at start, before any secret exists.
 * Returns -1 if libsodium cannot be initialised or the process cannot be hardened. */
int secmem_init(st_err *err);

/* Allocates `len` zeroed bytes of guarded memory into b (b->len = len). len may be 0. */
int secbuf_alloc(secbuf *b, size_t len, st_err *err);

/* Allocates guarded memory holding a copy of `len` bytes from src. */
int secbuf_copy(secbuf *b, const void *src, size_t len, st_err *err);

/* Wipes and releases b; safe on an empty buffer; leaves b empty. */
void secbuf_free(secbuf *b);

/* Constant-time comparison of two buffers of equal length: 1 if equal, 0 otherwise. */
int secbuf_equal(const secbuf *a, const secbuf *b);

#endif
