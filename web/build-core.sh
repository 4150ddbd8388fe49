#!/usr/bin/env bash
# build-core.sh - siphop's core for the browser page, in WebAssembly:
#   siphop-core.{js,wasm}    the analysis (wasm/siphop_wasm.h), and
#   siphop-import.{js,wasm}  import/siphop-import (logs, bundles -> pcapng),
# copied into web/dist/core/ (the directory the page is served from).
#
#   web/build-core.sh [--build-dir DIR] [--dist DIR] [--no-install] [--test] [--jobs N]
#
#   --build-dir DIR  the CMake build (default: <repo>/build-wasm)
#   --dist DIR       where the four files go (default: <repo>/web/dist/core)
#   --no-install     do not install missing packages (tools/install-deps.sh --wasm)
#   --test           run the build's ctest: the unit tests under node, the
#                    modules' smoke tests
#
# Idempotent: what is there is not done again. Steps:
#   1. the packages (Debian's emscripten 3.1.6: its system libraries come
#      prebuilt, so nothing is downloaded while building);
#   2. zlib for wasm, which emscripten's ports would download: built once
#      from Debian's source into $SIPHOP_WASM_DEPS (default
#      /var/tmp/siphop-wasm-deps, a stable path a CI can cache);
#   3. emcmake cmake + cmake --build (the same core sources as the plugin,
#      against wasm/glib-shim);
#   4. the copy into the dist directory.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$repo/build-wasm
dist=$repo/web/dist/core
deps=${SIPHOP_WASM_DEPS:-/var/tmp/siphop-wasm-deps}
install=1
test=0
jobs=$(nproc 2>/dev/null || echo 2)

while [ $# -gt 0 ]; do
    case $1 in
        --build-dir) build=$2; shift 2 ;;
        --dist) dist=$2; shift 2 ;;
        --no-install) install=0; shift ;;
        --test) test=1; shift ;;
        --jobs) jobs=$2; shift 2 ;;
        -h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "build-core: unknown argument $1 (--help)" >&2; exit 2 ;;
    esac
done

t_all=$(date +%s.%N)
t_step=$t_all
say() { echo "build-core: $*" >&2; }
took() {
    local now; now=$(date +%s.%N)
    say "  $(awk -v a="$t_step" -v b="$now" 'BEGIN { printf "%.1f s", b - a }')"
    t_step=$now
}
die() { say "error: $*"; exit 1; }

# emcc's JS optimiser requires Debian's node modules (acorn); a node from
# elsewhere (NodeSource) does not look in /usr/share/nodejs.
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}

# ---- 1. packages ------------------------------------------------------------
say "1/4 packages: emscripten, cmake, dpkg-dev"
if [ $install = 1 ]; then
    "$repo/tools/install-deps.sh" --wasm
fi
for tool in emcc emar emcmake cmake node dpkg-source; do
    command -v $tool >/dev/null || die "$tool not found (tools/install-deps.sh --wasm installs it)"
done
say "  emcc $(emcc --version | head -1 | sed 's/.*) \([0-9.]*\).*/\1/'), node $(node --version)"
took

# ---- 2. zlib for wasm --------------------------------------------------------
zlib=$deps/zlib-wasm
zlib_files="adler32 compress crc32 deflate gzclose gzlib gzread gzwrite infback inffast inflate inftrees trees uncompr zutil"

# apt-get source needs a deb-src line: one like the system's deb lines.
ensure_deb_src() {
    apt-get source --print-uris zlib >/dev/null 2>&1 && return 0
    local sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
    local list=/etc/apt/sources.list.d/siphop-deb-src.sources
    say "  adding $list (deb-src like the deb lines) for apt-get source"
    if [ -f /etc/apt/sources.list.d/debian.sources ]; then
        sed 's/^Types:.*/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | $sudo tee "$list" >/dev/null
    elif [ -f /etc/apt/sources.list ]; then
        grep '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' | $sudo tee "${list%.sources}.list" >/dev/null
    else
        die "no apt sources to derive a deb-src line from"
    fi
    $sudo apt-get update -qq
}

if [ -f "$zlib/lib/libz.a" ] && [ -f "$zlib/include/zlib.h" ]; then
    say "2/4 zlib for wasm: cached, $zlib ($(cat "$zlib/SOURCE" 2>/dev/null || echo '?'))"
else
    say "2/4 zlib for wasm: from Debian's source into $zlib"
    mkdir -p "$deps/src"
    if ! ls "$deps"/src/zlib_*.dsc >/dev/null 2>&1; then
        ensure_deb_src
        (cd "$deps/src" && apt-get source --download-only zlib >apt-source.log 2>&1) ||
            { cat "$deps/src/apt-source.log" >&2; die "apt-get source zlib failed"; }
    fi
    dsc=$(ls "$deps"/src/zlib_*.dsc | sort | tail -1)
    work=$deps/zlib-build
    rm -rf "$work" "$zlib"
    mkdir -p "$work"
    dpkg-source --no-check -x "$dsc" "$work/src" >/dev/null
    mkdir -p "$work/obj" "$zlib/lib" "$zlib/include"
    for f in $zlib_files; do
        # HAVE_UNISTD_H: what zlib's configure finds on emscripten's libc.
        emcc -O2 -DHAVE_UNISTD_H -DHAVE_STDARG_H -c "$work/src/$f.c" -o "$work/obj/$f.o"
    done
    emar rcs "$zlib/lib/libz.a" "$work"/obj/*.o
    cp "$work/src/zlib.h" "$work/src/zconf.h" "$zlib/include/"
    basename "$dsc" .dsc > "$zlib/SOURCE"
    rm -rf "$work"
    say "  $(cat "$zlib/SOURCE"): $(du -k "$zlib/lib/libz.a" | cut -f1) KB"
fi
took

# ---- 3. configure and build ----------------------------------------------------
say "3/4 emcmake cmake + build in $build ($jobs jobs)"
emcmake cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release -DSIPHOP_WASM_ZLIB="$zlib" >/dev/null
log=$build/build-core.log
if ! cmake --build "$build" -j "$jobs" >"$log" 2>&1; then
    tail -40 "$log" >&2
    die "the build failed (all of it in $log)"
fi
grep -E "warning:" "$log" >&2 || true
for f in wasm/siphop-core.js wasm/siphop-core.wasm import/siphop-import.js import/siphop-import.wasm; do
    [ -f "$build/$f" ] || die "$build/$f was not built (see $log)"
done
took

if [ $test = 1 ]; then
    say "   ctest in $build"
    (cd "$build" && ctest --output-on-failure -j "$jobs") >&2
    took
fi

# ---- 4. dist -------------------------------------------------------------------
say "4/4 copy into $dist"
mkdir -p "$dist"
for f in wasm/siphop-core.js wasm/siphop-core.wasm import/siphop-import.js import/siphop-import.wasm; do
    cp "$build/$f" "$dist/"
    say "  $(basename "$f"): $(wc -c < "$dist/$(basename "$f")") bytes, gzip $(gzip -9c "$dist/$(basename "$f")" | wc -c)"
done
took
t_step=$t_all
say "done"
took
