/* logparse.h - SIP messages out of Expressway diagnostic logs and CUCM SDL
 * traces.
 *
 * Encrypted hops (TLS 5061, traversal 7001..7003) cannot be decrypted from a
 * capture, but Expressway and CUCM log every SIP message they send and
 * receive. This parser turns those log records back into SIP messages with
 * who/where/when, so siphop-import can write them as a capture.
 *
 * Push/pull, streaming: push bytes as they come (any split, also in the
 * middle of a line), then pull records with sh_logparse_next() until it
 * returns false, then push more. Memory stays bounded by one line
 * (SH_LOG_MAX_LINE), one record header and one message (SH_LOG_MAX_MESSAGE),
 * plus the last pushed chunk, whatever the input.
 *
 * One reader per format (core/logfmt_*.c, behind core/logfmt.h); formats
 * are recognised per record (one file may mix them):
 *   - Expressway/VCS X8+ records: header line with Key="value" pairs,
 *     " SIPMSG:", message lines with one leading space, "|" markers;
 *   - X7 records (no Action/Local-ip) and X8.7 syslog times without ms;
 *   - document-style re-wrapped records (lines broken at ~80 columns,
 *     leading spaces lost, blank lines inserted): auto-detected when the
 *     SIPMSG: line has no leading space, or forced by options.rewrapped;
 *   - pasted excerpts: RFC 3164 or no syslog prefix, prose before the
 *     header, "SIPMSG: |INVITE" on one line, no closing '|';
 *   - CUCM SDL traces, TCP ("Incoming SIP TCP message from <ip> on port
 *     <p>") and UDP ("Incoming SIP UDP message size <n> from <ip>:[<p>]:");
 *   - Cisco IOS / IOS-XE (CUBE) "debug ccsip messages".
 * A message ends at its Content-Length: text after it is reported, not
 * glued into it.
 * docs/importing-logs.md describes the heuristics and their limits.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_LOGPARSE_H
#define SIPHOP_LOGPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "siphop/strview.h"

/* A line longer than this is cut here; a SIP record holding one is skipped. */
#define SH_LOG_MAX_LINE (64u * 1024u)
/* A SIP message larger than this (rebuilt, CRLF line ends) is skipped. */
#define SH_LOG_MAX_MESSAGE (1024u * 1024u)

typedef struct sh_log_options {
    /* Treat every Expressway record as document-style re-wrapped, even when
     * its SIPMSG: line keeps the leading space. */
    bool rewrapped;

    /* CUCM SDL traces carry only the time of day. The date is taken from
     * sdl_date when set (--date), else from a date in the lines before the
     * first SDL record (trace header), else from name_date (a date found in
     * the file name), else 1970-01-01 with a warning. Days since 1970-01-01. */
    bool has_sdl_date;
    int32_t sdl_date;
    bool has_name_date;
    int32_t name_date;
    /* SDL times are local: UTC = local - utc_offset_s (--utc-offset, then
     * has_utc_offset). Without it the offset comes from the SIP Date:
     * headers (GMT) against the trace's clock, else 0 (UTC). */
    bool has_utc_offset;
    int32_t utc_offset_s;
    /* The CUCM's own address for SDL records; NULL: learn it from the top
     * Via / Contact of what the CUCM sends. Copied. */
    const char *cucm_ip;
    /* Node name for SDL records; NULL means "cucm". Copied. */
    const char *sdl_node;
    /* Cisco IOS/CUBE "debug ccsip messages": the router's own address
     * (--cube-ip); NULL: learned from the Via/Contact of what it sends.
     * Copied. The year of its records (they print none) is sdl_date's year
     * when has_sdl_date (--date), else the SIP Date: headers'. */
    const char *cube_ip;
    /* Node name for CUBE records; NULL means "cube". Copied. */
    const char *cube_node;
    /* Hand every record out at once. By default a SIP message whose node's
     * own address is not known yet (X7, SDL, CUBE: learned from what the
     * node sends) is held back, with what follows, until it is (at most 256
     * records or 4 MiB), so that the address applies to it too. The log
     * reader plugin re-reading one record sets this: it has the address
     * from its first read. */
    bool no_hold;
    /* The number of the first line pushed (0 means 1): a reader that starts
     * in the middle of a file (the log reader plugin reading one record
     * again) gets the same line numbers, also in the texts, as a full read. */
    uint64_t first_line;
} sh_log_options;

typedef enum sh_log_kind {
    SH_LOG_SIP = 0,   /* a SIP message: write it */
    SH_LOG_INFO,      /* the INFO summary twin of a SIP message: not a message */
    SH_LOG_OTHER,     /* any other record: events, search, tcp, developer.* */
    SH_LOG_BAD,       /* a record or stretch of input that could not be read */
} sh_log_kind;

typedef enum sh_log_error {
    SH_LOG_ENONE = 0,
    SH_LOG_ETRUNCATED,     /* input ended inside a SIP record */
    SH_LOG_EUNTERMINATED,  /* the next record began before the closing '|' */
    SH_LOG_EBINARY,        /* NUL or other control bytes */
    SH_LOG_ELONGLINE,      /* a line longer than SH_LOG_MAX_LINE */
    SH_LOG_ETOOBIG,        /* a message larger than SH_LOG_MAX_MESSAGE */
    SH_LOG_ENOTSIP,        /* SIPMSG: not followed by a SIP start line */
    SH_LOG_EBADHEADER,     /* record header without usable time or direction */
    SH_LOG_ENORECORD,      /* a SIP message with no record header (no time, no addresses) */
    /* Warnings on SH_LOG_SIP records (the message is still returned): */
    SH_LOG_ECONTENTLENGTH, /* Content-Length larger than the logged body */
    SH_LOG_ENODATE,        /* SDL trace without a date: 1970-01-01 assumed */
    SH_LOG_ETRAILING,      /* text after the message's Content-Length: not part of it */
    SH_LOG_ECOUNT
} sh_log_error;

/* Short reason for summaries ("truncated at end of input", ...). */
const char *sh_log_error_name(sh_log_error e);

typedef enum sh_log_dir {
    SH_LOG_DIR_NONE = 0,
    SH_LOG_RECEIVED,  /* peer -> local */
    SH_LOG_SENT,      /* local -> peer */
} sh_log_dir;

typedef enum sh_log_transport {
    SH_TRANSPORT_UNKNOWN = 0,
    SH_TRANSPORT_UDP,
    SH_TRANSPORT_TCP,
    SH_TRANSPORT_TLS,
    SH_TRANSPORT_SCTP,
} sh_log_transport;

/* Where the transport was inferred from, for the frame comment. */
typedef enum sh_log_transport_src {
    SH_TSRC_NONE = 0,
    SH_TSRC_VIA,      /* top Via "SIP/2.0/TLS" */
    SH_TSRC_PORT,     /* 5061, 5062, 7001..7003 */
    SH_TSRC_LOG,      /* the SDL line says "SIP TCP message" */
} sh_log_transport_src;

/* Where the local address came from. */
typedef enum sh_log_local_src {
    SH_LOCAL_NONE = 0,   /* unknown: the caller picks a placeholder */
    SH_LOCAL_LOGGED,     /* Local-ip/Local-port of the record */
    SH_LOCAL_OPTION,     /* options.cucm_ip */
    SH_LOCAL_LEARNED,    /* top Via / Contact of this or an earlier message */
} sh_log_local_src;

/* One record. Every view points into the parser and stays valid until the
 * next sh_logparse_next() or sh_logparse_push() call. */
typedef struct sh_log_record {
    sh_log_kind kind;
    sh_log_error error;     /* SH_LOG_BAD: why; SH_LOG_SIP: a warning or NONE */
    const char *detail;     /* error text for people, NUL-terminated, or "" */
    uint64_t line;          /* 1-based line where the record starts */
    uint64_t error_line;    /* line where the problem was seen (0: none) */
    bool sdl;               /* from a CUCM SDL trace */
    const char *format;     /* the reader that read it: "Expressway diagnostic
                             * log", "CUCM SDL trace", ... (static) */

    bool has_time;
    int64_t time_ns;        /* UTC, nanoseconds since 1970-01-01 */
    sh_str node;            /* syslog host ("vcse") or the SDL node name */
    sh_log_dir dir;
    sh_str action;          /* "Received"/"Sent" as logged; empty for X7/SDL */

    sh_str local_addr;      /* IP literal without brackets; empty if unknown */
    uint32_t local_port;    /* 0 when unknown */
    sh_log_local_src local_src;
    sh_str peer_addr;       /* as logged, brackets removed: an IP literal or
                             * text such as "Webex IP address" */
    uint32_t peer_port;     /* 0 when unknown */
    sh_str msg_hash;        /* Expressway Msg-Hash, empty when absent */

    sh_log_transport transport;
    sh_log_transport_src transport_src;

    sh_str msg;             /* the SIP message, CRLF line ends (SH_LOG_SIP) */
    bool has_content_length;
    uint64_t content_length;
    size_t body_len;        /* bytes after the blank line */
} sh_log_record;

typedef struct sh_logparse sh_logparse;

/* options may be NULL (all defaults). */
sh_logparse *sh_logparse_new(const sh_log_options *options);
void sh_logparse_free(sh_logparse *p);

/* Give the parser more input. Call sh_logparse_next() until it returns
 * false before pushing again, or memory grows by what you push. */
void sh_logparse_push(sh_logparse *p, const void *data, size_t len);

/* No more input: the last line needs no newline, and a record still open
 * is finished (or reported truncated) by the next sh_logparse_next(). */
void sh_logparse_end(sh_logparse *p);

/* The next record, if one is complete. False: push more input (or, after
 * sh_logparse_end(), the input is exhausted). */
bool sh_logparse_next(sh_logparse *p, sh_log_record *rec);

/* Lines consumed so far (for progress and errors outside records). */
uint64_t sh_logparse_lines(const sh_logparse *p);

/* The line where the record being read starts or, between records, the next
 * line to be read: no record that sh_logparse_next() returns later starts
 * before this line. A reader that maps lines to file offsets (the log reader
 * plugin, to seek back to a record) can forget every line before it. */
uint64_t sh_logparse_record_line(const sh_logparse *p);

/* The formats of the records read so far, as "Expressway diagnostic log"
 * or "CUCM SDL trace, Cisco IOS debug ccsip"; "" when no record of any
 * known format was seen (the input is not a log siphop knows). Valid until
 * the next call on p. */
const char *sh_logparse_formats(const sh_logparse *p);

/* What the parser inferred rather than read, for the summary: "date
 * 2015-07-06 and UTC offset +10:00 from the SIP Date: header (line 7)", or
 * NULL. Valid until the next call on p. */
const char *sh_logparse_note(const sh_logparse *p);

/* Helpers shared with siphop-import and its tests. */

/* Stable placeholder for a peer written as text: the same text always gives
 * the same address, in 198.18.0.0/15 (RFC 2544 benchmarking, never routed)
 * for IPv4 and 2001:2::/48 (RFC 5180 benchmarking) for IPv6. Hosts .0 and
 * .255 in the last octet are avoided. */
void sh_log_placeholder_v4(sh_str text, uint8_t out[4]);
void sh_log_placeholder_v6(sh_str text, uint8_t out[16]);

/* Days since 1970-01-01 of a proleptic Gregorian date (no range checks). */
int32_t sh_log_days_from_civil(int y, unsigned m, unsigned d);

/* Parse "YYYY-MM-DD" (the whole view). */
bool sh_log_parse_date(sh_str s, int32_t *days);

/* Find a date (YYYY-MM-DD, YYYY_MM_DD, YYYYMMDD, YYYY/MM/DD or MM/DD/YYYY)
 * anywhere in a text such as a file name. */
bool sh_log_find_date(sh_str s, int32_t *days);

const char *sh_log_transport_name(sh_log_transport t);

#endif
