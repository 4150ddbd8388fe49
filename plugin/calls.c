/* calls.c - "SIP Calls across Hops (siphop)": one row per call, and how the
 * calls ended, counted by verdict and by failure class.
 *
 *   GUI:    Telephony > SIP Calls across Hops (siphop)
 *           Telephony > SIP Call Outcomes (siphop)
 *   tshark: -z siphop,calls[,filter]      one line per call
 *           -z siphop,summary[,filter]    counts by verdict and by failure class
 *
 * Both are Wireshark "stat tap tables" (epan/stat_tap_ui.h): Wireshark draws
 * them as a flat, sortable table in the GUI and as text in tshark. Each cell
 * keeps its typed value (call number, start time as numbers), so the GUI
 * sorts by value. The filter for a row's packets is `siphop.call == N`, N
 * being the row's first column.
 *
 * Work per SIP message is O(1): the call's entry is found by its number in
 * an array, and its row is written when the call is first seen and, in a
 * single pass, again when a leg starts or a final response comes (the only
 * messages that change what the row says). On a later pass (the GUI, tshark
 * -2) the tracker's facts are final from the call's first message on, so the
 * row is written once; only a new Call-ID (a B2BUA's next leg) touches it
 * again. Nothing is done per row per message, and no listener here asks for
 * a protocol tree: Call-ID, From, To and the Request-URI are read from the
 * message's own bytes (rec->start/length), so a retap dissects no SIP tree
 * for us.
 *
 * In a single pass the row of a call says what was known when its last
 * message went by: a node's role learned from later calls, or a leg that
 * never got any response, show only with -2 (as in the rest of siphop).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include <epan/epan_dissect.h>
#include <epan/packet.h>
#include <epan/proto.h>
#include <epan/stat_tap_ui.h>
#include <epan/tap.h>
#include <wsutil/nstime.h>

#include "compat.h"
#include "roles.h"
#include "siphop/message.h"
#include "siphop/sipheaders.h"
#include "taps.h"

/* The Telephony menu's group was renamed in 4.2; same place in the enum. */
#if SH_WS_AT_LEAST(4, 2)
#define SH_TELEPHONY_GROUP REGISTER_TELEPHONY_GROUP_UNSORTED
#else
#define SH_TELEPHONY_GROUP REGISTER_STAT_GROUP_TELEPHONY
#endif

#define VERDICT_SIZE 512
#define MAX_CALL_IDS 8       /* per call; more are counted, not listed */
#define MAX_VALUE 160        /* bytes kept of a From, To or Call-ID value */

/* ---- per-call bookkeeping (shared by both tables) --------------------------- */

typedef struct call_entry {
    guint row;               /* its row in the call list */
    uint32_t orphan;         /* the orphan failure that made it known, 0 if none */
    bool have_invite;        /* From/To/target come from its first initial INVITE */
    bool final;              /* facts written on a later pass: they do not change */
    guint8 n_ids;            /* distinct Call-IDs kept */
    bool more_ids;           /* and more than MAX_CALL_IDS were seen */
    char *ids[MAX_CALL_IDS];
    int verdict_row;         /* summary: the rows it is counted in, -1 none */
    int class_row;
} call_entry;

typedef struct collector {
    GPtrArray *calls;        /* call number -> call_entry*, NULL when not seen */
    guint n_calls;
} collector;

static void entry_free(gpointer p)
{
    call_entry *e = p;

    if (!e)
        return;
    for (guint i = 0; i < e->n_ids; i++)
        g_free(e->ids[i]);
    g_free(e);
}

static void collector_reset(collector *col)
{
    if (col->calls)
        g_ptr_array_free(col->calls, TRUE);
    col->calls = g_ptr_array_new_with_free_func(entry_free);
    col->n_calls = 0;
}

/* The call's entry, made on first sight (*is_new*). */
static call_entry *collector_entry(collector *col, uint32_t number, bool *is_new)
{
    call_entry *e;

    if (!col->calls)
        collector_reset(col);
    if (number >= col->calls->len)
        g_ptr_array_set_size(col->calls, (gint)number + 1);
    e = g_ptr_array_index(col->calls, number);
    *is_new = e == NULL;
    if (!e) {
        e = g_new0(call_entry, 1);
        e->verdict_row = e->class_row = -1;
        g_ptr_array_index(col->calls, number) = e;
        col->n_calls++;
    }
    return e;
}

/* Whether this message may change what the call's row says, given what the
 * row was last written from. */
static bool facts_due(const call_entry *e, bool is_new, const siphop_tap_rec *rec)
{
    const sh_result *r = rec->r;

    if (is_new)
        return true;
    if (e->final)
        return false;
    if (!rec->fresh)
        return true;             /* first message of a later pass: final from now on */
    if (r->dup)
        return false;
    if (r->orphan_failure)
        return true;
    if (rec->brief->is_request)
        return (r->flags & SH_F_NEW_LEG) != 0;
    return rec->brief->status >= 200;
}


/* ---- the call list ------------------------------------------------------------ */

enum {
    COL_CALL, COL_START, COL_FROM, COL_TO, COL_HOPS, COL_OFFER, COL_TARGET, COL_FINAL, COL_CLASS, COL_ORIGIN,
    COL_VERDICT, COL_CALL_IDS, N_CALL_COLS
};

/* Widths in the formats are for tshark, whose lines then line up (the
 * column names are as wide); the GUI draws the same text. Long values (a
 * From, the verdict) push the rest of their line, never cut. */
static stat_tap_table_item call_fields[N_CALL_COLS] = {
    { TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "  Call", "%6u" },
    { TABLE_ITEM_FLOAT, TAP_ALIGN_RIGHT, "  Start (s)", "%11.6f" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "From                        ", "%-28s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "To                          ", "%-28s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Hops", "%-4s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Offer  ", "%-7s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Target                       ", "%-29s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Final", "%-5s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Class            ", "%-17s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Origin            ", "%-18s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Verdict", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Call-ID(s)", "%s" },
};

#define CALLS_TABLE "SIP calls (filter: siphop.call == Call)"
#define SUMMARY_BY_VERDICT "By verdict"
#define SUMMARY_BY_CLASS "By failure class"

static collector calls_col;

static stat_tap_table *first_table(const stat_tap_table_ui *stu)
{
    return stu->tables && stu->tables->len ? g_array_index(stu->tables, stat_tap_table *, 0) : NULL;
}

static stat_tap_table_item_type *cell(stat_tap_table *table, guint row, guint col)
{
    return stat_tap_get_field_data(table, row, col);
}

/* Set a string cell; takes *s*. */
static void set_text(stat_tap_table *table, guint row, guint col, char *s)
{
    stat_tap_table_item_type *it = cell(table, row, col);

    g_free((char *)it->value.string_value);
    it->value.string_value = s;
}

/* Rows taken out of a table by a reset, with their strings. A dialog of the
 * same table may still show them: Wireshark's dialogs keep pointers to the
 * rows (sorting and Copy read them), and two dialogs of one statistic share
 * its tables. They are freed once Wireshark has freed the tables (no dialog
 * left), when the next dialog makes them anew. */
typedef struct graveyard {
    GPtrArray *rows;
    guint num_fields;
} graveyard;

static graveyard calls_graveyard;

static void graveyard_free(graveyard *g)
{
    if (!g->rows)
        return;
    for (guint i = 0; i < g->rows->len; i++) {
        stat_tap_table_item_type *it = g_ptr_array_index(g->rows, i);
        for (guint col = 0; col < g->num_fields; col++)
            if (it[col].type == TABLE_ITEM_STRING)
                g_free((char *)it[col].value.string_value);
        g_free(it);
    }
    g_ptr_array_set_size(g->rows, 0);
}

/* Empty the table; its rows go to *g*. */
static void table_clear(stat_tap_table *table, graveyard *g)
{
    if (!g->rows)
        g->rows = g_ptr_array_new();
    g->num_fields = table->num_fields;
    for (guint row = 0; row < table->num_elements; row++)
        g_ptr_array_add(g->rows, table->elements[row]);
    g_free(table->elements);
    table->elements = NULL;
    table->num_elements = 0;
}

static void free_table_item(stat_tap_table *table, guint row, guint column, stat_tap_table_item_type *field)
{
    (void)table;
    (void)row;
    (void)column;
    if (field->type == TABLE_ITEM_STRING) {
        g_free((char *)field->value.string_value);
        field->value.string_value = NULL;
    }
}

static guint new_call_row(stat_tap_table *table, const sh_call *c, packet_info *pinfo)
{
    stat_tap_table_item_type items[N_CALL_COLS];
    guint row = table->num_elements;

    memset(items, 0, sizeof items);
    for (guint i = 0; i < N_CALL_COLS; i++) {
        items[i].type = call_fields[i].type;
        if (items[i].type == TABLE_ITEM_STRING)
            items[i].value.string_value = g_strdup("");
    }
    items[COL_CALL].value.uint_value = c->number;
    items[COL_START].value.float_value = nstime_to_sec(&pinfo->rel_ts);
    stat_tap_init_table_row(table, row, N_CALL_COLS, items);
    return row;
}

static void write_call_ids(stat_tap_table *table, const call_entry *e)
{
    GString *s = g_string_new(NULL);

    for (guint i = 0; i < e->n_ids; i++) {
        if (i)
            g_string_append(s, " ");
        g_string_append(s, e->ids[i]);
    }
    if (e->more_ids)
        g_string_append(s, " ...");
    set_text(table, e->row, COL_CALL_IDS, g_string_free(s, FALSE));
}

/* Whether the call has this Call-ID already; the latest first, as a call's
 * messages mostly repeat it. */
static bool known_id(const call_entry *e, sh_str id)
{
    for (guint i = e->n_ids; i-- > 0;)
        if (strlen(e->ids[i]) == id.len && memcmp(e->ids[i], id.ptr, id.len) == 0)
            return true;
    return false;
}

/* What the message says of the call: its Call-ID, and From/To/target. */
static void read_message(stat_tap_table *table, call_entry *e, const siphop_tap_rec *rec, sh_str bytes)
{
    const sh_msg_brief *b = rec->brief;
    bool invite = b->is_request && b->method && strcmp(b->method, "INVITE") == 0;
    bool first_invite = invite && !rec->r->dup && rec->r->txn && !rec->r->txn->reinvite;
    sh_str id;

    if (sh_str_empty(bytes))
        return;
    id = sh_str_trim(sh_msg_header_value(bytes, "Call-ID", 'i'));
    if (!sh_str_empty(id)) {
        if (!known_id(e, id)) {
            char *text = sh_cell_text(id, MAX_VALUE);   /* the same once made fit for a cell? */
            if (known_id(e, sh_str_from(text))) {
                g_free(text);
            } else if (e->n_ids < MAX_CALL_IDS) {
                e->ids[e->n_ids++] = text;
                write_call_ids(table, e);
            } else {
                g_free(text);
                if (!e->more_ids) {
                    e->more_ids = true;
                    write_call_ids(table, e);
                }
            }
        }
    }
    if (e->have_invite || (!first_invite && cell(table, e->row, COL_FROM)->value.string_value[0]))
        return;
    set_text(table, e->row, COL_FROM, sh_cell_text(sh_uri_of(sh_msg_header_value(bytes, "From", 'f')), MAX_VALUE));
    set_text(table, e->row, COL_TO, sh_cell_text(sh_uri_of(sh_msg_header_value(bytes, "To", 't')), MAX_VALUE));
    if (first_invite) {
        const sh_txn *x = rec->r->txn;
        if (x->names->target && x->eo_required)
            set_text(table, e->row, COL_TARGET, g_strdup_printf("%s (EO only)", x->names->target));
        else
            set_text(table, e->row, COL_TARGET, sh_cell_text(sh_ruri_host_of(bytes), MAX_VALUE));
        e->have_invite = true;
    }
}

/* The tracker's facts about the call: hops, offer, outcome, verdict. */
static void write_facts(stat_tap_table *table, call_entry *e, const sh_tracker *t, const sh_call *c)
{
    const sh_txn *top = sh_call_outcome(c);
    const sh_failure *f = sh_call_failure(t, c, e->orphan);
    char verdict[VERDICT_SIZE];
    char who[SH_NODE_NAME_SIZE];
    sh_failure_class cls = sh_call_class(t, c, e->orphan);
    guint row = e->row;

    if (c->max_hop == 0)
        set_text(table, row, COL_HOPS, g_strdup(""));
    else if (c->min_hop == c->max_hop)
        set_text(table, row, COL_HOPS, g_strdup_printf("%u", c->max_hop));
    else
        set_text(table, row, COL_HOPS, g_strdup_printf("%u-%u", c->min_hop ? c->min_hop : 1u, c->max_hop));
    set_text(table, row, COL_OFFER, g_strdup(top ? sh_offer_name((sh_offer)top->offer) : ""));
    set_text(table, row, COL_FINAL, top && top->status ? g_strdup_printf("%u", top->status)
                                    : f ? g_strdup_printf("%u", f->status) : g_strdup(""));
    set_text(table, row, COL_CLASS, g_strdup(sh_failure_class_name(cls)));
    if (f)
        set_text(table, row, COL_ORIGIN, g_strdup_printf("hop %u %s", f->hop,
                                                          siphop_roles_name_of_sender(f->sender, who, sizeof who)));
    else
        set_text(table, row, COL_ORIGIN, g_strdup(""));
    set_text(table, row, COL_VERDICT, g_strdup(siphop_call_verdict(t, c, e->orphan, verdict, sizeof verdict)));
}

static void calls_init(stat_tap_table_ui *stu)
{
    stat_tap_table *table = stat_tap_find_table(stu, CALLS_TABLE);

    collector_reset(&calls_col);
    siphop_tap_keep_sip_items();
    if (table) {
        table_clear(table, &calls_graveyard);
        return;
    }
    graveyard_free(&calls_graveyard);
    table = stat_tap_init_table(CALLS_TABLE, N_CALL_COLS, 0, NULL);
    stat_tap_add_table(stu, table);
}

static void calls_reset(stat_tap_table *table)
{
    table_clear(table, &calls_graveyard);
    collector_reset(&calls_col);
}

static tap_packet_status calls_packet(void *tapdata, packet_info *pinfo, epan_dissect_t *edt, const void *data,
                                      tap_flags_t flags)
{
    stat_data_t *sd = tapdata;
    const siphop_tap_rec *rec = data;
    const sh_call *c = rec->r->call;
    stat_tap_table *table = first_table(sd->stat_tap_data);
    call_entry *e;
    bool is_new;

    (void)flags;
    if (!c || !table)
        return TAP_PACKET_DONT_REDRAW;
    e = collector_entry(&calls_col, c->number, &is_new);
    if (is_new)
        e->row = new_call_row(table, c, pinfo);
    if (rec->r->orphan_failure && !e->orphan)
        e->orphan = rec->r->orphan_failure;
    read_message(table, e, rec, siphop_tap_message_bytes(edt, rec));
    if (facts_due(e, is_new, rec)) {
        write_facts(table, e, rec->tracker, c);
        /* On a later pass the facts are final, once the call is known by
         * its outcome leg or by its orphan failure. */
        e->final = !rec->fresh && (c->top || e->orphan);
    }
    return TAP_PACKET_REDRAW;
}

static tap_param filter_params[] = {
    { PARAM_FILTER, "filter", "Filter", NULL, TRUE },
};

static stat_tap_table_ui calls_ui = {
    .group = SH_TELEPHONY_GROUP,
    .title = "SIP Calls across Hops (siphop)",
    .tap_name = "siphop",
    .cli_string = "siphop,calls",
    .stat_tap_init_cb = calls_init,
    .packet_func = calls_packet,
    .stat_tap_reset_table_cb = calls_reset,
    .stat_tap_free_table_item_cb = free_table_item,
    .stat_filter_check_cb = NULL,
    .nfields = N_CALL_COLS,
    .fields = call_fields,
    .nparams = G_N_ELEMENTS(filter_params),
    .params = filter_params,
    .tables = NULL,
    .refcount = 0,
};

/* ---- the summary: calls by verdict and by failure class ------------------- */

enum { SUM_OUTCOME, SUM_CALLS, SUM_PERCENT, SUM_MEANING, N_SUM_COLS };

static stat_tap_table_item summary_fields[N_SUM_COLS] = {
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Outcome          ", "%-17s" },
    { TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, " Calls", "%6u" },
    { TABLE_ITEM_FLOAT, TAP_ALIGN_RIGHT, "Percent", "%6.1f%%" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Meaning", "%s" },
};

#define ALL_CALLS "(all calls)"
#define NO_CLASS "(none)"

static collector summary_col;
static graveyard summary_graveyard;

static stat_tap_table *summary_table(const stat_tap_table_ui *stu, const char *title)
{
    for (guint i = 0; stu->tables && i < stu->tables->len; i++) {
        stat_tap_table *t = g_array_index(stu->tables, stat_tap_table *, i);
        if (strcmp(t->title, title) == 0)
            return t;
    }
    return NULL;
}

static void add_summary_row(stat_tap_table *table, const char *outcome, const char *meaning)
{
    stat_tap_table_item_type items[N_SUM_COLS];

    memset(items, 0, sizeof items);
    items[SUM_OUTCOME].type = TABLE_ITEM_STRING;
    items[SUM_OUTCOME].value.string_value = g_strdup(outcome);
    items[SUM_CALLS].type = TABLE_ITEM_UINT;
    items[SUM_PERCENT].type = TABLE_ITEM_FLOAT;
    items[SUM_MEANING].type = TABLE_ITEM_STRING;
    items[SUM_MEANING].value.string_value = g_strdup(meaning);
    stat_tap_init_table_row(table, table->num_elements, N_SUM_COLS, items);
}

/* A fresh summary table: the verdicts come as they are met (after the
 * total), the classes are all listed, in the core's order. */
static void summary_fill(stat_tap_table *table)
{
    table_clear(table, &summary_graveyard);
    if (strcmp(table->title, SUMMARY_BY_VERDICT) == 0) {
        add_summary_row(table, ALL_CALLS, "");
    } else {
        for (int c = 0; c < SH_FC_COUNT; c++) {
            const sh_class_info *ci = sh_class_info_of((sh_failure_class)c);
            add_summary_row(table, c == SH_FC_NONE ? NO_CLASS : ci->name, ci->title);
        }
    }
}

static void summary_init(stat_tap_table_ui *stu)
{
    static const char *const titles[] = { SUMMARY_BY_VERDICT, SUMMARY_BY_CLASS };

    collector_reset(&summary_col);
    if (!stu->tables || stu->tables->len == 0)
        graveyard_free(&summary_graveyard);
    for (size_t i = 0; i < G_N_ELEMENTS(titles); i++) {
        stat_tap_table *table = summary_table(stu, titles[i]);
        if (!table) {
            table = stat_tap_init_table(titles[i], N_SUM_COLS, 0, NULL);
            stat_tap_add_table(stu, table);
        }
        summary_fill(table);
    }
}

static void summary_reset(stat_tap_table *table)
{
    summary_fill(table);
    collector_reset(&summary_col);
}

static void count(stat_tap_table *table, int row, int delta)
{
    if (row >= 0 && (guint)row < table->num_elements)
        cell(table, (guint)row, SUM_CALLS)->value.uint_value += (guint)delta;
}

static void update_percent(stat_tap_table *table, guint total)
{
    for (guint row = 0; row < table->num_elements; row++) {
        stat_tap_table_item_type *it = cell(table, row, 0);
        it[SUM_PERCENT].value.float_value = total ? 100.0 * it[SUM_CALLS].value.uint_value / total : 0.0;
    }
}

/* The verdict's row: its word ("FAILED", "NO ANSWER" ...), the text before
 * the colon of the core's sentence. */
static int verdict_row(stat_tap_table *table, const char *verdict)
{
    const char *colon = strchr(verdict, ':');
    size_t n = colon ? (size_t)(colon - verdict) : strlen(verdict);
    char *word = g_strndup(verdict, n);
    int row = -1;

    for (guint i = 1; i < table->num_elements && row < 0; i++)
        if (strcmp(cell(table, i, SUM_OUTCOME)->value.string_value, word) == 0)
            row = (int)i;
    if (row < 0) {
        row = (int)table->num_elements;
        add_summary_row(table, word, "");
    }
    g_free(word);
    return row;
}

static tap_packet_status summary_packet(void *tapdata, packet_info *pinfo, epan_dissect_t *edt, const void *data,
                                        tap_flags_t flags)
{
    stat_data_t *sd = tapdata;
    const siphop_tap_rec *rec = data;
    const sh_call *c = rec->r->call;
    stat_tap_table *by_verdict = summary_table(sd->stat_tap_data, SUMMARY_BY_VERDICT);
    stat_tap_table *by_class = summary_table(sd->stat_tap_data, SUMMARY_BY_CLASS);
    char verdict[VERDICT_SIZE];
    call_entry *e;
    bool is_new;
    int vrow, crow;

    (void)pinfo;
    (void)edt;
    (void)flags;
    if (!c || !by_verdict || !by_class)
        return TAP_PACKET_DONT_REDRAW;
    e = collector_entry(&summary_col, c->number, &is_new);
    if (rec->r->orphan_failure && !e->orphan)
        e->orphan = rec->r->orphan_failure;
    if (!facts_due(e, is_new, rec))
        return TAP_PACKET_DONT_REDRAW;
    e->final = !rec->fresh && (c->top || e->orphan);
    vrow = verdict_row(by_verdict, siphop_call_verdict(rec->tracker, c, e->orphan, verdict, sizeof verdict));
    crow = (int)sh_call_class(rec->tracker, c, e->orphan);
    if (!is_new && vrow == e->verdict_row && crow == e->class_row)
        return TAP_PACKET_DONT_REDRAW;
    count(by_verdict, e->verdict_row, -1);
    count(by_class, e->class_row, -1);
    e->verdict_row = vrow;
    e->class_row = crow;
    count(by_verdict, vrow, 1);
    count(by_class, crow, 1);
    cell(by_verdict, 0, SUM_CALLS)->value.uint_value = summary_col.n_calls;
    update_percent(by_verdict, summary_col.n_calls);
    update_percent(by_class, summary_col.n_calls);
    return TAP_PACKET_REDRAW;
}

static stat_tap_table_ui summary_ui = {
    .group = SH_TELEPHONY_GROUP,
    .title = "SIP Call Outcomes (siphop)",
    .tap_name = "siphop",
    .cli_string = "siphop,summary",
    .stat_tap_init_cb = summary_init,
    .packet_func = summary_packet,
    .stat_tap_reset_table_cb = summary_reset,
    .stat_tap_free_table_item_cb = free_table_item,
    .stat_filter_check_cb = NULL,
    .nfields = N_SUM_COLS,
    .fields = summary_fields,
    .nparams = G_N_ELEMENTS(filter_params),
    .params = filter_params,
    .tables = NULL,
    .refcount = 0,
};

void siphop_calls_register(void)
{
    register_stat_tap_table_ui(&calls_ui);
    register_stat_tap_table_ui(&summary_ui);
}
