/* logframe.h - the frame a logged SIP message becomes.
 *
 * One SH_LOG_SIP record of the log parser (logparse.h) is one frame of
 * Wireshark's "Upper PDU export" encapsulation: exported-PDU tags naming the
 * "sip" dissector, the addresses and the ports, then the SIP message; plus a
 * comment saying where it came from. siphop-import writes these frames into
 * a pcapng file; the log reader plugin (wiretap/, Wireshark 4.6+) hands the
 * very same bytes to Wireshark when it opens a log directly. Both build them
 * here, so a converted log and an opened log dissect alike.
 *
 * No Wireshark dependency: GLib and the C library only. The tag numbers are
 * part of the file format (Wireshark's wsutil/exported_pdu_tlvs.h).
 */
#ifndef SIPHOP_LOGFRAME_H
#define SIPHOP_LOGFRAME_H

#include <glib.h>
#include <stdint.h>

#include "siphop/logparse.h"

#define SH_EXP_PDU_TAG_END_OF_OPT 0
#define SH_EXP_PDU_TAG_DISSECTOR_NAME 12
#define SH_EXP_PDU_TAG_IPV4_SRC 20
#define SH_EXP_PDU_TAG_IPV4_DST 21
#define SH_EXP_PDU_TAG_IPV6_SRC 22
#define SH_EXP_PDU_TAG_IPV6_DST 23
#define SH_EXP_PDU_TAG_PORT_TYPE 24
#define SH_EXP_PDU_TAG_SRC_PORT 25
#define SH_EXP_PDU_TAG_DST_PORT 26
#define SH_EXP_PDU_PT_SCTP 1
#define SH_EXP_PDU_PT_TCP 2
#define SH_EXP_PDU_PT_UDP 3

/* The frame of a SH_LOG_SIP record r read from the source named file (a
 * file name, "bundle.tar.gz/member"; it appears in the comment as
 * "file:line").
 *
 * pdu is replaced by the exported-PDU tags and the message:
 *   12 dissector "sip"; 20/21 (or 22/23 for IPv6) sender and receiver;
 *   24 port type (TCP for TCP and TLS, UDP, SCTP); 25/26 ports; 0.
 * A peer logged as text, or an unknown local address, gets a stable
 * placeholder address (sh_log_placeholder_v4/v6).
 *
 * comment is replaced by valid UTF-8:
 *   "<node> <file>:<line> [Msg-Hash=<h> ]<Action> <local> -> <peer> <transport> (<from what>)..."
 * (docs/importing-logs.md, "What is written"). */
void sh_logframe_build(const sh_log_record *r, const char *file, GByteArray *pdu, GString *comment);

/* The frame time in microseconds since 1970, the resolution both write
 * (logs have milliseconds); times before 1970 become 0. */
static inline uint64_t sh_logframe_time_us(int64_t time_ns)
{
    return time_ns > 0 ? (uint64_t)time_ns / 1000u : 0;
}

#endif
