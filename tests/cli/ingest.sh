#!/bin/bash
# ingest.sh - ingestion of a whole generated city: every file's accepted, rejected and warned
# rows match what the generator wrote; reingesting changes nothing; a changed row becomes a new
# version with the old one kept; a kill at any moment leaves every batch whole and a rerun
# completes the file.
. "$(dirname "$0")/lib.sh"
setup

CITY=$T/city
"$XY" gen --out "$CITY" --seed 11 --persons 400 --orgs 600 --rows 600 --bad 0.05 >/dev/null

t "the generated city's departments register"
"$XY" dept import "$CITY/departments.csv" >/dev/null && ok || fail "dept import failed"

ingest_city() { # -> totals "accepted rejected warnings new unchanged" per file into $T/got
    : >"$T/got"
    tail -n +2 "$CITY/manifest.csv" | while IFS=, read -r file dept item rows bad warn _timing; do
        out=$("$XY" ingest --quiet --dept "$dept" --item "$item" "$CITY/$file" 2>&1)
        rc=$?
        nums=$(echo "$out" | sed -n 's/.*行数 \([0-9]*\)：入库 \([0-9]*\)，拒收 \([0-9]*\)（其中重复 [0-9]*），警告 \([0-9]*\).*/\1 \2 \3 \4/p')
        new=$(echo "$out" | sed -n 's/.*新记录 \([0-9]*\)，新版本 \([0-9]*\)，未变化 \([0-9]*\).*/\1 \2 \3/p')
        echo "$file $rows $bad $warn $rc $nums $new" >>"$T/got"
    done
}

t "every file of the city: rejected and warned rows are exactly the generator's bad and warn rows"
ingest_city
while read -r file rows bad warn rc nrows acc rej warns new ver unch; do
    [ "$nrows" = "$rows" ] && [ "$rej" = "$bad" ] && [ "$acc" = $((rows - bad)) ] && [ "$warns" = "$warn" ] && ok ||
        fail "$file: manifest rows=$rows bad=$bad warn=$warn, ingest rows=$nrows accepted=$acc rejected=$rej warnings=$warns"
    [ "$bad" -gt 0 ] && { [ "$rc" = 3 ] && ok || fail "$file: exit $rc with rejected rows, expected 3"; }
    [ -f "$CITY/$file.errors.csv" ] || [ "$bad$warn" = 00 ] && ok || fail "$file: no error report"
done <"$T/got"
first=$(records)

t "reingesting every file changes nothing"
ingest_city
while read -r file rows bad warn rc nrows acc rej warns new ver unch; do
    [ "$new" = 0 ] && [ "$ver" = 0 ] && [ "$unch" = "$acc" ] && ok ||
        fail "$file: reingest stored new=$new versions=$ver unchanged=$unch of $acc"
done <"$T/got"
expect_records "$first"

t "a changed row becomes a new version; the old version is kept"
{
    echo "$PEN_HEADER"
    good_org_row ver-1 "$ORG1"
} >"$T/v1.csv"
ingest "$T/v1.csv"
expect_rc 0
sed 's/,1.5,2025\/03\/05,/,2.5,2025\/03\/05,/' "$T/v1.csv" >"$T/v2.csv"
ingest "$T/v2.csv"
expect_rc 0
case "$OUT" in *"新记录 0，新版本 1，"*) ok ;; *) fail "changed row not a new version: $OUT" ;; esac
expect_in_file "$ORG1" "已更正"
out=$("$XY" query --json "$ORG1")
case "$out" in *'"version":2'*'"CF_NR_FK":"2.5"'*) ok ;; *) fail "latest version not shown: $out" ;; esac
n=$(sqlite3 "$XINYONG_DB" "SELECT count(*) FROM records WHERE key = '穗市监罚〔2025〕ver-1号'")
[ "$n" = 2 ] && ok || fail "$n versions kept, expected 2"
sqlite3 "$XINYONG_DB" "UPDATE records SET hash = 0" 2>/dev/null && fail "records can be updated in place" || ok

t "a kill at any moment leaves every batch whole, and a rerun completes the file"
"$XY" gen --out "$T/big" --item xzcf --rows 60000 --seed 5 --bad 0 --persons 5000 --orgs 8000 >/dev/null
export XINYONG_DB=$T/kill.db
"$XY" dept add --code 11440100MB2C92018T --name 广州市市场监督管理局 --items xzcf >/dev/null
for delay in 0.1 0.3 0.6; do
    XINYONG_INGEST_BATCH_ROWS=2000 "$XY" ingest --quiet --dept 11440100MB2C92018T --item xzcf "$T/big/xzcf.csv" >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    [ "$(sqlite3 "$XINYONG_DB" 'PRAGMA integrity_check')" = ok ] && ok || fail "database damaged after kill at ${delay}s"
    torn=$(sqlite3 "$XINYONG_DB" "SELECT count(*) FROM batches b WHERE (SELECT count(*) FROM records r WHERE r.batch_id = b.id) <> b.new_records + b.new_versions")
    [ "$torn" = 0 ] && ok || fail "$torn batches are partly stored after kill at ${delay}s"
    echo "info: kill at ${delay}s: $(sqlite3 "$XINYONG_DB" 'SELECT count(*) FROM records') rows stored" >&2
done
stored=$(sqlite3 "$XINYONG_DB" "SELECT count(*) FROM records")
echo "info: $stored of 60000 rows were stored when the last kill came" >&2
out=$("$XY" ingest --quiet --dept 11440100MB2C92018T --item xzcf "$T/big/xzcf.csv" 2>&1)
case "$out" in *"入库 60000，"*"未变化 $stored，"*) ok ;; *) fail "rerun after kills (stored before: $stored): $out" ;; esac
[ "$(sqlite3 "$XINYONG_DB" 'SELECT count(*) FROM records')" = 60000 ] && ok || fail "rerun did not complete the file"

finish
