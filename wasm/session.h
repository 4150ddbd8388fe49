/* session.h - what one analysis keeps for its report (siphop_wasm.c fills
 * it message by message, report.c reads it at the end).
 *
 * Small records only: per message its result and where and when it was seen
 * (about 100 bytes), per call the header texts of its list row, per leg the
 * two ends of its INVITE and its changes. Repeated texts (addresses, methods,
 * start lines of responses) are kept once, in one string chunk.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_WASM_SESSION_H
#define SIPHOP_WASM_SESSION_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "siphop/domain.h"
#include "siphop/findings.h"
#include "siphop/legchanges.h"
#include "siphop/roles.h"
#include "siphop/tracker.h"

/* Bytes kept of a start line, a From, To or Call-ID value (as the plugin's
 * call list keeps 160 of a header value). */
#define SHW_TEXT_KEPT 160
/* Call-IDs listed per call (as the plugin's call list). */
#define SHW_MAX_CALL_IDS 8

typedef struct shw_msg {
    sh_result r;
    int64_t time_ns;
    uint32_t frame;
    uint32_t len;             /* the message's bytes as the core framed them */
    uint16_t status;          /* responses */
    bool is_request;
    const char *method;       /* requests; kept text */
    const char *src;          /* kept text, "" when unknown */
    const char *dst;
    uint32_t src_ep, dst_ep;  /* their endpoints in `roles`, 0 none */
    const char *first_line;   /* kept text, valid UTF-8, no control characters */
    uint32_t skipped;         /* the frame's messages not analysed (SH_MAX_MSGS_PER_FRAME),
                               * on its first message; 0 on the others */
} shw_msg;

typedef struct shw_call {
    uint32_t first_msg;       /* index + 1 of its first message; 0: not seen */
    uint32_t orphan;          /* the orphan failure that made it known, 0 if none */
    bool have_invite;         /* from/to/target come from its first initial INVITE */
    bool target_eo_only;
    uint8_t n_ids;
    const char *from, *to, *target;   /* kept text; NULL until known */
    const char *ids[SHW_MAX_CALL_IDS];
} shw_call;

typedef struct shw_leg {
    uint32_t call;            /* its call's number, 0: not seen */
    const char *src;          /* its INVITE's ends (first sighting), kept text */
    const char *dst;
} shw_leg;

typedef struct shw_session {
    sh_domains *domains;
    sh_tracker *tracker;
    sh_limits limits;
    sh_via *vias;             /* scratch for sh_msg_parse, limits.max_vias */
    GStringChunk *texts;      /* every kept text */
    sh_legchanges *changes;   /* what each hop changed in the INVITE */
    sh_roles *roles;          /* who each address is */
    GArray *msgs;             /* shw_msg */
    GArray *calls;            /* shw_call by call number (0 unused) */
    GArray *legs;             /* shw_leg by sh_txn.handle */
    uint32_t not_sip;
    uint32_t skipped;         /* over SH_MAX_MSGS_PER_FRAME, all frames */
    uint32_t frame;           /* the latest frame given, and how many of its */
    uint32_t in_frame;        /* messages were (not-SIP ones too, as items) */
    int64_t frame_first_msg;  /* index of its first analysed message, -1 none */
    GString *report;          /* the last report */
} shw_session;

/* report.c: the session as JSON, into s->report. */
const char *shw_report_build(shw_session *s);

#endif
