/* test_endpoint.c - endpoint text, against printf.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>

#include "check.h"
#include "siphop/endpoint.h"

int main(void)
{
    static const struct {
        uint8_t a[4];
        unsigned port;
    } cases[] = {
        { { 0, 0, 0, 0 }, 0 },
        { { 127, 0, 0, 1 }, 5060 },
        { { 10, 9, 100, 255 }, 65535 },
        { { 255, 255, 255, 255 }, 65535 },
        { { 114, 29, 213, 174 }, 5061 },
        { { 1, 20, 3, 40 }, 7 },
    };
    char got[SH_ENDPOINT_IPV4_SIZE], want[64];

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        size_t n = sh_endpoint_ipv4(cases[i].a, cases[i].port, got);
        g_snprintf(want, sizeof want, "%u.%u.%u.%u:%u", cases[i].a[0], cases[i].a[1], cases[i].a[2], cases[i].a[3],
                   cases[i].port);
        CHECK(strcmp(got, want) == 0);
        CHECK(n == strlen(want));
    }
    /* Ports are 16 bits: a wider value is taken modulo 65536. */
    sh_endpoint_ipv4((const uint8_t[4]){ 1, 2, 3, 4 }, 65536 + 80, got);
    CHECK(strcmp(got, "1.2.3.4:80") == 0);

    /* SIP over TLS: the ports the log parser and the plugin infer it from. */
    for (uint32_t p = 0; p < 70000; p++) {
        bool tls = p == 5061 || p == 5062 || p == 7001 || p == 7002 || p == 7003;
        if (sh_sip_tls_port(p) != tls)
            CHECK(!"sh_sip_tls_port");
    }
    CHECK(sh_sip_tls_port(5061) && !sh_sip_tls_port(5060) && !sh_sip_tls_port(7004));
    return check_report();
}
