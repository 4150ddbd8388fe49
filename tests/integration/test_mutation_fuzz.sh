#!/usr/bin/env bash
# test_mutation_fuzz.sh GROUP [CORPUS_DIR]: mutation fuzzing the way
# Wireshark's tools/fuzz-test.sh does it: editcap -E flips random bytes of
# each packet, then tshark dissects the result with siphop, single pass and
# two-pass, with a full tree (-V) and WIRESHARK_ABORT_ON_DISSECTOR_BUG=1.
#
#   GROUP captures  every test-captures/*.pcapng
#         hostile   every small (committed) test-captures/hostile/*.pcapng
#         corpus    a few captures of CORPUS_DIR (../shared/corpus); skips (77)
#                   without it
#
# SIPHOP_MUTATIONS mutations per capture (default 10 with a sanitizer-built
# plugin, where memory errors show; 3 with the plain one, where only crashes
# and aborts do: tools/run-tests.sh runs both builds), each with a fixed
# seed, so every run tests the same files: mutation i uses
#   editcap -E P -o O --seed S
# with P = 0.02 (0.005 every third), O = 54 (keeps Ethernet/IPv4/TCP headers
# so the packets stay SIP; 0 every fifth) and S = 1000 * capture index + i.
#
# A crash, abort, hang (SH_MUTATION_TIMEOUT s), dissector bug or sanitizer
# report fails the test, unless tshark fails the same way with siphop
# disabled: then it is Wireshark's own bug, reported but not held against
# siphop. The failing file is kept in SIPHOP_MUTATION_KEEP (default
# $TMPDIR/siphop-mutation-failures) and its editcap command printed.
#
# SPDX-License-Identifier: GPL-2.0-or-later
here=$(cd "$(dirname "$0")" && pwd)
group=${1:?usage: $0 captures|hostile|corpus [CORPUS_DIR]}
corpus=${2:-}
if [ "$group" = corpus ] && [ ! -d "$corpus" ]; then
    echo "SKIP: corpus $corpus not present"
    exit 77
fi
. "$here/lib.sh"
mutations=3
ldd "$SIPHOP_PLUGIN" 2>/dev/null | grep -q libasan && mutations=10
mutations=${SIPHOP_MUTATIONS:-$mutations}
timeout_s=${SH_MUTATION_TIMEOUT:-120}
keep=${SIPHOP_MUTATION_KEEP:-${TMPDIR:-/tmp}/siphop-mutation-failures}

files=()
case "$group" in
captures) for f in "$SH_REPO"/test-captures/*.pcapng; do [ -f "$f" ] && files+=("$f"); done ;;
hostile)  # the committed ones (the large, generated ones may lie there too)
          for f in "$SH_REPO"/test-captures/hostile/*.pcapng; do
              [ -f "$f" ] && [ "$(wc -c < "$f")" -le 262144 ] && files+=("$f")
          done ;;
corpus)
    # SIP over TCP and UDP, compact forms, long paths, a body, IPv6 fragments.
    for n in sipnab_sip-over-tcp.pcap surv_sip_compact_form.pcap zeek_sip-long-request-response-paths.pcap \
             surv_sip-body-large.pcap sngrep_ipv6frag.pcap ppp_sip_resp.pcap; do
        [ -f "$corpus/$n" ] && files+=("$corpus/$n")
    done
    if [ ${#files[@]} -eq 0 ]; then   # another corpus: its first few captures
        for f in "$corpus"/*.pcap "$corpus"/*.pcapng "$corpus"/*.cap; do
            [ -f "$f" ] && [ ${#files[@]} -lt 6 ] && files+=("$f")
        done
    fi ;;
*) sh_fail "unknown group $group" ;;
esac
[ ${#files[@]} -gt 0 ] || sh_fail "no captures for group $group"

# dissect FILE MODE [ARGS...]: tshark -V; sets $rc and $why ("" when fine).
dissect() {
    local f=$1 mode=$2
    shift 2
    why= rc=0
    timeout --kill-after=10 "$timeout_s" "$SH_REPO/tools/siphop-tshark" -r "$f" $mode "$@" -V \
        > "$SH_HOME/out.txt" 2> "$SH_HOME/err.txt" || rc=$?
    if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
        why="no result after ${timeout_s}s (hang?)"
    elif grep -qE 'ERROR: AddressSanitizer|runtime error:|LeakSanitizer' "$SH_HOME/err.txt"; then
        why="sanitizer report: $(grep -E -m3 'ERROR: AddressSanitizer|runtime error:|SUMMARY' "$SH_HOME/err.txt" | tr '\n' ' ')"
    elif grep -q 'Dissector bug' "$SH_HOME/out.txt" "$SH_HOME/err.txt"; then
        why="dissector bug: $(grep -h -m2 'Dissector bug' "$SH_HOME/out.txt" "$SH_HOME/err.txt" | tr '\n' ' ')"
    elif [ "$rc" -ge 128 ]; then
        why="signal $((rc - 128)): $(tail -c 300 "$SH_HOME/err.txt" | tr '\n' ' ')"
    elif [ "$rc" != 0 ] && [ "$rc" != 2 ]; then
        why="exit $rc: $(tail -c 300 "$SH_HOME/err.txt" | tr '\n' ' ')"
    fi
}

runs=0 failures=0 wireshark_bugs=0
start=$(date +%s)
for idx in "${!files[@]}"; do
    f=${files[$idx]}
    base=$(basename "$f")
    for ((i = 0; i < mutations; i++)); do
        prob=0.02 off=54
        [ $((i % 3)) = 2 ] && prob=0.005
        [ $((i % 5)) = 4 ] && off=0
        seed=$((1000 * (idx + 1) + i))
        mut="$SH_HOME/mut.pcapng"
        editcap -E "$prob" -o "$off" --seed "$seed" "$f" "$mut" > /dev/null 2>&1 ||
            sh_fail "editcap -E $prob -o $off --seed $seed $f"
        for mode in "" -2; do
            runs=$((runs + 1))
            dissect "$mut" "$mode"
            [ -z "$why" ] && continue
            recipe="editcap -E $prob -o $off --seed $seed $f mutated.pcapng; tools/siphop-tshark -r mutated.pcapng ${mode:+$mode }-V"
            mkdir -p "$keep"
            cp "$mut" "$keep/${base%.*}.E$prob.o$off.seed$seed.pcapng"
            first_why=$why
            dissect "$mut" "$mode" --disable-protocol siphop
            if [ -n "$why" ]; then
                wireshark_bugs=$((wireshark_bugs + 1))
                echo "WIRESHARK (also without siphop): $base mutation $i ${mode:-single pass}: $first_why"
                echo "  reproduce: $recipe"
            else
                failures=$((failures + 1))
                echo "FAIL: $base mutation $i ${mode:-single pass}: $first_why"
                echo "  reproduce: $recipe"
                echo "  kept: $keep/${base%.*}.E$prob.o$off.seed$seed.pcapng"
            fi
        done
    done
done
echo "$group: ${#files[@]} captures x $mutations mutations x 2 modes = $runs tshark runs in $(( $(date +%s) - start )) s;" \
     "$failures siphop failures, $wireshark_bugs Wireshark-only failures"
[ "$failures" = 0 ] || exit 1
echo "ok: mutation fuzzing $group"
