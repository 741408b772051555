#!/bin/bash
# measures.sh - `xinyong measures`: the shipped measures catalogue filtered by list, scenario and
# department, `measures check` on a clerk's file with mistakes, and a bad file stopping start-up.
. "$(dirname "$0")/lib.sh"
setup
ROOT="$(dirname "$0")/../.."

run() { # ARGS...: OUT and RC of `xinyong measures ARGS` (stdout and stderr)
    OUT=$("$XY" measures "$@" 2>&1)
    RC=$?
}
has() { # TEXT WHAT
    case "$OUT" in *"$1"*) ok ;; *) fail "$2: no \"$1\" in: $OUT" ;; esac
}
lacks() {
    case "$OUT" in *"$1"*) fail "$2: \"$1\" should not be in: $OUT" ;; *) ok ;; esac
}

t "a hit on 失信被执行人 in 政府采购 for the finance bureau: its own measure and 各相关部门 ones"
run list --list sxbzxr --scenario gov_procurement --dept 广州市财政局
[ "$RC" = 0 ] && ok || fail "exit $RC: $OUT"
has "限制参加政府采购活动" "the finance bureau's measure"
has "《中华人民共和国政府采购法》第二十二条" "the policy basis"
has "实施部门  广州市财政局" "the implementing department"
lacks "限制参与招标投标" "a bidding measure"

t "another department does not get the finance bureau's measure"
run list --list sxbzxr --scenario gov_procurement --dept 广州市住房和城乡建设局 --json
[ "$RC" = 0 ] && ok || fail "exit $RC: $OUT"
echo "$OUT" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["count"] == len(d["measures"]), d
assert all(m["all_depts"] for m in d["measures"]), "a named department leaked"
assert all("gov_procurement" in m["scenarios"] for m in d["measures"])
assert all(any(l["item"] == "sxbzxr" for l in m["lists"]) for m in d["measures"])
' && ok || fail "json: $OUT"

t "A级纳税人 get the tax office's rewards; other red-list entries do not"
run list --list hmd:A级纳税人 --scenario tax_affairs --json
n_a=$(echo "$OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])')
run list --list hmd:海关高级认证企业 --scenario tax_affairs --json
n_customs=$(echo "$OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])')
[ "$n_a" -ge 3 ] && [ "$n_customs" = 0 ] && ok || fail "A级 $n_a, customs $n_customs"
run list --list hmd:A级纳税人 --scenario tax_affairs
has "[激励·绿色通道]" "the green channel of 3连A"

t "wrong filters are refused in words a clerk understands"
run list --scenario nosuch
[ "$RC" = 4 ] && ok || fail "exit $RC for an unknown scenario"
has "未知的场景代码“nosuch”" "unknown scenario"
run list --list xzcf
[ "$RC" = 4 ] && ok || fail "exit $RC for an item that is no list"
has "信息项“xzcf”不是名单" "not a list"
run list --list nosuch
[ "$RC" = 5 ] && ok || fail "exit $RC for an unknown list"
run frobnicate
[ "$RC" = 2 ] && ok || fail "exit $RC for an unknown subcommand"

t "check: the shipped file is clean"
run check "$ROOT/measures/measures.csv"
[ "$RC" = 0 ] && ok || fail "exit $RC: $OUT"
has "0 处问题" "a clean file"

t "check: every mistake is listed with its line and column, the valid rows counted"
python3 - "$ROOT/measures/measures.csv" "$T/bad.csv" <<'PY'
import sys
rows = open(sys.argv[1], encoding="utf-8", newline="").read().split("\r\n")
rows[2] = rows[2].replace(",bidding,", ",bid,")                 # line 3: unknown scenario
rows[4] = rows[4].replace(",sxbzxr,", ",xzcf,", 1)              # line 5: not a list
rows[6] = rows[6].replace(",惩戒,禁止,", ",惩戒,优先,")         # line 7: a reward level
cells = rows[10].split(",")
cells[4] = ""                                                   # line 11: empty 政策依据
rows[10] = ",".join(cells)
open(sys.argv[2], "w", encoding="utf-8", newline="").write("\r\n".join(rows))
PY
run check "$T/bad.csv"
[ "$RC" = 4 ] && ok || fail "exit $RC for a file with mistakes"
has "措施清单“bad.csv”第 3 行“应用场景”列：未知的场景“bid”" "line 3"
has "第 5 行“名单类型”列：信息项“xzcf”（行政处罚）不是名单" "line 5"
has "第 7 行“措施级别”列：“优先”是激励措施的级别" "line 7"
has "第 11 行“政策依据”列：不能为空" "line 11"
has "38 条措施有效，4 处问题" "the summary"

t "a bad measures file stops start-up naming file, line and column; check still works"
OUT=$(XINYONG_MEASURES_FILE="$T/bad.csv" "$XY" catalog list 2>&1)
RC=$?
[ "$RC" != 0 ] && ok || fail "a bad measures file did not stop start-up"
has "第 3 行“应用场景”列" "the start-up message"
has "共 4 处问题" "the count"
OUT=$(XINYONG_MEASURES_FILE="$T/bad.csv" "$XY" measures check "$T/bad.csv" 2>&1)
[ $? = 4 ] && ok || fail "check did not run with the configured file broken: $OUT"
OUT=$(XINYONG_SCENARIOS_FILE="$T/none.ini" "$XY" catalog list 2>&1)
[ $? != 0 ] && ok || fail "a missing scenarios file did not stop start-up"
has "场景文件" "the missing scenarios file"

t "a file saved by Excel in GB18030 is read"
iconv -f UTF-8 -t GB18030 "$ROOT/measures/measures.csv" >"$T/gbk.csv"
run check "$T/gbk.csv"
[ "$RC" = 0 ] && ok || fail "exit $RC for the GB18030 copy: $OUT"

teardown
finish
