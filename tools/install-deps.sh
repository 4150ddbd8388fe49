#!/usr/bin/env bash
# install-deps.sh - install the Debian/Ubuntu packages siphop needs, only those
# missing. Non-interactive (works in CI with no stdin); uses sudo when not root.
#
#   tools/install-deps.sh [extra-package...]
set -euo pipefail

packages=(build-essential cmake pkg-config libglib2.0-dev zlib1g-dev wireshark-dev tshark python3 "$@")

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
