#!/usr/bin/env bash
# test_captures_reproducible.sh REPO_ROOT
#
# The committed test captures must be exactly what tests/captures/gen-test-captures.py
# writes: regenerate into a temporary directory and compare byte for byte.
# Needs python3 only (no tshark, no plugin). Exits non-zero on any difference.
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu

root=${1:?usage: $0 REPO_ROOT}
cd "$root"
exec python3 tests/captures/gen-test-captures.py --check
