/* taps.c - siphop's tap, and the verdict in words (see taps.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "taps.h"

#include <epan/tap.h>
#include <wsutil/wmem/wmem.h>

#include "roles.h"

static int siphop_tap = -1;

void siphop_taps_register(int proto)
{
    siphop_tap = register_tap("siphop");
    siphop_roles_register();
    siphop_stats_register();
    siphop_flow_register(proto);
}

void siphop_taps_learn(packet_info *pinfo, const sh_msg *m, const sh_result *r)
{
    siphop_roles_learn(pinfo, m, r);
}

void siphop_taps_queue(packet_info *pinfo, const sh_result *r, const sh_msg_brief *brief, int start,
                       int length, unsigned index, unsigned count, bool fresh)
{
    siphop_tap_rec *rec;

    if (siphop_tap < 0 || !have_tap_listener(siphop_tap))
        return;
    rec = wmem_new(pinfo->pool, siphop_tap_rec);
    rec->r = r;
    rec->brief = brief;
    rec->start = start;
    rec->length = length;
    rec->index = index;
    rec->count = count;
    rec->fresh = fresh;
    tap_queue_packet(siphop_tap, pinfo, rec);
}

/* ---- the verdict ---------------------------------------------------------- */

const char *siphop_verdict(const sh_call *c, const sh_txn *first, char *buf, size_t size)
{
    const sh_failure *f = c->failure;
    char who[SIPHOP_NODE_NAME_SIZE];
    const char *offer;

    if (!first || first->status == 0) {
        g_snprintf(buf, size, "NO ANSWER: no final response to the first INVITE in the capture%s",
                   c->delayed_to_eo ? " (delayed offer toward an early-offer-only destination)" : "");
        return buf;
    }
    offer = first->offer == SH_OFFER_EARLY ? "early offer" :
            first->offer == SH_OFFER_DELAYED ? "delayed offer" : "offer unknown";
    if (first->status < 300) {
        g_snprintf(buf, size, "OK: %s, %u", offer, first->status);
        return buf;
    }
    if (first->cancelled) {
        g_snprintf(buf, size, "CANCELLED: the caller cancelled (%u)", first->status);
        return buf;
    }
    if (!f) {
        g_snprintf(buf, size, "FAILED: %u on hop %u", first->status, first->hop);
        return buf;
    }
    siphop_roles_name_of_sender(f->sender, who, sizeof who);
    if (c->delayed_to_eo) {
        const sh_txn *d = c->deepest;
        g_snprintf(buf, size,
                   "FAILED: delayed offer toward %s (early offer only) -> %u from hop %u (%s); "
                   "fix: Early Offer on the CUCM SIP trunk",
                   d && d->names->target ? d->names->target : "an early-offer-only destination", f->status, f->hop, who);
        return buf;
    }
    g_snprintf(buf, size, "FAILED: %u %s from hop %u (%s)", f->status, f->reason ? f->reason : "", f->hop, who);
    return buf;
}
