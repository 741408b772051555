#!/bin/bash
# bench/screen.sh - batch screening (issue 6): a table of codes and a table of names against a
# store of list entries, with an awk hash join of the same data as the reference.
#
#   bench/screen.sh [XINYONG] [ENTRIES] [CODES] [NAMES]
#                   (default build/src/xinyong, 1000000, 100000, 10000)
#   bench/screen.sh build-bench/src/xinyong 20000 5000 1000     (a small run, to try it out)
#
# Setup (timed and printed; cached under bench/out/screen-ENTRIES/, so a re-run skips it):
# `xinyong gen --item sxbzxr` writes ENTRIES 失信被执行人 rows (organisations, 个体工商户 and
# persons, as the generator mixes them) and `xinyong ingest` stores them as the court's; then
#   codes.csv  CODES codes, half of them codes of listed subjects (统一社会信用代码 or ID number),
#              half valid 统一社会信用代码 that no generated subject carries, shuffled;
#   names.csv  NAMES names alone (a 名称 column, no code): half names of listed organisations
#              written another way - full-width letters and brackets, traditional characters,
#              another company form (有限公司 / 有限责任公司 / 股份有限公司) - half names of no
#              listed subject.
# Runs, on the same machine, each after reading the database once (this host trims the page
# cache: without it we would time the disk):
#   startup   `xinyong screen run` of a one-row file: process start, catalogue, and the list
#             index built from the store (what a server does once, a CLI run every time);
#   codes     `xinyong screen run` of codes.csv under /usr/bin/time -v (wall time, peak RSS),
#             with the time to its first 2,000 rows and the rate after them (steady state);
#   codes-low the same of codes-low.csv: CODES codes of which 2% are listed (a department's
#             everyday table; most subjects are on no list);
#   names     the same of names.csv;
#   reference awk hash joins of the same files against the same entries file: codes against
#             the code columns, names against the raw name column (exact matching only).
# and prints subjects/s of each (whole run, and steady state), peak memory, and xinyong's rate
# over awk's. Goals (issue 6): codes >= 100,000 subjects/s, names >= 2,000 subjects/s on 2 cores.
# PROFILE=1 records `perf record -g` of both runs under bench/out/screen-ENTRIES/.
# Each run stores its checks in the cached database, as a real screening does (a few MB a run);
# remove bench/out/screen-ENTRIES/ to start afresh.
set -euo pipefail

XY=${1:-build/src/xinyong}
ENTRIES=${2:-1000000}
NCODES=${3:-100000}
NNAMES=${4:-10000}
OUT=bench/out
CASE=$OUT/screen-$ENTRIES
DB=$CASE/xinyong.db
COURT=11440100MB2C92034G # 广州市中级人民法院, a provider of sxbzxr in the catalogue

die() { echo "bench/screen.sh: $*" >&2; exit 1; }
now() { date +%s.%N; }
[ -x "$XY" ] || die "no xinyong at $XY (build it: meson setup build-bench --buildtype=release && ninja -C build-bench)"
command -v /usr/bin/time >/dev/null || die "needs /usr/bin/time (apt-get install time)"
mkdir -p "$CASE"
export XINYONG_DB=$DB XINYONG_CONFIG=/dev/null

# ------------------------------------------------------------------ setup
if [ ! -f "$CASE/ready" ] || [ ! -f "$CASE/codes-low.csv" ]; then
    rm -rf "$CASE"/xinyong.db* "$CASE/gen"
    t0=$(now)
    "$XY" gen --out "$CASE/gen" --item sxbzxr --rows "$ENTRIES" --seed 6 --bad 0 \
        --persons $((ENTRIES / 4 + 1)) --orgs $((ENTRIES * 2 + 1)) >/dev/null
    t1=$(now)
    "$XY" dept add --code "$COURT" --name 广州市中级人民法院 --items sxbzxr >/dev/null
    rc=0
    "$XY" ingest --quiet --dept "$COURT" --item sxbzxr "$CASE/gen/sxbzxr.csv" >"$CASE/ingest.out" || rc=$?
    [ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] || die "ingest failed ($rc): $(tail -3 "$CASE/ingest.out")"
    t2=$(now)
    python3 - "$CASE" "$NCODES" "$NNAMES" <<'EOF'
import csv, random, sys
case, ncodes, nnames = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(6)
codes, names = set(), set()
for r in csv.DictReader(open(case + "/gen/sxbzxr.csv", encoding="utf-8-sig", newline="")):
    c = r["XDR_SHXYM"] or r["XDR_ZJHM"]
    if c:
        codes.add(c)
    if r["XDR_LB"] == "法人及非法人组织" and r["XDR_MC"].endswith("公司"):
        names.add(r["XDR_MC"])
codes, names = sorted(codes), sorted(names)
open(case + "/entry-names.txt", "w", encoding="utf-8").write("%d %d\n" % (len(codes), len(names)))
cs = "0123456789ABCDEFGHJKLMNPQRTUWXY"
ow = [3, 7, 9, 10, 5, 8, 4, 2]
uw = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
def uscc(seq):  # organisation codes starting with W: the generator never makes them
    org8 = "W%07d" % seq
    v = lambda ch: int(ch) if ch.isdigit() else ord(ch) - 55
    c9 = 11 - sum(w * v(ch) for w, ch in zip(ow, org8)) % 11
    first = "91440101" + org8 + {10: "X", 11: "0"}.get(c9, str(c9))
    return first + cs[(31 - sum(w * cs.index(ch) for w, ch in zip(uw, first)) % 31) % 31]
half = ncodes // 2
rows = rnd.sample(codes, min(half, len(codes))) + [uscc(i) for i in range(ncodes - min(half, len(codes)))]
rnd.shuffle(rows)
with open(case + "/codes.csv", "w", encoding="utf-8", newline="") as f:
    f.write("统一社会信用代码\n")
    f.writelines(c + "\n" for c in rows)
# a department's everyday table: 2% of its subjects on a list
low = max(1, ncodes // 50)
rows = rnd.sample(codes, min(low, len(codes))) + [uscc(ncodes + i) for i in range(ncodes - min(low, len(codes)))]
rnd.shuffle(rows)
with open(case + "/codes-low.csv", "w", encoding="utf-8", newline="") as f:
    f.write("统一社会信用代码\n")
    f.writelines(c + "\n" for c in rows)
# names written another way: what a clerk's table holds for a listed organisation
T2 = str.maketrans("广区电务贸业发东华国体门饰装设计经营实织纺厂农术网络车运输乐饮馆开产汇达龙丰", "廣區電務貿業發東華國體門飾裝設計經營實織紡廠農術網絡車運輸樂飲館開產匯達龍豐")
FW = {c: chr(ord(c) + 0xFEE0) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"}
FW.update({"(": "（", ")": "）"})
def variant(n, k):
    if k == 0:
        return n.translate(T2)
    if k == 1:
        for a, b in (("股份有限公司", "有限公司"), ("有限责任公司", "有限公司"), ("有限公司", "有限责任公司")):
            if n.endswith(a):
                return n[: -len(a)] + b
        return n
    w = "".join(FW.get(c, c) for c in n)
    return w if w != n else n[:3] + "\u3000" + n[3:]  # a full-width space inside
hit = [variant(n, i % 3) for i, n in enumerate(rnd.sample(names, min(nnames // 2, len(names))))]
SYL = "鑫源宏泰嘉瑞博睿晟德禾丰恒达远航信诚和美优品华彩"
miss = ["广州市%s%s%s%d号商贸有限公司" % (rnd.choice(SYL), rnd.choice(SYL), rnd.choice(SYL), i) for i in range(nnames - len(hit))]
rows = hit + miss
rnd.shuffle(rows)
with open(case + "/names.csv", "w", encoding="utf-8", newline="") as f:
    f.write("名称\n")
    f.writelines(n + "\n" for n in rows)
# the same names as given, for the exact-match reference
with open(case + "/names-raw.txt", "w", encoding="utf-8") as f:
    f.writelines(n + "\n" for n in rows)
EOF
    printf '统一社会信用代码\n91440101W00000017\n' >"$CASE/one.csv"
    t3=$(now)
    printf 'gen %.1f s, ingest %.1f s, inputs %.1f s\n' "$(echo "$t1 - $t0" | bc -l)" \
        "$(echo "$t2 - $t1" | bc -l)" "$(echo "$t3 - $t2" | bc -l)" >"$CASE/setup.txt"
    touch "$CASE/ready"
fi
read -r NDISTINCT NNAMESLISTED <"$CASE/entry-names.txt"
echo "setup (cached after the first run): $(cat "$CASE/setup.txt")"
echo "store: $ENTRIES list entries of $NDISTINCT distinct codes, $NNAMESLISTED distinct company names;" \
    "database $(du -m "$DB" | cut -f1) MB"

warm() { cat "$DB" >/dev/null; }
# run NAME FILE: `xinyong screen run` under /usr/bin/time -v; its progress lines (every 2,000
# rows) are timestamped as they come, which splits the run into the time to the first 2,000
# rows (start, catalogue, the list index built from the store, the file's first pass) and the
# steady state after it (what a server, whose index is built once, sees). Sets WALL, RSS_MB,
# FIRST (seconds to the first progress line) and STEADY (subjects/s after it).
run() {
    local name=$1 file=$2
    warm
    if [ -n "${PROFILE:-}" ]; then
        perf record -g -o "$CASE/perf-$name.data" -- "$XY" screen run --scenario gov_procurement \
            "$file" >/dev/null 2>&1 || true
        warm
    fi
    read -r WALL FIRST STEADY < <(python3 - "$XY" "$file" "$CASE/$name" <<'EOF'
import subprocess, sys, time
xy, path, base = sys.argv[1:]
t0 = time.monotonic()
p = subprocess.Popen(["/usr/bin/time", "-v", "-o", base + ".time", xy, "screen", "run",
                      "--scenario", "gov_procurement", path],
                     stdout=open(base + ".out", "w"), stderr=subprocess.PIPE, text=True)
marks = []
with open(base + ".err", "w") as err:
    for line in p.stderr:
        err.write(line)
        if "已处理" in line:
            done = int(line.split("已处理")[1].split("/")[0])
            marks.append((time.monotonic() - t0, done))
rc = p.wait()
wall = time.monotonic() - t0
if rc not in (0, 3):
    sys.exit("screen run failed: " + open(base + ".err").read()[-500:])
first = marks[0][0] if marks else wall
steady = (marks[-1][1] - marks[0][1]) / (marks[-1][0] - marks[0][0]) if len(marks) > 1 and marks[-1][0] > marks[0][0] else 0
print("%.3f %.3f %.0f" % (wall, first, steady))
EOF
    )
    RSS_MB=$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2 / 1024}' "$CASE/$name.time")
    sed -n 's/^/  /p' "$CASE/$name.out"
}

run startup "$CASE/one.csv"
START=$WALL
START_RSS=$RSS_MB

warm
t0=$(now)
ref_codes=$(awk -F, 'NR == FNR { if ($3 != "") a[$3]; if ($8 != "") a[$8]; next } FNR > 1 && ($1 in a) { h++ } END { print h + 0 }' \
    "$CASE/gen/sxbzxr.csv" "$CASE/codes.csv")
t1=$(now)
REF_CODES=$(echo "$t1 - $t0" | bc -l)
t0=$(now)
ref_names=$(awk -F, 'NR == FNR { a[$1]; next } ($1 in a) { h++ } END { print h + 0 }' \
    "$CASE/gen/sxbzxr.csv" "$CASE/names-raw.txt")
t1=$(now)
REF_NAMES=$(echo "$t1 - $t0" | bc -l)

echo "codes: $NCODES"
run codes "$CASE/codes.csv"
CODES_WALL=$WALL CODES_FIRST=$FIRST CODES_STEADY=$STEADY CODES_RSS=$RSS_MB
echo "codes, 2% listed: $NCODES"
run codes-low "$CASE/codes-low.csv"
LOW_WALL=$WALL LOW_FIRST=$FIRST LOW_STEADY=$STEADY LOW_RSS=$RSS_MB
echo "names: $NNAMES"
run names "$CASE/names.csv"
NAMES_WALL=$WALL NAMES_FIRST=$FIRST NAMES_STEADY=$STEADY NAMES_RSS=$RSS_MB

rate() { echo "$1 / $2" | bc -l; }
printf '\n%-36s %9s %12s %14s %13s %8s\n' "" "seconds" "subjects/s" "first 2000 in" "steady /s" "peak MB"
printf '%-36s %9.2f %12s %14.2f %13s %8s\n' "startup (one row: index built)" "$START" "-" "$START" "-" "$START_RSS"
printf '%-36s %9.2f %12.0f %14.2f %13.0f %8s\n' "xinyong codes ($NCODES)" "$CODES_WALL" \
    "$(rate "$NCODES" "$CODES_WALL")" "$CODES_FIRST" "$CODES_STEADY" "$CODES_RSS"
printf '%-36s %9.2f %12.0f %14s %13s %8s\n' "awk join, codes ($ref_codes found)" "$REF_CODES" \
    "$(rate "$NCODES" "$REF_CODES")" "-" "-" "-"
printf '%-36s %9.2f %12.0f %14.2f %13.0f %8s\n' "xinyong codes, 2% listed" "$LOW_WALL" \
    "$(rate "$NCODES" "$LOW_WALL")" "$LOW_FIRST" "$LOW_STEADY" "$LOW_RSS"
printf '%-36s %9.2f %12.0f %14.2f %13.0f %8s\n' "xinyong names ($NNAMES)" "$NAMES_WALL" \
    "$(rate "$NNAMES" "$NAMES_WALL")" "$NAMES_FIRST" "$NAMES_STEADY" "$NAMES_RSS"
printf '%-36s %9.2f %12.0f %14s %13s %8s\n' "awk join, raw names ($ref_names exact)" "$REF_NAMES" \
    "$(rate "$NNAMES" "$REF_NAMES")" "-" "-" "-"
printf '\nratio xinyong/awk (whole runs): codes %.2f, codes 2%% listed %.2f, names %.2f (awk matches names exactly; xinyong folds them)\n' \
    "$(echo "$REF_CODES / $CODES_WALL" | bc -l)" "$(echo "$REF_CODES / $LOW_WALL" | bc -l)" \
    "$(echo "$REF_NAMES / $NAMES_WALL" | bc -l)"
met() {
    if [ "$1" = 0 ]; then echo "n/a (under 4,000 rows)"; elif [ "$(echo "$1 >= $2" | bc -l)" = 1 ]; then echo met; else echo "NOT met"; fi
}
printf 'goals: codes >= 100000/s: whole run %s, steady state %s; 2%% listed: whole run %s, steady state %s; names >= 2000/s: whole run %s, steady state %s\n' \
    "$(met "$(rate "$NCODES" "$CODES_WALL")" 100000)" "$(met "$CODES_STEADY" 100000)" \
    "$(met "$(rate "$NCODES" "$LOW_WALL")" 100000)" "$(met "$LOW_STEADY" 100000)" \
    "$(met "$(rate "$NNAMES" "$NAMES_WALL")" 2000)" "$(met "$NAMES_STEADY" 2000)"
