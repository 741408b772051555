#!/bin/bash
# audit.sh - the audit trail from the command line: audited writes, search, signed checkpoints
# (checked with openssl too), and each kind of tampering done with the sqlite3 shell (a changed,
# deleted, reordered or inserted row, a cut tail, an edited export) named by `audit verify`;
# retention purge and its six-month floor.
. "$(dirname "$0")/lib.sh"
setup
for i in 1 2 3 4 5 6; do
    "$XY" dept add --code "$OTHER_DEPT" --name 广州市税务局 --items nsxy,hmd >/dev/null
done
# 2 rows from setup + 6: rows 1..8

# verify: run the verification, keep exit code and both outputs
verify() {
    OUT=$("$XY" audit verify "$@" 2>&1)
    RC=$?
}
expect_out() {
    case "$OUT" in *"$1"*) ok ;; *) fail "output lacks '$1': $OUT" ;; esac
}
snapshot() {
    sqlite3 "$XINYONG_DB" "VACUUM INTO '$1'"
}
restore() {
    rm -f "$XINYONG_DB" "$XINYONG_DB-wal" "$XINYONG_DB-shm"
    cp "$1" "$XINYONG_DB"
}
# tamper SQL: as an intruder with the file, who first drops the protective triggers
tamper() {
    sqlite3 "$XINYONG_DB" "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;
        DROP TRIGGER audit_checkpoints_no_delete; $1" || fail "tamper SQL failed: $1"
}

t "audit answers --help, and wrong command lines are usage errors"
out=$("$XY" audit --help 2>&1)
case "$out" in *"usage: xinyong audit"*"6 verify"*) ok ;; *) fail "audit --help: $out" ;; esac
for args in "" "nosuch" "verify --export x" "purge --json" "search --limit 0" "checkpoint x"; do
    "$XY" audit $args >/dev/null 2>&1
    rc=$?
    [ $rc -eq 2 ] && ok || fail "audit $args: exit $rc, expected 2"
done

t "department writes are audited and an untouched trail verifies"
verify
expect_rc 0
expect_out "审计记录完整"
out=$("$XY" audit search --action dept.put --json)
n=$(printf '%s' "$out" | grep -o '"action":"dept.put"' | wc -l)
[ "$n" -eq 8 ] && ok || fail "expected 8 dept.put rows, found $n: $out"
case "$out" in *'"actor":"os:'*'"role":"operator"'*'"target":"dept:'"$OTHER_DEPT"'"'*) ok ;;
*) fail "rows lack actor, role or target: $out" ;; esac

t "the search is itself audited and filters by action prefix and date"
out=$("$XY" audit search --action 'audit.*')
case "$out" in *audit.search*) ok ;; *) fail "the search left no audit.search row: $out" ;; esac
out=$("$XY" audit search --action dept.put --from 2000-01-01 --to 2000-12-31 2>&1)
case "$out" in *dept.put*) fail "a date range before any row matched: $out" ;; *) ok ;; esac
"$XY" audit search --from 2025-02-30 >/dev/null 2>&1
[ $? -eq 2 ] && ok || fail "an impossible date was not a usage error"

t "a direct DELETE or UPDATE on the trail is refused"
sqlite3 "$XINYONG_DB" "DELETE FROM audit WHERE seq = 3" >/dev/null 2>&1 &&
    fail "DELETE on audit succeeded" || ok
sqlite3 "$XINYONG_DB" "UPDATE audit SET detail = 'x' WHERE seq = 3" >/dev/null 2>&1 &&
    fail "UPDATE on audit succeeded" || ok

t "a checkpoint is signed, exported, and openssl verifies its SM2 signature"
OUT=$("$XY" audit checkpoint --export "$T/ckpt.txt" 2>&1)
RC=$?
expect_rc 0
expect_out "已签署审计检查点"
KEY=$XINYONG_DB.audit-sm2.pem
[ "$(stat -c %a "$KEY" 2>/dev/null)" = 600 ] && ok || fail "signing key $KEY is not mode 600"
head -4 "$T/ckpt.txt" >"$T/msg"
sed -n 's/^signature=//p' "$T/ckpt.txt" | base64 -d >"$T/sig.der"
sed -n '/BEGIN PUBLIC KEY/,/END PUBLIC KEY/p' "$T/ckpt.txt" >"$T/pub.pem"
out=$(openssl pkeyutl -verify -pubin -inkey "$T/pub.pem" -rawin -digest sm3 -in "$T/msg" \
    -sigfile "$T/sig.der" -pkeyopt distid:1234567812345678 2>&1)
case "$out" in *"Signature Verified Successfully"*) ok ;; *) fail "openssl: $out" ;; esac
sed -i 's/^at=\([0-9]*\)/at=1\1/' "$T/msg"
out=$(openssl pkeyutl -verify -pubin -inkey "$T/pub.pem" -rawin -digest sm3 -in "$T/msg" \
    -sigfile "$T/sig.der" -pkeyopt distid:1234567812345678 2>&1)
case "$out" in *"Signature Verified Successfully"*) fail "openssl accepted a changed text" ;; *) ok ;; esac
CKSEQ=$(sed -n 's/^seq=//p' "$T/ckpt.txt")
verify --checkpoint "$T/ckpt.txt"
expect_rc 0
expect_out "与导出的检查点（第 $CKSEQ 条）一致"
snapshot "$T/base.db"

t "a changed row is named"
tamper "UPDATE audit SET detail = 'items=hmd' WHERE seq = 3"
verify
expect_rc 6
expect_out "[audit.changed] 第 3 条审计记录被改动"
restore "$T/base.db"

t "a deleted row is named"
tamper "DELETE FROM audit WHERE seq = 4"
verify
expect_rc 6
expect_out "[audit.deleted] 第 4 条审计记录缺失"
restore "$T/base.db"

t "two swapped rows are named reordered"
tamper "UPDATE audit SET seq = -1 WHERE seq = 2; UPDATE audit SET seq = 2 WHERE seq = 5;
        UPDATE audit SET seq = 5 WHERE seq = -1"
verify
expect_rc 6
expect_out "[audit.reordered] 第 2 条审计记录原是第 5 条"
restore "$T/base.db"

t "a forged row inserted in the middle is named inserted"
tamper "UPDATE audit SET seq = seq + 1000 WHERE seq >= 6;
        UPDATE audit SET seq = seq - 999 WHERE seq >= 1006;
        INSERT INTO audit(seq, at, actor, role, action, target, result, mac)
        SELECT 6, at, actor, role, 'dept.put', target, 'ok', mac FROM audit WHERE seq = 5"
verify
expect_rc 6
expect_out "[audit.inserted] 第 6 条审计记录是插入的"
restore "$T/base.db"

t "a forged row added at the end is found"
tamper "INSERT INTO audit(seq, at, actor, role, action, result, mac)
        SELECT max(seq) + 1, 1, 'os:root', 'operator', 'user.create', 'ok', printf('%064d', 7)
        FROM audit"
verify
expect_rc 6
expect_out "校验码不符"
restore "$T/base.db"

t "a tail cut together with the stored checkpoints is found only with the exported one"
tamper "DELETE FROM audit WHERE seq > $((CKSEQ - 3)); DELETE FROM audit_checkpoints"
verify
expect_rc 0
verify --checkpoint "$T/ckpt.txt"
expect_rc 6
expect_out "[audit.tail_cut]"
expect_out "记录到第 $CKSEQ 条"
restore "$T/base.db"

t "a tail cut and regrown past the checkpoint is found"
tamper "DELETE FROM audit WHERE seq > $((CKSEQ - 3)); DELETE FROM audit_checkpoints"
for i in 1 2 3 4 5; do
    "$XY" dept add --code "$OTHER_DEPT" --name 广州市税务局 --items nsxy >/dev/null
done
verify --checkpoint "$T/ckpt.txt"
expect_rc 6
expect_out "[audit.tail_cut] 第 $CKSEQ 条审计记录与导出的检查点不符"
restore "$T/base.db"

t "an edited export is refused by its signature"
sed "s/^seq=.*/seq=$((CKSEQ - 2))/" "$T/ckpt.txt" >"$T/forged.txt"
verify --checkpoint "$T/forged.txt"
expect_rc 6
expect_out "[audit.checkpoint_signature]"
printf 'hello\n' >"$T/junk.txt"
verify --checkpoint "$T/junk.txt"
expect_rc 4
verify --checkpoint "$T/nosuch.txt"
expect_rc 5

t "a changed stored checkpoint is found"
tamper "DROP TRIGGER audit_checkpoints_no_update; UPDATE audit_checkpoints SET at = at + 1"
verify
expect_rc 6
expect_out "[audit.checkpoint_signature] 第 $CKSEQ 条处的检查点签名无效"
restore "$T/base.db"

t "an anchor made by hand, not by a purge, is found out"
mac=$(sqlite3 "$XINYONG_DB" "SELECT mac FROM audit WHERE seq = $CKSEQ")
tamper "INSERT OR REPLACE INTO meta(key, value) VALUES ('audit.anchor', '$CKSEQ:$mac');
    DELETE FROM audit WHERE seq <= $CKSEQ"
verify --checkpoint "$T/ckpt.txt"
expect_rc 6
expect_out "[audit.anchor] 审计链起点（第 $CKSEQ 条）不是由留存期清理产生的"
restore "$T/base.db"

t "retention under six months is refused"
OUT=$(XINYONG_AUDIT_RETENTION_DAYS=100 "$XY" audit purge 2>&1)
RC=$?
[ $RC -ne 0 ] && ok || fail "a retention of 100 days was accepted"
expect_out "183"

t "a purge deletes only rows behind a checkpoint older than the retention"
OUT=$("$XY" audit purge 2>&1)
RC=$?
expect_rc 0
expect_out "没有可清理的审计记录"
later=$(date -u -d '+400 days' +%Y-%m-%dT%H:%M:%SZ)
OUT=$(XY_NOW=$later "$XY" audit purge 2>&1)
RC=$?
expect_rc 0
expect_out "审计链从第 $CKSEQ 条之后开始"
verify --checkpoint "$T/ckpt.txt"
expect_rc 0
expect_out "审计链起点：第 $CKSEQ 条之后"
out=$("$XY" audit search --action audit.purge)
case "$out" in *"deleted=$CKSEQ anchor=$CKSEQ"*) ok ;; *) fail "no audit.purge row: $out" ;; esac
tamper "DELETE FROM audit WHERE seq = $((CKSEQ + 1))"
verify
expect_rc 6
expect_out "[audit.deleted] 第 $((CKSEQ + 1)) 条"

finish
