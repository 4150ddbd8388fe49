/* glib_shim.c - the GLib stand-in of the WebAssembly build (see glib.h for
 * why it exists). Plain C11 on the C library only; single-threaded.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "glib.h"

#include <stdbool.h>
#include <time.h>

static void oom(gsize n)
{
    fprintf(stderr, "siphop: out of memory (%zu bytes)\n", (size_t)n);
    abort();
}

gpointer g_malloc(gsize n)
{
    void *p;
    if (n == 0)
        return NULL;
    p = malloc(n);
    if (!p)
        oom(n);
    return p;
}

gpointer g_malloc0(gsize n)
{
    void *p;
    if (n == 0)
        return NULL;
    p = calloc(1, n);
    if (!p)
        oom(n);
    return p;
}

gpointer g_malloc_n(gsize n, gsize size)
{
    if (size && n > SIZE_MAX / size)
        oom(SIZE_MAX);
    return g_malloc(n * size);
}

gpointer g_malloc0_n(gsize n, gsize size)
{
    if (size && n > SIZE_MAX / size)
        oom(SIZE_MAX);
    return g_malloc0(n * size);
}

gpointer g_realloc(gpointer p, gsize n)
{
    void *q;
    if (n == 0) {
        free(p);
        return NULL;
    }
    q = realloc(p, n);
    if (!q)
        oom(n);
    return q;
}

void g_free(gpointer p)
{
    free(p);
}

gchar *g_strndup(const gchar *s, gsize n)
{
    gchar *d;
    if (!s)
        return NULL;
    d = g_malloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

gchar *g_strdup(const gchar *s)
{
    return s ? g_strndup(s, strlen(s)) : NULL;
}

gsize g_strlcpy(gchar *dest, const gchar *src, gsize size)
{
    gsize n = strlen(src);
    if (size) {
        gsize c = n < size - 1 ? n : size - 1;
        memcpy(dest, src, c);
        dest[c] = '\0';
    }
    return n;
}

gint g_vsnprintf(gchar *buf, unsigned long size, const gchar *fmt, va_list ap)
{
    return vsnprintf(buf, size, fmt, ap);
}

gint g_snprintf(gchar *buf, unsigned long size, const gchar *fmt, ...)
{
    va_list ap;
    gint n;
    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

gint g_ascii_strncasecmp(const gchar *a, const gchar *b, gsize n)
{
    while (n--) {
        gint ca = (guchar)g_ascii_tolower(*a++), cb = (guchar)g_ascii_tolower(*b++);
        if (ca != cb || ca == 0)
            return ca - cb;
    }
    return 0;
}

gint g_ascii_strcasecmp(const gchar *a, const gchar *b)
{
    return g_ascii_strncasecmp(a, b, SIZE_MAX);
}

gchar *g_ascii_strdown(const gchar *s, gssize len)
{
    gchar *d = g_strndup(s, len < 0 ? strlen(s) : (gsize)len);
    for (gchar *p = d; *p; p++)
        *p = g_ascii_tolower(*p);
    return d;
}

/* Length of the valid UTF-8 sequence at p (n bytes left), 0 if invalid.
 * Like GLib: no overlongs, no surrogates, nothing above U+10FFFF, no NUL. */
static gsize utf8_seq(const guchar *p, gsize n)
{
    guint32 c;
    gsize k;
    if (p[0] == 0)
        return 0;
    if (p[0] < 0x80)
        return 1;
    if (p[0] >= 0xC2 && p[0] <= 0xDF)
        k = 2, c = p[0] & 0x1F;
    else if (p[0] >= 0xE0 && p[0] <= 0xEF)
        k = 3, c = p[0] & 0x0F;
    else if (p[0] >= 0xF0 && p[0] <= 0xF4)
        k = 4, c = p[0] & 0x07;
    else
        return 0;
    if (n < k)
        return 0;
    for (gsize i = 1; i < k; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (p[i] & 0x3F);
    }
    if ((k == 3 && c < 0x800) || (k == 4 && (c < 0x10000 || c > 0x10FFFF)) || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    return k;
}

gboolean g_utf8_validate(const gchar *s, gssize len, const gchar **end)
{
    const guchar *p = (const guchar *)s;
    gsize n = len < 0 ? strlen(s) : (gsize)len, i = 0;
    while (i < n) {
        gsize k = utf8_seq(p + i, n - i);
        if (!k)
            break;
        i += k;
    }
    if (end)
        *end = s + i;
    return i == n;
}

gchar *g_utf8_make_valid(const gchar *s, gssize len)
{
    const guchar *p = (const guchar *)s;
    gsize n = len < 0 ? strlen(s) : (gsize)len, i = 0;
    GString *out = g_string_sized_new(n + 1);
    while (i < n) {
        gsize k = utf8_seq(p + i, n - i);
        if (k) {
            g_string_append_len(out, s + i, (gssize)k);
            i += k;
        } else {
            g_string_append_len(out, "\xEF\xBF\xBD", 3);   /* U+FFFD per bad byte */
            i++;
        }
    }
    return g_string_free(out, FALSE);
}

/* GString */
static void gs_reserve(GString *s, gsize extra)
{
    gsize need = s->len + extra + 1;
    if (need <= s->allocated_len)
        return;
    gsize a = s->allocated_len ? s->allocated_len : 16;
    while (a < need)
        a *= 2;
    s->str = g_realloc(s->str, a);
    s->allocated_len = a;
}

GString *g_string_sized_new(gsize size)
{
    GString *s = g_new0(GString, 1);
    gs_reserve(s, size);
    s->str[0] = '\0';
    return s;
}

GString *g_string_new(const gchar *init)
{
    GString *s = g_string_sized_new(init ? strlen(init) : 0);
    if (init)
        g_string_append(s, init);
    return s;
}

gchar *g_string_free(GString *s, gboolean free_segment)
{
    gchar *str = s->str;
    g_free(s);
    if (free_segment) {
        g_free(str);
        return NULL;
    }
    return str;
}

GString *g_string_append_len(GString *s, const gchar *v, gssize len)
{
    gsize n = len < 0 ? strlen(v) : (gsize)len;
    gs_reserve(s, n);
    memcpy(s->str + s->len, v, n);
    s->len += n;
    s->str[s->len] = '\0';
    return s;
}

GString *g_string_append(GString *s, const gchar *v)
{
    return g_string_append_len(s, v, -1);
}

GString *g_string_append_c(GString *s, gchar c)
{
    return g_string_append_len(s, &c, 1);
}

/* Formats into the free space first; when that is too small, grows the
 * string and formats again. */
static void gs_append_vprintf(GString *s, const gchar *fmt, va_list ap)
{
    va_list again;
    gsize room;
    int n;

    gs_reserve(s, 64);
    room = s->allocated_len - s->len;
    va_copy(again, ap);
    n = vsnprintf(s->str + s->len, room, fmt, ap);
    if (n >= 0 && (gsize)n >= room) {
        gs_reserve(s, (gsize)n);
        n = vsnprintf(s->str + s->len, (gsize)n + 1, fmt, again);
    }
    va_end(again);
    if (n > 0)
        s->len += (gsize)n;
    s->str[s->len] = '\0';
}

void g_string_append_printf(GString *s, const gchar *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    gs_append_vprintf(s, fmt, ap);
    va_end(ap);
}

GString *g_string_truncate(GString *s, gsize len)
{
    if (len < s->len) {
        s->len = len;
        s->str[len] = '\0';
    }
    return s;
}

GString *g_string_assign(GString *s, const gchar *v)
{
    if (s->str != v) {
        g_string_truncate(s, 0);
        g_string_append(s, v);
    }
    return s;
}

/* GPtrArray: the free function sits behind the public part. */
typedef struct {
    GPtrArray pub;
    guint alloc;
    GDestroyNotify free_func;
} PtrArray;

GPtrArray *g_ptr_array_new_with_free_func(GDestroyNotify f)
{
    PtrArray *a = g_new0(PtrArray, 1);
    a->free_func = f;
    return &a->pub;
}

GPtrArray *g_ptr_array_new(void)
{
    return g_ptr_array_new_with_free_func(NULL);
}

void g_ptr_array_add(GPtrArray *pa, gpointer p)
{
    PtrArray *a = (PtrArray *)pa;
    if (a->pub.len == a->alloc) {
        a->alloc = a->alloc ? a->alloc * 2 : 16;
        a->pub.pdata = g_realloc(a->pub.pdata, a->alloc * sizeof(gpointer));
    }
    a->pub.pdata[a->pub.len++] = p;
}

gpointer *g_ptr_array_free(GPtrArray *pa, gboolean free_segment)
{
    PtrArray *a = (PtrArray *)pa;
    gpointer *seg = a->pub.pdata;
    if (free_segment) {
        if (a->free_func)
            for (guint i = 0; i < a->pub.len; i++)
                a->free_func(seg[i]);
        g_free(seg);
        seg = NULL;
    }
    g_free(a);
    return seg;
}

/* GByteArray */
typedef struct {
    GByteArray pub;
    guint alloc;
    guint refs;
} ByteArray;

GByteArray *g_byte_array_sized_new(guint size)
{
    ByteArray *a = g_new0(ByteArray, 1);
    a->refs = 1;
    if (size) {
        a->pub.data = g_malloc(size);
        a->alloc = size;
    }
    return &a->pub;
}

GByteArray *g_byte_array_new(void)
{
    return g_byte_array_sized_new(0);
}

static void ba_reserve(ByteArray *a, guint need)
{
    if (need <= a->alloc)
        return;
    guint n = a->alloc ? a->alloc : 16;
    while (n < need)
        n *= 2;
    a->pub.data = g_realloc(a->pub.data, n);
    a->alloc = n;
}

GByteArray *g_byte_array_append(GByteArray *pa, const guint8 *data, guint len)
{
    ByteArray *a = (ByteArray *)pa;
    ba_reserve(a, a->pub.len + len);
    if (len)
        memcpy(a->pub.data + a->pub.len, data, len);
    a->pub.len += len;
    return pa;
}

GByteArray *g_byte_array_set_size(GByteArray *pa, guint len)
{
    ByteArray *a = (ByteArray *)pa;
    ba_reserve(a, len);
    a->pub.len = len;
    return pa;
}

guint8 *g_byte_array_free(GByteArray *pa, gboolean free_segment)
{
    guint8 *d = pa->data;
    if (free_segment) {
        g_free(d);
        d = NULL;
    }
    g_free(pa);
    return d;
}

void g_byte_array_unref(GByteArray *a)
{
    if (--((ByteArray *)a)->refs == 0)
        g_byte_array_free(a, TRUE);
}

GByteArray *g_byte_array_ref(GByteArray *a)
{
    ((ByteArray *)a)->refs++;
    return a;
}

/* GHashTable: open addressing, linear probing, power-of-two size. */
typedef struct {
    gpointer key, value;
    guint hash;
    guint used;
} Slot;

struct GHashTable {
    Slot *slots;
    guint size, count;
    GHashFunc hash;
    GEqualFunc equal;
    GDestroyNotify key_free, value_free;
};

GHashTable *g_hash_table_new_full(GHashFunc hash, GEqualFunc equal, GDestroyNotify key_free,
                                  GDestroyNotify value_free)
{
    GHashTable *h = g_new0(GHashTable, 1);
    h->hash = hash ? hash : g_direct_hash;
    h->equal = equal;
    h->key_free = key_free;
    h->value_free = value_free;
    h->size = 8;
    h->slots = g_new0(Slot, h->size);
    return h;
}

GHashTable *g_hash_table_new(GHashFunc hash, GEqualFunc equal)
{
    return g_hash_table_new_full(hash, equal, NULL, NULL);
}

static Slot *ht_find(GHashTable *h, gconstpointer key, guint hv)
{
    guint mask = h->size - 1;
    for (guint i = hv & mask;; i = (i + 1) & mask) {
        Slot *s = &h->slots[i];
        if (!s->used)
            return s;
        if (s->hash == hv && (h->equal ? h->equal(s->key, key) : s->key == key))
            return s;
    }
}

static void ht_grow(GHashTable *h)
{
    Slot *old = h->slots;
    guint n = h->size;
    h->size *= 2;
    h->slots = g_new0(Slot, h->size);
    for (guint i = 0; i < n; i++)
        if (old[i].used)
            *ht_find(h, old[i].key, old[i].hash) = old[i];
    g_free(old);
}

/* GLib's rules: insert keeps the old key and frees the new one, replace
 * (and add) keeps the new key; the old value is freed either way. A set
 * (value == key) frees that one pointer once. */
static gboolean ht_put(GHashTable *h, gpointer key, gpointer value, gboolean replace_key)
{
    guint hv = h->hash(key);
    Slot *s = ht_find(h, key, hv);
    if (s->used) {
        gpointer old_key = s->key, old_value = s->value;
        gpointer drop_key = replace_key ? old_key : key;
        if (replace_key)
            s->key = key;
        s->value = value;
        if (h->key_free && drop_key != s->key)
            h->key_free(drop_key);
        if (h->value_free && old_value != value && !(h->key_free && old_value == drop_key))
            h->value_free(old_value);
        return FALSE;
    }
    s->used = 1;
    s->key = key;
    s->value = value;
    s->hash = hv;
    if (++h->count * 4 > h->size * 3)
        ht_grow(h);
    return TRUE;
}

gboolean g_hash_table_insert(GHashTable *h, gpointer key, gpointer value)
{
    return ht_put(h, key, value, FALSE);
}

gboolean g_hash_table_replace(GHashTable *h, gpointer key, gpointer value)
{
    return ht_put(h, key, value, TRUE);
}

gboolean g_hash_table_add(GHashTable *h, gpointer key)
{
    return ht_put(h, key, key, TRUE);
}

gpointer g_hash_table_lookup(GHashTable *h, gconstpointer key)
{
    Slot *s = ht_find(h, key, h->hash(key));
    return s->used ? s->value : NULL;
}

gboolean g_hash_table_contains(GHashTable *h, gconstpointer key)
{
    return ht_find(h, key, h->hash(key))->used != 0;
}

/* Linear probing without tombstones: the entries after the freed slot
 * that could have used it move back (backward-shift deletion), so a lookup
 * still stops at the first empty slot. */
gboolean g_hash_table_remove(GHashTable *h, gconstpointer key)
{
    guint mask = h->size - 1;
    Slot *s = ht_find(h, key, h->hash(key));
    guint hole, j;

    if (!s->used)
        return FALSE;
    if (h->key_free)
        h->key_free(s->key);
    if (h->value_free && !(h->key_free && s->value == s->key))
        h->value_free(s->value);
    hole = (guint)(s - h->slots);
    for (j = (hole + 1) & mask; h->slots[j].used; j = (j + 1) & mask) {
        guint home = h->slots[j].hash & mask;
        /* The entry at j may fill the hole unless its home lies cyclically
         * in (hole, j]: then the hole is before where a lookup starts. */
        bool stays = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
        if (!stays) {
            h->slots[hole] = h->slots[j];
            hole = j;
        }
    }
    memset(&h->slots[hole], 0, sizeof h->slots[hole]);
    h->count--;
    return TRUE;
}

guint g_hash_table_size(GHashTable *h)
{
    return h->count;
}

void g_hash_table_destroy(GHashTable *h)
{
    if (!h)
        return;
    for (guint i = 0; i < h->size; i++) {
        Slot *s = &h->slots[i];
        if (!s->used)
            continue;
        if (h->key_free)
            h->key_free(s->key);
        if (h->value_free && !(h->key_free && s->value == s->key))
            h->value_free(s->value);
    }
    g_free(h->slots);
    g_free(h);
}

/* Spreads pointer and integer keys over the low bits that the table uses. */
static guint mix32(guint64 v)
{
    v ^= v >> 33;
    v *= UINT64_C(0xff51afd7ed558ccd);
    v ^= v >> 33;
    return (guint)v;
}

guint g_direct_hash(gconstpointer v) { return mix32((guint64)(uintptr_t)v); }
gboolean g_direct_equal(gconstpointer a, gconstpointer b) { return a == b; }
guint g_int_hash(gconstpointer v) { return mix32((guint64)(guint)*(const gint *)v); }
gboolean g_int_equal(gconstpointer a, gconstpointer b) { return *(const gint *)a == *(const gint *)b; }
guint g_int64_hash(gconstpointer v) { return mix32((guint64) * (const gint64 *)v); }
gboolean g_int64_equal(gconstpointer a, gconstpointer b) { return *(const gint64 *)a == *(const gint64 *)b; }
guint g_str_hash(gconstpointer v)
{
    guint32 h = 2166136261u;   /* FNV-1a */
    for (const guchar *p = v; *p; p++)
        h = (h ^ *p) * 16777619u;
    return mix32(h);
}
gboolean g_str_equal(gconstpointer a, gconstpointer b) { return strcmp(a, b) == 0; }

/* GStringChunk: strings copied into blocks, freed together. */
struct GStringChunk {
    GPtrArray *blocks;
    gchar *cur;
    gsize left, block_size;
    GHashTable *consts;
};

GStringChunk *g_string_chunk_new(gsize size)
{
    GStringChunk *c = g_new0(GStringChunk, 1);
    c->blocks = g_ptr_array_new_with_free_func(g_free);
    c->block_size = size ? size : 1024;
    return c;
}

void g_string_chunk_free(GStringChunk *c)
{
    if (!c)
        return;
    g_ptr_array_free(c->blocks, TRUE);
    if (c->consts)
        g_hash_table_destroy(c->consts);
    g_free(c);
}

gchar *g_string_chunk_insert_len(GStringChunk *c, const gchar *s, gssize len)
{
    gsize n = len < 0 ? strlen(s) : (gsize)len;
    gchar *d;
    if (n + 1 > c->left) {
        gsize b = MAX(c->block_size, n + 1);
        c->cur = g_malloc(b);
        c->left = b;
        g_ptr_array_add(c->blocks, c->cur);
    }
    d = c->cur;
    memcpy(d, s, n);
    d[n] = '\0';
    c->cur += n + 1;
    c->left -= n + 1;
    return d;
}

gchar *g_string_chunk_insert(GStringChunk *c, const gchar *s)
{
    return g_string_chunk_insert_len(c, s, -1);
}

gchar *g_string_chunk_insert_const(GStringChunk *c, const gchar *s)
{
    gchar *d;
    if (!c->consts)
        c->consts = g_hash_table_new(g_str_hash, g_str_equal);
    d = g_hash_table_lookup(c->consts, s);
    if (!d) {
        d = g_string_chunk_insert(c, s);
        g_hash_table_add(c->consts, d);
    }
    return d;
}


/* ---- more strings --------------------------------------------------------- */

static gchar *vformat(const gchar *fmt, va_list ap)
{
    GString *s = g_string_sized_new(64);
    gs_append_vprintf(s, fmt, ap);
    return g_string_free(s, FALSE);
}

gchar *g_strdup_printf(const gchar *fmt, ...)
{
    va_list ap;
    gchar *s;
    va_start(ap, fmt);
    s = vformat(fmt, ap);
    va_end(ap);
    return s;
}

void g_string_printf(GString *s, const gchar *fmt, ...)
{
    va_list ap;
    gchar *tmp;
    va_start(ap, fmt);
    tmp = vformat(fmt, ap);
    va_end(ap);
    g_string_truncate(s, 0);
    g_string_append(s, tmp);
    g_free(tmp);
}

gsize g_strlcat(gchar *dest, const gchar *src, gsize size)
{
    gsize d = strnlen(dest, size);
    if (d == size)
        return d + strlen(src);
    return d + g_strlcpy(dest + d, src, size - d);
}

gint g_strcmp0(const gchar *a, const gchar *b)
{
    if (!a || !b)
        return a == b ? 0 : (a ? 1 : -1);
    return strcmp(a, b);
}

gboolean g_str_has_prefix(const gchar *s, const gchar *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

gboolean g_str_has_suffix(const gchar *s, const gchar *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* first, then each further argument up to NULL, *sep* between two parts
 * unless the first already ends with it. */
static gchar *concat_v(const gchar *first, va_list ap, const gchar *sep)
{
    GString *s = g_string_new(first);
    const gchar *p;
    while ((p = va_arg(ap, const gchar *)) != NULL) {
        if (sep && s->len && s->str[s->len - 1] != sep[0])
            g_string_append(s, sep);
        g_string_append(s, p);
    }
    return g_string_free(s, FALSE);
}

gchar *g_strconcat(const gchar *first, ...)
{
    va_list ap;
    gchar *r;
    va_start(ap, first);
    r = concat_v(first, ap, NULL);
    va_end(ap);
    return r;
}

/* ---- more GPtrArray -------------------------------------------------------- */

void g_ptr_array_set_size(GPtrArray *pa, gint len)
{
    PtrArray *a = (PtrArray *)pa;
    guint n = len < 0 ? 0 : (guint)len;
    if (n < a->pub.len) {
        if (a->free_func)
            for (guint i = n; i < a->pub.len; i++)
                a->free_func(a->pub.pdata[i]);
        a->pub.len = n;
        return;
    }
    while (a->pub.len < n)
        g_ptr_array_add(pa, NULL);
}

/* The free function (if any) runs on the removed elements, as GLib's. */
GPtrArray *g_ptr_array_remove_range(GPtrArray *pa, guint index, guint length)
{
    PtrArray *a = (PtrArray *)pa;
    if (index > a->pub.len || length > a->pub.len - index)
        return pa;
    if (a->free_func)
        for (guint i = index; i < index + length; i++)
            a->free_func(a->pub.pdata[i]);
    memmove(a->pub.pdata + index, a->pub.pdata + index + length,
            (a->pub.len - index - length) * sizeof(gpointer));
    a->pub.len -= length;
    return pa;
}

void g_ptr_array_unref(GPtrArray *a)
{
    g_ptr_array_free(a, TRUE);
}

/* A merge sort of pointers: stable, O(n log n). */
static void merge_sort(gpointer *v, gpointer *tmp, guint n, GCompareFunc cmp)
{
    guint h = n / 2, i = 0, j = h, k = 0;
    if (n < 2)
        return;
    merge_sort(v, tmp, h, cmp);
    merge_sort(v + h, tmp, n - h, cmp);
    while (i < h && j < n)
        tmp[k++] = cmp(&v[j], &v[i]) < 0 ? v[j++] : v[i++];
    while (i < h)
        tmp[k++] = v[i++];
    while (j < n)
        tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof *v);
}

void g_ptr_array_sort(GPtrArray *a, GCompareFunc compare)
{
    gpointer *tmp;
    if (a->len < 2)
        return;
    tmp = g_new(gpointer, a->len);
    merge_sort(a->pdata, tmp, a->len, compare);
    g_free(tmp);
}

/* ---- GArray ------------------------------------------------------------------ */

typedef struct {
    GArray pub;
    guint alloc;            /* elements allocated, the terminator included */
    guint elt_size;
    gboolean zero_terminated;
    gboolean clear;
} Array;

static void ar_reserve(Array *a, guint need)
{
    guint n;
    if (a->zero_terminated)
        need++;
    if (need <= a->alloc)
        return;
    n = a->alloc ? a->alloc : 16;
    while (n < need)
        n *= 2;
    a->pub.data = g_realloc(a->pub.data, (gsize)n * a->elt_size);
    a->alloc = n;
}

static void ar_terminate(Array *a)
{
    if (a->zero_terminated)
        memset(a->pub.data + (gsize)a->pub.len * a->elt_size, 0, a->elt_size);
}

GArray *g_array_new(gboolean zero_terminated, gboolean clear, guint element_size)
{
    Array *a = g_new0(Array, 1);
    a->elt_size = element_size;
    a->zero_terminated = zero_terminated;
    a->clear = clear;
    if (zero_terminated) {
        ar_reserve(a, 0);
        ar_terminate(a);
    }
    return &a->pub;
}

GArray *g_array_append_vals(GArray *pa, gconstpointer data, guint len)
{
    Array *a = (Array *)pa;
    ar_reserve(a, a->pub.len + len);
    if (len)
        memcpy(a->pub.data + (gsize)a->pub.len * a->elt_size, data, (gsize)len * a->elt_size);
    a->pub.len += len;
    ar_terminate(a);
    return pa;
}

/* New elements are zeroed only when the array was made with *clear*. */
GArray *g_array_set_size(GArray *pa, guint len)
{
    Array *a = (Array *)pa;
    ar_reserve(a, len);
    if (len > a->pub.len && a->clear)
        memset(a->pub.data + (gsize)a->pub.len * a->elt_size, 0, (gsize)(len - a->pub.len) * a->elt_size);
    a->pub.len = len;
    ar_terminate(a);
    return pa;
}

gchar *g_array_free(GArray *pa, gboolean free_segment)
{
    gchar *d = pa->data;
    if (free_segment) {
        g_free(d);
        d = NULL;
    }
    g_free(pa);
    return d;
}

/* ---- for siphop-import ------------------------------------------------------- */

static GHashTable *interned;   /* never freed, as GLib's */

const gchar *g_intern_string(const gchar *s)
{
    gchar *k;
    if (!s)
        return NULL;
    if (!interned)
        interned = g_hash_table_new(g_str_hash, g_str_equal);
    k = g_hash_table_lookup(interned, s);
    if (!k) {
        k = g_strdup(s);
        g_hash_table_add(interned, k);
    }
    return k;
}

/* The last component: trailing slashes ignored, "/" for a path of slashes
 * only, "." for an empty one. */
gchar *g_path_get_basename(const gchar *path)
{
    gsize end = strlen(path), start;
    if (end == 0)
        return g_strdup(".");
    while (end > 0 && path[end - 1] == '/')
        end--;
    if (end == 0)
        return g_strdup("/");
    start = end;
    while (start > 0 && path[start - 1] != '/')
        start--;
    return g_strndup(path + start, end - start);
}

gchar *g_build_filename(const gchar *first, ...)
{
    va_list ap;
    gchar *r;
    va_start(ap, first);
    r = concat_v(first, ap, "/");
    va_end(ap);
    return r;
}

/* ---- for the unit tests ------------------------------------------------------ */

gboolean g_file_get_contents(const gchar *path, gchar **contents, gsize *len, void **error)
{
    FILE *f = fopen(path, "rb");
    GString *s;
    char buf[65536];
    size_t n;
    (void)error;
    if (!f)
        return FALSE;
    s = g_string_new("");
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        g_string_append_len(s, buf, (gssize)n);
    fclose(f);
    if (len)
        *len = s->len;
    *contents = g_string_free(s, FALSE);
    return TRUE;
}

gint64 g_get_monotonic_time(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (gint64)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

struct GRand {
    guint64 state;
};

GRand *g_rand_new_with_seed(guint32 seed)
{
    GRand *r = g_new(GRand, 1);
    r->state = seed;
    return r;
}

guint32 g_rand_int(GRand *r)   /* splitmix64 */
{
    guint64 z = (r->state += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return (guint32)((z ^ (z >> 31)) >> 32);
}

void g_rand_free(GRand *r)
{
    g_free(r);
}
