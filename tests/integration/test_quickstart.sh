#!/usr/bin/env bash
# test_quickstart.sh - the analysis the README's quick start prints
# (tools/quickstart-demo.sh, run by tools/quickstart.sh after it builds and
# installs): the siphop column, the delayed offers toward Webex, the failure
# origin with its cause, the fix and its five steps.
#
# SPDX-License-Identifier: GPL-2.0-or-later
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

out=$(cd "$SH_REPO" && tools/quickstart-demo.sh 2>&1) || { echo "$out" >&2; sh_fail "quickstart-demo.sh failed"; }
grep -q '500 ORIGIN, call 1 hop 3/3, DO to webex.com (EO only)$' <<<"$out" || sh_fail "no origin label: $out"
[ "$(grep -cE '^[135]	[123]	company\.webex\.com$' <<<"$out")" = 3 ] || sh_fail "delayed offers toward Webex: $out"
grep -q '^7	Delayed offer (no SDP) toward company.webex.com' <<<"$out" || sh_fail "no cause on frame 7: $out"
grep -q '^Fix: Early Offer on the CUCM SIP trunk toward Expressway-C (its SIP Profile)$' <<<"$out" ||
    sh_fail "no fix line: $out"
[ "$(grep -c '^  - ' <<<"$out")" = 5 ] || sh_fail "the fix's five steps: $out"
echo "PASS: quick start demo"
