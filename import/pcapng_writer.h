/* pcapng_writer.h - the few pcapng blocks siphop-import writes.
 *
 * Section header, interface descriptions (name, description, if_tsresol)
 * and enhanced packet blocks with a comment, in the machine's byte order.
 * Logged messages are written with microsecond timestamps (the default
 * resolution: every reader understands it, and logs have ms); packets
 * merged from captures on interfaces with nanosecond resolution.
 * Interfaces may be added after packets; pcapng allows it and Wireshark
 * reads it.
 *
 * A failed write (a full disk, an I/O error, a short write) sets failed
 * and keeps the errno of the first failure in err; the caller stops there.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_PCAPNG_WRITER_H
#define SIPHOP_PCAPNG_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define LINKTYPE_ETHERNET 1
#define LINKTYPE_WIRESHARK_UPPER_PDU 252

typedef struct pcapng_writer {
    FILE *fp;
    uint32_t n_interfaces;
    bool failed;            /* a write failed */
    int err;                /* errno of the first failure (EIO if unknown) */
} pcapng_writer;

/* Write the section header. application may be NULL. */
bool pcapng_begin(pcapng_writer *w, FILE *fp, const char *application);

/* Add an interface; returns its id (0, 1, ...), or -1 on a write error. */
int pcapng_add_interface(pcapng_writer *w, uint16_t linktype, const char *name,
                         const char *description);

/* The same with nanosecond timestamps (if_tsresol 9) when ns. */
int pcapng_add_interface_res(pcapng_writer *w, uint16_t linktype, const char *name,
                             const char *description, bool ns);

/* Record a failure that happened outside the writer (fflush, fclose). */
void pcapng_fail(pcapng_writer *w, int err);

/* One packet. ts_ns: nanoseconds since 1970 (earlier is written as 0).
 * comment may be NULL; it must be UTF-8. */
bool pcapng_write_packet(pcapng_writer *w, uint32_t interface_id, int64_t ts_ns,
                         const void *data, size_t len, const char *comment);

/* One packet with its original length (>= len) on an interface added with
 * ns (the timestamp is then written in nanoseconds) or not. */
bool pcapng_write_packet_res(pcapng_writer *w, uint32_t interface_id, int64_t ts_ns, bool ns,
                             const void *data, size_t len, size_t origlen, const char *comment);

#endif
