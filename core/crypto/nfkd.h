/* nfkd.h: Unicode NFKD normalisation into guarded memory.
 *
 * BIP-39 normalises both the mnemonic and the passphrase to NFKD before hashing, so that
 * "ö" typed as one code point (U+00F6) or as "o" + U+0308 gives the same seed. */
#ifndef STEWARD_CRYPTO_NFKD_H
#define STEWARD_CRYPTO_NFKD_H

#include "util/err.h"
#include "util/secmem.h"

/* NFKD-normalises a NUL-terminated UTF-8 string (secret) into a new guarded buffer.
 * Out: out: the normalised text, NUL-terminated, out->len = its length without the NUL.
 * Fails when the input is not valid UTF-8 or memory runs out.
 * libunistring writes the result straight into the guarded buffer; only if the result is
 * more than 4 times longer than the input does it allocate from the ordinary heap, and that
 * copy is wiped and freed immediately after being moved into guarded memory. */
int nfkd_normalize(const char *in, secbuf *out, st_err *err);

#endif
