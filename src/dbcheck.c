/*
 * dbcheck.c -- see dbcheck.h.
 *
 * The index is checked in two directions.  Every key a record's fields
 * call for (the same rec_keys() that rec_put() uses) must be present;
 * and the index must hold no other key.  The second is checked first by
 * counting keys per tag against the expected counts, which is cheap;
 * only when a count differs is every index key traced back to its
 * record, to name the stray ones.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbcheck.h"
#include "audit.h"
#include "dbfile.h"
#include "codec.h"
#include "cover.h"
#include "i18n.h"
#include "model.h"
#include "rec.h"
#include "util.h"

struct checker {
	struct txn	 t;
	void		(*problem)(const char *, void *);
	void		*arg;
	size_t		 problems;
	size_t		 missing;	/* index keys missing */
	size_t		 expected[256];
	size_t		 found[256];
	struct check_stats *stats;
};

static void problemf(struct checker *, const char *, ...) SH_PRINTF(2, 3);

static void
problemf(struct checker *ck, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	ck->problems++;
	if (ck->problem != NULL)
		ck->problem(msg, ck->arg);
	free(msg);
}

const char *
ix_tag_label(unsigned tag)
{
	static char unknown[32];
	size_t i;

	for (i = 0; i < nindex_defs; i++)
		if (index_defs[i].tag == tag)
			return _(index_defs[i].label);
	snprintf(unknown, sizeof unknown, _("tag %u"), tag);
	return unknown;
}

static void
check_record(struct checker *ck, struct rec *r)
{
	const struct schema *sc = r->sc;
	struct rec *copy;
	struct keyset ks;
	struct buf row = { 0 };
	MDB_val v;
	char *cause = NULL;
	enum rtype type;
	uint32_t id;
	size_t i;
	int f;

	copy = rec_dup(r);
	if (rec_validate(copy, NULL, &cause) != 0) {
		problemf(ck, _("%s #%u (%s): %s"), _(sc->label), r->id,
		    rec_title(r), cause);
		free(cause);
		cause = NULL;
	}
	rec_free(copy);
	for (f = 0; f < sc->nfields; f++) {
		if (r->v[f] == NULL || (sc->fields[f].flags & FF_WEAK))
			continue;
		if (sc->fields[f].type == FT_REF) {
			type = sc->fields[f].ref;
			id = rec_ref(r, f);
		} else if (sc->fields[f].type != FT_PERSON ||
		    !person_parse(r->v[f], &type, &id))
			continue;
		if (!rec_exists(&ck->t, type, id))
			problemf(ck, _("%s #%u (%s): %s refers to %s #%u, "
			    "which does not exist"), _(sc->label), r->id,
			    rec_title(r), _(sc->fields[f].label),
			    _(schema_of(type)->label), id);
	}
	/* Each person is on a child's card once. */
	if (sc->type == RT_LINK) {
		if (link_between(&ck->t, rec_ref(r, LINK_CHILD),
		    rec_ref(r, LINK_CONTACT)) != r->id)
			problemf(ck, _("contact #%u is on the card of child "
			    "#%u more than once"), rec_ref(r, LINK_CONTACT),
			    rec_ref(r, LINK_CHILD));
	}

	rec_keys(r, &ks);
	for (i = 0; i < ks.n; i++) {
		ck->expected[ks.keys[i].k[0]]++;
		if (kv_get(&ck->t, DBI_IX, ks.keys[i].k, ks.keys[i].n,
		    &v) != 0) {
			ck->missing++;
			problemf(ck, _("%s #%u (%s): missing from the index of "
			    "%s"), _(sc->label), r->id, rec_title(r),
			    ix_tag_label(ks.keys[i].k[0]));
			continue;
		}
		/*
		 * The list row a name key carries is the records' own; a row
		 * an older program kept (other fields) is read as none.
		 */
		if (!ks.keys[i].cover)
			continue;
		if (!cover_current(v.mv_data, v.mv_size)) {
			if (v.mv_size > 0 && ck->stats != NULL)
				ck->stats->older_rows++;
			continue;
		}
		if (row.len == 0)
			cover_make(&ck->t, r, &row);
		if (v.mv_size != row.len || memcmp(v.mv_data, row.s,
		    row.len) != 0)
			problemf(ck, _("%s #%u (%s): the list row kept in the "
			    "index of %s is out of date"), _(sc->label), r->id,
			    rec_title(r), ix_tag_label(ks.keys[i].k[0]));
	}
	buf_free(&row);
	ks_free(&ks);
}

static void
check_type(struct checker *ck, enum rtype type)
{
	const struct schema *sc = schema_of(type);
	struct kv_cursor c;
	struct rec *r;
	char name[32], *cause = NULL;
	uint32_t id, max = 0, next;
	bool ok;

	for (ok = kv_first(&ck->t, sc->dbi, NULL, 0, &c); ok;
	    ok = kv_next(&c)) {
		if (c.key.mv_size != 4) {
			problemf(ck, _("%s: a key of %zu bytes is not a record "
			    "number"), _(sc->label), c.key.mv_size);
			continue;
		}
		id = get_u32be(c.key.mv_data);
		if (id > max)
			max = id;
		if (rec_decode(type, id, c.val.mv_data, c.val.mv_size, &r,
		    &cause) != 0) {
			problemf(ck, "%s", cause);
			free(cause);
			cause = NULL;
			continue;
		}
		if (ck->stats != NULL)
			ck->stats->records[type]++;
		check_record(ck, r);
		rec_free(r);
	}
	kv_close(&c);
	snprintf(name, sizeof name, "next_id.%s", sc->name);
	next = meta_u32(&ck->t, name);
	if (max > 0 && next <= max)
		problemf(ck, _("the next %s number (%u) is not above the "
		    "highest in use (%u)"), _(sc->label), next, max);
}

/* Traces each index key back to its record, naming stray keys. */
static void
trace_index(struct checker *ck)
{
	struct kv_cursor c;
	struct keyset ks = { 0 };
	struct rec *r = NULL;
	struct ixkey want;
	uint32_t id, cur_id = 0;
	int type, cur_type = -1;
	size_t i;
	bool ok, hit;

	for (ok = kv_first(&ck->t, DBI_IX, NULL, 0, &c); ok;
	    ok = kv_next(&c)) {
		if (c.key.mv_size < 5)
			continue;
		type = ix_tag_type(((unsigned char *)c.key.mv_data)[0]);
		if (type < 0)
			continue;
		id = get_u32be((unsigned char *)c.key.mv_data +
		    c.key.mv_size - 4);
		if (type != cur_type || id != cur_id) {
			ks_free(&ks);
			rec_free(r);
			r = NULL;
			cur_type = type;
			cur_id = id;
			if (rec_get(&ck->t, type, id, &r) == 0)
				rec_keys(r, &ks);
		}
		if (r == NULL) {
			problemf(ck, _("the index of %s refers to %s #%u, "
			    "which does not exist"), ix_tag_label(((unsigned char *)
			    c.key.mv_data)[0]), _(schema_of(type)->label), id);
			continue;
		}
		want.k = c.key.mv_data;
		want.n = c.key.mv_size;
		for (hit = false, i = 0; i < ks.n && !hit; i++)
			hit = ks.keys[i].n == want.n &&
			    memcmp(ks.keys[i].k, want.k, want.n) == 0;
		if (!hit)
			problemf(ck, _("%s #%u (%s): a stale entry in the index "
			    "of %s"), _(schema_of(type)->label), id,
			    rec_title(r), ix_tag_label(want.k[0]));
	}
	kv_close(&c);
	ks_free(&ks);
	rec_free(r);
}

/*
 * What LMDB does not check as it reads: the data file against its meta
 * pages, each tree's entries against its own count, and the pages the
 * trees use against the pages in the file.
 */
static void
check_trees(struct checker *ck, struct db *db)
{
	struct dbfile_info fi;
	struct kv_cursor c;
	MDB_envinfo info;
	MDB_stat st;
	uint64_t pages = 2;	/* the meta pages */
	mdb_filehandle_t fd;
	size_t n;
	char *cause = NULL;
	unsigned d;
	int rc;
	bool ok;

	/* Through LMDB's own descriptor: closing another drops its locks. */
	if (mdb_env_get_fd(db->env, &fd) == 0 &&
	    dbfile_read(fd, db->path, &fi, &cause) != 0) {
		problemf(ck, "%s", cause);
		free(cause);
	}
	for (d = 0; d < 2; d++)	/* LMDB's free-page and main trees */
		if (mdb_stat(ck->t.t, d, &st) == 0)
			pages += st.ms_branch_pages + st.ms_leaf_pages +
			    st.ms_overflow_pages;
	for (d = 0; d < DBI__COUNT; d++) {
		if ((rc = mdb_stat(ck->t.t, db->dbi[d], &st)) != 0) {
			problemf(ck, _("the tree of %s cannot be read: %s"),
			    db_dbi_name(d), mdb_strerror(rc));
			continue;
		}
		pages += st.ms_branch_pages + st.ms_leaf_pages +
		    st.ms_overflow_pages;
		n = 0;
		for (ok = kv_first(&ck->t, d, NULL, 0, &c); ok;
		    ok = kv_next(&c))
			n++;
		kv_close(&c);
		if (ck->t.err == 0 && n != st.ms_entries)
			problemf(ck, _("the tree of %s says it holds %zu "
			    "entries but holds %zu"), db_dbi_name(d),
			    (size_t)st.ms_entries, n);
	}
	mdb_env_info(db->env, &info);
	if (pages > (uint64_t)info.me_last_pgno + 1)
		problemf(ck, _("the trees use %llu pages, more than the %llu "
		    "in the file"), (unsigned long long)pages,
		    (unsigned long long)info.me_last_pgno + 1);
}

size_t
db_check(struct db *db, void (*problem)(const char *, void *), void *arg,
    struct check_stats *stats)
{
	struct checker ck;
	struct kv_cursor c;
	uint32_t version;
	bool ok, differ = false;
	int type, tag;

	memset(&ck, 0, sizeof ck);
	ck.problem = problem;
	ck.arg = arg;
	ck.stats = stats;
	if (stats != NULL)
		memset(stats, 0, sizeof *stats);
	if (txn_read(db, &ck.t) != 0) {
		problemf(&ck, _("cannot read the database"));
		return ck.problems;
	}
	version = meta_u32(&ck.t, "schema_version");
	if (version != SCHEMA_VERSION)
		problemf(&ck, _("schema version %u, expected %u"), version,
		    SCHEMA_VERSION);
	check_trees(&ck, db);
	for (type = 0; type < RT__COUNT; type++)
		check_type(&ck, type);

	for (ok = kv_first(&ck.t, DBI_IX, NULL, 0, &c); ok;
	    ok = kv_next(&c)) {
		tag = c.key.mv_size > 0 ? ((unsigned char *)c.key.mv_data)[0] :
		    0;
		if (c.key.mv_size < 5 || ix_tag_type(tag) < 0) {
			problemf(&ck, _("an index key of %zu bytes with tag %d "
			    "belongs to nothing"), c.key.mv_size, tag);
			continue;
		}
		ck.found[tag]++;
		if (stats != NULL)
			stats->index_keys++;
	}
	kv_close(&c);
	/*
	 * Equal counts and no key missing mean the index is exactly what the
	 * records call for; otherwise name the stray keys too.
	 */
	for (tag = 0; tag < 256; tag++)
		if (ck.found[tag] != ck.expected[tag])
			differ = true;
	if (differ || ck.missing > 0)
		trace_index(&ck);
	ck.problems += audit_check(&ck.t, ck.problem, ck.arg);
	if (ck.t.err != 0)
		problemf(&ck, _("reading stopped: %s"), sh_strerror(ck.t.err));
	txn_end(&ck.t);
	if (stats != NULL)
		stats->problems = ck.problems;
	return ck.problems;
}

char *
check_stats_line(const struct check_stats *st)
{
	struct buf b = { 0 };
	int type;

	for (type = 0; type < RT__COUNT; type++)
		if (st->records[type] > 0)
			buf_addf(&b, "%s%s %zu", b.len ? ", " : "",
			    _(schema_of(type)->label), st->records[type]);
	buf_addf(&b, "; %s %zu", _("index entries"), st->index_keys);
	return buf_take(&b);
}

/* The index keys before a repair, in LMDB's order. */
struct oldkeys {
	struct buf	 bytes;		/* 2-byte length, then the key */
	size_t		 n;
};

/* LMDB's default order: bytes, then the shorter first. */
static int
key_cmp(const unsigned char *a, size_t an, const unsigned char *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);

	if (c != 0)
		return c;
	return an < bn ? -1 : an > bn;
}

static int
repair_write(struct txn *t, void *arg, char **cause)
{
	struct repair_stats *rs = arg;
	struct oldkeys old = { { 0 }, 0 };
	struct kv_cursor c;
	const unsigned char *k = NULL;
	size_t kn = 0, pos = 0;
	unsigned char len[2];
	bool ok;
	int rc, cmp;

	memset(rs, 0, sizeof *rs);
	for (ok = kv_first(t, DBI_IX, NULL, 0, &c); ok; ok = kv_next(&c)) {
		len[0] = c.key.mv_size >> 8;
		len[1] = c.key.mv_size & 0xff;
		buf_add(&old.bytes, len, 2);
		buf_add(&old.bytes, c.key.mv_data, c.key.mv_size);
		old.n++;
	}
	kv_close(&c);
	if ((rc = rec_reindex(t, cause)) != 0) {
		buf_free(&old.bytes);
		return rc;
	}
	/* Both sides sorted: walk them side by side. */
	ok = kv_first(t, DBI_IX, NULL, 0, &c);
	for (;;) {
		if (k == NULL && pos < old.bytes.len) {
			k = (const unsigned char *)old.bytes.s + pos + 2;
			kn = (size_t)k[-2] << 8 | k[-1];
			pos += 2 + kn;
		}
		if (k == NULL && !ok)
			break;
		cmp = k == NULL ? 1 : !ok ? -1 : key_cmp(k, kn,
		    c.key.mv_data, c.key.mv_size);
		if (cmp < 0) {
			rs->removed[kn > 0 ? k[0] : 0]++;
			rs->total_removed++;
		} else if (cmp > 0) {
			rs->added[((unsigned char *)c.key.mv_data)[0]]++;
			rs->total_added++;
		}
		if (cmp <= 0)
			k = NULL;
		if (cmp >= 0)
			ok = kv_next(&c);
	}
	kv_close(&c);
	buf_free(&old.bytes);
	return t->err;
}

int
db_repair(struct db *db, struct repair_stats *rs, char **cause)
{
	return db_write(db, repair_write, rs, cause);
}
