"""shapes.py - the JSON shapes of docs/api.md, checked the way a client relies on them.

Each check_* function calls bad(message) for every difference it sees and returns nothing.
Used by the pycheck snippets of api.sh and privacy.sh (lib.sh puts this folder on sys.path).
"""
import re

HEX16 = re.compile(r"^[0-9a-f]{16}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TABS = [("basic", "基本信息"), ("license", "行政许可"), ("penalty", "行政处罚"), ("reward", "守信激励"),
        ("punish", "失信惩戒"), ("abnormal", "经营异常"), ("other", "其他")]
TAB_IDS = [t for t, _ in TABS]
KINDS = {"unknown", "government", "institution", "mass_org", "legal_service", "social_org", "enterprise",
         "individual_business", "cooperative", "collective", "other_org", "person"}
MASKED_ID = re.compile(r"^\d{6}\*{8}[0-9X]{4}$")
MASKED_NAME = re.compile(r"^[^*]\*{1,3}[^*]?$")


def _keys(o, ks, where, bad):
    if not isinstance(o, dict):
        bad("%s is not an object: %r" % (where, o))
        return False
    miss = [k for k in ks if k not in o]
    if miss:
        bad("%s lacks %s" % (where, ", ".join(miss)))
        return False
    return True


def check_summary(s, where, bad):
    if not _keys(s, ["id", "code", "name", "kind", "kind_name", "masked"], where, bad):
        return
    # a person met on a record or a list has no id: their file opens only by name + ID number
    if s["id"] is None and s.get("kind") == "person":
        pass
    elif not isinstance(s["id"], str) or not HEX16.match(s["id"]):
        bad("%s.id %r is not 16 hex digits" % (where, s["id"]))
    if s["kind"] not in KINDS:
        bad("%s.kind %r is not a known kind" % (where, s["kind"]))
    if not isinstance(s["masked"], bool):
        bad("%s.masked is not a boolean" % where)
    if s["kind"] == "person":
        if s["masked"] is not True:
            bad("%s: a natural person with masked %r" % (where, s["masked"]))
        if not MASKED_ID.match(str(s["code"])):
            bad("%s: a natural person's code %r is not a masked ID (440106********1234)" % (where, s["code"]))
        if not MASKED_NAME.match(str(s["name"])):
            bad("%s: a natural person's name %r is not masked (张*明, 张*)" % (where, s["name"]))
    elif s["masked"] is not False:
        bad("%s: an organisation with masked %r" % (where, s["masked"]))


def check_record(r, where, bad, today=None):
    ks = ["id", "item", "item_name", "category", "category_name", "tab", "tab_name", "department",
          "decision_date", "public_until", "end_date", "disputed", "version", "fields"]
    if not _keys(r, ks, where, bad):
        return
    if not isinstance(r["id"], str) or not HEX16.match(r["id"]):
        bad("%s.id %r is not 16 hex digits" % (where, r["id"]))
    if r["tab"] not in TAB_IDS or r["tab"] == "basic":
        bad("%s.tab %r" % (where, r["tab"]))
    elif r["tab_name"] != dict(TABS)[r["tab"]]:
        bad("%s.tab_name %r for tab %r" % (where, r["tab_name"], r["tab"]))
    if not isinstance(r["category"], int) or isinstance(r["category"], bool):
        bad("%s.category %r is not an integer" % (where, r["category"]))
    _keys(r["department"], ["code", "name"], where + ".department", bad)
    if not isinstance(r["decision_date"], str) or not DATE.match(r["decision_date"]):
        bad("%s.decision_date %r" % (where, r["decision_date"]))
    for k in ("public_until", "end_date"):
        if r[k] is not None and (not isinstance(r[k], str) or not DATE.match(r[k])):
            bad("%s.%s %r is neither a date nor null" % (where, k, r[k]))
    if today and isinstance(r["public_until"], str) and r["public_until"] < today:
        bad("%s: public_until %s is past (today %s) yet the record is shown" % (where, r["public_until"], today))
    if not isinstance(r["disputed"], bool):
        bad("%s.disputed is not a boolean" % where)
    if not isinstance(r["version"], int) or r["version"] < 1:
        bad("%s.version %r" % (where, r["version"]))
    if not isinstance(r["fields"], list) or not r["fields"]:
        bad("%s.fields is not a non-empty list" % where)
        return
    for i, f in enumerate(r["fields"]):
        w = "%s.fields[%d]" % (where, i)
        if _keys(f, ["code", "name", "value"], w, bad):
            if f["value"] in ("", None):
                bad("%s (%s) is empty: empty fields are left out" % (w, f["code"]))
            if not isinstance(f["value"], str):
                bad("%s (%s) value %r is not a string" % (w, f["code"], f["value"]))


def field(r, code):
    for f in r.get("fields", []):
        if f.get("code") == code:
            return f.get("value")
    return None


def check_file(j, bad, today=None):
    if not _keys(j, ["subject", "as_of", "tabs"], "file", bad):
        return
    check_summary(j["subject"], "file.subject", bad)
    if _keys(j["subject"], ["identifiers"], "file.subject", bad):
        for i, idn in enumerate(j["subject"]["identifiers"]):
            _keys(idn, ["type", "type_name", "value"], "file.subject.identifiers[%d]" % i, bad)
    if today and j["as_of"] != today:
        bad("file.as_of %r, expected today %s" % (j["as_of"], today))
    tabs = j["tabs"]
    if [t.get("tab") for t in tabs] != TAB_IDS:
        bad("tabs %r, expected all seven in order %r" % ([t.get("tab") for t in tabs], TAB_IDS))
        return
    for t, (tid, tname) in zip(tabs, TABS):
        if not _keys(t, ["tab", "tab_name", "count", "records"], "tab " + tid, bad):
            continue
        if t["tab_name"] != tname:
            bad("tab %s is named %r, expected %r" % (tid, t["tab_name"], tname))
        if t["count"] != len(t["records"]):
            bad("tab %s: count %r but %d records" % (tid, t["count"], len(t["records"])))
        if tid == "basic" and t["records"]:
            bad("tab basic holds records")
        for i, r in enumerate(t["records"]):
            w = "tab %s record %d" % (tid, i)
            check_record(r, w, bad, today)
            if isinstance(r, dict) and r.get("tab") != tid:
                bad("%s has tab %r" % (w, r.get("tab")))


def check_paging(j, bad, page=None, per_page=None):
    if not _keys(j, ["page", "per_page", "has_more", "items"], "page", bad):
        return
    if page is not None and j["page"] != page:
        bad("page %r, expected %r" % (j["page"], page))
    if per_page is not None and j["per_page"] != per_page:
        bad("per_page %r, expected %r" % (j["per_page"], per_page))
    if not isinstance(j["has_more"], bool):
        bad("has_more is not a boolean")
    if not isinstance(j["items"], list):
        bad("items is not a list")
    elif len(j["items"]) > j["per_page"]:
        bad("%d items on a page of %r" % (len(j["items"]), j["per_page"]))


def check_browse(j, bad, item=None, today=None, page=None, per_page=None):
    check_paging(j, bad, page, per_page)
    if not _keys(j, ["item"], "browse", bad):
        return
    if item is not None and j["item"] != item:
        bad("item %r, expected %r" % (j["item"], item))
    for i, e in enumerate(j.get("items") or []):
        w = "items[%d]" % i
        if _keys(e, ["record", "subject"], w, bad):
            check_record(e["record"], w + ".record", bad, today)
            check_summary(e["subject"], w + ".subject", bad)
            if item is not None and isinstance(e["record"], dict) and e["record"].get("item") != item:
                bad("%s.record.item %r, expected %r" % (w, e["record"].get("item"), item))
