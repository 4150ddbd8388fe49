/* logfmt_excerpt.c - see logfmt_excerpt.h.
 *
 * A document's layout breaks long lines where it likes (also inside a
 * branch or a UUID), so a line of the message starts a new header only if
 * it looks like one ("Name: value"); anything else continues the previous
 * line without a space. The headers end after Content-Length (when it was
 * the last header) at the first line that is not a header; the body then
 * runs for Content-Length bytes, one line per SDP "x=" line. What comes
 * after that is not the message: prose, the next record, or a SIP message
 * pasted without a record of its own (the driver reports that one).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "logfmt_excerpt.h"

#include <string.h>

#include "logtext.h"

void sh_excerpt_reset(sh_excerpt *x)
{
    memset(x, 0, sizeof *x);
}

static sh_exc fail(sh_logctx *c, sh_log_error e, uint64_t line)
{
    sh_logctx_error(c, e, line);
    return SH_EXC_FAIL;
}

sh_exc sh_excerpt_line(sh_logctx *c, sh_excerpt *x, sh_str l, uint64_t line)
{
    sh_logmsg *m = &c->msg;
    uint64_t cl;
    bool ok = true;

    if (l.len && l.ptr[0] == ' ')
        l = sh_lt_from(l, 1);
    sh_str t = sh_lt_trim(l);
    if (t.len == 0)
        return SH_EXC_MORE;   /* documents insert blank lines everywhere */
    if (sh_lt_eq(t, "|"))
        return m->nlines ? SH_EXC_DONE : fail(c, SH_LOG_ENOTSIP, line);
    if (m->nlines == 0) {
        /* "|INVITE ...", "| INVITE ..." (a paste put a space after the pipe) */
        if (t.ptr[0] == '|')
            t = sh_lt_trim(sh_lt_from(t, 1));
        ok = sh_logmsg_line(m, t);
        x->startline_open = !sh_log_status_line(t) && !sh_lt_suffix(t, "SIP/2.0");
    } else if (x->startline_open) {
        /* A long request line broken by the layout: join up to "SIP/2.0". */
        if (++x->joins > 8)
            return fail(c, SH_LOG_ENOTSIP, line);
        ok = sh_logmsg_append(m, l);
        x->startline_open = !sh_lt_suffix(sh_logmsg_str(m), "SIP/2.0");
    } else if (!m->in_body) {
        if (sh_log_header_line(l)) {
            ok = sh_logmsg_line(m, l);
            x->last_was_cl = sh_log_header_cl(l, &cl);
        } else if (m->has_cl && x->last_was_cl) {
            /* Content-Length was the last header: this line is body or
             * whatever follows the record (prose, another message). */
            if (m->cl == 0)
                return SH_EXC_DONE_KEEP;
            if (!sh_logmsg_end_headers(m))
                return fail(c, SH_LOG_ETOOBIG, line);
            return sh_excerpt_line(c, x, l, line);
        } else {
            ok = sh_logmsg_append(m, l);   /* a header broken by the layout */
        }
    } else {
        if (sh_logmsg_body_len(m) >= m->cl)
            return SH_EXC_DONE_KEEP;
        bool pipe = l.ptr[l.len - 1] == '|';
        if (pipe)
            l = sh_str_make(l.ptr, l.len - 1);
        if (sh_logmsg_body_len(m) == 0 || sh_log_sdp_line(l))
            ok = sh_logmsg_line(m, l);
        else
            ok = sh_logmsg_append(m, l);
        if (ok && pipe) {
            m->no_final_crlf = true;
            return SH_EXC_DONE;
        }
    }
    return ok ? SH_EXC_MORE : fail(c, SH_LOG_ETOOBIG, line);
}
