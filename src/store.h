/*
 * store.h -- the LMDB environment, transactions and raw key/value access.
 *
 * One environment per database directory, with one named database per
 * record type, one for all indexes and one for metadata.  Several
 * processes (several teachers over SSH) may have the same database open:
 * LMDB allows one writer at a time, so every transaction here is short
 * and none is ever held while waiting for a person.
 *
 * Write transactions are run through db_write() with a callback, because
 * LMDB's answer to a full map is to abort the transaction: db_write()
 * then doubles the map and runs the callback again from the start.  The
 * callback must therefore not change anything outside the transaction
 * except through its argument, which it must reset at its start.
 *
 * A transaction carries a sticky error: after the first failing
 * operation every later put or delete does nothing, and the transaction
 * is aborted instead of committed.
 */
#ifndef SHOUHU_STORE_H
#define SHOUHU_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <lmdb.h>

struct dblock;

/* Error codes of the core; 0 is success. */
enum {
	SH_OK = 0,
	SH_ENOTFOUND = -1,	/* no such record */
	SH_ECONFLICT = -2,	/* someone else saved the record in between */
	SH_EINVAL = -3,		/* a value failed validation */
	SH_EDUP = -4,		/* a unique value is already used */
	SH_ECORRUPT = -5,	/* stored bytes do not decode */
	SH_ENOSPACE = -6,	/* the database cannot grow */
	SH_EPERM = -7,		/* not allowed for this user */
	SH_EDB = -8,		/* any other storage error */
	SH_EREF = -9,		/* a reference to a missing record */
	SH_EINUSE = -10,	/* still referenced by other records */
	SH_EDISKFULL = -11,	/* the disk is full */
	SH_ETOOBIG = -12,	/* too large a change for one transaction */
	SH_EBUSY = -13,		/* too many processes have the database open */
	SH_EBUG = -14,		/* the program misused LMDB */
	SH_ELOCKED = -15,	/* another writer held the lock too long */
	SH_EIO = -16,		/* a file (not the database) failed */
	SH_EFOREIGN = -17	/* a database of another word size */
};

/* The named databases.  Record types use the DBI of their schema. */
enum dbi_id {
	DBI_META,
	DBI_SCHOOL,
	DBI_STAFF,
	DBI_CHILD,
	DBI_CONTACT,
	DBI_LINK,
	DBI_PAIR,
	DBI_IX,
	DBI_DRAFT,
	DBI_OFFICIAL,
	DBI_TREE,
	DBI_NODE,
	DBI_EDIT,
	DBI_DRILL,
	DBI_CALL,
	DBI_AUDIT,	/* the audit trail: see audit.h */
	DBI_LOG,	/* the care log: see care.h */
	DBI_SETTINGS,
	DBI_MEETING,
	DBI_ATTEND,
	DBI_INCIDENT,
	DBI_IACTION,
	DBI_COUNSEL,
	DBI_PLAN,
	DBI_GOAL,
	DBI_REVIEW,
	DBI_AGREEMENT,
	DBI_AID,
	DBI__COUNT
};

/* The schema version this program writes; see store.c for migrations. */
#define SCHEMA_VERSION 1

struct db_opts {
	bool	 create;	/* create the database when missing */
	/*
	 * Refuse every write (through rec.c), and open the environment
	 * read-only: a database on read-only media, or whose lock file
	 * cannot be written, is then read without LMDB's locks.
	 */
	bool	 readonly;
	size_t	 initial_mapsize; /* for a new database only; 0: default */
	/*
	 * Open read-only (as with readonly) when the files cannot be
	 * written, instead of failing: for commands that only read but
	 * write an audit entry when they can.
	 */
	bool	 read_fallback;
};

struct db {
	MDB_env		*env;
	MDB_dbi		 dbi[DBI__COUNT];
	char		*path;
	bool		 readonly;
	bool		 created;	/* this open created the database */
	char		*user;		/* the acting user's login name */
	unsigned	 grows;		/* times the map was grown */
	int64_t		 last_reader_check;
	bool		 env_rdonly;	/* the environment is MDB_RDONLY */
	bool		 nolock;	/* ... and without LMDB's lock file */
	struct dblock	*lock;		/* the write lock; NULL when read-only */
	int		 wait_seconds;
	void		(*notice)(const char *, void *);
	void		*notice_arg;
};

struct txn {
	struct db	*db;
	MDB_txn		*t;
	bool		 rw;
	bool		 defer_index;	/* bulk loading: see rec_reindex() */
	int		 err;		/* sticky SH_E* error */
	int		 mdb_err;	/* the LMDB code behind err */
	/*
	 * Work a writer leaves for the end of the transaction: db_write()
	 * runs finish once the callback has succeeded, just before the
	 * commit, and always calls drop (when set) before the transaction
	 * ends, committed or not.  See cover.h.
	 */
	int		(*finish)(struct txn *, char **cause);
	void		(*drop)(struct txn *);
	void		*pending;
};

/*
 * Opens (or with opts->create creates, mode 0700) the database in
 * directory dir.  Before LMDB maps the data file, checks that it and the
 * lock file are regular files and that the file agrees with its meta
 * pages (see dbfile.h).  Clears stale reader slots, checks the schema
 * version and runs migrations.  Returns 0, or an SH_E* code with *cause
 * set.
 *
 * For tests only, two environment variables: SHOUHU_TEST_NOSYNC=1 opens
 * without fsync; SHOUHU_TEST_REDO=1 makes db_write() run every callback,
 * abort, and run it again before committing.
 */
int db_open(const char *dir, const struct db_opts *opts, struct db **out,
    char **cause);
/*
 * Opens a single data file (a backup copy) for reading, without a lock
 * file; the same checks as db_open().
 */
int db_open_copy(const char *path, struct db **out, char **cause);
/*
 * How long db_write() waits for another writer (default 30 seconds), and
 * a function told once, after a second, who that is (may be NULL).
 */
void db_set_wait(struct db *, int seconds,
    void (*notice)(const char *msg, void *arg), void *arg);
void db_close(struct db *);
/*
 * What the process says, before it ends with exit status 1, when reading
 * meets a damaged page (a fault, or LMDB's own checks failing); set after
 * db_open(), which puts the usual words.  A file cut short while in use
 * keeps its own message.
 */
void db_fault_message(const char *text);
/* True when the directory holds a database. */
bool db_exists(const char *dir);
/* The name of a named database, and the reverse (-1: none). */
const char *db_dbi_name(enum dbi_id);
int db_dbi_by_name(const char *);
/* The schema version stored in the database. */
uint32_t db_schema_version(struct db *);
/* The current map size in bytes, and the size of the data file. */
size_t db_mapsize(struct db *);
int64_t db_filesize(struct db *);

/* Begins a read transaction (following other processes' map growth). */
int txn_read(struct db *, struct txn *);
/* Ends a read transaction. */
void txn_end(struct txn *);

typedef int (*write_fn)(struct txn *, void *arg, char **cause);
/*
 * Runs fn in a write transaction and commits it.  Takes the write lock
 * first (waiting for another writer: see db_set_wait()).  On
 * MDB_MAP_FULL the transaction is aborted, the map doubled and fn run
 * again.  fn returns 0 to commit or an SH_E* code (with *cause set) to
 * abort.  Returns 0 or the error, with *cause set.
 */
int db_write(struct db *, write_fn fn, void *arg, char **cause);

/* Reads a value: 0, or SH_ENOTFOUND (not sticky), or a sticky error. */
int kv_get(struct txn *, enum dbi_id, const void *key, size_t klen,
    MDB_val *val);
void kv_put(struct txn *, enum dbi_id, const void *key, size_t klen,
    const void *val, size_t vlen);
/*
 * Puts a key that sorts after every key in the database (new records:
 * ids only grow), filling pages completely.  A key that is already there
 * is never overwritten: that fails the transaction with SH_ECORRUPT (the
 * next record number is behind the records).
 */
void kv_append(struct txn *, enum dbi_id, const void *key, size_t klen,
    const void *val, size_t vlen);
/* Deletes a key; a missing key is not an error. */
void kv_del(struct txn *, enum dbi_id, const void *key, size_t klen);

/*
 * Iterates over the keys starting with a prefix (all keys when plen is
 * 0), in byte order.  Always kv_close() the cursor, also after breaking
 * out of a loop early.
 *
 *	struct kv_cursor c;
 *	for (ok = kv_first(t, DBI_IX, p, n, &c); ok; ok = kv_next(&c))
 *		... c.key, c.val ...
 *	kv_close(&c);
 */
struct kv_cursor {
	struct txn	*t;
	MDB_cursor	*c;
	const void	*prefix;
	size_t		 plen;
	MDB_val		 key;
	MDB_val		 val;
};
bool kv_first(struct txn *, enum dbi_id, const void *prefix, size_t plen,
    struct kv_cursor *);
bool kv_next(struct kv_cursor *);
/*
 * Calls fn with each key under prefix, in order: a scan of many keys
 * alone, without kv_next()'s work at each.  A failure is the sticky
 * error.
 */
void kv_each_key(struct txn *, enum dbi_id, const void *prefix,
    size_t plen, void (*fn)(const unsigned char *key, size_t len,
    void *arg), void *arg);
void kv_close(struct kv_cursor *);
/* Number of entries in a named database; failing, 0 and a sticky error. */
size_t kv_count(struct txn *, enum dbi_id);

/* Small integers kept in the metadata database. */
uint32_t meta_u32(struct txn *, const char *name);
void meta_set_u32(struct txn *, const char *name, uint32_t);

/* Marks the transaction failed (sticky) with an SH_E* code. */
void txn_fail(struct txn *, int err);
/* A translated message for an SH_E* code. */
const char *sh_strerror(int err);
/*
 * A translated message for the error that failed a transaction: its
 * SH_E* code said in words, with LMDB's or the system's own message for
 * the code behind it.  Free it.
 */
char *txn_strerror(const struct txn *);

#endif
