#!/usr/bin/env bash
# quickstart.sh - install what is missing, build, install the plugin into your
# personal Wireshark plugin folder, and run siphop on the bundled seed capture
# (the CUCM -> Expressway-C -> Expressway-E -> Webex delayed-offer failure).
set -euo pipefail
cd "$(dirname "$0")/.."

tools/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
cmake --install build --prefix "$HOME/.local" >/dev/null
ver=$(tshark -v 2>/dev/null | head -1 | grep -oE '[0-9]+\.[0-9]+' | head -1)
echo "Installed: $HOME/.local/lib/wireshark/plugins/$ver/epan/siphop.so"
if [ "$(id -u)" = 0 ]; then
    echo "(You are root: Wireshark ignores personal plugins for root, so this demo runs tshark as nobody.)"
fi

cap=test-captures/seed-delayed-offer-webex.pcapng
col='gui.column.format:"No.","%m","Source","%s","Destination","%d","siphop","%Cus:siphop.label"'
echo
echo "== $cap: every SIP message with the siphop column (tshark -2) =="
tools/siphop-tshark -r "$cap" -2 -o "$col" -Y sip
echo
echo "== Delayed offers toward an early-offer-only destination (-Y siphop.delayed_offer_eo_required) =="
tools/siphop-tshark -r "$cap" -2 -Y siphop.delayed_offer_eo_required -T fields -e frame.number -e siphop.hop -e siphop.target
echo
echo "== Where the failure started, and the fix (-Y siphop.failure_origin) =="
tools/siphop-tshark -r "$cap" -2 -Y siphop.failure_origin -T fields -e frame.number -e siphop.cause |
    fold -s -w 110
echo "Fix: $(tools/siphop-tshark -r "$cap" -2 -Y siphop.failure_origin -T fields -e siphop.fix)"
tools/siphop-tshark -r "$cap" -2 -Y siphop.failure_origin -T fields -E occurrence=a -E aggregator='|' \
    -e siphop.fix_step | tr '|' '\n' | sed 's/^/  - /' | fold -s -w 110
echo
echo "Open it in Wireshark:  wireshark $cap   (column: see README, 'The siphop column')"
