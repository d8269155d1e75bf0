/*
 * sheet.h -- reading a spreadsheet saved as CSV (a roster, a staff list)
 * and importing it all or nothing.
 *
 * What every import of a school's spreadsheet needs is here; what is
 * particular to one kind (the roster, the staff) is a table of columns
 * and two row callbacks:
 *
 *	static const struct sheet_col cols[] = {
 *		[C_SCHOOL] = { "学校", "school", NULL, SHEET_REQUIRED, NULL },
 *		[C_NAME] = { "姓名", "name", NULL, SHEET_REQUIRED |
 *		    SHEET_LABEL, NULL },
 *		[C_PHONE] = { "电话", "phone", "手机|手机号码|联系电话", 0,
 *		    NULL },
 *		...
 *	};
 *	static const struct sheet_kind staff = { cols, nitems(cols),
 *	    check_row, apply_row, apply_begin, NULL };
 *
 *	sheet_open(&sh, f, name, &staff, &opts, arg, &cause);
 *	sheet_check(sh, &cause);	reads, checks and spools every row
 *	sheet_apply(sh, db, &cause);	applies them in one transaction
 *	sheet_close(sh);
 *
 * The reader sniffs the encoding (UTF-8 with or without a byte order
 * mark, else GB18030, which holds GBK), refuses what is no CSV text (a
 * workbook, UTF-16, NUL bytes, a device, a FIFO, a directory, a file too
 * large or with a line too long), finds the header row below any title
 * rows, matches headers to the table in any order (ignoring spaces,
 * fullwidth forms, case and the "*" of a required column, with aliases)
 * and names the required columns that are missing.
 *
 * Rows are numbered as Excel and WPS number them: a quoted cell of
 * several lines is one row, a blank line is a row.  Each problem is one
 * translated line "FILE: row 13 (no. 12, 张三): ..." naming the row, the
 * value of the column marked SHEET_SEQ (序号) when the sheet has it, and
 * of the one marked SHEET_LABEL (the person's name); every such line is
 * made safe for a terminal (str_safe()) before it is handed out.
 *
 * The all-or-nothing contract: check() spools each good row's values
 * (sheet_spool()) to a private temporary file, unlinked at once; apply()
 * gets them back, in file order, inside one write transaction, which is
 * committed only when no row was bad (or skip_bad is set) and this is no
 * dry run.  apply() may run more than once (db_write() redoes the
 * transaction after growing the map): everything it learns must be reset
 * by apply_begin(), and the problems it reports are held back and handed
 * out when the transaction is over.
 */
#ifndef SHOUHU_SHEET_H
#define SHOUHU_SHEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "store.h"
#include "util.h"

enum sheet_encoding {
	SHEET_ENC_AUTO,		/* UTF-8 (BOM or not), else GB18030 */
	SHEET_ENC_UTF8,
	SHEET_ENC_GB18030	/* also reads GBK, which it contains */
};

enum {
	SHEET_REQUIRED = 1 << 0,	/* the column must be there */
	SHEET_SEQ = 1 << 1,		/* 序号: named in messages */
	SHEET_LABEL = 1 << 2,		/* the row's name, in messages */
	SHEET_IGNORED = 1 << 3		/* known, its values not imported */
};

struct sheet_col {
	const char	*zh;	/* the header as schools write it */
	const char	*en;	/* the English alias */
	const char	*also;	/* other headers seen, '|'-separated */
	unsigned	 flags;
	/*
	 * For a required column, what to do when it is missing, after
	 * "there is no column 学校 (school)": NULL for "which is required";
	 * the same in the words of the screens (sheet_opts.screens).
	 */
	const char	*missing;
	const char	*missing_screens;
};

/* A row as read. */
struct sheet_row {
	size_t		 row;		/* as a spreadsheet numbers it */
	size_t		 line;		/* the line of the file it starts on */
	char		**f;		/* its fields, valid UTF-8 */
	size_t		 nf;
	size_t		 nall;		/* fields, also those not kept */
	bool		 overflow;	/* too many fields to keep */
	const char	*err;		/* a syntax error (translated), or NULL */
	size_t		 err_line;
};

struct sheet;
struct txn;
struct rd;

/* What check() says of a row; otherwise it returns an SH_E* code. */
enum { SHEET_ROW_OK, SHEET_ROW_BAD, SHEET_ROW_SKIP };

struct sheet_kind {
	const struct sheet_col	*cols;
	int			 ncols;
	/*
	 * Checks a row (never one of empty cells, never one with a syntax
	 * error), reporting its problems with sheet_report(); spools a good
	 * row with sheet_spool().  SHEET_ROW_*, or an SH_E* code with
	 * *cause to stop.
	 */
	int	(*check)(struct sheet *, const struct sheet_row *, void *arg,
		    char **cause);
	/*
	 * Applies a spooled row: SHEET_ROW_OK, SHEET_ROW_BAD (a problem
	 * found against the database and reported; nothing of the row
	 * written), or an SH_E* code with *cause (the transaction is lost).
	 */
	int	(*apply)(struct sheet *, struct txn *, struct rd *values,
		    void *arg, char **cause);
	/*
	 * Called before the first row of each run of the transaction:
	 * forgets what an earlier run learnt (it was lost with it).  0, or
	 * an SH_E* code with *cause.  May be NULL.
	 */
	int	(*apply_begin)(struct sheet *, struct txn *, void *arg,
		    char **cause);
	/*
	 * Called after the last row when the transaction is to be
	 * committed (not for a dry run, nor when bad rows abort it).  0, or
	 * an SH_E* code with *cause.  May be NULL.
	 */
	int	(*apply_end)(struct sheet *, struct txn *, void *arg,
		    char **cause);
};

struct sheet_opts {
	enum sheet_encoding	 encoding;
	bool			 dry_run;	/* check, write nothing */
	bool			 skip_bad;	/* apply the good rows anyway */
	/* Advice names the screens' choices, not the command's options. */
	bool			 screens;
	/* Bits (1 << column) of SHEET_REQUIRED columns not required now. */
	uint64_t		 waived;
	/* 0: the defaults (SHEET_MAX_SIZE, SHEET_MAX_LINE). */
	size_t			 max_size;
	size_t			 max_line;
	/* As in roster_opts: each problem line; the progress. */
	void			(*message)(const char *line, void *arg);
	void			(*progress)(size_t done, size_t total,
				    void *arg);
	void			*arg;
};

#define SHEET_MAX_SIZE	((size_t)256 << 20)	/* bytes of a file */
#define SHEET_MAX_LINE	((size_t)1 << 20)	/* bytes of a line */

/* sheet_apply() returns this when rows were bad and skip_bad was not set. */
#define SHEET_EROWS 1

/*
 * Opens the sheet in f, which must be seekable (it is read more than
 * once); name is the file's name in messages; arg goes to the kind's
 * callbacks.  Sniffs the encoding: 0, or an SH_E* code with *cause (not
 * CSV text, or in no single encoding: the bad lines are reported).  The
 * sheet is made in either case: sheet_close() it.
 */
int sheet_open(struct sheet **, FILE *f, const char *name,
    const struct sheet_kind *, const struct sheet_opts *, void *arg,
    char **cause);
/* The path's file: also refuses what is not a regular file. */
int sheet_open_path(struct sheet **, const char *path,
    const struct sheet_kind *, const struct sheet_opts *, void *arg,
    char **cause);
void sheet_close(struct sheet *);
/* "UTF-8" or "GB18030": how the file is read. */
const char *sheet_encoding_name(const struct sheet *);

/*
 * Reads every row: finds the header, then hands each row to check().
 * 0, or an SH_E* code with *cause (no header, a broken header, a file
 * that cannot be read on).
 */
int sheet_check(struct sheet *, char **cause);
/*
 * Applies the spooled rows in one write transaction (see the top).
 * Returns 0 (written; for a dry run: nothing wrong and nothing written),
 * SHEET_EROWS, or an SH_E* code with *cause.
 */
int sheet_apply(struct sheet *, struct db *, char **cause);
/* Whether sheet_apply() committed. */
bool sheet_written(const struct sheet *);

/* What was found: rows read, bad rows (their numbers, ascending). */
struct sheet_result {
	size_t	 rows;
	size_t	 bad;
	size_t	*bad_rows;	/* the caller frees it */
	size_t	 errors;
	size_t	 warnings;
};
void sheet_result(struct sheet *, struct sheet_result *);

/* Within check(): the raw cell of a column, "" when it is not there. */
const char *sheet_cell(const struct sheet *, const struct sheet_row *,
    int col);
/* Whether the sheet has the column. */
bool sheet_has(const struct sheet *, int col);
/* A column's header as the file writes it (else as the table has it). */
const char *sheet_hdr(const struct sheet *, int col);
/* The row's width against the header's: 0, or -1 (reported). */
int sheet_row_width(struct sheet *, const struct sheet_row *);
/* The first cell that is not empty, or "". */
const char *sheet_first_cell(const struct sheet_row *);

/*
 * Reports a problem of the row being checked or applied (or, before
 * the header, of the file as a whole).  A warning does not make the row
 * bad; an error is counted, and the caller says the row is bad.
 */
void sheet_report(struct sheet *, bool error, const char *, ...)
    SH_PRINTF(3, 4);
/* A problem with a cell: `header "value": reason`. */
void sheet_report_cell(struct sheet *, bool error, int col,
    const char *value, const char *reason);
/* The row being checked or applied, as numbered in the spreadsheet. */
size_t sheet_row_number(const struct sheet *);

/* Within check(): spools the row's values (codec.h bytes) for apply(). */
int sheet_spool(struct sheet *, const struct buf *, char **cause);

/* Whether a cell holds only white space (the ideographic space too). */
bool sheet_cell_empty(const char *);
/* A value as quoted in a message: one line, not too long, safe. */
char *sheet_shown(const char *);
/* Text damaged by a wrong conversion between encodings (锟斤拷, 涓). */
bool sheet_damaged(const char *);

/*
 * Writes a sheet, CSV text in UTF-8, as the exports write one for a
 * spreadsheet: UTF-8 with a byte order mark (so that Excel reads the
 * Chinese), or (gb18030) GB18030 without one; to path through
 * outfile_open() with its flags, or to standard output (path NULL or
 * "-") as the bytes are.  0, or an SH_E* code with *cause: unheld
 * (translated) when a character has no GB18030 form.
 */
int sheet_write(const char *path, const char *text, size_t len,
    bool gb18030, int flags, const char *unheld, char **cause);


#endif
