/* siphop_wasm.c - the analysis API for the browser page (see siphop_wasm.h).
 *
 * shw_message() does for one message what the plugin does on its first pass
 * (plugin/packet-siphop.c analyse_frame, plugin/extract.c): parse it, feed
 * the tracker, learn the hop's changes; and it keeps what the report needs
 * (session.h), as the plugin's call list keeps it (plugin/calls.c
 * read_message). shw_report() (report.c) then reads the tracker's final
 * facts, like a second pass.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "siphop_wasm.h"

#include <glib.h>
#include <string.h>

#include "session.h"
#include "siphop/hash.h"
#include "siphop/message.h"
#include "siphop/offer.h"
#include "siphop/sipheaders.h"
#include "siphop/timeconv.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#define SHW_EXPORT EMSCRIPTEN_KEEPALIVE
#else
#define SHW_EXPORT
#endif

/* Bytes kept of a method name: as it is (the label shows it so), but no
 * more than a label holds. */
#define METHOD_KEPT 1024

static GPtrArray *sessions;   /* shw_session* by handle - 1; NULL when freed */

static shw_session *session_of(uint32_t h)
{
    return sessions && h >= 1 && h <= sessions->len ? g_ptr_array_index(sessions, h - 1) : NULL;
}

SHW_EXPORT uint32_t shw_new(const char *eo_domains)
{
    shw_session *s = g_new0(shw_session, 1);

    s->domains = sh_domains_new(eo_domains && eo_domains[0] ? eo_domains : SH_DEFAULT_EO_DOMAINS);
    sh_limits_default(&s->limits);
    sh_limits_clamp(&s->limits);
    s->tracker = sh_tracker_new(&s->limits, s->domains);
    s->vias = g_new(sh_via, s->limits.max_vias);
    s->texts = g_string_chunk_new(64 * 1024);
    s->changes = sh_legchanges_new();
    s->roles = sh_roles_new();
    s->msgs = g_array_new(FALSE, FALSE, sizeof(shw_msg));
    s->calls = g_array_new(FALSE, TRUE, sizeof(shw_call));
    s->legs = g_array_new(FALSE, TRUE, sizeof(shw_leg));
    if (!sessions)
        sessions = g_ptr_array_new();
    g_ptr_array_add(sessions, s);
    return sessions->len;
}

SHW_EXPORT void shw_free(uint32_t h)
{
    shw_session *s = session_of(h);

    if (!s)
        return;
    sh_tracker_free(s->tracker);
    sh_domains_free(s->domains);
    g_free(s->vias);
    g_string_chunk_free(s->texts);
    sh_legchanges_free(s->changes);
    sh_roles_free(s->roles);
    g_array_free(s->msgs, TRUE);
    g_array_free(s->calls, TRUE);
    g_array_free(s->legs, TRUE);
    if (s->report)
        g_string_free(s->report, TRUE);
    g_free(s);
    g_ptr_array_index(sessions, h - 1) = NULL;
}

SHW_EXPORT const char *shw_report(uint32_t h)
{
    shw_session *s = session_of(h);

    return s ? shw_report_build(s) : NULL;
}

/* ---- one message ----------------------------------------------------------- */

/* Text kept for the report: once per distinct value. */
static const char *keep(shw_session *s, const char *text)
{
    return g_string_chunk_insert_const(s->texts, text);
}

static const char *keep_cell(shw_session *s, sh_str v, size_t max)
{
    char *text = sh_cell_text(v, max);
    const char *kept = keep(s, text);

    g_free(text);
    return kept;
}

/* The start line (after the CRLFs RFC 3261 7.5 allows before it). */
static sh_str start_line(sh_str bytes)
{
    size_t pos = 0;

    while (pos < bytes.len && (bytes.ptr[pos] == '\r' || bytes.ptr[pos] == '\n'))
        pos++;
    bytes = sh_str_slice(bytes, pos, bytes.len);
    pos = 0;
    return sh_str_next_line(bytes, &pos);
}

/* A SIP start line: "SIP/x.y code ..." with a code the parser took, or
 * "METHOD uri SIP/x.y". Wireshark's SIP dissector checks as much before it
 * takes a message; the page may hand over anything. */
static bool is_sip(const sh_msg *m, sh_str line)
{
    const char *sp;

    if (!m->is_request)
        return m->status != 0;
    if (sh_str_empty(m->method) || line.len == 0)
        return false;
    for (sp = line.ptr + line.len; sp > line.ptr && sp[-1] != ' '; sp--)
        ;
    return sp > line.ptr + m->method.len &&
           sh_str_iprefix(sh_str_make(sp, line.len - (size_t)(sp - line.ptr)), "SIP/");
}

static sh_str endpoint(const char *text)
{
    return text && text[0] ? sh_str_from(text) : SH_STR_NULL;
}

static shw_call *call_entry(shw_session *s, uint32_t number, bool *is_new)
{
    shw_call *e;

    if (number >= s->calls->len)
        g_array_set_size(s->calls, number + 1);
    e = &g_array_index(s->calls, shw_call, number);
    *is_new = e->first_msg == 0;
    return e;
}

/* What the message says of its call: its Call-ID, and From/To/target from
 * the call's first initial INVITE (else its first message), as
 * plugin/calls.c read_message. */
static void read_call_texts(shw_session *s, shw_call *e, const sh_msg *m, const sh_result *r, sh_str bytes)
{
    bool first_invite = sh_msg_is_invite(m) && !r->dup && r->txn && !r->txn->reinvite;
    sh_str id = sh_str_trim(sh_msg_header_value(bytes, "Call-ID", 'i'));

    if (!sh_str_empty(id) && e->n_ids < SHW_MAX_CALL_IDS) {
        const char *text = keep_cell(s, id, SHW_TEXT_KEPT);
        bool known = false;
        for (unsigned i = 0; i < e->n_ids && !known; i++)
            known = e->ids[i] == text;   /* kept texts are unique */
        if (!known)
            e->ids[e->n_ids++] = text;
    }
    if (e->have_invite || (!first_invite && e->from && e->from[0]))
        return;
    e->from = keep_cell(s, sh_uri_of(sh_msg_header_value(bytes, "From", 'f')), SHW_TEXT_KEPT);
    e->to = keep_cell(s, sh_uri_of(sh_msg_header_value(bytes, "To", 't')), SHW_TEXT_KEPT);
    if (first_invite) {
        const sh_txn *x = r->txn;
        e->target_eo_only = x->names->target && x->eo_required;
        e->target = e->target_eo_only ? keep(s, x->names->target) : keep_cell(s, m->ruri_host, SHW_TEXT_KEPT);
        e->have_invite = true;
    }
}

static void remember(shw_session *s, const sh_msg *m, const sh_result *r, sh_str bytes, const char *src,
                     const char *dst, uint32_t src_ep, uint32_t dst_ep)
{
    shw_msg rec;
    const sh_txn *x = r->txn;

    memset(&rec, 0, sizeof rec);
    rec.r = *r;
    rec.time_ns = m->time_ns;
    rec.frame = m->frame;
    rec.len = (uint32_t)MIN(bytes.len, UINT32_MAX);
    rec.is_request = m->is_request;
    rec.status = (uint16_t)m->status;
    if (m->is_request) {
        char *method = g_strndup(m->method.ptr, MIN(m->method.len, METHOD_KEPT));
        rec.method = keep(s, method);
        g_free(method);
    }
    rec.src = keep(s, src ? src : "");
    rec.dst = keep(s, dst ? dst : "");
    rec.src_ep = src_ep;
    rec.dst_ep = dst_ep;
    rec.first_line = keep_cell(s, start_line(bytes), SHW_TEXT_KEPT);
    g_array_append_val(s->msgs, rec);

    if (r->call) {
        bool is_new;
        shw_call *e = call_entry(s, r->call->number, &is_new);
        if (is_new)
            e->first_msg = s->msgs->len;   /* its index + 1 */
        if (r->orphan_failure && !e->orphan)
            e->orphan = r->orphan_failure;
        read_call_texts(s, e, m, r, bytes);
    }
    if (x) {
        shw_leg *l;
        if (x->handle >= s->legs->len)
            g_array_set_size(s->legs, x->handle + 1);
        l = &g_array_index(s->legs, shw_leg, x->handle);
        l->call = x->call ? x->call->number : 0;
        /* The INVITE's ends, from its first sighting (as the roles keep them). */
        if (!l->src && sh_msg_is_invite(m) && !r->dup && x->invite_frame == m->frame) {
            l->src = rec.src;
            l->dst = rec.dst;
        }
    }
}

SHW_EXPORT int shw_message(uint32_t h, uint32_t frame, double epoch_sec, uint32_t nsec, uint32_t point,
                           const char *src, const char *dst, const uint8_t *bytes, uint32_t len, int sdp_dissected)
{
    shw_session *s = session_of(h);
    const char *raw = bytes ? (const char *)bytes : "";
    sh_body_info body;
    sh_result r;
    sh_msg m;
    sh_str msg_bytes;
    int64_t secs;
    size_t n;
    uint32_t src_ep, dst_ep;

    if (!s)
        return -1;
    /* At most SH_MAX_MSGS_PER_FRAME of a frame's "sip" items, as the
     * plugin; the others are counted on the frame's first message. */
    if (frame != s->frame || s->in_frame == 0) {
        s->frame = frame;
        s->in_frame = 0;
        s->frame_first_msg = -1;
    }
    if (++s->in_frame > SH_MAX_MSGS_PER_FRAME) {
        s->skipped++;
        if (s->frame_first_msg >= 0)
            g_array_index(s->msgs, shw_msg, s->frame_first_msg).skipped++;
        return 1;
    }
    n = sh_msg_parse(sh_str_make(raw, bytes ? len : 0), &m, s->vias, s->limits.max_vias, &body);
    msg_bytes = sh_str_make(raw, n);
    if (!is_sip(&m, start_line(msg_bytes))) {
        s->not_sip++;
        return -1;
    }
    /* As plugin/extract.c: the digest of the message as framed, the ends
     * only where the tracker reads them (msg.h). */
    m.fingerprint = sh_hash_fingerprint(raw, n);
    if (sh_msg_is_invite(&m)) {
        m.src = endpoint(src);
        m.dst = endpoint(dst);
    } else if (m.status >= 300) {
        m.src = endpoint(src);
    }
    secs = (int64_t)epoch_sec;
    if ((double)secs > epoch_sec)
        secs--;   /* toward minus infinity: whole seconds of a negative time */
    m.frame = frame;
    m.time_ns = sh_time_ns(secs, (int32_t)(nsec % 1000000000u));
    m.capture_point = point;
    body.sdp_dissected = sdp_dissected != 0;
    m.has_sdp = sh_body_has_sdp(&body);

    sh_tracker_process(s->tracker, &m, &r);
    if (sh_msg_is_invite(&m))
        (void)sh_legchanges_learn(s->changes, frame, m.time_ns, msg_bytes, r.txn);
    src_ep = sh_roles_endpoint_of_hostport(s->roles, src, true);
    dst_ep = sh_roles_endpoint_of_hostport(s->roles, dst, true);
    sh_roles_learn(s->roles, &m, &r, src_ep, dst_ep);
    if (s->frame_first_msg < 0)
        s->frame_first_msg = s->msgs->len;
    remember(s, &m, &r, msg_bytes, src, dst, src_ep, dst_ep);
    return 0;
}
