#!/bin/sh
# run.sh - fuzz the parsers with libFuzzer: the CSV-to-record path, the code validators, the HTTP
# edge, the working-day calendar files, the publicity rules file, the key file text, exported
# audit checkpoints, the subject names checked against red and black lists and the measures
# catalogue with its scenarios, and departments' tables (CSV and the XML of an xlsx).
#   tests/fuzz/run.sh [SECONDS [HARNESS...]]   (default 60 per harness, every harness:
#                                               csv codes http calendar rules keys checkpoint names
#                                               measures sheet)
# New inputs that crash are written to tests/fuzz/out/; after fixing the bug, copy the input
# into tests/fuzz/corpus/<harness>/ so that `make test` replays it from then on.
set -eu
cd "$(dirname "$0")/../.."
SECS=${1:-60}
[ $# -gt 0 ] && shift
HARNESSES=${*:-csv codes http calendar rules keys checkpoint names measures sheet report}
OUT=tests/fuzz/out
# the project arguments of meson.build, as the sources expect them
CFLAGS="-g -O1 -fsanitize=fuzzer,address,undefined -Isrc
 -DXY_TEST_CATALOG_DIR=\"$PWD/catalog\" -DXY_DEFAULT_CATALOG_DIR=\"$PWD/catalog\"
 -DXY_DEFAULT_CALENDAR_DIR=\"$PWD/calendar\" -DXY_DEFAULT_RULES_FILE=\"$PWD/rules/publicity.ini\"
 -DXY_DEFAULT_WEB_DIR=\"$PWD/web\" -DXY_VERSION=\"fuzz\"
 $(pkg-config --cflags pangocairo libqrencode opencc)"
BASE="src/base/*.c src/domain/*.c"
CRYPTO="src/crypto/*.c"
SERVICE="src/service/catalog_load.c src/service/decode.c src/service/lines.c src/service/ingest_csv.c src/service/ingest_jsonl.c"
ALL="$BASE $CRYPTO src/store/*.c src/store/sqlite/*.c src/service/*.c src/report/*.c"
LIBS="-lcsv -ljansson -lutf8proc -lsqlite3 -lcrypto -lm -lpthread -lzip -lexpat -lxlsxwriter -lopencc
 $(pkg-config --libs pangocairo cairo libqrencode)"

build() { # NAME SOURCES... LIBS
    name=$1
    shift
    # shellcheck disable=SC2086
    clang $CFLAGS "tests/fuzz/fuzz_$name.c" "$@" -o "$OUT/fuzz_$name"
}

for h in $HARNESSES; do
    mkdir -p "$OUT/$h"
    # shellcheck disable=SC2086
    case $h in
    csv) build csv $BASE $SERVICE -lcsv -ljansson -lutf8proc; LEN=4096 ;;
    codes) build codes $BASE -lutf8proc; LEN=64 ;;
    http) build http $ALL src/http/*.c $LIBS -lmicrohttpd; LEN=512 ;;
    calendar) build calendar $BASE -lutf8proc; LEN=2048 ;;
    rules) build rules $BASE -lutf8proc; LEN=8192 ;;
    keys) build keys src/base/*.c $CRYPTO -lcrypto -lpthread; LEN=1024 ;;
    checkpoint) build checkpoint $ALL $LIBS; LEN=2048 ;;
    names) build names $BASE -lutf8proc; LEN=1024 ;;
    measures) build measures $BASE -lutf8proc; LEN=8192 ;;
    report) build report $ALL $LIBS; LEN=16384 ;;
    sheet) build sheet $BASE $SERVICE src/service/sheet.c -lcsv -ljansson -lutf8proc -lzip -lexpat -lxlsxwriter
        LEN=16384 ;;
    *) echo "run.sh: unknown harness \"$h\"" >&2; exit 2 ;;
    esac
    "$OUT/fuzz_$h" -max_total_time="$SECS" -max_len="$LEN" -artifact_prefix="$OUT/$h-" \
        "$OUT/$h" "tests/fuzz/corpus/$h"
done
