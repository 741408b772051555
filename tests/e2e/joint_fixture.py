#!/usr/bin/env python3
"""joint_fixture.py - what the joint rewards and punishments browser test (joint.test.mjs) needs
besides the demo city.

    joint_fixture.py prepare CITY_DIR DEMO_SUBJECT_CODE OUT_DIR   -> writes OUT_DIR/joint.json
    joint_fixture.py objection BASE_URL JOINT_JSON                 -> prints the case id

`prepare` picks, from the generated city's files (never the demo subject, which the remedies test
works on):
  disputed  an organisation on the 失信被执行人 list; run.sh gives it a subject account
            (login and password in joint.json, mode 0600) that `objection` uses to object to
            that entry, so a check of its code shows the hit with 有异议
  named     another organisation on the 失信被执行人 list, checked by its name alone (the test
            writes it in traditional characters)
  fresh     an organisation the city does not know (a new valid code): the department checks
            it (no hit), then the test stores `rescreen_csv` (a 失信被执行人 entry of it, dated
            yesterday) with the CLI and runs `xinyong joint rescreen`
  added     another new organisation: `addition_csv` is a 市场监督管理严重违法失信名单
            entry of it dated today, which the demo submitter (the market regulator, which
            `user demo` picks) uploads through the API and which then waits for approval
Dates are Beijing days of the real clock (the server the test talks to is not pinned).
"""
import csv
import datetime
import json
import os
import secrets
import sys
import http.cookiejar
import urllib.error
import urllib.request

LISTS = ("hmd", "sxbzxr", "yzsx", "yzwfsx", "zdsswf", "jyyc")


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def utf8_files(city, items=None):
    for file, dept, item, *_ in read_csv(os.path.join(city, "manifest.csv"))[1:]:
        if not file.endswith(".csv") or "gb18030" in file:
            continue
        if items is None or item in items:
            yield file, dept, item


# a header's field codes or Chinese names (the generator writes either)
COLUMNS = {
    "name": ("XDR_MC", "行政相对人名称", "主体名称"),
    "kind": ("XDR_LB", "行政相对人类别", "主体类别"),
    "code": ("XDR_SHXYM", "统一社会信用代码"),
    "rep": ("FRDB", "法定代表人"),
}


def orgs_of(rows):
    """{code: (name, legal representative)} of the organisations of a city file."""
    head = rows[0]
    col = {k: next((head.index(n) for n in names if n in head), -1) for k, names in COLUMNS.items()}
    if min(col["name"], col["kind"], col["code"]) < 0:
        return {}
    return {r[col["code"]].upper(): (r[col["name"]], r[col["rep"]] if col["rep"] >= 0 else "")
            for r in rows[1:]
            if len(r) == len(head) and r[col["kind"]] == "法人及非法人组织" and len(r[col["code"]]) == 18}


USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def uscc_check(body):
    """The check character of a 统一社会信用代码's first 17 characters (GB 32100-2015)."""
    w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    c = 31 - sum(USCC_CHARS.index(ch) * w[i] for i, ch in enumerate(body)) % 31
    return USCC_CHARS[0 if c == 31 else c]


def today_beijing():
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date()


def write_csv(path, head, values):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(head)
        w.writerow([values.get(col, "") for col in head])


def prepare(city, demo_code, out):
    demo_code = demo_code.upper()
    listed = set()
    for file, _dept, _item in utf8_files(city, LISTS):
        listed |= set(orgs_of(read_csv(os.path.join(city, file))))
    # 失信被执行人 organisations with an ordinary company name, each with its first entry's 案号
    court_file = court_dept = None
    sx = []
    for file, dept, _item in utf8_files(city, ("sxbzxr",)):
        rows = read_csv(os.path.join(city, file))
        head = rows[0]
        if not all(k in head for k in ("XDR_MC", "XDR_LB", "XDR_SHXYM", "AH", "FBSJ")):
            continue  # a file with the Chinese header
        court_file, court_dept = court_file or file, court_dept or dept
        for r in rows[1:]:
            code = r[head.index("XDR_SHXYM")].upper()
            name = r[head.index("XDR_MC")]
            if (r[head.index("XDR_LB")] == "法人及非法人组织" and len(code) == 18 and code != demo_code
                    and name.startswith("广州") and name.endswith("有限公司")
                    and all(code != x["code"] for x in sx)):
                sx.append({"code": code, "name": name, "document": r[head.index("AH")]})
    if len(sx) < 2:
        sys.exit("joint_fixture: the city lists fewer than 2 organisations as 失信被执行人")
    # the named one: a name no other listed organisation shares
    names = [x["name"] for x in sx]
    disputed = sx[0]
    named = next((x for x in sx[1:] if names.count(x["name"]) == 1), None)
    if not named:
        sys.exit("joint_fixture: no listed organisation with a name of its own")

    # two organisations the city does not know, with valid codes of their own
    fresh = []
    for trade, rep in (("端到端复核测试建筑工程", "林志远"), ("端到端审核测试餐饮管理", "陈嘉怡")):
        while True:
            body = "91440101" + "".join(secrets.choice(USCC_CHARS) for _ in range(9))
            code = body + uscc_check(body)
            if code not in listed:
                break
        fresh.append({"code": code, "name": f"广州市{trade}有限公司", "rep": rep})

    today = today_beijing()
    os.makedirs(out, exist_ok=True)
    # a 失信被执行人 entry of the fresh organisation, in the court's own header
    rows = read_csv(os.path.join(city, court_file))
    head = rows[0]
    compact = "LARQ" in head and len(rows[1][head.index("FBSJ")]) == 8
    day = today - datetime.timedelta(days=1)
    fmt = day.strftime("%Y%m%d") if compact else day.isoformat()
    rescreen_csv = os.path.join(out, "joint-rescreen-sxbzxr.csv")
    write_csv(rescreen_csv, head, {
        "XDR_MC": fresh[0]["name"], "XDR_LB": "法人及非法人组织", "XDR_SHXYM": fresh[0]["code"],
        "FRDB": fresh[0]["rep"],
        "AH": f"({today.year})粤01执E2E{secrets.randbelow(9000) + 1000}号",
        "ZXFY": "广州市中级人民法院", "ZXYJWH": f"({today.year - 1})粤01民终E2E1号", "ZCZXYJDW": "广州市中级人民法院",
        "YW": "被执行人向申请执行人支付货款人民币100000元（端到端测试）", "LXQK": "全部未履行",
        "SXQX": "有履行能力而拒不履行生效法律文书确定义务", "LARQ": fmt, "FBSJ": fmt,
    })

    # a 市场监督管理严重违法失信名单 addition of the other fresh organisation, dated today
    yz = next((f for f, _d, _i in utf8_files(city, ("yzwfsx",))
               if "JDWH" in read_csv(os.path.join(city, f))[0]), None)
    if not yz:
        sys.exit("joint_fixture: the city has no UTF-8 yzwfsx file")
    head = read_csv(os.path.join(city, yz))[0]
    addition_csv = os.path.join(out, "joint-addition-yzwfsx.csv")
    document = f"穗市监〔{today.year}〕E2E{secrets.randbelow(9000) + 1000}号"
    write_csv(addition_csv, head, {
        "XDR_MC": fresh[1]["name"], "XDR_LB": "法人及非法人组织", "XDR_SHXYM": fresh[1]["code"],
        "FRDB": fresh[1]["rep"], "JDWH": document,
        "LRYY": "提交虚假材料取得行政许可，被处以较重行政处罚（端到端测试）",
        "LRYJ": "《市场监督管理严重违法失信名单管理办法》第十条", "LRRQ": today.isoformat(),
        "ZCJDJG": "广州市市场监督管理局",
    })

    password = "Joint-" + secrets.token_urlsafe(12) + "-9a"
    info = {
        "disputed": disputed, "named": named,
        "fresh": {"code": fresh[0]["code"], "name": fresh[0]["name"]},
        "added": {"code": fresh[1]["code"], "name": fresh[1]["name"], "document": document},
        "court": court_dept, "rescreen_csv": rescreen_csv, "addition_csv": addition_csv,
        "subject_login": "e2e-joint-subject", "subject_password": password,
    }
    path = os.path.join(out, "joint.json")
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as f:
        json.dump(info, f, ensure_ascii=False, indent=1)
    # for run.sh: the account to create and verify
    print(f"{info['subject_login']}\t{password}\t{disputed['code']}\t{disputed['name']}")


def objection(base, joint_json):
    with open(joint_json, encoding="utf-8") as f:
        info = json.load(f)
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
            sys.exit(f"joint_fixture: {method} {path}: HTTP {e.code} {e.read().decode(errors='replace')}")

    session = call("POST", "/api/v1/session",
                   {"login": info["subject_login"], "password": info["subject_password"]})
    record = None
    for tab in call("GET", "/api/v1/me/file")["tabs"]:
        for r in tab["records"]:
            if any(f["code"] == "AH" and f["value"] == info["disputed"]["document"] for f in r["fields"]):
                record = r["id"]
    if not record:
        sys.exit(f"joint_fixture: the subject account sees no entry {info['disputed']['document']}")
    case = call("POST", "/api/v1/cases", {
        "kind": "objection", "record": record, "ground": "duplicate",
        "statement": "该失信被执行人信息与本单位另一案件重复公示（端到端测试：联合奖惩核查）。"}, session["csrf_token"])
    call("DELETE", "/api/v1/session", csrf=session["csrf_token"])
    print(case["id"])


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "prepare":
        prepare(sys.argv[2], sys.argv[3], sys.argv[4])
    elif len(sys.argv) == 4 and sys.argv[1] == "objection":
        objection(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
