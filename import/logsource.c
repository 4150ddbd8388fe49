/* logsource.c - plain, gzip and tar (diagnostic bundle) inputs, and
 * directories; see logsource.h.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "logsource.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "capread.h"

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

/* Wraps under (taking it) and reads up to sizeof buf bytes ahead. A read
 * error while looking ahead is kept and reported by the first read after
 * the good bytes. */
typedef struct peek_fail {
    rd base;
} peek_fail;

static ssize_t fail_read(rd *r, void *buf, size_t n)
{
    (void)buf;
    (void)n;
    (void)r;
    return -1;
}

static peek_rd *peek_open(rd *under)
{
    peek_rd *p = g_new0(peek_rd, 1);
    p->base.read = peek_read;
    p->base.close = peek_close;
    p->under = under;
    size_t got = 0;
    while (got < sizeof p->buf) {
        ssize_t k = under->read(under, p->buf + got, sizeof p->buf - got);
        if (k < 0) {
            /* Keep the good bytes; the error comes after them. */
            memcpy(p->base.err, under->err, sizeof p->base.err);
            under->read = fail_read;
            break;
        }
        if (k == 0)
            break;
        got += (size_t)k;
    }
    p->len = got;
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

#ifdef __EMSCRIPTEN__
/* The browser page's siphop-import (WebAssembly, built without threads):
 * the gzip stream is inflated inline, as it is read. */
static rd *thread_open(rd *under)
{
    return under;
}
#else
/* Decompression on its own thread. Inflating a log costs about as much as
 * parsing it, so on a machine with two cores the two overlap: a gzip log
 * converts in little more than the time of the slower of the two. A ring
 * of RING_SLOTS buffers between the threads bounds the memory. */
#define RING_SLOTS 4
#define SLOT_BYTES (256 * 1024)

typedef struct slot {
    unsigned char *buf;
    size_t len;
    bool end;           /* the stream ends after these bytes */
    bool failed;        /* ... with this error */
    char err[256];
} slot;

typedef struct thread_rd {
    rd base;
    rd *under;          /* used by the thread only, once started */
    GThread *thread;
    GMutex lock;
    GCond cond;
    slot ring[RING_SLOTS];
    unsigned head, count;   /* the consumer's slot; slots filled */
    size_t pos;             /* bytes of the head slot handed out */
    bool stop;
} thread_rd;

static gpointer producer(gpointer data)
{
    thread_rd *t = data;
    unsigned tail = 0;
    for (;;) {
        g_mutex_lock(&t->lock);
        while (t->count == RING_SLOTS && !t->stop)
            g_cond_wait(&t->cond, &t->lock);
        bool stop = t->stop;
        g_mutex_unlock(&t->lock);
        if (stop)
            return NULL;
        slot *sl = &t->ring[tail];
        /* Fill the slot; the bytes before an error are good and go first. */
        sl->len = 0;
        sl->failed = sl->end = false;
        while (sl->len < SLOT_BYTES && !sl->end) {
            ssize_t k = t->under->read(t->under, sl->buf + sl->len, SLOT_BYTES - sl->len);
            if (k < 0) {
                sl->failed = sl->end = true;
                memcpy(sl->err, t->under->err, sizeof sl->err);
            } else if (k == 0) {
                sl->end = true;
            } else {
                sl->len += (size_t)k;
            }
        }
        g_mutex_lock(&t->lock);
        t->count++;
        g_cond_broadcast(&t->cond);
        g_mutex_unlock(&t->lock);
        if (sl->end)
            return NULL;
        tail = (tail + 1) % RING_SLOTS;
    }
}

static ssize_t thread_read(rd *r, void *buf, size_t n)
{
    thread_rd *t = (thread_rd *)r;
    for (;;) {
        g_mutex_lock(&t->lock);
        while (t->count == 0)
            g_cond_wait(&t->cond, &t->lock);
        g_mutex_unlock(&t->lock);
        slot *sl = &t->ring[t->head];
        if (t->pos < sl->len) {
            size_t k = MIN(n, sl->len - t->pos);
            memcpy(buf, sl->buf + t->pos, k);
            t->pos += k;
            return (ssize_t)k;
        }
        if (sl->end) {
            if (sl->failed)
                memcpy(r->err, sl->err, sizeof r->err);
            return sl->failed ? -1 : 0;
        }
        g_mutex_lock(&t->lock);   /* slot used up: hand it back */
        t->head = (t->head + 1) % RING_SLOTS;
        t->pos = 0;
        t->count--;
        g_cond_broadcast(&t->cond);
        g_mutex_unlock(&t->lock);
    }
}

static void thread_close(rd *r)
{
    thread_rd *t = (thread_rd *)r;
    g_mutex_lock(&t->lock);
    t->stop = true;
    g_cond_broadcast(&t->cond);
    g_mutex_unlock(&t->lock);
    g_thread_join(t->thread);
    rd_close(t->under);
    for (unsigned i = 0; i < RING_SLOTS; i++)
        g_free(t->ring[i].buf);
    g_mutex_clear(&t->lock);
    g_cond_clear(&t->cond);
    g_free(t);
}

/* under (taken) read ahead on a thread of its own. */
static rd *thread_open(rd *under)
{
    thread_rd *t = g_new0(thread_rd, 1);
    t->base.read = thread_read;
    t->base.close = thread_close;
    t->under = under;
    for (unsigned i = 0; i < RING_SLOTS; i++)
        t->ring[i].buf = g_malloc(SLOT_BYTES);
    g_mutex_init(&t->lock);
    g_cond_init(&t->cond);
    t->thread = g_thread_new("inflate", producer, t);
    return &t->base;
}
#endif

/* One tar member's bytes, read from the bundle stream it does not own.
 * *broken is set when the bundle itself fails or ends inside the member. */
typedef struct member_rd {
    rd base;
    rd *under;
    uint64_t left;
    bool *broken;
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
        *m->broken = true;
        return -1;
    }
    if (k == 0) {
        snprintf(r->err, sizeof r->err, "the bundle ends inside this member (truncated tar)");
        *m->broken = true;
        return -1;
    }
    m->left -= (uint64_t)k;
    return k;
}

static void member_close(rd *r)
{
    g_free(r);
}

/* ------------------------------------------------------------------------
 * Sniffing
 * ------------------------------------------------------------------------ */

#define TAR_BLOCK 512

static uint64_t tar_number(const unsigned char *f, size_t n);

static bool tar_header_ok(const unsigned char *b)
{
    unsigned sum = 0;
    for (size_t i = 0; i < TAR_BLOCK; i++)
        sum += (i >= 148 && i < 156) ? ' ' : b[i];
    return memcmp(b + 257, "ustar", 5) == 0 && sum == (unsigned)tar_number(b + 148, 8);
}

static bool is_gzip(const peek_rd *p)
{
    return p->len >= 2 && p->buf[0] == 0x1f && p->buf[1] == 0x8b;
}

static src_kind sniff(const peek_rd *p, bool tar_allowed)
{
    if (p->len == 0)
        return KIND_EMPTY;
    if (capread_magic(p->buf, p->len))
        return KIND_CAPTURE;
    if (p->len >= TAR_BLOCK && tar_header_ok(p->buf))
        return tar_allowed ? KIND_TAR : KIND_BINARY;
    return memchr(p->buf, '\0', p->len) ? KIND_BINARY : KIND_TEXT;
}

/* under (taken) -> [gzip]: looked ahead and sniffed. NULL only when zlib
 * cannot start. */
static peek_rd *decompressed(rd *under, bool tar_allowed, src_kind *kind, bool threaded)
{
    peek_rd *p = peek_open(under);
    if (is_gzip(p)) {
        rd *g = gz_open(&p->base);
        if (!g)
            return NULL;
        p = peek_open(threaded ? thread_open(g) : g);
    }
    *kind = sniff(p, tar_allowed);
    return p;
}

/* ------------------------------------------------------------------------
 * Whole files
 * ------------------------------------------------------------------------ */

struct bytesrc {
    rd *top;
    char err[256];
};

bytesrc *bytesrc_open(const char *path, src_kind *kind, char *err, size_t errlen)
{
    rd *f = file_open(path, err, errlen);
    if (!f)
        return NULL;
    /* A whole file's gzip stream (a log, a bundle) is inflated on its own
     * thread; the gzip members inside a bundle are not (one at a time, and
     * the bundle's own stream already runs ahead). */
    peek_rd *p = decompressed(f, true, kind, true);
    if (!p) {
        snprintf(err, errlen, "%s: zlib cannot start", path);
        return NULL;
    }
    bytesrc *s = g_new0(bytesrc, 1);
    s->top = &p->base;
    return s;
}

ssize_t bytesrc_read(bytesrc *s, void *buf, size_t n)
{
    ssize_t k = s->top->read(s->top, buf, n);
    if (k < 0)
        memcpy(s->err, s->top->err, sizeof s->err);
    return k;
}

const char *bytesrc_error(const bytesrc *s)
{
    return s->err[0] ? s->err : "read error";
}

void bytesrc_close(bytesrc *s)
{
    if (!s)
        return;
    rd_close(s->top);
    g_free(s);
}

/* ------------------------------------------------------------------------
 * tar
 * ------------------------------------------------------------------------ */

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
                snprintf(r->err, sizeof r->err, "the bundle ends early (truncated tar)");
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
    ssize_t k = rd_read_full(r, buf, take);
    if (k != (ssize_t)take) {
        if (k >= 0)
            snprintf(r->err, sizeof r->err, "the bundle ends early (truncated tar)");
        return false;
    }
    buf[take] = '\0';
    return skip_bytes(r, size - take + tar_pad(size));
}

typedef struct tar_entry {
    char name[1024];
    char type;
    uint64_t size;
} tar_entry;

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
            snprintf(r->err, sizeof r->err, "the bundle ends inside a tar header (truncated tar)");
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

struct tarwalk {
    bytesrc *bundle;
    tar_entry e;
    member_rd *member;       /* the current member's bottom layer */
    bytesrc cur;             /* its top layer, as handed out */
    uint64_t pad;            /* tar padding after the current member */
    bool broken;             /* the bundle failed inside a member */
    size_t skipped;
    char err[256];
};

tarwalk *tarwalk_new(bytesrc *bundle)
{
    tarwalk *t = g_new0(tarwalk, 1);
    t->bundle = bundle;
    return t;
}

/* Close the current member's layers and move the bundle past its data. */
static bool finish_member(tarwalk *t)
{
    if (!t->member)
        return true;
    uint64_t left = t->member->left;
    /* The layers above the member own it (peek -> [gzip -> peek]). */
    rd_close(t->cur.top);
    t->member = NULL;
    t->cur.top = NULL;
    if (t->broken)
        return false;
    if (!skip_bytes(t->bundle->top, left + t->pad)) {
        snprintf(t->err, sizeof t->err, "%s", t->bundle->top->err);
        return false;
    }
    return true;
}

int tarwalk_next(tarwalk *t, const char **name, bytesrc **member, src_kind *kind)
{
    rd *raw = t->bundle->top;
    if (!finish_member(t))
        return -1;
    for (;;) {
        int ret = tar_next(raw, &t->e);
        if (ret <= 0) {
            if (ret < 0)
                snprintf(t->err, sizeof t->err, "%s", raw->err[0] ? raw->err : "read error");
            return ret;
        }
        if (!tar_regular(t->e.type) || t->e.size == 0) {
            t->skipped++;
            if (!skip_bytes(raw, t->e.size + tar_pad(t->e.size))) {
                snprintf(t->err, sizeof t->err, "%s", raw->err);
                return -1;
            }
            continue;
        }
        member_rd *m = g_new0(member_rd, 1);
        m->base.read = member_read;
        m->base.close = member_close;
        m->under = raw;
        m->left = t->e.size;
        m->broken = &t->broken;
        t->member = m;
        t->pad = tar_pad(t->e.size);
        peek_rd *p = decompressed(&m->base, false, kind, false);
        if (!p) {
            snprintf(t->err, sizeof t->err, "zlib cannot start");
            return -1;
        }
        t->cur.top = &p->base;
        t->cur.err[0] = '\0';
        *name = t->e.name;
        *member = &t->cur;
        return 1;
    }
}

const char *tarwalk_error(const tarwalk *t)
{
    return t->broken ? "" : t->err;
}

size_t tarwalk_skipped(const tarwalk *t)
{
    return t->skipped;
}

void tarwalk_free(tarwalk *t)
{
    if (!t)
        return;
    if (t->cur.top)
        rd_close(t->cur.top);
    bytesrc_close(t->bundle);
    g_free(t);
}

/* ------------------------------------------------------------------------
 * Directories
 * ------------------------------------------------------------------------ */

static int path_cmp(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool walk(const char *dir, GPtrArray *paths, size_t *skipped, int depth, char *err, size_t errlen)
{
    if (depth > 64) {
        snprintf(err, errlen, "%s: directories nested too deep", dir);
        return false;
    }
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        return false;
    }
    GPtrArray *subdirs = g_ptr_array_new_with_free_func(g_free);
    struct dirent *de;
    bool ok = true;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        char *p = g_build_filename(dir, de->d_name, NULL);
        struct stat st;
        if (lstat(p, &st) != 0) {
            snprintf(err, errlen, "%s: %s", p, strerror(errno));
            g_free(p);
            ok = false;
            break;
        }
        if (S_ISREG(st.st_mode)) {
            g_ptr_array_add(paths, p);
        } else if (S_ISDIR(st.st_mode)) {
            g_ptr_array_add(subdirs, p);
        } else {
            (*skipped)++;
            g_free(p);
        }
    }
    closedir(d);   /* before descending: one directory open at a time */
    for (guint i = 0; ok && i < subdirs->len; i++)
        ok = walk(subdirs->pdata[i], paths, skipped, depth + 1, err, errlen);
    g_ptr_array_free(subdirs, TRUE);
    return ok;
}

bool dir_list(const char *dir, GPtrArray *paths, size_t *skipped, char *err, size_t errlen)
{
    guint first = paths->len;
    if (!walk(dir, paths, skipped, 0, err, errlen))
        return false;
    /* Sort this directory's files by their whole path. */
    GPtrArray *mine = g_ptr_array_new();
    for (guint i = first; i < paths->len; i++)
        g_ptr_array_add(mine, paths->pdata[i]);
    g_ptr_array_sort(mine, path_cmp);
    for (guint i = 0; i < mine->len; i++)
        paths->pdata[first + i] = mine->pdata[i];
    g_ptr_array_free(mine, TRUE);
    return true;
}
