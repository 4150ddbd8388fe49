#!/usr/bin/env bash
# wireshark-checks.sh - run Wireshark's own source checks on siphop, with the
# scripts from the Wireshark source of each supported version.
#
#   tools/wireshark-checks.sh [SUITE...]        run the checks (default: bookworm sid)
#   tools/wireshark-checks.sh --fetch SUITE     only fetch; print the source tree's path
#
#   SUITE  bookworm (Wireshark 4.0), trixie (4.4) or sid (4.6)
#
# The source is Debian's source package of that suite (apt-get source, with a
# private apt configuration under the cache: the system's sources and lists
# are not touched, no deb-src line is needed), unpacked once into
#   ${SIPHOP_WIRESHARK_SRC_DIR:-/var/tmp/siphop-wireshark-src}/<debian version>/src
# and reused (the Sources index is refreshed once a day). A version whose
# source the mirror does not serve is skipped with a message, and so is one
# when there is no network and nothing cached.
#
# What runs, per version, from the root of its source tree (the scripts read
# files such as epan/tfs.c and tools/wireshark_words.txt relative to it):
#   checkAPIs.pl       plugin/ wiretap/ core/ include/siphop/: the default groups
#                      (prohibited, deprecated, soft-deprecated) plus what
#                      upstream's plugins/epan/*/CMakeLists.txt add:
#                      dissectors-prohibited and dissectors-restricted
#                      (abort and termoutput in old scripts), and
#                      --check-value-string-array-null-termination where the
#                      script has it. The core is built into the plugin, so it
#                      gets the dissectors' rules too. Warnings count.
#   checkhf.pl         plugin/*.c wiretap/*.c (file names as given)
#   checkfiltername.pl the files that register fields or expert infos. The
#                      script only looks at files named packet-ABBREV.c and
#                      derives ABBREV from the name, so each is checked as a
#                      copy named packet-siphop.c in a temporary directory.
#   check_typed_item_calls.py  --consecutive --label --mask (as upstream's CI
#                      runs it), on plugin/*.c wiretap/*.c. --file takes an
#                      absolute path (os.path.join keeps it).
#   check_tfs.py       the same files (--file, absolute).
#   check_spelling.py  only where its module (pyspellchecker, "spellchecker")
#                      imports with Debian's python3; Debian does not package
#                      it (neither bookworm nor sid), so it is usually skipped.
# And once:
#   spdx               every .c .h .sh .py .lua .js file of the project (git's
#                      files and new ones not ignored; not node_modules) has
#                      an "SPDX-License-Identifier: GPL-2.0-or-later" line, in
#                      the spirit of Wireshark's tools/checklicenses.py.
#   seqanalysis-layout plugin/seqanalysis.h compiled against the
#                      epan/sequence_analysis.h of the source whose version is
#                      the installed wireshark-dev's (the packages do not
#                      install that header): its static asserts compare the
#                      stand-in with the real structures.
#
# Exit status: 0 when every check that ran found nothing, 1 on any finding,
# 2 on a usage or set-up error, 77 (ctest: skipped) when no version's source
# could be had and the SPDX check found nothing. Logs: $SIPHOP_CHECKS_OUT (default a temporary
# directory, removed at the end unless set).
#
# Environment:
#   SIPHOP_WIRESHARK_SRC_DIR  the cache (default /var/tmp/siphop-wireshark-src)
#   SIPHOP_DEBIAN_MIRROR      Debian mirror (default http://deb.debian.org/debian)
#   SIPHOP_DEBIAN_SECURITY    security mirror (default http://deb.debian.org/debian-security)
#   SIPHOP_WSCHECKS_REFRESH   1: refresh the Sources index now; 0: never (offline)
#   SIPHOP_WSCHECKS_REQUIRE   1: a version whose source cannot be had is an error
#   SIPHOP_CHECKS_OUT         keep each check's full output in this directory
#
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

usage() {
    sed -n '2,/^# SPDX-License-Identifier/p' "$0" | head -n -2 | sed -e 's/^# \{0,1\}//' >&2
    exit 2
}

fetch_only=false
case "${1:-}" in
    --fetch) fetch_only=true; shift; [ $# -eq 1 ] || usage ;;
    -h | --help) usage ;;
esac
suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(bookworm sid)
for s in "${suites[@]}"; do
    case $s in
        bookworm | trixie | sid) ;;
        *) echo "wireshark-checks: unknown suite '$s' (bookworm, trixie or sid)" >&2; exit 2 ;;
    esac
done

repo=$(cd "$(dirname "$0")/.." && pwd)
cache=${SIPHOP_WIRESHARK_SRC_DIR:-/var/tmp/siphop-wireshark-src}
mirror=${SIPHOP_DEBIAN_MIRROR:-http://deb.debian.org/debian}
security=${SIPHOP_DEBIAN_SECURITY:-http://deb.debian.org/debian-security}
python=/usr/bin/python3          # Debian's, with Debian's modules
[ -x "$python" ] || python=python3

log() { printf 'wireshark-checks: %s\n' "$*" >&2; }

# ---------------------------------------------------------------------------
# The source of one suite's Wireshark
# ---------------------------------------------------------------------------

apt_opts=()
set_apt() {   # the private apt configuration of suite $1
    local dir=$cache/apt/$1
    apt_opts=(-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$dir/sources.list.d"
              -o Dir::State::Lists="$dir/lists" -o Dir::Cache="$dir/cache"
              -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=
              -o Acquire::Languages=none -o Acquire::Check-Valid-Until=false
              -o APT::Sandbox::User=root -o Debug::NoLocking=true -qq)
    mkdir -p "$dir/sources.list.d" "$dir/lists/partial" "$dir/cache/archives/partial"
    {
        printf 'Types: deb-src\nURIs: %s\nSuites: %s\nComponents: main\n' "$mirror" "$1"
        printf 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n'
        if [ "$1" != sid ]; then
            printf '\nTypes: deb-src\nURIs: %s\nSuites: %s-security\nComponents: main\n' "$security" "$1"
            printf 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n'
        fi
    } >"$dir/sources.list.d/wireshark.sources"
}

# Sets src to the unpacked tree of suite $1 and version to its Debian version;
# returns 1 (after saying why) when there is none.
src=
version=
fetch() {
    local suite=$1 dir stamp age refresh=${SIPHOP_WSCHECKS_REFRESH:-}
    src='' version=''
    mkdir -p "$cache"
    exec 8>"$cache/$suite.lock"
    flock 8
    set_apt "$suite"
    stamp=$cache/apt/$suite/updated
    if [ -z "$refresh" ]; then
        refresh=1
        if [ -f "$stamp" ]; then
            age=$(($(date +%s) - $(stat -c %Y "$stamp")))
            [ "$age" -lt 86400 ] && refresh=0
        fi
    fi
    if [ "$refresh" = 1 ]; then
        if apt-get "${apt_opts[@]}" update >"$cache/apt/$suite/update.log" 2>&1; then
            touch "$stamp"
        else
            log "$suite: apt-get update failed ($(tail -1 "$cache/apt/$suite/update.log")); using the cache"
        fi
    fi
    version=$(apt-cache "${apt_opts[@]}" showsrc wireshark 2>/dev/null | sed -n 's/^Version: //p' | sort -V | tail -1)
    [ -n "$version" ] || version=$(cat "$cache/$suite.version" 2>/dev/null || true)
    if [ -z "$version" ]; then
        log "$suite: no Wireshark source known (no Sources index, nothing cached)"
        flock -u 8
        return 1
    fi
    dir=$cache/$version
    # A download the mirror refused is not tried again before the next
    # refresh of the index.
    if [ ! -f "$dir/.complete" ] && [ -f "$dir.unavailable" ] && [ "$refresh" != 1 ]; then
        log "$suite: the mirror did not serve the source of wireshark $version ($(head -1 "$dir.unavailable"))"
        flock -u 8
        return 1
    fi
    if [ ! -f "$dir/.complete" ]; then
        command -v dpkg-source >/dev/null || {
            log "installing dpkg-dev (dpkg-source)"
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dpkg-dev >/dev/null
        }
        rm -rf "$dir.tmp"
        mkdir -p "$dir.tmp"
        log "$suite: fetching the source of wireshark $version (about 50 MB)"
        if ! (cd "$dir.tmp" && apt-get "${apt_opts[@]}" source --download-only "wireshark=$version") \
                >"$cache/$suite.fetch.log" 2>&1; then
            log "$suite: the mirror does not serve the source of wireshark $version:"
            grep -E '^(E|W):' "$cache/$suite.fetch.log" | head -3 | sed 's/^/    /' >&2
            { date -u +%FT%TZ; grep -E '^(E|W):' "$cache/$suite.fetch.log"; } >"$dir.unavailable"
            rm -rf "$dir.tmp"
            flock -u 8
            return 1
        fi
        # apt verified the files against the signed Sources index; the .dsc's
        # own signature would need the debian-keyring package.
        (cd "$dir.tmp" && dpkg-source --no-check -x ./*.dsc src) >>"$cache/$suite.fetch.log" 2>&1 || {
            log "$suite: dpkg-source failed; see $cache/$suite.fetch.log"
            rm -rf "$dir.tmp"
            flock -u 8
            return 1
        }
        rm -rf "$dir" "$dir.unavailable"
        mv "$dir.tmp" "$dir"
        touch "$dir/.complete"
    fi
    echo "$version" >"$cache/$suite.version"
    src=$dir/src
    flock -u 8
}

if $fetch_only; then
    fetch "${suites[0]}" || exit 1
    echo "$src"
    exit 0
fi

# ---------------------------------------------------------------------------
# The checks
# ---------------------------------------------------------------------------

out=${SIPHOP_CHECKS_OUT:-}
if [ -z "$out" ]; then
    out=$(mktemp -d "${TMPDIR:-/tmp}/siphop-wschecks.XXXXXX")
    trap 'rm -rf "$out"' EXIT
fi
mkdir -p "$out"

cd "$repo"
shopt -s nullglob
plugin_c=("$repo"/plugin/*.c "$repo"/wiretap/*.c)
plugin_h=("$repo"/plugin/*.h "$repo"/wiretap/*.h)
core_files=("$repo"/core/*.c "$repo"/core/*.h "$repo"/include/siphop/*.h)
shopt -u nullglob
rel() { sed -e "s#$repo/##g"; }

total=0
summary=()
# record NAME LABEL FILE: the findings are FILE's lines (already filtered)
# Findings reviewed and accepted, one per line with the reason after "#"
# (tools/wireshark-checks.allow): a checker's line containing an entry's
# text is not counted, and is listed as allowed.
allow_file=$repo/tools/wireshark-checks.allow
allowed_patterns() {
    sed -e 's/[[:space:]]*#.*$//' -e '/^[[:space:]]*$/d' "$allow_file" 2>/dev/null || true
}
record() {
    local name=$1 label=$2 file=$3 n pats
    pats=$(allowed_patterns)
    if [ -n "$pats" ] && grep -F -f <(printf '%s\n' "$pats") "$file" >"$file.allowed" 2>/dev/null; then
        sed 's/^/   allowed: /' "$file.allowed"
        grep -v -F -f <(printf '%s\n' "$pats") "$file" >"$file.kept" || true
        mv "$file.kept" "$file"
    fi
    n=$(grep -c . "$file" || true)
    total=$((total + n))
    summary+=("$(printf '%-26s %-18s %s' "$name" "$label" "$n")")
    if [ "$n" -gt 0 ]; then
        echo "== $name ($label): $n finding(s)"
        sed 's/^/   /' "$file"
    fi
}
# py_check NAME BASE ARGS... (in run_version, with its ws and label):
# tools/NAME ARGS... from the Wireshark source tree, its output in
# $out/BASE.LABEL.log, and as findings its "Warning:"/"Error:" lines (the
# whole output when the script crashed).
py_check() {
    local name=$1 f="$out/$2.$label"
    shift 2
    (cd "$ws" && "$python" "tools/$name" "$@") >"$f.log" 2>&1 || true
    if grep -q -E '^Traceback' "$f.log"; then
        rel <"$f.log" >"$f"
    else
        grep -i -E '(warning|error)' "$f.log" | grep -v -E '^[0-9]+ (warnings|errors)' | rel >"$f" || true
    fi
    record "$name" "$label" "$f"
}
skip() {
    summary+=("$(printf '%-26s %-18s %s' "$1" "$2" "skipped: $3")")
}

run_version() {
    local ws=$1 label=$2 f n tmp groups=() extra=()
    # checkAPIs.pl: its groups differ between versions.
    if grep -q "'abort' *=>" "$ws/tools/checkAPIs.pl"; then
        groups=(--group abort --group termoutput)
    else
        groups=(--group dissectors-prohibited --group dissectors-restricted)
    fi
    grep -q 'check-value-string-array-null-termination' "$ws/tools/checkAPIs.pl" &&
        extra=(--check-value-string-array-null-termination)
    (cd "$ws" && perl tools/checkAPIs.pl "${groups[@]}" "${extra[@]}" \
        "${plugin_c[@]}" "${plugin_h[@]}" "${core_files[@]}") >"$out/checkAPIs.$label.log" 2>&1 || true
    rel <"$out/checkAPIs.$label.log" | grep -v -E '^\s*$' >"$out/checkAPIs.$label" || true
    record checkAPIs.pl "$label" "$out/checkAPIs.$label"

    # checkhf.pl: one line per finding; its exit status says nothing.
    (cd "$ws" && perl tools/checkhf.pl "${plugin_c[@]}") >"$out/checkhf.$label.log" 2>&1 || true
    rel <"$out/checkhf.$label.log" | grep -v -E '^\s*$' >"$out/checkhf.$label" || true
    record checkhf.pl "$label" "$out/checkhf.$label"

    # checkfiltername.pl: each registering file as packet-siphop.c.
    : >"$out/checkfiltername.$label"
    for f in "${plugin_c[@]}"; do
        grep -q -E 'hf_register_info|ei_register_info' "$f" || continue
        tmp=$out/filtername/$(basename "$f" .c)
        mkdir -p "$tmp"
        cp "$f" "$tmp/packet-siphop.c"
        (cd "$ws" && perl tools/checkfiltername.pl "$tmp/packet-siphop.c") 2>&1 |
            sed -e "s#$tmp/packet-siphop.c#${f#"$repo"/}#g" | grep -v -E '^\s*$' >>"$out/checkfiltername.$label" || true
    done
    record checkfiltername.pl "$label" "$out/checkfiltername.$label"

    # check_typed_item_calls.py and check_tfs.py: "Warning:"/"Error:" lines
    # and their counts at the end.
    local args=()
    for f in "${plugin_c[@]}"; do args+=(--file "$f"); done
    py_check check_typed_item_calls.py typed --consecutive --label --mask "${args[@]}"
    py_check check_tfs.py tfs "${args[@]}"

    # check_spelling.py: only with its module.
    if "$python" -c 'import spellchecker' 2>/dev/null; then
        args=()
        for f in "${plugin_c[@]}" "${plugin_h[@]}" "${core_files[@]}"; do args+=(--file "$f"); done
        (cd "$ws" && "$python" tools/check_spelling.py "${args[@]}") >"$out/spelling.$label.log" 2>&1 || true
        grep -E -v '^(Examining|Looking|Checking|$)|^[0-9]+ issues' "$out/spelling.$label.log" | rel >"$out/spelling.$label" || true
        record check_spelling.py "$label" "$out/spelling.$label"
    else
        skip check_spelling.py "$label" "no python3 module spellchecker (pyspellchecker is not in Debian)"
    fi
}

# The SPDX line, once.
spdx_check() {
    if ! git -C "$repo" rev-parse --git-dir >/dev/null 2>&1; then
        skip spdx all "not a git checkout, or no git"
        return
    fi
    {
        git -C "$repo" ls-files
        git -C "$repo" ls-files --others --exclude-standard
    } | sort -u | grep -E '\.(c|h|sh|py|lua|js|mjs|cjs)$' | grep -v -E '(^|/)node_modules/' |
        while read -r f; do
            [ -f "$repo/$f" ] || continue
            grep -q 'SPDX-License-Identifier: GPL-2.0-or-later' "$repo/$f" ||
                echo "$f: no SPDX-License-Identifier: GPL-2.0-or-later line"
        done >"$out/spdx"
    record spdx all "$out/spdx"
}

# plugin/seqanalysis.h against the real epan/sequence_analysis.h of the
# source whose major.minor is the installed Wireshark's: the installed
# headers in an overlay that adds the real one; headers the real one
# includes and the packages lack (wsutil/file_util.h in 4.0) come from the
# source, after the installed ones (-idirafter).
seq_check() {
    local ws=$1 label=$2 inc ov
    inc=$(pkg-config --variable=includedir wireshark 2>/dev/null)/wireshark
    if [ ! -d "$inc/epan" ]; then
        skip seqanalysis-layout "$label" "no wireshark-dev installed"
        return
    fi
    if [ ! -f "$ws/epan/sequence_analysis.h" ]; then
        skip seqanalysis-layout "$label" "no epan/sequence_analysis.h in the source"
        return
    fi
    ov=$out/seq-overlay
    rm -rf "$ov"
    mkdir -p "$ov/epan"
    ln -s "$inc"/epan/* "$ov/epan/"
    cp "$ws/epan/sequence_analysis.h" "$ov/epan/"
    printf '#include "seqanalysis.h"\n#ifndef SH_HAVE_SEQUENCE_ANALYSIS_H\n#error the real header was not used\n#endif\nint sh_seq_layout_checked;\n' \
        >"$out/seqcheck.c"
    # shellcheck disable=SC2046
    ${CC:-cc} -std=gnu11 -fsyntax-only -Wall -Wextra -I"$ov" -I"$repo/plugin" \
        $(pkg-config --cflags wireshark glib-2.0) -idirafter "$ws" "$out/seqcheck.c" \
        >"$out/seq.$label.log" 2>&1 || true
    grep -E 'error' "$out/seq.$label.log" | rel >"$out/seq.$label" || true
    record seqanalysis-layout "$label" "$out/seq.$label"
}

installed=$(pkg-config --modversion wireshark 2>/dev/null || true)
unavailable=0
for suite in "${suites[@]}"; do
    if ! fetch "$suite"; then
        skip "(all)" "$suite" "no source (see above)"
        unavailable=$((unavailable + 1))
        continue
    fi
    upstream=${version%%-*}          # 4.0.17-0+deb12u3 -> 4.0.17
    label="$suite:$upstream"
    log "$label: checks from $src"
    run_version "$src" "$label"
    if [ -n "$installed" ] && [ "${installed%.*}" = "${upstream%.*}" ]; then
        seq_check "$src" "$label"
    else
        skip seqanalysis-layout "$label" "installed Wireshark is ${installed:-none}, not ${upstream%.*}"
    fi
done
spdx_check

echo
echo "Wireshark's checks on siphop ($(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$repo" diff --quiet 2>/dev/null || echo ', with local changes')):"
printf '   %s\n' "${summary[@]}"
if [ "$total" -gt 0 ]; then
    echo "wireshark-checks: $total finding(s)"
    exit 1
fi
if [ "$unavailable" -gt 0 ] && [ "${SIPHOP_WSCHECKS_REQUIRE:-0}" = 1 ]; then
    echo "wireshark-checks: $unavailable version(s) without source (SIPHOP_WSCHECKS_REQUIRE=1)"
    exit 2
fi
if [ "$unavailable" -eq ${#suites[@]} ]; then
    echo "wireshark-checks: no Wireshark source for any version: only the SPDX check ran (skipped, 77)"
    exit 77
fi
echo "wireshark-checks: no findings"
