/* findings.c - a message's findings, decided and worded once (findings.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "siphop/findings.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

/* By sh_finding_kind. The origin's row is a stand-in: its class decides. */
static const sh_finding_info kinds[SH_FIND_COUNT] = {
    [SH_FIND_DELAYED_OFFER] = { "siphop.delayed_offer", SH_GROUP_PROTOCOL, SH_SEV_NOTE,
                                "Delayed offer: INVITE without SDP" },
    [SH_FIND_DELAYED_OFFER_EO] = { "siphop.delayed_offer_eo_required", SH_GROUP_PROTOCOL, SH_SEV_WARN,
                                   "Delayed-offer INVITE toward a destination that requires early offer" },
    [SH_FIND_OFFER_UNKNOWN] = { "siphop.offer_unknown", SH_GROUP_PROTOCOL, SH_SEV_NOTE,
                                "Offer unknown: the INVITE is cut before its body ends" },
    [SH_FIND_LINK_REFUSED] = { "siphop.link_refused", SH_GROUP_SEQUENCE, SH_SEV_NOTE,
                               "A shared Session-ID, Cisco-Guid or X-Call-ID was not used to link this leg" },
    [SH_FIND_NO_RESPONSE] = { "siphop.no_response", SH_GROUP_SEQUENCE, SH_SEV_WARN,
                              "No response at all to this INVITE" },
    [SH_FIND_FAILURE_ORIGIN] = { "siphop.failure", SH_GROUP_RESPONSE_CODE, SH_SEV_WARN,
                                 "Failure starts here" },
    /* Relays: a warning for failures on the path, a note for busy or
     * declined; one field name, two severities. */
    [SH_FIND_FAILURE_RELAYED] = { "siphop.failure_relayed", SH_GROUP_RESPONSE_CODE, SH_SEV_WARN,
                                  "Failure relayed from a downstream hop" },
    [SH_FIND_FAILURE_RELAYED_NOTE] = { "siphop.failure_relayed", SH_GROUP_RESPONSE_CODE, SH_SEV_NOTE,
                                       "Failure relayed from a downstream hop" },
    [SH_FIND_RETRANSMISSION] = { "siphop.retransmission", SH_GROUP_SEQUENCE, SH_SEV_CHAT, "Retransmission" },
    [SH_FIND_COPY] = { "siphop.copy", SH_GROUP_SEQUENCE, SH_SEV_CHAT,
                       "Same message seen at another capture point" },
    [SH_FIND_HOP_MISSING] = { "siphop.hop_missing", SH_GROUP_SEQUENCE, SH_SEV_NOTE,
                              "Hops of this call are not in the capture" },
    [SH_FIND_VIAS_TRUNCATED] = { "siphop.vias_truncated", SH_GROUP_SEQUENCE, SH_SEV_NOTE, "Via limit reached" },
    [SH_FIND_LIMIT] = { "siphop.limit", SH_GROUP_SEQUENCE, SH_SEV_NOTE, "Tracking limit reached" },
    [SH_FIND_NO_OFFER_IN_2XX] = { "siphop.offer_missing", SH_GROUP_PROTOCOL, SH_SEV_WARN,
                                  "2xx to a delayed offer without SDP" },
    [SH_FIND_NO_ANSWER_IN_ACK] = { "siphop.answer_missing", SH_GROUP_PROTOCOL, SH_SEV_WARN,
                                   "ACK without the SDP answer" },
    [SH_FIND_VIA_LOOP] = { "siphop.via_loop", SH_GROUP_SEQUENCE, SH_SEV_WARN, "Via loop" },
    [SH_FIND_ORPHAN] = { "siphop.orphan", SH_GROUP_SEQUENCE, SH_SEV_NOTE,
                         "No INVITE for this message in the capture" },
    [SH_FIND_UNTRACKABLE] = { "siphop.untrackable", SH_GROUP_MALFORMED, SH_SEV_NOTE,
                              "Not tracked: Call-ID, CSeq or Via missing" },
    [SH_FIND_CANCELLED] = { "siphop.cancelled", SH_GROUP_SEQUENCE, SH_SEV_CHAT, "487 after CANCEL" },
};

const sh_finding_info *sh_finding_info_of(sh_finding_kind k)
{
    return &kinds[(unsigned)k < SH_FIND_COUNT ? k : SH_FIND_LIMIT];
}

sh_finding_info sh_finding_info_of_class(sh_failure_class c)
{
    const sh_class_info *ci = sh_class_info_of(c);
    return (sh_finding_info){ ci->expert, SH_GROUP_RESPONSE_CODE, ci->severity, ci->title };
}

const char *sh_describe_skipped(unsigned skipped, unsigned max, char *buf, size_t size)
{
    snprintf(buf, size, "%u more SIP messages in this frame not analysed (siphop analyses at most %u per frame)",
               skipped, max);
    return buf;
}

/* A new finding at the end of *out*, its text to be written; NULL when
 * full (cannot happen: SH_FINDINGS_MAX is above the most one message raises). */
static sh_finding *add(sh_findings *out, sh_finding_kind k, sh_failure_class cls)
{
    sh_finding *f;

    if (out->n >= SH_FINDINGS_MAX)
        return NULL;
    f = &out->item[out->n++];
    f->kind = k;
    f->cls = cls;
    f->severity = k == SH_FIND_FAILURE_ORIGIN ? sh_class_info_of(cls)->severity : kinds[k].severity;
    f->fix = k == SH_FIND_FAILURE_ORIGIN ? cls : k == SH_FIND_CANCELLED ? SH_FC_CANCELLED : SH_FC_NONE;
    f->text[0] = '\0';
    return f;
}

static void add_text(sh_findings *out, sh_finding_kind k, const char *text)
{
    sh_finding *f = add(out, k, SH_FC_NONE);
    if (f)
        g_strlcpy(f->text, text, sizeof f->text);
}

/* The INVITE's own findings (its first sighting only). */
static void invite_findings(const sh_tracker *t, const sh_result *r, bool fresh, sh_findings *out)
{
    const sh_txn *x = r->txn;
    sh_finding *f;

    if (r->dup)
        return;
    if (x->offer == SH_OFFER_DELAYED) {
        if ((f = add(out, SH_FIND_DELAYED_OFFER, SH_FC_NONE)) != NULL)
            sh_describe_delayed_offer(f->text, sizeof f->text);
        if (x->eo_required && (f = add(out, SH_FIND_DELAYED_OFFER_EO, SH_FC_NONE)) != NULL) {
            sh_describe_eo_required(x, sh_tracker_eo_entry(t, x->names->target), f->text, sizeof f->text);
            f->fix = SH_FC_DELAYED_OFFER;
        }
    }
    if (x->offer == SH_OFFER_UNKNOWN)
        add_text(out, SH_FIND_OFFER_UNKNOWN,
                 "Offer unknown: the INVITE ends before its body does (cut in the capture or the log)");
    if (x->link_refused && (f = add(out, SH_FIND_LINK_REFUSED, SH_FC_NONE)) != NULL)
        sh_describe_link_refused(t, x, f->text, sizeof f->text);
    /* Only a later pass knows that nothing ever came back. */
    if (!fresh && sh_txn_unanswered(x) && (f = add(out, SH_FIND_NO_RESPONSE, SH_FC_NONE)) != NULL)
        sh_describe_no_response(t, x, f->text, sizeof f->text);
}

/* A final response with a story: where it started, or that it relays it. */
static void failure_findings(const sh_tracker *t, const sh_result *r, const sh_msg_brief *b, const sh_failure *f,
                             sh_findings *out)
{
    const sh_class_info *ci = sh_class_info_of((sh_failure_class)f->cls);
    sh_finding *o;

    if (r->dup)
        return;   /* the verdict belongs to the first sighting */
    if (r->flags & SH_F_FAILURE_ORIGIN) {
        if ((o = add(out, SH_FIND_FAILURE_ORIGIN, (sh_failure_class)f->cls)) != NULL)
            sh_describe_failure_origin(t, f, o->text, sizeof o->text);
    } else if (ci->is_failure) {
        o = add(out, ci->severity >= SH_SEV_WARN ? SH_FIND_FAILURE_RELAYED : SH_FIND_FAILURE_RELAYED_NOTE,
                SH_FC_NONE);
        if (o) {
            sh_describe_failure_relayed(f, b->status, o->text, sizeof o->text);
            o->fix = (sh_failure_class)f->cls;
        }
    }
}

/* The less common findings, by the result's flags. */
static void flag_findings(const sh_tracker *t, const sh_result *r, const sh_msg_brief *b, sh_findings *out)
{
    static const struct {
        uint32_t flag;
        sh_finding_kind kind;
        const char *text;
    } notes[] = {
        { SH_F_NO_OFFER_IN_2XX, SH_FIND_NO_OFFER_IN_2XX,
          "2xx to a delayed-offer INVITE without SDP: the offer is missing (RFC 3261 13.2.1)" },
        { SH_F_NO_ANSWER_IN_ACK, SH_FIND_NO_ANSWER_IN_ACK,
          "ACK without SDP after the offer came in the 2xx: the answer is missing (RFC 3261 13.2.1)" },
        { SH_F_VIA_LOOP, SH_FIND_VIA_LOOP, "The Via stack repeats a sent-by and branch: the request loops" },
        { SH_F_ORPHAN, SH_FIND_ORPHAN, "No INVITE for this message in the capture" },
        { SH_F_UNTRACKABLE, SH_FIND_UNTRACKABLE, "Not tracked: no Call-ID, CSeq or Via" },
        { SH_F_CANCELLED, SH_FIND_CANCELLED, "487 after CANCEL: the caller cancelled, not a failure" },
    };
    const sh_limits *lim = sh_tracker_limits(t);
    const char *what = (r->flags & SH_F_ORPHAN) ? "No tracked INVITE for this message" : "Not tracked";
    sh_finding *f;

    if (r->dup) {
        if ((f = add(out, r->dup == SH_DUP_COPY ? SH_FIND_COPY : SH_FIND_RETRANSMISSION, SH_FC_NONE)) != NULL)
            sh_describe_dup(r, f->text, sizeof f->text);
        return;
    }
    if ((r->flags & SH_F_HOP_MISSING) && (f = add(out, SH_FIND_HOP_MISSING, SH_FC_NONE)) != NULL)
        sh_describe_hop_missing(r, f->text, sizeof f->text);
    if ((r->flags & SH_F_VIAS_TRUNCATED) && (f = add(out, SH_FIND_VIAS_TRUNCATED, SH_FC_NONE)) != NULL)
        snprintf(f->text, sizeof f->text, "%u Vias: only the top %u were parsed (preference siphop.max_vias)",
                   r->via_total, lim->max_vias);
    /* A limit hit: the INVITE itself, or (with the orphan flag) a message
     * whose INVITE the limit may have kept out. */
    if ((r->flags & SH_F_CALLS_LIMIT) && (f = add(out, SH_FIND_LIMIT, SH_FC_NONE)) != NULL)
        snprintf(f->text, sizeof f->text, "%s: calls limit reached (preference siphop.max_calls = %u)", what,
                   lim->max_calls);
    if ((r->flags & SH_F_LEGS_LIMIT) && (f = add(out, SH_FIND_LIMIT, SH_FC_NONE)) != NULL)
        snprintf(f->text, sizeof f->text,
                   "%s: call %u reached its legs limit (preference siphop.max_legs = %u)", what,
                   r->call ? r->call->number : 0, lim->max_legs_per_call);
    for (size_t i = 0; i < G_N_ELEMENTS(notes); i++) {
        if (notes[i].flag == SH_F_ORPHAN && (r->flags & (SH_F_CALLS_LIMIT | SH_F_LEGS_LIMIT)))
            continue;   /* the limit note says why */
        if (notes[i].flag == SH_F_ORPHAN && (r->flags & SH_F_ORPHAN) && r->call && b->is_request && b->method &&
            strcmp(b->method, "PRACK") == 0) {
            /* A PRACK of a known call: the INVITE is there, its RAck does
             * not name it. (An ACK or a response of a known Call-ID
             * without its INVITE keeps the plain note.) */
            if ((f = add(out, SH_FIND_ORPHAN, SH_FC_NONE)) != NULL)
                snprintf(f->text, sizeof f->text,
                         "No INVITE of call %u matches this PRACK's RAck (the reliable response's RSeq and "
                         "its INVITE's CSeq, RFC 3262 7.2): the RAck is wrong, or that INVITE is not in the "
                         "capture", r->call->number);
            continue;
        }
        if (r->flags & notes[i].flag)
            add_text(out, notes[i].kind, notes[i].text);
    }
}

unsigned sh_findings_of(const sh_tracker *t, const sh_result *r, const sh_msg_brief *b, bool fresh,
                        sh_findings *out)
{
    const sh_failure *f;

    out->n = 0;
    if (r->txn && sh_msg_brief_is_invite(b))
        invite_findings(t, r, fresh, out);
    if ((r->txn || r->orphan_failure) && (f = sh_result_failure(t, r)) != NULL)
        failure_findings(t, r, b, f, out);
    flag_findings(t, r, b, out);
    return out->n;
}
