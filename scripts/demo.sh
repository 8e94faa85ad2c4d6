#!/usr/bin/env bash
# `npm run demo`: from a fresh clone to a running Vendoc with demo data, in one command.
# Installs dependencies when they are missing or older than the lockfile, builds, seeds the demo
# account (idempotent: a re-run only issues a new API token) and starts the server in the
# foreground. Honours the server's environment: DATABASE_URL, PORT, HOST, PUBLIC_URL.
set -euo pipefail
cd "$(dirname "$0")/.."

# npm ci records what it installed in node_modules/.package-lock.json; a newer lockfile or
# package.json means someone changed the dependencies since.
installed=node_modules/.package-lock.json
if [[ ! -f "$installed" || package-lock.json -nt "$installed" || package.json -nt "$installed" ]]; then
  echo "==> Installing dependencies (npm ci; a few minutes the first time)"
  ci_log="$(mktemp)"
  if ! npm ci --no-audit --no-fund >"$ci_log" 2>&1; then
    # npm ci refuses a lockfile that lacks an optional dependency the registry does not serve
    # (vite's napi-windows-process-start-time); npm install still follows package-lock.json.
    grep -m 3 '^npm error [^ ]' "$ci_log" >&2 || tail -n 5 "$ci_log" >&2
    echo "==> npm ci failed; installing with npm install instead (same lockfile)" >&2
    npm install --no-audit --no-fund
  fi
  rm -f "$ci_log"
fi

echo "==> Building"
npm run --silent build

echo "==> Seeding the demo account"
demo_json="$(node bin/vendoc.js demo --json)"
field() { node -e 'process.stdout.write(String(JSON.parse(process.argv[1])[process.argv[2]]))' "$demo_json" "$1"; }
admin_email="$(field admin_email)"
admin_password="$(field admin_password)"
api_token="$(field api_token)"

host="${HOST:-127.0.0.1}"
if [[ "$host" == "0.0.0.0" || "$host" == "::" ]]; then host=localhost; fi
base_url="${PUBLIC_URL:-http://${host}:${PORT:-3000}}"
base_url="${base_url%/}"

cat <<INFO

  Vendoc demo is ready (database: ${DATABASE_URL:-sqlite:./data/vendoc.sqlite})

  Web app:      ${base_url}
  API docs:     ${base_url}/api-docs/index.html
  Login:        ${admin_email}
  Password:     ${admin_password}   (public demo password: do not expose this server)
  API token:    ${api_token}
                (shown only once; each \`npm run demo\` issues a new one)

  Try the API:
    curl -H "Authorization: Bearer ${api_token}" ${base_url}/api/v1/registration-data
    curl -H "Authorization: Bearer ${api_token}" ${base_url}/api/v1/customers/CLI-0001/proposals

  Stop the server with Ctrl+C.

INFO

exec sh scripts/start.sh
