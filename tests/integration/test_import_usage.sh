#!/usr/bin/env bash
# test_import_usage.sh - usage and I/O errors exit 2, and leave no output.
#
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/import_lib.sh"

status() { local s=0; "$SIPHOP_IMPORT" "$@" >"$IMP_TMP/stdout" 2>"$IMP_TMP/stderr" || s=$?; echo $s; }

[ "$(status --help)" = 0 ] || imp_fail "--help"
grep -q '^Usage: siphop-import -o OUT.pcapng' "$IMP_TMP/stdout" || imp_fail "--help text"
[ "$(status --version)" = 0 ] || imp_fail "--version"
[ "$(status)" = 2 ] || imp_fail "no arguments"
[ "$(status "$L/expe-seed.log")" = 2 ] || imp_fail "no -o"
grep -q 'no output file' "$IMP_TMP/stderr" || imp_fail "no -o message"
[ "$(status -o "$IMP_TMP/x.pcapng")" = 2 ] || imp_fail "no inputs"
[ "$(status --bogus -o "$IMP_TMP/x.pcapng" "$L/expe-seed.log")" = 2 ] || imp_fail "unknown option"
[ "$(status --date 2015-13-01 -o "$IMP_TMP/x.pcapng" "$L/cucm-sdl.txt")" = 2 ] || imp_fail "bad --date"
[ "$(status --utc-offset 25:00 -o "$IMP_TMP/x.pcapng" "$L/cucm-sdl.txt")" = 2 ] || imp_fail "bad --utc-offset"
[ "$(status --cucm-ip cucm.example.com -o "$IMP_TMP/x.pcapng" "$L/cucm-sdl.txt")" = 2 ] || imp_fail "bad --cucm-ip"

# A missing input: exit 2 before anything is written.
[ "$(status -o "$IMP_TMP/x.pcapng" "$L/expe-seed.log" "$L/no-such-file.log")" = 2 ] || imp_fail "missing input"
grep -q 'no-such-file.log: No such file or directory' "$IMP_TMP/stderr" || imp_fail "missing input message"
[ ! -e "$IMP_TMP/x.pcapng" ] || imp_fail "output created although an input is missing"

# An output that cannot be written.
[ "$(status -o "$IMP_TMP/no/such/dir/x.pcapng" "$L/expe-seed.log")" = 2 ] || imp_fail "unwritable output"
# A write error (disk full): said, exit 2, and the summary does not claim
# the messages were written.
if [ -w /dev/full ]; then
    [ "$(status -o /dev/full "$L/expe-call.log")" = 2 ] || imp_fail "write error (disk full)"
    grep -qx 'siphop-import: writing /dev/full: No space left on device; /dev/full is incomplete' "$IMP_TMP/stderr" ||
        { cat "$IMP_TMP/stderr" >&2; imp_fail "write error message"; }
    grep -q 'incomplete (write error)' "$IMP_TMP/stderr" || imp_fail "write error: summary line"
    ! grep -q 'messages written' "$IMP_TMP/stderr" || imp_fail "write error: the summary claims messages were written"
    # The same through standard output.
    s=0; "$SIPHOP_IMPORT" -o - "$L/expe-call.log" >/dev/full 2>"$IMP_TMP/stderr" || s=$?
    [ "$s" = 2 ] || imp_fail "write error on standard output: exit $s"
    grep -q 'writing standard output: No space left on device' "$IMP_TMP/stderr" || imp_fail "stdout write error message"
fi

# The output is one of the inputs: refused before anything is opened for
# writing, the input left as it was (same file, via a symbolic link, via a
# hard link, a file of a directory input, standard input).
cp "$L/expc-call.log" "$IMP_TMP/in.log"
sum=$(cksum <"$IMP_TMP/in.log")
refused() {
    local want=$1
    shift
    local s=0
    "$SIPHOP_IMPORT" "$@" >/dev/null 2>"$IMP_TMP/stderr" || s=$?
    [ "$s" = 2 ] || imp_fail "output = input ($*): exit $s, want 2"
    grep -q "^siphop-import: the output .* is also an input ($want); refusing to overwrite it$" "$IMP_TMP/stderr" ||
        { cat "$IMP_TMP/stderr" >&2; imp_fail "output = input ($*): message"; }
    [ "$(cksum <"$IMP_TMP/in.log")" = "$sum" ] || imp_fail "output = input ($*): the input was changed"
}
refused "$IMP_TMP/in.log" -o "$IMP_TMP/in.log" "$IMP_TMP/in.log"
refused "$IMP_TMP/in.log" -o "$IMP_TMP/in.log" "$L/expe-call.log" "$IMP_TMP/in.log"
ln -s in.log "$IMP_TMP/sym.log"
refused "$IMP_TMP/in.log" -o "$IMP_TMP/sym.log" "$IMP_TMP/in.log"
refused "$IMP_TMP/sym.log" -o "$IMP_TMP/in.log" "$IMP_TMP/sym.log"
ln "$IMP_TMP/in.log" "$IMP_TMP/hard.log"
refused "$IMP_TMP/in.log" -o "$IMP_TMP/hard.log" "$IMP_TMP/in.log"
mkdir -p "$IMP_TMP/dir/sub"
ln "$IMP_TMP/in.log" "$IMP_TMP/dir/sub/copy.log"
refused "$IMP_TMP/dir/sub/copy.log" -o "$IMP_TMP/in.log" "$IMP_TMP/dir"
s=0; "$SIPHOP_IMPORT" -o "$IMP_TMP/in.log" - <"$IMP_TMP/in.log" 2>"$IMP_TMP/stderr" || s=$?
[ "$s" = 2 ] && grep -q 'is also an input (standard input)' "$IMP_TMP/stderr" || imp_fail "output = standard input"
[ "$(cksum <"$IMP_TMP/in.log")" = "$sum" ] || imp_fail "output = standard input: the input was changed"
# Not the same file: converted (/dev/null is never compared).
[ "$(status -o /dev/null "$IMP_TMP/in.log")" = 0 ] || imp_fail "output /dev/null"

# A corrupt bundle (a tar header with a bad checksum behind a good one):
# what came before is converted, exit 1.
{ gzip -dc "$L/call-bundle.tar.gz" | head -c 16384; head -c 512 /dev/zero | tr '\0' 'x'; } | gzip -n >"$IMP_TMP/bad.tar.gz"
[ "$(status -o "$IMP_TMP/y.pcapng" "$IMP_TMP/bad.tar.gz")" = 1 ] || imp_fail "corrupt bundle"
grep -q 'bad.tar.gz/diagnostic_logging/expe-call.log.gz: after line [0-9]*: the bundle ends inside this member' \
    "$IMP_TMP/stderr" || { cat "$IMP_TMP/stderr" >&2; imp_fail "corrupt bundle message"; }
[ "$(tshark -r "$IMP_TMP/y.pcapng" 2>/dev/null | wc -l)" = 8 ] || imp_fail "corrupt bundle: the first member's messages"

# The new options.
[ "$(status --link token-ring -o "$IMP_TMP/x.pcapng" "$L/expe-seed.log")" = 2 ] || imp_fail "bad --link"
grep -q -- '--link wants ethernet or exported-pdu' "$IMP_TMP/stderr" || imp_fail "bad --link message"
[ "$(status --link exported-pdu -o "$IMP_TMP/x.pcapng" "$L/expe-seed.log")" = 0 ] || imp_fail "--link exported-pdu"
[ "$(status --cube-ip cube.example.com -o "$IMP_TMP/x.pcapng" "$L/expe-seed.log")" = 2 ] || imp_fail "bad --cube-ip"
grep -q -- '--cube-ip wants an IPv4 or IPv6 address' "$IMP_TMP/stderr" || imp_fail "bad --cube-ip message"
[ "$(status --cube-ip 10.0.0.1 --cube-name gw1 -o "$IMP_TMP/x.pcapng" "$L/expe-seed.log")" = 0 ] ||
    imp_fail "--cube-ip/--cube-name"
grep -q -- '--cube-ip ADDR' "$IMP_TMP/stdout" 2>/dev/null || { status --help >/dev/null; grep -q -- '--cube-ip ADDR' "$IMP_TMP/stdout"; } ||
    imp_fail "--help lacks --cube-ip"

# -q: no summary, but errors still reported.
"$SIPHOP_IMPORT" -q -o "$IMP_TMP/q.pcapng" "$L/expe-seed.log" 2>"$IMP_TMP/stderr"
[ ! -s "$IMP_TMP/stderr" ] || imp_fail "-q printed something"
echo "PASS"
