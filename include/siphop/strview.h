/* strview.h - a borrowed, length-delimited view of text.
 *
 * The core never owns the text a message is built from: the adapter hands it
 * views into Wireshark's field values or a log buffer, valid for one call.
 * Anything the core keeps beyond that call it copies (see tracker.c).
 */
#ifndef SIPHOP_STRVIEW_H
#define SIPHOP_STRVIEW_H

#include <stdbool.h>
#include <stddef.h>
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

/* Trim SIP linear white space (SP, HTAB, CR, LF) from both ends. */
sh_str sh_str_trim(sh_str s);

/* ASCII case-insensitive equality with a C string. */
bool sh_str_ieq(sh_str s, const char *lit);

/* ASCII case-insensitive prefix test. */
bool sh_str_iprefix(sh_str s, const char *lit);

/* Exact (case-sensitive) equality of two views. */
bool sh_str_eq(sh_str a, sh_str b);

/* The bytes [from, to) of *s*, clamped to its length; empty (pointing into
 * *s*) when from >= to. */
sh_str sh_str_slice(sh_str s, size_t from, size_t to);

/* The line starting at *pos* without its CR LF or LF; *pos* moves past the
 * line end (to s.len at the last line). */
sh_str sh_str_next_line(sh_str s, size_t *pos);

/* Parse a decimal unsigned number filling the whole view (after trimming).
 * Returns false on empty input, stray characters or overflow of *max*. */
bool sh_str_to_uint(sh_str s, unsigned long max, unsigned long *out);

#endif
