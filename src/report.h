/*
 * report.h -- the figures the bureau asks for: the children in school
 * counted by school and class (the 底数), and the term's work.
 *
 * The summary is aggregates only, no names: it can go to the education
 * and civil-affairs offices as it is.  It counts only the children the
 * acting login may see (access.h), so a mentor's summary is of his
 * mentees and a township supervisor's of the township; the aid column,
 * made from a private field, counts only the children whose private
 * fields the login may see (rep.aid_hidden says how many it could not).
 *
 * It is made in one pass over each of the children, the contacts, the
 * links and the mentoring pairs, in key order (no lookup per child), so
 * that a county of 100,000 children takes a fraction of a second.
 */
#ifndef SHOUHU_REPORT_H
#define SHOUHU_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "print.h"
#include "store.h"
#include "util.h"

/* The counted columns, in the order of the tables and the CSV. */
enum rep_col {
	RC_CHILDREN,
	RC_BOTH,		/* left-behind type: both parents away */
	RC_FATHER,
	RC_MOTHER,
	RC_ONE_UNABLE,		/* one away, the other unable to care */
	RC_TYPE_NONE,		/* type not given */
	RC_GOOD,		/* guardianship 较好 */
	RC_FAIR,		/* 一般 */
	RC_POOR,		/* 差 */
	RC_GRADE_NONE,		/* not assessed */
	RC_BOARDING,
	RC_AID,			/* any aid received */
	RC_KEY,			/* key support */
	RC_NO_MENTOR,		/* no mentoring pair in force */
	RC_NO_GUARDIAN,		/* nobody marked entrusted guardian */
	RC_UNVERIFIED,		/* a phone on the card never verified */
	RC__N
};

/* The CSV name of a column ("both_away"); stable, in the manual. */
const char *rep_col_name(enum rep_col);

/* One row: a class (grade and cls set), or a school's or all totals. */
struct rep_row {
	char		*grade;		/* NULL on total rows */
	char		*cls;
	unsigned	 n[RC__N];
};

struct rep_school {
	uint32_t	 id;
	char		*name;
	struct rep_row	*classes;	/* in grade and class order */
	size_t		 nclasses;
	struct rep_row	 total;
	unsigned	 mentors;	/* staff with a mentee counted here */
	unsigned	 most;		/* the largest caseload among them */
};

struct rep {
	char		 date[11];	/* the day counted */
	bool		 township;	/* every school the login may see */
	struct rep_school *schools;	/* in school id order; only those
					   with children counted */
	size_t		 nschools;
	struct rep_row	 total;
	unsigned	 mentors;
	unsigned	 most;
	unsigned	 aid_hidden;	/* children whose aid was not counted */
};

/*
 * Counts the children in school on date (ISO; a child who left after it
 * counts, mentoring pairs in force then, phones verified by then) of one
 * school, or of every school when school is 0.  Returns 0 or an SH_E*
 * code with *cause.  Free with rep_free().
 */
int rep_summary(struct db *, uint32_t school, const char *date,
    struct rep *, char **cause);
void rep_free(struct rep *);

/* Average children per mentor, one decimal ("9.2"), or "-". */
void rep_per_mentor(unsigned children, unsigned mentors, char out[16]);

/*
 * The summary as text lines of width columns (tables of numbers, each
 * school's classes and total, then the schools side by side for a
 * township), and as CSV lines (with CR LF) under the header
 * rep_csv_header().  The text marks where each school's tables begin
 * and end, for rep_doc(): print it only through rep_doc().
 */
void rep_text(const struct rep *, int width, struct print_lines *);
void rep_csv(const struct rep *, struct buf *);
/*
 * CSV rows of five columns, part, school, item, measure, value: one
 * figure a row (the term report's CSV, rep_term_csv()).  rep_csv_long()
 * gives the summary so, part "summary", item "GRADE-CLASS" or "total",
 * measure the summary's CSV column name.
 */
void rep_csv_row(struct buf *, const char *part, const char *school,
    const char *item, const char *measure, size_t value);
void rep_csv_long(const struct rep *, struct buf *);

/*
 * Whose figures, for the pages' heads and the job's title: the school's
 * name, or for 0 the township's (the configuration's township, else the
 * one the schools give, as the call trees name it).
 */
char *rep_scope_name(struct db *, uint32_t school);

/*
 * A document of the summary: the body lines on pages each headed by the
 * title, the date and "page x/y"; a page that goes on with a school's
 * tables (marked by rep_text()) opens with "SCHOOL (continued)".  title
 * is the job's title.
 */
void rep_doc(const char *title, const char *date, struct print_lines *body,
    const struct print_opts *, struct print_doc *);

/*
 * Grades and classes in number order ("10" after "9", "7" 初一 after "6"
 * 六年级), else by bytes: the order of the summary's rows.
 */
int rep_part_cmp(const char *, const char *);

/* ---- the term (report-term.c) ---- */

/*
 * The term's work from date from to date to (ISO, both included), of
 * one school or of all (0), as text lines of width columns: each part
 * of term_parts[] in report-term.c adds its section (the call-tree
 * drills and how long each branch took, the trees activated for an
 * incident, which are no drills, ...).  Only what the login may
 * see: a school's drills are for its principal, its leadership group,
 * the township supervisor and the administrator.
 */
void rep_term_work(struct db *, uint32_t school, const char *from,
    const char *to, int width, struct print_lines *);
/*
 * The same figures as CSV lines (CR LF) with the columns part, school,
 * item, measure, value: one row a figure -- each mentor's mentees,
 * talks, talks_target, home_visits, calls and entries ("care"); each
 * meeting's invited, present and absent ("meeting"); each drill's and
 * each run for an incident's lines_called and lines_reached ("drill",
 * "activation"); incidents by kind ("incidents").
 */
void rep_term_csv(struct db *, uint32_t school, const char *from,
    const char *to, struct buf *);
/*
 * One assessment sheet (考评表) a page for each teacher of a school (0:
 * every school): mentees on date to, the drills' calls from date from
 * (NULL: no term) to date to, and blanks for the assessment.  The
 * administrator, the township supervisor and a school's principal and
 * leadership group get the school's teachers; anybody else his own
 * sheet.  Returns 0 or an SH_E* code with *cause.
 */
int rep_staff_doc(struct db *, uint32_t school, const char *from,
    const char *to, const struct print_opts *, struct print_doc *,
    char **cause);

#endif
