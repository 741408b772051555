#!/bin/bash
# openapi.sh - web/openapi.json against the OpenAPI 3.0 schema and docs/api.md's route table
# (openapi-validate.mjs), after installing the validator (npm-ci.sh).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
bash "$HERE/npm-ci.sh" || { echo "FAIL [openapi]: npm ci in tests/api failed" >&2; exit 1; }
exec node "$HERE/openapi-validate.mjs" "$@"
