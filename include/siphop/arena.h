/* arena.h - memory for objects that live as long as their owner.
 *
 * The tracker never frees a transaction, call, segment or link before the
 * file closes, and keeps hundreds of thousands of them: one malloc each
 * cost 16 bytes of header apiece and scattered them over the heap. An arena
 * hands out zeroed pieces of large blocks and frees them all at once.
 * (GLib's GStringChunk does this for strings only.)
 */
#ifndef SIPHOP_ARENA_H
#define SIPHOP_ARENA_H

#include <stddef.h>

typedef struct sh_arena sh_arena;

sh_arena *sh_arena_new(void);

/* A zeroed, 8-byte aligned piece of *size* bytes, valid until
 * sh_arena_free(). Never NULL (aborts on out-of-memory, as g_malloc). */
void *sh_arena_alloc0(sh_arena *a, size_t size);

void sh_arena_free(sh_arena *a);

#endif
