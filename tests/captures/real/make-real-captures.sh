#!/usr/bin/env bash
# make-real-captures.sh [NAME...]: regenerate test-captures/real-NAME.pcapng with
# real SIP software on loopback: sipp as the calling UA ("CUCM", 127.0.0.11) and
# the called UAs ("Webex"/partner, 127.0.0.21, .22), kamailio as the proxy
# ("Expressway-C", 127.0.0.12; a second one on .13), dumpcap capturing lo.
# Without NAME: all scenarios. NAME may be given with or without "real-".
#
# Needs root (or CAP_NET_RAW + CAP_NET_ADMIN for dumpcap on lo), sipp 3.6,
# kamailio 5.6, dumpcap and tshark (installed with tools/install-deps.sh when
# missing). Sends traffic only to 127.0.0.0/8, UDP
# ports 5060-5099 (sipp's unused media sockets sit on 6000). Each scenario runs
# in a temporary directory; every process started is stopped by its PID, on
# failure too. Exit status 1 when a scenario did not produce the SIP messages
# it should, or when its capture no longer lines up with the committed
# real-NAME.expected (frame/msg columns): the new capture is then left as
# real-NAME.pcapng.new for review and the committed one is kept.
# The scenario files (sipp XML, kamailio cfg) are beside this script.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)
out=${REAL_CAPTURES_OUT:-$repo/test-captures}
KAMAILIO=${KAMAILIO:-/usr/sbin/kamailio}
KAM_MODULES=${KAM_MODULES:-/usr/lib/x86_64-linux-gnu/kamailio/modules}
SIPP=${SIPP:-sipp}
FILTER='udp and net 127.0.0.0/8 and portrange 5060-5099'
UAC=127.0.0.11 PROXY=127.0.0.12 PROXY2=127.0.0.13 UAS=127.0.0.21 UAS2=127.0.0.22

# The SIP messages each scenario must produce (method or status code, *N = N
# times), in any order: the check that the software did what the scenario says.
declare -A WANT=(
    [challenge-407]="INVITE*3 407 ACK*3 100 180*2 200*4 BYE*2"
    [fork-404-486]="INVITE*4 100 404*2 486 ACK*3"
    [408-silent-next-hop]="INVITE*4 100 408 ACK"
    [topoh-session-id]="INVITE*2 100 180*2 200*4 ACK*2 BYE*2"
    [reinvite-rejected]="INVITE*4 100*2 180*2 200*4 488*2 ACK*4 BYE*2"
    [488-warning]="INVITE*2 100 488*2 ACK*2"
    [483-loop]="INVITE*7 100*6 483*7 ACK*7"
    [shared-cisco-guid]="INVITE*3 180*3 200*6 ACK*3 BYE*3"
    [orphan-failure]="503 500 ACK*2"
)
# Messages a scenario's post_ step deletes after the capture (orphan-failure:
# INVITE hop 1, 100 hop 1, INVITE hop 2).
declare -A CUT=([orphan-failure]=3)
SCENARIOS=(challenge-407 fork-404-486 408-silent-next-hop topoh-session-id reinvite-rejected
           488-warning 483-loop shared-cisco-guid orphan-failure)

log() { echo "make-real-captures: $*" >&2; }
die() { log "$*"; exit 1; }

# sipp (Debian: sip-tester), kamailio, dumpcap and tshark: installed when missing.
"$repo/tools/install-deps.sh" sip-tester kamailio ||
    die "could not install sip-tester and kamailio (tools/install-deps.sh)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/real-captures.XXXXXX")
dir=$tmp
WORK_DIR=$tmp
# shellcheck source=tests/captures/lib-processes.sh
. "$repo/tests/captures/lib-processes.sh"
udp_bound() { ss -Hlun "src $1" | grep -q .; }
udp_free() { ! udp_bound "$1"; }

# kamailio NAME ADDR CFG [ARGS...]: check CFG, run it in the foreground mode
# (-DD -E) with its pid file and runtime dir in $dir, wait until ADDR:5060 is bound.
kamailio() {
    local name=$1 addr=$2 cfg=$here/$3
    shift 3
    udp_free "$addr:5060" || die "$addr:5060 is already in use"
    "$KAMAILIO" -c -f "$cfg" -L "$KAM_MODULES" "$@" >"$dir/$name.check" 2>&1 \
        || { cat "$dir/$name.check" >&2; die "kamailio -c: $cfg is not valid"; }
    mkdir -p "$dir/$name.run"
    start "$name" "$KAMAILIO" -DD -E -f "$cfg" -L "$KAM_MODULES" -Y "$dir/$name.run" \
        -P "$dir/$name.run/kamailio.pid" -w "$dir" -m 16 -M 4 "$@"
    wait_until 10 "$name on $addr:5060" udp_bound "$addr:5060"
}

# sipp_args ADDR: the options every sipp gets (local address and port, media
# address, bounded run, no default behaviour, no keyboard).
sipp_args() {
    echo -i "$1" -mi "$1" -p 5060 -nostdin -nd -timeout 30s -timeout_error
}
# uas NAME ADDR XML [ARGS...]: a called UA; waits until it listens.
uas() {
    local name=$1 addr=$2 xml=$3
    shift 3
    [[ $xml == /* ]] || xml=$here/$xml
    udp_free "$addr:5060" || die "$addr:5060 is already in use"
    # shellcheck disable=SC2046
    start "$name" "$SIPP" -sf "$xml" $(sipp_args "$addr") "$@"
    wait_until 10 "$name on $addr:5060" udp_bound "$addr:5060"
}
# reject CODE: common/uas-reject.xml with its status code filled in (sipp checks
# status codes when it loads a scenario, before -key values are substituted).
reject() {
    sed "s/\[code\]/$1/g" "$here/common/uas-reject.xml" >"$dir/uas-reject-$1.xml"
    echo "$dir/uas-reject-$1.xml"
}
# uac NAME XML TARGET [ARGS...]: the calling UA at $UAC, sending to TARGET:5060.
uac() {
    local name=$1 xml=$here/$2 target=$3
    shift 3
    udp_free "$UAC:5060" || die "$UAC:5060 is already in use"
    # shellcheck disable=SC2046
    start "$name" "$SIPP" "$target:5060" -sf "$xml" $(sipp_args "$UAC") "$@"
}

# ---- capture --------------------------------------------------------------

capture_start() {
    start dumpcap dumpcap -i lo -f "$FILTER" -w "$dir/raw.pcapng"
    wait_until 10 "dumpcap to open its file (root or CAP_NET_RAW needed)" in_log dumpcap "^File:"
}
has_sip() { [ "$(tshark -r "$1" -Y sip 2>/dev/null | wc -l)" -ge "$2" ]; }
want_list() {  # "INVITE*3 100" -> one message per line, sorted
    local w
    for w in $1; do
        local n=1 m=$w
        if [[ $w == *\** ]]; then m=${w%\**}; n=${w#*\*}; fi
        for (( ; n > 0; n-- )); do echo "$m"; done
    done | sort
}
# capture_stop: once the capture holds as many SIP messages as wanted (the
# kernel hands packets to dumpcap in blocks), stop dumpcap; keep SIP frames only.
capture_stop() {
    local n
    n=$(want_list "${WANT[$scenario]}" | wc -l)
    n=$(( n + ${CUT[$scenario]:-0} ))
    poll 5 has_sip "$dir/raw.pcapng" "$n" || log "$scenario: fewer than $n SIP messages captured"
    stop dumpcap
    tshark -r "$dir/raw.pcapng" -Y sip -w "$dir/sip.pcapng"
}
# messages FILE: "frame<TAB>method-or-status" per SIP frame.
messages() {
    tshark -r "$1" -Y sip -T fields -e frame.number -e sip.Method -e sip.Status-Code \
        | awk -F'\t' '{ print $1 "\t" ($2 != "" ? $2 : $3) }'
}

# ---- scenarios (one function each; WANT above says what they must produce) --

sc_challenge-407() {
    kamailio proxy "$PROXY" challenge-407/proxy.cfg
    uas uas "$UAS" common/uas-answer.xml -m 1
    uac uac challenge-407/uac.xml "$PROXY" -m 1
    finish uac 20
    finish uas 10
    stop proxy
}
sc_fork-404-486() {
    kamailio proxy "$PROXY" fork-404-486/proxy.cfg
    uas uas-a "$UAS" "$(reject 404)" -m 1 -d 200 -key reason "Not Found" \
        -key hdr1 "Server: SIPp UAS $UAS" -key hdr2 'Reason: Q.850;cause=1;text="Unallocated number"'
    uas uas-b "$UAS2" "$(reject 486)" -m 1 -d 1000 -key reason "Busy Here" \
        -key hdr1 "Server: SIPp UAS $UAS2" -key hdr2 'Reason: Q.850;cause=17;text="User busy"'
    uac uac fork-404-486/uac.xml "$PROXY" -m 1
    finish uac 20
    finish uas-a 10
    finish uas-b 10
    stop proxy
}
sc_408-silent-next-hop() {
    kamailio proxy "$PROXY" 408-silent-next-hop/proxy.cfg
    uas uas "$UAS" 408-silent-next-hop/uas-silent.xml -m 1
    uac uac 408-silent-next-hop/uac.xml "$PROXY" -m 1
    finish uac 20
    finish uas 20
    stop proxy
}
sc_topoh-session-id() {
    kamailio proxy "$PROXY" topoh-session-id/proxy.cfg
    uas uas "$UAS" common/uas-answer.xml -m 1
    uac uac topoh-session-id/uac.xml "$PROXY" -m 1
    finish uac 20
    finish uas 10
    stop proxy
}
sc_reinvite-rejected() {
    kamailio proxy "$PROXY" reinvite-rejected/proxy.cfg
    uas uas "$UAS" reinvite-rejected/uas.xml -m 1
    uac uac reinvite-rejected/uac.xml "$PROXY" -m 1
    finish uac 20
    finish uas 10
    stop proxy
}
sc_488-warning() {
    kamailio proxy "$PROXY" 488-warning/proxy.cfg
    uas uas "$UAS" "$(reject 488)" -m 1 -d 100 -key reason "Not Acceptable Here" \
        -key hdr1 "Server: SIPp UAS $UAS" -key hdr2 "Warning: 305 $UAS \"Incompatible media format\""
    uac uac 488-warning/uac.xml "$PROXY" -m 1
    finish uac 20
    finish uas 10
    stop proxy
}
sc_483-loop() {
    kamailio proxy-a "$PROXY" 483-loop/proxy.cfg -A "ME=\"$PROXY\"" -A "PEER=\"$PROXY2\""
    kamailio proxy-b "$PROXY2" 483-loop/proxy.cfg -A "ME=\"$PROXY2\"" -A "PEER=\"$PROXY\""
    uac uac 483-loop/uac.xml "$PROXY" -m 1
    finish uac 20
    stop proxy-a
    stop proxy-b
}
sc_shared-cisco-guid() {
    uas uas "$UAS" common/uas-answer.xml -m 3
    uac uac shared-cisco-guid/uac.xml "$UAS" -m 3 -r 1 -rp 2000
    finish uac 30
    finish uas 10
}
sc_orphan-failure() {
    kamailio proxy "$PROXY" orphan-failure/proxy.cfg
    uas uas "$UAS" "$(reject 503)" -m 1 -d 300 -key reason "Service Unavailable" \
        -key hdr1 "Server: SIPp UAS $UAS (partner gateway)" -key hdr2 "Warning: 399 $UAS \"Gateway overloaded\""
    uac uac orphan-failure/uac.xml "$PROXY" -m 1
    finish uac 20
    finish uas 10
    stop proxy
}
# After the capture: orphan-failure loses its INVITEs and 100s.
post_orphan-failure() {
    local cut
    cut=$(messages "$1" | awk -F'\t' '$2 == "INVITE" || $2 == "100" { print $1 }' | tr '\n' ' ')
    # shellcheck disable=SC2086
    editcap "$1" "$1.cut" $cut
    mv "$1.cut" "$1"
}

# ---- main -----------------------------------------------------------------

run() {
    local final got want exp
    scenario=$1
    dir=$tmp/$scenario
    mkdir -p "$dir"
    log "$scenario"
    capture_start
    "sc_$scenario"
    capture_stop
    final=$dir/real-$scenario.pcapng
    cp "$dir/sip.pcapng" "$final"
    if declare -F "post_$scenario" >/dev/null; then "post_$scenario" "$final"; fi
    got=$(messages "$final" | cut -f2 | sort)
    want=$(want_list "${WANT[$scenario]}")
    if [ "$got" != "$want" ]; then
        diff <(echo "$want") <(echo "$got") | sed 's/^/  /' >&2 || true
        die "$scenario: not the SIP messages the scenario should produce (< wanted, > captured)"
    fi
    exp=$out/real-$scenario.expected
    if [ -f "$exp" ] && ! diff <(awk -F'\t' 'NR > 1 { print $1 "\t" $2 }' "$exp") <(messages "$final") >"$dir/order.diff"; then
        cp "$final" "$out/real-$scenario.pcapng.new"
        sed 's/^/  /' "$dir/order.diff" >&2
        die "$scenario: frames differ from $exp (< expected, > captured); new capture left in $out/real-$scenario.pcapng.new"
    fi
    cp "$final" "$out/real-$scenario.pcapng"
    log "$scenario: $(echo "$got" | wc -l) SIP messages -> $out/real-$scenario.pcapng"
}

names=("$@")
(( ${#names[@]} )) || names=("${SCENARIOS[@]}")
for name in "${names[@]}"; do
    name=${name#real-}
    [ -n "${WANT[$name]:-}" ] || die "unknown scenario $name (known: ${SCENARIOS[*]})"
done
for name in "${names[@]}"; do
    run "${name#real-}"
done
