#!/usr/bin/env bash
# run-gui-test.sh - siphop in the real Wireshark (Qt), under Xvfb.
#
#   tests/gui/run-gui-test.sh [SCREENSHOT_DIR]
#
# Opens test-captures/seed-delayed-offer-webex.pcapng in Wireshark with the
# built plugin and the "siphop" profile (profile/siphop), drives it with
# xdotool and checks what Wireshark itself shows and exports:
#
#   packet list  the profile's coloring rules paint the delayed-offer INVITEs,
#                the origin 500 and the relayed 500s (screenshot pixels);
#                Edit > Copy > As Plain Text of frame 7 has the siphop column
#   details      Edit > Copy > All Visible Items of frame 7 has siphop's tree:
#                failure origin, who sent it, its Warning, the Error item, the fix
#   Expert Info  Analyze > Expert Information opens with an Error item
#   SIP Hops     Statistics > SIP Hops: its Copy button gives the verdict row
#   Flow Graph   Statistics > Flow Graph, flow type "SIP hops (siphop)": its
#                ASCII export (Export > ASCII) has the nodes CUCM, Expressway-C,
#                Expressway-E, Webex and the twelve arrows in order
#   exit         Ctrl+Q ends Wireshark cleanly (status 0, no dissector bug),
#                and it saved the siphop column in the profile's "recent"
#
# With SCREENSHOT_DIR, the screenshots go there as gui-*.png (the ones in
# docs/ are made with `tests/gui/run-gui-test.sh docs`).
#
# Root runs Wireshark as user nobody (65534) with a private HOME, as
# tools/siphop-tshark does: Wireshark ignores personal plugins as root.
# Missing tools (wireshark, Xvfb, xdotool, ImageMagick, xclip) are installed
# with apt-get when running as root, unless SIPHOP_GUI_NO_INSTALL=1. Exit 77
# (skipped) when they cannot be had, or when the GUI is another Wireshark
# version than the plugin was built for.
#
# SIPHOP_PLUGIN       the .so (default: <repo>/build/plugin/siphop.so)
# WS_PLUGIN_VERSION   the plugin's Wireshark version (default: tshark's)
# SIPHOP_GUI_KEEP=1   keep the work directory (logs, every screenshot)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
plugin=${SIPHOP_PLUGIN:-$repo/build/plugin/siphop.so}
capture=$repo/test-captures/seed-delayed-offer-webex.pcapng
shots_out=${1:-}

say() { printf 'gui: %s\n' "$*"; }
skip() { printf 'SKIP: %s\n' "$*"; exit 77; }

# ---- tools ----------------------------------------------------------------

tools=(wireshark Xvfb xdotool import convert xclip setpriv)
missing() {
    local t
    for t in "${tools[@]}"; do command -v "$t" >/dev/null 2>&1 || echo "$t"; done
}
if [ -n "$(missing)" ] && [ "$(id -u)" = 0 ] && [ "${SIPHOP_GUI_NO_INSTALL:-0}" != 1 ] &&
    command -v apt-get >/dev/null 2>&1; then
    say "installing $(missing | tr '\n' ' ')"
    pkgs=(wireshark xvfb xdotool imagemagick xclip)
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q --no-install-recommends "${pkgs[@]}" >/dev/null 2>&1 ||
        { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q --no-install-recommends "${pkgs[@]}" >/dev/null 2>&1; } ||
        true
fi
[ -z "$(missing)" ] || skip "missing $(missing | tr '\n' ' ')(apt-get install wireshark xvfb xdotool imagemagick xclip)"
[ -f "$plugin" ] || { echo "FAIL: no plugin at $plugin (build first)" >&2; exit 1; }
ver=${WS_PLUGIN_VERSION:-$(tshark -v 2>/dev/null | head -1 | grep -oE '[0-9]+\.[0-9]+' | head -1)}
gui_ver=$(wireshark --version 2>/dev/null | head -1 | grep -oE '[0-9]+\.[0-9]+' | head -1 || true)
[ "$gui_ver" = "$ver" ] || skip "the GUI is Wireshark ${gui_ver:-?}, the plugin is built for $ver"

# ---- a private HOME with the plugin, the profile and the capture -----------

work=$(mktemp -d "${TMPDIR:-/tmp}/siphop-gui.XXXXXX")
chmod 755 "$work"
home=$work/home
xvfb_pid=
ws_pid=
cleanup() {
    [ -n "$ws_pid" ] && kill "$ws_pid" 2>/dev/null || true
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
    if [ "${SIPHOP_GUI_KEEP:-0}" = 1 ]; then say "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
fail() {
    printf 'FAIL: %s\n' "$*" >&2
    [ -s "$work/wireshark.log" ] && sed 's/^/  wireshark: /' "$work/wireshark.log" | tail -20 >&2
    exit 1
}

mkdir -p "$home/.local/lib/wireshark/plugins/$ver/epan" "$home/.config/wireshark/profiles" "$home/run" "$work/shots"
cp "$plugin" "$home/.local/lib/wireshark/plugins/$ver/epan/siphop.so"
cp -r "$repo/profile/siphop" "$home/.config/wireshark/profiles/siphop"
# Window size and room for the details pane in the screenshots (this copy
# only): Wireshark starts with them, no resizing afterwards.
printf 'gui.geometry_main_upper_pane: 260\n' >> "$home/.config/wireshark/profiles/siphop/recent"
printf '%s\n' 'gui.geometry_main_x: 0' 'gui.geometry_main_y: 0' 'gui.geometry_main_width: 1400' \
    'gui.geometry_main_height: 900' 'gui.geometry_main_maximized: FALSE' > "$home/.config/wireshark/recent_common"
cp "$capture" "$home/seed.pcapng"
chmod 700 "$home/run"
if [ "$(id -u)" = 0 ]; then
    chown -R 65534:65534 "$home"
    run_as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
else
    run_as=()
fi

# A sanitizer-built plugin needs its libasan first in Wireshark (see
# tools/siphop-tshark and docs/robustness.md).
asan_env=()
asan_lib=$(ldd "$plugin" 2>/dev/null | awk '$1 ~ /^libasan\.so/ && $3 ~ /^\// {print $3; exit}')
if [ -n "$asan_lib" ]; then
    mkdir -p "$home/extcap"
    asan_env=(LD_PRELOAD="$asan_lib" ASAN_OPTIONS=detect_leaks=0 WIRESHARK_EXTCAP_DIR="$home/extcap")
fi

# ---- X server and Wireshark ---------------------------------------------------

Xvfb -displayfd 9 -screen 0 1600x1000x24 -nolisten tcp -ac 9>"$work/display" 2>"$work/xvfb.log" &
xvfb_pid=$!
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
[ -s "$work/display" ] || skip "Xvfb did not start: $(tail -3 "$work/xvfb.log")"
export DISPLAY=":$(tr -dc 0-9 < "$work/display")"
say "Xvfb on $DISPLAY, Wireshark $gui_ver"

"${run_as[@]}" env -i HOME="$home" DISPLAY="$DISPLAY" PATH=/usr/bin:/bin LC_ALL=C.UTF-8 TZ=UTC \
    XDG_RUNTIME_DIR="$home/run" WIRESHARK_ABORT_ON_DISSECTOR_BUG=1 QT_QPA_PLATFORM=xcb \
    ${asan_env[@]+"${asan_env[@]}"} wireshark -C siphop -r "$home/seed.pcapng" > "$work/wireshark.log" 2>&1 &
ws_pid=$!

xdo() { xdotool "$@" 2>>"$work/xdotool.log"; }
key() { xdo key --delay 60 "$@"; sleep 0.4; }
windows() { xdo search --onlyvisible --name "$1" || true; }
wait_window() {  # wait_window REGEX [SECONDS] -> window id
    local w i
    for i in $(seq $((${2:-30} * 5))); do
        w=$(windows "$1" | head -1)
        [ -n "$w" ] && { echo "$w"; return 0; }
        kill -0 "$ws_pid" 2>/dev/null || fail "Wireshark exited while waiting for '$1'"
        sleep 0.2
    done
    return 1
}
focus() { xdo windowfocus --sync "$1"; sleep 0.3; }
shot() { import -window "$1" "$work/shots/$2"; }
clip() { timeout 5 xclip -o -selection clipboard 2>/dev/null || true; }
pixels() {  # pixels PNG HEXCOLOR: how many pixels have exactly that color
    convert "$1" -fill black +opaque "$2" -fill white -opaque "$2" -format '%[fx:int(mean*w*h+0.5)]' info:
}
close_window() {  # Escape (twice if need be) until the window is gone
    local try i
    for try in 1 2; do
        focus "$1"
        key Escape
        for i in $(seq 25); do
            windows . | grep -qx "$1" || return 0
            sleep 0.2
        done
    done
    return 1
}

main=$(wait_window 'seed\.pcapng$' 60) || fail "no main window"
sleep 2   # the file is read and colorized
focus "$main"
goto() { key ctrl+g; key ctrl+a; xdo type "$1"; key Return; sleep 0.5; }   # Go > Go to Packet

# Open the menu item whose window title matches: first with the keys we
# expect (menu key then Up/Down), else by walking the menu, closing whatever
# else opens. Titles are Wireshark's own, so no guessing from pixels.
open_from_menu() {  # open_from_menu MENUKEY TITLE_REGEX KEYS...
    local menu=$1 title=$2 w n before new
    shift 2
    focus "$main"; key "$menu"; key "$@" Return
    w=$(wait_window "$title" 5) && { echo "$w"; return 0; }
    key Escape Escape Escape
    for n in $(seq 0 45); do
        before=$(windows .)
        focus "$main"; key "$menu"
        [ "$n" -gt 0 ] && xdo key --delay 30 $(printf 'Down %.0s' $(seq "$n"))
        key Return
        sleep 1
        w=$(windows "$title" | head -1)
        [ -n "$w" ] && { echo "$w"; return 0; }
        for new in $(windows .); do
            grep -qx "$new" <<<"$before" || close_window "$new"
        done
        key Escape Escape Escape
    done
    return 1
}

# ---- packet list ------------------------------------------------------------------

# Select frame 2 (a 100 Trying): the colored rows keep their colors.
goto 2
sleep 1
shot "$main" list.png
for c in '#B01818:failure origin' '#FFB863:failure relayed' '#FFE94A:delayed offer toward early-offer-only'; do
    n=$(pixels "$work/shots/list.png" "${c%%:*}")
    [ "$n" -ge 1500 ] || fail "packet list: the '${c#*:}' coloring rule (${c%%:*}) paints $n pixels"
done
say "packet list: coloring rules ok"

goto 7
key alt+e; key Return Return   # Edit > Copy > As Plain Text
row=$(clip)
grep -q $'siphop\tInfo' <<<"$row" || fail "packet list: no siphop column in the copied row: $row"
grep -q '500 ORIGIN, call 1 hop 3/3, DO to webex.com (EO only)' <<<"$row" ||
    fail "packet list: frame 7's siphop label: $row"
say "packet list: siphop column ok"

# ---- details ---------------------------------------------------------------------

key ctrl+Right                 # View > Expand All
key ctrl+alt+shift+a           # Edit > Copy > All Visible Items
tree=$(clip)
for want in 'SIP hop tracker (siphop): 500 ORIGIN, call 1 hop 3/3' '[Failure origin: 7]' '[Sent by: 114.29.213.174:5060]' \
    '[Warning text: Invalid content in far end 200 OK]' 'Expert Info (Error/Response)' \
    '[Coloring Rule Name: siphop: network fault on the path, starts here]'; do
    grep -qF "$want" <<<"$tree" || fail "details of frame 7 lack '$want'"
done
say "details: siphop tree ok"
# Only siphop's subtree open for the picture: focus the tree (click its
# empty lower part), go to its last item and expand it with its subtrees.
key ctrl+Left
eval "$(xdo getwindowgeometry --shell "$main")"
xdo mousemove --window "$main" 500 $((HEIGHT - 60)) click 1
sleep 1
key End; key End; key shift+Right
sleep 0.5
shot "$main" details.png

# ---- Expert Information ------------------------------------------------------------

expert=$(open_from_menu alt+a 'Expert Information' Up) || fail "Analyze > Expert Information did not open"
xdo windowsize --sync "$expert" 1300 520
xdo windowmove "$expert" 20 40
focus "$expert"
xdo mousemove --window "$expert" 650 300 click 1
sleep 0.5
# Open every group but the SIP dissector's notes, bottom up.
key End Right Up Up Right Up Right Up Right Home Down
sleep 0.5
shot "$expert" expert.png
n=$(pixels "$work/shots/expert.png" '#FF5C5C')
[ "$n" -ge 1000 ] || fail "Expert Information shows no Error item ($n pixels of #FF5C5C)"
close_window "$expert"
say "expert information: ok"

# ---- SIP Hops ----------------------------------------------------------------------

hops=$(open_from_menu alt+s 'SIP Hops' Up) || fail "Statistics > SIP Hops did not open"
xdo windowsize --sync "$hops" 1400 330
xdo windowmove "$hops" 20 100
sleep 1
eval "$(xdo getwindowgeometry --shell "$hops")"
xdo mousemove --window "$hops" 100 22 click 1       # sort by name, ascending
sleep 0.5
xdo mousemove --window "$hops" $((WIDTH - 236)) $((HEIGHT - 24)) click 1   # Copy
sleep 0.7
table=$(clip)
grep -qF 'Verdict: FAILED: delayed offer toward company.webex.com (early offer only) -> 500 from hop 3 (Webex); fix: Early Offer on the CUCM SIP trunk' <<<"$table" ||
    fail "SIP Hops: no verdict row: $table"
grep -qF 'Call-ID: e7672380-5991e82c-e0ca3-64151cac@172.28.21.100' <<<"$table" || fail "SIP Hops: no Call-ID row: $table"
grep -qF 'Hop 3: Expressway-E -> Webex: delayed offer toward early-offer-only, 500 origin' <<<"$table" ||
    fail "SIP Hops: no hop 3 row: $table"
shot "$hops" sip-hops.png
close_window "$hops"
say "SIP Hops: ok"

# ---- Flow Graph --------------------------------------------------------------------

focus "$main"; goto 2
flow=$(open_from_menu alt+s ' Flow ' $(printf 'Down %.0s' $(seq 16))) || fail "Statistics > Flow Graph did not open"
xdo windowsize --sync "$flow" 1400 560
xdo windowmove "$flow" 0 0
focus "$flow"
key Tab Tab                    # the Flow type box
xdo type --delay 60 "SIP hops"
xdo mousemove 1590 990          # no row under the pointer (it highlights)
sleep 1.5
shot "$flow" flow.png
# Export > ASCII: the file type box is the last in the save dialog.
focus "$flow"; key alt+e
save=$(wait_window 'Save Graph' 10) || fail "Flow Graph: no Export dialog"
focus "$save"
xdo type --delay 20 "$home/flow.txt"
eval "$(xdo getwindowgeometry --shell "$save")"
xdo mousemove --window "$save" $((WIDTH / 2)) $((HEIGHT - 24)) click 1
sleep 0.7
key End Return
key alt+s
for _ in $(seq 25); do [ -s "$home/flow.txt" ] && break; sleep 0.2; done
[ -s "$home/flow.txt" ] || fail "Flow Graph: no ASCII export"
cp "$home/flow.txt" "$work/flow.txt"
ladder=$(python3 - "$work/flow.txt" <<'EOF'
import sys
rows = [l for l in open(sys.argv[1], encoding="utf-8", errors="replace").read().splitlines() if l.startswith("|")]
nodes = []
for l in rows[:2]:
    body = l.split("|", 2)[2]
    pos, i = l.index(body), 0
    for cell in body.split("|"):
        if cell.strip():
            nodes.append((pos + i + cell.index(cell.strip()), cell.strip()))
        i += len(cell) + 1
nodes.sort()
print("nodes: " + ", ".join(n for _, n in nodes))
near = lambda p: min(nodes, key=lambda n: abs(n[0] - p))[1]
for label, arrow in zip(rows[2::2], rows[3::2]):
    a, b = near(arrow.index("(") + 1), near(arrow.rindex("(") + 1)
    if "<--" in arrow:
        a, b = b, a
    print(f"{a} -> {b} | " + next((c.strip() for c in label.split("|")[2:-1] if c.strip()), ""))
EOF
) || fail "Flow Graph: unreadable export: $(cat "$work/flow.txt")"
want="nodes: CUCM, Expressway-C, Expressway-E, Webex
CUCM -> Expressway-C | INVITE (no SDP)
Expressway-C -> CUCM | 100
Expressway-C -> Expressway-E | INVITE (no SDP)
Expressway-E -> Expressway-C | 100
Expressway-E -> Webex | INVITE (no SDP)
Webex -> Expressway-E | 100
Webex -> Expressway-E | 500 (origin)
Expressway-E -> Webex | ACK
Expressway-E -> Expressway-C | 500 (relayed)
Expressway-C -> Expressway-E | ACK
Expressway-C -> CUCM | 500 (relayed)
CUCM -> Expressway-C | ACK"
[ "$ladder" = "$want" ] || fail "Flow Graph export differs:
$ladder"
close_window "$flow"
say "flow graph: ok"

# ---- a clean exit -------------------------------------------------------------------

focus "$main"; key ctrl+q
for _ in $(seq 100); do kill -0 "$ws_pid" 2>/dev/null || break; sleep 0.2; done
kill -0 "$ws_pid" 2>/dev/null && fail "Wireshark did not quit on Ctrl+Q"
status=0; wait "$ws_pid" || status=$?
ws_pid=
[ "$status" = 0 ] || fail "Wireshark exited with status $status"
! grep -qiE 'dissector bug|segmentation|assert|critical' "$work/wireshark.log" || fail "Wireshark complained"
recent=$home/.config/wireshark/profiles/siphop/recent
grep -q '^gui.toolbar_main_show' "$recent" && grep -q '"%Cus:siphop.label"' "$recent" ||
    fail "Wireshark did not save the siphop column in the profile's recent file"
say "exit: ok"

# ---- screenshots ---------------------------------------------------------------------

if [ -n "$shots_out" ]; then
    mkdir -p "$shots_out"
    # The packet list without the empty details pane; all small palettes.
    convert "$work/shots/list.png" -crop 1400x330+0+0 +repage "$work/shots/list.png"
    for s in list:gui-packet-list details:gui-details expert:gui-expert sip-hops:gui-sip-hops flow:gui-flow; do
        convert "$work/shots/${s%%:*}.png" -strip +dither -colors 64 -define png:compression-level=9 \
            "PNG8:$shots_out/${s#*:}.png"
    done
    say "screenshots in $shots_out: $(cd "$shots_out" && ls gui-*.png | tr '\n' ' ')"
fi
echo "ok: Wireshark GUI with siphop"
