#!/usr/bin/env bash
# test_import_roundtrip.sh - logs of all three logging points, converted by
# siphop-import and read by tshark with the siphop plugin, tell the seed's
# story: one call over 3 linked hops, a delayed offer toward Webex (which
# requires early offer) on every hop, the 500 originating on hop 3 and
# relayed on hops 2 and 1, and the second logging point's frames as copies.
# Three variants of hop 1's log give the same story (check_call below):
#   1. cucm-sdl.txt, the CUCM's SDL trace (TCP form), with --date;
#   2. cucm-sdl-udp.txt, the same messages in the SDL UDP form, without
#      --date: the date and the UTC offset (+10:00) from the SIP Date: header;
#   3. cube-ccsip.txt, a CUBE's "debug ccsip messages" in the CUCM's place
#      (the same messages), year from the Date: header.
#
# Env: SIPHOP_PLUGIN, WS_PLUGIN_VERSION (lib.sh), SIPHOP_IMPORT (the tool),
# SIPHOP_LOGS (default: test-captures/logs next to this tree).
#
# SPDX-License-Identifier: GPL-2.0-or-later
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
: "${SIPHOP_IMPORT:?path of siphop-import}"
L=${SIPHOP_LOGS:-$here/../../test-captures/logs}

expect() {   # expect NAME < expected ; compares with $got
    local want
    want=$(cat)
    [ "$got" = "$want" ] || { printf '%s: want:\n%s\ngot:\n%s\n' "$variant" "$want" "$got" >&2; sh_fail "$variant: $1"; }
}

# check_call VARIANT HOP1_NODE IMPORT_ARGS... : convert the logs, then the
# verdicts. HOP1_NODE is the interface of hop 1's logging point (cucm,
# cube). The frame numbers are the same in every variant: hop 1's log holds
# the same four messages at the same UTC times (02:30:03.010 INVITE sent,
# 03.018 100 received, 04.896 500 received, 04.897 ACK sent; the SDL UDP
# trace's 12:30:03.010 local at +10:00, the CUBE's "UTC" times), and no
# Expressway record shares one of those milliseconds, so the merge gives the
# same order (Exp-C 03.015 / 03.016 come between hop 1's 03.010 and 03.018;
# Exp-E's and Exp-C's 04.887-04.894 before hop 1's 04.896 / 04.897, Exp-C's
# ACK 04.899 last).
check_call() {
    variant=$1
    local h1=$2
    shift 2
    out="$SH_HOME/roundtrip-$variant.pcapng"
    "$SIPHOP_IMPORT" -q -o "$out" "$@" || sh_fail "$variant: siphop-import failed"
    chmod a+r "$out"

    # 20 frames, one call, three hops (two passes: every frame knows the call
    # has 3 hops).
    got=$(sh_tshark -2 -r "$out" -T fields -e frame.number -e frame.interface_name -e siphop.call -e siphop.hop \
          -e siphop.hops -e siphop.offer -e siphop.eo_required | sh_bools)
    sed "s/@H1@/$h1/" <<'X' | expect "call, hop, offer per frame"
1	@H1@	1	1	3	delayed	1
2	vcsc	1	1	3	delayed	1
3	vcsc	1	1	3	delayed	1
4	@H1@	1	1	3	delayed	1
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
18	@H1@	1	1	3	delayed	1
19	@H1@	1	1	3	delayed	1
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
    echo "ok: $variant"
}

# Each variant runs on its own (a failing one does not hide the next).
failed=""
# 1. The CUCM's SDL trace (TCP form), dated with --date.
(check_call sdl cucm --date 2015-07-06 "$L/expc-call.log" "$L/expe-call.log" "$L/cucm-sdl.txt") ||
    failed="$failed sdl"

# 2. The SDL UDP form, no --date: the INVITE's Date: header (02:30:04 GMT
# against 12:30:03.010 on the trace's clock) gives 2015-07-06 and +10:00, so
# hop 1's frames fall at the same UTC times as in variant 1 and every table
# above holds unchanged. The four messages are byte-identical to
# cucm-sdl.txt's, so frames 2, 4, 18 and 20 (Exp-C's copies of hop 1) are
# still copies.
(check_call sdl-udp cucm "$L/expc-call.log" "$L/expe-call.log" "$L/cucm-sdl-udp.txt") ||
    failed="$failed sdl-udp"

# 3. A CUBE in the CUCM's place ("debug ccsip messages", interface cube), no
# --date: the year from the Date: header, "UTC" times equal to variant 1's.
# Same messages, same order, so the same frame numbers; only hop 1's
# interface name changes (frames 1, 4, 18, 19).
(check_call cube cube "$L/expc-call.log" "$L/expe-call.log" "$L/cube-ccsip.txt") ||
    failed="$failed cube"

[ -z "$failed" ] || sh_fail "variants failed:$failed"
echo "PASS"
