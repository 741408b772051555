#!/bin/bash
# npm-ci.sh - installs tests/api's node packages with `npm ci`, once per change of
# package-lock.json; a lock keeps parallel tests (openapi, api) from installing at once.
set -eu
cd "$(dirname "$0")"
exec 9>"${TMPDIR:-/tmp}/xinyong-api-npm-ci.lock"
flock 9
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error >&2
fi
