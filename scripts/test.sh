#!/usr/bin/env bash
# Installs what is missing, then runs the whole test suite: the Go peer's tests with each Go
# toolchain CI tests with (scripts/test-go.sh), Swift's, then report.html in headless Chromium
# (scripts/test-browser.sh).
#
#   scripts/test.sh [swift test arguments]            CI's toolchains (Go 1.23.9 and 1.27.3)
#   scripts/test.sh --all-go [swift test arguments]   every release the Go peer is verified for
#       (Sources/go-peer/toolchains.txt: 1.21 to 1.27): installs them (setup.sh --go all), runs the
#       peer's go tests with each, and sets MAPHEAP_ALL_GO=1 so that the Swift tests against the
#       real Go runtime (Tests/MapHeapMeasureTests/VersionMatrixTests.swift) run for each too.
# Extra arguments go to `swift test`, e.g. `scripts/test.sh --sanitize=address`.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ${1:-} == --all-go ]]; then
    shift
    scripts/setup.sh --browser --go all
    scripts/test-go.sh --all-go
    MAPHEAP_ALL_GO=1 swift test "$@"
    exec scripts/test-browser.sh
fi
scripts/setup.sh --browser
scripts/test-go.sh
swift test "$@"
exec scripts/test-browser.sh
