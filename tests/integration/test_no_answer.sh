#!/usr/bin/env bash
# test_no_answer.sh - an INVITE with no response at all is blamed on the next
# hop ("never answered") only when the capture proves it: its SIP goes on for
# Timer B (32 s) after the INVITE, or the proxy upstream timed it out (the
# real-408 capture, test_calls.sh). When the capture's SIP simply ends first,
# the verdict says "none ... in the capture" and the INVITE's item says how
# soon the capture ends: too soon to blame anyone.
#
# The capture: the seed's first INVITE (CUCM -> Expressway-C, 02:30:03) and,
# merged, the first INVITE of udp-retransmission (04:12:09, another call);
# neither answered. Call 1 is followed by 100 minutes of SIP, call 2 by none.
#
# SPDX-License-Identifier: GPL-2.0-or-later
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

caps=$SH_REPO/test-captures
editcap -r "$caps/seed-delayed-offer-webex.pcapng" "$SH_HOME/a.pcapng" 1 >/dev/null &&
    editcap -r "$caps/udp-retransmission.pcapng" "$SH_HOME/b.pcapng" 1 >/dev/null &&
    mergecap -w "$SH_HOME/cap.pcapng" "$SH_HOME/a.pcapng" "$SH_HOME/b.pcapng" || sh_fail "editcap/mergecap"
cap=$SH_HOME/cap.pcapng

# verdict MODE CALL: the call table's verdict column.
verdict() {
    sh_tshark -n -q $1 -r "$cap" -z siphop,calls 2>/dev/null |
        awk -F'|' -v n="$2" '$1 + 0 == n && $1 ~ /^ *[0-9]+ *$/ { sub(/ +$/, "", $11); print $11 }'
}
expect() {  # expect WHAT GOT WANT
    [ "$2" = "$3" ] || sh_fail "$1: got '$2', expected '$3'"
}

eo='NO ANSWER: no final response to the INVITE (delayed offer toward an early-offer-only destination)'
expect "call 1, -2" "$(verdict -2 1)" "$eo; 172.28.21.104:5060 never answered it"
expect "call 2, -2" "$(verdict -2 2)" "$eo; none from 172.28.21.104:5060 in the capture"
# A single pass writes a call's row at its last message: nothing is proven
# yet there (README: "an INVITE never answered ... show with -2").
expect "call 1, single pass" "$(verdict "" 1)" "$eo; none from 172.28.21.104:5060 in the capture"
expect "call 2, single pass" "$(verdict "" 2)" "$eo; none from 172.28.21.104:5060 in the capture"

got=$(sh_tshark -n -2 -r "$cap" -Y siphop.no_response -T fields -e frame.number -e _ws.expert.message \
          -E occurrence=a -E aggregator='|' 2>/dev/null | sed -E 's/\t.*\|(No response)/\t\1/')
want=$(printf '%s\n' \
    "1	No response at all to this INVITE on hop 1 in the capture: 172.28.21.104:5060 never answered" \
    "2	No response to this INVITE on hop 1 in the capture, whose SIP ends 0.000 s after it: too soon to say 172.28.21.104:5060 never answered (a client waits 32 s)")
expect "the INVITEs' items, -2" "$got" "$want"
echo "ok: no answer blamed only when the capture proves it"
