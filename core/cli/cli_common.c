#include "cli/cli_common.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/log.h"
#include "config/config.h"

void cli_fail(const char *cmd, const char *fmt, ...)
{
    fprintf(stderr, "steward %s: ", cmd);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static int parse_long(const char *cmd, const char *name, const char *s, long min, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < min || v > 0x7fffffffL) {
        cli_fail(cmd, "--%s wants an integer >= %ld, not \"%s\"", name, min, s);
        return -1;
    }
    *out = v;
    return 0;
}

int cli_parse(const char *cmd, int argc, char **argv, unsigned accepted, struct cli_opts *o)
{
    static const struct option all[] = {
        {"config", required_argument, NULL, 'c'}, {"log-format", required_argument, NULL, 'F'},
        {"log-level", required_argument, NULL, 'L'}, {"tenant", required_argument, NULL, 't'},
        {"index", required_argument, NULL, 'i'}, {"json", no_argument, NULL, 'j'},
        {"from", required_argument, NULL, 'f'}, {"limit", required_argument, NULL, 'n'},
        {"chain", required_argument, NULL, 'C'}, {"intent", required_argument, NULL, 'I'},
        {"prices", required_argument, NULL, 'P'}, {"to", required_argument, NULL, 'T'},
        {"chart", required_argument, NULL, 'G'}, {"strategy", required_argument, NULL, 'S'},
        {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    o->from = 1;
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "c:h", all, NULL)) != -1) {
        unsigned need = 0;
        switch (c) {
        case 'c': need = OPT_CONFIG; o->config_path = optarg; break;
        case 'F': need = OPT_LOG; o->log_format = optarg; break;
        case 'L': need = OPT_LOG; o->log_level = optarg; break;
        case 't': need = OPT_TENANT; o->tenant = optarg; break;
        case 'i':
            need = OPT_INDEX;
            if (parse_long(cmd, "index", optarg, 0, &o->index) != 0)
                return -1;
            break;
        case 'j': need = OPT_JSON; o->json = 1; break;
        case 'C': need = OPT_CHAIN; o->chain = optarg; break;
        case 'I': need = OPT_INTENT; o->intent = optarg; break;
        case 'P': need = OPT_BACKTEST; o->prices = optarg; break;
        case 'T': need = OPT_BACKTEST; o->to_time = optarg; break;
        case 'G': need = OPT_BACKTEST; o->chart = optarg; break;
        case 'S': need = OPT_BACKTEST; o->strategy = optarg; break;
        case 'f':
            if (accepted & OPT_BACKTEST) { /* a time, not a record number */
                need = OPT_BACKTEST;
                o->from_time = optarg;
                break;
            }
            need = OPT_RANGE;
            if (parse_long(cmd, "from", optarg, 1, &o->from) != 0)
                return -1;
            break;
        case 'n':
            need = OPT_RANGE;
            if (parse_long(cmd, "limit", optarg, 0, &o->limit) != 0)
                return -1;
            break;
        case 'h': o->help = 1; break;
        case ':':
            cli_fail(cmd, "option %s needs a value", argv[optind - 1]);
            return -1;
        default:
            cli_fail(cmd, "unknown option %s (see steward %s --help)", argv[optind - 1], cmd);
            return -1;
        }
        if (need && !(accepted & need)) {
            cli_fail(cmd, "option %s does not apply here (see steward %s --help)", argv[optind - 1], cmd);
            return -1;
        }
    }
    o->argc = argc - optind;
    o->argv = argv + optind;
    return 0;
}

int cli_load_config(const struct cli_opts *o, struct config *cfg)
{
    enum log_level lvl = LOG_INFO;
    enum log_format fmt = LOG_FORMAT_TEXT;
    if (o->log_level && log_level_parse(o->log_level, &lvl) != 0) {
        fprintf(stderr, "steward: --log-level must be debug, info, warn or error, not \"%s\"\n", o->log_level);
        return -1;
    }
    if (o->log_format && log_format_parse(o->log_format, &fmt) != 0) {
        fprintf(stderr, "steward: --log-format must be text or json, not \"%s\"\n", o->log_format);
        return -1;
    }
    /* Command-line choices apply to the loading itself too, so a config error in JSON mode
     * is still reported on stderr as one plain line (errors are not log records). */
    log_setup(lvl, fmt, NULL);

    const char *path = o->config_path ? o->config_path : getenv("STEWARD_CONFIG");
    st_err err = {0};
    int rc = path ? config_load_file(path, cfg, &err)
                  : config_load_buffer("<embedded default>", NULL, steward_default_config,
                                       steward_default_config_len, cfg, &err);
    if (rc != 0) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    log_setup(o->log_level ? lvl : (enum log_level)cfg->log_level,
              o->log_format ? fmt : (enum log_format)cfg->log_format, NULL);
    /* Known before the secret is touched, so every line of a dev run carries the label. */
    if (cfg->secret.source == SECRET_SOURCE_DEV)
        log_set_mode("dev");
    return 0;
}
