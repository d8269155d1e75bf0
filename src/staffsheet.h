/*
 * staffsheet.h -- importing and exporting the staff list (教职工通讯录)
 * that schools keep in spreadsheets: one row per teacher, with the
 * school, the posts held (职务), the class headed, the phone and the
 * login name.
 *
 * The file is read by the spreadsheet reader of the roster (sheet.h):
 * any column order, UTF-8 with or without a byte order mark or GBK
 * (GB18030), each bad row named as the spreadsheet shows it, all or
 * nothing in one transaction.  No curses here.
 *
 * Matching.  A row is the staff member of its school with the same
 * name: the one the roster's 帮扶教师 column made is filled in (her
 * phone, her class; roles are added to hers, never taken away).  Two
 * rows of one school with the same name are two people only when both
 * give phones and the phones differ; otherwise the second is refused.
 * A stored namesake is the row's person when the phones agree, when it
 * has no phone, or when the sheet has that name once.  Empty cells
 * leave what is stored, so importing the same sheet again changes
 * nothing.
 */
#ifndef SHOUHU_STAFFSHEET_H
#define SHOUHU_STAFFSHEET_H

#include <stdbool.h>
#include <stddef.h>

#include "sheet.h"
#include "store.h"

struct staff_opts {
	/*
	 * Import: the school of rows whose 学校 is empty (a row naming
	 * another is an error).  Export: only this school.  NULL: none.
	 */
	const char		*school;
	enum sheet_encoding	 encoding;	/* export: UTF-8 or GB18030 */
	bool			 dry_run;	/* import: write nothing */
	bool			 skip_bad;	/* import: the good rows anyway */
	bool			 force;		/* export: replace a file */
	/* Each problem as a safe translated line (as sheet_opts). */
	void			(*message)(const char *line, void *arg);
	void			*arg;
};

/* What an import did, or (dry run, refused) would do. */
struct staff_summary {
	const char	*encoding;	/* how the file was read */
	size_t		 rows;
	size_t		 bad;
	size_t		*bad_rows;	/* ascending */
	size_t		 added;
	size_t		 updated;
	size_t		 unchanged;
	size_t		 warnings;
	size_t		 errors;
	char		**schools_created;	/* NULL-terminated names */
	size_t		 nschools_created;
	char		**names_added;		/* "王丽 (柳树小学)" */
	size_t		 nnames_added;
	char		**names_updated;
	size_t		 nnames_updated;
	char		**principals;	/* "王丽 and 李强 (柳树小学)": a
					   school given a second principal */
	size_t		 nprincipals;
	bool		 written;
};

/* staff_import() returns this when rows were bad (nothing written). */
#define STAFF_EROWS 1

/*
 * Imports the staff list in the file at path in one write transaction.
 * Fills *sum (staff_summary_free() it in every case).  Returns 0,
 * STAFF_EROWS, or an SH_E* code with *cause (the caller frees it).
 */
int staff_import(struct db *, const char *path, const struct staff_opts *,
    struct staff_summary *sum, char **cause);
void staff_summary_free(struct staff_summary *);
/*
 * The summary as translated lines separated by '\n' (no final newline),
 * safe for a terminal; rc is what staff_import() returned.
 */
char *staff_summary_text(const struct staff_summary *, int rc);

/*
 * Writes the staff list with the import's columns (学校, 姓名, 性别, 职务,
 * 任班主任, 电话, 登录名, 备注), school by school, as CSV in UTF-8 with a
 * byte order mark or in GB18030, CRLF line ends; path NULL or "-" is
 * standard output, a file is written through outfile.h (an existing one
 * refused unless opts->force).  0 with *rows, or an SH_E* code with
 * *cause.
 */
int staff_export(struct db *, const char *path, const struct staff_opts *,
    size_t *rows, char **cause);

/*
 * A post as a school writes it (校长, 副校长, 德育主任, 班主任 ...) as a
 * role key of the staff's roles field; "" for a post that is no role
 * (教师, 语文老师); NULL when it is not known.
 */
const char *staff_role_key(const char *post);

#endif
