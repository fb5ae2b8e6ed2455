/* cli.h: the `steward` command-line dispatcher. */
#ifndef STEWARD_CLI_CLI_H
#define STEWARD_CLI_CLI_H

/* Exit codes, documented in README.md and `steward --help`. */
enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

int cli_main(int argc, char **argv);

#endif
