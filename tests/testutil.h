/* testutil.h -- helpers shared by the Check unit tests. */
#ifndef SHOUHU_TESTUTIL_H
#define SHOUHU_TESTUTIL_H

#include <check.h>

/* A new private temporary directory; the caller frees the string. */
char *tu_tmpdir(void);
/* Removes a directory tree (used for temporary databases). */
void tu_rmrf(const char *path);
/* Runs a suite the way the test harness expects; returns the exit code. */
int tu_run(Suite *s);
/* Reads a whole file; NULL when it cannot. */
char *tu_slurp(const char *path, size_t *len);

#endif
