#!/usr/bin/env bash
# The anomaly detector on the Numenta Anomaly Benchmark (../shared/nab), through the product's
# own alert path (`score-series --alerts`): fails when the standard-profile score drops below
# the bar. Usage: nab_accuracy.sh SOURCE_DIR BUILD_DIR MINIMUM
set -euo pipefail
source_dir=$1 build_dir=$2 minimum=$3
nab=${NAB_DIR:-$source_dir/../shared/nab}
if [ ! -f "$nab/score.py" ]; then
    echo "NAB corpus not found at $nab (shared/ must be beside the checkout)" >&2
    exit 1
fi
results="$build_dir/nab-accuracy"
cd "$source_dir"
out=$(NAB_DIR="$nab" tools/nab-score "$results" -- --alerts)
echo "$out"
score=$(echo "$out" | awk '$1 == "standard" { print $2 }')
awk -v s="$score" -v m="$minimum" 'BEGIN { exit !(s >= m) }' || { echo "NAB standard score $score is below $minimum" >&2; exit 1; }
