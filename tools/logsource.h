/* logsource.h - log text out of plain files, gzip files and diagnostic
 * bundles (.tar.gz), as byte streams.
 *
 * An input path expands into one or more sources: a plain or gzip file is
 * one source; a tar bundle (gzip-compressed or not) is one source per member
 * that holds text (tcpdump captures and other binary members are left out;
 * a member that is itself gzip-compressed is decompressed).
 *
 * Each source is read on its own, so that siphop-import can merge all of
 * them in time order while holding one record per source: a bundle member is
 * opened by reading the bundle again from its start and skipping to the
 * member (more CPU, no temporary files, bounded memory).
 */
#ifndef SIPHOP_LOGSOURCE_H
#define SIPHOP_LOGSOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct logsrc logsrc;

typedef struct logsrc_info {
    char *display;      /* "expc.log" or "bundle.tar.gz/logs/expc.log" */
    char *name;         /* file name alone, for finding a date in it */
    /* private */
    char *path;
    long member;        /* tar member index, -1 for a whole file */
    logsrc *opened;     /* a whole file, already open (pipes can't reopen) */
} logsrc_info;

typedef struct logsrc_list {
    logsrc_info *v;
    size_t n, cap;
    size_t ignored_members;   /* bundle members that are not log text */
} logsrc_list;

/* Add the sources of one input path. On error returns false with a message
 * in err (nothing is added). */
bool logsrc_expand(const char *path, logsrc_list *list, char *err, size_t errlen);

/* Open a source (the first open of a whole file takes the copy opened while
 * expanding). NULL with a message in err on failure. */
logsrc *logsrc_open(logsrc_info *info, char *err, size_t errlen);

/* Read up to n bytes of log text: > 0 bytes, 0 at the end, -1 on a read or
 * decompression error (logsrc_error() says what; the bytes before it were
 * good). */
ssize_t logsrc_read(logsrc *s, void *buf, size_t n);
const char *logsrc_error(const logsrc *s);

void logsrc_close(logsrc *s);
void logsrc_list_free(logsrc_list *list);

#endif
