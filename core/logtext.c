/* logtext.c - see logtext.h; also the public helpers of logparse.h
 * (dates, placeholders, names).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "logtext.h"

#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "siphop/hash.h"
#include "siphop/logparse.h"

unsigned sh_lt_num(const char *s, size_t n)
{
    unsigned v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (unsigned)(s[i] - '0');
    return v;
}

/* RFC 3261 token characters (header names, methods). */
bool sh_lt_token_char(char c)
{
    return sh_lt_alpha(c) || sh_is_digit(c) || (c != '\0' && strchr("-.!%*_+`'~", c) != NULL);
}

void sh_lt_append(char **buf, size_t *len, size_t *cap, size_t first, const void *data, size_t n)
{
    if (*len + n > *cap) {
        size_t c = *cap ? *cap : first;
        while (c < *len + n)
            c *= 2;
        *buf = g_realloc(*buf, c);
        *cap = c;
    }
    if (n)
        memcpy(*buf + *len, data, n);
    *len += n;
}

const char *sh_lt_find(sh_str s, const char *lit)
{
    /* memchr for the first byte, then compare: memmem is not in C11 (nor
     * on every platform the core builds for). */
    size_t n = strlen(lit);
    const char *p = s.ptr, *end = s.ptr + s.len;
    if (n == 0 || s.len < n)
        return NULL;
    while ((size_t)(end - p) >= n && (p = memchr(p, lit[0], (size_t)(end - p) - n + 1)) != NULL) {
        if (memcmp(p, lit, n) == 0)
            return p;
        p++;
    }
    return NULL;
}

bool sh_lt_suffix(sh_str s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len >= n && memcmp(s.ptr + s.len - n, lit, n) == 0;
}

bool sh_lt_eq(sh_str s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len == n && memcmp(s.ptr, lit, n) == 0;
}

/* Strip spaces, tabs and UTF-8 no-break spaces (documents use them). */
sh_str sh_lt_trim(sh_str s)
{
    for (;;) {
        if (s.len && sh_is_wsp(s.ptr[0])) {
            s = sh_str_slice(s, 1, s.len);
        } else if (s.len >= 2 && (unsigned char)s.ptr[0] == 0xC2 && (unsigned char)s.ptr[1] == 0xA0) {
            s = sh_str_slice(s, 2, s.len);
        } else {
            break;
        }
    }
    for (;;) {
        if (s.len && sh_is_wsp(s.ptr[s.len - 1]))
            s.len--;
        else if (s.len >= 2 && (unsigned char)s.ptr[s.len - 2] == 0xC2 &&
                 (unsigned char)s.ptr[s.len - 1] == 0xA0)
            s.len -= 2;
        else
            break;
    }
    return s;
}

/* Control bytes other than TAB mean binary data, not log text. */
bool sh_lt_binary(sh_str l)
{
    /* Every line of a log passes here: eight bytes at a time, a byte below
     * 0x20 or equal to 0x7f in the word is found without a branch per byte
     * (the classic "has a byte less than n" test), then the exact scan. */
    const unsigned char *p = (const unsigned char *)l.ptr;
    size_t i = 0;
    const uint64_t ones = UINT64_C(0x0101010101010101), highs = UINT64_C(0x8080808080808080);
    for (; i + 8 <= l.len; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        uint64_t below = (w - ones * 0x20) & ~w & highs;          /* bytes < 0x20 */
        uint64_t x = w ^ (ones * 0x7f);
        uint64_t del = (x - ones) & ~x & highs;                   /* bytes == 0x7f */
        if (below | del)
            break;
    }
    for (; i < l.len; i++) {
        unsigned char c = p[i];
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return true;
    }
    return false;
}

uint32_t sh_lt_default_port(sh_log_transport t, bool sips)
{
    return t == SH_TRANSPORT_TLS || sips ? 5061 : 5060;
}

sh_str sh_lt_strip_brackets(sh_str s)
{
    s = sh_lt_trim(s);
    if (s.len >= 2 && s.ptr[0] == '[' && s.ptr[s.len - 1] == ']')
        return sh_str_make(s.ptr + 1, s.len - 2);
    return s;
}

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

bool sh_lt_valid_date(unsigned y, unsigned m, unsigned d)
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
size_t sh_lt_datetime(sh_str s, char sep, bool allow_zone, int64_t *ns)
{
    const char *c = s.ptr;
    size_t i = 19;
    int64_t frac = 0;
    int32_t off = 0;

    if (!sh_lt_datetime_shape(s, sep))
        return 0;
    unsigned y = sh_lt_num(c, 4), mo = sh_lt_num(c + 5, 2), d = sh_lt_num(c + 8, 2);
    unsigned h = sh_lt_num(c + 11, 2), mi = sh_lt_num(c + 14, 2), se = sh_lt_num(c + 17, 2);
    if (!sh_lt_valid_date(y, mo, d) || h > 23 || mi > 59 || se > 60)
        return 0;
    if (i < s.len && (c[i] == '.' || c[i] == ',')) {
        size_t start = ++i;
        int64_t scale = NS_PER_S / 10;
        while (i < s.len && sh_is_digit(c[i])) {
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
        } else if ((c[i] == '+' || c[i] == '-') && i + 3 <= s.len && sh_all_digits(c + i + 1, 2)) {
            int sign = c[i] == '-' ? -1 : 1;
            unsigned oh = sh_lt_num(c + i + 1, 2), om = 0;
            size_t j = i + 3;
            if (j < s.len && c[j] == ':')
                j++;
            if (j + 2 <= s.len && sh_all_digits(c + j, 2)) {
                om = sh_lt_num(c + j, 2);
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
    s = sh_lt_trim(s);
    if (s.len != 10 || !sh_all_digits(s.ptr, 4) || s.ptr[4] != '-' || !sh_all_digits(s.ptr + 5, 2) ||
        s.ptr[7] != '-' || !sh_all_digits(s.ptr + 8, 2))
        return false;
    unsigned y = sh_lt_num(s.ptr, 4), m = sh_lt_num(s.ptr + 5, 2), d = sh_lt_num(s.ptr + 8, 2);
    if (!sh_lt_valid_date(y, m, d))
        return false;
    *days = sh_log_days_from_civil((int)y, m, d);
    return true;
}

/* A date only counts when not glued to more digits: "x20150706y" yes,
 * "1201507061" no. */
static bool digit_at(sh_str s, size_t i)
{
    return i < s.len && sh_is_digit(s.ptr[i]);
}

bool sh_log_find_date(sh_str s, int32_t *days)
{
    for (size_t i = 0; i < s.len; i++) {
        const char *c = s.ptr + i;
        size_t left = s.len - i;
        if (i > 0 && sh_is_digit(s.ptr[i - 1]))
            continue;
        /* YYYY-MM-DD, YYYY_MM_DD, YYYY/MM/DD, YYYY.MM.DD */
        if (left >= 10 && sh_all_digits(c, 4) && strchr("-_/.", c[4]) && c[4] != '\0' &&
            c[7] == c[4] && sh_all_digits(c + 5, 2) && sh_all_digits(c + 8, 2) && !digit_at(s, i + 10)) {
            unsigned y = sh_lt_num(c, 4), m = sh_lt_num(c + 5, 2), d = sh_lt_num(c + 8, 2);
            if (y >= 1990 && sh_lt_valid_date(y, m, d)) {
                *days = sh_log_days_from_civil((int)y, m, d);
                return true;
            }
        }
        /* MM/DD/YYYY (CUCM's US-style dates) */
        if (left >= 10 && sh_all_digits(c, 2) && c[2] == '/' && sh_all_digits(c + 3, 2) && c[5] == '/' &&
            sh_all_digits(c + 6, 4) && !digit_at(s, i + 10)) {
            unsigned m = sh_lt_num(c, 2), d = sh_lt_num(c + 3, 2), y = sh_lt_num(c + 6, 4);
            if (y >= 1990 && sh_lt_valid_date(y, m, d)) {
                *days = sh_log_days_from_civil((int)y, m, d);
                return true;
            }
        }
        /* YYYYMMDD */
        if (left >= 8 && sh_all_digits(c, 8) && !digit_at(s, i + 8)) {
            unsigned y = sh_lt_num(c, 4), m = sh_lt_num(c + 4, 2), d = sh_lt_num(c + 6, 2);
            if (y >= 1990 && y <= 2099 && sh_lt_valid_date(y, m, d)) {
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
    case SH_LOG_ENODATE: return "log without a date (SDL trace, CUBE debug)";
    case SH_LOG_ENORECORD: return "SIP message without a record header";
    case SH_LOG_ETRAILING: return "text after the message";
    default: return "unknown error";
    }
}


void sh_lt_hostport(sh_str s, sh_str *host, uint32_t *port)
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
        while (e < s.len && sh_is_digit(s.ptr[e]))
            e++;
        *port = sh_str_to_port(sh_str_make(s.ptr + i, e - i));
    }
}

bool sh_lt_datetime_shape(sh_str s, char sep)
{
    const char *c = s.ptr;
    return s.len >= 19 && sh_all_digits(c, 4) && c[4] == '-' && sh_all_digits(c + 5, 2) && c[7] == '-' &&
           sh_all_digits(c + 8, 2) && c[10] == sep && sh_all_digits(c + 11, 2) && c[13] == ':' &&
           sh_all_digits(c + 14, 2) && c[16] == ':' && sh_all_digits(c + 17, 2);
}

unsigned sh_lt_month(sh_str s)
{
    static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    if (s.len < 3)
        return 0;
    for (unsigned m = 0; m < 12; m++)
        if (sh_ascii_ieq_n(s.ptr, names + 3 * m, 3))
            return m + 1;
    return 0;
}

size_t sh_lt_time_of_day(sh_str s, bool need_ms, int64_t *tod_ms)
{
    const char *c = s.ptr;
    size_t i = 8;
    unsigned ms = 0;

    if (s.len < 8 || !sh_all_digits(c, 2) || c[2] != ':' || !sh_all_digits(c + 3, 2) || c[5] != ':' ||
        !sh_all_digits(c + 6, 2))
        return 0;
    unsigned h = sh_lt_num(c, 2), m = sh_lt_num(c + 3, 2), sec = sh_lt_num(c + 6, 2);
    if (h > 23 || m > 59 || sec > 60)
        return 0;
    if (s.len >= 12 && c[8] == '.' && sh_all_digits(c + 9, 3)) {
        ms = sh_lt_num(c + 9, 3);
        i = 12;
    } else if (need_ms) {
        return 0;
    }
    *tod_ms = ((int64_t)h * 3600 + m * 60 + sec) * 1000 + ms;
    return i;
}

/* A day of the month at s[*i], after any spaces: its digits' value (the
 * reading stops past 100, so a long number is no day); *i moves past. */
static unsigned day_at(sh_str s, size_t *i)
{
    unsigned d = 0;
    while (*i < s.len && s.ptr[*i] == ' ')
        (*i)++;
    while (*i < s.len && sh_is_digit(s.ptr[*i]) && d < 100)
        d = d * 10 + (unsigned)(s.ptr[(*i)++] - '0');
    return d;
}

size_t sh_lt_month_day(sh_str s, unsigned *month, unsigned *day)
{
    size_t i = 3;
    unsigned m = sh_lt_month(s), d;

    if (m == 0 || s.len < 4 || s.ptr[3] != ' ')
        return 0;
    d = day_at(s, &i);
    if (d < 1 || d > 31 || i >= s.len || s.ptr[i] != ' ')
        return 0;
    *month = m;
    *day = d;
    return i + 1;
}

size_t sh_lt_month_day_time(sh_str s, unsigned *month, unsigned *day, int64_t *tod_ms)
{
    unsigned m, d;
    size_t i = sh_lt_month_day(s, &m, &d), t;

    if (i == 0)
        return 0;
    t = sh_lt_time_of_day(sh_lt_from(s, i), false, tod_ms);
    if (t == 0)
        return 0;
    *month = m;
    *day = d;
    return i + t;
}

bool sh_lt_http_date(sh_str s, int64_t *secs)
{
    /* [Day, ]DD Mon YYYY HH:MM:SS GMT */
    s = sh_lt_trim(s);
    if (s.len == 0)
        return false;
    const char *comma = memchr(s.ptr, ',', s.len);
    size_t i = comma ? (size_t)(comma - s.ptr) + 1 : 0;
    unsigned d, m, y;
    int64_t tod;

    d = day_at(s, &i);
    if (i >= s.len || s.ptr[i] != ' ')
        return false;
    i++;
    m = sh_lt_month(sh_lt_from(s, i));
    if (m == 0 || i + 9 > s.len || s.ptr[i + 3] != ' ' || !sh_all_digits(s.ptr + i + 4, 4) || s.ptr[i + 8] != ' ')
        return false;
    y = sh_lt_num(s.ptr + i + 4, 4);
    i += 9;
    if (!sh_lt_valid_date(y, m, d) || sh_lt_time_of_day(sh_lt_from(s, i), false, &tod) == 0)
        return false;
    *secs = (int64_t)sh_log_days_from_civil((int)y, m, d) * 86400 + tod / 1000;
    return true;
}

void sh_lt_format_offset(int32_t off_s, char out[8])
{
    int32_t a = off_s < 0 ? -off_s : off_s;
    a %= 100 * 3600;
    snprintf(out, 8, "%c%02d:%02d", off_s < 0 ? '-' : '+', (int)(a / 3600), (int)(a % 3600 / 60));
}

void sh_lt_format_date(int32_t days, char out[16])
{
    /* The inverse of sh_log_days_from_civil (Howard Hinnant's civil_from_days). */
    int64_t z = (int64_t)days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    int64_t y = (int64_t)yoe + era * 400 + (m <= 2);
    /* Never cut: days has 32 bits, so |y| < 5 900 000 (at most 14 bytes). */
    if (snprintf(out, 16, "%04" PRId64 "-%02u-%02u", y, m, d) >= 16)
        out[15] = '\0';
}

bool sh_lt_uri_hostport(sh_str v, sh_str *host, uint32_t *port, bool *sips)
{
    *host = SH_STR_NULL;
    *port = 0;
    *sips = false;
    for (size_t i = 0; i + 4 <= v.len; i++) {
        size_t skip = 0;
        if (sh_ascii_ieq_n(v.ptr + i, "sip:", 4))
            skip = 4;
        else if (i + 5 <= v.len && sh_ascii_ieq_n(v.ptr + i, "sips:", 5)) {
            skip = 5;
            *sips = true;
        }
        if (!skip)
            continue;
        sh_str u = sh_lt_from(v, i + skip);
        for (size_t j = 0; j < u.len && !strchr(";>?, \t", u.ptr[j]); j++) {
            if (u.ptr[j] == '@') {
                u = sh_lt_from(u, j + 1);
                break;
            }
        }
        sh_lt_hostport(u, host, port);
        return host->len > 0;
    }
    return false;
}

int32_t sh_lt_offset_from_gmt(int64_t tod_ms, int64_t gmt_secs)
{
    const int64_t day_ms = INT64_C(86400000);
    int64_t gmt_tod = gmt_secs % 86400;
    if (gmt_tod < 0)
        gmt_tod += 86400;
    int64_t off_ms = tod_ms - gmt_tod * 1000;
    if (off_ms > 14 * 3600 * 1000)
        off_ms -= day_ms;
    else if (off_ms <= -12 * 3600 * 1000)
        off_ms += day_ms;
    return (int32_t)((off_ms >= 0 ? off_ms + 450000 : off_ms - 450000) / 900000 * 900);
}
