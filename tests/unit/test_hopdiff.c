/* test_hopdiff.c - what a hop changed in the INVITE it passed on (hopdiff.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <stdlib.h>

#include "siphop/hopdiff.h"

#include "check.h"
#include "seed_msgs.h"

/* A CUCM INVITE toward Expressway-C, early offer, and Expressway-C's own
 * leg of it (a B2BUA: new Call-ID, Contact, its own headers). */
#define CUCM_INVITE \
    "INVITE sip:alice@example.com SIP/2.0\r\n" \
    "Via: SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bK1\r\n" \
    "From: <sip:bob@10.0.0.1>;tag=1\r\n" \
    "To: <sip:alice@example.com>\r\n" \
    "Call-ID: aaa@10.0.0.1\r\n" \
    "CSeq: 101 INVITE\r\n" \
    "Max-Forwards: 70\r\n" \
    "Contact: <sip:bob@10.0.0.1:5060;transport=tcp>\r\n" \
    "Remote-Party-ID: <sip:bob@10.0.0.1>;party=calling\r\n" \
    "X-Cisco-Something: 1\r\n" \
    "Content-Type: application/sdp\r\n" \
    "Content-Length: " G_STRINGIFY(SDP_LEN) "\r\n" \
    "\r\n" SDP_BODY
#define SDP_LEN 150

#define EXPC_INVITE_NO_SDP "INVITE sip:alice@example.com;transport=tls SIP/2.0\r\n" EXPC_HEADERS
#define EXPC_HEADERS \
    "v: SIP/2.0/TLS 10.0.0.2:5061;branch=z9hG4bK2\r\n" \
    "f: <sip:bob@10.0.0.1>;tag=2\r\n" \
    "t: <sip:alice@example.com>\r\n" \
    "i: bbb@10.0.0.2\r\n" \
    "CSeq: 1 INVITE\r\n" \
    "Max-Forwards: 69\r\n" \
    "m: <sip:bob@10.0.0.2:5061;transport=tls>\r\n" \
    "Record-Route: <sip:10.0.0.2;lr>, <sip:10.0.0.3;lr>\r\n" \
    "P-Asserted-Identity: <sip:bob@example.com>\r\n" \
    "x-cisco-something: 2\r\n" \
    "l: 0\r\n" \
    "\r\n"

static char out[SH_TEXT_FIT + 64];

static const char *diff_of(const char *up, const char *down)
{
    sh_hopshape *a = sh_hopshape_new(sh_str_from(up));
    sh_hopshape *b = sh_hopshape_new(sh_str_from(down));
    sh_hopshape_diff(a, b, out, sizeof out);
    sh_hopshape_free(a);
    sh_hopshape_free(b);
    return out;
}

static bool is_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
            return false;
    return true;
}

static void test_seed(void)
{
    sh_hopshape *h2 = sh_hopshape_new(sh_str_from(SEED_INVITE_HOP2));
    sh_hopshape *h3 = sh_hopshape_new(sh_str_from(SEED_INVITE_HOP3));

    /* Expressway-E as a proxy: one more Via, Max-Forwards down, two more
     * Record-Routes; same Call-ID, Request-URI, Contact, header names. */
    CHECK_STR(sh_str_from(sh_hopshape_diff(h2, h3, out, sizeof out)),
              "Via +1 (3); Max-Forwards 15 -> 14; Record-Route +2 (4)");
    /* And backwards. */
    CHECK_STR(sh_str_from(sh_hopshape_diff(h3, h2, out, sizeof out)),
              "Via -1 (2); Max-Forwards 14 -> 15; Record-Route -2 (2)");
    /* Nothing changed: the empty string. */
    CHECK_STR(sh_str_from(sh_hopshape_diff(h3, h3, out, sizeof out)), "");
    /* The seed's header names are all in the table: 48 bytes and the
     * Request-URI as shown (46 bytes, cut to 40). */
    CHECK_INT(sh_hopshape_size(h2), 48 + 40);
    CHECK(sh_hopshape_size(h3) <= 200);
    /* No shape: nothing to say. */
    CHECK_STR(sh_str_from(sh_hopshape_diff(NULL, h3, out, sizeof out)), "");
    sh_hopshape_free(h2);
    sh_hopshape_free(h3);
    sh_hopshape_free(NULL);
    CHECK_INT(sh_hopshape_size(NULL), 0);
}

static void test_b2bua_leg(void)
{
    const char *d = diff_of(CUCM_INVITE, EXPC_INVITE_NO_SDP);
    char *same_uri;

    /* Over SH_TEXT_FIT: cut after the last whole item that fits. */
    CHECK_STR(sh_str_from(d),
              "Call-ID changed; Request-URI sip:alice@example.com -> sip:alice@example.com;transport=tls; "
              "Max-Forwards 70 -> 69; Record-Route +2 (2); Contact changed; SDP removed; "
              "added: P-Asserted-Identity...");
    CHECK(strlen(d) <= SH_TEXT_FIT);

    /* The same leg without the Request-URI change: whole. */
    same_uri = g_strdup("INVITE sip:alice@example.com SIP/2.0\r\nX-Pad: 1\r\n" EXPC_HEADERS);
    d = diff_of(CUCM_INVITE, same_uri);
    CHECK_STR(sh_str_from(d),
              "Call-ID changed; Max-Forwards 70 -> 69; Record-Route +2 (2); Contact changed; SDP removed; "
              "added: P-Asserted-Identity, X-Pad; removed: Content-Type, Remote-Party-ID");
    g_free(same_uri);
}

static void test_items(void)
{
    const char *base = "INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nCall-ID: c\r\n"
                       "Contact: <sip:x@h>\r\n";
    char *up, *down;

    /* SDP added; a body cut short without SDP is no verdict. */
    up = g_strconcat(base, "Content-Length: 0\r\n\r\n", NULL);
    down = g_strconcat(base, "Content-Type: application/sdp\r\nContent-Length: 150\r\n\r\n" SDP_BODY, NULL);
    CHECK_STR(sh_str_from(diff_of(up, down)), "SDP added; added: Content-Type");
    CHECK_STR(sh_str_from(diff_of(down, up)), "SDP removed; removed: Content-Type");
    g_free(down);
    down = g_strconcat(base, "Content-Length: 0\r\n", NULL);   /* no blank line: cut */
    CHECK_STR(sh_str_from(diff_of(down, up)), "");
    g_free(down);
    g_free(up);

    /* Contact and Max-Forwards added and removed; compact forms are their
     * full names, in any case. */
    up = g_strdup("INVITE sip:a@b SIP/2.0\r\nv: SIP/2.0/UDP h\r\nI: c\r\nM: <sip:x@h>\r\nk: timer\r\n"
                  "SUPPORTED: 100rel\r\nx: 1800\r\n\r\n");
    down = g_strdup("INVITE sip:a@b SIP/2.0\r\nVIA: SIP/2.0/UDP h\r\ncall-id: c\r\nsupported: timer\r\n"
                    "Session-Expires: 1800\r\nMax-Forwards: 70\r\n\r\n");
    CHECK_STR(sh_str_from(diff_of(up, down)), "Max-Forwards added (70); Contact removed");
    CHECK_STR(sh_str_from(diff_of(down, up)), "Max-Forwards removed; Contact added");
    g_free(up);
    g_free(down);

    /* Folded Contact and Record-Route values; commas inside <> and quotes
     * do not split. */
    up = g_strdup("INVITE sip:a@b SIP/2.0\r\nContact: <sip:x@h>\r\nRecord-Route: <sip:a;lr>\r\n\r\n");
    down = g_strdup("INVITE sip:a@b SIP/2.0\r\nContact: <sip:x@h>\r\n ;expires=60\r\n"
                    "Record-Route: \"a, b\" <sip:a,b;lr>,\r\n <sip:c;lr>\r\nrecord-route: <sip:d>\r\n\r\n");
    CHECK_STR(sh_str_from(diff_of(up, down)), "Record-Route +2 (3); Contact changed");
    g_free(up);
    g_free(down);

    /* Names in a case-insensitive order, the first spelling kept; names
     * not in the table too. */
    up = g_strdup("INVITE sip:a@b SIP/2.0\r\nX-B: 1\r\nx-a: 1\r\nX-A: 2\r\nDate: x\r\n\r\n");
    down = g_strdup("INVITE sip:a@b SIP/2.0\r\nz-last: 1\r\nAllow: x\r\nx-b: 1\r\nP-Early-Media: x\r\n\r\n");
    CHECK_STR(sh_str_from(diff_of(up, down)), "added: Allow, P-Early-Media, z-last; removed: Date, x-a");
    g_free(up);
    g_free(down);

    /* A long Request-URI is shown by its start and end. */
    up = g_strdup("INVITE sip:0123456789012345678901234567890123456789@host.example.com SIP/2.0\r\n\r\n");
    down = g_strdup("INVITE sip:0123456789012345678901234567890123456789@host.example.org SIP/2.0\r\n\r\n");
    CHECK_STR(sh_str_from(diff_of(up, down)),
              "Request-URI sip:01234567890123...89@host.example.com -> sip:01234567890123...89@host.example.org");
    g_free(up);
    g_free(down);

    /* Bytes other than printable ASCII are shown as '?'. */
    CHECK_STR(sh_str_from(diff_of("INVITE sip:a@b SIP/2.0\r\n\r\n", "INVITE sip:\xc3\xa9@b SIP/2.0\r\nX-\x01\xff: 1\r\n\r\n")),
              "Request-URI sip:a@b -> sip:??@b; added: X-??");
}

/* Many names: the text is cut at SH_TEXT_FIT, after a whole name. */
static void test_cut(void)
{
    GString *up = g_string_new("INVITE sip:a@b SIP/2.0\r\n\r\n");
    GString *down = g_string_new("INVITE sip:a@b SIP/2.0\r\n");
    const char *d;
    size_t n;

    for (int i = 0; i < 40; i++)
        g_string_append_printf(down, "X-Header-%02d: %d\r\n", i, i);
    g_string_append(down, "\r\n");
    d = diff_of(up->str, down->str);
    n = strlen(d);
    CHECK(n <= SH_TEXT_FIT);
    CHECK(n > SH_TEXT_FIT - 16);
    CHECK(g_str_has_prefix(d, "added: X-Header-00, X-Header-01, "));
    CHECK(g_str_has_suffix(d, "..."));
    CHECK(n >= 4 && d[n - 4] >= '0' && d[n - 4] <= '9');   /* "X-Header-NN..." */
    CHECK(is_ascii(d));

    /* A small buffer cuts too. */
    {
        sh_hopshape *a = sh_hopshape_new(sh_str_from(up->str));
        sh_hopshape *b = sh_hopshape_new(sh_str_from(down->str));
        char small[24];
        CHECK_STR(sh_str_from(sh_hopshape_diff(a, b, small, sizeof small)), "added: X-Header-00...");
        CHECK_STR(sh_str_from(sh_hopshape_diff(a, b, small, 3)), "ad");
        CHECK_STR(sh_str_from(sh_hopshape_diff(a, b, small, 1)), "");
        small[0] = 'z';
        sh_hopshape_diff(a, b, small, 0);   /* writes nothing */
        CHECK(small[0] == 'z');
        sh_hopshape_free(a);
        sh_hopshape_free(b);
    }
    g_string_free(up, TRUE);
    g_string_free(down, TRUE);
}

/* Hostile sizes: memory stays bounded, work linear. */
static void test_hostile(void)
{
    GString *m = g_string_new("INVITE sip:");
    sh_hopshape *big, *small;
    const char *d;

    /* A 1 MiB Request-URI, then 10 000 headers of distinct names and 10 000
     * Vias and Record-Routes. */
    for (int i = 0; i < 1024 * 1024; i++)
        g_string_append_c(m, (char)('a' + i % 26));
    g_string_append(m, " SIP/2.0\r\n");
    for (int i = 0; i < 10000; i++)
        g_string_append_printf(m, "X-Name-%05d-%s: v\r\nVia: SIP/2.0/UDP h%d\r\nRecord-Route: <sip:r%d>\r\n", i,
                               "padding-padding-padding-padding-padding", i, i);
    g_string_append(m, "\r\n");
    big = sh_hopshape_new(sh_str_make(m->str, m->len));
    small = sh_hopshape_new(sh_str_from("INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n\r\n"));
    CHECK(sh_hopshape_size(big) <= 48 + SH_HOPSHAPE_URI_SHOWN + SH_HOPSHAPE_MAX_NAMES * (1 + SH_HOPSHAPE_NAME_KEPT));
    d = sh_hopshape_diff(small, big, out, sizeof out);
    CHECK(strlen(d) <= SH_TEXT_FIT);
    CHECK(g_str_has_prefix(d, "Request-URI sip:a@b -> sip:abcdefghijklmn...")); /* 18 + "..." + 19 */
    CHECK(strstr(d, "; Via +9999 (10000); Record-Route +10000 (10000); header names not compared (over 64)") ==
          d + strlen("Request-URI sip:a@b -> ") + SH_HOPSHAPE_URI_SHOWN);
    CHECK(is_ascii(d));
    /* Both over the names kept, and the kept ones agree: no change. */
    CHECK_STR(sh_str_from(sh_hopshape_diff(big, big, out, sizeof out)), "");
    sh_hopshape_free(big);
    sh_hopshape_free(small);

    /* 70 000 Vias saturate the count. */
    g_string_assign(m, "INVITE sip:a@b SIP/2.0\r\nVia: ");
    for (int i = 0; i < 70000; i++)
        g_string_append(m, "SIP/2.0/UDP h,");
    g_string_append(m, "SIP/2.0/UDP h\r\n\r\n");
    big = sh_hopshape_new(sh_str_make(m->str, m->len));
    small = sh_hopshape_new(sh_str_from("INVITE sip:a@b SIP/2.0\r\n\r\n"));
    CHECK_STR(sh_str_from(sh_hopshape_diff(small, big, out, sizeof out)), "Via +65535 (65535)");
    sh_hopshape_free(big);
    sh_hopshape_free(small);

    /* Garbage, empty, NUL bytes, a response: shapes all the same. */
    {
        static const char junk[] = "\0\r\n:\0\xff: x\r\n\r\n";
        sh_hopshape *a = sh_hopshape_new(sh_str_make(junk, sizeof junk - 1));
        sh_hopshape *b = sh_hopshape_new(SH_STR_NULL);
        sh_hopshape *c = sh_hopshape_new(sh_str_from("SIP/2.0 200 OK\r\n\r\n"));
        d = sh_hopshape_diff(a, b, out, sizeof out);
        CHECK(is_ascii(d));
        d = sh_hopshape_diff(b, c, out, sizeof out);
        CHECK(is_ascii(d));
        CHECK_INT(sh_hopshape_size(b), 48);
        sh_hopshape_free(a);
        sh_hopshape_free(b);
        sh_hopshape_free(c);
    }
    g_string_free(m, TRUE);
}

int main(void)
{
    test_seed();
    test_b2bua_leg();
    test_items();
    test_cut();
    test_hostile();
    return check_report();
}
