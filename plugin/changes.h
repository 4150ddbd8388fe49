/* changes.h - siphop.changes: what each hop changed in the INVITE.
 *
 * On the first pass the post-dissector hands every INVITE to
 * siphop_changes_learn(): the first sighting of an initial INVITE leaves
 * its shape (core/hopdiff.c, 80 to 130 bytes for a Cisco INVITE) for the
 * legs downstream of it, and a leg with an upstream leg gets the
 * difference from that leg's INVITE as text. Every pass draws that text
 * from siphop_changes_of(), for the leg, on its INVITE and the INVITE's
 * retransmissions and copies alike.
 *
 * The text is "" when the two INVITEs differ in nothing compared (the
 * field is then shown empty), NULL when nothing was compared: a first
 * leg, a re-INVITE, or an upstream leg whose INVITE came more than
 * SIPHOP_CHANGES_KEEP_NS earlier (its shape is gone, below). Texts are
 * interned: legs through the same nodes share a handful of them.
 *
 * Memory: 4 bytes per leg (the number of its text), the distinct texts
 * (at most SH_TEXT_FIT bytes each; calls that change the Request-URI each
 * their own way each add one), and the shapes of the INVITEs of the last
 * SIPHOP_CHANGES_KEEP_NS of capture time only (a downstream leg follows its
 * upstream INVITE within moments).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_CHANGES_H
#define SIPHOP_CHANGES_H

#include <stddef.h>
#include <stdint.h>

#include "siphop/strview.h"
#include "siphop/tracker.h"

/* How long a shape is kept after its INVITE, in capture time: RFC 3261
 * Timer B (64 x T1 = 32 s), the longest an INVITE client transaction
 * waits on one next hop before the proxy or B2BUA tries another. */
#define SIPHOP_CHANGES_KEEP_NS (INT64_C(32) * 1000000000)

/* Start empty for a new file (the init routine); drop everything (the
 * cleanup routine). Init after cleanup, or twice, is fine. */
void siphop_changes_init(void);
void siphop_changes_cleanup(void);

/* The INVITE request in frame *frame*, captured at *time_ns* (sh_msg.time_ns),
 * whose bytes are *invite_bytes* (borrowed for this call only), processed
 * by the tracker into leg *x* (may be NULL: untracked). Call it in capture
 * order, first pass only. Returns the leg's text as siphop_changes_of(). */
const char *siphop_changes_learn(uint32_t frame, int64_t time_ns, sh_str invite_bytes, const sh_txn *x);

/* The leg's text (file lifetime), NULL when nothing was compared. */
const char *siphop_changes_of(const sh_txn *x);

/* Bytes held: the live shapes, the per-leg text pointers and the distinct
 * texts (not the allocator's, the queue's or the hash tables' overhead);
 * and how many shapes are live. For measurements and tests. */
size_t siphop_changes_memory(void);
size_t siphop_changes_live_shapes(void);

#endif
