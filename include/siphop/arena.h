/* arena.h - memory for objects that live as long as their owner.
 *
 * The tracker never frees a transaction, call, segment or link before the
 * file closes, and keeps hundreds of thousands of them: one malloc each
 * cost 16 bytes of header apiece and scattered them over the heap. An arena
 * hands out zeroed pieces of large blocks and frees them all at once.
 * (GLib's GStringChunk does this for strings only.)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_ARENA_H
#define SIPHOP_ARENA_H

#include <stddef.h>
#include <stdint.h>

typedef struct sh_arena sh_arena;

sh_arena *sh_arena_new(void);

/* A zeroed, 8-byte aligned piece of *size* bytes, valid until
 * sh_arena_free(). Never NULL (aborts on out-of-memory, as g_malloc). */
void *sh_arena_alloc0(sh_arena *a, size_t size);

void sh_arena_free(sh_arena *a);

/* An indexed pool: objects of one size numbered 0, 1, 2, ... in the order
 * they were added, found by number without keeping a pointer per object
 * (a table of pointers would cost 8 bytes an object, more while it grows).
 * Objects never move and live until sh_pool_free(). */
typedef struct sh_pool sh_pool;

sh_pool *sh_pool_new(size_t size);

/* A new zeroed object; its number is sh_pool_len() before the call. */
void *sh_pool_add(sh_pool *p);

/* Object *i*, NULL when there is none. */
void *sh_pool_at(const sh_pool *p, uint32_t i);

uint32_t sh_pool_len(const sh_pool *p);

void sh_pool_free(sh_pool *p);

#endif
