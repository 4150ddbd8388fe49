#!/usr/bin/env bash
# run-tests.sh - install what is missing, build, and run every test (unit tests
# of the core, tshark integration tests, the public corpus when ../shared/corpus
# exists). Exits non-zero when any test fails.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSIPHOP_WERROR=ON >/dev/null
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)"

# Wireshark 4.4 and 4.6 too, each in a Debian chroot (docs/versions.md).
if [ "${CI:-}" = true ] || [ "${SIPHOP_ALL_VERSIONS:-0}" = 1 ]; then
    tools/test-all-versions.sh
fi
