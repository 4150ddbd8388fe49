#!/usr/bin/env bash
# test_import_formats.sh - gzip, bundles, stdin, and the log variants: X7,
# X8.7 times, IPv6 peers, SDP bodies; merge ties; SDL options.
#
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/import_lib.sh"

payload() { imp_fields "$1" frame.time_epoch frame.interface_name exported_pdu.exported_pdu; }

# Plain, gzip and the diagnostic bundle (a .tar.gz holding expc-call.log,
# expe-call.log.gz and a tcpdump capture) give the same frames.
imp_run "$IMP_TMP/plain.pcapng" 0 "$L/expc-call.log" "$L/expe-call.log"
imp_run "$IMP_TMP/gz.pcapng" 0 "$L/expc-call.log.gz" "$L/expe-call.log"
imp_run "$IMP_TMP/bundle.pcapng" 0 "$L/call-bundle.tar.gz"
imp_all_sip "$IMP_TMP/bundle.pcapng"
payload "$IMP_TMP/plain.pcapng" >"$IMP_TMP/plain"
[ "$(wc -l <"$IMP_TMP/plain")" = 16 ] || imp_fail "plain: $(wc -l <"$IMP_TMP/plain") frames, want 16"
payload "$IMP_TMP/gz.pcapng" >"$IMP_TMP/got"
imp_expect "gzip vs plain" "$IMP_TMP/got" <"$IMP_TMP/plain"
payload "$IMP_TMP/bundle.pcapng" >"$IMP_TMP/got"
imp_expect "bundle vs plain" "$IMP_TMP/got" <"$IMP_TMP/plain"
imp_grep "$IMP_TMP/bundle.pcapng.err" 'from 2 sources, 16 SIP messages written'
imp_grep "$IMP_TMP/bundle.pcapng.err" 'tcpdump_vcse_eth0.pcap: pcap capture, 0 packets'
tshark -r "$IMP_TMP/bundle.pcapng" -T fields -e frame.interface_name -e frame.interface_description \
    2>/dev/null | sort -u >"$IMP_TMP/got"
imp_expect "bundle interfaces" "$IMP_TMP/got" <<'X'
vcsc	call-bundle.tar.gz/diagnostic_logging/expc-call.log
vcse	call-bundle.tar.gz/diagnostic_logging/expe-call.log.gz
X
imp_fields "$IMP_TMP/bundle.pcapng" frame.comment | head -1 >"$IMP_TMP/got"
imp_expect "bundle comment" "$IMP_TMP/got" <<'X'
vcsc call-bundle.tar.gz/diagnostic_logging/expc-call.log:3 Msg-Hash=1187310293847562210 Received 172.28.21.104:5060 <- 172.28.21.100:5560 TCP (top Via)
X

# Standard input, and the capture to standard output.
"$SIPHOP_IMPORT" -q -o - - <"$L/expc-call.log" >"$IMP_TMP/stdio.pcapng" 2>"$IMP_TMP/stdio.err" ||
    imp_fail "stdin/stdout run failed: $(cat "$IMP_TMP/stdio.err")"
[ "$(tshark -r "$IMP_TMP/stdio.pcapng" 2>/dev/null | wc -l)" = 8 ] || imp_fail "stdin/stdout: want 8 frames"
[ "$(imp_fields "$IMP_TMP/stdio.pcapng" frame.interface_description | sort -u)" = stdin ] ||
    imp_fail "stdin interface description"

# Ties keep command-line order, then line order (same file twice).
imp_run "$IMP_TMP/tie.pcapng" 0 "$L/expc-call.log" "$L/expc-call.log.gz"
imp_fields "$IMP_TMP/tie.pcapng" frame.comment | cut -d' ' -f2 | head -4 >"$IMP_TMP/got"
imp_expect "ties" "$IMP_TMP/got" <<'X'
expc-call.log:3
expc-call.log.gz:3
expc-call.log:29
expc-call.log.gz:29
X
[ "$(tshark -r "$IMP_TMP/tie.pcapng" -T fields -e frame.interface_description 2>/dev/null | sort -u)" = \
  "expc-call.log, expc-call.log.gz" ] || imp_fail "one interface for one node in two files"

# Two nodes in one file: the second node's interface is added mid-file
# (after frames of the first), which pcapng allows and tshark reads.
cat "$L/expc-call.log" "$L/expe-call.log" >"$IMP_TMP/both.log"
imp_run "$IMP_TMP/both.pcapng" 0 "$IMP_TMP/both.log"
imp_fields "$IMP_TMP/both.pcapng" frame.interface_id frame.interface_name | uniq -c | sed 's/^ *//' >"$IMP_TMP/got"
imp_expect "interface added mid-file" "$IMP_TMP/got" <<'X'
8 0	vcsc
8 1	vcse
X

# X7: no Action, no Local-ip. The local address is learned from the node's
# own top Via (INVITE sent onward) and applies to the two messages before it
# too (held back until then). A node that never shows its address keeps the
# placeholder of its name, port 0 (the second run: only the first two
# records). UDP from the Via: port type 3.
imp_run "$IMP_TMP/x7.pcapng" 0 "$L/x7-style.log"
imp_all_sip "$IMP_TMP/x7.pcapng"
imp_fields "$IMP_TMP/x7.pcapng" frame.time_epoch sip.Method sip.Status-Code exported_pdu.ipv4_src \
    exported_pdu.src_port exported_pdu.ipv4_dst exported_pdu.dst_port exported_pdu.port_type >"$IMP_TMP/got"
imp_expect "X7 frames" "$IMP_TMP/got" <<'X'
1331721550.135000000	INVITE		10.10.1.5	5060	10.10.1.1	5060	3
1331721550.137000000		100	10.10.1.1	5060	10.10.1.5	5060	3
1331721550.201000000	INVITE		10.10.1.1	5060	10.10.2.7	5060	3
1331721551.002000000		486	10.10.2.7	5060	10.10.1.1	5060	3
1331721551.004000000		486	10.10.1.1	5060	10.10.1.5	5060	3
X
imp_fields "$IMP_TMP/x7.pcapng" frame.comment | sed -n '1p;3p' >"$IMP_TMP/got"
imp_expect "X7 comments" "$IMP_TMP/got" <<'X'
vcs x7-style.log:1 Received 10.10.1.1:5060 (not logged: from the node's own Via/Contact) <- 10.10.1.5:5060 UDP (top Via)
vcs x7-style.log:25 Sent 10.10.1.1:5060 (not logged: from the node's own Via/Contact) -> 10.10.2.7:5060 UDP (top Via)
X
head -n 24 "$L/x7-style.log" >"$IMP_TMP/x7-first-two.log"
imp_run "$IMP_TMP/x7b.pcapng" 0 "$IMP_TMP/x7-first-two.log"
imp_fields "$IMP_TMP/x7b.pcapng" frame.comment | sed -n '1p' >"$IMP_TMP/got"
imp_expect "X7 never learned" "$IMP_TMP/got" <<'X'
vcs x7-first-two.log:1 Received 198.18.3.237 (placeholder: local address not logged) <- 10.10.1.5:5060 UDP (top Via)
X

# X8.7: syslog times without ms (UTCTime wins; without UTCTime the syslog
# time and its +10:00 offset); CRLF line ends. File order is kept even when
# a time goes back (frame 2).
imp_run "$IMP_TMP/x87.pcapng" 0 "$L/x87-nomillis.log"
imp_fields "$IMP_TMP/x87.pcapng" frame.time_epoch sip.Method sip.Status-Code >"$IMP_TMP/got"
imp_expect "X8.7 times" "$IMP_TMP/got" <<'X'
1436149803.027000000	INVITE	
1436149803.000000000		100
1436149804.000000000		500
X

# IPv6 peers, bracketed and bare; a text peer next to an IPv6 local address
# gets an IPv6 placeholder (2001:2::/48).
imp_run "$IMP_TMP/v6.pcapng" 0 "$L/ipv6.log"
imp_all_sip "$IMP_TMP/v6.pcapng"
imp_fields "$IMP_TMP/v6.pcapng" frame.time_epoch exported_pdu.ipv6_src exported_pdu.src_port \
    exported_pdu.ipv6_dst exported_pdu.dst_port ipv6.src >"$IMP_TMP/got"
imp_expect "IPv6 frames" "$IMP_TMP/got" <<'X'
1456790399.999000000	2001:db8:20::7	5061	2001:db8:10::5	5061	2001:db8:20::7
1456790400.004000000	2001:db8:10::5	5061	2001:db8:30::9	5061	2001:db8:10::5
1456790400.010000000	2001:db8:10::5	5061	2001:2:0:d7a4:e7b9:3be6:49bb:4a57	5061	2001:db8:10::5
X

# SDP bodies: '|' on its own line and right after the body.
imp_run "$IMP_TMP/sdp.pcapng" 0 "$L/sdp-body.log"
imp_all_sip "$IMP_TMP/sdp.pcapng"
imp_fields "$IMP_TMP/sdp.pcapng" sip.Method sip.Status-Code sip.Content-Length sdp.media sdp.connection_info \
    >"$IMP_TMP/got"
imp_expect "SDP" "$IMP_TMP/got" <<'X'
INVITE		217	audio 24580 RTP/AVP 0 8 101	IN IP4 172.28.21.100
	200	215	audio 30000 RTP/AVP 0 8 101	IN IP4 172.28.21.104
X
body=$(imp_fields "$IMP_TMP/sdp.pcapng" exported_pdu.exported_pdu | sed -n 2p)
case $body in *0d0a) imp_fail "200 OK body must not end with CRLF ('|' followed the body)";; esac

# SDL options: --utc-offset, --cucm-ip, --cucm-name.
imp_run "$IMP_TMP/sdl.pcapng" 0 --date 2015-07-06 --utc-offset +10:00 --cucm-ip 10.1.2.3 \
    --cucm-name cucm-pub "$L/cucm-sdl.txt"
imp_fields "$IMP_TMP/sdl.pcapng" frame.time_epoch frame.interface_name ip.src ip.dst sip.Method \
    sip.Status-Code >"$IMP_TMP/got"
imp_expect "SDL options" "$IMP_TMP/got" <<'X'
1436113803.010000000	cucm-pub	10.1.2.3	172.28.21.104	INVITE	
1436113803.018000000	cucm-pub	172.28.21.104	10.1.2.3		100
1436113804.896000000	cucm-pub	172.28.21.104	10.1.2.3		500
1436113804.897000000	cucm-pub	10.1.2.3	172.28.21.104	ACK	
X
# Without --date: the trace has no header, but its SIP Date: headers (GMT)
# give the date and the clock's offset from UTC (0 here): the same times as
# with --date, and the summary says where they came from.
imp_run "$IMP_TMP/datehdr.pcapng" 0 "$L/cucm-sdl.txt"
imp_grep "$IMP_TMP/datehdr.pcapng.err" \
    'cucm-sdl.txt: CUCM SDL trace, 4 SIP messages; SDL date 2015-07-06 and UTC offset \+00:00 from the SIP Date: header \(line 2\)'
[ "$(imp_fields "$IMP_TMP/datehdr.pcapng" frame.time_epoch | head -1)" = 1436149803.010000000 ] ||
    imp_fail "date from the Date: header"
# No date anywhere (the Date: headers removed): 1970-01-01, warned, exit 1.
grep -v '^Date:' "$L/cucm-sdl.txt" >"$IMP_TMP/cucm-nodate.txt"
imp_run "$IMP_TMP/nodate.pcapng" 1 "$IMP_TMP/cucm-nodate.txt"
imp_grep "$IMP_TMP/nodate.pcapng.err" 'cucm-nodate.txt:2: warning: SDL trace has no date'
[ "$(imp_fields "$IMP_TMP/nodate.pcapng" frame.time_epoch | head -1)" = 9003.010000000 ] || imp_fail "no-date time"
echo "PASS"
