#!/bin/bash
# cases.sh - objections (异议), credit repair (信用修复) and court removals over HTTP (issue 5),
# against the real `xinyong serve` on a small generated city with the demo accounts:
#   an objection end to end (filed, accepted, referred, corrected by the record's department: a
#   new version with its history, 有异议 while open, a notification per change of state, every
#   step in the audit trail); every event where the state does not allow it (409), by the wrong
#   actor (403), without its reasons (400), and withdrawal; credit repair in each window of a
#   penalty (not yet, possible, not needed), one application per record, the grant taking the
#   record off public view and the department's task; a court's report of performance; evidence
#   types, limits and downloads; deadlines from the calendar and the overdue flag (a second server
#   with XY_NOW in the future); no ID number in any case answer, notification or error.
# The records the cases are about are hand-written penalties with decision dates relative to
# "today", ingested for the demo subject's organisation. Today is one fixed day for the CLI and
# the servers (XY_NOW, base/time.c), so that every deadline falls in a year the calendar ships
# and the publicity regime of the decisions does not change with the day the test runs.
# usage: XY=build-hc2/src/xinyong bash tests/api/cases.sh   (KEEP=1 keeps the temp folder)
. "$(dirname "$0")/lib.sh"
export XY_NOW=2026-11-26T02:00:00 # 10:00 in Beijing, Thursday 26 November 2026
TODAY=2026-11-26
LATER=2026-12-16T02:00:00 # 20 days on: every 2-working-day clock started today has run out
setup
setup_city 17 80 120 120
RATE=(XINYONG_HTTP_RATE_PER_MIN=1000000 XINYONG_HTTP_RATE_BURST=1000000)
EVIDENCE_MAX=20000 # remedy.evidence_max_bytes of the servers here

# jget KEY: a field of the JSON object on stdin ("" when absent or null)
jget() {
    python3 -c 'import json, sys; v = json.load(sys.stdin).get(sys.argv[1]); print("" if v is None else v)' "$1"
}
# workdays N [FROM]: the N-th working day after FROM (today), by the CLI's calendar
workdays() { "$XY" calendar add-workdays "${2:-$TODAY}" "$1"; }

# ---------------------------------------------------------------- fixtures (CLI)
SUBJ_ORG=$("$XY" stats --sample)
SUBJ_NAME=$("$XY" stats | awk -v c="$SUBJ_ORG" '$1 == c {print $2; exit}')
DEMO_OUT=$("$XY" user demo --out "$T/demo.txt" 2>&1) || { echo "user demo: $DEMO_OUT" >&2; exit 1; }
DEMO_DEPT=$(echo "$DEMO_OUT" | sed -n 's/^部门账号属于 \([0-9A-Z]\{18\}\) .*/\1/p')
[ -n "$SUBJ_ORG" ] && [ -n "$SUBJ_NAME" ] && [ -n "$DEMO_DEPT" ] ||
    { echo "no demo subject or department: $DEMO_OUT / $SUBJ_ORG $SUBJ_NAME" >&2; exit 1; }
declare -A PW
while IFS=$'\t' read -r login role pw _; do
    case "$login" in demo-*) PW[$login]=$pw ;; esac
done <"$T/demo.txt"

# The penalties' department: one that provides xzcf other than the demo department when there is
# one (so that the demo department's accounts are "another department"); the court of the
# city's 失信被执行人 entries; a department with items that is neither.
PEN_DEPT=$(city '([d["code"] for d in c["depts"] if "xzcf" in d["items"] and d["code"] != "'"$DEMO_DEPT"'"] + [d["code"] for d in c["depts"] if "xzcf" in d["items"]])[0]')
PEN_NAME=$(city '[d["name"] for d in c["depts"] if d["code"] == "'"$PEN_DEPT"'"][0]')
COURT=$(city '[d["code"] for d in c["depts"] if "sxbzxr" in d["items"]][0]')
OTHER_DEPT=$(city '[d["code"] for d in c["depts"] if d["items"] and d["code"] not in ("'"$PEN_DEPT"'", "'"$COURT"'")][0]')
OTHER_ORG=$(city '[o["code"] for o in c["orgs"] if o["uscc"][:2] == "91" and o["code"] != "'"$SUBJ_ORG"'"][0]')
OTHER_NAME=$(city '[o["name"] for o in c["orgs"] if o["code"] == "'"$OTHER_ORG"'"][0]')
[ -n "$PEN_DEPT" ] && [ -n "$COURT" ] && [ -n "$OTHER_DEPT" ] && [ -n "$OTHER_ORG" ] ||
    { echo "the city lacks a department or an organisation the test needs" >&2; exit 1; }

# add_user LOGIN ROLE [--dept USCC]: prints the new account's password
add_user() {
    local login=$1 role=$2
    shift 2
    "$XY" user add "$login" --role "$role" --name 测试账号 --generate --json "$@" | jget password ||
        { echo "user add $login failed" >&2; exit 1; }
}
PW[c-dept]=$(add_user c-dept dept_user --dept "$PEN_DEPT")     # the penalties' department
PW[c-other]=$(add_user c-other dept_user --dept "$OTHER_DEPT") # another department
PW[c-court]=$(add_user c-court dept_user --dept "$COURT")     # the court of the list entries
PW[c-subj2]=$(add_user c-subj2 subject)                        # a second subject
"$XY" user verify c-subj2 --code "$OTHER_ORG" --name "$OTHER_NAME" --evidence 营业执照副本 >/dev/null ||
    { echo "user verify c-subj2 failed" >&2; exit 1; }

# Penalties of the demo subject's organisation by PEN_DEPT, decided on the 10th of a month some
# months ago (the 10th: every month has it). With a fine (罚款, general) the minimum publicity
# period is 3 months in the 2021 and 2026 regimes, the maximum 12 (2026) or 36 (2021) months:
#   OBJ, W1..W5, EVI: a month ago (public; objections); NOTYET: a month ago (repair not yet
#   possible); POSSIBLE: 5 months ago (between minimum and maximum); GRANT: 6 months ago;
#   NOTNEEDED: 40 months ago (past every maximum, not yet archived).
month_ago() { date -d "${TODAY%-*}-10 -$1 month" +%Y-%m-%d; }
lb_of() { case "$1" in 92*) echo 个体工商户 ;; *) echo 法人及非法人组织 ;; esac; }
declare -A DECIDED=([OBJ]=1 [W1]=1 [W2]=1 [W3]=1 [W4]=1 [W5]=1 [EVI]=1 [NOTYET]=1 [POSSIBLE]=5
    [GRANT]=6 [NOTNEEDED]=40)
{
    echo 'XDR_MC,XDR_LB,XDR_SHXYM,FRDB,CF_WSH,CF_WFXW,CF_SY,CF_YJ,CF_CFLB,CF_NR,CF_NR_FK,CF_JDRQ,CF_CFJG,CF_CFJGDM,CF_SJLY,CF_SJLYDM'
    for x in "${!DECIDED[@]}"; do
        d=$(month_ago "${DECIDED[$x]}")
        echo "$SUBJ_NAME,$(lb_of "$SUBJ_ORG"),$SUBJ_ORG,张三,案件测试罚〔2026〕$x号,无照经营,经查，当事人未取得营业执照擅自经营。,《无证无照经营查处办法》第十三条,罚款,罚款人民币15000元。,1.5,${d//-//},$PEN_NAME,$PEN_DEPT,$PEN_NAME,$PEN_DEPT"
    done
} >"$T/xzcf-cases.csv"
"$XY" ingest --quiet --dept "$PEN_DEPT" --item xzcf "$T/xzcf-cases.csv" >"$T/ingest.out" 2>&1 ||
    { echo "ingest of the penalties failed: $(cat "$T/ingest.out")" >&2; exit 1; }
# the first day a repair may be asked for: the day after 3 months from the decision
repair_from() { date -d "$(month_ago "$1") +3 month" +%Y-%m-%d; }

# ---------------------------------------------------------------- helpers (HTTP)
declare -A SESS CSRF
# login WHO LOGIN: a session for LOGIN (its password in PW) kept as SESS[WHO], CSRF[WHO]
login() {
    post_json /api/v1/session "$(python3 -c 'import json, sys; print(json.dumps({"login": sys.argv[1], "password": sys.argv[2]}))' "$2" "${PW[$2]}")"
    SESS[$1]=$(hdr Set-Cookie | sed -n 's/^xy_session=\([^;]*\).*/\1/p')
    CSRF[$1]=$(jv 'j.get("csrf_token", "") if isinstance(j, dict) else ""')
    [ "$ST" = 200 ] && [ -n "${SESS[$1]}" ] && ok || fail "login of $2: $ST $(head -c 300 "$B")"
}
login_all() {
    login subject demo-subject
    login reviewer demo-reviewer
    login office demo-office
    login demodept demo-dept-user
    login dept c-dept
    login other c-other
    login court c-court
    login subj2 c-subj2
}
# sreq WHO METHOD PATH [curl args]: with WHO's session cookie, and its CSRF token on writes
sreq() {
    local r=$1 m=$2 p=$3
    shift 3
    local auth=(-H "Cookie: xy_session=${SESS[$r]}")
    [ "$m" = GET ] || auth+=(-H "X-CSRF-Token: ${CSRF[$r]}")
    req "$m" "$p" "${auth[@]}" "$@"
}
# sjson WHO PATH BODY: POST a JSON body as WHO
sjson() { sreq "$1" POST "$2" -H 'Content-Type: application/json' -H 'Expect:' --data-binary "$3"; }
# step WHO CASE EVENT [REASONS]: POST /api/v1/cases/CASE/events
step() {
    local body
    body=$(python3 -c 'import json, sys
d = {"event": sys.argv[1]}
if len(sys.argv) > 2: d["reasons"] = sys.argv[2]
print(json.dumps(d, ensure_ascii=False))' "${@:3}")
    desc "$3 on case $2 as $1"
    sjson "$1" "/api/v1/cases/$2/events" "$body"
}
# file_case WHO BODY: POST /api/v1/cases; CASE is the new id (when 201)
file_case() {
    desc "POST /api/v1/cases $2 as $1"
    sjson "$1" /api/v1/cases "$2"
    CASE=$(jv 'j.get("id", "") if isinstance(j, dict) else ""')
}
objection() { file_case subject '{"kind":"objection","record":"'"$1"'","ground":"wrong","statement":"罚款金额有误，应为 0.8 万元，见缴款凭证"}'; }
# upload WHO CASE FILE MIME [NAME]: POST /api/v1/cases/CASE/evidence
upload() {
    desc "POST /api/v1/cases/$2/evidence $(basename "$3") as $4 by $1"
    sreq "$1" POST "/api/v1/cases/$2/evidence" -H "Content-Type: $4" \
        -H "X-File-Name: $(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "${5:-$(basename "$3")}")" \
        -H 'Expect:' --data-binary "@$3"
}
# expect_case STATE [DUE]: the last answer is a case summary in STATE, due on DUE ("null": none)
expect_case() {
    pycheck 'if not isinstance(j, dict) or j.get("state") != A[0]: bad("state %r, expected %s" % (j.get("state") if isinstance(j, dict) else j, A[0]))
elif len(A) > 1 and j.get("due") != (None if A[1] == "null" else A[1]): bad("due %r, expected %s" % (j.get("due"), A[1]))
elif not j.get("state_label") or not re.search("[\u4e00-\u9fff]", j["state_label"]): bad("state_label %r" % (j.get("state_label"),))' "$@"
}
check_summary() {
    pycheck 'for k in ["id", "kind", "kind_label", "record", "item", "item_name", "department", "ground", "ground_label", "state", "state_label", "filed", "due", "overdue", "waiting_for", "waiting_for_label", "updated"]:
    if k not in j: bad("the summary lacks %s" % k)
if not re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$", str(j.get("updated"))): bad("updated %r is not Beijing time with its offset" % (j.get("updated"),))
if j.get("filed") != A[0]: bad("filed %r, expected today %s" % (j.get("filed"), A[0]))' "$TODAY"
}

# the public record of id (sets B); its fields as a dict via jv
public_record() { desc "GET /api/v1/records/$1"; get "/api/v1/records/$1"; }

# ---------------------------------------------------------------- the server
start_server "${RATE[@]}" XINYONG_REMEDY_EVIDENCE_MAX_BYTES=$EVIDENCE_MAX
login_all

t "the demo subject's file holds the hand-written penalties, each with its repair window"
desc "GET /api/v1/me/file as demo-subject"
sreq subject GET /api/v1/me/file
expect_status 200
declare -A REC
for x in "${!DECIDED[@]}"; do
    REC[$x]=$(jv '[r["id"] for t in j["tabs"] for r in t["records"] if any(f["code"] == "CF_WSH" and f["value"] == A[0] for f in r["fields"])][0]' "案件测试罚〔2026〕${x}号")
    [ -n "${REC[$x]}" ] && ok || fail "penalty $x is not in the subject's own file"
done
pycheck 'recs = {f["value"]: r for t in j["tabs"] for r in t["records"] for f in r["fields"] if f["code"] == "CF_WSH"}
want = {"NOTYET": ("not_yet", A[0]), "POSSIBLE": ("possible", A[1]), "NOTNEEDED": ("not_needed", None)}
for x, (w, frm) in want.items():
    r = recs.get("案件测试罚〔2026〕%s号" % x)
    if not r: continue
    for k in ("hidden", "archived", "public"):
        if not isinstance(r.get(k), bool): bad("%s: full view without boolean %s: %r" % (x, k, r.get(k)))
    rp = r.get("repair")
    if not isinstance(rp, dict): bad("%s: no repair object in the full view" % x); continue
    if rp.get("window") != w: bad("%s: repair window %r, expected %s" % (x, rp.get("window"), w))
    if frm and rp.get("from") != frm: bad("%s: repair from %r, expected %s" % (x, rp.get("from"), frm))
    if not re.search("[\u4e00-\u9fff]", str(rp.get("label"))): bad("%s: repair label %r" % (x, rp.get("label")))
if recs.get("案件测试罚〔2026〕NOTNEEDED号", {}).get("public") is not False: bad("the penalty past its maximum is public")' \
    "$(repair_from 1)" "$(repair_from 5)"

t "the published commitment"
desc "GET /api/v1/commitment"
get /api/v1/commitment
expect_status 200
expect_json
pycheck 'if j.get("id") != "2026-1" or j.get("title") != "信用承诺书": bad("commitment %r" % ({k: j.get(k) for k in ("id", "title")},))
if len(j.get("text") or "") < 50 or not re.search("[\u4e00-\u9fff]", j.get("text") or ""): bad("the commitment text is not a real text: %r" % (j.get("text"),))'

# ---------------------------------------------------------------- 1. an objection end to end
t "objection: the subject files; 有异议 shows at once on the record and the file"
objection "${REC[OBJ]}"
expect_status 201
expect_case filed "$(workdays 2)"
OBJ_CASE=$CASE
public_record "${REC[OBJ]}"
expect_status 200
pycheck 'if j["record"].get("disputed") is not True: bad("disputed %r while the objection is open" % (j["record"].get("disputed"),))'
desc "GET /api/v1/subjects/$SUBJ_ORG"
get "/api/v1/subjects/$SUBJ_ORG"
pycheck 'r = [r for t in j["tabs"] for r in t["records"] if r["id"] == A[0]]
if not r: bad("the record is not in the public file")
elif r[0].get("disputed") is not True: bad("the public file shows disputed %r" % (r[0].get("disputed"),))
others = [r["id"] for t in j["tabs"] for r in t["records"] if r.get("disputed") and r["id"] != A[0]]
if others: bad("other records show 有异议: %r" % others)' "${REC[OBJ]}"

t "objection: the filer follows it in its queue; the reviewer sees it with the steps it may take"
desc "GET /api/v1/cases?queue=mine as demo-subject"
sreq subject GET "/api/v1/cases?queue=mine"
expect_status 200
pycheck 'c = [c for c in j.get("cases", []) if c.get("id") == int(A[0])]
if not c: bad("case %s not in the filer'"'"'s queue" % A[0])
elif c[0].get("waiting_for") != "reviewer" or c[0].get("record") != A[1] or c[0].get("ground") != "wrong" or c[0].get("ground_label") != "错误": bad("summary %r" % (c[0],))
elif c[0].get("item") != "xzcf" or c[0].get("item_name") != "行政处罚" or c[0]["department"].get("code") != A[2]: bad("item/department %r" % (c[0],))
if not isinstance(j.get("has_more"), bool) or not isinstance(j.get("counts"), list): bad("list shape %r" % (sorted(j),))' \
    "$OBJ_CASE" "${REC[OBJ]}" "$PEN_DEPT"
desc "GET /api/v1/cases?queue=review as demo-reviewer"
sreq reviewer GET "/api/v1/cases?queue=review&kind=objection&state=filed"
expect_status 200
pycheck 'if int(A[0]) not in [c["id"] for c in j.get("cases", [])]: bad("case %s not in the review queue" % A[0])
if any(c.get("state") != "filed" or c.get("kind") != "objection" for c in j.get("cases", [])): bad("the filter kind=objection&state=filed lets others through")
n = [x for x in j.get("counts", []) if x.get("kind") == "objection" and x.get("state") == "filed"]
if not n or n[0].get("n", 0) < 1 or n[0].get("state_label") != "已提交" or n[0].get("kind_label") != "异议": bad("counts %r" % (j.get("counts"),))' "$OBJ_CASE"
desc "GET /api/v1/cases/$OBJ_CASE as demo-reviewer"
sreq reviewer GET "/api/v1/cases/$OBJ_CASE"
expect_status 200
check_summary
pycheck 'ev = {e["id"]: e for e in j.get("events", [])}
if sorted(ev) != ["accept", "refuse"]: bad("the reviewer may %r in filed, expected accept and refuse" % sorted(ev))
elif ev["refuse"].get("reasons_required") is not True or ev["accept"].get("reasons_required") is not False: bad("reasons_required %r" % (ev,))
st = j.get("steps", [])
if len(st) != 1 or st[0].get("seq") != 1 or st[0].get("to") != "filed" or st[0].get("actor") != "filer": bad("steps %r" % (st,))
elif not re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$", str(st[0].get("at"))): bad("step time %r" % (st[0].get("at"),))
rv = j.get("record_view") or {}
if rv.get("id") is None or rv.get("disputed") is not True or "hidden" not in rv: bad("record_view %r" % ({k: rv.get(k) for k in ("id", "disputed", "hidden")},))
if j.get("statement") != "罚款金额有误，应为 0.8 万元，见缴款凭证": bad("statement %r" % (j.get("statement"),))
if j.get("result_record") is not None: bad("result_record %r before a correction" % (j.get("result_record"),))'
desc "GET /api/v1/cases/$OBJ_CASE as demo-subject"
sreq subject GET "/api/v1/cases/$OBJ_CASE"
expect_status 200
pycheck 'ev = [e["id"] for e in j.get("events", [])]
if ev != ["withdraw"]: bad("the filer may %r in filed, expected only withdraw" % (ev,))'

t "objection: accepted (2 working days), referred (10) to the record's department"
step reviewer "$OBJ_CASE" accept
expect_status 200
expect_case accepted "$(workdays 2)"
check_summary
step reviewer "$OBJ_CASE" refer
expect_status 200
expect_case referred "$(workdays 10)"
pycheck 'if j.get("waiting_for") != "department" or j.get("waiting_for_label") != "认定部门": bad("waiting_for %r %r" % (j.get("waiting_for"), j.get("waiting_for_label")))'
desc "GET /api/v1/cases?queue=dept as c-dept"
sreq dept GET "/api/v1/cases?queue=dept"
expect_status 200
pycheck 'c = [c for c in j.get("cases", []) if c.get("id") == int(A[0])]
if not c: bad("the referred case is not in its department'"'"'s queue")
elif c[0].get("due") != A[1]: bad("due %r, expected %s" % (c[0].get("due"), A[1]))' "$OBJ_CASE" "$(workdays 10)"
desc "GET /api/v1/cases/$OBJ_CASE as c-dept"
sreq dept GET "/api/v1/cases/$OBJ_CASE"
pycheck 'ev = {e["id"]: e.get("reasons_required") for e in j.get("events", [])}
if ev != {"correct": True, "uphold": True}: bad("the department may %r, expected correct and uphold with reasons" % (ev,))'

t "objection: the department corrects a field with reasons: a new version, the old one kept"
desc "POST /api/v1/cases/$OBJ_CASE/events correct without reasons as c-dept"
sjson dept "/api/v1/cases/$OBJ_CASE/events" '{"event":"correct","corrections":{"CF_NR_FK":"0.8"}}'
expect_error 400 INVALID reasons
desc "POST /api/v1/cases/$OBJ_CASE/events correct with a bad amount as c-dept"
sjson dept "/api/v1/cases/$OBJ_CASE/events" '{"event":"correct","reasons":"经核实金额有误","corrections":{"CF_NR_FK":"八千元"}}'
expect_error 400 INVALID CF_NR_FK
desc "POST /api/v1/cases/$OBJ_CASE/events correct an unknown field as c-dept"
sjson dept "/api/v1/cases/$OBJ_CASE/events" '{"event":"correct","reasons":"经核实金额有误","corrections":{"NO_SUCH":"1"}}'
expect_error 400 INVALID NO_SUCH
desc "POST /api/v1/cases/$OBJ_CASE/events correct as c-dept"
sjson dept "/api/v1/cases/$OBJ_CASE/events" '{"event":"correct","reasons":"经核实，罚款金额录入有误，已更正为 0.8 万元","corrections":{"CF_NR_FK":"0.8"}}'
expect_status 200
expect_case corrected null
pycheck 'if j.get("waiting_for") is not None or j.get("overdue") is not False: bad("a closed case waits for %r, overdue %r" % (j.get("waiting_for"), j.get("overdue")))'
desc "GET /api/v1/cases/$OBJ_CASE as demo-subject"
sreq subject GET "/api/v1/cases/$OBJ_CASE"
NEW_ID=$(jv 'j.get("result_record") or ""')
pycheck 'st = j.get("steps", [])
if [s.get("to") for s in st] != ["filed", "accepted", "referred", "corrected"]: bad("steps %r" % ([s.get("to") for s in st],))
elif [s.get("seq") for s in st] != [1, 2, 3, 4]: bad("seq %r" % ([s.get("seq") for s in st],))
elif st[3].get("actor") != "department" or "0.8" not in (st[3].get("reasons") or ""): bad("the correction step %r" % (st[3],))
if j.get("events") != []: bad("a closed case offers %r" % (j.get("events"),))
if not re.match("^[0-9a-f]{16}$", j.get("result_record") or ""): bad("result_record %r" % (j.get("result_record"),))'
public_record "$NEW_ID"
expect_status 200
pycheck 'r = j["record"]
f = {x["code"]: x["value"] for x in r.get("fields", [])}
if f.get("CF_NR_FK") != "0.8": bad("CF_NR_FK %r after the correction" % (f.get("CF_NR_FK"),))
if r.get("version") != 2: bad("version %r, expected 2" % (r.get("version"),))
if r.get("disputed") is not False: bad("disputed %r after the objection closed" % (r.get("disputed"),))
h = r.get("history")
if not isinstance(h, list) or len(h) != 2: bad("history %r" % (h,))
else:
    if h[0].get("version") != 1 or h[0].get("source") != "部门报送" or h[0].get("changed") != []: bad("first version %r" % (h[0],))
    if h[1].get("version") != 2 or h[1].get("source") != "异议更正（案件 %s）" % A[0]: bad("second version %r" % (h[1],))
    if h[1].get("changed") != ["罚款金额（万元）"]: bad("changed %r, expected only 罚款金额（万元）" % (h[1].get("changed"),))
    if "1.5" in json.dumps(h): bad("the history republishes the old value")
    if not all(DATE.match(str(v.get("received"))) for v in h): bad("received %r" % ([v.get("received") for v in h],))
rp = r.get("repair") or {}
if rp.get("window") not in ("not_yet", "possible", "not_needed"): bad("repair %r on the record page" % (rp,))' "$OBJ_CASE"
desc "GET /api/v1/subjects/$SUBJ_ORG after the correction"
get "/api/v1/subjects/$SUBJ_ORG"
pycheck 'r = [r for t in j["tabs"] for r in t["records"] if any(f["code"] == "CF_WSH" and f["value"] == A[0] for f in r["fields"])]
if len(r) != 1: bad("the file shows %d versions of the corrected record" % len(r))
elif r[0]["id"] != A[1] or r[0].get("disputed") is not False or r[0].get("version") != 2: bad("the file shows %r" % ({k: r[0].get(k) for k in ("id", "version", "disputed")},))' \
    "案件测试罚〔2026〕OBJ号" "$NEW_ID"

t "objection: the filer got a notification for every change of state"
desc "GET /api/v1/notifications as demo-subject"
sreq subject GET /api/v1/notifications
expect_status 200
pycheck 'n = [x for x in j.get("notifications", []) if x.get("case") == int(A[0])]
if len(n) < 3: bad("%d notifications of case %s, expected one per change of state (accepted, referred, corrected)" % (len(n), A[0]))
for x in n:
    if not re.search("[\u4e00-\u9fff]", x.get("text", "")) or not re.match(r"^\d{4}-\d{2}-\d{2}T", str(x.get("at"))): bad("notification %r" % (x,))
texts = " ".join(x.get("text", "") for x in n)
for w in ("受理", "更正"):
    if w not in texts: bad("no notification says %s: %r" % (w, texts[:300]))
if j.get("unread", 0) < len(n): bad("unread %r, %d new notifications" % (j.get("unread"), len(n)))
ids = [x["id"] for x in j.get("notifications", [])]
if ids != sorted(ids, reverse=True): bad("notifications not newest first: %r" % ids)' "$OBJ_CASE"
desc "GET /api/v1/notifications?unread=1 as demo-reviewer"
sreq reviewer GET "/api/v1/notifications?unread=1"
expect_status 200
pycheck 'if not [x for x in j.get("notifications", []) if x.get("case") == int(A[0])]: bad("the reviewers were not told of the new case %s" % A[0])
if any(x.get("read") for x in j.get("notifications", [])): bad("unread=1 lists read notifications")' "$OBJ_CASE"
desc "GET /api/v1/notifications as c-dept"
sreq dept GET /api/v1/notifications
pycheck 'if not [x for x in j.get("notifications", []) if x.get("case") == int(A[0])]: bad("the department was not told of the referral of case %s" % A[0])' "$OBJ_CASE"
desc "POST /api/v1/notifications/read {upto: 0} as demo-subject"
sjson subject /api/v1/notifications/read '{"upto":0}'
expect_status 200
pycheck 'if j != {"unread": 0}: bad("after reading all: %r" % (j,))'
desc "GET /api/v1/notifications?unread=1 as demo-subject"
sreq subject GET "/api/v1/notifications?unread=1"
pycheck 'if j.get("unread") != 0 or j.get("notifications"): bad("unread notifications after reading all: %r" % (j,))'
desc "POST /api/v1/notifications/read {upto: -1}"
sjson subject /api/v1/notifications/read '{"upto":-1}'
expect_error 400 INVALID upto
desc "GET /api/v1/notifications?unread=yes"
sreq subject GET "/api/v1/notifications?unread=yes"
expect_error 400 INVALID unread

t "objection: every step is in the audit trail"
out=$("$XY" audit search --action 'case.*' --limit 1000 --json 2>&1)
echo "$out" >"$T/audit.json"
python3 - "$T/audit.json" "$OBJ_CASE" <<'EOF' && ok || fail "audit trail: see above"
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
try:
    rows = json.loads(text)
except ValueError:
    rows = [json.loads(l) for l in text.splitlines() if l.strip()]
if isinstance(rows, dict):
    rows = rows.get("items", rows.get("rows", []))
target = "case:" + sys.argv[2]
acts = [r.get("action") for r in rows if r.get("target") == target]
missing = [a for a in ("case.object", "case.accept", "case.refer", "case.correct") if a not in acts]
if missing:
    print("audit rows of %s: %r; missing %r" % (target, acts, missing), file=sys.stderr)
    sys.exit(1)
EOF

# ---------------------------------------------------------------- 2. illegal transitions
t "objection: events the state does not allow are 409, naming the state and the event"
objection "${REC[W1]}"
expect_status 201
W1_CASE=$CASE
for ev in refer correct uphold; do
    step reviewer "$W1_CASE" "$ev" "理由"
    expect_error 409 CONFLICT
    pycheck 'm = j["error"]["message"]
if "已提交" not in m and "filed" not in m: bad("the message does not name the state: %r" % m)'
done
step reviewer "$W1_CASE" grant "理由"
expect_error 400 INVALID
step reviewer "$W1_CASE" frobnicate
expect_error 400 INVALID event
desc "a second objection by the same filer on the same record"
objection "${REC[W1]}"
expect_error 409 CONFLICT

t "objection: the right event by the wrong actor is 403; a refusal without reasons is 400"
step subject "$W1_CASE" accept
expect_error 403 DENIED
step dept "$W1_CASE" accept
expect_error 403 DENIED
step reviewer "$W1_CASE" withdraw
expect_error 403 DENIED
step reviewer "$W1_CASE" refuse
expect_error 400 INVALID reasons
step reviewer "$W1_CASE" refuse "   "
expect_error 400 INVALID reasons
step office "$W1_CASE" accept # no remedy permission: the case does not exist for it
expect_error 404 NOT_FOUND
step other "$W1_CASE" accept
expect_error 404 NOT_FOUND
step subj2 "$W1_CASE" withdraw
expect_error 404 NOT_FOUND

t "objection: the filer withdraws from filed, accepted and referred, and not after"
step subject "$W1_CASE" withdraw
expect_status 200
expect_case withdrawn null
public_record "${REC[W1]}"
pycheck 'if j["record"].get("disputed") is not False: bad("disputed after the withdrawal")'
# a final state takes no event at all, whoever sends it
for who_ev in subject:withdraw reviewer:accept reviewer:refuse subject:accept; do
    step "${who_ev%%:*}" "$W1_CASE" "${who_ev#*:}" 理由
    expect_error 409 CONFLICT
done
objection "${REC[W2]}"
W2_CASE=$CASE
step reviewer "$W2_CASE" accept
expect_case accepted
step reviewer "$W2_CASE" accept
expect_error 409 CONFLICT
step subject "$W2_CASE" withdraw
expect_status 200
expect_case withdrawn null
objection "${REC[W3]}"
W3_CASE=$CASE
step reviewer "$W3_CASE" accept
step reviewer "$W3_CASE" refer
expect_case referred
step reviewer "$W3_CASE" correct "复核更正"
expect_error 403 DENIED
step dept "$W3_CASE" refer
expect_error 409 CONFLICT
step subject "$W3_CASE" withdraw
expect_status 200
expect_case withdrawn null
objection "${REC[W4]}"
W4_CASE=$CASE
step reviewer "$W4_CASE" accept
step reviewer "$W4_CASE" uphold
expect_error 400 INVALID reasons
step reviewer "$W4_CASE" uphold "经核查，原记录与处罚决定书一致"
expect_status 200
expect_case upheld null
step subject "$W4_CASE" withdraw
expect_error 409 CONFLICT
objection "${REC[W5]}"
W5_CASE=$CASE
step reviewer "$W5_CASE" refuse "异议材料不全，不予受理"
expect_status 200
expect_case refused null
step subject "$W5_CASE" withdraw
expect_error 409 CONFLICT
desc "GET /api/v1/cases/$W4_CASE as demo-subject"
sreq subject GET "/api/v1/cases/$W4_CASE"
pycheck 'st = j.get("steps", [])
if not st or st[-1].get("reasons") != "经核查，原记录与处罚决定书一致": bad("the filer does not read the reasons: %r" % (st[-1:],))'

t "bad input to POST /api/v1/cases names its field"
for pair in 'kind:{"kind":"complaint","record":"'"${REC[W5]}"'","statement":"x"}' \
    'ground:{"kind":"objection","record":"'"${REC[W5]}"'","ground":"unfair","statement":"x"}' \
    'ground:{"kind":"objection","record":"'"${REC[W5]}"'","statement":"x"}' \
    'statement:{"kind":"objection","record":"'"${REC[W5]}"'","ground":"wrong"}' \
    'statement:{"kind":"objection","record":"'"${REC[W5]}"'","ground":"wrong","statement":""}' \
    'record:{"kind":"objection","ground":"wrong","statement":"x"}'; do
    file_case subject "${pair#*:}"
    expect_error 400 INVALID "${pair%%:*}"
done
file_case subject '{"kind":"objection","record":"'"${REC[W5]}"'","ground":"wrong","statement":"'"$(printf '长%.0s' $(seq 2001))"'"}'
expect_error 400 INVALID statement
file_case subject '{"kind":"objection","record":"ffffffffffffffff","ground":"wrong","statement":"没有的记录"}'
expect_error 404 NOT_FOUND
file_case subject '[1,2]'
expect_error 400 INVALID
file_case subject '{"kind":'
expect_error 400 PARSE
desc "GET /api/v1/cases without queue"
sreq subject GET /api/v1/cases
expect_error 400 INVALID queue
desc "GET /api/v1/cases?queue=mine&limit=0"
sreq subject GET "/api/v1/cases?queue=mine&limit=0"
expect_error 400 INVALID limit
desc "GET /api/v1/cases?queue=mine&kind=complaint"
sreq subject GET "/api/v1/cases?queue=mine&kind=complaint"
expect_error 400 INVALID kind
desc "GET /api/v1/cases?queue=review as demo-subject"
sreq subject GET "/api/v1/cases?queue=review"
expect_error 403 DENIED
desc "GET /api/v1/cases?queue=dept as demo-reviewer"
sreq reviewer GET "/api/v1/cases?queue=dept"
expect_error 403 DENIED
desc "GET /api/v1/cases/abc"
sreq subject GET /api/v1/cases/abc
expect_error 404 NOT_FOUND

t "paging: limit and before walk the filer's queue without repeats"
desc "GET /api/v1/cases?queue=mine&limit=2"
sreq subject GET "/api/v1/cases?queue=mine&limit=2"
P1=$(jv '[c["id"] for c in j["cases"]]')
pycheck 'if len(j["cases"]) != 2 or j.get("has_more") is not True: bad("page 1 %r has_more %r" % ([c["id"] for c in j["cases"]], j.get("has_more")))'
desc "GET /api/v1/cases?queue=mine&limit=100&before=<last of page 1>"
sreq subject GET "/api/v1/cases?queue=mine&limit=100&before=$(echo "$P1" | python3 -c 'import json,sys; print(json.load(sys.stdin)[-1])')"
pycheck 'p1 = json.loads(A[0]); ids = [c["id"] for c in j["cases"]]
if set(ids) & set(p1) or any(i >= min(p1) for i in ids): bad("page 2 %r overlaps page 1 %r" % (ids, p1))
if j.get("has_more") is not False or len(ids) < 4: bad("page 2 %r has_more %r" % (ids, j.get("has_more")))' "$P1"

# ---------------------------------------------------------------- 3. credit repair
REPAIR_BODY='"statement":"罚款已于 2026 年 6 月全部缴清，附缴款凭证","commitment":"2026-1"'
t "repair: before the minimum period 400 repair.not_yet naming the first day; past the maximum repair.not_needed"
public_record "${REC[NOTYET]}"
expect_status 200
pycheck 'rp = j["record"].get("repair") or {}
if rp.get("window") != "not_yet" or rp.get("from") != A[0]: bad("repair %r, expected not_yet from %s" % (rp, A[0]))' "$(repair_from 1)"
file_case subject '{"kind":"repair","record":"'"${REC[NOTYET]}"'",'"$REPAIR_BODY"'}'
expect_error 400 repair.not_yet record
FROM=$(repair_from 1)
pycheck 'm = j["error"]["message"]; y, mo, d = A[0].split("-")
if A[0] not in m and "%s年%d月%d日" % (y, int(mo), int(d)) not in m: bad("the message does not name %s: %r" % (A[0], m))' "$FROM"
file_case subject '{"kind":"repair","record":"'"${REC[NOTNEEDED]}"'",'"$REPAIR_BODY"'}'
expect_error 400 repair.not_needed record
public_record "${REC[NOTNEEDED]}"
expect_error 404 NOT_FOUND

t "repair: inside the window the application is filed (10 working days), once per record"
public_record "${REC[POSSIBLE]}"
pycheck 'rp = j["record"].get("repair") or {}
if rp.get("window") != "possible" or rp.get("from") != A[0]: bad("repair %r, expected possible from %s" % (rp, A[0]))' "$(repair_from 5)"
file_case subject '{"kind":"repair","record":"'"${REC[POSSIBLE]}"'","statement":"已缴清罚款"}'
expect_error 400 INVALID commitment
file_case subject '{"kind":"repair","record":"'"${REC[POSSIBLE]}"'","statement":"已缴清罚款","commitment":"1999-1"}'
expect_error 400 INVALID commitment
file_case reviewer '{"kind":"repair","record":"'"${REC[POSSIBLE]}"'",'"$REPAIR_BODY"'}'
expect_error 403 DENIED
file_case subject '{"kind":"repair","record":"'"${REC[POSSIBLE]}"'",'"$REPAIR_BODY"'}'
expect_status 201
expect_case applied "$(workdays 10)"
POSSIBLE_CASE=$CASE
file_case subject '{"kind":"repair","record":"'"${REC[POSSIBLE]}"'",'"$REPAIR_BODY"'}'
expect_error 409 CONFLICT
desc "GET /api/v1/cases/$POSSIBLE_CASE as demo-subject"
sreq subject GET "/api/v1/cases/$POSSIBLE_CASE"
pycheck 'if j.get("commitment") != "2026-1" or j.get("kind") != "repair" or j.get("ground") is not None: bad("repair case %r" % ({k: j.get(k) for k in ("kind", "commitment", "ground")},))
if [e["id"] for e in j.get("events", [])] != ["withdraw"]: bad("the applicant may %r" % (j.get("events"),))'
step reviewer "$POSSIBLE_CASE" accept
expect_case accepted "$(workdays 10)" # acceptance does not restart the decision's clock
step reviewer "$POSSIBLE_CASE" deny
expect_error 400 INVALID reasons
step dept "$POSSIBLE_CASE" grant
expect_error 403 DENIED
step reviewer "$POSSIBLE_CASE" notify
expect_error 409 CONFLICT

t "repair: a grant takes the record off public view; the department's task is due in 3 working days"
file_case subject '{"kind":"repair","record":"'"${REC[GRANT]}"'",'"$REPAIR_BODY"'}'
expect_status 201
GRANT_CASE=$CASE
step reviewer "$GRANT_CASE" grant
expect_status 200
expect_case granted "$(workdays 3)"
pycheck 'if j.get("waiting_for") not in ("department", "system"): bad("waiting_for %r after the grant" % (j.get("waiting_for"),))'
public_record "${REC[GRANT]}"
expect_error 404 NOT_FOUND
desc "GET /api/v1/subjects/$SUBJ_ORG after the grant"
get "/api/v1/subjects/$SUBJ_ORG"
pycheck 'if [r for t in j["tabs"] for r in t["records"] if any(f["code"] == "CF_WSH" and f["value"] == A[0] for f in r["fields"])]: bad("the public file still shows the repaired record")' "案件测试罚〔2026〕GRANT号"
desc "GET /api/v1/records?item=xzcf&dept=$PEN_DEPT after the grant"
get "/api/v1/records?item=xzcf&dept=$PEN_DEPT&per_page=50"
pycheck 'if A[0] in [i["record"]["id"] for i in j.get("items", [])]: bad("browsing still shows the repaired record")' "${REC[GRANT]}"
desc "GET /api/v1/me/file after the grant"
sreq subject GET /api/v1/me/file
pycheck 'r = [r for t in j["tabs"] for r in t["records"] if r["id"] == A[0]]
if not r: bad("the repaired record left the subject'"'"'s own file (it is kept internally)")
elif r[0].get("hidden") is not True or r[0].get("public") is not False: bad("hidden %r public %r" % (r[0].get("hidden"), r[0].get("public")))' "${REC[GRANT]}"
desc "GET /api/v1/cases?queue=dept as c-dept"
sreq dept GET "/api/v1/cases?queue=dept&kind=repair"
pycheck 'c = [c for c in j.get("cases", []) if c.get("id") == int(A[0])]
if not c: bad("the granted repair is not a task in its department'"'"'s queue")
elif c[0].get("due") != A[1] or c[0].get("state") != "granted": bad("task %r, expected due %s" % (c[0], A[1]))' "$GRANT_CASE" "$(workdays 3)"
desc "GET /api/v1/cases?queue=dept as c-other"
sreq other GET "/api/v1/cases?queue=dept"
pycheck 'if int(A[0]) in [c["id"] for c in j.get("cases", [])]: bad("another department has the task")' "$GRANT_CASE"
step other "$GRANT_CASE" notify
expect_error 404 NOT_FOUND
step dept "$GRANT_CASE" notify
expect_status 200
expect_case notified null
step dept "$GRANT_CASE" notify
expect_error 409 CONFLICT
step subject "$GRANT_CASE" withdraw
expect_error 409 CONFLICT
public_record "${REC[GRANT]}"
expect_error 404 NOT_FOUND

t "repair: a withdrawn application may be made again"
step subject "$POSSIBLE_CASE" withdraw
expect_status 200
expect_case withdrawn null
file_case subject '{"kind":"repair","record":"'"${REC[POSSIBLE]}"'",'"$REPAIR_BODY"'}'
expect_status 201
step reviewer "$CASE" deny "缴款凭证与处罚决定书金额不符"
expect_case denied null
public_record "${REC[POSSIBLE]}"
expect_status 200

# ---------------------------------------------------------------- 4. a court's report of performance
t "removal: the court reports performance; the 失信被执行人 entry leaves public view at once"
desc "GET /api/v1/lists/sxbzxr"
get "/api/v1/lists/sxbzxr?dept=$COURT&per_page=5"
SX=$(jv '[i["record"]["id"] for i in j["items"] if i["record"]["department"]["code"] == A[0]][0]' "$COURT")
[ -n "$SX" ] && ok || fail "no public 失信被执行人 entry of $COURT: $(head -c 300 "$B")"
public_record "$SX"
expect_status 200
file_case dept '{"kind":"removal","record":"'"$SX"'","statement":"被执行人已全部履行"}'
[ "$ST" = 403 ] || [ "$ST" = 404 ] && ok || fail "another department reports performance on the court's entry: $ST $(head -c 300 "$B")"
file_case subject '{"kind":"removal","record":"'"$SX"'","statement":"我已履行"}'
[ "$ST" = 403 ] || [ "$ST" = 404 ] && ok || fail "a subject reports performance: $ST $(head -c 300 "$B")"
file_case court '{"kind":"removal","record":"'"${REC[W5]}"'","statement":"不是法院的记录"}'
[ "$ST" = 400 ] || [ "$ST" = 404 ] || [ "$ST" = 403 ] && ok || fail "a removal of a penalty: $ST $(head -c 300 "$B")"
file_case court '{"kind":"removal","record":"'"$SX"'","statement":"被执行人已于本月全部履行，申请执行人确认"}'
expect_status 201
expect_case removed
REMOVAL_CASE=$CASE
public_record "$SX"
expect_error 404 NOT_FOUND
desc "GET /api/v1/lists/sxbzxr after the report"
get "/api/v1/lists/sxbzxr?dept=$COURT&per_page=50"
pycheck 'if A[0] in [i["record"]["id"] for i in j.get("items", [])]: bad("the list still shows the entry")' "$SX"
file_case court '{"kind":"removal","record":"'"$SX"'","statement":"再报一次"}'
[ "$ST" = 409 ] || [ "$ST" = 404 ] && ok || fail "a second report: $ST $(head -c 300 "$B")"
desc "GET /api/v1/cases/$REMOVAL_CASE as c-court"
sreq court GET "/api/v1/cases/$REMOVAL_CASE"
expect_status 200
pycheck 'if j.get("events") != [] or j.get("kind") != "removal": bad("removal case %r" % ({k: j.get(k) for k in ("kind", "state", "events")},))
st = j.get("steps", [])
if not st or not DATE.match(str(st[0].get("due"))) or st[0]["due"] != A[0]: bad("the report step records due %r, expected %s (3 working days)" % (st[0].get("due") if st else None, A[0]))' "$(workdays 3)"

# ---------------------------------------------------------------- 5. evidence
t "evidence: PDF, JPEG and PNG are taken, each stored under its SHA-256"
objection "${REC[EVI]}"
expect_status 201
EVI_CASE=$CASE
printf '%%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' >"$T/proof.pdf"
printf '\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9' >"$T/photo.jpg"
printf '\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00' >"$T/scan.png"
for f in proof.pdf:application/pdf:缴款凭证.pdf photo.jpg:image/jpeg:现场照片.jpg scan.png:image/png:scan.png; do
    IFS=: read -r file mime name <<<"$f"
    upload subject "$EVI_CASE" "$T/$file" "$mime" "$name"
    expect_status 201
    pycheck 'import hashlib
data = open(A[0], "rb").read()
if {k: j.get(k) for k in ("name", "mime", "bytes")} != {"name": A[1], "mime": A[2], "bytes": len(data)}: bad("answer %r" % (j,))
if j.get("sha256") != hashlib.sha256(data).hexdigest():
    sm3 = hashlib.new("sm3", data).hexdigest() if "sm3" in hashlib.algorithms_available else None
    bad("sha256 %r is not the SHA-256 of the file%s" % (j.get("sha256"), " (it is its SM3)" if j.get("sha256") == sm3 else ""))' \
        "$T/$file" "$name" "$mime"
    [ "$file" = proof.pdf ] && PDF_SHA=$(jv 'j.get("sha256", "")')
done
desc "GET /api/v1/cases/$EVI_CASE"
sreq subject GET "/api/v1/cases/$EVI_CASE"
pycheck 'ev = j.get("evidence", [])
if sorted(e.get("mime") for e in ev) != ["application/pdf", "image/jpeg", "image/png"]: bad("evidence %r" % (ev,))
if "缴款凭证.pdf" not in [e.get("name") for e in ev]: bad("names %r" % ([e.get("name") for e in ev],))'

t "evidence: sealed at rest, under names that are not the content's hash"
EVI_DIR="$XINYONG_DB.evidence"
[ -d "$EVI_DIR" ] && ok || fail "no evidence folder at $EVI_DIR"
[ "$(stat -c %a "$EVI_DIR")" = 700 ] && ok || fail "evidence folder mode $(stat -c %a "$EVI_DIR")"
[ ! -e "$EVI_DIR/$PDF_SHA" ] && ok || fail "a file is named by the plain SHA-256 of the PDF"
NSTORED=0
for f in "$EVI_DIR"/*; do
    NSTORED=$((NSTORED + 1))
    [ "$(stat -c %a "$f")" = 600 ] && ok || fail "$(basename "$f"): mode $(stat -c %a "$f")"
    [ "$(head -c 4 "$f")" = XYE1 ] && ok || fail "$(basename "$f") does not start with the sealed-file mark"
    # the plain bytes of any of the three uploads must not be readable in the stored file
    ! grep -aq -e '%PDF-1.4' -e 'JFIF' -e 'IHDR' "$f" && ok || fail "$(basename "$f") holds plain content"
done
[ "$NSTORED" -eq 3 ] && ok || fail "$NSTORED files stored for three uploads"

t "evidence: over the limit 413; a .exe or a text declared as PDF, other types 415; twice 409"
# pdf_of_size N FILE: a file of N bytes that starts as a PDF does
pdf_of_size() { python3 -c 'import sys; h = b"%PDF-1.4\n"; open(sys.argv[2], "wb").write(h + b"%" * (int(sys.argv[1]) - len(h)))' "$1" "$2"; }
pdf_of_size $((EVIDENCE_MAX + 1)) "$T/big.pdf"
upload subject "$EVI_CASE" "$T/big.pdf" application/pdf
expect_error 413 TOO_LARGE
pdf_of_size "$EVIDENCE_MAX" "$T/limit.pdf"
upload subject "$EVI_CASE" "$T/limit.pdf" application/pdf
expect_status 201
printf 'MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00This program cannot be run in DOS mode.' >"$T/setup.exe"
upload subject "$EVI_CASE" "$T/setup.exe" application/pdf 凭证.pdf
expect_error 415 UNSUPPORTED
echo "这只是一个文本文件，不是 PDF" >"$T/note.txt"
upload subject "$EVI_CASE" "$T/note.txt" application/pdf note.pdf
expect_error 415 UNSUPPORTED
upload subject "$EVI_CASE" "$T/scan.png" image/jpeg scan.jpg
expect_error 415 UNSUPPORTED
upload subject "$EVI_CASE" "$T/setup.exe" application/x-msdownload
expect_error 415 UNSUPPORTED
upload subject "$EVI_CASE" "$T/note.txt" text/plain
expect_error 415 UNSUPPORTED
upload subject "$EVI_CASE" "$T/proof.pdf" application/pdf 又一份.pdf
expect_error 409 CONFLICT
desc "POST evidence without X-File-Name"
sreq subject POST "/api/v1/cases/$EVI_CASE/evidence" -H 'Content-Type: application/pdf' -H 'Expect:' \
    --data-binary "@$T/proof.pdf"
expect_error 400 INVALID X-File-Name
pdf_of_size 300 "$T/named.pdf"
for bad_name in '..%2Fetc%2Fpasswd' 'a%0Ab.pdf' 'bad%zz.pdf'; do
    desc "POST evidence named $bad_name"
    sreq subject POST "/api/v1/cases/$EVI_CASE/evidence" -H 'Content-Type: application/pdf' -H 'Expect:' \
        -H "X-File-Name: $bad_name" --data-binary "@$T/named.pdf"
    expect_error 400 INVALID X-File-Name
done
upload other "$EVI_CASE" "$T/scan.png" image/png
expect_error 404 NOT_FOUND
upload subj2 "$EVI_CASE" "$T/scan.png" image/png
expect_error 404 NOT_FOUND

t "evidence: at most remedy.evidence_max_files (10) per case"
for i in 5 6 7 8 9 10; do
    { cat "$T/scan.png"; echo "page $i"; } >"$T/page$i.png"
    upload subject "$EVI_CASE" "$T/page$i.png" image/png
    expect_status 201
done
{ cat "$T/scan.png"; echo "page 11"; } >"$T/page11.png"
upload subject "$EVI_CASE" "$T/page11.png" image/png
expect_error 409 CONFLICT

t "evidence: the download is the same bytes, as an attachment, never sniffed; others get 404"
for who in subject reviewer dept; do
    desc "GET /api/v1/cases/$EVI_CASE/evidence/$PDF_SHA as $who"
    sreq "$who" GET "/api/v1/cases/$EVI_CASE/evidence/$PDF_SHA"
    expect_status 200
    cmp -s "$B" "$T/proof.pdf" && ok || fail "$LAST_DESC: the bytes differ from the upload"
    [ "$(hdr Content-Type)" = application/pdf ] && ok || fail "$LAST_DESC: Content-Type '$(hdr Content-Type)'"
    case "$(hdr Content-Disposition)" in attachment*"filename*=UTF-8''%E7%BC%B4%E6%AC%BE%E5%87%AD%E8%AF%81.pdf"*) ok ;;
    *) fail "$LAST_DESC: Content-Disposition '$(hdr Content-Disposition)'" ;; esac
    [ "$(hdr X-Content-Type-Options)" = nosniff ] && ok || fail "$LAST_DESC: no nosniff"
    expect_no_store
done
for who in subj2 other office; do
    desc "GET /api/v1/cases/$EVI_CASE/evidence/$PDF_SHA as $who"
    sreq "$who" GET "/api/v1/cases/$EVI_CASE/evidence/$PDF_SHA"
    expect_error 404 NOT_FOUND
done
desc "GET /api/v1/cases/$W1_CASE/evidence/$PDF_SHA (another case of the same filer)"
sreq subject GET "/api/v1/cases/$W1_CASE/evidence/$PDF_SHA"
expect_error 404 NOT_FOUND
desc "GET /api/v1/cases/$EVI_CASE/evidence/not-a-hash"
sreq subject GET "/api/v1/cases/$EVI_CASE/evidence/not-a-hash"
expect_error 404 NOT_FOUND
desc "an anonymous upload"
req POST "/api/v1/cases/$EVI_CASE/evidence" -H 'Content-Type: application/pdf' -H 'X-File-Name: a.pdf' \
    -H 'Expect:' --data-binary "@$T/proof.pdf"
expect_error 401 UNAUTHENTICATED
desc "an upload without the CSRF token"
req POST "/api/v1/cases/$EVI_CASE/evidence" -H "Cookie: xy_session=${SESS[subject]}" \
    -H 'Content-Type: image/png' -H 'X-File-Name: a.png' -H 'Expect:' --data-binary "@$T/page11.png"
expect_error 403 CSRF

# ---------------------------------------------------------------- 6. deadlines and overdue
t "deadlines are computed, none is overdue today"
desc "GET /api/v1/cases?queue=review&overdue=1"
sreq reviewer GET "/api/v1/cases?queue=review&overdue=1"
expect_status 200
pycheck 'if j.get("cases"): bad("overdue cases on the day they were filed: %r" % ([c["id"] for c in j["cases"]],))
if any(c.get("overdue") for c in j.get("counts", [])): bad("counts with overdue %r" % (j.get("counts"),))'
MAIN_BASE=$BASE
MAIN_PID=$SPID
# A second server on the same database, its clock 20 days on: the evidence case's 2 working days
# to accept have passed.
start_server "${RATE[@]}" XY_NOW=$LATER
t "20 days later the unaccepted objection is overdue, in its summary, the filter and the counts"
login reviewer demo-reviewer
login subject demo-subject
desc "GET /api/v1/cases/$EVI_CASE 20 days on"
sreq reviewer GET "/api/v1/cases/$EVI_CASE"
expect_status 200
pycheck 'if j.get("overdue") is not True or j.get("state") != "filed": bad("overdue %r state %r, due %r" % (j.get("overdue"), j.get("state"), j.get("due")))'
desc "GET /api/v1/cases?queue=review&overdue=1 20 days on"
sreq reviewer GET "/api/v1/cases?queue=review&overdue=1&limit=100"
expect_status 200
pycheck 'ids = [c["id"] for c in j.get("cases", [])]
if int(A[0]) not in ids: bad("the overdue case %s is not listed: %r" % (A[0], ids))
if int(A[1]) in ids: bad("a closed case %s is overdue" % A[1])
if not all(c.get("overdue") is True for c in j.get("cases", [])): bad("overdue=1 lists cases that are not overdue")
n = [c for c in j.get("counts", []) if c.get("kind") == "objection" and c.get("state") == "filed"]
if not n or n[0].get("overdue", 0) < 1: bad("the counts show no overdue filed objection: %r" % (j.get("counts"),))' "$EVI_CASE" "$OBJ_CASE"
desc "GET /api/v1/cases?queue=mine 20 days on"
sreq subject GET "/api/v1/cases?queue=mine&limit=100"
pycheck 'c = {c["id"]: c for c in j.get("cases", [])}
if c.get(int(A[0]), {}).get("overdue") is not True: bad("the filer does not see its case overdue")
if c.get(int(A[1]), {}).get("overdue") is not False: bad("a closed case is overdue: %r" % (c.get(int(A[1])),))' "$EVI_CASE" "$OBJ_CASE"
stop_server "$SPID"
BASE=$MAIN_BASE
SPID=$MAIN_PID
login_all # signing in at the later clock ended every session idle by then

# ---------------------------------------------------------------- 7. privacy
t "no ID number in any case answer, notification or error"
# every body this script received, and the server logs
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
if len(files) < 100:
    bad.append("only %d answers scanned" % len(files))
for b in bad[:10]:
    print(b, file=sys.stderr)
sys.exit(1 if bad else 0)
EOF
for who in subject reviewer court dept; do
    desc "GET /api/v1/cases?queue=... and notifications as $who"
    case $who in subject) q=mine ;; reviewer) q=review ;; *) q=dept ;; esac
    sreq "$who" GET "/api/v1/cases?queue=$q&limit=100"
    expect_status 200
    sreq "$who" GET /api/v1/notifications
    expect_status 200
done
desc "GET /api/v1/cases/$REMOVAL_CASE as c-court (a 失信被执行人 entry, maybe a person's)"
sreq court GET "/api/v1/cases/$REMOVAL_CASE"
pycheck 'rv = j.get("record_view") or {}
for f in rv.get("fields", []):
    if re.fullmatch(r"[0-9]{17}[0-9Xx]", f.get("value", "")): bad("field %s holds a full ID number" % f.get("code"))'

t "every answer of this script conforms to web/openapi.json"
check_samples

finish
