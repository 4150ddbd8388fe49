/* tracker.h - INVITE transactions, hops and calls.
 *
 * Feed messages in capture order with sh_tracker_process(); each yields an
 * sh_result that the adapter caches per frame and redraws on every pass.
 * Calls and transactions live until sh_tracker_free(), so results may keep
 * pointers to them; their later-known fields (final response, hop count)
 * fill in as the capture goes on.
 *
 * Work per message is O(1) plus O(Vias parsed) (bounded by a limit); memory
 * is O(calls), bounded by the limits below.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_TRACKER_H
#define SIPHOP_TRACKER_H

#include <stdbool.h>
#include <stdint.h>

#include "siphop/domain.h"
#include "siphop/msg.h"
#include "siphop/sipheaders.h"

typedef struct sh_limits {
    uint32_t max_calls;          /* calls tracked; later calls are not */
    uint32_t max_legs_per_call;  /* INVITE transactions per call */
    uint32_t max_vias;           /* Vias parsed per message */
    int64_t copy_window_ns;      /* same point, closer than this: a copy, not a retransmission */
    int64_t link_window_ns;      /* a B2BUA leg starts at most this long after the leg it continues */
} sh_limits;

#define SH_DEFAULT_MAX_CALLS 1000000u
#define SH_DEFAULT_MAX_LEGS 64u
#define SH_DEFAULT_MAX_VIAS 70u   /* RFC 3261 default Max-Forwards */
/* RFC 3261 retransmits after T1 = 500 ms at the earliest; a message seen
 * twice well inside that was captured twice, not sent twice. */
#define SH_DEFAULT_COPY_WINDOW_NS INT64_C(200000000)
/* A B2BUA (Expressway-C, CUBE) sends its new leg within milliseconds of the
 * INVITE it received; a value seen again seconds later belongs to a new
 * attempt (CUCM route-list failover reuses the Cisco-Guid). */
#define SH_DEFAULT_LINK_WINDOW_NS INT64_C(5000000000)

/* The ranges the adapters accept for the limits (documented preferences). */
#define SH_MAX_CALLS_RANGE 1u, 100000000u
#define SH_MAX_LEGS_RANGE 1u, 4096u
#define SH_MAX_VIAS_RANGE 1u, 1024u
#define SH_LINK_WINDOW_MS_RANGE 0u, 600000u

/* Clamp each limit into its range (a hostile preference must not make the
 * tracker allocate 4 billion Vias per message or track nothing). */
void sh_limits_clamp(sh_limits *l);

/* Fill *l* with the defaults above. */
void sh_limits_default(sh_limits *l);

typedef enum sh_offer {
    SH_OFFER_UNKNOWN = 0,
    SH_OFFER_EARLY,
    SH_OFFER_DELAYED,
} sh_offer;

/* What a final response >= 300 to an INVITE says about the call, decided on
 * evidence where it started (tracker.c classify); describe.c holds the words
 * and severities, one row per class. */
typedef enum sh_failure_class {
    SH_FC_NONE = 0,
    SH_FC_CHALLENGE,         /* 401/407: credentials asked for, not a failure */
    SH_FC_REDIRECT,          /* 3xx */
    SH_FC_CANCELLED,         /* 487 after the caller's CANCEL */
    SH_FC_BUSY,              /* 486, 600 */
    SH_FC_DECLINED,          /* 603 */
    SH_FC_NO_ANSWER,         /* 408/504, or no response at all */
    SH_FC_ROUTING,           /* 403/404/410/480/484/604: search rules, call policy, zones */
    SH_FC_LOOP,              /* 483, or a Via loop */
    SH_FC_MEDIA,             /* 488/606/415, or a Warning 3xx other than 399 */
    SH_FC_SESSION_TIMER,     /* 422 */
    SH_FC_UNAVAILABLE,       /* 500/503 without delayed-offer evidence */
    SH_FC_DELAYED_OFFER,     /* delayed offer rejected by an early-offer-only destination */
    SH_FC_REINVITE_REJECTED, /* a re-INVITE failed: the call stays up */
    SH_FC_OTHER,
    SH_FC_COUNT
} sh_failure_class;

/* Why a B2BUA link by a shared value was not made (sh_link_refusal). */
enum {
    SH_REFUSED_ADDRESS = 1u << 0,  /* the new leg does not leave where the other arrived */
    SH_REFUSED_TIME = 1u << 1,     /* it started outside the link window */
};

/* Why a leg is tied to the previous hop of its call. */
typedef enum sh_link_kind {
    SH_LINK_NONE = 0,        /* first leg seen of its call */
    SH_LINK_VIA,             /* proxy: our Via stack = upstream's + ours on top */
    SH_LINK_DIALOG,          /* same Call-ID, in-dialog or parallel request */
    SH_LINK_SESSION_ID,      /* B2BUA: RFC 7989 Session-ID local UUID */
    SH_LINK_CISCO_GUID,      /* B2BUA: Cisco-Guid */
    SH_LINK_X_CALL_ID,       /* B2BUA: X-Call-ID / X-CID */
} sh_link_kind;

typedef enum sh_dup {
    SH_DUP_NONE = 0,
    SH_DUP_RETRANSMISSION,   /* same point, sent again (timer A/G) */
    SH_DUP_COPY,             /* same message seen at another capture point */
} sh_dup;

/* SDP role of a message within its INVITE transaction. */
typedef enum sh_sdp_role {
    SH_SDP_NONE = 0,
    SH_SDP_OFFER,
    SH_SDP_ANSWER,
    SH_SDP_PREVIEW,          /* SDP in an unreliable 18x to a delayed offer */
    SH_SDP_EXTRA,            /* SDP after offer and answer were done */
} sh_sdp_role;

typedef struct sh_call sh_call;
typedef struct sh_txn sh_txn;

/* What a failure response's origin was; kept once per failed transaction. */
typedef struct sh_failure {
    uint32_t frame;          /* the origin response */
    uint16_t hop;
    uint16_t status;
    uint8_t cls;             /* sh_failure_class */
    uint32_t txn;            /* the leg it started on: its handle + 1; 0 for an orphan */
    bool generated;          /* a proxy's own response to a silent next hop */
    uint32_t silent_frame;   /* NO_ANSWER: the next hop's unanswered INVITE, 0 if not seen */
    const char *silent_dst;  /* and where it was sent ("addr:port"), NULL if unknown */
    const char *reason;      /* interned, bounded length; NULL if none */
    const char *sender;      /* "addr:port" */
    const char *server;      /* Server / User-Agent */
    sh_warning warning;      /* views of interned text (code 0: none) */
    uint32_t id;             /* the tracker's handle, from 1 */
} sh_failure;

/* Names a leg was sent toward, interned as one set: zones and targets take
 * few values, so legs share a handful of these. */
typedef struct sh_leg_names {
    const char *target;        /* matched host (EO required), NULL if none */
    const char *egress_zone;   /* Expressway: zone the sender used to send us */
    const char *ingress_zone;  /* Expressway: zone the sender received hop-1 on */
} sh_leg_names;

/* Which message of an INVITE transaction a sighting is of. */
enum { SH_SEEN_REQ, SH_SEEN_PROV, SH_SEEN_FINAL, SH_SEEN_ACK, SH_SEEN_SLOTS };

/* 152 bytes on a 64-bit machine, three per call through two Expressways:
 * the members are ordered so that none needs padding. */
struct sh_txn {
    uint64_t key;            /* hash key; keep first (GHashTable key pointer) */
    uint64_t dialog_key;     /* Call-ID + CSeq + hop, for 2xx ACK and PRACK */
    int64_t invite_ns;       /* capture time of the INVITE's first sighting */
    sh_call *call;
    sh_txn *upstream;        /* previous hop's transaction, NULL if none */
    uint32_t invite_frame;
    uint32_t final_frame;    /* 0 until known */
    uint32_t handle;         /* sh_tracker_txn_at(t, handle) == this */
    uint32_t offer_frame;    /* where the SDP offer was seen, 0 if not */
    uint32_t answer_frame;
    uint32_t downstream_failure; /* latest failure seen below us (tracker.c) */
    uint16_t status;         /* final status, 0 until known */
    uint16_t hop;
    uint16_t link_depth;     /* Via index that matched (1 = direct) */
    unsigned link : 3;       /* sh_link_kind */
    unsigned offer : 2;      /* sh_offer */
    unsigned reinvite : 1;
    unsigned eo_required : 1;
    unsigned cancelled : 1;
    unsigned ack_seen : 1;
    unsigned failure_relayed : 1; /* our failure came from downstream */
    unsigned link_refused : 1; /* a shared value was not used: sh_tracker_link_refusal() */
    unsigned link_addr_checked : 1; /* B2BUA link: the addresses were compared */
    unsigned has_downstream : 1; /* a captured leg continues this one */
    unsigned forked : 1;     /* more than one: a forking proxy's branches */
    uint8_t priv_seen_point[SH_SEEN_SLOTS]; /* private (tracker.c): capture point of
                                             * each first sighting, saturated at 255 */
    uint32_t dst;            /* where the INVITE went: sh_tracker_endpoint(), 0 unknown */
    const sh_leg_names *names; /* never NULL */
    const char *priv_kept_text; /* private (tracker.c): proxy-call-id and B2BUA link
                                 * value, packed; read them with sh_txn_proxy_call_id()
                                 * and sh_txn_link_value() */
    const sh_failure *failure; /* origin of our failure (ours or downstream's) */
    /* Private (tracker.c): first sightings, for retransmission and copy
     * detection, packed (a folded digest, microseconds mod 2^32); read them
     * with sh_txn_unanswered() and sh_txn_invite_gap_us(). */
    struct sh_seen {
        uint32_t fp;         /* the message digest, folded */
        uint32_t frame;      /* first sighting; 0: nothing seen yet */
        uint32_t time_us;    /* latest sighting, microseconds mod 2^32 */
    } priv_seen[SH_SEEN_SLOTS];
};

struct sh_call {
    uint32_t number;         /* 1, 2, ... in order of first appearance */
    uint32_t first_frame;
    uint16_t max_hop;
    uint16_t min_hop;
    uint16_t legs;
    bool legs_limited;       /* max_legs_per_call was hit */
    bool delayed_to_eo;      /* some leg was a delayed offer to an EO-required target */
    sh_txn *top;             /* the latest initial INVITE on the call's first hop:
                              * its outcome is the call's (after challenges and retries) */
    sh_txn *deepest;         /* the leg with the highest hop: where a B2BUA hangs on */
};

/* Result flags (bit set in sh_result.flags). */
enum {
    SH_F_FAILURE_ORIGIN   = 1u << 0,  /* this response is where a failure started */
    SH_F_FAILURE_RELAYED  = 1u << 1,  /* this response relays a downstream failure */
    SH_F_CANCELLED        = 1u << 2,  /* 487 after CANCEL */
    SH_F_HOP_MISSING      = 1u << 3,  /* earlier hops of the chain were not captured */
    SH_F_NO_OFFER_IN_2XX  = 1u << 4,  /* 2xx to a delayed offer without SDP */
    SH_F_NO_ANSWER_IN_ACK = 1u << 5,  /* ACK after offer-in-2xx without SDP */
    SH_F_VIA_LOOP         = 1u << 6,  /* the Via stack repeats a sent-by+branch */
    SH_F_VIAS_TRUNCATED   = 1u << 7,  /* more Vias than max_vias */
    SH_F_CALLS_LIMIT      = 1u << 8,  /* max_calls hit: not tracked */
    SH_F_LEGS_LIMIT       = 1u << 9,  /* max_legs_per_call hit: not tracked */
    SH_F_ORPHAN           = 1u << 10, /* response/ACK/CANCEL without its INVITE; with a
                                       * limit flag when that limit was hit, as it
                                       * may have kept the INVITE out */
    SH_F_UNTRACKABLE      = 1u << 11, /* no Call-ID or CSeq */
    SH_F_NEW_LEG          = 1u << 12, /* this INVITE opened a leg (not a duplicate) */
};

typedef struct sh_result {
    sh_call *call;           /* NULL when not part of a tracked call */
    sh_txn *txn;             /* the INVITE transaction, NULL for others */
    uint32_t dup_of;         /* first frame of this very message, 0 if new */
    uint32_t flags;
    uint16_t hop;            /* 0 when unknown */
    uint16_t hops_missing;   /* how many hops the Via stack proves were not captured */
    uint8_t dup;             /* sh_dup */
    uint8_t sdp_role;        /* sh_sdp_role */
    uint16_t via_total;      /* saturates at 65535 */
    uint32_t orphan_failure; /* a failure response without its INVITE: its
                              * failure's id (sh_tracker_failure_at), else 0 */
} sh_result;

typedef struct sh_tracker sh_tracker;

/* *domains* is borrowed and must outlive the tracker. */
sh_tracker *sh_tracker_new(const sh_limits *limits, const sh_domains *domains);
void sh_tracker_free(sh_tracker *t);

void sh_tracker_process(sh_tracker *t, const sh_msg *m, sh_result *out);

/* The limits in use (clamped into their ranges). */
const sh_limits *sh_tracker_limits(const sh_tracker *t);

uint32_t sh_tracker_call_count(const sh_tracker *t);

/* Small stable handles, for a caller that keeps a reference per message
 * (the adapter's per-frame cache): 4 bytes instead of a pointer. A
 * transaction's handle is its index (sh_txn.handle); calls are numbered
 * from 1. Both stay valid until sh_tracker_free(). */
sh_txn *sh_tracker_txn_at(const sh_tracker *t, uint32_t handle);    /* NULL if none */
sh_call *sh_tracker_call_at(const sh_tracker *t, uint32_t number); /* NULL if none */
const sh_failure *sh_tracker_failure_at(const sh_tracker *t, uint32_t id); /* NULL if none */
/* The leg a failure started on, NULL for an orphan. */
const sh_txn *sh_failure_txn(const sh_tracker *t, const sh_failure *f);

/* An endpoint "addr:port" by the id kept in sh_txn.dst; NULL for 0. */
const char *sh_tracker_endpoint(const sh_tracker *t, uint32_t id);

/* The failure a response belongs to: its transaction's, or an orphan's. */
const sh_failure *sh_result_failure(const sh_tracker *t, const sh_result *r);

/* The class of a final response's story: the failure's, or cancelled for
 * a 487 after CANCEL; SH_FC_NONE for anything else. */
sh_failure_class sh_result_class(const sh_tracker *t, const sh_result *r);

/* A B2BUA link the tracker refused: which value was shared with which leg,
 * and why it was not used (SH_REFUSED_*). */
typedef struct sh_link_refusal {
    sh_link_kind kind;
    const char *value;
    const sh_txn *other;     /* the leg that carried the value before */
    unsigned why;
    int64_t after_ns;        /* how long after the other leg's INVITE */
} sh_link_refusal;
bool sh_tracker_link_refusal(const sh_tracker *t, const sh_txn *x, sh_link_refusal *out);

/* Neither a provisional nor a final response seen (yet). */
bool sh_txn_unanswered(const sh_txn *x);

/* RFC 3261 Timer B (64 x T1): how long an INVITE's client waits for any
 * response before it gives up. */
#define SH_TIMER_B_NS (32 * INT64_C(1000000000))

/* The latest capture time of a message processed so far (0 before any):
 * on a later pass, where the capture's SIP ends. */
int64_t sh_tracker_latest_ns(const sh_tracker *t);

/* Some SIP response was processed: the capture sees answers, not only
 * requests (a capture point or filter that sees one direction has none). */
bool sh_tracker_saw_response(const sh_tracker *t);

/* An unanswered INVITE's silence is proven, not just unseen: the proxy
 * upstream gave up on it with a 408/504 of its own, or the capture's SIP
 * goes on for Timer B after it (so far) and the capture sees responses at
 * all. Otherwise the capture may end before the answer, or not see that
 * direction: no verdict may say the next hop never answered. */
bool sh_txn_silence_proven(const sh_tracker *t, const sh_txn *x);

/* Microseconds from *earlier*'s INVITE to *later*'s (their latest
 * sightings), for gaps under 35 minutes (the sightings keep 32 bits). */
int32_t sh_txn_invite_gap_us(const sh_txn *later, const sh_txn *earlier);

/* The call's outcome: its top leg (after challenges and retries), NULL if
 * the call has none yet. */
static inline const sh_txn *sh_call_outcome(const sh_call *c)
{
    return c ? c->top : NULL;
}

/* The leg's Expressway proxy-call-id as text (in *buf* or kept text), NULL
 * when it has none. A UUID is kept in 16 bytes rather than 37: most legs
 * through an Expressway have one. */
#define SH_PROXY_CALL_ID_SIZE 40
const char *sh_txn_proxy_call_id(const sh_txn *x, char buf[SH_PROXY_CALL_ID_SIZE]);

/* The correlation value that linked a B2BUA leg (sh_link_kind), NULL if none. */
const char *sh_txn_link_value(const sh_txn *x);

/* The entry of the early-offer-only list that host matches ("webex.com"
 * for "company.webex.com"), owned by the tracker; NULL when none. */
const char *sh_tracker_eo_entry(const sh_tracker *t, const char *host);

/* Human-readable names. */
const char *sh_offer_name(sh_offer o);          /* "early", "delayed", "unknown" */
const char *sh_link_name(sh_link_kind k);       /* "via-chain", "session-id", ... */
const char *sh_sdp_role_name(sh_sdp_role r);

#endif
