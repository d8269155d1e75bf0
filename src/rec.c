/*
 * rec.c -- see rec.h.
 *
 * rec_access() is the single place where what the acting user may do is
 * decided; every function here that reads or writes a stored record
 * calls it first.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "access.h"
#include "audit.h"
#include "codec.h"
#include "cover.h"
#include "i18n.h"
#include "plan.h"
#include "rec.h"
#include "schema.h"
#include "util.h"

#define REC_FORMAT 1
#define MAX_USER 64
#define MAX_VALUE 8192

enum access_op { ACC_READ, ACC_WRITE, ACC_DELETE };

/*
 * May the acting user do op on a record of this type?  A database opened
 * read-only refuses every change; a child is read and written only by
 * those who may see it (access.h), whatever the operation.  What hangs
 * from a child is checked once read (rec_allowed()).
 */
static int
rec_access(struct txn *t, enum access_op op, const struct schema *sc,
    uint32_t id, char **cause)
{
	if (op != ACC_READ && t->db->readonly) {
		set_cause(cause, _("%s may not change the database here"),
		    t->db->user);
		return SH_EPERM;
	}
	if (sc->type == RT_CHILD && id != 0 && op == ACC_READ &&
	    !access_child(id)) {
		set_cause(cause, _("%s may not see child #%u"), t->db->user,
		    id);
		return SH_EPERM;
	}
	if (sc->type == RT_CHILD && id != 0 && op != ACC_READ &&
	    !access_child_write(id)) {
		set_cause(cause, _("%s may not change child #%u"),
		    t->db->user, id);
		return SH_EPERM;
	}
	return 0;
}

/* May the acting user read a decoded record?  Frees it when not. */
static int
rec_allowed(struct rec **r)
{
	if (*r == NULL || access_record(*r, NULL))
		return 0;
	rec_free(*r);
	*r = NULL;
	return SH_EPERM;
}

/* Frees field f's value unless it is in the record's block. */
static void
value_free(struct rec *r, int f)
{
	char *v = r->v[f];

	if (v != NULL && !(r->block != NULL && v >= r->block &&
	    v < r->block + r->blocklen))
		free(v);
	r->v[f] = NULL;
}

struct rec *
rec_new(enum rtype type)
{
	struct rec *r = xcalloc(1, sizeof *r);
	int i;

	r->sc = schema_of(type);
	for (i = 0; i < r->sc->nfields; i++)
		if (r->sc->fields[i].def != NULL)
			r->v[i] = xstrdup(r->sc->fields[i].def);
	return r;
}

struct rec *
rec_dup(const struct rec *r)
{
	struct rec *d = xcalloc(1, sizeof *d);
	int i;

	*d = *r;
	d->block = NULL;
	d->blocklen = 0;
	d->created_by = r->created_by ? xstrdup(r->created_by) : NULL;
	d->updated_by = r->updated_by ? xstrdup(r->updated_by) : NULL;
	for (i = 0; i < r->sc->nfields; i++)
		d->v[i] = r->v[i] ? xstrdup(r->v[i]) : NULL;
	return d;
}

void
rec_free(struct rec *r)
{
	int i;

	if (r == NULL)
		return;
	for (i = 0; i < r->sc->nfields; i++)
		value_free(r, i);
	free(r->block);
	free(r->created_by);
	free(r->updated_by);
	free(r);
}

uint32_t
rec_ref(const struct rec *r, int f)
{
	const char *s = rec_str(r, f);

	return id_in(s, strlen(s));
}

void
rec_set(struct rec *r, int f, const char *value)
{
	char *copy = value != NULL && *value != '\0' ? xstrdup(value) : NULL;

	value_free(r, f);	/* (value may be the old value itself) */
	r->v[f] = copy;
}

void
rec_set_ref(struct rec *r, int f, uint32_t id)
{
	char s[16];

	if (id == 0) {
		rec_set(r, f, NULL);
		return;
	}
	snprintf(s, sizeof s, "%u", id);
	rec_set(r, f, s);
}

const char *
rec_title(const struct rec *r)
{
	return rec_str(r, r->sc->title);
}

int
rec_input(struct rec *r, int f, const char *input, char **cause)
{
	const struct field *fd = &r->sc->fields[f];
	char *out = NULL, *reason = NULL, *shown;

	if (field_normalize(fd, input, &out, &reason) != 0) {
		shown = str_trim(input);
		set_cause(cause, "%s \"%s\": %s", _(fd->label), shown,
		    reason != NULL ? reason : _("invalid value"));
		free(shown);
		free(reason);
		return -1;
	}
	rec_set(r, f, out);
	free(out);
	return 0;
}

int
rec_validate(struct rec *r, int *field, char **cause)
{
	const struct field *fd;
	char *out, *reason;
	int i, bad = -1;

	if (field == NULL)
		field = &bad;
	if (r->sc->fill != NULL)
		r->sc->fill(r);
	for (i = 0; i < r->sc->nfields; i++) {
		fd = &r->sc->fields[i];
		if (r->v[i] == NULL) {
			if (fd->flags & FF_REQUIRED) {
				*field = i;
				set_cause(cause, _("%s: required"),
				    _(fd->label));
				return -1;
			}
			continue;
		}
		out = reason = NULL;
		if (field_normalize(fd, r->v[i], &out, &reason) != 0 ||
		    strcmp(out, r->v[i]) != 0) {
			*field = i;
			set_cause(cause, "%s \"%s\": %s", _(fd->label),
			    r->v[i], reason != NULL ? reason :
			    _("not in normal form"));
			free(out);
			free(reason);
			return -1;
		}
		free(out);
	}
	if (r->sc->check != NULL && r->sc->check(r, field, cause) != 0)
		return -1;
	return 0;
}

void
rec_encode(const struct rec *r, struct buf *b)
{
	int i, count = 0;

	wr_u8(b, REC_FORMAT);
	wr_u8(b, (uint8_t)r->sc->type);
	wr_varint(b, r->version);
	wr_svarint(b, r->created);
	wr_svarint(b, r->updated);
	wr_str(b, r->created_by != NULL ? r->created_by : "");
	wr_str(b, r->updated_by != NULL ? r->updated_by : "");
	for (i = 0; i < r->sc->nfields; i++)
		if (r->v[i] != NULL)
			count++;
	wr_varint(b, count);
	for (i = 0; i < r->sc->nfields; i++) {
		if (r->v[i] == NULL)
			continue;
		wr_u8(b, r->sc->fields[i].tag);
		wr_str(b, r->v[i]);
	}
}

static int decode_some(enum rtype, uint32_t, const void *, size_t, uint64_t,
    struct rec **, char **);

/* Reads a string into *into (a NUL after it), else a new allocation. */
static char *
decode_str_in(struct rd *rd, size_t max, char **into)
{
	size_t n;
	const char *s = rd_bytes(rd, &n);
	char *v;

	if (rd->err || n > max || !u8_text(s, n)) {
		rd->err = 1;
		return NULL;
	}
	if (into == NULL)
		return xstrndup(s, n);
	v = *into;
	memcpy(v, s, n);
	v[n] = '\0';
	*into += n + 1;
	return v;
}

static char *
decode_str(struct rd *rd, size_t max)
{
	return decode_str_in(rd, max, NULL);
}

int
rec_decode(enum rtype type, uint32_t id, const void *p, size_t n,
    struct rec **out, char **cause)
{
	return decode_some(type, id, p, n, ~(uint64_t)0, out, cause);
}

/*
 * The header of a stored record into r: its version, times and who
 * made and changed it.  Returns why it is bad, or NULL.
 */
static const char *
decode_head(struct rd *rd, enum rtype type, struct rec *r, uint64_t *count)
{
	uint64_t version;

	if (rd_u8(rd) != REC_FORMAT)
		return "unknown format";
	if (rd_u8(rd) != (uint8_t)type)
		return "wrong record type";
	version = rd_varint(rd);
	r->created = rd_svarint(rd);
	r->updated = rd_svarint(rd);
	r->created_by = decode_str(rd, MAX_USER);
	r->updated_by = decode_str(rd, MAX_USER);
	*count = rd_varint(rd);
	if (rd->err || version == 0 || version > UINT32_MAX ||
	    *count > (uint64_t)r->sc->nfields)
		return "bad header";
	r->version = (uint32_t)version;
	return NULL;
}

/*
 * The count fields after the header into r->v, the values wanted (bit f
 * for field f) copied one after another into into; the others are
 * checked for their place but neither copied nor checked as text.
 */
static const char *
decode_fields(struct rd *rd, struct rec *r, uint64_t count, uint64_t want,
    char *into)
{
	const struct schema *sc = r->sc;
	uint64_t i;
	uint8_t tag;
	int f, last;
	char *v;

	for (i = 0, last = -1; i < count; i++) {
		tag = rd_u8(rd);
		/*
		 * Fields come in table order, once: one encoding per record.
		 * The field is looked for after the last one first.
		 */
		for (f = last + 1; f < sc->nfields &&
		    sc->fields[f].tag != tag; f++)
			;
		if (f == sc->nfields) {
			int before;

			for (before = 0; before <= last &&
			    sc->fields[before].tag != tag; before++)
				;
			if (before <= last)
				f = before;
		}
		if (rd->err || f == sc->nfields || f <= last)
			return rd->err ? "truncated" : f == sc->nfields ?
			    "unknown field" : "fields out of order";
		last = f;
		if (!(want & ((uint64_t)1 << f))) {
			size_t skip;

			rd_bytes(rd, &skip);
			if (skip == 0 || skip > MAX_VALUE)
				rd->err = 1;
			continue;
		}
		v = decode_str_in(rd, MAX_VALUE, &into);
		if (v == NULL || *v == '\0')
			return "bad value";
		r->v[f] = v;
	}
	if (rd->err || rd_left(rd) != 0)
		return rd->err ? "truncated" : "trailing bytes";
	return NULL;
}

/* Decodes the fields in want (bit f for field f) into a new record. */
static int
decode_some(enum rtype type, uint32_t id, const void *p, size_t n,
    uint64_t want, struct rec **out, char **cause)
{
	const struct schema *sc = schema_of(type);
	struct rec *r;
	struct rd rd;
	uint64_t count;
	const char *why;

	*out = NULL;
	rd_init(&rd, p, n);
	r = xcalloc(1, sizeof *r);
	r->sc = sc;
	r->id = id;
	if ((why = decode_head(&rd, type, r, &count)) == NULL) {
		/* Each value is shorter than its encoding, which has its length. */
		r->blocklen = rd_left(&rd) + 1;
		r->block = xmalloc(r->blocklen);
		why = decode_fields(&rd, r, count, want, r->block);
	}
	if (why != NULL) {
		rec_free(r);
		set_cause(cause, _("%s #%u cannot be decoded (%s)"),
		    _(sc->label), id, why);
		return SH_ECORRUPT;
	}
	*out = r;
	return 0;
}

static void
id_key(unsigned char k[4], uint32_t id)
{
	put_u32be(k, id);
}

int
rec_get(struct txn *t, enum rtype type, uint32_t id, struct rec **out)
{
	const struct schema *sc = schema_of(type);
	unsigned char k[4];
	MDB_val v;
	int rc;

	*out = NULL;
	if ((rc = rec_access(t, ACC_READ, sc, id, NULL)) != 0)
		return rc;
	id_key(k, id);
	if ((rc = kv_get(t, sc->dbi, k, 4, &v)) != 0)
		return rc;
	if ((rc = rec_decode(type, id, v.mv_data, v.mv_size, out, NULL)) != 0)
		return rc;
	return rec_allowed(out);
}

int
rec_peek_bytes(enum rtype type, const void *p, size_t size, int n,
    const int *fields, const char **v, size_t *len)
{
	const struct schema *sc = schema_of(type);
	const char *s;
	uint64_t count, i;
	struct rd rd;
	size_t sl;
	uint8_t tag;
	int j;

	for (j = 0; j < n; j++) {
		v[j] = "";
		len[j] = 0;
	}
	rd_init(&rd, p, size);
	if (rd_u8(&rd) != REC_FORMAT || rd_u8(&rd) != (uint8_t)type)
		rd.err = 1;
	rd_varint(&rd);
	rd_svarint(&rd);
	rd_svarint(&rd);
	rd_bytes(&rd, &sl);
	rd_bytes(&rd, &sl);
	count = rd_varint(&rd);
	for (i = 0; i < count && !rd.err; i++) {
		tag = rd_u8(&rd);
		s = rd_bytes(&rd, &sl);
		for (j = 0; j < n; j++)
			if (sc->fields[fields[j]].tag == tag) {
				v[j] = s;
				len[j] = sl;
			}
	}
	return rd.err ? SH_ECORRUPT : 0;
}

int
rec_peek(struct txn *t, enum rtype type, uint32_t id, int n,
    const int *fields, const char **v, size_t *len)
{
	const struct schema *sc = schema_of(type);
	unsigned char k[4];
	MDB_val val;
	int rc;

	id_key(k, id);
	if ((rc = rec_access(t, ACC_READ, sc, id, NULL)) != 0 ||
	    (rc = kv_get(t, sc->dbi, k, 4, &val)) != 0) {
		rec_peek_bytes(type, "", 0, n, fields, v, len);
		return rc;
	}
	rc = rec_peek_bytes(type, val.mv_data, val.mv_size, n, fields, v,
	    len);
	if (rc != 0 && t->err == 0)
		t->err = rc;
	return rc;
}

void
rec_cursor_open(struct txn *t, enum rtype type, struct rec_cursor *rc)
{
	rc->t = t;
	rc->type = type;
	rc->c = NULL;
	if (t->err == 0 && mdb_cursor_open(t->t,
	    t->db->dbi[schema_of(type)->dbi], &rc->c) != 0)
		rc->c = NULL;
}

void
rec_cursor_open_ix(struct txn *t, struct rec_cursor *rc)
{
	rc->t = t;
	rc->type = RT__COUNT;
	rc->c = NULL;
	if (t->err == 0 && mdb_cursor_open(t->t, t->db->dbi[DBI_IX],
	    &rc->c) != 0)
		rc->c = NULL;
}

size_t
rec_refs_at(struct rec_cursor *rc, uint8_t tag, uint32_t ref, uint32_t *ids,
    size_t max)
{
	unsigned char k[5];
	MDB_val key = { 5, k }, val;
	size_t n = 0;
	int r;

	if (rc->c == NULL || rc->t->err != 0)
		return 0;
	k[0] = tag;
	put_u32be(k + 1, ref);
	for (r = mdb_cursor_get(rc->c, &key, &val, MDB_SET_RANGE); r == 0;
	    r = mdb_cursor_get(rc->c, &key, &val, MDB_NEXT)) {
		if (key.mv_size != 9 || memcmp(key.mv_data, k, 5) != 0)
			break;
		if (n < max)
			ids[n] = get_u32be((unsigned char *)key.mv_data + 5);
		n++;
	}
	if (r != 0 && r != MDB_NOTFOUND) {
		rc->t->err = SH_EDB;
		rc->t->mdb_err = r;
	}
	return n;
}

void
rec_cursor_close(struct rec_cursor *rc)
{
	if (rc->c != NULL)
		mdb_cursor_close(rc->c);
	rc->c = NULL;
}

/* The stored bytes of a record through the cursor; 0 or SH_E*. */
static int
cursor_find(struct rec_cursor *rc, uint32_t id, MDB_val *val)
{
	unsigned char k[4];
	MDB_val key = { 4, k };
	int rc2;

	if ((rc2 = rec_access(rc->t, ACC_READ, schema_of(rc->type), id,
	    NULL)) != 0)
		return rc2;
	if (rc->c == NULL) {
		id_key(k, id);
		return kv_get(rc->t, schema_of(rc->type)->dbi, k, 4, val);
	}
	if (rc->t->err != 0)
		return rc->t->err;
	id_key(k, id);
	rc2 = mdb_cursor_get(rc->c, &key, val, MDB_SET_KEY);
	if (rc2 == MDB_NOTFOUND)
		return SH_ENOTFOUND;
	if (rc2 != 0) {
		rc->t->err = SH_EDB;
		rc->t->mdb_err = rc2;
		return SH_EDB;
	}
	return 0;
}

int
rec_peek_at(struct rec_cursor *rc, uint32_t id, int n, const int *fields,
    const char **v, size_t *len)
{
	MDB_val val;
	int r;

	if ((r = cursor_find(rc, id, &val)) != 0) {
		rec_peek_bytes(rc->type, "", 0, n, fields, v, len);
		return r;
	}
	r = rec_peek_bytes(rc->type, val.mv_data, val.mv_size, n, fields, v,
	    len);
	if (r != 0 && rc->t->err == 0)
		rc->t->err = r;
	return r;
}

int
rec_get_at(struct rec_cursor *rc, uint32_t id, uint64_t fields,
    struct rec **out)
{
	MDB_val val;
	int r;

	*out = NULL;
	if ((r = cursor_find(rc, id, &val)) != 0)
		return r;
	return decode_some(rc->type, id, val.mv_data, val.mv_size, fields,
	    out, NULL);
}

bool
rec_exists(struct txn *t, enum rtype type, uint32_t id)
{
	unsigned char k[4];
	MDB_val v;

	if (id == 0 || rec_access(t, ACC_READ, schema_of(type), id, NULL))
		return false;
	id_key(k, id);
	return kv_get(t, schema_of(type)->dbi, k, 4, &v) == 0;
}

/* Is a unique key's value (the key without its id) used by another id? */
static uint32_t
unique_owner(struct txn *t, const struct ixkey *k, uint32_t self)
{
	struct kv_cursor c;
	uint32_t other = 0, id;
	bool ok;

	for (ok = kv_first(t, DBI_IX, k->k, k->n - 4, &c); ok;
	    ok = kv_next(&c)) {
		if (c.key.mv_size != k->n)
			continue;
		id = get_u32be((unsigned char *)c.key.mv_data + k->n - 4);
		if (id != self) {
			other = id;
			break;
		}
	}
	kv_close(&c);
	return other;
}

/* Applies the difference between two sorted key sets. */
static void
update_keys(struct txn *t, const struct keyset *old, const struct keyset *new)
{
	size_t i = 0, j = 0;
	int c;

	while (i < old->n || j < new->n) {
		if (i == old->n)
			c = 1;
		else if (j == new->n)
			c = -1;
		else
			c = ixkey_cmp(&old->keys[i], &new->keys[j]);
		if (c < 0) {
			kv_del(t, DBI_IX, old->keys[i].k, old->keys[i].n);
			i++;
		} else if (c > 0) {
			kv_put(t, DBI_IX, new->keys[j].k, new->keys[j].n, "",
			    0);
			j++;
		} else {
			i++;
			j++;
		}
	}
}

static uint32_t
next_id(struct txn *t, const struct schema *sc)
{
	char name[32];
	uint32_t id;

	snprintf(name, sizeof name, "next_id.%s", sc->name);
	id = meta_u32(t, name);
	if (id == 0)
		id = 1;
	meta_set_u32(t, name, id + 1);
	return id;
}

static int
check_refs(struct txn *t, const struct rec *r, char **cause)
{
	const struct field *fd;
	enum rtype type;
	uint32_t id;
	int i;

	for (i = 0; i < r->sc->nfields; i++) {
		fd = &r->sc->fields[i];
		if (r->v[i] == NULL || (fd->flags & FF_WEAK))
			continue;
		if (fd->type == FT_REF) {
			type = fd->ref;
			id = rec_ref(r, i);
		} else if (fd->type != FT_PERSON ||
		    !person_parse(r->v[i], &type, &id))
			continue;
		if (!rec_exists(t, type, id)) {
			set_cause(cause, _("%s: there is no %s #%u"),
			    _(fd->label), _(schema_of(type)->label), id);
			return SH_EREF;
		}
	}
	return 0;
}

int
rec_put(struct txn *t, struct rec *r, char **cause)
{
	const struct schema *sc = r->sc;
	struct rec *old = NULL;
	struct keyset oks, nks;
	struct buf b = { 0 };
	unsigned char k[4];
	char when[17];
	uint32_t owner, id, version;
	int64_t created;
	char *created_by;
	bool fresh = r->id == 0;
	size_t i;
	int rc;

	if (t->err != 0)
		return t->err;
	if ((rc = rec_access(t, ACC_WRITE, sc, r->id, cause)) != 0)
		return rc;
	if (rec_validate(r, NULL, cause) != 0)
		return SH_EINVAL;
	if ((rc = check_refs(t, r, cause)) != 0)
		return rc;
	if (t->defer_index && r->id != 0) {
		set_cause(cause, "bulk loading only adds records");
		return SH_EINVAL;
	}

	if (r->id == 0 && !access_write(r, NULL)) {
		set_cause(cause, _("%s may not add this %s"), t->db->user,
		    _(sc->label));
		return SH_EPERM;
	}
	if ((rc = plan_risk_check(t, r, cause)) != 0)
		return rc;

	/* Nothing in r changes until every check has passed. */
	ks_init(&oks, r->id);
	if (r->id != 0) {
		if ((rc = rec_get(t, sc->type, r->id, &old)) != 0) {
			set_cause(cause, rc == SH_ENOTFOUND ?
			    _("%s #%u no longer exists (someone deleted it)") :
			    _("%s #%u cannot be read"), _(sc->label), r->id);
			return rc;
		}
		if (old->version != r->version) {
			time_format(old->updated, when);
			set_cause(cause, _("%s \"%s\" was changed by %s at %s "
			    "after you opened it"), _(sc->label),
			    rec_title(old), old->updated_by, when);
			rec_free(old);
			return SH_ECONFLICT;
		}
		/* A contact: changed by whoever may see a child on its card. */
		if (!access_write(r, old) || (sc->type == RT_CONTACT &&
		    !access_contact(t, r->id))) {
			set_cause(cause, _("%s may not make this change to %s "
			    "\"%s\""), t->db->user, _(sc->label),
			    rec_title(old));
			rec_free(old);
			return SH_EPERM;
		}
		if ((rc = access_keep_admin(t, r, old, cause)) != 0) {
			rec_free(old);
			return rc;
		}
		if (sc->update != NULL)
			sc->update(r, old);
		rec_keys(old, &oks);
		cover_note(t, old);
		id = r->id;
		version = old->version + 1;
		created = old->created;
		created_by = xstrdup(old->created_by);
		rec_free(old);
	} else {
		id = next_id(t, sc);
		version = 1;
		created = (int64_t)time(NULL);
		created_by = xstrdup(t->db->user);
	}

	ks_init(&nks, id);
	if (!t->defer_index) {
		index_keys(r, &nks);
		ks_sort(&nks);
	}
	for (i = 0; i < nks.n; i++) {
		if (nks.keys[i].unique_field < 0)
			continue;
		owner = unique_owner(t, &nks.keys[i], id);
		if (owner != 0) {
			/* Name the other record: "#9" alone says nothing. */
			struct rec *other = NULL;

			(void)rec_get(t, sc->type, owner, &other);
			set_cause(cause, _("%s \"%s\" is already used by %s "
			    "#%u %s"),
			    _(sc->fields[nks.keys[i].unique_field].label),
			    rec_str(r, nks.keys[i].unique_field),
			    _(sc->label), owner,
			    other != NULL ? rec_title(other) : "");
			rec_free(other);
			ks_free(&oks);
			ks_free(&nks);
			free(created_by);
			return SH_EDUP;
		}
	}
	update_keys(t, &oks, &nks);
	ks_free(&oks);
	ks_free(&nks);

	r->id = id;
	if (fresh && sc->type == RT_CHILD)
		access_child_added(id);
	r->version = version;
	r->created = created;
	free(r->created_by);
	r->created_by = created_by;
	r->updated = (int64_t)time(NULL);
	free(r->updated_by);
	r->updated_by = xstrdup(t->db->user);
	rec_encode(r, &b);
	id_key(k, r->id);
	audit_put(t, r, b.s, b.len);
	if (fresh)
		kv_append(t, sc->dbi, k, 4, b.s, b.len);
	else
		kv_put(t, sc->dbi, k, 4, b.s, b.len);
	buf_free(&b);
	cover_note(t, r);
	return t->err;
}

struct save_arg {
	const struct rec	*in;
	struct rec		*out;
};

static int
save_fn(struct txn *t, void *arg, char **cause)
{
	struct save_arg *a = arg;

	/* Work on a copy: a second run must start from the same record. */
	rec_free(a->out);
	a->out = rec_dup(a->in);
	return rec_put(t, a->out, cause);
}

int
rec_save(struct db *db, struct rec *r, char **cause)
{
	struct save_arg a = { r, NULL };
	int rc, i;

	rc = db_write(db, save_fn, &a, cause);
	if (rc == 0) {
		/* Take over what rec_put filled in. */
		for (i = 0; i < r->sc->nfields; i++) {
			value_free(r, i);
			r->v[i] = a.out->v[i];
			a.out->v[i] = NULL;
		}
		r->id = a.out->id;
		r->version = a.out->version;
		r->created = a.out->created;
		r->updated = a.out->updated;
		free(r->created_by);
		free(r->updated_by);
		r->created_by = a.out->created_by;
		r->updated_by = a.out->updated_by;
		a.out->created_by = a.out->updated_by = NULL;
	}
	rec_free(a.out);
	return rc;
}

int
rec_del(struct txn *t, enum rtype type, uint32_t id, uint32_t expect_version,
    char **cause)
{
	const struct schema *sc = schema_of(type);
	struct rec *old;
	struct keyset oks, none;
	unsigned char k[4];
	char when[17];
	int rc;

	if ((rc = rec_access(t, ACC_DELETE, sc, id, cause)) != 0)
		return rc;
	if ((rc = rec_get(t, type, id, &old)) != 0) {
		set_cause(cause, rc == SH_ENOTFOUND ?
		    _("%s #%u no longer exists (someone deleted it)") :
		    _("%s #%u cannot be read"), _(sc->label), id);
		return rc;
	}
	if (expect_version != 0 && old->version != expect_version) {
		time_format(old->updated, when);
		set_cause(cause, _("%s \"%s\" was changed by %s at %s after you "
		    "opened it"), _(sc->label), rec_title(old),
		    old->updated_by, when);
		rec_free(old);
		return SH_ECONFLICT;
	}
	if (!access_write(old, old)) {
		set_cause(cause, _("%s may not make this change to %s "
		    "\"%s\""), t->db->user, _(sc->label), rec_title(old));
		rec_free(old);
		return SH_EPERM;
	}
	if ((rc = access_keep_admin(t, NULL, old, cause)) != 0) {
		rec_free(old);
		return rc;
	}
	rec_keys(old, &oks);
	ks_init(&none, id);
	update_keys(t, &oks, &none);
	ks_free(&oks);
	cover_note(t, old);
	rec_free(old);
	id_key(k, id);
	audit_del(t, type, id);
	kv_del(t, sc->dbi, k, 4);
	return t->err;
}

void
rec_iter_start(struct txn *t, enum rtype type, struct rec_iter *it)
{
	memset(it, 0, sizeof *it);
	it->type = type;
	if (rec_access(t, ACC_READ, schema_of(type), 0, NULL) == 0)
		it->ok = kv_first(t, schema_of(type)->dbi, NULL, 0, &it->c);
}

struct rec *
rec_iter_next(struct rec_iter *it)
{
	struct rec *r = NULL;
	uint32_t id;

	while (it->ok) {
		if (it->c.key.mv_size != 4) {
			it->err = SH_ECORRUPT;
			it->ok = kv_next(&it->c);
			continue;
		}
		id = get_u32be(it->c.key.mv_data);
		if (rec_decode(it->type, id, it->c.val.mv_data,
		    it->c.val.mv_size, &r, NULL) != 0)
			it->err = SH_ECORRUPT;
		it->ok = kv_next(&it->c);
		if (r != NULL)
			return r;
	}
	return NULL;
}

void
rec_iter_end(struct rec_iter *it)
{
	kv_close(&it->c);
}

/*
 * All keys of all records, packed in one arena: each key is a 2-byte
 * length, a byte saying whether its value must be unique, and its bytes;
 * an array of offsets is what gets sorted.
 */
struct keyarena {
	struct buf	 bytes;
	uint32_t	*off;
	size_t		 n;
	size_t		 cap;
};

static struct keyarena *sort_arena;

static int
arena_cmp(const void *a, const void *b)
{
	const unsigned char *x = (const unsigned char *)sort_arena->bytes.s +
	    *(const uint32_t *)a;
	const unsigned char *y = (const unsigned char *)sort_arena->bytes.s +
	    *(const uint32_t *)b;
	size_t nx = (size_t)x[0] << 8 | x[1], ny = (size_t)y[0] << 8 | y[1];
	int c = memcmp(x + 3, y + 3, nx < ny ? nx : ny);

	if (c != 0)
		return c;
	return nx < ny ? -1 : nx > ny;
}

static void
arena_add(struct keyarena *ka, const struct ixkey *key)
{
	unsigned char head[3];

	if (ka->n == ka->cap) {
		ka->cap = ka->cap ? ka->cap * 2 : 65536;
		ka->off = xreallocarray(ka->off, ka->cap, sizeof *ka->off);
	}
	ka->off[ka->n++] = (uint32_t)ka->bytes.len;
	head[0] = key->n >> 8;
	head[1] = key->n & 0xff;
	head[2] = (key->unique_field >= 0) | (key->cover ? 2 : 0);
	buf_add(&ka->bytes, head, 3);
	buf_add(&ka->bytes, key->k, key->n);
}

int
rec_reindex(struct txn *t, char **cause)
{
	struct keyarena ka;
	struct rec_iter it;
	struct keyset ks;
	struct rec *r;
	struct buf row = { 0 };
	const unsigned char *k, *prev = NULL;
	uint32_t row_of = 0;
	size_t i, j, n, pn = 0;
	int type, rc;
	bool cover;

	if ((rc = rec_access(t, ACC_WRITE, schema_of(RT_CHILD), 0,
	    cause)) != 0)
		return rc;
	memset(&ka, 0, sizeof ka);
	for (type = 0; type < RT__COUNT && t->err == 0; type++) {
		rec_iter_start(t, type, &it);
		while ((r = rec_iter_next(&it)) != NULL) {
			rec_keys(r, &ks);
			for (j = 0; j < ks.n; j++)
				arena_add(&ka, &ks.keys[j]);
			ks_free(&ks);
			rec_free(r);
		}
		if (it.err != 0)
			txn_fail(t, it.err);
		rec_iter_end(&it);
	}
	sort_arena = &ka;
	qsort(ka.off, ka.n, sizeof *ka.off, arena_cmp);
	sort_arena = NULL;

	if (t->err == 0 && mdb_drop(t->t, t->db->dbi[DBI_IX], 0) != 0)
		txn_fail(t, SH_EDB);
	for (i = 0; i < ka.n && t->err == 0; i++) {
		k = (const unsigned char *)ka.bytes.s + ka.off[i];
		n = (size_t)k[0] << 8 | k[1];
		cover = k[2] & 2;
		if (!(k[2] & 1)) {
			prev = NULL;
			k += 3;
		} else {
			k += 3;
			/* Sorted: records sharing a unique value are neighbours. */
			if (prev != NULL && n == pn &&
			    memcmp(k, prev, n - 4) == 0) {
				set_cause(cause, _("two records share a value "
				    "that must be unique (%s #%u and #%u)"),
				    _(schema_of(ix_tag_type(k[0]))->label),
				    get_u32be(prev + n - 4),
				    get_u32be(k + n - 4));
				txn_fail(t, SH_EDUP);
				break;
			}
			prev = k;
			pn = n;
		}
		/*
		 * A child's list row, from its links (IX_CHILD_LINK sorts
		 * before the name keys: they are in the index already).
		 */
		if (cover && get_u32be(k + n - 4) != row_of) {
			row_of = get_u32be(k + n - 4);
			cover_row_of(t, row_of, &row);
		}
		kv_append(t, DBI_IX, k, n, cover && row.len > 0 ? row.s : "",
		    cover ? row.len : 0);
	}
	/* Every row is made from the records as they are now. */
	cover_forget(t);
	buf_free(&row);
	buf_free(&ka.bytes);
	free(ka.off);
	if (t->err != 0 && cause != NULL && *cause == NULL)
		set_cause(cause, "%s", sh_strerror(t->err));
	return t->err;
}
