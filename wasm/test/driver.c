/* driver.c - the page's analysis API (siphop_wasm.c) built natively with the
 * real GLib, fed from a file: the reference the wasm module (GLib shim) must
 * equal byte for byte (wasm/test/compare.mjs writes the file).
 *
 *   shw-driver MESSAGES [EO_DOMAINS]     prints shw_report()
 *
 * MESSAGES: per SIP message one line
 *   FRAME EPOCH_SEC NSEC POINT SDP_DISSECTED LEN SRC DST
 * (SRC, DST "-" when unknown) followed by LEN bytes of the message.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "siphop_wasm.h"

int main(int argc, char **argv)
{
    FILE *f;
    uint32_t s;
    unsigned frame, nsec, point, sdp, len;
    long long sec;
    char src[256], dst[256];
    const char *report;

    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: shw-driver MESSAGES [EO_DOMAINS]\n");
        return 2;
    }
    f = strcmp(argv[1], "-") == 0 ? stdin : fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    s = shw_new(argc == 3 ? argv[2] : "");
    while (fscanf(f, "%u %lld %u %u %u %u %255s %255s", &frame, &sec, &nsec, &point, &sdp, &len, src, dst) == 8) {
        unsigned char *bytes = malloc(len ? len : 1);
        if (fgetc(f) != '\n' || fread(bytes, 1, len, f) != len) {
            fprintf(stderr, "%s: message of frame %u cut short\n", argv[1], frame);
            free(bytes);
            shw_free(s);
            return 2;
        }
        shw_message(s, frame, (double)sec, nsec, point, strcmp(src, "-") ? src : "", strcmp(dst, "-") ? dst : "",
                    bytes, len, (int)sdp);
        free(bytes);
    }
    report = shw_report(s);
    fputs(report, stdout);
    shw_free(s);
    if (f != stdin)
        fclose(f);
    return 0;
}
