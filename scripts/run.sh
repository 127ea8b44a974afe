#!/usr/bin/env bash
# The main job: installs what is missing, builds mapheap in release, runs a suite, and says
# where the report is. Arguments go to `mapheap run` (default: bench-configs/default.json,
# results in results/latest/), e.g. `scripts/run.sh bench-configs/smoke.json --out /tmp/smoke`.
set -euo pipefail
cd "$(dirname "$0")/.."
# The suite's Go toolchains are installed too (each with a line saying so): the first argument
# that is not an option, else the default suite.
suite=bench-configs/default.json
for argument in "$@"; do
    case $argument in
        -*) ;;
        *.json) suite=$argument; break ;;
    esac
done
if [[ -f $suite ]]; then scripts/setup.sh --suite "$suite"; else scripts/setup.sh; fi
swift build -c release --product mapheap
exec .build/release/mapheap run "$@"
