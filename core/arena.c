/* arena.c - bump allocation in large blocks (see arena.h). */
#include "siphop/arena.h"

#include <glib.h>

#define BLOCK_SIZE (64 * 1024)

struct sh_arena {
    GPtrArray *blocks;   /* owned */
    char *next;          /* free space in the current block */
    size_t left;
};

sh_arena *sh_arena_new(void)
{
    sh_arena *a = g_new0(sh_arena, 1);
    a->blocks = g_ptr_array_new_with_free_func(g_free);
    return a;
}

void *sh_arena_alloc0(sh_arena *a, size_t size)
{
    void *p;

    size = (size + 7) & ~(size_t)7;
    if (size > BLOCK_SIZE / 4) {
        /* Large: a block of its own, the current one stays in use. */
        p = g_malloc0(size);
        g_ptr_array_add(a->blocks, p);
        return p;
    }
    if (size > a->left) {
        a->next = g_malloc0(BLOCK_SIZE);
        a->left = BLOCK_SIZE;
        g_ptr_array_add(a->blocks, a->next);
    }
    p = a->next;
    a->next += size;
    a->left -= size;
    return p;
}

void sh_arena_free(sh_arena *a)
{
    if (!a)
        return;
    g_ptr_array_free(a->blocks, TRUE);
    g_free(a);
}
