#!/usr/bin/env bash
# make-tls-capture.sh: regenerate test-captures/real-tls-5061.pcapng, a capture
# where SIP is there only encrypted: a TLS connection to 127.0.0.1:5061 (the SIP
# TLS port) made by real TLS software, openssl s_server and s_client, captured
# with dumpcap on loopback. The client sends an OPTIONS ping (as an Expressway
# zone does) inside TLS; the server echoes it back reversed (s_server -rev). No
# SIP in clear: siphop puts its note siphop.sip_encrypted on the first TLS frame
# (tests/integration/test_sip_encrypted.sh).
#
# Needs root (or CAP_NET_RAW + CAP_NET_ADMIN for dumpcap on lo), openssl,
# dumpcap, tshark and ss. Sends traffic only to 127.0.0.1, TCP port 5061, which
# must be free. Runs in a temporary directory; every process started is
# stopped by its PID, on failure too; no fixed sleeps: it waits for dumpcap's
# file, the listening port, the processes' ends and the FINs in the capture.
# Times, keys and ports change on every run; the test asserts only what stays.
#
# REAL_CAPTURES_OUT  where to write (default: <repo>/test-captures)
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=${REAL_CAPTURES_OUT:-$repo/test-captures}/real-tls-5061.pcapng
ADDR=127.0.0.1 PORT=5061

log() { echo "make-tls-capture: $*" >&2; }
die() { log "$*"; exit 1; }

for tool in openssl dumpcap tshark ss; do
    command -v "$tool" >/dev/null || die "$tool is missing"
done

dir=$(mktemp -d "${TMPDIR:-/tmp}/tls-capture.XXXXXX")
# shellcheck source=tests/captures/lib-processes.sh
. "$repo/tests/captures/lib-processes.sh"
listening() { ss -Hltn "sport = :$PORT" | grep -q "$ADDR:$PORT"; }
# fins N: the capture so far holds at least N TCP FINs (both sides closed).
fins() { [ "$(tshark -r "$dir/raw.pcapng" -Y 'tcp.flags.fin == 1' 2>/dev/null | wc -l)" -ge "$1" ]; }


! listening || die "$ADDR:$PORT is already in use"

# The "Expressway-E" certificate: self-signed, for this run only.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
    -subj /CN=expressway-e.example.com -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>"$dir/req.log" ||
    { cat "$dir/req.log" >&2; die "openssl req failed"; }

# What the client sends inside TLS: an OPTIONS ping, CRLF line ends.
printf '%s\r\n' \
    "OPTIONS sip:$ADDR:$PORT;transport=tls SIP/2.0" \
    "Via: SIP/2.0/TLS $ADDR:25129;branch=z9hG4bK-siphop-tls-1;rport" \
    "Call-ID: siphop-tls-options-1@$ADDR" \
    "CSeq: 1 OPTIONS" \
    "From: <sip:$ADDR>;tag=siphop-tls-1" \
    "To: <sip:$ADDR:$PORT>" \
    "Max-Forwards: 70" \
    "Content-Length: 0" \
    "" >"$dir/options.txt"

start dumpcap dumpcap -i lo -f "tcp and host $ADDR and port $PORT" -w "$dir/raw.pcapng"
wait_until 10 "dumpcap to open its file (root or CAP_NET_RAW needed)" in_log dumpcap "^File:"

# One connection (-naccept 1), answered by echoing each line reversed.
start server openssl s_server -accept "$ADDR:$PORT" -cert "$dir/cert.pem" -key "$dir/key.pem" \
    -naccept 1 -rev
wait_until 10 "s_server on $ADDR:$PORT" listening

# The client ends at the end of its input (no -ign_eof): close_notify, FIN.
start_in client "$dir/options.txt" openssl s_client -connect "$ADDR:$PORT" -servername expressway-e.example.com \
    -brief
finish client 20
finish server 20

wait_until 10 "both FINs in the capture" fins 2
stop dumpcap

tshark -r "$dir/raw.pcapng" -w "$dir/tls.pcapng" -F pcapng 2>/dev/null
[ "$(tshark -r "$dir/tls.pcapng" -Y tls 2>/dev/null | wc -l)" -ge 4 ] || die "fewer than 4 TLS frames captured"
[ "$(tshark -r "$dir/tls.pcapng" -Y sip 2>/dev/null | wc -l)" -eq 0 ] || die "SIP in clear in the capture"
cp "$dir/tls.pcapng" "$out"
log "wrote $out ($(tshark -r "$out" 2>/dev/null | wc -l) frames)"
