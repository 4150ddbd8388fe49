#!/usr/bin/env bash
# test_import_fixtures.sh - the binary fixtures of test-captures/logs are
# exactly what tools/make-test-logs.sh makes (gzip -n, fixed tar metadata).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$root"/test-captures/logs/*.log "$root"/test-captures/logs/*.txt "$tmp/"
"$root/tools/make-test-logs.sh" "$tmp"
for f in expc-call.log.gz truncated.log.gz call-bundle.tar.gz garbage.log longline.log.gz; do
    cmp -s "$tmp/$f" "$root/test-captures/logs/$f" ||
        { echo "FAIL: test-captures/logs/$f differs from what tools/make-test-logs.sh makes" >&2; exit 1; }
done
echo "PASS"
