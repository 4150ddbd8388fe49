/* test_offer.c - does a message carry SDP (offer.h)?
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>

#include "siphop/offer.h"

#include "check.h"
#include "seed_msgs.h"

static sh_body_info info(const char *ctype, bool has_cl, uint32_t cl, const char *body)
{
    sh_body_info b;
    memset(&b, 0, sizeof b);
    b.content_type = sh_str_from(ctype);
    b.has_content_length = has_cl;
    b.content_length = cl;
    b.body = sh_str_from(body);
    return b;
}

static bool has_sdp(const char *ctype, bool has_cl, uint32_t cl, const char *body)
{
    sh_body_info b = info(ctype, has_cl, cl, body);
    return sh_body_has_sdp(&b);
}

static void test_single_part(void)
{
    sh_body_info b;

    /* The seed's delayed-offer INVITE: no Content-Type, Content-Length: 0. */
    CHECK(!has_sdp(NULL, true, 0, NULL));
    CHECK(!has_sdp("", false, 0, ""));

    CHECK(has_sdp("application/sdp", true, 200, NULL));
    CHECK(has_sdp("Application/SDP; charset=x", true, 1, NULL));
    CHECK(has_sdp("  application/sdp  ;version=1", true, 200, SDP_BODY));
    CHECK(!has_sdp("application/sdp", true, 0, NULL));
    CHECK(!has_sdp("application/sdp", true, 0, SDP_BODY));   /* CL wins */
    /* No Content-Length (allowed over UDP): the body decides. */
    CHECK(has_sdp("application/sdp", false, 0, SDP_BODY));
    CHECK(!has_sdp("application/sdp", false, 0, ""));
    CHECK(!has_sdp("application/sdp", false, 0, "\r\n"));

    CHECK(!has_sdp("application/sdpx", true, 10, SDP_BODY));
    CHECK(!has_sdp("application/isup", true, 10, SDP_BODY));
    CHECK(!has_sdp("text/plain", true, 10, SDP_BODY));
    CHECK(!has_sdp(NULL, true, 10, SDP_BODY));

    /* Wireshark's SDP dissector ran: that settles it. */
    b = info(NULL, true, 0, NULL);
    b.sdp_dissected = true;
    CHECK(sh_body_has_sdp(&b));
    CHECK(!sh_body_has_sdp(NULL));
}

#define MP_SDP_ISUP(b) \
    "--" b "\r\n" \
    "Content-Type: application/sdp\r\n" \
    "\r\n" \
    SDP_BODY \
    "\r\n--" b "\r\n" \
    "Content-Type: application/isup;version=itu-t92+\r\n" \
    "Content-Disposition: signal;handling=optional\r\n" \
    "\r\n" \
    "\x01\x00\x49\x00\x00\x03\x02\x00\x07\x04\x10\x00\x33\x63\x21\x43\x00\x00\x03\r\n" \
    "--" b "--\r\n"

static void test_multipart(void)
{
    const char *body = MP_SDP_ISUP("unique-boundary-1");
    uint32_t len = (uint32_t)strlen(body);

    CHECK(has_sdp("multipart/mixed;boundary=unique-boundary-1", true, len, body));
    CHECK(has_sdp("Multipart/Mixed; Boundary=\"unique-boundary-1\"", true, len, body));
    CHECK(has_sdp("multipart/mixed ; x=1; boundary = unique-boundary-1 ;y", false, 0, body));
    CHECK(has_sdp("multipart/related;boundary=unique-boundary-1", true, len, body));
    /* Wrong boundary, no boundary, no body. */
    CHECK(!has_sdp("multipart/mixed;boundary=other", true, len, body));
    CHECK(!has_sdp("multipart/mixed", true, len, body));
    CHECK(!has_sdp("multipart/mixed;boundary=", true, len, body));
    CHECK(!has_sdp("multipart/mixed;boundary=\"unique-boundary-1", true, len, body));
    CHECK(!has_sdp("multipart/mixed;boundary=unique-boundary-1", true, 0, body));
    CHECK(!has_sdp("multipart/mixed;boundary=unique-boundary-1", true, len, NULL));
    /* Content-Length cuts the body before the SDP part's content. */
    CHECK(!has_sdp("multipart/mixed;boundary=unique-boundary-1", true, 40, body));

    /* SDP second, compact header name, LF-only line ends, preamble. */
    CHECK(has_sdp("multipart/mixed;boundary=b1", false, 0,
                  "preamble\n--b1\nc: text/plain\n\nhello\n--b1\nc: Application/SDP\n\nv=0\n--b1--\n"));
    /* Only non-SDP parts. */
    CHECK(!has_sdp("multipart/mixed;boundary=b1", false, 0,
                   "--b1\r\nContent-Type: application/pidf+xml\r\n\r\n<x/>\r\n--b1--\r\n"));
    /* An SDP part with no content, or whose headers never end. */
    CHECK(!has_sdp("multipart/mixed;boundary=b1", false, 0,
                   "--b1\r\nContent-Type: application/sdp\r\n\r\n\r\n--b1--\r\n"));
    CHECK(!has_sdp("multipart/mixed;boundary=b1", false, 0,
                   "--b1\r\nContent-Type: application/sdp\r\n"));
    /* After the close delimiter is the epilogue, not a part. */
    CHECK(!has_sdp("multipart/mixed;boundary=b1", false, 0,
                   "--b1--\r\n--b1\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n"));
    /* A truncated body (no close delimiter) still counts. */
    CHECK(has_sdp("multipart/mixed;boundary=b1", false, 0,
                  "--b1\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n"));
    /* "Content-Type: application/sdp" in a part's content is not a header. */
    CHECK(!has_sdp("multipart/mixed;boundary=b1", false, 0,
                   "--b1\r\nContent-Type: message/sipfrag\r\n\r\nINVITE sip:a SIP/2.0\r\n"
                   "Content-Type: application/sdp\r\n\r\nv=0\r\n--b1--\r\n"));
}

static void test_hostile(void)
{
    GString *g = g_string_new(NULL), *ct = g_string_new("multipart/mixed;boundary=");
    sh_body_info b;

    /* 1 MiB of delimiter lines without parts, then one SDP part. */
    for (int i = 0; i < 100000; i++)
        g_string_append(g, "--b\r\n");
    g_string_append(g, "Content-Type: application/sdp\r\n\r\nv=0\r\n--b--\r\n");
    b = info("multipart/mixed;boundary=b", false, 0, NULL);
    b.body = sh_str_make(g->str, g->len);
    CHECK(sh_body_has_sdp(&b));

    /* 1 MiB of header lines in one part. */
    g_string_assign(g, "--b\r\n");
    for (int i = 0; i < 100000; i++)
        g_string_append(g, "X-Pad: 1234\r\n");
    g_string_append(g, "Content-Type: application/sdp\r\n\r\nv=0\r\n");
    b.body = sh_str_make(g->str, g->len);
    CHECK(sh_body_has_sdp(&b));

    /* A 1 MiB boundary is refused rather than compared line after line. */
    for (int i = 0; i < 1024 * 1024; i++)
        g_string_append_c(ct, 'b');
    b.content_type = sh_str_make(ct->str, ct->len);
    CHECK(!sh_body_has_sdp(&b));

    /* Embedded NUL bytes. */
    {
        static const char nul_ct[] = "application/sdp\0junk";
        static const char nul_body[] = "--b\r\nContent-Type: application/sdp\0\r\n\r\nv=0\r\n";
        b = info(NULL, true, 10, NULL);
        b.content_type = sh_str_make(nul_ct, sizeof nul_ct - 1);
        CHECK(!sh_body_has_sdp(&b));
        b = info("multipart/mixed;boundary=b", false, 0, NULL);
        b.body = sh_str_make(nul_body, sizeof nul_body - 1);
        CHECK(!sh_body_has_sdp(&b));
    }

    g_string_free(g, TRUE);
    g_string_free(ct, TRUE);
}

int main(void)
{
    test_single_part();
    test_multipart();
    test_hostile();
    return check_report();
}
