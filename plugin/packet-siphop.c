/* packet-siphop.c - siphop post-dissector: registration and rendering.
 *
 * siphop reads the SIP and SDP dissectors' fields (extract.c), feeds each
 * SIP message to the Wireshark-free tracker (core/), caches the result per
 * frame, and draws its fields and expert items from that cache on every
 * pass. Computing happens once, on the first pass, because later passes
 * (tshark -2, the GUI) may see no SIP fields or no tree at all.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/prefs.h>
#include <epan/tap.h>
#include <wsutil/wmem/wmem.h>

#include "compat.h"
#include "extract.h"
#include "extras.h"
#include "roles.h"
#include "taps.h"
#include "siphop/describe.h"
#include "siphop/domain.h"
#include "siphop/findings.h"
#include "siphop/framecache.h"
#include "siphop/legchanges.h"
#include "siphop/tracker.h"

void proto_register_siphop(void);
void proto_reg_handoff_siphop(void);

static int proto_siphop = -1;
static dissector_handle_t siphop_handle;
static int expert_tap_id = -1;   /* Wireshark's expert tap */
static int expert_proto_id = -1; /* and its expert protocol (_ws.expert) */

static int hf_siphop_label = -1;
static int hf_siphop_call = -1;
static int hf_siphop_hop = -1;
static int hf_siphop_hops = -1;
static int hf_siphop_offer = -1;
static int hf_siphop_eo_required = -1;
static int hf_siphop_target = -1;
static int hf_siphop_invite = -1;
static int hf_siphop_final = -1;
static int hf_siphop_status = -1;
static int hf_siphop_origin = -1;
static int hf_siphop_origin_hop = -1;
static int hf_siphop_link = -1;
static int hf_siphop_upstream = -1;
static int hf_siphop_dup_of = -1;
static int hf_siphop_sdp = -1;
static int hf_siphop_vias = -1;
static int hf_siphop_proxy_call_id = -1;
static int hf_siphop_egress_zone = -1;
static int hf_siphop_ingress_zone = -1;
static int hf_siphop_origin_sender = -1;
static int hf_siphop_origin_server = -1;
static int hf_siphop_warning_code = -1;
static int hf_siphop_warning_agent = -1;
static int hf_siphop_warning_text = -1;
static int hf_siphop_fix = -1;
static int hf_siphop_fix_step = -1;
static int hf_siphop_failure_class = -1;
static int hf_siphop_cause = -1;
static int hf_siphop_failure_origin = -1;
static int hf_siphop_changes = -1;

static gint ett_siphop = -1;
static gint ett_siphop_origin = -1;
static gint ett_siphop_fix = -1;

/* One expert item per finding kind (core/findings.c), and per failure class
 * for a failure's origin ([NONE] and [CANCELLED] unused: 487 after CANCEL
 * is its own kind). */
static expert_field ei_finding[SH_FIND_COUNT];
static expert_field ei_failure_class[SH_FC_COUNT];

/* Preferences. */
static const char *pref_eo_domains = SH_DEFAULT_EO_DOMAINS;
static guint pref_max_calls = SH_DEFAULT_MAX_CALLS;
static guint pref_max_legs = SH_DEFAULT_MAX_LEGS;
static guint pref_max_vias = SH_DEFAULT_MAX_VIAS;
static guint pref_link_window_ms = (guint)(SH_DEFAULT_LINK_WINDOW_NS / 1000000);
static sh_limits limits;   /* the preferences as used: clamped into their ranges */
static sh_pref_bool pref_info_column = FALSE;

/* State for the open file: rebuilt by the init routine on every (re)load. */
static sh_tracker *tracker;
static sh_domains *domains;
static sh_legchanges *changes;   /* siphop.changes, per leg */
static sh_framecache *frames;    /* each SIP message's result, per frame */

#define TEXT_SIZE 1024

/* ---- first pass: compute ---------------------------------------------- */

/* Appends the frame's records to the cache; returns how many. */
static unsigned analyse_frame(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    siphop_extracted *xs;
    unsigned found = 0;
    unsigned n = siphop_extract(tvb, pinfo, tree, limits.max_vias, &xs, &found);

    for (unsigned i = 0; i < n; i++) {
        sh_msgrec mr;
        sh_tracker_process(tracker, &xs[i].msg, &mr.r);
        if (sh_msg_is_invite(&xs[i].msg))
            (void)sh_legchanges_learn(changes, pinfo->num, xs[i].msg.time_ns, xs[i].bytes, mr.r.txn);
        mr.brief.is_request = xs[i].msg.is_request;
        mr.brief.status = xs[i].msg.status;
        mr.brief.method = xs[i].method;
        mr.start = xs[i].start;
        mr.length = xs[i].length;
        siphop_roles_learn(pinfo, &xs[i].msg, &mr.r);
        /* Keeping the transaction is keeping its call (tracker.h). */
        DISSECTOR_ASSERT(!mr.r.txn || mr.r.txn->call == mr.r.call);
        /* The frame's note on skipped messages goes with its first. */
        sh_framecache_append(frames, pinfo->num, (int)tvb_captured_length(tvb), &mr,
                             i == 0 && found > n ? found - n : 0);
    }
    return n;
}

/* ---- every pass: draw --------------------------------------------------- */

static proto_item *gen(proto_item *pi)
{
    proto_item_set_generated(pi);
    return pi;
}

/* Generated leaf fields. Each is added only when this pass can use it (the
 * tree is shown, or a filter, column or -e names the field): a skipped add
 * costs a lookup, where an add Wireshark fakes still cost hundreds of
 * instructions, for every field of every message. */
static proto_item *add_uint(proto_tree *tree, int hf, tvbuff_t *tvb, uint32_t v)
{
    return proto_field_is_referenced(tree, hf) ? gen(proto_tree_add_uint(tree, hf, tvb, 0, 0, v)) : NULL;
}

static proto_item *add_string(proto_tree *tree, int hf, tvbuff_t *tvb, const char *v)
{
    return proto_field_is_referenced(tree, hf) ? gen(proto_tree_add_string(tree, hf, tvb, 0, 0, v)) : NULL;
}

static void add_boolean(proto_tree *tree, int hf, tvbuff_t *tvb, bool v)
{
    if (proto_field_is_referenced(tree, hf))
        gen(proto_tree_add_boolean(tree, hf, tvb, 0, 0, v));
}

static void add_expert(proto_tree *tree, packet_info *pinfo, expert_field *ei, tvbuff_t *tvb,
                       const sh_msgrec *mr, const char *text)
{
    int start = mr->start >= 0 ? mr->start : 0;
    gen(proto_tree_add_expert_format(tree, pinfo, ei, tvb, start, mr->length, "%s", text));
}

/* What to check or change: one line, then the steps in full, one item
 * each (a tree item shows 240 bytes: one long string would be cut). */
static void add_fix(proto_tree *tree, tvbuff_t *tvb, const sh_class_info *ci)
{
    /* The steps hang under the one line: it is added when either is wanted
     * (tshark -e siphop.fix_step alone references only the steps). */
    if (!proto_field_is_referenced(tree, hf_siphop_fix) && !proto_field_is_referenced(tree, hf_siphop_fix_step))
        return;
    proto_item *pi = gen(proto_tree_add_string(tree, hf_siphop_fix, tvb, 0, 0, ci->fix));
    if (!proto_field_is_referenced(tree, hf_siphop_fix_step))
        return;
    proto_tree *ft = proto_item_add_subtree(pi, ett_siphop_fix);
    for (const char *const *step = ci->fix_steps; step && *step; step++)
        add_string(ft, hf_siphop_fix_step, tvb, *step);
}

/* PI_* for the core's severities. */
static int pi_severity(sh_severity s)
{
    switch (s) {
    case SH_SEV_ERROR: return PI_ERROR;
    case SH_SEV_WARN: return PI_WARN;
    case SH_SEV_NOTE: return PI_NOTE;
    default: return PI_CHAT;
    }
}

/* A final response >= 300 with a story: where it started, its class, cause
 * and fix. */
static void draw_failure(proto_tree *tree, tvbuff_t *tvb, const sh_result *r, const sh_failure *f, char *text)
{
    const sh_class_info *ci = sh_class_info_of((sh_failure_class)f->cls);

    add_string(tree, hf_siphop_failure_class, tvb, ci->name);
    if (proto_field_is_referenced(tree, hf_siphop_cause))
        add_string(tree, hf_siphop_cause, tvb, sh_describe_cause(tracker, f, text, TEXT_SIZE));
    add_fix(tree, tvb, ci);
    /* A challenge or a redirect is no failure: no origin, no relays. */
    if (ci->is_failure) {
        /* Always added: its subtree holds fields that may be wanted alone. */
        proto_item *pi = gen(proto_tree_add_uint(tree, hf_siphop_origin, tvb, 0, 0, f->frame));
        proto_tree *ot = proto_item_add_subtree(pi, ett_siphop_origin);
        add_uint(ot, hf_siphop_origin_hop, tvb, f->hop);
        if (f->sender)
            add_string(ot, hf_siphop_origin_sender, tvb, f->sender);
        if (f->server)
            add_string(ot, hf_siphop_origin_server, tvb, f->server);
        if (f->warning.code) {
            add_uint(ot, hf_siphop_warning_code, tvb, f->warning.code);
            add_string(ot, hf_siphop_warning_agent, tvb, f->warning.agent.ptr);
            add_string(ot, hf_siphop_warning_text, tvb, f->warning.text.ptr);
        }
        /* The verdict belongs to the first sighting (its findings too). */
        if (!r->dup && (r->flags & SH_F_FAILURE_ORIGIN))
            add_boolean(tree, hf_siphop_failure_origin, tvb, true);
    }
}

static void draw_txn(proto_tree *tree, packet_info *pinfo, tvbuff_t *tvb, const sh_msgrec *mr, char *text)
{
    const sh_result *r = &mr->r;
    const sh_txn *x = r->txn;
    const sh_failure *f;
    proto_item *pi;

    add_string(tree, hf_siphop_offer, tvb, sh_offer_name((sh_offer)x->offer));
    add_boolean(tree, hf_siphop_eo_required, tvb, x->eo_required);
    if (x->names->target)
        add_string(tree, hf_siphop_target, tvb, x->names->target);

    if (sh_msg_brief_is_invite(&mr->brief)) {
        if (r->dup)
            add_uint(tree, hf_siphop_invite, tvb, x->invite_frame);
        if (x->final_frame) {
            add_uint(tree, hf_siphop_final, tvb, x->final_frame);
            add_uint(tree, hf_siphop_status, tvb, x->status);
        }
        pi = gen(proto_tree_add_string(tree, hf_siphop_link, tvb, 0, 0,
                                       proto_field_is_referenced(tree, hf_siphop_link)
                                           ? sh_describe_link(tracker, x, text, TEXT_SIZE) : ""));
        if (x->upstream) {
            proto_tree *lt = proto_item_add_subtree(pi, ett_siphop_origin);
            add_uint(lt, hf_siphop_upstream, tvb, x->upstream->invite_frame);
        }
        const char *changed = sh_legchanges_of(changes, x);
        if (changed)
            add_string(tree, hf_siphop_changes, tvb, changed);
        char pcid_buf[SH_PROXY_CALL_ID_SIZE];
        const char *pcid = sh_txn_proxy_call_id(x, pcid_buf);
        if (pcid)
            add_string(tree, hf_siphop_proxy_call_id, tvb, pcid);
        if (x->names->egress_zone)
            add_string(tree, hf_siphop_egress_zone, tvb, x->names->egress_zone);
        if (x->names->ingress_zone)
            add_string(tree, hf_siphop_ingress_zone, tvb, x->names->ingress_zone);
        if (x->offer == SH_OFFER_DELAYED && x->eo_required)
            add_fix(tree, tvb, sh_class_info_of(SH_FC_DELAYED_OFFER));
    } else if (x->invite_frame != pinfo->num) {
        add_uint(tree, hf_siphop_invite, tvb, x->invite_frame);
    }
    if ((f = sh_result_failure(tracker, r)) != NULL) {
        draw_failure(tree, tvb, r, f, text);
    } else if (r->flags & SH_F_CANCELLED) {
        const sh_class_info *ci = sh_class_info_of(SH_FC_CANCELLED);
        add_string(tree, hf_siphop_failure_class, tvb, ci->name);
        add_fix(tree, tvb, ci);
    }
}

/* The message's findings (core/findings.c) as expert items, in their order. */
static void draw_findings(proto_tree *tree, packet_info *pinfo, tvbuff_t *tvb, const sh_msgrec *mr, bool fresh)
{
    sh_findings fs;

    sh_findings_of(tracker, &mr->r, &mr->brief, fresh, &fs);
    for (unsigned i = 0; i < fs.n; i++) {
        const sh_finding *f = &fs.item[i];
        add_expert(tree, pinfo, f->kind == SH_FIND_FAILURE_ORIGIN ? &ei_failure_class[f->cls] : &ei_finding[f->kind],
                   tvb, mr, f->text);
    }
}

static void draw_msg(proto_tree *tree, packet_info *pinfo, tvbuff_t *tvb, const sh_msgrec *mr, bool fresh)
{
    const sh_result *r = &mr->r;
    char label[TEXT_SIZE];
    char text[TEXT_SIZE];
    proto_item *ti;
    proto_tree *st;

    ti = gen(proto_tree_add_item(tree, proto_siphop, tvb, mr->start >= 0 ? mr->start : 0, mr->length, ENC_NA));
    st = proto_item_add_subtree(ti, ett_siphop);
    /* The label is shown on the protocol line (a shown tree references
     * every field), as the label field, or in the Info column. */
    if (pref_info_column || proto_field_is_referenced(st, hf_siphop_label)) {
        sh_describe_label(tracker, r, &mr->brief, label, sizeof label);
        proto_item_append_text(ti, ": %s", label);
        add_string(st, hf_siphop_label, tvb, label);
    }
    if (r->call) {
        add_uint(st, hf_siphop_call, tvb, r->call->number);
        if (r->hop) {
            add_uint(st, hf_siphop_hop, tvb, r->hop);
            add_uint(st, hf_siphop_hops, tvb, MAX(r->hop, r->call->max_hop));
        }
    }
    add_uint(st, hf_siphop_vias, tvb, r->via_total);
    if (r->dup_of)
        add_uint(st, hf_siphop_dup_of, tvb, r->dup_of);
    if (r->sdp_role != SH_SDP_NONE)
        add_string(st, hf_siphop_sdp, tvb, sh_sdp_role_name((sh_sdp_role)r->sdp_role));
    if (r->txn)
        draw_txn(st, pinfo, tvb, mr, text);
    else if (r->orphan_failure)
        draw_failure(st, tvb, r, sh_tracker_failure_at(tracker, r->orphan_failure), text);
    draw_findings(st, pinfo, tvb, mr, fresh);
    if (pref_info_column)
        col_append_fstr(pinfo->cinfo, COL_INFO, " [%s]", label);
}

/* Whether this pass can use siphop's items. Not when a tree is built only
 * for the SIP items siphop asked for (the first pass of tshark -2, or a GUI
 * first pass without siphop columns or filters): nothing displays, filters
 * on, prints or taps them there, and building labels and items for every
 * message was a third of siphop's cost. A pass draws them when it shows the
 * tree, filters on or prints siphop's fields (which references its
 * protocol) or expert fields, feeds the expert tap, or puts the label in
 * the Info column. Without a tree, drawing stays as it was: items are
 * no-ops then, but the expert severity column still learns of them. */
static bool pass_shows_items(proto_tree *tree)
{
    if (tree == NULL || pref_info_column || proto_field_is_referenced(tree, proto_siphop))
        return true;
    /* Registered by epan at start-up, looked up once: the expert protocol
     * (-e _ws.expert.message, filters on _ws.expert.*) and tap (-z expert,
     * the GUI's Expert Information). */
    if (expert_proto_id < 0)
        expert_proto_id = proto_registrar_get_id_byname("_ws.expert");
    if (expert_tap_id < 0)
        expert_tap_id = find_tap_id("expert");
    return expert_proto_id < 0 || expert_tap_id < 0 || proto_field_is_referenced(tree, expert_proto_id) ||
           have_tap_listener(expert_tap_id);
}

static int dissect_siphop(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    guint n = 0, first = sh_framecache_find(frames, pinfo->num, &n);
    unsigned skipped = 0, s;
    bool fresh = false;   /* analysed just now: later facts are not known yet */
    bool draw;

    /* First visit: frames come in order, so this frame's records go last.
     * (A first visit out of order could not be stored in order: skipped.) */
    if (n == 0 && !PINFO_FD_VISITED(pinfo) && tree && sh_framecache_last_frame(frames) < pinfo->num) {
        /* Appended at the end; looked up again, as the end the empty lookup
         * gave is not where they go when the frame opens a block. */
        if (analyse_frame(tvb, pinfo, tree) > 0)
            first = sh_framecache_find(frames, pinfo->num, &n);
        fresh = true;
    }
    /* TLS on a SIP port before any SIP: say once that SIP here is encrypted. */
    siphop_encrypted_frame(tvb, pinfo, tree, n > 0);
    if (n == 0)
        return 0;
    draw = pass_shows_items(tree);
    for (unsigned i = 0; i < n; i++) {
        /* pinfo->pool: tap listeners read it before this packet ends. */
        sh_msgrec *mr = wmem_new(pinfo->pool, sh_msgrec);
        sh_framecache_load(frames, first + i, (int)tvb_captured_length(tvb), mr, &s);
        if (i == 0)
            skipped = s;
        if (draw)
            draw_msg(tree, pinfo, tvb, mr, fresh);
        siphop_taps_queue(pinfo, tracker, &mr->r, &mr->brief, mr->start, mr->length, i, n, fresh);
    }
    if (skipped) {
        char text[TEXT_SIZE];
        gen(proto_tree_add_expert_format(tree, pinfo, &ei_finding[SH_FIND_LIMIT], tvb, 0, 0, "%s",
                                         sh_describe_skipped(skipped, SIPHOP_MAX_MSGS_PER_FRAME, text, sizeof text)));
    }
    return tvb_captured_length(tvb);
}

/* ---- lifetime ----------------------------------------------------------- */

static void siphop_init(void)
{
    /* Out-of-range preferences are used clamped into their documented
     * ranges (the notes that name a limit show the value in use). */
    sh_limits_default(&limits);
    limits.max_calls = pref_max_calls;
    limits.max_legs_per_call = pref_max_legs;
    limits.max_vias = pref_max_vias;
    limits.link_window_ns = (int64_t)pref_link_window_ms * 1000000;
    sh_limits_clamp(&limits);
    sh_tracker_free(tracker);
    sh_domains_free(domains);
    domains = sh_domains_new(pref_eo_domains);
    tracker = sh_tracker_new(&limits, domains);
    sh_framecache_free(frames);   /* touches no tracker: the old one is gone */
    frames = sh_framecache_new(tracker);
    sh_legchanges_free(changes);
    changes = sh_legchanges_new();
    siphop_encrypted_init();
}

static void siphop_cleanup(void)
{
    sh_framecache_free(frames);
    frames = NULL;
    sh_legchanges_free(changes);
    changes = NULL;
    sh_tracker_free(tracker);
    tracker = NULL;
    sh_domains_free(domains);
    domains = NULL;
}

sh_framecache *siphop_frames(void)
{
    return frames;
}

/* PI_* group for the core's finding groups. */
static int pi_group(sh_finding_group g)
{
    switch (g) {
    case SH_GROUP_RESPONSE_CODE: return PI_RESPONSE_CODE;
    case SH_GROUP_SEQUENCE: return PI_SEQUENCE;
    case SH_GROUP_MALFORMED: return PI_MALFORMED;
    default: return PI_PROTOCOL;
    }
}

/* The expert items, from the core's tables (core/findings.c): one per
 * finding kind, and one per failure class for a failure's origin (the
 * cancelled class is the kind SH_FIND_CANCELLED). */
static void register_experts(expert_module_t *expert)
{
    static const ei_register_info blank = { NULL, { NULL, 0, 0, NULL, EXPFILL } };
    static ei_register_info ei[SH_FIND_COUNT + SH_FC_COUNT];
    static sh_finding_info class_info[SH_FC_COUNT];
    unsigned n = 0;

    for (unsigned k = 0; k < SH_FIND_COUNT; k++) {
        const sh_finding_info *fi = sh_finding_info_of((sh_finding_kind)k);
        if (k == SH_FIND_FAILURE_ORIGIN)
            continue;
        ei_finding[k] = (expert_field)EI_INIT;
        ei[n] = blank;
        ei[n].ids = &ei_finding[k];
        ei[n].eiinfo.name = fi->name;
        ei[n].eiinfo.group = pi_group(fi->group);
        ei[n].eiinfo.severity = pi_severity(fi->severity);
        ei[n].eiinfo.summary = fi->title;
        n++;
    }
    for (unsigned c = SH_FC_NONE + 1; c < SH_FC_COUNT; c++) {
        if (c == SH_FC_CANCELLED)
            continue;
        class_info[c] = sh_finding_info_of_class((sh_failure_class)c);
        ei_failure_class[c] = (expert_field)EI_INIT;
        ei[n] = blank;
        ei[n].ids = &ei_failure_class[c];
        ei[n].eiinfo.name = class_info[c].name;
        ei[n].eiinfo.group = pi_group(class_info[c].group);
        ei[n].eiinfo.severity = pi_severity(class_info[c].severity);
        ei[n].eiinfo.summary = class_info[c].title;
        n++;
    }
    expert_register_field_array(expert, ei, n);
}

void proto_register_siphop(void)
{
    static hf_register_info hf[] = {
        { &hf_siphop_label, { "Label", "siphop.label", FT_STRING, BASE_NONE, NULL, 0x0,
          "Short summary for a custom column: call, hop h/n, DO/EO, target, failure", HFILL } },
        { &hf_siphop_call, { "Call", "siphop.call", FT_UINT32, BASE_DEC, NULL, 0x0,
          "Call number in this capture (legs linked across hops share it)", HFILL } },
        { &hf_siphop_hop, { "Hop", "siphop.hop", FT_UINT16, BASE_DEC, NULL, 0x0,
          "Hop of this message: 1 = the leg leaving the originating user agent", HFILL } },
        { &hf_siphop_hops, { "Hops", "siphop.hops", FT_UINT16, BASE_DEC, NULL, 0x0,
          "Highest hop of this call seen (complete on later passes)", HFILL } },
        { &hf_siphop_offer, { "Offer", "siphop.offer", FT_STRING, BASE_NONE, NULL, 0x0,
          "early: SDP in the INVITE; delayed: INVITE without SDP", HFILL } },
        { &hf_siphop_eo_required, { "Early offer required", "siphop.eo_required", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
          "The INVITE heads to a domain that accepts only early offer", HFILL } },
        { &hf_siphop_target, { "Target", "siphop.target", FT_STRING, BASE_NONE, NULL, 0x0,
          "Request-URI or To host that matched the early-offer domain list", HFILL } },
        { &hf_siphop_invite, { "INVITE", "siphop.invite", FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0x0,
          "The INVITE of this transaction on this hop", HFILL } },
        { &hf_siphop_final, { "Final response", "siphop.final", FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0x0,
          "Final response to this INVITE on this hop (known on later passes)", HFILL } },
        { &hf_siphop_status, { "Final status", "siphop.status", FT_UINT16, BASE_DEC, NULL, 0x0,
          "Status code of the final response", HFILL } },
        { &hf_siphop_origin, { "Failure origin", "siphop.origin", FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0x0,
          "The response where this failure started (the farthest hop it appears on)", HFILL } },
        { &hf_siphop_origin_hop, { "Failure origin hop", "siphop.origin_hop", FT_UINT16, BASE_DEC, NULL, 0x0,
          NULL, HFILL } },
        { &hf_siphop_origin_sender, { "Sent by", "siphop.origin.sender", FT_STRING, BASE_NONE, NULL, 0x0,
          "Address of whoever sent the origin response", HFILL } },
        { &hf_siphop_origin_server, { "Server", "siphop.origin.server", FT_STRING, BASE_NONE, NULL, 0x0,
          "Server (or User-Agent) header of the origin response", HFILL } },
        { &hf_siphop_warning_code, { "Warning code", "siphop.origin.warning.code", FT_UINT16, BASE_DEC, NULL, 0x0,
          NULL, HFILL } },
        { &hf_siphop_warning_agent, { "Warning agent", "siphop.origin.warning.agent", FT_STRING, BASE_NONE, NULL, 0x0,
          NULL, HFILL } },
        { &hf_siphop_warning_text, { "Warning text", "siphop.origin.warning.text", FT_STRING, BASE_NONE, NULL, 0x0,
          NULL, HFILL } },
        { &hf_siphop_fix, { "Fix", "siphop.fix", FT_STRING, BASE_NONE, NULL, 0x0,
          "What to check or change, on one line (the steps in full are below it, siphop.fix_step)", HFILL } },
        { &hf_siphop_fix_step, { "Step", "siphop.fix_step", FT_STRING, BASE_NONE, NULL, 0x0,
          "One step of the fix in full: for a delayed offer toward an early-offer-only destination, the CUCM "
          "setting's exact names and values", HFILL } },
        { &hf_siphop_failure_class, { "Failure class", "siphop.failure_class", FT_STRING, BASE_NONE, NULL, 0x0,
          "What the final response says about the call: challenge, redirect, cancelled, busy, declined, "
          "no-answer, routing-policy, loop, media, session-timer, unavailable, delayed-offer, "
          "reinvite-rejected, other", HFILL } },
        { &hf_siphop_cause, { "Cause", "siphop.cause", FT_STRING, BASE_NONE, NULL, 0x0,
          "The cause in one sentence, with its evidence", HFILL } },
        { &hf_siphop_failure_origin, { "Failure starts here", "siphop.failure_origin", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
          "This response is where a call failure started (not a challenge, redirect or re-INVITE rejection)",
          HFILL } },
        { &hf_siphop_link, { "Linked by", "siphop.link", FT_STRING, BASE_NONE, NULL, 0x0,
          "Why this leg is tied to the previous hop", HFILL } },
        { &hf_siphop_changes, { "Changes from the previous hop", "siphop.changes", FT_STRING, BASE_NONE, NULL, 0x0,
          "What the node before this hop changed in the INVITE it passed on (its INVITE on the previous hop, "
          "siphop.upstream, against this one): Call-ID, Request-URI, Via count, Max-Forwards, Record-Route count, "
          "Contact, SDP added or removed, other headers added or removed by name. Empty: nothing of these "
          "changed; absent: no previous hop, or a re-INVITE", HFILL } },
        { &hf_siphop_upstream, { "Previous hop INVITE", "siphop.upstream", FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0x0,
          NULL, HFILL } },
        { &hf_siphop_dup_of, { "Same message as", "siphop.dup_of", FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_RETRANS_PREV), 0x0,
          "First sighting of this very message (retransmission or another capture point)", HFILL } },
        { &hf_siphop_sdp, { "SDP", "siphop.sdp", FT_STRING, BASE_NONE, NULL, 0x0,
          "Role of this message's SDP: offer, answer, preview (unreliable 18x) or extra", HFILL } },
        { &hf_siphop_vias, { "Vias", "siphop.vias", FT_UINT16, BASE_DEC, NULL, 0x0,
          "Number of Via entries", HFILL } },
        { &hf_siphop_proxy_call_id, { "Expressway proxy-call-id", "siphop.proxy_call_id", FT_STRING, BASE_NONE, NULL, 0x0,
          "proxy-call-id of the top Via: the Expressway call this hop belongs to", HFILL } },
        { &hf_siphop_egress_zone, { "Expressway egress zone", "siphop.egress_zone", FT_STRING, BASE_NONE, NULL, 0x0,
          "Zone the sending Expressway used for this hop", HFILL } },
        { &hf_siphop_ingress_zone, { "Expressway ingress zone", "siphop.ingress_zone", FT_STRING, BASE_NONE, NULL, 0x0,
          "Zone the previous hop entered the sending Expressway on", HFILL } },
    };
    static gint *ett[] = { &ett_siphop, &ett_siphop_origin, &ett_siphop_fix };
    module_t *module;
    expert_module_t *expert;

    proto_siphop = proto_register_protocol("SIP hop tracker (siphop)", "siphop", "siphop");
    proto_register_field_array(proto_siphop, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert = expert_register_protocol(proto_siphop);
    register_experts(expert);
    siphop_encrypted_register(expert);

    module = prefs_register_protocol(proto_siphop, NULL);
    prefs_register_string_preference(module, "eo_domains", "Early-offer-only domains",
        "Destinations that accept only early offer, matched on whole DNS labels against the "
        "Request-URI and To hosts (comma-separated)", &pref_eo_domains);
    prefs_register_uint_preference(module, "max_calls", "Maximum calls tracked",
        "Calls beyond this are not tracked (bounds memory on huge captures); 1 to 100000000, "
        "values outside are clamped", 10, &pref_max_calls);
    prefs_register_uint_preference(module, "max_legs", "Maximum legs per call",
        "INVITE transactions tracked per call; 1 to 4096, values outside are clamped", 10, &pref_max_legs);
    prefs_register_uint_preference(module, "max_vias", "Maximum Vias parsed",
        "Vias parsed per message, deeper ones are counted, not parsed; 1 to 1024, values outside are clamped",
        10, &pref_max_vias);
    prefs_register_uint_preference(module, "link_window", "B2BUA link window (ms)",
        "A new-Call-ID leg is linked by a shared Session-ID, Cisco-Guid or X-Call-ID only when it leaves "
        "the node where the other leg arrived and starts within this many milliseconds of it; 0 to 600000",
        10, &pref_link_window_ms);
    prefs_register_bool_preference(module, "info_column", "Append the label to the Info column",
        "Also show siphop's label in the Info column", &pref_info_column);

    register_init_routine(siphop_init);
    register_cleanup_routine(siphop_cleanup);
    /* Each module registers its own parts: the tap and its listeners (the
     * call tables, the flow graph), the role registry, the conversation
     * filter. */
    siphop_taps_register();
    siphop_roles_register();
    siphop_stats_register();
    siphop_calls_register();
    siphop_flow_register(proto_siphop);
    siphop_conversation_register();
    siphop_handle = create_dissector_handle(dissect_siphop, proto_siphop);
}

void proto_reg_handoff_siphop(void)
{
    register_postdissector(siphop_handle);
    set_postdissector_wanted_hfids(siphop_handle, siphop_extract_init());
    siphop_encrypted_handoff();
}
