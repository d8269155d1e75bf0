/*
 * dbcheck.h -- the integrity check behind `shouhu check`: every record
 * decodes and validates, every reference points to a record, every index
 * key a record needs is there and no other key is.
 */
#ifndef SHOUHU_DBCHECK_H
#define SHOUHU_DBCHECK_H

#include <stddef.h>

#include "schema.h"
#include "store.h"

struct check_stats {
	size_t	records[RT__COUNT];	/* per record type */
	size_t	index_keys;
	size_t	problems;
	/*
	 * Children's list rows kept by an older program (cover.h): not a
	 * problem, but lists read the records for them until `check
	 * --repair` writes them again.
	 */
	size_t	older_rows;
};

/*
 * Checks the whole database in one read transaction, calling problem()
 * with a translated one-line message for each inconsistency: the data
 * file against its meta pages, each B-tree's entries against its count
 * and its pages against the file, then the records and the index.
 * Returns the number of problems.
 */
size_t db_check(struct db *, void (*problem)(const char *msg, void *arg),
    void *arg, struct check_stats *stats);
/* "school 2, child 300, ...; index entries 9304", translated.  Free it. */
char *check_stats_line(const struct check_stats *);

/* What db_repair() changed, per kind of index key. */
struct repair_stats {
	size_t	added[256];	/* keys the records call for that were missing */
	size_t	removed[256];	/* keys no record calls for */
	size_t	total_added, total_removed;
};
/*
 * Rebuilds every index from the records in one write transaction.
 * Returns 0, or an SH_E* code with *cause set (two records sharing a
 * value that must be unique, a record that cannot be read).
 */
int db_repair(struct db *, struct repair_stats *, char **cause);
/* The words for the index keys with a tag. */
const char *ix_tag_label(unsigned tag);

#endif
