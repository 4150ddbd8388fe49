/* describe.h - the words siphop shows: column label, link reason, expert text.
 *
 * Pure functions of tracker state, kept out of the adapter so that the text
 * users read (and filter on) is unit-tested without Wireshark. Each writes a
 * NUL-terminated string into buf (truncated to size) and returns buf.
 */
#ifndef SIPHOP_DESCRIBE_H
#define SIPHOP_DESCRIBE_H

#include <stddef.h>

#include "siphop/tracker.h"

/* What the message is, for the label: "INVITE", "500", "ACK" ... */
typedef struct sh_msg_brief {
    bool is_request;
    const char *method;      /* requests */
    unsigned status;         /* responses */
} sh_msg_brief;

/* Column label, e.g. "call 1 hop 3/3 DO to company.webex.com (EO req) 500 ORIGIN". */
const char *sh_describe_label(const sh_result *r, const sh_msg_brief *b, char *buf, size_t size);

/* Why this leg is tied to the previous hop (siphop.link). */
const char *sh_describe_link(const sh_txn *x, char *buf, size_t size);

/* Expert texts. */
const char *sh_describe_delayed_offer(char *buf, size_t size);
const char *sh_describe_eo_required(const sh_txn *x, const char *matched_domain, char *buf, size_t size);
const char *sh_describe_failure_origin(const sh_txn *x, char *buf, size_t size);
const char *sh_describe_failure_relayed(const sh_txn *x, unsigned status, char *buf, size_t size);
const char *sh_describe_hop_missing(const sh_result *r, char *buf, size_t size);
const char *sh_describe_dup(const sh_result *r, char *buf, size_t size);

/* The fix: short in expert texts, whole in the siphop.fix field. */
#define SH_EO_FIX_SHORT "Fix: Early Offer on the CUCM SIP trunk"

#define SH_EO_FIX \
    "Fix: on CUCM, give the SIP trunk toward Expressway-C a SIP Profile with " \
    "\"Early Offer support for voice and video calls\" enabled (Device > Device Settings > SIP Profile); " \
    "\"Media Termination Point Required\" on the trunk also forces early offer but is not recommended " \
    "(it limits codecs and can break video). In multi-cluster designs the trunks toward Expressway-C " \
    "and TelePresence Conductor from the SME or leaf cluster need it too."

#endif
