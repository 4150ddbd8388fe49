/* siphop-import - Expressway diagnostic logs, CUCM SDL traces and CUBE
 * debug logs to pcapng, merged with the captures found beside them.
 *
 *   siphop-import -o OUT.pcapng FILE...
 *
 * Every SIP message logged by an Expressway (or a CUCM SDL trace, or a
 * Cisco IOS "debug ccsip messages" log) becomes one frame of link type
 * LINKTYPE_WIRESHARK_UPPER_PDU: exported-PDU tags naming the "sip"
 * dissector and the addresses and ports, then the SIP message (or, with
 * --link ethernet, an Ethernet/IP/UDP|TCP frame). Any Wireshark opens it as
 * SIP, no plugin needed; with the siphop plugin the encrypted hops can be
 * followed like captured ones. Packets of captures (pcap, pcapng) found in
 * bundles and directories, or named on the command line, are merged in.
 *
 * How the inputs are read (docs/importing-logs.md, "Inputs"):
 *   - a plain or gzip file named on the command line is a stream: the merge
 *     reads it as it goes and holds its next item in memory;
 *   - a bundle (tar) or a directory is read once, member after member, and
 *     what each member holds goes into one temporary spill file (spill.h);
 *     the merge keeps per member only where its items are and the time of
 *     the next one, and reads an item back when it is its turn.
 * Every source, stream or spilled, then yields items (a logged SIP record,
 * a capture interface, a packet) in its own order, and a k-way merge on
 * time writes them. Memory: one item per stream, a few words per member.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <getopt.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "siphop/ipaddr.h"
#include "siphop/logframe.h"
#include "siphop/logparse.h"
#include "capread.h"
#include "logsource.h"
#include "pcapng_writer.h"
#include "spill.h"

#ifndef SIPHOP_VERSION
#define SIPHOP_VERSION "unknown"
#endif

#define PROG "siphop-import"
#define READ_CHUNK (64 * 1024)
#define PROGRESS_EVERY 100000u
#define SUMMARY_SOURCES 50      /* per-source summary lines, at most */

enum { EXIT_OK = 0, EXIT_BAD_INPUT = 1, EXIT_USAGE = 2 };

/* What a source yields, in the spill file and in memory alike. */
enum { ITEM_SIP = 1, ITEM_PACKET = 2, ITEM_IFACE = 3 };

typedef struct counters {
    uint64_t records;
    uint64_t written;           /* SIP messages */
    uint64_t packets;           /* capture packets written */
    uint64_t info;
    uint64_t other;
    uint64_t bad[SH_LOG_ECOUNT];    /* skipped, per reason */
    uint64_t warn[SH_LOG_ECOUNT];   /* written, with a warning */
    uint64_t read_errors;       /* inputs cut short (logs, captures, bundles) */
    uint64_t not_logs;          /* named files that are no known log */
    size_t log_sources, captures;
    size_t members_not_log;     /* bundle/directory text that is no known log */
    size_t members_binary;      /* other binary members */
    size_t members_skipped;     /* directories, links, empty members */
    bool progress_shown;
} counters;

typedef struct opts {
    const char *out;
    sh_log_options parse;
    bool quiet;
    bool link_eth;
} opts;

/* A capture interface of a source, and the output interface it became. */
typedef struct cap_out {
    uint16_t linktype;
    int out_id;                 /* -1 until its first packet is written */
    char *name, *desc;
} cap_out;

/* Reading a log: the parser over a byte stream, reporting and counting all
 * but the SIP records. */
typedef struct logpump {
    const char *display;
    bytesrc *in;
    sh_logparse *parser;
    bool ended;
    uint64_t sip, bad;
} logpump;

typedef struct source {
    size_t order;               /* command line, then member order */
    char *display;              /* "expc.log", "bundle.tar.gz/path/x.log" */
    bool capture;
    const char *format;         /* how it was read, for the summary */
    char *note;
    uint64_t items;             /* SIP messages or packets */
    bool not_log;               /* read to the end: no known log */

    /* A stream (a file named on the command line) */
    bool stream;
    logpump lp;                 /* logs */
    bytesrc *cap_in;            /* captures */
    capread *cap;
    GByteArray *buf;            /* the current item's payload */

    /* Spilled (a bundle or directory member) */
    uint64_t off, end;          /* the items not yet written */
    spill_item it;              /* the current item's header */

    /* The current item */
    uint32_t type;
    int64_t time_ns;

    GArray *ifs;                /* cap_out per capture interface */
} source;

static counters C;
static bool stderr_tty;
static unsigned char read_buf[READ_CHUNK];
static spill *SP;               /* created with the first bundle or directory */

/* ------------------------------------------------------------------------
 * Items: encoding and decoding
 * ------------------------------------------------------------------------ */

/* A SIP record, every field (sh_log_record_pack). */
static void encode_record(GByteArray *b, const sh_log_record *r)
{
    sh_log_record_pack(r, b);
}

/* The record again, at the time its source gave it; its views point into b. */
static void decode_record(const GByteArray *b, sh_log_record *r, int64_t time_ns)
{
    if (!sh_log_record_unpack(b->data, b->len, r))
        return;
    r->has_time = true;
    r->time_ns = time_ns;
}

/* Packet: u32 interface, u32 original length, comment, data. */
static void encode_packet(GByteArray *b, const cap_packet *p)
{
    g_byte_array_set_size(b, 0);
    g_byte_array_append(b, (const guint8 *)&p->interface, 4);
    g_byte_array_append(b, (const guint8 *)&p->origlen, 4);
    sh_log_text_put(b, p->comment ? p->comment : "", p->comment ? strlen(p->comment) : 0);
    g_byte_array_append(b, p->data, p->caplen);
}

static bool decode_packet(const GByteArray *b, uint32_t *ifc, uint32_t *origlen, const char **comment,
                          const uint8_t **data, size_t *len)
{
    size_t pos = 8;
    if (b->len < 8)
        return false;
    memcpy(ifc, b->data, 4);
    memcpy(origlen, b->data + 4, 4);
    *comment = sh_log_text_get(b->data, b->len, &pos).ptr;
    if (pos > b->len)
        return false;
    *data = b->data + pos;
    *len = b->len - pos;
    return true;
}

/* Interface: u16 link type, name, description (defaults filled in). */
static void encode_iface(GByteArray *b, const cap_interface *ci, const char *display)
{
    char *base = g_path_get_basename(display);
    char *name = ci->name ? g_strdup(ci->name)
                          : ci->index ? g_strdup_printf("%s#%u", base, ci->index) : g_strdup(base);
    const char *desc = ci->description ? ci->description : display;
    g_byte_array_set_size(b, 0);
    g_byte_array_append(b, (const guint8 *)&ci->linktype, 2);
    sh_log_text_put(b, name, strlen(name));
    sh_log_text_put(b, desc, strlen(desc));
    g_free(name);
    g_free(base);
}

/* A capture interface of s, from its encoded form. */
static void source_add_iface(source *s, const GByteArray *b)
{
    cap_out co = { .out_id = -1 };
    size_t pos = 2;
    if (b->len < 2)
        return;
    memcpy(&co.linktype, b->data, 2);
    co.name = g_strdup(sh_log_text_get(b->data, b->len, &pos).ptr);
    co.desc = g_strdup(sh_log_text_get(b->data, b->len, &pos).ptr);
    if (!s->ifs)
        s->ifs = g_array_new(FALSE, TRUE, sizeof(cap_out));
    g_array_append_val(s->ifs, co);
}

/* ------------------------------------------------------------------------
 * Reading logs and captures
 * ------------------------------------------------------------------------ */

static void progress(void)
{
    if (C.records % PROGRESS_EVERY != 0)
        return;
    fprintf(stderr, PROG ": %llu records read, %llu SIP messages written%s",
            (unsigned long long)C.records, (unsigned long long)C.written, stderr_tty ? "\r" : "\n");
    C.progress_shown = true;
}

static sh_logparse *parser_for(const opts *o, const char *display)
{
    sh_log_options po = o->parse;
    int32_t day;
    char *base = g_path_get_basename(display);
    if (sh_log_find_date(sh_str_from(base), &day)) {
        po.has_name_date = true;
        po.name_date = day;
    }
    g_free(base);
    return sh_logparse_new(&po);
}

/* The next SIP record of a log, reporting and counting everything else on
 * the way. False at the end of the log. */
static bool logpump_next(logpump *lp, const opts *o, sh_log_record *r)
{
    for (;;) {
        while (sh_logparse_next(lp->parser, r)) {
            C.records++;
            if (!o->quiet)
                progress();
            switch (r->kind) {
            case SH_LOG_SIP:
                if (r->error != SH_LOG_ENONE) {
                    C.warn[r->error]++;
                    /* At the line of the problem when it has one (text
                     * after the message), else where the record starts. */
                    fprintf(stderr, PROG ": %s:%llu: warning: %s\n", lp->display,
                            (unsigned long long)(r->error_line ? r->error_line : r->line), r->detail);
                }
                lp->sip++;
                return true;
            case SH_LOG_INFO:
                C.info++;
                break;
            case SH_LOG_OTHER:
                C.other++;
                break;
            case SH_LOG_BAD:
                C.bad[r->error]++;
                lp->bad++;
                fprintf(stderr, PROG ": %s:%llu: %s; skipped\n", lp->display,
                        (unsigned long long)r->line, r->detail);
                break;
            }
        }
        if (lp->ended)
            return false;
        ssize_t k = bytesrc_read(lp->in, read_buf, sizeof read_buf);
        if (k > 0) {
            sh_logparse_push(lp->parser, read_buf, (size_t)k);
        } else {
            if (k < 0) {
                C.read_errors++;
                lp->bad++;
                fprintf(stderr, PROG ": %s: after line %llu: %s; the rest of this input is lost\n",
                        lp->display, (unsigned long long)sh_logparse_lines(lp->parser),
                        bytesrc_error(lp->in));
            }
            sh_logparse_end(lp->parser);
            lp->ended = true;
        }
    }
}

/* A log read to its end that held nothing of a known format. */
static bool logpump_not_a_log(const logpump *lp)
{
    const char *f = sh_logparse_formats(lp->parser);
    return (!f || !f[0]) && lp->sip == 0 && lp->bad == 0;
}

/* Remember how the log was read, for the summary. */
static void source_keep_format(source *s, const sh_logparse *p)
{
    const char *f = sh_logparse_formats(p);
    const char *note = sh_logparse_note(p);
    s->format = f && f[0] ? g_intern_string(f) : NULL;
    s->note = note ? g_strdup(note) : NULL;
}

static ssize_t cap_read_cb(void *ctx, void *buf, size_t n)
{
    return bytesrc_read(ctx, buf, n);
}

/* A damaged capture: what came before is kept. */
static void cap_report(const char *display, capread *c, bytesrc *in, uint64_t packets)
{
    const char *why = capread_error(c);
    C.read_errors++;
    fprintf(stderr, PROG ": %s: after packet %llu: %s; the rest of this capture is lost\n", display,
            (unsigned long long)packets, why[0] ? why : bytesrc_error(in));
}

/* ------------------------------------------------------------------------
 * Sources
 * ------------------------------------------------------------------------ */

static source *source_new(GPtrArray *sources, const char *display, bool capture)
{
    source *s = g_new0(source, 1);
    s->order = sources->len;
    s->display = g_strdup(display);
    s->capture = capture;
    g_ptr_array_add(sources, s);
    if (capture)
        C.captures++;
    else
        C.log_sources++;
    return s;
}

static void source_free(gpointer p)
{
    source *s = p;
    if (s->lp.parser)
        sh_logparse_free(s->lp.parser);
    bytesrc_close(s->lp.in);
    capread_free(s->cap);
    bytesrc_close(s->cap_in);
    if (s->buf)
        g_byte_array_free(s->buf, TRUE);
    if (s->ifs) {
        for (guint i = 0; i < s->ifs->len; i++) {
            g_free(g_array_index(s->ifs, cap_out, i).name);
            g_free(g_array_index(s->ifs, cap_out, i).desc);
        }
        g_array_free(s->ifs, TRUE);
    }
    g_free(s->display);
    g_free(s->note);
    g_free(s);
}

/* A stream's next item into s->buf; interfaces are taken on the way. */
static bool stream_next(source *s, const opts *o)
{
    if (!s->capture) {
        sh_log_record r;
        if (!logpump_next(&s->lp, o, &r)) {
            source_keep_format(s, s->lp.parser);
            if (logpump_not_a_log(&s->lp)) {
                C.not_logs++;
                s->not_log = true;
                fprintf(stderr, PROG ": %s: not a log " PROG " knows (Expressway diagnostic log, "
                        "CUCM SDL trace, Cisco IOS debug ccsip messages); nothing read\n", s->display);
            }
            return false;
        }
        encode_record(s->buf, &r);
        s->type = ITEM_SIP;
        s->time_ns = r.time_ns;
        return true;
    }
    for (;;) {
        cap_interface ci;
        cap_packet pk;
        switch (capread_next(s->cap, &ci, &pk)) {
        case CAP_INTERFACE:
            encode_iface(s->buf, &ci, s->display);
            source_add_iface(s, s->buf);
            continue;
        case CAP_PACKET:
            encode_packet(s->buf, &pk);
            s->type = ITEM_PACKET;
            s->time_ns = pk.time_ns;
            return true;
        case CAP_ERROR:
            cap_report(s->display, s->cap, s->cap_in, s->items);
            /* fall through */
        case CAP_END:
            s->format = capread_format(s->cap);
            return false;
        }
    }
}

/* A spilled source's next item header; interfaces are taken on the way. */
static bool spilled_next(source *s, GByteArray *scratch, bool *io_error)
{
    while (s->off < s->end) {
        if (!spill_head(SP, s->off, &s->it)) {
            *io_error = true;
            return false;
        }
        s->off = s->it.next;
        if (s->it.type == ITEM_IFACE) {
            if (!spill_payload(SP, &s->it, scratch)) {
                *io_error = true;
                return false;
            }
            source_add_iface(s, scratch);
            continue;
        }
        s->type = s->it.type;
        s->time_ns = s->it.time_ns;
        return true;
    }
    return false;
}

/* ------------------------------------------------------------------------
 * Bundles and directories: members into the spill file
 * ------------------------------------------------------------------------ */

static bool spill_open(char *err, size_t errlen)
{
    if (!SP)
        SP = spill_new(err, errlen);
    return SP != NULL;
}

/* One member (of a bundle or a directory): its items go into the spill
 * file, and it becomes a source (a log or a capture) unless it holds no
 * log and no capture. False only when the spill file cannot be written. */
static bool spill_member(const opts *o, GPtrArray *sources, const char *display, bytesrc *in,
                         src_kind kind, GByteArray *buf)
{
    uint64_t start = spill_end(SP);
    bool ok = true;

    if (kind == KIND_EMPTY) {
        C.members_skipped++;
        return true;
    }
    if (kind == KIND_BINARY || kind == KIND_TAR) {
        C.members_binary++;
        return true;
    }
    if (kind == KIND_CAPTURE) {
        source *s = source_new(sources, display, true);
        capread *c = capread_new(cap_read_cb, in);
        cap_event ev;
        cap_interface ci;
        cap_packet pk;
        while (ok && (ev = capread_next(c, &ci, &pk)) != CAP_END) {
            if (ev == CAP_ERROR) {
                cap_report(display, c, in, s->items);
                break;
            }
            if (ev == CAP_INTERFACE) {
                encode_iface(buf, &ci, display);
                ok = spill_put(SP, ITEM_IFACE, 0, buf->data, buf->len);
            } else {
                encode_packet(buf, &pk);
                ok = spill_put(SP, ITEM_PACKET, pk.time_ns, buf->data, buf->len);
                s->items++;
            }
        }
        s->format = capread_format(c);
        capread_free(c);
        s->off = start;
        s->end = spill_end(SP);
        return ok;
    }

    /* Log text. */
    logpump lp = { .display = display, .in = in, .parser = parser_for(o, display) };
    sh_log_record r;
    while (ok && logpump_next(&lp, o, &r)) {
        encode_record(buf, &r);
        ok = spill_put(SP, ITEM_SIP, r.time_ns, buf->data, buf->len);
    }
    if (ok && logpump_not_a_log(&lp)) {
        C.members_not_log++;   /* configuration, status pages, ... */
    } else if (ok) {
        source *s = source_new(sources, display, false);
        source_keep_format(s, lp.parser);
        s->items = lp.sip;
        s->off = start;
        s->end = spill_end(SP);
    }
    sh_logparse_free(lp.parser);
    return ok;
}

/* A bundle, read once. False when the spill file cannot be written. */
static bool read_bundle(const opts *o, GPtrArray *sources, const char *path, bytesrc *in, GByteArray *buf)
{
    char *base = strcmp(path, "-") == 0 ? g_strdup("stdin") : g_path_get_basename(path);
    tarwalk *t = tarwalk_new(in);
    const char *name;
    bytesrc *member;
    src_kind kind;
    bool ok = true;
    int ret;

    while (ok && (ret = tarwalk_next(t, &name, &member, &kind)) == 1) {
        while (name[0] == '.' && name[1] == '/')   /* "tar -C dir ." */
            name += 2;
        char *display = g_strdup_printf("%s/%s", base, name);
        ok = spill_member(o, sources, display, member, kind, buf);
        g_free(display);
    }
    if (ok && ret < 0 && tarwalk_error(t)[0]) {
        /* The members before are kept. (A member cut short by the end of
         * the bundle has said so itself: tarwalk_error() is then "".) */
        C.read_errors++;
        fprintf(stderr, PROG ": %s: %s; the rest of this bundle is lost\n", path, tarwalk_error(t));
    }
    C.members_skipped += tarwalk_skipped(t);
    tarwalk_free(t);
    g_free(base);
    return ok;
}

/* The files of a directory, as members. False on a fatal error (reported). */
static bool read_directory(const opts *o, GPtrArray *sources, const char *dir, GPtrArray *files,
                           GByteArray *buf)
{
    char *base = g_path_get_basename(dir);
    size_t skip = strlen(dir);
    bool ok = true;
    char err[512];

    while (skip > 1 && dir[skip - 1] == '/')
        skip--;
    for (guint i = 0; ok && i < files->len; i++) {
        const char *path = files->pdata[i];
        src_kind kind;
        bytesrc *in = bytesrc_open(path, &kind, err, sizeof err);
        if (!in) {
            fprintf(stderr, PROG ": %s\n", err);
            ok = false;
            break;
        }
        const char *rel = path + skip;
        while (*rel == '/')
            rel++;
        char *display = g_strdup_printf("%s/%s", base, rel);
        if (!spill_member(o, sources, display, in, kind, buf)) {
            fprintf(stderr, PROG ": %s\n", spill_error(SP));
            ok = false;
        }
        g_free(display);
        bytesrc_close(in);
    }
    g_free(base);
    return ok;
}

/* ------------------------------------------------------------------------
 * Writing
 * ------------------------------------------------------------------------ */

/* An IPv4 or IPv6 literal (an IPv6 zone, "%eth0", allowed), for --cucm-ip. */
static bool is_ip(const char *text)
{
    uint8_t b[16];
    return sh_ip_parse_zoned(text, strlen(text), b) != 0;
}

typedef struct output {
    pcapng_writer w;
    GHashTable *nodes;          /* log node name -> interface id + 1 */
    GByteArray *scratch;        /* a spilled item's payload */
    GString *note;
    GByteArray *pdu;
    sh_logframe_eth *eth;
    GPtrArray *frames;
} output;

/* A new log node's interface: if_name is the node, if_description its file. */
typedef struct node_iface {
    output *out;
    const opts *o;
    const char *desc;
} node_iface;

static int make_node_iface(const char *node, void *ctx)
{
    const node_iface *n = ctx;
    return pcapng_add_interface(&n->out->w, n->o->link_eth ? LINKTYPE_ETHERNET : LINKTYPE_WIRESHARK_UPPER_PDU,
                                node, n->desc);
}

/* The interface of a log node (sh_logframe_node_iface: one per node). */
static int iface_for_node(output *out, const opts *o, sh_str node, const char *desc)
{
    node_iface n = { out, o, desc };
    return sh_logframe_node_iface(out->nodes, node, make_node_iface, &n);
}

/* The payload of the current item of s. */
static const GByteArray *item_payload(output *out, source *s)
{
    if (s->stream)
        return s->buf;
    return spill_payload(SP, &s->it, out->scratch) ? out->scratch : NULL;
}

static bool write_sip(output *out, const opts *o, source *s, const GByteArray *b)
{
    sh_log_record r;
    decode_record(b, &r, s->time_ns);
    int id = iface_for_node(out, o, r.node, s->display);
    if (id < 0)
        return false;
    if (o->link_eth) {
        g_ptr_array_set_size(out->frames, 0);
        sh_logframe_build_eth(out->eth, &r, s->display, out->frames, out->note);
        /* The comment goes on the last frame, where Wireshark shows the
         * SIP message once the segments or fragments are reassembled. */
        for (guint i = 0; i < out->frames->len; i++) {
            GByteArray *f = out->frames->pdata[i];
            bool last = i + 1 == out->frames->len;
            if (!pcapng_write_packet(&out->w, (uint32_t)id, r.time_ns, f->data, f->len,
                                     last ? out->note->str : NULL))
                return false;
        }
        return true;
    }
    sh_logframe_build(&r, s->display, out->pdu, out->note);
    return pcapng_write_packet(&out->w, (uint32_t)id, r.time_ns, out->pdu->data, out->pdu->len,
                               out->note->str);
}

static bool write_packet(output *out, source *s, const GByteArray *b)
{
    uint32_t ifc, origlen;
    const char *comment;
    const uint8_t *data;
    size_t len;
    if (!decode_packet(b, &ifc, &origlen, &comment, &data, &len) || !s->ifs || ifc >= s->ifs->len)
        return true;   /* cannot happen: capread checks the interface */
    cap_out *co = &g_array_index(s->ifs, cap_out, ifc);
    if (co->out_id < 0) {
        co->out_id = pcapng_add_interface_res(&out->w, co->linktype, co->name, co->desc, true);
        if (co->out_id < 0)
            return false;
    }
    return pcapng_write_packet_res(&out->w, (uint32_t)co->out_id, s->time_ns, true, data, len, origlen,
                                   comment[0] ? comment : NULL);
}

/* ------------------------------------------------------------------------
 * The merge
 * ------------------------------------------------------------------------ */

/* Earlier time first; ties keep source order (items of one source are
 * already in their order), so the merge is stable. */
static bool before(const source *a, const source *b)
{
    if (a->time_ns != b->time_ns)
        return a->time_ns < b->time_ns;
    return a->order < b->order;
}

static void heap_down(source **h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && before(h[l], h[m]))
            m = l;
        if (r < n && before(h[r], h[m]))
            m = r;
        if (m == i)
            return;
        source *t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
}

static bool source_next(source *s, const opts *o, output *out, bool *io_error)
{
    return s->stream ? stream_next(s, o) : spilled_next(s, out->scratch, io_error);
}

/* Merge every source into out->w. False when writing failed or the spill
 * file could not be read (reported). */
static bool merge(const opts *o, GPtrArray *sources, output *out)
{
    source **heap = g_new0(source *, sources->len ? sources->len : 1);
    size_t n = 0;
    bool io_error = false, ok = true;

    /* Prime: the first item of every source. The nodes of the first log
     * messages become the first interfaces, each described by the files
     * whose first message it logged. */
    for (guint i = 0; i < sources->len; i++) {
        source *s = sources->pdata[i];
        if (source_next(s, o, out, &io_error))
            heap[n++] = s;
    }
    char **node_of = g_new0(char *, n ? n : 1);
    for (size_t i = 0; i < n; i++) {
        const GByteArray *b = heap[i]->type == ITEM_SIP ? item_payload(out, heap[i]) : NULL;
        sh_log_record r;
        if (heap[i]->type == ITEM_SIP && !b) {
            io_error = true;
            break;
        }
        if (b) {
            decode_record(b, &r, 0);
            node_of[i] = g_strndup(r.node.ptr, r.node.len);
        }
    }
    for (size_t i = 0; i < n && ok && !io_error; i++) {
        if (!node_of[i] || g_hash_table_contains(out->nodes, node_of[i]))
            continue;
        GString *desc = g_string_new(NULL);
        for (size_t j = i; j < n; j++)
            if (node_of[j] && strcmp(node_of[j], node_of[i]) == 0)
                g_string_append_printf(desc, "%s%s", desc->len ? ", " : "", heap[j]->display);
        ok = iface_for_node(out, o, sh_str_from(node_of[i]), desc->str) >= 0;
        g_string_free(desc, TRUE);
    }
    for (size_t i = 0; i < n; i++)
        g_free(node_of[i]);
    g_free(node_of);

    for (size_t i = n; i-- > 0;)
        heap_down(heap, n, i);
    while (n > 0 && ok && !io_error) {
        source *s = heap[0];
        const GByteArray *b = item_payload(out, s);
        if (!b) {
            io_error = true;
            break;
        }
        if (s->type == ITEM_SIP) {
            ok = write_sip(out, o, s, b);
            if (ok)
                C.written++;
        } else {
            ok = write_packet(out, s, b);
            if (ok)
                C.packets++;
        }
        if (s->stream && s->capture)
            s->items++;   /* packets read (log streams count in their pump;
                           * spilled sources counted while spilling) */
        if (!source_next(s, o, out, &io_error))
            heap[0] = heap[--n];
        heap_down(heap, n, 0);
    }
    /* Streams not read to their end (a write error): nothing to add. */
    if (io_error)
        fprintf(stderr, PROG ": %s\n", spill_error(SP));
    g_free(heap);
    return ok && !io_error;
}

/* ------------------------------------------------------------------------
 * Options
 * ------------------------------------------------------------------------ */

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: " PROG " -o OUT.pcapng [options] FILE...\n"
            "\n"
            "Convert Cisco Expressway/VCS diagnostic logs, CUCM SDL traces and Cisco IOS\n"
            "(CUBE) debug ccsip messages logs into a pcapng file of SIP messages for\n"
            "Wireshark/tshark. FILEs may be plain text, gzip, diagnostic bundles (tar,\n"
            ".tar.gz), directories (read like an extracted bundle) and captures (pcap,\n"
            "pcapng), in any mix; logged messages and captured packets are merged in\n"
            "time order.\n"
            "\n"
            "  -o, --output FILE     write the pcapng here (\"-\": standard output); it\n"
            "                        must not be one of the inputs\n"
            "      --link TYPE       exported-pdu (default: Wireshark Upper PDU export)\n"
            "                        or ethernet (made-up Ethernet/IP/UDP|TCP frames)\n"
            "      --rewrapped       treat every Expressway record as re-wrapped by a\n"
            "                        document (auto-detected per record otherwise)\n"
            "      --date YYYY-MM-DD date of CUCM SDL traces (their lines have only a\n"
            "                        time of day; default: from the trace header or\n"
            "                        file name), and the year of CUBE logs\n"
            "      --utc-offset +HH:MM  SDL trace times are local time at this offset\n"
            "                        from UTC (default: the times are UTC)\n"
            "      --cucm-ip ADDR    the CUCM's own address in SDL traces (default:\n"
            "                        the top Via / Contact of what it sends)\n"
            "      --cucm-name NAME  interface name for SDL traces (default: cucm)\n"
            "      --cube-ip ADDR    the router's own address in CUBE debug logs\n"
            "                        (default: learned from what it sends)\n"
            "      --cube-name NAME  interface name for CUBE debug logs (default: cube)\n"
            "  -q, --quiet           no progress line and no summary\n"
            "  -h, --help            this help\n"
            "      --version         print the version\n"
            "\n"
            "Exit status: 0 all converted; 1 some input was bad or not a known log, or\n"
            "no SIP message was found (reported on stderr, the rest converted and\n"
            "written); 2 usage error, an input that cannot be opened, an output that\n"
            "is an input, or a write error.\n"
            "See docs/importing-logs.md.\n");
}

static bool parse_offset(const char *s, int32_t *out)
{
    int sign = 1;
    unsigned h = 0, m = 0;
    const char *p = s;
    if (*p == '+' || *p == '-')
        sign = *p++ == '-' ? -1 : 1;
    if (!g_ascii_isdigit(p[0]))
        return false;
    h = (unsigned)(*p++ - '0');
    if (g_ascii_isdigit(*p))
        h = h * 10 + (unsigned)(*p++ - '0');
    if (*p == ':')
        p++;
    if (*p) {
        if (!g_ascii_isdigit(p[0]) || !g_ascii_isdigit(p[1]) || p[2])
            return false;
        m = (unsigned)((p[0] - '0') * 10 + (p[1] - '0'));
    }
    if (h > 14 || m > 59)
        return false;
    *out = sign * (int32_t)(h * 3600 + m * 60);
    return true;
}

enum {
    OPT_REWRAPPED = 256, OPT_DATE, OPT_UTC_OFFSET, OPT_CUCM_IP, OPT_CUCM_NAME, OPT_CUBE_IP, OPT_CUBE_NAME,
    OPT_LINK, OPT_VERSION
};

static int parse_args(int argc, char **argv, opts *o)
{
    static const struct option longopts[] = {
        { "output", required_argument, NULL, 'o' },
        { "link", required_argument, NULL, OPT_LINK },
        { "rewrapped", no_argument, NULL, OPT_REWRAPPED },
        { "date", required_argument, NULL, OPT_DATE },
        { "utc-offset", required_argument, NULL, OPT_UTC_OFFSET },
        { "cucm-ip", required_argument, NULL, OPT_CUCM_IP },
        { "cucm-name", required_argument, NULL, OPT_CUCM_NAME },
        { "cube-ip", required_argument, NULL, OPT_CUBE_IP },
        { "cube-name", required_argument, NULL, OPT_CUBE_NAME },
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, OPT_VERSION },
        { NULL, 0, NULL, 0 },
    };
    int c;

    while ((c = getopt_long(argc, argv, "o:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            o->out = optarg;
            break;
        case 'q':
            o->quiet = true;
            break;
        case 'h':
            usage(stdout);
            exit(EXIT_OK);
        case OPT_VERSION:
            printf(PROG " (siphop) %s\n", SIPHOP_VERSION);
            exit(EXIT_OK);
        case OPT_LINK:
            if (strcmp(optarg, "ethernet") == 0) {
                o->link_eth = true;
            } else if (strcmp(optarg, "exported-pdu") == 0) {
                o->link_eth = false;
            } else {
                fprintf(stderr, PROG ": --link wants ethernet or exported-pdu, not \"%s\"\n", optarg);
                return -1;
            }
            break;
        case OPT_REWRAPPED:
            o->parse.rewrapped = true;
            break;
        case OPT_DATE:
            if (!sh_log_parse_date(sh_str_from(optarg), &o->parse.sdl_date)) {
                fprintf(stderr, PROG ": --date wants YYYY-MM-DD, not \"%s\"\n", optarg);
                return -1;
            }
            o->parse.has_sdl_date = true;
            break;
        case OPT_UTC_OFFSET:
            if (!parse_offset(optarg, &o->parse.utc_offset_s)) {
                fprintf(stderr, PROG ": --utc-offset wants +HH:MM or -HH:MM, not \"%s\"\n", optarg);
                return -1;
            }
            break;
        case OPT_CUCM_IP:
        case OPT_CUBE_IP:
            if (!is_ip(optarg)) {
                fprintf(stderr, PROG ": --%s wants an IPv4 or IPv6 address, not \"%s\"\n",
                        c == OPT_CUCM_IP ? "cucm-ip" : "cube-ip", optarg);
                return -1;
            }
            if (c == OPT_CUCM_IP)
                o->parse.cucm_ip = optarg;
            else
                o->parse.cube_ip = optarg;
            break;
        case OPT_CUCM_NAME:
            o->parse.sdl_node = optarg;
            break;
        case OPT_CUBE_NAME:
            o->parse.cube_node = optarg;
            break;
        default:
            usage(stderr);
            return -1;
        }
    }
    if (!o->out) {
        fprintf(stderr, PROG ": no output file (-o OUT.pcapng)\n");
        usage(stderr);
        return -1;
    }
    if (optind >= argc) {
        fprintf(stderr, PROG ": no input files\n");
        usage(stderr);
        return -1;
    }
    return optind;
}

/* ------------------------------------------------------------------------
 * Summary
 * ------------------------------------------------------------------------ */

static void summary_source(const source *s)
{
    if (s->capture) {
        fprintf(stderr, PROG ":   %s: %s capture, %llu packet%s\n", s->display,
                s->format && s->format[0] ? s->format : "damaged", (unsigned long long)s->items,
                s->items == 1 ? "" : "s");
        return;
    }
    uint64_t n = s->stream ? s->lp.sip : s->items;
    if (s->not_log) {
        fprintf(stderr, PROG ":   %s: not a known log\n", s->display);
        return;
    }
    fprintf(stderr, PROG ":   %s: %s%s%llu SIP message%s%s%s\n", s->display, s->format ? s->format : "",
            s->format ? ", " : "", (unsigned long long)n, n == 1 ? "" : "s", s->note ? "; " : "",
            s->note ? s->note : "");
}

/* The exit status the input deserves; prints the summary unless quiet. */
static int summary(const opts *o, GPtrArray *sources, const pcapng_writer *w, bool write_ok)
{
    uint64_t bad = 0, warned = 0;
    for (int e = 0; e < SH_LOG_ECOUNT; e++) {
        bad += C.bad[e];
        warned += C.warn[e];
    }
    if (!o->quiet) {
        if (C.progress_shown && stderr_tty)
            fputc('\n', stderr);
        if (write_ok)
            fprintf(stderr,
                    PROG ": %llu records read from %zu source%s, %llu SIP messages written to %s "
                    "(%u interface%s), %llu skipped\n",
                    (unsigned long long)C.records, C.log_sources, C.log_sources == 1 ? "" : "s",
                    (unsigned long long)C.written, o->out, w->n_interfaces, w->n_interfaces == 1 ? "" : "s",
                    (unsigned long long)(C.info + C.other + bad));
        else
            fprintf(stderr, PROG ": %llu records read from %zu source%s; %s is incomplete (write error)\n",
                    (unsigned long long)C.records, C.log_sources, C.log_sources == 1 ? "" : "s", o->out);
        guint listed = 0;
        for (guint i = 0; i < sources->len && listed < SUMMARY_SOURCES; i++, listed++)
            summary_source(sources->pdata[i]);
        if (sources->len > listed)
            fprintf(stderr, PROG ":   ... and %u more sources\n", sources->len - listed);
        if (C.info)
            fprintf(stderr, PROG ":   skipped %llu info summaries\n", (unsigned long long)C.info);
        if (C.other)
            fprintf(stderr, PROG ":   skipped %llu other records (not SIP)\n", (unsigned long long)C.other);
        for (int e = 0; e < SH_LOG_ECOUNT; e++)
            if (C.bad[e])
                fprintf(stderr, PROG ":   skipped %llu bad: %s\n", (unsigned long long)C.bad[e],
                        sh_log_error_name((sh_log_error)e));
        for (int e = 0; e < SH_LOG_ECOUNT; e++)
            if (C.warn[e])
                fprintf(stderr, PROG ":   written with a warning %llu: %s\n", (unsigned long long)C.warn[e],
                        sh_log_error_name((sh_log_error)e));
        if (C.captures)
            fprintf(stderr, PROG ":   %s %llu packets from %zu capture%s\n", write_ok ? "merged" : "read",
                    (unsigned long long)C.packets, C.captures, C.captures == 1 ? "" : "s");
        if (C.read_errors)
            fprintf(stderr, PROG ":   %llu input(s) cut short by a read or decompression error\n",
                    (unsigned long long)C.read_errors);
        if (C.not_logs)
            fprintf(stderr, PROG ":   %llu file(s) not a known log\n", (unsigned long long)C.not_logs);
        if (C.members_not_log)
            fprintf(stderr, PROG ":   ignored %zu bundle or directory members: text, but no known log\n",
                    C.members_not_log);
        if (C.members_binary)
            fprintf(stderr, PROG ":   ignored %zu bundle or directory members: neither log nor capture\n",
                    C.members_binary);
    }
    bool bad_input = bad || warned || C.read_errors || C.not_logs;
    if (write_ok && C.written == 0) {
        /* Said even with -q: almost certainly not what was meant. */
        if (C.packets)
            fprintf(stderr, PROG ": no SIP message found in any log; %s holds only the %llu captured packets\n",
                    o->out, (unsigned long long)C.packets);
        else
            fprintf(stderr, PROG ": no SIP message found in the input; %s holds no packets\n", o->out);
        bad_input = true;
    }
    return bad_input ? EXIT_BAD_INPUT : EXIT_OK;
}

/* ------------------------------------------------------------------------
 * Inputs and the output
 * ------------------------------------------------------------------------ */

typedef struct input {
    const char *arg;
    GPtrArray *files;           /* a directory's files, or NULL */
} input;

/* The output must not be one of the inputs: "-o x.log x.log" would empty
 * the log before it is read. Checked before anything is read or written,
 * by device and inode (so also through symbolic and hard links, and for the
 * files of a directory input). An output that does not exist yet cannot be
 * an input; one that is not a regular file (/dev/null) is not compared. */
static bool output_is_input(const opts *o, input *in, size_t n)
{
    struct stat os, is;
    if (strcmp(o->out, "-") == 0 || stat(o->out, &os) != 0 || !S_ISREG(os.st_mode))
        return false;
    for (size_t i = 0; i < n; i++) {
        const char *hit = NULL;
        if (strcmp(in[i].arg, "-") == 0) {
            if (fstat(STDIN_FILENO, &is) == 0 && is.st_dev == os.st_dev && is.st_ino == os.st_ino)
                hit = "standard input";
        } else if (in[i].files) {
            for (guint j = 0; !hit && j < in[i].files->len; j++)
                if (stat(in[i].files->pdata[j], &is) == 0 && is.st_dev == os.st_dev && is.st_ino == os.st_ino)
                    hit = in[i].files->pdata[j];
        } else if (stat(in[i].arg, &is) == 0 && is.st_dev == os.st_dev && is.st_ino == os.st_ino) {
            hit = in[i].arg;
        }
        if (hit) {
            fprintf(stderr, PROG ": the output %s is also an input (%s); refusing to overwrite it\n", o->out,
                    hit);
            return true;
        }
    }
    return false;
}

/* Every input: streams opened, bundles and directories read into the spill
 * file. False on an error that stops everything (reported). */
static bool read_inputs(const opts *o, input *in, size_t n, GPtrArray *sources)
{
    GByteArray *buf = g_byte_array_new();
    char err[512];
    bool ok = true;

    for (size_t i = 0; ok && i < n; i++) {
        if (in[i].files) {
            ok = spill_open(err, sizeof err) && read_directory(o, sources, in[i].arg, in[i].files, buf);
            if (!SP)
                fprintf(stderr, PROG ": %s\n", err);
            continue;
        }
        src_kind kind;
        bytesrc *b = bytesrc_open(in[i].arg, &kind, err, sizeof err);
        if (!b) {
            fprintf(stderr, PROG ": %s\n", err);
            ok = false;
            break;
        }
        const char *display = strcmp(in[i].arg, "-") == 0 ? "stdin" : NULL;
        char *base = display ? g_strdup(display) : g_path_get_basename(in[i].arg);
        if (kind == KIND_TAR) {
            if (!spill_open(err, sizeof err)) {
                fprintf(stderr, PROG ": %s\n", err);
                bytesrc_close(b);
                ok = false;
            } else if (!read_bundle(o, sources, in[i].arg, b, buf)) {
                fprintf(stderr, PROG ": %s\n", spill_error(SP));
                ok = false;
            }
        } else {
            /* A file named on the command line: read as a stream by the
             * merge. A capture is merged as in a bundle; anything else is
             * read as a log (the parser says if it is none). */
            source *s = source_new(sources, base, kind == KIND_CAPTURE);
            s->stream = true;
            s->buf = g_byte_array_new();
            if (s->capture) {
                s->cap_in = b;
                s->cap = capread_new(cap_read_cb, b);
            } else {
                s->lp.display = s->display;
                s->lp.in = b;
                s->lp.parser = parser_for(o, s->display);
            }
        }
        g_free(base);
    }
    if (ok && SP && !spill_finish(SP)) {
        fprintf(stderr, PROG ": %s\n", spill_error(SP));
        ok = false;
    }
    g_byte_array_free(buf, TRUE);
    return ok;
}

/* Writes everything; returns the exit status. */
static int convert(const opts *o, GPtrArray *sources)
{
    static char out_buf[1 << 16];
    bool to_stdout = strcmp(o->out, "-") == 0;
    FILE *fp = to_stdout ? stdout : fopen(o->out, "wb");
    if (!fp) {
        fprintf(stderr, PROG ": %s: %s\n", o->out, strerror(errno));
        return EXIT_USAGE;
    }
    setvbuf(fp, out_buf, _IOFBF, sizeof out_buf);

    output out = { 0 };
    out.nodes = sh_logframe_nodes_new();
    out.scratch = g_byte_array_new();
    out.note = g_string_new(NULL);
    out.pdu = g_byte_array_new();
    out.eth = sh_logframe_eth_new();
    out.frames = g_ptr_array_new_with_free_func((GDestroyNotify)g_byte_array_unref);

    bool ok = pcapng_begin(&out.w, fp, PROG " (siphop " SIPHOP_VERSION ")");
    bool merged = ok && merge(o, sources, &out);
    if (!out.w.failed) {
        errno = 0;
        if (fflush(fp) != 0 || ferror(fp))
            pcapng_fail(&out.w, errno);
    }
    if (!to_stdout && fclose(fp) != 0)
        pcapng_fail(&out.w, errno);
    if (out.w.failed)
        fprintf(stderr, PROG ": writing %s: %s; %s is incomplete\n", to_stdout ? "standard output" : o->out,
                strerror(out.w.err), o->out);

    int status = summary(o, sources, &out.w, !out.w.failed);
    if (out.w.failed || !merged)
        status = EXIT_USAGE;

    sh_logframe_eth_free(out.eth);
    g_ptr_array_free(out.frames, TRUE);
    g_hash_table_destroy(out.nodes);
    g_byte_array_free(out.scratch, TRUE);
    g_byte_array_free(out.pdu, TRUE);
    g_string_free(out.note, TRUE);
    return status;
}

int main(int argc, char **argv)
{
    opts o = { 0 };
    char err[512];
    int status = EXIT_USAGE;

    stderr_tty = isatty(STDERR_FILENO);
    int first = parse_args(argc, argv, &o);
    if (first < 0)
        return EXIT_USAGE;

    size_t n = (size_t)(argc - first);
    input *in = g_new0(input, n);
    GPtrArray *sources = g_ptr_array_new_with_free_func(source_free);

    /* 1. What the inputs are (directories listed), and the output is none
     * of them. Nothing is read yet. */
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        in[i].arg = argv[first + (int)i];
        if (strcmp(in[i].arg, "-") == 0)
            continue;
        if (stat(in[i].arg, &st) != 0) {
            fprintf(stderr, PROG ": %s: %s\n", in[i].arg, strerror(errno));
            goto done;
        }
        if (S_ISDIR(st.st_mode)) {
            in[i].files = g_ptr_array_new_with_free_func(g_free);
            if (!dir_list(in[i].arg, in[i].files, &C.members_skipped, err, sizeof err)) {
                fprintf(stderr, PROG ": %s\n", err);
                goto done;
            }
        }
    }
    if (output_is_input(&o, in, n))
        goto done;

    /* 2. Read: a typo in a name, or an unreadable input, must not leave a
     * half-written capture behind, so the output is created only after. */
    if (!read_inputs(&o, in, n, sources))
        goto done;

    /* 3. Merge and write. */
    status = convert(&o, sources);

done:
    g_ptr_array_free(sources, TRUE);
    for (size_t i = 0; i < n; i++)
        if (in[i].files)
            g_ptr_array_free(in[i].files, TRUE);
    g_free(in);
    spill_free(SP);
    return status;
}
