#!/usr/bin/env bash
# Runs the README's "try the simulator" steps exactly as they are written,
# from the repository's root, so that a newcomer who pastes them gets what
# the README promises: an export started on the simulator, its task read
# and its file downloaded.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
terraform="${TERRAFORM:-$("$root/scripts/terraform.sh")}"
. "$root/scripts/hermetic.sh"
export PATH="$(dirname "$terraform"):$PATH" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

steps="$(awk '/<!-- scripts\/check-readme.sh runs the next block/ { armed = 1; next }
  armed && /^```sh/ { inside = 1; next }
  inside && /^```/ { exit }
  inside { print }' "$root/README.md")"
[ -n "$steps" ] || { echo "check-readme: the README has no marked block of steps" >&2; exit 1; }

cd "$root"
rm -rf bin/try
# Another process already holds the port an older README hard-coded, and
# the steps run twice in a row, as a newcomer pastes them twice.
make -s simulator >/dev/null
bin/hss-simulator -listen 127.0.0.1:18080 >/dev/null 2>&1 & holder=$!
trap 'kill $holder 2>/dev/null || true' EXIT
for round in 1 2; do
  out="$(bash -euo pipefail -c "$steps" 2>&1)" || { echo "$out" >&2; echo "check-readme: the README's steps failed (round $round)" >&2; exit 1; }
  if ! grep -q '"task_status" = "success"' <<<"$out" || [ "$(head -c 2 bin/try/reports/vulnerabilities.zip 2>/dev/null)" != PK ]; then
    echo "$out" >&2; echo "check-readme: the README's steps did not export, read and download (round $round)" >&2; exit 1
  fi
done
rm -rf bin/try bin/dev.tfrc bin/sim.addr
echo "ok      README.md: the simulator steps, twice, beside a process holding port 18080"
