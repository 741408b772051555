# lib.sh - helpers for the black-box HTTP tests: the real `xinyong serve` on a throw-away
# database holding a small generated city. Each script sources this, calls `setup_city` and
# `start_server`, sends requests with `req` and asserts what a client of the API would check:
# status, headers, the JSON body. Failures print `FAIL [test]: what` (as tests/cli/lib.sh).
set -u

XY=${XY:?XY must name the xinyong binary}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CATALOG=${XINYONG_CATALOG_DIR:-$ROOT/catalog}
FAILS=0
PASSES=0
CURRENT=""
PIDS=""
NREQ=0
CSP_SEEN=""

# The exact policy of docs/api.md "Headers on every response".
CSP="default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

t() { CURRENT="$1"; }
ok() { PASSES=$((PASSES + 1)); }
fail() {
    FAILS=$((FAILS + 1))
    printf 'FAIL [%s]: %s\n' "$CURRENT" "$*" >&2
}

setup() {
    T=$(mktemp -d /tmp/xyapi.XXXXXX)
    export XINYONG_DB="$T/t.db"
    export XINYONG_CONFIG=/dev/null
    trap cleanup EXIT
}

cleanup() {
    for p in $PIDS; do
        kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null
    done
    [ -n "${KEEP:-}" ] && echo "kept $T" >&2 || rm -rf "$T"
}

# setup_city SEED PERSONS ORGS ROWS: generate a city, register its departments, ingest every file
# of its manifest (exit 0 or 3 are fine, as scripts/run-demo.sh), write $T/city.json (city.py).
setup_city() {
    CITY="$T/city"
    "$XY" gen --out "$CITY" --seed "$1" --persons "$2" --orgs "$3" --rows "$4" --bad 0 >/dev/null ||
        { echo "gen failed" >&2; exit 1; }
    "$XY" dept import "$CITY/departments.csv" >/dev/null || { echo "dept import failed" >&2; exit 1; }
    while IFS=, read -r file dept item _; do
        rc=0
        "$XY" ingest --quiet --dept "$dept" --item "$item" "$CITY/$file" >/dev/null 2>&1 || rc=$?
        [ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] || { echo "ingest $file: exit $rc" >&2; exit 1; }
    done < <(tail -n +2 "$CITY/manifest.csv")
    python3 "$HERE/city.py" "$CITY" "$CATALOG" >"$T/city.json" || { echo "city.py failed" >&2; exit 1; }
}

# city EXPR: a Python expression over c = city.json (see city.py), printed
city() {
    python3 -c 'import json,sys
c=json.load(open(sys.argv[1],encoding="utf-8"))
r=eval(sys.argv[2])
print(r if isinstance(r,str) else json.dumps(r,ensure_ascii=False))' "$T/city.json" "$1"
}

free_port() {
    python3 -c 'import socket
s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# start_server [VAR=VALUE...]: `xinyong serve` on a free port with the given environment; sets
# PORT, BASE, SPID and SLOG, waits until /api/v1/health answers 200 (10 s at most).
start_server() {
    PORT=$(free_port)
    BASE="http://127.0.0.1:$PORT"
    SLOG="$T/serve.$PORT.log"
    env "$@" "$XY" serve --port "$PORT" --web-dir "${WEB_DIR:-$ROOT/web}" >"$SLOG" 2>&1 &
    SPID=$!
    PIDS="$PIDS $SPID"
    for _ in $(seq 100); do
        if [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/health")" = 200 ]; then
            return 0
        fi
        if ! kill -0 "$SPID" 2>/dev/null; then
            echo "xinyong serve exited at start; its output:" >&2
            cat "$SLOG" >&2
            exit 1
        fi
        sleep 0.1
    done
    echo "xinyong serve did not answer /api/v1/health in 10 s; its output:" >&2
    cat "$SLOG" >&2
    exit 1
}

# stop_server PID: SIGTERM and wait; sets SRC to its exit status
stop_server() {
    kill -TERM "$1" 2>/dev/null
    wait "$1" 2>/dev/null
    SRC=$?
    PIDS=$(echo "$PIDS" | tr ' ' '\n' | grep -vx "$1" | tr '\n' ' ')
}

# req METHOD PATH [curl args...]: sends one request to $BASE (the path as given: no
# normalisation of .. by curl); sets ST (status, 000 when no answer), H (headers file), B (body file)
req() {
    local m=$1 p=$2
    shift 2
    NREQ=$((NREQ + 1))
    H="$T/h.$NREQ"
    B="$T/b.$NREQ"
    ST=$(curl -s --path-as-is --max-time 30 -o "$B" -D "$H" -w '%{http_code}' -X "$m" "$@" "$BASE$p")
    [ -n "$ST" ] || ST=000
    [ -f "$B" ] || : >"$B"
    [ -f "$H" ] || : >"$H"
    # every answer, for the check against web/openapi.json (openapi-validate.mjs --responses)
    printf '%s\t%s\t%s\t%s\t%s\n' "$m" "${p%%\?*}" "$ST" "$(hdr Content-Type)" "$B" >>"$T/samples.tsv"
}

# check_samples: every answer so far conforms to web/openapi.json (status described, body schema)
check_samples() {
    if ! bash "$HERE/npm-ci.sh"; then
        fail "npm ci in tests/api failed: cannot check the answers against web/openapi.json"
        return
    fi
    node "$HERE/openapi-validate.mjs" --responses "$T/samples.tsv" >"$T/conformance.out" 2>&1 && ok ||
        fail "answers that do not conform to web/openapi.json:
$(grep 'FAIL' "$T/conformance.out")"
}
get() { req GET "$@"; }
# post_json PATH BODY [curl args]: POST with Content-Type application/json
post_json() {
    local p=$1 body=$2
    shift 2
    req POST "$p" -H 'Content-Type: application/json' -H 'Expect:' --data-binary "$body" "$@"
}

# hdr NAME: the value of a response header of the last request (last occurrence), without CR
hdr() {
    tr -d '\r' <"$H" | awk -v n="$1" 'BEGIN{n=tolower(n)} {i=index($0,":"); if (i && tolower(substr($0,1,i-1))==n) {v=substr($0,i+1); sub(/^[ \t]+/,"",v); r=v}} END{printf "%s", r}'
}

# expect_status N: the last status is N
expect_status() {
    [ "$ST" = "$1" ] && ok || fail "$LAST_DESC: status $ST, expected $1; body: $(head -c 300 "$B")"
}

# The Python prelude for `jt`/`pycheck`: j = the last body as JSON (None if not JSON), hd = headers.
PY_PRELUDE='import json,sys,re
sys.path.insert(0,"'"$HERE"'")
from shapes import *
def _load(p):
    try: return json.load(open(p,encoding="utf-8"))
    except Exception: return None
j=_load(sys.argv[1])
hd={}
for _l in open(sys.argv[2],encoding="latin-1"):
    if ":" in _l: _k,_v=_l.split(":",1); hd[_k.strip().lower()]=_v.strip()
A=sys.argv[3:]
_bad=[]
def bad(m): _bad.append(str(m))
def req_keys(o, ks, where):
    if not isinstance(o, dict): bad("%s is not an object: %r" % (where, o)); return False
    miss=[k for k in ks if k not in o]
    if miss: bad("%s lacks %s" % (where, ",".join(miss))); return False
    return True
'
PY_EPILOGUE='
for _m in _bad: print(_m[:600])
'

# jt EXPR [ARGS]: true when the Python expression EXPR holds for the last response
jt() {
    python3 -c "$PY_PRELUDE
sys.exit(0 if ($1) else 1)" "$B" "$H" "${@:2}" 2>/dev/null
}
# jv EXPR [ARGS]: prints the Python expression EXPR for the last response (JSON for containers)
jv() {
    python3 -c "$PY_PRELUDE
_r=($1)
print(_r if isinstance(_r,str) else json.dumps(_r,ensure_ascii=False))" "$B" "$H" "${@:2}" 2>/dev/null
}
# pycheck CODE [ARGS]: runs Python CODE on the last response; each bad(msg) is one failure
pycheck() {
    local out
    out=$(python3 -c "$PY_PRELUDE
$1
$PY_EPILOGUE" "$B" "$H" "${@:2}" 2>&1)
    if [ -z "$out" ]; then
        ok
    else
        while IFS= read -r line; do fail "$LAST_DESC: $line"; done <<<"$out"
    fi
}

# desc TEXT: names the request in failure messages
desc() { LAST_DESC="$1"; }
LAST_DESC=""

# expect_json: the last response is JSON with Content-Type application/json
expect_json() {
    case "$(hdr Content-Type)" in
    application/json*) ok ;;
    *) fail "$LAST_DESC: Content-Type '$(hdr Content-Type)', expected application/json" ;;
    esac
    jt 'j is not None' && ok || fail "$LAST_DESC: body is not JSON: $(head -c 300 "$B")"
}

# expect_security_headers: the headers docs/api.md puts on every response
expect_security_headers() {
    local csp
    csp=$(hdr Content-Security-Policy)
    if [ "$csp" = "$CSP" ]; then
        ok
    else
        # each wrong value is reported once (with the first request that had it), not on every answer
        case "$CSP_SEEN" in
        *"|$csp|"*) ;;
        *)
            CSP_SEEN="$CSP_SEEN|$csp|"
            fail "$LAST_DESC: Content-Security-Policy '$csp', expected '$CSP' (reported once per value)"
            ;;
        esac
    fi
    [ "$(hdr X-Content-Type-Options)" = nosniff ] && ok ||
        fail "$LAST_DESC: X-Content-Type-Options '$(hdr X-Content-Type-Options)'"
    [ "$(hdr X-Frame-Options)" = DENY ] && ok || fail "$LAST_DESC: X-Frame-Options '$(hdr X-Frame-Options)'"
    [ "$(hdr Referrer-Policy)" = no-referrer ] && ok ||
        fail "$LAST_DESC: Referrer-Policy '$(hdr Referrer-Policy)'"
    [ "$(hdr Cross-Origin-Opener-Policy)" = same-origin ] && ok ||
        fail "$LAST_DESC: Cross-Origin-Opener-Policy '$(hdr Cross-Origin-Opener-Policy)'"
    [ -n "$(hdr X-Request-Id)" ] && ok || fail "$LAST_DESC: no X-Request-Id"
}

# expect_no_store: Cache-Control: no-store (subjects and records)
expect_no_store() {
    case "$(hdr Cache-Control)" in
    *no-store*) ok ;;
    *) fail "$LAST_DESC: Cache-Control '$(hdr Cache-Control)', expected no-store" ;;
    esac
}

# expect_error STATUS CODE [FIELD]: the one error shape of docs/api.md with that status and code;
# FIELD given: error.field names it; FIELD "-": error.field is absent. request_id equals the
# X-Request-Id header; the message is Chinese and carries no SQL, path or stack detail.
expect_error() {
    expect_status "$1"
    expect_json
    expect_security_headers
    pycheck '
st, code, field = A[0], A[1], (A[2] if len(A) > 2 else None)
if not isinstance(j, dict) or set(j) != {"error"} or not isinstance(j["error"], dict):
    bad("not the error shape {\"error\":{...}}: %r" % (j,))
else:
    e = j["error"]
    extra = set(e) - {"code", "message", "field", "line", "request_id"}
    if extra: bad("unexpected error keys %s" % sorted(extra))
    if e.get("code") != code: bad("error.code %r, expected %r" % (e.get("code"), code))
    m = e.get("message")
    if not isinstance(m, str) or not re.search("[\u4e00-\u9fff]", m): bad("error.message is not Chinese text: %r" % (m,))
    elif re.search(r"(?i)sqlite|select |insert |\bsql\b|/work/|/tmp/|\.c:\d|errno|segfault|stack", m): bad("error.message leaks detail: %r" % m)
    if field == "-":
        if "field" in e: bad("error.field %r, expected none" % e["field"])
    elif field is not None and e.get("field") != field:
        bad("error.field %r, expected %r" % (e.get("field"), field))
    rid = e.get("request_id")
    if not isinstance(rid, str) or not rid: bad("no error.request_id")
    elif rid != hd.get("x-request-id"): bad("error.request_id %r differs from X-Request-Id %r" % (rid, hd.get("x-request-id")))
' "$@"
}

finish() {
    echo "$PASSES passed, $FAILS failed"
    [ "$FAILS" -eq 0 ]
}
