/* cache.c - the per-message records of the open file (see cache.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "cache.h"

#include <string.h>

/* 20 bytes. The rare values (a duplicate's first frame, hops missing,
 * skipped messages, offsets beyond 16 bits) live in `extras`, keyed by the
 * record's index, so the common record carries none of them. */
typedef struct stored_msg {
    uint32_t frame;
    uint32_t ref;          /* REF_TXN: a transaction's index, else a call's
                              number (0: none); REF_EXTRA: see extras */
    uint16_t flags;        /* SH_F_* */
    uint16_t hop;
    uint16_t code;         /* CODE_VALUE: a response's status or a request's
                              method index; CODE_REQUEST; sdp role; dup kind */
    uint16_t start;        /* START_ELSEWHERE: not in the frame's bytes */
    uint16_t length;
    uint16_t via_total;
} stored_msg;

#define REF_TXN (1u << 31)
#define REF_EXTRA (1u << 30)
#define REF_VALUE (REF_EXTRA - 1)

#define CODE_VALUE 0x3ffu          /* bits 0-9: status 100..699 or method 0..255 */
#define CODE_REQUEST (1u << 10)
#define CODE_SDP_SHIFT 11           /* bits 11-13 */
#define CODE_DUP_SHIFT 14           /* bits 14-15 */

#define START_ELSEWHERE 0xffffu

G_STATIC_ASSERT(sizeof(stored_msg) == 20);
G_STATIC_ASSERT(SH_F_NEW_LEG <= 0x8000);   /* flags fit 16 bits */

typedef struct extra {
    uint32_t dup_of;
    int32_t start;
    int32_t length;
    uint16_t hops_missing;
    uint16_t skipped;
} extra;

static const sh_tracker *tracker;
/* Records in frame order, in blocks of BLOCK_RECORDS: a block is never
 * moved, where one growing array is copied at each doubling and the heap
 * keeps the old copies (peak memory up to twice the records). */
#define BLOCK_SHIFT 14
#define BLOCK_RECORDS (1u << BLOCK_SHIFT)
static GPtrArray *blocks;      /* stored_msg[BLOCK_RECORDS] each, owned */
static guint n_records;        /* records stored */
static GHashTable *extras;     /* record index -> extra (owned) */
static guint cursor;           /* where the last lookup ended: passes go in order */

/* Request methods by index: the common ones, then the others this file has
 * (255 in all at most; more are drawn as "?"). */
static const char *const known_methods[] = { NULL, "INVITE", "ACK", "BYE", "CANCEL", "PRACK", "UPDATE",
                                             "OPTIONS", "INFO", "REGISTER", "SUBSCRIBE", "NOTIFY",
                                             "REFER", "MESSAGE", "PUBLISH", "?" };
#define METHOD_OTHER (G_N_ELEMENTS(known_methods) - 1)
static GPtrArray *other_methods;   /* owned; index - G_N_ELEMENTS(known_methods) */

static unsigned method_index(const char *m)
{
    if (!m)
        return 0;
    for (size_t i = 1; i < G_N_ELEMENTS(known_methods); i++)
        if (strcmp(m, known_methods[i]) == 0)
            return (unsigned)i;
    for (guint i = 0; i < other_methods->len; i++)
        if (strncmp(m, g_ptr_array_index(other_methods, i), 32) == 0)
            return (unsigned)(G_N_ELEMENTS(known_methods) + i);
    if (G_N_ELEMENTS(known_methods) + other_methods->len > UINT8_MAX)
        return METHOD_OTHER;
    g_ptr_array_add(other_methods, g_strndup(m, 32));
    return (unsigned)(G_N_ELEMENTS(known_methods) + other_methods->len - 1);
}

static const char *method_name(unsigned i)
{
    if (i < G_N_ELEMENTS(known_methods))
        return known_methods[i];
    i -= (unsigned)G_N_ELEMENTS(known_methods);
    return i < other_methods->len ? g_ptr_array_index(other_methods, i) : "?";
}

void siphop_cache_free(void)
{
    if (blocks)
        g_ptr_array_free(blocks, TRUE);
    if (extras)
        g_hash_table_destroy(extras);
    if (other_methods)
        g_ptr_array_free(other_methods, TRUE);
    blocks = NULL;
    n_records = 0;
    extras = NULL;
    other_methods = NULL;
    tracker = NULL;
    cursor = 0;
}

void siphop_cache_reset(const sh_tracker *t)
{
    siphop_cache_free();
    tracker = t;
    blocks = g_ptr_array_new_with_free_func(g_free);
    extras = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    other_methods = g_ptr_array_new_with_free_func(g_free);
}

static stored_msg *at(guint i)
{
    return (stored_msg *)g_ptr_array_index(blocks, i >> BLOCK_SHIFT) + (i & (BLOCK_RECORDS - 1));
}

uint32_t siphop_cache_last_frame(void)
{
    return n_records ? at(n_records - 1)->frame : 0;
}

guint siphop_cache_find(uint32_t frame, guint *count)
{
    guint lo = 0, hi = n_records, n = 0;

    /* The lower bound of *frame*. Passes visit frames in order: try where
     * the last lookup ended before searching. */
    if (cursor <= hi && (cursor == hi || at(cursor)->frame >= frame) && (cursor == 0 || at(cursor - 1)->frame < frame)) {
        lo = cursor;
    } else {
        while (lo < hi) {
            guint mid = lo + (hi - lo) / 2;
            if (at(mid)->frame < frame)
                lo = mid + 1;
            else
                hi = mid;
        }
    }
    hi = n_records;
    while (lo + n < hi && at(lo + n)->frame == frame)
        n++;
    cursor = lo + n;
    *count = n;
    return lo;
}

void siphop_cache_append(uint32_t frame, const msg_record *mr, unsigned skipped)
{
    const sh_result *r = &mr->r;
    bool fits = mr->start < (int)START_ELSEWHERE && mr->length <= (int)UINT16_MAX;
    stored_msg s;

    memset(&s, 0, sizeof s);
    s.frame = frame;
    if (r->txn)
        s.ref = REF_TXN | (r->txn->index & REF_VALUE);
    else if (r->call)
        s.ref = r->call->number & REF_VALUE;
    s.flags = (uint16_t)r->flags;
    s.hop = r->hop;
    s.via_total = r->via_total;
    if (mr->brief.is_request)
        s.code = (uint16_t)(CODE_REQUEST | method_index(mr->brief.method));
    else
        s.code = (uint16_t)MIN(mr->brief.status, CODE_VALUE);
    s.code |= (uint16_t)((r->sdp_role & 7u) << CODE_SDP_SHIFT);
    s.code |= (uint16_t)((r->dup & 3u) << CODE_DUP_SHIFT);
    s.start = mr->start < 0 || !fits ? START_ELSEWHERE : (uint16_t)mr->start;
    s.length = mr->start < 0 || !fits ? 0 : (uint16_t)mr->length;

    if (r->dup_of || r->hops_missing || skipped || (mr->start >= 0 && !fits)) {
        extra *e = g_new0(extra, 1);
        e->dup_of = r->dup_of;
        e->hops_missing = r->hops_missing;
        e->skipped = (uint16_t)MIN(skipped, UINT16_MAX);
        e->start = mr->start;
        e->length = mr->length;
        s.ref |= REF_EXTRA;
        g_hash_table_insert(extras, GUINT_TO_POINTER(n_records), e);
    }
    if ((n_records & (BLOCK_RECORDS - 1)) == 0)
        g_ptr_array_add(blocks, g_new(stored_msg, BLOCK_RECORDS));
    *at(n_records) = s;
    n_records++;
    cursor = n_records;   /* the next frame's lookup starts at the end */
}

void siphop_cache_load(guint index, msg_record *mr, unsigned *skipped)
{
    const stored_msg *s = at(index);
    sh_result *r = &mr->r;
    unsigned value = s->code & CODE_VALUE;

    memset(mr, 0, sizeof *mr);
    if (s->ref & REF_TXN) {
        r->txn = sh_tracker_txn_at(tracker, s->ref & REF_VALUE);
        r->call = r->txn ? r->txn->call : NULL;
    } else {
        r->call = sh_tracker_call_at(tracker, s->ref & REF_VALUE);
    }
    r->flags = s->flags;
    r->hop = s->hop;
    r->via_total = s->via_total;
    r->sdp_role = (uint8_t)((s->code >> CODE_SDP_SHIFT) & 7u);
    r->dup = (uint8_t)((s->code >> CODE_DUP_SHIFT) & 3u);
    mr->brief.is_request = (s->code & CODE_REQUEST) != 0;
    mr->brief.method = mr->brief.is_request ? method_name(value) : NULL;
    mr->brief.status = mr->brief.is_request ? 0 : value;
    mr->start = s->start == START_ELSEWHERE ? -1 : s->start;
    mr->length = s->start == START_ELSEWHERE ? 0 : s->length;
    *skipped = 0;
    if (s->ref & REF_EXTRA) {
        const extra *e = g_hash_table_lookup(extras, GUINT_TO_POINTER(index));
        if (e) {
            r->dup_of = e->dup_of;
            r->hops_missing = e->hops_missing;
            *skipped = e->skipped;
            mr->start = e->start;
            mr->length = e->length;
        }
    }
}
