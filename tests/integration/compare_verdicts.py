#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Compare siphop's verdicts in tshark PDML with a capture's .expected file.

Usage: compare_verdicts.py EXPECTED PDML [--single-pass]

Each <proto name="siphop"> is paired with the SIP message it analyses (the
n-th siphop item of a packet with the n-th sip item), and compared column
by column with the expected row of that frame and message. In single pass
an INVITE cannot know its final response yet, so 'final' and 'status' on
INVITE rows are not compared there. Exit 1 with a diff on any mismatch.
"""
import sys
import xml.etree.ElementTree as ET

EXPERTS = {"delayed_offer", "delayed_offer_eo_required", "failure_origin",
           "failure_relayed", "hop_missing", "retransmission", "copy",
           "offer_missing", "answer_missing", "no_response", "link_refused",
           "offer_unknown"}
# One expert field per failure class: siphop.failure.<class>.
EXPERT_PREFIXES = ("failure.",)
# Only a later pass knows that an INVITE never got any response.
LATER_PASS_ONLY = {"no_response"}
FIELDS = {  # expected column -> siphop field
    "call": "siphop.call", "hop": "siphop.hop", "offer": "siphop.offer",
    "eo_required": "siphop.eo_required", "invite": "siphop.invite",
    "final": "siphop.final", "status": "siphop.status", "origin": "siphop.origin",
    "origin_hop": "siphop.origin_hop", "dup_of": "siphop.dup_of",
    "sdp": "siphop.sdp",  # optional columns: compared only where the header has them
    "class": "siphop.failure_class",
}


# PDML shows a boolean as 1/0 up to Wireshark 4.0, as True/False from 4.2.
SHOW_BOOL = {"True": "1", "False": "0"}


def walk(elem):
    for child in elem:
        yield child
        yield from walk(child)


def actual_rows(pdml_path):
    rows = []
    for packet in ET.parse(pdml_path).getroot().iter("packet"):
        frame = None
        sips, hops = [], []
        for proto in packet.findall("proto"):
            name = proto.get("name")
            if name == "frame":
                for f in walk(proto):
                    if f.get("name") == "frame.number":
                        frame = f.get("show")
            elif name == "sip":
                sips.append(proto)
            elif name == "siphop":
                hops.append(proto)
        for i, hop in enumerate(hops):
            row = {"frame": frame, "msg": "?"}
            if i < len(sips):
                for f in walk(sips[i]):
                    if f.get("name") == "sip.Method":
                        row["msg"] = f.get("show")
                        break
                    if f.get("name") == "sip.Status-Code":
                        row["msg"] = f.get("show")
                        break
            experts = set()
            for f in walk(hop):
                name = f.get("name", "")
                short = name[len("siphop."):]
                if short in EXPERTS or short.startswith(EXPERT_PREFIXES):
                    experts.add(short)
                for col, field in FIELDS.items():
                    if name == field and col not in row:
                        show = f.get("show")
                        row[col] = SHOW_BOOL.get(show, show)
            row["experts"] = ",".join(sorted(experts))
            rows.append(row)
    return rows


def expected_rows(path):
    with open(path, encoding="utf-8") as fh:
        lines = [l.rstrip("\n") for l in fh if l.strip() and not l.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, l.split("\t"))) for l in lines[1:]]


def main():
    expected_path, pdml_path = sys.argv[1], sys.argv[2]
    single = "--single-pass" in sys.argv[3:]
    want, got = expected_rows(expected_path), actual_rows(pdml_path)
    errors = []
    if len(want) != len(got):
        errors.append(f"{len(got)} SIP messages analysed, {len(want)} expected")
    for w, g in zip(want, got):
        where = f"frame {w['frame']} {w['msg']}"
        for col in ["frame", "msg"] + list(FIELDS) + ["experts"]:
            if col not in w:
                continue
            if single and col in ("final", "status") and w["msg"] == "INVITE":
                continue
            want_v, got_v = w[col] or "", g.get(col) or ""
            if single and col == "experts":
                want_v = ",".join(e for e in want_v.split(",") if e and e not in LATER_PASS_ONLY)
                got_v = ",".join(e for e in got_v.split(",") if e and e not in LATER_PASS_ONLY)
            if want_v != got_v:
                errors.append(f"{where}: {col} is {g.get(col) or '(none)'!r}, expected {w[col] or '(none)'!r}")
    for e in errors:
        print("MISMATCH", e)
    print(f"{pdml_path}: {len(got)} messages, {len(errors)} mismatches")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
