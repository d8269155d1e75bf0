/*
 * audit.h -- the audit trail: who changed, opened, exported, printed or
 * backed up what, and when.
 *
 * The trail is one named database (DBI_AUDIT) that is only ever appended
 * to: no function here changes or removes an entry.  An entry's key is
 * its sequence number (4 bytes, big-endian, from 1); its value is
 *
 *	u8	format (high 4 bits) and kind (low 4 bits)
 *	32	SHA-256 of the previous entry's key and value (of a fixed
 *		string for the first entry)
 *	svarint	time; bytes login; varint staff id (0: not known)
 *	u8	record type (0xff: none); varint record id
 *	then by kind:
 *	change:	u8 op (create, update, delete); 8 bytes: the start of the
 *		SHA-256 of the record's new stored bytes (none for a
 *		delete); varint count, then count times: u8 field tag,
 *		bytes old value, bytes new value (the fields that differ;
 *		none for a record made by a bulk load, the demo, whose
 *		values are all in the record)
 *	begin:	varint records already in the database (an older database
 *		that had no trail)
 *	view:	nothing when it names a record; bytes what when it names
 *		none (a list: "counselling sessions listed: 3 ...")
 *	others:	bytes what (a file, a job, a school)
 *
 * So removing or editing an entry breaks the chain at the entry after it,
 * and a record whose stored bytes were changed without the program no
 * longer matches its newest change entry: `shouhu check` names both.
 *
 * Every write of a record goes through rec_put() and rec_del(), which
 * call audit_put() and audit_del(): a migration that rewrites records
 * must do so through them too, or check will name each record as changed
 * outside the program.
 *
 * Entries are written in the transaction of what they record, and read
 * what they need (the last entry, the old record) from that transaction:
 * nothing is kept in memory, so a rerun callback writes them once.
 */
#ifndef SHOUHU_AUDIT_H
#define SHOUHU_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rec.h"
#include "store.h"

enum audit_kind {
	AUDIT_BEGIN,	/* the first entry of a trail */
	AUDIT_CHANGE,	/* a record created, changed or deleted */
	AUDIT_VIEW,	/* a child's file opened */
	AUDIT_EXPORT,
	AUDIT_PRINT,
	AUDIT_BACKUP,
	AUDIT_REFUSED,	/* a login or an action refused */
	AUDIT__COUNT
};

enum audit_op { AUDIT_CREATE = 1, AUDIT_UPDATE, AUDIT_DELETE };

#define AUDIT_NOTYPE 0xff
#define AUDIT_RECHASH 8

struct audit_field {
	int		 field;	/* in the record type's schema */
	char		*old;	/* "" when empty */
	char		*new;
};

struct audit_entry {
	uint32_t		 seq;
	enum audit_kind		 kind;
	int64_t			 time;
	char			*login;
	uint32_t		 staff;
	int			 type;	/* enum rtype, or AUDIT_NOTYPE */
	uint32_t		 id;
	enum audit_op		 op;	/* change entries */
	unsigned char		 rechash[AUDIT_RECHASH];
	uint64_t		 records; /* begin entries */
	char			*what;	/* other entries; NULL when none */
	struct audit_field	*fields;
	size_t			 nfields;
};

/*
 * The staff member the acting login stands for, written into every later
 * entry of this process (0 until logins are linked to staff).
 */
void audit_set_staff(uint32_t staff);

/*
 * Records a record about to be stored: r is the new record, p/n its new
 * stored bytes.  The stored record (when there is one) is read from the
 * transaction and compared field by field.  Call before storing it.
 */
void audit_put(struct txn *, const struct rec *r, const void *p, size_t n);
/* Records a record about to be deleted, with all its values. */
void audit_del(struct txn *, enum rtype, uint32_t id);
/* Appends a view, export, print, backup or refused entry in t. */
void audit_append(struct txn *, enum audit_kind, int type, uint32_t id,
    const char *what);
/*
 * Each in a write transaction of its own.  Returns 0 or an SH_E* code
 * with *cause set.  audit_view: a child's file was opened (the command
 * line's `show child`, the screens' child form).  audit_note: an export,
 * print or backup, what saying of what ("roster of 东山小学 to a.csv"),
 * or a view of no one record (a list of counselling sessions), what
 * saying what was listed.
 */
int audit_view(struct db *, enum rtype, uint32_t id, char **cause);
int audit_note(struct db *, enum audit_kind, const char *what, char **cause);
/*
 * The entry for what is about to be shown, written or printed, before
 * it leaves the program: a view of record id of type (AUDIT_VIEW), or a
 * note of kind with what (type AUDIT_NOTYPE).  0, also for a database
 * open only for reading (a copy on read-only files: no trail to add
 * to); else the error, *cause saying that nothing was shown, written or
 * printed and why.
 */
int audit_first(struct db *, enum audit_kind, int type, uint32_t id,
    const char *what, char **cause);

/* Decodes an entry; 0 or SH_ECORRUPT.  Free with audit_entry_free. */
int audit_decode(uint32_t seq, const void *, size_t, struct audit_entry *);
void audit_entry_free(struct audit_entry *);
/*
 * A changed field's value as `audit` and the child's history show it:
 * a choice by its label, "(empty)" for nothing, safe for a terminal.
 * The caller frees it.
 */
struct field;
char *audit_value_shown(const struct field *, const char *value);

/* What `shouhu audit` shows; zero fields select everything. */
struct audit_filter {
	uint32_t	 child;	/* the child and what hangs from it */
	const char	*login;
	int64_t		 since;	/* inclusive, Unix time; 0: none */
	int64_t		 until;	/* exclusive; 0: none */
	int		 kind;	/* enum audit_kind, or -1 */
};
typedef int (*audit_fn)(const struct audit_entry *, void *arg);
/*
 * Calls fn for each selected entry, oldest first, until fn returns
 * non-zero.  With a child, the child's own entries and those of its
 * contacts, links and mentoring pairs.  Returns 0 or what fn returned.
 */
int audit_scan(struct txn *, const struct audit_filter *, audit_fn fn,
    void *arg);
/* The changes of one child's record, oldest first (the screens' `h`). */
int audit_child_history(struct txn *, uint32_t child, audit_fn fn,
    void *arg);

/* May the acting user read the trail?  Everyone, until roles exist. */
bool audit_may_read(struct db *);

/*
 * Verifies the chain and compares every record with its newest change
 * entry, calling problem() with a translated message for each break.
 * Returns the number of problems.
 */
size_t audit_check(struct txn *, void (*problem)(const char *, void *),
    void *arg);

/* The translated name of a kind ("view"), and the kind of a name. */
const char *audit_kind_name(enum audit_kind);
int audit_kind_parse(const char *);

#endif
