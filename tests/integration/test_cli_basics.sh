#!/usr/bin/env bash
# The dispatcher: help on every command, exit codes for usage errors, version.
. "$(dirname "$0")/lib.sh"

expect_exit 0 "steward --help" -- "$STEWARD" --help
expect_grep "exit codes" "$T/out" "top-level help lists the exit codes"
for cmd in init config keys run audit version; do
  expect_exit 0 "steward $cmd --help" -- "$STEWARD" $cmd --help
  expect_grep "usage: steward $cmd" "$T/out" "$cmd --help prints its usage"
done
expect_exit 2 "no command" -- "$STEWARD"
expect_exit 2 "unknown command" -- "$STEWARD" frobnicate
expect_grep 'unknown command "frobnicate"' "$T/err" "unknown command is named"
expect_exit 2 "unknown option" -- "$STEWARD" keys --bogus
expect_exit 2 "option of another command" -- "$STEWARD" version --tenant x
expect_exit 2 "bad --index" -- "$STEWARD" keys --index -1
expect_exit 2 "bad --log-format" -- "$STEWARD" config check --log-format xml
expect_exit 2 "config without check" -- "$STEWARD" config
expect_exit 2 "audit without subcommand" -- "$STEWARD" audit
expect_exit 2 "missing config file" -- "$STEWARD" config check -c "$T/nope.yaml"
expect_grep "nope.yaml" "$T/err" "missing config names the file"
expect_exit 0 "version" -- "$STEWARD" version
expect_grep "^steward [0-9]+\.[0-9]+\.[0-9]+ \(key derivation v1\)$" "$T/out" "version line"
expect_exit 0 "version --json" -- "$STEWARD" version --json
expect_grep '"key_derivation":"v1"' "$T/out" "version json"
expect_exit 0 "embedded default config is valid" -- "$STEWARD" config check
expect_grep "<embedded default>: ok \(secret source dev" "$T/out" "embedded default summary"
finish
