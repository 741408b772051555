#!/bin/bash
# keys.sh - the key file that seals ID numbers: made private with a new database, refused when
# others may read it, required by an existing database, replaceable by $XINYONG_KEYS, and
# rotated while every credit file stays readable.
. "$(dirname "$0")/lib.sh"
setup

KEYS="$XINYONG_DB.keys"

t "a new database gets a key file next to it, readable by its owner only"
[ -f "$KEYS" ] && ok || fail "no key file $KEYS"
mode=$(stat -c %a "$KEYS")
[ "$mode" = 600 ] && ok || fail "key file mode $mode, expected 600"
grep -q '^current 1$' "$KEYS" && ok || fail "key file lacks 'current 1': $(sed 's/[0-9a-f]\{64\}/HEX/' "$KEYS")"

{
    echo "$PEN_HEADER"
    pen_row 李小明 自然人 '' '' 身份证 "$ID4" 穗市监罚〔2025〕101号 罚款 1.5 2025/03/05
    pen_row 王小红 自然人 '' '' 身份证 "$ID1" 穗市监罚〔2025〕102号 罚款 2 2025/03/06
    good_org_row 1 "$ORG1"
} >"$T/p.csv"
ingest "$T/p.csv"
expect_rc 0

t "a key file that others may read is refused, saying how to fix it"
chmod 644 "$KEYS"
out=$("$XY" query "$ID4" 2>&1)
rc=$?
[ "$rc" -ne 0 ] && ok || fail "query ran with a 0644 key file"
case "$out" in *"chmod 600 $KEYS"*) ok ;; *) fail "no chmod hint: $out" ;; esac
case "$out" in *DENIED*) ok ;; *) fail "no DENIED code: $out" ;; esac
chmod 600 "$KEYS"

t "an existing database without its key file is an error naming the file"
mv "$KEYS" "$T/saved.keys"
out=$("$XY" query "$ID4" 2>&1)
rc=$?
[ "$rc" = 5 ] && ok || fail "exit $rc without the key file, expected 5: $out"
case "$out" in *"密钥文件 \"$KEYS\" 不存在"*) ok ;; *) fail "message does not name the file: $out" ;; esac
[ ! -f "$KEYS" ] && ok || fail "a new key file was made for an existing database"
mv "$T/saved.keys" "$KEYS"

t "security.key_file names another place for the key file"
cp -p "$KEYS" "$T/elsewhere.keys"
mv "$KEYS" "$T/moved.keys"
out=$(XINYONG_SECURITY_KEY_FILE="$T/elsewhere.keys" "$XY" query "$ID4" 2>&1)
case "$out" in *李小明*) ok ;; *) fail "query with security.key_file: $out" ;; esac
mv "$T/moved.keys" "$KEYS"
rm -f "$T/elsewhere.keys"

t "the keys can come from XINYONG_KEYS instead of a file"
mv "$KEYS" "$T/saved.keys"
out=$(XINYONG_KEYS="$(cat "$T/saved.keys")" "$XY" query "$ID4" 2>&1)
case "$out" in *李小明*) ok ;; *) fail "query with XINYONG_KEYS: $out" ;; esac
out=$(XINYONG_KEYS="$(cat "$T/saved.keys")" "$XY" key rotate 2>&1)
rc=$?
[ "$rc" = 4 ] && ok || fail "rotate with XINYONG_KEYS exit $rc, expected 4: $out"
case "$out" in *XINYONG_KEYS*) ok ;; *) fail "rotate refusal does not say why: $out" ;; esac
mv "$T/saved.keys" "$KEYS"

t "the stored ID numbers are sealed and opened by the key file's keys only"
n=$(sqlite3 "$XINYONG_DB" "SELECT count(*) FROM subjects WHERE code GLOB 's1:*'")
[ "$n" = 2 ] && ok || fail "$n subjects sealed with version 1, expected 2"
out=$("$XY" key status)
case "$out" in *"当前版本: 1"*) ok ;; *) fail "status: $out" ;; esac
echo "$out" | grep -Eq '^  subjects +v1 +2 ' && ok || fail "status lacks 2 subjects under v1: $out"
echo "$out" | grep -Eq '^  records +v1 +2 ' && ok || fail "status lacks 2 records under v1: $out"

t "records stay append-only: an UPDATE from another connection is refused"
sqlite3 "$XINYONG_DB" "UPDATE records SET payload = payload" 2>/dev/null && fail "payload updated" || ok
sqlite3 "$XINYONG_DB" "UPDATE records SET hash = 0" 2>/dev/null && fail "hash updated" || ok

t "rotation re-seals every value and keeps every credit file as it was"
for c in "$ID4" "$ID1" "$ORG1"; do "$XY" query --json "$c"; done >"$T/before.json" 2>&1
out=$("$XY" key rotate 2>"$T/rotate.err")
rc=$?
[ "$rc" = 0 ] && ok || fail "rotate exit $rc: $out $(cat "$T/rotate.err")"
case "$out" in *"版本 1 -> 2"*) ok ;; *) fail "rotate output: $out" ;; esac
for c in "$ID4" "$ID1" "$ORG1"; do "$XY" query --json "$c"; done >"$T/after.json" 2>&1
cmp -s "$T/before.json" "$T/after.json" && ok || fail "credit files changed: $(diff "$T/before.json" "$T/after.json" | head -5)"
out=$("$XY" key status)
echo "$out" | grep -q ' v1 ' && fail "values still under v1: $out" || ok
echo "$out" | grep -Eq '^  subjects +v2 +2 ' && ok || fail "subjects not under v2: $out"
grep -q '^data 1 ' "$KEYS" && ok || fail "version 1 left the key file before key retire"

t "retire drops the old version once nothing is sealed with it"
out=$("$XY" key retire 2>&1)
rc=$?
[ "$rc" = 0 ] && ok || fail "retire exit $rc: $out"
out=$("$XY" key status)
echo "$out" | grep -q '数据密钥版本: 2\*$' && ok || fail "old version still listed: $out"
grep -q '^data 1 ' "$KEYS" && fail "version 1 still in the key file" || ok
n=$("$XY" audit search --action key.retire 2>/dev/null | grep -c 'key.retire')
[ "$n" = 1 ] && ok || fail "$n key.retire audit rows, expected 1"

t "a second rotation while the first holds the lock is refused"
exec 9>"$KEYS.lock"
flock -n 9 || fail "could not take the lock in the test"
out=$("$XY" key rotate 2>&1)
rc=$?
[ "$rc" = 4 ] && ok || fail "rotate under a held lock exit $rc: $out"
case "$out" in *"正在进行"*) ok ;; *) fail "the refusal does not say why: $out" ;; esac
exec 9>&-
mode=$(stat -c %a "$KEYS")
[ "$mode" = 600 ] && ok || fail "key file mode $mode after rotation, expected 600"
n=$("$XY" audit search --action key.rotate 2>/dev/null | grep -c 'key.rotate')
[ "$n" = 1 ] && ok || fail "$n key.rotate audit rows, expected 1"

t "a reingest after the rotation changes nothing"
ingest "$T/p.csv"
case "$OUT" in *"新记录 0，新版本 0，未变化 3"*) ok ;; *) fail "reingest after rotation: $OUT" ;; esac

finish
