#!/usr/bin/env bash
# web/build.sh - build the siphop page into web/dist, from a fresh clone.
#
#   web/build.sh              everything
#   web/build.sh --page-only  steps 3-4: keep web/dist/core as it is (a page edit)
#
# 1. installs what is missing (tools/install-deps.sh: node and npm when there
#    is no node, Emscripten for the core through web/build-core.sh);
# 2. web/build-core.sh: siphop's core and siphop-import compiled to
#    WebAssembly -> web/dist/core/siphop-core.{js,wasm}, siphop-import.{js,wasm};
# 3. npm ci (the exact versions of package-lock.json: wiregasm 1.9.1 and,
#    for the tests, puppeteer-core);
# 4. web/src and wiregasm's dist files into web/dist, and the service
#    worker's file list (web/dist/sw-files.js) with a hash of the build.
#
# Wiregasm is copied as its .gz pair only (wasm 19.2 MB + data 0.45 MB
# instead of 68.7 + 2.7 MB): the worker inflates them with the browser's
# DecompressionStream, which costs well under a second and saves 51 MB of
# download and of offline cache (docs/web.md has the measurements).
# Serve the result with web/serve.sh, or any static web server.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
web=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$web")
dist=$web/dist
page_only=false
case "${1:-}" in
    --page-only) page_only=true ;;
    "") ;;
    *) sed -n '2,8p' "$0" >&2; exit 2 ;;
esac

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    "$repo/tools/install-deps.sh" nodejs npm
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 18 ]; then
    echo "build.sh: node $(node --version) is too old (18 or later; 20 or later for the browser tests)" >&2
    exit 2
fi

# siphop's core in WebAssembly (installs Emscripten when it is missing).
$page_only || "$web/build-core.sh"
for f in siphop-core.js siphop-core.wasm siphop-import.js siphop-import.wasm; do
    [ -s "$dist/core/$f" ] || { echo "build.sh: web/build-core.sh did not make dist/core/$f" >&2; exit 1; }
done

# npm ci wipes node_modules: only when package-lock.json changed since.
cd "$web"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
fi
wg=node_modules/@goodtools/wiregasm

# Everything but core/ (web/build-core.sh's) is rebuilt from scratch, so a
# file removed from src/ does not linger in dist/.
mkdir -p "$dist"
find "$dist" -mindepth 1 -maxdepth 1 ! -name core -exec rm -rf {} +
cp -R src/. "$dist/"
mkdir -p "$dist/vendor"
cp "$wg/dist/wiregasm.js" "$wg/dist/wiregasm.wasm.gz" "$wg/dist/wiregasm.data.gz" "$dist/vendor/"
{
    echo "wiregasm $(node -p "require('./$wg/package.json').version") (Wireshark compiled to WebAssembly),"
    echo "from the npm package @goodtools/wiregasm; source: $(node -p "require('./$wg/package.json').homepage")."
    echo "Wireshark: https://www.wireshark.org/ (GPL-2.0-or-later)."
    echo
    cat "$wg/LICENSE"
} > "$dist/vendor/WIREGASM.txt"
cp "$repo/COPYING" "$dist/COPYING.txt"

# The service worker's list: every file of the build, and the build's name
# (a hash of all of them) for its cache.
(
    cd "$dist"
    files=$(find . -type f ! -name sw.js ! -name sw-files.js | sed 's|^\./||' | LC_ALL=C sort)
    version=$(printf '%s\n' $files | xargs sha256sum | sha256sum | cut -c1-16)
    {
        echo "// Written by web/build.sh: the files the service worker keeps for offline use."
        echo "self.SIPHOP_BUILD = {"
        echo "  version: '$version',"
        echo "  files: ["
        echo "    './',"
        printf "    '%s',\n" $files
        echo "  ],"
        echo "};"
    } > sw-files.js
    echo "build.sh: web/dist ready (build $version, $(du -sh . | cut -f1)); serve it with web/serve.sh" >&2
)
