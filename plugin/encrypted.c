/* encrypted.c - the note that a capture's SIP is there only encrypted.
 *
 * Between Expressway-C, Expressway-E and Webex (and often CUCM) SIP runs
 * over TLS: a capture there holds TLS on the SIP ports and no SIP that
 * siphop can read. Instead of silence, the first such TLS frame gets one
 * note (siphop.sip_encrypted) saying where the SIP is: the Expressway
 * diagnostic logs, which siphop-import turns into a capture.
 *
 * The postdissector calls siphop_encrypted_frame() on every frame. On the
 * first pass, in frame order, the first frame that is TLS on a SIP port
 * while no SIP has been seen yet takes the note, and SIP seen first settles
 * it the other way: either way nothing more is looked at until the next
 * capture. So a capture with SIP in clear before its first TLS frame never
 * gets the note; one whose clear SIP starts only after a TLS frame on a SIP
 * port keeps it (the first pass cannot know what follows, and every pass
 * draws what the first decided). Until decided, a frame costs a few
 * compares (the ports); a walk of its protocol layers only on TCP frames to
 * or from a SIP port.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <epan/packet.h>
#include <epan/expert.h>
#include <wsutil/wmem/wmem.h>

#include "extras.h"
#include "siphop/describe.h"
#include "siphop/endpoint.h"

static expert_field ei_sip_encrypted = EI_INIT;
static int proto_tls = -1;

/* The open capture's state (siphop_encrypted_init() resets it). */
static bool decided;          /* the first pass saw SIP, or placed the note */
static uint32_t note_frame;   /* the frame with the note, 0: none */
static uint32_t last_frame;   /* the last frame the first pass looked at */

static bool has_layer(const packet_info *pinfo, int proto)
{
    if (proto < 0 || !pinfo->layers)
        return false;
    for (wmem_list_frame_t *f = wmem_list_head(pinfo->layers); f; f = wmem_list_frame_next(f))
        if (GPOINTER_TO_INT(wmem_list_frame_data(f)) == proto)
            return true;
    return false;
}

void siphop_encrypted_frame(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, bool has_sip)
{
    if (!decided && !PINFO_FD_VISITED(pinfo) && pinfo->num > last_frame) {
        last_frame = pinfo->num;
        if (has_sip) {
            decided = true;
        } else if (pinfo->ptype == PT_TCP && (sh_sip_tls_port(pinfo->srcport) || sh_sip_tls_port(pinfo->destport)) &&
                   has_layer(pinfo, proto_tls)) {
            note_frame = pinfo->num;
            decided = true;
        }
    }
    /* Every pass, tree or not (without one, the expert tap and the
     * severity column still learn of it). */
    if (note_frame != 0 && pinfo->num == note_frame)
        proto_item_set_generated(
            proto_tree_add_expert_format(tree, pinfo, &ei_sip_encrypted, tvb, 0, 0, "%s", sh_describe_sip_encrypted()));
}

void siphop_encrypted_init(void)
{
    decided = false;
    note_frame = 0;
    last_frame = 0;
}

void siphop_encrypted_handoff(void)
{
    proto_tls = proto_get_id_by_filter_name("tls");
}

void siphop_encrypted_register(expert_module_t *expert)
{
    static ei_register_info ei[] = {
        { &ei_sip_encrypted, { "siphop.sip_encrypted", PI_DECRYPTION, PI_NOTE,
          "SIP only encrypted: TLS on a SIP port, no SIP in clear before it", EXPFILL } },
    };
    expert_register_field_array(expert, ei, array_length(ei));
}
