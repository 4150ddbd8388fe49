/* framecache.c - the per-message records of the open file (see framecache.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "siphop/framecache.h"

#include <glib.h>
#include <string.h>

/* 12 bytes. The frame number is kept as an offset from its block's first
 * frame, and a message is taken to run to the end of the frame's bytes. The
 * rare values (a duplicate's first frame, hops missing, an orphan's failure, skipped messages, a
 * message followed by another in the same frame, a start beyond the first
 * 255 bytes, a hop beyond 254, seven or more Vias) live in `extras`, so the
 * common record carries none of them: a UDP datagram or a TCP segment with
 * one message starts within the frame's first 255 bytes and ends with the
 * frame, and few messages cross more than six hops. */
typedef struct stored_msg {
    uint32_t ref;          /* REF_TXN: a transaction's handle, else a call's
                              number (0: none); REF_EXTRA: see extras */
    uint16_t frame_delta;  /* frame - the block's base frame */
    uint16_t flags;        /* bits 0-12: SH_F_*; bits 13-15: Via count 0-6,
                              VIAS_BIG: see extras */
    uint16_t code;         /* CODE_VALUE: a response's status or a request's
                              method index; CODE_REQUEST; sdp role; dup kind */
    uint8_t start;         /* START_BIG: not in the frame's bytes, or in extras */
    uint8_t hop;           /* HOP_BIG: see extras */
} stored_msg;

#define REF_TXN (1u << 31)
#define REF_EXTRA (1u << 30)
#define REF_VALUE (REF_EXTRA - 1)

#define FLAGS_SH 0x1fffu           /* bits 0-12: SH_F_* */
#define VIAS_SHIFT 13              /* bits 13-15 */
#define VIAS_BIG 7u

#define CODE_VALUE 0x3ffu          /* bits 0-9: status 100..699 or method 0..255 */
#define CODE_REQUEST (1u << 10)
#define CODE_SDP_SHIFT 11           /* bits 11-13 */
#define CODE_DUP_SHIFT 14           /* bits 14-15 */

#define START_BIG 0xffu
#define HOP_BIG 0xffu

G_STATIC_ASSERT(sizeof(stored_msg) == 12);
G_STATIC_ASSERT(SH_F_NEW_LEG <= FLAGS_SH);   /* result flags fit 13 bits */
G_STATIC_ASSERT(SH_SDP_EXTRA <= 7 && SH_DUP_COPY <= 3);   /* roles fit 3 bits, dup kinds 2 */

/* Exact values of a record whose common form cannot hold them; in record
 * order, found by binary search (records are appended in order). */
typedef struct extra {
    guint slot;
    uint32_t dup_of;
    int32_t start;
    int32_t length;
    uint16_t hops_missing;
    uint16_t skipped;
    uint16_t hop;
    uint16_t via_total;
    uint32_t orphan_failure;   /* a failure response without its INVITE */
} extra;

/* Records in blocks of at most BLOCK_RECORDS, never moved once written. A
 * block ends early when a frame lies more than 65535 frames past its base;
 * a record's index is its block number << BLOCK_SHIFT | its place, so the
 * indices of a short block's unused places are never handed out, and one
 * frame's records never straddle a short block's end (the frame opens the
 * next block with its first record). A frame's records may straddle a full
 * block's end: the next block's first index follows the full block's last. */
#define BLOCK_SHIFT 10
#define BLOCK_RECORDS (1u << BLOCK_SHIFT)
#define BLOCK_MASK (BLOCK_RECORDS - 1)

typedef struct block {
    uint32_t base;         /* frame of the first record */
    guint count;
    stored_msg recs[BLOCK_RECORDS];
} block;

/* Request methods by index: the common ones, then the others this file has
 * (255 in all at most; more are drawn as "?"). */
static const char *const known_methods[] = { NULL, "INVITE", "ACK", "BYE", "CANCEL", "PRACK", "UPDATE",
                                             "OPTIONS", "INFO", "REGISTER", "SUBSCRIBE", "NOTIFY",
                                             "REFER", "MESSAGE", "PUBLISH", "?" };
#define METHOD_OTHER (G_N_ELEMENTS(known_methods) - 1)
#define METHOD_NAME_MAX 32   /* other methods are told apart by this much */

struct sh_framecache {
    const sh_tracker *tracker;
    GPtrArray *blocks;         /* block *, owned */
    GArray *extras;            /* extra, by slot */
    GPtrArray *other_methods;  /* owned; index - G_N_ELEMENTS(known_methods) */
    guint cursor;              /* where the last lookup ended: passes go in order */
    uint32_t cursor_frame;     /* the frame it looked up */
};

static unsigned method_index(sh_framecache *fc, const char *m)
{
    if (!m)
        return 0;
    for (size_t i = 1; i < G_N_ELEMENTS(known_methods); i++)
        if (strcmp(m, known_methods[i]) == 0)
            return (unsigned)i;
    for (guint i = 0; i < fc->other_methods->len; i++)
        if (strncmp(m, g_ptr_array_index(fc->other_methods, i), METHOD_NAME_MAX) == 0)
            return (unsigned)(G_N_ELEMENTS(known_methods) + i);
    if (G_N_ELEMENTS(known_methods) + fc->other_methods->len > UINT8_MAX)
        return METHOD_OTHER;
    g_ptr_array_add(fc->other_methods, g_strndup(m, METHOD_NAME_MAX));
    return (unsigned)(G_N_ELEMENTS(known_methods) + fc->other_methods->len - 1);
}

static const char *method_name(const sh_framecache *fc, unsigned i)
{
    if (i < G_N_ELEMENTS(known_methods))
        return known_methods[i];
    i -= (unsigned)G_N_ELEMENTS(known_methods);
    return i < fc->other_methods->len ? g_ptr_array_index(fc->other_methods, i) : "?";
}

sh_framecache *sh_framecache_new(const sh_tracker *t)
{
    sh_framecache *fc = g_new0(sh_framecache, 1);

    fc->tracker = t;
    fc->blocks = g_ptr_array_new_with_free_func(g_free);
    fc->extras = g_array_new(FALSE, FALSE, sizeof(extra));
    fc->other_methods = g_ptr_array_new_with_free_func(g_free);
    return fc;
}

void sh_framecache_free(sh_framecache *fc)
{
    if (!fc)
        return;
    g_ptr_array_free(fc->blocks, TRUE);
    g_array_free(fc->extras, TRUE);
    g_ptr_array_free(fc->other_methods, TRUE);
    g_free(fc);
}

static block *block_at(const sh_framecache *fc, guint b)
{
    return b < fc->blocks->len ? g_ptr_array_index(fc->blocks, b) : NULL;
}

/* Whether *i* names a stored record. */
static bool valid(const sh_framecache *fc, guint i)
{
    const block *b = block_at(fc, i >> BLOCK_SHIFT);
    return b && (i & BLOCK_MASK) < b->count;
}

static const stored_msg *at(const sh_framecache *fc, guint i)
{
    return &block_at(fc, i >> BLOCK_SHIFT)->recs[i & BLOCK_MASK];
}

static uint32_t frame_at(const sh_framecache *fc, guint i)
{
    const block *b = block_at(fc, i >> BLOCK_SHIFT);
    return b->base + b->recs[i & BLOCK_MASK].frame_delta;
}

static uint32_t block_last_frame(const block *b)
{
    return b->base + b->recs[b->count - 1].frame_delta;
}

/* *i*, or the first index of the next block when *i* is past the end of a
 * block that another follows. */
static guint normalize(const sh_framecache *fc, guint i)
{
    if (!valid(fc, i) && block_at(fc, (i >> BLOCK_SHIFT) + 1))
        i = ((i >> BLOCK_SHIFT) + 1) << BLOCK_SHIFT;
    return i;
}

/* The index after *i*'s record in order, or an invalid index at the end. */
static guint next_index(const sh_framecache *fc, guint i)
{
    return normalize(fc, i + 1);
}

uint32_t sh_framecache_last_frame(const sh_framecache *fc)
{
    const block *b = fc && fc->blocks->len ? block_at(fc, fc->blocks->len - 1) : NULL;
    return b ? block_last_frame(b) : 0;
}

unsigned sh_framecache_find(sh_framecache *fc, uint32_t frame, unsigned *count)
{
    guint lo, n = 0, i;

    if (!fc || fc->blocks->len == 0) {
        *count = 0;
        return 0;
    }
    /* Passes visit frames in order: the frame is usually where the last
     * lookup ended. Otherwise the first block that reaches it, then the
     * lower bound inside that block. */
    fc->cursor = normalize(fc, fc->cursor);
    if (fc->cursor_frame < frame && (!valid(fc, fc->cursor) || frame_at(fc, fc->cursor) >= frame)) {
        lo = fc->cursor;
    } else {
        guint bl = 0, bh = fc->blocks->len;
        while (bl < bh) {
            guint mid = bl + (bh - bl) / 2;
            if (block_last_frame(block_at(fc, mid)) < frame)
                bl = mid + 1;
            else
                bh = mid;
        }
        if (bl == fc->blocks->len) {
            lo = (fc->blocks->len - 1) << BLOCK_SHIFT | block_at(fc, fc->blocks->len - 1)->count;
        } else {
            const block *b = block_at(fc, bl);
            guint l = 0, h = b->count;
            while (l < h) {
                guint mid = l + (h - l) / 2;
                if (b->base + b->recs[mid].frame_delta < frame)
                    l = mid + 1;
                else
                    h = mid;
            }
            lo = bl << BLOCK_SHIFT | l;
        }
    }
    for (i = lo; valid(fc, i) && frame_at(fc, i) == frame; i = next_index(fc, i))
        n++;
    fc->cursor = i;
    fc->cursor_frame = frame;
    *count = n;
    return lo;
}

static void add_extra(sh_framecache *fc, guint slot, const sh_msgrec *mr, unsigned skipped)
{
    const sh_result *r = &mr->r;
    extra e;

    e.slot = slot;
    e.dup_of = r->dup_of;
    e.hops_missing = r->hops_missing;
    e.skipped = (uint16_t)MIN(skipped, UINT16_MAX);
    e.start = mr->start >= 0 ? mr->start : -1;
    e.length = mr->start >= 0 ? mr->length : 0;
    e.hop = r->hop;
    e.via_total = r->via_total;
    e.orphan_failure = r->orphan_failure;
    g_array_append_val(fc->extras, e);
}

static const extra *find_extra(const sh_framecache *fc, guint slot)
{
    guint lo = 0, hi = fc->extras->len;

    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (g_array_index(fc->extras, extra, mid).slot < slot)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < fc->extras->len && g_array_index(fc->extras, extra, lo).slot == slot
               ? &g_array_index(fc->extras, extra, lo)
               : NULL;
}

bool sh_framecache_append(sh_framecache *fc, uint32_t frame, int frame_length, const sh_msgrec *mr,
                          unsigned skipped)
{
    const sh_result *r = &mr->r;
    bool here = mr->start >= 0;
    bool fits = (!here || (mr->start < (int)START_BIG && mr->start + mr->length == frame_length)) &&
                r->hop < HOP_BIG && r->via_total < VIAS_BIG;
    block *b = fc->blocks->len ? block_at(fc, fc->blocks->len - 1) : NULL;
    stored_msg s;
    guint slot;

    /* Out of order, the frame would open a block below its predecessor's
     * base and every later binary search would go wrong. */
    if (b && frame < block_last_frame(b))
        return false;
    memset(&s, 0, sizeof s);
    if (!b || b->count == BLOCK_RECORDS || frame - b->base > UINT16_MAX) {
        b = g_malloc(sizeof *b);
        b->base = frame;
        b->count = 0;
        g_ptr_array_add(fc->blocks, b);
    }
    slot = (fc->blocks->len - 1) << BLOCK_SHIFT | b->count;
    s.frame_delta = (uint16_t)(frame - b->base);
    if (r->txn)
        s.ref = REF_TXN | (r->txn->handle & REF_VALUE);
    else if (r->call)
        s.ref = r->call->number & REF_VALUE;
    s.flags = (uint16_t)((r->flags & FLAGS_SH) | (MIN(r->via_total, VIAS_BIG) << VIAS_SHIFT));
    s.hop = (uint8_t)MIN(r->hop, HOP_BIG);
    if (mr->brief.is_request)
        s.code = (uint16_t)(CODE_REQUEST | method_index(fc, mr->brief.method));
    else
        s.code = (uint16_t)MIN(mr->brief.status, CODE_VALUE);
    s.code |= (uint16_t)((r->sdp_role & 7u) << CODE_SDP_SHIFT);
    s.code |= (uint16_t)((r->dup & 3u) << CODE_DUP_SHIFT);
    s.start = here && fits ? (uint8_t)mr->start : START_BIG;
    if (r->dup_of || r->hops_missing || r->orphan_failure || skipped || !fits) {
        s.ref |= REF_EXTRA;
        add_extra(fc, slot, mr, skipped);
    }
    b->recs[b->count++] = s;
    fc->cursor = slot + 1;   /* the next frame's lookup starts at the end */
    fc->cursor_frame = frame;
    return true;
}

void sh_framecache_load(const sh_framecache *fc, unsigned slot, int frame_length, sh_msgrec *mr,
                        unsigned *skipped)
{
    const stored_msg *s = at(fc, slot);
    sh_result *r = &mr->r;
    unsigned value = s->code & CODE_VALUE;

    memset(mr, 0, sizeof *mr);
    if (s->ref & REF_TXN) {
        r->txn = sh_tracker_txn_at(fc->tracker, s->ref & REF_VALUE);
        r->call = r->txn ? r->txn->call : NULL;
    } else {
        r->call = sh_tracker_call_at(fc->tracker, s->ref & REF_VALUE);
    }
    r->flags = s->flags & FLAGS_SH;
    r->hop = s->hop;
    r->via_total = (uint16_t)(s->flags >> VIAS_SHIFT);
    r->sdp_role = (uint8_t)((s->code >> CODE_SDP_SHIFT) & 7u);
    r->dup = (uint8_t)((s->code >> CODE_DUP_SHIFT) & 3u);
    mr->brief.is_request = (s->code & CODE_REQUEST) != 0;
    mr->brief.method = mr->brief.is_request ? method_name(fc, value) : NULL;
    mr->brief.status = mr->brief.is_request ? 0 : value;
    mr->start = s->start == START_BIG ? -1 : s->start;
    mr->length = s->start == START_BIG ? 0 : MAX(frame_length - s->start, 0);
    *skipped = 0;
    if (s->ref & REF_EXTRA) {
        const extra *e = find_extra(fc, slot);
        if (e) {
            r->dup_of = e->dup_of;
            r->hops_missing = e->hops_missing;
            r->hop = e->hop;
            r->via_total = e->via_total;
            r->orphan_failure = e->orphan_failure;
            *skipped = e->skipped;
            mr->start = e->start;
            mr->length = e->length;
        }
    }
}
