#!/usr/bin/env bash
# make release-local: the release for this machine's platform only, in
# dist/, as .goreleaser.yml builds it with its goos and goarch narrowed
# (about a minute once goreleaser is built, against 15 minutes or more for
# the 30 platforms of make release-snapshot). With --config-only it prints
# the narrowed configuration's path and builds nothing (test-install uses
# it with signing on). It ends by saying how to install the zip.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
goos="$(go env GOOS)" goarch="$(go env GOARCH)"
config="$(mktemp -d)/goreleaser.yml"
sed -e "s/^\( *goos:\) \[.*/\1 [$goos]/" -e "s/^\( *goarch:\) \[.*/\1 [$goarch]/" .goreleaser.yml >"$config"
if [ "${1:-}" = --config-only ]; then
  echo "$config"
  exit 0
fi
make -s "$root/bin/goreleaser" >/dev/null
"$root/bin/goreleaser" release --snapshot --clean --skip=sign --config "$config"
zip="$(ls dist/terraform-provider-hss_*_"${goos}_${goarch}".zip)"
version="$(basename "$zip" | sed -E "s/^terraform-provider-hss_(.*)_${goos}_${goarch}\.zip$/\1/")"
cat <<MSG

Built $zip (version $version).
To install it from a filesystem mirror:
  mkdir -p ~/.terraform.d/mirror/registry.terraform.io/hss-community/hss
  cp $zip ~/.terraform.d/mirror/registry.terraform.io/hss-community/hss/
with, in ~/.terraformrc:
  provider_installation {
    filesystem_mirror {
      path    = "$HOME/.terraform.d/mirror"
      include = ["registry.terraform.io/hss-community/hss"]
    }
    direct {
      exclude = ["registry.terraform.io/hss-community/hss"]
    }
  }
and in the configuration: version = "= $version"
MSG
