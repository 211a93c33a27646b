#!/usr/bin/env bash
# make demo: start the HSS simulator on a free loopback port, apply
# examples/demo with the provider built from this checkout (a dev_overrides
# CLI config, so no terraform init and no network): start an export, read
# its task, download its file; print them, and stop the simulator. The
# configuration, its state and the downloaded file stay in bin/demo.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/bin"
terraform="${TERRAFORM:-$("$root/scripts/terraform.sh")}"
. "$root/scripts/hermetic.sh"

work="$bin/demo"
rm -rf "$work"
mkdir -p "$work"
sim_pid=""
cleanup() {
  if [ -n "$sim_pid" ]; then kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; fi
  rm -f "$work/sim.addr" "$work/terraformrc"
}
trap cleanup EXIT

"$bin/hss-simulator" -listen 127.0.0.1:0 -addr-file "$work/sim.addr" -seed "$root/examples/demo/seed.json" &
sim_pid=$!
for _ in $(seq 1 100); do
  [ -s "$work/sim.addr" ] && break
  kill -0 "$sim_pid" 2>/dev/null || { echo "demo: the simulator exited" >&2; exit 1; }
  sleep 0.05
done
[ -s "$work/sim.addr" ] || { echo "demo: the simulator did not start within 5 s" >&2; exit 1; }
endpoint="$(cat "$work/sim.addr")"

cat > "$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "hss-community/hss" = "$bin"
  }
  direct {}
}
RC
cp "$root/examples/demo/main.tf" "$work/"

export TF_CLI_CONFIG_FILE="$work/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
cd "$work"
"$terraform" apply -auto-approve -input=false -no-color -compact-warnings -var "endpoint=$endpoint" >"$work/apply.log" 2>&1 ||
  { cat "$work/apply.log" >&2; echo "demo: terraform apply failed" >&2; exit 1; }
echo "An export started on the HSS simulator at $endpoint, and its task:"
"$terraform" output -no-color export_task
echo "Its file, downloaded and checked:"
"$terraform" output -no-color file
unzip -l "$work/reports/vulnerabilities.zip" 2>/dev/null || true
echo "The file stays at $work/reports/vulnerabilities.zip (make demo starts afresh each time)."
