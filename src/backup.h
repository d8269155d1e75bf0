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

struct restore_result {
	bool		 portable;	/* the copy was a portable dump */
	char		*kept;		/* where the replaced data file is, or NULL */
	struct check_stats stats;	/* the restored database's figures */
};

/*
 * Makes the database in dir a copy of file (either kind).  Checks the
 * copy first; refuses while any process has the database in dir open;
 * keeps the replaced data file beside it (data.mdb.before-restore-DATE)
 * and switches with one rename.  Returns 0, or an SH_E* code with *cause
 * set.  Free res->kept.
 */
int db_restore(const char *dir, const char *file, struct restore_result *res,
    char **cause);

#endif
