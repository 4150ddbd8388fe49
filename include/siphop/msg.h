/* msg.h - one SIP message as the core sees it.
 *
 * sh_msg_parse (message.h) fills it from a message's bytes, the adapter adds
 * where and when it was seen; every view borrows the caller's memory for the
 * duration of sh_tracker_process() only.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_MSG_H
#define SIPHOP_MSG_H

#include <stdbool.h>
#include <stdint.h>

#include "siphop/strview.h"
#include "siphop/via.h"

typedef struct sh_msg {
    /* Where and when it was seen. */
    uint32_t frame;          /* 1-based frame number */
    int64_t time_ns;         /* capture time, ns since the epoch */
    uint32_t capture_point;  /* interface id: differs for a merged capture's points */
    /* Endpoints "addr:port" (IPv6 in brackets), empty when the capture has
     * no IP address for them (an exported PDU without one). Formatted only
     * for the messages that have a reader: */
    sh_str src;              /* sender of an INVITE request or a failure
                                response (>= 300): a failure is shown as its
                                origin's sender, an INVITE's names the node a
                                B2BUA's new leg must leave */
    sh_str dst;              /* receiver of an INVITE request: names a next
                                hop that never answered, and the node the
                                leg arrives at */

    /* Start line. */
    bool is_request;
    sh_str method;           /* requests */
    unsigned status;         /* responses: 100..699 */
    sh_str reason;           /* responses: reason phrase */

    /* Transaction and dialog identity. */
    sh_str call_id;
    bool has_cseq;
    uint32_t cseq;
    sh_str cseq_method;
    sh_str from_tag;
    sh_str to_tag;
    bool has_rack;           /* PRACK: RAck refers to the INVITE's CSeq */
    uint32_t rack_cseq;
    bool has_rseq;           /* reliable provisional response (RFC 3262) */

    /* Via stack, top first: at most the tracker's Via limit parsed, but
     * via_total counts them all. */
    const sh_via *vias;
    size_t n_vias;
    size_t via_total;

    /* Destination: INVITE requests only (where a leg goes; sh_msg_parse
     * leaves them empty for other messages, which no reader needs). */
    sh_str ruri_host;
    sh_str to_host;

    /* Cross-B2BUA correlation keys (empty when absent). */
    sh_str session_id;       /* raw Session-ID value */
    sh_str cisco_guid;
    sh_str x_call_id;        /* X-Call-ID or X-CID */

    /* For telling the user who answered and why. */
    sh_str warning;          /* raw Warning value */
    sh_str server;           /* Server, or User-Agent when no Server */

    bool has_sdp;            /* see offer.h */
    /* The bytes end before the message does: its headers never reached the
     * blank line, or Content-Length promises more body than is there (a
     * capture's snaplen, a TCP segment or a log excerpt cut off). Then "no
     * SDP" is no verdict: the offer is unknown unless has_sdp, which the
     * visible part can still show. A message followed by another one is
     * not cut. Set by sh_msg_parse. */
    bool body_cut;

    /* Digest of the whole message as sent: equal digests within one
     * transaction mean a retransmission or a copy from another capture point. */
    uint64_t fingerprint;
} sh_msg;

/* An INVITE request (method names are case-sensitive, RFC 3261 7.1): the
 * one message whose destination and endpoints are read. */
static inline bool sh_msg_is_invite(const sh_msg *m)
{
    return m->is_request && sh_str_eq(m->method, sh_str_from("INVITE"));
}

#endif
