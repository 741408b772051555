#!/bin/bash
# bench/stats.sh - the credit office's full statistics page at city scale (issue 7): the time of
# GET /api/v1/stats/overview, read from the counters kept at ingest (migration 12), against the
# same figures computed by scanning the records (sqlite3 running the GROUP BY the rebuild runs,
# over the records of the same period), measured in the same run on the same database.
#
#   bench/stats.sh [XINYONG] [ORGS] [RECORDS]    (default build/src/xinyong, 3000000, 20000000)
#   bench/stats.sh build-bench/src/xinyong 20000 100000       (a small run, to try it out)
#
# The database is bench/http.sh's (bench/out/http-ORGS-RECORDS/xinyong.db): when it is not there,
# bench/http.sh is run with BUILD_ONLY=1 to build it (at the default size that takes about an
# hour; pass a smaller ORGS RECORDS to try it out, and say so when quoting the figures). A
# database made before migration 12 has no counters yet: `xinyong stats rebuild` builds them
# once (timed and printed; the server would do it at start).
#
# Then, after reading the database once (this host trims the page cache: without it we would
# time the disk):
#   overview   GET /api/v1/stats/overview as a credit office account (the default period: the
#              12 months up to this month), RUNS times after 2 warm-up calls: median and worst;
#   reference  sqlite3 of the records of the same period grouped by department, item, month,
#              decision date and day of receipt (what computing the page without counters must
#              read: the timeliness needs each record's two dates), RUNS times: median;
# and prints both and their ratio. Goal (issue 7): the full page under 1 s.
set -euo pipefail

XY=${1:-build/src/xinyong}
ORGS=${2:-3000000}
RECORDS=${3:-20000000}
RUNS=${RUNS:-7}
OUT=bench/out
CASE=$OUT/http-$ORGS-$RECORDS
DB=$CASE/xinyong.db
HERE=$(cd "$(dirname "$0")" && pwd)

die() { echo "bench/stats.sh: $*" >&2; exit 1; }
now() { date +%s.%N; }
[ -x "$XY" ] || die "no xinyong at $XY (build it: meson setup build-bench --buildtype=release && ninja -C build-bench)"
XY=$(cd "$(dirname "$XY")" && pwd)/$(basename "$XY")
for t in curl sqlite3 python3 bc; do command -v $t >/dev/null || die "needs $t"; done

if [ ! -f "$CASE/built" ]; then
    echo "no database at $DB: building it with bench/http.sh (BUILD_ONLY=1) ..." >&2
    BUILD_ONLY=1 bash "$HERE/http.sh" "$XY" "$ORGS" "$RECORDS" >&2
fi
export XINYONG_DB=$DB XINYONG_CONFIG=/dev/null

TMP=$(mktemp -d /tmp/xy-stats-bench.XXXXXX)
SRV_PID=""
cleanup() {
    if [ -n "$SRV_PID" ] && kill "$SRV_PID" 2>/dev/null; then wait "$SRV_PID" 2>/dev/null || true; fi
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------------ counters and an account
"$XY" stats >"$TMP/totals" # opens the database (and brings its schema up to date)
records=$(sqlite3 "$DB" "SELECT count(*) FROM records")
if [ -z "$(sqlite3 "$DB" "SELECT 1 FROM meta WHERE key = 'stats_built'")" ]; then
    t0=$(now)
    "$XY" stats rebuild >&2
    printf 'counters built from %d records in %.0f s (once; the server does it at start)\n' \
        "$records" "$(echo "$(now) - $t0" | bc -l)"
fi
LOGIN=bench-stats-office
PW=$("$XY" user add "$LOGIN" --role office --name 统计基准 --generate --json 2>/dev/null |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["password"])' 2>/dev/null ||
    "$XY" user passwd "$LOGIN" --generate 2>/dev/null | sed -n "s/^新口令（只显示这一次）：//p")
[ -n "$PW" ] || die "could not make the office account $LOGIN"

t0=$(now)
find "$CASE" -maxdepth 1 -name "$(basename "$DB")*" -type f -exec cat {} + >/dev/null # warm the page cache (files only: the server keeps folders beside the database)
warm_s=$(echo "$(now) - $t0" | bc -l)

# ------------------------------------------------------------------ the server
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
XINYONG_HTTP_RATE_PER_MIN=0 "$XY" --log-level info serve --port "$PORT" >"$TMP/serve.log" 2>&1 &
SRV_PID=$!
for _ in $(seq 1800); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/health" || true)" = 200 ] && break
    kill -0 "$SRV_PID" 2>/dev/null || { cat "$TMP/serve.log" >&2; die "xinyong serve exited"; }
    sleep 0.1
done
# the batch worker builds the list index of the checks (issue 6) once at start: wait for it, as
# timing during the build would time the build
for _ in $(seq 1800); do grep -q 'list_index' "$TMP/serve.log" && break; sleep 1; done
body=$(python3 -c 'import json, sys; print(json.dumps({"login": sys.argv[1], "password": sys.argv[2]}))' "$LOGIN" "$PW")
curl -s -D "$TMP/login.h" -o "$TMP/login.b" -H 'Content-Type: application/json' --data-binary "$body" \
    "$BASE/api/v1/session" >/dev/null
COOKIE=$(tr -d '\r' <"$TMP/login.h" | sed -n 's/^[Ss]et-[Cc]ookie: \(xy_session=[^;]*\).*/\1/p')
[ -n "$COOKIE" ] || die "login failed: $(cat "$TMP/login.b")"

# ------------------------------------------------------------------ runs
median() { sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
worst() { sort -g | tail -1; }
for i in 1 2; do curl -s -o /dev/null -H "Cookie: $COOKIE" "$BASE/api/v1/stats/overview"; done
: >"$TMP/overview.t"
for i in $(seq "$RUNS"); do
    curl -s -o "$TMP/overview.json" -w '%{http_code} %{time_total}\n' -H "Cookie: $COOKIE" \
        "$BASE/api/v1/stats/overview" >"$TMP/one"
    read -r code secs <"$TMP/one"
    [ "$code" = 200 ] || die "overview answered $code: $(head -c 300 "$TMP/overview.json")"
    echo "$secs" >>"$TMP/overview.t"
done
period=$(python3 -c 'import json, sys; p = json.load(open(sys.argv[1]))["period"]; print(p["from"], p["to"])' "$TMP/overview.json")
read -r pfrom pto <<<"$period"
from_s=$(date -d "$pfrom-01 00:00:00 +0800" +%s)
to_s=$(date -d "$pto-01 00:00:00 +0800 +1 month" +%s)
in_period=$(python3 -c 'import json, sys; print(sum(m["records"] + m["versions"] for m in json.load(open(sys.argv[1]))["by_month"]))' "$TMP/overview.json")

SQL="SELECT dept_id, item, CAST(strftime('%Y%m', received_at + 28800, 'unixepoch') AS INTEGER),
  decision_date, (received_at + 28800) / 86400, count(*), sum(version = 1) FROM records
  WHERE received_at >= $from_s AND received_at < $to_s GROUP BY 1, 2, 3, 4, 5"
sqlite3 "$DB" "$SQL" >/dev/null # warm
: >"$TMP/ref.t"
for i in $(seq 3); do
    t0=$(now)
    groups=$(sqlite3 "$DB" "$SQL" | wc -l)
    echo "$(now) - $t0" | bc -l >>"$TMP/ref.t"
done

ov_med=$(median <"$TMP/overview.t")
ov_max=$(worst <"$TMP/overview.t")
ref_med=$(median <"$TMP/ref.t")
printf '\nbench/stats.sh: %s records (%s in the period %s..%s), database read in %.0f s\n' \
    "$records" "$in_period" "$pfrom" "$pto" "$warm_s"
printf '  GET /api/v1/stats/overview   median %7.1f ms  worst %7.1f ms  (%d runs, warm)\n' \
    "$(echo "$ov_med * 1000" | bc -l)" "$(echo "$ov_max * 1000" | bc -l)" "$RUNS"
printf '  reference: sqlite3 GROUP BY  median %7.1f ms  (%d groups; 3 runs, warm)\n' \
    "$(echo "$ref_med * 1000" | bc -l)" "$groups"
printf '  ratio reference / overview   %.0fx\n' "$(echo "$ref_med / $ov_med" | bc -l)"
