/* legchanges.c - one change text per leg (legchanges.h).
 *
 * The live shapes form a queue in learning order (capture order), so the
 * expired ones are always at its head: an array with a moving head,
 * compacted when the head has passed half of it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "siphop/legchanges.h"

#include <glib.h>
#include <string.h>

#include "siphop/hopdiff.h"

typedef struct live {
    uint32_t leg;             /* the leg's handle */
    int64_t time_ns;          /* its INVITE's capture time */
    sh_hopshape *shape;
} live;

struct sh_legchanges {
    GArray *texts_by_leg;     /* guint32: 1 + index into text_list; 0: not compared */
    GHashTable *shapes;       /* leg handle + 1 -> live *, owned by `order` */
    GPtrArray *order;         /* live *, in order of learning, from `head` on */
    guint head;
    GHashTable *texts;        /* text -> 1 + its index in text_list */
    GPtrArray *text_list;     /* the distinct texts, owned */
    int64_t latest_ns;        /* the latest capture time seen */
    size_t shape_bytes;       /* of the live shapes */
    size_t text_bytes;
};

static void live_free(live *l)
{
    sh_hopshape_free(l->shape);
    g_free(l);
}

sh_legchanges *sh_legchanges_new(void)
{
    sh_legchanges *c = g_new0(sh_legchanges, 1);

    c->texts_by_leg = g_array_new(FALSE, TRUE, sizeof(guint32));
    c->shapes = g_hash_table_new(g_direct_hash, g_direct_equal);
    c->order = g_ptr_array_new();
    c->texts = g_hash_table_new(g_str_hash, g_str_equal);
    c->text_list = g_ptr_array_new_with_free_func(g_free);
    c->latest_ns = INT64_MIN;
    return c;
}

void sh_legchanges_free(sh_legchanges *c)
{
    if (!c)
        return;
    for (guint i = c->head; i < c->order->len; i++)
        live_free(g_ptr_array_index(c->order, i));
    g_ptr_array_free(c->order, TRUE);
    g_array_free(c->texts_by_leg, TRUE);
    g_hash_table_destroy(c->shapes);
    g_hash_table_destroy(c->texts);
    g_ptr_array_free(c->text_list, TRUE);
    g_free(c);
}

/* 1 + the number of text among the distinct texts. */
static guint32 intern(sh_legchanges *c, const char *text)
{
    guint32 n = GPOINTER_TO_UINT(g_hash_table_lookup(c->texts, text));

    if (!n) {
        char *kept = g_strdup(text);
        g_ptr_array_add(c->text_list, kept);
        n = c->text_list->len;
        g_hash_table_insert(c->texts, kept, GUINT_TO_POINTER(n));
        c->text_bytes += strlen(kept) + 1;
    }
    return n;
}

static const char *text_of(const sh_legchanges *c, guint32 n)
{
    return n ? g_ptr_array_index(c->text_list, n - 1) : NULL;
}

/* Free the shapes learnt more than SH_LEGCHANGES_KEEP_NS before *now*
 * (capture time; a file whose times go backwards keeps them longer). */
static void expire(sh_legchanges *c, int64_t now)
{
    int64_t horizon;
    live *l;

    if (now > c->latest_ns)
        c->latest_ns = now;
    horizon = c->latest_ns >= INT64_MIN + SH_LEGCHANGES_KEEP_NS ? c->latest_ns - SH_LEGCHANGES_KEEP_NS : INT64_MIN;
    while (c->head < c->order->len && (l = g_ptr_array_index(c->order, c->head))->time_ns < horizon) {
        c->head++;
        g_hash_table_remove(c->shapes, GUINT_TO_POINTER(l->leg + 1u));
        c->shape_bytes -= sh_hopshape_size(l->shape);
        live_free(l);
    }
    if (c->head > 64 && c->head > c->order->len / 2) {
        g_ptr_array_remove_range(c->order, 0, c->head);
        c->head = 0;
    }
}

const char *sh_legchanges_learn(sh_legchanges *c, uint32_t frame, int64_t time_ns, sh_str invite_bytes,
                                const sh_txn *x)
{
    const live *up;
    live *l;
    char buf[SH_TEXT_FIT + 1];

    if (!c || !x)
        return NULL;
    expire(c, time_ns);
    if (x->handle >= c->texts_by_leg->len)
        g_array_set_size(c->texts_by_leg, x->handle + 1);   /* zeroed: not compared */
    /* A later sighting (retransmission, copy), or the leg learnt already:
     * the first one's text. Re-INVITEs are not compared. */
    if (x->invite_frame != frame || x->reinvite || g_hash_table_contains(c->shapes, GUINT_TO_POINTER(x->handle + 1u)))
        return text_of(c, g_array_index(c->texts_by_leg, guint32, x->handle));

    l = g_new(live, 1);
    l->leg = x->handle;
    l->time_ns = time_ns;
    l->shape = sh_hopshape_new(invite_bytes);
    c->shape_bytes += sh_hopshape_size(l->shape);
    g_ptr_array_add(c->order, l);
    g_hash_table_insert(c->shapes, GUINT_TO_POINTER(x->handle + 1u), l);

    up = x->upstream ? g_hash_table_lookup(c->shapes, GUINT_TO_POINTER(x->upstream->handle + 1u)) : NULL;
    if (up)
        g_array_index(c->texts_by_leg, guint32, x->handle) =
            intern(c, sh_hopshape_diff(up->shape, l->shape, buf, sizeof buf));
    return text_of(c, g_array_index(c->texts_by_leg, guint32, x->handle));
}

const char *sh_legchanges_of(const sh_legchanges *c, const sh_txn *x)
{
    if (!c || !x || x->handle >= c->texts_by_leg->len)
        return NULL;
    return text_of(c, g_array_index(c->texts_by_leg, guint32, x->handle));
}

size_t sh_legchanges_memory(const sh_legchanges *c)
{
    return c ? c->shape_bytes + c->text_bytes + c->texts_by_leg->len * sizeof(guint32) : 0;
}

size_t sh_legchanges_live_shapes(const sh_legchanges *c)
{
    return c ? c->order->len - c->head : 0;
}
