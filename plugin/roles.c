/* roles.c - role names per address (see roles.h).
 *
 * Endpoints live in a registry that outlives the capture file: the flow
 * graph keeps addresses that point into them, and a Flow Graph window may
 * outlive the file it was drawn from. A new file resets every name to the
 * address's own text; the registry is freed at exit and holds at most
 * MAX_ENDPOINTS addresses (more are drawn as plain addresses).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "roles.h"

#include <string.h>

#include <epan/address.h>
#include <epan/to_str.h>
#include <wsutil/wmem/wmem.h>

/* Endpoint ids are 16 bits: 1..MAX_ENDPOINTS; 0 and NO_ENDPOINT are not ids. */
#define MAX_ENDPOINTS 65534u
#define NO_ENDPOINT 0xffffu

/* How sure a name is; a name is replaced only by a surer one. */
enum {
    SURE_NONE = 0,
    SURE_TARGET = 1,    /* received an INVITE toward an early-offer-only domain */
    SURE_RELAY = 2,     /* sent an INVITE on toward the next hop: not the far end */
    SURE_VENDOR = 3,    /* "some Expressway": TANDBERG user agent, Via parameters */
    SURE_NEIGHBOUR = 4, /* the other end of a zone that names its peer */
    SURE_SELF = 5,      /* its own header or Via says so */
};

typedef struct endpoint {
    char name[SIPHOP_NODE_NAME_SIZE];  /* node bytes: NUL-padded, compared whole */
    char text[SIPHOP_NODE_NAME_SIZE];  /* the address as text */
    address addr;                      /* key; owns its bytes */
    guint16 id;                        /* index in `endpoints` + 1 */
    guint8 sure;
} endpoint;

/* The two ends of a leg's INVITE, as endpoint ids (NO_ENDPOINT: an address
 * without an endpoint); src 0: the leg was not seen. 4 bytes per leg, in an
 * array indexed by the transaction's handle: a leg costs no allocation. */
typedef struct leg {
    guint16 src;
    guint16 dst;
} leg;

static GHashTable *by_addr;   /* address* -> endpoint*, owns the endpoints */
static GHashTable *by_text;   /* endpoint.text -> endpoint* */
static GPtrArray *endpoints;  /* endpoint* by id - 1 */
static GArray *legs;          /* leg by sh_txn.index, per file */

static guint addr_hash(gconstpointer k)
{
    return add_address_to_hash(0, (const address *)k);
}

static gboolean addr_equal(gconstpointer a, gconstpointer b)
{
    return addresses_equal((const address *)a, (const address *)b);
}

static void endpoint_free(gpointer p)
{
    endpoint *e = p;
    free_address(&e->addr);
    g_free(e);
}

static void set_name(endpoint *e, const char *name)
{
    memset(e->name, 0, sizeof e->name);
    g_strlcpy(e->name, name, sizeof e->name);
}

static void reset_endpoint(gpointer k, gpointer v, gpointer u)
{
    endpoint *e = v;
    (void)k;
    (void)u;
    set_name(e, e->text);
    e->sure = SURE_NONE;
}

static void roles_init(void)
{
    if (!by_addr) {
        by_addr = g_hash_table_new_full(addr_hash, addr_equal, NULL, endpoint_free);
        by_text = g_hash_table_new(g_str_hash, g_str_equal);
        endpoints = g_ptr_array_new();
    }
    g_hash_table_foreach(by_addr, reset_endpoint, NULL);
    if (legs)
        g_array_free(legs, TRUE);
    legs = g_array_new(FALSE, TRUE, sizeof(leg));
}

static void roles_cleanup(void)
{
    if (legs)
        g_array_free(legs, TRUE);
    legs = NULL;
}

static void roles_shutdown(void)
{
    roles_cleanup();
    if (by_text)
        g_hash_table_destroy(by_text);
    if (by_addr)
        g_hash_table_destroy(by_addr);
    if (endpoints)
        g_ptr_array_free(endpoints, TRUE);
    by_text = by_addr = NULL;
    endpoints = NULL;
}

void siphop_roles_register(void)
{
    register_init_routine(roles_init);
    register_cleanup_routine(roles_cleanup);
    register_shutdown_routine(roles_shutdown);
}

static endpoint *lookup(const address *addr, bool create)
{
    endpoint *e;

    if (!by_addr || !addr || addr->type == AT_NONE || addr->len <= 0)
        return NULL;
    e = g_hash_table_lookup(by_addr, addr);
    if (e || !create || g_hash_table_size(by_addr) >= MAX_ENDPOINTS)
        return e;
    e = g_new0(endpoint, 1);
    g_ptr_array_add(endpoints, e);
    e->id = (guint16)endpoints->len;
    copy_address(&e->addr, addr);
    address_to_str_buf(addr, e->text, sizeof e->text);
    set_name(e, e->text);
    g_hash_table_insert(by_addr, &e->addr, e);
    g_hash_table_insert(by_text, e->text, e);
    return e;
}

static void claim(endpoint *e, const char *name, guint8 sure)
{
    if (e && sure > e->sure) {
        set_name(e, name);
        e->sure = sure;
    }
}

/* ---- what the headers say ------------------------------------------------ */

/* The product a User-Agent or Server header names, if we know it. */
static const char *product(sh_str ua, guint8 *sure)
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
 * destinations from the preference. */
static const char *far_end_name(const char *target)
{
    static const char *const webex[] = { "webex.com", "ciscospark.com", "wbx2.com" };
    size_t tl = strlen(target);

    for (size_t i = 0; i < G_N_ELEMENTS(webex); i++) {
        size_t wl = strlen(webex[i]);
        if (tl >= wl && g_ascii_strcasecmp(target + tl - wl, webex[i]) == 0 &&
            (tl == wl || target[tl - wl - 1] == '.'))
            return "Webex";
    }
    return target;
}

/* The leg of a transaction, NULL when its INVITE was not seen here. */
static const leg *leg_of(const sh_txn *x)
{
    const leg *l;

    if (!legs || !x || x->index >= legs->len)
        return NULL;
    l = &g_array_index(legs, leg, x->index);
    return l->src ? l : NULL;
}

static guint16 endpoint_id(const endpoint *e)
{
    return e ? e->id : NO_ENDPOINT;
}

static endpoint *endpoint_at(guint16 id)
{
    return id >= 1 && id <= endpoints->len ? g_ptr_array_index(endpoints, id - 1) : NULL;
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

static void learn_invite(const sh_msg *m, const sh_txn *x, endpoint *src, endpoint *dst)
{
    const char *self, *peer = NULL;
    guint8 sure = SURE_NONE;
    const leg *l;
    char pcid[SH_PROXY_CALL_ID_SIZE];

    if (!leg_of(x) && legs) {
        if (x->index >= legs->len)
            g_array_set_size(legs, x->index + 1);
        g_array_index(legs, leg, x->index) = (leg){ endpoint_id(src), endpoint_id(dst) };
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
        if ((l = leg_of(x->upstream)) != NULL) {
            claim(endpoint_at(l->src), peer, SURE_NEIGHBOUR);
            claim(endpoint_at(l->dst), self, SURE_NEIGHBOUR);
        }
    }
    if (x->eo_required && x->names->target)
        claim(dst, far_end_name(x->names->target), SURE_TARGET);
    /* A node that passes the INVITE on (a proxy, a B2BUA) only received it
     * toward the early-offer-only domain: it is not that domain's node. */
    if (x->upstream)
        claim(src, "Proxy", SURE_RELAY);
}

void siphop_roles_learn(packet_info *pinfo, const sh_msg *m, const sh_result *r)
{
    const sh_txn *x = r->txn;
    endpoint *src, *dst;
    const char *self;
    guint8 sure = SURE_NONE;

    if (!x || r->dup || !r->call)
        return;
    src = lookup(&pinfo->src, true);
    dst = lookup(&pinfo->dst, true);
    if (m->is_request) {
        if (x->invite_frame == m->frame)
            learn_invite(m, x, src, dst);
        return;
    }
    /* RFC 3261 22.3: a 407 comes from a proxy, never from the far end. */
    if (m->status == 407)
        claim(src, "Proxy", SURE_RELAY);
    /* A response's Server names who answered only where the answer started:
     * the failure origin, or the deepest leg of the call. */
    if (((r->flags & SH_F_FAILURE_ORIGIN) || r->call->deepest == x) &&
        (self = product(m->server, &sure)) != NULL && strcmp(self, "CUCM") == 0)
        claim(src, self, sure);
}

/* ---- queries ------------------------------------------------------------- */

bool siphop_roles_node(const address *addr, address *node)
{
    endpoint *e = lookup(addr, true);

    if (!e)
        return false;
    set_address(node, AT_STRINGZ, (int)sizeof e->name, e->name);
    return true;
}

const char *siphop_roles_name(const address *addr, char *buf, size_t size)
{
    endpoint *e = lookup(addr, false);

    if (e)
        g_strlcpy(buf, e->name, size);
    else
        address_to_str_buf(addr, buf, (int)size);
    return buf;
}

bool siphop_roles_leg(const sh_txn *x, const char **src, const char **dst)
{
    const leg *l = leg_of(x);
    const endpoint *s, *d;

    if (!l)
        return false;
    s = endpoint_at(l->src);
    d = endpoint_at(l->dst);
    *src = s ? s->name : "?";
    *dst = d ? d->name : "?";
    return true;
}

const char *siphop_roles_name_of_sender(const char *sender, char *buf, size_t size)
{
    char host[SIPHOP_NODE_NAME_SIZE];
    const char *colon;
    endpoint *e = NULL;

    if (!sender)
        return g_strlcpy(buf, "?", size), buf;
    if (sender[0] == '[') {
        const char *close = strchr(sender, ']');
        g_strlcpy(host, sender + 1, MIN(sizeof host, close ? (size_t)(close - sender) : sizeof host));
    } else {
        colon = strrchr(sender, ':');
        g_strlcpy(host, sender, MIN(sizeof host, colon ? (size_t)(colon - sender) + 1 : sizeof host));
    }
    if (by_text)
        e = g_hash_table_lookup(by_text, host);
    g_strlcpy(buf, e ? e->name : host, size);
    return buf;
}
