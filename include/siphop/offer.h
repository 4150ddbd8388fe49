/* offer.h - where is the SDP offer: early (in the INVITE) or delayed.
 *
 * RFC 3261 13.2.1 / RFC 3264 / RFC 6337: an INVITE with SDP is an early
 * offer; without SDP it is a delayed offer and the UAS must put the offer in
 * the first reliable non-failure response (2xx or reliable 18x), answered in
 * the ACK or PRACK. An INVITE cut short without SDP in what is left of it
 * (msg.h, body_cut) is neither: its offer is unknown.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_OFFER_H
#define SIPHOP_OFFER_H

#include <stdbool.h>
#include <stdint.h>

#include "siphop/strview.h"

typedef struct sh_body_info {
    bool sdp_dissected;      /* Wireshark's SDP dissector ran inside this message */
    sh_str content_type;     /* Content-Type value, may be empty */
    bool has_content_length;
    uint32_t content_length;
    sh_str body;             /* the body bytes, when the adapter has them */
} sh_body_info;

/* True when the message carries an SDP session description: the SDP
 * dissector ran on it, or Content-Type is application/sdp with a non-empty
 * body, or a multipart body has an application/sdp part. */
bool sh_body_has_sdp(const sh_body_info *b);

#endif
