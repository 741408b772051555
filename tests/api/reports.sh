#!/bin/bash
# reports.sh - credit reports that anyone can verify (issue 7), against the real `xinyong serve`
# on a small generated city, today pinned (XY_NOW):
#   the canonical content of a full report equals the golden file (tests/api/golden/), number
#   and record ids (keyed per database) aside; the PDF read back with pdftotext holds the title,
#   the subject, a record's document number, page numbers and the number on every page; number + code verify (any case, without the
#   hyphen), a wrong code answers like an unknown number; the uploaded PDF verifies, one changed
#   byte fails (online and offline with `xinyong report verify`), a forged seal shows nothing; a
#   scoped report (无违法违规证明版) covers only its domains and period and says "无违法违规记录"
#   for a clean one; a natural person's report goes only to the person signed in (verified), an
#   agency with the person's authorisation (until revoked) or the counter (--in-person), and
#   nobody learns whether an ID number is known; the verification page masks a person's name;
#   every issue and verification is audited; no ID number in any answer.
# usage: XY=build/src/xinyong bash tests/api/reports.sh   (KEEP=1 keeps the temp folder)
. "$(dirname "$0")/lib.sh"
export XY_NOW=2026-11-26T02:00:00 # 10:00 in Beijing, Thursday 26 November 2026
setup
setup_city 31 60 120 200
RATE=(XINYONG_HTTP_RATE_PER_MIN=1000000 XINYONG_HTTP_RATE_BURST=1000000 XINYONG_REPORT_RATE_PER_MIN=1000000)
GOLDEN="$HERE/golden"
command -v pdftotext >/dev/null || { echo "pdftotext (poppler-utils) is missing" >&2; exit 1; }

jget() {
    python3 -c 'import json, sys; v = json.load(sys.stdin).get(sys.argv[1]); print("" if v is None else v)' "$1"
}
# the organisation with the most rows in the city: its report has every kind of section
ORG=$(city 'sorted(((sum(1 for r in c["rows"] if r["code"] == o["code"]), o["code"]) for o in c["orgs"]), reverse=True)[0][1]')
ORG_NAME=$(city '[o["name"] for o in c["orgs"] if o["code"] == "'"$ORG"'"][0]')
PERSON_ID=$(city 'c["persons"][0]["id"]')
PERSON_NAME=$(city 'c["persons"][0]["name"]')
[ -n "$ORG" ] && [ -n "$PERSON_ID" ] || { echo "the city lacks an organisation or a person" >&2; exit 1; }

add_user() { # LOGIN ROLE [args]: prints the password
    local login=$1 role=$2
    shift 2
    "$XY" user add "$login" --role "$role" --name 测试账号 --generate --json "$@" | jget password ||
        { echo "user add $login failed" >&2; exit 1; }
}
declare -A PW SESS CSRF
PW[r-subj]=$(add_user r-subj subject)
PW[r-agency]=$(add_user r-agency agency)
PW[r-other]=$(add_user r-other subject)
"$XY" user verify r-subj --code "$PERSON_ID" --name "$PERSON_NAME" --evidence 居民身份证 >/dev/null ||
    { echo "user verify r-subj failed" >&2; exit 1; }

# ---------------------------------------------------------------- CLI: golden canonical content
t cli.golden
"$XY" report "$ORG" --out "$T/cli.pdf" --content >"$T/content.json" 2>"$T/cli.err" && ok ||
    fail "xinyong report $ORG: $(cat "$T/cli.err")"
python3 - "$T/content.json" "$GOLDEN/report_full.json" <<'EOF' && ok || fail "canonical content differs from tests/api/golden/report_full.json (UPDATE_GOLDEN=1 rewrites it after review)"
import json, re, sys, os
got = open(sys.argv[1], encoding="utf-8").read().strip()
got = re.sub(r"XYBG\d{16}", "XYBG0000000000000000", got)
got = re.sub(r'"id":"[0-9a-f]{16}"', '"id":"0000000000000000"', got)  # keyed per database
if os.environ.get("UPDATE_GOLDEN"):
    open(sys.argv[2], "w", encoding="utf-8").write(got + "\n")
want = open(sys.argv[2], encoding="utf-8").read().strip()
if got != want:
    for i, (a, b) in enumerate(zip(got, want)):
        if a != b:
            print("first difference at byte %d: got %r, want %r" % (i, got[i-40:i+40], want[i-40:i+40]), file=sys.stderr)
            break
    sys.exit(1)
json.loads(got)
EOF
t cli.content
python3 - "$T/content.json" "$ORG" <<'EOF' && ok || fail "canonical content: $(python3 - "$T/content.json" "$ORG" 2>&1 <<<'' | tail -1)"
import json, sys
raw = open(sys.argv[1], encoding="utf-8").read().strip()
c = json.loads(raw)
assert raw == json.dumps(c, ensure_ascii=False, separators=(",", ":")), "not compact with keys in written order"
assert list(c)[:3] == ["format", "number", "title"], list(c)
assert c["format"] == "xinyong-report/1" and c["scope"] == "full" and c["period"] is None
assert c["subject"]["code"] == sys.argv[2]
assert c["issued_at"] == "2026-11-26T10:00:00+08:00" and c["as_of"] == "2026-11-26"
cats = [s["category"] for s in c["summary"]]
assert cats == sorted(cats), "summary not in catalogue category order"
n = sum(s["records"] for s in c["summary"])
assert n == sum(len(s["records"]) for s in c["sections"]) and n > 0
EOF

t cli.pdftotext
pdftotext -layout "$T/cli.pdf" "$T/cli.txt" 2>/dev/null && ok || fail "pdftotext could not read the report"
NUMBER=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["number"])' "$T/content.json")
DOCNO=$(python3 -c 'import json,sys
c = json.load(open(sys.argv[1]))
for s in c["sections"]:
    for r in s["records"]:
        for f in r["fields"]:
            if f["code"] in ("CF_WSH", "XK_WSH", "AH", "JDWH", "RDWH"): print(f["value"]); sys.exit()' "$T/content.json")
PAGES=$(pdfinfo "$T/cli.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
# pdftotext spaces CJK text as its layout guesses: compare without white space
tr -d ' \t' <"$T/cli.txt" >"$T/cli.flat"
for want in 公共信用信息报告 "$ORG_NAME" "$ORG" 报告说明 信息概要 "$NUMBER" "$DOCNO" "第1页共${PAGES}页" "第${PAGES}页共${PAGES}页"; do
    grep -qF -- "${want// /}" "$T/cli.flat" && ok || fail "the PDF text lacks '$want'"
done
[ "$(grep -c "$NUMBER" "$T/cli.txt")" -ge "$PAGES" ] && ok || fail "the report number is not on every page"

t cli.verify
"$XY" report verify "$T/cli.pdf" >"$T/v.out" 2>&1 && grep -q 核验通过 "$T/v.out" && ok ||
    fail "offline verify of a genuine report: $(cat "$T/v.out")"
"$XY" report key >"$T/key.pem" && ok || fail "xinyong report key"
XINYONG_DB=/nonexistent/x.db "$XY" report verify --key "$T/key.pem" "$T/cli.pdf" >/dev/null 2>&1 && ok ||
    fail "offline verify with the public key alone (no database)"
cp "$T/cli.pdf" "$T/bad.pdf"
printf 'Z' | dd of="$T/bad.pdf" bs=1 seek=2000 conv=notrunc 2>/dev/null
rc=0
"$XY" report verify --key "$T/key.pem" "$T/bad.pdf" >"$T/v.out" 2>&1 || rc=$?
[ "$rc" = 6 ] && grep -q altered "$T/v.out" && ok || fail "one changed byte: exit $rc, $(cat "$T/v.out")"

# ---------------------------------------------------------------- HTTP
start_server "${RATE[@]}"
login() { # LOGIN
    post_json /api/v1/session "$(python3 -c 'import json, sys; print(json.dumps({"login": sys.argv[1], "password": sys.argv[2]}))' "$1" "${PW[$1]}")"
    SESS[$1]=$(hdr Set-Cookie | sed -n 's/^xy_session=\([^;]*\).*/\1/p')
    CSRF[$1]=$(jv 'j.get("csrf_token", "") if isinstance(j, dict) else ""')
    [ "$ST" = 200 ] && [ -n "${SESS[$1]}" ] && ok || fail "login of $1: $ST $(head -c 300 "$B")"
}
for u in r-subj r-agency r-other; do login "$u"; done
sreq() {
    local who=$1 m=$2 p=$3
    shift 3
    local auth=(-H "Cookie: xy_session=${SESS[$who]}")
    [ "$m" = GET ] || auth+=(-H "X-CSRF-Token: ${CSRF[$who]}")
    req "$m" "$p" "${auth[@]}" "$@"
}
sjson() { sreq "$1" POST "$2" -H 'Content-Type: application/json' -H 'Expect:' --data-binary "$3"; }
body() { python3 -c 'import json, sys; print(json.dumps(dict(a.split("=", 1) for a in sys.argv[1:]), ensure_ascii=False))' "$@"; }
# code_of FILE: the verification code printed on a report
code_of() { pdftotext "$1" - 2>/dev/null | sed -n 's/.*核验码：\([0-9A-Z]\{4\}-[0-9A-Z]\{4\}\).*/\1/p' | head -1; }

t http.issue
desc "POST /api/v1/reports (an organisation's, anonymous)"
post_json /api/v1/reports "$(body code="$ORG")"
expect_status 201
[ "$(hdr Content-Type)" = application/pdf ] && ok || fail "Content-Type $(hdr Content-Type)"
expect_no_store
expect_security_headers
case "$(hdr Content-Disposition)" in *"filename*=UTF-8''"*XYBG*.pdf*) ok ;; *) fail "Content-Disposition $(hdr Content-Disposition)" ;; esac
cp "$B" "$T/http.pdf"
HNUM=$(pdftotext "$T/http.pdf" - | grep -o 'XYBG[0-9]\{16\}' | head -1)
HCODE=$(code_of "$T/http.pdf")
[ -n "$HNUM" ] && [ -n "$HCODE" ] && ok || fail "no number ($HNUM) or code ($HCODE) printed on the report"

t http.verify_code
desc "verify by number and code"
post_json /api/v1/reports/verify "$(body number="$HNUM" code="$HCODE")"
expect_status 200
expect_json
pycheck 'if j["genuine"] is not True or j["problem"] is not None: bad(j)
if j["report"]["subject"]["code"] != A[0]: bad("report shown: %r" % (j["report"]["subject"],))
if j["number"] != A[1]: bad(j["number"])' "$ORG" "$HNUM"
lc=$(echo "$HCODE" | tr -d - | tr 'A-Z' 'a-z')
post_json /api/v1/reports/verify "$(body number="$HNUM" code="$lc")"
jt 'j["genuine"] is True' && ok || fail "the code in lower case without the hyphen: $(head -c 200 "$B")"
post_json /api/v1/reports/verify "$(body number="$(echo "$HNUM" | tr 'A-Z' 'a-z')" code="$HCODE")"
jt 'j["genuine"] is True' && ok || fail "the number in lower case: $(head -c 200 "$B")"
post_json /api/v1/reports/verify "$(body number="$HNUM" code="2345-6789")"
pycheck 'if j["genuine"] or j["problem"] != "unknown" or j["report"] is not None: bad(j)'
WRONG=$(cat "$B")
post_json /api/v1/reports/verify "$(body number=XYBG2026112600000000 code="$HCODE")"
pycheck 'if j["genuine"] or j["problem"] != "unknown" or j["report"] is not None: bad(j)'
[ "$(python3 -c 'import json,sys; a=json.loads(sys.argv[1]); b=json.load(open(sys.argv[2])); print(a["message"] == b["message"])' "$WRONG" "$B")" = True ] && ok ||
    fail "a wrong code and an unknown number answer differently"
desc "verify without a code"
post_json /api/v1/reports/verify "$(body number="$HNUM")"
expect_error 400 INVALID code

t http.verify_file
desc "verify an uploaded report"
req POST /api/v1/reports/verify-file -H 'Content-Type: application/pdf' -H 'Expect:' --data-binary "@$T/http.pdf"
expect_status 200
pycheck 'if not j["genuine"]: bad(j)'
cp "$T/http.pdf" "$T/http-bad.pdf"
printf '1' | dd of="$T/http-bad.pdf" bs=1 seek=3000 conv=notrunc 2>/dev/null
req POST /api/v1/reports/verify-file -H 'Content-Type: application/pdf' -H 'Expect:' --data-binary "@$T/http-bad.pdf"
pycheck 'if j["genuine"] or j["problem"] != "altered": bad(j)
if not j["report"] or j["report"]["number"] != A[0]: bad("the genuine content is not shown: %r" % (j.get("report"),))' "$HNUM"
desc "a file that is not a report"
req POST /api/v1/reports/verify-file -H 'Content-Type: application/pdf' -H 'Expect:' --data-binary "@$T/key.pem"
pycheck 'if j["genuine"] or j["problem"] != "not_report": bad(j)'
# a forged seal: the genuine body, a seal line naming the number, signed by nobody
python3 - "$T/http.pdf" "$T/forged.pdf" <<'EOF'
import base64, sys
data = open(sys.argv[1], "rb").read()
i = data.rindex(b"\n%XYSEAL1 ") + 1
body, seal = data[:i], data[i:].split(b" ")
text = base64.b64decode(seal[1]).replace(b"pdf_sm3=", b"pdf_sm3=0")
open(sys.argv[2], "wb").write(body + b"%XYSEAL1 " + base64.b64encode(text) + b" " + seal[2])
EOF
req POST /api/v1/reports/verify-file -H 'Content-Type: application/pdf' -H 'Expect:' --data-binary "@$T/forged.pdf"
pycheck 'if j["genuine"] or j["report"] is not None or j["problem"] != "not_report" or j["number"]:
    bad("a forged seal: %r" % (j,))'
# the same forged seal naming a number never issued answers the same (a number is no key)
python3 - "$T/forged.pdf" "$T/forged2.pdf" <<'EOF2'
import base64, re, sys
data = open(sys.argv[1], "rb").read()
i = data.rindex(b"\n%XYSEAL1 ") + 1
seal = data[i:].split(b" ")
text = re.sub(rb"number=XYBG\d+", b"number=XYBG2026010100000000", base64.b64decode(seal[1]))
open(sys.argv[2], "wb").write(data[:i] + b"%XYSEAL1 " + base64.b64encode(text) + b" " + seal[2])
EOF2
A1=$(cat "$B")
req POST /api/v1/reports/verify-file -H 'Content-Type: application/pdf' -H 'Expect:' --data-binary "@$T/forged2.pdf"
[ "$(cat "$B")" = "$A1" ] && ok || fail "forged seals of a known and an unknown number answer differently"
desc "verify-file with no body"
req POST /api/v1/reports/verify-file -H 'Content-Type: application/pdf' -H 'Expect:'
expect_error 400 INVALID file

t http.scoped
desc "a scoped report (无违法违规证明版)"
SCOPED='{"code":"'"$ORG"'","scope":"scoped","domains":["market","ecology","fire"],"from":"2023-01-01","to":"2026-11-26"}'
post_json /api/v1/reports "$SCOPED"
expect_status 201
cp "$B" "$T/scoped.pdf"
"$XY" report "$ORG" --scoped --domains market,ecology,fire --from 2023-01-01 --to 2026-11-26 --content --out "$T/scoped-cli.pdf" >"$T/scoped.json" && ok ||
    fail "xinyong report --scoped"
python3 - "$T/scoped.json" "$T/city.json" <<'EOF' && ok || fail "the scoped report lists records outside its domains or period"
import json, sys
c = json.load(open(sys.argv[1], encoding="utf-8"))
assert c["scope"] == "scoped" and c["period"] == {"from": "2023-01-01", "to": "2026-11-26"}
assert [d["code"] for d in c["domains"]] == ["market", "ecology", "fire"]
frag = {"market": ["市场监督管理", "市场监管"], "ecology": ["生态环境"], "fire": ["消防救援"]}
for s in c["sections"]:
    for r in s["records"]:
        assert "2023-01-01" <= r["decision_date"] <= "2026-11-26", r["decision_date"]
        assert any(f in r["department"] for fs in frag.values() for f in fs), r["department"]
for d in c["domains"]:
    n = sum(1 for s in c["sections"] for r in s["records"] if any(f in r["department"] for f in frag[d["code"]]))
    assert d["records"] == n, (d, n)
    assert ("无违法违规记录" in d["finding"]) == (n == 0), d
assert c["domains"][2]["records"] == 0  # no fire department in the city
EOF
pdftotext -layout "$T/scoped.pdf" - | grep -q "报告期内，该主体在消防领域无违法违规记录" && ok ||
    fail "the scoped PDF does not state the clean domain"
pdftotext "$T/scoped.pdf" - | grep -q "无违法违规证明版" && ok || fail "the scoped PDF lacks its title"
for bad in '{"code":"'"$ORG"'","scope":"scoped"}|domains' \
    '{"code":"'"$ORG"'","scope":"scoped","domains":["nope"]}|domains' \
    '{"code":"'"$ORG"'","scope":"scoped","domains":["market"],"from":"2026-02-30"}|from' \
    '{"code":"'"$ORG"'","scope":"scoped","domains":["market"],"from":"2026-11-01","to":"2026-10-01"}|from' \
    '{"code":"'"$ORG"'","scope":"scoped","domains":["market"],"from":"2015-01-01","to":"2026-10-01"}|from' \
    '{"code":"'"$ORG"'","scope":"scoped","domains":["market"],"to":"2027-01-01"}|to' \
    '{"code":"'"$ORG"'","domains":["market"]}|domains' \
    '{"code":"'"$ORG"'","scope":"all"}|scope' \
    '{"code":"'"$ORG"'","domains":"market"}|domains' \
    '{}|code'; do
    desc "bad report request ${bad%|*}"
    post_json /api/v1/reports "${bad%|*}"
    expect_error 400 INVALID "${bad##*|}"
done
desc "an unknown organisation"
post_json /api/v1/reports '{"code":"91440101MA59XXXX0A"}'
expect_error 404 NOT_FOUND code

t http.person
desc "a person's report, anonymous"
post_json /api/v1/reports "$(body code="$PERSON_ID")"
expect_error 403 DENIED code
DENY=$(jv 'j["error"]["message"]')
desc "an unknown ID number, anonymous"
post_json /api/v1/reports '{"code":"110101199003070015"}'
expect_error 403 DENIED code
[ "$(jv 'j["error"]["message"]')" = "$DENY" ] && ok || fail "an unknown ID number answers differently from a known one"
desc "the person's own report"
sjson r-subj /api/v1/reports '{}'
expect_status 201
cp "$B" "$T/person.pdf"
pdftotext "$T/person.pdf" - | grep -q 自然人版 && ok || fail "the person's report lacks 自然人版"
pdftotext "$T/person.pdf" - | grep -qF "$PERSON_ID" && fail "the full ID number is printed" || ok
desc "the person's own report by code"
sjson r-subj /api/v1/reports "$(body code="$PERSON_ID")"
expect_status 201
desc "another subject asks for the person's report"
sjson r-other /api/v1/reports "$(body code="$PERSON_ID")"
expect_error 403 DENIED code
desc "an agency without an authorisation"
sjson r-agency /api/v1/reports "$(body code="$PERSON_ID")"
expect_error 403 DENIED code
desc "the person authorises the agency"
sjson r-subj /api/v1/me/grants "$(body grantee=r-agency purpose=办理个人住房贷款审查 expires_on=2026-12-31)"
expect_status 201
GRANT=$(jv 'j["id"]')
for bad in "grantee=r-other purpose=办理个人住房贷款审查 expires_on=2026-12-31|grantee" \
    "grantee=r-agency purpose=贷款 expires_on=2026-12-31|purpose" \
    "grantee=r-agency purpose=办理个人住房贷款审查 expires_on=2028-01-01|expires_on" \
    "grantee=r-agency purpose=办理个人住房贷款审查 expires_on=2026-11-25|expires_on"; do
    desc "bad authorisation ${bad%|*}"
    # shellcheck disable=SC2086
    sjson r-subj /api/v1/me/grants "$(body ${bad%|*})"
    expect_error 400 INVALID "${bad##*|}"
done
desc "an authorisation by an unverified subject"
sjson r-other /api/v1/me/grants "$(body grantee=r-agency purpose=办理个人住房贷款审查 expires_on=2026-12-31)"
expect_error 403 DENIED
desc "the agency with the authorisation"
sjson r-agency /api/v1/reports "$(body code="$PERSON_ID")"
expect_status 201
cp "$B" "$T/agency.pdf"
sreq r-subj GET /api/v1/me/grants
pycheck 'if [g["grantee"] for g in j["items"]] != ["r-agency"] or not j["items"][0]["active"]: bad(j)'
desc "revoke the authorisation"
sreq r-subj POST "/api/v1/me/grants/$GRANT/revoke"
expect_status 200
sreq r-subj POST "/api/v1/me/grants/$GRANT/revoke"
expect_error 409 CONFLICT
sreq r-other POST "/api/v1/me/grants/$GRANT/revoke"
expect_error 403 DENIED
sjson r-agency /api/v1/reports "$(body code="$PERSON_ID")"
expect_error 403 DENIED code
t http.person_verify
PNUM=$(pdftotext "$T/agency.pdf" - | grep -o 'XYBG[0-9]\{16\}' | head -1)
PCODE=$(code_of "$T/agency.pdf")
post_json /api/v1/reports/verify "$(body number="$PNUM" code="$PCODE")"
pycheck 'if not j["genuine"] or j["report"]["edition"] != "自然人版": bad(j)
if A[0] in open(sys.argv[1], encoding="utf-8").read(): bad("the full name is on the verification page")
if A[1] in open(sys.argv[1], encoding="utf-8").read(): bad("the ID number is on the verification page")' "$PERSON_NAME" "$PERSON_ID"
# the seal line cut from a person's report and sent alone: no content without the code
python3 - "$T/agency.pdf" "$T/seal-only.pdf" <<'EOF2'
import sys
data = open(sys.argv[1], "rb").read()
open(sys.argv[2], "wb").write(b"%PDF-1.5\n" + data[data.rindex(b"\n%XYSEAL1 ") + 1:])
EOF2
req POST /api/v1/reports/verify-file -H 'Content-Type: application/pdf' -H 'Expect:' --data-binary "@$T/seal-only.pdf"
pycheck 'if j["genuine"] or j["problem"] != "altered" or j["report"] is not None: bad(j)'
t cli.counter
"$XY" report "$PERSON_ID" --out "$T/counter.pdf" >/dev/null 2>&1 && fail "a person's report without --in-person" || ok
"$XY" report "$PERSON_ID" --in-person 本人持居民身份证到服务窗口申请 --out "$T/counter.pdf" >/dev/null && ok ||
    fail "a person's report at the counter"

t privacy.free_text
# an ID number typed into a penalty's free text (ASCII, full-width, inside a 20-digit number):
# masked on the public page and in the report
ORG2=$(city '[o["code"] for o in c["orgs"] if o["uscc"] and o["code"] != "'"$ORG"'"][0]')
MARKET=$(city '[d["code"] for d in c["depts"] if "xzcf" in d["items"] and "市场监督" in d["name"]][0]')
{
    echo "XDR_MC,XDR_LB,XDR_SHXYM,FRDB,CF_WSH,CF_WFXW,CF_SY,CF_YJ,CF_CFLB,CF_NR,CF_NR_FK,CF_JDRQ,CF_GSJZQ,CF_CFJG,CF_CFJGDM,CF_SJLY,CF_SJLYDM,BZ"
    echo "广州测试隐私有限公司,法人及非法人组织,$ORG2,王五,穗市监罚〔2026〕7001号,未按规定明码标价,经查，经办人身份证440117197503295283，纳税人识别号44011719750329528201。,《中华人民共和国价格法》第四十二条,罚款,罚款人民币1000元。,0.1,2026/10/09,2029/10/08,广州市市场监督管理局,$MARKET,广州市市场监督管理局,$MARKET,经办人身份证４４０１１７１９７５０３２９５２８３"
} >"$T/idtext.csv"
"$XY" ingest --quiet --dept "$MARKET" --item xzcf "$T/idtext.csv" >/dev/null 2>&1 && ok || fail "ingest of the free-text row"
get "/api/v1/subjects/$ORG2"
expect_status 200
for id in 440117197503295283 4401171975032952820 "４４０１１７１９７５０３２９５２８３"; do
    grep -qF "$id" "$B" && fail "the public file shows the ID number $id" || ok
done
grep -qF "440117********5283" "$B" && ok || fail "the ID number in free text is not shown masked"
post_json /api/v1/reports "$(body code="$ORG2")"
expect_status 201
pdftotext "$B" - | tr -d ' \n' >"$T/org2.txt"
for id in 440117197503295283 4401171975032952820 "４４０１１７１９７５０３２９５２８３"; do
    grep -qF "$id" "$T/org2.txt" && fail "the report shows the ID number $id" || ok
done

t http.meta
desc "the report key"
get /api/v1/reports/key
expect_status 200
cmp -s "$B" "$T/key.pem" && ok || fail "GET /api/v1/reports/key differs from xinyong report key"
desc "the domains"
get /api/v1/reports/domains
expect_status 200
pycheck 'codes = [d["code"] for d in j["items"]]
if len(codes) < 30 or "market" not in codes or "tax" not in codes: bad(codes)'

t http.rate
desc "issuing past report.rate_per_min"
stop_server "$SPID"
start_server XINYONG_HTTP_RATE_PER_MIN=1000000 XINYONG_HTTP_RATE_BURST=1000000 XINYONG_REPORT_RATE_PER_MIN=2
post_json /api/v1/reports "$(body code="$ORG")"
expect_status 201
post_json /api/v1/reports "$(body code="$ORG")"
expect_status 201
post_json /api/v1/reports "$(body code="$ORG")"
expect_error 429 RATE_LIMITED
[ -n "$(hdr Retry-After)" ] && ok || fail "no Retry-After on a refused report"
post_json /api/v1/reports/verify "$(body number="$HNUM" code="$HCODE")"
expect_status 200

t http.key_missing
desc "verification when the report key file is gone"
KEYF="$XINYONG_DB.report-sm2.pem"
mv "$KEYF" "$T/key.moved"
stop_server "$SPID"
start_server "${RATE[@]}"
post_json /api/v1/reports/verify "$(body number="$HNUM" code="$HCODE")"
expect_error 500 INTERNAL
[ ! -e "$KEYF" ] && ok || fail "a verification made a new report key"
grep -q "report_key_missing" "$SLOG" && ok || fail "the missing key is not in the server log"
req POST /api/v1/reports/verify-file -H 'Content-Type: application/pdf' -H 'Expect:' --data-binary "@$T/http.pdf"
expect_error 500 INTERNAL
mv "$T/key.moved" "$KEYF"
stop_server "$SPID"
start_server "${RATE[@]}"
post_json /api/v1/reports/verify "$(body number="$HNUM" code="$HCODE")"
jt 'j["genuine"] is True' && ok || fail "the key put back: $(head -c 200 "$B")"

t audit
for a in report.issue report.verify report.grant report.grant_revoke; do
    "$XY" audit search --action "$a" --limit 1000 --json >"$T/audit.json" 2>/dev/null
    n=$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
rows = d["rows"] if isinstance(d, dict) and "rows" in d else d
print(len(rows))' "$T/audit.json" 2>/dev/null || echo 0)
    case $a in report.issue) min=6 ;; report.verify) min=6 ;; *) min=1 ;; esac
    [ "$n" -ge "$min" ] && ok || fail "$a: $n audit rows, expected at least $min"
done

t privacy
for f in "$T"/b.*; do
    grep -qF "$PERSON_ID" "$f" && fail "an answer holds the ID number: $f"
done
grep -qF "$PERSON_ID" "$SLOG" && fail "the server log holds the ID number" || ok
check_samples
finish
