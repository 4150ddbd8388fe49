/* fuzz_check.h - invariants the fuzz targets assert on every input.
 *
 * A crash is only half of what a fuzzer finds: these checks also turn a
 * returned view pointing outside the input, or a broken documented promise,
 * into an abort() that libFuzzer reports with the input that caused it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_FUZZ_CHECK_H
#define SIPHOP_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#include "siphop/strview.h"

#define FUZZ_ASSERT(cond)                                                    \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__,       \
                    __LINE__, #cond);                                        \
            abort();                                                         \
        }                                                                    \
    } while (0)

/* An empty view may point anywhere (or nowhere); a non-empty one must lie
 * within the input. */
static inline int fuzz_inside(sh_str v, sh_str in)
{
    return v.len == 0 ||
           (v.ptr >= in.ptr && v.len <= in.len && v.ptr - in.ptr <= (ptrdiff_t)(in.len - v.len));
}

static inline int fuzz_is_lws(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* No white space at either end. */
static inline int fuzz_trimmed(sh_str v)
{
    return v.len == 0 || (!fuzz_is_lws(v.ptr[0]) && !fuzz_is_lws(v.ptr[v.len - 1]));
}

#endif
