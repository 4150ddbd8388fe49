/* fuzz_sipheaders.c - libFuzzer target for the small header parsers:
 * Warning, Session-ID, Status-Line reason, name-addr
 * host and tag. Every parser sees the whole input.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude \
 *     $(pkg-config --cflags glib-2.0) tests/fuzz/fuzz_sipheaders.c \
 *     core/sipheaders.c core/ipaddr.c core/strview.c core/hash.c \
 *     $(pkg-config --libs glib-2.0) -o fuzz_sipheaders
 *   ./fuzz_sipheaders tests/fuzz/corpus/sipheaders
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "siphop/sipheaders.h"

#include "fuzz_check.h"

static void fuzz_warning(sh_str in)
{
    sh_warning w;

    memset(&w, 0xa5, sizeof w);
    if (sh_warning_parse(in, &w)) {
        FUZZ_ASSERT(w.code >= 100 && w.code <= 999);
        FUZZ_ASSERT(fuzz_inside(w.agent, in) && fuzz_inside(w.text, in));
        FUZZ_ASSERT(memchr(w.agent.ptr ? w.agent.ptr : "", ' ', w.agent.len) == NULL);
    } else {
        FUZZ_ASSERT(w.code == 0 && w.agent.ptr == NULL && w.agent.len == 0);
        FUZZ_ASSERT(w.text.ptr == NULL && w.text.len == 0);
    }
}

static void fuzz_session_id(sh_str in)
{
    char out[33];
    bool zero = true;

    memset(out, 'Z', sizeof out);
    if (!sh_session_id_local(in, out)) {
        FUZZ_ASSERT(out[0] == '\0');
        return;
    }
    FUZZ_ASSERT(out[32] == '\0');
    for (int i = 0; i < 32; i++) {
        FUZZ_ASSERT(g_ascii_isxdigit(out[i]) && !g_ascii_isupper(out[i]));
        zero = zero && out[i] == '0';
    }
    FUZZ_ASSERT(!zero);
}

static void fuzz_name_addr(sh_str in)
{
    sh_str host = sh_uri_host(in), tag = sh_nameaddr_tag(in), reason = sh_status_line_reason(in);

    FUZZ_ASSERT(fuzz_inside(host, in));
    FUZZ_ASSERT(fuzz_inside(tag, in));
    FUZZ_ASSERT(fuzz_inside(reason, in) && fuzz_trimmed(reason));
    FUZZ_ASSERT(reason.len == 0 || memchr(reason.ptr, '\n', reason.len) == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sh_str in = sh_str_make((const char *)data, size);

    fuzz_warning(in);
    fuzz_session_id(in);
    fuzz_name_addr(in);
    return 0;
}
