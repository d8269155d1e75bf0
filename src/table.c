/* table.c -- see table.h. */
#include "config.h"

#include <stdlib.h>

#include "table.h"
#include "util.h"

void
table_init(struct table *t, int ncols)
{
	t->ncols = ncols;
	t->cells = NULL;
	t->nrows = t->cap = 0;
	t->caps = xcalloc(ncols, sizeof *t->caps);
	t->right = xcalloc(ncols, sizeof *t->right);
}

void
table_column(struct table *t, int col, int cap, bool right)
{
	t->caps[col] = cap;
	t->right[col] = right;
}

void
table_row(struct table *t, const char *const *cells)
{
	int c;

	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->cells = xreallocarray(t->cells, t->cap * t->ncols,
		    sizeof *t->cells);
	}
	for (c = 0; c < t->ncols; c++)
		t->cells[t->nrows * t->ncols + c] = xstrdup(cells[c] != NULL ?
		    cells[c] : "");
	t->nrows++;
}

void
table_print(const struct table *t, FILE *f)
{
	int *w = xcalloc(t->ncols, sizeof *w), c, cw, last;
	struct buf b = { 0 };
	const char *cell;
	size_t r;

	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++) {
			cw = u_width(t->cells[r * t->ncols + c]);
			if (t->caps[c] > 0 && cw > t->caps[c])
				cw = t->caps[c];
			if (cw > w[c])
				w[c] = cw;
		}
	for (r = 0; r < t->nrows; r++) {
		buf_reset(&b);
		/* No trailing blanks: the last non-empty cell ends the line. */
		for (last = t->ncols - 1; last > 0 &&
		    *t->cells[r * t->ncols + last] == '\0'; last--)
			;
		for (c = 0; c <= last; c++) {
			cell = t->cells[r * t->ncols + c];
			if (c > 0)
				buf_addstr(&b, "  ");
			if (t->right[c])
				u_fit_right(&b, cell, w[c]);
			else
				u_fit(&b, cell, w[c], c < last);
		}
		buf_addc(&b, '\n');
		fputs(b.s, f);
	}
	buf_free(&b);
	free(w);
}

void
table_free(struct table *t)
{
	size_t i;

	for (i = 0; i < t->nrows * (size_t)t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->caps);
	free(t->right);
}
