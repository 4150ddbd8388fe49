/* via.h - parse SIP Via header values (RFC 3261 section 20.42).
 *
 * Wireshark's SIP dissector exposes each Via header line as one string and
 * only knows the standard parameters. Expressway adds its own (proxy-call-id,
 * ingress-zone, egress-zone, x-cisco-local-service), and one header line may
 * carry several comma-separated Vias, so the core parses the strings itself.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_VIA_H
#define SIPHOP_VIA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "siphop/strview.h"

/* RFC 3261 "magic cookie": a branch starting with it is globally unique. */
#define SH_BRANCH_COOKIE "z9hG4bK"

typedef struct sh_via {
    sh_str raw;            /* this Via's full text, trimmed */
    sh_str transport;      /* "UDP", "TCP", "TLS", ... as written */
    sh_str host;           /* sent-by host; IPv6 keeps its brackets */
    uint32_t port;         /* sent-by port, 0 when absent, > 65535 never stored */
    sh_str branch;         /* empty when absent */
    sh_str received;
    sh_str rport;          /* value; empty when valueless or absent */
    bool has_rport;
    sh_str maddr;
    sh_str proxy_call_id;  /* Expressway */
    sh_str ingress_zone;   /* Expressway, added by the next hop */
    sh_str egress_zone;    /* Expressway, added by the hop that wrote this Via */
    sh_str local_service;  /* x-cisco-local-service (Expressway B2BUA) */
} sh_via;

/* Parse one Via header value, which may hold several comma-separated Vias.
 * Writes at most *max* entries to out[] (top first) and returns how many were
 * written. *total* (may be NULL) receives how many Vias the value holds, also
 * those beyond *max*. Commas inside quoted strings or IPv6 brackets do not
 * split. Never reads outside *value*; a malformed Via still yields an entry
 * whose missing parts are empty. */
size_t sh_via_parse_list(sh_str value, sh_via *out, size_t max, size_t *total);

/* True when the branch carries the RFC 3261 magic cookie. */
bool sh_via_branch_is_rfc3261(const sh_via *via);

/* "host:port" of the sent-by, for display, written into buf (always
 * NUL-terminated, truncated to size). Returns buf. */
const char *sh_via_sent_by(const sh_via *via, char *buf, size_t size);

#endif
