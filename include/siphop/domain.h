/* domain.h - "does this host belong to a destination that needs early offer".
 *
 * The list comes from a preference ("webex.com, ciscospark.com, wbx2.com").
 * Matching is on whole DNS labels, case-insensitive, ignoring one trailing
 * dot: webex.com and a.webex.com match webex.com, notwebex.com does not.
 * IP literals never match.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_DOMAIN_H
#define SIPHOP_DOMAIN_H

#include <stdbool.h>

#include "siphop/strview.h"

#define SH_DEFAULT_EO_DOMAINS "webex.com, ciscospark.com, wbx2.com"
#define SH_DOMAINS_MAX 64       /* entries kept from the preference */
#define SH_DOMAIN_MAX_LEN 253   /* RFC 1035 */

typedef struct sh_domains sh_domains;

/* Build from a list separated by commas, semicolons or white space.
 * Entries are lower-cased; a leading "*." or "." is dropped; empty, overlong
 * or invalid entries are skipped (see sh_domains_skipped). Never NULL. */
sh_domains *sh_domains_new(const char *list);
void sh_domains_free(sh_domains *d);
unsigned sh_domains_count(const sh_domains *d);
unsigned sh_domains_skipped(const sh_domains *d);
const char *sh_domains_get(const sh_domains *d, unsigned i);

/* Returns the matching list entry (a NUL-terminated string owned by *d*), or
 * NULL when *host* matches none. */
const char *sh_domains_match(const sh_domains *d, sh_str host);

#endif
