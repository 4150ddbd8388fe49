/* spill.c - see spill.h.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "spill.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define HEAD 16

struct spill {
    FILE *fp;
    uint64_t end;
    char err[256];
};

spill *spill_new(char *err, size_t errlen)
{
    FILE *fp = tmpfile();
    if (!fp) {
        snprintf(err, errlen, "cannot create a temporary file: %s", strerror(errno));
        return NULL;
    }
    spill *s = g_new0(spill, 1);
    s->fp = fp;
    return s;
}

void spill_free(spill *s)
{
    if (!s)
        return;
    fclose(s->fp);
    g_free(s);
}

uint64_t spill_end(const spill *s)
{
    return s->end;
}

static bool set_err(spill *s, const char *what)
{
    if (!s->err[0])
        snprintf(s->err, sizeof s->err, "temporary file: %s: %s", what,
                 errno ? strerror(errno) : "short read or write");
    return false;
}

bool spill_put(spill *s, uint32_t type, int64_t time_ns, const void *payload, size_t len)
{
    unsigned char h[HEAD];
    uint32_t n = (uint32_t)len;
    if (s->err[0])
        return false;
    if (len > UINT32_MAX) {
        errno = EFBIG;
        return set_err(s, "writing");
    }
    memcpy(h, &n, 4);
    memcpy(h + 4, &type, 4);
    memcpy(h + 8, &time_ns, 8);
    errno = 0;
    if (fwrite(h, 1, HEAD, s->fp) != HEAD || (len && fwrite(payload, 1, len, s->fp) != len))
        return set_err(s, "writing");
    s->end += HEAD + len;
    return true;
}

bool spill_finish(spill *s)
{
    errno = 0;
    if (s->err[0])
        return false;
    if (fflush(s->fp) != 0 || ferror(s->fp))
        return set_err(s, "writing");
    return true;
}

static bool read_at(spill *s, void *buf, size_t n, uint64_t off)
{
    size_t got = 0;
    while (got < n) {
        errno = 0;
        ssize_t k = pread(fileno(s->fp), (char *)buf + got, n - got, (off_t)(off + got));
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return set_err(s, "reading");
        got += (size_t)k;
    }
    return true;
}

bool spill_head(spill *s, uint64_t off, spill_item *it)
{
    unsigned char h[HEAD];
    if (!read_at(s, h, HEAD, off))
        return false;
    memcpy(&it->len, h, 4);
    memcpy(&it->type, h + 4, 4);
    memcpy(&it->time_ns, h + 8, 8);
    it->off = off;
    it->next = off + HEAD + it->len;
    return true;
}

bool spill_payload(spill *s, const spill_item *it, GByteArray *buf)
{
    g_byte_array_set_size(buf, it->len);
    return it->len == 0 || read_at(s, buf->data, it->len, it->off + HEAD);
}

const char *spill_error(const spill *s)
{
    return s->err[0] ? s->err : "temporary file: error";
}
