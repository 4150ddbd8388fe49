/* offer.c - does a message carry an SDP session description (offer.h)?
 *
 * Wireshark's own verdict (the SDP dissector ran) is the best evidence. When
 * it is missing - the body was not reassembled, or the message came from a
 * log - we judge from Content-Type, Content-Length and, for multipart
 * bodies (SDP next to ISUP, QSIG or a PIDF-LO location), the parts' own
 * Content-Type headers.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "siphop/offer.h"

#include <glib.h>

/* RFC 2046 5.1.1 limits a boundary to 70 characters; allow some slack for
 * sloppy senders but keep the delimiter comparison bounded. */
#define BOUNDARY_MAX 200

/* The media type of a Content-Type value: "type/subtype" before any ';'. */
static sh_str media_type(sh_str content_type)
{
    const char *semi = content_type.len ? memchr(content_type.ptr, ';', content_type.len) : NULL;
    if (semi)
        content_type.len = (size_t)(semi - content_type.ptr);
    return sh_str_trim(content_type);
}

/* The boundary parameter of a multipart Content-Type value (token or quoted
 * string, case-sensitive). Empty when absent or unusable. */
static sh_str boundary_param(sh_str ct)
{
    size_t i = 0;

    while (i < ct.len) {
        const char *semi = memchr(ct.ptr + i, ';', ct.len - i);
        size_t name_start, eq;
        sh_str name, value;

        if (semi == NULL)
            break;
        name_start = (size_t)(semi - ct.ptr) + 1;
        eq = name_start;
        while (eq < ct.len && ct.ptr[eq] != '=' && ct.ptr[eq] != ';')
            eq++;
        i = eq;
        if (eq >= ct.len || ct.ptr[eq] != '=')
            continue;           /* a parameter without value */
        name = sh_str_trim(sh_str_slice(ct, name_start, eq));
        if (!sh_str_ieq(name, "boundary"))
            continue;

        value = sh_str_trim(sh_str_slice(ct, eq + 1, ct.len));
        if (value.len && value.ptr[0] == '"') {
            const char *q = memchr(value.ptr + 1, '"', value.len - 1);
            value = q ? sh_str_slice(value, 1, (size_t)(q - value.ptr)) : SH_STR_NULL;
        } else {
            size_t k = 0;
            while (k < value.len && value.ptr[k] != ';' && !sh_is_lws(value.ptr[k]))
                k++;
            value.len = k;
        }
        return value.len <= BOUNDARY_MAX ? value : SH_STR_NULL;
    }
    return SH_STR_NULL;
}

/* Is *line* a delimiter "--boundary" (or the close "--boundary--")? */
static bool is_delimiter(sh_str line, sh_str boundary)
{
    return line.len >= boundary.len + 2 && line.ptr[0] == '-' && line.ptr[1] == '-' &&
           memcmp(line.ptr + 2, boundary.ptr, boundary.len) == 0;
}

/* One body part (its headers, a blank line, its content): SDP when its
 * Content-Type (or compact "c") is application/sdp and the content is not
 * empty. */
static bool part_is_sdp(sh_str part)
{
    size_t pos = 0;
    bool sdp_type = false;

    while (pos < part.len) {
        sh_str line = sh_str_next_line(part, &pos);
        const char *colon;

        if (line.len == 0)
            return sdp_type && sh_str_trim(sh_str_slice(part, pos, part.len)).len > 0;
        colon = memchr(line.ptr, ':', line.len);
        if (colon == NULL || sh_is_lws(line.ptr[0]))
            continue;
        {
            sh_str name = sh_str_trim(sh_str_slice(line, 0, (size_t)(colon - line.ptr)));
            sh_str value = sh_str_slice(line, (size_t)(colon - line.ptr) + 1, line.len);
            if (sh_str_ieq(name, "Content-Type") || sh_str_ieq(name, "c"))
                sdp_type = sh_str_ieq(media_type(value), "application/sdp");
        }
    }
    return false;               /* headers never ended: no content */
}

/* Walk the delimiter lines of a multipart body (RFC 2046 5.1) and test each
 * part. Nested multiparts are not descended into (that would need a stack);
 * SIP bodies put the SDP at the top level. */
static bool multipart_has_sdp(sh_str body, sh_str boundary)
{
    size_t pos = 0, part_start = 0;
    bool in_part = false;

    while (pos < body.len) {
        size_t line_start = pos;
        sh_str line = sh_str_next_line(body, &pos);

        if (!is_delimiter(line, boundary))
            continue;
        if (in_part && part_is_sdp(sh_str_slice(body, part_start, line_start)))
            return true;
        if (line.len >= boundary.len + 4 && line.ptr[boundary.len + 2] == '-' &&
            line.ptr[boundary.len + 3] == '-')
            return false;       /* close delimiter: the epilogue follows */
        part_start = pos;
        in_part = true;
    }
    /* No close delimiter (a truncated body): judge the last part anyway. */
    return in_part && part_is_sdp(sh_str_slice(body, part_start, body.len));
}

bool sh_body_has_sdp(const sh_body_info *b)
{
    sh_str type, body;

    if (b == NULL)
        return false;
    if (b->sdp_dissected)
        return true;

    /* Bytes beyond Content-Length are not this message's body. */
    body = b->body;
    if (b->has_content_length) {
        if (b->content_length == 0)
            return false;
        if (body.len > b->content_length)
            body.len = b->content_length;
    }

    type = media_type(b->content_type);
    if (sh_str_ieq(type, "application/sdp"))
        return b->has_content_length || sh_str_trim(body).len > 0;

    if (sh_str_iprefix(type, "multipart/")) {
        sh_str boundary = boundary_param(b->content_type);
        return boundary.len > 0 && body.len > 0 && multipart_has_sdp(body, boundary);
    }
    return false;
}
