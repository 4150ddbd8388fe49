#!/usr/bin/env bash
# web/serve.sh [port] - serve web/dist on http://127.0.0.1:PORT/ (default 8080).
#
# Any static web server will do (the page needs http(s), not file://: a
# worker, fetch() and the service worker are not allowed from file:// pages).
# python3's http.server sends .wasm as application/wasm, which lets the
# browser compile while it downloads. Only 127.0.0.1 is bound: the page is
# for this machine; nothing the page reads is ever sent to it.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
web=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
port=${1:-8080}
[ -f "$web/dist/index.html" ] || { echo "serve.sh: no web/dist yet: run web/build.sh first" >&2; exit 2; }
echo "serve.sh: siphop at http://127.0.0.1:$port/ (Ctrl+C stops it)" >&2
exec python3 -m http.server "$port" --bind 127.0.0.1 --directory "$web/dist"
