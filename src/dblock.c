/*
 * dblock.c -- the write lock; see dbfile.h.
 *
 * An fcntl lock, not LMDB's own writer mutex, because it can be tried
 * without waiting: F_SETLK is retried until the time is up, after 1 ms,
 * then twice as long each time up to 50 ms (changes are short, so most
 * waits end within a few milliseconds).
 * The kernel drops it when its holder dies.  The holder writes its
 * process id and login into the file so that others can name it; the
 * file is never truncated by a waiter.  fcntl locks belong to the
 * process and vanish when any descriptor of the file is closed, so the
 * file stays open, once, for as long as the database is.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dbfile.h"
#include "i18n.h"
#include "store.h"
#include "util.h"

struct dblock {
	int	 fd;
	char	*path;
};

struct dblock *
dblock_open(const char *dir, int mode, char **cause)
{
	struct dblock *l = xcalloc(1, sizeof *l);

	l->path = xasprintf("%s/write.lock", dir);
	l->fd = open(l->path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, mode);
	if (l->fd == -1) {
		set_cause(cause, _("cannot open %s: %s"), l->path,
		    strerror(errno));
		free(l->path);
		free(l);
		return NULL;
	}
	return l;
}

static int
lock_op(struct dblock *l, short type)
{
	struct flock fl;

	memset(&fl, 0, sizeof fl);
	fl.l_type = type;
	fl.l_whence = SEEK_SET;
	return fcntl(l->fd, F_SETLK, &fl);
}

/* "login (process 123)" from the file, or the pid fcntl reports. */
static char *
holder(struct dblock *l)
{
	char b[128], login[64];
	struct flock fl;
	ssize_t n;
	long pid;

	n = pread(l->fd, b, sizeof b - 1, 0);
	b[n > 0 ? n : 0] = '\0';
	if (sscanf(b, "%ld %63s", &pid, login) == 2)
		return xasprintf(_("%s (process %ld)"), login, pid);
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(l->fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK)
		return xasprintf(_("process %ld"), (long)fl.l_pid);
	return xstrdup(_("another process"));
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
dblock_take(struct dblock *l, int wait_seconds,
    void (*notice)(const char *, void *), void *arg, char **cause)
{
	struct timespec pause = { 0, 1000 * 1000 };
	int64_t start = now_ms();
	bool told = false;
	char *who, *msg, line[128];
	int n;

	while (lock_op(l, F_WRLCK) != 0) {
		if (errno != EAGAIN && errno != EACCES && errno != EINTR) {
			set_cause(cause, _("cannot lock %s: %s"), l->path,
			    strerror(errno));
			return SH_EIO;
		}
		if (!told && notice != NULL && now_ms() - start >= 1000) {
			who = holder(l);
			msg = xasprintf(P_("%s is changing the database; "
			    "waiting up to %d second", "%s is changing the "
			    "database; waiting up to %d seconds", wait_seconds),
			    who, wait_seconds);
			notice(msg, arg);
			free(msg);
			free(who);
			told = true;
		}
		if (now_ms() - start >= (int64_t)wait_seconds * 1000) {
			who = holder(l);
			set_cause(cause, P_("%s has been changing the database "
			    "for more than %d second (stopped with Ctrl-Z?): "
			    "try again later, or ask them to finish", "%s has "
			    "been changing the database for more than %d "
			    "seconds (stopped with Ctrl-Z?): try again later, "
			    "or ask them to finish", wait_seconds), who,
			    wait_seconds);
			free(who);
			return SH_ELOCKED;
		}
		nanosleep(&pause, NULL);
		if (pause.tv_nsec < 50 * 1000 * 1000)
			pause.tv_nsec *= 2;
	}
	n = snprintf(line, sizeof line, "%ld %s\n", (long)getpid(),
	    login_name());
	if (n > 0 && ftruncate(l->fd, 0) == 0)
		(void)!pwrite(l->fd, line, (size_t)n, 0);
	return 0;
}

void
dblock_release(struct dblock *l)
{
	(void)lock_op(l, F_UNLCK);
}

void
dblock_close(struct dblock *l)
{
	if (l == NULL)
		return;
	close(l->fd);
	free(l->path);
	free(l);
}
