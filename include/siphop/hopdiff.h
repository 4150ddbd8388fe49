/* hopdiff.h - what a hop changed in the INVITE it passed on.
 *
 * sngrep users put two messages side by side; siphop says in one line what
 * the node between two hops changed: Vias, Max-Forwards, Record-Route,
 * Request-URI, Contact, SDP, the headers added or removed, a new Call-ID (a
 * B2BUA leg). The adapter keeps a compact "shape" of every initial INVITE
 * (sh_hopshape_new, from the message's bytes) and words the difference
 * between a leg's INVITE and its upstream leg's (sh_hopshape_diff).
 *
 * A shape is one allocation of 48 bytes plus the Request-URI as shown (at
 * most SH_HOPSHAPE_URI_SHOWN bytes) plus the names of the headers it has
 * that are not in the built-in table of common SIP and Cisco headers (one
 * length byte and at most SH_HOPSHAPE_NAME_KEPT bytes each): a Cisco INVITE
 * takes 100 to 130 bytes. Whatever the input, at most
 * SH_HOPSHAPE_MAX_NAMES distinct header names are kept, so a shape never
 * exceeds 48 + 40 + 64 * 33 bytes. Building one is linear in the message.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_HOPDIFF_H
#define SIPHOP_HOPDIFF_H

#include <stddef.h>

#include "siphop/describe.h"   /* SH_TEXT_FIT */
#include "siphop/strview.h"

typedef struct sh_hopshape sh_hopshape;

/* Distinct header names kept per shape; beyond them the names are not
 * compared (the text says so). */
#define SH_HOPSHAPE_MAX_NAMES 64
/* The Request-URI as shown: longer ones keep their start and end around
 * "..." (compared in full all the same, by digest). */
#define SH_HOPSHAPE_URI_SHOWN 40
/* A header name not in the table keeps at most this many bytes (longer
 * ones are compared on those bytes). */
#define SH_HOPSHAPE_NAME_KEPT 32

/* The shape of the SIP request at the start of *bytes* (its framing as in
 * sh_msg_parse: the blank line, then Content-Length body bytes). Never
 * NULL; any bytes give a shape (garbage gives an empty one). Keeps no
 * pointer into *bytes*. Free with sh_hopshape_free. */
sh_hopshape *sh_hopshape_new(sh_str bytes);
void sh_hopshape_free(sh_hopshape *s);   /* NULL is fine */

/* Bytes allocated for *s* (without the allocator's own overhead). */
size_t sh_hopshape_size(const sh_hopshape *s);

/* What changed from *up* (the previous hop's INVITE) to *down* (this
 * hop's), written into buf (NUL-terminated, at most SH_TEXT_FIT bytes and
 * at most size - 1; a longer text is cut after a whole item where one ends
 * late enough, else on a character boundary, and ends with "..."). Returns
 * buf; "" when nothing changed. ASCII only (other bytes of the message are
 * shown as '?'). Items in this order, separated by "; ":
 *
 *   Call-ID changed                       (a B2BUA's new leg)
 *   Request-URI sip:a@x -> sip:a@y
 *   Via +1 (3)                            (change, then this hop's count)
 *   Max-Forwards 70 -> 69 | Max-Forwards added (70) | Max-Forwards removed
 *   Record-Route +1 (2)
 *   Contact changed | Contact added | Contact removed
 *   SDP added | SDP removed               (not when a message without SDP
 *                                          is cut short: unknown)
 *   added: A, B                           (other header names, in
 *   removed: C                             case-insensitive order, compact
 *                                          forms read as their full names)
 *   header names not compared (over 64)   (one of them has more names
 *                                          than are kept, unless both
 *                                          have and the kept ones agree)
 *
 * Header names are compared as a set: a header repeated more or fewer
 * times is no change (Via and Record-Route are counted instead). */
const char *sh_hopshape_diff(const sh_hopshape *up, const sh_hopshape *down, char *buf, size_t size);

#endif
