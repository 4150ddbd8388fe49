/* ipaddr.h - IPv4 and IPv6 addresses as text, both ways, without the
 * sockets API (<arpa/inet.h> is not on Windows; the core builds with GLib
 * and the C library only).
 *
 * The functions accept and write exactly what the C library's inet_pton()
 * and inet_ntop() do (glibc's, the reference: tests/unit/test_ipaddr.c
 * compares them on many inputs), so a caller switching over changes no
 * behaviour:
 *   - IPv4: four decimal parts of at most 255, no leading zero ("01"), no
 *     other form (no "1.2.3", no hexadecimal);
 *   - IPv6: up to eight groups of 1-4 hex digits, one "::", an IPv4 address
 *     in place of the last two groups; no zone ("%eth0": callers strip it).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_IPADDR_H
#define SIPHOP_IPADDR_H

#include <stddef.h>
#include <stdint.h>

/* The longest text sh_ip_format() writes, with its NUL (INET6_ADDRSTRLEN). */
#define SH_IP_TEXT_MAX 46

/* The address written in text[0..len): 4 (IPv4, out[0..4) set), 6 (IPv6,
 * out[0..16) set) or 0 (neither; out undefined). IPv4 is tried first, as
 * inet_pton(AF_INET) then inet_pton(AF_INET6). */
int sh_ip_parse(const char *text, size_t len, uint8_t out[16]);

/* The same for an address as logged or typed: the text up to the first '%'
 * or NUL in text[0..len), so an IPv6 zone ("fe80::1%eth0") is dropped (and
 * a C string may be passed with its strlen or any larger len). */
int sh_ip_parse_zoned(const char *text, size_t len, uint8_t out[16]);

/* The text of the address b (4 bytes when family is 4, else 16), as
 * inet_ntop() writes it: dotted decimal; for IPv6 lower-case hex, the longest
 * run of two or more zero groups (the first of equals) as "::", and the
 * forms ::a.b.c.d and ::ffff:a.b.c.d. Returns its length. */
size_t sh_ip_format(int family, const uint8_t *b, char buf[SH_IP_TEXT_MAX]);

/* The IPv4 form alone, "a.b.c.d" and a NUL (at most 16 bytes). */
size_t sh_ip_format_v4(const uint8_t b[4], char buf[16]);

#endif
