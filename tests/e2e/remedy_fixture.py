#!/usr/bin/env python3
"""remedy_fixture.py - what the remedies browser test needs besides the demo city.

    remedy_fixture.py penalties CITY_DIR SUBJECT_CODE OUT_CSV   -> prints the department's code
    remedy_fixture.py overdue BASE_URL ACCOUNTS_FILE            -> prints the case id
    remedy_fixture.py court CITY_DIR SUBJECT_CODE                -> prints the court's code

`penalties` writes a small UTF-8 行政处罚 CSV (the generated city's own header) of three penalties of the
demo subject by the department of the city's last UTF-8 xzcf file (another department than the
demo accounts', so the test needs that department's own account), with decision dates counted
back from today (Beijing):
  穗E2E罚〔Y〕1号  20 days ago   the objection the test files and the department corrects
  穗E2E罚〔Y〕2号  10 days ago   before its minimum period: repair not possible yet
  穗E2E罚〔Y〕3号  200 days ago  a fine (一般) past its 3-month minimum and inside its maximum
                               (12 or 36 months by the regime): repair possible

`overdue` signs the demo subject in on a server whose clock runs 20 days behind (XY_NOW, see
run.sh) and objects to 穗E2E罚〔Y〕2号 there: back on today's clock the reviewers' deadline to
accept or refuse has long passed, so the queue has an overdue case to put first.

`court` names the court whose 失信被执行人 file lists the demo subject (its account reports the
debtor's performance).
"""
import csv
import datetime
import http.cookiejar
import json
import os
import sys
import urllib.error
import urllib.request


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def penalties(city, code, out):
    manifest = read_csv(os.path.join(city, "manifest.csv"))[1:]
    files = [r for r in manifest if r[2] == "xzcf" and r[0].endswith(".csv") and "gb18030" not in r[0]]
    if not files:
        sys.exit("remedy_fixture: the city has no UTF-8 xzcf file")
    file, dept = files[-1][0], files[-1][1]
    rows = read_csv(os.path.join(city, file))
    head = rows[0]
    if "CF_WSH" not in head or "XDR_SHXYM" not in head:
        sys.exit(f"remedy_fixture: {file} has no field-code header")
    dept_name = next((r[head.index("CF_CFJG")] for r in rows[1:] if r[head.index("CF_CFJGDM")] == dept), dept)

    # the subject's name and legal representative as the city's files have them
    name, frdb = None, ""
    for f in sorted(os.listdir(city)):
        if not f.endswith(".csv") or "gb18030" in f or f in ("manifest.csv", "departments.csv"):
            continue
        data = read_csv(os.path.join(city, f))
        if not data or "XDR_SHXYM" not in data[0] or "XDR_MC" not in data[0]:
            continue
        h = data[0]
        for r in data[1:]:
            if len(r) == len(h) and r[h.index("XDR_SHXYM")].upper() == code:
                name = r[h.index("XDR_MC")]
                if "FRDB" in h:
                    frdb = r[h.index("FRDB")]
                break
        if name:
            break
    if not name:
        sys.exit(f"remedy_fixture: no file of the city names {code}")

    # the day the remedies server believes it is (run.sh pins it with XY_NOW and E2E_TODAY)
    pinned = os.environ.get("E2E_TODAY")
    today = (datetime.date.fromisoformat(pinned) if pinned else
             (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date())
    penalties = [
        (1, 20, "0.5", "罚款人民币5000元。"),
        (2, 10, "0.2", "罚款人民币2000元。"),
        (3, 200, "0.3", "罚款人民币3000元。"),
    ]
    with open(out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(head)
        for n, days_ago, wan, content in penalties:
            day = today - datetime.timedelta(days=days_ago)
            v = {
                "XDR_MC": name, "XDR_LB": "法人及非法人组织", "XDR_SHXYM": code, "FRDB": frdb,
                "CF_WSH": f"穗E2E罚〔{day.year}〕{n}号", "CF_WFXW": "未按规定公示年度报告",
                "CF_SY": f"经查，当事人未按规定履行义务（端到端测试记录 {n}）。",
                "CF_YJ": "《企业信息公示暂行条例》第十八条", "CF_CFLB": "罚款", "CF_NR": content,
                "CF_NR_FK": wan, "CF_JDRQ": day.isoformat(), "CF_CFJG": dept_name, "CF_CFJGDM": dept,
                "CF_SJLY": dept_name, "CF_SJLYDM": dept,
            }
            w.writerow([v.get(col, "") for col in head])
    print(dept)


def overdue(base, accounts):
    login = password = None
    with open(accounts, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 3 and parts[1] == "subject":
                login, password = parts[0], parts[2]
    if not login:
        sys.exit("remedy_fixture: no subject account in the accounts file")
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def call(method, path, body=None, csrf=None):
        headers = {"Content-Type": "application/json"} if body is not None else {}
        if csrf:
            headers["X-CSRF-Token"] = csrf
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(base + path, data=data, method=method, headers=headers)
        try:
            with opener.open(req, timeout=10) as res:
                return json.load(res)
        except urllib.error.HTTPError as e:
            sys.exit(f"remedy_fixture: {method} {path}: HTTP {e.code} {e.read().decode(errors='replace')}")

    session = call("POST", "/api/v1/session", {"login": login, "password": password})
    record = None
    for tab in call("GET", "/api/v1/me/file")["tabs"]:
        for r in tab["records"]:
            if any(f["code"] == "CF_WSH" and f["value"].startswith("穗E2E罚") and f["value"].endswith("〕2号")
                   for f in r["fields"]):
                record = r["id"]
    if not record:
        sys.exit("remedy_fixture: the demo subject has no 穗E2E罚〔Y〕2号")
    case = call("POST", "/api/v1/cases", {
        "kind": "objection", "record": record, "ground": "duplicate",
        "statement": "该处罚与本单位另一条记录重复公示（端到端测试：超期案件）。"}, session["csrf_token"])
    call("DELETE", "/api/v1/session", csrf=session["csrf_token"])
    print(case["id"])


def court(city, code):
    for file, dept, item, *_ in read_csv(os.path.join(city, "manifest.csv"))[1:]:
        if item != "sxbzxr" or not file.endswith(".csv") or "gb18030" in file:
            continue
        rows = read_csv(os.path.join(city, file))
        if "XDR_SHXYM" in rows[0]:
            i = rows[0].index("XDR_SHXYM")
            if any(len(r) > i and r[i].upper() == code for r in rows[1:]):
                print(dept)
                return
    sys.exit(f"remedy_fixture: no 失信被执行人 file of the city lists {code}")


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "penalties":
        penalties(*sys.argv[2:])
    elif len(sys.argv) == 4 and sys.argv[1] == "overdue":
        overdue(*sys.argv[2:])
    elif len(sys.argv) == 4 and sys.argv[1] == "court":
        court(*sys.argv[2:])
    else:
        sys.exit("usage: remedy_fixture.py penalties CITY_DIR SUBJECT_CODE OUT_CSV | overdue BASE_URL ACCOUNTS"
                 " | court CITY_DIR SUBJECT_CODE")


if __name__ == "__main__":
    main()
