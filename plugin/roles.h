/* roles.h - who each Wireshark address is: CUCM, Expressway-C/-E, Webex, or
 * just itself. The rules are the core's (include/siphop/roles.h); this is
 * the Wireshark side: addresses in, node addresses out, and the call's
 * verdict with its failure's sender named by role.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_PLUGIN_ROLES_H
#define SIPHOP_PLUGIN_ROLES_H

#include <epan/packet.h>

#include "siphop/msg.h"
#include "siphop/roles.h"
#include "siphop/tracker.h"

/* From proto_register: per-file reset and process-exit free. */
void siphop_roles_register(void);

/* First pass, every SIP message, after the tracker. */
void siphop_roles_learn(packet_info *pinfo, const sh_msg *m, const sh_result *r);

/* The node standing for *addr*: an AT_STRINGZ address whose text is the
 * role name, or the address itself while nothing better is known. Its bytes
 * keep changing until the first pass ends, so an address handed out early
 * in a single-pass run reads the final name when it is drawn. Returns false
 * (and leaves *node* alone) when the address cannot be tracked. */
bool siphop_roles_node(const address *addr, address *node);

/* Current name of *addr*: its role or its text. Never NULL. */
const char *siphop_roles_name(const address *addr, char *buf, size_t size);

/* The sender and receiver of a leg's INVITE (first sighting), named. Returns
 * false when the leg was not seen. */
bool siphop_roles_leg(const sh_txn *x, const char **src, const char **dst);

/* Name of whoever sent "addr:port" (the form of sh_failure.sender). */
const char *siphop_roles_name_of_sender(const char *sender, char *buf, size_t size);

/* The call's outcome in words (core: sh_describe_call_verdict), with the
 * failure's sender named by its role, e.g. "FAILED: delayed offer toward
 * company.webex.com (early offer only) -> 500 from hop 3 (Webex); fix: Early
 * Offer on the CUCM SIP trunk"; *orphan*: the orphan failure that made a call
 * without an INVITE known, 0 none. */
const char *siphop_call_verdict(const sh_tracker *t, const sh_call *c, uint32_t orphan, char *buf, size_t size);

/* A hop of a call, and its outcome's final response, in a line each
 * (core: sh_describe_leg, sh_describe_final), nodes named by role. */
const char *siphop_roles_leg_row(const sh_txn *x, char *buf, size_t size);
const char *siphop_roles_final(const sh_txn *top, char *buf, size_t size);

#endif
