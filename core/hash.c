/* hash.c - FNV-1a 64 with a splitmix64 finish (why: see hash.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "siphop/hash.h"

#include <glib.h>
#include <string.h>

#define FNV_PRIME UINT64_C(0x100000001b3)

uint64_t sh_hash_bytes(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= FNV_PRIME;
    }
    return h;
}

uint64_t sh_hash_lower(uint64_t h, sh_str s)
{
    h = sh_hash_u64(h, s.len);  /* length prefix: "ab"+"c" != "a"+"bc" */
    /* Inline, not g_ascii_tolower's call per byte: this hashes the host of
     * every Via of every message. */
    for (size_t i = 0; i < s.len; i++) {
        h ^= (unsigned char)sh_ascii_lower(s.ptr[i]);
        h *= FNV_PRIME;
    }
    return h;
}

uint64_t sh_hash_str(uint64_t h, sh_str s)
{
    h = sh_hash_u64(h, s.len);  /* length prefix: "ab"+"c" != "a"+"bc" */
    return sh_hash_bytes(h, s.ptr, s.len);
}

uint64_t sh_hash_u64(uint64_t h, uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        h ^= (v >> (8 * i)) & 0xff;
        h *= FNV_PRIME;
    }
    return h;
}

uint64_t sh_hash_fingerprint(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = SH_HASH_INIT ^ len, w;
    size_t i = 0;

    for (; i + 8 <= len; i += 8) {
        memcpy(&w, p + i, 8);
        h = (h ^ w) * UINT64_C(0x9e3779b97f4a7c15);
        h = (h << 31) | (h >> 33);
    }
    if (i < len) {
        w = 0;
        memcpy(&w, p + i, len - i);
        h = (h ^ w) * UINT64_C(0x9e3779b97f4a7c15);
    }
    return sh_hash_finish(h);
}

uint64_t sh_hash_finish(uint64_t h)
{
    h ^= h >> 30;
    h *= UINT64_C(0xbf58476d1ce4e5b9);
    h ^= h >> 27;
    h *= UINT64_C(0x94d049bb133111eb);
    h ^= h >> 31;
    return h ? h : 1;
}
