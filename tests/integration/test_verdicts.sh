#!/usr/bin/env bash
# test_verdicts.sh CAPTURE: siphop's verdicts on CAPTURE (single pass and
# two-pass) match CAPTURE's .expected file, and -Y on the expert field finds
# exactly the delayed-offer INVITEs toward early-offer-only destinations.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
cap=$1
expected=${cap%.pcapng}.expected
[ -f "$expected" ] || sh_fail "no $expected"
in=$(sh_readable "$cap")
# Options a capture needs (one argument per line, # comments), e.g. a merged
# capture of one TCP stream at two points needs TCP sequence analysis off.
opts=()
if [ -f "${cap%.pcapng}.options" ]; then
    while IFS= read -r line; do
        case "$line" in ''|'#'*) ;; *) opts+=("$line") ;; esac
    done < "${cap%.pcapng}.options"
fi

sh_tshark -r "$in" ${opts[@]+"${opts[@]}"} -2 -T pdml > "$SH_HOME/two.pdml" || sh_fail "tshark -2 failed on $cap"
python3 "$here/compare_verdicts.py" "$expected" "$SH_HOME/two.pdml" || sh_fail "two-pass verdicts differ"
sh_tshark -r "$in" ${opts[@]+"${opts[@]}"} -T pdml > "$SH_HOME/one.pdml" || sh_fail "tshark failed on $cap"
python3 "$here/compare_verdicts.py" "$expected" "$SH_HOME/one.pdml" --single-pass || sh_fail "single-pass verdicts differ"

# Frames whose expected experts include $1 (whole word), space-separated.
expected_frames() {
    awk -F'\t' -v e="$1" 'NR>1 { n = split($NF, xs, ","); for (i = 1; i <= n; i++) if (xs[i] == e) print $1 }' \
        "$expected" | sort -un | tr '\n' ' '
}
filtered_frames() {  # filtered_frames FILTER [tshark args]
    local f=$1; shift
    sh_tshark -r "$in" ${opts[@]+"${opts[@]}"} "$@" -Y "$f" -T fields -e frame.number | sort -un | tr '\n' ' '
}

# The filter users type most: exactly the expected frames, in both modes.
want=$(expected_frames delayed_offer_eo_required)
for mode in -2 ""; do
    got=$(filtered_frames siphop.delayed_offer_eo_required $mode)
    [ "$got" = "$want" ] || sh_fail "-Y siphop.delayed_offer_eo_required ${mode:-single pass}: got '$got', expected '$want'"
done
# Every other expert field as a display filter (two-pass).
for e in delayed_offer failure_origin failure_relayed hop_missing retransmission copy offer_missing answer_missing; do
    want=$(expected_frames $e)
    got=$(filtered_frames siphop.$e -2)
    [ "$got" = "$want" ] || sh_fail "-Y siphop.$e: got '$got', expected '$want'"
done
echo "ok: $(basename "$cap")"
