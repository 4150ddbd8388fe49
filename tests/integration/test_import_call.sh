#!/usr/bin/env bash
# test_import_call.sh - the whole seed call from three logging points
# (CUCM SDL trace, Expressway-C, Expressway-E) merged into one capture.
#
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/import_lib.sh"

out=$IMP_TMP/call.pcapng
imp_run "$out" 0 --date 2015-07-06 "$L/expc-call.log" "$L/expe-call.log" "$L/cucm-sdl.txt"
imp_all_sip "$out"
imp_grep "$out.err" '45 records read from 3 sources, 20 SIP messages written .* \(3 interfaces\), 25 skipped'
imp_grep "$out.err" 'skipped 16 info summaries'
imp_grep "$out.err" 'skipped 9 other records'
# Per source: the format it was read as.
imp_grep "$out.err" '^siphop-import:   expc-call.log: Expressway diagnostic log, 8 SIP messages$'
imp_grep "$out.err" '^siphop-import:   expe-call.log: Expressway diagnostic log, 8 SIP messages$'
imp_grep "$out.err" '^siphop-import:   cucm-sdl.txt: CUCM SDL trace, 4 SIP messages'

# Time order across files; hop 1 = CUCM <-> Exp-C (TCP 5560 -> 5060),
# hop 2 = Exp-C <-> Exp-E (TLS 25048 -> 7011), hop 3 = Exp-E <-> Webex
# (TLS 25129 -> 5061, the peer logged as text). Port type 2 = TCP.
imp_fields "$out" frame.number frame.time_epoch frame.interface_name sip.Method sip.Status-Code \
    exported_pdu.ipv4_src exported_pdu.src_port exported_pdu.ipv4_dst exported_pdu.dst_port \
    exported_pdu.port_type >"$IMP_TMP/got"
imp_expect "call frames" "$IMP_TMP/got" <<'X'
1	1436149803.010000000	cucm	INVITE		172.28.21.100	5560	172.28.21.104	5060	2
2	1436149803.015000000	vcsc	INVITE		172.28.21.100	5560	172.28.21.104	5060	2
3	1436149803.016000000	vcsc		100	172.28.21.104	5060	172.28.21.100	5560	2
4	1436149803.018000000	cucm		100	172.28.21.104	5060	172.28.21.100	5560	2
5	1436149803.024000000	vcsc	INVITE		172.28.21.104	25048	172.28.21.110	7011	2
6	1436149803.027000000	vcse	INVITE		172.28.21.104	25048	172.28.21.110	7011	2
7	1436149803.028000000	vcse		100	172.28.21.110	7011	172.28.21.104	25048	2
8	1436149803.030000000	vcsc		100	172.28.21.110	7011	172.28.21.104	25048	2
9	1436149803.758000000	vcse	INVITE		172.28.252.1	25129	198.18.215.133	5061	2
10	1436149803.912000000	vcse		100	198.18.215.133	5061	172.28.252.1	25129	2
11	1436149804.887000000	vcse		500	198.18.215.133	5061	172.28.252.1	25129	2
12	1436149804.888000000	vcse	ACK		172.28.252.1	25129	198.18.215.133	5061	2
13	1436149804.889000000	vcse		500	172.28.21.110	7011	172.28.21.104	25048	2
14	1436149804.891000000	vcsc		500	172.28.21.110	7011	172.28.21.104	25048	2
15	1436149804.892000000	vcsc	ACK		172.28.21.104	25048	172.28.21.110	7011	2
16	1436149804.893000000	vcsc		500	172.28.21.104	5060	172.28.21.100	5560	2
17	1436149804.894000000	vcse	ACK		172.28.21.104	25048	172.28.21.110	7011	2
18	1436149804.896000000	cucm		500	172.28.21.104	5060	172.28.21.100	5560	2
19	1436149804.897000000	cucm	ACK		172.28.21.100	5560	172.28.21.104	5060	2
20	1436149804.899000000	vcsc	ACK		172.28.21.100	5560	172.28.21.104	5060	2
X

# One interface per logging node, described by its file.
tshark -r "$out" -T fields -e frame.interface_id -e frame.interface_name -e frame.interface_description \
    2>/dev/null | sort -u >"$IMP_TMP/got"
imp_expect "interfaces" "$IMP_TMP/got" <<'X'
0	vcsc	expc-call.log
1	vcse	expe-call.log
2	cucm	cucm-sdl.txt
X

# The same message logged at two points is two frames with the same bytes:
# sender's and receiver's copy of every hop-1 and hop-2 message.
imp_fields "$out" exported_pdu.exported_pdu >"$IMP_TMP/pdus"
same() { [ "$(sed -n "$1p" "$IMP_TMP/pdus")" = "$(sed -n "$2p" "$IMP_TMP/pdus")" ] || imp_fail "frames $1 and $2 differ"; }
same 1 2; same 3 4; same 5 6; same 7 8; same 13 14; same 15 17; same 16 18; same 19 20
[ "$(sed -n 5p "$IMP_TMP/pdus")" != "$(sed -n 9p "$IMP_TMP/pdus")" ] || imp_fail "hop 2 and 3 INVITEs equal"

# Comments of the SDL side: CUCM's own address learned from its Via.
imp_fields "$out" frame.comment | sed -n '1p;4p' >"$IMP_TMP/got"
imp_expect "SDL comments" "$IMP_TMP/got" <<'X'
cucm cucm-sdl.txt:2 Sent 172.28.21.100:5560 (not logged: from the node's own Via/Contact) -> 172.28.21.104:5060 TCP (SDL) CUCM SDL trace
cucm cucm-sdl.txt:26 Received 172.28.21.100:5560 (not logged: from the node's own Via/Contact) <- 172.28.21.104:5060 TCP (SDL) CUCM SDL trace
X

# Each hop's non-2xx ACK reuses that hop's INVITE branch and has one Via.
imp_fields "$out" frame.number sip.Method sip.Via.branch sip.Via >"$IMP_TMP/vias"
while read -r finv fack; do
    inv=$(awk -F'\t' -v n="$finv" '$1 == n { print $3 }' "$IMP_TMP/vias")
    ack=$(awk -F'\t' -v n="$fack" '$1 == n { print $3 }' "$IMP_TMP/vias")
    if [ -z "$inv" ] || [ "$inv" != "$ack" ]; then
        imp_fail "ACK frame $fack branch '$ack' != INVITE frame $finv '$inv'"
    fi
done <<'X'
5 15
9 12
1 19
X
n=$(tshark -r "$out" -Y 'sip.Method == "ACK"' -T fields -e sip.Via 2>/dev/null | grep -c ',' || true)
[ "$n" = 0 ] || imp_fail "an ACK has more than one Via"
echo "PASS"
