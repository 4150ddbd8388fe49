# lib.sh - shared by the integration tests: run tshark with the built plugin.
#
# Sourced by each test with SIPHOP_PLUGIN (path to siphop.so) and
# WS_PLUGIN_VERSION (e.g. 4.0) set by CTest. tools/siphop-tshark does the
# work (a private HOME holding the plugin; as root, tshark runs as nobody).
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu

: "${SIPHOP_PLUGIN:?set by ctest}"
: "${WS_PLUGIN_VERSION:?set by ctest}"
export SIPHOP_PLUGIN WS_PLUGIN_VERSION
export TZ=UTC WIRESHARK_ABORT_ON_DISSECTOR_BUG=1 LC_ALL=C.UTF-8

SH_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SH_HOME=$(mktemp -d "${TMPDIR:-/tmp}/siphop-test.XXXXXX")
trap 'rm -rf "$SH_HOME"' EXIT

sh_tshark() { "$SH_REPO/tools/siphop-tshark" "$@"; }

# Kept for tests written before siphop-tshark copied -r files itself.
sh_readable() { printf '%s\n' "$1"; }

# -T fields prints a boolean as 1/0 up to Wireshark 4.0 and as True/False
# from 4.2: map whole tab-separated True/False cells to 1/0.
sh_bools() { sed -E ':a; s/(^|\t)True(\t|$)/\11\2/; ta; :b; s/(^|\t)False(\t|$)/\10\2/; tb'; }

sh_fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

# The plugin must really be loaded, or every test below would be vacuous.
sh_tshark -G plugins 2>/dev/null | grep -q 'siphop' || sh_fail "tshark did not load $SIPHOP_PLUGIN"
