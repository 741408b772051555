#!/bin/bash
# bench/report.sh - credit reports per second (issue 7): a subject with 50 records, its signed
# PDF report issued over HTTP, against the same server reading the same subject's credit file
# as JSON (GET /api/v1/subjects/{code}) as the reference measured in the same run.
#
#   bench/report.sh [XINYONG] [REQUESTS] [CLIENTS]     (default build/src/xinyong, 400, 2)
#
# Setup (cached under bench/out/report/): a small generated city, plus 50 行政处罚 of one
# company (广州市报告基准贸易有限公司) so that its public file holds exactly 50 records.
# Runs, each after a warm-up of 20 requests: REQUESTS reports (POST /api/v1/reports, each a
# full report: content, SM2 signature, PDF of about ten pages with the CJK font subset, seal,
# stored row, audit row) and REQUESTS file reads, CLIENTS at a time, on keep-alive connections.
# Prints reports/s, file reads/s, their ratio, the PDF's pages and size. Goal (issue 7): at least
# 50 PDFs/s on this 2-core machine.
set -euo pipefail

XY=${1:-build/src/xinyong}
N=${2:-400}
CLIENTS=${3:-2}
CASE=bench/out/report
DB=$CASE/xinyong.db
MARKET=11440100MB2C92018T # 广州市市场监督管理局, a provider of xzcf in the catalogue
ORG=91440101MA5BENCH0X

die() { echo "bench/report.sh: $*" >&2; exit 1; }
[ -x "$XY" ] || die "no xinyong at $XY (meson setup build-bench --buildtype=release && ninja -C build-bench)"
mkdir -p "$CASE"
export XINYONG_DB=$DB XINYONG_CONFIG=/dev/null

# a valid 统一社会信用代码 for the benchmark company (both check characters computed)
ORG=$(python3 - <<'EOF'
cs = "0123456789ABCDEFGHJKLMNPQRTUWXY"
org8 = "BENCH050"
ow = [3, 7, 9, 10, 5, 8, 4, 2]
v = lambda ch: int(ch) if ch.isdigit() else ord(ch) - 55
c9 = 11 - sum(w * v(ch) for w, ch in zip(ow, org8)) % 11
org = org8 + {10: "X", 11: "0"}.get(c9, str(c9))
first = "91440101" + org
uw = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
print(first + cs[(31 - sum(w * cs.index(ch) for w, ch in zip(uw, first)) % 31) % 31])
EOF
)

if [ ! -f "$CASE/ready" ]; then
    rm -rf "$CASE"/xinyong.db* "$CASE/city"
    "$XY" gen --out "$CASE/city" --seed 77 --persons 200 --orgs 400 --rows 300 --bad 0 >/dev/null
    "$XY" dept import "$CASE/city/departments.csv" >/dev/null
    tail -n +2 "$CASE/city/manifest.csv" | while IFS=, read -r file dept item _; do
        "$XY" ingest --quiet --dept "$dept" --item "$item" "$CASE/city/$file" >/dev/null 2>&1 || true
    done
    python3 - "$ORG" >"$CASE/fifty.csv" <<'EOF'
import sys
org = sys.argv[1]
print("XDR_MC,XDR_LB,XDR_SHXYM,FRDB,CF_WSH,CF_WFXW,CF_SY,CF_YJ,CF_CFLB,CF_NR,CF_NR_FK,CF_JDRQ,CF_GSJZQ,CF_CFJG,CF_CFJGDM,CF_SJLY,CF_SJLYDM")
for i in range(50):
    d = "2026/%02d/%02d" % (1 + i % 10, 1 + i % 27)
    print("广州市报告基准贸易有限公司,法人及非法人组织,%s,王五,穗市监罚〔2026〕%d号,"
          "经营不符合食品安全标准的食品,经查，当事人销售的食品经抽样检验不符合食品安全国家标准（第%d次）。,"
          "《中华人民共和国食品安全法》第一百二十四条第一款,罚款,罚款人民币%d元。,%d.0,%s,2029/12/31,"
          "广州市市场监督管理局,11440100MB2C92018T,广州市市场监督管理局,11440100MB2C92018T"
          % (org, 9000 + i, i + 1, 1000 * (i + 1), i + 1, d))
EOF
    "$XY" ingest --quiet --dept "$MARKET" --item xzcf "$CASE/fifty.csv" >/dev/null
    touch "$CASE/ready"
fi

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
XINYONG_HTTP_RATE_PER_MIN=0 XINYONG_REPORT_RATE_PER_MIN=0 "$XY" serve --port "$PORT" >"$CASE/serve.log" 2>&1 &
SPID=$!
trap 'kill $SPID 2>/dev/null; wait $SPID 2>/dev/null' EXIT
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null && break
    sleep 0.1
done

python3 - "$PORT" "$ORG" "$N" "$CLIENTS" "$CASE" "$SPID" <<'EOF'
import http.client, json, os, sys, threading, time
port, org, n, clients, case = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
pid = int(sys.argv[6])
tick = os.sysconf("SC_CLK_TCK")

def cpu():
    """the server's user + system CPU seconds so far (the machine is shared: wall time drifts)"""
    f = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / tick

def run(method, path, body, count):
    errors, sizes = [], []
    def worker(k):
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for _ in range(k):
            h = {"Content-Type": "application/json"} if body else {}
            c.request(method, path, body=body, headers=h)
            r = c.getresponse()
            data = r.read()
            if r.status not in (200, 201):
                errors.append((r.status, data[:200]))
            sizes.append(len(data))
        c.close()
    per = [count // clients + (1 if i < count % clients else 0) for i in range(clients)]
    ts = [threading.Thread(target=worker, args=(k,)) for k in per]
    t0 = time.monotonic()
    for t in ts: t.start()
    for t in ts: t.join()
    dt = time.monotonic() - t0
    if errors:
        sys.exit("errors: %r" % errors[:3])
    return count / dt, sizes

body = json.dumps({"code": org})
# the subject's public file must hold exactly 50 records
c = http.client.HTTPConnection("127.0.0.1", port)
c.request("GET", "/api/v1/subjects/" + org)
f = json.loads(c.getresponse().read())
nrec = sum(t.get("total", len(t.get("records", []))) for t in f.get("tabs", []))
c.request("POST", "/api/v1/reports", body=body, headers={"Content-Type": "application/json"})
pdf = c.getresponse().read()
open(case + "/sample.pdf", "wb").write(pdf)
c.close()
run("POST", "/api/v1/reports", body, 20)
run("GET", "/api/v1/subjects/" + org, None, 20)
c0 = cpu()
rep, sizes = run("POST", "/api/v1/reports", body, n)
c1 = cpu()
ref, _ = run("GET", "/api/v1/subjects/" + org, None, n)
c2 = cpu()
print("subject records           %d" % nrec)
print("report size               %d bytes" % (sum(sizes) // len(sizes)))
print("reports (PDF, signed)     %.1f /s   (%d requests, %d clients)" % (rep, n, clients))
print("reference: file as JSON   %.1f /s" % ref)
print("ratio report/file         %.3f" % (rep / ref))
print("server CPU per report     %.1f ms  (per file read %.2f ms; ratio %.1f)" % (
    1000 * (c1 - c0) / n, 1000 * (c2 - c1) / n, (c1 - c0) / max(c2 - c1, 1e-9)))
print("reports per CPU second    %.1f  (x %d cores = %.0f /s on an idle machine)" % (
    n / (c1 - c0), os.cpu_count(), os.cpu_count() * n / (c1 - c0)))
print("goal >= 50 PDFs/s         %s" % ("met" if rep >= 50 else "NOT met"))
EOF
pdfinfo "$CASE/sample.pdf" 2>/dev/null | awk '/^Pages:/ {print "report pages              " $2}'
