#!/usr/bin/env bash
# The Go peer's tests (Sources/go-peer): go vet, go test and gofmt -l with the toolchains CI tests with
# (marked "ci" in Sources/go-peer/toolchains.txt), as installed by setup.sh; with --all-go, with
# every toolchain the peer is verified for (install them with `scripts/setup.sh --go all`), each
# also with every map experiment toolchains.txt lists for it (GOEXPERIMENT=noswissmap, ...).
# Other arguments go to `go test`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/go-env.sh
versions=$(go_ci_versions)
install="scripts/setup.sh"
if [[ ${1:-} == --all-go ]]; then
    versions=$(go_versions)
    install="scripts/setup.sh --go all"
    shift
fi
all=false
[[ $install != scripts/setup.sh ]] && all=true
status=0
for version in $versions; do
    go=$(go_binary "$version") || { echo "test-go: Go $version is not installed; run $install" >&2; exit 2; }
    experiments=("")
    if $all; then
        while read -r experiment; do experiments+=("$experiment"); done < <(go_experiments "$version")
    fi
    for experiment in "${experiments[@]}"; do
        echo "test-go: Go $version${experiment:+ GOEXPERIMENT=$experiment} ($go)" >&2
        (cd Sources/go-peer && env "${go_peer_env[@]}" "GOEXPERIMENT=$experiment" "$go" vet . &&
            env "${go_peer_env[@]}" "GOEXPERIMENT=$experiment" "$go" test "$@" .) || status=1
    done
    # gofmt: the files it would change, named; none is the pass.
    unformatted=$(cd Sources/go-peer && "$(dirname "$go")/gofmt" -l .)
    if [[ -n $unformatted ]]; then
        echo "test-go: not gofmt-formatted (run gofmt -w in Sources/go-peer): $unformatted" >&2
        status=1
    fi
done
exit $status
