/* sipheaders.c - small SIP header parsers (see sipheaders.h for why).
 *
 * Every function works on a borrowed view, never reads outside it, keeps no
 * state and does work linear in the view's length: the text comes straight
 * off the wire.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "siphop/sipheaders.h"

#include <glib.h>

#include "siphop/ipaddr.h"

/* Index of the first non-white-space byte at or after i. */
static size_t skip_lws(sh_str s, size_t i)
{
    while (i < s.len && sh_is_lws(s.ptr[i]))
        i++;
    return i;
}

/* Skip a quoted string starting at s.ptr[i] == '"'. Returns the index just
 * past the closing quote, or s.len when it is unterminated. */
static size_t skip_quoted(sh_str s, size_t i, bool *closed)
{
    *closed = false;
    for (i++; i < s.len; i++) {
        if (s.ptr[i] == '\\') {
            i++;                /* quoted-pair: the next byte is literal */
        } else if (s.ptr[i] == '"') {
            *closed = true;
            return i + 1;
        }
    }
    return s.len;
}

/* Index of the first byte at or after i that is white space or in *stops*
 * (NUL bytes are data, not stops). */
static size_t span_until(sh_str s, size_t i, const char *stops)
{
    /* A bit per byte value, set once per call: the scan below then costs a
     * lookup per byte, where strchr per byte cost tens of instructions (this
     * runs over every To/From/R-URI of every message). */
    uint32_t stop[8] = { 0 };

    stop[' ' >> 5] |= 1u << (' ' & 31);
    stop['\t' >> 5] |= 1u << ('\t' & 31);
    stop['\r' >> 5] |= 1u << ('\r' & 31);
    stop['\n' >> 5] |= 1u << ('\n' & 31);
    for (; *stops; stops++)
        stop[(uint8_t)*stops >> 5] |= 1u << ((uint8_t)*stops & 31);
    while (i < s.len) {
        uint8_t ch = (uint8_t)s.ptr[i];
        if (stop[ch >> 5] & (1u << (ch & 31)))
            break;
        i++;
    }
    return i;
}

/* ---- Warning ---------------------------------------------------------- */

/* warning-value = warn-code SP warn-agent SP warn-text
 * warn-text     = quoted-string
 * A header with several comma-separated values: we only read the first, so
 * the comma needs no special handling except to end an unquoted text. */
bool sh_warning_parse(sh_str value, sh_warning *out)
{
    size_t i = skip_lws(value, 0), a, t;
    unsigned code = 0;

    memset(out, 0, sizeof *out);

    /* Exactly three digits, the first non-zero, then white space or end. */
    if (i + 3 > value.len)
        return false;
    for (size_t k = 0; k < 3; k++) {
        char ch = value.ptr[i + k];
        if (!g_ascii_isdigit(ch))
            return false;
        code = code * 10 + (unsigned)(ch - '0');
    }
    if (code < 100)
        return false;
    i += 3;
    if (i < value.len && !sh_is_lws(value.ptr[i]))
        return false;
    out->code = code;

    /* warn-agent: host[:port] or a pseudonym token, no white space. */
    a = skip_lws(value, i);
    t = span_until(value, a, "\",");
    out->agent = sh_str_slice(value, a, t);

    /* warn-text: the quoted string, without quotes, escapes as written.
     * Tolerate an unquoted text: up to the next comma, trimmed. */
    t = skip_lws(value, t);
    if (t < value.len && value.ptr[t] == '"') {
        bool closed;
        size_t stop = skip_quoted(value, t, &closed);
        out->text = sh_str_slice(value, t + 1, closed ? stop - 1 : stop);
    } else if (t < value.len && value.ptr[t] != ',') {
        const char *comma = memchr(value.ptr + t, ',', value.len - t);
        size_t stop = comma ? (size_t)(comma - value.ptr) : value.len;
        out->text = sh_str_trim(sh_str_slice(value, t, stop));
    }
    return true;
}

/* ---- Session-ID --------------------------------------------------------- */

/* session-id-value = local-uuid *( SEMI sess-id-param ), local-uuid =
 * 32 hex digits (RFC 7989 section 5). Dashed UUIDs are not RFC 7989. */
bool sh_session_id_local(sh_str value, char out[33])
{
    size_t i = skip_lws(value, 0), k;
    bool all_zero = true;

    out[0] = '\0';
    if (value.len - i < 32)
        return false;
    for (k = 0; k < 32; k++) {
        char ch = value.ptr[i + k];
        if (!g_ascii_isxdigit(ch)) {
            out[0] = '\0';
            return false;
        }
        out[k] = g_ascii_tolower(ch);
        if (ch != '0')
            all_zero = false;
    }
    out[32] = '\0';

    /* After the UUID only white space, then ';' params or the end. */
    i = skip_lws(value, i + 32);
    if ((i < value.len && value.ptr[i] != ';') || all_zero) {
        out[0] = '\0';
        return false;
    }
    return true;
}

/* ---- Status-Line reason -------------------------------------------------- */

sh_str sh_status_line_reason(sh_str line)
{
    size_t i = skip_lws(line, 0), stop;
    const char *eol;

    /* The reason is one line: never run on into headers. */
    eol = line.len > i ? memchr(line.ptr + i, '\n', line.len - i) : NULL;
    if (eol)
        line.len = (size_t)(eol - line.ptr);

    if (sh_str_iprefix(sh_str_slice(line, i, line.len), "SIP/")) {
        i = span_until(line, i, "");
        i = skip_lws(line, i);
    }
    /* Status-Code = 3DIGIT */
    if (i + 3 > line.len)
        return SH_STR_NULL;
    if (!sh_all_digits(line.ptr + i, 3))
        return SH_STR_NULL;
    i += 3;
    if (i < line.len && !sh_is_lws(line.ptr[i]))
        return SH_STR_NULL;     /* "5000 ..." is not a status code */
    stop = line.len;
    return sh_str_trim(sh_str_slice(line, i, stop));
}

/* ---- name-addr / addr-spec ---------------------------------------------- */

/* Where the URI of a To/From/Contact value sits: inside <...> when the value
 * has angle brackets (after an optional quoted display-name), else the whole
 * value. Returns false for a display-name without a <URI>. */
static bool find_uri(sh_str v, sh_str *uri, size_t *after)
{
    size_t i = 0;
    const char *lt, *gt;

    if (v.len && v.ptr[0] == '"') {
        bool closed;
        i = skip_quoted(v, 0, &closed);
        if (!closed)
            return false;
    }
    lt = i < v.len ? memchr(v.ptr + i, '<', v.len - i) : NULL;
    if (lt == NULL) {
        if (i > 0)
            return false;       /* "x" without <...> is not an address */
        *uri = v;
        *after = v.len;
        return true;
    }
    i = (size_t)(lt - v.ptr) + 1;
    gt = memchr(v.ptr + i, '>', v.len - i);
    *uri = sh_str_slice(v, i, gt ? (size_t)(gt - v.ptr) : v.len);
    *after = gt ? (size_t)(gt - v.ptr) + 1 : v.len;
    return true;
}

/* True for an IPv6 address written without brackets ("2001:db8::1"). */
static bool is_bare_ipv6(sh_str s)
{
    uint8_t b[16];
    return sh_ip_parse(s.ptr, s.len, b) == 6;
}

/* The host of hostport text starting at hp.ptr: "[v6]" without brackets
 * (empty when unterminated), else up to ':' or a URI delimiter. */
static sh_str host_of_hostport(sh_str hp)
{
    size_t stop;

    if (hp.len && hp.ptr[0] == '[') {
        const char *close = memchr(hp.ptr, ']', hp.len);
        return close ? sh_str_slice(hp, 1, (size_t)(close - hp.ptr)) : SH_STR_NULL;
    }
    stop = span_until(hp, 0, ":;?>,/");
    return sh_str_slice(hp, 0, stop);
}

/* Length of a URI scheme at the start of *uri* ("sip" of "sip:..."), 0 when
 * the text does not start with scheme ":" (RFC 3986 3.1). */
static size_t scheme_len(sh_str uri)
{
    size_t k = 0;

    if (uri.len == 0 || !g_ascii_isalpha(uri.ptr[0]))
        return 0;
    while (k < uri.len && (g_ascii_isalnum(uri.ptr[k]) || uri.ptr[k] == '+' ||
                           uri.ptr[k] == '-' || uri.ptr[k] == '.'))
        k++;
    return k < uri.len && uri.ptr[k] == ':' ? k : 0;
}

/* True when the text after a "name:" looks like a port (digits up to the end
 * or a delimiter), i.e. the "scheme" was really a host. */
static bool looks_like_port(sh_str uri, size_t i)
{
    size_t stop = span_until(uri, i, ";?>,/");
    if (stop == i)
        return false;
    return sh_all_digits(uri.ptr + i, stop - i);
}

sh_str sh_uri_host(sh_str name_addr)
{
    sh_str v = sh_str_trim(name_addr), uri, rest;
    size_t after, scheme, start = 0, bound;
    const char *at;

    if (!find_uri(v, &uri, &after))
        return SH_STR_NULL;
    uri = sh_str_trim(uri);
    if (uri.len == 0)
        return SH_STR_NULL;

    if (is_bare_ipv6(uri))
        return uri;             /* a bare Request-URI host, IPv6 unbracketed */

    /* "sip:" or "sips:" -> parse; "tel:" and other schemes -> no host to
     * route by; "host:5060" has no scheme at all. */
    scheme = scheme_len(uri);
    if (scheme > 0) {
        sh_str name = sh_str_slice(uri, 0, scheme);
        if (sh_str_ieq(name, "sip") || sh_str_ieq(name, "sips"))
            start = scheme + 1;
        else if (sh_str_ieq(name, "tel") || !looks_like_port(uri, scheme + 1))
            return SH_STR_NULL;
    }

    /* userinfo ends at the first '@' (a user part may hold ';' and '=', as
     * in "sip:+1555;npdi@gw;user=phone"); search only up to where the URI
     * certainly ends. */
    rest = sh_str_slice(uri, start, uri.len);
    bound = span_until(rest, 0, "?>");
    at = bound ? memchr(rest.ptr, '@', bound) : NULL;
    if (at)
        rest = sh_str_slice(rest, (size_t)(at - rest.ptr) + 1, rest.len);
    return host_of_hostport(rest);
}

/* ---- tag parameter ---------------------------------------------------- */

sh_str sh_nameaddr_tag(sh_str name_addr)
{
    sh_str v = sh_str_trim(name_addr), uri;
    size_t after, i;

    if (v.len == 0 || !find_uri(v, &uri, &after))
        return SH_STR_NULL;
    if (after == v.len && uri.ptr == v.ptr) {
        /* addr-spec without <>: header params start at the first ';'
         * (RFC 3261 20.10). */
        const char *semi = memchr(v.ptr, ';', v.len);
        if (semi == NULL)
            return SH_STR_NULL;
        after = (size_t)(semi - v.ptr);
    }

    /* *( SEMI generic-param ) */
    i = after;
    while (i < v.len) {
        size_t name_start, name_stop;
        sh_str value = SH_STR_NULL;

        i = skip_lws(v, i);
        if (i >= v.len || v.ptr[i] != ';') {
            /* junk or another list element: skip to the next ';' */
            const char *semi = i < v.len ? memchr(v.ptr + i, ';', v.len - i) : NULL;
            if (semi == NULL)
                break;
            i = (size_t)(semi - v.ptr);
        }
        i = skip_lws(v, i + 1);
        name_start = i;
        name_stop = i = span_until(v, i, "=;,");
        i = skip_lws(v, i);
        if (i < v.len && v.ptr[i] == '=') {
            i = skip_lws(v, i + 1);
            if (i < v.len && v.ptr[i] == '"') {
                bool closed;
                size_t stop = skip_quoted(v, i, &closed);
                value = sh_str_slice(v, i + 1, closed ? stop - 1 : stop);
                i = stop;
            } else {
                size_t stop = span_until(v, i, ";,");
                value = sh_str_slice(v, i, stop);
                i = stop;
            }
        }
        if (sh_str_ieq(sh_str_slice(v, name_start, name_stop), "tag"))
            return value;
    }
    return SH_STR_NULL;
}

sh_str sh_uri_of(sh_str v)
{
    const char *lt, *gt;
    size_t i;

    v = sh_str_trim(v);
    if (v.len && (lt = memchr(v.ptr, '<', v.len)) != NULL) {
        size_t from = (size_t)(lt - v.ptr) + 1;
        gt = memchr(lt, '>', v.len - from + 1);
        v = sh_str_slice(v, from, gt ? (size_t)(gt - v.ptr) : v.len);
    }
    if (sh_str_iprefix(v, "sip:"))
        v = sh_str_slice(v, 4, v.len);
    else if (sh_str_iprefix(v, "sips:"))
        v = sh_str_slice(v, 5, v.len);
    for (i = 0; i < v.len && v.ptr[i] != ';' && v.ptr[i] != '>' && v.ptr[i] != '?'; i++)
        ;
    return sh_str_slice(v, 0, i);
}

char *sh_cell_text(sh_str v, size_t max)
{
    char *raw, *s;

    v = sh_str_trim(v);
    if (v.len > max)
        v.len = max;
    raw = g_strndup(v.ptr ? v.ptr : "", v.len);
    s = g_utf8_make_valid(raw, -1);
    g_free(raw);
    for (char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = ' ';
    return s;
}

sh_str sh_ruri_host_of(sh_str bytes)
{
    size_t pos = 0;
    sh_str line = sh_str_next_line(bytes, &pos);
    const char *sp = line.len ? memchr(line.ptr, ' ', line.len) : NULL;
    const char *sp2;
    size_t from;

    if (!sp || sh_str_iprefix(line, "SIP/"))
        return SH_STR_NULL;
    from = (size_t)(sp - line.ptr) + 1;
    sp2 = from < line.len ? memchr(line.ptr + from, ' ', line.len - from) : NULL;
    return sh_uri_host(sh_str_slice(line, from, sp2 ? (size_t)(sp2 - line.ptr) : line.len));
}
