#!/usr/bin/env bash
# install-deps.sh - install the Debian/Ubuntu packages siphop needs, only those
# missing. Non-interactive (works in CI with no stdin); uses sudo when not root.
#
#   tools/install-deps.sh [extra-package...]
#   tools/install-deps.sh --wasm [extra-package...]
#
# --wasm: only what the browser page's WebAssembly build needs
# (web/build-core.sh): Debian's emscripten (with its prebuilt libraries, so
# nothing is downloaded at build time), CMake, and dpkg-dev for unpacking
# zlib's Debian source.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

if [ "${1:-}" = --wasm ]; then
    shift
    packages=(cmake make emscripten dpkg-dev "$@")
else
    packages=(build-essential cmake pkg-config libglib2.0-dev zlib1g-dev wireshark-dev tshark python3 "$@")
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
