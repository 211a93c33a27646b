#!/usr/bin/env bash
# Runs examples/guides/offline-testing's terraform test against
# hss-simulator, as the guide "Testing your configuration offline" tells
# users to in their own CI: the simulator started with its fault flags, the
# provider built here (dev_overrides), and `terraform test`, which needs
# Terraform 1.6 or newer: the newest CLI this machine has.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. scripts/hermetic.sh
bin="$root/bin"

# The newest Terraform at hand: the one make test uses, or a newer built one.
newest="$(scripts/terraform.sh)"
version() { "$1" version -json | sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p' | head -1; }
best="$(version "$newest")"
while read -r name v path; do
  if [ "$name" = terraform ] && [ "$(printf '%s\n%s\n' "$best" "$v" | sort -V | tail -1)" = "$v" ]; then
    newest="$path" best="$v"
  fi
done < <(scripts/cli.sh --built)
if [ "$(printf '%s\n1.6.0\n' "$best" | sort -V | head -1)" != 1.6.0 ]; then
  echo "check-terraform-test: terraform test needs Terraform 1.6 or newer; the newest here is $best" >&2
  exit 1
fi

work="$(mktemp -d)"
sim=""
cleanup() {
  [ -n "$sim" ] && { kill "$sim" 2>/dev/null || true; wait "$sim" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT
make -s build simulator >/dev/null
# A slow export (two "running" reads) and a throttled gateway, as HSS can be.
"$bin/hss-simulator" -seed examples/demo/seed.json -listen 127.0.0.1:0 -addr-file "$work/sim.addr" \
  -export-running-polls 2 -throttle-rate 0.2 -throttle-retry-after 0 >/dev/null &
sim=$!
for _ in $(seq 1 100); do [ -s "$work/sim.addr" ] && break; sleep 0.05; done
[ -s "$work/sim.addr" ] || { echo "check-terraform-test: the simulator did not start" >&2; exit 1; }

cp -r examples/guides/offline-testing "$work/config"
printf 'provider_installation {\n  dev_overrides {\n    "hss-community/hss" = "%s"\n  }\n  direct {}\n}\n' "$bin" >"$work/terraformrc"
cd "$work/config"
if out="$(TF_CLI_CONFIG_FILE="$work/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 \
  "$newest" test -no-color -var "endpoint=$(cat "$work/sim.addr")" 2>&1)"; then
  echo "$out" | grep -E '^(tests/|Success)' || true
  echo "ok      terraform test (Terraform $best) against hss-simulator: examples/guides/offline-testing"
else
  echo "$out" >&2
  echo "check-terraform-test: terraform test failed" >&2
  exit 1
fi
