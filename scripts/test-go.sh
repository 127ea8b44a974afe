#!/usr/bin/env bash
# The Go peer's tests (Sources/go-peer): go vet and go test with every toolchain it is verified
# for (Sources/go-peer/toolchains.txt), as installed by setup.sh. Extra arguments go to `go test`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/go-env.sh
status=0
for version in $(go_versions); do
    go=$(go_binary "$version") || { echo "test-go: Go $version is not installed; run scripts/setup.sh" >&2; exit 2; }
    echo "test-go: Go $version ($go)" >&2
    (cd Sources/go-peer && env "${go_peer_env[@]}" "$go" vet . && env "${go_peer_env[@]}" "$go" test "$@" .) || status=1
done
exit $status
