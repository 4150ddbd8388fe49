/* shim_test.c - wasm/glib-shim against GLib's documented behaviour, where the
 * core's tests do not reach: the hash table under random insert, replace and
 * remove (backward-shift deletion), destroy notifiers, GArray, stable sort,
 * remove_range, basenames, UTF-8 validation and repair. The expected UTF-8
 * results are GLib 2.74's. Built natively against the shim (ctest
 * wasm.shim) and in the WebAssembly build.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <stdio.h>
#include <string.h>

static int failed, passed;

#define CHECK(cond)                                                                                                   \
    do {                                                                                                              \
        if (cond) {                                                                                                   \
            passed++;                                                                                                 \
        } else {                                                                                                      \
            failed++;                                                                                                 \
            fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond);                                                \
        }                                                                                                             \
    } while (0)

static int freed_keys, freed_values;
static void free_key(gpointer p) { freed_keys++; g_free(p); }
static void free_value(gpointer p) { freed_values++; g_free(p); }

/* Random operations on small integer keys, against an array model. */
static void test_hash_random(void)
{
    enum { KEYS = 300, OPS = 200000 };
    GHashTable *h = g_hash_table_new(g_direct_hash, g_direct_equal);
    guint model[KEYS] = { 0 };   /* value + 1, 0: absent */
    guint count = 0, x = 12345, bad = 0;

    for (int op = 0; op < OPS; op++) {
        x = x * 1103515245u + 12345u;
        guint k = (x >> 8) % KEYS + 1, v = (x >> 20) & 0xff;
        gpointer key = GUINT_TO_POINTER(k);
        switch ((x >> 4) % 4) {
        case 0:
        case 1:
            if (g_hash_table_insert(h, key, GUINT_TO_POINTER(v + 1)) != (model[k - 1] == 0))
                bad++;
            count += model[k - 1] == 0;
            model[k - 1] = v + 1;
            break;
        case 2:
            if (g_hash_table_remove(h, key) != (model[k - 1] != 0))
                bad++;
            count -= model[k - 1] != 0;
            model[k - 1] = 0;
            break;
        default:
            if (GPOINTER_TO_UINT(g_hash_table_lookup(h, key)) != model[k - 1] ||
                g_hash_table_contains(h, key) != (model[k - 1] != 0))
                bad++;
        }
    }
    for (guint k = 1; k <= KEYS; k++)
        if (GPOINTER_TO_UINT(g_hash_table_lookup(h, GUINT_TO_POINTER(k))) != model[k - 1])
            bad++;
    CHECK(bad == 0);
    CHECK(g_hash_table_size(h) == count);
    g_hash_table_destroy(h);
}

static void test_hash_notifiers(void)
{
    GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, free_key, free_value);

    freed_keys = freed_values = 0;
    CHECK(g_hash_table_insert(h, g_strdup("a"), g_strdup("1")));
    CHECK(!g_hash_table_insert(h, g_strdup("a"), g_strdup("2")));   /* new key freed, old value freed */
    CHECK(freed_keys == 1 && freed_values == 1);
    CHECK(strcmp(g_hash_table_lookup(h, "a"), "2") == 0);
    CHECK(!g_hash_table_replace(h, g_strdup("a"), g_strdup("3")));  /* old key freed, old value freed */
    CHECK(freed_keys == 2 && freed_values == 2);
    CHECK(g_hash_table_remove(h, "a") && freed_keys == 3 && freed_values == 3);
    CHECK(!g_hash_table_remove(h, "a"));
    CHECK(g_hash_table_insert(h, g_strdup("b"), g_strdup("4")));
    g_hash_table_destroy(h);
    CHECK(freed_keys == 4 && freed_values == 4);
}

static void test_arrays(void)
{
    GArray *a = g_array_new(TRUE, TRUE, sizeof(guint32));
    guint32 v = 7;

    g_array_append_val(a, v);
    g_array_set_size(a, 40);
    CHECK(a->len == 40 && g_array_index(a, guint32, 0) == 7 && g_array_index(a, guint32, 39) == 0);
    CHECK(g_array_index(a, guint32, 40) == 0);   /* zero-terminated */
    g_array_free(a, TRUE);

    GPtrArray *p = g_ptr_array_new_with_free_func(g_free);
    for (int i = 0; i < 10; i++)
        g_ptr_array_add(p, g_strdup_printf("%d", i));
    g_ptr_array_remove_range(p, 0, 4);
    CHECK(p->len == 6 && strcmp(g_ptr_array_index(p, 0), "4") == 0);
    g_ptr_array_free(p, TRUE);
}

static gint by_first_char(gconstpointer a, gconstpointer b)
{
    return **(const char *const *)a - **(const char *const *)b;
}

static void test_sort_stable(void)
{
    static const char *const in[] = { "b1", "a1", "b2", "a2", "c1", "a3", "b3" };
    static const char *const want[] = { "a1", "a2", "a3", "b1", "b2", "b3", "c1" };
    GPtrArray *p = g_ptr_array_new();

    for (size_t i = 0; i < G_N_ELEMENTS(in); i++)
        g_ptr_array_add(p, (gpointer)in[i]);
    g_ptr_array_sort(p, by_first_char);
    for (size_t i = 0; i < G_N_ELEMENTS(want); i++)
        CHECK(strcmp(g_ptr_array_index(p, i), want[i]) == 0);
    g_ptr_array_free(p, TRUE);
}

static void test_basename(void)
{
    static const char *const cases[][2] = {
        { "a/b/c.log", "c.log" }, { "c.log", "c.log" }, { "dir/", "dir" }, { "/", "/" }, { "", "." },
        { "//x//", "x" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *b = g_path_get_basename(cases[i][0]);
        CHECK(strcmp(b, cases[i][1]) == 0);
        g_free(b);
    }
}

static void test_printf(void)
{
    GString *s = g_string_new("x");
    char *long_text = g_strdup_printf("%0500d|%s", 7, "end");

    CHECK(strlen(long_text) == 504 && strcmp(long_text + 500, "|end") == 0);
    for (int i = 0; i < 100; i++)
        g_string_append_printf(s, "%d,", i);
    g_string_append_printf(s, "%s", long_text);
    CHECK(s->len == strlen(s->str) && s->len == 1 + 290 + 504);
    CHECK(g_str_has_suffix(s->str, "7|end") && g_str_has_prefix(s->str, "x0,1,2,"));
    g_free(long_text);
    g_string_free(s, TRUE);
}

static void test_utf8(void)
{
    /* input, valid?, g_utf8_make_valid's result (GLib 2.74) */
    static const struct {
        const char *in;
        gboolean valid;
        const char *fixed;
    } cases[] = {
        { "plain", TRUE, "plain" },
        { "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", TRUE, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80" },
        { "a\xff" "b", FALSE, "a\xef\xbf\xbd" "b" },
        { "\xc0\x80", FALSE, "\xef\xbf\xbd\xef\xbf\xbd" },               /* overlong NUL */
        { "\xed\xa0\x80", FALSE, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" }, /* surrogate */
        { "\xf4\x90\x80\x80", FALSE, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" }, /* > U+10FFFF */
        { "x\xe2\x82", FALSE, "x\xef\xbf\xbd\xef\xbf\xbd" },              /* cut short */
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        const char *end = NULL;
        char *fixed = g_utf8_make_valid(cases[i].in, -1);
        CHECK(g_utf8_validate(cases[i].in, -1, &end) == cases[i].valid);
        CHECK(strcmp(fixed, cases[i].fixed) == 0);
        CHECK(g_utf8_validate(fixed, -1, NULL));
        g_free(fixed);
    }
    CHECK(!g_utf8_validate("a\0b", 3, NULL));   /* a NUL within len */
}

int main(void)
{
    test_hash_random();
    test_hash_notifiers();
    test_arrays();
    test_sort_stable();
    test_basename();
    test_printf();
    test_utf8();
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
