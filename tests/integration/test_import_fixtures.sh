#!/usr/bin/env bash
# test_import_fixtures.sh - the binary fixtures of test-captures/logs are
# exactly what tests/captures/make-test-logs.sh makes (gzip -n, fixed tar metadata).
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$root"/test-captures/logs/*.log "$root"/test-captures/logs/*.txt "$tmp/"
"$root/tests/captures/make-test-logs.sh" "$tmp"
# A tar archive's members: GNU tar 1.35 (trixie, sid) fills the ustar header
# fields of device numbers differently from 1.34 (bookworm), so where the
# bytes differ the members (names, types, modes, owners, times, contents) must
# still be the same.
members() {
    python3 -c 'import hashlib, sys, tarfile
for m in tarfile.open(sys.argv[1]):
    f = m.isfile() and tarfile.open(sys.argv[1]).extractfile(m.name)
    print(m.name, m.type, oct(m.mode), m.uid, m.gid, m.uname, m.gname, m.mtime, m.size,
          hashlib.sha256(f.read()).hexdigest() if f else "-")' "$1"
}
for f in expc-call.log.gz truncated.log.gz call-bundle.tar.gz garbage.log longline.log.gz; do
    cmp -s "$tmp/$f" "$root/test-captures/logs/$f" && continue
    case $f in
        *.tar.gz) [ "$(members "$tmp/$f")" = "$(members "$root/test-captures/logs/$f")" ] && continue ;;
    esac
    echo "FAIL: test-captures/logs/$f differs from what tests/captures/make-test-logs.sh makes" >&2
    exit 1
done
echo "PASS"
