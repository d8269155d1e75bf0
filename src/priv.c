/*
 * priv.c -- the group's privilege: put aside at the start, taken up to
 * open the shared database, then dropped for good (see priv.h).
 */
#include "config.h"

#include <sys/resource.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "priv.h"
#include "util.h"

static bool	 setgid_run;	/* started setgid */
static bool	 dropped;	/* the privilege is gone for good */
static bool	 hold;		/* keep it through the next drop (restore) */
static bool	 kept;		/* ... and it was kept: only the saved id */
static gid_t	 group;		/* the group of the setgid install */
static gid_t	 real;		/* the user's own group */
static struct db *held;		/* opened with the privilege, not handed over */

static void
priv_abort(const char *what)
{
	fprintf(stderr, "shouhu: %s: %s\n", what, strerror(errno));
	abort();
}

/* Sets the real, effective and saved groups, and checks that they took. */
static void
set_groups(gid_t r, gid_t e, gid_t s)
{
	gid_t rg, eg, sg;

	if (setresgid(r, e, s) != 0)
		priv_abort("setresgid");
	if (getresgid(&rg, &eg, &sg) != 0)
		priv_abort("getresgid");
	if (rg != r || eg != e || sg != s) {
		errno = EPERM;
		priv_abort("setresgid");
	}
}

void
priv_init(void)
{
	static const char *const unsafe[] = {
		"TERMINFO", "TERMINFO_DIRS", "TERMCAP"
	};
	size_t i;
	int fd;

	real = getgid();
	if (getegid() == real)
		return;
	setgid_run = true;
	group = getegid();
	/* The saved group keeps the privilege until the drop. */
	set_groups(real, real, group);
	/*
	 * A caller may start us with standard input, output or error
	 * closed: the database would then get one of their numbers, and
	 * what is printed would go into it.  (The GNU C library sees to it
	 * for a setgid program; not every C library does.)
	 */
	for (fd = 0; fd < 3; fd++)
		if (fcntl(fd, F_GETFD) == -1 && errno == EBADF &&
		    open("/dev/null", O_RDWR) != fd)
			priv_abort("/dev/null");
	/* Paths from the caller's environment that the screens would use. */
	for (i = 0; i < nitems(unsafe); i++)
		unsetenv(unsafe[i]);
}

bool
priv_setgid(void)
{
	return setgid_run;
}

gid_t
priv_group(void)
{
	return group;
}

char *
priv_setgid_lost(void)
{
	struct stat st;
	struct group *gr;

	if (setgid_run || getuid() == 0 || stat("/proc/self/exe", &st) != 0 ||
	    !(st.st_mode & S_ISGID) || st.st_gid == getegid())
		return NULL;
	if ((gr = getgrgid(st.st_gid)) != NULL)
		return xstrdup(gr->gr_name);
	return xasprintf("%u", (unsigned)st.st_gid);
}

void
priv_drop(void)
{
	if (!setgid_run || dropped)
		return;
	if (hold && held != NULL) {
		hold = false;
		kept = true;
		set_groups(real, real, group);
		return;
	}
	hold = kept = false;
	set_groups(real, real, real);
	dropped = true;
}

void
priv_hold(void)
{
	if (setgid_run && !dropped)
		hold = true;
}

void
priv_raise(void)
{
	/* As for opening the database: access(2) uses the real group. */
	if (kept && !dropped)
		set_groups(group, group, real);
}

void
priv_lower(void)
{
	if (kept && !dropped)
		set_groups(real, real, group);
}

const char *
priv_member(void)
{
	struct group *gr;
	gid_t *list;
	int n, i;
	bool in = false;

	if (!setgid_run || (n = getgroups(0, NULL)) <= 0)
		return NULL;
	list = xreallocarray(NULL, (size_t)n, sizeof *list);
	n = getgroups(n, list);
	for (i = 0; i < n; i++)
		if (list[i] == group)
			in = true;
	free(list);
	if (!in || (gr = getgrgid(group)) == NULL)
		return NULL;
	return gr->gr_name;
}

const char *
priv_getenv(const char *name)
{
	if (setgid_run)
		return NULL;
	return getenv(name);
}

bool
priv_user_dir(const char *dir)
{
	char *parent, *slash;
	bool ok;

	if (access(dir, R_OK | W_OK | X_OK) == 0)
		return true;
	if (errno != ENOENT)
		return false;
	/* Not made yet: the user must be able to make it himself. */
	parent = xstrdup(dir);
	if ((slash = strrchr(parent, '/')) == NULL)
		ok = access(".", W_OK | X_OK) == 0;
	else if (slash == parent)
		ok = false;
	else {
		*slash = '\0';
		ok = access(parent, W_OK | X_OK) == 0 ||
		    (errno == ENOENT && priv_user_dir(parent));
	}
	free(parent);
	return ok;
}

int
priv_trusted_path(const char *path, char **cause)
{
	char *p, *slash;
	const char *cur;
	struct stat st;
	bool last = true;
	int rc = 0;

	if (path[0] != '/') {
		set_cause(cause, _("%s is not an absolute path"), path);
		return -1;
	}
	p = xstrdup(path);
	for (;;) {
		cur = *p != '\0' ? p : "/";
		if (lstat(cur, &st) != 0) {
			set_cause(cause, _("cannot use %s: %s"), cur,
			    strerror(errno));
			rc = -1;
			break;
		}
		/* Below a sticky directory only the owner replaces a name. */
		if (st.st_uid != 0 || S_ISLNK(st.st_mode) ||
		    ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0 && (last ||
		    !S_ISDIR(st.st_mode) || (st.st_mode & S_ISVTX) == 0))) {
			set_cause(cause, _("cannot trust %s: %s must belong to "
			    "root, be writable by root alone and not be a "
			    "symbolic link"), path, cur);
			rc = -1;
			break;
		}
		if (*p == '\0')
			break;
		slash = strrchr(p, '/');
		*slash = '\0';
		last = false;
	}
	free(p);
	return rc;
}

/* One of the database's files, opened without following a link. */
static int
check_file(int dirfd, const char *dir, const char *name, uid_t uid, gid_t gid,
    char **cause)
{
	struct stat st;
	int fd;

	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ELOOP)
			set_cause(cause, _("refusing the database in %s: %s is "
			    "a symbolic link"), dir, name);
		else if (errno == ENOENT)
			set_cause(cause, _("no database in %s: %s is missing "
			    "(run \"shouhu setup\" as root)"), dir, name);
		else
			set_cause(cause, _("cannot open %s/%s: %s"), dir, name,
			    strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0) {
		set_cause(cause, _("cannot open %s/%s: %s"), dir, name,
		    strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	if (!S_ISREG(st.st_mode)) {
		set_cause(cause, _("refusing the database in %s: %s is not a "
		    "regular file"), dir, name);
		return -1;
	}
	if (st.st_nlink != 1) {
		set_cause(cause, _("refusing the database in %s: %s has "
		    "another name (a hard link)"), dir, name);
		return -1;
	}
	if (st.st_uid != uid || st.st_gid != gid ||
	    (st.st_mode & S_IRWXO) != 0) {
		set_cause(cause, _("refusing the database in %s: %s must "
		    "belong to the directory's owner and group and be closed "
		    "to others (run \"shouhu setup\" as root)"), dir, name);
		return -1;
	}
	return 0;
}

int
priv_check_db(const char *dir, gid_t gid, char **cause)
{
	struct stat st;
	int fd, rc;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ELOOP || errno == ENOTDIR)
			set_cause(cause, _("refusing the database in %s: not a "
			    "directory, or a symbolic link"), dir);
		else
			set_cause(cause, _("cannot open the database in %s: %s"),
			    dir, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || st.st_uid != 0 || st.st_gid != gid ||
	    (st.st_mode & S_IRWXO) != 0) {
		set_cause(cause, _("refusing the database in %s: the directory "
		    "must belong to root and the program's group and be closed "
		    "to others (run \"shouhu setup\" as root)"), dir);
		close(fd);
		return -1;
	}
	rc = check_file(fd, dir, "data.mdb", st.st_uid, gid, cause);
	if (rc == 0)
		rc = check_file(fd, dir, "lock.mdb", st.st_uid, gid, cause);
	close(fd);
	return rc;
}

/*
 * Whether descriptor fd is one of the files (dev, ino) and then gives it
 * FD_CLOEXEC.
 */
static void
cloexec_if(int fd, const struct stat *files, size_t n)
{
	struct stat st;
	size_t i;

	if (fstat(fd, &st) != 0)
		return;
	for (i = 0; i < n; i++)
		if (st.st_dev == files[i].st_dev && st.st_ino == files[i].st_ino)
			(void)fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) | FD_CLOEXEC);
}

/*
 * LMDB keeps some of its descriptors across exec(): a program the user
 * starts (lp is looked up in his PATH) would inherit the database.
 */
static void
cloexec_db(const char *dir)
{
	struct stat files[2];
	struct rlimit rl;
	struct dirent *de;
	DIR *d;
	char *p;
	int fd, max;

	p = xasprintf("%s/data.mdb", dir);
	fd = stat(p, &files[0]);
	free(p);
	p = xasprintf("%s/lock.mdb", dir);
	fd |= stat(p, &files[1]);
	free(p);
	if (fd != 0)
		priv_abort(dir);
	if ((d = opendir("/proc/self/fd")) != NULL) {
		while ((de = readdir(d)) != NULL)
			if (de->d_name[0] >= '0' && de->d_name[0] <= '9' &&
			    (fd = atoi(de->d_name)) != dirfd(d))
				cloexec_if(fd, files, nitems(files));
		closedir(d);
		return;
	}
	/* Without /proc: every number a descriptor can have. */
	max = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < 1 << 20 ?
	    (int)rl.rlim_cur : 1 << 20;
	for (fd = 0; fd < max; fd++)
		cloexec_if(fd, files, nitems(files));
}

int
priv_open_shared(const char *dir, bool readonly, char **cause)
{
	struct db_opts o = { .readonly = readonly };
	int rc;

	if (held != NULL) {
		db_close(held);
		held = NULL;
	}
	if (dropped) {
		set_cause(cause, _("cannot open the database in %s: the "
		    "group's privilege is already given up"), dir);
		return SH_EPERM;
	}
	/*
	 * The real group too: LMDB and the store check files with
	 * access(2), which uses the real ids.  The user's group waits in
	 * the saved one.
	 */
	set_groups(group, group, real);
	rc = priv_check_db(dir, group, cause) != 0 ? SH_EPERM : 0;
	if (rc == 0 && (rc = db_open(dir, &o, &held, cause)) == 0)
		cloexec_db(dir);
	set_groups(real, real, group);
	return rc;
}

int
priv_db_open(const char *dir, const struct db_opts *opts, struct db **out,
    char **cause)
{
	if (held == NULL)
		return db_open(dir, opts, out, cause);
	*out = held;
	held = NULL;
	(*out)->readonly = opts != NULL && opts->readonly;
	return 0;
}
