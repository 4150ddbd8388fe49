#!/usr/bin/env bash
# test_no_answer.sh - an INVITE with no response at all is blamed on the next
# hop ("never answered") only when the capture proves it: the capture sees
# responses at all and its SIP goes on for Timer B (32 s) after the INVITE,
# or the proxy upstream timed it out (the real-408 capture, test_calls.sh).
# Otherwise the verdict says "none ... in the capture" and the INVITE's item
# says why nobody is blamed: the SIP ends too soon after it, or the capture
# holds no response at all (one direction only?).
#
# Captures, merged from the bundled ones (all INVITEs unanswered but 488's):
#   both.pcapng  the seed's first INVITE (2015, call 1); real-488-warning
#                (2026, call 2, with responses); udp-retransmission's first
#                INVITE moved after it (call 3, the last SIP of the capture)
#   req.pcapng   the two INVITEs alone: requests only
#
# SPDX-License-Identifier: GPL-2.0-or-later
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

caps=$SH_REPO/test-captures
cd "$SH_HOME"
{ editcap -r "$caps/seed-delayed-offer-webex.pcapng" seed1.pcapng 1 &&
  editcap -r -t 360373910 "$caps/udp-retransmission.pcapng" udp1.pcapng 1 &&
  mergecap -w both.pcapng seed1.pcapng "$caps/real-488-warning.pcapng" udp1.pcapng &&
  mergecap -w req.pcapng seed1.pcapng udp1.pcapng; } >/dev/null || sh_fail "editcap/mergecap"

# verdict MODE CAPTURE CALL: the call table's verdict column.
verdict() {
    sh_tshark -n -q $1 -r "$2" -z siphop,calls 2>/dev/null |
        awk -F'|' -v n="$3" '$1 ~ /^ *[0-9]+ *$/ && $1 + 0 == n { sub(/ +$/, "", $11); print $11 }'
}
# items CAPTURE: frame and siphop.no_response text of each such INVITE (-2).
items() {
    sh_tshark -n -2 -r "$1" -Y siphop.no_response -T fields -e frame.number -e _ws.expert.message \
        -E occurrence=a -E aggregator='|' 2>/dev/null | sed -E 's/\t.*\|(No response)/\t\1/'
}
expect() {  # expect WHAT GOT WANT
    [ "$2" = "$3" ] || sh_fail "$1: got '$2', expected '$3'"
}

eo='NO ANSWER: no final response to the INVITE (delayed offer toward an early-offer-only destination)'
expc=172.28.21.104:5060
expect "both, call 1, -2" "$(verdict -2 both.pcapng 1)" "$eo; $expc never answered it"
expect "both, call 3, -2" "$(verdict -2 both.pcapng 3)" "$eo; none from $expc in the capture"
# A single pass writes a call's row at its last message: nothing is proven
# there yet (README: "an INVITE never answered ... show with -2").
expect "both, call 1, single pass" "$(verdict "" both.pcapng 1)" "$eo; none from $expc in the capture"
expect "both, the INVITEs' items" "$(items both.pcapng)" "$(printf '%s\n' \
    "1	No response at all to this INVITE on hop 1 in the capture: $expc never answered" \
    "9	No response to this INVITE on hop 1 in the capture, whose SIP ends 0.000 s after it: too soon to say $expc never answered (a client waits 32 s)")"

# Requests only: 100 minutes of SIP after call 1, still nobody to blame.
expect "req, call 1, -2" "$(verdict -2 req.pcapng 1)" "$eo; none from $expc in the capture"
one_way="No response to this INVITE on hop 1, nor any SIP response in the whole capture: it may see one direction only, so it cannot say $expc never answered"
expect "req, the INVITEs' items" "$(items req.pcapng)" "$(printf '%s\n' "1	$one_way" "2	$one_way")"
echo "ok: no answer blamed only when the capture proves it"
