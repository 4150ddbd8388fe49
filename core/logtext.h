/* logtext.h - text, number, address and date helpers shared by the log
 * parser's driver and its readers (logparse.c, logfmt_*.c). Internal to the
 * core; the helpers other code needs are in include/siphop/logparse.h.
 *
 * Every helper takes a view and never reads outside it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_LOGTEXT_H
#define SIPHOP_LOGTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "siphop/logparse.h"
#include "siphop/strview.h"

#define SH_NS_PER_MS INT64_C(1000000)

static inline bool sh_lt_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The decimal value of n digits (the caller checked they are digits). */
unsigned sh_lt_num(const char *s, size_t n);
/* RFC 3261 token characters (header names, methods). */
bool sh_lt_token_char(char c);

/* Append n bytes to the buffer *buf holding *len of *cap bytes, growing it
 * (g_realloc) to first bytes, then doubling, as needed. */
void sh_lt_append(char **buf, size_t *len, size_t *cap, size_t first, const void *data, size_t n);

const char *sh_lt_find(sh_str s, const char *lit);
bool sh_lt_suffix(sh_str s, const char *lit);
bool sh_lt_eq(sh_str s, const char *lit);
/* Strip spaces, tabs and UTF-8 no-break spaces (documents use them). */
sh_str sh_lt_trim(sh_str s);
/* s from offset i to its end (i may be s.len). */
static inline sh_str sh_lt_from(sh_str s, size_t i)
{
    return sh_str_make(s.ptr + i, s.len - i);
}

/* Control bytes other than TAB: binary data, not log text. */
bool sh_lt_binary(sh_str l);
sh_str sh_lt_strip_brackets(sh_str s);
/* The port a SIP URI or Via without one means: 5061 for TLS or a sips:
 * URI, else 5060. */
uint32_t sh_lt_default_port(sh_log_transport t, bool sips);
/* host[:port] or [v6][:port] at the start of s (host without brackets). */
void sh_lt_hostport(sh_str s, sh_str *host, uint32_t *port);

/* The first sip: or sips: URI's host (without brackets) and port in a
 * header value or Request-URI; *sips when the scheme is sips. False when
 * there is none. */
bool sh_lt_uri_hostport(sh_str v, sh_str *host, uint32_t *port, bool *sips);

/* A proleptic Gregorian date between 1970 and 2200 (nanoseconds since 1970
 * in an int64 end in 2262). */
bool sh_lt_valid_date(unsigned y, unsigned m, unsigned d);
/* "YYYY-MM-DD<sep>HH:MM:SS[.,]fraction" then, if allow_zone, "Z" or
 * "+HH:MM" / "+HHMM". Returns the length parsed, 0 if it is not one (also
 * for an impossible date or a year outside 1970-2200). */
size_t sh_lt_datetime(sh_str s, char sep, bool allow_zone, int64_t *ns);
/* The same shape without checking the values: tells "a time that is not
 * valid" (2015-02-30, 1969) from "not a time at all". */
bool sh_lt_datetime_shape(sh_str s, char sep);
/* "Jan".."Dec" -> 1..12, else 0. */
unsigned sh_lt_month(sh_str s);
/* "Mmm dd " (the day 1..31, space-padded as in "Jul  6 "): month and day;
 * the length parsed, through the space after the day, or 0. */
size_t sh_lt_month_day(sh_str s, unsigned *month, unsigned *day);
/* "Mmm dd hh:mm:ss[.mmm]" (RFC 3164, also Cisco IOS): month, day and time
 * of day in ms. Returns the length parsed, 0 if it is not one. The day may
 * be space-padded ("Jul  6"). */
size_t sh_lt_month_day_time(sh_str s, unsigned *month, unsigned *day, int64_t *tod_ms);
/* "hh:mm:ss.mmm" at the start of s; the length parsed or 0. */
size_t sh_lt_time_of_day(sh_str s, bool need_ms, int64_t *tod_ms);
/* An RFC 7231 / 3261 date "Mon, 06 Jul 2015 02:30:03 GMT" (the SIP Date:
 * header) in seconds since 1970. */
bool sh_lt_http_date(sh_str s, int64_t *secs);
/* A log clock's offset from UTC: its time of day against the SIP Date:
 * header (GMT, seconds since 1970) of the same message, in -12h..+14h,
 * rounded to the nearest quarter hour (zones are whole quarter hours; the
 * rest is the sender's clock and the time the message took). */
int32_t sh_lt_offset_from_gmt(int64_t tod_ms, int64_t gmt_secs);

/* "YYYY-MM-DD" for days since 1970-01-01. */
void sh_lt_format_date(int32_t days, char out[16]);
/* "+HH:MM" for an offset in seconds. */
void sh_lt_format_offset(int32_t off_s, char out[8]);

#endif
