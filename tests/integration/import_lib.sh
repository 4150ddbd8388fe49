# shellcheck shell=bash
# import_lib.sh - shared by the siphop-import CLI tests (test_import_*.sh).
#
# No plugin is involved: the files siphop-import writes must open in any
# Wireshark, so these tests run the plain tshark. CTest sets SIPHOP_IMPORT
# (the built tool) and SIPHOP_LOGS (test-captures/logs).
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu

: "${SIPHOP_IMPORT:?set by ctest: path of siphop-import}"
: "${SIPHOP_LOGS:?set by ctest: test-captures/logs}"
export TZ=UTC WIRESHARK_ABORT_ON_DISSECTOR_BUG=1 LC_ALL=C.UTF-8

command -v tshark >/dev/null || { echo "SKIP: no tshark"; exit 77; }

IMP_TMP=$(mktemp -d "${TMPDIR:-/tmp}/siphop-import-test.XXXXXX")
trap 'rm -rf "$IMP_TMP"' EXIT
# shellcheck disable=SC2034  # used by the tests that source this
L=$SIPHOP_LOGS

imp_fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

# imp_run OUT EXPECTED_STATUS ARGS... : run the tool, stderr to OUT.err
imp_run() {
    local out=$1 want=$2 got=0
    shift 2
    "$SIPHOP_IMPORT" -o "$out" "$@" 2>"$out.err" || got=$?
    [ "$got" = "$want" ] || { cat "$out.err" >&2; imp_fail "siphop-import $* exited $got, want $want"; }
}

# imp_fields FILE FIELDS... : one line per frame, fields tab-separated
imp_fields() {
    local f=$1 args=()
    shift
    for e in "$@"; do args+=(-e "$e"); done
    tshark -r "$f" -T fields -E occurrence=f "${args[@]}" 2>/dev/null
}

# imp_expect NAME GOT_FILE : compare with the expectation on stdin
imp_expect() {
    local name=$1 got=$2
    if ! diff -u /dev/stdin "$got" >"$IMP_TMP/diff"; then
        cat "$IMP_TMP/diff" >&2
        imp_fail "$name differs (- expected, + got)"
    fi
}

# imp_grep FILE REGEX : the stderr of a run must say this
imp_grep() {
    grep -Eq -- "$2" "$1" || { cat "$1" >&2; imp_fail "stderr lacks /$2/"; }
}

# Any Wireshark reads it: tshark must load it without complaint and dissect
# every frame as SIP (with Wireshark's own exported-PDU dissector).
imp_all_sip() {
    local f=$1 n
    tshark -r "$f" >/dev/null 2>"$IMP_TMP/tshark.err" || { cat "$IMP_TMP/tshark.err" >&2; imp_fail "tshark cannot read $f"; }
    n=$(tshark -r "$f" -Y '!sip' 2>/dev/null | wc -l)
    [ "$n" = 0 ] || imp_fail "$n frames of $f are not SIP"
    n=$(tshark -r "$f" -Y '_ws.malformed' 2>/dev/null | wc -l)
    [ "$n" = 0 ] || imp_fail "$n frames of $f are malformed"
}
