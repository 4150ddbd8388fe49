#!/usr/bin/env bash
# run-fuzz.sh TARGET SEEDS SECONDS [MAX_LEN] - a bounded libFuzzer run.
#
# 1. Every committed seed (SEEDS) and every saved reproducer
#    (regressions/<name>/, if any) runs once: a fixed bug stays fixed.
# 2. Then TARGET fuzzes for SECONDS with a fixed -seed, writing new inputs
#    into a scratch corpus given *first*, so SEEDS (read second) never changes.
# A crash, sanitizer report, leak, timeout (10 s per input) or an input
# needing more than 2 GiB fails the run; the input is kept as
# <scratch>/crash-* and printed in hex so a CI log is enough to reproduce.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

target=$1 seeds=$2 seconds=$3 max_len=${4:-4096}
name=$(basename "$target")
here=$(cd "$(dirname "$0")" && pwd)
work=${FUZZ_WORK:-$(dirname "$target")/$name.work}
rm -rf "$work"
mkdir -p "$work/scratch" "$work/artifacts"

dirs=("$seeds")
[ -d "$here/regressions/${name#fuzz_}" ] && dirs+=("$here/regressions/${name#fuzz_}")

opts=(-timeout=10 -rss_limit_mb=2048 -max_len="$max_len" -artifact_prefix="$work/artifacts/"
      -print_final_stats=1)
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

show() {
    for f in "$work"/artifacts/*; do
        [ -f "$f" ] || continue
        echo "=== reproducer $f ($(wc -c < "$f") bytes): $target $f"
        od -A d -t x1 -v "$f" | head -64
    done
}

status=0
# Seeds and reproducers, each once (no mutation).
files=()
for d in "${dirs[@]}"; do
    for f in "$d"/*; do [ -f "$f" ] && files+=("$f"); done
done
if [ ${#files[@]} -gt 0 ]; then
    "$target" "${opts[@]}" "${files[@]}" > "$work/seeds.log" 2>&1 || status=$?
    if [ "$status" != 0 ]; then
        tail -60 "$work/seeds.log"
        echo "FAIL: $name on a committed input"
        exit 1
    fi
fi
echo "ok: $name ran ${#files[@]} committed inputs"

# Bounded fuzzing.
"$target" "${opts[@]}" -seed=1 -max_total_time="$seconds" "$work/scratch" "${dirs[@]}" \
    > "$work/fuzz.log" 2>&1 || status=$?
grep -E '^stat::(number_of_executed_units|peak_rss_mb|new_units_added)' "$work/fuzz.log" || true
if [ "$status" != 0 ]; then
    grep -v '^#[0-9]' "$work/fuzz.log" | tail -80
    show
    echo "FAIL: $name found a failing input (exit $status)"
    exit 1
fi
echo "ok: $name fuzzed ${seconds}s"
