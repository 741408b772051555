#!/bin/bash
# npm-deps.sh - install the npm packages of package.json into node_modules/ from the committed
# package-lock.json (`npm ci`): Apache ECharts, which the server serves to the console under
# /vendor/ (src/http/static.c), and playwright-core for the browser tests (tests/e2e).
# Idempotent and quick when nothing changed: npm runs only when a package of package.json is
# missing from node_modules/ or the lock file is newer than npm's record of the last install,
# so `make run`, `make test` and tests/e2e/run.sh call it every time.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

command -v node >/dev/null 2>&1 || { echo "npm-deps: node is not installed (scripts/install-deps.sh)" >&2; exit 1; }
command -v npm >/dev/null 2>&1 || { echo "npm-deps: npm is not installed (it comes with Node.js)" >&2; exit 1; }

# One install at a time (make's build and the browser tests' run.sh may start together): the
# second one waits, then finds node_modules/ current.
exec 9>"${TMPDIR:-/tmp}/xinyong-npm-deps.lock"
flock 9

# Every dependency of package.json must have its package.json under node_modules/.
# shellcheck disable=SC2016 # JavaScript, not shell
missing=$(node -e '
const fs = require("fs");
const p = JSON.parse(fs.readFileSync("package.json", "utf8"));
const names = Object.keys({ ...(p.dependencies || {}), ...(p.devDependencies || {}) });
console.log(names.filter((n) => !fs.existsSync(`node_modules/${n}/package.json`)).join(" "));
')

if [ -z "$missing" ] && [ -f node_modules/.package-lock.json ] &&
    [ ! package-lock.json -nt node_modules/.package-lock.json ]; then
    exit 0
fi
echo "npm-deps: npm ci${missing:+ (missing: $missing)}" >&2
npm ci --prefer-offline --no-audit --no-fund --loglevel=error >&2 || {
    echo "npm-deps: npm ci failed" >&2
    exit 1
}
