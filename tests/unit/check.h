/* check.h - a tiny assertion kit for the core's unit tests.
 *
 * Each test executable includes this once, runs its CHECKs (a failed check
 * prints file:line and goes on, so one run shows every failure) and ends
 * main with `return check_report();`, which prints "N passed, M failed" and
 * returns non-zero when anything failed.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_TEST_CHECK_H
#define SIPHOP_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

#include "siphop/strview.h"

/* 1 in an AddressSanitizer build (gcc or clang): memory figures mean
 * nothing there, its quarantine holds freed blocks. */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

static unsigned check_passed_;
static unsigned check_failed_;

static inline void check_fail_(const char *file, int line)
{
    check_failed_++;
    fprintf(stderr, "%s:%d: FAILED: ", file, line);
}

#define CHECK(cond)                                                      \
    do {                                                                 \
        if (cond) {                                                      \
            check_passed_++;                                             \
        } else {                                                         \
            check_fail_(__FILE__, __LINE__);                             \
            fprintf(stderr, "CHECK(%s)\n", #cond);                       \
        }                                                                \
    } while (0)

/* Print at most this much of a view in a failure message. */
#define CHECK_SHOW_MAX 200

static inline void check_str_(const char *file, int line, const char *expr,
                              sh_str got, const char *want)
{
    size_t n = strlen(want);
    if (got.len == n && (n == 0 || memcmp(got.ptr, want, n) == 0)) {
        check_passed_++;
        return;
    }
    check_fail_(file, line);
    fprintf(stderr, "CHECK_STR(%s): got \"%.*s\"%s (len %zu), want \"%s\"\n", expr,
            (int)(got.len < CHECK_SHOW_MAX ? got.len : CHECK_SHOW_MAX),
            got.ptr ? got.ptr : "", got.len > CHECK_SHOW_MAX ? "..." : "", got.len, want);
}

/* Exact, case-sensitive comparison of a view with a C string literal. */
#define CHECK_STR(view, lit) check_str_(__FILE__, __LINE__, #view, (view), (lit))

static inline void check_int_(const char *file, int line, const char *expr,
                              long long got, long long want)
{
    if (got == want) {
        check_passed_++;
        return;
    }
    check_fail_(file, line);
    fprintf(stderr, "CHECK_INT(%s): got %lld, want %lld\n", expr, got, want);
}

#define CHECK_INT(expr, want) \
    check_int_(__FILE__, __LINE__, #expr, (long long)(expr), (long long)(want))

static inline int check_report(void)
{
    printf("%u passed, %u failed\n", check_passed_, check_failed_);
    return check_failed_ ? 1 : 0;
}

#endif
