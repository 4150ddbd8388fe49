/* fuzz_logparse.c - libFuzzer target for the log parser (logparse.h).
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude \
 *     $(pkg-config --cflags glib-2.0) tests/fuzz/fuzz_logparse.c \
 *     core/logparse.c core/strview.c core/hash.c \
 *     $(pkg-config --libs glib-2.0) -o fuzz_logparse
 *   ./fuzz_logparse -max_len=65536 scratch/ tests/fuzz/corpus/logparse
 *
 * Input: one flag byte (bit 0 --rewrapped, bit 1 a --date, bit 2 a
 * --cucm-ip, bit 3 a UTC offset, bit 4 a --cube-ip, bit 5 the offset given
 * explicitly), one byte choosing the push size (1..256), then the log text.
 * The per-reader targets (fuzz_log_<format>.c) include this file with
 * FUZZ_LOG_PREFIX, one line that starts a record of their format, pushed
 * before the input: the mutations then land in that reader. The text is parsed twice, in one push and in pieces:
 * the records must be the same (the parser may not depend on where the
 * bytes are split), and every record must keep the header's promises.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <string.h>

#include "siphop/hash.h"
#include "siphop/logparse.h"

#include "fuzz_check.h"

#ifndef FUZZ_LOG_PREFIX
#define FUZZ_LOG_PREFIX ""
#endif

static void check_view(sh_str v)
{
    FUZZ_ASSERT(v.len == 0 || v.ptr != NULL);
}

/* A SIP message as rebuilt: CR only before LF, LF only after CR, no other
 * control bytes, a blank line after the headers, within the size cap. */
static void check_msg(const sh_log_record *r)
{
    sh_str m = r->msg;
    FUZZ_ASSERT(m.len > 0 && m.len <= SH_LOG_MAX_MESSAGE);
    for (size_t i = 0; i < m.len; i++) {
        unsigned char c = (unsigned char)m.ptr[i];
        if (c == '\r')
            FUZZ_ASSERT(i + 1 < m.len && m.ptr[i + 1] == '\n');
        else if (c == '\n')
            FUZZ_ASSERT(i > 0 && m.ptr[i - 1] == '\r');
        else
            FUZZ_ASSERT(c >= 0x20 || c == '\t');
    }
    bool blank = false;
    for (size_t i = 0; i + 4 <= m.len && !blank; i++)
        blank = memcmp(m.ptr + i, "\r\n\r\n", 4) == 0;
    FUZZ_ASSERT(blank);
    FUZZ_ASSERT(r->body_len <= m.len);
    if (r->error == SH_LOG_ECONTENTLENGTH)
        FUZZ_ASSERT(r->has_content_length && r->content_length > r->body_len);
    FUZZ_ASSERT(r->has_time);
    FUZZ_ASSERT(r->dir == SH_LOG_RECEIVED || r->dir == SH_LOG_SENT);
}

static uint64_t record_digest(uint64_t h, const sh_log_record *r)
{
    h = sh_hash_u64(h, (uint64_t)r->kind);
    h = sh_hash_u64(h, (uint64_t)r->error);
    h = sh_hash_u64(h, r->line);
    h = sh_hash_u64(h, (uint64_t)r->time_ns);
    h = sh_hash_u64(h, (uint64_t)r->dir);
    h = sh_hash_u64(h, r->local_port);
    h = sh_hash_u64(h, r->peer_port);
    h = sh_hash_str(h, r->node);
    h = sh_hash_str(h, r->local_addr);
    h = sh_hash_str(h, r->peer_addr);
    h = sh_hash_str(h, r->msg_hash);
    h = sh_hash_str(h, r->msg);
    h = sh_hash_str(h, sh_str_from(r->detail));
    return h;
}

static uint64_t run(const sh_log_options *o, const uint8_t *data, size_t len, size_t chunk, size_t *n)
{
    sh_logparse *p = sh_logparse_new(o);
    sh_log_record r;
    uint64_t h = SH_HASH_INIT, last_line = 0;
    size_t off = 0;
    bool ended = false;

    *n = 0;
    sh_logparse_push(p, FUZZ_LOG_PREFIX, sizeof FUZZ_LOG_PREFIX - 1);
    while (!ended) {
        if (off < len) {
            size_t k = len - off < chunk ? len - off : chunk;
            sh_logparse_push(p, data + off, k);
            off += k;
        } else {
            sh_logparse_end(p);
            ended = true;
        }
        while (sh_logparse_next(p, &r)) {
            FUZZ_ASSERT(r.kind <= SH_LOG_BAD);
            FUZZ_ASSERT(r.error < SH_LOG_ECOUNT);
            FUZZ_ASSERT(r.detail != NULL && strlen(r.detail) < 1024);
            FUZZ_ASSERT(r.line >= 1 && r.line >= last_line);
            FUZZ_ASSERT(r.line <= sh_logparse_lines(p) + 1);
            FUZZ_ASSERT(r.local_port <= 65535 && r.peer_port <= 65535);
            check_view(r.node);
            check_view(r.action);
            check_view(r.local_addr);
            check_view(r.peer_addr);
            check_view(r.msg_hash);
            check_view(r.msg);
            if (r.kind == SH_LOG_SIP) {
                check_msg(&r);
                FUZZ_ASSERT(r.format != NULL);
            }
            else
                FUZZ_ASSERT(r.msg.len == 0);
            if (r.kind == SH_LOG_BAD)
                FUZZ_ASSERT(r.error != SH_LOG_ENONE && r.detail[0] != '\0');
            last_line = r.line;
            h = record_digest(h, &r);
            ++*n;
        }
    }
    FUZZ_ASSERT(strlen(sh_logparse_formats(p)) < 160);
    const char *note = sh_logparse_note(p);
    FUZZ_ASSERT(note == NULL || strlen(note) < 200);
    sh_logparse_free(p);
    return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sh_log_options o = { 0 };
    size_t n1, n2;

    if (size < 2)
        return 0;
    o.rewrapped = data[0] & 1;
    o.has_sdl_date = data[0] & 2;
    o.sdl_date = 16622;
    o.cucm_ip = (data[0] & 4) ? "10.1.2.3" : NULL;
    o.utc_offset_s = (data[0] & 8) ? 36000 : 0;
    o.cube_ip = (data[0] & 16) ? "10.9.8.7" : NULL;
    o.has_utc_offset = data[0] & 32;
    size_t chunk = (size_t)data[1] + 1;
    data += 2;
    size -= 2;

    uint64_t whole = run(&o, data, size, size ? size : 1, &n1);
    uint64_t split = run(&o, data, size, chunk, &n2);
    FUZZ_ASSERT(n1 == n2);
    FUZZ_ASSERT(whole == split);
    return 0;
}
