/* strview.c - helpers for borrowed text views.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "siphop/strview.h"

bool sh_str_to_uint(sh_str s, unsigned long max, unsigned long *out)
{
    unsigned long v = 0;

    s = sh_str_trim(s);
    if (s.len == 0)
        return false;
    for (size_t i = 0; i < s.len; i++) {
        unsigned d;
        if (!sh_is_digit(s.ptr[i]))
            return false;
        d = (unsigned)(s.ptr[i] - '0');
        if (v > (max - d) / 10)
            return false;
        v = v * 10 + d;
    }
    *out = v;
    return true;
}

uint32_t sh_str_to_port(sh_str s)
{
    unsigned long v;
    if (!sh_str_to_uint(s, 65535, &v))
        return 0;
    return (uint32_t)v;
}
