/* framing.c - SIP message length from its own headers (see framing.h). */
#include "siphop/framing.h"

#include <glib.h>
#include <string.h>

#include "siphop/sipheaders.h"

/* Offset just past the empty line ending the headers, or 0 if none. */
static size_t header_end(sh_str b)
{
    for (size_t i = 0; i + 1 < b.len; i++) {
        /* Jump to the next LF (memchr: this scans every message's headers). */
        const char *lf = memchr(b.ptr + i, '\n', b.len - 1 - i);
        if (lf == NULL)
            break;
        i = (size_t)(lf - b.ptr);
        if (b.ptr[i + 1] == '\n')
            return i + 2;
        if (i + 2 < b.len && b.ptr[i + 1] == '\r' && b.ptr[i + 2] == '\n')
            return i + 3;
    }
    return 0;
}

size_t sh_message_length(sh_str bytes)
{
    size_t end = header_end(bytes);
    sh_str v;
    unsigned long cl;

    if (end == 0)
        return bytes.len;
    if (!sh_header_find(sh_str_make(bytes.ptr, end), "Content-Length", "l", &v) ||
        !sh_str_to_uint(v, G_MAXSIZE, &cl))
        return bytes.len;
    return cl > bytes.len - end ? bytes.len : end + cl;
}
