/* message.h - one SIP message's start line and headers, read from its bytes.
 *
 * Wireshark's SIP dissector finds the messages (UDP datagrams, reassembled
 * and decrypted TCP/TLS streams, exported PDUs); the adapter hands each
 * message's bytes here. Reading the header lines in one pass costs a
 * fraction of having Wireshark build string fields for them: priming the
 * thirteen sip.* string fields siphop used to read added 4.5% to all of
 * tshark's work on a first pass that otherwise builds no tree
 * (bench/RESULTS.md). The fields Wireshark has no field for (Expressway Via
 * parameters, Cisco-Guid, X-Call-ID) come from the same pass.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_MESSAGE_H
#define SIPHOP_MESSAGE_H

#include <stddef.h>

#include "siphop/msg.h"
#include "siphop/offer.h"
#include "siphop/strview.h"
#include "siphop/via.h"

/* Parse the SIP message at the start of *bytes* into *m* and *body*, both
 * cleared first: the start line, identity, Via, destination, correlation,
 * Warning/Server and body_cut parts of *m*, and the header parts of *body*
 * (content type and length, the body bytes). The caller adds the rest
 * (where and when it was seen, has_sdp, fingerprint). At most *max_vias* Vias of a
 * request, and the top one of a response, are parsed into vias[] (m->vias
 * points there, may be NULL when max_vias is 0); m->via_total counts all.
 *
 * Returns the message's length: up to the blank line plus Content-Length
 * body bytes, never more than bytes.len; without a blank line or a usable
 * Content-Length, bytes.len. m->body_cut is set when bytes.len falls short
 * of that (no blank line, or fewer body bytes than Content-Length), so
 * *bytes* must end where the next message starts, or where the data does.
 * Every view points into *bytes*. Linear in bytes.len for any input;
 * header lines after the blank line are body.
 *
 * First occurrence wins for single-valued headers; every Via line counts,
 * in order. Compact forms (v, i, f, t, c, l) are understood, folded lines
 * belong to the header they continue, LF-only line ends are accepted. */
size_t sh_msg_parse(sh_str bytes, sh_msg *m, sh_via *vias, size_t max_vias, sh_body_info *body);

/* The value of the first header called *name* (or by its compact form,
 * 0 for none) among the headers of the message at the start of *bytes*,
 * trimmed, with its folded lines; empty when absent. For the rare header
 * sh_msg_parse does not read (Contact, Route, Date for the log readers). */
sh_str sh_msg_header_value(sh_str bytes, const char *name, char compact);

#endif
