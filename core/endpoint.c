/* endpoint.c - endpoint text (see endpoint.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "siphop/endpoint.h"

#include "siphop/ipaddr.h"
#include "siphop/strview.h"

size_t sh_endpoint_ipv4(const uint8_t addr[4], unsigned port, char out[SH_ENDPOINT_IPV4_SIZE])
{
    size_t n = sh_ip_format_v4(addr, out);

    out[n++] = ':';
    n += sh_put_decimal(out + n, port & 0xffffu);
    out[n] = '\0';
    return n;
}
