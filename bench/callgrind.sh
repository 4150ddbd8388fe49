#!/usr/bin/env bash
# callgrind.sh - exact instruction counts of the benchmark's two commands on
# one capture, load-independent (the machine may be shared; CPU time is not).
#
#   bench/callgrind.sh [-p PLUGIN] [-o DIR] FILE.pcapng
#
# Runs, under valgrind --tool=callgrind, the same two tshark commands as
# bench/run-bench.sh (-2 -T fields with the SIP fields; "with" adds the
# plugin and -e siphop.label) and prints the instruction totals, their
# ratio, and the instructions of tshark's first pass (epan_dissect_run) and
# second pass (epan_dissect_run_with_taps). The profiles stay in DIR
# (default: a new temporary directory) for callgrind_annotate. A 500-call
# capture (tests/captures/gen-bench-capture.py --calls 500) takes about 4 minutes.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
plugin=$repo/build/plugin/siphop.so
dir=
while getopts "p:o:h" opt; do
    case $opt in
        p) plugin=$OPTARG ;;
        o) dir=$OPTARG ;;
        *) sed -n '2,14p' "$0"; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || { sed -n '2,14p' "$0"; exit 2; }
file=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
command -v valgrind >/dev/null || { echo "callgrind: needs valgrind" >&2; exit 2; }
[ -f "$plugin" ] || { echo "callgrind: no plugin at $plugin" >&2; exit 2; }
[ -n "$dir" ] || dir=$(mktemp -d "${TMPDIR:-/tmp}/siphop-callgrind.XXXXXX")
mkdir -p "$dir"
chmod 0777 "$dir"   # tshark runs as nobody when we are root

. "$repo/bench/sip-fields.sh"   # fields=(-e sip -e sdp -e sip.Method ...)
vg="valgrind --tool=callgrind --callgrind-out-file=$dir"

# without: plain tshark, as nobody when root (personal plugins are not read
# as root anyway, but the baseline must match "with" in every other way).
as_user=()
home=$(mktemp -d "$dir/home.XXXXXX")
chmod 0777 "$home"
[ "$(id -u)" = 0 ] && as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
cp "$file" "$dir/capture.pcapng"
chmod 0644 "$dir/capture.pcapng"
"${as_user[@]}" env HOME="$home" $vg/without.out tshark -r "$dir/capture.pcapng" -2 -T fields "${fields[@]}" \
    >/dev/null 2>"$dir/without.err"
SIPHOP_PLUGIN=$plugin SIPHOP_TSHARK_WRAPPER="$vg/with.out" \
    "$repo/tools/siphop-tshark" -r "$dir/capture.pcapng" -2 -T fields "${fields[@]}" -e siphop.label \
    >/dev/null 2>"$dir/with.err"

total() { sed -n 's/.*Collected : //p' "$dir/$1.err" | tail -1; }
pass() { callgrind_annotate --inclusive=yes "$dir/$1.out" 2>/dev/null | awk -v f="$2" '$NF ~ "\\[" && $(NF-1) == "???:"f {gsub(",","",$1); print $1; exit}'; }
w=$(total without)
s=$(total with)
printf 'instructions without: %s\ninstructions with:    %s\nratio: %s\n' "$w" "$s" \
    "$(python3 -c "print(f'{$s / $w:.4f}')")"
for v in without with; do
    printf '%s: first pass %s, second pass %s\n' "$v" "$(pass $v epan_dissect_run)" \
        "$(pass $v epan_dissect_run_with_taps)"
done
echo "profiles: $dir/without.out $dir/with.out"
