/* cache.h - what siphop keeps of each SIP message for the whole file.
 *
 * The first pass computes a result per SIP message; every pass redraws from
 * it. A file's records sit in blocks, appended in frame order on the first
 * pass (which visits frames in order); a frame's records are found by binary
 * search on the frame number and have consecutive indices. No allocation and
 * no proto data per frame, nothing for frames without SIP, 12 bytes per
 * message: at hundreds of thousands of calls these records are a large part
 * of siphop's memory.
 */
#ifndef SIPHOP_CACHE_H
#define SIPHOP_CACHE_H

#include <glib.h>

#include "siphop/describe.h"
#include "siphop/tracker.h"

/* One SIP message as drawn on a pass: rebuilt from its record. */
typedef struct msg_record {
    sh_result r;
    sh_msg_brief brief;    /* method points at static or file-lifetime text */
    int start;             /* bytes in the frame tvb, -1 if elsewhere */
    int length;
} msg_record;

/* Start empty for a file whose results come from *tracker* (borrowed). */
void siphop_cache_reset(const sh_tracker *tracker);
void siphop_cache_free(void);

/* Index of the frame's first record and how many it has (0: none); the
 * others follow it at index + 1, + 2, ... */
guint siphop_cache_find(uint32_t frame, guint *count);

/* Frame number of the last record, 0 when empty: the first pass appends
 * only frames after it. */
uint32_t siphop_cache_last_frame(void);

/* Append a message's result; *frame_length* is the frame's captured length
 * (a message that ends with it needs no length of its own). *skipped*, given with the frame's first
 * message (0 with the others), counts the frame's SIP messages that were
 * not analysed. */
void siphop_cache_append(uint32_t frame, int frame_length, const msg_record *mr, unsigned skipped);

/* The record at *index*, and the frame's skipped count when it is its first;
 * *frame_length* as given to siphop_cache_append(). */
void siphop_cache_load(guint index, int frame_length, msg_record *mr, unsigned *skipped);

#endif
