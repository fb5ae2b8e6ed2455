#!/usr/bin/env bash
# Acceptance: malformed configurations through the real binary (`steward config check` and
# `steward run`): each gets exit code 2 and exactly one line on stderr of the form
# FILE:LINE:COLUMN: ... naming the key path and the problem, and nothing crashes (this
# script also runs in the ASan+UBSan tree, where any sanitizer report fails it).
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/strategies" "$T/adir"
echo 'function tick(ctx) end' >"$T/strategies/a.lua"
printf 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about\n' >"$T/private.secret"
chmod 600 "$T/private.secret"
cp "$T/private.secret" "$T/open.secret" && chmod 644 "$T/open.secret"
cp "$T/private.secret" "$T/grp.secret" && chmod 640 "$T/grp.secret"
head -c 32 /dev/zero >"$T/seal.key" && chmod 600 "$T/seal.key"
unset STEWARD_T_UNSET

S='secret: {source: dev}'
STRAT='strategies:\n  - name: s0\n    file: strategies/a.lua\n    schedule: {every: 1m}\n  - name: s1\n    file: strategies/a.lua\n    schedule: {every: 1m}\n  - name: s2\n    file: strategies/a.lua\n    schedule:\n      every: 5 parsecs\n'

# name | expected "LINE:COL" (or "LINE:" when only the line is fixed) | text the message must contain | YAML (printf %b)
cases=(
  "empty file|1:1|empty|"
  "comments only|1:1|empty|# nothing here\n# at all\n"
  "top-level sequence|1:1|mapping|- version\n- 1\n"
  "top-level scalar|1:1|mapping|hello\n"
  "unclosed quote|4:1|line 2, column 11|version: 1\ndata_dir: \"abc\n$S\n"
  "bad indentation|4:|mapping|version: 1\nsecret:\n  source: dev\n bad: 1\n"
  "tab indentation|3:1|cannot start any token|version: 1\nsecret:\n\tsource: dev\n"
  "unknown top-level key|3:1|verison|version: 1\n$S\nverison: 2\n"
  "unknown nested key|4:3|secret.sorce|version: 1\nsecret:\n  source: dev\n  sorce: x\n"
  "missing version|1:1|version|$S\n"
  "missing secret|1:1|secret|version: 1\n"
  "unsupported version|1:10|version|version: 2\n$S\n"
  "version as text|1:10|version|version: one\n$S\n"
  "version as float|1:10|version|version: 1.5\n$S\n"
  "unknown secret source|2:18|secret.source|version: 1\nsecret: {source: cloud}\n"
  "backup without backup section|2:9|secret.backup|version: 1\nsecret: {source: backup}\n"
  "backup with env and file|4:|secret.backup|version: 1\nsecret:\n  source: backup\n  backup: {env: HOME, file: private.secret}\n"
  "literal secret in config|5:12|secret.backup.value|version: 1\nsecret:\n  source: backup\n  backup:\n    value: abandon abandon abandon about\n"
  "unset env variable|5:10|STEWARD_T_UNSET|version: 1\nsecret:\n  source: backup\n  backup:\n    env: STEWARD_T_UNSET\n"
  "bad env variable name|5:10|secret.backup.env|version: 1\nsecret:\n  source: backup\n  backup:\n    env: 1-bad\n"
  "backup file missing|5:11|secret.backup.file|version: 1\nsecret:\n  source: backup\n  backup:\n    file: nope.secret\n"
  "backup file readable by others|5:11|chmod 600|version: 1\nsecret:\n  source: backup\n  backup:\n    file: open.secret\n"
  "backup file readable by group|5:11|chmod 600|version: 1\nsecret:\n  source: backup\n  backup:\n    file: grp.secret\n"
  "backup file is a folder|5:11|secret.backup.file|version: 1\nsecret:\n  source: backup\n  backup:\n    file: adir\n"
  "bad log level|3:14|log.level|version: 1\n$S\nlog: {level: loud}\n"
  "bad log format|3:15|log.format|version: 1\n$S\nlog: {format: xml}\n"
  "log as a sequence|3:6|log|version: 1\n$S\nlog: [a]\n"
  "duplicate top-level key|3:1|version|version: 1\n$S\nversion: 1\n"
  "duplicate nested key|4:3|secret.source|version: 1\nsecret:\n  source: dev\n  source: dev\n"
  "duplicate tenant ids|5:9|tenants[1].id|version: 1\n$S\ntenants:\n  - id: a\n  - id: a\n"
  "bad tenant id|4:9|tenants[0].id|version: 1\n$S\ntenants:\n  - id: Bad Id\n"
  "empty tenant list|3:10|tenants|version: 1\n$S\ntenants: []\n"
  "bad chain name|4:3|chains.Doge|version: 1\n$S\nchains:\n  Doge: {}\n"
  "chain rpc not a URL|4:14|chains.eth.rpc|version: 1\n$S\nchains:\n  eth: {rpc: localhost:8545}\n"
  "bad bitcoin network|4:18|chains.btc.network|version: 1\n$S\nchains:\n  btc: {network: moon}\n"
  "zero chain id|4:19|chains.eth.chain_id|version: 1\n$S\nchains:\n  eth: {chain_id: 0}\n"
  "chain id out of range|4:19|chains.eth.chain_id|version: 1\n$S\nchains:\n  eth: {chain_id: 99999999999}\n"
  "bad duration at strategies[2]|13:14|strategies[2].schedule.every|version: 1\n$S\n$STRAT"
  "zero duration|6:23|strategies[0].schedule.every|version: 1\n$S\nstrategies:\n  - name: s0\n    file: strategies/a.lua\n    schedule: {every: 0s}\n"
  "negative duration|6:23|strategies[0].schedule.every|version: 1\n$S\nstrategies:\n  - name: s0\n    file: strategies/a.lua\n    schedule: {every: -1s}\n"
  "every and cron|6:27|strategies[0].schedule.cron|version: 1\n$S\nstrategies:\n  - name: s0\n    file: strategies/a.lua\n    schedule: {every: 1m, cron: \"* * * * *\"}\n"
  "bad cron|6:22|strategies[0].schedule.cron|version: 1\n$S\nstrategies:\n  - name: s0\n    file: strategies/a.lua\n    schedule: {cron: \"61 * * * *\"}\n"
  "missing strategy file|5:11|strategies[0].file|version: 1\n$S\nstrategies:\n  - name: s0\n    file: strategies/missing.lua\n    schedule: {every: 1m}\n"
  "strategy file is a folder|5:11|strategies[0].file|version: 1\n$S\nstrategies:\n  - name: s0\n    file: adir\n    schedule: {every: 1m}\n"
  "strategy of unknown tenant|6:13|strategies[0].tenant|version: 1\n$S\nstrategies:\n  - name: s0\n    file: strategies/a.lua\n    tenant: nobody\n    schedule: {every: 1m}\n"
  "duplicate strategy names|7:11|strategies[1].name|version: 1\n$S\nstrategies:\n  - name: s0\n    file: strategies/a.lua\n    schedule: {every: 1m}\n  - name: s0\n    file: strategies/a.lua\n    schedule: {every: 1m}\n"
  "yes is not a boolean|6:14|strategies[0].enabled|version: 1\n$S\nstrategies:\n  - name: s0\n    file: strategies/a.lua\n    enabled: yes\n    schedule: {every: 1m}\n"
  "two documents|3:|document|---\nversion: 1\n---\nversion: 1\n"
  "anchor and alias|2:9|anchors|version: 1\nsecret: &s {source: dev}\nother: *s\n"
  "unset variable in a path|2:11|STEWARD_T_UNSET|version: 1\ndata_dir: \${STEWARD_T_UNSET}/x\n$S\n"
  "sealed key file missing|7:13|secret.sealed.key.file|version: 1\nsecret:\n  source: sealed\n  sealed:\n    key:\n      provider: keyfile\n      file: nope.key\n"
  "literal sealing passphrase|7:19|secret.sealed.key.passphrase|version: 1\nsecret:\n  source: sealed\n  sealed:\n    key:\n      provider: passphrase\n      passphrase: hunter2\n"
  "argon2 limit out of range|7:24|secret.sealed.key.argon2_opslimit|version: 1\nsecret:\n  source: sealed\n  sealed:\n    key:\n      provider: passphrase\n      argon2_opslimit: 0\n      passphrase: \${HOME}\n"
  "mpc without rpc_url|4:|secret.mpc|version: 1\nsecret:\n  source: mpc\n  mpc: {signer_contract: v1.signer, account_id: a.near}\n"
  "mpc with a non-http url|4:18|secret.mpc.rpc_url|version: 1\nsecret:\n  source: mpc\n  mpc: {rpc_url: ftp://x, signer_contract: v1.signer, account_id: a.near}\n"
  "paper and rpc together|5:3|live (rpc) or simulated (paper)|version: 1\n$S\nchains:\n  eth: {chain_id: 1, rpc: \"http://127.0.0.1:1\",\n  paper: {}}\n"
  "paper asset unknown|6:5|paper.balances.DOGE|version: 1\n$S\nchains:\n  eth:\n    chain_id: 1\n    paper: {balances: {DOGE: \"1\"}}\n"
  "paper unknown key|6:5|paper.balanse|version: 1\n$S\nchains:\n  eth:\n    chain_id: 1\n    paper: {balanse: {}}\n"
  "prices step longer than max_age|3:1|prices.sim.step|version: 1\n$S\nprices: {max_age: 1m, sim: {step: 5m}}\n"
  "prices unknown source|3:1|prices.source|version: 1\n$S\nprices: {source: oracle}\n"
  "builtin strategy unknown|3:53|builtin:nosuch|version: 1\n$S\nstrategies: [{name: a, schedule: {every: 1m}, file: builtin:nosuch}]\n"
  "limits out of range|3:69|limits.memory_mib|version: 1\n$S\nstrategies: [{name: a, file: strategies/a.lua, limits: {memory_mib: 4096}, schedule: {every: 1m}}]\n"
  "contracts on an unknown chain|3:60|contracts|version: 1\n$S\nstrategies: [{name: a, file: strategies/a.lua, contracts: {eht: [\"0x1\"]}, schedule: {every: 1m}}]\n"
)

n=0
for c in "${cases[@]}"; do
  IFS='|' read -r name where needle yaml <<<"$c"
  n=$((n + 1))
  f="$T/bad$n.yaml"
  printf '%b' "$yaml" >"$f"
  for cmd in "config check" "run"; do
    "$STEWARD" $cmd -c "$f" >"$T/out" 2>"$T/err"
    rc=$?
    what="[$name] steward $cmd"
    [ $rc = 2 ] && ok || { bad "$what: exit $rc, wanted 2"; head -3 "$T/err" >&2; continue; }
    [ "$(wc -l <"$T/err")" = 1 ] && ok || { bad "$what: $(wc -l <"$T/err") lines on stderr, wanted 1"; head -5 "$T/err" >&2; }
    grep -q "^$f:$where" "$T/err" && ok || bad "$what: wanted $f:$where..., got: $(head -1 "$T/err")"
    grep -qF -- "$needle" "$T/err" && ok || bad "$what: message lacks \"$needle\": $(head -1 "$T/err")"
    expect_no_sanitizer "$what"
  done
done

# Binary garbage, NUL bytes, invalid UTF-8 and a file over 1 MiB.
printf 'version: 1\n\x00\x01\x02\xff\xfe garbage\n' >"$T/nul.yaml"
head -c 4096 /dev/urandom >"$T/random.yaml"
printf 'version: 1\ndata_dir: \xc3\x28\n' >"$T/utf8.yaml"
{ echo "version: 1"; head -c 1100000 /dev/zero | tr '\0' '#'; echo; } >"$T/huge.yaml"
for f in nul random utf8 huge; do
  n=$((n + 1))
  "$STEWARD" config check -c "$T/$f.yaml" >"$T/out" 2>"$T/err"; rc=$?
  [ $rc = 2 ] && ok || bad "[$f] exit $rc, wanted 2"
  [ "$(wc -l <"$T/err")" = 1 ] && ok || bad "[$f] $(wc -l <"$T/err") lines on stderr"
  grep -qE "^$T/$f.yaml:[0-9]+:[0-9]+: " "$T/err" && ok || bad "[$f] no file:line:column: $(head -c 200 "$T/err")"
  expect_no_sanitizer "[$f]"
done
echo "$n malformed configurations checked"
[ $n -ge 30 ] && ok || bad "fewer than 30 cases"
finish
