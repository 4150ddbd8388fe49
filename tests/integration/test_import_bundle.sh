#!/usr/bin/env bash
# test_import_bundle.sh - bundles read in one pass, captures merged, damaged
# bundles and captures keep what came before, directories, files that are
# no log.
#
# The bundles are made here, from the log fixtures and an existing test
# capture, with GNU tar (fixed names, times and owners: deterministic).
#
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/import_lib.sh"

tar --version 2>/dev/null | grep -q 'GNU tar' || { echo "SKIP: needs GNU tar"; exit 77; }
command -v editcap >/dev/null || { echo "SKIP: no editcap"; exit 77; }
CAPS=$(cd "$L/../" && pwd)
CAP=$CAPS/seed-delayed-offer-webex.pcapng   # 12 packets, Ethernet, same call, same times
T=$IMP_TMP

# mkbundle OUT.tar.gz DIR : DIR's contents as a deterministic bundle
mkbundle() {
    tar -C "$2" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --hard-dereference \
        -cf - . | gzip -n >"$1"
}

# frames in non-decreasing time order
in_order() {
    imp_fields "$1" frame.time_epoch | sort -c -n 2>/dev/null || imp_fail "$1: frames not in time order"
}

# --- A bundle with two logs and two captures (pcapng, gzip-compressed pcap)
mkdir -p "$T/b/diag"
cp "$L/expc-call.log" "$T/b/diag/"
gzip -nc "$L/expe-call.log" >"$T/b/diag/expe-call.log.gz"
cp "$CAP" "$T/b/diag/tcpdump_vcse.pcapng"
editcap -F pcap "$CAP" "$T/eth1.pcap" 2>/dev/null
gzip -nc "$T/eth1.pcap" >"$T/b/diag/eth1.pcap.gz"
mkbundle "$T/cap.tar.gz" "$T/b"
imp_run "$T/cap.pcapng" 0 "$T/cap.tar.gz"
[ "$(tshark -r "$T/cap.pcapng" 2>/dev/null | wc -l)" = 40 ] || imp_fail "capture bundle: want 16 SIP + 2 x 12 packets"
in_order "$T/cap.pcapng"
imp_grep "$T/cap.pcapng.err" 'cap.tar.gz/diag/tcpdump_vcse.pcapng: pcapng capture, 12 packets$'
imp_grep "$T/cap.pcapng.err" 'cap.tar.gz/diag/eth1.pcap.gz: pcap capture, 12 packets$'
imp_grep "$T/cap.pcapng.err" 'merged 24 packets from 2 captures'
# Each capture on its own interface, with its own link type (1 Ethernet;
# the logs' are Upper PDU, wiretap encapsulation 155); the pcapng keeps its
# if_name, the pcap is named after the member.
tshark -r "$T/cap.pcapng" -T fields -e frame.interface_id -e frame.interface_name -e frame.encap_type \
    -e frame.interface_description 2>/dev/null | sort -u >"$T/got"
imp_expect "capture bundle interfaces" "$T/got" <<'X'
0	vcsc	155	cap.tar.gz/diag/expc-call.log
1	vcse	155	cap.tar.gz/diag/expe-call.log.gz
2	eth1.pcap.gz	1	cap.tar.gz/diag/eth1.pcap.gz
3	dc-span	1	SPAN of the CUCM, Expressway-C and Expressway-E links (TLS legs shown decrypted)
X
# The packets are the capture's, at their times.
tshark -r "$CAP" -T fields -e frame.time_epoch -e frame.len -e ip.src -e ip.dst -e tcp.seq_raw 2>/dev/null >"$T/want"
tshark -r "$T/cap.pcapng" -Y 'frame.interface_id == 3' -T fields -e frame.time_epoch -e frame.len \
    -e ip.src -e ip.dst -e tcp.seq_raw 2>/dev/null >"$T/got"
imp_expect "packets of the pcapng member" "$T/got" <"$T/want"
# ... interleaved with the logged messages: the capture's first INVITE
# (02:30:03.012410) comes before Exp-C's logged one (.015).
imp_fields "$T/cap.pcapng" frame.interface_name | head -5 | tr '\n' ' ' >"$T/got"
echo >>"$T/got"
imp_expect "interleaving" "$T/got" <<'X'
eth1.pcap.gz dc-span eth1.pcap.gz dc-span vcsc 
X

# The fixture's empty tcpdump pcap (a file header, no packets) is read and
# listed, and adds no interface.
imp_run "$T/fixture.pcapng" 0 "$L/call-bundle.tar.gz"
imp_grep "$T/fixture.pcapng.err" 'tcpdump_vcse_eth0.pcap: pcap capture, 0 packets$'
imp_grep "$T/fixture.pcapng.err" '16 SIP messages written to .* \(2 interfaces\)'

# --- A capture named on the command line is merged like a member.
imp_run "$T/direct.pcapng" 0 "$L/expc-call.log" "$CAP"
[ "$(tshark -r "$T/direct.pcapng" 2>/dev/null | wc -l)" = 20 ] || imp_fail "direct capture: want 8 + 12 frames"
in_order "$T/direct.pcapng"
imp_grep "$T/direct.pcapng.err" 'seed-delayed-offer-webex.pcapng: pcapng capture, 12 packets$'

# --- A damaged capture: the packets before the damage are kept, exit 1.
size=$(wc -c <"$CAP")
head -c $((size - 100)) "$CAP" >"$T/cut.pcapng"
imp_run "$T/cutcap.pcapng" 1 "$T/cut.pcapng"
imp_grep "$T/cutcap.pcapng.err" '^siphop-import: cut.pcapng: after packet 11: the capture ends inside a packet block \(truncated capture\); the rest of this capture is lost$'
[ "$(tshark -r "$T/cutcap.pcapng" 2>/dev/null | wc -l)" = 11 ] || imp_fail "cut capture: want the 11 whole packets"
imp_grep "$T/cutcap.pcapng.err" 'no SIP message found in any log; .* holds only the 11 captured packets'

# --- A bundle cut inside its second member keeps the first one, exit 1.
gzip -dc "$L/call-bundle.tar.gz" >"$T/fix.tar"
# members: the directory (0), expc-call.log (header 512, data 1024..14689),
# expe-call.log.gz (header 14848, data 15360..17583)
head -c 16000 "$T/fix.tar" | gzip -n >"$T/cut.tar.gz"
imp_run "$T/cutb.pcapng" 1 "$T/cut.tar.gz"
imp_grep "$T/cutb.pcapng.err" '^siphop-import: cut.tar.gz/diagnostic_logging/expe-call.log.gz: after line [0-9]+: .*the rest of this input is lost$'
[ "$(imp_fields "$T/cutb.pcapng" frame.interface_name | grep -c vcsc)" = 8 ] || imp_fail "cut bundle: the first member's 8 messages"
# A corrupt tar header after the first member: the same.
{ head -c 14848 "$T/fix.tar"; head -c 512 /dev/zero | tr '\0' x; tail -c +15361 "$T/fix.tar"; } | gzip -n >"$T/bad.tar.gz"
imp_run "$T/badb.pcapng" 1 "$T/bad.tar.gz"
imp_grep "$T/badb.pcapng.err" '^siphop-import: .*/bad.tar.gz: not a tar header \(corrupt bundle\); the rest of this bundle is lost$'
[ "$(tshark -r "$T/badb.pcapng" 2>/dev/null | wc -l)" = 8 ] || imp_fail "corrupt bundle: the first member's 8 messages"

# --- 2000 members, read in one pass with few open files.
mkdir -p "$T/many/diagnostic_logging"
IFS= read -r -d '' c_log <"$L/expc-call.log" || true
IFS= read -r -d '' e_log <"$L/expe-call.log" || true
for ((i = 0; i < 2000; i++)); do
    printf -v f '%s/many/diagnostic_logging/m%04d.log' "$T" "$i"
    if ((i % 2)); then printf '%s' "$e_log" >"$f"; else printf '%s' "$c_log" >"$f"; fi
done
mkbundle "$T/many.tar.gz" "$T/many"
got=0
(ulimit -n 64 && exec "$SIPHOP_IMPORT" -o "$T/many.pcapng" "$T/many.tar.gz") 2>"$T/many.err" || got=$?
[ "$got" = 0 ] || { cat "$T/many.err" >&2; imp_fail "2000 members with ulimit -n 64: exit $got"; }
imp_grep "$T/many.err" '38000 records read from 2000 sources, 16000 SIP messages written'
[ "$(tshark -r "$T/many.pcapng" 2>/dev/null | wc -l)" = 16000 ] || imp_fail "2000 members: want 16000 frames"
in_order "$T/many.pcapng"
# Ties (every member logs the same times) keep member order.
imp_fields "$T/many.pcapng" frame.comment | head -3 | cut -d' ' -f2 >"$T/got"
imp_expect "2000 members: ties in member order" "$T/got" <<'X'
many.tar.gz/diagnostic_logging/m0000.log:3
many.tar.gz/diagnostic_logging/m0002.log:3
many.tar.gz/diagnostic_logging/m0004.log:3
X
# Memory does not grow with the members (when GNU time is there to say, and
# not in the sanitizer build: AddressSanitizer's own bookkeeping and
# quarantine hold far more than the tool does).
if ldd "$SIPHOP_IMPORT" 2>/dev/null | grep -q libasan; then
    echo "note: AddressSanitizer build, peak RSS not checked"
elif [ -x /usr/bin/time ] && /usr/bin/time -v true 2>/dev/null; then
    /usr/bin/time -v "$SIPHOP_IMPORT" -q -o "$T/many2.pcapng" "$T/many.tar.gz" 2>"$T/time.err"
    rss=$(awk -F': ' '/Maximum resident/ { print $2 }' "$T/time.err")
    [ "$rss" -lt 16384 ] || imp_fail "2000 members: peak RSS $rss KiB, want < 16 MiB"
fi

# --- A directory is read like the extracted bundle.
imp_run "$T/dir.pcapng" 0 "$T/b"
imp_fields "$T/dir.pcapng" frame.time_epoch frame.interface_name frame.len >"$T/got"
imp_fields "$T/cap.pcapng" frame.time_epoch frame.interface_name frame.len | imp_expect "directory vs bundle" "$T/got"
imp_fields "$T/dir.pcapng" frame.interface_description | grep -qx 'b/diag/eth1.pcap.gz' ||
    imp_fail "directory members are named dir/path"

# --- No SIP at all: said, exit 1. A named file that is no known log is
# reported; text members of bundles that are no log are only counted.
printf 'Just some prose.\nNo log here.\n' >"$T/prose.txt"
imp_run "$T/prose.pcapng" 1 "$T/prose.txt"
imp_grep "$T/prose.pcapng.err" '^siphop-import: prose.txt: not a log siphop-import knows \(Expressway diagnostic log, CUCM SDL trace, Cisco IOS debug ccsip messages\); nothing read$'
imp_grep "$T/prose.pcapng.err" '^siphop-import: no SIP message found in the input; .*prose.pcapng holds no packets$'
[ "$(tshark -r "$T/prose.pcapng" 2>/dev/null | wc -l)" = 0 ] || imp_fail "prose: frames written"
imp_run "$T/mixed.pcapng" 1 "$L/expc-call.log" "$T/prose.txt"
[ "$(tshark -r "$T/mixed.pcapng" 2>/dev/null | wc -l)" = 8 ] || imp_fail "log + prose: the log's 8 messages"
cp "$T/prose.txt" "$T/b/diag/config.txt"
imp_run "$T/dir2.pcapng" 0 "$T/b"
imp_grep "$T/dir2.pcapng.err" 'ignored 1 bundle or directory members: text, but no known log'
echo "PASS"
