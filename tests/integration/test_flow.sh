#!/usr/bin/env bash
# test_flow.sh: "tshark -z flow,siphop,standard" on the seed capture draws
# the call across its three hops with nodes named by role, arrows in order,
# in a single pass and with -2; other captures name what their headers
# allow (B2BUA, two hops over UDP).
#
# SPDX-License-Identifier: GPL-2.0-or-later
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
caps="$SH_REPO/test-captures"

# Parse the text ladder into "src -> dst | label | comment" lines, nodes first.
ladder() {
    python3 -c '
import sys
lines = sys.stdin.read().splitlines()
rows = [l for l in lines if l.startswith("|")]
if len(rows) < 2:
    sys.exit("no flow graph in the output")
nodes = []
for l in rows[:2]:
    body = l.split("|", 2)[2]          # after the time column
    pos = l.index(body)
    i = 0
    for cell in body.split("|"):
        name = cell.strip()
        if name:
            nodes.append((pos + i + cell.index(name), name))
        i += len(cell) + 1
nodes.sort()
print("nodes: " + ", ".join(n for _, n in nodes))
def nearest(p):
    return min(nodes, key=lambda n: abs(n[0] - p))[1]
for label_line, arrow in zip(rows[2::2], rows[3::2]):
    cells = label_line.split("|")
    label = next((c.strip() for c in cells[2:-1] if c.strip()), "")
    comment = cells[-1].strip()
    left = arrow.index("(") + 1
    right = arrow.rindex("(") + 1
    a, b = nearest(left), nearest(right)
    if "<--" in arrow:
        a, b = b, a
    print(f"{a} -> {b} | {label} | {comment}")
'
}

check() {  # check CAPTURE EXPECTED [tshark options...]
    local cap=$1 want=$2
    shift 2
    for mode in "" -2; do
        sh_tshark -r "$caps/$cap" "$@" $mode -q -z flow,siphop,standard > "$SH_HOME/flow.txt" 2> "$SH_HOME/err.txt" ||
            sh_fail "tshark -z flow,siphop failed on $cap: $(cat "$SH_HOME/err.txt")"
        ladder < "$SH_HOME/flow.txt" > "$SH_HOME/got.txt" || sh_fail "unreadable flow graph for $cap: $(cat "$SH_HOME/flow.txt")"
        if ! diff -u <(printf '%s\n' "$want") <(cut -d'|' -f1-2 "$SH_HOME/got.txt" | sed 's/ *$//') >&2; then
            sh_fail "flow graph of $cap (${mode:-single pass}) differs; tshark printed:
$(cat "$SH_HOME/flow.txt")"
        fi
    done
}

check seed-delayed-offer-webex.pcapng "nodes: CUCM, Expressway-C, Expressway-E, Webex
CUCM -> Expressway-C | INVITE (no SDP)
Expressway-C -> CUCM | 100
Expressway-C -> Expressway-E | INVITE (no SDP)
Expressway-E -> Expressway-C | 100
Expressway-E -> Webex | INVITE (no SDP)
Webex -> Expressway-E | 100
Webex -> Expressway-E | 500 (origin)
Expressway-E -> Webex | ACK
Expressway-E -> Expressway-C | 500 (relayed)
Expressway-C -> Expressway-E | ACK
Expressway-C -> CUCM | 500 (relayed)
CUCM -> Expressway-C | ACK"

# The comment column is siphop's label, as in the packet list.
grep -q '| 500 ORIGIN, call 1 hop 3/3, DO to webex.com (EO only)$' "$SH_HOME/got.txt" ||
    sh_fail "no failure-origin comment on the hop-3 500: $(cat "$SH_HOME/got.txt")"

# Expressway-C as a B2BUA: no zone on its own Via, named by Expressway-E's
# annotation of it (ingress-zone=TraversalServer...).
check b2bua-session-id.pcapng "nodes: CUCM, Expressway-C, Expressway-E, Webex
CUCM -> Expressway-C | INVITE (no SDP)
Expressway-C -> CUCM | 100
Expressway-C -> Expressway-E | INVITE (no SDP)
Expressway-E -> Expressway-C | 100
Expressway-E -> Webex | INVITE (no SDP)
Webex -> Expressway-E | 100
Webex -> Expressway-E | 500 (origin)
Expressway-E -> Webex | ACK
Expressway-E -> Expressway-C | 500 (relayed)
Expressway-C -> Expressway-E | ACK
Expressway-C -> CUCM | 500 (relayed)
CUCM -> Expressway-C | ACK"

# Retransmissions are arrows of their own, marked.
check udp-retransmission.pcapng "nodes: CUCM, Expressway, Webex
CUCM -> Expressway | INVITE (no SDP)
Expressway -> CUCM | 100
Expressway -> Webex | INVITE (no SDP)
Expressway -> Webex | INVITE (no SDP) rtx
Expressway -> Webex | INVITE (no SDP) rtx
Webex -> Expressway | 100
Webex -> Expressway | 500 (origin)
Expressway -> Webex | ACK
Expressway -> CUCM | 500 (relayed)
CUCM -> Expressway | ACK
Webex -> Expressway | 500 (origin) rtx
Expressway -> Webex | ACK rtx"

# A Session-ID link is no sign of an Expressway: Kamailio with topoh
# between the UAs is the proxy that passes the INVITE on.
check real-topoh-session-id.pcapng "nodes: 127.0.0.11, Proxy, Webex
127.0.0.11 -> Proxy | INVITE (SDP)
Proxy -> 127.0.0.11 | 100
Proxy -> Webex | INVITE (SDP)
Webex -> Proxy | 180
Proxy -> 127.0.0.11 | 180
Webex -> Proxy | 200 (SDP answer)
Proxy -> 127.0.0.11 | 200 (SDP answer)
127.0.0.11 -> Proxy | ACK
Proxy -> Webex | ACK
127.0.0.11 -> Proxy | BYE
Proxy -> Webex | BYE
Webex -> Proxy | 200
Proxy -> 127.0.0.11 | 200"

# A display filter limits the graph to one call.
sh_tshark -r "$caps/seed-delayed-offer-webex.pcapng" -q -z 'flow,siphop,standard,siphop.hop == 3' > "$SH_HOME/flow.txt" ||
    sh_fail "filtered flow failed"
n=$(ladder < "$SH_HOME/flow.txt" | grep -c ' -> ')
[ "$n" = 4 ] || sh_fail "filter siphop.hop == 3: expected 4 arrows, got $n"
echo "ok: flow,siphop"
