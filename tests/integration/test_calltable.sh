#!/usr/bin/env bash
# test_calltable.sh: the "SIP Hops" call table (tshark -z siphop,tree) has
# one row per call with its verdict in words, Call-ID(s), hops, target and
# final response, the same in a single pass and with -2.
#
# SPDX-License-Identifier: GPL-2.0-or-later
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
caps="$SH_REPO/test-captures"

# The stats_tree text as "name<TAB>count" lines: names are what the first
# column holds (the Count column starts where the header's "Count" does).
rows() {
    python3 -c '
import sys
lines = sys.stdin.read().splitlines()
head = next((i for i, l in enumerate(lines) if l.startswith("Topic / Item")), None)
if head is None:
    sys.exit("no stats tree in the output")
col = lines[head].index("Count")
for l in lines[head + 2:]:
    if not l.strip() or l.startswith("---") or l.startswith("==="):
        continue
    print(l[:col].rstrip() + "\t" + l[col:].split()[0])
'
}

table() {  # table CAPTURE [tshark options...] -> $SH_HOME/rows.txt (both modes agree)
    local cap=$1
    shift
    sh_tshark -r "$caps/$cap" "$@" -q -z siphop,tree > "$SH_HOME/one.txt" 2> "$SH_HOME/err.txt" ||
        sh_fail "tshark -z siphop,tree failed on $cap: $(cat "$SH_HOME/err.txt")"
    sh_tshark -r "$caps/$cap" "$@" -2 -q -z siphop,tree > "$SH_HOME/two.txt" 2> "$SH_HOME/err.txt" ||
        sh_fail "tshark -2 -z siphop,tree failed on $cap: $(cat "$SH_HOME/err.txt")"
    rows < "$SH_HOME/one.txt" > "$SH_HOME/rows1.txt" || sh_fail "unreadable table: $(cat "$SH_HOME/one.txt")"
    rows < "$SH_HOME/two.txt" > "$SH_HOME/rows.txt" || sh_fail "unreadable table: $(cat "$SH_HOME/two.txt")"
    diff -u "$SH_HOME/rows1.txt" "$SH_HOME/rows.txt" >&2 || sh_fail "$cap: single pass and -2 tables differ"
}

expect() {  # expect CAPTURE "name<TAB>count" lines, in the table's order
    local cap=$1 want=$2
    diff -u <(printf '%s\n' "$want") "$SH_HOME/rows.txt" >&2 || sh_fail "$cap: call table differs; tshark printed:
$(cat "$SH_HOME/two.txt")"
}

T=$'\t'
table seed-delayed-offer-webex.pcapng
expect seed-delayed-offer-webex.pcapng "Call    1${T}12
 Verdict: FAILED: delayed offer toward company.webex.com (early offer only) -> 500 from hop 3 (Webex); fix: Early Offer on the CUCM SIP trunk${T}1
 Call-ID: e7672380-5991e82c-e0ca3-64151cac@172.28.21.100${T}12
 Final: 500 Internal Server Error, origin hop 3: Webex (114.29.213.174:5060), Server TANDBERG/4352 (X8.5.2-b2bua-1.0), Warning 399 Invalid content in far end 200 OK${T}1
 Hop 1: CUCM -> Expressway-C: delayed offer toward early-offer-only, 500 relayed from hop 3${T}4
 Hop 2: Expressway-C -> Expressway-E: delayed offer toward early-offer-only, 500 relayed from hop 3${T}4
 Hop 3: Expressway-E -> Webex: delayed offer toward early-offer-only, 500 origin${T}4
 Hops seen: 1-3${T}1
 Target: company.webex.com (early offer only)${T}1"

table early-offer-webex-ok.pcapng
expect early-offer-webex-ok.pcapng "Call    1${T}21
 Verdict: OK: early offer, 200${T}1
 Call-ID: f3a8b100-5991e8d2-e0cb1-64151cac@172.28.21.100${T}21
 Final: 200 on hop 1${T}1
 Hop 1: CUCM -> Expressway-C: early offer, 200${T}5
 Hop 2: Expressway-C -> Expressway-E: early offer, 200${T}5
 Hop 3: Expressway-E -> Webex: early offer, 200${T}5
 Hops seen: 1-3${T}1
 Target: company.webex.com (early offer only)${T}1"

# A B2BUA call: two Call-IDs in one row.
table b2bua-session-id.pcapng
grep -c '^ Call-ID: ' "$SH_HOME/rows.txt" | grep -qx 2 || sh_fail "b2bua: expected 2 Call-ID rows: $(cat "$SH_HOME/rows.txt")"
grep -q '^ Verdict: FAILED: delayed offer toward company.webex.com (early offer only) -> 500 from hop 3 (Webex)' \
    "$SH_HOME/rows.txt" || sh_fail "b2bua: verdict: $(cat "$SH_HOME/rows.txt")"

table cancelled-call.pcapng
grep -q "^ Verdict: CANCELLED: the caller cancelled (487)${T}" "$SH_HOME/rows.txt" ||
    sh_fail "cancelled: verdict: $(cat "$SH_HOME/rows.txt")"

table delayed-offer-other-ok.pcapng
grep -q "^ Verdict: OK: delayed offer, 200${T}" "$SH_HOME/rows.txt" ||
    sh_fail "delayed-offer-other-ok: verdict: $(cat "$SH_HOME/rows.txt")"

# The verdict is the call's outcome, with the class of its failure.
verdict() {  # verdict CAPTURE VERDICT: the table's only verdict row, in both modes (a single
             # pass lists no leg that never got a final response: the tables may differ there)
    local mode
    for mode in "" -2; do
        sh_tshark -r "$caps/$1" $mode -q -z siphop,tree > "$SH_HOME/one.txt" 2> "$SH_HOME/err.txt" ||
            sh_fail "tshark $mode -z siphop,tree failed on $1: $(cat "$SH_HOME/err.txt")"
        rows < "$SH_HOME/one.txt" > "$SH_HOME/rows.txt" || sh_fail "unreadable table: $(cat "$SH_HOME/one.txt")"
        grep -qxF " Verdict: $2${T}1" "$SH_HOME/rows.txt" ||
            sh_fail "$1 ${mode:-single pass}: verdict: $(grep Verdict "$SH_HOME/rows.txt")"
    done
}
verdict real-challenge-407.pcapng "OK: early offer, 200"          # the 407 was a challenge
verdict real-reinvite-rejected.pcapng "OK: early offer, 200"      # the re-INVITE failed, the call stayed up
verdict real-408-silent-next-hop.pcapng \
    "FAILED: no answer from the next hop -> 408 Request Timeout from hop 1 (Proxy); 127.0.0.21:5060 (hop 2, frame 3) never answered"
verdict real-fork-404-486.pcapng "FAILED: a routing or call-policy rejection -> 404 Not Found from hop 2 (Webex)"
verdict webex-503-becomes-500.pcapng \
    "FAILED: a server error or unavailable service -> 503 Service Unavailable from hop 3 (Webex)"
verdict busy-partner-early-offer.pcapng "BUSY: the callee is busy -> 486 Busy Here from hop 3 (203.0.113.50)"
verdict real-orphan-failure.pcapng \
    "FAILED: a server error or unavailable service -> 503 Service Unavailable from hop 2 (127.0.0.21); its INVITE is not in the capture"

# Hop 1 missing from the capture.
table seed-hop2-only.pcapng
grep -q "^ Hops seen: 2-3 (hops before 2 not captured)${T}" "$SH_HOME/rows.txt" ||
    sh_fail "seed-hop2-only: hops: $(cat "$SH_HOME/rows.txt")"
echo "ok: siphop,tree"
