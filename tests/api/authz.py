#!/usr/bin/env python3
"""authz.py - the permission matrix of tests/api/authz.sh: every route of the route table, called
as every role, answers allowed or denied as src/service/authz.c grants it.

usage: authz.py matrix CONTEXT.json

CONTEXT.json (written by authz.sh) holds the server's base URL, one signed-in session per demo role
({"cookie", "csrf", "password"}), a second session per role for DELETE /api/v1/session (so that the
first ones live on), a department API token, the ids and codes that the paths and bodies name, and
the path of src/http/routes.c.

Denied is 401 for a caller without a session (anonymous, or an API token on a route that takes
none) and 403 with code DENIED for a signed-in caller without the permission. Allowed is any other
status; where the body is built to pass validation the exact status is asserted too. Each FAIL line
on stdout is one failure; the last line counts the checks.
"""
import http.client
import json
import re
import sys
import time
import urllib.parse

ROLES = ["anonymous", "sysadmin", "secadmin", "auditor", "office", "submitter", "dept_user",
         "reviewer", "agency", "subject", "token"]
SESSION_ROLES = ROLES[1:-1]
ALL = set(ROLES)
SIGNED_IN = set(SESSION_ROLES)
BATCH_READERS = {"submitter", "dept_user", "office", "token"}
PRIVATE_READERS = {"office", "dept_user", "reviewer"}
# Who sees a case about a record of the demo department filed by the demo subject (issue 5):
# the filer, the reviewers and the department's remedy accounts.
CASE_READERS = {"subject", "reviewer", "submitter", "dept_user"}
# Who checks subjects before acting (permission check): the demo department's accounts and token.
CHECKERS = {"submitter", "dept_user", "token"}

# The expected matrix, written out from src/service/authz.c's grants (not derived from it):
# (method, route pattern, roles allowed, status of an allowed call or None for "not 401/403").
# Public routes need no permission; R_AUTH routes need a session, or an API token where the
# route takes one (R_TOKEN); the service then checks the permission.
MATRIX = [
    ("GET", "/api/v1/health", ALL, 200),
    ("GET", "/metrics", ALL, 200),
    ("GET", "/api/v1/openapi.json", ALL, 200),
    ("GET", "/api/v1/catalog", ALL, 200),
    ("GET", "/api/v1/departments", ALL, 200),
    ("GET", "/api/v1/subjects", ALL, 200),
    ("POST", "/api/v1/subjects/person", ALL, 200),
    ("GET", "/api/v1/subjects/{code}", ALL, 200),
    ("GET", "/api/v1/records", ALL, 200),
    ("GET", "/api/v1/records/{id}", ALL, 200),
    ("GET", "/api/v1/lists/{type}", ALL, 200),
    ("POST", "/api/v1/session", ALL, 400),  # reachable by anyone: a body without a password
    ("GET", "/api/v1/session", SIGNED_IN, 200),
    ("DELETE", "/api/v1/session", SIGNED_IN, 200),
    ("POST", "/api/v1/session/password", SIGNED_IN, 400),  # right old password, weak new one
    ("GET", "/api/v1/users", {"sysadmin"}, 200),
    ("POST", "/api/v1/users", {"sysadmin"}, 201),
    ("POST", "/api/v1/users/{login}/disable", {"sysadmin"}, 200),
    ("POST", "/api/v1/users/{login}/enable", {"sysadmin"}, 200),
    ("POST", "/api/v1/users/{login}/unlock", {"sysadmin"}, 200),
    ("POST", "/api/v1/users/{login}/password", {"sysadmin"}, 200),
    ("POST", "/api/v1/users/{login}/role", {"sysadmin"}, 200),
    ("POST", "/api/v1/users/{login}/totp-reset", {"sysadmin"}, 200),
    ("POST", "/api/v1/users/{login}/verify", {"office"}, 200),  # identity.verify
    ("GET", "/api/v1/keys", {"secadmin"}, 200),
    ("GET", "/api/v1/tokens", {"secadmin"}, 200),
    ("POST", "/api/v1/tokens", {"secadmin"}, 201),
    ("DELETE", "/api/v1/tokens/{id}", {"secadmin"}, 200),
    ("POST", "/api/v1/batches", {"submitter", "token"}, 202),
    ("GET", "/api/v1/batches", BATCH_READERS, 200),
    ("GET", "/api/v1/batches/{id}", BATCH_READERS, 200),
    ("GET", "/api/v1/batches/{id}/errors", BATCH_READERS, 200),
    ("GET", "/api/v1/assessment", BATCH_READERS, 200),
    ("POST", "/api/v1/internal/file", PRIVATE_READERS, 200),
    ("GET", "/api/v1/me/file", {"subject"}, 200),
    ("GET", "/api/v1/me/reads", {"subject"}, 200),
    ("GET", "/api/v1/audit", {"auditor"}, 200),
    ("POST", "/api/v1/audit/verify", {"auditor"}, 200),
    ("POST", "/api/v1/audit/checkpoint", {"auditor"}, 200),
    ("GET", "/", ALL, 200),
    # remedies (issue 5): the commitment text is public; a case is the filer's, the reviewers'
    # and its department's; the queue row is queue=review (the other queues: QUERIES below)
    ("GET", "/api/v1/commitment", ALL, 200),
    ("POST", "/api/v1/cases", {"subject"}, 201),  # an objection on the subject's own record
    ("GET", "/api/v1/cases", {"reviewer"}, 200),
    ("GET", "/api/v1/cases/{id}", CASE_READERS, 200),
    ("POST", "/api/v1/cases/{id}/evidence", CASE_READERS, 201),  # a PNG of its own per role
    ("GET", "/api/v1/cases/{id}/evidence/{sha256}", CASE_READERS, 200),
    ("POST", "/api/v1/cases/{id}/events", {"subject"}, 200),  # withdraw: the filer's step only
    ("GET", "/api/v1/notifications", SIGNED_IN, 200),
    ("POST", "/api/v1/notifications/read", SIGNED_IN, 200),
    # checks before acting (issue 6): the department's accounts and its systems' tokens; a check
    # is its department's (the other-department 404 is in tests/api/checks.sh)
    ("POST", "/api/v1/checks", CHECKERS, 201),
    # the credit office (batch.read_all) reads every department's checks, as their figures
    ("GET", "/api/v1/checks", CHECKERS | {"office"}, 200),
    ("GET", "/api/v1/checks/{id}", CHECKERS | {"office"}, 200),
    # batch screening (issue 6): the checkers; a job is its department's (the other-department
    # 404 is in tests/api/screen.sh); the job read is one the token queued and saw done
    ("POST", "/api/v1/screens", CHECKERS, 202),
    ("GET", "/api/v1/screens", CHECKERS, 200),
    ("GET", "/api/v1/screens/{id}", CHECKERS, 200),
    ("GET", "/api/v1/screens/{id}/results", CHECKERS, 200),
    ("GET", "/api/v1/screens/{id}/errors", CHECKERS, 200),
    # feedback on a check, the key figures, the re-screening queue (issue 6): the checkers; the
    # credit office reads every department's figures (stats.read). The matrix's check may have no
    # hit (feedback then 400) and no queued row 999999999 exists (404): not 401/403 is enough
    ("POST", "/api/v1/checks/{id}/feedback", CHECKERS, None),
    ("GET", "/api/v1/checks/{id}/feedback", CHECKERS, 200),
    ("GET", "/api/v1/joint/figures", CHECKERS | {"office"}, 200),
    ("GET", "/api/v1/rescreens", CHECKERS, 200),
    ("POST", "/api/v1/rescreens/{id}/done", CHECKERS, None),
    # the lists on the portal are public; black-list additions wait for a second person: the
    # approvers (list.approve) decide, a department's staff read its own queue (a case that is no
    # list addition answers the approvers 404, as a missing one)
    ("GET", "/api/v1/lists", ALL, 200),
    ("GET", "/api/v1/lists/{item}/entries", ALL, 200),
    # credit reports (issue 7): an organisation's report and every verification are for anyone;
    # a person authorises agencies (self.read, verified subject)
    ("POST", "/api/v1/reports", ALL, 201),
    ("POST", "/api/v1/reports/verify", ALL, 200),
    ("POST", "/api/v1/reports/verify-file", ALL, 200),
    ("GET", "/api/v1/reports/key", ALL, 200),
    ("GET", "/api/v1/reports/domains", ALL, 200),
    ("GET", "/api/v1/me/grants", {"subject"}, 200),
    ("POST", "/api/v1/me/grants", {"subject"}, 201),
    ("POST", "/api/v1/me/grants/{id}/revoke", {"subject"}, 404),
    ("GET", "/api/v1/approvals", {"office", "reviewer", "submitter", "dept_user"}, 200),
    ("POST", "/api/v1/approvals/{id}", {"office", "reviewer"}, 404),
    # the measures catalogue (issue 6): published policy, edited by the credit office
    # (dept.manage); the withdrawal names a 序号 never used (404), so the catalogue stays whole
    ("GET", "/api/v1/measures", ALL, 200),
    ("GET", "/api/v1/measures/export", ALL, 200),
    ("POST", "/api/v1/measures", {"office"}, 201),
    ("POST", "/api/v1/measures/import", {"office"}, 200),
    ("GET", "/api/v1/measures/{seq}/history", {"office"}, 200),
    ("PUT", "/api/v1/measures/{seq}", {"office"}, 200),
    ("DELETE", "/api/v1/measures/{seq}", {"office"}, 404),
    # the credit office's statistics (issue 7): stats.read reads and exports, stats.manage enters
    # the registered totals of coverage
    ("GET", "/api/v1/stats/overview", {"office"}, 200),
    ("GET", "/api/v1/stats/export", {"office"}, 200),
    ("PUT", "/api/v1/stats/registered", {"office"}, 200),
]

# A case, its steps and its evidence are 404 to a signed-in caller who may not see the case,
# exactly like a missing one (service/cases.c): the answer says nothing of whether it exists.
DENIED_AS_MISSING = {("GET", "/api/v1/cases/{id}"), ("POST", "/api/v1/cases/{id}/evidence"),
                     ("GET", "/api/v1/cases/{id}/evidence/{sha256}"),
                     ("POST", "/api/v1/cases/{id}/events")}

# Routes whose permission depends on a query argument: (method, pattern, query, allowed, status).
QUERIES = [
    ("GET", "/api/v1/cases", "?queue=mine", {"subject"}, 200),
    ("GET", "/api/v1/cases", "?queue=dept", {"submitter", "dept_user"}, 200),
    ("GET", "/api/v1/cases", "?queue=review", {"reviewer"}, 200),
]

# The smallest file the evidence check takes as a PNG: the 8-byte signature, then bytes of its
# own per role (the same file twice on a case is a 409).
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

ROUTE_ENTRY = re.compile(r'\{\s*"([A-Z]+)"\s*,\s*"([^"]+)"\s*,\s*(\w+)\s*,\s*([^,]+),')


def route_table(path):
    """[(method, pattern, flags text)] of the xy_routes[] entries of routes.c (an entry may be
    wrapped over lines)."""
    text = open(path, encoding="utf-8").read()
    start = text.index("xy_routes[] = {")
    table = text[start:text.index("\n};", start)]
    table = re.sub(r"/\*.*?\*/", "", table, flags=re.S)
    return [(m.group(1), m.group(2), " ".join(m.group(4).split()))
            for m in ROUTE_ENTRY.finditer(table)]


def txt(data):
    return data[:200].decode("utf-8", "replace")


class Matrix:
    def __init__(self, ctx):
        self.ctx = ctx
        u = urllib.parse.urlsplit(ctx["base"])
        self.host, self.port = u.hostname, u.port
        self.fails = []
        self.checks = 0
        self.check_id = 0
        self.screen_id = 0

    def fail(self, msg):
        self.fails.append(msg)

    def call(self, method, path, role, body=None, ctype=None, sessions=None):
        headers = {}
        sessions = sessions or self.ctx["sessions"]
        if role == "token":
            headers["Authorization"] = "Bearer " + self.ctx["token"]
        elif role != "anonymous":
            s = sessions[role]
            headers["Cookie"] = "xy_session=" + s["cookie"]
            if method not in ("GET", "HEAD"):
                headers["X-CSRF-Token"] = s["csrf"]
        if body is not None:
            if isinstance(body, str):
                body = body.encode("utf-8")
            headers["Content-Type"] = ctype or "application/json"
            if ctype == "image/png":
                headers["X-File-Name"] = urllib.parse.quote("矩阵证明-%s.png" % role)
        c = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            c.request(method, path, body=body, headers=headers)
            r = c.getresponse()
            data = r.read()
            return r.status, data
        finally:
            c.close()

    def request_for(self, method, pattern, role):
        """The concrete path and body of one call of the route as ROLE."""
        v = self.ctx["vars"]
        path = pattern
        path = path.replace("{code}", v["org"]).replace("{type}", "jyyc")
        path = path.replace("{login}", v["verify_login"] if pattern.endswith("/verify")
                            else v["target_login"])
        if pattern.startswith("/api/v1/records/"):
            path = path.replace("{id}", v["record_id"])
        elif pattern.startswith("/api/v1/tokens/"):
            path = path.replace("{id}", v["revoke_prefix"])
        elif pattern.startswith("/api/v1/batches/"):
            path = path.replace("{id}", str(v["batch_id"]))
        elif pattern.startswith("/api/v1/approvals/"):
            path = path.replace("{id}", "999999999")
        elif pattern.startswith("/api/v1/lists/"):
            path = path.replace("{item}", "sxbzxr")
        elif pattern.startswith("/api/v1/measures/"):
            path = path.replace("{seq}", "999999" if method == "DELETE" else "1")
        elif pattern.startswith("/api/v1/checks/"):
            path = path.replace("{id}", str(self.check_id))
        elif pattern.startswith("/api/v1/screens/"):
            path = path.replace("{id}", str(self.screen_id))
        elif pattern.startswith("/api/v1/rescreens/"):
            path = path.replace("{id}", "999999999")
        elif pattern.startswith("/api/v1/me/grants/"):
            path = path.replace("{id}", "999999999")
        elif pattern.startswith("/api/v1/cases/"):
            # the withdrawal acts on a case of its own, so that the others stay open
            case = v["case_withdraw"] if pattern.endswith("/events") else v["case_id"]
            path = path.replace("{id}", str(case)).replace("{sha256}", v["evidence_sha"])
        body, ctype = None, None
        key = (method, pattern)
        if key == ("GET", "/api/v1/subjects"):
            path += "?q=" + urllib.parse.quote(v["org"])
        elif key == ("GET", "/api/v1/records"):
            path += "?item=xzcf"
        elif key == ("POST", "/api/v1/subjects/person"):
            body = json.dumps({"name": v["person_name"], "id_number": v["person_id"]})
        elif key == ("POST", "/api/v1/session"):
            body = json.dumps({"login": "mx-nobody"})
        elif key == ("POST", "/api/v1/session/password"):
            pw = self.ctx["sessions"].get(role, {}).get("password", "x")
            body = json.dumps({"old_password": pw, "new_password": "weak"})
        elif key == ("POST", "/api/v1/users"):
            body = json.dumps({"login": "mx-new-" + role.replace("_", "-"),
                               "display_name": "矩阵测试账号", "role": "office",
                               "password": "Matrix#2026x"})
        elif key == ("POST", "/api/v1/users/{login}/password"):
            body = json.dumps({"password": "Target#2026y"})
        elif key == ("POST", "/api/v1/users/{login}/role"):
            body = json.dumps({"role": "reviewer"})
        elif key == ("POST", "/api/v1/users/{login}/verify"):
            body = json.dumps({"code": v["verify_code"], "name": v["verify_name"],
                               "evidence": "营业执照副本（权限矩阵测试）"})
        elif key == ("POST", "/api/v1/tokens"):
            body = json.dumps({"dept": v["dept"], "name": "矩阵测试-" + role,
                               "items": ["xzcf"]})
        elif key == ("POST", "/api/v1/batches"):
            path += "?item=xzcf&name=matrix.csv"
            body = open(v["batch_file"], "rb").read()
            ctype = "text/csv"
        elif key == ("POST", "/api/v1/internal/file"):
            body = json.dumps({"code": v["org"],
                               "purpose": "权限矩阵测试：行政许可审查"})
        elif key == ("GET", "/api/v1/cases"):
            path += "?queue=review"
        elif key == ("POST", "/api/v1/cases"):
            body = json.dumps({"kind": "objection", "record": v["case_record"], "ground": "wrong",
                               "statement": "权限矩阵测试：罚款金额有误"})
        elif key == ("POST", "/api/v1/cases/{id}/evidence"):
            body = PNG_SIGNATURE + ("matrix evidence of " + role).encode()
            ctype = "image/png"
        elif key == ("POST", "/api/v1/cases/{id}/events"):
            body = json.dumps({"event": "withdraw", "reasons": "权限矩阵测试"})
        elif key == ("POST", "/api/v1/checks"):
            body = json.dumps({"scenario": "gov_procurement", "subjects": [{"code": v["org"]}]})
        elif key == ("POST", "/api/v1/checks/{id}/feedback"):
            body = json.dumps({"subject_no": 0, "taken": True, "result": "权限矩阵测试",
                               "basis": "权限矩阵测试依据", "acted_on": "2026-01-01"})
        elif key == ("POST", "/api/v1/screens"):
            path += "?scenario=gov_procurement&file_name=matrix.csv"
            body = ("统一社会信用代码\n%s\n" % v["org"]).encode("utf-8")
            ctype = "text/csv"
        elif key == ("GET", "/api/v1/measures/export"):
            path += "?format=csv"
        elif key == ("POST", "/api/v1/measures"):
            body = json.dumps({"matter": "权限矩阵测试措施", "content": "权限矩阵测试",
                               "target": "失信被执行人", "basis": "权限矩阵测试依据",
                               "tier": "市", "frequency": "每次", "lists": "sxbzxr",
                               "scenarios": "inspection", "depts": "各相关部门", "kind": "惩戒",
                               "level": "从严审核", "reason": "权限矩阵测试"})
        elif key == ("POST", "/api/v1/measures/import"):
            path += "?format=csv&name=matrix.csv&dry_run=1"
            body = "序号,实施层级\n1,市、区\n".encode("utf-8")
            ctype = "text/csv"
        elif key in (("PUT", "/api/v1/measures/{seq}"), ("DELETE", "/api/v1/measures/{seq}")):
            body = json.dumps({"note": "权限矩阵测试", "reason": "权限矩阵测试"}
                              if method == "PUT" else {"reason": "权限矩阵测试"})
        elif key == ("POST", "/api/v1/approvals/{id}"):
            body = json.dumps({"decision": "approve"})
        elif key == ("POST", "/api/v1/notifications/read"):
            body = json.dumps({"upto": 0})
        elif key == ("POST", "/api/v1/reports"):
            body = json.dumps({"code": v["org"]})
        elif key == ("POST", "/api/v1/reports/verify"):
            body = json.dumps({"number": "XYBG2026112600000000", "code": "2345-6789"})
        elif key == ("POST", "/api/v1/reports/verify-file"):
            body = b"%PDF-1.5 not a report of the matrix"
            ctype = "application/pdf"
        elif key == ("POST", "/api/v1/me/grants"):
            body = json.dumps({"grantee": "demo-agency", "purpose": "权限矩阵测试：办理贷款",
                               "expires_on": time.strftime("%Y-%m-%d",
                                                           time.gmtime(time.time() + 30 * 86400))})
        elif key == ("GET", "/api/v1/stats/export"):
            path += "?table=departments&format=csv"
        elif key == ("PUT", "/api/v1/stats/registered"):
            body = json.dumps({"kind": "enterprise", "registered": 3200000,
                               "source": "权限矩阵测试：2025年市场主体统计公报"})
        return path, body, ctype

    def check(self, method, pattern, allowed, want, role, sessions=None, query=""):
        path, body, ctype = self.request_for(method, pattern, role)
        if query:
            path = path.split("?")[0] + query
        st, data = self.call(method, path, role, body, ctype, sessions)
        self.checks += 1
        what = "%s %s as %s" % (method, path, role)
        try:
            code = json.loads(data)["error"]["code"]
        except Exception:
            code = None
        if role in allowed:
            if st in (401, 403):
                self.fail("%s: %d %s, expected allowed (%s); body %s"
                          % (what, st, code, want or "not 401/403", txt(data)))
            elif want is not None and st != want:
                self.fail("%s: status %d, expected %d; body %s" % (what, st, want, txt(data)))
            return st
        no_session = role == "anonymous" or role == "token"
        if no_session and st != 401:
            self.fail("%s: status %d, expected 401 (no session); body %s" % (what, st, txt(data)))
        elif no_session and code != "UNAUTHENTICATED":
            self.fail("%s: 401 with code %r, expected UNAUTHENTICATED" % (what, code))
        elif not no_session and (method, pattern) in DENIED_AS_MISSING:
            # who sees the case but must not take the step gets 403; who cannot see it, 404
            seen = role in CASE_READERS
            if (st, code) != ((403, "DENIED") if seen else (404, "NOT_FOUND")):
                self.fail("%s: status %d code %r, expected %s; body %s"
                          % (what, st, code, "403 DENIED" if seen else "404 NOT_FOUND "
                             "(a case the caller may not see)", txt(data)))
        elif not no_session and (st != 403 or code != "DENIED"):
            self.fail("%s: status %d code %r, expected 403 DENIED (signed in, no "
                      "permission); body %s" % (what, st, code, txt(data)))
        return st

    def run(self):
        table = route_table(self.ctx["routes_c"])
        listed = {(m, p) for m, p, _, _ in MATRIX}
        in_src = {(m, p) for m, p, _ in table}
        self.checks += 1
        if len(table) < 20:
            self.fail("found only %d routes in %s: the table's format changed?"
                      % (len(table), self.ctx["routes_c"]))
        for m, p in sorted(in_src - listed):
            self.fail("route %s %s of src/http/routes.c is not in the permission matrix of "
                      "tests/api/authz.py: add it with the roles that may call it" % (m, p))
        for m, p in sorted(listed - in_src):
            self.fail("route %s %s of the matrix is not in src/http/routes.c any more" % (m, p))
        # Public routes carry no R_AUTH; routes that take a token say R_TOKEN.
        for m, p, flags in table:
            row = [r for r in MATRIX if (r[0], r[1]) == (m, p)]
            if not row:
                continue
            public = row[0][2] == ALL
            self.checks += 1
            if public == ("R_AUTH" in flags):
                self.fail("%s %s: flags %s, but the matrix says %s"
                          % (m, p, flags.strip(), "public" if public else "signed in only"))
        # a check of the department's own token, which every checker of the department reads
        st, data = self.call("POST", "/api/v1/checks", "token", json.dumps(
            {"scenario": "gov_procurement", "subjects": [{"code": self.ctx["vars"]["org"]}]}))
        self.checks += 1
        self.check_id = json.loads(data).get("id", 0) if st == 201 else 0
        if st != 201:
            self.fail("POST /api/v1/checks as token (the matrix's check): %d %s" % (st, txt(data)))
        # a screening job of the token's, run to its end, which every checker of the department
        # reads and downloads
        st, data = self.call("POST", "/api/v1/screens?scenario=gov_procurement&file_name=m.csv",
                             "token", ("统一社会信用代码\n%s\n" % self.ctx["vars"]["org"]).encode(),
                             "text/csv")
        self.checks += 1
        self.screen_id = json.loads(data).get("id", 0) if st == 202 else 0
        if st != 202:
            self.fail("POST /api/v1/screens as token (the matrix's job): %d %s" % (st, txt(data)))
        for _ in range(300):
            st, data = self.call("GET", "/api/v1/screens/%d" % self.screen_id, "token")
            if st != 200 or json.loads(data).get("state") in ("done", "failed"):
                break
            time.sleep(0.05)
        for method, pattern, allowed, want in MATRIX:
            if (method, pattern) == ("DELETE", "/api/v1/session"):
                continue
            for role in ROLES:
                self.check(method, pattern, allowed, want, role)
        for method, pattern, query, allowed, want in QUERIES:
            for role in ROLES:
                self.check(method, pattern, allowed, want, role, query=query)
        # Signing out last, with second sessions; afterwards the cookie is dead.
        logout = self.ctx["logout"]
        for role in ROLES:
            st = self.check("DELETE", "/api/v1/session", SIGNED_IN, 200, role, logout)
            if role in SESSION_ROLES and st == 200:
                st2, _ = self.call("GET", "/api/v1/session", role, sessions=logout)
                self.checks += 1
                if st2 != 401:
                    self.fail("GET /api/v1/session as %s after signing out: %d, expected 401"
                              % (role, st2))
        # The first sessions still work: signing out ends only that session.
        for role in SESSION_ROLES:
            st, _ = self.call("GET", "/api/v1/session", role)
            self.checks += 1
            if st != 200:
                self.fail("GET /api/v1/session as %s after the matrix (another account of the "
                          "role signed out): %d, expected 200" % (role, st))
        for f in self.fails:
            print("FAIL " + f.replace("\n", " ")[:700])
        print("%d checks, %d failed" % (self.checks, len(self.fails)))
        return 1 if self.fails else 0


def main():
    if len(sys.argv) != 3 or sys.argv[1] != "matrix":
        sys.exit(__doc__)
    ctx = json.load(open(sys.argv[2], encoding="utf-8"))
    sys.exit(Matrix(ctx).run())


if __name__ == "__main__":
    main()
