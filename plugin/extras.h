/* extras.h - what siphop adds around its analysis in the Wireshark window:
 * the "SIP call (all hops)" conversation filter (conversation.c) and the
 * once-per-capture note that the capture's SIP is only there encrypted
 * (encrypted.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_EXTRAS_H
#define SIPHOP_EXTRAS_H

#include <epan/packet.h>
#include <epan/expert.h>

#include "siphop/framecache.h"

/* ---- packet-siphop.c ----------------------------------------------------- */

/* The open file's per-frame records (NULL between files): the conversation
 * filter reads the selected packet's call from them. */
sh_framecache *siphop_frames(void);

/* ---- conversation.c ------------------------------------------------------ */

/* From proto_register: right-click > Conversation Filter and Colorize
 * Conversation > "SIP call (all hops)", the filter siphop.call == N for the
 * call of the selected packet (from the per-frame cache). */
void siphop_conversation_register(void);

/* ---- encrypted.c --------------------------------------------------------- */

/* From proto_register, with siphop's expert module: the expert item
 * siphop.sip_encrypted. */
void siphop_encrypted_register(expert_module_t *expert);

/* From the handoff: looks up the TLS protocol. Needs no field of its own
 * (the test reads the frame's ports and protocol layers). */
void siphop_encrypted_handoff(void);

/* From the init routine: a new capture, nothing decided yet. */
void siphop_encrypted_init(void);

/* From the postdissector, on every frame and every pass, after the frame's
 * SIP messages are known (*has_sip*: the frame has at least one). On the
 * first pass, in frame order, it decides once per capture: the first TLS
 * frame on a SIP port (TCP 5061, 5062, 7001-7003) before any SIP at all gets
 * the note. On every pass it draws the note on that frame. A few compares
 * per frame until decided, one compare after. */
void siphop_encrypted_frame(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, bool has_sip);

#endif
