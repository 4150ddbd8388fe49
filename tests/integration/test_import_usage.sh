#!/usr/bin/env bash
# test_import_usage.sh - usage and I/O errors exit 2, and leave no output.
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
if [ -w /dev/full ]; then
    [ "$(status -o /dev/full "$L/expe-call.log")" = 2 ] || imp_fail "write error (disk full)"
    grep -q 'write error' "$IMP_TMP/stderr" || imp_fail "write error message"
fi

# A corrupt bundle (a tar header with a bad checksum behind a good one).
{ gzip -dc "$L/call-bundle.tar.gz" | head -c 16384; head -c 512 /dev/zero | tr '\0' 'x'; } | gzip -n >"$IMP_TMP/bad.tar.gz"
[ "$(status -o "$IMP_TMP/y.pcapng" "$IMP_TMP/bad.tar.gz")" = 2 ] || imp_fail "corrupt bundle"
grep -q 'bad.tar.gz: ' "$IMP_TMP/stderr" || imp_fail "corrupt bundle message"

# -q: no summary, but errors still reported.
"$SIPHOP_IMPORT" -q -o "$IMP_TMP/q.pcapng" "$L/expe-seed.log" 2>"$IMP_TMP/stderr"
[ ! -s "$IMP_TMP/stderr" ] || imp_fail "-q printed something"
echo "PASS"
