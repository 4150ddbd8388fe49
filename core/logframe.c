/* logframe.c - see logframe.h. Moved out of siphop-import so that the log
 * reader plugin builds byte-identical frames. Both framings (exported PDU,
 * Ethernet) share resolve() and build_comment(): the same record gets the
 * same addresses, ports and comment in either.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "siphop/logframe.h"

#include <inttypes.h>
#include <stddef.h>
#include <string.h>

#include "siphop/hash.h"
#include "siphop/ipaddr.h"

typedef struct addr {
    int family;             /* 4 or 6 */
    uint8_t b[16];
    bool placeholder;
} addr;

/* An IPv4 or IPv6 literal; an IPv6 zone ("fe80::1%eth0") is dropped. */
static bool parse_ip(sh_str text, addr *a)
{
    memset(a, 0, sizeof *a);
    a->family = sh_ip_parse_zoned(text.ptr, text.len, a->b);
    return a->family != 0;
}

static void placeholder(sh_str text, int family, addr *a)
{
    memset(a, 0, sizeof *a);
    a->family = family;
    a->placeholder = true;
    if (family == 6)
        sh_log_placeholder_v6(text, a->b);
    else
        sh_log_placeholder_v4(text, a->b);
}

static void append_addr(GString *s, const addr *a, uint32_t port)
{
    char buf[SH_IP_TEXT_MAX];
    sh_ip_format(a->family, a->b, buf);
    if (a->family == 6 && port)
        g_string_append_printf(s, "[%s]:%u", buf, port);
    else if (port)
        g_string_append_printf(s, "%s:%u", buf, port);
    else
        g_string_append(s, buf);
}

static void append_str(GString *s, sh_str v)
{
    if (v.len)
        g_string_append_len(s, v.ptr, (gssize)v.len);
}

static void tlv(GByteArray *b, uint16_t tag, const void *val, uint16_t len)
{
    uint8_t h[4] = { (uint8_t)(tag >> 8), (uint8_t)tag, (uint8_t)(len >> 8), (uint8_t)len };
    g_byte_array_append(b, h, 4);
    if (len)
        g_byte_array_append(b, val, len);
}

static void tlv32(GByteArray *b, uint16_t tag, uint32_t v)
{
    uint8_t be[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };
    tlv(b, tag, be, 4);
}

static const char *transport_note(sh_log_transport_src src)
{
    switch (src) {
    case SH_TSRC_VIA: return "top Via";
    case SH_TSRC_PORT: return "port";
    case SH_TSRC_LOG: return "SDL";
    default: return "assumed";
    }
}

/* The two ends of a record's message, as both framings write them. */
typedef struct ends {
    addr local, peer;
    const addr *src, *dst;  /* into local/peer, by direction */
    uint32_t sport, dport;
    sh_log_transport t;     /* UNKNOWN taken as UDP */
} ends;

static void resolve(const sh_log_record *r, ends *x)
{
    bool local_ok = r->local_src != SH_LOCAL_NONE && parse_ip(r->local_addr, &x->local);
    bool peer_ok = parse_ip(r->peer_addr, &x->peer);
    x->t = r->transport == SH_TRANSPORT_UNKNOWN ? SH_TRANSPORT_UDP : r->transport;

    /* A placeholder takes the family of the real address on the other end. */
    if (!local_ok)
        placeholder(r->node, peer_ok ? x->peer.family : 4, &x->local);
    if (!peer_ok)
        placeholder(r->peer_addr, x->local.family, &x->peer);

    x->src = r->dir == SH_LOG_SENT ? &x->local : &x->peer;
    x->dst = r->dir == SH_LOG_SENT ? &x->peer : &x->local;
    x->sport = r->dir == SH_LOG_SENT ? r->local_port : r->peer_port;
    x->dport = r->dir == SH_LOG_SENT ? r->peer_port : r->local_port;
}

/* "<node> <file>:<line> Msg-Hash=<h> <Action> <local> <-/-> <peer> <transport>",
 * then extra (NULL: nothing) after any warning. */
static void build_comment(const sh_log_record *r, const char *file, const ends *x, const char *extra,
                          GString *comment)
{
    const addr *local = &x->local, *peer = &x->peer;
    GString *note = comment;
    g_string_truncate(note, 0);
    append_str(note, r->node);
    g_string_append_printf(note, " %s:%" PRIu64, file, (uint64_t)r->line);
    if (r->msg_hash.len) {
        g_string_append(note, " Msg-Hash=");
        append_str(note, r->msg_hash);
    }
    g_string_append_c(note, ' ');
    if (r->action.len)
        append_str(note, r->action);
    else
        g_string_append(note, r->dir == SH_LOG_SENT ? "Sent" : "Received");
    g_string_append_c(note, ' ');
    append_addr(note, local, r->local_port);
    if (local->placeholder)
        g_string_append(note, " (placeholder: local address not logged)");
    else if (r->local_src == SH_LOCAL_LEARNED)
        g_string_append(note, " (not logged: from the node's own Via/Contact)");
    else if (r->local_src == SH_LOCAL_OPTION)
        g_string_append(note, " (--cucm-ip)");
    g_string_append(note, r->dir == SH_LOG_SENT ? " -> " : " <- ");
    if (peer->placeholder) {
        g_string_append_c(note, '"');
        append_str(note, r->peer_addr);
        g_string_append_c(note, '"');
        if (r->peer_port)
            g_string_append_printf(note, ":%u", r->peer_port);
        g_string_append(note, " (placeholder ");
        append_addr(note, peer, 0);
        g_string_append(note, ")");
    } else {
        append_addr(note, peer, r->peer_port);
    }
    g_string_append_printf(note, " %s (%s)", sh_log_transport_name(x->t), transport_note(r->transport_src));
    if (r->sdl)
        g_string_append(note, " CUCM SDL trace");
    if (r->error != SH_LOG_ENONE)
        g_string_append_printf(note, "; warning: %s", r->detail ? r->detail : "");
    if (extra)
        g_string_append(note, extra);

    /* Log text may hold any bytes; comments are UTF-8. */
    if (!g_utf8_validate(note->str, (gssize)note->len, NULL)) {
        char *valid = g_utf8_make_valid(note->str, (gssize)note->len);
        g_string_assign(comment, valid);
        g_free(valid);
    }
}

void sh_logframe_build(const sh_log_record *r, const char *file, GByteArray *pdu, GString *comment)
{
    ends x;
    resolve(r, &x);
    const addr *src = x.src, *dst = x.dst;
    sh_log_transport t = x.t;

    g_byte_array_set_size(pdu, 0);
    tlv(pdu, SH_EXP_PDU_TAG_DISSECTOR_NAME, "sip\0", 4);   /* NUL-padded to 4 */
    tlv(pdu, src->family == 6 ? SH_EXP_PDU_TAG_IPV6_SRC : SH_EXP_PDU_TAG_IPV4_SRC, src->b,
        src->family == 6 ? 16 : 4);
    tlv(pdu, dst->family == 6 ? SH_EXP_PDU_TAG_IPV6_DST : SH_EXP_PDU_TAG_IPV4_DST, dst->b,
        dst->family == 6 ? 16 : 4);
    /* TLS is TCP underneath; Wireshark's "sip" dissector takes a whole
     * message either way. */
    tlv32(pdu, SH_EXP_PDU_TAG_PORT_TYPE,
          t == SH_TRANSPORT_UDP    ? SH_EXP_PDU_PT_UDP
          : t == SH_TRANSPORT_SCTP ? SH_EXP_PDU_PT_SCTP
                                   : SH_EXP_PDU_PT_TCP);
    tlv32(pdu, SH_EXP_PDU_TAG_SRC_PORT, x.sport);
    tlv32(pdu, SH_EXP_PDU_TAG_DST_PORT, x.dport);
    tlv(pdu, SH_EXP_PDU_TAG_END_OF_OPT, NULL, 0);
    if (r->msg.len)
        g_byte_array_append(pdu, (const guint8 *)r->msg.ptr, (guint)r->msg.len);

    build_comment(r, file, &x, NULL, comment);
}

/* ------------------------------------------------------------------------
 * Ethernet framing
 * ------------------------------------------------------------------------ */

#define ETH_HDR 14u
#define IP4_HDR 20u
#define IP6_HDR 40u
#define IP6_FRAG_HDR 8u
#define UDP_HDR 8u
#define TCP_HDR 20u
#define PROTO_TCP 6u
#define PROTO_UDP 17u
#define PROTO_IP6_FRAG 44u

/* One direction-independent TCP connection: endpoint A is the smaller of
 * the two (address, port) pairs, so both directions find the same entry. */
typedef struct conn {
    uint8_t key[1 + 2 * 18];   /* family, A address + port, B address + port */
    uint32_t next[2];          /* next sequence number: [0] A->B, [1] B->A */
} conn;

struct sh_logframe_eth {
    GHashTable *conns;         /* conn* (key bytes) -> the same conn* */
    uint16_t ip4_id;           /* IPv4 Identification, one per packet */
    uint32_t ip6_frag_id;      /* IPv6 Fragment header Identification */
};

static guint conn_hash(gconstpointer p)
{
    const conn *c = p;
    return (guint)sh_hash_finish(sh_hash_bytes(SH_HASH_INIT, c->key, sizeof c->key));
}

static gboolean conn_equal(gconstpointer a, gconstpointer b)
{
    return memcmp(((const conn *)a)->key, ((const conn *)b)->key, sizeof ((const conn *)a)->key) == 0;
}

sh_logframe_eth *sh_logframe_eth_new(void)
{
    sh_logframe_eth *e = g_new0(sh_logframe_eth, 1);
    e->conns = g_hash_table_new_full(conn_hash, conn_equal, g_free, NULL);
    e->ip4_id = 1;
    e->ip6_frag_id = 1;
    return e;
}

void sh_logframe_eth_free(sh_logframe_eth *e)
{
    if (!e)
        return;
    g_hash_table_destroy(e->conns);
    g_free(e);
}

static void put16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* Internet checksum (RFC 1071): add big-endian 16-bit words; only the last
 * piece added may have an odd length. */
static uint64_t csum_add(uint64_t sum, const uint8_t *p, size_t n)
{
    size_t i = 0;
    for (; i + 1 < n; i += 2)
        sum += (uint32_t)p[i] << 8 | p[i + 1];
    if (i < n)
        sum += (uint32_t)p[i] << 8;
    return sum;
}

static uint16_t csum_fold(uint64_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

/* The made-up MAC of an address: locally administered unicast (02:...).
 * IPv4 a.b.c.d is 02:00:a:b:c:d; IPv6 is 02:66 and 32 bits of its hash
 * (Wireshark names 02:01..02:20 after Microsoft NLB, and no vendor 02:66). */
static void mac_of(const addr *a, uint8_t mac[6])
{
    mac[0] = 0x02;
    if (a->family == 6) {
        uint64_t h = sh_hash_finish(sh_hash_bytes(SH_HASH_INIT, a->b, 16));
        mac[1] = 0x66;
        put32(mac + 2, (uint32_t)(h >> 32));
    } else {
        mac[1] = 0x00;
        memcpy(mac + 2, a->b, 4);
    }
}

/* An address as written in a packet of family `family`: an IPv4 address in
 * an IPv6 packet is IPv4-mapped. */
static void wire_addr(const addr *a, int family, uint8_t out[16])
{
    memset(out, 0, 16);
    if (family == 6 && a->family == 4) {
        out[10] = out[11] = 0xff;
        memcpy(out + 12, a->b, 4);
    } else {
        memcpy(out, a->b, family == 6 ? 16 : 4);
    }
}

/* What every packet of one record shares. */
typedef struct pkt {
    int family;
    uint8_t smac[6], dmac[6];
    uint8_t src[16], dst[16];
    uint8_t proto;             /* PROTO_TCP or PROTO_UDP */
} pkt;

/* Checksum of the pseudo-header (RFC 768/793 for IPv4, RFC 8200 8.1). */
static uint64_t csum_pseudo(const pkt *k, uint32_t l4len)
{
    uint8_t ph[40];
    if (k->family == 6) {
        memcpy(ph, k->src, 16);
        memcpy(ph + 16, k->dst, 16);
        put32(ph + 32, l4len);
        ph[36] = ph[37] = ph[38] = 0;
        ph[39] = k->proto;
        return csum_add(0, ph, 40);
    }
    memcpy(ph, k->src, 4);
    memcpy(ph + 4, k->dst, 4);
    ph[8] = 0;
    ph[9] = k->proto;
    put16(ph + 10, l4len);
    return csum_add(0, ph, 12);
}

/* A new frame holding the Ethernet and IP headers of a packet whose IP
 * payload (after any IPv6 Fragment header) is `len` bytes. frag: fragment
 * offset in bytes and more-fragments flag; fragmented: whether the datagram
 * is fragmented at all (IPv4: DF when not; IPv6: Fragment header when so). */
static GByteArray *frame_start(const pkt *k, uint32_t len, bool fragmented,
                               uint32_t frag_off, bool more, uint16_t ip4_id, uint32_t ip6_id)
{
    uint8_t h[ETH_HDR + IP6_HDR + IP6_FRAG_HDR];
    size_t n = 0;
    memcpy(h, k->dmac, 6);
    memcpy(h + 6, k->smac, 6);
    put16(h + 12, k->family == 6 ? 0x86dd : 0x0800);
    n = ETH_HDR;
    if (k->family == 6) {
        uint8_t *ip = h + n;
        put32(ip, 0x60000000u);                     /* version 6, no class, no flow */
        put16(ip + 4, len + (fragmented ? IP6_FRAG_HDR : 0));
        ip[6] = fragmented ? PROTO_IP6_FRAG : k->proto;
        ip[7] = 64;                                 /* hop limit */
        memcpy(ip + 8, k->src, 16);
        memcpy(ip + 24, k->dst, 16);
        n += IP6_HDR;
        if (fragmented) {
            uint8_t *f = h + n;
            f[0] = k->proto;
            f[1] = 0;
            put16(f + 2, frag_off | (more ? 1u : 0u));   /* offset in 8-byte units, <<3 */
            put32(f + 4, ip6_id);
            n += IP6_FRAG_HDR;
        }
    } else {
        uint8_t *ip = h + n;
        ip[0] = 0x45;                               /* version 4, 20-byte header */
        ip[1] = 0;
        put16(ip + 2, IP4_HDR + len);
        put16(ip + 4, ip4_id);
        put16(ip + 6, fragmented ? (frag_off / 8) | (more ? 0x2000u : 0u) : 0x4000u /* DF */);
        ip[8] = 64;                                 /* TTL */
        ip[9] = k->proto;
        ip[10] = ip[11] = 0;
        memcpy(ip + 12, k->src, 4);
        memcpy(ip + 16, k->dst, 4);
        put16(ip + 10, csum_fold(csum_add(0, ip, IP4_HDR)));
        n += IP4_HDR;
    }
    GByteArray *f = g_byte_array_sized_new((guint)(n + len));
    g_byte_array_append(f, h, (guint)n);
    return f;
}

/* The UDP datagram of msg, in IP fragments when it does not fit the MTU. */
static void udp_frames(sh_logframe_eth *e, const pkt *k, uint16_t sport, uint16_t dport, sh_str msg,
                       GPtrArray *frames)
{
    uint32_t l4len = UDP_HDR + (uint32_t)msg.len;
    uint8_t uh[UDP_HDR];
    put16(uh, sport);
    put16(uh + 2, dport);
    put16(uh + 4, l4len);
    put16(uh + 6, 0);
    uint64_t sum = csum_add(csum_pseudo(k, l4len), uh, UDP_HDR);
    sum = csum_add(sum, (const uint8_t *)msg.ptr, msg.len);
    uint16_t c = csum_fold(sum);
    put16(uh + 6, c ? c : 0xffff);                  /* 0 would mean "none" */

    uint32_t room = SH_LOGFRAME_ETH_MTU - (k->family == 6 ? IP6_HDR + IP6_FRAG_HDR : IP4_HDR);
    uint16_t ip4_id = k->family == 4 ? e->ip4_id++ : 0;
    if (l4len <= SH_LOGFRAME_ETH_MTU - (k->family == 6 ? IP6_HDR : IP4_HDR)) {
        GByteArray *f = frame_start(k, l4len, false, 0, false, ip4_id, 0);
        g_byte_array_append(f, uh, UDP_HDR);
        if (msg.len)
            g_byte_array_append(f, (const guint8 *)msg.ptr, (guint)msg.len);
        g_ptr_array_add(frames, f);
        return;
    }
    /* Fragments: every one but the last carries a multiple of 8 bytes of
     * the datagram (UDP header and message). */
    room &= ~7u;
    uint32_t ip6_id = k->family == 6 ? e->ip6_frag_id++ : 0;
    for (uint32_t off = 0; off < l4len; off += room) {
        uint32_t n = l4len - off < room ? l4len - off : room;
        GByteArray *f = frame_start(k, n, true, off, off + n < l4len, ip4_id, ip6_id);
        uint32_t at = off, left = n;
        if (at < UDP_HDR) {
            g_byte_array_append(f, uh + at, UDP_HDR - at);
            left -= UDP_HDR - at;
            at = UDP_HDR;
        }
        if (left)
            g_byte_array_append(f, (const guint8 *)msg.ptr + (at - UDP_HDR), left);
        g_ptr_array_add(frames, f);
    }
}

/* The TCP connection entry of a packet from (src, sport) to (dst, dport);
 * *dir is 0 when the sender is endpoint A, 1 when B. */
static conn *conn_of(sh_logframe_eth *e, const pkt *k, uint16_t sport, uint16_t dport, int *dir)
{
    uint8_t s[18], d[18];
    memcpy(s, k->src, 16);
    put16(s + 16, sport);
    memcpy(d, k->dst, 16);
    put16(d + 16, dport);
    *dir = memcmp(s, d, 18) <= 0 ? 0 : 1;
    conn probe;
    probe.key[0] = (uint8_t)k->family;
    memcpy(probe.key + 1, *dir ? d : s, 18);
    memcpy(probe.key + 19, *dir ? s : d, 18);
    conn *c = g_hash_table_lookup(e->conns, &probe);
    if (c)
        return c;
    c = g_new(conn, 1);
    *c = probe;
    /* Initial sequence numbers: from a hash of the direction's 4-tuple,
     * so the same connection starts alike in every run. */
    for (int i = 0; i < 2; i++) {
        uint64_t h = sh_hash_bytes(SH_HASH_INIT, c->key, sizeof c->key);
        h = sh_hash_finish(sh_hash_u64(h, (uint64_t)i));
        c->next[i] = (uint32_t)(h >> 32);
    }
    g_hash_table_add(e->conns, c);
    return c;
}

/* msg as TCP segments of up to SH_LOGFRAME_ETH_MAX_SEG bytes, PSH|ACK. */
static void tcp_frames(sh_logframe_eth *e, const pkt *k, uint16_t sport, uint16_t dport, sh_str msg,
                       GPtrArray *frames)
{
    int dir;
    conn *c = conn_of(e, k, sport, dport, &dir);
    uint32_t ack = c->next[!dir];
    size_t off = 0;
    do {
        uint32_t n = (uint32_t)(msg.len - off < SH_LOGFRAME_ETH_MAX_SEG ? msg.len - off : SH_LOGFRAME_ETH_MAX_SEG);
        const uint8_t *data = (const uint8_t *)msg.ptr + off;
        uint8_t th[TCP_HDR];
        put16(th, sport);
        put16(th + 2, dport);
        put32(th + 4, c->next[dir]);
        put32(th + 8, ack);
        th[12] = (TCP_HDR / 4) << 4;                /* data offset, no options */
        th[13] = 0x18;                              /* PSH|ACK */
        put16(th + 14, 65535);                      /* window */
        put16(th + 16, 0);                          /* checksum, below */
        put16(th + 18, 0);                          /* urgent pointer */
        uint64_t sum = csum_add(csum_pseudo(k, TCP_HDR + n), th, TCP_HDR);
        put16(th + 16, csum_fold(csum_add(sum, data, n)));

        GByteArray *f = frame_start(k, TCP_HDR + n, false, 0, false, k->family == 4 ? e->ip4_id++ : 0, 0);
        g_byte_array_append(f, th, TCP_HDR);
        if (n)
            g_byte_array_append(f, data, n);
        g_ptr_array_add(frames, f);
        c->next[dir] += n;
        off += n;
    } while (off < msg.len);
}

void sh_logframe_build_eth(sh_logframe_eth *e, const sh_log_record *r, const char *file, GPtrArray *frames,
                           GString *comment)
{
    ends x;
    resolve(r, &x);

    pkt k;
    memset(&k, 0, sizeof k);
    k.family = x.src->family == 6 || x.dst->family == 6 ? 6 : 4;
    mac_of(x.src, k.smac);
    mac_of(x.dst, k.dmac);
    wire_addr(x.src, k.family, k.src);
    wire_addr(x.dst, k.family, k.dst);
    /* Ports come from decimal text in the log; only 16 bits fit. */
    uint16_t sport = (uint16_t)x.sport, dport = (uint16_t)x.dport;

    /* The largest UDP payload: the IPv4 total length and the IPv6 payload
     * length are 16-bit fields. */
    size_t udp_max = 65535u - UDP_HDR - (k.family == 6 ? 0u : IP4_HDR);
    bool udp = x.t == SH_TRANSPORT_UDP && r->msg.len <= udp_max;
    k.proto = udp ? PROTO_UDP : PROTO_TCP;
    if (udp)
        udp_frames(e, &k, sport, dport, r->msg, frames);
    else
        tcp_frames(e, &k, sport, dport, r->msg, frames);

    build_comment(r, file, &x,
                  x.t == SH_TRANSPORT_UDP && !udp ? "; written as TCP: larger than a UDP datagram can carry" : NULL,
                  comment);
}

/* ---- One interface per logging node ------------------------------------ */

GHashTable *sh_logframe_nodes_new(void)
{
    return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
}

int sh_logframe_node_iface(GHashTable *nodes, sh_str node, sh_logframe_make_iface make, void *ctx)
{
    char *name = g_strndup(node.ptr ? node.ptr : "", node.len);
    gpointer v = g_hash_table_lookup(nodes, name);
    int id;

    if (v) {
        g_free(name);
        return GPOINTER_TO_INT(v) - 1;   /* stored as id + 1: NULL is "none" */
    }
    id = make(name, ctx);
    if (id >= 0)
        g_hash_table_insert(nodes, name, GINT_TO_POINTER(id + 1));
    else
        g_free(name);
    return id;
}

/* ---- Records kept aside ------------------------------------------------ */

/* The views of a record, packed in this order after its fixed part. */
static const size_t record_views[] = {
    offsetof(sh_log_record, node),      offsetof(sh_log_record, action),
    offsetof(sh_log_record, local_addr), offsetof(sh_log_record, peer_addr),
    offsetof(sh_log_record, msg_hash),  offsetof(sh_log_record, msg),
};

void sh_log_text_put(GByteArray *b, const char *p, size_t n)
{
    uint32_t len = (uint32_t)n;
    g_byte_array_append(b, (const guint8 *)&len, 4);
    if (n)
        g_byte_array_append(b, (const guint8 *)p, (guint)n);
    g_byte_array_append(b, (const guint8 *)"", 1);
}

sh_str sh_log_text_get(const uint8_t *data, size_t len, size_t *pos)
{
    uint32_t n;
    if (*pos + 4 > len)
        return sh_str_make("", 0);
    memcpy(&n, data + *pos, 4);
    if (*pos + 4 + (size_t)n + 1 > len)
        return sh_str_make("", 0);
    sh_str s = sh_str_make((const char *)data + *pos + 4, n);
    *pos += 4 + (size_t)n + 1;
    return s;
}

void sh_log_record_pack(const sh_log_record *r, GByteArray *out)
{
    g_byte_array_set_size(out, 0);
    g_byte_array_append(out, (const guint8 *)r, sizeof *r);   /* its pointers are replaced on unpacking */
    sh_log_text_put(out, r->format ? r->format : "", r->format ? strlen(r->format) : 0);
    sh_log_text_put(out, r->detail ? r->detail : "", r->detail ? strlen(r->detail) : 0);
    for (size_t i = 0; i < G_N_ELEMENTS(record_views); i++) {
        const sh_str *v = (const sh_str *)(const void *)((const char *)r + record_views[i]);
        sh_log_text_put(out, v->ptr, v->len);
    }
}

bool sh_log_record_unpack(const uint8_t *data, size_t len, sh_log_record *r)
{
    size_t pos = sizeof *r;
    sh_str format, detail;

    memset(r, 0, sizeof *r);
    if (len < sizeof *r)
        return false;
    memcpy(r, data, sizeof *r);
    format = sh_log_text_get(data, len, &pos);
    detail = sh_log_text_get(data, len, &pos);
    r->format = format.len ? g_intern_string(format.ptr) : NULL;
    r->detail = detail.ptr;
    for (size_t i = 0; i < G_N_ELEMENTS(record_views); i++)
        *(sh_str *)(void *)((char *)r + record_views[i]) = sh_log_text_get(data, len, &pos);
    return true;
}
