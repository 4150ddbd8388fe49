/* json.c - JSON text for the report (see json.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "json.h"

#include <string.h>

static void escaped(GString *out, const char *s)
{
    static const char hex[] = "0123456789abcdef";

    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': g_string_append(out, "\\\""); break;
        case '\\': g_string_append(out, "\\\\"); break;
        case '\n': g_string_append(out, "\\n"); break;
        case '\r': g_string_append(out, "\\r"); break;
        case '\t': g_string_append(out, "\\t"); break;
        default:
            if (*p < 0x20) {
                g_string_append(out, "\\u00");
                g_string_append_c(out, hex[*p >> 4]);
                g_string_append_c(out, hex[*p & 15]);
            } else {
                g_string_append_c(out, (char)*p);
            }
        }
    }
}

void json_str(GString *out, const char *s)
{
    g_string_append_c(out, '"');
    if (s && g_utf8_validate(s, -1, NULL)) {
        escaped(out, s);
    } else if (s) {
        char *valid = g_utf8_make_valid(s, -1);
        escaped(out, valid);
        g_free(valid);
    }
    g_string_append_c(out, '"');
}

void json_key(GString *out, const char *key, int first)
{
    if (!first)
        g_string_append_c(out, ',');
    json_str(out, key);
    g_string_append_c(out, ':');
}

void json_str_field(GString *out, const char *key, const char *value)
{
    json_key(out, key, 0);
    json_str(out, value);
}

void json_uint_field(GString *out, const char *key, uint64_t value)
{
    json_key(out, key, 0);
    g_string_append_printf(out, "%llu", (unsigned long long)value);
}

void json_bool_field(GString *out, const char *key, int value)
{
    json_key(out, key, 0);
    g_string_append(out, value ? "true" : "false");
}

void json_str_or_null_field(GString *out, const char *key, const char *value)
{
    json_key(out, key, 0);
    if (value)
        json_str(out, value);
    else
        g_string_append(out, "null");
}

void json_str_array(GString *out, const char *const *v, size_t n)
{
    g_string_append_c(out, '[');
    for (size_t i = 0; v && i < n && v[i]; i++) {
        if (i)
            g_string_append_c(out, ',');
        json_str(out, v[i]);
    }
    g_string_append_c(out, ']');
}
