#!/usr/bin/env bash
# README's first command: install everything, then run aexy's main job on the embedded defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
cd examples/automations
echo '$ aexy validate' >&2
node ../../bin/aexy validate
