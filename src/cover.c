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

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "codec.h"
#include "cover.h"
#include "index.h"
#include "model.h"
#include "rec.h"
#include "store.h"
#include "util.h"
#include "view.h"

#define COVER_FORMAT	3

/* covers_sort() sorts the rows by the uint32_t they begin with. */
_Static_assert(offsetof(struct cover_at, id) == 0,
    "a kept row's id comes first");

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

/* Eight bytes read as a word, the first in its low bits. */
static inline uint64_t
le64(uint64_t x)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return __builtin_bswap64(x);
#else
	return x;
#endif
}

/*
 * The multibyte characters at *pp (its first byte 0x80 or above): three
 * bytes, not overlong nor a surrogate (most of CJK), in a run; anything
 * else decoded.  False when it is not UTF-8.
 */
static inline bool
check_multi(const unsigned char **pp, const unsigned char *e, bool *clean)
{
	const unsigned char *p = *pp;
	uint32_t cp, u;
	int k;

	/* The lead E1..EF but ED, then two bytes 10xxxxxx. */
	while (e - p >= 3) {
		u = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
		if ((u & 0xc0c0f0) != 0x8080e0 || p[0] == 0xe0 || p[0] == 0xed)
			break;
		p += 3;
	}
	if (p < e && *p >= 0x80) {
		if ((k = u8_decode((const char *)p, (size_t)(e - p), &cp)) < 0)
			return false;
		if (cp < 0xa0)
			*clean = false;		/* C1 */
		p += k;
	}
	*pp = p;
	return true;
}

#ifdef __SSE2__
#define ASCII_RUN	16
/*
 * The ASCII bytes that start the sixteen at p (k of them, one at least:
 * *p is below 0x80, so signed compares serve): adds their NULs to
 * *nuls, clears *clean at a control character.  Returns k.
 */
static inline int
ascii_run(const unsigned char *p, long *nuls, bool *clean)
{
	const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	unsigned in = (unsigned)_mm_movemask_epi8(v), z, bad;
	int k = in != 0 ? __builtin_ctz(in) : 16;

	in = k < 16 ? (1u << k) - 1 : 0xffffu;
	z = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v,
	    _mm_setzero_si128())) & in;
	bad = ((unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v,
	    _mm_set1_epi8(0x20))) & ~z) | (unsigned)_mm_movemask_epi8(
	    _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f)));
	if ((bad & in) != 0)
		*clean = false;
	for (; z != 0; z &= z - 1)
		(*nuls)++;
	return k;
}
#else
#define ASCII_RUN	8
/* As above, eight bytes at a time in a word (no carry between bytes). */
static inline int
ascii_run(const unsigned char *p, long *nuls, bool *clean)
{
	const uint64_t ones = 0x0101010101010101ULL, high = ones << 7;
	uint64_t b, hi, in, nonzero, ctrl, del;
	int k;

	memcpy(&b, p, 8);
	b = le64(b);
	hi = b & high;
	k = hi != 0 ? __builtin_ctzll(hi) >> 3 : 8;
	in = k < 8 ? ((uint64_t)1 << (8 * k)) - 1 : ~(uint64_t)0;
	b &= in;
	nonzero = (b + 0x7f * ones) & high;
	ctrl = nonzero & ~((b + 0x60 * ones) & high);
	del = ~((b ^ 0x7f * ones) + 0x7f * ones) & high & in;
	if ((ctrl | del) != 0)
		*clean = false;
	*nuls += k - (long)(((nonzero >> 7) * ones) >> 56);
	return k;
}
#endif

/*
 * Checks the text of a row: UTF-8 throughout, and whether it holds a
 * control character other than the NULs that end its values (*clean
 * false then).  ASCII goes ASCII_RUN bytes at a time, three-byte
 * characters three.  Returns the number of NULs, or -1 when the text is
 * not UTF-8.
 */
static long
check_text(const unsigned char *p, const unsigned char *e, bool *clean)
{
	long nuls = 0;

	while (p < e) {
		if (*p >= 0x80) {
			if (!check_multi(&p, e, clean))
				return -1;
		} else if (e - p >= ASCII_RUN)
			p += ascii_run(p, &nuls, clean);
		else {
			if (*p == '\0')
				nuls++;
			else if (*p < 0x20 || *p == 0x7f)
				*clean = false;
			p++;
		}
	}
	return nuls;
}

#ifdef __SSE2__
/* What check_row_text() has found so far. */
struct text_scan {
	__m128i		 ctrl;	/* a control character */
	__m128i		 odd;	/* a byte it leaves to check_text() */
	unsigned	 carry;	/* continuation bytes due in the next block */
	long		 nuls;
};

/*
 * One block of sixteen bytes, the NULs counted among those in real (a
 * bit a byte: the rest is padding).  False when its bytes do not follow
 * their leads.
 */
static inline bool
text_block(__m128i v, unsigned real, struct text_scan *ts)
{
	const __m128i zero = _mm_setzero_si128();
	unsigned hi, z, cont, exp;

	/* 0x01..0x1f (above zero, below 0x20 as signed) and DEL. */
	ts->ctrl = _mm_or_si128(ts->ctrl, _mm_or_si128(_mm_and_si128(
	    _mm_cmpgt_epi8(v, zero), _mm_cmplt_epi8(v, _mm_set1_epi8(0x20))),
	    _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f))));
	for (z = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, zero)) & real;
	    z != 0; z &= z - 1)
		ts->nuls++;
	hi = (unsigned)_mm_movemask_epi8(v);
	if ((hi | ts->carry) == 0)
		return true;
	/* Leads other than E1..EF but ED: C0..E0, ED, F0..FF. */
	ts->odd = _mm_or_si128(ts->odd, _mm_or_si128(_mm_or_si128(
	    _mm_andnot_si128(_mm_cmpeq_epi8(_mm_max_epu8(v,
	    _mm_set1_epi8((char)0xe1)), v), _mm_cmpeq_epi8(_mm_max_epu8(v,
	    _mm_set1_epi8((char)0xc0)), v)), _mm_cmpeq_epi8(v,
	    _mm_set1_epi8((char)0xed))), _mm_cmpeq_epi8(_mm_max_epu8(v,
	    _mm_set1_epi8((char)0xf0)), v)));
	/* 0x80..0xbf: below 0xc0 as signed, and negative. */
	cont = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v,
	    _mm_set1_epi8((char)0xc0)));
	exp = ts->carry | (hi & ~cont) << 1 | (hi & ~cont) << 2;
	ts->carry = exp >> 16;
	return (exp & 0xffffu) == cont;
}

/*
 * The same, sixteen bytes at a time while the text is ASCII and the
 * three-byte characters most of CJK is written in (lead E1..EF but ED,
 * then two bytes 10xxxxxx): each block's continuation bytes must be
 * exactly those its leads call for (a lead near the end calls for some
 * in the next block).  A text with anything else (a two- or four-byte
 * character, the leads E0 and ED, a byte that is never UTF-8, a lead
 * not followed as it should be) goes to check_text() as a whole.  The
 * last bytes are read as a block padded with NULs.
 */
static long
check_row_text(const unsigned char *text, const unsigned char *e,
    bool *clean)
{
	struct text_scan ts = { _mm_setzero_si128(), _mm_setzero_si128(),
	    0, 0 };
	const unsigned char *p = text;
	unsigned char last[16];
	size_t n;

	for (; e - p >= 16; p += 16)
		if (!text_block(_mm_loadu_si128((const __m128i *)(const
		    void *)p), 0xffffu, &ts))
			return check_text(text, e, clean);
	if ((n = (size_t)(e - p)) > 0) {
		memset(last, 0, sizeof last);
		memcpy(last, p, n);
		if (!text_block(_mm_loadu_si128((const __m128i *)(const
		    void *)last), (1u << n) - 1, &ts))
			return check_text(text, e, clean);
	}
	if (ts.carry != 0 || _mm_movemask_epi8(ts.odd) != 0)
		return check_text(text, e, clean);
	if (_mm_movemask_epi8(ts.ctrl) != 0)
		*clean = false;
	return ts.nuls;
}
#else
#define check_row_text	check_text
#endif

/*
 * The kept fields' mask, as the last row read had it: every row of one
 * program keeps the same, and comparing its bytes is cheaper than
 * decoding them again.
 */
static struct {
	unsigned char	 s[10];
	size_t		 n;
	uint64_t	 mask;
	int		 nf;		/* its bits */
} last_mask;

/* Whether each of the n bytes at t is below 0x80: a varint of one byte. */
static inline bool
one_byte_each(const unsigned char *t, size_t n)
{
	uint64_t or = 0, x;
	size_t i;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&x, t + i, 8);
		or |= x;
	}
	for (; i < n; i++)
		or |= t[i];
	return (or & 0x8080808080808080ULL) == 0;
}

/*
 * Takes the value len bytes at *at: it must end with the NUL the table
 * says.  A kept field (bit f of *m, the lowest left) goes into v[f],
 * NULL when empty, and its measures into out.
 */
static inline bool
take_value(struct cover_row *out, const char **v, const unsigned char *text,
    size_t size, size_t *at, uint64_t *m, uint32_t len, int w)
{
	const char *s = (const char *)text + *at;
	int f;

	if (len >= size - *at || s[len] != '\0')
		return false;
	if (*m != 0) {
		f = __builtin_ctzll(*m);
		*m &= *m - 1;
		v[f] = len > 0 ? s : NULL;
		out->len[f] = len;
		out->w[f] = w;
	}
	*at += len + 1;
	return true;
}

int
cover_read(const void *p, size_t n, uint64_t want, struct cover_row *out)
{
	memset(out->v, 0, sizeof out->v);
	return cover_read_to(p, n, want, out, out->v);
}

int
cover_read_to(const void *p, size_t n, uint64_t want, struct cover_row *out,
    const char **v)
{
	uint32_t len[REC_MAXFIELDS + 3];
	int w[REC_MAXFIELDS + 3];
	const unsigned char *b = p, *end = b + n, *table, *text;
	struct rd rd;
	uint64_t kept, m;
	size_t at, size;
	int i, nv, nf;
	bool bytes;		/* the table's values are bytes */

	if (n == 0 || b[0] != COVER_FORMAT)
		return SH_ENOTFOUND;
	if (last_mask.n > 0 && n > last_mask.n &&
	    mem_same(b + 1, last_mask.s, last_mask.n)) {
		kept = last_mask.mask;
		table = b + 1 + last_mask.n;
	} else {
		rd_init(&rd, b + 1, n - 1);
		kept = rd_varint(&rd);
		if (rd.err)
			return SH_ENOTFOUND;
		table = rd.p;
		if ((size_t)(table - b - 1) <= sizeof last_mask.s) {
			last_mask.n = (size_t)(table - b - 1);
			memcpy(last_mask.s, b + 1, last_mask.n);
			last_mask.mask = kept;
			last_mask.nf = __builtin_popcountll(kept);
		}
	}
	if ((want & ~kept) != 0)
		return SH_ENOTFOUND;
	if (kept >> REC_MAXFIELDS != 0)
		return SH_ECORRUPT;
	nf = kept == last_mask.mask ? last_mask.nf :
	    __builtin_popcountll(kept);
	nv = nf + 3;
	/* The table: two varints a value, each one byte nearly always. */
	if ((bytes = end - table > 2 * nv &&
	    one_byte_each(table, (size_t)(2 * nv))))
		text = table + 2 * nv;
	else {
		rd_init(&rd, table, (size_t)(end - table));
		for (i = 0; i < nv; i++) {
			len[i] = (uint32_t)rd_varint(&rd);
			w[i] = (int)rd_varint(&rd);
		}
		if (rd.err)
			return SH_ECORRUPT;
		text = rd.p;
	}
	size = (size_t)(end - text);
	/*
	 * Each value ends where the table says, and there is no other NUL:
	 * every value is whole, and no read runs past the row.
	 */
	out->clean = true;
	if (check_row_text(text, end, &out->clean) != nv)
		return SH_ECORRUPT;
	out->kept = kept;
	at = 0;
	m = kept;
	if (bytes) {
		for (i = 0; i < nv; i++)
			if (!take_value(out, v, text, size, &at, &m,
			    table[2 * i], table[2 * i + 1]))
				return SH_ECORRUPT;
	} else
		for (i = 0; i < nv; i++)
			if (!take_value(out, v, text, size, &at, &m, len[i],
			    w[i]))
				return SH_ECORRUPT;
	if (at != size)
		return SH_ECORRUPT;
	/* The contact, the relation and the phone: the last three. */
	if (bytes)
		for (i = nf; i < nv; i++) {
			len[i] = table[2 * i];
			w[i] = table[2 * i + 1];
		}
	out->phone = (const char *)text + size - len[nf + 2] - 1;
	out->relation = out->phone - len[nf + 1] - 1;
	out->contact = out->relation - len[nf] - 1;
	out->contact_len = len[nf];
	out->contact_w = w[nf];
	out->phone_len = len[nf + 2];
	out->phone_w = w[nf + 2];
	return 0;
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

void
covers_add(struct covers *c, uint32_t id, const void *p, size_t n)
{
	if (n == 0 || n > UINT32_MAX)
		return;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->v = xreallocarray(c->v, c->cap, sizeof *c->v);
	}
	c->v[c->n].id = id;
	c->v[c->n].n = (uint32_t)n;
	c->v[c->n++].p = p;
	c->sorted = false;
}

/* Sorts the rows by id, keeping the first added of each id. */
static void
covers_sort(struct covers *c)
{
	size_t i, j;

	c->sorted = true;
	c->at = 0;
	if (c->n < 2)
		return;
	/* The sort is stable: the first added of an id stays first. */
	sort_by_u32(c->v, c->n, sizeof *c->v);
	for (i = 1, j = 0; i < c->n; i++)
		if (c->v[i].id != c->v[j].id)
			c->v[++j] = c->v[i];
	c->n = j + 1;
}

bool
covers_get(struct covers *c, uint32_t id, const void **p, size_t *n)
{
	size_t lo, hi, mid;

	if (c == NULL || c->n == 0)
		return false;
	if (!c->sorted)
		covers_sort(c);
	if (c->at >= c->n || c->v[c->at].id != id) {
		for (lo = 0, hi = c->n; lo < hi; ) {
			mid = lo + (hi - lo) / 2;
			if (c->v[mid].id < id)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == c->n || c->v[lo].id != id)
			return false;
		c->at = lo;
	}
	*p = c->v[c->at].p;
	*n = c->v[c->at].n;
	c->at++;
	return true;
}

void
covers_free(struct covers *c)
{
	free(c->v);
	memset(c, 0, sizeof *c);
}
