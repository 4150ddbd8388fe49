/* logfmt_cube.c - Cisco IOS / IOS-XE (CUBE) "debug ccsip messages" reader.
 * (stub: being written) */
#include "logfmt.h"

static bool c_starts(sh_logctx *c, void *st, sh_str l)
{
    (void)c;
    (void)st;
    (void)l;
    return false;
}

static sh_feed c_begin(sh_logctx *c, void *st, sh_str l, uint64_t line, sh_log_record *r)
{
    (void)c, (void)st, (void)l, (void)line, (void)r;
    return SH_FEED_MORE;
}

static void c_end(sh_logctx *c, void *st, uint64_t next_line, sh_log_record *r)
{
    (void)c, (void)st, (void)next_line, (void)r;
}

const sh_logfmt sh_logfmt_cube = {
    .name = "Cisco IOS debug ccsip messages",
    .state_size = 1,
    .starts = c_starts,
    .begin = c_begin,
    .feed = c_begin,
    .end = c_end,
};
