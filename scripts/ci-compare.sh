#!/usr/bin/env bash
# The CI benchmark gate: builds in release, runs the CI suite, and compares it with the committed
# baseline in results/ci-baseline/. Deterministic figures (growth counts, final B, overflow
# buckets, the map's own bytes) must be equal; jemalloc byte figures within 1%.
# Exit status: 0 all hold, 1 regression, 2 bad input.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
out="${1:-results/latest-ci}"
swift build -c release --product mapheap
.build/release/mapheap run bench-configs/ci.json --out "$out" --quiet
exec .build/release/mapheap compare results/ci-baseline "$out" --thresholds bench-configs/thresholds.json
