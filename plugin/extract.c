/* extract.c - SIP/SDP dissector fields -> sh_msg (see extract.h). */
#include "extract.h"

#include <string.h>

#include <epan/proto.h>
#include <epan/to_str.h>
#include <wiretap/wtap.h>
#include <wsutil/wmem/wmem.h>

#include "compat.h"
#include "siphop/framing.h"
#include "siphop/hash.h"
#include "siphop/offer.h"
#include "siphop/sipheaders.h"
#include "siphop/via.h"

/* The SIP/SDP fields siphop reads. Filled by name in siphop_extract_init:
 * these are other dissectors' fields, so their ids are only known at
 * handoff time. */
static struct {
    int sip, sdp;
    int method, status_code, status_line;
    int call_id, cseq_seq, cseq_method, via;
    int ruri_host, to_host, to_tag, from_tag;
    int warning, session_id, server, user_agent;
    int content_type, content_length, rseq, rack_cseq;
} hf = { -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1 };

static const struct {
    int *id;
    const char *name;
} wanted[] = {
    { &hf.sip, "sip" },
    { &hf.sdp, "sdp" },
    { &hf.method, "sip.Method" },
    { &hf.status_code, "sip.Status-Code" },
    { &hf.status_line, "sip.Status-Line" },
    { &hf.call_id, "sip.Call-ID" },
    { &hf.cseq_seq, "sip.CSeq.seq" },
    { &hf.cseq_method, "sip.CSeq.method" },
    { &hf.via, "sip.Via" },
    { &hf.ruri_host, "sip.r-uri.host" },
    { &hf.to_host, "sip.to.host" },
    { &hf.to_tag, "sip.to.tag" },
    { &hf.from_tag, "sip.from.tag" },
    { &hf.warning, "sip.Warning" },
    { &hf.session_id, "sip.Session-ID" },
    { &hf.server, "sip.Server" },
    { &hf.user_agent, "sip.User-Agent" },
    { &hf.content_type, "sip.Content-Type" },
    { &hf.content_length, "sip.Content-Length" },
    { &hf.rseq, "sip.RSeq" },
    { &hf.rack_cseq, "sip.RAck.CSeq.seq" },
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

static sh_str fi_str(field_info *fi)
{
    return sh_str_from(fvalue_get_string(SH_FI_VALUE(fi)));
}

static uint32_t fi_uint(field_info *fi)
{
    return fvalue_get_uinteger(SH_FI_VALUE(fi));
}

/* For each field of *id*, call back with its owning message. Keeps the
 * first occurrence per message unless *all* (Via: every header line). */
typedef void (*field_fn)(siphop_extracted *x, field_info *fi, void *ctx);

static void for_fields(proto_tree *tree, int id, const span *spans, unsigned n, siphop_extracted *xs,
                       bool all, field_fn fn, void *ctx)
{
    GPtrArray *arr = fields_of(tree, id);
    uint64_t done = 0;  /* bit per message already given a first value */

    if (!arr)
        return;
    for (guint i = 0; i < arr->len; i++) {
        field_info *fi = g_ptr_array_index(arr, i);
        int k = owner(spans, n, fi);
        if (k < 0)
            continue;
        if (!all && k < 64) {
            if (done & (UINT64_C(1) << k))
                continue;
            done |= UINT64_C(1) << k;
        }
        fn(&xs[k], fi, ctx);
    }
}

/* Field setters, one per kind of destination. */
#define STR_SETTER(name, member) \
    static void name(siphop_extracted *x, field_info *fi, void *ctx) \
    { (void)ctx; x->msg.member = fi_str(fi); }

STR_SETTER(set_status_line, reason)
STR_SETTER(set_call_id, call_id)
STR_SETTER(set_cseq_method, cseq_method)
STR_SETTER(set_ruri_host, ruri_host)
STR_SETTER(set_to_host, to_host)
STR_SETTER(set_to_tag, to_tag)
STR_SETTER(set_from_tag, from_tag)
STR_SETTER(set_warning, warning)
STR_SETTER(set_session_id, session_id)
STR_SETTER(set_server, server)

static void set_method(siphop_extracted *x, field_info *fi, void *ctx)
{
    (void)ctx;
    x->msg.is_request = true;
    x->msg.method = fi_str(fi);
    x->method = fvalue_get_string(SH_FI_VALUE(fi));
}

static void set_status(siphop_extracted *x, field_info *fi, void *ctx)
{
    (void)ctx;
    x->msg.status = fi_uint(fi);
}

static void set_cseq(siphop_extracted *x, field_info *fi, void *ctx)
{
    (void)ctx;
    x->msg.has_cseq = true;
    x->msg.cseq = fi_uint(fi);
}

static void set_user_agent(siphop_extracted *x, field_info *fi, void *ctx)
{
    (void)ctx;
    if (x->msg.server.len == 0)   /* Server wins: it names who answered */
        x->msg.server = fi_str(fi);
}

static void set_rseq(siphop_extracted *x, field_info *fi, void *ctx)
{
    (void)ctx;
    (void)fi;
    x->msg.has_rseq = true;
}

static void set_rack(siphop_extracted *x, field_info *fi, void *ctx)
{
    (void)ctx;
    x->msg.has_rack = true;
    x->msg.rack_cseq = fi_uint(fi);
}

static void set_sdp(siphop_extracted *x, field_info *fi, void *ctx)
{
    (void)ctx;
    (void)fi;
    x->msg.has_sdp = true;
}

typedef struct body_ctx {
    sh_body_info *bodies;
    siphop_extracted *base;
} body_ctx;

static void set_content_type(siphop_extracted *x, field_info *fi, void *ctx)
{
    body_ctx *b = ctx;
    b->bodies[x - b->base].content_type = fi_str(fi);
}

static void set_content_length(siphop_extracted *x, field_info *fi, void *ctx)
{
    body_ctx *b = ctx;
    b->bodies[x - b->base].has_content_length = true;
    b->bodies[x - b->base].content_length = fi_uint(fi);
}

/* Make each span end where its message does. The sip item alone is not
 * enough: in a primed first pass it may run to the end of the segment, over
 * the messages after it. */
static void bound_spans(span *spans, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        span *s = &spans[i];
        int avail = tvb_captured_length_remaining(s->ds, s->start);

        for (unsigned j = 0; j < n; j++)
            if (spans[j].ds == s->ds && spans[j].start > s->start && spans[j].start < s->end)
                s->end = spans[j].start;
        if (avail <= 0) {
            s->end = s->start;
            continue;
        }
        if (s->end - s->start > avail)
            s->end = s->start + avail;
        const char *raw = (const char *)tvb_get_ptr(s->ds, s->start, s->end - s->start);
        s->end = s->start + (int)sh_message_length(sh_str_make(raw, (size_t)(s->end - s->start)));
    }
}

/* Vias: every header line, each possibly holding several Vias. */
typedef struct via_ctx {
    unsigned max;
} via_ctx;

static void add_vias(siphop_extracted *x, field_info *fi, void *ctx)
{
    via_ctx *v = ctx;
    size_t total = 0;
    size_t room = v->max - x->msg.n_vias;

    x->msg.n_vias += sh_via_parse_list(fi_str(fi), x->vias + x->msg.n_vias, room, &total);
    x->msg.via_total += total;
}

/* Sender/receiver "addr:port" for the messages users read. */
static sh_str endpoint(packet_info *pinfo, const address *addr, guint32 port)
{
    const char *a = address_to_str(pinfo->pool, addr);
    const char *s = addr->type == AT_IPv6 ? wmem_strdup_printf(pinfo->pool, "[%s]:%u", a, port)
                                          : wmem_strdup_printf(pinfo->pool, "%s:%u", a, port);
    return sh_str_from(s);
}

/* Digest of a whole message, for telling repeats of it (msg.h). Only ever
 * compared for equality, so a word at a time: the byte-wise FNV-1a of hash.h
 * cost about 5 instructions per byte of every message. Never 0 (finish). */
static uint64_t fingerprint(const char *p, size_t len)
{
    uint64_t h = SH_HASH_INIT ^ len, w;
    size_t i = 0;

    for (; i + 8 <= len; i += 8) {
        memcpy(&w, p + i, 8);
        h = (h ^ w) * UINT64_C(0x9e3779b97f4a7c15);
        h = (h << 31) | (h >> 33);
    }
    if (i < len) {
        w = 0;
        memcpy(&w, p + i, len - i);
        h = (h ^ w) * UINT64_C(0x9e3779b97f4a7c15);
    }
    return sh_hash_finish(h);
}

/* The "\r\n\r\n" ending the headers, or NULL (memchr hops, where
 * g_strstr_len compared at every byte). */
static const char *find_blank_line(const char *p, size_t len)
{
    const char *end = p + len, *cr = p;

    while (end - cr >= 4 && (cr = memchr(cr, '\r', (size_t)(end - cr - 3))) != NULL) {
        if (memcmp(cr, "\r\n\r\n", 4) == 0)
            return cr;
        cr++;
    }
    return NULL;
}

/* What the fields do not give: the raw bytes, for the fingerprint, the
 * headers Wireshark has no field for, and the body. */
static void from_raw_bytes(siphop_extracted *x, const span *s, sh_body_info *body)
{
    int len = s->end - s->start;
    const char *raw;
    sh_str msg, v;

    if (len <= 0)
        return;
    raw = (const char *)tvb_get_ptr(s->ds, s->start, len);
    msg = sh_str_make(raw, (size_t)len);
    x->msg.fingerprint = fingerprint(raw, (size_t)len);
    if (sh_header_find(msg, "Cisco-Guid", NULL, &v))
        x->msg.cisco_guid = v;
    if (sh_header_find(msg, "X-Call-ID", NULL, &v) || sh_header_find(msg, "X-CID", NULL, &v))
        x->msg.x_call_id = v;
    const char *end = find_blank_line(raw, (size_t)len);
    if (end)
        body->body = sh_str_make(end + 4, (size_t)(raw + len - (end + 4)));
}

unsigned siphop_extract(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, unsigned max_vias,
                        siphop_extracted **out, unsigned *found)
{
    GPtrArray *sips = fields_of(tree, hf.sip);
    unsigned n;
    span *spans;
    siphop_extracted *xs;
    sh_body_info *bodies;

    *out = NULL;
    if (found)
        *found = sips ? sips->len : 0;
    if (!sips || sips->len == 0)
        return 0;
    n = MIN(sips->len, SIPHOP_MAX_MSGS_PER_FRAME);  /* also the bitset in for_fields */
    spans = wmem_alloc_array(pinfo->pool, span, n);
    xs = wmem_alloc0_array(pinfo->pool, siphop_extracted, n);
    bodies = wmem_alloc0_array(pinfo->pool, sh_body_info, n);

    sh_str src = endpoint(pinfo, &pinfo->src, pinfo->srcport);
    sh_str dst = endpoint(pinfo, &pinfo->dst, pinfo->destport);
    uint32_t point = 0;
    if (pinfo->rec && (pinfo->rec->presence_flags & WTAP_HAS_INTERFACE_ID))
        point = pinfo->rec->rec_header.packet_header.interface_id;

    for (unsigned i = 0; i < n; i++) {
        field_info *fi = g_ptr_array_index(sips, i);
        siphop_extracted *x = &xs[i];

        spans[i] = (span){ fi->ds_tvb, fi->start, fi->start + fi->length };
        /* Not zeroed: the parser fills every entry it counts in n_vias, and
         * nothing reads past them (zeroing 70 x 192 bytes per message cost
         * more than the rest of the extraction). */
        x->vias = wmem_alloc_array(pinfo->pool, sh_via, max_vias);
        x->msg.vias = x->vias;
        x->msg.frame = pinfo->num;
        x->msg.time_ns = (int64_t)pinfo->abs_ts.secs * 1000000000 + pinfo->abs_ts.nsecs;
        x->msg.capture_point = point;
        x->msg.src = src;
        x->msg.dst = dst;
    }
    if (sips->len > n) {
        /* The last analysed message ends where the first skipped one starts,
         * or it would collect the skipped messages' fields. */
        field_info *next = g_ptr_array_index(sips, n);
        for (unsigned i = 0; i < n; i++)
            if (spans[i].ds == next->ds_tvb && spans[i].start < next->start && spans[i].end > next->start)
                spans[i].end = next->start;
    }
    bound_spans(spans, n);
    for (unsigned i = 0; i < n; i++) {
        xs[i].start = spans[i].ds == tvb ? spans[i].start : -1;
        xs[i].length = spans[i].ds == tvb ? spans[i].end - spans[i].start : 0;
    }

    via_ctx vc = { max_vias };
    body_ctx bc = { bodies, xs };
    for_fields(tree, hf.method, spans, n, xs, false, set_method, NULL);
    for_fields(tree, hf.status_code, spans, n, xs, false, set_status, NULL);
    for_fields(tree, hf.status_line, spans, n, xs, false, set_status_line, NULL);
    for_fields(tree, hf.call_id, spans, n, xs, false, set_call_id, NULL);
    for_fields(tree, hf.cseq_seq, spans, n, xs, false, set_cseq, NULL);
    for_fields(tree, hf.cseq_method, spans, n, xs, false, set_cseq_method, NULL);
    for_fields(tree, hf.via, spans, n, xs, true, add_vias, &vc);
    for_fields(tree, hf.ruri_host, spans, n, xs, false, set_ruri_host, NULL);
    for_fields(tree, hf.to_host, spans, n, xs, false, set_to_host, NULL);
    for_fields(tree, hf.to_tag, spans, n, xs, false, set_to_tag, NULL);
    for_fields(tree, hf.from_tag, spans, n, xs, false, set_from_tag, NULL);
    for_fields(tree, hf.warning, spans, n, xs, false, set_warning, NULL);
    for_fields(tree, hf.session_id, spans, n, xs, false, set_session_id, NULL);
    for_fields(tree, hf.server, spans, n, xs, false, set_server, NULL);
    for_fields(tree, hf.user_agent, spans, n, xs, false, set_user_agent, NULL);
    for_fields(tree, hf.rseq, spans, n, xs, false, set_rseq, NULL);
    for_fields(tree, hf.rack_cseq, spans, n, xs, false, set_rack, NULL);
    for_fields(tree, hf.sdp, spans, n, xs, false, set_sdp, NULL);
    for_fields(tree, hf.content_type, spans, n, xs, false, set_content_type, &bc);
    for_fields(tree, hf.content_length, spans, n, xs, false, set_content_length, &bc);

    for (unsigned i = 0; i < n; i++) {
        siphop_extracted *x = &xs[i];
        if (!x->msg.is_request)
            x->msg.reason = sh_status_line_reason(x->msg.reason);
        from_raw_bytes(x, &spans[i], &bodies[i]);
        bodies[i].sdp_dissected = x->msg.has_sdp;
        x->msg.has_sdp = sh_body_has_sdp(&bodies[i]);
    }
    *out = xs;
    return n;
}
