/*
 * cover.h -- the list row that a child's name keys carry.
 *
 * A search by name finds children through the index keys of their names
 * in characters (IX_CHILD_NAME, IX_CHILD_PART).  Those keys carry, as
 * their value, what a list shows of the child: the fields in COVER_FIELDS
 * and the first contact in call order (name, relation, first phone).  A
 * list of many children then reads one run of the index, instead of each
 * child, its links and a contact scattered over the file.
 *
 * The row is derived from the records, never edited.  rec_put() and
 * rec_del() note the children whose row a change may alter (the child; a
 * link's child, before and after; every child on a contact's card), and
 * the write transaction rewrites their rows just before it commits;
 * rec_reindex() writes every row as it builds the index; `check` compares
 * each stored row with the records.  An empty value is no row: the list
 * reads the records (a database written before rows were kept).
 */
#ifndef SHOUHU_COVER_H
#define SHOUHU_COVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rec.h"
#include "schema.h"

struct buf;
struct rec;
struct txn;

/*
 * The child's fields a row keeps (bit f for field f): those a text list
 * of children reads (view.h), so that a field added to the list is kept
 * without more ado.  A row kept with fewer is read as no row.
 */
uint64_t cover_fields(void);
#define COVER_BIT(f)	((uint64_t)1 << (f))

/* The row of child (a whole record) as stored, into out (emptied first). */
void cover_make(struct txn *, const struct rec *child, struct buf *out);
/* The row of child id read from the records; out empty when none. */
void cover_row_of(struct txn *, uint32_t id, struct buf *out);
/*
 * Notes that a change to record r (as stored before or after it) may
 * alter children's rows; they are rewritten before the commit.
 */
void cover_note(struct txn *, const struct rec *r);
/* Forgets the noted children (every row has just been written). */
void cover_forget(struct txn *);

/*
 * A row read back, in place: each value points into the stored row,
 * NUL-terminated, valid while the transaction lasts; NULL for a field
 * the row keeps empty or does not keep.  The one pass that checks the
 * row as text also measures each value: its length in bytes and its
 * width in display columns (as u_width() counts them), which a list
 * would otherwise work out again on every row.
 */
struct cover_row {
	const char	*v[REC_MAXFIELDS];	/* the child's fields */
	const char	*contact;
	const char	*relation;	/* a relation key, or "" */
	const char	*phone;
	uint64_t	 kept;		/* the fields kept (bit f) */
	uint32_t	 len[REC_MAXFIELDS];	/* of a kept field */
	int		 w[REC_MAXFIELDS];
	uint32_t	 contact_len, phone_len;
	int		 contact_w, phone_w;
	/*
	 * No control character in any value (C0, DEL, C1; tab and line
	 * breaks included): the row's text may be shown as it is.
	 */
	bool		 clean;
};
/*
 * Reads a stored row, checked as text (UTF-8, its values whole).
 * Returns 0, SH_ENOTFOUND when it does not keep every field of want
 * (read the records instead), or SH_ECORRUPT.
 */
int cover_read(const void *, size_t, uint64_t want, struct cover_row *);
/*
 * The same, the kept fields' values into v (indexed by field, as a
 * record's) rather than into the row's v: out->v is left as it was.
 */
int cover_read_to(const void *, size_t, uint64_t want, struct cover_row *,
    const char **v);
/* Whether a stored row keeps what this program's rows keep (check). */
bool cover_current(const void *, size_t);

/*
 * The rows a search came across, by child id (pointers into the pages):
 * kept in the order found, sorted by id at the first look-up.  A list
 * looks them up in the order of its ids, each found next to the last.
 */
struct covers {
	struct cover_at {
		uint32_t	 id;
		uint32_t	 n;
		const void	*p;
	}		*v;
	size_t		 n;
	size_t		 cap;
	size_t		 at;		/* next to the one found last */
	bool		 sorted;
};
/* Adds the row of child id; the first added for an id is the one kept. */
void covers_add(struct covers *, uint32_t id, const void *, size_t);
bool covers_get(struct covers *, uint32_t id, const void **, size_t *);
void covers_free(struct covers *);

#endif
