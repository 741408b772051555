#!/bin/bash
# checks.sh - a department checks subjects before it acts (issue 6, POST /api/v1/checks), against
# the real `xinyong serve` on a small generated city:
#   an exact-code hit on a 失信被执行人 entry with the measures for gov_procurement for the asking
#   department (广州市财政局, which the measures name) and none for another department; a miss; an
#   A级纳税人 (red list) hit that gets reward measures only; an entry past its exit date is no
#   hit; an entry under objection shows disputed; scenario filtering; the list version rising
#   after a list change; GET of a check by its department (another department: 404); bad input
#   (unknown scenario, a bad USCC check character, no subjects, 101 subjects, a name without a
#   code) answered 400 with the field; no ID number in any answer or in the server's log.
# The list entries are hand-written for organisations of our own (codes made here), so that what
# each check must answer is known exactly. Today is one fixed day (XY_NOW, base/time.c).
# usage: XY=build/src/xinyong bash tests/api/checks.sh   (KEEP=1 keeps the temp folder)
. "$(dirname "$0")/lib.sh"
export XY_NOW=2026-11-26T02:00:00 # 10:00 in Beijing, Thursday 26 November 2026
setup
setup_city 17 80 120 120
RATE=(XINYONG_HTTP_RATE_PER_MIN=1000000 XINYONG_HTTP_RATE_BURST=1000000)

jget() {
    python3 -c 'import json, sys; v = json.load(sys.stdin).get(sys.argv[1]); print("" if v is None else v)' "$1"
}
# uscc SEQ: a valid 统一社会信用代码 of a company (91440101...), both check characters right
uscc() {
    python3 - "$1" <<'EOF'
import sys
cs = "0123456789ABCDEFGHJKLMNPQRTUWXY"
org8 = "C%07d" % int(sys.argv[1])
ow = [3, 7, 9, 10, 5, 8, 4, 2]
v = lambda ch: int(ch) if ch.isdigit() else ord(ch) - 55
c9 = 11 - sum(w * v(ch) for w, ch in zip(ow, org8)) % 11
org = org8 + {10: "X", 11: "0"}.get(c9, str(c9))
first = "91440101" + org
uw = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
c18 = (31 - sum(w * cs.index(ch) for w, ch in zip(uw, first)) % 31) % 31
print(first + cs[c18])
EOF
}

# ---------------------------------------------------------------- fixtures (CLI)
COURT=$(city '[d["code"] for d in c["depts"] if "sxbzxr" in d["items"]][0]')
TAX=$(city '[d["code"] for d in c["depts"] if "hmd" in d["items"]][0]')
MKT=$(city '[d["code"] for d in c["depts"] if "jyyc" in d["items"]][0]')
[ -n "$COURT" ] && [ -n "$TAX" ] && [ -n "$MKT" ] || { echo "the city lacks a department" >&2; exit 1; }
# 广州市财政局, an organ (11...): the department the gov_procurement measure names
FIN=$(python3 - <<'EOF'
cs = "0123456789ABCDEFGHJKLMNPQRTUWXY"
first = "11440100MB2C9900" + "1"
uw = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
print(first + cs[(31 - sum(w * cs.index(ch) for w, ch in zip(uw, first)) % 31) % 31])
EOF
)
"$XY" dept add --code "$FIN" --name 广州市财政局 --items xzcf >/dev/null ||
    { echo "dept add 广州市财政局 failed" >&2; exit 1; }
ORG_A=$(uscc 1) # on the 失信被执行人 list; later under objection
ORG_B=$(uscc 2) # an A级纳税人 in effect
ORG_C=$(uscc 3) # an A级纳税人 entry past its exit date
ORG_M=$(uscc 4) # carried by no subject: a miss
ORG_L=$(uscc 5) # listed after the first checks: the list version rises
BAD_USCC=${ORG_A:0:17}$(if [ "${ORG_A:17}" = 0 ]; then echo 1; else echo 0; fi)
PERSON_ID=$(city 'c["persons"][0]["id"]')
[ -n "$PERSON_ID" ] || { echo "the city has no person" >&2; exit 1; }

sx_row() { # CODE NAME CASE_NO DATE
    echo "$2,法人及非法人组织,$1,张三,$3,广州市中级人民法院,（2025）粤01民初1号,广州市中级人民法院,支付货款人民币50万元,全部未履行,有履行能力而拒不履行生效法律文书确定义务,2026/01/10,${4//-//}"
}
{
    echo 'XDR_MC,XDR_LB,XDR_SHXYM,FRDB,AH,ZXFY,ZXYJWH,ZCZXYJDW,YW,LXQK,SXQX,LARQ,FBSJ'
    sx_row "$ORG_A" 广州核查甲贸易有限公司 "（2026）粤01执100号" 2026-06-01
} >"$T/sx.csv"
{
    echo 'XDR_MC,XDR_LB,XDR_SHXYM,FRDB,RDWH,MDMC,RDYY,RDJG,RDRQ,YXQZ'
    echo "广州核查乙科技有限公司,法人及非法人组织,$ORG_B,李四,穗税A〔2026〕1号,A级纳税人,2025年度纳税信用评价为A级,国家税务总局广州市税务局,2026/04/01,2027/03/31"
    echo "广州核查丙实业有限公司,法人及非法人组织,$ORG_C,王五,穗税A〔2024〕1号,A级纳税人,2023年度纳税信用评价为A级,国家税务总局广州市税务局,2024/04/01,2025/03/31"
} >"$T/hmd.csv"
"$XY" ingest --quiet --dept "$COURT" --item sxbzxr "$T/sx.csv" >"$T/ingest.out" 2>&1 ||
    { echo "ingest sxbzxr failed: $(cat "$T/ingest.out")" >&2; exit 1; }
"$XY" ingest --quiet --dept "$TAX" --item hmd "$T/hmd.csv" >"$T/ingest.out" 2>&1 ||
    { echo "ingest hmd failed: $(cat "$T/ingest.out")" >&2; exit 1; }

add_user() { # LOGIN ROLE [args]: prints the password
    local login=$1 role=$2
    shift 2
    "$XY" user add "$login" --role "$role" --name 测试账号 --generate --json "$@" | jget password ||
        { echo "user add $login failed" >&2; exit 1; }
}
declare -A PW SESS CSRF
PW[k-fin]=$(add_user k-fin dept_user --dept "$FIN")
PW[k-mkt]=$(add_user k-mkt dept_user --dept "$MKT")
PW[k-subj]=$(add_user k-subj subject)
"$XY" user verify k-subj --code "$ORG_A" --name 广州核查甲贸易有限公司 --evidence 营业执照副本 >/dev/null ||
    { echo "user verify k-subj failed" >&2; exit 1; }
TOKEN=$("$XY" user token issue --name 财政核查系统 --dept "$FIN" --json | jget token)
[ -n "$TOKEN" ] || { echo "token issue failed" >&2; exit 1; }

start_server "${RATE[@]}"

login() { # WHO LOGIN
    post_json /api/v1/session "$(python3 -c 'import json, sys; print(json.dumps({"login": sys.argv[1], "password": sys.argv[2]}))' "$2" "${PW[$2]}")"
    SESS[$1]=$(hdr Set-Cookie | sed -n 's/^xy_session=\([^;]*\).*/\1/p')
    CSRF[$1]=$(jv 'j.get("csrf_token", "") if isinstance(j, dict) else ""')
    [ "$ST" = 200 ] && [ -n "${SESS[$1]}" ] && ok || fail "login of $2: $ST $(head -c 300 "$B")"
}
login fin k-fin
login mkt k-mkt
login subj k-subj
# tcheck BODY: POST /api/v1/checks with the department's token
tcheck() { post_json /api/v1/checks "$1" -H "Authorization: Bearer $TOKEN"; }
# scheck WHO BODY: the same with WHO's session
scheck() { post_json /api/v1/checks "$2" -H "Cookie: xy_session=${SESS[$1]}" -H "X-CSRF-Token: ${CSRF[$1]}"; }
# body SCENARIO CODE...: a check request
body() {
    python3 -c 'import json, sys; print(json.dumps({"scenario": sys.argv[1], "subjects": [{"code": c, "type": "enterprise"} for c in sys.argv[2:]]}))' "$@"
}
# the shape of a check answer, and one subject's hits and measures against what is expected
SHAPE='
def shape(j):
    if not req_keys(j, ["id", "scenario", "scenario_name", "list_version", "checked_at", "results"], "check"): return False
    for r in j["results"]:
        if not req_keys(r, ["code", "found", "hits", "measures"], "result"): return False
        for h in r["hits"]:
            req_keys(h, ["list", "list_kind", "list_name", "record", "entry_date", "end_date", "document", "disputed"], "hit")
        for m in r["measures"]:
            req_keys(m, ["no", "item", "content", "level", "kind", "basis", "department"], "measure")
    return True
'

# ---------------------------------------------------------------- 1. hits and misses
t "an exact-code hit on a 失信被执行人 entry gets the gov_procurement measure of the department"
desc "POST /api/v1/checks gov_procurement [ORG_A, ORG_M] as the 财政局 token"
tcheck "$(body gov_procurement "$ORG_A" "$ORG_M")"
expect_status 201
expect_json
pycheck "$SHAPE"'
if shape(j):
    if j["scenario"] != "gov_procurement" or j["scenario_name"] != "政府采购": bad("scenario %r %r" % (j["scenario"], j["scenario_name"]))
    if not re.fullmatch(r"2026-11-26T10:00:\d\d\+08:00", j["checked_at"]): bad("checked_at %r" % j["checked_at"])
    if not isinstance(j["list_version"], int) or j["list_version"] <= 0: bad("list_version %r" % j["list_version"])
    a, m = j["results"]
    if a["code"] != A[0] or not a["found"]: bad("ORG_A: %r" % a)
    if len(a["hits"]) != 1: bad("ORG_A hits %r" % a["hits"])
    else:
        h = a["hits"][0]
        want = {"list": "sxbzxr", "list_kind": "black", "list_name": "失信被执行人", "entry_date": "2026-06-01", "end_date": None, "document": "（2026）粤01执100号", "disputed": False}
        for k, v in want.items():
            if h[k] != v: bad("hit %s %r, expected %r" % (k, h[k], v))
        if not re.fullmatch(r"[0-9a-f]{16}", h["record"]): bad("record %r" % h["record"])
    if [x["no"] for x in a["measures"]] != [1]: bad("ORG_A measures %r, expected [1]" % [x["no"] for x in a["measures"]])
    elif a["measures"][0]["kind"] != "惩戒" or a["measures"][0]["level"] != "限制" or a["measures"][0]["department"] != "广州市财政局": bad("measure 1: %r" % a["measures"][0])
    if m["code"] != A[1] or m["found"] or m["hits"] or m["measures"]: bad("the miss: %r" % m)
' "$ORG_A" "$ORG_M"
CHECK1=$(jv 'j["id"]')
V1=$(jv 'j["list_version"]')
RECORD_A=$(jv 'j["results"][0]["hits"][0]["record"]')

t "another department is told the measures that name it (none here for gov_procurement)"
desc "POST /api/v1/checks gov_procurement [ORG_A] as 市场监管 dept_user"
scheck mkt "$(body gov_procurement "$ORG_A")"
expect_status 201
pycheck 'r = j["results"][0]
if len(r["hits"]) != 1 or r["measures"]: bad("ORG_A for 市场监管: hits %d measures %r" % (len(r["hits"]), r["measures"]))'
CHECK_MKT=$(jv 'j["id"]')

t "scenario filtering: subsidy and licensing give their own measures (各相关部门)"
desc "POST /api/v1/checks subsidy [ORG_A]"
tcheck "$(body subsidy "$ORG_A")"
expect_status 201
pycheck 'n = [x["no"] for x in j["results"][0]["measures"]]
if n != [3]: bad("subsidy measures %r, expected [3]" % n)'
desc "POST /api/v1/checks licensing [ORG_A] as dept_user of 财政局"
scheck fin "$(body licensing "$ORG_A")"
expect_status 201
pycheck 'n = [x["no"] for x in j["results"][0]["measures"]]
if n != [7]: bad("licensing measures %r, expected [7]" % n)'

t "an A级纳税人 hit gets reward measures only; an entry past its exit date is no hit"
desc "POST /api/v1/checks licensing [ORG_B, ORG_C]"
tcheck "$(body licensing "$ORG_B" "$ORG_C")"
expect_status 201
pycheck "$SHAPE"'
if shape(j):
    b, c = j["results"]
    if len(b["hits"]) != 1 or b["hits"][0]["list"] != "hmd" or b["hits"][0]["list_kind"] != "red" or b["hits"][0]["list_name"] != "A级纳税人" or b["hits"][0]["end_date"] != "2027-03-31":
        bad("ORG_B hits %r" % b["hits"])
    n = [x["no"] for x in b["measures"]]
    if n != [38, 39, 40]: bad("ORG_B licensing measures %r, expected [38, 39, 40]" % n)
    if any(x["kind"] != "激励" for x in b["measures"]): bad("a punishment for a red-list hit: %r" % b["measures"])
    if not c["found"] or c["hits"] or c["measures"]: bad("ORG_C (exit date 2025-03-31) %r" % c)'
desc "POST /api/v1/checks gov_procurement [ORG_B]: no measure of the red list there"
tcheck "$(body gov_procurement "$ORG_B")"
pycheck 'r = j["results"][0]
if len(r["hits"]) != 1 or r["measures"]: bad("ORG_B gov_procurement %r" % r)'

# ---------------------------------------------------------------- 2. an ID number as code
t "an ID number is found and answered masked"
desc "POST /api/v1/checks gov_procurement [a person's ID number]"
tcheck "$(body gov_procurement "$PERSON_ID")"
expect_status 201
pycheck 'r = j["results"][0]
if r["code"] == A[0] or r["code"][:6] != A[0][:6] or "*" not in r["code"]: bad("code not masked: %s…" % r["code"][:8])
if not r["found"]: bad("the person was not found by the ID number")' "$PERSON_ID"

t "a 15-digit code (an old-form ID number or a 工商注册号) is answered masked and never stored"
OLD15=440106800101123
desc "POST /api/v1/checks gov_procurement [a 15-digit code]"
tcheck "$(body gov_procurement "$OLD15")"
expect_status 201
pycheck 'r = j["results"][0]
if r["code"] == A[0] or "*" not in r["code"]: bad("code not masked: %s…" % r["code"][:8])' "$OLD15"
for f in "$XINYONG_DB" "$XINYONG_DB-wal"; do
    [ -f "$f" ] || continue
    ! grep -aq "$OLD15" "$f" && ok || fail "$(basename "$f") holds the 15-digit code in the clear"
done

# ---------------------------------------------------------------- 3. reading a check
t "GET /api/v1/checks/{id}: the department's token and accounts; another department 404"
desc "GET /api/v1/checks/$CHECK1 as the token"
get "/api/v1/checks/$CHECK1" -H "Authorization: Bearer $TOKEN"
expect_status 200
pycheck 'if j["id"] != int(A[0]) or len(j["results"]) != 2 or [x["no"] for x in j["results"][0]["measures"]] != [1] or j["results"][0]["hits"][0]["record"] != A[1] or j["results"][1]["found"]:
    bad("the stored check differs: %r" % j)' "$CHECK1" "$RECORD_A"
desc "GET /api/v1/checks/$CHECK1 as dept_user of 财政局"
get "/api/v1/checks/$CHECK1" -H "Cookie: xy_session=${SESS[fin]}"
expect_status 200
desc "GET /api/v1/checks/$CHECK1 as dept_user of another department"
get "/api/v1/checks/$CHECK1" -H "Cookie: xy_session=${SESS[mkt]}"
expect_error 404 NOT_FOUND
desc "GET /api/v1/checks/$CHECK_MKT (市场监管's) as the 财政局 token"
get "/api/v1/checks/$CHECK_MKT" -H "Authorization: Bearer $TOKEN"
expect_error 404 NOT_FOUND
desc "GET /api/v1/checks/999999"
get /api/v1/checks/999999 -H "Authorization: Bearer $TOKEN"
expect_error 404 NOT_FOUND
desc "POST /api/v1/checks as the subject"
post_json /api/v1/checks "$(body gov_procurement "$ORG_A")" -H "Cookie: xy_session=${SESS[subj]}" -H "X-CSRF-Token: ${CSRF[subj]}"
expect_error 403 DENIED

# ---------------------------------------------------------------- 4. objection and list change
t "an entry under objection shows disputed; a list change raises the list version"
desc "POST /api/v1/cases objection on ORG_A's entry as its subject"
post_json /api/v1/cases "$(python3 -c 'import json, sys; print(json.dumps({"kind": "objection", "record": sys.argv[1], "ground": "wrong", "statement": "核查测试：案件已执行完毕"}))' "$RECORD_A")" \
    -H "Cookie: xy_session=${SESS[subj]}" -H "X-CSRF-Token: ${CSRF[subj]}"
expect_status 201
{
    echo 'XDR_MC,XDR_LB,XDR_SHXYM,FRDB,AH,ZXFY,ZXYJWH,ZCZXYJDW,YW,LXQK,SXQX,LARQ,FBSJ'
    sx_row "$ORG_L" 广州核查丁建设有限公司 "（2026）粤01执200号" 2026-11-20
} >"$T/sx2.csv"
"$XY" ingest --quiet --dept "$COURT" --item sxbzxr "$T/sx2.csv" >"$T/ingest.out" 2>&1 ||
    fail "ingest of a new list entry: $(cat "$T/ingest.out")"
desc "POST /api/v1/checks gov_procurement [ORG_A, ORG_L] after the objection and the new entry"
tcheck "$(body gov_procurement "$ORG_A" "$ORG_L")"
expect_status 201
pycheck 'a, l = j["results"]
if len(a["hits"]) != 1 or a["hits"][0]["disputed"] is not True: bad("ORG_A under objection: %r" % a["hits"])
if len(l["hits"]) != 1 or l["hits"][0]["document"] != "（2026）粤01执200号": bad("ORG_L: %r" % l["hits"])
if not j["list_version"] > int(A[0]): bad("list_version %r after a list change, before %s" % (j["list_version"], A[0]))' "$V1"

# ---------------------------------------------------------------- 5. bad input
t "bad input: 400 with the field"
desc "unknown scenario"
tcheck "$(body bid "$ORG_A")"
expect_error 400 INVALID scenario
desc "a bad USCC check character"
tcheck "$(body gov_procurement "$BAD_USCC")"
expect_error 400 INVALID "subjects[0].code"
desc "a bad second subject"
tcheck "$(body gov_procurement "$ORG_A" "$BAD_USCC")"
expect_error 400 INVALID "subjects[1].code"
desc "no subjects"
tcheck '{"scenario": "gov_procurement", "subjects": []}'
expect_error 400 INVALID subjects
desc "no subjects member"
tcheck '{"scenario": "gov_procurement"}'
expect_error 400 INVALID subjects
desc "101 subjects"
tcheck "$(body gov_procurement $(for _ in $(seq 101); do echo "$ORG_A"; done))"
expect_error 400 INVALID subjects
desc "a name without a code"
tcheck '{"scenario": "gov_procurement", "subjects": [{"name": "广州核查甲贸易有限公司"}]}'
expect_error 400 INVALID "subjects[0].code"
pycheck 'if "名称" not in j["error"]["message"]: bad("the message does not say name-only matching is not available: %r" % j["error"]["message"])'
desc "an unknown subject type"
tcheck '{"scenario": "gov_procurement", "subjects": [{"code": "'"$ORG_A"'", "type": "robot"}]}'
expect_error 400 INVALID "subjects[0].type"
desc "a code that is a number"
tcheck '{"scenario": "gov_procurement", "subjects": [{"code": 5}]}'
expect_error 400 INVALID "subjects[0].code"
desc "an ID number with a wrong check character is not echoed"
BAD_ID=${PERSON_ID:0:17}$(if [ "${PERSON_ID:17}" = 0 ]; then echo 1; else echo 0; fi)
tcheck "$(body gov_procurement "$BAD_ID")"
expect_error 400 INVALID "subjects[0].code"
grep -q "${BAD_ID:0:10}" "$B" && fail "the bad ID number is echoed: $(head -c 200 "$B")" || ok

# ---------------------------------------------------------------- 6. the audit trail
t "every check is in the audit trail as check.run"
n=$("$XY" audit search --action check.run --json 2>/dev/null | python3 -c 'import json, sys
d = json.load(sys.stdin)
rows = d if isinstance(d, list) else d.get("rows", [])
print(len(rows))' 2>/dev/null || echo 0)
[ "${n:-0}" -ge 8 ] && ok || fail "check.run audit rows: ${n:-0}, expected one per subject found"

# ---------------------------------------------------------------- 7. privacy
t "no ID number in any answer or in the server's log"
python3 - "$T" "$T/city.json" <<'EOF' && ok || fail "personal data in an answer: see above"
import glob, json, os, re, sys
T, city = sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8"))
idnos = set(city["idnos"])
bad = []
files = glob.glob(os.path.join(T, "b.*")) + glob.glob(os.path.join(T, "serve.*.log"))
for p in files:
    text = open(p, encoding="utf-8", errors="replace").read()
    for m in re.findall(r"[0-9]{17}[0-9Xx]", text):
        if m in idnos:
            bad.append("%s holds the ID number %s…" % (os.path.basename(p), m[:6]))
if len(files) < 20:
    bad.append("only %d answers scanned" % len(files))
for b in bad[:10]:
    print(b, file=sys.stderr)
sys.exit(1 if bad else 0)
EOF

t "every answer of this script conforms to web/openapi.json"
check_samples

finish
