/*
 * cover.c -- the list rows kept with the children's name keys (cover.h):
 * making a row, noting which rows a change alters, rewriting them before
 * the commit, and reading one back.
 *
 * A stored row: a format byte, the field mask it keeps (varint), then
 * for each value its length in bytes and its width in display columns
 * (varints), then the values themselves, each followed by a NUL: those
 * of the kept fields in field order, then the first contact's name,
 * relation key and first phone.  A list reads the values where they
 * lie, after one check of the text as a whole; the widths spare it
 * measuring them again on every row (`check` compares them too).
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

#define COVER_FORMAT	3

/* The link's keys come before the name keys that rec_reindex() fills. */
_Static_assert(IX_CHILD_LINK < IX_CHILD_NAME && IX_CHILD_LINK < IX_CHILD_PART,
    "a child's links are indexed before its name keys");

uint64_t
cover_fields(void)
{
	return view_text_fields(view_of(RT_CHILD));
}

/* Appends value s to the row's text, and its measures to the table. */
static void
add_value(struct buf *table, struct buf *text, const char *s)
{
	size_t n = strlen(s);

	wr_varint(table, n);
	wr_varint(table, (uint64_t)u_width(s));
	buf_add(text, s, n);
	buf_addc(text, '\0');
}

void
cover_make(struct txn *t, const struct rec *child, struct buf *out)
{
	struct buf text = { 0 };
	const char *relation;
	char *contact, *phone;
	uint64_t kept = cover_fields();
	int f;

	buf_reset(out);
	wr_u8(out, COVER_FORMAT);
	wr_varint(out, kept);
	for (f = 0; f < child->sc->nfields; f++)
		if (kept & COVER_BIT(f))
			add_value(out, &text, rec_str(child, f));
	view_first_contact(NULL, t, child->id, &relation, &contact, &phone);
	add_value(out, &text, contact != NULL ? contact : "");
	add_value(out, &text, relation);
	add_value(out, &text, phone != NULL ? phone : "");
	buf_add(out, text.s, text.len);
	buf_free(&text);
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

/*
 * Checks the text of a row: UTF-8 throughout, and whether it holds a
 * control character other than the NULs that end its values (*clean
 * false then).  ASCII goes eight bytes at a time, three-byte characters
 * (most of CJK) three.  Returns the number of NULs, or -1 when the text
 * is not UTF-8.
 */
static long
check_text(const unsigned char *p, const unsigned char *e, bool *clean)
{
	const uint64_t ones = 0x0101010101010101ULL, high = ones << 7;
	uint64_t b, hi, in, nonzero, ctrl, del;
	uint32_t cp;
	long nuls = 0;
	int k;

	while (p < e) {
		if (*p < 0x80 && e - p >= 8) {
			/*
			 * The ASCII bytes that start the next eight (k of
			 * them, one at least), each below 0x80: no carry
			 * runs from one to the next.
			 */
			memcpy(&b, p, 8);
			hi = b & high;
			k = hi != 0 ? __builtin_ctzll(hi) >> 3 : 8;
			in = k < 8 ? ((uint64_t)1 << (8 * k)) - 1 : ~(uint64_t)0;
			b &= in;
			nonzero = (b + 0x7f * ones) & high;
			ctrl = nonzero & ~((b + 0x60 * ones) & high);
			del = ~((b ^ 0x7f * ones) + 0x7f * ones) & high & in;
			if ((ctrl | del) != 0)
				*clean = false;
			nuls += k - (long)(((nonzero >> 7) * ones) >> 56);
			p += k;
			continue;
		}
		if (*p < 0x80) {
			if (*p == '\0')
				nuls++;
			else if (*p < 0x20 || *p == 0x7f)
				*clean = false;
			p++;
			continue;
		}
		/* Three bytes, not overlong nor a surrogate. */
		while (e - p >= 3 && p[0] >= 0xe1 && p[0] <= 0xef &&
		    p[0] != 0xed && (p[1] & 0xc0) == 0x80 &&
		    (p[2] & 0xc0) == 0x80)
			p += 3;
		if (p == e || *p < 0x80)
			continue;
		if ((k = u8_decode((const char *)p, (size_t)(e - p), &cp)) < 0)
			return -1;
		if (cp < 0xa0)
			*clean = false;		/* C1 */
		p += k;
	}
	return nuls;
}

int
cover_read(const void *p, size_t n, uint64_t want, struct cover_row *out)
{
	uint32_t len[REC_MAXFIELDS + 3];
	int w[REC_MAXFIELDS + 3];
	const unsigned char *q;
	const char *text;
	struct rd rd;
	uint64_t kept, m;
	size_t at, size;
	int i, nv, f;

	rd_init(&rd, p, n);
	if (rd_u8(&rd) != COVER_FORMAT)
		return SH_ENOTFOUND;
	kept = rd_varint(&rd);
	if (rd.err || (want & ~kept) != 0)
		return SH_ENOTFOUND;
	if (kept >> REC_MAXFIELDS != 0)
		return SH_ECORRUPT;
	nv = __builtin_popcountll(kept) + 3;
	for (i = 0; i < nv; i++) {
		/* Two one-byte varints, nearly always. */
		q = rd.p;
		if (rd.end - q >= 2 && (q[0] | q[1]) < 0x80) {
			len[i] = q[0];
			w[i] = q[1];
			rd.p = q + 2;
		} else {
			len[i] = (uint32_t)rd_varint(&rd);
			w[i] = (int)rd_varint(&rd);
		}
	}
	if (rd.err)
		return SH_ECORRUPT;
	text = (const char *)rd.p;
	size = (size_t)(rd.end - rd.p);
	/*
	 * Each value ends where the table says, and there is no other NUL:
	 * every value is whole, and no read runs past the row.
	 */
	out->clean = true;
	if (check_text(rd.p, rd.end, &out->clean) != nv)
		return SH_ECORRUPT;
	memset(out->v, 0, sizeof out->v);
	out->kept = kept;
	for (i = 0, at = 0, m = kept; i < nv; i++) {
		if (len[i] >= size - at || text[at + len[i]] != '\0')
			return SH_ECORRUPT;
		if (m != 0) {
			f = __builtin_ctzll(m);
			m &= m - 1;
			if (len[i] > 0)
				out->v[f] = text + at;
			out->len[f] = len[i];
			out->w[f] = w[i];
		} else if (i == nv - 3) {
			out->contact = text + at;
			out->contact_len = len[i];
			out->contact_w = w[i];
		} else if (i == nv - 2)
			out->relation = text + at;
		else {
			out->phone = text + at;
			out->phone_len = len[i];
			out->phone_w = w[i];
		}
		at += len[i] + 1;
	}
	return at == size ? 0 : SH_ECORRUPT;
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
