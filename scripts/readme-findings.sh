#!/usr/bin/env bash
# Copies the verdicts of results/baseline/report.txt's claims section (its heading, its note and the
# table of verdicts, up to the first claim's details) into README.md's "What mapheap finds", between
# its two marker lines, so that the README says what the committed baseline measured and nothing
# else; each claim's rule and deciding figures stay in the report. scripts/update-baseline.sh default runs it; a test fails when the two disagree.
# Never edit the block by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
report=results/baseline/report.txt
section=$(mktemp)
trap 'rm -f "$section" README.md.tmp' EXIT
# From the section's heading to the line before the first claim's details ("  1. ...") or the next
# numbered heading, trailing blank lines dropped.
awk '/^1\. The claims, settled$/ { on = 1 }
     on && /^[0-9]+\. / && !/^1\. The claims, settled$/ { exit }
     on && /^  [0-9]+\. / { exit }
     on { lines[++n] = $0 }
     END { while (n > 0 && lines[n] == "") n--; for (i = 1; i <= n; i++) print lines[i] }' "$report" > "$section"
if [[ ! -s $section ]]; then
    echo "readme-findings: $report has no \"1. The claims, settled\" section; re-measure with scripts/update-baseline.sh default" >&2
    exit 1
fi
grep -q '^<!-- findings: begin' README.md && grep -q '^<!-- findings: end' README.md || {
    echo "readme-findings: README.md lacks the <!-- findings: begin/end --> markers" >&2
    exit 1
}
awk -v sectionfile="$section" '
    /^<!-- findings: begin/ { print; print "```text"; while ((getline line < sectionfile) > 0) print line; print "```"; skip = 1; next }
    /^<!-- findings: end/ { skip = 0 }
    !skip { print }' README.md > README.md.tmp
mv README.md.tmp README.md
echo "README.md: \"What mapheap finds\" now matches $report"
