#!/usr/bin/env bash
# test_import_roundtrip.sh - logs of all three logging points, converted by
# siphop-import and read by tshark with the siphop plugin, tell the seed's
# story: one call over 3 linked hops, a delayed offer toward Webex (which
# requires early offer) on every hop, the 500 originating on hop 3 and
# relayed on hops 2 and 1, and the second logging point's frames as copies.
#
# Env: SIPHOP_PLUGIN, WS_PLUGIN_VERSION (lib.sh), SIPHOP_IMPORT (the tool),
# SIPHOP_LOGS (default: test-captures/logs next to this tree).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
: "${SIPHOP_IMPORT:?path of siphop-import}"
L=${SIPHOP_LOGS:-$here/../../test-captures/logs}

out="$SH_HOME/roundtrip.pcapng"
"$SIPHOP_IMPORT" -q -o "$out" --date 2015-07-06 "$L/expc-call.log" "$L/expe-call.log" "$L/cucm-sdl.txt" ||
    sh_fail "siphop-import failed"
chmod a+r "$out"

expect() {   # expect NAME < expected ; compares with $got
    local want
    want=$(cat)
    [ "$got" = "$want" ] || { printf 'want:\n%s\ngot:\n%s\n' "$want" "$got" >&2; sh_fail "$1"; }
}

# 20 frames, one call, three hops (two passes: every frame knows the call
# has 3 hops).
got=$(sh_tshark -2 -r "$out" -T fields -e frame.number -e frame.interface_name -e siphop.call -e siphop.hop \
      -e siphop.hops -e siphop.offer -e siphop.eo_required | sh_bools)
expect "call, hop, offer per frame" <<'X'
1	cucm	1	1	3	delayed	1
2	vcsc	1	1	3	delayed	1
3	vcsc	1	1	3	delayed	1
4	cucm	1	1	3	delayed	1
5	vcsc	1	2	3	delayed	1
6	vcse	1	2	3	delayed	1
7	vcse	1	2	3	delayed	1
8	vcsc	1	2	3	delayed	1
9	vcse	1	3	3	delayed	1
10	vcse	1	3	3	delayed	1
11	vcse	1	3	3	delayed	1
12	vcse	1	3	3	delayed	1
13	vcse	1	2	3	delayed	1
14	vcsc	1	2	3	delayed	1
15	vcsc	1	2	3	delayed	1
16	vcsc	1	1	3	delayed	1
17	vcse	1	2	3	delayed	1
18	cucm	1	1	3	delayed	1
19	cucm	1	1	3	delayed	1
20	vcsc	1	1	3	delayed	1
X

# Hops linked through the Via chain, hop by hop.
got=$(sh_tshark -2 -r "$out" -Y 'sip.Method == "INVITE" && !siphop.copy' -T fields -e frame.number -e siphop.hop \
      -e siphop.link | cut -c1-39)
expect "INVITE links" <<'X'
1	1	none: first leg of call 1 seen
5	2	via-chain: the Via stack is hop 1's
9	3	via-chain: the Via stack is hop 2's
X

# Delayed offer toward a destination that requires early offer, per hop.
got=$(sh_tshark -2 -r "$out" -Y siphop.delayed_offer_eo_required -T fields -e frame.number -e siphop.hop)
expect "delayed offer toward Webex" <<'X'
1	1
5	2
9	3
X

# The 500 originates on hop 3 (Webex, logged by Exp-E) ...
got=$(sh_tshark -2 -r "$out" -Y siphop.failure_origin -T fields -e frame.number -e siphop.hop -e sip.Status-Code \
      -e siphop.origin.warning.text)
expect "500 origin" <<'X'
11	3	500	Invalid content in far end 200 OK
X
# ... and is relayed on hop 2 and hop 1, pointing at hop 3.
got=$(sh_tshark -2 -r "$out" -Y 'siphop.failure_relayed && !siphop.copy' -T fields -e frame.number \
      -e siphop.hop -e siphop.origin_hop)
expect "500 relayed" <<'X'
13	2	3
16	1	3
X

# The receiving point's frame of each hop-1/hop-2 message is a copy.
got=$(sh_tshark -2 -r "$out" -Y siphop.copy -T fields -e frame.number | tr '\n' ' ')
expect "copies" <<'X'
2 4 6 8 14 17 18 20 
X
got=$(sh_tshark -2 -r "$out" -Y 'siphop.hop_missing || siphop.retransmission' | wc -l)
expect "nothing missing, no retransmissions" <<'X'
0
X
echo "PASS"
