#!/bin/sh
# make-test-logs.sh - make the binary log fixtures of test-captures/logs/.
#
# The text fixtures (*.log, *.txt) are committed as they are; this script
# makes the ones that are binary or too big to read (gzip, tar bundle,
# garbage bytes, a 1 MiB line) from them and from the records below, the
# same bytes on every machine: gzip -n (no name, no time), tar with a fixed
# mtime, owner and order.
#
#   tests/captures/make-test-logs.sh [DIR]     (default: test-captures/logs)
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu

here=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:-$here/test-captures/logs}
export LC_ALL=C TZ=UTC

# A small SIP record in the real log layout: rec N MM:SS
rec() {
    cat <<EOF
2015-07-06T12:$2.000+10:00 vcse tvcs: UTCTime="2015-07-06 02:$2,000" Module="network.sip" Level="DEBUG":  Action="Received" Local-ip="172.28.21.110" Local-port="5060" Src-ip="172.28.21.104" Src-port="5060" Msg-Hash="$1"
 SIPMSG:
 |OPTIONS sip:172.28.21.110 SIP/2.0
 Via: SIP/2.0/TCP 172.28.21.104:5060;branch=z9hG4bKopt$1
 Call-ID: opt$1@172.28.21.104
 CSeq: $1 OPTIONS
 From: <sip:172.28.21.104>;tag=o$1
 To: <sip:172.28.21.110>
 Max-Forwards: 70
 Content-Length: 0
 
 |
EOF
}

# gzip copy of a plain log.
gzip -n -9 -c "$dir/expc-call.log" > "$dir/expc-call.log.gz"

# The same, cut short: a decompression error after some records.
head -c 1500 "$dir/expc-call.log.gz" > "$dir/truncated.log.gz"

# A diagnostic bundle: both Expressway logs (one gzip-compressed inside the
# tar), a tcpdump capture to be ignored, and a directory entry.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/diagnostic_logging"
cp "$dir/expc-call.log" "$tmp/diagnostic_logging/expc-call.log"
gzip -n -9 -c "$dir/expe-call.log" > "$tmp/diagnostic_logging/expe-call.log.gz"
# pcap global header (LINKTYPE_ETHERNET), no packets.
printf '\324\303\262\241\002\000\004\000\000\000\000\000\000\000\000\000\377\377\000\000\001\000\000\000' \
    > "$tmp/diagnostic_logging/tcpdump_vcse_eth0.pcap"
touch -d '2015-07-06 03:00:00' "$tmp/diagnostic_logging" "$tmp/diagnostic_logging/"*
tar --sort=name --mtime='2015-07-06 03:00:00' --owner=0 --group=0 --numeric-owner \
    --mode='u=rwX,go=rX' --format=ustar -C "$tmp" -cf - diagnostic_logging |
    gzip -n -9 > "$dir/call-bundle.tar.gz"

# Binary garbage between records and inside one.
{
    rec 1 31:01
    printf 'garbage \000\001\002\377\376 follows\n\033[31m\000\000\000\n\n'
    rec 2 31:02
    rec 3 31:03 | sed 's/^ Max-Forwards: 70$/ Max-Forwards: 70\x00\x07/'
    rec 4 31:04
} > "$dir/garbage.log"

# A 1 MiB line inside a SIP record (gzip keeps the fixture small).
{
    rec 1 32:01
    rec 2 32:02 | awk '/^ Max-Forwards/ { printf " X-Long: "; for (i = 0; i < 16384; i++) printf "%s", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"; printf "\n" } { print }'
    rec 3 32:03
} | gzip -n -9 > "$dir/longline.log.gz"
