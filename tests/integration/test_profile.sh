#!/usr/bin/env bash
# test_profile.sh: the "siphop" configuration profile, as imported from the
# zip the build makes, works: its packet list has the siphop column; its
# coloring rules are siphop's first, then Wireshark's default rules unchanged;
# every rule compiles; they color by severity on the committed captures
# (single pass and -2): dark red only where a failure is a network fault on
# the path, a softer color for busy and declined, no siphop color for
# challenges and cancelled calls; its column widths leave No. to Wireshark
# and give the siphop label about 60 characters; every filter button is a
# valid filter that finds what it says; and tshark reports no preference
# errors.
#
# SIPHOP_PROFILE_ZIP  the zip (set by CTest; default build/siphop-profile.zip)
#
# SPDX-License-Identifier: GPL-2.0-or-later
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
zip=${SIPHOP_PROFILE_ZIP:-$SH_REPO/build/siphop-profile.zip}
[ -f "$zip" ] || sh_fail "no profile zip at $zip (cmake --build build --target profile-zip)"
caps="$SH_REPO/test-captures"
seed="$caps/seed-delayed-offer-webex.pcapng"

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
profile="$conf/profiles/siphop"

# Columns: the siphop label, from the profile's preferences; no complaints.
# tshark's summary lines print the profile's columns (_ws.col.<title> is
# not a field in every version): frame 7's line holds its label.
sh_tshark -C siphop -r "$seed" > "$SH_HOME/col.txt" 2> "$SH_HOME/err.txt" ||
    sh_fail "tshark -C siphop failed: $(cat "$SH_HOME/err.txt")"
[ ! -s "$SH_HOME/err.txt" ] || sh_fail "tshark complained about the profile: $(cat "$SH_HOME/err.txt")"
label=$(sh_tshark -r "$seed" -Y 'frame.number == 7' -T fields -e siphop.label)
[ -n "$label" ] || sh_fail "no siphop.label on the seed's frame 7"
grep -E '^ *7 ' "$SH_HOME/col.txt" | grep -qF " 1143 $label " ||
    sh_fail "no siphop column ('$label') from the profile: $(cat "$SH_HOME/col.txt")"

# Rule order: siphop's rules (named "siphop: ..." and the two SIP rules)
# first, then Wireshark's default rules, all of them, in their order and
# unchanged: those of this Wireshark's global colorfilters file, except its
# TTL rules (4.0's differ from those of 4.4 and 4.6, which the profile has).
global=$(sh_tshark -G folders | sed -n 's/^Global configuration:[[:space:]]*//p')
[ -f "$global/colorfilters" ] || sh_fail "no Wireshark default colorfilters in '$global'"
cat > "$SH_HOME/rules.py" <<'EOF'
import re, sys
rules = lambda path: [l for l in open(path, encoding="utf-8").read().splitlines()
                      if l.strip() and not l.startswith("#")]
profile, defaults = rules(sys.argv[1]), rules(sys.argv[2])
name = lambda l: l.split("@")[1]
ours = lambda l: name(l).startswith("siphop: ") or name(l).startswith("SIP")
n = next((i for i, l in enumerate(profile) if not ours(l)), len(profile))
if n < 5 or any(ours(l) for l in profile[n:]):
    sys.exit("siphop's rules are not all first: " + ", ".join(name(l) for l in profile))
ttl = lambda l: re.search(r"TTL|hop limit", name(l)) is not None
got = [l for l in profile[n:] if not ttl(l)]
want = [l for l in defaults if not ttl(l)]
if got != want:
    sys.exit("the rules after siphop's are not Wireshark's defaults:\n  profile: %s\n  default: %s"
             % ("\n           ".join(got), "\n           ".join(want)))
if [name(l) for l in profile[n:] if ttl(l)] != ["IPv4 TTL low or unexpected", "IPv6 hop limit low or unexpected"]:
    sys.exit("the default TTL rules are not those of Wireshark 4.4 and 4.6")
print("ok: %d siphop rules, then %d Wireshark default rules" % (n, len(profile) - n))
EOF
python3 "$SH_HOME/rules.py" "$profile/colorfilters" "$global/colorfilters" || sh_fail "coloring rules: see above"

# Colors, both modes. Every rule compiles here (tshark names any that does not
# on stderr). Per capture, frame=rule for each frame one of siphop's rules
# colors (a letter per rule); no other frame may have one.
declare -A rule=(
    [F]="siphop: network fault on the path, starts here"
    [R]="siphop: network fault on the path, relayed"
    [B]="siphop: busy or declined"
    [C]="siphop: call failure (routing, media, session timer, re-INVITE, other)"
    [D]="siphop: delayed offer toward early-offer-only destination"
    [E]="siphop: SIP only encrypted"
)
declare -A colors=(
    [seed-delayed-offer-webex]="1=D 3=D 5=D 7=F 9=R 11=R"
    [webex-503-becomes-500]="1=D 3=D 5=D 7=F 9=R 11=R"
    [real-408-silent-next-hop]="1=D 3=D 6=F"
    [real-483-loop]="14=F 16=R 18=R 20=R 22=R 24=R 26=R"
    [real-orphan-failure]="1=F 3=R"
    [busy-partner-early-offer]="7=B 9=B 11=B"
    [real-fork-404-486]="1=D 3=D 4=D 5=C 8=B 10=C"
    [real-488-warning]="4=C 6=C"
    [real-reinvite-rejected]="13=C 15=C"
    [real-challenge-407]=""
    [cancelled-call]=""
    [real-shared-cisco-guid]=""
    [real-topoh-session-id]=""
    [real-tls-5061]="4=E"
)
checked=0
for cap in "${!colors[@]}"; do
    file="$caps/$cap.pcapng"
    [ -f "$file" ] || sh_fail "no $file"
    want=""
    for fr in ${colors[$cap]}; do
        want+="${fr%%=*} ${rule[${fr#*=}]}"$'\n'
    done
    want=${want%$'\n'}
    for mode in "" -2; do
        sh_tshark -C siphop $mode --color -r "$file" -T fields -e frame.number -e frame.coloring_rule.name \
            > "$SH_HOME/colors.txt" 2> "$SH_HOME/err.txt" || sh_fail "$cap: tshark --color failed: $(cat "$SH_HOME/err.txt")"
        [ ! -s "$SH_HOME/err.txt" ] || sh_fail "$cap: tshark --color complained: $(cat "$SH_HOME/err.txt")"
        got=$(awk -F'\t' '$2 ~ /^siphop: / { print $1 " " $2 }' "$SH_HOME/colors.txt")
        [ "$got" = "$want" ] || sh_fail "$cap: coloring rules (${mode:-single pass}): got
$got
expected
$want"
    done
    checked=$((checked + 1))
done
# The frames siphop does not color keep the SIP rule (the seed's 100s and
# ACKs); frames without SIP Wireshark's default rules.
got=$(sh_tshark -C siphop --color -r "$seed" -Y 'frame.number == 2 || frame.number == 8' -T fields \
      -e frame.coloring_rule.name | sort -u)
[ "$got" = SIP ] || sh_fail "seed frames 2 and 8: '$got', expected SIP"
got=$(sh_tshark -C siphop --color -r "$caps/real-tls-5061.pcapng" -Y 'frame.number == 1' -T fields \
      -e frame.coloring_rule.name)
[ "$got" = "TCP SYN/FIN" ] || sh_fail "real-tls-5061 frame 1: '$got', expected Wireshark's TCP SYN/FIN"

# Column widths (recent): none fixed for No.; the siphop column about 60
# characters of the packet list's font (>= 480 px).
cat > "$SH_HOME/widths.py" <<'EOF'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r"^column\.width:((?:\n\t.*)+)", text, re.M)
if not m:
    sys.exit("no column.width in recent")
items = [x.strip() for x in m.group(1).replace("\n", " ").split(",") if x.strip()]
widths = dict(zip(items[0::2], items[1::2]))
if "%m" in widths:
    sys.exit("recent fixes the No. column's width: %s px" % widths["%m"])
w = int(widths.get('"%Cus:siphop.label"', "0"))
if w < 560:
    sys.exit("siphop column %d px: less than about 70 characters (the longest common labels)" % w)
print("ok: column widths (siphop %d px, No. automatic)" % w)
EOF
python3 "$SH_HOME/widths.py" "$profile/recent" || sh_fail "column widths: see above"

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
done < "$profile/dfilter_buttons"
[ "$n" -ge 5 ] || sh_fail "only $n filter buttons"
echo "ok: profile siphop ($n filter buttons, colors checked on $checked captures)"
