#!/usr/bin/env bash
# test_verdicts.sh CAPTURE: siphop's verdicts on CAPTURE (single pass and
# two-pass) match CAPTURE's .expected file, and -Y on the expert field finds
# exactly the delayed-offer INVITEs toward early-offer-only destinations.
#
# SPDX-License-Identifier: GPL-2.0-or-later
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

# Frames whose expected experts include $1 (whole word), space-separated
# (the experts column found by name: real-*.expected have a class column after it).
expected_frames() {
    awk -F'\t' -v e="$1" 'NR == 1 { for (c = 1; c <= NF; c++) if ($c == "experts") col = c; next }
        { n = split($col, xs, ","); for (i = 1; i <= n; i++) if (xs[i] == e) print $1 }' \
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
# Every other expert field as a display filter (two-pass): the fixed ones,
# every failure class's expert the capture expects, and the classes of the
# class-per-class registry absent here (each must find nothing).
class_experts="failure.challenge failure.redirect failure.busy failure.declined failure.no_answer
  failure.routing_policy failure.loop failure.media failure.session_timer failure.unavailable
  failure.delayed_offer failure.reinvite_rejected failure.other"
absent=""
for e in delayed_offer failure_origin failure_relayed hop_missing retransmission copy offer_missing answer_missing \
         no_response link_refused offer_unknown $class_experts; do
    want=$(expected_frames $e)
    if [ -z "$want" ]; then   # all those expected nowhere: one filter
        absent="${absent:+$absent || }siphop.$e"
        continue
    fi
    got=$(filtered_frames siphop.$e -2)
    [ "$got" = "$want" ] || sh_fail "-Y siphop.$e: got '$got', expected '$want'"
done
got=$(filtered_frames "$absent" -2)
[ -z "$got" ] || sh_fail "-Y $absent: got '$got', expected none"
# The class field on every response of a story, where the file has the column.
if head -1 "$expected" | tr '\t' '\n' | grep -qx class; then
    for c in $(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "class") col = i; next }
                          $col != "" { print $col }' "$expected" | sort -u); do
        want=$(awk -F'\t' -v c="$c" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "class") col = i; next }
                                     $col == c { print $1 }' "$expected" | sort -un | tr '\n' ' ')
        got=$(filtered_frames "siphop.failure_class == \"$c\"" -2)
        [ "$got" = "$want" ] || sh_fail "-Y siphop.failure_class == \"$c\": got '$got', expected '$want'"
    done
fi
echo "ok: $(basename "$cap")"
