/* fuzz_tracker.c - libFuzzer target for the tracker (tracker.h) and the
 * text it shows (describe.h).
 *
 * The input is a script: three bytes of limits, then messages of a few
 * bytes each. Identifiers (Call-IDs, branches, hosts, tags, Session-IDs)
 * come mostly from small pools so that messages collide the way a capture's
 * do (same Call-ID, same branch, a retransmission), and sometimes from the
 * input itself. The limits are tiny, so the limit paths run constantly.
 *
 * Besides crashes and sanitizer reports, every result is checked against
 * the promises of tracker.h: calls <= max_calls, legs <= max_legs, a
 * transaction's call is the result's call, upstream chains end, texts fit
 * their buffers. At the end every result is checked again: results keep
 * pointers into the tracker, which must stay valid until sh_tracker_free.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude \
 *     $(pkg-config --cflags glib-2.0) tests/fuzz/fuzz_tracker.c \
 *     core/tracker.c core/describe.c core/domain.c core/via.c \
 *     core/sipheaders.c core/ipaddr.c core/strview.c core/hash.c \
 *     $(pkg-config --libs glib-2.0) -o fuzz_tracker
 *   ./fuzz_tracker scratch/ tests/fuzz/corpus/tracker
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <string.h>

#include "siphop/describe.h"
#include "siphop/domain.h"
#include "siphop/tracker.h"

#include "fuzz_check.h"

#define MAX_MSGS 512
#define MAX_VIAS_FUZZ 6

typedef struct reader {
    const uint8_t *p;
    size_t n;
} reader;

static uint8_t u8(reader *r)
{
    if (r->n == 0)
        return 0;
    r->n--;
    return *r->p++;
}

/* A view of up to *max* input bytes (length from the next byte). */
static sh_str bytes(reader *r, size_t max)
{
    size_t len = u8(r) % (max + 1);
    sh_str s;

    if (len > r->n)
        len = r->n;
    s = sh_str_make((const char *)r->p, len);
    r->p += len;
    r->n -= len;
    return s;
}

/* One of the pool's entries, or (last choice) bytes from the input. */
static sh_str pick(reader *r, const char *const *pool, size_t n, size_t max)
{
    uint8_t b = u8(r);
    if (b % (n + 1) == n)
        return bytes(r, max);
    return sh_str_from(pool[b % (n + 1)]);
}

#define PICK(r, pool, max) pick((r), (pool), sizeof(pool) / sizeof(pool[0]), (max))

static const char *const methods[] = { "INVITE", "ACK", "CANCEL", "PRACK", "BYE", "UPDATE", "OPTIONS" };
static const char *const call_ids[] = { "a@h", "b@h", "c@h" };
static const char *const tags[] = { "", "t1", "t2" };
static const char *const hosts[] = { "10.0.0.1", "10.0.0.2", "expc.example.com", "[2001:db8::1]" };
static const char *const endpoints[] = { "10.0.0.1:5060", "10.0.0.2:5060", "10.0.0.2:5070", "[2001:db8::1]:5061", "" };
static const char *const branches[] = { "z9hG4bK1", "z9hG4bK2", "z9hG4bK3", "1", "" };
static const char *const targets[] = { "webex.com", "a.webex.com", "example.com", "" };
static const char *const session_ids[] = { "0123456789abcdef0123456789abcdef",
                                           "fedcba9876543210fedcba9876543210;remote=0123456789abcdef0123456789abcdef",
                                           "00000000000000000000000000000000", "" };
static const char *const guids[] = { "", "1234-5678", "abcd" };
static const char *const zones[] = { "", "Zone A", "Webex" };
static const char *const warnings[] = { "", "399 expe \"Not acceptable\"", "junk" };
static const unsigned statuses[] = { 100, 180, 183, 200, 202, 404, 408, 486, 487, 488, 500, 503, 606, 699 };

typedef struct kept {
    sh_result r;
    sh_msg_brief brief;
    uint32_t frame;
} kept;

static uint32_t g_txns;  /* legs opened so far: bounds every upstream chain */

static void check_text(const char *s, const char *buf, size_t size)
{
    FUZZ_ASSERT(s == buf);
    FUZZ_ASSERT(memchr(buf, '\0', size) != NULL);
}

static void check_result(const sh_tracker *t, const sh_limits *lim, const kept *k)
{
    const sh_result *r = &k->r;
    uint32_t calls = sh_tracker_call_count(t);
    char small[7], big[1024];

    FUZZ_ASSERT(calls <= lim->max_calls);
    if (r->call) {
        FUZZ_ASSERT(r->call->number >= 1 && r->call->number <= calls);
        FUZZ_ASSERT(r->call->legs <= lim->max_legs_per_call);
        FUZZ_ASSERT(r->call->legs == 0 || r->call->min_hop <= r->call->max_hop);
        FUZZ_ASSERT(r->call->first_frame <= k->frame);
        FUZZ_ASSERT(r->call->legs == 0 || r->call->deepest != NULL);
    }
    if (r->txn) {
        const sh_txn *x = r->txn, *u;
        uint32_t steps = 0;

        FUZZ_ASSERT(r->call == x->call && r->hop == x->hop);
        FUZZ_ASSERT(x->invite_frame <= k->frame);
        FUZZ_ASSERT(x->final_frame == 0 || x->status >= 200);
        for (u = x->upstream; u; u = u->upstream) {
            FUZZ_ASSERT(++steps <= g_txns);
            FUZZ_ASSERT(u->call == x->call);
        }
        if (x->link == SH_LINK_VIA)
            FUZZ_ASSERT(x->upstream != NULL);
        if (x->failure) {
            FUZZ_ASSERT(x->failure->status >= 300 && x->failure->cls > SH_FC_NONE && x->failure->cls < SH_FC_COUNT);
            check_text(sh_describe_failure_origin(t, x->failure, small, sizeof small), small, sizeof small);
            check_text(sh_describe_failure_origin(t, x->failure, big, sizeof big), big, sizeof big);
            check_text(sh_describe_failure_relayed(x->failure, 500, big, sizeof big), big, sizeof big);
            check_text(sh_describe_cause(t, x->failure, big, sizeof big), big, sizeof big);
        }
        check_text(sh_describe_link(t, x, small, sizeof small), small, sizeof small);
        check_text(sh_describe_link(t, x, big, sizeof big), big, sizeof big);
        check_text(sh_describe_link_refused(t, x, big, sizeof big), big, sizeof big);
        check_text(sh_describe_no_response(t, x, big, sizeof big), big, sizeof big);
        check_text(sh_describe_eo_required(x, NULL, big, sizeof big), big, sizeof big);
    }
    FUZZ_ASSERT(r->dup == SH_DUP_NONE || (r->dup_of != 0 && r->dup_of <= k->frame));
    if (r->flags & SH_F_HOP_MISSING) {
        FUZZ_ASSERT(r->hops_missing > 0);
        check_text(sh_describe_hop_missing(r, big, sizeof big), big, sizeof big);
    }
    if (r->orphan_failure) {
        const sh_failure *f = sh_tracker_failure_at(t, r->orphan_failure);
        FUZZ_ASSERT(f != NULL && sh_failure_txn(t, f) == NULL);
        check_text(sh_describe_cause(t, f, big, sizeof big), big, sizeof big);
        check_text(sh_describe_failure_origin(t, f, big, sizeof big), big, sizeof big);
    }
    if (r->call)
        check_text(sh_describe_verdict(t, r->call, NULL, big, sizeof big), big, sizeof big);
    check_text(sh_describe_label(t, r, &k->brief, small, sizeof small), small, sizeof small);
    check_text(sh_describe_label(t, r, &k->brief, big, sizeof big), big, sizeof big);
    check_text(sh_describe_dup(r, big, sizeof big), big, sizeof big);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reader rd = { data, size };
    sh_limits lim;
    sh_domains *domains;
    sh_tracker *t;
    kept *ks;
    size_t nk = 0;
    uint32_t frame = 1;
    int64_t now = INT64_C(1700000000000000000);

    sh_limits_default(&lim);
    lim.max_calls = 1 + u8(&rd) % 4;
    lim.max_legs_per_call = 1 + u8(&rd) % 5;
    lim.max_vias = 1 + u8(&rd) % MAX_VIAS_FUZZ;
    domains = sh_domains_new(SH_DEFAULT_EO_DOMAINS);
    t = sh_tracker_new(&lim, domains);
    ks = calloc(MAX_MSGS, sizeof *ks);
    FUZZ_ASSERT(ks != NULL);
    g_txns = 0;

    while (rd.n > 0 && nk < MAX_MSGS) {
        sh_msg m;
        sh_via vias[MAX_VIAS_FUZZ];
        uint8_t op = u8(&rd), sel = u8(&rd);
        kept *k = &ks[nk++];

        memset(&m, 0, sizeof m);
        memset(vias, 0, sizeof vias);
        /* Several messages may share a frame (one TCP segment). */
        if (!(sel & 0x80))
            frame++;
        m.frame = frame;
        now += (int64_t)(sel & 0x70) * 10000000;   /* 0..1.12 s later */
        m.time_ns = now;
        m.capture_point = (sel >> 3) & 1;
        /* Few endpoints, so B2BUA continuity both holds and fails. */
        m.src = PICK(&rd, endpoints, 24);
        m.dst = PICK(&rd, endpoints, 24);
        m.body_cut = (sel >> 4) & 1;

        m.is_request = op & 1;
        if (m.is_request) {
            m.method = (op >> 1) % 8 == 7 ? bytes(&rd, 8) : sh_str_from(methods[(op >> 1) % 8]);
        } else {
            m.status = (op >> 1) % 16 < 14 ? statuses[(op >> 1) % 16] : 100 + u8(&rd) * 2;
            m.reason = bytes(&rd, 40);
        }
        m.call_id = PICK(&rd, call_ids, 300);
        m.has_cseq = !(op & 0x20);
        m.cseq = 1 + (sel & 3);
        m.cseq_method = m.is_request ? m.method : sh_str_from(methods[u8(&rd) % 7]);
        m.from_tag = PICK(&rd, tags, 16);
        m.to_tag = PICK(&rd, tags, 16);
        m.has_rack = op & 0x40;
        m.rack_cseq = 1 + (sel & 3);
        m.has_rseq = (sel >> 2) & 1;
        m.has_sdp = op & 0x10;

        /* Via stack: what the adapter gives, at most max_vias parsed and
         * possibly more counted. */
        size_t nv = u8(&rd) % (lim.max_vias + 1);
        for (size_t i = 0; i < nv; i++) {
            uint8_t v = u8(&rd);
            vias[i].transport = sh_str_from("TCP");
            vias[i].host = PICK(&rd, hosts, 64);
            vias[i].port = (v & 1) ? 5060 : (v & 2) ? 5061 : 0;
            vias[i].branch = PICK(&rd, branches, 32);
            if (v & 4)
                vias[i].proxy_call_id = bytes(&rd, 40);
            if (v & 8)
                vias[i].egress_zone = PICK(&rd, zones, 300);
            if (v & 16)
                vias[i].ingress_zone = PICK(&rd, zones, 300);
            vias[i].raw = vias[i].host;
        }
        m.vias = vias;
        m.n_vias = nv;
        m.via_total = nv + ((sel & 0x04) && nv == lim.max_vias ? u8(&rd) * (size_t)300 : 0);

        if (m.is_request) {
            m.ruri_host = PICK(&rd, targets, 260);
            m.to_host = PICK(&rd, targets, 260);
        }
        if (op & 0x80) {
            m.session_id = PICK(&rd, session_ids, 80);
            m.cisco_guid = PICK(&rd, guids, 300);
            m.x_call_id = PICK(&rd, guids, 40);
            m.warning = PICK(&rd, warnings, 300);
            m.server = bytes(&rd, 300);
        }
        /* Few fingerprints: equal ones within a transaction are dups. */
        m.fingerprint = 1 + u8(&rd) % 4;

        sh_tracker_process(t, &m, &k->r);
        k->frame = m.frame;
        k->brief.is_request = m.is_request;
        k->brief.status = m.status;
        k->brief.method = m.is_request ? "INVITE" : NULL;
        if (k->r.flags & SH_F_NEW_LEG)
            g_txns++;

        FUZZ_ASSERT(k->r.via_total == (m.via_total > UINT16_MAX ? UINT16_MAX : m.via_total));
        FUZZ_ASSERT(!!(k->r.flags & SH_F_VIAS_TRUNCATED) == (m.via_total > lim.max_vias));
        FUZZ_ASSERT(!(k->r.flags & SH_F_NEW_LEG) || k->r.txn != NULL);
        FUZZ_ASSERT(!(k->r.flags & (SH_F_CALLS_LIMIT | SH_F_LEGS_LIMIT)) || !(k->r.flags & SH_F_NEW_LEG));
        check_result(t, &lim, k);
    }

    /* Results outlive the messages: every pointer must still be good. */
    for (size_t i = 0; i < nk; i++)
        check_result(t, &lim, &ks[i]);
    FUZZ_ASSERT(sh_tracker_call_count(t) <= lim.max_calls);

    free(ks);
    sh_tracker_free(t);
    sh_domains_free(domains);
    return 0;
}
