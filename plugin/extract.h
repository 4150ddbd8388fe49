/* extract.h - the SIP messages Wireshark found in a frame, as core messages.
 *
 * Each "sip" item gives one message's bytes (data source and offset), which
 * the core parses (message.h). Several SIP messages can share one frame (one
 * TCP segment), so each "sdp" item is attributed to the message whose byte
 * range (same data source, start offset inside) holds it; field arrays are
 * never paired by index.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_EXTRACT_H
#define SIPHOP_EXTRACT_H

#include <epan/packet.h>

#include "siphop/findings.h"
#include "siphop/msg.h"

typedef struct siphop_extracted {
    sh_msg msg;
    sh_via *vias;          /* pinfo->pool */
    const char *method;    /* NUL-terminated, pinfo->pool; NULL for responses */
    int start;             /* message bytes in the frame's tvb, or -1 when */
    int length;            /* they live in another data source (reassembly) */
    sh_str bytes;          /* the message's bytes, this packet only (the
                            * per-hop changes read the INVITE's headers) */
} siphop_extracted;

/* Look up the SIP/SDP field ids; call once from the handoff. Returns the
 * ids to hand to set_postdissector_wanted_hfids (ownership passes on). */
GArray *siphop_extract_init(void);

/* At most this many SIP messages of one frame are analysed (the rest are
 * counted and get an expert note): far beyond real segments. */
#define SIPHOP_MAX_MSGS_PER_FRAME SH_MAX_MSGS_PER_FRAME

/* The SIP messages of this frame, in the order the SIP dissector added them,
 * at most SIPHOP_MAX_MSGS_PER_FRAME. Returns how many; *out* is allocated in
 * pinfo->pool; *found* (may be NULL) receives how many the frame holds. */
unsigned siphop_extract(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, unsigned max_vias,
                        siphop_extracted **out, unsigned *found);

#endif
