#!/usr/bin/env python3
"""city.py - reads a city written by `xinyong gen` and prints what the API tests need as JSON.

usage: city.py CITY_DIR CATALOG_DIR > city.json

Headers may be field codes or the catalogue's Chinese names and aliases (CSV in UTF-8 or GB18030,
JSON Lines), so the catalogue's *.ini files map them back to codes. Printed:
  orgs      one entry per organisation: lookup code (USCC, else 工商注册号), name, every code it has
  persons   natural persons that are subjects of records: full name and ID number
  idnos     every 18-character 公民身份号码 anywhere in the input files (found by regex, checked
            with the GB 11643 check character and a real birth date): subjects, legal
            representatives, whatever column carries one
  person_names, org_names, dept_names
  rows      one entry per input row: item, file, line, subject kind, subject code, key, decision date
"""
import csv
import glob
import io
import json
import os
import re
import sys
from datetime import date

PLACEHOLDER_USCC = "00000000000000000X"
KEY_FIELDS = {  # the field that names a decision, per item
    "xzcf": "CF_WSH", "xzxk": "XK_WSH", "sxbzxr": "AH", "jyyc": "JDWH", "yzsx": "RDWH",
    "hmd": "RDWH", "nsxy": "PDND",
}
DATE_FIELDS = {
    "xzcf": "CF_JDRQ", "xzxk": "XK_JDRQ", "sxbzxr": "FBSJ", "jyyc": "LRRQ", "yzsx": "LRRQ",
    "hmd": "RDRQ", "nsxy": "PDRQ",
}
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_RE = re.compile(r"(?<![0-9A-Za-z])([0-9]{17}[0-9Xx])(?![0-9A-Za-z])")


def is_idno(s):
    """A 公民身份号码: GB 11643 check character and a real birth date."""
    if len(s) != 18 or not s[:17].isdigit():
        return False
    if "10X98765432"[sum(int(c) * w for c, w in zip(s[:17], W)) % 11] != s[17].upper():
        return False
    try:
        born = date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    return 1900 <= born.year <= date.today().year


def catalog_aliases(catdir):
    """{item: {header text: field code}} from catalog/*.ini."""
    out = {}
    for path in glob.glob(os.path.join(catdir, "*.ini")):
        item = None
        names = {}
        field = None
        for line in open(path, encoding="utf-8"):
            line = line.strip()
            m = re.match(r"\[field (\S+)\]", line)
            if m:
                field = m.group(1)
                names[field] = field
                continue
            if line.startswith("["):
                field = None
                continue
            if "=" not in line or line.startswith(";"):
                continue
            k, v = (x.strip() for x in line.split("=", 1))
            if field is None and k == "id":
                item = v
            elif field and k == "name":
                names[v] = field
            elif field and k == "aliases":
                for a in v.split(","):
                    names[a.strip()] = field
        if item:
            out[item] = names
    return out


def read_rows(path, item, names):
    enc = "gb18030" if ".gb18030." in os.path.basename(path) else "utf-8-sig"
    text = open(path, encoding=enc, newline="").read()
    if path.endswith(".jsonl"):
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                obj = json.loads(line)
                yield n, {names.get(k, names.get(k.split("_", 1)[-1], k)): str(v) for k, v in obj.items()}, text
        return
    rows = csv.reader(io.StringIO(text))
    header = [names.get(h.strip(), h.strip()) for h in next(rows)]
    for n, r in enumerate(rows, 2):
        yield n, dict(zip(header, r)), text


def main():
    city, catdir = sys.argv[1], sys.argv[2]
    aliases = catalog_aliases(catdir)
    manifest = list(csv.DictReader(open(os.path.join(city, "manifest.csv"), encoding="utf-8")))
    depts = list(csv.DictReader(open(os.path.join(city, "departments.csv"), encoding="utf-8-sig")))
    orgs, persons, idnos, rows = {}, {}, set(), []
    org_names, uscc_seen = set(), set(d["uscc"] for d in depts)
    for m in manifest:
        item = m["item"]
        path = os.path.join(city, m["file"])
        text = None
        for line, r, text in read_rows(path, item, aliases[item]):
            lb, name = r.get("XDR_LB", ""), r.get("XDR_MC", "")
            uscc, regno, orgcode = r.get("XDR_SHXYM", ""), r.get("XDR_GSZC", ""), r.get("XDR_ZZJG", "")
            row = {"item": item, "file": m["file"], "line": line, "kind": lb, "name": name,
                   "key": r.get(KEY_FIELDS.get(item, ""), ""), "date": r.get(DATE_FIELDS.get(item, ""), "").replace("/", "-")}
            if item == "nsxy":
                row["grade"] = r.get("XYJB", "")
            if lb == "自然人":
                idno = r.get("XDR_ZJHM", "")
                row["code"] = idno
                if is_idno(idno):
                    persons.setdefault(idno, name)
            else:
                code = uscc if uscc and uscc != PLACEHOLDER_USCC else regno
                row["code"] = code
                if uscc and uscc != PLACEHOLDER_USCC:
                    uscc_seen.add(uscc)
                if code:
                    o = orgs.setdefault(code, {"code": code, "name": name, "uscc": "", "orgcode": "",
                                               "regno": "", "codes": []})
                    for k, c in (("uscc", uscc), ("orgcode", orgcode), ("regno", regno)):
                        if c and c != PLACEHOLDER_USCC:
                            o[k] = o[k] or c
                            if c not in o["codes"]:
                                o["codes"].append(c)
                org_names.add(name)
            rows.append(row)
        if text is not None:
            idnos.update(s.upper() for s in ID_RE.findall(text) if is_idno(s))
    idnos -= uscc_seen  # an all-digit USCC can pass the ID check by chance
    json.dump({
        "orgs": sorted(orgs.values(), key=lambda o: o["code"]),
        "persons": [{"name": n, "id": i} for i, n in sorted(persons.items())],
        "idnos": sorted(idnos),
        "person_names": sorted(set(persons.values())),
        "org_names": sorted(org_names),
        "dept_names": sorted(d["name"] for d in depts),
        "depts": [{"code": d["uscc"], "name": d["name"], "items": d["items"].split(";")} for d in depts],
        "rows": rows,
    }, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
