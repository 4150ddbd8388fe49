/* framecache.h - what an adapter keeps of each SIP message for the whole file.
 *
 * The first pass computes a result per SIP message; every pass redraws from
 * it. A file's records sit in blocks, appended in frame order on the first
 * pass (which visits frames in order); a frame's records are found by binary
 * search on the frame number and have consecutive indices. No allocation and
 * no proto data per frame, nothing for frames without SIP, 12 bytes per
 * message: at hundreds of thousands of calls these records are a large part
 * of siphop's memory.
 *
 * What a record keeps exactly: the result's call and transaction (as the
 * tracker's handles), flags, hop, Via count, duplicate kind and first frame,
 * SDP role, hops missing, orphan failure; the message's method (the common
 * ones by name, up to 240 others by their first 32 characters, beyond that
 * "?") or status (SIP's 100..699; any up to 1023); where its bytes start in
 * the frame and how long they are; the frame's count of skipped messages
 * (saturating at 65535).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_FRAMECACHE_H
#define SIPHOP_FRAMECACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "siphop/describe.h"
#include "siphop/tracker.h"

/* One SIP message as drawn on a pass: rebuilt from its record. */
typedef struct sh_msgrec {
    sh_result r;
    sh_msg_brief brief;    /* method points at static text or text the cache
                              owns (valid until sh_framecache_free) */
    int start;             /* bytes in the frame, -1 if elsewhere */
    int length;            /* 0 when elsewhere */
} sh_msgrec;

typedef struct sh_framecache sh_framecache;

/* An empty cache for a file whose results come from *t* (borrowed: it must
 * outlive the cache, and its calls and transactions are what records name). */
sh_framecache *sh_framecache_new(const sh_tracker *t);
void sh_framecache_free(sh_framecache *fc);   /* NULL: nothing */

/* The frame's records: the index of its first and how many it has in
 * *count*; the others follow it at index + 1, + 2, ... With *count* 0 (no
 * records; also for a NULL cache) the index means nothing, and it is not
 * where records appended later for the frame go: look them up again.
 * O(1) when frames are looked up in order (a cursor keeps where the last
 * lookup ended), O(log n) otherwise. */
unsigned sh_framecache_find(sh_framecache *fc, uint32_t frame, unsigned *count);

/* Frame number of the last record, 0 when empty (or NULL): appends come
 * for this frame or later ones. */
uint32_t sh_framecache_last_frame(const sh_framecache *fc);

/* Append a message's result. *frame_length* is the frame's captured length
 * (a message that ends with it needs no length of its own). *skipped*,
 * given with the frame's first message (0 with the others), counts the
 * frame's SIP messages that were not analysed. A result with a transaction
 * must have that transaction's call (mr->r.call == mr->r.txn->call): only
 * the transaction is kept. False, and nothing stored, for a frame before
 * the last one appended (records go in frame order). */
bool sh_framecache_append(sh_framecache *fc, uint32_t frame, int frame_length, const sh_msgrec *mr,
                          unsigned skipped);

/* The record at *slot* (first + i, for the first and count a lookup gave,
 * i < count), and the frame's skipped count when it was given with this
 * record (else 0); *frame_length* as given to sh_framecache_append(). */
void sh_framecache_load(const sh_framecache *fc, unsigned slot, int frame_length, sh_msgrec *mr,
                        unsigned *skipped);

#endif
