#!/usr/bin/env bash
# Acceptance (sealed storage) through the real binary: the first boot creates the sealed
# file (0600), later boots recover the same secret (same keys), and a wrong key, a wrong
# passphrase or a flipped byte anywhere in the file stops the agent (exit 1) with a clear
# error; nothing ever falls back to another secret.
. "$(dirname "$0")/lib.sh"

head -c 32 /dev/urandom >"$T/seal.key"; chmod 600 "$T/seal.key"
head -c 32 /dev/urandom >"$T/other.key"; chmod 600 "$T/other.key"
cat >"$T/k.yaml" <<YAML
version: 1
data_dir: data
secret:
  source: sealed
  sealed:
    key:
      provider: keyfile
      file: seal.key
YAML
sed 's/file: seal.key/file: other.key/' "$T/k.yaml" >"$T/other.yaml"
cat >"$T/p.yaml" <<YAML
version: 1
data_dir: data-p
secret:
  source: sealed
  sealed:
    file: pp.sealed
    key:
      provider: passphrase
      passphrase: \${SEAL_PASS}
      argon2_opslimit: 1
      argon2_memlimit_mib: 8
YAML

expect_exit 0 "first boot seals a new secret" -- "$STEWARD" keys -c "$T/k.yaml" --json
cp "$T/out" "$T/keys1"
[ -f "$T/data/master.sealed" ] && ok || bad "no sealed file at data/master.sealed"
[ "$(stat -c %a "$T/data/master.sealed")" = 600 ] && ok || bad "sealed file mode $(stat -c %a "$T/data/master.sealed")"
expect_exit 0 "second boot" -- "$STEWARD" keys -c "$T/k.yaml" --json
cmp -s "$T/out" "$T/keys1" && ok || bad "the second boot derived different keys"
cp "$T/data/master.sealed" "$T/sealed.orig"

expect_exit 1 "wrong key file" -- "$STEWARD" keys -c "$T/other.yaml"
expect_grep "wrong sealing key or the file was modified" "$T/err" "wrong key: clear error"
cmp -s "$T/data/master.sealed" "$T/sealed.orig" && ok || bad "a failed open changed the sealed file"

size=$(stat -c %s "$T/sealed.orig")
flips=0
for ((i = 0; i < size; i++)); do
  cp "$T/sealed.orig" "$T/data/master.sealed"
  printf "$(printf '\\x%02x' $(( $(od -An -tu1 -j$i -N1 "$T/sealed.orig") ^ 1 )))" |
    dd of="$T/data/master.sealed" bs=1 seek=$i conv=notrunc status=none
  "$STEWARD" keys -c "$T/k.yaml" >"$T/out" 2>"$T/err"
  [ $? = 1 ] && ok || bad "byte $i flipped: not refused"
  flips=$((flips + 1))
done
echo "flipped each of $flips bytes in turn: all refused"
cp "$T/sealed.orig" "$T/data/master.sealed"
head -c 20 "$T/sealed.orig" >"$T/data/master.sealed"
expect_exit 1 "truncated file" -- "$STEWARD" keys -c "$T/k.yaml"
expect_grep "master.sealed" "$T/err" "truncated: the file is named"
cp "$T/sealed.orig" "$T/data/master.sealed"
expect_exit 0 "restored file opens again" -- "$STEWARD" keys -c "$T/k.yaml" --json
cmp -s "$T/out" "$T/keys1" && ok || bad "the restored file gives other keys"

# After the first boot, create: false turns a missing file into an error, not a new secret.
sed 's/  sealed:/  sealed:\n    create: false/' "$T/k.yaml" >"$T/nocreate.yaml"
expect_exit 0 "create: false opens the existing file" -- "$STEWARD" keys -c "$T/nocreate.yaml" --json
cmp -s "$T/out" "$T/keys1" && ok || bad "create: false gave other keys"
mv "$T/data/master.sealed" "$T/moved.sealed"
expect_exit 1 "create: false with the file missing" -- "$STEWARD" keys -c "$T/nocreate.yaml"
expect_grep "secret.sealed.create is false" "$T/err" "create: false says why"
[ ! -e "$T/data/master.sealed" ] && ok || bad "create: false created a sealed file"
mv "$T/moved.sealed" "$T/data/master.sealed"

export SEAL_PASS="a long passphrase for tests"
expect_exit 0 "passphrase provider, first boot" -- "$STEWARD" keys -c "$T/p.yaml" --json
cp "$T/out" "$T/pkeys1"
expect_exit 0 "passphrase provider, second boot" -- "$STEWARD" keys -c "$T/p.yaml" --json
cmp -s "$T/out" "$T/pkeys1" && ok || bad "passphrase boot gave other keys"
export SEAL_PASS="another passphrase"
expect_exit 1 "wrong passphrase" -- "$STEWARD" keys -c "$T/p.yaml"
expect_grep "wrong sealing key" "$T/err" "wrong passphrase: clear error"
expect_no_grep "another passphrase" "$T/err" "the passphrase is not echoed"
finish
