#!/usr/bin/env bash
# Prints the path of a terraform binary: the one on PATH, or else a pinned
# open-source build installed into the project's bin/ (from the Go module
# proxy; it takes a few minutes, once).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pinned="github.com/hashicorp/terraform@v1.5.7"

if tf="$(command -v terraform 2>/dev/null)"; then
  echo "$tf"
  exit 0
fi
if [ -x "$root/bin/terraform" ]; then
  echo "$root/bin/terraform"
  exit 0
fi
echo "terraform is not on PATH; building $pinned into $root/bin (a few minutes, only once)" >&2
GOBIN="$root/bin" GOFLAGS=-mod=mod go install "$pinned" >&2
echo "$root/bin/terraform"
