#!/usr/bin/env bash
# Every example must be formatted and must validate against the provider
# built from this checkout: a dev_overrides CLI config makes terraform use
# bin/terraform-provider-hss without init or network.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
terraform="${TERRAFORM:-$("$root/scripts/terraform.sh")}"
. "$root/scripts/hermetic.sh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cat > "$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "hss-community/hss" = "$root/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

"$terraform" fmt -recursive -check -diff "$root/examples" ||
  { echo "examples: run make fmt" >&2; exit 1; }

status=0
while IFS= read -r dir; do
  rel="${dir#"$root"/}"
  copy="$work/$(echo "$rel" | tr / _)"
  mkdir -p "$copy"
  cp "$dir"/*.tf "$copy/"
  # Registry examples leave out the terraform block; give them one so that
  # the provider resolves to this checkout's build.
  if ! grep -q 'required_providers' "$copy"/*.tf; then
    printf 'terraform {\n  required_providers {\n    hss = { source = "hss-community/hss" }\n  }\n}\n' > "$copy/zz_required_providers.tf"
  fi
  if out="$(cd "$copy" && "$terraform" validate -no-color 2>&1)"; then
    echo "ok      $rel"
  else
    echo "FAILED  $rel"; echo "$out" | sed 's/^/        /'; status=1
  fi
done < <(find "$root/examples" -name '*.tf' -exec dirname {} \; | sort -u)
exit $status
