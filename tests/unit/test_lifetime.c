/* test_lifetime.c - the tracker gives back all it takes.
 *
 * Wireshark's cleanup routine frees the tracker when a file is closed and
 * the init routine builds a new one when the next is opened (or the same
 * one reloaded). This test does that thousands of times, each tracker fed a
 * call that allocates everything the tracker can allocate (legs, a failure
 * with a Warning, interned targets and zones, B2BUA links, a Via stack
 * beyond the loop detector's stack buffer) and hits every limit.
 *
 * Under -DSIPHOP_SANITIZE=ON, LeakSanitizer reports any leak at exit and
 * fails the test. Without it, the heap in use (mallinfo2) after the cycles
 * must be what it was before them, give or take allocator caches.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <malloc.h>

#include "check.h"
#include "siphop/domain.h"
#include "siphop/hash.h"
#include "siphop/tracker.h"

#define MAXV 80
static sh_via vias[MAXV];
static char via_text[MAXV * 64];

static void feed(sh_tracker *t, uint32_t frame, const char *method, unsigned status, const char *via_list,
                 const char *call_id, uint32_t cseq, const char *session_id, sh_result *r)
{
    sh_msg m = { 0 };
    size_t total = 0;

    m.frame = frame;
    m.time_ns = (int64_t)frame * 1000000;
    m.src = sh_str_from("192.0.2.1:5061");
    m.is_request = method != NULL;
    m.method = sh_str_from(method);
    m.status = status;
    m.reason = sh_str_from("Not Acceptable Here");
    m.call_id = sh_str_from(call_id);
    m.has_cseq = true;
    m.cseq = cseq;
    m.cseq_method = sh_str_from(method ? method : "INVITE");
    m.from_tag = sh_str_from("caller");
    m.to_tag = sh_str_from(method ? "" : "callee");
    m.n_vias = sh_via_parse_list(sh_str_from(via_list), vias, 70, &total);   /* the adapter parses max_vias */
    m.vias = vias;
    m.via_total = total;
    m.ruri_host = sh_str_from("company.webex.com");
    m.to_host = m.ruri_host;
    m.session_id = sh_str_from(session_id);
    m.cisco_guid = sh_str_from(session_id ? "guid-1" : NULL);
    m.warning = sh_str_from("399 114.29.213.174:5071 \"Invalid content in far end 200 OK\"");
    m.server = sh_str_from("Webex");
    m.fingerprint = sh_hash_finish(sh_hash_u64(SH_HASH_INIT, frame));
    sh_tracker_process(t, &m, r);
}

static void one_file(unsigned round)
{
    sh_limits lim;
    sh_domains *d = sh_domains_new("webex.com, ciscospark.com, wbx2.com, bad..entry, *.example.com");
    sh_tracker *t;
    sh_result r;
    char via[160];

    sh_limits_default(&lim);
    lim.max_calls = 3;
    lim.max_legs_per_call = 4;
    t = sh_tracker_new(&lim, d);

    /* Hop 1 and 2 by Via chain, a failure relayed up, a B2BUA leg. */
    feed(t, 1, "INVITE", 0, "SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bKa1", "c1", 1, "0123456789abcdef0123456789abcdef", &r);
    feed(t, 2, "INVITE", 0,
         "SIP/2.0/TLS 10.0.0.2:5061;branch=z9hG4bKa2;proxy-call-id=p1;egress-zone=Z1, "
         "SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bKa1;ingress-zone=Z0", "c1", 1, NULL, &r);
    feed(t, 3, NULL, 488,
         "SIP/2.0/TLS 10.0.0.2:5061;branch=z9hG4bKa2;proxy-call-id=p1;egress-zone=Z1, "
         "SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bKa1;ingress-zone=Z0", "c1", 1, NULL, &r);
    feed(t, 4, NULL, 500, "SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bKa1", "c1", 1, NULL, &r);
    feed(t, 5, "INVITE", 0, "SIP/2.0/TLS 10.0.0.3:5061;branch=z9hG4bKb1", "c1-b2bua", 1,
         "0123456789abcdef0123456789abcdef", &r);
    CHECK(r.call != NULL && r.call->number == 1);

    /* Legs beyond the limit, calls beyond the limit. */
    for (unsigned i = 0; i < 8; i++) {
        g_snprintf(via, sizeof via, "SIP/2.0/UDP 10.0.1.%u;branch=z9hG4bKleg%u", i, i);
        feed(t, 10 + i, "INVITE", 0, via, "c1", 10 + i, NULL, &r);
    }
    CHECK(r.flags & SH_F_LEGS_LIMIT);
    /* A response to a leg the limit refused: an orphan, and says why. */
    feed(t, 20, NULL, 200, via, "c1", 17, NULL, &r);
    CHECK((r.flags & SH_F_ORPHAN) && (r.flags & SH_F_LEGS_LIMIT) && r.call && r.call->number == 1);
    for (unsigned i = 0; i < 5; i++) {
        char cid[32];
        g_snprintf(cid, sizeof cid, "call-%u-%u", round, i);
        g_snprintf(via, sizeof via, "SIP/2.0/UDP 10.0.2.%u;branch=z9hG4bKcall%u", i, i);
        feed(t, 30 + i, "INVITE", 0, via, cid, 1, NULL, &r);
    }
    CHECK(r.flags & SH_F_CALLS_LIMIT);
    CHECK_INT(sh_tracker_call_count(t), 3);
    feed(t, 35, NULL, 180, via, "call-x", 1, NULL, &r);
    CHECK((r.flags & SH_F_ORPHAN) && (r.flags & SH_F_CALLS_LIMIT) && r.call == NULL);

    /* A Via stack deeper than the loop detector's stack buffer, looping. */
    via_text[0] = '\0';
    for (unsigned i = 0; i < MAXV; i++) {
        g_snprintf(via, sizeof via, "%sSIP/2.0/UDP 10.0.3.%u;branch=z9hG4bKdeep%u", i ? ", " : "", i % 40, i % 40);
        g_strlcat(via_text, via, sizeof via_text);
    }
    feed(t, 50, "INVITE", 0, via_text, "c1", 50, NULL, &r);
    CHECK(r.flags & SH_F_VIA_LOOP);
    CHECK(r.flags & SH_F_VIAS_TRUNCATED);

    /* Orphans. */
    feed(t, 60, NULL, 200, "SIP/2.0/UDP 10.9.9.9;branch=z9hG4bKnone", "nobody", 1, NULL, &r);
    CHECK(r.flags & SH_F_ORPHAN);
    feed(t, 61, "ACK", 0, "SIP/2.0/UDP 10.9.9.9;branch=z9hG4bKnone", "nobody", 1, NULL, &r);

    sh_tracker_free(t);
    sh_domains_free(d);
}

static size_t heap_in_use(void)
{
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}

int main(void)
{
    size_t before, after;
    unsigned passed_before;

    sh_tracker_free(NULL);   /* the cleanup routine may run before any init */
    for (unsigned i = 0; i < 20; i++)   /* warm allocator caches */
        one_file(i);
    before = heap_in_use();
    passed_before = check_passed_;
    for (unsigned i = 0; i < 3000; i++)
        one_file(i);
    after = heap_in_use();
    CHECK(check_passed_ > passed_before);
    if (!UNDER_ASAN) {
        /* 3000 files; a leak of even one small object per file shows. */
        if (after > before + 16 * 1024)
            fprintf(stderr, "heap in use grew from %zu to %zu bytes over 3000 files\n", before, after);
        CHECK(after <= before + 16 * 1024);
    }
    return check_report();
}
