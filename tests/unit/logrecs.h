/* logrecs.h - the log parser's records copied out, for the unit tests of
 * the parser and its readers (test_logparse.c, test_logfmt_cube.c), through
 * the public API only.
 *
 * Every input is parsed whole and again split into 1-, 2-, 3- and 7-byte
 * pushes (parse_opts): the records must not depend on how the bytes arrive.
 * Include after check.h.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_TEST_LOGRECS_H
#define SIPHOP_TEST_LOGRECS_H

#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "siphop/logparse.h"

/* A record copied out of the parser. */
typedef struct rec {
    sh_log_kind kind;
    sh_log_error error;
    uint64_t line, error_line;
    bool has_time;
    int64_t time_ns;
    char *node, *action, *local, *peer, *hash, *msg, *detail, *format;
    uint32_t local_port, peer_port;
    sh_log_dir dir;
    sh_log_local_src local_src;
    sh_log_transport transport;
    sh_log_transport_src transport_src;
    bool sdl;
} rec;

typedef struct recs {
    rec v[64];
    size_t n;
    char *note;      /* sh_logparse_note(), "" for none */
    char *formats;   /* sh_logparse_formats() */
} recs;

static inline char *dup_str(sh_str s)
{
    return g_strndup(s.ptr ? s.ptr : "", s.len);
}

static inline void recs_free(recs *rs)
{
    for (size_t i = 0; i < rs->n; i++) {
        rec *r = &rs->v[i];
        char *texts[] = { r->node, r->action, r->local, r->peer, r->hash, r->msg, r->detail, r->format };
        for (size_t k = 0; k < G_N_ELEMENTS(texts); k++)
            g_free(texts[k]);
    }
    g_free(rs->note);
    g_free(rs->formats);
    memset(rs, 0, sizeof *rs);
}

static inline void take(recs *rs, const sh_log_record *in)
{
    if (rs->n == G_N_ELEMENTS(rs->v))
        return;
    rec *r = &rs->v[rs->n++];
    r->kind = in->kind;
    r->error = in->error;
    r->line = in->line;
    r->error_line = in->error_line;
    r->has_time = in->has_time;
    r->time_ns = in->time_ns;
    r->node = dup_str(in->node);
    r->action = dup_str(in->action);
    r->local = dup_str(in->local_addr);
    r->peer = dup_str(in->peer_addr);
    r->hash = dup_str(in->msg_hash);
    r->msg = dup_str(in->msg);
    r->detail = g_strdup(in->detail);
    r->format = g_strdup(in->format ? in->format : "");
    r->local_port = in->local_port;
    r->peer_port = in->peer_port;
    r->dir = in->dir;
    r->local_src = in->local_src;
    r->transport = in->transport;
    r->transport_src = in->transport_src;
    r->sdl = in->sdl;
}

static inline void parse_chunked(const char *data, size_t len, size_t chunk, const sh_log_options *o, recs *rs)
{
    sh_logparse *p = sh_logparse_new(o);
    sh_log_record r;
    for (size_t off = 0; off < len; off += chunk) {
        sh_logparse_push(p, data + off, len - off < chunk ? len - off : chunk);
        while (sh_logparse_next(p, &r))
            take(rs, &r);
    }
    sh_logparse_end(p);
    while (sh_logparse_next(p, &r))
        take(rs, &r);
    const char *note = sh_logparse_note(p);
    g_free(rs->note);
    g_free(rs->formats);
    rs->note = g_strdup(note ? note : "");
    rs->formats = g_strdup(sh_logparse_formats(p));
    sh_logparse_free(p);
}

static inline bool same_recs(const recs *a, const recs *b)
{
    if (a->n != b->n || strcmp(a->note, b->note) || strcmp(a->formats, b->formats))
        return false;
    for (size_t i = 0; i < a->n; i++) {
        const rec *x = &a->v[i], *y = &b->v[i];
        if (x->kind != y->kind || x->error != y->error || x->line != y->line || x->time_ns != y->time_ns ||
            x->dir != y->dir || x->local_port != y->local_port || x->peer_port != y->peer_port ||
            x->local_src != y->local_src || x->transport != y->transport || strcmp(x->msg, y->msg) ||
            strcmp(x->peer, y->peer) || strcmp(x->local, y->local) || strcmp(x->node, y->node) ||
            strcmp(x->hash, y->hash) || strcmp(x->detail, y->detail) || strcmp(x->action, y->action))
            return false;
    }
    return true;
}

/* Parse whole, and check that every split gives the same records. */
static inline void parse_opts(const char *text, const sh_log_options *o, recs *rs)
{
    static const size_t chunks[] = { 1, 2, 3, 7 };
    size_t len = strlen(text);
    parse_chunked(text, len, len ? len : 1, o, rs);
    for (size_t i = 0; i < G_N_ELEMENTS(chunks); i++) {
        recs other = { 0 };
        parse_chunked(text, len, chunks[i], o, &other);
        if (!same_recs(rs, &other)) {
            fprintf(stderr, "split into %zu-byte pushes changes the records\n", chunks[i]);
            CHECK(!"same records for every split");
        }
        recs_free(&other);
    }
}

static inline void parse(const char *text, recs *rs)
{
    parse_opts(text, NULL, rs);
}

static inline size_t count_kind(const recs *rs, sh_log_kind k)
{
    size_t n = 0;
    for (size_t i = 0; i < rs->n; i++)
        n += rs->v[i].kind == k;
    return n;
}

static inline const rec *nth_kind(const recs *rs, sh_log_kind k, size_t nth)
{
    for (size_t i = 0; i < rs->n; i++)
        if (rs->v[i].kind == k && nth-- == 0)
            return &rs->v[i];
    return NULL;
}

#endif
