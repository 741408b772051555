# The two commands of the README: `make run` and `make test`. Everything else is a helper.
BUILD      ?= build
BUILD_ASAN ?= build-asan
DEMO       ?= demo

.PHONY: all deps build run test test-asan bench fuzz clean format

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=debugoptimized

# npm-deps.sh: node_modules/ from package-lock.json (ECharts for the console, playwright-core for
# the browser tests), `npm ci` only when missing or stale
build: deps $(BUILD)/build.ninja
	@scripts/npm-deps.sh
	ninja -C $(BUILD)

# Set up the demo city (generated once, then reused) and serve it at http://127.0.0.1:8080/
# until Ctrl-C. PORT=N serves elsewhere.
PORT ?= 8080
run: build
	@scripts/run-demo.sh $(BUILD)/src/xinyong $(DEMO)
	@echo "== 启动信用平台（按 Ctrl-C 停止）"
	@XINYONG_DB=$${XINYONG_DB:-$(DEMO)/xinyong.db} exec $(BUILD)/src/xinyong serve --port $(PORT)

# Every test: unit (cmocka), black box (the real binary), fuzz corpus replay.
test: build
	meson test -C $(BUILD) --print-errorlogs --num-processes 2

# The unit, ingest, API and browser tests once more under AddressSanitizer and UBSan (CI runs
# this too): the server runs instrumented behind the API and browser tests.
test-asan: deps
	[ -f $(BUILD_ASAN)/build.ninja ] || meson setup $(BUILD_ASAN) --buildtype=debug \
	    -Db_sanitize=address,undefined -Db_lundef=false
	ninja -C $(BUILD_ASAN)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan-libs.supp:print_suppressions=0 \
	    meson test -C $(BUILD_ASAN) --print-errorlogs --num-processes 2 --suite unit --suite ingest \
	    --suite api --suite e2e

bench: build
	bench/ingest.sh $(BUILD)/src/xinyong
	bench/http.sh $(BUILD)/src/xinyong

fuzz: deps
	tests/fuzz/run.sh

format:
	clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c')

clean:
	rm -rf $(BUILD) $(BUILD_ASAN)
