#!/usr/bin/env bash
# Re-measures a committed baseline on purpose: `scripts/update-baseline.sh ci` (results/ci-baseline,
# from bench-configs/ci.json) or `scripts/update-baseline.sh default` (results/baseline, from
# bench-configs/default.json) or `scripts/update-baseline.sh latency` (results/latency, from
# bench-configs/latency.json). Review the diff of summary.csv and growth.csv before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
    ci) config=bench-configs/ci.json; dir=results/ci-baseline ;;
    default) config=bench-configs/default.json; dir=results/baseline ;;
    latency) config=bench-configs/latency.json; dir=results/latency ;;
    *) echo "usage: scripts/update-baseline.sh ci|default|latency" >&2; exit 2 ;;
esac
scripts/setup.sh
swift build -c release --product mapheap
rm -rf "$dir.new"
.build/release/mapheap run "$config" --out "$dir.new"
rm -rf "$dir"
mv "$dir.new" "$dir"
# README's "What mapheap finds" is the default baseline's claims section, copied, never hand-edited.
if [[ $1 == default ]]; then scripts/readme-findings.sh; fi
echo "updated $dir; review with: git diff --stat $dir && git diff $dir/summary.csv $dir/growth.csv"
