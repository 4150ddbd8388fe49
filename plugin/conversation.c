/* conversation.c - the "SIP call (all hops)" conversation filter.
 *
 * Right-click a SIP message > Conversation Filter (or Colorize
 * Conversation) > SIP call (all hops): the filter siphop.call == N keeps
 * every message of the call on every hop, where the TCP and UDP ones stop
 * at one leg. Wireshark asks the filter about the packet it has just
 * dissected for the window (packet_info of the selected packet); its call
 * comes from the per-frame cache, as on every pass after the first.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <epan/packet.h>
#include <epan/conversation_filter.h>

#include "compat.h"
#include "extras.h"

/* The callbacks take a user_data argument from 4.2 on (4.0: none; 4.4 and
 * 4.6: user_data, checked against their headers) and return bool instead of
 * gboolean from 4.4 on. */
#if SH_WS_AT_LEAST(4, 2)
#define SH_CONV_ARGS packet_info *pinfo, void *user_data _U_
#else
#define SH_CONV_ARGS packet_info *pinfo
#endif
#if SH_WS_AT_LEAST(4, 4)
typedef bool sh_conv_bool;
#else
typedef gboolean sh_conv_bool;
#endif

#define MAX_CALLS_IN_FILTER 8   /* distinct calls of one frame named in the filter */

/* The distinct call numbers of the frame's SIP messages, in message order;
 * how many (0: no siphop data, or no tracked call). */
static unsigned frame_calls(const packet_info *pinfo, uint32_t *calls)
{
    sh_framecache *frames = siphop_frames();
    guint n = 0, first;
    unsigned found = 0;

    if (!pinfo || !pinfo->fd)
        return 0;
    first = sh_framecache_find(frames, pinfo->num, &n);   /* none without a file */
    for (guint i = 0; i < n && found < MAX_CALLS_IN_FILTER; i++) {
        sh_msgrec mr;
        unsigned skipped, j;
        sh_framecache_load(frames, first + i, (int)pinfo->fd->cap_len, &mr, &skipped);
        if (!mr.r.call || mr.r.call->number == 0)
            continue;
        for (j = 0; j < found && calls[j] != mr.r.call->number; j++)
            ;
        if (j == found)
            calls[found++] = mr.r.call->number;
    }
    return found;
}

static sh_conv_bool call_filter_valid(SH_CONV_ARGS)
{
    uint32_t calls[MAX_CALLS_IN_FILTER];
    return frame_calls(pinfo, calls) > 0;
}

/* "siphop.call == 3"; a frame carrying messages of several calls names
 * them all ("siphop.call == 3 || siphop.call == 4"). g_free'd by Wireshark. */
static char *call_filter_build(SH_CONV_ARGS)
{
    uint32_t calls[MAX_CALLS_IN_FILTER];
    unsigned n = frame_calls(pinfo, calls);
    GString *s;

    if (n == 0)
        return NULL;
    s = g_string_new(NULL);
    for (unsigned i = 0; i < n; i++)
        g_string_append_printf(s, "%ssiphop.call == %u", i ? " || " : "", calls[i]);
    return g_string_free(s, FALSE);
}

void siphop_conversation_register(void)
{
#if SH_WS_AT_LEAST(4, 2)
    register_conversation_filter("siphop", "SIP call (all hops)", call_filter_valid, call_filter_build, NULL);
#else
    register_conversation_filter("siphop", "SIP call (all hops)", call_filter_valid, call_filter_build);
#endif
}
