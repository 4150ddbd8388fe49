#!/usr/bin/env bash
# test_sip_encrypted.sh: the note siphop.sip_encrypted ("SIP here is
# encrypted: use the Expressway diagnostic logs with siphop-import") comes
# exactly once, on the first TLS frame, on a capture whose SIP is there only
# inside TLS on a SIP port (test-captures/real-tls-5061.pcapng, made by
# tests/captures/make-tls-capture.sh with openssl on 127.0.0.1:5061), in a single pass
# and with -2; never on a capture with SIP in clear (every other bundled
# capture, and the TLS capture appended after clear SIP). The first pass
# decides from what precedes: clear SIP that only follows the TLS frame does
# not take the note back.
#
# SPDX-License-Identifier: GPL-2.0-or-later
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
caps="$SH_REPO/test-captures"
tls="$caps/real-tls-5061.pcapng"
seed="$caps/seed-delayed-offer-webex.pcapng"
[ -f "$tls" ] || sh_fail "no $tls (tests/captures/make-tls-capture.sh makes it)"
sentence="SIP here is encrypted: use the Expressway diagnostic logs with siphop-import"

# notes FILE [tshark args]: the frames with the note, one a line.
notes() {
    local f=$1
    shift
    sh_tshark -r "$f" "$@" -Y siphop.sip_encrypted -T fields -e frame.number
}

first_tls=$(sh_tshark -r "$tls" -Y 'tls && tcp.port == 5061' -T fields -e frame.number | head -1)
[ -n "$first_tls" ] || sh_fail "no TLS on port 5061 in $tls"
[ "$(sh_tshark -r "$tls" -Y sip | wc -l)" -eq 0 ] || sh_fail "$tls has SIP in clear"
for mode in "" -2; do
    got=$(notes "$tls" $mode)
    [ "$got" = "$first_tls" ] ||
        sh_fail "real-tls-5061 (${mode:-single pass}): expected the note once, on frame $first_tls, got: $got"
    # Its text (TLS may add expert items of its own to the frame: 4.4 on).
    sh_tshark -r "$tls" $mode -Y siphop.sip_encrypted -T fields -e _ws.expert.message | grep -qF "$sentence" ||
        sh_fail "real-tls-5061 (${mode:-single pass}): the note does not read '$sentence'"
    # Expert Information counts it once, a note.
    got=$(sh_tshark -r "$tls" $mode -q -z expert,note | grep -c "siphop  *$sentence" || true)
    [ "$got" = 1 ] || sh_fail "real-tls-5061 (${mode:-single pass}): -z expert lists the note $got times"
done

# Captures with SIP in clear: never.
n=0
for f in "$caps"/*.pcapng; do
    [ "$f" != "$tls" ] || continue
    got=$(notes "$f" -2)
    [ -z "$got" ] || sh_fail "$(basename "$f"): the note on a capture with SIP in clear: $got"
    n=$((n + 1))
done

# Clear SIP first, then the TLS connection: SIP was seen, no note. The TLS
# connection first: the note on its first TLS frame (decided then).
mergecap -a -F pcapng -w "$SH_HOME/sip-then-tls.pcapng" "$seed" "$tls" ||
    sh_fail "mergecap failed"
mergecap -a -F pcapng -w "$SH_HOME/tls-then-sip.pcapng" "$tls" "$seed" ||
    sh_fail "mergecap failed"
chmod a+r "$SH_HOME"/*.pcapng
got=$(notes "$SH_HOME/sip-then-tls.pcapng" -2)
[ -z "$got" ] || sh_fail "clear SIP then TLS: a note: $got"
got=$(notes "$SH_HOME/tls-then-sip.pcapng" -2)
[ "$got" = "$first_tls" ] || sh_fail "TLS then clear SIP: the note on '$got', expected frame $first_tls"

echo "ok: siphop.sip_encrypted once on real-tls-5061 (frame $first_tls), never on $n captures with SIP in clear"
