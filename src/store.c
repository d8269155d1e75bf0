/*
 * store.c -- see store.h.
 *
 * Map size.  The map is the largest the data file may grow to, and on a
 * 64-bit system the unused part costs nothing, so a new database starts
 * generous.  It is only ever set larger than what LMDB reports: a smaller
 * configured size would shrink a live map under other processes.  When a
 * write finds the map full, db_write() aborts, doubles the map and runs
 * the transaction again; other processes then get MDB_MAP_RESIZED when
 * they begin a transaction, and adopt the new size with a size of 0.
 *
 * Readers.  A reader process killed without closing keeps its slot (and
 * pins old pages, so the file grows) while anybody else has the
 * environment open; mdb_reader_check() frees such slots at open and
 * every minute of writing after that.
 *
 * Schema versions.  The metadata database holds "schema_version".  A new
 * database gets SCHEMA_VERSION.  An older one is brought up to date by the
 * steps in migrations[], all in one write transaction, so an interrupted
 * upgrade leaves the old version intact.  A newer one is refused, rather
 * than risking records this program cannot read.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "access.h"
#include "codec.h"
#include "dbfile.h"
#include "i18n.h"
#include "priv.h"
#include "store.h"
#include "util.h"

/* The named databases an environment may hold: room for more kinds. */
#define STORE_MAXDBS	32
_Static_assert(DBI__COUNT <= STORE_MAXDBS, "raise STORE_MAXDBS");

static const char *const dbi_names[DBI__COUNT] = {
	[DBI_META] = "meta",
	[DBI_SCHOOL] = "school",
	[DBI_STAFF] = "staff",
	[DBI_CHILD] = "child",
	[DBI_CONTACT] = "contact",
	[DBI_LINK] = "link",
	[DBI_PAIR] = "pair",
	[DBI_IX] = "ix",
	[DBI_DRAFT] = "draft",
	[DBI_OFFICIAL] = "official",
	[DBI_TREE] = "calltree",
	[DBI_NODE] = "callnode",
	[DBI_EDIT] = "treeedit",
	[DBI_DRILL] = "drill",
	[DBI_CALL] = "drillcall",
	[DBI_AUDIT] = "audit",
	[DBI_LOG] = "carelog",
	[DBI_SETTINGS] = "settings",
	[DBI_MEETING] = "meeting",
	[DBI_ATTEND] = "invitee",
	[DBI_INCIDENT] = "incident",
	[DBI_IACTION] = "incidentaction",
	[DBI_COUNSEL] = "counsel",
	[DBI_PLAN] = "plan",
	[DBI_GOAL] = "plangoal",
	[DBI_REVIEW] = "planreview",
	[DBI_AGREEMENT] = "agreement",
	[DBI_AID] = "aid",
};

#define MIB ((size_t)1 << 20)
#if SIZEOF_VOID_P >= 8
#define DEFAULT_MAPSIZE (1024 * MIB)
#define MAX_MAPSIZE ((size_t)1 << 40)
#else
#define DEFAULT_MAPSIZE (256 * MIB)
#define MAX_MAPSIZE (1536 * MIB)
#endif

/*
 * Steps from one schema version to the next, run in order inside one
 * write transaction.  A step from version N to N+1 is added here when
 * the stored form of a record changes.
 */
struct migration {
	uint32_t	 from;
	int		(*run)(struct txn *, char **);
};
static int
migrate_unversioned(struct txn *t, char **cause)
{
	/* Written before the version was kept: the same form as version 1. */
	return 0;
}

static const struct migration migrations[] = {
	{ 0, migrate_unversioned },
};

static int
map_mdb(int rc)
{
	switch (rc) {
	case 0:
		return SH_OK;
	case MDB_NOTFOUND:
		return SH_ENOTFOUND;
	case MDB_MAP_FULL:
	case ENOMEM:
		return SH_ENOSPACE;
	case ENOSPC:
	case EDQUOT:
	case EFBIG:
		return SH_EDISKFULL;
	case MDB_TXN_FULL:
	case MDB_CURSOR_FULL:
		return SH_ETOOBIG;
	case MDB_READERS_FULL:
		return SH_EBUSY;
	case MDB_CORRUPTED:
	case MDB_PAGE_NOTFOUND:
	case MDB_INVALID:
	case MDB_VERSION_MISMATCH:
		return SH_ECORRUPT;
	case MDB_BAD_TXN:
	case MDB_BAD_RSLOT:
	case MDB_BAD_DBI:
	case MDB_BAD_VALSIZE:
	case MDB_INCOMPATIBLE:
	case MDB_DBS_FULL:
	case MDB_TLS_FULL:
	case MDB_PANIC:
	case EINVAL:
		return SH_EBUG;
	case EACCES:
	case EPERM:
	case EROFS:
		return SH_EPERM;
	default:
		return SH_EDB;
	}
}

const char *
sh_strerror(int err)
{
	switch (err) {
	case SH_OK:
		return _("success");
	case SH_ENOTFOUND:
		return _("no such record");
	case SH_ECONFLICT:
		return _("someone else changed the record in the meantime");
	case SH_EINVAL:
		return _("invalid value");
	case SH_EDUP:
		return _("already used by another record");
	case SH_ECORRUPT:
		return _("the database is damaged");
	case SH_ENOSPACE:
		return _("the database is full and cannot grow");
	case SH_EPERM:
		return _("not allowed");
	case SH_EREF:
		return _("refers to a record that does not exist");
	case SH_EINUSE:
		return _("still in use by other records");
	case SH_EDISKFULL:
		return _("the disk is full: free some space and try again");
	case SH_ETOOBIG:
		return _("the change is too large for one transaction: make it "
		    "in smaller parts");
	case SH_EBUSY:
		return _("too many users have the database open");
	case SH_EBUG:
		return _("a program error (please report it)");
	case SH_ELOCKED:
		return _("another user is changing the database");
	case SH_EIO:
		return _("a file could not be read or written");
	case SH_EFOREIGN:
		return _("the database was made on a machine of another word "
		    "size");
	default:
		return _("database error");
	}
}

/* The message for an LMDB or system code, said for this database. */
static char *
mdb_message(struct db *db, int rc)
{
	unsigned int max = 0;

	switch (map_mdb(rc)) {
	case SH_EBUSY:
		if (db != NULL && db->env != NULL)
			mdb_env_get_maxreaders(db->env, &max);
		return xasprintf(P_("%u processes have the database open, the "
		    "most it allows: wait until some users leave",
		    "%u processes have the database open, the most it "
		    "allows: wait until some users leave", max), max);
	case SH_EDISKFULL:
	case SH_ETOOBIG:
	case SH_EBUG:
	case SH_ECORRUPT:
		return xasprintf("%s (%s)", sh_strerror(map_mdb(rc)),
		    mdb_strerror(rc));
	default:
		return xstrdup(mdb_strerror(rc));
	}
}

static void
db_fail(struct db *db, char **cause, int rc)
{
	char *m = mdb_message(db, rc);

	set_cause(cause, _("cannot open the database in %s: %s"), db->path, m);
	free(m);
}

char *
txn_strerror(const struct txn *t)
{
	char *m, *s;

	if (t->mdb_err == 0)
		return xstrdup(sh_strerror(t->err));
	m = mdb_message(t->db, t->mdb_err);
	if (map_mdb(t->mdb_err) == t->err && strstr(m, sh_strerror(t->err)))
		return m;
	s = xasprintf("%s: %s", sh_strerror(t->err), m);
	free(m);
	return s;
}

void
txn_fail(struct txn *t, int err)
{
	if (t->err == 0)
		t->err = err;
}

static void
txn_mdb_fail(struct txn *t, int rc)
{
	if (t->err == 0) {
		t->err = map_mdb(rc);
		t->mdb_err = rc;
	}
}

bool
db_exists(const char *dir)
{
	char *p = xasprintf("%s/data.mdb", dir);
	struct stat st;
	bool ok = lstat(p, &st) == 0;

	free(p);
	return ok;
}

/* Creates dir and missing parents, each with mode 0700. */
static int
mkdirs(const char *dir)
{
	char *p = xstrdup(dir), *s;
	int rc = 0;

	for (s = p + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		(void)mkdir(p, 0700);	/* the last mkdir says if it worked */
		*s = '/';
	}
	if (mkdir(p, 0700) != 0 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

static void
reader_check(struct db *db)
{
	int dead = 0;

	if (!db->nolock)
		mdb_reader_check(db->env, &dead);
	db->last_reader_check = (int64_t)time(NULL);
}

static bool
test_env(const char *name)
{
	const char *v = priv_getenv(name);	/* never while setgid */

	return v != NULL && *v != '\0' && strcmp(v, "0") != 0;
}

/*
 * A fault while reading the map kills the process: SIGBUS when the data
 * file was cut short behind our back, SIGSEGV when a damaged page sends
 * LMDB to a page that is not there (random bit flips).  The handler says
 * what happened and ends the process: LMDB's cursor and page state is
 * half-way through an operation, so jumping out of it into the program
 * (siglongjmp) would leave a transaction that cannot be safely used or
 * even aborted.  A file already cut short is refused before mapping
 * (dbfile_inspect()); this covers the file changed while in use and
 * damage inside pages.  The messages are made in advance, as a handler
 * may only write(2).  Where something else (a sanitizer) handles the
 * signals already, they are left to it.
 */
static char fault_msg[2][1024];
static size_t fault_len[2];

static void
on_fault(int sig)
{
	int i = sig == SIGSEGV;

	(void)!write(STDERR_FILENO, fault_msg[i], fault_len[i]);
	_exit(1);
}

static void
on_assert(MDB_env *env, const char *what)
{
	(void)env;
	(void)what;
	on_fault(SIGSEGV);
}

static void
fault_set(int i, const char *text)
{
	int n;

	n = snprintf(fault_msg[i], sizeof fault_msg[i], "\nshouhu: %s\n",
	    text);
	fault_len[i] = n > 0 && (size_t)n < sizeof fault_msg[i] ?
	    (size_t)n : 0;
}

void
db_fault_message(const char *text)
{
	fault_set(1, text);
}

static void
catch_faults(void)
{
	static const int sigs[2] = { SIGBUS, SIGSEGV };
	struct sigaction sa, old;
	int i;

	fault_set(0, _("the database file changed size while in use "
	    "(damaged or replaced): check it with \"shouhu check\" or "
	    "restore a backup"));
	fault_set(1, _("reading the database failed on a damaged page: "
	    "check it with \"shouhu check\" or restore a backup"));
	for (i = 0; i < 2; i++) {
		if (sigaction(sigs[i], NULL, &old) != 0 ||
		    old.sa_handler != SIG_DFL)
			continue;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_fault;
		sigemptyset(&sa.sa_mask);
		sigaction(sigs[i], &sa, NULL);
	}
}

/* Whether len bytes of address space can be had for a map. */
static bool
room_for(size_t len)
{
	struct rlimit rl;
	void *p;

	if (len == 0)
		return true;
	/* A 64-bit process without a limit has room for any map we ask. */
	if (sizeof(void *) >= 8 && getrlimit(RLIMIT_AS, &rl) == 0 &&
	    rl.rlim_cur == RLIM_INFINITY)
		return true;
	p = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS |
	    MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return false;
	munmap(p, len);
	return true;
}

static size_t
round_mib(uint64_t n)
{
	return (size_t)((n + MIB - 1) / MIB * MIB);
}

/*
 * The map size to open with: generous, as unused address space costs
 * nothing, but when the address space is limited (ulimit -v) no more
 * than the file with some room to grow; db_write() grows it on demand.
 * 0 with *cause when even the file does not fit.
 */
static size_t
initial_mapsize(const struct dbfile_info *fi, const struct db_opts *opts,
    bool fresh, const char *dir, char **cause)
{
	uint64_t need = fresh ? 0 : (fi->last_pg + 1) * fi->psize;
	size_t want = DEFAULT_MAPSIZE;

	if (fresh && opts->initial_mapsize > 0)
		want = opts->initial_mapsize;
	if (!fresh && fi->mapsize > want && fi->mapsize <= MAX_MAPSIZE)
		want = (size_t)fi->mapsize;
	if (need + need / 4 > want)
		want = round_mib(need + need / 4);
	if (room_for(want))
		return want;
	want = round_mib(need + (need / 4 > 16 * MIB ? need / 4 : 16 * MIB));
	if (room_for(want))
		return want;
	want = round_mib(need + MIB);
	if (room_for(want))
		return want;
	set_cause(cause, _("not enough memory (address space) to open the "
	    "database in %s: it needs at least %zu MB (see \"ulimit -v\")"),
	    dir, want / MIB + 8);
	return 0;
}

/*
 * Whether a reader must do without LMDB's lock file: it cannot be
 * written (read-only media, or another user's files).
 */
static bool
lock_unwritable(const char *dir)
{
	char *p = xasprintf("%s/lock.mdb", dir);
	bool no;

	if (access(p, W_OK) == 0)
		no = false;
	else if (access(p, F_OK) == 0)
		no = true;
	else
		no = access(dir, W_OK) != 0;
	free(p);
	return no;
}

/* Whether data.mdb or lock.mdb cannot be written (read-only media). */
static bool
files_unwritable(const char *dir)
{
	char *p = xasprintf("%s/data.mdb", dir);
	bool no = access(p, W_OK) != 0 || lock_unwritable(dir);

	free(p);
	return no;
}

static int
env_open(struct db *db, const char *path, unsigned flags, mode_t mode,
    size_t mapsize)
{
	int rc, fd;

	if ((rc = mdb_env_create(&db->env)) != 0) {
		db->env = NULL;
		return rc;
	}
	/* A damaged page trips LMDB's own checks: said as a fault is. */
	mdb_env_set_assert(db->env, on_assert);
	mdb_env_set_maxdbs(db->env, STORE_MAXDBS);
	mdb_env_set_maxreaders(db->env, 256);
	mdb_env_set_mapsize(db->env, mapsize);
	if (test_env("SHOUHU_TEST_NOSYNC"))
		flags |= MDB_NOSYNC;
	if ((rc = mdb_env_open(db->env, path, flags, mode)) != 0) {
		mdb_env_close(db->env);
		db->env = NULL;
		return rc;
	}
	/* No program this one starts (lp above all) inherits the data. */
	if (mdb_env_get_fd(db->env, &fd) == 0 && fd >= 0)
		(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	db->env_rdonly = (flags & MDB_RDONLY) != 0;
	db->nolock = (flags & MDB_NOLOCK) != 0;
	return 0;
}

/*
 * Opens every named database.  A missing one is created, unless the
 * environment is read-only: then 1 is returned (the caller opens it for
 * writing and tries again).  A database that has named databases but not
 * shouhu's metadata is not shouhu's.
 */
static int
open_dbis(struct db *db, uint64_t named, uint32_t *version, char **cause)
{
	struct txn tx;
	MDB_txn *t;
	int rc, i, missing = 0;

	rc = mdb_txn_begin(db->env, NULL, MDB_RDONLY, &t);
	if (rc == MDB_MAP_RESIZED) {
		mdb_env_set_mapsize(db->env, 0);
		rc = mdb_txn_begin(db->env, NULL, MDB_RDONLY, &t);
	}
	if (rc != 0)
		goto fail;
	for (i = 0; i < DBI__COUNT; i++) {
		rc = mdb_dbi_open(t, dbi_names[i], 0, &db->dbi[i]);
		if (rc == MDB_NOTFOUND) {
			if (i == DBI_META && named > 0) {
				mdb_txn_abort(t);
				set_cause(cause, _("the database in %s is "
				    "damaged (%s): restore a backup"),
				    db->path, _("it has no shouhu schema "
				    "record"));
				return SH_ECORRUPT;
			}
			missing = 1;
		} else if (rc != 0) {
			mdb_txn_abort(t);
			goto fail;
		}
	}
	/* The schema's version, read while the transaction is open. */
	if (!missing) {
		memset(&tx, 0, sizeof tx);
		tx.db = db;
		tx.t = t;
		*version = meta_u32(&tx, "schema_version");
	}
	/* Committing a read transaction keeps its handles open. */
	if ((rc = mdb_txn_commit(t)) != 0)
		goto fail;
	if (!missing)
		return 0;
	if (db->env_rdonly)
		return 1;

	rc = mdb_txn_begin(db->env, NULL, 0, &t);
	if (rc != 0)
		goto fail;
	for (i = 0; i < DBI__COUNT; i++) {
		rc = mdb_dbi_open(t, dbi_names[i], MDB_CREATE, &db->dbi[i]);
		if (rc != 0) {
			mdb_txn_abort(t);
			goto fail;
		}
	}
	if ((rc = mdb_txn_commit(t)) != 0)
		goto fail;
	return 0;
fail:
	db_fail(db, cause, rc);
	return map_mdb(rc);
}

struct schema_arg {
	uint32_t	version;
};

static int
schema_upgrade(struct txn *t, void *arg, char **cause)
{
	struct schema_arg *a = arg;
	uint32_t v = meta_u32(t, "schema_version");
	size_t i, records;
	int rc;

	a->version = v;
	if (v == SCHEMA_VERSION)
		return 0;
	if (v > SCHEMA_VERSION) {
		set_cause(cause, _("the database was made by a newer shouhu "
		    "(schema %u; this program knows up to %u): upgrade shouhu"),
		    v, SCHEMA_VERSION);
		return SH_EPERM;
	}
	records = kv_count(t, DBI_CHILD) + kv_count(t, DBI_SCHOOL);
	if (t->err != 0)
		return t->err;
	if (v == 0 && records == 0) {
		/* A new database: its creator is its first administrator. */
		meta_set_u32(t, "schema_version", SCHEMA_VERSION);
		access_set_first_admin(t, t->db->user);
		a->version = SCHEMA_VERSION;
		return t->err;
	}
	for (i = 0; i < nitems(migrations); i++) {
		if (migrations[i].from != v)
			continue;
		if ((rc = migrations[i].run(t, cause)) != 0)
			return rc;
		v++;
	}
	if (v != SCHEMA_VERSION) {
		set_cause(cause, _("cannot upgrade the database from schema "
		    "%u"), v);
		return SH_ECORRUPT;
	}
	meta_set_u32(t, "schema_version", v);
	a->version = v;
	return t->err;
}

static void
env_close(struct db *db)
{
	if (db->env != NULL)
		mdb_env_close(db->env);
	db->env = NULL;
}

static int
open_path(const char *dir, const struct db_opts *opts, bool file,
    struct db **out, char **cause)
{
	static const struct db_opts defaults;
	struct db *db;
	struct stat st;
	struct dbfile_info fi;
	struct schema_arg sa;
	mode_t old_mask = 0, mode;
	unsigned flags = 0;
	size_t mapsize;
	bool fresh, shared;
	char *data, *lockp;
	int rc;

	if (opts == NULL)
		opts = &defaults;
	*out = NULL;
	if (file) {
		fresh = false;
		data = xstrdup(dir);
		lockp = NULL;
	} else {
		fresh = !db_exists(dir);
		data = xasprintf("%s/data.mdb", dir);
		lockp = xasprintf("%s/lock.mdb", dir);
	}
	memset(&fi, 0, sizeof fi);
	rc = 0;
	if (fresh && !opts->create) {
		set_cause(cause, _("no database in %s (create one with "
		    "\"shouhu init\")"), dir);
		rc = SH_ENOTFOUND;
	} else if (fresh && mkdirs(dir) != 0) {
		set_cause(cause, _("cannot create %s: %s"), dir,
		    strerror(errno));
		rc = SH_EPERM;
	} else if (!file && (stat(dir, &st) != 0 ||
	    !S_ISDIR(st.st_mode))) {
		set_cause(cause, _("%s is not a directory"), dir);
		rc = SH_EINVAL;
	} else if (!fresh)
		rc = dbfile_inspect(data, lockp, dir, &fi, cause);
	free(data);
	free(lockp);
	if (rc != 0)
		return rc;
	if ((mapsize = initial_mapsize(&fi, opts, fresh, dir, cause)) == 0)
		return SH_ENOSPACE;

	db = xcalloc(1, sizeof *db);
	db->path = xstrdup(dir);
	db->readonly = opts->readonly || file || (opts->read_fallback &&
	    !fresh && files_unwritable(dir));
	db->created = fresh;
	db->user = xstrdup(login_name());
	db->wait_seconds = 30;
	/*
	 * Private to the user, unless an administrator made the directory
	 * group-writable for several logins (mode 2770): then the files are
	 * for that group too (every reader writes lock.mdb), never others.
	 */
	shared = !file && (st.st_mode & S_IWGRP) != 0;
	mode = shared ? 0660 : 0600;
	if (file)
		flags = MDB_NOSUBDIR | MDB_RDONLY | MDB_NOLOCK;
	else if (db->readonly && !fresh) {
		flags = MDB_RDONLY;
		if (lock_unwritable(dir))
			flags |= MDB_NOLOCK;
	}
	catch_faults();
again:
	if (shared)
		old_mask = umask(007);
	rc = env_open(db, dir, flags, mode, mapsize);
	if (rc == 0 && !db->env_rdonly &&
	    (db->lock = dblock_open(dir, mode, cause)) == NULL)
		rc = -1;
	if (shared)
		umask(old_mask);
	if (rc != 0) {
		if (rc != -1)
			db_fail(db, cause, rc);
		db_close(db);
		return rc == -1 ? SH_EPERM : map_mdb(rc);
	}
	reader_check(db);

	/* Only write when the version is not the one we know. */
	sa.version = 0;
	if ((rc = open_dbis(db, fi.named, &sa.version, cause)) < 0) {
		db_close(db);
		return rc;
	}
	if (rc == 1 || (sa.version != SCHEMA_VERSION && db->env_rdonly)) {
		/* Needs writing first: possible unless the lock file is not. */
		if (db->nolock || file) {
			set_cause(cause, _("the database in %s must be brought "
			    "up to date by a shouhu that can write to it"),
			    dir);
			db_close(db);
			return SH_EPERM;
		}
		env_close(db);
		flags = 0;
		goto again;
	}
	if (sa.version != SCHEMA_VERSION &&
	    (rc = db_write(db, schema_upgrade, &sa, cause)) != 0) {
		db_close(db);
		return rc;
	}
	*out = db;
	return 0;
}

int
db_open(const char *dir, const struct db_opts *opts, struct db **out,
    char **cause)
{
	return open_path(dir, opts, false, out, cause);
}

int
db_open_copy(const char *path, struct db **out, char **cause)
{
	return open_path(path, NULL, true, out, cause);
}

void
db_set_wait(struct db *db, int seconds,
    void (*notice)(const char *, void *), void *arg)
{
	db->wait_seconds = seconds > 0 ? seconds : 30;
	db->notice = notice;
	db->notice_arg = arg;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	env_close(db);
	dblock_close(db->lock);
	free(db->path);
	free(db->user);
	free(db);
}

const char *
db_dbi_name(enum dbi_id d)
{
	return dbi_names[d];
}

int
db_dbi_by_name(const char *name)
{
	int i;

	for (i = 0; i < DBI__COUNT; i++)
		if (strcmp(dbi_names[i], name) == 0)
			return i;
	return -1;
}

uint32_t
db_schema_version(struct db *db)
{
	struct txn t;
	uint32_t v = 0;

	if (txn_read(db, &t) == 0) {
		v = meta_u32(&t, "schema_version");
		txn_end(&t);
	}
	return v;
}

size_t
db_mapsize(struct db *db)
{
	MDB_envinfo info;

	mdb_env_info(db->env, &info);
	return info.me_mapsize;
}

int64_t
db_filesize(struct db *db)
{
	struct stat st;
	char *p = xasprintf("%s/data.mdb", db->path);
	int64_t size = -1;

	if (stat(p, &st) == 0)
		size = (int64_t)st.st_size;
	free(p);
	return size;
}

static int
begin(struct db *db, struct txn *t, unsigned flags)
{
	int rc, tries;

	memset(t, 0, sizeof *t);
	t->db = db;
	t->rw = !(flags & MDB_RDONLY);
	for (tries = 0; tries < 3; tries++) {
		rc = mdb_txn_begin(db->env, NULL, flags, &t->t);
		if (rc != MDB_MAP_RESIZED)
			break;
		/* Another process grew the map: adopt its size. */
		mdb_env_set_mapsize(db->env, 0);
	}
	if (rc != 0) {
		t->t = NULL;
		txn_mdb_fail(t, rc);
		return t->err;
	}
	return 0;
}

int
txn_read(struct db *db, struct txn *t)
{
	return begin(db, t, MDB_RDONLY);
}

void
txn_end(struct txn *t)
{
	if (t->t != NULL)
		mdb_txn_abort(t->t);
	t->t = NULL;
}

static int
grow(struct db *db, char **cause)
{
	MDB_envinfo info;
	size_t want, step;

	mdb_env_info(db->env, &info);
	if (info.me_mapsize >= MAX_MAPSIZE)
		return SH_ENOSPACE;
	/* Double it; with little address space left, a quarter more. */
	for (step = info.me_mapsize; step >= info.me_mapsize / 4; step /= 2) {
		want = info.me_mapsize + step;
		if (want > MAX_MAPSIZE)
			want = MAX_MAPSIZE;
		if (room_for(want - info.me_mapsize))
			break;
	}
	if (step < info.me_mapsize / 4) {
		set_cause(cause, _("not enough memory (address space) to grow "
		    "the database: it needs more than %zu MB (see \"ulimit "
		    "-v\")"), info.me_mapsize / MIB + info.me_mapsize / 4 / MIB);
		return SH_ENOSPACE;
	}
	if (mdb_env_set_mapsize(db->env, want) != 0)
		return SH_ENOSPACE;
	db->grows++;
	return 0;
}

static void
clear_cause(char **cause)
{
	if (cause != NULL) {
		free(*cause);
		*cause = NULL;
	}
}

int
db_write(struct db *db, write_fn fn, void *arg, char **cause)
{
	struct txn t;
	bool redo = test_env("SHOUHU_TEST_REDO");
	char *m;
	int rc;

	if (db->env_rdonly || db->lock == NULL) {
		set_cause(cause, _("the database in %s is open only for "
		    "reading"), db->path);
		return SH_EPERM;
	}
	if ((rc = dblock_take(db->lock, db->wait_seconds, db->notice,
	    db->notice_arg, cause)) != 0)
		return rc;
	if ((int64_t)time(NULL) - db->last_reader_check >= 60)
		reader_check(db);
	for (;;) {
		if ((rc = begin(db, &t, 0)) != 0) {
			m = txn_strerror(&t);
			set_cause(cause, _("cannot write to the database: %s"),
			    m);
			free(m);
			break;
		}
		rc = fn(&t, arg, cause);
		if (rc == 0 && t.err == 0 && t.finish != NULL)
			rc = t.finish(&t, cause);
		if (t.drop != NULL)
			t.drop(&t);
		if (t.mdb_err == MDB_MAP_FULL) {
			mdb_txn_abort(t.t);
			clear_cause(cause);
			if ((rc = grow(db, cause)) != 0)
				break;
			continue;
		}
		if (redo) {
			/* Tests: prove that fn can be run again. */
			mdb_txn_abort(t.t);
			clear_cause(cause);
			redo = false;
			continue;
		}
		if (rc == 0 && t.err != 0)
			rc = t.err;
		if (rc != 0) {
			mdb_txn_abort(t.t);
			if (cause != NULL && *cause == NULL) {
				m = txn_strerror(&t);
				set_cause(cause, "%s", m);
				free(m);
			}
			break;
		}
		rc = mdb_txn_commit(t.t);
		if (rc == MDB_MAP_FULL) {
			if ((rc = grow(db, cause)) != 0)
				break;
			continue;
		}
		if (rc != 0) {
			m = mdb_message(db, rc);
			set_cause(cause, _("cannot save: %s"), m);
			free(m);
			rc = map_mdb(rc);
		}
		break;
	}
	dblock_release(db->lock);
	if (rc == SH_ENOSPACE && cause != NULL && *cause == NULL)
		set_cause(cause, "%s", sh_strerror(SH_ENOSPACE));
	return rc;
}

int
kv_get(struct txn *t, enum dbi_id d, const void *key, size_t klen,
    MDB_val *val)
{
	MDB_val k = { klen, (void *)key };
	int rc;

	if (t->err != 0)
		return t->err;
	rc = mdb_get(t->t, t->db->dbi[d], &k, val);
	if (rc == MDB_NOTFOUND)
		return SH_ENOTFOUND;
	if (rc != 0) {
		txn_mdb_fail(t, rc);
		return t->err;
	}
	return 0;
}

static void
put_flags(struct txn *t, enum dbi_id d, const void *key, size_t klen,
    const void *val, size_t vlen, unsigned flags)
{
	MDB_val k = { klen, (void *)key }, v = { vlen, (void *)val };
	int rc;

	if (t->err != 0)
		return;
	if (!t->rw) {
		txn_fail(t, SH_EPERM);
		return;
	}
	rc = mdb_put(t->t, t->db->dbi[d], &k, &v, flags);
	/* Not after the last key: in its place, but never over another. */
	if (rc == MDB_KEYEXIST && (flags & MDB_APPEND))
		rc = mdb_put(t->t, t->db->dbi[d], &k, &v, MDB_NOOVERWRITE);
	if (rc == MDB_KEYEXIST)
		txn_fail(t, SH_ECORRUPT);
	else if (rc != 0)
		txn_mdb_fail(t, rc);
}

void
kv_put(struct txn *t, enum dbi_id d, const void *key, size_t klen,
    const void *val, size_t vlen)
{
	put_flags(t, d, key, klen, val, vlen, 0);
}

void
kv_append(struct txn *t, enum dbi_id d, const void *key, size_t klen,
    const void *val, size_t vlen)
{
	put_flags(t, d, key, klen, val, vlen, MDB_APPEND);
}

void
kv_del(struct txn *t, enum dbi_id d, const void *key, size_t klen)
{
	MDB_val k = { klen, (void *)key };
	int rc;

	if (t->err != 0)
		return;
	if (!t->rw) {
		txn_fail(t, SH_EPERM);
		return;
	}
	rc = mdb_del(t->t, t->db->dbi[d], &k, NULL);
	if (rc != 0 && rc != MDB_NOTFOUND)
		txn_mdb_fail(t, rc);
}

static bool
cursor_check(struct kv_cursor *c, int rc)
{
	if (rc == MDB_NOTFOUND)
		return false;
	if (rc != 0) {
		txn_mdb_fail(c->t, rc);
		return false;
	}
	if (c->plen > 0 && (c->key.mv_size < c->plen ||
	    !mem_same(c->key.mv_data, c->prefix, c->plen)))
		return false;
	return true;
}

bool
kv_first(struct txn *t, enum dbi_id d, const void *prefix, size_t plen,
    struct kv_cursor *c)
{
	int rc;

	memset(c, 0, sizeof *c);
	c->t = t;
	c->prefix = prefix;
	c->plen = plen;
	if (t->err != 0)
		return false;
	if ((rc = mdb_cursor_open(t->t, t->db->dbi[d], &c->c)) != 0) {
		c->c = NULL;
		txn_mdb_fail(t, rc);
		return false;
	}
	if (plen == 0)
		rc = mdb_cursor_get(c->c, &c->key, &c->val, MDB_FIRST);
	else {
		c->key.mv_data = (void *)prefix;
		c->key.mv_size = plen;
		rc = mdb_cursor_get(c->c, &c->key, &c->val, MDB_SET_RANGE);
	}
	return cursor_check(c, rc);
}

bool
kv_next(struct kv_cursor *c)
{
	if (c->c == NULL || c->t->err != 0)
		return false;
	return cursor_check(c, mdb_cursor_get(c->c, &c->key, &c->val,
	    MDB_NEXT));
}

void
kv_each_key(struct txn *t, enum dbi_id d, const void *prefix, size_t plen,
    void (*fn)(const unsigned char *key, size_t len, void *arg), void *arg)
{
	MDB_cursor *c;
	MDB_val k, v;
	int rc;

	if (t->err != 0)
		return;
	if ((rc = mdb_cursor_open(t->t, t->db->dbi[d], &c)) != 0) {
		txn_mdb_fail(t, rc);
		return;
	}
	k.mv_data = (void *)prefix;
	k.mv_size = plen;
	rc = mdb_cursor_get(c, &k, &v, plen > 0 ? MDB_SET_RANGE : MDB_FIRST);
	/* The values are not read: LMDB leaves them where they lie. */
	for (; rc == 0; rc = mdb_cursor_get(c, &k, NULL, MDB_NEXT)) {
		if (k.mv_size < plen || !mem_same(k.mv_data, prefix, plen))
			break;
		fn(k.mv_data, k.mv_size, arg);
	}
	if (rc != 0 && rc != MDB_NOTFOUND)
		txn_mdb_fail(t, rc);
	mdb_cursor_close(c);
}

void
kv_close(struct kv_cursor *c)
{
	if (c->c != NULL)
		mdb_cursor_close(c->c);
	c->c = NULL;
}

size_t
kv_count(struct txn *t, enum dbi_id d)
{
	MDB_stat st;
	int rc;

	if (t->err != 0)
		return 0;
	if ((rc = mdb_stat(t->t, t->db->dbi[d], &st)) != 0) {
		txn_mdb_fail(t, rc);
		return 0;
	}
	return st.ms_entries;
}

uint32_t
meta_u32(struct txn *t, const char *name)
{
	MDB_val v;

	if (kv_get(t, DBI_META, name, strlen(name), &v) != 0 ||
	    v.mv_size != 4)
		return 0;
	return get_u32be(v.mv_data);
}

void
meta_set_u32(struct txn *t, const char *name, uint32_t value)
{
	unsigned char b[4];

	put_u32be(b, value);
	kv_put(t, DBI_META, name, strlen(name), b, 4);
}
