#!/usr/bin/env bash
# web/run-tests.sh - build the page (web/build.sh) and run its tests with
# node's test runner: the layout code alone (test/ui.test.mjs), then the page
# in headless Chromium (test/browser.test.mjs), compared with the plugin.
#
#   web/run-tests.sh [node --test options...]
#
# Installs Chromium (and node) with tools/install-deps.sh when they are
# missing; exits 77 (skipped) with a message when that is impossible.
# SIPHOP_PLUGIN and SIPHOP_IMPORT default to build/'s plugin and
# siphop-import when they are there (the comparisons are skipped without
# them). SIPHOP_WEB_SHOTS=1 writes the screenshots docs/web-*.png.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
web=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$web")
skip() { echo "web/run-tests.sh: SKIPPED: $*" >&2; exit 77; }

command -v node >/dev/null || "$repo/tools/install-deps.sh" nodejs npm || skip "node is missing and could not be installed"
# puppeteer-core 25 is an ES module package that asks for node 22; it runs
# on node 20 (checked), not on Debian 12's node 18.
[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] || skip "node $(node --version) is too old for puppeteer-core 25 (20 or later)"
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[ -x "$CHROMIUM" ] || "$repo/tools/install-deps.sh" chromium || true
[ -x "$CHROMIUM" ] || skip "no Chromium at $CHROMIUM (tools/install-deps.sh chromium)"

"$web/build.sh"

if [ -z "${SIPHOP_PLUGIN:-}" ] && [ -f "$repo/build/plugin/siphop.so" ]; then export SIPHOP_PLUGIN=$repo/build/plugin/siphop.so; fi
if [ -z "${SIPHOP_IMPORT:-}" ] && [ -x "$repo/build/import/siphop-import" ]; then export SIPHOP_IMPORT=$repo/build/import/siphop-import; fi
[ -n "${SIPHOP_PLUGIN:-}" ] || echo "web/run-tests.sh: SIPHOP_PLUGIN unset and no build/plugin/siphop.so: the comparisons with the plugin are skipped" >&2

cd "$web"
exec node --test "$@" test/*.test.mjs
