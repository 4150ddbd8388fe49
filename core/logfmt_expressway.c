/* logfmt_expressway.c - the Cisco Expressway / VCS diagnostic log reader.
 *
 * A record is a header line of Key="value" pairs after a syslog prefix,
 * then for logged SIP messages a " SIPMSG:" line, the message with one
 * leading space per line (the start line after '|'), and a closing '|':
 *
 *   2015-07-06T12:30:03.027+10:00 vcse tvcs: UTCTime="..." Module="network.sip" Level="DEBUG":  Action="Received" Local-ip=... Src-ip=... Msg-Hash=...
 *    SIPMSG:
 *    |INVITE sip:alice@example.com SIP/2.0
 *    Via: ...
 *    |
 *
 * Also read: X7 records (no Action, no Local-ip), X8.7 syslog times without
 * milliseconds, INFO twins (a summary of the DEBUG record, not a message),
 * event and other records (counted as other), and the shapes of records
 * pasted into cases and documents: RFC 3164 syslog prefixes, no prefix at
 * all, prose or a quoting marker before the header, "SIPMSG: |INVITE" on
 * one line, a space after the pipe, no closing '|'. A record's message ends
 * at its Content-Length when the body is complete; what follows before the
 * closing '|' is reported, not glued into it. Re-wrapped message lines are
 * read by logfmt_excerpt.c. docs/importing-logs.md has the details.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "logfmt.h"
#include "logfmt_excerpt.h"
#include "logtext.h"

/* One record header, continuation lines joined (re-wrapped documents). */
#define HEAD_MAX (SH_LOG_MAX_LINE * 2)

typedef struct xhead {
    sh_str time_text;       /* the syslog time as written */
    bool has_syslog_time;   /* ISO, valid */
    int64_t syslog_ns;
    bool rfc3164;
    unsigned month, day;
    int64_t tod_ms;
    sh_str host;
    sh_str utctime, module, level, action, local_ip, local_port;
    sh_str src_ip, src_port, dst_ip, dst_port, msg_hash;
} xhead;

enum xst { X_HEAD, X_MSG, X_SKIP };

typedef struct xstate {
    enum xst st;
    char *head;
    size_t head_len, head_cap;
    bool head_in_quote;     /* the head ends inside a "value" ... */
    bool quotes_known;      /* ... once counted (head_append) */
    bool head_long;         /* a header line was cut */
    uint64_t head_long_line;
    bool in_record;         /* a record of this reader is being read */
    bool rewrapped;         /* this record's message is document-style */
    bool parsed;            /* h holds the header, parsed at SIPMSG: */
    xhead h;
    bool last_pipe;         /* strict: the last line ended with '|' */
    sh_excerpt x;
} xstate;

static void free_state(void *st)
{
    g_free(((xstate *)st)->head);
}

/* ---- record header lines ---- */

/* After a time at s[i]: " host prog:" (the syslog host and program).
 * Returns the offset after the ':' or 0. */
static size_t host_prog(sh_str s, size_t i, sh_str *host)
{
    size_t h, t;
    if (i >= s.len || s.ptr[i] != ' ')
        return 0;
    while (i < s.len && s.ptr[i] == ' ')
        i++;
    h = i;
    while (i < s.len && s.ptr[i] != ' ')
        i++;
    /* "Jul  6 02:30:03.010 UTC: //-1/..." is an IOS debug line (its zone
     * then ':'), not a syslog host. */
    if (i == h || i >= s.len || s.ptr[i - 1] == ':')
        return 0;
    if (host)
        *host = sh_str_make(s.ptr + h, i - h);
    while (i < s.len && s.ptr[i] == ' ')
        i++;
    t = i;
    while (i < s.len && s.ptr[i] != ' ' && s.ptr[i] != ':')
        i++;
    return i > t && i < s.len && s.ptr[i] == ':' ? i + 1 : 0;
}

/* A syslog time at s[0]: ISO ("2015-07-06T12:30:03.027+10:00", the values
 * not checked yet) or RFC 3164 ("Jul  6 12:30:03"). Its length or 0. */
static size_t syslog_time_len(sh_str s)
{
    unsigned mo, d;
    int64_t tod;
    if (sh_is_digit(s.ptr[0])) {
        if (!sh_lt_datetime_shape(s, 'T'))
            return 0;
        size_t i = 19;
        while (i < s.len && s.ptr[i] != ' ')
            i++;
        return i;
    }
    /* "Jul  6 ...": most lines that start with a letter are SIP headers,
     * turned down by the space after three letters. */
    if (s.len < 15 || s.ptr[3] != ' ')
        return 0;
    return sh_lt_month_day_time(s, &mo, &d, &tod);
}

/* "<134>" (a syslog priority kept by some collectors) */
static size_t pri_len(sh_str s)
{
    size_t i = 1;
    if (s.len < 3 || s.ptr[0] != '<')
        return 0;
    while (i < s.len && i < 5 && sh_is_digit(s.ptr[i]))
        i++;
    return i > 1 && i < s.len && s.ptr[i] == '>' ? i + 1 : 0;
}

static bool key_before(sh_str l, const char *q, const char *key)
{
    size_t n = strlen(key);
    return (size_t)(q - l.ptr) >= n && memcmp(q - n, key, n) == 0 &&
           ((size_t)(q - l.ptr) == n || !sh_lt_alpha(q[-(ptrdiff_t)n - 1]));
}

/* Where the record header in l starts, or -1. At the line's start (after
 * white space, quoting markers '>' and a syslog priority): a syslog time
 * followed by host and program, "prog: UTCTime=", or "UTCTime=". Elsewhere
 * in the line (prose before it, a prefix not known): the first syslog time
 * before a UTCTime="/Module=" pair, else the pair itself. */
static long header_at(sh_str l, bool *strong, bool weak_too)
{
    size_t i = 0, t;

    while (i < l.len && (sh_is_wsp(l.ptr[i]) || l.ptr[i] == '>'))
        i++;
    i += pri_len(sh_lt_from(l, i));
    sh_str s = sh_lt_from(l, i);
    if (s.len == 0)
        return -1;
    *strong = true;
    if ((sh_is_digit(s.ptr[0]) || sh_lt_alpha(s.ptr[0])) && (t = syslog_time_len(s)) > 0 &&
        host_prog(s, t, NULL))
        return (long)i;

    if (!weak_too)
        return -1;
    /* The cheap test first: most lines have no '="' at all. */
    const char *q = memchr(l.ptr, '"', l.len);
    const char *key = NULL;
    while (q && q > l.ptr && !key) {
        if (q[-1] == '=' && (key_before(l, q - 1, "UTCTime") || key_before(l, q - 1, "Module")))
            key = q - 1;
        else
            q = memchr(q + 1, '"', l.len - (size_t)(q + 1 - l.ptr));
    }
    if (!key)
        return -1;
    key -= key_before(l, key, "UTCTime") ? 7 : 6;
    for (size_t j = i; l.ptr + j < key; j++) {
        sh_str r = sh_lt_from(l, j);
        if ((j == 0 || l.ptr[j - 1] == ' ' || l.ptr[j - 1] == '>') && (t = syslog_time_len(r)) > 0 &&
            host_prog(r, t, NULL))
            return (long)j;
    }
    /* "tvcs: UTCTime=..." : start at the program name. A weak start: a
     * re-wrapped header's continuation line looks the same. */
    *strong = false;
    size_t k = (size_t)(key - l.ptr);
    size_t e = k;
    while (e > i && l.ptr[e - 1] == ' ')
        e--;
    if (e > i && l.ptr[e - 1] == ':') {
        size_t b = e - 1;
        while (b > i && l.ptr[b - 1] != ' ')
            b--;
        return (long)b;
    }
    return (long)k;
}

static bool x_starts(sh_logctx *c, void *st, sh_str l)
{
    xstate *x = st;
    bool strong;
    (void)c;
    /* A line of a message in the log's layout (one leading space) may start
     * a record only at its start: no search through every SIP header. */
    bool in_msg = x->in_record && x->st == X_MSG && !x->rewrapped && l.len && l.ptr[0] == ' ';
    if (header_at(l, &strong, !in_msg) < 0)
        return false;
    /* Inside a header being read, "Module=... Local-ip=..." continues it. */
    return strong || !(x->in_record && x->st == X_HEAD);
}

/* ---- the parsed header ---- */


static void set_kv(xhead *h, sh_str key, sh_str val)
{
#define KEY(lit, field) { lit, sizeof lit - 1, offsetof(xhead, field) }
    static const struct {
        const char *name;
        size_t len;
        size_t off;
    } keys[] = {
        KEY("UTCTime", utctime),   KEY("Module", module),         KEY("Level", level),
        KEY("Action", action),     KEY("Local-ip", local_ip),     KEY("Local-port", local_port),
        KEY("Src-ip", src_ip),     KEY("Src-port", src_port),     KEY("Dst-ip", dst_ip),
        KEY("Dst-port", dst_port), KEY("Msg-Hash", msg_hash),
    };
#undef KEY
    /* Every key of every record passes here (INFO twins have a dozen):
     * the length first. */
    for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
        if (key.len == keys[i].len && sh_ascii_ieq_n(key.ptr, keys[i].name, key.len)) {
            sh_str *slot = (sh_str *)((char *)h + keys[i].off);
            if (slot->ptr == NULL)   /* the first one wins */
                *slot = val;
            return;
        }
    }
}

static bool is_key_char(char c)
{
    return sh_lt_alpha(c) || sh_is_digit(c) || c == '-' || c == '_';
}

static void parse_head(sh_str t, xhead *h)
{
    size_t i = pri_len(t), n, after;

    memset(h, 0, sizeof *h);
    sh_str s = sh_lt_from(t, i);
    if (s.len && (n = syslog_time_len(s)) > 0 && (after = host_prog(s, n, &h->host)) > 0) {
        h->time_text = sh_str_make(s.ptr, n);
        if (sh_lt_datetime_shape(s, 'T')) {
            h->has_syslog_time = sh_lt_datetime(h->time_text, 'T', true, &h->syslog_ns) == n;
        } else {
            h->rfc3164 = sh_lt_month_day_time(s, &h->month, &h->day, &h->tod_ms) > 0;
        }
        i += after;
    }
    /* Key="value" pairs, linear: a key is a run of key characters not
     * preceded by one, directly followed by '="'. */
    while (i < t.len) {
        if (!is_key_char(t.ptr[i]) || (i > 0 && is_key_char(t.ptr[i - 1]))) {
            i++;
            continue;
        }
        size_t k = i;
        while (i < t.len && is_key_char(t.ptr[i]))
            i++;
        if (i + 1 < t.len && t.ptr[i] == '=' && t.ptr[i + 1] == '"') {
            size_t v = i + 2;
            const char *q = memchr(t.ptr + v, '"', t.len - v);
            size_t e = q ? (size_t)(q - t.ptr) : t.len;
            set_kv(h, sh_str_make(t.ptr + k, i - k), sh_str_make(t.ptr + v, e - v));
            i = e + 1;
        }
    }
}

static sh_str head_str(const xstate *x)
{
    return sh_str_make(x->head, x->head_len);
}

/* Whether a text leaves a "value" open (an odd number of quotes). */
static bool odd_quotes(sh_str t)
{
    bool odd = false;
    for (const char *q = t.len ? memchr(t.ptr, '"', t.len) : NULL; q;
         q = memchr(q + 1, '"', t.len - (size_t)(q + 1 - t.ptr)))
        odd = !odd;
    return odd;
}

static void head_append(xstate *x, sh_str l)
{
    if (x->head_len) {
        /* A document broke the header line: between pairs the break ate a
         * space; inside a "value" (an address, a hash) it ate nothing. The
         * quotes are counted only then: most headers are one line. */
        if (!x->quotes_known) {
            x->head_in_quote = odd_quotes(head_str(x));
            x->quotes_known = true;
        }
        if (!x->head_in_quote && x->head_len < HEAD_MAX)
            x->head[x->head_len++] = ' ';
        l = sh_lt_trim(l);
        if (odd_quotes(l))
            x->head_in_quote = !x->head_in_quote;
    }
    if (l.len > HEAD_MAX - x->head_len)
        return;
    if (x->head_len + l.len + 1 > x->head_cap) {
        x->head_cap = MIN(MAX(x->head_cap * 2, x->head_len + l.len + 256), HEAD_MAX + 1);
        x->head = g_realloc(x->head, x->head_cap);
    }
    memcpy(x->head + x->head_len, l.ptr, l.len);
    x->head_len += l.len;
}

/* ---- finishing records ---- */

static void fill_common(sh_logctx *c, xstate *x, xhead *h, sh_log_record *r)
{
    sh_logctx_record(c, &sh_logfmt_expressway, r);
    if (x->parsed)
        *h = x->h;   /* parsed at SIPMSG:, the head has not changed since */
    else
        parse_head(head_str(x), h);
    x->parsed = false;
    r->node = h->host.len ? h->host : sh_str_from("expressway");
    r->msg_hash = h->msg_hash;
    x->st = X_HEAD;
    x->in_record = false;
}

/* The time of a record, or why there is none (detail). */
static bool record_time(sh_logctx *c, const xhead *h, int64_t *ns)
{
    if (h->utctime.len) {
        if (sh_lt_datetime(h->utctime, ' ', false, ns) > 0)
            return true;
        snprintf(c->detail, sizeof c->detail,
                 "SIP record header: UTCTime=\"%.*s\" is not a time this tool takes (a valid date, 1970-2200)",
                 (int)MIN(h->utctime.len, 64), h->utctime.ptr);
        return false;
    }
    if (h->has_syslog_time) {
        *ns = h->syslog_ns;
        return true;
    }
    if (h->rfc3164 && c->opt.has_sdl_date) {
        /* RFC 3164 prints no year and no zone: the year of --date, UTC. */
        int y;
        int64_t days;
        for (y = 1970; y < 2201; y++)
            if (sh_log_days_from_civil(y + 1, 1, 1) > c->opt.sdl_date)
                break;
        if (!sh_lt_valid_date((unsigned)y, h->month, h->day))
            goto bad;
        days = sh_log_days_from_civil(y, h->month, h->day);
        *ns = days * 86400 * INT64_C(1000000000) + h->tod_ms * SH_NS_PER_MS;
        return true;
    }
bad:
    if (h->time_text.len)
        snprintf(c->detail, sizeof c->detail,
                 h->rfc3164 ? "SIP record header has no UTCTime and its syslog time \"%.*s\" has no year (give --date)"
                            : "SIP record header: the syslog time \"%.*s\" is not a valid time (1970-2200)",
                 (int)MIN(h->time_text.len, 64), h->time_text.ptr);
    else
        snprintf(c->detail, sizeof c->detail, "SIP record header has no usable time (UTCTime or syslog time)");
    return false;
}

static void emit_sip(sh_logctx *c, xstate *x, sh_log_record *r)
{
    xhead h;
    static const sh_logfinish how = { .learn = true };

    fill_common(c, x, &h, r);
    if (c->err != SH_LOG_ENONE) {
        sh_logctx_bad(c, r);
        return;
    }
    r->action = h.action;
    if (!record_time(c, &h, &r->time_ns)) {
        r->kind = SH_LOG_BAD;
        r->error = SH_LOG_EBADHEADER;
        r->detail = c->detail;
        return;
    }
    r->has_time = true;

    /* Direction: Action, or (X7) which of Src-ip / Dst-ip is present. */
    if (sh_str_iprefix(h.action, "Receiv"))
        r->dir = SH_LOG_RECEIVED;
    else if (sh_str_iprefix(h.action, "Sen"))
        r->dir = SH_LOG_SENT;
    else if (h.src_ip.ptr && !h.dst_ip.ptr)
        r->dir = SH_LOG_RECEIVED;
    else if (h.dst_ip.ptr && !h.src_ip.ptr)
        r->dir = SH_LOG_SENT;
    else if (h.src_ip.ptr && h.dst_ip.ptr && h.local_ip.ptr)
        r->dir = sh_str_eq(sh_lt_strip_brackets(h.src_ip), sh_lt_strip_brackets(h.local_ip)) ? SH_LOG_SENT
                                                                                              : SH_LOG_RECEIVED;
    if (r->dir == SH_LOG_DIR_NONE) {
        r->kind = SH_LOG_BAD;
        r->error = SH_LOG_EBADHEADER;
        snprintf(c->detail, sizeof c->detail, "SIP record header has no usable direction (Action, Src-ip or Dst-ip)");
        r->detail = c->detail;
        return;
    }
    if (r->dir == SH_LOG_RECEIVED) {
        r->peer_addr = sh_lt_strip_brackets(h.src_ip);
        r->peer_port = sh_str_to_port(h.src_port);
    } else {
        r->peer_addr = sh_lt_strip_brackets(h.dst_ip);
        r->peer_port = sh_str_to_port(h.dst_port);
    }
    if (h.local_ip.len) {
        r->local_addr = sh_lt_strip_brackets(h.local_ip);
        r->local_port = sh_str_to_port(h.local_port);
        r->local_src = SH_LOCAL_LOGGED;
    }
    sh_logctx_finish_sip(c, r, !x->rewrapped, &how);
}

/* A record header that was not followed by SIPMSG: */
static void emit_head_only(sh_logctx *c, xstate *x, sh_log_record *r)
{
    xhead h;

    fill_common(c, x, &h, r);
    if (sh_str_ieq(h.module, "network.sip") && x->head_long) {
        sh_logctx_error(c, SH_LOG_ELONGLINE, x->head_long_line);
        sh_logctx_bad(c, r);
    } else if (sh_str_ieq(h.module, "network.sip") && sh_str_ieq(h.level, "INFO")) {
        r->kind = SH_LOG_INFO;
    } else {
        r->kind = SH_LOG_OTHER;
    }
}

/* ---- the message ---- */

/* A message line in the log's own layout (one leading space removed). */
static sh_feed strict_line(sh_logctx *c, xstate *x, sh_str l, uint64_t line, sh_log_record *r)
{
    sh_logmsg *m = &c->msg;
    sh_str t = sh_lt_trim(l);
    bool ok = true;

    if (m->nlines == 0) {
        if (t.len == 0)
            return SH_FEED_MORE;   /* stray blank before the start line */
        if (t.ptr[0] == '|')
            t = sh_lt_trim(sh_lt_from(t, 1));   /* "| INVITE": a paste's space */
        ok = sh_logmsg_line(m, t);
    } else if (sh_logmsg_complete(m)) {
        /* Content-Length says the message is all there: until the closing
         * '|', anything is not part of it (reported). */
        if (t.len && t.ptr[t.len - 1] == '|') {
            sh_logctx_after(c, sh_str_make(t.ptr, t.len - 1), line);
            emit_sip(c, x, r);
            return SH_FEED_EMIT;
        }
        sh_logctx_after(c, l, line);
        return SH_FEED_MORE;
    } else if (sh_lt_eq(t, "|")) {
        emit_sip(c, x, r);   /* the closing marker, maybe with spaces */
        return SH_FEED_EMIT;
    } else if (!m->in_body && t.len == 0) {
        /* The blank line after the headers (" " in the log; any white
         * space-only line: a header line is never empty). */
        ok = sh_logmsg_end_headers(m);
    } else if (m->in_body && l.len && l.ptr[l.len - 1] == '|' &&
               (!m->has_cl || sh_logmsg_body_len(m) + l.len - 1 >= m->cl)) {
        /* "last body line|": the body has no final line end. */
        ok = sh_logmsg_line(m, sh_str_make(l.ptr, l.len - 1));
        m->no_final_crlf = true;
        if (ok) {
            emit_sip(c, x, r);
            return SH_FEED_EMIT;
        }
    } else {
        ok = sh_logmsg_line(m, l);
    }
    if (!ok) {
        sh_logctx_error(c, SH_LOG_ETOOBIG, line);
        x->st = X_SKIP;
        return SH_FEED_MORE;
    }
    x->last_pipe = l.len > 0 && l.ptr[l.len - 1] == '|';
    return SH_FEED_MORE;
}

static sh_feed msg_line(sh_logctx *c, xstate *x, sh_str l, uint64_t line, sh_log_record *r)
{
    if (x->rewrapped) {
        switch (sh_excerpt_line(c, &x->x, l, line)) {
        case SH_EXC_MORE:
            return SH_FEED_MORE;
        case SH_EXC_DONE:
            emit_sip(c, x, r);
            return SH_FEED_EMIT;
        case SH_EXC_DONE_KEEP:
            emit_sip(c, x, r);
            return SH_FEED_EMIT_KEEP;
        case SH_EXC_FAIL:
            x->st = X_SKIP;
            return SH_FEED_MORE;
        }
    }
    /* The log's own layout: one leading space per line. A line without it
     * is taken as it is (tolerated, not guessed at). */
    if (l.len && l.ptr[0] == ' ')
        l = sh_lt_from(l, 1);
    return strict_line(c, x, l, line, r);
}

/* "SIPMSG:" at the start of the (trimmed) line; *rest gets what follows
 * it on the same line ("SIPMSG: |INVITE ..." pasted as one line). */
static bool sipmsg_line(sh_str l, sh_str *rest)
{
    sh_str t = sh_lt_trim(l);
    if (t.len < 7 || memcmp(t.ptr, "SIPMSG:", 7) != 0)
        return false;
    *rest = sh_lt_trim(sh_lt_from(t, 7));
    return true;
}

/* The SIPMSG: line of a record: its message follows. */
static sh_feed start_message(sh_logctx *c, xstate *x, bool rewrapped, sh_str rest, uint64_t line, sh_log_record *r)
{
    parse_head(head_str(x), &x->h);
    if (x->h.module.len && !sh_str_ieq(x->h.module, "network.sip"))
        return SH_FEED_MORE;   /* developer.* records dump SIP-looking text: not a message that crossed the wire */
    x->parsed = true;
    x->st = X_MSG;
    x->rewrapped = c->opt.rewrapped || rewrapped;
    sh_excerpt_reset(&x->x);
    if (x->head_long) {
        sh_logctx_error(c, SH_LOG_ELONGLINE, x->head_long_line);
        x->st = X_SKIP;
        return SH_FEED_MORE;
    }
    if (rest.len)
        return msg_line(c, x, rest, line, r);
    return SH_FEED_MORE;
}

static sh_feed x_begin(sh_logctx *c, void *st, sh_str l, uint64_t line, sh_log_record *r)
{
    xstate *x = st;
    bool strong;
    long at = header_at(l, &strong, true);

    sh_logctx_start(c, line);
    x->st = X_HEAD;
    x->in_record = true;
    x->parsed = false;
    x->head_len = 0;
    x->head_in_quote = false;
    x->quotes_known = false;
    x->head_long = c->line_long;
    x->head_long_line = line;
    x->rewrapped = false;
    x->last_pipe = false;
    l = sh_lt_from(l, (size_t)(at > 0 ? at : 0));
    /* "... Msg-Hash="1" SIPMSG: |INVITE ..." : a record pasted on one line. */
    const char *sm = sh_lt_find(l, "SIPMSG:");   /* 'S' is rarer than ' ' */
    if (sm && sm > l.ptr && sm[-1] == ' ') {
        sm--;
        sh_str rest;
        head_append(x, sh_str_make(l.ptr, (size_t)(sm - l.ptr)));
        sipmsg_line(sh_lt_from(l, (size_t)(sm - l.ptr)), &rest);
        return start_message(c, x, true, rest, line, r);
    }
    head_append(x, l);
    return SH_FEED_MORE;
}

static sh_feed x_feed(sh_logctx *c, void *st, sh_str l, uint64_t line, sh_log_record *r)
{
    xstate *x = st;
    sh_str rest;

    switch (x->st) {
    case X_HEAD:
        if (sh_lt_binary(l)) {
            emit_head_only(c, x, r);
            return SH_FEED_EMIT_KEEP;
        }
        if (sipmsg_line(l, &rest)) {
            sh_feed f = start_message(c, x, l.len == 0 || l.ptr[0] != ' ', rest, line, r);
            if (f == SH_FEED_MORE && x->st == X_HEAD && !x->parsed)
                head_append(x, l);   /* not network.sip: part of an other record */
            return f;
        }
        if (sh_lt_trim(l).len == 0)
            return SH_FEED_MORE;
        if (c->line_long && !x->head_long) {
            x->head_long = true;
            x->head_long_line = line;
        }
        head_append(x, l);
        return SH_FEED_MORE;
    case X_MSG:
        if (sh_logctx_bad_line(c, l, line)) {
            x->st = X_SKIP;
            return SH_FEED_MORE;
        }
        return msg_line(c, x, l, line, r);
    case X_SKIP:
        if (sh_lt_eq(sh_lt_trim(l), "|")) {
            emit_sip(c, x, r);
            return SH_FEED_EMIT;
        }
        return SH_FEED_MORE;
    }
    return SH_FEED_MORE;
}

/* The next record starts (or the input ends) before this one was closed. */
static void x_end(sh_logctx *c, void *st, uint64_t next_line, sh_log_record *r)
{
    xstate *x = st;
    sh_logmsg *m = &c->msg;
    sh_log_error why = next_line ? SH_LOG_EUNTERMINATED : SH_LOG_ETRUNCATED;
    uint64_t at = next_line ? next_line : c->lineno;

    switch (x->st) {
    case X_HEAD:
        emit_head_only(c, x, r);
        return;
    case X_SKIP:
        sh_logctx_error(c, why, at);
        break;
    case X_MSG:
        if (x->rewrapped) {
            if (m->nlines == 0)
                sh_logctx_error(c, why, at);
        } else if (sh_logmsg_complete(m) || (!m->in_body && m->has_cl && m->cl == 0)) {
            /* complete: a paste that lost its closing '|' */
        } else if (x->last_pipe && m->len > 0) {
            m->len--;   /* "x|" was the close after all (Content-Length lied) */
            m->no_final_crlf = true;
        } else {
            sh_logctx_error(c, why, at);
        }
        break;
    }
    emit_sip(c, x, r);
}

const sh_logfmt sh_logfmt_expressway = {
    .name = "Expressway diagnostic log",
    .state_size = sizeof(xstate),
    .free_state = free_state,
    .starts = x_starts,
    .begin = x_begin,
    .feed = x_feed,
    .end = x_end,
};
