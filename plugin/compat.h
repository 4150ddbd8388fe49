/* compat.h - the few Wireshark API differences between 4.0 and 4.6.
 *
 * Everything version-dependent in the adapter goes through this file, so
 * the rest reads as plain current Wireshark code.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_COMPAT_H
#define SIPHOP_COMPAT_H

#include <ws_version.h>

#define SH_WS_AT_LEAST(maj, min) \
    (WIRESHARK_VERSION_MAJOR > (maj) || \
     (WIRESHARK_VERSION_MAJOR == (maj) && WIRESHARK_VERSION_MINOR >= (min)))

/* plugin_describe() and its WS_PLUGIN_DESC_* flags: 4.2 on (plugin.c). */
#if SH_WS_AT_LEAST(4, 2)
#include <wsutil/plugins.h>
#endif

/* field_info.value became a pointer in 4.2. */
#if SH_WS_AT_LEAST(4, 2)
#define SH_FI_VALUE(fi) ((fi)->value)
#else
#define SH_FI_VALUE(fi) (&(fi)->value)
#endif

/* Boolean preferences take bool* from 4.4 (gboolean* before). */
#if SH_WS_AT_LEAST(4, 4)
typedef bool sh_pref_bool;
#else
typedef gboolean sh_pref_bool;
#endif

/* Flow graph items (seqanalysis.h): their gboolean members are bool from 4.4. */
#if SH_WS_AT_LEAST(4, 4)
#define SH_SEQ_BOOL bool
#else
#define SH_SEQ_BOOL gboolean
#endif

#endif
