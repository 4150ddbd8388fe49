/* pcapng_writer.c - see pcapng_writer.h; the layout is from the pcapng
 * specification (draft-ietf-opsawg-pcapng).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pcapng_writer.h"

#include <errno.h>
#include <string.h>

#define BT_SHB 0x0A0D0D0Au
#define BT_IDB 0x00000001u
#define BT_EPB 0x00000006u
#define OPT_END 0
#define OPT_COMMENT 1
#define OPT_IF_NAME 2
#define OPT_IF_DESCRIPTION 3
#define OPT_SHB_USERAPPL 4
#define OPT_IF_TSRESOL 9

/* Options are at most 65535 bytes; a longer text is cut (on a UTF-8
 * character boundary, so the comment stays valid). */
static size_t opt_len(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n > 65535) {
        n = 65535;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    return n;
}

static size_t opt_size(const char *s)
{
    size_t n = opt_len(s);
    return s ? 4 + ((n + 3) & ~(size_t)3) : 0;
}

void pcapng_fail(pcapng_writer *w, int err)
{
    if (!w->failed)
        w->err = err ? err : EIO;
    w->failed = true;
}

static void put(pcapng_writer *w, const void *p, size_t n)
{
    if (w->failed || n == 0)
        return;   /* after a failure nothing more is written */
    errno = 0;
    if (fwrite(p, 1, n, w->fp) != n)
        pcapng_fail(w, errno);
}

static void put32(pcapng_writer *w, uint32_t v)
{
    put(w, &v, 4);   /* native order: the section header's magic says which */
}

static void put16(pcapng_writer *w, uint16_t v)
{
    put(w, &v, 2);
}

static void put_opt(pcapng_writer *w, uint16_t code, const char *s)
{
    static const char zeros[4];
    size_t n = opt_len(s);
    if (!s)
        return;
    put16(w, code);
    put16(w, (uint16_t)n);
    put(w, s, n);
    put(w, zeros, ((n + 3) & ~(size_t)3) - n);
}

static void put_end(pcapng_writer *w)
{
    put16(w, OPT_END);
    put16(w, 0);
}

bool pcapng_begin(pcapng_writer *w, FILE *fp, const char *application)
{
    uint32_t len = (uint32_t)(28 + opt_size(application) + 4);

    memset(w, 0, sizeof *w);
    w->fp = fp;
    put32(w, BT_SHB);
    put32(w, len);
    put32(w, 0x1A2B3C4Du);      /* byte-order magic */
    put16(w, 1);                /* version 1.0 */
    put16(w, 0);
    put32(w, 0xFFFFFFFFu);      /* section length: unknown (-1) */
    put32(w, 0xFFFFFFFFu);
    put_opt(w, OPT_SHB_USERAPPL, application);
    put_end(w);
    put32(w, len);
    return !w->failed;
}

int pcapng_add_interface(pcapng_writer *w, uint16_t linktype, const char *name,
                         const char *description)
{
    return pcapng_add_interface_res(w, linktype, name, description, false);
}

int pcapng_add_interface_res(pcapng_writer *w, uint16_t linktype, const char *name,
                             const char *description, bool ns)
{
    static const char resol[4] = { 9, 0, 0, 0 };   /* 10^-9 s, padded */
    uint32_t len = (uint32_t)(20 + opt_size(name) + opt_size(description) + (ns ? 8 : 0) + 4);

    put32(w, BT_IDB);
    put32(w, len);
    put16(w, linktype);
    put16(w, 0);
    put32(w, 0);                /* snaplen: no limit */
    put_opt(w, OPT_IF_NAME, name);
    put_opt(w, OPT_IF_DESCRIPTION, description);
    if (ns) {
        put16(w, OPT_IF_TSRESOL);
        put16(w, 1);
        put(w, resol, 4);
    }
    put_end(w);
    put32(w, len);
    if (w->failed)
        return -1;
    return (int)w->n_interfaces++;
}

bool pcapng_write_packet(pcapng_writer *w, uint32_t interface_id, int64_t ts_ns,
                         const void *data, size_t len, const char *comment)
{
    return pcapng_write_packet_res(w, interface_id, ts_ns, false, data, len, len, comment);
}

bool pcapng_write_packet_res(pcapng_writer *w, uint32_t interface_id, int64_t ts_ns, bool ns,
                             const void *data, size_t len, size_t origlen, const char *comment)
{
    static const char zeros[4];
    size_t pad = ((len + 3) & ~(size_t)3) - len;
    size_t total = 32 + len + pad + (comment ? opt_size(comment) + 4 : 0);
    uint64_t ts = ts_ns > 0 ? (uint64_t)ts_ns / (ns ? 1u : 1000u) : 0;

    if (total > 0xFFFFFFF0u || origlen > 0xFFFFFFFFu) {
        pcapng_fail(w, EFBIG);
        return false;
    }
    put32(w, BT_EPB);
    put32(w, (uint32_t)total);
    put32(w, interface_id);
    put32(w, (uint32_t)(ts >> 32));
    put32(w, (uint32_t)ts);
    put32(w, (uint32_t)len);   /* captured */
    put32(w, (uint32_t)(origlen < len ? len : origlen));   /* original */
    put(w, data, len);
    put(w, zeros, pad);
    if (comment) {
        put_opt(w, OPT_COMMENT, comment);
        put_end(w);
    }
    put32(w, (uint32_t)total);
    return !w->failed;
}
