/* roles.h - who each address is: CUCM, Expressway-C/-E, Webex, or itself.
 *
 * Learned on the first pass from what the messages say (User-Agent or
 * Server of whoever originated a message, the Expressway Via zone
 * parameters, the early-offer-only target) and kept per address, so that a
 * front-end draws one node per role (the plugin's flow graph, the page's
 * ladder) and names the hops in its call list.
 *
 * A role only ever gets more certain: an address named "Webex" because an
 * INVITE toward webex.com went there becomes "Expressway-C" when it
 * forwards that INVITE on a traversal client zone.
 *
 * Addresses are the hosts as text (no port: a node is a machine, whatever
 * port it sends from). Each gets a small id (endpoint) and a name buffer of
 * SH_NODE_NAME_SIZE bytes that stays where it is until sh_roles_free(): a
 * front-end may hand it out as a node (the plugin's AT_STRINGZ addresses)
 * and read the final name when it draws. At most SH_ROLES_MAX_ENDPOINTS
 * addresses are kept; more are drawn as plain addresses.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_ROLES_H
#define SIPHOP_ROLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "siphop/msg.h"
#include "siphop/tracker.h"

/* Longest node name, NUL included: IPv6 text (45) fits. */
#define SH_NODE_NAME_SIZE 48
/* Endpoint ids are 16 bits wide in a leg's record. */
#define SH_ROLES_MAX_ENDPOINTS 65534u

typedef struct sh_roles sh_roles;

sh_roles *sh_roles_new(void);
void sh_roles_free(sh_roles *ro);   /* NULL is fine */

/* A new file: every name back to its address, the legs forgotten. The
 * endpoints and their buffers stay (a drawn graph may still point at them). */
void sh_roles_reset(sh_roles *ro);

/* The id of host *text* (an address as text, no port), added when *create*
 * and there is room; 0 when none. */
uint32_t sh_roles_endpoint(sh_roles *ro, const char *text, bool create);

/* The same for "addr:port" or "[v6]:port" (the form of sh_msg.src and
 * sh_failure.sender); the host alone when there is no port. */
uint32_t sh_roles_endpoint_of_hostport(sh_roles *ro, const char *hostport, bool create);

/* First pass, every SIP message, after the tracker: *src* and *dst* are
 * the endpoints the message came from and went to (0 unknown). */
void sh_roles_learn(sh_roles *ro, const sh_msg *m, const sh_result *r, uint32_t src, uint32_t dst);

/* The endpoint's name: its role, or its address while nothing better is
 * known. The buffer is SH_NODE_NAME_SIZE bytes, NUL-padded, and stays put
 * until sh_roles_free(). NULL for an id that is not an endpoint. */
const char *sh_roles_name(const sh_roles *ro, uint32_t id);

/* The endpoint's address text; NULL for an id that is not an endpoint. */
const char *sh_roles_text(const sh_roles *ro, uint32_t id);

/* The sender and receiver of a leg's INVITE (first sighting), named ("?"
 * when not an endpoint). Returns false when the leg's INVITE was not seen. */
bool sh_roles_leg(const sh_roles *ro, const sh_txn *x, const char **src, const char **dst);

/* Name of whoever sent "addr:port" (sh_failure.sender): its role, or its
 * host; "?" for NULL. Written into buf. */
const char *sh_roles_name_of_sender(const sh_roles *ro, const char *sender, char *buf, size_t size);

/* ---- a call as its row shows it (the plugin's call list, the page) ---- */

/* The failure a call's row shows: its outcome's when that failed, else the
 * orphan failure *orphan* (sh_tracker_failure_at id, 0 none) that made a
 * call without an INVITE known. NULL when none. */
const sh_failure *sh_call_failure(const sh_tracker *t, const sh_call *c, uint32_t orphan);

/* The call's class: cancelled for a cancelled outcome, else its failure's;
 * SH_FC_NONE for a call that did not fail. */
sh_failure_class sh_call_class(const sh_tracker *t, const sh_call *c, uint32_t orphan);

/* The call's verdict in words (sh_describe_verdict, or for a call known
 * only by an orphan failure sh_describe_failure_verdict), the failure's
 * sender named by its role. */
const char *sh_describe_call_verdict(const sh_tracker *t, const sh_roles *ro, const sh_call *c, uint32_t orphan,
                                     char *buf, size_t size);

/* One hop of a call in a line: "Hop 3: Expressway-E -> Webex: delayed offer
 * toward early-offer-only, 500 origin". */
const char *sh_describe_leg(const sh_roles *ro, const sh_txn *x, char *buf, size_t size);

/* The final response of a call's outcome leg in a line: "Final: 500
 * Internal Server Error, origin hop 3: Webex (114.29.213.174:5060), Server
 * ..., Warning 399 ...", or "Final: 200 on hop 1". */
const char *sh_describe_final(const sh_roles *ro, const sh_txn *top, char *buf, size_t size);

#endif
