/*
 * rec.h -- records: in memory, encoded, stored, indexed.
 *
 * Every read and write of a record passes through this module, which is
 * where the acting user (db->user) is known and checked (rec.c:
 * rec_access()).
 *
 * Stored form (all integers varints unless said otherwise):
 *
 *	u8	format (1)
 *	u8	record type
 *	version, created (signed), updated (signed)
 *	bytes	created_by, updated_by (login names)
 *	count	then count times: u8 field tag, bytes value
 *
 * Field values are non-empty UTF-8 without NUL; empty fields are left
 * out; fields are written in the order of the schema table, so a record
 * has exactly one encoding.  Decoding checks every length against the
 * buffer, and rejects unknown, repeated or misordered tags, invalid
 * UTF-8 and trailing bytes.
 *
 * Indexes (index.h) are updated by rec_put() in the same transaction,
 * by difference between the old and the new record's keys.
 */
#ifndef SHOUHU_REC_H
#define SHOUHU_REC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "index.h"
#include "schema.h"
#include "store.h"
#include "util.h"

struct rec {
	const struct schema	*sc;
	uint32_t		 id;	/* 0 for a record not yet stored */
	uint32_t		 version; /* 0 for a record not yet stored */
	int64_t			 created;
	int64_t			 updated;
	char			*created_by;
	char			*updated_by;
	char			*v[REC_MAXFIELDS];
	/*
	 * A decoded record's values, NUL-terminated one after another in
	 * one block (one allocation, not one a field); a value set later
	 * is allocated alone.  Only rec.c looks at it.
	 */
	char			*block;
	size_t			 blocklen;
};

/* A new record with its fields' default values. */
struct rec *rec_new(enum rtype);
struct rec *rec_dup(const struct rec *);
void rec_free(struct rec *);
/* A field's value; "" when empty, never NULL. */
static inline const char *
rec_str(const struct rec *r, int f)
{
	return r->v[f] != NULL ? r->v[f] : "";
}

/* A reference field's id, 0 when empty. */
uint32_t rec_ref(const struct rec *, int field);
/* Sets a field to a value already in normal form (NULL or "" clears). */
void rec_set(struct rec *, int field, const char *value);
void rec_set_ref(struct rec *, int field, uint32_t id);
/* The record's title (its name), for messages. */
const char *rec_title(const struct rec *);

/*
 * Sets a field from input as typed.  On failure returns -1 and sets
 * *cause to "<label> "<input>": <reason>" (translated).
 */
int rec_input(struct rec *, int field, const char *input, char **cause);
/*
 * Validates a whole record: required fields, every value in normal form,
 * the rules between fields (which may fill derived fields).  Returns 0,
 * or -1 with *cause naming the field, and *field (when not NULL) set to
 * the first bad field.
 */
int rec_validate(struct rec *, int *field, char **cause);

void rec_encode(const struct rec *, struct buf *);
/* Returns 0 and a new record, or SH_ECORRUPT with *cause. */
int rec_decode(enum rtype, uint32_t id, const void *, size_t,
    struct rec **out, char **cause);

/* Reads a record; 0, SH_ENOTFOUND, SH_ECORRUPT or a storage error. */
int rec_get(struct txn *, enum rtype, uint32_t id, struct rec **out);
/*
 * Reads n fields of a stored record without decoding the rest (lists
 * read one or two fields of many records): v[i] points into the stored
 * bytes, valid until the transaction ends, not NUL-terminated, len[i]
 * its length (0: empty).  Returns 0, SH_ENOTFOUND, SH_ECORRUPT (which
 * also sets the transaction's sticky error) or a storage error.
 */
int rec_peek(struct txn *, enum rtype, uint32_t id, int n,
    const int *fields, const char **v, size_t *len);
/*
 * A cursor for reading many records of one type in one transaction (the
 * rows of a list): a record next to the one read before is found
 * without searching the tree from its root.  Close it before the
 * transaction ends.  A failure to open leaves it working as rec_peek().
 */
struct rec_cursor {
	struct txn	*t;
	enum rtype	 type;
	MDB_cursor	*c;
};
void rec_cursor_open(struct txn *, enum rtype, struct rec_cursor *);
void rec_cursor_close(struct rec_cursor *);
/*
 * A cursor kept on the index instead (type is RT__COUNT), and the ids
 * under a reference key (IX_CHILD_LINK, child) read through it: at most
 * max into ids; returns how many there are (more than max: call again
 * with room, or use ix_refs()).
 */
void rec_cursor_open_ix(struct txn *, struct rec_cursor *);
size_t rec_refs_at(struct rec_cursor *, uint8_t tag, uint32_t ref,
    uint32_t *ids, size_t max);
/* rec_peek() and rec_get() through a cursor. */
int rec_peek_at(struct rec_cursor *, uint32_t id, int n, const int *fields,
    const char **v, size_t *len);
/*
 * With fields (bit f for field f; ~0: all), a record of those fields
 * only, the others empty: a list decodes what it shows.
 */
int rec_get_at(struct rec_cursor *, uint32_t id, uint64_t fields,
    struct rec **out);
/* The same from a record's stored bytes; 0 or SH_ECORRUPT. */
int rec_peek_bytes(enum rtype, const void *p, size_t size, int n,
    const int *fields, const char **v, size_t *len);
bool rec_exists(struct txn *, enum rtype, uint32_t id);
/*
 * Stores a record: a new one when r->id is 0 (an id is assigned), else
 * an update, refused with SH_ECONFLICT when the stored version is not
 * r->version (someone saved in between; *cause says who and when).
 * Validates, checks references and unique values, updates the indexes,
 * and sets r's id, version, times and user.  Returns 0 or an SH_E* code
 * with *cause set; r is unchanged after a refusal, but not after a storage
 * error (a full map): a db_write() callback must start from a fresh copy
 * of a record it did not make itself.
 */
int rec_put(struct txn *, struct rec *, char **cause);
/*
 * Stores one record in a write transaction of its own (see rec_put).
 * Unlike rec_put, r is changed only when the transaction commits, so a
 * failed save can be corrected and tried again.
 */
int rec_save(struct db *, struct rec *r, char **cause);
/*
 * Deletes a record and its index keys.  expect_version 0 skips the
 * version check.  Does not look at other records that refer to it (the
 * callers in model.c do).
 */
int rec_del(struct txn *, enum rtype, uint32_t id, uint32_t expect_version,
    char **cause);

/*
 * Rebuilds the whole index from the records: empties DBI_IX, makes every
 * record's keys, sorts them and appends them, which fills the index's
 * pages completely.  Used after a bulk load (a transaction with
 * defer_index set skips index upkeep and unique checks in rec_put), to
 * repair an index, and by migrations that change the keys.  Refuses,
 * with SH_EDUP and *cause, when two records share a unique value.
 */
int rec_reindex(struct txn *, char **cause);

/* Iterates over all records of a type in id order. */
struct rec_iter {
	struct kv_cursor	 c;
	bool			 ok;
	enum rtype		 type;
	int			 err;	/* SH_ECORRUPT after a bad record */
};
/* Returns the next record (caller frees), or NULL at the end. */
struct rec *rec_iter_next(struct rec_iter *);
void rec_iter_start(struct txn *, enum rtype, struct rec_iter *);
void rec_iter_end(struct rec_iter *);

#endif
