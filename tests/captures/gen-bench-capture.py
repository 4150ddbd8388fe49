#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write a large, deterministic SIP capture for siphop's benchmark.

    python3 tests/captures/gen-bench-capture.py --calls 10000 --seed 1 -o bench-10k.pcapng
    python3 tests/captures/gen-bench-capture.py --calls 50 --seed 7 -o small.pcapng --summary

N calls from a CUCM cluster through Expressway-C and Expressway-E (both
proxying, Expressway-style Vias with proxy-call-id / zones, double
Record-Route) to Webex or to a partner SBC, arriving at random (Poisson) and
overlapping in time, on TCP connections shared by many calls (and one UDP
trunk). The mix (probabilities per call):

  - CUCM trunk: TCP from 172.28.21.100 (80%), UDP from 172.28.21.101 (20%);
  - destination: a Webex site (55%) or a partner domain (45%);
  - offer: delayed (30%) or early (70%, CUCM's audio+video SDP; audio only
    on the UDP trunk so that every datagram fits one 1500-byte frame);
  - outcome: delayed offer toward Webex fails like the seed call (Webex's
    500 with a Warning, relayed back to CUCM, ACK on each hop); otherwise
    200 (85%), 486 from the far end (10%) or 500 with a Warning (5%);
    a successful call has 100/180/200, the 2xx ACK on each hop and a BYE
    (from CUCM, or from the far end for 25% of them) after an exponential
    hold time (mean 120 s);
  - the far end's 100 Trying leaves in one TCP segment with its next
    response for 30% of the calls (two SIP messages in one segment);
    messages over 1460 bytes are split into MSS-sized TCP segments;
  - UDP trunk only: Expressway-C is slow to answer 15% of the INVITEs
    (CUCM retransmits at +500 ms, and again at +1.5 s for a third of them),
    CUCM is slow to ACK 10% of the final responses (Expressway-C
    retransmits the 200 / failure at +500 ms; a failure's ACK is then sent
    again too);
  - OPTIONS keepalive (and its 200) from Expressway-C to Expressway-E every
    30 s on the traversal connection.

Frames are written to the file as they are generated: memory stays
proportional to the calls in progress, not to the capture. The pcapng
writer and the SIP/Ethernet/IP/TCP/UDP builders are sipcap.py's, what CUCM
and the Expressways send sipmodel.py's (shared with gen-test-captures.py).

--summary prints a JSON object (to stdout) with the model's own counts: calls,
frames, SIP messages, the mix, and how many of each siphop expert item the
capture should raise (delayed_offer_eo_required = 3 per delayed-offer call
toward Webex: one per hop, first sightings only).

Deterministic: same --calls, --seed and --rate give the same bytes.
Python 3 standard library only.
"""

import argparse
import heapq
import json
import random
import re
import sys

from sipcap import Network, PcapngWriter, SipMessage, TcpConnection, ms, sip_date, ts, udp_frame
from sipmodel import (CUCM_ALLOW, CUCM_UA, EXPC, EXPE_IN, EXPE_OUT, FAR_END_TTL, SBC_SERVER,
                      SEED_WARNING, TANDBERG_C, WEBEX_PAI, WEBEX_PORT, WEBEX_SERVER,
                      ack_for_non2xx, cucm_answer_audio_video, cucm_invite,
                      cucm_offer_audio_video, expressway_c, expressway_e, far_end_sdp,
                      in_dialog_request, relay_response, response_to)

# --------------------------------------------------------------------------
# The network
# --------------------------------------------------------------------------

CUCM_TCP = "172.28.21.100"
CUCM_UDP = "172.28.21.101"

WEBEX_SITES = ["acme", "globex", "initech", "umbrella", "company"]
WEBEX_NODES = ["114.29.213.174", "114.29.213.175", "114.29.214.20", "62.109.209.31"]
PARTNERS = [("partner.example.com", "203.0.113.50"), ("sbc.example.net", "203.0.113.51"),
            ("voice.example.org", "198.51.100.20")]

MSS = 1460

_M_LINE = re.compile(rb"^m=(audio|video) [0-9]+ ", re.M)


def with_ports(body, audio_port):
    """The same SDP with its audio on audio_port and video on audio_port + 2.
    Every call's media gets ports of its own, as phones and media servers
    allocate them; the test generator's fixed ports would make every call
    set up the same RTP conversation (Wireshark's SDP/RTP bookkeeping for
    one address and port then grows with the number of calls)."""
    def sub(m):
        port = audio_port if m.group(1) == b"audio" else audio_port + 2
        return b"m=%s %d " % (m.group(1), port)
    return _M_LINE.sub(sub, body)


class Model:
    """Counts kept while generating: the --summary."""

    def __init__(self, calls, seed, rate):
        self.s = {
            "generator": "tests/captures/gen-bench-capture.py",
            "calls": calls, "seed": seed, "rate_per_s": rate,
            "frames": 0, "sip_messages": 0, "tcp_segments": 0, "udp_datagrams": 0,
            "multi_message_segments": 0, "split_messages": 0,
            "options_pings": 0,
            "trunk": {"tcp": 0, "udp": 0},
            "target": {"webex": 0, "other": 0},
            "offer": {"early": 0, "delayed": 0},
            "outcome": {"200": 0, "486": 0, "500": 0},
            "bye_from_far_end": 0,
            "invite_legs": 0,
            "expected_experts": {
                "delayed_offer": 0, "delayed_offer_eo_required": 0,
                "failure_origin": 0, "failure_relayed": 0, "retransmission": 0,
            },
            "first_ts_ns": None, "last_ts_ns": None,
        }

    def add(self, key, n=1, sub=None):
        if sub is None:
            self.s[key] += n
        else:
            self.s[key][sub] += n


class Generator:
    def __init__(self, f, calls, seed, rate):
        self.rng = random.Random(seed)
        self.calls = calls
        self.rate = rate
        self.model = Model(calls, seed, rate)
        self.writer = PcapngWriter("siphop tests/captures/gen-bench-capture.py", out=f)
        self.writer.add_interface("dc-span", "SPAN of the CUCM, Expressway-C and Expressway-E "
                                             "links (TLS legs shown decrypted)")
        self.net = Network("bench-%d" % seed, FAR_END_TTL)
        self.events = []          # heap of (time_ns, order, kind, args)
        self.order = 0
        self.last_ts = 0
        # TCP connections shared by the calls, opened before the capture.
        net = self.net
        self.hop1 = [TcpConnection(net, (CUCM_TCP, p), (EXPC, 5060)) for p in (5560, 5561)]
        self.hop2 = [TcpConnection(net, (EXPC, p), (EXPE_IN, 7011)) for p in (25048, 25049)]
        self.hop3_webex = {ip: [TcpConnection(net, (EXPE_OUT, 25100 + 10 * i + k), (ip, WEBEX_PORT))
                                for k in range(3)]
                           for i, ip in enumerate(WEBEX_NODES)}
        self.hop3_partner = {ip: [TcpConnection(net, (EXPE_OUT, 26100 + 10 * i + k), (ip, 5060))
                                  for k in range(2)]
                             for i, (_, ip) in enumerate(PARTNERS)}

    # ---- random identifiers (from the seeded generator: fast, deterministic)

    def hexs(self, n):
        return "%0*x" % (n, self.rng.getrandbits(4 * n))

    def uuid(self):
        h = self.hexs(32)
        return "%s-%s-4%s-%s%s-%s" % (h[:8], h[8:12], h[13:16], "89ab"[int(h[16], 16) & 3],
                                      h[17:20], h[20:])

    def branch_expressway(self):
        return "z9hG4bK%s.%s" % (self.hexs(32), self.hexs(32))

    def branch_cucm(self):
        return "z9hG4bK%s" % self.hexs(14)

    # ---- scheduling

    def at(self, when, kind, *args):
        heapq.heappush(self.events, (when, self.order, kind, args))
        self.order += 1

    def tcp(self, when, conn, from_client, msgs):
        """msgs: encoded SIP messages sent together (one write)."""
        self.at(when, "tcp", conn, from_client, b"".join(msgs), len(msgs))

    def udp(self, when, src, dst, data):
        self.at(when, "udp", src, dst, data)

    def emit(self, when, data):
        assert when >= self.last_ts
        self.last_ts = when
        self.writer.add_packet(0, when, data)
        m = self.model
        m.s["frames"] += 1
        if m.s["first_ts_ns"] is None:
            m.s["first_ts_ns"] = when
        m.s["last_ts_ns"] = when

    def run_event(self, when, kind, args):
        m = self.model
        if kind == "tcp":
            conn, from_client, payload, nmsgs = args
            m.add("sip_messages", nmsgs)
            if nmsgs > 1:
                m.add("multi_message_segments")
            if len(payload) > MSS:
                m.add("split_messages")
            for i in range(0, len(payload), MSS):
                self.emit(when, conn.segment(from_client, payload[i:i + MSS]))
                m.add("tcp_segments")
        else:
            src, dst, data = args
            m.add("sip_messages")
            m.add("udp_datagrams")
            self.emit(when, udp_frame(self.net, src, dst, data))

    def run(self):
        t = ts("2015-07-06 06:00:00.000000")
        next_ping = t
        made = 0
        next_call = t
        while made < self.calls or self.events:
            # Keepalives only while calls are still arriving.
            if made < self.calls and next_ping <= next_call and (not self.events or next_ping <= self.events[0][0]):
                self.options_ping(next_ping)
                next_ping += ms(30000)
                continue
            if made < self.calls and (not self.events or next_call <= self.events[0][0]):
                made += 1
                self.call(made, next_call)
                next_call += max(1000, int(self.rng.expovariate(self.rate) * 1e9))
                continue
            when, _, kind, args = heapq.heappop(self.events)
            self.run_event(when, kind, args)
        return self.model.s

    # ---- traffic

    def options_ping(self, when):
        conn = self.hop2[0]
        branch = self.branch_expressway()
        tag = self.hexs(16)
        callid = "%s@172.28.21.104" % self.hexs(32)
        req = SipMessage("OPTIONS sip:172.28.21.110:7011;transport=tcp SIP/2.0", [
            ("Via", "SIP/2.0/TCP 172.28.21.104:25048;branch=%s;rport" % branch),
            ("Call-ID", callid),
            ("CSeq", "6001 OPTIONS"),
            ("From", "<sip:172.28.21.104>;tag=%s" % tag),
            ("To", "<sip:172.28.21.110:7011;transport=tcp>"),
            ("Max-Forwards", "0"),
            ("User-Agent", "TANDBERG/4352 (X8.5.2)"),
            ("Supported", "replaces,timer"),
            ("Content-Length", "0")])
        req_rcvd = req.copy()
        req_rcvd.set("Via", "SIP/2.0/TCP 172.28.21.104:25048;branch=%s;received=172.28.21.104;"
                            "rport=25048" % branch)
        resp = response_to(req_rcvd, 200, "OK", to_tag=self.hexs(16), headers=[TANDBERG_C])
        self.tcp(when, conn, True, [req.encode()])
        self.tcp(when + ms(1.1), conn, False, [resp.encode()])
        self.model.add("options_pings")

    def call(self, number, t0):
        rng = self.rng
        m = self.model
        udp = rng.random() < 0.20
        webex = rng.random() < 0.55
        delayed = rng.random() < 0.30
        if webex and delayed:
            outcome = 500
        else:
            r = rng.random()
            outcome = 200 if r < 0.85 else 486 if r < 0.95 else 500
        m.add("trunk", sub="udp" if udp else "tcp")
        m.add("target", sub="webex" if webex else "other")
        m.add("offer", sub="delayed" if delayed else "early")
        m.add("outcome", sub=str(outcome))
        m.add("invite_legs", 3)
        ee = m.s["expected_experts"]
        if delayed:
            ee["delayed_offer"] += 3
            if webex:
                ee["delayed_offer_eo_required"] += 3
        if outcome >= 400:
            ee["failure_origin"] += 1
            ee["failure_relayed"] += 2

        # Who and where.
        ext = 7000 + rng.randrange(3000)
        calling = "%d.company.com.au" % ext
        if webex:
            site = WEBEX_SITES[rng.randrange(len(WEBEX_SITES))]
            user = self.hexs(24)
            domain = "%s.webex.com" % site
            far_ip = WEBEX_NODES[rng.randrange(len(WEBEX_NODES))]
            conn3 = self.hop3_webex[far_ip][rng.randrange(3)]
            far_srv = [WEBEX_SERVER, WEBEX_PAI]
            far_contact = "<sip:%s@%s:5061;transport=tls>" % (user, far_ip)
            far_origin = "TANDBERG"
            far_display = '"CiscoWebEx" '
        else:
            domain, far_ip = PARTNERS[rng.randrange(len(PARTNERS))]
            user = "%d" % (1000 + rng.randrange(9000))
            conn3 = self.hop3_partner[far_ip][rng.randrange(2)]
            far_srv = [SBC_SERVER]
            far_contact = "<sip:%s@%s:5060;transport=tcp>" % (user, far_ip)
            far_origin = "CiscoSystemsSIP-GW-UserAgent"
            far_display = ""
        conn2 = self.hop2[rng.randrange(2)]
        far_port = conn3.server[1]
        expe_src_port = conn3.client[1]

        if udp:
            cucm_ip, cucm_port = CUCM_UDP, 5060
            transport = "UDP"
            cucm_contact = "<sip:%d@%s:5060>" % (ext, CUCM_UDP)
        else:
            conn1 = self.hop1[rng.randrange(2)]
            cucm_ip, cucm_port = conn1.client
            transport = "TCP"
            cucm_contact = ("<sip:%d@%s:%d;transport=tcp>;video;audio;isFocus;sip.cisco.multistream;"
                            "x-cisco-tip;+multiple-codecs-in-ans" % (ext, cucm_ip, cucm_port))
        expc = expressway_c(self.uuid(), transport)
        expe = expressway_e(self.uuid())

        sess = 2950000 + number
        # Media: the calling phone's address and ports, the far end's ports.
        phone_ip = "172.28.%d.%d" % (22 + rng.randrange(2), 2 + rng.randrange(250))
        phone_port = 16384 + 4 * rng.randrange(4096)
        far_media_port = 20000 + 4 * rng.randrange(2500)
        body = b""
        if not delayed:
            if udp:
                body = far_end_sdp("CiscoSystemsCCM-SIP", sess, phone_ip, 9, video=False)
            else:
                body = cucm_offer_audio_video(sess, phone_ip)
            body = with_ports(body, phone_port)
        cucm_via = "SIP/2.0/%s %s:%d;branch=%s" % (transport, cucm_ip, cucm_port, self.branch_cucm())
        call_id = "%s-%s-%s-64151cac@%s" % (self.hexs(8), self.hexs(8), self.hexs(5), cucm_ip)
        from_tag = "%d~%s-%d" % (sess, self.uuid(), 22670000 + number)
        inv1 = cucm_invite(
            ruri="sip:%s@%s" % (user, domain), via=cucm_via, call_id=call_id, from_tag=from_tag,
            to="<sip:%s@%s>" % (user, domain), date=sip_date(t0), taatag=self.uuid(),
            guid="%010d-0000065536-%010d-1679105196" % (rng.getrandbits(32), number),
            contact=cucm_contact, calling=calling, body=body, full=not udp)
        inv2 = expc.forward(inv1, (cucm_ip, cucm_port), self.branch_expressway())
        inv3 = expe.forward(inv2, (EXPC, conn2.client[1]), self.branch_expressway())
        inv1_rcvd = inv1.copy()
        inv1_rcvd.set("Via", expc.annotate(inv1.get("Via"), (cucm_ip, cucm_port)))
        inv2_rcvd = inv3.copy()
        inv2_rcvd.remove_first("Via")
        inv3_named = inv3.copy()
        if far_display:
            inv3_named.set("To", far_display + inv3.get("To"))

        # Hop-1 sending helpers (TCP connection or the UDP trunk).
        def send1(when, from_cucm, msg):
            data = msg.encode() if isinstance(msg, SipMessage) else msg
            if udp:
                a, b = (cucm_ip, 5060), (EXPC, 5060)
                self.udp(when, a if from_cucm else b, b if from_cucm else a, data)
            else:
                self.tcp(when, conn1, from_cucm, [data])

        def send2(when, from_expc, msg):
            self.tcp(when, conn2, from_expc, [msg.encode()])

        def send3(when, from_expe, msgs):
            self.tcp(when, conn3, from_expe, [x.encode() for x in msgs])

        retrans = m.s["expected_experts"]
        t = t0
        inv1_bytes = inv1.encode()
        send1(t, True, inv1_bytes)
        trying1 = response_to(inv1_rcvd, 100, "Trying", headers=[TANDBERG_C])
        delay100 = 1.2 + rng.random() * 0.8
        if udp and rng.random() < 0.15:
            # Expressway-C is busy: CUCM's timer A fires before the 100.
            send1(t + ms(500), True, inv1_bytes)
            retrans["retransmission"] += 1
            delay100 = 600 + rng.random() * 300
            if rng.random() < 1 / 3:
                send1(t + ms(1500), True, inv1_bytes)
                retrans["retransmission"] += 1
                delay100 = 1600 + rng.random() * 300
        t += ms(delay100)
        send1(t, False, trying1)
        t += ms(12 + rng.random() * 6)
        send2(t, True, inv2)
        t += ms(2 + rng.random())
        send2(t, False, response_to(inv2_rcvd, 100, "Trying", headers=[TANDBERG_C]))
        t += ms(20 + rng.random() * 700)
        send3(t, True, [inv3])
        t_inv3 = t

        far_tag = self.hexs(16)
        trying3 = response_to(inv3, 100, "Trying", src_port=expe_src_port, headers=far_srv[:1])
        coalesce = rng.random() < 0.30
        t += ms(30 + rng.random() * 150)
        held = []
        if coalesce:
            held = [trying3]
        else:
            send3(t, False, [trying3])

        def relay_up(t_start, resp3, relay_gap=1.8):
            """resp3 on hop 3 (with any held 100), relayed on hop 2 and hop 1."""
            nonlocal held
            send3(t_start, False, held + [resp3])
            held = []
            resp2 = relay_response(resp3)
            resp1 = relay_response(resp2)
            t2 = t_start + ms(relay_gap + rng.random() * 0.4)
            send2(t2, False, resp2)
            t1 = t2 + ms(relay_gap + rng.random() * 0.4)
            return resp2, resp1, t2, t1

        if outcome == 500 and webex and delayed:
            # The seed's failure: Webex answers the delayed offer with a 500.
            t += ms(100 + rng.random() * 1100)
            self.failure(t, inv1, inv2, inv3, inv3_named, far_tag, expe_src_port, far_srv,
                         500, "Internal Server Error", SEED_WARNING.replace("114.29.213.174", far_ip),
                         relay_up, send1, send2, send3, udp)
            return
        t += ms(200 + rng.random() * 1300)
        ring3 = response_to(inv3_named, 180, "Ringing", to_tag=far_tag, src_port=expe_src_port,
                            contact=far_contact, headers=far_srv)
        _, ring1, _, t1 = relay_up(t, ring3)
        send1(t1, False, ring1)
        if outcome != 200:
            t += ms(1000 + rng.random() * 7000)
            if outcome == 486:
                self.failure(t, inv1, inv2, inv3, inv3_named, far_tag, expe_src_port, far_srv,
                             486, "Busy Here", None, relay_up, send1, send2, send3, udp)
            else:
                warning = '399 %s "No route to destination"' % far_ip
                self.failure(t, inv1, inv2, inv3, inv3_named, far_tag, expe_src_port, far_srv,
                             500, "Internal Server Error", warning, relay_up, send1, send2, send3, udp)
            return

        # Answered: 200 (answer to the early offer, or the offer), 2xx ACKs.
        t += ms(2000 + rng.random() * 13000)
        sdp200 = with_ports(far_end_sdp(far_origin, 7000000 + number, far_ip, 9 if udp else 114,
                                        video=not udp), far_media_port)
        ok3 = response_to(inv3_named, 200, "OK", to_tag=far_tag, src_port=expe_src_port,
                          contact=far_contact,
                          headers=[("Allow", CUCM_ALLOW)] + far_srv +
                                  [("Supported", "timer"), ("Require", "timer"),
                                   ("Session-Expires", "1800;refresher=uac")],
                          body=sdp200)
        _, ok1, _, t1 = relay_up(t, ok3)
        ok1_bytes = ok1.encode()
        send1(t1, False, ok1_bytes)
        ack_body = b""
        if delayed:
            ack_body = with_ports(far_end_sdp("CiscoSystemsCCM-SIP", sess, phone_ip, 9, video=False)
                                  if udp else cucm_answer_audio_video(sess, phone_ip), phone_port)
        ack1 = in_dialog_request("ACK", 101, ok1, "SIP/2.0/%s %s:%d;branch=%s"
                                 % (transport, cucm_ip, cucm_port, self.branch_cucm()),
                                 CUCM_UA, body=ack_body)
        t_ack = t1 + ms(10 + rng.random() * 10)
        if udp and rng.random() < 0.10:
            # CUCM is slow to ACK: Expressway-C retransmits the 200 first.
            send1(t1 + ms(500), False, ok1_bytes)
            retrans["retransmission"] += 1
            t_ack = t1 + ms(505 + rng.random() * 10)
        send1(t_ack, True, ack1)
        ack2 = expc.forward(ack1, (cucm_ip, cucm_port), self.branch_expressway(), pop_routes=2)
        ack3 = expe.forward(ack2, (EXPC, conn2.client[1]), self.branch_expressway(), pop_routes=2)
        t = t_ack + ms(1.5 + rng.random() * 0.5)
        send2(t, True, ack2)
        t += ms(1.5 + rng.random() * 0.5)
        send3(t, True, [ack3])

        # Hang up after the hold time.
        hold = min(3600.0, max(5.0, rng.expovariate(1 / 120.0)))
        t += ms(hold * 1000)
        if rng.random() < 0.25:
            self.bye_from_far_end(t, ok3, inv3, expc, expe, conn2, far_ip, far_port, far_srv,
                                  cucm_ip, cucm_port, send1, send2, send3, udp)
            return
        bye1 = in_dialog_request("BYE", 102, ok1, "SIP/2.0/%s %s:%d;branch=%s"
                                 % (transport, cucm_ip, cucm_port, self.branch_cucm()),
                                 CUCM_UA, extra=[("Reason", "Q.850;cause=16")])
        bye2 = expc.forward(bye1, (cucm_ip, cucm_port), self.branch_expressway(), pop_routes=2)
        bye3 = expe.forward(bye2, (EXPC, conn2.client[1]), self.branch_expressway(), pop_routes=2)
        send1(t, True, bye1)
        t += ms(1.5 + rng.random() * 0.5)
        send2(t, True, bye2)
        t += ms(1.5 + rng.random() * 0.5)
        send3(t, True, [bye3])
        t += ms(50 + rng.random() * 150)
        byeok3 = response_to(bye3, 200, "OK", src_port=expe_src_port, headers=far_srv)
        byeok2 = relay_response(byeok3)
        byeok1 = relay_response(byeok2)
        send3(t, False, [byeok3])
        t += ms(1.5 + rng.random() * 0.5)
        send2(t, False, byeok2)
        t += ms(1.5 + rng.random() * 0.5)
        send1(t, False, byeok1)

    def failure(self, t, inv1, inv2, inv3, inv3_named, far_tag, expe_src_port, far_srv,
                status, reason, warning, relay_up, send1, send2, send3, udp):
        """The far end's failure response on hop 3, relayed to hop 2 and 1,
        each hop ACKing its own (RFC 3261 17.1.1.3)."""
        rng = self.rng
        headers = list(far_srv)
        if warning:
            headers.append(("Warning", warning))
        r3 = response_to(inv3_named, status, reason, to_tag=far_tag, src_port=expe_src_port,
                         record_route=False, headers=headers)
        r2, r1, t2, t1 = relay_up(t, r3, relay_gap=1.5)
        send3(t + ms(1 + rng.random() * 0.3), True, [ack_for_non2xx(inv3, r3)])
        send2(t2 + ms(1.5 + rng.random() * 0.3), True, ack_for_non2xx(inv2, r2))
        r1_bytes = r1.encode()
        ack1_bytes = ack_for_non2xx(inv1, r1).encode()
        send1(t1, False, r1_bytes)
        send1(t1 + ms(1.5 + rng.random() * 1.5), True, ack1_bytes)
        if udp and rng.random() < 0.10:
            # The ACK was lost after the capture point: Expressway-C's
            # timer G retransmits the failure, CUCM ACKs it again.
            send1(t1 + ms(500), False, r1_bytes)
            send1(t1 + ms(502 + rng.random()), True, ack1_bytes)
            self.model.s["expected_experts"]["retransmission"] += 2

    def bye_from_far_end(self, t, ok3, inv3, expc, expe, conn2, far_ip, far_port, far_srv,
                         cucm_ip, cucm_port, send1, send2, send3, udp):
        """The far end hangs up: a BYE along the Record-Route set (in
        order), From and To swapped, each Expressway pushing its Via."""
        rng = self.rng
        self.model.add("bye_from_far_end")
        contact = inv3.get("Contact")
        target = contact[contact.index("<") + 1:contact.index(">")]
        far_via = "SIP/2.0/TLS %s:5061;branch=z9hG4bK%s;rport" % (far_ip, self.hexs(20))
        bye3 = SipMessage("BYE %s SIP/2.0" % target,
                          [("Via", far_via),
                           ("Call-ID", ok3.get("Call-ID")),
                           ("CSeq", "%d BYE" % (1 + rng.randrange(1000))),
                           ("From", ok3.get("To")),
                           ("To", ok3.get("From")),
                           ("Max-Forwards", "70")]
                          + [("Route", rr) for rr in ok3.get_all("Record-Route")]
                          + far_srv[:1] + [("Reason", "Q.850;cause=16"), ("Content-Length", "0")])
        # Each Expressway forwards toward the caller: egress and ingress
        # zones swap, the Via names the side it sends from.
        expe_back = expe.toward_caller("172.28.21.110:7011", "TLS")
        expc_back = expc.toward_caller("172.28.21.104:5060", "UDP" if udp else "TCP")
        bye2 = expe_back.forward(bye3, (far_ip, far_port), self.branch_expressway(), pop_routes=2)
        bye1 = expc_back.forward(bye2, (EXPE_IN, 7011), self.branch_expressway(), pop_routes=2)
        send3(t, False, [bye3])
        t += ms(1.5 + rng.random() * 0.5)
        send2(t, False, bye2)
        t += ms(1.5 + rng.random() * 0.5)
        send1(t, False, bye1)
        t += ms(5 + rng.random() * 10)
        ok1 = response_to(bye1, 200, "OK", headers=[("User-Agent", CUCM_UA)])
        ok2 = relay_response(ok1)
        ok3b = relay_response(ok2)
        send1(t, True, ok1)
        t += ms(1.5 + rng.random() * 0.5)
        send2(t, True, ok2)
        t += ms(1.5 + rng.random() * 0.5)
        send3(t, True, [ok3b])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--calls", type=int, required=True, help="number of calls")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--rate", type=float, default=4.0,
                    help="mean call arrivals per second (default 4: ~1000 calls in progress)")
    ap.add_argument("-o", "--output", required=True, help="pcapng file to write")
    ap.add_argument("--summary", action="store_true",
                    help="print the model's counts as JSON on stdout")
    args = ap.parse_args(argv)
    if args.calls < 1 or args.rate <= 0:
        ap.error("--calls must be >= 1 and --rate > 0")
    with open(args.output, "wb") as f:
        gen = Generator(f, args.calls, args.seed, args.rate)
        summary = gen.run()
    if args.summary:
        json.dump(summary, sys.stdout, indent=2, sort_keys=True)
        sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
