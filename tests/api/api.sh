#!/bin/bash
# api.sh - the public HTTP API (docs/api.md) against the real `xinyong serve` on a throw-away
# database holding a small generated city: every route's status, headers and body; the one error
# shape; 404/405/413/415/400; paging caps; organisations by code and by id; a natural person
# only by exact name + ID number in a POST body; static files (traversal, allowed types);
# the publicity window evaluated on the day asked; the rate limit; the config limits; SIGTERM.
# usage: XY=build-api/src/xinyong bash tests/api/api.sh   (KEEP=1 keeps the temp folder)
. "$(dirname "$0")/lib.sh"
setup
setup_city 11 200 300 300
TODAY=$(TZ=Asia/Shanghai date +%F)

# ---------------------------------------------------------------- fixtures
# Penalties of one organisation, decided long ago and recently (DOMAIN.md §4: every penalty rule
# ends publicity 3 years after the decision at the latest; the 2019 rule after 1 year for an
# ordinary one), ingested by a department of the city that provides xzcf.
PDEPT=$(city '[d["code"] for d in c["depts"] if "xzcf" in d["items"]][0]')
PDEPT_NAME=$(city '[d["name"] for d in c["depts"] if "xzcf" in d["items"]][0]')
PORG=91440106MA5000006F
PORG_NAME=广州市天河区公示期测试科技有限公司
ABSENT_ORG=91440106MA50000300 # a valid code that no file names
OLD_DATE=2022-01-10
OLD2_DATE=2020-05-06
NEW_DATE=2025-06-16
pen_row() { # WSH DATE
    printf '%s,法人及非法人组织,%s,张三,%s,虚假宣传,在网站发布虚假广告,《中华人民共和国广告法》第五十五条,罚款,罚款人民币20万元,20,%s,%s,%s,%s,%s\n' \
        "$PORG_NAME" "$PORG" "$1" "$2" "$PDEPT_NAME" "$PDEPT" "$PDEPT_NAME" "$PDEPT"
}
{
    echo 'XDR_MC,XDR_LB,XDR_SHXYM,FRDB,CF_WSH,CF_WFXW,CF_SY,CF_YJ,CF_CFLB,CF_NR,CF_NR_FK,CF_JDRQ,CF_CFJG,CF_CFJGDM,CF_SJLY,CF_SJLYDM'
    pen_row 穗市监罚〔2022〕OLD1号 "$OLD_DATE"
    pen_row 穗市监罚〔2020〕OLD2号 "$OLD2_DATE"
    pen_row 穗市监罚〔2025〕NEW1号 "$NEW_DATE"
} >"$T/publicity.csv"
"$XY" ingest --quiet --dept "$PDEPT" --item xzcf "$T/publicity.csv" >"$T/publicity.out" 2>&1 ||
    { echo "ingest of the publicity fixture failed: $(cat "$T/publicity.out")" >&2; exit 1; }

# An organisation with a USCC, an 组织机构代码 and a 工商注册号, and a natural person who is the
# subject of a penalty, from the generated files.
ORG=$(city '[o for o in c["orgs"] if o["uscc"][:1] == "9" and o["orgcode"] and o["regno"]][0]["code"]')
ORG_NAME=$(city '[o for o in c["orgs"] if o["code"] == "'"$ORG"'"][0]["name"]')
ORG_ORGCODE=$(city '[o for o in c["orgs"] if o["code"] == "'"$ORG"'"][0]["orgcode"]')
ORG_REGNO=$(city '[o for o in c["orgs"] if o["code"] == "'"$ORG"'"][0]["regno"]')
PERSON_ID=$(city '[r["code"] for r in c["rows"] if r["kind"] == "自然人" and r["item"] == "xzcf"][0]')
PERSON_NAME=$(city '[p["name"] for p in c["persons"] if p["id"] == "'"$PERSON_ID"'"][0]')
OTHER_ID=$(city '[p["id"] for p in c["persons"] if p["id"] != "'"$PERSON_ID"'"][0]')
OTHER_NAME=$(city '[p["name"] for p in c["persons"] if p["id"] == "'"$OTHER_ID"'"][0]')
NOBODY_ID=440106198506121005 # valid, in no file
STATS=$("$XY" stats)
NSUBJECTS=$(echo "$STATS" | sed -n 's/.*信用主体 \([0-9]*\) 个.*/\1/p')
NRECORDS=$(echo "$STATS" | sed -n 's/.*信用记录 \([0-9]*\) 条.*/\1/p')

# The portal plus test files of every allowed type and some that are not, and a secret next to
# the web folder that no request may reach.
WEB_DIR="$T/web"
cp -r "$ROOT/web" "$WEB_DIR"
mkdir -p "$WEB_DIR/xyt" "$T/webx"
echo '<!doctype html><title>xyt</title><p>XYT-HTML</p>' >"$WEB_DIR/xyt/page.html"
echo 'p{color:red} /* XYT-CSS */' >"$WEB_DIR/xyt/style.css"
echo 'export const xyt = "XYT-JS";' >"$WEB_DIR/xyt/app.js"
echo '{"xyt":"XYT-JSON"}' >"$WEB_DIR/xyt/data.json"
echo '<svg xmlns="http://www.w3.org/2000/svg"><!-- XYT-SVG --></svg>' >"$WEB_DIR/xyt/pic.svg"
printf '\x89PNG\r\n\x1a\nXYT-PNG' >"$WEB_DIR/xyt/pic.png"
printf '\x00\x00\x01\x00XYT-ICO' >"$WEB_DIR/xyt/icon.ico"
for f in notes.txt app.js.map README.md run.sh data.db backup.bak noext page.php .hidden.html; do
    echo "XYT-FORBIDDEN $f" >"$WEB_DIR/xyt/$f"
done
echo 'XYT-SECRET-OUTSIDE' >"$T/secret.html"
echo 'XYT-SECRET-OUTSIDE' >"$T/webx/a.html"
ln -s ../../secret.html "$WEB_DIR/xyt/link.html"
export WEB_DIR

start_server XINYONG_HTTP_RATE_PER_MIN=1000000 XINYONG_HTTP_RATE_BURST=1000000 XINYONG_LOG_LEVEL=info
MAIN_PID=$SPID
MAIN_BASE=$BASE
MAIN_LOG=$SLOG

# ---------------------------------------------------------------- health, openapi, metrics
t "GET /api/v1/health"
desc "GET /api/v1/health"
get /api/v1/health
expect_status 200
expect_json
expect_security_headers
VERSION=$("$XY" version 2>&1)
pycheck 'if j != {"status": "ok", "version": j.get("version"), "store": "sqlite", "calendar_until": j.get("calendar_until")} or not j.get("version"): bad("body %r" % (j,))
elif j["version"] not in A[0]: bad("version %r, `xinyong version` says %r" % (j["version"], A[0]))' "$VERSION"
# calendar_until: the end of the last calendar year that follows this one without a gap
pycheck 'import datetime, os
y = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).year
have = lambda y: os.path.exists(os.path.join(A[0], "%d.txt" % y))
want = None
if have(y):
    while have(y + 1): y += 1
    want = "%d-12-31" % y
if j.get("calendar_until") != want: bad("calendar_until %r, expected %r" % (j.get("calendar_until"), want))' \
    "$(cd "$(dirname "$0")/../../calendar" && pwd)"

t "every response has its own request id"
get /api/v1/health
r1=$(hdr X-Request-Id)
get /api/v1/health
r2=$(hdr X-Request-Id)
[ -n "$r1" ] && [ "$r1" != "$r2" ] && ok || fail "X-Request-Id '$r1' then '$r2'"

t "GET /api/v1/openapi.json serves web/openapi.json"
desc "GET /api/v1/openapi.json"
get /api/v1/openapi.json
expect_status 200
expect_json
expect_security_headers
pycheck 'want = json.load(open(A[0], encoding="utf-8"))
if j != want: bad("the body is not web/openapi.json")' "$ROOT/web/openapi.json"

t "GET /metrics"
desc "GET /metrics"
get /metrics
expect_status 200
case "$(hdr Content-Type)" in text/plain*) ok ;; *) fail "Content-Type '$(hdr Content-Type)', expected text/plain" ;; esac
expect_security_headers
for m in xinyong_http_requests_total xinyong_http_request_duration_seconds_bucket \
    xinyong_http_request_duration_seconds_count xinyong_http_errors_total xinyong_store_subjects \
    xinyong_store_records xinyong_ratelimited_total; do
    grep -q "^$m" "$B" && ok || fail "metrics lack $m"
done
grep -q '^xinyong_http_requests_total{[^}]*status="200"[^}]*} [1-9]' "$B" && ok ||
    fail "no xinyong_http_requests_total{...,status=\"200\"} count after several 200s"
v=$(awk '$1 == "xinyong_store_subjects" {print $2}' "$B")
[ "$v" = "$NSUBJECTS" ] && ok || fail "xinyong_store_subjects '$v', \`xinyong stats\` says $NSUBJECTS"
v=$(awk '$1 == "xinyong_store_records" {print $2}' "$B")
[ "$v" = "$NRECORDS" ] && ok || fail "xinyong_store_records '$v', \`xinyong stats\` says $NRECORDS"

# ---------------------------------------------------------------- catalogue, departments
t "GET /api/v1/catalog"
desc "GET /api/v1/catalog"
get /api/v1/catalog
expect_status 200
expect_json
expect_security_headers
pycheck 'items = j.get("items") if isinstance(j, dict) else None
if not isinstance(items, list): bad("no items list")
else:
    ids = [i.get("id") for i in items]
    for want in ("xzxk", "xzcf", "sxbzxr", "jyyc", "yzsx", "hmd"):
        if want not in ids: bad("catalog lacks %s" % want)
    for i in items:
        if not req_keys(i, ["id","name","category","category_name","tab","tab_name","openness","negative","publicity_note","legal_basis"], "item %s" % i.get("id")): continue
        if i["tab"] not in TAB_IDS: bad("item %s tab %r" % (i["id"], i["tab"]))
        if not isinstance(i["negative"], bool): bad("item %s negative %r" % (i["id"], i["negative"]))
    x = [i for i in items if i.get("id") == "xzcf"]
    if x and (x[0].get("name"), x[0].get("category"), x[0].get("tab"), x[0].get("tab_name"), x[0].get("openness")) != ("行政处罚", 3, "penalty", "行政处罚", "公开"):
        bad("xzcf entry %r" % x[0])'
cp "$B" "$T/catalog.json"

t "GET /api/v1/departments"
desc "GET /api/v1/departments"
get /api/v1/departments
expect_status 200
expect_json
expect_security_headers
pycheck 'want = {d["code"]: (d["name"], sorted(d["items"])) for d in json.load(open(A[0], encoding="utf-8"))["depts"]}
items = j.get("items") if isinstance(j, dict) else None
if not isinstance(items, list): bad("no items list")
else:
    got = {}
    for d in items:
        if req_keys(d, ["code", "name", "items"], "department"): got[d["code"]] = (d["name"], sorted(d["items"]))
    if got != want: bad("departments %r, expected those of departments.csv %r" % (got, want))' "$T/city.json"

# ---------------------------------------------------------------- search
t "search by part of a name, two characters"
Q2=$(python3 -c 'import sys; n=sys.argv[1]; print(n[3:5])' "$ORG_NAME")
desc "GET /api/v1/subjects?q=$Q2"
found=""
for p in $(seq 1 20); do
    get "/api/v1/subjects?per_page=50&page=$p" -G --data-urlencode "q=$Q2"
    [ "$ST" = 200 ] || break
    jt 'any(s.get("code") == A[0] for s in j["items"])' "$ORG" && found=1
    jt 'j["has_more"]' || break
done
expect_status 200
expect_json
expect_security_headers
expect_no_store
[ -n "$found" ] && ok || fail "'$ORG_NAME' ($ORG) not among the results for '$Q2'"
pycheck 'check_paging(j, bad)
if j.get("match") != "name": bad("match %r, expected name" % j.get("match"))
if j.get("q") != A[0]: bad("q %r, expected %r" % (j.get("q"), A[0]))
for i, s in enumerate(j.get("items", [])):
    check_summary(s, "items[%d]" % i, bad)
    if A[0] not in s.get("name", ""): bad("items[%d] %r does not contain %r" % (i, s.get("name"), A[0]))' "$Q2"

t "search by full name"
desc "GET /api/v1/subjects?q=$ORG_NAME"
get /api/v1/subjects -G --data-urlencode "q=$ORG_NAME"
expect_status 200
pycheck 'if not any(s.get("code") == A[0] and s.get("name") == A[1] for s in j.get("items", [])): bad("%s not found by its full name: %r" % (A[1], j))' "$ORG" "$ORG_NAME"
ORG_SID=$(jv '[s["id"] for s in j["items"] if s["code"] == A[0]][0]' "$ORG")

t "search pages: default 20, has_more, no repeats, every organisation named 广州 found, no person"
desc "GET /api/v1/subjects?q=广州"
get /api/v1/subjects -G --data-urlencode "q=广州"
expect_status 200
pycheck 'check_paging(j, bad, 1, 20)
if len(j.get("items", [])) != 20 or j.get("has_more") is not True: bad("first page of 广州: %d items, has_more %r" % (len(j.get("items", [])), j.get("has_more")))'
: >"$T/pages.json"
for p in $(seq 1 20); do
    get "/api/v1/subjects?per_page=50&page=$p" -G --data-urlencode "q=广州"
    [ "$ST" = 200 ] || { fail "page $p: status $ST"; break; }
    cat "$B" >>"$T/pages.json"
    echo >>"$T/pages.json"
    jt 'j["has_more"]' || break
done
B="$T/pages.json"
pycheck 'pages = [json.loads(l) for l in open(A[0], encoding="utf-8") if l.strip()]
ids, codes = [], set()
for n, pg in enumerate(pages, 1):
    check_paging(pg, bad, n, 50)
    if n < len(pages) and len(pg["items"]) != 50: bad("page %d has %d items but has_more" % (n, len(pg["items"])))
    for s in pg["items"]:
        ids.append(s["id"]); codes.add(s["code"])
        if s.get("kind") == "person": bad("a natural person found by name: %r" % s)
if len(ids) != len(set(ids)): bad("a subject repeated across pages")
c = json.load(open(A[1], encoding="utf-8"))
miss = [o["code"] for o in c["orgs"] if "广州" in o["name"] and not set(o["codes"]) & codes]
if miss: bad("%d organisations named 广州 not found, e.g. %s" % (len(miss), miss[:3]))' "$T/pages.json" "$T/city.json"

t "search by code: USCC, 组织机构代码, 工商注册号"
for code in "$ORG" "$ORG_ORGCODE" "$ORG_REGNO"; do
    desc "GET /api/v1/subjects?q=$code"
    get /api/v1/subjects -G --data-urlencode "q=$code"
    expect_status 200
    pycheck 'check_paging(j, bad)
if j.get("match") != "code": bad("match %r, expected code" % j.get("match"))
if [ (s.get("id"), s.get("code")) for s in j.get("items", []) ] != [(A[1], A[0])]: bad("items %r, expected only %s" % (j.get("items"), A[0]))
for s in j.get("items", []): check_summary(s, "item", bad)' "$ORG" "$ORG_SID"
done
desc "GET /api/v1/subjects?q=$ABSENT_ORG"
get /api/v1/subjects -G --data-urlencode "q=$ABSENT_ORG"
expect_status 200
jt 'j["items"] == [] and j["has_more"] is False' && ok || fail "$LAST_DESC: an absent code gives $(head -c 300 "$B")"

t "a one-character or empty query is refused (field q)"
for q in 广 a ""; do
    desc "GET /api/v1/subjects?q=$q"
    get /api/v1/subjects -G --data-urlencode "q=$q"
    expect_error 400 INVALID q
done
desc "GET /api/v1/subjects (no q)"
get /api/v1/subjects
expect_error 400 INVALID q

t "natural persons are not found by name or ID number in a URL"
desc "GET /api/v1/subjects?q=$PERSON_NAME"
get /api/v1/subjects -G --data-urlencode "q=$PERSON_NAME"
expect_status 200
jt 'not any(s.get("kind") == "person" for s in j["items"])' && ok || fail "$LAST_DESC: a person found by name"
grep -q "$PERSON_ID" "$B" && fail "$LAST_DESC: the ID number is in the body" || ok
desc "GET /api/v1/subjects?q=<ID number>"
get /api/v1/subjects -G --data-urlencode "q=$PERSON_ID"
[ "$ST" = 200 ] || [ "$ST" = 400 ] || [ "$ST" = 404 ] && ok || fail "$LAST_DESC: status $ST"
jt 'j is None or "error" in j or j.get("items") == []' && ok || fail "$LAST_DESC: found something: $(head -c 300 "$B")"
grep -q "$PERSON_ID" "$B" && fail "$LAST_DESC: the ID number is echoed" || ok
desc "GET /api/v1/subjects/<ID number>"
get "/api/v1/subjects/$PERSON_ID"
expect_error 404 NOT_FOUND
grep -q "$PERSON_ID" "$B" && fail "$LAST_DESC: the ID number is echoed" || ok

# ---------------------------------------------------------------- paging caps
t "paging: per_page over the cap, bad numbers, too deep (field page)"
for path in "/api/v1/subjects?q=%E5%B9%BF%E5%B7%9E&" "/api/v1/records?item=xzcf&" "/api/v1/lists/jyyc?"; do
    desc "GET ${path}per_page=51"
    get "${path}per_page=51"
    if [ "$ST" = 400 ]; then
        expect_error 400 INVALID per_page
    else
        expect_status 200
        jt 'j["per_page"] == 50 and len(j["items"]) <= 50' && ok ||
            fail "$LAST_DESC: neither refused nor capped at 50: per_page $(jv 'j.get("per_page")'), $(jv 'len(j.get("items", []))') items"
    fi
    for pp in 0 -1 abc 1.5; do
        desc "GET ${path}per_page=$pp"
        get "${path}per_page=$pp"
        expect_error 400 INVALID per_page
    done
    for pg in 0 -1 abc; do
        desc "GET ${path}page=$pg"
        get "${path}page=$pg"
        expect_error 400 INVALID page
    done
    desc "GET ${path}per_page=20&page=50 (results 981..1000)"
    get "${path}per_page=20&page=50"
    expect_status 200
    for deep in "per_page=20&page=51" "per_page=50&page=21" "per_page=1&page=1001" "page=999999999"; do
        desc "GET ${path}$deep (past 1000 results)"
        get "${path}$deep"
        expect_error 400 INVALID page
    done
done

# ---------------------------------------------------------------- credit files
t "credit file by USCC"
desc "GET /api/v1/subjects/$ORG"
get "/api/v1/subjects/$ORG"
expect_status 200
expect_json
expect_security_headers
expect_no_store
pycheck 'check_file(j, bad, A[0])
s = j.get("subject", {})
if (s.get("id"), s.get("code"), s.get("name"), s.get("masked")) != (A[1], A[2], A[3], False): bad("subject %r" % s)
idents = {(i.get("type"), i.get("value")) for i in s.get("identifiers", [])}
if ("uscc", A[2]) not in idents: bad("identifiers lack the USCC: %r" % s.get("identifiers"))
for code in (A[4], A[5]):
    if not any(v == code or v.replace("-", "") == code.replace("-", "") for _, v in idents): bad("identifiers lack %s: %r" % (code, s.get("identifiers")))
cat = {i["id"]: i for i in json.load(open(A[6], encoding="utf-8"))["items"]}
n = 0
for t in j.get("tabs", []):
    for r in t.get("records", []):
        n += 1
        ci = cat.get(r.get("item"))
        if not ci: bad("record of item %r, which is not in /api/v1/catalog" % r.get("item"))
        elif (r.get("tab"), r.get("item_name"), r.get("category"), r.get("category_name")) != (ci["tab"], ci["name"], ci["category"], ci["category_name"]):
            bad("record %s: tab/item/category %r differ from the catalogue %r" % (r.get("id"), (r.get("tab"), r.get("item_name"), r.get("category"), r.get("category_name")), ci))
if n == 0: bad("no records in the file of %s" % A[2])' "$TODAY" "$ORG_SID" "$ORG" "$ORG_NAME" "$ORG_ORGCODE" "$ORG_REGNO" "$T/catalog.json"
cp "$B" "$T/orgfile.json"
REC_ID=$(jv '[r["id"] for t in j["tabs"] for r in t["records"]][0]')

t "the same credit file by opaque id, 组织机构代码 and 工商注册号"
for key in "$ORG_SID" "$ORG_ORGCODE" "$ORG_REGNO"; do
    desc "GET /api/v1/subjects/$key"
    get "/api/v1/subjects/$key"
    expect_status 200
    expect_no_store
    pycheck 'if j != json.load(open(A[0], encoding="utf-8")): bad("differs from the file by USCC")' "$T/orgfile.json"
done

t "unknown subjects: 404 with the error shape"
for key in "$ABSENT_ORG" ffffffffffffffff 0000000000000000 nosuchsubject; do
    desc "GET /api/v1/subjects/$key"
    get "/api/v1/subjects/$key"
    expect_error 404 NOT_FOUND
done
for key in "%00" "%27%20OR%201%3D1%20--" "$(printf 'x%.0s' $(seq 300))" "%E5%B9%BF"; do
    desc "GET /api/v1/subjects/$key"
    get "/api/v1/subjects/$key"
    case "$ST" in
    400) expect_error 400 INVALID ;;
    *) expect_error 404 NOT_FOUND ;;
    esac
done

# ---------------------------------------------------------------- records
t "GET /api/v1/records/{id}"
desc "GET /api/v1/records/$REC_ID"
get "/api/v1/records/$REC_ID"
expect_status 200
expect_json
expect_security_headers
expect_no_store
pycheck 'f = json.load(open(A[0], encoding="utf-8"))
want = [r for t in f["tabs"] for r in t["records"] if r["id"] == A[1]][0]
rec = j.get("record") if isinstance(j, dict) and "record" in j else j
if "record" in j:
    check_summary(j.get("subject"), "subject", bad)
    if j.get("subject", {}).get("id") != f["subject"]["id"]: bad("subject %r is not the file'"'"'s subject" % j.get("subject"))
check_record(rec, "record", bad, A[2])
# the record page adds its versions and, for a penalty, the repair window (issue 5)
h = rec.get("history")
if not isinstance(h, list) or not h or h[-1].get("version") != rec.get("version"): bad("history %r of version %r" % (h, rec.get("version")))
rp = rec.get("repair")
if (rec.get("item") == "xzcf") != isinstance(rp, dict): bad("repair %r on a %s record" % (rp, rec.get("item")))
elif rp and (rp.get("window") not in ("not_yet", "possible", "not_needed") or not rp.get("label")): bad("repair %r" % (rp,))
if {k: v for k, v in rec.items() if k not in ("history", "repair")} != want: bad("differs from the same record in the credit file")' "$T/orgfile.json" "$REC_ID" "$TODAY"
for key in ffffffffffffffff 0000000000000000; do
    desc "GET /api/v1/records/$key"
    get "/api/v1/records/$key"
    expect_error 404 NOT_FOUND
done
for key in xyz "$REC_ID"0 "%00" 1; do
    desc "GET /api/v1/records/$key"
    get "/api/v1/records/$key"
    case "$ST" in
    400) expect_error 400 INVALID ;;
    *) expect_error 404 NOT_FOUND ;;
    esac
done

t "a record's id does not open a subject, nor a subject's id a record"
# subjects and records number their rows apart; a shared id space would let record ids, which
# every 双公示 page shows, open whatever subject has the same row number
ORG_ID=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["subject"]["id"])' "$T/orgfile.json")
desc "GET /api/v1/subjects/<a record's id>"
get "/api/v1/subjects/$REC_ID"
expect_error 404 NOT_FOUND
desc "GET /api/v1/records/<a subject's id>"
get "/api/v1/records/$ORG_ID"
expect_error 404 NOT_FOUND

t "GET /api/v1/records: 双公示 by item, department and dates"
for item in xzcf xzxk; do
    desc "GET /api/v1/records?item=$item"
    get "/api/v1/records?item=$item"
    expect_status 200
    expect_json
    expect_security_headers
    expect_no_store
    pycheck 'check_browse(j, bad, A[0], A[1], 1, 20)
if len(j.get("items", [])) != 20 or j.get("has_more") is not True: bad("first page: %d items, has_more %r" % (len(j.get("items", [])), j.get("has_more")))' "$item" "$TODAY"
done
XDEPT=$(city '[d["code"] for d in c["depts"] if "xzcf" in d["items"]][1]')
desc "GET /api/v1/records?item=xzcf&dept=$XDEPT"
get "/api/v1/records?item=xzcf&dept=$XDEPT&per_page=50"
expect_status 200
pycheck 'check_browse(j, bad, "xzcf", A[1])
if not j.get("items"): bad("no records of %s" % A[0])
for e in j.get("items", []):
    if e["record"]["department"]["code"] != A[0]: bad("a record of department %r" % e["record"]["department"])' "$XDEPT" "$TODAY"
desc "GET /api/v1/records?item=xzcf&from=2025-01-01&to=2025-12-31"
get "/api/v1/records?item=xzcf&from=2025-01-01&to=2025-12-31&per_page=50"
expect_status 200
pycheck 'check_browse(j, bad, "xzcf", A[0])
if not j.get("items"): bad("no records decided in 2025")
for e in j.get("items", []):
    if not "2025-01-01" <= e["record"]["decision_date"] <= "2025-12-31": bad("decision_date %s outside 2025" % e["record"]["decision_date"])' "$TODAY"
desc "GET /api/v1/records?item=sxbzxr (another public item)"
get "/api/v1/records?item=sxbzxr"
expect_status 200
pycheck 'check_browse(j, bad, "sxbzxr", A[0], 1, 20)' "$TODAY"
t "a natural person on a public record has no id to open the rest of their file"
desc "GET /api/v1/lists/sxbzxr (pages until a natural person)"
found_person=0
for page in 1 2 3 4 5 6 7 8 9 10; do
    get "/api/v1/lists/sxbzxr?per_page=50&page=$page"
    expect_status 200
    n=$(jv 'sum(1 for e in j["items"] if e["subject"]["kind"] == "person")')
    if [ "${n:-0}" -gt 0 ]; then
        found_person=1
        pycheck 'for e in j["items"]:
    s = e["subject"]
    if s["kind"] == "person" and s["id"] is not None: bad("a person on a list carries id %r" % s["id"])
    if s["kind"] != "person" and not s["id"]: bad("an organisation on a list has no id")'
        break
    fi
    [ "$(jv 'j["has_more"]')" = "true" ] || break
done
[ $found_person -eq 1 ] && ok || fail "no natural person among the 失信被执行人 entries"

# nsxy is 有条件共享, not public
for bad_q in "" "item=nsxy" "item=nosuch" "item=XZCF"; do
    desc "GET /api/v1/records?$bad_q"
    get "/api/v1/records?$bad_q"
    expect_error 400 INVALID item
done
for bad_q in "from=2025-13-01" "from=2025/01/01" "from=yesterday"; do
    desc "GET /api/v1/records?item=xzcf&$bad_q"
    get "/api/v1/records?item=xzcf&$bad_q"
    expect_error 400 INVALID from
done
desc "GET /api/v1/records?item=xzcf&to=2025-02-30"
get "/api/v1/records?item=xzcf&to=2025-02-30"
expect_error 400 INVALID to

# ---------------------------------------------------------------- lists
t "GET /api/v1/lists/{type}: entries of the four lists, none past its end"
for type in hmd sxbzxr yzsx jyyc; do
    desc "GET /api/v1/lists/$type"
    get "/api/v1/lists/$type?per_page=50"
    expect_status 200
    expect_json
    expect_security_headers
    expect_no_store
    pycheck 'check_browse(j, bad, A[0], A[1], 1, 50)
if not j.get("items"): bad("the list is empty")
for e in j.get("items", []):
    end = e["record"].get("end_date")
    if end is not None and end < A[1]: bad("entry %s ended on %s (exit or validity end) yet is listed" % (e["record"]["id"], end))' "$type" "$TODAY"
done
for type in xzcf nsxy nosuch; do
    desc "GET /api/v1/lists/$type"
    get "/api/v1/lists/$type"
    case "$ST" in
    400) expect_error 400 INVALID type ;;
    *) expect_error 404 NOT_FOUND ;;
    esac
done

# ---------------------------------------------------------------- publicity window
t "records past their publicity window are not shown; recent ones are"
desc "GET /api/v1/subjects/$PORG"
get "/api/v1/subjects/$PORG"
expect_status 200
pycheck 'keys = [field(r, "CF_WSH") for t in j.get("tabs", []) for r in t["records"]]
if "穗市监罚〔2025〕NEW1号" not in keys: bad("the penalty of %s is missing: %r" % (A[0], keys))
for old in ("穗市监罚〔2022〕OLD1号", "穗市监罚〔2020〕OLD2号"):
    if old in keys: bad("%s, decided more than 3 years ago, is shown" % old)' "$NEW_DATE"
NEW_ID=$(jv '[r["id"] for t in j["tabs"] for r in t["records"] if field(r, "CF_WSH") == "穗市监罚〔2025〕NEW1号"][0]')
desc "GET /api/v1/records/$NEW_ID (recent)"
get "/api/v1/records/$NEW_ID"
expect_status 200
# The old penalty's id, from a server whose clock (XY_NOW) is two months after its decision.
start_server XINYONG_HTTP_RATE_PER_MIN=1000000 XINYONG_HTTP_RATE_BURST=1000000 XY_NOW=2022-03-10T04:00:00Z
PAST_PID=$SPID
desc "GET /api/v1/subjects/$PORG on 2022-03-10"
get "/api/v1/subjects/$PORG"
OLD_ID=$(jv '[r["id"] for t in j["tabs"] for r in t["records"] if field(r, "CF_WSH") == "穗市监罚〔2022〕OLD1号"][0]')
jt 'j["as_of"] == "2022-03-10"' && ok || fail "$LAST_DESC: as_of $(jv 'j.get("as_of")'), expected 2022-03-10 (XY_NOW)"
[ -n "$OLD_ID" ] && ok ||
    fail "$LAST_DESC: the penalty of $OLD_DATE is not shown while it was public (status $ST): $(head -c 400 "$B")"
desc "GET /api/v1/health on 2022-03-10 (no 2022 calendar)"
get /api/v1/health
jt 'j.get("calendar_until", "absent") is None' && ok || fail "$LAST_DESC: calendar_until $(jv 'j.get("calendar_until", "absent")'), expected null"
stop_server "$PAST_PID"
BASE=$MAIN_BASE
if [ -n "$OLD_ID" ]; then
    desc "GET /api/v1/records/$OLD_ID (decided $OLD_DATE)"
    get "/api/v1/records/$OLD_ID"
    expect_error 404 NOT_FOUND
fi
for item in xzcf; do
    for p in $(seq 1 20); do
        get "/api/v1/records?item=$item&per_page=50&page=$p"
        [ "$ST" = 200 ] || { fail "GET /api/v1/records?item=$item page $p: status $ST"; break; }
        jt 'any(field(e["record"], "CF_WSH") in ("穗市监罚〔2022〕OLD1号", "穗市监罚〔2020〕OLD2号") for e in j["items"])' &&
            fail "GET /api/v1/records?item=$item page $p lists a penalty past its publicity window"
        jt 'any(e["record"]["id"] == A[0] for e in j["items"])' "$NEW_ID" && NEW_LISTED=1
        jt 'j["has_more"]' || break
    done
done
[ -n "${NEW_LISTED:-}" ] && ok || fail "GET /api/v1/records?item=xzcf: the recent penalty $NEW_ID is not listed"

# ---------------------------------------------------------------- natural persons (POST)
t "a natural person by exact name and ID number in a POST body"
person_body() { python3 -c 'import json,sys; print(json.dumps({"name": sys.argv[1], "id_number": sys.argv[2]}, ensure_ascii=False))' "$1" "$2"; }
# the one summary of the search result
PERSON_SUMMARY='(j["items"][0] if isinstance(j, dict) and isinstance(j.get("items"), list) and j["items"] else {})'
desc "POST /api/v1/subjects/person (right name and number)"
post_json /api/v1/subjects/person "$(person_body "$PERSON_NAME" "$PERSON_ID")"
expect_status 200
expect_json
expect_security_headers
expect_no_store
pycheck 's = '"$PERSON_SUMMARY"'
check_paging(j, bad)
if j.get("match") != "person": bad("match %r, expected person" % j.get("match"))
if len(j.get("items", [])) != 1 or j.get("has_more") is not False: bad("%d items, has_more %r: expected exactly one" % (len(j.get("items", [])), j.get("has_more")))
check_summary(s, "person", bad)
if s.get("kind") != "person": bad("kind %r" % s.get("kind"))
if s.get("code") != A[1][:6] + "********" + A[1][-4:]: bad("code %r, expected the masked ID number" % s.get("code"))
if s.get("name") != A[0][0] + "*" + (A[0][-1] if len(A[0]) > 2 else ""): bad("name %r, expected the masked name (张*明, 张*)" % s.get("name"))
' "$PERSON_NAME" "$PERSON_ID"
grep -q "$PERSON_ID" "$B" && fail "$LAST_DESC: the full ID number is in the answer" || ok
grep -q "$PERSON_NAME" "$B" && fail "$LAST_DESC: the full name is in the answer" || ok
P_SID=$(jv "$PERSON_SUMMARY[\"id\"]")
desc "POST /api/v1/subjects/person with Content-Type application/json; charset=utf-8"
req POST /api/v1/subjects/person -H 'Content-Type: application/json; charset=utf-8' --data-binary "$(person_body "$PERSON_NAME" "$PERSON_ID")"
expect_status 200

t "a natural person's credit file by opaque id is masked"
desc "GET /api/v1/subjects/$P_SID (person)"
get "/api/v1/subjects/$P_SID"
expect_status 200
expect_no_store
pycheck 'check_file(j, bad, A[2])
s = j.get("subject", {})
if s.get("kind") != "person" or s.get("masked") is not True: bad("subject %r" % s)
for i in s.get("identifiers", []):
    if A[1] in str(i.get("value")): bad("identifier with the full ID number: %r" % i)
if not any(t["records"] for t in j.get("tabs", [])): bad("no records in the file of a person with a penalty")' "$PERSON_NAME" "$PERSON_ID" "$TODAY"
grep -q "$PERSON_ID" "$B" && fail "$LAST_DESC: the full ID number is in the file" || ok
jt 'not any(A[0] in json.dumps(r, ensure_ascii=False) for t in j["tabs"] for r in t["records"] if r["item"] != "sxbzxr")' "$PERSON_NAME" && ok ||
    fail "$LAST_DESC: the full name is in a record other than 失信被执行人"

t "a wrong name or number: 404 that says nothing about which part, or whether the person exists"
: >"$T/person404"
for pair in "$OTHER_NAME|$PERSON_ID" "$PERSON_NAME|$OTHER_ID" "${PERSON_NAME}x|$PERSON_ID" "$PERSON_NAME|$NOBODY_ID" "张三丰|$NOBODY_ID"; do
    desc "POST /api/v1/subjects/person ($pair)"
    post_json /api/v1/subjects/person "$(person_body "${pair%%|*}" "${pair##*|}")"
    expect_error 404 NOT_FOUND
    for v in "$PERSON_ID" "$OTHER_ID" "$NOBODY_ID" "$PERSON_NAME" "$OTHER_NAME"; do
        grep -q "$v" "$B" && fail "$LAST_DESC: the answer echoes '$v'"
    done
    jv '{k: v for k, v in j["error"].items() if k != "request_id"}' >>"$T/person404"
done
[ "$(sort -u "$T/person404" | wc -l)" = 1 ] && ok ||
    fail "the 404s differ between a wrong name, a wrong number and nobody: $(sort -u "$T/person404")"

t "the person search takes nothing from the URL"
desc "POST /api/v1/subjects/person?name=..&id_number=.. with {}"
post_json "/api/v1/subjects/person?name=$(python3 -c 'import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1]))' "$PERSON_NAME")&id_number=$PERSON_ID" '{}'
expect_status 400
grep -q "$PERSON_ID" "$B" && fail "$LAST_DESC: the ID number is echoed" || ok

t "POST with a body that is not JSON: 415"
for ct in "text/plain" "application/x-www-form-urlencoded" "application/jsonp" "multipart/form-data; boundary=x"; do
    desc "POST /api/v1/subjects/person with Content-Type $ct"
    req POST /api/v1/subjects/person -H "Content-Type: $ct" --data-binary "$(person_body "$PERSON_NAME" "$PERSON_ID")"
    expect_error 415 UNSUPPORTED
done
desc "POST /api/v1/subjects/person without Content-Type"
req POST /api/v1/subjects/person -H "Content-Type:" --data-binary "$(person_body "$PERSON_NAME" "$PERSON_ID")"
expect_error 415 UNSUPPORTED

t "POST with malformed JSON: 400 PARSE naming the problem"
for body in '{"name":"张三","id_number":' '{name:"张三"}' '{"name":"张三",}' '' $'\xff\xfe{}' '{"name":"张三","id_number":"1"} x'; do
    desc "POST /api/v1/subjects/person body '$body'"
    post_json /api/v1/subjects/person "$body"
    expect_error 400 PARSE
    jt '"JSON" in j["error"]["message"] or "line" in j["error"] or re.search(r"\d", j["error"]["message"])' && ok ||
        fail "$LAST_DESC: the message does not name the problem: $(jv 'j["error"]["message"]')"
done

t "a malformed body never echoes the ID number it holds"
for body in '{"name":"'"$PERSON_NAME"'","id_number":"'"$PERSON_ID"'}' '{"name":"'"$PERSON_NAME"'","id_number":"'"$PERSON_ID" \
    '{"name":"'"$PERSON_NAME"'","id_number":'"$PERSON_ID"'x}' "{\"name\":\"$PERSON_NAME\",\"id_number\":'$PERSON_ID'}" \
    '{"name":"'"$PERSON_NAME"'" "id_number":"'"$PERSON_ID"'"}' '{"id_number":"'"$PERSON_ID"'" "name":"'"$PERSON_NAME"'"}'; do
    desc "POST /api/v1/subjects/person malformed body with an ID number"
    post_json /api/v1/subjects/person "$body"
    expect_error 400 PARSE
    grep -q "$PERSON_ID" "$B" && fail "$LAST_DESC: the answer echoes the ID number: $(cat "$B")" || ok
    grep -q "$PERSON_NAME" "$B" && fail "$LAST_DESC: the answer echoes the name: $(cat "$B")" || ok
done

t "POST with a JSON body lacking or mistyping a member: 400 naming the field"
for case in 'id_number|{"name":"张三"}' 'name|{"id_number":"440106198506121005"}' \
    'name|{"name":"","id_number":"440106198506121005"}' 'id_number|{"name":"张三","id_number":""}' \
    'name|{"name":123,"id_number":"440106198506121005"}' 'id_number|{"name":"张三","id_number":440106198506121005}' \
    'id_number|{"name":"张三","id_number":null}'; do
    desc "POST /api/v1/subjects/person ${case#*|}"
    post_json /api/v1/subjects/person "${case#*|}"
    expect_error 400 INVALID "${case%%|*}"
done
for body in '[]' '"张三"' '42' 'null'; do
    desc "POST /api/v1/subjects/person $body"
    post_json /api/v1/subjects/person "$body"
    expect_status 400
    jt 'j["error"]["code"] in ("INVALID", "PARSE")' && ok || fail "$LAST_DESC: $(head -c 300 "$B")"
done

t "POST with a body too large: 413"
python3 -c 'import json; print(json.dumps({"name": "张三", "id_number": "440106198506121005", "pad": "x" * (2 << 20)}))' >"$T/big.json"
desc "POST /api/v1/subjects/person (2 MiB body, Expect: 100-continue)"
req POST /api/v1/subjects/person -H 'Content-Type: application/json' --data-binary @"$T/big.json"
expect_error 413 TOO_LARGE
desc "POST /api/v1/subjects/person (2 MiB body, no Expect)"
post_json /api/v1/subjects/person @"$T/big.json"
expect_error 413 TOO_LARGE

# ---------------------------------------------------------------- 404, 405
t "unknown routes: 404 with the error shape"
for path in /api/v1/nosuch /api/v1 /api/v1/ /api/v2/health /api/v1/health/x "/api/v1/subjects/$ORG/records" \
    /api/v1/records/ /api/v1/lists/ /api/v1/lists/hmd/nosuch /api/nosuch /xyt/nosuch.html /nosuch.js; do
    desc "GET $path"
    get "$path"
    expect_error 404 NOT_FOUND
done

t "wrong method: 405 with Allow"
for case in "POST /api/v1/health GET" "DELETE /api/v1/subjects/$ORG GET" "PUT /api/v1/records GET" \
    "PATCH /api/v1/lists/hmd GET" "POST /api/v1/catalog GET" "GET /api/v1/subjects/person POST" \
    "PUT /api/v1/subjects/person POST" "DELETE /api/v1/records/$REC_ID GET" "POST /metrics GET"; do
    set -- $case
    desc "$1 $2"
    req "$1" "$2"
    expect_error 405 METHOD
    allow=$(hdr Allow)
    case ", $allow," in *", $3,"*) ok ;; *) fail "$LAST_DESC: Allow '$allow' lacks $3" ;; esac
done

# ---------------------------------------------------------------- static files
t "the portal: static files with their headers"
if [ -f "$ROOT/web/index.html" ]; then
    desc "GET /"
    get /
    expect_status 200
    expect_security_headers
    case "$(hdr Content-Type)" in text/html*) ok ;; *) fail "$LAST_DESC: Content-Type '$(hdr Content-Type)'" ;; esac
    cmp -s "$B" "$WEB_DIR/index.html" && ok || fail "$LAST_DESC: not web/index.html"
    [ "$(hdr Cache-Control)" = "public, max-age=300" ] && ok || fail "$LAST_DESC: Cache-Control '$(hdr Cache-Control)'"
fi
for f in page.html:text/html style.css:text/css app.js:text/javascript,application/javascript \
    data.json:application/json pic.svg:image/svg+xml pic.png:image/png icon.ico:image/x-icon,image/vnd.microsoft.icon; do
    name=${f%%:*}
    types=${f#*:}
    desc "GET /xyt/$name"
    get "/xyt/$name"
    expect_status 200
    expect_security_headers
    cmp -s "$B" "$WEB_DIR/xyt/$name" && ok || fail "$LAST_DESC: body is not the file"
    ct=$(hdr Content-Type)
    okt=""
    for ty in ${types//,/ }; do case "$ct" in "$ty" | "$ty;"*) okt=1 ;; esac; done
    [ -n "$okt" ] && ok || fail "$LAST_DESC: Content-Type '$ct', expected $types"
    [ "$(hdr Cache-Control)" = "public, max-age=300" ] && ok || fail "$LAST_DESC: Cache-Control '$(hdr Cache-Control)'"
done

t "only .html .css .js .json .svg .png .ico are served"
for name in notes.txt app.js.map README.md run.sh data.db backup.bak noext page.php .hidden.html; do
    desc "GET /xyt/$name"
    get "/xyt/$name"
    [ "$ST" = 404 ] || [ "$ST" = 400 ] && ok || fail "$LAST_DESC: status $ST, expected 404 (or 400)"
    grep -q XYT-FORBIDDEN "$B" && fail "$LAST_DESC: the file was served"
    expect_security_headers
done

t "path traversal never serves anything outside web/"
for path in '/../secret.html' '/xyt/../../secret.html' '/%2e%2e/secret.html' '/%2E%2E/secret.html' \
    '/xyt/%2e%2e/%2e%2e/secret.html' '/..%2fsecret.html' '/%2e%2e%2fsecret.html' '/xyt/..%2f..%2fsecret.html' \
    '/.%2e/secret.html' '/%2e./secret.html' '/xyt/..%5c..%5csecret.html' '/xyt\..\..\secret.html' '/..\secret.html' \
    '/%5c..%5csecret.html' '/....//secret.html' '/..;/secret.html' '/%252e%252e/secret.html' \
    '/%c0%ae%c0%ae/secret.html' '/%u002e%u002e/secret.html' '/../webx/a.html' '/../t.db' '/../city/departments.csv' \
    '/xyt/page.html%00.txt' '/xyt/page.html%00' '/%00' '/xyt/%00/../page.html' '/web/../src/main.c' \
    '/../../../../../../etc/passwd' '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd' '//etc/passwd' \
    '/xyt/link.html' "/$T/secret.html"; do
    desc "GET $path"
    get "$path"
    [ "$ST" = 404 ] || [ "$ST" = 400 ] && ok || fail "$LAST_DESC: status $ST, expected 400 or 404"
    if grep -q -e XYT-SECRET -e 'root:x:0:0' -e 'SQLite format' -e 'uscc,name,items' "$B"; then
        fail "$LAST_DESC: served a file outside web/"
    fi
    expect_security_headers
done

# ---------------------------------------------------------------- request ids in the access log
t "the request id is in the access log; ID numbers are not"
get "/api/v1/subjects/$ABSENT_ORG"
rid=$(hdr X-Request-Id)
# the access log line is written as the request completes, which may be just after the answer
for _ in $(seq 50); do grep -q -- "$rid" "$MAIN_LOG" && break; sleep 0.1; done
grep -q -- "$rid" "$MAIN_LOG" && ok || fail "request id $rid not in the server's log ($(wc -l <"$MAIN_LOG") lines)"
grep -q -e "$PERSON_ID" -e "$OTHER_ID" "$MAIN_LOG" && fail "an ID number is in the server's log" || ok

# ---------------------------------------------------------------- config limits
t "http.max_per_page, http.max_results and http.max_body_bytes from the environment"
start_server XINYONG_HTTP_RATE_PER_MIN=1000000 XINYONG_HTTP_RATE_BURST=1000000 \
    XINYONG_HTTP_MAX_PER_PAGE=10 XINYONG_HTTP_MAX_RESULTS=30 XINYONG_HTTP_MAX_BODY_BYTES=1024
LIM_PID=$SPID
desc "GET /api/v1/records?item=xzcf&per_page=11 (max_per_page 10)"
get "/api/v1/records?item=xzcf&per_page=11"
if [ "$ST" = 400 ]; then
    expect_error 400 INVALID per_page
else
    expect_status 200
    jt 'j["per_page"] == 10 and len(j["items"]) <= 10' && ok || fail "$LAST_DESC: per_page $(jv 'j.get("per_page")')"
fi
desc "GET /api/v1/records?item=xzcf&per_page=10&page=3 (results 21..30 of max_results 30)"
get "/api/v1/records?item=xzcf&per_page=10&page=3"
expect_status 200
desc "GET /api/v1/records?item=xzcf&per_page=10&page=4 (past max_results 30)"
get "/api/v1/records?item=xzcf&per_page=10&page=4"
expect_error 400 INVALID page
desc "GET /api/v1/subjects?q=广州&per_page=10&page=4 (past max_results 30)"
get "/api/v1/subjects?per_page=10&page=4" -G --data-urlencode "q=广州"
expect_error 400 INVALID page
python3 -c 'import json; print(json.dumps({"name": "张三", "id_number": "440106198506121005"}) + " " * 1500)' >"$T/mid.json"
desc "POST /api/v1/subjects/person (1.5 KB body, max_body_bytes 1024)"
post_json /api/v1/subjects/person @"$T/mid.json"
expect_error 413 TOO_LARGE
desc "POST /api/v1/subjects/person (small body, max_body_bytes 1024)"
post_json /api/v1/subjects/person "$(person_body "$PERSON_NAME" "$PERSON_ID")"
expect_status 200
stop_server "$LIM_PID"

# ---------------------------------------------------------------- rate limit
t "rate limit: past the burst, 429 with Retry-After and the error shape"
# 6 a minute: a token every 10 s, so that a busy machine (a request can take a second there)
# does not refill the bucket while the checks below run; Retry-After is then at most 10 s.
start_server XINYONG_HTTP_RATE_PER_MIN=6 XINYONG_HTTP_RATE_BURST=5
RL_PID=$SPID
# 12 searches at once (one curl, one connection): 5 pass, then 429 - unless the burst took 10 s
# or more, when the bucket gained a token per 10 s
urls=()
for i in $(seq 12); do urls+=(-o /dev/null "$BASE/api/v1/subjects?q=%E5%B9%BF%E5%B7%9E"); done
t0=$(date +%s%N)
codes=$(curl -s -w '%{http_code} ' "${urls[@]}")
t1=$(date +%s%N)
refill=$(((t1 - t0) / 10000000000))
n200=$(echo "$codes" | tr ' ' '\n' | grep -c 200)
if [ "$refill" -eq 0 ]; then
    [ "$codes" = "200 200 200 200 200 429 429 429 429 429 429 429 " ] && ok ||
        fail "12 rapid searches (6/min, burst 5) gave: $codes; expected 5 × 200 then 429"
else
    case "$codes" in "200 200 200 200 200 "*429*) ok ;; *) fail "12 rapid searches gave: $codes" ;; esac
    [ "$n200" -le $((5 + refill)) ] && ok || fail "12 searches in over $((refill * 10)) s passed $n200 times (burst 5, 6/min)"
fi
refused=$((12 - $(echo "$codes" | tr ' ' '\n' | grep -c '^200$')))
# every limited route, three times in a row: at least two of the three are refused (a token
# comes back every 10 s; all six routes take far less on any machine)
for r in "GET /api/v1/subjects?q=%E5%B9%BF%E5%B7%9E" "GET /api/v1/subjects/$ORG" "GET /api/v1/records?item=xzcf" \
    "GET /api/v1/lists/hmd" "GET /api/v1/records/$REC_ID" "POST /api/v1/subjects/person"; do
    trio=""
    for i in 1 2 3; do
        if [ "${r%% *}" = POST ]; then
            post_json /api/v1/subjects/person "$(person_body "$PERSON_NAME" "$PERSON_ID")"
        else
            get "${r#* }"
        fi
        trio="$trio $ST"
        [ "$ST" = 429 ] && cp "$B" "$T/rl.b" && cp "$H" "$T/rl.h"
    done
    n429=$(echo "$trio" | tr ' ' '\n' | grep -c 429)
    refused=$((refused + n429))
    [ "$n429" -ge 2 ] && ok || fail "$r three times while limited:$trio"
    if [ "$n429" -ge 1 ]; then
        B="$T/rl.b"
        H="$T/rl.h"
        ST=429
        desc "$r while limited"
        expect_error 429 RATE_LIMITED
        RA=$(hdr Retry-After)
        case "$RA" in '' | *[!0-9]*) fail "$LAST_DESC: Retry-After '$RA' is not a number of seconds" ;;
        *) [ "$RA" -ge 1 ] && [ "$RA" -le 60 ] && ok || fail "$LAST_DESC: Retry-After $RA" ;; esac
    fi
done
get /metrics
v=$(awk '$1 == "xinyong_ratelimited_total" {print $2}' "$B")
[ "$v" = "$refused" ] && ok || fail "xinyong_ratelimited_total '$v' after $refused answers 429"
case "${RA:-}" in '' | *[!0-9]*) RA=1 ;; esac
sleep "$RA.3"
desc "a search after Retry-After seconds"
get /api/v1/subjects -G --data-urlencode "q=广州"
expect_status 200
stop_server "$RL_PID"
BASE=$MAIN_BASE

# ---------------------------------------------------------------- SIGTERM
t "SIGTERM: a request in flight completes, the server exits 0"
python3 -c 'import json,sys; print(json.dumps({"name": sys.argv[1], "id_number": sys.argv[2]}, ensure_ascii=False) + " " * 1500)' \
    "$PERSON_NAME" "$PERSON_ID" >"$T/slow.json"
curl -s --max-time 30 -o "$T/slow.b" -w '%{http_code}' -H 'Content-Type: application/json' -H 'Expect:' \
    --limit-rate 600 --data-binary @"$T/slow.json" "$BASE/api/v1/subjects/person" >"$T/slow.st" 2>/dev/null &
CURL_PID=$!
sleep 1
kill -TERM "$MAIN_PID"
wait "$CURL_PID"
crc=$?
[ "$crc" = 0 ] && [ "$(cat "$T/slow.st")" = 200 ] && ok ||
    fail "the request in flight: curl exit $crc, status $(cat "$T/slow.st"), body $(head -c 200 "$T/slow.b")"
B="$T/slow.b"
jt 'j is not None' && ok || fail "the request in flight got an incomplete body: $(head -c 200 "$T/slow.b")"
for _ in $(seq 150); do kill -0 "$MAIN_PID" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$MAIN_PID" 2>/dev/null; then
    fail "the server still runs 15 s after SIGTERM"
    kill -KILL "$MAIN_PID"
fi
wait "$MAIN_PID"
src=$?
PIDS=$(echo "$PIDS" | tr ' ' '\n' | grep -vx "$MAIN_PID" | tr '\n' ' ')
[ "$src" = 0 ] && ok || fail "the server exited $src after SIGTERM; log: $(tail -5 "$MAIN_LOG")"

t "every answer conforms to web/openapi.json"
check_samples

finish
