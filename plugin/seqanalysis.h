/* seqanalysis.h - the part of epan/sequence_analysis.h that flow.c uses.
 *
 * libwireshark exports the flow graph ("sequence analysis") API, but the
 * development packages do not install its header (Debian's wireshark-dev
 * 4.0, 4.4 and 4.6 have no epan/sequence_analysis.h). Where it is installed
 * (a build inside Wireshark's source tree) it is used; otherwise the
 * declarations below stand in. They repeat Wireshark's own layout up to the
 * last member flow.c writes; the members' C types changed from gboolean to
 * bool in 4.4, see SH_SEQ_BOOL in compat.h. Checked against the libraries'
 * code: 4.0.17 (items 0x90 bytes, display at 0x70), 4.4.19 (0x88, display at
 * 0x6d) and 4.6.9 (0x90, display at 0x6d, a free callback appended);
 * sainfo->items at 0x10 in all three.
 *
 * The stand-in is always declared, under its own names (sh_seq_item,
 * sh_seq_info), and checked at compile time:
 *   - with the real header: every member of the stand-in has the offset and
 *     size of the real one, and the stand-in is no larger than the real
 *     structure (Wireshark allocates items, so a shorter stand-in is safe).
 *     tools/wireshark-checks.sh compiles this branch against the header from
 *     the Wireshark source of the host's version ("seqanalysis-layout").
 *   - without it: on 64-bit targets, the offsets measured from the
 *     libraries' code above.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_SEQANALYSIS_H
#define SIPHOP_SEQANALYSIS_H

#include <stddef.h>

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

/* The stand-in: Wireshark's seq_analysis_item_t up to info_ptr. */
struct sh_seq_item {
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
    guint32 info_type;         /* ga_info_type from 4.2 (an enum, 4 bytes) */
    void *info_ptr;
    /* Later versions append members here; Wireshark allocates items. */
};

/* The stand-in: Wireshark's seq_analysis_info_t up to ht. */
struct sh_seq_info {
    const char *name;
    SH_SEQ_BOOL any_addr;
    int nconv;
    GQueue *items;
    GHashTable *ht;
    /* nodes follow; not touched here */
};

#ifdef SH_HAVE_SEQUENCE_ANALYSIS_H

/* Same offset and size as the real member. */
#define SH_SEQ_SAME(real, standin, m)                                           \
    _Static_assert(offsetof(real, m) == offsetof(struct standin, m) &&          \
                   sizeof(((real *)0)->m) == sizeof(((struct standin *)0)->m), \
                   "seqanalysis.h: " #standin "." #m " differs from " #real)

SH_SEQ_SAME(seq_analysis_item_t, sh_seq_item, frame_number);
SH_SEQ_SAME(seq_analysis_item_t, sh_seq_item, src_addr);
SH_SEQ_SAME(seq_analysis_item_t, sh_seq_item, port_src);
SH_SEQ_SAME(seq_analysis_item_t, sh_seq_item, dst_addr);
SH_SEQ_SAME(seq_analysis_item_t, sh_seq_item, port_dst);
SH_SEQ_SAME(seq_analysis_item_t, sh_seq_item, frame_label);
SH_SEQ_SAME(seq_analysis_item_t, sh_seq_item, time_str);
SH_SEQ_SAME(seq_analysis_item_t, sh_seq_item, comment);
SH_SEQ_SAME(seq_analysis_item_t, sh_seq_item, conv_num);
SH_SEQ_SAME(seq_analysis_item_t, sh_seq_item, fg_color);
SH_SEQ_SAME(seq_analysis_item_t, sh_seq_item, bg_color);
SH_SEQ_SAME(seq_analysis_item_t, sh_seq_item, has_color_filter);
SH_SEQ_SAME(seq_analysis_item_t, sh_seq_item, display);
SH_SEQ_SAME(seq_analysis_item_t, sh_seq_item, src_node);
SH_SEQ_SAME(seq_analysis_item_t, sh_seq_item, dst_node);
SH_SEQ_SAME(seq_analysis_item_t, sh_seq_item, line_style);
SH_SEQ_SAME(seq_analysis_item_t, sh_seq_item, info_type);
SH_SEQ_SAME(seq_analysis_item_t, sh_seq_item, info_ptr);
_Static_assert(sizeof(struct sh_seq_item) <= sizeof(seq_analysis_item_t),
               "seqanalysis.h: sh_seq_item is larger than seq_analysis_item_t");

SH_SEQ_SAME(seq_analysis_info_t, sh_seq_info, name);
SH_SEQ_SAME(seq_analysis_info_t, sh_seq_info, any_addr);
SH_SEQ_SAME(seq_analysis_info_t, sh_seq_info, nconv);
SH_SEQ_SAME(seq_analysis_info_t, sh_seq_info, items);
SH_SEQ_SAME(seq_analysis_info_t, sh_seq_info, ht);
_Static_assert(sizeof(struct sh_seq_info) <= sizeof(seq_analysis_info_t),
               "seqanalysis.h: sh_seq_info is larger than seq_analysis_info_t");

#undef SH_SEQ_SAME

#else /* !SH_HAVE_SEQUENCE_ANALYSIS_H */

typedef struct sh_seq_item seq_analysis_item_t;
typedef struct sh_seq_info seq_analysis_info_t;

/* The layout measured from the libraries' code (64-bit targets). */
#if GLIB_SIZEOF_VOID_P == 8
#if SH_WS_AT_LEAST(4, 4)
#define SH_SEQ_DISPLAY_AT 0x6d
#define SH_SEQ_ITEM_SIZE 0x88   /* the library's: 0x88 in 4.4, 0x90 in 4.6 */
#else
#define SH_SEQ_DISPLAY_AT 0x70
#define SH_SEQ_ITEM_SIZE 0x90   /* the library's: 0x90 in 4.0 */
#endif
_Static_assert(offsetof(seq_analysis_item_t, display) == SH_SEQ_DISPLAY_AT,
               "seqanalysis.h: display is not where the library writes it");
_Static_assert(sizeof(seq_analysis_item_t) == SH_SEQ_ITEM_SIZE,
               "seqanalysis.h: the stand-in item does not end where the library's info_ptr does");
_Static_assert(offsetof(seq_analysis_info_t, items) == 0x10,
               "seqanalysis.h: items is not where the library reads it");
#undef SH_SEQ_DISPLAY_AT
#undef SH_SEQ_ITEM_SIZE
#endif

WS_DLL_PUBLIC void register_seq_analysis(const char *name, const char *ui_name, const int proto_id,
                                         const char *tap_listener, guint tap_flags, tap_packet_cb tap_func);
WS_DLL_PUBLIC seq_analysis_item_t *sequence_analysis_create_sai_with_addresses(packet_info *pinfo,
                                                                               seq_analysis_info_t *sainfo);
WS_DLL_PUBLIC void sequence_analysis_use_color_filter(packet_info *pinfo, seq_analysis_item_t *sai);

#endif /* !SH_HAVE_SEQUENCE_ANALYSIS_H */

#endif
