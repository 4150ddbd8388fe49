/* test_roles.c - role names per address and the findings of each message,
 * on the reference call's messages (seed_msgs.h) parsed by the core.
 *
 * Expressway-E's hop-2 INVITE names both Expressways by its Via zones, its
 * hop-3 INVITE toward company.webex.com names Webex; the findings are those
 * the plugin shows as expert items, in their order.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>

#include "check.h"
#include "seed_msgs.h"
#include "siphop/domain.h"
#include "siphop/findings.h"
#include "siphop/message.h"
#include "siphop/offer.h"
#include "siphop/roles.h"
#include "siphop/tracker.h"

#define EXPC "172.28.21.104"
#define EXPE_IN "172.28.21.110"
#define EXPE_OUT "58.162.48.4"
#define WEBEX_IP "114.29.213.174"

static sh_via vias[16];

/* Parse *text* as frame *frame* from src to dst, track it and learn roles. */
static void feed(sh_tracker *t, sh_roles *ro, uint32_t frame, const char *text, const char *src, const char *dst,
                 sh_result *r, sh_msg_brief *b)
{
    sh_msg m = { 0 };
    sh_body_info body = { 0 };
    char src_hp[64], dst_hp[64];

    sh_msg_parse(sh_str_from(text), &m, vias, G_N_ELEMENTS(vias), &body);
    m.has_sdp = sh_body_has_sdp(&body);
    m.frame = frame;
    m.time_ns = (int64_t)frame * 1000000;
    g_snprintf(src_hp, sizeof src_hp, "%s:5061", src);
    g_snprintf(dst_hp, sizeof dst_hp, "%s:5061", dst);
    m.src = sh_str_from(src_hp);
    m.dst = sh_str_from(dst_hp);
    sh_tracker_process(t, &m, r);
    sh_roles_learn(ro, &m, r, sh_roles_endpoint(ro, src, true), sh_roles_endpoint(ro, dst, true));
    b->is_request = m.is_request;
    if (m.is_request) {   /* as the front-ends do: the message's own method */
        char *method = g_strndup(m.method.ptr, m.method.len);
        b->method = g_intern_string(method);
        g_free(method);
    } else {
        b->method = NULL;
    }
    b->status = m.status;
}

static const char *name_of(sh_roles *ro, const char *addr)
{
    return sh_roles_name(ro, sh_roles_endpoint(ro, addr, false));
}

static void test_seed_roles_and_findings(void)
{
    sh_domains *d = sh_domains_new(SH_DEFAULT_EO_DOMAINS);
    sh_tracker *t = sh_tracker_new(NULL, d);
    sh_roles *ro = sh_roles_new();
    sh_result inv2, inv3, r500;
    sh_msg_brief b2, b3, b500;
    sh_findings fs;
    const char *src, *dst;
    char buf[SH_NODE_NAME_SIZE];

    feed(t, ro, 1, SEED_INVITE_HOP2, EXPC, EXPE_IN, &inv2, &b2);
    /* Named by the hop-2 INVITE alone: its egress zone is the traversal client. */
    CHECK(g_strcmp0(name_of(ro, EXPC), "Expressway-C") == 0);
    CHECK(g_strcmp0(name_of(ro, EXPE_IN), "Expressway-E") == 0);
    feed(t, ro, 2, SEED_INVITE_HOP3, EXPE_OUT, WEBEX_IP, &inv3, &b3);
    feed(t, ro, 3, SEED_500_HOP3, WEBEX_IP, EXPE_OUT, &r500, &b500);
    CHECK_INT(inv3.hop, 3);
    CHECK(g_strcmp0(name_of(ro, EXPE_OUT), "Expressway-E") == 0);
    CHECK(g_strcmp0(name_of(ro, WEBEX_IP), "Webex") == 0);
    CHECK(sh_roles_leg(ro, inv3.txn, &src, &dst));
    CHECK(g_strcmp0(src, "Expressway-E") == 0 && g_strcmp0(dst, "Webex") == 0);
    CHECK(g_strcmp0(sh_roles_name_of_sender(ro, WEBEX_IP ":5061", buf, sizeof buf), "Webex") == 0);
    CHECK(g_strcmp0(sh_roles_name_of_sender(ro, "[2001:db8::1]:5060", buf, sizeof buf), "2001:db8::1") == 0);
    CHECK(g_strcmp0(sh_roles_name_of_sender(ro, NULL, buf, sizeof buf), "?") == 0);
    CHECK_INT(sh_roles_endpoint_of_hostport(ro, "[" EXPC "]:1", false), sh_roles_endpoint(ro, EXPC, false));
    CHECK_INT(sh_roles_endpoint_of_hostport(ro, EXPC ":5061", false), sh_roles_endpoint(ro, EXPC, false));
    CHECK_INT(sh_roles_endpoint(ro, "", true), 0);

    /* A hop and the outcome in a line each, nodes by role (the call tree). */
    char row[512];
    CHECK(strcmp(sh_describe_leg(ro, inv3.txn, row, sizeof row),
                 "Hop 3: Expressway-E -> Webex: delayed offer toward early-offer-only, 500 origin") == 0);
    CHECK(strncmp(sh_describe_final(ro, inv3.txn, row, sizeof row),
                  "Final: 500 Internal Server Error, origin hop 3: Webex (" WEBEX_IP ":5061), Server TANDBERG/4352", 87) == 0);
    CHECK(strstr(row, ", Warning 399 Invalid content in far end 200 OK") != NULL);
    CHECK(strcmp(sh_describe_hops_seen(2, 3, row, sizeof row), "Hops seen: 2-3 (hops before 2 not captured)") == 0);
    CHECK(strcmp(sh_describe_hops_seen(1, 3, row, sizeof row), "Hops seen: 1-3") == 0);
    /* The call's outcome is its first hop's leg (here hop 2, whose 500 was
     * not fed): no final response yet, so no class and no failure. */
    CHECK(sh_call_outcome(inv3.call) == inv2.txn);
    CHECK_INT(sh_call_class(t, inv3.call, 0), SH_FC_NONE);
    CHECK(sh_call_failure(t, inv3.call, 0) == NULL);

    /* Hop 2 first seen: delayed offer toward Webex, nothing came back on
     * it (only hop 3's 500 was fed), hops before it are missing. */
    CHECK_INT(sh_findings_of(t, &inv2, &b2, false, &fs), 4);
    CHECK_INT(fs.item[0].kind, SH_FIND_DELAYED_OFFER);
    CHECK_INT(fs.item[1].kind, SH_FIND_DELAYED_OFFER_EO);
    CHECK_INT(fs.item[1].severity, SH_SEV_WARN);
    CHECK(strstr(fs.item[1].text, "company.webex.com") != NULL);
    CHECK(strstr(fs.item[1].text, "(matches webex.com)") != NULL);
    CHECK_INT(fs.item[1].fix, SH_FC_DELAYED_OFFER);
    CHECK_INT(fs.item[0].fix, SH_FC_NONE);
    CHECK_INT(fs.item[2].kind, SH_FIND_NO_RESPONSE);
    CHECK_INT(fs.item[3].kind, SH_FIND_HOP_MISSING);
    /* The 500 from Webex: the origin, class delayed-offer, an error. */
    CHECK_INT(sh_findings_of(t, &r500, &b500, false, &fs), 1);
    CHECK_INT(fs.item[0].kind, SH_FIND_FAILURE_ORIGIN);
    CHECK_INT(fs.item[0].cls, SH_FC_DELAYED_OFFER);
    CHECK_INT(fs.item[0].severity, SH_SEV_ERROR);
    CHECK_INT(fs.item[0].fix, SH_FC_DELAYED_OFFER);
    CHECK(strncmp(fs.item[0].text, "Delayed offer to webex.com (early offer only): 500", 50) == 0);
    CHECK(strlen(fs.item[0].text) <= SH_TEXT_FIT);
    CHECK(g_strcmp0(sh_finding_info_of_class(SH_FC_DELAYED_OFFER).name, "siphop.failure.delayed_offer") == 0);

    /* A fresh (single) pass does not know yet that nothing came back. */
    sh_result lone;
    sh_msg_brief bl;
    const char *lone_invite = "INVITE sip:a@b.example SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKx\r\n"
                              "Call-ID: lone\r\nCSeq: 1 INVITE\r\nFrom: <sip:c@d>;tag=1\r\nTo: <sip:a@b.example>\r\n"
                              "Content-Length: 0\r\n\r\n";
    feed(t, ro, 4, lone_invite, "10.0.0.1", "10.0.0.2", &lone, &bl);
    CHECK_INT(sh_findings_of(t, &lone, &bl, true, &fs), 1);   /* delayed offer only */
    CHECK_INT(sh_findings_of(t, &lone, &bl, false, &fs), 2);
    CHECK_INT(fs.item[1].kind, SH_FIND_NO_RESPONSE);
    /* The capture's SIP ends with it: nobody is blamed ... */
    CHECK(strcmp(fs.item[1].text, "No response to this INVITE on hop 1 in the capture, whose SIP ends 0.000 s "
                                  "after it: too soon to say 10.0.0.2:5061 never answered (a client waits 32 s)") == 0);
    char verdict[512];
    sh_describe_call_verdict(t, ro, lone.call, 0, verdict, sizeof verdict);
    CHECK(strcmp(verdict, "NO ANSWER: no final response to the INVITE; none from 10.0.0.2:5061 in the capture") == 0);
    /* ... until the capture goes on for Timer B (32 s) after it. */
    sh_result later;
    sh_msg_brief bll;
    feed(t, ro, 32004, "OPTIONS sip:x@10.0.0.5 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.7:5060;branch=z9hG4bKo\r\n"
                       "Call-ID: keepalive\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n",
         "10.0.0.7", "10.0.0.5", &later, &bll);
    CHECK_INT(sh_findings_of(t, &lone, &bl, false, &fs), 2);
    CHECK(strcmp(fs.item[1].text, "No response at all to this INVITE on hop 1 in the capture: 10.0.0.2:5061 never "
                                  "answered") == 0);
    sh_describe_call_verdict(t, ro, lone.call, 0, verdict, sizeof verdict);
    CHECK(g_str_has_suffix(verdict, "; 10.0.0.2:5061 never answered it"));

    /* A new file: names back to addresses, legs forgotten, ids kept. */
    uint32_t webex_id = sh_roles_endpoint(ro, WEBEX_IP, false);
    sh_roles_reset(ro);
    CHECK_INT(sh_roles_endpoint(ro, WEBEX_IP, false), webex_id);
    CHECK(g_strcmp0(sh_roles_name(ro, webex_id), WEBEX_IP) == 0);
    CHECK(!sh_roles_leg(ro, inv3.txn, &src, &dst));
    CHECK(sh_roles_name(ro, 0) == NULL && sh_roles_name(ro, 9999) == NULL);

    sh_roles_free(ro);
    sh_tracker_free(t);
    sh_domains_free(d);
}

/* Every kind has a row: a field name under siphop., a title. */
static void test_kind_table(void)
{
    for (unsigned k = 0; k < SH_FIND_COUNT; k++) {
        const sh_finding_info *fi = sh_finding_info_of((sh_finding_kind)k);
        CHECK(fi->name && strncmp(fi->name, "siphop.", 7) == 0);
        CHECK(fi->title && *fi->title);
    }
    CHECK(sh_finding_info_of(SH_FIND_COUNT) == sh_finding_info_of(SH_FIND_LIMIT));
    char buf[200];
    CHECK(strcmp(sh_describe_skipped(3, 64, buf, sizeof buf),
                 "3 more SIP messages in this frame not analysed (siphop analyses at most 64 per frame)") == 0);
}

/* A full registry takes no more endpoints and says so with 0. */
static void test_endpoint_limit(void)
{
    sh_roles *ro = sh_roles_new();
    char text[32];
    uint32_t last = 0;

    for (unsigned i = 0; i < SH_ROLES_MAX_ENDPOINTS; i++) {
        g_snprintf(text, sizeof text, "10.%u.%u.%u", i >> 16, (i >> 8) & 255, i & 255);
        last = sh_roles_endpoint(ro, text, true);
    }
    CHECK_INT(last, SH_ROLES_MAX_ENDPOINTS);
    CHECK_INT(sh_roles_endpoint(ro, "192.0.2.99", true), 0);
    CHECK(g_strcmp0(sh_roles_text(ro, 1), "10.0.0.0") == 0);
    sh_roles_free(ro);
}

/* The INVITE test the findings and the plugin's call table share. */
static void test_brief_is_invite(void)
{
    CHECK(sh_msg_brief_is_invite(&(sh_msg_brief){ true, "INVITE", 0 }));
    CHECK(!sh_msg_brief_is_invite(&(sh_msg_brief){ true, "ACK", 0 }));
    CHECK(!sh_msg_brief_is_invite(&(sh_msg_brief){ true, "invite", 0 }));   /* methods are case-sensitive */
    CHECK(!sh_msg_brief_is_invite(&(sh_msg_brief){ true, NULL, 0 }));
    CHECK(!sh_msg_brief_is_invite(&(sh_msg_brief){ false, "INVITE", 200 }));   /* a response */
}

/* A PRACK whose RAck names no INVITE of its (known) call stays that call's,
 * with a note saying so; a PRACK of an unknown Call-ID is a plain orphan. */
static void test_prack_rack(void)
{
    sh_tracker *t = sh_tracker_new(NULL, NULL);
    sh_roles *ro = sh_roles_new();
    sh_result inv, ok, bad, stray;
    sh_msg_brief bi, bo, bb, bs;
    sh_findings fs;
#define DIALOG "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK%s\r\nCall-ID: %s\r\n" \
               "From: <sip:c@d>;tag=1\r\nTo: <sip:a@b.example>;tag=2\r\n"
    char text[512], head[256];

    g_snprintf(head, sizeof head, DIALOG, "i", "pr");
    g_snprintf(text, sizeof text, "INVITE sip:a@b.example SIP/2.0\r\n%sCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n",
               head);
    feed(t, ro, 1, text, "10.0.0.1", "10.0.0.2", &inv, &bi);
    g_snprintf(head, sizeof head, DIALOG, "p1", "pr");
    g_snprintf(text, sizeof text, "PRACK sip:a@10.0.0.2 SIP/2.0\r\n%sCSeq: 2 PRACK\r\nRAck: 1 1 INVITE\r\n"
               "Content-Length: 0\r\n\r\n", head);
    feed(t, ro, 2, text, "10.0.0.1", "10.0.0.2", &ok, &bo);
    CHECK(ok.call == inv.call && !(ok.flags & SH_F_ORPHAN));
    g_snprintf(head, sizeof head, DIALOG, "p2", "pr");
    g_snprintf(text, sizeof text, "PRACK sip:a@10.0.0.2 SIP/2.0\r\n%sCSeq: 3 PRACK\r\nRAck: 1 2 INVITE\r\n"
               "Content-Length: 0\r\n\r\n", head);
    feed(t, ro, 3, text, "10.0.0.1", "10.0.0.2", &bad, &bb);
    CHECK(bad.call == inv.call && (bad.flags & SH_F_ORPHAN) && bad.hop == 1);
    CHECK_INT(sh_findings_of(t, &bad, &bb, false, &fs), 1);
    CHECK_INT(fs.item[0].kind, SH_FIND_ORPHAN);
    CHECK(strcmp(fs.item[0].text, "No INVITE of call 1 matches this PRACK's RAck (the reliable response's RSeq and "
                                  "its INVITE's CSeq, RFC 3262 7.2): the RAck is wrong, or that INVITE is not in "
                                  "the capture") == 0);
    /* An ACK of the call matching no INVITE is no PRACK: the plain note. */
    sh_result ack;
    sh_msg_brief ba;
    g_snprintf(head, sizeof head, DIALOG, "a9", "pr");
    g_snprintf(text, sizeof text, "ACK sip:a@10.0.0.2 SIP/2.0\r\n%sCSeq: 9 ACK\r\nContent-Length: 0\r\n\r\n", head);
    feed(t, ro, 4, text, "10.0.0.1", "10.0.0.2", &ack, &ba);
    CHECK(ack.call == inv.call && (ack.flags & SH_F_ORPHAN));
    CHECK_INT(sh_findings_of(t, &ack, &ba, false, &fs), 1);
    CHECK(strcmp(fs.item[0].text, "No INVITE for this message in the capture") == 0);
    g_snprintf(head, sizeof head, DIALOG, "p3", "elsewhere");
    g_snprintf(text, sizeof text, "PRACK sip:a@10.0.0.2 SIP/2.0\r\n%sCSeq: 2 PRACK\r\nRAck: 1 1 INVITE\r\n"
               "Content-Length: 0\r\n\r\n", head);
    feed(t, ro, 5, text, "10.0.0.1", "10.0.0.2", &stray, &bs);
    CHECK(stray.call == NULL && (stray.flags & SH_F_ORPHAN));
    CHECK_INT(sh_findings_of(t, &stray, &bs, false, &fs), 1);
    CHECK(strcmp(fs.item[0].text, "No INVITE for this message in the capture") == 0);
    sh_roles_free(ro);
    sh_tracker_free(t);
#undef DIALOG
}

int main(void)
{
    test_brief_is_invite();
    test_seed_roles_and_findings();
    test_kind_table();
    test_endpoint_limit();
    test_prack_rack();
    return check_report();
}
