/*
 * roster.h -- importing and exporting the roster (花名册) that schools
 * keep in spreadsheets: one row per child, with the child's parents, the
 * entrusted guardian and the mentor teacher, as CSV in UTF-8 or GB18030
 * (what Chinese Excel and WPS save).
 *
 * No curses here: the command line (cmd-roster.c) and the screens call
 * the same functions and show the same messages and summary.
 *
 * The columns (学校, 年级, 班级, 姓名 ...) are one table in roster.c, which
 * drives the header recognition, the export, the template and the
 * messages.  What the import does with each column, how people are
 * matched and how the file is read are told at the top of roster.c.
 */
#ifndef SHOUHU_ROSTER_H
#define SHOUHU_ROSTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "sheet.h"
#include "store.h"

enum roster_encoding {
	/* import: UTF-8 (BOM or not), else GB18030 */
	ROSTER_ENC_AUTO = SHEET_ENC_AUTO,
	ROSTER_ENC_UTF8 = SHEET_ENC_UTF8,	/* export: with a BOM */
	/* also reads GBK, which it contains */
	ROSTER_ENC_GB18030 = SHEET_ENC_GB18030
};

struct roster_opts {
	/*
	 * Import: the school of rows whose 学校 is empty (or of every row
	 * when there is no such column); a row naming another school is an
	 * error.  Export: only this school's children.  NULL: none given.
	 */
	const char	*school;
	enum roster_encoding encoding;
	bool		 dry_run;	/* import: check everything, write nothing */
	bool		 skip_bad;	/* import: import the good rows anyway */
	bool		 template_only;	/* export: the header row alone */
	bool		 force;		/* export: replace an existing file */
	/*
	 * The messages and the summary name the screens' choices, not the
	 * command's options (--school, --skip-bad).
	 */
	bool		 screens;
	/*
	 * Called with each problem as one translated line, "FILE: row 13
	 * (no. 12, 张三): ..." naming the row as a spreadsheet numbers it,
	 * its 序号 when the roster has one and the child's name (a warning:
	 * "FILE: row 13: warning: ..."; about the whole file: "FILE: ..."),
	 * safe to show on a terminal, in the calling thread, never while a
	 * transaction is open.  The problems found by reading the file come
	 * in file order while it is read; the few that depend on the
	 * database (a child twice, an ambiguous mentor) come after them,
	 * when the import's transaction has ended.  May be NULL.
	 */
	void		(*message)(const char *line, void *arg);
	/*
	 * Called now and then with work done out of a total, for a bar:
	 * for the import in units of the file's bytes (the checking is the
	 * first quarter of the total, the writing the rest), at most about
	 * a thousand times however long the file; for the export in
	 * children.  done only grows, total stays.  May be NULL.  Called
	 * while the import's write transaction is open: it must return at
	 * once (draw the bar; never wait for a key).
	 */
	void		(*progress)(size_t done, size_t total, void *arg);
	void		*arg;
};

/* What an import did (or, for a dry run or a refused one, would do). */
struct roster_summary {
	const char	*encoding;	/* "UTF-8" or "GB18030": how it was read */
	size_t		 rows;		/* rows of children read */
	size_t		 bad;		/* of them, rows with errors: */
	size_t		*bad_rows;	/* their numbers in the sheet, ascending */
	size_t		 children_added;
	size_t		 children_updated;
	size_t		 children_unchanged;
	size_t		 contacts_added;
	size_t		 contacts_updated;
	size_t		 links_added;	/* people put on a child's contact card */
	size_t		 links_updated;	/* relation or guardian changed */
	size_t		 pairs;		/* mentoring pairs started */
	size_t		 warnings;
	size_t		 errors;	/* problem lines; a row may have several */
	char		**schools_created;	/* names; NULL-terminated */
	size_t		 nschools_created;
	char		**staff_created;	/* "王丽 (柳树小学)" */
	size_t		 nstaff_created;
	bool		 written;	/* the changes were committed */
};

/*
 * roster_import() returns this when rows had errors and skip_bad was
 * not set: nothing was written; the problems were reported through
 * message() and the summary says what the import would have done.
 */
#define ROSTER_EROWS 1

/*
 * Imports the roster in the file at path, all of it in one write
 * transaction: after any failure, a kill or a power cut the database is
 * as it was.  Fills *sum (roster_summary_free() it, also after a
 * failure).  Returns 0 (imported; for a dry run: nothing wrong found and
 * nothing written), ROSTER_EROWS, or an SH_E* code with *cause set (the
 * caller frees it) when the file could not be imported at all: it cannot
 * be read, is not CSV text, is in no single encoding, has no usable
 * header row, or the database failed.
 *
 * The file must be a regular file of at most SHEET_MAX_SIZE bytes with
 * lines of at most SHEET_MAX_LINE bytes (a device, a FIFO, a directory
 * are refused at once).  It is read before the transaction begins, once
 * to check its bytes (twice for GB18030 text read with ROSTER_ENC_AUTO) and once its
 * rows; the checked rows wait in a private temporary file in $TMPDIR
 * (else /tmp), about the size of the roster, unlinked at once.  The
 * write lock is held while they are written: about 5 seconds for
 * 100,000 rows, during which other users' saves wait.  LMDB keeps the
 * pages a transaction changes in memory until it commits: about 1.3 KB
 * per new child (into a database without children, whose index is then
 * built in key order; 1.7 KB otherwise).
 * Call from one thread at a time.
 */
int roster_import(struct db *, const char *path, const struct roster_opts *,
    struct roster_summary *sum, char **cause);
/*
 * The same from an open stream, which must be seekable (it is read more
 * than once: fmemopen() will do); name is the file name used in
 * messages.  The stream is not closed.
 */
int roster_import_stream(struct db *, FILE *, const char *name,
    const struct roster_opts *, struct roster_summary *sum, char **cause);
void roster_summary_free(struct roster_summary *);
/*
 * The summary as translated lines separated by '\n' (no final newline),
 * ending with what became of the database, safe to show on a
 * terminal.  rc is what roster_import() returned.  The caller frees
 * the result.
 */
char *roster_summary_text(const struct roster_summary *,
    const struct roster_opts *, int rc);

/*
 * Writes the roster: the header row, then one row per child in school
 * (of opts->school only when set; not those who left: graduated,
 * transferred, dropped out, no longer left behind), school by school,
 * grade by grade, class by class.  Values are written as a Chinese school writes them (男, 是,
 * 三年级, 2班, 祖母) and import back to the same records.  UTF-8 with a
 * byte order mark (opts->encoding ROSTER_ENC_UTF8 or AUTO), or GB18030;
 * CRLF line ends.  path NULL or "-" writes to standard output; a file is
 * written through outfile.h: beside its final name with mode 0600 and
 * renamed into place, so it is never seen half-written; an existing
 * file is refused unless opts->force, and what is no regular file of
 * the user's always is.  The database is read in one read
 * transaction that ends before anything is written to the output.
 * Returns 0 with *rows set to the children written, or an SH_E* code
 * with *cause set (the caller frees it).
 */
int roster_export(struct db *, const char *path, const struct roster_opts *,
    size_t *rows, char **cause);

/*
 * The roster carries private fields: may the actor import (import) or
 * export the roster of this school (0: of every school)?  The
 * administrator, and a principal for their own school.  When not,
 * *cause (if cause is not NULL) says who may.
 */
bool roster_may(struct db *, uint32_t school, bool import, char **cause);

/*
 * The name an export is offered under: "花名册-SCHOOL-YYYYMMDD.csv" (no
 * school: "花名册-YYYYMMDD.csv"), today being "YYYY-MM-DD", in the current
 * directory; never the name of the file imported.  A slash in the
 * school's name becomes "_".  The caller frees the result.
 */
char *roster_default_export_name(const char *school, const char *today);

/*
 * The columns' headers (学校, 年级 ...) in the order of the export and the
 * template, joined by sep, to tell them.  The caller frees the result.
 */
char *roster_column_names(const char *sep);

#endif
