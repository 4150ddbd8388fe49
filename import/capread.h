/* capread.h - packets out of a pcap or pcapng byte stream.
 *
 * siphop-import merges the captures it finds (in diagnostic bundles, in
 * directories, on the command line) with the logged SIP messages. This is
 * the small reader it needs: pcap (microsecond and nanosecond, both byte
 * orders) and pcapng (section header, interface description, enhanced,
 * simple and obsolete packet blocks; both byte orders, several sections,
 * if_tsresol and if_tsoffset; other blocks are skipped).
 *
 * The input is pulled through a read callback, one block at a time, so
 * memory is one block (at most CAPREAD_MAX_BLOCK bytes) whatever the size
 * of the capture. A damaged capture is read like a damaged log: every packet
 * before the damage is returned, then CAP_ERROR says what is wrong.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_CAPREAD_H
#define SIPHOP_CAPREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* A packet block larger than this is taken as damage (Wireshark's own
 * limit for ordinary link types is 256 KiB of packet data). */
#define CAPREAD_MAX_BLOCK (1024u * 1024u + 64u * 1024u)
/* More interfaces than this in one capture is taken as damage. */
#define CAPREAD_MAX_INTERFACES 4096u

/* Reads up to n bytes: > 0, 0 at the end, -1 on error. */
typedef ssize_t (*capread_fn)(void *ctx, void *buf, size_t n);

typedef enum cap_event {
    CAP_END = 0,      /* the capture ended cleanly */
    CAP_INTERFACE,    /* a new interface (pcap: the file header) */
    CAP_PACKET,       /* a packet */
    CAP_ERROR,        /* damaged or unreadable: capread_error() */
} cap_event;

/* Valid until the next capread_next() call. */
typedef struct cap_interface {
    uint32_t index;            /* 0, 1, ... over the whole file (all sections) */
    uint16_t linktype;
    const char *name;          /* if_name, or NULL */
    const char *description;   /* if_description, or NULL */
} cap_interface;

typedef struct cap_packet {
    uint32_t interface;        /* cap_interface.index */
    int64_t time_ns;           /* UTC; a simple packet block has no time: the
                                * previous packet's time is used */
    const uint8_t *data;
    uint32_t caplen, origlen;
    const char *comment;       /* the first opt_comment, or NULL */
} cap_packet;

typedef struct capread capread;

/* True when these first bytes (at least 4) start a pcap or pcapng file. */
bool capread_magic(const void *first, size_t len);

capread *capread_new(capread_fn read, void *ctx);
void capread_free(capread *c);

cap_event capread_next(capread *c, cap_interface *ifc, cap_packet *pkt);

/* What went wrong (after CAP_ERROR). When the read callback failed this is
 * "" and the caller knows better. */
const char *capread_error(const capread *c);

/* "pcap", "pcap (nanosecond)" or "pcapng"; "" before the first call. */
const char *capread_format(const capread *c);

#endif
