/* sol_wire.h: the signed transaction on the wire, and its text forms.
 *
 * wire = shortvec(#signatures) || signatures (64 bytes each, in the order of the message's
 * signer keys) || message. The transaction id that explorers show is the base58 text of the
 * first signature (the fee payer's). JSON-RPC sendTransaction takes the wire bytes in base64
 * (standard alphabet, with padding). */
#ifndef STEWARD_SOL_WIRE_H
#define STEWARD_SOL_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define SOL_SIG_LEN 64
#define SOL_MAX_SIGS 8
#define SOL_TXID_MAX 90 /* 64 bytes in base58: at most 88 characters + NUL */

/* Writes the wire form of nsigs signatures and a message into out[0..cap).
 * Fails when nsigs is 0 or above SOL_MAX_SIGS, or the result exceeds cap. Callers compare the
 * length with SOL_PACKET_DATA_SIZE themselves. */
int sol_wire_serialize(const uint8_t (*sigs)[SOL_SIG_LEN], size_t nsigs, const uint8_t *msg, size_t msg_len,
                       uint8_t *out, size_t cap, size_t *len, st_err *err);

/* Splits wire bytes into signatures and message without copying: *sigs points at the first
 * signature, *msg at the message. Checks that the signature count is a canonical shortvec
 * between 1 and SOL_MAX_SIGS, that the signatures fit, and that the message's first byte
 * (num_required_signatures of a legacy message) equals the signature count. The message
 * itself is checked with sol_message_parse by callers that need it. */
int sol_wire_split(const uint8_t *in, size_t len, const uint8_t **sigs, size_t *nsigs, const uint8_t **msg,
                   size_t *msg_len, st_err *err);

/* base58 text of a signature (cap >= SOL_TXID_MAX); "" on a too-small cap. */
void sol_signature_format(const uint8_t sig[SOL_SIG_LEN], char *out, size_t cap);

/* Standard base64 with padding. sol_base64_encode returns a malloc'd NUL-terminated string
 * (NULL when memory ran out). sol_base64_decode decodes into out (cap bytes), refusing any
 * character outside the alphabet, missing padding or whitespace. */
char *sol_base64_encode(const uint8_t *in, size_t len);
int sol_base64_decode(const char *text, uint8_t *out, size_t cap, size_t *len, st_err *err);

#endif
