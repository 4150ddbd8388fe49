/* seqanalysis.h - the part of epan/sequence_analysis.h that flow.c uses.
 *
 * libwireshark exports the flow graph ("sequence analysis") API, but the
 * development packages do not install its header (Debian's wireshark-dev
 * 4.0 has no epan/sequence_analysis.h). Where it is installed it is used;
 * otherwise these declarations stand in. They repeat Wireshark's own
 * layout up to the last member flow.c writes; the members' C types changed
 * from gboolean to bool in 4.4, see SH_SEQ_BOOL in compat.h. Checked against
 * the libraries' code: 4.0.17 (items 0x90 bytes, display at 0x70), 4.4.19
 * (0x88, display at 0x6d) and 4.6.9 (0x90, display at 0x6d, a free callback
 * appended); sainfo->items at 0x10 in all three.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_SEQANALYSIS_H
#define SIPHOP_SEQANALYSIS_H

#include <epan/address.h>
#include <epan/packet_info.h>
#include <epan/tap.h>

#include "compat.h"

#if defined(__has_include)
#if __has_include(<epan/sequence_analysis.h>)
#include <epan/sequence_analysis.h>
#define SH_HAVE_SEQUENCE_ANALYSIS_H 1
#endif
#endif

#ifndef SH_HAVE_SEQUENCE_ANALYSIS_H

#define MAX_NUM_NODES 40

typedef enum _ga_info_type { GA_INFO_TYPE_NONE = 0, GA_INFO_TYPE_RTP } ga_info_type;

typedef struct _seq_analysis_item {
    guint32 frame_number;
    address src_addr;
    guint16 port_src;
    address dst_addr;
    guint16 port_dst;
    gchar *frame_label;        /* g_free'd by Wireshark */
    gchar *time_str;
    gchar *comment;            /* g_free'd by Wireshark */
    guint16 conv_num;
    unsigned fg_color;
    unsigned bg_color;
    SH_SEQ_BOOL has_color_filter;
    SH_SEQ_BOOL display;
    unsigned src_node;
    unsigned dst_node;
    guint16 line_style;
    ga_info_type info_type;
    void *info_ptr;
    /* Later versions append members here; Wireshark allocates items. */
} seq_analysis_item_t;

typedef struct _seq_analysis_info {
    const char *name;
    SH_SEQ_BOOL any_addr;
    int nconv;
    GQueue *items;
    GHashTable *ht;
    /* nodes follow; not touched here */
} seq_analysis_info_t;

WS_DLL_PUBLIC void register_seq_analysis(const char *name, const char *ui_name, const int proto_id,
                                         const char *tap_listener, guint tap_flags, tap_packet_cb tap_func);
WS_DLL_PUBLIC seq_analysis_item_t *sequence_analysis_create_sai_with_addresses(packet_info *pinfo,
                                                                               seq_analysis_info_t *sainfo);
WS_DLL_PUBLIC void sequence_analysis_use_color_filter(packet_info *pinfo, seq_analysis_item_t *sai);

#endif /* !SH_HAVE_SEQUENCE_ANALYSIS_H */

#endif
