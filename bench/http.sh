#!/bin/bash
# bench/http.sh - the HTTP API at city scale: subject lookups against nginx serving a static
# file of the same size (this machine's HTTP ceiling), name-search latency, server memory.
#
#   bench/http.sh [XINYONG] [ORGS] [RECORDS]     (default build/src/xinyong, 3000000, 20000000)
#   bench/http.sh build-bench/src/xinyong 20000 100000        (a small run, to try it out)
#
# The city is made with `xinyong gen` (--rows is per catalogue item: 7 items, so RECORDS/7 rows
# each; persons ORGS/3) and ingested file by file like the demo (scripts/run-demo.sh). The built
# database and the request samples are cached under bench/out/http-ORGS-RECORDS/, so a re-run
# skips generation and ingest (BUILD_ONLY=1 stops after building them). The generated files are
# removed once ingested (KEEP_CITY=1 keeps them): the database is what the runs need.
#
# Then, in one run, on the same machine, with wrk -t2 -c64 -d20s (wrk shares the 2 cores):
#   (a) GET /api/v1/subjects/{uscc} for 100,000 random organisation codes, against nginx
#       (2 workers, access log off, unprivileged, from a temporary prefix) serving one static
#       file of the median credit-file size at the same URLs: both rates and their ratio;
#   (b) GET /api/v1/subjects?q= with 2-, 3- and 4-character substrings of real names (a few
#       thousand of each, random): rate, p50 and p99 from wrk's latency histogram;
#   (c) the server's peak and current resident memory (VmHWM, VmRSS) and the database size.
# The database is read once before measuring (this host trims the page cache: without it we
# would time the disk), and each target gets a 5 s wrk warm-up that is not counted.
# PROFILE=1 also samples the server with perf during each measured run (bench/out/.../perf-*.data;
# the rates of such a run are lower). SECS, WARM and CONNS change the run length, the warm-up and
# the number of connections.
set -euo pipefail

XY=${1:-build/src/xinyong}
ORGS=${2:-3000000}
RECORDS=${3:-20000000}
SECS=${SECS:-20}
WARM=${WARM:-5}
CONNS=${CONNS:-64}
ITEMS=7 # catalogue items; gen writes --rows rows of each
OUT=bench/out
CASE=$OUT/http-$ORGS-$RECORDS
HERE=$(cd "$(dirname "$0")" && pwd)
DB=$CASE/xinyong.db

die() { echo "bench/http.sh: $*" >&2; exit 1; }
now() { date +%s.%N; }
mb() { echo "$1/1048576" | bc -l; }

[ -x "$XY" ] || die "no xinyong at $XY (build it: meson setup build-bench --buildtype=release && ninja -C build-bench)"
XY=$(cd "$(dirname "$XY")" && pwd)/$(basename "$XY")

# ------------------------------------------------------------------ tools
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
for t in curl sqlite3 python3 bc; do command -v $t >/dev/null || need+=("$t"); done
if [ ${#need[@]} -gt 0 ]; then
    echo "installing ${need[*]} ..." >&2
    SUDO=()
    [ "$(id -u)" -eq 0 ] || SUDO=(sudo)
    "${SUDO[@]}" apt-get install -y "${need[@]}" >/dev/null 2>&1 ||
        { "${SUDO[@]}" apt-get update -qq && "${SUDO[@]}" apt-get install -y "${need[@]}" >/dev/null; }
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

# ------------------------------------------------------------------ the city, built once
export XINYONG_DB=$DB XINYONG_CONFIG=/dev/null
if [ ! -f "$CASE/built" ]; then
    ROWS=$(((RECORDS + ITEMS - 1) / ITEMS))
    PERSONS=$((ORGS / 3 + 1))
    rm -rf "$CASE"
    mkdir -p "$CASE"
    echo "generating $ORGS organisations, $PERSONS persons, $ROWS rows per item ..." >&2
    t0=$(now)
    "$XY" gen --out "$CASE/city" --seed 1 --orgs "$ORGS" --persons "$PERSONS" --rows "$ROWS" \
        --bad 0 >&2
    t1=$(now)
    "$XY" dept import "$CASE/city/departments.csv" >&2
    # manifest.csv: file,dept,item,rows,bad_rows,warn_rows
    tail -n +2 "$CASE/city/manifest.csv" | while IFS=, read -r file dept item rows _ _; do
        printf '  ingest %-40s %9d rows ... ' "$file" "$rows" >&2
        s0=$(now)
        "$XY" ingest --quiet --dept "$dept" --item "$item" "$CASE/city/$file" >"$CASE/ingest.log"
        grep -q "入库 $rows，" "$CASE/ingest.log" || { cat "$CASE/ingest.log" >&2; die "not every row of $file was stored"; }
        printf '%6.1f s\n' "$(echo "$(now) - $s0" | bc -l)" >&2
        [ -n "${KEEP_CITY:-}" ] || rm -f "$CASE/city/$file"
    done
    t2=$(now)
    printf 'generated in %.0f s, ingested in %.0f s\n' "$(echo "$t1 - $t0" | bc -l)" \
        "$(echo "$t2 - $t1" | bc -l)" >"$CASE/build.txt"
    # request samples, from what was stored: 100,000 random organisation codes (USCC) and
    # 3,000 random substrings of 2, 3 and 4 characters of random organisations' names
    sqlite3 "$DB" "SELECT code FROM subjects WHERE kind <> 'person' AND code_type = 1
                   ORDER BY random() LIMIT 100000" | sed 's|^|/api/v1/subjects/|' >"$CASE/lookup.txt"
    sqlite3 "$DB" "SELECT name FROM subjects WHERE kind <> 'person' AND name IS NOT NULL
                   ORDER BY random() LIMIT 9000" >"$CASE/names.txt"
    python3 - "$CASE" <<'EOF'
import random, sys, urllib.parse
case = sys.argv[1]
names = [l.rstrip("\n") for l in open(case + "/names.txt", encoding="utf-8") if l.strip()]
rnd = random.Random(1)
for n in (2, 3, 4):
    pool = [s for s in names if len(s) >= n]
    with open("%s/q%d.txt" % (case, n), "w") as f:
        for _ in range(3000):
            s = rnd.choice(pool)
            i = rnd.randrange(len(s) - n + 1)
            f.write("/api/v1/subjects?q=" + urllib.parse.quote(s[i:i + n]) + "\n")
EOF
    touch "$CASE/built"
fi
[ -s "$CASE/lookup.txt" ] || die "no organisation codes in $DB"
[ -n "${BUILD_ONLY:-}" ] && { echo "built: $CASE ($(cat "$CASE/build.txt"))"; exit 0; }

# ------------------------------------------------------------------ processes, stopped by pid
TMP=$(mktemp -d /tmp/xy-http-bench.XXXXXX)
SRV_PID=""
NGX_PID=""
cleanup() {
    local pid
    for pid in $SRV_PID $NGX_PID; do
        if kill "$pid" 2>/dev/null; then wait "$pid" 2>/dev/null || true; fi
    done
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_http() { # URL SECONDS PID
    for _ in $(seq 1 $(($2 * 10))); do
        kill -0 "$3" 2>/dev/null || return 1
        [ "$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)" = 200 ] && return 0
        sleep 0.1
    done
    return 1
}
# run_wrk NAME URL PATHFILE SECONDS: wrk's output in $TMP/wrk/NAME.out, its RESULT line in NAME
# With PROFILE=1, runs given PID are sampled by perf (call graphs) into $CASE/perf-NAME.data.
run_wrk() {
    local perf_pid=""
    mkdir -p "$TMP/wrk"
    if [ -n "${PROFILE:-}" ] && [ -n "${5:-}" ]; then
        perf record -q -F 499 -g -p "$5" -o "$CASE/perf-$1.data" -- sleep "$4" >/dev/null 2>&1 &
        perf_pid=$!
    fi
    wrk -t2 -c"$CONNS" -d"$4"s --timeout 10s --latency -s "$HERE/http/paths.lua" "$2" -- "$3" \
        >"$TMP/wrk/$1.out" 2>&1 || { cat "$TMP/wrk/$1.out" >&2; die "wrk failed ($1)"; }
    grep '^RESULT ' "$TMP/wrk/$1.out" >"$TMP/wrk/$1" || { cat "$TMP/wrk/$1.out" >&2; die "no result ($1)"; }
    [ -z "$perf_pid" ] || wait "$perf_pid" || true
}
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" "$TMP/wrk/$1"; } # field NAME KEY
check_ok() { # every request answered 2xx, no socket errors
    local bad
    bad=$(($(field "$1" non2xx) + $(field "$1" connect) + $(field "$1" read) + $(field "$1" write) + $(field "$1" timeout)))
    [ "$bad" -eq 0 ] || { cat "$TMP/wrk/$1.out" >&2; die "$1: $bad requests failed"; }
}

# ------------------------------------------------------------------ the server
SRV_PORT=$(free_port)
"$XY" stats >"$TMP/stats" # opens the database (and brings its schema up to date) before timing
orgs=$(sqlite3 "$DB" "SELECT count(*) FROM subjects WHERE kind <> 'person'")
dbsize=$(du -cb "$DB"* | tail -1 | cut -f1)
t0=$(now)
find "$CASE" -maxdepth 1 -name "$(basename "$DB")*" -type f -exec cat {} + >/dev/null # warm the page cache (files only: the server keeps folders beside the database)
warm_s=$(echo "$(now) - $t0" | bc -l)

XINYONG_HTTP_RATE_PER_MIN=0 "$XY" --log-level info serve --port "$SRV_PORT" >"$TMP/serve.log" 2>&1 &
SRV_PID=$!
wait_http "http://127.0.0.1:$SRV_PORT/api/v1/health" 1800 "$SRV_PID" ||
    { cat "$TMP/serve.log" >&2; die "xinyong serve did not answer on port $SRV_PORT"; }
# the batch worker builds the list index of the checks (issue 6) once at start: wait for it, as
# measuring during the build would time the build
for _ in $(seq 1800); do grep -q 'list_index' "$TMP/serve.log" && break; sleep 1; done
index_line=$(grep -m1 'list_index' "$TMP/serve.log" || echo "list index: not built within 30 min")

# a typical credit file: the median size of 200 sampled ones
shuf -n 200 --random-source=<(yes) "$CASE/lookup.txt" | while read -r p; do
    curl -s -o /dev/null -w '%{http_code} %{size_download}\n' "http://127.0.0.1:$SRV_PORT$p"
done >"$TMP/sizes"
grep -qv '^200 ' "$TMP/sizes" && die "a sampled code was not found: $(grep -v '^200 ' "$TMP/sizes" | head -1)"
size=$(cut -d' ' -f2 "$TMP/sizes" | sort -n | sed -n 100p)
size_min=$(cut -d' ' -f2 "$TMP/sizes" | sort -n | head -1)
size_max=$(cut -d' ' -f2 "$TMP/sizes" | sort -n | tail -1)

# ------------------------------------------------------------------ nginx, unprivileged
NGX_PORT=$(free_port)
mkdir -p "$TMP/nginx/www" "$TMP/nginx/tmp"
head -c "$size" /dev/zero | tr '\0' 'x' >"$TMP/nginx/www/subject.json"
echo '{"status":"ok"}' >"$TMP/nginx/www/health.json"
sed -e "s|@PREFIX@|$TMP/nginx|g" -e "s|@PORT@|$NGX_PORT|g" "$HERE/http/nginx.conf.in" >"$TMP/nginx/nginx.conf"
RUN_AS=()
if [ "$(id -u)" -eq 0 ]; then
    chmod 755 "$TMP"
    chown -R nobody:nogroup "$TMP/nginx"
    RUN_AS=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
fi
"${RUN_AS[@]}" "$NGINX" -p "$TMP/nginx/" -c "$TMP/nginx/nginx.conf" -e "$TMP/nginx/error.log" &
NGX_PID=$!
wait_http "http://127.0.0.1:$NGX_PORT/api/v1/health" 30 "$NGX_PID" ||
    { cat "$TMP/nginx/error.log" >&2; die "nginx did not start"; }
cat "$TMP/nginx/www/subject.json" >/dev/null

# ------------------------------------------------------------------ (a) lookups
N="http://127.0.0.1:$NGX_PORT"
X="http://127.0.0.1:$SRV_PORT"
run_wrk warm-nginx "$N" "$CASE/lookup.txt" "$WARM"
run_wrk nginx "$N" "$CASE/lookup.txt" "$SECS"
check_ok nginx
run_wrk warm-lookup "$X" "$CASE/lookup.txt" "$WARM"
run_wrk lookup "$X" "$CASE/lookup.txt" "$SECS" "$SRV_PID"
check_ok lookup
# stop nginx: the searches have the machine to themselves
kill "$NGX_PID"
wait "$NGX_PID" 2>/dev/null || true
NGX_PID=""

# ------------------------------------------------------------------ (b) name search
for n in 2 3 4; do
    run_wrk "warm-q$n" "$X" "$CASE/q$n.txt" "$WARM"
    run_wrk "q$n" "$X" "$CASE/q$n.txt" "$SECS" "$SRV_PID"
    check_ok "q$n"
done

# ------------------------------------------------------------------ (c) memory, and the report
hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$SRV_PID/status")
rss=$(awk '/^VmRSS/ {print $2}' "/proc/$SRV_PID/status")
ngx_rps=$(field nginx rps)
xy_rps=$(field lookup rps)

echo "xinyong HTTP benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(uname -r)"
printf 'data                 %s organisations stored, %s (generated with --orgs %d, %d rows per item)\n' \
    "$orgs" "$(head -1 "$TMP/stats")" "$ORGS" $(((RECORDS + ITEMS - 1) / ITEMS))
printf 'database             %.0f MB; warmed: read once in %.1f s before measuring (%.0f MB/s), %ds wrk warm-up per target\n' \
    "$(mb "$dbsize")" "$warm_s" "$(echo "$dbsize/1048576/$warm_s" | bc -l)" "$WARM"
printf 'credit file          median %d bytes (min %d, max %d of 200 sampled)\n' "$size" "$size_min" "$size_max"
printf 'wrk                  -t2 -c%d -d%ds, on the same 2 cores as the servers\n' "$CONNS" "$SECS"
printf '(a) nginx static     %9.0f req/s  p50 %6.2f ms  p99 %6.2f ms  (reference, same run, %d-byte file)\n' \
    "$ngx_rps" "$(field nginx p50_ms)" "$(field nginx p99_ms)" "$size"
printf '    xinyong lookup   %9.0f req/s  p50 %6.2f ms  p99 %6.2f ms  (%d random codes)\n' \
    "$xy_rps" "$(field lookup p50_ms)" "$(field lookup p99_ms)" "$(wc -l <"$CASE/lookup.txt")"
printf '    ratio            %9.2f        (xinyong / nginx; goal >= 0.60)\n' "$(echo "$xy_rps/$ngx_rps" | bc -l)"
for n in 2 3 4; do
    printf '(b) search %d chars   %9.0f req/s  p50 %6.2f ms  p99 %6.2f ms  max %7.1f ms  (goal p99 <= 10 ms)\n' \
        "$n" "$(field "q$n" rps)" "$(field "q$n" p50_ms)" "$(field "q$n" p99_ms)" "$(field "q$n" max_ms)"
done
printf 'list index at start  %s\n' "${index_line##*list_index }"
printf '(c) server memory    peak %.0f MB (VmHWM), now %.0f MB (VmRSS)\n' "$(echo "$hwm/1024" | bc -l)" "$(echo "$rss/1024" | bc -l)"
