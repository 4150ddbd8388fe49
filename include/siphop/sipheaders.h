/* sipheaders.h - small SIP header parsers for what Wireshark does not split.
 *
 * - Warning (RFC 3261 20.43): Wireshark gives one string.
 * - Session-ID (RFC 7989): the local UUID links legs across a B2BUA.
 * - CSeq/RAck numbers, Status-Line reason, name-addr host and tag.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_SIPHEADERS_H
#define SIPHOP_SIPHEADERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "siphop/strview.h"

typedef struct sh_warning {
    unsigned code;   /* 3 digits, 0 when unparsable */
    sh_str agent;    /* warn-agent: host[:port] or pseudonym */
    sh_str text;     /* warn-text without the quotes (escapes left as is) */
} sh_warning;

/* Parse the first warning-value of a Warning header value. Returns false
 * (and zeroes *out*) when there is no 3-digit code. */
bool sh_warning_parse(sh_str value, sh_warning *out);

/* Extract the local UUID of a Session-ID value ("<32 hex>[;params]").
 * Writes 32 lower-case hex digits and a NUL into out[33]. Returns false for
 * anything that is not 32 hex digits, and for the null UUID (all zeros),
 * which RFC 7989 uses for "not yet known" and must never link two calls. */
bool sh_session_id_local(sh_str value, char out[33]);

/* Reason phrase of a Status-Line value ("SIP/2.0 500 Internal Server Error"
 * or "500 Internal ..."): the text after the code. Empty when absent. */
sh_str sh_status_line_reason(sh_str status_line);

/* Host of a name-addr / addr-spec (To, From, Request-URI):
 * "\"x\" <sip:user@Host:5060;transport=tls>;tag=1" -> "Host".
 * Handles sip:, sips:, tel: (returns empty), IPv6 in brackets (returned
 * without them), no user part. Empty when none found. */
sh_str sh_uri_host(sh_str name_addr);

/* The tag parameter of a To/From value (outside the <>), empty if none. */
sh_str sh_nameaddr_tag(sh_str name_addr);

/* The URI of a From or To value, without display name, scheme or
 * parameters: "\"Alice\" <sip:alice@example.com;transport=tls>;tag=1" ->
 * "alice@example.com". A view into *v*. */
sh_str sh_uri_of(sh_str v);

/* A header value fit for a table cell: trimmed, at most *max* bytes, valid
 * UTF-8 (U+FFFD for bad bytes), control characters as spaces. Free it with
 * g_free. */
char *sh_cell_text(sh_str v, size_t max);

/* The host of the Request-URI on the start line at the start of *bytes*
 * (a request), empty for a response or a start line without one. */
sh_str sh_ruri_host_of(sh_str bytes);

#endif
