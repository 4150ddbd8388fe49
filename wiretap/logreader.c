/* logreader.c - Wireshark opens Cisco logs directly (File > Open, tshark
 * -r), Wireshark 4.6 and later: the readers of siphop-import, so Expressway
 * logs and pasted excerpts, CUCM SDL traces (TCP and UDP) and Cisco IOS /
 * CUBE "debug ccsip messages".
 *
 * A wiretap file-type plugin: the log is read with wiretap's own file
 * functions (so a gzip-compressed log is read as it is), fed line by line to
 * the push parser of the Wireshark-free core (core/logparse.c, the parser of
 * siphop-import), and every logged SIP message becomes one record with the
 * very frame siphop-import would write (core/logframe.c): encapsulation
 * "Wireshark Upper PDU export", exported-PDU tags naming the "sip"
 * dissector, the addresses and ports, the SIP message, the time from
 * UTCTime, a comment with node, file:line and Msg-Hash, and one interface
 * per logging node. docs/importing-logs.md, "Opening logs directly".
 *
 * Seeking. Wireshark reads a file once in order and later asks for single
 * records again by the offset the first read gave them (seek_read). Each
 * record's offset is that of its first line: while reading, the file offset
 * of every line of the record in progress is remembered (the parser says,
 * sh_logparse_record_line(), which lines can no longer start a record, and
 * those are forgotten, so this stays as small as one record). Reading a
 * record again re-parses it from its first line with a fresh parser. What a
 * fresh parser cannot know, because it came from earlier lines (the line
 * number, the time of SDL records whose date came from the trace header or
 * that follow a midnight, the node's own address learned from an earlier
 * message, and what follows from it), is kept per record from the first
 * read: 56 bytes per SIP message.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>
#include <string.h>

#include <wiretap/file_wrappers.h>
#include <wiretap/wtap_module.h>
#include <wsutil/buffer.h>

#include "siphop/logframe.h"
#include "siphop/logparse.h"

#include "logreader.h"

#define READ_CHUNK (64 * 1024)      /* sequential reads */
#define SEEK_CHUNK (8 * 1024)       /* reading one record again */
/* The open routine looks this far into a file for a logged SIP message.
 * Any other file is passed over after reading at most this much. */
#define SNIFF_BYTES (1024 * 1024)

#define LR_DESCRIPTION "Cisco Expressway log / CUCM SDL trace / IOS debug ccsip (siphop)"

static int lr_file_type_subtype = -1;

/* Where a line starts. */
typedef struct line_start {
    uint64_t line;
    int64_t off;
} line_start;

/* Lines of one FILE_T into a parser, in pieces of at most one buffer. */
typedef struct feeder {
    FILE_T fh;
    sh_logparse *parser;
    char *buf;
    size_t cap;
    uint64_t read;          /* bytes pushed */
    bool at_line_start;
    uint64_t lines;         /* lines begun */
    GArray *starts;         /* line_start of lines not yet forgotten; NULL: not kept */
    unsigned head;          /* first live entry of starts */
    bool ended;             /* the parser was told the input ended */
    int err;                /* a read error held back until the records before it are out */
    char *err_info;
} feeder;

/* What a record got from the lines before it (see the top of the file). */
typedef struct rec_meta {
    int64_t off;
    uint64_t line;
    int64_t time_ns;
    const char *local;      /* interned in lr_state.strings */
    const char *peer;       /* interned too: a CUBE response's peer comes
                             * from the request it answers, read earlier */
    uint32_t local_port;
    uint32_t peer_port;
    uint8_t local_src;      /* sh_log_local_src */
    uint8_t transport;      /* sh_log_transport */
    uint8_t transport_src;  /* sh_log_transport_src */
    uint8_t warning;        /* sh_log_error */
} rec_meta;

typedef struct lr_state {
    sh_log_options opts;
    char *display;          /* the file's name in comments and interfaces */
    feeder seq;
    GArray *metas;          /* rec_meta in file order (offsets increase) */
    GHashTable *strings;    /* interned local addresses */
    GHashTable *ifaces;     /* node -> interface id + 1 */
    GByteArray *pdu;
    GString *comment;
    char *seek_buf;
} lr_state;

/* ------------------------------------------------------------------------
 * Feeding the parser
 * ------------------------------------------------------------------------ */

static void feeder_init(feeder *f, FILE_T fh, const sh_log_options *opts, char *buf, size_t cap, bool keep_starts)
{
    memset(f, 0, sizeof *f);
    f->fh = fh;
    f->parser = sh_logparse_new(opts);
    f->buf = buf;
    f->cap = cap;
    f->at_line_start = true;
    if (keep_starts)
        f->starts = g_array_new(FALSE, FALSE, sizeof(line_start));
}

static void feeder_free(feeder *f)
{
    sh_logparse_free(f->parser);
    f->parser = NULL;
    if (f->starts)
        g_array_free(f->starts, TRUE);
    f->starts = NULL;
    g_free(f->err_info);
    f->err_info = NULL;
}

/* Forget the offsets of lines that can no longer start a record. */
static void feeder_forget(feeder *f)
{
    uint64_t keep = sh_logparse_record_line(f->parser);
    GArray *a = f->starts;

    while (f->head < a->len && g_array_index(a, line_start, f->head).line < keep)
        f->head++;
    if (f->head > 0 && (f->head == a->len || f->head >= 4096)) {
        g_array_remove_range(a, 0, f->head);
        f->head = 0;
    }
}

/* The file offset of a line still remembered, or -1. */
static int64_t feeder_offset(const feeder *f, uint64_t line)
{
    const GArray *a = f->starts;
    for (unsigned i = f->head; i < a->len; i++) {
        const line_start *s = &g_array_index(a, line_start, i);
        if (s->line == line)
            return s->off;
        if (s->line > line)
            break;
    }
    return -1;
}

/* Push the next piece of input: one line, or as much of a long line as the
 * buffer holds. file_getsp() hands out everything a compressed file had
 * before a read error (file_read() may drop it). False at the end of the
 * input or on a read error (f->err). */
static bool feeder_push(feeder *f)
{
    int64_t off = file_tell(f->fh);
    char *end = file_getsp(f->buf, (int)f->cap, f->fh);
    size_t n = end ? (size_t)(end - f->buf) : 0;
    if (!end && file_error(f->fh, NULL) != 0) {
        /* A compressed file cut short or corrupt: once the decompressor
         * has met the error, file_getsp() gives nothing, but what it
         * inflated before the error is still buffered and file_read()
         * hands it out. Byte by byte, so that none of it is lost. */
        while (n + 1 < f->cap && file_read(f->buf + n, 1, f->fh) == 1)
            if (f->buf[n++] == '\n')
                break;
    }
    if (n == 0) {
        f->err = file_error(f->fh, &f->err_info);
        return false;
    }
    if (f->at_line_start) {
        f->lines++;
        if (f->starts) {
            line_start s = { f->lines, off };
            g_array_append_val(f->starts, s);
        }
    }
    f->at_line_start = f->buf[n - 1] == '\n';
    f->read += n;
    sh_logparse_push(f->parser, f->buf, n);
    return true;
}

/* The next record of any kind. False when there are no more: *err is 0 at
 * the end of the input, else the read error (after the records before it). */
static bool feeder_next(feeder *f, sh_log_record *r, int *err, char **err_info)
{
    for (;;) {
        if (sh_logparse_next(f->parser, r))
            return true;
        if (f->ended) {
            *err = f->err;
            *err_info = f->err_info;
            f->err_info = NULL;
            return false;
        }
        if (f->starts)
            feeder_forget(f);
        if (!feeder_push(f)) {
            sh_logparse_end(f->parser);
            f->ended = true;
        }
    }
}

/* ------------------------------------------------------------------------
 * Records
 * ------------------------------------------------------------------------ */

static const char *intern(lr_state *st, sh_str s)
{
    char *key = g_strndup(s.ptr ? s.ptr : "", s.len);
    char *have = g_hash_table_lookup(st->strings, key);
    if (have) {
        g_free(key);
        return have;
    }
    g_hash_table_add(st->strings, key);
    return key;
}

/* A logging node's interface, when the node is first seen. */
static int make_iface(const char *name, void *ctx)
{
    wtap *wth = ctx;
    lr_state *st = wth->priv;
    wtap_block_t idb = wtap_block_create(WTAP_BLOCK_IF_ID_AND_INFO);
    wtapng_if_descr_mandatory_t *m = (wtapng_if_descr_mandatory_t *)wtap_block_get_mandatory_data(idb);
    m->wtap_encap = WTAP_ENCAP_WIRESHARK_UPPER_PDU;
    m->tsprecision = WTAP_TSPREC_USEC;
    m->time_units_per_second = 1000000;
    m->snap_len = 0;                /* no limit, as siphop-import writes */
    m->num_stat_entries = 0;
    m->interface_statistics = NULL;
    char *valid = g_utf8_make_valid(name, -1);
    wtap_block_add_string_option(idb, OPT_IDB_NAME, valid, strlen(valid));
    g_free(valid);
    wtap_block_add_string_option(idb, OPT_IDB_DESCRIPTION, st->display, strlen(st->display));
    /* What wtap_add_idb() does; that one is not exported to plugins. */
    g_array_append_val(wth->interface_data, idb);

    return (int)wth->interface_data->len - 1;
}

/* The interface of a logging node (sh_logframe_node_iface: one per node). */
static uint32_t iface_for(wtap *wth, lr_state *st, sh_str node)
{
    return (uint32_t)sh_logframe_node_iface(st->ifaces, node, make_iface, wth);
}

static void fill_rec(wtap *wth, lr_state *st, const sh_log_record *r, wtap_rec *rec)
{
    uint64_t us = sh_logframe_time_us(r->time_ns);

    sh_logframe_build(r, st->display, st->pdu, st->comment);
    wtap_setup_packet_rec(rec, WTAP_ENCAP_WIRESHARK_UPPER_PDU);
    rec->block = wtap_block_create(WTAP_BLOCK_PACKET);
    rec->presence_flags = WTAP_HAS_TS | WTAP_HAS_CAP_LEN | WTAP_HAS_INTERFACE_ID;
    rec->tsprec = WTAP_TSPREC_USEC;
    rec->ts.secs = (time_t)(us / 1000000u);
    rec->ts.nsecs = (int)(us % 1000000u) * 1000;
    rec->rec_header.packet_header.caplen = st->pdu->len;
    rec->rec_header.packet_header.len = st->pdu->len;
    rec->rec_header.packet_header.interface_id = iface_for(wth, st, r->node);
    ws_buffer_append(&rec->data, st->pdu->data, st->pdu->len);
    wtap_block_add_string_option(rec->block, OPT_COMMENT, st->comment->str, st->comment->len);
}

static bool lr_read(wtap *wth, wtap_rec *rec, int *err, char **err_info, int64_t *data_offset)
{
    lr_state *st = wth->priv;
    sh_log_record r;

    for (;;) {
        if (!feeder_next(&st->seq, &r, err, err_info))
            return false;
        if (r.kind == SH_LOG_SIP)
            break;
    }
    int64_t off = feeder_offset(&st->seq, r.line);
    if (off < 0) {
        *err = WTAP_ERR_INTERNAL;
        *err_info = g_strdup_printf("siphop log reader: lost the offset of line %" PRIu64, (uint64_t)r.line);
        return false;
    }
    rec_meta m = {
        .off = off,
        .line = r.line,
        .time_ns = r.time_ns,
        .local = intern(st, r.local_addr),
        .peer = intern(st, r.peer_addr),
        .local_port = r.local_port,
        .peer_port = r.peer_port,
        .local_src = (uint8_t)r.local_src,
        .transport = (uint8_t)r.transport,
        .transport_src = (uint8_t)r.transport_src,
        .warning = (uint8_t)r.error,
    };
    g_array_append_val(st->metas, m);
    *data_offset = off;
    fill_rec(wth, st, &r, rec);
    return true;
}

static const rec_meta *meta_at(const lr_state *st, int64_t off)
{
    unsigned lo = 0, hi = st->metas->len;
    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        const rec_meta *m = &g_array_index(st->metas, rec_meta, mid);
        if (m->off == off)
            return m;
        if (m->off < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static bool lr_seek_read(wtap *wth, int64_t seek_off, wtap_rec *rec, int *err, char **err_info)
{
    lr_state *st = wth->priv;
    feeder f;
    sh_log_record r;
    bool ok;

    sh_log_options once = st->opts;
    const rec_meta *m = meta_at(st, seek_off);

    if (file_seek(wth->random_fh, seek_off, SEEK_SET, err) == -1)
        return false;
    /* The node's address comes from the first read (rec_meta): the parser
     * need not hold the record back to learn it, reading on. Its lines are
     * numbered as in the first read (texts such as "text after the message
     * (line 60)" name them). */
    once.no_hold = true;
    once.first_line = m ? m->line : 1;
    feeder_init(&f, wth->random_fh, &once, st->seek_buf, SEEK_CHUNK, false);
    ok = feeder_next(&f, &r, err, err_info);
    if (ok && (r.kind != SH_LOG_SIP || r.line != (m ? m->line : 1))) {
        *err = WTAP_ERR_BAD_FILE;
        *err_info = g_strdup_printf("siphop log reader: no SIP message at offset %" PRId64 " any more "
                                    "(the file changed?)", (int64_t)seek_off);
        ok = false;
    } else if (!ok && *err == 0) {
        *err = WTAP_ERR_SHORT_READ;
    }
    if (ok) {
        if (m) {
            r.line = m->line;
            r.time_ns = m->time_ns;
            r.local_addr = sh_str_from(m->local);
            r.local_port = m->local_port;
            r.peer_addr = sh_str_from(m->peer);
            r.peer_port = m->peer_port;
            r.local_src = (sh_log_local_src)m->local_src;
            r.transport = (sh_log_transport)m->transport;
            r.transport_src = (sh_log_transport_src)m->transport_src;
            /* A fresh parser misses a date from the trace header and warns
             * again; the first read's warning (or none) stands. Other
             * warnings depend on the record alone. */
            if (m->warning == SH_LOG_ENONE)
                r.error = SH_LOG_ENONE;
        }
        fill_rec(wth, st, &r, rec);
    }
    feeder_free(&f);
    return ok;
}

/* ------------------------------------------------------------------------
 * Opening
 * ------------------------------------------------------------------------ */

static void lr_sequential_close(wtap *wth)
{
    lr_state *st = wth->priv;
    if (!st)
        return;
    feeder_free(&st->seq);
    g_free(st->seq.buf);
    st->seq.buf = NULL;
}

static void lr_close(wtap *wth)
{
    lr_state *st = wth->priv;
    if (!st)
        return;
    lr_sequential_close(wth);
    g_array_free(st->metas, TRUE);
    g_hash_table_destroy(st->strings);
    g_hash_table_destroy(st->ifaces);
    g_byte_array_free(st->pdu, TRUE);
    g_string_free(st->comment, TRUE);
    g_free(st->seek_buf);
    g_free(st->display);
    /* wtap_close() frees st itself. */
}

/* Read the start of the file with a throw-away parser, up to the first
 * record that tells: a logged SIP message, the INFO summary of one, or a SIP
 * record that could not be read (still one of ours). Any other file is passed
 * over after SNIFF_BYTES at most, a diagnostic bundle (tar) at once: it is
 * siphop-import's. Stopping at the first message also keeps this clear of a
 * read error further on (a compressed file cut short), after which the file
 * could not be read again from its start. *first_node is the node of the
 * first SIP message, for the first interface. */
static wtap_open_return_val sniff(wtap *wth, const sh_log_options *opts, char **first_node, int *err, char **err_info)
{
    feeder f;
    sh_log_record r;
    bool mine = false;
    char *buf = g_malloc(READ_CHUNK);

    feeder_init(&f, wth->fh, opts, buf, READ_CHUNK, false);
    while (!mine) {
        if (sh_logparse_next(f.parser, &r)) {
            if (r.kind == SH_LOG_SIP) {
                mine = true;
                *first_node = g_strndup(r.node.ptr ? r.node.ptr : "", r.node.len);
            } else if (r.kind == SH_LOG_INFO ||
                       (r.kind == SH_LOG_BAD && r.error != SH_LOG_EBINARY && r.error != SH_LOG_ENORECORD)) {
                /* (a SIP start line in any text, with no record of ours
                 * around it, says nothing about the file) */
                mine = true;
            }
            continue;
        }
        if (f.ended || f.read >= SNIFF_BYTES)
            break;
        if (!feeder_push(&f)) {
            sh_logparse_end(f.parser);
            f.ended = true;
        } else if (f.lines == 1 && f.read >= 262 && memcmp(f.buf + 257, "ustar", 5) == 0) {
            break;   /* a tar header */
        }
    }
    wtap_open_return_val v = mine ? WTAP_OPEN_MINE : WTAP_OPEN_NOT_MINE;
    if (f.err != 0 && (mine || f.err != WTAP_ERR_SHORT_READ)) {
        /* A real read error; or ours, but unreadable from the start again. */
        *err = f.err;
        *err_info = f.err_info;
        f.err_info = NULL;
        v = WTAP_OPEN_ERROR;
    }
    feeder_free(&f);
    g_free(buf);
    return v;
}

static wtap_open_return_val lr_open(wtap *wth, int *err, char **err_info)
{
    sh_log_options opts = { 0 };
    const char *path = wth->pathname ? wth->pathname : "-";
    char *display = strcmp(path, "-") == 0 ? g_strdup("stdin") : g_path_get_basename(path);
    int32_t day;

    /* CUCM SDL traces: the date from the trace header, else from the file
     * name (as siphop-import without --date). */
    if (sh_log_find_date(sh_str_from(display), &day)) {
        opts.has_name_date = true;
        opts.name_date = day;
    }

    char *first_node = NULL;
    wtap_open_return_val v = sniff(wth, &opts, &first_node, err, err_info);
    if (v != WTAP_OPEN_MINE || file_seek(wth->fh, 0, SEEK_SET, err) == -1) {
        g_free(first_node);
        g_free(display);
        return v == WTAP_OPEN_MINE ? WTAP_OPEN_ERROR : v;
    }

    lr_state *st = g_new0(lr_state, 1);
    st->opts = opts;
    st->display = display;
    st->metas = g_array_new(FALSE, FALSE, sizeof(rec_meta));
    st->strings = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    st->ifaces = sh_logframe_nodes_new();
    st->pdu = g_byte_array_new();
    st->comment = g_string_new(NULL);
    st->seek_buf = g_malloc(SEEK_CHUNK);
    feeder_init(&st->seq, wth->fh, &st->opts, g_malloc(READ_CHUNK), READ_CHUNK, true);

    wth->priv = st;
    wth->file_type_subtype = lr_file_type_subtype;
    wth->file_encap = WTAP_ENCAP_WIRESHARK_UPPER_PDU;
    wth->file_tsprec = WTAP_TSPREC_USEC;
    wth->snapshot_length = 0;
    wth->subtype_read = lr_read;
    wth->subtype_seek_read = lr_seek_read;
    wth->subtype_sequential_close = lr_sequential_close;
    wth->subtype_close = lr_close;

    /* One interface per logging node, in the order their first messages
     * come (siphop-import's order for one file): the first now, the others
     * when their first message is read. */
    if (first_node)
        iface_for(wth, st, sh_str_from(first_node));
    g_free(first_node);
    return WTAP_OPEN_MINE;
}

/* ------------------------------------------------------------------------
 * Registration
 * ------------------------------------------------------------------------ */

static const struct supported_option_type packet_options[] = {
    { OPT_COMMENT, MULTIPLE_OPTIONS_SUPPORTED },
};
static const struct supported_option_type interface_options[] = {
    { OPT_IDB_NAME, ONE_OPTION_SUPPORTED },
    { OPT_IDB_DESCRIPTION, ONE_OPTION_SUPPORTED },
};
static const struct supported_block_type blocks[] = {
    { WTAP_BLOCK_IF_ID_AND_INFO, MULTIPLE_BLOCKS_SUPPORTED, OPTION_TYPES_SUPPORTED(interface_options) },
    { WTAP_BLOCK_PACKET, MULTIPLE_BLOCKS_SUPPORTED, OPTION_TYPES_SUPPORTED(packet_options) },
};
static const struct file_type_subtype_info file_type = {
    LR_DESCRIPTION, "siphop-log", "log", "txt",
    false, BLOCKS_SUPPORTED(blocks),
    NULL, NULL, NULL   /* read only */
};

void siphop_logreader_register(void)
{
    struct open_info oi = {
        LR_DESCRIPTION, OPEN_INFO_HEURISTIC, lr_open, "log;txt", NULL, NULL,
    };

    /* Before the other heuristic readers: several of them take text files,
     * and ours only says yes to a logged SIP message. */
    wtap_register_open_info(&oi, true);
    lr_file_type_subtype = wtap_register_file_type_subtype(&file_type);
}
