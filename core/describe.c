/* describe.c - the words siphop shows (see describe.h). */
#include "siphop/describe.h"

#include <glib.h>
#include <stdarg.h>
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
    n = g_vsnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
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

static const char *offer_abbrev(const sh_txn *x)
{
    return x->offer == SH_OFFER_EARLY ? "EO" : x->offer == SH_OFFER_DELAYED ? "DO" : "?";
}

const char *sh_describe_label(const sh_result *r, const sh_msg_brief *b, char *buf, size_t size)
{
    out o = out_init(buf, size);
    const sh_txn *x = r->txn;

    if (r->call) {
        put_str(&o, "call ");
        put_uint(&o, r->call->number);
        put_str(&o, " ");
    }
    if (r->hop) {
        put_str(&o, "hop ");
        put_uint(&o, r->hop);
        put_str(&o, "/");
        put_uint(&o, MAX(r->hop, r->call ? r->call->max_hop : 0));
        put_str(&o, " ");
    }
    if (x) {
        put_str(&o, offer_abbrev(x));
        if (x->names->target) {
            put_str(&o, " to ");
            put_str(&o, x->names->target);
            if (x->eo_required)
                put_str(&o, " (EO req)");
        }
        put_str(&o, " ");
    }
    if (b->is_request)
        put_str(&o, b->method ? b->method : "?");
    else
        put_uint(&o, b->status);
    if (r->flags & SH_F_FAILURE_ORIGIN) {
        put_str(&o, " ORIGIN");
    } else if ((r->flags & SH_F_FAILURE_RELAYED) && x && x->failure) {
        put_str(&o, " relayed from hop ");
        put_uint(&o, x->failure->hop);
    } else if (r->flags & SH_F_CANCELLED) {
        put_str(&o, " cancelled");
    }
    if (x && b->is_request && b->method && strcmp(b->method, "INVITE") == 0 && x->final_frame) {
        put_str(&o, " => ");
        put_uint(&o, x->status);
        if (x->failure) {
            put_str(&o, " from hop ");
            put_uint(&o, x->failure->hop);
        }
    }
    if (r->flags & SH_F_HOP_MISSING)
        put(&o, " (%u hop%s not captured)", r->hops_missing, r->hops_missing == 1 ? "" : "s");
    if (r->dup == SH_DUP_RETRANSMISSION)
        put(&o, " [retransmission of %u]", r->dup_of);
    else if (r->dup == SH_DUP_COPY)
        put(&o, " [copy of %u]", r->dup_of);
    return buf;
}

const char *sh_describe_link(const sh_txn *x, char *buf, size_t size)
{
    out o = out_init(buf, size);
    const sh_txn *up = x->upstream;
    char pcid_buf[SH_PROXY_CALL_ID_SIZE];
    const char *pcid;

    switch ((sh_link_kind)x->link) {
    case SH_LINK_VIA:
        put(&o, "via-chain: the Via stack is hop %u's INVITE (frame %u) plus %u Via%s on top, same Call-ID",
            up->hop, up->invite_frame, x->link_depth, x->link_depth == 1 ? "" : "s");
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
        if (up)
            put(&o, " as hop %u's INVITE (frame %u)", up->hop, up->invite_frame);
        break;
    default:
        put(&o, "none: first leg of call %u seen", x->call->number);
        break;
    }
    if ((pcid = sh_txn_proxy_call_id(x, pcid_buf)) != NULL)
        put(&o, "; Expressway proxy-call-id %s", pcid);
    if (x->names->egress_zone)
        put(&o, ", egress-zone %s", x->names->egress_zone);
    if (x->names->ingress_zone)
        put(&o, ", previous hop came in on ingress-zone %s", x->names->ingress_zone);
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
    put(&o, "Delayed-offer INVITE toward %s, which accepts only early offer (matches %s): "
            "expect the call to fail. %s",
        x->names->target ? x->names->target : "?", matched_domain ? matched_domain : "the early-offer domain list",
        SH_EO_FIX_SHORT);
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

const char *sh_describe_failure_origin(const sh_txn *x, char *buf, size_t size)
{
    out o = out_init(buf, size);
    const sh_failure *f = x->failure;

    if (!f)
        return buf;
    put(&o, "%u %.*s originated on hop %u (", f->status, REASON_MAX, f->reason ? f->reason : "", f->hop);
    put_failure_facts(&o, f);
    put(&o, ")");
    if (x->offer == SH_OFFER_DELAYED && x->eo_required)
        put(&o, ". Cause: delayed offer to %s (early offer only). %s", x->names->target ? x->names->target : "?",
            SH_EO_FIX_SHORT);
    return buf;
}

const char *sh_describe_failure_relayed(const sh_txn *x, unsigned status, char *buf, size_t size)
{
    out o = out_init(buf, size);
    const sh_failure *f = x->failure;

    if (!f)
        return buf;
    put(&o, "%u relayed from hop %u: the failure of frame %u (%u %.*s, ", status, f->hop, f->frame, f->status,
        REASON_MAX, f->reason ? f->reason : "");
    put_failure_facts(&o, f);
    put(&o, ")");
    if (f->status != status)
        put(&o, "; code changed from %u to %u on the way", f->status, status);
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
