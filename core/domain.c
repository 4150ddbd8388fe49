/* domain.c - match hosts against the early-offer domain list (domain.h).
 *
 * The list is parsed once, when the preference changes; lookups run per
 * INVITE, so they compare in place: no allocation, at most one suffix
 * comparison per entry.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "siphop/domain.h"

#include <glib.h>

#include "siphop/ipaddr.h"

struct sh_domains {
    unsigned count;
    unsigned skipped;
    char *entry[SH_DOMAINS_MAX];     /* lower-case, no leading "*." or '.' */
    size_t len[SH_DOMAINS_MAX];
};

static bool is_separator(char c)
{
    return c == ',' || c == ';' || sh_is_lws(c);
}

/* The last label of a dotted name, e.g. "com" of "webex.com". */
static sh_str last_label(sh_str s)
{
    size_t i = s.len;
    while (i > 0 && s.ptr[i - 1] != '.')
        i--;
    return sh_str_make(s.ptr + i, s.len - i);
}

/* A name whose last label is numeric is an IPv4 address (or a typo of
 * one): no top-level domain is all digits. */
static bool looks_like_ipv4(sh_str s)
{
    sh_str l = last_label(s);
    return sh_all_digits(l.ptr, l.len);
}

/* A list entry is a DNS name: labels of 1..63 letters, digits, '-' or '_'
 * (SRV-style names), separated by single dots, and not an IP address. */
static bool valid_entry(sh_str s)
{
    size_t label = 0;

    if (s.len == 0 || s.len > SH_DOMAIN_MAX_LEN)
        return false;
    for (size_t i = 0; i < s.len; i++) {
        char c = s.ptr[i];
        if (c == '.') {
            if (label == 0)
                return false;   /* empty label: "a..b" */
            label = 0;
        } else if (g_ascii_isalnum(c) || c == '-' || c == '_') {
            if (++label > 63)
                return false;
        } else {
            return false;
        }
    }
    return label > 0 && !looks_like_ipv4(s);
}

/* Lower-case and normalise one entry, then keep it if valid and new. */
static void add_entry(sh_domains *d, sh_str s)
{
    if (sh_str_iprefix(s, "*."))
        s = sh_str_make(s.ptr + 2, s.len - 2);
    else if (sh_str_iprefix(s, "."))
        s = sh_str_make(s.ptr + 1, s.len - 1);
    if (s.len && s.ptr[s.len - 1] == '.')
        s.len--;

    if (!valid_entry(s) || d->count == SH_DOMAINS_MAX) {
        d->skipped++;
        return;
    }
    for (unsigned i = 0; i < d->count; i++)
        if (d->len[i] == s.len && sh_ascii_ieq_n(d->entry[i], s.ptr, s.len))
            return;             /* a duplicate is harmless: drop it quietly */

    d->entry[d->count] = g_ascii_strdown(s.ptr, (gssize)s.len);
    d->len[d->count] = s.len;
    d->count++;
}

sh_domains *sh_domains_new(const char *list)
{
    sh_domains *d = g_new0(sh_domains, 1);
    const char *p = list ? list : "";

    while (*p) {
        const char *start;
        while (*p && is_separator(*p))
            p++;
        start = p;
        while (*p && !is_separator(*p))
            p++;
        if (p > start)
            add_entry(d, sh_str_make(start, (size_t)(p - start)));
    }
    return d;
}

void sh_domains_free(sh_domains *d)
{
    if (d == NULL)
        return;
    for (unsigned i = 0; i < d->count; i++)
        g_free(d->entry[i]);
    g_free(d);
}

unsigned sh_domains_count(const sh_domains *d)
{
    return d ? d->count : 0;
}

unsigned sh_domains_skipped(const sh_domains *d)
{
    return d ? d->skipped : 0;
}

const char *sh_domains_get(const sh_domains *d, unsigned i)
{
    return d && i < d->count ? d->entry[i] : NULL;
}

/* An address, not a name: an IP literal ("::1", "1.2.3.4": sh_ip_parse),
 * a bracketed IPv6 reference ("[::1]", "[2001:db8::1]:5061"), or anything
 * else holding a ':' (a zone, a port), which no DNS name does. A numeric
 * last label that is no address ("1.2.3.999") needs no test: no entry ends
 * in one (valid_entry), so it cannot match. */
static bool is_address(sh_str host)
{
    uint8_t b[16];
    return host.ptr[0] == '[' || memchr(host.ptr, ':', host.len) != NULL ||
           sh_ip_parse(host.ptr, host.len, b) != 0;
}

const char *sh_domains_match(const sh_domains *d, sh_str host)
{
    if (d == NULL)
        return NULL;
    host = sh_str_trim(host);
    if (host.len && host.ptr[host.len - 1] == '.')
        host.len--;                   /* "company.webex.com." is absolute */
    if (host.len == 0 || is_address(host))
        return NULL;

    for (unsigned i = 0; i < d->count; i++) {
        size_t n = d->len[i];
        const char *tail;

        if (host.len < n)
            continue;
        tail = host.ptr + host.len - n;
        /* Whole labels only: equal, or a '.' right before the suffix. */
        if (host.len > n && tail[-1] != '.')
            continue;
        if (sh_ascii_ieq_n(tail, d->entry[i], n))
            return d->entry[i];
    }
    return NULL;
}
