/*
 * ui-form.h -- forms made from the record schema.
 *
 * A form edits one or two records (a contact and its link to a child,
 * say), each field in its own line editor.  A field is checked when the
 * cursor leaves it and again on saving; the value then takes its normal
 * form ("2015.3.7" becomes "2015-03-07").  Saving runs in one short write
 * transaction that re-reads the records: if somebody else saved one in
 * between, the save is refused, who and when are shown, and the form
 * offers to load their version.
 *
 * Drafts.  When the terminal goes away during an edit (the SSH link
 * drops), what was typed is written to the database as a draft of that
 * user, for that record; the next time the user opens the same form it
 * is offered back.
 */
#ifndef SHOUHU_UI_FORM_H
#define SHOUHU_UI_FORM_H

#include <stdbool.h>
#include <stdint.h>

#include "rec.h"
#include "store.h"

#define FORM_MAXRECS 2

struct form_spec {
	const char	*title;		/* shown in the title line */
	/* Drafts are kept per user, kind, first record id and context. */
	const char	*kind;
	uint32_t	 context;
	/* The records (taken over by the form); section titles (msgids). */
	struct rec	*recs[FORM_MAXRECS];
	const char	*section[FORM_MAXRECS];
	int		 nrecs;
	/* Fields not shown, per record (ends with -1), e.g. fixed links. */
	const int	*hidden[FORM_MAXRECS];
	/*
	 * Before the records are checked, outside any transaction: may
	 * turn what was typed into the stored form (children named by
	 * name into their numbers), asking the user; false keeps the form
	 * open, on field *field of record *r when it is set (>= 0).
	 */
	bool		(*prepare)(struct rec **, int *r, int *field,
			    void *arg);
	/*
	 * Before saving, outside any transaction: may ask the user (the
	 * records are as typed, checked); false keeps the form open.
	 */
	bool		(*check)(struct rec **, void *arg);
	/*
	 * Saves the records inside a write transaction (a fresh copy each
	 * run, see db_write).  NULL: rec_put of each record in order.
	 */
	int		(*save)(struct txn *, struct rec **, void *arg,
			    char **cause);
	/* After a successful save, with the saved records. */
	void		(*saved)(struct rec **, void *arg);
	void		*arg;
	/*
	 * The field the cursor starts on, of record start_rec, when the
	 * fields before it come filled in (a new entry's day and author):
	 * start_field 0 is the first field shown.
	 */
	int		 start_rec, start_field;
};

/* Opens a form screen on top of the stack (and offers a draft). */
void form_open(const struct form_spec *);

#endif
