/* timeconv.h - external times to the core's nanoseconds since the epoch.
 *
 * A capture's or a log's time is seconds plus nanoseconds; the product
 * secs * 10^9 leaves int64 outside 1677-2262, and a file can hold any
 * timestamp at all (a zeroed or corrupt record, a clock set to 1900).
 * Such times saturate instead of wrapping into the middle of the range
 * (signed overflow is undefined anyway).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_TIMECONV_H
#define SIPHOP_TIMECONV_H

#include <stdint.h>

#define SH_NS_PER_S INT64_C(1000000000)

/* secs * 10^9 + nsecs, clamped to [INT64_MIN, INT64_MAX]. nsecs is
 * normally 0..999999999, also for times before 1970 (Wireshark's nstime_t:
 * -0.25 s is secs -1, nsecs 750000000), but any value is added exactly. */
static inline int64_t sh_time_ns(int64_t secs, int32_t nsecs)
{
    int64_t s, n;

    /* Out of range whatever nsecs adds (at most 3 s); the margin also keeps
     * the sum below from overflowing. */
    if (secs > INT64_MAX / SH_NS_PER_S + 3)
        return INT64_MAX;
    if (secs < INT64_MIN / SH_NS_PER_S - 3)
        return INT64_MIN;

    /* Whole seconds into secs, and both parts the same sign, so the range
     * test is one comparison of seconds and, at the edge, of nanoseconds:
     * a negative time near INT64_MIN is representable only as
     * s * 10^9 - |n|, never as (s - 1) * 10^9 + n. */
    s = secs + nsecs / SH_NS_PER_S;
    n = nsecs % SH_NS_PER_S;
    if (s < 0 && n > 0) {
        s++;
        n -= SH_NS_PER_S;
    } else if (s > 0 && n < 0) {
        s--;
        n += SH_NS_PER_S;
    }
    if (s > INT64_MAX / SH_NS_PER_S || (s == INT64_MAX / SH_NS_PER_S && n > INT64_MAX % SH_NS_PER_S))
        return INT64_MAX;
    if (s < INT64_MIN / SH_NS_PER_S || (s == INT64_MIN / SH_NS_PER_S && n < INT64_MIN % SH_NS_PER_S))
        return INT64_MIN;
    return s * SH_NS_PER_S + n;
}

#endif
