#!/bin/bash
# screen.sh - batch screening (issue 6, POST /api/v1/screens) against the real `xinyong serve` on a
# small generated city:
#   a CSV of 100,000 rows (list subjects of our own and of the demo city hitting, subjects found by
#   name, an ID number, bad rows: a wrong check character, no code and no name, a person by name,
#   a name too long, a cell over the cell cap, an unknown type) -> the job runs to done with
#   progress, rows_done 100,000, the bad rows reported with their line numbers, the hits counted
#   right; results as CSV and as xlsx; another department cannot see the job; a file over
#   screen.max_bytes is refused with 413; a file without a code or name column fails with the
#   message; an xlsx upload (shared and inline strings, a gap column, a gap row) works; a job cut
#   by a crash is run again after the restart; `xinyong screen run|list|show`; no ID number in
#   any answer or in the server's log; every answer conforms to web/openapi.json.
# usage: XY=build/src/xinyong bash tests/api/screen.sh   (KEEP=1 keeps the temp folder)
. "$(dirname "$0")/lib.sh"
export XY_NOW=2026-11-26T02:00:00 # 10:00 in Beijing, Thursday 26 November 2026
setup
setup_city 17 80 120 120
RATE=(XINYONG_HTTP_RATE_PER_MIN=1000000 XINYONG_HTTP_RATE_BURST=1000000)

jget() {
    python3 -c 'import json, sys; v = json.load(sys.stdin).get(sys.argv[1]); print("" if v is None else v)' "$1"
}
# uscc PREFIX SEQ: a valid 统一社会信用代码 (91440101 + an organisation code PREFIX%07d + check chars)
USCC_PY='
cs = "0123456789ABCDEFGHJKLMNPQRTUWXY"
ow = [3, 7, 9, 10, 5, 8, 4, 2]
uw = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
def uscc(prefix, seq):
    org8 = "%s%07d" % (prefix, seq)
    v = lambda ch: int(ch) if ch.isdigit() else ord(ch) - 55
    c9 = 11 - sum(w * v(ch) for w, ch in zip(ow, org8)) % 11
    first = "91440101" + org8 + {10: "X", 11: "0"}.get(c9, str(c9))
    return first + cs[(31 - sum(w * cs.index(ch) for w, ch in zip(uw, first)) % 31) % 31]
'
uscc() { python3 -c "$USCC_PY"'
import sys; print(uscc(sys.argv[1], int(sys.argv[2])))' "$1" "$2"; }

# ---------------------------------------------------------------- fixtures (CLI)
COURT=$(city '[d["code"] for d in c["depts"] if "sxbzxr" in d["items"]][0]')
MKT=$(city '[d["code"] for d in c["depts"] if "jyyc" in d["items"]][0]')
[ -n "$COURT" ] && [ -n "$MKT" ] || { echo "the city lacks a department" >&2; exit 1; }
FIN=$(python3 - <<'EOF'
cs = "0123456789ABCDEFGHJKLMNPQRTUWXY"
first = "11440100MB2C9900" + "1"
uw = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
print(first + cs[(31 - sum(w * cs.index(ch) for w, ch in zip(uw, first)) % 31) % 31])
EOF
)
"$XY" dept add --code "$FIN" --name 广州市财政局 --items xzcf >/dev/null ||
    { echo "dept add 广州市财政局 failed" >&2; exit 1; }

# 20 organisations of our own on the 失信被执行人 list, in effect today
{
    echo 'XDR_MC,XDR_LB,XDR_SHXYM,FRDB,AH,ZXFY,ZXYJWH,ZCZXYJDW,YW,LXQK,SXQX,LARQ,FBSJ'
    python3 -c "$USCC_PY"'
for k in range(20):
    print("广州筛查%d号贸易有限公司,法人及非法人组织,%s,张三,（2026）粤01执%d号,广州市中级人民法院,（2025）粤01民初1号,广州市中级人民法院,支付货款人民币50万元,全部未履行,有履行能力而拒不履行生效法律文书确定义务,2026/01/10,2026/06/01" % (k, uscc("E", k + 1), 300 + k))'
} >"$T/sx.csv"
"$XY" ingest --quiet --dept "$COURT" --item sxbzxr "$T/sx.csv" >"$T/ingest.out" 2>&1 ||
    { echo "ingest sxbzxr failed: $(cat "$T/ingest.out")" >&2; exit 1; }
# the demo city's organisations on the 失信被执行人 list, and a person of the city
city '[r["code"] for r in c["rows"] if r["item"] == "sxbzxr" and r["kind"] != "自然人" and r["code"]][:10]' >"$T/city_codes.json"
PERSON_ID=$(city 'c["persons"][0]["id"]')
[ -n "$PERSON_ID" ] || { echo "the city has no person" >&2; exit 1; }

add_user() { # LOGIN ROLE [args]: prints the password
    local login=$1 role=$2
    shift 2
    "$XY" user add "$login" --role "$role" --name 测试账号 --generate --json "$@" | jget password ||
        { echo "user add $login failed" >&2; exit 1; }
}
declare -A PW SESS CSRF
PW[s-fin]=$(add_user s-fin dept_user --dept "$FIN")
PW[s-mkt]=$(add_user s-mkt dept_user --dept "$MKT")
PW[s-office]=$(add_user s-office office)
TOKEN=$("$XY" user token issue --name 财政筛查系统 --dept "$FIN" --json | jget token)
[ -n "$TOKEN" ] || { echo "token issue failed" >&2; exit 1; }

# ---------------------------------------------------------------- the 100,000-row file
# Data row i is on line i + 2. Expected outcomes go to $T/expect.json.
python3 - "$T" "$PERSON_ID" <<EOF || { echo "making the screening file failed" >&2; exit 1; }
$USCC_PY
import csv, io, json, sys
T, person = sys.argv[1], sys.argv[2]
city_codes = json.load(open(T + "/city_codes.json"))
listed = [(uscc("E", k + 1), "广州筛查%d号贸易有限公司" % k) for k in range(20)]
bad = {}
rows = []
kinds = {"code_hit": [], "name_hit": [], "city": [], "person": []}
for i in range(100000):
    line = i + 2
    code, name, typ = uscc("D", i), "广州测试%d号有限公司" % i, "企业" if i % 3 else ""
    if i % 1000 == 7:
        code, name = listed[(i // 1000) % 20]
        kinds["code_hit"].append(line)
    elif i % 5000 == 9:
        code, name, typ = "", listed[(i // 5000) % 20][1], ""
        kinds["name_hit"].append(line)
    elif i % 10000 == 3 and city_codes:
        code, name = city_codes[(i // 10000) % len(city_codes)], ""
        kinds["city"].append((line, code))
    elif i == 21:
        code, name, typ = person, "王小明", "自然人"
        kinds["person"].append(line)
    elif i in (11, 50011):
        code = code[:17] + ("1" if code[17] == "0" else "0")
        bad[line] = "统一社会信用代码"
    elif i in (12, 60012):
        code, name, typ = "", "", ""
        bad[line] = ""
    elif i == 13:
        code, name, typ = "", "李四", "自然人"
        bad[line] = "*"
    elif i == 14:
        name = "广州" + "很长" * 150 + "有限公司"
        bad[line] = "名称"
    elif i == 15:
        name = "x" * 9000  # over XY_SHEET_MAX_CELL (8192)
        bad[line] = ""
    elif i == 16:
        typ = "外星人"
        bad[line] = "主体类型"
    elif i == 17:
        code = person[:17] + ("1" if person[17] == "0" else "0")
        bad[line] = "统一社会信用代码"
    rows.append([str(i + 1), code, name, typ])
out = io.StringIO()
w = csv.writer(out, lineterminator="\r\n")
w.writerow(["序号", "统一社会信用代码", "名称", "主体类型"])
w.writerows(rows)
open(T + "/big.csv", "w", encoding="utf-8").write(out.getvalue())
json.dump({"bad": bad, **kinds}, open(T + "/expect.json", "w"), ensure_ascii=False)
EOF
[ "$(wc -l <"$T/big.csv")" -eq 100001 ] || { echo "the screening file has $(wc -l <"$T/big.csv") lines" >&2; exit 1; }

start_server "${RATE[@]}"
MAIN_PID=$SPID

login() { # WHO LOGIN
    post_json /api/v1/session "$(python3 -c 'import json, sys; print(json.dumps({"login": sys.argv[1], "password": sys.argv[2]}))' "$2" "${PW[$2]}")"
    SESS[$1]=$(hdr Set-Cookie | sed -n 's/^xy_session=\([^;]*\).*/\1/p')
    CSRF[$1]=$(jv 'j.get("csrf_token", "") if isinstance(j, dict) else ""')
    [ "$ST" = 200 ] && [ -n "${SESS[$1]}" ] && ok || fail "login of $2: $ST $(head -c 300 "$B")"
}
login fin s-fin
login mkt s-mkt
login office s-office
AUTH_T=(-H "Authorization: Bearer $TOKEN")
AS_FIN=(-H "Cookie: xy_session=${SESS[fin]}" -H "X-CSRF-Token: ${CSRF[fin]}")
AS_MKT=(-H "Cookie: xy_session=${SESS[mkt]}" -H "X-CSRF-Token: ${CSRF[mkt]}")
AS_OFFICE=(-H "Cookie: xy_session=${SESS[office]}" -H "X-CSRF-Token: ${CSRF[office]}")
# upload FILE QUERY [curl args]: POST /api/v1/screens?QUERY with FILE as the body
upload() {
    local f=$1 q=$2
    shift 2
    req POST "/api/v1/screens?$q" -H 'Content-Type: text/csv' -H 'Expect:' --data-binary "@$f" "$@"
}
# wait_job ID [curl args]: poll until the job is done or failed (180 s at most); JOB_SEEN_RUNNING
# is set when an answer showed the job running part way
wait_job() {
    local id=$1 state=""
    shift
    JOB_SEEN_RUNNING=""
    for _ in $(seq 900); do
        req GET "/api/v1/screens/$id" "$@"
        state=$(jv 'j.get("state", "") if isinstance(j, dict) else ""')
        if [ "$state" = running ] && jt '0 < j["rows_done"] < j["rows_total"] == 100000'; then
            JOB_SEEN_RUNNING=1
        fi
        case $state in done | failed) return 0 ;; esac
        sleep 0.2
    done
    fail "job $id still '$state' after 180 s"
    return 1
}
EXPECT="$T/expect.json"

# ---------------------------------------------------------------- 1. the 100,000-row job
t "a CSV of 100,000 rows is queued (202) and screened to done with progress"
desc "POST /api/v1/screens gov_procurement big.csv as the 财政局 token"
upload "$T/big.csv" "scenario=gov_procurement&file_name=%E7%AD%9B%E6%9F%A5%E5%90%8D%E5%8D%95.csv&format=csv" "${AUTH_T[@]}"
expect_status 202
expect_json
pycheck 'for k in ["id", "scenario", "scenario_name", "file_name", "format", "state", "rows_total", "rows_done", "rows_bad", "hits", "check_id", "error", "submitted_at", "links"]:
    if k not in j: bad("job lacks %s" % k)
if j.get("state") not in ("queued", "running"): bad("state %r" % j.get("state"))
if j.get("file_name") != "筛查名单.csv" or j.get("format") != "csv" or j.get("scenario_name") != "政府采购": bad("job %r" % j)'
JOB=$(jv 'j["id"]')
wait_job "$JOB" "${AUTH_T[@]}"
desc "GET /api/v1/screens/$JOB when it ended"
expect_status 200
[ -n "$JOB_SEEN_RUNNING" ] && echo "  (progress seen while running)" >&2
python3 - "$T/city_codes.json" "$PERSON_ID" >"$T/oracle.json" <<'EOF'
import json, sys
codes = json.load(open(sys.argv[1])) + [sys.argv[2]]
print(json.dumps({"scenario": "gov_procurement", "subjects": [{"code": c} for c in codes]}))
EOF
# the demo city's codes and the person as a check of their own says (the check API is the
# oracle for them): the codes with a hit
CITY_HITS=$(curl -s -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" \
    --data-binary "@$T/oracle.json" "$BASE/api/v1/checks" | python3 -c 'import json, sys
asked = [s["code"] for s in json.load(open(sys.argv[1]))["subjects"]]
print(json.dumps([c for c, r in zip(asked, json.load(sys.stdin)["results"]) if r["hits"]]))' "$T/oracle.json") ||
    fail "the oracle check failed"
req GET "/api/v1/screens/$JOB" "${AUTH_T[@]}"
pycheck 'e = json.load(open(A[0])); city_hits = set(json.loads(A[1]))
want_hits = len(e["code_hit"]) + len(e["name_hit"]) + sum(1 for _, c in e["city"] if c in city_hits) + (1 if A[2] in city_hits else 0)
if j["state"] != "done": bad("state %r error %r" % (j["state"], j["error"]))
if j["rows_total"] != 100000 or j["rows_done"] != 100000: bad("rows_total %r rows_done %r" % (j["rows_total"], j["rows_done"]))
if j["rows_bad"] != len(e["bad"]): bad("rows_bad %r, expected %d" % (j["rows_bad"], len(e["bad"])))
if j["hits"] != want_hits: bad("hits %r, expected %d (%d by code, %d by name, city %d)" % (j["hits"], want_hits, len(e["code_hit"]), len(e["name_hit"]), want_hits - len(e["code_hit"]) - len(e["name_hit"])))
if not isinstance(j["check_id"], int) or j["check_id"] <= 0: bad("check_id %r" % j["check_id"])
if j["error"] is not None: bad("error %r" % j["error"])
for k in ("results_csv", "results_xlsx", "errors"):
    if k not in j["links"]: bad("links lack %s" % k)' "$EXPECT" "$CITY_HITS" "$PERSON_ID"
CHECK_ID=$(jv 'j["check_id"]')
WANT_HITS=$(jv 'j["hits"]')

t "the error report lists every bad row by its line, and no ID number in the clear"
desc "GET /api/v1/screens/$JOB/errors"
req GET "/api/v1/screens/$JOB/errors" "${AUTH_T[@]}"
expect_status 200
[[ "$(hdr Content-Type)" == text/csv* ]] && ok || fail "errors Content-Type $(hdr Content-Type)"
expect_no_store
[[ "$(hdr Content-Disposition)" == *"screen-$JOB-errors.csv"* ]] && ok || fail "errors Content-Disposition $(hdr Content-Disposition)"
python3 - "$B" "$EXPECT" "$PERSON_ID" <<'EOF' && ok || fail "the error report: see above"
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
e, person = json.load(open(sys.argv[2])), sys.argv[3]
bad = []
if rows[0] != ["行号", "列", "值", "问题"]: bad.append("header %r" % rows[0])
lines = {int(r[0]): r for r in rows[1:]}
if sorted(lines) != sorted(int(k) for k in e["bad"]): bad.append("lines %r, expected %r" % (sorted(lines), sorted(int(k) for k in e["bad"])))
for k, col in e["bad"].items():
    r = lines.get(int(k))
    if not r: continue
    if col != "*" and r[1] != col: bad.append("line %s: column %r, expected %r" % (k, r[1], col))
    if not r[3]: bad.append("line %s: no problem given" % k)
    if len(r[2]) > 70: bad.append("line %s: the value is quoted whole (%d chars)" % (k, len(r[2])))
text = open(sys.argv[1], encoding="utf-8-sig").read()
if person[:17] in text: bad.append("an ID number is in the report in the clear")
for b in bad: print(b, file=sys.stderr)
sys.exit(1 if bad else 0)
EOF

t "the results as CSV: one line per hit and one per subject without a hit"
desc "GET /api/v1/screens/$JOB/results?format=csv"
req GET "/api/v1/screens/$JOB/results?format=csv" "${AUTH_T[@]}"
expect_status 200
[[ "$(hdr Content-Type)" == text/csv* ]] && ok || fail "results Content-Type $(hdr Content-Type)"
cp "$B" "$T/results.csv"
python3 - "$T/results.csv" "$EXPECT" "$WANT_HITS" "$PERSON_ID" <<'EOF' && ok || fail "the results CSV: see above"
import csv, json, sys
raw = open(sys.argv[1], "rb").read()
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
e, want_hits, person = json.load(open(sys.argv[2])), int(sys.argv[3]), sys.argv[4]
bad = []
if not raw.startswith(b"\xef\xbb\xbf"): bad.append("no BOM")
head = ["行号", "代码", "名称", "结果", "名单", "列入日期", "移出日期", "文书号", "有异议", "匹配度", "匹配理由", "适用措施"]
if rows[0] != head: bad.append("header %r" % rows[0])
by_line = {}
for r in rows[1:]:
    by_line.setdefault(int(r[0]), []).append(r)
if len(by_line) != 100000 - len(e["bad"]): bad.append("%d subjects in the results, expected %d" % (len(by_line), 100000 - len(e["bad"])))
hit_lines = [l for l, rs in by_line.items() if any(r[3] == "命中" for r in rs)]
if len(hit_lines) != want_hits: bad.append("%d lines with a hit, the job says %d" % (len(hit_lines), want_hits))
for l in e["code_hit"][:3]:
    rs = by_line.get(l, [])
    r = rs[0] if rs else None
    if not r or r[3] != "命中" or r[4] != "失信被执行人" or r[5] != "2026-06-01" or not r[7].startswith("（2026）粤01执3") or r[8] != "否" or r[9] != "100":
        bad.append("code hit on line %d: %r" % (l, rs))
    elif not r[11].startswith("1 "): bad.append("line %d: measures %r, expected 序号 1 for 广州市财政局" % (l, r[11]))
for l in e["name_hit"][:3]:
    rs = [r for r in by_line.get(l, []) if r[3] == "命中"]
    if not rs or int(rs[0][9]) < 80 or "名单主体" not in rs[0][10]: bad.append("name hit on line %d: %r" % (l, by_line.get(l)))
for l in e["person"]:
    r = by_line.get(l, [[None] * 12])[0]
    if r[1] == person or "*" not in (r[1] or "") or r[2] == "王小明": bad.append("line %d: person not masked: %r" % (l, r[:3]))
if person.encode() in raw: bad.append("an ID number in the results")
miss = by_line.get(3, [[None] * 12])
if miss[0][3] != "未命中" or any(miss[0][4:]): bad.append("a miss: %r" % miss)
for b in bad: print(b, file=sys.stderr)
sys.exit(1 if bad else 0)
EOF

t "the results as xlsx: the same table, every cell a string"
desc "GET /api/v1/screens/$JOB/results?format=xlsx"
req GET "/api/v1/screens/$JOB/results?format=xlsx" "${AUTH_T[@]}"
expect_status 200
[[ "$(hdr Content-Type)" == application/vnd.openxmlformats-officedocument.spreadsheetml.sheet* ]] && ok ||
    fail "xlsx Content-Type $(hdr Content-Type)"
[[ "$(hdr Content-Disposition)" == *"screen-$JOB-results.xlsx"* ]] && ok || fail "xlsx Content-Disposition $(hdr Content-Disposition)"
python3 - "$B" "$T/results.csv" <<'EOF' && ok || fail "the results xlsx: see above"
import csv, re, sys, zipfile
bad = []
try:
    z = zipfile.ZipFile(sys.argv[1])
    names = z.namelist()
    sheet = [n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")]
    xml = z.read(sheet[0]).decode("utf-8")
    sst = z.read("xl/sharedStrings.xml").decode("utf-8") if "xl/sharedStrings.xml" in names else ""
except Exception as ex:
    bad.append("not an xlsx: %s" % ex)
    xml = sst = ""
n_csv = sum(1 for _ in csv.reader(open(sys.argv[2], encoding="utf-8-sig", newline="")))
n_xlsx = len(re.findall(r"<row[ >]", xml))
if xml and n_xlsx != n_csv: bad.append("%d rows in the xlsx, %d lines in the CSV" % (n_xlsx, n_csv))
if xml and "（2026）粤01执300号" not in xml + sst: bad.append("the 文书号 of a hit is not in the workbook")
if xml and re.search(r'<c [^>]*t="n"|<c r="[A-Z]+\d+"( s="\d+")?><v>', xml): bad.append("a cell is a number, not a string")
for b in bad: print(b, file=sys.stderr)
sys.exit(1 if bad else 0)
EOF

t "the job is its department's: the 财政局 account sees it, another department gets 404"
desc "GET /api/v1/screens as dept_user of 财政局"
req GET /api/v1/screens "${AS_FIN[@]}"
expect_status 200
pycheck 'if int(A[0]) not in [x["id"] for x in j["items"]]: bad("job %s not listed" % A[0])' "$JOB"
desc "GET /api/v1/screens/$JOB/results as dept_user of 财政局"
req GET "/api/v1/screens/$JOB/results" "${AS_FIN[@]}"
expect_status 200
for p in "" /results /errors; do
    desc "GET /api/v1/screens/$JOB$p as another department"
    req GET "/api/v1/screens/$JOB$p" "${AS_MKT[@]}"
    expect_error 404 NOT_FOUND
done
desc "GET /api/v1/screens as another department"
req GET /api/v1/screens "${AS_MKT[@]}"
expect_status 200
pycheck 'if j["items"]: bad("another department lists %r" % [x["id"] for x in j["items"]])'
desc "GET /api/v1/screens/99999999"
req GET /api/v1/screens/99999999 "${AUTH_T[@]}"
expect_error 404 NOT_FOUND

# ---------------------------------------------------------------- 2. refusals
t "bad input: 400 with the field; no session 401; no permission 403"
printf '统一社会信用代码\n%s\n' "$(uscc D 1)" >"$T/small.csv"
desc "unknown scenario"
upload "$T/small.csv" "scenario=bid" "${AUTH_T[@]}"
expect_error 400 INVALID scenario
desc "no scenario"
upload "$T/small.csv" "file_name=a.csv" "${AUTH_T[@]}"
expect_error 400 INVALID scenario
desc "format pdf"
upload "$T/small.csv" "scenario=gov_procurement&format=pdf" "${AUTH_T[@]}"
expect_error 400 INVALID format
desc "an empty body"
: >"$T/empty.csv"
upload "$T/empty.csv" "scenario=gov_procurement" "${AUTH_T[@]}"
expect_error 400 INVALID file
desc "results in an unknown format"
req GET "/api/v1/screens/$JOB/results?format=pdf" "${AUTH_T[@]}"
expect_error 400 INVALID format
desc "no session"
upload "$T/small.csv" "scenario=gov_procurement"
expect_error 401 UNAUTHENTICATED
desc "the credit office (no check permission)"
upload "$T/small.csv" "scenario=gov_procurement" "${AS_OFFICE[@]}"
expect_error 403 DENIED

t "a file without a code or name column fails with the message"
printf '地址,电话\n广州市越秀区,020-12345678\n' >"$T/nohead.csv"
desc "POST /api/v1/screens nohead.csv"
upload "$T/nohead.csv" "scenario=gov_procurement&file_name=nohead.csv" "${AS_FIN[@]}"
expect_status 202
NOHEAD=$(jv 'j["id"]')
wait_job "$NOHEAD" "${AS_FIN[@]}"
pycheck 'if j["state"] != "failed" or "表头" not in (j["error"] or "") or "统一社会信用代码" not in j["error"]: bad("job %r" % {k: j[k] for k in ("state", "error")})
if j["check_id"] is not None: bad("a check was started: %r" % j["check_id"])'
desc "GET /api/v1/screens/$NOHEAD/results of the failed job"
req GET "/api/v1/screens/$NOHEAD/results" "${AS_FIN[@]}"
expect_error 409 CONFLICT

# ---------------------------------------------------------------- 3. xlsx
t "an xlsx upload: shared and inline strings, a gap column and a gap row"
python3 - "$T/up.xlsx" "$(uscc E 1)" "$(uscc E 2)" "$(uscc D 7)" <<'EOF' || fail "making the xlsx failed"
import sys, zipfile
path, a, b, miss = sys.argv[1:]
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
def inline(ref, t): return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, t)
with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook %s %s><sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>' % (NS, R))
    z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    z.writestr("xl/sharedStrings.xml", '<?xml version="1.0"?><sst %s count="2"><si><t>统一社会信用代码</t></si><si><t>%s</t></si></sst>' % (NS, miss))
    z.writestr("xl/worksheets/sheet1.xml", '<?xml version="1.0"?><worksheet %s><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c>%s</row>'
        '<row r="2">%s%s</row>'
        '<row r="3"><c r="A3" t="s"><v>1</v></c></row>'
        '<row r="5">%s%s</row>'
        '</sheetData></worksheet>' % (NS, inline("C1", "名称"), inline("A2", a), inline("C2", "广州筛查0号贸易有限公司"),
                                      inline("A5", b), inline("C5", "广州筛查1号贸易有限公司")))
EOF
desc "POST /api/v1/screens up.xlsx"
req POST "/api/v1/screens?scenario=gov_procurement&file_name=up.xlsx" -H 'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' \
    -H 'Expect:' --data-binary "@$T/up.xlsx" "${AUTH_T[@]}"
expect_status 202
pycheck 'if j["format"] != "xlsx": bad("format %r" % j["format"])'
XJOB=$(jv 'j["id"]')
wait_job "$XJOB" "${AUTH_T[@]}"
pycheck 'if (j["state"], j["rows_total"], j["rows_done"], j["rows_bad"], j["hits"]) != ("done", 3, 3, 0, 2): bad("xlsx job %r" % {k: j[k] for k in ("state", "rows_total", "rows_done", "rows_bad", "hits", "error")})'
req GET "/api/v1/screens/$XJOB/results" "${AUTH_T[@]}"
pycheck 'import csv, io
rows = list(csv.reader(io.StringIO(open(sys.argv[1], encoding="utf-8-sig").read())))
got = [(r[0], r[3]) for r in rows[1:]]
if got != [("2", "命中"), ("3", "未命中"), ("5", "命中")]: bad("xlsx results %r" % got)'
desc "GET /api/v1/screens/$XJOB/errors of a job without bad rows: the header only"
req GET "/api/v1/screens/$XJOB/errors" "${AUTH_T[@]}"
expect_status 200
pycheck 'text = open(sys.argv[1], encoding="utf-8-sig").read()
if text.strip() != "行号,列,值,问题": bad("errors of a clean job %r" % text[:200])'

# ---------------------------------------------------------------- 4. too large
t "a file over screen.max_bytes is refused with 413 before it is read"
stop_server "$MAIN_PID" # one worker at a time from here on: the crash test below kills it
start_server "${RATE[@]}" XINYONG_SCREEN_MAX_BYTES=4096
head -c 20000 "$T/big.csv" >"$T/20k.csv"
desc "POST /api/v1/screens of 20 KB with screen.max_bytes 4096"
upload "$T/20k.csv" "scenario=gov_procurement" "${AUTH_T[@]}"
expect_error 413 TOO_LARGE
desc "POST /api/v1/screens of a small file on the same server"
upload "$T/small.csv" "scenario=gov_procurement" "${AUTH_T[@]}"
expect_status 202
stop_server "$SPID"

# ---------------------------------------------------------------- 5. a crash part way
t "a job cut by a crash is queued again at the restart and run to done with a new check"
start_server "${RATE[@]}"
FIRST_PID=$SPID
desc "POST /api/v1/screens big.csv again"
upload "$T/big.csv" "scenario=gov_procurement&file_name=again.csv" "${AUTH_T[@]}"
expect_status 202
CJOB=$(jv 'j["id"]')
OLD_CHECK=""
# a tight loop of bare curl calls: on a small city the second pass takes a fraction of a second,
# so the job is cut as soon as it has its check (the answer lists state before check_id)
for _ in $(seq 3000); do
    J=$(curl -s "${AUTH_T[@]}" "$BASE/api/v1/screens/$CJOB")
    case $J in
    *'"state":"running"'*'"check_id":'[0-9]*)
        { kill -KILL "$FIRST_PID" && wait "$FIRST_PID"; } 2>/dev/null # no "Killed" line
        OLD_CHECK=$(echo "$J" | sed -n 's/.*"check_id":\([0-9]*\).*/\1/p')
        break
        ;;
    *'"state":"done"'* | *'"state":"failed"'*) break ;;
    esac
done
if [ -n "$OLD_CHECK" ]; then
    PIDS=$(echo "$PIDS" | tr ' ' '\n' | grep -vx "$FIRST_PID" | tr '\n' ' ')
    start_server "${RATE[@]}"
    wait_job "$CJOB" "${AUTH_T[@]}"
    if jt 'j["check_id"] == int(A[0])' "$OLD_CHECK"; then
        # the kill landed after the job had ended: nothing was cut
        echo "  (the job ended before the kill landed: the crash test was not run)" >&2
    else
        pycheck 'if (j["state"], j["rows_done"], j["rows_bad"]) != ("done", 100000, int(A[1])):
    bad("after the restart: %r (the cut run had check %s)" % ({k: j[k] for k in ("state", "rows_done", "rows_bad", "check_id", "error")}, A[0]))
if j["hits"] != int(A[2]): bad("hits %r after the restart, expected %s" % (j["hits"], A[2]))' "$OLD_CHECK" \
            "$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["bad"]))' "$EXPECT")" "$WANT_HITS"
        desc "GET /api/v1/checks/$OLD_CHECK: the check of the cut run is closed"
        req GET "/api/v1/checks/$OLD_CHECK" "${AUTH_T[@]}"
        expect_status 200
        pycheck 'if "state" in j and j["state"] not in ("failed", "done"): bad("the cut check is %r" % j["state"])'
        "$XY" screen show "$CJOB" >/dev/null 2>&1 && ok || fail "screen show of the recovered job"
        ls "$XINYONG_DB.screens/$CJOB.results.csv" "$XINYONG_DB.screens/$CJOB.errors.csv" >/dev/null 2>&1 &&
            fail "plain files of the cut run are left in the job folder" || ok
    fi
else
    echo "  (the job ended before it could be cut: the crash test was not run)" >&2
    wait_job "$CJOB" "${AUTH_T[@]}"
fi

t "a job the server died in twice is failed at the restart, not run again; left-over files go"
stop_server "$SPID"
SDIR="$XINYONG_DB.screens"
LOOP=$(sqlite3 "$XINYONG_DB" "INSERT INTO screen_jobs(dept_id, scenario, submitted_by, submitted_at,
  file_name, format, state, started_at, attempts) SELECT dept_id, scenario, submitted_by, submitted_at,
  'loop.csv', format, 'running', started_at, 2 FROM screen_jobs WHERE id = $CJOB; SELECT last_insert_rowid();")
ONCE=$(sqlite3 "$XINYONG_DB" "INSERT INTO screen_jobs(dept_id, scenario, submitted_by, submitted_at,
  file_name, format, state, started_at, attempts) SELECT dept_id, scenario, submitted_by, submitted_at,
  'once.csv', format, 'running', started_at, 1 FROM screen_jobs WHERE id = $CJOB; SELECT last_insert_rowid();")
printf '统一社会信用代码,名称\n' >"$SDIR/$LOOP.upload"
printf '统一社会信用代码,名称\n%s,广州筛查1号贸易有限公司\n' "$(uscc E 2)" >"$SDIR/$ONCE.upload"
echo x >"$SDIR/$LOOP.results.csv"
echo x >"$SDIR/99999999.upload"
echo x >"$SDIR/$CJOB.errors.csv"
echo x >"$SDIR/incoming-old"
echo x >"$SDIR/download-old"
touch -d '-1 hour' "$SDIR/incoming-old" "$SDIR/download-old"
echo x >"$SDIR/incoming-new"
chmod 600 "$SDIR"/*
start_server "${RATE[@]}"
desc "GET /api/v1/screens/$LOOP after the restart"
req GET "/api/v1/screens/$LOOP" "${AUTH_T[@]}"
expect_status 200
pycheck 'if j.get("state") != "failed" or "筛查多次中断" not in (j.get("error") or ""):
    bad("the job that kept dying: %r" % {k: j.get(k) for k in ("state", "error")})'
wait_job "$ONCE" "${AUTH_T[@]}"
pycheck 'if j.get("state") != "done": bad("the job cut once was not run again: %r" % j.get("state"))'
for f in "$LOOP.upload" "$LOOP.results.csv" 99999999.upload "$CJOB.errors.csv" incoming-old download-old; do
    [ -e "$SDIR/$f" ] && fail "$f is left in the job folder" || ok
done
# a spool file just written may be another process's upload in flight
[ -e "$SDIR/incoming-new" ] && ok || fail "a fresh spool file was removed"
rm -f "$SDIR/incoming-new"

# ---------------------------------------------------------------- 6. at rest
t "the job folder keeps the results and the report sealed only"
ls "$XINYONG_DB.screens/" >"$T/folder.txt"
grep -q "^$JOB.results.sealed$" "$T/folder.txt" && grep -q "^$JOB.errors.sealed$" "$T/folder.txt" && ok ||
    fail "job folder: $(tr '\n' ' ' <"$T/folder.txt")"
grep -qE '\.(csv|upload)$|^download-|^incoming-' "$T/folder.txt" && fail "plain files in the job folder: $(tr '\n' ' ' <"$T/folder.txt")" || ok
[ "$(stat -c %a "$XINYONG_DB.screens")" = 700 ] && ok || fail "job folder mode $(stat -c %a "$XINYONG_DB.screens")"
! grep -aq "广州筛查0号" "$XINYONG_DB.screens/$JOB.results.sealed" && ok || fail "the sealed results hold a name in the clear"

# ---------------------------------------------------------------- 7. the CLI
t "xinyong screen run | list | show"
{
    echo '统一社会信用代码,名称'
    echo "$(uscc E 3),广州筛查2号贸易有限公司"
    echo "$(uscc D 5),"
    echo "91440101MA5XXXXX1X,坏代码"
    echo ",,"
} >"$T/cli.csv"
rc=0
"$XY" screen run --scenario gov_procurement "$T/cli.csv" --out "$T/cli-results.xlsx" --errors "$T/cli-errors.csv" \
    >"$T/cli.out" 2>"$T/cli.err" || rc=$?
[ "$rc" -eq 3 ] && ok || fail "screen run with a bad row: exit $rc, expected 3: $(cat "$T/cli.out" "$T/cli.err")"
grep -q "已完成" "$T/cli.out" && grep -q "命中主体 1 个" "$T/cli.out" && grep -q "问题行 1 行" "$T/cli.out" && ok ||
    fail "screen run summary: $(cat "$T/cli.out")"
grep -q "筛查：已处理" "$T/cli.err" && ok || fail "no progress on stderr: $(cat "$T/cli.err")"
python3 - "$T/cli-results.xlsx" "$T/cli-errors.csv" <<'EOF' && ok || fail "screen run files: see above"
import csv, sys, zipfile, os
bad = []
z = zipfile.ZipFile(sys.argv[1])
xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/"))
if "（2026）粤01执302号" not in xml: bad.append("the hit is not in the xlsx")
if os.stat(sys.argv[1]).st_mode & 0o077: bad.append("results file readable by others")
rows = list(csv.reader(open(sys.argv[2], encoding="utf-8-sig")))
if [r[0] for r in rows[1:]] != ["4"]: bad.append("errors %r" % rows)
for b in bad: print(b, file=sys.stderr)
sys.exit(1 if bad else 0)
EOF
CLI_JOB=$(sed -n 's/^筛查任务 \([0-9]*\) 已完成.*/\1/p' "$T/cli.out")
"$XY" screen list >"$T/list.out" 2>&1 && grep -q "cli.csv" "$T/list.out" && grep -q "big.csv\|筛查名单.csv" "$T/list.out" && ok ||
    fail "screen list: $(cat "$T/list.out")"
"$XY" screen show "$CLI_JOB" >"$T/show.out" 2>&1 && grep -q "已完成" "$T/show.out" && grep -q "问题行 1" "$T/show.out" && ok ||
    fail "screen show $CLI_JOB: $(cat "$T/show.out")"
rc=0
"$XY" screen show 99999999 >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 5 ] && ok || fail "screen show of an unknown job: exit $rc, expected 5"
rc=0
"$XY" screen run --scenario nosuch "$T/cli.csv" >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 4 ] && ok || fail "screen run with an unknown scenario: exit $rc, expected 4"
rc=0
"$XY" screen run --scenario gov_procurement "$T/nohead.csv" >/dev/null 2>"$T/nohead.err" || rc=$?
[ "$rc" -eq 4 ] && grep -q "表头" "$T/nohead.err" && ok || fail "screen run without a header: exit $rc: $(cat "$T/nohead.err")"

t "an ID number written with a hyphen, a space or in exponent form is masked in the results and the report"
{
    echo '统一社会信用代码,名称'
    echo "${PERSON_ID:0:6}-${PERSON_ID:6},"
    echo "${PERSON_ID:0:6} ${PERSON_ID:6},"
    echo "${PERSON_ID:0:1}.${PERSON_ID:1:14}E+17,"
    echo "x,${PERSON_ID:0:6}－${PERSON_ID:6}"
} >"$T/idno.csv"
"$XY" screen run --scenario gov_procurement "$T/idno.csv" --out "$T/idno-results.csv" --errors "$T/idno-errors.csv" \
    >"$T/idno.out" 2>&1
[ -s "$T/idno-results.csv" ] || [ -s "$T/idno-errors.csv" ] && ok || fail "screen run of idno.csv wrote nothing: $(cat "$T/idno.out")"
cat "$T/idno-results.csv" "$T/idno-errors.csv" "$T/idno.out" 2>/dev/null | grep -q -e "${PERSON_ID:6:8}" -e "${PERSON_ID:1:14}" &&
    fail "an ID number is in the clear: $(cat "$T/idno-results.csv" "$T/idno-errors.csv" 2>/dev/null | tr '\n' ' ')" || ok

# ---------------------------------------------------------------- 8. the audit trail and privacy
t "uploads and downloads are in the audit trail"
for action in screen.submit screen.results.read screen.errors.read; do
    n=$("$XY" audit search --action "$action" --json 2>/dev/null | python3 -c 'import json, sys
d = json.load(sys.stdin)
print(len(d if isinstance(d, list) else d.get("rows", [])))' 2>/dev/null || echo 0)
    [ "${n:-0}" -ge 2 ] && ok || fail "$action audit rows: ${n:-0}"
done

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
for b in bad[:10]:
    print(b, file=sys.stderr)
sys.exit(1 if bad else 0)
EOF

t "every answer of this script conforms to web/openapi.json"
check_samples

finish
