/* fuzz_log_sdl.c - libFuzzer target for the CUCM SDL reader: the log parser's
 * harness (fuzz_logparse.c) with a first line that starts one of its
 * records, so the fuzzer's mutations are read by this reader.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define FUZZ_LOG_PREFIX "00000001.001 |10:00:00.000 |AppInfo  |//SIP/SIPUdp/wait_SdlDataInd: Incoming SIP UDP message size 1 from 10.0.0.1:[5060]:\n"
#include "fuzz_logparse.c"
