/* pcapng_writer.h - the few pcapng blocks siphop-import writes.
 *
 * Section header, interface descriptions (name, description) and enhanced
 * packet blocks with a comment, little-endian, microsecond timestamps (the
 * default resolution: every reader understands it, and logs have ms).
 * Interfaces may be added after packets; pcapng allows it and Wireshark
 * reads it.
 */
#ifndef SIPHOP_PCAPNG_WRITER_H
#define SIPHOP_PCAPNG_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define LINKTYPE_WIRESHARK_UPPER_PDU 252

typedef struct pcapng_writer {
    FILE *fp;
    uint32_t n_interfaces;
    bool failed;            /* a write failed; see errno at the time */
} pcapng_writer;

/* Write the section header. application may be NULL. */
bool pcapng_begin(pcapng_writer *w, FILE *fp, const char *application);

/* Add an interface; returns its id (0, 1, ...), or -1 on a write error. */
int pcapng_add_interface(pcapng_writer *w, uint16_t linktype, const char *name,
                         const char *description);

/* One packet. ts_ns: nanoseconds since 1970 (earlier is written as 0).
 * comment may be NULL; it must be UTF-8. */
bool pcapng_write_packet(pcapng_writer *w, uint32_t interface_id, int64_t ts_ns,
                         const void *data, size_t len, const char *comment);

#endif
