/*
 * dbfile.h -- the files of a database directory looked at before LMDB
 * maps them, and the write lock taken before every write transaction.
 *
 * LMDB trusts its data file: a file cut short is mapped anyway and the
 * first read past its end kills the process (SIGBUS), an empty file is
 * taken for a new database, and a file from a machine of another word
 * size is "not an LMDB file".  dbfile_inspect() reads the two meta pages
 * itself, so that each of these gets a message a person can act on.
 */
#ifndef SHOUHU_DBFILE_H
#define SHOUHU_DBFILE_H

#include <stdbool.h>
#include <stdint.h>

struct dbfile_info {
	unsigned	 psize;		/* page size */
	int		 wordbits;	/* 32 or 64: the build that wrote it */
	uint64_t	 last_pg;	/* last page in use (newest meta) */
	uint64_t	 txnid;		/* newest committed transaction */
	uint64_t	 mapsize;	/* map size the last writer used */
	uint64_t	 named;		/* named databases (main DB entries) */
	int64_t		 size;		/* the file's size */
};

/*
 * Checks that path (a data file) and, when lockpath is not NULL and
 * exists, the lock file are regular files and not symbolic links, and
 * that the file's size agrees with its newest meta page.  dir names the
 * database in messages.  Returns 0, SH_ECORRUPT ("the database in DIR is
 * damaged: restore a backup") or SH_EFOREIGN (another word size, with
 * how to move it), with *cause set.
 */
int dbfile_inspect(const char *path, const char *lockpath, const char *dir,
    struct dbfile_info *, char **cause);

/* The same for the data file open as fd (left open), lock file aside. */
int dbfile_read(int fd, const char *dir, struct dbfile_info *, char **cause);

/*
 * The write lock: an fcntl lock on DIR/write.lock, which holds the
 * process id and login of its holder.  It is taken around every write
 * transaction, so that a writer stopped with Ctrl-Z makes others fail
 * after a while instead of waiting for LMDB's lock forever.
 */
struct dblock;
/* Opens (creating) the lock file; NULL with *cause when it cannot. */
struct dblock *dblock_open(const char *dir, int mode, char **cause);
/*
 * Takes the lock, waiting up to wait_seconds.  After one second
 * notice() (when not NULL) is told once who holds it.  Returns 0 or
 * SH_ELOCKED with *cause naming the holder.
 */
int dblock_take(struct dblock *, int wait_seconds,
    void (*notice)(const char *msg, void *arg), void *arg, char **cause);
void dblock_release(struct dblock *);
void dblock_close(struct dblock *);

#endif
