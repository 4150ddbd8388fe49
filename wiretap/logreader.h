/* logreader.h - the log reader's one entry point, for plugin.c.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef SIPHOP_LOGREADER_H
#define SIPHOP_LOGREADER_H

/* Register the file type and its open routine with wiretap. */
void siphop_logreader_register(void);

#endif
