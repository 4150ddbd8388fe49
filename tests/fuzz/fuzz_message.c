/* fuzz_message.c - libFuzzer target for sh_msg_parse (message.h).
 *
 * Input: one SIP message's bytes as the adapter hands them over (or a
 * segment holding several, a cut one, garbage). Every view the parser
 * returns must lie inside the input and the Via counts must agree with the
 * room given; the length (framing) and whether the message is cut must
 * not depend on what follows the message, and walking a segment message
 * by message must always progress.
 *
 *   cmake -S . -B build-fuzz -DSIPHOP_FUZZ=ON -DSIPHOP_BUILD_PLUGIN=OFF \
 *         -DCMAKE_C_COMPILER=clang && cmake --build build-fuzz
 *   build-fuzz/tests/fuzz/fuzz_message scratch/ tests/fuzz/corpus/message
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "siphop/message.h"

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sh_str in = sh_str_make((const char *)data, size);
    sh_msg m;
    sh_body_info body;
    sh_via vias[4];
    size_t n;

    n = sh_msg_parse(in, &m, vias, G_N_ELEMENTS(vias), &body);

    FUZZ_ASSERT(n <= size);
    FUZZ_ASSERT(size == 0 || n > 0);
    FUZZ_ASSERT(m.vias == vias && m.n_vias <= G_N_ELEMENTS(vias) && m.n_vias <= m.via_total);
    FUZZ_ASSERT(m.via_total <= size);
    for (size_t i = 0; i < m.n_vias; i++) {
        FUZZ_ASSERT(fuzz_inside(vias[i].raw, in) && fuzz_inside(vias[i].host, in));
        FUZZ_ASSERT(fuzz_inside(vias[i].branch, in));
    }
    FUZZ_ASSERT(fuzz_inside(m.method, in) && fuzz_inside(m.reason, in));
    FUZZ_ASSERT(fuzz_inside(m.call_id, in) && fuzz_inside(m.cseq_method, in));
    FUZZ_ASSERT(fuzz_inside(m.from_tag, in) && fuzz_inside(m.to_tag, in));
    FUZZ_ASSERT(fuzz_inside(m.ruri_host, in) && fuzz_inside(m.to_host, in));
    FUZZ_ASSERT(fuzz_inside(m.session_id, in) && fuzz_inside(m.cisco_guid, in));
    FUZZ_ASSERT(fuzz_inside(m.x_call_id, in) && fuzz_inside(m.warning, in));
    FUZZ_ASSERT(fuzz_inside(m.server, in) && fuzz_inside(body.content_type, in));
    FUZZ_ASSERT(fuzz_inside(body.body, in));
    FUZZ_ASSERT(fuzz_trimmed(m.call_id) && fuzz_trimmed(m.warning));
    FUZZ_ASSERT(m.is_request || m.status == 0 || (m.status >= 100 && m.status <= 699));
    /* The body, when there is one, ends where the message does. */
    FUZZ_ASSERT(body.body.len == 0 || body.body.ptr + body.body.len == in.ptr + n);
    /* A cut message runs to the end of the input; a whole one with
     * Content-Length has all of its body. */
    FUZZ_ASSERT(!m.body_cut || n == size);
    FUZZ_ASSERT(m.body_cut || !body.has_content_length || body.body.len == body.content_length);

    /* Without room for Vias the rest is the same and they are still counted. */
    {
        sh_msg m2;
        sh_body_info b2;
        FUZZ_ASSERT(sh_msg_parse(in, &m2, NULL, 0, &b2) == n);
        FUZZ_ASSERT(m2.n_vias == 0 && m2.via_total == m.via_total);
        FUZZ_ASSERT(m2.call_id.ptr == m.call_id.ptr && m2.call_id.len == m.call_id.len);

        /* Cut at its own length it frames the same: the length depends on
         * the message's headers and body only, not on what follows. */
        FUZZ_ASSERT(sh_msg_parse(sh_str_make(in.ptr, n), &m2, NULL, 0, &b2) == n);
        FUZZ_ASSERT(m2.body_cut == m.body_cut);
    }

    /* The adapter's walk over a segment: every step makes progress. */
    {
        size_t off = 0, msgs = 0;
        while (off < size) {
            size_t k = sh_msg_parse(sh_str_make(in.ptr + off, size - off), &m, NULL, 0, &body);
            FUZZ_ASSERT(k > 0 && k <= size - off);
            off += k;
            msgs++;
        }
        FUZZ_ASSERT(off == size && msgs <= size);
    }
    return 0;
}
