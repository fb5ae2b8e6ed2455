#!/usr/bin/env bash
# The plugin host (issue #3, points 1-2): the template plugin loads and signs through a
# one-shot capability; a wrong ABI version, a missing entry point, a shared object that is no
# plugin, a file that is no shared object, a duplicate chain, a chain mismatch, a path that
# disagrees with key derivation v1 and refused options each stop start-up (exit 2) naming the
# chain, the file and the reason; a plugin that uses its capability twice is refused.
. "$(dirname "$0")/lib.sh"
TP="$BUILD/examples/template.so"
BAD="$BUILD/tests/plugins"
export PLUG_HEX=8f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c5b6a7988
cfg() { # cfg NAME CHAINS-YAML
  printf 'version: 1\ndata_dir: data\nsecret:\n  source: backup\n  backup: {env: PLUG_HEX}\ntenants: [{id: default}, {id: alice}]\nchains:\n%b' "$2" >"$T/$1.yaml"
}
cfg good "  template:\n    plugin: $TP\n    offline: true\n"
expect_exit 0 "plugins lists the template" -- "$STEWARD" plugins -c "$T/good.yaml" --json
expect_grep '"chain":"template"' "$T/out" "plugin chain"
expect_grep '"abi":1' "$T/out" "ABI version shown"
expect_grep "\"sha256\":\"$(sha256sum "$TP" | cut -d' ' -f1)\"" "$T/out" "the file hash is the file's SHA-256"
expect_exit 0 "config check loads plugins" -- "$STEWARD" config check -c "$T/good.yaml"
expect_grep "1 chain" "$T/out" "config check counts the chain"

# refused CASE-NAME EXPECTED-TEXT CHAINS-YAML : config check, plugins and run all exit 2.
refused() {
  cfg bad "$3"
  for cmd in "plugins" "config check" "run"; do
    "$STEWARD" $cmd -c "$T/bad.yaml" >"$T/out" 2>"$T/err"; rc=$?
    [ $rc = 2 ] && ok || { bad "[$1] steward $cmd: exit $rc, wanted 2"; head -3 "$T/err" >&2; }
    grep -qF -- "$2" "$T/err" && ok || bad "[$1] steward $cmd: message lacks \"$2\": $(head -1 "$T/err")"
    grep -q "^$T/bad.yaml:[0-9]*:[0-9]*: chains\." "$T/err" && ok || bad "[$1] steward $cmd: no file:line:col: chains.X: $(head -1 "$T/err")"
    grep -q "agent.ready" "$T/err" && bad "[$1] the agent became ready with a refused plugin" || ok
    expect_no_sanitizer "[$1] steward $cmd"
  done
}
refused "wrong ABI version" "plugin ABI version 999, but this steward speaks version 1" "  template:\n    plugin: $BAD/bad_abi.so\n"
refused "no entry point" "not a steward plugin (no steward_plugin_entry symbol)" "  template:\n    plugin: $BAD/no_entry.so\n"
refused "not a plugin" "not a steward plugin" "  template:\n    plugin: $BAD/not_a_plugin.so\n"
echo "just text" >"$T/text.so"
refused "not a shared object" "not a loadable shared object" "  template:\n    plugin: $T/text.so\n"
refused "duplicate chain" "claims chain \"template\", already served by $TP (chains.template)" \
  "  template:\n    plugin: $TP\n    offline: true\n  template2:\n    plugin: $BAD/template_copy.so\n    offline: true\n"
refused "chain mismatch" "it serves chain \"sol\", but is configured as chains.template" "  template:\n    plugin: $BAD/claims_sol.so\n"
refused "path not key derivation v1" "differs from key derivation v1's m/44'/501'/0'/0'" "  sol:\n    plugin: $BAD/claims_sol.so\n    offline: true\n"
refused "options refused" "the plugin refused its options: unknown options" "  template:\n    plugin: $TP\n    colour: blue\n"
refused "default plugin missing" "does not exist" "  nochain: {}\n"

# Signing through the capability; every signature is audited with its request.
cfg good "  template:\n    plugin: $TP\n    offline: true\n"
expect_exit 0 "addresses" -- "$STEWARD" addresses -c "$T/good.yaml" --tenant alice --json
TO=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).addresses[0].address)' "$T/out")
echo "{\"chain\":\"template\",\"kind\":\"transfer\",\"to\":\"$TO\",\"amount\":\"2.25\"}" >"$T/intent.json"
expect_exit 0 "sign" -- "$STEWARD" sign -c "$T/good.yaml" --intent "$T/intent.json"
expect_grep '"amount":"2250000"' "$T/out" "the description has the exact base units"
expect_exit 0 "audit after sign" -- "$STEWARD" audit show -c "$T/good.yaml" --json
expect_grep '"kind":"tx.request"' "$T/out" "the request is audited"
expect_grep '"kind":"policy.decision".*"decision":"allowed"' "$T/out" "the policy decision is audited first"
expect_grep '"kind":"sign".*"request_seq":2' "$T/out" "the signature is audited with its request (record 2, after the decision)"
expect_grep '"kind":"tx.signed"' "$T/out" "the outcome is audited"
expect_exit 0 "sign from stdin" -- bash -c "\"$STEWARD\" sign -c \"$T/good.yaml\" --intent - <\"$T/intent.json\""
expect_exit 2 "--chain disagrees with the intent" -- "$STEWARD" sign -c "$T/good.yaml" --intent "$T/intent.json" --chain eth
expect_exit 2 "unconfigured chain" -- bash -c "echo '{\"chain\":\"eth\",\"kind\":\"transfer\"}' | \"$STEWARD\" sign -c \"$T/good.yaml\" --intent -"
echo "{\"chain\":\"template\",\"kind\":\"transfer\",\"to\":\"$TO\",\"amount\":\"1.1234567\"}" >"$T/toomany.json"
expect_exit 1 "too many decimals" -- "$STEWARD" sign -c "$T/good.yaml" --intent "$T/toomany.json"
echo "not json" >"$T/broken.json"
expect_exit 2 "intent not JSON" -- "$STEWARD" sign -c "$T/good.yaml" --intent "$T/broken.json"
expect_grep "broken.json:1:" "$T/err" "the intent error names the file and line"

# A plugin that signs twice with a one-signature capability is refused, and only one
# signature is recorded.
cfg twice "  template:\n    plugin: $BAD/sign_twice.so\n    offline: true\n"
sed -i 's/data_dir: data/data_dir: data-twice/' "$T/twice.yaml"
expect_exit 1 "capability used twice" -- "$STEWARD" sign -c "$T/twice.yaml" --intent "$T/intent.json"
expect_grep "capability refused: its bound of 1 signature is used up" "$T/err" "the second use is refused"
expect_exit 0 "audit of the refused plugin" -- "$STEWARD" audit show -c "$T/twice.yaml" --json
[ "$(grep -c '"kind":"sign"' "$T/out")" = 1 ] && ok || bad "a refused second signature was recorded"
grep -q '"kind":"tx.signed"' "$T/out" && bad "a refused transaction was recorded as signed" || ok
# Every shipped plugin exports exactly one function, its entry point: the static libraries
# it links (hashes, encoders) stay private to it.
for so in "$BUILD"/plugins/*.so "$TP"; do
  exported=$(nm -D --defined-only "$so" | awk '$2 == "T" {print $3}' | tr '\n' ' ')
  [ "$exported" = "steward_plugin_entry " ] && ok || bad "$(basename "$so") exports: $exported"
done
finish
