/* taps.h - siphop's tap and what listens to it: the "SIP Hops" call table
 * (stats.c) and the "siphop" flow graph (flow.c).
 *
 * The post-dissector queues one record per analysed SIP message on every
 * pass that runs taps. Records point at the message's result and brief,
 * rebuilt for this packet (pinfo->pool: read them in the tap's packet
 * callback, keep no pointer to them), and through them at the tracker's
 * calls and transactions, which live for the whole file: a listener reads
 * their final state when it runs on a later pass (the GUI, tshark -2) and
 * their state so far in a single pass.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_TAPS_H
#define SIPHOP_TAPS_H

#include <epan/epan_dissect.h>
#include <epan/packet.h>

#include "siphop/describe.h"
#include "siphop/msg.h"
#include "siphop/tracker.h"

typedef struct siphop_tap_rec {
    const sh_tracker *tracker;   /* the file's tracker: the results' calls and legs */
    const sh_result *r;          /* this packet only (pinfo->pool) */
    const sh_msg_brief *brief;   /* this packet only; brief->method: file lifetime */
    int start;                   /* message bytes in the frame's tvb, -1 if elsewhere */
    int length;
    unsigned msg_index;          /* which of the frame's SIP messages, from 0 */
    unsigned count;              /* how many the frame has */
    bool fresh;                  /* analysed in this very pass: facts of later
                                    frames are not known yet (single pass) */
} siphop_tap_rec;

/* From proto_register: the tap. */
void siphop_taps_register(void);

/* Every pass, every SIP message: queue the record when someone listens. */
void siphop_taps_queue(packet_info *pinfo, const sh_tracker *t, const sh_result *r, const sh_msg_brief *brief,
                       int start, int length, unsigned msg_index, unsigned count, bool fresh);

/* The bytes of the record's message: in the frame (rec->start), else the
 * frame's "sip" item when the tree has one (a reassembled or decrypted
 * message); empty when neither (then the call's other messages name it).
 * Listeners read SIP text from here, never from SIP fields. */
sh_str siphop_tap_message_bytes(epan_dissect_t *edt, const siphop_tap_rec *rec);

/* From a listener's init: keep the frames' "sip" items in the tree on later
 * passes, so that siphop_tap_message_bytes finds reassembled messages. */
void siphop_tap_keep_sip_items(void);

/* Its listeners, each registered from proto_register (stats.c, calls.c,
 * flow.c). */
void siphop_stats_register(void);
void siphop_calls_register(void);   /* calls.c: the call list and its summary */
void siphop_flow_register(int proto);

#endif
