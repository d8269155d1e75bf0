/*
 * backup.c -- see backup.h.
 *
 * The portable dump is lines of text:
 *
 *	shouhu portable backup 1
 *	db NAME				(a named database follows)
 *	KEY VALUE			(each in hexadecimal; "-" for empty)
 *	end
 *
 * Restoring checks the copy (a dump is first loaded into a scratch
 * database made inside the database directory), then, holding LMDB's
 * own "is anybody here" lock on lock.mdb exclusively, replaces the
 * contents of the open database in one write transaction: every process
 * that has the environment open holds that byte shared, so taking it
 * exclusively proves nobody else does, and keeps newcomers waiting until
 * the switch is done.  The data file stays the same file, so that on a
 * township server it keeps its owner (root), which the program's users
 * could not give a file of their own.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "backup.h"
#include "i18n.h"
#include "priv.h"
#include "util.h"

#define DUMP_MAGIC "shouhu portable backup 1"

static void
no_problem(const char *msg, void *arg)
{
	(void)msg;
	(void)arg;
}

/* Checks an open database like `shouhu check`. */
static int
verify(struct db *db, const char *what, struct check_stats *st,
    char **cause)
{
	size_t n = db_check(db, no_problem, NULL, st);

	if (n == 0)
		return 0;
	set_cause(cause, P_("the copy %s has %zu problem: run \"shouhu "
	    "check\" on the database", "the copy %s has %zu problems: run "
	    "\"shouhu check\" on the database", n), what, n);
	return SH_ECORRUPT;
}

static int
verify_file(const char *path, const char *what, struct check_stats *st,
    char **cause)
{
	struct db *db;
	int rc;

	if ((rc = db_open_copy(path, &db, cause)) != 0)
		return rc;
	rc = verify(db, what, st, cause);
	db_close(db);
	return rc;
}

static char *
dir_of(const char *path)
{
	const char *s = strrchr(path, '/');

	if (s == NULL)
		return xstrdup(".");
	if (s == path)
		return xstrdup("/");
	return xasprintf("%.*s", (int)(s - path), path);
}

static void
sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd != -1) {
		(void)fsync(fd);
		close(fd);
	}
}

/* Removes a scratch directory and the database files in it. */
static void
remove_scratch(const char *dir)
{
	static const char *const names[] = { "data.mdb", "lock.mdb",
	    "write.lock" };
	char *p;
	size_t i;

	for (i = 0; i < nitems(names); i++) {
		p = xasprintf("%s/%s", dir, names[i]);
		unlink(p);
		free(p);
	}
	rmdir(dir);
}

static void
put_hex(FILE *f, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	if (n == 0)
		fputc('-', f);
	for (i = 0; i < n; i++)
		fprintf(f, "%02x", b[i]);
}

static int
dump(struct db *db, FILE *f, char **cause)
{
	struct txn t;
	struct kv_cursor c;
	bool ok;
	int d, rc;

	if ((rc = txn_read(db, &t)) != 0) {
		set_cause(cause, "%s", sh_strerror(rc));
		return rc;
	}
	fprintf(f, "%s\n", DUMP_MAGIC);
	for (d = 0; d < DBI__COUNT && t.err == 0; d++) {
		fprintf(f, "db %s\n", db_dbi_name(d));
		for (ok = kv_first(&t, d, NULL, 0, &c); ok; ok = kv_next(&c)) {
			put_hex(f, c.key.mv_data, c.key.mv_size);
			fputc(' ', f);
			put_hex(f, c.val.mv_data, c.val.mv_size);
			fputc('\n', f);
		}
		kv_close(&c);
	}
	fprintf(f, "end\n");
	rc = t.err;
	txn_end(&t);
	if (rc != 0)
		set_cause(cause, _("cannot read the database: %s"),
		    sh_strerror(rc));
	return rc;
}

/* Decodes hex text in place; -1 when it is not. */
static ssize_t
unhex(char *s, size_t n)
{
	size_t i;
	unsigned hi, lo;

	if (n == 1 && s[0] == '-')
		return 0;
	if (n % 2 != 0)
		return -1;
	for (i = 0; i < n; i += 2) {
		if (sscanf(s + i, "%1x%1x", &hi, &lo) != 2)
			return -1;
		s[i / 2] = (char)(hi << 4 | lo);
	}
	return (ssize_t)(n / 2);
}

struct load {
	FILE		*f;
	const char	*name;		/* the file, for messages */
};

static int
load_write(struct txn *t, void *arg, char **cause)
{
	struct load *l = arg;
	char *line = NULL, *sp;
	size_t cap = 0, lineno = 0;
	ssize_t len, kn, vn;
	int d = -1, rc = 0;
	bool end = false;

	rewind(l->f);
	while (!end && rc == 0 && (len = getline(&line, &cap, l->f)) != -1) {
		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (lineno == 1) {
			if (strcmp(line, DUMP_MAGIC) != 0)
				rc = SH_EINVAL;
		} else if (strncmp(line, "db ", 3) == 0) {
			if ((d = db_dbi_by_name(line + 3)) < 0)
				rc = SH_EINVAL;
		} else if (strcmp(line, "end") == 0)
			end = true;
		else if (d < 0 || (sp = strchr(line, ' ')) == NULL)
			rc = SH_EINVAL;
		else if ((kn = unhex(line, (size_t)(sp - line))) <= 0 ||
		    (vn = unhex(sp + 1, strlen(sp + 1))) < 0)
			rc = SH_EINVAL;
		else if (d == DBI_META)	/* the new database has some */
			kv_put(t, d, line, (size_t)kn, sp + 1, (size_t)vn);
		else
			kv_append(t, d, line, (size_t)kn, sp + 1, (size_t)vn);
		if (t->err != 0)
			rc = t->err;
	}
	free(line);
	if (rc == 0 && !end)
		rc = SH_EINVAL;
	if (rc == SH_EINVAL)
		set_cause(cause, _("%s: line %zu is not part of a portable "
		    "backup (cut short?)"), l->name, lineno);
	return rc;
}

/*
 * Makes a new database in a scratch directory from a portable dump, and
 * checks it.  Returns the scratch directory, or NULL with *cause.
 */
static char *
load_scratch(const char *where, const char *file, FILE *f,
    struct check_stats *st, char **cause)
{
	struct db_opts o = { .create = true };
	struct load l = { f, file };
	struct db *db;
	char *dir = xasprintf("%s/.shouhu-restore-XXXXXX", where);
	int rc;

	if (mkdtemp(dir) == NULL) {
		set_cause(cause, _("cannot create a directory in %s: %s"),
		    where, strerror(errno));
		free(dir);
		return NULL;
	}
	if ((rc = db_open(dir, &o, &db, cause)) == 0) {
		rc = db_write(db, load_write, &l, cause);
		if (rc == 0)
			rc = verify(db, file, st, cause);
		db_close(db);
	}
	if (rc != 0) {
		remove_scratch(dir);
		free(dir);
		return NULL;
	}
	return dir;
}

/* A path that may be replaced: missing, or a regular file of ours. */
static int
check_target(const char *path, char **cause)
{
	struct stat st;

	if (lstat(path, &st) != 0) {
		if (errno == ENOENT)
			return 0;
		set_cause(cause, _("cannot write %s: %s"), path,
		    strerror(errno));
		return SH_EIO;
	}
	if (!S_ISREG(st.st_mode) || st.st_uid != geteuid()) {
		set_cause(cause, _("cannot write %s: not a regular file of "
		    "yours"), path);
		return SH_EIO;
	}
	return 0;
}

int
db_backup(struct db *db, const char *path, bool portable,
    struct check_stats *st, char **cause)
{
	char *dir = dir_of(path), *tmp = xasprintf("%s.XXXXXX", path);
	char *scratch;
	FILE *f = NULL;
	int fd = -1, rc;

	if ((rc = check_target(path, cause)) != 0)
		goto out;
	if ((fd = mkstemp(tmp)) == -1) {
		set_cause(cause, _("cannot write %s: %s"), path,
		    strerror(errno));
		rc = SH_EIO;
		free(tmp);
		tmp = NULL;
		goto out;
	}
	(void)fchmod(fd, 0600);
	if (portable) {
		if ((f = fdopen(fd, "w+")) == NULL)
			rc = SH_EIO;
		else {
			fd = -1;
			rc = dump(db, f, cause);
			if (rc == 0 && (fflush(f) != 0 || ferror(f)))
				rc = SH_EIO;
		}
	} else if ((rc = mdb_env_copyfd2(db->env, fd, MDB_CP_COMPACT)) != 0) {
		set_cause(cause, _("cannot write %s: %s"), path,
		    mdb_strerror(rc));
		rc = rc == ENOSPC ? SH_EDISKFULL : SH_EIO;
	}
	if (rc == 0 && fsync(f != NULL ? fileno(f) : fd) != 0)
		rc = SH_EIO;
	if (rc == SH_EIO && (cause == NULL || *cause == NULL))
		set_cause(cause, _("cannot write %s: %s"), path,
		    strerror(errno));
	if (rc != 0)
		goto out;

	/* Read back what was written before calling it good. */
	if (portable) {
		if ((scratch = load_scratch(dir, path, f, st, cause)) == NULL)
			rc = SH_ECORRUPT;
		else {
			remove_scratch(scratch);
			free(scratch);
		}
	} else
		rc = verify_file(tmp, path, st, cause);
	if (rc == 0 && rename(tmp, path) != 0) {
		set_cause(cause, _("cannot write %s: %s"), path,
		    strerror(errno));
		rc = SH_EIO;
	}
	if (rc == 0)
		sync_dir(dir);
out:
	if (f != NULL)
		fclose(f);
	if (fd != -1)
		close(fd);
	if (rc != 0 && tmp != NULL)
		unlink(tmp);
	free(tmp);
	free(dir);
	return rc;
}

/*
 * Takes LMDB's liveness lock exclusively; -1 with *cause when in use.
 * The lock is the process's: the shared one this process holds as the
 * environment's opener becomes exclusive when nobody else holds it, and
 * goes when either descriptor is closed.
 */
static int
take_alone(const char *dir, char **cause)
{
	struct flock fl;
	char *p = xasprintf("%s/lock.mdb", dir);
	int fd;

	fd = open(p, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
	free(p);
	if (fd == -1) {
		set_cause(cause, _("cannot open the lock file in %s: %s"), dir,
		    strerror(errno));
		return -1;
	}
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	fl.l_len = 1;
	if (fcntl(fd, F_SETLK, &fl) != 0) {
		set_cause(cause, _("the database in %s is in use: ask everyone "
		    "to leave shouhu, then restore again"), dir);
		close(fd);
		return -1;
	}
	return fd;
}

/* Closes the copy and removes the scratch directory of a dump. */
static void
drop_copy(struct restore *r)
{
	db_close(r->copy);
	r->copy = NULL;
	if (r->scratch != NULL) {
		priv_raise();
		remove_scratch(r->scratch);
		priv_lower();
		free(r->scratch);
		r->scratch = NULL;
	}
}

int
restore_prepare(const char *dir, const char *file, struct restore *r,
    char **cause)
{
	char head[sizeof DUMP_MAGIC], *data;
	struct stat st;
	FILE *f;
	int fd, rc = 0;

	memset(r, 0, sizeof *r);
	r->alone = -1;
	/* The user's file, with the user's own rights. */
	priv_lower();
	if ((fd = open(file, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		set_cause(cause, _("cannot read %s: %s"), file, fd == -1 ?
		    strerror(errno) : _("not a regular file"));
		if (fd != -1)
			close(fd);
		return SH_EIO;
	}
	memset(head, 0, sizeof head);
	r->portable = read(fd, head, sizeof head - 1) ==
	    (ssize_t)sizeof head - 1 && strcmp(head, DUMP_MAGIC) == 0;
	if (!r->portable) {
		close(fd);
		if ((rc = db_open_copy(file, &r->copy, cause)) == 0)
			rc = verify(r->copy, file, &r->stats, cause);
		if (rc != 0)
			drop_copy(r);
		return rc;
	}
	lseek(fd, 0, SEEK_SET);
	if ((f = fdopen(fd, "r")) == NULL) {
		set_cause(cause, _("cannot read %s: %s"), file,
		    strerror(errno));
		close(fd);
		return SH_EIO;
	}
	/* A dump becomes a database beside the one it replaces. */
	priv_raise();
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		set_cause(cause, _("cannot create %s: %s"), dir,
		    strerror(errno));
		rc = SH_EPERM;
	} else if ((r->scratch = load_scratch(dir, file, f, &r->stats,
	    cause)) == NULL)
		rc = SH_ECORRUPT;
	else {
		data = xasprintf("%s/data.mdb", r->scratch);
		rc = db_open_copy(data, &r->copy, cause);
		free(data);
	}
	priv_lower();
	fclose(f);
	if (rc != 0)
		drop_copy(r);
	return rc;
}

/*
 * Writes a compacted copy of db to a new file, named base or, when that
 * is taken (two restores in one second), base-2 and on; *path gets it.
 */
static int
keep_copy(struct db *db, const char *base, mode_t mode, char **path,
    char **cause)
{
	int fd, n, rc;

	*path = xstrdup(base);
	for (n = 2; ; n++) {
		fd = open(*path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, mode);
		if (fd != -1 || errno != EEXIST || n > 99)
			break;
		free(*path);
		*path = xasprintf("%s-%d", base, n);
	}
	if (fd == -1) {
		set_cause(cause, _("cannot keep the database as %s: %s"),
		    *path, strerror(errno));
		rc = SH_EIO;
	} else {
		(void)fchmod(fd, mode);
		if ((rc = mdb_env_copyfd2(db->env, fd, MDB_CP_COMPACT)) != 0 ||
		    fsync(fd) != 0) {
			set_cause(cause, _("cannot keep the database as %s: "
			    "%s"), *path, rc != 0 ? mdb_strerror(rc) :
			    strerror(errno));
			rc = rc == ENOSPC || errno == ENOSPC ? SH_EDISKFULL :
			    SH_EIO;
			unlink(*path);
		}
		close(fd);
	}
	if (rc != 0) {
		free(*path);
		*path = NULL;
	}
	return rc;
}

struct switch_arg {
	struct restore	*r;
	const char	*from;		/* the file, as the audit trail names it */
};

static int
switch_write(struct txn *t, void *arg, char **cause)
{
	struct switch_arg *a = arg;
	struct restore *r = a->r;
	struct kv_cursor c;
	struct txn s;
	size_t had, has;
	char *what;
	bool ok;
	int d, rc;

	if ((rc = txn_read(r->copy, &s)) != 0) {
		set_cause(cause, "%s", sh_strerror(rc));
		return rc;
	}
	had = kv_count(t, DBI_AUDIT);
	has = kv_count(&s, DBI_AUDIT);
	r->newer = had > has ? had - has : 0;
	for (d = 0; d < DBI__COUNT && t->err == 0 && s.err == 0; d++) {
		if ((rc = mdb_drop(t->t, t->db->dbi[d], 0)) != 0) {
			t->mdb_err = rc;
			txn_fail(t, SH_EDB);
			break;
		}
		for (ok = kv_first(&s, d, NULL, 0, &c); ok && t->err == 0;
		    ok = kv_next(&c))
			kv_append(t, d, c.key.mv_data, c.key.mv_size,
			    c.val.mv_data, c.val.mv_size);
		kv_close(&c);
	}
	/* The copy's trail goes on, saying what it no longer holds. */
	if (r->kept != NULL)
		what = xasprintf(P_("restore of %s: %zu newer audit entry is "
		    "only in %s", "restore of %s: %zu newer audit entries are "
		    "only in %s", r->newer), a->from, r->newer,
		    strrchr(r->kept, '/') + 1);
	else
		what = xasprintf(_("restore of %s into a new database"),
		    a->from);
	audit_append(t, AUDIT_BACKUP, AUDIT_NOTYPE, 0, what);
	free(what);
	rc = t->err != 0 ? t->err : s.err;
	txn_end(&s);
	if (rc != 0 && (cause == NULL || *cause == NULL))
		set_cause(cause, _("cannot restore into %s: %s"), t->db->path,
		    sh_strerror(rc));
	return rc;
}

int
restore_switch(struct db *db, const char *file, struct restore *r,
    char **cause)
{
	struct switch_arg a = { r, NULL };
	char *from, *base, stamp[32];
	struct stat st, fst;
	mdb_filehandle_t fd;
	struct tm tm;
	time_t now = time(NULL);
	mode_t mode;
	int rc = 0;

	/* The database's own data file cannot be read while rewritten. */
	if (!r->portable && mdb_env_get_fd(db->env, &fd) == 0 &&
	    fstat(fd, &st) == 0 && stat(file, &fst) == 0 &&
	    st.st_dev == fst.st_dev && st.st_ino == fst.st_ino) {
		set_cause(cause, _("%s is the database itself"), file);
		drop_copy(r);
		return SH_EINVAL;
	}
	from = realpath(file, NULL);
	a.from = from != NULL ? from : file;
	priv_raise();
	if ((r->alone = take_alone(db->path, cause)) < 0) {
		r->alone = -1;
		rc = SH_EBUSY;
	} else if (!db->created) {
		localtime_r(&now, &tm);
		strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
		base = xasprintf("%s/data.mdb.before-restore-%s", db->path,
		    stamp);
		/* In a directory shared by a group (mode 2770), for it too. */
		mode = stat(db->path, &st) == 0 && (st.st_mode & S_IWGRP) ?
		    0660 : 0600;
		rc = keep_copy(db, base, mode, &r->kept, cause);
		free(base);
	}
	/* The database is open already: its files need no privilege. */
	priv_lower();
	if (rc == 0 && (rc = db_write(db, switch_write, &a, cause)) != 0 &&
	    r->kept != NULL) {
		priv_raise();
		unlink(r->kept);
		priv_lower();
		free(r->kept);
		r->kept = NULL;
	}
	if (rc == 0)
		sync_dir(db->path);
	drop_copy(r);
	free(from);
	return rc;
}

void
restore_end(struct restore *r)
{
	drop_copy(r);
	if (r->alone != -1)
		close(r->alone);
	r->alone = -1;
	free(r->kept);
	r->kept = NULL;
}
