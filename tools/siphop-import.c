/* siphop-import - Expressway diagnostic logs and CUCM SDL traces to pcapng.
 *
 *   siphop-import -o OUT.pcapng FILE...
 *
 * Every SIP message logged by an Expressway (or a CUCM SDL trace) becomes one
 * frame of link type LINKTYPE_WIRESHARK_UPPER_PDU: exported-PDU tags naming
 * the "sip" dissector and the addresses and ports, then the SIP message. Any
 * Wireshark opens it as SIP, no plugin needed; with the siphop plugin the
 * encrypted hops can be followed like captured ones.
 *
 * Inputs are merged in time order by a k-way merge of per-source record
 * streams: memory is one record per source, whatever the file sizes.
 * See docs/importing-logs.md.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "siphop/logframe.h"
#include "siphop/logparse.h"
#include "logsource.h"
#include "pcapng_writer.h"

#ifndef SIPHOP_VERSION
#define SIPHOP_VERSION "unknown"
#endif

#define PROG "siphop-import"
#define READ_CHUNK (64 * 1024)
#define PROGRESS_EVERY 100000u

enum { EXIT_OK = 0, EXIT_BAD_INPUT = 1, EXIT_USAGE = 2 };

typedef struct counters {
    uint64_t records;
    uint64_t written;
    uint64_t info;
    uint64_t other;
    uint64_t bad[SH_LOG_ECOUNT];    /* skipped, per reason */
    uint64_t warn[SH_LOG_ECOUNT];   /* written, with a warning */
    uint64_t read_errors;
    bool progress_shown;
} counters;

/* A SIP record copied out of its parser: the merge holds one per source
 * while the other sources read on. */
typedef struct rec_copy {
    uint64_t line;
    int64_t time_ns;
    bool sdl;
    sh_log_dir dir;
    sh_log_local_src local_src;
    uint32_t local_port;
    uint32_t peer_port;
    sh_log_transport transport;
    sh_log_transport_src transport_src;
    sh_log_error warning;
    GString *node, *action, *local, *peer, *hash, *msg, *detail;
} rec_copy;

typedef struct stream {
    size_t order;           /* command line order, then bundle order */
    logsrc_info *info;
    logsrc *src;
    sh_logparse *parser;
    bool ended;             /* the parser was told the input ended */
    bool has;               /* cur holds the next record to write */
    rec_copy cur;
} stream;

typedef struct opts {
    const char *out;
    sh_log_options parse;
    bool quiet;
} opts;

static counters C;
static bool stderr_tty;
static unsigned char read_buf[READ_CHUNK];

/* ------------------------------------------------------------------------
 * Reading records
 * ------------------------------------------------------------------------ */

static void copy_str(GString *dst, sh_str s)
{
    g_string_truncate(dst, 0);
    if (s.len)
        g_string_append_len(dst, s.ptr, (gssize)s.len);
}

static void rec_init(rec_copy *r)
{
    r->node = g_string_new(NULL);
    r->action = g_string_new(NULL);
    r->local = g_string_new(NULL);
    r->peer = g_string_new(NULL);
    r->hash = g_string_new(NULL);
    r->msg = g_string_new(NULL);
    r->detail = g_string_new(NULL);
}

static void rec_free(rec_copy *r)
{
    GString **all[] = { &r->node, &r->action, &r->local, &r->peer, &r->hash, &r->msg, &r->detail };
    for (size_t i = 0; i < G_N_ELEMENTS(all); i++) {
        if (*all[i])
            g_string_free(*all[i], TRUE);
        *all[i] = NULL;
    }
}

static void rec_take(rec_copy *c, const sh_log_record *r)
{
    c->line = r->line;
    c->time_ns = r->time_ns;
    c->sdl = r->sdl;
    c->dir = r->dir;
    c->local_src = r->local_src;
    c->local_port = r->local_port;
    c->peer_port = r->peer_port;
    c->transport = r->transport;
    c->transport_src = r->transport_src;
    c->warning = r->error;
    copy_str(c->node, r->node);
    copy_str(c->action, r->action);
    copy_str(c->local, r->local_addr);
    copy_str(c->peer, r->peer_addr);
    copy_str(c->hash, r->msg_hash);
    copy_str(c->msg, r->msg);
    copy_str(c->detail, sh_str_from(r->detail));
}

static void progress(void)
{
    if (C.records % PROGRESS_EVERY != 0)
        return;
    fprintf(stderr, PROG ": %llu records read, %llu SIP messages written%s",
            (unsigned long long)C.records, (unsigned long long)C.written, stderr_tty ? "\r" : "\n");
    C.progress_shown = true;
}

/* Pull the next SIP record of a stream into s->cur, reporting and counting
 * everything else on the way. False at the end of the stream. */
static bool stream_next(stream *s, const opts *o)
{
    sh_log_record r;

    s->has = false;
    for (;;) {
        while (sh_logparse_next(s->parser, &r)) {
            C.records++;
            if (!o->quiet)
                progress();
            switch (r.kind) {
            case SH_LOG_SIP:
                if (r.error != SH_LOG_ENONE) {
                    C.warn[r.error]++;
                    fprintf(stderr, PROG ": %s:%llu: warning: %s\n", s->info->display,
                            (unsigned long long)r.line, r.detail);
                }
                rec_take(&s->cur, &r);
                s->has = true;
                return true;
            case SH_LOG_INFO:
                C.info++;
                break;
            case SH_LOG_OTHER:
                C.other++;
                break;
            case SH_LOG_BAD:
                C.bad[r.error]++;
                fprintf(stderr, PROG ": %s:%llu: %s; skipped\n", s->info->display,
                        (unsigned long long)r.line, r.detail);
                break;
            }
        }
        if (s->ended)
            return false;
        ssize_t k = logsrc_read(s->src, read_buf, sizeof read_buf);
        if (k > 0) {
            sh_logparse_push(s->parser, read_buf, (size_t)k);
        } else {
            if (k < 0) {
                C.read_errors++;
                fprintf(stderr, PROG ": %s: after line %llu: %s; the rest of this input is lost\n",
                        s->info->display, (unsigned long long)sh_logparse_lines(s->parser),
                        logsrc_error(s->src));
            }
            sh_logparse_end(s->parser);
            s->ended = true;
        }
    }
}

/* ------------------------------------------------------------------------
 * Frames
 * ------------------------------------------------------------------------ */

/* An IPv4 or IPv6 literal (an IPv6 zone, "%eth0", allowed), for --cucm-ip. */
static bool is_ip(const char *text)
{
    char buf[64];
    uint8_t b[16];
    size_t n = strcspn(text, "%");
    if (n >= sizeof buf)
        return false;
    memcpy(buf, text, n);
    buf[n] = '\0';
    return inet_pton(AF_INET, buf, b) == 1 || inet_pton(AF_INET6, buf, b) == 1;
}

/* The held copy seen as a parser record again, for sh_logframe_build(). */
static void rec_view(const rec_copy *c, sh_log_record *r)
{
    memset(r, 0, sizeof *r);
    r->kind = SH_LOG_SIP;
    r->error = c->warning;
    r->detail = c->detail->str;
    r->line = c->line;
    r->sdl = c->sdl;
    r->has_time = true;
    r->time_ns = c->time_ns;
    r->node = sh_str_make(c->node->str, c->node->len);
    r->dir = c->dir;
    r->action = sh_str_make(c->action->str, c->action->len);
    r->local_addr = sh_str_make(c->local->str, c->local->len);
    r->local_port = c->local_port;
    r->local_src = c->local_src;
    r->peer_addr = sh_str_make(c->peer->str, c->peer->len);
    r->peer_port = c->peer_port;
    r->msg_hash = sh_str_make(c->hash->str, c->hash->len);
    r->transport = c->transport;
    r->transport_src = c->transport_src;
    r->msg = sh_str_make(c->msg->str, c->msg->len);
}

static bool write_frame(pcapng_writer *w, const stream *s, uint32_t ifid, GByteArray *pdu, GString *note)
{
    sh_log_record r;
    rec_view(&s->cur, &r);
    sh_logframe_build(&r, s->info->display, pdu, note);
    return pcapng_write_packet(w, ifid, s->cur.time_ns, pdu->data, pdu->len, note->str);
}

/* ------------------------------------------------------------------------
 * The merge
 * ------------------------------------------------------------------------ */

/* Earlier time first; ties keep source order (records of one source are
 * already in line order), so the merge is stable. */
static bool before(const stream *a, const stream *b)
{
    if (a->cur.time_ns != b->cur.time_ns)
        return a->cur.time_ns < b->cur.time_ns;
    return a->order < b->order;
}

static void heap_down(stream **h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && before(h[l], h[m]))
            m = l;
        if (r < n && before(h[r], h[m]))
            m = r;
        if (m == i)
            return;
        stream *t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
}

/* Interface per node: if_name is the node, if_description its files. */
typedef struct ifaces {
    GHashTable *ids;        /* node name -> id + 1 */
} ifaces;

static int iface_for(pcapng_writer *w, ifaces *ifs, const char *node, const char *desc)
{
    gpointer v = g_hash_table_lookup(ifs->ids, node);
    if (v)
        return GPOINTER_TO_INT(v) - 1;
    int id = pcapng_add_interface(w, LINKTYPE_WIRESHARK_UPPER_PDU, node, desc);
    if (id >= 0)
        g_hash_table_insert(ifs->ids, g_strdup(node), GINT_TO_POINTER(id + 1));
    return id;
}

/* ------------------------------------------------------------------------
 * Options
 * ------------------------------------------------------------------------ */

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: " PROG " -o OUT.pcapng [options] FILE...\n"
            "\n"
            "Convert Cisco Expressway/VCS diagnostic logs and CUCM SDL traces into a\n"
            "pcapng file of SIP messages (exported-PDU link type) for Wireshark/tshark.\n"
            "FILEs may be plain text, gzip, or diagnostic bundles (.tar.gz), in any mix;\n"
            "their messages are merged in time order.\n"
            "\n"
            "  -o, --output FILE     write the pcapng here (\"-\": standard output)\n"
            "      --rewrapped       treat every Expressway record as re-wrapped by a\n"
            "                        document (auto-detected per record otherwise)\n"
            "      --date YYYY-MM-DD date of CUCM SDL traces (their lines have only a\n"
            "                        time of day; default: from the trace header or\n"
            "                        file name)\n"
            "      --utc-offset +HH:MM  SDL trace times are local time at this offset\n"
            "                        from UTC (default: the times are UTC)\n"
            "      --cucm-ip ADDR    the CUCM's own address in SDL traces (default:\n"
            "                        the top Via / Contact of what it sends)\n"
            "      --cucm-name NAME  interface name for SDL traces (default: cucm)\n"
            "  -q, --quiet           no progress line and no summary\n"
            "  -h, --help            this help\n"
            "      --version         print the version\n"
            "\n"
            "Exit status: 0 all converted; 1 some input was bad (reported on stderr,\n"
            "the rest converted and written); 2 usage or I/O error.\n"
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

enum { OPT_REWRAPPED = 256, OPT_DATE, OPT_UTC_OFFSET, OPT_CUCM_IP, OPT_CUCM_NAME, OPT_VERSION };

static int parse_args(int argc, char **argv, opts *o)
{
    static const struct option longopts[] = {
        { "output", required_argument, NULL, 'o' },
        { "rewrapped", no_argument, NULL, OPT_REWRAPPED },
        { "date", required_argument, NULL, OPT_DATE },
        { "utc-offset", required_argument, NULL, OPT_UTC_OFFSET },
        { "cucm-ip", required_argument, NULL, OPT_CUCM_IP },
        { "cucm-name", required_argument, NULL, OPT_CUCM_NAME },
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
            if (!is_ip(optarg)) {
                fprintf(stderr, PROG ": --cucm-ip wants an IPv4 or IPv6 address, not \"%s\"\n", optarg);
                return -1;
            }
            o->parse.cucm_ip = optarg;
            break;
        case OPT_CUCM_NAME:
            o->parse.sdl_node = optarg;
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

static int summary(const opts *o, const logsrc_list *list, uint32_t n_if)
{
    uint64_t bad = 0, warned = 0;
    for (int e = 0; e < SH_LOG_ECOUNT; e++) {
        bad += C.bad[e];
        warned += C.warn[e];
    }
    if (!o->quiet) {
        if (C.progress_shown && stderr_tty)
            fputc('\n', stderr);
        fprintf(stderr,
                PROG ": %llu records read from %zu source%s, %llu SIP messages written to %s "
                "(%u interface%s), %llu skipped\n",
                (unsigned long long)C.records, list->n, list->n == 1 ? "" : "s",
                (unsigned long long)C.written, o->out, n_if, n_if == 1 ? "" : "s",
                (unsigned long long)(C.info + C.other + bad));
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
        if (C.read_errors)
            fprintf(stderr, PROG ":   %llu input(s) cut short by a read or decompression error\n",
                    (unsigned long long)C.read_errors);
        if (list->ignored_members)
            fprintf(stderr, PROG ":   ignored %zu bundle members that are not log text\n",
                    list->ignored_members);
    }
    return bad || warned || C.read_errors ? EXIT_BAD_INPUT : EXIT_OK;
}

/* Merge every stream into out; returns the exit status. Closes out. */
static int convert(const opts *o, const logsrc_list *list, stream *streams, FILE *out)
{
    static char out_buf[1 << 16];
    setvbuf(out, out_buf, _IOFBF, sizeof out_buf);

    /* Prime: the first message of every source. Its nodes become the first
     * interfaces, each described by the files it came from. */
    stream **heap = g_new0(stream *, list->n ? list->n : 1);
    size_t n = 0;
    for (size_t i = 0; i < list->n; i++)
        if (stream_next(&streams[i], o))
            heap[n++] = &streams[i];

    pcapng_writer w;
    ifaces ifs = { g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL) };
    bool ok = pcapng_begin(&w, out, PROG " (siphop " SIPHOP_VERSION ")");
    for (size_t i = 0; i < n && ok; i++) {
        const char *node = heap[i]->cur.node->str;
        if (g_hash_table_contains(ifs.ids, node))
            continue;
        GString *desc = g_string_new(NULL);
        for (size_t j = i; j < n; j++) {
            if (strcmp(heap[j]->cur.node->str, node) == 0)
                g_string_append_printf(desc, "%s%s", desc->len ? ", " : "", heap[j]->info->display);
        }
        ok = iface_for(&w, &ifs, node, desc->str) >= 0;
        g_string_free(desc, TRUE);
    }

    /* k-way merge */
    for (size_t i = n; i-- > 0;)
        heap_down(heap, n, i);
    GByteArray *pdu = g_byte_array_new();
    GString *note = g_string_new(NULL);
    while (n > 0 && ok) {
        stream *s = heap[0];
        int id = iface_for(&w, &ifs, s->cur.node->str, s->info->display);
        ok = id >= 0 && write_frame(&w, s, (uint32_t)id, pdu, note);
        if (ok)
            C.written++;
        if (!stream_next(s, o))
            heap[0] = heap[--n];
        heap_down(heap, n, 0);
    }
    if (ok && fflush(out) != 0)
        ok = false;
    if (!ok)
        fprintf(stderr, PROG ": %s: write error: %s\n", o->out, strerror(errno));
    if (out != stdout && fclose(out) != 0 && ok) {
        fprintf(stderr, PROG ": %s: %s\n", o->out, strerror(errno));
        ok = false;
    }

    int status = summary(o, list, w.n_interfaces);

    g_byte_array_free(pdu, TRUE);
    g_string_free(note, TRUE);
    g_hash_table_destroy(ifs.ids);
    g_free(heap);
    return ok ? status : EXIT_USAGE;
}

int main(int argc, char **argv)
{
    opts o = { 0 };
    logsrc_list list = { 0 };
    stream *streams = NULL;
    char err[512];
    int status = EXIT_USAGE;

    stderr_tty = isatty(STDERR_FILENO);
    int first = parse_args(argc, argv, &o);
    if (first < 0)
        return EXIT_USAGE;

    /* Open every input before creating the output: a typo in a file name
     * should not leave a half-written capture behind. */
    for (int i = first; i < argc; i++) {
        if (!logsrc_expand(argv[i], &list, err, sizeof err)) {
            fprintf(stderr, PROG ": %s\n", err);
            goto done;
        }
    }

    streams = g_new0(stream, list.n ? list.n : 1);
    for (size_t i = 0; i < list.n; i++)
        rec_init(&streams[i].cur);
    for (size_t i = 0; i < list.n; i++) {
        stream *s = &streams[i];
        sh_log_options po = o.parse;
        int32_t day;
        s->order = i;
        s->info = &list.v[i];
        s->src = logsrc_open(s->info, err, sizeof err);
        if (!s->src) {
            fprintf(stderr, PROG ": %s\n", err);
            goto done;
        }
        if (sh_log_find_date(sh_str_from(s->info->name), &day)) {
            po.has_name_date = true;
            po.name_date = day;
        }
        s->parser = sh_logparse_new(&po);
    }

    FILE *out = strcmp(o.out, "-") == 0 ? stdout : fopen(o.out, "wb");
    if (!out) {
        fprintf(stderr, PROG ": %s: %s\n", o.out, strerror(errno));
        goto done;
    }
    status = convert(&o, &list, streams, out);

done:
    for (size_t i = 0; streams && i < list.n; i++) {
        logsrc_close(streams[i].src);
        sh_logparse_free(streams[i].parser);
        rec_free(&streams[i].cur);
    }
    g_free(streams);
    logsrc_list_free(&list);
    return status;
}
