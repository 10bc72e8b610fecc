#!/usr/bin/env bash
# README's first command: install everything, then do aexy's main job on the embedded defaults (a
# SQLite workspace, a local Temporal dev server) with the example project:
#   validate and plan the examples, start the runtime, apply them, move a deal to "won", and follow
#   the customer-onboarding run it triggers step by step until it completes.
# The workspace of this demo lives in a temporary folder; the examples' files are not changed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh

root=$PWD
aexy() { node "$root/bin/aexy" "$@"; }
say() { printf '\n\033[1m$ aexy %s\033[0m\n' "$*" >&2; }
demo=$(mktemp -d "${TMPDIR:-/tmp}/aexy-quickstart.XXXXXX")
export AEXY_WORKSPACE="$demo/workspace.db"
cd examples/automations

say validate
aexy validate

say plan
aexy plan

say "dev   (background: Temporal dev server, worker, router, ingress)"
rm -f .aexy/dev.json
# node itself in the background (not the shell function), so $! is the process to stop; SIGTERM
# because background jobs of a non-interactive shell ignore SIGINT.
node "$root/bin/aexy" dev --no-ingress >"$demo/dev.log" 2>&1 &
dev_pid=$!
stop_dev() { kill -TERM "$dev_pid" 2>/dev/null && wait "$dev_pid" 2>/dev/null || true; }
trap stop_dev EXIT
for _ in $(seq 1 120); do
  [ -f .aexy/dev.json ] && break
  kill -0 "$dev_pid" 2>/dev/null || { cat "$demo/dev.log" >&2; exit 1; }
  sleep 0.5
done
[ -f .aexy/dev.json ] || { echo "aexy dev did not start within 60s; its log:" >&2; cat "$demo/dev.log" >&2; exit 1; }
cat "$demo/dev.log" >&2

say 'records create contacts --id rec_contact_ana (the deal'"'"'s primary contact, enrolled on a win)'
aexy records create contacts --id rec_contact_ana \
  --data '{"name":"Ana Lopez","email":"ana@acme.example"}' >/dev/null

say 'records create deals (a deal already in negotiation, before any automation exists)'
deal=$(aexy records create deals -o json \
  --data '{"name":"Acme Corp","amount":25000,"stage":"negotiation","primary_contact":"rec_contact_ana","owner_email":"ana@acme.example"}' |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).record.id))')
echo "created $deal" >&2

say 'apply --auto-approve'
aexy apply --auto-approve

say "records update deals $deal --data '{\"stage\":\"won\"}'"
aexy records update deals "$deal" --data '{"stage":"won"}' >/dev/null

run=""
for _ in $(seq 1 60); do
  run=$(aexy runs list --automation customer-onboarding -o json |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).runs[0]?.id ?? ""))')
  [ -n "$run" ] && break
  sleep 0.5
done
[ -n "$run" ] || { echo "no customer-onboarding run appeared; the dev log:" >&2; cat "$demo/dev.log" >&2; exit 1; }

say "runs tail --run $run   (one line per change until the run finishes)"
status=0
aexy runs tail --run "$run" --timeout 120 || status=$?

say "records update deals $deal --data '{\"discount\":30}' --wait   (discount-approval pauses for a manager)"
aexy records update deals "$deal" --data '{"discount":30}' --wait || status=$?
approval=$(aexy runs list --automation discount-approval --status PAUSED -o json |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).runs[0]?.id ?? ""))')
if [ -n "$approval" ]; then
  say "approve $approval --comment 'fine for a 3-year contract' --wait"
  aexy approve "$approval" --comment 'fine for a 3-year contract' --wait || status=$?
else
  echo "discount-approval did not pause (see aexy runs list)" >&2
  status=1
fi

say "runs show $run"
aexy runs show "$run"

say 'automations status customer-onboarding'
aexy automations status customer-onboarding

echo >&2
echo "Try more: cd examples/automations && AEXY_WORKSPACE=$AEXY_WORKSPACE node ../../bin/aexy runs list" >&2
exit $status
