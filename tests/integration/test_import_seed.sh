#!/usr/bin/env bash
# test_import_seed.sh - the seed's Expressway-E records, in the real log
# layout and as the document re-wrapped them, become the same three frames.
#
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/import_lib.sh"

out=$IMP_TMP/seed.pcapng
imp_run "$out" 0 "$L/expe-seed.log"
imp_all_sip "$out"
imp_grep "$out.err" '^siphop-import: 7 records read from 1 source, 3 SIP messages written'
imp_grep "$out.err" 'skipped 3 info summaries'
imp_grep "$out.err" 'skipped 1 other records \(not SIP\)'

imp_fields "$out" frame.number frame.time_epoch frame.interface_name frame.interface_description \
    sip.Method sip.Status-Code exported_pdu.ipv4_src exported_pdu.src_port exported_pdu.ipv4_dst \
    exported_pdu.dst_port exported_pdu.port_type exported_pdu.prot_name >"$IMP_TMP/got"
imp_expect "seed frames" "$IMP_TMP/got" <<'X'
1	1436149803.027000000	vcse	expe-seed.log	INVITE		172.28.21.104	25048	172.28.21.110	7011	2	sip
2	1436149803.758000000	vcse	expe-seed.log	INVITE		172.28.252.1	25129	198.18.215.133	5061	2	sip
3	1436149804.887000000	vcse	expe-seed.log		500	198.18.215.133	5061	172.28.252.1	25129	2	sip
X

# The addresses are also what Wireshark shows as the frame's source and
# destination (columns, ip.src filters), without any plugin.
imp_fields "$out" ip.src ip.dst >"$IMP_TMP/got"
imp_expect "seed ip.src/ip.dst" "$IMP_TMP/got" <<'X'
172.28.21.104	172.28.21.110
172.28.252.1	198.18.215.133
198.18.215.133	172.28.252.1
X
[ "$(tshark -r "$out" -Y 'ip.dst == 198.18.215.133' 2>/dev/null | wc -l)" = 1 ] || imp_fail "ip.dst filter"

imp_fields "$out" frame.comment >"$IMP_TMP/got"
imp_expect "seed comments" "$IMP_TMP/got" <<'X'
vcse expe-seed.log:2 Msg-Hash=3314200182494138210 Received 172.28.21.110:7011 <- 172.28.21.104:25048 TLS (top Via)
vcse expe-seed.log:32 Msg-Hash=2892679945940486042 Sent 172.28.252.1:25129 -> "Webex IP address":5061 (placeholder 198.18.215.133) TLS (top Via)
vcse expe-seed.log:64 Msg-Hash=9729181486250604161 Received 172.28.252.1:25129 <- "Webex IP address":5061 (placeholder 198.18.215.133) TLS (top Via)
X

# The SIP bytes: each logged line without its leading space (and the start
# line without its '|'), joined with CRLF; rebuilt here by awk as an
# independent check of the parser.
awk -v dir="$IMP_TMP" '
    /^ SIPMSG:$/ { inmsg = 1; n++; first = 1; f = dir "/msg" n; printf "" > f; next }
    inmsg && $0 == " |" { printf "\r\n" > f; inmsg = 0; next }
    inmsg { line = substr($0, 2); if (first) { line = substr(line, 2); first = 0 } else printf "\r\n" > f; printf "%s", line > f }
' "$L/expe-seed.log"
hex() { od -An -tx1 -v "$1" | tr -d ' \n'; echo; }
for i in 1 2 3; do hex "$IMP_TMP/msg$i"; done >"$IMP_TMP/want.hex"
imp_fields "$out" exported_pdu.exported_pdu >"$IMP_TMP/got.hex"
imp_expect "seed SIP bytes" "$IMP_TMP/got.hex" <"$IMP_TMP/want.hex"

# The document's layout (lines broken at ~80 columns, blank lines between,
# leading spaces and closing '|' lost): the very same messages.
wr=$IMP_TMP/rewrapped.pcapng
imp_run "$wr" 0 "$L/expe-seed-rewrapped.txt"
imp_all_sip "$wr"
imp_fields "$wr" exported_pdu.exported_pdu >"$IMP_TMP/got.hex"
imp_expect "re-wrapped SIP bytes" "$IMP_TMP/got.hex" <"$IMP_TMP/want.hex"
imp_fields "$wr" frame.time_epoch exported_pdu.ipv4_src exported_pdu.src_port exported_pdu.ipv4_dst \
    exported_pdu.dst_port frame.interface_name >"$IMP_TMP/got"
imp_expect "re-wrapped frames" "$IMP_TMP/got" <<'X'
1436149803.027000000	172.28.21.104	25048	172.28.21.110	7011	vcse
1436149803.758000000	172.28.252.1	25129	198.18.215.133	5061	vcse
1436149804.887000000	198.18.215.133	5061	172.28.252.1	25129	vcse
X
# Forcing --rewrapped on it changes nothing.
imp_run "$IMP_TMP/forced.pcapng" 0 --rewrapped "$L/expe-seed-rewrapped.txt"
imp_fields "$IMP_TMP/forced.pcapng" exported_pdu.exported_pdu >"$IMP_TMP/got.hex"
imp_expect "forced re-wrapped SIP bytes" "$IMP_TMP/got.hex" <"$IMP_TMP/want.hex"
echo "PASS"
