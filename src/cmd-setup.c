/*
 * cmd-setup.c -- `shouhu setup`: a township server's shared database,
 * made by root once.
 *
 * It makes the system group, the database directory (root, the group,
 * mode 2770), the configuration file naming it, the database itself, and
 * the installed program setgid to the group (mode 2755).  Whatever is
 * already right is left alone, so a second run changes nothing; what is
 * wrong in a way it cannot safely put right (a symbolic link, a file of
 * another user, a second name for a file) is refused with what to do.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "conf.h"
#include "i18n.h"
#include "priv.h"
#include "store.h"
#include "util.h"

extern char **environ;

enum {
	OPT_GROUP = 0x1800,
	OPT_DIR,
	OPT_TOWNSHIP,
	OPT_FORCE
};

struct setup_args {
	const char	*group;
	const char	*dir;
	const char	*township;
	bool		 force;
	int		 changed;	/* what this run did */
};
static struct setup_args sa;

static int
setup_option(struct cmdctx *ctx, int code, const char *arg)
{
	switch (code) {
	case OPT_GROUP:
		sa.group = arg;
		return 0;
	case OPT_DIR:
		sa.dir = arg;
		return 0;
	case OPT_TOWNSHIP:
		sa.township = arg;
		return 0;
	case OPT_FORCE:
		sa.force = true;
		return 0;
	}
	return EXIT_USAGE;
}

/* Says what was done. */
static void
did(const char *fmt, ...) SH_PRINTF(1, 2);
static void
did(const char *fmt, ...)
{
	va_list ap;
	char *msg, *safe;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	safe = str_safe(msg, false);
	printf("%s\n", safe);
	free(safe);
	free(msg);
	sa.changed++;
}

static bool
group_name_ok(const char *s)
{
	const char *p;

	if (*s == '\0' || strlen(s) > 32 || *s == '-' ||
	    (*s >= '0' && *s <= '9'))
		return false;
	for (p = s; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '_' || *p == '-'))
			return false;
	return true;
}

/* A value fit for one line of the configuration file. */
static bool
conf_value_ok(const char *s)
{
	const char *p;

	if (*s == '\0' || *s == ' ' || s[strlen(s) - 1] == ' ' ||
	    !u8_valid(s, strlen(s)))
		return false;
	for (p = s; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

static char *
owner_name(uid_t uid)
{
	struct passwd *pw = getpwuid(uid);

	if (pw != NULL)
		return xstrdup(pw->pw_name);
	return xasprintf("%lu", (unsigned long)uid);
}

/* The group, made with groupadd --system when missing. */
static int
setup_group(const char *name, gid_t *gid, char **cause)
{
	static const char *const tools[] = {
		"/usr/sbin/groupadd", "/sbin/groupadd"
	};
	char *argv[] = { (char *)"groupadd", (char *)"--system",
	    (char *)name, NULL };
	struct group *gr;
	const char *tool = NULL;
	pid_t pid;
	size_t i;
	int status;

	if ((gr = getgrnam(name)) != NULL) {
		*gid = gr->gr_gid;
		return 0;
	}
	for (i = 0; i < nitems(tools) && tool == NULL; i++)
		if (access(tools[i], X_OK) == 0)
			tool = tools[i];
	if (tool == NULL) {
		set_cause(cause, _("there is no group \"%s\" and no groupadd "
		    "to make it: make it yourself (addgroup --system %s)"), name,
		    name);
		return -1;
	}
	fflush(stdout);
	if ((errno = posix_spawn(&pid, tool, NULL, NULL, argv, environ)) != 0 ||
	    waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0 || (gr = getgrnam(name)) == NULL) {
		set_cause(cause, _("could not make the group \"%s\" with %s "
		    "--system"), name, tool);
		return -1;
	}
	*gid = gr->gr_gid;
	did(_("Made the system group %s"), name);
	return 0;
}

/*
 * Gives an open file to root and group gid with mode, unless it has them
 * already (the mode after the owner: chown clears the setgid bit), and
 * says so.  0, or -1 with *cause.
 */
static int
give(int fd, const struct stat *st, const char *path, const char *group,
    gid_t gid, mode_t mode, char **cause)
{
	if (st->st_uid == 0 && st->st_gid == gid &&
	    (st->st_mode & 07777) == mode)
		return 0;
	if (fchown(fd, 0, gid) != 0 || fchmod(fd, mode) != 0) {
		set_cause(cause, _("cannot give %s to root and group %s: %s"),
		    path, group, strerror(errno));
		return -1;
	}
	did(_("%s: owner root, group %s, mode %04o"), path, group,
	    (unsigned)mode);
	return 0;
}

/* Makes the missing directories above path, mode 0755. */
static int
make_parents(const char *path, char **cause)
{
	char *p = xstrdup(path), *s;
	int rc = 0;

	for (s = p + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(p, 0755) == 0)
			(void)chmod(p, 0755);	/* whatever the umask */
		else if (errno != EEXIST) {
			set_cause(cause, _("cannot make %s: %s"), p,
			    strerror(errno));
			rc = -1;
			break;
		}
		*s = '/';
	}
	free(p);
	return rc;
}

/* The directory's parent, for priv_trusted_path(). */
static char *
parent_of(const char *path)
{
	char *p = xstrdup(path), *s = strrchr(p, '/');

	if (s == p)
		s[1] = '\0';
	else if (s != NULL)
		*s = '\0';
	return p;
}

static int
setup_dir(const char *dir, const char *group, gid_t gid, char **cause)
{
	struct stat st;
	char *who, *parent;
	int fd, rc = 0;

	if (lstat(dir, &st) != 0) {
		if (errno != ENOENT) {
			set_cause(cause, _("cannot use %s: %s"), dir,
			    strerror(errno));
			return -1;
		}
		if (make_parents(dir, cause) != 0)
			return -1;
		if (mkdir(dir, 0700) != 0) {
			set_cause(cause, _("cannot make %s: %s"), dir,
			    strerror(errno));
			return -1;
		}
		did(_("Made the database directory %s"), dir);
	} else if (S_ISLNK(st.st_mode) || !S_ISDIR(st.st_mode)) {
		set_cause(cause, _("refusing %s: it is a symbolic link or not a "
		    "directory; move it away or name another with --dir"), dir);
		return -1;
	}
	parent = parent_of(dir);
	rc = priv_trusted_path(parent, cause);
	free(parent);
	if (rc != 0)
		return -1;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0) {
		set_cause(cause, _("cannot use %s: %s"), dir, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (st.st_uid != 0) {
		who = owner_name(st.st_uid);
		set_cause(cause, _("refusing %s: it belongs to %s, not root; "
		    "move it away or name another with --dir"), dir, who);
		free(who);
		close(fd);
		return -1;
	}
	rc = give(fd, &st, dir, group, gid, 02770, cause);
	close(fd);
	return rc;
}

/*
 * A file of an existing database: put right when it is root's, regular
 * and has one name; 0 also when missing (*missing set), -1 with *cause.
 */
static int
setup_file(const char *dir, const char *name, const char *group, gid_t gid,
    bool *missing, char **cause)
{
	char *path = xasprintf("%s/%s", dir, name), *who;
	struct stat st;
	int fd, rc = -1;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
	    O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT) {
			*missing = true;
			rc = 0;
		} else if (errno == ELOOP)
			set_cause(cause, _("refusing %s: it is a symbolic link; "
			    "remove it"), path);
		else
			set_cause(cause, _("cannot use %s: %s"), path,
			    strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) != 0) {
		set_cause(cause, _("cannot use %s: %s"), path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode) || st.st_nlink != 1) {
		set_cause(cause, _("refusing %s: it is not a regular file or "
		    "has another name (a hard link); remove it"), path);
		goto out;
	}
	if (st.st_uid != 0) {
		who = owner_name(st.st_uid);
		set_cause(cause, _("refusing %s: it belongs to %s, not root; "
		    "check it and give it to root (chown root %s)"), path, who,
		    path);
		free(who);
		goto out;
	}
	rc = give(fd, &st, path, group, gid, 0660, cause);
out:
	if (fd >= 0)
		close(fd);
	free(path);
	return rc;
}

static int
setup_db(const char *dir, const char *group, gid_t gid, char **cause)
{
	struct db_opts o = { .create = true };
	struct db *db;
	bool missing = false;
	int rc;

	if (setup_file(dir, "data.mdb", group, gid, &missing, cause) != 0 ||
	    setup_file(dir, "lock.mdb", group, gid, &missing, cause) != 0)
		return -1;
	if (missing) {
		if ((rc = db_open(dir, &o, &db, cause)) != 0)
			return -1;
		if (db->created)
			did(_("Made the database in %s"), dir);
		else
			did(_("Made the lock file of the database in %s"), dir);
		db_close(db);
	}
	return priv_check_db(dir, gid, cause);
}

static char *
conf_text(const char *dir, const char *township)
{
	struct buf b = { 0 };

	buf_addf(&b, "# %s\n", _("shouhu's configuration, written by \"shouhu "
	    "setup\"."));
	buf_addf(&b, "# %s\n", _("The shared database directory (owner root, "
	    "the program's group, mode 2770)."));
	buf_addf(&b, "database = %s\n", dir);
	if (township != NULL) {
		buf_addf(&b, "# %s\n", _("The township's name."));
		buf_addf(&b, "township = %s\n", township);
	}
	return buf_take(&b);
}

/* Writes the file beside, then renames it into place. */
static int
write_conf(const char *path, const char *text, char **cause)
{
	char *tmp = xasprintf("%s.XXXXXX", path);
	size_t len = strlen(text);
	int fd, rc = -1;

	if ((fd = mkstemp(tmp)) < 0) {
		set_cause(cause, _("cannot write %s: %s"), path,
		    strerror(errno));
		free(tmp);
		return -1;
	}
	if (fchmod(fd, 0644) == 0 && write(fd, text, len) == (ssize_t)len &&
	    fsync(fd) == 0 && close(fd) == 0) {
		fd = -1;
		if (rename(tmp, path) == 0)
			rc = 0;
	}
	if (rc != 0) {
		set_cause(cause, _("cannot write %s: %s"), path,
		    strerror(errno));
		if (fd >= 0)
			close(fd);
		unlink(tmp);
	}
	free(tmp);
	return rc;
}

static bool
same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* The last component of a directory path. */
static const char *
last_name(const char *path, size_t *len)
{
	const char *end = path + strlen(path), *p;

	while (end > path && end[-1] == '/')
		end--;
	for (p = end; p > path && p[-1] != '/'; p--)
		;
	*len = (size_t)(end - p);
	return p;
}

/*
 * The installed program (this one), opened and checked before anything
 * is changed: root's, below directories only root may write, and in a
 * directory named like BINDIR's last part -- not a build tree's copy.
 */
static int
open_binary(char *exe, size_t size, int *fd, struct stat *st, char **cause)
{
	const char *name, *want;
	size_t nlen, wlen;
	char *who, *slash;
	ssize_t n;

	*fd = -1;
	n = readlink("/proc/self/exe", exe, size - 1);
	if (n <= 0) {
		set_cause(cause, _("cannot find the program (/proc/self/exe): "
		    "%s"), strerror(errno));
		return -1;
	}
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	*slash = '\0';
	name = last_name(exe, &nlen);
	want = last_name(BINDIR, &wlen);
	*slash = '/';
	if (nlen != wlen || memcmp(name, want, nlen) != 0) {
		set_cause(cause, _("%s is not an installed copy: run \"make "
		    "install\" as root, then %s/shouhu setup"), exe, BINDIR);
		return -1;
	}
	if ((*fd = open(exe, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
	    fstat(*fd, st) != 0) {
		set_cause(cause, _("cannot use %s: %s"), exe, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st->st_mode) || st->st_uid != 0) {
		who = owner_name(st->st_uid);
		set_cause(cause, _("%s belongs to %s, not root: install it as "
		    "root (make install) and run that one"), exe, who);
		free(who);
		return -1;
	}
	return priv_trusted_path(exe, cause);
}

/*
 * Staff logins run the program and read its configuration as "others":
 * every directory above must let them through and the file must let them
 * read (or run) it.  An install made under a strict umask (077) leaves
 * directories only root can enter; that is said, with the fix, since
 * changing the modes of directories such as /usr/local/bin is for the
 * administrator to decide.  Returns the number of warnings.
 */
static int
warn_unreachable(const char *path, mode_t need)
{
	char *p = xstrdup(path), *s;
	struct stat st;
	int n = 0;

	for (s = p; s != NULL; ) {
		char *next = strchr(s + 1, '/');

		if (next != NULL)
			*next = '\0';
		if (stat(p, &st) == 0) {
			mode_t want = next != NULL ? S_IXOTH : need;

			if ((st.st_mode & want) != want) {
				char *safe = str_safe(p, false);
				char *whole = str_safe(path, false);

				fprintf(stderr, _("shouhu: warning: staff logins "
				    "cannot reach %s: %s is mode %03o "
				    "(chmod o+%s %s)\n"), whole, safe,
				    (unsigned)(st.st_mode & 0777),
				    next != NULL || need == S_IXOTH ? "x" : "r",
				    safe);
				free(whole);
				free(safe);
				n++;
				break;
			}
		}
		if (next != NULL)
			*next = '/';
		s = next;
	}
	free(p);
	return n;
}

static int
setup_run(struct cmdctx *ctx)
{
	struct conf *old = NULL;
	const char *group = sa.group != NULL ? sa.group : SHOUHU_GROUP;
	const char *township;
	char *path, *dir, *text = NULL, *cause = NULL, *parent;
	char exe[PATH_MAX];
	struct stat st;
	gid_t gid;
	int fd = -1;
	bool rewrite;
	int rc = EXIT_DATA, r;

	sa.changed = 0;
	if (getuid() != 0 || geteuid() != 0) {
		cli_error(_("setup changes the system and must be run by root "
		    "(sudo shouhu setup)"));
		return EXIT_DATA;
	}
	if (!group_name_ok(group)) {
		cli_error(_("--group: \"%s\" is not a group name"), group);
		return EXIT_USAGE;
	}
	if (sa.township != NULL && !conf_value_ok(sa.township)) {
		cli_error(_("--township: \"%s\" is not a name for one line"),
		    sa.township);
		return EXIT_USAGE;
	}
	if (sa.dir != NULL && (sa.dir[0] != '/' || !conf_value_ok(sa.dir) ||
	    strcmp(sa.dir, "/") == 0)) {
		cli_error(_("--dir: \"%s\" is not an absolute path of a "
		    "directory"), sa.dir);
		return EXIT_USAGE;
	}

	/* Everything is checked first: nothing is changed on a refusal. */
	path = conf_path();
	if (open_binary(exe, sizeof exe, &fd, &st, &cause) != 0) {
		cli_error("%s", cause);
		goto out;
	}
	r = conf_load(path, &old, &cause);
	if (r < 0 && !sa.force) {
		cli_error(_("%s (--force replaces the file)"), cause);
		goto out;
	}
	dir = xstrdup(sa.dir != NULL ? sa.dir : old != NULL &&
	    conf_get(old, "database") != NULL ? conf_get(old, "database") :
	    conf_default_db());
	while (strlen(dir) > 1 && dir[strlen(dir) - 1] == '/')
		dir[strlen(dir) - 1] = '\0';
	township = sa.township != NULL ? sa.township : conf_get(old, "township");
	rewrite = r != 0 || !same(conf_get(old, "database"), dir) ||
	    !same(conf_get(old, "township"), township);
	if (r == 0 && rewrite && !sa.force) {
		cli_error(_("%s already names database %s and township \"%s\": "
		    "--force replaces it"), path, conf_get(old, "database") ?
		    conf_get(old, "database") : "-", conf_get(old, "township") ?
		    conf_get(old, "township") : "");
		free(dir);
		goto out;
	}
	parent = parent_of(path);
	if (make_parents(path, &cause) != 0 ||
	    priv_trusted_path(parent, &cause) != 0) {
		cli_error("%s", cause);
		free(parent);
		free(dir);
		goto out;
	}
	free(parent);

	if (setup_group(group, &gid, &cause) != 0 ||
	    setup_dir(dir, group, gid, &cause) != 0 ||
	    setup_db(dir, group, gid, &cause) != 0) {
		cli_error("%s", cause);
		free(dir);
		goto out;
	}
	if (rewrite) {
		text = conf_text(dir, township);
		if (write_conf(path, text, &cause) != 0) {
			cli_error("%s", cause);
			free(dir);
			goto out;
		}
		did(_("Wrote %s (database %s)"), path, dir);
	}
	if (give(fd, &st, exe, group, gid, 02755, &cause) != 0) {
		cli_error("%s", cause);
		free(dir);
		goto out;
	}
	(void)warn_unreachable(exe, S_IXOTH);
	(void)warn_unreachable(path, S_IROTH);
	if (sa.changed == 0)
		printf(_("Nothing to change: group %s, database %s and %s are "
		    "set up, and the program is setgid\n"), group, dir, path);
	else
		printf(_("The township's database is %s; staff run shouhu "
		    "without being members of group %s\n"), dir, group);
	free(dir);
	rc = EXIT_OK;
out:
	if (fd >= 0)
		close(fd);
	free(cause);
	free(text);
	free(path);
	conf_free(old);
	return rc;
}

static const struct cmdopt setup_opts[] = {
	{ "group", required_argument, OPT_GROUP, N_("NAME"),
	    N_("the system group (default: shouhu, or the one built "
	    "with --with-group)") },
	{ "dir", required_argument, OPT_DIR, N_("DIR"),
	    N_("the database directory (default: the configuration's, "
	    "else /var/lib/shouhu)") },
	{ "township", required_argument, OPT_TOWNSHIP, N_("NAME"),
	    N_("the township's name, for the configuration") },
	{ "force", no_argument, OPT_FORCE, NULL,
	    N_("replace a configuration file that says otherwise") },
	{ NULL, 0, 0, NULL, NULL }
};

const struct cmd cmd_setup = {
	"setup", "[--group NAME] [--dir DIR] [--township NAME] [--force]",
	N_("as root: the shared database of a township server"), setup_opts,
	setup_option, setup_run, CMD_NODB, 0, 0
};
