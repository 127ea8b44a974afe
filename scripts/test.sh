#!/usr/bin/env bash
# Installs what is missing, then runs the whole test suite.
# Extra arguments go to `swift test`, e.g. `scripts/test.sh --sanitize=address`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
for argument in "$@"; do
    if [[ "$argument" == --sanitize=address* || "$argument" == --sanitize*address* ]]; then
        # XCTest's own leaks at exit are not ours; everything else LeakSanitizer finds fails the run.
        export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan-suppressions.txt${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
    fi
done
exec swift test "$@"
