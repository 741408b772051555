#!/bin/bash
# feedback.sh - the second half of the closed loop (issue 6), against the real `xinyong serve`:
#   feedback on a check (POST/GET /api/v1/checks/{id}/feedback) accepted, superseded, and each
#   validation error answered 400 with its field; another department's check 404; the key
#   figures (GET /api/v1/joint/figures, `xinyong joint figures`) equal to what is computed here
#   from the checks and feedback posted; the re-screening queue: a subject checked without a hit
#   and listed afterwards is queued 'hit' by `xinyong joint rescreen`, a second run queues
#   nothing, the row is marked done; an entry that ends is queued 'cleared' by the server's own
#   worker (XY_NOW moved on); a department whose check is older than the window is not queued.
# usage: XY=build/src/xinyong bash tests/api/feedback.sh   (KEEP=1 keeps the temp folder)
. "$(dirname "$0")/lib.sh"
T1=2026-11-26T02:00:00 # 10:00 in Beijing, Thursday 26 November 2026
T0=2026-07-01T02:00:00 # 148 days earlier: outside the 90-day window
T2=2027-01-05T02:00:00 # after ORG_E's entry ended on 2026-12-31
export XY_NOW=$T1
setup
setup_city 17 40 60 60
RATE=(XINYONG_HTTP_RATE_PER_MIN=1000000 XINYONG_HTTP_RATE_BURST=1000000)

jget() {
    python3 -c 'import json, sys; v = json.load(sys.stdin).get(sys.argv[1]); print("" if v is None else v)' "$1"
}
uscc() { # SEQ: a valid 统一社会信用代码 of a company
    python3 - "$1" <<'PY'
import sys
cs = "0123456789ABCDEFGHJKLMNPQRTUWXY"
org8 = "F%07d" % int(sys.argv[1])
ow = [3, 7, 9, 10, 5, 8, 4, 2]
v = lambda ch: int(ch) if ch.isdigit() else ord(ch) - 55
c9 = 11 - sum(w * v(ch) for w, ch in zip(ow, org8)) % 11
org = org8 + {10: "X", 11: "0"}.get(c9, str(c9))
first = "91440101" + org
uw = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
print(first + cs[(31 - sum(w * cs.index(ch) for w, ch in zip(uw, first)) % 31) % 31])
PY
}

# ---------------------------------------------------------------- fixtures (CLI)
COURT=$(city '[d["code"] for d in c["depts"] if "sxbzxr" in d["items"]][0]')
TAX=$(city '[d["code"] for d in c["depts"] if "hmd" in d["items"]][0]')
MKT=$(city '[d["code"] for d in c["depts"] if "jyyc" in d["items"]][0]')
FIN=$(python3 - <<'PY'
cs = "0123456789ABCDEFGHJKLMNPQRTUWXY"
first = "11440100MB2C9900" + "1"
uw = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
print(first + cs[(31 - sum(w * cs.index(ch) for w, ch in zip(uw, first)) % 31) % 31])
PY
)
"$XY" dept add --code "$FIN" --name 广州市财政局 --items xzcf >/dev/null || { echo "dept add failed" >&2; exit 1; }
ORG_A=$(uscc 1) # 失信被执行人: measure 1 in gov_procurement for 广州市财政局, 3 in subsidy
ORG_B=$(uscc 2) # A级纳税人: a hit without a gov_procurement measure
ORG_M=$(uscc 3) # on no list
ORG_N=$(uscc 4) # checked without a hit, listed afterwards: re-screening 'hit'
ORG_E=$(uscc 5) # A级纳税人 until 2026-12-31: re-screening 'cleared' in 2027
sx_row() { # CODE NAME CASE_NO DATE
    echo "$2,法人及非法人组织,$1,张三,$3,广州市中级人民法院,（2025）粤01民初1号,广州市中级人民法院,支付货款人民币50万元,全部未履行,有履行能力而拒不履行生效法律文书确定义务,2026/01/10,${4//-//}"
}
SX_HEAD='XDR_MC,XDR_LB,XDR_SHXYM,FRDB,AH,ZXFY,ZXYJWH,ZCZXYJDW,YW,LXQK,SXQX,LARQ,FBSJ'
{
    echo "$SX_HEAD"
    sx_row "$ORG_A" 广州反馈甲贸易有限公司 "（2026）粤01执300号" 2026-06-01
} >"$T/sx.csv"
{
    echo 'XDR_MC,XDR_LB,XDR_SHXYM,FRDB,RDWH,MDMC,RDYY,RDJG,RDRQ,YXQZ'
    echo "广州反馈乙科技有限公司,法人及非法人组织,$ORG_B,李四,穗税A〔2026〕2号,A级纳税人,2025年度纳税信用评价为A级,国家税务总局广州市税务局,2026/04/01,2027/03/31"
    echo "广州反馈戊实业有限公司,法人及非法人组织,$ORG_E,王五,穗税A〔2026〕3号,A级纳税人,2025年度纳税信用评价为A级,国家税务总局广州市税务局,2026/04/01,2026/12/31"
} >"$T/hmd.csv"
"$XY" ingest --quiet --dept "$COURT" --item sxbzxr "$T/sx.csv" >"$T/ingest.out" 2>&1 ||
    { echo "ingest sxbzxr failed: $(cat "$T/ingest.out")" >&2; exit 1; }
"$XY" ingest --quiet --dept "$TAX" --item hmd "$T/hmd.csv" >"$T/ingest.out" 2>&1 ||
    { echo "ingest hmd failed: $(cat "$T/ingest.out")" >&2; exit 1; }
TOKEN=$("$XY" user token issue --name 财政核查系统 --dept "$FIN" --expires-days 366 --json | jget token)
MTOKEN=$("$XY" user token issue --name 市场监管核查系统 --dept "$MKT" --expires-days 366 --json | jget token)
[ -n "$TOKEN" ] && [ -n "$MTOKEN" ] || { echo "token issue failed" >&2; exit 1; }
PW_OFFICE=$("$XY" user add k-office --role office --name 测试账号 --generate --json | jget password)
[ -n "$PW_OFFICE" ] || { echo "user add failed" >&2; exit 1; }

fin() { "$@" -H "Authorization: Bearer $TOKEN"; }
tpost() { post_json "$1" "$2" -H "Authorization: Bearer $TOKEN"; }
mpost() { post_json "$1" "$2" -H "Authorization: Bearer $MTOKEN"; }
body() { # SCENARIO CODE...
    python3 -c 'import json, sys; print(json.dumps({"scenario": sys.argv[1], "subjects": [{"code": c} for c in sys.argv[2:]]}))' "$@"
}
rescreens() { # TOKEN [STATE]: GET /api/v1/rescreens
    get "/api/v1/rescreens?state=${2:-open}" -H "Authorization: Bearer $1"
}

# ---------------------------------------------------------------- an old check (outside the window)
start_server "${RATE[@]}" XY_NOW=$T0
t "a check by 市场监管 148 days before: later list changes do not queue it"
desc "POST /api/v1/checks gov_procurement [ORG_N] as 市场监管 on $T0"
mpost /api/v1/checks "$(body gov_procurement "$ORG_N")"
expect_status 201
stop_server "$SPID"

# ---------------------------------------------------------------- checks and feedback
start_server "${RATE[@]}" XY_NOW=$T1
t "the checks the feedback answers"
desc "POST /api/v1/checks gov_procurement [ORG_A, ORG_M, ORG_B]"
tpost /api/v1/checks "$(body gov_procurement "$ORG_A" "$ORG_M" "$ORG_B")"
expect_status 201
CHECK1=$(jv 'j["id"]')
REC_A=$(jv 'j["results"][0]["hits"][0]["record"]')
REC_B=$(jv 'j["results"][2]["hits"][0]["record"]')
pycheck 'if [m["no"] for m in j["results"][0]["measures"]] != [1] or j["results"][2]["measures"] or not j["results"][2]["hits"]: bad("fixture: %r" % j["results"])'
desc "POST /api/v1/checks subsidy [ORG_A]"
tpost /api/v1/checks "$(body subsidy "$ORG_A")"
expect_status 201
CHECK2=$(jv 'j["id"]')
desc "POST /api/v1/checks gov_procurement [ORG_N]: no hit yet"
tpost /api/v1/checks "$(body gov_procurement "$ORG_N")"
expect_status 201
pycheck 'if j["results"][0]["hits"]: bad("ORG_N hit before it is listed")'
CHECK3=$(jv 'j["id"]')
desc "POST /api/v1/checks licensing [ORG_E]"
tpost /api/v1/checks "$(body licensing "$ORG_E")"
expect_status 201
pycheck 'if len(j["results"][0]["hits"]) != 1: bad("ORG_E: %r" % j["results"][0])'
desc "POST /api/v1/checks subsidy [ORG_A] as 市场监管"
mpost /api/v1/checks "$(body subsidy "$ORG_A")"
expect_status 201
CHECK_M=$(jv 'j["id"]')

# fb ID JSON-MEMBERS...: POST feedback with the members given as key=json pairs over a valid base
fb() {
    local id=$1
    shift
    post_json "/api/v1/checks/$id/feedback" "$(python3 - "$REC_A" "$@" <<'PY'
import json, sys
b = {"subject_no": 0, "record": sys.argv[1], "measure": 1, "taken": True,
     "result": "已取消其本次政府采购投标资格", "amount": "1234.56",
     "basis": "《政府采购法》第二十二条", "acted_on": "2026-11-26"}
for kv in sys.argv[2:]:
    k, v = kv.split("=", 1)
    if v == "DELETE": b.pop(k, None)
    else: b[k] = json.loads(v)
print(json.dumps(b, ensure_ascii=False))
PY
)" -H "Authorization: Bearer ${FB_TOKEN:-$TOKEN}"
}

t "feedback is accepted and returned as stored"
desc "POST feedback on ORG_A's hit, measure 1 taken"
fb "$CHECK1"
expect_status 201
expect_json
pycheck 'want = {"check": int(A[0]), "subject_no": 0, "record": A[1], "measure": 1, "taken": True, "amount": "1234.56", "acted_on": "2026-11-26", "current": True}
for k, v in want.items():
    if j.get(k) != v: bad("%s %r, expected %r" % (k, j.get(k), v))
if not isinstance(j.get("measure_item"), str) or not j["measure_item"]: bad("measure_item %r" % j.get("measure_item"))' "$CHECK1" "$REC_A"

t "each validation error answers 400 with its field"
bad_fb() { # FIELD DESC MEMBERS...
    local field=$1 what=$2
    shift 2
    desc "feedback with $what"
    fb "$CHECK1" "$@"
    expect_error 400 INVALID "$field"
}
bad_fb subject_no "subject_no outside the check" 'subject_no=5'
bad_fb subject_no "subject_no of a subject without a hit" 'subject_no=1' 'record=DELETE' 'measure=null'
bad_fb subject_no "no subject_no" 'subject_no=DELETE'
bad_fb subject_no "a negative subject_no" 'subject_no=-3'
pycheck 'if "-3" not in j["error"]["message"]: bad("the message does not name the value: %r" % j["error"]["message"])'
bad_fb subject_no "subject_no as text" 'subject_no="1"'
bad_fb subject_no "subject_no beyond 64 bits (not a malformed body)" 'subject_no=99999999999999999999'
bad_fb record "a record that is another subject's hit" "record=\"$REC_B\""
bad_fb record "a record id that is no record" 'record="0123456789abcdef"'
bad_fb measure "a catalogue measure the check did not give" 'measure=3'
pycheck 'if "不是本次核查" not in j["error"]["message"]: bad("the message does not say the check did not give it: %r" % j["error"]["message"])'
bad_fb measure "a measure the catalogue does not have" 'measure=99999'
bad_fb amount "a negative amount" 'amount="-5"'
bad_fb amount "an amount with 3 decimals" 'amount="10.123"'
bad_fb amount "an amount over 10^12 yuan" 'amount="1000000000001"'
bad_fb amount "an amount as a fraction number" 'amount=10.5'
bad_fb acted_on "a date after today" 'acted_on="2026-11-27"'
bad_fb acted_on "a date before the check" 'acted_on="2026-11-25"'
bad_fb acted_on "a date that does not exist" 'acted_on="2026-02-30"'
bad_fb result "not taken without a result" 'taken=false' 'result=DELETE'
bad_fb result "a result over 500 characters" "result=\"$(printf '果%.0s' $(seq 501))\""
bad_fb basis "no basis" 'basis=DELETE'
bad_fb taken "no taken" 'taken=DELETE'
bad_fb taken "taken as text" 'taken="yes"'

t "a batch check that is still running or failed takes no feedback"
# the rows a batch worker leaves: a check 'running' (its chunks still coming) and one 'failed'
read -r RUNNING FAILED < <(python3 - "$XINYONG_DB" "$FIN" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], timeout=10)
dept = db.execute("SELECT id FROM departments WHERE uscc = ?", (sys.argv[2],)).fetchone()[0]
ids = []
for state in ("running", "failed"):
    cur = db.execute("INSERT INTO checks(dept_id, scenario, asked_by, asked_at, list_version,"
                     " subjects, hits, kind, state) VALUES (?, 'gov_procurement', 'fixture',"
                     " 1795658400000, 0, 0, 0, 'batch', ?)", (dept, state))
    ids.append(str(cur.lastrowid))
db.commit()
print(" ".join(ids))
PY
)
desc "POST feedback on a running batch check"
fb "$RUNNING" 'subject_no=0'
expect_error 409 CONFLICT
pycheck 'if "尚未完成" not in j["error"]["message"]: bad("message %r" % j["error"]["message"])'
desc "POST feedback on a failed batch check"
fb "$FAILED" 'subject_no=0'
expect_error 409 CONFLICT
pycheck 'if "未能完成" not in j["error"]["message"]: bad("message %r" % j["error"]["message"])'

t "another department's check answers 404, as a missing one"
desc "POST feedback on 财政局's check as 市场监管"
FB_TOKEN=$MTOKEN fb "$CHECK1"
expect_error 404 NOT_FOUND
desc "GET feedback of 财政局's check as 市场监管"
get "/api/v1/checks/$CHECK1/feedback" -H "Authorization: Bearer $MTOKEN"
expect_error 404 NOT_FOUND
desc "POST feedback on check 999999"
fb 999999
expect_error 404 NOT_FOUND

t "later feedback supersedes earlier for the same subject, record and measure"
desc "feedback on ORG_A as a whole, no measure, not taken"
fb "$CHECK1" 'record=DELETE' 'measure=null' 'taken=false' 'result="该主体已主动退出投标"' 'amount=DELETE'
expect_status 201
pycheck 'if j.get("record") is not None or j.get("measure") is not None or j.get("amount") is not None or j.get("taken") is not False: bad("stored %r" % j)'
desc "feedback on ORG_A's hit, measure 1, now with 2000 yuan"
fb "$CHECK1" 'amount="2000"' 'result="已取消资格并扣减保证金"'
expect_status 201
desc "feedback on ORG_A in subsidy, measure 3, 100 yuan"
fb "$CHECK2" 'measure=3' 'amount="100"' 'result="暂停拨付补助资金"'
expect_status 201
desc "GET /api/v1/checks/$CHECK1/feedback"
get "/api/v1/checks/$CHECK1/feedback" -H "Authorization: Bearer $TOKEN"
expect_status 200
pycheck 'f = j["feedback"]
if [x["current"] for x in f] != [False, True, True]: bad("current flags %r" % [x["current"] for x in f])
if [x["amount"] for x in f] != ["1234.56", None, "2000.00"]: bad("amounts %r" % [x["amount"] for x in f])'

# ---------------------------------------------------------------- key figures
t "the key figures equal what was checked and fed back"
# 财政局: gov_procurement = CHECK1 (3 subjects, hits A and B) + CHECK3 (1, no hit); feedback on A
# only; the latest rows: measure 1 taken (2000.00), subject as a whole not taken.
# subsidy = CHECK2 (1 subject, hit, fed, measure 3 taken, 100.00); licensing = ORG_E (1, hit).
WANT_FIN='{"gov_procurement": [2, 4, 2, 1, 500, 1, 1, "2000.00"], "subsidy": [1, 1, 1, 1, 1000, 1, 0, "100.00"], "licensing": [1, 1, 1, 0, 0, 0, 0, "0.00"]}'
FIG='
want = json.loads(A[0])
keys = ["checks", "subjects", "hit_subjects", "fed_subjects", "feedback_rate_permille", "measures_taken", "measures_not_taken", "amount"]
rows = {(r["department"], r["scenario"]): r for r in j["rows"]}
for sc, w in want.items():
    r = rows.get(("广州市财政局", sc))
    if not r: bad("no row for 财政局 %s: %r" % (sc, list(rows))); continue
    got = [r[k] for k in keys]
    if got != w: bad("财政局 %s: %r, expected %r" % (sc, got, w))
'
desc "GET /api/v1/joint/figures?from=2026-11-01&to=2026-11-30 as the 财政局 token"
get "/api/v1/joint/figures?from=2026-11-01&to=2026-11-30" -H "Authorization: Bearer $TOKEN"
expect_status 200
pycheck "$FIG"'
if j["all_departments"] or j["total"] is not None: bad("a department sees totals")
if any(r["department"] != "广州市财政局" for r in j["rows"]): bad("a department sees another: %r" % [r["department"] for r in j["rows"]])
if len(j["rows"]) != 3: bad("rows %d, expected 3" % len(j["rows"]))' "$WANT_FIN"
post_json /api/v1/session "$(python3 -c 'import json, sys; print(json.dumps({"login": "k-office", "password": sys.argv[1]}))' "$PW_OFFICE")"
OSESS=$(hdr Set-Cookie | sed -n 's/^xy_session=\([^;]*\).*/\1/p')
[ -n "$OSESS" ] && ok || fail "office login: $ST"
desc "GET /api/v1/joint/figures as the credit office (stats.read): every department and totals"
get "/api/v1/joint/figures?from=2026-11-01&to=2026-11-30" -H "Cookie: xy_session=$OSESS"
expect_status 200
pycheck "$FIG"'
if not j["all_departments"]: bad("the office does not see every department")
m = [r for r in j["rows"] if r["scenario"] == "subsidy" and r["department"] != "广州市财政局"]
if len(m) != 1 or [m[0]["checks"], m[0]["hit_subjects"], m[0]["fed_subjects"], m[0]["feedback_rate_permille"]] != [1, 1, 0, 0]: bad("市场监管 subsidy %r" % m)
t = j["total"]
if [t["checks"], t["subjects"], t["hit_subjects"], t["fed_subjects"], t["measures_taken"], t["measures_not_taken"], t["amount"]] != [5, 7, 5, 2, 2, 1, "2100.00"]:
    bad("total %r" % t)
if t["feedback_rate_permille"] != 400: bad("total rate %r" % t["feedback_rate_permille"])' "$WANT_FIN"
desc "GET /api/v1/joint/figures from June: the old 市场监管 check counts"
get "/api/v1/joint/figures?from=2026-06-01&to=2026-11-30" -H "Cookie: xy_session=$OSESS"
pycheck 'if j["total"]["checks"] != 6: bad("total checks %r, expected 6" % j["total"]["checks"])'
desc "a bad date"
get "/api/v1/joint/figures?from=2026-13-01" -H "Authorization: Bearer $TOKEN"
expect_error 400 INVALID from
desc "a period that ends before it starts"
get "/api/v1/joint/figures?from=2026-11-30&to=2026-11-01" -H "Authorization: Bearer $TOKEN"
expect_error 400 INVALID from
t "xinyong joint figures prints the same numbers"
"$XY" joint figures --from 2026-11-01 --to 2026-11-30 --json >"$T/fig.json" 2>"$T/fig.err" && ok ||
    fail "joint figures: $(cat "$T/fig.err")"
python3 - "$T/fig.json" <<'PY' && ok || fail "joint figures --json differs"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
t = d["total"]
sys.exit(0 if [t["checks"], t["fed_subjects"], t["amount"]] == [5, 2, "2100.00"] else 1)
PY
"$XY" joint figures --from 2026-11-01 --to 2026-11-30 >"$T/fig.txt" 2>&1
grep -q "广州市财政局" "$T/fig.txt" && grep -q "合计" "$T/fig.txt" && grep -q "50.0%" "$T/fig.txt" && ok ||
    fail "joint figures text: $(cat "$T/fig.txt")"
stop_server "$SPID"

# ---------------------------------------------------------------- re-screening
t "subjects checked without a hit and listed afterwards are queued 'hit', once"
# ORG_N was checked alone (CHECK3), ORG_M second of three (CHECK1): neither was a subject then
{
    echo "$SX_HEAD"
    sx_row "$ORG_N" 广州反馈丁建设有限公司 "（2026）粤01执400号" 2026-11-26
    sx_row "$ORG_M" 广州反馈丙商贸有限公司 "（2026）粤01执401号" 2026-11-26
} >"$T/sx2.csv"
"$XY" ingest --quiet --dept "$COURT" --item sxbzxr "$T/sx2.csv" >"$T/ingest.out" 2>&1 ||
    fail "ingest of a new entry: $(cat "$T/ingest.out")"
"$XY" joint rescreen >"$T/rs1.out" 2>&1 && grep -q "新加入复核队列 2 项" "$T/rs1.out" && ok ||
    fail "joint rescreen (first): $(cat "$T/rs1.out")"
"$XY" joint rescreen >"$T/rs2.out" 2>&1 && grep -q "新加入复核队列 0 项" "$T/rs2.out" && ok ||
    fail "joint rescreen (again, nothing changed): $(cat "$T/rs2.out")"
start_server "${RATE[@]}" XY_NOW=$T1
desc "GET /api/v1/rescreens as 财政局"
rescreens "$TOKEN"
expect_status 200
pycheck 'rows = {r["code"]: r for r in j["rescreens"]}
if len(j["rescreens"]) != 2 or set(rows) != {A[0], A[2]}: bad("rows %r" % j["rescreens"])
for code, check, no, doc in ((A[0], A[1], 0, "（2026）粤01执400号"), (A[2], A[3], 1, "（2026）粤01执401号")):
    r = rows.get(code)
    if not r: continue
    if r["change"] != "hit" or r["check"] != int(check) or r["subject_no"] != no or r["state"] != "open": bad("row %r" % r)
    e = r["entries"]
    if len(e) != 1 or e[0]["state"] != "new" or e[0]["list"] != "sxbzxr" or e[0]["document"] != doc or not re.fullmatch(r"[0-9a-f]{16}", e[0]["record"] or ""): bad("entries %r" % e)' "$ORG_N" "$CHECK3" "$ORG_M" "$CHECK1"
RS1=$(jv '[r["id"] for r in j["rescreens"] if r["code"] == A[0]][0]' "$ORG_N")
RS_M=$(jv '[r["id"] for r in j["rescreens"] if r["code"] == A[0]][0]' "$ORG_M")
t "the queue pages by key: limit, has_more, before"
desc "GET /api/v1/rescreens?limit=1"
get "/api/v1/rescreens?limit=1" -H "Authorization: Bearer $TOKEN"
expect_status 200
pycheck 'if [r["id"] for r in j["rescreens"]] != [max(int(A[0]), int(A[1]))] or j["has_more"] is not True: bad("first page %r" % j)' "$RS1" "$RS_M"
desc "GET /api/v1/rescreens?limit=1&before=<the newest>"
get "/api/v1/rescreens?limit=1&before=$(( RS1 > RS_M ? RS1 : RS_M ))" -H "Authorization: Bearer $TOKEN"
expect_status 200
pycheck 'if [r["id"] for r in j["rescreens"]] != [min(int(A[0]), int(A[1]))] or j["has_more"] is not False: bad("second page %r" % j)' "$RS1" "$RS_M"
desc "GET /api/v1/rescreens?before=x"
get "/api/v1/rescreens?before=x" -H "Authorization: Bearer $TOKEN"
expect_error 400 INVALID before
desc "GET /api/v1/rescreens as 市场监管: its check of ORG_N is older than the window"
rescreens "$MTOKEN"
expect_status 200
pycheck 'if j["rescreens"]: bad("queued for a check outside the window: %r" % j["rescreens"])'
desc "GET /api/v1/rescreens?state=bogus"
get "/api/v1/rescreens?state=bogus" -H "Authorization: Bearer $TOKEN"
expect_error 400 INVALID state

t "a queued row is marked done once, by its department only"
desc "POST /api/v1/rescreens/$RS1/done as 市场监管"
mpost "/api/v1/rescreens/$RS1/done" '{"note": "x"}'
expect_error 404 NOT_FOUND
desc "POST /api/v1/rescreens/$RS1/done as 财政局"
tpost "/api/v1/rescreens/$RS1/done" '{"note": "已重新核查并暂停其投标资格"}'
expect_status 200
pycheck 'if j["state"] != "done" or j["note"] != "已重新核查并暂停其投标资格" or not j["done_at"]: bad("row %r" % j)'
desc "POST /api/v1/rescreens/$RS1/done again"
tpost "/api/v1/rescreens/$RS1/done" '{}'
expect_error 409 CONFLICT
desc "GET /api/v1/rescreens?state=done"
rescreens "$TOKEN" done
pycheck 'if [r["id"] for r in j["rescreens"]] != [int(A[0])]: bad("done rows %r" % j["rescreens"])' "$RS1"
desc "POST /api/v1/rescreens/$RS_M/done as 财政局"
tpost "/api/v1/rescreens/$RS_M/done" '{}'
expect_status 200
stop_server "$SPID"

t "an entry that ends is queued 'cleared' by the server's worker"
start_server "${RATE[@]}" XY_NOW=$T2
for _ in $(seq 50); do
    rescreens "$TOKEN"
    jt 'len(j["rescreens"]) > 0' && break
    sleep 0.2
done
desc "GET /api/v1/rescreens on $T2"
expect_status 200
pycheck 'r = j["rescreens"]
if len(r) != 1: bad("%d rows, expected 1 (ORG_E cleared): %r" % (len(r), r))
else:
    r = r[0]
    if r["change"] != "cleared" or r["code"] != A[0]: bad("row %r" % r)
    if [e["state"] for e in r["entries"]] != ["gone"] or r["entries"][0]["end_date"] != "2026-12-31": bad("entries %r" % r["entries"])' "$ORG_E"
XY_NOW=$T2 "$XY" joint rescreen >"$T/rs3.out" 2>&1 && grep -q "新加入复核队列 0 项" "$T/rs3.out" && ok ||
    fail "joint rescreen after the worker: $(cat "$T/rs3.out")"

t "every write is in the audit trail"
for action in check.feedback rescreen.run rescreen.done; do
    n=$("$XY" audit search --action "$action" --json 2>/dev/null | python3 -c 'import json, sys
d = json.load(sys.stdin)
print(len(d if isinstance(d, list) else d.get("rows", [])))' 2>/dev/null || echo 0)
    [ "${n:-0}" -ge 1 ] && ok || fail "no $action audit row"
done

t "every answer of this script conforms to web/openapi.json"
check_samples

finish
