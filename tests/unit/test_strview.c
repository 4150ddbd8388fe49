/* test_strview.c - the text helpers every part of the core shares
 * (strview.h): white-space classes, digits, numbers, ports and decimal text. Each had
 * several private copies before (via.c, message.c, domain.c, logtext.c);
 * these are the cases the copies were written for.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "siphop/strview.h"

#include "check.h"

static void test_white_space(void)
{
    /* Every byte: LWS is SP, HTAB, CR, LF; WSP is SP and HTAB only. */
    for (int c = 0; c < 256; c++) {
        bool wsp = c == ' ' || c == '\t';
        bool lws = wsp || c == '\r' || c == '\n';
        CHECK(sh_is_wsp((char)c) == wsp);
        CHECK(sh_is_lws((char)c) == lws);
    }
    CHECK(!sh_is_wsp('\v') && !sh_is_lws('\v'));
    CHECK(!sh_is_wsp('\f') && !sh_is_lws('\f'));
    CHECK(!sh_is_lws((char)0xA0));   /* a no-break space is no LWS */

    CHECK_STR(sh_str_trim(sh_str_from(" \t\r\n x y \r\n")), "x y");
    CHECK_STR(sh_str_trim(sh_str_from(" \t ")), "");
}

static void test_digits(void)
{
    for (int c = 0; c < 256; c++)
        CHECK(sh_is_digit((char)c) == (c >= '0' && c <= '9'));

    CHECK(sh_all_digits("", 0));               /* nothing is all digits */
    CHECK(sh_all_digits("0123456789", 10));
    CHECK(sh_all_digits("12x", 2));            /* only n bytes are read */
    CHECK(!sh_all_digits("12x", 3));
    CHECK(!sh_all_digits(" 1", 2));
    CHECK(!sh_all_digits("-1", 2));
    CHECK(!sh_all_digits("1\0" "2", 3));       /* a NUL is just a byte */
    CHECK(!sh_all_digits("\xd9\xa1", 2));      /* ARABIC-INDIC DIGIT ONE: ASCII only */
}

static void test_to_uint(void)
{
    unsigned long v = 7;

    CHECK(sh_str_to_uint(sh_str_from("0"), 10, &v) && v == 0);
    CHECK(sh_str_to_uint(sh_str_from(" 42\t"), 100, &v) && v == 42);
    CHECK(sh_str_to_uint(sh_str_from("100"), 100, &v) && v == 100);
    v = 7;
    CHECK(!sh_str_to_uint(sh_str_from("101"), 100, &v) && v == 7);   /* untouched on failure */
    CHECK(!sh_str_to_uint(sh_str_from(""), 100, &v));
    CHECK(!sh_str_to_uint(sh_str_from("  "), 100, &v));
    CHECK(!sh_str_to_uint(sh_str_from("+1"), 100, &v));
    CHECK(!sh_str_to_uint(sh_str_from("1 2"), 100, &v));
    CHECK(!sh_str_to_uint(SH_STR_NULL, 100, &v));
}

static void test_port(void)
{
    CHECK_INT(sh_str_to_port(sh_str_from("5060")), 5060);
    CHECK_INT(sh_str_to_port(sh_str_from("1")), 1);
    CHECK_INT(sh_str_to_port(sh_str_from("65535")), 65535);
    CHECK_INT(sh_str_to_port(sh_str_from("065535")), 65535);   /* leading zeros are digits */
    CHECK_INT(sh_str_to_port(sh_str_from(" 5061\r\n")), 5061);  /* trimmed, as in a Via */
    /* 0 when absent or bad: the callers treat 0 as "no port". */
    CHECK_INT(sh_str_to_port(sh_str_from("0")), 0);
    CHECK_INT(sh_str_to_port(sh_str_from("65536")), 0);
    CHECK_INT(sh_str_to_port(sh_str_from("99999999999999999999999")), 0);
    CHECK_INT(sh_str_to_port(sh_str_from("")), 0);
    CHECK_INT(sh_str_to_port(SH_STR_NULL), 0);
    CHECK_INT(sh_str_to_port(sh_str_from("50x")), 0);
    CHECK_INT(sh_str_to_port(sh_str_from("-1")), 0);
    CHECK_INT(sh_str_to_port(sh_str_from("5060;transport=tcp")), 0);
    CHECK_INT(sh_str_to_port(sh_str_make("5060", 2)), 50);     /* the view, not the string */
}

static void test_put_decimal(void)
{
    static const unsigned values[] = { 0, 1, 9, 10, 99, 100, 255, 5060, 65535, 65536, 99999, 100000,
                                       1000000000u, 4294967295u };
    char got[16], want[16];

    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        memset(got, 'x', sizeof got);
        size_t n = sh_put_decimal(got, values[i]);
        snprintf(want, sizeof want, "%u", values[i]);
        CHECK_INT(n, strlen(want));
        CHECK(memcmp(got, want, n) == 0 && got[n] == 'x');   /* no NUL written */
    }
}

int main(void)
{
    test_white_space();
    test_digits();
    test_to_uint();
    test_port();
    test_put_decimal();
    return check_report();
}
