/* logparse.c - the log parser's driver: bytes to lines, lines to the
 * readers of the formats (logfmt.h), and what every reader shares: the
 * finishing of a SIP message (start line, transport, the node's own
 * address, Content-Length) and the reports.
 *
 * A record often ends only when the next one starts (the INFO twin, an SDL
 * message, a pasted record without its closing '|'), so feeding a line may
 * complete the previous record *without consuming the line*; the line is
 * then fed again on the next call. Nothing is queued, so memory is one
 * line, one record header and one message, each with a hard cap.
 *
 * Text in records is copied into the parser's own buffers; the record
 * handed out points there until the next call.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "siphop/logparse.h"

#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "logfmt.h"
#include "logtext.h"
#include "siphop/endpoint.h"
#include "siphop/ipaddr.h"
#include "siphop/message.h"
#include "siphop/timeconv.h"

/* The readers, tried in this order on a line outside a record (the most
 * specific record starts first). */
static const sh_logfmt *const formats[] = {
    &sh_logfmt_cube,
    &sh_logfmt_sdl,
    &sh_logfmt_expressway,
};
#define N_FORMATS G_N_ELEMENTS(formats)

/* The most records and bytes held back waiting for an address (hold()). */
#define HOLD_MAX_RECORDS 256
#define HOLD_MAX_BYTES (4u * 1024u * 1024u)

typedef struct held {
    sh_log_record r;
    char *buf;             /* r's views point here */
    size_t size;
    bool waiting;          /* its local end is not known yet */
} held;

struct sh_logparse {
    sh_logctx c;
    void *state[N_FORMATS];
    int cur;                /* index of the reader of the record being read, or -1 */
    unsigned seen;          /* bit per format: records of it were read */
    char formats_text[160];

    /* Input not yet split into lines: in[start, end). */
    char *in;
    size_t in_start, in_end, in_cap;
    size_t scanned;        /* in[start, start+scanned) has no '\n' */
    size_t peek_take;      /* bytes the peeked line occupies */
    bool peek_long;        /* the peeked line was cut at SH_LOG_MAX_LINE */
    bool drop_to_eol;      /* discard pushed bytes up to the next '\n' */
    bool eof;
    bool in_garbage;       /* in a run of binary lines: report the first */

    bool pending;          /* a report of a header-less message follows */
    uint64_t pending_line;

    /* Records held back until a node's own address is learned (see
     * hold()): a ring of copies, each record's text in one allocation. */
    held *hold;
    size_t hold_head, hold_n, hold_cap;
    size_t hold_bytes;
    bool draining;         /* hand out the held records, then read on */
    char *out_buf;         /* the text of the held record handed out last */
};

sh_logparse *sh_logparse_new(const sh_log_options *o)
{
    sh_logparse *p = g_new0(sh_logparse, 1);
    sh_log_options *opt = &p->c.opt;

    if (o)
        *opt = *o;
    if (opt->utc_offset_s != 0)
        opt->has_utc_offset = true;   /* callers from before the flag */
    opt->cucm_ip = o && o->cucm_ip && *o->cucm_ip ? g_strdup(o->cucm_ip) : NULL;
    opt->sdl_node = g_strdup(o && o->sdl_node && *o->sdl_node ? o->sdl_node : "cucm");
    opt->cube_ip = o && o->cube_ip && *o->cube_ip ? g_strdup(o->cube_ip) : NULL;
    opt->cube_node = g_strdup(o && o->cube_node && *o->cube_node ? o->cube_node : "cube");
    for (size_t i = 0; i < N_FORMATS; i++)
        p->state[i] = g_malloc0(formats[i]->state_size ? formats[i]->state_size : 1);
    p->cur = -1;
    p->c.lineno = opt->first_line > 1 ? opt->first_line - 1 : 0;
    return p;
}

void sh_logparse_free(sh_logparse *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < N_FORMATS; i++) {
        if (formats[i]->free_state)
            formats[i]->free_state(p->state[i]);
        g_free(p->state[i]);
    }
    for (size_t i = 0; i < p->hold_n; i++)
        g_free(p->hold[(p->hold_head + i) % p->hold_cap].buf);
    g_free(p->hold);
    g_free(p->out_buf);
    g_free(p->in);
    sh_logmsg_free(&p->c.msg);
    g_free((char *)p->c.opt.cucm_ip);
    g_free((char *)p->c.opt.sdl_node);
    g_free((char *)p->c.opt.cube_ip);
    g_free((char *)p->c.opt.cube_node);
    g_free(p);
}

uint64_t sh_logparse_lines(const sh_logparse *p)
{
    return p->c.lineno;
}

uint64_t sh_logparse_record_line(const sh_logparse *p)
{
    if (p->hold_n)
        return p->hold[p->hold_head].r.line;
    return p->cur < 0 ? p->c.lineno + 1 : p->c.rec_line;
}

const char *sh_logparse_formats(const sh_logparse *p)
{
    sh_logparse *w = (sh_logparse *)p;
    size_t n = 0;

    w->formats_text[0] = '\0';
    for (size_t i = 0; i < N_FORMATS; i++)
        if (p->seen & (1u << i))
            n += (size_t)snprintf(w->formats_text + n, sizeof w->formats_text - MIN(n, sizeof w->formats_text),
                                    "%s%s", n ? ", " : "", formats[i]->name);
    return w->formats_text;
}

const char *sh_logparse_note(const sh_logparse *p)
{
    return p->c.note[0] ? p->c.note : NULL;
}

/* ------------------------------------------------------------------------
 * Input: bytes to lines
 * ------------------------------------------------------------------------ */

void sh_logparse_push(sh_logparse *p, const void *data, size_t len)
{
    const char *d = data;

    if (p->eof || len == 0)
        return;
    if (p->drop_to_eol) {
        const char *nl = memchr(d, '\n', len);
        if (!nl)
            return;
        len -= (size_t)(nl + 1 - d);
        d = nl + 1;
        p->drop_to_eol = false;
        /* The dropped tail ended the overlong line just consumed. */
    }
    if (p->in_start > 0) {
        memmove(p->in, p->in + p->in_start, p->in_end - p->in_start);
        p->in_end -= p->in_start;
        p->in_start = 0;
    }
    sh_lt_append(&p->in, &p->in_end, &p->in_cap, 4096, d, len);
}

void sh_logparse_end(sh_logparse *p)
{
    p->eof = true;
}

/* The next line, without consuming it. Lines longer than SH_LOG_MAX_LINE are
 * cut (peek_long); their rest is dropped when the line is consumed. */
static bool peek_line(sh_logparse *p, sh_str *line)
{
    if (p->in == NULL)
        return false;   /* nothing pushed yet */
    const char *s = p->in + p->in_start;
    size_t n = p->in_end - p->in_start;
    size_t limit = n < (size_t)SH_LOG_MAX_LINE + 1 ? n : (size_t)SH_LOG_MAX_LINE + 1;
    const char *nl = NULL;
    size_t len;

    if (p->scanned < limit)
        nl = memchr(s + p->scanned, '\n', limit - p->scanned);
    if (nl) {
        len = (size_t)(nl - s);
        p->peek_take = len + 1;
        p->peek_long = false;
    } else if (n > SH_LOG_MAX_LINE) {
        const char *rest = memchr(s + SH_LOG_MAX_LINE, '\n', n - SH_LOG_MAX_LINE);
        len = SH_LOG_MAX_LINE;
        p->peek_take = rest ? (size_t)(rest - s) + 1 : n;
        p->peek_long = true;
    } else if (p->eof && n > 0) {
        len = n;
        p->peek_take = n;
        p->peek_long = false;
    } else {
        p->scanned = limit;   /* do not scan these bytes again */
        return false;
    }
    while (len > 0 && s[len - 1] == '\r')
        len--;
    *line = sh_str_make(s, len);
    return true;
}

static void consume_line(sh_logparse *p)
{
    bool ended = p->peek_take > 0 && p->in[p->in_start + p->peek_take - 1] == '\n';
    if (p->peek_long && !ended && !p->eof)
        p->drop_to_eol = true;   /* the newline has not arrived yet */
    p->in_start += p->peek_take;
    p->peek_take = 0;
    p->scanned = 0;
    p->c.lineno++;
    if (p->in_start == p->in_end)
        p->in_start = p->in_end = 0;
}

/* ------------------------------------------------------------------------
 * Services to the readers
 * ------------------------------------------------------------------------ */

void sh_logctx_start(sh_logctx *c, uint64_t line)
{
    c->rec_line = line;
    c->err = SH_LOG_ENONE;
    c->err_line = 0;
    c->trailing_line = 0;
    c->bare_line = 0;
    c->waiting = false;
    sh_logmsg_reset(&c->msg);
}

void sh_logctx_error(sh_logctx *c, sh_log_error e, uint64_t line)
{
    if (c->err == SH_LOG_ENONE) {
        c->err = e;
        c->err_line = line;
    }
}

void sh_logctx_record(sh_logctx *c, const sh_logfmt *f, sh_log_record *r)
{
    memset(r, 0, sizeof *r);
    r->detail = "";
    r->line = c->rec_line;
    r->format = f->name;
}

void sh_logctx_bad(sh_logctx *c, sh_log_record *r)
{
    uint64_t eline = (uint64_t)(c->err_line ? c->err_line : r->line);
    r->kind = SH_LOG_BAD;
    r->error = c->err;
    r->error_line = c->err_line;
    switch (c->err) {
    case SH_LOG_ETRUNCATED:
        snprintf(c->detail, sizeof c->detail, "SIP record cut off: the input ends before %s",
                 r->format == sh_logfmt_expressway.name ? "its closing '|'" : "its message does");
        break;
    case SH_LOG_EUNTERMINATED:
        if (r->format == sh_logfmt_expressway.name)
            snprintf(c->detail, sizeof c->detail,
                     "SIP record has no closing '|' before the next record (line %" PRIu64 "), and its message is not complete",
                     eline);
        else
            snprintf(c->detail, sizeof c->detail, "SIP record cut off by the next record (line %" PRIu64 ")", eline);
        break;
    case SH_LOG_EBINARY:
        snprintf(c->detail, sizeof c->detail, "SIP record holds binary data (line %" PRIu64 ")", eline);
        break;
    case SH_LOG_ELONGLINE:
        snprintf(c->detail, sizeof c->detail, "SIP record has a line longer than %u bytes (line %" PRIu64 ")",
                 SH_LOG_MAX_LINE, eline);
        break;
    case SH_LOG_ETOOBIG:
        snprintf(c->detail, sizeof c->detail, "SIP message larger than %u bytes (at line %" PRIu64 ")",
                 SH_LOG_MAX_MESSAGE, eline);
        break;
    case SH_LOG_ENOTSIP:
        snprintf(c->detail, sizeof c->detail, "no SIP request or status line where the message starts (line %" PRIu64 ")",
                 eline);
        break;
    default:
        if (c->detail[0] == '\0' || r->detail == c->detail)
            snprintf(c->detail, sizeof c->detail, "%s", sh_log_error_name(c->err));
        break;
    }
    r->detail = c->detail;
}

void sh_logctx_after(sh_logctx *c, sh_str l, uint64_t line)
{
    sh_str t = sh_lt_trim(l);
    if (t.len == 0 || c->bare_line)
        return;   /* blank, or inside the header-less message already reported */
    if (t.ptr[0] == '|')
        t = sh_lt_trim(sh_lt_from(t, 1));
    if (sh_log_start_line(t))
        c->bare_line = line;
    else if (!c->trailing_line)
        c->trailing_line = line;
}

bool sh_logctx_bad_line(sh_logctx *c, sh_str l, uint64_t line)
{
    bool binary = sh_lt_binary(l);
    if (!binary && !c->line_long)
        return false;
    sh_logctx_error(c, binary ? SH_LOG_EBINARY : SH_LOG_ELONGLINE, line);
    return true;
}

bool sh_logctx_msg_line(sh_logctx *c, sh_str l, uint64_t line)
{
    sh_logmsg *m = &c->msg;
    bool ok;

    if (m->nlines == 0 && sh_lt_trim(l).len == 0)
        return true;   /* white space before the start line */
    if (sh_logmsg_complete(m)) {
        sh_logctx_after(c, l, line);
        return true;
    }
    if (!m->in_body && sh_lt_trim(l).len == 0)
        ok = sh_logmsg_end_headers(m);
    else
        ok = sh_logmsg_line(m, l);
    if (!ok)
        sh_logctx_error(c, SH_LOG_ETOOBIG, line);
    return ok;
}

void sh_logctx_time_ms(sh_log_record *r, int64_t ms)
{
    r->time_ns = sh_time_ns(ms / 1000, (int32_t)(ms % 1000) * 1000000);
    r->has_time = true;
}

void sh_logctx_nodate(sh_logctx *c, sh_log_record *r, bool *warned, const char *text)
{
    if (*warned || r->error != SH_LOG_ENONE)
        return;
    *warned = true;
    r->error = SH_LOG_ENODATE;
    g_strlcpy(c->detail, text, sizeof c->detail);
    r->detail = c->detail;
}

void sh_logctx_date_note(sh_logctx *c, const char *what, const char *value, bool with_offset, int32_t off_s)
{
    char off[8], text[200];
    uint64_t line = (uint64_t)c->rec_line;
    sh_lt_format_offset(off_s, off);
    if (value && with_offset)
        snprintf(text, sizeof text, "%s %s and UTC offset %s from the SIP Date: header (line %" PRIu64 ")", what, value, off,
                 line);
    else if (value)
        snprintf(text, sizeof text, "%s %s from the SIP Date: header (line %" PRIu64 ")", what, value, line);
    else
        snprintf(text, sizeof text, "%s UTC offset %s from the SIP Date: header (line %" PRIu64 ")", what, off, line);
    sh_logctx_note(c, text);
}

void sh_logctx_note(sh_logctx *c, const char *text)
{
    if (!c->note[0])
        g_strlcpy(c->note, text, sizeof c->note);
}

sh_str sh_logctx_header(const sh_logctx *c, const char *name, char compact)
{
    return sh_msg_header_value(sh_logmsg_str(&c->msg), name, compact);
}

static sh_log_transport transport_from_word(sh_str w)
{
    if (sh_str_ieq(w, "UDP"))
        return SH_TRANSPORT_UDP;
    if (sh_str_ieq(w, "TCP") || sh_str_ieq(w, "WS"))
        return SH_TRANSPORT_TCP;
    if (sh_str_ieq(w, "TLS") || sh_str_ieq(w, "WSS"))
        return SH_TRANSPORT_TLS;
    if (sh_str_ieq(w, "SCTP") || sh_str_ieq(w, "TLS-SCTP"))
        return SH_TRANSPORT_SCTP;
    return SH_TRANSPORT_UNKNOWN;
}

static sh_lognode *node_for(sh_logctx *c, sh_str name)
{
    for (size_t i = 0; i < c->n_nodes; i++)
        if (sh_lt_eq(name, c->nodes[i].name))
            return &c->nodes[i];
    if (c->n_nodes == SH_LOG_MAX_NODES || name.len >= sizeof c->nodes[0].name)
        return NULL;   /* a hostile log naming many nodes: not learned */
    sh_lognode *n = &c->nodes[c->n_nodes++];
    memset(n, 0, sizeof *n);
    memcpy(n->name, name.ptr, name.len);
    return n;
}

/* The node's own address: an IPv4 or IPv6 literal (sh_ip_parse: no zone,
 * no name), remembered as written. */
static void learn(sh_lognode *n, sh_str host, uint32_t port)
{
    uint8_t b[16];
    if (!n || host.len >= sizeof n->addr || sh_ip_parse(host.ptr, host.len, b) == 0)
        return;
    memcpy(n->addr, host.ptr, host.len);
    n->addr[host.len] = '\0';
    n->port = port;
}

/* When the log does not say which socket was the node's own: the top Via
 * of what it sent (requests) or got back (responses) is its own; for an
 * endpoint (CUCM, CUBE) so is the Contact of what it sends, and the
 * Request-URI of a request it receives without a Route (sent to it, not
 * through it). Remembered per node for later records. */
static void resolve_local(sh_logctx *c, sh_log_record *r, const sh_msg *m, const sh_logfinish *how)
{
    sh_lognode *n = node_for(c, r->node);
    bool own_via = (r->dir == SH_LOG_SENT && m->is_request) || (r->dir == SH_LOG_RECEIVED && !m->is_request);
    sh_str host;
    uint32_t port;
    bool sips;

    if (own_via && m->n_vias) {
        host = sh_lt_strip_brackets(m->vias[0].host);
        learn(n, host, m->vias[0].port ? m->vias[0].port : sh_lt_default_port(r->transport, false));
    } else if (how->endpoint && r->dir == SH_LOG_SENT) {
        sh_lt_uri_hostport(sh_logctx_header(c, "Contact", 'm'), &host, &port, &sips);
        learn(n, host, port ? port : sh_lt_default_port(r->transport, false));
    } else if (how->endpoint && r->dir == SH_LOG_RECEIVED && m->is_request &&
               sh_logctx_header(c, "Route", 0).len == 0) {
        sh_str start = sh_str_next_line(sh_logmsg_str(&c->msg), &(size_t){ 0 });
        const char *sp = memchr(start.ptr, ' ', start.len);
        if (sp) {
            sh_lt_uri_hostport(sh_lt_from(start, (size_t)(sp - start.ptr) + 1), &host, &port, &sips);
            learn(n, host, port ? port : sh_lt_default_port(r->transport, false));
        }
    }
    if (how->forced_ip) {
        r->local_addr = sh_str_from(how->forced_ip);
        r->local_port = n ? n->port : 0;
        r->local_src = SH_LOCAL_OPTION;
    } else if (n && n->addr[0]) {
        r->local_addr = sh_str_from(n->addr);
        r->local_port = n->port;
        r->local_src = SH_LOCAL_LEARNED;
    }
}

bool sh_logctx_finish_sip(sh_logctx *c, sh_log_record *r, bool verbatim, const sh_logfinish *how)
{
    static const sh_logfinish none = { 0 };
    sh_msg m;
    sh_via via;
    sh_body_info body;

    if (!how)
        how = &none;
    c->waiting = false;
    if (c->err != SH_LOG_ENONE && c->err < SH_LOG_ECONTENTLENGTH) {
        sh_logctx_bad(c, r);
        return false;
    }
    if (!sh_logmsg_close(&c->msg, verbatim)) {
        sh_logctx_error(c, SH_LOG_ETOOBIG, c->lineno);
        sh_logctx_bad(c, r);
        return false;
    }
    sh_str msg = sh_logmsg_str(&c->msg);
    sh_str start = sh_str_next_line(msg, &(size_t){ 0 });
    if (!sh_log_start_line(start)) {
        sh_logctx_error(c, SH_LOG_ENOTSIP, r->line);
        sh_logctx_bad(c, r);
        return false;
    }
    sh_msg_parse(msg, &m, &via, 1, &body);
    r->kind = SH_LOG_SIP;
    r->msg = msg;
    r->has_content_length = body.has_content_length;
    r->content_length = body.content_length;
    const char *blank = sh_lt_find(msg, "\r\n\r\n");
    r->body_len = blank ? msg.len - (size_t)(blank + 4 - msg.ptr) : 0;

    /* Transport: what the log itself says it used (an SDL "SIP UDP
     * message"); else the top Via, which names how this hop's messages
     * travel; then the well-known TLS and traversal ports. */
    sh_log_transport t = transport_from_word(how->transport_word);
    if (t != SH_TRANSPORT_UNKNOWN) {
        r->transport = t;
        r->transport_src = SH_TSRC_LOG;
    } else if ((t = m.n_vias ? transport_from_word(m.vias[0].transport) : SH_TRANSPORT_UNKNOWN) !=
               SH_TRANSPORT_UNKNOWN) {
        r->transport = t;
        r->transport_src = SH_TSRC_VIA;
    } else if (sh_sip_tls_port(r->peer_port) || sh_sip_tls_port(r->local_port)) {
        r->transport = SH_TRANSPORT_TLS;
        r->transport_src = SH_TSRC_PORT;
    }
    if (r->local_src == SH_LOCAL_NONE && how->learn) {
        resolve_local(c, r, &m, how);
        c->waiting = r->local_src == SH_LOCAL_NONE;
    }
    if (r->transport == SH_TRANSPORT_UNKNOWN && sh_sip_tls_port(r->local_port)) {
        r->transport = SH_TRANSPORT_TLS;
        r->transport_src = SH_TSRC_PORT;
    }

    if (body.has_content_length && body.content_length > r->body_len) {
        r->error = SH_LOG_ECONTENTLENGTH;
        snprintf(c->detail, sizeof c->detail, "Content-Length %u but only %zu body bytes logged; written as logged",
                 body.content_length, r->body_len);
        r->detail = c->detail;
    } else if (c->trailing_line) {
        r->error = SH_LOG_ETRAILING;
        r->error_line = c->trailing_line;
        snprintf(c->detail, sizeof c->detail,
                 "text after the message (line %" PRIu64 ") is not part of it: the message ends at its Content-Length",
                 (uint64_t)c->trailing_line);
        r->detail = c->detail;
    }
    return true;
}

/* ------------------------------------------------------------------------
 * The line machine
 * ------------------------------------------------------------------------ */

static int starts_record(sh_logparse *p, sh_str l)
{
    for (size_t i = 0; i < N_FORMATS; i++)
        if (formats[i]->starts(&p->c, p->state[i], l))
            return (int)i;
    return -1;
}

static void emit_simple_bad(sh_logparse *p, sh_log_record *r, sh_log_error e, uint64_t line, const char *text)
{
    memset(r, 0, sizeof *r);
    r->kind = SH_LOG_BAD;
    r->error = e;
    r->line = r->error_line = line;
    g_strlcpy(p->c.detail2, text, sizeof p->c.detail2);
    r->detail = p->c.detail2;
}

static const char bare_text[] =
    "SIP message without a record header of its own (no time, no direction, no addresses): skipped";

static sh_feed feed_idle(sh_logparse *p, sh_str l, uint64_t line, sh_log_record *r)
{
    if (l.len == 0)
        return SH_FEED_MORE;
    if (sh_lt_binary(l)) {
        if (p->in_garbage)
            return SH_FEED_MORE;
        p->in_garbage = true;
        emit_simple_bad(p, r, SH_LOG_EBINARY, line, "binary data (up to the next text line)");
        return SH_FEED_EMIT;
    }
    p->in_garbage = false;
    int f = starts_record(p, l);
    if (f >= 0) {
        sh_feed res;
        p->cur = f;
        res = formats[f]->begin(&p->c, p->state[f], l, line, r);
        if (res != SH_FEED_MORE)
            p->cur = -1;
        return res;
    }
    sh_str t = sh_lt_trim(l);
    if (t.len && t.ptr[0] == '|')
        t = sh_lt_trim(sh_lt_from(t, 1));
    if (sh_log_start_line(t)) {
        emit_simple_bad(p, r, SH_LOG_ENORECORD, line, bare_text);
        return SH_FEED_EMIT;
    }
    for (size_t i = 0; i < N_FORMATS; i++)
        if (formats[i]->idle)
            formats[i]->idle(&p->c, p->state[i], l);
    return SH_FEED_MORE;   /* prose, continuation of a skipped record, ... */
}

static sh_feed feed_line(sh_logparse *p, sh_str l, uint64_t line, sh_log_record *r)
{
    p->c.line_long = p->peek_long;
    if (p->cur < 0)
        return feed_idle(p, l, line, r);
    const sh_logfmt *f = formats[p->cur];
    void *st = p->state[p->cur];
    sh_feed res;
    if (starts_record(p, l) >= 0) {
        f->end(&p->c, st, line, r);
        res = SH_FEED_EMIT_KEEP;
    } else {
        res = f->feed(&p->c, st, l, line, r);
    }
    if (res != SH_FEED_MORE)
        p->cur = -1;
    return res;
}

/* A record was handed out: its format has been seen, and a header-less
 * message found inside it is reported next. */
static void emitted(sh_logparse *p, const sh_log_record *r)
{
    for (size_t i = 0; i < N_FORMATS; i++)
        if (r->format == formats[i]->name && (r->kind != SH_LOG_OTHER || r->sdl))
            p->seen |= 1u << i;
    if (p->c.bare_line) {
        p->pending = true;
        p->pending_line = p->c.bare_line;
        p->c.bare_line = 0;
    }
}

static bool next_raw(sh_logparse *p, sh_log_record *r)
{
    sh_str line;

    if (p->pending) {
        p->pending = false;
        emit_simple_bad(p, r, SH_LOG_ENORECORD, p->pending_line, bare_text);
        return true;
    }
    for (;;) {
        if (!peek_line(p, &line)) {
            if (!p->eof || p->cur < 0)
                return false;
            formats[p->cur]->end(&p->c, p->state[p->cur], 0, r);
            p->cur = -1;
            emitted(p, r);
            return true;
        }
        sh_feed res = feed_line(p, line, p->c.lineno + 1, r);
        if (res != SH_FEED_EMIT_KEEP)
            consume_line(p);
        if (res != SH_FEED_MORE) {
            emitted(p, r);
            return true;
        }
    }
}

/* ------------------------------------------------------------------------
 * Holding records back until a node's address is known
 *
 * When a log does not give the node's own address (CUCM SDL, CUBE, X7), it
 * is learned from the node's messages (resolve_local), but the first ones
 * often come before the one that shows it (an incoming OPTIONS, a 200
 * without Contact). So a SIP record whose local end is still unknown is
 * held back, and every record after it, until that node's address is
 * learned; then they all get it. Bounded: at most HOLD_MAX_RECORDS records
 * or HOLD_MAX_BYTES of their text; past that, or at the end of the input,
 * they go out as they are (the frame builder's placeholder).
 * ------------------------------------------------------------------------ */

static size_t view_len(sh_str v)
{
    return v.ptr ? v.len + 1 : 0;
}

static sh_str view_copy(char **at, sh_str v)
{
    if (!v.ptr)
        return v;
    char *d = *at;
    if (v.len)
        memcpy(d, v.ptr, v.len);
    d[v.len] = '\0';
    *at += v.len + 1;
    return sh_str_make(d, v.len);
}

static void hold(sh_logparse *p, const sh_log_record *r, bool waiting)
{
    if (p->hold_n == p->hold_cap) {
        size_t cap = p->hold_cap ? p->hold_cap * 2 : 16;
        held *h = g_new(held, cap);
        for (size_t i = 0; i < p->hold_n; i++)
            h[i] = p->hold[(p->hold_head + i) % p->hold_cap];
        g_free(p->hold);
        p->hold = h;
        p->hold_head = 0;
        p->hold_cap = cap;
    }
    held *h = &p->hold[(p->hold_head + p->hold_n) % p->hold_cap];
    size_t detail = strlen(r->detail) + 1;
    size_t need = view_len(r->node) + view_len(r->action) + view_len(r->local_addr) + view_len(r->peer_addr) +
                  view_len(r->msg_hash) + view_len(r->msg) + detail;
    char *at = g_malloc(need);
    h->buf = at;
    h->size = need;
    h->r = *r;
    h->waiting = waiting;
    h->r.node = view_copy(&at, r->node);
    h->r.action = view_copy(&at, r->action);
    h->r.local_addr = view_copy(&at, r->local_addr);
    h->r.peer_addr = view_copy(&at, r->peer_addr);
    h->r.msg_hash = view_copy(&at, r->msg_hash);
    h->r.msg = view_copy(&at, r->msg);
    memcpy(at, r->detail, detail);
    h->r.detail = at;
    p->hold_n++;
    p->hold_bytes += need;
}

/* Give the held records what was learned since. True when the first one
 * waiting can go: its node's address is known. */
static bool settle(sh_logparse *p)
{
    bool first_known = false, seen_waiting = false;
    for (size_t i = 0; i < p->hold_n; i++) {
        held *h = &p->hold[(p->hold_head + i) % p->hold_cap];
        if (!h->waiting)
            continue;
        const sh_lognode *n = NULL;
        for (size_t k = 0; k < p->c.n_nodes; k++)
            if (sh_lt_eq(h->r.node, p->c.nodes[k].name))
                n = &p->c.nodes[k];
        bool known = n && n->addr[0];
        if (known) {
            h->r.local_addr = sh_str_from(n->addr);
            h->r.local_port = n->port;
            h->r.local_src = SH_LOCAL_LEARNED;
            h->waiting = false;
        }
        if (!seen_waiting)
            first_known = known;
        seen_waiting = true;
    }
    return first_known || !seen_waiting;
}

static bool pop(sh_logparse *p, sh_log_record *r)
{
    if (p->hold_n == 0) {
        p->draining = false;
        return false;
    }
    held *h = &p->hold[p->hold_head];
    g_free(p->out_buf);
    p->out_buf = h->buf;   /* the views stay valid until the next call */
    p->hold_bytes -= h->size;
    *r = h->r;             /* a settled local end points into the node table */
    p->hold_head = (p->hold_head + 1) % p->hold_cap;
    if (--p->hold_n == 0)
        p->draining = false;
    return true;
}

bool sh_logparse_next(sh_logparse *p, sh_log_record *r)
{
    g_free(p->out_buf);
    p->out_buf = NULL;
    if (p->draining)
        return pop(p, r);
    while (next_raw(p, r)) {
        bool waiting = r->kind == SH_LOG_SIP && p->c.waiting && !p->c.opt.no_hold;
        if (p->hold_n == 0 && !waiting)
            return true;
        hold(p, r, waiting);
        if (settle(p) || p->hold_n >= HOLD_MAX_RECORDS || p->hold_bytes >= HOLD_MAX_BYTES) {
            p->draining = true;
            return pop(p, r);
        }
    }
    if (p->eof && p->hold_n) {
        settle(p);
        p->draining = true;
        return pop(p, r);
    }
    return false;
}
