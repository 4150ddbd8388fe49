/* extract.c - the frame's SIP messages -> sh_msg (see extract.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "extract.h"

#include <string.h>

#include <epan/proto.h>
#include <epan/to_str.h>
#include <wiretap/wtap.h>
#include <wsutil/wmem/wmem.h>

#include "compat.h"
#include "siphop/endpoint.h"
#include "siphop/hash.h"
#include "siphop/message.h"
#include "siphop/offer.h"
#include "siphop/timeconv.h"

/* The fields siphop reads: the SIP messages (each "sip" item's data source
 * and offset locate its bytes, wherever Wireshark found them: a datagram, a
 * reassembled or decrypted stream, an exported PDU) and whether the SDP
 * dissector ran inside one. Everything else comes from the message's own
 * bytes (core/message.c): priming the sip.* string fields would make
 * Wireshark build them on a first pass that otherwise builds no tree, which
 * cost more than all of siphop's own work (bench/RESULTS.md). Filled by name
 * in siphop_extract_init: other dissectors' ids are known only at handoff. */
static struct {
    int sip, sdp;
} hf = { -1, -1 };

static const struct {
    int *id;
    const char *name;
} wanted[] = {
    { &hf.sip, "sip" },
    { &hf.sdp, "sdp" },
};

GArray *siphop_extract_init(void)
{
    GArray *ids = g_array_new(FALSE, FALSE, (guint)sizeof(int));

    for (size_t i = 0; i < G_N_ELEMENTS(wanted); i++) {
        *wanted[i].id = proto_registrar_get_id_byname(wanted[i].name);
        if (*wanted[i].id > 0)
            g_array_append_val(ids, *wanted[i].id);
    }
    return ids;
}

/* One SIP message's byte range, from its "sip" protocol item. */
typedef struct span {
    tvbuff_t *ds;
    int start;
    int end;
} span;

static GPtrArray *fields_of(proto_tree *tree, int id)
{
    return id > 0 ? proto_get_finfo_ptr_array(tree, id) : NULL;
}

/* Index of the message holding this field, or -1. */
static int owner(const span *spans, unsigned n, const field_info *fi)
{
    for (unsigned i = 0; i < n; i++)
        if (fi->ds_tvb == spans[i].ds && fi->start >= spans[i].start && fi->start < spans[i].end)
            return (int)i;
    return -1;
}

/* The byte range of the message whose "sip" item is *fi*: up to where the
 * next SIP message of the same data source starts (analysed or not), and
 * within its data source. In a primed first pass a sip item may run to the
 * end of the segment, over the messages after it; sh_msg_parse then ends
 * it at its own framing. */
static span span_of(const field_info *fi, const GPtrArray *sips)
{
    span s = { fi->ds_tvb, fi->start, fi->start + fi->length };
    int avail = tvb_captured_length_remaining(s.ds, s.start);

    for (guint j = 0; j < sips->len; j++) {
        const field_info *next = g_ptr_array_index(sips, j);
        if (next->ds_tvb == s.ds && next->start > s.start && next->start < s.end)
            s.end = next->start;
    }
    if (avail <= 0)
        s.end = s.start;
    else if (s.end - s.start > avail)
        s.end = s.start + avail;
    return s;
}

/* "addr:port" of an IP endpoint; empty for any other address type (an
 * exported PDU without addresses has AT_NONE), which names no node. */
static sh_str endpoint(packet_info *pinfo, const address *addr, guint32 port)
{
    const char *a;

    if (addr->type == AT_IPv4 && addr->len == 4) {
        char *text = wmem_alloc(pinfo->pool, SH_ENDPOINT_IPV4_SIZE);
        return sh_str_make(text, sh_endpoint_ipv4(addr->data, port, text));
    }
    if (addr->type != AT_IPv6)
        return SH_STR_NULL;
    a = address_to_str(pinfo->pool, addr);
    return sh_str_from(addr->type == AT_IPv6 ? wmem_strdup_printf(pinfo->pool, "[%s]:%u", a, port)
                                             : wmem_strdup_printf(pinfo->pool, "%s:%u", a, port));
}

/* Parse one message's bytes into x; ends its span at the message's end. */
static void parse_message(packet_info *pinfo, siphop_extracted *x, span *s, unsigned max_vias,
                          sh_body_info *body)
{
    int len = s->end - s->start;
    const char *raw = len > 0 ? (const char *)tvb_get_ptr(s->ds, s->start, len) : "";

    len = (int)sh_msg_parse(sh_str_make(raw, (size_t)MAX(len, 0)), &x->msg, x->vias, max_vias, body);
    s->end = s->start + len;
    x->bytes = sh_str_make(raw, (size_t)len);
    x->msg.fingerprint = sh_hash_fingerprint(raw, (size_t)len);
    if (x->msg.is_request)
        x->method = wmem_strndup(pinfo->pool, x->msg.method.ptr, x->msg.method.len);
    /* Endpoints only where the tracker reads them (msg.h): formatting them
     * for every message cost more than the rest of the per-message
     * bookkeeping. */
    if (sh_msg_is_invite(&x->msg)) {
        x->msg.src = endpoint(pinfo, &pinfo->src, pinfo->srcport);
        x->msg.dst = endpoint(pinfo, &pinfo->dst, pinfo->destport);
    } else if (x->msg.status >= 300) {
        x->msg.src = endpoint(pinfo, &pinfo->src, pinfo->srcport);
    }
}

unsigned siphop_extract(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, unsigned max_vias,
                        siphop_extracted **out, unsigned *found)
{
    GPtrArray *sips = fields_of(tree, hf.sip);
    GPtrArray *sdps;
    unsigned n;
    span *spans;
    siphop_extracted *xs;
    sh_body_info *bodies;
    uint32_t point = 0;

    *out = NULL;
    if (found)
        *found = sips ? sips->len : 0;
    if (!sips || sips->len == 0)
        return 0;
    n = MIN(sips->len, SIPHOP_MAX_MSGS_PER_FRAME);
    spans = wmem_alloc_array(pinfo->pool, span, n);
    xs = wmem_alloc0_array(pinfo->pool, siphop_extracted, n);
    bodies = wmem_alloc_array(pinfo->pool, sh_body_info, n);   /* sh_msg_parse clears each */
    if (pinfo->rec && (pinfo->rec->presence_flags & WTAP_HAS_INTERFACE_ID))
        point = pinfo->rec->rec_header.packet_header.interface_id;

    for (unsigned i = 0; i < n; i++) {
        siphop_extracted *x = &xs[i];

        spans[i] = span_of(g_ptr_array_index(sips, i), sips);
        /* Not zeroed: the parser fills every entry it counts in n_vias, and
         * nothing reads past them (zeroing 70 x 192 bytes per message cost
         * more than the rest of the extraction). */
        x->vias = wmem_alloc_array(pinfo->pool, sh_via, max_vias);
        parse_message(pinfo, x, &spans[i], max_vias, &bodies[i]);
        x->msg.frame = pinfo->num;
        x->msg.time_ns = sh_time_ns(pinfo->abs_ts.secs, pinfo->abs_ts.nsecs);
        x->msg.capture_point = point;
    }

    /* Did the SDP dissector run inside a message? (first sdp item each) */
    sdps = fields_of(tree, hf.sdp);
    for (guint i = 0; sdps && i < sdps->len; i++) {
        int k = owner(spans, n, g_ptr_array_index(sdps, i));
        if (k >= 0)
            bodies[k].sdp_dissected = true;
    }

    for (unsigned i = 0; i < n; i++) {
        xs[i].start = spans[i].ds == tvb ? spans[i].start : -1;
        xs[i].length = spans[i].ds == tvb ? spans[i].end - spans[i].start : 0;
        xs[i].msg.has_sdp = sh_body_has_sdp(&bodies[i]);
    }
    *out = xs;
    return n;
}
