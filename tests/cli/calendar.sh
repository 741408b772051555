#!/bin/bash
# calendar.sh - `xinyong calendar`: working days from the shipped calendar files, across the
# 2025 National Day holiday and Spring Festival 2026, and the errors a clerk can make.
. "$(dirname "$0")/lib.sh"
setup

# run ARGS...: OUT and RC of `xinyong calendar ARGS`
run() {
    OUT=$("$XY" calendar "$@" 2>&1)
    RC=$?
}
is() { # ARGS EXPECTED_OUT EXPECTED_RC
    run $1
    [ "$RC" = "$3" ] && [ "$OUT" = "$2" ] && ok || fail "calendar $1: exit $RC, \"$OUT\"; expected $3, \"$2\""
}

t "what a day is: working day, weekend, public holiday, weekend worked (调休)"
is "is-workday 2025-09-30" "2025-09-30 是工作日（工作日）" 0
is "is-workday 2025-10-08" "2025-10-08 不是工作日（法定节假日）" 0
is "is-workday 2025-10-11" "2025-10-11 是工作日（调休上班日）" 0
is "is-workday 2025-10-12" "2025-10-12 不是工作日（周末）" 0
is "is-workday 2026-02-14" "2026-02-14 是工作日（调休上班日）" 0
is "is-workday 2026-02-23" "2026-02-23 不是工作日（法定节假日）" 0

t "deadlines across National Day 2025 and Spring Festival 2026"
is "add-workdays 2025-09-30 2" "2025-10-10" 0
is "add-workdays 2025-09-26 1" "2025-09-28" 0
is "add-workdays 2025-09-26 10" "2025-10-16" 0 # 28 (调休), 29, 30, 9, 10, 11 (调休), 13-16
is "add-workdays 2026-02-13 2" "2026-02-24" 0
is "add-workdays 2026-02-27 3" "2026-03-03" 0
is "add-workdays 2026-03-02 0" "2026-03-02" 0

t "a year without a calendar file is an error that names it"
run add-workdays 2026-12-30 5
[ "$RC" = 5 ] && ok || fail "exit $RC for a deadline in 2027"
case "$OUT" in *2027*calendar/2027.txt*) ok ;; *) fail "the error does not name 2027: $OUT" ;; esac

t "wrong dates and counts are refused in words a clerk understands"
run is-workday 2025-02-30
[ "$RC" = 4 ] && ok || fail "exit $RC for 2025-02-30"
case "$OUT" in *"日期“2025-02-30”无效"*) ok ;; *) fail "no clear message: $OUT" ;; esac
run add-workdays 2025-10-01 -3
[ "$RC" = 4 ] && ok || fail "exit $RC for -3 days"
case "$OUT" in *"工作日数“-3”无效"*) ok ;; *) fail "no clear message: $OUT" ;; esac
run add-workdays 2025/10/01 3
[ "$RC" = 4 ] && ok || fail "exit $RC for 2025/10/01"
run frobnicate
[ "$RC" = 2 ] && ok || fail "exit $RC for an unknown subcommand"

finish
