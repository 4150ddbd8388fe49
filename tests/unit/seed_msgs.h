/* seed_msgs.h - the three SIP messages of the reference failure.
 *
 * Copied from /work/shared/seeds/000_106589538189c739.txt (an Expressway-E
 * log quoted in a Cisco support document), with the document's ~80-column
 * line wraps joined back and CR LF line ends as on the wire. The document
 * itself has the first INVITE's To at kytec.webex.com; kept as quoted.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_TEST_SEED_MSGS_H
#define SIPHOP_TEST_SEED_MSGS_H

/* The INVITE Expressway-E received from Expressway-C (hop 2), 02:30:03.027. */
#define SEED_INVITE_HOP2 \
    "INVITE sip:34IBJumtlZRvmrI5t7WQjMhA@company.webex.com SIP/2.0\r\n" \
    "Via: SIP/2.0/TLS 172.28.21.104:5061;egress-zone=TraversalClientB2B;branch=z9hG4bKae647bb81b403d0562281463002ad68a379858.bdfb90811a812d6a11d607f3e17095a1;proxy-call-id=fdbf1c60-62e1-4204-884a-00fe8664ee66;rport\r\n" \
    "Via: SIP/2.0/TCP 172.28.21.100:5560;branch=z9hG4bK11c80762b0b051;received=172.28.21.100;ingress-zone=CUCMNeighborZoneB2B\r\n" \
    "Call-ID: e7672380-5991e82c-e0ca3-64151cac@172.28.21.100\r\n" \
    "CSeq: 101 INVITE\r\n" \
    "Remote-Party-ID: \"7221.company.com.au\" <sip:172.28.21.100>;party=calling;screen=yes;privacy=off\r\n" \
    "Contact: <sip:172.28.21.100:5560;transport=tcp>;video;audio;isFocus;sip.cisco.multistream;x-cisco-tip;+multiple-codecs-in-ans\r\n" \
    "From: \"7221.company.com.au\" <sip:172.28.21.100>;tag=2950560~3fb53c10-0c98-891d-d84f-6fa87e4135c3-22671423\r\n" \
    "To: <sip:34IBJumtlZRvmrI5t7WQjMhA@kytec.webex.com>\r\n" \
    "Max-Forwards: 15\r\n" \
    "Record-Route: <sip:proxy-call-id=fdbf1c60-62e1-4204-884a-00fe8664ee66@172.28.21.104:5061;transport=tls;lr>\r\n" \
    "Record-Route: <sip:proxy-call-id=fdbf1c60-62e1-4204-884a-00fe8664ee66@172.28.21.104:5060;transport=tcp;lr>\r\n" \
    "Allow: INVITE,OPTIONS,INFO,BYE,CANCEL,ACK,PRACK,UPDATE,REFER,SUBSCRIBE,NOTIFY\r\n" \
    "User-Agent: Cisco-CUCM10.5\r\n" \
    "Expires: 180\r\n" \
    "Date: Mon, 06 Jul 2015 02:30:04 GMT\r\n" \
    "Supported: timer,resource-priority,replaces,X-cisco-srtp-fallback,X-cisco-original-called\r\n" \
    "Session-Expires: 1800\r\n" \
    "Min-SE: 1800\r\n" \
    "Allow-Events: presence\r\n" \
    "X-TAATag: 4a936c0c-69a7-4fd8-a070-82b7c3ecb3ce\r\n" \
    "Call-Info: <urn:x-cisco-remotecc:callinfo>;x-cisco-video-traffic-class=DESKTOP\r\n" \
    "Cisco-Guid: 3882296192-0000065536-0000007914-1679105196\r\n" \
    "Content-Length: 0\r\n" \
    "\r\n"

/* The INVITE Expressway-E sent to Webex (hop 3), 02:30:03.758. */
#define SEED_INVITE_HOP3 \
    "INVITE sip:34IBJumtlZRvmrI5t7WQjMhA@company.webex.com SIP/2.0\r\n" \
    "Via: SIP/2.0/TLS 58.162.48.4:5061;egress-zone=DNSZoneB2B;branch=z9hG4bK6f09b6c9d25bf7f92fa25e6f9a336a0b52417.3f21ed7645b445bb8e55e174caa5935c;proxy-call-id=b8fb1c34-d048-472b-8b41-81c96abb19d1;rport\r\n" \
    "Via: SIP/2.0/TLS 172.28.21.104:5061;egress-zone=TraversalClientB2B;branch=z9hG4bKae647bb81b403d0562281463002ad68a379858.bdfb90811a812d6a11d607f3e17095a1;proxy-call-id=fdbf1c60-62e1-4204-884a-00fe8664ee66;received=172.28.21.104;rport=25048;ingress-zone=TraversalServerB2B\r\n" \
    "Via: SIP/2.0/TCP 172.28.21.100:5560;branch=z9hG4bK11c80762b0b051;received=172.28.21.100;ingress-zone=CUCMNeighborZoneB2B\r\n" \
    "Call-ID: e7672380-5991e82c-e0ca3-64151cac@172.28.21.100\r\n" \
    "CSeq: 101 INVITE\r\n" \
    "Remote-Party-ID: \"7221.company.com.au\" <sip:172.28.21.100>;party=calling;screen=yes;privacy=off\r\n" \
    "Contact: <sip:172.28.21.100:5560;transport=tcp>;video;audio;isFocus;sip.cisco.multistream;x-cisco-tip;+multiple-codecs-in-ans\r\n" \
    "From: \"7221.company.com.au\" <sip:172.28.21.100>;tag=2950560~3fb53c10-0c98-891d-d84f-6fa87e4135c3-22671423\r\n" \
    "To: <sip:34IBJumtlZRvmrI5t7WQjMhA@company.webex.com>\r\n" \
    "Max-Forwards: 14\r\n" \
    "Record-Route: <sip:proxy-call-id=b8fb1c34-d048-472b-8b41-81c96abb19d1@58.162.48.4:5061;transport=tls;lr>\r\n" \
    "Record-Route: <sip:proxy-call-id=b8fb1c34-d048-472b-8b41-81c96abb19d1@172.28.21.110:7011;transport=tls;lr>\r\n" \
    "Record-Route: <sip:proxy-call-id=fdbf1c60-62e1-4204-884a-00fe8664ee66@172.28.21.104:5061;transport=tls;lr>\r\n" \
    "Record-Route: <sip:proxy-call-id=fdbf1c60-62e1-4204-884a-00fe8664ee66@172.28.21.104:5060;transport=tcp;lr>\r\n" \
    "Allow: INVITE,OPTIONS,INFO,BYE,CANCEL,ACK,PRACK,UPDATE,REFER,SUBSCRIBE,NOTIFY\r\n" \
    "User-Agent: Cisco-CUCM10.5\r\n" \
    "Expires: 180\r\n" \
    "Date: Mon, 06 Jul 2015 02:30:04 GMT\r\n" \
    "Supported: timer,resource-priority,replaces,X-cisco-srtp-fallback,X-cisco-original-called\r\n" \
    "Session-Expires: 1800\r\n" \
    "Min-SE: 1800\r\n" \
    "Allow-Events: presence\r\n" \
    "X-TAATag: 4a936c0c-69a7-4fd8-a070-82b7c3ecb3ce\r\n" \
    "Call-Info: <urn:x-cisco-remotecc:callinfo>;x-cisco-video-traffic-class=DESKTOP\r\n" \
    "Cisco-Guid: 3882296192-0000065536-0000007914-1679105196\r\n" \
    "Content-Length: 0\r\n" \
    "\r\n"

/* The 500 Expressway-E received from Webex (hop 3), 02:30:04.887. */
#define SEED_500_HOP3 \
    "SIP/2.0 500 Internal Server Error\r\n" \
    "Via: SIP/2.0/TLS 58.162.48.4:5061;branch=z9hG4bK6f09b6c9d25bf7f92fa25e6f9a336a0b52417.3f21ed7645b445bb8e55e174caa5935c;rport=25129;egress-zone=DNSZoneB2B;proxy-call-id=b8fb1c34-d048-472b-8b41-81c96abb19d1\r\n" \
    "Via: SIP/2.0/TLS 172.28.21.104:5061;branch=z9hG4bKae647bb81b403d0562281463002ad68a379858.bdfb90811a812d6a11d607f3e17095a1;rport=25048;egress-zone=TraversalClientB2B;proxy-call-id=fdbf1c60-62e1-4204-884a-00fe8664ee66;received=172.28.21.104;ingress-zone=TraversalServerB2B\r\n" \
    "Via: SIP/2.0/TCP 172.28.21.100:5560;branch=z9hG4bK11c80762b0b051;received=172.28.21.100;ingress-zone=CUCMNeighborZoneB2B\r\n" \
    "Call-ID: e7672380-5991e82c-e0ca3-64151cac@172.28.21.100\r\n" \
    "CSeq: 101 INVITE\r\n" \
    "From: \"7221.company.com.au\" <sip:172.28.21.100>;tag=2950560~3fb53c10-0c98-891d-d84f-6fa87e4135c3-22671423\r\n" \
    "To: \"CiscoWebEx\" <sip:34IBJumtlZRvmrI5t7WQjMhA@company.webex.com>;tag=38659d409ccec3f7\r\n" \
    "Server: TANDBERG/4352 (X8.5.2-b2bua-1.0)\r\n" \
    "P-Asserted-Identity: \"CiscoWebEx\" <sip:webex.com>\r\n" \
    "Warning: 399 114.29.213.174:5071 \"Invalid content in far end 200 OK\"\r\n" \
    "Content-Length: 0\r\n" \
    "\r\n"

/* Single header values from the messages above. */
#define SEED_INVITE_HOP2_VIA1 \
    "SIP/2.0/TLS 172.28.21.104:5061;egress-zone=TraversalClientB2B;branch=z9hG4bKae647bb81b403d0562281463002ad68a379858.bdfb90811a812d6a11d607f3e17095a1;proxy-call-id=fdbf1c60-62e1-4204-884a-00fe8664ee66;rport"
#define SEED_INVITE_HOP2_VIA2 \
    "SIP/2.0/TCP 172.28.21.100:5560;branch=z9hG4bK11c80762b0b051;received=172.28.21.100;ingress-zone=CUCMNeighborZoneB2B"
#define SEED_INVITE_HOP3_VIA1 \
    "SIP/2.0/TLS 58.162.48.4:5061;egress-zone=DNSZoneB2B;branch=z9hG4bK6f09b6c9d25bf7f92fa25e6f9a336a0b52417.3f21ed7645b445bb8e55e174caa5935c;proxy-call-id=b8fb1c34-d048-472b-8b41-81c96abb19d1;rport"
#define SEED_INVITE_HOP3_VIA2 \
    "SIP/2.0/TLS 172.28.21.104:5061;egress-zone=TraversalClientB2B;branch=z9hG4bKae647bb81b403d0562281463002ad68a379858.bdfb90811a812d6a11d607f3e17095a1;proxy-call-id=fdbf1c60-62e1-4204-884a-00fe8664ee66;received=172.28.21.104;rport=25048;ingress-zone=TraversalServerB2B"
#define SEED_INVITE_HOP3_VIA3 \
    "SIP/2.0/TCP 172.28.21.100:5560;branch=z9hG4bK11c80762b0b051;received=172.28.21.100;ingress-zone=CUCMNeighborZoneB2B"
#define SEED_500_HOP3_VIA1 \
    "SIP/2.0/TLS 58.162.48.4:5061;branch=z9hG4bK6f09b6c9d25bf7f92fa25e6f9a336a0b52417.3f21ed7645b445bb8e55e174caa5935c;rport=25129;egress-zone=DNSZoneB2B;proxy-call-id=b8fb1c34-d048-472b-8b41-81c96abb19d1"
#define SEED_500_HOP3_VIA2 \
    "SIP/2.0/TLS 172.28.21.104:5061;branch=z9hG4bKae647bb81b403d0562281463002ad68a379858.bdfb90811a812d6a11d607f3e17095a1;rport=25048;egress-zone=TraversalClientB2B;proxy-call-id=fdbf1c60-62e1-4204-884a-00fe8664ee66;received=172.28.21.104;ingress-zone=TraversalServerB2B"
#define SEED_500_HOP3_VIA3 \
    "SIP/2.0/TCP 172.28.21.100:5560;branch=z9hG4bK11c80762b0b051;received=172.28.21.100;ingress-zone=CUCMNeighborZoneB2B"
#define SEED_500_HOP3_WARNING \
    "399 114.29.213.174:5071 \"Invalid content in far end 200 OK\""

/* A CUCM early offer's SDP (audio, PCMU), for the tests that need a body. */
#define SDP_BODY \
    "v=0\r\n" \
    "o=CiscoSystemsCCM-SIP 2000 1 IN IP4 172.28.21.100\r\n" \
    "s=SIP Call\r\n" \
    "c=IN IP4 172.28.21.100\r\n" \
    "t=0 0\r\n" \
    "m=audio 24580 RTP/AVP 0 101\r\n" \
    "a=rtpmap:0 PCMU/8000\r\n"

#endif
