/* test_via.c - Via header parsing: the seed's Expressway Vias, RFC 3261
 * syntax corners and hostile input.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>

#include "siphop/via.h"

#include "check.h"
#include "seed_msgs.h"

#define MAXV 8

/* Parse a C string; returns how many Vias were written. */
static size_t parse(const char *text, sh_via *out, size_t max, size_t *total)
{
    return sh_via_parse_list(sh_str_from(text), out, max, total);
}

static void test_seed_expressway_c_via(void)
{
    sh_via v[MAXV];
    size_t total = 99;

    CHECK_INT(parse(SEED_INVITE_HOP2_VIA1, v, MAXV, &total), 1);
    CHECK_INT(total, 1);
    CHECK_STR(v[0].raw, SEED_INVITE_HOP2_VIA1);
    CHECK_STR(v[0].transport, "TLS");
    CHECK_STR(v[0].host, "172.28.21.104");
    CHECK_INT(v[0].port, 5061);
    CHECK_STR(v[0].egress_zone, "TraversalClientB2B");
    CHECK_STR(v[0].branch, "z9hG4bKae647bb81b403d0562281463002ad68a379858."
                           "bdfb90811a812d6a11d607f3e17095a1");
    CHECK_STR(v[0].proxy_call_id, "fdbf1c60-62e1-4204-884a-00fe8664ee66");
    CHECK(v[0].has_rport);
    CHECK_STR(v[0].rport, "");
    CHECK_STR(v[0].received, "");
    CHECK_STR(v[0].ingress_zone, "");
    CHECK_STR(v[0].maddr, "");
    CHECK_STR(v[0].local_service, "");
    CHECK(sh_via_branch_is_rfc3261(&v[0]));
}

static void test_seed_cucm_via(void)
{
    sh_via v[MAXV];

    CHECK_INT(parse(SEED_INVITE_HOP2_VIA2, v, MAXV, NULL), 1);
    CHECK_STR(v[0].transport, "TCP");
    CHECK_STR(v[0].host, "172.28.21.100");
    CHECK_INT(v[0].port, 5560);
    CHECK_STR(v[0].branch, "z9hG4bK11c80762b0b051");
    CHECK_STR(v[0].received, "172.28.21.100");
    CHECK_STR(v[0].ingress_zone, "CUCMNeighborZoneB2B");
    CHECK(!v[0].has_rport);
    CHECK_STR(v[0].egress_zone, "");
    CHECK_STR(v[0].proxy_call_id, "");
}

/* Hop 3's INVITE as one comma-separated value: the Expressway-C Via now has
 * received, rport and ingress-zone added by Expressway-E. */
static void test_seed_three_vias_in_one_value(void)
{
    sh_via v[MAXV];
    size_t total = 0;
    const char *value = SEED_INVITE_HOP3_VIA1 ", " SEED_INVITE_HOP3_VIA2
                        ",\r\n " SEED_INVITE_HOP3_VIA3;

    CHECK_INT(parse(value, v, MAXV, &total), 3);
    CHECK_INT(total, 3);
    CHECK_STR(v[0].raw, SEED_INVITE_HOP3_VIA1);
    CHECK_STR(v[0].host, "58.162.48.4");
    CHECK_STR(v[0].egress_zone, "DNSZoneB2B");
    CHECK_STR(v[0].proxy_call_id, "b8fb1c34-d048-472b-8b41-81c96abb19d1");
    CHECK_STR(v[1].raw, SEED_INVITE_HOP3_VIA2);
    CHECK_STR(v[1].host, "172.28.21.104");
    CHECK_STR(v[1].received, "172.28.21.104");
    CHECK(v[1].has_rport);
    CHECK_STR(v[1].rport, "25048");
    CHECK_STR(v[1].ingress_zone, "TraversalServerB2B");
    CHECK_STR(v[1].egress_zone, "TraversalClientB2B");
    CHECK_STR(v[2].raw, SEED_INVITE_HOP3_VIA3);
    CHECK_STR(v[2].host, "172.28.21.100");
    CHECK_STR(v[2].transport, "TCP");
}

/* The 500's Vias carry the same branches as the INVITE's, in another
 * parameter order: what the tracker matches responses by. */
static void test_seed_500_matches_invite(void)
{
    sh_via inv[MAXV], rsp[MAXV];
    const char *invite = SEED_INVITE_HOP3_VIA1 "," SEED_INVITE_HOP3_VIA2 "," SEED_INVITE_HOP3_VIA3;
    const char *resp = SEED_500_HOP3_VIA1 "," SEED_500_HOP3_VIA2 "," SEED_500_HOP3_VIA3;

    CHECK_INT(parse(invite, inv, MAXV, NULL), 3);
    CHECK_INT(parse(resp, rsp, MAXV, NULL), 3);
    for (int i = 0; i < 3; i++) {
        CHECK(sh_str_eq(inv[i].branch, rsp[i].branch));
        CHECK(sh_str_eq(inv[i].host, rsp[i].host));
        CHECK_INT(inv[i].port, rsp[i].port);
        CHECK(sh_str_eq(inv[i].proxy_call_id, rsp[i].proxy_call_id));
    }
    CHECK_STR(rsp[0].rport, "25129");
    CHECK_STR(rsp[1].egress_zone, "TraversalClientB2B");
}

static void test_lws_and_folding(void)
{
    sh_via v[MAXV];
    size_t total;

    CHECK_INT(parse("SIP / 2.0 / UDP host", v, MAXV, NULL), 1);
    CHECK_STR(v[0].transport, "UDP");
    CHECK_STR(v[0].host, "host");
    CHECK_INT(v[0].port, 0);
    CHECK_STR(v[0].branch, "");

    CHECK_INT(parse("SIP/2.0/UDP\r\n\thost.example.com : 5060 ;\r\n branch = z9hG4bKabc ;\trport",
                    v, MAXV, NULL), 1);
    CHECK_STR(v[0].host, "host.example.com");
    CHECK_INT(v[0].port, 5060);
    CHECK_STR(v[0].branch, "z9hG4bKabc");
    CHECK(v[0].has_rport);

    /* Vias on folded lines, a tab after the comma. */
    CHECK_INT(parse("SIP/2.0/UDP a;branch=z9hG4bK1,\r\n\tSIP/2.0/TCP b:5062;branch=z9hG4bK2",
                    v, MAXV, &total), 2);
    CHECK_INT(total, 2);
    CHECK_STR(v[0].host, "a");
    CHECK_STR(v[1].host, "b");
    CHECK_STR(v[1].transport, "TCP");
    CHECK_STR(v[1].branch, "z9hG4bK2");
    CHECK_STR(v[1].raw, "SIP/2.0/TCP b:5062;branch=z9hG4bK2");

    /* Transport is kept as written. */
    CHECK_INT(parse("sip/2.0/tls h", v, MAXV, NULL), 1);
    CHECK_STR(v[0].transport, "tls");
}

static void test_ipv6(void)
{
    sh_via v[MAXV];
    size_t total;
    char buf[64];

    CHECK_INT(parse("SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bK1;received=[2001:db8::2]",
                    v, MAXV, NULL), 1);
    CHECK_STR(v[0].host, "[2001:db8::1]");
    CHECK_INT(v[0].port, 5060);
    CHECK_STR(v[0].received, "[2001:db8::2]");
    CHECK_STR(sh_str_from(sh_via_sent_by(&v[0], buf, sizeof buf)), "[2001:db8::1]:5060");

    CHECK_INT(parse("SIP/2.0/TLS [::1];branch=z9hG4bK2", v, MAXV, NULL), 1);
    CHECK_STR(v[0].host, "[::1]");
    CHECK_INT(v[0].port, 0);

    /* Not RFC-conforming but seen: unbracketed, so no port can follow. */
    CHECK_INT(parse("SIP/2.0/UDP 2001:db8::1;branch=z9hG4bK3", v, MAXV, NULL), 1);
    CHECK_STR(v[0].host, "2001:db8::1");
    CHECK_INT(v[0].port, 0);
    CHECK_STR(v[0].branch, "z9hG4bK3");

    /* A comma inside brackets does not split. */
    CHECK_INT(parse("SIP/2.0/UDP [a,b]:5060;branch=z9hG4bK4, SIP/2.0/UDP c", v, MAXV, &total), 2);
    CHECK_INT(total, 2);
    CHECK_STR(v[0].host, "[a,b]");
    CHECK_STR(v[1].host, "c");
}

static void test_param_names_case_insensitive(void)
{
    sh_via v[MAXV];

    CHECK_INT(parse("SIP/2.0/TLS 127.0.0.1:5073;BRANCH=z9hG4bKX;Received=1.2.3.4;RPORT=5;"
                    "Proxy-Call-ID=abc;Ingress-Zone=I;EGRESS-ZONE=E;"
                    "X-Cisco-Local-Service=nettle;MADDR=224.0.0.1",
                    v, MAXV, NULL), 1);
    CHECK_STR(v[0].branch, "z9hG4bKX");
    CHECK_STR(v[0].received, "1.2.3.4");
    CHECK_STR(v[0].rport, "5");
    CHECK(v[0].has_rport);
    CHECK_STR(v[0].proxy_call_id, "abc");
    CHECK_STR(v[0].ingress_zone, "I");
    CHECK_STR(v[0].egress_zone, "E");
    CHECK_STR(v[0].local_service, "nettle");
    CHECK_STR(v[0].maddr, "224.0.0.1");
}

static void test_params_with_and_without_values(void)
{
    sh_via v[MAXV];

    CHECK_INT(parse("SIP/2.0/UDP h;lr;rport;branch=z9hG4bK1;hidden;ttl=16", v, MAXV, NULL), 1);
    CHECK(v[0].has_rport);
    CHECK_STR(v[0].rport, "");
    CHECK_STR(v[0].branch, "z9hG4bK1");

    /* "rport=" with an empty value is still an rport. */
    CHECK_INT(parse("SIP/2.0/UDP h;rport=;branch=z9hG4bK1", v, MAXV, NULL), 1);
    CHECK(v[0].has_rport);
    CHECK_STR(v[0].rport, "");

    /* A repeated parameter: the first one counts. */
    CHECK_INT(parse("SIP/2.0/UDP h;branch=z9hG4bKa;branch=z9hG4bKb;rport=1;rport=2", v, MAXV, NULL), 1);
    CHECK_STR(v[0].branch, "z9hG4bKa");
    CHECK_STR(v[0].rport, "1");

    /* Junk between parameters hides nothing after it. */
    CHECK_INT(parse("SIP/2.0/UDP h;branch=z9hG4bK1 junk here;rport=7;;=x;received=r", v, MAXV, NULL), 1);
    CHECK_STR(v[0].branch, "z9hG4bK1");
    CHECK_STR(v[0].rport, "7");
    CHECK_STR(v[0].received, "r");
}

static void test_quoted_values(void)
{
    sh_via v[MAXV];
    size_t total;

    /* Commas and semicolons inside quotes neither split nor end a param. */
    CHECK_INT(parse("SIP/2.0/UDP h;x=\"a,b;c\";branch=z9hG4bKq, SIP/2.0/UDP i", v, MAXV, &total), 2);
    CHECK_INT(total, 2);
    CHECK_STR(v[0].branch, "z9hG4bKq");
    CHECK_STR(v[1].host, "i");

    /* A known parameter with a quoted value: the quotes are dropped. */
    CHECK_INT(parse("SIP/2.0/UDP h;egress-zone=\"Zone \\\"A\\\", west\";branch=z9hG4bK1", v, MAXV, NULL), 1);
    CHECK_STR(v[0].egress_zone, "Zone \\\"A\\\", west");
    CHECK_STR(v[0].branch, "z9hG4bK1");

    /* Unterminated: the value runs to the end and swallows the comma. */
    CHECK_INT(parse("SIP/2.0/UDP h;branch=z9hG4bK1;x=\"abc, SIP/2.0/UDP h2", v, MAXV, &total), 1);
    CHECK_INT(total, 1);
    CHECK_STR(v[0].branch, "z9hG4bK1");
    CHECK_INT(parse("SIP/2.0/UDP h;maddr=\"abc\\", v, MAXV, NULL), 1);
    CHECK_STR(v[0].maddr, "abc\\");
    CHECK_INT(parse("SIP/2.0/UDP h;maddr=\"", v, MAXV, NULL), 1);
    CHECK_STR(v[0].maddr, "");
}

static void test_ports(void)
{
    sh_via v[MAXV];

    CHECK_INT(parse("SIP/2.0/UDP h:65535", v, MAXV, NULL), 1);
    CHECK_INT(v[0].port, 65535);
    CHECK_INT(parse("SIP/2.0/UDP h:65536", v, MAXV, NULL), 1);
    CHECK_INT(v[0].port, 0);
    CHECK_STR(v[0].host, "h");
    CHECK_INT(parse("SIP/2.0/UDP h:99999999999999999999999;branch=z9hG4bK1", v, MAXV, NULL), 1);
    CHECK_INT(v[0].port, 0);
    CHECK_STR(v[0].branch, "z9hG4bK1");
    CHECK_INT(parse("SIP/2.0/UDP h:abc", v, MAXV, NULL), 1);
    CHECK_INT(v[0].port, 0);
    CHECK_INT(parse("SIP/2.0/UDP h:5060x;rport", v, MAXV, NULL), 1);
    CHECK_INT(v[0].port, 0);
    CHECK(v[0].has_rport);
    CHECK_INT(parse("SIP/2.0/UDP h:", v, MAXV, NULL), 1);
    CHECK_INT(v[0].port, 0);
    CHECK_INT(parse("SIP/2.0/UDP h:-1", v, MAXV, NULL), 1);
    CHECK_INT(v[0].port, 0);
}

static void test_malformed_still_yields_entries(void)
{
    sh_via v[MAXV];
    size_t total = 99;

    CHECK_INT(parse("", v, MAXV, &total), 0);
    CHECK_INT(total, 0);
    CHECK_INT(parse(" \r\n\t ", v, MAXV, &total), 0);
    CHECK_INT(total, 0);
    CHECK_INT(parse(", ,,", v, MAXV, &total), 0);
    CHECK_INT(total, 0);
    CHECK_INT(sh_via_parse_list(SH_STR_NULL, v, MAXV, &total), 0);
    CHECK_INT(total, 0);

    /* Empty elements between Vias are skipped, not counted. */
    CHECK_INT(parse("SIP/2.0/UDP a,,SIP/2.0/UDP b,", v, MAXV, &total), 2);
    CHECK_INT(total, 2);

    CHECK_INT(parse("garbage", v, MAXV, NULL), 1);
    CHECK_STR(v[0].raw, "garbage");
    CHECK_STR(v[0].transport, "");
    CHECK_STR(v[0].host, "garbage");

    /* No transport: the host is still found. */
    CHECK_INT(parse("SIP/2.0 host:5060;branch=z9hG4bK1", v, MAXV, NULL), 1);
    CHECK_STR(v[0].transport, "");
    CHECK_STR(v[0].host, "host");
    CHECK_INT(v[0].port, 5060);
    CHECK_STR(v[0].branch, "z9hG4bK1");

    /* No sent-protocol at all. */
    CHECK_INT(parse("10.0.0.1:5060;branch=z9hG4bK1", v, MAXV, NULL), 1);
    CHECK_STR(v[0].host, "10.0.0.1");
    CHECK_INT(v[0].port, 5060);

    /* No sent-by. */
    CHECK_INT(parse("SIP/2.0/UDP ;branch=z9hG4bK1", v, MAXV, NULL), 1);
    CHECK_STR(v[0].host, "");
    CHECK_STR(v[0].branch, "z9hG4bK1");
    CHECK_INT(parse("SIP/2.0/UDP", v, MAXV, NULL), 1);
    CHECK_STR(v[0].transport, "UDP");
    CHECK_STR(v[0].host, "");
    CHECK_INT(parse("/", v, MAXV, NULL), 1);
    CHECK_INT(parse(";", v, MAXV, NULL), 1);
    CHECK_INT(parse("=", v, MAXV, NULL), 1);

    /* Unterminated IPv6 bracket: the host keeps what is there, params still
     * parse; the open bracket also keeps a later comma from splitting. */
    CHECK_INT(parse("SIP/2.0/UDP [2001:db8::1;branch=z9hG4bK1, SIP/2.0/UDP b", v, MAXV, &total), 1);
    CHECK_INT(total, 1);
    CHECK_STR(v[0].host, "[2001:db8::1");
    CHECK_STR(v[0].branch, "z9hG4bK1,");
}

static void test_max_and_total(void)
{
    sh_via v[MAXV];
    size_t total = 0;
    const char *three = "SIP/2.0/UDP a, SIP/2.0/UDP b, SIP/2.0/UDP c";

    CHECK_INT(parse(three, v, 1, &total), 1);
    CHECK_INT(total, 3);
    CHECK_STR(v[0].host, "a");
    CHECK_INT(parse(three, v, 0, &total), 0);
    CHECK_INT(total, 3);
    CHECK_INT(parse(three, NULL, 5, &total), 0);
    CHECK_INT(total, 3);
    CHECK_INT(parse(three, v, 3, NULL), 3);
}

static void test_branch_cookie(void)
{
    sh_via v;

    memset(&v, 0, sizeof v);
    CHECK(!sh_via_branch_is_rfc3261(&v));
    CHECK(!sh_via_branch_is_rfc3261(NULL));
    v.branch = sh_str_from("z9hG4bK");
    CHECK(!sh_via_branch_is_rfc3261(&v));   /* a bare cookie is not unique */
    v.branch = sh_str_from("z9hG4bK1");
    CHECK(sh_via_branch_is_rfc3261(&v));
    v.branch = sh_str_from("Z9HG4BK1234");
    CHECK(!sh_via_branch_is_rfc3261(&v));
    v.branch = sh_str_from("1234.5678");     /* an RFC 2543 branch */
    CHECK(!sh_via_branch_is_rfc3261(&v));
    v.branch = sh_str_make("z9hG", 4);
    CHECK(!sh_via_branch_is_rfc3261(&v));
}

static void test_sent_by(void)
{
    sh_via v[MAXV];
    char buf[64];
    char small[5];
    char one[1];
    char untouched[4] = "xyz";

    parse(SEED_INVITE_HOP2_VIA1, v, MAXV, NULL);
    CHECK_STR(sh_str_from(sh_via_sent_by(&v[0], buf, sizeof buf)), "172.28.21.104:5061");
    CHECK(sh_via_sent_by(&v[0], small, sizeof small) == small);
    CHECK_STR(sh_str_from(small), "172.");
    CHECK_STR(sh_str_from(sh_via_sent_by(&v[0], one, sizeof one)), "");
    CHECK(sh_via_sent_by(&v[0], untouched, 0) == untouched);
    CHECK_STR(sh_str_from(untouched), "xyz");

    /* Port truncated: still NUL-terminated within the buffer. */
    {
        char fit[17];
        CHECK_STR(sh_str_from(sh_via_sent_by(&v[0], fit, sizeof fit)), "172.28.21.104:50");
    }

    parse("SIP/2.0/UDP host.example.com", v, MAXV, NULL);
    CHECK_STR(sh_str_from(sh_via_sent_by(&v[0], buf, sizeof buf)), "host.example.com");
    CHECK_STR(sh_str_from(sh_via_sent_by(NULL, buf, sizeof buf)), "");
}

/* Bytes the adapter may hand us: a NUL is data, never an end. */
static void test_embedded_nul(void)
{
    static const char text[] = "SIP/2.0/UDP h\0st:5060;branch=z9hG4bK\0x;rport, SIP/2.0/UDP \0";
    sh_via v[MAXV];
    size_t total;

    CHECK_INT(sh_via_parse_list(sh_str_make(text, sizeof text - 1), v, MAXV, &total), 2);
    CHECK_INT(total, 2);
    CHECK_INT(v[0].host.len, 4);
    CHECK(memcmp(v[0].host.ptr, "h\0st", 4) == 0);
    CHECK_INT(v[0].port, 5060);
    CHECK_INT(v[0].branch.len, 9);
    CHECK(v[0].has_rport);
    CHECK_INT(v[1].host.len, 1);
}

/* Every view the parser returns lies inside the input. */
static bool inside(sh_str s, sh_str in)
{
    return s.len == 0 || (s.ptr >= in.ptr && s.ptr + s.len <= in.ptr + in.len);
}

static void test_many_vias(void)
{
    GString *g = g_string_new(NULL);
    sh_via v[70];
    size_t total = 0, n;
    gint64 t0, t1;
    bool ok = true;

    for (int i = 0; i < 10000; i++)
        g_string_append_printf(g, "%sSIP/2.0/UDP 10.0.%d.%d:5060;branch=z9hG4bK%d;rport",
                               i ? ", " : "", i / 256, i % 256, i);
    n = sh_via_parse_list(sh_str_make(g->str, g->len), v, 70, &total);
    CHECK_INT(n, 70);
    CHECK_INT(total, 10000);
    CHECK_STR(v[0].host, "10.0.0.0");
    CHECK_STR(v[69].branch, "z9hG4bK69");
    for (size_t i = 0; i < n; i++)
        ok = ok && inside(v[i].raw, sh_str_make(g->str, g->len));
    CHECK(ok);

    /* Linear: 200,000 Vias (~9 MB) take milliseconds; a quadratic parser
     * would take minutes. The bound is loose for sanitizer builds. */
    g_string_truncate(g, 0);
    for (int i = 0; i < 200000; i++)
        g_string_append(g, "SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1,");
    t0 = g_get_monotonic_time();
    n = sh_via_parse_list(sh_str_make(g->str, g->len), v, 70, &total);
    t1 = g_get_monotonic_time();
    CHECK_INT(n, 70);
    CHECK_INT(total, 200000);
    CHECK((t1 - t0) < 5 * G_USEC_PER_SEC);

    g_string_free(g, TRUE);
}

static void test_huge_values(void)
{
    const size_t mib = 1024 * 1024;
    GString *g = g_string_new("SIP/2.0/UDP h;branch=z9hG4bK");
    sh_via v[MAXV];
    size_t total;

    /* A 1 MiB branch. */
    for (size_t i = 0; i < mib; i++)
        g_string_append_c(g, 'a');
    CHECK_INT(sh_via_parse_list(sh_str_make(g->str, g->len), v, MAXV, &total), 1);
    CHECK_INT(v[0].branch.len, mib + 7);

    /* 1 MiB of semicolons, then of commas inside an unterminated quote. */
    g_string_assign(g, "SIP/2.0/UDP h");
    for (size_t i = 0; i < mib; i++)
        g_string_append_c(g, ';');
    g_string_append(g, "branch=z9hG4bK1");
    CHECK_INT(sh_via_parse_list(sh_str_make(g->str, g->len), v, MAXV, &total), 1);
    CHECK_STR(v[0].branch, "z9hG4bK1");

    g_string_assign(g, "SIP/2.0/UDP h;x=\"");
    for (size_t i = 0; i < mib; i++)
        g_string_append_c(g, i % 2 ? ',' : 'a');
    CHECK_INT(sh_via_parse_list(sh_str_make(g->str, g->len), v, MAXV, &total), 1);
    CHECK_INT(total, 1);

    /* 1 MiB of commas: no Vias at all. */
    g_string_truncate(g, 0);
    for (size_t i = 0; i < mib; i++)
        g_string_append_c(g, ',');
    CHECK_INT(sh_via_parse_list(sh_str_make(g->str, g->len), v, MAXV, &total), 0);
    CHECK_INT(total, 0);

    /* 1 MiB of '[': one unterminated bracket, one Via. */
    g_string_truncate(g, 0);
    for (size_t i = 0; i < mib; i++)
        g_string_append_c(g, i % 2 ? '[' : ',');
    CHECK_INT(sh_via_parse_list(sh_str_make(g->str, g->len), v, MAXV, &total), 1);
    CHECK_INT(total, 1);

    g_string_free(g, TRUE);
}

/* The parser must not read past the view: hand it a prefix of a longer
 * buffer whose next byte would change the result. */
static void test_view_bounds(void)
{
    const char *text = "SIP/2.0/UDP h:5060;branch=z9hG4bK1";
    sh_via v[MAXV];

    CHECK_INT(sh_via_parse_list(sh_str_make(text, 16), v, MAXV, NULL), 1);
    CHECK_STR(v[0].host, "h");
    CHECK_INT(v[0].port, 50);
    CHECK_INT(sh_via_parse_list(sh_str_make(text, 33), v, MAXV, NULL), 1);
    CHECK_STR(v[0].branch, "z9hG4bK");
}

int main(void)
{
    test_seed_expressway_c_via();
    test_seed_cucm_via();
    test_seed_three_vias_in_one_value();
    test_seed_500_matches_invite();
    test_lws_and_folding();
    test_ipv6();
    test_param_names_case_insensitive();
    test_params_with_and_without_values();
    test_quoted_values();
    test_ports();
    test_malformed_still_yields_entries();
    test_max_and_total();
    test_branch_cookie();
    test_sent_by();
    test_embedded_nul();
    test_many_vias();
    test_huge_values();
    test_view_bounds();
    return check_report();
}
