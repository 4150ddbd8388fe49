/* test_hash.c - the tracker's 64-bit keys (hash.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>

#include <string.h>

#include "siphop/hash.h"

#include "check.h"

static uint64_t key2(const char *a, const char *b)
{
    uint64_t h = sh_hash_str(SH_HASH_INIT, sh_str_from(a));
    return sh_hash_finish(sh_hash_str(h, sh_str_from(b)));
}

static void test_determinism(void)
{
    const char *branch = "z9hG4bKae647bb81b403d0562281463002ad68a379858.bdfb90811a812d6a11d607f3e17095a1";
    uint64_t a = sh_hash_finish(sh_hash_str(SH_HASH_INIT, sh_str_from(branch)));
    uint64_t b = sh_hash_finish(sh_hash_str(SH_HASH_INIT, sh_str_from(branch)));

    CHECK(a == b);
    CHECK(a != sh_hash_finish(sh_hash_str(SH_HASH_INIT, sh_str_make(branch, strlen(branch) - 1))));
    CHECK(sh_hash_u64(SH_HASH_INIT, 5060) == sh_hash_u64(SH_HASH_INIT, 5060));
    CHECK(sh_hash_u64(SH_HASH_INIT, 5060) != sh_hash_u64(SH_HASH_INIT, 5061));
    CHECK(sh_hash_bytes(SH_HASH_INIT, "abc", 3) == sh_hash_bytes(SH_HASH_INIT, "abc", 3));
    /* FNV-1a 64 reference value: fnv1a64("a") = 0xaf63dc4c8601ec8c. */
    CHECK(sh_hash_bytes(SH_HASH_INIT, "a", 1) == UINT64_C(0xaf63dc4c8601ec8c));
    CHECK(sh_hash_bytes(SH_HASH_INIT, NULL, 0) == SH_HASH_INIT);
    /* Empty views are fine, and differ from no fold at all (length prefix). */
    CHECK(sh_hash_str(SH_HASH_INIT, SH_STR_NULL) == sh_hash_str(SH_HASH_INIT, sh_str_from("")));
    CHECK(sh_hash_str(SH_HASH_INIT, SH_STR_NULL) != SH_HASH_INIT);
}

static void test_finish_never_zero(void)
{
    bool ok = true;
    GRand *r = g_rand_new_with_seed(42);

    /* splitmix64's finalizer is a bijection fixing 0, so 0 is the only
     * input that would give 0; it must come out as non-zero. */
    CHECK(sh_hash_finish(0) != 0);
    for (uint64_t i = 0; i < 100000; i++)
        ok = ok && sh_hash_finish(i) != 0;
    for (int i = 0; i < 100000; i++) {
        uint64_t v = ((uint64_t)g_rand_int(r) << 32) | g_rand_int(r);
        ok = ok && sh_hash_finish(v) != 0;
    }
    CHECK(ok);
    g_rand_free(r);

    /* Avalanche: neighbouring inputs differ in the low bits GHashTable uses. */
    CHECK((sh_hash_finish(1) & 0xffff) != (sh_hash_finish(2) & 0xffff));
}

static void test_case_handling(void)
{
    uint64_t lo = sh_hash_lower(SH_HASH_INIT, sh_str_from("company.webex.com"));
    uint64_t up = sh_hash_lower(SH_HASH_INIT, sh_str_from("COMPANY.Webex.COM"));

    CHECK(lo == up);
    CHECK(sh_hash_str(SH_HASH_INIT, sh_str_from("company.webex.com")) !=
          sh_hash_str(SH_HASH_INIT, sh_str_from("COMPANY.Webex.COM")));
    /* Only ASCII letters fold: digits and punctuation stay. */
    CHECK(sh_hash_lower(SH_HASH_INIT, sh_str_from("a-1")) != sh_hash_lower(SH_HASH_INIT, sh_str_from("a_1")));
    /* Non-ASCII bytes are not case-folded. */
    CHECK(sh_hash_lower(SH_HASH_INIT, sh_str_from("\xc3\xa9")) != sh_hash_lower(SH_HASH_INIT, sh_str_from("\xc3\x89")));
}

static void test_length_prefix(void)
{
    uint64_t h1, h2;

    CHECK(key2("ab", "c") != key2("a", "bc"));
    CHECK(key2("", "abc") != key2("abc", ""));
    CHECK(key2("abc", "") != key2("ab", "c"));

    h1 = sh_hash_lower(sh_hash_lower(SH_HASH_INIT, sh_str_from("AB")), sh_str_from("c"));
    h2 = sh_hash_lower(sh_hash_lower(SH_HASH_INIT, sh_str_from("a")), sh_str_from("BC"));
    CHECK(h1 != h2);

    /* Order matters. */
    CHECK(key2("branch", "host") != key2("host", "branch"));

    /* A NUL byte is part of the key, not an end. */
    CHECK(sh_hash_str(SH_HASH_INIT, sh_str_make("a\0b", 3)) != sh_hash_str(SH_HASH_INIT, sh_str_make("a\0c", 3)));
    CHECK(sh_hash_str(SH_HASH_INIT, sh_str_make("a\0", 2)) != sh_hash_str(SH_HASH_INIT, sh_str_make("a", 1)));
}

/* The message fingerprint: equal bytes, equal digest; any byte, the length
 * (trailing zero bytes included) and the tail past the last full word count. */
static void test_fingerprint(void)
{
    static const char msg[] = "SIP/2.0 180 Ringing\r\nCSeq: 101 INVITE\r\n\r\n";
    char copy[sizeof msg];
    uint64_t base = sh_hash_fingerprint(msg, sizeof msg - 1);

    memcpy(copy, msg, sizeof msg);
    CHECK(sh_hash_fingerprint(copy, sizeof msg - 1) == base);
    CHECK(base != 0);
    CHECK(sh_hash_fingerprint("", 0) != 0);
    copy[3] = 'X';                                     /* inside a full word */
    CHECK(sh_hash_fingerprint(copy, sizeof msg - 1) != base);
    memcpy(copy, msg, sizeof msg);
    copy[sizeof msg - 2] = 'X';                        /* in the tail */
    CHECK(sh_hash_fingerprint(copy, sizeof msg - 1) != base);
    CHECK(sh_hash_fingerprint(msg, sizeof msg - 2) != base);
    CHECK(sh_hash_fingerprint("ab\0", 3) != sh_hash_fingerprint("ab", 2));
}

int main(void)
{
    test_determinism();
    test_finish_never_zero();
    test_case_handling();
    test_length_prefix();
    test_fingerprint();
    return check_report();
}
