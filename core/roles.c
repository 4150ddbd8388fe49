/* roles.c - role names per address (see roles.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "siphop/roles.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "siphop/describe.h"
#include "siphop/domain.h"

/* How sure a name is; a name is replaced only by a surer one. */
enum {
    SURE_NONE = 0,
    SURE_TARGET = 1,    /* received an INVITE toward an early-offer-only domain */
    SURE_RELAY = 2,     /* sent an INVITE on toward the next hop: not the far end */
    SURE_VENDOR = 3,    /* "some Expressway": TANDBERG user agent, Via parameters */
    SURE_NEIGHBOUR = 4, /* the other end of a zone that names its peer */
    SURE_SELF = 5,      /* its own header or Via says so */
};

#define NO_ENDPOINT 0xffffu   /* in a leg: an address without an endpoint */

typedef struct endpoint {
    char name[SH_NODE_NAME_SIZE];  /* NUL-padded: a front-end may compare it whole */
    char text[SH_NODE_NAME_SIZE];  /* the address as text: the key */
    uint8_t sure;
} endpoint;

/* The two ends of a leg's INVITE as endpoint ids; src 0: the leg was not
 * seen. 4 bytes per leg, indexed by the transaction's handle. */
typedef struct leg {
    uint16_t src;
    uint16_t dst;
} leg;

struct sh_roles {
    GHashTable *by_text;      /* endpoint.text -> id (GUINT_TO_POINTER) */
    GPtrArray *endpoints;     /* endpoint* by id - 1: each stays where it is */
    GArray *legs;             /* leg by sh_txn.handle, per file */
    sh_domains *webex;        /* Webex's own domains: its far end is "Webex" */
};

static void set_name(endpoint *e, const char *name)
{
    memset(e->name, 0, sizeof e->name);
    g_strlcpy(e->name, name, sizeof e->name);
}

sh_roles *sh_roles_new(void)
{
    sh_roles *ro = g_new0(sh_roles, 1);

    ro->by_text = g_hash_table_new(g_str_hash, g_str_equal);
    ro->endpoints = g_ptr_array_new_with_free_func(g_free);
    ro->legs = g_array_new(FALSE, TRUE, sizeof(leg));
    ro->webex = sh_domains_new(SH_DEFAULT_EO_DOMAINS);
    return ro;
}

void sh_roles_free(sh_roles *ro)
{
    if (!ro)
        return;
    g_hash_table_destroy(ro->by_text);
    g_ptr_array_free(ro->endpoints, TRUE);
    g_array_free(ro->legs, TRUE);
    sh_domains_free(ro->webex);
    g_free(ro);
}

void sh_roles_reset(sh_roles *ro)
{
    for (guint i = 0; i < ro->endpoints->len; i++) {
        endpoint *e = g_ptr_array_index(ro->endpoints, i);
        set_name(e, e->text);
        e->sure = SURE_NONE;
    }
    g_array_set_size(ro->legs, 0);
}

static endpoint *endpoint_at(const sh_roles *ro, uint32_t id)
{
    return id >= 1 && id <= ro->endpoints->len ? g_ptr_array_index(ro->endpoints, id - 1) : NULL;
}

static uint32_t find(const sh_roles *ro, const char *text)
{
    return GPOINTER_TO_UINT(g_hash_table_lookup(ro->by_text, text));
}

uint32_t sh_roles_endpoint(sh_roles *ro, const char *text, bool create)
{
    uint32_t id;
    endpoint *e;

    if (!text || !*text)
        return 0;
    if ((id = find(ro, text)) != 0)
        return id;
    if (!create || ro->endpoints->len >= SH_ROLES_MAX_ENDPOINTS)
        return 0;
    e = g_new0(endpoint, 1);
    g_strlcpy(e->text, text, sizeof e->text);
    set_name(e, e->text);
    g_ptr_array_add(ro->endpoints, e);
    g_hash_table_insert(ro->by_text, e->text, GUINT_TO_POINTER(ro->endpoints->len));
    return ro->endpoints->len;
}

/* The host of "addr:port", "[v6]:port" or a bare host, into buf. */
static const char *host_of(const char *hostport, char *buf, size_t size)
{
    const char *end;

    if (hostport[0] == '[') {
        end = strchr(hostport, ']');
        g_strlcpy(buf, hostport + 1, MIN(size, end ? (size_t)(end - hostport) : size));
    } else {
        end = strrchr(hostport, ':');
        /* More than one colon without brackets: a bare IPv6 address. */
        if (end && strchr(hostport, ':') != end)
            end = NULL;
        g_strlcpy(buf, hostport, MIN(size, end ? (size_t)(end - hostport) + 1 : size));
    }
    return buf;
}

uint32_t sh_roles_endpoint_of_hostport(sh_roles *ro, const char *hostport, bool create)
{
    char host[SH_NODE_NAME_SIZE];

    return hostport ? sh_roles_endpoint(ro, host_of(hostport, host, sizeof host), create) : 0;
}

static void claim(endpoint *e, const char *name, uint8_t sure)
{
    if (e && sure > e->sure) {
        set_name(e, name);
        e->sure = sure;
    }
}

/* ---- what the headers say ------------------------------------------------ */

/* The product a User-Agent or Server header names, if we know it. */
static const char *product(sh_str ua, uint8_t *sure)
{
    if (sh_str_iprefix(ua, "Cisco-CUCM")) {
        *sure = SURE_SELF;
        return "CUCM";
    }
    if (sh_str_iprefix(ua, "TANDBERG/")) {
        *sure = SURE_VENDOR;  /* Expressway, but Webex's edge says so too */
        return "Expressway";
    }
    return NULL;
}

/* Webex for its own domains; the matched host for other early-offer-only
 * destinations. */
static const char *far_end_name(const sh_roles *ro, const char *target)
{
    return sh_domains_match(ro->webex, sh_str_from(target)) ? "Webex" : target;
}

/* The leg of a transaction, NULL when its INVITE was not seen here. */
static const leg *leg_of(const sh_roles *ro, const sh_txn *x)
{
    const leg *l;

    if (!x || x->handle >= ro->legs->len)
        return NULL;
    l = &g_array_index(ro->legs, leg, x->handle);
    return l->src ? l : NULL;
}

/* An Expressway zone name says which side of a traversal pair its owner is:
 * the traversal client zone lives on Expressway-C, the server on -E. */
static const char *zone_side(const char *zone, const char **peer)
{
    if (zone && sh_str_icontains(sh_str_from(zone), "traversalclient")) {
        *peer = "Expressway-E";
        return "Expressway-C";
    }
    if (zone && sh_str_icontains(sh_str_from(zone), "traversalserver")) {
        *peer = "Expressway-C";
        return "Expressway-E";
    }
    return NULL;
}

static void learn_invite(sh_roles *ro, const sh_msg *m, const sh_txn *x, uint32_t src_id, uint32_t dst_id)
{
    endpoint *src = endpoint_at(ro, src_id), *dst = endpoint_at(ro, dst_id);
    const char *self, *peer = NULL;
    uint8_t sure = SURE_NONE;
    const leg *l;
    char pcid[SH_PROXY_CALL_ID_SIZE];

    if (!leg_of(ro, x)) {
        if (x->handle >= ro->legs->len)
            g_array_set_size(ro->legs, x->handle + 1);
        g_array_index(ro->legs, leg, x->handle) =
            (leg){ src ? (uint16_t)src_id : NO_ENDPOINT, dst ? (uint16_t)dst_id : NO_ENDPOINT };
    }
    /* Only the user agent that sent a request is named by its User-Agent:
     * proxies pass it on unchanged. One Via: the sender is that agent. */
    if (m->via_total == 1 && (self = product(m->server, &sure)) != NULL)
        claim(src, self, sure);
    /* Our top Via's egress zone: which zone the sender sent us on. */
    if ((self = zone_side(x->names->egress_zone, &peer)) != NULL) {
        claim(src, self, SURE_SELF);
        claim(dst, peer, SURE_NEIGHBOUR);
    } else if (x->names->egress_zone || sh_txn_proxy_call_id(x, pcid)) {
        /* Expressway's own Via parameters; a B2BUA link value is no sign. */
        claim(src, "Expressway", SURE_VENDOR);
    }
    /* The zone the sender took the previous hop in on names the previous
     * hop's two ends: a traversal server zone means the previous sender was
     * the traversal client. */
    if ((self = zone_side(x->names->ingress_zone, &peer)) != NULL) {
        claim(src, self, SURE_SELF);
        if ((l = leg_of(ro, x->upstream)) != NULL) {
            claim(endpoint_at(ro, l->src), peer, SURE_NEIGHBOUR);
            claim(endpoint_at(ro, l->dst), self, SURE_NEIGHBOUR);
        }
    }
    if (x->eo_required && x->names->target)
        claim(dst, far_end_name(ro, x->names->target), SURE_TARGET);
    /* A node that passes the INVITE on (a proxy, a B2BUA) only received it
     * toward the early-offer-only domain: it is not that domain's node. */
    if (x->upstream)
        claim(src, "Proxy", SURE_RELAY);
}

void sh_roles_learn(sh_roles *ro, const sh_msg *m, const sh_result *r, uint32_t src, uint32_t dst)
{
    const sh_txn *x = r->txn;
    const char *self;
    uint8_t sure = SURE_NONE;

    if (!x || r->dup || !r->call)
        return;
    if (m->is_request) {
        if (x->invite_frame == m->frame)
            learn_invite(ro, m, x, src, dst);
        return;
    }
    /* RFC 3261 22.3: a 407 comes from a proxy, never from the far end. */
    if (m->status == 407)
        claim(endpoint_at(ro, src), "Proxy", SURE_RELAY);
    /* A response's Server names who answered only where the answer started:
     * the failure origin, or the deepest leg of the call. */
    if (((r->flags & SH_F_FAILURE_ORIGIN) || r->call->deepest == x) &&
        (self = product(m->server, &sure)) != NULL && strcmp(self, "CUCM") == 0)
        claim(endpoint_at(ro, src), self, sure);
}

/* ---- queries ------------------------------------------------------------- */

const char *sh_roles_name(const sh_roles *ro, uint32_t id)
{
    const endpoint *e = endpoint_at(ro, id);
    return e ? e->name : NULL;
}

const char *sh_roles_text(const sh_roles *ro, uint32_t id)
{
    const endpoint *e = endpoint_at(ro, id);
    return e ? e->text : NULL;
}

bool sh_roles_leg(const sh_roles *ro, const sh_txn *x, const char **src, const char **dst)
{
    const leg *l = leg_of(ro, x);
    const endpoint *s, *d;

    if (!l)
        return false;
    s = endpoint_at(ro, l->src);
    d = endpoint_at(ro, l->dst);
    *src = s ? s->name : "?";
    *dst = d ? d->name : "?";
    return true;
}

const char *sh_roles_name_of_sender(const sh_roles *ro, const char *sender, char *buf, size_t size)
{
    char host[SH_NODE_NAME_SIZE];
    const endpoint *e;

    if (!sender) {
        g_strlcpy(buf, "?", size);
        return buf;
    }
    host_of(sender, host, sizeof host);
    e = ro ? endpoint_at(ro, find(ro, host)) : NULL;
    g_strlcpy(buf, e ? e->name : host, size);
    return buf;
}

/* ---- a call as its row shows it ------------------------------------------- */

const sh_failure *sh_call_failure(const sh_tracker *t, const sh_call *c, uint32_t orphan)
{
    const sh_txn *top = sh_call_outcome(c);

    if (top)
        return top->status >= 300 ? top->failure : NULL;
    return orphan ? sh_tracker_failure_at(t, orphan) : NULL;
}

sh_failure_class sh_call_class(const sh_tracker *t, const sh_call *c, uint32_t orphan)
{
    const sh_txn *top = sh_call_outcome(c);
    const sh_failure *f;

    if (top && top->status >= 300 && top->cancelled)
        return SH_FC_CANCELLED;
    f = sh_call_failure(t, c, orphan);
    return f ? (sh_failure_class)f->cls : SH_FC_NONE;
}

const char *sh_describe_call_verdict(const sh_tracker *t, const sh_roles *ro, const sh_call *c, uint32_t orphan,
                                     char *buf, size_t size)
{
    const sh_txn *top = sh_call_outcome(c);
    const sh_failure *f;
    char who[SH_NODE_NAME_SIZE];

    if (c->top || !orphan || !(f = sh_tracker_failure_at(t, orphan)))
        return sh_describe_verdict(t, c, top && top->failure ? sh_roles_name_of_sender(ro, top->failure->sender, who,
                                                                                        sizeof who)
                                                             : NULL,
                                   buf, size);
    return sh_describe_failure_verdict(t, f, sh_roles_name_of_sender(ro, f->sender, who, sizeof who), buf, size);
}

const char *sh_describe_leg(const sh_roles *ro, const sh_txn *x, char *buf, size_t size)
{
    const char *src = "?", *dst = "?";
    const sh_failure *f = x->failure;
    char status[96];

    if (ro)
        (void)sh_roles_leg(ro, x, &src, &dst);
    if (x->status == 0)
        g_strlcpy(status, "no final response", sizeof status);
    else if (x->cancelled)
        snprintf(status, sizeof status, "%u (cancelled)", x->status);
    else if (x->status >= 300 && f && x->failure_relayed && f->status != x->status)
        snprintf(status, sizeof status, "%u relayed from hop %u (%u there)", x->status, f->hop, f->status);
    else if (x->status >= 300 && f && x->failure_relayed)
        snprintf(status, sizeof status, "%u relayed from hop %u", x->status, f->hop);
    else if (x->status >= 300 && f && !sh_class_info_of((sh_failure_class)f->cls)->is_failure)
        snprintf(status, sizeof status, "%u (%s)", x->status, sh_failure_class_name((sh_failure_class)f->cls));
    else if (x->status >= 300 && f)
        snprintf(status, sizeof status, "%u origin", x->status);
    else
        snprintf(status, sizeof status, "%u", x->status);
    snprintf(buf, size, "Hop %u%s: %s -> %s: %s offer%s, %s", x->hop, x->reinvite ? " re-INVITE" : "", src, dst,
             sh_offer_name((sh_offer)x->offer),
             x->offer == SH_OFFER_DELAYED && x->eo_required ? " toward early-offer-only" : "", status);
    return buf;
}

const char *sh_describe_final(const sh_roles *ro, const sh_txn *top, char *buf, size_t size)
{
    const sh_failure *f = top->failure;
    char who[SH_NODE_NAME_SIZE];
    GString *s;

    if (top->status < 300 || top->cancelled || !f) {
        snprintf(buf, size, "Final: %u on hop %u", top->status, top->hop);
        return buf;
    }
    s = g_string_new(NULL);
    g_string_printf(s, "Final: %u %s, origin hop %u: %s (%s)", f->status, f->reason ? f->reason : "", f->hop,
                    sh_roles_name_of_sender(ro, f->sender, who, sizeof who), f->sender ? f->sender : "?");
    if (f->server)
        g_string_append_printf(s, ", Server %s", f->server);
    if (f->warning.code)
        g_string_append_printf(s, ", Warning %u %s", f->warning.code, f->warning.text.ptr ? f->warning.text.ptr : "");
    g_strlcpy(buf, s->str, size);
    g_string_free(s, TRUE);
    return buf;
}
