#!/usr/bin/env bash
# `npm test`: typecheck, then every test (unit, API on SQLite and PostgreSQL, OpenAPI, browser).
# PostgreSQL tests create and drop their own databases through TEST_POSTGRES_URL
# (default postgres://postgres@127.0.0.1:5432/postgres); without a reachable server they skip
# with a message, except under CI=true where they fail.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== typecheck"
npx tsc -p tsconfig.json --noEmit
echo "== tests"
npx vitest run "$@"
