#!/usr/bin/env bash
# test_hostile.sh NAME: siphop on the hostile capture NAME (written by
# tests/captures/gen-hostile-captures.py into a temporary folder) in single pass and
# two-pass: no crash, no dissector bug, no sanitizer report, no hang
# (SH_HOSTILE_TIMEOUT seconds per tshark run), and the verdict or expert note
# that says which limit was hit. The flood also bounds tshark's peak memory
# with siphop against its peak with siphop disabled. See docs/robustness.md.
#
# SPDX-License-Identifier: GPL-2.0-or-later
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
name=${1:?usage: $0 NAME}
timeout_s=${SH_HOSTILE_TIMEOUT:-600}

python3 "$SH_REPO/tests/captures/gen-hostile-captures.py" --out "$SH_HOME" --only "$name" > /dev/null ||
    sh_fail "gen-hostile-captures.py --only $name"
cap="$SH_HOME/$name.pcapng"

# The plugin is a sanitizer build: memory figures mean nothing then.
asan=false
ldd "$SIPHOP_PLUGIN" 2>/dev/null | grep -q libasan && asan=true

# run OUT ARGS...: tshark with the plugin; fails on a crash, a hang, a
# dissector bug or a sanitizer report. Exit status in $rc, seconds in $secs,
# peak RSS of tshark (KiB) in $rss.
run() {
    local out=$1 stats
    shift
    stats=$(python3 - "$out" "$SH_HOME/err.txt" "$timeout_s" "$SH_REPO/tools/siphop-tshark" "$@" <<'EOF'
import resource, subprocess, sys, time
out, err, limit, cmd = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
t = time.monotonic()
with open(out, "wb") as o, open(err, "wb") as e:
    rc = subprocess.run(["timeout", "--kill-after=10", limit] + cmd, stdout=o, stderr=e).returncode
print(rc, "%.1f" % (time.monotonic() - t), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
EOF
)
    read -r rc secs rss <<< "$stats"
    [ "$rc" != 124 ] && [ "$rc" != 137 ] || sh_fail "$name $*: no result after ${timeout_s}s (hang?)"
    # $wireshark_bug: a known dissector bug of Wireshark's own, cut out of the
    # output before looking (only where a case sets it).
    if sed -E "s/${wireshark_bug:-@none@}//g" "$out" "$SH_HOME/err.txt" |
           grep -qE 'Dissector bug|ERROR: AddressSanitizer|runtime error:|LeakSanitizer'; then
        grep -E -m5 'Dissector bug|ERROR: AddressSanitizer|runtime error:|SUMMARY' "$out" "$SH_HOME/err.txt" >&2
        sh_fail "$name $*: dissector bug or sanitizer report"
    fi
    [ "$rc" -lt 128 ] || sh_fail "$name $*: tshark died of signal $((rc - 128)) ($(head -c 300 "$SH_HOME/err.txt"))"
}

# ok ARGS...: run and require exit status 0.
ok() {
    run "$SH_HOME/out.txt" "$@"
    [ "$rc" = 0 ] || sh_fail "$name $*: tshark exit $rc ($(head -c 300 "$SH_HOME/err.txt"))"
}

# frames FILTER [ARGS...]: frame numbers matching FILTER into $got, both
# modes; the two modes must agree.
frames() {
    local filter=$1 one two
    shift
    ok -r "$cap" "$@" -Y "$filter" -T fields -e frame.number
    one=$(sort -n "$SH_HOME/out.txt" | tr '\n' ' ')
    ok -r "$cap" "$@" -2 -Y "$filter" -T fields -e frame.number
    two=$(sort -n "$SH_HOME/out.txt" | tr '\n' ' ')
    [ "$one" = "$two" ] || sh_fail "$name -Y '$filter': single pass '$one', two-pass '$two'"
    got=$one
}

expect() {  # expect WHAT GOT WANT
    [ "$2" = "$3" ] || sh_fail "$name: $1: got '$2', expected '$3'"
}

case "$name" in
colliding-branches)
    # Same sent-by and branch, different Call-IDs: two calls.
    frames 'siphop.call == 1'; expect "call 1" "$got" "1 2 3 "
    frames 'siphop.call == 2'; expect "call 2" "$got" "4 5 6 "
    frames 'siphop.invite == 4'; expect "each 486 its own INVITE" "$got" "5 6 "
    ;;
via-loop)
    frames 'siphop.via_loop && sip.Method == "INVITE"'; expect "via_loop" "$got" "1 "
    ;;
orphan-response)
    frames siphop.orphan; expect "orphans" "$got" "1 2 3 "
    ;;
cut-mid-message)
    frames 'siphop.call == 1'; expect "first call" "$got" "1 2 3 4 "
    # The file itself cut in the middle of its last record: tshark reports
    # it, siphop still analysed what came before.
    size=$(wc -c < "$cap")
    head -c $((size - 40)) "$cap" > "$SH_HOME/cut-file.pcapng"
    for mode in "" -2; do
        run "$SH_HOME/out.txt" -r "$SH_HOME/cut-file.pcapng" $mode -Y 'siphop.call == 1' -T fields -e frame.number
        grep -qi 'cut short\|truncated' "$SH_HOME/err.txt" || [ "$rc" = 0 ] ||
            sh_fail "$name cut file ${mode:-single pass}: exit $rc ($(head -c 300 "$SH_HOME/err.txt"))"
        expect "cut file ${mode:-single pass}" "$(sort -n "$SH_HOME/out.txt" | tr '\n' ' ')" "1 2 3 4 "
    done
    # Every frame cut to 120 bytes (snaplen): headers only, no crash.
    editcap -s 120 "$cap" "$SH_HOME/snap.pcapng" || sh_fail "editcap -s 120"
    cap="$SH_HOME/snap.pcapng"
    for mode in "" -2; do ok -r "$cap" $mode -V; done
    # A UDP INVITE cut by the snaplen before its body ends: the offer is
    # unknown (not a delayed offer), said once on the INVITE.
    editcap -s 400 "$SH_REPO/test-captures/udp-retransmission.pcapng" "$SH_HOME/snap-udp.pcapng" ||
        sh_fail "editcap -s 400"
    for mode in "" -2; do
        ok -r "$SH_HOME/snap-udp.pcapng" $mode -Y 'siphop.offer_unknown' -T fields -e frame.number -e siphop.offer
        expect "offer unknown ${mode:-single pass}" "$(tr '\n\t' '  ' < "$SH_HOME/out.txt")" "1 unknown "
        ok -r "$SH_HOME/snap-udp.pcapng" $mode -Y 'siphop.delayed_offer || siphop.failure.delayed_offer' \
            -T fields -e frame.number
        expect "no delayed offer blamed ${mode:-single pass}" "$(tr '\n' ' ' < "$SH_HOME/out.txt")" ""
    done
    ;;
many-messages-one-segment)
    frames siphop.limit; expect "limit note" "$got" "1 "
    ok -r "$cap" -T fields -e _ws.expert.message
    grep -q '36 more SIP messages in this frame not analysed (siphop analyses at most 64 per frame)' "$SH_HOME/out.txt" ||
        sh_fail "$name: no note naming the 36 messages left out"
    for mode in "" -2; do
        ok -r "$cap" $mode -T fields -e siphop.vias -E occurrence=a -E aggregator=' '
        expect "messages analysed ${mode:-single pass}" "$(wc -w < "$SH_HOME/out.txt" | tr -d ' ')" 64
    done
    ;;
three-calls)
    frames siphop.limit; expect "no limit by default" "$got" ""
    frames siphop.limit -o siphop.max_calls:1; expect "max_calls:1" "$got" "5 6 7 8 9 10 11 12 "
    frames 'siphop.call == 1' -o siphop.max_calls:1; expect "call 1 still tracked" "$got" "1 2 3 4 "
    ok -r "$cap" -o siphop.max_calls:1 -T fields -e _ws.expert.message
    grep -q 'Not tracked: calls limit reached (preference siphop.max_calls = 1)' "$SH_HOME/out.txt" ||
        sh_fail "$name: the INVITE's note does not name the limit"
    grep -q 'No tracked INVITE for this message: calls limit reached (preference siphop.max_calls = 1)' "$SH_HOME/out.txt" ||
        sh_fail "$name: the responses' note does not name the limit"
    ! grep -q 'No INVITE for this message in the capture' "$SH_HOME/out.txt" ||
        sh_fail "$name: responses of untracked calls called orphans"
    ;;
vias-10000)
    frames 'sip.Method == "INVITE"'; invite=$got
    [ -n "$invite" ] || sh_fail "$name: no INVITE dissected"
    frames 'siphop.vias_truncated && sip.Method == "INVITE"'; expect "vias_truncated" "$got" "$invite"
    frames sip; sip=$got
    frames 'siphop.vias == 10000'; expect "Via count" "$got" "$sip"
    frames 'siphop.hop == 10000 && sip.Method == "INVITE"'; expect "hop from the Via count" "$got" "$invite"
    ok -r "$cap" -T fields -e _ws.expert.message
    grep -q '10000 Vias: only the top 70 were parsed (preference siphop.max_vias)' "$SH_HOME/out.txt" ||
        sh_fail "$name: no note naming the Via limit"
    # Hostile preferences: used clamped to their range (1 to 1024), said in the note.
    for v in 0:1 4294967295:1024; do
        ok -r "$cap" -o "siphop.max_vias:${v%%:*}" -o siphop.max_legs:0 -o siphop.max_calls:4294967295 \
            -o siphop.link_window:4294967295 -T fields -e _ws.expert.message -e siphop.hop
        grep -q "10000 Vias: only the top ${v##*:} were parsed (preference siphop.max_vias)" "$SH_HOME/out.txt" ||
            sh_fail "$name: max_vias ${v%%:*} not clamped to ${v##*:}: $(head -c 300 "$SH_HOME/out.txt")"
        grep -q '10000$' "$SH_HOME/out.txt" || sh_fail "$name: max_vias ${v%%:*}: hop not 10000"
    done
    ;;
header-1mib)
    frames 'sip.Method == "INVITE" || sip.Status-Code == 486'; want=$got
    [ "$(wc -w <<< "$want")" = 4 ] || sh_fail "$name: SIP dissected '$want', expected 2 INVITEs and 2 486s"
    frames siphop.call; expect "analysed" "$got" "$want"
    frames 'siphop.call == 2'; expect "call 2" "$(wc -w <<< "$got")" 2
    for mode in "" -2; do ok -r "$cap" $mode -V; done
    ;;
invite-flood-100k)
    for mode in "" -2; do
        ok -r "$cap" $mode --disable-protocol siphop -Y siphop.limit -T fields -e frame.number
        base_rss=$rss base_secs=$secs
        ok -r "$cap" $mode -Y siphop.limit -T fields -e frame.number
        limited=$(wc -l < "$SH_HOME/out.txt" | tr -d ' ')
        growth=$((rss - base_rss))
        echo "${mode:-single pass}: without siphop ${base_rss} KiB ${base_secs} s; with ${rss} KiB ${secs} s; growth ${growth} KiB"
        expect "INVITEs beyond max_legs ${mode:-single pass}" "$limited" $((100000 - 64))
        # The tracker keeps 64 legs; what grows is the per-frame record
        # (~150 bytes a frame). 48 MiB for 100,000 frames is generous.
        if ! $asan; then
            [ "$growth" -lt $((48 * 1024)) ] ||
                sh_fail "$name ${mode:-single pass}: peak RSS grew by ${growth} KiB with siphop (bound 48 MiB)"
        fi
        awk -v a="$secs" -v b="$base_secs" 'BEGIN { exit !(a <= 4 * b + 60) }' ||
            sh_fail "$name ${mode:-single pass}: ${secs} s with siphop, ${base_secs} s without"
    done
    ok -r "$cap" -T fields -e _ws.expert.message -c 100
    grep -q 'Not tracked: call 1 reached its legs limit (preference siphop.max_legs = 64)' "$SH_HOME/out.txt" ||
        sh_fail "$name: no note naming the legs limit"
    ;;
sip-dissector-bug)
    # Wireshark's own SIP dissector (4.0 to 4.6) fails an assertion on this
    # INVITE's Session-ID line (docs/wireshark-intree.md). Not siphop's bug:
    # without the abort that the tests set, Wireshark marks the packet
    # malformed and goes on, and siphop, reading the message bytes, must
    # still analyse it. That one dissector bug, from SIP, is allowed here;
    # any other fails the run as everywhere.
    unset WIRESHARK_ABORT_ON_DISSECTOR_BUG
    wireshark_bug='Dissector bug, protocol SIP[:,].*tvbuff\.c:[0-9]+: failed assertion "abs_length >= -1"'
    for mode in "" -2; do
        ok -r "$cap" $mode -T fields -e frame.number -e siphop.label -e _ws.malformed
        grep -qE "$wireshark_bug" "$SH_HOME/out.txt" ||
            echo "note: this Wireshark's SIP dissector no longer fails on the Session-ID line"
        expect "label ${mode:-single pass}" "$(cut -f1,2 "$SH_HOME/out.txt")" \
            "$(printf '1\tINVITE, call 1 hop 1/1, DO to webex.com (EO only)')"
    done
    frames siphop.failure.delayed_offer; expect "delayed offer to Webex" "$got" ""
    frames siphop.delayed_offer; expect "delayed offer seen" "$got" "1 "
    ;;
*)
    sh_fail "unknown hostile capture $name"
    ;;
esac
echo "ok: hostile $name"
