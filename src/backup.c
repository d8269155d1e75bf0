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
 * Restoring builds the new data file in a directory made inside the
 * database directory (so that the final rename stays on one file
 * system), checks it, and renames it over data.mdb while holding LMDB's
 * own "is anybody here" lock on lock.mdb exclusively: every process that
 * has the environment open holds that byte shared, so taking it
 * exclusively proves nobody does, and keeps newcomers waiting until the
 * switch is done.  The first process to open the environment afterwards
 * rebuilds lock.mdb from the new file.
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

#include "backup.h"
#include "i18n.h"
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
	struct db_opts o = { true, false, 0 };
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

static int
copy_file(const char *from, int in, const char *to, char **cause)
{
	char b[65536];
	ssize_t n;
	int out, rc = 0;

	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (out == -1) {
		set_cause(cause, _("cannot write %s: %s"), to, strerror(errno));
		return SH_EIO;
	}
	while ((n = read(in, b, sizeof b)) > 0)
		if (write(out, b, (size_t)n) != n) {
			set_cause(cause, _("cannot write %s: %s"), to,
			    strerror(errno));
			rc = errno == ENOSPC ? SH_EDISKFULL : SH_EIO;
			break;
		}
	if (n < 0) {
		set_cause(cause, _("cannot read %s: %s"), from,
		    strerror(errno));
		rc = SH_EIO;
	}
	if (rc == 0 && fsync(out) != 0)
		rc = SH_EIO;
	close(out);
	return rc;
}

/* Takes LMDB's liveness lock exclusively; -1 with *cause when in use. */
static int
take_alone(const char *dir, char **cause)
{
	struct flock fl;
	char *p = xasprintf("%s/lock.mdb", dir);
	int fd;

	fd = open(p, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
	free(p);
	if (fd == -1 && errno == ENOENT)
		return -2;
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

int
db_restore(const char *dir, const char *file, struct restore_result *res,
    char **cause)
{
	char head[sizeof DUMP_MAGIC], *scratch = NULL, *data = NULL;
	char *target = xasprintf("%s/data.mdb", dir), stamp[32];
	struct stat st;
	struct tm tm;
	time_t now = time(NULL);
	FILE *f;
	int fd, alone = -2, rc = 0;

	memset(res, 0, sizeof *res);
	if ((fd = open(file, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		set_cause(cause, _("cannot read %s: %s"), file, fd == -1 ?
		    strerror(errno) : _("not a regular file"));
		if (fd != -1)
			close(fd);
		free(target);
		return SH_EIO;
	}
	memset(head, 0, sizeof head);
	res->portable = read(fd, head, sizeof head - 1) ==
	    (ssize_t)sizeof head - 1 && strcmp(head, DUMP_MAGIC) == 0;
	lseek(fd, 0, SEEK_SET);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		set_cause(cause, _("cannot create %s: %s"), dir,
		    strerror(errno));
		rc = SH_EPERM;
	} else if (res->portable) {
		if ((f = fdopen(fd, "r")) == NULL)
			rc = SH_EIO;
		else {
			fd = -1;
			scratch = load_scratch(dir, file, f, &res->stats,
			    cause);
			fclose(f);
			if (scratch == NULL)
				rc = SH_ECORRUPT;
		}
	} else {
		scratch = xasprintf("%s/.shouhu-restore-XXXXXX", dir);
		if (mkdtemp(scratch) == NULL) {
			set_cause(cause, _("cannot create a directory in %s: "
			    "%s"), dir, strerror(errno));
			free(scratch);
			scratch = NULL;
			rc = SH_EIO;
		} else {
			data = xasprintf("%s/data.mdb", scratch);
			if ((rc = copy_file(file, fd, data, cause)) == 0)
				rc = verify_file(data, file, &res->stats,
				    cause);
			free(data);
		}
	}
	if (fd != -1)
		close(fd);
	if (rc != 0)
		goto out;

	if ((alone = take_alone(dir, cause)) == -1) {
		rc = SH_EBUSY;
		goto out;
	}
	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	if (lstat(target, &st) == 0) {
		res->kept = xasprintf("%s.before-restore-%s", target, stamp);
		if (link(target, res->kept) != 0) {
			set_cause(cause, _("cannot keep the database as %s: "
			    "%s"), res->kept, strerror(errno));
			rc = SH_EIO;
			goto out;
		}
	}
	data = xasprintf("%s/data.mdb", scratch);
	/* In a directory shared by a group (mode 2770), for the group too. */
	if (stat(dir, &st) == 0 && (st.st_mode & S_IWGRP))
		(void)chmod(data, 0660);
	if (rename(data, target) != 0) {
		set_cause(cause, _("cannot write %s: %s"), target,
		    strerror(errno));
		rc = SH_EIO;
	}
	free(data);
	sync_dir(dir);
out:
	if (alone >= 0)
		close(alone);
	if (scratch != NULL) {
		remove_scratch(scratch);
		free(scratch);
	}
	if (rc != 0 && res->kept != NULL) {
		unlink(res->kept);
		free(res->kept);
		res->kept = NULL;
	}
	free(target);
	return rc;
}
