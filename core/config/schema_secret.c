/* secret: where the master secret comes from. Only the section of the chosen source may be
 * present: a leftover section for another source would be read by nobody, yet measured
 * and trusted by readers of the file, so it is refused rather than ignored. */
#include "config/schema.h"

#include <stdlib.h>
#include <string.h>

#include "config/pathnorm.h"

static const char *const sources[] = {"backup", "sealed", "mpc", "dev", NULL}; /* enum order */

static int env_name_ok(const char *s)
{
    if (!((*s >= 'A' && *s <= 'Z') || *s == '_'))
        return 0;
    for (s++; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return 0;
    return 1;
}

static int read_backup(struct walk *w, const struct ynode *m, struct config_backup *b)
{
    static const char *const keys[] = {"env", "file", "value", "passphrase", NULL};
    if (walk_mapping(w, m) != 0 || walk_known_keys(w, m, keys, "key") != 0)
        return -1;
    /* Exactly one of env, file, value; a second one is reported where it is written. */
    const struct ynode *chosen = NULL;
    for (const struct ynode *v = m->kind == YNODE_MAPPING ? m->first : NULL; v; v = v->next) {
        if (strcmp(v->key->text, "passphrase") == 0)
            continue;
        if (chosen != NULL)
            return walk_error(w, v->key, "give only one of env, file or value (%s is already given at line %u)",
                              chosen->key->text, chosen->line);
        chosen = v;
    }
    if (chosen == NULL)
        return walk_error(w, m, "needs one of env (a variable name), file (a path) or value (${VARIABLE})");

    const char *which = chosen->key->text, *t;
    if (strcmp(which, "env") == 0) {
        if (walk_string(w, chosen, &t, NULL) != 0)
            return -1;
        char s[256];
        if (!env_name_ok(t))
            return walk_error(w, chosen, "%s is not an environment variable name (A-Z, 0-9, _; not starting "
                                         "with a digit); write the name, not ${NAME}", walk_show(chosen, s, sizeof s));
        const char *v = getenv(t);
        if (v == NULL)
            return walk_error(w, chosen, "environment variable %s is not set", t);
        if (*v == '\0')
            return walk_error(w, chosen, "environment variable %s is set but empty", t);
        if ((b->env = strdup(t)) == NULL)
            return walk_error(w, chosen, "out of memory");
    } else if (strcmp(which, "file") == 0) {
        if (walk_path(w, chosen, &b->file) != 0 || walk_check_file(w, chosen, b->file, WALK_FILE_PRIVATE) != 0)
            return -1;
    } else if (walk_secret(w, chosen, 0, &b->value) != 0) {
        return -1;
    }
    const struct ynode *p = ynode_get(m, "passphrase");
    if (p != NULL) {
        if (walk_secret(w, p, 1, &b->passphrase) != 0)
            return -1;
        b->has_passphrase = 1;
    }
    return 0;
}

/* Which keys of secret.sealed.key each provider reads (enum order). */
static const char *const provider_names[] = {"keyfile", "passphrase", "dstack", NULL};
static const char *const provider_keys[3][5] = {
    {"provider", "file", NULL},
    {"provider", "passphrase", "argon2_opslimit", "argon2_memlimit_mib", NULL},
    {"provider", "socket", "path", NULL},
};

static int in_list(const char *const *list, const char *s)
{
    for (; *list; list++)
        if (strcmp(*list, s) == 0)
            return 1;
    return 0;
}

static int read_sealing_key(struct walk *w, const struct ynode *m, struct config_sealed *s)
{
    static const char *const keys[] = {"provider", "file", "passphrase", "argon2_opslimit", "argon2_memlimit_mib",
                                       "socket", "path", NULL};
    const struct ynode *n;
    int provider;
    if (walk_mapping(w, m) != 0 || walk_known_keys(w, m, keys, "key") != 0 ||
        walk_require(w, m, "provider", &n) != 0 || walk_choice(w, n, provider_names, &provider) != 0)
        return -1;
    s->provider = (enum sealing_key_provider)provider;
    for (const struct ynode *v = m->first; v; v = v->next) {
        if (in_list(provider_keys[provider], v->key->text))
            continue;
        int other = 0;
        while (!in_list(provider_keys[other], v->key->text))
            other++;
        return walk_error(w, v->key, "only used with provider: %s (provider is %s)", provider_names[other],
                          provider_names[provider]);
    }

    uint64_t u;
    switch (s->provider) {
    case SEALING_KEY_FILE:
        if (walk_require(w, m, "file", &n) != 0 || walk_path(w, n, &s->key_file) != 0 ||
            walk_check_file(w, n, s->key_file, WALK_FILE_PRIVATE) != 0)
            return -1;
        break;
    case SEALING_KEY_PASSPHRASE:
        if (walk_require(w, m, "passphrase", &n) != 0 || walk_secret(w, n, 0, &s->passphrase) != 0)
            return -1;
        s->argon2_opslimit = 3;
        s->argon2_memlimit_mib = 256;
        if ((n = ynode_get(m, "argon2_opslimit")) != NULL) {
            if (walk_uint(w, n, 1, 20, &u) != 0)
                return -1;
            s->argon2_opslimit = (uint32_t)u;
        }
        if ((n = ynode_get(m, "argon2_memlimit_mib")) != NULL) {
            if (walk_uint(w, n, 8, 4096, &u) != 0)
                return -1;
            s->argon2_memlimit_mib = (uint32_t)u;
        }
        break;
    case SEALING_KEY_DSTACK:
        if ((n = ynode_get(m, "socket")) != NULL ? walk_path(w, n, &s->dstack_socket) != 0
                                                 : (s->dstack_socket = strdup("/var/run/dstack.sock")) == NULL)
            return -1;
        if ((n = ynode_get(m, "path")) != NULL ? walk_string_dup(w, n, &s->dstack_path) != 0
                                               : (s->dstack_path = strdup("steward/sealing/v1")) == NULL)
            return -1;
        break;
    }
    return 0;
}

static int read_sealed(struct walk *w, const struct ynode *m, const char *data_dir, struct config_sealed *s)
{
    static const char *const keys[] = {"file", "create", "key", NULL};
    const struct ynode *n;
    if (walk_mapping(w, m) != 0 || walk_known_keys(w, m, keys, "key") != 0)
        return -1;
    /* The sealed file need not exist: it is created on first boot (unless create: false). */
    if ((n = ynode_get(m, "file")) != NULL ? walk_path(w, n, &s->file) != 0
                                           : (s->file = schema_join(data_dir, "master.sealed")) == NULL)
        return -1;
    s->create = 1;
    if ((n = ynode_get(m, "create")) != NULL && walk_bool(w, n, &s->create) != 0)
        return -1;
    return walk_require(w, m, "key", &n) != 0 || read_sealing_key(w, n, s) != 0 ? -1 : 0;
}

/* NEAR account ids (nearcore's rules, checked again where they are used): 2 to 64 characters
 * of a-z, 0-9 and the separators . - _, no separator first, last or next to another. */
static int near_account_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || n > 64)
        return 0;
    int prev_sep = 1;
    for (const char *p = s; *p; p++) {
        int sep = *p == '.' || *p == '-' || *p == '_';
        if (!sep && !((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
            return 0;
        if (sep && prev_sep)
            return 0;
        prev_sep = sep;
    }
    return !prev_sep;
}

static int read_account(struct walk *w, const struct ynode *n, char **out)
{
    char s[256];
    if (walk_string_dup(w, n, out) != 0)
        return -1;
    if (!near_account_ok(*out))
        return walk_error(w, n, "%s is not a NEAR account id (2-64 of a-z 0-9 . - _, no separator first, last or "
                                "twice in a row)", walk_show(n, s, sizeof s));
    return 0;
}

/* account_key: {env: NAME} or {file: path}; the key itself is read at recovery. */
static int read_account_key(struct walk *w, const struct ynode *m, struct config_mpc *c)
{
    static const char *const keys[] = {"env", "file", NULL};
    if (walk_mapping(w, m) != 0 || walk_known_keys(w, m, keys, "key") != 0)
        return -1;
    const struct ynode *env = ynode_get(m, "env"), *file = ynode_get(m, "file");
    if (env && file) {
        const struct ynode *later = env->line > file->line ? env : file;
        return walk_error(w, later->key, "give only one of env or file");
    }
    if (!env && !file)
        return walk_error(w, m, "needs one of env (a variable name) or file (a path) holding \"ed25519:<base58>\"");
    if (file)
        return walk_path(w, file, &c->account_key_file) != 0 ||
                       walk_check_file(w, file, c->account_key_file, WALK_FILE_PRIVATE) != 0
                   ? -1
                   : 0;
    const char *t;
    char s[256];
    if (walk_string(w, env, &t, NULL) != 0)
        return -1;
    if (!env_name_ok(t))
        return walk_error(w, env, "%s is not an environment variable name (A-Z, 0-9, _; not starting with a digit); "
                                  "write the name, not ${NAME}", walk_show(env, s, sizeof s));
    const char *v = getenv(t);
    if (v == NULL)
        return walk_error(w, env, "environment variable %s is not set", t);
    if (*v == '\0')
        return walk_error(w, env, "environment variable %s is set but empty", t);
    if ((c->account_key_env = strdup(t)) == NULL)
        return walk_error(w, env, "out of memory");
    return 0;
}

static int method_ok(const char *s)
{
    if (*s == '\0' || strlen(s) > 256)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return 0;
    return 1;
}

static int read_proxy(struct walk *w, const struct ynode *m, struct config_mpc *c)
{
    static const char *const keys[] = {"contract", "method", NULL};
    const struct ynode *n;
    char s[256];
    if (walk_mapping(w, m) != 0 || walk_known_keys(w, m, keys, "key") != 0)
        return -1;
    if (walk_require(w, m, "contract", &n) != 0 || read_account(w, n, &c->proxy_contract) != 0)
        return -1;
    if (walk_require(w, m, "method", &n) != 0 || walk_string_dup(w, n, &c->proxy_method) != 0)
        return -1;
    if (!method_ok(c->proxy_method))
        return walk_error(w, n, "%s is not a contract method name (letters, digits, _)", walk_show(n, s, sizeof s));
    return 0;
}

static int read_hkdf(struct walk *w, const struct ynode *m, struct config_mpc *c)
{
    static const char *const keys[] = {"salt", "info", NULL};
    const struct ynode *n;
    if (walk_mapping(w, m) != 0 || walk_known_keys(w, m, keys, "key") != 0)
        return -1;
    if ((n = ynode_get(m, "salt")) != NULL && walk_string_dup(w, n, &c->hkdf_salt) != 0)
        return -1;
    if ((n = ynode_get(m, "info")) != NULL && walk_string_dup(w, n, &c->hkdf_info) != 0)
        return -1;
    return 0;
}

#define MPC_GAS_MIN 1000000000000ull      /* 1 Tgas */
#define MPC_GAS_MAX 1000000000000000ull   /* 1000 Tgas */
#define MPC_GAS_DEFAULT 300000000000000ull /* 300 Tgas */

static int read_mpc(struct walk *w, const struct ynode *m, struct config_mpc *c)
{
    static const char *const keys[] = {"rpc_url", "signer_contract", "account_id", "derivation_path", "domain_id",
                                       "network_public_key", "account_key", "gas", "proxy", "hkdf", "retries",
                                       "timeout", NULL};
    const struct ynode *n;
    char s[256];
    if (walk_mapping(w, m) != 0 || walk_known_keys(w, m, keys, "key") != 0)
        return -1;
    if (walk_require(w, m, "rpc_url", &n) != 0 || walk_string_dup(w, n, &c->rpc_url) != 0)
        return -1;
    if (!((strncmp(c->rpc_url, "http://", 7) == 0 && c->rpc_url[7]) ||
          (strncmp(c->rpc_url, "https://", 8) == 0 && c->rpc_url[8])))
        return walk_error(w, n, "%s must be an http:// or https:// URL", walk_show(n, s, sizeof s));
    if (walk_require(w, m, "signer_contract", &n) != 0 || walk_string_dup(w, n, &c->signer_contract) != 0 ||
        walk_require(w, m, "account_id", &n) != 0 || walk_string_dup(w, n, &c->account_id) != 0)
        return -1;
    if ((n = ynode_get(m, "derivation_path")) != NULL ? walk_string_dup(w, n, &c->derivation_path) != 0
                                                      : (c->derivation_path = strdup("steward/master/v1")) == NULL)
        return -1;
    c->domain_id = 2;
    uint64_t u;
    if ((n = ynode_get(m, "domain_id")) != NULL) {
        if (walk_uint(w, n, 0, UINT32_MAX, &u) != 0)
            return -1;
        c->domain_id = (uint32_t)u;
    }
    if ((n = ynode_get(m, "network_public_key")) != NULL) {
        if (walk_string_dup(w, n, &c->network_public_key) != 0)
            return -1;
        if (strncmp(c->network_public_key, "bls12381g2:", 11) != 0 || c->network_public_key[11] == '\0')
            return walk_error(w, n, "%s must look like bls12381g2:<base58>", walk_show(n, s, sizeof s));
    }
    /* The account ids are checked after the keys above so that their errors keep their order. */
    static const char *const ids[] = {"signer_contract", "account_id"};
    for (int i = 0; i < 2; i++) {
        n = ynode_get(m, ids[i]);
        if (!near_account_ok(i == 0 ? c->signer_contract : c->account_id))
            return walk_error(w, n, "%s is not a NEAR account id (2-64 of a-z 0-9 . - _, no separator first, last "
                                    "or twice in a row)", walk_show(n, s, sizeof s));
    }
    c->gas = MPC_GAS_DEFAULT;
    if ((n = ynode_get(m, "gas")) != NULL && walk_uint(w, n, MPC_GAS_MIN, MPC_GAS_MAX, &c->gas) != 0)
        return -1;
    if ((n = ynode_get(m, "proxy")) != NULL && read_proxy(w, n, c) != 0)
        return -1;
    if ((n = ynode_get(m, "hkdf")) != NULL && read_hkdf(w, n, c) != 0)
        return -1;
    c->retries = 5;
    if ((n = ynode_get(m, "retries")) != NULL) {
        if (walk_uint(w, n, 0, 100, &u) != 0)
            return -1;
        c->retries = (uint32_t)u;
    }
    c->timeout_ms = 60000;
    if ((n = ynode_get(m, "timeout")) != NULL && walk_duration(w, n, 1000, &c->timeout_ms) != 0)
        return -1;
    return walk_require(w, m, "account_key", &n) != 0 || read_account_key(w, n, c) != 0 ? -1 : 0;
}

static int read_dev(struct walk *w, const struct ynode *m, const char *data_dir, struct config_dev *d)
{
    static const char *const keys[] = {"file", NULL};
    const struct ynode *n = NULL;
    if (m != NULL && (walk_mapping(w, m) != 0 || walk_known_keys(w, m, keys, "key") != 0))
        return -1;
    if ((n = ynode_get(m, "file")) != NULL ? walk_path(w, n, &d->file) != 0
                                           : (d->file = schema_join(data_dir, "dev-backup.secret")) == NULL)
        return -1;
    return 0;
}

int schema_secret(struct walk *w, const struct ynode *m, struct config *cfg)
{
    static const char *const keys[] = {"source", "backup", "sealed", "mpc", "dev", NULL};
    struct config_secret *sec = &cfg->secret;
    const struct ynode *n;
    int source;
    if (walk_mapping(w, m) != 0 || walk_known_keys(w, m, keys, "key") != 0 ||
        walk_require(w, m, "source", &n) != 0 || walk_choice(w, n, sources, &source) != 0)
        return -1;
    sec->source = (enum secret_source_kind)source;
    for (const struct ynode *v = m->first; v; v = v->next)
        if (strcmp(v->key->text, "source") != 0 && strcmp(v->key->text, sources[source]) != 0)
            return walk_error(w, v->key, "only used with source: %s (source is %s); remove this section",
                              v->key->text, sources[source]);

    /* Out of memory in the defaults is reported here; walk_* report their own errors. */
    int rc;
    switch (sec->source) {
    case SECRET_SOURCE_BACKUP:
        rc = walk_require(w, m, "backup", &n) != 0 ? -1 : read_backup(w, n, &sec->backup);
        break;
    case SECRET_SOURCE_SEALED:
        rc = walk_require(w, m, "sealed", &n) != 0 ? -1 : read_sealed(w, n, cfg->data_dir, &sec->sealed);
        break;
    case SECRET_SOURCE_MPC:
        rc = walk_require(w, m, "mpc", &n) != 0 ? -1 : read_mpc(w, n, &sec->mpc);
        break;
    default:
        rc = read_dev(w, ynode_get(m, "dev"), cfg->data_dir, &sec->dev);
        break;
    }
    if (rc != 0 && !w->err->set)
        return walk_error(w, m, "out of memory");
    return rc;
}
