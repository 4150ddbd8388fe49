/* json.h - JSON text for the report: strings escaped, always valid UTF-8.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_WASM_JSON_H
#define SIPHOP_WASM_JSON_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

/* *s* as a JSON string: quotes, backslashes and control characters escaped,
 * invalid UTF-8 replaced by U+FFFD (one per bad byte, as g_utf8_make_valid);
 * NULL is written as "". */
void json_str(GString *out, const char *s);

/* A JSON array of the strings v[0..n), stopping early at a NULL (n =
 * SIZE_MAX: a NULL-terminated list, e.g. a fix's steps). */
void json_str_array(GString *out, const char *const *v, size_t n);

/* `,"key":` (no comma when *first*), then the value. */
void json_key(GString *out, const char *key, int first);
void json_str_field(GString *out, const char *key, const char *value);
void json_uint_field(GString *out, const char *key, uint64_t value);
void json_bool_field(GString *out, const char *key, int value);
/* The string, or null when value is NULL. */
void json_str_or_null_field(GString *out, const char *key, const char *value);

#endif
