/* spill.h - a temporary file of length-prefixed items, written once in
 * order and then read back at any offset.
 *
 * siphop-import reads a diagnostic bundle (or a directory) once, member
 * after member, and puts what each member holds (SIP records, capture
 * interfaces and packets) here, in member order. The k-way merge then keeps
 * per member only where its items are in this file and the time of its next
 * item, and reads an item with pread() when it is its turn. One file, one
 * descriptor, whatever the number of members.
 *
 * The file is created with tmpfile() (in the system's temporary directory,
 * already unlinked: nothing is left behind, even after a crash).
 *
 * An item: u32 payload length, u32 type, i64 time (ns), then the payload;
 * native byte order (the file never leaves this process).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_SPILL_H
#define SIPHOP_SPILL_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct spill spill;

typedef struct spill_item {
    uint32_t type;
    int64_t time_ns;
    uint64_t off;        /* of the item's header */
    uint32_t len;        /* payload bytes */
    uint64_t next;       /* offset of the item after it */
} spill_item;

/* NULL with a message in err when no temporary file can be created. */
spill *spill_new(char *err, size_t errlen);
void spill_free(spill *s);

/* Where the next item will go. */
uint64_t spill_end(const spill *s);

/* Append an item. False on a write error (spill_error()). */
bool spill_put(spill *s, uint32_t type, int64_t time_ns, const void *payload, size_t len);

/* Done writing: flush. False on a write error. */
bool spill_finish(spill *s);

/* The header of the item at off. False on a read error. */
bool spill_head(spill *s, uint64_t off, spill_item *it);

/* The payload of an item into buf (replacing its contents). */
bool spill_payload(spill *s, const spill_item *it, GByteArray *buf);

const char *spill_error(const spill *s);

#endif
