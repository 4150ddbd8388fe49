/* logfmt_cube.c - the Cisco IOS / IOS-XE (CUBE, voice gateway) "debug ccsip
 * messages" reader.
 *
 * One record per SIP message: a debug line naming ccsipDisplayMsg, the
 * direction on a line of its own, then the raw message (LF line ends, no
 * prefix):
 *
 *   <seq>: <Mon> <dd> <hh:mm:ss.mmm>[ <TZ>]: //<call>/<GUID>/SIP/Msg/ccsipDisplayMsg:
 *   Sent:
 *   INVITE sip:... SIP/2.0
 *   ...
 *
 * The debug line: "<seq>: " (service sequence-numbers) is optional; the
 * timestamp may start with '*' (clock not synchronised) or '.', may name a
 * zone, may carry a year ("Jul  6 2015 02:30:03.010", `timestamps ... year`),
 * may be an uptime ("1d02h:", "00:01:23:") or be missing (quoted copies);
 * "//" may have lost a slash ("/-1/..."); <call> is -1 or digits, <GUID> 12
 * hex digits or "xxxxxxxxxxxx". Blank lines and annotation lines may come
 * between it and the "Sent:" / "Received:" line; a SIP start line before
 * any direction line makes the record BAD (direction unknown). The record
 * ends at the next debug line (one with that path, or any line starting
 * with a timestamp, or "<seq>: " outside a body still being read); the
 * message itself ends at its Content-Length: blank lines after it are
 * dropped, other text is reported (SH_LOG_ETRAILING). Other debug lines with
 * the path (/SIP/Info/..., /SIP/State/..., /SIP/Call/..., /CCAPI/...) are
 * OTHER records of one line; lines of other IOS debugs and messages
 * ("%SYS-5-..." with a timestamp) are skipped.
 *
 * Time. The year: a year printed in the timestamp, else --date's year, else
 * the year that puts the first record whose message has a SIP Date: header
 * (GMT) nearest that header, else 1970 with a one-time SH_LOG_ENODATE
 * warning; a month going back by more than six months between debug lines
 * is a New Year. The zone: a timestamp naming UTC/GMT/UCT/Z is UTC;
 * otherwise --utc-offset, else the offset learned from the first Date:
 * header against the record's time (nearest quarter hour), else UTC.
 * A record without a timestamp of its own (lost in a copy, or an uptime)
 * takes the time of the previous debug line that had one; before any, the
 * time of its own Date: header, else --date at midnight, else 1970 with the
 * same one-time warning. No warning is given for an inherited time.
 *
 * Addresses. The record names none. The peer comes from the message: a
 * request received, from its top Via ("received=" else the sent-by host;
 * "rport=" else the sent-by port, else 5060 / 5061 for TLS); a request sent,
 * from the top Route's URI if any, else the Request-URI; a response sent,
 * from its top Via as above; a response received, from where the request it
 * answers (same Call-ID and CSeq number, else the newest request sent in
 * the same Call-ID) was sent, remembered for the last 64 requests sent,
 * else the text "unknown peer". The router's own address is --cube-ip, else
 * learned per node by sh_logctx_finish_sip (the Via it puts on what it
 * sends, its Contact, the Request-URI of a request received without Route).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logfmt.h"
#include "logtext.h"
#include "siphop/hash.h"
#include "siphop/via.h"

#define DAY_MS (INT64_C(86400) * 1000)
#define N_SENT 64
#define PEER_MAX 128
#define UNKNOWN_PEER "unknown peer"

/* ---- debug lines ---- */

typedef enum dkind {
    D_NONE = 0,
    D_SEQ,          /* "<seq>: " then text that is none of the below */
    D_GENERIC,      /* a timestamp (or "<seq>: %"), not a ccsip path */
    D_PATH,         /* "//<call>/<GUID>/..." other than ccsipDisplayMsg */
    D_MSG,          /* ".../SIP/Msg/ccsipDisplayMsg:" */
} dkind;

typedef struct dline {
    dkind kind;
    bool has_date;          /* month, day, time of day */
    bool has_year;
    bool utc;               /* the zone named is UTC */
    unsigned year, month, day;
    int64_t tod_ms;
    sh_str rest;            /* D_MSG: the text after "ccsipDisplayMsg:" */
} dline;

static bool hex_or_x(char ch)
{
    return sh_is_digit(ch) || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F') || ch == 'x' || ch == 'X';
}

/* "Mmm dd [yyyy ]hh:mm:ss[.mmm]" at s: the length parsed or 0. */
static size_t date_stamp(sh_str s, dline *d)
{
    unsigned m, day;
    size_t i = sh_lt_month_day(s, &m, &day), n;

    if (i == 0)
        return 0;
    d->has_year = false;
    if (i + 5 <= s.len && sh_all_digits(s.ptr + i, 4) && s.ptr[i + 4] == ' ') {
        unsigned y = sh_lt_num(s.ptr + i, 4);
        if (y >= 1970 && y <= 2200) {
            d->has_year = true;
            d->year = y;
        }
        i += 5;
    }
    if ((n = sh_lt_time_of_day(sh_lt_from(s, i), false, &d->tod_ms)) == 0)
        return 0;
    d->month = m;
    d->day = day;
    d->has_date = true;
    return i + n;
}

/* An uptime ("1d02h", "2w3d", "1y2w", or "hh:mm:ss[.mmm]" under a day):
 * the length parsed or 0. */
static size_t uptime_stamp(sh_str s)
{
    size_t i = 0, a, b;
    int64_t tod;

    if ((i = sh_lt_time_of_day(s, false, &tod)) > 0)
        return i;
    for (a = 0; a < s.len && sh_is_digit(s.ptr[a]); a++)
        ;
    if (a == 0 || a >= s.len || !strchr("ywd", s.ptr[a]) || s.ptr[a] == '\0')
        return 0;
    for (b = a + 1; b < s.len && sh_is_digit(s.ptr[b]); b++)
        ;
    if (b == a + 1 || b >= s.len || !strchr("wdh", s.ptr[b]) || s.ptr[b] == '\0')
        return 0;
    return b + 1;
}

/* "//<call>/<GUID>/" or, a slash lost, "/<call>/<GUID>/" at s: the length
 * parsed or 0. */
static size_t path_prefix(sh_str s)
{
    size_t i, j;

    if (s.len >= 2 && s.ptr[0] == '/' && s.ptr[1] == '/')
        i = 2;
    else if (s.len >= 1 && s.ptr[0] == '/')
        i = 1;
    else
        return 0;
    j = i;
    if (i < s.len && s.ptr[i] == '-')
        i++;
    while (i < s.len && sh_is_digit(s.ptr[i]) && i - j < 12)
        i++;
    if (i == j || (s.ptr[j] == '-' && i == j + 1) || i >= s.len || s.ptr[i] != '/')
        return 0;
    i++;
    for (j = i; i < s.len && i - j < 12 && hex_or_x(s.ptr[i]); i++)
        ;
    if (i - j != 12 || i >= s.len || s.ptr[i] != '/')
        return 0;
    return i + 1;
}

static dline classify(sh_str l)
{
    dline d;
    size_t i = 0, j, n;
    bool seq = false, stamp = false;

    memset(&d, 0, sizeof d);
    while (i < l.len && sh_is_wsp(l.ptr[i]))
        i++;
    /* "000401: " */
    for (j = i; j < l.len && sh_is_digit(l.ptr[j]) && j - i < 12; j++)
        ;
    if (j > i && j + 1 < l.len && l.ptr[j] == ':' && l.ptr[j + 1] == ' ') {
        seq = true;
        i = j + 1;
        while (i < l.len && l.ptr[i] == ' ')
            i++;
    }
    /* "*Jul  6 02:30:03.010 UTC: " or an uptime "1d02h: " */
    j = i;
    if (j < l.len && (l.ptr[j] == '*' || l.ptr[j] == '.'))
        j++;
    sh_str s = sh_lt_from(l, j);
    if ((n = date_stamp(s, &d)) > 0) {
        size_t z = n;
        if (z < s.len && s.ptr[z] == ' ') {
            size_t e = z + 1;
            while (e < s.len && sh_lt_alpha(s.ptr[e]) && e - z <= 6)
                e++;
            if (e > z + 1 && e < s.len && s.ptr[e] == ':') {
                sh_str tz = sh_str_make(s.ptr + z + 1, e - z - 1);
                d.utc = sh_str_ieq(tz, "UTC") || sh_str_ieq(tz, "GMT") || sh_str_ieq(tz, "UCT") || sh_str_ieq(tz, "Z");
                z = e;
            }
        }
        if (z < s.len && s.ptr[z] == ':') {
            stamp = true;
            i = j + z + 1;
        } else {
            d.has_date = false;
        }
    } else if ((n = uptime_stamp(s)) > 0 && n < s.len && s.ptr[n] == ':' && (n + 1 == s.len || s.ptr[n + 1] == ' ')) {
        stamp = true;
        i = j + n + 1;
    }
    while (i < l.len && l.ptr[i] == ' ')
        i++;
    sh_str rest = sh_lt_from(l, i);
    if ((n = path_prefix(rest)) > 0) {
        static const char msg[] = "SIP/Msg/ccsipDisplayMsg:";
        sh_str p = sh_lt_from(rest, n);
        if (p.len >= sizeof msg - 1 && memcmp(p.ptr, msg, sizeof msg - 1) == 0) {
            d.kind = D_MSG;
            d.rest = sh_lt_trim(sh_lt_from(p, sizeof msg - 1));
        } else {
            d.kind = D_PATH;
        }
    } else if (stamp) {
        d.kind = D_GENERIC;
    } else if (seq && rest.len) {
        d.kind = rest.ptr[0] == '%' ? D_GENERIC : D_SEQ;
    }
    if (!stamp)
        d.has_date = false;
    return d;
}

/* ---- state ---- */

typedef struct sentreq {
    uint64_t call;          /* Call-ID digest, 0: free */
    uint32_t cseq;
    uint32_t port;
    char addr[PEER_MAX];
} sentreq;

typedef enum cst { C_DIR, C_MSG } cst;

typedef struct cstate {
    cst st;
    bool skip;              /* a bad record: read to its end, then report */
    bool no_dir;            /* a start line came before any direction line */
    uint64_t no_dir_line;
    sh_log_dir dir;

    /* This record's time (own or inherited). */
    bool rec_time;          /* it has one */
    bool rec_own;           /* printed on its own line */
    dline rec;

    /* The last debug line with a date. */
    bool has_last;
    dline last;
    unsigned prev_month;    /* 0 before the first */
    int32_t year_add;       /* New Years seen */

    bool has_year;
    int year_base;          /* learned year minus the New Years seen before */
    int date_year;          /* --date's year, 0 until needed */
    bool has_offset;
    int32_t offset_s;
    bool warned_nodate;

    char peer[PEER_MAX];
    uint32_t peer_port;

    sentreq sent[N_SENT];
    size_t sent_next;
} cstate;

/* A dated debug line: remember it, and count New Years. */
static void saw_date(cstate *s, const dline *d)
{
    if (!d->has_date)
        return;
    if (s->prev_month && d->month + 6 < s->prev_month && s->year_add < 200)
        s->year_add++;
    s->prev_month = d->month;
    s->last = *d;
    s->has_last = true;
}

/* Cheap refusal of most lines (every line of every log is offered to
 * c_starts, every line of a CUBE record to c_feed): a debug line starts
 * (after white space) with a digit, '*', '.', '/' or a month ("Jul "); most
 * lines that start with a letter are SIP headers ("Via:", "To:"). */
static bool maybe_debug(sh_str l, size_t *at)
{
    size_t i = 0;
    while (i < l.len && sh_is_wsp(l.ptr[i]))
        i++;
    *at = i;
    if (l.len - i < 8)
        return false;
    const char *p = l.ptr + i;
    if (sh_lt_alpha(p[0]))
        return sh_lt_alpha(p[1]) && sh_lt_alpha(p[2]) && p[3] == ' ';
    return sh_is_digit(p[0]) || p[0] == '*' || p[0] == '.' || p[0] == '/';
}

static bool c_starts(sh_logctx *c, void *st, sh_str l)
{
    size_t i;
    (void)c;
    (void)st;
    /* A record's line holds the path's slashes. */
    if (!maybe_debug(l, &i) || !memchr(l.ptr + i, '/', l.len - i))
        return false;
    dkind k = classify(l).kind;
    return k == D_MSG || k == D_PATH;
}

static bool direction_word(sh_str t, sh_log_dir *dir, sh_str *after)
{
    if (t.len >= 5 && memcmp(t.ptr, "Sent:", 5) == 0) {
        *dir = SH_LOG_SENT;
        *after = sh_lt_trim(sh_lt_from(t, 5));
        return true;
    }
    if (t.len >= 9 && memcmp(t.ptr, "Received:", 9) == 0) {
        *dir = SH_LOG_RECEIVED;
        *after = sh_lt_trim(sh_lt_from(t, 9));
        return true;
    }
    return false;
}

static void msg_line(sh_logctx *c, cstate *s, sh_str l, uint64_t line)
{
    if (!sh_logctx_msg_line(c, l, line))
        s->skip = true;
}

/* A direction line (or none yet) at l. */
static void dir_line(sh_logctx *c, cstate *s, sh_str l, uint64_t line)
{
    sh_str t = sh_lt_trim(l), after;

    if (t.len == 0)
        return;
    if (direction_word(t, &s->dir, &after)) {
        s->st = C_MSG;
        if (after.len && sh_log_start_line(after))
            msg_line(c, s, after, line);
        return;
    }
    if (sh_log_start_line(t)) {
        sh_logctx_error(c, SH_LOG_EBADHEADER, line);
        s->no_dir = true;
        s->no_dir_line = line;
        s->skip = true;
    }
    /* else an annotation of a quoted copy */
}

static sh_feed c_begin(sh_logctx *c, void *st, sh_str l, uint64_t line, sh_log_record *r)
{
    cstate *s = st;
    dline d = classify(l);

    saw_date(s, &d);
    sh_logctx_start(c, line);
    if (d.kind != D_MSG) {
        sh_logctx_record(c, &sh_logfmt_cube, r);
        r->kind = SH_LOG_OTHER;
        r->node = sh_str_from(c->opt.cube_node);
        return SH_FEED_EMIT;
    }
    s->st = C_DIR;
    s->skip = false;
    s->no_dir = false;
    s->dir = SH_LOG_DIR_NONE;
    s->rec_own = d.has_date;
    s->rec_time = d.has_date || s->has_last;
    s->rec = d.has_date ? d : s->last;
    if (c->line_long) {
        sh_logctx_error(c, SH_LOG_ELONGLINE, line);
        s->skip = true;
    } else if (d.rest.len) {
        dir_line(c, s, d.rest, line);
    }
    return SH_FEED_MORE;
}

static void c_end(sh_logctx *c, void *st, uint64_t next_line, sh_log_record *r);

static sh_feed c_feed(sh_logctx *c, void *st, sh_str l, uint64_t line, sh_log_record *r)
{
    cstate *s = st;
    const sh_logmsg *m = &c->msg;

    /* The next debug line of another kind ends the record; "<seq>: text"
     * does too, except inside a body still short of its Content-Length. */
    size_t at;
    if (!c->line_long && maybe_debug(l, &at) && !sh_lt_binary(l)) {
        dline d = classify(l);
        bool body_open = s->st == C_MSG && m->in_body && !sh_logmsg_complete(m);
        if (d.kind == D_GENERIC || (d.kind == D_SEQ && !body_open)) {
            c_end(c, st, line, r);
            return SH_FEED_EMIT_KEEP;
        }
    }
    if (s->skip)
        return SH_FEED_MORE;
    if (sh_logctx_bad_line(c, l, line)) {
        s->skip = true;
        return SH_FEED_MORE;
    }
    if (s->st == C_DIR)
        dir_line(c, s, l, line);
    else
        msg_line(c, s, l, line);
    return SH_FEED_MORE;
}

/* ---- time ---- */

static int year_of_days(int32_t days)
{
    char buf[16];
    sh_lt_format_date(days, buf);
    int y = (int)strtol(buf, NULL, 10);   /* "-0001-..." too */
    return y < 1 ? 1 : y > 9999 ? 9999 : y;
}

static int64_t local_ms(int year, const dline *d)
{
    return (int64_t)sh_log_days_from_civil(year, d->month, d->day) * DAY_MS + d->tod_ms;
}

static int32_t offset_of(const sh_logctx *c, const cstate *s, const dline *d)
{
    if (d->utc)
        return 0;
    if (c->opt.has_utc_offset)
        return c->opt.utc_offset_s;
    return s->has_offset ? s->offset_s : c->opt.utc_offset_s;
}

/* The year and the clock's offset from the SIP Date: header (GMT) of this
 * message, against the record's own timestamp. */
static void learn_from_date_header(sh_logctx *c, cstate *s, int64_t gmt, bool want_year, bool want_off)
{
    const dline *d = &s->rec;

    if (want_off) {
        s->offset_s = sh_lt_offset_from_gmt(d->tod_ms, gmt);
        s->has_offset = true;
    }
    int year = 0;
    if (want_year) {
        /* The year that puts the record nearest the Date: header (a log
         * around New Year). */
        int gy = year_of_days((int32_t)(gmt / 86400));
        int64_t o = (int64_t)offset_of(c, s, d) * 1000, best = -1;
        for (int y = gy - 1; y <= gy + 1; y++) {
            int64_t dist = llabs(local_ms(y, d) - o - gmt * 1000);
            if (best < 0 || dist < best) {
                best = dist;
                year = y;
            }
        }
        s->has_year = true;
        s->year_base = year - s->year_add;
    }
    char y[16];
    snprintf(y, sizeof y, "%d", year);
    sh_logctx_date_note(c, want_year ? "CUBE year" : "CUBE", want_year ? y : NULL, want_off, s->offset_s);
}

/* The record's time; false: it has no year (1970 used). */
static bool record_time(sh_logctx *c, cstate *s, int64_t *ms)
{
    int64_t gmt;
    sh_str date = sh_logctx_header(c, "Date", 0);
    /* (sh_lt_http_date hands an absent header's NULL pointer to memchr) */
    bool has_gmt = date.len > 0 && sh_lt_http_date(date, &gmt);

    if (!s->rec_time) {
        if (has_gmt) {
            *ms = gmt * 1000;
            return true;
        }
        if (c->opt.has_sdl_date) {
            *ms = (int64_t)c->opt.sdl_date * DAY_MS;
            return true;
        }
        *ms = 0;
        return false;
    }
    const dline *d = &s->rec;
    if (s->rec_own && has_gmt) {
        bool want_year = !d->has_year && !c->opt.has_sdl_date && !s->has_year;
        bool want_off = !d->utc && !c->opt.has_utc_offset && !s->has_offset;
        if (want_year || want_off)
            learn_from_date_header(c, s, gmt, want_year, want_off);
    }
    int year;
    bool dated = true;
    if (d->has_year)
        year = (int)d->year;
    else if (c->opt.has_sdl_date)
        year = (s->date_year ? s->date_year : (s->date_year = year_of_days(c->opt.sdl_date))) + s->year_add;
    else if (s->has_year)
        year = s->year_base + s->year_add;
    else {
        year = 1970;
        dated = false;
    }
    *ms = local_ms(year, d) - (int64_t)offset_of(c, s, d) * 1000;
    return dated;
}

/* ---- peers ---- */

static void set_peer(cstate *s, sh_str host, uint32_t port)
{
    host = sh_lt_strip_brackets(sh_lt_trim(host));
    if (host.len == 0) {
        g_strlcpy(s->peer, UNKNOWN_PEER, sizeof s->peer);
        s->peer_port = 0;
        return;
    }
    size_t n = MIN(host.len, sizeof s->peer - 1);
    memcpy(s->peer, host.ptr, n);
    s->peer[n] = '\0';
    s->peer_port = port;
}

/* The top Via's received= (else host) and rport= (else port, else the
 * transport's default). */
static void peer_from_via(sh_logctx *c, cstate *s, const sh_log_record *r)
{
    sh_via v;
    if (sh_via_parse_list(sh_logctx_header(c, "Via", 'v'), &v, 1, NULL) == 0) {
        set_peer(s, SH_STR_NULL, 0);
        return;
    }
    uint32_t port = v.rport.len ? sh_str_to_port(v.rport) : 0;
    if (!port)
        port = v.port ? v.port : sh_lt_default_port(r->transport, false);
    set_peer(s, v.received.len ? v.received : v.host, port);
}

static uint64_t call_key(const sh_logctx *c)
{
    sh_str id = sh_lt_trim(sh_logctx_header(c, "Call-ID", 'i'));
    return id.len ? sh_hash_finish(sh_hash_str(SH_HASH_INIT, id)) : 0;
}

static uint32_t cseq_num(const sh_logctx *c)
{
    sh_str v = sh_lt_trim(sh_logctx_header(c, "CSeq", 0));
    size_t n = 0;
    while (n < v.len && n < 9 && sh_is_digit(v.ptr[n]))
        n++;
    return n ? sh_lt_num(v.ptr, n) : 0;
}

static void find_peer(sh_logctx *c, cstate *s, const sh_log_record *r)
{
    (void)r;
    uint64_t key = call_key(c);
    uint32_t cseq = cseq_num(c);
    const sentreq *dialog = NULL;

    if (key) {
        for (size_t k = 1; k <= N_SENT; k++) {
            const sentreq *e = &s->sent[(s->sent_next + N_SENT - k) % N_SENT];
            if (e->call != key)
                continue;
            if (e->cseq == cseq) {
                set_peer(s, sh_str_from(e->addr), e->port);
                return;
            }
            if (!dialog)
                dialog = e;
        }
    }
    if (dialog)
        set_peer(s, sh_str_from(dialog->addr), dialog->port);
    else
        set_peer(s, SH_STR_NULL, 0);
}

static void remember_sent(sh_logctx *c, cstate *s)
{
    uint64_t key = call_key(c);
    if (!key || strcmp(s->peer, UNKNOWN_PEER) == 0)
        return;
    sentreq *e = &s->sent[s->sent_next];
    s->sent_next = (s->sent_next + 1) % N_SENT;
    e->call = key;
    e->cseq = cseq_num(c);
    e->port = s->peer_port;
    g_strlcpy(e->addr, s->peer, sizeof e->addr);
}

static void resolve_peer(sh_logctx *c, cstate *s, const sh_log_record *r)
{
    size_t pos = 0;
    sh_str start = sh_str_next_line(r->msg, &pos);
    bool request = sh_log_request_line(start);
    sh_str host;
    uint32_t port;
    bool sips;

    if (r->dir == SH_LOG_SENT && request) {
        const char *sp = memchr(start.ptr, ' ', start.len);
        sh_str route = sh_logctx_header(c, "Route", 0);
        if (sh_lt_uri_hostport(route, &host, &port, &sips) ||
            (sp && sh_lt_uri_hostport(sh_lt_from(start, (size_t)(sp - start.ptr) + 1), &host, &port, &sips)))
            set_peer(s, host, port ? port : sh_lt_default_port(r->transport, sips));
        else
            set_peer(s, SH_STR_NULL, 0);
        remember_sent(c, s);
    } else if (request || r->dir == SH_LOG_SENT) {
        peer_from_via(c, s, r);
    } else {
        find_peer(c, s, r);
    }
}

/* ---- the record ---- */

static void c_end(sh_logctx *c, void *st, uint64_t next_line, sh_log_record *r)
{
    cstate *s = st;
    sh_logfinish how = { .learn = true, .forced_ip = c->opt.cube_ip, .endpoint = true };
    int64_t ms;

    sh_logctx_record(c, &sh_logfmt_cube, r);
    r->node = sh_str_from(c->opt.cube_node);
    r->dir = s->dir;
    r->action = s->dir == SH_LOG_SENT ? sh_str_from("Sent") : s->dir == SH_LOG_RECEIVED ? sh_str_from("Received")
                                                                                         : SH_STR_NULL;
    if (s->skip && next_line == 0)
        sh_logctx_error(c, SH_LOG_ETRUNCATED, c->lineno);
    if (s->st == C_DIR && !s->skip) {
        sh_logctx_error(c, SH_LOG_EBADHEADER, r->line);
        snprintf(c->detail, sizeof c->detail,
                 "CUBE ccsipDisplayMsg record without a Sent: or Received: line or a SIP message");
    } else if (s->no_dir && c->err == SH_LOG_EBADHEADER) {
        snprintf(c->detail, sizeof c->detail,
                 "CUBE ccsipDisplayMsg record: the SIP message (line %" PRIu64 ") has no Sent: or Received: line before "
                 "it; direction unknown",
                 (uint64_t)s->no_dir_line);
    } else {
        c->detail[0] = '\0';
    }
    s->st = C_DIR;
    if (!sh_logctx_finish_sip(c, r, false, &how))
        return;

    bool dated = record_time(c, s, &ms);
    sh_logctx_time_ms(r, ms);
    resolve_peer(c, s, r);
    r->peer_addr = sh_str_from(s->peer);
    r->peer_port = s->peer_port;
    if (!dated)
        sh_logctx_nodate(c, r, &s->warned_nodate,
                         "CUBE log has no year (no --date, no year in the timestamps and no SIP Date: header so far); "
                         "times are in 1970");
}

/* Lines outside every record: an IOS debug line or message with a
 * timestamp still tells the time (and the New Years). */
static void c_idle(sh_logctx *c, void *st, sh_str l)
{
    size_t at;
    (void)c;
    if (!maybe_debug(l, &at))
        return;
    dline d = classify(l);
    if (d.kind == D_GENERIC)
        saw_date(st, &d);
}

const sh_logfmt sh_logfmt_cube = {
    .name = "Cisco IOS debug ccsip messages",
    .state_size = sizeof(cstate),
    .starts = c_starts,
    .begin = c_begin,
    .feed = c_feed,
    .end = c_end,
    .idle = c_idle,
};
