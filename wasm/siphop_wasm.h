/* siphop_wasm.h - the analysis API of siphop-core.wasm, for the browser page.
 *
 * The page (web/) dissects captures with wiregasm (Wireshark in wasm) and
 * hands each "sip" item to this API, as plugin/extract.c hands it to the
 * core inside Wireshark; after the last one, shw_report() says in JSON what
 * the plugin shows on a second pass (tshark -2): per message its call, hop
 * and label, per call its verdict, class, cause, fix and hops. Every
 * sentence comes from the core (core/describe.c).
 *
 * Plain C exports (no embind): call them with ccall/cwrap or as Module._shw_*;
 * strings are UTF-8, NUL-terminated, in wasm memory. The message bytes are
 * not kept: JS has them; only small records per message, call and leg are.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_WASM_H
#define SIPHOP_WASM_H

#include <stdint.h>

/* A new analysis: one capture (or several merged), messages in capture
 * order. *eo_domains*: the early-offer-only destinations (as the plugin's
 * preference siphop.eo_domains); "" or NULL for the default
 * (SH_DEFAULT_EO_DOMAINS). Limits are the plugin's defaults. Returns the
 * session's handle (never 0). */
uint32_t shw_new(const char *eo_domains);

/* One SIP message, as Wireshark's "sip" item gave it:
 *   frame       1-based frame number
 *   epoch_sec   capture time, whole seconds since the epoch (a double so
 *               that JS passes it as is; a fraction is ignored), and
 *   nsec        its nanoseconds (0..999999999)
 *   point       the capture point: frame.interface_id
 *   src, dst    "addr:port" (IPv6 in brackets), "" or NULL when unknown
 *   bytes, len  the message; may run on past it (the core frames it)
 *   sdp_dissected  Wireshark's SDP dissector ran inside this message
 * Returns 0; -1 when the bytes are no SIP message (counted: counts.not_sip);
 * 1 for a frame's 65th message and later, not analysed (as the plugin's
 * limit; counted: counts.skipped). A frame's messages come one after the
 * other. */
int shw_message(uint32_t s, uint32_t frame, double epoch_sec, uint32_t nsec, uint32_t point, const char *src,
                const char *dst, const uint8_t *bytes, uint32_t len, int sdp_dissected);

/* The analysis as JSON (wasm/README.md): what is known after the last
 * message, as on a second pass. Valid until the next shw_report() or
 * shw_free() of the session; NULL for an unknown handle. */
const char *shw_report(uint32_t s);

/* Free the session; an unknown handle is ignored. */
void shw_free(uint32_t s);

#endif
