/*
 * table.h -- plain-text tables for the command line: columns as wide as
 * their widest cell in display columns (Chinese counts two), cut at a
 * cap, separated by two spaces.
 */
#ifndef SHOUHU_TABLE_H
#define SHOUHU_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct table {
	int	  ncols;
	char	**cells;	/* row-major */
	size_t	  nrows;
	size_t	  cap;
	int	 *caps;		/* maximum width per column, 0: none */
	bool	 *right;	/* right-aligned columns */
};

void table_init(struct table *, int ncols);
/* Sets a column's maximum width and alignment. */
void table_column(struct table *, int col, int cap, bool right);
/* Adds a row of ncols strings (copied; NULL counts as ""). */
void table_row(struct table *, const char *const *cells);
void table_print(const struct table *, FILE *);
void table_free(struct table *);

#endif
