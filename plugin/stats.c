/* stats.c - "SIP Hops": one row per call, as a stats_tree.
 *
 *   GUI:    Statistics > SIP Hops
 *   tshark: -z siphop,tree[,filter]
 *
 * Each call is a node "Call N" whose children say what the call was: its
 * verdict in words, its Call-ID(s), the hops seen, one row per hop (who sent
 * to whom, the offer, the final status and whether it started there or was
 * relayed), the target and the final response. Counts are SIP messages.
 *
 * stats_tree node names cannot change, so a row is written once its facts
 * are final. On a later pass (the GUI, tshark -2) the tracker's state is
 * final from the first message on; in a single pass a hop's row waits for
 * that hop's final response and the verdict for the first hop's. A call or
 * hop still unanswered at the end of a single pass has no verdict or hop
 * row: use tshark -2.
 *
 * Call-IDs and Request-URI hosts are read from each message's own bytes
 * (siphop_tap_message_bytes: the core keeps no Call-ID strings) and kept
 * only here, while a table is open.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include <epan/epan_dissect.h>
#include <epan/packet.h>
#include <epan/proto.h>
#include <epan/stats_tree.h>
#include <epan/tap.h>

#include "compat.h"
#include "siphop/message.h"
#include "siphop/sipheaders.h"
#include "roles.h"
#include "taps.h"

#define ROW_SIZE 512

typedef struct call_state {
    int node;                /* the "Call N" node */
    const sh_txn *first;     /* the first leg seen */
    unsigned min_hop;        /* of the legs seen so far */
    unsigned max_hop;
    bool target_done;
    bool verdict_done;
} call_state;

typedef struct leg_state {
    char *row;               /* the hop row, once written */
    int count;               /* messages of this leg so far */
} leg_state;

typedef struct table_state {
    GHashTable *calls;       /* call number -> call_state */
    GHashTable *legs;        /* const sh_txn* -> leg_state */
} table_state;

static GHashTable *tables;   /* stats_tree* -> table_state */

static void leg_free(gpointer p)
{
    leg_state *l = p;
    g_free(l->row);
    g_free(l);
}

static void state_free(gpointer p)
{
    table_state *s = p;
    g_hash_table_destroy(s->calls);
    g_hash_table_destroy(s->legs);
    g_free(s);
}

/* Called when the table is made and again on every reset (retap). */
static void stats_init(stats_tree *st)
{
    table_state *s;

    if (!tables)
        tables = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, state_free);
    s = g_hash_table_lookup(tables, st);
    if (s) {
        g_hash_table_remove_all(s->calls);
        g_hash_table_remove_all(s->legs);
        return;
    }
    s = g_new0(table_state, 1);
    s->calls = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    s->legs = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, leg_free);
    g_hash_table_insert(tables, st, s);
    siphop_tap_keep_sip_items();
}

static void stats_cleanup(stats_tree *st)
{
    if (tables)
        g_hash_table_remove(tables, st);
}

/* A header value of this message, fit for a row (g_free it); NULL when
 * the message has no such value or its bytes are not at hand. */
static char *message_value(sh_str value)
{
    return value.len ? sh_cell_text(value, ROW_SIZE / 2) : NULL;
}

/* The call's verdict on top of its rows. */
static void verdict_row(stats_tree *st, const call_state *cs, const char *verdict)
{
    char row[ROW_SIZE];

    snprintf(row, sizeof row, "Verdict: %s", verdict);
    stats_tree_manip_node_int(MN_INCREASE, st, row, cs->node, FALSE, 1);
    stats_tree_manip_node_int(MN_SET_FLAGS, st, row, cs->node, FALSE, ST_FLG_SORT_TOP);
}

/* The verdict, the hops seen and the final response: written when the final
 * response of the call's outcome leg (its latest attempt on the first hop)
 * goes by and is not a challenge (the retry decides), the same moment in
 * every mode so that the hops counted are the same; or, on a later pass, on
 * any message of a call that was never answered or whose challenge was
 * never retried. */
static void write_summary(stats_tree *st, const sh_tracker *t, call_state *cs, const sh_call *c, unsigned min_hop,
                          unsigned max_hop)
{
    char row[ROW_SIZE];
    char verdict[ROW_SIZE];
    const sh_txn *top = sh_call_outcome(c);

    verdict_row(st, cs, siphop_call_verdict(t, c, 0, verdict, sizeof verdict));
    stats_tree_manip_node_int(MN_INCREASE, st, sh_describe_hops_seen(min_hop, max_hop, row, sizeof row), cs->node,
                              FALSE, 1);
    if (top && top->status) {
        siphop_roles_final(top, row, sizeof row);
        stats_tree_manip_node_int(MN_INCREASE, st, row, cs->node, FALSE, 1);
    }
    cs->verdict_done = true;
}

static tap_packet_status stats_packet(stats_tree *st, packet_info *pinfo, epan_dissect_t *edt, const void *data,
                                      tap_flags_t flags)
{
    const siphop_tap_rec *rec = data;
    const sh_result *r = rec->r;
    const sh_call *c = r->call;
    const sh_txn *x = r->txn;
    /* Analysed on an earlier pass: every fact is final. */
    bool final = !rec->fresh;
    table_state *s = tables ? g_hash_table_lookup(tables, st) : NULL;
    call_state *cs;
    char row[ROW_SIZE];
    char *v;
    sh_str bytes;

    (void)flags;
    if (!s || !c)
        return TAP_PACKET_DONT_REDRAW;

    cs = g_hash_table_lookup(s->calls, GUINT_TO_POINTER(c->number));
    /* Right-aligned numbers sort in order by name (to 9999). */
    snprintf(row, sizeof row, "Call %4u", c->number);
    if (!cs) {
        cs = g_new0(call_state, 1);
        g_hash_table_insert(s->calls, GUINT_TO_POINTER(c->number), cs);
    }
    cs->node = stats_tree_manip_node_int(MN_INCREASE, st, row, 0, TRUE, 1);

    bytes = siphop_tap_message_bytes(edt, rec);
    if ((v = message_value(sh_msg_header_value(bytes, "Call-ID", 'i'))) != NULL) {
        snprintf(row, sizeof row, "Call-ID: %s", v);
        stats_tree_manip_node_int(MN_INCREASE, st, row, cs->node, FALSE, 1);
        g_free(v);
    }

    if (x) {
        leg_state *l = g_hash_table_lookup(s->legs, x);
        bool first_sight = !r->dup;

        if (!l) {
            l = g_new0(leg_state, 1);
            g_hash_table_insert(s->legs, (gpointer)x, l);
        }
        l->count++;
        if (x->hop && (!cs->min_hop || x->hop < cs->min_hop))
            cs->min_hop = x->hop;
        if (x->hop > cs->max_hop)
            cs->max_hop = x->hop;
        if (!cs->first && sh_msg_brief_is_invite(rec->brief) && first_sight && !x->reinvite)
            cs->first = x;
        if (cs->first == x && !cs->target_done && sh_msg_brief_is_invite(rec->brief)) {
            if (x->names->target && x->eo_required)
                snprintf(row, sizeof row, "Target: %s (early offer only)", x->names->target);
            else if ((v = message_value(sh_ruri_host_of(bytes))) != NULL) {
                snprintf(row, sizeof row, "Target: %s", v);
                g_free(v);
            } else
                row[0] = '\0';
            if (row[0])
                stats_tree_manip_node_int(MN_INCREASE, st, row, cs->node, FALSE, 1);
            cs->target_done = true;
        }
        if (l->row) {
            stats_tree_manip_node_int(MN_INCREASE, st, l->row, cs->node, FALSE, 1);
        } else if (final || (x->final_frame == pinfo->num && !rec->brief->is_request && first_sight)) {
            siphop_roles_leg_row(x, row, sizeof row);
            l->row = g_strdup(row);
            stats_tree_manip_node_int(MN_SET, st, l->row, cs->node, FALSE, l->count);
        }
    }
    if (c->top && !cs->verdict_done) {
        const sh_txn *top = c->top;
        bool challenged = top->failure && top->failure->cls == SH_FC_CHALLENGE;
        if (x == top && x->final_frame == pinfo->num && !rec->brief->is_request && !r->dup && !challenged)
            write_summary(st, rec->tracker, cs, c, cs->min_hop, cs->max_hop);
        else if (final && (top->final_frame == 0 || challenged))
            write_summary(st, rec->tracker, cs, c, c->min_hop, c->max_hop);
    } else if (!c->top && !cs->verdict_done && r->orphan_failure) {
        /* Known only through a failure whose INVITE is not in the capture:
         * its first sighting words it, the same in every mode. */
        char verdict[ROW_SIZE];
        verdict_row(st, cs, siphop_call_verdict(rec->tracker, c, r->orphan_failure, verdict, sizeof verdict));
        cs->verdict_done = true;
    }
    return TAP_PACKET_REDRAW;
}

void siphop_stats_register(void)
{
    /* Rows in name order ("Call 1", "Call 2" ...; the verdict on top of
     * its call), ascending. */
    stats_tree_register_plugin("siphop", "siphop", "SIP Hops", TL_REQUIRES_PROTO_TREE |
                               (ST_SORT_COL_NAME << ST_FLG_SRTCOL_SHIFT),
                               stats_packet, stats_init, stats_cleanup);
}
