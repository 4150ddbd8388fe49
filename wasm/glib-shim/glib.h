/* glib.h - the part of GLib that siphop's core uses, for the WebAssembly build.
 *
 * Why it exists: the core (core/, include/siphop/) is written against GLib
 * and uses about 70 of its types, macros and functions. GLib itself does not
 * build for WebAssembly offline (it needs pcre2, libffi and meson wraps that
 * are downloaded, plus emscripten patches: see issue #13), while these 70
 * are small and documented. So the wasm build (CMake `if(EMSCRIPTEN)`) puts
 * this directory on the include path instead of GLib's and links
 * glib_shim.c: the core's sources stay the very same. Native builds and the
 * Wireshark plugin use the real GLib; the wasm unit tests and the native/wasm
 * comparisons (wasm/test/) keep the two from drifting apart.
 *
 * Written from GLib's documented behaviour, nothing copied from GLib. What
 * is not needed is not here: a new GLib call in the core fails the wasm
 * build at compile time (emcc treats implicit declarations as errors).
 * GHashTable offers no iteration, so no hash order can reach any output.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_GLIB_SHIM_H
#define SIPHOP_GLIB_SHIM_H

#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* ---- types and macros ---------------------------------------------------- */

typedef int gboolean;
typedef char gchar;
typedef unsigned char guchar;
typedef int gint;
typedef unsigned int guint;
typedef uint8_t guint8;
typedef uint16_t guint16;
typedef uint32_t guint32;
typedef int32_t gint32;
typedef int64_t gint64;
typedef uint64_t guint64;
typedef size_t gsize;
typedef ssize_t gssize;
typedef void *gpointer;
typedef const void *gconstpointer;
typedef guint (*GHashFunc)(gconstpointer key);
typedef gboolean (*GEqualFunc)(gconstpointer a, gconstpointer b);
typedef gint (*GCompareFunc)(gconstpointer a, gconstpointer b);
typedef void (*GDestroyNotify)(gpointer data);

#ifndef TRUE
#define TRUE 1
#define FALSE 0
#endif
#ifndef MIN
#define MIN(a, b) (((a) < (b)) ? (a) : (b))
#endif
#ifndef MAX
#define MAX(a, b) (((a) > (b)) ? (a) : (b))
#endif
#define CLAMP(x, lo, hi) (((x) > (hi)) ? (hi) : (((x) < (lo)) ? (lo) : (x)))
#define G_N_ELEMENTS(a) (sizeof(a) / sizeof((a)[0]))
#define G_STATIC_ASSERT(e) _Static_assert((e), #e)
#define G_GNUC_PRINTF(f, a) __attribute__((__format__(__printf__, f, a)))
#define G_STRINGIFY_ARG(x) #x
#define G_STRINGIFY(x) G_STRINGIFY_ARG(x)
#define G_MAXUINT32 UINT32_MAX
#define G_MAXUINT UINT_MAX
#define G_LIKELY(e) __builtin_expect(!!(e), 1)
#define G_UNLIKELY(e) __builtin_expect(!!(e), 0)
#define G_LITTLE_ENDIAN 1234
#define G_BIG_ENDIAN 4321
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define G_BYTE_ORDER G_BIG_ENDIAN
#else
#define G_BYTE_ORDER G_LITTLE_ENDIAN
#endif
#define GUINT16_SWAP_LE_BE(v) ((guint16)__builtin_bswap16((guint16)(v)))
#define GUINT32_SWAP_LE_BE(v) ((guint32)__builtin_bswap32((guint32)(v)))
#define GUINT64_SWAP_LE_BE(v) ((guint64)__builtin_bswap64((guint64)(v)))
#define GPOINTER_TO_UINT(p) ((guint)(uintptr_t)(p))
#define GUINT_TO_POINTER(u) ((gpointer)(uintptr_t)(u))
#define GPOINTER_TO_INT(p) ((gint)(intptr_t)(p))
#define GINT_TO_POINTER(i) ((gpointer)(intptr_t)(i))

/* ---- memory: aborts when out of memory, as GLib; g_malloc(0) is NULL ---- */

gpointer g_malloc(gsize n);
gpointer g_malloc0(gsize n);
gpointer g_malloc_n(gsize n, gsize size);
gpointer g_malloc0_n(gsize n, gsize size);
gpointer g_realloc(gpointer p, gsize n);
void g_free(gpointer p);
#define g_new(T, n) ((T *)g_malloc_n((gsize)(n), sizeof(T)))
#define g_new0(T, n) ((T *)g_malloc0_n((gsize)(n), sizeof(T)))
gchar *g_strdup(const gchar *s);
gchar *g_strndup(const gchar *s, gsize n);

/* ---- strings ------------------------------------------------------------- */

gsize g_strlcpy(gchar *dest, const gchar *src, gsize size);
gsize g_strlcat(gchar *dest, const gchar *src, gsize size);
gint g_snprintf(gchar *buf, unsigned long size, const gchar *fmt, ...) G_GNUC_PRINTF(3, 4);
gint g_vsnprintf(gchar *buf, unsigned long size, const gchar *fmt, va_list ap) G_GNUC_PRINTF(3, 0);
gchar *g_strdup_printf(const gchar *fmt, ...) G_GNUC_PRINTF(1, 2);
gchar *g_strconcat(const gchar *first, ...);
gint g_strcmp0(const gchar *a, const gchar *b);
gboolean g_str_has_prefix(const gchar *s, const gchar *prefix);
gboolean g_str_has_suffix(const gchar *s, const gchar *suffix);

/* ASCII only, whatever the locale (as GLib's g_ascii_*). */
static inline gboolean g_ascii_isdigit(int c) { return c >= '0' && c <= '9'; }
static inline gboolean g_ascii_isupper(int c) { return c >= 'A' && c <= 'Z'; }
static inline gboolean g_ascii_islower(int c) { return c >= 'a' && c <= 'z'; }
static inline gboolean g_ascii_isalpha(int c) { return g_ascii_isupper(c) || g_ascii_islower(c); }
static inline gboolean g_ascii_isalnum(int c) { return g_ascii_isalpha(c) || g_ascii_isdigit(c); }
static inline gboolean g_ascii_isxdigit(int c)
{
    return g_ascii_isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
static inline gchar g_ascii_tolower(gchar c) { return g_ascii_isupper((guchar)c) ? (gchar)(c - 'A' + 'a') : c; }
static inline gint g_ascii_xdigit_value(gchar c)
{
    if (g_ascii_isdigit((guchar)c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}
gint g_ascii_strcasecmp(const gchar *a, const gchar *b);
gint g_ascii_strncasecmp(const gchar *a, const gchar *b, gsize n);
gchar *g_ascii_strdown(const gchar *s, gssize len);

/* UTF-8 as GLib takes it: no overlong forms, surrogates, values above
 * U+10FFFF, nor NUL within *len*. make_valid puts U+FFFD for each bad byte. */
gboolean g_utf8_validate(const gchar *s, gssize len, const gchar **end);
gchar *g_utf8_make_valid(const gchar *s, gssize len);

/* ---- GString ------------------------------------------------------------- */

typedef struct GString {
    gchar *str;
    gsize len;
    gsize allocated_len;
} GString;
GString *g_string_new(const gchar *init);
GString *g_string_sized_new(gsize size);
gchar *g_string_free(GString *s, gboolean free_segment);
GString *g_string_append_len(GString *s, const gchar *v, gssize len);
GString *g_string_append(GString *s, const gchar *v);
GString *g_string_append_c(GString *s, gchar c);
void g_string_append_printf(GString *s, const gchar *fmt, ...) G_GNUC_PRINTF(2, 3);
void g_string_printf(GString *s, const gchar *fmt, ...) G_GNUC_PRINTF(2, 3);
GString *g_string_truncate(GString *s, gsize len);
GString *g_string_assign(GString *s, const gchar *v);

/* ---- GPtrArray ----------------------------------------------------------- */

typedef struct GPtrArray {
    gpointer *pdata;
    guint len;
} GPtrArray;
#define g_ptr_array_index(a, i) ((a)->pdata[i])
GPtrArray *g_ptr_array_new(void);
GPtrArray *g_ptr_array_new_with_free_func(GDestroyNotify f);
void g_ptr_array_add(GPtrArray *a, gpointer p);
void g_ptr_array_set_size(GPtrArray *a, gint len);
GPtrArray *g_ptr_array_remove_range(GPtrArray *a, guint index, guint length);
/* Stable, as GLib's since 2.32; compare gets pointers to the elements. */
void g_ptr_array_sort(GPtrArray *a, GCompareFunc compare);
gpointer *g_ptr_array_free(GPtrArray *a, gboolean free_segment);
void g_ptr_array_unref(GPtrArray *a);   /* never shared here: frees */

/* ---- GByteArray (reference counted) ------------------------------------- */

typedef struct GByteArray {
    guint8 *data;
    guint len;
} GByteArray;
GByteArray *g_byte_array_new(void);
GByteArray *g_byte_array_sized_new(guint size);
GByteArray *g_byte_array_append(GByteArray *a, const guint8 *data, guint len);
GByteArray *g_byte_array_set_size(GByteArray *a, guint len);
guint8 *g_byte_array_free(GByteArray *a, gboolean free_segment);
GByteArray *g_byte_array_ref(GByteArray *a);
void g_byte_array_unref(GByteArray *a);

/* ---- GArray -------------------------------------------------------------- */

typedef struct GArray {
    gchar *data;
    guint len;
} GArray;
#define g_array_index(a, T, i) (((T *)(void *)(a)->data)[i])
#define g_array_append_val(a, v) g_array_append_vals((a), &(v), 1)
GArray *g_array_new(gboolean zero_terminated, gboolean clear, guint element_size);
GArray *g_array_append_vals(GArray *a, gconstpointer data, guint len);
GArray *g_array_set_size(GArray *a, guint len);
gchar *g_array_free(GArray *a, gboolean free_segment);

/* ---- GHashTable: no iteration, so its order cannot leak into results ----- */

typedef struct GHashTable GHashTable;
GHashTable *g_hash_table_new(GHashFunc hash, GEqualFunc equal);
GHashTable *g_hash_table_new_full(GHashFunc hash, GEqualFunc equal, GDestroyNotify key_free,
                                  GDestroyNotify value_free);
gboolean g_hash_table_insert(GHashTable *h, gpointer key, gpointer value);
gboolean g_hash_table_replace(GHashTable *h, gpointer key, gpointer value);
gboolean g_hash_table_add(GHashTable *h, gpointer key);
gpointer g_hash_table_lookup(GHashTable *h, gconstpointer key);
gboolean g_hash_table_contains(GHashTable *h, gconstpointer key);
gboolean g_hash_table_remove(GHashTable *h, gconstpointer key);
guint g_hash_table_size(GHashTable *h);
void g_hash_table_destroy(GHashTable *h);
guint g_direct_hash(gconstpointer v);
gboolean g_direct_equal(gconstpointer a, gconstpointer b);
guint g_int_hash(gconstpointer v);
gboolean g_int_equal(gconstpointer a, gconstpointer b);
guint g_int64_hash(gconstpointer v);
gboolean g_int64_equal(gconstpointer a, gconstpointer b);
guint g_str_hash(gconstpointer v);
gboolean g_str_equal(gconstpointer a, gconstpointer b);

/* ---- GStringChunk --------------------------------------------------------- */

typedef struct GStringChunk GStringChunk;
GStringChunk *g_string_chunk_new(gsize size);
void g_string_chunk_free(GStringChunk *c);
gchar *g_string_chunk_insert(GStringChunk *c, const gchar *s);
gchar *g_string_chunk_insert_len(GStringChunk *c, const gchar *s, gssize len);
gchar *g_string_chunk_insert_const(GStringChunk *c, const gchar *s);

/* ---- for siphop-import (tools/) ------------------------------------------ */

const gchar *g_intern_string(const gchar *s);   /* kept until exit */
gchar *g_path_get_basename(const gchar *path);
gchar *g_build_filename(const gchar *first, ...);

/* ---- for the unit tests (tests/unit) only -------------------------------- */

#define G_USEC_PER_SEC 1000000
#define g_assert(e)                                                                                                   \
    do {                                                                                                              \
        if (!(e)) {                                                                                                   \
            fprintf(stderr, "assertion failed: %s\n", #e);                                                            \
            abort();                                                                                                  \
        }                                                                                                             \
    } while (0)
gboolean g_file_get_contents(const gchar *path, gchar **contents, gsize *len, void **error);
gint64 g_get_monotonic_time(void);
/* A seeded generator; not GLib's sequence (test_hash only needs spread). */
typedef struct GRand GRand;
GRand *g_rand_new_with_seed(guint32 seed);
guint32 g_rand_int(GRand *r);
void g_rand_free(GRand *r);

#endif
