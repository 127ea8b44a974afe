# Sourced by the scripts that use the Go toolchains (setup.sh, test-go.sh). Not run on its own.
#
# go_toolchains: the folder toolchains are installed in (MAPHEAP_TOOLCHAINS, else .toolchains/).
# go_binary VERSION: prints the `go` of Go VERSION: .toolchains/goVERSION/go/bin/go, else a `go`
#   on PATH that is exactly that version; fails (status 1, nothing printed) when neither is.
# go_peer_env: the environment every Go command of the project runs with: no toolchain switch
#   and no download (GOTOOLCHAIN=local, GOPROXY=off), no user go.env, no cgo, the build cache
#   beside the toolchains, and none of the shell's target or runtime settings (GOARCH, GOGC...:
#   the names of GoToolchains.uncontrolledVariables, Sources/MapHeapRun/GoEnvironment.swift, which a
#   test checks against this list).

go_toolchains=${MAPHEAP_TOOLCHAINS:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.toolchains}

go_binary() {
    local version=$1 candidate
    candidate=$go_toolchains/go$version/go/bin/go
    if [[ -x $candidate ]] && [[ $(GOTOOLCHAIN=local GOENV=off "$candidate" env GOVERSION 2>/dev/null) == "go$version" ]]; then
        echo "$candidate"
        return 0
    fi
    candidate=$(command -v go 2>/dev/null) || return 1
    if [[ $(GOTOOLCHAIN=local GOENV=off "$candidate" env GOVERSION 2>/dev/null) == "go$version" ]]; then
        echo "$candidate"
        return 0
    fi
    return 1
}

go_unset=(GOGC GOMEMLIMIT GODEBUG GOMAXPROCS GOTRACEBACK GOARCH GOOS GOAMD64 GOARM GOARM64 GO386 GOPPC64 GORISCV64
    GOMIPS GOMIPS64 GOWASM GOFLAGS GOFIPS140 GOEXPERIMENT GOBIN GOWORK GO111MODULE GOPATH CC CGO_CFLAGS CGO_LDFLAGS)
go_peer_env=()
for _go_name in "${go_unset[@]}"; do go_peer_env+=(-u "$_go_name"); done
go_peer_env+=(GOTOOLCHAIN=local GOPROXY=off GOENV=off GOFLAGS= CGO_ENABLED=0 "GOCACHE=$go_toolchains/go-cache")

# go_versions: every verified toolchain (Sources/go-peer/toolchains.txt), one a line.
go_versions() {
    sed 's/#.*//' "$(dirname "${BASH_SOURCE[0]}")/../Sources/go-peer/toolchains.txt" | awk 'NF { print $1 }'
}

# go_experiments VERSION: the map GOEXPERIMENTs toolchains.txt lists for VERSION, one a line.
go_experiments() {
    sed 's/#.*//' "$(dirname "${BASH_SOURCE[0]}")/../Sources/go-peer/toolchains.txt" |
        awk -v v="$1" '$1 == v { for (i = 2; i <= NF; i++) if ($i ~ /^experiments=/) print substr($i, 13) }' |
        tr ',' '\n' | grep -v '^$' || true
}

# go_ci_versions: the verified toolchains marked "ci" (CI's Go tests; installed by default).
go_ci_versions() {
    sed 's/#.*//' "$(dirname "${BASH_SOURCE[0]}")/../Sources/go-peer/toolchains.txt" | awk '$2 == "ci" { print $1 }'
}
