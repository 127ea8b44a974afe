#!/usr/bin/env bash
# Installs what is missing, then runs the whole test suite: the Go peer's tests with each Go
# toolchain (scripts/test-go.sh), Swift's, then report.html in headless Chromium
# (scripts/test-browser.sh).
# Extra arguments go to `swift test`, e.g. `scripts/test.sh --sanitize=address`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser
scripts/test-go.sh
swift test "$@"
exec scripts/test-browser.sh
