#!/usr/bin/env bash
# Installs what is missing, then runs the whole test suite: the Go peer's tests with each Go
# toolchain (scripts/test-go.sh), then Swift's.
# Extra arguments go to `swift test`, e.g. `scripts/test.sh --sanitize=address`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/test-go.sh
exec swift test "$@"
