/* test_logfmt_cube.c - the Cisco IOS / CUBE "debug ccsip messages" reader of
 * the log parser, through the public API only.
 *
 *   test_logfmt_cube [DIR]   DIR: test-captures/logs (for the fixture check)
 *
 * Every input is parsed whole and again split into 1-, 2-, 3- and 7-byte
 * pushes: the records must not depend on how the bytes arrive. The logs
 * here are written from the format's description, with made-up addresses
 * (documentation ranges).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "siphop/logparse.h"

#include "check.h"
#include "logrecs.h"

#define CUBE_FORMAT "Cisco IOS debug ccsip messages"

/* A UTC time in ns. */
static int64_t utc(int y, unsigned mo, unsigned d, int h, int mi, int s, int ms)
{
    int64_t secs = (int64_t)sh_log_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
    return secs * INT64_C(1000000000) + (int64_t)ms * 1000000;
}

static const rec empty_rec = { .node = "", .action = "", .local = "", .peer = "", .msg = "", .detail = "", .format = "" };

static const rec *sip(const recs *rs, size_t nth)
{
    const rec *r = nth_kind(rs, SH_LOG_SIP, nth);
    if (!r) {
        fprintf(stderr, "no SIP record #%zu\n", nth);
        CHECK(!"SIP record present");
        return &empty_rec;
    }
    return r;
}

/* ------------------------------------------------------------------------ */

/* A call through the router, its clock local (+10:00, no zone printed). */
#define CALL_LOG                                                                                                  \
    "000101: *Jul  6 12:30:03.002: //1234/ABCDEF012345/SIP/Info/info/4096/ccsip_call_setup_request: via dial-peer 200\n" \
    "000102: *Jul  6 12:30:03.010: //-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:\n"                                    \
    "Sent: \n"                                                                                                    \
    "INVITE sip:+15551234@itsp.example.net SIP/2.0\n"                                                             \
    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK1A2B\n"                                                       \
    "Route: <sip:198.51.100.7:5062;lr>\n"                                                                         \
    "From: <sip:1000@192.0.2.10>;tag=aa1\n"                                                                       \
    "To: <sip:+15551234@itsp.example.net>\n"                                                                      \
    "Call-ID: c1@192.0.2.10\n"                                                                                    \
    "CSeq: 101 INVITE\n"                                                                                          \
    "Contact: <sip:1000@192.0.2.10:5060>\n"                                                                       \
    "Date: Mon, 06 Jul 2015 02:30:03 GMT\n"                                                                       \
    "Content-Type: application/sdp\n"                                                                             \
    "Content-Length: 10\n"                                                                                        \
    "\n"                                                                                                          \
    "v=0\n"                                                                                                       \
    "s=-\n"                                                                                                       \
    "\n"                                                                                                          \
    "000103: *Jul  6 12:30:03.050: //-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:\n"                                    \
    "Received: \n"                                                                                                \
    "SIP/2.0 100 Trying\n"                                                                                        \
    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK1A2B\n"                                                       \
    "From: <sip:1000@192.0.2.10>;tag=aa1\n"                                                                       \
    "To: <sip:+15551234@itsp.example.net>\n"                                                                      \
    "Call-ID: c1@192.0.2.10\n"                                                                                    \
    "CSeq: 101 INVITE\n"                                                                                          \
    "Content-Length: 0\n"                                                                                         \
    "\n"                                                                                                          \
    "000104: *Jul  6 12:30:03.051: //1234/ABCDEF012345/SIP/State/sipSPIChangeState: to RECD_PROCEEDING\n"          \
    "000105: *Jul  6 12:30:09.500: //-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:\n"                                    \
    "Received:\n"                                                                                                 \
    "BYE sip:1000@192.0.2.10:5060 SIP/2.0\n"                                                                      \
    "Via: SIP/2.0/UDP 10.9.9.9:5070;branch=z9hG4bKff;received=198.51.100.7;rport=5099\n"                          \
    "From: <sip:+15551234@itsp.example.net>;tag=bb2\n"                                                            \
    "To: <sip:1000@192.0.2.10>;tag=aa1\n"                                                                         \
    "Call-ID: c1@192.0.2.10\n"                                                                                    \
    "CSeq: 7 BYE\n"                                                                                               \
    "Content-Length: 0\n"                                                                                         \
    "\n"                                                                                                          \
    "000106: *Jul  6 12:30:09.502: //-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:\n"                                    \
    "Sent:\n"                                                                                                     \
    "SIP/2.0 200 OK\n"                                                                                            \
    "Via: SIP/2.0/UDP 10.9.9.9:5070;branch=z9hG4bKff;received=198.51.100.7;rport=5099\n"                          \
    "From: <sip:+15551234@itsp.example.net>;tag=bb2\n"                                                            \
    "To: <sip:1000@192.0.2.10>;tag=aa1\n"                                                                         \
    "Call-ID: c1@192.0.2.10\n"                                                                                    \
    "CSeq: 7 BYE\n"                                                                                               \
    "Content-Length: 0\n"                                                                                         \
    "\n"                                                                                                          \
    "a note someone left after the message\n"                                                                     \
    "000107: *Jul  6 12:30:09.600: %VOICE-6-CALL_END: not a ccsip line\n"                                          \
    "000108: *Jul  6 12:30:09.601: //1234/ABCDEF012345/SIP/Call/sipSPICallInfo: released\n"

#define INVITE_MSG                                                                                                \
    "INVITE sip:+15551234@itsp.example.net SIP/2.0\r\n"                                                           \
    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK1A2B\r\n"                                                     \
    "Route: <sip:198.51.100.7:5062;lr>\r\n"                                                                       \
    "From: <sip:1000@192.0.2.10>;tag=aa1\r\n"                                                                     \
    "To: <sip:+15551234@itsp.example.net>\r\n"                                                                    \
    "Call-ID: c1@192.0.2.10\r\n"                                                                                  \
    "CSeq: 101 INVITE\r\n"                                                                                        \
    "Contact: <sip:1000@192.0.2.10:5060>\r\n"                                                                     \
    "Date: Mon, 06 Jul 2015 02:30:03 GMT\r\n"                                                                     \
    "Content-Type: application/sdp\r\n"                                                                           \
    "Content-Length: 10\r\n"                                                                                      \
    "\r\n"                                                                                                        \
    "v=0\r\n"                                                                                                     \
    "s=-\r\n"

#define OK_MSG                                                                                                    \
    "SIP/2.0 200 OK\r\n"                                                                                          \
    "Via: SIP/2.0/UDP 10.9.9.9:5070;branch=z9hG4bKff;received=198.51.100.7;rport=5099\r\n"                        \
    "From: <sip:+15551234@itsp.example.net>;tag=bb2\r\n"                                                          \
    "To: <sip:1000@192.0.2.10>;tag=aa1\r\n"                                                                       \
    "Call-ID: c1@192.0.2.10\r\n"                                                                                  \
    "CSeq: 7 BYE\r\n"                                                                                             \
    "Content-Length: 0\r\n"                                                                                       \
    "\r\n"

static void test_call(void)
{
    recs rs = { 0 };
    parse(CALL_LOG, &rs);

    /* Info, INVITE, 100, State, BYE, 200, Call; the %VOICE line is skipped. */
    CHECK_INT(rs.n, 7);
    CHECK_INT(count_kind(&rs, SH_LOG_SIP), 4);
    CHECK_INT(count_kind(&rs, SH_LOG_OTHER), 3);
    CHECK_INT(count_kind(&rs, SH_LOG_BAD), 0);
    CHECK_STR(sh_str_from(rs.formats), CUBE_FORMAT);
    CHECK_STR(sh_str_from(rs.note), "CUBE year 2015 and UTC offset +10:00 from the SIP Date: header (line 2)");
    for (size_t i = 0; i < rs.n; i++) {
        CHECK_STR(sh_str_from(rs.v[i].format), CUBE_FORMAT);
        CHECK_STR(sh_str_from(rs.v[i].node), "cube");
    }
    if (rs.n == 7) {
        CHECK_INT(rs.v[0].kind, SH_LOG_OTHER);
        CHECK_INT(rs.v[0].line, 1);
        CHECK_INT(rs.v[3].kind, SH_LOG_OTHER);
        CHECK_INT(rs.v[3].line, 29);
        CHECK_INT(rs.v[6].kind, SH_LOG_OTHER);
        CHECK_INT(rs.v[6].line, 52);
    }

    const rec *inv = sip(&rs, 0), *trying = sip(&rs, 1), *bye = sip(&rs, 2), *ok = sip(&rs, 3);
    /* INVITE sent: to its Route; the router's own address from its Via. */
    CHECK_INT(inv->line, 2);
    CHECK_INT(inv->error, SH_LOG_ENONE);
    CHECK_INT(inv->dir, SH_LOG_SENT);
    CHECK_STR(sh_str_from(inv->action), "Sent");
    CHECK_INT(inv->time_ns, utc(2015, 7, 6, 2, 30, 3, 10));
    CHECK_STR(sh_str_from(inv->msg), INVITE_MSG);
    CHECK_STR(sh_str_from(inv->peer), "198.51.100.7");
    CHECK_INT(inv->peer_port, 5062);
    CHECK_STR(sh_str_from(inv->local), "192.0.2.10");
    CHECK_INT(inv->local_port, 5060);
    CHECK_INT(inv->local_src, SH_LOCAL_LEARNED);
    CHECK_INT(inv->transport, SH_TRANSPORT_UDP);

    /* 100 received: from where the INVITE went. */
    CHECK_INT(trying->line, 19);
    CHECK_INT(trying->dir, SH_LOG_RECEIVED);
    CHECK_STR(sh_str_from(trying->action), "Received");
    CHECK_INT(trying->time_ns, utc(2015, 7, 6, 2, 30, 3, 50));
    CHECK_STR(sh_str_from(trying->peer), "198.51.100.7");
    CHECK_INT(trying->peer_port, 5062);
    CHECK_STR(sh_str_from(trying->local), "192.0.2.10");

    /* BYE received: its Via's received= and rport=. */
    CHECK_INT(bye->line, 30);
    CHECK_INT(bye->dir, SH_LOG_RECEIVED);
    CHECK_INT(bye->time_ns, utc(2015, 7, 6, 2, 30, 9, 500));
    CHECK_STR(sh_str_from(bye->peer), "198.51.100.7");
    CHECK_INT(bye->peer_port, 5099);
    CHECK_INT(bye->error, SH_LOG_ENONE);

    /* 200 sent: back along the Via; the note after it is reported. */
    CHECK_INT(ok->line, 40);
    CHECK_INT(ok->dir, SH_LOG_SENT);
    CHECK_INT(ok->time_ns, utc(2015, 7, 6, 2, 30, 9, 502));
    CHECK_STR(sh_str_from(ok->msg), OK_MSG);
    CHECK_STR(sh_str_from(ok->peer), "198.51.100.7");
    CHECK_INT(ok->peer_port, 5099);
    CHECK_INT(ok->error, SH_LOG_ETRAILING);
    CHECK_INT(ok->error_line, 50);
    CHECK_STR(sh_str_from(ok->local), "192.0.2.10");
    recs_free(&rs);

    /* CRLF line ends in the file give the same records. */
    GString *crlf = g_string_new(NULL);
    for (const char *p = CALL_LOG; *p; p++) {
        if (*p == '\n')
            g_string_append_c(crlf, '\r');
        g_string_append_c(crlf, *p);
    }
    recs a = { 0 }, b = { 0 };
    parse(CALL_LOG, &a);
    parse(crlf->str, &b);
    CHECK(same_recs(&a, &b));
    recs_free(&a);
    recs_free(&b);
    g_string_free(crlf, TRUE);
}

static void test_options(void)
{
    recs rs = { 0 };
    sh_log_options o = { 0 };

    /* --date gives the year (the offset still comes from the Date: header). */
    o.has_sdl_date = true;
    CHECK(sh_log_parse_date(sh_str_from("2014-03-01"), &o.sdl_date));
    parse_opts(CALL_LOG, &o, &rs);
    CHECK_INT(sip(&rs, 0)->time_ns, utc(2014, 7, 6, 2, 30, 3, 10));
    CHECK_INT(sip(&rs, 3)->time_ns, utc(2014, 7, 6, 2, 30, 9, 502));
    CHECK_STR(sh_str_from(rs.note), "CUBE UTC offset +10:00 from the SIP Date: header (line 2)");
    recs_free(&rs);

    /* --utc-offset too: nothing learned. */
    o.has_utc_offset = true;
    o.utc_offset_s = 9 * 3600 + 1800;
    parse_opts(CALL_LOG, &o, &rs);
    CHECK_INT(sip(&rs, 0)->time_ns, utc(2014, 7, 6, 3, 0, 3, 10));
    CHECK_STR(sh_str_from(rs.note), "");
    recs_free(&rs);

    /* --cube-ip and --cube-name. */
    memset(&o, 0, sizeof o);
    o.cube_ip = "203.0.113.5";
    o.cube_node = "gw1";
    parse_opts(CALL_LOG, &o, &rs);
    CHECK_INT(count_kind(&rs, SH_LOG_SIP), 4);
    for (size_t i = 0; i < rs.n; i++)
        CHECK_STR(sh_str_from(rs.v[i].node), "gw1");
    for (size_t i = 0; i < 4; i++) {
        CHECK_STR(sh_str_from(sip(&rs, i)->local), "203.0.113.5");
        CHECK_INT(sip(&rs, i)->local_src, SH_LOCAL_OPTION);
    }
    CHECK_STR(sh_str_from(sip(&rs, 0)->peer), "198.51.100.7");
    recs_free(&rs);
}

/* The shapes of the debug line, UTC clock. */
static void test_variants(void)
{
    recs rs = { 0 };
    parse("*Jul  6 02:30:03.010 UTC: //-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:\n"   /* no <seq> */
          "Sent:\n"
          "OPTIONS sip:ping@198.51.100.9 SIP/2.0\n"
          "Via: SIP/2.0/TCP 192.0.2.10:5060;branch=z9hG4bKa\n"
          "Call-ID: o1\n"
          "CSeq: 1 OPTIONS\n"
          "Date: Mon, 06 Jul 2015 02:30:03 GMT\n"
          "Content-Length: 0\n"
          "\n"
          "000002: Jul  6 02:30:03.020 UTC: //-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:\n"  /* no '*' */
          "Received:\n"
          "SIP/2.0 200 OK\n"
          "Via: SIP/2.0/TCP 192.0.2.10:5060;branch=z9hG4bKa\n"
          "Call-ID: o1\n"
          "CSeq: 1 OPTIONS\n"
          "Content-Length: 0\n"
          "000003: .Jul  6 02:30:04.000 GMT: //-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:\n" /* '.' and GMT, no blank */
          "\n"
          "  (this one comes from the far end)\n"                                       /* annotation */
          "Received: \n"
          "\n"
          "OPTIONS sip:192.0.2.10:5060 SIP/2.0\n"
          "Via: SIP/2.0/TCP 198.51.100.9:41000;branch=z9hG4bKb\n"
          "Call-ID: o2\n"
          "CSeq: 5 OPTIONS\n"
          "Content-Length: 0\n"
          "\n"
          "//-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:\n"                                 /* no timestamp */
          "Sent:\n"
          "SIP/2.0 200 OK\n"
          "Via: SIP/2.0/TCP 198.51.100.9:41000;branch=z9hG4bKb\n"
          "Call-ID: o2\n"
          "CSeq: 5 OPTIONS\n"
          "Content-Length: 0\n"
          "\n"
          "000005: 1d02h: /-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:\n"                   /* uptime, a slash lost */
          "Received:\n"
          "SIP/2.0 404 Not Found\n"
          "Via: SIP/2.0/TCP 192.0.2.10:5060;branch=z9hG4bKc\n"
          "Call-ID: unknown-call\n"
          "CSeq: 9 OPTIONS\n"
          "Content-Length: 0\n",
          &rs);
    CHECK_INT(rs.n, 5);
    CHECK_INT(count_kind(&rs, SH_LOG_SIP), 5);
    const rec *a = sip(&rs, 0), *b = sip(&rs, 1), *c = sip(&rs, 2), *d = sip(&rs, 3), *e = sip(&rs, 4);
    CHECK_STR(sh_str_from(rs.note), "CUBE year 2015 from the SIP Date: header (line 1)");
    CHECK_INT(a->line, 1);
    CHECK_INT(a->time_ns, utc(2015, 7, 6, 2, 30, 3, 10));
    CHECK_INT(a->dir, SH_LOG_SENT);
    CHECK_STR(sh_str_from(a->peer), "198.51.100.9");
    CHECK_INT(a->peer_port, 5060);
    CHECK_INT(a->transport, SH_TRANSPORT_TCP);
    CHECK_INT(b->line, 10);
    CHECK_INT(b->time_ns, utc(2015, 7, 6, 2, 30, 3, 20));
    CHECK_INT(b->dir, SH_LOG_RECEIVED);
    CHECK_STR(sh_str_from(b->peer), "198.51.100.9");
    CHECK_INT(b->peer_port, 5060);
    CHECK_INT(b->error, SH_LOG_ENONE);
    CHECK_INT(c->line, 17);
    CHECK_INT(c->time_ns, utc(2015, 7, 6, 2, 30, 4, 0));
    CHECK_INT(c->dir, SH_LOG_RECEIVED);
    CHECK_STR(sh_str_from(c->peer), "198.51.100.9");
    CHECK_INT(c->peer_port, 41000);
    CHECK_STR(sh_str_from(c->msg), "OPTIONS sip:192.0.2.10:5060 SIP/2.0\r\n"
                                   "Via: SIP/2.0/TCP 198.51.100.9:41000;branch=z9hG4bKb\r\n"
                                   "Call-ID: o2\r\nCSeq: 5 OPTIONS\r\nContent-Length: 0\r\n\r\n");
    /* No timestamp: the previous record's time. */
    CHECK_INT(d->line, 28);
    CHECK_INT(d->time_ns, utc(2015, 7, 6, 2, 30, 4, 0));
    CHECK_INT(d->dir, SH_LOG_SENT);
    CHECK_STR(sh_str_from(d->peer), "198.51.100.9");
    CHECK_INT(d->peer_port, 41000);
    CHECK_INT(d->error, SH_LOG_ENONE);
    /* An uptime: the same; a response to nothing logged: peer unknown. */
    CHECK_INT(e->line, 36);
    CHECK_INT(e->time_ns, utc(2015, 7, 6, 2, 30, 4, 0));
    CHECK_INT(e->dir, SH_LOG_RECEIVED);
    CHECK_STR(sh_str_from(e->peer), "unknown peer");
    CHECK_INT(e->peer_port, 0);
    CHECK_STR(sh_str_from(e->msg), "SIP/2.0 404 Not Found\r\nVia: SIP/2.0/TCP 192.0.2.10:5060;branch=z9hG4bKc\r\n"
                                   "Call-ID: unknown-call\r\nCSeq: 9 OPTIONS\r\nContent-Length: 0\r\n\r\n");
    for (size_t i = 0; i < 5; i++) {
        CHECK_STR(sh_str_from(sip(&rs, i)->local), "192.0.2.10");
        CHECK_INT(sip(&rs, i)->local_port, 5060);
    }
    recs_free(&rs);
}

/* "Jul  6 02:30:03.010 UTC: //..." with neither <seq> nor '*': its time and
 * zone read like an RFC 3164 syslog prefix ("host" UTC:, "program" //...),
 * so it needs the CUBE reader asked before the Expressway one. */
static void test_bare_timestamp(void)
{
    recs rs = { 0 };
    parse("Jul  6 02:30:03.010 UTC: //-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:\n"
          "Sent:\n"
          "OPTIONS sip:ping@198.51.100.9 SIP/2.0\n"
          "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKa\n"
          "Call-ID: o1\n"
          "CSeq: 1 OPTIONS\n"
          "Date: Mon, 06 Jul 2015 02:30:03 GMT\n"
          "Content-Length: 0\n"
          "\n"
          "Jul  6 02:30:03.011 UTC: //1234/ABCDEF012345/SIP/Info/info/4096/sipSPIx: more\n",
          &rs);
    CHECK_INT(rs.n, 2);
    CHECK_INT(count_kind(&rs, SH_LOG_SIP), 1);
    CHECK_INT(count_kind(&rs, SH_LOG_OTHER), 1);
    CHECK_STR(sh_str_from(sip(&rs, 0)->format), CUBE_FORMAT);
    CHECK_INT(sip(&rs, 0)->time_ns, utc(2015, 7, 6, 2, 30, 3, 10));
    recs_free(&rs);
}

/* Years: none known, New Year, nearest the Date: header, in the timestamp. */
static void test_years(void)
{
    recs rs = { 0 };
    sh_log_options o = { 0 };
#define PING(stamp, date)                                                                                         \
    stamp ": //-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:\nSent:\nOPTIONS sip:198.51.100.9 SIP/2.0\n"                 \
          "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKa\nCall-ID: y\nCSeq: 1 OPTIONS\n" date "Content-Length: 0\n\n"

    /* Neither --date nor a Date: header: 1970, one warning. */
    parse(PING("000001: *Jul  6 02:30:03.010 UTC", "") PING("000002: *Jul  6 02:30:04.010 UTC", ""), &rs);
    CHECK_INT(count_kind(&rs, SH_LOG_SIP), 2);
    CHECK_INT(sip(&rs, 0)->error, SH_LOG_ENODATE);
    CHECK(strstr(sip(&rs, 0)->detail, "no year") != NULL);
    CHECK_INT(sip(&rs, 0)->time_ns, utc(1970, 7, 6, 2, 30, 3, 10));
    CHECK_INT(sip(&rs, 1)->error, SH_LOG_ENONE);
    CHECK_INT(sip(&rs, 1)->time_ns, utc(1970, 7, 6, 2, 30, 4, 10));
    recs_free(&rs);

    /* Across New Year with --date. */
    o.has_sdl_date = true;
    CHECK(sh_log_parse_date(sh_str_from("2015-12-31"), &o.sdl_date));
    parse_opts(PING("000001: *Dec 31 23:59:59.900 UTC", "") PING("000002: *Jan  1 00:00:00.100 UTC", ""), &o, &rs);
    CHECK_INT(sip(&rs, 0)->time_ns, utc(2015, 12, 31, 23, 59, 59, 900));
    CHECK_INT(sip(&rs, 1)->time_ns, utc(2016, 1, 1, 0, 0, 0, 100));
    recs_free(&rs);

    /* The Date: header already in the new year: the record's year is the
     * one nearest it. */
    parse(PING("000001: *Dec 31 23:59:59.900 UTC", "Date: Fri, 01 Jan 2016 00:00:00 GMT\n")
              PING("000002: *Jan  1 00:00:00.100 UTC", ""),
          &rs);
    CHECK_INT(sip(&rs, 0)->time_ns, utc(2015, 12, 31, 23, 59, 59, 900));
    CHECK_INT(sip(&rs, 1)->time_ns, utc(2016, 1, 1, 0, 0, 0, 100));
    CHECK_STR(sh_str_from(rs.note), "CUBE year 2015 from the SIP Date: header (line 1)");
    recs_free(&rs);

    /* A year printed in the timestamp wins. */
    parse(PING("000001: *Jul  6 2019 02:30:03.010 UTC", "Date: Mon, 06 Jul 2015 02:30:03 GMT\n"), &rs);
    CHECK_INT(sip(&rs, 0)->time_ns, utc(2019, 7, 6, 2, 30, 3, 10));
    recs_free(&rs);

    /* No timestamp before any: the message's own Date: header. */
    parse("//-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:\nSent:\nOPTIONS sip:198.51.100.9 SIP/2.0\n"
          "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKq\nCall-ID: q\nCSeq: 1 OPTIONS\n"
          "Date: Mon, 06 Jul 2015 02:30:03 GMT\nContent-Length: 0\n\n"
          PING("000002: *Jul  6 12:30:04.000", "Date: Mon, 06 Jul 2015 02:30:04 GMT\n"),
          &rs);
    CHECK_INT(count_kind(&rs, SH_LOG_SIP), 2);
    CHECK_INT(sip(&rs, 0)->time_ns, utc(2015, 7, 6, 2, 30, 3, 0));
    CHECK_INT(sip(&rs, 0)->error, SH_LOG_ENONE);
    CHECK_INT(sip(&rs, 1)->time_ns, utc(2015, 7, 6, 2, 30, 4, 0));
    recs_free(&rs);
#undef PING
}

/* What goes wrong: no direction line, a body cut short, input ending. */
static void test_bad(void)
{
    recs rs = { 0 };
    sh_log_options o = { .has_sdl_date = true };
    CHECK(sh_log_parse_date(sh_str_from("2015-07-06"), &o.sdl_date));
    parse_opts("000001: *Jul  6 02:30:03.010 UTC: //-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:\n"
          "INVITE sip:x@198.51.100.9 SIP/2.0\n"
          "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKa\n"
          "Content-Length: 0\n"
          "\n"
          "000002: *Jul  6 02:30:03.020 UTC: //-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:\n"
          "000003: *Jul  6 02:30:03.030 UTC: //-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:\n"
          "Sent:\n"
          "MESSAGE sip:x@198.51.100.9 SIP/2.0\n"
          "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKb\n"
          "Content-Length: 20\n"
          "\n"
          "short\n"
          "000004: *Jul  6 02:30:03.040 UTC: //-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:\n"
          "Received:\n"
          "not a start line\n"
          "000005: *Jul  6 02:30:03.050 UTC: //-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:\n"
          "Sent:\n"
          "BYE sip:x@198.51.100.9 SIP/2.0\n"
          "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKc\n"
          "Content-Length: 5\n"
          "\n"
          "ab\n"
          "cd\n",
          &o, &rs);
    CHECK_INT(rs.n, 5);
    if (rs.n == 5) {
        CHECK_INT(rs.v[0].kind, SH_LOG_BAD);
        CHECK_INT(rs.v[0].error, SH_LOG_EBADHEADER);
        CHECK_INT(rs.v[0].error_line, 2);
        CHECK(strstr(rs.v[0].detail, "Sent: or Received:") != NULL);
        CHECK_INT(rs.v[1].kind, SH_LOG_BAD);
        CHECK_INT(rs.v[1].error, SH_LOG_EBADHEADER);
        CHECK_INT(rs.v[1].line, 6);
        CHECK(strstr(rs.v[1].detail, "Sent: or Received:") != NULL);
        CHECK_INT(rs.v[2].kind, SH_LOG_SIP);
        CHECK_INT(rs.v[2].error, SH_LOG_ECONTENTLENGTH);
        CHECK_INT(rs.v[3].kind, SH_LOG_BAD);
        CHECK_INT(rs.v[3].error, SH_LOG_ENOTSIP);
        CHECK_INT(rs.v[4].kind, SH_LOG_SIP);
        CHECK_INT(rs.v[4].error, SH_LOG_ENONE);
        CHECK_STR(sh_str_from(rs.v[4].msg), "BYE sip:x@198.51.100.9 SIP/2.0\r\n"
                                            "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKc\r\n"
                                            "Content-Length: 5\r\n\r\nab\r\ncd\r\n");
    }
    recs_free(&rs);

    /* Binary data inside a record. */
    parse("000001: *Jul  6 02:30:03.010 UTC: //-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:\nSent:\n"
          "OPTIONS sip:198.51.100.9 SIP/2.0\n\x01\x02\x03\n"
          "000002: *Jul  6 02:30:03.020 UTC: //1/ABCDEF012345/SIP/Info/x: y\n",
          &rs);
    CHECK_INT(rs.n, 2);
    if (rs.n == 2) {
        CHECK_INT(rs.v[0].kind, SH_LOG_BAD);
        CHECK_INT(rs.v[0].error, SH_LOG_EBINARY);
        CHECK_INT(rs.v[1].kind, SH_LOG_OTHER);
    }
    recs_free(&rs);
}

/* Peers of requests sent without a Route, over TLS, and of a response to a
 * request sent earlier in the same call. */
static void test_peers(void)
{
    recs rs = { 0 };
    parse("000001: *Jul  6 02:30:03.010 UTC: //-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:\nSent:\n"
          "INVITE sips:bob@[2001:db8::7] SIP/2.0\nVia: SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bKa\n"
          "Call-ID: p1\nCSeq: 1 INVITE\nContent-Length: 0\n\n"
          "000002: *Jul  6 02:30:03.020 UTC: //-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:\nSent:\n"
          "INFO sip:bob@203.0.113.20:5080;transport=udp SIP/2.0\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKb\n"
          "Call-ID: p2\nCSeq: 3 INFO\nContent-Length: 0\n\n"
          "000003: *Jul  6 02:30:03.030 UTC: //-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:\nReceived:\n"
          "SIP/2.0 200 OK\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKz\n"
          "Call-ID: p2\nCSeq: 4 INFO\nContent-Length: 0\n\n"
          "000004: *Jul  6 02:30:03.040 UTC: //-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:\nReceived:\n"
          "SIP/2.0 200 OK\nVia: SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bKa\n"
          "Call-ID: p1\nCSeq: 1 INVITE\nContent-Length: 0\n\n"
          "000005: *Jul  6 02:30:03.050 UTC: //-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:\nReceived:\n"
          "OPTIONS sip:192.0.2.10 SIP/2.0\nVia: SIP/2.0/TLS 198.51.100.3;branch=z9hG4bKo\n"
          "Call-ID: p3\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n",
          &rs);
    CHECK_INT(count_kind(&rs, SH_LOG_SIP), 5);
    CHECK_STR(sh_str_from(sip(&rs, 0)->peer), "2001:db8::7");
    CHECK_INT(sip(&rs, 0)->peer_port, 5061);
    CHECK_INT(sip(&rs, 0)->transport, SH_TRANSPORT_TLS);
    CHECK_STR(sh_str_from(sip(&rs, 1)->peer), "203.0.113.20");
    CHECK_INT(sip(&rs, 1)->peer_port, 5080);
    /* Same Call-ID, another CSeq: the call's peer. */
    CHECK_STR(sh_str_from(sip(&rs, 2)->peer), "203.0.113.20");
    CHECK_INT(sip(&rs, 2)->peer_port, 5080);
    CHECK_STR(sh_str_from(sip(&rs, 3)->peer), "2001:db8::7");
    CHECK_INT(sip(&rs, 3)->peer_port, 5061);
    /* Received over TLS, no port in the Via: 5061. */
    CHECK_STR(sh_str_from(sip(&rs, 4)->peer), "198.51.100.3");
    CHECK_INT(sip(&rs, 4)->peer_port, 5061);
    CHECK_STR(sh_str_from(sip(&rs, 4)->local), "192.0.2.10");
    recs_free(&rs);
}

/* The fixture: every record read as CUBE, none bad, dated 2015. */
static void test_fixture(const char *dir)
{
    char *path = g_build_filename(dir, "cube-ccsip.txt", NULL), *data = NULL;
    gsize len = 0;
    if (!g_file_get_contents(path, &data, &len, NULL)) {
        fprintf(stderr, "%s: not there, skipped\n", path);
        g_free(path);
        return;
    }
    recs rs = { 0 };
    parse(data, &rs);
    CHECK(count_kind(&rs, SH_LOG_SIP) >= 4);
    CHECK_INT(count_kind(&rs, SH_LOG_BAD), 0);
    CHECK_STR(sh_str_from(rs.formats), CUBE_FORMAT);
    for (size_t i = 0; i < rs.n; i++) {
        const rec *r = &rs.v[i];
        CHECK_STR(sh_str_from(r->format), CUBE_FORMAT);
        if (r->kind != SH_LOG_SIP)
            continue;
        CHECK(r->time_ns >= utc(2015, 1, 1, 0, 0, 0, 0) && r->time_ns < utc(2016, 1, 1, 0, 0, 0, 0));
        CHECK(r->dir == SH_LOG_SENT || r->dir == SH_LOG_RECEIVED);
        CHECK(r->local[0] != '\0');
        CHECK(r->peer[0] != '\0');
        CHECK(g_str_has_suffix(r->msg, "\r\n\r\n"));
    }
    recs_free(&rs);
    g_free(data);
    g_free(path);
}

int main(int argc, char **argv)
{
    test_call();
    test_options();
    test_variants();
    test_bare_timestamp();
    test_years();
    test_bad();
    test_peers();
    if (argc > 1)
        test_fixture(argv[1]);
    return check_report();
}
