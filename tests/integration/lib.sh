# lib.sh - shared by the integration tests: run tshark with the built plugin.
#
# Sourced by each test with SIPHOP_PLUGIN (path to siphop.so) and
# WS_PLUGIN_VERSION (e.g. 4.0) set by CTest. tshark run as root ignores
# personal plugins, so as root we run it as nobody (65534) with a private
# HOME that holds the plugin in its personal plugin folder.
set -eu

: "${SIPHOP_PLUGIN:?set by ctest}"
: "${WS_PLUGIN_VERSION:?set by ctest}"
export TZ=UTC WIRESHARK_ABORT_ON_DISSECTOR_BUG=1 LC_ALL=C.UTF-8

SH_HOME=$(mktemp -d "${TMPDIR:-/tmp}/siphop-test.XXXXXX")
trap 'rm -rf "$SH_HOME"' EXIT
mkdir -p "$SH_HOME/.local/lib/wireshark/plugins/$WS_PLUGIN_VERSION/epan"
cp "$SIPHOP_PLUGIN" "$SH_HOME/.local/lib/wireshark/plugins/$WS_PLUGIN_VERSION/epan/"
chmod -R a+rX "$SH_HOME"

# Usage: sh_tshark ARGS... ; files it reads must be readable by nobody.
sh_tshark() {
    if [ "$(id -u)" = 0 ]; then
        setpriv --reuid=65534 --regid=65534 --clear-groups \
            env HOME="$SH_HOME" TZ=UTC WIRESHARK_ABORT_ON_DISSECTOR_BUG=1 LC_ALL=C.UTF-8 \
            tshark "$@"
    else
        HOME="$SH_HOME" tshark "$@"
    fi
}

# A copy of a file readable by the tshark user: sh_readable FILE -> prints path
sh_readable() {
    local dst="$SH_HOME/in.$$.$RANDOM.$(basename "$1")"
    cp "$1" "$dst" && chmod a+r "$dst" && printf '%s\n' "$dst"
}

sh_fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

# The plugin must really be loaded, or every test below would be vacuous.
sh_tshark -G plugins 2>/dev/null | grep -q 'siphop' || sh_fail "tshark did not load $SIPHOP_PLUGIN"
