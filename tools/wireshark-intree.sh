#!/usr/bin/env bash
# wireshark-intree.sh - build siphop inside Wireshark's source tree, as
# plugins/epan/siphop, together with Wireshark's fuzzshark, and fuzz siphop
# with it.
#
#   tools/wireshark-intree.sh [--fuzz SECONDS] [SUITE...]
#
#   SUITE    bookworm (Wireshark 4.0), trixie (4.4) or sid (4.6); default
#            bookworm sid. A suite whose source cannot be had is skipped with
#            a message (tools/wireshark-checks.sh --fetch).
#   --fuzz   after the build: run fuzzshark once over every packet of the
#            project's captures (test-captures/*.pcapng and hostile/), then
#            fuzz for SECONDS (libFuzzer, mutating those packets). 0: the
#            first part only. Without --fuzz: build only.
#
# Steps, each timed:
#   1. the Debian source of the suite's Wireshark, from the cache that
#      tools/wireshark-checks.sh keeps (/var/tmp/siphop-wireshark-src);
#   2. a view of that tree under $SIPHOP_INTREE_DIR/<version>/tree: symbolic
#      links to the cached tree's files (which is shared with
#      wireshark-checks.sh and never written to) plus the generated files,
#      from the templates in tools/wireshark-intree/:
#        CMakeListsCustom.txt            Wireshark's custom-plugin hook:
#                                        CUSTOM_PLUGIN_SRC_DIR plugins/epan/siphop
#        plugins/epan/siphop/CMakeLists.txt  the plugin, built the way
#                                        Wireshark's own are, from the
#                                        checkout's plugin/ and core/
#        epan/dissectors/CMakeListsCustom.txt  the same sources built into
#                                        libwireshark, for fuzzshark (which
#                                        loads no plugins), with fuzzhook.c
#      A view and not the tree itself: add_subdirectory() takes plugin
#      folders only from inside Wireshark's tree, and the cache stays clean;
#   3. cmake (Ninja, clang) in $SIPHOP_INTREE_DIR/<version>/build: no Qt, no
#      GUI, no program but fuzzshark; libFuzzer instrumentation
#      (ENABLE_FUZZER); -O1 without debug information for Wireshark; the
#      built-in copy of siphop with -g, AddressSanitizer and UBSan;
#   4. nice -n 15 ninja fuzzshark siphop. The build directory is kept: a
#      rerun rebuilds what changed (siphop's sources, normally) in about a
#      minute. The first build takes about 15 minutes on two busy cores;
#   5. with --fuzz: the captures' IP packets (tools/wireshark-intree/corpus.py)
#      through fuzzshark once in capture order, once more to list which of
#      siphop's functions ran (the run fails if its dissector and tracker did
#      not), then libFuzzer for SECONDS with a SIP dictionary (sip.dict) and
#      only the protocols on SIP's path enabled (see fuzz_one below). With
#      WIRESHARK_ABORT_ON_DISSECTOR_BUG=1; as root, fuzzshark runs as nobody
#      (Wireshark loads nothing from a build directory for root). Crash
#      inputs go to $SIPHOP_INTREE_DIR/<version>/fuzz/crashes/, the corpus
#      grows in .../fuzz/corpus/ from run to run. docs/wireshark-intree.md
#      has the last result and why fuzzshark needs tools/wireshark-intree/fuzzhook.c.
#
# Needs: cmake, ninja-build, clang (with libFuzzer: libclang-rt-14-dev on
# bookworm), flex, python3, perl and the development packages Wireshark's
# cmake requires at least: libglib2.0-dev libgcrypt20-dev libc-ares-dev
# libpcre2-dev. Missing ones are named (with the apt-get line) and the
# script stops; SIPHOP_INTREE_INSTALL=1 installs them instead.
#
# Exit status: 0 built (and fuzzed without a crash); 1 a build or fuzz
# failure, or a crash; 2 usage or missing tools; 77 no suite's source.
#
# Environment:
#   SIPHOP_INTREE_DIR      builds (default /var/tmp/siphop-wireshark-build)
#   SIPHOP_INTREE_JOBS     ninja -j (default: the number of processors)
#   SIPHOP_INTREE_SANITIZE sanitizers for siphop in fuzzshark (default
#                          address,undefined; empty: none)
#   SIPHOP_INTREE_FOCUS    0: fuzz with all of Wireshark's protocols enabled
#   SIPHOP_INTREE_INSTALL  1: apt-get install what is missing
#   and those of tools/wireshark-checks.sh for the source cache.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

usage() {
    sed -n '2,/^# SPDX-License-Identifier/p' "$0" | head -n -2 | sed -e 's/^# \{0,1\}//' >&2
    exit 2
}

fuzz_seconds=
suites=()
while [ $# -gt 0 ]; do
    case $1 in
        --fuzz) [ $# -ge 2 ] || usage; fuzz_seconds=$2; shift 2
                case $fuzz_seconds in '' | *[!0-9]*) usage ;; esac ;;
        -h | --help) usage ;;
        bookworm | trixie | sid) suites+=("$1"); shift ;;
        *) echo "wireshark-intree: unknown argument '$1'" >&2; usage ;;
    esac
done
[ ${#suites[@]} -gt 0 ] || suites=(bookworm sid)

repo=$(cd "$(dirname "$0")/.." && pwd)
here=$repo/tools/wireshark-intree
root=${SIPHOP_INTREE_DIR:-/var/tmp/siphop-wireshark-build}
jobs=${SIPHOP_INTREE_JOBS:-$(nproc)}
sanitize=${SIPHOP_INTREE_SANITIZE-address,undefined}

log() { printf 'wireshark-intree: %s\n' "$*" >&2; }
t0=$(date +%s)
step_start=$t0
step() { step_start=$(date +%s); log "$*"; }
step_done() { log "  ... $1 ($(($(date +%s) - step_start)) s)"; }

# ---------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------
need=()
have_cmd() { command -v "$1" >/dev/null 2>&1; }
have_cmd cmake || need+=(cmake)
have_cmd ninja || need+=(ninja-build)
have_cmd clang || need+=(clang)
have_cmd flex || need+=(flex)
have_cmd python3 || need+=(python3)
have_cmd perl || need+=(perl)
for p in libglib2.0-dev libgcrypt20-dev libc-ares-dev libpcre2-dev; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' || need+=("$p")
done
if have_cmd clang; then
    # -fsanitize=fuzzer needs the libFuzzer runtime of this clang.
    rt=$(clang -print-file-name=libclang_rt.fuzzer-x86_64.a 2>/dev/null || true)
    [ -f "$rt" ] || [ -f "$(clang --print-resource-dir)/lib/linux/libclang_rt.fuzzer-x86_64.a" ] ||
        need+=("libclang-rt-$(clang -dumpversion | cut -d. -f1)-dev")
fi
if [ ${#need[@]} -gt 0 ]; then
    if [ "${SIPHOP_INTREE_INSTALL:-0}" = 1 ]; then
        log "installing: ${need[*]}"
        apt-get install -y --no-install-recommends "${need[@]}"
    else
        log "missing: ${need[*]}"
        log "install with: apt-get install --no-install-recommends ${need[*]} (or SIPHOP_INTREE_INSTALL=1)"
        exit 2
    fi
fi

# Writes stdin to $1 only when the content differs, so that an unchanged
# rerun does not make cmake reconfigure.
put() {
    local tmp
    tmp=$(mktemp "$1.XXXXXX")
    cat >"$tmp"
    if cmp -s "$tmp" "$1" 2>/dev/null; then rm -f "$tmp"; else mv -f "$tmp" "$1"; fi
}

# Symbolic links in $2 to every entry of $1 but those named after it.
link_all() {
    local from=$1 to=$2 e name
    shift 2
    mkdir -p "$to"
    for e in "$from"/* "$from"/.[!.]*; do
        [ -e "$e" ] || continue
        name=${e##*/}
        for skip in "$@"; do [ "$name" = "$skip" ] && continue 2; done
        [ -L "$to/$name" ] && [ "$(readlink "$to/$name")" = "$e" ] && continue
        rm -rf "${to:?}/$name"
        ln -s "$e" "$to/$name"
    done
}

# ---------------------------------------------------------------------------
# One suite
# ---------------------------------------------------------------------------
status=0
built=0
build_one() {
    local suite=$1 src version wsver dir tree build flags
    step "$suite: Wireshark source"
    if ! src=$("$repo/tools/wireshark-checks.sh" --fetch "$suite"); then
        log "$suite: no source (see above); skipped"
        return 0
    fi
    version=$(basename "$(dirname "$src")")
    wsver=${version%%-*}
    step_done "$src (Debian $version)"

    dir=$root/$wsver
    tree=$dir/tree
    build=$dir/build

    step "$suite: the tree cmake sees, $tree"
    # Links to the cached tree, but real folders down to the generated files.
    local d
    for d in "$tree/plugins" "$tree/plugins/epan" "$tree/epan" "$tree/epan/dissectors"; do
        [ -L "$d" ] && rm -f "$d"
        mkdir -p "$d"
    done
    link_all "$src" "$tree" plugins epan CMakeListsCustom.txt
    link_all "$src/plugins" "$tree/plugins" epan
    link_all "$src/plugins/epan" "$tree/plugins/epan" siphop
    link_all "$src/epan" "$tree/epan" dissectors
    link_all "$src/epan/dissectors" "$tree/epan/dissectors" CMakeListsCustom.txt
    mkdir -p "$tree/plugins/epan/siphop"
    subst() {
        sed -e "s|@SIPHOP_DIR@|$repo|g" -e "s|@HERE@|$here|g" -e "s|@SIPHOP_SANITIZE@|$sanitize|g" "$here/$1"
    }
    subst CMakeLists.txt.in | put "$tree/plugins/epan/siphop/CMakeLists.txt"
    subst CMakeListsCustom.txt.in | put "$tree/CMakeListsCustom.txt"
    subst dissectors-CMakeListsCustom.txt.in | put "$tree/epan/dissectors/CMakeListsCustom.txt"
    step_done "plugins/epan/siphop and epan/dissectors/CMakeListsCustom.txt -> $repo"

    # Everything Wireshark builds by default that fuzzshark does not need is
    # off; Lua and the capture library too (not needed, and their packages
    # need not be installed).
    flags=(-G Ninja
           -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++
           -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS_RELEASE=-O1 -DCMAKE_CXX_FLAGS_RELEASE=-O1
           -DENABLE_FUZZER=ON -DBUILD_fuzzshark=ON -DENABLE_PLUGINS=ON
           -DENABLE_WERROR=OFF -DENABLE_LUA=OFF -DENABLE_PCAP=OFF -DENABLE_SINSP=OFF
           -DBUILD_wireshark=OFF -DBUILD_logray=OFF -DBUILD_tshark=OFF -DBUILD_tfshark=OFF
           -DBUILD_rawshark=OFF -DBUILD_dumpcap=OFF -DBUILD_text2pcap=OFF -DBUILD_mergecap=OFF
           -DBUILD_reordercap=OFF -DBUILD_editcap=OFF -DBUILD_capinfos=OFF -DBUILD_captype=OFF
           -DBUILD_randpkt=OFF -DBUILD_dftest=OFF -DBUILD_dcerpcidl2wrs=OFF
           -DBUILD_androiddump=OFF -DBUILD_sshdump=OFF -DBUILD_ciscodump=OFF -DBUILD_dpauxmon=OFF
           -DBUILD_randpktdump=OFF -DBUILD_wifidump=OFF -DBUILD_sdjournal=OFF -DBUILD_udpdump=OFF
           -DBUILD_sharkd=OFF -DBUILD_mmdbresolve=OFF)
    mkdir -p "$build"
    if [ ! -f "$build/build.ninja" ] || [ "$(cat "$build/.siphop-flags" 2>/dev/null)" != "${flags[*]}" ]; then
        step "$suite: cmake (log: $build/cmake.log)"
        if ! nice -n 15 cmake -S "$tree" -B "$build" "${flags[@]}" >"$build/cmake.log" 2>&1; then
            tail -30 "$build/cmake.log" >&2
            log "$suite: cmake failed"
            status=1
            return 0
        fi
        printf '%s' "${flags[*]}" >"$build/.siphop-flags"
        step_done "configured"
    fi

    step "$suite: ninja -j$jobs fuzzshark siphop (log: $build/ninja.log)"
    if ! nice -n 15 ninja -C "$build" -j "$jobs" fuzzshark siphop >"$build/ninja.log" 2>&1; then
        grep -E 'error|FAILED' "$build/ninja.log" | head -30 >&2 || true
        log "$suite: build failed"
        status=1
        return 0
    fi
    step_done "built: $(grep -c '^\[' "$build/ninja.log" || true) steps"
    # Warnings in siphop's own files, under Wireshark's warning flags.
    local warnings
    warnings=$(sed -e 's/\x1b\[[0-9;]*m//g' "$build/ninja.log" | grep -E "^$repo/.*warning:" | sort -u || true)
    if [ -n "$warnings" ]; then
        log "$suite: compiler warnings in siphop's sources:"
        printf '%s\n' "$warnings" >&2
    else
        log "$suite: no compiler warnings in siphop's sources (or nothing of siphop rebuilt)"
    fi
    built=$((built + 1))

    if [ -n "$fuzz_seconds" ]; then
        fuzz_one "$suite" "$wsver" "$dir" "$build" || status=1
    fi
}

# ---------------------------------------------------------------------------
# fuzzshark
# ---------------------------------------------------------------------------
# The crash part of a libFuzzer log (the message, the stack, the input's
# file), without the coverage listing that follows it.
crash_report() {
    sed -n -E '/failed assertion|ERROR: (libFuzzer|AddressSanitizer)|runtime error|Dissector bug/,/^(SUMMARY|COVERAGE:)/p' "$1" |
        head -80 >&2
    grep -E 'Test unit written to' "$1" >&2 || true
}

# Sets cov_text from a libFuzzer log with -print_coverage: how many of
# siphop's functions (plugin/, core/) ran, and whether its dissector and the
# core's tracker did; returns 1 when they did not.
cov_text=
coverage_summary() {
    local covered total key
    covered=$(grep -c -E "^COVERED_FUNC: .* $repo/(plugin|core)/" "$1" || true)
    total=$(grep -c -E "^(UN)?COVERED_FUNC: .* $repo/(plugin|core)/" "$1" || true)
    key=$(grep -E "^COVERED_FUNC: .* (dissect_siphop|sh_tracker_process) $repo/" "$1" |
          sed -E 's/^COVERED_FUNC: hits: ([0-9]+) edges: ([0-9]+\/[0-9]+) ([a-z_]+) .*/\3 (\2 edges)/' |
          paste -sd ' ' -)
    cov_text="$covered of siphop's $total functions ran; $key"
    printf '%s' "$key" | grep -q dissect_siphop && printf '%s' "$key" | grep -q sh_tracker_process
}

fuzz_one() {
    local suite=$1 wsver=$2 dir=$3 build=$4
    local fz=$dir/fuzz fuzzshark=$build/run/fuzzshark out rc focus
    local -a env_run
    rm -rf "$fz/seeds" "$fz/seedrun"
    mkdir -p "$fz/seeds" "$fz/corpus" "$fz/crashes"

    step "$suite: fuzz inputs: the IP packets of the project's captures"
    python3 "$here/corpus.py" "$fz/seeds" "$repo"/test-captures/*.pcapng "$repo"/test-captures/hostile/*.pcapng >&2
    cp -n "$fz/seeds"/* "$fz/corpus/"
    step_done "$(ls "$fz/seeds" | wc -l) packets"

    # fuzzshark: FUZZSHARK_TARGET is a no-op, see fuzzhook.c. Dissector bugs
    # abort (a crash for libFuzzer) instead of becoming an expert item.
    # Leak checking is off: siphop and Wireshark keep per-capture state
    # across inputs on purpose, so an input's "leak" is its state.
    # Wireshark takes its data files from the build directory only when not
    # started with special privileges, and root counts as such
    # (wsutil/privileges.c): as root, fuzzshark runs as nobody.
    local -a as_user=()
    if [ "$(id -u)" = 0 ]; then
        as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
        chown -R 65534:65534 "$fz"
    fi
    # Focus: mutated IP headers and ports otherwise lead libFuzzer into all
    # of Wireshark's ~2 900 protocols (a first run spent most of its time in
    # 802.11, CAPWAP and the like). Every protocol but those on SIP's path
    # and siphop's is disabled through the profile's disabled_protos file;
    # the names come from the host's tshark when it is the same Wireshark
    # major.minor (fuzzshark cannot list them). SIPHOP_INTREE_FOCUS=0: all.
    # TLS is left out although siphop notes TLS on SIP ports (encrypted.c):
    # Wireshark 4.0.17's TLS dissector aborts on mutated handshakes within
    # minutes (packet-tls.c:2257, DISSECTOR_ASSERT(frag_len != 0); see
    # docs/wireshark-intree.md), which would end every run in Wireshark's
    # code rather than siphop's.
    local keep='frame raw ip ipv6 udp tcp sip sdp data siphop siphop_fuzz_noop'
    rm -rf "$fz/config"
    mkdir -p "$fz/config/wireshark"
    focus="all of Wireshark's protocols"
    if [ "${SIPHOP_INTREE_FOCUS:-1}" = 1 ] && have_cmd tshark &&
       [ "$(tshark -v 2>/dev/null | sed -n '1s/.* \([0-9]*\.[0-9]*\)\.[0-9]*.*/\1/p')" = "${wsver%.*}" ]; then
        tshark -G protocols 2>/dev/null | awk -F'\t' '{print $3}' | grep -v '^_ws\.' |
            grep -v -x -F -f <(printf '%s\n' $keep) >"$fz/config/wireshark/disabled_protos" || true
        focus="only $keep ($(wc -l <"$fz/config/wireshark/disabled_protos") others disabled)"
    fi
    log "$suite: fuzzing $focus"
    [ ${#as_user[@]} -eq 0 ] || chown -R 65534:65534 "$fz/config"

    env_run=("${as_user[@]}" env HOME="$fz" XDG_CONFIG_HOME="$fz/config" FUZZSHARK_TARGET=siphop_fuzz_noop WIRESHARK_ABORT_ON_DISSECTOR_BUG=1
             WIRESHARK_ABORT_ON_TOO_MANY_ITEMS=1
             ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:symbolize=1
             UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1)

    # a) Every packet of every capture once, in capture order (one process:
    #    siphop's state carries over from packet to packet as in a capture).
    step "$suite: fuzzshark over every packet once, in capture order (log: $fz/seedrun.log)"
    out=$fz/seedrun.log
    set +e
    (cd "$fz" && "${env_run[@]}" nice -n 15 "$fuzzshark" -runs=1 "$fz"/seeds/* >"$out" 2>&1)
    rc=$?
    set -e
    if [ "$rc" -ne 0 ]; then
        log "$suite: fuzzshark failed on the captures' packets (exit $rc):"
        crash_report "$out"
        return 1
    fi
    step_done "$(grep -c '^Executed ' "$out" || true) packets, no crash"

    # b) The proof that siphop's code runs, not only loads: the same packets
    #    through libFuzzer's corpus loading, which records coverage
    #    (-print_coverage lists the functions that ran; running single files,
    #    as above, records none).
    step "$suite: which of siphop's functions run (log: $fz/coverage.log)"
    out=$fz/coverage.log
    set +e
    (cd "$fz" && "${env_run[@]}" nice -n 15 "$fuzzshark" -runs=0 -max_len=16384 -print_coverage=1 \
        "$fz/seeds" >"$out" 2>&1)
    rc=$?
    set -e
    if [ "$rc" -ne 0 ]; then
        log "$suite: fuzzshark failed loading the packets as a corpus (exit $rc); see $out"
        return 1
    fi
    if ! coverage_summary "$out"; then
        log "$suite: fuzzshark ran, but siphop's dissector and tracker did not; see $out"
        return 1
    fi
    step_done "$cov_text"

    [ "$fuzz_seconds" -gt 0 ] || return 0

    # b) Mutations: libFuzzer over the growing corpus (seeded with the
    #    packets), SIP tokens as a dictionary, for the time asked.
    step "$suite: fuzzshark with libFuzzer for $fuzz_seconds s (log: $fz/fuzz.log)"
    out=$fz/fuzz.log
    set +e
    (cd "$fz" && "${env_run[@]}" nice -n 15 "$fuzzshark" -max_total_time="$fuzz_seconds" \
        -dict="$here/sip.dict" -max_len=16384 -rss_limit_mb=4096 -timeout=30 -print_final_stats=1 -print_coverage=1 \
        -artifact_prefix="$fz/crashes/" "$fz/corpus" >"$out" 2>&1)
    rc=$?
    set -e
    local execs speed cov
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out" | tail -1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$out" | tail -1)
    cov=$(grep -E '^#[0-9]+' "$out" | tail -1 | sed -n 's/.*\(cov: [0-9]*\).*\(ft: [0-9]*\).*/\1 \2/p')
    if [ "$rc" -ne 0 ]; then
        log "$suite: fuzzshark found a crash (exit $rc); inputs: $(ls "$fz/crashes")"
        crash_report "$out"
        return 1
    fi
    coverage_summary "$out" || true
    step_done "no crash: ${execs:-?} executions (${speed:-?}/s), ${cov:-}, corpus $(ls "$fz/corpus" | wc -l) inputs; $cov_text"
}

for s in "${suites[@]}"; do
    build_one "$s"
done

log "done in $(($(date +%s) - t0)) s"
if [ "$status" -ne 0 ]; then exit 1; fi
if [ "$built" -eq 0 ]; then log "no suite's source could be had"; exit 77; fi
exit 0
