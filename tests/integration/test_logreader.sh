#!/usr/bin/env bash
# test_logreader.sh - Wireshark 4.6+ opens the logs directly with the log
# reader plugin (wiretap/), and sees what it sees in siphop-import's pcapng of
# the same log: the same frames byte for byte, times, SIP messages, comments,
# interfaces and siphop verdicts, in one pass and in two (-2: the second pass
# reads every record again by its offset, the log reader's seek_read).
#
# Skips (77) when the log reader was not built (Wireshark before 4.6).
# Env: SIPHOP_PLUGIN, WS_PLUGIN_VERSION (lib.sh), SIPHOP_LOGREADER (the built
# siphop_logreader.so, or empty), SIPHOP_IMPORT, SIPHOP_LOGS.
#
# SPDX-License-Identifier: GPL-2.0-or-later
if [ -z "${SIPHOP_LOGREADER:-}" ] || [ ! -f "$SIPHOP_LOGREADER" ]; then
    echo "SKIP: the log reader plugin is not built (needs Wireshark 4.6+)"
    exit 77
fi
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
: "${SIPHOP_IMPORT:?path of siphop-import}"
: "${SIPHOP_LOGS:?test-captures/logs}"
export SIPHOP_LOGREADER
L=$SIPHOP_LOGS

sh_tshark -G plugins 2>/dev/null | grep -q 'siphop_logreader.*file type' ||
    sh_fail "tshark did not load the log reader $SIPHOP_LOGREADER"

fields=(-e frame.time_epoch -e frame.interface_name -e frame.interface_description -e sip.Method
        -e sip.Status-Code -e siphop.hop -e siphop.label -e frame.comment)

# The gzip variant of a log made here too (expc-call.log.gz is committed).
gzip -n -c "$L/expe-call.log" >"$SH_HOME/expe-call.log.gz"

logs=("$L/expe-call.log" "$SH_HOME/expe-call.log.gz" "$L/expc-call.log" "$L/expc-call.log.gz"
      "$L/cucm-sdl.txt" "$L/expe-seed.log" "$L/expe-seed-rewrapped.txt" "$L/x7-style.log"
      "$L/x87-nomillis.log" "$L/ipv6.log" "$L/sdp-body.log" "$L/content-length.log"
      "$L/garbage.log" "$L/truncated.log" "$L/missing-pipe.log" "$L/longline.log.gz"
      "$L/truncated.log.gz" "$L/cucm-sdl-udp.txt" "$L/cucm-sdl-udp-incoming-first.txt" "$L/cube-ccsip.txt"
      "$L/pasted-space-after-pipe.txt" "$L/pasted-no-close.txt" "$L/pasted-sipmsg-oneline.txt"
      "$L/pasted-prose.txt" "$L/syslog-3164.log" "$L/no-prefix.log" "$L/glued.log" "$L/bad-times.log")
checked=0
for log in "${logs[@]}"; do
    name=$(basename "$log")
    pcap="$SH_HOME/$name.pcapng"
    "$SIPHOP_IMPORT" -q -o "$pcap" "$log" 2>/dev/null || [ $? = 1 ] || sh_fail "siphop-import $name failed"
    chmod a+r "$pcap"
    n=$(sh_tshark -r "$pcap" 2>/dev/null | wc -l)
    [ "$n" -gt 0 ] || sh_fail "$name: siphop-import wrote no frames"
    for pass in 1 2; do
        opt=()
        [ "$pass" = 2 ] && opt=(-2)
        # A log cut short ends with tshark's "cut short" error (not so the
        # capture siphop-import wrote of it): the frames must still agree.
        sh_tshark "${opt[@]}" -r "$pcap" -T fields "${fields[@]}" >"$SH_HOME/want" 2>/dev/null || true
        sh_tshark "${opt[@]}" -r "$log" -T fields "${fields[@]}" >"$SH_HOME/got" 2>"$SH_HOME/err" || true
        if ! diff -u "$SH_HOME/want" "$SH_HOME/got" >"$SH_HOME/diff"; then
            cat "$SH_HOME/err" "$SH_HOME/diff" >&2
            sh_fail "$name (pass $pass): the opened log differs from siphop-import's capture (- import, + log)"
        fi
    done
    # The bytes of every frame, as the second pass reads them again.
    sh_tshark -2 -r "$pcap" -x >"$SH_HOME/want" 2>/dev/null || true
    sh_tshark -2 -r "$log" -x >"$SH_HOME/got" 2>/dev/null || true
    cmp -s "$SH_HOME/want" "$SH_HOME/got" || sh_fail "$name: frame bytes differ"
    checked=$((checked + 1))
done

# A bigger compressed log cut short (several decompression buffers): every
# message before the cut, as siphop-import gets them, then tshark's error.
big="$SH_HOME/big-call.log"
for i in $(seq 1 300); do sed "s/Call-ID: /Call-ID: $i-/" "$L/expe-call.log"; done >"$big"
gzip -n -c "$big" | head -c 20000 >"$big.gz"
"$SIPHOP_IMPORT" -q -o "$big.pcapng" "$big.gz" 2>/dev/null && sh_fail "siphop-import missed the cut"
chmod a+r "$big.pcapng"
sh_tshark -r "$big.pcapng" -T fields "${fields[@]}" >"$SH_HOME/want" 2>/dev/null
sh_tshark -r "$big.gz" -T fields "${fields[@]}" >"$SH_HOME/got" 2>"$SH_HOME/err" && sh_fail "no error on a cut-short log"
grep -q 'cut short' "$SH_HOME/err" || { cat "$SH_HOME/err" >&2; sh_fail "cut-short log: unexpected error"; }
n=$(wc -l <"$SH_HOME/got")
[ "$n" -gt 100 ] || sh_fail "cut-short log: only $n frames"
cmp -s "$SH_HOME/want" "$SH_HOME/got" || sh_fail "cut-short log: $n frames, not siphop-import's $(wc -l <"$SH_HOME/want")"

# The reader says what it opened.
sh_tshark -r "$L/expe-call.log" -T fields -e frame.encap_type -e frame.interface_id -c 1 >"$SH_HOME/got" 2>&1
[ "$(cat "$SH_HOME/got")" = "$(printf '155\t0')" ] || { cat "$SH_HOME/got" >&2; sh_fail "encapsulation"; }

# Not ours: a bundle (siphop-import reads those), prose, a capture.
for f in "$L/call-bundle.tar.gz" "$L/README.md"; do
    if sh_tshark -r "$f" -c 1 >/dev/null 2>"$SH_HOME/err"; then
        sh_fail "$(basename "$f") was opened as a log"
    fi
    grep -q "format TShark understands\|isn't a capture file" "$SH_HOME/err" ||
        { cat "$SH_HOME/err" >&2; sh_fail "$(basename "$f"): unexpected error"; }
done
sh_tshark -r "$here/../../test-captures/seed-delayed-offer-webex.pcapng" -c 1 >/dev/null ||
    sh_fail "a pcapng no longer opens with the log reader loaded"

echo "PASS: $checked logs open as their siphop-import captures do"
