/*
 * backup.h -- copies of the database: `shouhu backup` and `shouhu
 * restore`.
 *
 * A backup is either LMDB's compacting copy of the data file (the
 * default: small, quick, and itself a database that can be opened), or
 * a portable dump: plain text any build of shouhu can read back, whatever
 * its word size.  Every copy is checked like `shouhu check` before it is
 * called good, whether just written or about to be restored.
 */
#ifndef SHOUHU_BACKUP_H
#define SHOUHU_BACKUP_H

#include <stdbool.h>

#include "dbcheck.h"
#include "store.h"

/*
 * Writes a copy of db to path (mode 0600, through a temporary file
 * beside it; an existing regular file of this user is replaced, anything
 * else refused), checks it and only then puts it in place.  stats gets
 * the copy's figures.  Returns 0, or an SH_E* code with *cause set.
 */
int db_backup(struct db *db, const char *path, bool portable,
    struct check_stats *stats, char **cause);

struct restore {
	bool		 portable;	/* the copy was a portable dump */
	char		*scratch;	/* where a dump was loaded, or NULL */
	struct db	*copy;		/* the checked copy, read-only */
	int		 alone;		/* LMDB's lock on lock.mdb, or -1 */
	char		*kept;		/* where the replaced database is, or NULL */
	size_t		 newer;		/* audit entries it had beyond the copy's */
	struct check_stats stats;	/* the restored database's figures */
};

/*
 * The first half of `shouhu restore`: opens file (either kind) with the
 * user's own rights and checks it; a portable dump is loaded into a
 * scratch directory made inside dir (with the group's rights when held,
 * see priv.h).  Changes nothing else.  Returns 0, or an SH_E* code with
 * *cause set (r then needs no restore_end()).
 */
int restore_prepare(const char *dir, const char *file, struct restore *r,
    char **cause);
/*
 * Makes db (open for writing, the acting user known) a copy of what
 * restore_prepare() checked, from file (named in the audit trail).
 * Refuses while any other process has db open, and keeps that lock
 * until restore_end() so that nobody opens it meanwhile.  Keeps a
 * compacted copy of the replaced database beside it
 * (data.mdb.before-restore-DATE, unless db was created by this run),
 * then replaces everything in one write transaction, which also appends
 * an audit entry saying who restored what from which file, how many
 * audit entries only the kept copy holds and where it is: the chain goes
 * on from the copy's last entry.  Returns 0, or an SH_E* code with
 * *cause set, the database and its directory as they were.
 */
int restore_switch(struct db *db, const char *file, struct restore *r,
    char **cause);
/* Releases r; call after closing the database (the lock goes then). */
void restore_end(struct restore *r);

#endif
