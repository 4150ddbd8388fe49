/* legchanges.h - what each hop changed in the INVITE it passed on, for a
 * whole capture: one text per leg.
 *
 * Fed every INVITE in capture order (first pass): the first sighting of an
 * initial INVITE leaves its shape (hopdiff.h, 80 to 130 bytes for a Cisco
 * INVITE) for the legs downstream of it, and a leg with an upstream leg
 * gets the difference from that leg's INVITE as text. The text is "" when
 * the two INVITEs differ in nothing compared, NULL when nothing was
 * compared: a first leg, a re-INVITE, or an upstream leg whose INVITE came
 * more than SH_LEGCHANGES_KEEP_NS earlier (its shape is gone). Texts are
 * interned: legs through the same nodes share a handful of them.
 *
 * Memory: 4 bytes per leg (the number of its text), the distinct texts (at
 * most SH_TEXT_FIT bytes each), and the shapes of the INVITEs of the last
 * SH_LEGCHANGES_KEEP_NS of capture time only (a downstream leg follows its
 * upstream INVITE within moments).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_LEGCHANGES_H
#define SIPHOP_LEGCHANGES_H

#include <stddef.h>
#include <stdint.h>

#include "siphop/strview.h"
#include "siphop/tracker.h"

/* How long a shape is kept after its INVITE, in capture time: RFC 3261
 * Timer B (64 x T1 = 32 s), the longest an INVITE client transaction
 * waits on one next hop before the proxy or B2BUA tries another. */
#define SH_LEGCHANGES_KEEP_NS (INT64_C(32) * 1000000000)

typedef struct sh_legchanges sh_legchanges;

sh_legchanges *sh_legchanges_new(void);
void sh_legchanges_free(sh_legchanges *c);   /* NULL is fine */

/* The INVITE request in frame *frame*, captured at *time_ns*, whose bytes
 * are *invite_bytes* (borrowed for this call only), processed by the
 * tracker into leg *x* (NULL: untracked). In capture order. Returns the
 * leg's text as sh_legchanges_of(). */
const char *sh_legchanges_learn(sh_legchanges *c, uint32_t frame, int64_t time_ns, sh_str invite_bytes,
                                const sh_txn *x);

/* The leg's text (lives as long as *c*), NULL when nothing was compared. */
const char *sh_legchanges_of(const sh_legchanges *c, const sh_txn *x);

/* Bytes held: the live shapes, the per-leg text numbers and the distinct
 * texts (not the allocator's or the tables' overhead); and how many shapes
 * are live. For measurements and tests. */
size_t sh_legchanges_memory(const sh_legchanges *c);
size_t sh_legchanges_live_shapes(const sh_legchanges *c);

#endif
