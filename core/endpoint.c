/* endpoint.c - endpoint text (see endpoint.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "siphop/endpoint.h"

/* Decimal digits of v (< 100000) at out; returns how many. */
static size_t put_decimal(char *out, unsigned v)
{
    char digits[5];
    size_t n = 0, i = 0;

    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        out[i++] = digits[--n];
    return i;
}

size_t sh_endpoint_ipv4(const uint8_t addr[4], unsigned port, char out[SH_ENDPOINT_IPV4_SIZE])
{
    size_t n = 0;

    for (int i = 0; i < 4; i++) {
        n += put_decimal(out + n, addr[i]);
        out[n++] = i < 3 ? '.' : ':';
    }
    n += put_decimal(out + n, port & 0xffffu);
    out[n] = '\0';
    return n;
}
