/* host_paper.c: attaching paper chains (core/paper) to their loaded plugins. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "crypto/secp_ctx.h"
#include "plugin/host.h"

/* The exchange's public key: derived from a public constant, so its private key is known to
 * anyone who reads this file; that is fine because the exchange exists only in the paper
 * ledger, and it makes the address the same everywhere. */
static int exchange_address(struct loaded_plugin *lp, char *out, size_t cap, st_err *err)
{
    uint8_t seed[32], pub[33];
    size_t pub_len = 0;
    crypto_hash_sha256(seed, (const unsigned char *)"steward/paper/exchange/v1", 25);
    if (lp->p->curve == STW_CURVE_ED25519) {
        uint8_t sk[64];
        crypto_sign_seed_keypair(pub, sk, seed);
        sodium_memzero(sk, sizeof sk);
        pub_len = 32;
    } else {
        secp256k1_pubkey pk;
        pub_len = sizeof pub;
        if (!secp256k1_ec_pubkey_create(secp_ctx(), &pk, seed) ||
            !secp256k1_ec_pubkey_serialize(secp_ctx(), pub, &pub_len, &pk, SECP256K1_EC_COMPRESSED))
            return st_err_set(err, "paper: cannot make the exchange key");
    }
    char perr[STW_ERR_MAX] = "";
    if (lp->p->address(lp->state, pub, pub_len, out, cap, perr) != 0)
        return st_err_set(err, "chains.%s: the plugin cannot make the paper exchange's address: %s", lp->chain->name,
                          perr);
    return 0;
}

int plugins_attach_paper(struct plugin_set *set, struct store *st, st_err *err)
{
    for (size_t i = 0; i < set->n; i++) {
        struct loaded_plugin *lp = &set->list[i];
        if (lp->chain->paper_json == NULL || lp->paper != NULL)
            continue;
        char ex[128];
        if (exchange_address(lp, ex, sizeof ex, err) != 0)
            return -1;
        if (paper_chain_open(st, lp->chain->name, lp->p->chain, lp->chain->paper_json, lp->chain->options_json, ex,
                             &lp->paper, err) != 0)
            return st_err_wrap(err, "chains.%s", lp->chain->name);
        if (st == NULL) { /* validation only */
            paper_chain_close(lp->paper);
            lp->paper = NULL;
        }
    }
    return 0;
}
