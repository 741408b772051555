#!/bin/bash
# badinput.sh - every kind of bad input of issue 2: the error report names the line, field and
# reason, and the valid rows of the same file are stored all the same.
. "$(dirname "$0")/lib.sh"
setup

# Each case: a file with two good rows around the bad one (line 3), then the checks.
case_file() { # NAME BADROW -> $T/NAME.csv
    {
        echo "$PEN_HEADER"
        good_org_row "$1-1" "$ORG1"
        printf '%s\n' "$2"
        good_org_row "$1-2" "$ORG2"
    } >"$T/$1.csv"
}

run_case() { # NAME FIELD CODE [expected records after]
    ingest "$T/$1.csv"
    expect_rc 3
    expect_report "$T/$1.csv" 3 "$2" "$3"
}

t "wrong check character"
case_file checkchar "$(pen_row 广州市错码有限公司 法人及非法人组织 91440106MA5000006E 张三 '' '' 穗市监罚〔2025〕900号 罚款 1 2025/03/05)"
run_case checkchar XDR_SHXYM uscc.check_char
expect_records 2
expect_in_file "$ORG2" "穗市监罚〔2025〕checkchar-2号"

t "impossible birth date"
case_file birth "$(pen_row 王五 自然人 '' '' 身份证 440106198502301234 穗市监罚〔2025〕901号 罚款 1 2025/03/05)"
run_case birth XDR_ZJHM idcard.birth_date
expect_records 4

t "wrong ID check character"
case_file idcheck "$(pen_row 王五 自然人 '' '' 身份证 440106198506121006 穗市监罚〔2025〕902号 罚款 1 2025/03/05)"
run_case idcheck XDR_ZJHM idcard.check_char
# the report never shows a full ID number
grep -q 440106198506121006 "$T/idcheck.csv.errors.csv" && fail "full ID number in the report" || ok

t "missing required field"
case_file required "$(pen_row '' 法人及非法人组织 "$ORG3" 张三 '' '' 穗市监罚〔2025〕903号 罚款 1 2025/03/05)"
run_case required XDR_MC field.required

t "person without ID number (required-if)"
case_file reqif1 "$(pen_row 赵六 自然人 '' '' 身份证 '' 穗市监罚〔2025〕904号 罚款 1 2025/03/05)"
run_case reqif1 XDR_ZJHM field.required_if

t "organisation without legal representative (required-if)"
case_file reqif2 "$(pen_row 广州市无法人有限公司 法人及非法人组织 "$ORG3" '' '' '' 穗市监罚〔2025〕905号 罚款 1 2025/03/05)"
run_case reqif2 FRDB field.required_if

t "impossible decision date"
case_file baddate "$(pen_row 广州市日期有限公司 法人及非法人组织 "$ORG3" 张三 '' '' 穗市监罚〔2025〕906号 罚款 1 2023/02/30)"
run_case baddate CF_JDRQ date.invalid

t "malformed decision date"
case_file fmtdate "$(pen_row 广州市日期有限公司 法人及非法人组织 "$ORG3" 张三 '' '' 穗市监罚〔2025〕907号 罚款 1 5/3/2025)"
run_case fmtdate CF_JDRQ date.format

t "future decision date"
case_file future "$(pen_row 广州市日期有限公司 法人及非法人组织 "$ORG3" 张三 '' '' 穗市监罚〔2025〕908号 罚款 1 2099/01/01)"
run_case future CF_JDRQ date.future

t "negative fine"
case_file negfine "$(pen_row 广州市罚款有限公司 法人及非法人组织 "$ORG3" 张三 '' '' 穗市监罚〔2025〕909号 罚款 -3 2025/03/05)"
run_case negfine CF_NR_FK amount.negative
# a value Excel would take for a formula is written as text in the report
grep -q ",'-3," "$T/negfine.csv.errors.csv" && ok || fail "negative value not guarded in the report: $(cat "$T/negfine.csv.errors.csv")"

t "non-numeric fine"
case_file nanfine "$(pen_row 广州市罚款有限公司 法人及非法人组织 "$ORG3" 张三 '' '' 穗市监罚〔2025〕910号 罚款 三万 2025/03/05)"
run_case nanfine CF_NR_FK amount.format

t "unknown penalty category"
case_file cflb "$(pen_row 广州市类别有限公司 法人及非法人组织 "$ORG3" 张三 '' '' 穗市监罚〔2025〕911号 批评教育 1 2025/03/05)"
run_case cflb CF_CFLB enum.unknown

t "too few columns"
case_file fewcols "广州市少列有限公司,法人及非法人组织,$ORG3,张三"
run_case fewcols "" row.columns

t "too many columns"
case_file manycols "$(pen_row 广州市多列有限公司 法人及非法人组织 "$ORG3" 张三 '' '' 穗市监罚〔2025〕912号 罚款 1 2025/03/05 | tr -d '\n'),多余的值"
run_case manycols "" row.columns

t "oversized field"
big=$(head -c 9000 /dev/zero | tr '\0' 'x')
case_file bigfield "$(pen_row 广州市大字段有限公司 法人及非法人组织 "$ORG3" 张三 '' '' 穗市监罚〔2025〕913号 罚款 1 2025/03/05 | sed "s/在网站发布虚假广告/$big/")"
run_case bigfield CF_SY field.too_large

t "unterminated quote: reported at its line, the rows after it are kept"
{
    echo "$PEN_HEADER"
    good_org_row q-1 "$ORG1"
    pen_row '"广州市引号有限公司' 法人及非法人组织 "$ORG3" 张三 '' '' 穗市监罚〔2025〕914号 罚款 1 2025/03/05
    good_org_row q-2 "$ORG2"
    good_org_row q-3 "$ORG4"
} >"$T/quote.csv"
before=$(records)
ingest "$T/quote.csv"
expect_rc 3
expect_report "$T/quote.csv" 3 "" csv.unterminated_quote
expect_records $((before + 3))
expect_in_file "$ORG4" "穗市监罚〔2025〕q-3号"

t "line longer than the limit"
{
    echo "$PEN_HEADER"
    good_org_row long-1 "$ORG1"
    head -c 70000 /dev/zero | tr '\0' 'y'
    echo
    good_org_row long-2 "$ORG2"
} >"$T/longline.csv"
ingest "$T/longline.csv"
expect_rc 3
expect_report "$T/longline.csv" 3 "" line.too_long
expect_in_file "$ORG2" "穗市监罚〔2025〕long-2号"

t "the same row twice in one file"
{
    echo "$PEN_HEADER"
    good_org_row dup-1 "$ORG1"
    good_org_row dup-2 "$ORG2"
    good_org_row dup-1 "$ORG1"
} >"$T/dup.csv"
before=$(records)
ingest "$T/dup.csv"
expect_rc 3
expect_report "$T/dup.csv" 4 CF_WSH row.duplicate
grep -q '与第2行重复' "$T/dup.csv.errors.csv" && ok || fail "duplicate does not name line 2"
expect_records $((before + 2))

t "lower-case x is corrected with a warning and stored"
case_file lowerx "$(pen_row 钱七 自然人 '' '' 身份证 44010619850612103x 穗市监罚〔2025〕915号 罚款 1 2025/03/05)"
ingest "$T/lowerx.csv"
expect_rc 0
expect_report "$T/lowerx.csv" 3 XDR_ZJHM idcard.lowercase_x
expect_in_file "$ID4" "穗市监罚〔2025〕915号"

t "15-digit ID number is converted with a warning and stored"
case_file id15 "$(pen_row 孙八 自然人 '' '' 身份证 440106850612101 穗市监罚〔2025〕916号 罚款 1 2025/03/05)"
ingest "$T/id15.csv"
expect_rc 0
expect_report "$T/id15.csv" 3 XDR_ZJHM idcard.legacy15
expect_in_file 440106850612101 "穗市监罚〔2025〕916号"

t "unknown header: warned at line 1, the column ignored, rows stored"
{
    echo "$PEN_HEADER,内部编号"
    good_org_row unk-1 "$ORG1" | sed 's/$/,A-77/'
} >"$T/unkhdr.csv"
ingest "$T/unkhdr.csv"
expect_rc 0
expect_report "$T/unkhdr.csv" 1 内部编号 header.unknown
expect_in_file "$ORG1" "穗市监罚〔2025〕unk-1号"

t "duplicate header: reported at line 1, agreeing rows stored, conflicting rows rejected"
{
    echo "$PEN_HEADER,处罚决定书文号"
    good_org_row dh-1 "$ORG1" | sed 's/$/,穗市监罚〔2025〕dh-1号/'
    good_org_row dh-2 "$ORG2" | sed 's/$/,穗市监罚〔2025〕另一个号/'
} >"$T/duphdr.csv"
ingest "$T/duphdr.csv"
expect_rc 3
expect_report "$T/duphdr.csv" 1 CF_WSH header.duplicate
expect_report "$T/duphdr.csv" 3 CF_WSH header.duplicate_conflict
expect_in_file "$ORG1" "穗市监罚〔2025〕dh-1号"

t "Chinese headers are accepted"
{
    echo "行政相对人名称,行政相对人类别,统一社会信用代码,法定代表人,证件类型,证件号码,处罚决定书文号,违法行为类型,违法事实,处罚依据,处罚类别,处罚内容,罚款金额（万元）,处罚决定日期,处罚机关,处罚机关统一社会信用代码,数据来源单位,数据来源单位统一社会信用代码"
    good_org_row zh-1 "$ORG3"
} >"$T/zhhdr.csv"
ingest "$T/zhhdr.csv"
expect_rc 0
expect_no_report "$T/zhhdr.csv"
expect_in_file "$ORG3" "穗市监罚〔2025〕zh-1号"

t "GB18030 file is detected and stored"
{
    echo "$PEN_HEADER"
    good_org_row gb-1 "$ORG4"
} | iconv -f UTF-8 -t GB18030 >"$T/gb.csv"
ingest "$T/gb.csv"
expect_rc 0
case "$OUT" in *GB18030*) ok ;; *) fail "encoding not reported as GB18030: $OUT" ;; esac
expect_in_file "$ORG4" "穗市监罚〔2025〕gb-1号"

t "wrong encoding: a GB18030 file read as UTF-8 is rejected row by row, never stored garbled"
ingest "$T/gb.csv" --encoding utf-8 --report "$T/gbwrong.csv.errors.csv"
expect_rc 3
expect_report "$T/gbwrong.csv" 2 XDR_MC encoding.invalid

t "full-width codes, dates and amounts (Chinese input methods) are folded and stored"
{
    echo "$PEN_HEADER"
    pen_row 广州市全角有限公司 法人及非法人组织 ９１４４０１０６ＭＡ５００００３００ 张三 '' '' 穗市监罚〔2025〕FW1号 罚款 １．５ ２０２５／０３／０５
} >"$T/fullwidth.csv"
ingest "$T/fullwidth.csv"
expect_rc 0
expect_in_file "$ORG4" "穗市监罚〔2025〕FW1号"
expect_in_file "$ORG4" "2025-03-05"

t "UTF-8 with BOM"
{
    printf '\xEF\xBB\xBF'
    echo "$PEN_HEADER"
    good_org_row bom-1 "$ORG4"
} >"$T/bom.csv"
ingest "$T/bom.csv"
expect_rc 0
expect_in_file "$ORG4" "穗市监罚〔2025〕bom-1号"

t "empty file is refused"
: >"$T/empty.csv"
ingest "$T/empty.csv"
expect_rc 4
expect_report "$T/empty.csv" 0 "" file.empty

t "header only is refused"
echo "$PEN_HEADER" >"$T/hdronly.csv"
ingest "$T/hdronly.csv"
expect_rc 4
expect_report "$T/hdronly.csv" 0 "" file.no_rows

t "a file over the size limit is refused"
case_file bigfile "$(good_org_row bf-9 "$ORG3")"
OUT=$(XINYONG_INGEST_MAX_FILE_BYTES=100 "$XY" ingest --quiet --dept "$DEPT" --item xzcf "$T/bigfile.csv" 2>&1)
RC=$?
expect_rc 4
expect_report "$T/bigfile.csv" 0 "" file.too_large

t "an item the department may not provide is refused and nothing is stored"
case_file denied "$(good_org_row den-9 "$ORG3")"
before=$(records)
OUT=$("$XY" ingest --quiet --dept "$OTHER_DEPT" --item xzcf "$T/denied.csv" 2>&1)
RC=$?
expect_rc 4
expect_report "$T/denied.csv" 0 "" item.denied
expect_records "$before"

t "unknown department is refused"
OUT=$("$XY" ingest --quiet --dept 91440106MA5000057P --item xzcf "$T/denied.csv" 2>&1)
RC=$?
expect_rc 4

t "JSON Lines: bad JSON on one line, the others stored"
{
    printf '{"XDR_MC":"广州市杰森有限公司","XDR_LB":"法人及非法人组织","XDR_SHXYM":"%s","FRDB":"李雷","CF_WSH":"穗市监罚〔2025〕J1号","CF_WFXW":"虚假宣传","CF_SY":"事实","CF_YJ":"依据","CF_CFLB":"罚款","CF_NR":"罚款","CF_NR_FK":2.35,"CF_JDRQ":"20250301","CF_CFJG":"广州市市场监督管理局","CF_CFJGDM":"%s","CF_SJLY":"广州市市场监督管理局","CF_SJLYDM":"%s"}\n' "$ORG4" "$DEPT" "$DEPT"
    echo '{"XDR_MC": "broken",'
    printf '{"XDR_MC":"广州市杰森有限公司","XDR_LB":"法人及非法人组织","XDR_SHXYM":"%s","FRDB":"李雷","CF_WSH":"穗市监罚〔2025〕J2号","CF_WFXW":"虚假宣传","CF_SY":"事实","CF_YJ":"依据","CF_CFLB":"警告","CF_NR":"警告","CF_JDRQ":"2025-03-02","CF_CFJG":"广州市市场监督管理局","CF_CFJGDM":"%s","CF_SJLY":"广州市市场监督管理局","CF_SJLYDM":"%s"}\n' "$ORG4" "$DEPT" "$DEPT"
} >"$T/j.jsonl"
ingest "$T/j.jsonl"
expect_rc 3
expect_report "$T/j.jsonl" 2 "" json.syntax
expect_in_file "$ORG4" "穗市监罚〔2025〕J2号"
expect_in_file "$ORG4" "2.35"

t "usage errors exit 2"
"$XY" ingest --item xzcf "$T/j.jsonl" >/dev/null 2>&1
[ $? -eq 2 ] && ok || fail "missing --dept is not a usage error"
"$XY" ingest --dept "$DEPT" --item xzcf --encoding latin1 "$T/j.jsonl" >/dev/null 2>&1
[ $? -eq 2 ] && ok || fail "bad --encoding is not a usage error"

finish
