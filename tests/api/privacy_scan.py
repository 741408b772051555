#!/usr/bin/env python3
"""privacy_scan.py - fetch every public answer of a running server and look for personal data.

usage: privacy_scan.py BASE_URL CITY_JSON SERVER_LOG

CITY_JSON is city.py's summary of the generated files the database was built from. Fetched:
health, catalog, departments, openapi, metrics, the portal's pages; every organisation's credit
file by each of its codes and by id, and a name search for it; every natural person by POST
(full name + ID number) and then their file by id, and a name search for them (which must not
find them); every record by id (from files and pages); every page of /api/v1/records for xzxk
and xzcf and of the four lists.

Fails (`FAIL [privacy]: ...`, exit 1) when an answer or the server's log holds a 公民身份号码
of the input files in full; when a natural person's full name appears anywhere in an answer
except inside a 失信被执行人 (sxbzxr) record (published with the name by law) and the echo of
the query `q`; when a 纳税信用等级 (nsxy, 有条件共享) record other than an A rating is shown
(nsxy.ini: only A ratings are public); and when the crawl itself falls short (an organisation or
a person of the files cannot be found), so that a scan that saw nothing cannot pass.
"""
import http.client
import json
import os
import re
import sys
import urllib.parse
from collections import defaultdict

BASE, CITY, LOG = sys.argv[1], sys.argv[2], sys.argv[3]
u = urllib.parse.urlsplit(BASE)
c = json.load(open(CITY, encoding="utf-8"))

IDNOS = set(c["idnos"])
ID18 = re.compile(r"[0-9]{17}[0-9Xx]")
PERSON_NAMES = sorted(c["person_names"], key=len, reverse=True)
NAME_RE = re.compile("|".join(map(re.escape, PERSON_NAMES))) if PERSON_NAMES else None
# organisation and department names may contain a person's name by chance: blank them first
ORG_RE = re.compile("|".join(map(re.escape, sorted(set(c["org_names"]) | set(c["dept_names"]), key=len, reverse=True))))

fails = defaultdict(list)  # category -> examples
passes = 0
nreq = 0
conn = None


def fail(category, msg):
    fails[category].append(msg)


def request(method, path, body=None):
    """One request on a kept-alive connection; returns (status, headers, text)."""
    global conn, nreq
    headers = {"Content-Type": "application/json"} if body is not None else {}
    for attempt in (1, 2):
        try:
            if conn is None:
                conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
            conn.request(method, path, body=body.encode("utf-8") if body is not None else None, headers=headers)
            r = conn.getresponse()
            data = r.read()
            nreq += 1
            if r.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = None
            text = data.decode("utf-8", errors="replace")
            scan(method, path, r.status, text)
            return r.status, r, text
        except (http.client.HTTPException, OSError):
            if conn:
                conn.close()
            conn = None
            if attempt == 2:
                raise


def scan(method, path, status, text):
    """Every answer: no ID number of the input in full; no person's name outside sxbzxr records."""
    where = "%s %s (%d)" % (method, path, status)
    for m in set(ID18.findall(text)):
        if m.upper() in IDNOS:
            fail("full ID number in an answer", "%s: %s" % (where, m))
    try:
        j = json.loads(text)
    except ValueError:
        if NAME_RE:
            for m in set(NAME_RE.findall(ORG_RE.sub("", text))):
                fail("full name of a natural person in a non-JSON answer", "%s: %s" % (where, m))
        return
    # JSON: walk it, so \\u escapes cannot hide anything and the context is known
    walk(j, where, "", allowed=False, top=True)


def walk(node, where, ctx, allowed, top=False, legal_rep_ok=False):
    if isinstance(node, dict):
        if node.get("item") == "sxbzxr" and "fields" in node:
            allowed = True  # 失信被执行人: published with the name by law
        if isinstance(node.get("fields"), list):
            # the 法定代表人 of a legal person is published with the name (双公示 standard,
            # docs/api.md); a 个体工商户's operator or a person's representative is not
            legal_rep_ok = any(isinstance(f, dict) and f.get("code") == "XDR_LB" and
                               f.get("value") == "法人及非法人组织" for f in node["fields"])
        if legal_rep_ok and node.get("code") == "FRDB" and "value" in node:
            return
        if node.get("item") == "nsxy" and isinstance(node.get("fields"), list):
            grade = [f.get("value") for f in node["fields"] if isinstance(f, dict) and f.get("code") == "XYJB"]
            if grade != ["A"]:
                fail("纳税信用等级 other than A (有条件共享) shown to the public", "%s: record %s grade %r" % (where, node.get("id"), grade))
        for k, v in node.items():
            if top and k == "q":
                continue  # the client's own query, echoed
            sub = ctx
            if k == "fields" or ctx.endswith("fields"):
                sub = ctx + "." + k
            if isinstance(node.get("code"), str) and k == "value":
                sub = "%s field %s (%s)" % (ctx, node["code"], node.get("name"))
            elif "item" in node and "fields" in node:
                sub = "record %s [%s]" % (node.get("id"), node.get("item"))
            elif "kind" in node and "masked" in node:
                sub = "subject summary %s" % node.get("id")
            walk(v, where, sub, allowed, legal_rep_ok=legal_rep_ok)
    elif isinstance(node, list):
        for v in node:
            walk(v, where, ctx, allowed, legal_rep_ok=legal_rep_ok)
    elif isinstance(node, str) and not allowed and NAME_RE:
        for m in set(NAME_RE.findall(ORG_RE.sub("", node))):
            f = re.search(r"field (\S+ \([^)]*\))", ctx)
            fail("full name of a natural person outside 失信被执行人 records, in %s" % (
                 "field " + f.group(1) if f else ctx.split(" ")[0] if ctx else "the body"),
                 "%s: %s in %s: %r" % (where, m, ctx or "the body", node[:80]))


def get_json(path):
    st, _, text = request("GET", path)
    try:
        return st, json.loads(text)
    except ValueError:
        return st, None


record_ids = set()


def collect_ids(j):
    if isinstance(j, dict):
        if "fields" in j and isinstance(j.get("id"), str):
            record_ids.add(j["id"])
        for v in j.values():
            collect_ids(v)
    elif isinstance(j, list):
        for v in j:
            collect_ids(v)


def q(s):
    return urllib.parse.quote(s, safe="")


def crawl_pages(path):
    pages = 0
    for page in range(1, 1000):
        st, j = get_json("%s%sper_page=50&page=%d" % (path, "&" if "?" in path else "?", page))
        if st != 200 or not isinstance(j, dict):
            fail("a page could not be read", "%s page %d: status %d" % (path, page, st))
            break
        pages += 1
        collect_ids(j)
        if not j.get("has_more"):
            break
    return pages


# -------------------------------------------------------------- fixed answers and the portal
for path in ("/api/v1/health", "/api/v1/catalog", "/api/v1/departments", "/api/v1/openapi.json", "/metrics", "/"):
    st, _, _ = request("GET", path)
    if st != 200:
        fail("a fixed answer could not be read", "GET %s: status %d" % (path, st))
web = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "web")
for name in sorted(os.listdir(web)) if os.path.isdir(web) else []:
    if name.endswith(".html"):
        request("GET", "/" + name)

# -------------------------------------------------------------- organisations
orgs_found = 0
for o in c["orgs"]:
    sid = None
    for code in o["codes"] or [o["code"]]:
        st, j = get_json("/api/v1/subjects/" + q(code))
        if st == 200 and isinstance(j, dict):
            collect_ids(j)
            sid = j.get("subject", {}).get("id")
        else:
            fail("an organisation of the files has no credit file", "GET /api/v1/subjects/%s: status %d" % (code, st))
    if sid:
        orgs_found += 1
        get_json("/api/v1/subjects/" + sid)
    get_json("/api/v1/subjects?q=" + q(o["code"]))
    get_json("/api/v1/subjects?per_page=50&q=" + q(o["name"]))

# -------------------------------------------------------------- natural persons
persons_found = 0
for p in c["persons"]:
    st, _, text = request("POST", "/api/v1/subjects/person", json.dumps({"name": p["name"], "id_number": p["id"]}, ensure_ascii=False))
    try:
        j = json.loads(text)
    except ValueError:
        j = None
    items = j.get("items") if isinstance(j, dict) else None
    if st != 200 or not isinstance(items, list) or len(items) != 1:
        fail("a natural person of the files is not found by name and ID number", "%s: status %d: %s" % (p["id"][:6] + "…", st, text[:120]))
        continue
    persons_found += 1
    s = items[0]
    masked = p["id"][:6] + "*" * 8 + p["id"][-4:]
    if s.get("code") != masked or s.get("masked") is not True:
        fail("a natural person's summary is not masked", "POST person %s: %r" % (masked, s))
    st, j = get_json("/api/v1/subjects/" + q(s.get("id", "")))
    if st != 200:
        fail("a natural person's file cannot be read by id", "GET /api/v1/subjects/%s: status %d" % (s.get("id"), st))
    collect_ids(j)
    st, j = get_json("/api/v1/subjects?per_page=50&q=" + q(p["name"]))
    if isinstance(j, dict) and any(isinstance(x, dict) and x.get("kind") == "person" for x in j.get("items", [])):
        fail("a natural person is found by name in a URL", "GET /api/v1/subjects?q=<name of %s>" % masked)

# -------------------------------------------------------------- browsing
npages = 0
for path in ("/api/v1/records?item=xzxk", "/api/v1/records?item=xzcf", "/api/v1/lists/hmd",
             "/api/v1/lists/sxbzxr", "/api/v1/lists/yzsx", "/api/v1/lists/jyyc"):
    npages += crawl_pages(path)

# -------------------------------------------------------------- every record by id
nrec = 0
for rid in sorted(record_ids):
    st, _ = get_json("/api/v1/records/" + rid)
    if st == 200:
        nrec += 1
    else:
        fail("a record shown in a file or a page cannot be read by id", "GET /api/v1/records/%s: status %d" % (rid, st))

# -------------------------------------------------------------- the server's log
log = open(LOG, encoding="utf-8", errors="replace").read()
for m in set(ID18.findall(log)):
    if m.upper() in IDNOS:
        fail("full ID number in the server's log", m)

# -------------------------------------------------------------- coverage
if orgs_found != len(c["orgs"]):
    fail("coverage", "%d of %d organisations found" % (orgs_found, len(c["orgs"])))
if persons_found != len(c["persons"]) or not c["persons"]:
    fail("coverage", "%d of %d natural persons found" % (persons_found, len(c["persons"])))
if nrec == 0 or len(IDNOS) == 0:
    fail("coverage", "%d records read, %d ID numbers known: the scan saw nothing" % (nrec, len(IDNOS)))

print("privacy scan: %d requests; %d organisations, %d persons, %d records by id, %d pages; "
      "%d ID numbers and %d person names looked for" % (nreq, orgs_found, persons_found, nrec, npages, len(IDNOS), len(PERSON_NAMES)))
nfail = 0
for cat, ex in fails.items():
    nfail += len(ex)
    for e in ex[:5]:
        print("FAIL [privacy]: %s: %s" % (cat, e), file=sys.stderr)
    if len(ex) > 5:
        print("FAIL [privacy]: %s: ... and %d more" % (cat, len(ex) - 5), file=sys.stderr)
checks = nreq + 3
print("%d passed, %d failed" % (checks - min(nfail, checks), nfail))
sys.exit(1 if nfail else 0)
