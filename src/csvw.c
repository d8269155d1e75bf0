/* csvw.c -- see csvw.h. */
#include "config.h"

#include <string.h>

#include "csvw.h"

void
csvw_field(struct csvw *w, const char *s)
{
	size_t n = strlen(s);
	bool quote, lead;
	const char *p;

	if (w->fields++ > 0)
		buf_addc(&w->line, ',');
	/*
	 * A spreadsheet would run a cell starting with = + - @ as a formula:
	 * an apostrophe in front makes it text (the roster import drops it).
	 */
	lead = n > 0 && strchr("=+-@", s[0]) != NULL;
	quote = strpbrk(s, ",\"\r\n") != NULL ||
	    (n > 0 && (s[0] == ' ' || s[n - 1] == ' '));
	if (!quote) {
		if (lead)
			buf_addc(&w->line, '\'');
		buf_add(&w->line, s, n);
		return;
	}
	buf_addc(&w->line, '"');
	if (lead)
		buf_addc(&w->line, '\'');
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			buf_addc(&w->line, '"');
		buf_addc(&w->line, *p);
	}
	buf_addc(&w->line, '"');
}

const char *
csvw_end(struct csvw *w)
{
	buf_reset(&w->out);
	buf_add(&w->out, w->line.s != NULL ? w->line.s : "", w->line.len);
	buf_addstr(&w->out, "\r\n");
	buf_reset(&w->line);
	w->fields = 0;
	return w->out.s;
}

void
csvw_free(struct csvw *w)
{
	buf_free(&w->line);
	buf_free(&w->out);
	w->fields = 0;
}
