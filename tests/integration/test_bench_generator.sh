#!/usr/bin/env bash
# test_bench_generator.sh: the benchmark's capture generator
# (tests/captures/gen-bench-capture.py) makes captures siphop reads the way the
# generator's own model says: 50 calls -> siphop numbers 50 calls, and as many
# delayed_offer_eo_required and failure_origin items as --summary predicts.
# A smoke test of the generator; the benchmark itself (bench/) is not a test.
#
# SPDX-License-Identifier: GPL-2.0-or-later
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

calls=50
cap=$SH_HOME/bench-$calls.pcapng
python3 "$SH_REPO/tests/captures/gen-bench-capture.py" --calls "$calls" --seed 7 -o "$cap" --summary \
    > "$SH_HOME/summary.json" || sh_fail "gen-bench-capture.py failed"
expect() {
    python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["expected_experts"][sys.argv[2]])' \
        "$SH_HOME/summary.json" "$1"
}
want_eo=$(expect delayed_offer_eo_required)
want_fail=$(expect failure_origin)
[ "$want_eo" -gt 0 ] && [ "$want_fail" -gt 0 ] || sh_fail "the model has no delayed offer toward Webex or no failure: vacuous"

sh_tshark -r "$cap" -2 -T pdml > "$SH_HOME/two.pdml" 2> "$SH_HOME/err" || { cat "$SH_HOME/err" >&2; sh_fail "tshark -2 failed"; }
max_call=$(grep -o '<field name="siphop.call" [^>]*show="[0-9]*"' "$SH_HOME/two.pdml" |
           sed 's/.*show="\([0-9]*\)"/\1/' | sort -n | tail -1)
[ "$max_call" = "$calls" ] || sh_fail "max siphop.call is '$max_call', expected $calls"
got_eo=$(grep -c 'name="siphop.delayed_offer_eo_required"' "$SH_HOME/two.pdml" || true)
[ "$got_eo" = "$want_eo" ] || sh_fail "$got_eo delayed_offer_eo_required items, the generator's model says $want_eo"
got_fail=$(grep -c 'name="siphop.failure_origin"' "$SH_HOME/two.pdml" || true)
[ "$got_fail" = "$want_fail" ] || sh_fail "$got_fail failure_origin items, the generator's model says $want_fail"
echo "ok: $calls calls, $got_eo delayed_offer_eo_required, $got_fail failure_origin"
