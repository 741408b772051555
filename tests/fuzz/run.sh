#!/bin/sh
# run.sh - fuzz the CSV-to-record path, the code validators and the HTTP edge with libFuzzer.
#   tests/fuzz/run.sh [SECONDS]      (default 60 per harness)
# New inputs that crash are written to tests/fuzz/out/; after fixing the bug, copy the input
# into tests/fuzz/corpus/<harness>/ so that `make test` replays it from then on.
set -eu
cd "$(dirname "$0")/../.."
SECS=${1:-60}
OUT=tests/fuzz/out
mkdir -p "$OUT/csv" "$OUT/codes" "$OUT/http"
CFLAGS="-g -O1 -fsanitize=fuzzer,address,undefined -Isrc -DXY_TEST_CATALOG_DIR=\"$PWD/catalog\""
BASE="src/base/*.c src/domain/*.c"
SERVICE="src/service/catalog_load.c src/service/decode.c src/service/lines.c src/service/ingest_csv.c src/service/ingest_jsonl.c"
# shellcheck disable=SC2086
clang $CFLAGS tests/fuzz/fuzz_csv.c $BASE $SERVICE -lcsv -ljansson -lutf8proc -o "$OUT/fuzz_csv"
# shellcheck disable=SC2086
clang $CFLAGS tests/fuzz/fuzz_codes.c $BASE -lutf8proc -o "$OUT/fuzz_codes"
# shellcheck disable=SC2086
clang $CFLAGS tests/fuzz/fuzz_http.c $BASE src/store/*.c src/store/sqlite/*.c src/service/*.c \
    src/http/*.c -lcsv -ljansson -lutf8proc -lsqlite3 -lmicrohttpd -lm -lpthread -o "$OUT/fuzz_http"
"$OUT/fuzz_csv" -max_total_time="$SECS" -max_len=4096 -artifact_prefix="$OUT/" "$OUT/csv" tests/fuzz/corpus/csv
"$OUT/fuzz_codes" -max_total_time="$SECS" -max_len=64 -artifact_prefix="$OUT/" "$OUT/codes" tests/fuzz/corpus/codes
"$OUT/fuzz_http" -max_total_time="$SECS" -max_len=512 -artifact_prefix="$OUT/" "$OUT/http" tests/fuzz/corpus/http
