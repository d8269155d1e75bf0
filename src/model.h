/*
 * model.h -- the relations between records: a child's contact card, the
 * mentor, a class, searching; and changes that touch several records.
 *
 * Functions taking a struct txn work inside the caller's transaction;
 * the ones that change records must run inside db_write().
 */
#ifndef SHOUHU_MODEL_H
#define SHOUHU_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "rec.h"
#include "store.h"

/* A growing list of record ids. */
struct idlist {
	uint32_t	*v;
	size_t		 n;
	size_t		 cap;
};
void idl_add(struct idlist *, uint32_t);
/* Sorts and removes duplicates. */
void idl_uniq(struct idlist *);
bool idl_has(const struct idlist *, uint32_t);	/* after idl_uniq */
void idl_free(struct idlist *);

/* Ids of all records whose index keys start with tag + prefix. */
void ix_scan(struct txn *, uint8_t tag, const void *prefix, size_t n,
    struct idlist *);
struct covers;
/* The same, with the rows the keys carry (cover.h) into rows when not NULL. */
void ix_scan_rows(struct txn *, uint8_t tag, const void *prefix, size_t n,
    struct idlist *, struct covers *rows);
/* The referring ids of a ref index (IX_CHILD_LINK, ...) for one id. */
void ix_refs(struct txn *, uint8_t tag, uint32_t ref, struct idlist *);

/* The school with exactly this name; 0 when none. */
uint32_t school_by_name(struct txn *, const char *name);
/* The child with this resident ID number; 0 when none. */
uint32_t child_by_idnum(struct txn *, const char *idnum);
/* The staff member with this login name; 0 when none. */
uint32_t staff_by_login(struct txn *, const char *login);
/* Staff of a school (all schools when school is 0) with exactly this name. */
void staff_by_name(struct txn *, uint32_t school, const char *name,
    struct idlist *);

/*
 * Children of a school; grade and cls narrow it (NULL for all).  Ids in
 * class order.
 */
void children_of_class(struct txn *, uint32_t school, const char *grade,
    const char *cls, struct idlist *);

/* One line of a contact card: the link and the person. */
struct card_line {
	struct rec	*link;
	struct rec	*contact;
};
struct card {
	struct card_line *lines;
	size_t		  n;
};
/* A child's contacts in call order (priority, then link id). */
int child_card(struct txn *, uint32_t child, struct card *);
void card_free(struct card *);
/* The link between a child and a contact, 0 when none. */
uint32_t link_between(struct txn *, uint32_t child, uint32_t contact);

/*
 * The child's current mentoring pair on date today (ISO): begun on or
 * before today, not ended before it.  NULL when none.  Caller frees.
 */
struct rec *child_mentor_pair(struct txn *, uint32_t child,
    const char *today);
/*
 * Number of children a staff member mentors on date today: children
 * still in school (child_active) with a pair in force.
 */
size_t staff_caseload(struct txn *, uint32_t staff, const char *today);
/* Ids of those children. */
void staff_mentees(struct txn *, uint32_t staff, const char *today,
    struct idlist *);

/*
 * Searching children: a Chinese part of the name ("三丰"), pinyin
 * initials ("zs"), full pinyin ("zhangsan", also of the given name),
 * phone digits (3 or more: the start or the end of a guardian's or
 * parent's number), or an ID number.  Ids of whole-name matches come first in *first, the
 * rest (given name, phone, ID) in *more; both sorted by id.
 */
void search_children(struct txn *, const char *query, struct idlist *first,
    struct idlist *more);
/* The same, keeping the rows the name keys carry (cover.h) in rows. */
void search_children_rows(struct txn *, const char *query,
    struct idlist *first, struct idlist *more, struct covers *rows);
/* Searching contacts by name (Chinese or pinyin) or phone digits. */
void search_contacts(struct txn *, const char *query, struct idlist *);
/* Searching staff by name (Chinese or pinyin). */
void search_staff(struct txn *, const char *query, struct idlist *);
/* Searching officials by name (Chinese or pinyin). */
void search_officials(struct txn *, const char *query, struct idlist *);

/*
 * Links a contact to a child.  priority 0 puts the contact last in call
 * order.  Refuses a second link between the same two.  Returns the new
 * link's id in *link_id (may be NULL).
 */
int link_add(struct txn *, uint32_t child, uint32_t contact,
    const char *relation, int priority, bool guardian, uint32_t *link_id,
    char **cause);
/* Renumbers a child's contacts 1, 2, 3 ... in the given link order. */
int card_reorder(struct txn *, uint32_t child, const uint32_t *links,
    size_t n, char **cause);
/*
 * Removes a link; a contact left linked to no child is deleted with it
 * (a person is kept only for the children they care for).
 */
int link_remove(struct txn *, uint32_t link, char **cause);
/* Whether a pair is in force on date today. */
bool pair_current(const struct rec *pair, const char *today);
/*
 * Makes staff the child's mentor from date since: ends the current pair
 * (if with someone else) the day before and starts a new one.
 */
int mentor_assign(struct txn *, uint32_t child, uint32_t staff,
    const char *since, char **cause);
/*
 * The child has no mentor from date from on: the current pair's last day
 * is the day before (a pair that began that day is deleted).
 */
int mentor_end(struct txn *, uint32_t child, const char *from,
    char **cause);
/*
 * Whether a child is still looked after: in school (status in_school).
 * A child who graduated, transferred, dropped out or is no longer left
 * behind has LEFT: default lists, counts, call trees, contact cards and
 * the roster's export leave them out.
 */
bool child_active(const struct rec *child);
/* The same from a status value of len bytes read in place (rec_peek). */
static inline bool
status_active(const char *status, size_t len)
{
	return len == 0 || (len == 9 && memcmp(status, "in_school", 9) == 0);
}

/*
 * Changes a child's status (a key of status_choices) from date (ISO;
 * NULL or "": today) for reason (may be NULL), in one write transaction
 * of its own.  Leaving (any status but in_school) with end_pairs ends
 * the child's current mentoring pair the day before date.  Setting
 * in_school again undoes a leaving: the date and reason are cleared and
 * a pair this function ended is in force again (its end removed).
 * Returns 0, or -1 / an SH_E* code with *cause.
 */
int child_set_status(struct db *, uint32_t child, const char *status,
    const char *date, const char *reason, bool end_pairs, char **cause);
/*
 * Deletes a child with its links (and orphaned contacts), pairs and care
 * log (an entry naming siblings too keeps them).
 */
int child_delete(struct txn *, uint32_t child, uint32_t version,
    char **cause);
/* Deletes a contact and its links. */
int contact_delete(struct txn *, uint32_t contact, uint32_t version,
    char **cause);
/* Deletes a staff member; refused while they have mentoring pairs. */
int staff_delete(struct txn *, uint32_t staff, uint32_t version,
    char **cause);
/*
 * Marks a contact's phone number as verified on date (and no longer to
 * verify).  The number, not its place: someone may have changed the
 * contact's phones since they were shown.
 */
int contact_verify_phone(struct txn *, uint32_t contact, const char *phone,
    const char *date, char **cause);

/* What a list shows of a child. */
struct child_row {
	struct rec	*child;
	char		*school;	/* school name */
	char		*contact;	/* first in call order, or "" */
	const char	*relation;	/* their relation key, or "" */
	char		*phone;		/* their first phone, or "" */
	char		*mentor;	/* current mentor's name, or "" */
	char		*sortkey;	/* school, class, pinyin of the name */
	int		 age;		/* on today, -1 when unknown */
};
/* What child_row_load reads beyond the child: */
enum {
	ROW_CONTACT = 1 << 0,	/* the first contact and phone */
	ROW_MENTOR = 1 << 1	/* the current mentor */
};
int child_row_load(struct txn *, uint32_t child, const char *today,
    unsigned what, struct child_row *);
void child_row_free(struct child_row *);
/* Sorts rows by school, grade, class and name in pinyin order. */
void child_rows_sort(struct child_row *, size_t);

/* "3年级2班" / "grade 3 class 2", translated.  Caller frees. */
char *class_label(const char *grade, const char *cls);
/*
 * Parses "3-2", "3年级2班", "初一(2)班" into a grade and a class (both
 * newly allocated).  Returns 0 or -1 with *cause.
 */
int class_parse(const char *in, char **grade, char **cls, char **cause);
/*
 * A class or a whole grade as a filter: 3, 三年级 and 初一 (a grade:
 * *cls NULL), 3-2, 3年级2班, 三年级2班, 三(2)班.  Returns 0 or -1 with
 * *cause.
 */
int class_filter_parse(const char *in, char **grade, char **cls,
    char **cause);

#endif
