/*
 * form.h -- the official registration form (农村留守儿童基本情况登记表)
 * on paper: one child a page, laid out as the 2016 national form, with
 * the blanks for who filled it in, when, and who checked it.
 *
 * The form holds private fields (the ID numbers, health, aid, why a
 * parent cannot care); each shows only to a login that may see it
 * (access_field()), "***" otherwise.  The fields the form requires are
 * also what `check --completeness` looks for: form_missing().
 */
#ifndef SHOUHU_FORM_H
#define SHOUHU_FORM_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "print.h"
#include "store.h"

/*
 * The children of the form: one child (child not 0), a class of a
 * school (grade, and cls when not NULL) or a whole school; only those in
 * school and visible to the login, in class and name order.  Returns 0,
 * or SH_ENOTFOUND / SH_EPERM with *cause when there is none.
 */
int form_select(struct db *, uint32_t child, uint32_t school,
    const char *grade, const char *cls, struct idlist *, char **cause);
/*
 * The forms of these children, one a page of o's lines (at least 60),
 * dated o->date (NULL: today) in the title.  The document's title is
 * "SCHOOL registration forms DATE".  Returns 0 or an SH_E* code with
 * *cause; free the document with print_doc_free().
 */
int form_print(struct db *, const struct idlist *, const struct print_opts *,
    struct print_doc *, char **cause);

/* What the form requires that a child's records lack. */
enum form_gap {
	FG_ETHNICITY,
	FG_IDNUM,
	FG_HUKOU,
	FG_ADDRESS,		/* village and group */
	FG_LEFT_BEHIND,
	FG_UNABLE,		/* one away: why the other cannot care */
	FG_GUARDIANSHIP,
	FG_GUARDIAN,		/* no entrusted guardian on the card */
	FG_GUARDIAN_PHONE,
	FG_GUARDIAN_ID,
	FG_PARENT_WORK,		/* a parent away without a work place */
	FG_INCOME,
	FG__N
};
/* The gap's name for scripts ("id_number") and its label (msgid). */
const char *form_gap_name(enum form_gap);
const char *form_gap_label(enum form_gap);
/*
 * Sets bit g of *gaps for each gap of a child (read in t, which must be
 * allowed to read it).  Returns 0 or an SH_E* code.
 */
int form_missing(struct txn *, uint32_t child, unsigned *gaps);

#endif
