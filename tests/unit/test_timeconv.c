/* test_timeconv.c - sh_time_ns: exact inside int64, saturated outside.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>

#include "siphop/timeconv.h"

#include "check.h"

static void test_exact(void)
{
    CHECK_INT(sh_time_ns(0, 0), 0);
    CHECK_INT(sh_time_ns(1679105196, 123456789), INT64_C(1679105196123456789));
    /* Before 1970, as nstime_t keeps it: -0.25 s is -1 s + 0.75 s. */
    CHECK_INT(sh_time_ns(-1, 750000000), -250000000);
    CHECK_INT(sh_time_ns(-1679105196, 999999999), INT64_C(-1679105195000000001));
    /* nsecs outside 0..999999999 are added as they are. */
    CHECK_INT(sh_time_ns(0, -1), -1);
    CHECK_INT(sh_time_ns(1, -1), 999999999);
    CHECK_INT(sh_time_ns(-1, INT32_MAX), 1147483647);
    CHECK_INT(sh_time_ns(-3, INT32_MIN), INT64_C(-5147483648));
}

static void test_edges(void)
{
    /* INT64_MAX is 9223372036 s + 854775807 ns. */
    CHECK_INT(sh_time_ns(9223372036, 854775806), INT64_MAX - 1);
    CHECK_INT(sh_time_ns(9223372036, 854775807), INT64_MAX);
    CHECK_INT(sh_time_ns(9223372036, 854775808), INT64_MAX);
    CHECK_INT(sh_time_ns(9223372037, 0), INT64_MAX);
    CHECK_INT(sh_time_ns(9223372034, INT32_MAX), INT64_C(9223372036147483647));
    CHECK_INT(sh_time_ns(9223372035, INT32_MAX), INT64_MAX);

    /* INT64_MIN is -9223372037 s + 145224192 ns: the seconds alone do not
     * fit, the sum does. */
    CHECK_INT(sh_time_ns(-9223372037, 145224192), INT64_MIN);
    CHECK_INT(sh_time_ns(-9223372037, 145224193), INT64_MIN + 1);
    CHECK_INT(sh_time_ns(-9223372037, 145224191), INT64_MIN);
    CHECK_INT(sh_time_ns(-9223372037, 999999999), INT64_C(-9223372036000000001));
    CHECK_INT(sh_time_ns(-9223372038, INT32_MAX), INT64_C(-9223372035852516353));
    CHECK_INT(sh_time_ns(-9223372036, -854775808), INT64_MIN);
    CHECK_INT(sh_time_ns(-9223372036, -854775809), INT64_MIN);

    /* Far out: the years 1600 and 2300, and the ends of time_t. */
    CHECK_INT(sh_time_ns(INT64_C(-11676096000), 0), INT64_MIN);
    CHECK_INT(sh_time_ns(INT64_C(10413792000), 0), INT64_MAX);
    CHECK_INT(sh_time_ns(INT64_MAX, 999999999), INT64_MAX);
    CHECK_INT(sh_time_ns(INT64_MIN, 0), INT64_MIN);
    CHECK_INT(sh_time_ns(INT64_MIN, INT32_MAX), INT64_MIN);
}

#ifdef __SIZEOF_INT128__
/* Against 128-bit arithmetic, around both edges and zero. */
static void test_wide(void)
{
    static const int64_t centres[] = { 0, 9223372036, -9223372037 };
    static const int32_t nss[] = { 0, 1, 145224191, 145224192, 145224193, 854775807, 854775808,
                                   999999999, -1, -999999999, INT32_MAX, INT32_MIN };
    unsigned bad = 0;

    for (size_t c = 0; c < G_N_ELEMENTS(centres); c++)
        for (int64_t d = -6; d <= 6; d++)
            for (size_t k = 0; k < G_N_ELEMENTS(nss); k++) {
                __int128 want = (__int128)(centres[c] + d) * 1000000000 + nss[k];
                if (want > INT64_MAX)
                    want = INT64_MAX;
                if (want < INT64_MIN)
                    want = INT64_MIN;
                bad += sh_time_ns(centres[c] + d, nss[k]) != (int64_t)want;
            }
    CHECK_INT(bad, 0);
}
#endif

int main(void)
{
    test_exact();
    test_edges();
#ifdef __SIZEOF_INT128__
    test_wide();
#endif
    return check_report();
}
