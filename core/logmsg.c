/* logmsg.c - see logmsg.h.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "logmsg.h"

#include <glib.h>
#include <string.h>

#include "logtext.h"
#include "siphop/logparse.h"

void sh_logmsg_reset(sh_logmsg *m)
{
    char *p = m->p;
    size_t cap = m->cap;
    memset(m, 0, sizeof *m);
    m->p = p;
    m->cap = cap;
}

void sh_logmsg_free(sh_logmsg *m)
{
    g_free(m->p);
    memset(m, 0, sizeof *m);
}

sh_str sh_logmsg_str(const sh_logmsg *m)
{
    return sh_str_make(m->p, m->len);
}

/* Append, refusing to grow past the cap (nothing appended then). */
static bool add(sh_logmsg *m, const void *data, size_t n)
{
    if (n > SH_LOG_MAX_MESSAGE || m->len > SH_LOG_MAX_MESSAGE - n)
        return false;
    sh_lt_append(&m->p, &m->len, &m->cap, 512, data, n);
    return true;
}

bool sh_logmsg_line(sh_logmsg *m, sh_str l)
{
    uint64_t cl;
    if (m->line_open && !add(m, "\r\n", 2))
        return false;
    m->line_open = true;
    m->nlines++;
    if (!m->in_body && !m->has_cl && m->nlines > 1 && sh_log_header_cl(l, &cl)) {
        m->has_cl = true;
        m->cl = cl;
    }
    return add(m, l.ptr, l.len);
}

bool sh_logmsg_append(sh_logmsg *m, sh_str l)
{
    return add(m, l.ptr, l.len);
}

bool sh_logmsg_end_headers(sh_logmsg *m)
{
    if (m->line_open && !add(m, "\r\n", 2))
        return false;
    if (!add(m, "\r\n", 2))
        return false;
    m->line_open = false;
    m->in_body = true;
    m->body_start = m->len;
    return true;
}

size_t sh_logmsg_body_len(const sh_logmsg *m)
{
    return m->in_body ? m->len - m->body_start + (m->line_open ? 2 : 0) : 0;
}

bool sh_logmsg_complete(const sh_logmsg *m)
{
    return m->in_body && m->has_cl && sh_logmsg_body_len(m) >= m->cl;
}

bool sh_logmsg_close(sh_logmsg *m, bool verbatim)
{
    if (!m->in_body) {
        if (!sh_logmsg_end_headers(m))
            return false;
    } else if (m->line_open && !m->no_final_crlf) {
        if (!add(m, "\r\n", 2))
            return false;
    }
    m->line_open = false;
    if (verbatim)
        return true;
    size_t body = m->len - m->body_start;
    size_t keep = body;
    if (m->has_cl && body > m->cl) {
        keep = (size_t)m->cl;
        for (size_t i = keep; i < body; i++)
            if (m->p[m->body_start + i] != '\r' && m->p[m->body_start + i] != '\n')
                keep = body;   /* real bytes beyond Content-Length: keep all */
        if (keep > 0 && keep < body && m->p[m->body_start + keep - 1] == '\r')
            keep--;            /* never cut a CRLF in two */
    } else if (!m->has_cl) {
        /* Trailing empty lines: keep one CRLF after the last text. */
        while (keep >= 4 && memcmp(m->p + m->body_start + keep - 4, "\r\n\r\n", 4) == 0)
            keep -= 2;
        if (keep == 2)
            keep = 0;
    }
    m->len = m->body_start + keep;
    return true;
}

bool sh_log_status_line(sh_str l)
{
    return l.len >= 11 && memcmp(l.ptr, "SIP/2.0 ", 8) == 0 && sh_all_digits(l.ptr + 8, 3) &&
           (l.len == 11 || l.ptr[11] == ' ');
}

bool sh_log_request_line(sh_str l)
{
    size_t i = 0;
    while (i < l.len && sh_lt_token_char(l.ptr[i]))
        i++;
    if (i == 0 || i >= l.len || l.ptr[i] != ' ')
        return false;
    return l.len >= i + 10 && sh_lt_suffix(l, " SIP/2.0") && l.ptr[i + 1] != ' ';
}

bool sh_log_header_line(sh_str c)
{
    size_t i = 0;
    if (c.len == 0 || !sh_lt_alpha(c.ptr[0]))
        return false;
    while (i < c.len && sh_lt_token_char(c.ptr[i]))
        i++;
    while (i < c.len && sh_is_wsp(c.ptr[i]))
        i++;
    if (i >= c.len || c.ptr[i] != ':')
        return false;
    i++;
    return i == c.len || sh_is_wsp(c.ptr[i]);
}

bool sh_log_sdp_line(sh_str c)
{
    return c.len >= 2 && sh_lt_alpha(c.ptr[0]) && c.ptr[1] == '=';
}

bool sh_log_header_cl(sh_str line, uint64_t *cl)
{
    /* Every header line of every message is asked: the first letter first. */
    if (line.len < 2 || (line.ptr[0] | 0x20) != (line.ptr[1] == ':' || line.ptr[1] == ' ' ? 'l' : 'c'))
        return false;
    const char *colon = memchr(line.ptr, ':', line.len);
    unsigned long v;
    if (!colon)
        return false;
    sh_str name = sh_lt_trim(sh_str_make(line.ptr, (size_t)(colon - line.ptr)));
    if (!sh_str_ieq(name, "Content-Length") && !sh_str_ieq(name, "l"))
        return false;
    sh_str val = sh_str_make(colon + 1, line.len - (size_t)(colon + 1 - line.ptr));
    if (!sh_str_to_uint(val, 0xffffffffUL, &v))
        return false;
    *cl = v;
    return true;
}
