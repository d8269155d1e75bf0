/*
 * cover.c -- the list rows kept with the children's name keys (cover.h):
 * making a row, noting which rows a change alters, rewriting them before
 * the commit, and reading one back.
 *
 * A stored row: a format byte, the field mask it keeps (varint), then
 * the values of those fields in field order, then the first contact's
 * name, relation key and first phone, each value followed by a NUL.  A
 * list reads the values where they lie, after one check of the whole.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "cover.h"
#include "index.h"
#include "model.h"
#include "rec.h"
#include "store.h"
#include "util.h"
#include "view.h"

#define COVER_FORMAT	2

/* The link's keys come before the name keys that rec_reindex() fills. */
_Static_assert(IX_CHILD_LINK < IX_CHILD_NAME && IX_CHILD_LINK < IX_CHILD_PART,
    "a child's links are indexed before its name keys");

uint64_t
cover_fields(void)
{
	return view_text_fields(view_of(RT_CHILD));
}

void
cover_make(struct txn *t, const struct rec *child, struct buf *out)
{
	const char *relation;
	char *contact, *phone;
	uint64_t kept = cover_fields();
	int f;

	buf_reset(out);
	wr_u8(out, COVER_FORMAT);
	wr_varint(out, kept);
	for (f = 0; f < child->sc->nfields; f++)
		if (kept & COVER_BIT(f)) {
			buf_addstr(out, rec_str(child, f));
			buf_addc(out, '\0');
		}
	view_first_contact(NULL, t, child->id, &relation, &contact, &phone);
	buf_addstr(out, contact != NULL ? contact : "");
	buf_addc(out, '\0');
	buf_addstr(out, relation);
	buf_addc(out, '\0');
	buf_addstr(out, phone != NULL ? phone : "");
	buf_addc(out, '\0');
	free(contact);
	free(phone);
}

void
cover_row_of(struct txn *t, uint32_t id, struct buf *out)
{
	unsigned char k[4];
	struct rec *r;
	MDB_val v;

	buf_reset(out);
	put_u32be(k, id);
	if (kv_get(t, DBI_CHILD, k, 4, &v) != 0)
		return;
	if (rec_decode(RT_CHILD, id, v.mv_data, v.mv_size, &r, NULL) != 0) {
		txn_fail(t, SH_ECORRUPT);
		return;
	}
	cover_make(t, r, out);
	rec_free(r);
}

/* ---- rows a change alters ---- */

static void
drop(struct txn *t)
{
	struct idlist *l = t->pending;

	if (l != NULL)
		idl_free(l);
	free(l);
	t->pending = NULL;
	t->finish = NULL;
	t->drop = NULL;
}

/* Rewrites the noted children's rows: the last step of the transaction. */
static int
finish(struct txn *t, char **cause)
{
	struct idlist *l = t->pending;
	struct buf row = { 0 };
	struct keyset ks;
	struct rec *r;
	unsigned char k[4];
	MDB_val v;
	size_t i, j;

	if (l == NULL || t->defer_index)
		return t->err;
	idl_uniq(l);
	for (i = 0; i < l->n && t->err == 0; i++) {
		put_u32be(k, l->v[i]);
		/* A child deleted since took its keys with it. */
		if (kv_get(t, DBI_CHILD, k, 4, &v) != 0)
			continue;
		if (rec_decode(RT_CHILD, l->v[i], v.mv_data, v.mv_size, &r,
		    cause) != 0) {
			txn_fail(t, SH_ECORRUPT);
			break;
		}
		cover_make(t, r, &row);
		rec_keys(r, &ks);
		for (j = 0; j < ks.n; j++)
			if (ks.keys[j].cover)
				kv_put(t, DBI_IX, ks.keys[j].k, ks.keys[j].n,
				    row.s, row.len);
		ks_free(&ks);
		rec_free(r);
	}
	buf_free(&row);
	return t->err;
}

static void
note(struct txn *t, uint32_t child)
{
	if (child == 0)
		return;
	if (t->pending == NULL) {
		t->pending = xcalloc(1, sizeof(struct idlist));
		t->finish = finish;
		t->drop = drop;
	}
	idl_add(t->pending, child);
}

void
cover_note(struct txn *t, const struct rec *r)
{
	static const int lf = LINK_CHILD;
	struct idlist links = { 0 };
	const char *v;
	size_t i, n;

	switch (r->sc->type) {
	case RT_CHILD:
		note(t, r->id);
		break;
	case RT_LINK:
		note(t, rec_ref(r, LINK_CHILD));
		break;
	case RT_CONTACT:
		/* Every child on the card shows the contact's name. */
		ix_refs(t, IX_CONTACT_LINK, r->id, &links);
		for (i = 0; i < links.n; i++)
			if (rec_peek(t, RT_LINK, links.v[i], 1, &lf, &v,
			    &n) == 0)
				note(t, id_in(v, n));
		idl_free(&links);
		break;
	default:
		break;
	}
}

void
cover_forget(struct txn *t)
{
	if (t->drop == drop)
		drop(t);
}

/* ---- reading a row back ---- */

int
cover_read(const void *p, size_t n, uint64_t want, struct cover_row *out)
{
	const char *s, *end;
	struct rd rd;
	uint64_t kept;
	int f;

	rd_init(&rd, p, n);
	if (rd_u8(&rd) != COVER_FORMAT)
		return SH_ENOTFOUND;
	kept = rd_varint(&rd);
	if (rd.err || (want & ~kept) != 0)
		return SH_ENOTFOUND;
	/* Text throughout, the last value ended: no read runs past it. */
	s = (const char *)rd.p;
	end = (const char *)rd.end;
	if (s == end || end[-1] != '\0' || !u8_valid(s, (size_t)(end - s)))
		return SH_ECORRUPT;
	memset(out->v, 0, sizeof out->v);
	for (; kept != 0; kept &= kept - 1) {
		/* The kept fields in order, lowest bit first. */
		f = __builtin_ctzll(kept);
		if (s == end || f >= REC_MAXFIELDS)
			return SH_ECORRUPT;
		if (*s != '\0')
			out->v[f] = s;
		s += strlen(s) + 1;
	}
	if (end - s < 3)
		return SH_ECORRUPT;
	out->contact = s;
	s += strlen(s) + 1;
	if (s == end)
		return SH_ECORRUPT;
	out->relation = s;
	s += strlen(s) + 1;
	if (s == end)
		return SH_ECORRUPT;
	out->phone = s;
	s += strlen(s) + 1;
	return s == end ? 0 : SH_ECORRUPT;
}

bool
cover_current(const void *p, size_t n)
{
	struct rd rd;

	rd_init(&rd, p, n);
	return rd_u8(&rd) == COVER_FORMAT && rd_varint(&rd) ==
	    cover_fields() && !rd.err;
}

/* ---- the rows a search came across ---- */

/* The id itself, made non-zero: no two children share a key. */
static uint64_t
id_hash(uint32_t id)
{
	return (uint64_t)1 << 32 | id;
}

void
covers_add(struct covers *c, uint32_t id, const void *p, size_t n)
{
	if (n == 0 || hm_get(&c->map, id_hash(id)) != 0)
		return;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->v = xreallocarray(c->v, c->cap, sizeof *c->v);
	}
	c->v[c->n].p = p;
	c->v[c->n].n = n;
	hm_put(&c->map, id_hash(id), (uint32_t)++c->n);
}

bool
covers_get(const struct covers *c, uint32_t id, const void **p, size_t *n)
{
	uint32_t i;

	if (c == NULL || c->n == 0 || (i = hm_get(&c->map, id_hash(id))) == 0)
		return false;
	*p = c->v[i - 1].p;
	*n = c->v[i - 1].n;
	return true;
}

void
covers_free(struct covers *c)
{
	hm_free(&c->map);
	free(c->v);
	memset(c, 0, sizeof *c);
}
