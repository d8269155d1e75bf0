/*
 * audit.c -- see audit.h.
 *
 * Appending reads the last entry with a cursor and hashes it, so the
 * chain needs nothing but the database itself.  The check walks the
 * trail once, keeping per record type an array (by id) of the newest
 * change entry's hash of the record, then walks the records once.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <nettle/sha2.h>

#include "audit.h"
#include "codec.h"
#include "i18n.h"
#include "schema.h"
#include "util.h"

#define AUDIT_FORMAT 1
#define CHAIN_LEN SHA256_DIGEST_SIZE
#define MAX_LOGIN 64
#define MAX_TEXT 65536

static uint32_t audit_staff;

static const char *const kind_names[AUDIT__COUNT] = {
	[AUDIT_BEGIN] = N_("begin"),
	[AUDIT_CHANGE] = N_("change"),
	[AUDIT_VIEW] = N_("view"),
	[AUDIT_EXPORT] = N_("export"),
	[AUDIT_PRINT] = N_("print"),
	[AUDIT_BACKUP] = N_("backup"),
	[AUDIT_REFUSED] = N_("refused"),
};

void
audit_set_staff(uint32_t staff)
{
	audit_staff = staff;
}

bool
audit_may_read(struct db *db)
{
	return true;
}

const char *
audit_kind_name(enum audit_kind k)
{
	return k < AUDIT__COUNT ? kind_names[k] : "?";
}

int
audit_kind_parse(const char *s)
{
	int k;

	for (k = AUDIT_CHANGE; k < AUDIT__COUNT; k++)
		if (strcmp(s, kind_names[k]) == 0)
			return k;
	return -1;
}

/* The hash an entry's successor carries. */
static void
entry_hash(const void *k, size_t kn, const void *v, size_t vn,
    unsigned char out[CHAIN_LEN])
{
	struct sha256_ctx h;

	sha256_init(&h);
	sha256_update(&h, kn, k);
	sha256_update(&h, vn, v);
	sha256_digest(&h, CHAIN_LEN, out);
}

/* What the first entry carries instead. */
static void
chain_start(unsigned char out[CHAIN_LEN])
{
	static const char start[] = "shouhu audit trail";

	entry_hash(start, sizeof start - 1, "", 0, out);
}

static void
record_hash(const void *p, size_t n, unsigned char out[AUDIT_RECHASH])
{
	struct sha256_ctx h;

	sha256_init(&h);
	sha256_update(&h, n, p);
	sha256_digest(&h, AUDIT_RECHASH, out);
}

static size_t
count_records(struct txn *t)
{
	size_t n = 0;
	int type;

	for (type = 0; type < RT__COUNT; type++)
		n += kv_count(t, schema_of(type)->dbi);
	return n;
}

/* Starts an entry of a kind: its header after the chain hash. */
static void
entry_head(struct txn *t, struct buf *b, enum audit_kind kind, int type,
    uint32_t id)
{
	static const unsigned char later[CHAIN_LEN];

	wr_u8(b, AUDIT_FORMAT << 4 | kind);
	buf_add(b, later, CHAIN_LEN);	/* filled in by entry_write */
	wr_svarint(b, (int64_t)time(NULL));
	wr_str(b, t->db->user != NULL ? t->db->user : login_name());
	wr_varint(b, audit_staff);
	wr_u8(b, (uint8_t)type);
	wr_varint(b, id);
}

/* Appends the entry in b (made by entry_head), chaining it. */
static void
entry_write(struct txn *t, struct buf *b)
{
	MDB_cursor *c;
	MDB_val k, v;
	unsigned char key[4], prev[CHAIN_LEN];
	uint32_t seq = 1;
	int rc;

	if (t->err != 0)
		return;
	if ((rc = mdb_cursor_open(t->t, t->db->dbi[DBI_AUDIT], &c)) != 0) {
		txn_fail(t, SH_EDB);
		return;
	}
	rc = mdb_cursor_get(c, &k, &v, MDB_LAST);
	if (rc == 0 && k.mv_size == 4) {
		seq = get_u32be(k.mv_data) + 1;
		entry_hash(k.mv_data, k.mv_size, v.mv_data, v.mv_size, prev);
	}
	mdb_cursor_close(c);
	if (rc == MDB_NOTFOUND && (b->s[0] & 0x0f) != AUDIT_BEGIN) {
		/* A trail starts by saying what was there before it. */
		struct buf first = { 0 };

		entry_head(t, &first, AUDIT_BEGIN, AUDIT_NOTYPE, 0);
		wr_varint(&first, count_records(t));
		entry_write(t, &first);
		buf_free(&first);
		entry_write(t, b);
		return;
	}
	if (rc == MDB_NOTFOUND)
		chain_start(prev);
	else if (rc != 0 || k.mv_size != 4) {
		txn_fail(t, rc == 0 ? SH_ECORRUPT : SH_EDB);
		return;
	}
	if (seq == 0) {
		txn_fail(t, SH_ENOSPACE);
		return;
	}
	memcpy(b->s + 1, prev, CHAIN_LEN);
	put_u32be(key, seq);
	kv_append(t, DBI_AUDIT, key, 4, b->s, b->len);
}

void
audit_append(struct txn *t, enum audit_kind kind, int type, uint32_t id,
    const char *what)
{
	struct buf b = { 0 };

	entry_head(t, &b, kind, type, id);
	/* A view names its record, or says what was seen (a list). */
	if (kind != AUDIT_VIEW || type == AUDIT_NOTYPE)
		wr_str(&b, what != NULL ? what : "");
	entry_write(t, &b);
	buf_free(&b);
}

/* A change entry: old NULL for a create, new NULL for a delete. */
static void
change_entry(struct txn *t, const struct schema *sc, uint32_t id,
    const struct rec *old, const struct rec *new, const void *p, size_t n)
{
	struct buf b = { 0 };
	unsigned char h[AUDIT_RECHASH];
	const char *o, *w;
	size_t count = 0, pass;
	int i;

	entry_head(t, &b, AUDIT_CHANGE, sc->type, id);
	wr_u8(&b, old == NULL ? AUDIT_CREATE : new == NULL ? AUDIT_DELETE :
	    AUDIT_UPDATE);
	if (new != NULL) {
		record_hash(p, n, h);
		buf_add(&b, h, sizeof h);
	}
	/*
	 * First count the fields that differ, then write them.  A bulk load
	 * (the demo) records each record it makes by its hash alone.
	 */
	for (pass = old == NULL && t->defer_index ? 1 : 0; pass < 2; pass++) {
		if (pass == 1)
			wr_varint(&b, count);
		for (i = 0; i < sc->nfields; i++) {
			o = old != NULL ? rec_str(old, i) : "";
			w = new != NULL ? rec_str(new, i) : "";
			if (strcmp(o, w) == 0 || (old == NULL &&
			    t->defer_index))
				continue;
			if (pass == 0) {
				count++;
				continue;
			}
			wr_u8(&b, sc->fields[i].tag);
			wr_str(&b, o);
			wr_str(&b, w);
		}
	}
	entry_write(t, &b);
	buf_free(&b);
}

/* The stored record, or NULL (none, or undecodable: then all is new). */
static struct rec *
stored(struct txn *t, const struct schema *sc, uint32_t id)
{
	unsigned char k[4];
	struct rec *r = NULL;
	MDB_val v;

	if (id == 0)
		return NULL;
	put_u32be(k, id);
	if (kv_get(t, sc->dbi, k, 4, &v) != 0)
		return NULL;
	if (rec_decode(sc->type, id, v.mv_data, v.mv_size, &r, NULL) != 0)
		return NULL;
	return r;
}

void
audit_put(struct txn *t, const struct rec *r, const void *p, size_t n)
{
	struct rec *old;

	if (t->err != 0)
		return;
	old = stored(t, r->sc, r->id);
	change_entry(t, r->sc, r->id, old, r, p, n);
	rec_free(old);
}

void
audit_del(struct txn *t, enum rtype type, uint32_t id)
{
	const struct schema *sc = schema_of(type);
	struct rec *old;

	if (t->err != 0)
		return;
	if ((old = stored(t, sc, id)) == NULL)
		old = rec_new(type);	/* still says it went */
	change_entry(t, sc, id, old, NULL, NULL, 0);
	rec_free(old);
}

struct note_arg {
	enum audit_kind	 kind;
	int		 type;
	uint32_t	 id;
	const char	*what;
};

static int
note_fn(struct txn *t, void *arg, char **cause)
{
	struct note_arg *a = arg;

	audit_append(t, a->kind, a->type, a->id, a->what);
	return t->err;
}

int
audit_view(struct db *db, enum rtype type, uint32_t id, char **cause)
{
	struct note_arg a = { AUDIT_VIEW, type, id, NULL };

	return db_write(db, note_fn, &a, cause);
}

int
audit_note(struct db *db, enum audit_kind kind, const char *what,
    char **cause)
{
	struct note_arg a = { kind, AUDIT_NOTYPE, 0, what };

	return db_write(db, note_fn, &a, cause);
}

int
audit_first(struct db *db, enum audit_kind kind, int type, uint32_t id,
    const char *what, char **cause)
{
	struct note_arg a = { kind, type, id, what };
	char *why = NULL;
	int rc;

	if (db->readonly || (rc = db_write(db, note_fn, &a, &why)) == 0)
		return 0;
	set_cause(cause, _("nothing was shown, written or printed: its entry "
	    "in the audit trail could not be written (%s)"), why != NULL ?
	    why : sh_strerror(rc));
	free(why);
	return rc;
}

/* ---- reading ---- */

static char *
rd_text(struct rd *rd, size_t max)
{
	size_t n;
	const char *s = rd_bytes(rd, &n);

	if (rd->err || n > max || memchr(s, '\0', n) != NULL) {
		rd->err = 1;
		return NULL;
	}
	return xstrndup(s, n);
}

void
audit_entry_free(struct audit_entry *e)
{
	size_t i;

	free(e->login);
	free(e->what);
	for (i = 0; i < e->nfields; i++) {
		free(e->fields[i].old);
		free(e->fields[i].new);
	}
	free(e->fields);
	memset(e, 0, sizeof *e);
}

int
audit_decode(uint32_t seq, const void *p, size_t n, struct audit_entry *e)
{
	const struct schema *sc = NULL;
	struct audit_field *f;
	struct rd rd;
	uint64_t count, i, id, staff;
	uint8_t b, tag;
	int j;

	memset(e, 0, sizeof *e);
	e->seq = seq;
	rd_init(&rd, p, n);
	b = rd_u8(&rd);
	if ((b >> 4) != AUDIT_FORMAT || (b & 0x0f) >= AUDIT__COUNT)
		return SH_ECORRUPT;
	e->kind = b & 0x0f;
	if (rd_left(&rd) < CHAIN_LEN)
		return SH_ECORRUPT;
	rd.p += CHAIN_LEN;
	e->time = rd_svarint(&rd);
	e->login = rd_text(&rd, MAX_LOGIN);
	staff = rd_varint(&rd);
	e->type = rd_u8(&rd);
	id = rd_varint(&rd);
	if (rd.err || staff > UINT32_MAX || id > UINT32_MAX ||
	    (e->type != AUDIT_NOTYPE && e->type >= RT__COUNT))
		goto bad;
	e->staff = (uint32_t)staff;
	e->id = (uint32_t)id;
	switch (e->kind) {
	case AUDIT_BEGIN:
		e->records = rd_varint(&rd);
		break;
	case AUDIT_CHANGE:
		if (e->type == AUDIT_NOTYPE)
			goto bad;
		sc = schema_of(e->type);
		e->op = rd_u8(&rd);
		if (e->op < AUDIT_CREATE || e->op > AUDIT_DELETE)
			goto bad;
		if (e->op != AUDIT_DELETE) {
			if (rd_left(&rd) < AUDIT_RECHASH)
				goto bad;
			memcpy(e->rechash, rd.p, AUDIT_RECHASH);
			rd.p += AUDIT_RECHASH;
		}
		count = rd_varint(&rd);
		if (rd.err || count > (uint64_t)sc->nfields)
			goto bad;
		e->fields = xcalloc(count + 1, sizeof *e->fields);
		for (i = 0; i < count; i++) {
			tag = rd_u8(&rd);
			for (j = 0; j < sc->nfields; j++)
				if (sc->fields[j].tag == tag)
					break;
			if (rd.err || j == sc->nfields)
				goto bad;
			f = &e->fields[e->nfields++];
			f->field = j;
			f->old = rd_text(&rd, MAX_TEXT);
			f->new = rd_text(&rd, MAX_TEXT);
			if (rd.err)
				goto bad;
		}
		break;
	case AUDIT_VIEW:
		if (e->type != AUDIT_NOTYPE)
			break;
		/* FALLTHROUGH */
	default:
		e->what = rd_text(&rd, MAX_TEXT);
		break;
	}
	if (!rd.err && rd_left(&rd) == 0)
		return 0;
bad:
	audit_entry_free(e);
	return SH_ECORRUPT;
}

/* A few record ids of one type: what hangs from a child. */
struct idset {
	uint32_t	*v;
	size_t		 n;
};

static bool
idset_has(const struct idset *s, uint32_t id)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i] == id)
			return true;
	return false;
}

static void
idset_add(struct idset *s, uint32_t id)
{
	if (id == 0 || idset_has(s, id))
		return;
	s->v = xreallocarray(s->v, s->n + 1, sizeof *s->v);
	s->v[s->n++] = id;
}

struct related {
	uint32_t	 child;
	struct idset	 links, contacts, pairs;
};

/* Is a change entry's field (old or new) the id? */
static bool
field_is(const struct audit_entry *e, int field, uint32_t id, uint32_t *other,
    int other_field)
{
	char s[16];
	bool hit = false;
	size_t i;

	snprintf(s, sizeof s, "%u", id);
	for (i = 0; i < e->nfields; i++)
		if (e->fields[i].field == field &&
		    (strcmp(e->fields[i].old, s) == 0 ||
		    strcmp(e->fields[i].new, s) == 0))
			hit = true;
	*other = 0;
	for (i = 0; hit && i < e->nfields; i++)
		if (e->fields[i].field == other_field)
			*other = (uint32_t)strtoul(*e->fields[i].new != '\0' ?
			    e->fields[i].new : e->fields[i].old, NULL, 10);
	return hit;
}

/* The links, contacts and pairs of a child, now and in the trail. */
static void
find_related(struct txn *t, struct related *rel)
{
	struct audit_entry e;
	struct kv_cursor c;
	unsigned char p[5];
	struct rec *l;
	uint32_t other;
	size_t i;
	bool ok;

	p[0] = IX_CHILD_LINK;
	put_u32be(p + 1, rel->child);
	for (ok = kv_first(t, DBI_IX, p, 5, &c); ok; ok = kv_next(&c))
		if (c.key.mv_size == 9)
			idset_add(&rel->links, get_u32be(
			    (unsigned char *)c.key.mv_data + 5));
	kv_close(&c);
	p[0] = IX_CHILD_PAIR;
	for (ok = kv_first(t, DBI_IX, p, 5, &c); ok; ok = kv_next(&c))
		if (c.key.mv_size == 9)
			idset_add(&rel->pairs, get_u32be(
			    (unsigned char *)c.key.mv_data + 5));
	kv_close(&c);
	for (i = 0; i < rel->links.n; i++) {
		if (rec_get(t, RT_LINK, rel->links.v[i], &l) != 0)
			continue;
		idset_add(&rel->contacts, rec_ref(l, LINK_CONTACT));
		rec_free(l);
	}
	/* Links and pairs made or removed earlier name the child too. */
	for (ok = kv_first(t, DBI_AUDIT, NULL, 0, &c); ok; ok = kv_next(&c)) {
		if (c.key.mv_size != 4 || c.val.mv_size < 1 ||
		    (((const unsigned char *)c.val.mv_data)[0] & 0x0f) !=
		    AUDIT_CHANGE)
			continue;
		if (audit_decode(get_u32be(c.key.mv_data), c.val.mv_data,
		    c.val.mv_size, &e) != 0)
			continue;
		if (e.type == RT_LINK && field_is(&e, LINK_CHILD, rel->child,
		    &other, LINK_CONTACT)) {
			idset_add(&rel->links, e.id);
			idset_add(&rel->contacts, other);
		} else if (e.type == RT_PAIR && field_is(&e, PAIR_CHILD,
		    rel->child, &other, PAIR_STAFF))
			idset_add(&rel->pairs, e.id);
		audit_entry_free(&e);
	}
	kv_close(&c);
}

static bool
selected(const struct audit_filter *f, const struct related *rel,
    const struct audit_entry *e)
{
	if (f->kind >= 0 && (int)e->kind != f->kind)
		return false;
	if (f->kind < 0 && e->kind == AUDIT_BEGIN)
		return false;
	if (f->login != NULL && strcmp(f->login, e->login) != 0)
		return false;
	if (f->since != 0 && e->time < f->since)
		return false;
	if (f->until != 0 && e->time >= f->until)
		return false;
	if (f->child == 0)
		return true;
	switch (e->type) {
	case RT_CHILD:
		return e->id == f->child;
	case RT_LINK:
		return idset_has(&rel->links, e->id);
	case RT_CONTACT:
		return idset_has(&rel->contacts, e->id);
	case RT_PAIR:
		return idset_has(&rel->pairs, e->id);
	default:
		return false;
	}
}

int
audit_scan(struct txn *t, const struct audit_filter *f, audit_fn fn,
    void *arg)
{
	struct related rel;
	struct audit_entry e;
	struct kv_cursor c;
	bool ok;
	int rc = 0;

	memset(&rel, 0, sizeof rel);
	rel.child = f->child;
	if (f->child != 0)
		find_related(t, &rel);
	for (ok = kv_first(t, DBI_AUDIT, NULL, 0, &c); ok && rc == 0;
	    ok = kv_next(&c)) {
		if (c.key.mv_size != 4 || audit_decode(get_u32be(
		    c.key.mv_data), c.val.mv_data, c.val.mv_size, &e) != 0)
			continue;
		if (selected(f, &rel, &e))
			rc = fn(&e, arg);
		audit_entry_free(&e);
	}
	kv_close(&c);
	free(rel.links.v);
	free(rel.contacts.v);
	free(rel.pairs.v);
	return rc;
}

int
audit_child_history(struct txn *t, uint32_t child, audit_fn fn, void *arg)
{
	struct audit_entry e;
	struct kv_cursor c;
	const unsigned char *v;
	bool ok;
	int rc = 0;

	for (ok = kv_first(t, DBI_AUDIT, NULL, 0, &c); ok && rc == 0;
	    ok = kv_next(&c)) {
		v = c.val.mv_data;
		/* Only change entries are decoded. */
		if (c.key.mv_size != 4 || c.val.mv_size < 1 ||
		    (v[0] & 0x0f) != AUDIT_CHANGE)
			continue;
		if (audit_decode(get_u32be(c.key.mv_data), v, c.val.mv_size,
		    &e) != 0)
			continue;
		if (e.type == RT_CHILD && e.id == child)
			rc = fn(&e, arg);
		audit_entry_free(&e);
	}
	kv_close(&c);
	return rc;
}

/* ---- checking ---- */

enum { SEEN_NONE, SEEN_STORED, SEEN_DELETED, SEEN_FOUND };
struct seen {
	unsigned char	 h[AUDIT_RECHASH];
	uint8_t		 state;
};
struct auditor {
	void		(*problem)(const char *, void *);
	void		*arg;
	size_t		 problems;
	struct seen	*seen[RT__COUNT];
	size_t		 n[RT__COUNT];
	uint32_t	 limit[RT__COUNT];	/* ids are below it */
};

static void auditor_problem(struct auditor *, const char *, ...)
    SH_PRINTF(2, 3);

static void
auditor_problem(struct auditor *a, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	a->problems++;
	if (a->problem != NULL)
		a->problem(msg, a->arg);
	free(msg);
}

/* NULL for an id no record was ever given (the index check names it). */
static struct seen *
seen_at(struct auditor *a, int type, uint32_t id)
{
	size_t n = a->n[type];

	if (id >= a->limit[type])
		return NULL;
	if (id >= n) {
		while (n <= id)
			n = n ? n * 2 : 1024;
		a->seen[type] = xreallocarray(a->seen[type], n,
		    sizeof **a->seen);
		memset(a->seen[type] + a->n[type], 0,
		    (n - a->n[type]) * sizeof **a->seen);
		a->n[type] = n;
	}
	return &a->seen[type][id];
}

/* The chain; returns whether records must all have entries. */
static bool
check_chain(struct txn *t, struct auditor *a)
{
	unsigned char prev[CHAIN_LEN];
	struct audit_entry e;
	struct kv_cursor c;
	struct seen *s;
	uint32_t seq, last = 0;
	bool ok, all = false;

	chain_start(prev);
	for (ok = kv_first(t, DBI_AUDIT, NULL, 0, &c); ok; ok = kv_next(&c)) {
		if (c.key.mv_size != 4) {
			auditor_problem(a, _("the audit trail holds a key of "
			    "%zu bytes: it was changed outside the program"),
			    c.key.mv_size);
			continue;
		}
		seq = get_u32be(c.key.mv_data);
		if (c.val.mv_size < 1 + CHAIN_LEN || seq != last + 1 ||
		    memcmp((const unsigned char *)c.val.mv_data + 1, prev,
		    CHAIN_LEN) != 0) {
			if (last == 0)
				auditor_problem(a, _("audit entry %u does not "
				    "begin the trail: an entry was removed or "
				    "changed outside the program"), seq);
			else
				auditor_problem(a, _("audit entry %u does not "
				    "follow entry %u: an entry was removed or "
				    "changed outside the program"), seq, last);
		}
		entry_hash(c.key.mv_data, 4, c.val.mv_data, c.val.mv_size,
		    prev);
		last = seq;
		if (audit_decode(seq, c.val.mv_data, c.val.mv_size, &e) != 0) {
			auditor_problem(a, _("audit entry %u cannot be read: it "
			    "was changed outside the program"), seq);
			continue;
		}
		if (e.kind == AUDIT_BEGIN && seq == 1)
			all = e.records == 0;
		if (e.kind == AUDIT_CHANGE &&
		    (s = seen_at(a, e.type, e.id)) == NULL)
			auditor_problem(a, _("audit entry %u names %s #%u, a "
			    "number never given: it was changed outside the "
			    "program"), seq, _(schema_of(e.type)->label), e.id);
		else if (e.kind == AUDIT_CHANGE) {
			s->state = e.op == AUDIT_DELETE ? SEEN_DELETED :
			    SEEN_STORED;
			memcpy(s->h, e.rechash, sizeof s->h);
		}
		audit_entry_free(&e);
	}
	kv_close(&c);
	return all;
}

size_t
audit_check(struct txn *t, void (*problem)(const char *, void *), void *arg)
{
	const struct schema *sc;
	unsigned char h[AUDIT_RECHASH];
	struct auditor a;
	struct kv_cursor c;
	struct seen *s;
	char name[32];
	uint32_t id;
	size_t i;
	bool ok, all;
	int type;

	memset(&a, 0, sizeof a);
	a.problem = problem;
	a.arg = arg;
	for (type = 0; type < RT__COUNT; type++) {
		snprintf(name, sizeof name, "next_id.%s",
		    schema_of(type)->name);
		a.limit[type] = meta_u32(t, name);
	}
	all = check_chain(t, &a);
	for (type = 0; type < RT__COUNT; type++) {
		sc = schema_of(type);
		for (ok = kv_first(t, sc->dbi, NULL, 0, &c); ok;
		    ok = kv_next(&c)) {
			if (c.key.mv_size != 4)
				continue;	/* dbcheck names it */
			id = get_u32be(c.key.mv_data);
			s = seen_at(&a, type, id);
			if (s == NULL || s->state == SEEN_NONE) {
				if (all)
					auditor_problem(&a, _("%s #%u has no "
					    "entry in the audit trail: it was "
					    "added outside the program"),
					    _(sc->label), id);
				continue;
			}
			record_hash(c.val.mv_data, c.val.mv_size, h);
			if (s->state == SEEN_DELETED)
				auditor_problem(&a, _("%s #%u was deleted but is "
				    "stored again: it was put back outside the "
				    "program"), _(sc->label), id);
			else if (memcmp(h, s->h, sizeof h) != 0)
				auditor_problem(&a, _("%s #%u was changed "
				    "outside the program"), _(sc->label), id);
			s->state = SEEN_FOUND;
		}
		kv_close(&c);
		for (i = 0; i < a.n[type]; i++)
			if (a.seen[type][i].state == SEEN_STORED)
				auditor_problem(&a, _("%s #%zu was deleted "
				    "outside the program"), _(sc->label), i);
		free(a.seen[type]);
	}
	return a.problems;
}

char *
audit_value_shown(const struct field *fd, const char *v)
{
	char *d, *s;

	if (*v == '\0')
		return xstrdup(_("(empty)"));
	d = field_display(fd, v);
	s = str_safe(d, false);
	free(d);
	return s;
}
