/* tracker.c - INVITE transactions, hops and calls (see tracker.h).
 *
 * Four lookup tables, all keyed by 64-bit digests (hash.h) stored inside the
 * objects they find, so an entry costs no key allocation:
 *
 *   txns      RFC 3261 17.2.3 transaction key -> INVITE transaction (leg)
 *   dialogs   Call-ID + CSeq + hop -> INVITE transaction, for the 2xx ACK
 *             and PRACK, which carry a branch of their own
 *   segments  Call-ID -> the call it belongs to and how its Via count maps
 *             to hop numbers
 *   links     Session-ID / Cisco-Guid / X-Call-ID -> call, for legs a B2BUA
 *             started under a new Call-ID
 *
 * Objects are only ever added until sh_tracker_free(), so results and
 * upstream pointers never dangle, and a leg's upstream was created before it:
 * following upstream pointers always ends.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "siphop/tracker.h"

#include <glib.h>
#include <stddef.h>
#include <stdlib.h>

#include "siphop/arena.h"
#include "siphop/hash.h"

#define TEXT_MAX 256   /* bytes kept of a reason, sender, Warning, ... */

/* A leg's size is most of siphop's memory per call (three legs a call
 * through two Expressways): tracker.h orders its members to need no
 * padding; keep it so. */
G_STATIC_ASSERT(sizeof(void *) != 8 || sizeof(sh_txn) == 152);

typedef struct segment {
    uint64_t key;          /* Call-ID */
    uint64_t caller_tag;   /* From tag of the first INVITE: tells direction */
    uint32_t call;         /* the call's number (24 bytes in all, not 32) */
    int16_t offset;        /* hop = offset + Via count, forward direction
                            * (negative after a hop that keeps hidden Vias) */
    uint16_t max_via;      /* deepest forward Via count seen */
} segment;

typedef struct link_entry {
    uint64_t key;          /* kind + correlation value */
    sh_txn *leg;           /* the latest initial INVITE that carried it */
} link_entry;

/* A failure remembered under a key until a response relays it: a branch's
 * failure under its upstream leg and To-tag (forks), an orphan's under the
 * transaction of the Via below its top one. */
typedef struct failure_ref {
    uint64_t key;
    uint32_t failure;      /* id */
    uint16_t hop;          /* where the response that left it was seen */
} failure_ref;

/* A refused B2BUA link, kept only for the rare legs that have one. */
typedef struct refusal {
    uint32_t leg;          /* the leg's handle; keep first (the table's key) */
    uint32_t other;        /* the leg that carried the value before */
    uint8_t kind;          /* sh_link_kind */
    uint8_t why;           /* SH_REFUSED_* */
    const char *value;
    int64_t after_ns;
} refusal;

struct sh_tracker {
    sh_limits lim;
    const sh_domains *domains;
    GHashTable *txns;
    GHashTable *dialogs;
    GHashTable *segments;
    GHashTable *links;
    GHashTable *names;     /* set of distinct sh_leg_names (in the arena) */
    GHashTable *relays;    /* failure_ref: branch and orphan failures */
    GHashTable *refusals;  /* refusal by leg handle */
    GHashTable *endpoint_ids; /* interned "addr:port" -> id */
    GPtrArray *endpoints;  /* id - 1 -> interned "addr:port" */
    sh_pool *calls;        /* every call, by number - 1 */
    sh_pool *txns_by_index; /* every transaction, by its handle */
    sh_pool *failures;     /* every failure origin, by id - 1 */
    GStringChunk *strings; /* interned text: targets, zones, link values */
    sh_arena *arena;       /* owns segments, links, leg names */
    bool calls_limited;    /* max_calls refused some INVITE */
    int64_t latest_ns;     /* the latest message time seen */
    bool saw_response;     /* any SIP response at all: the capture sees
                            * more than one direction */
};

void sh_limits_default(sh_limits *l)
{
    l->max_calls = SH_DEFAULT_MAX_CALLS;
    l->max_legs_per_call = SH_DEFAULT_MAX_LEGS;
    l->max_vias = SH_DEFAULT_MAX_VIAS;
    l->copy_window_ns = SH_DEFAULT_COPY_WINDOW_NS;
    l->link_window_ns = SH_DEFAULT_LINK_WINDOW_NS;
}

static uint32_t clamp_u32(uint32_t v, uint32_t lo, uint32_t hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

#define CLAMP_RANGE(v, range) clamp_u32((v), range)

void sh_limits_clamp(sh_limits *l)
{
    int64_t max_window = (int64_t)600000 * 1000000;

    l->max_calls = CLAMP_RANGE(l->max_calls, SH_MAX_CALLS_RANGE);
    l->max_legs_per_call = CLAMP_RANGE(l->max_legs_per_call, SH_MAX_LEGS_RANGE);
    l->max_vias = CLAMP_RANGE(l->max_vias, SH_MAX_VIAS_RANGE);
    l->copy_window_ns = l->copy_window_ns < 0 ? 0 : MIN(l->copy_window_ns, max_window);
    l->link_window_ns = l->link_window_ns < 0 ? 0 : MIN(l->link_window_ns, max_window);
}

/* Leg names hold interned pointers: equal text is the same pointer. */
static guint names_hash(gconstpointer p)
{
    const sh_leg_names *n = p;
    return g_direct_hash(n->target) ^ (g_direct_hash(n->egress_zone) * 31u) ^ (g_direct_hash(n->ingress_zone) * 961u);
}

static gboolean names_equal(gconstpointer a, gconstpointer b)
{
    const sh_leg_names *x = a, *y = b;
    return x->target == y->target && x->egress_zone == y->egress_zone && x->ingress_zone == y->ingress_zone;
}

sh_tracker *sh_tracker_new(const sh_limits *limits, const sh_domains *domains)
{
    sh_tracker *t = g_new0(sh_tracker, 1);

    if (limits)
        t->lim = *limits;
    else
        sh_limits_default(&t->lim);
    sh_limits_clamp(&t->lim);
    t->domains = domains;
    /* Every table is a set of pointers to the key inside its object (a
     * GHashTable whose keys are its values keeps no value array); the
     * objects live in the arena and the pools. */
    t->txns = g_hash_table_new(g_int64_hash, g_int64_equal);
    t->dialogs = g_hash_table_new(g_int64_hash, g_int64_equal);
    t->segments = g_hash_table_new(g_int64_hash, g_int64_equal);
    t->links = g_hash_table_new(g_int64_hash, g_int64_equal);
    t->names = g_hash_table_new(names_hash, names_equal);
    t->relays = g_hash_table_new(g_int64_hash, g_int64_equal);
    t->refusals = g_hash_table_new(g_int_hash, g_int_equal);
    t->endpoint_ids = g_hash_table_new(g_str_hash, g_str_equal);
    t->endpoints = g_ptr_array_new();
    t->calls = sh_pool_new(sizeof(sh_call));
    t->arena = sh_arena_new();
    t->txns_by_index = sh_pool_new(sizeof(sh_txn));
    t->failures = sh_pool_new(sizeof(sh_failure));
    t->strings = g_string_chunk_new(4096);
    return t;
}

void sh_tracker_free(sh_tracker *t)
{
    if (!t)
        return;
    g_hash_table_destroy(t->dialogs);
    g_hash_table_destroy(t->txns);
    g_hash_table_destroy(t->segments);
    g_hash_table_destroy(t->links);
    g_hash_table_destroy(t->names);
    g_hash_table_destroy(t->relays);
    g_hash_table_destroy(t->refusals);
    g_hash_table_destroy(t->endpoint_ids);
    g_ptr_array_free(t->endpoints, TRUE);
    sh_pool_free(t->calls);
    sh_pool_free(t->txns_by_index);
    sh_pool_free(t->failures);
    g_string_chunk_free(t->strings);
    sh_arena_free(t->arena);
    g_free(t);
}

uint32_t sh_tracker_call_count(const sh_tracker *t)
{
    return sh_pool_len(t->calls);
}

sh_txn *sh_tracker_txn_at(const sh_tracker *t, uint32_t handle)
{
    return sh_pool_at(t->txns_by_index, handle);
}

sh_call *sh_tracker_call_at(const sh_tracker *t, uint32_t number)
{
    return number >= 1 ? sh_pool_at(t->calls, number - 1) : NULL;
}

const sh_limits *sh_tracker_limits(const sh_tracker *t)
{
    return &t->lim;
}

const sh_failure *sh_tracker_failure_at(const sh_tracker *t, uint32_t id)
{
    return id >= 1 ? sh_pool_at(t->failures, id - 1) : NULL;
}

const sh_txn *sh_failure_txn(const sh_tracker *t, const sh_failure *f)
{
    return f->txn ? sh_tracker_txn_at(t, f->txn - 1) : NULL;
}

const char *sh_tracker_endpoint(const sh_tracker *t, uint32_t id)
{
    return id >= 1 && id <= t->endpoints->len ? g_ptr_array_index(t->endpoints, id - 1) : NULL;
}

const sh_failure *sh_result_failure(const sh_tracker *t, const sh_result *r)
{
    if (r->orphan_failure)
        return sh_tracker_failure_at(t, r->orphan_failure);
    return r->txn && (r->flags & (SH_F_FAILURE_ORIGIN | SH_F_FAILURE_RELAYED)) ? r->txn->failure : NULL;
}

sh_failure_class sh_result_class(const sh_tracker *t, const sh_result *r)
{
    const sh_failure *f;

    if (r->flags & SH_F_CANCELLED)
        return SH_FC_CANCELLED;
    f = sh_result_failure(t, r);
    return f ? (sh_failure_class)f->cls : SH_FC_NONE;
}

bool sh_tracker_link_refusal(const sh_tracker *t, const sh_txn *x, sh_link_refusal *out)
{
    const refusal *r;

    if (!x->link_refused || !(r = g_hash_table_lookup(t->refusals, &x->handle)))
        return false;
    out->kind = (sh_link_kind)r->kind;
    out->value = r->value;
    out->other = sh_tracker_txn_at(t, r->other);
    out->why = r->why;
    out->after_ns = r->after_ns;
    return true;
}

/* ---- small helpers ---------------------------------------------------- */

/* Interned copy of a view (deduplicated: zones and targets repeat). */
static const char *intern(sh_tracker *t, sh_str s)
{
    char buf[TEXT_MAX];
    size_t n = s.len < sizeof buf - 1 ? s.len : sizeof buf - 1;

    if (n == 0)
        return NULL;
    memcpy(buf, s.ptr, n);
    buf[n] = '\0';
    return g_string_chunk_insert_const(t->strings, buf);
}

/* The shared copy of a leg's names. */
static const sh_leg_names *intern_names(sh_tracker *t, const sh_leg_names *n)
{
    sh_leg_names *kept = g_hash_table_lookup(t->names, n);

    if (!kept) {
        kept = sh_arena_alloc0(t->arena, sizeof *kept);
        *kept = *n;
        g_hash_table_add(t->names, kept);
    }
    return kept;
}

/* A leg's own text, one piece per leg: a flags byte, then the proxy-call-id
 * (KEPT_UUID: the 16 bytes of a lowercase RFC 4122 UUID in its 36-character
 * form, what Expressway writes; KEPT_PCID: the text and a NUL), then the
 * B2BUA link value (KEPT_LINK: the text; the chunk ends it with a NUL). */
enum { KEPT_UUID = 1, KEPT_PCID = 2, KEPT_LINK = 4 };
static const char uuid_dash[36] = { [8] = 1, [13] = 1, [18] = 1, [23] = 1 };

/* A hex digit's value, -1 for anything else and for upper case (which
 * would not read back as written). */
static int lower_hex(char c)
{
    return g_ascii_isupper(c) ? -1 : g_ascii_xdigit_value(c);
}

/* The 16 bytes of *s* when it is a lowercase UUID. */
static bool uuid_pack(sh_str s, unsigned char out[16])
{
    size_t n = 0;

    if (s.len != 36)
        return false;
    for (size_t i = 0; i < 36; i++) {
        int hi, lo;
        if (uuid_dash[i]) {
            if (s.ptr[i] != '-')
                return false;
            continue;
        }
        hi = lower_hex(s.ptr[i]);
        lo = lower_hex(s.ptr[++i]);
        if (hi < 0 || lo < 0)
            return false;
        out[n++] = (unsigned char)(hi << 4 | lo);
    }
    return true;
}

static void uuid_unpack(const unsigned char in[16], char out[37])
{
    static const char digits[] = "0123456789abcdef";
    size_t n = 0, b = 0;

    for (size_t i = 0; i < 36; i++) {
        if (uuid_dash[i]) {
            out[n++] = '-';
            continue;
        }
        out[n++] = digits[in[b] >> 4];
        out[n++] = digits[in[b] & 15];
        b++;
        i++;
    }
    out[n] = '\0';
}

static const char *keep_leg_text(sh_tracker *t, sh_str pcid, const char *link_value)
{
    char packed[1 + TEXT_MAX + TEXT_MAX];
    size_t n = 1;

    packed[0] = 0;
    if (uuid_pack(pcid, (unsigned char *)packed + 1)) {
        packed[0] |= KEPT_UUID;
        n += 16;
    } else if (pcid.len && pcid.ptr[0] != '\0') {
        /* Up to an embedded NUL, if any: the link value is found after
         * the first NUL. */
        const char *nul = memchr(pcid.ptr, '\0', MIN(pcid.len, TEXT_MAX - 1));
        size_t len = nul ? (size_t)(nul - pcid.ptr) : MIN(pcid.len, TEXT_MAX - 1);
        packed[0] |= KEPT_PCID;
        memcpy(packed + n, pcid.ptr, len);
        n += len;
        packed[n++] = '\0';
    }
    if (link_value) {
        size_t len = MIN(strlen(link_value), TEXT_MAX - 1);
        packed[0] |= KEPT_LINK;
        memcpy(packed + n, link_value, len);
        n += len;
    }
    return packed[0] ? g_string_chunk_insert_len(t->strings, packed, (gssize)n) : NULL;
}

const char *sh_txn_proxy_call_id(const sh_txn *x, char buf[SH_PROXY_CALL_ID_SIZE])
{
    const char *k = x->priv_kept_text;

    if (!k || !(k[0] & (KEPT_UUID | KEPT_PCID)))
        return NULL;
    if (k[0] & KEPT_PCID)
        return k + 1;
    uuid_unpack((const unsigned char *)k + 1, buf);
    return buf;
}

const char *sh_txn_link_value(const sh_txn *x)
{
    const char *k = x->priv_kept_text;

    if (!k || !(k[0] & KEPT_LINK))
        return NULL;
    if (k[0] & KEPT_UUID)
        return k + 1 + 16;
    if (k[0] & KEPT_PCID)
        return k + 1 + strlen(k + 1) + 1;
    return k + 1;
}

static uint16_t clamp16(size_t v)
{
    return v > UINT16_MAX ? UINT16_MAX : (uint16_t)v;
}

/* The id of an endpoint "addr:port", interned; 0 for none. Few distinct
 * endpoints carry a capture's calls, so a leg keeps 4 bytes, not a copy. */
static uint32_t endpoint_id(sh_tracker *t, sh_str s)
{
    char key[TEXT_MAX];
    const char *text;
    gpointer id;

    if (s.len == 0 || s.len >= sizeof key)
        return 0;
    memcpy(key, s.ptr, s.len);
    key[s.len] = '\0';
    if ((id = g_hash_table_lookup(t->endpoint_ids, key)) != NULL)
        return GPOINTER_TO_UINT(id);
    text = g_string_chunk_insert(t->strings, key);
    g_ptr_array_add(t->endpoints, (gpointer)text);
    g_hash_table_insert(t->endpoint_ids, (gpointer)text, GUINT_TO_POINTER(t->endpoints->len));
    return t->endpoints->len;
}

static bool same_host(sh_str a, sh_str b)
{
    return a.len == b.len && sh_ascii_ieq_n(a.ptr, b.ptr, a.len);
}

/* The address part of "addr:port" or "[v6]:port". */
static sh_str endpoint_host(sh_str s)
{
    for (size_t i = s.len; i-- > 0;) {
        if (s.ptr[i] == ':')
            return sh_str_make(s.ptr, i);
        if (s.ptr[i] == ']')
            break;
    }
    return s;
}

static bool method_is(const sh_msg *m, const char *name)
{
    return sh_str_eq(m->is_request ? m->method : m->cseq_method, sh_str_from(name));
}

/* RFC 3261 17.2.3 key of the transaction whose Via is vias[i]. Call-ID and
 * CSeq are folded in too: compliant traffic never changes them within a
 * transaction, and they keep UAs that reuse a constant branch from merging
 * unrelated calls. Branches without the magic cookie fall back to RFC 2543
 * matching (Call-ID, CSeq, From tag, sent-by). */
static uint64_t txn_key(const sh_msg *m, size_t i, uint32_t cseq)
{
    const sh_via *v = &m->vias[i];
    uint64_t h = SH_HASH_INIT;

    if (sh_via_branch_is_rfc3261(v)) {
        h = sh_hash_str(h, v->branch);
    } else {
        h = sh_hash_u64(h, 2543);
        h = sh_hash_str(h, m->from_tag);
    }
    h = sh_hash_lower(h, v->host);
    h = sh_hash_u64(h, v->port);
    h = sh_hash_str(h, m->call_id);
    h = sh_hash_u64(h, cseq);
    return sh_hash_finish(h);  /* method: only INVITE transactions are keyed */
}

/* Direction is part of the key: each side numbers its own CSeqs, so the
 * callee's re-INVITE may reuse the number of the caller's INVITE. */
static uint64_t dialog_key(sh_str call_id, uint32_t cseq, unsigned hop, bool reverse)
{
    uint64_t h = sh_hash_str(SH_HASH_INIT, call_id);
    h = sh_hash_u64(h, cseq);
    h = sh_hash_u64(h, hop);
    h = sh_hash_u64(h, reverse);
    return sh_hash_finish(h);
}

static uint64_t call_id_key(sh_str call_id)
{
    return sh_hash_finish(sh_hash_str(SH_HASH_INIT, call_id));
}

static uint64_t tag_key(sh_str tag)
{
    return tag.len ? sh_hash_finish(sh_hash_str(SH_HASH_INIT, tag)) : 0;
}

static sh_txn *find_txn(sh_tracker *t, uint64_t key)
{
    return g_hash_table_lookup(t->txns, &key);
}

/* A request from the callee (re-INVITE, BYE from the far end), or a
 * response to one: its From tag is not the caller's. */
static bool is_reverse(const segment *s, const sh_msg *m)
{
    return s && s->caller_tag && tag_key(m->from_tag) != s->caller_tag;
}

/* Hop of a message on a known Call-ID. Requests and responses of the
 * caller's direction count Vias from hop 1; the callee's requests (a
 * re-INVITE or BYE from the far end) count them from the far end. */
static uint16_t hop_at_least_1(int64_t hop)
{
    return hop < 1 ? 1 : clamp16((size_t)hop);
}

static uint16_t segment_hop(const segment *s, const sh_msg *m)
{
    int64_t vias = (int64_t)MIN(m->via_total, (size_t)UINT16_MAX);
    bool reverse = is_reverse(s, m);

    if (vias == 0)
        return 0;
    if (!reverse)
        return hop_at_least_1(s->offset + vias);
    if (vias > s->max_via)
        return hop_at_least_1(s->offset + 1);
    return hop_at_least_1(s->offset + s->max_via + 1 - vias);
}

/* A sighting's time in microseconds, modulo 2^32 (71 minutes): only ever
 * compared with another sighting of the same transaction, which ends within
 * a minute, so the difference of two such values is exact. */
static uint32_t time_us(int64_t time_ns)
{
    return (uint32_t)(uint64_t)(time_ns / 1000);
}

/* The message digest folded to 32 bits: compared only within one slot of
 * one transaction, where a false match has odds of 1 in 4 billion. */
static uint32_t fp32(uint64_t fp)
{
    return (uint32_t)(fp ^ (fp >> 32));
}

/* Same message seen before in this slot of the transaction? Fills the
 * result and returns true when so. */
static bool check_dup(const sh_tracker *t, sh_txn *x, unsigned slot, const sh_msg *m, sh_result *out)
{
    struct sh_seen *seen = &x->priv_seen[slot];
    uint8_t point = (uint8_t)MIN(m->capture_point, UINT8_MAX);
    uint32_t now = time_us(m->time_ns);
    int32_t since;

    if (seen->frame == 0) {
        seen->fp = fp32(m->fingerprint);
        seen->frame = m->frame;
        seen->time_us = now;
        x->priv_seen_point[slot] = point;
        return false;
    }
    if (seen->fp != fp32(m->fingerprint) || seen->frame == m->frame)
        return false;
    /* Another capture point saw it, or it came right after the previous
     * sighting (closer than any retransmission timer): captured twice.
     * Otherwise the sender sent it again. */
    out->dup_of = seen->frame;
    since = (int32_t)(now - seen->time_us);
    if (x->priv_seen_point[slot] != point || llabs((int64_t)since * 1000) < t->lim.copy_window_ns)
        out->dup = SH_DUP_COPY;
    else
        out->dup = SH_DUP_RETRANSMISSION;
    seen->time_us = now;
    return true;
}

/* RFC 3261 16.3 loop detection, reduced to what a capture shows: the same
 * sent-by + branch twice in one Via stack. */
static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static bool via_loop(const sh_msg *m)
{
    uint64_t stackbuf[64];
    uint64_t *keys = stackbuf;
    bool loop = false;

    if (m->n_vias < 2)
        return false;
    if (m->n_vias > G_N_ELEMENTS(stackbuf))
        keys = g_new(uint64_t, m->n_vias);
    for (size_t i = 0; i < m->n_vias; i++) {
        uint64_t h = sh_hash_str(SH_HASH_INIT, m->vias[i].branch);
        h = sh_hash_lower(h, m->vias[i].host);
        keys[i] = sh_hash_finish(sh_hash_u64(h, m->vias[i].port));
    }
    qsort(keys, m->n_vias, sizeof *keys, cmp_u64);
    for (size_t i = 1; i < m->n_vias && !loop; i++)
        loop = keys[i] == keys[i - 1];
    if (keys != stackbuf)
        g_free(keys);
    return loop;
}

/* ---- calls, segments and B2BUA links ---------------------------------- */

static segment *find_segment(sh_tracker *t, sh_str call_id)
{
    uint64_t key = call_id_key(call_id);
    return g_hash_table_lookup(t->segments, &key);
}

static segment *add_segment(sh_tracker *t, const sh_msg *m, sh_call *call, unsigned hop)
{
    segment *s = sh_arena_alloc0(t->arena, sizeof *s);

    s->key = call_id_key(m->call_id);
    s->call = call->number;
    s->caller_tag = tag_key(m->from_tag);
    /* hop = offset + Vias: negative where the Via count overstates the
     * hop (a Call-ID-rewriting hop that keeps the hidden Vias). */
    s->offset = (int16_t)CLAMP((int64_t)hop - (int64_t)MIN(m->via_total, (size_t)INT16_MAX), INT16_MIN + 1,
                               INT16_MAX);
    s->max_via = clamp16(m->via_total);
    g_hash_table_add(t->segments, &s->key);
    return s;
}

static uint64_t link_key(sh_link_kind kind, sh_str value)
{
    uint64_t h = sh_hash_u64(SH_HASH_INIT, kind);
    return sh_hash_finish(sh_hash_lower(h, value));
}

/* The correlation values a B2BUA carries from one leg to the next. */
typedef struct correlation {
    sh_link_kind kind;
    sh_str value;
} correlation;

static size_t correlations(const sh_msg *m, char uuid[33], correlation out[3])
{
    size_t n = 0;

    if (sh_session_id_local(m->session_id, uuid))
        out[n++] = (correlation){ SH_LINK_SESSION_ID, sh_str_make(uuid, 32) };
    if (m->cisco_guid.len)
        out[n++] = (correlation){ SH_LINK_CISCO_GUID, sh_str_trim(m->cisco_guid) };
    if (m->x_call_id.len)
        out[n++] = (correlation){ SH_LINK_X_CALL_ID, sh_str_trim(m->x_call_id) };
    return n;
}

/* The latest leg registered under any of the message's correlation values. */
static sh_txn *find_linked_leg(sh_tracker *t, const correlation *c, size_t n, size_t *which)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t key = link_key(c[i].kind, c[i].value);
        link_entry *e = g_hash_table_lookup(t->links, &key);
        if (e) {
            *which = i;
            return e->leg;
        }
    }
    return NULL;
}

/* Remember the leg under its correlation values. The latest leg carrying a
 * value is where a B2BUA's next leg would continue; a value an unrelated
 * call reuses is refused by the continuity check (place_leg), not here. */
static void register_links(sh_tracker *t, sh_txn *leg, const correlation *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t key = link_key(c[i].kind, c[i].value);
        link_entry *e = g_hash_table_lookup(t->links, &key);
        if (!e) {
            e = sh_arena_alloc0(t->arena, sizeof *e);
            e->key = key;
            g_hash_table_add(t->links, &e->key);
        }
        e->leg = leg;
    }
}

/* Does a new leg continue *prev* through a B2BUA? It must leave the node
 * where prev's INVITE arrived and start within the link window. Returns
 * SH_REFUSED_* bits (0: linked); *addr_checked* says whether addresses
 * were there to compare (a log without them links on time alone). */
static unsigned continuity(const sh_tracker *t, const sh_msg *m, const sh_txn *prev, bool *addr_checked,
                           int64_t *after_ns)
{
    const char *arrived = sh_tracker_endpoint(t, prev->dst);
    int32_t since_us = (int32_t)(time_us(m->time_ns) - prev->priv_seen[SH_SEEN_REQ].time_us);
    unsigned why = 0;

    *after_ns = (int64_t)since_us * 1000;
    *addr_checked = arrived && m->src.len;
    if (*addr_checked && !same_host(endpoint_host(sh_str_from(arrived)), endpoint_host(m->src)))
        why |= SH_REFUSED_ADDRESS;
    if (llabs(*after_ns) > t->lim.link_window_ns)
        why |= SH_REFUSED_TIME;
    return why;
}

static void keep_refusal(sh_tracker *t, const sh_txn *x, const sh_txn *other, sh_link_kind kind, const char *value,
                         unsigned why, int64_t after_ns)
{
    refusal *r = sh_arena_alloc0(t->arena, sizeof *r);

    r->leg = x->handle;
    r->other = other->handle;
    r->kind = (uint8_t)kind;
    r->why = (uint8_t)why;
    r->value = value;
    r->after_ns = after_ns;
    g_hash_table_add(t->refusals, &r->leg);
}

static sh_call *new_call(sh_tracker *t, const sh_msg *m)
{
    sh_call *c = sh_pool_add(t->calls);

    c->number = sh_pool_len(t->calls);
    c->first_frame = m->frame;
    return c;
}

const char *sh_tracker_eo_entry(const sh_tracker *t, const char *host)
{
    return t && t->domains && host ? sh_domains_match(t->domains, sh_str_from(host)) : NULL;
}

/* ---- INVITE ------------------------------------------------------------ */

/* Which early-offer-required destination the INVITE heads to, if any:
 * the Request-URI says where it is routed, To where the caller meant it. */
static void match_target(sh_tracker *t, const sh_msg *m, sh_txn *x, sh_leg_names *names)
{
    sh_str host = m->ruri_host;

    if (!t->domains)
        return;
    if (sh_domains_match(t->domains, host) == NULL)
        host = m->to_host;
    if (sh_domains_match(t->domains, host) != NULL) {
        x->eo_required = true;
        names->target = intern(t, host);
    }
}

/* Where the new leg sits: linked to an upstream leg, or first of a call. */
typedef struct placement {
    sh_call *call;
    sh_txn *upstream;
    segment *seg;
    unsigned hop;
    unsigned depth;
    sh_link_kind link;
    const char *link_value;
    bool addr_checked;
    /* A shared value whose continuity check failed: */
    const sh_txn *refused_leg;
    sh_link_kind refused_kind;
    unsigned refused_why;
    int64_t refused_after_ns;
} placement;

static void place_leg(sh_tracker *t, const sh_msg *m, placement *p, sh_result *out)
{
    memset(p, 0, sizeof *p);
    p->seg = find_segment(t, m->call_id);

    /* Proxy: our Via stack is the upstream one plus ours on top. Look for
     * the nearest Via below ours that opened a captured leg; a deeper match
     * means the legs in between were not captured. */
    for (size_t i = 1; i < m->n_vias; i++) {
        sh_txn *up = find_txn(t, txn_key(m, i, m->cseq));
        if (up) {
            /* The callee's requests flow back toward hop 1. */
            bool reverse = is_reverse(p->seg, m);
            p->upstream = up;
            p->call = up->call;
            p->depth = (unsigned)i;
            p->hop = reverse ? (up->hop > i ? up->hop - (unsigned)i : 1) : up->hop + (unsigned)i;
            p->link = SH_LINK_VIA;
            out->hops_missing = clamp16(i - 1);
            return;
        }
    }
    if (p->seg) {
        /* Same Call-ID, no Via link: an in-dialog request or a leg whose
         * upstream was not captured. */
        p->call = sh_tracker_call_at(t, p->seg->call);
        p->hop = segment_hop(p->seg, m);
        p->link = SH_LINK_DIALOG;
        return;
    }

    char uuid[33];
    correlation c[3];
    size_t n = correlations(m, uuid, c), which = 0;
    sh_txn *prev = m->to_tag.len ? NULL : find_linked_leg(t, c, n, &which);
    if (prev) {
        int64_t after_ns;
        unsigned why = continuity(t, m, prev, &p->addr_checked, &after_ns);
        if (!why) {
            /* B2BUA: a new Call-ID, hanging on the leg that arrived where
             * this one leaves: one hop further, whatever its Via count
             * (a Call-ID-rewriting proxy may keep the old Vias hidden). */
            p->call = prev->call;
            p->upstream = (sh_txn *)prev;
            p->hop = prev->hop + 1u;
            p->link = c[which].kind;
            p->link_value = intern(t, c[which].value);
            return;
        }
        p->refused_leg = prev;
        p->refused_kind = c[which].kind;
        p->refused_why = why;
        p->refused_after_ns = after_ns;
        p->link_value = intern(t, c[which].value);
    }
    /* First leg of a new call: a Via stack deeper than one proves hops
     * before it that the capture missed. */
    p->hop = m->via_total ? (unsigned)m->via_total : 1;
    out->hops_missing = clamp16(p->hop - 1);
}

static void new_invite(sh_tracker *t, const sh_msg *m, uint64_t key, sh_result *out)
{
    sh_leg_names names = { NULL, NULL, NULL };
    sh_txn *x;
    placement p;
    char uuid[33];
    correlation c[3];
    size_t n;

    place_leg(t, m, &p, out);
    if (!p.call) {
        if (sh_pool_len(t->calls) >= t->lim.max_calls) {
            out->flags |= SH_F_CALLS_LIMIT;
            t->calls_limited = true;
            return;
        }
        p.call = new_call(t, m);
    }
    out->call = p.call;
    out->hop = clamp16(p.hop);
    if (p.call->legs >= t->lim.max_legs_per_call) {
        p.call->legs_limited = true;
        out->flags |= SH_F_LEGS_LIMIT;
        return;
    }

    x = sh_pool_add(t->txns_by_index);
    x->key = key;
    x->handle = sh_pool_len(t->txns_by_index) - 1;
    x->call = p.call;
    x->upstream = p.upstream;
    x->invite_frame = m->frame;
    x->invite_ns = m->time_ns;
    x->hop = clamp16(p.hop);
    x->link = p.link;
    x->link_depth = clamp16(p.depth);
    x->reinvite = m->to_tag.len > 0;
    /* Cut before its body ends, an INVITE without SDP so far may still
     * have one: the offer is unknown, not delayed. */
    x->offer = m->has_sdp ? SH_OFFER_EARLY : m->body_cut ? SH_OFFER_UNKNOWN : SH_OFFER_DELAYED;
    x->offer_frame = m->has_sdp ? m->frame : 0;
    x->dst = endpoint_id(t, m->dst);
    x->link_addr_checked = p.addr_checked;
    x->priv_kept_text = keep_leg_text(t, m->n_vias ? m->vias[0].proxy_call_id : sh_str_make(NULL, 0),
                                 p.refused_leg ? NULL : p.link_value);
    if (m->n_vias) {
        names.egress_zone = intern(t, m->vias[0].egress_zone);
    }
    if (m->n_vias > 1)
        names.ingress_zone = intern(t, m->vias[1].ingress_zone);
    match_target(t, m, x, &names);
    x->names = intern_names(t, &names);
    check_dup(t, x, SH_SEEN_REQ, m, out);
    g_hash_table_add(t->txns, &x->key);
    x->dialog_key = dialog_key(m->call_id, m->cseq, x->hop, is_reverse(p.seg, m));
    g_hash_table_add(t->dialogs, &x->dialog_key);
    if (p.refused_leg) {
        x->link_refused = true;
        keep_refusal(t, x, p.refused_leg, p.refused_kind, p.link_value, p.refused_why, p.refused_after_ns);
    }
    if (p.upstream) {
        p.upstream->forked = p.upstream->has_downstream;
        p.upstream->has_downstream = true;
    }

    sh_call *call = p.call;
    if (!p.seg)
        p.seg = add_segment(t, m, call, x->hop);
    else if (!is_reverse(p.seg, m) && m->via_total > p.seg->max_via)
        p.seg->max_via = clamp16(m->via_total);
    n = correlations(m, uuid, c);
    if (!x->reinvite)
        register_links(t, x, c, n);

    call->legs++;
    if (call->legs == 1 || x->hop < call->min_hop)
        call->min_hop = x->hop;
    if (x->hop >= call->max_hop || !call->deepest) {   /* an orphan's call has none */
        call->max_hop = MAX(call->max_hop, x->hop);
        call->deepest = x;
    }
    /* The call's outcome is its latest attempt on its first hop: a retry
     * after a challenge or a failure replaces the earlier one. */
    if (!x->reinvite && (!call->top || x->hop <= call->top->hop))
        call->top = x;
    if (x->offer == SH_OFFER_DELAYED && x->eo_required)
        call->delayed_to_eo = true;

    out->txn = x;
    out->flags |= SH_F_NEW_LEG;
    if (out->hops_missing)
        out->flags |= SH_F_HOP_MISSING;
    out->sdp_role = m->has_sdp ? SH_SDP_OFFER : SH_SDP_NONE;
}

static void on_invite(sh_tracker *t, const sh_msg *m, sh_result *out)
{
    uint64_t key = txn_key(m, 0, m->cseq);
    sh_txn *x = find_txn(t, key);

    if (!x) {
        new_invite(t, m, key, out);
        return;
    }
    /* The same transaction again: a retransmission, a copy from another
     * capture point, or (rarely) a looped or rewritten request. */
    out->call = x->call;
    out->txn = x;
    out->hop = x->hop;
    check_dup(t, x, SH_SEEN_REQ, m, out);
    if (m->has_sdp)
        out->sdp_role = SH_SDP_OFFER;
}

/* ---- responses to INVITE ---------------------------------------------- */

/* A view of interned text: never NULL, so a consumer may print an empty
 * part without a check. */
static sh_str intern_view(sh_tracker *t, sh_str s)
{
    const char *p = intern(t, s);
    return p ? sh_str_from(p) : sh_str_make("", 0);
}

/* ---- the failure model --------------------------------------------------- */

/* A response that rejects a missing offer: the codes an early-offer-only
 * destination answers a delayed offer with (Webex: 500 "Invalid content in
 * far end 200 OK"; others 488, 400, 415, 606), a 5xx only with a Warning
 * that speaks of the content, the SDP or the offer. */
static bool rejects_missing_offer(unsigned status, const sh_warning *w)
{
    if (status == 488 || status == 400 || status == 415 || status == 606)
        return true;
    return status >= 500 && status < 600 && w->code &&
           (sh_str_icontains(w->text, "content") || sh_str_icontains(w->text, "sdp") ||
            sh_str_icontains(w->text, "offer"));
}

/* The class of a failure where it originated, on evidence only: the
 * delayed offer is blamed only when the failure came from the early-offer-
 * only destination itself (no captured leg beyond this one) in answer to a
 * delayed-offer INVITE with a code or Warning that rejects a missing offer.
 * *x* is NULL for an orphan (its INVITE is not in the capture). */
static sh_failure_class classify(unsigned status, const sh_warning *w, const sh_txn *x, bool via_loop)
{
    if (status == 401 || status == 407)
        return SH_FC_CHALLENGE;
    if (x && x->reinvite)
        return SH_FC_REINVITE_REJECTED;
    if (status < 400)
        return SH_FC_REDIRECT;
    if (x && x->offer == SH_OFFER_DELAYED && x->eo_required && !x->has_downstream && rejects_missing_offer(status, w))
        return SH_FC_DELAYED_OFFER;
    switch (status) {
    case 486: case 600: return SH_FC_BUSY;
    case 603: return SH_FC_DECLINED;
    case 408: case 504: return SH_FC_NO_ANSWER;
    case 403: case 404: case 410: case 480: case 484: case 604: return SH_FC_ROUTING;
    case 483: return SH_FC_LOOP;
    case 415: case 488: case 606: return SH_FC_MEDIA;
    case 422: return SH_FC_SESSION_TIMER;
    default: break;
    }
    if (via_loop)
        return SH_FC_LOOP;
    /* RFC 3261 20.43: warn-codes 300-329 and 330-370 speak of the session
     * description; 399 is anything else. */
    if (w->code >= 300 && w->code < 399)
        return SH_FC_MEDIA;
    if (status == 500 || status == 503)
        return SH_FC_UNAVAILABLE;
    return SH_FC_OTHER;
}

/* The leg below *x* that never got a response, if the latest one is: the
 * silent next hop behind a proxy's own 408/504. */
static const sh_txn *silent_next_hop(const sh_txn *x)
{
    const sh_txn *d = x->call ? x->call->deepest : NULL;
    return d && d != x && d->upstream == x && sh_txn_unanswered(d) ? d : NULL;
}

/* Reasons, senders, servers and Warnings repeat across failed calls, so
 * their text is interned; the record itself lives in a pool. */
static sh_failure *new_failure(sh_tracker *t, const sh_msg *m, const sh_txn *x, unsigned hop, bool via_loop)
{
    sh_failure *f = sh_pool_add(t->failures);
    sh_warning w = { 0 };
    const sh_txn *silent;

    f->id = sh_pool_len(t->failures);
    f->frame = m->frame;
    f->txn = x ? x->handle + 1 : 0;
    f->hop = clamp16(hop);
    f->status = (uint16_t)m->status;
    f->reason = intern(t, m->reason);
    f->sender = intern(t, m->src);
    f->server = intern(t, m->server);
    if (sh_warning_parse(m->warning, &w)) {
        f->warning.code = w.code;
        f->warning.agent = intern_view(t, w.agent);
        f->warning.text = intern_view(t, w.text);
    }
    f->cls = (uint8_t)classify(m->status, &w, x, via_loop);
    if (f->cls == SH_FC_NO_ANSWER && x && (silent = silent_next_hop(x)) != NULL) {
        f->generated = true;
        f->silent_frame = silent->invite_frame;
        f->silent_dst = sh_tracker_endpoint(t, silent->dst);
    }
    return f;
}

static bool cancelled_upstream(const sh_tracker *t, const sh_txn *x)
{
    size_t guard = (size_t)t->lim.max_legs_per_call + 1;
    for (; x && guard; x = x->upstream, guard--)
        if (x->cancelled)
            return true;
    return false;
}

static uint64_t branch_key(uint32_t upstream, sh_str to_tag)
{
    uint64_t h = sh_hash_u64(SH_HASH_INIT, 0xb4a2c4u);
    h = sh_hash_u64(h, upstream);
    return sh_hash_finish(sh_hash_str(h, to_tag));
}

static void remember_failure(sh_tracker *t, uint64_t key, const sh_failure *f, unsigned hop)
{
    failure_ref *r;

    if (g_hash_table_contains(t->relays, &key))
        return;
    r = sh_arena_alloc0(t->arena, sizeof *r);
    r->key = key;
    r->failure = f->id;
    r->hop = clamp16(hop);
    g_hash_table_add(t->relays, &r->key);
}

static const failure_ref *remembered(const sh_tracker *t, uint64_t key)
{
    return g_hash_table_lookup(t->relays, &key);
}

static const sh_failure *remembered_failure(const sh_tracker *t, uint64_t key)
{
    const failure_ref *r = remembered(t, key);
    return r ? sh_tracker_failure_at(t, r->failure) : NULL;
}

/* The failure below *x* that this response relays, NULL when it starts
 * here. RFC 3261 16.7: a proxy forwards the best branch response as it came
 * (same code, same To-tag), so a branch with this To-tag is the one relayed.
 * Without one: a proxy's own 408/504 after a silent next hop starts here;
 * otherwise the latest failure below is relayed, with its code changed by a
 * proxy (503 -> 500) or its tag by a B2BUA. */
static const sh_failure *relayed_failure(const sh_tracker *t, const sh_msg *m, const sh_txn *x)
{
    const sh_failure *f = x->forked && m->to_tag.len ? remembered_failure(t, branch_key(x->handle, m->to_tag)) : NULL;

    if (f)
        return f;
    if ((m->status == 408 || m->status == 504) && silent_next_hop(x))
        return NULL;
    return x->downstream_failure ? sh_tracker_failure_at(t, x->downstream_failure) : NULL;
}

/* A final response >= 300 to an INVITE: ours, or one relayed from a leg below. */
static void on_failure(sh_tracker *t, const sh_msg *m, sh_txn *x, bool dup, sh_result *out)
{
    if (m->status == 487 && cancelled_upstream(t, x)) {
        out->flags |= SH_F_CANCELLED;
        return;
    }
    if (!x->failure && !dup) {
        const sh_failure *below = relayed_failure(t, m, x);
        if (below) {
            x->failure = below;
            x->failure_relayed = true;
        } else {
            x->failure = new_failure(t, m, x, x->hop, (out->flags & SH_F_VIA_LOOP) != 0);
        }
        /* The leg above learns what failed below it: by To-tag for the
         * branch it relays, and as the latest failure otherwise. The guard
         * is belt and braces: upstream chains cannot loop (see top). */
        if (x->upstream && x->upstream->forked && m->to_tag.len)   /* only forks need it */
            remember_failure(t, branch_key(x->upstream->handle, m->to_tag), x->failure, x->hop);
        size_t guard = (size_t)t->lim.max_legs_per_call + 1;
        for (sh_txn *u = x->upstream; u && guard; u = u->upstream, guard--)
            u->downstream_failure = x->failure->id;
    }
    if (x->failure)
        out->flags |= x->failure_relayed ? SH_F_FAILURE_RELAYED : SH_F_FAILURE_ORIGIN;
}

/* A failure response whose INVITE is not in the capture (a capture or log
 * that starts mid-call): its Vias still give its hop, and a proxy relays it
 * (or its own code instead) one hop up with one Via less, so relays are
 * tied to their origin by Call-ID, CSeq, From tag and hop. The key of its
 * top Via finds it again: a retransmission, and the non-2xx ACK, which
 * reuses that Via. */
static uint64_t orphan_seen_key(const sh_msg *m)
{
    return sh_hash_finish(sh_hash_u64(sh_hash_u64(SH_HASH_INIT, 0x5ee7u), txn_key(m, 0, m->cseq)));
}

static uint64_t orphan_hop_key(const sh_msg *m, unsigned hop)
{
    uint64_t h = sh_hash_u64(SH_HASH_INIT, 0x0e1au);
    h = sh_hash_str(h, m->call_id);
    h = sh_hash_u64(h, m->cseq);
    h = sh_hash_str(h, m->from_tag);
    return sh_hash_finish(sh_hash_u64(h, hop));
}

static void on_orphan_failure(sh_tracker *t, const sh_msg *m, sh_result *out)
{
    uint64_t seen_key = orphan_seen_key(m);
    unsigned hop = out->hop ? out->hop : (unsigned)MIN(m->via_total, (size_t)UINT16_MAX);
    const failure_ref *seen = remembered(t, seen_key);
    const sh_failure *f;

    out->hop = clamp16(hop);
    if (seen) {
        /* This response again (retransmitted, or seen at another point). */
        f = sh_tracker_failure_at(t, seen->failure);
        out->flags |= f->hop == seen->hop ? SH_F_FAILURE_ORIGIN : SH_F_FAILURE_RELAYED;
        out->orphan_failure = f->id;
        return;
    }
    if (!out->call && sh_pool_len(t->calls) < t->lim.max_calls) {
        /* A call of its own: the ACKs and relays on this Call-ID join it. */
        sh_call *call = new_call(t, m);
        add_segment(t, m, call, hop);
        call->min_hop = call->max_hop = clamp16(hop);
        out->call = call;
    }
    f = remembered_failure(t, orphan_hop_key(m, hop));
    if (f) {
        out->flags |= SH_F_FAILURE_RELAYED;
    } else {
        f = new_failure(t, m, NULL, hop, (out->flags & SH_F_VIA_LOOP) != 0);
        out->flags |= SH_F_FAILURE_ORIGIN;
    }
    out->orphan_failure = f->id;
    remember_failure(t, seen_key, f, hop);
    if (hop > 1)
        remember_failure(t, orphan_hop_key(m, hop - 1), f, hop);
}

/* The hop of an orphan failure this non-2xx ACK acknowledges, 0 if none. */
static uint16_t orphan_ack_hop(const sh_tracker *t, const sh_msg *m)
{
    const failure_ref *r = remembered(t, orphan_seen_key(m));
    return r ? r->hop : 0;
}

static void on_invite_response(sh_tracker *t, const sh_msg *m, sh_txn *x, sh_result *out)
{
    bool reliable = m->has_rseq;

    if (m->status < 200) {
        if (check_dup(t, x, SH_SEEN_PROV, m, out) || !m->has_sdp)
            return;
        if (x->offer == SH_OFFER_DELAYED && !x->offer_frame) {
            out->sdp_role = reliable ? SH_SDP_OFFER : SH_SDP_PREVIEW;
            if (reliable)
                x->offer_frame = m->frame;
        } else if (x->offer == SH_OFFER_EARLY && !x->answer_frame) {
            out->sdp_role = reliable ? SH_SDP_ANSWER : SH_SDP_PREVIEW;
            if (reliable)
                x->answer_frame = m->frame;
        } else {
            out->sdp_role = SH_SDP_EXTRA;
        }
        return;
    }

    bool dup = check_dup(t, x, SH_SEEN_FINAL, m, out);
    if (!x->final_frame) {
        x->final_frame = m->frame;
        x->status = (uint16_t)m->status;
    }
    if (m->status >= 200 && m->status < 300) {
        if (m->has_sdp) {
            if (x->offer == SH_OFFER_DELAYED && (!x->offer_frame || x->offer_frame == m->frame || dup)) {
                out->sdp_role = SH_SDP_OFFER;
                if (!x->offer_frame)
                    x->offer_frame = m->frame;
            } else if (x->offer == SH_OFFER_EARLY && (!x->answer_frame || x->answer_frame == m->frame || dup)) {
                out->sdp_role = SH_SDP_ANSWER;
                if (!x->answer_frame)
                    x->answer_frame = m->frame;
            } else {
                out->sdp_role = SH_SDP_EXTRA;
            }
        } else if (x->offer == SH_OFFER_DELAYED && !x->offer_frame) {
            out->flags |= SH_F_NO_OFFER_IN_2XX;
        }
    } else if (m->status >= 300) {
        on_failure(t, m, x, dup, out);
    }
}

/* ---- ACK, CANCEL, PRACK and the rest ---------------------------------- */

/* The INVITE transaction an in-dialog request refers to through its CSeq:
 * the 2xx ACK (same CSeq) or a PRACK (RAck's CSeq), on the same hop. */
static sh_txn *find_by_dialog(sh_tracker *t, const sh_msg *m, uint32_t cseq, segment **seg_out, uint16_t *hop_out)
{
    segment *s = find_segment(t, m->call_id);
    uint64_t key;

    *seg_out = s;
    *hop_out = 0;
    if (!s)
        return NULL;
    *hop_out = segment_hop(s, m);
    key = dialog_key(m->call_id, cseq, *hop_out, is_reverse(s, m));
    const uint64_t *found = g_hash_table_lookup(t->dialogs, &key);
    return found ? (sh_txn *)(void *)((const char *)found - offsetof(sh_txn, dialog_key)) : NULL;
}

static void attribute(sh_result *out, sh_txn *x)
{
    out->call = x->call;
    out->txn = x;
    out->hop = x->hop;
}

static void on_ack(sh_tracker *t, const sh_msg *m, sh_result *out)
{
    /* The ACK for a non-2xx reuses the INVITE's branch (RFC 3261 17.1.1.3);
     * the 2xx ACK is a transaction of its own, found through the dialog. */
    sh_txn *x = find_txn(t, txn_key(m, 0, m->cseq));
    segment *s = NULL;
    uint16_t hop = 0;

    if (!x)
        x = find_by_dialog(t, m, m->cseq, &s, &hop);
    if (!x) {
        uint16_t orphan_hop = orphan_ack_hop(t, m);
        out->flags |= SH_F_ORPHAN;
        out->call = s ? sh_tracker_call_at(t, s->call) : NULL;
        out->hop = orphan_hop ? orphan_hop : hop;
        return;
    }
    attribute(out, x);
    if (check_dup(t, x, SH_SEEN_ACK, m, out))
        return;
    x->ack_seen = true;
    if (x->status < 200 || x->status >= 300)
        return;
    if (m->has_sdp) {
        bool answers = x->offer == SH_OFFER_DELAYED && x->offer_frame && !x->answer_frame;
        out->sdp_role = answers ? SH_SDP_ANSWER : SH_SDP_EXTRA;
        if (answers)
            x->answer_frame = m->frame;
    } else if (x->offer == SH_OFFER_DELAYED && x->offer_frame && !x->answer_frame) {
        out->flags |= SH_F_NO_ANSWER_IN_ACK;
    }
}

static void on_cancel(sh_tracker *t, const sh_msg *m, sh_result *out)
{
    /* CANCEL carries the INVITE's branch (RFC 3261 9.1) but is a
     * transaction of its own: point at the call and hop, mark the INVITE. */
    sh_txn *x = find_txn(t, txn_key(m, 0, m->cseq));

    if (!x) {
        out->flags |= SH_F_ORPHAN;
        return;
    }
    x->cancelled = true;
    out->call = x->call;
    out->hop = x->hop;
}

static void on_other(sh_tracker *t, const sh_msg *m, sh_result *out);

/* A response to CANCEL: a proxy sends its own CANCEL with one Via, so
 * count no Vias; the branch names the INVITE's hop. */
static void on_cancel_response(sh_tracker *t, const sh_msg *m, sh_result *out)
{
    sh_txn *x = find_txn(t, txn_key(m, 0, m->cseq));

    if (!x) {
        on_other(t, m, out);
        return;
    }
    out->call = x->call;
    out->hop = x->hop;
}

static void on_prack(sh_tracker *t, const sh_msg *m, sh_result *out)
{
    segment *s = NULL;
    uint16_t hop = 0;
    sh_txn *x = m->has_rack ? find_by_dialog(t, m, m->rack_cseq, &s, &hop) : NULL;

    if (!x) {
        /* No INVITE matches its RAck. When the Call-ID is a known call,
         * the PRACK is still that call's, on its hop: an orphan within
         * it (a wrong RAck, or an INVITE not captured). */
        out->flags |= SH_F_ORPHAN;
        if (!m->has_rack && (s = find_segment(t, m->call_id)) != NULL)
            hop = segment_hop(s, m);
        if (s) {
            out->call = sh_tracker_call_at(t, s->call);
            out->hop = hop;
        }
        return;
    }
    out->call = x->call;
    out->hop = x->hop;
    if (!m->has_sdp)
        return;
    if (x->offer == SH_OFFER_DELAYED && x->offer_frame && !x->answer_frame) {
        out->sdp_role = SH_SDP_ANSWER;
        x->answer_frame = m->frame;
    } else {
        out->sdp_role = SH_SDP_EXTRA;
    }
}

/* BYE, OPTIONS, INFO, UPDATE ... and their responses: call and hop only. */
static void on_other(sh_tracker *t, const sh_msg *m, sh_result *out)
{
    segment *s = find_segment(t, m->call_id);

    if (s) {
        out->call = sh_tracker_call_at(t, s->call);
        out->hop = segment_hop(s, m);
    }
}

void sh_tracker_process(sh_tracker *t, const sh_msg *m, sh_result *out)
{
    memset(out, 0, sizeof *out);
    if (m->time_ns > t->latest_ns)
        t->latest_ns = m->time_ns;
    if (!m->is_request)
        t->saw_response = true;
    out->via_total = clamp16(m->via_total);
    if (m->via_total > t->lim.max_vias)
        out->flags |= SH_F_VIAS_TRUNCATED;
    if (m->call_id.len == 0 || !m->has_cseq || m->n_vias == 0) {
        out->flags |= SH_F_UNTRACKABLE;
        return;
    }
    if (via_loop(m))
        out->flags |= SH_F_VIA_LOOP;

    if (!m->is_request) {
        if (method_is(m, "INVITE")) {
            sh_txn *x = find_txn(t, txn_key(m, 0, m->cseq));
            if (x) {
                attribute(out, x);
                on_invite_response(t, m, x, out);
            } else {
                out->flags |= SH_F_ORPHAN;
                on_other(t, m, out);
                if (m->status >= 300 && !(m->status == 487))
                    on_orphan_failure(t, m, out);
            }
        } else if (method_is(m, "CANCEL")) {
            on_cancel_response(t, m, out);
        } else {
            on_other(t, m, out);
        }
    } else if (method_is(m, "INVITE")) {
        on_invite(t, m, out);
    } else if (method_is(m, "ACK")) {
        on_ack(t, m, out);
    } else if (method_is(m, "CANCEL")) {
        on_cancel(t, m, out);
    } else if (method_is(m, "PRACK")) {
        on_prack(t, m, out);
    } else {
        on_other(t, m, out);
    }
    /* Without its INVITE because a limit kept the INVITE out: say which. */
    if (out->flags & SH_F_ORPHAN) {
        if (out->call && out->call->legs_limited)
            out->flags |= SH_F_LEGS_LIMIT;
        else if (!out->call && t->calls_limited)
            out->flags |= SH_F_CALLS_LIMIT;
    }
}

const char *sh_offer_name(sh_offer o)
{
    switch (o) {
    case SH_OFFER_EARLY: return "early";
    case SH_OFFER_DELAYED: return "delayed";
    default: return "unknown";
    }
}

const char *sh_link_name(sh_link_kind k)
{
    switch (k) {
    case SH_LINK_VIA: return "via-chain";
    case SH_LINK_DIALOG: return "call-id";
    case SH_LINK_SESSION_ID: return "session-id";
    case SH_LINK_CISCO_GUID: return "cisco-guid";
    case SH_LINK_X_CALL_ID: return "x-call-id";
    default: return "none";
    }
}

const char *sh_sdp_role_name(sh_sdp_role r)
{
    switch (r) {
    case SH_SDP_OFFER: return "offer";
    case SH_SDP_ANSWER: return "answer";
    case SH_SDP_PREVIEW: return "preview";
    case SH_SDP_EXTRA: return "extra";
    default: return "none";
    }
}

bool sh_txn_unanswered(const sh_txn *x)
{
    return x->priv_seen[SH_SEEN_PROV].frame == 0 && x->priv_seen[SH_SEEN_FINAL].frame == 0;
}

int64_t sh_tracker_latest_ns(const sh_tracker *t)
{
    return t->latest_ns;
}

bool sh_tracker_saw_response(const sh_tracker *t)
{
    return t->saw_response;
}

bool sh_txn_silence_proven(const sh_tracker *t, const sh_txn *x)
{
    const sh_failure *f = x->upstream ? x->upstream->failure : NULL;

    if (f && f->generated && f->silent_frame == x->invite_frame)
        return true;
    return t->saw_response && t->latest_ns - x->invite_ns >= SH_TIMER_B_NS;
}

int32_t sh_txn_invite_gap_us(const sh_txn *later, const sh_txn *earlier)
{
    return (int32_t)(later->priv_seen[SH_SEEN_REQ].time_us - earlier->priv_seen[SH_SEEN_REQ].time_us);
}
