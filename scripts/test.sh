#!/usr/bin/env bash
# Installs what is missing, then runs the whole test suite.
# Extra arguments go to `swift test`, e.g. `scripts/test.sh --sanitize=address`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec swift test "$@"
