#!/usr/bin/env bash
# test_import_shapes.sh - the log shapes beyond the Expressway diagnostic log
# and the CUCM SDL TCP trace: the SDL UDP form (date and UTC offset from the
# SIP Date: header, the CUCM's address learned later applied to earlier
# messages), Cisco IOS/CUBE "debug ccsip messages", Expressway excerpts as
# engineers paste them (space after '|', no closing '|', "SIPMSG: |start
# line", prose and quoting, RFC 3164 and missing syslog prefixes), text glued
# after a message, unusable times, and a file that is no log at all.
#
# Every fixture is in test-captures/logs (README.md there lists what each
# must give). Each section runs on its own: a failing section is reported and
# the next one still runs; the test fails if any section failed.
#
# SPDX-License-Identifier: GPL-2.0-or-later
. "$(dirname "$0")/import_lib.sh"

# Epoch of 2015-07-06 02:30:00 UTC, the reference call's minute.
T0=1436149800

# frames PCAPNG: time, interface, src, sport, dst, dport, port type, method,
# status (addresses IPv4 or IPv6, whichever the frame has).
frames() {
    imp_fields "$1" frame.time_epoch frame.interface_name exported_pdu.ipv4_src exported_pdu.ipv6_src \
        exported_pdu.src_port exported_pdu.ipv4_dst exported_pdu.ipv6_dst exported_pdu.dst_port \
        exported_pdu.port_type sip.Method sip.Status-Code |
        awk -F'\t' -v OFS='\t' '{ print $1, $2, $3 $4, $5, $6 $7, $8, $9, $10, $11 }'
}

# shape PCAPNG: per frame the start line as written, the number of Via
# headers, Content-Length and the body's length in bytes (bytes after the
# first blank line): "start|vias=N|cl=N|body=N".
shape() {
    imp_fields "$1" exported_pdu.exported_pdu | python3 -c '
import sys
for hexline in sys.stdin:
    raw = bytes.fromhex(hexline.strip())
    head, sep, body = raw.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    vias = sum(1 for l in lines[1:] if l.split(b":")[0].strip().lower() in (b"via", b"v"))
    cl = [l.split(b":", 1)[1].strip().decode() for l in lines[1:]
          if l.split(b":")[0].strip().lower() in (b"content-length", b"l")]
    print("%s|vias=%d|cl=%s|body=%s" % (lines[0].decode("utf-8", "replace"), vias,
          ",".join(cl) or "-", len(body) if sep else "no-blank-line"))'
}

# payloads PCAPNG [FRAMES]: the SIP bytes of the frames as text, every line
# "N|line" (N: the frame's rank in the selection) with a visible "<CR>" for
# each carriage return, so that a diff shows where two messages differ;
# FRAMES is a sed line list ("1p;3p").
payloads() {
    imp_fields "$1" exported_pdu.exported_pdu | sed -n "${2:-p}" | python3 -c '
import sys
for n, hexline in enumerate(sys.stdin, 1):
    text = bytes.fromhex(hexline.strip()).decode("utf-8", "replace").replace("\r", "<CR>")
    for line in text.split("\n"):
        print("%d|%s" % (n, line))'
}

# where PCAPNG: "node file:line" of every frame (the comment's first two words).
where() { imp_fields "$1" frame.comment | cut -d' ' -f1-2; }

# reports FILE.err NAME: the file:line reports on stderr about NAME, as
# "LINE: text" (the summary lines do not name a file).
reports() { sed -n "s/^siphop-import: $2:\([0-9]*\): /\1: /p" "$1"; }

# bad_total FILE.err: the summary's "skipped N bad: ..." counts, added up.
bad_total() { sed -n 's/^siphop-import:   skipped \([0-9]*\) bad: .*/\1/p' "$1" | awk '{ n += $1 } END { print n + 0 }'; }

# References: the messages as the existing fixtures give them.
imp_run "$IMP_TMP/ref-expe.pcapng" 0 "$L/expe-call.log"
imp_run "$IMP_TMP/ref-sdl.pcapng" 0 --date 2015-07-06 "$L/cucm-sdl.txt"

failed=""
section() {   # section NAME FUNCTION: run it in a subshell, note a failure
    local rc=0
    set +e
    (set -e; "$2")
    rc=$?
    set -e
    if [ "$rc" = 0 ]; then echo "ok:   $1"; else echo "FAIL: $1" >&2; failed="$failed $1"; fi
}

# ---------------------------------------------------------------------------
# CUCM SDL trace, UDP form. The same four hop-1 messages as cucm-sdl.txt, byte
# for byte (their top Via says TCP: kept so that the trace and expc-call.log
# hold the same bytes; the SDL line's word UDP is the transport of these
# records, so the port type is UDP, 3). No --date, no --utc-offset: the
# INVITE's "Date: Mon, 06 Jul 2015 02:30:04 GMT" (line 16) against the SDL
# time 12:30:03.010 gives 2015-07-06 and +10:00 (to the quarter hour), so the
# UTC times are those of cucm-sdl.txt --date 2015-07-06. Trailing blank and
# single-space lines after the messages are not part of them.
SDL4="$((T0 + 3)).010000000	cucm	172.28.21.100	5560	172.28.21.104	5060	3	INVITE	
$((T0 + 3)).018000000	cucm	172.28.21.104	5060	172.28.21.100	5560	3		100
$((T0 + 4)).896000000	cucm	172.28.21.104	5060	172.28.21.100	5560	3		500
$((T0 + 4)).897000000	cucm	172.28.21.100	5560	172.28.21.104	5060	3	ACK	"
sdl_udp() {
    local o=$IMP_TMP/sdl-udp.pcapng
    imp_run "$o" 0 "$L/cucm-sdl-udp.txt"
    imp_all_sip "$o"
    frames "$o" >"$IMP_TMP/got"
    imp_expect "SDL UDP frames" "$IMP_TMP/got" <<<"$SDL4"
    payloads "$o" >"$IMP_TMP/got"
    payloads "$IMP_TMP/ref-sdl.pcapng" | imp_expect "SDL UDP messages = cucm-sdl.txt's" "$IMP_TMP/got"
    where "$o" >"$IMP_TMP/got"
    imp_expect "SDL UDP record lines" "$IMP_TMP/got" <<'X'
cucm cucm-sdl-udp.txt:3
cucm cucm-sdl-udp.txt:26
cucm cucm-sdl-udp.txt:38
cucm cucm-sdl-udp.txt:52
X
    imp_grep "$o.err" 'date 2015-07-06 and UTC offset \+10:00 from the SIP Date: header'
    imp_grep "$o.err" 'CUCM SDL trace'
    ! grep -q 'warning' "$o.err" || { cat "$o.err" >&2; imp_fail "SDL UDP: a date was found, no warning"; }

    # Given explicitly, the same date and offset give the same frames.
    imp_run "$IMP_TMP/sdl-udp-opt.pcapng" 0 --date 2015-07-06 --utc-offset +10:00 "$L/cucm-sdl-udp.txt"
    frames "$IMP_TMP/sdl-udp-opt.pcapng" >"$IMP_TMP/got"
    imp_expect "SDL UDP with --date/--utc-offset" "$IMP_TMP/got" <<<"$SDL4"
}
section "cucm-sdl-udp.txt" sdl_udp

# The trace starts with an incoming OPTIONS from Expressway-C and the CUCM's
# 200 (no Contact): the CUCM's own address is first seen in the top Via of
# the INVITE it sends (record 3), and applies to the first two messages too:
# no placeholder (198.18.0.0/15) anywhere, no "placeholder" in a comment.
sdl_incoming_first() {
    local o=$IMP_TMP/sdl-in.pcapng
    imp_run "$o" 0 "$L/cucm-sdl-udp-incoming-first.txt"
    imp_all_sip "$o"
    frames "$o" >"$IMP_TMP/got"
    imp_expect "SDL incoming-first frames" "$IMP_TMP/got" <<X
$((T0 - 2)).402000000	cucm	172.28.21.104	5060	172.28.21.100	5560	3	OPTIONS	
$((T0 - 2)).404000000	cucm	172.28.21.100	5560	172.28.21.104	5060	3		200
$SDL4
X
    if imp_fields "$o" ip.src ip.dst frame.comment | grep -Eq '198\.1[89]\.|placeholder'; then
        imp_fields "$o" ip.src ip.dst frame.comment >&2
        imp_fail "SDL incoming-first: a placeholder is left"
    fi
}
section "cucm-sdl-udp-incoming-first.txt" sdl_incoming_first

# ---------------------------------------------------------------------------
# Cisco IOS/CUBE "debug ccsip messages": hop 1 with a CUBE in CUCM's place
# (the same four messages, byte for byte). Times are UTC ("UTC" on every
# record), the year from the INVITE's Date: header. The CUBE's own address is
# learned from the top Via of the INVITE it sends: 172.28.21.100:5560.
# The peer: the records name no address, and these messages name Expressway-C
# nowhere (the INVITE's Request-URI and the ACK's are
# sip:...@company.webex.com, no Route; the responses' only Via is the
# CUBE's). A request sent goes to its Request-URI host: the text
# "company.webex.com" gets its placeholder 198.19.227.28, port 5060 (TCP, no
# port in the URI); a response received comes from where its request went
# (same transaction): the same peer. The comment keeps the text.
cube() {
    local o=$IMP_TMP/cube.pcapng
    imp_run "$o" 0 "$L/cube-ccsip.txt"
    imp_all_sip "$o"
    frames "$o" >"$IMP_TMP/got"
    imp_expect "CUBE frames" "$IMP_TMP/got" <<X
$((T0 + 3)).010000000	cube	172.28.21.100	5560	198.19.227.28	5060	2	INVITE	
$((T0 + 3)).018000000	cube	198.19.227.28	5060	172.28.21.100	5560	2		100
$((T0 + 4)).896000000	cube	198.19.227.28	5060	172.28.21.100	5560	2		500
$((T0 + 4)).897000000	cube	172.28.21.100	5560	198.19.227.28	5060	2	ACK	
X
    payloads "$o" >"$IMP_TMP/got"
    payloads "$IMP_TMP/ref-sdl.pcapng" | imp_expect "CUBE messages = cucm-sdl.txt's" "$IMP_TMP/got"
    where "$o" >"$IMP_TMP/got"
    imp_expect "CUBE record lines" "$IMP_TMP/got" <<'X'
cube cube-ccsip.txt:3
cube cube-ccsip.txt:27
cube cube-ccsip.txt:40
cube cube-ccsip.txt:55
X
    imp_fields "$o" frame.comment | grep -c 'company\.webex\.com' >"$IMP_TMP/got" || true
    echo 4 | imp_expect "CUBE comments name the peer text" "$IMP_TMP/got"
    imp_grep "$o.err" 'Cisco IOS debug ccsip'
    [ -z "$(reports "$o.err" cube-ccsip.txt)" ] || { cat "$o.err" >&2; imp_fail "CUBE: nothing to report"; }

    # --cube-ip forces the local address (the port is still learned),
    # --cube-name the interface name.
    imp_run "$IMP_TMP/cube-opt.pcapng" 0 --cube-ip 10.0.0.1 --cube-name gw1 "$L/cube-ccsip.txt"
    frames "$IMP_TMP/cube-opt.pcapng" >"$IMP_TMP/got"
    imp_expect "CUBE --cube-ip/--cube-name" "$IMP_TMP/got" <<X
$((T0 + 3)).010000000	gw1	10.0.0.1	5560	198.19.227.28	5060	2	INVITE	
$((T0 + 3)).018000000	gw1	198.19.227.28	5060	10.0.0.1	5560	2		100
$((T0 + 4)).896000000	gw1	198.19.227.28	5060	10.0.0.1	5560	2		500
$((T0 + 4)).897000000	gw1	10.0.0.1	5560	198.19.227.28	5060	2	ACK	
X
    # --date gives the year (only the year: the records carry month and day).
    imp_run "$IMP_TMP/cube-2016.pcapng" 0 --date 2016-01-01 "$L/cube-ccsip.txt"
    imp_fields "$IMP_TMP/cube-2016.pcapng" frame.time_epoch >"$IMP_TMP/got"
    imp_expect "CUBE year from --date" "$IMP_TMP/got" <<'X'
1467772203.010000000
1467772203.018000000
1467772204.896000000
1467772204.897000000
X
}
section "cube-ccsip.txt" cube

# ---------------------------------------------------------------------------
# Expressway excerpts as pasted. Each gives messages byte-identical to the
# frames expe-call.log gives for the same records (frames 1..8 there: INVITE
# in 03.027, 100 out 03.028, INVITE to Webex 03.758, 100 in 03.912, 500 in
# 04.887, ACK out 04.888, 500 out 04.889, ACK in 04.894), nothing reported,
# exit 0.
WEBEX=198.18.215.133   # placeholder of "Webex IP address"
F1="$((T0 + 3)).027000000	vcse	172.28.21.104	25048	172.28.21.110	7011	2	INVITE	"
F2="$((T0 + 3)).028000000	vcse	172.28.21.110	7011	172.28.21.104	25048	2		100"
F3="$((T0 + 3)).758000000	vcse	172.28.252.1	25129	$WEBEX	5061	2	INVITE	"
F5="$((T0 + 4)).887000000	vcse	$WEBEX	5061	172.28.252.1	25129	2		500"
F6="$((T0 + 4)).888000000	vcse	172.28.252.1	25129	$WEBEX	5061	2	ACK	"
F8="$((T0 + 4)).894000000	vcse	172.28.21.104	25048	172.28.21.110	7011	2	ACK	"
RURI='INVITE sip:34IBJumtlZRvmrI5t7WQjMhA@company.webex.com SIP/2.0'

# pasted FILE STATUS FRAMES_OF_EXPE: run, all SIP, the payloads are those of
# expe-call.log's frames FRAMES_OF_EXPE (sed list), no file:line report
# unless STATUS is 1.
pasted() {
    local f=$1 want=$2 sel=$3 o=$IMP_TMP/$1.pcapng
    imp_run "$o" "$want" "$L/$f"
    imp_all_sip "$o"
    payloads "$o" >"$IMP_TMP/got"
    payloads "$IMP_TMP/ref-expe.pcapng" "$sel" | imp_expect "$f: messages = expe-call.log's ($sel)" "$IMP_TMP/got"
    if [ "$want" = 0 ] && [ -n "$(reports "$o.err" "$f")" ]; then
        cat "$o.err" >&2
        imp_fail "$f: recovered shapes are not reported"
    fi
}

# "| INVITE ..." and "| SIP/2.0 404 Not Found": the space after the '|' is
# not part of the start line.
space_after_pipe() {
    local o=$IMP_TMP/pasted-space-after-pipe.txt.pcapng
    imp_run "$o" 0 "$L/pasted-space-after-pipe.txt"
    imp_all_sip "$o"
    frames "$o" >"$IMP_TMP/got"
    imp_expect "space after pipe: frames" "$IMP_TMP/got" <<X
$F1
$F2
$((T0 + 3)).034000000	vcse	172.28.21.110	7011	172.28.21.104	25048	2		404
X
    shape "$o" >"$IMP_TMP/got"
    imp_expect "space after pipe: start lines, Vias, Content-Length" "$IMP_TMP/got" <<X
$RURI|vias=2|cl=0|body=0
SIP/2.0 100 Trying|vias=2|cl=0|body=0
SIP/2.0 404 Not Found|vias=2|cl=0|body=0
X
    payloads "$o" '1,2p' >"$IMP_TMP/got"
    payloads "$IMP_TMP/ref-expe.pcapng" '1,2p' | imp_expect "space after pipe: messages" "$IMP_TMP/got"
    [ -z "$(reports "$o.err" pasted-space-after-pipe.txt)" ] || { cat "$o.err" >&2; imp_fail "nothing to report"; }
}
section "pasted-space-after-pipe.txt" space_after_pipe

# No closing ' |' before the next record header (record 2, line 29) nor at
# the end of the file (record 3, line 41); record 1 closes with "  |   ".
# Each message is complete (Content-Length: 0 and its blank line): kept.
# (missing-pipe.log has record 2's shape: today it is skipped and reported.)
no_close() {
    pasted pasted-no-close.txt 0 '1p;2p;5p'
    frames "$IMP_TMP/pasted-no-close.txt.pcapng" >"$IMP_TMP/got"
    printf '%s\n' "$F1" "$F2" "$F5" | imp_expect "no close: frames" "$IMP_TMP/got"
    where "$IMP_TMP/pasted-no-close.txt.pcapng" >"$IMP_TMP/got"
    printf 'vcse pasted-no-close.txt:%s\n' 1 29 41 | imp_expect "no close: record lines" "$IMP_TMP/got"
}
section "pasted-no-close.txt" no_close

# "SIPMSG: |start line" on one line: record 1 with the leading space (real
# layout otherwise), record 2 (line 28) without it and with no leading space
# on any line, record 3 with it.
sipmsg_oneline() {
    pasted pasted-sipmsg-oneline.txt 0 '1p;3p;5p'
    frames "$IMP_TMP/pasted-sipmsg-oneline.txt.pcapng" >"$IMP_TMP/got"
    printf '%s\n' "$F1" "$F3" "$F5" | imp_expect "SIPMSG one line: frames" "$IMP_TMP/got"
    shape "$IMP_TMP/pasted-sipmsg-oneline.txt.pcapng" >"$IMP_TMP/got"
    imp_expect "SIPMSG one line: shapes" "$IMP_TMP/got" <<X
$RURI|vias=2|cl=0|body=0
$RURI|vias=3|cl=0|body=0
SIP/2.0 500 Internal Server Error|vias=3|cl=0|body=0
X
}
section "pasted-sipmsg-oneline.txt" sipmsg_oneline

# Prose before the first record and between records, annotation lines
# ("<-- ...", "### Egress to Webex"), a record header quoted on its line
# ("> 2015-07-06T..." at line 33), a record whose SIPMSG: and message lines
# lost their leading space (line 66). Frame comments name the header lines.
prose() {
    pasted pasted-prose.txt 0 '1p;3p;5p'
    frames "$IMP_TMP/pasted-prose.txt.pcapng" >"$IMP_TMP/got"
    printf '%s\n' "$F1" "$F3" "$F5" | imp_expect "prose: frames" "$IMP_TMP/got"
    where "$IMP_TMP/pasted-prose.txt.pcapng" >"$IMP_TMP/got"
    printf 'vcse pasted-prose.txt:%s\n' 4 33 66 | imp_expect "prose: record lines" "$IMP_TMP/got"
}
section "pasted-prose.txt" prose

# RFC 3164 syslog prefix ("Jul  6 12:30:03 vcse tvcs: ..."): the time from
# UTCTime (the prefix has no year, no milliseconds, local time), the node
# from the host after it. One INFO twin (line 1).
syslog_3164() {
    pasted syslog-3164.log 0 '1p;2p;5p'
    frames "$IMP_TMP/syslog-3164.log.pcapng" >"$IMP_TMP/got"
    printf '%s\n' "$F1" "$F2" "$F5" | imp_expect "RFC 3164: frames" "$IMP_TMP/got"
    where "$IMP_TMP/syslog-3164.log.pcapng" >"$IMP_TMP/got"
    printf 'vcse syslog-3164.log:%s\n' 2 30 43 | imp_expect "RFC 3164: record lines" "$IMP_TMP/got"
    imp_grep "$IMP_TMP/syslog-3164.log.pcapng.err" 'skipped 1 info summaries'
}
section "syslog-3164.log" syslog_3164

# No syslog prefix: "tvcs: UTCTime=..." (line 1) and "UTCTime=..." (line 29).
# Times from UTCTime; no host, so the node (interface) is "expressway".
no_prefix() {
    pasted no-prefix.log 0 '1p;2p'
    frames "$IMP_TMP/no-prefix.log.pcapng" >"$IMP_TMP/got"
    printf '%s\n' "$F1" "$F2" | sed 's/\tvcse\t/\texpressway\t/' | imp_expect "no prefix: frames" "$IMP_TMP/got"
    where "$IMP_TMP/no-prefix.log.pcapng" >"$IMP_TMP/got"
    printf 'expressway no-prefix.log:%s\n' 1 29 | imp_expect "no prefix: record lines" "$IMP_TMP/got"
}
section "no-prefix.log" no_prefix

# Text glued after messages that end with Content-Length: 0, before the
# closing '|': record 1 (the INVITE to Webex, 3 Vias, delayed offer) is
# followed by two single-space lines and a header-less "SIP/2.0 100 Trying"
# with headers (line 33); record 2 (the 500, line 45) by an annotation line
# "<-- Webex rejects this" (line 60); record 3 (the ACK, line 62) by two
# single-space lines. Each message ends at its Content-Length: the frames are
# byte-identical to expe-call.log's. White space after a message is dropped
# without a word; the annotation is a warning on the 500 (written), reported
# at its own line; the header-less message cannot be placed (no time, no
# addresses): reported and skipped. Exit 1.
glued() {
    pasted glued.log 1 '3p;5p;6p'
    local o=$IMP_TMP/glued.log.pcapng
    frames "$o" >"$IMP_TMP/got"
    printf '%s\n' "$F3" "$F5" "$F6" | imp_expect "glued: frames" "$IMP_TMP/got"
    shape "$o" >"$IMP_TMP/got"
    imp_expect "glued: shapes" "$IMP_TMP/got" <<X
$RURI|vias=3|cl=0|body=0
SIP/2.0 500 Internal Server Error|vias=3|cl=0|body=0
ACK sip:34IBJumtlZRvmrI5t7WQjMhA@company.webex.com SIP/2.0|vias=1|cl=0|body=0
X
    reports "$o.err" glued.log | while IFS= read -r l; do
        case $l in
            *"warning: "*"text after the message"*) echo "${l%%:*}: warning: text after the message" ;;
            *"SIP message without a record header"*"; skipped") echo "${l%%:*}: SIP message without a record header; skipped" ;;
            *) echo "$l" ;;
        esac
    done >"$IMP_TMP/got"
    imp_expect "glued: reports (line: what)" "$IMP_TMP/got" <<'X'
33: SIP message without a record header; skipped
60: warning: text after the message
X
    imp_grep "$o.err" 'skipped 1 bad: SIP message without a record header'
    imp_grep "$o.err" 'written with a warning 1: text after the message'
}
section "glued.log" glued

# SIP records whose time cannot be used: UTCTime (and syslog time) in 1969
# (line 14), in 2201 (line 26), on 2015-02-30 (line 38), and a record with an
# unrecognised prefix ("<135>vcse local0.debug tvcs:") and no UTCTime but a
# valid Module="network.sip" header (line 50). Each is reported at its line
# and skipped; the good records around them (lines 1 and 62: expe-call.log's
# 100 out and ACK in) are written; the summary counts 4 bad; exit 1.
bad_times() {
    local o=$IMP_TMP/bad-times.pcapng
    imp_run "$o" 1 "$L/bad-times.log"
    imp_all_sip "$o"
    frames "$o" >"$IMP_TMP/got"
    printf '%s\n' "$F2" "$F8" | imp_expect "bad times: frames" "$IMP_TMP/got"
    payloads "$o" >"$IMP_TMP/got"
    payloads "$IMP_TMP/ref-expe.pcapng" '2p;8p' | imp_expect "bad times: messages" "$IMP_TMP/got"
    reports "$o.err" bad-times.log | sed -E 's/^([0-9]+): .*; skipped$/\1 skipped/' >"$IMP_TMP/got"
    imp_expect "bad times: reports" "$IMP_TMP/got" <<'X'
14 skipped
26 skipped
38 skipped
50 skipped
X
    [ "$(bad_total "$o.err")" = 4 ] || { cat "$o.err" >&2; imp_fail "bad times: the summary must count 4 bad"; }
}
section "bad-times.log" bad_times

# Prose only: not a log siphop-import knows. Non-zero exit, said so.
no_sip() {
    local o=$IMP_TMP/no-sip.pcapng got=0
    "$SIPHOP_IMPORT" -o "$o" "$L/no-sip.txt" 2>"$o.err" || got=$?
    [ "$got" != 0 ] || { cat "$o.err" >&2; imp_fail "no-sip.txt: exit 0, want non-zero"; }
    imp_grep "$o.err" 'no-sip\.txt.*not a log siphop-import knows'
}
section "no-sip.txt" no_sip

[ -z "$failed" ] || imp_fail "sections failed:$failed"
echo "PASS"
