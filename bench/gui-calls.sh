#!/usr/bin/env bash
# gui-calls.sh - how long the call lists take to open on a big capture, in the
# real Wireshark (Qt) under Xvfb and in tshark. A benchmark, not a test.
#
#   bench/gui-calls.sh [-n CALLS] [-w WORKDIR] [-p PLUGIN] [-t] [-g]
#
#   -n CALLS    calls in the generated capture (default 20000)
#   -w WORKDIR  where the capture is generated and kept (default
#               ${TMPDIR:-/tmp}/siphop-bench)
#   -p PLUGIN   the siphop.so (default build/plugin/siphop.so)
#   -t          tshark figures only     -g  GUI figures only
#   -s          also open Statistics > SIP Hops (the stats_tree) in the GUI,
#               with a limit of SIPHOP_TREE_LIMIT seconds (default 600)
#
# GUI: Wireshark opens the capture (tests/captures/gen-bench-capture.py --calls N);
# once the file is read (Wireshark's CPU time stops growing), the script
# opens Telephony > VoIP Calls, waits until the dialog has its rows, closes
# it, then opens Telephony > SIP Calls across Hops (siphop) the same way, in
# the same Wireshark. Each figure is the wall time from the menu key to the
# moment Wireshark goes idle with the dialog open (its CPU time grows by
# less than 20 ms in 1.5 s), so it includes the retap, the rows and
# their drawing and sorting. The call list's rows are then checked through
# its Copy button (one row per call). Menus are walked with xdotool and
# found by window title, as in tests/gui/run-gui-test.sh.
#
# tshark: wall and CPU time of `-q -z siphop,calls`, `-2 -q -z
# siphop,calls`, `-q -z siphop,summary`, `-q -z siphop,tree` and a plain
# `-q` pass for reference, through tools/siphop-tshark.
#
# Needs Xvfb, xdotool, xclip and wireshark-qt for the GUI part (apt-get
# install -y xvfb xdotool xclip wireshark-qt), /usr/bin/time for tshark.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
calls=20000
work=${TMPDIR:-/tmp}/siphop-bench
plugin=$repo/build/plugin/siphop.so
do_tshark=1
do_gui=1
do_tree=0
while getopts "n:w:p:tgs" o; do
    case $o in
        n) calls=$OPTARG ;;
        w) work=$OPTARG ;;
        p) plugin=$(readlink -f "$OPTARG") ;;
        t) do_gui=0 ;;
        g) do_tshark=0 ;;
        s) do_tree=1 ;;
        *) sed -n '2,/^# SPDX-License-Identifier/p' "$0" | head -n -2 | sed -e 's/^# \{0,1\}//' >&2; exit 2 ;;
    esac
done
[ -f "$plugin" ] || { echo "gui-calls: no plugin at $plugin (build first)" >&2; exit 2; }
export TZ=UTC LC_ALL=C.UTF-8
mkdir -p "$work"
cap=$work/b$calls.pcapng
if [ ! -s "$cap" ]; then
    echo "generating $cap ($calls calls)"
    python3 "$repo/tests/captures/gen-bench-capture.py" --calls "$calls" -o "$cap"
fi
ver=$(tshark -v 2>/dev/null | head -1 | grep -oE '[0-9]+\.[0-9]+' | head -1)
echo "capture: $cap ($calls calls, $(du -m "$cap" | cut -f1) MB); Wireshark $ver; $(nproc) CPUs;" \
    "load $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- tshark ------------------------------------------------------------------------

if [ "$do_tshark" = 1 ]; then
    # As root, siphop-tshark copies -r files for user nobody (outside the
    # timing: /usr/bin/time wraps tshark alone) and nobody writes the times.
    tdir=$(mktemp -d "${TMPDIR:-/tmp}/siphop-gui-calls.XXXXXX")
    chmod 755 "$tdir"
    ln "$cap" "$tdir/cap.pcapng" 2>/dev/null || cp "$cap" "$tdir/cap.pcapng"
    chmod 644 "$tdir/cap.pcapng"
    tshark_run() {  # tshark_run NAME ARGS... : one line of figures (tshark's own wall and CPU time)
        local name=$1 out=$tdir/out.txt
        shift
        SIPHOP_PLUGIN=$plugin SIPHOP_TSHARK_WRAPPER="/usr/bin/time -f %e:%U:%S:%M -o $tdir/time.txt" \
            "$repo/tools/siphop-tshark" -r "$tdir/cap.pcapng" "$@" > "$out" 2> "$tdir/err.txt" ||
            { echo "$name: tshark failed: $(tail -3 "$tdir/err.txt")"; return 0; }
        IFS=: read -r e u s m < "$tdir/time.txt"
        printf 'tshark %-26s wall %7.1f s  cpu %7.1f s  max RSS %5d MB  output %7d lines, longest %4d chars\n' \
            "$name" "$e" "$(echo "$u + $s" | bc)" $((m / 1024)) \
            "$(wc -l < "$out")" "$(awk '{ if (length > n) n = length } END { print n + 0 }' "$out")"
        cp "$out" "$work/tshark$(tr -c 'a-z0-9\n' '-' <<<"$name" | head -1).txt"
    }
    chmod 777 "$tdir"
    tshark_run "-q -z sip,stat (Wireshark)" -q -z sip,stat
    tshark_run "-q -z siphop,calls" -q -z siphop,calls
    tshark_run "-2 -q -z siphop,calls" -2 -q -z siphop,calls
    tshark_run "-q -z siphop,summary" -q -z siphop,summary
    tshark_run "-q -z siphop,tree" -q -z siphop,tree
    rm -rf "$tdir"
fi

[ "$do_gui" = 1 ] || exit 0

# ---- the GUI ---------------------------------------------------------------------------

for t in wireshark Xvfb xdotool xclip setpriv bc; do
    command -v "$t" >/dev/null || { echo "gui-calls: missing $t (apt-get install -y xvfb xdotool xclip wireshark-qt bc)" >&2; exit 2; }
done
gw=$(mktemp -d "${TMPDIR:-/tmp}/siphop-gui-calls.XXXXXX")
chmod 755 "$gw"
home=$gw/home
xvfb_pid=
ws_pid=
cleanup() {
    [ -n "$ws_pid" ] && kill "$ws_pid" 2>/dev/null || true
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
    rm -rf "$gw"
}
trap cleanup EXIT
mkdir -p "$home/.local/lib/wireshark/plugins/$ver/epan" "$home/.config/wireshark" "$home/run"
cp "$plugin" "$home/.local/lib/wireshark/plugins/$ver/epan/siphop.so"
printf '%s\n' 'gui.geometry_main_x: 0' 'gui.geometry_main_y: 0' 'gui.geometry_main_width: 1400' \
    'gui.geometry_main_height: 900' 'gui.geometry_main_maximized: FALSE' > "$home/.config/wireshark/recent_common"
ln "$cap" "$home/cap.pcapng" 2>/dev/null || cp "$cap" "$home/cap.pcapng"
chmod 644 "$home/cap.pcapng"
chmod 700 "$home/run"
run_as=()
if [ "$(id -u)" = 0 ]; then
    chown -R 65534:65534 "$home"
    run_as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi

Xvfb -displayfd 9 -screen 0 1600x1000x24 -nolisten tcp -ac 9>"$gw/display" 2>"$gw/xvfb.log" &
xvfb_pid=$!
for _ in $(seq 100); do [ -s "$gw/display" ] && break; sleep 0.1; done
[ -s "$gw/display" ] || { echo "gui-calls: Xvfb did not start" >&2; exit 1; }
export DISPLAY=":$(tr -dc 0-9 < "$gw/display")"

t_open=$(date +%s.%N)
"${run_as[@]}" env -i HOME="$home" DISPLAY="$DISPLAY" PATH=/usr/bin:/bin LC_ALL=C.UTF-8 TZ=UTC \
    XDG_RUNTIME_DIR="$home/run" QT_QPA_PLATFORM=xcb WIRESHARK_ABORT_ON_DISSECTOR_BUG=1 \
    wireshark -r "$home/cap.pcapng" > "$gw/wireshark.log" 2>&1 &
ws_pid=$!

xdo() { xdotool "$@" 2>>"$gw/xdotool.log"; }
key() { xdo key --delay 60 "$@"; sleep 0.4; }
windows() { xdo search --onlyvisible --name "$1" || true; }
alive() { kill -0 "$ws_pid" 2>/dev/null || { echo "gui-calls: Wireshark exited: $(tail -5 "$gw/wireshark.log")" >&2; exit 1; }; }
wait_window() {  # wait_window REGEX SECONDS -> window id
    local w
    for _ in $(seq $(($2 * 5))); do
        w=$(windows "$1" | head -1)
        [ -n "$w" ] && { echo "$w"; return 0; }
        alive
        sleep 0.2
    done
    return 1
}
# Wireshark's process (setpriv execs it: same pid) CPU time, in ticks.
cpu() { awk '{ print $14 + $15 }' "/proc/$ws_pid/stat"; }
hz=$(getconf CLK_TCK)
wait_idle() {  # wait_idle LIMIT_SECONDS: until CPU time grows < 20 ms in 1.5 s; 1 on timeout
    local start=$SECONDS a b
    a=$(cpu)
    while [ $((SECONDS - start)) -lt "$1" ]; do
        sleep 1.5
        alive
        b=$(cpu)
        [ $((b - a)) -lt $((hz / 50 + 1)) ] && return 0
        a=$b
    done
    return 1
}
now() { date +%s.%N; }
since() { echo "$(now) - $1 - 1.5" | bc; }   # minus the idle window that proved it done
focus() { xdo windowfocus --sync "$1"; sleep 0.3; }

main=$(wait_window 'cap\.pcapng' 120) || { echo "gui-calls: no main window" >&2; exit 1; }
wait_idle 3600 || { echo "gui-calls: the file did not finish loading" >&2; exit 1; }
printf 'GUI: file read and drawn in %.1f s\n' "$(since "$t_open")"

# Open a menu item by its window title: the menu (MENUKEY), then Down n
# times, until a window with that title shows; others are closed.
open_menu() {  # open_menu MENUKEY TITLE_REGEX HINT -> "window start_time"; tries Down HINT first
    local menu=$1 title=$2 n w t
    for n in "$3" $(seq 0 45); do
        focus "$main"
        key "$menu"
        [ "$n" -gt 0 ] && xdo key --delay 20 $(printf 'Down %.0s' $(seq "$n"))
        sleep 0.3
        t=$(now)
        xdo key Return
        w=$(wait_window "$title" 4) && { echo "$w $t"; return 0; }
        for w in $(windows .); do
            [ "$w" = "$main" ] || xdo windowclose "$w" || true
        done
        key Escape Escape Escape
        wait_idle 120 || true
    done
    return 1
}

measure() {  # measure NAME MENUKEY TITLE_REGEX HINT LIMIT: figure on stderr, window on stdout
    local w t
    read -r w t < <(open_menu "$2" "$3" "$4") || { echo "gui-calls: '$1' did not open" >&2; return 1; }
    if wait_idle "$5"; then
        printf 'GUI: %-44s %7.1f s\n' "$1" "$(since "$t")" >&2
    else
        printf 'GUI: %-44s not done after %s s\n' "$1" "$5" >&2
    fi
    echo "$w"
}
close() { focus "$1"; key Escape; sleep 1; wait_idle 120 || true; }

# Wireshark 4.0's Telephony menu: VoIP Calls first, "SIP Calls across Hops
# (siphop)" 19th (Down 18), after SIP Flows and SIP Call Outcomes (siphop).
voip=$(measure "Telephony > VoIP Calls" alt+y 'VoIP Calls' 0 3600)
close "$voip"
list=$(measure "Telephony > SIP Calls across Hops (siphop)" alt+y 'SIP Calls across Hops' 18 3600)
# Its Copy button (bottom right, left of Save as and Close): one row per call.
focus "$list"
eval "$(xdo getwindowgeometry --shell "$list")"
printf '' | xclip -selection clipboard
xdo mousemove --window "$list" $((WIDTH - 236)) $((HEIGHT - 24)) click 1
sleep 3
wait_idle 120 || true
rows=$(timeout 60 xclip -o -selection clipboard 2>/dev/null | grep -cE '^ *[0-9]+ ' || true)
echo "GUI: the call list's Copy button gives $rows call rows (of $calls calls)"
close "$list"
if [ "$do_tree" = 1 ]; then
    # Statistics > SIP Hops: the menu's last item (32nd in 4.0).
    w=$(measure "Statistics > SIP Hops (stats_tree)" alt+s 'SIP Hops' 31 "${SIPHOP_TREE_LIMIT:-600}") || true
fi
