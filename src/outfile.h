/*
 * outfile.h -- writing a file a user names (-o FILE) safely.
 *
 * A file named on the command line or in a screen may be anything: a
 * device (-o /dev/full once replaced the device with the roster when
 * run as root), a directory, a symlink planted by someone else, a file
 * of another user, or the school's own roster just imported.  Nothing
 * existing is touched until the new content is complete: it is written
 * to a private (0600) temporary file beside the target, flushed to disk
 * and renamed over the target only if the target is still a regular
 * file of the same owner, or does not exist.
 */
#ifndef SHOUHU_OUTFILE_H
#define SHOUHU_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

enum {
	/* Refuse an existing file (exports without --force). */
	OUTFILE_NOCLOBBER = 1 << 0
};

struct outfile;

/*
 * Opens path for writing; NULL or "-" is standard output.  Refuses
 * device files, directories, FIFOs, sockets, symlinks, a file owned by
 * another user and, with OUTFILE_NOCLOBBER, any existing file.  Returns
 * NULL with *cause set (naming the file) on failure.
 */
struct outfile *outfile_open(const char *path, unsigned flags, char **cause);
/* The stream to write to; valid until outfile_commit or outfile_abort. */
FILE *outfile_stream(struct outfile *);
/* The path as given (or "-"). */
const char *outfile_path(const struct outfile *);
/*
 * Flushes and syncs the temporary file and renames it into place
 * (standard output is only flushed).  Frees the outfile.  Returns 0, or
 * -1 with *cause set; the target is then untouched.
 */
int outfile_commit(struct outfile *, char **cause);
/* Removes the temporary file and frees the outfile; NULL is fine. */
void outfile_abort(struct outfile *);

/*
 * For screens that ask before replacing: 1 when path exists as a
 * regular file that could be replaced (*size and *mtime set, either may
 * be NULL), 0 when nothing is there, -1 with *cause when it is
 * something that is never written (a device, a directory, a symlink, a
 * file of another user).
 */
int outfile_exists(const char *path, long long *size, long long *mtime,
    char **cause);

/*
 * A private temporary file (mkstemp() makes it for its owner alone),
 * open for writing and reading, "shouhu-what.XXXXXX" in $TMPDIR (else,
 * and always when running setgid, /tmp), unlinked at once: what an
 * import spools and an export writes before it is renamed into place.
 * NULL with *cause when it cannot be made.
 */
FILE *tmpfile_private(const char *what, char **cause);

#endif
