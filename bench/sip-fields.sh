# sip-fields.sh - sourced by run-bench.sh and callgrind.sh: the baseline's
# fields, the SIP information siphop reads from each message (start line,
# Call-ID, CSeq, Via, To/From, R-URI, Warning, Session-ID, Server/User-Agent,
# Content-Type/Length, RSeq/RAck, SDP), as tshark -e options in "fields".
# core/message.c parses these from each message's bytes; these are
# Wireshark's fields for the same headers, so "without" is a user extracting
# the same information with tshark alone.
#
# SPDX-License-Identifier: GPL-2.0-or-later
fields=()
for f in sip sdp sip.Method sip.Status-Code sip.Status-Line sip.Call-ID sip.CSeq.seq sip.CSeq.method \
         sip.Via sip.r-uri.host sip.to.host sip.to.tag sip.from.tag sip.Warning sip.Session-ID \
         sip.Server sip.User-Agent sip.Content-Type sip.Content-Length sip.RSeq sip.RAck.CSeq.seq; do
    fields+=(-e "$f")
done
