/* strview.h - a borrowed, length-delimited view of text.
 *
 * The core never owns the text a message is built from: the adapter hands it
 * views into Wireshark's field values or a log buffer, valid for one call.
 * Anything the core keeps beyond that call it copies (see tracker.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_STRVIEW_H
#define SIPHOP_STRVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct sh_str {
    const char *ptr;  /* not NUL-terminated; may be NULL when len == 0 */
    size_t len;
} sh_str;

#define SH_STR_NULL ((sh_str){ NULL, 0 })

static inline sh_str sh_str_from(const char *s)
{
    return (sh_str){ s, s ? strlen(s) : 0 };
}

static inline sh_str sh_str_make(const char *p, size_t n)
{
    return (sh_str){ p, p ? n : 0 };
}

static inline bool sh_str_empty(sh_str s)
{
    return s.len == 0;
}

/* The helpers below run over every byte of every header line of every
 * message (message.c, via.c, sipheaders.c), so they are inline: as calls
 * into another file they cost more than the scanning itself. */

/* SIP linear white space: SP, HTAB, CR, LF (a folded header value). */
static inline bool sh_is_lws(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* White space within a line: SP or HTAB (RFC 3261 WSP). */
static inline bool sh_is_wsp(char c)
{
    return c == ' ' || c == '\t';
}

/* An ASCII decimal digit. */
static inline bool sh_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Are the n bytes at s all decimal digits? (True for n == 0.) */
static inline bool sh_all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!sh_is_digit(s[i]))
            return false;
    return true;
}

static inline char sh_ascii_lower(char c)
{
    return (unsigned char)(c - 'A') < 26 ? (char)(c + ('a' - 'A')) : c;
}

/* ASCII case-insensitive equality of n bytes. A NUL byte is just a byte
 * (g_ascii_strncasecmp stops at one, and called per header name it cost
 * more than the rest of finding the headers). */
static inline bool sh_ascii_ieq_n(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i] && sh_ascii_lower(a[i]) != sh_ascii_lower(b[i]))
            return false;
    return true;
}

/* Trim SIP linear white space (SP, HTAB, CR, LF) from both ends. */
static inline sh_str sh_str_trim(sh_str s)
{
    while (s.len && sh_is_lws(s.ptr[0])) {
        s.ptr++;
        s.len--;
    }
    while (s.len && sh_is_lws(s.ptr[s.len - 1]))
        s.len--;
    return s;
}

/* ASCII case-insensitive equality with a C string. */
static inline bool sh_str_ieq(sh_str s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len == n && sh_ascii_ieq_n(s.ptr, lit, n);
}

/* ASCII case-insensitive prefix test. */
static inline bool sh_str_iprefix(sh_str s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len >= n && sh_ascii_ieq_n(s.ptr, lit, n);
}

/* Does *s* contain *word*, ignoring ASCII case? (Short texts: Warning
 * texts, zone names.) */
static inline bool sh_str_icontains(sh_str s, const char *word)
{
    size_t n = strlen(word);

    for (size_t i = 0; i + n <= s.len; i++)
        if (sh_ascii_ieq_n(s.ptr + i, word, n))
            return true;
    return false;
}

/* Exact (case-sensitive) equality of two views. */
static inline bool sh_str_eq(sh_str a, sh_str b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

/* The bytes [from, to) of *s*, clamped to its length; empty (pointing into
 * *s*) when from >= to. */
static inline sh_str sh_str_slice(sh_str s, size_t from, size_t to)
{
    if (to > s.len)
        to = s.len;
    if (from >= to)
        return sh_str_make(s.ptr ? s.ptr + (from < s.len ? from : s.len) : NULL, 0);
    return sh_str_make(s.ptr + from, to - from);
}

/* The line starting at *pos* without its CR LF or LF; *pos* moves past the
 * line end (to s.len at the last line). */
static inline sh_str sh_str_next_line(sh_str s, size_t *pos)
{
    size_t start = *pos, stop;
    const char *lf = start < s.len ? (const char *)memchr(s.ptr + start, '\n', s.len - start) : NULL;

    stop = lf ? (size_t)(lf - s.ptr) : s.len;
    *pos = lf ? stop + 1 : s.len;
    if (stop > start && s.ptr[stop - 1] == '\r')
        stop--;
    return sh_str_slice(s, start, stop);
}

/* The decimal digits of v at out, no sign, no NUL (at most 10 bytes);
 * returns how many. */
static inline size_t sh_put_decimal(char *out, unsigned v)
{
    char digits[10];
    size_t n = 0, i = 0;

    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        out[i++] = digits[--n];
    return i;
}

/* Parse a decimal unsigned number filling the whole view (after trimming).
 * Returns false on empty input, stray characters or overflow of *max*. */
bool sh_str_to_uint(sh_str s, unsigned long max, unsigned long *out);

/* A port: a decimal 0..65535 filling the view (after trimming); 0 when
 * absent or bad (so "0" and "x" alike are 0). */
uint32_t sh_str_to_port(sh_str s);

#endif
