/* logfmt_sdl.c - the CUCM SDL trace reader (TCP and UDP forms).
 *
 * Every trace line starts "00041288.002 |02:30:03.010 |AppInfo  |"; the
 * lines that log a SIP message say where it went or came from:
 *
 *   TCP: "SIPTcp - wait_SdlSPISignal: Outgoing SIP TCP message to 10.1.1.1 on port 5060 index 37"
 *        "SIPTcp - wait_SdlReadRsp: Incoming SIP TCP message from 10.1.1.1 on port 5060 index 37 with 412 bytes:"
 *   UDP: "//SIP/SIPUdp/wait_SdlSPISignal: Outgoing SIP UDP message to 10.1.1.1:[5060]:"
 *        "//SIP/SIPUdp/wait_SdlDataInd: Incoming SIP UDP message size 737 from 10.1.1.1:[5060]:"
 *
 * and the raw message follows (after a "[4567,NET]" line in the TCP form)
 * up to the next trace line. The message ends at its Content-Length; blank
 * or one-space lines after it are dropped, other text is reported.
 *
 * Lines carry only the local time of day. The date is --date, else a date
 * in the trace header (the lines before the first trace line), else the
 * SIP Date: header (GMT) of the first message that has one, which also
 * gives the trace clock's offset from UTC (to the nearest quarter hour)
 * unless --utc-offset did, else a date in the file name, else 1970-01-01
 * with a warning. A jump back in the time of day by more than 12 hours is
 * midnight.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logfmt.h"
#include "logtext.h"

#define DAY_MS (INT64_C(86400) * 1000)

typedef struct sstate {
    bool skip;              /* a bad record: read to its end, then report */
    sh_log_dir dir;
    char peer[64];
    uint32_t port;
    char transport[8];
    int64_t tod_ms;         /* this record's local time of day */
    int64_t last_tod_ms;    /* -1 before the first trace line */
    int32_t day_add;        /* midnights seen */
    bool seen_line;         /* a trace line was read: the header is over */
    bool has_header_date;
    int32_t header_date;
    bool has_learned_date;  /* from a SIP Date: header */
    int32_t learned_date;   /* minus the midnights seen before it */
    bool has_offset;
    int32_t offset_s;
    bool warned_nodate;
} sstate;

/* "00012345.002 |02:30:03.010 |AppInfo  |text": the time of day in ms and
 * the text after the time field. */
static bool trace_line(sh_str l, int64_t *tod_ms, sh_str *text)
{
    size_t i = 0, j, n;

    if (l.len < 16 || !sh_is_digit(l.ptr[0]))
        return false;
    while (i < l.len && sh_is_digit(l.ptr[i]))
        i++;
    if (i >= l.len || l.ptr[i] != '.')
        return false;
    j = ++i;
    while (i < l.len && sh_is_digit(l.ptr[i]))
        i++;
    if (i == j)
        return false;
    while (i < l.len && l.ptr[i] == ' ')
        i++;
    if (i >= l.len || l.ptr[i] != '|')
        return false;
    i++;
    if ((n = sh_lt_time_of_day(sh_lt_from(l, i), true, tod_ms)) == 0)
        return false;
    i += n;
    while (i < l.len && l.ptr[i] == ' ')
        i++;
    if (i < l.len && l.ptr[i] == '|')
        i++;
    *text = sh_lt_from(l, i);
    return true;
}

static bool s_starts(sh_logctx *c, void *st, sh_str l)
{
    int64_t tod;
    sh_str text;
    (void)c;
    (void)st;
    return trace_line(l, &tod, &text);
}

static void copy_text(char *dst, size_t size, sh_str s)
{
    size_t n = MIN(s.len, size - 1);
    memcpy(dst, s.ptr, n);
    dst[n] = '\0';
}

/* "... message to 10.1.1.1 on port 5060 index 37" or "... from
 * 10.1.1.1:[5060]:" : the peer and its port. */
static void parse_peer(sstate *s, sh_str rest)
{
    const char *w = sh_lt_find(rest, s->dir == SH_LOG_RECEIVED ? " from " : " to ");
    s->peer[0] = '\0';
    s->port = 0;
    if (!w)
        return;
    sh_str a = sh_lt_from(rest, (size_t)(w - rest.ptr) + (s->dir == SH_LOG_RECEIVED ? 6 : 4));
    const char *on = sh_lt_find(a, " on port ");
    const char *br = sh_lt_find(a, ":[");
    if (on) {
        sh_str ps = sh_lt_from(a, (size_t)(on - a.ptr) + 9);
        size_t n = 0;
        while (n < ps.len && sh_is_digit(ps.ptr[n]))
            n++;
        copy_text(s->peer, sizeof s->peer, sh_str_make(a.ptr, (size_t)(on - a.ptr)));
        s->port = sh_str_to_port(sh_str_make(ps.ptr, n));
    } else if (br) {
        sh_str ps = sh_lt_from(a, (size_t)(br - a.ptr) + 2);
        const char *rb = memchr(ps.ptr, ']', ps.len);
        copy_text(s->peer, sizeof s->peer, sh_str_make(a.ptr, (size_t)(br - a.ptr)));
        if (rb)
            s->port = sh_str_to_port(sh_str_make(ps.ptr, (size_t)(rb - ps.ptr)));
    } else {
        size_t n = 0;
        while (n < a.len && a.ptr[n] != ' ')
            n++;
        copy_text(s->peer, sizeof s->peer, sh_str_make(a.ptr, n));
    }
}

static sh_feed s_begin(sh_logctx *c, void *st, sh_str l, uint64_t line, sh_log_record *r)
{
    sstate *s = st;
    sh_str text;
    int64_t tod;

    trace_line(l, &tod, &text);
    if (!s->seen_line) {
        s->seen_line = true;
        s->last_tod_ms = -1;
    }
    /* Times only go forward in a trace; a jump back by more than 12 hours
     * is midnight (a century of them at most: times stay in range). */
    if (s->last_tod_ms >= 0 && tod + 12 * 3600 * 1000 < s->last_tod_ms && s->day_add < 36500)
        s->day_add++;
    s->last_tod_ms = tod;

    const char *in = sh_lt_find(text, "Incoming SIP ");
    const char *out = in ? NULL : sh_lt_find(text, "Outgoing SIP ");
    if (!in && !out) {
        sh_logctx_start(c, line);
        sh_logctx_record(c, &sh_logfmt_sdl, r);
        r->kind = SH_LOG_OTHER;
        r->sdl = true;
        r->node = sh_str_from(c->opt.sdl_node);
        return SH_FEED_EMIT;
    }
    sh_logctx_start(c, line);
    s->skip = false;
    s->tod_ms = tod;
    s->dir = in ? SH_LOG_RECEIVED : SH_LOG_SENT;
    sh_str rest = sh_lt_from(text, (size_t)((in ? in : out) - text.ptr) + 13);
    size_t w = 0;
    while (w < rest.len && rest.ptr[w] != ' ')
        w++;
    copy_text(s->transport, sizeof s->transport, sh_str_make(rest.ptr, w));
    parse_peer(s, rest);
    if (c->line_long) {
        sh_logctx_error(c, SH_LOG_ELONGLINE, line);
        s->skip = true;
    }
    return SH_FEED_MORE;
}

static sh_feed s_feed(sh_logctx *c, void *st, sh_str l, uint64_t line, sh_log_record *r)
{
    sstate *s = st;
    (void)r;

    if (s->skip)
        return SH_FEED_MORE;
    if (sh_logctx_bad_line(c, l, line)) {
        s->skip = true;
        return SH_FEED_MORE;
    }
    if (c->msg.nlines == 0) {
        /* "[176,NET]" before the message, maybe with the start line after. */
        if (l.len && l.ptr[0] == '[') {
            const char *rb = memchr(l.ptr, ']', l.len);
            if (rb && sh_lt_find(sh_str_make(l.ptr, (size_t)(rb - l.ptr)), ",NET"))
                l = sh_lt_from(l, (size_t)(rb + 1 - l.ptr));
        }
    }
    if (!sh_logctx_msg_line(c, l, line))
        s->skip = true;
    return SH_FEED_MORE;
}

/* The date and the clock's offset from the SIP Date: header (GMT) of this
 * message, against the trace's local time of day. */
static void learn_from_date_header(sh_logctx *c, sstate *s, bool want_date, bool want_off)
{
    int64_t gmt;
    char day[16];

    if (!sh_lt_http_date(sh_logctx_header(c, "Date", 0), &gmt))
        return;
    int32_t off_s = sh_lt_offset_from_gmt(s->tod_ms, gmt);
    if (want_off) {
        s->has_offset = true;
        s->offset_s = off_s;
    }
    if (want_date) {
        /* The local day whose time of day lands nearest the Date: header. */
        int32_t used = c->opt.has_utc_offset ? c->opt.utc_offset_s : off_s;
        int64_t local = gmt * 1000 + (int64_t)used * 1000;
        int64_t d0 = (local >= 0 ? local : local - DAY_MS + 1) / DAY_MS, best = d0;
        for (int64_t d = d0 - 1; d <= d0 + 1; d++)
            if (llabs(d * DAY_MS + s->tod_ms - local) < llabs(best * DAY_MS + s->tod_ms - local))
                best = d;
        s->has_learned_date = true;
        s->learned_date = (int32_t)best - s->day_add;
    }
    sh_lt_format_date(s->learned_date + s->day_add, day);
    sh_logctx_date_note(c, want_date ? "SDL date" : "SDL", want_date ? day : NULL, want_off, off_s);
}

static void s_end(sh_logctx *c, void *st, uint64_t next_line, sh_log_record *r)
{
    sstate *s = st;
    sh_logfinish how = { .learn = true, .forced_ip = c->opt.cucm_ip, .endpoint = true };
    (void)next_line;

    sh_logctx_record(c, &sh_logfmt_sdl, r);
    r->sdl = true;
    r->node = sh_str_from(c->opt.sdl_node);
    r->dir = s->dir;
    r->peer_addr = sh_lt_strip_brackets(sh_str_from(s->peer));
    r->peer_port = s->port;
    how.transport_word = sh_str_from(s->transport);
    if (s->skip && next_line == 0)
        sh_logctx_error(c, SH_LOG_ETRUNCATED, c->lineno);
    if (!sh_logctx_finish_sip(c, r, false, &how))
        return;

    bool want_date = !c->opt.has_sdl_date && !s->has_header_date && !s->has_learned_date;
    bool want_off = !c->opt.has_utc_offset && !s->has_offset;
    if (want_date || want_off)
        learn_from_date_header(c, s, want_date, want_off);
    bool dated = true;
    int64_t day;
    if (c->opt.has_sdl_date)
        day = c->opt.sdl_date;
    else if (s->has_header_date)
        day = s->header_date;
    else if (s->has_learned_date)
        day = s->learned_date;
    else if (c->opt.has_name_date)
        day = c->opt.name_date;
    else {
        day = 0;
        dated = false;
    }
    int32_t off = c->opt.has_utc_offset ? c->opt.utc_offset_s : s->has_offset ? s->offset_s : c->opt.utc_offset_s;
    int64_t ms = (day + s->day_add) * DAY_MS + s->tod_ms - (int64_t)off * 1000;
    sh_logctx_time_ms(r, ms);
    if (!dated)
        sh_logctx_nodate(c, r, &s->warned_nodate,
                         "SDL trace has no date (no --date, trace header, SIP Date: header or date in the file name); "
                         "times are on 1970-01-01");
}

/* Before the first trace line: a date in the trace header. */
static void s_idle(sh_logctx *c, void *st, sh_str l)
{
    sstate *s = st;
    int32_t d;
    if (!s->seen_line && !c->opt.has_sdl_date && !s->has_header_date && sh_log_find_date(l, &d)) {
        s->has_header_date = true;
        s->header_date = d;
    }
}

const sh_logfmt sh_logfmt_sdl = {
    .name = "CUCM SDL trace",
    .state_size = sizeof(sstate),
    .starts = s_starts,
    .begin = s_begin,
    .feed = s_feed,
    .end = s_end,
    .idle = s_idle,
};
