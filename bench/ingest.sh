#!/bin/bash
# bench/ingest.sh - bulk ingest of 行政处罚 rows against `sqlite3 .import` of the same file.
#
#   bench/ingest.sh [XINYONG] [ROWS]        (default build/src/xinyong, 1000000 rows)
#
# Generates ROWS clean penalty rows (cached under bench/out/), reads the file once so both
# runs start from the page cache (this host trims it: without warming we would time the disk),
# then times, on fresh databases:
#   reference: sqlite3 .import of the file into a bare table (no validation, no index)
#   xinyong:   ingest with everything on (validation, subjects, versions, indexes, name index)
# and prints rows/s of each, their ratio, xinyong's peak memory and database size, and how
# fast the same file is ingested again (every row unchanged, nothing written).
set -euo pipefail

XY=${1:-build/src/xinyong}
ROWS=${2:-1000000}
OUT=bench/out
DATA=$OUT/xzcf-$ROWS
DEPT=11440100MB2C92018T
mkdir -p "$OUT"

if [ ! -f "$DATA/xzcf.csv" ]; then
    echo "generating $ROWS rows ..." >&2
    "$XY" gen --out "$DATA" --item xzcf --rows "$ROWS" --seed 1 --bad 0 \
        --persons $((ROWS / 5 + 1)) --orgs $((ROWS / 3 + 1)) >/dev/null
fi
FILE=$DATA/xzcf.csv
BYTES=$(stat -c %s "$FILE")
cat "$FILE" >/dev/null # warm the page cache

now() { date +%s.%N; }

rm -f "$OUT/import.db"
t0=$(now)
sqlite3 "$OUT/import.db" -cmd '.mode csv' ".import $FILE t"
t1=$(now)
ref=$(echo "$t1 - $t0" | bc -l)
rm -f "$OUT/import.db"
sync # the reference's dirty pages must not be written back during our run

rm -f "$OUT/xy.db" "$OUT/xy.db-wal" "$OUT/xy.db-shm"
export XINYONG_DB=$OUT/xy.db XINYONG_CONFIG=/dev/null
"$XY" dept add --code "$DEPT" --name 广州市市场监督管理局 --items xzcf >/dev/null
t0=$(now)
/usr/bin/time -f '%M' -o "$OUT/rss" "$XY" ingest --quiet --dept "$DEPT" --item xzcf "$FILE" >"$OUT/summary"
t1=$(now)
xy=$(echo "$t1 - $t0" | bc -l)
rss_kb=$(cat "$OUT/rss")
# the same file again: every row must be recognised as unchanged
t0=$(now)
"$XY" ingest --quiet --dept "$DEPT" --item xzcf "$FILE" >"$OUT/summary2"
t1=$(now)
again=$(echo "$t1 - $t0" | bc -l)
grep -q "未变化 $ROWS，" "$OUT/summary2" || { echo "reingest stored something:" >&2; cat "$OUT/summary2" >&2; exit 1; }
dbsize=$(du -cb "$OUT"/xy.db* | tail -1 | cut -f1)
grep -q "入库 $ROWS，" "$OUT/summary" || { echo "not every row was stored:" >&2; cat "$OUT/summary" >&2; exit 1; }

printf 'rows                 %d (%.0f MB of CSV, %d bytes/row)\n' "$ROWS" "$(echo "$BYTES/1048576" | bc -l)" $((BYTES / ROWS))
printf 'sqlite3 .import      %8.2f s  %9.0f rows/s   (reference, same run)\n' "$ref" "$(echo "$ROWS/$ref" | bc -l)"
printf 'xinyong ingest       %8.2f s  %9.0f rows/s\n' "$xy" "$(echo "$ROWS/$xy" | bc -l)"
printf 'ratio                %8.2f     (xinyong rows/s / .import rows/s; goal >= 0.40)\n' "$(echo "$ref/$xy" | bc -l)"
printf 'reingest (unchanged) %8.2f s  %9.0f rows/s\n' "$again" "$(echo "$ROWS/$again" | bc -l)"
printf 'peak memory          %8.0f MB  (goal < 1024)\n' "$(echo "$rss_kb/1024" | bc -l)"
printf 'database size        %8.0f MB\n' "$(echo "$dbsize/1048576" | bc -l)"
rm -f "$OUT/xy.db" "$OUT/xy.db-wal" "$OUT/xy.db-shm"
