/* plugin.c - the entry points Wireshark looks for in a file-type (wiretap)
 * plugin .so: siphop_logreader.so in plugins/<major.minor>/wiretap/.
 *
 * Built only against Wireshark 4.6 and later, the first versions whose
 * development headers include wiretap/wtap_module.h (struct wtap), which a
 * file reader needs.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <gmodule.h>
#include <wiretap/wtap.h>
#include <wsutil/plugins.h>

#include "logreader.h"

#ifndef SIPHOP_VERSION
#define SIPHOP_VERSION "0.0.0"
#endif

WS_DLL_PUBLIC_DEF const char plugin_version[] = SIPHOP_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);
WS_DLL_PUBLIC uint32_t plugin_describe(void);

void plugin_register(void)
{
    static wtap_plugin plug;

    plug.register_wtap_module = siphop_logreader_register;
    wtap_register_plugin(&plug);
}

uint32_t plugin_describe(void)
{
    return WS_PLUGIN_DESC_FILE_TYPE;
}
