/* findings.h - what siphop points out on a message: which finding, how
 * severe, in which words.
 *
 * The Wireshark plugin shows each finding as an expert item; the page lists
 * them with their fixes. Both take them from here, so a finding is decided
 * and worded once: sh_findings_of() turns a message's result into its
 * findings, in the order they are shown; the kind table names each one for
 * the expert registration (field name, group, severity, title).
 *
 * A failure's origin is one kind whose name, title and severity come from
 * its class (sh_class_info_of): one expert item per class.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_FINDINGS_H
#define SIPHOP_FINDINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "siphop/describe.h"
#include "siphop/tracker.h"

typedef enum sh_finding_kind {
    SH_FIND_DELAYED_OFFER = 0,    /* INVITE without SDP */
    SH_FIND_DELAYED_OFFER_EO,     /* ... toward an early-offer-only destination */
    SH_FIND_OFFER_UNKNOWN,        /* the INVITE is cut before its body ends */
    SH_FIND_LINK_REFUSED,         /* a shared B2BUA value was not used */
    SH_FIND_NO_RESPONSE,          /* an INVITE nothing came back to (later passes) */
    SH_FIND_FAILURE_ORIGIN,       /* where a final response's story starts: per class */
    SH_FIND_FAILURE_RELAYED,      /* a response relaying a failure on the path */
    SH_FIND_FAILURE_RELAYED_NOTE, /* ... relaying a busy, a decline or a rejected re-INVITE */
    SH_FIND_RETRANSMISSION,
    SH_FIND_COPY,                 /* the same message at another capture point */
    SH_FIND_HOP_MISSING,
    SH_FIND_VIAS_TRUNCATED,
    SH_FIND_LIMIT,                /* calls or legs limit, or messages per frame */
    SH_FIND_NO_OFFER_IN_2XX,
    SH_FIND_NO_ANSWER_IN_ACK,
    SH_FIND_VIA_LOOP,
    SH_FIND_ORPHAN,
    SH_FIND_UNTRACKABLE,
    SH_FIND_CANCELLED,
    SH_FIND_COUNT
} sh_finding_kind;

/* Wireshark's expert groups, by what they are about. */
typedef enum sh_finding_group {
    SH_GROUP_PROTOCOL,
    SH_GROUP_RESPONSE_CODE,
    SH_GROUP_SEQUENCE,
    SH_GROUP_MALFORMED,
} sh_finding_group;

typedef struct sh_finding_info {
    const char *name;        /* expert field: "siphop.delayed_offer" */
    sh_finding_group group;
    sh_severity severity;
    const char *title;       /* the expert item's registered summary */
} sh_finding_info;

/* The kind's row; for SH_FIND_FAILURE_ORIGIN the name, group, severity and
 * title depend on the class: use sh_finding_info_of_class(). */
const sh_finding_info *sh_finding_info_of(sh_finding_kind k);
/* A failure class's origin finding (one expert item per class; the
 * cancelled class is SH_FIND_CANCELLED's, not this). */
sh_finding_info sh_finding_info_of_class(sh_failure_class c);

/* Findings on one message: at most this many (the most one message can
 * raise at once is well below). */
#define SH_FINDINGS_MAX 16
#define SH_FINDING_TEXT 1024  /* most texts are cut at SH_TEXT_FIT; a refused link names its value in full */

typedef struct sh_finding {
    sh_finding_kind kind;
    sh_failure_class cls;    /* SH_FIND_FAILURE_ORIGIN: its class; else SH_FC_NONE */
    sh_severity severity;    /* the kind's, or the class's for an origin */
    sh_failure_class fix;    /* whose fix applies (sh_class_info_of: fix, fix_steps):
                              * the failure's class on its origin and relays,
                              * delayed-offer on a delayed offer toward an
                              * early-offer-only destination; SH_FC_NONE: none */
    char text[SH_FINDING_TEXT];
} sh_finding;

typedef struct sh_findings {
    unsigned n;
    sh_finding item[SH_FINDINGS_MAX];
} sh_findings;

/* The findings of a message whose result is *r* (brief: what it is), in
 * the order they are shown. *fresh*: analysed in this very pass (a single
 * pass), when what later frames say is not known yet: no "no response".
 * Returns out->n. */
unsigned sh_findings_of(const sh_tracker *t, const sh_result *r, const sh_msg_brief *b, bool fresh,
                        sh_findings *out);

/* SIP messages of one frame a front-end analyses at most (far beyond real
 * TCP segments); the others are counted in one note on the frame. */
#define SH_MAX_MSGS_PER_FRAME 64u

/* The note on a frame with more SIP messages than a front-end analyses
 * (SH_FIND_LIMIT). */
const char *sh_describe_skipped(unsigned skipped, unsigned max, char *buf, size_t size);

#endif
