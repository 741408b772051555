#!/bin/bash
# demo.sh - `make run`'s main job (scripts/run-demo.sh) on a throw-away folder: the demo city
# is generated, its departments registered, every file ingested, the summary and a credit
# file printed; run again, it stores nothing new.
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d /tmp/xytest.XXXXXX)
export XINYONG_CONFIG=/dev/null
unset XINYONG_DB
DEMO=$(dirname "$0")/../../scripts/run-demo.sh

t "the demo runs through and prints the summary and a credit file"
out=$("$DEMO" "$XY" "$T/demo" 2>&1)
rc=$?
[ $rc -eq 0 ] && ok || fail "run-demo.sh exited $rc: $out"
case "$out" in *"信用主体"*"信用记录"*) ok ;; *) fail "no summary: $out" ;; esac
case "$out" in *"== 示例信用档案"*"统一社会信用代码"*"来源:"*) ok ;; *) fail "no credit file: $out" ;; esac
first=$(echo "$out" | sed -n 's/.*信用记录 \([0-9]*\) 条.*/\1/p')
[ "${first:-0}" -gt 20000 ] && ok || fail "only ${first:-0} records stored by the demo"

t "the demo makes one account per role, in a file only its owner can read"
acc="$T/demo/demo-accounts.txt"
[ "$(stat -c %a "$acc" 2>/dev/null)" = 600 ] && ok || fail "demo-accounts.txt is not mode 600"
roles=$(grep -v '^#' "$acc" | cut -f2 | sort | tr '\n' ' ')
[ "$roles" = "agency auditor dept_user office reviewer secadmin subject submitter sysadmin " ] && ok ||
    fail "demo accounts have roles: $roles"
case "$out" in *"demo-accounts.txt"*) ok ;; *) fail "the demo does not say where the accounts are" ;; esac

t "no ID number of the demo city is in the raw database files"
idnos_of "$T/demo/city" "$T/demo-idno.txt"
n=$(wc -l <"$T/demo-idno.txt")
[ "$n" -ge 1000 ] && ok || fail "only $n ID numbers found in the demo city's files"
no_plain_idnos "demo city" "$T/demo-idno.txt" "$T/demo/xinyong.db"

t "running it again stores nothing new"
out=$("$DEMO" "$XY" "$T/demo" 2>&1)
again=$(echo "$out" | sed -n 's/.*信用记录 \([0-9]*\) 条.*/\1/p')
[ "$again" = "$first" ] && ok || fail "records went from $first to $again on the second run"
case "$out" in *"新记录 "[1-9]*) fail "the second run stored new records" ;; *) ok ;; esac

finish
