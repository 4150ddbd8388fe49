#!/usr/bin/env bash
# quickstart-demo.sh - siphop on the bundled seed capture (the CUCM ->
# Expressway-C -> Expressway-E -> Webex delayed-offer failure): what
# tools/quickstart.sh shows once the plugin is built. Run by ctest
# (quickstart.demo) too, so the README's first command keeps working.
#
# SIPHOP_PLUGIN: the plugin to load (tools/siphop-tshark's default otherwise).
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."

cap=test-captures/seed-delayed-offer-webex.pcapng
col='gui.column.format:"No.","%m","Source","%s","Destination","%d","siphop","%Cus:siphop.label"'
echo
echo "== $cap: every SIP message with the siphop column (tshark -2) =="
tools/siphop-tshark -r "$cap" -2 -o "$col" -Y sip
echo
echo "== Delayed offers toward an early-offer-only destination (-Y siphop.delayed_offer_eo_required) =="
tools/siphop-tshark -r "$cap" -2 -Y siphop.delayed_offer_eo_required -T fields -e frame.number -e siphop.hop -e siphop.target
echo
echo "== Where the failure started, and the fix (-Y siphop.failure_origin) =="
tools/siphop-tshark -r "$cap" -2 -Y siphop.failure_origin -T fields -e frame.number -e siphop.cause |
    fold -s -w 110
echo "Fix: $(tools/siphop-tshark -r "$cap" -2 -Y siphop.failure_origin -T fields -e siphop.fix)"
tools/siphop-tshark -r "$cap" -2 -Y siphop.failure_origin -T fields -E occurrence=a -E aggregator='|' \
    -e siphop.fix_step | tr '|' '\n' | sed 's/^/  - /' | fold -s -w 110
echo
echo "Open it in Wireshark:  wireshark $cap   (column: see README, 'The siphop column')"
