#!/usr/bin/env bash
# scripts/cli.sh NAME VERSION prints the path of that CLI, building it from
# source through the Go module proxy the first time (a few minutes each,
# once). NAME is terraform or tofu. The builds live in the user's cache
# (HSS_CLI_CACHE, by default ~/.cache/terraform-provider-hss/cli), linked
# from bin/cli, so that every checkout on the machine, CI's fresh clones
# included, reuses them.
# scripts/cli.sh --built prints "NAME VERSION PATH" for every CLI already
# built, and builds nothing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
clis="${HSS_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-hss/cli}"
mkdir -p "$root/bin"
ln -sfn "$clis" "$root/bin/cli"

if [ "${1:-}" = "--built" ]; then
  for dir in "$clis"/*/; do
    [ -d "$dir" ] || continue
    base="$(basename "$dir")"
    name="${base%%-*}" version="${base#*-}"
    [ -x "$dir/$name" ] && echo "$name $version $dir$name"
  done
  exit 0
fi

name="$1" version="$2"
dir="$clis/$name-$version"
bin="$dir/$name"
if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi
mkdir -p "$dir"
echo "building $name v$version into $dir (a few minutes, once)" >&2
# Terraform and OpenTofu have replace directives in their go.mod, so
# go install refuses them: build from inside the downloaded module.
case "$name" in
  terraform) module=github.com/hashicorp/terraform pkg=. ;;
  tofu) module=github.com/opentofu/opentofu pkg=./cmd/tofu ;;
  *)
    echo "cli.sh: unknown CLI $name (terraform or tofu)" >&2
    exit 2
    ;;
esac
src="$(go mod download -json "$module@v$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[ -n "$src" ] || { echo "cli.sh: could not download $module v$version" >&2; exit 1; }
work="$(mktemp -d)"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
cp -r "$src/." "$work/"
chmod -R u+w "$work"
# Newer Terraform keeps its remote-state backends (s3, gcs, azure…) in
# nested modules, replaced by directories the module's zip leaves out:
# build without them (no test here uses a remote backend). Each missing
# module loses its replace and require lines, and the lines of the Go
# files (not tests) that import or use it.
while read -r mod dir; do
  [ -e "$work/$dir" ] && continue
  echo "cli.sh: $mod is not in the module's zip; building without it" >&2
  sed -i "\#^replace $mod =>#d; \#^[[:space:]]*$mod v#d" "$work/go.mod"
  { grep -rl --include='*.go' --exclude='*_test.go' "\"$mod\"" "$work" || true; } | while read -r f; do
    alias="$(sed -n "s#^[[:space:]]*\([A-Za-z0-9_]*\)[[:space:]]*\"$mod\"#\1#p" "$f" | head -1)"
    sed -i "\#\"$mod\"#d" "$f"
    [ -n "$alias" ] && sed -i "/[^A-Za-z0-9_]$alias\./d" "$f"
  done
done < <(sed -n 's#^replace \([^ ]*\) => \(\./[^ ]*\)$#\1 \2#p' "$work/go.mod")
(cd "$work" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w" -o "$bin" "$pkg") >&2
echo "$bin"
