#!/bin/bash
# checks.sh - a department checks subjects before it acts (issue 6, POST /api/v1/checks), against
# the real `xinyong serve` on a small generated city:
#   an exact-code hit on a 失信被执行人 entry with the measures for gov_procurement for the asking
#   department (广州市财政局, which the measures name) and none for another department; a miss; an
#   A级纳税人 (red list) hit that gets reward measures only; an entry past its exit date is no
#   hit; an entry under objection shows disputed; scenario filtering; the list version rising
#   after a list change; GET of a check by its department (another department: 404); checks by
#   name alone (full-width letters, traditional characters, a changed suffix, a branch against its
#   head office, numbered names, an entry past its exit date, an entry under objection, measures
#   filtered by scenario and department), a code with a name that differs, persons refused by
#   name; a subject whose only entry waits for a second approval: by name no match at all, by code
#   like a known subject without entries (and a hit once approved); the department's check list;
#   bad input (unknown scenario, a bad USCC check character, no subjects, 101 subjects, neither
#   code nor name, an ID number or a control character in a name) answered 400 with the field and
#   nothing stored; a batch screening with such a name reports the row masked; audit rows for
#   checks, batch hits, reads of a check (the department's and the credit office's) and the list;
#   no ID number in any answer or in the server's log.
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
ORG_N1=$(uscc 6) # 广州核查华兴贸易有限公司: found by name (traditional, suffix, branch)
ORG_N2=$(uscc 7) # 广州核查第一建筑工程有限公司: numbers in names
ORG_N3=$(uscc 8) # 广州核查ABC科技有限公司: full-width letters
ORG_P=$(uscc 9) # 广州核查待审贸易有限公司: a black-list addition waiting for a second approval
ID_IN_NAME=440111195109133712 # an ID number a clerk types into a name (never stored)
BAD_USCC=${ORG_A:0:17}$(if [ "${ORG_A:17}" = 0 ]; then echo 1; else echo 0; fi)
PERSON_ID=$(city 'c["persons"][0]["id"]')
[ -n "$PERSON_ID" ] || { echo "the city has no person" >&2; exit 1; }

sx_row() { # CODE NAME CASE_NO DATE
    echo "$2,法人及非法人组织,$1,张三,$3,广州市中级人民法院,（2025）粤01民初1号,广州市中级人民法院,支付货款人民币50万元,全部未履行,有履行能力而拒不履行生效法律文书确定义务,2026/01/10,${4//-//}"
}
{
    echo 'XDR_MC,XDR_LB,XDR_SHXYM,FRDB,AH,ZXFY,ZXYJWH,ZCZXYJDW,YW,LXQK,SXQX,LARQ,FBSJ'
    sx_row "$ORG_A" 广州核查甲贸易有限公司 "（2026）粤01执100号" 2026-06-01
    sx_row "$ORG_N1" 广州核查华兴贸易有限公司 "（2026）粤01执101号" 2026-06-02
    sx_row "$ORG_N2" 广州核查第一建筑工程有限公司 "（2026）粤01执102号" 2026-06-03
    sx_row "$ORG_N3" 广州核查ABC科技有限公司 "（2026）粤01执103号" 2026-06-04
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
PW[k-sub]=$(add_user k-sub submitter --dept "$COURT") # uploads a black-list addition: it waits
PW[k-rev]=$(add_user k-rev reviewer)                  # approves it
PW[k-off]=$(add_user k-off office)                    # the credit office reads every check
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
login sub k-sub
login rev k-rev
login off k-off
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
    if not req_keys(j, ["id", "kind", "state", "scenario", "scenario_name", "list_version", "checked_at", "subjects", "hits", "results_scope", "next_from", "results"], "check"): return False
    for r in j["results"]:
        if not req_keys(r, ["subject_no", "code", "name", "found", "hits", "measures"], "result"): return False
        for h in r["hits"]:
            req_keys(h, ["list", "list_kind", "list_name", "record", "entry_date", "end_date", "document", "disputed", "score", "reasons", "matched_name"], "hit")
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
        if h["score"] != 100 or h["reasons"] != "统一社会信用代码一致" or h["matched_name"] is not None: bad("a code hit: score %r reasons %r matched_name %r" % (h["score"], h["reasons"], h["matched_name"]))
    if j["kind"] != "api" or j["state"] != "done" or j["subjects"] != 2 or j["hits"] != 1 or j["results_scope"] != "all": bad("header %r" % {k: j[k] for k in ("kind", "state", "subjects", "hits", "results_scope")})
    if [r["subject_no"] for r in j["results"]] != [0, 1]: bad("subject_no %r" % [r["subject_no"] for r in j["results"]])
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

# ---------------------------------------------------------------- 2b. checks by name
# nbody SCENARIO NAME...: subjects given by name alone
nbody() {
    python3 -c 'import json, sys; print(json.dumps({"scenario": sys.argv[1], "subjects": [{"name": n} for n in sys.argv[2:]]}))' "$@"
}
# NAMEHIT: the one hit of result r is the entry of the listed name, with score and a reason
NAMEHIT='
def name_hit(r, listed, score, reason):
    if not r["found"] or len(r["hits"]) != 1:
        bad("%s: found %r, %d hits" % (r["name"], r["found"], len(r["hits"]))); return
    h = r["hits"][0]
    if h["matched_name"] != listed: bad("%s: matched_name %r, expected %r" % (r["name"], h["matched_name"], listed))
    if h["score"] != score: bad("%s: score %r, expected %r" % (r["name"], h["score"], score))
    if reason not in (h["reasons"] or ""): bad("%s: reasons %r lack %r" % (r["name"], h["reasons"], reason))
    if r["code"] is not None: bad("%s: a code %r for a subject given by name" % (r["name"], r["code"]))
def no_hit(r):
    if r["hits"] or r["measures"]: bad("%s: hits %r" % (r["name"], [h["matched_name"] for h in r["hits"]]))
'
t "a name alone finds the listed subject: full-width letters, traditional characters, a changed suffix"
desc "POST /api/v1/checks gov_procurement by names"
tcheck "$(nbody gov_procurement 广州核查ＡＢＣ科技有限公司 廣州核查華興貿易有限公司 广州核查华兴贸易有限责任公司 广州核查甲贸易有限公司)"
expect_status 201
pycheck "$SHAPE$NAMEHIT"'
if shape(j):
    fw, tr, sfx, a = j["results"]
    name_hit(fw, "广州核查ABC科技有限公司", 100, "全角半角转换后相同")
    name_hit(tr, "广州核查华兴贸易有限公司", 100, "繁简转换后相同")
    name_hit(sfx, "广州核查华兴贸易有限公司", 98, "企业组织形式写法不同但含义相同")
    name_hit(a, "广州核查甲贸易有限公司", 100, "名称核心部分相同")
    if fw["name"] != "广州核查ＡＢＣ科技有限公司": bad("the name as given: %r" % fw["name"])
    # scenario and department filtering hold for name hits as for code hits
    if [x["no"] for x in a["measures"]] != [1]: bad("measures of the name hit %r, expected [1]" % [x["no"] for x in a["measures"]])
    if a["hits"][0]["list"] != "sxbzxr" or a["hits"][0]["document"] != "（2026）粤01执100号": bad("ORG_A by name: %r" % a["hits"][0])'
CHECK_NAMES=$(jv 'j["id"]')

t "a branch is not its head office; a numbered name hits only the same number"
desc "POST /api/v1/checks gov_procurement by names: a branch, 第二 against 第一, 第1 against 第一"
tcheck "$(nbody gov_procurement 广州核查华兴贸易有限公司天河分公司 广州核查第二建筑工程有限公司 广州核查第1建筑工程有限公司)"
expect_status 201
pycheck "$NAMEHIT"'
br, two, one = j["results"]
no_hit(br)
no_hit(two)
name_hit(one, "广州核查第一建筑工程有限公司", 100, "名称核心部分相同")'

t "by name: an entry past its exit date is no hit; scenario and department filter the measures"
desc "POST /api/v1/checks licensing by the name of ORG_C (A级纳税人 until 2025-03-31) and ORG_B"
tcheck "$(nbody licensing 广州核查丙实业有限公司 广州核查乙科技有限公司)"
expect_status 201
pycheck "$NAMEHIT"'
c, b = j["results"]
no_hit(c)
if c["found"]: bad("ORG_C has no entry in effect: found should be false by name")
name_hit(b, "广州核查乙科技有限公司", 100, "名称核心部分相同")
if [x["no"] for x in b["measures"]] != [38, 39, 40]: bad("ORG_B licensing measures by name %r" % [x["no"] for x in b["measures"]])'
desc "POST /api/v1/checks gov_procurement by the name of ORG_A as 市场监管: the hit without 财政局's measure"
scheck mkt "$(nbody gov_procurement 广州核查甲贸易有限公司)"
expect_status 201
pycheck 'r = j["results"][0]
if len(r["hits"]) != 1 or r["measures"]: bad("ORG_A by name for 市场监管: hits %d measures %r" % (len(r["hits"]), r["measures"]))'

t "code and name: the code decides, a name that differs is pointed out"
desc "POST /api/v1/checks gov_procurement [ORG_A with its name, ORG_A with another name]"
tcheck '{"scenario": "gov_procurement", "subjects": [{"code": "'"$ORG_A"'", "name": "广州核查甲贸易有限责任公司"}, {"code": "'"$ORG_A"'", "name": "深圳某某物业管理有限公司"}]}'
expect_status 201
pycheck 'same, other = j["results"]
if len(same["hits"]) != 1 or same["hits"][0]["reasons"] != "统一社会信用代码一致": bad("the same name: %r" % same["hits"])
if len(other["hits"]) != 1 or other["hits"][0]["reasons"] != "统一社会信用代码一致；名称与登记名称不一致" or other["hits"][0]["score"] != 100: bad("another name: %r" % other["hits"])'

t "persons are checked by ID number only: a person by name is refused"
desc "a person given by name"
tcheck '{"scenario": "gov_procurement", "subjects": [{"name": "张三丰", "type": "person"}]}'
expect_error 400 INVALID "subjects[0].code"
pycheck 'if "自然人须凭身份证号码核查" not in j["error"]["message"] or "张三丰" in j["error"]["message"]: bad("message %r" % j["error"]["message"])'
desc "a name that reads as a person's name"
tcheck '{"scenario": "gov_procurement", "subjects": [{"code": "'"$ORG_A"'"}, {"name": "李小明"}]}'
expect_error 400 INVALID "subjects[1].name"
pycheck 'if "李小明" in j["error"]["message"]: bad("the name is echoed: %r" % j["error"]["message"])'
desc "a name with nothing to match"
tcheck '{"scenario": "gov_procurement", "subjects": [{"name": "（有限公司）"}]}'
expect_error 400 INVALID "subjects[0].name"
desc "a name of 201 characters"
tcheck "$(nbody gov_procurement "$(python3 -c 'print("华" * 201)')")"
expect_error 400 INVALID "subjects[0].name"

# ---------------------------------------------------------------- 2c. an addition that waits
t "a subject whose only entry waits for approval: by name no match, by code like a known subject"
{
    echo 'XDR_MC,XDR_LB,XDR_SHXYM,FRDB,AH,ZXFY,ZXYJWH,ZCZXYJDW,YW,LXQK,SXQX,LARQ,FBSJ'
    sx_row "$ORG_P" 广州核查待审贸易有限公司 "（2026）粤01执400号" 2026-11-24
} >"$T/pending.csv"
desc "POST /api/v1/batches sxbzxr pending.csv as the court's submitter"
req POST "/api/v1/batches?item=sxbzxr&name=pending.csv" -H "Cookie: xy_session=${SESS[sub]}" \
    -H "X-CSRF-Token: ${CSRF[sub]}" -H 'Content-Type: text/csv' -H 'Expect:' --data-binary "@$T/pending.csv"
expect_status 202
UP=$(jv 'j.get("id", "")')
for _ in $(seq 200); do
    get "/api/v1/batches/$UP" -H "Cookie: xy_session=${SESS[sub]}"
    case "$(jv 'j.get("status", "")')" in done | failed) break ;; esac
    sleep 0.1
done
[ "$(jv 'j.get("status", "")')" = done ] && ok || fail "the upload of the addition: $(head -c 300 "$B")"
n=$(sqlite3 "$XINYONG_DB" "SELECT count(*) FROM cases WHERE kind = 'list_add' AND pending = 1")
[ "$n" = 1 ] && ok || fail "pending additions in the database: $n, expected 1"
desc "POST /api/v1/checks gov_procurement by the waiting subject's name and by a name nobody bears"
tcheck "$(nbody gov_procurement 广州核查待审贸易有限公司 广州核查无此贸易有限公司)"
expect_status 201
pycheck 'p, none = j["results"]
if p["found"] or p["hits"] or p["measures"]: bad("the waiting subject by name: %r" % p)
strip = lambda r: {k: v for k, v in r.items() if k not in ("subject_no", "name")}
if strip(p) != strip(none): bad("the waiting subject differs from no match: %r / %r" % (p, none))'
CHECK_PENDING=$(jv 'j["id"]')
get "/api/v1/checks/$CHECK_PENDING" -H "Authorization: Bearer $TOKEN"
pycheck 'if j["results"][0]["found"] or j["results"][0]["hits"]: bad("stored: %r" % j["results"][0])'
desc "POST /api/v1/checks gov_procurement [ORG_P, ORG_C]: waiting entry, entry past its exit date"
tcheck "$(body gov_procurement "$ORG_P" "$ORG_C")"
expect_status 201
pycheck 'p, c = j["results"]
if not p["found"] or p["hits"] or p["measures"]: bad("the waiting subject by code: %r" % p)
strip = lambda r: {k: v for k, v in r.items() if k not in ("subject_no", "code")}
if strip(p) != strip(c): bad("the waiting subject differs from a known one without entries: %r / %r" % (p, c))'
desc "GET /api/v1/subjects/$ORG_P: the public page knows the subject as well"
get "/api/v1/subjects/$ORG_P"
expect_status 200
desc "POST /api/v1/approvals/{id} approve as the reviewer, then the name finds the entry"
get "/api/v1/approvals?state=pending" -H "Cookie: xy_session=${SESS[rev]}"
APPROVAL=$(jv '[it["id"] for it in j["items"] if any(f["value"] == "（2026）粤01执400号" for f in it["record"]["fields"])][0]')
post_json "/api/v1/approvals/$APPROVAL" '{"decision": "approve"}' -H "Cookie: xy_session=${SESS[rev]}" -H "X-CSRF-Token: ${CSRF[rev]}"
expect_status 200
tcheck "$(nbody gov_procurement 广州核查待审贸易有限公司)"
expect_status 201
pycheck "$NAMEHIT"'
name_hit(j["results"][0], "广州核查待审贸易有限公司", 100, "名称核心部分相同")'

# ---------------------------------------------------------------- 3. reading a check
t "GET /api/v1/checks/{id}: the department's token and accounts; another department 404"
desc "GET /api/v1/checks/$CHECK1 as the token"
get "/api/v1/checks/$CHECK1" -H "Authorization: Bearer $TOKEN"
expect_status 200
pycheck 'if j["id"] != int(A[0]) or len(j["results"]) != 2 or [x["no"] for x in j["results"][0]["measures"]] != [1] or j["results"][0]["hits"][0]["record"] != A[1] or j["results"][1]["found"]:
    bad("the stored check differs: %r" % j)' "$CHECK1" "$RECORD_A"
desc "GET /api/v1/checks/$CHECK_NAMES: the names, scores and reasons are kept"
get "/api/v1/checks/$CHECK_NAMES" -H "Authorization: Bearer $TOKEN"
expect_status 200
pycheck "$SHAPE$NAMEHIT"'
if shape(j):
    fw, tr, sfx, a = j["results"]
    name_hit(sfx, "广州核查华兴贸易有限公司", 98, "企业组织形式写法不同但含义相同")
    name_hit(tr, "广州核查华兴贸易有限公司", 100, "繁简转换后相同")
    if [r["name"] for r in j["results"]] != ["广州核查ＡＢＣ科技有限公司", "廣州核查華興貿易有限公司", "广州核查华兴贸易有限责任公司", "广州核查甲贸易有限公司"]: bad("names %r" % [r["name"] for r in j["results"]])'
desc "GET /api/v1/checks/$CHECK_NAMES?limit=2: a page of two subjects"
get "/api/v1/checks/$CHECK_NAMES?limit=2" -H "Authorization: Bearer $TOKEN"
expect_status 200
pycheck 'if [r["subject_no"] for r in j["results"]] != [0, 1] or j["next_from"] != 2: bad("page: %r next_from %r" % ([r["subject_no"] for r in j["results"]], j["next_from"]))'
get "/api/v1/checks/$CHECK_NAMES?from=2&limit=2" -H "Authorization: Bearer $TOKEN"
pycheck 'if [r["subject_no"] for r in j["results"]] != [2, 3] or j["next_from"] is not None: bad("page 2: %r next_from %r" % ([r["subject_no"] for r in j["results"]], j["next_from"]))'
desc "GET /api/v1/checks/$CHECK_NAMES?limit=0"
get "/api/v1/checks/$CHECK_NAMES?limit=0" -H "Authorization: Bearer $TOKEN"
expect_error 400 INVALID limit
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
desc "POST /api/v1/checks gov_procurement by the names of ORG_A and ORG_L"
tcheck "$(nbody gov_procurement 广州核查甲贸易有限公司 广州核查丁建设有限公司)"
expect_status 201
pycheck 'a, l = j["results"]
if len(a["hits"]) != 1 or a["hits"][0]["disputed"] is not True: bad("ORG_A by name under objection: %r" % a["hits"])
if len(l["hits"]) != 1 or l["hits"][0]["document"] != "（2026）粤01执200号": bad("ORG_L by name after the list change: %r" % l["hits"])'

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
desc "neither a code nor a name"
tcheck '{"scenario": "gov_procurement", "subjects": [{"type": "enterprise"}]}'
expect_error 400 INVALID "subjects[0].code"
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

t "a name holding an ID number or a control character is refused, not echoed, nothing stored"
CHECKS_BEFORE=$(sqlite3 "$XINYONG_DB" "SELECT count(*) FROM checks")
for nm in "$ID_IN_NAME" "广州核查甲贸易有限公司$ID_IN_NAME" "广州核查甲贸易有限公司４４０１１１１９５１０９１３３７１２"; do
    desc "a name with an ID number (${nm:0:8}…)"
    tcheck "$(nbody gov_procurement "$nm")"
    expect_error 400 INVALID "subjects[0].name"
    grep -q "${ID_IN_NAME:0:10}" "$B" && fail "the ID number is echoed: $(head -c 200 "$B")" || ok
    desc "the same name with a code"
    tcheck '{"scenario": "gov_procurement", "subjects": [{"code": "'"$ORG_A"'", "name": "'"$nm"'"}]}'
    expect_error 400 INVALID "subjects[0].name"
done
desc "a name with a line break"
tcheck '{"scenario": "gov_procurement", "subjects": [{"name": "广州核查甲贸易\n有限公司"}]}'
expect_error 400 INVALID "subjects[0].name"
n=$(sqlite3 "$XINYONG_DB" "SELECT count(*) FROM check_hits WHERE name LIKE '%${ID_IN_NAME:6:8}%' OR name LIKE '%１９５１０９１３%'")
[ "$n" = 0 ] && ok || fail "check_hits holds $n names with the ID number"
[ "$(sqlite3 "$XINYONG_DB" "SELECT count(*) FROM checks")" = "$CHECKS_BEFORE" ] && ok || fail "a refused check was stored"
for f in "$XINYONG_DB" "$XINYONG_DB-wal"; do
    [ -f "$f" ] || continue
    ! grep -aq "$ID_IN_NAME" "$f" && ok || fail "$(basename "$f") holds the ID number typed into a name"
done

# ---------------------------------------------------------------- 5b. the check list
t "GET /api/v1/checks: the department's checks, newest first, paged; another department's are not there"
desc "GET /api/v1/checks as the 财政局 token"
get /api/v1/checks -H "Authorization: Bearer $TOKEN"
expect_status 200
pycheck 'ids = [c["id"] for c in j["checks"]]
if ids != sorted(ids, reverse=True) or not ids: bad("not newest first: %r" % ids)
if int(A[0]) in ids: bad("市场监管'"'"'s check %s is in 财政局'"'"'s list" % A[0])
if int(A[1]) not in ids: bad("the check %s is missing" % A[1])
for c in j["checks"]:
    for k in ("id", "kind", "state", "scenario", "scenario_name", "department", "asked_by", "checked_at", "subjects", "hits", "list_version"):
        if k not in c: bad("a check lacks %s" % k)
    if c["department"] != "广州市财政局": bad("department %r" % c["department"])' "$CHECK_MKT" "$CHECK1"
FIRST=$(jv 'j["checks"][0]["id"]')
desc "GET /api/v1/checks?limit=1 and ?before="
get "/api/v1/checks?limit=1" -H "Authorization: Bearer $TOKEN"
pycheck 'if len(j["checks"]) != 1 or not j["has_more"] or j["checks"][0]["id"] != int(A[0]): bad("limit=1: %r" % j)' "$FIRST"
get "/api/v1/checks?before=$FIRST&limit=100" -H "Authorization: Bearer $TOKEN"
pycheck 'if any(c["id"] >= int(A[0]) for c in j["checks"]) or not j["checks"]: bad("before: %r" % [c["id"] for c in j["checks"]])' "$FIRST"
desc "GET /api/v1/checks as 市场监管: its own only"
get /api/v1/checks -H "Cookie: xy_session=${SESS[mkt]}"
expect_status 200
pycheck 'if not j["checks"] or any(c["department"] != j["checks"][0]["department"] for c in j["checks"]) or int(A[0]) in [c["id"] for c in j["checks"]]: bad("市场监管 sees %r" % [(c["id"], c["department"]) for c in j["checks"]])' "$CHECK1"
desc "GET /api/v1/checks?limit=0 and ?before=x"
get "/api/v1/checks?limit=0" -H "Authorization: Bearer $TOKEN"
expect_error 400 INVALID limit
get "/api/v1/checks?before=x" -H "Authorization: Bearer $TOKEN"
expect_error 400 INVALID before
desc "GET /api/v1/checks as the subject"
get /api/v1/checks -H "Cookie: xy_session=${SESS[subj]}"
expect_error 403 DENIED

# ---------------------------------------------------------------- 6. the audit trail
t "every check is in the audit trail as check.run"
n=$("$XY" audit search --action check.run --json 2>/dev/null | python3 -c 'import json, sys
d = json.load(sys.stdin)
rows = d if isinstance(d, list) else d.get("rows", [])
print(len(rows))' 2>/dev/null || echo 0)
[ "${n:-0}" -ge 8 ] && ok || fail "check.run audit rows: ${n:-0}, expected one per subject found"

# audit ACTION: the audit rows of ACTION as JSON lines [target, subject_id, actor]
audit() {
    "$XY" audit search --action "$1" --limit 1000 --json 2>/dev/null | python3 -c 'import json, sys
d = json.load(sys.stdin)
for r in d if isinstance(d, list) else d.get("rows", []):
    print(json.dumps([r.get("target"), r.get("subject_id"), r.get("actor")]))'
}
# subject_of CHECK: the subject ids of the check's hits
subject_of() { sqlite3 "$XINYONG_DB" "SELECT DISTINCT subject_id FROM check_hits WHERE check_id = $1 AND record_id <> 0 ORDER BY 1"; }

t "a read of a check is audited with the subjects of the hits it showed, the credit office's too"
SUBJ_A=$(subject_of "$CHECK1")
[ -n "$SUBJ_A" ] || fail "no subject for the hit of check $CHECK1"
before=$(audit check.read | grep -c "\"check:$CHECK1\", $SUBJ_A,")
desc "GET /api/v1/checks/$CHECK1 as the token, then as the credit office"
get "/api/v1/checks/$CHECK1" -H "Authorization: Bearer $TOKEN"
expect_status 200
get "/api/v1/checks/$CHECK1" -H "Cookie: xy_session=${SESS[off]}"
expect_status 200
after=$(audit check.read | grep -c "\"check:$CHECK1\", $SUBJ_A,")
[ "$after" -eq $((before + 2)) ] && ok || fail "check.read rows for check $CHECK1 and its subject: $before then $after"
audit check.read | grep -q "\"check:$CHECK1\", $SUBJ_A, \"k-off\"" && ok || fail "the credit office's read is not audited"
desc "GET /api/v1/checks/$CHECK_PENDING (no hit): one row without a subject"
get "/api/v1/checks/$CHECK_PENDING" -H "Authorization: Bearer $TOKEN"
expect_status 200
audit check.read | grep -q "\"check:$CHECK_PENDING\", null," && ok || fail "no check.read row for a check without hits"
desc "GET /api/v1/checks as the credit office: check.list"
before=$(audit check.list | grep -c '"k-off"')
get /api/v1/checks -H "Cookie: xy_session=${SESS[off]}"
expect_status 200
pycheck 'if len({c["department"] for c in j["checks"]}) < 2: bad("the credit office sees one department only: %r" % {c["department"] for c in j["checks"]})'
after=$(audit check.list | grep -c '"k-off"')
[ "$after" -eq $((before + 1)) ] && ok || fail "check.list rows of the credit office: $before then $after"

t "a batch screening: one check.run row per subject with a hit; a name with an ID number is a bad row, masked"
{
    echo '统一社会信用代码,名称'
    echo "$ORG_A,"
    echo "$ORG_M,"
    echo ",$ID_IN_NAME"
    echo ",广州核查华兴贸易有限公司"
} >"$T/batch.csv"
desc "POST /api/v1/screens gov_procurement batch.csv as the token"
req POST "/api/v1/screens?scenario=gov_procurement&file_name=batch.csv" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: text/csv' -H 'Expect:' --data-binary "@$T/batch.csv"
expect_status 202
JOB=$(jv 'j["id"]')
for _ in $(seq 300); do
    get "/api/v1/screens/$JOB" -H "Authorization: Bearer $TOKEN"
    case "$(jv 'j.get("state", "")')" in done | failed) break ;; esac
    sleep 0.1
done
pycheck 'if j["state"] != "done" or j["rows_bad"] != 1 or j["hits"] != 2: bad("job %r" % {k: j.get(k) for k in ("state", "rows_bad", "hits", "error")})'
BATCH_CHECK=$(jv 'j["check_id"]')
get "/api/v1/screens/$JOB/errors" -H "Authorization: Bearer $TOKEN"
expect_status 200
python3 - "$B" "$ID_IN_NAME" <<'EOF' && ok || fail "the error report: see above"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
text = open(sys.argv[1], encoding="utf-8-sig").read()
bad = []
if [r[:2] for r in rows[1:]] != [["4", "名称"]]: bad.append("rows %r" % rows[1:])
if sys.argv[2][:10] in text: bad.append("the ID number is in the report in the clear")
for b in bad: print(b, file=sys.stderr)
sys.exit(1 if bad else 0)
EOF
want=$(subject_of "$BATCH_CHECK" | sort | tr '\n' ' ')
got=$(audit check.run | python3 -c 'import json, sys
print(" ".join(sorted(str(r[1]) for r in map(json.loads, sys.stdin) if r[0] == "check:" + sys.argv[1])))' "$BATCH_CHECK")
[ "$(echo "$want" | wc -w)" -eq 2 ] && [ "$got" = "$(echo $want)" ] && ok ||
    fail "check.run rows of the batch: subjects [$got], expected one per subject with a hit [$want]"

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
