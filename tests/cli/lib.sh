# lib.sh - helpers for the black-box tests: the real xinyong binary on a throw-away database.
# Each test script sources this, calls `setup`, runs commands and asserts what a clerk would
# check: exit codes, the lines of the error report, what the credit file shows.
set -u

XY=${XY:?XY must name the xinyong binary}
FAILS=0
PASSES=0
CURRENT=""

# Codes valid under GB 32100 / GB 11643 (computed once; the unit tests check the algorithms).
DEPT=114401000069600108     # 广州市市场监督管理局 (a 机关 code)
OTHER_DEPT=11440100006960011B
ORG1=91440106MA5000006F
ORG2=91440106MA5000014A
ORG3=91440106MA50000225
ORG4=91440106MA50000300
GT1=92440104MA6000016N      # 个体工商户
ID1=440106198506121005
ID2=440106198506121013
ID4=44010619850612103X

setup() {
    T=$(mktemp -d /tmp/xytest.XXXXXX)
    export XINYONG_DB="$T/t.db"
    export XINYONG_CONFIG=/dev/null
    "$XY" dept add --code "$DEPT" --name 广州市市场监督管理局 --items xzcf,xzxk,jyyc,yzsx >/dev/null
    "$XY" dept add --code "$OTHER_DEPT" --name 广州市税务局 --items nsxy,hmd >/dev/null
}

teardown() {
    rm -rf "$T"
}

t() { CURRENT="$1"; }

ok() { PASSES=$((PASSES + 1)); }

fail() {
    FAILS=$((FAILS + 1))
    printf 'FAIL [%s]: %s\n' "$CURRENT" "$*" >&2
}

# Header of a penalty file with field codes, and one row with overridable fields.
PEN_HEADER='XDR_MC,XDR_LB,XDR_SHXYM,FRDB,XDR_ZJLX,XDR_ZJHM,CF_WSH,CF_WFXW,CF_SY,CF_YJ,CF_CFLB,CF_NR,CF_NR_FK,CF_JDRQ,CF_CFJG,CF_CFJGDM,CF_SJLY,CF_SJLYDM'
# pen_row NAME LB USCC FRDB ZJLX ZJHM WSH CFLB FK JDRQ
pen_row() {
    printf '%s,%s,%s,%s,%s,%s,%s,虚假宣传,在网站发布虚假广告,《中华人民共和国广告法》第五十五条,%s,依法处罚,%s,%s,广州市市场监督管理局,%s,广州市市场监督管理局,%s\n' \
        "$1" "$2" "$3" "$4" "$5" "$6" "$7" "$8" "$9" "${10}" "$DEPT" "$DEPT"
}
good_org_row() { pen_row "广州市天河区测试$1科技有限公司" 法人及非法人组织 "$2" 张三 '' '' "穗市监罚〔2025〕$1号" 罚款 1.5 2025/03/05; }

# ingest FILE [more args]: runs the ingest, stores the exit code in RC and output in OUT
ingest() {
    f=$1
    shift
    OUT=$("$XY" ingest --quiet --dept "$DEPT" --item xzcf "$@" "$f" 2>&1)
    RC=$?
}

expect_rc() {
    [ "$RC" -eq "$1" ] && ok || fail "exit code $RC, expected $1; output: $OUT"
}

# expect_report FILE LINE FIELD CODE: the error report of FILE has that line
expect_report() {
    rep="$1.errors.csv"
    if [ ! -f "$rep" ]; then
        fail "no error report $rep"
        return
    fi
    if awk -F, -v l="$2" -v f="$3" -v c="$4" '$2 == l && $3 == f && $7 == c {found = 1} END {exit !found}' "$rep"; then
        ok
    else
        fail "report lacks line $2 field '$3' code $4; report:
$(cat "$rep")"
    fi
}

expect_no_report() {
    [ ! -f "$1.errors.csv" ] && ok || fail "unexpected error report: $(cat "$1.errors.csv")"
}

# records: number of stored decisions (latest versions count once)
records() {
    "$XY" stats | sed -n 's/.*信用记录 \([0-9]*\) 条.*/\1/p'
}

expect_records() {
    n=$(records)
    [ "$n" = "$1" ] && ok || fail "$n records stored, expected $1"
}

# expect_in_file CODE TEXT: the subject's credit file shows TEXT
expect_in_file() {
    out=$("$XY" query "$1" 2>&1)
    case "$out" in
    *"$2"*) ok ;;
    *) fail "credit file of $1 lacks '$2':
$out" ;;
    esac
}

finish() {
    teardown
    echo "$PASSES passed, $FAILS failed"
    [ "$FAILS" -eq 0 ]
}

# idnos_of DIR OUT: every citizen ID number (GB 11643: 17 digits, a birth date in characters
# 7-14 and the check character) in the files under DIR, one per line, into OUT. 统一社会信用代码
# have 18 characters too (and are public): the check keeps only citizens' numbers.
idnos_of() {
    grep -rhoa '[0-9]\{17\}[0-9Xx]' "$1" | sort -u | python3 -c '
import datetime, sys
w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
for line in sys.stdin:
    s = line.strip().upper()
    if len(s) != 18 or not s[:17].isdigit():
        continue
    try:
        datetime.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        continue
    if 1900 <= int(s[6:10]) <= 2030 and "10X98765432"[sum(int(c) * k for c, k in zip(s, w)) % 11] == s[17]:
        print(s)
' >"$2"
}

# no_plain_idnos LABEL IDFILE DB: fail when any number of IDFILE is in the bytes of DB, its WAL
# or its shared memory
no_plain_idnos() {
    for f in "$3" "$3-wal" "$3-shm"; do
        [ -f "$f" ] || continue
        hits=$(grep -aoF -f "$2" "$f" | sort -u | wc -l)
        [ "$hits" = 0 ] && ok || fail "$1: $hits ID numbers in plain text in $(basename "$f")"
    done
}
