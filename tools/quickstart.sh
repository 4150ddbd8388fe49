#!/usr/bin/env bash
# quickstart.sh - install what is missing, build, install the plugin into your
# personal Wireshark plugin folder, and run siphop on the bundled seed capture
# (the CUCM -> Expressway-C -> Expressway-E -> Webex delayed-offer failure).
#
# SPDX-License-Identifier: GPL-2.0-or-later
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

tools/quickstart-demo.sh
