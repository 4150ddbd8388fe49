/* flow.c - the "siphop" flow graph: each call across its hops, nodes named
 * by role.
 *
 *   GUI:    Statistics > Flow Graph, Flow type "SIP hops (siphop)"
 *   tshark: -z flow,siphop,standard[,filter]   (or network, for addresses)
 *
 * One arrow per SIP message of a tracked call. Its two ends are the roles
 * of the sender's and receiver's addresses (CUCM, Expressway-C,
 * Expressway-E, Webex, else the address), so Expressway-E's inside and
 * outside addresses are one node. The label says what the message is for
 * the call (INVITE with or without SDP, failure origin or relayed); the
 * comment is siphop's label, as in the packet list column. Labels stay
 * within the 20 characters tshark prints: "INVITE (no SDP) rtx".
 *
 * Node addresses point at the role registry (roles.c), whose names settle
 * by the end of the first pass: a single-pass tshark draws the final names
 * too, because nodes are resolved when the graph is drawn.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include <epan/packet.h>
#include <epan/tap.h>

#include "roles.h"
#include "seqanalysis.h"
#include "taps.h"

static void arrow_label(const sh_result *r, const sh_msg_brief *b, char *buf, size_t size)
{
    const sh_txn *x = r->txn;
    const char *sdp = r->sdp_role == SH_SDP_OFFER ? " (SDP offer)" :
                      r->sdp_role == SH_SDP_ANSWER ? " (SDP answer)" :
                      r->sdp_role == SH_SDP_PREVIEW ? " (SDP preview)" : "";
    const char *dup = r->dup == SH_DUP_RETRANSMISSION ? " rtx" : r->dup == SH_DUP_COPY ? " copy" : "";

    if (b->is_request && b->method && strcmp(b->method, "INVITE") == 0 && x)
        snprintf(buf, size, "INVITE (%s)%s", x->offer == SH_OFFER_DELAYED ? "no SDP" : "SDP", dup);
    else if (b->is_request)
        snprintf(buf, size, "%s%s%s", b->method ? b->method : "?", sdp, dup);
    else if (r->flags & SH_F_FAILURE_ORIGIN)
        snprintf(buf, size, "%u (origin)%s", b->status, dup);
    else if (r->flags & SH_F_FAILURE_RELAYED)
        snprintf(buf, size, "%u (relayed)%s", b->status, dup);
    else if (r->flags & SH_F_CANCELLED)
        snprintf(buf, size, "%u (cancelled)%s", b->status, dup);
    else
        snprintf(buf, size, "%u%s%s", b->status, sdp, dup);
}

static void use_node(address *end, const address *addr)
{
    address node;

    if (!siphop_roles_node(addr, &node))
        return;
    free_address(end);     /* Wireshark's copy of the packet's address */
    *end = node;           /* not owned: priv stays NULL, nothing to free */
}

static tap_packet_status flow_packet(void *tapdata, packet_info *pinfo, epan_dissect_t *edt, const void *data,
                                     tap_flags_t flags)
{
    seq_analysis_info_t *sainfo = tapdata;
    const siphop_tap_rec *rec = data;
    const sh_result *r = rec->r;
    seq_analysis_item_t *sai;
    char text[1024];

    (void)edt;
    (void)flags;
    if (!r->call)
        return TAP_PACKET_DONT_REDRAW;
    sai = sequence_analysis_create_sai_with_addresses(pinfo, sainfo);
    if (!sai)
        return TAP_PACKET_DONT_REDRAW;
    sai->frame_number = pinfo->num;
    use_node(&sai->src_addr, &pinfo->src);
    use_node(&sai->dst_addr, &pinfo->dst);
    sai->port_src = (guint16)pinfo->srcport;
    sai->port_dst = (guint16)pinfo->destport;
    arrow_label(r, rec->brief, text, sizeof text);
    sai->frame_label = g_strdup(text);
    sai->comment = g_strdup(sh_describe_label(rec->tracker, r, rec->brief, text, sizeof text));
    sai->conv_num = (guint16)r->call->number;
    sai->line_style = 1;
    sai->display = TRUE;
    sequence_analysis_use_color_filter(pinfo, sai);
    g_queue_push_tail(sainfo->items, sai);
    return TAP_PACKET_REDRAW;
}

void siphop_flow_register(int proto)
{
    register_seq_analysis("siphop", "SIP hops (siphop)", proto, "siphop", TL_REQUIRES_NOTHING, flow_packet);
}
