#!/usr/bin/env bash
# test_valgrind.sh GROUP [CORPUS_DIR]: tshark with the normal (not
# sanitized) plugin under valgrind memcheck on a few small captures, single
# pass and two-pass, with a full tree.
#
#   GROUP captures  four bundled and hostile captures
#         corpus    one capture of CORPUS_DIR (../shared/corpus); 77 without
#
# Fails on any memcheck error (invalid read/write, uninitialised value,
# bad free ...) or definitely lost block whose stack names siphop (the
# plugin's .so or one of its source files). Errors elsewhere (glib, tshark)
# are counted and shown, not held against siphop; known ones are silenced by
# tests/valgrind.supp. Skips (77) without valgrind or with a sanitizer-built
# plugin (valgrind and ASan do not mix).
#
# SPDX-License-Identifier: GPL-2.0-or-later
here=$(cd "$(dirname "$0")" && pwd)
group=${1:?usage: $0 captures|corpus [CORPUS_DIR]}
corpus=${2:-}
command -v valgrind > /dev/null || { echo "SKIP: valgrind not installed"; exit 77; }
if ldd "${SIPHOP_PLUGIN:?set by ctest}" 2>/dev/null | grep -q libasan; then
    echo "SKIP: $SIPHOP_PLUGIN is a sanitizer build"
    exit 77
fi
if [ "$group" = corpus ] && [ ! -d "$corpus" ]; then
    echo "SKIP: corpus $corpus not present"
    exit 77
fi
. "$here/lib.sh"

# capture|extra tshark options (one word each)
runs=()
case "$group" in
captures)
    t=$SH_REPO/test-captures h=$SH_REPO/test-captures/hostile
    runs=("$t/seed-delayed-offer-webex.pcapng|" "$t/b2bua-session-id.pcapng|"
          "$h/many-messages-one-segment.pcapng|" "$h/three-calls.pcapng|-o siphop.max_calls:1") ;;
corpus)
    for n in sipnab_sip-over-tcp.pcap; do
        [ -f "$corpus/$n" ] && runs+=("$corpus/$n|")
    done
    [ ${#runs[@]} -gt 0 ] || { echo "SKIP: none of the chosen captures in $corpus"; exit 77; } ;;
*) sh_fail "unknown group $group" ;;
esac

logs="$SH_HOME/vg"
mkdir -p "$logs"
chmod a+x "$SH_HOME"; chmod 777 "$logs"   # tshark (and valgrind) may run as nobody
supp=()
[ -f "$SH_REPO/tests/valgrind.supp" ] && supp=(--suppressions="$SH_REPO/tests/valgrind.supp")
export SIPHOP_TSHARK_WRAPPER="valgrind --tool=memcheck --error-exitcode=0 --num-callers=40
    --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=none ${supp[*]}
    --log-file=$logs/vg.%p.log"

# What names siphop in a stack: the plugin's file, or one of its sources.
ours='siphop\.so|(packet-siphop|extract|roles|stats|taps|flow|plugin|tracker|describe|message|arena|cache|via|sipheaders|domain|offer|hash|strview)\.c:'

fail=0 noise=0 n=0
start=$(date +%s)
for item in "${runs[@]}"; do
    f=${item%%|*} opts=${item#*|}
    [ -f "$f" ] || sh_fail "missing $f"
    for mode in "" -2; do
        rm -f "$logs"/vg.*.log
        rc=0
        sh_tshark -r "$f" $opts $mode -V > "$SH_HOME/out.txt" 2> "$SH_HOME/err.txt" || rc=$?
        n=$((n + 1))
        what="$(basename "$f") ${opts:+$opts }${mode:-single pass}"
        [ "$rc" = 0 ] || sh_fail "$what: tshark under valgrind exit $rc ($(head -c 300 "$SH_HOME/err.txt"))"
        log=$(ls "$logs"/vg.*.log 2>/dev/null | head -1)
        [ -n "$log" ] || sh_fail "$what: no valgrind log (did valgrind run?)"
        # Split the log into records (an error or a leak record ends at a
        # line holding only the ==pid== prefix) and sort them.
        python3 - "$log" "$ours" "$SH_HOME/ours.txt" > "$SH_HOME/counts.txt" <<'EOF'
import re, sys
log, ours, out = sys.argv[1], re.compile(sys.argv[2]), sys.argv[3]
text = open(log, errors="replace").read().split("\n")
records, cur = [], []
for line in text:
    body = re.sub(r"^==\d+== ?", "", line)
    if body.strip() == "":
        if cur:
            records.append(cur)
        cur = []
    else:
        cur.append(body)
if cur:
    records.append(cur)
kinds = re.compile(r"^(Invalid (read|write|free)|Conditional jump|Use of uninitialised|Syscall param|"
                   r"Source and destination overlap|Mismatched free|Argument .* of function|.*definitely lost in loss record)")
mine, other = [], 0
for r in records:
    if not kinds.match(r[0]):
        continue
    if any(ours.search(l) for l in r):
        mine.append("\n".join(r))
    else:
        other += 1
open(out, "w").write("\n\n".join(mine))
print(len(mine), other)
EOF
        read -r mine other < "$SH_HOME/counts.txt"
        noise=$((noise + other))
        if [ "$mine" != 0 ]; then
            echo "FAIL: $what: $mine valgrind error(s) in siphop:"
            head -80 "$SH_HOME/ours.txt"
            fail=1
        fi
    done
done
echo "valgrind $group: $n tshark runs in $(( $(date +%s) - start )) s; errors or leaks outside siphop: $noise"
[ "$fail" = 0 ] || exit 1
echo "ok: valgrind $group: nothing in siphop"
