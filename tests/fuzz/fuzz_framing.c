/* fuzz_framing.c - libFuzzer target for sh_message_length (framing.h).
 *
 * Input: the bytes of a TCP segment's worth of SIP, as the adapter hands
 * them over (possibly several messages, a cut one, or garbage).
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude \
 *     $(pkg-config --cflags glib-2.0) tests/fuzz/fuzz_framing.c \
 *     core/framing.c core/sipheaders.c core/strview.c core/hash.c \
 *     $(pkg-config --libs glib-2.0) -o fuzz_framing
 *   ./fuzz_framing scratch/ tests/fuzz/corpus/framing
 */
#include <stdint.h>
#include <string.h>

#include "siphop/framing.h"

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sh_str in = sh_str_make((const char *)data, size);
    size_t n = sh_message_length(in), again, off = 0, msgs = 0;

    /* Never beyond the bytes; never empty unless they are. */
    FUZZ_ASSERT(n <= size);
    FUZZ_ASSERT(size == 0 || n > 0);

    /* A message cut at its own length frames the same: the length only
     * depends on its headers and body, not on what follows. */
    again = sh_message_length(sh_str_make(in.ptr, n));
    FUZZ_ASSERT(again == n);

    /* The adapter's walk over a segment: every step makes progress. */
    while (off < size) {
        size_t k = sh_message_length(sh_str_make(in.ptr + off, size - off));
        FUZZ_ASSERT(k > 0 && k <= size - off);
        off += k;
        msgs++;
    }
    FUZZ_ASSERT(off == size && msgs <= size);
    return 0;
}
