/* describe.c - the words siphop shows (see describe.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "siphop/describe.h"

#include <glib.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Append printf-style to buf; never overruns, keeps what fits. */
typedef struct out {
    char *buf;
    size_t size;
    size_t len;
} out;

static void put(out *o, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void put(out *o, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (o->len + 1 >= o->size)
        return;
    va_start(ap, fmt);
    n = vsnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->len = MIN(o->len + (size_t)n, o->size - 1);
}

/* Plain text and numbers without a format string: the label is built for
 * every message shown, and vsnprintf per piece was most of its cost. */
static void put_str(out *o, const char *s)
{
    size_t n = strlen(s);

    if (o->len + 1 >= o->size)
        return;
    n = MIN(n, o->size - 1 - o->len);
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    o->buf[o->len] = '\0';
}

static void put_uint(out *o, unsigned v)
{
    char digits[12];
    size_t i = sizeof digits;

    digits[--i] = '\0';
    do {
        digits[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    put_str(o, digits + i);
}

static out out_init(char *buf, size_t size)
{
    if (size)
        buf[0] = '\0';
    return (out){ buf, size, 0 };
}

/* Cut buf to SH_TEXT_FIT bytes, on a UTF-8 boundary, with "..." when it
 * was longer: Wireshark shows a tree item or an expert summary whole only
 * up to 240 bytes with its field name. */
static const char *fit(char *buf, size_t size)
{
    size_t n = strlen(buf);
    if (n <= SH_TEXT_FIT || size < SH_TEXT_FIT + 4)
        return buf;
    n = SH_TEXT_FIT - 3;
    while (n > 0 && ((unsigned char)buf[n] & 0xC0) == 0x80)
        n--;
    memcpy(buf + n, "...", 4);
    return buf;
}

/* The first letter in upper case ("the callee is busy" -> "The ..."). */
static void put_capitalised(out *o, const char *s)
{
    char first[2] = { s[0] >= 'a' && s[0] <= 'z' ? (char)(s[0] - 'a' + 'A') : s[0], '\0' };
    if (!s[0])
        return;
    put_str(o, first);
    put_str(o, s + 1);
}

/* ---- the failure classes ------------------------------------------------- */

#define NOT_A_FAULT "Not a network fault: "

/* The fixes in full, one step per field: a tree item shows 240 bytes, so a
 * long fix in one string would be cut in the details pane and in Expert
 * Information. */
static const char *const steps_challenge[] = {
    "Nothing to fix when the retry with credentials follows.",
    "If it does not, or is challenged again: check the credentials and realm configured for this trunk or "
    "device.",
    "CUCM: the SIP Trunk Security Profile and digest credentials; Expressway: the zone's authentication policy "
    "and Device Authentication.",
    NULL,
};
static const char *const steps_redirect[] = {
    "Check that the caller follows the redirection (the Contact of the 3xx) and that the new target is routable.",
    "CUCM: the SIP trunk's \"Redirect by Application\" and the calling search space for redirected calls.",
    NULL,
};
static const char *const steps_cancelled[] = {
    NOT_A_FAULT "the caller hung up before the call was answered.",
    NULL,
};
static const char *const steps_busy[] = {
    NOT_A_FAULT "the callee was busy.",
    "If that is unexpected: the callee's busy trigger and maximum number of calls, and call forward busy.",
    NULL,
};
static const char *const steps_declined[] = {
    NOT_A_FAULT "the callee (or its user) declined the call.",
    NULL,
};
static const char *const steps_no_answer[] = {
    "Check that the silent next hop is reachable from the node before it: address and DNS SRV, port and "
    "transport (TLS 5061).",
    "Firewalls and NAT on the way; certificates for TLS.",
    "Expressway: the zone toward it (Status > Zones) and Maintenance > Tools > Locate.",
    NULL,
};
static const char *const steps_routing[] = {
    "On the node that rejected it (see the sender and Warning): the search rules and their order, the call "
    "policy (Configuration > Call Policy).",
    "The zones toward the destination (Maintenance > Tools > Check pattern, Locate).",
    "CUCM: the route pattern, partitions and calling search space.",
    NULL,
};
static const char *const steps_loop[] = {
    "Find the loop: search rules, route patterns or DNS that send the call back toward where it came from.",
    "The Via stack lists the nodes it passed; Expressway: Maintenance > Tools > Locate on the alias.",
    NULL,
};
static const char *const steps_media[] = {
    "Compare the offer with what the rejecting side accepts: codecs (CUCM region settings) and media types "
    "(video, BFCP).",
    "Encryption: SRTP required on one side and not offered on the other (the Expressway zone's Media encryption "
    "mode, the CUCM trunk's SRTP Allowed).",
    NULL,
};
static const char *const steps_session_timer[] = {
    "Raise the Session-Expires the caller sends to at least the Min-SE the 422 asks for, or lower the rejecting "
    "side's minimum.",
    "CUCM: the Cisco CallManager service parameter \"SIP Session Expires Timer\".",
    NULL,
};
static const char *const steps_unavailable[] = {
    "Check the node that sent it (sender, Server header and Warning say which): its service status, licences "
    "and call capacity.",
    "Its own logs at that time.",
    NULL,
};
static const char *const steps_delayed_offer[] = SH_EO_FIX_STEPS_INIT;
static const char *const steps_reinvite[] = {
    "The call stays up but its mid-call change (hold, resume, transfer, media or codec change) failed.",
    "Compare what the re-INVITE asked for (its SDP, or none) with what the far end accepts.",
    NULL,
};
static const char *const steps_other[] = {
    "Check the node that sent it (sender, Server header and Warning say which) and what it logged then.",
    NULL,
};
static const char *const steps_none[] = { NULL };

static const sh_class_info classes[SH_FC_COUNT] = {
    [SH_FC_NONE] = { "", "", "", "", "", "", steps_none, SH_SEV_CHAT, false },
    [SH_FC_CHALLENGE] = { "challenge", "siphop.failure.challenge", "Authentication challenge (not a failure)",
        "CHALLENGED", "an authentication challenge",
        "Nothing to fix if the retry with credentials follows; otherwise check the credentials and realm",
        steps_challenge, SH_SEV_CHAT, false },
    [SH_FC_REDIRECT] = { "redirect", "siphop.failure.redirect", "Redirected (3xx)", "REDIRECTED",
        "a redirection to the Contact of the 3xx", "Check that the caller follows the redirection to a routable target",
        steps_redirect, SH_SEV_NOTE, false },
    [SH_FC_CANCELLED] = { "cancelled", "siphop.cancelled", "Cancelled by the caller", "CANCELLED",
        "the caller cancelled", NOT_A_FAULT "the caller hung up before the call was answered", steps_cancelled,
        SH_SEV_CHAT, false },
    [SH_FC_BUSY] = { "busy", "siphop.failure.busy", "Callee busy", "BUSY", "the callee is busy",
        NOT_A_FAULT "the callee was busy", steps_busy, SH_SEV_NOTE, true },
    [SH_FC_DECLINED] = { "declined", "siphop.failure.declined", "Callee declined", "DECLINED",
        "the callee declined the call", NOT_A_FAULT "the callee declined the call", steps_declined, SH_SEV_NOTE,
        true },
    [SH_FC_NO_ANSWER] = { "no-answer", "siphop.failure.no_answer", "No answer from the next hop", "FAILED",
        "no answer from the next hop", "Check that the silent next hop is reachable from the node before it",
        steps_no_answer, SH_SEV_ERROR, true },
    [SH_FC_ROUTING] = { "routing-policy", "siphop.failure.routing_policy", "Routing or call-policy rejection",
        "FAILED", "a routing or call-policy rejection",
        "Check the search rules, call policy and zones on the node that rejected it", steps_routing, SH_SEV_WARN,
        true },
    [SH_FC_LOOP] = { "loop", "siphop.failure.loop", "Routing loop", "FAILED", "a routing loop",
        "Find the rule, route pattern or DNS entry that sends the call back where it came from", steps_loop,
        SH_SEV_ERROR, true },
    [SH_FC_MEDIA] = { "media", "siphop.failure.media", "Media negotiation failed", "FAILED",
        "no acceptable media (codecs, media type or encryption)",
        "Compare the offer's codecs, media types and encryption with what the rejecting side accepts",
        steps_media, SH_SEV_WARN, true },
    [SH_FC_SESSION_TIMER] = { "session-timer", "siphop.failure.session_timer", "Session interval too small",
        "FAILED", "a session interval below the far end's minimum",
        "Raise the caller's Session-Expires to the Min-SE the 422 asks for", steps_session_timer, SH_SEV_WARN,
        true },
    [SH_FC_UNAVAILABLE] = { "unavailable", "siphop.failure.unavailable", "Service unavailable or server error",
        "FAILED", "a server error or unavailable service",
        "Check the sending node's service status, licences, capacity and logs", steps_unavailable, SH_SEV_ERROR,
        true },
    [SH_FC_DELAYED_OFFER] = { "delayed-offer", "siphop.failure.delayed_offer",
        "Delayed offer rejected by an early-offer-only destination", "FAILED",
        "delayed offer to an early-offer-only destination", SH_EO_FIX_ONE_LINE, steps_delayed_offer, SH_SEV_ERROR,
        true },
    [SH_FC_REINVITE_REJECTED] = { "reinvite-rejected", "siphop.failure.reinvite_rejected",
        "re-INVITE rejected (the call stays up)", "REINVITE REJECTED", "a re-INVITE was rejected; the call stays up",
        "Compare what the re-INVITE asked for with what the far end accepts", steps_reinvite, SH_SEV_WARN, true },
    [SH_FC_OTHER] = { "other", "siphop.failure.other", "Call failed", "FAILED", "the request was rejected",
        "Check the node that sent it and what it logged then", steps_other, SH_SEV_WARN, true },
};

const sh_class_info *sh_class_info_of(sh_failure_class c)
{
    return &classes[(unsigned)c < SH_FC_COUNT ? c : SH_FC_NONE];
}

const char *sh_failure_class_name(sh_failure_class c)
{
    return sh_class_info_of(c)->name;
}

static const char *offer_abbrev(const sh_txn *x)
{
    return x->offer == SH_OFFER_EARLY ? "EO" : x->offer == SH_OFFER_DELAYED ? "DO" : "?";
}

/* The packet list's label, verdict first so that a narrow column still
 * shows what matters: which message and what became of it, then on which
 * hop of which call, then the offer and where it went. About 60 characters;
 * the details are fields in the tree:
 *
 *   INVITE => 500 from hop 3, call 1 hop 1/3, DO to webex.com (EO only)
 *   500 ORIGIN, call 1 hop 3/3, DO to webex.com (EO only)
 *   500 relayed from hop 3, call 1 hop 2/3, DO to webex.com (EO only)
 *
 * Commas, not '|': the flow graph's text ladder draws columns with it.
 * An early-offer-only target is shown by the list entry it matched
 * (webex.com for company.webex.com): that is what the user configured, and
 * short. */
const char *sh_describe_label(const sh_tracker *t, const sh_result *r, const sh_msg_brief *b, char *buf,
                              size_t size)
{
    out o = out_init(buf, size);
    const sh_txn *x = r->txn;
    const sh_failure *f = sh_result_failure(t, r);
    const sh_class_info *ci = sh_class_info_of(f ? (sh_failure_class)f->cls : SH_FC_NONE);

    /* The message and its outcome. */
    if (b->is_request)
        put_str(&o, b->method ? b->method : "?");
    else
        put_uint(&o, b->status);
    if (f && !ci->is_failure) {
        /* A challenge, a redirect, a rejected re-INVITE: its class says it. */
        put_str(&o, " ");
        put_str(&o, ci->name);
    } else if (f && (r->flags & SH_F_FAILURE_ORIGIN)) {
        put_str(&o, " ORIGIN");
    } else if (f && (r->flags & SH_F_FAILURE_RELAYED)) {
        put_str(&o, " relayed from hop ");
        put_uint(&o, f->hop);
    } else if (r->flags & SH_F_CANCELLED) {
        put_str(&o, " cancelled");
    }
    if (x && b->is_request && b->method && strcmp(b->method, "INVITE") == 0 && x->final_frame) {
        put_str(&o, " => ");
        put_uint(&o, x->status);
        if (x->failure && sh_class_info_of((sh_failure_class)x->failure->cls)->is_failure) {
            put_str(&o, " from hop ");
            put_uint(&o, x->failure->hop);
        }
    }
    if (r->dup == SH_DUP_RETRANSMISSION)
        put(&o, " [retransmission of %u]", r->dup_of);
    else if (r->dup == SH_DUP_COPY)
        put(&o, " [copy of %u]", r->dup_of);

    /* Where: call and hop. */
    if (r->call) {
        put_str(&o, ", call ");
        put_uint(&o, r->call->number);
    }
    if (r->hop) {
        put_str(&o, r->call ? " hop " : ", hop ");
        put_uint(&o, r->hop);
        put_str(&o, "/");
        put_uint(&o, MAX(r->hop, r->call ? r->call->max_hop : 0));
    }
    if (r->flags & SH_F_HOP_MISSING)
        put(&o, " (%u not captured)", r->hops_missing);

    /* The offer and the early-offer-only target. */
    if (x) {
        put_str(&o, ", ");
        put_str(&o, offer_abbrev(x));
        if (x->names->target) {
            const char *entry = sh_tracker_eo_entry(t, x->names->target);
            put_str(&o, " to ");
            put_str(&o, entry ? entry : x->names->target);
            if (x->eo_required)
                put_str(&o, " (EO only)");
        }
    }
    return buf;
}

const char *sh_describe_link(const sh_tracker *t, const sh_txn *x, char *buf, size_t size)
{
    out o = out_init(buf, size);
    const sh_txn *up = x->upstream;
    char pcid_buf[SH_PROXY_CALL_ID_SIZE];
    const char *pcid;
    char refused[512];

    switch ((sh_link_kind)x->link) {
    case SH_LINK_VIA:
        /* The common case, on every proxied INVITE a pass draws: no printf. */
        put_str(&o, "via-chain: the Via stack is hop ");
        put_uint(&o, up->hop);
        put_str(&o, "'s INVITE (frame ");
        put_uint(&o, up->invite_frame);
        put_str(&o, ") plus ");
        put_uint(&o, x->link_depth);
        put_str(&o, x->link_depth == 1 ? " Via on top, same Call-ID" : " Vias on top, same Call-ID");
        break;
    case SH_LINK_DIALOG:
        put(&o, "call-id: same Call-ID as call %u%s", x->call->number,
            x->reinvite ? " (in-dialog re-INVITE)" : ", Via stack not linked to a captured hop");
        break;
    case SH_LINK_SESSION_ID:
    case SH_LINK_CISCO_GUID:
    case SH_LINK_X_CALL_ID:
        put(&o, "%s: B2BUA leg (new Call-ID) with %s %s", sh_link_name((sh_link_kind)x->link),
            x->link == SH_LINK_SESSION_ID ? "Session-ID" : x->link == SH_LINK_CISCO_GUID ? "Cisco-Guid" : "X-Call-ID",
            sh_txn_link_value(x) ? sh_txn_link_value(x) : "?");
        if (up) {
            const char *arrived = sh_tracker_endpoint(t, up->dst);
            int32_t since_us = sh_txn_invite_gap_us(x, up);
            put(&o, " as hop %u's INVITE (frame %u), so hop %u; checked: ", up->hop, up->invite_frame, x->hop);
            if (x->link_addr_checked)
                put(&o, "it leaves %s, where that INVITE arrived, ", arrived);
            else
                put(&o, "no addresses to compare, ");
            put(&o, "%.3f s later", since_us / 1e6);
        }
        break;
    default:
        put(&o, "none: first leg of call %u seen", x->call->number);
        if (sh_describe_link_refused(t, x, refused, sizeof refused)[0])
            put(&o, "; %s", refused);
        break;
    }
    if ((pcid = sh_txn_proxy_call_id(x, pcid_buf)) != NULL) {
        put_str(&o, "; Expressway proxy-call-id ");
        put_str(&o, pcid);
    }
    if (x->names->egress_zone) {
        put_str(&o, ", egress-zone ");
        put_str(&o, x->names->egress_zone);
    }
    if (x->names->ingress_zone) {
        put_str(&o, ", previous hop came in on ingress-zone ");
        put_str(&o, x->names->ingress_zone);
    }
    return buf;
}

const char *sh_describe_delayed_offer(char *buf, size_t size)
{
    out o = out_init(buf, size);
    put(&o, "Delayed offer: INVITE without SDP; the callee must offer in its 2xx or a reliable 18x "
            "and the caller answer in the ACK or PRACK");
    return buf;
}

const char *sh_describe_eo_required(const sh_txn *x, const char *matched_domain, char *buf, size_t size)
{
    out o = out_init(buf, size);
    put(&o, "Delayed-offer INVITE toward %s, which accepts only early offer (matches %s): expect the call to fail",
        x->names->target ? x->names->target : "?", matched_domain ? matched_domain : "the early-offer domain list");
    return fit(buf, size);
}

const char *sh_describe_link_refused(const sh_tracker *t, const sh_txn *x, char *buf, size_t size)
{
    out o = out_init(buf, size);
    sh_link_refusal r;
    const char *arrived;

    if (!sh_tracker_link_refusal(t, x, &r) || !r.other)
        return buf;
    arrived = sh_tracker_endpoint(t, r.other->dst);
    put(&o, "not linked to call %u: its hop %u INVITE (frame %u) carried the same %s %s, but this leg",
        r.other->call->number, r.other->hop, r.other->invite_frame,
        r.kind == SH_LINK_SESSION_ID ? "Session-ID" : r.kind == SH_LINK_CISCO_GUID ? "Cisco-Guid" : "X-Call-ID",
        r.value ? r.value : "?");
    if (r.why & SH_REFUSED_ADDRESS)
        put(&o, " does not leave %s, where that INVITE arrived%s", arrived ? arrived : "?",
            (r.why & SH_REFUSED_TIME) ? ", and" : "");
    if (r.why & SH_REFUSED_TIME)
        put(&o, " starts %.3f s after it (link window %.3f s)", r.after_ns / 1e9,
            (double)sh_tracker_limits(t)->link_window_ns / 1e9);
    return buf;
}

/* Wireshark cuts expert texts at about 240 bytes: keep each piece short and
 * leave the long forms to fields (Server, full Warning, the fix). */
#define REASON_MAX 32
#define WARN_TEXT_MAX 48

static void put_failure_facts(out *o, const sh_failure *f)
{
    put(o, "sent by %s", f->sender ? f->sender : "?");
    if (f->warning.code)
        put(o, "; Warning %u \"%.*s%s\"", f->warning.code, (int)MIN(f->warning.text.len, WARN_TEXT_MAX),
            f->warning.text.ptr, f->warning.text.len > WARN_TEXT_MAX ? "..." : "");
}

/* "500 Internal Server Error" (the reason cut at REASON_MAX), without
 * printf: causes are drawn on every failure response of a pass. */
static void put_status(out *o, const sh_failure *f)
{
    put_uint(o, f->status);
    if (f->reason) {
        size_t n = strlen(f->reason);
        char reason[REASON_MAX + 2];
        reason[0] = ' ';
        memcpy(reason + 1, f->reason, MIN(n, (size_t)REASON_MAX));
        reason[1 + MIN(n, (size_t)REASON_MAX)] = '\0';
        put_str(o, reason);
    }
}

static void put_sender_hop(out *o, const char *by, const sh_failure *f)
{
    put_str(o, by);
    put_str(o, f->sender ? f->sender : "?");
    put_str(o, " on hop ");
    put_uint(o, f->hop);
}

const char *sh_describe_cause(const sh_tracker *t, const sh_failure *f, char *buf, size_t size)
{
    out o = out_init(buf, size);
    const sh_class_info *ci = sh_class_info_of((sh_failure_class)f->cls);
    const sh_txn *x = sh_failure_txn(t, f);

    switch ((sh_failure_class)f->cls) {
    case SH_FC_DELAYED_OFFER:
        put_str(&o, "Delayed offer (no SDP) toward ");
        put_str(&o, x && x->names->target ? x->names->target : "?");
        put_str(&o, ", which accepts only early offer: ");
        put_status(&o, f);
        put_sender_hop(&o, " by ", f);
        break;
    case SH_FC_NO_ANSWER:
        if (f->generated) {
            put(&o, "%s generated ", f->sender ? f->sender : "?");
            put_status(&o, f);
            put(&o, " on hop %u: its INVITE on hop %u (frame %u) to %s got no response", f->hop, f->hop + 1u,
                f->silent_frame, f->silent_dst ? f->silent_dst : "the next hop");
        } else {
            put_status(&o, f);
            put_sender_hop(&o, " from ", f);
            put_str(&o, ": a node beyond it did not answer in time (not in the capture)");
        }
        break;
    default:
        put_status(&o, f);
        put_sender_hop(&o, " from ", f);
        put_str(&o, ": ");
        put_str(&o, ci->short_cause);
        break;
    }
    if (f->warning.code) {
        put_str(&o, " (Warning ");
        put_uint(&o, f->warning.code);
        put_str(&o, " \"");
        put_str(&o, f->warning.text.ptr);   /* interned: NUL-terminated */
        put_str(&o, "\")");
    }
    if (!x)
        put_str(&o, "; its INVITE is not in the capture");
    put_str(&o, ".");
    return fit(buf, size);
}

/* The origin's expert summary, cause first: "Delayed offer to webex.com
 * (early offer only): 500 Internal Server Error on hop 3 (sent by ...;
 * Warning ...)". At most SH_TEXT_FIT bytes; the fix is its own field. */
const char *sh_describe_failure_origin(const sh_tracker *t, const sh_failure *f, char *buf, size_t size)
{
    out o = out_init(buf, size);
    const sh_class_info *ci = sh_class_info_of((sh_failure_class)f->cls);
    const sh_txn *x = sh_failure_txn(t, f);
    if (f->cls == SH_FC_DELAYED_OFFER) {
        const char *target = x && x->names->target ? x->names->target : NULL;
        const char *entry = sh_tracker_eo_entry(t, target);
        put(&o, "Delayed offer to %s (early offer only)", entry ? entry : target ? target : "?");
    } else if (f->cls == SH_FC_NO_ANSWER && f->generated) {
        put(&o, "No answer from the next hop (frame %u to %s)", f->silent_frame, f->silent_dst ? f->silent_dst : "?");
    } else {
        put_capitalised(&o, ci->short_cause);
    }
    put_str(&o, ": ");
    put_status(&o, f);
    put(&o, " on hop %u (", f->hop);
    put_failure_facts(&o, f);
    put_str(&o, ")");
    /* A fork's branch whose failure the proxy did not pass on. */
    if (x && x->upstream && x->upstream->failure && x->upstream->failure != f)
        put(&o, "; not relayed: hop %u relayed the %u of frame %u", x->upstream->hop, x->upstream->failure->status,
            x->upstream->failure->frame);
    return fit(buf, size);
}

/* A relay's expert summary: "Relayed from hop 3: a server error or
 * unavailable service (500 Internal Server Error of frame 7, sent by ...)".
 * At most SH_TEXT_FIT bytes. */
const char *sh_describe_failure_relayed(const sh_failure *f, unsigned status, char *buf, size_t size)
{
    out o = out_init(buf, size);
    const sh_class_info *ci = sh_class_info_of((sh_failure_class)f->cls);

    put(&o, "%u relayed from hop %u: %s (", status, f->hop, ci->short_cause);
    put_status(&o, f);
    put(&o, " of frame %u, ", f->frame);
    put_failure_facts(&o, f);
    put_str(&o, ")");
    if (f->status != status)
        put(&o, "; code changed from %u to %u on the way", f->status, status);
    return fit(buf, size);
}

const char *sh_describe_no_response(const sh_tracker *t, const sh_txn *x, char *buf, size_t size)
{
    out o = out_init(buf, size);
    const char *dst = sh_tracker_endpoint(t, x->dst);
    int64_t after;

    if (sh_txn_silence_proven(t, x)) {
        put(&o, "No response at all to this INVITE on hop %u in the capture: %s never answered", x->hop,
            dst ? dst : "the next hop");
        return buf;
    }
    /* The capture may not see answers, or end before them: say which,
     * blame nobody. */
    if (!sh_tracker_saw_response(t)) {
        put(&o, "No response to this INVITE on hop %u, nor any SIP response in the whole capture: it may see one "
                "direction only, so it cannot say %s never answered",
            x->hop, dst ? dst : "the next hop");
        return buf;
    }
    after = sh_tracker_latest_ns(t) - x->invite_ns;
    put(&o, "No response to this INVITE on hop %u in the capture, whose SIP ends %" PRId64 ".%03d s after it: "
            "too soon to say %s never answered (a client waits %d s)",
        x->hop, after / 1000000000, (int)(after % 1000000000 / 1000000), dst ? dst : "the next hop",
        (int)(SH_TIMER_B_NS / 1000000000));
    return buf;
}

/* "<VERDICT>: <cause> -> <status> <reason> from hop N (<who>)" and what is
 * known of the silent hop or the missing INVITE. */
static void put_failure_verdict(out *o, const sh_tracker *t, const sh_failure *f, const char *origin_node)
{
    const sh_class_info *ci = sh_class_info_of((sh_failure_class)f->cls);

    put(o, "%s: %s -> %u %s from hop %u (%s)", ci->verdict, ci->short_cause, f->status, f->reason ? f->reason : "",
        f->hop, origin_node ? origin_node : f->sender ? f->sender : "?");
    if (f->cls == SH_FC_NO_ANSWER && f->generated)
        put(o, "; %s (hop %u, frame %u) never answered", f->silent_dst ? f->silent_dst : "the next hop", f->hop + 1u,
            f->silent_frame);
    if (!sh_failure_txn(t, f))
        put(o, "; its INVITE is not in the capture");
}

const char *sh_describe_verdict(const sh_tracker *t, const sh_call *c, const char *origin_node, char *buf,
                                size_t size)
{
    out o = out_init(buf, size);
    const sh_txn *top = sh_call_outcome(c);
    const sh_failure *f;

    if (!top || top->status == 0) {
        put(&o, "NO ANSWER: no final response to the INVITE%s", c->delayed_to_eo ?
            " (delayed offer toward an early-offer-only destination)" : "");
        if (top && sh_txn_unanswered(top)) {
            const char *dst = sh_tracker_endpoint(t, top->dst);
            /* Unproven silence (the capture may end first): the INVITE's
             * own item says how soon; the verdict blames nobody. */
            if (sh_txn_silence_proven(t, top))
                put(&o, "; %s never answered it", dst ? dst : "the next hop");
            else
                put(&o, "; none from %s in the capture", dst ? dst : "the next hop");
        }
        return buf;
    }
    if (top->status < 300) {
        put(&o, "OK: %s, %u", top->offer == SH_OFFER_EARLY ? "early offer" :
                              top->offer == SH_OFFER_DELAYED ? "delayed offer" : "offer unknown", top->status);
        return buf;
    }
    if (top->cancelled) {
        put(&o, "CANCELLED: the caller cancelled (%u)", top->status);
        return buf;
    }
    if (!(f = top->failure)) {
        put(&o, "FAILED: %u on hop %u", top->status, top->hop);
        return buf;
    }
    if (f->cls == SH_FC_DELAYED_OFFER) {
        const sh_txn *d = c->deepest;
        put(&o, "FAILED: delayed offer toward %s (early offer only) -> %u from hop %u (%s); %s",
            d && d->names->target ? d->names->target : "an early-offer-only destination", f->status, f->hop,
            origin_node ? origin_node : "?", "fix: Early Offer on the CUCM SIP trunk");
        return buf;
    }
    put_failure_verdict(&o, t, f, origin_node);
    if (f->cls == SH_FC_CHALLENGE)   /* a retry would have become the call's outcome */
        put_str(&o, "; no retry with credentials followed in the capture");
    return buf;
}

const char *sh_describe_failure_verdict(const sh_tracker *t, const sh_failure *f, const char *origin_node, char *buf,
                                        size_t size)
{
    out o = out_init(buf, size);

    put_failure_verdict(&o, t, f, origin_node);
    return buf;
}

const char *sh_describe_hops_seen(unsigned min_hop, unsigned max_hop, char *buf, size_t size)
{
    if (min_hop > 1)
        snprintf(buf, size, "Hops seen: %u-%u (hops before %u not captured)", min_hop, max_hop, min_hop);
    else
        snprintf(buf, size, "Hops seen: %u-%u", min_hop, max_hop);
    return buf;
}

const char *sh_describe_hop_missing(const sh_result *r, char *buf, size_t size)
{
    out o = out_init(buf, size);
    const sh_txn *x = r->txn;

    if (x && x->link == SH_LINK_VIA && x->upstream)
        put(&o, "%u hop%s between hop %u (frame %u) and hop %u not captured: the Via stack shows them",
            r->hops_missing, r->hops_missing == 1 ? "" : "s", x->upstream->hop, x->upstream->invite_frame, r->hop);
    else
        put(&o, "Earlier hop%s not captured: the Via stack has %u Vias, so this is hop %u; hops 1-%u are missing",
            r->hops_missing == 1 ? "" : "s", r->via_total, r->hop, r->hop - 1);
    return buf;
}

const char *sh_describe_dup(const sh_result *r, char *buf, size_t size)
{
    out o = out_init(buf, size);
    if (r->dup == SH_DUP_COPY)
        put(&o, "Same message as frame %u, captured again (another capture point): not a new leg", r->dup_of);
    else if (r->dup == SH_DUP_RETRANSMISSION)
        put(&o, "Retransmission of frame %u", r->dup_of);
    return buf;
}

const char *sh_describe_sip_encrypted(void)
{
    return "SIP here is encrypted: use the Expressway diagnostic logs with siphop-import";
}
