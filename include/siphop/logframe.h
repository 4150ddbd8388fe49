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
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
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

/* ------------------------------------------------------------------------
 * Ethernet framing (siphop-import --link ethernet)
 *
 * Wireshark reads link type 252 above, but libpcap tools (tcpdump, sngrep)
 * do not. The same record can also be written as ordinary Ethernet II /
 * IPv4 or IPv6 / UDP or TCP packets, with the same addresses, ports and
 * comment as sh_logframe_build(), for LINKTYPE_ETHERNET.
 *
 * - MACs are made up, locally administered and derived from the IP address
 *   alone, so an address keeps its MAC: 02:00:a:b:c:d for IPv4 a.b.c.d,
 *   02:66:h:h:h:h for IPv6 (h: 32 bits of a hash of the address;
 *   02:01..02:20 would show as "MS-NLB-PhysServer" in Wireshark).
 * - IPv4: TTL 64, a valid header checksum, DF on unfragmented packets, an
 *   Identification counter per output. IPv6: hop limit 64. Both ends of a
 *   packet must be of one family: if a log pairs an IPv4 with an IPv6
 *   address, the IPv4 one is written IPv4-mapped (::ffff:a.b.c.d).
 * - UDP (also the "assumed" transport): correct checksum. A datagram larger
 *   than a 1500-byte Ethernet MTU is split into IP fragments (IPv4 offsets,
 *   IPv6 Fragment header), as a capture on a real host shows them; Wireshark
 *   reassembles them and shows the SIP message on the last fragment. A
 *   message larger than any UDP datagram can hold (65507 bytes over IPv4,
 *   65527 over IPv6) is written as TCP instead, and the comment says so.
 * - TCP, TLS and SCTP are written as TCP (PSH|ACK, window 65535, correct
 *   checksum, no handshake). Each direction of a 4-tuple has its own
 *   sequence number, starting at a value derived from the 4-tuple and
 *   advancing by the payload; the ack is the other direction's next
 *   sequence number. Segments carry up to SH_LOGFRAME_ETH_MAX_SEG bytes (what
 *   one IPv4 packet can hold), so a message is one frame, as a capture with
 *   segmentation/receive offload (TSO/GRO) or on loopback shows it; only a
 *   larger message is split, and Wireshark reassembles it (the SIP message
 *   shows on the last segment).
 * - Deterministic: the same records through the same sh_logframe_eth give
 *   the same bytes.
 * ------------------------------------------------------------------------ */

#define SH_LINKTYPE_ETHERNET 1
#define SH_LINKTYPE_WIRESHARK_UPPER_PDU 252

/* The Ethernet MTU used for IP fragments of UDP datagrams. */
#define SH_LOGFRAME_ETH_MTU 1500u
/* The largest TCP payload per segment: 65535 - 20 (IPv4) - 20 (TCP). */
#define SH_LOGFRAME_ETH_MAX_SEG 65495u

/* Per output: the TCP sequence numbers of each direction of each 4-tuple,
 * and the IPv4 Identification counter. */
typedef struct sh_logframe_eth sh_logframe_eth;

sh_logframe_eth *sh_logframe_eth_new(void);
void sh_logframe_eth_free(sh_logframe_eth *e);

/* r as Ethernet II / IPv4|IPv6 / UDP|TCP frame(s), made-up MACs; appends one
 * or more GByteArray* frames to `frames` (a message bigger than one packet
 * is split: TCP segments or IP fragments); comment as sh_logframe_build().
 * LINKTYPE_ETHERNET (1).
 *
 * Each appended frame is a new GByteArray that `frames` owns: create it with
 * g_ptr_array_new_with_free_func((GDestroyNotify)g_byte_array_unref). All
 * frames of a record have the record's time. The comment belongs to the
 * record: put it on the last frame, the one where Wireshark shows the SIP
 * message after reassembly (with one frame, that frame). */
void sh_logframe_build_eth(sh_logframe_eth *e, const sh_log_record *r, const char *file, GPtrArray *frames,
                           GString *comment);

/* The frame time in microseconds since 1970, the resolution both write
 * (logs have milliseconds); times before 1970 become 0. */
static inline uint64_t sh_logframe_time_us(int64_t time_ns)
{
    return time_ns > 0 ? (uint64_t)time_ns / 1000u : 0;
}

/* ------------------------------------------------------------------------
 * Records kept aside
 * ------------------------------------------------------------------------ */

/* A record as bytes (siphop-import keeps records in a buffer or a spill
 * file while it merges its inputs), and back: every field. out is replaced
 * by the record's fixed part, copied whole (a number or flag added to
 * sh_log_record travels without a change here; a text added needs its line
 * in logframe.c's record_views), then its texts. */
void sh_log_record_pack(const sh_log_record *r, GByteArray *out);

/* The record packed in data[0..len). Its views and detail point into data
 * (keep it while r is used); format is the interned name of the reader.
 * False, with r zeroed, when data is shorter than a record; a text cut short
 * reads as "". */
bool sh_log_record_unpack(const uint8_t *data, size_t len, sh_log_record *r);

/* How the packing writes a text, for siphop-import's other items too: u32
 * length (native order: the bytes never leave the process that wrote them),
 * the bytes, a NUL. sh_log_text_get() reads the text at *pos and moves *pos
 * past it; when data[*pos..len) does not hold one whole it returns "" and
 * leaves *pos. */
void sh_log_text_put(GByteArray *b, const char *p, size_t n);
sh_str sh_log_text_get(const uint8_t *data, size_t len, size_t *pos);

/* ------------------------------------------------------------------------
 * One interface per logging node
 *
 * siphop-import (a pcapng interface block) and the log reader plugin (a
 * wiretap interface) both give each logging node its own interface, named
 * after the node, made when the node's first frame is written.
 *
 * nodes maps a node's name (the text up to any NUL) to its interface; make
 * one with sh_logframe_nodes_new(), free it with g_hash_table_destroy(). */
GHashTable *sh_logframe_nodes_new(void);

/* Makes the interface of a node seen for the first time: name is the node
 * as a NUL-terminated string. Returns its id (0 or more), or a negative
 * number when it could not be made. */
typedef int (*sh_logframe_make_iface)(const char *name, void *ctx);

/* The interface of node: the one made for it before, else make(name, ctx),
 * remembered when it succeeds. Negative when make() failed. */
int sh_logframe_node_iface(GHashTable *nodes, sh_str node, sh_logframe_make_iface make, void *ctx);

#endif
