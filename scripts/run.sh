#!/usr/bin/env bash
# The main job: installs what is missing, builds mapheap in release, runs a suite, and says
# where the report is. Arguments go to `mapheap run` (default: bench-configs/default.json,
# results in results/latest/), e.g. `scripts/run.sh bench-configs/smoke.json --out /tmp/smoke`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product mapheap
exec .build/release/mapheap run "$@"
