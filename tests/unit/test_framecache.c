/* test_framecache.c - the per-message records of a file (core/framecache.c).
 *
 * Every field of a record round-trips at its edges, in the 12-byte common
 * form and in the extras that hold what it cannot; records name real calls
 * and transactions of a tracker fed the reference call's messages. Lookups
 * are checked against a model of the documented layout (blocks of 1024
 * records, a block ends early 65 536 frames past its first frame) in order,
 * backwards and at random, on frames with records and without.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "check.h"
#include "seed_msgs.h"
#include "siphop/domain.h"
#include "siphop/framecache.h"
#include "siphop/hash.h"
#include "siphop/message.h"
#include "siphop/offer.h"
#include "siphop/tracker.h"

/* The layout framecache.c documents: blocks of this many records, each
 * holding frames at most 65 535 past its first; 240 methods beyond the
 * common ones, told apart by their first 32 characters. */
#define BLOCK_RECORDS 1024u
#define MAX_DELTA 65535u
#define OTHER_METHODS 240u

/* ---- a real tracker ------------------------------------------------------ */

static sh_via vias[16];

static void feed(sh_tracker *t, uint32_t frame, const char *text, sh_result *r)
{
    sh_msg m = { 0 };
    sh_body_info body = { 0 };

    sh_msg_parse(sh_str_from(text), &m, vias, G_N_ELEMENTS(vias), &body);
    m.has_sdp = sh_body_has_sdp(&body);
    m.frame = frame;
    m.time_ns = (int64_t)frame * 1000000;
    m.src = sh_str_from("192.0.2.1:5061");
    m.dst = sh_str_from("192.0.2.2:5061");
    m.fingerprint = sh_hash_finish(sh_hash_str(SH_HASH_INIT, sh_str_from(text)));
    sh_tracker_process(t, &m, r);
}

#define OTHER_INVITE                                                       \
    "INVITE sip:bob@example.com SIP/2.0\r\n"                               \
    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKother1\r\n"            \
    "Call-ID: other-call@192.0.2.10\r\n"                                   \
    "CSeq: 1 INVITE\r\n"                                                   \
    "From: <sip:alice@example.com>;tag=a1\r\n"                             \
    "To: <sip:bob@example.com>\r\n"                                        \
    "Content-Length: 0\r\n"                                                \
    "\r\n"
#define OTHER_BYE                                                          \
    "BYE sip:bob@example.com SIP/2.0\r\n"                                  \
    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKother2\r\n"            \
    "Call-ID: other-call@192.0.2.10\r\n"                                   \
    "CSeq: 2 BYE\r\n"                                                      \
    "From: <sip:alice@example.com>;tag=a1\r\n"                             \
    "To: <sip:bob@example.com>;tag=b1\r\n"                                 \
    "Content-Length: 0\r\n"                                                \
    "\r\n"
#define ORPHAN_503                                                         \
    "SIP/2.0 503 Service Unavailable\r\n"                                  \
    "Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bKorphan\r\n"            \
    "Call-ID: orphan@192.0.2.20\r\n"                                       \
    "CSeq: 1 INVITE\r\n"                                                   \
    "From: <sip:x@example.com>;tag=o1\r\n"                                 \
    "To: <sip:y@example.com>;tag=o2\r\n"                                   \
    "Content-Length: 0\r\n"                                                \
    "\r\n"

/* The results the records name: the seed's two INVITEs and its 500 (one
 * call, two transactions), another call's INVITE and BYE, an orphan 503. */
static sh_domains *domains;
static sh_tracker *tracker;
static sh_result inv2, inv3, r500, other_inv, other_bye, orphan;

static void tracker_setup(void)
{
    domains = sh_domains_new(SH_DEFAULT_EO_DOMAINS);
    tracker = sh_tracker_new(NULL, domains);
    feed(tracker, 1, SEED_INVITE_HOP2, &inv2);
    feed(tracker, 2, SEED_INVITE_HOP3, &inv3);
    feed(tracker, 3, SEED_500_HOP3, &r500);
    feed(tracker, 4, OTHER_INVITE, &other_inv);
    feed(tracker, 5, OTHER_BYE, &other_bye);
    feed(tracker, 6, ORPHAN_503, &orphan);
    /* What the cases below rely on. */
    CHECK(inv2.txn && inv3.txn && inv2.txn != inv3.txn && inv2.call == inv3.call);
    CHECK(r500.txn == inv3.txn && r500.call == inv3.call);
    CHECK(other_inv.txn && other_inv.call && other_inv.call != inv2.call);
    CHECK_INT(inv2.call->number, 1);
    CHECK_INT(other_inv.call->number, 2);
    CHECK(!other_bye.txn && other_bye.call == other_inv.call);
    CHECK(!orphan.txn && orphan.call && orphan.orphan_failure != 0);   /* a call of its own */
    CHECK_INT(orphan.call->number, 3);
    CHECK_INT(inv3.hop, 3);
}

/* ---- comparing records --------------------------------------------------- */

static const char *what;   /* the case at hand, named with a failure */

#define SAME(got, want)                                                          \
    do {                                                                         \
        if ((long long)(got) != (long long)(want))                               \
            fprintf(stderr, "[%s] ", what);                                      \
        CHECK_INT(got, want);                                                    \
    } while (0)
#define SAME_PTR(got, want)                                                      \
    do {                                                                         \
        if ((const void *)(got) != (const void *)(want))                         \
            fprintf(stderr, "[%s] ", what);                                      \
        CHECK((const void *)(got) == (const void *)(want));                      \
    } while (0)

static void same_record(const sh_msgrec *got, unsigned got_skipped, const sh_msgrec *want, unsigned want_skipped)
{
    SAME_PTR(got->r.call, want->r.call);
    SAME_PTR(got->r.txn, want->r.txn);
    SAME(got->r.dup_of, want->r.dup_of);
    SAME(got->r.flags, want->r.flags);
    SAME(got->r.hop, want->r.hop);
    SAME(got->r.hops_missing, want->r.hops_missing);
    SAME(got->r.dup, want->r.dup);
    SAME(got->r.sdp_role, want->r.sdp_role);
    SAME(got->r.via_total, want->r.via_total);
    SAME(got->r.orphan_failure, want->r.orphan_failure);
    SAME(got->brief.is_request, want->brief.is_request);
    SAME(got->brief.status, want->brief.status);
    if (g_strcmp0(got->brief.method, want->brief.method) != 0)
        fprintf(stderr, "[%s] method \"%s\", want \"%s\"\n", what, got->brief.method ? got->brief.method : "(null)",
                want->brief.method ? want->brief.method : "(null)");
    CHECK(g_strcmp0(got->brief.method, want->brief.method) == 0);
    SAME(got->start, want->start);
    SAME(got->length, want->length);
    SAME(got_skipped, want_skipped);
}

/* What a record gives back of *in*: everything, with the documented
 * normalizations (a message elsewhere has start -1 and no length, a request
 * no status, a response no method, skipped saturates). */
static sh_msgrec expected(const sh_msgrec *in)
{
    sh_msgrec w = *in;

    if (w.r.txn)
        w.r.call = w.r.txn->call;
    if (w.start < 0) {
        w.start = -1;
        w.length = 0;
    }
    if (w.brief.is_request)
        w.brief.status = 0;
    else
        w.brief.method = NULL;
    return w;
}

/* ---- the fields, one case each ------------------------------------------- */

typedef struct kase {
    char name[64];
    uint32_t frame;
    int frame_length;
    sh_msgrec in;
    unsigned skipped;
    sh_msgrec want;
    unsigned want_skipped;
} kase;

static GArray *cases;   /* kase */

/* An INVITE of the seed's hop 2, alone in its frame at byte 0. */
static sh_msgrec plain(void)
{
    sh_msgrec m;

    memset(&m, 0, sizeof m);
    m.r = inv2;
    m.r.dup_of = 0;   /* none of the rare values: the 12-byte form */
    m.r.hops_missing = 0;
    m.r.orphan_failure = 0;
    m.brief.is_request = true;
    m.brief.method = "INVITE";
    m.start = 0;
    m.length = 100;
    return m;
}

static void add_case(const char *name, const sh_msgrec *in, int frame_length, unsigned skipped)
{
    kase k;

    memset(&k, 0, sizeof k);
    snprintf(k.name, sizeof k.name, "%s", name);
    k.frame = 10 + 3 * cases->len;   /* gaps: the frames between have none */
    k.frame_length = frame_length;
    k.in = *in;
    k.skipped = skipped;
    k.want = expected(in);
    k.want_skipped = MIN(skipped, 65535u);
    g_array_append_val(cases, k);
}

static void add_plain(const char *name, const sh_msgrec *in)
{
    add_case(name, in, in->start >= 0 ? in->start + in->length : 100, 0);
}

/* The last case added gives back this method. */
static void want_method(const char *m)
{
    g_array_index(cases, kase, cases->len - 1).want.brief.method = m;
}

static void build_cases(void)
{
    static const char *const known[] = { "INVITE", "ACK", "BYE", "CANCEL", "PRACK", "UPDATE", "OPTIONS",
                                         "INFO", "REGISTER", "SUBSCRIBE", "NOTIFY", "REFER", "MESSAGE",
                                         "PUBLISH", "?" };
    static const uint32_t flags[] = { SH_F_FAILURE_ORIGIN, SH_F_FAILURE_RELAYED, SH_F_CANCELLED,
                                      SH_F_HOP_MISSING, SH_F_NO_OFFER_IN_2XX, SH_F_NO_ANSWER_IN_ACK,
                                      SH_F_VIA_LOOP, SH_F_VIAS_TRUNCATED, SH_F_CALLS_LIMIT,
                                      SH_F_LEGS_LIMIT, SH_F_ORPHAN, SH_F_UNTRACKABLE, SH_F_NEW_LEG };
    char name[64];
    sh_msgrec m;

    cases = g_array_new(FALSE, FALSE, sizeof(kase));

    /* The tracker's own results, as the plugin stores them. */
    m = plain();
    add_plain("seed INVITE hop 2", &m);
    m.r = inv3;
    add_plain("seed INVITE hop 3", &m);
    m.r = r500;
    m.brief.is_request = false;
    m.brief.method = NULL;
    m.brief.status = 500;
    add_plain("seed 500 (origin)", &m);
    m = plain();
    m.r = other_inv;
    add_plain("another call's INVITE", &m);
    m.r = other_bye;
    m.brief.method = "BYE";
    add_plain("a BYE: call, no transaction", &m);
    m.r = orphan;
    m.brief.is_request = false;
    m.brief.method = NULL;
    m.brief.status = 503;
    add_plain("an orphan 503: a call, no transaction, its failure", &m);
    m = plain();
    m.r.call = NULL;
    m.r.txn = NULL;
    add_plain("no call at all", &m);

    /* Status: SIP's range, and what ten bits hold beyond it. */
    m = plain();
    m.brief.is_request = false;
    m.brief.method = "ignored for a response";
    {
        static const unsigned status[] = { 100, 180, 200, 487, 699 };
        for (unsigned i = 0; i < G_N_ELEMENTS(status); i++) {
            m.brief.status = status[i];
            snprintf(name, sizeof name, "status %u", status[i]);
            add_plain(name, &m);
        }
    }
    m.brief.status = 1023;
    add_plain("status 1023", &m);
    m.brief.status = 1024;
    add_plain("status 1024 saturates", &m);
    g_array_index(cases, kase, cases->len - 1).want.brief.status = 1023;
    m.brief.status = 0;
    add_plain("response status 0", &m);

    /* Methods: every common one, none, others kept by name. */
    m = plain();
    m.brief.status = 486;   /* a request keeps no status */
    for (unsigned i = 0; i < G_N_ELEMENTS(known); i++) {
        static char copies[G_N_ELEMENTS(known)][16];   /* matched by text, not pointer */
        snprintf(copies[i], sizeof copies[i], "%s", known[i]);
        m.brief.method = copies[i];
        snprintf(name, sizeof name, "method %s", known[i]);
        add_plain(name, &m);
        want_method(known[i]);
    }
    m.brief.method = NULL;
    add_plain("request without a method", &m);
    m.brief.method = "FOO";
    add_plain("method FOO", &m);
    m.brief.method = "FOOBAR";   /* FOO's prefix does not match it */
    add_plain("method FOOBAR", &m);
    m.brief.method = "";
    add_plain("method empty", &m);
    m.brief.method = "invite";   /* case matters */
    add_plain("method invite", &m);
    m.brief.method = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";   /* 32: whole */
    add_plain("method of 32", &m);
    m.brief.method = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";   /* 36: its first 32 */
    add_plain("method of 36", &m);
    want_method("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345");

    /* Hop: 0..254 in the common form, 255 and beyond in extras. */
    m = plain();
    {
        static const uint16_t hops[] = { 0, 1, 254, 255, 256, 65535 };
        for (unsigned i = 0; i < G_N_ELEMENTS(hops); i++) {
            m.r.hop = hops[i];
            snprintf(name, sizeof name, "hop %u", hops[i]);
            add_plain(name, &m);
        }
    }

    /* Via count: 0..6 in the common form, 7 and beyond in extras. */
    m = plain();
    {
        static const uint16_t vs[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 70, 65535 };
        for (unsigned i = 0; i < G_N_ELEMENTS(vs); i++) {
            m.r.via_total = vs[i];
            snprintf(name, sizeof name, "via_total %u", vs[i]);
            add_plain(name, &m);
        }
    }

    /* Duplicates: the kind in the common form, the first frame in extras. */
    m = plain();
    m.r.dup = SH_DUP_RETRANSMISSION;
    add_plain("retransmission without dup_of", &m);
    m.r.dup_of = 1;
    add_plain("retransmission of frame 1", &m);
    m.r.dup = SH_DUP_COPY;
    m.r.dup_of = UINT32_MAX;
    add_plain("copy of frame 2^32-1", &m);
    m.r.dup = SH_DUP_NONE;
    m.r.dup_of = 7;
    add_plain("dup_of without a kind", &m);

    /* SDP roles. */
    m = plain();
    for (unsigned s = SH_SDP_NONE; s <= SH_SDP_EXTRA; s++) {
        m.r.sdp_role = (uint8_t)s;
        snprintf(name, sizeof name, "sdp role %s", sh_sdp_role_name((sh_sdp_role)s));
        add_plain(name, &m);
    }
    m.r.sdp_role = SH_SDP_EXTRA;
    m.r.dup = SH_DUP_COPY;
    m.brief.method = "PUBLISH";
    add_plain("top bits of code: role, dup, request", &m);

    /* Flags: each alone, all together. */
    m = plain();
    for (unsigned i = 0; i < G_N_ELEMENTS(flags); i++) {
        m.r.flags = flags[i];
        snprintf(name, sizeof name, "flag 0x%x", flags[i]);
        add_plain(name, &m);
    }
    m.r.flags = 0;
    for (unsigned i = 0; i < G_N_ELEMENTS(flags); i++)
        m.r.flags |= flags[i];
    m.r.via_total = 6;   /* shares the 16 bits */
    add_plain("every flag, 6 Vias", &m);

    /* Hops missing, orphan failure: extras. */
    m = plain();
    m.r.hops_missing = 1;
    add_plain("hops_missing 1", &m);
    m.r.hops_missing = 65535;
    add_plain("hops_missing 65535", &m);
    m = plain();
    m.r.orphan_failure = 1;
    add_plain("orphan_failure 1", &m);
    m.r.orphan_failure = UINT32_MAX;
    add_plain("orphan_failure 2^32-1", &m);

    /* Where the bytes are. */
    m = plain();
    {
        static const int starts[] = { 0, 1, 254, 255, 256, 70000 };
        for (unsigned i = 0; i < G_N_ELEMENTS(starts); i++) {
            m.start = starts[i];
            m.length = 37;
            snprintf(name, sizeof name, "start %d, to the frame's end", starts[i]);
            add_case(name, &m, starts[i] + 37, 0);
            snprintf(name, sizeof name, "start %d, 1 byte short of it", starts[i]);
            add_case(name, &m, starts[i] + 38, 0);
        }
    }
    m.start = 0;
    m.length = 0;
    add_case("empty frame", &m, 0, 0);
    m.length = 0;
    add_case("no bytes, in a frame with some", &m, 10, 0);
    m.start = -1;
    m.length = 0;
    add_case("elsewhere", &m, 100, 0);
    m.length = 1234;
    add_case("elsewhere, with a length", &m, 100, 0);
    m.start = -7;
    add_case("elsewhere, start -7", &m, 100, 0);
    m.start = -1;
    m.r.hop = 300;
    add_case("elsewhere, in extras", &m, 100, 0);

    /* Skipped messages. */
    m = plain();
    {
        static const unsigned sk[] = { 0, 1, 65535, 65536, UINT32_MAX };
        for (unsigned i = 0; i < G_N_ELEMENTS(sk); i++) {
            snprintf(name, sizeof name, "skipped %u", sk[i]);
            add_case(name, &m, 100, sk[i]);
        }
    }

    /* Everything rare at once. */
    m = plain();
    m.r = r500;
    m.brief.is_request = false;
    m.brief.status = 699;
    m.r.hop = 65535;
    m.r.via_total = 65535;
    m.r.dup = SH_DUP_COPY;
    m.r.dup_of = 123456;
    m.r.hops_missing = 3;
    m.r.orphan_failure = orphan.orphan_failure;
    m.r.flags = 0x1fff;
    m.r.sdp_role = SH_SDP_PREVIEW;
    m.start = 100000;
    m.length = 9;
    add_case("every extra", &m, 200000, 42);
}

static void check_case(const sh_framecache *fc, unsigned slot, const kase *k)
{
    sh_msgrec got;
    unsigned skipped = 12345;

    what = k->name;
    memset(&got, 0x5a, sizeof got);
    sh_framecache_load(fc, slot, k->frame_length, &got, &skipped);
    same_record(&got, skipped, &k->want, k->want_skipped);
}

static void test_fields(void)
{
    sh_framecache *fc = sh_framecache_new(tracker);
    unsigned first, n;

    build_cases();
    for (guint i = 0; i < cases->len; i++) {
        const kase *k = &g_array_index(cases, kase, i);
        CHECK(sh_framecache_append(fc, k->frame, k->frame_length, &k->in, k->skipped));
        first = sh_framecache_find(fc, k->frame, &n);
        CHECK_INT(n, 1);
        CHECK_INT(first, i);   /* one block: indices 0, 1, ... */
        check_case(fc, first, k);
    }
    CHECK(cases->len > 100 && cases->len < BLOCK_RECORDS);
    /* Again, every one after all were written (the extras searched among
     * all), in order, then backwards. */
    for (guint i = 0; i < cases->len; i++) {
        const kase *k = &g_array_index(cases, kase, i);
        first = sh_framecache_find(fc, k->frame, &n);
        CHECK_INT(n, 1);
        check_case(fc, first, k);
        first = sh_framecache_find(fc, k->frame + 1, &n);
        CHECK_INT(n, 0);
    }
    for (guint i = cases->len; i-- > 0;) {
        const kase *k = &g_array_index(cases, kase, i);
        first = sh_framecache_find(fc, k->frame, &n);
        CHECK_INT(n, 1);
        check_case(fc, first, k);
    }

    /* What the plugin draws from the orphan's record: its failure. */
    {
        sh_msgrec got;
        unsigned skipped;
        first = sh_framecache_find(fc, g_array_index(cases, kase, 5).frame, &n);
        sh_framecache_load(fc, first, 100, &got, &skipped);
        CHECK(sh_result_failure(tracker, &got.r) == sh_result_failure(tracker, &orphan));
        CHECK(sh_result_failure(tracker, &got.r) != NULL);
    }
    CHECK_INT(sh_framecache_last_frame(fc), g_array_index(cases, kase, cases->len - 1).frame);
    sh_framecache_free(fc);
    g_array_free(cases, TRUE);
}

/* Method *i* of round *round*: the first is 32 characters long. */
static const char *method_of(unsigned round, unsigned i, char *buf, size_t size)
{
    if (i == 0)
        snprintf(buf, size, "LONG%u-%.*s", round, 26, "abcdefghijklmnopqrstuvwxyz");   /* 32 */
    else
        snprintf(buf, size, "M%u-%u", round, i);
    return buf;
}

/* More than 240 methods beyond the common ones: the rest are "?", those
 * kept stay, a longer name is its first 32 characters; a new cache (the
 * next file) starts over. */
static void test_many_methods(void)
{
    sh_framecache *fc = sh_framecache_new(tracker);
    sh_msgrec m = plain(), got;
    char text[64], longer[64];
    unsigned first, n, skipped;
    uint32_t frame = 1;

    for (unsigned round = 0; round < 2; round++) {
        CHECK_INT(strlen(method_of(round, 0, text, sizeof text)), 32);
        for (unsigned i = 0; i < OTHER_METHODS + 20; i++) {
            m.brief.method = method_of(round, i, text, sizeof text);
            CHECK(sh_framecache_append(fc, frame++, 100, &m, 0));
        }
        m.brief.method = "M0-7";   /* kept in the first round only */
        CHECK(sh_framecache_append(fc, frame++, 100, &m, 0));
        m.brief.method = "NOTIFY";
        CHECK(sh_framecache_append(fc, frame++, 100, &m, 0));
        m.brief.method = "?";
        CHECK(sh_framecache_append(fc, frame++, 100, &m, 0));
        snprintf(longer, sizeof longer, "%s-and-more", method_of(round, 0, text, sizeof text));
        m.brief.method = longer;   /* the first one's 32 and more */
        CHECK(sh_framecache_append(fc, frame++, 100, &m, 0));

        for (uint32_t f = 1; f < frame; f++) {
            unsigned i = f - 1;
            const char *want = i < OTHER_METHODS ? method_of(round, i, text, sizeof text)
                               : i < OTHER_METHODS + 20 ? "?"
                               : i == OTHER_METHODS + 20 ? (round == 0 ? "M0-7" : "?")
                               : i == OTHER_METHODS + 21 ? "NOTIFY"
                               : i == OTHER_METHODS + 22 ? "?"
                                                         : method_of(round, 0, text, sizeof text);
            first = sh_framecache_find(fc, f, &n);
            CHECK_INT(n, 1);
            sh_framecache_load(fc, first, 100, &got, &skipped);
            if (g_strcmp0(got.brief.method, want) != 0)
                fprintf(stderr, "round %u, method %u: \"%s\", want \"%s\"\n", round, i,
                        got.brief.method ? got.brief.method : "(null)", want);
            CHECK(g_strcmp0(got.brief.method, want) == 0);
        }
        /* The reset of a new file: its own methods, from the start. */
        sh_framecache_free(fc);
        fc = sh_framecache_new(tracker);
        frame = 1;
    }
    sh_framecache_free(fc);
}

/* Several messages in a frame: consecutive indices, the skipped count with
 * the first, each one's own place in the bytes. */
static void test_frame_with_several(void)
{
    sh_framecache *fc = sh_framecache_new(tracker);
    sh_msgrec a = plain(), b = plain(), c = plain(), got;
    unsigned first, n, skipped;

    a.start = 0, a.length = 40;
    b.r = inv3, b.start = 40, b.length = 60;
    c.r = r500, c.brief.is_request = false, c.brief.status = 500, c.start = 100, c.length = 50;
    CHECK(sh_framecache_append(fc, 7, 150, &a, 2));
    CHECK(sh_framecache_append(fc, 7, 150, &b, 0));
    CHECK(sh_framecache_append(fc, 7, 150, &c, 0));
    CHECK(sh_framecache_append(fc, 9, 60, &a, 0));
    first = sh_framecache_find(fc, 7, &n);
    CHECK_INT(first, 0);
    CHECK_INT(n, 3);
    what = "first of 3";
    sh_framecache_load(fc, first, 150, &got, &skipped);
    {
        sh_msgrec w = expected(&a);
        same_record(&got, skipped, &w, 2);
    }
    what = "second of 3";
    sh_framecache_load(fc, first + 1, 150, &got, &skipped);
    {
        sh_msgrec w = expected(&b);
        same_record(&got, skipped, &w, 0);
    }
    what = "third of 3";
    sh_framecache_load(fc, first + 2, 150, &got, &skipped);
    {
        sh_msgrec w = expected(&c);
        same_record(&got, skipped, &w, 0);
    }
    first = sh_framecache_find(fc, 9, &n);
    CHECK_INT(first, 3);
    CHECK_INT(n, 1);
    first = sh_framecache_find(fc, 8, &n);
    CHECK_INT(n, 0);
    CHECK_INT(sh_framecache_last_frame(fc), 9);
    sh_framecache_free(fc);
}

/* ---- lookups, against a model ------------------------------------------- */

typedef struct model {
    GArray *frames;   /* uint32_t, per record in order */
    GArray *slots;    /* unsigned, per record */
    uint32_t base;    /* the last block's first frame */
    unsigned block;   /* its number */
    unsigned used;    /* its records */
} model;

static void model_init(model *md)
{
    md->frames = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    md->slots = g_array_new(FALSE, FALSE, sizeof(unsigned));
    md->base = 0;
    md->block = 0;
    md->used = 0;
}

static void model_free(model *md)
{
    g_array_free(md->frames, TRUE);
    g_array_free(md->slots, TRUE);
}

/* A record that tells which one it is: its ordinal in hop, Vias and status,
 * every 17th with an extra (its ordinal as dup_of). */
static sh_msgrec numbered(unsigned i)
{
    sh_msgrec m = plain();

    m.r = (i % 3 == 0) ? inv2 : (i % 3 == 1) ? other_bye : orphan;
    m.r.hop = (uint16_t)(i % 254);
    m.r.via_total = (uint16_t)(i % 7);
    m.brief.is_request = false;
    m.brief.status = 100 + i % 600;
    m.r.dup_of = (i % 17 == 0) ? i + 1 : 0;
    m.r.orphan_failure = 0;
    return m;
}

/* Append record *i* at *frame* to the cache and the model, which places it
 * as framecache.c documents. */
static void append_both(sh_framecache *fc, model *md, uint32_t frame, unsigned i)
{
    sh_msgrec m = numbered(i);
    unsigned slot;

    if (md->frames->len == 0) {
        md->base = frame;
        md->block = 0;
        md->used = 0;
    } else if (md->used == BLOCK_RECORDS || frame - md->base > MAX_DELTA) {
        md->base = frame;
        md->block++;
        md->used = 0;
    }
    slot = md->block * BLOCK_RECORDS + md->used++;
    g_array_append_val(md->frames, frame);
    g_array_append_val(md->slots, slot);
    CHECK(sh_framecache_append(fc, frame, 100, &m, 0));
}

/* The model's answer: first record at or after *frame*, how many at it. */
static unsigned model_find(const model *md, uint32_t frame, unsigned *count, guint *pos)
{
    guint lo = 0, hi = md->frames->len, k;

    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (g_array_index(md->frames, uint32_t, mid) < frame)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (k = lo; k < md->frames->len && g_array_index(md->frames, uint32_t, k) == frame; k++)
        ;
    *count = k - lo;
    *pos = lo;
    return *count ? g_array_index(md->slots, unsigned, lo) : 0;
}

static unsigned lookup_failures;

/* Look *frame* up in both and compare, loading every record found. */
static void lookup(sh_framecache *fc, const model *md, uint32_t frame)
{
    unsigned n = 99, want_n, first, want_first;
    guint pos;
    sh_msgrec got;
    unsigned skipped;

    first = sh_framecache_find(fc, frame, &n);
    want_first = model_find(md, frame, &want_n, &pos);
    if (n != want_n || (n && first != want_first)) {
        if (lookup_failures++ < 10)
            fprintf(stderr, "frame %u: found %u at %u, want %u at %u\n", frame, n, first, want_n, want_first);
        CHECK(false);
        return;
    }
    check_passed_++;
    for (unsigned j = 0; j < n; j++) {
        unsigned i = pos + j;
        sh_msgrec w = numbered(i);
        CHECK_INT(g_array_index(md->slots, unsigned, i), first + j);   /* consecutive */
        sh_framecache_load(fc, first + j, 100, &got, &skipped);
        if (got.brief.status != w.brief.status || got.r.hop != w.r.hop || got.r.via_total != w.r.via_total ||
            got.r.dup_of != w.r.dup_of || got.r.call != w.r.call || got.r.txn != w.r.txn) {
            if (lookup_failures++ < 10)
                fprintf(stderr, "frame %u: record %u loaded wrong\n", frame, i);
            CHECK(false);
        }
    }
}

/* Frames 65 535 apart share a block, 65 536 apart do not; a frame that
 * opens a block is not where the empty lookup before it ended. */
static void test_frame_gaps(void)
{
    sh_framecache *fc = sh_framecache_new(tracker);
    model md;
    unsigned first, n;

    model_init(&md);
    append_both(fc, &md, 100, 0);
    append_both(fc, &md, 100 + 65535, 1);   /* the largest offset in a block */
    first = sh_framecache_find(fc, 100 + 65535, &n);
    CHECK_INT(first, 1);
    CHECK_INT(n, 1);
    first = sh_framecache_find(fc, 100 + 65536, &n);
    CHECK_INT(n, 0);
    CHECK_INT(first, 2);   /* the end of block 0 ... */
    append_both(fc, &md, 100 + 65536, 2);
    first = sh_framecache_find(fc, 100 + 65536, &n);
    CHECK_INT(first, BLOCK_RECORDS);   /* ... but the record opened block 1 */
    CHECK_INT(n, 1);
    /* A frame's records in a block it opened: never split. */
    append_both(fc, &md, 200000, 3);
    append_both(fc, &md, 200000, 4);
    append_both(fc, &md, 200000, 5);
    first = sh_framecache_find(fc, 200000, &n);
    CHECK_INT(first, 2 * BLOCK_RECORDS);
    CHECK_INT(n, 3);
    /* The far end of the frame numbers. */
    append_both(fc, &md, UINT32_MAX - 65536, 6);
    append_both(fc, &md, UINT32_MAX - 1, 7);
    append_both(fc, &md, UINT32_MAX, 8);
    append_both(fc, &md, UINT32_MAX, 9);
    CHECK_INT(sh_framecache_last_frame(fc), UINT32_MAX);
    first = sh_framecache_find(fc, UINT32_MAX - 1, &n);
    CHECK_INT(first, 3 * BLOCK_RECORDS + 1);   /* 65 535 past block 3's base */
    CHECK_INT(n, 1);
    first = sh_framecache_find(fc, UINT32_MAX, &n);
    CHECK_INT(first, 4 * BLOCK_RECORDS);       /* 65 536 past it: block 4 */
    CHECK_INT(n, 2);

    {
        static const uint32_t probes[] = { 0, 1, 99, 100, 101, 100 + 65534, 100 + 65535, 100 + 65536,
                                           100 + 65537, 199999, 200000, 200001, UINT32_MAX - 65537,
                                           UINT32_MAX - 65536, UINT32_MAX - 65535, UINT32_MAX - 2,
                                           UINT32_MAX - 1, UINT32_MAX };
        for (unsigned i = 0; i < G_N_ELEMENTS(probes); i++)
            lookup(fc, &md, probes[i]);
        for (unsigned i = G_N_ELEMENTS(probes); i-- > 0;)
            lookup(fc, &md, probes[i]);
    }
    /* Out of order: refused, nothing changes. */
    CHECK(!sh_framecache_append(fc, UINT32_MAX - 1, 100, &(sh_msgrec){ 0 }, 0));
    first = sh_framecache_find(fc, UINT32_MAX, &n);
    CHECK_INT(n, 2);
    CHECK_INT(sh_framecache_last_frame(fc), UINT32_MAX);
    sh_framecache_free(fc);
    model_free(&md);
}

/* Exactly a block of records, then one more; a frame across a full
 * block's end; a short block's end. */
static void test_block_boundaries(void)
{
    sh_framecache *fc = sh_framecache_new(tracker);
    model md;
    unsigned first, n, i = 0;

    model_init(&md);
    for (uint32_t f = 1; f <= BLOCK_RECORDS; f++)
        append_both(fc, &md, f, i++);
    first = sh_framecache_find(fc, BLOCK_RECORDS, &n);
    CHECK_INT(first, BLOCK_RECORDS - 1);
    CHECK_INT(n, 1);
    first = sh_framecache_find(fc, BLOCK_RECORDS + 1, &n);
    CHECK_INT(n, 0);
    append_both(fc, &md, BLOCK_RECORDS + 1, i++);   /* one more: block 1 */
    first = sh_framecache_find(fc, BLOCK_RECORDS + 1, &n);
    CHECK_INT(first, BLOCK_RECORDS);
    CHECK_INT(n, 1);

    /* Block 1 up to one place short, then a frame of three across its end. */
    for (uint32_t f = BLOCK_RECORDS + 2; md.used < BLOCK_RECORDS - 1; f++)
        append_both(fc, &md, f, i++);
    {
        uint32_t f = sh_framecache_last_frame(fc) + 1;
        append_both(fc, &md, f, i++);
        append_both(fc, &md, f, i++);
        append_both(fc, &md, f, i++);
        first = sh_framecache_find(fc, f, &n);
        CHECK_INT(first, 2 * BLOCK_RECORDS - 1);
        CHECK_INT(n, 3);
        lookup(fc, &md, f);
        /* A short block: two records, then a frame 65 536 past its base
         * with two of its own. */
        append_both(fc, &md, f + 10, i++);
        append_both(fc, &md, f + 10 + 65536, i++);
        append_both(fc, &md, f + 10 + 65536, i++);
        first = sh_framecache_find(fc, f + 10 + 65536, &n);
        CHECK_INT(first, 3 * BLOCK_RECORDS);
        CHECK_INT(n, 2);
    }
    /* Every frame in order, as a pass goes (across the short block's end),
     * then backwards. */
    for (uint32_t f = 0; f <= sh_framecache_last_frame(fc) + 2; f++)
        lookup(fc, &md, f);
    for (uint32_t f = sh_framecache_last_frame(fc) + 2; f > 0; f--)
        lookup(fc, &md, f);
    sh_framecache_free(fc);
    model_free(&md);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static uint32_t rng = 12345;
static uint32_t next_random(void)
{
    rng = rng * 1103515245u + 12345u;
    return rng >> 8;
}

/* Thousands of records, gaps of every kind: frames in order (as
 * Wireshark's passes go), backwards, at random, some twice in a row. */
static void test_lookups(void)
{
    sh_framecache *fc = sh_framecache_new(tracker);
    model md;
    uint32_t frame = 5, last;
    GArray *probes = g_array_new(FALSE, FALSE, sizeof(uint32_t));

    model_init(&md);
    lookup_failures = 0;
    for (unsigned i = 0; i < 6000; i++) {
        uint32_t r = next_random() % 100;
        uint32_t gap = r < 20 ? 0 : r < 70 ? 1 : r < 85 ? 1 + next_random() % 40 : r < 92 ? 65535 : r < 96 ? 65536
                                                                                                        : 65537;
        if (i == 0)
            gap = 0;
        frame += gap;
        append_both(fc, &md, frame, (unsigned)i);
    }
    last = sh_framecache_last_frame(fc);
    CHECK_INT(last, frame);
    CHECK(md.block > 8);   /* several full blocks and short ones */

    /* Every record's frame and those around it, and one inside each gap. */
    for (guint i = 0; i < md.frames->len; i++) {
        uint32_t f = g_array_index(md.frames, uint32_t, i);
        uint32_t around[] = { f - 2, f - 1, f, f + 1, f + 2, f + 32768 };
        g_array_append_vals(probes, around, G_N_ELEMENTS(around));
    }
    g_array_append_vals(probes, (uint32_t[]){ 0, last + 100000 }, 2);
    qsort(probes->data, probes->len, sizeof(uint32_t), cmp_u32);
    for (guint i = 0; i < probes->len; i++)   /* in order */
        lookup(fc, &md, g_array_index(probes, uint32_t, i));
    for (guint i = probes->len; i-- > 0;)   /* backwards */
        lookup(fc, &md, g_array_index(probes, uint32_t, i));
    for (guint i = 0; i < 20000; i++) {   /* at random, some twice */
        uint32_t f = g_array_index(probes, uint32_t, next_random() % probes->len);
        lookup(fc, &md, f);
        if (i % 3 == 0)
            lookup(fc, &md, f);
    }
    g_array_free(probes, TRUE);
    sh_framecache_free(fc);
    model_free(&md);
}

/* Nothing stored: no records anywhere; a NULL cache is an empty one. */
static void test_empty(void)
{
    sh_framecache *fc = sh_framecache_new(tracker);
    unsigned n = 99;

    CHECK_INT(sh_framecache_last_frame(fc), 0);
    (void)sh_framecache_find(fc, 0, &n);
    CHECK_INT(n, 0);
    n = 99;
    (void)sh_framecache_find(fc, 1, &n);
    CHECK_INT(n, 0);
    n = 99;
    (void)sh_framecache_find(fc, UINT32_MAX, &n);
    CHECK_INT(n, 0);
    sh_framecache_free(fc);

    n = 99;
    (void)sh_framecache_find(NULL, 1, &n);
    CHECK_INT(n, 0);
    CHECK_INT(sh_framecache_last_frame(NULL), 0);
    sh_framecache_free(NULL);
}

/* The init routine's reset: the old records gone, indices from 0 again. */
static void test_reset(void)
{
    sh_framecache *fc = sh_framecache_new(tracker);
    sh_msgrec m = plain(), got;
    unsigned first, n, skipped;

    for (uint32_t f = 1; f <= 2000; f++)
        CHECK(sh_framecache_append(fc, f * 2, 100, &m, f == 3 ? 4 : 0));
    CHECK_INT(sh_framecache_last_frame(fc), 4000);
    sh_framecache_free(fc);
    fc = sh_framecache_new(tracker);
    CHECK_INT(sh_framecache_last_frame(fc), 0);
    (void)sh_framecache_find(fc, 6, &n);
    CHECK_INT(n, 0);
    m.r = other_inv;
    CHECK(sh_framecache_append(fc, 3, 100, &m, 0));   /* before the old file's last frame */
    first = sh_framecache_find(fc, 3, &n);
    CHECK_INT(first, 0);
    CHECK_INT(n, 1);
    sh_framecache_load(fc, first, 100, &got, &skipped);
    CHECK(got.r.txn == other_inv.txn);
    CHECK_INT(skipped, 0);
    sh_framecache_free(fc);
}

/* 12 bytes a record: a million common ones take 12 MB and a little. */
static void test_memory(void)
{
#if defined(__GLIBC__) && !UNDER_ASAN
    const unsigned records = 1u << 20;
    sh_framecache *fc = sh_framecache_new(tracker);
    sh_msgrec m = plain();
    struct mallinfo2 before = mallinfo2(), after;
    double per;

    for (unsigned i = 0; i < records; i++)
        sh_framecache_append(fc, 1 + i + i / 4, 100, &m, 0);
    after = mallinfo2();
    per = (double)((after.uordblks + after.hblkhd) - (before.uordblks + before.hblkhd)) / records;
    if (per > 12.1)
        fprintf(stderr, "%.2f bytes per record\n", per);
    CHECK(per >= 12.0 && per <= 12.1);
    sh_framecache_free(fc);
#endif
}

int main(void)
{
    tracker_setup();
    test_fields();
    test_many_methods();
    test_frame_with_several();
    test_frame_gaps();
    test_block_boundaries();
    test_lookups();
    test_empty();
    test_reset();
    test_memory();
    sh_tracker_free(tracker);
    sh_domains_free(domains);
    return check_report();
}
