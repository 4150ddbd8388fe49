/* roles.c - role names per Wireshark address (see roles.h), over the core's
 * role registry (core/roles.c).
 *
 * The registry outlives the capture file: the flow graph keeps addresses
 * that point at its name buffers, and a Flow Graph window may outlive the
 * file it was drawn from. A new file resets every name to the address's own
 * text (sh_roles_reset); the registry is freed at exit. Here only the
 * Wireshark side: an address is formatted once, on first sight, and found
 * again by its bytes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "roles.h"

#include <epan/address.h>
#include <epan/to_str.h>

#include "siphop/describe.h"
#include "siphop/roles.h"

static sh_roles *roles;
static GHashTable *by_addr;   /* address* (owned) -> endpoint id */

static guint addr_hash(gconstpointer k)
{
    return add_address_to_hash(0, (const address *)k);
}

static gboolean addr_equal(gconstpointer a, gconstpointer b)
{
    return addresses_equal((const address *)a, (const address *)b);
}

static void addr_free(gpointer p)
{
    free_address((address *)p);
    g_free(p);
}

static void roles_init(void)
{
    if (!roles) {
        roles = sh_roles_new();
        by_addr = g_hash_table_new_full(addr_hash, addr_equal, addr_free, NULL);
    }
    sh_roles_reset(roles);
}

static void roles_shutdown(void)
{
    if (by_addr)
        g_hash_table_destroy(by_addr);
    sh_roles_free(roles);
    by_addr = NULL;
    roles = NULL;
}

void siphop_roles_register(void)
{
    register_init_routine(roles_init);
    register_shutdown_routine(roles_shutdown);
}

/* The endpoint of *addr*, added when *create*; 0 when it cannot be kept. */
static uint32_t endpoint_of(const address *addr, bool create)
{
    char text[SH_NODE_NAME_SIZE];
    address *key;
    uint32_t id;

    if (!roles || !addr || addr->type == AT_NONE || addr->len <= 0)
        return 0;
    id = GPOINTER_TO_UINT(g_hash_table_lookup(by_addr, addr));
    if (id || !create)
        return id;
    address_to_str_buf(addr, text, sizeof text);
    if ((id = sh_roles_endpoint(roles, text, true)) == 0)
        return 0;
    key = g_new0(address, 1);
    copy_address(key, addr);
    g_hash_table_insert(by_addr, key, GUINT_TO_POINTER(id));
    return id;
}

void siphop_roles_learn(packet_info *pinfo, const sh_msg *m, const sh_result *r)
{
    if (!r->txn || r->dup || !r->call)
        return;
    sh_roles_learn(roles, m, r, endpoint_of(&pinfo->src, true), endpoint_of(&pinfo->dst, true));
}

bool siphop_roles_node(const address *addr, address *node)
{
    const char *name = sh_roles_name(roles, endpoint_of(addr, true));

    if (!name)
        return false;
    set_address(node, AT_STRINGZ, SH_NODE_NAME_SIZE, name);
    return true;
}

const char *siphop_roles_name(const address *addr, char *buf, size_t size)
{
    const char *name = roles ? sh_roles_name(roles, endpoint_of(addr, false)) : NULL;

    if (name)
        g_strlcpy(buf, name, size);
    else
        address_to_str_buf(addr, buf, (int)size);
    return buf;
}

bool siphop_roles_leg(const sh_txn *x, const char **src, const char **dst)
{
    return roles && sh_roles_leg(roles, x, src, dst);
}

const char *siphop_roles_name_of_sender(const char *sender, char *buf, size_t size)
{
    if (!roles) {
        g_strlcpy(buf, sender ? sender : "?", size);
        return buf;
    }
    return sh_roles_name_of_sender(roles, sender, buf, size);
}

const char *siphop_call_verdict(const sh_tracker *t, const sh_call *c, uint32_t orphan, char *buf, size_t size)
{
    return sh_describe_call_verdict(t, roles, c, orphan, buf, size);
}

const char *siphop_roles_leg_row(const sh_txn *x, char *buf, size_t size)
{
    return sh_describe_leg(roles, x, buf, size);
}

const char *siphop_roles_final(const sh_txn *top, char *buf, size_t size)
{
    return sh_describe_final(roles, top, buf, size);
}
