#!/bin/bash
# authz.sh - who may do what over HTTP (issue 4), against the real `xinyong serve` on a small
# generated city with the demo accounts (`xinyong user demo`):
#   the permission matrix (every route of src/http/routes.c as anonymous, each of the 9 demo roles
#   and an API token: allowed or 401/403 as src/service/authz.c grants; authz.py); no IDOR between
#   departments' batches or between subjects' files; sessions (wrong password, lockout, TOTP and
#   its reuse, logout, cookie flags, idle timeout with XY_NOW); CSRF; API-token scope and
#   revocation; a department's batch end to end; the audit trail through HTTP; key rotation while
#   the server answers.
# Time is moved with XY_NOW (base/time.c) on servers of their own, never by sleeping.
# usage: XY=build-h5/src/xinyong bash tests/api/authz.sh   (KEEP=1 keeps the temp folder)
. "$(dirname "$0")/lib.sh"
setup
setup_city 11 100 150 100
RATE=(XINYONG_HTTP_RATE_PER_MIN=1000000 XINYONG_HTTP_RATE_BURST=1000000 XINYONG_REPORT_RATE_PER_MIN=1000000)
BIG_PAGE=100

# totp SECRET [UNIX_TIME]: the RFC 6238 code an authenticator app shows (as tests/cli/user.sh)
totp() {
    python3 - "$1" "${2:-$(date +%s)}" <<'EOF'
import base64, hashlib, hmac, struct, sys
s = sys.argv[1]
key = base64.b32decode(s + "=" * (-len(s) % 8))
h = hmac.new(key, struct.pack(">Q", int(sys.argv[2]) // 30), hashlib.sha1).digest()
o = h[-1] & 15
print("%06d" % ((struct.unpack(">I", h[o:o + 4])[0] & 0x7FFFFFFF) % 1000000))
EOF
}

# jget KEY: a field of the JSON object on stdin ("" when absent or null)
jget() {
    python3 -c 'import json, sys; v = json.load(sys.stdin).get(sys.argv[1]); print("" if v is None else v)' "$1"
}

# ---------------------------------------------------------------- fixtures (CLI)
# The demo accounts; the subject account is linked to the organisation with the most records.
SUBJ_ORG=$("$XY" stats --sample)
SUBJ_NAME=$("$XY" stats | awk -v c="$SUBJ_ORG" '$1 == c {print $2; exit}')
DEMO_OUT=$("$XY" user demo --out "$T/demo.txt" 2>&1) || { echo "user demo: $DEMO_OUT" >&2; exit 1; }
DEPT1=$(echo "$DEMO_OUT" | sed -n 's/^部门账号属于 \([0-9A-Z]\{18\}\) .*/\1/p')
[ -n "$DEPT1" ] && [ -n "$SUBJ_ORG" ] && [ -n "$SUBJ_NAME" ] ||
    { echo "no demo department or subject: $DEMO_OUT / $SUBJ_ORG $SUBJ_NAME" >&2; exit 1; }
DEPT1_NAME=$(city '[d["name"] for d in c["depts"] if d["code"] == "'"$DEPT1"'"][0]')
# a second department with items, and its first item's clean file of the city
DEPT2=$(city '[d["code"] for d in c["depts"] if d["code"] != "'"$DEPT1"'" and d["items"]][0]')
DEPT2_FILE=$(awk -F, -v d="$DEPT2" 'NR > 1 && $2 == d {print $1; exit}' "$CITY/manifest.csv")
DEPT2_ITEM=$(awk -F, -v d="$DEPT2" 'NR > 1 && $2 == d {print $3; exit}' "$CITY/manifest.csv")
NOT_DEPT1_ITEM=$(city '[i for i in ["nsxy", "hmd", "sxbzxr"] if i not in [d for d in c["depts"] if d["code"] == "'"$DEPT1"'"][0]["items"]][0]')
TAX_DEPT=$(city '[d["code"] for d in c["depts"] if "nsxy" in d["items"]][0]')
TAX_NAME=$(city '[d["name"] for d in c["depts"] if "nsxy" in d["items"]][0]')

# Non-public records (纳税信用等级 below A is 有条件共享) of the demo subject's organisation and
# of another one, in a rating year that neither has yet.
OTHER_ORG=$(city '[o["code"] for o in c["orgs"] if o["uscc"][:2] == "91" and o["code"] != "'"$SUBJ_ORG"'"][0]')
OTHER_NAME=$(city '[o["name"] for o in c["orgs"] if o["code"] == "'"$OTHER_ORG"'"][0]')
NSXY_YEAR=$(city '[y for y in range(2016, 2026) if str(y) not in [r["key"] for r in c["rows"] if r["item"] == "nsxy" and r["code"] in ("'"$SUBJ_ORG"'", "'"$OTHER_ORG"'")]][0]')
lb_of() { case "$1" in 92*) echo 个体工商户 ;; *) echo 法人及非法人组织 ;; esac; }
{
    echo 'XDR_MC,XDR_LB,XDR_SHXYM,FRDB,PDND,NSRSBH,XYJB,PDJG,PDRQ'
    echo "$SUBJ_NAME,$(lb_of "$SUBJ_ORG"),$SUBJ_ORG,张三,$NSXY_YEAR,$SUBJ_ORG,C,$TAX_NAME,$((NSXY_YEAR + 1))-04-20"
    echo "$OTHER_NAME,$(lb_of "$OTHER_ORG"),$OTHER_ORG,李四,$NSXY_YEAR,$OTHER_ORG,D,$TAX_NAME,$((NSXY_YEAR + 1))-04-21"
} >"$T/nsxy-private.csv"
"$XY" ingest --quiet --dept "$TAX_DEPT" --item nsxy "$T/nsxy-private.csv" >"$T/nsxy.out" 2>&1 ||
    { echo "ingest of the non-public fixture failed: $(cat "$T/nsxy.out" "$T/nsxy-private.csv")" >&2; exit 1; }

# Penalties of the demo subject's organisation made by the demo department, decided a month
# ago (public, repair not yet possible): A carries a case for the matrix's reads and uploads and
# the IDOR checks, B is the matrix's new objection, C the case the matrix's withdrawal closes.
REMEDY_DAY=$(date -d '-1 month' +%Y/%m/%d)
{
    echo 'XDR_MC,XDR_LB,XDR_SHXYM,FRDB,CF_WSH,CF_WFXW,CF_SY,CF_YJ,CF_CFLB,CF_NR,CF_NR_FK,CF_JDRQ,CF_CFJG,CF_CFJGDM,CF_SJLY,CF_SJLYDM'
    for x in A B C; do
        echo "$SUBJ_NAME,$(lb_of "$SUBJ_ORG"),$SUBJ_ORG,张三,权限矩阵罚〔2026〕$x号,无照经营,经查，当事人未取得营业执照擅自经营。,《无证无照经营查处办法》第十三条,罚款,罚款人民币5000元。,0.5,$REMEDY_DAY,$DEPT1_NAME,$DEPT1,$DEPT1_NAME,$DEPT1"
    done
} >"$T/xzcf-remedy.csv"
"$XY" ingest --quiet --dept "$DEPT1" --item xzcf "$T/xzcf-remedy.csv" >"$T/xzcf-remedy.out" 2>&1 ||
    { echo "ingest of the remedies fixture failed: $(cat "$T/xzcf-remedy.out")" >&2; exit 1; }

# A natural person with a public record, and a public record id come from the server later.
PERSON_ID=$(city '[r["code"] for r in c["rows"] if r["kind"] == "自然人" and r["item"] == "xzcf"][0]')
PERSON_NAME=$(city '[p["name"] for p in c["persons"] if p["id"] == "'"$PERSON_ID"'"][0]')

# Accounts besides the demo ones: a target for the account actions, a second account per role
# (signed out in the matrix), a second department's submitter, accounts for the login tests.
declare -A PW TOTP_SECRET SESS CSRF
while IFS=$'\t' read -r login role pw secret; do
    case "$login" in demo-*) ;; *) continue ;; esac
    PW[$role]=$pw
    TOTP_SECRET[$role]=$secret
done <"$T/demo.txt"
ROLES="sysadmin secadmin auditor office submitter dept_user reviewer agency subject"
demo_login() { [ "$1" = dept_user ] && echo demo-dept-user || echo "demo-$1"; }
# add_user LOGIN ROLE [--dept USCC]: prints the --json answer (password, totp_secret)
add_user() {
    local login=$1 role=$2
    shift 2
    "$XY" user add "$login" --role "$role" --name 测试账号 --generate --json "$@" ||
        { echo "user add $login failed" >&2; exit 1; }
}
declare -A PW2 TOTP2
for r in $ROLES; do
    dept=()
    case $r in submitter | dept_user) dept=(--dept "$DEPT1") ;; esac
    j=$(add_user "mx2-${r//_/-}" "$r" "${dept[@]}")
    PW2[$r]=$(echo "$j" | jget password)
    TOTP2[$r]=$(echo "$j" | jget totp_secret)
done
add_user mx-target agency >/dev/null
VERIFY_PW=$(add_user mx-verify subject | jget password)
SUB2_PW=$(add_user mx-sub2 submitter --dept "$DEPT2" | jget password)
USER2_PW=$(add_user mx-user2 dept_user --dept "$DEPT2" | jget password)
WRONG_PW=$(add_user mx-wrong office | jget password)
LOCK_PW=$(add_user mx-lock office | jget password)
IDLE_PW=$(add_user mx-idle office | jget password)
VICTIM_PW=$(add_user mx-victim office | jget password)
VICTIM2_PW=$(add_user mx-victim2 office | jget password)
j=$(add_user mx-root sysadmin)
ROOT_PW=$(echo "$j" | jget password)
ROOT_SECRET=$(echo "$j" | jget totp_secret)

# API tokens (`xinyong user token issue --json`): the matrix's, the scope test's, a second
# department's, one to revoke over HTTP in the matrix, one the CSRF test must not revoke.
token_issue() { "$XY" user token issue --name 测试系统 --json "$@" || { echo "token issue $* failed" >&2; exit 1; }; }
TOK_M=$(token_issue --dept "$DEPT1" --items xzcf | jget token)
TOK1_JSON=$(token_issue --dept "$DEPT1" --items xzcf)
TOK1=$(echo "$TOK1_JSON" | jget token)
TOK1_PREFIX=$(echo "$TOK1_JSON" | jget prefix)
TOK2=$(token_issue --dept "$DEPT2" | jget token)
REVOKE_PREFIX=$(token_issue --dept "$DEPT1" --items xzcf | jget prefix)
CSRF_JSON=$(token_issue --dept "$DEPT1" --items xzcf)
CSRF_TOK=$(echo "$CSRF_JSON" | jget token)
CSRF_PREFIX=$(echo "$CSRF_JSON" | jget prefix)

# A department file with bad rows (the same city made with --bad 0.1), what `xinyong ingest` says
# of it in a fresh database, and a small clean file for the matrix.
"$XY" gen --out "$T/bad" --seed 11 --persons 100 --orgs 150 --rows 200 --bad 0.1 >/dev/null ||
    { echo "gen --bad failed" >&2; exit 1; }
cmp -s "$T/bad/departments.csv" "$CITY/departments.csv" || { echo "the --bad city has other departments" >&2; exit 1; }
BAD_NAME=$(awk -F, -v d="$DEPT1" 'NR > 1 && $2 == d && $3 == "xzcf" {print $1; exit}' "$T/bad/manifest.csv")
BAD_ROWS=$(awk -F, -v d="$DEPT1" 'NR > 1 && $2 == d && $3 == "xzcf" {print $5; exit}' "$T/bad/manifest.csv")
BAD="$T/bad/$BAD_NAME"
mkdir "$T/fresh"
cp "$BAD" "$T/fresh/$BAD_NAME"
XINYONG_DB="$T/fresh/f.db" "$XY" dept import "$CITY/departments.csv" >/dev/null
FRESH=$(XINYONG_DB="$T/fresh/f.db" "$XY" ingest --dept "$DEPT1" --item xzcf "$T/fresh/$BAD_NAME" 2>&1)
FRESH_COUNTS=$(echo "$FRESH" | sed -n 's/.*行数 \([0-9]*\)：入库 \([0-9]*\)，拒收 \([0-9]*\).*/\1 \2 \3/p')
[ -n "$FRESH_COUNTS" ] && [ "${BAD_ROWS:-0}" -gt 0 ] ||
    { echo "no counts from the fresh ingest or no bad rows: $FRESH / manifest $BAD_ROWS" >&2; exit 1; }
SMALL="$T/matrix.csv"
head -n 3 "$CITY/$(awk -F, -v d="$DEPT1" 'NR > 1 && $2 == d && $3 == "xzcf" {print $1; exit}' "$CITY/manifest.csv")" >"$SMALL"

# ---------------------------------------------------------------- helpers (HTTP)
# login_http LOGIN PASSWORD [TOTP]: POST /api/v1/session; sets ST, B, H and COOKIE, CSRF_TOKEN
login_http() {
    local body
    body=$(python3 -c 'import json, sys
d = {"login": sys.argv[1], "password": sys.argv[2]}
if len(sys.argv) > 3: d["totp"] = sys.argv[3]
print(json.dumps(d))' "$@")
    post_json /api/v1/session "$body"
    COOKIE=$(hdr Set-Cookie | sed -n 's/^xy_session=\([^;]*\).*/\1/p')
    CSRF_TOKEN=$(jv 'j.get("csrf_token", "") if isinstance(j, dict) else ""')
}

# login_role ROLE: the demo account of ROLE signs in (a TOTP code for the administrators);
# SESS[ROLE] and CSRF[ROLE] keep its session
login_role() {
    local code=()
    [ "${TOTP_SECRET[$1]}" != "-" ] && code=("$(totp "${TOTP_SECRET[$1]}")")
    login_http "$(demo_login "$1")" "${PW[$1]}" "${code[@]}"
    [ "$ST" = 200 ] && [ -n "$COOKIE" ] && [ -n "$CSRF_TOKEN" ] && ok ||
        fail "login of $(demo_login "$1"): $ST $(head -c 300 "$B")"
    SESS[$1]=$COOKIE
    CSRF[$1]=$CSRF_TOKEN
}

# sreq ROLE METHOD PATH [curl args]: a request with ROLE's session cookie, and its CSRF token on
# anything but GET
sreq() {
    local r=$1 m=$2 p=$3
    shift 3
    local auth=(-H "Cookie: xy_session=${SESS[$r]}")
    [ "$m" = GET ] || auth+=(-H "X-CSRF-Token: ${CSRF[$r]}")
    req "$m" "$p" "${auth[@]}" "$@"
}
# sjson ROLE PATH BODY: POST a JSON body as ROLE
sjson() { sreq "$1" POST "$2" -H 'Content-Type: application/json' -H 'Expect:' --data-binary "$3"; }
# treq TOKEN METHOD PATH [curl args]: a request with an API token
treq() {
    local tok=$1 m=$2 p=$3
    shift 3
    req "$m" "$p" -H "Authorization: Bearer $tok" "$@"
}
# upload WHO PATH FILE: POST a department file (WHO is a role with a session or "tok:TOKEN")
upload() {
    case "$1" in
    tok:*) treq "${1#tok:}" POST "$2" -H 'Content-Type: text/csv' -H 'Expect:' --data-binary "@$3" ;;
    *) sreq "$1" POST "$2" -H 'Content-Type: text/csv' -H 'Expect:' --data-binary "@$3" ;;
    esac
}

# wait_batch WHO ID: polls GET /api/v1/batches/ID until its status is done or failed (20 s at
# most); B holds the last answer
wait_batch() {
    local st
    for _ in $(seq 200); do
        case "$1" in
        tok:*) treq "${1#tok:}" GET "/api/v1/batches/$2" ;;
        *) sreq "$1" GET "/api/v1/batches/$2" ;;
        esac
        st=$(jv 'j.get("status", "") if isinstance(j, dict) else ""')
        case "$st" in done | failed) return 0 ;; esac
        sleep 0.1
    done
    fail "batch $2 is still '$st' after 20 s: $(head -c 300 "$B")"
    return 1
}

# ---------------------------------------------------------------- the main server
start_server "${RATE[@]}"
MAIN_BASE=$BASE
RECORD_ID=$(curl -s "$BASE/api/v1/records?item=xzcf&per_page=1" | python3 -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["record"]["id"])')
[ -n "$RECORD_ID" ] || { echo "no public record id" >&2; exit 1; }

t "every demo account signs in over HTTP"
for r in $ROLES; do login_role "$r"; done
# the second accounts, signed out in the matrix
declare -A SESS2 CSRF2
for r in $ROLES; do
    code=()
    [ -n "${TOTP2[$r]}" ] && code=("$(totp "${TOTP2[$r]}")")
    login_http "mx2-${r//_/-}" "${PW2[$r]}" "${code[@]}"
    [ "$ST" = 200 ] && ok || fail "login of mx2-$r: $ST $(head -c 300 "$B")"
    SESS2[$r]=$COOKIE
    CSRF2[$r]=$CSRF_TOKEN
done
login_http mx-sub2 "$SUB2_PW"
SESS[sub2]=$COOKIE
CSRF[sub2]=$CSRF_TOKEN
login_http mx-user2 "$USER2_PW"
SESS[user2]=$COOKIE
CSRF[user2]=$CSRF_TOKEN

t "the demo subject objects to two of its records and adds evidence (fixtures of the matrix)"
desc "GET /api/v1/me/file as demo-subject"
sreq subject GET /api/v1/me/file
declare -A REMEDY_REC
for x in A B C; do
    REMEDY_REC[$x]=$(jv '[r["id"] for t in j["tabs"] for r in t["records"] if any(f["code"] == "CF_WSH" and f["value"] == A[0] for f in r["fields"])][0]' "权限矩阵罚〔2026〕${x}号")
    [ -n "${REMEDY_REC[$x]}" ] && ok || fail "record $x of the remedies fixture is not in me/file"
done
file_objection() { # RECORD: files an objection as demo-subject; CASE_NEW is its id
    desc "POST /api/v1/cases objection on $1 as demo-subject"
    sjson subject /api/v1/cases '{"kind":"objection","record":"'"$1"'","ground":"wrong","statement":"罚款金额有误，应为 0.3 万元"}'
    expect_status 201
    CASE_NEW=$(jv 'j.get("id", "")')
}
file_objection "${REMEDY_REC[A]}"
CASE_A=$CASE_NEW
file_objection "${REMEDY_REC[C]}"
CASE_C=$CASE_NEW
printf '%%PDF-1.4\n%% matrix fixture\n%%%%EOF\n' >"$T/a.pdf"
desc "POST /api/v1/cases/$CASE_A/evidence as demo-subject"
sreq subject POST "/api/v1/cases/$CASE_A/evidence" -H 'Content-Type: application/pdf' \
    -H 'X-File-Name: %E5%87%AD%E8%AF%81.pdf' -H 'Expect:' --data-binary "@$T/a.pdf"
expect_status 201
EVIDENCE_A=$(jv 'j.get("sha256", "")')

t "the session answer names the role and its permissions"
desc "GET /api/v1/session as demo-office"
sreq office GET /api/v1/session
expect_status 200
pycheck 'if j.get("login") != "demo-office" or j.get("role") != "office": bad("session %r" % (j,))
if "record.read_private" not in j.get("permissions", []) or "user.manage" in j.get("permissions", []): bad("permissions %r" % (j.get("permissions"),))
if j.get("idle_timeout_s") != 1800: bad("idle_timeout_s %r" % (j.get("idle_timeout_s"),))'

# ---------------------------------------------------------------- 6. a batch end to end
t "a submitter's department file with bad rows is stored by the batch worker"
desc "POST /api/v1/batches?item=xzcf as demo-submitter"
upload submitter "/api/v1/batches?item=xzcf&name=$BAD_NAME" "$BAD"
expect_status 202
expect_json
B1=$(jv 'j.get("id", "")')
pycheck 'if j.get("department", {}).get("code") != A[0]: bad("department %r" % (j.get("department"),))
if j.get("item") != "xzcf" or j.get("submitted_by") != "demo-submitter": bad("batch %r" % (j,))
if j.get("status") not in ("queued", "running", "done"): bad("status %r" % (j.get("status"),))' "$DEPT1"
if wait_batch submitter "$B1"; then
    desc "GET /api/v1/batches/$B1"
    pycheck 'want = [int(x) for x in A[0].split()]
c = j.get("counts", {})
if j.get("status") != "done": bad("status %r, error %r" % (j.get("status"), j.get("error")))
got = [c.get("rows"), c.get("accepted"), c.get("rejected")]
if got != want: bad("rows, accepted, rejected %r; `xinyong ingest` into a fresh database says %r" % (got, want))
if c.get("rejected") != int(A[1]): bad("rejected %r, the manifest says %s bad rows" % (c.get("rejected"), A[1]))
if not j.get("finished_at"): bad("no finished_at")' "$FRESH_COUNTS" "$BAD_ROWS"
fi

t "the error report lists the rejected lines, as the CLI's report does"
desc "GET /api/v1/batches/$B1/errors"
sreq submitter GET "/api/v1/batches/$B1/errors"
expect_status 200
case "$(hdr Content-Type)" in text/csv*) ok ;; *) fail "Content-Type '$(hdr Content-Type)'" ;; esac
case "$(hdr Content-Disposition)" in *"batch-$B1-errors.csv"*) ok ;; *) fail "Content-Disposition '$(hdr Content-Disposition)'" ;; esac
python3 - "$B" "$T/fresh/$BAD_NAME.errors.csv" <<'EOF' && ok || fail "error report: see above"
import csv, sys
def lines(p):
    rows = list(csv.reader(open(p, encoding="utf-8-sig")))
    # line number in column 2; error rows only (level 错误/error), warnings aside
    return sorted({int(r[1]) for r in rows[1:] if len(r) > 6 and r[1].isdigit() and r[5] in ("错误", "error")})
http, cli = lines(sys.argv[1]), lines(sys.argv[2])
if not http or http != cli:
    print("rejected lines over HTTP %r, `xinyong ingest` reported %r" % (http, cli), file=sys.stderr)
    print(open(sys.argv[1], encoding="utf-8-sig").read()[:800], file=sys.stderr)
    sys.exit(1)
EOF

t "an empty body, an unknown item and an item of another department are refused"
desc "POST /api/v1/batches with an empty body"
sreq submitter POST "/api/v1/batches?item=xzcf" -H 'Content-Type: text/csv' --data-binary ''
expect_error 400 INVALID
desc "POST /api/v1/batches?item=nosuch"
upload submitter "/api/v1/batches?item=nosuch" "$SMALL"
expect_error 400 INVALID item
desc "POST /api/v1/batches without item"
upload submitter "/api/v1/batches" "$SMALL"
expect_error 400 INVALID item
desc "POST /api/v1/batches?item=$NOT_DEPT1_ITEM (not assigned to $DEPT1)"
upload submitter "/api/v1/batches?item=$NOT_DEPT1_ITEM" "$SMALL"
expect_error 403 DENIED

t "a second department's submitter stores its own batch"
desc "POST /api/v1/batches?item=$DEPT2_ITEM as mx-sub2"
upload sub2 "/api/v1/batches?item=$DEPT2_ITEM&name=$DEPT2_FILE" "$CITY/$DEPT2_FILE"
expect_status 202
B2=$(jv 'j.get("id", "")')
wait_batch sub2 "$B2" && { jt 'j["status"] == "done"' && ok || fail "batch $B2: $(head -c 300 "$B")"; }

# ---------------------------------------------------------------- 1. the permission matrix
t "permission matrix: every route as every role"
python3 - "$T/matrix.json" <<EOF
import json, sys
roles = "$ROLES".split()
def sess(c, k, pw=None):
    return {"cookie": c, "csrf": k, "password": pw}
s1 = {$(for r in $ROLES; do printf '"%s": sess("%s", "%s", %s), ' "$r" "${SESS[$r]}" "${CSRF[$r]}" "$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "${PW[$r]}")"; done)}
s2 = {$(for r in $ROLES; do printf '"%s": sess("%s", "%s"), ' "$r" "${SESS2[$r]}" "${CSRF2[$r]}"; done)}
json.dump({"base": "$BASE", "sessions": s1, "logout": s2, "token": "$TOK_M",
           "routes_c": "$ROOT/src/http/routes.c",
           "vars": {"org": "$SUBJ_ORG", "record_id": "$RECORD_ID", "batch_id": $B1,
                    "target_login": "mx-target", "revoke_prefix": "$REVOKE_PREFIX",
                    "verify_login": "mx-verify", "verify_code": "$OTHER_ORG",
                    "verify_name": "$OTHER_NAME",
                    "person_name": "$PERSON_NAME", "person_id": "$PERSON_ID", "dept": "$DEPT1",
                    "batch_file": "$SMALL", "case_id": ${CASE_A:-0},
                    "case_withdraw": ${CASE_C:-0}, "evidence_sha": "$EVIDENCE_A",
                    "case_record": "${REMEDY_REC[B]}"}}, open(sys.argv[1], "w"))
EOF
python3 "$HERE/authz.py" matrix "$T/matrix.json" >"$T/matrix.out" 2>&1
while IFS= read -r line; do
    case "$line" in
    FAIL\ *) fail "${line#FAIL }" ;;
    *" checks, "*) echo "matrix: $line" ;;
    *) fail "authz.py: $line" ;;
    esac
done <"$T/matrix.out"
grep -q ' checks, ' "$T/matrix.out" && ok || fail "authz.py did not finish"

t "refused account and token changes changed nothing"
out=$("$XY" user list 2>&1)
n=$(echo "$out" | grep -c 'mx-new-')
[ "$n" = 1 ] && echo "$out" | grep -q 'mx-new-sysadmin' && ok ||
    fail "after the matrix $n accounts mx-new-*, expected only mx-new-sysadmin: $(echo "$out" | grep mx-new-)"
out=$("$XY" user token list 2>&1)
n=$(echo "$out" | grep -c '矩阵测试-')
[ "$n" = 1 ] && echo "$out" | grep -q '矩阵测试-secadmin' && ok ||
    fail "after the matrix $n tokens 矩阵测试-*, expected only the secadmin's: $(echo "$out" | grep 矩阵测试)"
out=$(echo "$TOK_M" | "$XY" user token check 2>&1)
case "$out" in ok*) ok ;; *) fail "the matrix's own token stopped working: $out" ;; esac

# ---------------------------------------------------------------- 2. no IDOR
t "a department never reads another department's batch: 404 like a missing one"
desc "GET /api/v1/batches/999999 (missing)"
sreq submitter GET /api/v1/batches/999999
expect_error 404 NOT_FOUND
for pair in "submitter $B2" "sub2 $B1" "dept_user $B2" "user2 $B1"; do
    set -- $pair
    desc "GET /api/v1/batches/$2 as $1 (another department's)"
    sreq "$1" GET "/api/v1/batches/$2"
    expect_error 404 NOT_FOUND
    desc "GET /api/v1/batches/$2/errors as $1 (another department's)"
    sreq "$1" GET "/api/v1/batches/$2/errors"
    expect_error 404 NOT_FOUND
done
desc "GET /api/v1/batches/$B2 with a token of $DEPT1"
treq "$TOK1" GET "/api/v1/batches/$B2"
expect_error 404 NOT_FOUND
desc "GET /api/v1/batches/$B1/errors with a token of $DEPT2"
treq "$TOK2" GET "/api/v1/batches/$B1/errors"
expect_error 404 NOT_FOUND
desc "GET /api/v1/batches/$B1 with a token of $DEPT2"
treq "$TOK2" GET "/api/v1/batches/$B1"
expect_error 404 NOT_FOUND

t "batch lists hold only the department's own batches; the office sees all"
check_list() { # WHO DEPT OWN_ID OTHER_ID
    pycheck 'items = j.get("items", [])
ids = [b["id"] for b in items]
if int(A[1]) not in ids: bad("own batch %s not listed: %r" % (A[1], ids))
if int(A[2]) in ids: bad("lists batch %s of another department" % A[2])
for b in items:
    if b["department"]["code"] != A[0]: bad("lists batch %s of %s" % (b["id"], b["department"]["code"]))' "$2" "$3" "$4"
}
desc "GET /api/v1/batches as demo-submitter"
sreq submitter GET "/api/v1/batches?per_page=$BIG_PAGE"
expect_status 200
check_list submitter "$DEPT1" "$B1" "$B2"
desc "GET /api/v1/batches as demo-dept-user"
sreq dept_user GET "/api/v1/batches?per_page=$BIG_PAGE"
check_list dept_user "$DEPT1" "$B1" "$B2"
desc "GET /api/v1/batches as mx-sub2"
sreq sub2 GET "/api/v1/batches?per_page=$BIG_PAGE"
check_list sub2 "$DEPT2" "$B2" "$B1"
desc "GET /api/v1/batches with a token of $DEPT2"
treq "$TOK2" GET "/api/v1/batches?per_page=$BIG_PAGE"
check_list tok2 "$DEPT2" "$B2" "$B1"
desc "GET /api/v1/batches as demo-office"
sreq office GET "/api/v1/batches?per_page=$BIG_PAGE"
expect_status 200
pycheck 'ids = [b["id"] for b in j.get("items", [])]
if int(A[0]) not in ids or int(A[1]) not in ids: bad("the office sees %r, not both %s and %s" % (ids, A[0], A[1]))' "$B1" "$B2"

t "assessment: a department sees only itself, the office every department"
NDEPTS=$(city 'len(c["depts"])')
desc "GET /api/v1/assessment as demo-submitter"
sreq submitter GET /api/v1/assessment
expect_status 200
pycheck 'codes = [i["department"]["code"] for i in j.get("items", [])]
if codes != [A[0]]: bad("departments %r, expected only %s" % (codes, A[0]))
elif j["items"][0]["batches"] < 1: bad("no batch counted: %r" % (j["items"][0],))' "$DEPT1"
desc "GET /api/v1/assessment as demo-dept-user"
sreq dept_user GET /api/v1/assessment
pycheck 'codes = [i["department"]["code"] for i in j.get("items", [])]
if codes != [A[0]]: bad("departments %r, expected only %s" % (codes, A[0]))' "$DEPT1"
desc "GET /api/v1/assessment as mx-sub2"
sreq sub2 GET /api/v1/assessment
pycheck 'codes = [i["department"]["code"] for i in j.get("items", [])]
if codes != [A[0]]: bad("departments %r, expected only %s" % (codes, A[0]))' "$DEPT2"
desc "GET /api/v1/assessment with a token of $DEPT2"
treq "$TOK2" GET /api/v1/assessment
pycheck 'codes = [i["department"]["code"] for i in j.get("items", [])]
if codes != [A[0]]: bad("departments %r, expected only %s" % (codes, A[0]))' "$DEPT2"
desc "GET /api/v1/assessment as demo-office"
sreq office GET /api/v1/assessment
pycheck 'codes = {i["department"]["code"] for i in j.get("items", [])}
if len(codes) != int(A[0]) or A[1] not in codes or A[2] not in codes: bad("the office sees %d departments %r, expected all %s" % (len(codes), sorted(codes), A[0]))' "$NDEPTS" "$DEPT1" "$DEPT2"

t "the subject's own file is its linked subject, with its non-public record"
desc "GET /api/v1/me/file as demo-subject"
sreq subject GET /api/v1/me/file
expect_status 200
expect_no_store
# nsxy_in: the fixture's 纳税信用等级 record of the year in the file j
NSXY_PY='def nsxy(j):
    out = []
    for tab in j.get("tabs", []):
        for r in tab.get("records", []):
            f = {x["code"]: x["value"] for x in r.get("fields", [])}
            if r.get("item") == "nsxy" and f.get("PDND") == A[0]: out.append(r)
    return out
'
pycheck "$NSXY_PY"'
s = j.get("subject", {})
if s.get("code") != A[1]: bad("me/file is subject %r, demo-subject is linked to %s" % (s.get("code"), A[1]))
if len(nsxy(j)) != 1: bad("the own non-public nsxy record of %s is not in me/file" % A[0])' "$NSXY_YEAR" "$SUBJ_ORG"
out=$("$XY" user show demo-subject --json)
case "$out" in *'"identity_verified":true'*) ok ;; *) fail "demo-subject not verified: $out" ;; esac

t "no route lets a subject read another subject's non-public record"
desc "GET /api/v1/subjects/$SUBJ_ORG (public)"
get "/api/v1/subjects/$SUBJ_ORG"
expect_status 200
pycheck "$NSXY_PY"'
if nsxy(j): bad("the public file shows the non-public nsxy record")' "$NSXY_YEAR"
desc "GET /api/v1/subjects/$OTHER_ORG as demo-subject"
sreq subject GET "/api/v1/subjects/$OTHER_ORG"
expect_status 200
pycheck "$NSXY_PY"'
if nsxy(j): bad("another subject'"'"'s non-public nsxy record is shown to demo-subject")' "$NSXY_YEAR"
desc "POST /api/v1/internal/file of $OTHER_ORG as demo-subject"
sjson subject /api/v1/internal/file '{"code":"'"$OTHER_ORG"'","purpose":"想看看别人的非公开信息"}'
expect_error 403 DENIED
desc "GET /api/v1/records?item=nsxy as demo-subject"
sreq subject GET "/api/v1/records?item=nsxy&per_page=50"
pycheck 'for it in (j.get("items") or []) if isinstance(j, dict) else []:
    f = {x["code"]: x["value"] for x in it["record"].get("fields", [])}
    if it["record"].get("item") == "nsxy" and (f.get("PDND") == A[0] or f.get("XYJB") != "A"):
        bad("a non-public 纳税信用等级 record is browsable: %r" % (f,))' "$NSXY_YEAR"
desc "GET /api/v1/audit?subject_id=1 as demo-subject"
sreq subject GET "/api/v1/audit?subject_id=1"
expect_error 403 DENIED
for p in /api/v1/me/file /api/v1/me/reads; do
    desc "GET $p as demo-subject"
    sreq subject GET "$p"
    case "$(cat "$B")" in *"$OTHER_ORG"*) fail "$p names $OTHER_ORG" ;; *) ok ;; esac
done
# a subject account whose identity is not verified reads no file at all
desc "GET /api/v1/me/file as mx2-subject (not verified)"
login_http mx2-subject "${PW2[subject]}"
SESS[subj2]=$COOKIE
CSRF[subj2]=$CSRF_TOKEN
sreq subj2 GET /api/v1/me/file
expect_error 403 DENIED
sreq subj2 GET /api/v1/me/reads
expect_error 403 DENIED

t "cases: another subject neither sees nor acts on the demo subject's case (404 like a missing one)"
# mx-verify was linked to $OTHER_ORG by the matrix's POST /users/mx-verify/verify
login_http mx-verify "$VERIFY_PW"
SESS[subj_other]=$COOKIE
CSRF[subj_other]=$CSRF_TOKEN
desc "GET /api/v1/session as mx-verify"
sreq subj_other GET /api/v1/session
pycheck 'if j.get("subject_verified") is not True: bad("mx-verify is not verified after the matrix: %r" % (j,))'
desc "GET /api/v1/cases/999999 (missing) as mx-verify"
sreq subj_other GET /api/v1/cases/999999
expect_error 404 NOT_FOUND
desc "GET /api/v1/cases/$CASE_A as mx-verify"
sreq subj_other GET "/api/v1/cases/$CASE_A"
expect_error 404 NOT_FOUND
desc "POST /api/v1/cases/$CASE_A/events withdraw as mx-verify"
sjson subj_other "/api/v1/cases/$CASE_A/events" '{"event":"withdraw"}'
expect_error 404 NOT_FOUND
desc "GET /api/v1/cases/$CASE_A/evidence/$EVIDENCE_A as mx-verify"
sreq subj_other GET "/api/v1/cases/$CASE_A/evidence/$EVIDENCE_A"
expect_error 404 NOT_FOUND
desc "POST /api/v1/cases/$CASE_A/evidence as mx-verify"
sreq subj_other POST "/api/v1/cases/$CASE_A/evidence" -H 'Content-Type: application/pdf' \
    -H 'X-File-Name: x.pdf' -H 'Expect:' --data-binary "@$T/a.pdf"
expect_error 404 NOT_FOUND
desc "POST /api/v1/cases objection on ${REMEDY_REC[A]} (the demo subject's record) as mx-verify"
sjson subj_other /api/v1/cases '{"kind":"objection","record":"'"${REMEDY_REC[A]}"'","ground":"wrong","statement":"不是我的记录"}'
expect_error 404 NOT_FOUND
desc "GET /api/v1/cases?queue=mine as mx-verify"
sreq subj_other GET "/api/v1/cases?queue=mine&limit=100"
expect_status 200
pycheck 'if j.get("cases"): bad("mx-verify lists cases it did not file: %r" % ([c.get("id") for c in j["cases"]],))'

t "cases: evidence of another case is 404, even to its own filer"
desc "GET /api/v1/cases/$CASE_C/evidence/$EVIDENCE_A (a file of case $CASE_A) as demo-subject"
sreq subject GET "/api/v1/cases/$CASE_C/evidence/$EVIDENCE_A"
expect_error 404 NOT_FOUND
desc "GET /api/v1/cases/$CASE_A/evidence/$EVIDENCE_A as demo-subject (control)"
sreq subject GET "/api/v1/cases/$CASE_A/evidence/$EVIDENCE_A"
expect_status 200
cmp -s "$B" "$T/a.pdf" && ok || fail "the evidence downloaded differs from the upload"

t "cases: a department user of another department cannot act on a referred case"
for ev in accept refer; do
    desc "POST /api/v1/cases/$CASE_A/events $ev as demo-reviewer"
    sjson reviewer "/api/v1/cases/$CASE_A/events" '{"event":"'$ev'"}'
    expect_status 200
done
pycheck 'if j.get("state") != "referred": bad("state %r after refer" % (j.get("state"),))'
desc "GET /api/v1/cases/$CASE_A as mx-user2 ($DEPT2)"
sreq user2 GET "/api/v1/cases/$CASE_A"
expect_error 404 NOT_FOUND
desc "POST /api/v1/cases/$CASE_A/events uphold as mx-user2 ($DEPT2)"
sjson user2 "/api/v1/cases/$CASE_A/events" '{"event":"uphold","reasons":"别的部门想维持"}'
expect_error 404 NOT_FOUND
desc "GET /api/v1/cases/$CASE_A/evidence/$EVIDENCE_A as mx-user2 ($DEPT2)"
sreq user2 GET "/api/v1/cases/$CASE_A/evidence/$EVIDENCE_A"
expect_error 404 NOT_FOUND
desc "GET /api/v1/cases?queue=dept as mx-user2 ($DEPT2)"
sreq user2 GET "/api/v1/cases?queue=dept&limit=100"
expect_status 200
pycheck 'if int(A[0]) in [c.get("id") for c in j.get("cases", [])]: bad("another department lists case %s" % A[0])' "$CASE_A"
desc "GET /api/v1/cases?queue=dept as demo-dept-user ($DEPT1, control)"
sreq dept_user GET "/api/v1/cases?queue=dept&limit=100"
expect_status 200
pycheck 'c = [c for c in j.get("cases", []) if c.get("id") == int(A[0])]
if not c: bad("the department does not list its referred case %s" % A[0])
elif c[0].get("waiting_for") != "department": bad("waiting_for %r" % (c[0].get("waiting_for"),))' "$CASE_A"
desc "GET /api/v1/cases/$CASE_A as demo-dept-user (control)"
sreq dept_user GET "/api/v1/cases/$CASE_A"
expect_status 200
pycheck 'ev = [e.get("id") for e in j.get("events", [])]
if sorted(ev) != ["correct", "uphold"]: bad("the department may %r, expected correct and uphold" % (ev,))'

# ---------------------------------------------------------------- 4. CSRF
t "a write with the session cookie but without the CSRF token is refused and changes nothing"
for variant in none wrong; do
    h=()
    [ $variant = wrong ] && h=(-H "X-CSRF-Token: ${CSRF[office]}")
    desc "POST /api/v1/users as demo-sysadmin, CSRF token $variant"
    req POST /api/v1/users -H "Cookie: xy_session=${SESS[sysadmin]}" "${h[@]}" \
        -H 'Content-Type: application/json' --data-binary \
        '{"login":"mx-csrf-'$variant'","display_name":"跨站请求","role":"office","password":"Csrf#2026xy"}'
    expect_error 403 CSRF
    "$XY" user show "mx-csrf-$variant" >/dev/null 2>&1
    [ $? = 5 ] && ok || fail "mx-csrf-$variant was created without a CSRF token"
    desc "DELETE /api/v1/tokens/$CSRF_PREFIX as demo-secadmin, CSRF token $variant"
    h=()
    [ $variant = wrong ] && h=(-H "X-CSRF-Token: ${CSRF[secadmin]}x")
    req DELETE "/api/v1/tokens/$CSRF_PREFIX" -H "Cookie: xy_session=${SESS[secadmin]}" "${h[@]}"
    expect_error 403 CSRF
    out=$(echo "$CSRF_TOK" | "$XY" user token check 2>&1)
    case "$out" in ok*) ok ;; *) fail "the token was revoked without a CSRF token: $out" ;; esac
    desc "POST /api/v1/batches as demo-submitter, CSRF token $variant"
    h=()
    [ $variant = wrong ] && h=(-H "X-CSRF-Token: ")
    sreq office GET "/api/v1/batches?per_page=1"
    last=$(jv '[b["id"] for b in j["items"]]')
    req POST "/api/v1/batches?item=xzcf" -H "Cookie: xy_session=${SESS[submitter]}" "${h[@]}" \
        -H 'Content-Type: text/csv' --data-binary "@$SMALL"
    expect_error 403 CSRF
    sreq office GET "/api/v1/batches?per_page=1"
    [ "$(jv '[b["id"] for b in j["items"]]')" = "$last" ] && ok || fail "a batch was queued without a CSRF token"
    desc "DELETE /api/v1/session as demo-office, CSRF token $variant"
    h=()
    [ $variant = wrong ] && h=(-H "X-CSRF-Token: ${CSRF[submitter]}")
    req DELETE /api/v1/session -H "Cookie: xy_session=${SESS[office]}" "${h[@]}"
    expect_error 403 CSRF
    sreq office GET /api/v1/session
    [ "$ST" = 200 ] && ok || fail "the office's session ended by a DELETE without CSRF token: $ST"
done
desc "the secadmin's own token with the right CSRF token revokes (control)"
sreq secadmin DELETE "/api/v1/tokens/$CSRF_PREFIX"
expect_status 200

# ---------------------------------------------------------------- 5. API tokens
t "an API token submits its items only, and stops at revocation"
desc "POST /api/v1/batches?item=xzcf with a token for xzcf"
upload "tok:$TOK1" "/api/v1/batches?item=xzcf&name=token.csv" "$SMALL"
expect_status 202
TB=$(jv 'j.get("id", "")')
jt 'j.get("submitted_by") == "token:" + A[0]' "$TOK1_PREFIX" && ok || fail "submitted_by $(jv 'j.get("submitted_by")'), expected token:$TOK1_PREFIX"
wait_batch "tok:$TOK1" "$TB" && { jt 'j["status"] == "done"' && ok || fail "token batch: $(head -c 300 "$B")"; }
desc "POST /api/v1/batches?item=xzxk with a token for xzcf (xzxk is $DEPT1's too)"
upload "tok:$TOK1" "/api/v1/batches?item=xzxk" "$SMALL"
expect_error 403 DENIED
desc "a token of $DEPT2 submits $DEPT2_ITEM, not xzcf of $DEPT1"
upload "tok:$TOK2" "/api/v1/batches?item=xzcf" "$SMALL"
expect_error 403 DENIED
desc "a forged token"
treq "${TOK1%?}$([ "${TOK1: -1}" = A ] && echo B || echo A)" GET /api/v1/batches
expect_error 401 UNAUTHENTICATED
desc "an API token is no session: GET /api/v1/session"
treq "$TOK1" GET /api/v1/session
expect_error 401 UNAUTHENTICATED
"$XY" user token revoke "$TOK1_PREFIX" >/dev/null && ok || fail "token revoke failed"
desc "POST /api/v1/batches with a revoked token"
upload "tok:$TOK1" "/api/v1/batches?item=xzcf" "$SMALL"
expect_error 401 UNAUTHENTICATED
desc "GET /api/v1/batches/$TB with a revoked token"
treq "$TOK1" GET "/api/v1/batches/$TB"
expect_error 401 UNAUTHENTICATED
desc "GET /api/v1/batches/$TB with a token of $DEPT2"
treq "$TOK2" GET "/api/v1/batches/$TB"
expect_error 404 NOT_FOUND

# ---------------------------------------------------------------- 3. sessions
t "a wrong password is 401 LOGIN_FAILED; an unknown login gets the same message"
desc "POST /api/v1/session with a wrong password"
login_http mx-wrong "Wrong#Pass1"
expect_error 401 LOGIN_FAILED
[ -z "$(hdr Set-Cookie)" ] && ok || fail "a failed login sets a cookie: $(hdr Set-Cookie)"
m1=$(jv 'j["error"]["message"]')
login_http mx-nosuch "Wrong#Pass1"
expect_error 401 LOGIN_FAILED
m2=$(jv 'j["error"]["message"]')
[ "$m1" = "$m2" ] && ok || fail "unknown login answered '$m2', wrong password '$m1'"

t "the session cookie is HttpOnly, SameSite=Strict, and not Secure without TLS"
login_http mx-wrong "$WRONG_PW"
expect_status 200
c=$(hdr Set-Cookie)
case "$c" in *HttpOnly*) ok ;; *) fail "Set-Cookie '$c' lacks HttpOnly" ;; esac
case "$c" in *"SameSite=Strict"*) ok ;; *) fail "Set-Cookie '$c' lacks SameSite=Strict" ;; esac
case "$c" in *Secure*) fail "Set-Cookie '$c' is Secure with http.cookie_secure=0" ;; *) ok ;; esac
case "$c" in *"Path=/"*) ok ;; *) fail "Set-Cookie '$c' lacks Path=/" ;; esac
jt '"csrf_token" in j and j["csrf_token"] not in open(A[0]).read()' "$H" && ok || fail "the CSRF token is missing or in a header"
SESS[wrong]=$COOKIE
CSRF[wrong]=$CSRF_TOKEN
desc "DELETE /api/v1/session"
sreq wrong DELETE /api/v1/session
expect_status 200
case "$(hdr Set-Cookie)" in *"Max-Age=0"*) ok ;; *) fail "logout does not clear the cookie: $(hdr Set-Cookie)" ;; esac
desc "GET /api/v1/session after logout"
sreq wrong GET /api/v1/session
expect_error 401 UNAUTHENTICATED
desc "GET /api/v1/batches with a made-up session cookie"
req GET /api/v1/batches -H "Cookie: xy_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
expect_error 401 UNAUTHENTICATED

t "disabling an account or changing its role over HTTP ends its sessions"
for v in victim victim2; do
    [ $v = victim ] && pw=$VICTIM_PW || pw=$VICTIM2_PW
    login_http "mx-$v" "$pw"
    SESS[$v]=$COOKIE
    CSRF[$v]=$CSRF_TOKEN
    sreq $v GET /api/v1/session
    [ "$ST" = 200 ] && ok || fail "mx-$v has no session: $ST"
done
desc "POST /api/v1/users/mx-victim/disable as demo-sysadmin"
sreq sysadmin POST /api/v1/users/mx-victim/disable
expect_status 200
desc "POST /api/v1/users/mx-victim2/role as demo-sysadmin"
sjson sysadmin /api/v1/users/mx-victim2/role '{"role":"agency"}'
expect_status 200
for v in victim victim2; do
    desc "GET /api/v1/session as mx-$v after the change"
    sreq $v GET /api/v1/session
    expect_error 401 UNAUTHENTICATED
done
desc "the disabled account cannot sign in"
login_http mx-victim "$VICTIM_PW"
expect_error 401 LOGIN_FAILED

t "changing one's own password ends one's other sessions, not this one"
PWC_PW=$(add_user mx-pwc office | jget password)
for v in pwa pwb; do
    login_http mx-pwc "$PWC_PW"
    SESS[$v]=$COOKIE
    CSRF[$v]=$CSRF_TOKEN
done
body=$(python3 -c 'import json, sys; print(json.dumps({"old_password": sys.argv[1], "new_password": "Changed-pw-2026"}))' "$PWC_PW")
desc "POST /api/v1/session/password as mx-pwc"
sjson pwa /api/v1/session/password "$body"
expect_status 200
desc "the other session of mx-pwc after the change"
sreq pwb GET /api/v1/session
expect_error 401 UNAUTHENTICATED
desc "the session that changed the password"
sreq pwa GET /api/v1/session
expect_status 200
desc "the new password signs in"
login_http mx-pwc Changed-pw-2026
expect_status 200

# ---------------------------------------------------------------- 7. the audit trail over HTTP
PURPOSE="行政许可审查：授权测试项目第7号"
t "an office read of a subject's file with a purpose is shown to the subject, without the login"
desc "POST /api/v1/internal/file as demo-office"
sjson office /api/v1/internal/file '{"code":"'"$SUBJ_ORG"'","purpose":"'"$PURPOSE"'"}'
expect_status 200
expect_no_store
pycheck "$NSXY_PY"'
if j.get("subject", {}).get("code") != A[1]: bad("file of %r" % (j.get("subject"),))
if len(nsxy(j)) != 1: bad("the office does not see the non-public record")' "$NSXY_YEAR" "$SUBJ_ORG"
desc "POST /api/v1/internal/file as demo-dept-user"
sjson dept_user /api/v1/internal/file '{"code":"'"$SUBJ_ORG"'","purpose":"'"$PURPOSE"'-部门"}'
expect_status 200
desc "POST /api/v1/internal/file without a purpose"
sjson office /api/v1/internal/file '{"code":"'"$SUBJ_ORG"'"}'
expect_error 400 INVALID purpose
desc "GET /api/v1/me/reads as demo-subject"
sreq subject GET /api/v1/me/reads
expect_status 200
pycheck 'items = j.get("items", [])
o = [i for i in items if i.get("purpose") == A[0]]
d = [i for i in items if i.get("purpose") == A[0] + "-部门"]
if len(o) != 1: bad("the office read with purpose %r: %d rows in %r" % (A[0], len(o), items[:5]))
elif o[0].get("actor_dept") != "市公共信用信息管理机构（信用办）" or o[0].get("role_name") != "信用办工作人员": bad("office read %r" % (o[0],))
if len(d) != 1: bad("the department user read: %d rows" % len(d))
elif d[0].get("actor_dept") != A[1]: bad("department user read by %r, expected %r" % (d[0].get("actor_dept"), A[1]))
text = json.dumps(j, ensure_ascii=False)
for login in ("demo-office", "demo-dept-user"):
    if login in text: bad("me/reads names the official %s" % login)
for i in items:
    if set(i) - {"at", "role_name", "actor_dept", "purpose", "result"}: bad("me/reads row keys %r" % sorted(i))' "$PURPOSE" "$DEPT1_NAME"

t "the office reads a natural person's non-public file by ID number in the body"
desc "POST /api/v1/internal/file {code: <ID number>} as demo-office"
sjson office /api/v1/internal/file '{"code":"'"$PERSON_ID"'","purpose":"行政许可审查：自然人查询"}'
expect_status 200
pycheck 's = (j or {}).get("subject", {})
if s.get("kind") != "person": bad("not the person'"'"'s file: %r" % (s,))' 

t "the auditor finds failed logins and private reads, and the chain verifies"
desc "GET /api/v1/audit?action=login.failed as demo-auditor"
sreq auditor GET "/api/v1/audit?action=login.failed&limit=1000"
expect_status 200
pycheck 'items = j.get("items", [])
if any(i.get("action") != "login.failed" for i in items): bad("other actions in the filtered search")
for who, n in (("mx-wrong", 1), ("mx-nosuch", 1)):
    got = len([i for i in items if i.get("actor") == who])
    if got < n: bad("%d failed logins of %s, expected at least %d" % (got, who, n))
text = json.dumps(j, ensure_ascii=False)
for secret in ("Wrong#Pass1", A[0]):
    if secret in text: bad("the audit search shows a password")' "$WRONG_PW"
desc "GET /api/v1/audit?action=record.read_private as demo-auditor"
sreq auditor GET "/api/v1/audit?action=record.read_private&limit=1000"
expect_status 200
pycheck 'rows = [i for i in j.get("items", []) if i.get("actor") == "demo-office" and i.get("purpose") == A[0]]
if len(rows) != 1: bad("%d record.read_private rows of demo-office with the purpose" % len(rows))
elif not rows[0].get("subject_id") or rows[0].get("result") != "ok" or rows[0].get("role") != "office": bad("row %r" % (rows[0],))' "$PURPOSE"
desc "GET /api/v1/audit?action=batch.submit as demo-auditor"
sreq auditor GET "/api/v1/audit?action=batch.submit&limit=1000"
pycheck 'if "batch:%s" % A[0] not in [i.get("target") for i in j.get("items", [])]: bad("no batch.submit of batch %s" % A[0])' "$B1"
desc "POST /api/v1/audit/verify as demo-auditor"
sreq auditor POST /api/v1/audit/verify
expect_status 200
pycheck 'if j.get("ok") is not True or j.get("problems") != [] or not j.get("rows"): bad("verify %r" % (j,))'

# ---------------------------------------------------------------- 8. key rotation
t "key rotation while the server answers: subjects and private reads stay the same"
# snapshot: the public file of the demo subject's organisation, the person found by name and ID
# number, and the office's non-public read of that person by ID number (in the body), each as
# "status:digest" of the body without its request id; the bodies stay in $T/snap.1..3
snapshot() {
    local out="" i=0
    digest() {
        python3 -c 'import json, sys, hashlib
try:
    j = json.load(open(sys.argv[1], encoding="utf-8"))
    if isinstance(j, dict) and isinstance(j.get("error"), dict): j["error"].pop("request_id", None)
    t = json.dumps(j, sort_keys=True)
except Exception:
    t = open(sys.argv[1], encoding="latin-1").read()
print(hashlib.md5(t.encode()).hexdigest()[:12])' "$B"
    }
    get "/api/v1/subjects/$SUBJ_ORG"
    out="$ST:$(digest)"
    cp "$B" "$T/snap.1"
    post_json /api/v1/subjects/person '{"name":"'"$PERSON_NAME"'","id_number":"'"$PERSON_ID"'"}'
    out="$out $ST:$(digest)"
    cp "$B" "$T/snap.2"
    sjson office /api/v1/internal/file '{"code":"'"$PERSON_ID"'","purpose":"密钥轮换期间的查询测试"}'
    out="$out $ST:$(digest)"
    cp "$B" "$T/snap.3"
    echo "$out"
}
BEFORE=$(snapshot)
case "$BEFORE" in "200:"*" 200:"*" 200:"*) ok ;; *)
    fail "before rotation: $BEFORE (subject's file, person search, office's read of the person by ID number): $(for i in 1 2 3; do head -c 200 "$T/snap.$i"; echo; done)" ;;
esac
"$XY" key rotate --chunk 1 >"$T/rotate.out" 2>&1 &
RPID=$!
during=0
while kill -0 "$RPID" 2>/dev/null; do
    s=$(snapshot)
    during=$((during + 1))
    [ "$s" = "$BEFORE" ] || { fail "during rotation (read $during): $s, before: $BEFORE"; break; }
done
wait "$RPID"
rrc=$?
[ "$rrc" = 0 ] && ok || fail "key rotate exit $rrc: $(tail -5 "$T/rotate.out")"
echo "key rotate: $during snapshots while it ran"
AFTER=$(snapshot)
[ "$AFTER" = "$BEFORE" ] && ok || fail "after rotation: $AFTER, before: $BEFORE"
out=$("$XY" key status 2>&1)
echo "$out" | grep -q . && ok || fail "key status: $out"

# ---------------------------------------------------------------- 6b. batch.max_bytes
t "a department file over batch.max_bytes is 413"
start_server "${RATE[@]}" XINYONG_BATCH_MAX_BYTES=2048
login_http demo-submitter "${PW[submitter]}"
SESS[small]=$COOKIE
CSRF[small]=$CSRF_TOKEN
[ "$(stat -c %s "$BAD")" -gt 2048 ] && ok || fail "the bad file is not over 2048 bytes"
desc "POST /api/v1/batches of $(stat -c %s "$BAD") bytes with batch.max_bytes=2048"
upload small "/api/v1/batches?item=xzcf" "$BAD"
expect_error 413 TOO_LARGE
desc "a file under the limit still goes in"
upload small "/api/v1/batches?item=xzcf" "$SMALL"
expect_status 202
stop_server "$SPID"
BASE=$MAIN_BASE

# ---------------------------------------------------------------- 3b. sessions over time
# Each on a server of its own with XY_NOW, on the same database; last, because a session check
# at a later clock ends every session idle by then.
N=$(( ($(date +%s) / 60 + 2) * 60 )) # a whole minute, in the near future
stop_time_server() { stop_server "$SPID"; BASE=$MAIN_BASE; }
start_server "${RATE[@]}" XY_NOW=$N
t "5 wrong passwords lock the account; the right one is then refused with the unlock time"
for i in 1 2 3 4 5; do
    desc "wrong password $i"
    login_http mx-lock "Wrong#Pass$i"
    expect_error 401 LOGIN_FAILED
done
desc "the right password after 5 failures"
login_http mx-lock "$LOCK_PW"
expect_error 401 LOGIN_FAILED
UNLOCK=$(date -u -d "@$((N + 900 + 8 * 3600))" '+%Y-%m-%d %H:%M') # Beijing time, UTC+8
jt 'A[0] in j["error"]["message"]' "$UNLOCK" && ok ||
    fail "the lockout message does not say '$UNLOCK': $(jv 'j["error"]["message"]')"
[ -z "$(hdr Set-Cookie)" ] && ok || fail "a locked account got a cookie"

t "an administrator needs a TOTP code, accepted once"
desc "sysadmin without a code"
login_http mx-root "$ROOT_PW"
expect_error 401 MFA_REQUIRED totp
[ -z "$(hdr Set-Cookie)" ] && ok || fail "a cookie without the second factor"
desc "sysadmin with a wrong code"
code=$(totp "$ROOT_SECRET" "$N")
[ "$code" = 123456 ] && wrong=654321 || wrong=123456
login_http mx-root "$ROOT_PW" "$wrong"
expect_error 401 LOGIN_FAILED
desc "sysadmin with the right code"
login_http mx-root "$ROOT_PW" "$code"
expect_status 200
[ -n "$COOKIE" ] && ok || fail "no session cookie"
desc "the same code again"
login_http mx-root "$ROOT_PW" "$code"
expect_error 401 LOGIN_FAILED
[ -z "$(hdr Set-Cookie)" ] && ok || fail "a reused code got a cookie"

t "idle sessions: alive after 29 minutes, ended 31 minutes after the last request"
login_http mx-idle "$IDLE_PW"
expect_status 200
IDLE=$COOKIE
login_http mx-idle "$IDLE_PW"
IDLE_UNUSED=$COOKIE
stop_time_server
start_server "${RATE[@]}" XY_NOW=$((N + 29 * 60)) XINYONG_HTTP_COOKIE_SECURE=1
desc "GET /api/v1/session 29 minutes after the login"
req GET /api/v1/session -H "Cookie: xy_session=$IDLE"
expect_status 200
t "the session cookie is Secure with XINYONG_HTTP_COOKIE_SECURE=1"
login_http mx-wrong "$WRONG_PW"
expect_status 200
c=$(hdr Set-Cookie)
case "$c" in *"; Secure"*) ok ;; *) fail "Set-Cookie '$c' lacks Secure with cookie_secure=1" ;; esac
case "$c" in *HttpOnly*"SameSite=Strict"* | *"SameSite=Strict"*HttpOnly*) ok ;; *) fail "Set-Cookie '$c'" ;; esac
stop_time_server
t "idle sessions: ended 31 minutes after the last request"
start_server "${RATE[@]}" XY_NOW=$((N + 31 * 60))
desc "GET /api/v1/session 31 minutes after the login, never used since"
req GET /api/v1/session -H "Cookie: xy_session=$IDLE_UNUSED"
expect_error 401 UNAUTHENTICATED
stop_time_server
start_server "${RATE[@]}" XY_NOW=$((N + 29 * 60 + 31 * 60))
desc "GET /api/v1/session 31 minutes after its last request"
req GET /api/v1/session -H "Cookie: xy_session=$IDLE"
expect_error 401 UNAUTHENTICATED
t "the lock ends after 15 minutes"
desc "the right password an hour after the lockout"
login_http mx-lock "$LOCK_PW"
expect_status 200

t "the auditor finds the lockout and the refused codes in the trail"
login_http demo-auditor "${PW[auditor]}" "$(totp "${TOTP_SECRET[auditor]}" $((N + 60 * 60)))"
expect_status 200
SESS[auditor]=$COOKIE
CSRF[auditor]=$CSRF_TOKEN
desc "GET /api/v1/audit?action=login.failed as demo-auditor"
sreq auditor GET "/api/v1/audit?action=login.failed&limit=1000"
expect_status 200
pycheck 'items = j.get("items", [])
for who, n in (("mx-lock", 6), ("mx-root", 2)):
    got = len([i for i in items if i.get("actor") == who])
    if got < n: bad("%d failed logins of %s, expected at least %d" % (got, who, n))
if A[0] in json.dumps(j, ensure_ascii=False): bad("the audit search shows a password")' "$LOCK_PW"
desc "POST /api/v1/audit/verify as demo-auditor"
sreq auditor POST /api/v1/audit/verify
expect_status 200
pycheck 'if j.get("ok") is not True or j.get("problems") != []: bad("verify %r" % (j,))'
stop_time_server

finish
