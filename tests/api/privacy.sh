#!/bin/bash
# privacy.sh - the privacy scan: on a small generated city with every catalogue item, fetch every
# public answer of `xinyong serve` (every organisation's file, every natural person by POST and
# their file, every record by id, every page of 双公示 and of the four lists, catalogue,
# departments, health, openapi, metrics) and fail if any holds a 公民身份号码 of the input files in
# full, or a natural person's full name outside 失信被执行人 records (privacy_scan.py).
# usage: XY=build-api/src/xinyong bash tests/api/privacy.sh   (KEEP=1 keeps the temp folder)
. "$(dirname "$0")/lib.sh"
setup
setup_city 11 200 300 300

t "the input holds what the scan looks for"
n_id=$(city 'len(c["idnos"])')
n_p=$(city 'len(c["persons"])')
items=$(city '" ".join(sorted(set(r["item"] for r in c["rows"])))')
[ "$n_id" -gt 100 ] && [ "$n_p" -gt 50 ] && ok || fail "only $n_id ID numbers and $n_p persons in the generated files"
[ "$items" = "hmd jyyc nsxy sxbzxr xzcf xzxk yzsx yzwfsx zdsswf" ] && ok || fail "the city lacks items: $items"

start_server XINYONG_HTTP_RATE_PER_MIN=1000000 XINYONG_HTTP_RATE_BURST=1000000 XINYONG_LOG_LEVEL=info

t "no full ID number, no person's full name outside 失信被执行人, in any public answer"
python3 "$HERE/privacy_scan.py" "$BASE" "$T/city.json" "$SLOG" >"$T/scan.out" 2>"$T/scan.err"
rc=$?
cat "$T/scan.out" | grep -v ' passed, ' 
if [ "$rc" -eq 0 ]; then
    ok
else
    while IFS= read -r line; do
        fail "${line#FAIL \[privacy\]: }"
    done < <(grep '^FAIL' "$T/scan.err")
    grep -v '^FAIL' "$T/scan.err" >&2
    [ -s "$T/scan.err" ] || fail "privacy_scan.py exited $rc"
fi

finish
