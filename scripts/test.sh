#!/usr/bin/env bash
# The whole test suite (README's test command, and what .ci/run runs): install, lint, typecheck,
# then every vitest file against one real Temporal dev server started by the suite itself.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install.sh
# The runs-tail end-to-end test drives the real binary in a pseudo-terminal with tmux (Debian package).
if ! command -v tmux >/dev/null 2>&1; then
  echo '[test] installing tmux (apt-get)' >&2
  SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq tmux >&2
fi
echo '[test] lint and format check (biome)' >&2
npx biome ci --reporter=summary .
echo '[test] typecheck (src, test, bench)' >&2
npx tsc -p tsconfig.test.json
mkdir -p .cache
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=.cache/vitest-report.json "$@" || status=$?
# One plain closing line that any CI log reader understands.
node -e '
  const r = JSON.parse(require("fs").readFileSync(".cache/vitest-report.json", "utf8"));
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' || true
exit $status
