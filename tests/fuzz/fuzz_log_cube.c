/* fuzz_log_cube.c - libFuzzer target for the Cisco IOS / CUBE debug ccsip reader: the log parser's
 * harness (fuzz_logparse.c) with a first line that starts one of its
 * records, so the fuzzer's mutations are read by this reader.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define FUZZ_LOG_PREFIX "000001: *Jul  6 02:30:03.010 UTC: //-1/xxxxxxxxxxxx/SIP/Msg/ccsipDisplayMsg:\n"
#include "fuzz_logparse.c"
