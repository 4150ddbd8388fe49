/* test_arena.c - the tracker's memory: arena pieces and indexed pools (arena.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>

#include <string.h>

#include "siphop/arena.h"

#include "check.h"

typedef struct obj {
    uint64_t key;
    uint32_t number;
    char text[20];
} obj;

static void test_arena_pieces(void)
{
    sh_arena *a = sh_arena_new();
    char *small = sh_arena_alloc0(a, 3);
    char *next = sh_arena_alloc0(a, 8);
    char *large = sh_arena_alloc0(a, 100000);   /* a block of its own */

    CHECK(((uintptr_t)small & 7) == 0 && ((uintptr_t)next & 7) == 0);
    CHECK(next >= small + 8);                    /* rounded up, no overlap */
    CHECK(large[0] == 0 && large[99999] == 0);   /* zeroed */
    sh_arena_free(a);
    sh_arena_free(NULL);
}

static void test_pool_numbers_and_stability(void)
{
    sh_pool *p = sh_pool_new(sizeof(obj));
    obj *first;

    CHECK(sh_pool_len(p) == 0);
    CHECK(sh_pool_at(p, 0) == NULL);
    first = sh_pool_add(p);
    CHECK(first && first->key == 0 && first->text[19] == 0);   /* zeroed */
    first->number = 0;
    /* Across many blocks: each object keeps its place and its number. */
    for (uint32_t i = 1; i < 5000; i++) {
        obj *o = sh_pool_add(p);
        CHECK(sh_pool_len(p) == i + 1);
        o->number = i;
        o->key = (uint64_t)i * 7919;
    }
    CHECK(sh_pool_at(p, 0) == first);
    unsigned wrong = 0;
    for (uint32_t i = 0; i < 5000; i++) {
        const obj *o = sh_pool_at(p, i);
        if (!o || o->number != i || o->key != (uint64_t)i * 7919)
            wrong++;
    }
    CHECK(wrong == 0);
    CHECK(sh_pool_at(p, 5000) == NULL);
    CHECK(sh_pool_at(p, UINT32_MAX) == NULL);
    /* Distinct objects never overlap, also across a block's end. */
    CHECK((char *)sh_pool_at(p, 256) != (char *)sh_pool_at(p, 255));
    CHECK((char *)sh_pool_at(p, 2) - (char *)sh_pool_at(p, 1) == (ptrdiff_t)sizeof(obj));
    sh_pool_free(p);
    sh_pool_free(NULL);
}

int main(void)
{
    test_arena_pieces();
    test_pool_numbers_and_stability();
    return check_report();
}
