#!/bin/bash
# run.sh - the portal (web/) and the staff console (web/console/) in a real browser: headless
# Debian chromium driven by playwright-core, against the real `xinyong serve` on loopback, with a
# fresh small demo city and one demo account per role (`xinyong user demo`).
#
#   XY=build/src/xinyong tests/e2e/run.sh        (from anywhere; XY is required, nothing is built)
#
# The console tests read the accounts file through E2E_ACCOUNTS (never printed or kept); the
# remedies test also E2E_REMEDY_ACCOUNTS (the department account run.sh adds for its penalties);
# the joint test E2E_JOINT (what joint_fixture.py picked and wrote) and E2E_XY (the binary).
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

# playwright-core (and ECharts, which the server serves) from the committed lock file; npm ci
# only when node_modules is missing or stale.
"$ROOT/scripts/npm-deps.sh" || die "could not install the npm packages"

mkdir -p "$E2E_OUT"
rm -f "$E2E_OUT"/*.png "$E2E_OUT"/server.log
TMP=$(mktemp -d "${TMPDIR:-/tmp}/xinyong-e2e.XXXXXX")
SERVER_PID=
stop_server() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=
}
cleanup() {
    rc=$?
    stop_server
    for f in server.log server-remedies.log; do [ -f "$TMP/$f" ] && cp "$TMP/$f" "$E2E_OUT/$f"; done
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

# ---- what the remedies test needs (remedies.test.mjs) ----
# Three penalties of the demo subject (the organisation with the most records, which `user demo`
# links to the demo subject account) by another department than the demo accounts': one to
# object to, one before its minimum publicity period, one where repair is possible; a department
# account of that department and one of the court that listed the demo subject as 失信被执行人
# (their passwords in a 0600 file like the demo accounts').
# The remedies run on a server whose clock is pinned (XY_NOW): every deadline then falls in a
# year the calendar ships, whatever day the suite runs (a deadline in a year without a calendar
# file is an error by design). The portal and console tests keep the real clock (TOTP codes).
export E2E_TODAY=2026-11-26
E2E_NOW=${E2E_TODAY}T02:00:00 # 10:00 in Beijing, a Thursday
SUBJECT_CODE=$("$XY" stats --sample) || die "could not find the demo subject"
REMEDY_CSV=$TMP/e2e-remedy-xzcf.csv
REMEDY_DEPT=$(python3 "$ROOT/tests/e2e/remedy_fixture.py" penalties "$CITY" "$SUBJECT_CODE" "$REMEDY_CSV") ||
    die "could not write the remedies test's penalties"
XY_NOW=$E2E_NOW "$XY" ingest --quiet --dept "$REMEDY_DEPT" --item xzcf "$REMEDY_CSV" >/dev/null ||
    die "ingest of the remedies test's penalties failed"
COURT_DEPT=$(python3 "$ROOT/tests/e2e/remedy_fixture.py" court "$CITY" "$SUBJECT_CODE") ||
    die "could not find the court of the demo subject's 失信被执行人 entry"
REMEDY_ACCOUNTS=$TMP/remedy-accounts.txt
(umask 077 && : >"$REMEDY_ACCOUNTS")
# add_dept_account LOGIN NAME DEPT: a department account, its password only in REMEDY_ACCOUNTS
add_dept_account() {
    local pw
    pw=$(python3 -c 'import secrets; print("Dept-" + secrets.token_urlsafe(12) + "-9a")')
    printf '%s\n' "$pw" | "$XY" user add "$1" --role dept_user --name "$2" --dept "$3" --password-stdin \
        >/dev/null || die "could not create the department account $1"
    printf '%s\tdept_user\t%s\t-\n' "$1" "$pw" >>"$REMEDY_ACCOUNTS"
}
add_dept_account e2e-remedy-dept 端到端测试认定部门 "$REMEDY_DEPT"
add_dept_account e2e-court 端到端测试法院 "$COURT_DEPT"

# ---- what the joint rewards and punishments test needs (joint.test.mjs) ----
# joint_fixture.py picks two organisations on the 失信被执行人 list (one to object to, one to
# check by its name) and writes two entries of organisations the city does not know: a
# 失信被执行人 entry the test stores with the CLI (then `xinyong joint rescreen`), and a
# 市场监督管理严重违法失信名单 addition the demo submitter uploads (held for approval). The first
# organisation gets a verified subject account, which objects to its entry once the server runs.
JOINT_DIR=$TMP/joint
JOINT_LINE=$(python3 "$ROOT/tests/e2e/joint_fixture.py" prepare "$CITY" "$SUBJECT_CODE" "$JOINT_DIR") ||
    die "could not prepare the joint test's data"
IFS=$'\t' read -r JOINT_LOGIN JOINT_PW JOINT_CODE JOINT_NAME <<<"$JOINT_LINE"
printf '%s\n' "$JOINT_PW" | "$XY" user add "$JOINT_LOGIN" --role subject --name 端到端联合奖惩主体 --password-stdin \
    >/dev/null || die "could not create the joint test's subject account"
"$XY" user verify "$JOINT_LOGIN" --name "$JOINT_NAME" --evidence "营业执照（端到端测试）" --code "$JOINT_CODE" \
    >/dev/null || die "could not verify the joint test's subject account"
unset JOINT_LINE JOINT_PW

# ---- the server on a free loopback port ----
# start_server LOG: serve on a free port (SERVER_PID, BASE), with the environment's XY_NOW if any.
start_server() {
    local log=$1 port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    # The browser makes many requests quickly: a generous rate limit (still enforced) for the run.
    XINYONG_HTTP_RATE_PER_MIN=${XINYONG_HTTP_RATE_PER_MIN:-6000} XINYONG_HTTP_RATE_BURST=${XINYONG_HTTP_RATE_BURST:-1000} \
    XINYONG_REPORT_RATE_PER_MIN=${XINYONG_REPORT_RATE_PER_MIN:-6000} \
        "$XY" serve --port "$port" --web-dir "$ROOT/web" >"$log" 2>&1 &
    SERVER_PID=$!
    BASE=http://127.0.0.1:$port
    for _ in $(seq 100); do
        if curl -fsS -o /dev/null "$BASE/api/v1/health" 2>/dev/null; then break; fi
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$log" >&2; die "the server exited at start"; }
        sleep 0.1
    done
    curl -fsS -o /dev/null "$BASE/api/v1/health" || { cat "$log" >&2; die "no health answer from $BASE"; }
}

# An objection filed 20 days ago (a server whose clock, XY_NOW, runs 20 days behind): its
# deadline has passed, so the reviewers' queue has an overdue case to flag.
PAST=$(python3 -c 'import datetime as d, sys; print((d.datetime.fromisoformat(sys.argv[1]) - d.timedelta(days=20)).strftime("%Y-%m-%dT%H:%M:%S"))' "$E2E_NOW")
XY_NOW=$PAST start_server "$TMP/server-past.log"
OVERDUE_CASE=$(python3 "$ROOT/tests/e2e/remedy_fixture.py" overdue "$BASE" "$ACCOUNTS") ||
    { cat "$TMP/server-past.log" >&2; die "could not file the overdue objection"; }
stop_server

start_server "$TMP/server.log"
echo "e2e: server pid $SERVER_PID on $BASE"
python3 "$ROOT/tests/e2e/joint_fixture.py" objection "$BASE" "$JOINT_DIR/joint.json" >/dev/null ||
    { cat "$TMP/server.log" >&2; die "could not file the joint test's objection"; }

# ---- the browser tests ----
export E2E_BASE=$BASE E2E_CITY=$CITY E2E_OUT CHROMIUM E2E_ACCOUNTS=$ACCOUNTS
export E2E_REMEDY_ACCOUNTS=$REMEDY_ACCOUNTS E2E_REMEDY_DEPT=$REMEDY_DEPT E2E_OVERDUE_CASE=$OVERDUE_CASE
# the joint test stores a list entry with the CLI on the running server's database (and the
# reports test adds a natural person's verified account)
export E2E_JOINT=$JOINT_DIR/joint.json E2E_XY=$XY
cd "$ROOT"
rc=0
# Each run's output is kept too: on failure every failing test of both runs is named again at the
# end (where it is and its first error line), where a CI log's tail shows it.
node --test --test-concurrency=1 --test-reporter=spec tests/e2e/portal.test.mjs tests/e2e/console.test.mjs \
    tests/e2e/check.test.mjs tests/e2e/screens.test.mjs tests/e2e/joint.test.mjs tests/e2e/stats.test.mjs \
    tests/e2e/reports.test.mjs 2>&1 | tee "$TMP/node-main.log" || rc=1
stop_server

# the remedies on the pinned clock, same database
XY_NOW=$E2E_NOW start_server "$TMP/server-remedies.log"
echo "e2e: remedies server pid $SERVER_PID on $BASE (clock pinned to $E2E_NOW UTC)"
E2E_BASE=$BASE node --test --test-concurrency=1 --test-reporter=spec tests/e2e/remedies.test.mjs 2>&1 |
    tee "$TMP/node-remedies.log" || rc=1
if [ "$rc" -ne 0 ]; then
    for f in node-main node-remedies; do
        echo "e2e: failing tests of $f:"
        # (|| true: a run without failures has nothing to grep, and set -e would end the script)
        sed -n '/failing tests:/,$p' "$TMP/$f.log" | grep -E '^(test at |✖ |  [A-Za-z]*Error)' | head -n 60 || true
    done
fi
exit "$rc"
