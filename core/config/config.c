/* The public entry points: read the file, build the node tree, walk the schema, and make
 * sure nothing is left behind on any error path (the caller gets a freed struct). */
#include "config/config.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/diag.h"
#include "config/pathnorm.h"
#include "config/schema.h"
#include "config/ytree.h"
#include "util/fsutil.h"

/* Takes ownership of base_dir. */
static int load(const char *name, char *base_dir, const char *text, size_t len, struct config *cfg, st_err *err)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->base_dir = base_dir;
    if (base_dir == NULL)
        return diag_at(err, name, 1, 1, NULL, "cannot determine the current folder: %s", strerror(errno));
    if ((cfg->source_path = strdup(name)) == NULL) {
        config_free(cfg);
        return diag_at(err, name, 1, 1, NULL, "out of memory");
    }
    /* Secrets go to libsodium's guarded memory, which needs sodium_init (idempotent);
     * `steward config check` loads a configuration without initialising anything else. */
    if (sodium_init() < 0) {
        config_free(cfg);
        return diag_at(err, name, 1, 1, NULL, "libsodium could not be initialised");
    }
    if (len > CONFIG_MAX_FILE_SIZE) {
        config_free(cfg);
        return diag_at(err, name, 1, 1, NULL, "configuration is larger than %u bytes (%zu); refusing it",
                       CONFIG_MAX_FILE_SIZE, len);
    }
    struct ytree tree = {0};
    int rc = ytree_parse(&tree, name, text, len, err);
    if (rc == 0) {
        struct walk w = {.file = name, .base_dir = base_dir, .arena = &tree.arena, .err = err};
        rc = schema_read(&w, tree.root, cfg);
    }
    ytree_free(&tree);
    if (rc != 0) {
        if (err && !err->set)
            diag_at(err, name, 1, 1, NULL, "invalid configuration");
        config_free(cfg);
    }
    return rc;
}

/* Reads at most CONFIG_MAX_FILE_SIZE bytes; the size is checked on the open descriptor
 * and again while reading (a file growing in between is refused, not cut). */
static int read_config_file(const char *path, char **out, size_t *outlen, st_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return diag_at(err, path, 1, 1, NULL, "cannot open the configuration: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return diag_at(err, path, 1, 1, NULL, "the configuration is not a regular file");
    }
    if (st.st_size > (off_t)CONFIG_MAX_FILE_SIZE) {
        close(fd);
        return diag_at(err, path, 1, 1, NULL, "configuration is larger than %u bytes (%lld); refusing it",
                       CONFIG_MAX_FILE_SIZE, (long long)st.st_size);
    }
    char *buf = malloc(CONFIG_MAX_FILE_SIZE + 2);
    if (buf == NULL) {
        close(fd);
        return diag_at(err, path, 1, 1, NULL, "out of memory");
    }
    size_t got = 0;
    for (;;) {
        ssize_t r = read(fd, buf + got, CONFIG_MAX_FILE_SIZE + 1 - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            close(fd);
            free(buf);
            return diag_at(err, path, 1, 1, NULL, "cannot read the configuration: %s", strerror(e));
        }
        if (r == 0 || (got += (size_t)r) > CONFIG_MAX_FILE_SIZE)
            break;
    }
    close(fd);
    if (got > CONFIG_MAX_FILE_SIZE) {
        free(buf);
        return diag_at(err, path, 1, 1, NULL, "configuration is larger than %u bytes; refusing it",
                       CONFIG_MAX_FILE_SIZE);
    }
    buf[got] = '\0';
    *out = buf;
    *outlen = got;
    return 0;
}

int config_load_file(const char *path, struct config *cfg, st_err *err)
{
    memset(cfg, 0, sizeof *cfg);
    char *text = NULL;
    size_t len = 0;
    if (read_config_file(path, &text, &len, err) != 0)
        return -1;
    char *dir = fs_dirname(path);
    char *base = dir ? path_absolute_dir(dir) : NULL;
    free(dir);
    int rc = load(path, base, text, len, cfg, err);
    explicit_bzero(text, len); /* a refused literal secret was in there */
    free(text);
    return rc;
}

int config_load_buffer(const char *name, const char *base_dir, const char *text, size_t len, struct config *cfg,
                       st_err *err)
{
    if (name == NULL)
        name = "<buffer>";
    return load(name, path_absolute_dir(base_dir), text, len, cfg, err);
}

void config_free(struct config *cfg)
{
    if (cfg == NULL)
        return;
    free(cfg->source_path);
    free(cfg->base_dir);
    free(cfg->data_dir);
    struct config_secret *s = &cfg->secret;
    free(s->backup.env);
    free(s->backup.file);
    secbuf_free(&s->backup.value);
    secbuf_free(&s->backup.passphrase);
    free(s->sealed.file);
    free(s->sealed.key_file);
    secbuf_free(&s->sealed.passphrase);
    free(s->sealed.dstack_socket);
    free(s->sealed.dstack_path);
    free(s->mpc.rpc_url);
    free(s->mpc.signer_contract);
    free(s->mpc.account_id);
    free(s->mpc.derivation_path);
    free(s->mpc.network_public_key);
    free(s->mpc.account_key_env);
    free(s->mpc.account_key_file);
    free(s->mpc.proxy_contract);
    free(s->mpc.proxy_method);
    free(s->mpc.hkdf_salt);
    free(s->mpc.hkdf_info);
    free(s->dev.file);
    free(cfg->policy_json);
    free(cfg->prices_json);
    for (size_t i = 0; i < cfg->chains.n && i < CONFIG_MAX_CHAINS; i++) {
        struct config_chain *c = &cfg->chains.list[i];
        free(c->plugin);
        free(c->rpc);
        if (c->options_json) /* may hold values expanded from the environment */
            explicit_bzero(c->options_json, strlen(c->options_json));
        free(c->options_json);
        free(c->paper_json);
    }
    for (size_t i = 0; i < cfg->n_strategies && i < CONFIG_MAX_STRATEGIES; i++) {
        struct config_strategy *st = &cfg->strategies[i];
        free(st->name);
        free(st->file);
        free(st->tenant);
        free(st->schedule.cron);
        if (st->params_json) /* may hold values expanded from the environment */
            explicit_bzero(st->params_json, strlen(st->params_json));
        free(st->params_json);
        free(st->contracts_json);
    }
    memset(cfg, 0, sizeof *cfg);
}

const struct config_tenant *config_find_tenant(const struct config *cfg, const char *id)
{
    for (size_t i = 0; i < cfg->n_tenants && i < CONFIG_MAX_TENANTS; i++)
        if (strcmp(cfg->tenants[i].id, id) == 0)
            return &cfg->tenants[i];
    return NULL;
}

const struct config_strategy *config_find_strategy(const struct config *cfg, const char *name)
{
    for (size_t i = 0; i < cfg->n_strategies && i < CONFIG_MAX_STRATEGIES; i++)
        if (cfg->strategies[i].name && strcmp(cfg->strategies[i].name, name) == 0)
            return &cfg->strategies[i];
    return NULL;
}

const char *config_secret_source_name(enum secret_source_kind k)
{
    static const char *const names[] = {"backup", "sealed", "mpc", "dev"};
    return (unsigned)k < 4 ? names[k] : "?";
}

const char *config_sealing_provider_name(enum sealing_key_provider p)
{
    static const char *const names[] = {"keyfile", "passphrase", "dstack"};
    return (unsigned)p < 3 ? names[p] : "?";
}

const char *config_btc_network_name(enum btc_network n)
{
    static const char *const names[] = {"mainnet", "testnet", "signet", "regtest"};
    return (unsigned)n < 4 ? names[n] : "?";
}

const struct config_chain *config_find_chain(const struct config *cfg, const char *name)
{
    for (size_t i = 0; i < cfg->chains.n; i++)
        if (strcmp(cfg->chains.list[i].name, name) == 0)
            return &cfg->chains.list[i];
    return NULL;
}
