/* steward pause | resume: the kill switch over all signing, durable in the store. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_session.h"

static int pause_or_resume(const char *cmd, int pause, int argc, char **argv)
{
    struct cli_opts o;
    if (cli_parse(cmd, argc, argv, OPT_CONFIG | OPT_LOG, &o) != 0)
        return EXIT_USAGE;
    if (o.help) {
        if (pause)
            puts("usage: steward pause [-c FILE] [REASON]\n\n"
                 "Stops all signing at once: every later sign or send request (and every strategy's\n"
                 "intent) is denied with the rule \"paused\" until steward resume. Durable in the\n"
                 "store and audited; a running agent sees it on its next request.");
        else
            puts("usage: steward resume [-c FILE]\n\nLifts steward pause. Audited.");
        return EXIT_OK;
    }
    if (o.argc > (pause ? 1 : 0)) {
        cli_fail(cmd, "unexpected argument \"%s\"", o.argv[pause ? 1 : 0]);
        return EXIT_USAGE;
    }
    struct session s;
    int rc = session_open(cmd, &o, NEED_STORE, &s);
    if (rc == 0) {
        st_err err = {0};
        int r = pause ? policy_pause(s.store, o.argc ? o.argv[0] : "steward pause", &err) : policy_resume(s.store, &err);
        if (r != 0) {
            cli_fail(cmd, "%s", err.msg);
            rc = EXIT_RUNTIME;
        } else {
            puts(pause ? "signing paused" : "signing resumed");
        }
    }
    session_close(&s);
    return rc;
}

int cmd_pause(int argc, char **argv)
{
    return pause_or_resume("pause", 1, argc, argv);
}

int cmd_resume(int argc, char **argv)
{
    return pause_or_resume("resume", 0, argc, argv);
}
