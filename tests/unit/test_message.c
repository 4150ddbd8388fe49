/* test_message.c - sh_msg_parse: the seed's real messages, header forms,
 * framing, and hostile shapes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <string.h>

#include "siphop/message.h"

#include "check.h"
#include "seed_msgs.h"

#define S(lit) sh_str_make((lit), strlen(lit))

typedef struct parsed {
    sh_msg m;
    sh_body_info body;
    sh_via vias[8];
    size_t length;
} parsed;

static void parse(const char *text, size_t len, parsed *p, size_t max_vias)
{
    memset(p, 0, sizeof *p);
    p->length = sh_msg_parse(sh_str_make(text, len), &p->m, p->vias, max_vias, &p->body);
}

static void test_seed_invite(void)
{
    static const char text[] = SEED_INVITE_HOP3;
    parsed p;

    parse(text, sizeof text - 1, &p, 8);
    CHECK_INT(p.length, sizeof text - 1);
    CHECK(p.m.is_request);
    CHECK_STR(p.m.method, "INVITE");
    CHECK_STR(p.m.ruri_host, "company.webex.com");
    CHECK_STR(p.m.to_host, "company.webex.com");
    CHECK_STR(p.m.call_id, "e7672380-5991e82c-e0ca3-64151cac@172.28.21.100");
    CHECK(p.m.has_cseq);
    CHECK_INT(p.m.cseq, 101);
    CHECK_STR(p.m.cseq_method, "INVITE");
    CHECK_STR(p.m.from_tag, "2950560~3fb53c10-0c98-891d-d84f-6fa87e4135c3-22671423");
    CHECK_STR(p.m.to_tag, "");
    CHECK_INT(p.m.n_vias, 3);
    CHECK_INT(p.m.via_total, 3);
    CHECK(p.m.vias == p.vias);
    CHECK_STR(p.vias[0].raw, SEED_INVITE_HOP3_VIA1);
    CHECK_STR(p.vias[0].egress_zone, "DNSZoneB2B");
    CHECK_STR(p.vias[1].proxy_call_id, "fdbf1c60-62e1-4204-884a-00fe8664ee66");
    CHECK_STR(p.vias[2].raw, SEED_INVITE_HOP3_VIA3);
    CHECK_STR(p.m.cisco_guid, "3882296192-0000065536-0000007914-1679105196");
    CHECK_STR(p.m.x_call_id, "");
    CHECK_STR(p.m.server, "Cisco-CUCM10.5");   /* User-Agent: no Server */
    CHECK(p.body.has_content_length);
    CHECK_INT(p.body.content_length, 0);
    CHECK_INT(p.body.body.len, 0);
    CHECK(!p.m.body_cut);
    CHECK_INT(p.m.status, 0);
}

static void test_seed_500(void)
{
    static const char text[] = SEED_500_HOP3;
    parsed p;

    parse(text, sizeof text - 1, &p, 8);
    CHECK(!p.m.is_request);
    CHECK_INT(p.m.status, 500);
    CHECK_STR(p.m.reason, "Internal Server Error");
    CHECK_STR(p.m.method, "");
    CHECK_STR(p.m.warning, SEED_500_HOP3_WARNING);
    CHECK_STR(p.m.server, "TANDBERG/4352 (X8.5.2-b2bua-1.0)");
    CHECK_STR(p.m.to_tag, "38659d409ccec3f7");
    CHECK_STR(p.m.cseq_method, "INVITE");
    CHECK_INT(p.m.n_vias, 1);      /* a response: the top Via parsed, */
    CHECK_INT(p.m.via_total, 3);   /* all counted */
    CHECK_STR(p.vias[0].raw, SEED_500_HOP3_VIA1);
}

static void test_forms(void)
{
    parsed p;
    const char *msg =
        "\r\n"                                   /* CRLF before the start line */
        "PRACK sips:x@[2001:db8::1]:5061 SIP/2.0\n"     /* LF-only line ends */
        "v: SIP/2.0/UDP a.example;branch=z9hG4bK1, SIP/2.0/UDP b.example;branch=z9hG4bK2\n"
        "i: compact\n"
        "CSEQ :  7   PRACK \n"
        "RAck: 1 6 INVITE\n"
        "RSeq: 1\n"
        "f: <sip:a@b>;tag=ft\n"
        "t: \"B\" <sip:c@d.example>\n"
        "Via: SIP/2.0/TCP c.example\n"
        "  ;branch=z9hG4bK3\n"                    /* folded onto the Via above */
        "Call-ID: not-the-first\n"
        "Server: s1\n"
        "Server: s2\n"
        "User-Agent: ua\n"
        "X-CID: cid\n"
        "X-Call-ID: xcall\n"
        "Session-ID: ab30317f1a784dc48ff824d0d3715d86;remote=00000000000000000000000000000000\n"
        "c: application/sdp\n"
        "l: 5\n"
        "\n"
        "v=0\r\nMORE";

    parse(msg, strlen(msg), &p, 8);
    CHECK(p.m.is_request);
    CHECK_STR(p.m.method, "PRACK");
    CHECK_STR(p.m.ruri_host, "");   /* destinations: INVITEs only */
    CHECK_INT(p.m.n_vias, 3);
    CHECK_INT(p.m.via_total, 3);
    CHECK_STR(p.vias[1].host, "b.example");
    CHECK_STR(p.vias[2].branch, "z9hG4bK3");
    CHECK_STR(p.m.call_id, "compact");
    CHECK(p.m.has_cseq);
    CHECK_INT(p.m.cseq, 7);
    CHECK_STR(p.m.cseq_method, "PRACK");
    CHECK(p.m.has_rack);
    CHECK_INT(p.m.rack_cseq, 6);
    CHECK(p.m.has_rseq);
    CHECK_STR(p.m.from_tag, "ft");
    CHECK_STR(p.m.to_host, "");
    CHECK_STR(p.m.server, "s1");
    CHECK_STR(p.m.x_call_id, "xcall");   /* X-Call-ID wins over X-CID */
    CHECK_STR(p.m.session_id, "ab30317f1a784dc48ff824d0d3715d86;remote=00000000000000000000000000000000");
    CHECK_STR(p.body.content_type, "application/sdp");
    CHECK_INT(p.body.content_length, 5);
    CHECK_STR(p.body.body, "v=0\r\n");
    CHECK_INT(p.length, strlen(msg) - 4);   /* "MORE" is the next message */
}

static void test_framing(void)
{
    parsed p;
    const char *two = "SIP/2.0 100 Trying\r\nContent-Length: 0\r\n\r\nSIP/2.0 180 Ringing\r\n\r\n";

    parse(two, strlen(two), &p, 8);
    CHECK_INT(p.length, strlen("SIP/2.0 100 Trying\r\nContent-Length: 0\r\n\r\n"));
    CHECK_INT(p.m.status, 100);
    CHECK_STR(p.m.reason, "Trying");

    /* An INVITE's destinations; an IPv6 R-URI host loses its brackets. */
    parse("INVITE sips:x@[2001:db8::1]:5061 SIP/2.0\r\nt: <sip:c@d.example>\r\n\r\n", 66, &p, 8);
    CHECK_STR(p.m.ruri_host, "2001:db8::1");
    CHECK_STR(p.m.to_host, "d.example");

    /* Long forms of the compact ones above. */
    parse("INVITE sip:x SIP/2.0\r\nContent-Type: application/sdp\r\nContent-Length: 2\r\n\r\nabc", 77, &p, 8);
    CHECK_STR(p.body.content_type, "application/sdp");
    CHECK_STR(p.body.body, "ab");
    CHECK_INT(p.length, 76);

    /* No Content-Length: the whole range, body included. */
    parse("BYE sip:x SIP/2.0\r\n\r\nbody", 25, &p, 8);
    CHECK_INT(p.length, 25);
    CHECK_STR(p.body.body, "body");
    CHECK(!p.body.has_content_length);

    /* No blank line (a cut message): the whole range, no body. */
    parse("BYE sip:x SIP/2.0\r\nCall-ID: c\r\n", 31, &p, 8);
    CHECK_INT(p.length, 31);
    CHECK_STR(p.m.call_id, "c");
    CHECK(p.body.body.ptr == NULL);

    /* Content-Length larger than what is there; unparsable Content-Length. */
    parse("ACK sip:x SIP/2.0\r\nl: 100\r\n\r\nab", 31, &p, 8);
    CHECK_INT(p.length, 31);
    CHECK_STR(p.body.body, "ab");
    parse("ACK sip:x SIP/2.0\r\nContent-Length: 1x\r\n\r\nab", 42, &p, 8);
    CHECK(!p.body.has_content_length);
    CHECK_INT(p.length, 42);

    /* A header after the blank line is body, not a header. */
    parse("ACK sip:x SIP/2.0\r\n\r\nCall-ID: body\r\n", 37, &p, 8);
    CHECK_STR(p.m.call_id, "");
}

/* The offer as the tracker judges it from has_sdp and body_cut (msg.h). */
static const char *offer(const parsed *p)
{
    if (sh_body_has_sdp(&p->body))
        return "early";
    return p->m.body_cut ? "unknown" : "delayed";
}

#define CHECK_OFFER(p, want) CHECK_STR(sh_str_from(offer(p)), want)

static void test_body_cut(void)
{
    parsed p;
    const char *cl0 = "INVITE sip:x SIP/2.0\r\nCall-ID: c\r\nContent-Length: 0\r\n\r\n";
    const char *sdp = "INVITE sip:x SIP/2.0\r\nc: application/sdp\r\nl: 200\r\n\r\nv=0\r\n";
    const char *next = "INVITE sip:x SIP/2.0\r\nl: 0\r\n\r\nACK sip:x SIP/2.0\r\nl: 0\r\n\r\n";
    const char *no_cl = "INVITE sip:x SIP/2.0\r\nCall-ID: c\r\n";
    const char *mid = "INVITE sip:x SIP/2.0\r\nCall-ID: c\r\nContent-Ty";

    /* Complete, Content-Length 0: a delayed offer. */
    parse(cl0, strlen(cl0), &p, 8);
    CHECK(!p.m.body_cut);
    CHECK_OFFER(&p, "delayed");

    /* Content-Length beyond the data: cut, but the SDP already shows. */
    parse(sdp, strlen(sdp), &p, 8);
    CHECK(p.m.body_cut);
    CHECK_INT(p.length, strlen(sdp));
    CHECK_OFFER(&p, "early");
    /* Cut after the blank line: the headers alone may tell, or not. */
    parse(sdp, strlen(sdp) - 5, &p, 8);
    CHECK(p.m.body_cut);
    CHECK_OFFER(&p, "early");
    parse("INVITE sip:x SIP/2.0\r\nl: 200\r\n\r\n", 32, &p, 8);
    CHECK(p.m.body_cut);
    CHECK_OFFER(&p, "unknown");

    /* No blank line (so no Content-Length either), and headers cut
     * mid-line or between the CR and LF of the blank line. */
    parse(no_cl, strlen(no_cl), &p, 8);
    CHECK(p.m.body_cut);
    CHECK_OFFER(&p, "unknown");
    parse(mid, strlen(mid), &p, 8);
    CHECK(p.m.body_cut);
    CHECK_STR(p.m.call_id, "c");
    CHECK_OFFER(&p, "unknown");
    parse(cl0, strlen(cl0) - 1, &p, 8);
    CHECK(p.m.body_cut);
    CHECK_OFFER(&p, "unknown");

    /* Followed by another message: each complete. */
    parse(next, strlen(next), &p, 8);
    CHECK(!p.m.body_cut);
    CHECK_OFFER(&p, "delayed");
    parse(next + p.length, strlen(next) - p.length, &p, 8);
    CHECK_STR(p.m.method, "ACK");
    CHECK(!p.m.body_cut);

    /* No Content-Length (UDP): the range is the message, never cut. */
    parse("INVITE sip:x SIP/2.0\r\n\r\n", 24, &p, 8);
    CHECK(!p.m.body_cut);
    CHECK_OFFER(&p, "delayed");
}

/* A multipart body (ISUP, then SDP) cut at various points. */
static void test_body_cut_multipart(void)
{
    static const char body[] =
        "--b1\r\nContent-Type: application/isup;version=itu-t92+\r\n\r\n\x01\x10\x49\r\n"
        "--b1\r\nContent-Type: application/sdp\r\n\r\nv=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n"
        "--b1--\r\n";
    GString *g = g_string_new(NULL);
    const char *sdp_part, *sdp_content;
    parsed p;

    g_string_printf(g, "INVITE sip:x SIP/2.0\r\nContent-Type: multipart/mixed;boundary=b1\r\n"
                       "Content-Length: %zu\r\n\r\n%s", sizeof body - 1, body);
    sdp_part = strstr(g->str, "Content-Type: application/sdp");
    sdp_content = strstr(g->str, "v=0");

    parse(g->str, g->len, &p, 8);
    CHECK(!p.m.body_cut);
    CHECK_OFFER(&p, "early");
    /* In the ISUP part, in the SDP part's headers: SDP not seen. */
    parse(g->str, (size_t)(sdp_part - g->str) - 10, &p, 8);
    CHECK(p.m.body_cut);
    CHECK_OFFER(&p, "unknown");
    parse(g->str, (size_t)(sdp_part - g->str) + 20, &p, 8);
    CHECK(p.m.body_cut);
    CHECK_OFFER(&p, "unknown");
    /* In the SDP content: seen, though cut. */
    parse(g->str, (size_t)(sdp_content - g->str) + 5, &p, 8);
    CHECK(p.m.body_cut);
    CHECK_OFFER(&p, "early");
    g_string_free(g, TRUE);
}

static void test_rejects(void)
{
    parsed p;

    /* Not a status code; no CSeq number; a bare start line. */
    parse("SIP/2.0 5000 Too Big\r\nCSeq: INVITE\r\n\r\n", 38, &p, 8);
    CHECK(!p.m.is_request);
    CHECK_INT(p.m.status, 0);
    CHECK(!p.m.has_cseq);
    parse("SIP/2.0 099 Low\r\nCSeq: 99999999999 INVITE\r\n\r\n", 45, &p, 8);
    CHECK_INT(p.m.status, 0);
    CHECK(!p.m.has_cseq);
    parse("", 0, &p, 8);
    CHECK_INT(p.length, 0);
    CHECK(!p.m.is_request);
    parse("\r\n\r\n", 4, &p, 8);
    CHECK_INT(p.length, 4);

    /* Names are whole, and a line without a colon is skipped. */
    parse("OPTIONS sip:x SIP/2.0\r\nCall-IDs: no\r\nVia\r\nCall-ID: yes\r\n\r\n", 56, &p, 8);
    CHECK_STR(p.m.call_id, "yes");
    CHECK_INT(p.m.via_total, 0);

    /* Embedded NUL bytes are data. */
    {
        static const char nul[] = "OPTIONS sip:x SIP/2.0\r\nCall-ID: a\0b\r\n\r\n";
        parse(nul, sizeof nul - 1, &p, 8);
        CHECK_INT(p.m.call_id.len, 3);
    }
}

static void test_hostile(void)
{
    GString *g = g_string_new("INVITE sip:x SIP/2.0\r\n");
    sh_msg m;
    sh_body_info body;
    sh_via vias[4];
    size_t n;

    /* 10 000 Via lines: 4 parsed, all counted. */
    for (int i = 0; i < 10000; i++)
        g_string_append_printf(g, "Via: SIP/2.0/UDP h%d;branch=z9hG4bK%d\r\n", i, i);
    /* A 1 MiB header line, then the headers that matter. */
    g_string_append(g, "Subject: ");
    for (int i = 0; i < 1024 * 1024; i++)
        g_string_append_c(g, 'x');
    g_string_append(g, "\r\nCall-ID: after-the-big-one\r\nContent-Length: 0\r\n\r\n");
    memset(&m, 0, sizeof m);
    memset(&body, 0, sizeof body);
    n = sh_msg_parse(sh_str_make(g->str, g->len), &m, vias, G_N_ELEMENTS(vias), &body);
    CHECK_INT(n, g->len);
    CHECK_INT(m.n_vias, 4);
    CHECK_INT(m.via_total, 10000);
    CHECK_STR(vias[3].host, "h3");
    CHECK_STR(m.call_id, "after-the-big-one");

    /* No room for Vias at all: counted only. */
    memset(&m, 0, sizeof m);
    sh_msg_parse(sh_str_make(g->str, g->len), &m, NULL, 8, &body);
    CHECK_INT(m.n_vias, 0);
    CHECK_INT(m.via_total, 10000);

    /* 1 MiB of bare LFs and spaces after the start line. */
    g_string_assign(g, "SIP/2.0 200 OK\r\n");
    for (int i = 0; i < 1024 * 1024; i++)
        g_string_append(g, i % 2 ? "\n" : " ");
    memset(&m, 0, sizeof m);
    memset(&body, 0, sizeof body);
    n = sh_msg_parse(sh_str_make(g->str, g->len), &m, vias, G_N_ELEMENTS(vias), &body);
    CHECK(n <= g->len);
    CHECK_INT(m.status, 200);
    g_string_free(g, TRUE);
}

int main(void)
{
    test_seed_invite();
    test_seed_500();
    test_forms();
    test_framing();
    test_body_cut();
    test_body_cut_multipart();
    test_rejects();
    test_hostile();
    return check_report();
}
