/* logsource.h - the bytes of siphop-import's inputs: plain files, gzip
 * files, diagnostic bundles (tar, gzip-compressed or not) and directories.
 *
 * A path opens as one byte stream, decompressed when it is gzip, with a
 * look at its first bytes saying what it holds (log text, a capture, a tar
 * bundle, other binary data). A bundle is then walked once, in order: each
 * member is again a byte stream (decompressed when it is gzip) with its
 * kind, valid until the walk moves on. Nothing is read twice and one file
 * is open per bundle, whatever the number of members.
 *
 * Readers are stacked (file -> [gzip] -> [tar member -> [gzip]]), each with
 * a fixed buffer: memory does not depend on the sizes of the inputs. The tar
 * reader is ours (ustar, GNU long names, pax "path").
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_LOGSOURCE_H
#define SIPHOP_LOGSOURCE_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef enum src_kind {
    KIND_TEXT = 0,   /* text: read as a log */
    KIND_CAPTURE,    /* pcap or pcapng */
    KIND_TAR,        /* a tar file (only said of whole files, not members) */
    KIND_BINARY,     /* other binary data (NUL bytes in the first 4 KiB) */
    KIND_EMPTY,      /* no bytes at all */
} src_kind;

typedef struct bytesrc bytesrc;

/* Open a file ("-": standard input), through gzip when it is gzip. NULL
 * with a message ("path: why") in err. */
bytesrc *bytesrc_open(const char *path, src_kind *kind, char *err, size_t errlen);

/* Up to n bytes: > 0, 0 at the end, -1 on a read or decompression error
 * (bytesrc_error() says what; the bytes before it were good). */
ssize_t bytesrc_read(bytesrc *s, void *buf, size_t n);
const char *bytesrc_error(const bytesrc *s);
void bytesrc_close(bytesrc *s);

/* A tar bundle, walked once. */
typedef struct tarwalk tarwalk;

/* Takes the bundle's stream (from bytesrc_open with KIND_TAR). */
tarwalk *tarwalk_new(bytesrc *bundle);

/* The next regular member with data: 1, with its name, its bytes (valid
 * until the next call; the walk skips whatever is left unread) and kind;
 * 0 at the end of the bundle; -1 when the bundle is damaged (a cut or
 * corrupt tar header, or the bundle ended inside the previous member):
 * tarwalk_error() says what, or "" when the member's reader already said
 * it. Directories, links and empty members are skipped and counted. */
int tarwalk_next(tarwalk *t, const char **name, bytesrc **member, src_kind *kind);
const char *tarwalk_error(const tarwalk *t);
size_t tarwalk_skipped(const tarwalk *t);   /* directories, links, empty */
void tarwalk_free(tarwalk *t);

/* The regular files under dir, recursively, sorted by path (byte order),
 * as paths starting with dir. Symbolic links and other non-regular entries
 * are not followed; *skipped counts them. False with a message in err
 * when a directory cannot be read. */
bool dir_list(const char *dir, GPtrArray *paths, size_t *skipped, char *err, size_t errlen);

#endif
