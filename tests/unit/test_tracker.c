/* test_tracker.c - the transaction and hop tracker, driven without Wireshark.
 *
 * Each scenario feeds messages built from a compact spec (start line, Vias
 * as one comma-separated string, identity headers) in capture order and
 * checks the verdicts the adapter would draw.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>

#include "check.h"
#include "siphop/describe.h"
#include "siphop/hash.h"
#include "siphop/tracker.h"

typedef struct spec {
    uint32_t frame;
    const char *method;   /* NULL for a response */
    unsigned status;
    const char *vias;
    const char *call_id;
    uint32_t cseq;
    const char *cseq_method;
    const char *from_tag;
    const char *to_tag;
    const char *host;     /* Request-URI and To host */
    bool sdp;
    uint32_t point;
    int64_t ms;
    const char *session_id;
    const char *warning;
    const char *variant;  /* changes the fingerprint without changing identity */
    const char *src;      /* sender "addr:port" (default 192.0.2.1:5061) */
    const char *dst;      /* receiver, INVITEs */
    const char *guid;     /* Cisco-Guid */
    const char *reason;
    bool cut;             /* the body ends early */
} spec;

#define MAXV 70
static sh_via via_buf[MAXV];

static void run(sh_tracker *t, const spec *s, sh_result *r)
{
    sh_msg m = { 0 };
    size_t total = 0;
    uint64_t fp = SH_HASH_INIT;

    m.frame = s->frame;
    m.time_ns = s->ms * 1000000;
    m.capture_point = s->point;
    m.src = sh_str_from(s->src ? s->src : "192.0.2.1:5061");
    m.dst = sh_str_from(s->dst);
    m.cisco_guid = sh_str_from(s->guid);
    m.body_cut = s->cut;
    m.is_request = s->method != NULL;
    m.method = sh_str_from(s->method);
    m.status = s->status;
    m.reason = sh_str_from(s->reason ? s->reason : s->status == 500 ? "Internal Server Error" : "");
    m.call_id = sh_str_from(s->call_id);
    m.has_cseq = true;
    m.cseq = s->cseq;
    m.cseq_method = sh_str_from(s->cseq_method ? s->cseq_method : s->method);
    m.from_tag = sh_str_from(s->from_tag ? s->from_tag : "caller");
    m.to_tag = sh_str_from(s->to_tag);
    m.n_vias = sh_via_parse_list(sh_str_from(s->vias), via_buf, MAXV, &total);
    m.vias = via_buf;
    m.via_total = total;
    m.ruri_host = sh_str_from(s->host);
    m.to_host = sh_str_from(s->host);
    m.has_sdp = s->sdp;
    m.session_id = sh_str_from(s->session_id);
    m.warning = sh_str_from(s->warning);
    /* A fingerprint of what distinguishes messages on the wire. */
    fp = sh_hash_str(fp, sh_str_from(s->method ? s->method : "resp"));
    fp = sh_hash_u64(fp, s->status);
    fp = sh_hash_str(fp, sh_str_from(s->vias));
    fp = sh_hash_str(fp, sh_str_from(s->call_id));
    fp = sh_hash_str(fp, sh_str_from(s->variant));
    m.fingerprint = sh_hash_finish(fp);
    sh_tracker_process(t, &m, r);
}

static sh_tracker *tracker_with(const sh_domains *d)
{
    return sh_tracker_new(NULL, d);
}

/* The seed's Vias: CUCM, Expressway-C, Expressway-E. */
#define V1 "SIP/2.0/TCP 172.28.21.100:5560;branch=z9hG4bK11c80762b0b051"
#define V2 "SIP/2.0/TLS 172.28.21.104:5061;egress-zone=TraversalClientB2B;branch=z9hG4bKae64;proxy-call-id=fdbf1c60;rport"
#define V3 "SIP/2.0/TLS 58.162.48.4:5061;egress-zone=DNSZoneB2B;branch=z9hG4bK6f09;proxy-call-id=b8fb1c34;rport"
#define V1R V1 ";received=172.28.21.100;ingress-zone=CUCMNeighborZoneB2B"
#define V2R "SIP/2.0/TLS 172.28.21.104:5061;egress-zone=TraversalClientB2B;branch=z9hG4bKae64;proxy-call-id=fdbf1c60;received=172.28.21.104;rport=25048;ingress-zone=TraversalServerB2B"
#define CID "e7672380-5991e82c-e0ca3-64151cac@172.28.21.100"
#define WEBEX "company.webex.com"
#define WARN "399 114.29.213.174:5071 \"Invalid content in far end 200 OK\""

/* Kept packed (a UUID in 17 bytes), read back exactly as it was written. */
static void test_proxy_call_id_forms(void)
{
    static const char *const ids[] = {
        "b8fb1c34-d048-472b-8b41-81c96abb19d1",       /* Expressway's form: packed */
        "B8FB1C34-D048-472B-8B41-81C96ABB19D1",       /* upper case: kept as text */
        "b8fb1c34-d048-472b-8b41-81c96abb19d1@58.162.48.4:5061",
        "b8fb1c34-d048-472b-8b41-81c96abb19dz",       /* not hex */
        "b8fb1c34d048-472b-8b41-81c96abb19d1-",       /* dashes elsewhere */
        "\x01\x02",                                   /* what the tags look like */
        "x",
    };
    char pcid[SH_PROXY_CALL_ID_SIZE], vias[200];
    sh_tracker *t = tracker_with(NULL);

    for (unsigned i = 0; i < G_N_ELEMENTS(ids); i++) {
        sh_result r;
        g_snprintf(vias, sizeof vias, "SIP/2.0/TLS 10.0.0.1:5061;branch=z9hG4bK%u;proxy-call-id=%s", i, ids[i]);
        run(t, &(spec){ .frame = i + 1, .method = "INVITE", .vias = vias, .call_id = ids[i], .cseq = 1 }, &r);
        CHECK(r.txn && g_strcmp0(sh_txn_proxy_call_id(r.txn, pcid), ids[i]) == 0);
    }
    sh_result none;
    run(t, &(spec){ .frame = 99, .method = "INVITE", .vias = V1, .call_id = "other", .cseq = 1 }, &none);
    CHECK(none.txn && sh_txn_proxy_call_id(none.txn, pcid) == NULL);
    sh_tracker_free(t);
}

static void test_seed_scenario(void)
{
    sh_domains *d = sh_domains_new(SH_DEFAULT_EO_DOMAINS);
    sh_tracker *t = tracker_with(d);
    sh_result inv1, inv2, inv3, r500_3, ack3, r500_2, r500_1, ack1;

    run(t, &(spec){ .frame = 1, .method = "INVITE", .vias = V1, .call_id = CID, .cseq = 101, .host = WEBEX }, &inv1);
    run(t, &(spec){ .frame = 3, .method = "INVITE", .vias = V2 ", " V1R, .call_id = CID, .cseq = 101, .host = WEBEX }, &inv2);
    run(t, &(spec){ .frame = 5, .method = "INVITE", .vias = V3 ", " V2R ", " V1R, .call_id = CID, .cseq = 101, .host = WEBEX }, &inv3);
    run(t, &(spec){ .frame = 7, .status = 500, .vias = V3 ", " V2R ", " V1R, .call_id = CID, .cseq = 101, .cseq_method = "INVITE",
                    .to_tag = "38659d", .host = WEBEX, .warning = WARN }, &r500_3);
    run(t, &(spec){ .frame = 8, .method = "ACK", .vias = V3, .call_id = CID, .cseq = 101, .to_tag = "38659d", .host = WEBEX }, &ack3);
    run(t, &(spec){ .frame = 9, .status = 500, .vias = V2R ", " V1R, .call_id = CID, .cseq = 101, .cseq_method = "INVITE",
                    .to_tag = "38659d", .host = WEBEX, .warning = WARN }, &r500_2);
    run(t, &(spec){ .frame = 11, .status = 500, .vias = V1R, .call_id = CID, .cseq = 101, .cseq_method = "INVITE",
                    .to_tag = "38659d", .host = WEBEX }, &r500_1);
    run(t, &(spec){ .frame = 12, .method = "ACK", .vias = V1, .call_id = CID, .cseq = 101, .to_tag = "38659d", .host = WEBEX }, &ack1);

    CHECK_INT(sh_tracker_call_count(t), 1);
    CHECK(inv1.call == inv2.call && inv2.call == inv3.call);
    CHECK_INT(inv1.hop, 1);
    CHECK_INT(inv2.hop, 2);
    CHECK_INT(inv3.hop, 3);
    CHECK_INT(inv3.call->max_hop, 3);
    CHECK_INT(inv1.hops_missing, 0);
    CHECK(!(inv1.flags & SH_F_HOP_MISSING));
    CHECK_INT(inv2.txn->link, SH_LINK_VIA);
    CHECK(inv2.txn->upstream == inv1.txn);
    CHECK(inv3.txn->upstream == inv2.txn);
    CHECK_INT(inv3.txn->link_depth, 1);
    CHECK(inv1.txn->offer == SH_OFFER_DELAYED && inv3.txn->offer == SH_OFFER_DELAYED);
    CHECK(inv1.txn->eo_required && inv2.txn->eo_required && inv3.txn->eo_required);
    CHECK(g_strcmp0(inv3.txn->names->target, WEBEX) == 0);
    char pcid[SH_PROXY_CALL_ID_SIZE];
    CHECK(g_strcmp0(sh_txn_proxy_call_id(inv3.txn, pcid), "b8fb1c34") == 0);
    CHECK(g_strcmp0(inv3.txn->names->egress_zone, "DNSZoneB2B") == 0);
    CHECK(g_strcmp0(inv3.txn->names->ingress_zone, "TraversalServerB2B") == 0);
    CHECK(inv3.call->delayed_to_eo);

    /* The 500 from Webex is the origin; the ones upstream relay it. */
    CHECK(r500_3.txn == inv3.txn);
    CHECK(r500_3.flags & SH_F_FAILURE_ORIGIN);
    CHECK_INT(inv3.txn->final_frame, 7);
    CHECK_INT(inv3.txn->status, 500);
    CHECK_INT(inv3.txn->failure->frame, 7);
    CHECK_INT(inv3.txn->failure->hop, 3);
    CHECK_INT(inv3.txn->failure->warning.code, 399);
    CHECK_STR(inv3.txn->failure->warning.text, "Invalid content in far end 200 OK");
    CHECK(r500_2.txn == inv2.txn && (r500_2.flags & SH_F_FAILURE_RELAYED));
    CHECK(r500_1.txn == inv1.txn && (r500_1.flags & SH_F_FAILURE_RELAYED));
    CHECK(inv1.txn->failure == inv3.txn->failure);
    CHECK_INT(inv1.txn->final_frame, 11);
    CHECK(ack3.txn == inv3.txn && ack1.txn == inv1.txn);
    CHECK_INT(r500_1.hop, 1);

    /* What users read. */
    char buf[1024];
    sh_msg_brief b = { .is_request = false, .status = 500 };
    sh_describe_label(t, &r500_3, &b, buf, sizeof buf);
    CHECK(strcmp(buf, "500 ORIGIN, call 1 hop 3/3, DO to webex.com (EO only)") == 0);
    sh_describe_label(t, &r500_1, &b, buf, sizeof buf);
    CHECK(strcmp(buf, "500 relayed from hop 3, call 1 hop 1/3, DO to webex.com (EO only)") == 0);
    /* Cause first, the fix a field of its own, within what Wireshark shows. */
    sh_describe_failure_origin(t, inv3.txn->failure, buf, sizeof buf);
    CHECK(strcmp(buf, "Delayed offer to webex.com (early offer only): 500 Internal Server Error on hop 3 (sent by "
                      "192.0.2.1:5061; Warning 399 \"Invalid content in far end 200 OK\")") == 0);
    CHECK(strlen(buf) <= SH_TEXT_FIT);
    sh_describe_failure_relayed(inv1.txn->failure, 500, buf, sizeof buf);
    CHECK(strcmp(buf, "500 relayed from hop 3: delayed offer to an early-offer-only destination (500 Internal "
                      "Server Error of frame 7, sent by 192.0.2.1:5061; Warning 399 \"Invalid content in far end "
                      "200 OK\")") == 0);
    CHECK(strlen(buf) <= SH_TEXT_FIT);
    sh_describe_link(t, inv2.txn, buf, sizeof buf);
    CHECK(strstr(buf, "via-chain") == buf);

    sh_tracker_free(t);
    sh_domains_free(d);
}

static void test_hops_missing(void)
{
    sh_domains *d = sh_domains_new(SH_DEFAULT_EO_DOMAINS);
    sh_tracker *t = tracker_with(d);
    sh_result a, b, c;

    /* Expressway-E's view only: the first INVITE seen has 2 Vias. */
    run(t, &(spec){ .frame = 1, .method = "INVITE", .vias = V2 ", " V1R, .call_id = CID, .cseq = 101, .host = WEBEX }, &a);
    run(t, &(spec){ .frame = 2, .method = "INVITE", .vias = V3 ", " V2R ", " V1R, .call_id = CID, .cseq = 101, .host = WEBEX }, &b);
    CHECK_INT(a.hop, 2);
    CHECK(a.flags & SH_F_HOP_MISSING);
    CHECK_INT(a.hops_missing, 1);
    CHECK_INT(b.hop, 3);
    CHECK(!(b.flags & SH_F_HOP_MISSING));
    sh_tracker_free(t);

    /* Hop 1 and hop 3 captured, hop 2 not: linked through the deeper Via. */
    t = tracker_with(d);
    run(t, &(spec){ .frame = 1, .method = "INVITE", .vias = V1, .call_id = CID, .cseq = 101, .host = WEBEX }, &a);
    run(t, &(spec){ .frame = 2, .method = "INVITE", .vias = V3 ", " V2R ", " V1R, .call_id = CID, .cseq = 101, .host = WEBEX }, &c);
    CHECK(c.call == a.call);
    CHECK_INT(c.hop, 3);
    CHECK_INT(c.txn->link_depth, 2);
    CHECK(c.txn->upstream == a.txn);
    CHECK(c.flags & SH_F_HOP_MISSING);
    CHECK_INT(c.hops_missing, 1);
    sh_tracker_free(t);
    sh_domains_free(d);
}

static void test_duplicates(void)
{
    sh_tracker *t = tracker_with(NULL);
    sh_result a, b, c, d, e;
    spec inv = { .frame = 1, .method = "INVITE", .vias = "SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKx", .call_id = "dup@x",
                 .cseq = 1, .host = "example.com", .ms = 0 };

    run(t, &inv, &a);
    inv.frame = 2, inv.ms = 500;
    run(t, &inv, &b);                 /* timer A fired: sent again */
    inv.frame = 3, inv.ms = 501, inv.point = 1;
    run(t, &inv, &c);                 /* the same at another capture point */
    inv.frame = 4, inv.ms = 1500, inv.point = 0;
    run(t, &inv, &d);
    CHECK(a.flags & SH_F_NEW_LEG);
    CHECK_INT(b.dup, SH_DUP_RETRANSMISSION);
    CHECK_INT(b.dup_of, 1);
    CHECK_INT(c.dup, SH_DUP_COPY);
    CHECK_INT(d.dup, SH_DUP_RETRANSMISSION);
    CHECK(!(b.flags & SH_F_NEW_LEG));
    CHECK_INT(a.call->legs, 1);

    /* Merged capture with one interface: a copy shows up within a few ms. */
    inv.frame = 5, inv.ms = 1502;
    run(t, &inv, &e);
    CHECK_INT(e.dup, SH_DUP_COPY);
    sh_tracker_free(t);
}

static void test_offer_answer(void)
{
    sh_tracker *t = tracker_with(NULL);
    sh_result inv, ok, ack, inv2, ok2, ack2;
    const char *v = "SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bKoa";

    run(t, &(spec){ .frame = 1, .method = "INVITE", .vias = v, .call_id = "oa@x", .cseq = 1, .host = "partner.example.com" }, &inv);
    run(t, &(spec){ .frame = 2, .status = 200, .vias = v, .call_id = "oa@x", .cseq = 1, .cseq_method = "INVITE", .to_tag = "t",
                    .sdp = true }, &ok);
    run(t, &(spec){ .frame = 3, .method = "ACK", .vias = "SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bKack", .call_id = "oa@x",
                    .cseq = 1, .to_tag = "t", .sdp = true }, &ack);
    CHECK_INT(inv.txn->offer, SH_OFFER_DELAYED);
    CHECK(!inv.txn->eo_required);
    CHECK_INT(ok.sdp_role, SH_SDP_OFFER);
    CHECK(ack.txn == inv.txn);     /* 2xx ACK: new branch, found through the dialog */
    CHECK_INT(ack.sdp_role, SH_SDP_ANSWER);
    CHECK_INT(inv.txn->answer_frame, 3);
    CHECK(!(ok.flags & (SH_F_FAILURE_ORIGIN | SH_F_NO_OFFER_IN_2XX)));

    /* A broken far end: 2xx without the offer, ACK without an answer. */
    const char *v2 = "SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bKoa2";
    run(t, &(spec){ .frame = 4, .method = "INVITE", .vias = v2, .call_id = "oa2@x", .cseq = 1 }, &inv2);
    run(t, &(spec){ .frame = 5, .status = 200, .vias = v2, .call_id = "oa2@x", .cseq = 1, .cseq_method = "INVITE", .to_tag = "t" }, &ok2);
    run(t, &(spec){ .frame = 6, .method = "ACK", .vias = "SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bKack2", .call_id = "oa2@x",
                    .cseq = 1, .to_tag = "t" }, &ack2);
    CHECK(ok2.flags & SH_F_NO_OFFER_IN_2XX);
    CHECK(ack2.txn == inv2.txn);

    /* Early offer: the 200's SDP is the answer. */
    sh_result inv3, ok3;
    const char *v3 = "SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bKoa3";
    run(t, &(spec){ .frame = 7, .method = "INVITE", .vias = v3, .call_id = "oa3@x", .cseq = 1, .sdp = true }, &inv3);
    run(t, &(spec){ .frame = 8, .status = 200, .vias = v3, .call_id = "oa3@x", .cseq = 1, .cseq_method = "INVITE", .to_tag = "t",
                    .sdp = true }, &ok3);
    CHECK_INT(inv3.txn->offer, SH_OFFER_EARLY);
    CHECK_INT(inv3.sdp_role, SH_SDP_OFFER);
    CHECK_INT(ok3.sdp_role, SH_SDP_ANSWER);
    sh_tracker_free(t);
}

static void test_b2bua_session_id(void)
{
    sh_domains *d = sh_domains_new(SH_DEFAULT_EO_DOMAINS);
    sh_tracker *t = tracker_with(d);
    sh_result a, b, c;
    const char *sid = "ab30317f1a784dc48ff824d0d3715d86;remote=00000000000000000000000000000000";

    run(t, &(spec){ .frame = 1, .method = "INVITE", .vias = V1, .call_id = "A@cucm", .cseq = 101, .host = WEBEX,
                    .session_id = sid }, &a);
    run(t, &(spec){ .frame = 2, .method = "INVITE", .vias = V2, .call_id = "B@expc", .cseq = 1, .host = WEBEX,
                    .session_id = sid }, &b);
    run(t, &(spec){ .frame = 3, .method = "INVITE", .vias = V3 ", " V2R, .call_id = "B@expc", .cseq = 1, .host = WEBEX,
                    .session_id = sid }, &c);
    CHECK_INT(sh_tracker_call_count(t), 1);
    CHECK(b.call == a.call && c.call == a.call);
    CHECK_INT(b.hop, 2);
    CHECK_INT(b.txn->link, SH_LINK_SESSION_ID);
    CHECK(b.txn->upstream == a.txn);
    CHECK(g_strcmp0(sh_txn_link_value(b.txn), "ab30317f1a784dc48ff824d0d3715d86") == 0);
    /* Kept together with the proxy-call-id, in either of its forms. */
    char pcid[SH_PROXY_CALL_ID_SIZE];
    sh_result e;
    CHECK(g_strcmp0(sh_txn_proxy_call_id(b.txn, pcid), "fdbf1c60") == 0);
    CHECK(sh_txn_link_value(a.txn) == NULL);
    run(t, &(spec){ .frame = 4, .method = "INVITE", .call_id = "E@other", .cseq = 1, .host = WEBEX, .session_id = sid,
                    .vias = "SIP/2.0/TLS 10.1.1.1:5061;branch=z9hG4bKe;proxy-call-id=b8fb1c34-d048-472b-8b41-81c96abb19d1" },
        &e);
    CHECK(e.txn && e.call == a.call);
    CHECK(e.txn && g_strcmp0(sh_txn_link_value(e.txn), "ab30317f1a784dc48ff824d0d3715d86") == 0);
    CHECK(e.txn && g_strcmp0(sh_txn_proxy_call_id(e.txn, pcid), "b8fb1c34-d048-472b-8b41-81c96abb19d1") == 0);
    CHECK_INT(c.hop, 3);
    CHECK_INT(c.txn->link, SH_LINK_VIA);

    /* The null UUID links nothing. */
    sh_result x, y;
    const char *null_sid = "00000000000000000000000000000000";
    run(t, &(spec){ .frame = 4, .method = "INVITE", .vias = "SIP/2.0/UDP 1.1.1.1;branch=z9hG4bKn1", .call_id = "n1",
                    .cseq = 1, .session_id = null_sid }, &x);
    run(t, &(spec){ .frame = 5, .method = "INVITE", .vias = "SIP/2.0/UDP 1.1.1.2;branch=z9hG4bKn2", .call_id = "n2",
                    .cseq = 1, .session_id = null_sid }, &y);
    CHECK(x.call != y.call);
    sh_tracker_free(t);
    sh_domains_free(d);
}

static void test_cancel(void)
{
    sh_tracker *t = tracker_with(NULL);
    sh_result inv1, inv2, can1, r487_2, r487_1;
    const char *a = "SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKc1";
    const char *b = "SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bKc2";

    run(t, &(spec){ .frame = 1, .method = "INVITE", .vias = a, .call_id = "c@x", .cseq = 1, .sdp = true }, &inv1);
    run(t, &(spec){ .frame = 2, .method = "INVITE", .vias = "SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bKc2, SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKc1",
                    .call_id = "c@x", .cseq = 1, .sdp = true }, &inv2);
    run(t, &(spec){ .frame = 3, .method = "CANCEL", .vias = a, .call_id = "c@x", .cseq = 1 }, &can1);
    run(t, &(spec){ .frame = 4, .status = 487, .vias = "SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bKc2, SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKc1",
                    .call_id = "c@x", .cseq = 1, .cseq_method = "INVITE", .to_tag = "t" }, &r487_2);
    run(t, &(spec){ .frame = 5, .status = 487, .vias = a, .call_id = "c@x", .cseq = 1, .cseq_method = "INVITE", .to_tag = "t" }, &r487_1);
    (void)b;
    CHECK(inv1.txn->cancelled);
    CHECK(can1.call == inv1.call);
    CHECK(r487_2.flags & SH_F_CANCELLED);   /* hop 2's CANCEL not captured: the caller's counts */
    CHECK(r487_1.flags & SH_F_CANCELLED);
    CHECK(!(r487_1.flags & (SH_F_FAILURE_ORIGIN | SH_F_FAILURE_RELAYED)));
    CHECK(inv1.txn->failure == NULL);
    CHECK(sh_result_class(t, &r487_1) == SH_FC_CANCELLED);
    sh_tracker_free(t);
}

static void test_hostile(void)
{
    sh_limits lim;
    sh_limits_default(&lim);
    lim.max_calls = 2;
    lim.max_legs_per_call = 8;
    sh_tracker *t = sh_tracker_new(&lim, NULL);
    sh_result r;
    char via[64];

    /* Colliding branches across calls stay separate calls. */
    run(t, &(spec){ .frame = 1, .method = "INVITE", .vias = "SIP/2.0/UDP 1.1.1.1;branch=z9hG4bK-1", .call_id = "one", .cseq = 1 }, &r);
    sh_call *first = r.call;
    run(t, &(spec){ .frame = 2, .method = "INVITE", .vias = "SIP/2.0/UDP 1.1.1.1;branch=z9hG4bK-1", .call_id = "two", .cseq = 1 }, &r);
    CHECK(r.call && r.call != first);
    /* max_calls reached: the third call is flagged, not tracked. */
    run(t, &(spec){ .frame = 3, .method = "INVITE", .vias = "SIP/2.0/UDP 1.1.1.1;branch=z9hG4bK-3", .call_id = "three", .cseq = 1 }, &r);
    CHECK(r.flags & SH_F_CALLS_LIMIT);
    CHECK(r.call == NULL);
    CHECK_INT(sh_tracker_call_count(t), 2);

    /* 100,000 INVITEs with one Call-ID: legs stop at the limit. */
    unsigned limited = 0;
    for (unsigned i = 0; i < 100000; i++) {
        g_snprintf(via, sizeof via, "SIP/2.0/UDP 2.2.2.2;branch=z9hG4bK%u", i);
        run(t, &(spec){ .frame = 10 + i, .method = "INVITE", .vias = via, .call_id = "one", .cseq = i + 2 }, &r);
        limited += (r.flags & SH_F_LEGS_LIMIT) != 0;
    }
    CHECK_INT(first->legs, 8);
    CHECK_INT(limited, 100000 - 7);
    CHECK(first->legs_limited);

    /* A looping Via stack. */
    run(t, &(spec){ .frame = 200000, .method = "INVITE",
                    .vias = "SIP/2.0/UDP 3.3.3.3;branch=z9hG4bKa, SIP/2.0/UDP 4.4.4.4;branch=z9hG4bKb, SIP/2.0/UDP 3.3.3.3;branch=z9hG4bKa",
                    .call_id = "two", .cseq = 9 }, &r);
    CHECK(r.flags & SH_F_VIA_LOOP);

    /* A response with no request. */
    run(t, &(spec){ .frame = 200001, .status = 500, .vias = "SIP/2.0/UDP 9.9.9.9;branch=z9hG4bKnone", .call_id = "none",
                    .cseq = 1, .cseq_method = "INVITE" }, &r);
    CHECK(r.flags & SH_F_ORPHAN);
    CHECK(r.call == NULL);

    /* No Call-ID. */
    run(t, &(spec){ .frame = 200002, .method = "INVITE", .vias = "SIP/2.0/UDP 9.9.9.9;branch=z9hG4bKx", .call_id = "" }, &r);
    CHECK(r.flags & SH_F_UNTRACKABLE);

    /* A Warning with a code and nothing else (found by fuzz.tracker: the
     * empty agent and text must not reach memcpy as NULL pointers). */
    run(t, &(spec){ .frame = 200003, .status = 500, .vias = "SIP/2.0/UDP 1.1.1.1;branch=z9hG4bK-1", .call_id = "one",
                    .cseq = 1, .cseq_method = "INVITE", .to_tag = "w", .warning = "399" }, &r);
    CHECK(r.txn && r.txn->failure);
    CHECK_INT(r.txn->failure->warning.code, 399);
    CHECK_INT(r.txn->failure->warning.agent.len, 0);
    CHECK_INT(r.txn->failure->warning.text.len, 0);
    sh_tracker_free(t);
}

static void test_reverse_reinvite(void)
{
    sh_tracker *t = tracker_with(NULL);
    sh_result inv1, inv2, re;

    run(t, &(spec){ .frame = 1, .method = "INVITE", .vias = "SIP/2.0/TCP 10.0.0.1;branch=z9hG4bKr1", .call_id = "rv",
                    .cseq = 1, .from_tag = "A" }, &inv1);
    run(t, &(spec){ .frame = 2, .method = "INVITE", .vias = "SIP/2.0/TCP 10.0.0.2;branch=z9hG4bKr2, SIP/2.0/TCP 10.0.0.1;branch=z9hG4bKr1",
                    .call_id = "rv", .cseq = 1, .from_tag = "A" }, &inv2);
    /* The callee re-INVITEs on the last hop: one Via, From tag is the callee's. */
    run(t, &(spec){ .frame = 3, .method = "INVITE", .vias = "SIP/2.0/TCP 10.0.0.3;branch=z9hG4bKr3", .call_id = "rv",
                    .cseq = 7, .from_tag = "B", .to_tag = "A", .sdp = true }, &re);
    CHECK(re.call == inv1.call);
    CHECK_INT(re.hop, 2);
    CHECK(re.txn->reinvite);
    CHECK_INT(re.txn->link, SH_LINK_DIALOG);

    /* The proxy forwards it toward the caller: one more Via, hop 1, not 3. */
    sh_result re1, ack1;
    run(t, &(spec){ .frame = 4, .method = "INVITE", .vias = "SIP/2.0/TCP 10.0.0.2;branch=z9hG4bKr4, SIP/2.0/TCP 10.0.0.3;branch=z9hG4bKr3",
                    .call_id = "rv", .cseq = 7, .from_tag = "B", .to_tag = "A", .sdp = true }, &re1);
    CHECK_INT(re1.hop, 1);
    CHECK_INT(re1.txn->link, SH_LINK_VIA);
    CHECK(re1.txn->upstream == re.txn);
    CHECK_INT(inv1.call->max_hop, 2);
    /* Its 2xx ACK (a new branch) finds it through the dialog, same direction. */
    run(t, &(spec){ .frame = 6, .method = "ACK", .vias = "SIP/2.0/TCP 10.0.0.2;branch=z9hG4bKr6, SIP/2.0/TCP 10.0.0.3;branch=z9hG4bKr5",
                    .call_id = "rv", .cseq = 7, .from_tag = "B", .to_tag = "A" }, &ack1);
    CHECK(ack1.txn == re1.txn);

    /* The callee reusing the caller's CSeq number does not collide. */
    sh_result same;
    run(t, &(spec){ .frame = 7, .method = "ACK", .vias = "SIP/2.0/TCP 10.0.0.1;branch=z9hG4bKr7",
                    .call_id = "rv", .cseq = 1, .from_tag = "A", .to_tag = "B" }, &same);
    CHECK(same.txn == inv1.txn);
    sh_tracker_free(t);
}

/* ---- the failure model ---------------------------------------------------- */

#define VA "SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKa"
#define VB "SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bKb"
#define VC "SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bKc"

/* INVITE -> 407 -> INVITE with credentials -> 200: the call connected. */
static void test_challenge(void)
{
    sh_tracker *t = tracker_with(NULL);
    sh_result i1, r407, i2, i2b, r200b, r200;
    char buf[512];

    run(t, &(spec){ .frame = 1, .method = "INVITE", .vias = VA, .call_id = "ch", .cseq = 1, .sdp = true,
                    .dst = "10.0.0.2:5060" }, &i1);
    run(t, &(spec){ .frame = 2, .status = 407, .vias = VA, .call_id = "ch", .cseq = 1, .cseq_method = "INVITE",
                    .to_tag = "p1", .reason = "Proxy Authentication Required", .src = "10.0.0.2:5060" }, &r407);
    run(t, &(spec){ .frame = 3, .method = "INVITE", .vias = VA "2", .call_id = "ch", .cseq = 2, .sdp = true }, &i2);
    run(t, &(spec){ .frame = 4, .method = "INVITE", .vias = VB ", " VA "2", .call_id = "ch", .cseq = 2, .sdp = true },
        &i2b);
    run(t, &(spec){ .frame = 5, .status = 200, .vias = VB ", " VA "2", .call_id = "ch", .cseq = 2,
                    .cseq_method = "INVITE", .to_tag = "u" }, &r200b);
    run(t, &(spec){ .frame = 6, .status = 200, .vias = VA "2", .call_id = "ch", .cseq = 2, .cseq_method = "INVITE",
                    .to_tag = "u" }, &r200);
    CHECK_INT(sh_result_class(t, &r407), SH_FC_CHALLENGE);
    CHECK(!sh_class_info_of(SH_FC_CHALLENGE)->is_failure);
    CHECK(i2.call == i1.call && i2b.call == i1.call);
    CHECK_INT(i2.hop, 1);
    CHECK_INT(i2b.hop, 2);
    CHECK(i1.call->top == i2.txn);
    CHECK_INT(sh_result_class(t, &r200), SH_FC_NONE);
    sh_describe_verdict(t, i1.call, NULL, buf, sizeof buf);
    CHECK(strcmp(buf, "OK: early offer, 200") == 0);
    sh_msg_brief b = { .is_request = false, .status = 407 };
    sh_describe_label(t, &r407, &b, buf, sizeof buf);
    CHECK(strcmp(buf, "407 challenge, call 1 hop 1/2, EO") == 0);
    /* A challenge nobody answered with credentials is the call's outcome:
     * the verdict says no retry followed, not that one does. */
    sh_result j1, j407;
    run(t, &(spec){ .frame = 7, .method = "INVITE", .vias = VA "9", .call_id = "ch-alone", .cseq = 1, .sdp = true,
                    .dst = "10.0.0.2:5060" }, &j1);
    run(t, &(spec){ .frame = 8, .status = 401, .vias = VA "9", .call_id = "ch-alone", .cseq = 1,
                    .cseq_method = "INVITE", .to_tag = "p9", .reason = "Unauthorized", .src = "10.0.0.2:5060" },
        &j407);
    CHECK(j1.call->top == j1.txn);
    sh_describe_verdict(t, j1.call, "Expressway-C", buf, sizeof buf);
    CHECK(strcmp(buf, "CHALLENGED: an authentication challenge -> 401 Unauthorized from hop 1 (Expressway-C); "
                      "no retry with credentials followed in the capture") == 0);
    sh_tracker_free(t);
}

/* A delayed offer toward Webex blamed only on evidence. */
static void test_delayed_offer_evidence(void)
{
    static const struct {
        unsigned status;
        const char *warning;
        sh_failure_class want;
    } cases[] = {
        { 500, WARN, SH_FC_DELAYED_OFFER },
        { 488, NULL, SH_FC_DELAYED_OFFER },
        { 606, NULL, SH_FC_DELAYED_OFFER },
        { 500, NULL, SH_FC_UNAVAILABLE },
        { 503, "399 x \"No media resources available\"", SH_FC_UNAVAILABLE },
        { 504, NULL, SH_FC_NO_ANSWER },
        { 404, "399 x \"Not Found\"", SH_FC_ROUTING },
        { 403, "399 x \"Policy Response\"", SH_FC_ROUTING },
        { 486, NULL, SH_FC_BUSY },
        { 603, NULL, SH_FC_DECLINED },
        { 483, NULL, SH_FC_LOOP },
        { 422, NULL, SH_FC_SESSION_TIMER },
        { 480, NULL, SH_FC_ROUTING },
        { 302, NULL, SH_FC_REDIRECT },
        { 502, NULL, SH_FC_OTHER },
        { 502, "305 x \"Incompatible media format\"", SH_FC_MEDIA },
    };
    sh_domains *d = sh_domains_new(SH_DEFAULT_EO_DOMAINS);

    for (unsigned i = 0; i < G_N_ELEMENTS(cases); i++) {
        sh_tracker *t = tracker_with(d);
        sh_result inv, resp;
        run(t, &(spec){ .frame = 1, .method = "INVITE", .vias = VA, .call_id = "do", .cseq = 1, .host = WEBEX }, &inv);
        run(t, &(spec){ .frame = 2, .status = cases[i].status, .vias = VA, .call_id = "do", .cseq = 1,
                        .cseq_method = "INVITE", .to_tag = "w", .warning = cases[i].warning }, &resp);
        if (sh_result_class(t, &resp) != cases[i].want)
            fprintf(stderr, "case %u: %u -> %s\n", i, cases[i].status,
                    sh_failure_class_name(sh_result_class(t, &resp)));
        CHECK_INT(sh_result_class(t, &resp), cases[i].want);
        sh_tracker_free(t);
    }
    /* The same 500 toward a partner is no delayed-offer failure. */
    sh_tracker *t = tracker_with(d);
    sh_result inv, resp;
    run(t, &(spec){ .frame = 1, .method = "INVITE", .vias = VA, .call_id = "p", .cseq = 1, .host = "partner.example" },
        &inv);
    run(t, &(spec){ .frame = 2, .status = 500, .vias = VA, .call_id = "p", .cseq = 1, .cseq_method = "INVITE",
                    .warning = WARN }, &resp);
    CHECK_INT(sh_result_class(t, &resp), SH_FC_UNAVAILABLE);
    sh_tracker_free(t);
    /* An INVITE cut before its body: the offer is unknown. */
    t = tracker_with(d);
    run(t, &(spec){ .frame = 1, .method = "INVITE", .vias = VA, .call_id = "cut", .cseq = 1, .host = WEBEX,
                    .cut = true }, &inv);
    CHECK_INT(inv.txn->offer, SH_OFFER_UNKNOWN);
    run(t, &(spec){ .frame = 2, .status = 500, .vias = VA, .call_id = "cut", .cseq = 1, .cseq_method = "INVITE",
                    .warning = WARN }, &resp);
    CHECK_INT(sh_result_class(t, &resp), SH_FC_UNAVAILABLE);
    sh_tracker_free(t);
    sh_domains_free(d);
}

/* An unanswered INVITE's silence counts only when the capture proves it:
 * Timer B (32 s) of SIP after it, in a capture that sees responses. */
static void test_silence_proven(void)
{
    sh_domains *d = sh_domains_new(SH_DEFAULT_EO_DOMAINS);
    sh_tracker *t = tracker_with(d);
    sh_result inv, other, ok;

    run(t, &(spec){ .frame = 1, .method = "INVITE", .vias = VA, .call_id = "quiet", .cseq = 1, .host = WEBEX,
                    .ms = 1000 }, &inv);
    CHECK(sh_txn_unanswered(inv.txn));
    CHECK(!sh_txn_silence_proven(t, inv.txn));       /* the capture ends with it */
    run(t, &(spec){ .frame = 2, .method = "INVITE", .vias = VB, .call_id = "later", .cseq = 1, .host = WEBEX,
                    .ms = 1000 + 32000 }, &other);
    CHECK_INT(sh_tracker_latest_ns(t), INT64_C(33000000000));
    CHECK(!sh_tracker_saw_response(t));
    CHECK(!sh_txn_silence_proven(t, inv.txn));       /* 32 s, but requests only */
    run(t, &(spec){ .frame = 3, .status = 200, .vias = VB, .call_id = "later", .cseq = 1, .cseq_method = "INVITE",
                    .to_tag = "t", .ms = 1000 + 31999 }, &ok);
    CHECK(sh_tracker_saw_response(t));
    CHECK_INT(sh_tracker_latest_ns(t), INT64_C(33000000000));   /* the latest, not the last */
    CHECK(sh_txn_silence_proven(t, inv.txn));
    CHECK(!sh_txn_silence_proven(t, other.txn));     /* answered or not, 0 s after it */
    sh_tracker_free(t);
    sh_domains_free(d);
}

/* A proxy's own 408 after its next hop stayed silent. */
static void test_silent_next_hop(void)
{
    sh_domains *d = sh_domains_new(SH_DEFAULT_EO_DOMAINS);
    sh_tracker *t = tracker_with(d);
    sh_result i1, i2, i2r, r408;
    char buf[512];

    run(t, &(spec){ .frame = 1, .method = "INVITE", .vias = VA, .call_id = "s", .cseq = 1, .host = WEBEX,
                    .dst = "10.0.0.2:5060" }, &i1);
    run(t, &(spec){ .frame = 2, .method = "INVITE", .vias = VB ", " VA, .call_id = "s", .cseq = 1, .host = WEBEX,
                    .src = "10.0.0.2:5060", .dst = "10.0.0.9:5060", .ms = 1 }, &i2);
    run(t, &(spec){ .frame = 3, .method = "INVITE", .vias = VB ", " VA, .call_id = "s", .cseq = 1, .host = WEBEX,
                    .ms = 600 }, &i2r);
    run(t, &(spec){ .frame = 4, .status = 408, .vias = VA, .call_id = "s", .cseq = 1, .cseq_method = "INVITE",
                    .to_tag = "k", .reason = "Request Timeout", .src = "10.0.0.2:5060", .ms = 4000 }, &r408);
    CHECK(i2r.dup == SH_DUP_RETRANSMISSION);
    CHECK(r408.flags & SH_F_FAILURE_ORIGIN);
    CHECK_INT(sh_result_class(t, &r408), SH_FC_NO_ANSWER);
    CHECK(i1.txn->failure->generated);
    CHECK_INT(i1.txn->failure->silent_frame, 2);
    CHECK(sh_txn_unanswered(i2.txn));
    sh_describe_cause(t, i1.txn->failure, buf, sizeof buf);
    CHECK(strcmp(buf, "10.0.0.2:5060 generated 408 Request Timeout on hop 1: its INVITE on hop 2 (frame 2) to "
                      "10.0.0.9:5060 got no response.") == 0);
    /* 4 s of capture after it, but the proxy gave up on it: proven. */
    CHECK(sh_txn_silence_proven(t, i2.txn));
    sh_describe_no_response(t, i2.txn, buf, sizeof buf);
    CHECK(strcmp(buf, "No response at all to this INVITE on hop 2 in the capture: 10.0.0.9:5060 never answered") == 0);
    sh_tracker_free(t);
    sh_domains_free(d);
}

/* Parallel forking: the relayed response points at the branch it came
 * from (same code and To-tag), the other branch's failure is not relayed. */
static void test_fork(void)
{
    sh_tracker *t = tracker_with(NULL);
    sh_result i1, ia, ib, r404, r486, r486up;
    char buf[512];

    run(t, &(spec){ .frame = 1, .method = "INVITE", .vias = VA, .call_id = "f", .cseq = 1 }, &i1);
    run(t, &(spec){ .frame = 2, .method = "INVITE", .vias = VB ", " VA, .call_id = "f", .cseq = 1 }, &ia);
    run(t, &(spec){ .frame = 3, .method = "INVITE", .vias = VC ", " VA, .call_id = "f", .cseq = 1 }, &ib);
    run(t, &(spec){ .frame = 4, .status = 486, .vias = VC ", " VA, .call_id = "f", .cseq = 1, .cseq_method = "INVITE",
                    .to_tag = "tb", .reason = "Busy Here" }, &r486);
    run(t, &(spec){ .frame = 5, .status = 404, .vias = VB ", " VA, .call_id = "f", .cseq = 1, .cseq_method = "INVITE",
                    .to_tag = "ta", .reason = "Not Found" }, &r404);
    run(t, &(spec){ .frame = 6, .status = 486, .vias = VA, .call_id = "f", .cseq = 1, .cseq_method = "INVITE",
                    .to_tag = "tb", .reason = "Busy Here" }, &r486up);
    CHECK_INT(ia.hop, 2);
    CHECK_INT(ib.hop, 2);
    CHECK(r486up.flags & SH_F_FAILURE_RELAYED);
    CHECK(i1.txn->failure == ib.txn->failure);   /* not the 404 that came last */
    CHECK_INT(i1.txn->failure->frame, 4);
    CHECK_INT(sh_result_class(t, &r404), SH_FC_ROUTING);
    CHECK_INT(sh_result_class(t, &r486up), SH_FC_BUSY);
    sh_describe_failure_origin(t, ia.txn->failure, buf, sizeof buf);
    CHECK(strstr(buf, "not relayed: hop 1 relayed the 486 of frame 4") != NULL);
    sh_tracker_free(t);
}

/* B2BUA legs: hop = the linked leg's + 1 whatever their Via count, and a
 * shared value links only a leg that continues where the other arrived. */
static void test_b2bua_continuity(void)
{
    sh_tracker *t = tracker_with(NULL);
    sh_result a, b, c1, c2, c3;
    const char *sid = "ab30317f1a784dc48ff824d0d3715d86;remote=00000000000000000000000000000000";
    char buf[512];

    run(t, &(spec){ .frame = 1, .method = "INVITE", .vias = VA, .call_id = "A", .cseq = 1, .session_id = sid,
                    .src = "10.0.0.1:5060", .dst = "10.0.0.2:5060" }, &a);
    /* Topology hiding keeps the old Via count on the new Call-ID. */
    run(t, &(spec){ .frame = 2, .method = "INVITE", .vias = VB ", SIP/2.0/UDP 10.0.0.2;branch=z9hG4bKhidden",
                    .call_id = "B", .cseq = 1, .session_id = sid, .src = "10.0.0.2:5060", .dst = "10.0.0.3:5060",
                    .ms = 3 }, &b);
    CHECK(b.call == a.call);
    CHECK_INT(b.hop, 2);
    CHECK_INT(b.txn->link, SH_LINK_SESSION_ID);
    CHECK(b.txn->link_addr_checked);
    sh_describe_link(t, b.txn, buf, sizeof buf);
    CHECK(strstr(buf, "checked: it leaves 10.0.0.2:5060, where that INVITE arrived, 0.003 s later") != NULL);
    /* Responses on the new Call-ID carry the same hop. */
    sh_result r;
    run(t, &(spec){ .frame = 3, .status = 180, .vias = VB ", SIP/2.0/UDP 10.0.0.2;branch=z9hG4bKhidden",
                    .call_id = "B", .cseq = 1, .cseq_method = "INVITE", .to_tag = "x" }, &r);
    CHECK_INT(r.hop, 2);

    /* CUCM reusing one Cisco-Guid for three calls: each leaves CUCM again. */
    const char *g = "1234567890-1234567890-1234567890-1234567890";
    run(t, &(spec){ .frame = 10, .method = "INVITE", .vias = VA "g1", .call_id = "g1", .cseq = 1, .guid = g,
                    .src = "10.0.0.1:5060", .dst = "10.0.0.9:5060", .ms = 10000 }, &c1);
    run(t, &(spec){ .frame = 11, .method = "INVITE", .vias = VA "g2", .call_id = "g2", .cseq = 1, .guid = g,
                    .src = "10.0.0.1:5060", .dst = "10.0.0.9:5060", .ms = 12000 }, &c2);
    run(t, &(spec){ .frame = 12, .method = "INVITE", .vias = VA "g3", .call_id = "g3", .cseq = 1, .guid = g,
                    .src = "10.0.0.9:5060", .dst = "10.0.0.7:5060", .ms = 72000 }, &c3);
    CHECK(c1.call != c2.call && c2.call != c3.call && c1.call != c3.call);
    CHECK_INT(c2.hop, 1);
    CHECK_INT(c3.hop, 1);
    CHECK(c2.txn->link_refused);
    sh_link_refusal why;
    CHECK(sh_tracker_link_refusal(t, c2.txn, &why) && why.why == SH_REFUSED_ADDRESS && why.other == c1.txn);
    CHECK(sh_tracker_link_refusal(t, c3.txn, &why) && why.why == SH_REFUSED_TIME);
    sh_describe_link(t, c2.txn, buf, sizeof buf);
    CHECK(strstr(buf, "not linked to call 2: its hop 1 INVITE (frame 10) carried the same Cisco-Guid") != NULL);
    CHECK(strstr(buf, "does not leave 10.0.0.9:5060, where that INVITE arrived") != NULL);
    CHECK(sh_txn_link_value(c2.txn) == NULL);
    sh_tracker_free(t);

    /* The window is the preference in use, and the note says which. */
    sh_limits lim;
    sh_limits_default(&lim);
    lim.link_window_ns = INT64_C(1000000000);
    t = sh_tracker_new(&lim, NULL);
    run(t, &(spec){ .frame = 1, .method = "INVITE", .vias = VA, .call_id = "w1", .cseq = 1, .guid = g,
                    .src = "10.0.0.1:5060", .dst = "10.0.0.2:5060" }, &c1);
    run(t, &(spec){ .frame = 2, .method = "INVITE", .vias = VB, .call_id = "w2", .cseq = 1, .guid = g,
                    .src = "10.0.0.2:5060", .dst = "10.0.0.3:5060", .ms = 2000 }, &c2);
    CHECK(c2.call != c1.call);
    sh_describe_link_refused(t, c2.txn, buf, sizeof buf);
    CHECK(strstr(buf, "starts 2.000 s after it (link window 1.000 s)") != NULL);
    sh_tracker_free(t);
}

/* A failure whose INVITE is not in the capture still gets its story. */
static void test_orphan_failure(void)
{
    sh_tracker *t = tracker_with(NULL);
    sh_result r2, r2again, r1;

    run(t, &(spec){ .frame = 1, .status = 503, .vias = VB ", " VA, .call_id = "o", .cseq = 1, .cseq_method = "INVITE",
                    .to_tag = "u", .reason = "Service Unavailable", .src = "10.0.0.3:5060",
                    .warning = "399 gw \"Gateway overloaded\"" }, &r2);
    run(t, &(spec){ .frame = 2, .status = 503, .vias = VB ", " VA, .call_id = "o", .cseq = 1, .cseq_method = "INVITE",
                    .to_tag = "u", .reason = "Service Unavailable", .src = "10.0.0.3:5060", .ms = 500 }, &r2again);
    run(t, &(spec){ .frame = 3, .status = 503, .vias = VA, .call_id = "o", .cseq = 1, .cseq_method = "INVITE",
                    .to_tag = "u", .reason = "Service Unavailable", .src = "10.0.0.2:5060" }, &r1);
    CHECK(r2.flags & SH_F_ORPHAN);
    CHECK(r2.flags & SH_F_FAILURE_ORIGIN);
    CHECK_INT(r2.hop, 2);
    CHECK(r2.orphan_failure != 0);
    CHECK(r2again.orphan_failure == r2.orphan_failure && (r2again.flags & SH_F_FAILURE_ORIGIN));
    CHECK(r1.flags & SH_F_FAILURE_RELAYED);
    CHECK(r1.orphan_failure == r2.orphan_failure);
    CHECK_INT(r1.hop, 1);
    const sh_failure *f = sh_result_failure(t, &r1);
    CHECK(f && f->hop == 2 && f->warning.code == 399 && f->cls == SH_FC_UNAVAILABLE);
    CHECK(f && g_strcmp0(f->sender, "10.0.0.3:5060") == 0);
    char buf[512];
    sh_describe_cause(t, f, buf, sizeof buf);
    CHECK(strstr(buf, "its INVITE is not in the capture") != NULL);
    sh_describe_failure_verdict(t, f, NULL, buf, sizeof buf);
    CHECK(strcmp(buf, "FAILED: a server error or unavailable service -> 503 Service Unavailable from hop 2 "
                      "(10.0.0.3:5060); its INVITE is not in the capture") == 0);
    sh_tracker_free(t);
}

/* A re-INVITE rejected inside an established call: the call stays up. */
static void test_reinvite_rejected(void)
{
    sh_tracker *t = tracker_with(NULL);
    sh_result i1, ok, re, r488;
    char buf[512];

    run(t, &(spec){ .frame = 1, .method = "INVITE", .vias = VA, .call_id = "re", .cseq = 1, .sdp = true }, &i1);
    run(t, &(spec){ .frame = 2, .status = 200, .vias = VA, .call_id = "re", .cseq = 1, .cseq_method = "INVITE",
                    .to_tag = "u" }, &ok);
    run(t, &(spec){ .frame = 3, .method = "INVITE", .vias = VA "r", .call_id = "re", .cseq = 2, .to_tag = "u" }, &re);
    run(t, &(spec){ .frame = 4, .status = 488, .vias = VA "r", .call_id = "re", .cseq = 2, .cseq_method = "INVITE",
                    .to_tag = "u", .reason = "Not Acceptable Here" }, &r488);
    CHECK_INT(sh_result_class(t, &r488), SH_FC_REINVITE_REJECTED);
    CHECK(i1.call->top == i1.txn);
    sh_describe_verdict(t, i1.call, NULL, buf, sizeof buf);
    CHECK(strcmp(buf, "OK: early offer, 200") == 0);
    sh_tracker_free(t);
}

/* Hostile preferences are clamped into their documented ranges. */
static void test_limits_clamped(void)
{
    sh_limits l;

    sh_limits_default(&l);
    l.max_vias = 0;
    l.max_calls = 0;
    l.max_legs_per_call = UINT32_MAX;
    l.link_window_ns = -1;
    sh_limits_clamp(&l);
    CHECK_INT(l.max_vias, 1);
    CHECK_INT(l.max_calls, 1);
    CHECK_INT(l.max_legs_per_call, 4096);
    CHECK(l.link_window_ns == 0);
    l.max_vias = UINT32_MAX;
    sh_limits_clamp(&l);
    CHECK_INT(l.max_vias, 1024);
}

/* One row per class, each complete, names and expert fields unique. */
static void test_class_table(void)
{
    for (unsigned c = SH_FC_NONE + 1; c < SH_FC_COUNT; c++) {
        const sh_class_info *ci = sh_class_info_of((sh_failure_class)c);
        CHECK(ci->name && ci->name[0] && ci->expert && strncmp(ci->expert, "siphop.", 7) == 0);
        CHECK(ci->title[0] && ci->verdict[0] && ci->short_cause[0] && ci->fix[0]);
        for (unsigned d = c + 1; d < SH_FC_COUNT; d++) {
            CHECK(strcmp(ci->name, sh_class_info_of((sh_failure_class)d)->name) != 0);
            CHECK(strcmp(ci->expert, sh_class_info_of((sh_failure_class)d)->expert) != 0);
        }
        /* Errors are network faults, never the callee's choice. */
        if (c == SH_FC_BUSY || c == SH_FC_DECLINED || c == SH_FC_CHALLENGE || c == SH_FC_CANCELLED)
            CHECK(ci->severity < SH_SEV_WARN);
    }
    CHECK(strcmp(sh_failure_class_name(SH_FC_COUNT), "") == 0);
    /* The fix in full: the CUCM setting's exact names and values, each step
     * short enough for a tree item. */
    GString *all = g_string_new(NULL);
    for (const char *const *st = sh_class_info_of(SH_FC_DELAYED_OFFER)->fix_steps; *st; st++)
        g_string_append(all, *st);
    CHECK(strstr(all->str, "\"Early Offer support for voice and video calls\"") != NULL);
    CHECK(strstr(all->str, "\"Best Effort (no MTP inserted)\"") != NULL);
    CHECK(strstr(all->str, "\"Mandatory (insert MTP if needed)\"") != NULL);
    CHECK(strstr(all->str, "\"Disabled (Default value)\"") != NULL);
    CHECK(strstr(all->str, "Media Termination Point Required") != NULL);
    g_string_free(all, TRUE);
    for (unsigned c = SH_FC_NONE + 1; c < SH_FC_COUNT; c++) {
        const sh_class_info *ci = sh_class_info_of((sh_failure_class)c);
        CHECK(strlen(ci->fix) <= SH_TEXT_FIT && ci->fix_steps && ci->fix_steps[0]);
        for (const char *const *st = ci->fix_steps; *st; st++)
            CHECK(strlen(*st) <= SH_TEXT_FIT);
    }
}

int main(void)
{
    test_seed_scenario();
    test_proxy_call_id_forms();
    test_hops_missing();
    test_duplicates();
    test_offer_answer();
    test_b2bua_session_id();
    test_cancel();
    test_hostile();
    test_reverse_reinvite();
    test_challenge();
    test_delayed_offer_evidence();
    test_silent_next_hop();
    test_silence_proven();
    test_fork();
    test_b2bua_continuity();
    test_orphan_failure();
    test_reinvite_rejected();
    test_limits_clamped();
    test_class_table();
    return check_report();
}
