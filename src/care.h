/*
 * care.h -- the care log (帮扶记录): what the school does for each child
 * (talks, home visits, calls, tutoring, help, growth records), and what
 * follows from it: each child's last talk and last home visit, the
 * follow-up still open, the numbers a call reached.
 *
 * An entry (RT_LOG, schema-care.c) names one child or up to CARE_CHILDREN
 * (siblings seen together), a date, the staff member, a kind, who was
 * present, the child's mood, a text of at most CARE_TEXT_MAX characters,
 * a concern flag and a follow-up (a date, and what is to be done).
 *
 * The index holds, for each child of an entry, the key
 *
 *	'j'  child id (4)  day (2)  kind (1)  flags (1)  entry id (4)
 *
 * where day is 0xffff minus the days since 1970-01-01 (newest first)
 * and flags has CARE_KEY_FOLLOWUP and CARE_KEY_CONCERN: one cursor seek
 * per child reads the child's whole log in date order, newest first,
 * without reading an entry, which is what the worklist needs for a
 * school's children (last talk, last visit, next follow-up).  And for
 * each entry 'J' staff id (4) day (2) entry id (4): a staff member's
 * entries, newest first.  A school's entries are its children's.
 *
 * A follow-up is open until the child has a later entry (a later date,
 * or the same date and a higher number): whatever the school next does
 * with the child answers it, and an entry that asks for a follow-up of
 * its own takes its place.
 *
 * Reading follows access.h: an entry is seen by whoever may see one of
 * its children.  An entry is added by whoever may change all of its
 * children; it is changed or deleted by its staff member on the day it
 * was written, later only by the principal (of a child's school) or the
 * administrator.  Every change goes through rec_put(), so the audit
 * trail records it.
 */
#ifndef SHOUHU_CARE_H
#define SHOUHU_CARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "index.h"
#include "model.h"
#include "rec.h"
#include "store.h"

#define CARE_CHILDREN 4		/* children one entry may name */
#define CARE_TEXT_MAX 2000	/* characters of an entry's text */

/* The kinds, in the order of care_kind_choices (schema-care.c). */
enum care_kind {
	CK_TALK,		/* 谈心 */
	CK_VISIT,		/* 家访 */
	CK_CALL_GUARDIAN,	/* 电话家访 */
	CK_CALL_PARENTS,	/* 与父母通话 */
	CK_FAMILY_CALL,		/* 亲情电话 */
	CK_TUTORING,		/* 学习辅导 */
	CK_HELP,		/* 生活帮扶 */
	CK_GROWTH,		/* 成长记录 */
	CK__N
};

/* The flags byte of a child's key. */
#define CARE_KEY_FOLLOWUP 0x01	/* the entry asks for a follow-up */
#define CARE_KEY_CONCERN 0x02	/* the entry is marked a concern */

/* The kind of a key ("talk"), or -1; and back (NULL when out of range). */
int care_kind_of(const char *key);
const char *care_kind_key(int kind);
/* Whether entries of this kind key are calls (that may reach a number). */
bool care_kind_is_call(const char *key);
/* The field of the i-th child of an entry (0 .. CARE_CHILDREN-1). */
int care_child_field(int i);

/* The index keys of an entry (index.c's row for RT_LOG). */
void care_keys(const struct rec *, struct keyset *);

/* ---- reading (in the caller's read or write transaction) ---- */

/* One entry of a child's log as its index key has it. */
struct care_item {
	uint32_t	 id;
	char		 date[11];	/* ISO */
	int		 kind;		/* enum care_kind */
	unsigned	 flags;		/* CARE_KEY_* */
};

/*
 * Calls fn for the child's entries, newest first (by date; the same date
 * by number, highest first), until fn returns false.  Reads the index
 * only: fn may read the entry (rec_get) when it needs more.  Entries the
 * actor may not see are passed too: they are the child's, and the child
 * is what the caller checked.
 */
typedef bool (*care_item_fn)(const struct care_item *, void *arg);
void care_child_walk(struct txn *, uint32_t child, care_item_fn fn,
    void *arg);

/*
 * The date of the child's last entry of a kind, in date_out (ISO, 11
 * bytes); false (date_out "") when there is none.
 */
bool care_last(struct txn *, uint32_t child, int kind, char date_out[11]);
/*
 * The child's open follow-up: its date in date_out and the entry asking
 * for it in *entry (may be NULL); false (date_out "", *entry 0) when
 * none is open.
 */
bool care_next_followup(struct txn *, uint32_t child, char date_out[11],
    uint32_t *entry);

/* All of that for one child in one pass over its keys. */
struct care_summary {
	char		 last[CK__N][11]; /* last entry of each kind, or "" */
	char		 newest[11];	/* the last entry of any kind, or "" */
	char		 followup[11];	/* the open follow-up's date, or "" */
	uint32_t	 followup_entry; /* ... its entry, or 0 */
	bool		 concern;	/* the newest entry is a concern */
	size_t		 n;		/* entries */
};
void care_summary(struct txn *, uint32_t child, struct care_summary *);
/* Entries of the child (index only). */
size_t care_count(struct txn *, uint32_t child);

/* Which entries a list takes. */
struct care_filter {
	const char	*since;		/* ISO, inclusive; NULL: none */
	const char	*until;		/* ISO, inclusive; NULL: none */
	int		 kind;		/* enum care_kind, or -1 */
};
/*
 * Ids of the entries of a child, of a staff member, or of the children
 * of a school (active or not), newest first, no entry twice.  Entries
 * are not read (the index says the date and kind), and none is left out
 * for the actor: the caller checks each it shows (rec_get refuses what
 * the actor may not see).
 */
void care_of_child(struct txn *, uint32_t child, const struct care_filter *,
    struct idlist *);
void care_of_staff(struct txn *, uint32_t staff, const struct care_filter *,
    struct idlist *);
void care_of_school(struct txn *, uint32_t school,
    const struct care_filter *, struct idlist *);

/*
 * The kind the staff member used last (their newest entry), for a new
 * entry's form; -1 when they have none.
 */
int care_last_kind(struct txn *, uint32_t staff);

/* ---- access ---- */

/* May the actor see the entry (one of its children)? */
bool care_may_see(const struct rec *entry);
/*
 * May the actor store entry (old: the stored entry, NULL for a new
 * one) or, with entry NULL, delete old?  See the rules above.
 */
bool care_may_write(const struct rec *entry, const struct rec *old);

/* ---- changing (each in a write transaction of its own) ---- */

/*
 * The day a child was enrolled, as far as the record says: 1 September
 * of the school year in which it entered its school's first grade (1,
 * or 7 for a junior middle school), counted back from its grade on
 * date today.  "" when the grade is unknown.
 */
void care_enrolment(const struct rec *child, const char *today,
    char out[11]);

/*
 * A new entry (entry->id 0) or a changed one, in one transaction: every
 * child must exist and the date not be before any child's enrolment; a
 * number reached must be one of the children's contacts' numbers, which
 * is then marked verified on the entry's date.  Nothing is stored when
 * anything is refused.  Returns 0 with entry's id and version set, or an
 * SH_E* code with *cause naming the field.
 */
int care_save(struct db *, struct rec *entry, char **cause);
/*
 * The same inside the caller's write transaction (a form's save), on
 * entry itself, which rec_put() changes: a fresh copy each run.
 */
int care_put(struct txn *, struct rec *entry, char **cause);
/*
 * Takes a child out of the care log, in the caller's write transaction
 * (the child is being deleted): its entries are deleted, except those
 * naming other children too, which keep them.  0 or an SH_E* code.
 */
int care_forget_child(struct txn *, uint32_t child, char **cause);
/* Deletes an entry (version 0: any). */
int care_delete(struct db *, uint32_t id, uint32_t version, char **cause);

/*
 * A child's growth file (成长档案) for the paper file: the child, then
 * every entry oldest first, paginated as o says (care-print.c).  Free
 * doc with print_doc_free() when this returns 0; else an SH_E* code with
 * *cause (a child the actor may not see is not there).
 */
struct print_doc;
struct print_opts;
int care_print(struct db *, uint32_t child, const struct print_opts *o,
    const char *today, struct print_doc *doc, char **cause);

/*
 * The demo township's care log for the term of date today (demo-care.c),
 * inside the demo's bulk transaction (t->defer_index); *made (may be
 * NULL) is set to the number of entries.  0 or an SH_E* code with *cause.
 */
int care_demo(struct txn *, uint64_t seed, const char *today, size_t *made,
    char **cause);

#endif
