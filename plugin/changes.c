/* changes.c - the first-pass bookkeeping of siphop.changes (see changes.h).
 *
 * Per leg, indexed by its handle (sh_txn.index, dense from 0): the number
 * of its text among the distinct texts, 4 bytes (the texts repeat: calls
 * through the same nodes change the same things). The shapes are needed
 * only until the legs downstream of their INVITE have been seen, which a
 * proxy or B2BUA sends within moments (at the latest when its INVITE client
 * transaction to one next hop times out, RFC 3261 Timer B, 32 s, and it
 * tries another). So a shape lives SIPHOP_CHANGES_KEEP_NS of capture time
 * after its INVITE and is then freed: the shapes held are those of the
 * INVITEs of the last 32 seconds, whatever the file's length.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "changes.h"

#include <glib.h>

#include "siphop/hopdiff.h"

typedef struct live {
    uint32_t index;           /* the leg's handle */
    int64_t time_ns;          /* its INVITE's capture time */
    sh_hopshape *shape;
} live;

static GArray *texts_by_leg;  /* guint32: 1 + index into text_list; 0: not compared */
static GHashTable *shapes;    /* leg handle + 1 -> live *, owned by `order` */
static GQueue *order;         /* live *, in order of learning */
static GHashTable *texts;     /* text -> 1 + its index in text_list */
static GPtrArray *text_list;  /* the distinct texts, owned */
static int64_t latest_ns;     /* the latest capture time seen */
static size_t shape_bytes;    /* of the live shapes */
static size_t text_bytes;

static void live_free(gpointer p)
{
    live *l = p;
    sh_hopshape_free(l->shape);
    g_free(l);
}

void siphop_changes_cleanup(void)
{
    if (texts_by_leg)
        g_array_free(texts_by_leg, TRUE);
    if (shapes)
        g_hash_table_destroy(shapes);
    if (order)
        g_queue_free_full(order, live_free);
    if (texts)
        g_hash_table_destroy(texts);
    if (text_list)
        g_ptr_array_free(text_list, TRUE);
    text_list = NULL;
    texts_by_leg = NULL;
    shapes = NULL;
    order = NULL;
    texts = NULL;
    latest_ns = INT64_MIN;
    shape_bytes = text_bytes = 0;
}

void siphop_changes_init(void)
{
    siphop_changes_cleanup();
    texts_by_leg = g_array_new(FALSE, TRUE, sizeof(guint32));
    shapes = g_hash_table_new(g_direct_hash, g_direct_equal);
    order = g_queue_new();
    texts = g_hash_table_new(g_str_hash, g_str_equal);
    text_list = g_ptr_array_new_with_free_func(g_free);
}

/* 1 + the number of text among the distinct texts. */
static guint32 intern(const char *text)
{
    guint32 n = GPOINTER_TO_UINT(g_hash_table_lookup(texts, text));

    if (!n) {
        char *kept = g_strdup(text);
        g_ptr_array_add(text_list, kept);
        n = text_list->len;
        g_hash_table_insert(texts, kept, GUINT_TO_POINTER(n));
        text_bytes += strlen(kept) + 1;
    }
    return n;
}

static const char *text_of(guint32 n)
{
    return n ? g_ptr_array_index(text_list, n - 1) : NULL;
}

/* Free the shapes learnt more than SIPHOP_CHANGES_KEEP_NS before *now*
 * (capture time; a file whose times go backwards keeps them longer). */
static void expire(int64_t now)
{
    live *l;
    int64_t horizon;

    if (now > latest_ns)
        latest_ns = now;
    horizon = latest_ns >= INT64_MIN + SIPHOP_CHANGES_KEEP_NS ? latest_ns - SIPHOP_CHANGES_KEEP_NS : INT64_MIN;
    while ((l = g_queue_peek_head(order)) != NULL && l->time_ns < horizon) {
        g_queue_pop_head(order);
        g_hash_table_remove(shapes, GUINT_TO_POINTER(l->index + 1u));
        shape_bytes -= sh_hopshape_size(l->shape);
        live_free(l);
    }
}

const char *siphop_changes_learn(uint32_t frame, int64_t time_ns, sh_str invite_bytes, const sh_txn *x)
{
    const live *up;
    live *l;
    char buf[SH_TEXT_FIT + 1];

    if (!texts_by_leg || !x)
        return NULL;
    expire(time_ns);
    if (x->index >= texts_by_leg->len)
        g_array_set_size(texts_by_leg, x->index + 1);   /* zeroed: not compared */
    /* A later sighting (retransmission, copy), or the leg learnt already:
     * the first one's text. Re-INVITEs are not compared. */
    if (x->invite_frame != frame || x->reinvite || g_hash_table_contains(shapes, GUINT_TO_POINTER(x->index + 1u)))
        return text_of(g_array_index(texts_by_leg, guint32, x->index));

    l = g_new(live, 1);
    l->index = x->index;
    l->time_ns = time_ns;
    l->shape = sh_hopshape_new(invite_bytes);
    shape_bytes += sh_hopshape_size(l->shape);
    g_queue_push_tail(order, l);
    g_hash_table_insert(shapes, GUINT_TO_POINTER(x->index + 1u), l);

    up = x->upstream ? g_hash_table_lookup(shapes, GUINT_TO_POINTER(x->upstream->index + 1u)) : NULL;
    if (up)
        g_array_index(texts_by_leg, guint32, x->index) = intern(sh_hopshape_diff(up->shape, l->shape, buf, sizeof buf));
    return text_of(g_array_index(texts_by_leg, guint32, x->index));
}

const char *siphop_changes_of(const sh_txn *x)
{
    if (!texts_by_leg || !x || x->index >= texts_by_leg->len)
        return NULL;
    return text_of(g_array_index(texts_by_leg, guint32, x->index));
}

size_t siphop_changes_memory(void)
{
    return shape_bytes + text_bytes + (texts_by_leg ? texts_by_leg->len * sizeof(guint32) : 0);
}

size_t siphop_changes_live_shapes(void)
{
    return order ? order->length : 0;
}
