#!/usr/bin/env bash
# Prints the path of a terraform binary: the one on PATH, or else a pinned
# open-source build (from the Go module proxy; it takes a few minutes,
# once: see scripts/cli.sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if tf="$(command -v terraform 2>/dev/null)"; then
  echo "$tf"
  exit 0
fi
echo "terraform is not on PATH; using a pinned build of v1.5.7 (built once)" >&2
"$root/scripts/cli.sh" terraform 1.5.7
