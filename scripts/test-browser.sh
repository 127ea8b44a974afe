#!/usr/bin/env bash
# The browser test of report.html: renders the page from the CI suite's committed output
# (results/ci-baseline's CSVs, in a temporary directory) with the debug mapheap, opens it in
# headless Chromium (scripts/browser-test.py) and saves a screenshot to results/latest-ci/report.png
# (git-ignored; CI keeps it as an artifact). Needs Debian's chromium: scripts/setup.sh --browser.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product mapheap >/dev/null
page_dir=$(mktemp -d)
trap 'rm -rf "$page_dir"' EXIT
cp results/ci-baseline/*.csv "$page_dir/"
.build/debug/mapheap report "$page_dir" --claims bench-configs/claims.json >/dev/null
size=$(stat -c %s "$page_dir/report.html")
echo "browser: report.html of the CI suite is $size bytes"
mkdir -p results/latest-ci
exec python3 scripts/browser-test.py "$page_dir/report.html" bench-configs/claims.json results/latest-ci/report.png
