#!/usr/bin/env bash
# test_seed_presentation.sh: what a user sees on the seed capture, exactly:
# the label through -T fields and through a custom column, and the expert
# items as the Expert Information tap (tshark -z expert) reports them.
#
# SPDX-License-Identifier: GPL-2.0-or-later
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
cap="$SH_REPO/test-captures/seed-delayed-offer-webex.pcapng"

expected_labels='1	INVITE => 500 from hop 3, call 1 hop 1/3, DO to webex.com (EO only)
2	100, call 1 hop 1/3, DO to webex.com (EO only)
3	INVITE => 500 from hop 3, call 1 hop 2/3, DO to webex.com (EO only)
4	100, call 1 hop 2/3, DO to webex.com (EO only)
5	INVITE => 500 from hop 3, call 1 hop 3/3, DO to webex.com (EO only)
6	100, call 1 hop 3/3, DO to webex.com (EO only)
7	500 ORIGIN, call 1 hop 3/3, DO to webex.com (EO only)
8	ACK, call 1 hop 3/3, DO to webex.com (EO only)
9	500 relayed from hop 3, call 1 hop 2/3, DO to webex.com (EO only)
10	ACK, call 1 hop 2/3, DO to webex.com (EO only)
11	500 relayed from hop 3, call 1 hop 1/3, DO to webex.com (EO only)
12	ACK, call 1 hop 1/3, DO to webex.com (EO only)'

got=$(sh_tshark -r "$cap" -2 -T fields -e frame.number -e siphop.label)
[ "$got" = "$expected_labels" ] || sh_fail "labels (-2 -T fields) differ:
$(diff <(echo "$expected_labels") <(echo "$got"))"

# Single pass: an INVITE cannot know its final response yet, and "hop h/n"
# counts the hops seen so far.
got=$(sh_tshark -r "$cap" -T fields -e frame.number -e siphop.label)
want=$(echo "$expected_labels" | sed 's/ => 500 from hop 3,/,/; 1,2s|hop 1/3|hop 1/1|; 3,4s|hop 2/3|hop 2/2|')
[ "$got" = "$want" ] || sh_fail "labels (single pass) differ:
$(diff <(echo "$want") <(echo "$got"))"

# The custom column a user adds in the GUI, through tshark's column output.
col='gui.column.format:"No.","%m","siphop","%Cus:siphop.label"'
got=$(sh_tshark -r "$cap" -2 -o "$col" | sed 's/^ *//')
want=$(echo "$expected_labels" | tr '\t' ' ')
[ "$got" = "$want" ] || sh_fail "custom column differs:
$(diff <(echo "$want") <(echo "$got"))"

# The Expert Information tap sees siphop's items (two-pass and single pass).
for mode in -2 ""; do
    out=$(sh_tshark -r "$cap" $mode -q -z expert)
    echo "$out" | grep -q "Errors (1)" || sh_fail "expert tap ${mode:-single}: no single error: $out"
    # Cause first, whole (tshark -z expert prints the summary as Wireshark's
    # Expert Information does): no "[truncated]", no cut-off fix.
    echo "$out" | grep -q 'Delayed offer to webex.com (early offer only): 500 Internal Server Error on hop 3 (sent by 114.29.213.174:5060; Warning 399 "Invalid content in far end 200 OK")$' ||
        sh_fail "expert tap ${mode:-single}: failure origin missing or cut: $out"
    if echo "$out" | grep -q 'truncated'; then sh_fail "expert tap ${mode:-single}: a summary is truncated"; fi
    n=$(echo "$out" | grep -c "Delayed-offer INVITE toward company.webex.com" || true)
    [ "$n" -ge 1 ] || sh_fail "expert tap ${mode:-single}: delayed-offer warning missing"
    echo "$out" | grep -q "500 relayed from hop 3" || sh_fail "expert tap ${mode:-single}: relayed failure missing"
done

# The fix where the failure is: one line, then the steps in full, each a
# field of its own that Wireshark shows whole (a tree item holds 240 bytes).
fix=$(sh_tshark -r "$cap" -2 -Y siphop.failure_origin -T fields -e siphop.fix)
[ "$fix" = "Early Offer on the CUCM SIP trunk toward Expressway-C (its SIP Profile)" ] ||
    sh_fail "siphop.fix on the origin: '$fix'"
steps=$(sh_tshark -r "$cap" -2 -Y siphop.failure_origin -T fields -E occurrence=a -E aggregator='|' -e siphop.fix_step)
case "$steps" in *'"Early Offer support for voice and video calls"'*'"Best Effort (no MTP inserted)"'*'"Mandatory (insert MTP if needed)"'*'"Disabled (Default value)"'*"Media Termination Point Required"*) ;;
    *) sh_fail "siphop.fix_step on the origin: '$steps'" ;; esac
# In the details pane (tshark -V prints the tree's item labels): no item cut.
tree=$(sh_tshark -r "$cap" -2 -Y siphop.failure_origin -O siphop -V)
if grep -q 'truncated\|\.\.\.\]$' <<<"$tree"; then sh_fail "a siphop item is cut in the tree: $tree"; fi
grep -q 'Step: Set "Early Offer support for voice and video calls" to "Best Effort (no MTP inserted)"' <<<"$tree" ||
    sh_fail "the fix's steps are not in the tree: $tree"
# What each hop changed in the INVITE it passed on (sngrep-style, per hop):
# Expressway-C and -E each add a Via and two Record-Routes and lower
# Max-Forwards; the first leg has no previous hop, so no field.
got=$(sh_tshark -r "$cap" -2 -Y 'sip.Method == "INVITE"' -T fields -e frame.number -e siphop.changes)
want=$(printf '1\t\n3\tVia +1 (2); Max-Forwards 70 -> 15; Record-Route +2 (2)\n5\tVia +1 (3); Max-Forwards 15 -> 14; Record-Route +2 (4)')
[ "$got" = "$want" ] || sh_fail "siphop.changes per hop: got '$got'"
n=$(sh_tshark -r "$cap" -2 -Y 'siphop.changes contains "Record-Route +2"' | wc -l)
[ "$n" = 2 ] || sh_fail "siphop.changes is not filterable: $n frames"
# A B2BUA leg: a new Call-ID, its Contact, and the headers it does not pass on.
got=$(sh_tshark -r "$SH_REPO/test-captures/b2bua-session-id.pcapng" -2 -Y 'siphop.hop == 2 && sip.Method == "INVITE"' \
      -T fields -e siphop.changes)
[ "$got" = "Call-ID changed; Max-Forwards 70 -> 15; Contact changed; removed: Allow-Events, Call-Info, Date, Expires, Remote-Party-ID, X-TAATag" ] ||
    sh_fail "siphop.changes on the B2BUA leg: '$got'"
echo "ok: seed presentation"
