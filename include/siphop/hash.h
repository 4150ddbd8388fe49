/* hash.h - 64-bit keys for the tracker's lookup tables.
 *
 * Why not g_str_hash: it is 32-bit, and at a million transactions 32-bit keys
 * collide (birthday bound ~65k). Why not store the key strings: a branch +
 * sent-by + Call-ID key is ~150 bytes and the memory goal is 1 KiB per call.
 * So the tracker keys its GHashTables by a 64-bit FNV-1a digest finished with
 * a splitmix64 avalanche; a false match needs a 64-bit collision.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_HASH_H
#define SIPHOP_HASH_H

#include <stdint.h>
#include <stddef.h>

#include "siphop/strview.h"

#define SH_HASH_INIT UINT64_C(0xcbf29ce484222325)

/* Fold bytes into a running digest. */
uint64_t sh_hash_bytes(uint64_t h, const void *data, size_t len);

/* Fold a view, lower-casing ASCII first (for host names, methods). */
uint64_t sh_hash_lower(uint64_t h, sh_str s);

/* Fold a view exactly as written, then a separator so "ab"+"c" != "a"+"bc". */
uint64_t sh_hash_str(uint64_t h, sh_str s);

/* Fold an integer. */
uint64_t sh_hash_u64(uint64_t h, uint64_t v);

/* Digest of a whole message, for telling repeats of it (msg.h): a word at
 * a time, where sh_hash_bytes costs about 5 instructions per byte, and it
 * runs over every byte of every message. Only ever compared for equality.
 * Never 0. */
uint64_t sh_hash_fingerprint(const void *data, size_t len);

/* Finish: avalanche so that the low bits GHashTable uses are well mixed.
 * Never returns 0 (0 means "no key" in the tracker). */
uint64_t sh_hash_finish(uint64_t h);

#endif
