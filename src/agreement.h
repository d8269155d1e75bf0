/*
 * agreement.h -- the safety agreements (安全责任书) guardians sign each
 * term: which child's came back signed and when, which are missing, and
 * the agreements printed for signing.
 *
 * An agreement is one record a child and term (RT_AGREEMENT): the
 * guardian who signs (the entrusted guardian, else the first contact in
 * call order), signed or refused, the date it came back.  A child with
 * no record for a term has not returned one.  Only children the acting
 * login may see are read (access.h), and only children in school
 * (child_active) are listed or printed.
 *
 * Functions returning int return 0 or an SH_E* code with *cause set.
 */
#ifndef SHOUHU_AGREEMENT_H
#define SHOUHU_AGREEMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "print.h"
#include "store.h"

/* Whether s is a term's key as kept ("2026-autumn", "2027-spring"). */
bool paper_term_valid(const char *s);
/*
 * The term in (as people write it: see term_parse() in term.h), or the
 * term of today when in is NULL, as its key.  Returns 0, or -1 with
 * *cause (translated).
 */
int paper_term(struct db *, const char *in, const char *today,
    char key[16], char **cause);
/* A term's key in words: "2026年秋季学期".  Caller frees. */
char *paper_term_label(const char *key);

/* The database's one school; 0 when it has none or several. */
struct txn;
uint32_t only_school(struct txn *);

/* One child of a class with the guardian and the term's agreement. */
struct agr_row {
	uint32_t	 child;
	const char	*school;	/* its name, shared by the rows */
	char		*name;
	char		*grade;
	char		*cls;
	uint32_t	 contact;	/* the guardian, 0: nobody */
	char		*guardian;	/* "" when nobody */
	const char	*relation;	/* relation key, or "" */
	char		*phone;		/* first phone, or "" */
	uint32_t	 id;		/* the agreement, 0: none */
	uint32_t	 version;
	char		 status[12];	/* "", "printed", "signed", "refused" */
	char		 date[11];
};
struct agr_rows {
	struct agr_row	*v;
	size_t		 n;
	char		*school;	/* the school's name */
};

/*
 * The children in school of a school (a class when grade and cls are
 * given, a grade with cls NULL) that the login may see, in class and
 * pinyin order, each with the guardian and the agreement for term.
 */
int agreement_rows(struct db *, uint32_t school, const char *grade,
    const char *cls, const char *term, struct agr_rows *, char **cause);
void agr_rows_free(struct agr_rows *);
/* Whether a row's agreement is signed. */
bool agr_signed(const struct agr_row *);

/*
 * Records the agreements of children for term as status ("signed" or
 * "refused"; "printed" takes back a mistake) on date (ISO, not after
 * today; "" for printed), all in one transaction: an unknown child, one
 * who has left, one the login may not change, or a bad date refuses
 * them all.  *changed is how many records were made or changed.
 */
int agreement_record(struct db *, const uint32_t *children, size_t n,
    const char *term, const char *status, const char *date,
    size_t *changed, char **cause);

/*
 * The agreements of a school (a class, a grade) for term, one a page,
 * made out for signing: the school, the child, class, guardian,
 * relation and phone, what the guardian and the school each undertake,
 * and blanks for the signatures and dates.  o->date is the date printed
 * under the school's signature (NULL: a blank).  Children with no
 * guardian get the agreement with blanks for the guardian.
 */
int agreement_print(struct db *, uint32_t school, const char *grade,
    const char *cls, const char *term, const struct print_opts *o,
    struct print_doc *, char **cause);

/*
 * Before a child is deleted (child_delete): the child's agreements go
 * with it; aid, which the aid office has counted, refuses the deletion
 * (SH_EINUSE: mark the child as left instead).
 */
int paper_child_delete(struct txn *, uint32_t child, char **cause);

/*
 * The worklist's source (due.h): each child in scope without a signed
 * agreement for the term of the day, from two weeks into the term.
 */
struct due_ctx;
void agreement_due(struct due_ctx *);

/*
 * The demo's paperwork (demo-paper.c), in the demo's transaction, after
 * its children (the index is made afterwards): agreements of the
 * current term for most children, refusals and missing ones, and aid.
 * The same seed and day give the same records.
 */
int demo_paper(struct txn *, uint64_t seed, const char *today,
    char **cause);

#endif
