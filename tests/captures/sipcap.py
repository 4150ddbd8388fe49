# SPDX-License-Identifier: GPL-2.0-or-later
"""The wire side of siphop's capture generators, shared by
gen-test-captures.py, gen-hostile-captures.py and gen-bench-capture.py:

  - a pcapng writer (one section, Ethernet interfaces, nanosecond times),
    kept in memory or streamed to a file;
  - Ethernet + IPv4 + UDP/TCP framing with correct checksums, and a TCP
    connection that keeps both directions' sequence numbers;
  - fixed identifiers and times: numbers and hex strings derived from text
    labels with SHA-256 (no random), capture times from UTC text;
  - SIP message text (start line, ordered headers, Content-Length);
  - the --check plumbing: compare regenerated files with committed ones.

Python 3 standard library only. Import it normally: a script run as
`python3 tests/captures/X.py` has this folder on sys.path.
"""

import calendar
import filecmp
import hashlib
import os
import re
import struct
import sys
import time

# --------------------------------------------------------------------------
# pcapng
# --------------------------------------------------------------------------

LINKTYPE_ETHERNET = 1


def _pcapng_option(code, value):
    return struct.pack("<HH", code, len(value)) + value + b"\0" * (-len(value) % 4)


def _pcapng_block(block_type, body):
    assert len(body) % 4 == 0
    total = 12 + len(body)
    return struct.pack("<II", block_type, total) + body + struct.pack("<I", total)


class PcapngWriter:
    """One section; interfaces are Ethernet with nanosecond timestamps.

    out: a binary file to write each block to as it is made (memory stays
    flat, for captures of any size); None keeps the blocks for getvalue()."""

    def __init__(self, userappl, out=None):
        self._out = out
        self._blocks = []
        self._interfaces = 0
        opts = _pcapng_option(4, userappl.encode()) + _pcapng_option(0, b"")  # shb_userappl
        body = struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1) + opts
        self._write(_pcapng_block(0x0A0D0D0A, body))

    def _write(self, block):
        if self._out is None:
            self._blocks.append(block)
        else:
            self._out.write(block)

    def add_interface(self, name, description):
        opts = (_pcapng_option(2, name.encode())            # if_name
                + _pcapng_option(3, description.encode())   # if_description
                + _pcapng_option(9, bytes([9]))             # if_tsresol: 10^-9 s
                + _pcapng_option(0, b""))
        body = struct.pack("<HHI", LINKTYPE_ETHERNET, 0, 262144) + opts
        self._write(_pcapng_block(0x00000001, body))
        self._interfaces += 1
        return self._interfaces - 1

    def add_packet(self, interface, ts_ns, data):
        assert 0 <= interface < self._interfaces
        body = struct.pack("<IIIII", interface, ts_ns >> 32, ts_ns & 0xFFFFFFFF,
                           len(data), len(data))
        body += data + b"\0" * (-len(data) % 4)
        self._write(_pcapng_block(0x00000006, body))

    def getvalue(self):
        assert self._out is None, "a streaming writer keeps nothing"
        return b"".join(self._blocks)


# --------------------------------------------------------------------------
# Fixed identifiers (derived from labels: deterministic, not random)
# --------------------------------------------------------------------------

def label_int(label, nbytes=4):
    """A fixed number derived from a text label."""
    return int.from_bytes(hashlib.sha256(label.encode()).digest()[:nbytes], "big")


def hexid(label, n):
    """n hex digits derived from a label, for branches, tags, UUIDs."""
    out = ""
    i = 0
    while len(out) < n:
        out += hashlib.sha256(("%s#%d" % (label, i)).encode()).hexdigest()
        i += 1
    return out[:n]


def uuid_from(label):
    """A version-4-shaped UUID derived from a label."""
    h = hexid(label, 32)
    variant = "89ab"[int(h[16], 16) & 3]
    return "%s-%s-4%s-%s%s-%s" % (h[:8], h[8:12], h[13:16], variant, h[17:20], h[20:])


# --------------------------------------------------------------------------
# Times
# --------------------------------------------------------------------------

def ts(text):
    """'2015-07-06 02:30:03.027' (UTC) -> nanoseconds since the epoch."""
    date, clock = text.split(" ")
    hms, _, frac = clock.partition(".")
    y, mo, d = (int(x) for x in date.split("-"))
    h, mi, s = (int(x) for x in hms.split(":"))
    return calendar.timegm((y, mo, d, h, mi, s)) * 10**9 + int((frac + "000000000")[:9])


def ms(x):
    """Milliseconds (may be fractional, e.g. 0.4) -> nanoseconds, exactly."""
    return int(round(x * 1000000))


def sip_date(ts_ns):
    """RFC 1123 date for a Date header from a capture time (seconds
    truncated), spelled in English whatever the locale."""
    t = time.gmtime(ts_ns // 10**9)
    return "%s, %02d %s %04d %02d:%02d:%02d GMT" % (
        ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[t.tm_wday], t.tm_mday,
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
         "Dec")[t.tm_mon - 1], t.tm_year, t.tm_hour, t.tm_min, t.tm_sec)


# --------------------------------------------------------------------------
# Ethernet / IPv4 / UDP / TCP
# --------------------------------------------------------------------------

IPPROTO_TCP = 6
IPPROTO_UDP = 17
DSCP_CS3 = 0x60            # ToS byte: CS3, what CUCM and Expressway use for SIP
TCP_ACK = 0x10
TCP_PSH = 0x08


def internet_checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ip4(addr):
    return bytes(int(x) for x in addr.split("."))


def mac_for(addr):
    """A locally administered MAC per IPv4 address: 02:00:a:b:c:d."""
    return b"\x02\x00" + ip4(addr)


class Network:
    """Builds Ethernet+IPv4 frames; keeps an IP identification counter per
    sender. ttl: {sender address: TTL as seen at the capture point} for
    hosts some routers away; every other sender is local (64)."""

    def __init__(self, label, ttl=None):
        self._label = label
        self._ttl = ttl or {}
        self._ip_id = {}

    def ipv4_frame(self, src, dst, proto, l4):
        ident = self._ip_id.get(src)
        if ident is None:
            ident = label_int("%s/ip-id/%s" % (self._label, src), 2)
        self._ip_id[src] = (ident + 1) & 0xFFFF
        total = 20 + len(l4)
        assert total <= 65535
        hdr = struct.pack("!BBHHHBBH4s4s", 0x45, DSCP_CS3, total, ident, 0x4000,
                          self._ttl.get(src, 64), proto, 0, ip4(src), ip4(dst))
        hdr = hdr[:10] + struct.pack("!H", internet_checksum(hdr)) + hdr[12:]
        eth = mac_for(dst) + mac_for(src) + b"\x08\x00"
        return eth + hdr + l4


def _pseudo_header(src, dst, proto, length):
    return ip4(src) + ip4(dst) + struct.pack("!BBH", 0, proto, length)


def udp_frame(net, src, dst, payload):
    """src, dst: (ip, port). One datagram, no IP fragmentation."""
    assert len(payload) <= 1472, "UDP SIP message too large for one 1500-byte frame"
    length = 8 + len(payload)
    hdr = struct.pack("!HHHH", src[1], dst[1], length, 0)
    csum = internet_checksum(_pseudo_header(src[0], dst[0], IPPROTO_UDP, length) + hdr + payload)
    hdr = hdr[:6] + struct.pack("!H", csum or 0xFFFF)
    return net.ipv4_frame(src[0], dst[0], IPPROTO_UDP, hdr + payload)


class TcpConnection:
    """One TCP connection whose handshake happened before the capture.

    Keeps the next sequence number of each direction; every data segment
    acknowledges everything the other side has sent so far, so Wireshark's
    sequence analysis and reassembly see a consistent stream.
    """

    def __init__(self, net, client, server):
        self.net = net
        self.client = client          # (ip, port) of the side that connected
        self.server = server
        label = "%s:%d>%s:%d" % (client + server)
        self._next = {True: (label_int(label + "/c") + 1) & 0xFFFFFFFF,
                      False: (label_int(label + "/s") + 1) & 0xFFFFFFFF}

    def segment(self, from_client, payload):
        src, dst = (self.client, self.server) if from_client else (self.server, self.client)
        seq = self._next[from_client]
        ack = self._next[not from_client]
        self._next[from_client] = (seq + len(payload)) & 0xFFFFFFFF
        hdr = struct.pack("!HHIIHHHH", src[1], dst[1], seq, ack,
                          (5 << 12) | TCP_PSH | TCP_ACK, 65535, 0, 0)
        csum = internet_checksum(_pseudo_header(src[0], dst[0], IPPROTO_TCP, 20 + len(payload))
                                 + hdr + payload)
        hdr = hdr[:16] + struct.pack("!H", csum) + hdr[18:]
        return self.net.ipv4_frame(src[0], dst[0], IPPROTO_TCP, hdr + payload)


# --------------------------------------------------------------------------
# SIP text
# --------------------------------------------------------------------------

def sip_text(start, headers, body=b""):
    """A SIP message's bytes: start line, (name, value) headers, a
    Content-Length that fits the body, CRLF line ends."""
    lines = [start] + ["%s: %s" % h for h in headers] + ["Content-Length: %d" % len(body)]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii") + body


_HEADER_START = re.compile(r"^[A-Za-z][A-Za-z0-9-]*: ")


def unwrap(text):
    """Join a document's ~80-column wraps: a line that does not start a
    header continues the previous one, with nothing in between (every wrap in
    the seed document falls inside a token or parameter list)."""
    lines = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line:
            continue
        if lines and not _HEADER_START.match(line):
            lines[-1] += line
        else:
            lines.append(line)
    return lines


class SipMessage:
    """Start line, ordered (name, value) headers, body. encode() writes CRLF
    line ends and a correct Content-Length (always the last header)."""

    def __init__(self, start, headers, body=b""):
        self.start = start
        self.headers = list(headers)
        self.body = body

    @classmethod
    def from_text(cls, text):
        lines = unwrap(text)
        headers = []
        for line in lines[1:]:
            name, value = line.split(": ", 1)
            headers.append((name, value))
        return cls(lines[0], headers)

    def copy(self):
        return SipMessage(self.start, self.headers, self.body)

    # header access (names compared case-insensitively)
    def get_all(self, name):
        return [v for n, v in self.headers if n.lower() == name.lower()]

    def get(self, name):
        values = self.get_all(name)
        assert len(values) == 1, (name, values)
        return values[0]

    def has(self, name):
        return bool(self.get_all(name))

    def set(self, name, value):
        """Replace the single header *name* in place."""
        idx = [i for i, (n, _) in enumerate(self.headers) if n.lower() == name.lower()]
        assert len(idx) == 1, (name, idx)
        self.headers[idx[0]] = (self.headers[idx[0]][0], value)

    def remove_all(self, name):
        self.headers = [(n, v) for n, v in self.headers if n.lower() != name.lower()]

    def remove_first(self, name):
        for i, (n, _) in enumerate(self.headers):
            if n.lower() == name.lower():
                del self.headers[i]
                return
        raise KeyError(name)

    def index(self, name):
        for i, (n, _) in enumerate(self.headers):
            if n.lower() == name.lower():
                return i
        return None

    def insert(self, pos, name, value):
        self.headers.insert(pos, (name, value))

    @property
    def is_request(self):
        return not self.start.startswith("SIP/2.0 ")

    @property
    def method(self):
        return self.start.split(" ", 1)[0]

    @property
    def ruri(self):
        return self.start.split(" ")[1]

    @property
    def status(self):
        return int(self.start.split(" ")[1])

    def label(self):
        return self.method if self.is_request else str(self.status)

    def encode(self):
        assert self.headers[-1][0] == "Content-Length"
        if self.body:
            assert self.has("Content-Type")
        return sip_text(self.start, self.headers[:-1], self.body)


# --------------------------------------------------------------------------
# --check: regenerated files against committed ones
# --------------------------------------------------------------------------

def compare_files(committed_dir, generated_dir, names):
    """'missing: NAME' / 'differs: NAME' for each of names that is not in
    committed_dir byte for byte as in generated_dir."""
    problems = []
    for name in names:
        mine = os.path.join(committed_dir, name)
        if not os.path.exists(mine):
            problems.append("missing: %s" % name)
        elif not filecmp.cmp(mine, os.path.join(generated_dir, name), shallow=False):
            problems.append("differs: %s" % name)
    return problems


def report_check(tool, problems, ok_line):
    """Print a --check result the same way for every generator; returns
    the exit status (1 when anything differs)."""
    for line in problems:
        print("%s --check: %s" % (tool, line), file=sys.stderr)
    if problems:
        print("%s --check: run python3 tests/captures/%s.py and commit" % (tool, tool),
              file=sys.stderr)
        return 1
    print("%s --check: %s" % (tool, ok_line))
    return 0
