#!/bin/bash
# stats.sh - the credit office's statistics over HTTP and the CLI (issue 7), against the real
# `xinyong serve` on a generated city whose numbers are known:
#   the generator (fixed seed, XY_NOW pinned, --received the day the files are ingested) counts
#   per file the rows, bad rows and the stored rows that are timely, late (more than 7 working
#   days after the decision) or untimed; the overview must give exactly those per department;
#   objections the test files and decides (成立, 不成立, 办理中) and a repair whose clock runs out
#   on a second server 20 days on; a registered total giving a coverage share; the counters kept
#   at ingest equal `xinyong stats rebuild`'s; an xlsx export read back cell by cell; who may
#   read (anonymous 401, a department 403, the office 200); bad parameters naming their field.
# usage: XY=build-b/src/xinyong bash tests/api/stats.sh   (KEEP=1 keeps the temp folder)
. "$(dirname "$0")/lib.sh"
export XY_NOW=2026-11-20T02:00:00 # 10:00 in Beijing, Friday 20 November 2026
TODAY=2026-11-20
LATER=2026-12-10T02:00:00 # 20 days on: the 2-working-day clocks started today have run out
setup
RATE=(XINYONG_HTTP_RATE_PER_MIN=1000000 XINYONG_HTTP_RATE_BURST=1000000)

jget() {
    python3 -c 'import json, sys; v = json.load(sys.stdin).get(sys.argv[1]); print("" if v is None else v)' "$1"
}

# ---------------------------------------------------------------- the city (CLI)
CITY="$T/city"
"$XY" gen --out "$CITY" --seed 11 --persons 200 --orgs 300 --rows 300 --bad 0.05 --recent 0.5 \
    --received "$TODAY" >"$T/gen.out" || { echo "gen failed: $(cat "$T/gen.out")" >&2; exit 1; }
"$XY" dept import "$CITY/departments.csv" >/dev/null || { echo "dept import failed" >&2; exit 1; }
while IFS=, read -r file dept item _; do
    rc=0
    "$XY" ingest --quiet --dept "$dept" --item "$item" "$CITY/$file" >/dev/null 2>&1 || rc=$?
    [ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] || { echo "ingest $file: exit $rc" >&2; exit 1; }
done < <(tail -n +2 "$CITY/manifest.csv")

SUBJ_ORG=$("$XY" stats --sample)
SUBJ_NAME=$("$XY" stats | awk -v c="$SUBJ_ORG" '$1 == c {print $2; exit}')
DEMO_OUT=$("$XY" user demo --out "$T/demo.txt" 2>&1) || { echo "user demo: $DEMO_OUT" >&2; exit 1; }
declare -A PW
while IFS=$'\t' read -r login role pw _; do
    case "$login" in demo-*) PW[$login]=$pw ;; esac
done <"$T/demo.txt"
# the penalties' department: the first that provides xzcf
PEN_DEPT=$(awk -F, 'NR > 1 && $3 ~ /(^|;)xzcf(;|$)/ {print $1; exit}' "$CITY/departments.csv")
PEN_NAME=$(awk -F, -v d="$PEN_DEPT" '$1 == d {print $2; exit}' "$CITY/departments.csv")
[ -n "$SUBJ_ORG" ] && [ -n "$SUBJ_NAME" ] && [ -n "$PEN_DEPT" ] ||
    { echo "no demo subject or penalty department" >&2; exit 1; }
PW[s-dept]=$("$XY" user add s-dept --role dept_user --name 测试账号 --dept "$PEN_DEPT" --generate --json |
    jget password) || { echo "user add s-dept failed" >&2; exit 1; }

# Penalties of the demo subject's organisation: O1..O3 decided a month ago (objections), R1 five
# months ago (a repair is possible). All four are late: received today, decided in 2026.
month_ago() { date -d "${TODAY%-*}-10 -$1 month" +%Y-%m-%d; }
case "$SUBJ_ORG" in 92*) LB=个体工商户 ;; *) LB=法人及非法人组织 ;; esac
{
    echo 'XDR_MC,XDR_LB,XDR_SHXYM,FRDB,CF_WSH,CF_WFXW,CF_SY,CF_YJ,CF_CFLB,CF_NR,CF_NR_FK,CF_JDRQ,CF_CFJG,CF_CFJGDM,CF_SJLY,CF_SJLYDM'
    for x in O1:1 O2:1 O3:1 R1:5; do
        d=$(month_ago "${x#*:}")
        echo "$SUBJ_NAME,$LB,$SUBJ_ORG,张三,统计测试罚〔2026〕${x%:*}号,无照经营,经查，当事人未取得营业执照擅自经营。,《无证无照经营查处办法》第十三条,罚款,罚款人民币15000元。,1.5,${d//-//},$PEN_NAME,$PEN_DEPT,$PEN_NAME,$PEN_DEPT"
    done
} >"$T/xzcf-stats.csv"
"$XY" ingest --quiet --dept "$PEN_DEPT" --item xzcf "$T/xzcf-stats.csv" >"$T/ingest.out" 2>&1 ||
    { echo "ingest of the penalties failed: $(cat "$T/ingest.out")" >&2; exit 1; }

# What the overview must say per department: the manifest's sums, plus the 4 penalties (late),
# plus the objection's correction (one row, one version).
python3 - "$CITY/manifest.csv" "$PEN_DEPT" >"$T/expected.json" <<'EOF'
import csv, json, sys
e = {}
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    d = e.setdefault(r["dept"], {"rows": 0, "rejected": 0, "records": 0, "timely": 0, "late": 0, "untimed": 0})
    d["rows"] += int(r["rows"])
    d["rejected"] += int(r["bad_rows"])
    d["records"] += int(r["rows"]) - int(r["bad_rows"])
    d["timely"] += int(r["timely_rows"])
    d["late"] += int(r["late_rows"])
    d["untimed"] += int(r["untimed_rows"])
p = e[sys.argv[2]]
p["rows"] += 5; p["records"] += 4; p["late"] += 4
json.dump(e, sys.stdout)
EOF

# ---------------------------------------------------------------- helpers (HTTP)
declare -A SESS CSRF
login() {
    post_json /api/v1/session "$(python3 -c 'import json, sys; print(json.dumps({"login": sys.argv[1], "password": sys.argv[2]}))' "$2" "${PW[$2]}")"
    SESS[$1]=$(hdr Set-Cookie | sed -n 's/^xy_session=\([^;]*\).*/\1/p')
    CSRF[$1]=$(jv 'j.get("csrf_token", "") if isinstance(j, dict) else ""')
    [ "$ST" = 200 ] && [ -n "${SESS[$1]}" ] && ok || fail "login of $2: $ST $(head -c 300 "$B")"
}
sreq() {
    local r=$1 m=$2 p=$3
    shift 3
    local auth=(-H "Cookie: xy_session=${SESS[$r]}")
    [ "$m" = GET ] || auth+=(-H "X-CSRF-Token: ${CSRF[$r]}")
    req "$m" "$p" "${auth[@]}" "$@"
}
sjson() { sreq "$1" "$2" "$3" -H 'Content-Type: application/json' -H 'Expect:' --data-binary "$4"; }
step() {
    local body
    body=$(python3 -c 'import json, sys
d = {"event": sys.argv[1]}
if len(sys.argv) > 2: d["reasons"] = sys.argv[2]
if len(sys.argv) > 3: d["corrections"] = json.loads(sys.argv[3])
print(json.dumps(d, ensure_ascii=False))' "${@:3}")
    desc "$3 on case $2 as $1"
    sjson "$1" POST "/api/v1/cases/$2/events" "$body"
    expect_status 200
}
file_case() {
    desc "POST /api/v1/cases $2 as $1"
    sjson "$1" POST /api/v1/cases "$2"
    expect_status 201
    CASE=$(jv 'j.get("id", "") if isinstance(j, dict) else ""')
}
overview() { desc "GET /api/v1/stats/overview$2 as $1"; sreq "$1" GET "/api/v1/stats/overview$2"; }

# ---------------------------------------------------------------- the server
start_server "${RATE[@]}"
login subject demo-subject
login reviewer demo-reviewer
login office demo-office
login dept s-dept

t "the demo subject's file holds the four penalties"
desc "GET /api/v1/me/file as demo-subject"
sreq subject GET /api/v1/me/file
expect_status 200
declare -A REC
for x in O1 O2 O3 R1; do
    REC[$x]=$(jv '[r["id"] for t in j["tabs"] for r in t["records"] if any(f["code"] == "CF_WSH" and f["value"] == A[0] for f in r["fields"])][0]' "统计测试罚〔2026〕${x}号")
    [ -n "${REC[$x]}" ] && ok || fail "penalty $x is not in the subject's own file"
done

t "objections: 不成立 (upheld by the reviewer), 成立 (corrected by the department), one open"
file_case subject '{"kind":"objection","record":"'"${REC[O1]}"'","ground":"wrong","statement":"罚款金额有误"}'
O1=$CASE
step reviewer "$O1" accept
step reviewer "$O1" uphold "经核查，原记录与处罚决定书一致"
file_case subject '{"kind":"objection","record":"'"${REC[O2]}"'","ground":"wrong","statement":"罚款金额有误，应为 0.8 万元"}'
O2=$CASE
step reviewer "$O2" accept
step reviewer "$O2" refer
step dept "$O2" correct "经核实，罚款金额录入有误，已更正为 0.8 万元" '{"CF_NR_FK":"0.8"}'
file_case subject '{"kind":"objection","record":"'"${REC[O3]}"'","ground":"wrong","statement":"罚款金额有误"}'
file_case subject '{"kind":"repair","record":"'"${REC[R1]}"'","statement":"罚款已全部缴清，附缴款凭证","commitment":"2026-1"}'

t "registered total of enterprises: the coverage share is with_records over it"
desc "PUT /api/v1/stats/registered as office"
sjson office PUT /api/v1/stats/registered '{"kind":"enterprise","registered":1000,"source":"2025年市场主体统计公报（测试）"}'
expect_status 200
expect_json
pycheck 'if j != {"kind": "enterprise", "registered": 1000, "source": "2025年市场主体统计公报（测试）"}: bad("answer %r" % (j,))'

t "the overview as the office: the manifest's numbers, department by department"
overview office ""
expect_status 200
expect_json
expect_no_store
cp "$B" "$T/overview.json"
pycheck 'e = json.load(open(A[0]))
if j["period"] != {"from": "2025-12", "to": "2026-11"}: bad("default period %r" % (j["period"],))
if j["department"] is not None: bad("department %r without dept" % (j["department"],))
if not re.match(r"^2026-11-20T10:00:00\+08:00$", j["as_of"]): bad("as_of %r" % (j["as_of"],))
got = {d["department"]["code"]: d for d in j["departments"]}
if set(got) != set(e): bad("departments %s, expected %s" % (sorted(got), sorted(e)))
for code, want in e.items():
    d = got.get(code)
    if not d: continue
    for k, v in want.items():
        if d[k] != v: bad("%s %s = %r, expected %r" % (code, k, d[k], v))
    if d["rejected_permille"] != (d["rejected"] * 1000 + d["rows"] // 2) // d["rows"]: bad("%s rejected_permille %r" % (code, d["rejected_permille"]))
    tl = d["timely"] + d["late"]
    if d["timely_permille"] != ((d["timely"] * 1000 + tl // 2) // tl if tl else None): bad("%s timely_permille %r" % (code, d["timely_permille"]))
    if (d["mean_delay_days"] is None) != (d["late"] == 0) or (d["late"] and d["mean_delay_days"] <= 7): bad("%s mean_delay_days %r with %d late" % (code, d["mean_delay_days"], d["late"]))
total = sum(v["records"] for v in e.values())
m = {x["month"]: x for x in j["by_month"]}
if [x["month"] for x in j["by_month"]] != ["2025-12"] + ["2026-%02d" % i for i in range(1, 12)]: bad("months %r" % [x["month"] for x in j["by_month"]])
if m.get("2026-11", {}).get("records") != total or m.get("2026-11", {}).get("versions") != 1: bad("2026-11 %r, expected %d records, 1 version" % (m.get("2026-11"), total))
if any(x["records"] or x["versions"] for k, x in m.items() if k != "2026-11"): bad("records outside 2026-11")
if sum(c["records"] for c in j["by_category"]) != total: bad("by_category sums to %d, expected %d" % (sum(c["records"] for c in j["by_category"]), total))
if not all(re.search("[\u4e00-\u9fff]", c["label"]) and 1 <= c["category"] <= 11 for c in j["by_category"]): bad("by_category labels %r" % j["by_category"][:2])
if [b["records"] for b in j["by_department"]] != sorted([b["records"] for b in j["by_department"]], reverse=True): bad("by_department is not by records")
if len(j["coverage"]) != 6 or [c["kind"] for c in j["coverage"]] != ["enterprise", "institution", "social_org", "government", "other_org", "person"]: bad("coverage kinds %r" % [c["kind"] for c in j["coverage"]])
cv = j["coverage"][0]
if cv["registered"] != 1000 or cv["registered_source"] != "2025年市场主体统计公报（测试）" or cv["share_permille"] != cv["with_records"]: bad("enterprise coverage %r" % (cv,))
if any(c["registered"] is not None or c["share_permille"] is not None for c in j["coverage"][1:]): bad("coverage without a registered total has a share")
if sum(c["subjects"] for c in j["coverage"]) == 0: bad("no subject counted")' "$T/expected.json"

t "objections and clocks: what the test filed and decided"
pycheck 'p = [d for d in j["departments"] if d["department"]["code"] == A[0]][0]
got = {k: p[k] for k in ("objections", "objections_upheld", "objections_rejected", "objections_open")}
if got != {"objections": 3, "objections_upheld": 1, "objections_rejected": 1, "objections_open": 1}: bad("objections %r" % got)
if any(d["objections"] for d in j["departments"] if d["department"]["code"] != A[0]): bad("objections against another department")
c = {x["kind"]: x for x in j["clocks"]}
if c["objection"] != {"kind": "objection", "label": "异议", "open": 1, "open_overdue": 0, "closed": 2, "closed_on_time": 2, "closed_late": 0}: bad("objection clock %r" % (c["objection"],))
if c["repair"] != {"kind": "repair", "label": "信用修复", "open": 1, "open_overdue": 0, "closed": 0, "closed_on_time": 0, "closed_late": 0}: bad("repair clock %r" % (c["repair"],))
if set(j["joint"]) != {"checks", "subjects", "subjects_hit", "subjects_with_feedback", "feedback_permille", "measures_taken", "measures_not_taken", "amount_fen"}: bad("joint %r" % (j["joint"],))' "$PEN_DEPT"

t "one department and one month"
overview office "?dept=$PEN_DEPT&from=2026-11&to=2026-11"
expect_status 200
pycheck 'if j["department"] != {"code": A[0], "name": A[1]}: bad("department %r" % (j["department"],))
if [d["department"]["code"] for d in j["departments"]] != [A[0]]: bad("departments %r" % [d["department"]["code"] for d in j["departments"]])
if [m["month"] for m in j["by_month"]] != ["2026-11"]: bad("months %r" % (j["by_month"],))
if j["by_month"][0]["records"] != j["departments"][0]["records"]: bad("the month does not hold the department records")' "$PEN_DEPT" "$PEN_NAME"
overview office "?from=2025-01&to=2025-12"
expect_status 200
pycheck 'if j["departments"] or any(m["records"] for m in j["by_month"]): bad("records in 2025: %r" % (j["departments"][:1],))
if j["clocks"][0]["open"] or j["clocks"][1]["open"]: bad("cases filed in 2025: %r" % (j["clocks"],))'

t "who may read: anonymous 401, a department 403, the office 200"
desc "GET /api/v1/stats/overview anonymous"
get /api/v1/stats/overview
expect_error 401 UNAUTHENTICATED
overview dept ""
expect_error 403 DENIED
desc "GET /api/v1/stats/export as a department"
sreq dept GET "/api/v1/stats/export?table=departments"
expect_error 403 DENIED
desc "PUT /api/v1/stats/registered as a department"
sjson dept PUT /api/v1/stats/registered '{"kind":"enterprise","registered":1,"source":"x"}'
expect_error 403 DENIED

t "bad parameters: a Chinese message naming the field"
for bad in "from:?from=2026-12&to=2026-01" "from:?from=2026-13" "to:?to=2026/01" "from:?from=1999-01" \
    "from:?from=2016-01&to=2026-11" "dept:?dept=91440000000000000X" "dept:?dept=$(printf 'A%.0s' $(seq 80))"; do
    overview office "${bad#*:}"
    expect_error 400 INVALID "${bad%%:*}"
done
# a parameter holding an ID number is refused without being quoted back
for q in "?dept=440117197503295283" "?from=440117197503295283"; do
    overview office "$q"
    expect_status 400
    grep -q 440117197503295283 "$B" && fail "an error quotes the ID number ($q)" || ok
done
sreq office GET "/api/v1/stats/export?table=440117197503295283"
expect_status 400
grep -q 440117197503295283 "$B" && fail "an error quotes the ID number (table)" || ok
for bad in "table:?table=nope" "table:" "format:?table=months&format=pdf" "from:?table=months&from=x"; do
    desc "GET /api/v1/stats/export${bad#*:}"
    sreq office GET "/api/v1/stats/export${bad#*:}"
    expect_error 400 INVALID "${bad%%:*}"
done
for bad in 'kind:{"kind":"company","registered":1,"source":"x"}' \
    'registered:{"kind":"person","registered":-1,"source":"x"}' \
    'registered:{"kind":"person","registered":10000000000,"source":"x"}' \
    'registered:{"kind":"person","registered":"12","source":"x"}' \
    'source:{"kind":"person","registered":1,"source":""}' \
    "source:{\"kind\":\"person\",\"registered\":1,\"source\":\"$(printf '长%.0s' $(seq 201))\"}"; do
    desc "PUT /api/v1/stats/registered ${bad#*:}"
    sjson office PUT /api/v1/stats/registered "${bad#*:}"
    expect_error 400 INVALID "${bad%%:*}"
done

t "the xlsx export read back: title, Chinese headers, numbers as numbers, shares as percentages"
desc "GET /api/v1/stats/export?table=departments&format=xlsx"
sreq office GET "/api/v1/stats/export?table=departments&format=xlsx"
expect_status 200
cp "$B" "$T/departments.xlsx"
[ "$(hdr Content-Type)" = application/vnd.openxmlformats-officedocument.spreadsheetml.sheet ] && ok ||
    fail "Content-Type $(hdr Content-Type)"
python3 - "$(hdr Content-Disposition)" <<'EOF' && ok || fail "Content-Disposition $(hdr Content-Disposition)"
import re, sys, urllib.parse
m = re.search(r"filename\*=UTF-8''([^;]+)", sys.argv[1])
sys.exit(0 if m and urllib.parse.unquote(m.group(1)) == "信用统计-部门考核-2025-12至2026-11.xlsx" and sys.argv[1].startswith("attachment") else 1)
EOF
python3 - "$T/departments.xlsx" "$T/overview.json" >"$T/xlsx.out" 2>&1 <<'EOF' && ok || fail "xlsx: $(cat "$T/xlsx.out")"
import json, re, sys, zipfile
import xml.etree.ElementTree as ET
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
z = zipfile.ZipFile(sys.argv[1])
sst = []
if "xl/sharedStrings.xml" in z.namelist():
    for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
        sst.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
styles = ET.fromstring(z.read("xl/styles.xml"))
numfmts = {n.get("numFmtId"): n.get("formatCode") for n in styles.iter("{%s}numFmt" % NS["m"])}
xfs = [x.get("numFmtId") for x in styles.find("m:cellXfs", NS).findall("m:xf", NS)]
rows = []
for r in ET.fromstring(z.read("xl/worksheets/sheet1.xml")).iter("{%s}row" % NS["m"]):
    row = {}
    for c in r.findall("m:c", NS):
        col = re.match(r"[A-Z]+", c.get("r")).group(0)
        t, v = c.get("t"), c.find("m:v", NS)
        if t == "s": val = sst[int(v.text)]
        elif t == "inlineStr": val = "".join(x.text or "" for x in c.iter("{%s}t" % NS["m"]))
        elif t == "str": val = v.text
        else: val = float(v.text); fmt = numfmts.get(xfs[int(c.get("s", 0))], "General"); val = (val, fmt)
        row[col] = val
    rows.append(row)
errs = []
if not (isinstance(rows[0].get("A"), str) and rows[0]["A"].startswith("部门考核（2025-12 至 2026-11") and "导出时间" in rows[0]["A"]): errs.append("title %r" % rows[0])
want = ["部门", "统一社会信用代码", "记录数", "报送行数", "拒收行数", "拒收率", "及时", "逾期", "无法判断", "及时率", "平均延迟（工作日）", "异议", "异议成立", "异议不成立", "办理中"]
cols = "ABCDEFGHIJKLMNO"
if [rows[1].get(c) for c in cols] != want: errs.append("headers %r" % [rows[1].get(c) for c in cols])
o = json.load(open(sys.argv[2], encoding="utf-8"))
if len(rows) != 2 + len(o["departments"]): errs.append("%d rows for %d departments" % (len(rows), len(o["departments"])))
for r, d in zip(rows[2:], o["departments"]):
    if r.get("A") != d["department"]["name"] or r.get("B") != d["department"]["code"]: errs.append("row %r" % r); continue
    for c, k in zip("CDEGHILMNO", ["records", "rows", "rejected", "timely", "late", "untimed", "objections", "objections_upheld", "objections_rejected", "objections_open"]):
        if r.get(c, (0.0, ""))[0] != d[k]: errs.append("%s %s: %r, expected %r" % (d["department"]["code"], k, r.get(c), d[k]))
    for c, k in (("F", "rejected_permille"), ("J", "timely_permille")):
        if d[k] is None: continue
        v, fmt = r[c]
        if abs(v - d[k] / 1000) > 1e-9 or fmt != "0.0%": errs.append("%s %s: %r, expected %r as 0.0%%" % (d["department"]["code"], k, r[c], d[k]))
    if d["mean_delay_days"] is not None and (abs(r["K"][0] - d["mean_delay_days"]) > 0.051 or r["K"][1] != "0.0"): errs.append("mean delay %r vs %r" % (r["K"], d["mean_delay_days"]))
print("\n".join(errs)); sys.exit(1 if errs else 0)
EOF
for tb in coverage categories months clocks joint; do
    desc "GET /api/v1/stats/export?table=$tb&format=csv"
    sreq office GET "/api/v1/stats/export?table=$tb&format=csv"
    expect_status 200
    python3 -c 'import re, sys; b = open(sys.argv[1], "rb").read(); sys.exit(0 if b[:3] == b"\xef\xbb\xbf" and re.search("[\u4e00-\u9fff]", b.decode("utf-8").split("\n")[1]) else 1)' "$B" && ok ||
        fail "$tb: no BOM or no Chinese header: $(head -c 200 "$B")"
done

t "the departments' own assessment reads the same counters"
desc "GET /api/v1/assessment as the office"
sreq office GET /api/v1/assessment
expect_status 200
python3 - "$B" "$T/overview.json" <<'EOF' && ok || fail "GET /api/v1/assessment differs from the overview's departments"
import json, sys
a = {x["department"]["code"]: x for x in json.load(open(sys.argv[1]))["items"]}
o = json.load(open(sys.argv[2]))
bad = []
for d in o["departments"]:
    x = a[d["department"]["code"]]
    if (x["records"], x["timely"], x["untimed"], x["rows"], x["rejected"]) != (
            d["timely"] + d["late"] + d["untimed"], d["timely"], d["untimed"], d["rows"], d["rejected"]):
        bad.append((d["department"]["code"], x, d))
print(bad[:2], file=sys.stderr)
sys.exit(1 if bad else 0)
EOF

t "the counters kept at ingest equal a rebuild from the records"
"$XY" stats overview --json >"$T/before.json" 2>"$T/before.err" || fail "stats overview: $(cat "$T/before.err")"
"$XY" stats rebuild >"$T/rebuild.out" 2>&1 && grep -q 统计计数已重建 "$T/rebuild.out" && ok ||
    fail "stats rebuild: $(cat "$T/rebuild.out")"
"$XY" stats overview --json >"$T/after.json" 2>&1 || fail "stats overview after the rebuild"
python3 - "$T/before.json" "$T/after.json" "$T/overview.json" <<'EOF' && ok || fail "the rebuild changed the figures"
import json, sys
a, b, h = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:])
for x in (a, b, h): x.pop("as_of")
sys.exit(0 if a == b == h else 1)
EOF
"$XY" stats export --table departments --out "$T/cli.xlsx" >/dev/null && [ -s "$T/cli.xlsx" ] && ok ||
    fail "stats export --out"
"$XY" stats overview | grep -q "部门考核" && ok || fail "stats overview prints no table"

t "20 days on: the open objection and the repair are overdue"
stop_server "$SPID"
start_server "${RATE[@]}" XY_NOW=$LATER
login office demo-office
overview office ""
expect_status 200
pycheck 'c = {x["kind"]: x for x in j["clocks"]}
if (c["objection"]["open"], c["objection"]["open_overdue"]) != (1, 1): bad("objection clock %r" % (c["objection"],))
if (c["repair"]["open"], c["repair"]["open_overdue"]) != (1, 1): bad("repair clock %r" % (c["repair"],))
if j["period"] != {"from": "2026-01", "to": "2026-12"}: bad("period %r" % (j["period"],))'

t "every read and write is in the audit trail"
for action in stats.read stats.export stats.registered stats.rebuild; do
    n=$("$XY" audit search --action "$action" --json 2>/dev/null | python3 -c 'import json, sys
d = json.load(sys.stdin)
print(len(d if isinstance(d, list) else d.get("rows", [])))' 2>/dev/null || echo 0)
    [ "${n:-0}" -ge 1 ] && ok || fail "no $action audit row"
done

t "every answer of this script conforms to web/openapi.json"
check_samples

finish
