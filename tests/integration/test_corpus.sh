#!/usr/bin/env bash
# test_corpus.sh DIR: every capture in DIR (the public SIP corpus in
# ../shared/corpus) dissects with siphop, single pass and two-pass, with a
# full tree, without a crash or a dissector bug. Skips (77) without DIR.
#
# SPDX-License-Identifier: GPL-2.0-or-later
here=$(cd "$(dirname "$0")" && pwd)
dir=$1
if [ ! -d "$dir" ]; then
    echo "SKIP: $dir not present"
    exit 77
fi
. "$here/lib.sh"
n=0 items=0
for f in "$dir"/*.pcap "$dir"/*.pcapng "$dir"/*.cap; do
    [ -f "$f" ] || continue
    in=$(sh_readable "$f")
    for mode in "" -2; do
        out="$SH_HOME/out.txt"
        sh_tshark -r "$in" $mode -V > "$out" 2> "$SH_HOME/err.txt" ||
            sh_fail "$(basename "$f") ${mode:-single pass}: tshark exit $? ($(head -c 300 "$SH_HOME/err.txt"))"
        if grep -q "Dissector bug" "$out" "$SH_HOME/err.txt"; then
            sh_fail "$(basename "$f") ${mode:-single pass}: dissector bug"
        fi
        items=$((items + $(grep -c '^SIP hop tracker\|^\[SIP hop tracker' "$out" || true)))
    done
    n=$((n + 1))
done
[ "$n" -gt 0 ] || sh_fail "no captures in $dir"
[ "$items" -gt 0 ] || sh_fail "siphop analysed no SIP message in the whole corpus"
echo "ok: $n corpus captures, $items siphop items, no crash, no dissector bug"
