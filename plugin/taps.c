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
    siphop_calls_register();
    siphop_flow_register(proto);
}

void siphop_taps_learn(packet_info *pinfo, const sh_msg *m, const sh_result *r)
{
    siphop_roles_learn(pinfo, m, r);
}

void siphop_taps_queue(packet_info *pinfo, const sh_tracker *t, const sh_result *r, const sh_msg_brief *brief,
                       int start, int length, unsigned index, unsigned count, bool fresh)
{
    siphop_tap_rec *rec;

    if (siphop_tap < 0 || !have_tap_listener(siphop_tap))
        return;
    rec = wmem_new(pinfo->pool, siphop_tap_rec);
    rec->tracker = t;
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

const char *siphop_verdict(const sh_tracker *t, const sh_call *c, char *buf, size_t size)
{
    const sh_txn *top = sh_call_outcome(c);
    char who[SIPHOP_NODE_NAME_SIZE];
    const char *node = NULL;

    if (top && top->failure)
        node = siphop_roles_name_of_sender(top->failure->sender, who, sizeof who);
    return sh_describe_verdict(t, c, node, buf, size);
}

const char *siphop_orphan_verdict(const sh_tracker *t, const sh_failure *f, char *buf, size_t size)
{
    char who[SIPHOP_NODE_NAME_SIZE];

    return sh_describe_failure_verdict(t, f, siphop_roles_name_of_sender(f->sender, who, sizeof who), buf, size);
}
