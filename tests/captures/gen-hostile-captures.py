#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write hostile SIP captures: shapes meant to make a dissector crash, hang
or eat memory. tests/integration/test_hostile.sh runs siphop on each and
checks time, memory and the expert note that says what limit was hit.

    python3 tests/captures/gen-hostile-captures.py              # small ones -> test-captures/hostile/
    python3 tests/captures/gen-hostile-captures.py --all        # also the large ones
    python3 tests/captures/gen-hostile-captures.py --out DIR [--only NAME...]
    python3 tests/captures/gen-hostile-captures.py --check      # committed == generated

Deterministic (fixed times, addresses and identifiers, no random), Python 3
standard library only. The pcapng/Ethernet/IPv4/UDP/TCP writer and SIP text
are sipcap.py's. The large captures are not committed (none committed may
exceed LARGE): the tests generate them.
"""

import argparse
import os
import sys
import tempfile

from sipcap import (Network, PcapngWriter, TcpConnection, compare_files, report_check,
                    udp_frame)
from sipcap import sip_text as sip     # start line, (name, value) headers, Content-Length

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

LARGE = 256 * 1024          # bytes: no committed capture is larger
T0 = 1735732800 * 10**9     # 2025-01-01 12:00:00 UTC, in ns
MS = 10**6
TCP_CHUNK = 32000           # payload bytes per TCP segment for the big messages

CUCM = ("10.10.1.10", 5060)
EXPC = ("10.10.2.20", 5060)
FAR = ("10.10.3.30", 5060)


class Cap:
    """One capture: a pcapng writer with one interface and a clock."""

    def __init__(self, name):
        self.name = name
        self.w = PcapngWriter("siphop gen-hostile-captures.py")
        self.w.add_interface("eth0", "hostile: " + name)
        self.net = Network("hostile/" + name)
        self.t = T0
        self.frames = 0

    def add(self, frame, dt_ms=1):
        self.t += dt_ms * MS
        self.w.add_packet(0, self.t, frame)
        self.frames += 1

    def udp(self, src, dst, payload, dt_ms=1):
        self.add(udp_frame(self.net, src, dst, payload), dt_ms)

    def tcp(self, conn, from_client, payload, dt_ms=1, chunk=TCP_CHUNK):
        """payload in segments of at most chunk bytes (one frame each)."""
        for i in range(0, len(payload), chunk):
            self.add(conn.segment(from_client, payload[i:i + chunk]), dt_ms if i == 0 else 0)

    def data(self):
        return self.w.getvalue()


def invite(call_id, vias, cseq=1, to_host="example.com", extra=(), branch_host=None):
    hdrs = [("Via", v) for v in vias]
    hdrs += [("Max-Forwards", "70"),
             ("From", "<sip:alice@%s>;tag=from-%s" % (CUCM[0], call_id[:8])),
             ("To", "<sip:bob@%s>" % to_host),
             ("Call-ID", call_id),
             ("CSeq", "%d INVITE" % cseq),
             ("Contact", "<sip:alice@%s:%d;transport=tcp>" % CUCM)]
    hdrs += list(extra)
    return sip("INVITE sip:bob@%s SIP/2.0" % to_host, hdrs)


def response(status, reason, call_id, vias, cseq=1, method="INVITE", to_tag="to-1", to_host="example.com"):
    hdrs = [("Via", v) for v in vias]
    hdrs += [("From", "<sip:alice@%s>;tag=from-%s" % (CUCM[0], call_id[:8])),
             ("To", "<sip:bob@%s>%s" % (to_host, ";tag=" + to_tag if to_tag else "")),
             ("Call-ID", call_id),
             ("CSeq", "%d %s" % (cseq, method))]
    return sip("SIP/2.0 %d %s" % (status, reason), hdrs)


def via(addr, branch, transport="TCP"):
    return "SIP/2.0/%s %s:%d;branch=z9hG4bK%s" % (transport, addr[0], addr[1], branch)


# --------------------------------------------------------------------------
# The captures. Each function returns its Cap; CAPTURES below names them.
# --------------------------------------------------------------------------

def cap_vias_10000():
    """One INVITE with 10,000 Via header lines, then its 100 Trying."""
    c = Cap("vias-10000")
    conn = TcpConnection(c.net, EXPC, FAR)
    vias = [via(EXPC, "top")] + ["SIP/2.0/TCP 10.20.%d.%d:5060;branch=z9hG4bKdeep%05d"
                                 % (i // 250, i % 250 + 1, i) for i in range(9999)]
    c.tcp(conn, True, invite("vias-10000@hostile", vias))
    c.tcp(conn, False, response(100, "Trying", "vias-10000@hostile", vias, to_tag=None))
    return c


def cap_header_1mib():
    """Two INVITEs over TCP: one with a 1 MiB X-Padding line, one whose Via
    line is 1 MiB long; each answered 486."""
    c = Cap("header-1mib")
    mib = 1024 * 1024
    conn = TcpConnection(c.net, CUCM, EXPC)
    v1 = [via(CUCM, "pad1")]
    c.tcp(conn, True, invite("pad-1@hostile", v1, extra=[("X-Padding", "x" * mib)]))
    c.tcp(conn, False, response(486, "Busy Here", "pad-1@hostile", v1))
    conn2 = TcpConnection(c.net, (CUCM[0], 5062), EXPC)
    v2 = [via((CUCM[0], 5062), "pad2") + ";x-junk=" + "y" * mib]
    c.tcp(conn2, True, invite("pad-2@hostile", v2))
    c.tcp(conn2, False, response(486, "Busy Here", "pad-2@hostile", v2))
    return c


def cap_invite_flood(n=100000):
    """n INVITEs over UDP with one Call-ID, each a new transaction."""
    c = Cap("invite-flood-100k")
    for i in range(n):
        v = [via(CUCM, "flood%06d" % i, "UDP")]
        c.udp(CUCM, EXPC, invite("flood@hostile", v, cseq=i + 1), dt_ms=1)
    return c


def cap_colliding_branches():
    """Two calls (different Call-IDs) from one sent-by reusing one branch."""
    c = Cap("colliding-branches")
    conn = TcpConnection(c.net, CUCM, EXPC)
    v = [via(CUCM, "same-branch")]
    for cid in ("collide-1@hostile", "collide-2@hostile"):
        c.tcp(conn, True, invite(cid, v))
        c.tcp(conn, False, response(100, "Trying", cid, v, to_tag=None))
        c.tcp(conn, False, response(486, "Busy Here", cid, v))
    return c


def cap_via_loop():
    """An INVITE whose Via stack repeats a sent-by + branch (a loop)."""
    c = Cap("via-loop")
    conn = TcpConnection(c.net, EXPC, FAR)
    v = [via(EXPC, "loop-b"), via(CUCM, "loop-a"), via(EXPC, "loop-b"), via(CUCM, "loop-a")]
    c.tcp(conn, True, invite("loop@hostile", v))
    c.tcp(conn, False, response(482, "Loop Detected", "loop@hostile", v))
    return c


def cap_orphan_response():
    """Responses, an ACK and a CANCEL whose INVITE is not in the capture."""
    c = Cap("orphan-response")
    conn = TcpConnection(c.net, CUCM, EXPC)
    v = [via(CUCM, "orphan")]
    c.tcp(conn, False, response(180, "Ringing", "orphan@hostile", v))
    c.tcp(conn, False, response(503, "Service Unavailable", "orphan@hostile", v))
    ack = sip("ACK sip:bob@example.com SIP/2.0",
              [("Via", v[0]), ("From", "<sip:alice@10.10.1.10>;tag=from-orphan@"),
               ("To", "<sip:bob@example.com>;tag=to-1"), ("Call-ID", "orphan@hostile"), ("CSeq", "1 ACK")])
    c.tcp(conn, True, ack)
    return c


def _simple_call(c, conn, cid, branch):
    v = [via(CUCM, branch)]
    c.tcp(conn, True, invite(cid, v))
    c.tcp(conn, False, response(100, "Trying", cid, v, to_tag=None))
    c.tcp(conn, False, response(180, "Ringing", cid, v))
    c.tcp(conn, False, response(486, "Busy Here", cid, v))
    return v


def cap_cut_mid_message():
    """A whole call, then an INVITE whose second TCP segment is missing:
    the capture ends in the middle of the message."""
    c = Cap("cut-mid-message")
    conn = TcpConnection(c.net, CUCM, EXPC)
    _simple_call(c, conn, "whole@hostile", "whole")
    cut = invite("cut@hostile", [via(CUCM, "cut")])
    c.add(conn.segment(True, cut[:len(cut) // 2]))
    return c


def cap_many_messages_one_segment():
    """100 tiny SIP requests in one TCP segment."""
    c = Cap("many-messages-one-segment")
    conn = TcpConnection(c.net, CUCM, EXPC)
    msgs = b"".join(sip("OPTIONS sip:%d@x SIP/2.0" % i,
                        [("Via", "SIP/2.0/TCP 10.10.1.10;branch=z9hG4bKo%d" % i),
                         ("Call-ID", "o%d" % i), ("CSeq", "1 OPTIONS")]) for i in range(100))
    c.add(conn.segment(True, msgs))
    return c


def cap_three_calls():
    """Three ordinary calls, for -o siphop.max_calls:1."""
    c = Cap("three-calls")
    conn = TcpConnection(c.net, CUCM, EXPC)
    for i in (1, 2, 3):
        _simple_call(c, conn, "call-%d@hostile" % i, "call%d" % i)
    return c


def cap_sip_dissector_bug():
    """A delayed-offer INVITE to Webex on which Wireshark's own SIP dissector
    (4.0 to 4.6) fails an assertion: the Session-ID's last parameter has no
    value and the next line begins with '=', which its parameter parser
    takes for that value's start (docs/wireshark-intree.md). The line is
    smuggled in through the header's value: sip() writes no such line."""
    c = Cap("sip-dissector-bug")
    v = [via(CUCM, "sessid", transport="UDP")]
    c.udp(CUCM, EXPC, invite("sessid@hostile", v, to_host="company.webex.com",
                             extra=[("Session-ID", "6a3f1c2e9b8d47a5a1e0c3b2d4f5e6a7;remote\r\n=0000")]))
    return c


# name, builder, committed?, README line
CAPTURES = [
    ("colliding-branches", cap_colliding_branches, True,
     "two calls from one sent-by with the same branch but different Call-IDs, each INVITE / 100 / "
     "486. Expected: two calls (siphop.call 1 and 2), each 486 with its own INVITE"),
    ("via-loop", cap_via_loop, True,
     "an INVITE whose 4-Via stack repeats sent-by+branch twice, answered 482. Expected: "
     "siphop.via_loop on the INVITE"),
    ("orphan-response", cap_orphan_response, True,
     "a 180 and a 503 to an INVITE that is not in the capture, and the ACK. Expected: siphop.orphan "
     "on each"),
    ("cut-mid-message", cap_cut_mid_message, True,
     "a complete call (INVITE / 100 / 180 / 486), then the first half of an INVITE; the capture "
     "ends there. Expected: the first call analysed, no crash. The test also cuts the file itself "
     "mid-record and runs it through editcap -s 120 (snaplen)"),
    ("many-messages-one-segment", cap_many_messages_one_segment, True,
     "100 tiny OPTIONS requests in one TCP segment. Expected: 64 analysed (siphop's limit per "
     "frame) and a siphop.limit note saying 36 more were not"),
    ("three-calls", cap_three_calls, True,
     "three calls, each INVITE / 100 / 180 / 486. With -o siphop.max_calls:1: call 1 tracked, "
     "siphop.limit on every message of calls 2 and 3"),
    ("vias-10000", cap_vias_10000, False,
     "one INVITE over TCP with 10,000 Via header lines, and its 100 Trying. Expected: "
     "siphop.vias == 10000, siphop.vias_truncated, hop 10000 (from the Via count)"),
    ("header-1mib", cap_header_1mib, False,
     "two INVITEs over TCP, one with a 1 MiB X-Padding header line, one whose Via line is 1 MiB "
     "long, each answered 486. Expected: both analysed (calls 1 and 2), no crash, bounded time "
     "and memory"),
    ("invite-flood-100k", cap_invite_flood, False,
     "100,000 INVITEs over UDP with one Call-ID and 100,000 branches. Expected: call 1 with "
     "siphop.max_legs (64) legs, siphop.limit on every later INVITE, tshark's peak memory with "
     "siphop within a bound of its peak without"),
    ("sip-dissector-bug", cap_sip_dissector_bug, False,
     "one delayed-offer INVITE to company.webex.com whose Session-ID line makes Wireshark's own SIP "
     "dissector (4.0 to 4.6) fail an assertion. Not committed, so that the tests and fuzzers that "
     "abort on any dissector bug do not meet it. Expected, without WIRESHARK_ABORT_ON_DISSECTOR_BUG: "
     "Wireshark marks it malformed, siphop still labels it (call 1 hop 1/1, delayed offer to Webex)"),
]
BY_NAME = {name: fn for name, fn, _, _ in CAPTURES}
COMMITTED = [name for name, _, small, _ in CAPTURES if small]

README_HEAD = """# Hostile captures

Written by `tests/captures/gen-hostile-captures.py` (deterministic; `--check`
compares the committed ones). The large ones are not committed: the tests
generate them (`python3 tests/captures/gen-hostile-captures.py --all` writes them
here too; `.gitignore` keeps them out of git).
`tests/integration/test_hostile.sh` runs siphop on each and checks the
verdict, the expert note naming the limit that was hit, and bounded time and
memory; see docs/robustness.md.

"""


def write(out_dir, names):
    os.makedirs(out_dir, exist_ok=True)
    done = []
    for name in names:
        cap = BY_NAME[name]()
        assert cap.name == name
        data = cap.data()
        with open(os.path.join(out_dir, name + ".pcapng"), "wb") as f:
            f.write(data)
        done.append((name, cap.frames, len(data)))
    return done


def readme_text():
    lines = [README_HEAD]
    for name, _, small, line in CAPTURES:
        lines.append("- `%s.pcapng`%s: %s.\n" % (name, "" if small else " (generated, not committed)", line))
    return "".join(lines)


def check(repo_dir):
    names = [name + ".pcapng" for name in COMMITTED]
    with tempfile.TemporaryDirectory(prefix="siphop-hostile.") as tmp:
        too_large = ["too large to commit: %s.pcapng" % name
                     for name, _, size in write(tmp, COMMITTED) if size > LARGE]
        with open(os.path.join(tmp, "README.md"), "w", newline="\n") as f:
            f.write(readme_text())
        problems = too_large + compare_files(repo_dir, tmp, names + ["README.md"])
    return report_check("gen-hostile-captures", problems,
                        "%d captures and README.md identical" % len(COMMITTED))


def main(argv=None):
    default_out = os.path.join(ROOT, "test-captures", "hostile")
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=default_out)
    ap.add_argument("--all", action="store_true", help="also the large captures")
    ap.add_argument("--only", nargs="+", metavar="NAME", help="just these (file names without .pcapng)")
    ap.add_argument("--check", action="store_true", help="compare the committed captures and README.md")
    args = ap.parse_args(argv)
    if args.check:
        return check(args.out)
    if args.only:
        unknown = [n for n in args.only if n not in BY_NAME]
        if unknown:
            ap.error("unknown capture(s): %s (known: %s)" % (" ".join(unknown), " ".join(BY_NAME)))
        names = args.only
    else:
        names = list(BY_NAME) if args.all else COMMITTED
    for name, frames, size in write(args.out, names):
        print("%-34s %7d frames %10d bytes" % (name + ".pcapng", frames, size))
    if os.path.abspath(args.out) == default_out:
        with open(os.path.join(args.out, "README.md"), "w", newline="\n") as f:
            f.write(readme_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
