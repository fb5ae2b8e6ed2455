#include "plugin/host.h"

#include <dlfcn.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "keys/keys.h"
#include "plugin/host_caps.h"
#include "util/fsutil.h"

#define PLUGIN_FILE_MAX (64u << 20)

char *plugins_default_dir(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return strdup(".");
    exe[n] = '\0';
    char *dir = fs_dirname(exe);
    if (dir == NULL)
        return NULL;
    char *plugins = fs_resolve(dir, "plugins");
    free(dir);
    return plugins;
}

static char *plugin_path(const struct config_chain *c)
{
    if (c->plugin)
        return strdup(c->plugin);
    char *dir = plugins_default_dir();
    if (dir == NULL)
        return NULL;
    size_t n = strlen(dir) + strlen(c->name) + 5;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s.so", dir, c->name);
    free(dir);
    return p;
}

/* The hash of the file as it is on disk when loaded (measured into RTMR3 by a later issue). */
static int hash_file(const char *path, uint8_t out[32], st_err *err)
{
    char *data = NULL;
    size_t len = 0;
    if (fs_read_file(path, PLUGIN_FILE_MAX, &data, &len, err) != 0)
        return -1;
    crypto_hash_sha256(out, (const unsigned char *)data, len);
    free(data);
    return 0;
}

/* Every function the ABI requires (sign_message may be NULL). */
static const char *missing_function(const struct stw_plugin *p)
{
    if (!p->derivation_path) return "derivation_path";
    if (!p->init) return "init";
    if (!p->shutdown) return "shutdown";
    if (!p->address) return "address";
    if (!p->build) return "build";
    if (!p->describe) return "describe";
    if (!p->sign) return "sign";
    if (!p->assemble) return "assemble";
    if (!p->broadcast) return "broadcast";
    if (!p->balance) return "balance";
    if (!p->tx_free) return "tx_free";
    return NULL;
}

static int valid_chain_name(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > CONFIG_CHAIN_NAME_MAX)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
            return 0;
    return 1;
}

static int check_table(const struct config *cfg, const struct plugin_set *set, const struct loaded_plugin *lp,
                       st_err *err)
{
    const struct stw_plugin *p = lp->p;
    const char *where = lp->chain->name;
    if (p->abi_version != STW_PLUGIN_ABI_VERSION)
        return st_err_set(err, "plugin ABI version %u, but this steward speaks version %u", p->abi_version,
                          STW_PLUGIN_ABI_VERSION);
    const char *miss = missing_function(p);
    if (miss)
        return st_err_set(err, "the plugin table lacks the required function %s", miss);
    if (!valid_chain_name(p->chain))
        return st_err_set(err, "the plugin names its chain badly (want [a-z0-9_-]{1,32})");
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->list[i].p->chain, p->chain) == 0)
            return st_err_set(err, "it claims chain \"%s\", already served by %s (chains.%s)", p->chain,
                              set->list[i].path, set->list[i].chain->name);
    if (strcmp(p->chain, where) != 0)
        return st_err_set(err, "it serves chain \"%s\", but is configured as chains.%s", p->chain, where);
    int curve_ok = p->curve == STW_CURVE_SECP256K1 || p->curve == STW_CURVE_ED25519;
    int scheme_ok = (p->curve == STW_CURVE_ED25519 && p->scheme == STW_SIG_ED25519) ||
                    (p->curve == STW_CURVE_SECP256K1 && (p->scheme == STW_SIG_ECDSA_SECP256K1_RECOVERABLE ||
                                                         p->scheme == STW_SIG_SCHNORR_BIP340_TAPROOT));
    if (!curve_ok || !scheme_ok)
        return st_err_set(err, "curve %d with signature scheme %d is not a supported pair", (int)p->curve,
                          (int)p->scheme);
    (void)cfg;
    return 0;
}

/* For eth, btc and sol the plugin's paths must be key derivation v1's (checked on indices 0,
 * 1 and a large one): a plugin cannot move funds' addresses by choosing its own path. */
static int check_paths(const struct config *cfg, const struct loaded_plugin *lp, st_err *err)
{
    static const uint32_t probes[] = {0, 1, 2147483647u};
    for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
        char got[128], want[128], perr[STW_ERR_MAX] = "";
        if (lp->p->derivation_path(lp->state, probes[i], got, sizeof got, perr) != 0)
            return st_err_set(err, "derivation_path(%u) failed: %s", probes[i], perr);
        if (keys_v1_path(lp->p->chain, probes[i], cfg->chains.btc_network, want, sizeof want) != 0)
            continue; /* a chain key derivation v1 does not fix */
        if (strcmp(got, want) != 0)
            return st_err_set(err, "derivation path %s for index %u differs from key derivation v1's %s", got,
                              probes[i], want);
    }
    return 0;
}

static int load_one(const struct config *cfg, const struct config_chain *c, struct signer *signer,
                    struct plugin_set *set, st_err *err)
{
    struct loaded_plugin *lp = &set->list[set->n];
    memset(lp, 0, sizeof *lp);
    lp->chain = c;
    lp->signer = signer;
    lp->path = plugin_path(c);
    if (lp->path == NULL)
        return st_err_set(err, "out of memory");
    if (!fs_exists(lp->path)) {
        st_err_set(err, "%s does not exist%s", lp->path,
                   c->plugin ? "" : " (set chains.<name>.plugin, or build the plugin next to steward)");
        goto fail;
    }
    if (hash_file(lp->path, lp->sha256, err) != 0)
        goto fail;
    /* RTLD_NOW: every symbol resolved now, so a broken plugin fails at start, not mid-run.
     * RTLD_LOCAL: one plugin's symbols never satisfy another's. */
    lp->dl = dlopen(lp->path, RTLD_NOW | RTLD_LOCAL);
    if (lp->dl == NULL) {
        const char *why = dlerror();
        st_err_set(err, "%s: not a loadable shared object: %s", lp->path, why ? why : "unknown");
        goto fail;
    }
    stw_plugin_entry_fn entry;
    *(void **)&entry = dlsym(lp->dl, STEWARD_PLUGIN_ENTRY);
    if (entry == NULL) {
        st_err_set(err, "%s: not a steward plugin (no %s symbol)", lp->path, STEWARD_PLUGIN_ENTRY);
        goto fail;
    }
    lp->p = entry();
    if (lp->p == NULL) {
        st_err_set(err, "%s: %s returned no plugin table", lp->path, STEWARD_PLUGIN_ENTRY);
        goto fail;
    }
    if (check_table(cfg, set, lp, err) != 0) {
        st_err_wrap(err, "%s", lp->path);
        goto fail;
    }
    snprintf(lp->rpc_name, sizeof lp->rpc_name, "chains.%s.rpc", c->name);
    lp->rpc = (struct http_endpoint){c->rpc, lp->rpc_name, c->rpc_timeout_ms, c->rpc_retries};
    host_caps_fill(lp);
    char perr[STW_ERR_MAX] = "";
    if (lp->p->init(&lp->host, c->options_json ? c->options_json : "{}", &lp->state, perr) != 0) {
        st_err_set(err, "%s: the plugin refused its options: %s", lp->path, perr);
        goto fail;
    }
    if (check_paths(cfg, lp, err) != 0) {
        lp->p->shutdown(lp->state);
        st_err_wrap(err, "%s", lp->path);
        goto fail;
    }
    set->n++;
    return 0;
fail:
    if (lp->dl)
        dlclose(lp->dl);
    free(lp->path);
    memset(lp, 0, sizeof *lp);
    return -1;
}

int plugins_load(const struct config *cfg, struct signer *signer, struct plugin_set *out, st_err *err)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < cfg->chains.n; i++) {
        const struct config_chain *c = &cfg->chains.list[i];
        if (load_one(cfg, c, signer, out, err) != 0) {
            st_err_wrap(err, "%s:%u:%u: chains.%s", cfg->source_path, c->line, c->col, c->name);
            plugins_unload(out);
            return -1;
        }
    }
    return 0;
}

void plugins_unload(struct plugin_set *set)
{
    for (size_t i = set->n; i-- > 0;) {
        struct loaded_plugin *lp = &set->list[i];
        if (lp->p && lp->state)
            lp->p->shutdown(lp->state);
        paper_chain_close(lp->paper);
        /* Under AddressSanitizer a dlclose'd library's frames cannot be symbolised in leak
         * reports; keeping plugins mapped until exit costs nothing either way. */
        free(lp->path);
    }
    memset(set, 0, sizeof *set);
}

struct loaded_plugin *plugins_find(struct plugin_set *set, const char *name)
{
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->list[i].chain->name, name) == 0)
            return &set->list[i];
    return NULL;
}
