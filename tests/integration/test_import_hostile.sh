#!/usr/bin/env bash
# test_import_hostile.sh - bad input is reported with file and line, the
# rest is still converted, the exit status is 1; nothing crashes.
#
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/import_lib.sh"

# hostile FILE FRAMES STDERR-REGEX [SIP METHODS/STATUS IN ORDER]
hostile() {
    local f=$1 frames=$2 re=$3 out=$IMP_TMP/$1.pcapng n
    imp_run "$out" 1 "$L/$f"
    imp_grep "$out.err" "$re"
    n=$(tshark -r "$out" 2>/dev/null | wc -l)
    [ "$n" = "$frames" ] || imp_fail "$f: $n frames, want $frames"
    [ "$frames" = 0 ] || imp_all_sip "$out"
}

# EOF before the closing '|': the first record converted, the second not.
hostile truncated.log 1 \
    "^siphop-import: truncated.log:29: SIP record cut off: the input ends before (its closing '\|'|the message does); skipped$"
imp_grep "$IMP_TMP/truncated.log.pcapng.err" 'skipped 1 bad: record truncated at end of input'

# No closing '|' before the next record header, but the message is complete
# (Content-Length: 0, then the blank line): a record pasted without its
# closing line. Both records are converted, nothing is reported.
imp_run "$IMP_TMP/missing-pipe.log.pcapng" 0 "$L/missing-pipe.log"
imp_all_sip "$IMP_TMP/missing-pipe.log.pcapng"
[ "$(imp_fields "$IMP_TMP/missing-pipe.log.pcapng" frame.comment | cut -d' ' -f2 | tr '\n' ' ')" = \
    "missing-pipe.log:1 missing-pipe.log:28 " ] || imp_fail "missing-pipe: both records must be written"

# Binary bytes between records and inside one.
hostile garbage.log 3 '^siphop-import: garbage.log:13: binary data \(up to the next text line\); skipped$'
imp_grep "$IMP_TMP/garbage.log.pcapng.err" \
    '^siphop-import: garbage.log:28: SIP record holds binary data \(line 36\); skipped$'
imp_fields "$IMP_TMP/garbage.log.pcapng" sip.CSeq.seq >"$IMP_TMP/got"
imp_expect "garbage survivors" "$IMP_TMP/got" <<'X'
1
2
4
X

# A 1 MiB line inside a SIP record (gzip-compressed fixture).
hostile longline.log.gz 2 \
    '^siphop-import: longline.log.gz:13: SIP record has a line longer than 65536 bytes \(line 21\); skipped$'

# Content-Length 999999 with an empty body: written as logged, with a
# warning in stderr and in the frame comment; Wireshark still dissects it.
hostile content-length.log 2 \
    '^siphop-import: content-length.log:1: warning: Content-Length 999999 but only 0 body bytes logged; written as logged$'
imp_fields "$IMP_TMP/content-length.log.pcapng" sip.Status-Code sip.Content-Length >"$IMP_TMP/got"
imp_expect "content-length frames" "$IMP_TMP/got" <<'X'
500	999999
	0
X
imp_fields "$IMP_TMP/content-length.log.pcapng" frame.comment | head -1 | grep -q 'warning: Content-Length 999999' ||
    imp_fail "content-length warning not in the comment"

# A gzip file cut short: what came before is converted.
hostile truncated.log.gz 2 \
    '^siphop-import: truncated.log.gz: after line [0-9]+: compressed data ends early \(truncated gzip file\); the rest of this input is lost$'

# Random bytes (as a file, and as a gzip member): no crash, no frames.
head -c 65536 /dev/urandom >"$IMP_TMP/random.bin"
got=0; "$SIPHOP_IMPORT" -q -o "$IMP_TMP/random.pcapng" "$IMP_TMP/random.bin" 2>/dev/null || got=$?
[ "$got" = 0 ] || [ "$got" = 1 ] || imp_fail "random bytes: exit $got"
[ "$(tshark -r "$IMP_TMP/random.pcapng" 2>/dev/null | wc -l)" = 0 ] || imp_fail "random bytes gave frames"

# Good and bad files together: every good record of every file is written.
imp_run "$IMP_TMP/mix.pcapng" 1 "$L/garbage.log" "$L/expe-seed.log" "$L/truncated.log"
[ "$(tshark -r "$IMP_TMP/mix.pcapng" 2>/dev/null | wc -l)" = 7 ] || imp_fail "mix: want 3 + 3 + 1 frames"
echo "PASS"
