#!/usr/bin/env bash
# install.sh - build siphop if needed and install it for the Wireshark found,
# into your personal folders (no root needed):
#
#   plugin         ~/.local/lib/wireshark/plugins/<major.minor>/epan/siphop.so
#   log reader     ~/.local/lib/wireshark/plugins/<major.minor>/wiretap/siphop_logreader.so
#                  (when it was built: Wireshark 4.6 and later)
#   siphop-import  ~/.local/bin/siphop-import             (when it was built)
#   profile        ~/.config/wireshark/profiles/siphop     (when profile/siphop exists)
#
#   tools/install.sh [-B BUILD_DIR] [--no-build] [--dry-run] [--uninstall]
#
# <major.minor> is that of the Wireshark CMake package the build used (the
# plugin loads only into that version); tshark -v must agree, else a warning.
# For Wireshark's system plugin folder instead, build the .deb:
# `cmake --build build --target package` (see docs/versions.md).
#
# Environment: SIPHOP_BUILD_DIR (default <repo>/build), TSHARK (default tshark).
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${SIPHOP_BUILD_DIR:-$repo/build}
tshark=${TSHARK:-tshark}
do_build=1 dry=0 uninstall=0 reader_installed=

while [ $# -gt 0 ]; do
    case $1 in
        -B | --build-dir) build=${2:?-B needs a directory}; shift 2 ;;
        --no-build) do_build=0; shift ;;
        -n | --dry-run) dry=1; shift ;;
        --uninstall) uninstall=1; shift ;;
        -h | --help) sed -n '2,/^# SPDX-License-Identifier/p' "$0" | head -n -2 | sed -e 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done

say() { printf 'install.sh: %s\n' "$*" >&2; }
run() {
    if [ "$dry" = 1 ]; then printf '  would run: %s\n' "$*"; else "$@"; fi
}

# The Wireshark found on PATH.
ts_ver=
if command -v "$tshark" >/dev/null 2>&1; then
    ts_ver=$("$tshark" -v 2>/dev/null | head -1 | grep -oE '[0-9]+\.[0-9]+' | head -1 || true)
fi

# Build (configure first when there is no build directory yet).
if [ "$uninstall" = 0 ] && [ "$do_build" = 1 ]; then
    if [ ! -f "$build/CMakeCache.txt" ]; then
        say "configuring $build"
        run cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    fi
    say "building $build"
    run cmake --build "$build" -j"$(nproc)" >/dev/null
fi

# The Wireshark the build used.
build_ver=
if [ -f "$build/CMakeCache.txt" ]; then
    build_ver=$(sed -n 's/^WS_PLUGIN_VERSION:INTERNAL=//p' "$build/CMakeCache.txt")
fi
ver=${build_ver:-$ts_ver}
[ -n "$ver" ] || { say "no build in $build and no tshark: which Wireshark is this for?"; exit 1; }
if [ -z "$ts_ver" ]; then
    say "warning: no $tshark on PATH; installing for Wireshark $ver, which the build used"
elif [ -n "$build_ver" ] && [ "$build_ver" != "$ts_ver" ]; then
    say "warning: the build is for Wireshark $build_ver but $tshark is $ts_ver: the plugin will not load"
    say "  into $ts_ver. Install wireshark-dev $ts_ver and rebuild (rm -rf $build), or use Wireshark $build_ver."
    say "  Installing for $build_ver anyway."
fi

plugin_dir=$HOME/.local/lib/wireshark/plugins/$ver/epan
reader_dir=$HOME/.local/lib/wireshark/plugins/$ver/wiretap
bin_dir=$HOME/.local/bin
# Wireshark's personal configuration folder: the XDG one unless only the
# legacy ~/.wireshark exists.
conf_dir=${XDG_CONFIG_HOME:-$HOME/.config}/wireshark
if [ ! -d "$conf_dir" ] && [ -d "$HOME/.wireshark" ]; then
    conf_dir=$HOME/.wireshark
fi
profile_dir=$conf_dir/profiles/siphop

if [ "$uninstall" = 1 ]; then
    for f in "$plugin_dir/siphop.so" "$reader_dir/siphop_logreader.so" "$bin_dir/siphop-import"; do
        [ -e "$f" ] && { say "removing $f"; run rm -f "$f"; }
    done
    [ -d "$profile_dir" ] && { say "removing $profile_dir"; run rm -rf "$profile_dir"; }
    exit 0
fi

plugin=$build/plugin/siphop.so
[ -f "$plugin" ] || { say "no plugin at $plugin (build failed, or configured with -DSIPHOP_BUILD_PLUGIN=OFF?)"; exit 1; }
# install(1) replaces the file (new inode): a running Wireshark keeps the old one.
say "plugin        -> $plugin_dir/siphop.so"
run install -D -m 0755 "$plugin" "$plugin_dir/siphop.so"

if [ -f "$build/wiretap/siphop_logreader.so" ]; then
    say "log reader    -> $reader_dir/siphop_logreader.so"
    run install -D -m 0755 "$build/wiretap/siphop_logreader.so" "$reader_dir/siphop_logreader.so"
    reader_installed=1
fi

if [ -x "$build/import/siphop-import" ]; then
    say "siphop-import -> $bin_dir/siphop-import"
    run install -D -m 0755 "$build/import/siphop-import" "$bin_dir/siphop-import"
    case ":$PATH:" in *":$bin_dir:"*) ;; *) say "note: $bin_dir is not on your PATH" ;; esac
fi

if [ -d "$repo/profile/siphop" ]; then
    say "profile       -> $profile_dir (Edit > Configuration Profiles, or wireshark -C siphop)"
    run mkdir -p "$profile_dir"
    run cp -R "$repo/profile/siphop/." "$profile_dir/"
fi

if [ "$(id -u)" = 0 ]; then
    say "note: Wireshark ignores personal plugins when run as root; run it as your user, or"
    say "  install the .deb (cmake --build $build --target package) for the system plugin folder."
elif [ -n "$ts_ver" ] && [ "$ts_ver" = "$ver" ] && [ "$dry" = 0 ]; then
    listed=$("$tshark" -G plugins 2>/dev/null || true)
    for so in siphop.so ${reader_installed:+siphop_logreader.so}; do
        if grep -q "^${so//./\\.}" <<<"$listed"; then
            say "ok: $tshark $ts_ver loads $so"
        else
            say "warning: $tshark -G plugins does not list $so"
            exit 1
        fi
    done
fi
