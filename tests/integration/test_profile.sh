#!/usr/bin/env bash
# test_profile.sh: the "siphop" configuration profile, as imported from the
# zip the build makes, works: its packet list has the siphop column, its
# coloring rules color the seed's delayed-offer INVITEs and 500s (single pass
# and -2), every filter button is a valid filter that finds what it says,
# and tshark reports no preference errors.
#
# SIPHOP_PROFILE_ZIP  the zip (set by CTest; default build/siphop-profile.zip)
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
zip=${SIPHOP_PROFILE_ZIP:-$SH_REPO/build/siphop-profile.zip}
[ -f "$zip" ] || sh_fail "no profile zip at $zip (cmake --build build --target profile-zip)"
seed="$SH_REPO/test-captures/seed-delayed-offer-webex.pcapng"

# "Import": unpack into a configuration folder of our own (as Wireshark's
# Import from zip does into ~/.config/wireshark/profiles).
conf="$SH_HOME/conf"
mkdir -p "$conf/profiles"
python3 - "$zip" "$conf/profiles" "$SH_REPO/profile" <<'EOF' || sh_fail "profile zip is not the profile folder"
import sys, zipfile, pathlib
zf, dest, src = zipfile.ZipFile(sys.argv[1]), pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
names = sorted(n for n in zf.namelist() if not n.endswith("/"))
want = sorted(str(p.relative_to(src)) for p in (src / "siphop").iterdir() if p.is_file())
if names != want:
    sys.exit(f"zip members {names} != profile/siphop files {want}")
for n in names:
    if zf.read(n) != (src / n).read_bytes():
        sys.exit(f"{n} in the zip differs from profile/{n}")
zf.extractall(dest)
EOF
chmod -R a+rX "$SH_HOME"
export WIRESHARK_CONFIG_DIR="$conf"

# Columns: the siphop label, from the profile's preferences; no complaints.
# tshark's summary lines print the profile's columns (_ws.col.<title> is
# not a field in every version).
sh_tshark -C siphop -r "$seed" > "$SH_HOME/col.txt" 2> "$SH_HOME/err.txt" ||
    sh_fail "tshark -C siphop failed: $(cat "$SH_HOME/err.txt")"
[ ! -s "$SH_HOME/err.txt" ] || sh_fail "tshark complained about the profile: $(cat "$SH_HOME/err.txt")"
grep -qE '^ *7 .* 1143 call 1 hop 3/3 DO to company\.webex\.com \(EO req\) 500 ORIGIN +Status: 500' "$SH_HOME/col.txt" ||
    sh_fail "no siphop column from the profile: $(cat "$SH_HOME/col.txt")"

# Coloring rules, in both modes.
want="1 siphop: delayed offer toward early-offer-only destination
2 SIP
3 siphop: delayed offer toward early-offer-only destination
4 SIP
5 siphop: delayed offer toward early-offer-only destination
6 SIP
7 siphop: failure origin
8 SIP
9 siphop: failure relayed
10 SIP
11 siphop: failure relayed
12 SIP"
for mode in "" -2; do
    got=$(sh_tshark -C siphop $mode --color -r "$seed" -T fields -e frame.number -e frame.coloring_rule.name | tr '\t' ' ')
    [ "$got" = "$want" ] || sh_fail "coloring rules (${mode:-single pass}): got
$got"
done

# Filter buttons: each a valid filter; the siphop ones find these frames.
declare -A frames=(
    [siphop.delayed_offer_eo_required]="1 3 5"
    [siphop.failure_origin || siphop.failure_relayed]="7 9 11"
    [siphop.failure_origin]="7"
    [siphop.call == 1]="1 2 3 4 5 6 7 8 9 10 11 12"
    [siphop.hop_missing]=""
    [siphop.offer == \"delayed\"]="1 2 3 4 5 6 7 8 9 10 11 12"
    [siphop]="1 2 3 4 5 6 7 8 9 10 11 12"
)
n=0
while IFS= read -r line; do
    [ -n "$line" ] || continue
    filter=$(python3 -c '
import csv, re, sys
row = next(csv.reader([sys.argv[1]]))
print(re.sub(r"\\x([0-9a-fA-F]{2})", lambda m: chr(int(m.group(1), 16)), row[2]))' "$line")
    [ -n "${frames[$filter]+set}" ] || sh_fail "filter button '$filter' has no expectation here"
    got=$(sh_tshark -C siphop -r "$seed" -Y "$filter" -T fields -e frame.number 2> "$SH_HOME/err.txt" | tr '\n' ' ' | sed 's/ $//') ||
        sh_fail "filter button '$filter': $(cat "$SH_HOME/err.txt")"
    [ "$got" = "${frames[$filter]}" ] || sh_fail "filter button '$filter': frames '$got', expected '${frames[$filter]}'"
    n=$((n + 1))
done < "$conf/profiles/siphop/dfilter_buttons"
[ "$n" -ge 5 ] || sh_fail "only $n filter buttons"
echo "ok: profile siphop ($n filter buttons)"
