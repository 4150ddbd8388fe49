/* test_ipaddr.c - addresses as text (ipaddr.h): fixed cases, then the C
 * library's inet_pton()/inet_ntop() as the reference on many generated
 * inputs (this test needs <arpa/inet.h>; the core does not). The reference
 * is glibc's: other C libraries write some IPv6 forms differently (musl has
 * no ::a.b.c.d), so elsewhere only the fixed cases run.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <arpa/inet.h>
#include <string.h>

#include "siphop/ipaddr.h"

#include "check.h"

static int parse(const char *s, uint8_t out[16])
{
    return sh_ip_parse(s, strlen(s), out);
}

static const char *fmt(int family, const uint8_t *b)
{
    static char buf[SH_IP_TEXT_MAX];
    sh_ip_format(family, b, buf);
    return buf;
}

/* The C library's answer, in sh_ip_parse()'s terms. */
static int libc_parse(const char *s, uint8_t out[16])
{
    if (inet_pton(AF_INET, s, out) == 1)
        return 4;
    if (inet_pton(AF_INET6, s, out) == 1)
        return 6;
    return 0;
}

static void test_fixed(void)
{
    uint8_t b[16];

    CHECK_INT(parse("192.0.2.1", b), 4);
    CHECK(b[0] == 192 && b[1] == 0 && b[2] == 2 && b[3] == 1);
    CHECK_INT(parse("0.0.0.0", b), 4);
    CHECK_INT(parse("255.255.255.255", b), 4);
    CHECK_INT(parse("256.0.0.1", b), 0);
    CHECK_INT(parse("01.2.3.4", b), 0);       /* leading zero */
    CHECK_INT(parse("1.2.3", b), 0);
    CHECK_INT(parse("1.2.3.4.", b), 0);
    CHECK_INT(parse("1.2.3.4.5", b), 0);
    CHECK_INT(parse(" 1.2.3.4", b), 0);
    CHECK_INT(parse("", b), 0);
    CHECK_INT(sh_ip_parse(NULL, 0, b), 0);
    CHECK_INT(sh_ip_parse("10.0.0.1junk", 8, b), 4);   /* only text[0..len) */

    CHECK_INT(parse("::", b), 6);
    CHECK_INT(parse("::1", b), 6);
    CHECK(b[15] == 1 && b[0] == 0);
    CHECK_INT(parse("2001:DB8::1", b), 6);
    CHECK(b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8 && b[15] == 1);
    CHECK_INT(parse("::ffff:192.0.2.1", b), 6);
    CHECK(b[10] == 0xff && b[11] == 0xff && b[12] == 192 && b[15] == 1);
    CHECK_INT(parse("1:2:3:4:5:6:7:8", b), 6);
    CHECK_INT(parse("1:2:3:4:5:6:7::8", b), 0);   /* "::" for no group */
    CHECK_INT(parse("1:2:3:4:5:6:7:8:9", b), 0);
    CHECK_INT(parse(":1::2", b), 0);
    CHECK_INT(parse("1::2::3", b), 0);
    CHECK_INT(parse("1:", b), 0);
    CHECK_INT(parse("12345::", b), 0);
    CHECK_INT(parse("fe80::1%eth0", b), 0);     /* zones are the caller's */

    static const uint8_t v4[4] = { 10, 0, 0, 254 };
    CHECK(strcmp(fmt(4, v4), "10.0.0.254") == 0);
    static const uint8_t any[16] = { 0 };
    CHECK(strcmp(fmt(6, any), "::") == 0);
    static const uint8_t mapped[16] = { [10] = 0xff, [11] = 0xff, [12] = 192, [13] = 0, [14] = 2, [15] = 1 };
    CHECK(strcmp(fmt(6, mapped), "::ffff:192.0.2.1") == 0);
    static const uint8_t doc[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
    CHECK(strcmp(fmt(6, doc), "2001:db8::1") == 0);
    static const uint8_t one_zero[16] = { 0, 1, 0, 0, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7 };
    CHECK(strcmp(fmt(6, one_zero), "1:0:2:3:4:5:6:7") == 0);
}

/* A small deterministic generator (xorshift). */
static uint32_t rng = 2463534242u;
static uint32_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

/* Texts close to addresses: pieces of valid ones, digits, hex, ':' and '.'. */
/* An address as logged or typed (logframe.c, siphop-import --cucm-ip): up
 * to a '%' (an IPv6 zone) or a NUL. */
static void test_zoned(void)
{
    uint8_t b[16], want[16];
    char longz[200];

    CHECK_INT(sh_ip_parse_zoned("fe80::1%eth0", 12, b), 6);
    CHECK_INT(parse("fe80::1", want), 6);
    CHECK(memcmp(b, want, 16) == 0);
    CHECK_INT(sh_ip_parse_zoned("10.0.0.1%x", 10, b), 4);        /* any family */
    CHECK(b[0] == 10 && b[3] == 1);
    CHECK_INT(sh_ip_parse_zoned("10.0.0.1", 8, b), 4);
    CHECK_INT(sh_ip_parse_zoned("10.0.0.1\0junk", 13, b), 4);     /* a C string: stops at its NUL */
    CHECK_INT(sh_ip_parse_zoned("10.0.0.1junk", 8, b), 4);       /* and at len */
    CHECK_INT(sh_ip_parse_zoned("10.0.0.1junk", 12, b), 0);
    CHECK_INT(sh_ip_parse_zoned("%eth0", 5, b), 0);
    CHECK_INT(sh_ip_parse_zoned("", 0, b), 0);
    CHECK_INT(sh_ip_parse_zoned(NULL, 0, b), 0);
    CHECK_INT(sh_ip_parse_zoned("fe80::1 %eth0", 13, b), 0);     /* nothing trimmed */
    CHECK_INT(sh_ip_parse_zoned("webex.com%1", 11, b), 0);
    /* A long zone, and a long text before one, as the copies it replaces
     * (at most 63 bytes before the '%'; no address is longer than 45). */
    memset(longz, 'z', sizeof longz);
    memcpy(longz, "::1%", 4);
    CHECK_INT(sh_ip_parse_zoned(longz, sizeof longz, b), 6);
    memset(longz, '1', sizeof longz);
    longz[150] = '%';
    CHECK_INT(sh_ip_parse_zoned(longz, sizeof longz, b), 0);
}

/* The IPv4 form against printf, every value in every position (it is
 * written by hand, for the plugin's endpoints). */
static void test_format_v4(void)
{
    char got[16], want[16];
    unsigned bad = 0;

    for (unsigned v = 0; v < 256; v++) {
        for (int at = 0; at < 4; at++) {
            uint8_t b[4] = { 1, 2, 3, 4 };
            b[at] = (uint8_t)v;
            size_t n = sh_ip_format_v4(b, got);
            snprintf(want, sizeof want, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
            bad += strcmp(got, want) != 0 || n != strlen(want);
        }
    }
    CHECK_INT(bad, 0);
    CHECK_INT(sh_ip_format_v4((const uint8_t[4]){ 255, 255, 255, 255 }, got), 15);
    CHECK(strcmp(got, "255.255.255.255") == 0);
    CHECK(strcmp(fmt(4, (const uint8_t[4]){ 0, 0, 0, 0 }), "0.0.0.0") == 0);
}

static void make_text(char *s, size_t cap)
{
    static const char *const pieces[] = {
        "0", "1", "9", "00", "01", "10", "99", "255", "256", "1000", "a", "F", "ffff", "fffff",
        "db8", "0000", ":", "::", ":::", ".", "..", "1.2.3.4", "192.0.2.1", "::ffff:", "%", "g", " ",
    };
    size_t n = 0, parts = 1 + next() % 12;
    for (size_t i = 0; i < parts; i++) {
        const char *p = pieces[next() % (sizeof pieces / sizeof *pieces)];
        size_t k = strlen(p);
        if (n + k + 1 > cap)
            break;
        memcpy(s + n, p, k);
        n += k;
    }
    s[n] = '\0';
}

static void test_against_libc_parse(void)
{
    char s[64];
    unsigned differ = 0, valid = 0;
    for (int i = 0; i < 400000; i++) {
        uint8_t a[16] = { 0 }, b[16] = { 0 };
        make_text(s, sizeof s);
        int want = libc_parse(s, b);
        int got = parse(s, a);
        valid += want != 0;
        if (got != want || (want && memcmp(a, b, want == 4 ? 4 : 16) != 0)) {
            if (differ++ < 10)
                fprintf(stderr, "parse(\"%s\"): %d, inet_pton: %d\n", s, got, want);
        }
    }
    CHECK_INT(differ, 0);
    CHECK(valid > 1000);   /* the generator does reach valid addresses */
}

static void test_against_libc_format(void)
{
    unsigned differ = 0;
    for (int i = 0; i < 400000; i++) {
        uint8_t b[16];
        char want[INET6_ADDRSTRLEN];
        /* Groups of 0 often, so that runs of every length and position appear. */
        for (int g = 0; g < 8; g++) {
            uint32_t r = next();
            unsigned w = r % 3 == 0 ? 0 : r % 7 == 0 ? 0xffff : (r >> 8) & (r % 2 ? 0xff : 0xffff);
            b[2 * g] = (uint8_t)(w >> 8);
            b[2 * g + 1] = (uint8_t)w;
        }
        inet_ntop(AF_INET6, b, want, sizeof want);
        if (strcmp(fmt(6, b), want) != 0 && differ++ < 10)
            fprintf(stderr, "format: %s, inet_ntop: %s\n", fmt(6, b), want);
        inet_ntop(AF_INET, b, want, sizeof want);
        if (strcmp(fmt(4, b), want) != 0 && differ++ < 10)
            fprintf(stderr, "format v4: %s, inet_ntop: %s\n", fmt(4, b), want);
    }
    CHECK_INT(differ, 0);
}

int main(void)
{
    test_fixed();
    test_zoned();
    test_format_v4();
#ifdef __GLIBC__
    test_against_libc_parse();
    test_against_libc_format();
#else
    printf("not glibc: the comparison with inet_pton/inet_ntop skipped\n");
#endif
    return check_report();
}
