/*
 * ixload.c -- see ixload.h.
 *
 * A key in a run is its length (2 bytes, big-endian), a byte of flags
 * (1: its value must be unique; 2: it carries the child's list row,
 * cover.h) and its bytes, which end with the record's id.  A
 * run is sorted when it reaches RUN_BYTES and written to the temporary
 * file; the last one stays in memory.  The merge reads each run through
 * a buffer of its own and takes the smallest key of them at each step:
 * a few runs for a county's roster, so a linear choice does.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "codec.h"
#include "cover.h"
#include "i18n.h"
#include "ixload.h"
#include "outfile.h"
#include "schema.h"
#include "sheet.h"
#include "util.h"

#define RUN_BYTES	(2 << 20)	/* keys sorted in memory at a time */
#define READ_BYTES	65536		/* read ahead of each run */
#define KEY_MAX		0xffff

struct run {
	off_t		 start, end;	/* in the file */
	off_t		 pos;
	unsigned char	*buf;
	size_t		 have, at;	/* bytes in buf, the key at */
};

struct ixload {
	FILE		*f;		/* the runs written */
	off_t		 size;
	struct run	*runs;
	size_t		 nruns;
	struct buf	 keys;		/* the run in memory */
	uint32_t	*off;		/* its keys */
	size_t		 n, cap;
	size_t		 run_bytes;
	int		 err;		/* errno of a failed write */
};

static const unsigned char *sort_base;

static int
key_cmp(const unsigned char *a, const unsigned char *b)
{
	size_t na = (size_t)a[0] << 8 | a[1], nb = (size_t)b[0] << 8 | b[1];
	int c = memcmp(a + 3, b + 3, na < nb ? na : nb);

	if (c != 0)
		return c;
	return na < nb ? -1 : na > nb;
}

static int
off_cmp(const void *a, const void *b)
{
	return key_cmp(sort_base + *(const uint32_t *)a,
	    sort_base + *(const uint32_t *)b);
}

static size_t
key_size(const unsigned char *k)
{
	return 3 + ((size_t)k[0] << 8 | k[1]);
}

struct ixload *
ixload_new(size_t run_bytes, char **cause)
{
	struct ixload *ix = xcalloc(1, sizeof *ix);

	ix->run_bytes = run_bytes != 0 ? run_bytes : RUN_BYTES;
	if ((ix->f = tmpfile_private("index", cause)) == NULL) {
		free(ix);
		return NULL;
	}
	return ix;
}

void
ixload_reset(struct ixload *ix)
{
	size_t i;

	for (i = 0; i < ix->nruns; i++)
		free(ix->runs[i].buf);
	free(ix->runs);
	ix->runs = NULL;
	ix->nruns = 0;
	ix->size = 0;
	ix->err = 0;
	buf_reset(&ix->keys);
	ix->n = 0;
	if (ftruncate(fileno(ix->f), 0) != 0 || fseeko(ix->f, 0,
	    SEEK_SET) != 0)
		ix->err = errno;
}

/* Sorts the run in memory; writes it to the file unless it is the last. */
static void
run_sort(struct ixload *ix, bool write)
{
	struct run *r;
	size_t i, len;

	sort_base = (const unsigned char *)ix->keys.s;
	qsort(ix->off, ix->n, sizeof *ix->off, off_cmp);
	sort_base = NULL;
	if (!write)
		return;
	ix->runs = xreallocarray(ix->runs, ix->nruns + 1, sizeof *ix->runs);
	r = &ix->runs[ix->nruns++];
	memset(r, 0, sizeof *r);
	r->start = r->pos = ix->size;
	if (fseeko(ix->f, ix->size, SEEK_SET) != 0)
		ix->err = errno;
	for (i = 0; i < ix->n && ix->err == 0; i++) {
		len = key_size((unsigned char *)ix->keys.s + ix->off[i]);
		if (fwrite(ix->keys.s + ix->off[i], 1, len, ix->f) != len)
			ix->err = errno ? errno : EIO;
		ix->size += (off_t)len;
	}
	if (ix->err == 0 && fflush(ix->f) != 0)
		ix->err = errno;
	r->end = ix->size;
	buf_reset(&ix->keys);
	ix->n = 0;
}

void
ixload_add(struct ixload *ix, const struct rec *r)
{
	struct keyset ks;
	unsigned char head[3];
	size_t i;

	rec_keys(r, &ks);
	for (i = 0; i < ks.n; i++) {
		if (ks.keys[i].n > KEY_MAX)
			continue;	/* LMDB refuses it anyway */
		if (ix->n == ix->cap) {
			ix->cap = ix->cap ? ix->cap * 2 : 65536;
			ix->off = xreallocarray(ix->off, ix->cap,
			    sizeof *ix->off);
		}
		ix->off[ix->n++] = (uint32_t)ix->keys.len;
		head[0] = ks.keys[i].n >> 8;
		head[1] = ks.keys[i].n & 0xff;
		head[2] = (ks.keys[i].unique_field >= 0) |
		    (ks.keys[i].cover ? 2 : 0);
		buf_add(&ix->keys, head, 3);
		buf_add(&ix->keys, ks.keys[i].k, ks.keys[i].n);
	}
	ks_free(&ks);
	if (ix->keys.len >= ix->run_bytes)
		run_sort(ix, true);
}

/* The next key of a run from the file, or NULL at its end. */
static const unsigned char *
run_key(struct ixload *ix, struct run *r)
{
	size_t left, want, got;

	if (r->buf == NULL)
		r->buf = xmalloc(READ_BYTES + 3 + KEY_MAX);
	if (r->have - r->at < 3 || r->have - r->at <
	    key_size(r->buf + r->at)) {
		left = r->have - r->at;
		memmove(r->buf, r->buf + r->at, left);
		r->have = left;
		r->at = 0;
		want = (size_t)(r->end - r->pos) < READ_BYTES ?
		    (size_t)(r->end - r->pos) : READ_BYTES;
		if (want > 0) {
			got = (size_t)pread(fileno(ix->f), r->buf + r->have,
			    want, r->pos);
			if (got != want) {
				ix->err = errno ? errno : EIO;
				return NULL;
			}
			r->have += got;
			r->pos += (off_t)got;
		}
	}
	if (r->have - r->at < 3 || r->have - r->at <
	    key_size(r->buf + r->at))
		return NULL;
	return r->buf + r->at;
}

/* The smallest key of the runs and the one in memory: NULL at the end. */
static const unsigned char *
next_key(struct ixload *ix, size_t *mem, struct run **from)
{
	const unsigned char *best = NULL, *k;
	size_t i;

	*from = NULL;
	if (*mem < ix->n)
		best = (const unsigned char *)ix->keys.s + ix->off[*mem];
	for (i = 0; i < ix->nruns; i++) {
		if ((k = run_key(ix, &ix->runs[i])) != NULL &&
		    (best == NULL || key_cmp(k, best) < 0)) {
			best = k;
			*from = &ix->runs[i];
		}
	}
	if (best == NULL)
		return NULL;
	if (*from != NULL)
		(*from)->at += key_size(best);
	else
		(*mem)++;
	return best;
}

int
ixload_finish(struct txn *t, struct ixload *ix, char **cause)
{
	const unsigned char *k;
	unsigned char prev[3 + KEY_MAX];
	struct run *from;
	struct buf row = { 0 };
	uint32_t row_of = 0;
	size_t mem = 0, n, pn = 0;
	bool have_prev = false;

	run_sort(ix, false);
	while (t->err == 0 && ix->err == 0 &&
	    (k = next_key(ix, &mem, &from)) != NULL) {
		n = key_size(k) - 3;
		/* Sorted: records sharing a unique value are neighbours. */
		if ((k[2] & 1) && have_prev && n == pn &&
		    memcmp(k + 3, prev + 3, n - 4) == 0) {
			set_cause(cause, _("two records share a value that must "
			    "be unique (%s #%u and #%u)"),
			    _(schema_of(ix_tag_type(k[3]))->label),
			    get_u32be(prev + 3 + n - 4), get_u32be(k + 3 + n - 4));
			txn_fail(t, SH_EDUP);
			break;
		}
		if ((have_prev = (k[2] & 1) != 0)) {
			memcpy(prev, k, n + 3);
			pn = n;
		}
		if (!(k[2] & 2)) {
			kv_append(t, DBI_IX, k + 3, n, "", 0);
			continue;
		}
		/* A child's list row: its links are in the index already. */
		if (get_u32be(k + 3 + n - 4) != row_of) {
			row_of = get_u32be(k + 3 + n - 4);
			cover_row_of(t, row_of, &row);
		}
		kv_append(t, DBI_IX, k + 3, n, row.len > 0 ? row.s : "",
		    row.len);
	}
	buf_free(&row);
	/* Every child's row is written: nothing is left for the commit. */
	if (t->err == 0)
		cover_forget(t);
	if (t->err == 0 && ix->err != 0) {
		set_cause(cause, _("cannot read back a temporary file: %s"),
		    strerror(ix->err));
		txn_fail(t, SH_EDB);
	}
	if (t->err != 0 && cause != NULL && *cause == NULL)
		set_cause(cause, "%s", sh_strerror(t->err));
	return t->err;
}

void
ixload_free(struct ixload *ix)
{
	if (ix == NULL)
		return;
	ixload_reset(ix);
	fclose(ix->f);
	buf_free(&ix->keys);
	free(ix->off);
	free(ix);
}
