/* test_sipheaders.c - Warning, Session-ID, raw header lookup, Status-Line
 * reason, name-addr host and tag.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>

#include "siphop/sipheaders.h"

#include "check.h"
#include "seed_msgs.h"

static sh_str S(const char *s)
{
    return sh_str_from(s);
}

/* ---- Warning ---- */

static void test_warning_seed(void)
{
    sh_warning w;

    CHECK(sh_warning_parse(S(SEED_500_HOP3_WARNING), &w));
    CHECK_INT(w.code, 399);
    CHECK_STR(w.agent, "114.29.213.174:5071");
    CHECK_STR(w.text, "Invalid content in far end 200 OK");
}

static void test_warning_forms(void)
{
    sh_warning w;

    CHECK(sh_warning_parse(S("399 example.com \"a \\\"quoted\\\" text\""), &w));
    CHECK_INT(w.code, 399);
    CHECK_STR(w.agent, "example.com");
    CHECK_STR(w.text, "a \\\"quoted\\\" text");

    /* Several warnings: the first. */
    CHECK(sh_warning_parse(S("307 isi.edu \"Session parameter 'foo' not understood\", "
                             "301 isi.edu \"Incompatible network address type 'E.164'\""), &w));
    CHECK_INT(w.code, 307);
    CHECK_STR(w.agent, "isi.edu");
    CHECK_STR(w.text, "Session parameter 'foo' not understood");

    /* A comma inside the first text does not cut it. */
    CHECK(sh_warning_parse(S("399 h \"a, b\", 399 i \"c\""), &w));
    CHECK_STR(w.text, "a, b");

    /* Folded and padded. */
    CHECK(sh_warning_parse(S("  399\r\n\t[2001:db8::1]:5061 \t \"x\"  "), &w));
    CHECK_STR(w.agent, "[2001:db8::1]:5061");
    CHECK_STR(w.text, "x");

    /* Pseudonym agent, empty text. */
    CHECK(sh_warning_parse(S("370 - \"\""), &w));
    CHECK_INT(w.code, 370);
    CHECK_STR(w.agent, "-");
    CHECK_STR(w.text, "");

    /* No text, or an unquoted one (tolerated up to a comma). */
    CHECK(sh_warning_parse(S("399 host"), &w));
    CHECK_STR(w.agent, "host");
    CHECK_STR(w.text, "");
    CHECK(sh_warning_parse(S("399 host some words , 399 x"), &w));
    CHECK_STR(w.text, "some words");
    CHECK(sh_warning_parse(S("399"), &w));
    CHECK_STR(w.agent, "");

    /* Unterminated quote: the rest of the value. */
    CHECK(sh_warning_parse(S("399 h \"no end, 399 x y"), &w));
    CHECK_STR(w.text, "no end, 399 x y");
    CHECK(sh_warning_parse(S("399 h \"trailing backslash\\"), &w));
    CHECK_STR(w.text, "trailing backslash\\");
}

static void test_warning_rejects(void)
{
    sh_warning w;
    const char *bad[] = { "", "   ", "39 h \"x\"", "3999 h \"x\"", "abc h \"x\"",
                          "099 h \"x\"", "39a h", "\"399\" h", "399h \"x\"" };

    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        memset(&w, 0x5a, sizeof w);
        CHECK(!sh_warning_parse(S(bad[i]), &w));
        CHECK_INT(w.code, 0);
        CHECK(w.agent.len == 0 && w.agent.ptr == NULL);
        CHECK(w.text.len == 0 && w.text.ptr == NULL);
    }
    CHECK(!sh_warning_parse(SH_STR_NULL, &w));
}

/* ---- Session-ID ---- */

static void test_session_id(void)
{
    char out[33];

    CHECK(sh_session_id_local(S("ab30317f1a784dc48ff824d0d3715d86;remote=47755a9de7794ba387653f2099600ef2"), out));
    CHECK_STR(S(out), "ab30317f1a784dc48ff824d0d3715d86");

    CHECK(sh_session_id_local(S("AB30317F1A784DC48FF824D0D3715D86"), out));
    CHECK_STR(S(out), "ab30317f1a784dc48ff824d0d3715d86");

    CHECK(sh_session_id_local(S("  ab30317f1a784dc48ff824d0d3715d86 ;\r\n remote=00000000000000000000000000000000 "), out));
    CHECK_STR(S(out), "ab30317f1a784dc48ff824d0d3715d86");

    /* The null UUID never links calls, with or without a remote. */
    CHECK(!sh_session_id_local(S("00000000000000000000000000000000"), out));
    CHECK_STR(S(out), "");
    CHECK(!sh_session_id_local(S("00000000000000000000000000000000;remote=ab30317f1a784dc48ff824d0d3715d86"), out));
    CHECK_STR(S(out), "");

    /* Remote all-zero is fine: only the local UUID matters. */
    CHECK(sh_session_id_local(S("00000000000000000000000000000001;remote=00000000000000000000000000000000"), out));
    CHECK_STR(S(out), "00000000000000000000000000000001");
}

static void test_session_id_rejects(void)
{
    char out[33];
    const char *bad[] = {
        "",
        "ab30317f1a784dc48ff824d0d3715d8",                /* 31 */
        "ab30317f1a784dc48ff824d0d3715d86a",              /* 33 */
        "ab30317f-1a78-4dc4-8ff8-24d0d3715d86",           /* dashed UUID */
        "ab30317f1a784dc48ff824d0d3715d8g",
        "ab30317f1a784dc48ff824d0d3715d86 x",
        "ab30317f1a784dc48ff824d0d3715d86,ab30317f1a784dc48ff824d0d3715d87",
        ";remote=ab30317f1a784dc48ff824d0d3715d86",
        "\"ab30317f1a784dc48ff824d0d3715d86\"",
    };

    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        memset(out, 'z', sizeof out);
        CHECK(!sh_session_id_local(S(bad[i]), out));
        CHECK_STR(S(out), "");
    }

    /* An embedded NUL is not a hex digit. */
    {
        static const char nul[] = "ab30317f1a784dc4\0ff824d0d3715d86";
        CHECK(!sh_session_id_local(sh_str_make(nul, sizeof nul - 1), out));
    }
    /* A view shorter than the buffer: only 31 digits are ours. */
    CHECK(!sh_session_id_local(sh_str_make("ab30317f1a784dc48ff824d0d3715d86", 31), out));
}

/* ---- Status-Line reason ---- */

static void test_status_reason(void)
{
    CHECK_STR(sh_status_line_reason(S("SIP/2.0 500 Internal Server Error")), "Internal Server Error");
    CHECK_STR(sh_status_line_reason(S("500 Internal Server Error")), "Internal Server Error");
    CHECK_STR(sh_status_line_reason(S("sip/2.0  183  Session Progress \r\n")), "Session Progress");
    CHECK_STR(sh_status_line_reason(S("SIP/2.0 500 Server Error\r\nVia: x")), "Server Error");
    CHECK_STR(sh_status_line_reason(S("SIP/2.0 200")), "");
    CHECK_STR(sh_status_line_reason(S("SIP/2.0 200 ")), "");
    CHECK_STR(sh_status_line_reason(S("SIP/2.0")), "");
    CHECK_STR(sh_status_line_reason(S("SIP/2.0 OK")), "");
    CHECK_STR(sh_status_line_reason(S("5000 Too Many")), "");
    CHECK_STR(sh_status_line_reason(S("50 x")), "");
    CHECK_STR(sh_status_line_reason(S("")), "");
    CHECK_STR(sh_status_line_reason(SH_STR_NULL), "");
    CHECK_STR(sh_status_line_reason(sh_str_make("SIP/2.0 404 Not Found", 13)), "N");
}

/* ---- name-addr host ---- */

static void test_uri_host(void)
{
    CHECK_STR(sh_uri_host(S("\"CiscoWebEx\" <sip:34IBJumtlZRvmrI5t7WQjMhA@company.webex.com>;"
                            "tag=38659d409ccec3f7")), "company.webex.com");
    CHECK_STR(sh_uri_host(S("<sip:172.28.21.100>")), "172.28.21.100");
    CHECK_STR(sh_uri_host(S("\"7221.company.com.au\" <sip:172.28.21.100>;tag=2950560~"
                            "3fb53c10-0c98-891d-d84f-6fa87e4135c3-22671423")), "172.28.21.100");
    CHECK_STR(sh_uri_host(S("<sip:172.28.21.100:5560;transport=tcp>;video;audio")), "172.28.21.100");
    CHECK_STR(sh_uri_host(S("sip:alice@Example.COM:5061;transport=tls")), "Example.COM");
    CHECK_STR(sh_uri_host(S("<sips:[2001:db8::1]:5061>")), "2001:db8::1");
    CHECK_STR(sh_uri_host(S("<sip:bob@[2001:db8::1]>")), "2001:db8::1");
    CHECK_STR(sh_uri_host(S("<tel:+123>")), "");
    CHECK_STR(sh_uri_host(S("tel:+1-555-0100;phone-context=example.com")), "");
    CHECK_STR(sh_uri_host(S("<tel:123>")), "");
    CHECK_STR(sh_uri_host(S("<urn:x-cisco-remotecc:callinfo>")), "");
    CHECK_STR(sh_uri_host(S("\"CiscoWebEx\" <sip:webex.com>")), "webex.com");
    CHECK_STR(sh_uri_host(S("Bob <SIP:bob@Biloxi.example.com>")), "Biloxi.example.com");
    CHECK_STR(sh_uri_host(S("\"a <sip:fake@evil.org> b\" <sip:x@real.example>")), "real.example");
    CHECK_STR(sh_uri_host(S("  <sip:u:pw@host.example:5060?subject=x>  ")), "host.example");
    /* A user part may hold ';' and '=' (RFC 3261 25.1 user-unreserved). */
    CHECK_STR(sh_uri_host(S("sip:+15551234;npdi;rn=+1555@gw.example.com;user=phone")), "gw.example.com");
    CHECK_STR(sh_uri_host(S("<sip:alice@atlanta.com;maddr=239.255.255.1;ttl=15>")), "atlanta.com");
}

static void test_uri_host_request_uri(void)
{
    CHECK_STR(sh_uri_host(S("sip:34IBJumtlZRvmrI5t7WQjMhA@company.webex.com")), "company.webex.com");
    CHECK_STR(sh_uri_host(S("sip:u@h;p")), "h");
    CHECK_STR(sh_uri_host(S("company.webex.com")), "company.webex.com");
    CHECK_STR(sh_uri_host(S("company.webex.com:5061")), "company.webex.com");
    CHECK_STR(sh_uri_host(S("alice@company.webex.com")), "company.webex.com");
    CHECK_STR(sh_uri_host(S("172.28.21.104")), "172.28.21.104");
    CHECK_STR(sh_uri_host(S("[2001:db8::1]")), "2001:db8::1");
    CHECK_STR(sh_uri_host(S("[2001:db8::1]:5060")), "2001:db8::1");
    CHECK_STR(sh_uri_host(S("2001:db8::1")), "2001:db8::1");
    CHECK_STR(sh_uri_host(S("fe80::1")), "fe80::1");
}

static void test_uri_host_hostile(void)
{
    static const char nul[] = "<sip:a@ho\0st>";
    sh_str h;
    GString *g;

    CHECK_STR(sh_uri_host(S("")), "");
    CHECK_STR(sh_uri_host(SH_STR_NULL), "");
    CHECK_STR(sh_uri_host(S("<>")), "");
    CHECK_STR(sh_uri_host(S("<")), "");
    CHECK_STR(sh_uri_host(S("<sip:")), "");
    CHECK_STR(sh_uri_host(S("<sip:@>")), "");
    CHECK_STR(sh_uri_host(S("<sip:host")), "host");             /* no '>' */
    CHECK_STR(sh_uri_host(S("\"unterminated <sip:a@b>")), "");
    CHECK_STR(sh_uri_host(S("\"display only\"")), "");
    CHECK_STR(sh_uri_host(S("<sip:[2001:db8::1>")), "");        /* no ']' */
    CHECK_STR(sh_uri_host(S("sip:")), "");
    CHECK_STR(sh_uri_host(S("@")), "");
    CHECK_STR(sh_uri_host(S(":")), "");

    h = sh_uri_host(sh_str_make(nul, sizeof nul - 1));
    CHECK_INT(h.len, 5);

    /* Bounded by the view. */
    CHECK_STR(sh_uri_host(sh_str_make("<sip:alice@example.com>", 15)), "exam");

    g = g_string_new("<sip:");
    for (int i = 0; i < 1024 * 1024; i++)
        g_string_append_c(g, 'a');
    g_string_append(g, "@h>");
    CHECK_STR(sh_uri_host(sh_str_make(g->str, g->len)), "h");
    g_string_assign(g, "\"");
    for (int i = 0; i < 1024 * 1024; i++)
        g_string_append(g, "\\\"");
    CHECK_STR(sh_uri_host(sh_str_make(g->str, g->len)), "");
    g_string_free(g, TRUE);
}

/* ---- tag ---- */

static void test_nameaddr_tag(void)
{
    CHECK_STR(sh_nameaddr_tag(S("\"CiscoWebEx\" <sip:34IBJumtlZRvmrI5t7WQjMhA@company.webex.com>;"
                                "tag=38659d409ccec3f7")), "38659d409ccec3f7");
    CHECK_STR(sh_nameaddr_tag(S("\"7221.company.com.au\" <sip:172.28.21.100>;tag=2950560~"
                                "3fb53c10-0c98-891d-d84f-6fa87e4135c3-22671423")),
              "2950560~3fb53c10-0c98-891d-d84f-6fa87e4135c3-22671423");
    /* Folded exactly where the seed document wrapped the To header. */
    CHECK_STR(sh_nameaddr_tag(S("\"CiscoWebEx\" <sip:x@company.webex.com>;\r\n tag=38659d409ccec3f7")),
              "38659d409ccec3f7");
    CHECK_STR(sh_nameaddr_tag(S("<sip:34IBJumtlZRvmrI5t7WQjMhA@company.webex.com>")), "");
    /* A tag inside the <> is a URI parameter, not the dialog tag. */
    CHECK_STR(sh_nameaddr_tag(S("<sip:a@b;tag=inside>;x=1;TAG=outside")), "outside");
    CHECK_STR(sh_nameaddr_tag(S("<sip:a@b;tag=inside>")), "");
    CHECK_STR(sh_nameaddr_tag(S("\"x;tag=q\" <sip:a@b>")), "");
    /* addr-spec without <>: params after the URI are header params. */
    CHECK_STR(sh_nameaddr_tag(S("sip:alice@example.com;tag=1928301774")), "1928301774");
    CHECK_STR(sh_nameaddr_tag(S("sip:alice@example.com")), "");
    CHECK_STR(sh_nameaddr_tag(S("<sip:a@b> ; tag = abc ; x")), "abc");
    CHECK_STR(sh_nameaddr_tag(S("<sip:a@b>;tagx=1;xtag=2;tag=3")), "3");
    CHECK_STR(sh_nameaddr_tag(S("<sip:a@b>;tag=\"quoted\"")), "quoted");
    CHECK_STR(sh_nameaddr_tag(S("<sip:a@b>;tag")), "");
    CHECK_STR(sh_nameaddr_tag(S("<sip:a@b>;tag=")), "");
    CHECK_STR(sh_nameaddr_tag(S("<sip:a@b>junk;tag=9")), "9");
    CHECK_STR(sh_nameaddr_tag(S("<sip:a@b>;tag=\"open")), "open");
    CHECK_STR(sh_nameaddr_tag(S("<sip:a@b;tag=x")), "");         /* no '>' */
    CHECK_STR(sh_nameaddr_tag(S("")), "");
    CHECK_STR(sh_nameaddr_tag(SH_STR_NULL), "");
    CHECK_STR(sh_nameaddr_tag(sh_str_make("<sip:a@b>;tag=123456", 17)), "123");
}

int main(void)
{
    test_warning_seed();
    test_warning_forms();
    test_warning_rejects();
    test_session_id();
    test_session_id_rejects();
    test_status_reason();
    test_uri_host();
    test_uri_host_request_uri();
    test_uri_host_hostile();
    test_nameaddr_tag();
    return check_report();
}
