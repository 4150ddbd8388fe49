#!/usr/bin/env bash
# test_seed_presentation.sh: what a user sees on the seed capture, exactly:
# the label through -T fields and through a custom column, and the expert
# items as the Expert Information tap (tshark -z expert) reports them.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
cap="$SH_REPO/test-captures/seed-delayed-offer-webex.pcapng"

expected_labels='1	call 1 hop 1/3 DO to company.webex.com (EO req) INVITE => 500 from hop 3
2	call 1 hop 1/3 DO to company.webex.com (EO req) 100
3	call 1 hop 2/3 DO to company.webex.com (EO req) INVITE => 500 from hop 3
4	call 1 hop 2/3 DO to company.webex.com (EO req) 100
5	call 1 hop 3/3 DO to company.webex.com (EO req) INVITE => 500 from hop 3
6	call 1 hop 3/3 DO to company.webex.com (EO req) 100
7	call 1 hop 3/3 DO to company.webex.com (EO req) 500 ORIGIN
8	call 1 hop 3/3 DO to company.webex.com (EO req) ACK
9	call 1 hop 2/3 DO to company.webex.com (EO req) 500 relayed from hop 3
10	call 1 hop 2/3 DO to company.webex.com (EO req) ACK
11	call 1 hop 1/3 DO to company.webex.com (EO req) 500 relayed from hop 3
12	call 1 hop 1/3 DO to company.webex.com (EO req) ACK'
got=$(sh_tshark -r "$cap" -2 -T fields -e frame.number -e siphop.label)
[ "$got" = "$expected_labels" ] || sh_fail "labels (-2 -T fields) differ:
$(diff <(echo "$expected_labels") <(echo "$got"))"

# Single pass: an INVITE cannot know its final response yet, and "hop h/n"
# counts the hops seen so far.
got=$(sh_tshark -r "$cap" -T fields -e frame.number -e siphop.label)
want=$(echo "$expected_labels" | sed 's/ => 500 from hop 3$//; 1,2s|hop 1/3|hop 1/1|; 3,4s|hop 2/3|hop 2/2|')
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
    echo "$out" | grep -q "500 Internal Server Error originated on hop 3 (sent by 114.29.213.174:5060; Warning 399" ||
        sh_fail "expert tap ${mode:-single}: failure origin missing"
    n=$(echo "$out" | grep -c "Delayed-offer INVITE toward company.webex.com" || true)
    [ "$n" -ge 1 ] || sh_fail "expert tap ${mode:-single}: delayed-offer warning missing"
    echo "$out" | grep -q "500 relayed from hop 3" || sh_fail "expert tap ${mode:-single}: relayed failure missing"
done

# The fix is spelled out in full where the failure is.
fix=$(sh_tshark -r "$cap" -2 -Y siphop.failure_origin -T fields -e siphop.fix)
case "$fix" in *"Early Offer support for voice and video calls"*"Media Termination Point Required"*) ;;
    *) sh_fail "siphop.fix on the origin: '$fix'" ;; esac
echo "ok: seed presentation"
