/* logframe.c - see logframe.h. Moved out of siphop-import so that the log
 * reader plugin builds byte-identical frames. */
#include "siphop/logframe.h"

#include <arpa/inet.h>
#include <string.h>

typedef struct addr {
    int family;             /* 4 or 6 */
    uint8_t b[16];
    bool placeholder;
} addr;

/* An IPv4 or IPv6 literal; an IPv6 zone ("fe80::1%eth0") is dropped. */
static bool parse_ip(sh_str text, addr *a)
{
    char buf[64];
    size_t n = 0;
    while (n < text.len && text.ptr[n] != '%')
        n++;
    if (n >= sizeof buf)
        return false;
    if (n)
        memcpy(buf, text.ptr, n);
    buf[n] = '\0';
    memset(a, 0, sizeof *a);
    if (inet_pton(AF_INET, buf, a->b) == 1) {
        a->family = 4;
        return true;
    }
    if (inet_pton(AF_INET6, buf, a->b) == 1) {
        a->family = 6;
        return true;
    }
    return false;
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
    char buf[INET6_ADDRSTRLEN];
    inet_ntop(a->family == 6 ? AF_INET6 : AF_INET, a->b, buf, sizeof buf);
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

void sh_logframe_build(const sh_log_record *r, const char *file, GByteArray *pdu, GString *comment)
{
    addr local, peer;
    bool local_ok = r->local_src != SH_LOCAL_NONE && parse_ip(r->local_addr, &local);
    bool peer_ok = parse_ip(r->peer_addr, &peer);
    sh_log_transport t = r->transport == SH_TRANSPORT_UNKNOWN ? SH_TRANSPORT_UDP : r->transport;

    /* A placeholder takes the family of the real address on the other end. */
    if (!local_ok)
        placeholder(r->node, peer_ok ? peer.family : 4, &local);
    if (!peer_ok)
        placeholder(r->peer_addr, local.family, &peer);

    const addr *src = r->dir == SH_LOG_SENT ? &local : &peer;
    const addr *dst = r->dir == SH_LOG_SENT ? &peer : &local;
    uint32_t sport = r->dir == SH_LOG_SENT ? r->local_port : r->peer_port;
    uint32_t dport = r->dir == SH_LOG_SENT ? r->peer_port : r->local_port;

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
    tlv32(pdu, SH_EXP_PDU_TAG_SRC_PORT, sport);
    tlv32(pdu, SH_EXP_PDU_TAG_DST_PORT, dport);
    tlv(pdu, SH_EXP_PDU_TAG_END_OF_OPT, NULL, 0);
    if (r->msg.len)
        g_byte_array_append(pdu, (const guint8 *)r->msg.ptr, (guint)r->msg.len);

    /* "<node> <file>:<line> Msg-Hash=<h> <Action> <local> <-/-> <peer> <transport>" */
    GString *note = g_string_new(NULL);
    append_str(note, r->node);
    g_string_append_printf(note, " %s:%llu", file, (unsigned long long)r->line);
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
    append_addr(note, &local, r->local_port);
    if (local.placeholder)
        g_string_append(note, " (placeholder: local address not logged)");
    else if (r->local_src == SH_LOCAL_LEARNED)
        g_string_append(note, " (not logged: from the node's own Via/Contact)");
    else if (r->local_src == SH_LOCAL_OPTION)
        g_string_append(note, " (--cucm-ip)");
    g_string_append(note, r->dir == SH_LOG_SENT ? " -> " : " <- ");
    if (peer.placeholder) {
        g_string_append_c(note, '"');
        append_str(note, r->peer_addr);
        g_string_append_c(note, '"');
        if (r->peer_port)
            g_string_append_printf(note, ":%u", r->peer_port);
        g_string_append(note, " (placeholder ");
        append_addr(note, &peer, 0);
        g_string_append(note, ")");
    } else {
        append_addr(note, &peer, r->peer_port);
    }
    g_string_append_printf(note, " %s (%s)", sh_log_transport_name(t), transport_note(r->transport_src));
    if (r->sdl)
        g_string_append(note, " CUCM SDL trace");
    if (r->error != SH_LOG_ENONE)
        g_string_append_printf(note, "; warning: %s", r->detail ? r->detail : "");

    /* Log text may hold any bytes; comments are UTF-8. */
    char *valid = g_utf8_make_valid(note->str, (gssize)note->len);
    g_string_assign(comment, valid);
    g_free(valid);
    g_string_free(note, TRUE);
}
