/* test_logframe.c - the frames a logged SIP message becomes (logframe.h):
 * the exported-PDU frame of sh_logframe_build() and the Ethernet frames of
 * sh_logframe_build_eth(), field by field.
 *
 *   test_logframe [OUT.pcap]
 *
 * With OUT.pcap, the Ethernet frames of the scenarios are also written there
 * as a classic pcap file (LINKTYPE_ETHERNET), for the integration test
 * (tests/integration/test_import_ethernet.sh) to check with tshark, tcpdump
 * and sngrep.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "siphop/logframe.h"
#include "siphop/logparse.h"

#include "check.h"

/* ------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

static sh_str S(const char *s)
{
    return sh_str_from(s);
}

/* A record as the parser returns it. local may be NULL (not logged). */
static sh_log_record rec(sh_log_dir dir, const char *local, uint32_t lport, const char *peer, uint32_t pport,
                         sh_log_transport t, const char *msg)
{
    sh_log_record r;
    memset(&r, 0, sizeof r);
    r.kind = SH_LOG_SIP;
    r.detail = "";
    r.line = 42;
    r.has_time = true;
    r.time_ns = INT64_C(1436149803015000000);
    r.node = S("vcsc");
    r.dir = dir;
    r.action = S(dir == SH_LOG_SENT ? "Sent" : "Received");
    r.local_addr = S(local ? local : "");
    r.local_port = lport;
    r.local_src = local ? SH_LOCAL_LOGGED : SH_LOCAL_NONE;
    r.peer_addr = S(peer);
    r.peer_port = pport;
    r.transport = t;
    r.transport_src = t == SH_TRANSPORT_UNKNOWN ? SH_TSRC_NONE : SH_TSRC_VIA;
    r.msg = S(msg);
    return r;
}

/* A SIP INVITE of exactly `size` bytes (>= 300): headers, then a text body
 * of 80-byte lines, Content-Length right (6 digits, so the headers' length
 * does not depend on it). g_free it. */
static char *invite(size_t size, const char *call_id)
{
    char *head = g_strdup_printf("INVITE sip:alice@example.com SIP/2.0\r\n"
                                 "Via: SIP/2.0/TCP 192.0.2.10:5060;branch=z9hG4bK-%s\r\n"
                                 "From: <sip:bob@example.com>;tag=1\r\n"
                                 "To: <sip:alice@example.com>\r\n"
                                 "Call-ID: %s\r\n"
                                 "CSeq: 1 INVITE\r\n"
                                 "Content-Type: text/plain\r\n"
                                 "Content-Length: %06u\r\n"
                                 "\r\n",
                                 call_id, call_id, 0u);
    size_t hl = strlen(head);
    g_assert(size >= hl);
    size_t bl = size - hl;
    g_free(head);
    GString *m = g_string_new(NULL);
    g_string_printf(m,
                    "INVITE sip:alice@example.com SIP/2.0\r\n"
                    "Via: SIP/2.0/TCP 192.0.2.10:5060;branch=z9hG4bK-%s\r\n"
                    "From: <sip:bob@example.com>;tag=1\r\n"
                    "To: <sip:alice@example.com>\r\n"
                    "Call-ID: %s\r\n"
                    "CSeq: 1 INVITE\r\n"
                    "Content-Type: text/plain\r\n"
                    "Content-Length: %06u\r\n"
                    "\r\n",
                    call_id, call_id, (unsigned)bl);
    for (size_t i = 0; i < bl; i++) {
        size_t col = i % 80;
        g_string_append_c(m, col == 78 ? '\r' : col == 79 ? '\n' : (char)('a' + (i / 80 + col) % 26));
    }
    return g_string_free(m, FALSE);
}

static uint32_t be16(const uint8_t *p)
{
    return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* One's-complement sum of big-endian words, for verifying checksums: a
 * header or datagram with its checksum in place sums to 0xffff. */
static uint32_t sum16(uint32_t sum, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sum += (i & 1) ? p[i] : (uint32_t)p[i] << 8;
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return sum;
}

/* The L4 checksum check: pseudo-header (family 4 or 6) + datagram. */
static bool l4_ok(int family, const uint8_t *src, const uint8_t *dst, uint8_t proto, const uint8_t *l4,
                  size_t len)
{
    uint8_t ph[40];
    size_t n;
    memset(ph, 0, sizeof ph);
    if (family == 6) {
        memcpy(ph, src, 16);
        memcpy(ph + 16, dst, 16);
        ph[34] = (uint8_t)(len >> 8);
        ph[35] = (uint8_t)len;
        ph[33] = (uint8_t)(len >> 16);
        ph[39] = proto;
        n = 40;
    } else {
        memcpy(ph, src, 4);
        memcpy(ph + 4, dst, 4);
        ph[9] = proto;
        ph[10] = (uint8_t)(len >> 8);
        ph[11] = (uint8_t)len;
        n = 12;
    }
    return sum16(sum16(0, ph, n), l4, len) == 0xffff;
}

static GPtrArray *frames_new(void)
{
    return g_ptr_array_new_with_free_func((GDestroyNotify)g_byte_array_unref);
}

static GByteArray *frame(GPtrArray *a, guint i)
{
    return g_ptr_array_index(a, i);
}

/* The frames written to the pcap file (all scenarios), and their times. */
static GPtrArray *all_frames;
static int64_t pcap_time_us = INT64_C(1436149803000000);

static void keep(GPtrArray *frames)
{
    for (guint i = 0; i < frames->len; i++)
        g_ptr_array_add(all_frames, g_byte_array_ref(frame(frames, i)));
}

/* A minimal classic pcap writer (microsecond timestamps, LINKTYPE_ETHERNET):
 * the frames one millisecond apart. */
static bool write_pcap(const char *path, GPtrArray *frames)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    uint32_t gh[6] = { 0xa1b2c3d4u, 2u | 4u << 16, 0, 0, 262144u, SH_LINKTYPE_ETHERNET };
    bool ok = fwrite(gh, sizeof gh, 1, f) == 1;   /* host byte order, as pcap allows */
    for (guint i = 0; ok && i < frames->len; i++) {
        GByteArray *b = frame(frames, i);
        int64_t t = pcap_time_us + (int64_t)i * 1000;
        uint32_t ph[4] = { (uint32_t)(t / 1000000), (uint32_t)(t % 1000000), b->len, b->len };
        ok = fwrite(ph, sizeof ph, 1, f) == 1 && fwrite(b->data, b->len, 1, f) == 1;
    }
    return fclose(f) == 0 && ok;
}

/* ------------------------------------------------------------------------
 * Exported PDU (sh_logframe_build)
 * ------------------------------------------------------------------------ */

/* A complete request (Wireshark 4.6 flags one without Call-ID, CSeq, From,
 * To or Via when the integration test reads the pcap written from these). */
static const char MSG[] = "OPTIONS sip:ping@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKp1\r\n"
                          "From: <sip:a@example.com>;tag=1\r\nTo: <sip:ping@example.com>\r\nCall-ID: ping1\r\n"
                          "CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";

/* Expected tag bytes: dissector, src, dst, port type, ports, end. */
static void check_pdu(const GByteArray *pdu, const uint8_t *src, const uint8_t *dst, int alen, uint32_t pt,
                      uint32_t sport, uint32_t dport, const char *msg)
{
    GByteArray *want = g_byte_array_new();
    static const uint8_t dis[] = { 0, 12, 0, 4, 's', 'i', 'p', 0 };
    g_byte_array_append(want, dis, sizeof dis);
    uint8_t h[4] = { 0, alen == 16 ? 22 : 20, 0, (uint8_t)alen };
    g_byte_array_append(want, h, 4);
    g_byte_array_append(want, src, (guint)alen);
    h[1] = alen == 16 ? 23 : 21;
    g_byte_array_append(want, h, 4);
    g_byte_array_append(want, dst, (guint)alen);
    uint32_t v[3] = { pt, sport, dport };
    for (int i = 0; i < 3; i++) {
        uint8_t t[8] = { 0, (uint8_t)(24 + i), 0, 4, (uint8_t)(v[i] >> 24), (uint8_t)(v[i] >> 16),
                         (uint8_t)(v[i] >> 8), (uint8_t)v[i] };
        g_byte_array_append(want, t, 8);
    }
    static const uint8_t end[4] = { 0, 0, 0, 0 };
    g_byte_array_append(want, end, 4);
    g_byte_array_append(want, (const guint8 *)msg, (guint)strlen(msg));
    CHECK_INT(pdu->len, want->len);
    CHECK(pdu->len == want->len && memcmp(pdu->data, want->data, want->len) == 0);
    g_byte_array_unref(want);
}

static void test_pdu(void)
{
    GByteArray *pdu = g_byte_array_new();
    GString *c = g_string_new(NULL);

    /* IPv4, sent over TCP: local is the source. */
    sh_log_record r = rec(SH_LOG_SENT, "172.28.21.104", 5060, "172.28.21.100", 5560, SH_TRANSPORT_TCP, MSG);
    r.msg_hash = S("5561029384756102938");
    sh_logframe_build(&r, "expc-call.log", pdu, c);
    static const uint8_t a104[4] = { 172, 28, 21, 104 }, a100[4] = { 172, 28, 21, 100 };
    check_pdu(pdu, a104, a100, 4, SH_EXP_PDU_PT_TCP, 5060, 5560, MSG);
    CHECK_STR(S(c->str), "vcsc expc-call.log:42 Msg-Hash=5561029384756102938 Sent 172.28.21.104:5060 -> "
                         "172.28.21.100:5560 TCP (top Via)");

    /* Received over TLS: the peer is the source; port type TCP. */
    r = rec(SH_LOG_RECEIVED, "172.28.21.104", 25048, "172.28.21.110", 7011, SH_TRANSPORT_TLS, MSG);
    r.transport_src = SH_TSRC_PORT;
    sh_logframe_build(&r, "f", pdu, c);
    static const uint8_t a110[4] = { 172, 28, 21, 110 };
    check_pdu(pdu, a110, a104, 4, SH_EXP_PDU_PT_TCP, 7011, 25048, MSG);
    CHECK_STR(S(c->str), "vcsc f:42 Received 172.28.21.104:25048 <- 172.28.21.110:7011 TLS (port)");

    /* IPv6 with a zone, unknown transport (UDP, assumed), SCTP. */
    r = rec(SH_LOG_RECEIVED, "2001:db8::1", 5060, "2001:db8::2%eth0", 5062, SH_TRANSPORT_UNKNOWN, MSG);
    sh_logframe_build(&r, "v6.log", pdu, c);
    static const uint8_t v6a[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
    static const uint8_t v6b[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 };
    check_pdu(pdu, v6b, v6a, 16, SH_EXP_PDU_PT_UDP, 5062, 5060, MSG);
    CHECK_STR(S(c->str), "vcsc v6.log:42 Received [2001:db8::1]:5060 <- [2001:db8::2]:5062 UDP (assumed)");
    r.transport = SH_TRANSPORT_SCTP;
    sh_logframe_build(&r, "v6.log", pdu, c);
    check_pdu(pdu, v6b, v6a, 16, SH_EXP_PDU_PT_SCTP, 5062, 5060, MSG);

    /* A peer logged as text: the documented placeholder, text in the comment. */
    r = rec(SH_LOG_SENT, "172.28.252.1", 25129, "Webex IP address", 5061, SH_TRANSPORT_TLS, MSG);
    r.node = S("vcse");
    sh_logframe_build(&r, "expe.log", pdu, c);
    static const uint8_t a252[4] = { 172, 28, 252, 1 }, webex4[4] = { 198, 18, 215, 133 };
    check_pdu(pdu, a252, webex4, 4, SH_EXP_PDU_PT_TCP, 25129, 5061, MSG);
    CHECK_STR(S(c->str), "vcse expe.log:42 Sent 172.28.252.1:25129 -> \"Webex IP address\":5061 "
                         "(placeholder 198.18.215.133) TLS (top Via)");

    /* ... and its IPv6 placeholder when the local end is IPv6. */
    r = rec(SH_LOG_SENT, "2001:db8::1", 5061, "Webex IP address", 5061, SH_TRANSPORT_TLS, MSG);
    sh_logframe_build(&r, "f", pdu, c);
    static const uint8_t webex6[16] = { 0x20, 0x01, 0x00, 0x02, 0x00, 0x00, 0xd7, 0xa4,
                                        0xe7, 0xb9, 0x3b, 0xe6, 0x49, 0xbb, 0x4a, 0x57 };
    check_pdu(pdu, v6a, webex6, 16, SH_EXP_PDU_PT_TCP, 5061, 5061, MSG);

    /* Local end not logged: the placeholder of the node name, port 0. */
    r = rec(SH_LOG_RECEIVED, NULL, 0, "172.28.21.100", 5560, SH_TRANSPORT_TCP, MSG);
    r.node = S("vcs");
    r.action = S("");
    sh_logframe_build(&r, "x7.log", pdu, c);
    static const uint8_t vcs4[4] = { 198, 18, 3, 237 };
    check_pdu(pdu, a100, vcs4, 4, SH_EXP_PDU_PT_TCP, 5560, 0, MSG);
    CHECK_STR(S(c->str), "vcs x7.log:42 Received 198.18.3.237 (placeholder: local address not logged) <- "
                         "172.28.21.100:5560 TCP (top Via)");

    /* A warning ends the comment. */
    r = rec(SH_LOG_SENT, "10.0.0.1", 5060, "10.0.0.2", 5060, SH_TRANSPORT_UDP, MSG);
    r.error = SH_LOG_ECONTENTLENGTH;
    r.detail = "Content-Length 10 larger than the body (0 bytes)";
    sh_logframe_build(&r, "f", pdu, c);
    CHECK_STR(S(c->str), "vcsc f:42 Sent 10.0.0.1:5060 -> 10.0.0.2:5060 UDP (top Via); warning: "
                         "Content-Length 10 larger than the body (0 bytes)");

    g_byte_array_unref(pdu);
    g_string_free(c, TRUE);
}

/* ------------------------------------------------------------------------
 * Ethernet (sh_logframe_build_eth)
 * ------------------------------------------------------------------------ */

/* A parsed frame. */
typedef struct eth {
    const uint8_t *dmac, *smac;
    uint32_t type;
    int family;
    const uint8_t *ip, *src, *dst;
    uint32_t ip_len;          /* IPv4 total length / IPv6 payload length + 40 */
    uint32_t proto;           /* after any IPv6 Fragment header */
    bool fragmented;
    uint32_t frag_off;        /* bytes */
    bool more;
    uint32_t ident;           /* IPv4 ID / IPv6 fragment ID */
    bool df;
    const uint8_t *l4;        /* IP payload (after the Fragment header) */
    uint32_t l4_len;
} eth;

static bool parse_eth(const GByteArray *f, eth *e)
{
    memset(e, 0, sizeof *e);
    if (f->len < 14)
        return false;
    e->dmac = f->data;
    e->smac = f->data + 6;
    e->type = be16(f->data + 12);
    e->ip = f->data + 14;
    size_t rest = f->len - 14;
    if (e->type == 0x0800) {
        if (rest < 20 || e->ip[0] != 0x45)
            return false;
        e->family = 4;
        e->ip_len = be16(e->ip + 2);
        e->ident = be16(e->ip + 4);
        uint32_t ff = be16(e->ip + 6);
        e->df = ff & 0x4000;
        e->more = ff & 0x2000;
        e->frag_off = (ff & 0x1fff) * 8;
        e->fragmented = e->more || e->frag_off;
        e->proto = e->ip[9];
        e->src = e->ip + 12;
        e->dst = e->ip + 16;
        e->l4 = e->ip + 20;
        e->l4_len = e->ip_len - 20;
        return e->ip_len == rest;
    }
    if (e->type == 0x86dd) {
        if (rest < 40 || e->ip[0] >> 4 != 6)
            return false;
        e->family = 6;
        e->ip_len = be16(e->ip + 4) + 40;
        e->proto = e->ip[6];
        e->src = e->ip + 8;
        e->dst = e->ip + 24;
        e->l4 = e->ip + 40;
        e->l4_len = e->ip_len - 40;
        if (e->proto == 44) {
            e->fragmented = true;
            e->proto = e->l4[0];
            e->frag_off = be16(e->l4 + 2) & ~7u;
            e->more = be16(e->l4 + 2) & 1;
            e->ident = be32(e->l4 + 4);
            e->l4 += 8;
            e->l4_len -= 8;
        }
        return e->ip_len == rest;
    }
    return false;
}

static bool ip4_header_ok(const eth *e)
{
    return sum16(0, e->ip, 20) == 0xffff;
}

static void check_mac4(const uint8_t *mac, const uint8_t ip[4])
{
    CHECK_INT(mac[0], 0x02);
    CHECK_INT(mac[1], 0x00);
    CHECK(memcmp(mac + 2, ip, 4) == 0);
}

/* The Ethernet frames of r must carry the addresses, ports and comment of
 * its exported-PDU frame (src/dst of the given family length). */
static void check_same_as_pdu(const sh_log_record *r, const eth *e, GString *eth_comment)
{
    GByteArray *pdu = g_byte_array_new();
    GString *c = g_string_new(NULL);
    sh_logframe_build(r, "same.log", pdu, c);
    uint32_t alen = pdu->data[11];
    CHECK(memcmp(pdu->data + 12, e->src, alen) == 0);
    CHECK(memcmp(pdu->data + 16 + alen, e->dst, alen) == 0);
    CHECK_INT(e->family == 6 ? 16 : 4, alen);
    CHECK_STR(S(eth_comment->str), c->str);
    g_byte_array_unref(pdu);
    g_string_free(c, TRUE);
}

static void test_eth_udp4(void)
{
    sh_logframe_eth *st = sh_logframe_eth_new();
    GPtrArray *fr = frames_new();
    GString *c = g_string_new(NULL);
    sh_log_record r = rec(SH_LOG_SENT, "10.0.0.1", 5060, "10.0.0.2", 5070, SH_TRANSPORT_UDP, MSG);

    sh_logframe_build_eth(st, &r, "same.log", fr, c);
    CHECK_INT(fr->len, 1);
    eth e;
    CHECK(parse_eth(frame(fr, 0), &e));
    static const uint8_t a1[4] = { 10, 0, 0, 1 }, a2[4] = { 10, 0, 0, 2 };
    check_mac4(e.smac, a1);
    check_mac4(e.dmac, a2);
    CHECK_INT(e.type, 0x0800);
    CHECK(ip4_header_ok(&e));
    CHECK_INT(e.ip[1], 0);                        /* TOS */
    CHECK_INT(e.ip[8], 64);                       /* TTL */
    CHECK_INT(e.proto, 17);
    CHECK(e.df && !e.fragmented);
    CHECK(memcmp(e.src, a1, 4) == 0 && memcmp(e.dst, a2, 4) == 0);
    CHECK_INT(e.ip_len, 20 + 8 + strlen(MSG));
    CHECK_INT(be16(e.l4), 5060);
    CHECK_INT(be16(e.l4 + 2), 5070);
    CHECK_INT(be16(e.l4 + 4), 8 + strlen(MSG));
    CHECK(be16(e.l4 + 6) != 0);
    CHECK(l4_ok(4, e.src, e.dst, 17, e.l4, e.l4_len));
    CHECK(memcmp(e.l4 + 8, MSG, strlen(MSG)) == 0);
    CHECK_INT(frame(fr, 0)->len, 14 + 20 + 8 + strlen(MSG));
    check_same_as_pdu(&r, &e, c);
    keep(fr);

    /* Received: the peer sends; the unknown transport is UDP too. */
    g_ptr_array_set_size(fr, 0);
    r = rec(SH_LOG_RECEIVED, "10.0.0.1", 5060, "10.0.0.2", 5070, SH_TRANSPORT_UNKNOWN, MSG);
    sh_logframe_build_eth(st, &r, "same.log", fr, c);
    CHECK(parse_eth(frame(fr, 0), &e));
    check_mac4(e.smac, a2);
    check_mac4(e.dmac, a1);
    CHECK_INT(e.proto, 17);
    CHECK_INT(be16(e.l4), 5070);
    CHECK_INT(be16(e.l4 + 2), 5060);
    CHECK(ip4_header_ok(&e));
    CHECK(l4_ok(4, e.src, e.dst, 17, e.l4, e.l4_len));
    check_same_as_pdu(&r, &e, c);
    keep(fr);

    /* A placeholder peer and a placeholder local end: the same addresses as
     * the exported PDU, MACs from them. */
    g_ptr_array_set_size(fr, 0);
    r = rec(SH_LOG_SENT, NULL, 0, "Webex IP address", 5060, SH_TRANSPORT_UDP, MSG);
    r.node = S("vcs");
    sh_logframe_build_eth(st, &r, "same.log", fr, c);
    CHECK(parse_eth(frame(fr, 0), &e));
    static const uint8_t vcs4[4] = { 198, 18, 3, 237 }, webex4[4] = { 198, 18, 215, 133 };
    CHECK(memcmp(e.src, vcs4, 4) == 0 && memcmp(e.dst, webex4, 4) == 0);
    check_mac4(e.smac, vcs4);
    check_mac4(e.dmac, webex4);
    CHECK_INT(be16(e.l4), 0);
    CHECK(l4_ok(4, e.src, e.dst, 17, e.l4, e.l4_len));
    check_same_as_pdu(&r, &e, c);
    keep(fr);

    g_ptr_array_unref(fr);
    g_string_free(c, TRUE);
    sh_logframe_eth_free(st);
}

/* One TCP frame's sequence and acknowledgement numbers, checked whole. */
static void tcp_frame(GByteArray *f, uint32_t *seq, uint32_t *ack, uint32_t *len)
{
    eth e;
    CHECK(parse_eth(f, &e));
    CHECK_INT(e.proto, 6);
    CHECK(!e.fragmented);
    if (e.family == 4) {
        CHECK(ip4_header_ok(&e));
        CHECK(e.df);
    }
    CHECK_INT(e.l4[12], 5 << 4);                 /* 20-byte header */
    CHECK_INT(e.l4[13], 0x18);                   /* PSH|ACK */
    CHECK_INT(be16(e.l4 + 14), 65535);
    CHECK_INT(be16(e.l4 + 18), 0);
    CHECK(l4_ok(e.family, e.src, e.dst, 6, e.l4, e.l4_len));
    *seq = be32(e.l4 + 4);
    *ack = be32(e.l4 + 8);
    *len = e.l4_len - 20;
}

static void test_eth_tcp(void)
{
    sh_logframe_eth *st = sh_logframe_eth_new();
    GPtrArray *fr = frames_new();
    GString *c = g_string_new(NULL);
    char *m1 = invite(700, "c1"), *m2 = invite(333, "c2"), *m3 = invite(1200, "c3"), *m4 = invite(400, "c4");

    /* A: 172.28.21.100:5560, B: 172.28.21.104:5060, logged at B (vcsc). */
    sh_log_record r1 = rec(SH_LOG_RECEIVED, "172.28.21.104", 5060, "172.28.21.100", 5560, SH_TRANSPORT_TCP, m1);
    sh_log_record r2 = rec(SH_LOG_SENT, "172.28.21.104", 5060, "172.28.21.100", 5560, SH_TRANSPORT_TCP, m2);
    sh_log_record r3 = rec(SH_LOG_RECEIVED, "172.28.21.104", 5060, "172.28.21.100", 5560, SH_TRANSPORT_TCP, m3);
    /* The same hop logged at A (TLS and SCTP are TCP on the wire too). */
    sh_log_record r4 = rec(SH_LOG_SENT, "172.28.21.100", 5560, "172.28.21.104", 5060, SH_TRANSPORT_SCTP, m4);
    /* Another connection between the same hosts. */
    sh_log_record r5 = rec(SH_LOG_SENT, "172.28.21.104", 25048, "172.28.21.110", 7011, SH_TRANSPORT_TLS, m2);

    uint32_t s1, a1, l1, s2, a2, l2, s3, a3, l3, s4, a4, l4, s5, a5, l5;
    sh_logframe_build_eth(st, &r1, "same.log", fr, c);
    CHECK_INT(fr->len, 1);
    tcp_frame(frame(fr, 0), &s1, &a1, &l1);
    eth e;
    CHECK(parse_eth(frame(fr, 0), &e));
    check_same_as_pdu(&r1, &e, c);
    CHECK_INT(be16(e.l4), 5560);
    CHECK_INT(be16(e.l4 + 2), 5060);
    CHECK(memcmp(e.l4 + 20, m1, 700) == 0);
    sh_logframe_build_eth(st, &r2, "same.log", fr, c);
    tcp_frame(frame(fr, 1), &s2, &a2, &l2);
    sh_logframe_build_eth(st, &r3, "same.log", fr, c);
    tcp_frame(frame(fr, 2), &s3, &a3, &l3);
    sh_logframe_build_eth(st, &r4, "same.log", fr, c);
    tcp_frame(frame(fr, 3), &s4, &a4, &l4);
    CHECK(parse_eth(frame(fr, 3), &e));
    check_same_as_pdu(&r4, &e, c);
    sh_logframe_build_eth(st, &r5, "same.log", fr, c);
    tcp_frame(frame(fr, 4), &s5, &a5, &l5);
    CHECK(parse_eth(frame(fr, 4), &e));
    check_same_as_pdu(&r5, &e, c);
    CHECK_INT(fr->len, 5);

    CHECK_INT(l1, 700);
    CHECK_INT(l2, 333);
    CHECK_INT(l3, 1200);
    CHECK_INT(l4, 400);
    /* A->B: s1, then s1+700, then s1+700+1200; B->A: s2. Each ack is the
     * other direction's next sequence number. */
    CHECK_INT(a1, s2);
    CHECK_INT(a2, (uint32_t)(s1 + 700));
    CHECK_INT(s3, (uint32_t)(s1 + 700));
    CHECK_INT(a3, (uint32_t)(s2 + 333));
    CHECK_INT(s4, (uint32_t)(s1 + 1900));
    CHECK_INT(a4, (uint32_t)(s2 + 333));
    /* The other connection has its own numbers, acking nothing seen yet. */
    CHECK(s5 != s1 && s5 != s2);
    CHECK(a5 != s1 + 1900 && a5 != s2 + 333);

    /* Deterministic: a new state gives the same bytes for the same records. */
    sh_logframe_eth *st2 = sh_logframe_eth_new();
    GPtrArray *fr2 = frames_new();
    const sh_log_record *all[] = { &r1, &r2, &r3, &r4, &r5 };
    for (int i = 0; i < 5; i++)
        sh_logframe_build_eth(st2, all[i], "same.log", fr2, c);
    CHECK_INT(fr2->len, fr->len);
    for (guint i = 0; i < fr->len && i < fr2->len; i++)
        CHECK(frame(fr, i)->len == frame(fr2, i)->len &&
              memcmp(frame(fr, i)->data, frame(fr2, i)->data, frame(fr, i)->len) == 0);
    keep(fr);

    g_ptr_array_unref(fr2);
    sh_logframe_eth_free(st2);
    g_ptr_array_unref(fr);
    g_string_free(c, TRUE);
    sh_logframe_eth_free(st);
    g_free(m1), g_free(m2), g_free(m3), g_free(m4);
}

/* A message larger than one segment: 65495-byte segments, consecutive
 * sequence numbers, together the message. */
static void test_eth_segments(int family)
{
    sh_logframe_eth *st = sh_logframe_eth_new();
    GPtrArray *fr = frames_new();
    GString *c = g_string_new(NULL);
    char *big = invite(150000, family == 6 ? "big6" : "big4");
    const char *local = family == 6 ? "2001:db8::10" : "192.0.2.10";
    const char *peer = family == 6 ? "2001:db8::20" : "192.0.2.20";
    char *small = invite(500, "small");
    sh_log_record r0 = rec(SH_LOG_RECEIVED, local, 5060, peer, 40000, SH_TRANSPORT_TCP, small);
    sh_log_record r = rec(SH_LOG_SENT, local, 5060, peer, 40000, SH_TRANSPORT_TCP, big);

    sh_logframe_build_eth(st, &r0, "same.log", fr, c);
    uint32_t s0, a0, l0;
    tcp_frame(frame(fr, 0), &s0, &a0, &l0);
    sh_logframe_build_eth(st, &r, "same.log", fr, c);
    CHECK_INT(fr->len, 4);
    GString *got = g_string_new(NULL);
    uint32_t want_seq = a0;
    for (guint i = 1; i < fr->len; i++) {
        uint32_t s, a, l;
        tcp_frame(frame(fr, i), &s, &a, &l);
        CHECK_INT(s, want_seq);
        CHECK_INT(a, (uint32_t)(s0 + 500));
        CHECK_INT(l, i < 3 ? SH_LOGFRAME_ETH_MAX_SEG : 150000 - 2 * SH_LOGFRAME_ETH_MAX_SEG);
        want_seq += l;
        eth e;
        CHECK(parse_eth(frame(fr, i), &e));
        CHECK_INT(e.family, family);
        g_string_append_len(got, (const char *)e.l4 + 20, (gssize)l);
    }
    CHECK(got->len == 150000 && memcmp(got->str, big, 150000) == 0);
    keep(fr);

    g_string_free(got, TRUE);
    g_ptr_array_unref(fr);
    g_string_free(c, TRUE);
    sh_logframe_eth_free(st);
    g_free(big);
    g_free(small);
}

/* A UDP datagram larger than the MTU: IP fragments, never truncated. */
static void test_eth_fragments(int family)
{
    sh_logframe_eth *st = sh_logframe_eth_new();
    GPtrArray *fr = frames_new();
    GString *c = g_string_new(NULL);
    char *m = invite(4000, family == 6 ? "frag6" : "frag4");
    sh_log_record r = rec(SH_LOG_SENT, family == 6 ? "2001:db8::10" : "192.0.2.10", 5060,
                          family == 6 ? "2001:db8::20" : "192.0.2.20", 5060, SH_TRANSPORT_UDP, m);
    sh_logframe_build_eth(st, &r, "same.log", fr, c);

    /* Room per fragment: 1480 (IPv4), 1448 (IPv6: 1500 - 40 - 8, rounded
     * down to 8); the datagram is 8 + 4000 bytes. */
    uint32_t room = family == 6 ? 1448 : 1480;
    guint want_n = (4008 + room - 1) / room;
    CHECK_INT(fr->len, want_n);
    GByteArray *dgram = g_byte_array_new();
    eth first;
    memset(&first, 0, sizeof first);
    for (guint i = 0; i < fr->len; i++) {
        eth e;
        CHECK(parse_eth(frame(fr, i), &e));
        CHECK_INT(e.family, family);
        CHECK_INT(e.type, family == 6 ? 0x86dd : 0x0800);
        CHECK(e.fragmented);
        CHECK_INT(e.proto, 17);
        CHECK_INT(e.frag_off, i * room);
        CHECK(e.more == (i + 1 < fr->len));
        CHECK_INT(e.l4_len, i + 1 < fr->len ? room : 4008 - (want_n - 1) * room);
        CHECK(frame(fr, i)->len <= 14 + SH_LOGFRAME_ETH_MTU);
        if (family == 4) {
            CHECK(ip4_header_ok(&e));
            CHECK(!e.df);
        }
        if (i == 0)
            first = e;
        else
            CHECK_INT(e.ident, first.ident);
        g_byte_array_append(dgram, e.l4, e.l4_len);
    }
    /* Reassembled: the UDP header and the whole message, checksum right. */
    CHECK_INT(dgram->len, 4008);
    CHECK_INT(be16(dgram->data), 5060);
    CHECK_INT(be16(dgram->data + 4), 4008);
    CHECK(l4_ok(family, first.src, first.dst, 17, dgram->data, dgram->len));
    CHECK(dgram->len == 4008 && memcmp(dgram->data + 8, m, 4000) == 0);
    keep(fr);

    /* The next datagram gets a new identification. */
    g_ptr_array_set_size(fr, 0);
    sh_logframe_build_eth(st, &r, "same.log", fr, c);
    eth e;
    CHECK(parse_eth(frame(fr, 0), &e));
    CHECK(e.ident != first.ident);

    g_byte_array_unref(dgram);
    g_ptr_array_unref(fr);
    g_string_free(c, TRUE);
    sh_logframe_eth_free(st);
    g_free(m);
}

/* More than a UDP datagram can carry: written as TCP, the comment says so. */
static void test_eth_udp_too_big(void)
{
    sh_logframe_eth *st = sh_logframe_eth_new();
    GPtrArray *fr = frames_new();
    GString *c = g_string_new(NULL), *pc = g_string_new(NULL);
    GByteArray *pdu = g_byte_array_new();
    char *m = invite(70000, "huge");
    sh_log_record r = rec(SH_LOG_SENT, "192.0.2.10", 5060, "192.0.2.20", 5060, SH_TRANSPORT_UDP, m);
    sh_logframe_build_eth(st, &r, "same.log", fr, c);
    sh_logframe_build(&r, "same.log", pdu, pc);
    CHECK_INT(fr->len, 2);
    uint32_t s, a, l, total = 0;
    for (guint i = 0; i < fr->len; i++) {
        tcp_frame(frame(fr, i), &s, &a, &l);
        total += l;
    }
    CHECK_INT(total, 70000);
    g_string_append(pc, "; written as TCP: larger than a UDP datagram can carry");
    CHECK_STR(S(c->str), pc->str);

    /* The most a datagram holds still goes as UDP (fragments). */
    char *m2 = invite(65507, "max");
    r.msg = S(m2);
    g_ptr_array_set_size(fr, 0);
    sh_logframe_build_eth(st, &r, "same.log", fr, c);
    eth e;
    CHECK(parse_eth(frame(fr, 0), &e));
    CHECK_INT(e.proto, 17);
    CHECK_INT(fr->len, (65515 + 1479) / 1480);
    CHECK(parse_eth(frame(fr, fr->len - 1), &e));
    CHECK_INT(e.frag_off + e.l4_len, 65515);

    g_byte_array_unref(pdu);
    g_ptr_array_unref(fr);
    g_string_free(c, TRUE);
    g_string_free(pc, TRUE);
    sh_logframe_eth_free(st);
    g_free(m);
    g_free(m2);
}

static void test_eth_ipv6(void)
{
    sh_logframe_eth *st = sh_logframe_eth_new();
    GPtrArray *fr = frames_new();
    GString *c = g_string_new(NULL);
    char *m = invite(600, "v6");
    sh_log_record r = rec(SH_LOG_SENT, "2001:db8::1", 5061, "2001:db8::2", 5061, SH_TRANSPORT_TLS, m);
    sh_logframe_build_eth(st, &r, "same.log", fr, c);
    r = rec(SH_LOG_RECEIVED, "2001:db8::1", 5060, "Webex IP address", 5060, SH_TRANSPORT_UDP, m);
    sh_logframe_build_eth(st, &r, "same.log", fr, c);
    CHECK_INT(fr->len, 2);

    eth e, u;
    CHECK(parse_eth(frame(fr, 0), &e));
    CHECK_INT(e.type, 0x86dd);
    CHECK_INT(be32(e.ip), 0x60000000u);
    CHECK_INT(e.ip[7], 64);                        /* hop limit */
    CHECK_INT(e.proto, 6);
    CHECK_INT(e.ip_len, 40 + 20 + 600);
    CHECK(!e.fragmented);
    CHECK_INT(e.smac[0], 0x02);
    CHECK_INT(e.smac[1], 0x66);
    CHECK_INT(e.dmac[0], 0x02);
    CHECK(memcmp(e.smac, e.dmac, 6) != 0);
    uint32_t s, a, l;
    tcp_frame(frame(fr, 0), &s, &a, &l);
    CHECK_INT(l, 600);
    CHECK_INT(be16(e.l4), 5061);

    /* UDP over IPv6 from the placeholder; the local address keeps its MAC. */
    CHECK(parse_eth(frame(fr, 1), &u));
    check_same_as_pdu(&r, &u, c);
    CHECK_INT(u.proto, 17);
    CHECK(!u.fragmented);
    CHECK(memcmp(u.dmac, e.smac, 6) == 0);
    static const uint8_t webex6[16] = { 0x20, 0x01, 0x00, 0x02, 0x00, 0x00, 0xd7, 0xa4,
                                        0xe7, 0xb9, 0x3b, 0xe6, 0x49, 0xbb, 0x4a, 0x57 };
    CHECK(memcmp(u.src, webex6, 16) == 0);
    CHECK_INT(be16(u.l4 + 4), 8 + 600);
    CHECK(be16(u.l4 + 6) != 0);
    CHECK(l4_ok(6, u.src, u.dst, 17, u.l4, u.l4_len));
    keep(fr);

    /* IPv4 local end, IPv6 peer: one IPv6 packet, the IPv4 end mapped, its
     * MAC still the IPv4 one. */
    g_ptr_array_set_size(fr, 0);
    r = rec(SH_LOG_SENT, "192.0.2.1", 5060, "2001:db8::2", 5060, SH_TRANSPORT_UDP, m);
    sh_logframe_build_eth(st, &r, "same.log", fr, c);
    CHECK(parse_eth(frame(fr, 0), &u));
    CHECK_INT(u.family, 6);
    static const uint8_t mapped[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1 };
    static const uint8_t a4[4] = { 192, 0, 2, 1 };
    CHECK(memcmp(u.src, mapped, 16) == 0);
    check_mac4(u.smac, a4);
    CHECK(memcmp(u.dmac, e.dmac, 6) == 0);
    CHECK(l4_ok(6, u.src, u.dst, 17, u.l4, u.l4_len));

    g_ptr_array_unref(fr);
    g_string_free(c, TRUE);
    sh_logframe_eth_free(st);
    g_free(m);
}

/* ------------------------------------------------------------------------
 * Records kept aside (sh_log_record_pack / _unpack)
 * ------------------------------------------------------------------------ */

/* Every text of full_record(), in one place: no pointer of an unpacked
 * record may point in here. */
static const char pool[] = "text after the message\0CUCM SDL trace\0vcse-node\0Sent\0002001:db8::1\0"
                           "Webex IP address\0001234567890\0"
                           "INVITE sip:b@example.com SIP/2.0\r\nVia: x\r\n\r\nbody\0with NUL";

static sh_str from_pool(const char *text, size_t len)
{
    for (size_t i = 0; i + len <= sizeof pool - 1; i++)
        if (memcmp(pool + i, text, len) == 0)
            return sh_str_make(pool + i, len);
    CHECK(!"text not in the pool");
    return SH_STR_NULL;
}

/* A record with every field set to something other than its zero. */
static void full_record(sh_log_record *r)
{
    static const char msg[] = "INVITE sip:b@example.com SIP/2.0\r\nVia: x\r\n\r\nbody\0with NUL";

    memset(r, 0, sizeof *r);   /* padding too: the whole struct is compared */
    r->kind = SH_LOG_SIP;
    r->error = SH_LOG_ENONE + 1;
    r->detail = from_pool("text after the message", 23).ptr;
    r->line = UINT64_C(0x1122334455667788);
    r->error_line = 99;
    r->sdl = true;
    r->format = from_pool("CUCM SDL trace", 15).ptr;
    r->has_time = true;
    r->time_ns = INT64_C(-1234567890123);
    r->node = from_pool("vcse-node", 9);
    r->dir = SH_LOG_SENT;
    r->action = from_pool("Sent", 4);
    r->local_addr = from_pool("2001:db8::1", 11);
    r->local_port = 65535;
    r->local_src = SH_LOCAL_LEARNED;
    r->peer_addr = from_pool("Webex IP address", 16);
    r->peer_port = 5061;
    r->msg_hash = from_pool("1234567890", 10);
    r->transport = SH_TRANSPORT_TLS;
    r->transport_src = SH_TSRC_LOG;
    r->msg = from_pool(msg, sizeof msg - 1);
    r->has_content_length = true;
    r->content_length = 4;
    r->body_len = 18;
}

static void test_record_pack(void)
{
    GByteArray *b = g_byte_array_new();
    sh_log_record r, back;

    full_record(&r);
    sh_log_record_pack(&r, b);
    CHECK(sh_log_record_unpack(b->data, b->len, &back));
    /* The texts are equal, in b (not the caller's), NUL-terminated. */
    CHECK_STR(back.node, "vcse-node");
    CHECK_STR(back.action, "Sent");
    CHECK_STR(back.local_addr, "2001:db8::1");
    CHECK_STR(back.peer_addr, "Webex IP address");
    CHECK_STR(back.msg_hash, "1234567890");
    CHECK(sh_str_eq(back.msg, r.msg));
    CHECK(back.msg.ptr >= (const char *)b->data && back.msg.ptr + back.msg.len < (const char *)b->data + b->len &&
          back.msg.ptr[back.msg.len] == '\0');
    CHECK(strcmp(back.detail, r.detail) == 0 && back.detail != r.detail);
    CHECK(back.format == g_intern_string("CUCM SDL trace"));
    /* No word of it points at the caller's texts any more: a text field
     * that the packing does not list would still point there. */
    for (size_t at = 0; at + sizeof(void *) <= sizeof back; at += sizeof(void *)) {
        const char *w;
        memcpy(&w, (const char *)&back + at, sizeof w);
        CHECK(!(w >= pool && w < pool + sizeof pool));
    }
    /* Every other field, padding and all: with the pointers put back, the
     * structs are the same bytes (a field added later is covered too). */
    back.detail = r.detail;
    back.format = r.format;
    back.node.ptr = r.node.ptr;
    back.action.ptr = r.action.ptr;
    back.local_addr.ptr = r.local_addr.ptr;
    back.peer_addr.ptr = r.peer_addr.ptr;
    back.msg_hash.ptr = r.msg_hash.ptr;
    back.msg.ptr = r.msg.ptr;
    CHECK(memcmp(&back, &r, sizeof r) == 0);

    /* Absent texts: NULL format and detail, empty views. */
    memset(&r, 0, sizeof r);
    r.kind = SH_LOG_SIP;
    sh_log_record_pack(&r, b);
    CHECK(sh_log_record_unpack(b->data, b->len, &back));
    CHECK(back.format == NULL);
    CHECK(back.detail != NULL && back.detail[0] == '\0');
    CHECK(back.node.len == 0 && back.node.ptr != NULL && back.msg.len == 0);

    /* Packing replaces what the buffer held. */
    full_record(&r);
    sh_log_record_pack(&r, b);
    guint once = b->len;
    sh_log_record_pack(&r, b);
    CHECK_INT(b->len, once);

    /* Cut short: no record at all, or texts missing ("" each). */
    CHECK(!sh_log_record_unpack(b->data, sizeof r - 1, &back));
    CHECK(back.kind == 0 && back.line == 0 && back.msg.len == 0);
    CHECK(sh_log_record_unpack(b->data, sizeof r + 6, &back));
    CHECK(back.line == r.line && back.format == NULL && back.detail[0] == '\0' && back.msg.len == 0);
    CHECK(sh_log_record_unpack(b->data, b->len - 1, &back));
    CHECK_STR(back.msg_hash, "1234567890");
    CHECK(back.msg.len == 0);

    /* The text encoding itself (siphop-import's packets and interfaces). */
    size_t pos = 0;
    g_byte_array_set_size(b, 0);
    sh_log_text_put(b, "abc", 3);
    sh_log_text_put(b, NULL, 0);
    sh_log_text_put(b, "a\0b", 3);
    CHECK_INT(b->len, 3 * 5 + 6);
    CHECK_STR(sh_log_text_get(b->data, b->len, &pos), "abc");
    CHECK_INT(pos, 8);
    CHECK_STR(sh_log_text_get(b->data, b->len, &pos), "");
    sh_str t = sh_log_text_get(b->data, b->len, &pos);
    CHECK(t.len == 3 && memcmp(t.ptr, "a\0b", 4) == 0);   /* with its NUL after */
    CHECK_INT(pos, b->len);
    CHECK_STR(sh_log_text_get(b->data, b->len, &pos), "");  /* at the end */
    CHECK_INT(pos, b->len);
    pos = 0;
    CHECK_STR(sh_log_text_get(b->data, 7, &pos), "");       /* cut short: "", pos kept */
    CHECK_INT(pos, 0);
    CHECK_STR(sh_log_text_get(b->data, 3, &pos), "");
    CHECK_INT(pos, 0);

    g_byte_array_unref(b);
}

/* ------------------------------------------------------------------------
 * One interface per logging node
 * ------------------------------------------------------------------------ */

typedef struct made {
    GPtrArray *names;   /* interfaces made, in order */
    bool fail;
} made;

static int make_iface(const char *name, void *ctx)
{
    made *m = ctx;
    if (m->fail)
        return -1;
    g_ptr_array_add(m->names, g_strdup(name));
    return (int)m->names->len - 1;
}

static void test_node_ifaces(void)
{
    GHashTable *nodes = sh_logframe_nodes_new();
    made m = { g_ptr_array_new_with_free_func(g_free), false };

    CHECK_INT(sh_logframe_node_iface(nodes, S("vcse"), make_iface, &m), 0);
    CHECK_INT(sh_logframe_node_iface(nodes, S("cucm"), make_iface, &m), 1);
    CHECK_INT(sh_logframe_node_iface(nodes, S("vcse"), make_iface, &m), 0);   /* made once */
    CHECK_INT(sh_logframe_node_iface(nodes, sh_str_make("vcse-b", 4), make_iface, &m), 0);   /* the view */
    CHECK_INT(m.names->len, 2);
    CHECK(strcmp(g_ptr_array_index(m.names, 1), "cucm") == 0);
    /* No name: one interface for all unnamed records. */
    CHECK_INT(sh_logframe_node_iface(nodes, SH_STR_NULL, make_iface, &m), 2);
    CHECK_INT(sh_logframe_node_iface(nodes, S(""), make_iface, &m), 2);
    CHECK(strcmp(g_ptr_array_index(m.names, 2), "") == 0);
    /* A name is the text up to a NUL (as the pcapng and wiretap names). */
    CHECK_INT(sh_logframe_node_iface(nodes, sh_str_make("cucm\0x", 6), make_iface, &m), 1);
    /* A failure is passed on and not remembered: the next call tries again. */
    m.fail = true;
    CHECK(sh_logframe_node_iface(nodes, S("cube"), make_iface, &m) < 0);
    CHECK(!g_hash_table_contains(nodes, "cube"));
    CHECK_INT(sh_logframe_node_iface(nodes, S("vcse"), make_iface, &m), 0);   /* known: no make() */
    m.fail = false;
    CHECK_INT(sh_logframe_node_iface(nodes, S("cube"), make_iface, &m), 3);
    CHECK(g_hash_table_contains(nodes, "cube"));
    CHECK_INT(g_hash_table_size(nodes), 4);

    g_ptr_array_unref(m.names);
    g_hash_table_destroy(nodes);
}

int main(int argc, char **argv)
{
    all_frames = g_ptr_array_new_with_free_func((GDestroyNotify)g_byte_array_unref);

    /* The helper itself: exact sizes, Content-Length right. */
    for (size_t n = 300; n < 520; n++) {
        char *m = invite(n, "len");
        CHECK_INT(strlen(m), n);
        const char *body = strstr(m, "\r\n\r\n");
        CHECK(body && strtoul(strstr(m, "Content-Length:") + 15, NULL, 10) == strlen(body + 4));
        g_free(m);
    }

    test_pdu();
    test_eth_udp4();
    test_eth_tcp();
    test_eth_segments(4);
    test_eth_segments(6);
    test_eth_fragments(4);
    test_eth_fragments(6);
    test_eth_udp_too_big();
    test_eth_ipv6();
    test_record_pack();
    test_node_ifaces();

    if (argc > 1)
        CHECK(write_pcap(argv[1], all_frames));
    g_ptr_array_unref(all_frames);
    return check_report();
}
