/*
 * outfile.c -- writing a file a user names, without ever damaging what
 * was there (see outfile.h).
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "outfile.h"
#include "util.h"

struct outfile {
	char	*path;		/* NULL: standard output */
	char	*tmp;		/* the temporary file beside path */
	FILE	*f;
};

/*
 * Whether an existing path may be replaced: 1 a regular file of ours
 * (st filled), 0 nothing there, -1 with *cause.
 */
static int
examine(const char *path, struct stat *st, char **cause)
{
	if (lstat(path, st) != 0) {
		if (errno == ENOENT)
			return 0;
		set_cause(cause, _("cannot write %s: %s"), path,
		    strerror(errno));
		return -1;
	}
	if (S_ISLNK(st->st_mode)) {
		set_cause(cause, _("cannot write %s: it is a symbolic link"),
		    path);
		return -1;
	}
	if (S_ISDIR(st->st_mode)) {
		set_cause(cause, _("cannot write %s: it is a directory"), path);
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		set_cause(cause, _("cannot write %s: it is a device or a pipe, "
		    "not a file"), path);
		return -1;
	}
	if (st->st_uid != geteuid()) {
		set_cause(cause, _("cannot write %s: it belongs to another "
		    "user"), path);
		return -1;
	}
	return 1;
}

int
outfile_exists(const char *path, long long *size, long long *mtime,
    char **cause)
{
	struct stat st;
	int rc = examine(path, &st, cause);

	if (rc == 1) {
		if (size != NULL)
			*size = (long long)st.st_size;
		if (mtime != NULL)
			*mtime = (long long)st.st_mtime;
	}
	return rc;
}

struct outfile *
outfile_open(const char *path, unsigned flags, char **cause)
{
	struct outfile *o;
	struct stat st;
	const char *slash, *base;
	char when[17];
	int fd, rc;

	o = xcalloc(1, sizeof *o);
	if (path == NULL || strcmp(path, "-") == 0) {
		o->f = stdout;
		return o;
	}
	if ((rc = examine(path, &st, cause)) < 0)
		goto fail;
	if (rc == 1 && (flags & OUTFILE_NOCLOBBER)) {
		time_format((int64_t)st.st_mtime, when);
		set_cause(cause, _("%s exists (%lld bytes, %s): use --force to "
		    "replace it"), path, (long long)st.st_size, when);
		goto fail;
	}
	o->path = xstrdup(path);
	slash = strrchr(path, '/');
	base = slash != NULL ? slash + 1 : path;
	if (*base == '\0') {
		set_cause(cause, _("cannot write %s: it is a directory"), path);
		goto fail;
	}
	o->tmp = xasprintf("%.*s.%s.XXXXXX",
	    slash != NULL ? (int)(slash - path + 1) : 0, path, base);
	if ((fd = mkstemp(o->tmp)) < 0) {
		set_cause(cause, _("cannot write %s: %s"), path,
		    strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		goto fail;
	}
	if ((o->f = fdopen(fd, "w")) == NULL) {
		set_cause(cause, _("cannot write %s: %s"), path,
		    strerror(errno));
		close(fd);
		goto fail;
	}
	return o;
fail:
	outfile_abort(o);
	return NULL;
}

FILE *
outfile_stream(struct outfile *o)
{
	return o->f;
}

const char *
outfile_path(const struct outfile *o)
{
	return o->path != NULL ? o->path : "-";
}

int
outfile_commit(struct outfile *o, char **cause)
{
	struct stat st;
	int rc = -1;

	if (o->path == NULL) {
		if (fflush(stdout) != 0 || ferror(stdout))
			set_cause(cause, _("cannot write the output: %s"),
			    strerror(errno));
		else
			rc = 0;
		free(o);
		return rc;
	}
	if (fflush(o->f) != 0 || ferror(o->f) || fsync(fileno(o->f)) != 0) {
		set_cause(cause, _("cannot write %s: %s"), o->path,
		    strerror(errno));
		goto out;
	}
	if (fclose(o->f) != 0) {
		o->f = NULL;
		set_cause(cause, _("cannot write %s: %s"), o->path,
		    strerror(errno));
		goto out;
	}
	o->f = NULL;
	/* What is there now, not what was there when we started. */
	if (examine(o->path, &st, cause) < 0)
		goto out;
	if (rename(o->tmp, o->path) != 0) {
		set_cause(cause, _("cannot write %s: %s"), o->path,
		    strerror(errno));
		goto out;
	}
	free(o->tmp);
	o->tmp = NULL;
	rc = 0;
out:
	outfile_abort(o);
	return rc;
}

void
outfile_abort(struct outfile *o)
{
	if (o == NULL)
		return;
	if (o->f != NULL && o->f != stdout)
		fclose(o->f);
	if (o->tmp != NULL)
		unlink(o->tmp);
	free(o->tmp);
	free(o->path);
	free(o);
}

FILE *
tmpfile_private(const char *what, char **cause)
{
	const char *dir = secure_getenv("TMPDIR");
	char *name;
	FILE *f = NULL;
	int fd, e;

	name = xasprintf("%s/shouhu-%s.XXXXXX", dir != NULL && *dir == '/' ?
	    dir : "/tmp", what);
	if ((fd = mkstemp(name)) >= 0) {
		if (unlink(name) == 0 && (f = fdopen(fd, "w+b")) != NULL) {
			free(name);
			return f;
		}
		e = errno;
		unlink(name);
		close(fd);
		errno = e;
	}
	set_cause(cause, _("cannot make a temporary file %s: %s"), name,
	    strerror(errno));
	free(name);
	return NULL;
}
