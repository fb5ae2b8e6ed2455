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
#include "cli/cli_session.h"
#include "keys/keys.h"
#include "secret/secret_source.h"
#include "store/audit.h"
#include "store/store.h"
#include "util/log.h"

#ifndef STEWARD_VERSION
#define STEWARD_VERSION "0.0.0-unknown"
#endif

/* Derives every tenant's keys once at start (core derivation, and each chain's address from
 * its plugin): a failure stops the agent before it reports ready, and the log shows which
 * addresses this agent controls. */
static int derive_all(struct session *s, st_err *err)
{
    for (size_t i = 0; i < s->cfg.n_tenants; i++) {
        const char *tenant = s->cfg.tenants[i].id;
        struct tenant_public_keys k;
        if (keys_derive_public(&s->ms.root_seed, tenant, 0, s->cfg.chains.btc_network, &k, err) != 0)
            return st_err_wrap(err, "tenant %s", tenant);
        for (size_t c = 0; c < s->plugins.n; c++) {
            struct session_account a;
            if (session_account(s, &s->plugins.list[c], tenant, 0, &a, err) != 0)
                return st_err_wrap(err, "tenant %s", tenant);
            log_info("keys.derived", "tenant %s: %s %s (%s)", tenant, s->plugins.list[c].chain->name, a.address, a.path);
        }
    }
    return 0;
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
    /* Block the stop signals before anything slow happens, so a signal during start-up is
     * queued and handled as a clean stop right after readiness, not a kill mid-write. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigprocmask(SIG_BLOCK, &stop, NULL);

    struct session s;
    st_err err = {0};
    int rc = session_open("run", &o, NEED_SIGNER | NEED_PLUGINS | NEED_POLICY, &s);
    if (rc != 0)
        goto out;
    rc = EXIT_RUNTIME;
    log_info("agent.start", "steward %s started with %s; master secret from source %s%s", STEWARD_VERSION,
             s.cfg.source_path, s.ms.source, s.ms.created ? " (created on this boot)" : "");
    for (size_t i = 0; i < s.plugins.n; i++)
        log_info("plugin.loaded", "chains.%s: %s %s (ABI %u) from %s", s.plugins.list[i].chain->name,
                 s.plugins.list[i].p->name, s.plugins.list[i].p->version, s.plugins.list[i].p->abi_version,
                 s.plugins.list[i].path);
    if (derive_all(&s, &err) != 0) {
        log_error("keys.failed", "%s", err.msg);
        goto out;
    }
    if (session_audit(&s, "agent.start", NULL, "agent",
                      json_pack("{s:s, s:s, s:s, s:b, s:b, s:i, s:i, s:i}", "version", STEWARD_VERSION, "config",
                                s.cfg.source_path, "secret_source", s.ms.source, "dev_secret", s.ms.is_dev,
                                "secret_created", s.ms.created, "tenants", (int)s.cfg.n_tenants, "strategies",
                                (int)s.cfg.n_strategies, "plugins", (int)s.plugins.n),
                      NULL, &err) != 0) {
        log_error("audit.failed", "%s", err.msg);
        goto out;
    }
    log_info("agent.ready", "ready: %zu tenant%s, %zu chain%s, %zu strateg%s, secret source %s%s, data %s",
             s.cfg.n_tenants, s.cfg.n_tenants == 1 ? "" : "s", s.plugins.n, s.plugins.n == 1 ? "" : "s",
             s.cfg.n_strategies, s.cfg.n_strategies == 1 ? "y" : "ies", s.ms.source, s.ms.is_dev ? " (DEV)" : "",
             s.cfg.data_dir);

    int sig = 0;
    while (sigwait(&stop, &sig) != 0 && errno == EINTR)
        ;
    log_info("agent.stopping", "received %s", sig == SIGINT ? "SIGINT" : "SIGTERM");
    if (session_audit(&s, "agent.stop", NULL, "agent", json_pack("{s:s}", "signal", sig == SIGINT ? "SIGINT" : "SIGTERM"),
                      NULL, &err) != 0) {
        log_error("audit.failed", "%s", err.msg);
        goto out;
    }
    log_info("agent.stop", "stopped cleanly");
    rc = EXIT_OK;
out:
    session_close(&s);
    return rc;
}
