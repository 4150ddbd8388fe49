#!/usr/bin/env bash
# test-all-versions.sh - every test against each supported Wireshark, each in
# its Debian chroot (tools/chroot-wireshark.sh):
#   1. configure with -DSIPHOP_WERROR=ON and build (warning-free or fail)
#   2. ctest: unit, integration (tshark loads the plugin) and corpus tests
#   3. the .deb: built, installed, its plugins (siphop.so, and the log reader
#      where built) listed by `tshark -G plugins` from Wireshark's own plugin
#      folder, removed again
#
#   tools/test-all-versions.sh [SUITE...]
#
# SUITEs: trixie (Wireshark 4.4), sid (4.6), bookworm (4.0). Default:
# $SIPHOP_VERSIONS, else "trixie sid" - 4.0 is this machine's own Wireshark,
# which tools/run-tests.sh tests directly. tools/run-tests.sh calls this script
# when CI=true or SIPHOP_ALL_VERSIONS=1. Needs root (uses sudo otherwise).
# The first run per suite creates its chroot (about a minute on a fast mirror).
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -gt 0 ]; then
    suites=("$@")
else
    read -r -a suites <<<"${SIPHOP_VERSIONS:-trixie sid}"
fi

sudo=()
[ "$(id -u)" = 0 ] || sudo=(sudo --preserve-env=CI,SIPHOP_CHROOT_DIR,SIPHOP_DEBIAN_MIRROR,SIPHOP_CHROOT_REBUILD)

# Runs inside the chroot, from /src/siphop.
stage='set -e
b=/build/siphop
rm -rf $b   # shared by every checkout: never reuse objects built from another
cmake -S /src/siphop -B $b -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSIPHOP_WERROR=ON >/dev/null
cmake --build $b -j"$(nproc)" >$b/build.log 2>&1 || { cat $b/build.log; exit 1; }
if grep -q "warning:" $b/build.log; then grep -A3 "warning:" $b/build.log; exit 1; fi
# wireshark.checks runs on the host (the same Wireshark sources and scripts).
ctest --test-dir $b --output-on-failure -j"$(nproc)" -E "^(wireshark\.checks|web\.browser)$"
ver=$(sed -n "s/^WS_PLUGIN_VERSION:INTERNAL=//p" $b/CMakeCache.txt)
rm -f $b/siphop-*.deb $b/siphop-*.tar.gz
cmake --build $b --target package >/dev/null
deb=$(ls $b/siphop-*.deb)
dpkg -i "$deb" >/dev/null
plugins=$(tshark -G plugins 2>/dev/null || true)
dpkg -r siphop >/dev/null
want="epan/siphop.so"
dpkg-deb -c "$deb" | grep -q "/wiretap/siphop_logreader.so$" && want="$want wiretap/siphop_logreader.so"
for w in $want; do
    loaded=$(grep "/wireshark/plugins/$ver/$w$" <<<"$plugins" || true)
    [ -n "$loaded" ] || { echo "package: tshark does not load $w from $(basename "$deb")"; exit 1; }
    echo "package: $(basename "$deb") installs, tshark loads $loaded"
done'

summary=()
failed=0
total_start=$SECONDS
for suite in "${suites[@]}"; do
    echo "=== $suite ==="
    start=$SECONDS
    if "${sudo[@]}" tools/chroot-wireshark.sh "$suite" bash -c "$stage"; then
        result=ok
    else
        result=FAILED
        failed=1
    fi
    summary+=("$(printf '%-9s %-7s %4ds' "$suite" "$result" $((SECONDS - start)))")
done
echo "=== Wireshark versions ==="
printf '%s\n' "${summary[@]}"
echo "total $((SECONDS - total_start))s"
exit $failed
