/* ipaddr.c - see ipaddr.h. The rules are glibc's inet_pton/inet_ntop
 * (resolv/inet_pton.c, resolv/inet_ntop.c), restated.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "siphop/ipaddr.h"

#include "siphop/strview.h"

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Four decimal parts in [p, end), each 0-255 without a leading zero. */
static bool parse_v4(const char *p, const char *end, uint8_t out[4])
{
    uint8_t tmp[4] = { 0 };
    int parts = 0;
    bool digit = false;   /* in a part */
    unsigned v = 0;

    while (p < end) {
        char c = *p++;
        if (c >= '0' && c <= '9') {
            if (digit && v == 0)
                return false;   /* leading zero */
            v = v * 10 + (unsigned)(c - '0');
            if (v > 255)
                return false;
            if (!digit) {
                if (++parts > 4)
                    return false;
                digit = true;
            }
            tmp[parts - 1] = (uint8_t)v;
        } else if (c == '.' && digit) {
            if (parts == 4)
                return false;
            digit = false;
            v = 0;
        } else {
            return false;
        }
    }
    if (parts < 4)
        return false;
    memcpy(out, tmp, 4);
    return true;
}

static bool parse_v6(const char *p, const char *end, uint8_t out[16])
{
    uint8_t tmp[16] = { 0 };
    size_t at = 0;                /* bytes written to tmp */
    size_t gap = (size_t)-1;      /* where "::" stands, in tmp */
    const char *token;            /* start of the current group */
    int digits = 0;
    unsigned v = 0;

    if (p == end)
        return false;
    if (*p == ':' && (++p == end || *p != ':'))
        return false;             /* a leading ':' only as "::" */
    token = p;
    while (p < end) {
        char c = *p++;
        int d = g_ascii_xdigit_value(c);
        if (d >= 0) {
            if (digits == 4)
                return false;
            v = (v << 4) | (unsigned)d;
            digits++;
            continue;
        }
        if (c == ':') {
            token = p;
            if (digits == 0) {
                if (gap != (size_t)-1)
                    return false;   /* a second "::" */
                gap = at;
                continue;
            }
            if (p == end || at + 2 > 16)
                return false;       /* a trailing single ':', or too many groups */
            tmp[at++] = (uint8_t)(v >> 8);
            tmp[at++] = (uint8_t)v;
            digits = 0;
            v = 0;
            continue;
        }
        if (c == '.' && at + 4 <= 16 && parse_v4(token, end, tmp + at)) {
            at += 4;
            digits = 0;
            break;
        }
        return false;
    }
    if (digits > 0) {
        if (at + 2 > 16)
            return false;
        tmp[at++] = (uint8_t)(v >> 8);
        tmp[at++] = (uint8_t)v;
    }
    if (gap != (size_t)-1) {
        size_t n = at - gap;
        if (at == 16)
            return false;           /* "::" standing for no group */
        memmove(tmp + 16 - n, tmp + gap, n);
        memset(tmp + gap, 0, 16 - n - gap);
        at = 16;
    }
    if (at != 16)
        return false;
    memcpy(out, tmp, 16);
    return true;
}

int sh_ip_parse(const char *text, size_t len, uint8_t out[16])
{
    if (!text)
        return 0;
    if (parse_v4(text, text + len, out))
        return 4;
    if (parse_v6(text, text + len, out))
        return 6;
    return 0;
}

int sh_ip_parse_zoned(const char *text, size_t len, uint8_t out[16])
{
    size_t n = 0;
    if (!text)
        return 0;
    while (n < len && text[n] != '%' && text[n] != '\0')
        n++;
    return sh_ip_parse(text, n, out);
}

/* Written by hand: the plugin formats the sender and receiver of every
 * INVITE and failure response this way (endpoint.c), where snprintf cost
 * more than the tracker's own work on them. */
size_t sh_ip_format_v4(const uint8_t b[4], char buf[16])
{
    size_t n = 0;
    for (int i = 0; i < 4; i++) {
        if (i)
            buf[n++] = '.';
        n += sh_put_decimal(buf + n, b[i]);
    }
    buf[n] = '\0';
    return n;
}

size_t sh_ip_format(int family, const uint8_t *b, char buf[SH_IP_TEXT_MAX])
{
    unsigned w[8];
    int best = -1, best_len = 0, cur = -1, cur_len = 0;
    size_t n = 0;

    if (family != 6)
        return sh_ip_format_v4(b, buf);
    for (int i = 0; i < 8; i++)
        w[i] = (unsigned)b[2 * i] << 8 | b[2 * i + 1];
    /* The longest run of zero groups; the first of equally long ones. */
    for (int i = 0; i < 8; i++) {
        if (w[i] == 0) {
            if (cur < 0) {
                cur = i;
                cur_len = 1;
            } else {
                cur_len++;
            }
        } else if (cur >= 0) {
            if (best < 0 || cur_len > best_len) {
                best = cur;
                best_len = cur_len;
            }
            cur = -1;
        }
    }
    if (cur >= 0 && (best < 0 || cur_len > best_len)) {
        best = cur;
        best_len = cur_len;
    }
    if (best >= 0 && best_len < 2)
        best = -1;   /* a single zero group is written out */

    for (int i = 0; i < 8; i++) {
        if (best >= 0 && i >= best && i < best + best_len) {
            if (i == best)
                buf[n++] = ':';
            continue;
        }
        if (i != 0)
            buf[n++] = ':';
        /* ::a.b.c.d and ::ffff:a.b.c.d */
        if (i == 6 && best == 0 && (best_len == 6 || (best_len == 5 && w[5] == 0xffff))) {
            n += sh_ip_format_v4(b + 12, buf + n);
            return n;
        }
        n += (size_t)snprintf(buf + n, SH_IP_TEXT_MAX - n, "%x", w[i]);
    }
    if (best >= 0 && best + best_len == 8)
        buf[n++] = ':';
    buf[n] = '\0';
    return n;
}
