#!/usr/bin/env bash
# test_import_ethernet.sh - siphop-import --link ethernet: the logged
# messages as Ethernet/IP/TCP|UDP frames (core/logframe.c,
# sh_logframe_build_eth) that libpcap tools open, not only Wireshark.
#
# Checked with the plain tshark (no plugin), tcpdump and sngrep:
#   - expc-call.log: every frame is SIP, with the addresses and ports of the
#     log, valid checksums, consistent TCP sequence numbers;
#   - the whole seed call (three logs): the same addresses, ports and
#     comments as the default exported-PDU output, frame for frame;
#   - with SIPHOP_TEST_LOGFRAME (the unit test binary, tests/unit/
#     test_logframe.c): its frames (IPv6, IP fragments, TCP segments of a
#     150 KB message) reassemble into SIP messages.
# tcpdump and sngrep parts are skipped, with a note, when they are missing.
#
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/import_lib.sh"

# Port 5061 is TLS to Wireshark; these frames carry the SIP in clear.
DA=(-d 'tcp.port==5061,sip')
CK=(-o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE)

# count FILE FILTER [tshark options...]: frames matching
count() {
    local f=$1 y=$2
    shift 2
    tshark -r "$f" "${DA[@]}" "$@" -Y "$y" 2>/dev/null | wc -l
}

# Drop the empty fields of tab-separated lines (IPv4 or IPv6, TCP or UDP).
squeeze() { awk -F'\t' '{ o = ""; for (i = 1; i <= NF; i++) if ($i != "") o = o (o == "" ? "" : "\t") $i; print o }'; }

# check_frames FILE: valid checksums (IPv4, TCP, UDP), nothing malformed, no
# TCP analysis complaints (sequence numbers), frames are Ethernet.
check_frames() {
    local f=$1 n
    tshark -r "$f" >/dev/null 2>"$IMP_TMP/tshark.err" || { cat "$IMP_TMP/tshark.err" >&2; imp_fail "tshark cannot read $f"; }
    n=$(count "$f" '!eth')
    [ "$n" = 0 ] || imp_fail "$n frames of $f are not Ethernet"
    n=$(count "$f" 'ip.checksum.status == 0 || tcp.checksum.status == 0 || udp.checksum.status == 0' "${CK[@]}")
    [ "$n" = 0 ] || imp_fail "$n frames of $f have a bad checksum"
    n=$(count "$f" 'ip.checksum.status == 1 || tcp.checksum.status == 1' "${CK[@]}")
    [ "$n" -gt 0 ] || imp_fail "no checksum of $f was verified"
    n=$(count "$f" '_ws.malformed || _ws.expert.severity >= "warning"')
    [ "$n" = 0 ] || imp_fail "$n frames of $f are malformed or have expert warnings"
    n=$(count "$f" 'tcp.analysis.flags' -2)
    [ "$n" = 0 ] || imp_fail "$n frames of $f have TCP analysis flags"
}

# check_seq FILE: per TCP stream and direction, each segment starts where
# the previous one ended, and acks the other direction's next sequence
# number (relative numbers: both directions start at 1).
check_seq() {
    tshark -r "$1" -o tcp.relative_sequence_numbers:TRUE -Y tcp -T fields -e frame.number -e tcp.stream \
        -e ip.src -e ipv6.src -e tcp.srcport -e tcp.seq -e tcp.ack -e tcp.len 2>/dev/null | squeeze |
        awk -F'\t' '
        { k = $2 SUBSEP $3 SUBSEP $4; if (!(k in nxt)) nxt[k] = 1
          if ($5 != nxt[k]) { printf "frame %s: seq %s, want %s\n", $1, $5, nxt[k]; bad = 1 }
          want = 1; for (o in nxt) { split(o, p, SUBSEP); if (p[1] == $2 && o != k) want = nxt[o] }
          if ($6 != want) { printf "frame %s: ack %s, want %s\n", $1, $6, want; bad = 1 }
          nxt[k] = $5 + $7 }
        END { exit bad }' >&2 || imp_fail "TCP sequence numbers of $1"
}

# check_tcpdump FILE: tcpdump reads every frame, the same ends as tshark's
# (an IP fragment may show without ports), and finds no bad checksum.
check_tcpdump() {
    local f=$1
    command -v tcpdump >/dev/null || { echo "note: no tcpdump, not checked"; return 0; }
    tcpdump -nn -vv -r "$f" >"$IMP_TMP/td" 2>"$IMP_TMP/td.err" || { cat "$IMP_TMP/td.err" >&2; imp_fail "tcpdump cannot read $f"; }
    ! grep -Eq 'incorrect|bad cksum' "$IMP_TMP/td" || imp_fail "tcpdump finds a bad checksum in $f"
    tcpdump -nn -r "$f" 2>/dev/null | awk '{ sub(/:$/, "", $5); print $3 " > " $5 }' >"$IMP_TMP/td.ends"
    tshark -r "$f" -Y 'ip.flags.mf == 1 || ip.frag_offset > 0 || ipv6.fraghdr' -T fields -e frame.number \
        2>/dev/null >"$IMP_TMP/td.frags"
    tshark -r "$f" -T fields -E occurrence=f -e ip.src -e ipv6.src -e tcp.srcport -e udp.srcport \
        -e ip.dst -e ipv6.dst -e tcp.dstport -e udp.dstport 2>/dev/null >"$IMP_TMP/td.want"
    [ "$(wc -l <"$IMP_TMP/td.ends")" = "$(wc -l <"$IMP_TMP/td.want")" ] || imp_fail "tcpdump and tshark count different frames in $f"
    paste "$IMP_TMP/td.want" "$IMP_TMP/td.ends" | awk -F'\t' -v fl="$IMP_TMP/td.frags" '
        BEGIN { while ((getline n < fl) > 0) frag[n] = 1 }
        { full = $1 $2 "." $3 $4 " > " $5 $6 "." $7 $8; bare = $1 $2 " > " $5 $6
          t = $9; sub(/\.[0-9]+ > /, " > ", t); sub(/\.[0-9]+$/, "", t)
          if ($9 != full && !((NR in frag) && ($9 == bare || t == bare))) { printf "frame %d: tcpdump %s, tshark %s\n", NR, $9, full; bad = 1 } }
        END { exit bad }' >&2 || imp_fail "tcpdump's view of $f"
}

# sngrep_ids FILE: the Call-IDs sngrep finds in FILE (it reads the file with
# -I and, with -N, writes what it captured, -O, without its interface).
sngrep_ids() {
    local f=$1
    rm -f "$IMP_TMP/sng.pcap"
    timeout 60 sngrep -N -q -F -I "$f" -O "$IMP_TMP/sng.pcap" </dev/null >"$IMP_TMP/sng.out" 2>&1 ||
        { cat "$IMP_TMP/sng.out" >&2; imp_fail "sngrep cannot read $f"; }
    [ -s "$IMP_TMP/sng.pcap" ] || imp_fail "sngrep found no SIP in $f"
    tshark -r "$IMP_TMP/sng.pcap" "${DA[@]}" -Y sip -T fields -e sip.Call-ID 2>/dev/null | sort -u
}

# --- expc-call.log: Expressway-C's view of the seed call --------------------
out=$IMP_TMP/expc.pcap
imp_run "$out" 0 --link ethernet "$L/expc-call.log"
check_frames "$out"
check_seq "$out"
n=$(count "$out" '!sip')
[ "$n" = 0 ] || imp_fail "$n frames of $out are not SIP"
[ "$(count "$out" sip --disable-heuristic sip_tcp -d 'tcp.port==7011,sip')" = 8 ] ||
    imp_fail "frames not SIP without the heuristic"

# CUCM <-> Exp-C over TCP 5560 -> 5060; Exp-C <-> Exp-E over TLS 25048 -> 7011.
imp_fields "$out" frame.number eth.src eth.dst ip.src tcp.srcport ip.dst tcp.dstport tcp.flags \
    sip.Method sip.Status-Code >"$IMP_TMP/got"
imp_expect "expc-call.log frames" "$IMP_TMP/got" <<'X'
1	02:00:ac:1c:15:64	02:00:ac:1c:15:68	172.28.21.100	5560	172.28.21.104	5060	0x0018	INVITE	
2	02:00:ac:1c:15:68	02:00:ac:1c:15:64	172.28.21.104	5060	172.28.21.100	5560	0x0018		100
3	02:00:ac:1c:15:68	02:00:ac:1c:15:6e	172.28.21.104	25048	172.28.21.110	7011	0x0018	INVITE	
4	02:00:ac:1c:15:6e	02:00:ac:1c:15:68	172.28.21.110	7011	172.28.21.104	25048	0x0018		100
5	02:00:ac:1c:15:6e	02:00:ac:1c:15:68	172.28.21.110	7011	172.28.21.104	25048	0x0018		500
6	02:00:ac:1c:15:68	02:00:ac:1c:15:6e	172.28.21.104	25048	172.28.21.110	7011	0x0018	ACK	
7	02:00:ac:1c:15:68	02:00:ac:1c:15:64	172.28.21.104	5060	172.28.21.100	5560	0x0018		500
8	02:00:ac:1c:15:64	02:00:ac:1c:15:68	172.28.21.100	5560	172.28.21.104	5060	0x0018	ACK	
X

# The same log with the default framing: same times, comments and SIP bytes.
ref=$IMP_TMP/expc.pcapng
imp_run "$ref" 0 "$L/expc-call.log"
imp_fields "$ref" frame.time_epoch frame.comment sip.Call-ID sip.CSeq >"$IMP_TMP/want"
imp_fields "$out" frame.time_epoch frame.comment sip.Call-ID sip.CSeq >"$IMP_TMP/got"
imp_expect "times and comments against the exported-PDU output" "$IMP_TMP/got" <"$IMP_TMP/want"

# The same bytes every run.
imp_run "$IMP_TMP/again.pcap" 0 --link ethernet "$L/expc-call.log"
cmp -s "$out" "$IMP_TMP/again.pcap" || imp_fail "two runs differ"

check_tcpdump "$out"
if command -v sngrep >/dev/null; then
    sngrep_ids "$out" >"$IMP_TMP/got"
    imp_fields "$out" sip.Call-ID | sort -u | imp_expect "sngrep's dialogs of $out" "$IMP_TMP/got"
    # Every SIP message, not only the dialogs.
    [ "$(tshark -r "$IMP_TMP/sng.pcap" -Y sip 2>/dev/null | wc -l)" = 8 ] || imp_fail "sngrep lost messages"
else
    echo "note: no sngrep, not checked"
fi

# --- The whole seed call: three logs, a text peer on TLS 5061 ---------------
call=$IMP_TMP/call.pcap
imp_run "$call" 0 --link ethernet --date 2015-07-06 "$L/expc-call.log" "$L/expe-call.log" "$L/cucm-sdl.txt"
imp_run "$IMP_TMP/call.pcapng" 0 --date 2015-07-06 "$L/expc-call.log" "$L/expe-call.log" "$L/cucm-sdl.txt"
check_frames "$call"
check_seq "$call"
n=$(count "$call" '!sip')
[ "$n" = 0 ] || imp_fail "$n frames of $call are not SIP (with 5061 decoded as SIP)"
imp_fields "$IMP_TMP/call.pcapng" frame.interface_name frame.time_epoch exported_pdu.ipv4_src exported_pdu.ipv6_src \
    exported_pdu.src_port exported_pdu.ipv4_dst exported_pdu.ipv6_dst exported_pdu.dst_port frame.comment sip.Call-ID |
    squeeze >"$IMP_TMP/want"
imp_fields "$call" frame.interface_name frame.time_epoch ip.src ipv6.src tcp.srcport udp.srcport ip.dst ipv6.dst \
    tcp.dstport udp.dstport frame.comment sip.Call-ID | squeeze >"$IMP_TMP/got"
imp_expect "the call against the exported-PDU output" "$IMP_TMP/got" <"$IMP_TMP/want"
imp_fields "$call" ip.dst tcp.dstport | grep -qx '198.18.215.133	5061' || imp_fail "no frame to the Webex placeholder"
check_tcpdump "$call"
# sngrep with one interface per logging node, and the hop to Webex on 5061.
if command -v sngrep >/dev/null; then
    sngrep_ids "$call" >"$IMP_TMP/got"
    imp_fields "$call" sip.Call-ID | sort -u | imp_expect "sngrep's dialogs of $call" "$IMP_TMP/got"
    [ "$(tshark -r "$IMP_TMP/sng.pcap" "${DA[@]}" -Y sip 2>/dev/null | wc -l)" = 20 ] || imp_fail "sngrep lost messages of $call"
fi

# --- The unit test's frames: IPv6, fragments, segments ----------------------
if [ -n "${SIPHOP_TEST_LOGFRAME:-}" ]; then
    u=$IMP_TMP/unit.pcap
    "$SIPHOP_TEST_LOGFRAME" "$u" >/dev/null || imp_fail "test_logframe failed"
    check_frames "$u"
    check_seq "$u"
    # Every frame is SIP, or a piece (IP fragment, TCP segment) of one.
    n=$(count "$u" '!sip && !ip.reassembled_in && !ipv6.reassembled_in && !tcp.reassembled_in' -2)
    [ "$n" = 0 ] || imp_fail "$n frames of $u are neither SIP nor part of a SIP message"
    for id in frag4 frag6 big4 big6 v6 c1 c2 c3 c4; do
        [ "$(count "$u" "sip.Call-ID == \"$id\"")" -ge 1 ] || imp_fail "tshark does not reassemble Call-ID $id"
    done
    check_tcpdump "$u"
    # sngrep reassembles IP fragments; it drops the 150 KB messages (big4/big6).
    if command -v sngrep >/dev/null; then
        sngrep_ids "$u" >"$IMP_TMP/got"
        for id in frag4 frag6 v6 c1 c2 c3 c4; do
            grep -qx "$id" "$IMP_TMP/got" || imp_fail "sngrep misses Call-ID $id"
        done
    fi
else
    echo "note: SIPHOP_TEST_LOGFRAME not set, the unit test's frames not checked"
fi

echo "PASS"
