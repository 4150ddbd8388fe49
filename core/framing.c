/* framing.c - SIP message length from its own headers (see framing.h). */
#include "siphop/framing.h"

#include <glib.h>
#include <string.h>

#include "siphop/message.h"

size_t sh_message_length(sh_str bytes)
{
    sh_msg m;
    sh_body_info body;

    memset(&m, 0, sizeof m);
    memset(&body, 0, sizeof body);
    return sh_msg_parse(bytes, &m, NULL, 0, &body);
}
