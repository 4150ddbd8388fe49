/* logfmt.h - the interface between the log parser's driver (logparse.c)
 * and its readers, one per log format (logfmt_*.c). Internal to the core.
 *
 * The driver splits the input into lines and hands them out. Between
 * records it asks each reader in turn whether a line starts one of its
 * records; the first that says yes reads that record, line by line, until
 * it says the record is complete. Inside a record every line is first
 * offered to all readers' starts(): a line that starts a record ends the
 * one being read (its reader's end() is called, the line is kept for the
 * next record). So a reader never has to know the other formats.
 *
 * Adding a format: one logfmt_<name>.c defining a const sh_logfmt, and one
 * row in the table in logparse.c.
 *
 * What every reader shares sits in sh_logctx: the message builder, the
 * record's first error, and the finishing of a SIP message (its start
 * line, transport, the node's own address, Content-Length, text after it).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_LOGFMT_H
#define SIPHOP_LOGFMT_H

#include <stdbool.h>
#include <stdint.h>

#include "logmsg.h"
#include "siphop/logparse.h"

typedef enum sh_feed {
    SH_FEED_MORE,       /* line consumed, no record yet */
    SH_FEED_EMIT,       /* line consumed, *r is ready */
    SH_FEED_EMIT_KEEP,  /* *r is ready; the line belongs to what follows */
} sh_feed;

/* A node whose own address is learned from its messages (X7 Expressway,
 * CUCM, CUBE), by node name. */
#define SH_LOG_MAX_NODES 16
typedef struct sh_lognode {
    char name[64];
    char addr[64];
    uint32_t port;
} sh_lognode;

typedef struct sh_logctx {
    sh_log_options opt;      /* strings owned by the parser */
    bool line_long;          /* the line being fed was cut at SH_LOG_MAX_LINE */
    uint64_t lineno;         /* lines consumed before the one being fed */

    /* The record being read. */
    uint64_t rec_line;
    sh_log_error err;        /* first problem (set_error) */
    uint64_t err_line;
    sh_logmsg msg;
    uint64_t trailing_line;  /* first text after the complete message */
    uint64_t bare_line;      /* a SIP message with no record header of its own */
    bool waiting;            /* finished, but the node's own address is not
                              * known yet: the driver holds it back */

    sh_lognode nodes[SH_LOG_MAX_NODES];
    size_t n_nodes;

    /* What the parser inferred (sh_logparse_note). */
    char note[200];

    char detail[320];
    char detail2[320];       /* the bare-message report that follows a record */
} sh_logctx;

typedef struct sh_logfmt {
    const char *name;        /* "CUCM SDL trace": summaries, capinfos */
    size_t state_size;       /* zeroed reader state, one per parser */
    void (*free_state)(void *st);   /* may be NULL */
    /* Does l start a record of this format? Called for every line outside
     * a record and every line inside one: keep it cheap. */
    bool (*starts)(sh_logctx *c, void *st, sh_str l);
    /* l (starts() said yes) begins a record: MORE, or EMIT for a record of
     * one line (an OTHER record: an SDL line that is not SIP). */
    sh_feed (*begin)(sh_logctx *c, void *st, sh_str l, uint64_t line, sh_log_record *r);
    /* The next line of the record. */
    sh_feed (*feed)(sh_logctx *c, void *st, sh_str l, uint64_t line, sh_log_record *r);
    /* The record ends before its reader ended it: the next record starts
     * at next_line, or the input ended (next_line 0). Fill *r. */
    void (*end)(sh_logctx *c, void *st, uint64_t next_line, sh_log_record *r);
    /* A line outside every record (may be NULL): a trace header's date. */
    void (*idle)(sh_logctx *c, void *st, sh_str l);
} sh_logfmt;

extern const sh_logfmt sh_logfmt_expressway;
extern const sh_logfmt sh_logfmt_sdl;
extern const sh_logfmt sh_logfmt_cube;

/* ---- services of the driver to the readers ---- */

/* A new record starts at line: clears the error and the message. */
void sh_logctx_start(sh_logctx *c, uint64_t line);
/* Note a problem; the first one of a record wins. */
void sh_logctx_error(sh_logctx *c, sh_log_error e, uint64_t line);
/* Clear *r for a record of format f starting at the record line. */
void sh_logctx_record(sh_logctx *c, const sh_logfmt *f, sh_log_record *r);
/* Fill *r as the BAD record of the error noted. */
void sh_logctx_bad(sh_logctx *c, sh_log_record *r);

/* A line after the message is complete (sh_logmsg_complete): blank lines
 * are nothing, a SIP start line is a message without a record header (its
 * lines are nothing either, reported once after the record), other text is
 * not part of the message (a warning on the record). Returns true when the
 * line was white space. */
void sh_logctx_after(sh_logctx *c, sh_str l, uint64_t line);

/* A line no record may hold (binary data, or longer than the line limit):
 * true, with the error noted; the reader then skips the rest of its record. */
bool sh_logctx_bad_line(sh_logctx *c, sh_str l, uint64_t line);

/* The next line of a message logged line for line (SDL, CUBE): white space
 * before its start line is nothing, text after a complete message goes to
 * sh_logctx_after, a blank line in the headers ends them, anything else is
 * a line of the message. False: the message is over the builder's limits
 * (ETOOBIG noted); skip the rest of the record. */
bool sh_logctx_msg_line(sh_logctx *c, sh_str l, uint64_t line);

/* How finishing learns the node's own address. */
typedef struct sh_logfinish {
    sh_str transport_word;   /* the log's word ("TCP" in SDL), may be empty */
    bool learn;              /* the log does not give the local address */
    const char *forced_ip;   /* the user gave it (--cucm-ip), or NULL */
    bool endpoint;           /* a UA/B2BUA (CUCM, CUBE): its Contact is its
                              * own, and a request it receives without Route
                              * is addressed to it (Request-URI) */
} sh_logfinish;

/* Finish a SIP record whose header fields (time, node, direction, peer,
 * local end when logged) are in *r: close the message (verbatim: as
 * logged, else drop blank lines added beyond the body), check its start
 * line, read its headers with the core's message parser, infer the
 * transport and the local end, and note warnings. False: *r became BAD. */
bool sh_logctx_finish_sip(sh_logctx *c, sh_log_record *r, bool verbatim, const sh_logfinish *how);

/* The value of the first header name (or its compact form, 0 for none) of
 * the message being read; empty when absent. */
sh_str sh_logctx_header(const sh_logctx *c, const char *name, char compact);

/* The record's time from milliseconds since 1970 (saturated, never
 * wrapped: a date option is any int32 of days). */
void sh_logctx_time_ms(sh_log_record *r, int64_t ms);

/* A record whose date is not known (SDL trace, IOS debug): the first such
 * record of the log without another warning gets SH_LOG_ENODATE with text;
 * *warned remembers it. */
void sh_logctx_nodate(sh_logctx *c, sh_log_record *r, bool *warned, const char *text);

/* The note saying what the SIP Date: header of the record being read gave
 * (sh_logparse_note): "<what> <value> and UTC offset +10:00 from the SIP
 * Date: header (line N)", with value (may be NULL: the offset alone) and/or
 * the offset (with_offset). */
void sh_logctx_date_note(sh_logctx *c, const char *what, const char *value, bool with_offset, int32_t off_s);

/* Set the parser's note (first one wins). */
void sh_logctx_note(sh_logctx *c, const char *text);

#endif
