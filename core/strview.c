/* strview.c - helpers for borrowed text views. */
#include "siphop/strview.h"

#include <glib.h>

static bool is_lws(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

sh_str sh_str_trim(sh_str s)
{
    while (s.len && is_lws(s.ptr[0])) {
        s.ptr++;
        s.len--;
    }
    while (s.len && is_lws(s.ptr[s.len - 1]))
        s.len--;
    return s;
}

bool sh_str_ieq(sh_str s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len == n && (n == 0 || g_ascii_strncasecmp(s.ptr, lit, n) == 0);
}

bool sh_str_iprefix(sh_str s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len >= n && (n == 0 || g_ascii_strncasecmp(s.ptr, lit, n) == 0);
}

bool sh_str_eq(sh_str a, sh_str b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

bool sh_str_to_uint(sh_str s, unsigned long max, unsigned long *out)
{
    unsigned long v = 0;

    s = sh_str_trim(s);
    if (s.len == 0)
        return false;
    for (size_t i = 0; i < s.len; i++) {
        unsigned d;
        if (!g_ascii_isdigit(s.ptr[i]))
            return false;
        d = (unsigned)(s.ptr[i] - '0');
        if (v > (max - d) / 10)
            return false;
        v = v * 10 + d;
    }
    *out = v;
    return true;
}

sh_str sh_str_slice(sh_str s, size_t from, size_t to)
{
    if (to > s.len)
        to = s.len;
    if (from >= to)
        return sh_str_make(s.ptr ? s.ptr + MIN(from, s.len) : NULL, 0);
    return sh_str_make(s.ptr + from, to - from);
}

sh_str sh_str_next_line(sh_str s, size_t *pos)
{
    size_t start = *pos, stop;
    const char *lf = start < s.len ? memchr(s.ptr + start, '\n', s.len - start) : NULL;

    stop = lf ? (size_t)(lf - s.ptr) : s.len;
    *pos = lf ? stop + 1 : s.len;
    if (stop > start && s.ptr[stop - 1] == '\r')
        stop--;
    return sh_str_slice(s, start, stop);
}
