/* fuzz_domain.c - libFuzzer target for the early-offer domain list.
 *
 * Input: the preference text, a newline, then a host to match.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude \
 *     $(pkg-config --cflags glib-2.0) tests/fuzz/fuzz_domain.c \
 *     core/domain.c core/ipaddr.c core/strview.c core/hash.c \
 *     $(pkg-config --libs glib-2.0) -o fuzz_domain
 *   ./fuzz_domain tests/fuzz/corpus/domain
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "siphop/domain.h"

#include "fuzz_check.h"

/* What sh_domains_match promises: *entry* is *host* or a whole-label
 * suffix of it, ignoring case and one trailing dot. */
static bool suffix_of(sh_str host, const char *entry)
{
    size_t n = strlen(entry);

    host = sh_str_trim(host);
    if (host.len && host.ptr[host.len - 1] == '.')
        host.len--;
    if (host.len < n || g_ascii_strncasecmp(host.ptr + host.len - n, entry, n) != 0)
        return false;
    return host.len == n || host.ptr[host.len - n - 1] == '.';
}

static void check_entries(const sh_domains *d)
{
    unsigned count = sh_domains_count(d);

    FUZZ_ASSERT(count <= SH_DOMAINS_MAX);
    FUZZ_ASSERT(sh_domains_get(d, count) == NULL);
    for (unsigned i = 0; i < count; i++) {
        const char *e = sh_domains_get(d, i);
        char buf[SH_DOMAIN_MAX_LEN + 3];
        size_t n;

        FUZZ_ASSERT(e != NULL);
        n = strlen(e);
        FUZZ_ASSERT(n > 0 && n <= SH_DOMAIN_MAX_LEN);
        for (size_t k = 0; k < n; k++)
            FUZZ_ASSERT(!g_ascii_isupper(e[k]) && e[k] != ',' && e[k] != ';' && !fuzz_is_lws(e[k]));
        FUZZ_ASSERT(e[0] != '.' && e[n - 1] != '.');

        /* Every entry matches itself and its subdomains. */
        FUZZ_ASSERT(sh_domains_match(d, sh_str_from(e)) != NULL);
        g_snprintf(buf, sizeof buf, "x.%s", e);
        FUZZ_ASSERT(sh_domains_match(d, sh_str_from(buf)) != NULL);
        /* "xwebex.com" is not under webex.com (it may be under another entry). */
        g_snprintf(buf, sizeof buf, "x%s", e);
        FUZZ_ASSERT(sh_domains_match(d, sh_str_from(buf)) != e);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *nl = memchr(data, '\n', size);
    size_t list_len = nl ? (size_t)(nl - (const char *)data) : size;
    char *list = g_strndup((const char *)data, list_len);  /* stops at a NUL */
    sh_str host = nl ? sh_str_make(nl + 1, size - list_len - 1) : SH_STR_NULL;
    sh_domains *d = sh_domains_new(list);
    const char *m;

    check_entries(d);
    m = sh_domains_match(d, host);
    if (m != NULL)
        FUZZ_ASSERT(suffix_of(host, m));

    sh_domains_free(d);
    g_free(list);
    return 0;
}
