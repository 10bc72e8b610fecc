#!/usr/bin/env bash
# Installs everything aexy and its tests need, from a fresh clone, with no step by hand:
#   1. npm packages (npm ci, skipped when node_modules already matches package-lock.json),
#   2. the compiled CLI (dist/),
#   3. the Temporal CLI (found on PATH / TEMPORAL_CLI_PATH / GOPATH, else built once with Go;
#      Go's module and build caches make later builds fast),
#   4. PostgreSQL's server binaries for the store tests (Debian package, see install-postgres.sh).
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[install] %s\n' "$*" >&2; }

node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("aexy needs Node.js >= 20.19, found "+process.versions.node); process.exit(1); }'

lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.aexy-lock-hash
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_hash" ]; then
  log "npm packages up to date"
else
  log "installing npm packages (npm ci)..."
  # better-sqlite3 compiles from source when no prebuilt binary can be downloaded (needs python3, make, g++).
  npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$lock_hash" > "$stamp"
fi

log "building dist/..."
npm run --silent build >&2

temporal=$(node bin/aexy temporal install)
log "Temporal CLI: $temporal"

bash scripts/install-postgres.sh >/dev/null
