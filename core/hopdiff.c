/* hopdiff.c - an INVITE's shape and what a hop changed (see hopdiff.h).
 *
 * sh_msg_parse reads what it reads for the tracker (Call-ID, the Via
 * count, the body and its SDP); one more pass over the header lines, with
 * the same line rules (CRs before the start line skipped, folded lines
 * belong to the header they continue, the blank line ends the headers),
 * collects the header names and the few values only this needs
 * (Max-Forwards, Record-Route, Contact).
 *
 * Header names common in SIP and in Cisco networks are kept as bits of a
 * 128-bit set, indexed by the table below; any other name is kept as text.
 * Values are kept as 32-bit digests, compared only for equality: a false
 * "unchanged" needs a 32-bit collision between two legs of one call.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "siphop/hopdiff.h"

#include <glib.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "siphop/hash.h"
#include "siphop/message.h"
#include "siphop/offer.h"

/* Header names known by index (case-insensitive; the spelling shown).
 * Order does not matter (the text sorts the names it lists); at most 128. */
static const char *const known_names[] = {
    "Accept", "Accept-Contact", "Accept-Encoding", "Accept-Language", "Accept-Resource-Priority",
    "Alert-Info", "Allow", "Allow-Events", "Answer-Mode", "Authentication-Info", "Authorization",
    "Call-ID", "Call-Info", "Cisco-Guid", "Contact", "Content-Disposition", "Content-Encoding",
    "Content-Language", "Content-Length", "Content-Type", "CSeq", "Date", "Diversion", "Error-Info",
    "Event", "Expires", "Feature-Caps", "From", "Geolocation", "Geolocation-Routing", "History-Info",
    "Identity", "Identity-Info", "In-Reply-To", "Join", "Max-Breadth", "Max-Forwards", "MIME-Version",
    "Min-Expires", "Min-SE", "Organization", "P-Access-Network-Info", "P-Asserted-Identity",
    "P-Asserted-Service", "P-Associated-URI", "P-Called-Party-ID", "P-Charging-Function-Addresses",
    "P-Charging-Vector", "P-Early-Media", "P-Preferred-Identity", "P-Preferred-Service",
    "P-Visited-Network-ID", "Path", "Priority", "Priv-Answer-Mode", "Privacy", "Proxy-Authenticate",
    "Proxy-Authorization", "Proxy-Require", "RAck", "Reason", "Record-Route", "Refer-Sub", "Refer-To",
    "Referred-By", "Reject-Contact", "Remote-Party-ID", "Replaces", "Reply-To", "Request-Disposition",
    "Require", "Resource-Priority", "Retry-After", "Route", "RSeq", "Security-Client", "Security-Server",
    "Security-Verify", "Server", "Service-Route", "Session-Expires", "Session-ID", "SIP-ETag",
    "SIP-If-Match", "Subject", "Subscription-State", "Supported", "Target-Dialog", "Timestamp", "To",
    "Unsupported", "User-Agent", "User-to-User", "Via", "Warning", "WWW-Authenticate", "X-Call-ID",
    "X-CID", "X-TAATag",
};
G_STATIC_ASSERT(G_N_ELEMENTS(known_names) <= 128);

/* Compact forms (RFC 3261 7.3.3 and the extensions' registrations). */
static const struct {
    char compact;
    const char *name;
} compact_forms[] = {
    { 'a', "Accept-Contact" }, { 'b', "Referred-By" }, { 'c', "Content-Type" },
    { 'd', "Request-Disposition" }, { 'e', "Content-Encoding" }, { 'f', "From" },
    { 'i', "Call-ID" }, { 'j', "Reject-Contact" }, { 'k', "Supported" },
    { 'l', "Content-Length" }, { 'm', "Contact" }, { 'n', "Identity-Info" },
    { 'o', "Event" }, { 'r', "Refer-To" }, { 's', "Subject" }, { 't', "To" },
    { 'u', "Allow-Events" }, { 'v', "Via" }, { 'x', "Session-Expires" }, { 'y', "Identity" },
};

enum {
    F_CALL_ID = 1u << 0,      /* has a Call-ID (digest in call_id) */
    F_CONTACT = 1u << 1,      /* has a Contact (digest in contact) */
    F_MAX_FORWARDS = 1u << 2, /* has a readable Max-Forwards */
    F_SDP = 1u << 3,          /* carries SDP */
    F_SDP_UNKNOWN = 1u << 4,  /* cut short without SDP in what is left */
    F_NAMES_OVER = 1u << 5,   /* more than SH_HOPSHAPE_MAX_NAMES names */
};

struct sh_hopshape {
    uint64_t known[2];        /* bit i: known_names[i] is present */
    uint32_t call_id;         /* digests */
    uint32_t uri;
    uint32_t contact;
    uint32_t max_forwards;
    uint16_t vias;            /* counts, saturated at 65535 */
    uint16_t rrs;
    uint16_t flags;           /* F_* */
    uint8_t uri_len;          /* bytes of text[] showing the Request-URI */
    uint8_t n_other;          /* names not in the table, after it in text[]: */
    uint16_t other_len;       /* each one length byte and its bytes */
    char text[];
};

/* The names that have their own item are not listed as added or removed. */
static bool has_own_item(const char *name)
{
    return g_ascii_strcasecmp(name, "Via") == 0 || g_ascii_strcasecmp(name, "Max-Forwards") == 0 ||
           g_ascii_strcasecmp(name, "Record-Route") == 0 || g_ascii_strcasecmp(name, "Contact") == 0 ||
           g_ascii_strcasecmp(name, "Call-ID") == 0;
}

static int known_index(sh_str name)
{
    if (name.len == 1) {
        char c = sh_ascii_lower(name.ptr[0]);
        for (size_t i = 0; i < G_N_ELEMENTS(compact_forms); i++)
            if (compact_forms[i].compact == c)
                return known_index(sh_str_from(compact_forms[i].name));
        return -1;
    }
    /* Every header line of every INVITE passes here: the first letter
     * before any length or comparison. */
    char first = name.len ? sh_ascii_lower(name.ptr[0]) : 0;
    for (size_t i = 0; i < G_N_ELEMENTS(known_names); i++)
        if (sh_ascii_lower(known_names[i][0]) == first && sh_str_ieq(name, known_names[i]))
            return (int)i;
    return -1;
}

static uint32_t digest32(uint64_t h)
{
    h = sh_hash_finish(h);
    return (uint32_t)(h ^ (h >> 32));
}

/* Bytes shown as they are only when printable ASCII. */
static char shown_byte(char c)
{
    return c > ' ' && c < 0x7f ? c : '?';
}

static uint16_t sat16(size_t n)
{
    return n > UINT16_MAX ? UINT16_MAX : (uint16_t)n;
}

/* Entries of one Record-Route value: commas outside quotes and <>. */
static size_t count_entries(sh_str v)
{
    size_t n = 0;
    bool quoted = false, escaped = false, entry = false;
    int angle = 0;

    for (size_t i = 0; i < v.len; i++) {
        char c = v.ptr[i];
        if (quoted) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                quoted = false;
            continue;
        }
        if (c == ',' && angle == 0) {
            n += entry;
            entry = false;
            continue;
        }
        if (c == '"')
            quoted = true;
        else if (c == '<')
            angle = 1;
        else if (c == '>')
            angle = 0;
        if (!sh_is_lws(c))
            entry = true;
    }
    return n + entry;
}

/* What the header pass collects before the shape is allocated. */
typedef struct builder {
    uint64_t known[2];
    unsigned names;           /* distinct names kept, known and other */
    bool names_over;
    bool has_mf, has_contact;
    uint8_t n_other;
    uint32_t mf;
    uint64_t contact;
    size_t rrs;
    size_t other_len;
    /* Written before read: not cleared. */
    uint32_t other_digest[SH_HOPSHAPE_MAX_NAMES];
    char other[SH_HOPSHAPE_MAX_NAMES * (1 + SH_HOPSHAPE_NAME_KEPT)];
} builder;

static void add_name(builder *b, sh_str name)
{
    int k = known_index(name);
    char kept[SH_HOPSHAPE_NAME_KEPT];
    size_t n = MIN(name.len, sizeof kept), at = 0;
    uint64_t h = SH_HASH_INIT;
    uint32_t d;

    if (k >= 0) {
        uint64_t bit = UINT64_C(1) << (k % 64);
        if ((b->known[k / 64] & bit) || has_own_item(known_names[k]))
            return;
        if (b->names >= SH_HOPSHAPE_MAX_NAMES) {
            b->names_over = true;
            return;
        }
        b->known[k / 64] |= bit;
        b->names++;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        kept[i] = shown_byte(name.ptr[i]);
        h = sh_hash_bytes(h, &(char){ sh_ascii_lower(kept[i]) }, 1);
    }
    d = digest32(h);
    for (unsigned i = 0; i < b->n_other; i++) {
        size_t len = (unsigned char)b->other[at];
        if (b->other_digest[i] == d && len == n && sh_ascii_ieq_n(b->other + at + 1, kept, n))
            return;
        at += 1 + len;
    }
    if (b->names >= SH_HOPSHAPE_MAX_NAMES) {
        b->names_over = true;
        return;
    }
    b->other[b->other_len] = (char)n;
    memcpy(b->other + b->other_len + 1, kept, n);
    b->other_len += 1 + n;
    b->other_digest[b->n_other++] = d;
    b->names++;
}

/* The header value on *line* (after its colon), continued over the folded
 * lines that follow; moves *pos* past them. */
static sh_str full_value(sh_str bytes, size_t *pos, sh_str line, size_t colon)
{
    while (*pos < bytes.len && sh_is_wsp(bytes.ptr[*pos])) {
        sh_str more = sh_str_next_line(bytes, pos);
        line.len = (size_t)(more.ptr + more.len - line.ptr);
    }
    return sh_str_trim(sh_str_slice(line, colon + 1, line.len));
}

/* The Request-URI: the start line's second token. */
static sh_str request_uri(sh_str line)
{
    size_t i = 0, start;

    while (i < line.len && !sh_is_lws(line.ptr[i]))
        i++;
    while (i < line.len && sh_is_lws(line.ptr[i]))
        i++;
    start = i;
    while (i < line.len && !sh_is_lws(line.ptr[i]))
        i++;
    return sh_str_slice(line, start, i);
}

static void read_headers(sh_str bytes, builder *b, sh_str *uri)
{
    size_t pos = 0;
    uint64_t contact = SH_HASH_INIT;

    *uri = SH_STR_NULL;
    while (pos < bytes.len && (bytes.ptr[pos] == '\r' || bytes.ptr[pos] == '\n'))
        pos++;
    if (pos < bytes.len)
        *uri = request_uri(sh_str_next_line(bytes, &pos));
    while (pos < bytes.len) {
        sh_str line = sh_str_next_line(bytes, &pos), name;
        const char *colon;
        size_t c;

        if (line.len == 0)
            break;   /* the blank line */
        if (sh_is_wsp(line.ptr[0]))
            continue;   /* folded, of a header whose value is not read */
        if ((colon = memchr(line.ptr, ':', line.len)) == NULL)
            continue;
        c = (size_t)(colon - line.ptr);
        name = sh_str_trim(sh_str_slice(line, 0, c));
        if (name.len == 0)
            continue;
        add_name(b, name);
        if (sh_str_ieq(name, "Max-Forwards")) {
            unsigned long v;
            sh_str value = full_value(bytes, &pos, line, c);
            if (!b->has_mf && sh_str_to_uint(value, UINT32_MAX, &v)) {
                b->has_mf = true;
                b->mf = (uint32_t)v;
            }
        } else if (sh_str_ieq(name, "Record-Route")) {
            b->rrs += count_entries(full_value(bytes, &pos, line, c));
        } else if (sh_str_ieq(name, "Contact") || (name.len == 1 && sh_ascii_lower(name.ptr[0]) == 'm')) {
            contact = sh_hash_str(contact, full_value(bytes, &pos, line, c));
            b->has_contact = true;
        }
    }
    b->contact = contact;
}

sh_hopshape *sh_hopshape_new(sh_str bytes)
{
    builder bb, *b = &bb;   /* 2.3 KiB */
    sh_msg m;
    sh_body_info body;
    sh_str uri;
    char shown[SH_HOPSHAPE_URI_SHOWN];
    size_t shown_len = 0;
    sh_hopshape *s;
    uint16_t flags = 0;

    memset(b, 0, offsetof(builder, other_digest));
    (void)sh_msg_parse(bytes, &m, NULL, 0, &body);
    read_headers(bytes, b, &uri);

    /* The Request-URI as shown: whole, or its start and end around "...". */
    if (uri.len <= sizeof shown) {
        for (size_t i = 0; i < uri.len; i++)
            shown[shown_len++] = shown_byte(uri.ptr[i]);
    } else {
        size_t head = (sizeof shown - 3) / 2, tail = sizeof shown - 3 - head;
        for (size_t i = 0; i < head; i++)
            shown[shown_len++] = shown_byte(uri.ptr[i]);
        memcpy(shown + shown_len, "...", 3);
        shown_len += 3;
        for (size_t i = uri.len - tail; i < uri.len; i++)
            shown[shown_len++] = shown_byte(uri.ptr[i]);
    }

    s = g_malloc0(sizeof *s + shown_len + b->other_len);
    memcpy(s->known, b->known, sizeof s->known);
    if (m.call_id.len) {
        flags |= F_CALL_ID;
        s->call_id = digest32(sh_hash_str(SH_HASH_INIT, m.call_id));
    }
    s->uri = digest32(sh_hash_str(SH_HASH_INIT, uri));
    if (b->has_contact) {
        flags |= F_CONTACT;
        s->contact = digest32(b->contact);
    }
    if (b->has_mf) {
        flags |= F_MAX_FORWARDS;
        s->max_forwards = b->mf;
    }
    if (sh_body_has_sdp(&body))
        flags |= F_SDP;
    else if (m.body_cut)
        flags |= F_SDP_UNKNOWN;
    if (b->names_over)
        flags |= F_NAMES_OVER;
    s->flags = flags;
    s->vias = sat16(m.via_total);
    s->rrs = sat16(b->rrs);
    s->uri_len = (uint8_t)shown_len;
    s->n_other = b->n_other;
    s->other_len = (uint16_t)b->other_len;
    if (shown_len)
        memcpy(s->text, shown, shown_len);
    if (b->other_len)
        memcpy(s->text + shown_len, b->other, b->other_len);
    return s;
}

void sh_hopshape_free(sh_hopshape *s)
{
    g_free(s);
}

size_t sh_hopshape_size(const sh_hopshape *s)
{
    return s ? sizeof *s + s->uri_len + s->other_len : 0;
}

/* ---- the text ------------------------------------------------------------ */

/* The first SH_TEXT_FIT bytes of the text, and how long it would be. */
typedef struct text {
    char buf[SH_TEXT_FIT + 1];
    size_t len;               /* would-be length; only the first bytes kept */
    bool items;               /* an item was written: the next one gets "; " */
} text;

static void put(text *t, const char *p, size_t n)
{
    if (t->len < sizeof t->buf) {
        size_t room = sizeof t->buf - t->len;
        memcpy(t->buf + t->len, p, MIN(n, room));
    }
    t->len += n;
}

static void puts_(text *t, const char *s)
{
    put(t, s, strlen(s));
}

static void item(text *t, const char *s)
{
    if (t->items)
        put(t, "; ", 2);
    t->items = true;
    puts_(t, s);
}

static void itemf(text *t, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void itemf(text *t, const char *fmt, ...)
{
    char one[128];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(one, sizeof one, fmt, ap);
    va_end(ap);
    item(t, one);
}

static void count_item(text *t, const char *what, unsigned up, unsigned down)
{
    if (up != down)
        itemf(t, "%s %+ld (%u)", what, (long)down - (long)up, down);
}

typedef struct name_ref {
    const char *p;
    size_t len;
} name_ref;

static int name_cmp(const void *a, const void *b)
{
    const name_ref *x = a, *y = b;
    size_t n = MIN(x->len, y->len);

    for (size_t i = 0; i < n; i++) {
        int d = (unsigned char)sh_ascii_lower(x->p[i]) - (unsigned char)sh_ascii_lower(y->p[i]);
        if (d)
            return d;
    }
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return memcmp(x->p, y->p, n);
}

static bool has_other(const sh_hopshape *s, const char *p, size_t len)
{
    const char *at = s->text + s->uri_len;

    for (unsigned i = 0; i < s->n_other; i++) {
        size_t n = (unsigned char)at[0];
        if (n == len && sh_ascii_ieq_n(at + 1, p, n))
            return true;
        at += 1 + n;
    }
    return false;
}

static bool same_names(const sh_hopshape *a, const sh_hopshape *b)
{
    const char *at = a->text + a->uri_len;

    if (a->known[0] != b->known[0] || a->known[1] != b->known[1] || a->n_other != b->n_other)
        return false;
    for (unsigned i = 0; i < a->n_other; i++) {
        size_t len = (unsigned char)at[0];
        if (!has_other(b, at + 1, len))
            return false;
        at += 1 + len;
    }
    return true;
}

/* "added: A, B" for the names *a* has and *b* has not. */
static void names_item(text *t, const char *label, const sh_hopshape *a, const sh_hopshape *b)
{
    name_ref refs[SH_HOPSHAPE_MAX_NAMES];
    size_t n = 0;
    const char *at = a->text + a->uri_len;

    for (unsigned k = 0; k < G_N_ELEMENTS(known_names); k++) {
        uint64_t bit = UINT64_C(1) << (k % 64);
        if ((a->known[k / 64] & bit) && !(b->known[k / 64] & bit) && n < G_N_ELEMENTS(refs))
            refs[n++] = (name_ref){ known_names[k], strlen(known_names[k]) };
    }
    for (unsigned i = 0; i < a->n_other; i++) {
        size_t len = (unsigned char)at[0];
        if (!has_other(b, at + 1, len) && n < G_N_ELEMENTS(refs))
            refs[n++] = (name_ref){ at + 1, len };
        at += 1 + len;
    }
    if (n == 0)
        return;
    qsort(refs, n, sizeof refs[0], name_cmp);
    item(t, label);
    for (size_t i = 0; i < n; i++) {
        if (i)
            put(t, ", ", 2);
        put(t, refs[i].p, refs[i].len);
    }
}

static const char *uri_shown(const sh_hopshape *s, char out[SH_HOPSHAPE_URI_SHOWN + 1])
{
    if (s->uri_len == 0)
        return "(none)";
    memcpy(out, s->text, s->uri_len);
    out[s->uri_len] = '\0';
    return out;
}

/* Where to cut a text longer than *limit*: after the last whole item or
 * list entry that leaves room for "...", if that keeps at least half of it;
 * else on a character boundary. */
static size_t cut_point(const char *s, size_t limit)
{
    size_t keep = limit >= 3 ? limit - 3 : limit;

    for (size_t i = keep; limit >= 3 && i >= keep / 2 && i > 0; i--)
        if ((s[i] == ';' || s[i] == ',') && s[i + 1] == ' ')
            return i;
    while (keep > 0 && ((unsigned char)s[keep] & 0xc0) == 0x80)
        keep--;   /* s[keep] continues a UTF-8 character: cut before it */
    return keep;
}

const char *sh_hopshape_diff(const sh_hopshape *up, const sh_hopshape *down, char *buf, size_t size)
{
    text tt, *t = &tt;
    size_t limit;

    if (size == 0)
        return buf;
    buf[0] = '\0';
    if (!up || !down)
        return buf;
    memset(t, 0, sizeof *t);

    if (((up->flags ^ down->flags) & F_CALL_ID) || up->call_id != down->call_id)
        item(t, "Call-ID changed");
    if (up->uri != down->uri || up->uri_len != down->uri_len ||
        memcmp(up->text, down->text, up->uri_len) != 0) {
        char a[SH_HOPSHAPE_URI_SHOWN + 1], b[SH_HOPSHAPE_URI_SHOWN + 1];
        itemf(t, "Request-URI %s -> %s", uri_shown(up, a), uri_shown(down, b));
    }
    count_item(t, "Via", up->vias, down->vias);
    if ((up->flags & down->flags & F_MAX_FORWARDS) && up->max_forwards != down->max_forwards)
        itemf(t, "Max-Forwards %u -> %u", (unsigned)up->max_forwards, (unsigned)down->max_forwards);
    else if (!(up->flags & F_MAX_FORWARDS) && (down->flags & F_MAX_FORWARDS))
        itemf(t, "Max-Forwards added (%u)", (unsigned)down->max_forwards);
    else if ((up->flags & F_MAX_FORWARDS) && !(down->flags & F_MAX_FORWARDS))
        item(t, "Max-Forwards removed");
    count_item(t, "Record-Route", up->rrs, down->rrs);
    if ((up->flags & down->flags & F_CONTACT) && up->contact != down->contact)
        item(t, "Contact changed");
    else if (!(up->flags & F_CONTACT) && (down->flags & F_CONTACT))
        item(t, "Contact added");
    else if ((up->flags & F_CONTACT) && !(down->flags & F_CONTACT))
        item(t, "Contact removed");
    if (!((up->flags | down->flags) & F_SDP_UNKNOWN) && ((up->flags ^ down->flags) & F_SDP))
        item(t, (down->flags & F_SDP) ? "SDP added" : "SDP removed");
    if ((up->flags | down->flags) & F_NAMES_OVER) {
        /* Both over with the same names kept: taken as the same. */
        if (!((up->flags & down->flags & F_NAMES_OVER) && same_names(up, down)))
            item(t, "header names not compared (over " G_STRINGIFY(SH_HOPSHAPE_MAX_NAMES) ")");
    } else {
        names_item(t, "added: ", down, up);
        names_item(t, "removed: ", up, down);
    }

    limit = MIN(SH_TEXT_FIT, size - 1);
    if (t->len <= limit) {
        memcpy(buf, t->buf, t->len);
        buf[t->len] = '\0';
    } else {
        size_t cut = cut_point(t->buf, limit);
        memcpy(buf, t->buf, cut);
        if (limit >= 3) {
            memcpy(buf + cut, "...", 3);
            cut += 3;
        }
        buf[cut] = '\0';
    }
    return buf;
}
