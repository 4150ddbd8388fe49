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

# The filter users type: exactly the expected frames, in both modes.
want=$(awk -F'\t' 'NR>1 && $NF ~ /delayed_offer_eo_required/ {print $1}' "$expected" | sort -un | tr '\n' ' ')
for mode in -2 ""; do
    got=$(sh_tshark -r "$in" ${opts[@]+"${opts[@]}"} $mode -Y siphop.delayed_offer_eo_required -T fields -e frame.number | sort -un | tr '\n' ' ')
    [ "$got" = "$want" ] || sh_fail "-Y siphop.delayed_offer_eo_required ${mode:-single pass}: got '$got', expected '$want'"
done
echo "ok: $(basename "$cap")"
