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
#                with the whole label; after View > Resize Columns no siphop
#                cell in the screenshot ends in an ellipsis (its last glyph's
#                height, in pixels)
#   conversation right-click on frame 9 > Conversation Filter > "SIP call (all
#                hops)" puts siphop.call == 1 in the display filter bar
#                (copied from the bar)
#   details      Edit > Copy > All Visible Items of frame 7 has siphop's tree:
#                failure origin, who sent it, its Warning, the Error item, the
#                cause, the fix and each of its steps whole, no "[truncated]"
#   Expert Info  Analyze > Expert Information has an Error item; ungrouped,
#                its context menu's Copy gives the item's whole summary
#   call list    Telephony > SIP Calls across Hops (siphop): its Copy button
#                gives the columns and one row, call 1 with its verdict
#   outcomes     Telephony > SIP Call Outcomes (siphop): its Copy button gives
#                FAILED 1 and delayed-offer 1
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
#
# SPDX-License-Identifier: GPL-2.0-or-later
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

Xvfb -displayfd 9 -screen 0 1920x1080x24 -nolisten tcp -ac 9>"$work/display" 2>"$work/xvfb.log" &
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
# Pixels, read with ImageMagick and python3 (no imaging module needed):
#   seps PNG Y0 Y1     x of the vertical lines on every row Y0..Y1 (a header's
#                      section borders)
#   runs PNG X HEX     top and bottom y of each run of that color down column X
#   cells PNG X0 X1 Y0 ROWH N   for N rows of height ROWH from Y0, between X0
#                      and X1: row, first and last x of the text, and the
#                      height of its last glyph's right edge (an ellipsis is 2-3
#                      pixels high, ")" the full line)
img() {
    python3 - "$@" <<'EOF'
import sys, subprocess
d = subprocess.run(["convert", sys.argv[2], "-depth", "8", "ppm:-"], check=True, capture_output=True).stdout
parts, i = [], 0
while len(parts) < 4:
    while d[i:i + 1].isspace():
        i += 1
    j = i
    while not d[j:j + 1].isspace():
        j += 1
    parts.append(d[i:j])
    i = j
w, h, px = int(parts[1]), int(parts[2]), d[i + 1:]
at = lambda x, y: tuple(px[3 * (y * w + x):3 * (y * w + x) + 3])
lum = lambda x, y: sum(at(x, y))
cmd = sys.argv[1]
if cmd == "seps":
    y0, y1 = int(sys.argv[3]), int(sys.argv[4])
    print(" ".join(str(x) for x in range(1, w) if all(lum(x - 1, y) - lum(x, y) >= 40 for y in range(y0, y1 + 1))))
elif cmd == "runs":
    x, want, y = int(sys.argv[3]), bytes.fromhex(sys.argv[4].lstrip("#")), 0
    while y < h:
        if bytes(at(x, y)) == want:
            t = y
            while y < h and bytes(at(x, y)) == want:
                y += 1
            print(t, y - 1)
        y += 1
elif cmd == "cells":
    x0, x1, y0, rh, n = map(int, sys.argv[3:8])
    for k in range(n):
        ys = range(y0 + k * rh + 1, y0 + (k + 1) * rh - 1)
        cnt = {}
        for y in ys:
            for x in range(x0 + 1, x1 - 1):
                cnt[at(x, y)] = cnt.get(at(x, y), 0) + 1
        bg = max(cnt, key=cnt.get)
        ink = lambda x, y: sum(abs(a - b) for a, b in zip(at(x, y), bg)) > 150
        xs = [x for x in range(x0 + 1, x1 - 1) if any(ink(x, y) for y in ys)]
        if not xs:
            print(k + 1, "-", "-", 0)
            continue
        last = [y for y in ys for x in range(xs[-1] - 2, xs[-1] + 1) if ink(x, y)]
        print(k + 1, xs[0], xs[-1], max(last) - min(last) + 1)
EOF
}
# The y of the middle of the selected row (Qt's highlight #308CC6) at x=X.
selected_y() {  # selected_y WINDOW X
    local shotfile=$work/shots/sel.png
    import -window "$1" "$shotfile"
    img runs "$shotfile" "$2" 308CC6 | awk '$2 - $1 >= 8 { print int(($1 + $2) / 2); exit }'
}
# Copy what the display filter bar holds (Ctrl+/ focuses it).
filter_text() { focus "$main"; key ctrl+slash; printf '' | xclip -selection clipboard; key ctrl+a ctrl+c; clip; }
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
shot "$main" list-profile.png
for c in '#B01818:failure origin' '#FFB863:failure relayed' '#FFE94A:delayed offer toward early-offer-only'; do
    n=$(pixels "$work/shots/list-profile.png" "${c%%:*}")
    [ "$n" -ge 1500 ] || fail "packet list: the '${c#*:}' coloring rule (${c%%:*}) paints $n pixels"
done
say "packet list: coloring rules ok"

goto 7
key alt+e; key Return Return   # Edit > Copy > As Plain Text
row=$(clip)
grep -q $'siphop\tInfo' <<<"$row" || fail "packet list: no siphop column in the copied row: $row"
# The siphop field of the row, whole (the column's index from the header line).
idx=$(head -1 <<<"$row" | tr '\t' '\n' | grep -nx siphop | cut -d: -f1)
label=$(sed -n 2p <<<"$row" | cut -f"$idx")
[ "$label" = '500 ORIGIN, call 1 hop 3/3, DO to webex.com (EO only)' ] ||
    fail "packet list: frame 7's siphop label: '$label' ($row)"
say "packet list: frame 7's siphop label ok"

# The rows and the siphop column on the screen: row 1 (yellow) is the first
# packet row, the header's section borders are the lines on every pixel row
# of the header just above it.
list_geometry() {  # list_geometry PNG -> "first_row_y row_height column_left column_right"
    local y1 y1b seps
    read -r y1 y1b < <(img runs "$1" 28 FFE94A | head -1) || return 1
    seps=($(img seps "$1" $((y1 - 14)) $((y1 - 3))))
    [ "${#seps[@]}" -ge "$idx" ] || return 1
    echo "$y1 $((y1b - y1 + 1)) ${seps[idx - 2]} ${seps[idx - 1]}"
}
elided() {  # elided PNG: the rows whose siphop cell ends in an ellipsis (or is empty)
    local g
    g=$(list_geometry "$1") || fail "packet list: rows or columns not found in $1"
    set -- "$1" $g
    img cells "$1" "$4" "$5" "$2" "$3" 12 | awk '$4 < 5 { printf "%s ", $1 }'
}
cut_rows=$(elided "$work/shots/list-profile.png")
say "packet list: with the profile's column widths, rows cut: ${cut_rows:-none}"
# View > Resize Columns: the siphop column as wide as its longest label.
goto 2
key ctrl+shift+r
sleep 1
shot "$main" list.png
cut_rows=$(elided "$work/shots/list.png")
[ -z "$cut_rows" ] || fail "packet list: after View > Resize Columns the siphop cells of rows $cut_rows end in an ellipsis"
say "packet list: every siphop label whole in the screenshot"

# ---- conversation filter -------------------------------------------------------------

# Right-click frame 9's row (found by its highlight), Conversation Filter
# (the context menu's ninth item), then the submenu's entry N (Down N from
# its first enabled entry): what the filter bar then holds.
conversation() {  # conversation N
    local y
    focus "$main"; goto 9
    y=$(selected_y "$main" 28)
    [ -n "$y" ] || fail "conversation filter: frame 9's row not found"
    xdo mousemove --window "$main" 700 "$y" click 3
    sleep 0.5
    key Down Down Down Down Down Down Down Down Down Right
    [ "$1" -gt 0 ] && xdo key --delay 60 $(printf 'Down %.0s' $(seq "$1"))
    sleep 0.7
    import -window root "$work/shots/conversation-root.png"
    key Return
    sleep 1
    filter_text
}
clear_filter() { focus "$main"; key ctrl+slash; key ctrl+a BackSpace Return; sleep 1; }
f=$(conversation 3)   # Ethernet, IPv4, TCP, SIP call (all hops) in 4.0
if [ "$f" != 'siphop.call == 1' ]; then
    for n in $(seq 0 20); do
        clear_filter
        f=$(conversation "$n")
        [ "$f" = 'siphop.call == 1' ] && break
    done
fi
[ "$f" = 'siphop.call == 1' ] || fail "conversation filter: no 'SIP call (all hops)' entry giving siphop.call == 1 (filter bar: '$f')"
eval "$(xdo getwindowgeometry --shell "$main")"
convert "$work/shots/conversation-root.png" -crop "${WIDTH}x${HEIGHT}+${X}+${Y}" +repage "$work/shots/conversation.png"
clear_filter
say "conversation filter: SIP call (all hops) gives siphop.call == 1"

# ---- details ---------------------------------------------------------------------

# Wide enough for the longest items (the cause, a step: about 200
# characters) and tall enough for all of siphop's items.
xdo windowsize --sync "$main" 1680 1060
sleep 1
goto 7
y=$(selected_y "$main" 28)
[ -n "$y" ] || fail "details: frame 7's row not found"
xdo mousemove --window "$main" 700 "$y" click 1   # the packet list has the focus
sleep 0.5
key ctrl+Right                 # View > Expand All
key ctrl+alt+shift+a           # Edit > Copy > All Visible Items
tree=$(clip)
for want in 'SIP hop tracker (siphop): 500 ORIGIN, call 1 hop 3/3' '[Failure origin: 7]' '[Sent by: 114.29.213.174:5060]' \
    '[Warning text: Invalid content in far end 200 OK]' 'Expert Info (Error/Response)' \
    '[Coloring Rule Name: siphop: network fault on the path, starts here]'; do
    grep -qF "$want" <<<"$tree" || fail "details of frame 7 lack '$want'"
done
# siphop's subtree, item by item without the indentation: whole lines.
sub=$(awk 'f && /^[^ ]/ { exit } /^\[SIP hop tracker/ { f = 1 } f' <<<"$tree" | sed 's/^ *//')
[ -n "$sub" ] || fail "details of frame 7: no siphop subtree: $tree"
! grep -qiF 'truncated' <<<"$sub" || fail "details of frame 7: siphop items truncated: $(grep -iF truncated <<<"$sub")"
while IFS= read -r want; do
    grep -qxF "$want" <<<"$sub" || fail "details of frame 7 lack the whole line '$want'"
done <<'EOF'
[Cause: Delayed offer (no SDP) toward company.webex.com, which accepts only early offer: 500 Internal Server Error by 114.29.213.174:5060 on hop 3 (Warning 399 "Invalid content in far end 200 OK").]
[Fix: Early Offer on the CUCM SIP trunk toward Expressway-C (its SIP Profile)]
[Step: On CUCM: Device > Device Settings > SIP Profile, the profile of the SIP trunk toward Expressway-C, Trunk Specific Configuration.]
[Step: Set "Early Offer support for voice and video calls" to "Best Effort (no MTP inserted)" or "Mandatory (insert MTP if needed)" (default: "Disabled (Default value)"), then reset the trunk.]
[Step: Before CUCM 10: tick "Early Offer support for voice and video calls (insert MTP if needed)".]
[Step: "Media Termination Point Required" on the trunk also forces early offer, but puts an MTP into every call (codec and video limits, one more resource per call): not recommended.]
[Step: Multi-cluster: the trunks toward Expressway-C and TelePresence Conductor from the SME or leaf cluster need it too.]
[Delayed offer to webex.com (early offer only): 500 Internal Server Error on hop 3 (sent by 114.29.213.174:5060; Warning 399 "Invalid content in far end 200 OK")]
EOF
n=$(grep -c '^\[Step: ' <<<"$sub" || true)
[ "$n" = 5 ] || fail "details of frame 7: $n fix steps, not 5: $(grep '^\[Step: ' <<<"$sub")"
say "details: siphop tree ok (cause, fix and its 5 steps whole)"
# Only siphop's subtree open for the picture: focus the tree (click its
# empty lower part), go to its last item and expand it with its subtrees.
key ctrl+Left
eval "$(xdo getwindowgeometry --shell "$main")"
xdo mousemove --window "$main" 500 $((HEIGHT - 60)) click 1
sleep 1
key End; key End; key shift+Right
sleep 0.5
shot "$main" details.png
xdo windowsize --sync "$main" 1400 900
sleep 1

# ---- Expert Information ------------------------------------------------------------

expert=$(open_from_menu alt+a 'Expert Information' Up) || fail "Analyze > Expert Information did not open"
xdo windowsize --sync "$expert" 1640 470
xdo windowmove "$expert" 20 40
focus "$expert"
eval "$(xdo getwindowgeometry --shell "$expert")"
# Untick "Group by summary" (bottom left): each item's own summary shows.
xdo mousemove --window "$expert" 208 $((HEIGHT - 55)) click 1
sleep 1
xdo mousemove --window "$expert" 650 300 click 1
sleep 0.5
# The Error item's packet row, then its context menu's Copy (sixth).
key Home Right Down
printf '' | xclip -selection clipboard
key Menu
key Down Down Down Down Down Down Return
copied=$(clip)
want='Delayed offer to webex.com (early offer only): 500 Internal Server Error on hop 3 (sent by 114.29.213.174:5060; Warning 399 "Invalid content in far end 200 OK")'
[[ "$copied" == *": $want" ]] || fail "Expert Information: the Error item's copied summary is not '$want': '$copied'"
[ "$(printf '%s' "$want" | wc -c)" -le 200 ] || fail "Expert Information: the summary is over 200 bytes"
say "expert information: the Error item's summary whole"
# Open every group but the SIP dissector's notes, bottom up; then the
# Summary column as wide as its contents (double-click its right border).
key End Right Up Up Right Up Right Up Right Home Down
sleep 0.5
shot "$expert" expert.png
sep=$(img seps "$work/shots/expert.png" 17 28 | tr ' ' '\n' | awk '$1 > 20' | sed -n 2p)
[ -n "$sep" ] && xdo mousemove --window "$expert" "$sep" 22 click --repeat 2 --delay 80 1
xdo mousemove 1910 1070
sleep 1
shot "$expert" expert.png
n=$(pixels "$work/shots/expert.png" '#FF5C5C')
[ "$n" -ge 1000 ] || fail "Expert Information shows no Error item ($n pixels of #FF5C5C)"
close_window "$expert"
say "expert information: ok"

# ---- the call list and the outcomes ------------------------------------------------------

# A stat table dialog's Copy button (bottom right, left of Save as and
# Close): the table as text; runs of 2+ spaces become "|".
table_copy() {  # table_copy WINDOW
    eval "$(xdo getwindowgeometry --shell "$1")"
    printf '' | xclip -selection clipboard
    xdo mousemove --window "$1" $((WIDTH - 236)) $((HEIGHT - 24)) click 1
    sleep 0.7
    clip | sed -E 's/^ +//; s/ +$//; s/  +/|/g'
}
drag() {  # drag WINDOW X Y X2: press at X,Y, move in steps to X2, release
    local x
    xdo mousemove --window "$1" "$2" "$3" mousedown 1
    for x in $(seq "$2" $(( $4 < $2 ? -25 : 25 )) "$4") "$4"; do xdo mousemove --window "$1" "$x" "$3"; sleep 0.02; done
    xdo mouseup 1
    sleep 0.5
}

# Telephony > SIP Calls across Hops (siphop): third from the bottom in 4.0.
calls=$(open_from_menu alt+y 'SIP Calls across Hops' Up Up Up) || fail "Telephony > SIP Calls across Hops (siphop) did not open"
xdo windowsize --sync "$calls" 1880 190
xdo windowmove "$calls" 20 100
sleep 1
table=$(table_copy "$calls")
grep -qxF 'Call|Start (s)|From|To|Hops|Offer|Target|Final|Class|Origin|Verdict|Call-ID(s)' <<<"$table" ||
    fail "SIP Calls across Hops: not the columns expected: $table"
n=$(grep -cE '^[0-9]+\|' <<<"$table" || true)
[ "$n" = 1 ] || fail "SIP Calls across Hops: $n call rows, not 1: $table"
grep -qxF '1|0.000000|172.28.21.100|34IBJumtlZRvmrI5t7WQjMhA@company.webex.com|1-3|delayed|company.webex.com (EO only)|500|delayed-offer|hop 3 Webex|FAILED: delayed offer toward company.webex.com (early offer only) -> 500 from hop 3 (Webex); fix: Early Offer on the CUCM SIP trunk|e7672380-5991e82c-e0ca3-64151cac@172.28.21.100' <<<"$table" ||
    fail "SIP Calls across Hops: call 1's row differs: $table"
say "SIP Calls across Hops: ok"
# For the picture: the To column narrower (its user part is an opaque id)
# and the Verdict next to the call number, dragged by its header as a user
# would, so that it shows whole.
shot "$calls" calls.png
seps=($(img seps "$work/shots/calls.png" 17 28 | tr ' ' '\n' | awk '$1 > 20'))
if [ "${#seps[@]}" -ge 11 ]; then
    drag "$calls" "${seps[3]}" 22 $((seps[2] + 130))
    shot "$calls" calls.png
    seps=($(img seps "$work/shots/calls.png" 17 28 | tr ' ' '\n' | awk '$1 > 20'))
    drag "$calls" $((seps[9] + 30)) 22 $((seps[0] + 10))
fi
xdo mousemove 1910 1070
sleep 0.5
shot "$calls" calls.png
close_window "$calls"

# Telephony > SIP Call Outcomes (siphop): just above.
outcomes=$(open_from_menu alt+y 'SIP Call Outcomes' Up Up Up Up) || fail "Telephony > SIP Call Outcomes (siphop) did not open"
xdo windowsize --sync "$outcomes" 900 460
xdo windowmove "$outcomes" 20 100
sleep 1
table=$(table_copy "$outcomes")
grep -qE '^Outcome\|Calls\|Percent\|Meaning$' <<<"$table" || fail "SIP Call Outcomes: not the columns expected: $table"
for want in '(all calls)|1|100' 'FAILED|1|100' 'delayed-offer|1|100' 'busy|0|0'; do
    grep -qE "^$(sed 's/[().|]/\\&/g' <<<"$want")(\\.0+)?%?(\\||$)" <<<"$table" || fail "SIP Call Outcomes: no row '$want': $table"
done
grep -qF 'Delayed offer rejected by an early-offer-only destination' <<<"$table" || fail "SIP Call Outcomes: no meaning for delayed-offer: $table"
xdo mousemove 1910 1070
sleep 0.5
shot "$outcomes" outcomes.png
close_window "$outcomes"
say "SIP Call Outcomes: ok"

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
    for s in list:gui-packet-list conversation:gui-conversation details:gui-details expert:gui-expert \
        calls:gui-calls outcomes:gui-outcomes sip-hops:gui-sip-hops flow:gui-flow; do
        convert "$work/shots/${s%%:*}.png" -strip +dither -colors 64 -define png:compression-level=9 \
            "PNG8:$shots_out/${s#*:}.png"
    done
    say "screenshots in $shots_out: $(cd "$shots_out" && ls gui-*.png | tr '\n' ' ')"
fi
echo "ok: Wireshark GUI with siphop"
