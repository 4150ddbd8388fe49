#!/usr/bin/env bash
# test_calls.sh: the call list and its summary, as tshark prints them:
#   -z siphop,calls     one line per call: call, start, From, To, hops, offer,
#                       target, final status, failure class, origin, verdict,
#                       Call-ID(s) (Telephony > SIP Calls across Hops (siphop))
#   -z siphop,summary   calls by verdict and by failure class
#                       (Telephony > SIP Call Outcomes (siphop))
# on the bundled captures and on five of them in one file; the same in a
# single pass and with -2 where the single pass knows everything.
#
# SPDX-License-Identifier: GPL-2.0-or-later
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
caps="$SH_REPO/test-captures"
T=$'\t'

# One block of tshark's stat table text as TSV: the header line (column
# names), then each row; cells trimmed. $1: the block's title.
block() {
    python3 -c '
import sys
title = sys.argv[1]
lines = sys.stdin.read().splitlines()
try:
    i = lines.index(title + ":")
except ValueError:
    sys.exit("no \"%s\" in the output" % title)
assert lines[i + 1].startswith("Filter for statistics:"), lines[i + 1]
cells = lambda l: [c.strip() for c in l.split(" |")[:-1]]
print("\t".join(cells(lines[i + 2])))
for l in lines[i + 3:]:
    if l.startswith("====="):
        break
    if " |" not in l:          # a table title ("By verdict" ...)
        print("# " + l)
        continue
    print("\t".join(cells(l)))
' "$1"
}

calls() {  # calls CAPTURE [tshark options...] -> $SH_HOME/calls.tsv (and summary.tsv)
    local cap=$1
    shift
    sh_tshark -r "$cap" "$@" -q -z siphop,calls -z siphop,summary > "$SH_HOME/out.txt" 2> "$SH_HOME/err.txt" ||
        sh_fail "tshark $* -z siphop,calls failed on $cap: $(cat "$SH_HOME/err.txt")"
    block "SIP Calls across Hops (siphop)" < "$SH_HOME/out.txt" > "$SH_HOME/calls.tsv" ||
        sh_fail "$cap: no call list: $(cat "$SH_HOME/out.txt")"
    block "SIP Call Outcomes (siphop)" < "$SH_HOME/out.txt" > "$SH_HOME/summary.tsv" ||
        sh_fail "$cap: no summary: $(cat "$SH_HOME/out.txt")"
}

both() {  # both CAPTURE: the call list with -2, the same in a single pass
    calls "$1" -2
    cp "$SH_HOME/calls.tsv" "$SH_HOME/calls2.tsv"
    calls "$1"
    diff -u "$SH_HOME/calls2.tsv" "$SH_HOME/calls.tsv" >&2 || sh_fail "$1: single pass and -2 call lists differ"
}

header="Call${T}Start (s)${T}From${T}To${T}Hops${T}Offer${T}Target${T}Final${T}Class${T}Origin${T}Verdict${T}Call-ID(s)"
expect_rows() {  # expect_rows CAPTURE ROWS (without the header)
    diff -u <(printf '%s\n%s\n' "$header" "# SIP calls (filter: siphop.call == Call)"; printf '%s\n' "$2") \
        "$SH_HOME/calls.tsv" >&2 || sh_fail "$1: call list differs; tshark printed:
$(cat "$SH_HOME/out.txt")"
}

both "$caps/seed-delayed-offer-webex.pcapng"
expect_rows seed "1${T}0.000000${T}172.28.21.100${T}34IBJumtlZRvmrI5t7WQjMhA@company.webex.com${T}1-3${T}delayed${T}company.webex.com (EO only)${T}500${T}delayed-offer${T}hop 3 Webex${T}FAILED: delayed offer toward company.webex.com (early offer only) -> 500 from hop 3 (Webex); fix: Early Offer on the CUCM SIP trunk${T}e7672380-5991e82c-e0ca3-64151cac@172.28.21.100"

both "$caps/real-fork-404-486.pcapng"
expect_rows fork "1${T}0.000000${T}1001@127.0.0.11${T}alice@company.webex.com${T}1-2${T}delayed${T}company.webex.com (EO only)${T}404${T}routing-policy${T}hop 2 Webex${T}FAILED: a routing or call-policy rejection -> 404 Not Found from hop 2 (Webex)${T}1-788@127.0.0.11"

both "$caps/busy-partner-early-offer.pcapng"
expect_rows busy "1${T}0.000000${T}172.28.21.100${T}1234@partner.example.com${T}1-3${T}early${T}partner.example.com${T}486${T}busy${T}hop 3 203.0.113.50${T}BUSY: the callee is busy -> 486 Busy Here from hop 3 (203.0.113.50)${T}2a91d700-5991f5a2-e0cc9-64151cac@172.28.21.100"

# A B2BUA call: one row, both Call-IDs.
both "$caps/b2bua-session-id.pcapng"
expect_rows b2bua "1${T}0.000000${T}172.28.21.100${T}34IBJumtlZRvmrI5t7WQjMhA@company.webex.com${T}1-3${T}delayed${T}company.webex.com (EO only)${T}500${T}delayed-offer${T}hop 3 Webex${T}FAILED: delayed offer toward company.webex.com (early offer only) -> 500 from hop 3 (Webex); fix: Early Offer on the CUCM SIP trunk${T}8e4f0a00-59921b4c-e0ce2-64151cac@172.28.21.100 76ef7235506bc75e3dd55807ac0865fb@172.28.21.104"

# Known only by a failure whose INVITE is not in the capture.
both "$caps/real-orphan-failure.pcapng"
expect_rows orphan "1${T}0.000000${T}1001@127.0.0.11${T}henry@partner.example.com${T}2${T}${T}${T}503${T}unavailable${T}hop 2 127.0.0.21${T}FAILED: a server error or unavailable service -> 503 Service Unavailable from hop 2 (127.0.0.21); its INVITE is not in the capture${T}1-23714@127.0.0.11"

# The verdict column is the core's verdict, as in the call tree.
verdict() {  # verdict CAPTURE VERDICT CLASS (with -2)
    calls "$caps/$1" -2
    [ "$(grep -c -v -e '^#' "$SH_HOME/calls.tsv")" = 2 ] || sh_fail "$1: not one row: $(cat "$SH_HOME/calls.tsv")"
    [ "$(tail -1 "$SH_HOME/calls.tsv" | cut -f9,11)" = "$3${T}$2" ] ||
        sh_fail "$1: class and verdict: $(tail -1 "$SH_HOME/calls.tsv" | cut -f9,11)"
}
verdict real-challenge-407.pcapng "OK: early offer, 200" ""
verdict real-reinvite-rejected.pcapng "OK: early offer, 200" ""
verdict cancelled-call.pcapng "CANCELLED: the caller cancelled (487)" cancelled
verdict webex-503-becomes-500.pcapng \
    "FAILED: a server error or unavailable service -> 503 Service Unavailable from hop 3 (Webex)" unavailable
verdict real-408-silent-next-hop.pcapng \
    "FAILED: no answer from the next hop -> 408 Request Timeout from hop 1 (Proxy); 127.0.0.21:5060 (hop 2, frame 3) never answered" \
    no-answer

# Several calls in one file: one line per call, in call order, as many as
# siphop numbered; the summary counts them by verdict and by class.
mergecap -a -w "$SH_HOME/five.pcapng" "$caps/seed-delayed-offer-webex.pcapng" "$caps/busy-partner-early-offer.pcapng" \
    "$caps/real-fork-404-486.pcapng" "$caps/cancelled-call.pcapng" "$caps/early-offer-webex-ok.pcapng" ||
    sh_fail "mergecap failed"
calls "$SH_HOME/five.pcapng" -2
n=$(sh_tshark -r "$SH_HOME/five.pcapng" -2 -T fields -e siphop.call 2>/dev/null | tr ',' '\n' | grep -v '^$' | sort -un | wc -l)
[ "$n" = 5 ] || sh_fail "five: siphop numbers $n calls"
[ "$(grep -v '^#' "$SH_HOME/calls.tsv" | tail -n +2 | cut -f1 | tr '\n' ' ')" = "1 2 3 4 5 " ] ||
    sh_fail "five: not one row per call in order: $(cat "$SH_HOME/calls.tsv")"
[ "$(grep -v '^#' "$SH_HOME/calls.tsv" | tail -n +2 | cut -f9 | tr '\n' ',')" = "delayed-offer,busy,routing-policy,cancelled,," ] ||
    sh_fail "five: classes: $(cut -f9 "$SH_HOME/calls.tsv")"
# Every line of the list but the last two columns lines up under the header
# when the values fit their width (here: all but To, Start of later files).
awk -F' [|]' '/^ +[0-9]+ [|]/ { if (length($1) != 6) bad = bad " " $0 } END { if (bad) { print bad; exit 1 } }' \
    "$SH_HOME/out.txt" >&2 || sh_fail "five: the Call column is not 6 wide"

# The summary: the total, the verdicts as met, every class in the core's order.
diff -u - <(grep -v -e "${T}0${T}0.0%${T}" "$SH_HOME/summary.tsv") >&2 <<EOF || sh_fail "five: summary differs"
Outcome${T}Calls${T}Percent${T}Meaning
# By verdict
(all calls)${T}5${T}100.0%${T}
FAILED${T}2${T}40.0%${T}
BUSY${T}1${T}20.0%${T}
CANCELLED${T}1${T}20.0%${T}
OK${T}1${T}20.0%${T}
# By failure class
(none)${T}1${T}20.0%${T}
cancelled${T}1${T}20.0%${T}Cancelled by the caller
busy${T}1${T}20.0%${T}Callee busy
routing-policy${T}1${T}20.0%${T}Routing or call-policy rejection
delayed-offer${T}1${T}20.0%${T}Delayed offer rejected by an early-offer-only destination
EOF
# Every class of the core has its row, zero or not.
classes=$(sed -n '/^typedef enum sh_failure_class/,/} sh_failure_class;/p' "$SH_REPO/include/siphop/tracker.h" |
    grep -c '^ *SH_FC_[A-Z_]*[ ,=]')   # SH_FC_NONE ... the one before SH_FC_COUNT
[ "$(sed -n '/^# By failure class/,$p' "$SH_HOME/summary.tsv" | tail -n +2 | wc -l)" = "$classes" ] ||
    sh_fail "five: not one summary row per failure class: $(cat "$SH_HOME/summary.tsv")"

# A display filter limits both; the rest of the file is not counted.
sh_tshark -r "$SH_HOME/five.pcapng" -2 -q -z 'siphop,calls,siphop.call == 3' -z 'siphop,summary,siphop.call == 3' \
    > "$SH_HOME/out.txt" 2> "$SH_HOME/err.txt" || sh_fail "filtered: $(cat "$SH_HOME/err.txt")"
block "SIP Calls across Hops (siphop)" < "$SH_HOME/out.txt" > "$SH_HOME/calls.tsv"
[ "$(grep -v '^#' "$SH_HOME/calls.tsv" | tail -n +2 | cut -f1)" = 3 ] ||
    sh_fail "filtered call list: $(cat "$SH_HOME/out.txt")"
block "SIP Call Outcomes (siphop)" < "$SH_HOME/out.txt" > "$SH_HOME/summary.tsv"
grep -qx "(all calls)${T}1${T}100.0%${T}" "$SH_HOME/summary.tsv" ||
    sh_fail "filtered summary: $(cat "$SH_HOME/out.txt")"
echo "ok: siphop,calls and siphop,summary"
