/*
 * index.h -- the index keys of records.
 *
 * Indexes live in one database (DBI_IX).  An index key is a tag byte, the
 * indexed value, and the 4-byte big-endian id of the record that owns
 * the key; values are empty, but for the list row that a child's name
 * keys in characters carry (cover.h).  index_defs[] lists every index, and one
 * function per record type (index.c) lists the keys of a record from its
 * fields alone.  This module knows the schema and records; neither of
 * them knows it, except that rec_put() asks it for a record's keys.
 */
#ifndef SHOUHU_INDEX_H
#define SHOUHU_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "schema.h"

struct rec;

/* Index tags: the first byte of every key in DBI_IX. */
enum ix_tag {
	IX_SCHOOL_NAME = 's',	/* name \0 id		(unique) */
	IX_STAFF_SCHOOL = 't',	/* school id		*/
	IX_STAFF_LOGIN = 'u',	/* login \0 id		(unique) */
	IX_STAFF_NAME = 'S',	/* name search key \0 id */
	IX_CLASS = 'c',		/* school, grade, class \0 id */
	IX_CHILD_NAME = 'n',	/* whole-name search key \0 id */
	IX_CHILD_PART = 'o',	/* search key of a later part \0 id */
	IX_IDNUM = 'i',		/* ID number \0 id	(unique) */
	IX_CONTACT_NAME = 'N',	/* name search key \0 id */
	IX_PHONE = 'p',		/* phone digits \0 id */
	IX_PHONE_REV = 'q',	/* phone digits reversed \0 id */
	IX_CHILD_LINK = 'l',	/* child id, link id	*/
	IX_CONTACT_LINK = 'L',	/* contact id, link id	*/
	IX_CHILD_PAIR = 'm',	/* child id, pair id	*/
	IX_STAFF_PAIR = 'M',	/* staff id, pair id	*/
	IX_TO_VERIFY = 'f',	/* contact id: a phone failed in a drill */
	IX_OFFICIAL_NAME = 'O',	/* name search key \0 id */
	IX_TREE_NAME = 'x',	/* name \0 id		(unique) */
	IX_TREE_SCHOOL = 'T',	/* school id, tree id	*/
	IX_NODE_TREE = 'r',	/* tree id, node id	*/
	IX_EDIT_TREE = 'E',	/* tree id, edit id	*/
	IX_DRILL_TREE = 'D',	/* tree id, drill id	*/
	IX_CALL_DRILL = 'd',	/* drill id, call id	*/
	IX_LOG_CHILD = 'j',	/* child id, day, kind, flags, id (care.h) */
	IX_LOG_STAFF = 'J',	/* staff id, day, id (care.h) */
	IX_MEETING_SCHOOL = 'g', /* school id, date, meeting id */
	IX_MEETING_DATE = 'h',	/* date, meeting id	*/
	IX_ATTEND_MEETING = 'k', /* meeting id, invitee id */
	IX_ATTEND_CHILD = 'K',	/* child id, invitee id	*/
	IX_INCIDENT_SCHOOL = 'Z',	/* school id, incident id */
	IX_IACTION_INCIDENT = 'z',	/* incident id, action id */
	IX_CHILD_COUNSEL = 'C',	/* child id, session id	*/
	IX_CHILD_PLAN = 'P',	/* child id, plan id	*/
	IX_PLAN_GOAL = 'G',	/* plan id, goal id	*/
	IX_STAFF_GOAL = 'Y',	/* staff id, goal id	*/
	IX_GOAL_REVIEW = 'y',	/* goal id, review id	*/
	IX_AGREEMENT_CHILD = 'a', /* child id, agreement id */
	IX_AID_CHILD = 'A',	/* child id, aid id	*/
};

/* The set of index keys of one record. */
struct ixkey {
	unsigned char	*k;
	size_t		 n;
	int		 unique_field; /* field that must be unique, or -1 */
	bool		 cover;	/* carries the child's list row (cover.h) */
};
struct keyset {
	struct ixkey	*keys;
	size_t		 n;
	size_t		 cap;
	uint32_t	 id;
};
void ks_init(struct keyset *, uint32_t id);
void ks_free(struct keyset *);
/* Adds tag + bytes (+ \0 when terminate) + id. */
void ks_add(struct keyset *, uint8_t tag, const void *, size_t,
    bool terminate, int unique_field);
/* Adds tag + 4-byte ref + id. */
void ks_add_ref(struct keyset *, uint8_t tag, uint32_t ref);
/* Sorts and removes duplicates. */
void ks_sort(struct keyset *);
/* Orders keys as LMDB does (bytes, then length). */
int ixkey_cmp(const struct ixkey *, const struct ixkey *);
/*
 * The keys of a record, sorted: made from its fields alone by the
 * record type's row in index.c, so that rec_put() can update them by
 * difference and `shouhu check` can recompute them.
 */
void rec_keys(const struct rec *, struct keyset *);
/* Adds a record's keys to ks (ks->id set), unsorted. */
void index_keys(const struct rec *, struct keyset *);

/* One index: its tag, the type whose records own its keys, its layout. */
struct index_def {
	uint8_t		 tag;
	enum rtype	 type;
	const char	*layout;	/* after the tag, for people */
	bool		 unique;	/* no two records share a value */
	const char	*label;		/* for people, N_(): what it finds */
};
/* The keys of the safeguarding records (schema-safe.c). */
void counsel_keys(const struct rec *, struct keyset *);
void plan_keys(const struct rec *, struct keyset *);
void goal_keys(const struct rec *, struct keyset *);
void review_keys(const struct rec *, struct keyset *);

extern const struct index_def index_defs[];
extern const size_t nindex_defs;
/* The type whose records own keys with this tag, or -1. */
int ix_tag_type(uint8_t tag);

#endif
