/* logsource.c - plain, gzip and tar (diagnostic bundle) log inputs.
 *
 * Readers are stacked: file -> [gzip] -> [tar member -> [gzip]]. Each layer
 * reads from the one below with a fixed buffer, so memory does not depend on
 * file sizes. The tar reader is ours (ustar, GNU long names, pax "path"):
 * bundles are simple and libarchive would be one more dependency.
 */
#include "logsource.h"

#include <errno.h>
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

/* ------------------------------------------------------------------------
 * Reader layers
 * ------------------------------------------------------------------------ */

typedef struct rd rd;
struct rd {
    ssize_t (*read)(rd *r, void *buf, size_t n);
    void (*close)(rd *r);
    char err[256];
};

static void rd_close(rd *r)
{
    if (r)
        r->close(r);
}

/* Read exactly n bytes unless the input ends: returns what was read, or -1. */
static ssize_t rd_read_full(rd *r, void *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t k = r->read(r, (char *)buf + got, n - got);
        if (k < 0)
            return -1;
        if (k == 0)
            break;
        got += (size_t)k;
    }
    return (ssize_t)got;
}

/* A file, or stdin for "-". */
typedef struct file_rd {
    rd base;
    FILE *fp;
} file_rd;

static ssize_t file_read(rd *r, void *buf, size_t n)
{
    file_rd *f = (file_rd *)r;
    size_t k = fread(buf, 1, n, f->fp);
    if (k == 0 && ferror(f->fp)) {
        snprintf(r->err, sizeof r->err, "read error: %s", strerror(errno));
        return -1;
    }
    return (ssize_t)k;
}

static void file_close(rd *r)
{
    file_rd *f = (file_rd *)r;
    if (f->fp && f->fp != stdin)
        fclose(f->fp);
    g_free(f);
}

static rd *file_open(const char *path, char *err, size_t errlen)
{
    FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!fp) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    file_rd *f = g_new0(file_rd, 1);
    f->base.read = file_read;
    f->base.close = file_close;
    f->fp = fp;
    return &f->base;
}

/* Look ahead: the first bytes are kept and handed out again. */
typedef struct peek_rd {
    rd base;
    rd *under;
    unsigned char buf[4096];
    size_t pos, len;
} peek_rd;

static ssize_t peek_read(rd *r, void *buf, size_t n)
{
    peek_rd *p = (peek_rd *)r;
    if (p->pos < p->len) {
        size_t k = p->len - p->pos < n ? p->len - p->pos : n;
        memcpy(buf, p->buf + p->pos, k);
        p->pos += k;
        return (ssize_t)k;
    }
    ssize_t k = p->under->read(p->under, buf, n);
    if (k < 0)
        memcpy(r->err, p->under->err, sizeof r->err);
    return k;
}

static void peek_close(rd *r)
{
    peek_rd *p = (peek_rd *)r;
    rd_close(p->under);
    g_free(p);
}

/* Wraps under (taking it) and reads up to sizeof buf bytes ahead. */
static peek_rd *peek_open(rd *under)
{
    peek_rd *p = g_new0(peek_rd, 1);
    p->base.read = peek_read;
    p->base.close = peek_close;
    p->under = under;
    ssize_t k = rd_read_full(under, p->buf, sizeof p->buf);
    if (k < 0) {
        memcpy(p->base.err, under->err, sizeof p->base.err);
        p->len = 0;
        peek_close(&p->base);
        return NULL;
    }
    p->len = (size_t)k;
    return p;
}

/* gzip, also several members one after another (as gzip itself allows). */
typedef struct gz_rd {
    rd base;
    rd *under;
    z_stream z;
    bool in_eof;
    bool member_end;
    unsigned char in[64 * 1024];
} gz_rd;

static ssize_t gz_read(rd *r, void *buf, size_t n)
{
    gz_rd *g = (gz_rd *)r;

    if (n == 0)
        return 0;
    g->z.next_out = buf;
    g->z.avail_out = (uInt)(n > 0x40000000u ? 0x40000000u : n);
    size_t want = g->z.avail_out;
    while (g->z.avail_out == want) {
        if (g->z.avail_in == 0 && !g->in_eof) {
            ssize_t k = g->under->read(g->under, g->in, sizeof g->in);
            if (k < 0) {
                memcpy(r->err, g->under->err, sizeof r->err);
                return -1;
            }
            if (k == 0)
                g->in_eof = true;
            g->z.next_in = g->in;
            g->z.avail_in = (uInt)k;
        }
        if (g->member_end) {
            /* Another gzip member follows, or we are done (trailing zeros
             * that some tools append are ignored, as gzip does). */
            if (g->z.avail_in == 0 && g->in_eof)
                return 0;
            if (g->z.avail_in == 0)
                continue;
            if (g->z.next_in[0] != 0x1f)
                return 0;
            inflateReset(&g->z);
            g->member_end = false;
        }
        int ret = inflate(&g->z, Z_NO_FLUSH);
        if (ret == Z_STREAM_END) {
            g->member_end = true;
        } else if (ret == Z_BUF_ERROR) {
            if (g->z.avail_in == 0 && g->in_eof) {
                snprintf(r->err, sizeof r->err, "compressed data ends early (truncated gzip file)");
                return -1;
            }
        } else if (ret != Z_OK) {
            snprintf(r->err, sizeof r->err, "gzip data error: %s", g->z.msg ? g->z.msg : "corrupt data");
            return -1;
        }
    }
    return (ssize_t)(want - g->z.avail_out);
}

static void gz_close(rd *r)
{
    gz_rd *g = (gz_rd *)r;
    inflateEnd(&g->z);
    rd_close(g->under);
    g_free(g);
}

static rd *gz_open(rd *under)
{
    gz_rd *g = g_new0(gz_rd, 1);
    g->base.read = gz_read;
    g->base.close = gz_close;
    g->under = under;
    if (inflateInit2(&g->z, 16 + MAX_WBITS) != Z_OK) {   /* 16: gzip header */
        rd_close(under);
        g_free(g);
        return NULL;
    }
    return &g->base;
}

/* One tar member's bytes. owns: close the layer below too. */
typedef struct member_rd {
    rd base;
    rd *under;
    uint64_t left;
    bool owns;
} member_rd;

static ssize_t member_read(rd *r, void *buf, size_t n)
{
    member_rd *m = (member_rd *)r;
    if (m->left == 0)
        return 0;
    if (n > m->left)
        n = (size_t)m->left;
    ssize_t k = m->under->read(m->under, buf, n);
    if (k < 0) {
        memcpy(r->err, m->under->err, sizeof r->err);
        return -1;
    }
    if (k == 0) {
        snprintf(r->err, sizeof r->err, "bundle ends inside a member (truncated tar)");
        return -1;
    }
    m->left -= (uint64_t)k;
    return k;
}

/* A member that does not own the bundle stream is only looked at (while
 * listing the bundle); its owner frees it after reading m->left. */
static void member_close(rd *r)
{
    member_rd *m = (member_rd *)r;
    if (m->owns) {
        rd_close(m->under);
        g_free(m);
    }
}

static member_rd *member_open(rd *under, uint64_t size, bool owns)
{
    member_rd *m = g_new0(member_rd, 1);
    m->base.read = member_read;
    m->base.close = member_close;
    m->under = under;
    m->left = size;
    m->owns = owns;
    return m;
}

/* ------------------------------------------------------------------------
 * tar
 * ------------------------------------------------------------------------ */

#define TAR_BLOCK 512

typedef struct tar_entry {
    char name[1024];
    char type;
    uint64_t size;
} tar_entry;

static uint64_t tar_number(const unsigned char *f, size_t n)
{
    uint64_t v = 0;
    if (f[0] & 0x80) {   /* GNU base-256 for sizes >= 8 GiB */
        for (size_t i = 1; i < n; i++)
            v = (v << 8) | f[i];
        return v;
    }
    for (size_t i = 0; i < n && f[i]; i++) {
        if (f[i] >= '0' && f[i] <= '7')
            v = (v << 3) | (uint64_t)(f[i] - '0');
        else if (f[i] != ' ')
            break;
    }
    return v;
}

static bool tar_header_ok(const unsigned char *b)
{
    unsigned sum = 0;
    for (size_t i = 0; i < TAR_BLOCK; i++)
        sum += (i >= 148 && i < 156) ? ' ' : b[i];
    return memcmp(b + 257, "ustar", 5) == 0 && sum == (unsigned)tar_number(b + 148, 8);
}

static uint64_t tar_pad(uint64_t size)
{
    return (TAR_BLOCK - size % TAR_BLOCK) % TAR_BLOCK;
}

static bool skip_bytes(rd *r, uint64_t n)
{
    unsigned char buf[8192];
    while (n > 0) {
        ssize_t k = r->read(r, buf, n < sizeof buf ? (size_t)n : sizeof buf);
        if (k <= 0) {
            if (k == 0)
                snprintf(r->err, sizeof r->err, "bundle ends early (truncated tar)");
            return false;
        }
        n -= (uint64_t)k;
    }
    return true;
}

/* Read the data of a meta entry (GNU long name, pax header) into buf. */
static bool tar_meta(rd *r, uint64_t size, char *buf, size_t cap)
{
    size_t take = size < cap - 1 ? (size_t)size : cap - 1;
    if (rd_read_full(r, buf, take) != (ssize_t)take)
        return false;
    buf[take] = '\0';
    return skip_bytes(r, size - take + tar_pad(size));
}

/* Next entry: 1, 0 at the end, -1 on error (r->err). The caller reads or
 * skips size + tar_pad(size) bytes before calling again. */
static int tar_next(rd *r, tar_entry *e)
{
    unsigned char b[TAR_BLOCK];
    char longname[1024] = "";

    for (;;) {
        ssize_t k = rd_read_full(r, b, TAR_BLOCK);
        if (k < 0)
            return -1;
        if (k == 0)
            return 0;
        if (k < TAR_BLOCK) {
            snprintf(r->err, sizeof r->err, "bundle ends inside a tar header");
            return -1;
        }
        bool zero = true;
        for (size_t i = 0; i < TAR_BLOCK && zero; i++)
            zero = b[i] == 0;
        if (zero)
            return 0;
        if (!tar_header_ok(b)) {
            snprintf(r->err, sizeof r->err, "not a tar header (corrupt bundle)");
            return -1;
        }
        e->type = (char)b[156];
        e->size = tar_number(b + 124, 12);
        if (e->type == 'L') {
            if (!tar_meta(r, e->size, longname, sizeof longname))
                return -1;
            continue;
        }
        if (e->type == 'x' || e->type == 'g') {
            char pax[4096];
            if (!tar_meta(r, e->size, pax, sizeof pax))
                return -1;
            const char *path = e->type == 'x' ? strstr(pax, " path=") : NULL;
            if (path) {
                path += 6;
                const char *nl = strchr(path, '\n');
                size_t n = nl ? (size_t)(nl - path) : strlen(path);
                if (n >= sizeof longname)
                    n = sizeof longname - 1;
                memcpy(longname, path, n);
                longname[n] = '\0';
            }
            continue;
        }
        if (longname[0]) {
            g_strlcpy(e->name, longname, sizeof e->name);
        } else {
            char name[101], prefix[156];
            memcpy(name, b, 100);
            name[100] = '\0';
            memcpy(prefix, b + 345, 155);
            prefix[155] = '\0';
            if (prefix[0])
                snprintf(e->name, sizeof e->name, "%s/%s", prefix, name);
            else
                g_strlcpy(e->name, name, sizeof e->name);
        }
        return 1;
    }
}

static bool tar_regular(char type)
{
    return type == '0' || type == '\0' || type == '7';
}

/* ------------------------------------------------------------------------
 * Sniffing
 * ------------------------------------------------------------------------ */

static bool is_gzip(const peek_rd *p)
{
    return p->len >= 2 && p->buf[0] == 0x1f && p->buf[1] == 0x8b;
}

static bool is_tar(const peek_rd *p)
{
    return p->len >= TAR_BLOCK && tar_header_ok(p->buf);
}

/* Log text, not a capture or other binary member. */
static bool looks_like_text(const peek_rd *p)
{
    static const unsigned char magics[][4] = {
        { 0xd4, 0xc3, 0xb2, 0xa1 }, { 0xa1, 0xb2, 0xc3, 0xd4 },   /* pcap */
        { 0x4d, 0x3c, 0xb2, 0xa1 }, { 0xa1, 0xb2, 0x3c, 0x4d },   /* pcap ns */
        { 0x0a, 0x0d, 0x0d, 0x0a },                               /* pcapng */
    };
    if (p->len == 0)
        return false;
    for (size_t i = 0; i < G_N_ELEMENTS(magics); i++)
        if (p->len >= 4 && memcmp(p->buf, magics[i], 4) == 0)
            return false;
    return memchr(p->buf, '\0', p->len) == NULL;
}

/* file -> [gzip]: the raw byte stream of a path, looked ahead. */
static peek_rd *open_decompressed(const char *path, char *err, size_t errlen)
{
    rd *f = file_open(path, err, errlen);
    if (!f)
        return NULL;
    peek_rd *p = peek_open(f);
    if (!p) {
        snprintf(err, errlen, "%s: read error", path);
        return NULL;
    }
    if (!is_gzip(p))
        return p;
    rd *g = gz_open(&p->base);
    if (!g) {
        snprintf(err, errlen, "%s: zlib init failed", path);
        return NULL;
    }
    peek_rd *q = peek_open(g);
    if (!q) {
        snprintf(err, errlen, "%s: not readable as gzip", path);
        return NULL;
    }
    return q;
}

/* ------------------------------------------------------------------------
 * Sources
 * ------------------------------------------------------------------------ */

struct logsrc {
    rd *top;
    char err[256];
};

static logsrc *src_wrap(rd *top)
{
    logsrc *s = g_new0(logsrc, 1);
    s->top = top;
    return s;
}

ssize_t logsrc_read(logsrc *s, void *buf, size_t n)
{
    ssize_t k = s->top->read(s->top, buf, n);
    if (k < 0)
        memcpy(s->err, s->top->err, sizeof s->err);
    return k;
}

const char *logsrc_error(const logsrc *s)
{
    return s->err[0] ? s->err : "read error";
}

void logsrc_close(logsrc *s)
{
    if (!s)
        return;
    rd_close(s->top);
    g_free(s);
}

static void list_add(logsrc_list *l, char *display, char *name, const char *path, long member, logsrc *opened)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->v = g_renew(logsrc_info, l->v, l->cap);
    }
    logsrc_info *i = &l->v[l->n++];
    i->display = display;
    i->name = name;
    i->path = g_strdup(path);
    i->member = member;
    i->opened = opened;
}

/* The text members of a bundle. */
static bool expand_bundle(const char *path, logsrc_list *list, char *err, size_t errlen)
{
    peek_rd *raw = open_decompressed(path, err, errlen);
    tar_entry e;
    long index = -1;
    size_t first = list->n;
    char *base = g_path_get_basename(path);
    int ret;

    if (!raw) {
        g_free(base);
        return false;
    }
    while ((ret = tar_next(&raw->base, &e)) == 1) {
        index++;
        if (!tar_regular(e.type) || e.size == 0) {
            if (!skip_bytes(&raw->base, e.size + tar_pad(e.size))) {
                ret = -1;
                break;
            }
            continue;
        }
        /* Look at the member's first bytes (through gzip if it is one). */
        member_rd *m = member_open(&raw->base, e.size, false);
        peek_rd *p = peek_open(&m->base);
        bool text = false;
        if (p && is_gzip(p)) {
            rd *g = gz_open(&p->base);
            peek_rd *q = g ? peek_open(g) : NULL;
            text = q && looks_like_text(q);
            rd_close(q ? &q->base : NULL);   /* on failure already closed */
        } else if (p) {
            text = looks_like_text(p);
            rd_close(&p->base);
        }
        uint64_t left = m->left;
        g_free(m);
        if (!skip_bytes(&raw->base, left + tar_pad(e.size))) {
            ret = -1;
            break;
        }
        if (text) {
            char *mbase = g_path_get_basename(e.name);
            list_add(list, g_strdup_printf("%s/%s", base, e.name), mbase, path, index, NULL);
        } else {
            list->ignored_members++;
        }
    }
    if (ret != 0) {
        snprintf(err, errlen, "%s: %s", path, raw->base.err[0] ? raw->base.err : "corrupt bundle");
        rd_close(&raw->base);
        while (list->n > first) {   /* nothing is added on error */
            list->n--;
            g_free(list->v[list->n].display);
            g_free(list->v[list->n].name);
            g_free(list->v[list->n].path);
        }
        g_free(base);
        return false;
    }
    rd_close(&raw->base);
    g_free(base);
    return true;
}

bool logsrc_expand(const char *path, logsrc_list *list, char *err, size_t errlen)
{
    peek_rd *p = open_decompressed(path, err, errlen);
    if (!p)
        return false;
    if (is_tar(p)) {
        rd_close(&p->base);
        if (strcmp(path, "-") == 0) {
            snprintf(err, errlen, "a bundle must be a file, not standard input");
            return false;
        }
        return expand_bundle(path, list, err, errlen);
    }
    char *base = strcmp(path, "-") == 0 ? g_strdup("stdin") : g_path_get_basename(path);
    list_add(list, g_strdup(base), base, path, -1, src_wrap(&p->base));
    return true;
}

logsrc *logsrc_open(logsrc_info *info, char *err, size_t errlen)
{
    if (info->member < 0) {
        logsrc *s = info->opened;
        if (s) {
            info->opened = NULL;
            return s;
        }
        peek_rd *p = open_decompressed(info->path, err, errlen);
        return p ? src_wrap(&p->base) : NULL;
    }

    /* A bundle member: read the bundle up to it. */
    peek_rd *raw = open_decompressed(info->path, err, errlen);
    tar_entry e;
    long index = -1;
    if (!raw)
        return NULL;
    while (tar_next(&raw->base, &e) == 1) {
        if (++index == info->member) {
            member_rd *m = member_open(&raw->base, e.size, true);
            peek_rd *p = peek_open(&m->base);
            if (!p) {
                snprintf(err, errlen, "%s: cannot read member", info->display);
                return NULL;
            }
            if (!is_gzip(p))
                return src_wrap(&p->base);
            rd *g = gz_open(&p->base);
            peek_rd *q = g ? peek_open(g) : NULL;
            if (!q) {
                snprintf(err, errlen, "%s: not readable as gzip", info->display);
                return NULL;
            }
            return src_wrap(&q->base);
        }
        if (!skip_bytes(&raw->base, e.size + tar_pad(e.size)))
            break;
    }
    snprintf(err, errlen, "%s: member not found when reading the bundle again", info->display);
    rd_close(&raw->base);
    return NULL;
}

void logsrc_list_free(logsrc_list *list)
{
    for (size_t i = 0; i < list->n; i++) {
        g_free(list->v[i].display);
        g_free(list->v[i].name);
        g_free(list->v[i].path);
        logsrc_close(list->v[i].opened);
    }
    g_free(list->v);
    memset(list, 0, sizeof *list);
}
