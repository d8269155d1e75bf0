/*
 * ixload.h -- the index of a bulk load, built in key order.
 *
 * A transaction that adds many records to an empty database (an import)
 * writes them with defer_index set, so that rec_put() keeps no index
 * (rec.h), and hands each record it wrote to ixload_add().  The keys
 * are sorted in runs of two megabytes spilled to a private temporary
 * file; ixload_finish() merges the runs and appends the keys to the
 * index in order, which fills its pages: the index is about a third
 * smaller than one grown key by key, and so are the pages the
 * transaction holds in memory until it commits.  The memory the load
 * takes itself stays at one run, however many records.
 */
#ifndef SHOUHU_IXLOAD_H
#define SHOUHU_IXLOAD_H

#include "rec.h"
#include "store.h"

struct ixload;

/*
 * A new, empty load whose keys are sorted run_bytes at a time (0: two
 * megabytes); NULL with *cause when no temporary file is had.
 */
struct ixload *ixload_new(size_t run_bytes, char **cause);
/* Starts again, for a transaction run again: every key forgotten. */
void ixload_reset(struct ixload *);
/* The keys of a record just written with defer_index set. */
void ixload_add(struct ixload *, const struct rec *);
/*
 * Appends every key to the index, in order: 0, or SH_EDUP with *cause
 * when two records share a value that must be unique, or another SH_E*
 * code.  Keys already in the index (records that were there before the
 * load) stay; a key of the load that sorts before them goes in its
 * place.  A child's name keys get its list row (cover.h), made from the
 * records as they are: every child of the load must have been written,
 * and the transaction's noted rows are taken as written.
 */
int ixload_finish(struct txn *, struct ixload *, char **cause);
void ixload_free(struct ixload *);

#endif
