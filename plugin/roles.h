/* roles.h - who each address is: CUCM, Expressway-C/-E, Webex, or just itself.
 *
 * Learned on the first pass from what the headers say (User-Agent/Server
 * of whoever originated a message, the Expressway Via zone parameters, the
 * early-offer target) and kept per address, so that the flow graph can draw
 * one node per role and the call table can name the hops.
 *
 * A role only ever gets more certain: an address named "Webex" because an
 * INVITE toward webex.com went there becomes "Expressway-C" when it forwards
 * that INVITE on a traversal client zone.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_ROLES_H
#define SIPHOP_ROLES_H

#include <epan/packet.h>

#include "siphop/msg.h"
#include "siphop/tracker.h"

/* Longest node name, NUL included: IPv6 text (45) fits. */
#define SIPHOP_NODE_NAME_SIZE 48

/* Per-file reset and process-exit free (registered by siphop_roles_register). */
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

#endif
