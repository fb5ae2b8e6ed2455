#!/usr/bin/env bash
# Acceptance: `steward audit verify` on a log written by the real agent detects an edited,
# deleted, inserted, reordered and truncated record (exit 1, naming the first bad record),
# and passes the untouched log (exit 0). The tampering is done as an attacker with write
# access to the file would: sqlite3, after dropping the append-only triggers.
. "$(dirname "$0")/lib.sh"

cat >"$T/a.yaml" <<YAML
version: 1
data_dir: data
secret:
  source: backup
  backup:
    env: AUDIT_HEX
YAML
export AUDIT_HEX=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
for i in 1 2 3 4; do
  "$STEWARD" run -c "$T/a.yaml" 2>"$T/run.log" &
  pid=$!
  for _ in $(seq 1 300); do grep -q agent.ready "$T/run.log" && break; sleep 0.1; done
  kill -TERM $pid; wait $pid || bad "agent run $i failed"
done
expect_exit 0 "untouched log verifies" -- "$STEWARD" audit verify -c "$T/a.yaml"
expect_grep "ok: 8 records" "$T/out" "four runs wrote eight records"
expect_exit 0 "audit show --from 7" -- "$STEWARD" audit show -c "$T/a.yaml" --from 7 --json
[ "$(wc -l <"$T/out")" = 2 ] && ok || bad "audit show --from 7 printed $(wc -l <"$T/out") records, wanted 2"

# The triggers refuse an ordinary edit.
sqlite3 "$T/data/steward.db" "UPDATE audit SET detail='{}' WHERE seq=3;" 2>"$T/err" && bad "the append-only trigger let an UPDATE through" || ok
expect_grep "append-only" "$T/err" "the trigger says why"

DROP="DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; DROP TRIGGER audit_in_sequence; DROP TRIGGER audit_head_no_delete; DROP TRIGGER audit_head_forward;"
COLS="ts, kind, tenant, subject, detail, prev_hash, hash, sig"
# tamper NAME EXPECTED-REGEX SQL
tamper() {
  local name=$1 want=$2 sql=$3
  rm -rf "$T/copy" && mkdir "$T/copy" && cp -a "$T/data" "$T/copy/data"
  sed 's/data_dir: data/data_dir: copy\/data/' "$T/a.yaml" >"$T/copy.yaml"
  sqlite3 "$T/copy/data/steward.db" "$DROP $sql" || { bad "$name: tampering SQL failed"; return; }
  expect_exit 1 "$name is detected" -- "$STEWARD" audit verify -c "$T/copy.yaml"
  expect_grep "TAMPERED: .*$want" "$T/out" "$name: the first bad record is named"
  echo "  $name: $(cat "$T/out")"
}
tamper "edit" "record 3" "UPDATE audit SET detail='{\"signal\":\"SIGKILL\"}' WHERE seq=3;"
tamper "edit of a hash" "record [34]" "UPDATE audit SET hash=zeroblob(32) WHERE seq=3;"
tamper "delete" "record 4" "DELETE FROM audit WHERE seq=4;"
tamper "insert" "record 5" "UPDATE audit SET seq=seq+100 WHERE seq>=5; UPDATE audit SET seq=seq-99 WHERE seq>=105;
  INSERT INTO audit (seq, $COLS) SELECT 5, ts, 'agent.stop', tenant, subject, '{\"signal\":\"SIGTERM\"}', (SELECT hash FROM audit WHERE seq=4), randomblob(32), NULL FROM audit WHERE seq=4;
  UPDATE audit_head SET seq=9, hash=(SELECT hash FROM audit WHERE seq=9);"
tamper "reorder" "record [2-3]" "CREATE TEMP TABLE t AS SELECT * FROM audit WHERE seq IN (3,5);
  UPDATE audit SET ($COLS) = (SELECT $COLS FROM t WHERE t.seq=5) WHERE seq=3;
  UPDATE audit SET ($COLS) = (SELECT $COLS FROM t WHERE t.seq=3) WHERE seq=5;"
tamper "truncate" "(head|truncated)" "DELETE FROM audit WHERE seq>=7;"
tamper "truncate with the head moved back" "head" "DELETE FROM audit WHERE seq>=7; UPDATE audit_head SET seq=6, hash=zeroblob(32);"

# Verify needs no secret, and never creates a store.
unset AUDIT_HEX
sed -i 's/env: AUDIT_HEX/file: nothing-here.secret/' "$T/a.yaml" 2>/dev/null
cat >"$T/nosecret.yaml" <<YAML
version: 1
data_dir: data
secret: {source: dev}
YAML
expect_exit 0 "verify without the secret" -- "$STEWARD" audit verify -c "$T/nosecret.yaml"
[ ! -e "$T/data/dev-backup.secret" ] && ok || bad "audit verify created a dev secret"
cat >"$T/empty.yaml" <<YAML
version: 1
data_dir: nowhere
secret: {source: dev}
YAML
expect_exit 1 "verify with no store" -- "$STEWARD" audit verify -c "$T/empty.yaml"
[ ! -e "$T/nowhere" ] && ok || bad "audit verify created a store folder"
finish
