/* testutil.h -- helpers shared by the Check unit tests. */
#ifndef SHOUHU_TESTUTIL_H
#define SHOUHU_TESTUTIL_H

#include <check.h>
#include <stddef.h>
#include <stdint.h>

struct db;

/* A new private temporary directory; the caller frees the string. */
char *tu_tmpdir(void);
/* Removes a directory tree (used for temporary databases). */
void tu_rmrf(const char *path);
/* A new database in a new temporary directory (*dir, caller frees);
 * the test fails when it cannot be opened. */
struct db *tu_db_new(char **dir);
/* Closes the database, removes its directory and clears both. */
void tu_db_drop(struct db **db, char **dir);
/* tu_db_new() filled with a demo township of n children (seed 5). */
struct db *tu_demo_db(char **dir, int children);
/* Runs a suite the way the test harness expects; returns the exit code. */
int tu_run(Suite *s);
/* Reads a whole file; NULL when it cannot. */
char *tu_slurp(const char *path, size_t *len);

/*
 * A message callback (roster_opts, sheet_opts) that keeps each line in
 * tu_msgs, in order; tu_msgs_clear() forgets them, tu_msgs_show()
 * prints them on standard error (for a failing check).
 */
extern char **tu_msgs;
extern size_t tu_nmsgs;
void tu_collect(const char *line, void *arg);
void tu_msgs_clear(void);
void tu_msgs_show(void);

/*
 * Roles (access.h): gives staff member staff a login (and roles, when
 * not NULL), in a transaction of its own, forgetting the actor; acts as
 * login from now on (what access_begin returned); the first staff member
 * whose roles are exactly roles (with the record in *out when not NULL).
 */
struct rec;
void tu_link_login(struct db *, uint32_t staff, const char *login,
    const char *roles);
int tu_act_as(struct db *, const char *login, const char *today);
uint32_t tu_staff_with(struct db *, const char *roles, struct rec **out);

#endif
