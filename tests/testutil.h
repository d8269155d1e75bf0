/* testutil.h -- helpers shared by the Check unit tests. */
#ifndef SHOUHU_TESTUTIL_H
#define SHOUHU_TESTUTIL_H

#include <check.h>

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
/* Runs a suite the way the test harness expects; returns the exit code. */
int tu_run(Suite *s);
/* Reads a whole file; NULL when it cannot. */
char *tu_slurp(const char *path, size_t *len);

#endif
