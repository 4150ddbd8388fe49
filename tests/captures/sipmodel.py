# SPDX-License-Identifier: GPL-2.0-or-later
"""How the elements of a CUCM -> Expressway-C -> Expressway-E -> far end
call build and pass on SIP messages, as the seed trace (an Expressway-E log
of a call to Webex, 2015-07-06) shows them; shared by gen-test-captures.py
and gen-bench-capture.py.

  - the addresses of the seed's network and the headers its elements add;
  - Expressway acting as a proxy (Via, Max-Forwards, Record-Route, Route),
    a relayed response, a response, ACK, CANCEL and in-dialog requests
    (RFC 3261);
  - CUCM 10.5's INVITE, header for header as in the seed;
  - the SDP bodies CUCM and the far ends send.

Python 3 standard library only; the wire side is sipcap.py.
"""

import re

from sipcap import SipMessage, hexid

# --------------------------------------------------------------------------
# The seed's network
# --------------------------------------------------------------------------

CUCM = "172.28.21.100"
EXPC = "172.28.21.104"
EXPE_IN = "172.28.21.110"
EXPE_OUT = "172.28.252.1"
EXPE_PUBLIC = "58.162.48.4"    # Expressway-E's NATed public address (its Vias say so)
WEBEX = "114.29.213.174"       # the Webex node named in the seed's Warning header
PARTNER_SBC = "203.0.113.50"
ROOM = "172.28.21.130"         # a video endpoint registered to Expressway-C

# Initial TTL as seen at the capture point (sipcap.Network's ttl): local
# hosts send with 64, the far end's packets arrive after some routers.
FAR_END_TTL = {WEBEX: 51, PARTNER_SBC: 57}

# The seed's hop 3 and the 500 use TLS on 5061; Wireshark would try to decrypt
# anything on 5061, so the cleartext ("decrypted") SIP of the TLS legs is sent
# over TCP port 5060 instead. Via headers still say SIP/2.0/TLS ...:5061.
WEBEX_PORT = 5060

# Webex's Warning in the seed's 500, reused where a call has Webex fail the same way.
SEED_WARNING = '399 114.29.213.174:5071 "Invalid content in far end 200 OK"'

CUCM_ALLOW = "INVITE,OPTIONS,INFO,BYE,CANCEL,ACK,PRACK,UPDATE,REFER,SUBSCRIBE,NOTIFY"
CUCM_SUPPORTED = "timer,resource-priority,replaces,X-cisco-srtp-fallback,X-cisco-original-called"
CUCM_CONTACT = ("<sip:172.28.21.100:5560;transport=tcp>;video;audio;isFocus;"
                "sip.cisco.multistream;x-cisco-tip;+multiple-codecs-in-ans")
CUCM_UA = "Cisco-CUCM10.5"
TANDBERG_C = ("Server", "TANDBERG/4352 (X8.5.2)")      # Expressway-C and -E alike
WEBEX_SERVER = ("Server", "TANDBERG/4352 (X8.5.2-b2bua-1.0)")
WEBEX_PAI = ("P-Asserted-Identity", '"CiscoWebEx" <sip:webex.com>')
SBC_SERVER = ("Server", "Cisco-SIPGateway/IOS-15.6.1.S")

REASON = {100: "Trying", 180: "Ringing", 183: "Session Progress", 200: "OK",
          486: "Busy Here", 487: "Request Terminated", 500: "Internal Server Error",
          503: "Service Unavailable"}


# --------------------------------------------------------------------------
# Proxies, responses, requests (RFC 3261)
# --------------------------------------------------------------------------

def strip_via_params(via, names):
    head, *params = via.split(";")
    return ";".join([head] + [p for p in params if p.split("=", 1)[0] not in names])


def set_rport(via, port):
    """RFC 3581: the server fills in rport when the request asked for it."""
    head, *params = via.split(";")
    return ";".join([head] + ["rport=%d" % port if p == "rport" else p for p in params])


class ExpresswayProxy:
    """What an Expressway (C or E) does to a request it proxies, as the seed
    shows it: annotate the received top Via (received=, rport=, ingress-zone=),
    push its own Via, cap Max-Forwards at the zone hop count (15), and on an
    initial INVITE double-Record-Route (outgoing side first). In-dialog
    requests (re-INVITE included: its dialog's route set is already fixed,
    RFC 3261 12.2) have its own Route entries popped instead.

    A call's requests in the reverse direction (from the callee toward CUCM)
    leave the Expressway on the other side: toward_caller() is that second
    instance (same proxy-call-id, the other sent-by, the zones swapped)."""

    def __init__(self, sent_by, transport, egress_zone, ingress_zone, proxy_call_id,
                 record_route):
        self.sent_by = sent_by
        self.transport = transport
        self.egress_zone = egress_zone
        self.ingress_zone = ingress_zone
        self.proxy_call_id = proxy_call_id
        self.record_route = record_route      # ["host:port;transport=x", ...] top first

    def toward_caller(self, sent_by, transport):
        """The same Expressway forwarding the callee's requests toward CUCM:
        same proxy-call-id, zones swapped, its Via naming the side it sends
        from (sent_by, transport)."""
        return ExpresswayProxy(sent_by, transport, self.ingress_zone, self.egress_zone,
                               self.proxy_call_id, self.record_route)

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
    """A proxy relays a response upstream: it removes its own (top) Via and
    changes nothing else, except that a 503 goes up as 500 (RFC 3261 16.7
    step 6: a proxy does not pass a 503 on; the rest is relayed as usual)."""
    out = resp.copy()
    out.remove_first("Via")
    if out.status == 503:
        out.start = "SIP/2.0 500 %s" % REASON[500]
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


def _invite_sibling(method, invite_as_sent, to):
    """A request in the INVITE's own transaction: same Request-URI, top Via
    (same branch), Call-ID, From, CSeq number and Route set as the INVITE."""
    cseq = invite_as_sent.get("CSeq").split(" ")[0]
    h = [("Via", invite_as_sent.get_all("Via")[0]),
         ("Call-ID", invite_as_sent.get("Call-ID")),
         ("CSeq", "%s %s" % (cseq, method)),
         ("From", invite_as_sent.get("From")),
         ("To", to),
         ("Max-Forwards", "70")]
    h += [("Route", r) for r in invite_as_sent.get_all("Route")]
    h.append(("Content-Length", "0"))
    return SipMessage("%s %s SIP/2.0" % (method, invite_as_sent.ruri), h)


def ack_for_non2xx(invite_as_sent, resp):
    """RFC 3261 17.1.1.3: the client transaction's ACK to a non-2xx final
    response, its To from the response."""
    return _invite_sibling("ACK", invite_as_sent, resp.get("To"))


def cancel_for(invite_as_sent):
    """RFC 3261 9.1: CANCEL, its To as the INVITE's."""
    return _invite_sibling("CANCEL", invite_as_sent, invite_as_sent.get("To"))


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


def expressway_branch(label):
    """A branch as Expressway writes them: z9hG4bK, 32 hex, '.', 32 hex."""
    return "z9hG4bK%s.%s" % (hexid(label + "/a", 32), hexid(label + "/b", 32))


def expressway_c(proxy_call_id, trunk="TCP", zone=None):
    """Expressway-C proxying a call from CUCM's SIP trunk (TCP or UDP).
    zone None: on to Expressway-E over the traversal zone, TLS 5061, as in
    the seed; otherwise straight to the destination in that zone, over the
    trunk's transport."""
    ingress = "CUCMNeighborZoneB2B" if trunk == "TCP" else "CUCMNeighborZone"
    trunk_side = "172.28.21.104:5060;transport=%s" % trunk.lower()
    if zone is None:
        return ExpresswayProxy("172.28.21.104:5061", "TLS", "TraversalClientB2B", ingress,
                               proxy_call_id, ["172.28.21.104:5061;transport=tls", trunk_side])
    return ExpresswayProxy("172.28.21.104:5060", trunk, zone, ingress, proxy_call_id,
                           [trunk_side])


def expressway_e(proxy_call_id):
    """Expressway-E proxying from the traversal zone out to the DNS zone, as in the seed."""
    return ExpresswayProxy(EXPE_PUBLIC + ":5061", "TLS", "DNSZoneB2B", "TraversalServerB2B",
                           proxy_call_id, [EXPE_PUBLIC + ":5061;transport=tls",
                                           "172.28.21.110:7011;transport=tls"])


# --------------------------------------------------------------------------
# CUCM's INVITE
# --------------------------------------------------------------------------

def cucm_invite(*, ruri, via, call_id, from_tag, to, date, guid, taatag=None,
                contact=CUCM_CONTACT, calling="7221.company.com.au", body=b"",
                session_id=None, full=True, supported=CUCM_SUPPORTED):
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
          ("User-Agent", CUCM_UA)]
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


# --------------------------------------------------------------------------
# SDP
# --------------------------------------------------------------------------

def sdp(lines):
    return ("\r\n".join(lines) + "\r\n").encode("ascii")


def session_lines(origin, sess_id, origin_ip, name, media_ip, kbps):
    """An SDP's session part: v=, o= (version 1), s=, c=, b=AS:, t=."""
    return ["v=0",
            "o=%s %d 1 IN IP4 %s" % (origin, sess_id, origin_ip),
            "s=%s" % name,
            "c=IN IP4 %s" % media_ip,
            "b=AS:%d" % kbps,
            "t=0 0"]


OPUS = ["a=rtpmap:114 opus/48000/2",
        "a=fmtp:114 maxplaybackrate=16000;sprop-maxcapturerate=16000;"
        "maxaveragebitrate=64000;stereo=0;sprop-stereo=0;usedtx=0"]
H264_MODE1 = "a=fmtp:126 profile-level-id=428016;packetization-mode=1;max-mbps=245000;max-fs=8160"


def cucm_offer_audio_video(sess_id, media_ip):
    return sdp(session_lines("CiscoSystemsCCM-SIP", sess_id, CUCM, "SIP Call", media_ip, 6000) + [
        "m=audio 24580 RTP/AVP 114 9 0 8 101",
        "b=TIAS:64000"] + OPUS + [
        "a=rtpmap:9 G722/8000",
        "a=rtpmap:0 PCMU/8000",
        "a=rtpmap:8 PCMA/8000",
        "a=rtpmap:101 telephone-event/8000",
        "a=fmtp:101 0-15",
        "a=sendrecv",
        "m=video 24582 RTP/AVP 126 97",
        "b=TIAS:6000000",
        "a=rtpmap:126 H264/90000",
        H264_MODE1,
        "a=rtpmap:97 H264/90000",
        "a=fmtp:97 profile-level-id=428016;packetization-mode=0;max-mbps=245000;max-fs=8160",
        "a=rtcp-fb:* nack pli",
        "a=sendrecv",
        "a=content:main",
    ])


def cucm_answer_audio_video(sess_id, media_ip):
    return sdp(session_lines("CiscoSystemsCCM-SIP", sess_id, CUCM, "SIP Call", media_ip, 4000) + [
        "m=audio 24590 RTP/AVP 9 101",
        "a=rtpmap:9 G722/8000",
        "a=rtpmap:101 telephone-event/8000",
        "a=fmtp:101 0-15",
        "a=sendrecv",
        "m=video 24592 RTP/AVP 126",
        "b=TIAS:4000000",
        "a=rtpmap:126 H264/90000",
        H264_MODE1,
        "a=sendrecv",
    ])


def sdp_version(body, version):
    """The same session description with o='s version set (RFC 3264 8: a
    new offer in the session increments it)."""
    return re.sub(rb"^(o=\S+ \S+ )\d+ ", rb"\g<1>%d " % version, body, count=1, flags=re.M)


def far_end_sdp(origin, sess_id, media_ip, audio_pt, video=True):
    """An answer (to an offer) or an offer (in a 2xx to a delayed offer)."""
    audio_map = {114: OPUS, 9: ["a=rtpmap:9 G722/8000"]}
    lines = session_lines(origin, sess_id, media_ip, "-", media_ip, 4000)
    lines += ["m=audio 52004 RTP/AVP %d 101" % audio_pt]
    lines += audio_map[audio_pt]
    lines += ["a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-15", "a=sendrecv"]
    if video:
        lines += ["m=video 52006 RTP/AVP 126",
                  "b=TIAS:4000000",
                  "a=rtpmap:126 H264/90000",
                  H264_MODE1,
                  "a=rtcp-fb:* nack pli",
                  "a=sendrecv",
                  "a=content:main"]
    return sdp(lines)
