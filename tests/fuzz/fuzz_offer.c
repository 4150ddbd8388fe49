/* fuzz_offer.c - libFuzzer target for sh_body_has_sdp (multipart scanning).
 *
 * Input: one flag byte (bit 0: has Content-Length, bits 1-7: its value),
 * the Content-Type line, a newline, then the body.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude \
 *     $(pkg-config --cflags glib-2.0) tests/fuzz/fuzz_offer.c \
 *     core/offer.c core/strview.c core/hash.c \
 *     $(pkg-config --libs glib-2.0) -o fuzz_offer
 *   ./fuzz_offer tests/fuzz/corpus/offer
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <string.h>

#include "siphop/offer.h"

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sh_body_info b;
    const char *p, *nl;
    size_t rest;
    bool sdp;

    if (size < 1)
        return 0;
    memset(&b, 0, sizeof b);
    b.has_content_length = data[0] & 1;
    p = (const char *)data + 1;
    rest = size - 1;
    nl = memchr(p, '\n', rest);
    b.content_type = sh_str_make(p, nl ? (size_t)(nl - p) : rest);
    b.body = nl ? sh_str_make(nl + 1, rest - b.content_type.len - 1) : SH_STR_NULL;
    /* A Content-Length of 0x7f means "the whole body". */
    b.content_length = (data[0] >> 1) == 0x7f ? (uint32_t)b.body.len : data[0] >> 1;

    sdp = sh_body_has_sdp(&b);
    if (b.has_content_length && b.content_length == 0)
        FUZZ_ASSERT(!sdp);
    b.sdp_dissected = true;
    FUZZ_ASSERT(sh_body_has_sdp(&b));
    return 0;
}
