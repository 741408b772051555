#!/bin/bash
# commands.sh - the command table: --help everywhere, catalogue commands, a malformed
# catalogue stopping start-up, departments, the USCC allow-list, queries by code, legacy
# identifier and name (including two-character names).
. "$(dirname "$0")/lib.sh"
setup

t "every command answers --help with its usage and exit 0"
for c in calendar catalog dept gen ingest query stats uscc config version help user audit key; do
    out=$("$XY" "$c" --help 2>&1)
    rc=$?
    [ $rc -eq 0 ] && case "$out" in *"usage: xinyong $c"*) true ;; *) false ;; esac && ok ||
        fail "$c --help: rc $rc, output: $out"
done
"$XY" nosuchcommand >/dev/null 2>&1
[ $? -eq 2 ] && ok || fail "an unknown command is not a usage error"

t "catalog list shows every item with category and openness"
out=$("$XY" catalog list)
for item in xzxk xzcf sxbzxr jyyc yzsx nsxy hmd; do
    case "$out" in *"$item"*) ok ;; *) fail "catalog list lacks $item" ;; esac
done
case "$out" in *有条件共享*) ok ;; *) fail "catalog list lacks openness" ;; esac

t "catalog show prints fields and required-if rules"
out=$("$XY" catalog show xzcf)
case "$out" in *"CF_CFLB"*"处罚类别"*) ok ;; *) fail "show xzcf lacks CF_CFLB" ;; esac
case "$out" in *"if XDR_LB = 自然人"*) ok ;; *) fail "show xzcf lacks the required-if rule" ;; esac
case "$out" in *名单类型*) fail "show xzcf (not a list) prints a list type" ;; *) ok ;; esac
out=$("$XY" catalog show sxbzxr)
case "$out" in *"名单类型    严重失信主体名单，发布部门：人民法院"*) ok ;; *) fail "show sxbzxr lacks its list type and issuer" ;; esac
case "$out" in *"须经第二人审核后公示"*) ok ;; *) fail "show sxbzxr lacks the two-person approval" ;; esac
case "$("$XY" catalog show hmd)" in *"名单名称    见字段 MDMC"*) ok ;; *) fail "show hmd lacks its list-name field" ;; esac
"$XY" catalog show nosuch >/dev/null 2>&1
[ $? -eq 5 ] && ok || fail "catalog show of an unknown item does not exit 5"

t "a malformed catalogue stops start-up naming file, line and key"
mkdir -p "$T/cat"
cp "$(dirname "$0")/../../catalog/"*.ini "$T/cat/"
sed -i 's/^type = enum$/type = emun/' "$T/cat/xzcf.ini"
out=$("$XY" --catalog "$T/cat" catalog list 2>&1)
rc=$?
[ $rc -ne 0 ] && ok || fail "a malformed catalogue did not stop start-up"
case "$out" in *xzcf.ini:*type*emun*) ok ;; *) fail "message lacks file, line or key: $out" ;; esac

t "departments: a bad code is refused, an unknown item is refused"
"$XY" dept add --code 114401000069600109 --name 某局 --items xzcf >/dev/null 2>&1
[ $? -eq 4 ] && ok || fail "a department with a wrong check character was accepted"
"$XY" dept add --code "$DEPT" --name 某局 --items nosuch >/dev/null 2>&1
[ $? -eq 5 ] && ok || fail "an unknown item was accepted"
out=$("$XY" dept list)
case "$out" in *"$DEPT"*广州市市场监督管理局*xzcf*) ok ;; *) fail "dept list: $out" ;; esac

t "uscc check and allow-list"
"$XY" uscc check "$ORG1" >/dev/null && ok || fail "valid code refused"
"$XY" uscc check 91440106MA5000006E >/dev/null 2>&1
[ $? -eq 4 ] && ok || fail "wrong check character accepted"
{
    echo "$PEN_HEADER"
    pen_row 广州市白名单有限公司 法人及非法人组织 91440106MA5000006E 张三 '' '' 穗市监罚〔2025〕AL1号 罚款 1 2025/03/05
} >"$T/allow.csv"
ingest "$T/allow.csv"
expect_rc 3
"$XY" uscc allow 91440106MA5000006E --reason "登记机关确认的历史代码" >/dev/null && ok || fail "allow failed"
ingest "$T/allow.csv"
expect_rc 0
expect_in_file 91440106MA5000006E "穗市监罚〔2025〕AL1号"

t "legacy identifiers resolve to the same credit file"
{
    echo "XDR_MC,XDR_LB,XDR_SHXYM,XDR_ZZJG,XDR_GSZC,FRDB,CF_WSH,CF_WFXW,CF_SY,CF_YJ,CF_CFLB,CF_NR,CF_NR_FK,CF_JDRQ,CF_CFJG,CF_CFJGDM,CF_SJLY,CF_SJLYDM"
    echo "广州市越秀区旧码贸易有限公司,法人及非法人组织,$ORG3,MA500002-2,440104000123456,李四,穗市监罚〔2024〕L1号,无照经营,事实,依据,罚款,罚款,1,2024/05/01,广州市市场监督管理局,$DEPT,广州市市场监督管理局,$DEPT"
    echo "广州市越秀区旧码贸易有限公司,个体工商户,00000000000000000X,,440104000999888,,穗市监罚〔2024〕L2号,无照经营,事实,依据,警告,警告,,2024/05/02,广州市市场监督管理局,$DEPT,广州市市场监督管理局,$DEPT"
} >"$T/legacy.csv"
ingest "$T/legacy.csv"
expect_rc 0
expect_in_file MA500002-2 "穗市监罚〔2024〕L1号"
expect_in_file 440104000123456 "穗市监罚〔2024〕L1号"
expect_in_file 440104000999888 "穗市监罚〔2024〕L2号"

t "query by name: substring, two characters, several matches listed"
{
    echo "$PEN_HEADER"
    pen_row 广州华为电子有限公司 法人及非法人组织 "$ORG1" 张三 '' '' 穗市监罚〔2025〕N1号 罚款 1 2025/03/05
    pen_row 广州华星电子有限公司 法人及非法人组织 "$ORG2" 张三 '' '' 穗市监罚〔2025〕N2号 罚款 1 2025/03/05
} >"$T/names.csv"
ingest "$T/names.csv"
expect_rc 0
out=$("$XY" query 华为)
case "$out" in *广州华为电子有限公司*N1号*) ok ;; *) fail "two-character name not found: $out" ;; esac
out=$("$XY" query 华为电子)
case "$out" in *N1号*) ok ;; *) fail "substring not found: $out" ;; esac
out=$("$XY" query 电子有限)
case "$out" in *"2 个主体"*华为*华星*|*"2 个主体"*华星*华为*) ok ;; *) fail "several matches not listed: $out" ;; esac
"$XY" query 不存在的公司名称 >/dev/null 2>&1
[ $? -eq 5 ] && ok || fail "no match does not exit 5"

t "query --json is valid JSON and masks ID numbers"
{
    echo "$PEN_HEADER"
    pen_row 周九 自然人 '' '' 身份证 "$ID2" 穗市监罚〔2025〕P1号 罚款 1 2025/03/05
} >"$T/person.csv"
ingest "$T/person.csv"
out=$("$XY" query --json "$ID2")
echo "$out" | python3 -m json.tool >/dev/null 2>&1 && ok || fail "query --json is not JSON: $out"
case "$out" in *"$ID2"*) fail "full ID number in query output" ;; *440106********1013*) ok ;; *) fail "masked ID missing: $out" ;; esac
out=$("$XY" query "$ID2" 2>&1)
case "$out" in *"$ID2"*) fail "full ID number in text output" ;; *) ok ;; esac

t "reading a whole file from the CLI is audited with its purpose, without the ID number"
"$XY" query --purpose 行政许可审查：测试项目 "$ID2" >/dev/null 2>&1
out=$("$XY" audit search --action record.read_private --json)
case "$out" in *'"purpose":"行政许可审查：测试项目"'*'"subject_id":'[1-9]*) ok ;;
*) fail "no audited read with its purpose: $out" ;; esac
case "$out" in *"$ID2"*) fail "the audit trail holds the ID number" ;; *) ok ;; esac

t "not-found messages never echo an ID number"
out=$("$XY" query 440106198506121021 2>&1)
case "$out" in *440106198506121021*) fail "ID number echoed: $out" ;; *) ok ;; esac

t "the database is --db, else XINYONG_DB, else the config file"
printf 'db = %s\n' "$T/conf.db" >"$T/xinyong.conf"
env -u XINYONG_DB XINYONG_CONFIG="$T/xinyong.conf" "$XY" dept add --code "$DEPT" --name 甲 --items xzcf >/dev/null
[ -f "$T/conf.db" ] && ok || fail "the config file's db was not used"
XINYONG_CONFIG="$T/xinyong.conf" XINYONG_DB="$T/env.db" "$XY" dept add --code "$DEPT" --name 乙 --items xzcf >/dev/null
[ -f "$T/env.db" ] && ok || fail "XINYONG_DB did not beat the config file"
XINYONG_CONFIG="$T/xinyong.conf" XINYONG_DB="$T/env.db" "$XY" --db "$T/flag.db" dept add --code "$DEPT" --name 丙 --items xzcf >/dev/null
[ -f "$T/flag.db" ] && ok || fail "--db did not beat XINYONG_DB"
case "$("$XY" --db "$T/env.db" dept list)" in *乙*) ok ;; *) fail "XINYONG_DB's database lacks its department" ;; esac

t "an unknown key in the config file is an error naming file and line"
printf 'db = x.db\nno_such_key = 1\n' >"$T/bad.conf"
out=$(XINYONG_CONFIG="$T/bad.conf" "$XY" catalog list 2>&1)
rc=$?
[ $rc -ne 0 ] && case "$out" in *bad.conf:2*no_such_key*) true ;; *) false ;; esac && ok || fail "bad config: rc $rc, $out"

finish
