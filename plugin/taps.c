/* taps.c - siphop's tap (see taps.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "taps.h"

#include <epan/epan_dissect.h>
#include <epan/proto.h>
#include <epan/tap.h>
#include <wsutil/wmem/wmem.h>

static int siphop_tap = -1;

void siphop_taps_register(void)
{
    siphop_tap = register_tap("siphop");
}

void siphop_taps_queue(packet_info *pinfo, const sh_tracker *t, const sh_result *r, const sh_msg_brief *brief,
                       int start, int length, unsigned msg_index, unsigned count, bool fresh)
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
    rec->msg_index = msg_index;
    rec->count = count;
    rec->fresh = fresh;
    tap_queue_packet(siphop_tap, pinfo, rec);
}

sh_str siphop_tap_message_bytes(epan_dissect_t *edt, const siphop_tap_rec *rec)
{
    static int hf_sip = -1;
    tvbuff_t *tvb = edt ? edt->tvb : NULL;
    GPtrArray *arr;

    if (tvb && rec->start >= 0 && rec->length > 0 && tvb_bytes_exist(tvb, rec->start, rec->length))
        return sh_str_make((const char *)tvb_get_ptr(tvb, rec->start, rec->length), (size_t)rec->length);
    if (hf_sip <= 0)
        hf_sip = proto_registrar_get_id_byname("sip");
    if (hf_sip <= 0 || !edt || !edt->tree)
        return SH_STR_NULL;
    /* A reassembled or decrypted message: the frame's "sip" items are its
     * messages in order, when the tree holds them all. */
    arr = proto_get_finfo_ptr_array(edt->tree, hf_sip);
    if (arr && arr->len == rec->count && rec->msg_index < arr->len) {
        field_info *fi = g_ptr_array_index(arr, rec->msg_index);
        int len = fi->ds_tvb ? tvb_captured_length_remaining(fi->ds_tvb, fi->start) : 0;
        if (len > 0)
            return sh_str_make((const char *)tvb_get_ptr(fi->ds_tvb, fi->start, len), (size_t)len);
    }
    return SH_STR_NULL;
}

/* ---- keeping the sip items on later passes ------------------------------- */

/* A reassembled message's bytes are found through its "sip" item only, and
 * on a later pass (tshark -2, a retap in the GUI) the tree holds that item
 * only when someone asks for it: a do-nothing listener whose filter names
 * "sip" does. One for the process, from the first table opened on; cleared
 * when Wireshark frees it (4.6 frees every listener at exit). */
static bool sip_kept;

static tap_packet_status keep_packet(void *tapdata, packet_info *pinfo, epan_dissect_t *edt, const void *data,
                                     tap_flags_t flags)
{
    (void)tapdata;
    (void)pinfo;
    (void)edt;
    (void)data;
    (void)flags;
    return TAP_PACKET_DONT_REDRAW;
}

static void keep_finish(void *tapdata)
{
    (void)tapdata;
    sip_kept = false;
}

void siphop_tap_keep_sip_items(void)
{
    static int owner;   /* the listener's identity */
    GString *err;

    if (sip_kept)
        return;
    err = register_tap_listener("siphop", &owner, "sip", TL_REQUIRES_NOTHING, NULL, keep_packet, NULL, keep_finish);
    if (err)
        g_string_free(err, TRUE);   /* reassembled messages then name no call: nothing worse */
    else
        sip_kept = true;
}
