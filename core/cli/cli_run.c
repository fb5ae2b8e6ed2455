/* steward run: start the agent. This build loads the configuration, recovers the master
 * secret, opens the store, derives every tenant's keys, records the start in the audit log,
 * logs readiness and waits for SIGINT or SIGTERM, then records the stop and exits 0.
 * The scheduler that runs strategies plugs in where the agent now waits (issue #4). */
#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_common.h"
#include "keys/keys.h"
#include "secret/secret_source.h"
#include "store/audit.h"
#include "store/store.h"
#include "util/log.h"

#ifndef STEWARD_VERSION
#define STEWARD_VERSION "0.0.0-unknown"
#endif

/* Derives every tenant's public keys once at start: a derivation failure stops the agent
 * before it reports ready, and the log shows which addresses this agent controls. */
static int derive_all(const struct config *cfg, const struct master_secret *ms, st_err *err)
{
    for (size_t i = 0; i < cfg->n_tenants; i++) {
        struct tenant_public_keys k;
        if (keys_derive_public(&ms->root_seed, cfg->tenants[i].id, 0, cfg->chains.btc_network, &k, err) != 0)
            return st_err_wrap(err, "tenant %s", cfg->tenants[i].id);
        log_info("keys.derived", "tenant %s: eth %s, btc %s, sol %s", k.tenant, k.eth.address,
                 k.btc.address, k.sol.address);
    }
    return 0;
}

static int audit_event(struct store *st, const char *kind, json_t *detail, st_err *err)
{
    char *text = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(detail);
    if (text == NULL)
        return st_err_set(err, "out of memory");
    int rc = audit_append(st, kind, NULL, "agent", text, NULL, err);
    free(text);
    return rc;
}

int cmd_run(int argc, char **argv)
{
    struct cli_opts o;
    if (cli_parse("run", argc, argv, OPT_CONFIG | OPT_LOG, &o) != 0)
        return EXIT_USAGE;
    if (o.help) {
        puts("usage: steward run [-c FILE] [--log-format text|json] [--log-level LEVEL]\n\n"
             "Starts the agent: loads the configuration, recovers the master secret from the\n"
             "configured source (never another), opens the store, derives each tenant's keys,\n"
             "logs agent.ready and runs until SIGINT or SIGTERM, then stops cleanly (exit 0).\n"
             "Logs go to stderr. Exit 1 when the secret or the store cannot be had, 2 on a\n"
             "configuration error.");
        return EXIT_OK;
    }
    if (o.argc) {
        cli_fail("run", "unexpected argument \"%s\"", o.argv[0]);
        return EXIT_USAGE;
    }
    struct config cfg = {0};
    if (cli_load_config(&o, &cfg) != 0)
        return EXIT_USAGE;

    /* Block the stop signals before anything slow happens, so a signal during start-up is
     * queued and handled as a clean stop right after readiness, not a kill mid-write. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigprocmask(SIG_BLOCK, &stop, NULL);

    int rc = EXIT_RUNTIME;
    st_err err = {0};
    struct master_secret ms = {0};
    struct store *st = NULL;
    if (secmem_init(&err) != 0) {
        log_error("agent.failed", "%s", err.msg);
        goto out;
    }
    log_info("agent.start", "steward %s starting with %s", STEWARD_VERSION, cfg.source_path);
    if (secret_recover(&cfg.secret, cfg.data_dir, &ms, &err) != 0) {
        log_error("secret.failed", "%s", err.msg);
        goto out;
    }
    log_info("secret.recovered", "master secret recovered from source %s%s", ms.source,
             ms.created ? " (created on this boot)" : "");
    if (store_open(cfg.data_dir, &st, &err) != 0) {
        log_error("store.failed", "%s", err.msg);
        goto out;
    }
    if (derive_all(&cfg, &ms, &err) != 0) {
        log_error("keys.failed", "%s", err.msg);
        goto out;
    }
    if (audit_event(st, "agent.start",
                    json_pack("{s:s, s:s, s:s, s:b, s:b, s:i, s:i}", "version", STEWARD_VERSION, "config",
                              cfg.source_path, "secret_source", ms.source, "dev_secret", ms.is_dev,
                              "secret_created", ms.created, "tenants", (int)cfg.n_tenants, "strategies",
                              (int)cfg.n_strategies),
                    &err) != 0) {
        log_error("audit.failed", "%s", err.msg);
        goto out;
    }
    log_info("agent.ready", "ready: %zu tenant%s, %zu strateg%s, secret source %s%s, data %s", cfg.n_tenants,
             cfg.n_tenants == 1 ? "" : "s", cfg.n_strategies, cfg.n_strategies == 1 ? "y" : "ies", ms.source,
             ms.is_dev ? " (DEV)" : "", cfg.data_dir);

    int sig = 0;
    while (sigwait(&stop, &sig) != 0 && errno == EINTR)
        ;
    log_info("agent.stopping", "received %s", sig == SIGINT ? "SIGINT" : "SIGTERM");
    if (audit_event(st, "agent.stop", json_pack("{s:s}", "signal", sig == SIGINT ? "SIGINT" : "SIGTERM"), &err) != 0) {
        log_error("audit.failed", "%s", err.msg);
        goto out;
    }
    log_info("agent.stop", "stopped cleanly");
    rc = EXIT_OK;
out:
    store_close(st);
    master_secret_free(&ms);
    config_free(&cfg);
    return rc;
}
