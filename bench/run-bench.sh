#!/usr/bin/env bash
# run-bench.sh - what siphop costs on top of Wireshark's own SIP dissection.
#
#   bench/run-bench.sh [-n "10000 30000 100000"] [-r RUNS] [-s SEED] [-w WORKDIR]
#                      [-p PLUGIN] [-o OUT.md] [-c]
#
# For each call count N: generate (once, cached in WORKDIR) a capture with
# tests/captures/gen-bench-capture.py --calls N --seed SEED, then RUNS times (default 3),
# alternating which goes first, run on that same file:
#
#   without:  tshark -r FILE -2 -T fields -e <SIP fields>               (no plugin)
#   with:     tools/siphop-tshark -r FILE -2 -T fields -e <SIP fields> -e siphop.label
#
# where <SIP fields> are the SIP information siphop reads from each message
# (start line, Call-ID, CSeq, Via, To/From, R-URI, Warning, Session-ID,
# Server/User-Agent, Content-Type/Length, RSeq/RAck, SDP): the baseline is a
# user extracting that with tshark alone. Both runs print them. Output goes to
# /dev/null. Each run is measured with /usr/bin/time -v: user+sys CPU time
# (the primary measure: the machine may be shared), wall time, and peak RSS
# ("Maximum resident set size"). The report (Markdown, on stdout and in OUT)
# gives per N the medians, the CPU-time ratio with/without, and the peak RSS
# siphop adds per call ((with - without) / N), then how both grow between the
# call counts (slope per call), which shows whether growth is linear.
#
# -c runs each run's two commands at the same time, one per CPU, instead of
# one after the other: on a shared VM whose speed drifts from minute to
# minute (the same command here took 288 s once and 353 s the next time), a
# slow spell then slows both. It needs two CPUs and twice the memory
# (100 000 calls: about 16 GiB), and the two share caches and the memory
# bus, so their times are not those of a run alone.
#
# /usr/bin/time measures tshark itself: for "with" through siphop-tshark's
# SIPHOP_TSHARK_WRAPPER, so the wrapper's set-up is not counted. As root,
# tshark must not load personal plugins and siphop-tshark would run it as
# nobody after copying the capture; so this script runs both measured
# commands as nobody (65534) itself, with the capture and a copy of the
# plugin in WORKDIR (made readable to nobody), and nothing is copied.
#
# Raw figures: WORKDIR/raw.tsv (one line per run). Default WORKDIR:
# ${TMPDIR:-/tmp}/siphop-bench. Default PLUGIN: build/plugin/siphop.so.
# Needs: tshark, python3, /usr/bin/time (Debian package "time"), setpriv.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sizes="10000 30000 100000"
runs=3
seed=1
work=${TMPDIR:-/tmp}/siphop-bench
plugin=$repo/build/plugin/siphop.so
out=
concurrent=0

while getopts "n:r:s:w:p:o:ch" opt; do
    case $opt in
        n) sizes=$OPTARG ;;
        r) runs=$OPTARG ;;
        s) seed=$OPTARG ;;
        w) work=$OPTARG ;;
        p) plugin=$OPTARG ;;
        o) out=$OPTARG ;;
        c) concurrent=1 ;;
        *) sed -n '2,41p' "$0"; exit 2 ;;
    esac
done

[ -x /usr/bin/time ] || { echo "run-bench: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
[ -f "$plugin" ] || { echo "run-bench: no plugin at $plugin (build first)" >&2; exit 2; }
command -v tshark >/dev/null || { echo "run-bench: no tshark" >&2; exit 2; }

. "$repo/bench/sip-fields.sh"   # fields=(-e sip -e sdp -e sip.Method ...)

mkdir -p "$work"
chmod 0755 "$work"
ver=$(tshark -v 2>/dev/null | head -1 | grep -oE '[0-9]+\.[0-9]+' | head -1)
cp "$plugin" "$work/siphop.so"
chmod 0644 "$work/siphop.so"

# Run a command as the benchmark user: nobody when we are root.
as_user() {
    if [ "$(id -u)" = 0 ]; then
        setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
    else
        "$@"
    fi
}
if [ "$(id -u)" = 0 ]; then
    chown 65534:65534 "$work"
fi

common_env=(env TZ=UTC LC_ALL=C.UTF-8 TMPDIR="$work" WS_PLUGIN_VERSION="$ver"
            SIPHOP_PLUGIN="$work/siphop.so" SIPHOP_LOGREADER= SIPHOP_PRELOAD=)

# The plugin must load (else "with" would measure nothing).
as_user "${common_env[@]}" "$repo/tools/siphop-tshark" -G plugins 2>/dev/null | grep -q siphop ||
    { echo "run-bench: tshark did not load $plugin" >&2; exit 1; }

raw=$work/raw.tsv
printf 'calls\tframes\tvariant\trun\tuser_s\tsys_s\twall_s\tmaxrss_kib\tload1\n' > "$raw"

measure() {  # measure VARIANT FILE RUN CALLS FRAMES
    local variant=$1 file=$2 run=$3 calls=$4 frames=$5 tv home
    tv=$work/time.$variant.$$   # one per variant: with -c both run at once
    home=$(as_user mktemp -d "$work/home.XXXXXX")
    if [ "$variant" = with ]; then
        # The wrapper times tshark itself, not siphop-tshark's set-up.
        as_user "${common_env[@]}" SIPHOP_TSHARK_WRAPPER="/usr/bin/time -v -o $tv" \
            "$repo/tools/siphop-tshark" -r "$file" -2 -T fields "${fields[@]}" -e siphop.label \
            > /dev/null 2> "$work/stderr.$variant.$$" || true
    else
        as_user "${common_env[@]}" HOME="$home" /usr/bin/time -v -o "$tv" \
            tshark -r "$file" -2 -T fields "${fields[@]}" \
            > /dev/null 2> "$work/stderr.$variant.$$" || true
    fi
    if ! grep -q 'Exit status: 0' "$tv"; then
        echo "run-bench: tshark failed ($variant, $file):" >&2
        cat "$work/stderr.$variant.$$" >&2
        exit 1
    fi
    rm -rf "$home"
    load=$(cut -d' ' -f1 /proc/loadavg)    # others' load on the machine, at the end of the run
    awk -v c="$calls" -v f="$frames" -v v="$variant" -v r="$run" -v l="$load" -F': ' '
        /User time/ {u=$2} /System time/ {s=$2} /Maximum resident/ {m=$2}
        /Elapsed \(wall clock\)/ {
            n = split($2, p, ":"); w = 0
            for (i = 1; i <= n; i++) w = w * 60 + p[i]
        }
        END { printf "%s\t%s\t%s\t%s\t%s\t%s\t%.2f\t%s\t%s\n", c, f, v, r, u, s, w, m, l }' "$tv" >> "$raw"
    tail -1 "$raw" >&2
}

for n in $sizes; do
    cap=$work/bench-$n-s$seed.pcapng
    if [ ! -s "$cap" ] || [ ! -s "$cap.json" ]; then
        echo "run-bench: generating $cap" >&2
        python3 "$repo/tests/captures/gen-bench-capture.py" --calls "$n" --seed "$seed" -o "$cap.tmp" \
            --summary > "$cap.json.tmp"
        mv "$cap.tmp" "$cap"
        mv "$cap.json.tmp" "$cap.json"
    fi
    chmod 0644 "$cap" "$cap.json"
    frames=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["frames"])' "$cap.json")
    for r in $(seq 1 "$runs"); do
        if [ $((r % 2)) = 1 ]; then order="without with"; else order="with without"; fi
        if [ "$concurrent" = 1 ]; then
            measure without "$cap" "$r" "$n" "$frames" & p1=$!
            measure with "$cap" "$r" "$n" "$frames" & p2=$!
            wait "$p1" || exit 1
            wait "$p2" || exit 1
            continue
        fi
        for v in $order; do
            measure "$v" "$cap" "$r" "$n" "$frames"
        done
    done
done

machine() {
    echo "Machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'),"\
         "$(awk '/MemTotal/ {printf "%.1f GiB RAM", $2 / 1048576}' /proc/meminfo);" \
         "$(tshark -v 2>/dev/null | head -1)"
    echo "Plugin: $plugin (md5 $(md5sum < "$plugin" | cut -c1-12)); repo $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?');" \
         "seed $seed, runs $runs$([ "$concurrent" = 1 ] && echo ', with and without at the same time (-c)'); $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
}
report=$(machine; python3 "$repo/bench/summarize.py" "$raw")
printf '%s\n' "$report"
[ -z "$out" ] || printf '%s\n' "$report" > "$out"
