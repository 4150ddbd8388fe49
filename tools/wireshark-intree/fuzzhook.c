/* fuzzhook.c - lets Wireshark's fuzzshark reach siphop (fuzz builds only).
 *
 * fuzzshark (fuzz/fuzzshark.c) does three things that keep a post-dissector
 * such as siphop from ever seeing SIP:
 *   - it hands each input to the frame dissector with the encapsulation
 *     G_MAXINT16, which no dissector claims, and runs the dissector named by
 *     FUZZSHARK_TARGET as a post-dissector that it registers after all
 *     others; siphop, registered first, would run before SIP was dissected;
 *   - its tree is not visible and, unlike tshark and Wireshark (tshark.c,
 *     file.c), it does not prime it with the fields post-dissectors ask for
 *     (set_postdissector_wanted_hfids), so the "sip" items siphop reads are
 *     not even built;
 *   - it does not load plugins (hence siphop built into libwireshark, see
 *     dissectors-CMakeListsCustom.txt.in).
 * This hook is the frame dissector's dissector for that encapsulation: it
 * primes the tree with the fields siphop asks for (siphop_extract_init(),
 * the same list siphop registers), and with siphop's own protocol and
 * fields and the expert protocol's, so that siphop also draws its items
 * and expert infos on every input, as it does for Wireshark's visible tree
 * (without them, pass_shows_items() in packet-siphop.c says nobody looks,
 * and the drawing code would never run); then it calls Wireshark's raw IP
 * dissector
 * (IPv4 or IPv6 by the first nibble). The inputs are then IP packets; IP,
 * UDP or TCP, SIP and SDP are dissected in the frame itself and the
 * post-dissectors run after them, siphop among them, as on a capture.
 *
 * FUZZSHARK_TARGET is still required by fuzzshark: this file registers a
 * dissector that does nothing, "siphop_fuzz_noop", to name there.
 *
 * Compiled only by tools/wireshark-intree.sh, into the fuzz build's
 * libwireshark beside siphop (epan/dissectors/CMakeListsCustom.txt there);
 * never part of siphop itself.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <epan/packet.h>
#include <epan/proto.h>

#include "extract.h"

void proto_register_siphop_fuzzhook(void);
void proto_reg_handoff_siphop_fuzzhook(void);

static int proto_siphop_fuzzhook = -1;
static dissector_handle_t raw_ip_handle;
static GArray *wanted_hfids;   /* siphop_extract_init()'s, then siphop's and the expert fields */

/* A protocol and all its fields, into wanted_hfids. */
static void want_protocol(const char *filter_name)
{
    int proto = proto_get_id_by_filter_name(filter_name);
    void *cookie = NULL;

    if (proto < 0)
        return;
    g_array_append_val(wanted_hfids, proto);
    for (header_field_info *hfi = proto_get_first_protocol_field(proto, &cookie); hfi;
         hfi = proto_get_next_protocol_field(proto, &cookie))
        g_array_append_val(wanted_hfids, hfi->id);
}

static int dissect_noop(tvbuff_t *tvb _U_, packet_info *pinfo _U_, proto_tree *tree _U_, void *data _U_)
{
    return 0;
}

static int dissect_fuzz_frame(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    /* What prime_epan_dissect_with_postdissector_wanted_hfids() does in
     * tshark: the tree here is the root one (packet-frame.c passes it). */
    if (tree && wanted_hfids) {
        for (guint i = 0; i < wanted_hfids->len; i++)
            proto_tree_prime_with_hfid(tree, g_array_index(wanted_hfids, int, i));
    }
    return call_dissector_with_data(raw_ip_handle, tvb, pinfo, tree, data);
}

void proto_register_siphop_fuzzhook(void)
{
    proto_siphop_fuzzhook = proto_register_protocol("siphop fuzzshark hook", "siphop_fuzz_noop",
                                                    "siphop_fuzz_noop");
    register_dissector("siphop_fuzz_noop", dissect_noop, proto_siphop_fuzzhook);
}

void proto_reg_handoff_siphop_fuzzhook(void)
{
    raw_ip_handle = find_dissector("raw_ip");
    wanted_hfids = siphop_extract_init();
    want_protocol("siphop");
    want_protocol("_ws.expert");
    /* fuzz/fuzzshark.c: rec.rec_header.packet_header.pkt_encap = G_MAXINT16 */
    if (raw_ip_handle)
        dissector_add_uint("wtap_encap", G_MAXINT16,
                           create_dissector_handle(dissect_fuzz_frame, proto_siphop_fuzzhook));
}
