/* fuzz_via.c - libFuzzer target for sh_via_parse_list and its helpers.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude \
 *     $(pkg-config --cflags glib-2.0) tests/fuzz/fuzz_via.c core/via.c \
 *     core/strview.c core/hash.c $(pkg-config --libs glib-2.0) -o fuzz_via
 *   ./fuzz_via tests/fuzz/corpus/via
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <string.h>

#include "siphop/via.h"

#include "fuzz_check.h"

#define MAX_VIAS 8

static void check_via(const sh_via *v, sh_str in)
{
    char buf[32];
    const char *s;

    FUZZ_ASSERT(v->raw.len > 0 && fuzz_inside(v->raw, in) && fuzz_trimmed(v->raw));
    FUZZ_ASSERT(fuzz_inside(v->transport, in));
    FUZZ_ASSERT(fuzz_inside(v->host, in));
    FUZZ_ASSERT(fuzz_inside(v->branch, in));
    FUZZ_ASSERT(fuzz_inside(v->received, in));
    FUZZ_ASSERT(fuzz_inside(v->rport, in));
    FUZZ_ASSERT(fuzz_inside(v->maddr, in));
    FUZZ_ASSERT(fuzz_inside(v->proxy_call_id, in));
    FUZZ_ASSERT(fuzz_inside(v->ingress_zone, in));
    FUZZ_ASSERT(fuzz_inside(v->egress_zone, in));
    FUZZ_ASSERT(fuzz_inside(v->local_service, in));
    FUZZ_ASSERT(v->port <= 65535);
    FUZZ_ASSERT(v->rport.len == 0 || v->has_rport);

    /* The parts come from this Via's own text, not a neighbour's. */
    FUZZ_ASSERT(fuzz_inside(v->host, v->raw));
    FUZZ_ASSERT(fuzz_inside(v->branch, v->raw));

    if (sh_via_branch_is_rfc3261(v))
        FUZZ_ASSERT(v->branch.len > 7 && memcmp(v->branch.ptr, SH_BRANCH_COOKIE, 7) == 0);

    s = sh_via_sent_by(v, buf, sizeof buf);
    FUZZ_ASSERT(s == buf && memchr(buf, '\0', sizeof buf) != NULL);
}

static bool same_view(sh_str a, sh_str b)
{
    return a.len == b.len && (a.len == 0 || a.ptr == b.ptr);
}

/* Field by field: memcmp would also compare padding. */
static bool same_via(const sh_via *a, const sh_via *b)
{
    return same_view(a->raw, b->raw) && same_view(a->transport, b->transport) &&
           same_view(a->host, b->host) && a->port == b->port &&
           same_view(a->branch, b->branch) && same_view(a->received, b->received) &&
           same_view(a->rport, b->rport) && a->has_rport == b->has_rport &&
           same_view(a->maddr, b->maddr) && same_view(a->proxy_call_id, b->proxy_call_id) &&
           same_view(a->ingress_zone, b->ingress_zone) &&
           same_view(a->egress_zone, b->egress_zone) &&
           same_view(a->local_service, b->local_service);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sh_str in = sh_str_make((const char *)data, size);
    sh_via v[MAX_VIAS], first;
    size_t total = 0, total2 = 99, n;

    n = sh_via_parse_list(in, v, MAX_VIAS, &total);
    FUZZ_ASSERT(n <= MAX_VIAS && n <= total && total <= size);
    FUZZ_ASSERT(n == (total < MAX_VIAS ? total : MAX_VIAS));
    for (size_t i = 0; i < n; i++)
        check_via(&v[i], in);

    /* Counting alone gives the same total; a smaller max the same first. */
    FUZZ_ASSERT(sh_via_parse_list(in, NULL, 5, &total2) == 0 && total2 == total);
    if (n > 0) {
        FUZZ_ASSERT(sh_via_parse_list(in, &first, 1, NULL) == 1);
        FUZZ_ASSERT(same_via(&first, &v[0]));
    }
    return 0;
}
