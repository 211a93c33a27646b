#!/usr/bin/env bash
# make testacc: the acceptance tests (TestAcc…) unchanged. With real
# credentials in the environment (HW_AUTH_TOKEN, or HW_ACCESS_KEY and
# HW_SECRET_KEY) they run against the cloud; without, against the HSS
# simulator this script starts, with HW_* and HSS_ACC_* pointing at it, so
# that they cannot rot unnoticed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
terraform="${TERRAFORM:-$("$root/scripts/terraform.sh")}"

if [ -n "${HW_AUTH_TOKEN:-}" ] || { [ -n "${HW_ACCESS_KEY:-}" ] && [ -n "${HW_SECRET_KEY:-}" ]; }; then
  echo "testacc: against the real cloud (credentials from the environment)"
else
  . scripts/hermetic.sh
  make -s simulator >/dev/null
  work="$(mktemp -d)"
  bin/hss-simulator -listen 127.0.0.1:0 -addr-file "$work/sim.addr" -seed examples/demo/seed.json >"$work/sim.log" 2>&1 &
  sim_pid=$!
  trap 'kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
  for _ in $(seq 1 100); do [ -s "$work/sim.addr" ] && break; sleep 0.05; done
  [ -s "$work/sim.addr" ] || { echo "testacc: the simulator did not start" >&2; exit 1; }
  export HW_HSS_ENDPOINT="$(cat "$work/sim.addr")" HW_PROJECT_ID=demo-project HW_AUTH_TOKEN=demo-token \
    HW_REGION_NAME=cn-north-4 HSS_ACC_TASK_ID=94ad7efb-8f0d-4b58-9d44-ae1c5d0c31f2
  echo "testacc: no cloud credentials: against the HSS simulator at $HW_HSS_ENDPOINT"
fi
TF_ACC=1 TF_ACC_TERRAFORM_PATH="$terraform" CHECKPOINT_DISABLE=1 go test -count=1 -v -timeout 60m -run 'TestAcc' ./internal/provider/
