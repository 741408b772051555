#!/bin/bash
# lists.sh - black-list additions wait for a second person's approval, and the lists on the
# portal (issue 6), against the real `xinyong serve` on a small generated city:
#   a court's submitter uploads 失信被执行人 entries over HTTP (POST /api/v1/batches): while they
#   wait they are in no list page, on no subject's page and no check hit; the submitter cannot
#   approve its own (403, 须由另一名工作人员审核); a reviewer approves one (published, a check hit,
#   the submitter notified) and the credit office rejects another with a reason (never
#   published); a decided one is not decided again (409); a correction of the approved entry is
#   not held again; a red list (A级纳税人) publishes at once; GET /api/v1/lists carries each list's
#   basis, issuer, duration, count and last date; the approval queue is the approvers' in full and
#   the department's own masked, nobody else's; every decision and read is audited; no ID number
#   or natural person's full name in any public answer (privacy_scan.py over the whole portal).
# Today is one fixed day (XY_NOW, base/time.c).
# usage: XY=build/src/xinyong bash tests/api/lists.sh   (KEEP=1 keeps the temp folder)
. "$(dirname "$0")/lib.sh"
export XY_NOW=2026-11-26T02:00:00 # 10:00 in Beijing, Thursday 26 November 2026
setup
setup_city 23 80 120 120
RATE=(XINYONG_HTTP_RATE_PER_MIN=1000000 XINYONG_HTTP_RATE_BURST=1000000)

jget() {
    python3 -c 'import json, sys; v = json.load(sys.stdin).get(sys.argv[1]); print("" if v is None else v)' "$1"
}
# uscc SEQ: a valid 统一社会信用代码 of a company (91440101...), both check characters right
uscc() {
    python3 - "$1" <<'EOF'
import sys
cs = "0123456789ABCDEFGHJKLMNPQRTUWXY"
org8 = "L%07d" % int(sys.argv[1])
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
OTHER=$(city '[d["code"] for d in c["depts"] if "sxbzxr" not in d["items"]][0]')
[ -n "$COURT" ] && [ -n "$TAX" ] && [ -n "$OTHER" ] || { echo "the city lacks a department" >&2; exit 1; }
ORG_P=$(uscc 1) # approved
ORG_R=$(uscc 2) # rejected
ORG_G=$(uscc 3) # A级纳税人: a red list publishes at once
ORG_Y=$(uscc 4) # put on the list by a "correction" of ORG_P's entry: waits like an addition
PERSON_ID=$(city 'c["persons"][0]["id"]')
PERSON_NAME=$(city 'c["persons"][0]["name"]')
[ -n "$PERSON_ID" ] && [ -n "$PERSON_NAME" ] || { echo "the city has no person" >&2; exit 1; }

SX_HEAD='XDR_MC,XDR_LB,XDR_SHXYM,XDR_ZJLX,XDR_ZJHM,FRDB,AH,ZXFY,ZXYJWH,ZCZXYJDW,YW,LXQK,SXQX,LARQ,FBSJ'
sx_row() { # NAME KIND CODE IDNO CASE_NO DATE [DUTY]
    local lb=法人及非法人组织 zjlx="" frdb=张三
    [ "$2" = person ] && lb=自然人 zjlx=身份证 frdb=""
    echo "$1,$lb,$3,$zjlx,$4,$frdb,$5,广州市中级人民法院,（2025）粤01民初9号,广州市中级人民法院,${7:-支付货款人民币50万元},全部未履行,有履行能力而拒不履行生效法律文书确定义务,2026/01/10,${6//-//}"
}
{
    echo "$SX_HEAD"
    sx_row 广州名单甲贸易有限公司 org "$ORG_P" "" "（2026）粤01执301号" 2026-11-02
    sx_row 广州名单乙建材有限公司 org "$ORG_R" "" "（2026）粤01执302号" 2026-11-03
    sx_row "$PERSON_NAME" person "" "$PERSON_ID" "（2026）粤01执303号" 2026-11-04
} >"$T/sx.csv"
{
    echo "$SX_HEAD"
    sx_row 广州名单甲贸易有限公司 org "$ORG_P" "" "（2026）粤01执301号" 2026-11-02 支付货款人民币48万元
} >"$T/sx-corrected.csv"
{
    echo "$SX_HEAD"
    sx_row 广州名单丁物流有限公司 org "$ORG_Y" "" "（2026）粤01执301号" 2026-11-02 支付货款人民币48万元
} >"$T/sx-swapped.csv"
{
    echo 'XDR_MC,XDR_LB,XDR_SHXYM,FRDB,RDWH,MDMC,RDYY,RDJG,RDRQ,YXQZ'
    echo "广州名单丙科技有限公司,法人及非法人组织,$ORG_G,李四,穗税A〔2026〕9号,A级纳税人,2025年度纳税信用评价为A级,国家税务总局广州市税务局,2026/04/01,2027/03/31"
} >"$T/hmd.csv"

add_user() { # LOGIN ROLE [args]: prints the password
    local login=$1 role=$2
    shift 2
    "$XY" user add "$login" --role "$role" --name 测试账号 --generate --json "$@" | jget password ||
        { echo "user add $login failed" >&2; exit 1; }
}
declare -A PW SESS CSRF
PW[l-sub]=$(add_user l-sub submitter --dept "$COURT")
PW[l-sub2]=$(add_user l-sub2 submitter --dept "$COURT")
PW[l-tax]=$(add_user l-tax submitter --dept "$TAX")
PW[l-other]=$(add_user l-other dept_user --dept "$OTHER")
PW[l-rev]=$(add_user l-rev reviewer)
PW[l-off]=$(add_user l-off office)
PW[l-subj]=$(add_user l-subj subject)
TOKEN=$("$XY" user token issue --name 法院核查系统 --dept "$COURT" --json | jget token)
[ -n "$TOKEN" ] || { echo "token issue failed" >&2; exit 1; }

start_server "${RATE[@]}"

login() { # LOGIN
    post_json /api/v1/session "$(python3 -c 'import json, sys; print(json.dumps({"login": sys.argv[1], "password": sys.argv[2]}))' "$1" "${PW[$1]}")"
    SESS[$1]=$(hdr Set-Cookie | sed -n 's/^xy_session=\([^;]*\).*/\1/p')
    CSRF[$1]=$(jv 'j.get("csrf_token", "") if isinstance(j, dict) else ""')
    [ "$ST" = 200 ] && [ -n "${SESS[$1]}" ] && ok || fail "login of $1: $ST $(head -c 300 "$B")"
}
for u in l-sub l-sub2 l-tax l-other l-rev l-off l-subj; do login "$u"; done
# sreq WHO METHOD PATH [curl args]: with WHO's session (and CSRF token on anything but GET)
sreq() {
    local who=$1 m=$2 p=$3
    shift 3
    local auth=(-H "Cookie: xy_session=${SESS[$who]}")
    [ "$m" = GET ] || auth+=(-H "X-CSRF-Token: ${CSRF[$who]}")
    req "$m" "$p" "${auth[@]}" "$@"
}
sjson() { sreq "$1" POST "$2" -H 'Content-Type: application/json' -H 'Expect:' --data-binary "$3"; }
decide() { sjson "$1" "/api/v1/approvals/$2" "$3"; } # WHO ID BODY
# upload WHO ITEM FILE: a department file over HTTP, waited for until stored (20 s at most)
upload() {
    local id st
    sreq "$1" POST "/api/v1/batches?item=$2&name=$(basename "$3")" -H 'Content-Type: text/csv' -H 'Expect:' --data-binary "@$3"
    [ "$ST" = 202 ] || { fail "upload of $3 by $1: $ST $(head -c 300 "$B")"; return 1; }
    id=$(jv 'j.get("id", "")')
    for _ in $(seq 200); do
        sreq "$1" GET "/api/v1/batches/$id"
        st=$(jv 'j.get("status", "")')
        case "$st" in done) ok; return 0 ;; failed) fail "batch $id failed: $(head -c 300 "$B")"; return 1 ;; esac
        sleep 0.1
    done
    fail "batch $id is still '$st' after 20 s"
    return 1
}
tcheck() { # CODE...: POST /api/v1/checks with the court's token
    post_json /api/v1/checks "$(python3 -c 'import json, sys; print(json.dumps({"scenario": "gov_procurement", "subjects": [{"code": c, "type": "enterprise"} for c in sys.argv[1:]]}))' "$@")" \
        -H "Authorization: Bearer $TOKEN"
}
# entries ITEM: every entry of a list over all its pages into $T/entries.json
entries() {
    python3 - "$BASE" "$1" >"$T/entries.json" <<'EOF'
import json, sys, urllib.request
base, item = sys.argv[1], sys.argv[2]
out, page = [], 1
while True:
    with urllib.request.urlopen("%s/api/v1/lists/%s/entries?page=%d&per_page=50" % (base, item, page)) as r:
        j = json.load(r)
    out += j["entries"]
    if not j["has_more"]:
        break
    page += 1
json.dump(out, sys.stdout, ensure_ascii=False)
EOF
}
has_document() { # DOCUMENT: 0 when $T/entries.json lists it
    python3 -c 'import json, sys; sys.exit(0 if any(e.get("document") == sys.argv[2] for e in json.load(open(sys.argv[1], encoding="utf-8"))) else 1)' "$T/entries.json" "$1"
}

# ---------------------------------------------------------------- 1. held while pending
t "a court's submission over HTTP is held: in no list, on no subject page, no check hit"
upload l-sub sxbzxr "$T/sx.csv"
desc "GET /api/v1/approvals?state=pending as the reviewer"
sreq l-rev GET "/api/v1/approvals?state=pending"
expect_status 200
expect_json
pycheck '
items = j.get("items", [])
docs = {}
for it in items:
    req_keys(it, ["id", "state", "state_name", "item", "item_name", "list_kind", "department", "submitted_by", "submitted_at", "decided_by", "decided_at", "reason", "full", "may_decide", "record", "subject"], "approval")
    for f in it["record"]["fields"]:
        if f["code"] == "AH": docs[f["value"]] = it
want = ["（2026）粤01执301号", "（2026）粤01执302号", "（2026）粤01执303号"]
if sorted(docs) != want: bad("pending documents %r, expected %r" % (sorted(docs), want))
for it in items:
    if it["state"] != "pending" or it["state_name"] != "待审核" or it["item"] != "sxbzxr" or it["list_kind"] != "black": bad("approval %r" % {k: it[k] for k in ("state", "item", "list_kind")})
    if it["submitted_by"] != "l-sub" or not it["full"] or not it["may_decide"] or it["decided_by"] is not None: bad("approval %r" % {k: it[k] for k in ("submitted_by", "full", "may_decide", "decided_by")})
    if it["record"].get("public") is not False: bad("a pending record says public %r" % it["record"].get("public"))
p = docs.get("（2026）粤01执303号")
if p and (p["subject"]["name"] != A[0] or not any(f["value"] == A[1] for f in p["record"]["fields"])): bad("the approver does not see the person in full")
' "$PERSON_NAME" "$PERSON_ID"
eval "$(jv '"\n".join("CASE_%s=%d" % ({"（2026）粤01执301号": "P", "（2026）粤01执302号": "R", "（2026）粤01执303号": "H"}[f["value"]], it["id"]) for it in j["items"] for f in it["record"]["fields"] if f["code"] == "AH")')"
[ -n "${CASE_P:-}" ] && [ -n "${CASE_R:-}" ] && [ -n "${CASE_H:-}" ] || { fail "no case ids"; finish; exit 1; }

entries sxbzxr
! has_document "（2026）粤01执301号" && ! has_document "（2026）粤01执303号" && ok ||
    fail "a pending entry is on the list page"
desc "GET /api/v1/lists/sxbzxr (the older list page)"
get "/api/v1/lists/sxbzxr?per_page=50"
pycheck 'if any(f["value"].startswith("（2026）粤01执30") for e in j["items"] for f in e["record"]["fields"]): bad("a pending entry on /api/v1/lists/sxbzxr")'
desc "GET /api/v1/subjects/$ORG_P while pending"
get "/api/v1/subjects/$ORG_P"
expect_status 200
pycheck 'if any(r.get("item") == "sxbzxr" for t in j.get("tabs", []) for r in t.get("records", [])): bad("the pending entry is on the subject page")'
desc "POST /api/v1/checks [ORG_P] while pending"
tcheck "$ORG_P"
expect_status 201
pycheck 'if j["results"][0]["hits"]: bad("a pending entry is a check hit: %r" % j["results"][0]["hits"])'

t "the department sees its own additions masked; another department and a subject see none"
desc "GET /api/v1/approvals as the court's other submitter"
sreq l-sub2 GET "/api/v1/approvals"
expect_status 200
pycheck '
its = j["items"]
if len(its) != 3: bad("the department sees %d additions, expected 3" % len(its))
for it in its:
    if it["full"] or it["may_decide"]: bad("a department view says full/may_decide: %r" % {k: it[k] for k in ("full", "may_decide")})
    if A[0] in json.dumps(it, ensure_ascii=False): bad("the department view shows the ID number in full")
p = [it for it in its if any(f["value"] == "（2026）粤01执303号" for f in it["record"]["fields"])]
if not p or not p[0]["subject"]["masked"] or p[0]["subject"]["name"] == A[1]: bad("the department view does not mask the person as the public sees them")
' "$PERSON_ID" "$PERSON_NAME"
desc "GET /api/v1/approvals as another department"
sreq l-other GET "/api/v1/approvals"
expect_status 200
pycheck 'if j["items"]: bad("another department sees %d additions" % len(j["items"]))'
desc "GET /api/v1/approvals as a subject"
sreq l-subj GET "/api/v1/approvals"
expect_error 403 DENIED
desc "GET /api/v1/approvals without a session"
get "/api/v1/approvals"
expect_status 401
desc "GET /api/v1/approvals?state=later"
sreq l-rev GET "/api/v1/approvals?state=later"
expect_error 400 INVALID state
desc "GET /api/v1/approvals?limit=1000"
sreq l-rev GET "/api/v1/approvals?limit=1000"
expect_error 400 INVALID limit

# ---------------------------------------------------------------- 2. deciding
t "the submitter cannot approve its own addition; nobody without list.approve can"
desc "POST /api/v1/approvals/$CASE_P approve as the submitter"
decide l-sub "$CASE_P" '{"decision": "approve"}'
expect_error 403 DENIED
pycheck 'if "须由另一名工作人员审核" not in j["error"]["message"]: bad("message %r" % j["error"]["message"])'
desc "POST /api/v1/approvals/$CASE_P approve as another submitter of the court"
decide l-sub2 "$CASE_P" '{"decision": "approve"}'
expect_error 403 DENIED
desc "POST /api/v1/approvals/$CASE_P as a subject"
decide l-subj "$CASE_P" '{"decision": "approve"}'
expect_error 403 DENIED

t "bad decisions: 400 naming the field; an unknown case 404"
desc "decision maybe"
decide l-rev "$CASE_P" '{"decision": "maybe"}'
expect_error 400 INVALID decision
desc "no decision"
decide l-rev "$CASE_P" '{}'
expect_error 400 INVALID decision
desc "reject without a reason"
decide l-rev "$CASE_R" '{"decision": "reject", "reason": "  "}'
expect_error 400 INVALID reason
desc "a reason that is a number"
decide l-rev "$CASE_R" '{"decision": "reject", "reason": 5}'
expect_error 400 INVALID reason
desc "a reason with an ID number"
decide l-rev "$CASE_R" "{\"decision\": \"reject\", \"reason\": \"证件号 $PERSON_ID 有误\"}"
expect_error 400 INVALID reason
grep -q "$PERSON_ID" "$B" && fail "the ID number is echoed" || ok
desc "case 999999"
decide l-rev 999999 '{"decision": "approve"}'
expect_error 404 NOT_FOUND
desc "case abc"
decide l-rev abc '{"decision": "approve"}'
expect_error 404 NOT_FOUND

t "a reviewer approves: published, on the subject page, a check hit, the submitter notified"
desc "POST /api/v1/approvals/$CASE_P approve as the reviewer"
decide l-rev "$CASE_P" '{"decision": "approve"}'
expect_status 200
pycheck 'if j.get("state") != "approved" or j.get("decided_by") != "l-rev" or not j.get("decided_at") or j.get("may_decide"): bad("after approval %r" % {k: j.get(k) for k in ("state", "decided_by", "decided_at", "may_decide")})'
desc "POST /api/v1/approvals/$CASE_H approve as the credit office"
decide l-off "$CASE_H" '{"decision": "approve"}'
expect_status 200
entries sxbzxr
has_document "（2026）粤01执301号" && ok || fail "the approved entry is not on the list page"
python3 - "$T/entries.json" "$ORG_P" "$PERSON_ID" "$PERSON_NAME" <<'EOF' && ok || fail "the approved entries as listed: see above"
import json, sys
es, org, idno, name = json.load(open(sys.argv[1], encoding="utf-8")), sys.argv[2], sys.argv[3], sys.argv[4]
bad = []
e = [x for x in es if x.get("document") == "（2026）粤01执301号"]
if len(e) != 1:
    bad.append("entry 301: %r" % e)
else:
    e = e[0]
    want = {"entry_date": "2026-11-02", "disputed": False}
    for k, v in want.items():
        if e.get(k) != v: bad.append("%s %r, expected %r" % (k, e.get(k), v))
    if e["subject"]["code"] != org or e["subject"]["name"] != "广州名单甲贸易有限公司": bad.append("subject %r" % e["subject"])
    if e["href"] != "record.html?id=" + e["record"]: bad.append("href %r" % e["href"])
    for k in ("record", "subject", "list_name", "document", "entry_date", "exit_date", "public_until", "disputed", "department", "href"):
        if k not in e: bad.append("an entry lacks %s" % k)
p = [x for x in es if x.get("document") == "（2026）粤01执303号"]
if len(p) != 1: bad.append("the person's entry: %r" % p)
text = json.dumps(es, ensure_ascii=False)
if idno in text: bad.append("an ID number in full on the list page")
if name in text: bad.append("a natural person's full name on the list page")
for b in bad: print(b, file=sys.stderr)
sys.exit(1 if bad else 0)
EOF
desc "GET /api/v1/subjects/$ORG_P after approval"
get "/api/v1/subjects/$ORG_P"
expect_status 200
pycheck 'if not any(r.get("item") == "sxbzxr" for t in j.get("tabs", []) for r in t.get("records", [])): bad("the approved entry is not on the subject page")'
desc "POST /api/v1/checks [ORG_P] after approval"
tcheck "$ORG_P"
expect_status 201
pycheck 'h = j["results"][0]["hits"]
if len(h) != 1 or h[0]["list"] != "sxbzxr" or h[0]["document"] != "（2026）粤01执301号": bad("the approved entry is no check hit: %r" % h)'
desc "GET /api/v1/notifications as the submitter"
sreq l-sub GET /api/v1/notifications
expect_status 200
pycheck 'texts = [n.get("text", "") for n in j.get("items", j.get("notifications", []))]
if not any("已审核通过" in x and A[0] in x for x in texts): bad("no approval notice for case %s: %r" % (A[0], texts))' "$CASE_P"
desc "POST /api/v1/approvals/$CASE_P approve again"
decide l-off "$CASE_P" '{"decision": "approve"}'
expect_error 409 CONFLICT

t "a rejected addition never appears; the submitter reads why"
desc "POST /api/v1/approvals/$CASE_R reject as the credit office"
decide l-off "$CASE_R" '{"decision": "reject", "reason": "案号与执行依据不符，请核实后重新报送"}'
expect_status 200
pycheck 'if j.get("state") != "rejected" or j.get("reason") != "案号与执行依据不符，请核实后重新报送": bad("after rejection %r" % {k: j.get(k) for k in ("state", "reason")})'
entries sxbzxr
! has_document "（2026）粤01执302号" && ok || fail "the rejected entry is on the list page"
desc "GET /api/v1/subjects/$ORG_R"
get "/api/v1/subjects/$ORG_R"
pycheck 'if any(r.get("item") == "sxbzxr" for t in j.get("tabs", []) for r in t.get("records", [])): bad("the rejected entry is on the subject page")'
desc "POST /api/v1/checks [ORG_R]"
tcheck "$ORG_R"
pycheck 'if j["results"][0]["hits"]: bad("the rejected entry is a check hit")'
desc "GET /api/v1/notifications as the submitter"
sreq l-sub GET /api/v1/notifications
pycheck 'texts = [n.get("text", "") for n in j.get("items", j.get("notifications", []))]
if not any("不予发布" in x and "案号与执行依据不符" in x for x in texts): bad("no rejection notice with its reason: %r" % texts)'
desc "GET /api/v1/approvals?state=done as the reviewer"
sreq l-rev GET "/api/v1/approvals?state=done"
expect_status 200
pycheck 'st = sorted((it["id"], it["state"], it["decided_by"]) for it in j["items"])
want = sorted([(int(A[0]), "approved", "l-rev"), (int(A[1]), "rejected", "l-off"), (int(A[2]), "approved", "l-off")])
if st != want: bad("done %r, expected %r" % (st, want))' "$CASE_P" "$CASE_R" "$CASE_H"
desc "GET /api/v1/approvals?state=pending after the decisions"
sreq l-rev GET "/api/v1/approvals?state=pending"
pycheck 'if j["items"]: bad("still pending: %r" % [i["id"] for i in j["items"]])'

# ---------------------------------------------------------------- 3. corrections and red lists
t "a correction of an approved entry is not held again"
upload l-sub sxbzxr "$T/sx-corrected.csv"
desc "GET /api/v1/approvals?state=pending after the correction"
sreq l-rev GET "/api/v1/approvals?state=pending"
pycheck 'if j["items"]: bad("a correction was held: %r" % [i["id"] for i in j["items"]])'
entries sxbzxr
has_document "（2026）粤01执301号" && ok || fail "the corrected entry left the list page"
desc "GET /api/v1/subjects/$ORG_P after the correction"
get "/api/v1/subjects/$ORG_P"
pycheck 'r = [r for t in j.get("tabs", []) for r in t.get("records", []) if r.get("item") == "sxbzxr"]
if len(r) != 1 or r[0].get("version") != 2 or not any(f["value"] == "支付货款人民币48万元" for f in r[0]["fields"]): bad("the corrected entry %r" % r)'

t "a new version naming another subject waits for a second person like an addition"
upload l-sub sxbzxr "$T/sx-swapped.csv"
desc "GET /api/v1/approvals?state=pending after the subject swap"
sreq l-rev GET "/api/v1/approvals?state=pending"
pycheck 'if len(j["items"]) != 1: bad("the subject swap was not held: %r" % [i["id"] for i in j["items"]])'
SWAP=$(jv 'j["items"][0]["id"] if j["items"] else ""')
desc "POST /api/v1/checks [ORG_Y, ORG_P] while the swap waits"
tcheck "$ORG_Y" "$ORG_P"
pycheck 'if j["results"][0]["hits"] or j["results"][1]["hits"]: bad("a hit while the swap waits: %r" % [r["hits"] for r in j["results"]])'
desc "POST /api/v1/approvals/$SWAP approve as the reviewer"
decide l-rev "$SWAP" '{"decision": "approve"}'
expect_status 200
desc "POST /api/v1/checks [ORG_Y] after the approval"
tcheck "$ORG_Y"
pycheck 'if not j["results"][0]["hits"]: bad("the approved swap is not a hit")'

t "a red list (A级纳税人) publishes at once"
upload l-tax hmd "$T/hmd.csv"
# (the subject swap above was decided: nothing else waits)
desc "GET /api/v1/approvals?state=pending after the red list"
sreq l-rev GET "/api/v1/approvals?state=pending"
pycheck 'if j["items"]: bad("a red-list entry was held")'
entries hmd
has_document "穗税A〔2026〕9号" && ok || fail "the A级纳税人 entry is not on the list page"
python3 -c 'import json, sys
e = [x for x in json.load(open(sys.argv[1], encoding="utf-8")) if x.get("document") == "穗税A〔2026〕9号"]
sys.exit(0 if e and e[0]["list_name"] == "A级纳税人" and e[0]["exit_date"] == "2027-03-31" and e[0]["entry_date"] == "2026-04-01" else 1)' "$T/entries.json" &&
    ok || fail "the A级纳税人 entry lacks its list name or dates"

# ---------------------------------------------------------------- 4. the lists
t "GET /api/v1/lists: every list with its basis, issuer, duration, count and last date"
desc "GET /api/v1/lists"
get /api/v1/lists
expect_status 200
expect_json
expect_security_headers
pycheck '
ls = {x["item"]: x for x in j.get("lists", [])}
for x in ls.values():
    req_keys(x, ["item", "name", "kind", "kind_name", "issuer", "basis", "publicity", "duration_months", "second_approval", "names", "in_effect", "in_effect_at_least", "last_updated"], "list")
if sorted(ls) != ["hmd", "jyyc", "sxbzxr", "yzsx", "yzwfsx", "zdsswf"]: bad("lists %r" % sorted(ls))
want = {
    "sxbzxr": ("black", "人民法院", "法释〔2017〕7号", 24, True),
    "zdsswf": ("black", "税务机关", "国家税务总局令第54号", 36, True),
    "yzwfsx": ("black", "市场监督管理部门", "国家市场监督管理总局令第44号", 36, True),
    "jyyc": ("watch", "市场监督管理部门", "国家工商行政管理总局令第68号", 0, False),
    "hmd": ("red", None, "国家税务总局公告2014年第40号", 0, False),
}
for k, (kind, issuer, basis, months, two) in want.items():
    x = ls.get(k)
    if not x: continue
    if x["kind"] != kind or (issuer and x["issuer"] != issuer) or basis not in (x["basis"] or "") or x["duration_months"] != months or x["second_approval"] != two:
        bad("%s: %r" % (k, {f: x[f] for f in ("kind", "issuer", "basis", "duration_months", "second_approval")}))
s = ls.get("sxbzxr", {})
if not isinstance(s.get("in_effect"), int) or s["in_effect"] < 2: bad("sxbzxr in_effect %r" % s.get("in_effect"))
if s.get("last_updated") is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s["last_updated"]) or s["last_updated"] < "2026-11-04": bad("sxbzxr last_updated %r" % s.get("last_updated"))
h = ls.get("hmd", {})
if "A级纳税人" not in h.get("names", []): bad("hmd names %r" % h.get("names"))
if j.get("as_of") != "2026-11-26": bad("as_of %r" % j.get("as_of"))
'
SX_COUNT=$(jv '[x["in_effect"] for x in j["lists"] if x["item"] == "sxbzxr"][0]')
entries sxbzxr
[ "$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1], encoding="utf-8"))))' "$T/entries.json")" = "$SX_COUNT" ] && ok ||
    fail "sxbzxr in_effect $SX_COUNT differs from the entries listed"
desc "GET /api/v1/lists/xzcf/entries (no list)"
get /api/v1/lists/xzcf/entries
expect_error 404 NOT_FOUND item
desc "GET /api/v1/lists/nosuch/entries"
get /api/v1/lists/nosuch/entries
expect_error 404 NOT_FOUND item
desc "GET /api/v1/lists/sxbzxr/entries?page=0"
get "/api/v1/lists/sxbzxr/entries?page=0"
expect_error 400 INVALID page
desc "GET /api/v1/lists/sxbzxr/entries?per_page=100000"
get "/api/v1/lists/sxbzxr/entries?per_page=100000"
expect_error 400 INVALID per_page

# ---------------------------------------------------------------- 5. the audit trail
t "holds, decisions and reads are in the audit trail"
for a in list_add.hold list_add.approve list_add.reject list_add.read; do
    n=$("$XY" audit search --action "$a" --json 2>/dev/null | python3 -c 'import json, sys
d = json.load(sys.stdin)
print(len(d if isinstance(d, list) else d.get("rows", [])))' 2>/dev/null || echo 0)
    [ "${n:-0}" -ge 1 ] && ok || fail "no $a audit row"
done

# ---------------------------------------------------------------- 6. privacy
t "no ID number in this script's answers (but the approvers' full view) or the log"
python3 - "$T" "$T/city.json" <<'EOF' && ok || fail "personal data in an answer: see above"
import glob, json, os, re, sys
T, city = sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8"))
idnos = set(city["idnos"])
samples = {}
for line in open(os.path.join(T, "samples.tsv"), encoding="utf-8"):
    m, path, st, ct, body = line.rstrip("\n").split("\t")
    samples[body] = (m, path)
bad = []
for p in glob.glob(os.path.join(T, "b.*")) + glob.glob(os.path.join(T, "serve.*.log")):
    m, path = samples.get(p, ("", ""))
    if path.startswith("/api/v1/approvals"):
        continue  # the approvers' full view: a list.approve holder's audited read
    text = open(p, encoding="utf-8", errors="replace").read()
    for x in re.findall(r"[0-9]{17}[0-9Xx]", text):
        if x in idnos:
            bad.append("%s (%s %s) holds the ID number %s…" % (os.path.basename(p), m, path, x[:6]))
for b in bad[:10]:
    print(b, file=sys.stderr)
sys.exit(1 if bad else 0)
EOF
python3 "$HERE/privacy_scan.py" "$BASE" "$T/city.json" "$SLOG" >"$T/scan.out" 2>"$T/scan.err" && ok ||
    fail "privacy_scan.py: $(grep -h FAIL "$T/scan.out" "$T/scan.err" | head -5)"

t "every answer of this script conforms to web/openapi.json"
check_samples

finish
