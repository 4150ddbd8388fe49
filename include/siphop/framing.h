/* framing.h - where one SIP message ends inside a byte range.
 *
 * Wireshark's "sip" item is not always sized to its message: in a primed
 * first pass (tshark -2, the GUI) it can run to the end of the segment. The
 * adapter bounds it by the next message and by the message's own framing.
 */
#ifndef SIPHOP_FRAMING_H
#define SIPHOP_FRAMING_H

#include <stddef.h>

#include "siphop/strview.h"

/* Length of the SIP message at the start of *bytes*: headers up to the empty
 * line plus Content-Length (or "l") body bytes, never more than bytes.len.
 * Without an empty line, or without Content-Length, the whole range. */
size_t sh_message_length(sh_str bytes);

#endif
