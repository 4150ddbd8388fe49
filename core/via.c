/* via.c - parse SIP Via header values (RFC 3261 section 20.42).
 *
 *   via-parm     = sent-protocol LWS sent-by *( SEMI via-params )
 *   sent-protocol= protocol-name SLASH protocol-version SLASH transport
 *   sent-by      = host [ COLON port ]
 *
 * SLASH, COLON, SEMI and EQUAL all allow white space around them, and a
 * folded header value may hold CR and LF, so every "skip white space" here
 * skips SP, HTAB, CR and LF.
 *
 * The input is hostile: every loop advances at least one byte per turn and
 * never looks past the end of the view, so the work is linear in its length.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "siphop/via.h"

#include <glib.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* A read position inside one Via's text. */
typedef struct cursor {
    const char *p;
    const char *end;
} cursor;

/* Character classes, one table lookup per byte: this runs over every byte
 * of every Via of every SIP message, where a loop over a string of stop
 * characters per byte cost several times more. */
enum {
    C_LWS = 1,
    C_SLASH = 2,
    C_SEMI = 4,
    C_COLON = 8,
    C_COMMA = 16,
    C_EQUAL = 32,
    C_LIST = 64,    /* '"', '[' and ']': what element_end must look at */
};

static const uint8_t cls[256] = {
    [' '] = C_LWS, ['\t'] = C_LWS, ['\r'] = C_LWS, ['\n'] = C_LWS,
    ['/'] = C_SLASH, [';'] = C_SEMI, [':'] = C_COLON, [','] = C_COMMA | C_LIST,
    ['='] = C_EQUAL, ['"'] = C_LIST, ['['] = C_LIST, [']'] = C_LIST,
};

static bool at_end(const cursor *c)
{
    return c->p >= c->end;
}

static void skip_lws(cursor *c)
{
    while (!at_end(c) && sh_is_lws(*c->p))
        c->p++;
}

/* Consume *ch* (after optional white space); false, with the position only
 * moved past the white space, when the next character is something else. */
static bool accept(cursor *c, char ch)
{
    skip_lws(c);
    if (at_end(c) || *c->p != ch)
        return false;
    c->p++;
    return true;
}

/* Take characters up to white space or any character of the classes in
 * *stops*. A NUL byte is data, not a stop. */
static sh_str take_until(cursor *c, unsigned stops)
{
    const char *start = c->p;

    stops |= C_LWS;
    while (!at_end(c) && !(cls[(uint8_t)*c->p] & stops))
        c->p++;
    return sh_str_make(start, (size_t)(c->p - start));
}

/* Skip a quoted string starting at s[i] == '"'. Returns the index just past
 * the closing quote, or len when it is unterminated (*closed* tells which). */
static size_t skip_quoted(const char *s, size_t len, size_t i, bool *closed)
{
    *closed = false;
    for (i++; i < len; i++) {
        if (s[i] == '\\') {
            i++;                /* quoted-pair: the next byte is literal */
        } else if (s[i] == '"') {
            *closed = true;
            return i + 1;
        }
    }
    return len;
}

/* "SIP / 2.0 / TLS": returns the transport, empty when the text does not
 * start with a sent-protocol (then the position is left where it was, so the
 * caller can still find a sent-by there). */
static sh_str parse_sent_protocol(cursor *c)
{
    cursor save = *c;
    sh_str transport;

    skip_lws(c);
    take_until(c, C_SLASH | C_SEMI | C_COLON | C_COMMA);      /* protocol-name */
    if (!accept(c, '/')) {
        *c = save;
        return SH_STR_NULL;
    }
    skip_lws(c);
    take_until(c, C_SLASH | C_SEMI | C_COMMA);       /* protocol-version */
    if (!accept(c, '/'))
        return SH_STR_NULL;     /* "SIP/2.0 host": no transport, host follows */
    skip_lws(c);
    transport = take_until(c, C_SLASH | C_SEMI | C_COMMA);
    return transport;
}

/* How many ':' in [p, end) before the first ';' or white space: an
 * unbracketed IPv6 sent-by (not RFC-conforming; tolerated) has two or more. */
static unsigned colons_before_params(const char *p, const char *end)
{
    unsigned n = 0;
    for (; p < end && *p != ';' && !sh_is_lws(*p); p++)
        if (*p == ':')
            n++;
    return n;
}

/* sent-by = host [ COLON port ]; IPv6 hosts keep their brackets. */
static void parse_sent_by(cursor *c, sh_via *via)
{
    skip_lws(c);
    if (!at_end(c) && *c->p == '[') {
        const char *close = memchr(c->p, ']', (size_t)(c->end - c->p));
        if (close != NULL) {
            via->host = sh_str_make(c->p, (size_t)(close + 1 - c->p));
            c->p = close + 1;
        } else {
            via->host = take_until(c, C_SEMI);  /* unterminated: keep what is there */
        }
    } else if (colons_before_params(c->p, c->end) >= 2) {
        via->host = take_until(c, C_SEMI);      /* bare IPv6, no port possible */
        return;
    } else {
        via->host = take_until(c, C_COLON | C_SEMI);
    }

    {
        cursor save = *c;
        if (accept(c, ':')) {
            skip_lws(c);
            via->port = sh_str_to_port(take_until(c, C_SEMI));
        } else {
            *c = save;
        }
    }
}

/* Store a parameter value in the field it belongs to. The first occurrence
 * wins: a repeated parameter is malformed, and the first is what the sender
 * most likely meant (and what a by-position reader would see). */
static void set_once(sh_str *field, sh_str value)
{
    if (field->ptr == NULL)
        *field = value;
}

/* The parameters kept, where they go. Lengths first: most parameters of a
 * real Via are none of these, and are turned down without a comparison. */
#define PARAM(lit, member) { lit, sizeof lit - 1, offsetof(sh_via, member) }
static const struct {
    const char *name;
    size_t len;
    size_t offset;   /* of the sh_str in sh_via */
} kept_params[] = {
    PARAM("branch", branch),
    PARAM("received", received),
    PARAM("maddr", maddr),
    PARAM("proxy-call-id", proxy_call_id),
    PARAM("ingress-zone", ingress_zone),
    PARAM("egress-zone", egress_zone),
    PARAM("x-cisco-local-service", local_service),
};

static void store_param(sh_via *via, sh_str name, sh_str value, bool has_value)
{
    /* An empty value still needs a non-NULL pointer so set_once sees it. */
    if (value.ptr == NULL)
        value.ptr = name.ptr + name.len;

    if (sh_str_ieq(name, "rport")) {   /* may come without a value */
        if (!via->has_rport && has_value)
            via->rport = value;
        via->has_rport = true;
        return;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(kept_params); i++)
        if (name.len == kept_params[i].len && sh_ascii_ieq_n(name.ptr, kept_params[i].name, name.len)) {
            set_once((sh_str *)(void *)((char *)via + kept_params[i].offset), value);
            return;
        }
}

/* gen-value = token / host / quoted-string; a quoted value is returned
 * without its quotes (escapes left as written). */
static sh_str parse_param_value(cursor *c)
{
    skip_lws(c);
    if (!at_end(c) && *c->p == '"') {
        const char *s = c->p;
        bool closed;
        size_t stop = skip_quoted(s, (size_t)(c->end - s), 0, &closed);
        c->p = s + stop;
        /* Unterminated: the value runs to the end of this Via. */
        return sh_str_make(s + 1, closed ? stop - 2 : stop - 1);
    }
    return take_until(c, C_SEMI);
}

/* *( SEMI generic-param ). Junk between parameters is skipped up to the next
 * ';' so one bad parameter does not hide the rest. */
static void parse_params(cursor *c, sh_via *via)
{
    for (;;) {
        sh_str name, value = SH_STR_NULL;
        bool has_value = false;

        skip_lws(c);
        if (at_end(c))
            return;
        if (*c->p != ';') {
            while (!at_end(c) && *c->p != ';')
                c->p++;
            continue;
        }
        c->p++;
        skip_lws(c);
        name = take_until(c, C_EQUAL | C_SEMI);
        {
            cursor save = *c;
            if (accept(c, '=')) {
                value = parse_param_value(c);
                has_value = true;
            } else {
                *c = save;
            }
        }
        if (name.len)
            store_param(via, name, value, has_value);
    }
}

/* Parse one Via (one element of the comma-separated list). */
static void parse_one(sh_str text, sh_via *via)
{
    cursor c;

    memset(via, 0, sizeof *via);
    text = sh_str_trim(text);
    via->raw = text;
    if (text.len == 0)
        return;

    c.p = text.ptr;
    c.end = text.ptr + text.len;
    via->transport = parse_sent_protocol(&c);
    parse_sent_by(&c, via);
    parse_params(&c, via);
}

/* The end of the list element starting at s[i]: the next comma outside a
 * quoted string or IPv6 brackets, or len. */
static size_t element_end(const char *s, size_t len, size_t i)
{
    bool in_brackets = false;

    while (i < len) {
        char ch = s[i];
        if (!(cls[(uint8_t)ch] & C_LIST)) {
            i++;
            continue;
        }
        if (ch == '"' && !in_brackets) {
            bool closed;
            i = skip_quoted(s, len, i, &closed);
            continue;
        }
        if (ch == '[')
            in_brackets = true;
        else if (ch == ']')
            in_brackets = false;
        else if (ch == ',' && !in_brackets)
            return i;
        i++;
    }
    return len;
}

size_t sh_via_parse_list(sh_str value, sh_via *out, size_t max, size_t *total)
{
    size_t written = 0, count = 0, i = 0;

    if (out == NULL)
        max = 0;

    while (i < value.len) {
        /* Most header lines hold one Via: without a comma there is nothing
         * to split, and memchr finds that faster than the careful scan. */
        const char *comma = memchr(value.ptr + i, ',', value.len - i);
        size_t stop = comma ? element_end(value.ptr, value.len, i) : value.len;
        sh_str elem = sh_str_trim(sh_str_make(value.ptr + i, stop - i));

        /* Empty elements (",,", a trailing comma) are not Vias. */
        if (elem.len > 0) {
            count++;
            if (written < max)
                parse_one(elem, &out[written++]);
        }
        i = stop + 1;           /* past the comma (or past the end) */
    }

    if (total)
        *total = count;
    return written;
}

bool sh_via_branch_is_rfc3261(const sh_via *via)
{
    /* A bare cookie is not unique, so it does not count: the tracker uses an
     * RFC 3261 branch as a globally unique transaction key. The cookie is
     * compared case-sensitively, as RFC 3261 17.2.3 implementations do. */
    size_t n = sizeof SH_BRANCH_COOKIE - 1;
    return via && via->branch.len > n && memcmp(via->branch.ptr, SH_BRANCH_COOKIE, n) == 0;
}

const char *sh_via_sent_by(const sh_via *via, char *buf, size_t size)
{
    size_t n;

    if (buf == NULL || size == 0)
        return buf;
    buf[0] = '\0';
    if (via == NULL)
        return buf;

    n = MIN(via->host.len, size - 1);
    if (n)
        memcpy(buf, via->host.ptr, n);
    buf[n] = '\0';
    if (via->port && n < size - 1)
        snprintf(buf + n, size - n, ":%u", (unsigned)via->port);
    return buf;
}
