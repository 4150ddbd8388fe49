/* plugin.c - the entry points Wireshark looks for in a plugin .so.
 *
 * Wireshark's own plugins get this file generated; an out-of-tree plugin
 * writes it by hand. plugin_describe() exists from 4.2 on.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <gmodule.h>
#include <epan/packet.h>
#include <epan/proto.h>

#include "compat.h"

#ifndef SIPHOP_VERSION
#define SIPHOP_VERSION "0.0.0"
#endif

void proto_register_siphop(void);
void proto_reg_handoff_siphop(void);

WS_DLL_PUBLIC_DEF const gchar plugin_version[] = SIPHOP_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);
#if SH_WS_AT_LEAST(4, 2)
WS_DLL_PUBLIC uint32_t plugin_describe(void);
#endif

void plugin_register(void)
{
    static proto_plugin plug;

    plug.register_protoinfo = proto_register_siphop;
    plug.register_handoff = proto_reg_handoff_siphop;
    proto_register_plugin(&plug);
}

#if SH_WS_AT_LEAST(4, 2)
uint32_t plugin_describe(void)
{
    return WS_PLUGIN_DESC_DISSECTOR;
}
#endif
