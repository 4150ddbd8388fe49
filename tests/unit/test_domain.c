/* test_domain.c - the early-offer destination list.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>

#include "siphop/domain.h"

#include "check.h"

static const char *match(const sh_domains *d, const char *host)
{
    return sh_domains_match(d, sh_str_from(host));
}

static void test_default_list(void)
{
    sh_domains *d = sh_domains_new(SH_DEFAULT_EO_DOMAINS);

    CHECK_INT(sh_domains_count(d), 3);
    CHECK_INT(sh_domains_skipped(d), 0);
    CHECK_STR(sh_str_from(sh_domains_get(d, 0)), "webex.com");
    CHECK_STR(sh_str_from(sh_domains_get(d, 1)), "ciscospark.com");
    CHECK_STR(sh_str_from(sh_domains_get(d, 2)), "wbx2.com");
    CHECK(sh_domains_get(d, 3) == NULL);

    /* Whole labels, any case, one trailing dot. */
    CHECK_STR(sh_str_from(match(d, "webex.com")), "webex.com");
    CHECK_STR(sh_str_from(match(d, "a.webex.com")), "webex.com");
    CHECK_STR(sh_str_from(match(d, "company.webex.com")), "webex.com");
    CHECK_STR(sh_str_from(match(d, "COMPANY.WEBEX.COM.")), "webex.com");
    CHECK_STR(sh_str_from(match(d, " company.webex.com ")), "webex.com");
    CHECK_STR(sh_str_from(match(d, "callservice.ciscospark.com")), "ciscospark.com");
    CHECK_STR(sh_str_from(match(d, "x.call.ciscospark.com")), "ciscospark.com");
    CHECK_STR(sh_str_from(match(d, "l2sip-a.wbx2.com")), "wbx2.com");

    CHECK(match(d, "notwebex.com") == NULL);
    CHECK(match(d, "webex.com.evil.org") == NULL);
    CHECK(match(d, "webex.co") == NULL);
    CHECK(match(d, "ebex.com") == NULL);
    CHECK(match(d, "com") == NULL);
    CHECK(match(d, "") == NULL);
    CHECK(match(d, ".") == NULL);
    CHECK(match(d, "webex.com..") == NULL);
    CHECK(match(d, "kytec.webex.comx") == NULL);
    CHECK(sh_domains_match(d, SH_STR_NULL) == NULL);

    /* IP literals never match. */
    CHECK(match(d, "1.2.3.4") == NULL);
    CHECK(match(d, "[::1]") == NULL);
    CHECK(match(d, "::1") == NULL);
    CHECK(match(d, "[2001:db8::1]:5061") == NULL);
    CHECK(match(d, "114.29.213.174") == NULL);

    sh_domains_free(d);
}

static void test_list_parsing(void)
{
    sh_domains *d = sh_domains_new(" *.Example.COM;.example.org,\tfoo.example.net.\n"
                                   "example.com, ,;;  bar.example ");

    CHECK_INT(sh_domains_count(d), 4);
    CHECK_INT(sh_domains_skipped(d), 0);
    CHECK_STR(sh_str_from(sh_domains_get(d, 0)), "example.com");
    CHECK_STR(sh_str_from(sh_domains_get(d, 1)), "example.org");
    CHECK_STR(sh_str_from(sh_domains_get(d, 2)), "foo.example.net");
    CHECK_STR(sh_str_from(sh_domains_get(d, 3)), "bar.example");
    CHECK_STR(sh_str_from(match(d, "a.foo.example.net")), "foo.example.net");
    CHECK(match(d, "example.net") == NULL);
    sh_domains_free(d);

    /* Invalid entries are skipped and counted. */
    d = sh_domains_new("good.com, a..b, *, *., ., 1.2.3.4, [::1], ::1, bad_char!.com, "
                       "-ok-.com, under_score.com");
    CHECK_INT(sh_domains_count(d), 3);
    CHECK_STR(sh_str_from(sh_domains_get(d, 0)), "good.com");
    CHECK_STR(sh_str_from(sh_domains_get(d, 1)), "-ok-.com");
    CHECK_STR(sh_str_from(sh_domains_get(d, 2)), "under_score.com");
    CHECK_INT(sh_domains_skipped(d), 8);
    sh_domains_free(d);

    /* Empty and NULL lists. */
    d = sh_domains_new("");
    CHECK(d != NULL);
    CHECK_INT(sh_domains_count(d), 0);
    CHECK(match(d, "webex.com") == NULL);
    sh_domains_free(d);
    d = sh_domains_new(NULL);
    CHECK(d != NULL);
    CHECK_INT(sh_domains_count(d), 0);
    sh_domains_free(d);

    /* NULL handles are harmless. */
    sh_domains_free(NULL);
    CHECK_INT(sh_domains_count(NULL), 0);
    CHECK_INT(sh_domains_skipped(NULL), 0);
    CHECK(sh_domains_get(NULL, 0) == NULL);
    CHECK(sh_domains_match(NULL, sh_str_from("webex.com")) == NULL);
}

static void test_limits(void)
{
    GString *g = g_string_new(NULL);
    sh_domains *d;
    char label[64];

    /* 253 characters is the longest name; 254 is skipped. A label holds at
     * most 63 characters. */
    memset(label, 'a', 63);
    label[63] = '\0';
    g_string_printf(g, "%s.%s.%s.%s", label, label, label, "a123456789012345678901234567890123456789012345678901234567890");
    CHECK_INT(g->len, 253);
    d = sh_domains_new(g->str);
    CHECK_INT(sh_domains_count(d), 1);
    CHECK_STR(sh_str_from(match(d, g->str)), g->str);
    sh_domains_free(d);
    g_string_append_c(g, 'b');
    d = sh_domains_new(g->str);
    CHECK_INT(sh_domains_count(d), 0);
    CHECK_INT(sh_domains_skipped(d), 1);
    sh_domains_free(d);

    g_string_printf(g, "%sa.com", label);
    d = sh_domains_new(g->str);
    CHECK_INT(sh_domains_count(d), 0);
    sh_domains_free(d);

    /* At most SH_DOMAINS_MAX entries; the rest are skipped. */
    g_string_truncate(g, 0);
    for (int i = 0; i < SH_DOMAINS_MAX + 10; i++)
        g_string_append_printf(g, "d%d.example, ", i);
    d = sh_domains_new(g->str);
    CHECK_INT(sh_domains_count(d), SH_DOMAINS_MAX);
    CHECK_INT(sh_domains_skipped(d), 10);
    CHECK(match(d, "x.d0.example") != NULL);
    CHECK(match(d, "x.d63.example") != NULL);
    CHECK(match(d, "x.d64.example") == NULL);
    sh_domains_free(d);

    /* Duplicates are dropped without counting as skipped. */
    d = sh_domains_new("webex.com, WEBEX.COM, *.webex.com");
    CHECK_INT(sh_domains_count(d), 1);
    CHECK_INT(sh_domains_skipped(d), 0);
    sh_domains_free(d);

    g_string_free(g, TRUE);
}

static void test_hostile_hosts(void)
{
    static const char nul[] = "a.webex\0com";
    static const char nul2[] = "a\0.webex.com";
    sh_domains *d = sh_domains_new(SH_DEFAULT_EO_DOMAINS);
    GString *g = g_string_new(NULL);

    CHECK(sh_domains_match(d, sh_str_make(nul, sizeof nul - 1)) == NULL);
    /* A NUL in a label before the match is just a byte. */
    CHECK(sh_domains_match(d, sh_str_make(nul2, sizeof nul2 - 1)) != NULL);
    /* Bounded by the view: "webex.com" cut to "webex.co". */
    CHECK(sh_domains_match(d, sh_str_make("a.webex.com", 10)) == NULL);
    CHECK(sh_domains_match(d, sh_str_make("a.webex.com.evil", 11)) != NULL);

    for (int i = 0; i < 1024 * 1024; i++)
        g_string_append_c(g, 'a');
    g_string_append(g, ".webex.com");
    CHECK(sh_domains_match(d, sh_str_make(g->str, g->len)) != NULL);
    g_string_free(g, TRUE);

    /* A huge preference string. */
    g = g_string_new(NULL);
    for (int i = 0; i < 1024 * 1024; i++)
        g_string_append_c(g, i % 3 ? 'x' : ',');
    sh_domains_free(d);
    d = sh_domains_new(g->str);
    CHECK_INT(sh_domains_count(d), 1);       /* "xx" once; duplicates dropped */
    g_string_free(g, TRUE);
    sh_domains_free(d);
}

int main(void)
{
    test_default_list();
    test_list_parsing();
    test_limits();
    test_hostile_hosts();
    return check_report();
}
