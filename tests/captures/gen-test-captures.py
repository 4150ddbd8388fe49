#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write siphop's test captures (pcapng) and their expected verdicts.

    python3 tests/captures/gen-test-captures.py            # (re)write test-captures/
    python3 tests/captures/gen-test-captures.py --check    # regenerate into a temp dir,
                                                  # compare, exit 1 on difference
    python3 tests/captures/gen-test-captures.py --out DIR  # write somewhere else

Everything is deterministic: fixed timestamps, fixed addresses, identifiers
written out or derived from fixed labels with SHA-256, no clock, no random.
Python 3 standard library only.

Layout of this file:
  1. a small pcapng writer (SHB, one IDB per capture point, EPBs in ns);
  2. Ethernet/IPv4/UDP/TCP framing with correct checksums, and a TCP
     connection helper that keeps the sequence numbers of both directions;
  3. SIP text: the seed document's messages (as wrapped in the document,
     joined by unwrap()), a small header-list message class, and builders
     that model what CUCM, Expressway (proxy) and the far end send;
  4. the scenario model (call, INVITE transaction, message sighting) from
     which the expected verdicts are derived;
  5. one function per capture;
  6. README.md / *.expected writing and --check.
"""

import argparse
import calendar
import filecmp
import hashlib
import os
import re
import struct
import sys
import tempfile
import time

# --------------------------------------------------------------------------
# 1. pcapng writer
# --------------------------------------------------------------------------

LINKTYPE_ETHERNET = 1


def _pcapng_option(code, value):
    return struct.pack("<HH", code, len(value)) + value + b"\0" * (-len(value) % 4)


def _pcapng_block(block_type, body):
    assert len(body) % 4 == 0
    total = 12 + len(body)
    return struct.pack("<II", block_type, total) + body + struct.pack("<I", total)


class PcapngWriter:
    """One section; interfaces are Ethernet with nanosecond timestamps."""

    def __init__(self, userappl):
        opts = _pcapng_option(4, userappl.encode()) + _pcapng_option(0, b"")  # shb_userappl
        body = struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1) + opts
        self._blocks = [_pcapng_block(0x0A0D0D0A, body)]
        self._interfaces = 0

    def add_interface(self, name, description):
        opts = (_pcapng_option(2, name.encode())            # if_name
                + _pcapng_option(3, description.encode())   # if_description
                + _pcapng_option(9, bytes([9]))             # if_tsresol: 10^-9 s
                + _pcapng_option(0, b""))
        body = struct.pack("<HHI", LINKTYPE_ETHERNET, 0, 262144) + opts
        self._blocks.append(_pcapng_block(0x00000001, body))
        self._interfaces += 1
        return self._interfaces - 1

    def add_packet(self, interface, ts_ns, data):
        assert 0 <= interface < self._interfaces
        body = struct.pack("<IIIII", interface, ts_ns >> 32, ts_ns & 0xFFFFFFFF,
                           len(data), len(data))
        body += data + b"\0" * (-len(data) % 4)
        self._blocks.append(_pcapng_block(0x00000006, body))

    def getvalue(self):
        return b"".join(self._blocks)


# --------------------------------------------------------------------------
# 2. Ethernet / IPv4 / UDP / TCP
# --------------------------------------------------------------------------

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


def label_int(label, nbytes=4):
    """A fixed number derived from a text label (deterministic, not random)."""
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


# Initial TTL as seen at the capture point: local hosts send with 64, the
# far end's packets arrive after some routers.
EXTERNAL_TTL = {"114.29.213.174": 51, "203.0.113.50": 57}

IPPROTO_TCP = 6
IPPROTO_UDP = 17
DSCP_CS3 = 0x60            # ToS byte: CS3, what CUCM and Expressway use for SIP


class Network:
    """Builds Ethernet+IPv4 frames; keeps an IP identification counter per sender."""

    def __init__(self, label):
        self._label = label
        self._ip_id = {}

    def ipv4_frame(self, src, dst, proto, l4):
        ident = self._ip_id.get(src)
        if ident is None:
            ident = label_int("%s/ip-id/%s" % (self._label, src), 2)
        self._ip_id[src] = (ident + 1) & 0xFFFF
        ttl = EXTERNAL_TTL.get(src, 64)
        total = 20 + len(l4)
        assert total <= 65535
        hdr = struct.pack("!BBHHHBBH4s4s", 0x45, DSCP_CS3, total, ident, 0x4000,
                          ttl, proto, 0, ip4(src), ip4(dst))
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


TCP_ACK = 0x10
TCP_PSH = 0x08


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
# 3. SIP text
# --------------------------------------------------------------------------

# The seed document's three messages (Expressway-E log, 2015-07-06), copied
# line for line as the document wraps them (blank lines and the log's leading
# "|" removed). unwrap() joins them back. The only edit, made in code below:
# the hop-2 INVITE's To says "kytec.webex.com" where every other message says
# "company.webex.com" (an anonymisation slip in the document); we use
# company.webex.com on all hops.

SEED_HOP2_INVITE = """\
INVITE sip:34IBJumtlZRvmrI5t7WQjMhA@company.webex.com SIP/2.0
Via: SIP/2.0/TLS 172.28.21.104:5061;egress-zone=TraversalClientB2B;branch=z9hG4b
Kae647bb81b403d0562281463002ad68a379858.bdfb90811a812d6a11d607f3e17095a1;
proxy-call-id=fdbf1c60-62e1-4204-884a-00fe8664ee66;rport
Via: SIP/2.0/TCP 172.28.21.100:5560;branch=z9hG4bK11c80762b0b051;received=
172.28.21.100;ingress-zone=CUCMNeighborZoneB2B
Call-ID: e7672380-5991e82c-e0ca3-64151cac@172.28.21.100
CSeq: 101 INVITE
Remote-Party-ID: "7221.company.com.au" <sip:172.28.21.100>;party=calling;
screen=yes;privacy=off
Contact: <sip:172.28.21.100:5560;transport=tcp>;video;audio;isFocus;
sip.cisco.multistream;x-cisco-tip;+multiple-codecs-in-ans
From: "7221.company.com.au" <sip:172.28.21.100>;tag=2950560~
3fb53c10-0c98-891d-d84f-6fa87e4135c3-22671423
To: <sip:34IBJumtlZRvmrI5t7WQjMhA@kytec.webex.com>
Max-Forwards: 15
Record-Route: <sip:proxy-call-id=fdbf1c60-62e1-4204-884a-00fe8664ee66@
172.28.21.104:5061;transport=tls;lr>
Record-Route: <sip:proxy-call-id=fdbf1c60-62e1-4204-884a-00fe8664ee66@
172.28.21.104:5060;transport=tcp;lr>
Allow: INVITE,OPTIONS,INFO,BYE,CANCEL,ACK,PRACK,UPDATE,REFER,SUBSCRIBE,NOTIFY
User-Agent: Cisco-CUCM10.5
Expires: 180
Date: Mon, 06 Jul 2015 02:30:04 GMT
Supported: timer,resource-priority,replaces,X-cisco-srtp-fallback,
X-cisco-original-called
Session-Expires: 1800
Min-SE: 1800
Allow-Events: presence
X-TAATag: 4a936c0c-69a7-4fd8-a070-82b7c3ecb3ce
Call-Info: <urn:x-cisco-remotecc:callinfo>;x-cisco-video-traffic-class=DESKTOP
Cisco-Guid: 3882296192-0000065536-0000007914-1679105196
Content-Length: 0
"""

SEED_HOP3_INVITE = """\
INVITE sip:34IBJumtlZRvmrI5t7WQjMhA@company.webex.com SIP/2.0
Via: SIP/2.0/TLS 58.162.48.4:5061;egress-zone=DNSZoneB2B;branch=z9hG4bK6f09b6c9d2
5bf7f92fa25e6f9a336a0b52417.3f21ed7645b445bb8e55e174caa5935c;proxy-call-id=b8fb1
c34-d048-472b-8b41-81c96abb19d1;rport
Via: SIP/2.0/TLS 172.28.21.104:5061;egress-zone=TraversalClientB2B;branch=z9hG4bK
ae647bb81b403d0562281463002ad68a379858.bdfb90811a812d6a11d607f3e17095a1;
proxy-call-id=fdbf1c60-62e1-4204-884a-00fe8664ee66;received=172.28.21.104;rport=
25048;ingress-zone=TraversalServerB2B
Via: SIP/2.0/TCP 172.28.21.100:5560;branch=z9hG4bK11c80762b0b051;received=
172.28.21.100;ingress-zone=CUCMNeighborZoneB2B
Call-ID: e7672380-5991e82c-e0ca3-64151cac@172.28.21.100
CSeq: 101 INVITE
Remote-Party-ID: "7221.company.com.au" <sip:172.28.21.100>;party=calling;screen=
yes;privacy=off
Contact: <sip:172.28.21.100:5560;transport=tcp>;video;audio;isFocus;
sip.cisco.multistream;x-cisco-tip;+multiple-codecs-in-ans
From: "7221.company.com.au" <sip:172.28.21.100>;tag=2950560~
3fb53c10-0c98-891d-d84f-6fa87e4135c3-22671423
To: <sip:34IBJumtlZRvmrI5t7WQjMhA@company.webex.com>
Max-Forwards: 14
Record-Route: <sip:proxy-call-id=b8fb1c34-d048-472b-8b41-81c96abb19d1
@58.162.48.4:5061;transport=tls;lr>
Record-Route: <sip:proxy-call-id=b8fb1c34-d048-472b-8b41-81c96abb19d1
@172.28.21.110:7011;transport=tls;lr>
Record-Route: <sip:proxy-call-id=fdbf1c60-62e1-4204-884a-00fe8664ee66
@172.28.21.104:5061;transport=tls;lr>
Record-Route: <sip:proxy-call-id=fdbf1c60-62e1-4204-884a-00fe8664ee66
@172.28.21.104:5060;transport=tcp;lr>
Allow: INVITE,OPTIONS,INFO,BYE,CANCEL,ACK,PRACK,UPDATE,REFER,SUBSCRIBE,NOTIFY
User-Agent: Cisco-CUCM10.5
Expires: 180
Date: Mon, 06 Jul 2015 02:30:04 GMT
Supported: timer,resource-priority,replaces,X-cisco-srtp-fallback,
X-cisco-original-called
Session-Expires: 1800
Min-SE: 1800
Allow-Events: presence
X-TAATag: 4a936c0c-69a7-4fd8-a070-82b7c3ecb3ce
Call-Info: <urn:x-cisco-remotecc:callinfo>;x-cisco-video-traffic-class=DESKTOP
Cisco-Guid: 3882296192-0000065536-0000007914-1679105196
Content-Length: 0
"""

SEED_HOP3_500 = """\
SIP/2.0 500 Internal Server Error
Via: SIP/2.0/TLS 58.162.48.4:5061;branch=z9hG4bK6f09b6c9d25bf7f92fa25e6f9a336a0b
52417.3f21ed7645b445bb8e55e174caa5935c;rport=25129;egress-zone=DNSZoneB2B;
proxy-call-id=b8fb1c34-d048-472b-8b41-81c96abb19d1
Via: SIP/2.0/TLS 172.28.21.104:5061;branch=z9hG4bKae647bb81b403d0562281463002ad6
8a379858.bdfb90811a812d6a11d607f3e17095a1;rport=25048;egress-zone=
TraversalClientB2B;proxy-call-id=fdbf1c60-62e1-4204-884a-00fe8664ee66;received=
172.28.21.104;ingress-zone=TraversalServerB2B
Via: SIP/2.0/TCP 172.28.21.100:5560;branch=z9hG4bK11c80762b0b051;received=
172.28.21.100;ingress-zone=CUCMNeighborZoneB2B
Call-ID: e7672380-5991e82c-e0ca3-64151cac@172.28.21.100
CSeq: 101 INVITE
From: "7221.company.com.au" <sip:172.28.21.100>;tag=2950560~
3fb53c10-0c98-891d-d84f-6fa87e4135c3-22671423
To: "CiscoWebEx" <sip:34IBJumtlZRvmrI5t7WQjMhA@company.webex.com>;
tag=38659d409ccec3f7
Server: TANDBERG/4352 (X8.5.2-b2bua-1.0)
P-Asserted-Identity: "CiscoWebEx" <sip:webex.com>
Warning: 399 114.29.213.174:5071 "Invalid content in far end 200 OK"
Content-Length: 0
"""

_HEADER_START = re.compile(r"^[A-Za-z][A-Za-z0-9-]*: ")


def unwrap(text):
    """Join the document's ~80-column wraps: a line that does not start a
    header continues the previous one, with nothing in between (every wrap in
    the seed falls inside a token or parameter list)."""
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
        out = [self.start]
        for n, v in self.headers[:-1]:
            out.append("%s: %s" % (n, v))
        out.append("Content-Length: %d" % len(self.body))
        return ("\r\n".join(out) + "\r\n\r\n").encode("ascii") + self.body


def sip_date(ts_ns):
    """RFC 1123 date for a Date header from a capture time (seconds
    truncated), spelled in English whatever the locale."""
    t = time.gmtime(ts_ns // 10**9)
    return "%s, %02d %s %04d %02d:%02d:%02d GMT" % (
        ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[t.tm_wday], t.tm_mday,
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
         "Dec")[t.tm_mon - 1], t.tm_year, t.tm_hour, t.tm_min, t.tm_sec)


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


def strip_via_params(via, names):
    head, *params = via.split(";")
    return ";".join([head] + [p for p in params if p.split("=", 1)[0] not in names])


def set_rport(via, port):
    """RFC 3581: the server fills in rport when the request asked for it."""
    head, *params = via.split(";")
    return ";".join([head] + ["rport=%d" % port if p == "rport" else p for p in params])


# ---- Expressway acting as a proxy -----------------------------------------

class ExpresswayProxy:
    """What an Expressway (C or E) does to a request it proxies, as the seed
    shows it: annotate the received top Via (received=, rport=, ingress-zone=),
    push its own Via, cap Max-Forwards at the zone hop count (15), and on an
    initial INVITE double-Record-Route (outgoing side first). In-dialog
    requests (re-INVITE included: its dialog's route set is already fixed,
    RFC 3261 12.2) have its own Route entries popped instead.

    A call's requests in the reverse direction (from the callee toward CUCM)
    leave the Expressway on the other side: model that with a second instance
    with the same proxy-call-id, the other sent-by and the zones swapped."""

    def __init__(self, sent_by, transport, egress_zone, ingress_zone, proxy_call_id,
                 record_route):
        self.sent_by = sent_by
        self.transport = transport
        self.egress_zone = egress_zone
        self.ingress_zone = ingress_zone
        self.proxy_call_id = proxy_call_id
        self.record_route = record_route      # ["host:port;transport=x", ...] top first

    def via(self, branch):
        return "SIP/2.0/%s %s;egress-zone=%s;branch=%s;proxy-call-id=%s;rport" % (
            self.transport, self.sent_by, self.egress_zone, branch, self.proxy_call_id)

    def rr_uris(self):
        return ["<sip:proxy-call-id=%s@%s;lr>" % (self.proxy_call_id, hp)
                for hp in self.record_route]

    def annotate(self, via, src):
        head, *params = via.split(";")
        if "rport" in params:
            i = params.index("rport")
            params[i:i + 1] = ["received=%s" % src[0], "rport=%d" % src[1]]
        else:
            params.append("received=%s" % src[0])
        params.append("ingress-zone=%s" % self.ingress_zone)
        return ";".join([head] + params)

    def forward(self, req, src, branch, pop_routes=0):
        out = req.copy()
        vias = out.get_all("Via")
        first = out.index("Via")
        out.remove_all("Via")
        for i, v in enumerate([self.via(branch), self.annotate(vias[0], src)] + vias[1:]):
            out.insert(first + i, "Via", v)
        out.set("Max-Forwards", str(min(int(out.get("Max-Forwards")) - 1, 15)))
        for _ in range(pop_routes):
            out.remove_first("Route")
        if out.method == "INVITE" and ";tag=" not in out.get("To"):
            pos = out.index("Record-Route")
            if pos is None:
                pos = out.index("Max-Forwards") + 1
            for i, uri in enumerate(self.rr_uris()):
                out.insert(pos + i, "Record-Route", uri)
        return out


def relay_response(resp):
    """A proxy relays a response upstream: it removes its own (top) Via."""
    out = resp.copy()
    out.remove_first("Via")
    return out


def response_to(req_as_received, status, reason, to_tag=None, src_port=None,
                headers=(), body=b"", contact=None, record_route=True):
    """A response generated by the element that received *req_as_received*
    (the request with the Vias as this element saw them)."""
    vias = req_as_received.get_all("Via")
    if src_port is not None:
        vias = [set_rport(vias[0], src_port)] + vias[1:]
    h = [("Via", v) for v in vias]
    h += [("Call-ID", req_as_received.get("Call-ID")),
          ("CSeq", req_as_received.get("CSeq")),
          ("From", req_as_received.get("From"))]
    to = req_as_received.get("To")
    if to_tag and ";tag=" not in to:
        to = "%s;tag=%s" % (to, to_tag)
    h.append(("To", to))
    if contact:
        h.append(("Contact", contact))
    if record_route and status != 100:
        h += [("Record-Route", rr) for rr in req_as_received.get_all("Record-Route")]
    h += list(headers)
    if body:
        h.append(("Content-Type", "application/sdp"))
    h.append(("Content-Length", "0"))
    return SipMessage("SIP/2.0 %d %s" % (status, reason), h, body)


def ack_for_non2xx(invite_as_sent, resp):
    """RFC 3261 17.1.1.3: the client transaction's ACK to a non-2xx final
    response: same Request-URI, top Via only (same branch), Call-ID, From and
    CSeq number as its INVITE, To from the response."""
    cseq = invite_as_sent.get("CSeq").split(" ")[0]
    h = [("Via", invite_as_sent.get_all("Via")[0]),
         ("Call-ID", invite_as_sent.get("Call-ID")),
         ("CSeq", "%s ACK" % cseq),
         ("From", invite_as_sent.get("From")),
         ("To", resp.get("To")),
         ("Max-Forwards", "70")]
    h += [("Route", r) for r in invite_as_sent.get_all("Route")]
    h.append(("Content-Length", "0"))
    return SipMessage("ACK %s SIP/2.0" % invite_as_sent.ruri, h)


def cancel_for(invite_as_sent):
    """RFC 3261 9.1: CANCEL: same Request-URI, top Via, Call-ID, From, To and
    CSeq number as the INVITE it cancels."""
    cseq = invite_as_sent.get("CSeq").split(" ")[0]
    h = [("Via", invite_as_sent.get_all("Via")[0]),
         ("Call-ID", invite_as_sent.get("Call-ID")),
         ("CSeq", "%s CANCEL" % cseq),
         ("From", invite_as_sent.get("From")),
         ("To", invite_as_sent.get("To")),
         ("Max-Forwards", "70")]
    h += [("Route", r) for r in invite_as_sent.get_all("Route")]
    h.append(("Content-Length", "0"))
    return SipMessage("CANCEL %s SIP/2.0" % invite_as_sent.ruri, h)


def in_dialog_request(method, cseq, final_2xx, via, user_agent, body=b"", extra=()):
    """A UAC's request inside the dialog its INVITE's 2xx created: Request-URI
    the remote Contact, Route set the 2xx's Record-Route reversed."""
    contact = final_2xx.get("Contact")
    target = contact[contact.index("<") + 1:contact.index(">")]
    h = [("Via", via),
         ("Call-ID", final_2xx.get("Call-ID")),
         ("CSeq", "%d %s" % (cseq, method)),
         ("From", final_2xx.get("From")),
         ("To", final_2xx.get("To")),
         ("Max-Forwards", "70")]
    h += [("Route", rr) for rr in reversed(final_2xx.get_all("Record-Route"))]
    h.append(("User-Agent", user_agent))
    h += list(extra)
    if body:
        h.append(("Content-Type", "application/sdp"))
    h.append(("Content-Length", "0"))
    return SipMessage("%s %s SIP/2.0" % (method, target), h, body)


def dialog_request(method, cseq, *, target, routes, via, call_id, from_, to, user_agent,
                   contact=None, body=b"", extra=()):
    """A request inside an established dialog from either end (RFC 3261
    12.2.1.1): Request-URI the remote target, Route the route set (the
    callee's is the Record-Route list in order, the caller's reversed)."""
    h = [("Via", via)]
    h += [("Route", r) for r in routes]
    h += [("Call-ID", call_id),
          ("CSeq", "%d %s" % (cseq, method)),
          ("From", from_),
          ("To", to)]
    if contact:
        h.append(("Contact", contact))
    h += [("Max-Forwards", "70"), ("User-Agent", user_agent)]
    h += list(extra)
    if body:
        h.append(("Content-Type", "application/sdp"))
    h.append(("Content-Length", "0"))
    return SipMessage("%s %s SIP/2.0" % (method, target), h, body)


def uri_of(name_addr):
    return name_addr[name_addr.index("<") + 1:name_addr.index(">")]


# ---- CUCM's INVITE ---------------------------------------------------------

CUCM = "172.28.21.100"
EXPC = "172.28.21.104"
EXPE_IN = "172.28.21.110"
EXPE_OUT = "172.28.252.1"
EXPE_PUBLIC = "58.162.48.4"    # Expressway-E's NATed public address (its Vias say so)
WEBEX = "114.29.213.174"       # the Webex node named in the seed's Warning header
PARTNER_SBC = "203.0.113.50"
ROOM = "172.28.21.130"         # a video endpoint registered to Expressway-C

# The seed's hop 3 and the 500 use TLS on 5061; Wireshark would try to decrypt
# anything on 5061, so the cleartext ("decrypted") SIP of the TLS legs is sent
# over TCP port 5060 instead. Via headers still say SIP/2.0/TLS ...:5061.
WEBEX_PORT = 5060

# Webex's Warning in the seed's 500, reused where a scenario has Webex fail the same way.
SEED_WARNING = '399 114.29.213.174:5071 "Invalid content in far end 200 OK"'

CUCM_ALLOW = "INVITE,OPTIONS,INFO,BYE,CANCEL,ACK,PRACK,UPDATE,REFER,SUBSCRIBE,NOTIFY"
CUCM_SUPPORTED = "timer,resource-priority,replaces,X-cisco-srtp-fallback,X-cisco-original-called"


def cucm_invite(*, ruri, via, call_id, from_tag, to, date, guid, taatag=None,
                contact="<sip:172.28.21.100:5560;transport=tcp>;video;audio;isFocus;"
                        "sip.cisco.multistream;x-cisco-tip;+multiple-codecs-in-ans",
                calling="7221.company.com.au", body=b"", session_id=None, full=True,
                supported=CUCM_SUPPORTED):
    """CUCM 10.5's INVITE on its SIP trunk, header for header as in the seed.
    full=False leaves out the optional headers (for UDP, to stay well under
    the MTU)."""
    h = [("Via", via),
         ("Call-ID", call_id),
         ("CSeq", "101 INVITE")]
    if full:
        h.append(("Remote-Party-ID", '"%s" <sip:%s>;party=calling;screen=yes;privacy=off'
                  % (calling, CUCM)))
    h += [("Contact", contact),
          ("From", '"%s" <sip:%s>;tag=%s' % (calling, CUCM, from_tag)),
          ("To", to),
          ("Max-Forwards", "70"),
          ("Allow", CUCM_ALLOW),
          ("User-Agent", "Cisco-CUCM10.5")]
    if full:
        h.append(("Expires", "180"))
    h += [("Date", date),
          ("Supported", supported),
          ("Session-Expires", "1800"),
          ("Min-SE", "1800")]
    if full:
        h += [("Allow-Events", "presence"),
              ("X-TAATag", taatag),
              ("Call-Info", "<urn:x-cisco-remotecc:callinfo>;x-cisco-video-traffic-class=DESKTOP")]
    if session_id:
        h.append(("Session-ID", session_id))
    h.append(("Cisco-Guid", guid))
    if body:
        h.append(("Content-Type", "application/sdp"))
    h.append(("Content-Length", "0"))
    return SipMessage("INVITE %s SIP/2.0" % ruri, h, body)


def seed_messages():
    """The seed's hop-2 INVITE, hop-3 INVITE and hop-3 500 (joined), and the
    hop-1 INVITE derived from them. Checks that the Expressway model above
    turns hop 1 into the seed's hop 2 and hop 2 into its hop 3."""
    inv2 = SipMessage.from_text(SEED_HOP2_INVITE)
    inv2.set("To", inv2.get("To").replace("@kytec.webex.com", "@company.webex.com"))
    inv3 = SipMessage.from_text(SEED_HOP3_INVITE)
    r500 = SipMessage.from_text(SEED_HOP3_500)

    # Hop 1: only CUCM's Via (without Expressway-C's annotations),
    # Max-Forwards 70, no Record-Route; everything else as received.
    inv1 = cucm_invite(
        ruri=inv2.ruri,
        via=strip_via_params(inv2.get_all("Via")[1], ("received", "ingress-zone")),
        call_id=inv2.get("Call-ID"),
        from_tag=inv2.get("From").split(";tag=")[1],
        to=inv2.get("To"), date=inv2.get("Date"),
        taatag=inv2.get("X-TAATag"), guid=inv2.get("Cisco-Guid"))
    assert inv1.get("Via") == "SIP/2.0/TCP 172.28.21.100:5560;branch=z9hG4bK11c80762b0b051"

    expc, expe = seed_proxies()
    top2 = dict(p.split("=", 1) for p in inv2.get_all("Via")[0].split(";")[1:] if "=" in p)
    top3 = dict(p.split("=", 1) for p in inv3.get_all("Via")[0].split(";")[1:] if "=" in p)
    assert expc.forward(inv1, (CUCM, 5560), top2["branch"]).encode() == inv2.encode()
    assert expe.forward(inv2, (EXPC, 25048), top3["branch"]).encode() == inv3.encode()
    return inv1, inv2, inv3, r500


def seed_proxies(expc_pcid="fdbf1c60-62e1-4204-884a-00fe8664ee66",
                 expe_pcid="b8fb1c34-d048-472b-8b41-81c96abb19d1"):
    expc = ExpresswayProxy("172.28.21.104:5061", "TLS", "TraversalClientB2B",
                           "CUCMNeighborZoneB2B", expc_pcid,
                           ["172.28.21.104:5061;transport=tls", "172.28.21.104:5060;transport=tcp"])
    expe = ExpresswayProxy(EXPE_PUBLIC + ":5061", "TLS", "DNSZoneB2B", "TraversalServerB2B",
                           expe_pcid,
                           [EXPE_PUBLIC + ":5061;transport=tls", "172.28.21.110:7011;transport=tls"])
    return expc, expe


def expc_branch(label):
    return "z9hG4bK%s.%s" % (hexid(label + "/a", 32), hexid(label + "/b", 32))


# ---- SDP -------------------------------------------------------------------

def sdp(lines):
    return ("\r\n".join(lines) + "\r\n").encode("ascii")


def cucm_offer_audio_video(sess_id, media_ip):
    return sdp([
        "v=0",
        "o=CiscoSystemsCCM-SIP %d 1 IN IP4 %s" % (sess_id, CUCM),
        "s=SIP Call",
        "c=IN IP4 %s" % media_ip,
        "b=AS:6000",
        "t=0 0",
        "m=audio 24580 RTP/AVP 114 9 0 8 101",
        "b=TIAS:64000",
        "a=rtpmap:114 opus/48000/2",
        "a=fmtp:114 maxplaybackrate=16000;sprop-maxcapturerate=16000;"
        "maxaveragebitrate=64000;stereo=0;sprop-stereo=0;usedtx=0",
        "a=rtpmap:9 G722/8000",
        "a=rtpmap:0 PCMU/8000",
        "a=rtpmap:8 PCMA/8000",
        "a=rtpmap:101 telephone-event/8000",
        "a=fmtp:101 0-15",
        "a=sendrecv",
        "m=video 24582 RTP/AVP 126 97",
        "b=TIAS:6000000",
        "a=rtpmap:126 H264/90000",
        "a=fmtp:126 profile-level-id=428016;packetization-mode=1;max-mbps=245000;max-fs=8160",
        "a=rtpmap:97 H264/90000",
        "a=fmtp:97 profile-level-id=428016;packetization-mode=0;max-mbps=245000;max-fs=8160",
        "a=rtcp-fb:* nack pli",
        "a=sendrecv",
        "a=content:main",
    ])


def cucm_answer_audio_video(sess_id, media_ip):
    return sdp([
        "v=0",
        "o=CiscoSystemsCCM-SIP %d 1 IN IP4 %s" % (sess_id, CUCM),
        "s=SIP Call",
        "c=IN IP4 %s" % media_ip,
        "b=AS:4000",
        "t=0 0",
        "m=audio 24590 RTP/AVP 9 101",
        "a=rtpmap:9 G722/8000",
        "a=rtpmap:101 telephone-event/8000",
        "a=fmtp:101 0-15",
        "a=sendrecv",
        "m=video 24592 RTP/AVP 126",
        "b=TIAS:4000000",
        "a=rtpmap:126 H264/90000",
        "a=fmtp:126 profile-level-id=428016;packetization-mode=1;max-mbps=245000;max-fs=8160",
        "a=sendrecv",
    ])


def sdp_version(body, version):
    """The same session description with o='s version set (RFC 3264 8: a
    new offer in the session increments it)."""
    return re.sub(rb"^(o=\S+ \S+ )\d+ ", rb"\g<1>%d " % version, body, count=1, flags=re.M)


def far_end_sdp(origin, sess_id, media_ip, audio_pt, video=True):
    """An answer (to an offer) or an offer (in a 2xx to a delayed offer)."""
    audio_map = {114: ["a=rtpmap:114 opus/48000/2",
                       "a=fmtp:114 maxplaybackrate=16000;sprop-maxcapturerate=16000;"
                       "maxaveragebitrate=64000;stereo=0;sprop-stereo=0;usedtx=0"],
                 9: ["a=rtpmap:9 G722/8000"]}
    lines = ["v=0",
             "o=%s %d 1 IN IP4 %s" % (origin, sess_id, media_ip),
             "s=-",
             "c=IN IP4 %s" % media_ip,
             "b=AS:4000",
             "t=0 0",
             "m=audio 52004 RTP/AVP %d 101" % audio_pt]
    lines += audio_map[audio_pt]
    lines += ["a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-15", "a=sendrecv"]
    if video:
        lines += ["m=video 52006 RTP/AVP 126",
                  "b=TIAS:4000000",
                  "a=rtpmap:126 H264/90000",
                  "a=fmtp:126 profile-level-id=428016;packetization-mode=1;"
                  "max-mbps=245000;max-fs=8160",
                  "a=rtcp-fb:* nack pli",
                  "a=sendrecv",
                  "a=content:main"]
    return sdp(lines)


# --------------------------------------------------------------------------
# 4. Scenario model and expected verdicts
# --------------------------------------------------------------------------

EXPECTED_COLUMNS = ["frame", "msg", "call", "hop", "offer", "eo_required", "invite",
                    "final", "status", "origin", "origin_hop", "dup_of", "experts", "class"]
# Captures that model SDP roles have an "sdp" column, before "experts" (the
# test harness finds columns by their header name).
EXPECTED_COLUMNS_SDP = EXPECTED_COLUMNS[:-2] + ["sdp", "experts", "class"]


class Call:
    def __init__(self, number):
        self.number = number


class Txn:
    """A transaction on one hop: an INVITE transaction (with its responses
    and its ACK, 2xx ACK included) or a BYE/CANCEL/PRACK transaction. A
    PRACK names the INVITE transaction whose reliable 18x it acknowledges
    (invite=), for the offer/answer model."""

    def __init__(self, call, hop, method, offer="", eo_required=None, invite=None):
        assert method in ("INVITE", "BYE", "CANCEL", "PRACK")
        assert (method == "INVITE") == (offer in ("early", "delayed"))
        assert (method == "PRACK") == (invite is not None)
        self.invite = invite
        self.call = call
        self.hop = hop
        self.method = method
        self.offer = offer
        self.eo_required = eo_required
        self.request = None       # first sighting of the request
        self.final = None         # first sighting of the final response
        self.cancelled = False    # a CANCEL for this INVITE was sent

    def msg(self, label, **kw):
        return Sighting(self, label, **kw)


class Sighting:
    """One SIP message in one frame, and what the scenario knows about it.

    failure: for a failure response, "origin" when this hop's response is
             where the failure started, or the origin's Sighting when relayed.
    cls:     with failure="origin", the failure class the scenario shows
             (siphop.failure_class: "delayed-offer", "busy", "unavailable" ...).
    dup:     (first Sighting, "retransmission" | "copy") for a repeat.
    """

    def __init__(self, txn, label, failure=None, dup=None, hop_missing=False, cls=None):
        assert (failure == "origin") == (cls is not None)
        self.txn = txn
        self.label = label
        self.failure = failure
        self.cls = cls
        self.dup = dup
        self.hop_missing = hop_missing
        self.frame = None
        # Set when sent (Capture.tcp/udp): the message carries an SDP body;
        # a provisional response is reliable (RFC 3262: RSeq).
        self.has_sdp = None
        self.reliable = False

    @property
    def is_request(self):
        return not self.label.isdigit()

    @property
    def status(self):
        return int(self.label) if self.label.isdigit() else None

    def first(self):
        return self.dup[0] if self.dup else self

    def duplicate(self, kind):
        assert kind in ("retransmission", "copy")
        return Sighting(self.txn, self.label, failure=self.failure,
                        dup=(self.first(), kind), hop_missing=False, cls=self.cls)


class Capture:
    def __init__(self, name, points, summary, verdicts, tshark_options=(), sdp_column=False):
        self.name = name
        self.columns = EXPECTED_COLUMNS_SDP if sdp_column else EXPECTED_COLUMNS
        self.summary = summary
        self.verdicts = verdicts
        # (comment, [argument, ...]) for <name>.options: what tshark needs to
        # read this capture as the .expected file describes it.
        self.tshark_options = tshark_options
        self.writer = PcapngWriter("siphop tests/captures/gen-test-captures.py")
        for pname, pdesc in points:
            self.writer.add_interface(pname, pdesc)
        self.net = Network(name)
        self.calls = []
        self.frames = 0
        self.rows = []            # Sightings in frame and message order
        self._last_ts = 0

    def call(self):
        c = Call(len(self.calls) + 1)
        self.calls.append(c)
        return c

    def emit(self, point, when, data, sightings):
        assert when >= self._last_ts, "frames must be in time order"
        self._last_ts = when
        self.writer.add_packet(point, when, data)
        self.frames += 1
        for s in sightings:
            assert s.frame is None
            s.frame = self.frames
            t = s.txn
            if not s.dup:
                if s.is_request and s.label == t.method:
                    assert t.request is None
                    t.request = s
                elif s.status is not None and s.status >= 200 and t.final is None:
                    t.final = s
            self.rows.append(s)
        return data

    @staticmethod
    def _note_body(msg, sighting):
        sighting.has_sdp = bool(msg.body)
        sighting.reliable = msg.has("RSeq")

    def tcp(self, conn, from_client, when, items, point=0):
        """items: [(SipMessage, Sighting), ...] sent in one TCP segment."""
        for m, s in items:
            self._note_body(m, s)
        payload = b"".join(m.encode() for m, _ in items)
        return self.emit(point, when, conn.segment(from_client, payload), [s for _, s in items])

    def udp(self, src, dst, when, msg, sighting, point=0):
        self._note_body(msg, sighting)
        return self.emit(point, when, udp_frame(self.net, src, dst, msg.encode()), [sighting])

    def copy(self, point, when, data, sightings):
        """The same frame seen again (another capture point, same bytes)."""
        for s in sightings:
            s.has_sdp, s.reliable = s.first().has_sdp, s.first().reliable
        return self.emit(point, when, data, sightings)

    # ---- offer/answer (RFC 3261 13.2.1, RFC 3262 5, RFC 3264, RFC 6337 2)

    def sdp_roles(self):
        """{Sighting: (role, [expert, ...])} for first sightings, in frame
        order, per INVITE transaction (hop leg):
          - INVITE with SDP: offer (early offer);
          - delayed offer: the offer is in the first reliable non-failure
            response with SDP (reliable 18x or 2xx); an unreliable 18x's
            SDP before it is a preview; the answer is in the PRACK (offer
            in a reliable 18x) or the 2xx ACK (offer in the 2xx);
          - early offer: the answer is in the first reliable 18x or 2xx with
            SDP; an unreliable 18x's SDP before it is a preview;
          - any later SDP of the transaction (its PRACKs included): extra;
          - offer_missing: 2xx without SDP to a delayed offer with no offer
            yet; answer_missing: 2xx ACK without SDP while the callee's
            offer is unanswered.
        Failure responses and non-INVITE transactions carry no role."""
        state = {}       # INVITE Txn -> {"offer": "uac"|"uas"|None, "answered": bool}
        out = {}
        for s in self.rows:
            if s.dup:
                continue
            t = s.txn
            inv = t if t.method == "INVITE" else t.invite
            role, experts = "", []
            if inv is None:
                assert not s.has_sdp, "SDP outside an INVITE transaction is not modelled"
                out[s] = (role, experts)
                continue
            st = state.setdefault(inv, {"offer": None, "answered": False})
            status = s.status
            if t.method == "PRACK":
                if s.label == "PRACK" and s.has_sdp:
                    if st["offer"] == "uas" and not st["answered"]:
                        role, st["answered"] = "answer", True
                    else:
                        role = "extra"
                else:
                    assert not s.has_sdp
            elif s.label == "INVITE":
                if s.has_sdp:
                    role, st["offer"] = "offer", "uac"
            elif status is not None and 100 < status < 200:
                if s.has_sdp:
                    pending = st["offer"] is None or (st["offer"] == "uac" and not st["answered"])
                    if not pending:
                        role = "extra"
                    elif not s.reliable:
                        role = "preview"
                    elif st["offer"] is None:
                        role, st["offer"] = "offer", "uas"
                    else:
                        role, st["answered"] = "answer", True
            elif status is not None and 200 <= status < 300:
                if s.has_sdp:
                    if st["offer"] is None:
                        role, st["offer"] = "offer", "uas"
                    elif st["offer"] == "uac" and not st["answered"]:
                        role, st["answered"] = "answer", True
                    else:
                        role = "extra"
                elif st["offer"] is None:
                    experts.append("offer_missing")
            elif s.label == "ACK" and t.final is not None and 200 <= t.final.status < 300:
                if s.has_sdp:
                    if st["offer"] == "uas" and not st["answered"]:
                        role, st["answered"] = "answer", True
                    else:
                        role = "extra"
                elif st["offer"] == "uas" and not st["answered"]:
                    experts.append("answer_missing")
            else:
                assert not s.has_sdp, "SDP in a %s is not modelled" % s.label
            out[s] = (role, experts)
        return out

    # ---- expected verdicts

    def expected_rows(self):
        out = []
        sdp = self.sdp_roles()
        for s in self.rows:
            t = s.txn
            first = s.first()
            inv_txn = t.method == "INVITE"
            is_invite = s.label == "INVITE"
            row = dict.fromkeys(self.columns, "")
            row["frame"] = s.frame
            row["msg"] = s.label
            row["call"] = t.call.number
            row["hop"] = t.hop
            if inv_txn:
                row["offer"] = t.offer
                row["eo_required"] = int(bool(t.eo_required))
                if not (is_invite and not s.dup):
                    row["invite"] = t.request.frame
            if is_invite:
                assert t.final is not None, "INVITE without final response"
                row["final"] = t.final.frame
                row["status"] = t.final.status
            status = s.status
            if status is not None and status >= 400:
                if status == 487 and t.cancelled:
                    assert s.failure is None
                    row["class"] = "cancelled"
                else:
                    assert s.failure is not None, "failure response without origin"
                    origin = first if s.failure == "origin" else s.failure.first()
                    row["origin"] = origin.frame
                    row["origin_hop"] = origin.txn.hop
                    row["class"] = origin.cls
            else:
                assert s.failure is None
            experts = []
            if s.dup:
                row["dup_of"] = s.dup[0].frame
                experts.append(s.dup[1])
            else:
                if is_invite and t.offer == "delayed":
                    experts.append("delayed_offer")
                    if t.eo_required:
                        experts.append("delayed_offer_eo_required")
                if s.failure == "origin":
                    experts.append("failure_origin")
                    experts.append("failure." + s.cls.replace("-", "_"))
                elif s.failure is not None:
                    experts.append("failure_relayed")
                if s.hop_missing:
                    experts.append("hop_missing")
                experts += sdp[s][1]
            role = sdp[first][0]
            if "sdp" in row:
                row["sdp"] = role
            row["experts"] = ",".join(sorted(experts))
            out.append(row)
        return out

    def expected_text(self):
        lines = ["\t".join(self.columns)]
        for row in self.expected_rows():
            lines.append("\t".join(str(row[c]) for c in self.columns))
        return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# 5. The captures
# --------------------------------------------------------------------------

SPAN_ALL = ("dc-span", "SPAN of the CUCM, Expressway-C and Expressway-E links "
                       "(TLS legs shown decrypted)")


def seed_call_events():
    """Every message of the seed call on its three hops, in sending order:
    [(hop, sent_by_client, time_ns, SipMessage)]. Hop-2 INVITE, hop-3 INVITE
    and the 500 are the seed's, at the seed log's times; the rest is built
    around them."""
    inv1, inv2, inv3, r500_3 = seed_messages()
    expc, _ = seed_proxies()
    # A response copies the request's Vias as its sender received them (with
    # the receiving Expressway's annotations on the top one).
    inv1_rcvd = inv1.copy()
    inv1_rcvd.set("Via", expc.annotate(inv1.get("Via"), (CUCM, 5560)))
    inv2_rcvd = inv3.copy()      # Exp-E's view of hop 2 = hop 3 without its own Via
    inv2_rcvd.remove_first("Via")
    tandberg_c = ("Server", "TANDBERG/4352 (X8.5.2)")
    trying1 = response_to(inv1_rcvd, 100, "Trying", headers=[tandberg_c])
    trying2 = response_to(inv2_rcvd, 100, "Trying", headers=[tandberg_c])
    trying3 = response_to(inv3, 100, "Trying",
                          headers=[("Server", "TANDBERG/4352 (X8.5.2-b2bua-1.0)")])
    # Webex echoes the Vias its own way: take them from the seed's 500.
    trying3.remove_all("Via")
    for i, v in enumerate(r500_3.get_all("Via")):
        trying3.insert(i, "Via", v)
    r500_2 = relay_response(r500_3)
    r500_1 = relay_response(r500_2)
    day = "2015-07-06 "
    return [
        (1, True, ts(day + "02:30:03.012410"), inv1),
        (1, False, ts(day + "02:30:03.013825"), trying1),
        (2, True, ts(day + "02:30:03.027"), inv2),
        (2, False, ts(day + "02:30:03.029310"), trying2),
        (3, True, ts(day + "02:30:03.758"), inv3),
        (3, False, ts(day + "02:30:03.941207"), trying3),
        (3, False, ts(day + "02:30:04.887"), r500_3),
        (3, True, ts(day + "02:30:04.888154"), ack_for_non2xx(inv3, r500_3)),
        (2, False, ts(day + "02:30:04.889030"), r500_2),
        (2, True, ts(day + "02:30:04.890871"), ack_for_non2xx(inv2, r500_2)),
        (1, False, ts(day + "02:30:04.892316"), r500_1),
        (1, True, ts(day + "02:30:04.893905"), ack_for_non2xx(inv1, r500_1)),
    ]


def one_point(hop, sent_by_client):
    return [(0, 0)]


def play_seed_call(cap, hops=(1, 2, 3), labels=None, coalesce_hop3=False,
                   points=one_point):
    """Put the seed call into *cap*: only *hops* (earlier ones then count as
    not captured), only messages whose label is in *labels* (all if None).
    points(hop, sent_by_client) -> [(capture point, time offset ns), ...]:
    the first is the original sighting, the others copies of it.
    coalesce_hop3: Webex's 100 Trying waits and leaves in one TCP segment
    with its 500."""
    conns = {1: TcpConnection(cap.net, (CUCM, 5560), (EXPC, 5060)),
             2: TcpConnection(cap.net, (EXPC, 25048), (EXPE_IN, 7011)),
             3: TcpConnection(cap.net, (EXPE_OUT, 25129), (WEBEX, WEBEX_PORT))}
    call = cap.call()
    txns = {h: Txn(call, h, "INVITE", "delayed", True) for h in hops}
    origin = None
    held = []
    for hop, by_client, when, msg in seed_call_events():
        label = msg.label()
        if hop not in hops or (labels is not None and label not in labels):
            continue
        t = txns[hop]
        if label == "500":
            s = t.msg(label, failure=origin or "origin", cls=None if origin else "delayed-offer")
            origin = origin or s
        else:
            s = t.msg(label, hop_missing=(label == "INVITE" and hop == min(hops) > 1))
        if coalesce_hop3 and hop == 3 and label == "100":
            held.append((msg, s))
            continue
        items = held + [(msg, s)]
        held = []
        first = True
        for point, offset in points(hop, by_client):
            if first:
                data = cap.tcp(conns[hop], by_client, when + offset, items, point=point)
                first = False
            else:
                cap.copy(point, when + offset, data, [x.duplicate("copy") for _, x in items])
    assert not held


def cap_seed_delayed_offer_webex():
    cap = Capture(
        "seed-delayed-offer-webex", [SPAN_ALL],
        "the seed call on all three hops (CUCM -> Exp-C -> Exp-E -> Webex), "
        "delayed offer, 500 from Webex relayed back to CUCM, ACK on each hop",
        "1 call, hops 1-3 linked by the Via chain; every INVITE delayed offer toward "
        "company.webex.com (EO required); hop-3 500 = failure origin (sent by "
        "114.29.213.174, port 5060 here / 5061 in the TLS original, Warning 399 "
        "\"Invalid content in far end 200 OK\"); hop-2 and hop-1 500s relayed, origin = "
        "the hop-3 500's frame (7)")
    play_seed_call(cap)
    return cap


def three_hop_setup(cap, label, far, far_port=WEBEX_PORT, ports=(5560, 25052, 25133)):
    """Connections, proxies and CUCM's INVITE for a CUCM -> Exp-C -> Exp-E ->
    far-end call built with the model (not the seed's text)."""
    net = cap.net
    hop1 = TcpConnection(net, (CUCM, ports[0]), (EXPC, 5060))
    hop2 = TcpConnection(net, (EXPC, ports[1]), (EXPE_IN, 7011))
    hop3 = TcpConnection(net, (EXPE_OUT, ports[2]), (far, far_port))
    expc, expe = seed_proxies(uuid_from(label + "/expc-pcid"), uuid_from(label + "/expe-pcid"))
    return (hop1, hop2, hop3), (expc, expe)


def cap_early_offer_webex_ok():
    cap = Capture(
        "early-offer-webex-ok", [SPAN_ALL],
        "a seed-like call with early offer (audio+video SDP from CUCM carried on every "
        "hop): 100, 180, 200 with SDP answer relayed hop 3 -> 1, 2xx ACK per hop "
        "(Record-Route; 1/2/3 Vias), BYE from CUCM and its 200",
        "1 call, hops 1-3; early offer on every hop (eo_required 1, no delayed-offer "
        "warning); final 200 on each hop; no failure")
    label = "early-offer-webex-ok"
    (hop1, hop2, hop3), (expc, expe) = three_hop_setup(cap, label, WEBEX)
    t0 = ts("2015-07-06 02:41:17.204118")
    user = "34IBJumtlZRvmrI5t7WQjMhA"
    cucm_via = "SIP/2.0/TCP 172.28.21.100:5560;branch=z9hG4bK11c9a3f70d2e44"
    inv1 = cucm_invite(
        ruri="sip:%s@company.webex.com" % user, via=cucm_via,
        call_id="f3a8b100-5991e8d2-e0cb1-64151cac@172.28.21.100",
        from_tag="2950731~3fb53c10-0c98-891d-d84f-6fa87e4135c3-22671590",
        to="<sip:%s@company.webex.com>" % user, date=sip_date(t0),
        taatag="9b1d2e7c-3f40-4d8a-b1c5-0e6f7a8b9c2d",
        guid="4088466688-0000065536-0000007932-1679105196",
        body=cucm_offer_audio_video(2950731, "172.28.21.61"))
    inv2 = expc.forward(inv1, (CUCM, 5560), expc_branch(label + "/inv2"))
    inv3 = expe.forward(inv2, (EXPC, 25052), expc_branch(label + "/inv3"))
    inv1_rcvd = inv1.copy()
    inv1_rcvd.set("Via", expc.annotate(inv1.get("Via"), (CUCM, 5560)))
    inv2_rcvd = inv3.copy()
    inv2_rcvd.remove_first("Via")

    call = cap.call()
    t1, t2, t3 = (Txn(call, h, "INVITE", "early", True) for h in (1, 2, 3))
    tandberg_c = ("Server", "TANDBERG/4352 (X8.5.2)")
    webex_srv = [("Server", "TANDBERG/4352 (X8.5.2-b2bua-1.0)"),
                 ("P-Asserted-Identity", '"CiscoWebEx" <sip:webex.com>')]
    webex_tag = hexid(label + "/webex-tag", 16)
    webex_contact = "<sip:%s@114.29.213.174:5061;transport=tls>" % user
    trying1 = response_to(inv1_rcvd, 100, "Trying", headers=[tandberg_c])
    trying2 = response_to(inv2_rcvd, 100, "Trying", headers=[tandberg_c])
    trying3 = response_to(inv3, 100, "Trying", src_port=25133, headers=webex_srv[:1])
    inv3_named = inv3.copy()
    inv3_named.set("To", '"CiscoWebEx" ' + inv3.get("To"))
    ring3 = response_to(inv3_named, 180, "Ringing", to_tag=webex_tag, src_port=25133,
                        contact=webex_contact, headers=webex_srv)
    ok3 = response_to(inv3_named, 200, "OK", to_tag=webex_tag, src_port=25133,
                      contact=webex_contact,
                      headers=[("Allow", CUCM_ALLOW)] + webex_srv +
                              [("Supported", "timer"), ("Require", "timer"),
                               ("Session-Expires", "1800;refresher=uac")],
                      body=far_end_sdp("TANDBERG", 1437721, "114.29.213.180", 114))
    ring2, ok2 = relay_response(ring3), relay_response(ok3)
    ring1, ok1 = relay_response(ring2), relay_response(ok2)

    # 2xx ACK and BYE: new transactions, routed by the Record-Route set.
    ack1 = in_dialog_request("ACK", 101, ok1,
                             "SIP/2.0/TCP 172.28.21.100:5560;branch=z9hG4bK11ca0e5b8f3a61",
                             "Cisco-CUCM10.5")
    ack2 = expc.forward(ack1, (CUCM, 5560), expc_branch(label + "/ack2"), pop_routes=2)
    ack3 = expe.forward(ack2, (EXPC, 25052), expc_branch(label + "/ack3"), pop_routes=2)
    bye1 = in_dialog_request("BYE", 102, ok1,
                             "SIP/2.0/TCP 172.28.21.100:5560;branch=z9hG4bK11cb77c2d90e18",
                             "Cisco-CUCM10.5", extra=[("Reason", "Q.850;cause=16")])
    bye2 = expc.forward(bye1, (CUCM, 5560), expc_branch(label + "/bye2"), pop_routes=2)
    bye3 = expe.forward(bye2, (EXPC, 25052), expc_branch(label + "/bye3"), pop_routes=2)
    bye3_rcvd = bye3.copy()
    byeok3 = response_to(bye3_rcvd, 200, "OK", src_port=25133, headers=webex_srv)
    byeok2 = relay_response(byeok3)
    byeok1 = relay_response(byeok2)
    b1, b2, b3 = (Txn(call, h, "BYE") for h in (1, 2, 3))

    seq = [
        (hop1, True, 0, inv1, t1, "INVITE"),
        (hop1, False, 1.302, trying1, t1, "100"),
        (hop2, True, 14.650, inv2, t2, "INVITE"),
        (hop2, False, 17.021, trying2, t2, "100"),
        (hop3, True, 731.480, inv3, t3, "INVITE"),
        (hop3, False, 902.113, trying3, t3, "100"),
        (hop3, False, 1510.274, ring3, t3, "180"),
        (hop2, False, 1512.090, ring2, t2, "180"),
        (hop1, False, 1513.877, ring1, t1, "180"),
        (hop3, False, 6821.653, ok3, t3, "200"),
        (hop2, False, 6823.340, ok2, t2, "200"),
        (hop1, False, 6825.118, ok1, t1, "200"),
        (hop1, True, 6839.907, ack1, t1, "ACK"),
        (hop2, True, 6841.662, ack2, t2, "ACK"),
        (hop3, True, 6843.210, ack3, t3, "ACK"),
        (hop1, True, 41207.555, bye1, b1, "BYE"),
        (hop2, True, 41209.318, bye2, b2, "BYE"),
        (hop3, True, 41211.047, bye3, b3, "BYE"),
        (hop3, False, 41398.620, byeok3, b3, "200"),
        (hop2, False, 41400.394, byeok2, b2, "200"),
        (hop1, False, 41402.181, byeok1, b1, "200"),
    ]
    for conn, from_client, off, msg, txn, lab in seq:
        assert msg.label() == lab
        cap.tcp(conn, from_client, t0 + ms(off), [(msg, txn.msg(lab))])
    return cap


def cap_delayed_offer_other_ok():
    cap = Capture(
        "delayed-offer-other-ok", [SPAN_ALL],
        "delayed offer to a non-Webex domain (sip:1234@partner.example.com via CUCM -> "
        "Exp-C -> Exp-E -> partner SBC 203.0.113.50): the 200 carries the SDP offer, the "
        "2xx ACK the SDP answer, on each hop",
        "1 call, hops 1-3; delayed offer on every hop with eo_required 0 (delayed_offer "
        "only, no EO warning); final 200 on each hop; no failure")
    label = "delayed-offer-other-ok"
    (hop1, hop2, hop3), (expc, expe) = three_hop_setup(cap, label, PARTNER_SBC, far_port=5060,
                                                        ports=(5560, 25061, 25140))
    t0 = ts("2015-07-06 03:05:42.318062")
    inv1 = cucm_invite(
        ruri="sip:1234@partner.example.com",
        via="SIP/2.0/TCP 172.28.21.100:5560;branch=z9hG4bK11d04c6a7b1f92",
        call_id="0b7c4e80-5991f0a6-e0cc4-64151cac@172.28.21.100",
        from_tag="2951188~3fb53c10-0c98-891d-d84f-6fa87e4135c3-22672014",
        to="<sip:1234@partner.example.com>", date=sip_date(t0),
        taatag="c2e4a6b8-1d3f-4a5b-9c7d-e8f0a2b4c6d8",
        guid="0192856064-0000065536-0000007951-1679105196")
    inv2 = expc.forward(inv1, (CUCM, 5560), expc_branch(label + "/inv2"))
    inv3 = expe.forward(inv2, (EXPC, 25061), expc_branch(label + "/inv3"))
    inv1_rcvd = inv1.copy()
    inv1_rcvd.set("Via", expc.annotate(inv1.get("Via"), (CUCM, 5560)))
    inv2_rcvd = inv3.copy()
    inv2_rcvd.remove_first("Via")

    call = cap.call()
    t1, t2, t3 = (Txn(call, h, "INVITE", "delayed", False) for h in (1, 2, 3))
    tandberg_c = ("Server", "TANDBERG/4352 (X8.5.2)")
    sbc_srv = [("Server", "Cisco-SIPGateway/IOS-15.6.1.S")]
    sbc_tag = "5A3E1B2C-1F0D"
    sbc_contact = "<sip:1234@203.0.113.50:5060;transport=tcp>"
    trying1 = response_to(inv1_rcvd, 100, "Trying", headers=[tandberg_c])
    trying2 = response_to(inv2_rcvd, 100, "Trying", headers=[tandberg_c])
    trying3 = response_to(inv3, 100, "Trying", src_port=25140, headers=sbc_srv)
    ok3 = response_to(inv3, 200, "OK", to_tag=sbc_tag, src_port=25140, contact=sbc_contact,
                      headers=[("Allow", CUCM_ALLOW)] + sbc_srv +
                              [("Supported", "timer"), ("Require", "timer"),
                               ("Session-Expires", "1800;refresher=uac")],
                      body=far_end_sdp("CiscoSystemsSIP-GW-UserAgent", 7261, "203.0.113.52",
                                       9, video=True))
    ok2 = relay_response(ok3)
    ok1 = relay_response(ok2)
    ack1 = in_dialog_request("ACK", 101, ok1,
                             "SIP/2.0/TCP 172.28.21.100:5560;branch=z9hG4bK11d15e0f2a8c37",
                             "Cisco-CUCM10.5",
                             body=cucm_answer_audio_video(2951188, "172.28.21.61"))
    ack2 = expc.forward(ack1, (CUCM, 5560), expc_branch(label + "/ack2"), pop_routes=2)
    ack3 = expe.forward(ack2, (EXPC, 25061), expc_branch(label + "/ack3"), pop_routes=2)
    seq = [
        (hop1, True, 0, inv1, t1),
        (hop1, False, 1.187, trying1, t1),
        (hop2, True, 13.904, inv2, t2),
        (hop2, False, 16.265, trying2, t2),
        (hop3, True, 702.340, inv3, t3),
        (hop3, False, 731.006, trying3, t3),
        (hop3, False, 4208.715, ok3, t3),
        (hop2, False, 4210.488, ok2, t2),
        (hop1, False, 4212.302, ok1, t1),
        (hop1, True, 4236.950, ack1, t1),
        (hop2, True, 4238.711, ack2, t2),
        (hop3, True, 4240.429, ack3, t3),
    ]
    for conn, from_client, off, msg, txn in seq:
        cap.tcp(conn, from_client, t0 + ms(off), [(msg, txn.msg(msg.label()))])
    return cap


def cap_two_messages_one_segment():
    cap = Capture(
        "two-messages-one-segment", [SPAN_ALL],
        "the seed call, except that Webex's 100 Trying and its 500 arrive in one TCP "
        "segment (frame 6 holds two complete SIP messages)",
        "as seed-delayed-offer-webex; frame 6 gives two rows: the 100 (hop 3) and the "
        "500 (hop 3, failure origin, origin = frame 6); relayed 500s point at frame 6")
    play_seed_call(cap, coalesce_hop3=True)
    return cap


def cap_udp_retransmission():
    cap = Capture(
        "udp-retransmission",
        [("cucm-uplink", "CUCM's uplink (UDP trunk to Expressway-C and its onward leg)")],
        "delayed-offer call over UDP, two hops (CUCM -> Exp-C -> Webex-like host "
        "114.29.213.174): the hop-2 INVITE is retransmitted at +500 ms and +1.5 s before "
        "the 100; the far end's 500 is retransmitted once and the ACK repeated",
        "1 call, one leg per hop (1 and 2); frames 4 and 5 retransmissions of 3; frame 11 "
        "a retransmission of the 500 in 7, frame 12 of the ACK in 8; hop-2 500 = failure "
        "origin, hop-1 500 relayed")
    label = "udp-retransmission"
    t0 = ts("2015-07-06 04:12:09.550731")
    user = "34IBJumtlZRvmrI5t7WQjMhA"
    expc = ExpresswayProxy("172.28.21.104:5060", "UDP", "WebexZone", "CUCMNeighborZone",
                           uuid_from(label + "/expc-pcid"),
                           ["172.28.21.104:5060;transport=udp"])
    inv1 = cucm_invite(
        ruri="sip:%s@company.webex.com" % user,
        via="SIP/2.0/UDP 172.28.21.100:5060;branch=z9hG4bK11e2b8d40c7a15",
        call_id="5d21f880-59920a3e-e0cd7-64151cac@172.28.21.100",
        from_tag="2951402~3fb53c10-0c98-891d-d84f-6fa87e4135c3-22672330",
        to="<sip:%s@company.webex.com>" % user, date=sip_date(t0),
        guid="1562392576-0000065536-0000007977-1679105196",
        contact="<sip:7221@172.28.21.100:5060>", full=False)
    inv2 = expc.forward(inv1, (CUCM, 5060), expc_branch(label + "/inv2"))
    inv1_rcvd = inv1.copy()
    inv1_rcvd.set("Via", expc.annotate(inv1.get("Via"), (CUCM, 5060)))
    call = cap.call()
    t1, t2 = (Txn(call, h, "INVITE", "delayed", True) for h in (1, 2))
    webex_srv = [("Server", "TANDBERG/4352 (X8.5.2-b2bua-1.0)")]
    trying1 = response_to(inv1_rcvd, 100, "Trying", headers=[("Server", "TANDBERG/4352 (X8.5.2)")])
    trying2 = response_to(inv2, 100, "Trying", src_port=5060, headers=webex_srv)
    inv2_named = inv2.copy()
    inv2_named.set("To", '"CiscoWebEx" ' + inv2.get("To"))
    r500_2 = response_to(inv2_named, 500, "Internal Server Error",
                         to_tag=hexid(label + "/webex-tag", 16), src_port=5060,
                         record_route=False,
                         headers=webex_srv + [
                             ("P-Asserted-Identity", '"CiscoWebEx" <sip:webex.com>'),
                             ("Warning", SEED_WARNING)])
    r500_1 = relay_response(r500_2)
    ack2 = ack_for_non2xx(inv2, r500_2)
    ack1 = ack_for_non2xx(inv1, r500_1)
    cucm, expc_ep, webex = (CUCM, 5060), (EXPC, 5060), (WEBEX, 5060)

    s_inv2 = t2.msg("INVITE")
    s500 = t2.msg("500", failure="origin", cls="delayed-offer")
    s_ack2 = t2.msg("ACK")
    cap.udp(cucm, expc_ep, t0, inv1, t1.msg("INVITE"))
    cap.udp(expc_ep, cucm, t0 + ms(1.630), trying1, t1.msg("100"))
    t_inv2 = t0 + ms(9.214)
    cap.udp(expc_ep, webex, t_inv2, inv2, s_inv2)
    cap.udp(expc_ep, webex, t_inv2 + ms(500), inv2, s_inv2.duplicate("retransmission"))
    cap.udp(expc_ep, webex, t_inv2 + ms(1500), inv2, s_inv2.duplicate("retransmission"))
    cap.udp(webex, expc_ep, t_inv2 + ms(1612.408), trying2, t2.msg("100"))
    t500 = t_inv2 + ms(2295.117)
    cap.udp(webex, expc_ep, t500, r500_2, s500)
    cap.udp(expc_ep, webex, t500 + ms(0.871), ack2, s_ack2)
    cap.udp(expc_ep, cucm, t500 + ms(1.544), r500_1, t1.msg("500", failure=s500))
    cap.udp(cucm, expc_ep, t500 + ms(3.020), ack1, t1.msg("ACK"))
    cap.udp(webex, expc_ep, t500 + ms(500), r500_2, s500.duplicate("retransmission"))
    cap.udp(expc_ep, webex, t500 + ms(500.802), ack2, s_ack2.duplicate("retransmission"))
    return cap


def cap_merged_two_points():
    cap = Capture(
        "merged-two-points",
        [("expc-side", "capture on Expressway-C: hop 1 and hop 2"),
         ("expe-side", "capture on Expressway-E: hop 2 and hop 3")],
        "the seed call captured on Exp-C (interface 0, hops 1 and 2) and on Exp-E "
        "(interface 1, hops 2 and 3), merged: every hop-2 message appears twice, identical "
        "bytes, 0.4 ms apart (the sender's side first)",
        "1 call, still 3 hops; the second sighting of each hop-2 message is a copy of the "
        "first (frames 4, 6, 12, 14); hop-3 500 (frame 9) = failure origin, hop-2 500 "
        "(frame 11) and hop-1 500 relayed. With tshark's default TCP preferences the "
        "copies show as [TCP Retransmission] and are not dissected as SIP: read with "
        "-o tcp.analyze_sequence_numbers:FALSE (see merged-two-points.options)",
        tshark_options=(
            "tshark options this capture needs (one argument per line).\n"
            "Both capture points saw the same TCP stream: with sequence analysis on,\n"
            "Wireshark takes the second copy of each segment for a TCP retransmission\n"
            "and never hands it to SIP. Turning the analysis off lets SIP see both.",
            ["-o", "tcp.analyze_sequence_numbers:FALSE"]))
    expc_side, expe_side = 0, 1
    lag = ms(0.4)

    def points(hop, by_client):
        if hop == 1:
            return [(expc_side, 0)]
        if hop == 3:
            return [(expe_side, 0)]
        # Hop 2: the seed log's times are Exp-E's; Exp-C (the client) sent its
        # requests 0.4 ms earlier and got Exp-E's responses 0.4 ms later.
        if by_client:
            return [(expc_side, -lag), (expe_side, 0)]
        return [(expe_side, 0), (expc_side, lag)]

    play_seed_call(cap, points=points)
    return cap


def cap_b2bua_session_id():
    cap = Capture(
        "b2bua-session-id", [SPAN_ALL],
        "Exp-C as a B2BUA: leg A CUCM -> Exp-C (Call-ID A), leg B Exp-C -> Exp-E (new "
        "Call-ID B, 1 Via, same Session-ID local UUID and Cisco-Guid), proxy hop Exp-E -> "
        "Webex (Call-ID B, 2 Vias); delayed offer; Webex's 500 relayed back over both",
        "1 call, hops 1, 2, 3 (hop 2 linked to hop 1 by Session-ID, hop 3 to hop 2 by the "
        "Via chain); delayed offer toward Webex (EO required) on each INVITE; hop-3 500 = "
        "failure origin, hop-2 and hop-1 500s relayed")
    label = "b2bua-session-id"
    t0 = ts("2015-07-06 05:20:31.081446")
    user = "34IBJumtlZRvmrI5t7WQjMhA"
    net = cap.net
    hop1 = TcpConnection(net, (CUCM, 5560), (EXPC, 5060))
    hop2 = TcpConnection(net, (EXPC, 25077), (EXPE_IN, 7011))
    hop3 = TcpConnection(net, (EXPE_OUT, 25158), (WEBEX, WEBEX_PORT))
    local_uuid = hexid(label + "/session-uuid", 32)
    session_id = "%s;remote=%s" % (local_uuid, "0" * 32)
    guid = "2745188224-0000065536-0000008016-1679105196"
    inv1 = cucm_invite(
        ruri="sip:%s@company.webex.com" % user,
        via="SIP/2.0/TCP 172.28.21.100:5560;branch=z9hG4bK11f3c9e51d8b26",
        call_id="8e4f0a00-59921b4c-e0ce2-64151cac@172.28.21.100",
        from_tag="2951655~3fb53c10-0c98-891d-d84f-6fa87e4135c3-22672689",
        to="<sip:%s@company.webex.com>" % user, date=sip_date(t0),
        taatag="e1f3a5c7-2b4d-4e6f-8a0c-1d3e5f7a9b0c", guid=guid, session_id=session_id)
    # Leg B: a new request from Expressway-C's B2BUA.
    callid_b = "%s@172.28.21.104" % hexid(label + "/callid-b", 32)
    inv2 = SipMessage("INVITE sip:%s@company.webex.com SIP/2.0" % user, [
        ("Via", "SIP/2.0/TLS 172.28.21.104:5061;branch=z9hG4bK%s;rport"
         % hexid(label + "/b-branch", 32)),
        ("Call-ID", callid_b),
        ("CSeq", "42721 INVITE"),
        ("Contact", "<sip:7221.company.com.au@172.28.21.104:5061;transport=tls>"),
        ("From", '"7221.company.com.au" <sip:7221.company.com.au@172.28.21.104>;tag=%s'
         % hexid(label + "/b-from-tag", 16)),
        ("To", "<sip:%s@company.webex.com>" % user),
        ("Max-Forwards", "15"),
        ("Allow", CUCM_ALLOW),
        ("User-Agent", "TANDBERG/4352 (X8.5.2)"),
        ("Supported", "timer,replaces"),
        ("Session-Expires", "1800"),
        ("Min-SE", "1800"),
        ("Session-ID", session_id),
        ("Cisco-Guid", guid),
        ("Content-Length", "0")])
    _, expe = seed_proxies(expe_pcid=uuid_from(label + "/expe-pcid"))
    inv3 = expe.forward(inv2, (EXPC, 25077), expc_branch(label + "/inv3"))
    inv2_rcvd = inv3.copy()
    inv2_rcvd.remove_first("Via")

    call = cap.call()
    t1, t2, t3 = (Txn(call, h, "INVITE", "delayed", True) for h in (1, 2, 3))
    tandberg_c = ("Server", "TANDBERG/4352 (X8.5.2)")
    webex_srv = [("Server", "TANDBERG/4352 (X8.5.2-b2bua-1.0)")]
    warning = ("Warning", SEED_WARNING)
    trying1 = response_to(inv1, 100, "Trying", headers=[tandberg_c])
    trying2 = response_to(inv2_rcvd, 100, "Trying", headers=[tandberg_c])
    trying3 = response_to(inv3, 100, "Trying", src_port=25158, headers=webex_srv)
    inv3_named = inv3.copy()
    inv3_named.set("To", '"CiscoWebEx" ' + inv3.get("To"))
    r500_3 = response_to(inv3_named, 500, "Internal Server Error",
                         to_tag=hexid(label + "/webex-tag", 16), src_port=25158,
                         record_route=False,
                         headers=webex_srv + [
                             ("P-Asserted-Identity", '"CiscoWebEx" <sip:webex.com>'), warning])
    r500_2 = relay_response(r500_3)
    # Leg A's 500: the B2BUA's own response, mapping status and Warning.
    r500_1 = response_to(inv1, 500, "Internal Server Error",
                         to_tag=hexid(label + "/a-to-tag", 16), record_route=False,
                         headers=[tandberg_c, warning])
    s500 = t3.msg("500", failure="origin", cls="delayed-offer")
    seq = [
        (hop1, True, 0, inv1, t1.msg("INVITE")),
        (hop1, False, 1.266, trying1, t1.msg("100")),
        (hop2, True, 15.082, inv2, t2.msg("INVITE")),
        (hop2, False, 17.530, trying2, t2.msg("100")),
        (hop3, True, 745.903, inv3, t3.msg("INVITE")),
        (hop3, False, 929.118, trying3, t3.msg("100")),
        (hop3, False, 1874.655, r500_3, s500),
        (hop3, True, 1875.790, ack_for_non2xx(inv3, r500_3), t3.msg("ACK")),
        (hop2, False, 1877.012, r500_2, t2.msg("500", failure=s500)),
        (hop2, True, 1878.841, ack_for_non2xx(inv2, r500_2), t2.msg("ACK")),
        (hop1, False, 1880.407, r500_1, t1.msg("500", failure=s500)),
        (hop1, True, 1882.063, ack_for_non2xx(inv1, r500_1), t1.msg("ACK")),
    ]
    for conn, from_client, off, msg, s in seq:
        assert msg.label() == s.label
        cap.tcp(conn, from_client, t0 + ms(off), [(msg, s)])
    return cap


def cap_seed_hop2_only():
    cap = Capture(
        "seed-hop2-only",
        [("expe-side", "capture on Expressway-E: hop 2 and hop 3")],
        "only the seed's Expressway-E view: hop-2 INVITE (2 Vias), hop-3 INVITE, Webex's "
        "500, the 500 relayed on hop 2; hop 1 not captured",
        "1 call, hops numbered 2 and 3 from the Via count; hop_missing on the hop-2 "
        "INVITE (1 earlier hop not captured); delayed offer toward Webex on both; hop-3 "
        "500 = failure origin, hop-2 500 relayed")
    play_seed_call(cap, hops=(2, 3), labels=("INVITE", "500"))
    return cap


def cap_cancelled_call():
    cap = Capture(
        "cancelled-call", [SPAN_ALL],
        "early-offer INVITE over two hops (CUCM -> Exp-C -> video endpoint 172.28.21.130), "
        "180, CUCM CANCELs on hop 1, Exp-C CANCELs on hop 2, 200 to each CANCEL, 487 on "
        "hop 2 relayed to hop 1, ACKs",
        "1 call, hops 1 and 2; early offer (eo_required 0); final 487 on each hop, a "
        "cancellation: no failure origin, no failure_relayed")
    label = "cancelled-call"
    t0 = ts("2015-07-06 06:02:55.730214")
    net = cap.net
    hop1 = TcpConnection(net, (CUCM, 5560), (EXPC, 5060))
    hop2 = TcpConnection(net, (EXPC, 25093), (ROOM, 5060))
    expc = ExpresswayProxy("172.28.21.104:5060", "TCP", "LocalZone", "CUCMNeighborZoneB2B",
                           uuid_from(label + "/expc-pcid"),
                           ["172.28.21.104:5060;transport=tcp"])
    inv1 = cucm_invite(
        ruri="sip:7300@company.com.au",
        via="SIP/2.0/TCP 172.28.21.100:5560;branch=z9hG4bK1204a7d93c6e51",
        call_id="c61d3f00-59922d1e-e0cf5-64151cac@172.28.21.100",
        from_tag="2951903~3fb53c10-0c98-891d-d84f-6fa87e4135c3-22673047",
        to="<sip:7300@company.com.au>", date=sip_date(t0),
        taatag="f4a6c8e0-3c5e-4f70-9b1d-2e4f6a8c0e1f",
        guid="3323962368-0000065536-0000008058-1679105196",
        body=cucm_offer_audio_video(2951903, "172.28.21.61"))
    inv2 = expc.forward(inv1, (CUCM, 5560), expc_branch(label + "/inv2"))
    inv1_rcvd = inv1.copy()
    inv1_rcvd.set("Via", expc.annotate(inv1.get("Via"), (CUCM, 5560)))
    call = cap.call()
    t1, t2 = (Txn(call, h, "INVITE", "early", False) for h in (1, 2))
    c1, c2 = (Txn(call, h, "CANCEL") for h in (1, 2))
    tandberg_c = ("Server", "TANDBERG/4352 (X8.5.2)")
    room_srv = [("Server", "TANDBERG/529 (ce8.3.0.199465)")]
    room_tag = hexid(label + "/room-tag", 16)
    room_contact = "<sip:7300@172.28.21.130:5060;transport=tcp>"
    trying1 = response_to(inv1_rcvd, 100, "Trying", headers=[tandberg_c])
    trying2 = response_to(inv2, 100, "Trying", src_port=25093, headers=room_srv)
    ring2 = response_to(inv2, 180, "Ringing", to_tag=room_tag, src_port=25093,
                        contact=room_contact, headers=room_srv)
    ring1 = relay_response(ring2)
    cancel1 = cancel_for(inv1)
    cancel1_rcvd = cancel1.copy()
    cancel1_rcvd.set("Via", expc.annotate(cancel1.get("Via"), (CUCM, 5560)))
    cancel_ok1 = response_to(cancel1_rcvd, 200, "OK", to_tag=hexid(label + "/expc-tag", 16),
                             headers=[tandberg_c])
    cancel2 = cancel_for(inv2)
    cancel_ok2 = response_to(cancel2, 200, "OK", to_tag=room_tag, src_port=25093,
                             headers=room_srv)
    r487_2 = response_to(inv2, 487, "Request Terminated", to_tag=room_tag, src_port=25093,
                         record_route=False, headers=room_srv)
    r487_1 = relay_response(r487_2)
    t1.cancelled = t2.cancelled = True
    seq = [
        (hop1, True, 0, inv1, t1),
        (hop1, False, 1.194, trying1, t1),
        (hop2, True, 11.736, inv2, t2),
        (hop2, False, 14.052, trying2, t2),
        (hop2, False, 95.877, ring2, t2),
        (hop1, False, 97.460, ring1, t1),
        (hop1, True, 6415.221, cancel1, c1),
        (hop1, False, 6416.803, cancel_ok1, c1),
        (hop2, True, 6417.990, cancel2, c2),
        (hop2, False, 6429.315, cancel_ok2, c2),
        (hop2, False, 6431.088, r487_2, t2),
        (hop2, True, 6432.560, ack_for_non2xx(inv2, r487_2), t2),
        (hop1, False, 6434.117, r487_1, t1),
        (hop1, True, 6435.702, ack_for_non2xx(inv1, r487_1), t1),
    ]
    for conn, from_client, off, msg, txn in seq:
        cap.tcp(conn, from_client, t0 + ms(off), [(msg, txn.msg(msg.label()))])
    return cap


PARTNER_USER = "1234"
PARTNER_CONTACT = "<sip:1234@203.0.113.50:5060;transport=tcp>"
CUCM_CONTACT = ("<sip:172.28.21.100:5560;transport=tcp>;video;audio;isFocus;"
                "sip.cisco.multistream;x-cisco-tip;+multiple-codecs-in-ans")


def partner_invites(cap, label, t0, ports, *, via, call_id, from_tag, taatag, guid, body=b"",
                    supported=CUCM_SUPPORTED):
    """CUCM -> Exp-C -> Exp-E -> partner SBC (sip:1234@partner.example.com):
    connections, proxies, the INVITE as sent on each hop, and the hop-1 and
    hop-2 INVITEs as their receivers saw them (Vias annotated)."""
    conns, (expc, expe) = three_hop_setup(cap, label, PARTNER_SBC, far_port=5060, ports=ports)
    inv1 = cucm_invite(
        ruri="sip:%s@partner.example.com" % PARTNER_USER, via=via, call_id=call_id,
        from_tag=from_tag, to="<sip:%s@partner.example.com>" % PARTNER_USER,
        date=sip_date(t0), taatag=taatag, guid=guid, body=body, supported=supported)
    inv2 = expc.forward(inv1, (CUCM, ports[0]), expc_branch(label + "/inv2"))
    inv3 = expe.forward(inv2, (EXPC, ports[1]), expc_branch(label + "/inv3"))
    inv1_rcvd = inv1.copy()
    inv1_rcvd.set("Via", expc.annotate(inv1.get("Via"), (CUCM, ports[0])))
    inv2_rcvd = inv3.copy()
    inv2_rcvd.remove_first("Via")
    return conns, (expc, expe), (inv1, inv2, inv3), (inv1_rcvd, inv2_rcvd)


TANDBERG_C = ("Server", "TANDBERG/4352 (X8.5.2)")
SBC_SERVER = [("Server", "Cisco-SIPGateway/IOS-15.6.1.S")]


def cap_busy_partner_early_offer():
    cap = Capture(
        "busy-partner-early-offer", [SPAN_ALL],
        "early-offer call to a non-Webex domain (sip:1234@partner.example.com via CUCM -> "
        "Exp-C -> Exp-E -> partner SBC 203.0.113.50): the SBC answers 486 Busy Here "
        "(Warning 399 and Reason Q.850 cause 17) on hop 3, relayed unchanged as 486 on "
        "hops 2 and 1, ACK on each hop",
        "1 call, hops 1-3; early offer with eo_required 0 (no delayed-offer expert); hop-3 "
        "486 = failure origin (the warning-severity failure_origin: not a delayed offer to "
        "an early-offer-only destination); hop-2 and hop-1 486s relayed, origin = the "
        "hop-3 486's frame (6); sdp column: offer on the INVITEs",
        sdp_column=True)
    label = "busy-partner-early-offer"
    t0 = ts("2015-07-06 03:27:14.602513")
    ports = (5560, 25066, 25147)
    (hop1, hop2, hop3), _, (inv1, inv2, inv3), (inv1_rcvd, inv2_rcvd) = partner_invites(
        cap, label, t0, ports,
        via="SIP/2.0/TCP 172.28.21.100:5560;branch=z9hG4bK11d27a90c4e3b5",
        call_id="2a91d700-5991f5a2-e0cc9-64151cac@172.28.21.100",
        from_tag="2951262~3fb53c10-0c98-891d-d84f-6fa87e4135c3-22672107",
        taatag=uuid_from(label + "/taatag"),
        guid="0714790656-0000065536-0000007956-1679105196",
        body=cucm_offer_audio_video(2951262, "172.28.21.61"))
    call = cap.call()
    t1, t2, t3 = (Txn(call, h, "INVITE", "early", False) for h in (1, 2, 3))
    trying1 = response_to(inv1_rcvd, 100, "Trying", headers=[TANDBERG_C])
    trying2 = response_to(inv2_rcvd, 100, "Trying", headers=[TANDBERG_C])
    trying3 = response_to(inv3, 100, "Trying", src_port=ports[2], headers=SBC_SERVER)
    r486_3 = response_to(inv3, 486, "Busy Here", to_tag="5A41C0E8-2217", src_port=ports[2],
                         record_route=False,
                         headers=SBC_SERVER + [
                             ("Reason", "Q.850;cause=17"),
                             ("Warning", '399 sbc1.partner.example.com "Called party busy"')])
    r486_2 = relay_response(r486_3)
    r486_1 = relay_response(r486_2)
    s486 = t3.msg("486", failure="origin", cls="busy")
    seq = [
        (hop1, True, 0, inv1, t1.msg("INVITE")),
        (hop1, False, 1.241, trying1, t1.msg("100")),
        (hop2, True, 14.116, inv2, t2.msg("INVITE")),
        (hop2, False, 16.508, trying2, t2.msg("100")),
        (hop3, True, 709.822, inv3, t3.msg("INVITE")),
        (hop3, False, 738.470, trying3, t3.msg("100")),
        (hop3, False, 1203.655, r486_3, s486),
        (hop3, True, 1204.713, ack_for_non2xx(inv3, r486_3), t3.msg("ACK")),
        (hop2, False, 1206.389, r486_2, t2.msg("486", failure=s486)),
        (hop2, True, 1208.140, ack_for_non2xx(inv2, r486_2), t2.msg("ACK")),
        (hop1, False, 1209.902, r486_1, t1.msg("486", failure=s486)),
        (hop1, True, 1211.577, ack_for_non2xx(inv1, r486_1), t1.msg("ACK")),
    ]
    for conn, from_client, off, msg, s in seq:
        assert msg.label() == s.label
        cap.tcp(conn, from_client, t0 + ms(off), [(msg, s)])
    assert s486.frame == 7
    return cap


def cap_webex_503_becomes_500():
    cap = Capture(
        "webex-503-becomes-500", [SPAN_ALL],
        "a seed-like delayed-offer call toward company.webex.com (CUCM -> Exp-C -> Exp-E -> "
        "Webex): Webex answers 503 Service Unavailable (Warning 399); Exp-E, as RFC 3261 "
        "16.7 asks of a proxy, does not pass the 503 upstream but relays it as 500 Server "
        "Internal Error (status line changed, everything else as relayed); Exp-C relays "
        "the 500 to CUCM; ACK on each hop",
        "1 call, hops 1-3; delayed offer toward Webex (EO required) on every INVITE; hop-3 "
        "503 (frame 7) = failure origin; hop-2 and hop-1 500s relayed, origin = the 503's "
        "frame (7) and origin_hop 3 although the status changed",
        sdp_column=True)
    label = "webex-503-becomes-500"
    t0 = ts("2015-07-06 03:48:51.270644")
    user = "34IBJumtlZRvmrI5t7WQjMhA"
    ports = (5560, 25070, 25151)
    (hop1, hop2, hop3), (expc, expe) = three_hop_setup(cap, label, WEBEX, ports=ports)
    inv1 = cucm_invite(
        ruri="sip:%s@company.webex.com" % user,
        via="SIP/2.0/TCP 172.28.21.100:5560;branch=z9hG4bK11d39b01f5a6c7",
        call_id="7e05a380-5991fab3-e0cd0-64151cac@172.28.21.100",
        from_tag="2951317~3fb53c10-0c98-891d-d84f-6fa87e4135c3-22672198",
        to="<sip:%s@company.webex.com>" % user, date=sip_date(t0),
        taatag=uuid_from(label + "/taatag"),
        guid="1238630272-0000065536-0000007962-1679105196")
    inv2 = expc.forward(inv1, (CUCM, ports[0]), expc_branch(label + "/inv2"))
    inv3 = expe.forward(inv2, (EXPC, ports[1]), expc_branch(label + "/inv3"))
    inv1_rcvd = inv1.copy()
    inv1_rcvd.set("Via", expc.annotate(inv1.get("Via"), (CUCM, ports[0])))
    inv2_rcvd = inv3.copy()
    inv2_rcvd.remove_first("Via")
    call = cap.call()
    t1, t2, t3 = (Txn(call, h, "INVITE", "delayed", True) for h in (1, 2, 3))
    webex_srv = [("Server", "TANDBERG/4352 (X8.5.2-b2bua-1.0)")]
    trying1 = response_to(inv1_rcvd, 100, "Trying", headers=[TANDBERG_C])
    trying2 = response_to(inv2_rcvd, 100, "Trying", headers=[TANDBERG_C])
    trying3 = response_to(inv3, 100, "Trying", src_port=ports[2], headers=webex_srv)
    inv3_named = inv3.copy()
    inv3_named.set("To", '"CiscoWebEx" ' + inv3.get("To"))
    r503_3 = response_to(inv3_named, 503, "Service Unavailable",
                         to_tag=hexid(label + "/webex-tag", 16), src_port=ports[2],
                         record_route=False,
                         headers=webex_srv + [
                             ("P-Asserted-Identity", '"CiscoWebEx" <sip:webex.com>'),
                             ("Warning", '399 114.29.213.174:5071 "No media resources available"')])
    # Exp-E: a 503 is not forwarded upstream (RFC 3261 16.7 step 6); the
    # response goes up as 500, the rest relayed as usual.
    r500_2 = relay_response(r503_3)
    r500_2.start = "SIP/2.0 500 Internal Server Error"
    r500_1 = relay_response(r500_2)
    s503 = t3.msg("503", failure="origin", cls="unavailable")
    seq = [
        (hop1, True, 0, inv1, t1.msg("INVITE")),
        (hop1, False, 1.318, trying1, t1.msg("100")),
        (hop2, True, 15.207, inv2, t2.msg("INVITE")),
        (hop2, False, 17.644, trying2, t2.msg("100")),
        (hop3, True, 748.361, inv3, t3.msg("INVITE")),
        (hop3, False, 925.027, trying3, t3.msg("100")),
        (hop3, False, 2211.480, r503_3, s503),
        (hop3, True, 2212.615, ack_for_non2xx(inv3, r503_3), t3.msg("ACK")),
        (hop2, False, 2214.092, r500_2, t2.msg("500", failure=s503)),
        (hop2, True, 2215.930, ack_for_non2xx(inv2, r500_2), t2.msg("ACK")),
        (hop1, False, 2217.466, r500_1, t1.msg("500", failure=s503)),
        (hop1, True, 2219.105, ack_for_non2xx(inv1, r500_1), t1.msg("ACK")),
    ]
    for conn, from_client, off, msg, s in seq:
        assert msg.label() == s.label
        cap.tcp(conn, from_client, t0 + ms(off), [(msg, s)])
    assert s503.frame == 7
    return cap


def cap_reliable_18x_prack():
    cap = Capture(
        "reliable-18x-prack", [SPAN_ALL],
        "delayed offer to a non-Webex domain with RFC 3262 reliable provisionals (CUCM "
        "INVITE with Supported: 100rel, no SDP, via Exp-C and Exp-E to partner SBC "
        "203.0.113.50): the SBC's 183 Session Progress (Require: 100rel, RSeq: 1) carries "
        "the SDP offer, relayed to CUCM; CUCM's PRACK (RAck: 1 101 INVITE) carries the SDP "
        "answer, routed by the 183's Record-Route (1/2/3 Vias); 200 to the PRACK (no SDP); "
        "an unreliable 180 (no SDP); 200 to the INVITE without SDP (offer/answer done); "
        "2xx ACK without SDP; BYE from CUCM and its 200",
        "1 call, hops 1-3; delayed offer on every INVITE (eo_required 0); sdp column: offer "
        "on each hop's 183, answer on each hop's PRACK, nothing on the 200s and the ACKs; "
        "no offer_missing on the SDP-less 200s and no answer_missing on the SDP-less ACKs; "
        "PRACK and BYE transactions carry call and hop only",
        sdp_column=True)
    label = "reliable-18x-prack"
    t0 = ts("2015-07-06 04:36:02.915380")
    ports = (5560, 25083, 25164)
    (hop1, hop2, hop3), (expc, expe), (inv1, inv2, inv3), (inv1_rcvd, inv2_rcvd) = \
        partner_invites(
            cap, label, t0, ports,
            via="SIP/2.0/TCP 172.28.21.100:5560;branch=z9hG4bK11e4c7d2a0f813",
            call_id="a3c85200-599205e1-e0cda-64151cac@172.28.21.100",
            from_tag="2951488~3fb53c10-0c98-891d-d84f-6fa87e4135c3-22672451",
            taatag=uuid_from(label + "/taatag"),
            guid="2747421184-0000065536-0000007988-1679105196",
            supported="100rel," + CUCM_SUPPORTED)
    call = cap.call()
    t1, t2, t3 = (Txn(call, h, "INVITE", "delayed", False) for h in (1, 2, 3))
    p1, p2, p3 = (Txn(call, h, "PRACK", invite=t) for h, t in zip((1, 2, 3), (t1, t2, t3)))
    b1, b2, b3 = (Txn(call, h, "BYE") for h in (1, 2, 3))
    sbc_tag = "5A4F2D91-0B6C"
    trying1 = response_to(inv1_rcvd, 100, "Trying", headers=[TANDBERG_C])
    trying2 = response_to(inv2_rcvd, 100, "Trying", headers=[TANDBERG_C])
    trying3 = response_to(inv3, 100, "Trying", src_port=ports[2], headers=SBC_SERVER)
    r183_3 = response_to(inv3, 183, "Session Progress", to_tag=sbc_tag, src_port=ports[2],
                         contact=PARTNER_CONTACT,
                         headers=[("Require", "100rel"), ("RSeq", "1"), ("Allow", CUCM_ALLOW)]
                         + SBC_SERVER,
                         body=far_end_sdp("CiscoSystemsSIP-GW-UserAgent", 7388, "203.0.113.52", 9))
    r183_2 = relay_response(r183_3)
    r183_1 = relay_response(r183_2)
    # PRACK: in the early dialog the reliable 183 set up (RFC 3262 7.1).
    prack1 = in_dialog_request("PRACK", 102, r183_1,
                               "SIP/2.0/TCP 172.28.21.100:5560;branch=z9hG4bK11e4d8e3b1a924",
                               "Cisco-CUCM10.5",
                               body=cucm_answer_audio_video(2951488, "172.28.21.61"),
                               extra=[("RAck", "1 101 INVITE")])
    prack2 = expc.forward(prack1, (CUCM, ports[0]), expc_branch(label + "/prack2"), pop_routes=2)
    prack3 = expe.forward(prack2, (EXPC, ports[1]), expc_branch(label + "/prack3"), pop_routes=2)
    prackok3 = response_to(prack3, 200, "OK", src_port=ports[2], headers=SBC_SERVER)
    prackok2 = relay_response(prackok3)
    prackok1 = relay_response(prackok2)
    ring3 = response_to(inv3, 180, "Ringing", to_tag=sbc_tag, src_port=ports[2],
                        contact=PARTNER_CONTACT, headers=SBC_SERVER)
    ring2 = relay_response(ring3)
    ring1 = relay_response(ring2)
    ok3 = response_to(inv3, 200, "OK", to_tag=sbc_tag, src_port=ports[2], contact=PARTNER_CONTACT,
                      headers=[("Allow", CUCM_ALLOW)] + SBC_SERVER +
                              [("Supported", "timer,100rel"), ("Require", "timer"),
                               ("Session-Expires", "1800;refresher=uac")])
    ok2 = relay_response(ok3)
    ok1 = relay_response(ok2)
    ack1 = in_dialog_request("ACK", 101, ok1,
                             "SIP/2.0/TCP 172.28.21.100:5560;branch=z9hG4bK11e4e9f4c2b035",
                             "Cisco-CUCM10.5")
    ack2 = expc.forward(ack1, (CUCM, ports[0]), expc_branch(label + "/ack2"), pop_routes=2)
    ack3 = expe.forward(ack2, (EXPC, ports[1]), expc_branch(label + "/ack3"), pop_routes=2)
    bye1 = in_dialog_request("BYE", 103, ok1,
                             "SIP/2.0/TCP 172.28.21.100:5560;branch=z9hG4bK11e4fa05d3c146",
                             "Cisco-CUCM10.5", extra=[("Reason", "Q.850;cause=16")])
    bye2 = expc.forward(bye1, (CUCM, ports[0]), expc_branch(label + "/bye2"), pop_routes=2)
    bye3 = expe.forward(bye2, (EXPC, ports[1]), expc_branch(label + "/bye3"), pop_routes=2)
    byeok3 = response_to(bye3, 200, "OK", src_port=ports[2], headers=SBC_SERVER)
    byeok2 = relay_response(byeok3)
    byeok1 = relay_response(byeok2)
    seq = [
        (hop1, True, 0, inv1, t1),
        (hop1, False, 1.205, trying1, t1),
        (hop2, True, 13.870, inv2, t2),
        (hop2, False, 16.342, trying2, t2),
        (hop3, True, 705.118, inv3, t3),
        (hop3, False, 733.604, trying3, t3),
        (hop3, False, 1387.251, r183_3, t3),
        (hop2, False, 1389.017, r183_2, t2),
        (hop1, False, 1390.826, r183_1, t1),
        (hop1, True, 1412.530, prack1, p1),
        (hop2, True, 1414.281, prack2, p2),
        (hop3, True, 1416.064, prack3, p3),
        (hop3, False, 1448.903, prackok3, p3),
        (hop2, False, 1450.677, prackok2, p2),
        (hop1, False, 1452.419, prackok1, p1),
        (hop3, False, 1890.336, ring3, t3),
        (hop2, False, 1892.104, ring2, t2),
        (hop1, False, 1893.871, ring1, t1),
        (hop3, False, 5604.722, ok3, t3),
        (hop2, False, 5606.490, ok2, t2),
        (hop1, False, 5608.253, ok1, t1),
        (hop1, True, 5631.018, ack1, t1),
        (hop2, True, 5632.770, ack2, t2),
        (hop3, True, 5634.509, ack3, t3),
        (hop1, True, 38519.660, bye1, b1),
        (hop2, True, 38521.412, bye2, b2),
        (hop3, True, 38523.187, bye3, b3),
        (hop3, False, 38561.044, byeok3, b3),
        (hop2, False, 38562.801, byeok2, b2),
        (hop1, False, 38564.579, byeok1, b1),
    ]
    for conn, from_client, off, msg, txn in seq:
        cap.tcp(conn, from_client, t0 + ms(off), [(msg, txn.msg(msg.label()))])
    return cap


def cap_reinvite_from_far_end():
    cap = Capture(
        "reinvite-from-far-end", [SPAN_ALL],
        "early-offer call to partner.example.com (CUCM -> Exp-C -> Exp-E -> partner SBC "
        "203.0.113.50) answered 200 with SDP and ACKed; then the SBC sends a re-INVITE "
        "without SDP (From/To tags swapped, the SBC's own CSeq 6671, Route = the "
        "Record-Route set in order) that flows back through Exp-E and Exp-C to CUCM on the "
        "existing connections (1 Via on hop 3, 2 on hop 2, 3 on hop 1; the proxies do not "
        "Record-Route it); 100 Trying on each hop; CUCM's 200 carries the new SDP offer "
        "(o= version 2), relayed to the SBC; the SBC's 2xx ACK carries the answer; BYE "
        "from CUCM and its 200",
        "1 call throughout; the initial INVITEs early offer on hops 1-3 (eo_required 0); "
        "the re-INVITEs delayed offer (delayed_offer, eo_required 0) on hop 3 (sent by the "
        "SBC, frame 13), hop 2 (frame 15) and hop 1 (frame 17) (received by CUCM), each with its own 100, 200 "
        "and ACK; sdp column: offer on the initial INVITEs and on the re-INVITE's 200s, "
        "answer on the initial 200s and on the re-INVITE's ACKs",
        sdp_column=True)
    label = "reinvite-from-far-end"
    t0 = ts("2015-07-06 05:42:37.148203")
    ports = (5560, 25089, 25171)
    (hop1, hop2, hop3), (expc, expe), (inv1, inv2, inv3), (inv1_rcvd, inv2_rcvd) = \
        partner_invites(
            cap, label, t0, ports,
            via="SIP/2.0/TCP 172.28.21.100:5560;branch=z9hG4bK11f5a0b7e3d259",
            call_id="d4e19a00-59922a6f-e0ce8-64151cac@172.28.21.100",
            from_tag="2951790~3fb53c10-0c98-891d-d84f-6fa87e4135c3-22672864",
            taatag=uuid_from(label + "/taatag"),
            guid="3571296640-0000065536-0000008034-1679105196",
            body=cucm_offer_audio_video(2951790, "172.28.21.61"))
    call = cap.call()
    t1, t2, t3 = (Txn(call, h, "INVITE", "early", False) for h in (1, 2, 3))
    r1, r2, r3 = (Txn(call, h, "INVITE", "delayed", False) for h in (1, 2, 3))
    b1, b2, b3 = (Txn(call, h, "BYE") for h in (1, 2, 3))
    sbc_tag = "5A5B8E04-3C71"
    trying1 = response_to(inv1_rcvd, 100, "Trying", headers=[TANDBERG_C])
    trying2 = response_to(inv2_rcvd, 100, "Trying", headers=[TANDBERG_C])
    trying3 = response_to(inv3, 100, "Trying", src_port=ports[2], headers=SBC_SERVER)
    sbc_sdp = far_end_sdp("CiscoSystemsSIP-GW-UserAgent", 7514, "203.0.113.52", 9)
    ok3 = response_to(inv3, 200, "OK", to_tag=sbc_tag, src_port=ports[2], contact=PARTNER_CONTACT,
                      headers=[("Allow", CUCM_ALLOW)] + SBC_SERVER +
                              [("Supported", "timer"), ("Require", "timer"),
                               ("Session-Expires", "1800;refresher=uac")],
                      body=sbc_sdp)
    ok2 = relay_response(ok3)
    ok1 = relay_response(ok2)
    ack1 = in_dialog_request("ACK", 101, ok1,
                             "SIP/2.0/TCP 172.28.21.100:5560;branch=z9hG4bK11f5b1c8f4e36a",
                             "Cisco-CUCM10.5")
    ack2 = expc.forward(ack1, (CUCM, ports[0]), expc_branch(label + "/ack2"), pop_routes=2)
    ack3 = expe.forward(ack2, (EXPC, ports[1]), expc_branch(label + "/ack3"), pop_routes=2)

    # The SBC's re-INVITE: the callee's side of the dialog (RFC 3261 12.1.1:
    # its route set is the INVITE's Record-Route in order, its remote target
    # CUCM's Contact). Each Expressway sends it on toward CUCM from the other
    # side: same proxy-call-id, the other sent-by and zones.
    expe_in = ExpresswayProxy("172.28.21.110:7011", "TLS", "TraversalServerB2B", "DNSZoneB2B",
                              expe.proxy_call_id, [])
    expc_in = ExpresswayProxy("172.28.21.104:5060", "TCP", "CUCMNeighborZoneB2B",
                              "TraversalClientB2B", expc.proxy_call_id, [])
    reinv3 = dialog_request(
        "INVITE", 6671, target=uri_of(CUCM_CONTACT), routes=inv3.get_all("Record-Route"),
        via="SIP/2.0/TCP 203.0.113.50:5060;branch=z9hG4bK%s" % hexid(label + "/reinv3", 12),
        call_id=inv3.get("Call-ID"), from_=ok3.get("To"), to=inv3.get("From"),
        user_agent="Cisco-SIPGateway/IOS-15.6.1.S", contact=PARTNER_CONTACT,
        extra=[("Allow", CUCM_ALLOW), ("Supported", "timer"), ("Session-Expires", "1800"),
               ("Min-SE", "1800")])
    assert len(reinv3.get_all("Route")) == 4
    sbc_src = (PARTNER_SBC, 5060)
    reinv2 = expe_in.forward(reinv3, sbc_src, expc_branch(label + "/reinv2"), pop_routes=2)
    reinv1 = expc_in.forward(reinv2, (EXPE_IN, 7011), expc_branch(label + "/reinv1"), pop_routes=2)
    assert [len(m.get_all("Via")) for m in (reinv3, reinv2, reinv1)] == [1, 2, 3]
    assert not reinv1.has("Route") and not reinv1.has("Record-Route")
    reinv3_rcvd = reinv3.copy()
    reinv3_rcvd.set("Via", expe_in.annotate(reinv3.get("Via"), sbc_src))
    reinv2_rcvd = reinv1.copy()
    reinv2_rcvd.remove_first("Via")
    rtrying3 = response_to(reinv3_rcvd, 100, "Trying", headers=[TANDBERG_C])
    rtrying2 = response_to(reinv2_rcvd, 100, "Trying", headers=[TANDBERG_C])
    rtrying1 = response_to(reinv1, 100, "Trying", src_port=5060,
                           headers=[("User-Agent", "Cisco-CUCM10.5")])
    # CUCM answers the offerless re-INVITE with an offer: its session, new version.
    rok1 = response_to(reinv1, 200, "OK", src_port=5060, contact=CUCM_CONTACT,
                       headers=[("Allow", CUCM_ALLOW), ("Supported", CUCM_SUPPORTED),
                                ("Require", "timer"), ("Session-Expires", "1800;refresher=uac"),
                                ("User-Agent", "Cisco-CUCM10.5")],
                       body=sdp_version(cucm_offer_audio_video(2951790, "172.28.21.61"), 2))
    rok2 = relay_response(rok1)
    rok3 = relay_response(rok2)
    rack3 = dialog_request(
        "ACK", 6671, target=uri_of(CUCM_CONTACT), routes=inv3.get_all("Record-Route"),
        via="SIP/2.0/TCP 203.0.113.50:5060;branch=z9hG4bK%s" % hexid(label + "/rack3", 12),
        call_id=inv3.get("Call-ID"), from_=rok3.get("From"), to=rok3.get("To"),
        user_agent="Cisco-SIPGateway/IOS-15.6.1.S",
        body=sdp_version(sbc_sdp, 2))
    rack2 = expe_in.forward(rack3, sbc_src, expc_branch(label + "/rack2"), pop_routes=2)
    rack1 = expc_in.forward(rack2, (EXPE_IN, 7011), expc_branch(label + "/rack1"), pop_routes=2)

    bye1 = in_dialog_request("BYE", 102, ok1,
                             "SIP/2.0/TCP 172.28.21.100:5560;branch=z9hG4bK11f5c2d905f47b",
                             "Cisco-CUCM10.5", extra=[("Reason", "Q.850;cause=16")])
    bye2 = expc.forward(bye1, (CUCM, ports[0]), expc_branch(label + "/bye2"), pop_routes=2)
    bye3 = expe.forward(bye2, (EXPC, ports[1]), expc_branch(label + "/bye3"), pop_routes=2)
    byeok3 = response_to(bye3, 200, "OK", src_port=ports[2], headers=SBC_SERVER)
    byeok2 = relay_response(byeok3)
    byeok1 = relay_response(byeok2)
    # (connection, sent by the connection's client, ms, message, transaction)
    seq = [
        (hop1, True, 0, inv1, t1),
        (hop1, False, 1.226, trying1, t1),
        (hop2, True, 14.389, inv2, t2),
        (hop2, False, 16.751, trying2, t2),
        (hop3, True, 711.207, inv3, t3),
        (hop3, False, 739.940, trying3, t3),
        (hop3, False, 4406.318, ok3, t3),
        (hop2, False, 4408.102, ok2, t2),
        (hop1, False, 4409.877, ok1, t1),
        (hop1, True, 4433.520, ack1, t1),
        (hop2, True, 4435.284, ack2, t2),
        (hop3, True, 4437.061, ack3, t3),
        # The SBC's re-INVITE, toward CUCM on the connections already open.
        (hop3, False, 9872.415, reinv3, r3),
        (hop3, True, 9873.602, rtrying3, r3),
        (hop2, False, 9875.330, reinv2, r2),
        (hop2, True, 9877.718, rtrying2, r2),
        (hop1, False, 9879.461, reinv1, r1),
        (hop1, True, 9880.853, rtrying1, r1),
        (hop1, True, 9921.207, rok1, r1),
        (hop2, True, 9922.985, rok2, r2),
        (hop3, True, 9924.741, rok3, r3),
        (hop3, False, 9953.506, rack3, r3),
        (hop2, False, 9955.273, rack2, r2),
        (hop1, False, 9957.049, rack1, r1),
        (hop1, True, 52610.338, bye1, b1),
        (hop2, True, 52612.094, bye2, b2),
        (hop3, True, 52613.859, bye3, b3),
        (hop3, False, 52652.720, byeok3, b3),
        (hop2, False, 52654.483, byeok2, b2),
        (hop1, False, 52656.251, byeok1, b1),
    ]
    for conn, from_client, off, msg, txn in seq:
        cap.tcp(conn, from_client, t0 + ms(off), [(msg, txn.msg(msg.label()))])
    assert r3.request.frame == 13
    return cap


SCENARIOS = [
    cap_seed_delayed_offer_webex,
    cap_early_offer_webex_ok,
    cap_delayed_offer_other_ok,
    cap_two_messages_one_segment,
    cap_udp_retransmission,
    cap_merged_two_points,
    cap_b2bua_session_id,
    cap_seed_hop2_only,
    cap_cancelled_call,
    cap_busy_partner_early_offer,
    cap_webex_503_becomes_500,
    cap_reliable_18x_prack,
    cap_reinvite_from_far_end,
]


# --------------------------------------------------------------------------
# 6. Output
# --------------------------------------------------------------------------

README_HEAD = """\
# Test captures

Generated by `tests/captures/gen-test-captures.py` (Python 3, standard library only);
do not edit by hand. `python3 tests/captures/gen-test-captures.py` rewrites this
directory byte for byte; `python3 tests/captures/gen-test-captures.py --check`
regenerates into a temporary directory and exits 1 if anything here differs
(`tests/integration/test_captures_reproducible.sh` runs it).

## How the captures are built

- pcapng, one Ethernet interface per capture point (`if_name` says which),
  nanosecond timestamps (`if_tsresol` 9), fixed times on 2015-07-06 (the seed's
  day; hop-2/hop-3 INVITE and the 500 at the seed log's times).
- IPv4 + UDP or TCP with correct header, UDP and TCP checksums. TCP
  connections were set up before the capture starts (no handshake in the
  file); each direction's sequence numbers are consistent and every segment
  acknowledges what the other side sent, so Wireshark's analysis and
  reassembly work. One SIP message per segment except where said.
- Addresses from the seed: CUCM 172.28.21.100 (TCP 5560 -> Expressway-C
  172.28.21.104:5060, hop 1), Expressway-C 172.28.21.104:25048 -> Expressway-E
  inside 172.28.21.110:7011 (hop 2, TLS in the seed), Expressway-E outside
  172.28.252.1:25129 -> Webex 114.29.213.174 (hop 3, TLS 5061 in the seed; the
  Webex address is the one in the 500's Warning header).
- **TLS legs are modelled as decrypted:** the cleartext SIP of hops 2 and 3 is
  sent over TCP, and toward Webex (and the partner SBC) to TCP port **5060**
  instead of 5061, because Wireshark treats 5061 as TLS. The Via headers keep
  `SIP/2.0/TLS ...:5061` exactly as in the seed. So the 500's sender shows as
  114.29.213.174:5060 in the captures (5061 in the real trace). Hop 2's port
  7011 is found by Wireshark's SIP-over-TCP heuristic.
- SIP text: the seed's hop-2 INVITE, hop-3 INVITE and 500 are used verbatim
  (document wraps joined), except the hop-2 INVITE's To host `kytec.webex.com`
  (an anonymisation slip in the document), which is `company.webex.com` like
  everywhere else. The hop-1 INVITE is derived (CUCM's Via only, Max-Forwards 70,
  no Record-Route); the generator checks that its Expressway model (annotate
  the received Via, push its own Via, Max-Forwards capped at 15,
  double Record-Route) turns hop 1 into the seed's hop 2 and hop 2 into its hop 3.
  Relayed responses drop the top Via and change nothing else (one exception,
  said where it happens: the 503 Expressway-E passes up as 500); each hop has its
  own 100 Trying; non-2xx ACKs reuse the INVITE's branch and top Via; 2xx ACKs,
  PRACKs and BYEs follow the Record-Route set with a new branch per hop; only
  initial INVITEs are record-routed. Requests from the far end toward CUCM (a
  re-INVITE) use the callee's route set (the Record-Route list in order) and
  travel back over the TCP connections already open. SDP bodies are
  passed unchanged by the Expressways (media anchoring is not modelled).
- Checked with tshark 4.0.17: every SIP message dissects as SIP, checksums
  verify (`-o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE -o
  udp.check_checksum:TRUE`), no malformed packets, no expert info of warning
  severity or above, no TCP analysis flags, with one exception: in
  `merged-two-points` each hop-2 TCP segment is on both interfaces with the
  same bytes, and Wireshark 4.0 keys a TCP conversation on addresses and ports
  only, so the second sighting is marked `[TCP Retransmission]` (a note) and,
  with the default TCP preferences, is not handed to SIP. Read that capture
  with `-o tcp.analyze_sequence_numbers:FALSE` to get all 16 frames as SIP
  (its `.expected` describes it read that way; `merged-two-points.options`
  holds these tshark arguments, one per line, for the test harness). The only other expert infos
  are SIP's notes "Unrecognised SIP header" for the real Cisco headers
  (Remote-Party-ID, X-TAATag, Cisco-Guid).

## The captures

"""

README_COLUMNS = """
## Expected verdicts: `<name>.expected`

Tab-separated, a header line, then one row per SIP message in frame order (a
frame holding two SIP messages gives two rows with the same frame number, in
message order). Derived from the generator's own scenario model, never from
running the plugin. Empty field = not applicable.

| column | meaning |
|---|---|
| frame | 1-based frame number |
| msg | method (`INVITE`, `ACK`, `CANCEL`, `BYE`, `PRACK`) or status code (`100`, `500`, ...) |
| call | call number, in order of first appearance (1, 2, ...) |
| hop | hop number (1 = CUCM -> Expressway-C), whichever way the message goes (a request from the far end toward CUCM is on hop 3, 2, then 1); for a capture missing earlier hops, counted from the Via stack |
| offer | `early` / `delayed` on every message of an INVITE transaction (the INVITE, its responses, its ACK, 2xx ACK included); empty for BYE, CANCEL and PRACK transactions |
| eo_required | `1` / `0`: the INVITE's destination requires early offer (a Webex domain); same scope as offer |
| invite | on responses and ACKs of an INVITE transaction, and on repeated INVITEs, the frame of the first sighting of that hop's INVITE; empty on the first INVITE itself and outside INVITE transactions |
| final | on INVITE rows (first sighting and repeats): the frame of the first sighting of that hop's final response |
| status | on INVITE rows: that final response's status code |
| origin | on failure responses (status >= 400, except 487 after a CANCEL), repeats included: the frame of the first sighting of the response where the failure started (the farthest hop's; its own frame for the origin) |
| origin_hop | the origin's hop |
| dup_of | on a retransmission or a copy from another capture point: the frame of the first sighting |
| sdp | only in the files of captures that model SDP roles (`busy-partner-early-offer` and later), just before `experts`: the message's part in its INVITE transaction's offer/answer exchange (RFC 3261 13.2.1, RFC 3262, RFC 3264): `offer` (the INVITE's SDP; for a delayed offer, the first reliable 18x or 2xx with SDP), `answer` (reliable 18x or 2xx to an early offer; PRACK after an offer in a reliable 18x; 2xx ACK after an offer in the 2xx), `preview` (SDP in an unreliable 18x before that side's offer/answer), `extra` (SDP after both), empty without SDP or outside an INVITE transaction (a PRACK counts with the INVITE it acknowledges); repeats as their first sighting |
| experts | comma-separated, sorted: `delayed_offer`, `delayed_offer_eo_required` (first sighting of a delayed-offer INVITE, re-INVITE included), `failure_origin` / `failure_relayed` (first sighting of a failure response), `hop_missing` (first INVITE of a chain whose earlier hops were not captured), `offer_missing` (2xx without SDP to a delayed offer that got no offer yet), `answer_missing` (2xx ACK without SDP while the callee's offer is unanswered), `retransmission` / `copy` (repeats) |
"""


def build_all():
    return [f() for f in SCENARIOS]


def write_all(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    caps = build_all()
    readme = [README_HEAD]
    for cap in caps:
        with open(os.path.join(out_dir, cap.name + ".pcapng"), "wb") as f:
            f.write(cap.writer.getvalue())
        with open(os.path.join(out_dir, cap.name + ".expected"), "w", newline="\n") as f:
            f.write(cap.expected_text())
        if cap.tshark_options:
            comment, args = cap.tshark_options
            with open(os.path.join(out_dir, cap.name + ".options"), "w", newline="\n") as f:
                f.write("".join("# %s\n" % line for line in comment.split("\n")))
                f.write("".join("%s\n" % a for a in args))
        readme.append("- `%s.pcapng` (%d frames, %d SIP messages): %s. Expected: %s.\n"
                      % (cap.name, cap.frames, len(cap.rows), cap.summary, cap.verdicts))
    readme.append(README_COLUMNS)
    # The real-* captures (tests/captures/real/, not made here) are described by hand.
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "real", "README-section.md"), encoding="utf-8") as f:
        readme.append("\n" + f.read())
    with open(os.path.join(out_dir, "README.md"), "w", newline="\n") as f:
        f.write("".join(readme))
    return caps


def generated_names(caps):
    names = ["README.md"]
    for cap in caps:
        names += [cap.name + ".pcapng", cap.name + ".expected"]
        if cap.tshark_options:
            names.append(cap.name + ".options")
    return names


def check(repo_dir):
    with tempfile.TemporaryDirectory(prefix="siphop-captures.") as tmp:
        caps = write_all(tmp)
        names = generated_names(caps)
        bad = []
        for name in names:
            mine = os.path.join(repo_dir, name)
            if not os.path.exists(mine):
                bad.append("missing: %s" % name)
            elif not filecmp.cmp(mine, os.path.join(tmp, name), shallow=False):
                bad.append("differs: %s" % name)
        if os.path.isdir(repo_dir):
            for name in sorted(os.listdir(repo_dir)):
                if name.endswith((".pcapng", ".expected", ".options")) and name not in names and not name.startswith("real-"):
                    bad.append("not generated (stale?): %s" % name)
    for line in bad:
        print("gen-test-captures --check: %s" % line, file=sys.stderr)
    if bad:
        print("gen-test-captures --check: run python3 tests/captures/gen-test-captures.py and commit",
              file=sys.stderr)
        return 1
    print("gen-test-captures --check: %d files identical" % len(names))
    return 0


def main(argv=None):
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(root, "test-captures"),
                    help="output directory (default: test-captures/ of this repo)")
    ap.add_argument("--check", action="store_true",
                    help="regenerate into a temp dir and compare with --out; exit 1 on difference")
    args = ap.parse_args(argv)
    if args.check:
        return check(args.out)
    caps = write_all(args.out)
    for cap in caps:
        print("%-34s %3d frames %3d SIP messages" % (cap.name + ".pcapng", cap.frames, len(cap.rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
