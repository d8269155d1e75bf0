/*
 * aid.h -- aid (资助) a child received: 两免一补, 低保, 临时救助, 医疗救助,
 * 济难救助 and other, by term, with the amount and the date; the lists,
 * and a school's summary for the aid office.
 *
 * Aid is private as the child's aid field is (FF_PRIVATE): it is listed
 * to those who may see the child's private fields (access_private), and
 * its amounts to the principal of the child's school and the
 * administrator only (aid_amounts_visible): the class teacher and the
 * counsellor see the kind of aid, the term and the date, never an
 * amount, in any list, summary, export, printout or screen.  Adding and
 * removing aid is the principal's and the administrator's.  Every change goes through rec_put() and
 * rec_del(), so the audit trail records it.
 *
 * Functions returning int return 0 or an SH_E* code with *cause set.
 */
#ifndef SHOUHU_AID_H
#define SHOUHU_AID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"

struct rec;

/*
 * An amount as typed (1250, 312.5, ¥1,250.00, 80元) in fen; -1 with
 * *cause for a negative amount or anything else.
 */
int amount_parse(const char *in, long long *fen, char **cause);
/* Fen as yuan with two decimals, "1250.00". */
void amount_format(long long fen, char out[24]);

/* May the acting login see the amounts of a school's aid? */
bool aid_amounts_visible(uint32_t school);

struct aid_in {
	uint32_t	 child;
	const char	*kind;		/* a key of aid_choices */
	const char	*term;		/* "2026-autumn" */
	const char	*amount;	/* as typed */
	const char	*date;		/* ISO, not after today */
	const char	*notes;		/* may be NULL */
};
/*
 * Records aid of each of n entries in one transaction: any bad entry
 * (unknown child, one who has left, a negative amount, a date in the
 * future, a login that may not) refuses them all.  The first new id in
 * *first (may be NULL).
 */
int aid_add(struct db *, const struct aid_in *, size_t n, uint32_t *first,
    char **cause);
/* Removes aid record id (the same persons only). */
int aid_remove(struct db *, uint32_t id, char **cause);
/*
 * Saves an aid record made or edited in a form, inside a write
 * transaction: refused as aid_add() refuses (a new record for a child
 * who has left too), and for a record the login may not change.
 */
int aid_put(struct txn *, struct rec *, char **cause);

/* One aid record as a list shows it. */
struct aid_row {
	uint32_t	 id;
	uint32_t	 child;
	uint32_t	 school;
	char		*name;
	char		*grade;
	char		*cls;
	char		*kind;
	char		*term;
	char		*amount;	/* NULL: not for this login */
	char		*date;
	char		*notes;
	char		*sortkey;
};
struct aid_rows {
	struct aid_row	*v;
	size_t		 n;
};
/* What to list: zero fields select everything the login may see. */
struct aid_filter {
	uint32_t	 school;
	const char	*grade;		/* with cls NULL: a whole grade */
	const char	*cls;
	uint32_t	 child;
	const char	*term;
	const char	*kind;
};
/* The aid the login may see, in school, class, name and date order. */
int aid_list(struct db *, const struct aid_filter *, struct aid_rows *,
    char **cause);
void aid_rows_free(struct aid_rows *);

/* A school's aid of a term by kind: aid_choices' order. */
struct aid_sum {
	const char	*kind;		/* key */
	size_t		 children;	/* different children */
	size_t		 count;		/* records */
	long long	 fen;		/* total; 0 when not visible */
};
struct aid_summary {
	struct aid_sum	*v;		/* one per kind */
	size_t		 n;
	struct aid_sum	 total;		/* children counted once */
	bool		 amounts;	/* visible to this login */
};
int aid_summarize(struct db *, const struct aid_filter *,
    struct aid_summary *, char **cause);
void aid_summary_free(struct aid_summary *);

#endif
