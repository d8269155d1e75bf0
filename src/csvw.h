/*
 * csvw.h -- writing CSV (RFC 4180): fields with a comma, a quote, a line
 * break or leading/trailing space are quoted, quotes doubled; lines end
 * with CRLF, which every spreadsheet program reads.  A field starting with
 * = + - or @ gets an apostrophe in front, so that a spreadsheet shows it
 * as text instead of running it as a formula.
 */
#ifndef SHOUHU_CSVW_H
#define SHOUHU_CSVW_H

#include <stdbool.h>

#include "util.h"

struct csvw {
	struct buf	line;
	struct buf	out;
	int		fields;
};

void csvw_field(struct csvw *, const char *);
/* Ends the row: returns the line (with CRLF), valid until the next call. */
const char *csvw_end(struct csvw *);
void csvw_free(struct csvw *);

#endif
