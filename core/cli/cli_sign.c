/* steward sign | send: one intent from a file or standard input, through the intent pipeline
 * (core/intent/intent.h: build, describe, check, policy, audit, one-shot sign, assemble,
 * broadcast), printed as JSON. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_session.h"
#include "util/decimal.h"
#include "util/fsutil.h"

#include <time.h>

#define INTENT_MAX (1u << 20)

static json_t *read_intent(const char *cmd, const char *src)
{
    json_error_t je;
    json_t *j = strcmp(src, "-") == 0 ? json_loadf(stdin, 0, &je) : json_load_file(src, 0, &je);
    if (j == NULL) {
        cli_fail(cmd, "%s:%d:%d: the intent is not JSON: %s", strcmp(src, "-") == 0 ? "<stdin>" : src, je.line,
                 je.column, je.text);
        return NULL;
    }
    if (!json_is_object(j)) {
        cli_fail(cmd, "%s: the intent must be a JSON object", src);
        json_decref(j);
        return NULL;
    }
    return j;
}

static void print_json(json_t *j)
{
    char *t = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    puts(t);
    free(t);
}

static int run_intent(const char *cmd, int broadcast, struct session *s, const char *tenant, uint32_t index,
                      json_t *intent)
{
    st_err err = {0};
    struct intent_request rq = {tenant, NULL, index, intent, broadcast, NULL};
    struct intent_outcome out;
    int rc = intent_execute(&s->env, &rq, &out, &err);
    /* A denial is printed (structured, for scripts) and explained on stderr. */
    if (out.result && (rc == 0 || out.status == INTENT_DENIED))
        print_json(out.result);
    json_decref(out.result);
    if (rc == 0)
        return EXIT_OK;
    cli_fail(cmd, "%s", err.msg);
    return out.status == INTENT_INVALID ? EXIT_USAGE : EXIT_RUNTIME;
}

static int sign_or_send(const char *cmd, int broadcast, int argc, char **argv)
{
    struct cli_opts o;
    if (cli_parse(cmd, argc, argv, OPT_CONFIG | OPT_LOG | OPT_TENANT | OPT_INDEX | OPT_CHAIN | OPT_INTENT, &o) != 0)
        return EXIT_USAGE;
    if (o.help) {
        printf("usage: steward %s [-c FILE] --intent FILE|- [--chain C] [--tenant T] [--index N]\n\n"
               "Builds the intent's transaction with the chain's plugin, checks the plugin's\n"
               "description against the intent, records the request in the audit log, signs it\n"
               "through a one-shot capability and prints JSON: chain, from, raw (hex, or base64 on\n"
               "Solana), txid, description, request_seq.%s The intent format is in docs/intents.md.\n",
               cmd, broadcast ? "\nsend then broadcasts it and adds {\"broadcast\": {\"txid\"}}; a refused\n"
                                "broadcast exits 1 and is recorded."
                              : "\nNothing is broadcast. Intents of kind \"message\" and \"typed_data\" are signed\n"
                                "off-chain (EIP-191, EIP-712).");
        return EXIT_OK;
    }
    if (o.argc || o.intent == NULL) {
        cli_fail(cmd, o.argc ? "unexpected argument" : "--intent FILE (or - for standard input) is required");
        return EXIT_USAGE;
    }
    json_t *intent = read_intent(cmd, o.intent);
    if (intent == NULL)
        return EXIT_USAGE;
    const char *chain = json_string_value(json_object_get(intent, "chain"));
    if (chain == NULL)
        chain = o.chain;
    if (chain == NULL || (o.chain && strcmp(o.chain, chain) != 0)) {
        cli_fail(cmd, chain ? "--chain %s disagrees with the intent's chain %s" : "the intent names no \"chain\"%s%s",
                 o.chain ? o.chain : "", chain ? chain : "");
        json_decref(intent);
        return EXIT_USAGE;
    }
    struct session s;
    int rc = session_open(cmd, &o, NEED_SIGNER | NEED_PLUGINS | NEED_POLICY, &s);
    if (rc == 0) {
        const char *tenant = o.tenant ? o.tenant : "default";
        if (config_find_tenant(&s.cfg, tenant) == NULL) {
            cli_fail(cmd, "tenant \"%s\" is not configured in %s", tenant, s.cfg.source_path);
            rc = EXIT_USAGE;
        } else if (plugins_find(&s.plugins, chain) == NULL) {
            cli_fail(cmd, "chain \"%s\" is not configured in %s (chains.%s)", chain, s.cfg.source_path, chain);
            rc = EXIT_USAGE;
        } else {
            if (!json_is_string(json_object_get(intent, "chain")))
                json_object_set_new(intent, "chain", json_string(chain));
            rc = run_intent(cmd, broadcast, &s, tenant, (uint32_t)o.index, intent);
        }
    }
    session_close(&s);
    json_decref(intent);
    return rc;
}

int cmd_sign(int argc, char **argv)
{
    return sign_or_send("sign", 0, argc, argv);
}

int cmd_send(int argc, char **argv)
{
    return sign_or_send("send", 1, argc, argv);
}
