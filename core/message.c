/* message.c - one SIP message from its bytes (see message.h).
 *
 * One pass over the lines: the start line, then each header line with the
 * folded lines that continue it, up to the blank line. A header is told by
 * its name's length before any comparison, because most lines of a real
 * message are headers siphop does not read.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "siphop/message.h"

#include <glib.h>
#include <string.h>

#include "siphop/sipheaders.h"

/* The headers read, and what each is called in full and compact form. */
typedef enum header_id {
    H_OTHER,
    H_VIA,
    H_CALL_ID,
    H_CSEQ,
    H_FROM,
    H_TO,
    H_WARNING,
    H_SESSION_ID,
    H_SERVER,
    H_USER_AGENT,
    H_CONTENT_TYPE,
    H_CONTENT_LENGTH,
    H_RSEQ,
    H_RACK,
    H_CISCO_GUID,
    H_X_CALL_ID,
    H_X_CID,
} header_id;

#define NAME(lit) lit, sizeof lit - 1

static const struct {
    const char *name;
    size_t len;
    char compact;   /* RFC 3261 7.3.3; 0: none */
} header_names[] = {
    [H_VIA] = { NAME("Via"), 'v' },
    [H_CALL_ID] = { NAME("Call-ID"), 'i' },
    [H_CSEQ] = { NAME("CSeq"), 0 },
    [H_FROM] = { NAME("From"), 'f' },
    [H_TO] = { NAME("To"), 't' },
    [H_WARNING] = { NAME("Warning"), 0 },
    [H_SESSION_ID] = { NAME("Session-ID"), 0 },
    [H_SERVER] = { NAME("Server"), 0 },
    [H_USER_AGENT] = { NAME("User-Agent"), 0 },
    [H_CONTENT_TYPE] = { NAME("Content-Type"), 'c' },
    [H_CONTENT_LENGTH] = { NAME("Content-Length"), 'l' },
    [H_RSEQ] = { NAME("RSeq"), 0 },
    [H_RACK] = { NAME("RAck"), 0 },
    [H_CISCO_GUID] = { NAME("Cisco-Guid"), 0 },
    [H_X_CALL_ID] = { NAME("X-Call-ID"), 0 },
    [H_X_CID] = { NAME("X-CID"), 0 },
};

static bool name_is(sh_str name, header_id id)
{
    return name.len == header_names[id].len && sh_ascii_ieq_n(name.ptr, header_names[id].name, name.len);
}

/* Which header *name* is, full or compact. The length is compared first,
 * so most names are turned down without a string comparison. */
static header_id identify(sh_str name)
{
    char compact = name.len == 1 ? sh_ascii_lower(name.ptr[0]) : 0;

    for (size_t i = 1; i < G_N_ELEMENTS(header_names); i++)
        if (compact ? header_names[i].compact == compact : name_is(name, (header_id)i))
            return (header_id)i;
    return H_OTHER;
}

/* Leading decimal number of *s* (after white space) into *out*, which must
 * fit 32 bits; *rest* gets what follows. */
static bool leading_u32(sh_str s, uint32_t *out, sh_str *rest)
{
    size_t i = 0, start;
    unsigned long v;

    while (i < s.len && sh_is_wsp(s.ptr[i]))
        i++;
    start = i;
    while (i < s.len && g_ascii_isdigit(s.ptr[i]))
        i++;
    if (!sh_str_to_uint(sh_str_slice(s, start, i), G_MAXUINT32, &v))
        return false;
    *out = (uint32_t)v;
    if (rest)
        *rest = sh_str_trim(sh_str_slice(s, i, s.len));
    return true;
}

/* The first white-space-delimited token of *s*. */
static sh_str first_token(sh_str s)
{
    size_t i = 0;

    s = sh_str_trim(s);
    while (i < s.len && !sh_is_wsp(s.ptr[i]) && s.ptr[i] != '\r' && s.ptr[i] != '\n')
        i++;
    return sh_str_slice(s, 0, i);
}

typedef struct parse_state {
    sh_msg *m;
    sh_body_info *body;
    sh_via *vias;
    size_t max_vias;
    bool seen[H_X_CID + 1];   /* single-valued headers: first one wins */
    sh_str user_agent, x_cid; /* stand-ins for Server and X-Call-ID */
} parse_state;

static void take_header(parse_state *st, header_id id, sh_str value)
{
    sh_msg *m = st->m;
    sh_str rest;
    uint32_t n;

    if (id == H_VIA) {
        /* A response is matched on its top Via alone (RFC 3261 17.1.3) and
         * carries its request's stack: the rest is only counted. */
        size_t limit = m->is_request ? st->max_vias : MIN(st->max_vias, 1);
        size_t total = 0, room = limit > m->n_vias ? limit - m->n_vias : 0;
        m->n_vias += sh_via_parse_list(value, st->vias ? st->vias + m->n_vias : NULL, room, &total);
        m->via_total += total;
        return;
    }
    if (st->seen[id])
        return;
    st->seen[id] = true;
    switch (id) {
    case H_CALL_ID:
        m->call_id = value;
        break;
    case H_CSEQ:
        if (leading_u32(value, &n, &rest)) {
            m->has_cseq = true;
            m->cseq = n;
            m->cseq_method = first_token(rest);
        }
        break;
    case H_FROM:
        m->from_tag = sh_nameaddr_tag(value);
        break;
    case H_TO:
        m->to_tag = sh_nameaddr_tag(value);
        if (sh_msg_is_invite(m))
            m->to_host = sh_uri_host(value);
        break;
    case H_WARNING:
        m->warning = value;
        break;
    case H_SESSION_ID:
        m->session_id = value;
        break;
    case H_SERVER:
        m->server = value;
        break;
    case H_USER_AGENT:
        st->user_agent = value;
        break;
    case H_CONTENT_TYPE:
        st->body->content_type = value;
        break;
    case H_CONTENT_LENGTH:
        if (leading_u32(value, &n, &rest) && rest.len == 0) {
            st->body->has_content_length = true;
            st->body->content_length = n;
        }
        break;
    case H_RSEQ:
        m->has_rseq = leading_u32(value, &n, NULL);
        break;
    case H_RACK:
        /* RAck: response-num CSeq-num Method; the INVITE's CSeq is second. */
        if (leading_u32(value, &n, &rest) && leading_u32(rest, &n, NULL)) {
            m->has_rack = true;
            m->rack_cseq = n;
        }
        break;
    case H_CISCO_GUID:
        m->cisco_guid = value;
        break;
    case H_X_CALL_ID:
        m->x_call_id = value;
        break;
    case H_X_CID:
        st->x_cid = value;
        break;
    default:
        break;
    }
}

/* "INVITE sip:x@host SIP/2.0" or "SIP/2.0 500 Reason". */
static void take_start_line(sh_msg *m, sh_str line)
{
    if (sh_str_iprefix(line, "SIP/")) {
        sh_str after = sh_str_trim(sh_str_slice(line, 4, line.len));
        size_t sp = 0;
        uint32_t code;

        while (sp < after.len && !sh_is_wsp(after.ptr[sp]))
            sp++;   /* past "2.0" */
        m->is_request = false;
        if (leading_u32(sh_str_slice(after, sp, after.len), &code, NULL) && code >= 100 && code <= 699)
            m->status = code;
        m->reason = sh_status_line_reason(line);
        return;
    }
    m->is_request = true;
    m->method = first_token(line);
    if (sh_msg_is_invite(m))
        m->ruri_host = sh_uri_host(first_token(sh_str_slice(line, m->method.len, line.len)));
}

size_t sh_msg_parse(sh_str bytes, sh_msg *m, sh_via *vias, size_t max_vias, sh_body_info *body)
{
    parse_state st;
    size_t pos = 0, body_offset = 0;

    memset(m, 0, sizeof *m);
    memset(body, 0, sizeof *body);
    memset(&st, 0, sizeof st);
    st.m = m;
    st.body = body;
    st.vias = vias;
    st.max_vias = vias ? max_vias : 0;
    m->vias = vias;

    /* RFC 3261 7.5: CRLFs before the start line are ignored. */
    while (pos < bytes.len && (bytes.ptr[pos] == '\r' || bytes.ptr[pos] == '\n'))
        pos++;
    if (pos < bytes.len)
        take_start_line(m, sh_str_next_line(bytes, &pos));

    while (pos < bytes.len) {
        sh_str line = sh_str_next_line(bytes, &pos);
        const char *colon;
        header_id id;

        if (line.len == 0) {
            /* The blank line, unless this is an unterminated last line. */
            if (bytes.ptr[pos - 1] == '\n')
                body_offset = pos;
            break;
        }
        if (sh_is_wsp(line.ptr[0]))
            continue;   /* a folded line whose header was not read */
        colon = memchr(line.ptr, ':', line.len);
        if (colon == NULL)
            continue;
        id = identify(sh_str_trim(sh_str_slice(line, 0, (size_t)(colon - line.ptr))));
        if (id == H_OTHER)
            continue;
        /* The value runs on over folded lines (they start with white space). */
        while (pos < bytes.len && sh_is_wsp(bytes.ptr[pos])) {
            sh_str more = sh_str_next_line(bytes, &pos);
            line.len = (size_t)(more.ptr + more.len - line.ptr);
        }
        take_header(&st, id, sh_str_trim(sh_str_slice(line, (size_t)(colon - line.ptr) + 1, line.len)));
    }

    /* Server names who answered; User-Agent stands in when there is none. */
    if (m->server.ptr == NULL)
        m->server = st.user_agent;
    if (m->x_call_id.ptr == NULL)
        m->x_call_id = st.x_cid;

    /* The caller's range ends at the next message, so running out of bytes
     * before the blank line or the Content-Length body means the message
     * itself was cut. Without Content-Length (UDP) the range is the body. */
    if (body_offset == 0) {
        m->body_cut = true;
        return bytes.len;
    }
    if (body->has_content_length) {
        size_t avail = bytes.len - body_offset;
        size_t len = body->content_length < avail ? body->content_length : avail;
        m->body_cut = body->content_length > avail;
        body->body = sh_str_make(bytes.ptr + body_offset, len);
        return body_offset + len;
    }
    body->body = sh_str_slice(bytes, body_offset, bytes.len);
    return bytes.len;
}

sh_str sh_msg_header_value(sh_str bytes, const char *name, char compact)
{
    size_t pos = 0, n = strlen(name);

    while (pos < bytes.len && (bytes.ptr[pos] == '\r' || bytes.ptr[pos] == '\n'))
        pos++;
    if (pos < bytes.len)
        (void)sh_str_next_line(bytes, &pos);   /* the start line */
    while (pos < bytes.len) {
        sh_str line = sh_str_next_line(bytes, &pos);
        const char *colon;

        if (line.len == 0)
            break;   /* the blank line: the body follows */
        if (sh_is_wsp(line.ptr[0]) || (colon = memchr(line.ptr, ':', line.len)) == NULL)
            continue;
        sh_str hn = sh_str_trim(sh_str_slice(line, 0, (size_t)(colon - line.ptr)));
        bool match = (hn.len == n && sh_ascii_ieq_n(hn.ptr, name, n)) ||
                     (compact && hn.len == 1 && sh_ascii_lower(hn.ptr[0]) == sh_ascii_lower(compact));
        if (!match)
            continue;
        while (pos < bytes.len && sh_is_wsp(bytes.ptr[pos])) {
            sh_str more = sh_str_next_line(bytes, &pos);
            line.len = (size_t)(more.ptr + more.len - line.ptr);
        }
        return sh_str_trim(sh_str_slice(line, (size_t)(colon - line.ptr) + 1, line.len));
    }
    return SH_STR_NULL;
}
