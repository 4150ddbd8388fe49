/* logfmt_excerpt.h - recovering a SIP message from an Expressway record as
 * documents and pastes quote it: lines re-wrapped at a fixed width, leading
 * spaces lost, blank lines inserted, the closing '|' gone. Used by the
 * Expressway reader (logfmt_expressway.c) for the message part of a record
 * whose SIPMSG: line lost its leading space (or with --rewrapped); the
 * rules and what they cannot undo are in docs/importing-logs.md. Internal.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_LOGFMT_EXCERPT_H
#define SIPHOP_LOGFMT_EXCERPT_H

#include "logfmt.h"

typedef struct sh_excerpt {
    bool startline_open;    /* request line not yet ending in SIP/2.0 */
    unsigned joins;         /* lines joined to the request line */
    bool last_was_cl;       /* the last header line was Content-Length */
} sh_excerpt;

typedef enum sh_exc {
    SH_EXC_MORE,        /* line taken */
    SH_EXC_DONE,        /* the message is complete, line taken ('|') */
    SH_EXC_DONE_KEEP,   /* the message was complete before this line */
    SH_EXC_FAIL,        /* an error was noted (sh_logctx_error): skip the record */
} sh_exc;

void sh_excerpt_reset(sh_excerpt *x);
/* One line of the message (c->msg) as a document shows it. */
sh_exc sh_excerpt_line(sh_logctx *c, sh_excerpt *x, sh_str l, uint64_t line);

#endif
