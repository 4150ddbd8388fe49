/* logparse.c - SIP messages out of Expressway logs and CUCM SDL traces.
 *
 * The parser is a line machine. Bytes are pushed in any split; complete lines
 * are taken one at a time and fed to a small state machine:
 *
 *   IDLE --record header--> HEAD --SIPMSG:--> MSG --closing '|'--> (emit)
 *   IDLE --SDL SIP line---> SDL  --next SDL line / EOF-----------> (emit)
 *   MSG/SDL --bad line (binary, too long, too big)--> SKIP --end--> (emit BAD)
 *
 * A record often ends only when the next one starts (the INFO twin, a record
 * whose '|' is missing, every SDL message), so feeding a line may emit the
 * previous record *without consuming the line*; the line is then fed again
 * to IDLE on the next call. Nothing is queued, so memory is one line, one
 * record header and one message, each with a hard cap.
 *
 * Text in records is copied into the parser's own buffers (head, msg); the
 * record handed out points there until the next call.
 */
#include "siphop/logparse.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "siphop/hash.h"
#include "siphop/timeconv.h"

/* ------------------------------------------------------------------------
 * Small helpers
 * ------------------------------------------------------------------------ */

typedef struct lbuf {
    char *p;
    size_t len;
    size_t cap;
} lbuf;

/* Append, refusing to grow past limit (returns false, nothing appended). */
static bool lb_add(lbuf *b, const void *data, size_t n, size_t limit)
{
    if (n > limit || b->len > limit - n)
        return false;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n)
            cap *= 2;
        b->p = g_realloc(b->p, cap);
        b->cap = cap;
    }
    if (n)
        memcpy(b->p + b->len, data, n);
    b->len += n;
    return true;
}

static sh_str lb_str(const lbuf *b)
{
    return sh_str_make(b->p, b->len);
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_digit(s[i]))
            return false;
    return true;
}

static unsigned num(const char *s, size_t n)
{
    unsigned v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (unsigned)(s[i] - '0');
    return v;
}

/* RFC 3261 token characters (header names, methods). */
static bool is_token_char(char c)
{
    return is_alpha(c) || is_digit(c) || (c != '\0' && strchr("-.!%*_+`'~", c) != NULL);
}

static const char *find_lit(sh_str s, const char *lit)
{
    size_t n = strlen(lit);
    if (n == 0 || s.len < n)
        return NULL;
    for (size_t i = 0; i + n <= s.len; i++)
        if (s.ptr[i] == lit[0] && memcmp(s.ptr + i, lit, n) == 0)
            return s.ptr + i;
    return NULL;
}

static bool has_suffix(sh_str s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len >= n && memcmp(s.ptr + s.len - n, lit, n) == 0;
}

static bool lit_eq(sh_str s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len == n && memcmp(s.ptr, lit, n) == 0;
}

/* Strip spaces, tabs and UTF-8 no-break spaces (documents use them). */
static sh_str trim_spaces(sh_str s)
{
    for (;;) {
        if (s.len && (s.ptr[0] == ' ' || s.ptr[0] == '\t')) {
            s.ptr++, s.len--;
        } else if (s.len >= 2 && (unsigned char)s.ptr[0] == 0xC2 && (unsigned char)s.ptr[1] == 0xA0) {
            s.ptr += 2, s.len -= 2;
        } else {
            break;
        }
    }
    for (;;) {
        if (s.len && (s.ptr[s.len - 1] == ' ' || s.ptr[s.len - 1] == '\t'))
            s.len--;
        else if (s.len >= 2 && (unsigned char)s.ptr[s.len - 2] == 0xC2 &&
                 (unsigned char)s.ptr[s.len - 1] == 0xA0)
            s.len -= 2;
        else
            break;
    }
    return s;
}

/* A port: 1..5 digits, at most 65535; 0 when absent or bad. */
static uint32_t parse_port(sh_str s)
{
    unsigned long v;
    if (!sh_str_to_uint(s, 65535, &v))
        return 0;
    return (uint32_t)v;
}

/* Control bytes other than TAB mean binary data, not log text. */
static bool is_binary(sh_str l)
{
    for (size_t i = 0; i < l.len; i++) {
        unsigned char c = (unsigned char)l.ptr[i];
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return true;
    }
    return false;
}

/* IPv4 dotted quad, or something made of hex digits, ':' and '.' with at
 * least two ':' (IPv6). Good enough to tell "10.1.1.1" and "2001:db8::1"
 * from "Webex IP address" or "sip.example.com"; the tool checks with
 * inet_pton before it writes an address. */
static bool is_ip_literal(sh_str s)
{
    size_t colons = 0, dots = 0, run = 0;
    if (s.len == 0 || s.len > 45)
        return false;
    for (size_t i = 0; i < s.len; i++) {
        char c = s.ptr[i];
        if (c == ':') {
            colons++;
        } else if (c == '.') {
            dots++;
        } else if (!g_ascii_isxdigit(c)) {
            return false;
        }
    }
    if (colons >= 2)
        return true;
    if (colons || dots != 3)
        return false;
    for (size_t i = 0; i <= s.len; i++) {
        if (i == s.len || s.ptr[i] == '.') {
            if (run == 0 || run > 3)
                return false;
            run = 0;
        } else if (!is_digit(s.ptr[i])) {
            return false;
        } else {
            run++;
        }
    }
    return true;
}

static sh_str strip_brackets(sh_str s)
{
    s = trim_spaces(s);
    if (s.len >= 2 && s.ptr[0] == '[' && s.ptr[s.len - 1] == ']')
        return sh_str_make(s.ptr + 1, s.len - 2);
    return s;
}

/* ------------------------------------------------------------------------
 * Dates and times
 * ------------------------------------------------------------------------ */

/* Howard Hinnant's days_from_civil: exact for the proleptic Gregorian
 * calendar, no timegm() (not C11, and it would depend on TZ). */
int32_t sh_log_days_from_civil(int y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + (int)doe - 719468);
}

static bool valid_date(unsigned y, unsigned m, unsigned d)
{
    static const unsigned mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    /* Up to 2200: nanoseconds since 1970 in an int64 end in 2262. */
    if (y < 1970 || y > 2200 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return false;
    return m != 2 || d < 29 || leap;
}

#define NS_PER_S INT64_C(1000000000)

/* "YYYY-MM-DD<sep>HH:MM:SS[.,]fraction" then, if allow_zone, "Z" or
 * "+HH:MM" / "+HHMM". Returns the length parsed, 0 if it is not one. */
static size_t parse_datetime(sh_str s, char sep, bool allow_zone, int64_t *ns)
{
    const char *c = s.ptr;
    size_t i = 19;
    int64_t frac = 0;
    int32_t off = 0;

    if (s.len < 19)
        return 0;
    if (!(all_digits(c, 4) && c[4] == '-' && all_digits(c + 5, 2) && c[7] == '-' &&
          all_digits(c + 8, 2) && c[10] == sep && all_digits(c + 11, 2) && c[13] == ':' &&
          all_digits(c + 14, 2) && c[16] == ':' && all_digits(c + 17, 2)))
        return 0;
    unsigned y = num(c, 4), mo = num(c + 5, 2), d = num(c + 8, 2);
    unsigned h = num(c + 11, 2), mi = num(c + 14, 2), se = num(c + 17, 2);
    if (!valid_date(y, mo, d) || h > 23 || mi > 59 || se > 60)
        return 0;
    if (i < s.len && (c[i] == '.' || c[i] == ',')) {
        size_t start = ++i;
        int64_t scale = NS_PER_S / 10;
        while (i < s.len && is_digit(c[i])) {
            if (i - start < 9) {
                frac += (c[i] - '0') * scale;
                scale /= 10;
            }
            i++;
        }
        if (i == start)
            return 0;
    }
    if (allow_zone && i < s.len) {
        if (c[i] == 'Z' || c[i] == 'z') {
            i++;
        } else if ((c[i] == '+' || c[i] == '-') && i + 3 <= s.len && all_digits(c + i + 1, 2)) {
            int sign = c[i] == '-' ? -1 : 1;
            unsigned oh = num(c + i + 1, 2), om = 0;
            size_t j = i + 3;
            if (j < s.len && c[j] == ':')
                j++;
            if (j + 2 <= s.len && all_digits(c + j, 2)) {
                om = num(c + j, 2);
                j += 2;
            } else if (c[j - 1] == ':') {
                return 0;
            }
            if (oh > 23 || om > 59)
                return 0;
            off = sign * (int32_t)(oh * 3600 + om * 60);
            i = j;
        }
    }
    int64_t days = sh_log_days_from_civil((int)y, mo, d);
    int64_t secs = days * 86400 + h * 3600 + mi * 60 + se - off;
    *ns = secs * NS_PER_S + frac;
    return i;
}

bool sh_log_parse_date(sh_str s, int32_t *days)
{
    s = trim_spaces(s);
    if (s.len != 10 || !all_digits(s.ptr, 4) || s.ptr[4] != '-' || !all_digits(s.ptr + 5, 2) ||
        s.ptr[7] != '-' || !all_digits(s.ptr + 8, 2))
        return false;
    unsigned y = num(s.ptr, 4), m = num(s.ptr + 5, 2), d = num(s.ptr + 8, 2);
    if (!valid_date(y, m, d))
        return false;
    *days = sh_log_days_from_civil((int)y, m, d);
    return true;
}

/* A date only counts when not glued to more digits: "x20150706y" yes,
 * "1201507061" no. */
static bool digit_at(sh_str s, size_t i)
{
    return i < s.len && is_digit(s.ptr[i]);
}

bool sh_log_find_date(sh_str s, int32_t *days)
{
    for (size_t i = 0; i < s.len; i++) {
        const char *c = s.ptr + i;
        size_t left = s.len - i;
        if (i > 0 && is_digit(s.ptr[i - 1]))
            continue;
        /* YYYY-MM-DD, YYYY_MM_DD, YYYY/MM/DD, YYYY.MM.DD */
        if (left >= 10 && all_digits(c, 4) && strchr("-_/.", c[4]) && c[4] != '\0' &&
            c[7] == c[4] && all_digits(c + 5, 2) && all_digits(c + 8, 2) && !digit_at(s, i + 10)) {
            unsigned y = num(c, 4), m = num(c + 5, 2), d = num(c + 8, 2);
            if (y >= 1990 && valid_date(y, m, d)) {
                *days = sh_log_days_from_civil((int)y, m, d);
                return true;
            }
        }
        /* MM/DD/YYYY (CUCM's US-style dates) */
        if (left >= 10 && all_digits(c, 2) && c[2] == '/' && all_digits(c + 3, 2) && c[5] == '/' &&
            all_digits(c + 6, 4) && !digit_at(s, i + 10)) {
            unsigned m = num(c, 2), d = num(c + 3, 2), y = num(c + 6, 4);
            if (y >= 1990 && valid_date(y, m, d)) {
                *days = sh_log_days_from_civil((int)y, m, d);
                return true;
            }
        }
        /* YYYYMMDD */
        if (left >= 8 && all_digits(c, 8) && !digit_at(s, i + 8)) {
            unsigned y = num(c, 4), m = num(c + 4, 2), d = num(c + 6, 2);
            if (y >= 1990 && y <= 2099 && valid_date(y, m, d)) {
                *days = sh_log_days_from_civil((int)y, m, d);
                return true;
            }
        }
    }
    return false;
}

/* ------------------------------------------------------------------------
 * Placeholders and names
 * ------------------------------------------------------------------------ */

void sh_log_placeholder_v4(sh_str text, uint8_t out[4])
{
    uint64_t h = sh_hash_finish(sh_hash_bytes(SH_HASH_INIT, text.ptr, text.len));
    /* 198.18.0.0/15: 17 bits; the last octet in 1..254. */
    uint32_t third = (uint32_t)(h & 0x1ff);      /* 9 bits: 198.18-19.x */
    uint32_t last = (uint32_t)((h >> 9) % 254) + 1;
    out[0] = 198;
    out[1] = (uint8_t)(18 + (third >> 8));
    out[2] = (uint8_t)(third & 0xff);
    out[3] = (uint8_t)last;
}

void sh_log_placeholder_v6(sh_str text, uint8_t out[16])
{
    uint64_t h = sh_hash_finish(sh_hash_bytes(SH_HASH_INIT, text.ptr, text.len));
    uint64_t h2 = sh_hash_finish(h ^ UINT64_C(0x9e3779b97f4a7c15));
    static const uint8_t prefix[6] = { 0x20, 0x01, 0x00, 0x02, 0x00, 0x00 };
    memcpy(out, prefix, 6);
    for (int i = 0; i < 8; i++)
        out[6 + i] = (uint8_t)(h >> (8 * i));
    out[14] = (uint8_t)(h2 >> 8);
    out[15] = (uint8_t)(h2 | 1);   /* never ::0 */
}

const char *sh_log_transport_name(sh_log_transport t)
{
    switch (t) {
    case SH_TRANSPORT_UDP: return "UDP";
    case SH_TRANSPORT_TCP: return "TCP";
    case SH_TRANSPORT_TLS: return "TLS";
    case SH_TRANSPORT_SCTP: return "SCTP";
    default: return "unknown";
    }
}

const char *sh_log_error_name(sh_log_error e)
{
    switch (e) {
    case SH_LOG_ENONE: return "no error";
    case SH_LOG_ETRUNCATED: return "record truncated at end of input";
    case SH_LOG_EUNTERMINATED: return "record without closing '|'";
    case SH_LOG_EBINARY: return "binary data";
    case SH_LOG_ELONGLINE: return "line longer than 64 KiB";
    case SH_LOG_ETOOBIG: return "message larger than 1 MiB";
    case SH_LOG_ENOTSIP: return "SIPMSG without a SIP start line";
    case SH_LOG_EBADHEADER: return "record header without time or direction";
    case SH_LOG_ECONTENTLENGTH: return "Content-Length larger than the logged body";
    case SH_LOG_ENODATE: return "SDL trace without a date";
    case SH_LOG_ENORECORD: return "SIP message without a record header";
    case SH_LOG_ETRAILING: return "text after the message";
    default: return "unknown error";
    }
}

/* ------------------------------------------------------------------------
 * The parser state
 * ------------------------------------------------------------------------ */

enum state {
    ST_IDLE,  /* between records */
    ST_HEAD,  /* an Expressway record header, maybe with continuation lines */
    ST_MSG,   /* the SIP message of an Expressway record */
    ST_SDL,   /* the SIP message of an SDL record */
    ST_SKIP,  /* a bad SIP record: discard to its end, then report it */
};

enum feed {
    FEED_MORE,       /* line consumed, no record yet */
    FEED_EMIT,       /* line consumed, a record is ready */
    FEED_EMIT_KEEP,  /* a record is ready; the line belongs to what follows */
};

struct sh_logparse {
    char *cucm_ip;
    char *sdl_node;
    bool opt_rewrapped;
    bool has_sdl_date;
    int32_t sdl_date;
    bool has_name_date;
    int32_t name_date;
    int32_t utc_offset_s;

    /* Input not yet split into lines: in[start, end). */
    char *in;
    size_t in_start, in_end, in_cap;
    size_t scanned;        /* in[start, start+scanned) has no '\n' */
    size_t peek_take;      /* bytes the peeked line occupies */
    bool peek_long;        /* the peeked line was cut at SH_LOG_MAX_LINE */
    bool drop_to_eol;      /* discard pushed bytes up to the next '\n' */
    bool eof;
    uint64_t lineno;       /* lines consumed */
    bool in_garbage;       /* in a run of binary lines: report the first */
    bool seen_record;      /* any record header seen (ends header date sniffing) */

    /* The record being read. */
    enum state st;
    uint64_t rec_line;
    sh_log_error err;
    uint64_t err_line;
    bool rec_sdl;
    lbuf head;             /* record header text, continuation lines joined */
    bool head_in_quote;    /* head ends inside a "value" */
    bool head_long;        /* a header line was cut */
    uint64_t head_long_line;
    bool rewrapped;        /* this record is document-style */
    lbuf msg;              /* the message being rebuilt */
    unsigned nlines;       /* message lines taken */
    bool line_open;        /* the last message line has no CRLF yet */
    bool startline_open;   /* rewrapped: request line not complete yet */
    unsigned startline_joins;
    bool in_body;
    size_t body_start;
    bool has_cl;
    uint64_t cl;
    bool last_was_cl;      /* rewrapped: last header line was Content-Length */
    bool last_pipe;        /* strict: last line ended with '|' */
    bool no_final_crlf;    /* closed by "x|": the body has no final CRLF */

    /* SDL record fields (views into head). */
    sh_log_dir sdl_dir;
    sh_str sdl_peer;
    uint32_t sdl_port;
    sh_str sdl_transport;
    int64_t sdl_time_ns;
    int64_t sdl_last_tod_ms;
    int32_t sdl_day_add;   /* midnight rollovers seen */
    bool has_header_date;
    int32_t header_date;
    bool warned_nodate;

    /* The node's own address learned from its messages (X7, SDL). */
    char learned_addr[64];
    uint32_t learned_port;
    char learned_sdl_addr[64];
    uint32_t learned_sdl_port;

    char detail[320];
};

sh_logparse *sh_logparse_new(const sh_log_options *o)
{
    sh_logparse *p = g_new0(sh_logparse, 1);
    if (o) {
        p->opt_rewrapped = o->rewrapped;
        p->has_sdl_date = o->has_sdl_date;
        p->sdl_date = o->sdl_date;
        p->has_name_date = o->has_name_date;
        p->name_date = o->name_date;
        p->utc_offset_s = o->utc_offset_s;
        p->cucm_ip = o->cucm_ip && *o->cucm_ip ? g_strdup(o->cucm_ip) : NULL;
        p->sdl_node = o->sdl_node && *o->sdl_node ? g_strdup(o->sdl_node) : NULL;
    }
    if (!p->sdl_node)
        p->sdl_node = g_strdup("cucm");
    p->st = ST_IDLE;
    p->sdl_last_tod_ms = -1;
    return p;
}

void sh_logparse_free(sh_logparse *p)
{
    if (!p)
        return;
    g_free(p->in);
    g_free(p->head.p);
    g_free(p->msg.p);
    g_free(p->cucm_ip);
    g_free(p->sdl_node);
    g_free(p);
}

uint64_t sh_logparse_lines(const sh_logparse *p)
{
    return p->lineno;
}

uint64_t sh_logparse_record_line(const sh_logparse *p)
{
    return p->st == ST_IDLE ? p->lineno + 1 : p->rec_line;
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
    if (p->in_end + len > p->in_cap) {
        size_t cap = p->in_cap ? p->in_cap : 4096;
        while (cap < p->in_end + len)
            cap *= 2;
        p->in = g_realloc(p->in, cap);
        p->in_cap = cap;
    }
    if (len)
        memcpy(p->in + p->in_end, d, len);
    p->in_end += len;
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
    p->lineno++;
    if (p->in_start == p->in_end)
        p->in_start = p->in_end = 0;
}

/* ------------------------------------------------------------------------
 * Record header lines
 * ------------------------------------------------------------------------ */

/* "2015-07-06T12:30:03.027+10:00 vcse tvcs: ..." */
static bool is_exp_header(sh_str l)
{
    int64_t ns;
    size_t i = parse_datetime(l, 'T', true, &ns);
    size_t host, tag;

    if (i == 0 || i >= l.len || l.ptr[i] != ' ')
        return false;
    i++;
    host = i;
    while (i < l.len && l.ptr[i] != ' ')
        i++;
    if (i == host || i >= l.len)
        return false;
    i++;
    tag = i;
    while (i < l.len && l.ptr[i] != ' ' && l.ptr[i] != ':')
        i++;
    return i > tag && i < l.len && l.ptr[i] == ':';
}

/* "00012345.002 |02:30:03.010 |AppInfo  |text": time of day in ms and the
 * text after the time field. */
static bool is_sdl_header(sh_str l, int64_t *tod_ms, sh_str *text)
{
    size_t i = 0, j;

    while (i < l.len && is_digit(l.ptr[i]))
        i++;
    if (i == 0 || i >= l.len || l.ptr[i] != '.')
        return false;
    j = ++i;
    while (i < l.len && is_digit(l.ptr[i]))
        i++;
    if (i == j)
        return false;
    while (i < l.len && l.ptr[i] == ' ')
        i++;
    if (i >= l.len || l.ptr[i] != '|')
        return false;
    i++;
    const char *c = l.ptr + i;
    if (l.len - i < 12 || !all_digits(c, 2) || c[2] != ':' || !all_digits(c + 3, 2) || c[5] != ':' ||
        !all_digits(c + 6, 2) || c[8] != '.' || !all_digits(c + 9, 3))
        return false;
    unsigned h = num(c, 2), m = num(c + 3, 2), s = num(c + 6, 2), ms = num(c + 9, 3);
    if (h > 23 || m > 59 || s > 60)
        return false;
    *tod_ms = ((int64_t)h * 3600 + m * 60 + s) * 1000 + ms;
    i += 12;
    while (i < l.len && l.ptr[i] == ' ')
        i++;
    if (i < l.len && l.ptr[i] == '|')
        i++;
    *text = sh_str_make(l.ptr + i, l.len - i);
    return true;
}

static bool is_sipmsg_line(sh_str l)
{
    return lit_eq(trim_spaces(l), "SIPMSG:");
}

/* The parsed Key="value" pairs of an Expressway record header. */
typedef struct exp_head {
    bool has_syslog_time;
    int64_t syslog_ns;
    sh_str host;
    sh_str utctime, module, level, action, local_ip, local_port;
    sh_str src_ip, src_port, dst_ip, dst_port, msg_hash;
} exp_head;

static void set_kv(exp_head *h, sh_str key, sh_str val)
{
    static const struct { const char *name; size_t off; } keys[] = {
        { "UTCTime", offsetof(exp_head, utctime) },
        { "Module", offsetof(exp_head, module) },
        { "Level", offsetof(exp_head, level) },
        { "Action", offsetof(exp_head, action) },
        { "Local-ip", offsetof(exp_head, local_ip) },
        { "Local-port", offsetof(exp_head, local_port) },
        { "Src-ip", offsetof(exp_head, src_ip) },
        { "Src-port", offsetof(exp_head, src_port) },
        { "Dst-ip", offsetof(exp_head, dst_ip) },
        { "Dst-port", offsetof(exp_head, dst_port) },
        { "Msg-Hash", offsetof(exp_head, msg_hash) },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
        if (sh_str_ieq(key, keys[i].name)) {
            sh_str *slot = (sh_str *)((char *)h + keys[i].off);
            if (slot->ptr == NULL)   /* the first one wins */
                *slot = val;
            return;
        }
    }
}

static bool is_key_char(char c)
{
    return is_alpha(c) || is_digit(c) || c == '-' || c == '_';
}

static void parse_exp_head(sh_str t, exp_head *h)
{
    size_t i, host;

    memset(h, 0, sizeof *h);
    i = parse_datetime(t, 'T', true, &h->syslog_ns);
    if (i > 0) {
        h->has_syslog_time = true;
        while (i < t.len && t.ptr[i] == ' ')
            i++;
        host = i;
        while (i < t.len && t.ptr[i] != ' ')
            i++;
        h->host = sh_str_make(t.ptr + host, i - host);
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

/* ------------------------------------------------------------------------
 * The rebuilt message
 * ------------------------------------------------------------------------ */

static void msg_reset(sh_logparse *p)
{
    p->msg.len = 0;
    p->nlines = 0;
    p->line_open = false;
    p->startline_open = false;
    p->startline_joins = 0;
    p->in_body = false;
    p->body_start = 0;
    p->has_cl = false;
    p->cl = 0;
    p->last_was_cl = false;
    p->last_pipe = false;
    p->no_final_crlf = false;
}

static void set_err(sh_logparse *p, sh_log_error e, uint64_t line)
{
    if (p->err == SH_LOG_ENONE) {
        p->err = e;
        p->err_line = line;
    }
}

/* Start a new message line (ending the open one). False: too big. */
static bool msg_newline(sh_logparse *p, sh_str c)
{
    if (p->line_open && !lb_add(&p->msg, "\r\n", 2, SH_LOG_MAX_MESSAGE))
        return false;
    p->line_open = true;
    p->nlines++;
    return lb_add(&p->msg, c.ptr, c.len, SH_LOG_MAX_MESSAGE);
}

/* Continue the open line (a line broken by a document's layout). */
static bool msg_continue(sh_logparse *p, sh_str c)
{
    return lb_add(&p->msg, c.ptr, c.len, SH_LOG_MAX_MESSAGE);
}

/* The blank line between headers and body. */
static bool msg_end_headers(sh_logparse *p)
{
    if (p->line_open && !lb_add(&p->msg, "\r\n", 2, SH_LOG_MAX_MESSAGE))
        return false;
    if (!lb_add(&p->msg, "\r\n", 2, SH_LOG_MAX_MESSAGE))
        return false;
    p->line_open = false;
    p->in_body = true;
    p->body_start = p->msg.len;
    return true;
}

static size_t body_len_now(const sh_logparse *p)
{
    return p->in_body ? p->msg.len - p->body_start + (p->line_open ? 2 : 0) : 0;
}

/* "Content-Length: 123" or "l: 123" */
static bool header_is_cl(sh_str line, uint64_t *cl)
{
    const char *colon = memchr(line.ptr, ':', line.len);
    unsigned long v;
    if (!colon)
        return false;
    sh_str name = trim_spaces(sh_str_make(line.ptr, (size_t)(colon - line.ptr)));
    if (!sh_str_ieq(name, "Content-Length") && !sh_str_ieq(name, "l"))
        return false;
    sh_str val = sh_str_make(colon + 1, line.len - (size_t)(colon + 1 - line.ptr));
    if (!sh_str_to_uint(val, 0xffffffffUL, &v))
        return false;
    *cl = v;
    return true;
}

/* A line that starts a SIP header: "Name:" then space or end. Used only for
 * re-wrapped documents, where it tells a header from a broken-off piece of
 * the previous one ("Kae64...;", "172.28.21.100;ingress-zone=...",
 * "sip:..." have no "token: "). Header names start with a letter. */
static bool is_header_line(sh_str c)
{
    size_t i = 0;
    if (c.len == 0 || !is_alpha(c.ptr[0]))
        return false;
    while (i < c.len && is_token_char(c.ptr[i]))
        i++;
    while (i < c.len && (c.ptr[i] == ' ' || c.ptr[i] == '\t'))
        i++;
    if (i >= c.len || c.ptr[i] != ':')
        return false;
    i++;
    return i == c.len || c.ptr[i] == ' ' || c.ptr[i] == '\t';
}

/* "x=..." : an SDP line. */
static bool is_sdp_line(sh_str c)
{
    return c.len >= 2 && is_alpha(c.ptr[0]) && c.ptr[1] == '=';
}

static bool is_status_line(sh_str l)
{
    return l.len >= 11 && memcmp(l.ptr, "SIP/2.0 ", 8) == 0 && all_digits(l.ptr + 8, 3) &&
           (l.len == 11 || l.ptr[11] == ' ');
}

/* "METHOD uri SIP/2.0" */
static bool is_request_line(sh_str l)
{
    size_t i = 0;
    while (i < l.len && is_token_char(l.ptr[i]))
        i++;
    if (i == 0 || i >= l.len || l.ptr[i] != ' ')
        return false;
    return l.len >= i + 10 && has_suffix(l, " SIP/2.0") && l.ptr[i + 1] != ' ';
}

static sh_str first_line(sh_str m)
{
    size_t pos = 0;
    return sh_str_next_line(m, &pos);
}

/* What the tool needs from the message itself. */
typedef struct msginfo {
    bool request;
    sh_str ruri;
    bool has_via;
    sh_str via_transport;
    sh_str via_host;      /* without brackets */
    uint32_t via_port;
    sh_str contact_host;
    uint32_t contact_port;
    bool has_cl;
    uint64_t cl;
    size_t body_len;
} msginfo;

/* host[:port] or [v6][:port] at the start of s. */
static void parse_hostport(sh_str s, sh_str *host, uint32_t *port)
{
    size_t i = 0, e;
    *host = SH_STR_NULL;
    *port = 0;
    if (s.len && s.ptr[0] == '[') {
        const char *rb = memchr(s.ptr, ']', s.len);
        if (!rb)
            return;
        *host = sh_str_make(s.ptr + 1, (size_t)(rb - s.ptr) - 1);
        i = (size_t)(rb - s.ptr) + 1;
    } else {
        while (i < s.len && !strchr(":;,> \t?", s.ptr[i]) && s.ptr[i] != '\0')
            i++;
        *host = sh_str_make(s.ptr, i);
    }
    if (i < s.len && s.ptr[i] == ':') {
        e = ++i;
        while (e < s.len && is_digit(s.ptr[e]))
            e++;
        *port = parse_port(sh_str_make(s.ptr + i, e - i));
    }
}

/* "SIP / 2.0 / TLS host:port;params" */
static void parse_via(sh_str v, msginfo *mi)
{
    size_t i = 0, slashes = 0, t;
    while (i < v.len && slashes < 2) {
        if (v.ptr[i] == '/')
            slashes++;
        i++;
    }
    if (slashes < 2)
        return;
    while (i < v.len && (v.ptr[i] == ' ' || v.ptr[i] == '\t'))
        i++;
    t = i;
    while (i < v.len && is_token_char(v.ptr[i]))
        i++;
    mi->has_via = true;
    mi->via_transport = sh_str_make(v.ptr + t, i - t);
    while (i < v.len && (v.ptr[i] == ' ' || v.ptr[i] == '\t'))
        i++;
    parse_hostport(sh_str_make(v.ptr + i, v.len - i), &mi->via_host, &mi->via_port);
}

/* First sip:/sips: URI host of a Contact value. */
static void parse_contact(sh_str v, msginfo *mi)
{
    for (size_t i = 0; i + 4 <= v.len; i++) {
        size_t skip = 0;
        if (sh_ascii_ieq_n(v.ptr + i, "sip:", 4))
            skip = 4;
        else if (i + 5 <= v.len && sh_ascii_ieq_n(v.ptr + i, "sips:", 5))
            skip = 5;
        if (!skip)
            continue;
        sh_str u = sh_str_make(v.ptr + i + skip, v.len - i - skip);
        for (size_t j = 0; j < u.len && !strchr(";>?, \t", u.ptr[j]); j++) {
            if (u.ptr[j] == '@') {
                u = sh_str_make(u.ptr + j + 1, u.len - j - 1);
                break;
            }
        }
        parse_hostport(u, &mi->contact_host, &mi->contact_port);
        return;
    }
}

static void inspect_msg(sh_str m, msginfo *mi)
{
    size_t pos = 0;
    bool first = true;

    memset(mi, 0, sizeof *mi);
    while (pos < m.len) {
        sh_str l = sh_str_next_line(m, &pos);

        if (first) {
            first = false;
            mi->request = !is_status_line(l);
            if (mi->request) {
                const char *sp = memchr(l.ptr, ' ', l.len);
                if (sp) {
                    sh_str rest = sh_str_make(sp + 1, l.len - (size_t)(sp + 1 - l.ptr));
                    const char *sp2 = memchr(rest.ptr, ' ', rest.len);
                    mi->ruri = sh_str_make(rest.ptr, sp2 ? (size_t)(sp2 - rest.ptr) : rest.len);
                }
            }
        } else if (l.len == 0) {
            mi->body_len = m.len - pos;
            return;
        } else if (l.ptr[0] != ' ' && l.ptr[0] != '\t') {
            const char *colon = memchr(l.ptr, ':', l.len);
            if (colon) {
                sh_str name = trim_spaces(sh_str_make(l.ptr, (size_t)(colon - l.ptr)));
                sh_str val = trim_spaces(sh_str_make(colon + 1, l.len - (size_t)(colon + 1 - l.ptr)));
                if (!mi->has_via && (sh_str_ieq(name, "Via") || sh_str_ieq(name, "v")))
                    parse_via(val, mi);
                else if (!mi->has_cl && (sh_str_ieq(name, "Content-Length") || sh_str_ieq(name, "l"))) {
                    unsigned long v;
                    if (sh_str_to_uint(val, 0xffffffffUL, &v)) {
                        mi->has_cl = true;
                        mi->cl = v;
                    }
                } else if (!mi->contact_host.len && (sh_str_ieq(name, "Contact") || sh_str_ieq(name, "m")))
                    parse_contact(val, mi);
            }
        }
    }
}

/* ------------------------------------------------------------------------
 * Finishing records
 * ------------------------------------------------------------------------ */

static void rec_clear(sh_log_record *r)
{
    memset(r, 0, sizeof *r);
    r->detail = "";
}

static void learn(char *dst, uint32_t *dport, sh_str host, uint32_t port)
{
    size_t n = host.len < 63 ? host.len : 63;
    if (n)
        memcpy(dst, host.ptr, n);
    dst[n] = '\0';
    *dport = port;
}

static uint32_t default_port(sh_log_transport t)
{
    return t == SH_TRANSPORT_TLS ? 5061 : 5060;
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

static bool tls_port(uint32_t port)
{
    return port == 5061 || port == 5062 || (port >= 7001 && port <= 7003);
}

/* Transport: the top Via says how this hop's message travels; without one,
 * the SDL line's word; then the well-known TLS and traversal ports. */
static void infer_transport(sh_log_record *r, const msginfo *mi, sh_str logged)
{
    sh_log_transport t = mi->has_via ? transport_from_word(mi->via_transport) : SH_TRANSPORT_UNKNOWN;
    if (t != SH_TRANSPORT_UNKNOWN) {
        r->transport = t;
        r->transport_src = SH_TSRC_VIA;
        return;
    }
    t = transport_from_word(logged);
    if (t != SH_TRANSPORT_UNKNOWN) {
        r->transport = t;
        r->transport_src = SH_TSRC_LOG;
        return;
    }
    if (tls_port(r->peer_port) || tls_port(r->local_port)) {
        r->transport = SH_TRANSPORT_TLS;
        r->transport_src = SH_TSRC_PORT;
    }
}

/* When the log does not say which socket was ours (X7 records, SDL traces),
 * take the top Via of what this node sent (requests) or got back
 * (responses): that Via is its own. For a CUCM the Contact of what it sends
 * is its own too (a proxy's is not). Remembered for later records. */
static void resolve_local(sh_logparse *p, sh_log_record *r, const msginfo *mi)
{
    char *addr = r->sdl ? p->learned_sdl_addr : p->learned_addr;
    uint32_t *port = r->sdl ? &p->learned_sdl_port : &p->learned_port;
    bool own_via = (r->dir == SH_LOG_SENT && mi->request) || (r->dir == SH_LOG_RECEIVED && !mi->request);

    if (own_via && mi->has_via && is_ip_literal(mi->via_host))
        learn(addr, port, mi->via_host, mi->via_port ? mi->via_port : default_port(r->transport));
    else if (r->sdl && r->dir == SH_LOG_SENT && is_ip_literal(mi->contact_host))
        learn(addr, port, mi->contact_host, mi->contact_port ? mi->contact_port : default_port(r->transport));

    if (r->sdl && p->cucm_ip) {
        r->local_addr = sh_str_from(p->cucm_ip);
        r->local_port = *port;
        r->local_src = SH_LOCAL_OPTION;
    } else if (addr[0]) {
        r->local_addr = sh_str_from(addr);
        r->local_port = *port;
        r->local_src = SH_LOCAL_LEARNED;
    }
}

/* Parse the message's own headers, and check the start line. */
static bool finish_sip(sh_logparse *p, sh_log_record *r, sh_str sdl_word)
{
    msginfo mi;
    sh_str m = lb_str(&p->msg);
    sh_str start = first_line(m);

    if (!is_status_line(start) && !is_request_line(start)) {
        r->kind = SH_LOG_BAD;
        r->error = SH_LOG_ENOTSIP;
        snprintf(p->detail, sizeof p->detail, "no SIP request or status line after SIPMSG:");
        r->detail = p->detail;
        return false;
    }
    inspect_msg(m, &mi);
    r->kind = SH_LOG_SIP;
    r->msg = m;
    r->has_content_length = mi.has_cl;
    r->content_length = mi.cl;
    r->body_len = mi.body_len;
    infer_transport(r, &mi, sdl_word);
    if (r->local_src == SH_LOCAL_NONE)
        resolve_local(p, r, &mi);
    if (r->transport == SH_TRANSPORT_UNKNOWN && tls_port(r->local_port)) {
        r->transport = SH_TRANSPORT_TLS;
        r->transport_src = SH_TSRC_PORT;
    }
    if (mi.has_cl && mi.cl > mi.body_len) {
        r->error = SH_LOG_ECONTENTLENGTH;
        snprintf(p->detail, sizeof p->detail,
                 "Content-Length %llu but only %zu body bytes logged; written as logged",
                 (unsigned long long)mi.cl, mi.body_len);
        r->detail = p->detail;
    }
    return true;
}

/* Close the message: end the open line, make sure the blank line is there,
 * and for rebuilt (not verbatim) messages drop trailing blank lines the
 * document or trace added beyond the body. */
static void close_message(sh_logparse *p, bool verbatim)
{
    if (!p->in_body) {
        if (!msg_end_headers(p))
            set_err(p, SH_LOG_ETOOBIG, p->lineno);
    } else if (p->line_open && !p->no_final_crlf) {
        if (!lb_add(&p->msg, "\r\n", 2, SH_LOG_MAX_MESSAGE))
            set_err(p, SH_LOG_ETOOBIG, p->lineno);
    }
    p->line_open = false;
    if (!verbatim) {
        size_t body = p->msg.len - p->body_start;
        size_t keep = body;
        if (p->has_cl && body > p->cl) {
            keep = (size_t)p->cl;
            for (size_t i = keep; i < body; i++)
                if (p->msg.p[p->body_start + i] != '\r' && p->msg.p[p->body_start + i] != '\n')
                    keep = body;   /* real bytes beyond Content-Length: keep all */
            if (keep > 0 && keep < body && p->msg.p[p->body_start + keep - 1] == '\r')
                keep--;            /* never cut a CRLF in two */
        } else if (!p->has_cl) {
            /* Trailing empty lines: keep one CRLF after the last text. */
            while (keep >= 4 && memcmp(p->msg.p + p->body_start + keep - 4, "\r\n\r\n", 4) == 0)
                keep -= 2;
            if (keep == 2)
                keep = 0;
        }
        p->msg.len = p->body_start + keep;
    }
}

static void fill_from_head(sh_logparse *p, sh_log_record *r, exp_head *h)
{
    parse_exp_head(lb_str(&p->head), h);
    r->node = h->host;
    r->msg_hash = h->msg_hash;
}

static void emit_bad(sh_logparse *p, sh_log_record *r)
{
    unsigned long long eline = (unsigned long long)(p->err_line ? p->err_line : r->line);
    r->kind = SH_LOG_BAD;
    r->error = p->err;
    r->error_line = p->err_line;
    switch (p->err) {
    case SH_LOG_ETRUNCATED:
        snprintf(p->detail, sizeof p->detail, "SIP record cut off: the input ends before its closing '|'");
        break;
    case SH_LOG_EUNTERMINATED:
        snprintf(p->detail, sizeof p->detail,
                 "SIP record has no closing '|' before the next record (line %llu)", eline);
        break;
    case SH_LOG_EBINARY:
        snprintf(p->detail, sizeof p->detail, "SIP record holds binary data (line %llu)", eline);
        break;
    case SH_LOG_ELONGLINE:
        snprintf(p->detail, sizeof p->detail, "SIP record has a line longer than %u bytes (line %llu)",
                 SH_LOG_MAX_LINE, eline);
        break;
    case SH_LOG_ETOOBIG:
        snprintf(p->detail, sizeof p->detail, "SIP message larger than %u bytes (at line %llu)",
                 SH_LOG_MAX_MESSAGE, eline);
        break;
    case SH_LOG_ENOTSIP:
        snprintf(p->detail, sizeof p->detail, "no SIP request or status line after SIPMSG:");
        break;
    default:
        snprintf(p->detail, sizeof p->detail, "%s", sh_log_error_name(p->err));
        break;
    }
    r->detail = p->detail;
}

/* An Expressway record whose message is complete (or bad). */
static void emit_exp(sh_logparse *p, sh_log_record *r)
{
    exp_head h;

    rec_clear(r);
    r->line = p->rec_line;
    fill_from_head(p, r, &h);
    p->st = ST_IDLE;
    if (p->err != SH_LOG_ENONE && p->err < SH_LOG_ECONTENTLENGTH) {
        emit_bad(p, r);
        return;
    }
    close_message(p, !p->rewrapped);
    if (p->err != SH_LOG_ENONE) {
        emit_bad(p, r);
        return;
    }

    /* Time: UTCTime (exact, UTC) or else the syslog time with its offset. */
    int64_t ns;
    if (h.utctime.len && parse_datetime(h.utctime, ' ', false, &ns) > 0) {
        r->time_ns = ns;
        r->has_time = true;
    } else if (h.has_syslog_time) {
        r->time_ns = h.syslog_ns;
        r->has_time = true;
    }

    /* Direction: Action, or (X7) which of Src-ip / Dst-ip is present. */
    r->action = h.action;
    if (sh_str_iprefix(h.action, "Receiv"))
        r->dir = SH_LOG_RECEIVED;
    else if (sh_str_iprefix(h.action, "Sen"))
        r->dir = SH_LOG_SENT;
    else if (h.src_ip.ptr && !h.dst_ip.ptr)
        r->dir = SH_LOG_RECEIVED;
    else if (h.dst_ip.ptr && !h.src_ip.ptr)
        r->dir = SH_LOG_SENT;
    else if (h.src_ip.ptr && h.dst_ip.ptr && h.local_ip.ptr)
        r->dir = sh_str_eq(strip_brackets(h.src_ip), strip_brackets(h.local_ip)) ? SH_LOG_SENT
                                                                                  : SH_LOG_RECEIVED;

    if (!r->has_time || r->dir == SH_LOG_DIR_NONE) {
        r->kind = SH_LOG_BAD;
        r->error = SH_LOG_EBADHEADER;
        snprintf(p->detail, sizeof p->detail, "SIP record header has no usable %s",
                 !r->has_time ? "time (UTCTime or syslog time)" : "direction (Action, Src-ip or Dst-ip)");
        r->detail = p->detail;
        return;
    }
    if (r->dir == SH_LOG_RECEIVED) {
        r->peer_addr = strip_brackets(h.src_ip);
        r->peer_port = parse_port(h.src_port);
    } else {
        r->peer_addr = strip_brackets(h.dst_ip);
        r->peer_port = parse_port(h.dst_port);
    }
    if (h.local_ip.len) {
        r->local_addr = strip_brackets(h.local_ip);
        r->local_port = parse_port(h.local_port);
        r->local_src = SH_LOCAL_LOGGED;
    }
    finish_sip(p, r, SH_STR_NULL);
}

/* A record header that was not followed by SIPMSG: */
static void emit_head_only(sh_logparse *p, sh_log_record *r)
{
    exp_head h;

    rec_clear(r);
    r->line = p->rec_line;
    fill_from_head(p, r, &h);
    p->st = ST_IDLE;
    if (sh_str_ieq(h.module, "network.sip") && p->head_long) {
        p->err = SH_LOG_ELONGLINE;
        p->err_line = p->head_long_line;
        emit_bad(p, r);
    } else if (sh_str_ieq(h.module, "network.sip") && sh_str_ieq(h.level, "INFO")) {
        r->kind = SH_LOG_INFO;
    } else {
        r->kind = SH_LOG_OTHER;
    }
}

static int32_t sdl_day(sh_logparse *p)
{
    if (p->has_sdl_date)
        return p->sdl_date;
    if (p->has_header_date)
        return p->header_date;
    if (p->has_name_date)
        return p->name_date;
    return 0;
}

static void emit_sdl(sh_logparse *p, sh_log_record *r)
{
    rec_clear(r);
    r->line = p->rec_line;
    r->sdl = true;
    r->node = sh_str_from(p->sdl_node);
    p->st = ST_IDLE;
    if (p->err != SH_LOG_ENONE) {
        emit_bad(p, r);
        return;
    }
    close_message(p, false);
    if (p->err != SH_LOG_ENONE) {
        emit_bad(p, r);
        return;
    }
    r->has_time = true;
    r->time_ns = p->sdl_time_ns;
    r->dir = p->sdl_dir;
    r->peer_addr = strip_brackets(p->sdl_peer);
    r->peer_port = p->sdl_port;
    if (!finish_sip(p, r, p->sdl_transport))
        return;
    if (!p->has_sdl_date && !p->has_header_date && !p->has_name_date && !p->warned_nodate &&
        r->error == SH_LOG_ENONE) {
        p->warned_nodate = true;
        r->error = SH_LOG_ENODATE;
        snprintf(p->detail, sizeof p->detail,
                 "SDL trace has no date (give --date YYYY-MM-DD); times are on 1970-01-01");
        r->detail = p->detail;
    }
}

/* ------------------------------------------------------------------------
 * The line machine
 * ------------------------------------------------------------------------ */

static void start_record(sh_logparse *p, enum state st, uint64_t line)
{
    p->st = st;
    p->rec_line = line;
    p->err = SH_LOG_ENONE;
    p->err_line = 0;
    p->head.len = 0;
    p->head_in_quote = false;
    p->head_long = false;
    p->rewrapped = false;
    p->rec_sdl = st == ST_SDL;
    msg_reset(p);
}

static void head_append(sh_logparse *p, sh_str l)
{
    size_t room = SH_LOG_MAX_LINE * 2;   /* header plus a few continuations */
    if (p->head.len) {
        /* A document broke the header line: between pairs the break ate a
         * space; inside a "value" (an address, a hash) it ate nothing. */
        if (!p->head_in_quote)
            lb_add(&p->head, " ", 1, room);
        l = trim_spaces(l);
    }
    if (!lb_add(&p->head, l.ptr, l.len, room))
        return;
    for (size_t i = 0; i < l.len; i++)
        if (l.ptr[i] == '"')
            p->head_in_quote = !p->head_in_quote;
}

/* An SDL line: time, and for SIP lines the direction, peer and port. */
static enum feed sdl_start(sh_logparse *p, sh_str l, uint64_t line, int64_t tod_ms, sh_str text)
{
    const char *in = find_lit(text, "Incoming SIP ");
    const char *out = in ? NULL : find_lit(text, "Outgoing SIP ");
    const char *kw = in ? in : out;

    p->seen_record = true;
    /* Times only go forward in a trace; a jump back by more than 12 hours
     * is midnight. */
    if (p->sdl_last_tod_ms >= 0 && tod_ms + 12 * 3600 * 1000 < p->sdl_last_tod_ms &&
        p->sdl_day_add < 36500)   /* a century of midnights; keeps times in range */
        p->sdl_day_add++;
    p->sdl_last_tod_ms = tod_ms;
    if (!kw)
        return FEED_EMIT;   /* another SDL line: OTHER (set by caller) */

    start_record(p, ST_SDL, line);
    head_append(p, l);
    /* Re-find the pieces inside our copy so the views outlive the input. */
    sh_str t = lb_str(&p->head);
    kw = find_lit(t, in ? "Incoming SIP " : "Outgoing SIP ");
    if (!kw)
        return FEED_EMIT;
    sh_str rest = sh_str_make(kw + 13, t.len - (size_t)(kw + 13 - t.ptr));
    const char *sp = memchr(rest.ptr, ' ', rest.len);
    p->sdl_transport = sh_str_make(rest.ptr, sp ? (size_t)(sp - rest.ptr) : 0);
    p->sdl_dir = in ? SH_LOG_RECEIVED : SH_LOG_SENT;
    const char *from = find_lit(rest, in ? " message from " : " message to ");
    p->sdl_peer = SH_STR_NULL;
    p->sdl_port = 0;
    if (from) {
        size_t skip = in ? 14 : 12;
        sh_str a = sh_str_make(from + skip, rest.len - (size_t)(from + skip - rest.ptr));
        const char *on = find_lit(a, " on port ");
        p->sdl_peer = sh_str_make(a.ptr, on ? (size_t)(on - a.ptr) : 0);
        if (on) {
            sh_str ps = sh_str_make(on + 9, a.len - (size_t)(on + 9 - a.ptr));
            size_t n = 0;
            while (n < ps.len && is_digit(ps.ptr[n]))
                n++;
            p->sdl_port = parse_port(sh_str_make(ps.ptr, n));
        }
    }
    int64_t day = (int64_t)sdl_day(p) + p->sdl_day_add;
    int64_t ms = day * 86400 * 1000 + tod_ms - (int64_t)p->utc_offset_s * 1000;
    /* The date option is any int32 of days, and a dated trace plus its
     * midnights can pass 2262: nanoseconds saturate there. */
    p->sdl_time_ns = sh_time_ns(ms / 1000, (int32_t)(ms % 1000) * 1000000);
    return FEED_MORE;
}

static enum feed feed_idle(sh_logparse *p, sh_str l, uint64_t line, sh_log_record *r)
{
    int64_t tod;
    sh_str text;

    if (l.len == 0)
        return FEED_MORE;
    if (is_binary(l)) {
        if (p->in_garbage)
            return FEED_MORE;
        p->in_garbage = true;
        rec_clear(r);
        r->kind = SH_LOG_BAD;
        r->error = SH_LOG_EBINARY;
        r->line = r->error_line = line;
        snprintf(p->detail, sizeof p->detail, "binary data (up to the next text line)");
        r->detail = p->detail;
        return FEED_EMIT;
    }
    p->in_garbage = false;
    if (is_exp_header(l)) {
        p->seen_record = true;
        start_record(p, ST_HEAD, line);
        head_append(p, l);
        p->head_long = p->peek_long;
        p->head_long_line = line;
        return FEED_MORE;
    }
    if (is_sdl_header(l, &tod, &text)) {
        enum feed f = sdl_start(p, l, line, tod, text);
        if (p->peek_long && f == FEED_MORE) {
            set_err(p, SH_LOG_ELONGLINE, line);
            p->st = ST_SKIP;
        }
        if (f == FEED_EMIT) {
            rec_clear(r);
            r->kind = SH_LOG_OTHER;
            r->sdl = true;
            r->line = line;
            r->node = sh_str_from(p->sdl_node);
            p->st = ST_IDLE;
        }
        return f;
    }
    if (!p->seen_record && !p->has_sdl_date && !p->has_header_date) {
        int32_t d;
        if (sh_log_find_date(l, &d)) {
            p->has_header_date = true;
            p->header_date = d;
        }
    }
    return FEED_MORE;   /* prose, continuation of a skipped record, ... */
}

static bool starts_record(sh_str l)
{
    int64_t tod;
    sh_str text;
    return is_exp_header(l) || is_sdl_header(l, &tod, &text);
}

static enum feed feed_head(sh_logparse *p, sh_str l, uint64_t line, sh_log_record *r)
{
    if (starts_record(l) || is_binary(l)) {
        emit_head_only(p, r);
        return FEED_EMIT_KEEP;
    }
    if (is_sipmsg_line(l)) {
        exp_head h;
        parse_exp_head(lb_str(&p->head), &h);
        if (h.module.len && !sh_str_ieq(h.module, "network.sip")) {
            /* developer.* records may dump SIP-looking text: not a message
             * that crossed the wire, so the record stays "other". */
            head_append(p, l);
            return FEED_MORE;
        }
        p->st = ST_MSG;
        p->rewrapped = p->opt_rewrapped || l.len == 0 || l.ptr[0] != ' ';
        if (p->head_long) {
            set_err(p, SH_LOG_ELONGLINE, p->head_long_line);
            p->st = ST_SKIP;
        }
        return FEED_MORE;
    }
    if (trim_spaces(l).len == 0)
        return FEED_MORE;
    if (p->peek_long && !p->head_long) {
        p->head_long = true;
        p->head_long_line = line;
    }
    head_append(p, l);
    return FEED_MORE;
}

/* A message line of a verbatim (log layout) record. */
static enum feed strict_line(sh_logparse *p, sh_str c, uint64_t line, sh_log_record *r)
{
    bool ok = true;

    if (p->nlines == 0) {
        if (c.len == 0)
            return FEED_MORE;   /* stray blank before the start line */
        if (c.ptr[0] == '|')
            c = sh_str_make(c.ptr + 1, c.len - 1);
        ok = msg_newline(p, c);
    } else if (lit_eq(c, "|")) {
        /* The closing marker: the message ended with a line end. */
        emit_exp(p, r);
        return FEED_EMIT;
    } else if (!p->in_body && trim_spaces(c).len == 0) {
        /* The blank line after the headers (" " in the log; any white
         * space-only line: a header line is never empty). */
        ok = msg_end_headers(p);
    } else if (p->in_body && c.len && c.ptr[c.len - 1] == '|' &&
               (!p->has_cl || body_len_now(p) + c.len - 1 >= p->cl)) {
        /* "last body line|": the body has no final line end. */
        ok = msg_newline(p, sh_str_make(c.ptr, c.len - 1));
        p->no_final_crlf = true;
        if (!ok) {
            set_err(p, SH_LOG_ETOOBIG, line);
            p->st = ST_SKIP;
            return FEED_MORE;
        }
        emit_exp(p, r);
        return FEED_EMIT;
    } else {
        uint64_t cl;
        ok = msg_newline(p, c);
        if (!p->in_body && !p->has_cl && header_is_cl(c, &cl)) {
            p->has_cl = true;
            p->cl = cl;
        }
    }
    if (!ok) {
        set_err(p, SH_LOG_ETOOBIG, line);
        p->st = ST_SKIP;
        return FEED_MORE;
    }
    p->last_pipe = c.len > 0 && c.ptr[c.len - 1] == '|';
    return FEED_MORE;
}

/* A message line of a re-wrapped (document) record. */
static enum feed rewrapped_line(sh_logparse *p, sh_str c, uint64_t line, sh_log_record *r)
{
    bool ok = true;
    uint64_t cl;

    if (c.len && c.ptr[0] == ' ')
        c = sh_str_make(c.ptr + 1, c.len - 1);
    if (trim_spaces(c).len == 0)
        return FEED_MORE;   /* documents insert blank lines everywhere */
    if (lit_eq(trim_spaces(c), "|")) {
        emit_exp(p, r);
        return FEED_EMIT;
    }
    if (p->nlines == 0) {
        if (c.ptr[0] == '|')
            c = sh_str_make(c.ptr + 1, c.len - 1);
        ok = msg_newline(p, c);
        p->startline_open = !is_status_line(c) && !has_suffix(c, "SIP/2.0");
    } else if (p->startline_open) {
        /* A long request line broken by the layout: join up to "SIP/2.0". */
        if (++p->startline_joins > 8) {
            set_err(p, SH_LOG_ENOTSIP, line);
            p->st = ST_SKIP;
            return FEED_MORE;
        }
        ok = msg_continue(p, c);
        p->startline_open = !has_suffix(lb_str(&p->msg), "SIP/2.0");
    } else if (!p->in_body) {
        if (is_header_line(c)) {
            ok = msg_newline(p, c);
            p->last_was_cl = header_is_cl(c, &cl);
            if (p->last_was_cl && !p->has_cl) {
                p->has_cl = true;
                p->cl = cl;
            }
        } else if (p->has_cl && p->last_was_cl) {
            /* Content-Length was the last header: this line is body or
             * whatever follows the record (prose, another record). */
            if (p->cl == 0) {
                emit_exp(p, r);
                return FEED_EMIT_KEEP;
            }
            if (!msg_end_headers(p)) {
                set_err(p, SH_LOG_ETOOBIG, line);
                p->st = ST_SKIP;
                return FEED_MORE;
            }
            return rewrapped_line(p, c, line, r);
        } else {
            ok = msg_continue(p, c);   /* a header broken by the layout */
        }
    } else {
        if (body_len_now(p) >= p->cl) {
            emit_exp(p, r);
            return FEED_EMIT_KEEP;
        }
        bool pipe = c.ptr[c.len - 1] == '|';
        if (pipe)
            c = sh_str_make(c.ptr, c.len - 1);
        if (body_len_now(p) == 0 || is_sdp_line(c))
            ok = msg_newline(p, c);
        else
            ok = msg_continue(p, c);
        if (ok && pipe) {
            p->no_final_crlf = true;
            emit_exp(p, r);
            return FEED_EMIT;
        }
    }
    if (!ok) {
        set_err(p, SH_LOG_ETOOBIG, line);
        p->st = ST_SKIP;
    }
    return FEED_MORE;
}

/* A strict record cut short by the next record: if its last line ended with
 * '|', that was the close after all (Content-Length lied); otherwise the
 * closing '|' is missing. */
static void emit_cut(sh_logparse *p, sh_log_record *r, sh_log_error why, uint64_t line)
{
    if (p->rewrapped) {
        if (p->nlines == 0)
            set_err(p, why, line);
    } else if (p->last_pipe && p->msg.len > 0) {
        p->msg.len--;   /* drop the '|' */
        p->no_final_crlf = true;
    } else {
        set_err(p, why, line);
    }
    emit_exp(p, r);
}

/* A message body line that is binary or too long ends the record with an
 * error: what follows is skipped up to the next record. */
static bool body_line_unusable(sh_logparse *p, sh_str l, uint64_t line)
{
    if (is_binary(l))
        set_err(p, SH_LOG_EBINARY, line);
    else if (p->peek_long)
        set_err(p, SH_LOG_ELONGLINE, line);
    else
        return false;
    p->st = ST_SKIP;
    return true;
}

static enum feed feed_msg(sh_logparse *p, sh_str l, uint64_t line, sh_log_record *r)
{
    if (starts_record(l)) {
        emit_cut(p, r, SH_LOG_EUNTERMINATED, line);
        return FEED_EMIT_KEEP;
    }
    if (body_line_unusable(p, l, line))
        return FEED_MORE;
    if (p->rewrapped)
        return rewrapped_line(p, l, line, r);
    /* The log's own layout: one leading space per line. A line without it
     * is taken as it is (tolerated, not guessed at). */
    if (l.len && l.ptr[0] == ' ')
        l = sh_str_make(l.ptr + 1, l.len - 1);
    return strict_line(p, l, line, r);
}

static enum feed feed_sdl(sh_logparse *p, sh_str l, uint64_t line, sh_log_record *r)
{
    if (starts_record(l)) {
        emit_sdl(p, r);
        return FEED_EMIT_KEEP;
    }
    if (body_line_unusable(p, l, line))
        return FEED_MORE;
    if (p->nlines == 0) {
        /* "[176,NET]" before the message, maybe with the start line after. */
        if (l.len && l.ptr[0] == '[') {
            const char *rb = memchr(l.ptr, ']', l.len);
            if (rb && find_lit(sh_str_make(l.ptr, (size_t)(rb - l.ptr)), ",NET")) {
                l = sh_str_make(rb + 1, l.len - (size_t)(rb + 1 - l.ptr));
            }
        }
        if (trim_spaces(l).len == 0)
            return FEED_MORE;
    }
    bool ok;
    uint64_t cl;
    if (!p->in_body && l.len == 0) {
        ok = msg_end_headers(p);
    } else {
        ok = msg_newline(p, l);
        if (ok && !p->in_body && !p->has_cl && header_is_cl(l, &cl)) {
            p->has_cl = true;
            p->cl = cl;
        }
    }
    if (!ok) {
        set_err(p, SH_LOG_ETOOBIG, line);
        p->st = ST_SKIP;
    }
    return FEED_MORE;
}

static enum feed feed_skip(sh_logparse *p, sh_str l, sh_log_record *r)
{
    if (starts_record(l)) {
        if (p->rec_sdl)
            emit_sdl(p, r);
        else
            emit_exp(p, r);
        return FEED_EMIT_KEEP;
    }
    if (!p->rec_sdl && lit_eq(trim_spaces(l), "|")) {
        emit_exp(p, r);
        return FEED_EMIT;
    }
    return FEED_MORE;
}

static enum feed feed_line(sh_logparse *p, sh_str l, uint64_t line, sh_log_record *r)
{
    switch (p->st) {
    case ST_IDLE: return feed_idle(p, l, line, r);
    case ST_HEAD: return feed_head(p, l, line, r);
    case ST_MSG: return feed_msg(p, l, line, r);
    case ST_SDL: return feed_sdl(p, l, line, r);
    case ST_SKIP: return feed_skip(p, l, r);
    }
    return FEED_MORE;
}

/* The input ended: finish the record in progress. */
static bool finish_eof(sh_logparse *p, sh_log_record *r)
{
    switch (p->st) {
    case ST_IDLE:
        return false;
    case ST_HEAD:
        emit_head_only(p, r);
        return true;
    case ST_MSG:
        emit_cut(p, r, SH_LOG_ETRUNCATED, p->lineno);
        return true;
    case ST_SDL:
        emit_sdl(p, r);
        return true;
    case ST_SKIP:
        set_err(p, SH_LOG_ETRUNCATED, p->lineno);
        if (p->rec_sdl)
            emit_sdl(p, r);
        else
            emit_exp(p, r);
        return true;
    }
    return false;
}

bool sh_logparse_next(sh_logparse *p, sh_log_record *r)
{
    sh_str line;

    for (;;) {
        if (!peek_line(p, &line)) {
            if (!p->eof)
                return false;
            return finish_eof(p, r);
        }
        switch (feed_line(p, line, p->lineno + 1, r)) {
        case FEED_MORE:
            consume_line(p);
            break;
        case FEED_EMIT:
            consume_line(p);
            return true;
        case FEED_EMIT_KEEP:
            return true;
        }
    }
}

const char *sh_logparse_formats(const sh_logparse *p)
{
    (void)p;
    return "";
}

const char *sh_logparse_note(const sh_logparse *p)
{
    (void)p;
    return NULL;
}
