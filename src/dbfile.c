/*
 * dbfile.c -- LMDB's data file read without LMDB; see dbfile.h.
 *
 * The first two pages of the file are meta pages, written alternately by
 * commits; the one with the higher transaction number is current.  A
 * page starts with a header (page number, two 16-bit fields, a 32-bit
 * field), then the meta: magic, format version, address, map size, two
 * database records (the first one's first field is the page size), the
 * last page in use and the transaction number.  Page numbers and sizes
 * are of the machine's word size, so the same file is laid out in two
 * ways; the magic number is found at the offset of one of them.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dbfile.h"
#include "i18n.h"
#include "store.h"
#include "util.h"

#define META_MAGIC 0xBEEFC0DEu
#define META_VERSION 1
#define P_META 0x08

struct layout {
	int	 bits;
	size_t	 word;		/* bytes of a page number or size */
	size_t	 hdr;		/* page header */
};

static const struct layout layouts[] = {
	{ 64, 8, 16 },
	{ 32, 4, 12 },
};

static uint64_t
get_word(const unsigned char *p, size_t word)
{
	uint64_t v64;
	uint32_t v32;

	if (word == 8) {
		memcpy(&v64, p, 8);
		return v64;
	}
	memcpy(&v32, p, 4);
	return v32;
}

struct meta {
	unsigned	 psize;
	uint64_t	 mapsize, named, last_pg, txnid;
};

/* Decodes the meta at the start of page p (n bytes); false if none. */
static bool
read_meta(const unsigned char *p, size_t n, const struct layout *l,
    struct meta *m)
{
	size_t w = l->word, db = 8 + 5 * w, dbs = 8 + 2 * w;
	const unsigned char *mp = p + l->hdr;
	uint32_t magic, version, psize;
	uint64_t root;
	uint16_t flags;
	int i;

	if (n < l->hdr + dbs + 2 * db + 2 * w)
		return false;
	memcpy(&flags, p + w + 2, 2);
	memcpy(&magic, mp, 4);
	memcpy(&version, mp + 4, 4);
	if (magic != META_MAGIC || version != META_VERSION ||
	    !(flags & P_META))
		return false;
	memcpy(&psize, mp + dbs, 4);
	if (psize < 256 || psize > 65536 || (psize & (psize - 1)) != 0)
		return false;
	m->psize = psize;
	m->mapsize = get_word(mp + 8 + w, w);
	m->named = get_word(mp + dbs + db + 8 + 3 * w, w);
	m->last_pg = get_word(mp + dbs + 2 * db, w);
	m->txnid = get_word(mp + dbs + 2 * db + w, w);
	/* Each tree's root: none (all bits set), or a page after the metas. */
	for (i = 0; i < 2; i++) {
		root = get_word(mp + dbs + i * db + 8 + 4 * w, w);
		if (root != (w == 8 ? UINT64_MAX : UINT32_MAX) &&
		    (root < 2 || root > m->last_pg))
			return false;
	}
	return true;
}

static int
damaged(char **cause, const char *dir, const char *detail)
{
	set_cause(cause, _("the database in %s is damaged (%s): restore a "
	    "backup"), dir, detail);
	return SH_ECORRUPT;
}

/* Refuses anything but a regular file (a missing one is left to LMDB). */
static int
check_regular(const char *path, const char *dir, char **cause)
{
	struct stat st;
	const char *base = strrchr(path, '/');
	char *detail;
	int rc;

	base = base != NULL ? base + 1 : path;
	if (lstat(path, &st) != 0 || S_ISREG(st.st_mode))
		return 0;
	detail = xasprintf(S_ISLNK(st.st_mode) ? _("%s is a symbolic link") :
	    _("%s is not a regular file"), base);
	rc = damaged(cause, dir, detail);
	free(detail);
	return rc;
}

int
dbfile_inspect(const char *path, const char *lockpath, const char *dir,
    struct dbfile_info *info, char **cause)
{
	int fd, rc;

	memset(info, 0, sizeof *info);
	if ((rc = check_regular(path, dir, cause)) != 0)
		return rc;
	if (lockpath != NULL && (rc = check_regular(lockpath, dir, cause)) != 0)
		return rc;
	/*
	 * Opening and closing data.mdb here is safe: LMDB keeps its fcntl
	 * locks on lock.mdb, and the environment is not open yet.
	 */
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		set_cause(cause, _("cannot read %s: %s"), path,
		    strerror(errno));
		return errno == EACCES ? SH_EPERM : SH_EIO;
	}
	rc = dbfile_read(fd, dir, info, cause);
	close(fd);
	return rc;
}

int
dbfile_read(int fd, const char *dir, struct dbfile_info *info, char **cause)
{
	unsigned char p0[512], p1[512];
	struct meta m[2], *cur;
	const struct layout *l = NULL;
	struct stat st;
	ssize_t n0, n1 = 0;
	size_t i;
	char *detail;
	int rc;

	memset(info, 0, sizeof *info);
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		return damaged(cause, dir, _("data.mdb is not a regular file"));
	info->size = (int64_t)st.st_size;
	if (st.st_size == 0)
		return damaged(cause, dir, _("data.mdb is empty"));
	n0 = pread(fd, p0, sizeof p0, 0);
	for (i = 0; i < nitems(layouts) && n0 > 0; i++)
		if (read_meta(p0, (size_t)n0, &layouts[i], &m[0])) {
			l = &layouts[i];
			break;
		}
	if (l == NULL)
		return damaged(cause, dir, _("data.mdb is not a database file"));
	n1 = pread(fd, p1, sizeof p1, m[0].psize);
	if (n1 <= 0 || !read_meta(p1, (size_t)n1, l, &m[1]) ||
	    m[1].psize != m[0].psize) {
		detail = xasprintf(_("data.mdb is cut short: %lld bytes"),
		    (long long)st.st_size);
		rc = damaged(cause, dir, detail);
		free(detail);
		return rc;
	}
	cur = m[1].txnid > m[0].txnid ? &m[1] : &m[0];
	info->psize = cur->psize;
	info->wordbits = l->bits;
	info->last_pg = cur->last_pg;
	info->txnid = cur->txnid;
	info->mapsize = cur->mapsize;
	info->named = cur->named;
	if ((uint64_t)st.st_size / cur->psize < cur->last_pg + 1) {
		detail = xasprintf(_("data.mdb is cut short: %lld bytes of "
		    "%llu"), (long long)st.st_size,
		    (unsigned long long)(cur->last_pg + 1) * cur->psize);
		rc = damaged(cause, dir, detail);
		free(detail);
		return rc;
	}
	if (l->bits != (int)(8 * sizeof(size_t))) {
		set_cause(cause, _("the database in %s was made by a %d-bit "
		    "build of shouhu, and this one is %d-bit: on a machine "
		    "with a %d-bit build run \"shouhu backup --portable -o "
		    "FILE\", then here \"shouhu restore FILE\""), dir, l->bits,
		    (int)(8 * sizeof(size_t)), l->bits);
		return SH_EFOREIGN;
	}
	return 0;
}
