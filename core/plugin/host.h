/* host.h: loading chain plugins and serving them.
 *
 * plugins_load opens every chain of the configuration (chains.<name>), in document order:
 * the plugin file is chains.<name>.plugin, or <steward's folder>/plugins/<name>.so. It fails
 * closed, naming the chain, the file and the reason, when a file is missing or is not a
 * shared object, has no steward_plugin_entry, returns no table or an incomplete one, was built
 * for another ABI version, claims a chain another plugin already serves or another chain than
 * its configuration entry, declares a curve or scheme it cannot use, gives a derivation path
 * that disagrees with key derivation v1 (eth, btc, sol), or refuses its options in init.
 *
 * Each loaded plugin gets its own `struct stw_host` whose context carries the chain's RPC
 * endpoint and the signer (NULL when the caller only inspects plugins: then sign fails). */
#ifndef STEWARD_PLUGIN_HOST_H
#define STEWARD_PLUGIN_HOST_H

#include <stdint.h>

#include "config/config.h"
#include "net/http_client.h"
#include "paper/paper.h"
#include "signer/signer.h"
#include "steward_plugin.h"

struct loaded_plugin {
    const struct config_chain *chain; /* its configuration entry */
    char *path;                       /* the file loaded */
    uint8_t sha256[32];               /* of that file, as loaded */
    void *dl;
    const struct stw_plugin *p;
    void *state;
    struct stw_host host;
    struct http_endpoint rpc;
    char rpc_name[64];
    struct signer *signer;
    struct paper_chain *paper; /* non-NULL: a paper chain (plugins_attach_paper) */
};

struct plugin_set {
    size_t n;
    struct loaded_plugin list[CONFIG_MAX_CHAINS];
};

/* Loads and initialises every configured chain's plugin. signer may be NULL. */
int plugins_load(const struct config *cfg, struct signer *signer, struct plugin_set *out, st_err *err);

/* Opens the paper ledger's simulated node for every chain configured with `paper:` (see
 * core/paper/paper.h); from then on those plugins' RPC goes to the simulation. Each paper
 * chain's exchange address is the chain's address of a fixed public key that no one holds the
 * private key to in any sense that matters: it is derived from a public constant, so it is
 * the same on every installation. Errors name the chain and the paper key. With st NULL the
 * paper sections are only validated (nothing stays attached). */
int plugins_attach_paper(struct plugin_set *set, struct store *st, st_err *err);

/* Shuts every plugin down and unloads it (and closes paper chains). Safe on a zeroed set. */
void plugins_unload(struct plugin_set *set);

/* The plugin configured as chain `name`, or NULL. */
struct loaded_plugin *plugins_find(struct plugin_set *set, const char *name);

/* The folder of the running steward binary (malloc'd), where plugins/ is looked for. */
char *plugins_default_dir(void);

#endif
