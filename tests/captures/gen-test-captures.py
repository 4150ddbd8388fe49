#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write siphop's test captures (pcapng) and their expected verdicts.

    python3 tests/captures/gen-test-captures.py            # (re)write test-captures/
    python3 tests/captures/gen-test-captures.py --check    # regenerate into a temp dir,
                                                  # compare, exit 1 on difference
    python3 tests/captures/gen-test-captures.py --out DIR  # write somewhere else

Everything is deterministic: fixed timestamps, fixed addresses, identifiers
written out or derived from fixed labels with SHA-256, no clock, no random.
Python 3 standard library only; the pcapng/IP/TCP/UDP writer and SIP text
are sipcap.py's, what CUCM and the Expressways send is sipmodel.py's.

Layout of this file:
  1. the seed document's messages;
  2. the verdict model (call, transaction, message sighting) from which the
     expected verdicts are derived;
  3. how a capture is described: far ends, calls (with their ladder of
     messages) and scenarios;
  4. the one builder: CallModel makes the messages a ladder names, Player
     puts them into the capture;
  5. SCENARIOS, the table of captures;
  6. README.md / *.expected writing and --check.
"""

import argparse
import os
import sys
import tempfile
from dataclasses import dataclass
from typing import NamedTuple

from sipcap import (Network, PcapngWriter, SipMessage, TcpConnection, compare_files, hexid,
                    ms, report_check, sip_date, ts, udp_frame, uuid_from)
from sipmodel import (CUCM, CUCM_ALLOW, CUCM_CONTACT, CUCM_SUPPORTED, CUCM_UA, EXPC, EXPE_IN,
                      EXPE_OUT, FAR_END_TTL, PARTNER_SBC, REASON, ROOM, SBC_SERVER, SEED_WARNING,
                      TANDBERG_C, WEBEX, WEBEX_PAI, WEBEX_PORT, WEBEX_SERVER, ack_for_non2xx,
                      cancel_for, cucm_answer_audio_video, cucm_invite, cucm_offer_audio_video,
                      dialog_request, expressway_branch, expressway_c, expressway_e,
                      far_end_sdp, in_dialog_request, relay_response, response_to,
                      sdp_version, strip_via_params, uri_of)

# --------------------------------------------------------------------------
# 1. The seed document
# --------------------------------------------------------------------------

# The seed document's three messages, as the document wraps them.
SEED_DOCUMENT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "seed-document.txt")


def seed_document():
    """{name: text} of the messages in seed-document.txt."""
    texts, name = {}, None
    with open(SEED_DOCUMENT, encoding="ascii") as f:
        for line in f:
            if line.startswith("#"):
                continue
            if line.startswith("== ") and line.rstrip().endswith(" =="):
                name = line.strip()[3:-3]
                texts[name] = ""
            elif name:
                texts[name] += line
    return texts


# The Expressways' proxy-call-ids in the seed.
SEED_EXPC_PCID = "fdbf1c60-62e1-4204-884a-00fe8664ee66"
SEED_EXPE_PCID = "b8fb1c34-d048-472b-8b41-81c96abb19d1"


def seed_messages():
    """The seed's messages as {(ladder key, hop): SipMessage}: its hop-2
    INVITE, hop-3 INVITE and hop-3 500 (wraps joined), and the hop-1 INVITE
    derived from them. Checks that the Expressway model (sipmodel.py) turns
    hop 1 into the seed's hop 2 and hop 2 into its hop 3."""
    document = seed_document()
    inv2 = SipMessage.from_text(document["hop-2 INVITE"])
    inv2.set("To", inv2.get("To").replace("@kytec.webex.com", "@company.webex.com"))
    inv3 = SipMessage.from_text(document["hop-3 INVITE"])
    r500 = SipMessage.from_text(document["hop-3 500"])

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

    expc, expe = expressway_c(SEED_EXPC_PCID), expressway_e(SEED_EXPE_PCID)
    top2 = dict(p.split("=", 1) for p in inv2.get_all("Via")[0].split(";")[1:] if "=" in p)
    top3 = dict(p.split("=", 1) for p in inv3.get_all("Via")[0].split(";")[1:] if "=" in p)
    assert expc.forward(inv1, (CUCM, 5560), top2["branch"]).encode() == inv2.encode()
    assert expe.forward(inv2, (EXPC, 25048), top3["branch"]).encode() == inv3.encode()
    return {("INVITE", 1): inv1, ("INVITE", 2): inv2, ("INVITE", 3): inv3, ("500", 3): r500}


# --------------------------------------------------------------------------
# 2. The verdict model
# --------------------------------------------------------------------------

EXPECTED_COLUMNS = ["frame", "msg", "call", "hop", "offer", "eo_required", "invite",
                    "final", "status", "origin", "origin_hop", "dup_of", "experts", "class"]
# Captures that model SDP roles have an "sdp" column, before "experts" (the
# test harness finds columns by their header name).
EXPECTED_COLUMNS_SDP = EXPECTED_COLUMNS[:-2] + ["sdp", "experts", "class"]


@dataclass(eq=False)
class Call:
    number: int


@dataclass(eq=False)           # eq=False: compared and hashed by identity
class Txn:
    """A transaction on one hop: an INVITE transaction (with its responses
    and its ACK, 2xx ACK included) or a BYE/CANCEL/PRACK transaction. A
    PRACK names the INVITE transaction whose reliable 18x it acknowledges
    (invite=), for the offer/answer model."""
    call: Call
    hop: int
    method: str
    offer: str = ""
    eo_required: bool = None
    invite: "Txn" = None
    request: "Sighting" = None   # first sighting of the request
    final: "Sighting" = None     # first sighting of the final response
    cancelled: bool = False      # a CANCEL for this INVITE was sent

    def __post_init__(self):
        assert self.method in ("INVITE", "BYE", "CANCEL", "PRACK")
        assert (self.method == "INVITE") == (self.offer in ("early", "delayed"))
        assert (self.method == "PRACK") == (self.invite is not None)

    def msg(self, label, **kw):
        return Sighting(self, label, **kw)


@dataclass(eq=False)
class Sighting:
    """One SIP message in one frame, and what the scenario knows about it.

    failure: for a failure response, "origin" when this hop's response is
             where the failure started, or the origin's Sighting when relayed.
    cls:     with failure="origin", the failure class the scenario shows
             (siphop.failure_class: "delayed-offer", "busy", "unavailable" ...).
    dup:     (first Sighting, "retransmission" | "copy") for a repeat.
    """
    txn: Txn
    label: str
    failure: object = None
    dup: tuple = None
    hop_missing: bool = False
    cls: str = None
    frame: int = None
    # Set when sent (Capture.tcp/udp): the message carries an SDP body;
    # a provisional response is reliable (RFC 3262: RSeq).
    has_sdp: bool = None
    reliable: bool = False

    def __post_init__(self):
        assert (self.failure == "origin") == (self.cls is not None)

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
    """One capture being written: its pcapng, and every message's Sighting in
    frame order, from which its .expected rows are derived."""

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
        self.net = Network(name, FAR_END_TTL)
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
# 3. How a capture is described
# --------------------------------------------------------------------------

class FarEnd(NamedTuple):
    """The element at the far end of a call's last hop."""
    key: str            # names what is derived for it: "<capture>/<key>-tag" its To tag
    address: str
    port: int           # where it takes SIP
    user: str           # CUCM calls sip:user@domain
    domain: str
    display: str        # display name it adds to To when it answers ("" none)
    server: tuple       # headers on its responses; its 100 carries the first only
    contact: str
    sdp: tuple = None   # its session descriptions: (o= user name, media address, audio codec)
    zone: str = None    # Expressway-C's zone for it, where Exp-C sends to it directly


WEBEX_SITE = FarEnd("webex", WEBEX, WEBEX_PORT, "34IBJumtlZRvmrI5t7WQjMhA", "company.webex.com",
                    '"CiscoWebEx" ', (WEBEX_SERVER, WEBEX_PAI),
                    "<sip:34IBJumtlZRvmrI5t7WQjMhA@114.29.213.174:5061;transport=tls>",
                    sdp=("TANDBERG", "114.29.213.180", 114), zone="WebexZone")
PARTNER = FarEnd("partner", PARTNER_SBC, 5060, "1234", "partner.example.com", "", (SBC_SERVER,),
                 "<sip:1234@203.0.113.50:5060;transport=tcp>",
                 sdp=("CiscoSystemsSIP-GW-UserAgent", "203.0.113.52", 9))
ROOM_SYSTEM = FarEnd("room", ROOM, 5060, "7300", "company.com.au", "",
                     (("Server", "TANDBERG/529 (ce8.3.0.199465)"),),
                     "<sip:7300@172.28.21.130:5060;transport=tcp>", zone="LocalZone")


class CucmCall(NamedTuple):
    """What identifies CUCM's side of a call."""
    call_id: str
    from_tag: str       # its number before "~" is also CUCM's SDP session id
    guid: str           # Cisco-Guid
    branches: str       # its Via branch (after z9hG4bK) per method: "INVITE 11c9..., ACK 11ca..."
    taatag: str = None  # X-TAATag; None: derived from the capture's name

    def branch(self, method):
        return dict(item.split() for item in self.branches.split(","))[method]


class Failure(NamedTuple):
    """The far end's failure response to the INVITE."""
    status: int
    cls: str            # the failure class the verdict names (siphop.failure_class)
    headers: tuple = ()  # what it adds after its Server headers (Reason, Warning)


# A call's ladder: one row per message, one column per hop (hop 1 = CUCM ->
# Expressway-C), each cell the time the message crosses that hop, in ms
# after the call's start; "-": not on that hop; "a,b": sent at a and again,
# the same bytes (a retransmission), at b. Frames come out in time order.
# The rows' keys:
#   INVITE ACK BYE PRACK CANCEL    CUCM's requests, forwarded hop by hop (a
#                                  CANCEL, and the ACK to a failure, are each
#                                  hop's own: RFC 3261 9.1, 17.1.1.3)
#   100                            each hop's receiver's 100 Trying
#   180 183 200 486 487 500 503    the far end's response to the INVITE, relayed
#                                  (183: reliable and with its SDP, RFC 3262)
#   200/BYE 200/PRACK              the far end's 200 to that request, relayed
#   200/CANCEL                     each hop's receiver's 200 to the CANCEL
#   re-INVITE ACK/re-INVITE        the far end's requests toward CUCM
#   100/re-INVITE 200/re-INVITE    the answers to its re-INVITE (the 200 is CUCM's)

@dataclass(frozen=True)
class CallPlan:
    """One call: who takes part, what differs in what they send, and the
    ladder. As many hops as ports: CUCM -> Exp-C -> Exp-E -> far end, or
    CUCM -> Exp-C -> far end."""
    far: FarEnd
    start: str                   # UTC time of the ladder's 0
    ports: tuple                 # each hop's client's source port (CUCM, Exp-C[, Exp-E])
    ladder: tuple
    from_seed: bool = False      # INVITEs and the far end's 500 are the seed document's
    cucm: CucmCall = None        # (not needed from_seed)
    early_offer: bool = False    # the INVITE carries CUCM's SDP offer
    supported: str = CUCM_SUPPORTED
    session_id: bool = False     # CUCM sends a Session-ID (RFC 7989)
    trunk: str = "TCP"           # UDP: the INVITE without its optional headers (MTU)
    b2bua: bool = False          # Exp-C is a B2BUA: hop 2 is a new leg, not a proxied one
    # the far end
    far_tag: str = None          # its To tag; None: derived from the capture's name
    far_sdp: int = None          # its SDP's session id
    failure: Failure = None
    far_cseq: int = None         # the CSeq of its own requests (a re-INVITE)


# Capture points: (interface name, description, hops it sees).
SPAN_ALL = ("dc-span", "SPAN of the CUCM, Expressway-C and Expressway-E links "
                       "(TLS legs shown decrypted)", (1, 2, 3))

# A hop seen at two capture points: the ladder's time is the server side's;
# the client side (listed first) sends this much earlier, receives later.
TWO_POINT_LAG_MS = 0.4


@dataclass(frozen=True)
class Scenario:
    """One capture: its README text, the call, and how it was captured."""
    name: str
    summary: str                 # README: what the capture holds
    verdicts: str                # README: what its .expected says
    call: CallPlan
    points: tuple = (SPAN_ALL,)
    only: tuple = ()             # ladder keys captured (empty: all)
    one_segment: tuple = None    # (hop, key): it waits and leaves in one TCP segment
                                 # with the next message on that hop
    sdp_column: bool = False     # the .expected has the sdp column
    tshark_options: tuple = ()   # (comment, [argument, ...]) for <name>.options


# --------------------------------------------------------------------------
# 4. The builder
# --------------------------------------------------------------------------

def split_key(key):
    """A ladder key -> (message label, the request whose transaction it is
    in): '180' -> ('180', 'INVITE'), 'ACK' -> ('ACK', 'INVITE'),
    '200/BYE' -> ('200', 'BYE'), 'ACK/re-INVITE' -> ('ACK', 're-INVITE')."""
    label, _, request = key.partition("/")
    if not request:
        request = "INVITE" if label == "ACK" or label.isdigit() else label
    return label, request


def sent_by_client(key):
    """Whether the hop's client (its side toward CUCM) sends the message:
    it sends CUCM's requests and the answers to the far end's."""
    label, request = split_key(key)
    is_response = label.isdigit()
    from_far_end = request == "re-INVITE"
    return is_response == from_far_end


def requires_early_offer(invite):
    """A Webex site takes early offer only (why the seed call failed)."""
    return invite.ruri.split("@")[-1].split(";")[0].endswith(".webex.com")


# The branch of a request an Expressway (or the far end) sends on a hop is
# derived from the label "<capture>/<short name><hop>".
BRANCH_LABEL = {"INVITE": "inv", "ACK": "ack", "BYE": "bye", "PRACK": "prack",
                "re-INVITE": "reinv", "ACK/re-INVITE": "rack"}
PROXY_NAMES = ("expc", "expe")
CUCM_MEDIA = "172.28.21.61"      # the calling phone's media address


class Link:
    """One hop on the wire: a TCP connection opened before the capture, or
    a UDP path, between the hop's client and server."""

    def __init__(self, net, transport, client, server):
        self.client = client
        self.server = server
        self.tcp = None if transport == "UDP" else TcpConnection(net, client, server)

    def send(self, cap, by_client, when, items, point):
        if self.tcp:
            return cap.tcp(self.tcp, by_client, when, items, point=point)
        (msg, sighting), = items          # one message per datagram
        src, dst = (self.client, self.server) if by_client else (self.server, self.client)
        return cap.udp(src, dst, when, msg, sighting, point=point)


def with_top_via(msg, via):
    out = msg.copy()
    i = out.index("Via")
    out.headers[i] = ("Via", via)
    return out


class CallModel:
    """Makes the messages a CallPlan's ladder names, the way the elements
    would: CUCM writes its requests, each Expressway forwards them (and
    answers 100 and CANCEL itself), the far end answers and each Expressway
    relays that back; the far end's requests take the hops the other way.
    message(key, hop) builds on first use, that is when the message is first
    sent (CUCM numbers its CSeqs in that order); a repeat is the same message."""

    def __init__(self, name, plan, net):
        self.name = name
        self.plan = plan
        self.far = far = plan.far
        self.hops = len(plan.ports)
        self.t0 = ts(plan.start)
        # Hop h runs from clients[h-1] (its side toward CUCM) to servers[h-1];
        # proxies[h-1] is the Expressway at its far side.
        self.clients = list(zip((CUCM, EXPC, EXPE_OUT), plan.ports))
        self.servers = [(EXPC, 5060), (EXPE_IN, 7011)][:self.hops - 1] + [(far.address, far.port)]
        self.proxies = [expressway_c(uuid_from(name + "/expc-pcid"), plan.trunk,
                                     far.zone if self.hops == 2 else None),
                        expressway_e(uuid_from(name + "/expe-pcid"))][:self.hops - 1]
        self.links = [Link(net, self.via_transport(h), self.clients[h - 1], self.servers[h - 1])
                      for h in range(1, self.hops + 1)]
        self.far_tag = plan.far_tag or hexid("%s/%s-tag" % (name, far.key), 16)
        keys = [row.split()[0] for row in plan.ladder]
        self.final_key = next(k for k in keys if k.isdigit() and int(k) >= 200)
        self.offer_in_183 = "183" in keys
        self.cseq = 101                  # CUCM's INVITE; its later requests count on
        # (key, hop) -> message; the seed's own messages stand in for the model's.
        self.built = seed_messages() if plan.from_seed else {}

    def via_transport(self, hop):
        """The transport hop's client names in its Via (TLS legs go over TCP here)."""
        return self.plan.trunk if hop == 1 else self.proxies[hop - 2].transport

    def label(self, key, hop):
        return "%s/%s%d" % (self.name, BRANCH_LABEL[key], hop)

    def message(self, key, hop):
        if (key, hop) not in self.built:
            self.built[key, hop] = self._build(key, hop)
        return self.built[key, hop]

    def _build(self, key, hop):
        label, request = split_key(key)
        if request == "re-INVITE":
            return self._far_dialog(key, label, hop)
        if not label.isdigit():
            return self._cucm_side_request(key, hop)
        if label == "100" or request == "CANCEL":
            return self._hop_response(label, request, hop)
        if hop == 1 and self.plan.b2bua:
            return self._b2bua_response(key)
        if hop < self.hops:
            return relay_response(self.message(key, hop + 1))
        if request == "INVITE":
            return self._far_answer(int(label))
        # The far end's 200 to a BYE or PRACK.
        return response_to(self.message(request, hop), 200, "OK",
                           src_port=self.clients[-1][1], headers=self.far.server)

    # ---- requests from CUCM's side

    def _cucm_side_request(self, method, hop):
        if method == "CANCEL":
            return cancel_for(self.message("INVITE", hop))
        if method == "ACK" and self.message(self.final_key, hop).status >= 300:
            return ack_for_non2xx(self.message("INVITE", hop), self.message(self.final_key, hop))
        if hop == 2 and method == "INVITE" and self.plan.b2bua:
            return self._b2bua_leg_b()
        if hop > 1:
            return self.proxies[hop - 2].forward(
                self.message(method, hop - 1), self.clients[hop - 2],
                expressway_branch(self.label(method, hop)),
                pop_routes=0 if method == "INVITE" else 2)
        return self._cucm_request(method)

    def _cucm_request(self, method):
        plan = self.plan
        via = "SIP/2.0/%s %s:%d;branch=z9hG4bK%s" % (plan.trunk, CUCM, plan.ports[0],
                                                     plan.cucm.branch(method))
        if method == "INVITE":
            return self._cucm_invite(via)
        invite = self.message("INVITE", 1)
        if method == "ACK":
            # The 2xx ACK: in the dialog, routed; it answers an offer the 200 brought.
            ok = self.message("200", 1)
            body = self._cucm_answer() if ok.body and not invite.body else b""
            return in_dialog_request("ACK", 101, ok, via, CUCM_UA, body=body)
        self.cseq += 1
        if method == "PRACK":
            # Acknowledges the reliable 183 (RFC 3262 7.1), answering the offer it brought.
            r183 = self.message("183", 1)
            body = self._cucm_answer() if r183.body and not invite.body else b""
            rack = "%s %s" % (r183.get("RSeq"), invite.get("CSeq"))
            return in_dialog_request("PRACK", self.cseq, r183, via, CUCM_UA, body=body,
                                     extra=[("RAck", rack)])
        assert method == "BYE", method
        return in_dialog_request("BYE", self.cseq, self.message("200", 1), via, CUCM_UA,
                                 extra=[("Reason", "Q.850;cause=16")])

    def _cucm_invite(self, via):
        plan, far = self.plan, self.far
        udp = plan.trunk == "UDP"
        session_id = None
        if plan.session_id:
            session_id = "%s;remote=%s" % (hexid(self.name + "/session-uuid", 32), "0" * 32)
        return cucm_invite(
            ruri="sip:%s@%s" % (far.user, far.domain), via=via, call_id=plan.cucm.call_id,
            from_tag=plan.cucm.from_tag, to="<sip:%s@%s>" % (far.user, far.domain),
            date=sip_date(self.t0), guid=plan.cucm.guid,
            taatag=plan.cucm.taatag or uuid_from(self.name + "/taatag"),
            contact="<sip:7221@172.28.21.100:5060>" if udp else CUCM_CONTACT,
            body=self._cucm_offer() if plan.early_offer else b"",
            session_id=session_id, full=not udp, supported=plan.supported)

    def _cucm_session(self):
        return int(self.plan.cucm.from_tag.split("~")[0])

    def _cucm_offer(self):
        return cucm_offer_audio_video(self._cucm_session(), CUCM_MEDIA)

    def _cucm_answer(self):
        return cucm_answer_audio_video(self._cucm_session(), CUCM_MEDIA)

    def _hop_response(self, label, request, hop):
        """The 100 to the INVITE, or the 200 to the CANCEL, from whoever
        received the request on this hop."""
        status = int(label)
        req = self.message(request, hop)
        if hop == self.hops:
            far = self.far
            if status == 100:
                out = response_to(req, 100, "Trying", src_port=self.clients[-1][1],
                                  headers=far.server[:1])
                if self.plan.from_seed:
                    # Webex writes the Vias its own way: as in the seed's 500.
                    out.remove_all("Via")
                    for i, via in enumerate(self.message("500", hop).get_all("Via")):
                        out.insert(i, "Via", via)
                return out
            return response_to(req, status, REASON[status], to_tag=self.far_tag,
                               src_port=self.clients[-1][1], headers=far.server)
        if not (self.plan.b2bua and hop == 1):
            # A proxy answers the request as it received it: top Via annotated.
            req = with_top_via(req, self.proxies[hop - 1].annotate(req.get_all("Via")[0],
                                                                    self.clients[hop - 1]))
        to_tag = None
        if status != 100:
            to_tag = hexid("%s/%s-tag" % (self.name, PROXY_NAMES[hop - 1]), 16)
        return response_to(req, status, REASON[status], to_tag=to_tag, headers=[TANDBERG_C])

    # ---- the far end's answers

    def _far_answer(self, status):
        """The far end's response to the INVITE on the last hop."""
        far, invite = self.far, self.message("INVITE", self.hops)
        answered = invite.copy()
        if far.display:
            answered.set("To", far.display + invite.get("To"))
        common = dict(to_tag=self.far_tag, src_port=self.clients[-1][1])
        if status >= 300:
            failure = self.plan.failure
            extra = failure.headers if failure and failure.status == status else ()
            return response_to(answered, status, REASON[status], record_route=False,
                               headers=list(far.server) + list(extra), **common)
        headers, body = list(far.server), b""
        if status == 183:
            headers = [("Require", "100rel"), ("RSeq", "1"), ("Allow", CUCM_ALLOW)] + headers
            body = self._far_sdp()
        elif status == 200:
            reliable = "100rel" in invite.get("Supported").split(",")
            supported = "timer,100rel" if reliable else "timer"
            headers = ([("Allow", CUCM_ALLOW)] + headers +
                       [("Supported", supported), ("Require", "timer"),
                        ("Session-Expires", "1800;refresher=uac")])
            if not self.offer_in_183:
                body = self._far_sdp()
        return response_to(answered, status, REASON[status], contact=far.contact,
                           headers=headers, body=body, **common)

    def _far_sdp(self):
        origin, media, codec = self.far.sdp
        return far_end_sdp(origin, self.plan.far_sdp, media, codec)

    # ---- Expressway-C as a B2BUA

    def _b2bua_leg_b(self):
        """Leg B: Expressway-C's own INVITE toward Expressway-E for CUCM's
        (new Call-ID, tags and CSeq; Session-ID and Cisco-Guid kept)."""
        leg_a, name = self.message("INVITE", 1), self.name
        calling = leg_a.get("From").split('"')[1]
        return SipMessage("INVITE %s SIP/2.0" % leg_a.ruri, [
            ("Via", "SIP/2.0/TLS 172.28.21.104:5061;branch=z9hG4bK%s;rport"
             % hexid(name + "/b-branch", 32)),
            ("Call-ID", "%s@172.28.21.104" % hexid(name + "/callid-b", 32)),
            ("CSeq", "42721 INVITE"),
            ("Contact", "<sip:%s@172.28.21.104:5061;transport=tls>" % calling),
            ("From", '"%s" <sip:%s@172.28.21.104>;tag=%s'
             % (calling, calling, hexid(name + "/b-from-tag", 16))),
            ("To", leg_a.get("To")),
            ("Max-Forwards", "15"),
            ("Allow", CUCM_ALLOW),
            ("User-Agent", TANDBERG_C[1]),
            ("Supported", "timer,replaces"),
            ("Session-Expires", "1800"),
            ("Min-SE", "1800"),
            ("Session-ID", leg_a.get("Session-ID")),
            ("Cisco-Guid", leg_a.get("Cisco-Guid")),
            ("Content-Length", "0")])

    def _b2bua_response(self, key):
        """Leg A's final response: the B2BUA's own, with leg B's status and Warning."""
        leg_b = self.message(key, 2)
        warnings = [("Warning", w) for w in leg_b.get_all("Warning")]
        return response_to(self.message("INVITE", 1), leg_b.status, REASON[leg_b.status],
                           to_tag=hexid(self.name + "/a-to-tag", 16), record_route=False,
                           headers=[TANDBERG_C] + warnings)

    # ---- the far end's requests toward CUCM (RFC 3261 12.2: the callee's
    # route set is the INVITE's Record-Route in order, its target CUCM's Contact)

    def _toward_caller(self, hop):
        """The Expressway at hop's far side, forwarding toward CUCM from there."""
        return self.proxies[hop - 1].toward_caller("%s:%d" % self.servers[hop - 1],
                                                   self.via_transport(hop))

    def _far_dialog(self, key, label, hop):
        if label in ("re-INVITE", "ACK"):
            if hop < self.hops:
                return self._toward_caller(hop).forward(
                    self.message(key, hop + 1), self.servers[hop],
                    expressway_branch(self.label(key, hop)), pop_routes=2)
            return self._far_request(key, label)
        if label == "200" and hop > 1:          # CUCM's 200, relayed toward the far end
            return relay_response(self.message(key, hop - 1))
        req = self.message("re-INVITE", hop)
        if hop == 1:                             # CUCM answers
            if label == "100":
                return response_to(req, 100, "Trying", src_port=self.servers[0][1],
                                   headers=[("User-Agent", CUCM_UA)])
            # An offerless re-INVITE: CUCM offers its session again, new version.
            return response_to(
                req, 200, "OK", src_port=self.servers[0][1],
                contact=self.message("INVITE", 1).get("Contact"),
                headers=[("Allow", CUCM_ALLOW), ("Supported", self.plan.supported),
                         ("Require", "timer"), ("Session-Expires", "1800;refresher=uac"),
                         ("User-Agent", CUCM_UA)],
                body=sdp_version(self._cucm_offer(), 2))
        assert label == "100", key
        proxy = self._toward_caller(hop - 1)
        received = with_top_via(req, proxy.annotate(req.get_all("Via")[0], self.servers[hop - 1]))
        return response_to(received, 100, "Trying", headers=[TANDBERG_C])

    def _far_request(self, key, label):
        far, hop = self.far, self.hops
        invite, ok = self.message("INVITE", hop), self.message("200", hop)
        via = "SIP/2.0/TCP %s:%d;branch=z9hG4bK%s" % (far.address, far.port,
                                                     hexid(self.label(key, hop), 12))
        dialog = dict(target=uri_of(invite.get("Contact")), routes=invite.get_all("Record-Route"),
                      via=via, call_id=invite.get("Call-ID"), user_agent=far.server[0][1])
        if label == "re-INVITE":
            return dialog_request(
                "INVITE", self.plan.far_cseq, from_=ok.get("To"), to=invite.get("From"),
                contact=far.contact, extra=[("Allow", CUCM_ALLOW), ("Supported", "timer"),
                                            ("Session-Expires", "1800"), ("Min-SE", "1800")],
                **dialog)
        # The ACK to CUCM's 200, with the answer (its session again, new version).
        reok = self.message("200/re-INVITE", hop)
        return dialog_request("ACK", self.plan.far_cseq, from_=reok.get("From"),
                              to=reok.get("To"), body=sdp_version(ok.body, 2), **dialog)


class Player:
    """Puts a scenario's call into its Capture: each ladder message on its
    hop at its time, at every capture point that sees the hop, with what the
    expected verdicts need (transaction, failure origin, repeats)."""

    def __init__(self, scenario):
        self.scenario = sc = scenario
        self.cap = Capture(sc.name, [p[:2] for p in sc.points], sc.summary, sc.verdicts,
                           sc.tshark_options, sc.sdp_column)
        self.model = CallModel(sc.name, sc.call, self.cap.net)
        self.hops_seen = sorted({h for _, _, hops in sc.points for h in hops
                                 if h <= self.model.hops})
        self.call = self.cap.call()
        self.txns = {}
        self.first = {}          # (key, hop) -> the message's first Sighting
        self.origin = None       # the failure origin's Sighting
        self.held = {}           # hop -> [(message, Sighting)] waiting for the next one

    def play(self):
        sc = self.scenario
        t0 = ts(sc.call.start)
        for when, key, hop, repeat in ladder_events(sc.call.ladder, self.model.hops):
            if hop not in self.hops_seen or (sc.only and key not in sc.only):
                continue
            msg = self.model.message(key, hop)
            if repeat:
                sighting = self.first[key, hop].duplicate("retransmission")
            else:
                sighting = self.first[key, hop] = self.sighting(key, hop, msg)
            items = self.held.pop(hop, []) + [(msg, sighting)]
            if (hop, key) == sc.one_segment:
                self.held[hop] = items
                continue
            self.send(t0 + when, hop, sent_by_client(key), items)
        assert not self.held
        return self.cap

    def transaction(self, request, hop):
        if (request, hop) not in self.txns:
            if request in ("INVITE", "re-INVITE"):
                invite = self.model.message(request, hop)
                txn = Txn(self.call, hop, "INVITE", "early" if invite.body else "delayed",
                          requires_early_offer(invite))
            elif request == "PRACK":
                txn = Txn(self.call, hop, "PRACK", invite=self.transaction("INVITE", hop))
            else:
                txn = Txn(self.call, hop, request)
                if request == "CANCEL":
                    self.transaction("INVITE", hop).cancelled = True
            self.txns[request, hop] = txn
        return self.txns[request, hop]

    def sighting(self, key, hop, msg):
        label, request = split_key(key)
        txn = self.transaction(request, hop)
        if not msg.is_request and msg.status >= 400 and msg.status != 487:
            # A failure; it starts at the far end (a 487 answers a CANCEL: not one).
            if self.origin is None:
                assert hop == self.model.hops, "failure origin not captured"
                self.origin = txn.msg(msg.label(), failure="origin",
                                      cls=self.scenario.call.failure.cls)
                return self.origin
            return txn.msg(msg.label(), failure=self.origin)
        return txn.msg(msg.label(), hop_missing=label == "INVITE" and hop == self.hops_seen[0] > 1)

    def where_seen(self, hop, by_client):
        """[(capture point, ns offset), ...] for a message on hop: the first
        is the original sighting, the others copies of it."""
        points = [i for i, (_, _, hops) in enumerate(self.scenario.points) if hop in hops]
        if len(points) == 1:
            return [(points[0], 0)]
        client_side, server_side = points
        lag = ms(TWO_POINT_LAG_MS)
        if by_client:
            return [(client_side, -lag), (server_side, 0)]
        return [(server_side, 0), (client_side, lag)]

    def send(self, when, hop, by_client, items):
        (point, offset), *copies = self.where_seen(hop, by_client)
        data = self.model.links[hop - 1].send(self.cap, by_client, when + offset, items, point)
        for point, offset in copies:
            self.cap.copy(point, when + offset, data, [s.duplicate("copy") for _, s in items])


def ladder_events(ladder, hops):
    """(ns after the start, key, hop, repeat) for every cell, in time order."""
    events = []
    for row in ladder:
        key, *cells = row.split()
        assert len(cells) == hops, row
        for hop, cell in enumerate(cells, 1):
            if cell != "-":
                for n, when in enumerate(cell.split(",")):
                    events.append((ms(float(when)), key, hop, n > 0))
    events.sort(key=lambda event: event[0])
    return events


# --------------------------------------------------------------------------
# 5. The captures
# --------------------------------------------------------------------------

# Webex failing a delayed offer as in the seed: 500 with the seed's Warning.
SEED_FAILURE = Failure(500, "delayed-offer", (("Warning", SEED_WARNING),))

# The seed call: its hop-2 INVITE, hop-3 INVITE and 500 at the seed log's
# times (02:30:03.027, 03.758 and 04.887), the rest around them.
SEED_CALL = CallPlan(
    far=WEBEX_SITE, start="2015-07-06 02:30:03.012410", ports=(5560, 25048, 25129),
    from_seed=True, failure=SEED_FAILURE,
    ladder=("INVITE   0          14.590     745.590",
            "100      1.415      16.900     928.797",
            "500      1879.906   1876.620   1874.590",
            "ACK      1881.495   1878.461   1875.744"))

# Scenario(name, README summary, README expected verdicts, call, how captured);
# CucmCall(Call-ID, From tag, Cisco-Guid, Via branches, [X-TAATag]).
SCENARIOS = [
    Scenario(
        "seed-delayed-offer-webex",
        "the seed call on all three hops (CUCM -> Exp-C -> Exp-E -> Webex), "
        "delayed offer, 500 from Webex relayed back to CUCM, ACK on each hop",
        "1 call, hops 1-3 linked by the Via chain; every INVITE delayed offer toward "
        "company.webex.com (EO required); hop-3 500 = failure origin (sent by "
        "114.29.213.174, port 5060 here / 5061 in the TLS original, Warning 399 "
        "\"Invalid content in far end 200 OK\"); hop-2 and hop-1 500s relayed, origin = "
        "the hop-3 500's frame (7)",
        SEED_CALL),

    Scenario(
        "early-offer-webex-ok",
        "a seed-like call with early offer (audio+video SDP from CUCM carried on every "
        "hop): 100, 180, 200 with SDP answer relayed hop 3 -> 1, 2xx ACK per hop "
        "(Record-Route; 1/2/3 Vias), BYE from CUCM and its 200",
        "1 call, hops 1-3; early offer on every hop (eo_required 1, no delayed-offer "
        "warning); final 200 on each hop; no failure",
        CallPlan(
            WEBEX_SITE, "2015-07-06 02:41:17.204118", (5560, 25052, 25133),
            early_offer=True, far_sdp=1437721,
            ladder=("INVITE    0          14.650     731.480",
                    "100       1.302      17.021     902.113",
                    "180       1513.877   1512.090   1510.274",
                    "200       6825.118   6823.340   6821.653",
                    "ACK       6839.907   6841.662   6843.210",
                    "BYE       41207.555  41209.318  41211.047",
                    "200/BYE   41402.181  41400.394  41398.620"),
            cucm=CucmCall("f3a8b100-5991e8d2-e0cb1-64151cac@172.28.21.100",
                          "2950731~3fb53c10-0c98-891d-d84f-6fa87e4135c3-22671590",
                          "4088466688-0000065536-0000007932-1679105196",
                          "INVITE 11c9a3f70d2e44, ACK 11ca0e5b8f3a61, BYE 11cb77c2d90e18",
                          "9b1d2e7c-3f40-4d8a-b1c5-0e6f7a8b9c2d"))),

    Scenario(
        "delayed-offer-other-ok",
        "delayed offer to a non-Webex domain (sip:1234@partner.example.com via CUCM -> "
        "Exp-C -> Exp-E -> partner SBC 203.0.113.50): the 200 carries the SDP offer, the "
        "2xx ACK the SDP answer, on each hop",
        "1 call, hops 1-3; delayed offer on every hop with eo_required 0 (delayed_offer "
        "only, no EO warning); final 200 on each hop; no failure",
        CallPlan(
            PARTNER, "2015-07-06 03:05:42.318062", (5560, 25061, 25140),
            far_tag="5A3E1B2C-1F0D", far_sdp=7261,
            ladder=("INVITE   0          13.904     702.340",
                    "100      1.187      16.265     731.006",
                    "200      4212.302   4210.488   4208.715",
                    "ACK      4236.950   4238.711   4240.429"),
            cucm=CucmCall("0b7c4e80-5991f0a6-e0cc4-64151cac@172.28.21.100",
                          "2951188~3fb53c10-0c98-891d-d84f-6fa87e4135c3-22672014",
                          "0192856064-0000065536-0000007951-1679105196",
                          "INVITE 11d04c6a7b1f92, ACK 11d15e0f2a8c37",
                          "c2e4a6b8-1d3f-4a5b-9c7d-e8f0a2b4c6d8"))),

    Scenario(
        "two-messages-one-segment",
        "the seed call, except that Webex's 100 Trying and its 500 arrive in one TCP "
        "segment (frame 6 holds two complete SIP messages)",
        "as seed-delayed-offer-webex; frame 6 gives two rows: the 100 (hop 3) and the "
        "500 (hop 3, failure origin, origin = frame 6); relayed 500s point at frame 6",
        SEED_CALL, one_segment=(3, "100")),

    Scenario(
        "udp-retransmission",
        "delayed-offer call over UDP, two hops (CUCM -> Exp-C -> Webex-like host "
        "114.29.213.174): the hop-2 INVITE is retransmitted at +500 ms and +1.5 s before "
        "the 100; the far end's 500 is retransmitted once and the ACK repeated",
        "1 call, one leg per hop (1 and 2); frames 4 and 5 retransmissions of 3; frame 11 "
        "a retransmission of the 500 in 7, frame 12 of the ACK in 8; hop-2 500 = failure "
        "origin, hop-1 500 relayed",
        CallPlan(
            WEBEX_SITE, "2015-07-06 04:12:09.550731", (5060, 5060), trunk="UDP",
            failure=SEED_FAILURE,
            ladder=("INVITE   0          9.214,509.214,1509.214",
                    "100      1.630      1621.622",
                    "500      2305.875   2304.331,2804.331",
                    "ACK      2307.351   2305.202,2805.133"),
            cucm=CucmCall("5d21f880-59920a3e-e0cd7-64151cac@172.28.21.100",
                          "2951402~3fb53c10-0c98-891d-d84f-6fa87e4135c3-22672330",
                          "1562392576-0000065536-0000007977-1679105196",
                          "INVITE 11e2b8d40c7a15")),
        points=[("cucm-uplink",
                 "CUCM's uplink (UDP trunk to Expressway-C and its onward leg)", (1, 2))]),

    Scenario(
        "merged-two-points",
        "the seed call captured on Exp-C (interface 0, hops 1 and 2) and on Exp-E "
        "(interface 1, hops 2 and 3), merged: every hop-2 message appears twice, identical "
        "bytes, 0.4 ms apart (the sender's side first)",
        "1 call, still 3 hops; the second sighting of each hop-2 message is a copy of the "
        "first (frames 4, 6, 12, 14); hop-3 500 (frame 9) = failure origin, hop-2 500 "
        "(frame 11) and hop-1 500 relayed. With tshark's default TCP preferences the "
        "copies show as [TCP Retransmission] and are not dissected as SIP: read with "
        "-o tcp.analyze_sequence_numbers:FALSE (see merged-two-points.options)",
        SEED_CALL,
        points=[("expc-side", "capture on Expressway-C: hop 1 and hop 2", (1, 2)),
                ("expe-side", "capture on Expressway-E: hop 2 and hop 3", (2, 3))],
        tshark_options=(
            "tshark options this capture needs (one argument per line).\n"
            "Both capture points saw the same TCP stream: with sequence analysis on,\n"
            "Wireshark takes the second copy of each segment for a TCP retransmission\n"
            "and never hands it to SIP. Turning the analysis off lets SIP see both.",
            ["-o", "tcp.analyze_sequence_numbers:FALSE"])),

    Scenario(
        "b2bua-session-id",
        "Exp-C as a B2BUA: leg A CUCM -> Exp-C (Call-ID A), leg B Exp-C -> Exp-E (new "
        "Call-ID B, 1 Via, same Session-ID local UUID and Cisco-Guid), proxy hop Exp-E -> "
        "Webex (Call-ID B, 2 Vias); delayed offer; Webex's 500 relayed back over both",
        "1 call, hops 1, 2, 3 (hop 2 linked to hop 1 by Session-ID, hop 3 to hop 2 by the "
        "Via chain); delayed offer toward Webex (EO required) on each INVITE; hop-3 500 = "
        "failure origin, hop-2 and hop-1 500s relayed",
        CallPlan(
            WEBEX_SITE, "2015-07-06 05:20:31.081446", (5560, 25077, 25158),
            b2bua=True, session_id=True,
            failure=SEED_FAILURE,
            ladder=("INVITE   0          15.082     745.903",
                    "100      1.266      17.530     929.118",
                    "500      1880.407   1877.012   1874.655",
                    "ACK      1882.063   1878.841   1875.790"),
            cucm=CucmCall("8e4f0a00-59921b4c-e0ce2-64151cac@172.28.21.100",
                          "2951655~3fb53c10-0c98-891d-d84f-6fa87e4135c3-22672689",
                          "2745188224-0000065536-0000008016-1679105196",
                          "INVITE 11f3c9e51d8b26",
                          "e1f3a5c7-2b4d-4e6f-8a0c-1d3e5f7a9b0c"))),

    Scenario(
        "seed-hop2-only",
        "only the seed's Expressway-E view: hop-2 INVITE (2 Vias), hop-3 INVITE, Webex's "
        "500, the 500 relayed on hop 2; hop 1 not captured",
        "1 call, hops numbered 2 and 3 from the Via count; hop_missing on the hop-2 "
        "INVITE (1 earlier hop not captured); delayed offer toward Webex on both; hop-3 "
        "500 = failure origin, hop-2 500 relayed",
        SEED_CALL, only=("INVITE", "500"),
        points=[("expe-side", "capture on Expressway-E: hop 2 and hop 3", (2, 3))]),

    Scenario(
        "cancelled-call",
        "early-offer INVITE over two hops (CUCM -> Exp-C -> video endpoint 172.28.21.130), "
        "180, CUCM CANCELs on hop 1, Exp-C CANCELs on hop 2, 200 to each CANCEL, 487 on "
        "hop 2 relayed to hop 1, ACKs",
        "1 call, hops 1 and 2; early offer (eo_required 0); final 487 on each hop, a "
        "cancellation: no failure origin, no failure_relayed",
        CallPlan(
            ROOM_SYSTEM, "2015-07-06 06:02:55.730214", (5560, 25093), early_offer=True,
            ladder=("INVITE       0          11.736",
                    "100          1.194      14.052",
                    "180          97.460     95.877",
                    "CANCEL       6415.221   6417.990",
                    "200/CANCEL   6416.803   6429.315",
                    "487          6434.117   6431.088",
                    "ACK          6435.702   6432.560"),
            cucm=CucmCall("c61d3f00-59922d1e-e0cf5-64151cac@172.28.21.100",
                          "2951903~3fb53c10-0c98-891d-d84f-6fa87e4135c3-22673047",
                          "3323962368-0000065536-0000008058-1679105196",
                          "INVITE 1204a7d93c6e51",
                          "f4a6c8e0-3c5e-4f70-9b1d-2e4f6a8c0e1f"))),

    Scenario(
        "busy-partner-early-offer",
        "early-offer call to a non-Webex domain (sip:1234@partner.example.com via CUCM -> "
        "Exp-C -> Exp-E -> partner SBC 203.0.113.50): the SBC answers 486 Busy Here "
        "(Warning 399 and Reason Q.850 cause 17) on hop 3, relayed unchanged as 486 on "
        "hops 2 and 1, ACK on each hop",
        "1 call, hops 1-3; early offer with eo_required 0 (no delayed-offer expert); hop-3 "
        "486 = failure origin (the warning-severity failure_origin: not a delayed offer to "
        "an early-offer-only destination); hop-2 and hop-1 486s relayed, origin = the "
        "hop-3 486's frame (6); sdp column: offer on the INVITEs",
        CallPlan(
            PARTNER, "2015-07-06 03:27:14.602513", (5560, 25066, 25147), early_offer=True,
            far_tag="5A41C0E8-2217",
            failure=Failure(486, "busy", (
                ("Reason", "Q.850;cause=17"),
                ("Warning", '399 sbc1.partner.example.com "Called party busy"'))),
            ladder=("INVITE   0          14.116     709.822",
                    "100      1.241      16.508     738.470",
                    "486      1209.902   1206.389   1203.655",
                    "ACK      1211.577   1208.140   1204.713"),
            cucm=CucmCall("2a91d700-5991f5a2-e0cc9-64151cac@172.28.21.100",
                          "2951262~3fb53c10-0c98-891d-d84f-6fa87e4135c3-22672107",
                          "0714790656-0000065536-0000007956-1679105196",
                          "INVITE 11d27a90c4e3b5")),
        sdp_column=True),

    Scenario(
        "webex-503-becomes-500",
        "a seed-like delayed-offer call toward company.webex.com (CUCM -> Exp-C -> Exp-E -> "
        "Webex): Webex answers 503 Service Unavailable (Warning 399); Exp-E, as RFC 3261 "
        "16.7 asks of a proxy, does not pass the 503 upstream but relays it as 500 Server "
        "Internal Error (status line changed, everything else as relayed); Exp-C relays "
        "the 500 to CUCM; ACK on each hop",
        "1 call, hops 1-3; delayed offer toward Webex (EO required) on every INVITE; hop-3 "
        "503 (frame 7) = failure origin; hop-2 and hop-1 500s relayed, origin = the 503's "
        "frame (7) and origin_hop 3 although the status changed",
        CallPlan(
            WEBEX_SITE, "2015-07-06 03:48:51.270644", (5560, 25070, 25151),
            failure=Failure(503, "unavailable", (
                ("Warning", '399 114.29.213.174:5071 "No media resources available"'),)),
            # the 503's row: Exp-E relays it as 500 on hops 2 and 1
            ladder=("INVITE   0          15.207     748.361",
                    "100      1.318      17.644     925.027",
                    "503      2217.466   2214.092   2211.480",
                    "ACK      2219.105   2215.930   2212.615"),
            cucm=CucmCall("7e05a380-5991fab3-e0cd0-64151cac@172.28.21.100",
                          "2951317~3fb53c10-0c98-891d-d84f-6fa87e4135c3-22672198",
                          "1238630272-0000065536-0000007962-1679105196",
                          "INVITE 11d39b01f5a6c7")),
        sdp_column=True),

    Scenario(
        "reliable-18x-prack",
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
        CallPlan(
            PARTNER, "2015-07-06 04:36:02.915380", (5560, 25083, 25164),
            supported="100rel," + CUCM_SUPPORTED,
            far_tag="5A4F2D91-0B6C", far_sdp=7388,
            ladder=("INVITE      0           13.870      705.118",
                    "100         1.205       16.342      733.604",
                    "183         1390.826    1389.017    1387.251",
                    "PRACK       1412.530    1414.281    1416.064",
                    "200/PRACK   1452.419    1450.677    1448.903",
                    "180         1893.871    1892.104    1890.336",
                    "200         5608.253    5606.490    5604.722",
                    "ACK         5631.018    5632.770    5634.509",
                    "BYE         38519.660   38521.412   38523.187",
                    "200/BYE     38564.579   38562.801   38561.044"),
            cucm=CucmCall("a3c85200-599205e1-e0cda-64151cac@172.28.21.100",
                          "2951488~3fb53c10-0c98-891d-d84f-6fa87e4135c3-22672451",
                          "2747421184-0000065536-0000007988-1679105196",
                          "INVITE 11e4c7d2a0f813, PRACK 11e4d8e3b1a924, "
                          "ACK 11e4e9f4c2b035, BYE 11e4fa05d3c146")),
        sdp_column=True),

    Scenario(
        "reinvite-from-far-end",
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
        CallPlan(
            PARTNER, "2015-07-06 05:42:37.148203", (5560, 25089, 25171), early_offer=True,
            far_tag="5A5B8E04-3C71", far_sdp=7514, far_cseq=6671,
            ladder=("INVITE          0           14.389      711.207",
                    "100             1.226       16.751      739.940",
                    "200             4409.877    4408.102    4406.318",
                    "ACK             4433.520    4435.284    4437.061",
                    "re-INVITE       9879.461    9875.330    9872.415",
                    "100/re-INVITE   9880.853    9877.718    9873.602",
                    "200/re-INVITE   9921.207    9922.985    9924.741",
                    "ACK/re-INVITE   9957.049    9955.273    9953.506",
                    "BYE             52610.338   52612.094   52613.859",
                    "200/BYE         52656.251   52654.483   52652.720"),
            cucm=CucmCall("d4e19a00-59922a6f-e0ce8-64151cac@172.28.21.100",
                          "2951790~3fb53c10-0c98-891d-d84f-6fa87e4135c3-22672864",
                          "3571296640-0000065536-0000008034-1679105196",
                          "INVITE 11f5a0b7e3d259, ACK 11f5b1c8f4e36a, BYE 11f5c2d905f47b")),
        sdp_column=True),
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
    return [Player(scenario).play() for scenario in SCENARIOS]


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
        names = generated_names(write_all(tmp))
        problems = compare_files(repo_dir, tmp, names)
    if os.path.isdir(repo_dir):
        for name in sorted(os.listdir(repo_dir)):
            generated_kind = name.endswith((".pcapng", ".expected", ".options"))
            if generated_kind and name not in names and not name.startswith("real-"):
                problems.append("not generated (stale?): %s" % name)
    return report_check("gen-test-captures", problems, "%d files identical" % len(names))


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
