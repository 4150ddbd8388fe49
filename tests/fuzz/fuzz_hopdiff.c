/* fuzz_hopdiff.c - libFuzzer target for the INVITE shapes and their
 * difference (hopdiff.h).
 *
 * Input: one separator byte, then the previous hop's INVITE, the separator,
 * and this hop's INVITE (no separator: the second message is empty). The
 * text must be NUL-terminated printable ASCII of at most SH_TEXT_FIT bytes
 * (and of the buffer), the same for a shape built twice from the same
 * bytes, empty for a shape against itself; a short buffer gets a prefix of
 * the whole text or a cut one ending in "..."; shapes stay within their
 * documented size.
 *
 *   CC=clang cmake -S . -B build-fuzz -DSIPHOP_FUZZ=ON -DSIPHOP_BUILD_PLUGIN=OFF
 *   cmake --build build-fuzz --target fuzz_hopdiff
 *   bash tests/fuzz/run-fuzz.sh build-fuzz/tests/fuzz/fuzz_hopdiff tests/fuzz/corpus/hopdiff 60 8192
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <string.h>

#include "siphop/hopdiff.h"

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SHAPE_MAX (48 + SH_HOPSHAPE_URI_SHOWN + SH_HOPSHAPE_MAX_NAMES * (1 + SH_HOPSHAPE_NAME_KEPT))

static void check_text(const char *t, size_t size)
{
    size_t n = strnlen(t, size);

    FUZZ_ASSERT(n < size);
    FUZZ_ASSERT(n <= SH_TEXT_FIT);
    for (size_t i = 0; i < n; i++)
        FUZZ_ASSERT(t[i] >= 0x20 && t[i] < 0x7f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p, *sep;
    sh_str up, down;
    sh_hopshape *a, *b, *b2;
    char whole[SH_TEXT_FIT + 16], part[SH_TEXT_FIT + 16], again[SH_TEXT_FIT + 16];
    size_t small, n;

    if (size < 1)
        return 0;
    p = (const char *)data + 1;
    sep = memchr(p, data[0], size - 1);
    up = sh_str_make(p, sep ? (size_t)(sep - p) : size - 1);
    down = sep ? sh_str_make(sep + 1, size - 1 - up.len - 1) : SH_STR_NULL;

    a = sh_hopshape_new(up);
    b = sh_hopshape_new(down);
    b2 = sh_hopshape_new(down);
    FUZZ_ASSERT(a && b && b2);
    FUZZ_ASSERT(sh_hopshape_size(a) >= 48 && sh_hopshape_size(a) <= SHAPE_MAX);
    FUZZ_ASSERT(sh_hopshape_size(b) >= 48 && sh_hopshape_size(b) <= SHAPE_MAX);
    FUZZ_ASSERT(sh_hopshape_size(b) == sh_hopshape_size(b2));

    FUZZ_ASSERT(sh_hopshape_diff(a, b, whole, sizeof whole) == whole);
    check_text(whole, sizeof whole);
    check_text(sh_hopshape_diff(b, a, again, sizeof again), sizeof again);

    /* Deterministic, and nothing changed between equal shapes. */
    FUZZ_ASSERT(strcmp(sh_hopshape_diff(a, b2, again, sizeof again), whole) == 0);
    FUZZ_ASSERT(sh_hopshape_diff(a, a, again, sizeof again)[0] == '\0');
    FUZZ_ASSERT(sh_hopshape_diff(b, b2, again, sizeof again)[0] == '\0');

    /* A short buffer: the whole text when it fits, else a cut ending in
     * "..." (below 4 bytes: a plain prefix) whose kept part is a prefix. */
    small = (size_t)data[0] % (SH_TEXT_FIT + 2);
    memset(part, 'z', sizeof part);
    sh_hopshape_diff(a, b, part, small);
    if (small == 0) {
        FUZZ_ASSERT(part[0] == 'z');
    } else {
        check_text(part, small);
        n = strlen(part);
        if (strlen(whole) < small) {
            FUZZ_ASSERT(strcmp(part, whole) == 0);
        } else if (small < 4) {
            FUZZ_ASSERT(n == small - 1 && memcmp(part, whole, n) == 0);
        } else {
            FUZZ_ASSERT(n >= 3 && memcmp(part + n - 3, "...", 3) == 0);
            FUZZ_ASSERT(memcmp(part, whole, n - 3) == 0);
        }
    }
    sh_hopshape_free(a);
    sh_hopshape_free(b);
    sh_hopshape_free(b2);
    return 0;
}
