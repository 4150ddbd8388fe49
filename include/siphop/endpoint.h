/* endpoint.h - a network endpoint as the text siphop shows and compares:
 * "192.0.2.1:5060", "[2001:db8::1]:5061".
 *
 * The plugin formats the sender and receiver of every INVITE and failure
 * response; printf through Wireshark's address_to_str cost more than the
 * tracker's own work on them, so the common IPv4 case is written by hand.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_ENDPOINT_H
#define SIPHOP_ENDPOINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* "255.255.255.255:65535" and its NUL. */
#define SH_ENDPOINT_IPV4_SIZE 22

/* Writes "a.b.c.d:port" (port taken modulo 65536) with a NUL into *out*;
 * returns its length. */
size_t sh_endpoint_ipv4(const uint8_t addr[4], unsigned port, char out[SH_ENDPOINT_IPV4_SIZE]);

/* The TCP ports SIP over TLS uses here: 5061 (SIP TLS), 5062 (CUCM, mutual
 * TLS), 7001-7003 (Expressway traversal zones). */
static inline bool sh_sip_tls_port(uint32_t port)
{
    return port == 5061 || port == 5062 || (port >= 7001 && port <= 7003);
}

#endif
