/*
 * dbcheck.h -- the integrity check behind `shouhu check`: every record
 * decodes and validates, every reference points to a record, every index
 * key a record needs is there and no other key is.
 */
#ifndef SHOUHU_DBCHECK_H
#define SHOUHU_DBCHECK_H

#include <stddef.h>

#include "store.h"

struct check_stats {
	size_t	records[16];	/* per record type */
	size_t	index_keys;
	size_t	problems;
};

/*
 * Checks the whole database in one read transaction, calling problem()
 * with a translated one-line message for each inconsistency.  Returns the
 * number of problems.
 */
size_t db_check(struct db *, void (*problem)(const char *msg, void *arg),
    void *arg, struct check_stats *stats);

#endif
