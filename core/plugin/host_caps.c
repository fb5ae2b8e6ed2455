#include "plugin/host_caps.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paper/paper.h"
#include "plugin/host.h"
#include "util/log.h"

/* Copies an error message into the ABI's fixed-size buffer, truncating if it must. */
static void put_err(char err[STW_ERR_MAX], const char *msg)
{
    size_t n = strnlen(msg, STW_ERR_MAX - 1);
    memcpy(err, msg, n);
    err[n] = '\0';
}

static void *cap_alloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p == NULL) {
        /* The ABI promises non-NULL: a host out of memory cannot continue safely. */
        fputs("steward: out of memory\n", stderr);
        abort();
    }
    return p;
}

static void cap_free(void *p)
{
    free(p);
}

static void cap_log(void *ctx, enum stw_log_level level, const char *event, const char *msg)
{
    const struct loaded_plugin *lp = ctx;
    char ev[96];
    snprintf(ev, sizeof ev, "plugin.%s.%s", lp->chain->name, event ? event : "log");
    enum log_level l = level <= STW_LOG_DEBUG ? LOG_DEBUG : level == STW_LOG_INFO ? LOG_INFO
                     : level == STW_LOG_WARN ? LOG_WARN : LOG_ERROR;
    log_emit(l, ev, "%s", msg ? msg : "");
}

/* Copies a malloc'd string into host->alloc memory (the ABI's allocator). */
static char *to_abi(char *s)
{
    size_t n = strlen(s) + 1;
    char *out = cap_alloc(n);
    memcpy(out, s, n);
    free(s);
    return out;
}

static int cap_rpc_call(void *ctx, const char *method, const char *params_json, char **result_json,
                        char err[STW_ERR_MAX])
{
    struct loaded_plugin *lp = ctx;
    st_err e = {0};
    char *r = NULL;
    *result_json = NULL;
    /* A paper chain's node is steward's simulation (core/paper), never the network. */
    if (lp->paper ? paper_rpc(lp->paper, method, params_json, &r, &e) != 0
                  : http_jsonrpc(&lp->rpc, method, params_json, &r, &e) != 0) {
        put_err(err, e.msg);
        return -1;
    }
    *result_json = to_abi(r);
    return 0;
}

static int cap_http(void *ctx, const char *verb, const char *path, const char *body, const char *content_type,
                    long *status, char **response, char err[STW_ERR_MAX])
{
    struct loaded_plugin *lp = ctx;
    st_err e = {0};
    char *r = NULL;
    *response = NULL;
    if (strcmp(verb, "GET") != 0 && strcmp(verb, "POST") != 0) {
        snprintf(err, STW_ERR_MAX, "HTTP verb %s is not offered (GET or POST)", verb);
        return -1;
    }
    if (lp->paper ? paper_http(lp->paper, verb, path ? path : "", body, status, &r, &e) != 0
                  : http_request(&lp->rpc, verb, path ? path : "", body, content_type, status, &r, &e) != 0) {
        put_err(err, e.msg);
        return -1;
    }
    *response = to_abi(r);
    return 0;
}

static int cap_sign(void *ctx, struct stw_sign_cap *cap, const struct stw_account *account,
                    enum stw_sig_scheme scheme, const uint8_t *msg, size_t msg_len, uint8_t sig[65], size_t *sig_len,
                    char err[STW_ERR_MAX])
{
    struct loaded_plugin *lp = ctx;
    st_err e = {0};
    *sig_len = 0;
    if (lp->signer == NULL) {
        snprintf(err, STW_ERR_MAX, "signing is not available in this command");
        return -1;
    }
    if (signer_sign(lp->signer, cap, account, scheme, msg, msg_len, sig, sig_len, &e) != 0) {
        put_err(err, e.msg);
        log_warn("signer.refused", "chains.%s: %s", lp->chain->name, e.msg);
        return -1;
    }
    return 0;
}

void host_caps_fill(struct loaded_plugin *lp)
{
    lp->host = (struct stw_host){
        .abi_version = STW_PLUGIN_ABI_VERSION,
        .ctx = lp,
        .alloc = cap_alloc,
        .free = cap_free,
        .log = cap_log,
        .rpc_call = cap_rpc_call,
        .http = cap_http,
        .sign = cap_sign,
    };
}
