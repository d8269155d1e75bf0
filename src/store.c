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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "codec.h"
#include "i18n.h"
#include "store.h"
#include "util.h"

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
		return SH_ENOSPACE;
	case MDB_CORRUPTED:
	case MDB_PAGE_NOTFOUND:
	case MDB_INVALID:
	case MDB_BAD_TXN:
		return SH_ECORRUPT;
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
	default:
		return _("database error");
	}
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
	bool ok = access(p, F_OK) == 0;

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

	mdb_reader_check(db->env, &dead);
	db->last_reader_check = (int64_t)time(NULL);
}

/* Opens every named database, creating the missing ones. */
static int
open_dbis(struct db *db, char **cause)
{
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
		if (rc == MDB_NOTFOUND)
			missing = 1;
		else if (rc != 0) {
			mdb_txn_abort(t);
			goto fail;
		}
	}
	/* Committing a read transaction keeps its handles open. */
	if ((rc = mdb_txn_commit(t)) != 0)
		goto fail;
	if (!missing)
		return 0;

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
	set_cause(cause, _("cannot open the database in %s: %s"), db->path,
	    mdb_strerror(rc));
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
	size_t i;
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
	if (v == 0 && kv_count(t, DBI_CHILD) == 0 &&
	    kv_count(t, DBI_SCHOOL) == 0) {
		/* A new database. */
		meta_set_u32(t, "schema_version", SCHEMA_VERSION);
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

int
db_open(const char *dir, const struct db_opts *opts, struct db **out,
    char **cause)
{
	static const struct db_opts defaults;
	struct db *db;
	struct stat st;
	MDB_envinfo info;
	struct schema_arg sa;
	struct txn t;
	mode_t old_mask = 0;
	bool fresh, shared;
	int rc;

	if (opts == NULL)
		opts = &defaults;
	*out = NULL;
	fresh = !db_exists(dir);
	if (fresh && !opts->create) {
		set_cause(cause, _("no database in %s (create one with "
		    "\"shouhu init\")"), dir);
		return SH_ENOTFOUND;
	}
	if (fresh && mkdirs(dir) != 0) {
		set_cause(cause, _("cannot create %s: %s"), dir,
		    strerror(errno));
		return SH_EPERM;
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		set_cause(cause, _("%s is not a directory"), dir);
		return SH_EINVAL;
	}

	db = xcalloc(1, sizeof *db);
	db->path = xstrdup(dir);
	db->readonly = opts->readonly;
	db->created = fresh;
	db->user = xstrdup(login_name());
	if ((rc = mdb_env_create(&db->env)) != 0)
		goto fail;
	mdb_env_set_maxdbs(db->env, 32);
	mdb_env_set_maxreaders(db->env, 256);
	if (fresh && opts->initial_mapsize > 0)
		mdb_env_set_mapsize(db->env, opts->initial_mapsize);
	/*
	 * Private to the user, unless an administrator made the directory
	 * group-writable for several logins (mode 2770): then the files are
	 * for that group too (every reader writes lock.mdb), never others.
	 */
	shared = (st.st_mode & S_IWGRP) != 0;
	if (shared)
		old_mask = umask(007);
	rc = mdb_env_open(db->env, dir, 0, shared ? 0660 : 0600);
	if (shared)
		umask(old_mask);
	if (rc != 0) {
		mdb_env_close(db->env);
		db->env = NULL;
		goto fail;
	}
	mdb_env_info(db->env, &info);
	if (!(fresh && opts->initial_mapsize > 0) &&
	    info.me_mapsize < DEFAULT_MAPSIZE)
		mdb_env_set_mapsize(db->env, DEFAULT_MAPSIZE);
	reader_check(db);

	if ((rc = open_dbis(db, cause)) != 0) {
		db_close(db);
		return rc;
	}

	/* Only write when the version is not the one we know. */
	if ((rc = txn_read(db, &t)) != 0) {
		set_cause(cause, "%s", sh_strerror(rc));
		db_close(db);
		return rc;
	}
	sa.version = meta_u32(&t, "schema_version");
	txn_end(&t);
	if (sa.version != SCHEMA_VERSION &&
	    (rc = db_write(db, schema_upgrade, &sa, cause)) != 0) {
		db_close(db);
		return rc;
	}
	*out = db;
	return 0;

fail:
	set_cause(cause, _("cannot open the database in %s: %s"), dir,
	    mdb_strerror(rc));
	db_close(db);
	return map_mdb(rc);
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	if (db->env != NULL)
		mdb_env_close(db->env);
	free(db->path);
	free(db->user);
	free(db);
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
grow(struct db *db)
{
	MDB_envinfo info;
	size_t want;

	mdb_env_info(db->env, &info);
	if (info.me_mapsize >= MAX_MAPSIZE)
		return SH_ENOSPACE;
	want = info.me_mapsize * 2;
	if (want > MAX_MAPSIZE)
		want = MAX_MAPSIZE;
	if (mdb_env_set_mapsize(db->env, want) != 0)
		return SH_ENOSPACE;
	db->grows++;
	return 0;
}

int
db_write(struct db *db, write_fn fn, void *arg, char **cause)
{
	struct txn t;
	int rc;

	if ((int64_t)time(NULL) - db->last_reader_check >= 60)
		reader_check(db);
	for (;;) {
		if ((rc = begin(db, &t, 0)) != 0) {
			set_cause(cause, _("cannot write to the database: %s"),
			    mdb_strerror(t.mdb_err));
			return rc;
		}
		rc = fn(&t, arg, cause);
		if (t.mdb_err == MDB_MAP_FULL) {
			mdb_txn_abort(t.t);
			if ((rc = grow(db)) != 0)
				break;
			if (cause != NULL) {
				free(*cause);
				*cause = NULL;
			}
			continue;
		}
		if (rc == 0 && t.err != 0)
			rc = t.err;
		if (rc != 0) {
			mdb_txn_abort(t.t);
			if (cause != NULL && *cause == NULL) {
				if (t.mdb_err != 0)
					set_cause(cause, "%s: %s",
					    sh_strerror(rc),
					    mdb_strerror(t.mdb_err));
				else
					set_cause(cause, "%s", sh_strerror(rc));
			}
			return rc;
		}
		rc = mdb_txn_commit(t.t);
		if (rc == MDB_MAP_FULL) {
			if ((rc = grow(db)) != 0)
				break;
			continue;
		}
		if (rc != 0) {
			set_cause(cause, _("cannot save: %s"), mdb_strerror(rc));
			return map_mdb(rc);
		}
		return 0;
	}
	set_cause(cause, "%s", sh_strerror(SH_ENOSPACE));
	return SH_ENOSPACE;
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
	    memcmp(c->key.mv_data, c->prefix, c->plen) != 0))
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

	if (t->err != 0 || mdb_stat(t->t, t->db->dbi[d], &st) != 0)
		return 0;
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
