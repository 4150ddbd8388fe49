/* fuzz_log_expressway.c - libFuzzer target for the Expressway reader (and the excerpt rules it uses): the log parser's
 * harness (fuzz_logparse.c) with a first line that starts one of its
 * records, so the fuzzer's mutations are read by this reader.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define FUZZ_LOG_PREFIX "2015-07-06T12:30:03.027+10:00 vcse tvcs: UTCTime=\"2015-07-06 02:30:03,027\" Module=\"network.sip\" Level=\"DEBUG\":  Action=\"Received\" Local-ip=\"10.0.0.2\" Local-port=\"5060\" Src-ip=\"10.0.0.1\" Src-port=\"5060\" Msg-Hash=\"1\"\n"
#include "fuzz_logparse.c"
