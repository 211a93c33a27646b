#!/usr/bin/env bash
# make test-matrix: the CLI tests, the examples and the demo against each
# CLI, and a table of the results (CLI and version, pass or fail, time).
# With arguments "NAME VERSION" pairs (terraform 1.5.7 tofu 1.12.6 …), each
# is built into bin/cli if missing; with --built, the CLIs already there
# are used and none is built (CI). Exits non-zero when any run fails.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. scripts/hermetic.sh
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

clis=()
if [ "${1:-}" = "--built" ]; then
  while read -r name version path; do clis+=("$name $version $path"); done < <(scripts/cli.sh --built)
else
  while [ $# -ge 2 ]; do
    path="$(scripts/cli.sh "$1" "$2")" || { echo "test-matrix: could not build $1 $2" >&2; exit 1; }
    clis+=("$1 $2 $path")
    shift 2
  done
fi
if [ ${#clis[@]} -eq 0 ]; then
  # Nothing built (a fresh machine): at least the CLI make test uses.
  tf="$(scripts/terraform.sh)" || { echo "test-matrix: no CLI to test, and no terraform" >&2; exit 1; }
  clis+=("terraform $("$tf" version -json | sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p') $tf")
fi

make -s build simulator >/dev/null || exit 1
logs="$root/bin/matrix"
mkdir -p "$logs"
table="| CLI | version | CLI tests | examples | demo | time |\n|---|---|---|---|---|---|\n"
failed=0
for entry in "${clis[@]}"; do
  read -r name version path <<<"$entry"
  env=(TF_ACC_TERRAFORM_PATH="$path" TERRAFORM="$path")
  if [ "$name" = tofu ]; then
    # terraform-plugin-testing addresses the provider by registry host and
    # namespace; OpenTofu's default registry is its own.
    env+=(TF_ACC_PROVIDER_HOST=registry.opentofu.org TF_ACC_PROVIDER_NAMESPACE=hss-community)
  fi
  start=$SECONDS
  results=()
  for step in tests examples demo; do
    case $step in
      tests) cmd=(go test -count=1 -timeout 15m ./internal/provider/) ;;
      examples) cmd=(scripts/check-examples.sh) ;;
      demo) cmd=(scripts/demo.sh) ;;
    esac
    if env "${env[@]}" "${cmd[@]}" >"$logs/$name-$version-$step.log" 2>&1; then
      results+=("pass")
    else
      results+=("**fail**")
      failed=1
      echo "test-matrix: $name $version $step failed; see $logs/$name-$version-$step.log" >&2
    fi
  done
  table+="| $name | $("$path" version 2>/dev/null | head -1 | awk '{print $2}') | ${results[0]} | ${results[1]} | ${results[2]} | $((SECONDS - start)) s |\n"
done
printf "%b" "$table"
exit $failed
