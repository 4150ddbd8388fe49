#!/usr/bin/env bash
# run-tests.sh [--quick] - install what is missing, build, and run every test
# (unit tests of the core, tshark integration tests, the public corpus when
# ../shared/corpus exists). Exits non-zero when any test fails.
#
#   --quick   unit and integration tests on the host's Wireshark only: no
#             mutation fuzzing, valgrind, 100k-INVITE flood, GUI, sanitizer,
#             libFuzzer or chroot stages, no Wireshark source checks (they
#             download Wireshark's sources once: tools/wireshark-checks.sh)
#             (a few minutes)
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."

quick=false
case "${1:-}" in
    --quick) quick=true ;;
    "") ;;
    *) sed -n '2,10p' "$0"; exit 2 ;;
esac
if $quick; then
    echo "run-tests: quick: build, then unit and integration tests on the host Wireshark (a few minutes)" >&2
else
    echo "run-tests: full: build and every test on the host Wireshark (installs the GUI packages for the" \
         "GUI test); with CI=true also Wireshark 4.4 and 4.6 in Debian chroots (debootstrap, cached in" \
         "/var/tmp/siphop-chroots); Wireshark's own source checks (its Debian sources, about 50 MB" \
         "once, cached in /var/tmp/siphop-wireshark-src); the browser page (installs Emscripten," \
         "Chromium and node's packages: npm ci, about 40 MB once; zlib for WebAssembly cached in" \
         "/var/tmp/siphop-wasm-deps) and its tests in headless Chromium; then valgrind, clang and" \
         "libFuzzer, an ASan+UBSan build and the fuzz targets. About 30 minutes on 2 CPUs with the" \
         "chroots cached;" \
         "tools/run-tests.sh --quick skips all but the host's unit and integration tests." >&2
fi

tools/install-deps.sh tcpdump sngrep   # the --link ethernet test reads with both
if ! $quick; then
    # Before configuring: the wasm.* checks are set up only where emcc is.
    tools/install-deps.sh --wasm
    tools/install-deps.sh chromium || echo "run-tests: Chromium not installed: the browser test skips" >&2
fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSIPHOP_WERROR=ON >/dev/null
cmake --build build -j"$(nproc)"
if $quick; then
    ctest --test-dir build --output-on-failure -j"$(nproc)" -E '^(mutation|valgrind|gui\.wireshark|hostile\.invite-flood)' \
        -LE 'network|web'   # wireshark.checks downloads Wireshark's sources; web.browser builds the page
    exit 0
fi
ctest --test-dir build --output-on-failure -j"$(nproc)"

# Wireshark 4.4 and 4.6 too, each in a Debian chroot (docs/versions.md).
if [ "${CI:-}" = true ] || [ "${SIPHOP_ALL_VERSIONS:-0}" = 1 ]; then
    tools/test-all-versions.sh
fi

# Robustness (docs/robustness.md). SIPHOP_ROBUSTNESS=0 skips both stages.
if [ "${SIPHOP_ROBUSTNESS:-1}" != 0 ]; then
    tools/install-deps.sh valgrind clang libclang-rt-dev ||
        echo "run-tests: valgrind/clang/libFuzzer not installed: those tests skip" >&2
    # 1. Every test again against an ASan + UBSan build of the core, the
    #    plugin (tshark preloads libasan: tools/siphop-tshark) and the tools.
    cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSIPHOP_SANITIZE=ON >/dev/null
    cmake --build build-asan -j"$(nproc)"
    ctest --test-dir build-asan --output-on-failure -j"$(nproc)"
    # 2. libFuzzer: every target for SIPHOP_FUZZ_SECONDS (30) each (clang only).
    if command -v clang >/dev/null &&
       echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }' |
           clang -x c -fsanitize=fuzzer -o /dev/null - 2>/dev/null; then
        CC=clang cmake -S . -B build-fuzz -DSIPHOP_FUZZ=ON -DSIPHOP_BUILD_PLUGIN=OFF \
            -DSIPHOP_FUZZ_SECONDS="${SIPHOP_FUZZ_SECONDS:-30}" >/dev/null
        cmake --build build-fuzz -j"$(nproc)"
        ctest --test-dir build-fuzz -L fuzz --output-on-failure -j"$(nproc)"
    else
        echo "run-tests: no clang with libFuzzer: fuzz targets not run" >&2
    fi
fi
