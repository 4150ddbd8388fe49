/* test_logtext.c - the log readers' text helpers (core/logtext.h) that
 * replaced copies in the readers: the "Mmm dd" of syslog and IOS stamps and
 * the growing input buffers, the default SIP port.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "logtext.h"

#include "check.h"

static void test_month_day(void)
{
    unsigned m = 99, d = 99;
    int64_t tod = -1;

    CHECK_INT(sh_lt_month_day(sh_str_from("Jul 16 02:30:03"), &m, &d), 7);
    CHECK(m == 7 && d == 16);
    CHECK_INT(sh_lt_month_day(sh_str_from("Jan  6 x"), &m, &d), 7);   /* space-padded */
    CHECK(m == 1 && d == 6);
    CHECK_INT(sh_lt_month_day(sh_str_from("Dec 31 "), &m, &d), 7);
    CHECK(m == 12 && d == 31);
    CHECK_INT(sh_lt_month_day(sh_str_from("Feb 1 "), &m, &d), 6);
    CHECK(m == 2 && d == 1);
    m = d = 99;
    CHECK_INT(sh_lt_month_day(sh_str_from("Jul 32 "), &m, &d), 0);
    CHECK_INT(sh_lt_month_day(sh_str_from("Jul 0 "), &m, &d), 0);
    CHECK_INT(sh_lt_month_day(sh_str_from("Jul 16"), &m, &d), 0);     /* no space after the day */
    CHECK_INT(sh_lt_month_day(sh_str_from("Jul 16x"), &m, &d), 0);
    CHECK_INT(sh_lt_month_day(sh_str_from("Jul16 "), &m, &d), 0);
    CHECK_INT(sh_lt_month_day(sh_str_from("Jux 16 "), &m, &d), 0);
    CHECK_INT(sh_lt_month_day(sh_str_from("Jul 00016 "), &m, &d), 10); /* digits, at most 31 */
    CHECK_INT(sh_lt_month_day(sh_str_from("Jul 123456789 "), &m, &d), 0);
    CHECK_INT(sh_lt_month_day(sh_str_from("Jul "), &m, &d), 0);
    CHECK_INT(sh_lt_month_day(SH_STR_NULL, &m, &d), 0);
    CHECK_INT(sh_lt_month_day(sh_str_make("Jul 16 ", 6), &m, &d), 0); /* only the view */

    m = d = 99;
    CHECK_INT(sh_lt_month_day_time(sh_str_from("Jul  6 02:30:03.123 host"), &m, &d, &tod), 19);
    CHECK(m == 7 && d == 6 && tod == ((2 * 60 + 30) * 60 + 3) * 1000 + 123);
    CHECK_INT(sh_lt_month_day_time(sh_str_from("Jul  6 02:30:03 host"), &m, &d, &tod), 15);
    m = d = 99;
    CHECK_INT(sh_lt_month_day_time(sh_str_from("Jul  6 host"), &m, &d, &tod), 0);
    CHECK(m == 99 && d == 99);   /* untouched when it is not one */
}

/* The SIP Date: header: its day is read as the syslog day is. */
static void test_http_date(void)
{
    int64_t secs = 0;

    CHECK(sh_lt_http_date(sh_str_from("Mon, 06 Jul 2015 02:30:03 GMT"), &secs) && secs == 1436149803);
    secs = 0;
    CHECK(sh_lt_http_date(sh_str_from("6 Jul 2015 02:30:03 GMT"), &secs) && secs == 1436149803);
    CHECK(sh_lt_http_date(sh_str_from("Mon,  6 Jul 2015 02:30:03 GMT"), &secs) && secs == 1436149803);
    CHECK(!sh_lt_http_date(sh_str_from("Mon, 123456 Jul 2015 02:30:03 GMT"), &secs));
    CHECK(!sh_lt_http_date(sh_str_from("Mon, Jul 2015 02:30:03 GMT"), &secs));
    CHECK(!sh_lt_http_date(sh_str_from("Mon, 06"), &secs));
}

static void test_append(void)
{
    char *buf = NULL;
    size_t len = 0, cap = 0;

    sh_lt_append(&buf, &len, &cap, 4, "", 0);       /* nothing: no buffer yet */
    CHECK(buf == NULL && len == 0 && cap == 0);
    sh_lt_append(&buf, &len, &cap, 4, "abc", 3);
    CHECK(buf != NULL && len == 3 && cap == 4 && memcmp(buf, "abc", 3) == 0);
    sh_lt_append(&buf, &len, &cap, 4, "d", 1);      /* exactly full */
    CHECK(len == 4 && cap == 4);
    sh_lt_append(&buf, &len, &cap, 4, "efghijklm", 9);   /* 13: doubled twice */
    CHECK(len == 13 && cap == 16 && memcmp(buf, "abcdefghijklm", 13) == 0);
    sh_lt_append(&buf, &len, &cap, 4, "", 0);
    CHECK(len == 13 && cap == 16);
    g_free(buf);
}

static void test_default_port(void)
{
    CHECK_INT(sh_lt_default_port(SH_TRANSPORT_UDP, false), 5060);
    CHECK_INT(sh_lt_default_port(SH_TRANSPORT_TCP, false), 5060);
    CHECK_INT(sh_lt_default_port(SH_TRANSPORT_UNKNOWN, false), 5060);
    CHECK_INT(sh_lt_default_port(SH_TRANSPORT_TLS, false), 5061);
    CHECK_INT(sh_lt_default_port(SH_TRANSPORT_TLS, true), 5061);
    CHECK_INT(sh_lt_default_port(SH_TRANSPORT_UDP, true), 5061);   /* sips: */
}

int main(void)
{
    test_month_day();
    test_http_date();
    test_append();
    test_default_port();
    return check_report();
}
