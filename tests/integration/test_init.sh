#!/usr/bin/env bash
# steward init: a starter config and a 0600 backup secret; never overwrites anything.
. "$(dirname "$0")/lib.sh"

expect_exit 0 "init into a new folder" -- "$STEWARD" init "$T/site"
[ "$(stat -c %a "$T/site/backup.secret")" = 600 ] && ok || bad "backup.secret mode is $(stat -c %a "$T/site/backup.secret")"
[ "$(stat -c %a "$T/site")" = 700 ] && ok || bad "init folder mode is $(stat -c %a "$T/site")"
[ "$(wc -w <"$T/site/backup.secret")" = 24 ] && ok || bad "backup.secret does not hold 24 words"
expect_exit 0 "the starter config is valid" -- "$STEWARD" config check -c "$T/site/steward.yaml"
expect_exit 0 "keys work on the starter config" -- "$STEWARD" keys -c "$T/site/steward.yaml" --json
expect_grep '"tenant":"default"' "$T/out" "keys prints the default tenant"

# A second init must refuse and leave both files untouched.
sum_before=$(cat "$T/site/backup.secret" "$T/site/steward.yaml" | sha256sum)
expect_exit 2 "init refuses an existing folder's files" -- "$STEWARD" init "$T/site"
expect_grep "already exists; refusing to overwrite" "$T/err" "the refusal says why"
[ "$(cat "$T/site/backup.secret" "$T/site/steward.yaml" | sha256sum)" = "$sum_before" ] && ok || bad "init changed existing files"

# Only one of the two files present: still nothing is written.
mkdir -p "$T/half" && echo "version: 1" >"$T/half/steward.yaml"
expect_exit 2 "init with steward.yaml present" -- "$STEWARD" init "$T/half"
[ ! -e "$T/half/backup.secret" ] && ok || bad "init wrote backup.secret beside an existing steward.yaml"
mkdir -p "$T/half2" && echo x >"$T/half2/backup.secret"
expect_exit 2 "init with backup.secret present" -- "$STEWARD" init "$T/half2"
[ ! -e "$T/half2/steward.yaml" ] && ok || bad "init wrote steward.yaml beside an existing backup.secret"
[ "$(cat "$T/half2/backup.secret")" = x ] && ok || bad "init overwrote backup.secret"

# Two inits give different secrets.
expect_exit 0 "second site" -- "$STEWARD" init "$T/site2"
cmp -s "$T/site/backup.secret" "$T/site2/backup.secret" && bad "two inits wrote the same secret" || ok
expect_exit 2 "init without a folder" -- "$STEWARD" init
finish
