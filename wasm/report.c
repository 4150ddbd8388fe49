/* report.c - an analysis as JSON (the format: wasm/README.md).
 *
 * Written after the last message from the tracker's final facts, as the
 * plugin draws a second pass (tshark -2): labels from sh_describe_label, a
 * call's columns as plugin/calls.c fills its row (write_facts, call_class,
 * call_verdict), its legs as plugin/stats.c lists its hops. Every sentence
 * comes from core/describe.c.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "json.h"
#include "session.h"
#include "siphop/describe.h"
#include "siphop/findings.h"
#include "siphop/roles.h"

#define TEXT_SIZE 1024      /* as the plugin's */
#define NODE_SIZE SH_NODE_NAME_SIZE

/* The node an "addr:port" (or a failure's sender) stands for: its role
 * ("CUCM", "Expressway-C", "Webex" ...), else its host, as the plugin's flow
 * graph and call list name it; "" when unknown. */
static const char *node_of(const shw_session *s, const char *addr_port, char *buf, size_t size)
{
    if (!addr_port || !addr_port[0]) {
        g_strlcpy(buf, "", size);
        return buf;
    }
    return sh_roles_name_of_sender(s->roles, addr_port, buf, size);
}

/* An endpoint's name, else the address's host. */
static const char *node_at(const shw_session *s, uint32_t ep, const char *addr_port, char *buf, size_t size)
{
    const char *name = sh_roles_name(s->roles, ep);
    return name ? name : node_of(s, addr_port, buf, size);
}

/* "2015-07-05 14:30:03.012410" (UTC) and "1436106603.012410000". */
static void times_of(int64_t ns, char *when, size_t when_size, char *epoch, size_t epoch_size)
{
    int64_t sec = ns / 1000000000, frac = ns % 1000000000;
    time_t t;
    struct tm tm;

    if (frac < 0) {
        frac += 1000000000;
        sec--;
    }
    t = (time_t)sec;
    if (gmtime_r(&t, &tm))
        g_snprintf(when, when_size, "%04d-%02d-%02d %02d:%02d:%02d.%06d", tm.tm_year + 1900, tm.tm_mon + 1,
                   tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(frac / 1000));
    else
        g_strlcpy(when, "", when_size);
    g_snprintf(epoch, epoch_size, "%lld.%09d", (long long)sec, (int)frac);
}

static const char *severity_name(sh_severity sev)
{
    switch (sev) {
    case SH_SEV_ERROR: return "error";
    case SH_SEV_WARN: return "warning";
    case SH_SEV_NOTE: return "note";
    default: return "chat";
    }
}

/* ---- messages --------------------------------------------------------------- */

/* The report's list of findings, written beside the messages. */
typedef struct shw_findings {
    GString *out;
    guint n;        /* findings so far */
    guint n_msg;    /* of the message being written */
    bool fix_used[SH_FC_COUNT];   /* classes whose fix a finding names */
} shw_findings;

/* "fixes": {class: {"fix": one line, "steps": [...]}} for the classes the
 * findings name. */
static void write_fixes(GString *out, const shw_findings *list)
{
    bool first = true;

    g_string_append(out, "{");
    for (unsigned c = 0; c < SH_FC_COUNT; c++) {
        const sh_class_info *ci = sh_class_info_of((sh_failure_class)c);
        if (!list->fix_used[c])
            continue;
        if (!first)
            g_string_append(out, ",");
        first = false;
        json_str(out, ci->name);
        g_string_append(out, ":{");
        json_key(out, "fix", 1);
        json_str(out, ci->fix);
        json_key(out, "steps", 0);
        json_str_array(out, ci->fix_steps, SIZE_MAX);
        g_string_append(out, "}");
    }
    g_string_append(out, "}");
}

/* One finding into the list (its fix from the class table), its number
 * into the message's "findings". */
static void write_finding(GString *out, shw_findings *list, guint mi, const shw_msg *m,
                          const sh_finding *f)
{
    sh_finding_info fi = f->kind == SH_FIND_FAILURE_ORIGIN ? sh_finding_info_of_class(f->cls)
                                                            : *sh_finding_info_of(f->kind);
    const sh_class_info *fix = sh_class_info_of(f->fix);
    GString *l = list->out;

    g_string_append_printf(out, list->n_msg++ ? ",%u" : "%u", list->n);
    g_string_append(l, list->n++ ? ",\n{" : "{");
    json_key(l, "message", 1);
    g_string_append_printf(l, "%u", mi);
    json_uint_field(l, "frame", m->frame);
    json_uint_field(l, "call", m->r.call ? m->r.call->number : 0);
    json_str_field(l, "name", fi.name);
    json_str_field(l, "severity", severity_name(f->severity));
    json_str_field(l, "title", fi.title);
    json_str_field(l, "summary", f->text);
    json_str_field(l, "class", sh_failure_class_name(f->kind == SH_FIND_FAILURE_ORIGIN ? f->cls : f->fix));
    json_str_field(l, "fix", f->fix ? fix->fix : "");
    g_string_append(l, "}");
    /* The steps once per class, in the report's "fixes": a log of many
     * failures would repeat them in every finding. */
    if (f->fix)
        list->fix_used[f->fix] = true;
}

/* The message's findings, as the plugin's expert items on a later pass;
 * a frame's first message also carries the note on its messages over the
 * limit. */
static void write_findings(GString *out, shw_findings *list, const shw_session *s, guint mi, const shw_msg *m,
                           const sh_msg_brief *brief)
{
    sh_findings fs;

    list->n_msg = 0;
    sh_findings_of(s->tracker, &m->r, brief, false, &fs);
    for (unsigned i = 0; i < fs.n; i++)
        write_finding(out, list, mi, m, &fs.item[i]);
    if (m->skipped) {
        sh_finding note = { .kind = SH_FIND_LIMIT, .cls = SH_FC_NONE, .fix = SH_FC_NONE,
                            .severity = sh_finding_info_of(SH_FIND_LIMIT)->severity };
        sh_describe_skipped(m->skipped, SH_MAX_MSGS_PER_FRAME, note.text, sizeof note.text);
        write_finding(out, list, mi, m, &note);
    }
}

static void write_message(GString *out, shw_findings *list, const shw_session *s, guint mi, const shw_msg *m)
{
    char text[TEXT_SIZE], when[40], epoch[40], node[NODE_SIZE];
    sh_msg_brief brief = { m->is_request, m->method, m->status };
    const sh_result *r = &m->r;

    times_of(m->time_ns, when, sizeof when, epoch, sizeof epoch);
    g_string_append(out, "{");
    json_key(out, "frame", 1);
    g_string_append_printf(out, "%u", m->frame);
    json_str_field(out, "time", when);
    json_str_field(out, "epoch", epoch);
    json_str_field(out, "src", m->src);
    json_str_field(out, "dst", m->dst);
    json_str_field(out, "from_node", node_at(s, m->src_ep, m->src, node, sizeof node));
    json_str_field(out, "to_node", node_at(s, m->dst_ep, m->dst, node, sizeof node));
    json_str_field(out, "first_line", m->first_line);
    json_uint_field(out, "call", r->call ? r->call->number : 0);
    json_uint_field(out, "hop", r->hop);
    json_str_field(out, "label", sh_describe_label(s->tracker, r, &brief, text, sizeof text));
    json_str_field(out, "dup", r->dup == SH_DUP_RETRANSMISSION ? "retransmission" : r->dup == SH_DUP_COPY ? "copy" : "");
    json_uint_field(out, "dup_of", r->dup_of);
    json_str_field(out, "sdp", r->sdp_role != SH_SDP_NONE ? sh_sdp_role_name((sh_sdp_role)r->sdp_role) : "");
    json_uint_field(out, "len", m->len);
    /* siphop.failure_class: a final response's story, or a cancel */
    json_str_field(out, "class", sh_failure_class_name(sh_result_class(s->tracker, r)));
    json_key(out, "findings", 0);
    g_string_append(out, "[");
    write_findings(out, list, s, mi, m, &brief);
    g_string_append(out, "]}");
}

/* ---- calls ------------------------------------------------------------------- */

/* Messages or legs grouped by call number (a counting sort): call c's are
 * items[start[c]] up to items[start[c + 1]], in their order. */
typedef struct groups {
    guint32 *start;           /* calls + 2 entries */
    guint32 *items;
} groups;

static void group_by_call(groups *g, const guint32 *call_of, guint n, guint calls)
{
    guint32 *next;

    g->start = g_new0(guint32, calls + 2);
    g->items = g_new(guint32, MAX(n, 1u));
    for (guint i = 0; i < n; i++)
        if (call_of[i] && call_of[i] <= calls)
            g->start[call_of[i] + 1]++;
    for (guint c = 1; c < calls + 2; c++)
        g->start[c] += g->start[c - 1];
    next = g_new(guint32, calls + 2);
    memcpy(next, g->start, (calls + 2) * sizeof *next);
    for (guint i = 0; i < n; i++)
        if (call_of[i] && call_of[i] <= calls)
            g->items[next[call_of[i]]++] = i;
    g_free(next);
}

static void groups_free(groups *g)
{
    g_free(g->start);
    g_free(g->items);
}

/* One hop of the call: who sent the INVITE to whom, why it is tied to the
 * hop before, what changed, how it ended (plugin/stats.c leg_row). */
static void write_leg(GString *out, const shw_session *s, const sh_txn *x, const shw_leg *l, bool first)
{
    char text[TEXT_SIZE], node[NODE_SIZE];

    g_string_append(out, first ? "{" : ",{");
    json_key(out, "hop", 1);
    g_string_append_printf(out, "%u", x->hop);
    json_uint_field(out, "invite_frame", x->invite_frame);
    json_str_field(out, "from_node", node_of(s, l->src, node, sizeof node));
    json_str_field(out, "to_node", node_of(s, l->dst, node, sizeof node));
    json_str_field(out, "link", sh_describe_link(s->tracker, x, text, sizeof text));
    json_str_or_null_field(out, "changes", sh_legchanges_of(s->changes, x));
    json_uint_field(out, "status", x->status);
    /* Beyond the contract: what stats.c's hop row also says. */
    json_bool_field(out, "reinvite", x->reinvite);
    json_str_field(out, "offer", sh_offer_name((sh_offer)x->offer));
    g_string_append(out, "}");
}

static void write_call(GString *out, const shw_session *s, uint32_t number, const groups *msgs, const groups *legs,
                       bool first)
{
    const sh_tracker *t = s->tracker;
    const sh_call *c = sh_tracker_call_at(t, number);
    const shw_call *e = &g_array_index(s->calls, shw_call, number);
    const sh_txn *top = sh_call_outcome(c);
    /* The failure the row shows, as plugin/calls.c write_facts. */
    const sh_failure *f = sh_call_failure(t, c, e->orphan);
    sh_failure_class cls = sh_call_class(t, c, e->orphan);
    const sh_class_info *ci = sh_class_info_of(cls);
    const shw_msg *m0 = &g_array_index(s->msgs, shw_msg, e->first_msg - 1);
    char text[TEXT_SIZE], when[40], epoch[40], node[NODE_SIZE];

    times_of(m0->time_ns, when, sizeof when, epoch, sizeof epoch);
    g_string_append(out, first ? "{" : ",{");
    json_key(out, "call", 1);
    g_string_append_printf(out, "%u", number);
    json_uint_field(out, "first_frame", c->first_frame);
    json_str_field(out, "start", when);
    json_str_field(out, "from", e->from);
    json_str_field(out, "to", e->to);
    json_uint_field(out, "hops", c->max_hop);
    json_str_field(out, "offer", top ? sh_offer_name((sh_offer)top->offer) : "");
    json_str_field(out, "target", e->target);
    json_bool_field(out, "target_eo_only", e->target_eo_only);   /* beyond the contract */
    json_uint_field(out, "final", top && top->status ? top->status : f ? f->status : 0);
    json_str_field(out, "class", ci->name);
    json_str_field(out, "severity", cls == SH_FC_NONE ? "" : severity_name(ci->severity));
    json_str_field(out, "verdict", sh_describe_call_verdict(t, s->roles, c, e->orphan, text, sizeof text));
    json_str_field(out, "cause", f ? sh_describe_cause(t, f, text, sizeof text) : "");
    json_uint_field(out, "origin_frame", f ? f->frame : 0);
    json_uint_field(out, "origin_hop", f ? f->hop : 0);
    json_str_field(out, "origin_node", f ? node_of(s, f->sender, node, sizeof node) : "");
    json_str_field(out, "fix", ci->fix);
    json_key(out, "fix_steps", 0);
    json_str_array(out, ci->fix_steps, SIZE_MAX);
    json_key(out, "call_ids", 0);
    json_str_array(out, e->ids, e->n_ids);
    json_key(out, "messages", 0);
    g_string_append(out, "[");
    for (guint32 i = msgs->start[number]; i < msgs->start[number + 1]; i++)
        g_string_append_printf(out, i == msgs->start[number] ? "%u" : ",%u", msgs->items[i]);
    g_string_append(out, "]");
    json_key(out, "legs", 0);
    g_string_append(out, "[");
    for (guint32 i = legs->start[number]; i < legs->start[number + 1]; i++) {
        guint32 leg = legs->items[i];
        const sh_txn *x = sh_tracker_txn_at(t, leg);
        if (x)
            write_leg(out, s, x, &g_array_index(s->legs, shw_leg, leg), i == legs->start[number]);
    }
    g_string_append(out, "]}");
}

/* ---- the whole report ---------------------------------------------------------- */

const char *shw_report_build(shw_session *s)
{
    guint calls = sh_tracker_call_count(s->tracker);
    guint n_msgs = s->msgs->len, n_legs = s->legs->len;
    guint32 *call_of = g_new(guint32, MAX(MAX(n_msgs, n_legs), 1u));
    groups by_msg, by_leg;
    GString *out;
    bool first = true;
    shw_findings list = { .out = g_string_new(NULL) };

    if (calls >= s->calls->len)
        g_array_set_size(s->calls, calls + 1);   /* zeroed: calls never seen */
    for (guint i = 0; i < n_msgs; i++) {
        const sh_call *c = g_array_index(s->msgs, shw_msg, i).r.call;
        call_of[i] = c ? c->number : 0;
    }
    group_by_call(&by_msg, call_of, n_msgs, calls);
    for (guint i = 0; i < n_legs; i++)
        call_of[i] = g_array_index(s->legs, shw_leg, i).call;
    group_by_call(&by_leg, call_of, n_legs, calls);
    g_free(call_of);

    if (s->report)
        g_string_free(s->report, TRUE);
    out = s->report = g_string_sized_new(4096 + (gsize)n_msgs * 400);
    g_string_append(out, "{\"messages\":[");
    for (guint i = 0; i < n_msgs; i++) {
        if (i)
            g_string_append(out, ",\n");
        write_message(out, &list, s, i, &g_array_index(s->msgs, shw_msg, i));
    }
    g_string_append(out, "],\n\"calls\":[");
    for (guint n = 1; n <= calls; n++) {
        /* A call the tracker made has at least its first message here. */
        if (!sh_tracker_call_at(s->tracker, n) || g_array_index(s->calls, shw_call, n).first_msg == 0)
            continue;
        if (!first)
            g_string_append(out, "\n");
        write_call(out, s, n, &by_msg, &by_leg, first);
        first = false;
    }
    g_string_append(out, "],\n\"findings\":[");
    g_string_append_len(out, list.out->str, (gssize)list.out->len);
    g_string_free(list.out, TRUE);
    g_string_append(out, "],\n\"fixes\":");
    write_fixes(out, &list);
    g_string_append(out, ",\n\"counts\":{");
    json_key(out, "messages", 1);
    g_string_append_printf(out, "%u", n_msgs);
    json_uint_field(out, "calls", calls);
    json_uint_field(out, "not_sip", s->not_sip);
    json_uint_field(out, "skipped", s->skipped);   /* beyond the contract: over 64 in a frame */
    g_string_append(out, "}}\n");
    groups_free(&by_msg);
    groups_free(&by_leg);
    return out->str;
}
