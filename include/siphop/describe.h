/* describe.h - the words siphop shows: column label, link reason, expert text.
 *
 * Pure functions of tracker state, kept out of the adapter so that the text
 * users read (and filter on) is unit-tested without Wireshark. Each writes a
 * NUL-terminated string into buf (truncated to size) and returns buf.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_DESCRIBE_H
#define SIPHOP_DESCRIBE_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "siphop/tracker.h"

/* What the message is, for the label: "INVITE", "500", "ACK" ... */
typedef struct sh_msg_brief {
    bool is_request;
    const char *method;      /* requests */
    unsigned status;         /* responses */
} sh_msg_brief;

/* Is the message an INVITE request? */
static inline bool sh_msg_brief_is_invite(const sh_msg_brief *b)
{
    return b->is_request && b->method && strcmp(b->method, "INVITE") == 0;
}

/* Column label, e.g. "call 1 hop 3/3 DO to company.webex.com (EO req) 500 ORIGIN". */
const char *sh_describe_label(const sh_tracker *t, const sh_result *r, const sh_msg_brief *b, char *buf,
                              size_t size);

/* Why this leg is tied to the previous hop (siphop.link), and what was
 * checked. */
const char *sh_describe_link(const sh_tracker *t, const sh_txn *x, char *buf, size_t size);

/* The failure model's words: one row per class (sh_failure_class). The
 * adapters map the severity to their own (Wireshark's PI_CHAT ... PI_ERROR)
 * and register one expert item per class from this table. */
typedef enum sh_severity { SH_SEV_CHAT, SH_SEV_NOTE, SH_SEV_WARN, SH_SEV_ERROR } sh_severity;

typedef struct sh_class_info {
    const char *name;        /* siphop.failure_class value: "no-answer" */
    const char *expert;      /* expert field name: "siphop.failure.no_answer" */
    const char *title;       /* Expert Information group: "No answer from the next hop" */
    const char *verdict;     /* the call's verdict word: "FAILED", "BUSY" ... */
    const char *short_cause; /* in the expert summary: "no answer from the next hop" */
    const char *fix;         /* what to check or change, one line (siphop.fix) */
    const char *const *fix_steps;   /* the same in full, one step per field
                                     * (siphop.fix_step), NULL-terminated;
                                     * each step fits a tree item */
    sh_severity severity;    /* error only for network faults on the path */
    bool is_failure;         /* a failed transaction, drawn as failure origin and relays (not a
                              * challenge, redirect or cancel); the call's verdict is its
                              * initial INVITE's (a rejected re-INVITE leaves it up) */
} sh_class_info;

const sh_class_info *sh_class_info_of(sh_failure_class c);   /* never NULL */
const char *sh_failure_class_name(sh_failure_class c);       /* "" for none */

/* Expert texts. */
const char *sh_describe_delayed_offer(char *buf, size_t size);
const char *sh_describe_eo_required(const sh_txn *x, const char *matched_domain, char *buf, size_t size);

/* One sentence with the evidence (siphop.cause): who sent what on which
 * hop, and what the class rests on. */
const char *sh_describe_cause(const sh_tracker *t, const sh_failure *f, char *buf, size_t size);

/* The expert summary where the failure started. */
const char *sh_describe_failure_origin(const sh_tracker *t, const sh_failure *f, char *buf, size_t size);
/* The expert summary on a response that relays failure *f* as *status*. */
const char *sh_describe_failure_relayed(const sh_failure *f, unsigned status, char *buf, size_t size);
/* An INVITE that got no response at all in the capture. */
const char *sh_describe_no_response(const sh_tracker *t, const sh_txn *x, char *buf, size_t size);
/* A B2BUA link refused (sh_tracker_link_refusal), "" if none. */
const char *sh_describe_link_refused(const sh_tracker *t, const sh_txn *x, char *buf, size_t size);
/* The call's verdict in words; *origin_node* names the failure's sender
 * ("Webex", "Expressway-E" ...) or is NULL. A call seen only through an
 * orphan failure (its INVITE is not in the capture) has no outcome leg:
 * sh_describe_failure_verdict() words its failure. */
const char *sh_describe_verdict(const sh_tracker *t, const sh_call *c, const char *origin_node, char *buf,
                                size_t size);

const char *sh_describe_failure_verdict(const sh_tracker *t, const sh_failure *f, const char *origin_node, char *buf,
                                        size_t size);
/* The hops of a call seen in the capture: "Hops seen: 1-3", with the
 * hops before *min_hop* said missing when it is above 1. */
const char *sh_describe_hops_seen(unsigned min_hop, unsigned max_hop, char *buf, size_t size);
const char *sh_describe_hop_missing(const sh_result *r, char *buf, size_t size);
const char *sh_describe_dup(const sh_result *r, char *buf, size_t size);

/* The fix: short in expert texts, whole in the siphop.fix field. */
#define SH_EO_FIX_SHORT "Fix: Early Offer on the CUCM SIP trunk"

/* The fix for a delayed offer toward an early-offer-only destination, on
 * one line (siphop.fix) and in full, one step per field (siphop.fix_step):
 * the CUCM setting's exact names and values. */
#define SH_EO_FIX_ONE_LINE "Early Offer on the CUCM SIP trunk toward Expressway-C (its SIP Profile)"
#define SH_EO_FIX_STEPS_INIT                                                                                          \
    {                                                                                                                 \
        "On CUCM: Device > Device Settings > SIP Profile, the profile of the SIP trunk toward Expressway-C, Trunk "   \
        "Specific Configuration.",                                                                                    \
        "Set \"Early Offer support for voice and video calls\" to \"Best Effort (no MTP inserted)\" or \"Mandatory " \
        "(insert MTP if needed)\" (default: \"Disabled (Default value)\"), then reset the trunk.",                    \
        "Before CUCM 10: tick \"Early Offer support for voice and video calls (insert MTP if needed)\".",             \
        "\"Media Termination Point Required\" on the trunk also forces early offer, but puts an MTP into every call "  \
        "(codec and video limits, one more resource per call): not recommended.",                                    \
        "Multi-cluster: the trunks toward Expressway-C and TelePresence Conductor from the SME or leaf cluster need " \
        "it too.",                                                                                                    \
        NULL,                                                                                                         \
    }

/* Texts longer than this are cut (with "...") so that Wireshark shows them
 * whole: a tree item holds 240 bytes with its field name. */
#define SH_TEXT_FIT 200

/* The note on a capture whose SIP is seen only inside TLS (on the SIP ports),
 * none in clear: where to get the messages instead. */
const char *sh_describe_sip_encrypted(void);

#endif
