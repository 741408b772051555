#!/bin/bash
# names.sh - `xinyong name key | match`: what a clerk sees when a subject given only by name is
# checked against a list (issue 6): the key parts, the score and its reasons, --json, errors.
. "$(dirname "$0")/lib.sh"
setup

# run ARGS...: OUT and RC of `xinyong name ARGS`
run() {
    OUT=$("$XY" name "$@" 2>&1)
    RC=$?
}
has() { # TEXT: the last output contains TEXT
    case "$OUT" in *"$1"*) ok ;; *) fail "output lacks \"$1\": $OUT" ;; esac
}
score_is() { # A B SCORE
    run match "$1" "$2"
    [ "$RC" = 0 ] && ok || fail "match $1 / $2: exit $RC: $OUT"
    has "得分：$3（"
}

t "the key of a name: region, core, form, branch in brackets, conversions"
run key "广州某某有限公司（番禺分公司）"
[ "$RC" = 0 ] && ok || fail "exit $RC: $OUT"
has "规范化名称：广州某某有限公司番禺分公司"
has "核心名称：某某"
has "地区：广州市"
has "组织形式：有限公司"
has "分支机构：番禺分公司"
has "去除标点空格"
run key "廣州市第一建築工程有限公司"
has "核心名称：第1建筑工程"
has "数字：1"
has "繁体转简体"

t "traditional characters and full-width forms match (OpenCC t2s)"
score_is "廣州市華為技術有限公司" "广州市华为技术有限公司" 100
has "[t2s_folded] 繁简转换后相同"
score_is "ＡＢＣ（广州）有限公司" "ABC(广州)有限公司" 100
has "[width_folded] 全角半角转换后相同"

t "changed company forms"
score_is "广州某某科技有限公司" "广州某某科技有限责任公司" 98
score_is "广州某某科技有限公司" "广州某某科技股份有限公司" 88
has "企业组织形式不同：有限公司/股份有限公司"

t "a branch is never its head office; numbers must agree"
run match "广州某某科技有限公司深圳分公司" "广州某某科技有限公司"
has "[branch_vs_head] 分支机构与总公司不合并"
has "不视为同一主体"
score_is "广州第一建筑工程有限公司" "广州第二建筑工程有限公司" 20
has "名称中的数字不一致：1 / 2"
run match "广州市3号仓储有限公司" "广州市5号仓储有限公司"
has "名称中的数字不一致：3 / 5"

t "the region prefix weighs little; different companies score low"
score_is "广州市某某科技有限公司" "某某科技有限公司" 97
has "地区前缀一方缺失（权重低）"
score_is "华为技术有限公司" "腾讯科技有限公司" 0

t "--json for scripts"
run match --json "广州某某科技有限公司" "广州某某科技股份有限公司"
[ "$RC" = 0 ] && ok || fail "exit $RC: $OUT"
printf '%s' "$OUT" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["score"] == 88 and d["hit"] is True, d
assert [r["id"] for r in d["reasons"]] == ["core_equal", "form_different"], d["reasons"]
assert d["a"]["core"] == "某某科技" and d["b"]["form"] == "股份有限公司", d
' && ok || fail "bad JSON: $OUT"
run key --json "中国工商银行广州天河支行"
printf '%s' "$OUT" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["core"] == "中国工商银行" and d["branch"] == "广州天河" and d["branch_marker"] == "支行", d
' && ok || fail "bad JSON: $OUT"

t "bad names are refused in words a clerk understands"
run key ""
[ "$RC" = 4 ] && ok || fail "exit $RC for an empty name"
has "名称不能为空"
run key "有限公司"
[ "$RC" = 4 ] && ok || fail "exit $RC for a form alone"
has "没有字号"
run match "某某有限公司" "$(printf '\xff\xfe')"
[ "$RC" = 4 ] && ok || fail "exit $RC for invalid UTF-8"
has "第 2 个名称"
has "UTF-8"
run key "$(python3 -c "print('某' * 201)")"
[ "$RC" = 4 ] && ok || fail "exit $RC for a name of 603 bytes"
has "名称过长"
run match "只有一个名称"
[ "$RC" = 2 ] && ok || fail "exit $RC for a missing name"
run frobnicate x
[ "$RC" = 2 ] && ok || fail "exit $RC for an unknown subcommand"

finish
