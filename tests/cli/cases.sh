#!/bin/bash
# cases.sh - `xinyong case`: a court reports that a 失信被执行人 performed and the entry leaves
# public view; the queues, one case's history, steps the operator takes as reviewer (an
# objection filed by a subject's own account over HTTP, corrected from the command line), and
# the errors a clerk can make. Dates are fixed (XY_NOW) so that every deadline is known.
. "$(dirname "$0")/lib.sh"
setup
export XY_NOW=2026-06-01T02:00:00Z # a Monday: 3 working days end on Thursday 2026-06-04

PIDS=""
cleanup() {
    for p in $PIDS; do kill -TERM "$p" 2>/dev/null; done
    wait 2>/dev/null
}
trap cleanup EXIT

# run ARGS...: OUT (stdout and stderr) and RC of `xinyong case ARGS`
run() {
    OUT=$("$XY" case "$@" 2>&1)
    RC=$?
}
expect() { # RC TEXT: the last run exited RC and said TEXT
    [ "$RC" = "$1" ] && ok || fail "exit $RC, expected $1: $OUT"
    case "$OUT" in *"$2"*) ok ;; *) fail "output lacks \"$2\": $OUT" ;; esac
}

# a small city, its courts' 失信被执行人 and the market regulator's penalties
"$XY" gen --out "$T/city" --seed 5 --persons 40 --orgs 40 --rows 12 --bad 0 >/dev/null
"$XY" dept import "$T/city/departments.csv" >/dev/null
for f in "$T"/city/sxbzxr-*.csv "$T"/city/xzcf-*.csv; do
    b=$(basename "$f")
    item=${b%%-*}
    dept=${b#*-}
    dept=${dept%%.*}
    "$XY" ingest --quiet --dept "$dept" --item "$item" "$f" >/dev/null 2>&1
done

PORT=$(python3 -c 'import socket
s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
BASE="http://127.0.0.1:$PORT"
"$XY" serve --port "$PORT" --web-dir "$(dirname "$0")/../../web" >"$T/serve.log" 2>&1 &
PIDS="$!"
for _ in $(seq 50); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/health")" = 200 ] && break
    sleep 0.2
done

# api PATH: the body of a public GET
api() { curl -s "$BASE$1"; }
# ids ITEM: the public ids of the public records of ITEM, newest first
ids() {
    api "/api/v1/records?item=$1&per_page=50" | python3 -c '
import json, sys
for it in json.load(sys.stdin)["items"]:
    print(it["record"]["id"])'
}

SX=$(ids sxbzxr)
R1=$(echo "$SX" | sed -n 1p)
R2=$(echo "$SX" | sed -n 2p)
[ -n "$R1" ] && [ -n "$R2" ] && ok || fail "no public 失信被执行人 records to work on: $SX"

t "nothing is in the queues of a new platform"
run list
expect 0 "没有符合条件的案件"

t "a court's report of performance takes the entry off public view at once"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/records/$R1")" = 200 ] && ok ||
    fail "$R1 is not public before the report"
run performed "$R1" --statement "被执行人已全部履行生效法律文书确定的义务"
expect 0 "已登记履行情况（案件 1）"
case "$OUT" in *"规定期限 2026-06-04 前"*) ok ;; *) fail "no 3-working-day deadline: $OUT" ;; esac
[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/records/$R1")" = 404 ] && ok ||
    fail "$R1 is still public after the report"
ids sxbzxr | grep -qx "$R1" && fail "$R1 is still listed among the 失信被执行人" || ok
ids sxbzxr | grep -qx "$R2" && ok || fail "the other entry $R2 left the list too"

t "a second report of the same entry is refused"
run performed "$R1" --statement "再次报告"
expect 4 "已报告履行（案件 1）"

t "only a court's 失信被执行人 entry can be reported as performed"
XZ=$(ids xzcf | sed -n 1p)
run performed "$XZ" --statement "不适用"
expect 4 "不是法院的失信被执行人信息"
run performed 0123456789abcdef --statement "没有这条记录"
expect 5 "未找到该记录"
run performed "$R2"
expect 2 "usage"
run performed "$R2" --statement ""
expect 4 "请填写履行情况说明"

t "a deadline in a year without a calendar file is an error naming the year; nothing changes"
OUT=$(XY_NOW=2026-12-30T02:00:00Z "$XY" case performed "$R2" --statement "年末报告" 2>&1)
RC=$?
expect 5 "2027"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/records/$R2")" = 200 ] && ok ||
    fail "$R2 left public view although the report failed"

t "the queue lists the case with its state; counts by state"
run list
expect 0 "已移出公示"
case "$OUT" in *"失信被执行人"*"2026-06-01"*) ok ;; *) fail "the line lacks item and date: $OUT" ;; esac
case "$OUT" in *"履行后移出 已移出公示 1 件"*) ok ;; *) fail "no count by state: $OUT" ;; esac
run list --json
[ "$RC" = 0 ] && ok || fail "list --json exit $RC"
echo "$OUT" | python3 -c '
import json, sys
j = json.load(sys.stdin)
c = j["cases"]
assert len(c) == 1 and c[0]["id"] == 1 and c[0]["kind"] == "removal" and c[0]["state"] == "removed", c
assert c[0]["record"] == sys.argv[1] and c[0]["due"] is None and c[0]["overdue"] is False, c
assert j["counts"] == [{"kind": "removal", "state": "removed", "n": 1, "overdue": 0}], j["counts"]
' "$R1" && ok || fail "list --json: $OUT"
run list --kind objection
expect 0 "没有符合条件的案件"
run list --queue dept --kind removal
expect 0 "已移出公示"

t "one case shows its record, its steps with actor and deadline, and that nothing follows"
run show 1
expect 0 "报告履行 → 已移出公示  期限 2026-06-04"
case "$OUT" in *"$R1"*"失信被执行人"*"已停止公示"*) ok ;; *) fail "no record line: $OUT" ;; esac
case "$OUT" in *"现在没有可以办理的操作"*) ok ;; *) fail "events offered on a final case: $OUT" ;; esac
run show 1 --json
echo "$OUT" | python3 -c '
import json, sys
j = json.load(sys.stdin)
s = j["steps"]
assert len(s) == 1 and s[0]["event"] == "report" and s[0]["actor"] == "department", s
assert s[0]["due"] == "2026-06-04" and s[0]["to"] == "removed", s
assert j["events"] == [] and j["record_view"]["hidden"] is True, j
' && ok || fail "show --json: $OUT"

t "every step and staff read is in the audit trail"
n=$("$XY" audit search --action case.removal --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$n" = 1 ] && ok || fail "$n case.removal rows"
n=$("$XY" audit search --action case.read --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$n" -ge 2 ] && ok || fail "$n case.read rows after two shows"

t "missing cases, finished cases and wrong arguments"
run show 999
expect 5 "没有编号为 999 的案件"
run step 999 accept
expect 5 "没有编号为 999 的案件"
run step 1 accept
expect 4 "已办结"
run show abc
expect 2 "usage"
run step 1
expect 2 "usage"
run list --queue mine
expect 2 "usage"
run list --kind bogus
expect 4 "案件类型“bogus”无效"
run frobnicate
expect 2 "usage"

# ---- an objection filed by a subject's own account, worked from the command line ----
# a public penalty of an organisation: its code and name verify the subject's account
read -r REC CODE NAME < <(api "/api/v1/records?item=xzcf&per_page=50" | python3 -c '
import json, sys
for it in json.load(sys.stdin)["items"]:
    s = it.get("subject") or {}
    if s.get("kind") == "organisation" or (s.get("code") or "")[:1] == "9":
        print(it["record"]["id"], s["code"], s["name"]); break')
[ -n "$REC" ] && ok || fail "no public penalty of an organisation"
PW=$("$XY" user add subj1 --role subject --name 经办人 --generate | sed -n 's/^口令（只显示这一次）：//p')
"$XY" user verify subj1 --name "$NAME" --evidence "营业执照原件" --code "$CODE" >/dev/null 2>&1
JAR="$T/jar"
CSRF=$(curl -s -c "$JAR" -H 'Content-Type: application/json' \
    --data-binary "{\"login\":\"subj1\",\"password\":\"$PW\"}" "$BASE/api/v1/session" |
    python3 -c 'import json,sys; print(json.load(sys.stdin).get("csrf_token",""))')
FILED=$(curl -s -b "$JAR" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' \
    --data-binary "{\"kind\":\"objection\",\"record\":\"$REC\",\"ground\":\"wrong\",\"statement\":\"备注有误\"}" \
    "$BASE/api/v1/cases")
case "$FILED" in *'"id":2'*'"state":"filed"'*) ok ;; *) fail "the subject could not file: $FILED" ;; esac

t "an open objection shows 有异议 and waits for the reviewer within 2 working days"
api "/api/v1/records/$REC" | grep -q '"disputed":true' && ok || fail "the record is not disputed"
run list --kind objection
expect 0 "2026-06-03"
case "$OUT" in *"已提交"*"信用管理部门"*) ok ;; *) fail "not waiting for the reviewer: $OUT" ;; esac
OUT=$(XY_NOW=2026-06-05T02:00:00Z "$XY" case list --overdue 2>&1)
RC=$?
expect 0 "2026-06-03 已超期2天"
case "$OUT" in *"异议 已提交 1 件，其中超期 1 件"*) ok ;; *) fail "no overdue count: $OUT" ;; esac
run list --overdue
expect 0 "没有符合条件的案件"
run show 2
expect 0 "xinyong case step 2 accept"
case "$OUT" in *"refuse  （不予受理，须用 --reasons 写明理由）"*) ok ;; *) fail "no hint about reasons: $OUT" ;; esac

t "the operator accepts as reviewer; an outcome against the filer needs reasons"
run step 2 accept
expect 0 "现状态：已受理，下一步期限 2026-06-03"
run step 2 uphold
expect 4 "须写明理由"
run step 2 grant
expect 4 "没有“grant”这种办理操作"

t "a correction is validated like a submitted row and must change something"
run step 2 correct --reasons "更正备注" --set NOPE=1
expect 4 "“NOPE”不是行政处罚记录的字段"
run step 2 correct --reasons "更正备注" --set CF_JDRQ=2026-13-45
expect 4 "处罚决定日期"
run step 2 correct --reasons "更正备注"
expect 4 "须给出更正的字段"
run step 2 accept --set BZ=x
expect 4 "只有「更正」可以附带更正内容"

t "the correction is a new version; the public sees it with its history, the objection closed"
run step 2 correct --reasons "经核实，备注录入有误" --set "BZ=经异议更正"
expect 0 "现状态：已更正"
J=$(api "/api/v1/records/$REC")
echo "$J" | python3 -c '
import json, sys
r = json.load(sys.stdin)["record"]
assert r["version"] == 2 and r["disputed"] is False, r
h = r["history"]
assert [v["source"] for v in h] == ["部门报送", "异议更正（案件 2）"], h
assert h[1]["changed"] == ["备注"] and h[0]["changed"] == [], h
assert {"code": "BZ", "name": "备注", "value": "经异议更正"} in r["fields"], r["fields"]
' && ok || fail "the public record after the correction: $J"
NOTE=$(curl -s -b "$JAR" "$BASE/api/v1/notifications")
case "$NOTE" in *"异议已办结，记录已更正。理由：经核实，备注录入有误"*) ok ;;
*) fail "the filer was not told the outcome with reasons: $NOTE" ;; esac
run show 2
case "$OUT" in *"更正后记录"*"经核实，备注录入有误"*) ok ;; *) fail "the history lacks the correction: $OUT" ;; esac

finish
