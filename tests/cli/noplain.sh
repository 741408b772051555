#!/bin/bash
# noplain.sh - no citizen ID number of a whole generated city is found in the raw bytes of the
# database (main file, WAL, shared memory), before and after a checkpoint and a key rotation;
# the ID numbers are still found by a query.
. "$(dirname "$0")/lib.sh"
setup

CITY=$T/city
"$XY" gen --out "$CITY" --seed 7 --persons 300 --orgs 300 --rows 300 >/dev/null

t "the generated city is ingested"
"$XY" dept import "$CITY/departments.csv" >/dev/null && ok || fail "dept import failed"
tail -n +2 "$CITY/manifest.csv" | while IFS=, read -r file dept item rows bad warn _timing; do
    rc=0
    "$XY" ingest --quiet --dept "$dept" --item "$item" "$CITY/$file" >/dev/null 2>&1 || rc=$?
    [ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] || echo "$file: exit $rc" >>"$T/ingest.err"
done
[ ! -s "$T/ingest.err" ] && ok || fail "ingest failed: $(cat "$T/ingest.err")"

idnos_of "$CITY" "$T/idno.txt"
n=$(wc -l <"$T/idno.txt")
t "the city has citizens' ID numbers to look for"
[ "$n" -ge 200 ] && ok || fail "only $n ID numbers found in the generated files"

# scan LABEL: no ID number in the bytes of the database files
scan() {
    no_plain_idnos "$1" "$T/idno.txt" "$XINYONG_DB"
}

t "the scan finds plain ID numbers where they are (the generated files)"
hits=$(cat "$CITY"/*.csv | grep -aoF -f "$T/idno.txt" | sort -u | wc -l)
[ "$hits" -ge $((n / 2)) ] && ok || fail "the scan found only $hits of $n numbers in the city's files"

t "no ID number in the database, its WAL or its shared memory"
[ -s "$XINYONG_DB" ] && ok || fail "no database"
scan "after ingest"

t "no ID number once the WAL is checkpointed into the database"
sqlite3 "$XINYONG_DB" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
scan "after checkpoint"

t "a person is still found by the ID number"
id=$(head -n 1 "$T/idno.txt")
out=$("$XY" query --json "$id" 2>&1)
rc=$?
[ "$rc" = 0 ] && ok || fail "query by an ID number exit $rc: $out"
case "$out" in *'"kind":"person"'* | *自然人*) ok ;; *) fail "query by ID number did not find a person: $out" ;; esac
found=0
for id in $(shuf -n 20 --random-source=<(yes) "$T/idno.txt"); do
    "$XY" query --json "$id" >/dev/null 2>&1 && found=$((found + 1))
done
[ "$found" -ge 15 ] && ok || fail "only $found of 20 ID numbers found by a query"

t "no ID number after a key rotation (secure_delete leaves no old page behind)"
"$XY" key rotate >/dev/null 2>&1 && ok || fail "key rotate failed"
scan "after rotation"
sqlite3 "$XINYONG_DB" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
scan "after rotation and checkpoint"

finish
