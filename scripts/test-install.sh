#!/usr/bin/env bash
# make test-install: the release installs the way users get it. It builds
# the release as make release-snapshot does (for this machine's platform
# only: the same configuration with its goos and goarch narrowed, so it
# takes seconds, not minutes), signs its SHA256SUMS with a throwaway GPG
# key made here, serves it from a loopback HTTPS server that speaks the
# provider registry protocol (tools/testregistry, its certificate trusted
# through SSL_CERT_FILE), and has each CLI install the provider by a source
# address on that host with `init` (which checks the checksums and the
# signature and writes the lock file), then apply the demo configuration
# against the simulator. Then it breaks the signature, a checksum and the
# protocol version in turn, and wants `init` to refuse each.
# CLIs: the one make test uses, and every one scripts/cli.sh has built.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. scripts/hermetic.sh
bin="$root/bin"

work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

wait_for() { # FILE PID WHAT
  for _ in $(seq 1 200); do
    [ -s "$1" ] && return 0
    kill -0 "$2" 2>/dev/null || { cat "$work/registry.log" >&2 2>/dev/null; echo "test-install: $3 exited" >&2; return 1; }
    sleep 0.05
  done
  echo "test-install: $3 did not start within 10 s" >&2
  return 1
}

# A throwaway signing key, and another key that must not be trusted.
export GNUPGHOME="$work/gnupg"
mkdir -m 700 "$GNUPGHOME"
for who in release-test other; do
  gpg --batch --quiet --no-tty --pinentry-mode loopback --passphrase '' \
    --quick-gen-key "HSS $who <$who@localhost>" rsa3072 sign 1d 2>/dev/null
done
key_id="$(gpg --quiet --list-keys --with-colons release-test@localhost | awk -F: '$1 == "pub" { print $5; exit }')"
# The release configuration signs SHA256SUMS with this key, as a release does.
export GPG_FINGERPRINT="$(gpg --quiet --list-keys --with-colons release-test@localhost | awk -F: '$1 == "fpr" { print $10; exit }')"
gpg --armor --export release-test@localhost >"$work/key.asc"

# The release, for this platform.
goos="$(go env GOOS)" goarch="$(go env GOARCH)"
make -s "$bin/goreleaser" >/dev/null
"$bin/goreleaser" release --snapshot --clean --config "$(scripts/release-local.sh --config-only)" >"$work/goreleaser.log" 2>&1 ||
  { cat "$work/goreleaser.log" >&2; echo "test-install: the release did not build" >&2; exit 1; }
sums="$(ls dist/*_SHA256SUMS)"
version="$(basename "$sums" | sed -E 's/^terraform-provider-hss_(.*)_SHA256SUMS$/\1/')"
[ -s "$sums.sig" ] || { cat "$work/goreleaser.log" >&2; echo "test-install: the release is not signed" >&2; exit 1; }
# What the release uploads beside the zips (its extra_files): the manifest.
cp terraform-registry-manifest.json "dist/terraform-provider-hss_${version}_manifest.json"
# The simulator ships beside the provider, with checksums of its own, and
# outside the provider's SHA256SUMS (which the registries read).
simzip="dist/hss-simulator_${version}_${goos}_${goarch}.zip"
[ -s "$simzip" ] && (cd dist && sha256sum --quiet -c "$(basename "$simzip").sha256") ||
  { ls dist >&2; echo "test-install: the release has no simulator archive with its checksum" >&2; exit 1; }
if grep -q hss-simulator "$sums"; then
  echo "test-install: SHA256SUMS lists the simulator; the registries expect the provider's zips only" >&2
  exit 1
fi
mkdir -p "$work/simulator" && unzip -q "$simzip" -d "$work/simulator"
# A signature by a key the registry does not name, for the broken case.
gpg --batch --yes --local-user other@localhost --detach-sign --output "$sums.other.sig" "$sums"
echo "test-install: release $version for ${goos}_$goarch, SHA256SUMS signed by key $key_id"

(cd tools && go build -o "$bin/testregistry" ./testregistry)

# registry BREAK: start a registry (BREAK empty, or what to break); sets
# $host and $cert.
registry() {
  rm -f "$work/registry.addr"
  "$bin/testregistry" -dist dist -key "$work/key.asc" -key-id "$key_id" -addr-file "$work/registry.addr" \
    -cert-file "$work/registry.pem" -break "$1" 2>"$work/registry.log" &
  pids+=($!)
  wait_for "$work/registry.addr" $! "the registry"
  host="$(cat "$work/registry.addr")"
}

# config DIR: the demo configuration, its provider from the test registry.
config() {
  mkdir -p "$1"
  sed -e "s|source = \"hss-community/hss\"|source  = \"$host/hss-community/hss\"\n      version = \"$version\"|" \
    examples/demo/main.tf >"$1/main.tf"
  : >"$1/terraformrc" # no dev_overrides, no mirrors: the registry only
}

clis=("terraform $(scripts/terraform.sh)")
while read -r name cli_version path; do
  [ "$name" = tofu ] && clis+=("tofu $path")
done < <(scripts/cli.sh --built)

failed=0
for entry in "${clis[@]}"; do
  read -r name cli <<<"$entry"
  run() { # DIR ARGS…: the CLI in DIR, trusting the registry's certificate
    local dir="$1"
    shift
    (cd "$dir" && env SSL_CERT_FILE="$work/registry.pem" TF_CLI_CONFIG_FILE="$dir/terraformrc" \
      CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 "$cli" "$@" -no-color)
  }

  registry ""
  dir="$work/$name-ok"
  config "$dir"
  if ! run "$dir" init -input=false >"$dir/init.log" 2>&1; then
    cat "$dir/init.log" >&2
    echo "FAIL $name: init did not install the release" >&2
    failed=1
    continue
  fi
  grep -E "Installed $host/hss-community/hss v$version \((signed|self-signed)" "$dir/init.log" >/dev/null ||
    { cat "$dir/init.log" >&2; echo "FAIL $name: init did not say it checked the signature" >&2; failed=1; }
  grep -q "zh:$(sha256sum "dist/terraform-provider-hss_${version}_${goos}_${goarch}.zip" | cut -d' ' -f1)" "$dir/.terraform.lock.hcl" ||
    { cat "$dir/.terraform.lock.hcl" >&2; echo "FAIL $name: the lock file lacks the zip's checksum" >&2; failed=1; }

  rm -f "$work/sim.addr"
  # The released simulator, as users run it in their CI.
  "$work/simulator/hss-simulator" -listen 127.0.0.1:0 -addr-file "$work/sim.addr" -seed examples/demo/seed.json 2>/dev/null &
  sim=$!
  pids+=($sim)
  wait_for "$work/sim.addr" $sim "the simulator"
  if run "$dir" apply -auto-approve -input=false -var "endpoint=$(cat "$work/sim.addr")" >"$dir/apply.log" 2>&1; then
    echo "ok   $name: init installed v$version from $host (checksums and signature checked, lock file written), and the demo applied against the released simulator"
  else
    cat "$dir/apply.log" >&2
    echo "FAIL $name: the installed provider did not apply the demo" >&2
    failed=1
  fi
  kill "$sim" 2>/dev/null || true

  for what in signature checksum protocol; do
    registry "$what"
    dir="$work/$name-$what"
    config "$dir"
    if run "$dir" init -input=false >"$dir/init.log" 2>&1; then
      cat "$dir/init.log" >&2
      echo "FAIL $name: init accepted a release with a wrong $what" >&2
      failed=1
    else
      echo "ok   $name: init refused a wrong $what: $(grep -m1 -E 'Error:' "$dir/init.log" | sed 's/^[│ ]*//')"
    fi
  done

  # The filesystem mirror README.md spells out: the zip as released, in
  # MIRROR/HOST/hss-community/hss/, and the exact constraint a snapshot's
  # pre-release version needs. A bare source address names the CLI's own
  # registry host.
  reghost=registry.terraform.io
  [ "$name" = tofu ] && reghost=registry.opentofu.org
  dir="$work/$name-mirror"
  mkdir -p "$dir" "$work/$name-mirror-root/$reghost/hss-community/hss"
  cp "dist/terraform-provider-hss_${version}_${goos}_${goarch}.zip" "$work/$name-mirror-root/$reghost/hss-community/hss/"
  sed -e "s|source = \"hss-community/hss\"|source  = \"hss-community/hss\"\n      version = \"= $version\"|" \
    examples/demo/main.tf >"$dir/main.tf"
  printf 'provider_installation {\n  filesystem_mirror {\n    path = "%s"\n  }\n}\n' "$work/$name-mirror-root" >"$dir/terraformrc"
  if run "$dir" init -input=false >"$dir/init.log" 2>&1 && grep -q "hss-community/hss v$version" "$dir/init.log"; then
    echo "ok   $name: init installed v$version from a filesystem mirror, pinned with version = \"= $version\""
  else
    cat "$dir/init.log" >&2
    echo "FAIL $name: init did not install the release from a filesystem mirror" >&2
    failed=1
  fi
done
rm -rf dist
exit $failed
