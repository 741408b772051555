#!/bin/bash
# run.sh - the portal (web/) and the staff console (web/console/) in a real browser: headless
# Debian chromium driven by playwright-core, against the real `xinyong serve` on loopback, with a
# fresh small demo city and one demo account per role (`xinyong user demo`).
#
#   XY=build/src/xinyong tests/e2e/run.sh        (from anywhere; XY is required, nothing is built)
#
# The console tests read the accounts file through E2E_ACCOUNTS (never printed or kept).
# Environment: XY (the xinyong binary, required), E2E_OUT (screenshots and logs; default
# tests/e2e/out), CHROMIUM (default /usr/bin/chromium), KEEP_TMP=1 to keep the temp database.
# Exits non-zero on any failure; the server is stopped by its pid on every exit path.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
: "${XY:?set XY to the xinyong binary, e.g. XY=build/src/xinyong}"
case $XY in /*) ;; *) XY=$PWD/$XY ;; esac
E2E_OUT=${E2E_OUT:-$ROOT/tests/e2e/out}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
export XINYONG_CATALOG_DIR=${XINYONG_CATALOG_DIR:-$ROOT/catalog}

die() { echo "e2e: $*" >&2; exit 1; }
[ -x "$XY" ] || die "no xinyong binary at $XY"
[ -x "$CHROMIUM" ] || die "no chromium at $CHROMIUM (scripts/install-deps.sh installs Debian's chromium)"
command -v node >/dev/null || die "node is not installed"
command -v curl >/dev/null || die "curl is not installed"

# playwright-core from the committed lock file; npm ci only when node_modules is missing or stale.
if [ ! -f "$ROOT/node_modules/playwright-core/package.json" ] ||
    [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
    echo "e2e: npm ci (playwright-core)"
    (cd "$ROOT" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error) ||
        die "npm ci failed"
fi

mkdir -p "$E2E_OUT"
rm -f "$E2E_OUT"/*.png "$E2E_OUT"/server.log
TMP=$(mktemp -d "${TMPDIR:-/tmp}/xinyong-e2e.XXXXXX")
SERVER_PID=
cleanup() {
    rc=$?
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    [ -f "$TMP/server.log" ] && cp "$TMP/server.log" "$E2E_OUT/server.log"
    if [ "${KEEP_TMP:-0}" = 1 ]; then echo "e2e: kept $TMP" >&2; else rm -rf "$TMP"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- a small demo city in a fresh database (as scripts/run-demo.sh does it) ----
export XINYONG_DB=$TMP/xinyong.db
CITY=$TMP/city
"$XY" gen --out "$CITY" --seed 7 --persons 200 --orgs 300 --rows 300 --bad 0 >/dev/null
"$XY" dept import "$CITY/departments.csv" >/dev/null
# manifest.csv: file,dept,item,rows,bad_rows,warn_rows
tail -n +2 "$CITY/manifest.csv" | while IFS=, read -r file dept item _rows _bad _warn; do
    rc=0
    "$XY" ingest --quiet --dept "$dept" --item "$item" "$CITY/$file" >/dev/null || rc=$?
    # 3 = some rows rejected, the rest stored
    [ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] || die "ingest of $file failed ($rc)"
done
# one demo account per role (login, role, password, TOTP secret; mode 0600) for the console tests
ACCOUNTS=$TMP/demo-accounts.txt
"$XY" user demo --out "$ACCOUNTS" >/dev/null || die "could not create the demo accounts"

# ---- the server on a free loopback port ----
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# The browser makes many requests quickly: a generous rate limit (still enforced) for the run.
XINYONG_HTTP_RATE_PER_MIN=${XINYONG_HTTP_RATE_PER_MIN:-6000} XINYONG_HTTP_RATE_BURST=${XINYONG_HTTP_RATE_BURST:-1000} \
    "$XY" serve --port "$PORT" --web-dir "$ROOT/web" >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
BASE=http://127.0.0.1:$PORT
for _ in $(seq 100); do
    if curl -fsS -o /dev/null "$BASE/api/v1/health" 2>/dev/null; then break; fi
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/server.log" >&2; die "the server exited at start"; }
    sleep 0.1
done
curl -fsS -o /dev/null "$BASE/api/v1/health" || { cat "$TMP/server.log" >&2; die "no health answer from $BASE"; }
echo "e2e: server pid $SERVER_PID on $BASE"

# ---- the browser tests ----
export E2E_BASE=$BASE E2E_CITY=$CITY E2E_OUT CHROMIUM E2E_ACCOUNTS=$ACCOUNTS
cd "$ROOT"
node --test --test-concurrency=1 --test-reporter=spec tests/e2e/portal.test.mjs tests/e2e/console.test.mjs
