/* capread.c - see capread.h. The layouts are those of the pcap file format
 * and of the pcapng specification (draft-ietf-opsawg-pcapng).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "capread.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define BT_SHB 0x0A0D0D0Au
#define BT_IDB 0x00000001u
#define BT_PB 0x00000002u    /* obsolete packet block */
#define BT_SPB 0x00000003u
#define BT_EPB 0x00000006u
#define BOM 0x1A2B3C4Du
#define OPT_COMMENT 1
#define OPT_IF_NAME 2
#define OPT_IF_DESCRIPTION 3
#define OPT_IF_TSRESOL 9
#define OPT_IF_TSOFFSET 14

typedef struct cap_if {
    uint32_t snaplen;
    uint8_t tsresol;       /* pcapng if_tsresol; 6 (microseconds) by default */
    int64_t tsoffset_s;
} cap_if;

struct capread {
    capread_fn read;
    void *ctx;
    enum { ST_START, ST_PCAP, ST_PCAPNG, ST_DONE } state;
    bool swap;             /* the file's byte order is not ours */
    bool nano;             /* pcap: nanosecond timestamps */
    const char *format;
    GArray *ifs;           /* cap_if of the current pcapng section */
    uint32_t if_base;      /* cap_interface.index of the section's interface 0 */
    uint32_t if_total;     /* interfaces seen in the whole file */
    int64_t last_ns;
    unsigned char *buf;    /* the current block */
    size_t cap;
    char name[256], desc[256], comment[1024];
    char err[256];
};

/* ------------------------------------------------------------------------
 * Bytes
 * ------------------------------------------------------------------------ */

static uint16_t get16(const capread *c, const unsigned char *p)
{
    uint16_t v;
    memcpy(&v, p, 2);
    return c->swap ? GUINT16_SWAP_LE_BE(v) : v;
}

static uint32_t get32(const capread *c, const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return c->swap ? GUINT32_SWAP_LE_BE(v) : v;
}

static uint64_t get64(const capread *c, const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return c->swap ? GUINT64_SWAP_LE_BE(v) : v;
}

static bool fail(capread *c, const char *fmt, const char *what)
{
    snprintf(c->err, sizeof c->err, fmt, what);
    c->state = ST_DONE;
    return false;
}

/* Exactly n bytes into p. *got says how many came (0 at a clean end); false
 * on a read error (c->err is "") or a short read (c->err says so). */
static bool read_exact(capread *c, void *p, size_t n, size_t *got, const char *what)
{
    size_t have = 0;
    while (have < n) {
        ssize_t k = c->read(c->ctx, (char *)p + have, n - have);
        if (k < 0) {
            c->err[0] = '\0';
            c->state = ST_DONE;
            return false;
        }
        if (k == 0)
            break;
        have += (size_t)k;
    }
    if (got)
        *got = have;
    if (have < n && !(got && have == 0))
        return fail(c, "the capture ends inside %s (truncated capture)", what);
    return true;
}

static bool ensure(capread *c, size_t n)
{
    if (n > c->cap) {
        c->buf = g_realloc(c->buf, n);
        c->cap = n;
    }
    return true;
}

/* ------------------------------------------------------------------------
 * Time
 * ------------------------------------------------------------------------ */

static int64_t clamp_ns(long double ns)
{
    if (ns <= 0)
        return 0;
    if (ns >= 9.2e18L)
        return INT64_MAX;
    return (int64_t)ns;
}

/* A pcapng timestamp of units 10^-r or 2^-(r & 0x7f) seconds in ns. */
static int64_t ts_to_ns(uint64_t ts, uint8_t r, int64_t offset_s)
{
    long double units = (r & 0x80) ? ldexpl(1.0L, r & 0x7f) : powl(10.0L, r);
    uint64_t whole = (uint64_t)((long double)ts / units);
    /* Whole seconds exactly, the fraction in floating point. */
    long double frac = (long double)ts - (long double)whole * units;
    if (frac < 0)
        frac = 0;
    return clamp_ns(((long double)whole + (long double)offset_s) * 1e9L + frac * 1e9L / units);
}

/* ------------------------------------------------------------------------
 * pcap
 * ------------------------------------------------------------------------ */

static const unsigned char M_US[4] = { 0xd4, 0xc3, 0xb2, 0xa1 };   /* a1b2c3d4, little-endian */
static const unsigned char M_NS[4] = { 0x4d, 0x3c, 0xb2, 0xa1 };   /* a1b23c4d */
static const unsigned char M_NG[4] = { 0x0a, 0x0d, 0x0d, 0x0a };

static bool is_magic(const unsigned char *p, const unsigned char m[4], bool *swapped)
{
    if (memcmp(p, m, 4) == 0) {
        *swapped = false;
        return true;
    }
    if (p[0] == m[3] && p[1] == m[2] && p[2] == m[1] && p[3] == m[0]) {
        *swapped = true;
        return true;
    }
    return false;
}

bool capread_magic(const void *first, size_t len)
{
    const unsigned char *p = first;
    bool sw;
    return len >= 4 && (is_magic(p, M_US, &sw) || is_magic(p, M_NS, &sw) || memcmp(p, M_NG, 4) == 0);
}

/* In the file's order: the magic was read as its bytes. */
static bool file_swapped(bool le_bytes_match)
{
    return G_BYTE_ORDER == G_LITTLE_ENDIAN ? !le_bytes_match : le_bytes_match;
}

static cap_event pcap_header(capread *c, const unsigned char *magic, cap_interface *ifc)
{
    unsigned char h[20];
    bool sw = false;
    c->nano = is_magic(magic, M_NS, &sw);
    if (!c->nano)
        is_magic(magic, M_US, &sw);
    c->swap = file_swapped(!sw);
    if (!read_exact(c, h, sizeof h, NULL, "the file header"))
        return CAP_ERROR;
    uint32_t network = get32(c, h + 16);
    c->state = ST_PCAP;
    c->format = c->nano ? "pcap (nanosecond)" : "pcap";
    c->if_total = 1;
    memset(ifc, 0, sizeof *ifc);
    ifc->linktype = (uint16_t)(network & 0xFFFF);   /* the upper bits say FCS */
    return CAP_INTERFACE;
}

static cap_event pcap_record(capread *c, cap_packet *pkt)
{
    unsigned char h[16];
    size_t got;
    if (!read_exact(c, h, sizeof h, &got, "a packet header"))
        return CAP_ERROR;
    if (got == 0) {
        c->state = ST_DONE;
        return CAP_END;
    }
    uint32_t sec = get32(c, h), frac = get32(c, h + 4), incl = get32(c, h + 8), orig = get32(c, h + 12);
    if (incl > CAPREAD_MAX_BLOCK) {
        char n[32];
        snprintf(n, sizeof n, "%u", incl);
        fail(c, "a packet of %s bytes (damaged capture)", n);
        return CAP_ERROR;
    }
    ensure(c, incl ? incl : 1);
    if (!read_exact(c, c->buf, incl, NULL, "a packet"))
        return CAP_ERROR;
    memset(pkt, 0, sizeof *pkt);
    pkt->time_ns = clamp_ns((long double)sec * 1e9L + (long double)frac * (c->nano ? 1.0L : 1000.0L));
    c->last_ns = pkt->time_ns;
    pkt->data = c->buf;
    pkt->caplen = incl;
    pkt->origlen = orig < incl ? incl : orig;
    return CAP_PACKET;
}

/* ------------------------------------------------------------------------
 * pcapng
 * ------------------------------------------------------------------------ */

/* Walk options in p[0..n): calls back per option; false if malformed. */
typedef void (*opt_fn)(capread *c, uint16_t code, const unsigned char *v, uint16_t len, void *u);

static bool walk_options(capread *c, const unsigned char *p, size_t n, opt_fn fn, void *u)
{
    size_t i = 0;
    while (i + 4 <= n) {
        uint16_t code = get16(c, p + i), len = get16(c, p + i + 2);
        if (code == 0)
            return true;
        size_t padded = ((size_t)len + 3) & ~(size_t)3;
        if (i + 4 + padded > n)
            return false;
        fn(c, code, p + i + 4, len, u);
        i += 4 + padded;
    }
    return true;   /* no opt_endofopt: allowed */
}

static void copy_text(char *dst, size_t cap, const unsigned char *v, uint16_t len)
{
    size_t n = len < cap - 1 ? len : cap - 1;
    memcpy(dst, v, n);
    dst[n] = '\0';
    /* Stop at a NUL and at a cut UTF-8 character: names and comments are
     * written again as pcapng options, which must be UTF-8. */
    n = strlen(dst);
    if (!g_utf8_validate(dst, (gssize)n, NULL)) {
        const char *end;
        g_utf8_validate(dst, (gssize)n, &end);
        dst[end - dst] = '\0';
    }
}

static void idb_opt(capread *c, uint16_t code, const unsigned char *v, uint16_t len, void *u)
{
    cap_if *ci = u;
    if (code == OPT_IF_NAME)
        copy_text(c->name, sizeof c->name, v, len);
    else if (code == OPT_IF_DESCRIPTION)
        copy_text(c->desc, sizeof c->desc, v, len);
    else if (code == OPT_IF_TSRESOL && len >= 1)
        ci->tsresol = v[0];
    else if (code == OPT_IF_TSOFFSET && len >= 8)
        ci->tsoffset_s = (int64_t)get64(c, v);
}

static void pkt_opt(capread *c, uint16_t code, const unsigned char *v, uint16_t len, void *u)
{
    bool *seen = u;
    if (code == OPT_COMMENT && !*seen) {
        copy_text(c->comment, sizeof c->comment, v, len);
        *seen = true;
    }
}

static bool tsresol_ok(uint8_t r)
{
    return (r & 0x80) ? (r & 0x7f) <= 63 : r <= 19;
}

/* Read the rest of a block (len bytes in all, 8 or 12 already read into
 * c->buf) and check its trailing length. */
static bool read_block(capread *c, uint32_t len, size_t have, const char *what)
{
    if (len % 4 != 0 || len < 12 + (have > 8 ? 4 : 0))
        return fail(c, "%s with a bad block length (damaged capture)", what);
    if (len > CAPREAD_MAX_BLOCK)
        return fail(c, "%s larger than 1 MiB (damaged capture)", what);
    ensure(c, len);
    if (!read_exact(c, c->buf + have, len - have, NULL, what))
        return false;
    if (get32(c, c->buf + len - 4) != len)
        return fail(c, "%s whose two lengths differ (damaged capture)", what);
    return true;
}

/* Skip a block we do not use, without holding it. */
static bool skip_block(capread *c, uint32_t len)
{
    unsigned char tmp[4096];
    if (len % 4 != 0 || len < 12)
        return fail(c, "%s with a bad block length (damaged capture)", "a block");
    size_t left = len - 8;
    while (left > 0) {
        size_t k = left < sizeof tmp ? left : sizeof tmp;
        if (!read_exact(c, tmp, k, NULL, "a block"))
            return false;
        left -= k;
    }
    return true;
}

/* A section header's byte-order magic at p sets the section's byte order;
 * false (reported) when it is neither order's. */
static bool section_byte_order(capread *c, const unsigned char *p)
{
    uint32_t bom;
    memcpy(&bom, p, 4);
    if (bom == BOM)
        c->swap = false;
    else if (bom == GUINT32_SWAP_LE_BE(BOM))
        c->swap = true;
    else
        return fail(c, "%s with an unknown byte-order magic (damaged capture)", "a section header");
    return true;
}

static cap_event pcapng_block(capread *c, cap_interface *ifc, cap_packet *pkt)
{
    for (;;) {
        size_t got;
        ensure(c, 64);
        if (!read_exact(c, c->buf, 8, &got, "a block header"))
            return CAP_ERROR;
        if (got == 0) {
            c->state = ST_DONE;
            return CAP_END;
        }
        uint32_t type;
        memcpy(&type, c->buf, 4);

        if (type == BT_SHB) {   /* the same in both byte orders */
            if (!read_exact(c, c->buf + 8, 4, NULL, "a section header") || !section_byte_order(c, c->buf + 8))
                return CAP_ERROR;
            if (!read_block(c, get32(c, c->buf + 4), 12, "a section header"))
                return CAP_ERROR;
            g_array_set_size(c->ifs, 0);     /* interface ids start again */
            c->if_base = c->if_total;
            continue;
        }
        if (c->state != ST_PCAPNG) {
            fail(c, "%s", "a block before the first section header (damaged capture)");
            return CAP_ERROR;
        }
        type = get32(c, c->buf);
        uint32_t len = get32(c, c->buf + 4);

        if (type == BT_IDB) {
            if (!read_block(c, len, 8, "an interface description"))
                return CAP_ERROR;
            if (len < 20) {
                fail(c, "%s too short (damaged capture)", "an interface description");
                return CAP_ERROR;
            }
            if (c->if_total >= CAPREAD_MAX_INTERFACES) {
                fail(c, "%s", "more than 4096 interfaces (damaged capture)");
                return CAP_ERROR;
            }
            cap_if ci = { .snaplen = get32(c, c->buf + 12), .tsresol = 6 };
            c->name[0] = c->desc[0] = '\0';
            if (!walk_options(c, c->buf + 16, len - 20, idb_opt, &ci)) {
                fail(c, "%s with damaged options (damaged capture)", "an interface description");
                return CAP_ERROR;
            }
            if (!tsresol_ok(ci.tsresol)) {
                fail(c, "%s with an impossible if_tsresol (damaged capture)", "an interface description");
                return CAP_ERROR;
            }
            g_array_append_val(c->ifs, ci);
            memset(ifc, 0, sizeof *ifc);
            ifc->index = c->if_total++;
            ifc->linktype = get16(c, c->buf + 8);
            ifc->name = c->name[0] ? c->name : NULL;
            ifc->description = c->desc[0] ? c->desc : NULL;
            return CAP_INTERFACE;
        }

        if (type == BT_EPB || type == BT_PB || type == BT_SPB) {
            if (!read_block(c, len, 8, "a packet block"))
                return CAP_ERROR;
            const unsigned char *b = c->buf + 8;   /* body */
            size_t body = len - 12;
            uint32_t id, caplen, origlen;
            uint64_t ts = 0;
            size_t head;
            if (type == BT_SPB) {
                head = 4;
                if (body < head) {
                    fail(c, "%s too short (damaged capture)", "a simple packet block");
                    return CAP_ERROR;
                }
                id = 0;
                origlen = get32(c, b);
                caplen = (uint32_t)(body - head) < origlen ? (uint32_t)(body - head) : origlen;
                if (c->ifs->len > 0) {
                    uint32_t snap = g_array_index(c->ifs, cap_if, 0).snaplen;
                    if (snap && caplen > snap)
                        caplen = snap;
                }
            } else {
                head = 20;
                if (body < head) {
                    fail(c, "%s too short (damaged capture)", "a packet block");
                    return CAP_ERROR;
                }
                id = type == BT_PB ? get16(c, b) : get32(c, b);
                ts = ((uint64_t)get32(c, b + 4) << 32) | get32(c, b + 8);
                caplen = get32(c, b + 12);
                origlen = get32(c, b + 16);
            }
            size_t padded = ((size_t)caplen + 3) & ~(size_t)3;
            if (head + padded > body && !(type == BT_SPB && head + caplen <= body)) {
                fail(c, "%s whose packet is longer than the block (damaged capture)", "a packet block");
                return CAP_ERROR;
            }
            if (id >= c->ifs->len) {
                fail(c, "%s for an interface that was not described (damaged capture)", "a packet block");
                return CAP_ERROR;
            }
            const cap_if *ci = &g_array_index(c->ifs, cap_if, id);
            memset(pkt, 0, sizeof *pkt);
            pkt->interface = c->if_base + id;
            pkt->time_ns = type == BT_SPB ? c->last_ns : ts_to_ns(ts, ci->tsresol, ci->tsoffset_s);
            c->last_ns = pkt->time_ns;
            pkt->data = b + head;
            pkt->caplen = caplen;
            pkt->origlen = origlen < caplen ? caplen : origlen;
            if (type != BT_SPB && head + padded < body) {
                bool seen = false;
                if (walk_options(c, b + head + padded, body - head - padded, pkt_opt, &seen) && seen)
                    pkt->comment = c->comment;
            }
            return CAP_PACKET;
        }

        /* Name resolution, statistics, secrets, custom blocks: not needed. */
        if (!skip_block(c, len))
            return CAP_ERROR;
    }
}

/* ------------------------------------------------------------------------
 * API
 * ------------------------------------------------------------------------ */

capread *capread_new(capread_fn read, void *ctx)
{
    capread *c = g_new0(capread, 1);
    c->read = read;
    c->ctx = ctx;
    c->format = "";
    c->ifs = g_array_new(FALSE, TRUE, sizeof(cap_if));
    return c;
}

void capread_free(capread *c)
{
    if (!c)
        return;
    g_array_free(c->ifs, TRUE);
    g_free(c->buf);
    g_free(c);
}

cap_event capread_next(capread *c, cap_interface *ifc, cap_packet *pkt)
{
    switch (c->state) {
    case ST_START: {
        unsigned char m[4];
        size_t got;
        if (!read_exact(c, m, 4, &got, "the file header"))
            return CAP_ERROR;
        bool sw;
        if (got == 4 && (is_magic(m, M_US, &sw) || is_magic(m, M_NS, &sw)))
            return pcap_header(c, m, ifc);
        if (got == 4 && memcmp(m, M_NG, 4) == 0) {
            /* Hand the magic to the block reader as the start of the SHB. */
            c->state = ST_PCAPNG;
            c->format = "pcapng";
            ensure(c, 64);
            unsigned char rest[8];
            if (!read_exact(c, rest, 8, NULL, "a section header"))
                return CAP_ERROR;
            /* Re-assemble type, length and BOM, then read as a block. */
            if (!section_byte_order(c, rest + 4))
                return CAP_ERROR;
            memcpy(c->buf, m, 4);
            memcpy(c->buf + 4, rest, 8);
            if (!read_block(c, get32(c, c->buf + 4), 12, "a section header"))
                return CAP_ERROR;
            return pcapng_block(c, ifc, pkt);
        }
        fail(c, "%s", "not a pcap or pcapng file");
        return CAP_ERROR;
    }
    case ST_PCAP:
        return pcap_record(c, pkt);
    case ST_PCAPNG:
        return pcapng_block(c, ifc, pkt);
    case ST_DONE:
        break;
    }
    return c->err[0] ? CAP_ERROR : CAP_END;
}

const char *capread_error(const capread *c)
{
    return c->err;
}

const char *capread_format(const capread *c)
{
    return c->format;
}
