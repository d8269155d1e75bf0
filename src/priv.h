/*
 * priv.h -- running setgid to the township's group.
 *
 * Installed for a township server, the program is owned by root, group
 * shouhu, mode 2755, and the database directory is root:shouhu 2770:
 * staff are not in the group, so the files can be reached only through
 * the program.  The program starts with the group's privilege put aside
 * (the effective group is the real one, the saved one is the group),
 * takes it up only to open the database, and then drops it for good
 * before anything else happens: everything the user asks for, files
 * written above all, is done with the user's own rights.
 *
 * Without the setgid install none of this applies and the program works
 * for one person's private database.
 */
#ifndef SHOUHU_PRIV_H
#define SHOUHU_PRIV_H

#include <stdbool.h>
#include <sys/types.h>

#include "store.h"

/*
 * First thing in main().  When the program runs setgid, remembers the
 * group and sets the effective group back to the real one until the
 * database is opened.  Aborts when that fails.
 */
void priv_init(void);
/* True when the program runs setgid (even after the drop). */
bool priv_setgid(void);
/* The group the program runs setgid to (valid when priv_setgid()). */
gid_t priv_group(void);
/*
 * The group's name (a new string) when the program file is setgid to a
 * group the process does not run with (a file system mounted nosuid, or
 * no_new_privs set by whoever started it): the township's database is
 * then out of reach, and the user is told so rather than given a
 * private database.  NULL otherwise, and always for root.
 */
char *priv_setgid_lost(void);
/*
 * Drops the group's privilege for good: real, effective and saved group
 * all the real one, checked with getresgid(); aborts when that fails.
 * Does nothing when not setgid or already done.  After priv_hold(), the
 * first call following priv_open_shared() keeps the group in the saved
 * id instead (see priv_hold()); any later call drops it for good.
 */
void priv_drop(void);
/*
 * For `shouhu restore` alone, called before the database is opened: the
 * township's database is replaced in its own directory, which only the
 * group may write.  The group then stays in the saved id (the real and
 * effective ones are the user's) until the command's priv_drop(), and
 * priv_raise() takes it up around what must be done with it.  Without
 * the shared database (a private one, --db) it is dropped as usual.
 */
void priv_hold(void);
/*
 * Between priv_hold()'s drop and the final one: the group as the real
 * and effective group (priv_raise) or the user's own again (priv_lower);
 * files the user named are opened only while lowered.  Both do nothing
 * when the group is not held.
 */
void priv_raise(void);
void priv_lower(void);
/*
 * The group's name when the real user is a member of it (who could then
 * open the files without the program), else NULL.
 */
const char *priv_member(void);
/*
 * getenv() for names that may lead to paths: NULL while the program runs
 * setgid, whose caller is not trusted with them.
 */
const char *priv_getenv(const char *name);

/*
 * Whether the real user can use directory dir (read, write, search) with
 * his own rights, without the group: access(2), which checks the real
 * ids.  A directory not made yet counts when its parent qualifies.
 */
bool priv_user_dir(const char *dir);

/*
 * Whether path can be trusted as root's: it and every directory above it
 * owned by root and writable by nobody else (a sticky directory such as
 * /tmp is allowed above it).  0, or -1 with *cause.
 */
int priv_trusted_path(const char *path, char **cause);

/*
 * The checks on a shared database directory before its environment is
 * opened with the group's privilege: the directory is not a symbolic
 * link, belongs to root and group gid and is closed to others; data.mdb
 * and lock.mdb, opened without following links, are regular files of
 * root and group gid, closed to others, with no other name (one link).
 * 0, or -1 with *cause.
 */
int priv_check_db(const char *dir, gid_t gid, char **cause);

/*
 * Opens the township's database in dir with the group's privilege (no
 * database is created that way: `shouhu setup` does) and keeps it for
 * priv_db_open(); the caller then calls priv_drop().  0, or an SH_E* code
 * with *cause.
 */
int priv_open_shared(const char *dir, bool readonly, char **cause);
/*
 * db_open() for the program's users: when running setgid, hands over
 * the database opened by priv_open_shared() (with opts->readonly), as
 * only it may be opened; otherwise db_open().
 */
int priv_db_open(const char *dir, const struct db_opts *opts,
    struct db **out, char **cause);

#endif
