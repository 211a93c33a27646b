#!/usr/bin/env bash
# Every example must be formatted and must validate on its own against the
# provider built from this checkout: each .tf file under examples/ (the docs
# show them one by one), and each
# ```hcl or ```terraform block of README.md and templates/ (the docs' and
# README's snippets). A dev_overrides CLI config makes terraform use
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

# unit NAME: sets $dir to a fresh directory for one configuration to
# validate alone.
units=()
unit() {
  dir="$work/units/${#units[@]}"
  mkdir -p "$dir"
  units+=("$1")
}

while IFS= read -r example; do
  unit "${example#"$root"/}" && cp "$example" "$dir/"
done < <(find "$root/examples" -name '*.tf' | sort)

# Fenced hcl/terraform blocks, numbered by the line they start on.
for doc in "$root/README.md" $(find "$root/templates" -name '*.tmpl' | sort); do
  rel="${doc#"$root"/}"
  awk -v out="$work/blocks" -v rel="$rel" '
    /^```(hcl|terraform)[[:space:]]*$/ { n = NR; file = out "/" rel "/line-" n ".tf"; system("mkdir -p \"" out "/" rel "\""); next }
    /^```/ && n { close(file); n = 0; next }
    n { print > file }
  ' "$doc"
  for block in "$work/blocks/$rel"/*.tf; do
    [ -e "$block" ] || continue
    unit "$rel:$(basename "$block" .tf)" && cp "$block" "$dir/main.tf"
  done
done

status=0
for i in "${!units[@]}"; do
  name="${units[$i]}" dir="$work/units/$i"
  # Registry examples leave out the terraform block; give them one so that
  # the provider resolves to this checkout's build.
  if ! grep -q 'required_providers' "$dir"/*.tf; then
    printf 'terraform {\n  required_providers {\n    hss = { source = "hss-community/hss" }\n  }\n}\n' > "$dir/zz_required_providers.tf"
  fi
  # terraform validate does not evaluate provider blocks, so it misses an
  # undeclared var.x there: look for one ourselves.
  undeclared=""
  for v in $(grep -ohE 'var\.[A-Za-z0-9_-]+' "$dir"/*.tf | sort -u | sed 's/^var\.//'); do
    grep -qE "^variable \"$v\"" "$dir"/*.tf || undeclared+=" var.$v"
  done
  if [ -n "$undeclared" ]; then
    echo "FAILED  $name"; echo "        uses undeclared$undeclared"; status=1
  elif out="$(cd "$dir" && "$terraform" validate -no-color 2>&1)"; then
    echo "ok      $name"
  else
    echo "FAILED  $name"; echo "$out" | sed 's/^/        /'; status=1
  fi
done
exit $status
