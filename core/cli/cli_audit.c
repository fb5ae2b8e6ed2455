/* steward audit verify | show: check the hash chain of the audit log, or print it.
 * Neither needs the master secret: the chain is verifiable by anyone holding the database. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_common.h"
#include "store/audit.h"
#include "store/store.h"
#include "util/fsutil.h"

/* Opens the configured store, but only if it exists: verify and show never create one. */
static int open_existing(const struct config *cfg, struct store **st)
{
    char *db = fs_resolve(cfg->data_dir, STORE_DB_NAME);
    int exists = db && fs_exists(db);
    if (!exists) {
        cli_fail("audit", "no store at %s (the agent has not run with this configuration)", db ? db : cfg->data_dir);
        free(db);
        return -1;
    }
    free(db);
    st_err err = {0};
    if (store_open(cfg->data_dir, st, &err) != 0) {
        cli_fail("audit", "%s", err.msg);
        return -1;
    }
    return 0;
}

static int print_record(const struct audit_record *r, void *ctx)
{
    int json = *(int *)ctx;
    if (json) {
        json_error_t e;
        json_t *detail = json_loads(r->detail, 0, &e);
        json_t *o = json_pack("{s:I, s:s, s:s, s:s?, s:s, s:o, s:s, s:s, s:b}", "seq", (json_int_t)r->seq, "ts",
                              r->ts, "kind", r->kind, "tenant", r->tenant, "subject", r->subject, "detail",
                              detail ? detail : json_string(r->detail), "prev_hash", r->prev_hash_hex, "hash",
                              r->hash_hex, "signed", r->sig != NULL);
        char *text = json_dumps(o, JSON_COMPACT);
        puts(text);
        free(text);
        json_decref(o);
    } else {
        printf("%6lld  %s  %-16s %s%s%s  %s\n", (long long)r->seq, r->ts, r->kind, r->tenant ? r->tenant : "",
               r->tenant ? " " : "", r->subject, r->detail);
    }
    return 0;
}

int cmd_audit(int argc, char **argv)
{
    struct cli_opts o;
    if (cli_parse("audit", argc, argv, OPT_CONFIG | OPT_LOG | OPT_JSON | OPT_RANGE, &o) != 0)
        return EXIT_USAGE;
    if (o.help) {
        puts("usage: steward audit verify [-c FILE] [--json]\n"
             "       steward audit show [-c FILE] [--from N] [--limit N] [--json]\n\n"
             "verify walks the hash chain of the audit log and checks each record's hash, the\n"
             "link to its predecessor, contiguous sequence numbers and the stored head, so an\n"
             "edited, deleted, inserted, reordered or truncated record is found; it names the\n"
             "first bad record and exits 1. show prints records (JSON lines with --json).\n"
             "Neither needs the master secret. See docs/store.md for what the chain can and\n"
             "cannot prove.");
        return EXIT_OK;
    }
    int verify = o.argc == 1 && strcmp(o.argv[0], "verify") == 0;
    int show = o.argc == 1 && strcmp(o.argv[0], "show") == 0;
    if (!verify && !show) {
        cli_fail("audit", "expected \"verify\" or \"show\" (see steward audit --help)");
        return EXIT_USAGE;
    }
    struct config cfg = {0};
    if (cli_load_config(&o, &cfg) != 0)
        return EXIT_USAGE;
    struct store *st = NULL;
    int rc = EXIT_RUNTIME;
    st_err err = {0};
    if (open_existing(&cfg, &st) != 0)
        goto out;
    if (verify) {
        struct audit_verify_report rep;
        if (audit_verify(st, &rep, &err) != 0) {
            cli_fail("audit", "%s", err.msg);
            goto out;
        }
        if (o.json) {
            json_t *j = json_pack("{s:b, s:I, s:I, s:s}", "ok", rep.ok, "records", (json_int_t)rep.records,
                                  "first_bad_seq", (json_int_t)rep.first_bad_seq, "reason", rep.reason);
            char *text = json_dumps(j, JSON_COMPACT);
            puts(text);
            free(text);
            json_decref(j);
        } else if (rep.ok)
            printf("audit log ok: %lld records, chain and head intact\n", (long long)rep.records);
        else
            printf("audit log TAMPERED: %s (%lld records verified before it)\n", rep.reason, (long long)rep.records);
        rc = rep.ok ? EXIT_OK : EXIT_RUNTIME;
    } else {
        if (audit_foreach(st, o.from, o.limit, print_record, &o.json, &err) != 0) {
            cli_fail("audit", "%s", err.msg);
            goto out;
        }
        rc = EXIT_OK;
    }
out:
    store_close(st);
    config_free(&cfg);
    return rc;
}
