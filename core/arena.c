/* arena.c - bump allocation in large blocks, and indexed pools (see arena.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
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

/* ---- indexed pools ------------------------------------------------------ */

#define POOL_SHIFT 8   /* objects per block: 256 */
#define POOL_BLOCK (1u << POOL_SHIFT)

struct sh_pool {
    GPtrArray *blocks;   /* owned, POOL_BLOCK objects each */
    size_t size;
    uint32_t len;
};

sh_pool *sh_pool_new(size_t size)
{
    sh_pool *p = g_new0(sh_pool, 1);
    p->blocks = g_ptr_array_new_with_free_func(g_free);
    p->size = size;
    return p;
}

void *sh_pool_add(sh_pool *p)
{
    uint32_t i = p->len & (POOL_BLOCK - 1);

    if (i == 0)
        g_ptr_array_add(p->blocks, g_malloc0_n(POOL_BLOCK, p->size));
    p->len++;
    return (char *)g_ptr_array_index(p->blocks, p->blocks->len - 1) + (size_t)i * p->size;
}

void *sh_pool_at(const sh_pool *p, uint32_t i)
{
    if (i >= p->len)
        return NULL;
    return (char *)g_ptr_array_index(p->blocks, i >> POOL_SHIFT) + (size_t)(i & (POOL_BLOCK - 1)) * p->size;
}

uint32_t sh_pool_len(const sh_pool *p)
{
    return p->len;
}

void sh_pool_free(sh_pool *p)
{
    if (!p)
        return;
    g_ptr_array_free(p->blocks, TRUE);
    g_free(p);
}
