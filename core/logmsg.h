/* logmsg.h - a SIP message rebuilt line by line from a log record.
 *
 * Logs print SIP messages with their own decorations (a leading space, a
 * '|' marker, LF line ends, blank lines added by documents). A reader strips
 * those and hands the lines here; the builder joins them with CRLF, keeps
 * track of the headers/body boundary and of Content-Length, and so knows
 * when the message is complete: what follows a complete message is not
 * part of it. Memory is capped at SH_LOG_MAX_MESSAGE. Internal to the core.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_LOGMSG_H
#define SIPHOP_LOGMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "siphop/strview.h"

typedef struct sh_logmsg {
    char *p;
    size_t len, cap;
    unsigned nlines;        /* lines started */
    bool line_open;         /* the last line has no CRLF yet */
    bool in_body;           /* the blank line after the headers was added */
    size_t body_start;
    bool has_cl;            /* a Content-Length header among the headers */
    uint64_t cl;
    bool no_final_crlf;     /* the log shows the body ends without a line end */
} sh_logmsg;

void sh_logmsg_reset(sh_logmsg *m);
void sh_logmsg_free(sh_logmsg *m);
sh_str sh_logmsg_str(const sh_logmsg *m);

/* Start a new line (ending the open one). A header line that is
 * Content-Length is noted. False: the message would pass the cap. */
bool sh_logmsg_line(sh_logmsg *m, sh_str l);
/* Continue the open line (a line broken by a document's layout). */
bool sh_logmsg_append(sh_logmsg *m, sh_str l);
/* The blank line between headers and body. */
bool sh_logmsg_end_headers(sh_logmsg *m);
/* Body bytes so far, counting the CRLF the open line will get. */
size_t sh_logmsg_body_len(const sh_logmsg *m);
/* Headers ended, Content-Length known and its body all there: whatever
 * comes next is not part of this message. */
bool sh_logmsg_complete(const sh_logmsg *m);
/* Finish: end the open line, add the blank line if the log had none, and
 * unless verbatim drop blank lines beyond the body that the log or a
 * document added. False: the cap was hit. */
bool sh_logmsg_close(sh_logmsg *m, bool verbatim);

/* Line shapes. */
bool sh_log_status_line(sh_str l);    /* "SIP/2.0 404 Not Found" */
bool sh_log_request_line(sh_str l);   /* "INVITE sip:x SIP/2.0" */
static inline bool sh_log_start_line(sh_str l)
{
    return sh_log_status_line(l) || sh_log_request_line(l);
}
/* "Name:" then a space or the end: a header line rather than a broken-off
 * piece of the previous one (re-wrapped documents). */
bool sh_log_header_line(sh_str c);
bool sh_log_sdp_line(sh_str c);       /* "x=..." */
/* "Content-Length: 123" or "l: 123". */
bool sh_log_header_cl(sh_str line, uint64_t *cl);

#endif
