/*
 * report.c -- the summary of the children in school: see report.h.
 *
 * Four passes in key order, each reading only the fields it needs from
 * the stored bytes (rec_peek_bytes()): the children (which class row
 * each one counts in, and the fields counted from the child alone), the
 * contacts (which have a phone never verified: one bit per contact id),
 * the links (each child's card: an entrusted guardian, an unverified
 * phone) and the mentoring pairs (who has a mentor, and each mentor's
 * caseload).  A child's flags are kept in arrays indexed by its id, so
 * that no pass looks anything up in the tree; the class rows are found
 * through a hash of school, grade and class.  The rows are then sorted
 * by school, grade and class and summed into the schools' and the
 * township's totals, so that the totals always add up.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "calltree.h"
#include "codec.h"
#include "csvw.h"
#include "hmap.h"
#include "i18n.h"
#include "model.h"
#include "print.h"
#include "rec.h"
#include "report.h"
#include "schema.h"
#include "util.h"

static const char *const col_names[RC__N] = {
	"children", "both_away", "father_away", "mother_away", "one_unable",
	"type_not_given", "guardianship_good", "guardianship_fair",
	"guardianship_poor", "guardianship_not_assessed", "boarding", "aid",
	"key_support", "no_mentor", "no_guardian", "phone_never_verified"
};

const char *
rep_col_name(enum rep_col c)
{
	return c < RC__N ? col_names[c] : "";
}

/*
 * Reading a few fields of many stored records in place, as
 * rec_peek_bytes() does, but finding each tag's place in one lookup: a
 * county's summary reads 600,000 records.  The stored form is rec.h's.
 */
struct peek {
	enum rtype	 type;
	int		 n;
	int8_t		 slot[256];	/* by tag: the place in v, or -1 */
	uint8_t		 after[256];	/* by tag: past the last one wanted */
};

static void
peek_init(struct peek *pk, enum rtype type, const int *fields, int n)
{
	const struct schema *sc = schema_of(type);
	int i, last = 0;

	pk->type = type;
	pk->n = n;

	memset(pk->slot, -1, sizeof pk->slot);
	memset(pk->after, 0, sizeof pk->after);
	for (i = 0; i < n; i++) {
		pk->slot[sc->fields[fields[i]].tag] = (int8_t)i;
		if (fields[i] > last)
			last = fields[i];
	}
	/* Fields are stored in the order of the table: stop after it. */
	for (i = last + 1; i < sc->nfields; i++)
		pk->after[sc->fields[i].tag] = 1;
}

/* A varint's value; false past the end or when too long. */
static bool
varint(const unsigned char **p, const unsigned char *end, uint64_t *out)
{
	uint64_t v = 0;
	unsigned shift;

	for (shift = 0; *p < end && shift < 64; shift += 7) {
		v |= (uint64_t)(**p & 0x7f) << shift;
		if (!(*(*p)++ & 0x80)) {
			*out = v;
			return true;
		}
	}
	return false;
}

static bool
bytes(const unsigned char **p, const unsigned char *end, size_t *len)
{
	uint64_t n;

	if (!varint(p, end, &n) || n > (uint64_t)(end - *p))
		return false;
	*len = (size_t)n;
	*p += n;
	return true;
}

/* The record's key and value read; false for a bad one (skipped). */
static bool
peek(const struct peek *pk, const struct kv_cursor *kc, uint32_t *id,
    const char **v, size_t *len)
{
	const unsigned char *p = kc->val.mv_data, *end = p + kc->val.mv_size;
	uint64_t count, i, x;
	size_t sl;
	int j;

	if (kc->key.mv_size != 4 || kc->val.mv_size < 2 || p[0] != 1 ||
	    p[1] != (unsigned char)pk->type)
		return false;
	*id = get_u32be(kc->key.mv_data);
	for (j = 0; j < pk->n; j++) {
		v[j] = "";
		len[j] = 0;
	}
	p += 2;
	if (!varint(&p, end, &x) || !varint(&p, end, &x) ||
	    !varint(&p, end, &x) || !bytes(&p, end, &sl) ||
	    !bytes(&p, end, &sl) || !varint(&p, end, &count))
		return false;
	for (i = 0; i < count; i++) {
		if (p >= end)
			return false;
		if (pk->after[*p])
			break;
		j = pk->slot[*p++];
		if (!bytes(&p, end, &sl))
			return false;
		if (j >= 0) {
			v[j] = (const char *)p - sl;
			len[j] = sl;
		}
	}
	return true;
}

/* A class row while counting. */
struct trow {
	uint32_t	 school;
	char		*grade;
	char		*cls;
	unsigned	 n[RC__N];
};

/* What the passes know of each child, by id. */
enum {
	CF_COUNTED = 1 << 0,
	CF_GUARDIAN = 1 << 1,
	CF_UNVERIFIED = 1 << 2,
	CF_MENTOR = 1 << 3
};

struct count {
	const char	*date;
	uint8_t		*flags;		/* by child id */
	uint32_t	*row;		/* by child id: row index + 1 */
	size_t		 nchild;	/* room in flags and row */
	uint8_t		*bad;		/* by contact id: an unverified phone */
	size_t		 nbad;
	struct trow	*rows;
	size_t		 nrows;
	struct hmap	 rowmap;
	uint64_t	*caseload;	/* (staff << 32 | school) per mentee */
	size_t		 ncase;
	unsigned	 aid_hidden;
};

static uint32_t
num(const char *s, size_t len)
{
	uint32_t v = 0;
	size_t i;

	for (i = 0; i < len && i < 10; i++) {
		if (!isdigit((unsigned char)s[i]))
			return 0;
		v = v * 10 + (uint32_t)(s[i] - '0');
	}
	return v;
}

static bool
is(const char *v, size_t len, const char *s)
{
	return len == strlen(s) && memcmp(v, s, len) == 0;
}

static void
grow(void *pp, size_t *cap, size_t need, size_t size)
{
	void **p = pp;
	size_t n = *cap;

	if (need < n)
		return;
	while (n <= need)
		n = n < 1024 ? 1024 : n * 2;
	*p = xreallocarray(*p, n, size);
	memset((char *)*p + *cap * size, 0, (n - *cap) * size);
	*cap = n;
}

static bool
row_is(const struct trow *tr, uint32_t school, const char *g, size_t gl,
    const char *k, size_t kl)
{
	return tr->school == school && is(g, gl, tr->grade) &&
	    is(k, kl, tr->cls);
}

/* The row of a school's class (its index + 1), made on first use. */
static uint32_t
row_of(struct count *c, uint32_t school, const char *g, size_t gl,
    const char *k, size_t kl)
{
	uint64_t h = hash_start(0x52);
	struct trow *tr;
	uint32_t r;
	size_t i;

	h = hash_bytes(h, &school, sizeof school);
	h = hash_bytes(h, g, gl);
	h = hash_bytes(h, "/", 1);
	h = hash_end(hash_bytes(h, k, kl));
	if ((r = hm_get(&c->rowmap, h)) != 0 &&
	    row_is(&c->rows[r - 1], school, g, gl, k, kl))
		return r;
	/* Two classes of one hash: the second is looked for row by row. */
	for (i = 0; r != 0 && i < c->nrows; i++)
		if (row_is(&c->rows[i], school, g, gl, k, kl))
			return (uint32_t)i + 1;
	c->rows = xreallocarray(c->rows, c->nrows + 1, sizeof *c->rows);
	tr = &c->rows[c->nrows++];
	memset(tr, 0, sizeof *tr);
	tr->school = school;
	tr->grade = xstrndup(g, gl);
	tr->cls = xstrndup(k, kl);
	if (r == 0)
		hm_put(&c->rowmap, h, (uint32_t)c->nrows);
	return (uint32_t)c->nrows;
}

enum { PC_SCHOOL, PC_GRADE, PC_CLASS, PC_STATUS, PC_STATUS_DATE, PC_TYPE,
	PC_GUARDIANSHIP, PC_BOARDING, PC_AID, PC_KEY, PC__N };

static void
pass_children(struct txn *t, uint32_t only, struct count *c)
{
	static const int fields[PC__N] = { CHILD_SCHOOL, CHILD_GRADE,
	    CHILD_CLASS, CHILD_STATUS, CHILD_STATUS_DATE, CHILD_LEFT_BEHIND,
	    CHILD_GUARDIANSHIP, CHILD_BOARDING, CHILD_AID, CHILD_KEY_SUPPORT };
	static const char *const types[] = { "both", "father", "mother",
	    "one_unable" };
	static const char *const grades[] = { "good", "fair", "poor" };
	const char *v[PC__N];
	size_t len[PC__N], i;
	struct kv_cursor kc;
	struct peek pk;
	struct trow *tr;
	uint32_t id, school, r;
	bool ok;
	int k;

	peek_init(&pk, RT_CHILD, fields, PC__N);
	for (ok = kv_first(t, DBI_CHILD, NULL, 0, &kc); ok; ok = kv_next(&kc)) {
		if (!peek(&pk, &kc, &id, v, len) || !access_child(id))
			continue;
		school = num(v[PC_SCHOOL], len[PC_SCHOOL]);
		if (school == 0 || (only != 0 && school != only))
			continue;
		/* In school on the date: still, or left only after it. */
		if (!status_active(v[PC_STATUS], len[PC_STATUS]) &&
		    (len[PC_STATUS_DATE] != 10 || memcmp(v[PC_STATUS_DATE],
		    c->date, 10) <= 0))
			continue;
		r = row_of(c, school, v[PC_GRADE], len[PC_GRADE], v[PC_CLASS],
		    len[PC_CLASS]);
		tr = &c->rows[r - 1];
		grow(&c->flags, &c->nchild, id, sizeof *c->flags);
		c->row = xreallocarray(c->row, c->nchild, sizeof *c->row);
		c->flags[id] = CF_COUNTED;
		c->row[id] = r;
		tr->n[RC_CHILDREN]++;
		k = RC_TYPE_NONE;
		for (i = 0; i < nitems(types); i++)
			if (is(v[PC_TYPE], len[PC_TYPE], types[i]))
				k = RC_BOTH + (int)i;
		tr->n[k]++;
		k = RC_GRADE_NONE;
		for (i = 0; i < nitems(grades); i++)
			if (is(v[PC_GUARDIANSHIP], len[PC_GUARDIANSHIP],
			    grades[i]))
				k = RC_GOOD + (int)i;
		tr->n[k]++;
		if (is(v[PC_BOARDING], len[PC_BOARDING], "1"))
			tr->n[RC_BOARDING]++;
		if (is(v[PC_KEY], len[PC_KEY], "1"))
			tr->n[RC_KEY]++;
		if (!access_private(id))
			c->aid_hidden++;
		else if (len[PC_AID] > 0)
			tr->n[RC_AID]++;
	}
	kv_close(&kc);
}

/* Contacts with a phone never verified (by the date). */
static void
pass_contacts(struct txn *t, struct count *c)
{
	int fields[2 * CONTACT_PHONES];
	const char *v[2 * CONTACT_PHONES];
	size_t len[2 * CONTACT_PHONES];
	struct kv_cursor kc;
	struct peek pk;
	uint32_t id;
	bool ok;
	int i;

	for (i = 0; i < CONTACT_PHONES; i++) {
		fields[2 * i] = contact_phone_field(i);
		fields[2 * i + 1] = contact_verified_field(i);
	}
	peek_init(&pk, RT_CONTACT, fields, 2 * CONTACT_PHONES);
	for (ok = kv_first(t, DBI_CONTACT, NULL, 0, &kc); ok;
	    ok = kv_next(&kc)) {
		if (!peek(&pk, &kc, &id, v, len))
			continue;
		for (i = 0; i < CONTACT_PHONES; i++)
			if (len[2 * i] > 0 && (len[2 * i + 1] != 10 ||
			    memcmp(v[2 * i + 1], c->date, 10) > 0)) {
				grow(&c->bad, &c->nbad, id, 1);
				c->bad[id] = 1;
				break;
			}
	}
	kv_close(&kc);
}

static void
pass_links(struct txn *t, struct count *c)
{
	static const int fields[] = { LINK_CHILD, LINK_CONTACT, LINK_GUARDIAN };
	const char *v[3];
	size_t len[3];
	struct kv_cursor kc;
	struct peek pk;
	uint32_t id, child, contact;
	bool ok;

	peek_init(&pk, RT_LINK, fields, 3);
	for (ok = kv_first(t, DBI_LINK, NULL, 0, &kc); ok; ok = kv_next(&kc)) {
		if (!peek(&pk, &kc, &id, v, len))
			continue;
		child = num(v[0], len[0]);
		if (child >= c->nchild || !(c->flags[child] & CF_COUNTED))
			continue;
		contact = num(v[1], len[1]);
		if (is(v[2], len[2], "1"))
			c->flags[child] |= CF_GUARDIAN;
		if (contact < c->nbad && c->bad[contact])
			c->flags[child] |= CF_UNVERIFIED;
	}
	kv_close(&kc);
}

static void
pass_pairs(struct txn *t, struct count *c)
{
	static const int fields[] = { PAIR_STAFF, PAIR_CHILD, PAIR_SINCE,
	    PAIR_UNTIL };
	const char *v[4];
	size_t len[4], cap = 0;
	struct kv_cursor kc;
	struct peek pk;
	uint32_t id, child, staff;
	bool ok;

	peek_init(&pk, RT_PAIR, fields, 4);
	for (ok = kv_first(t, DBI_PAIR, NULL, 0, &kc); ok; ok = kv_next(&kc)) {
		if (!peek(&pk, &kc, &id, v, len))
			continue;
		child = num(v[1], len[1]);
		if (child >= c->nchild || !(c->flags[child] & CF_COUNTED) ||
		    (c->flags[child] & CF_MENTOR))
			continue;
		/* In force on the date: begun by then, not ended before. */
		if (len[2] != 10 || memcmp(v[2], c->date, 10) > 0 ||
		    (len[3] == 10 && memcmp(v[3], c->date, 10) < 0))
			continue;
		staff = num(v[0], len[0]);
		c->flags[child] |= CF_MENTOR;
		if (c->ncase == cap) {
			cap = cap == 0 ? 1024 : cap * 2;
			c->caseload = xreallocarray(c->caseload, cap,
			    sizeof *c->caseload);
		}
		c->caseload[c->ncase++] = (uint64_t)staff << 32 |
		    c->rows[c->row[child] - 1].school;
	}
	kv_close(&kc);
}

static int
u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int
rep_part_cmp(const char *a, const char *b)
{
	size_t la = strspn(a, "0123456789"), lb = strspn(b, "0123456789");

	if (la > 0 && lb > 0 && a[la] == '\0' && b[lb] == '\0' && la != lb)
		return la < lb ? -1 : 1;
	return strcmp(a, b);
}

static int
trow_cmp(const void *a, const void *b)
{
	const struct trow *x = a, *y = b;
	int d;

	if (x->school != y->school)
		return x->school < y->school ? -1 : 1;
	if ((d = rep_part_cmp(x->grade, y->grade)) != 0)
		return d;
	return rep_part_cmp(x->cls, y->cls);
}

static void
row_add(unsigned *to, const unsigned *n)
{
	int i;

	for (i = 0; i < RC__N; i++)
		to[i] += n[i];
}

static struct rep_school *
school_of(struct rep *rep, uint32_t id)
{
	size_t i;

	for (i = 0; i < rep->nschools; i++)
		if (rep->schools[i].id == id)
			return &rep->schools[i];
	return NULL;
}

/* Mentors and the largest caseload, per school and for all. */
static void
count_mentors(struct count *c, struct rep *rep)
{
	struct rep_school *s;
	size_t i, j, k;
	unsigned run;

	if (c->ncase > 1)
		qsort(c->caseload, c->ncase, sizeof *c->caseload, u64_cmp);
	for (i = 0; i < c->ncase; i = j) {
		/* One mentor: every school of his, then his whole caseload. */
		for (j = i; j < c->ncase && c->caseload[j] >> 32 ==
		    c->caseload[i] >> 32; j++)
			;
		for (k = i; k < j; k += run) {
			for (run = 0; k + run < j && c->caseload[k + run] ==
			    c->caseload[k]; run++)
				;
			if ((s = school_of(rep, (uint32_t)c->caseload[k])) ==
			    NULL)
				continue;
			s->mentors++;
			if (run > s->most)
				s->most = run;
		}
		rep->mentors++;
		if ((unsigned)(j - i) > rep->most)
			rep->most = (unsigned)(j - i);
	}
}

int
rep_summary(struct db *db, uint32_t school, const char *date, struct rep *rep,
    char **cause)
{
	struct count c;
	struct rep_school *s = NULL;
	struct rec *sr;
	struct txn t;
	struct trow *tr;
	size_t i;
	uint8_t f;
	int rc;

	memset(rep, 0, sizeof *rep);
	memset(&c, 0, sizeof c);
	snprintf(rep->date, sizeof rep->date, "%s", date);
	rep->township = school == 0;
	c.date = rep->date;
	if ((rc = txn_read(db, &t)) != 0) {
		set_cause(cause, _("cannot read the database"));
		return rc;
	}
	pass_children(&t, school, &c);
	pass_contacts(&t, &c);
	pass_links(&t, &c);
	pass_pairs(&t, &c);
	for (i = 0; i < c.nchild; i++) {
		if (!((f = c.flags[i]) & CF_COUNTED))
			continue;
		tr = &c.rows[c.row[i] - 1];
		if (!(f & CF_MENTOR))
			tr->n[RC_NO_MENTOR]++;
		if (!(f & CF_GUARDIAN))
			tr->n[RC_NO_GUARDIAN]++;
		if (f & CF_UNVERIFIED)
			tr->n[RC_UNVERIFIED]++;
	}
	rep->aid_hidden = c.aid_hidden;

	if (c.nrows > 1)
		qsort(c.rows, c.nrows, sizeof *c.rows, trow_cmp);
	for (i = 0; i < c.nrows; i++) {
		tr = &c.rows[i];
		if (s == NULL || s->id != tr->school) {
			rep->schools = xreallocarray(rep->schools,
			    rep->nschools + 1, sizeof *rep->schools);
			s = &rep->schools[rep->nschools++];
			memset(s, 0, sizeof *s);
			s->id = tr->school;
			if (rec_get(&t, RT_SCHOOL, s->id, &sr) == 0) {
				s->name = xstrdup(rec_str(sr, SCHOOL_NAME));
				rec_free(sr);
			} else
				s->name = xasprintf("#%u", s->id);
		}
		s->classes = xreallocarray(s->classes, s->nclasses + 1,
		    sizeof *s->classes);
		s->classes[s->nclasses].grade = tr->grade;
		s->classes[s->nclasses].cls = tr->cls;
		memcpy(s->classes[s->nclasses].n, tr->n, sizeof tr->n);
		s->nclasses++;
		row_add(s->total.n, tr->n);
		row_add(rep->total.n, tr->n);
	}
	count_mentors(&c, rep);
	if (t.err != 0) {
		rc = t.err;
		set_cause(cause, "%s", sh_strerror(rc));
	}
	txn_end(&t);
	free(c.flags);
	free(c.row);
	free(c.bad);
	free(c.rows);
	free(c.caseload);
	hm_free(&c.rowmap);
	if (rc != 0)
		rep_free(rep);
	return rc;
}

void
rep_free(struct rep *rep)
{
	size_t i, j;

	for (i = 0; i < rep->nschools; i++) {
		for (j = 0; j < rep->schools[i].nclasses; j++) {
			free(rep->schools[i].classes[j].grade);
			free(rep->schools[i].classes[j].cls);
		}
		free(rep->schools[i].classes);
		free(rep->schools[i].name);
	}
	free(rep->schools);
	memset(rep, 0, sizeof *rep);
}

void
rep_per_mentor(unsigned children, unsigned mentors, char out[16])
{
	unsigned tenths;

	if (mentors == 0) {
		snprintf(out, 16, "-");
		return;
	}
	tenths = (children * 20 + mentors) / (2 * mentors);
	snprintf(out, 16, "%u.%u", tenths / 10, tenths % 10);
}

/* ---- text ---- */

#define LABEL_W 16

/* The two tables: which columns, their headers and widths. */
static const struct {
	const char	*group;		/* msgid over the first column */
	int		 first, last;
	int		 width;
} tables[] = {
	{ N_("Left-behind type"), RC_CHILDREN, RC_TYPE_NONE, 6 },
	{ N_("Guardianship"), RC_GOOD, RC_GRADE_NONE, 6 },
	{ N_("Support"), RC_BOARDING, RC_UNVERIFIED, 10 }
};
/*
 * Short headers ("summary|" keeps them apart from the same words
 * elsewhere in the catalog; col_head() drops it), and what each column
 * counts (the legend under the tables).
 */
static const char *const col_heads[RC__N] = {
	N_("summary|all"), N_("summary|both"), N_("summary|dad"),
	N_("summary|mum"), N_("summary|other"), N_("summary|n/a"),
	N_("summary|good"), N_("summary|fair"), N_("summary|poor"),
	N_("summary|none"), N_("summary|boarding"), N_("summary|aid"),
	N_("summary|key"), N_("summary|no mentor"), N_("summary|no guard."),
	N_("summary|unverif.")
};

static const char *
col_head(int c)
{
	const char *t = _(col_heads[c]);

	return t == col_heads[c] ? strchr(t, '|') + 1 : t;
}

static const char *const col_legend[RC__N] = {
	N_("children in school"),
	N_("both parents away"),
	N_("father away"),
	N_("mother away"),
	N_("one away, the other unable to care"),
	N_("left-behind type not given"),
	N_("guardianship good (较好)"),
	N_("guardianship fair (一般)"),
	N_("guardianship poor (差)"),
	N_("guardianship not assessed"),
	N_("boarding"),
	N_("aid as on the registration form; aid given is in aid summary"),
	N_("key support"),
	N_("without a mentor"),
	N_("without an entrusted guardian"),
	N_("with a phone never verified")
};

/* Tables 0 and 1 share a line; table 2 has its own. */
static void
table_head(struct print_lines *out, int first, int last, int width)
{
	struct buf b = { 0 };
	int c;

	buf_addf(&b, "%*s", LABEL_W, "");
	for (c = first; c <= last; c++) {
		buf_addc(&b, ' ');
		u_fit_right(&b, col_head(c), width - 1);
	}
	print_lines_take(out, &b);
	buf_free(&b);
}

static void
table_row(struct print_lines *out, const char *label, const unsigned *n,
    int first, int last, int width)
{
	struct buf b = { 0 };
	char num[16];
	int c;

	print_fit(&b, label, LABEL_W, true);
	for (c = first; c <= last; c++) {
		snprintf(num, sizeof num, "%u", n[c]);
		buf_addc(&b, ' ');
		u_fit_right(&b, num, width - 1);
	}
	print_lines_take(out, &b);
	buf_free(&b);
}

/* The group names over the tables' first columns. */
static void
group_line(struct print_lines *out, int t0, int t1)
{
	struct buf b = { 0 };
	int t, at = LABEL_W;

	buf_addf(&b, "%*s", LABEL_W, "");
	for (t = t0; t <= t1; t++) {
		/* The first table's group is over the types, not the count. */
		while (u_width(b.s) < at + 1 + (t == 0 ? tables[t].width : 0))
			buf_addc(&b, ' ');
		buf_addstr(&b, _(tables[t].group));
		at += (tables[t].last - tables[t].first + 1) * tables[t].width;
	}
	print_lines_take(out, &b);
	buf_free(&b);
}

/* Rows of labels and numbers under one set of columns. */
static void
block(struct print_lines *out, char *const *labels,
    const struct rep_row *const *rows, size_t n, int t0, int t1)
{
	int first = tables[t0].first, last = tables[t1].last;
	int width = tables[t0].width;
	size_t i;

	group_line(out, t0, t1);
	table_head(out, first, last, width);
	for (i = 0; i < n; i++)
		table_row(out, labels[i], rows[i]->n, first, last, width);
}

static void
both_blocks(struct print_lines *out, char *const *labels,
    const struct rep_row *const *rows, size_t n)
{
	block(out, labels, rows, n, 0, 1);
	print_lines_add(out, xstrdup(""));
	block(out, labels, rows, n, 2, 2);
}

static void
mentor_line(struct print_lines *out, unsigned children, unsigned no_mentor,
    unsigned mentors, unsigned most, int width)
{
	char avg[16], *s;

	rep_per_mentor(children - no_mentor, mentors, avg);
	s = xasprintf(_("Mentoring pairs: %u; mentors: %u; children per "
	    "mentor: %s (the most: %u)."), children - no_mentor, mentors, avg,
	    most);
	print_flow_text(out, s, 0, 2, width);
	free(s);
}

/*
 * A school's tables, and the township's, are sections: the line of the
 * section's name starts with SECTION, and a line of SECTION_END alone
 * ends it, so that rep_doc() repeats the name on a page that continues
 * the section.  Neither is printed.
 */
#define SECTION		"\001"
#define SECTION_END	"\002"

static void
section(struct print_lines *out, const char *name, int width)
{
	char *t = print_trunc(name, width);

	print_lines_add(out, xasprintf("%s%s", SECTION, t));
	free(t);
}

static void
school_text(const struct rep_school *s, int width, struct print_lines *out)
{
	const struct rep_row **rows;
	char **labels;
	size_t i, n = s->nclasses + 1;

	rows = xcalloc(n, sizeof *rows);
	labels = xcalloc(n, sizeof *labels);
	for (i = 0; i < s->nclasses; i++) {
		rows[i] = &s->classes[i];
		labels[i] = class_label(s->classes[i].grade,
		    s->classes[i].cls);
	}
	rows[i] = &s->total;
	labels[i] = xstrdup(_("total"));
	section(out, s->name, width);
	both_blocks(out, labels, rows, n);
	mentor_line(out, s->total.n[RC_CHILDREN], s->total.n[RC_NO_MENTOR],
	    s->mentors, s->most, width);
	print_lines_add(out, xstrdup(""));
	print_lines_add(out, xstrdup(SECTION_END));
	for (i = 0; i < n; i++)
		free(labels[i]);
	free(labels);
	free(rows);
}

void
rep_text(const struct rep *rep, int width, struct print_lines *out)
{
	const struct rep_row **rows;
	char **labels, *s;
	size_t i, n = rep->nschools + 1;
	int c;

	if (rep->nschools == 0) {
		print_lines_add(out, xstrdup(_("No children in school to "
		    "count.")));
		return;
	}
	for (i = 0; i < rep->nschools; i++)
		school_text(&rep->schools[i], width, out);
	if (rep->township) {
		rows = xcalloc(n, sizeof *rows);
		labels = xcalloc(n, sizeof *labels);
		for (i = 0; i < rep->nschools; i++) {
			rows[i] = &rep->schools[i].total;
			labels[i] = xstrdup(rep->schools[i].name);
		}
		rows[i] = &rep->total;
		labels[i] = xstrdup(_("all schools"));
		section(out, _("All schools"), width);
		both_blocks(out, labels, rows, n);
		mentor_line(out, rep->total.n[RC_CHILDREN],
		    rep->total.n[RC_NO_MENTOR], rep->mentors, rep->most, width);
		print_lines_add(out, xstrdup(""));
		print_lines_add(out, xstrdup(SECTION_END));
		for (i = 0; i < n; i++)
			free(labels[i]);
		free(labels);
		free(rows);
	}
	if (rep->aid_hidden > 0) {
		s = xasprintf(P_("The aid of %u child is private to you and "
		    "not counted.", "The aid of %u children is private to you "
		    "and not counted.", rep->aid_hidden), rep->aid_hidden);
		print_flow_text(out, s, 0, 2, width);
		free(s);
	}
	print_lines_add(out, xstrdup(_("The columns:")));
	for (c = 0; c < RC__N; c++) {
		s = xasprintf("%s: %s", col_head(c), _(col_legend[c]));
		print_flow_text(out, s, 2, 4, width);
		free(s);
	}
}

/* ---- CSV ---- */

static void
csv_row(struct buf *out, const char *level, const char *school,
    const struct rep_row *r, const unsigned *mentors, const unsigned *most)
{
	struct csvw w = { 0 };
	char num[16], *safe;
	int c;


	csvw_field(&w, level);
	safe = str_safe(school, false);
	csvw_field(&w, safe);
	free(safe);
	safe = str_safe(r->grade != NULL ? r->grade : "", false);
	csvw_field(&w, safe);
	free(safe);
	safe = str_safe(r->cls != NULL ? r->cls : "", false);
	csvw_field(&w, safe);
	free(safe);
	for (c = 0; c < RC__N; c++) {
		snprintf(num, sizeof num, "%u", r->n[c]);
		csvw_field(&w, num);
	}
	snprintf(num, sizeof num, "%u", mentors != NULL ? *mentors : 0);
	csvw_field(&w, mentors != NULL ? num : "");
	snprintf(num, sizeof num, "%u", most != NULL ? *most : 0);
	csvw_field(&w, most != NULL ? num : "");
	buf_addstr(out, csvw_end(&w));
	csvw_free(&w);
}

void
rep_csv_row(struct buf *out, const char *part, const char *school,
    const char *item, const char *measure, size_t value)
{
	struct csvw w = { 0 };
	char num[24], *safe;

	csvw_field(&w, part);
	safe = str_safe(school != NULL ? school : "", false);
	csvw_field(&w, safe);
	free(safe);
	safe = str_safe(item != NULL ? item : "", false);
	csvw_field(&w, safe);
	free(safe);
	csvw_field(&w, measure);
	snprintf(num, sizeof num, "%zu", value);
	csvw_field(&w, num);
	buf_addstr(out, csvw_end(&w));
	csvw_free(&w);
}

/* One row of the summary's table, a figure a CSV row. */
static void
long_rows(struct buf *out, const char *school, const struct rep_row *r)
{
	char *item;
	int c;

	item = r->grade != NULL ? xasprintf("%s-%s", r->grade, r->cls != NULL ?
	    r->cls : "") : xstrdup("total");
	for (c = 0; c < RC__N; c++)
		rep_csv_row(out, "summary", school, item, col_names[c], r->n[c]);
	free(item);
}

void
rep_csv_long(const struct rep *rep, struct buf *out)
{
	const struct rep_school *s;
	size_t i, j;

	for (i = 0; i < rep->nschools; i++) {
		s = &rep->schools[i];
		for (j = 0; j < s->nclasses; j++)
			long_rows(out, s->name, &s->classes[j]);
		long_rows(out, s->name, &s->total);
		rep_csv_row(out, "summary", s->name, "total", "mentors",
		    s->mentors);
	}
	if (rep->township) {
		long_rows(out, "", &rep->total);
		rep_csv_row(out, "summary", "", "total", "mentors",
		    rep->mentors);
	}
}

void
rep_csv(const struct rep *rep, struct buf *out)
{
	struct csvw w = { 0 };
	const struct rep_school *s;
	size_t i, j;
	int c;

	csvw_field(&w, "level");
	csvw_field(&w, "school");
	csvw_field(&w, "grade");
	csvw_field(&w, "class");
	for (c = 0; c < RC__N; c++)
		csvw_field(&w, col_names[c]);
	csvw_field(&w, "mentors");
	csvw_field(&w, "most_per_mentor");
	buf_addstr(out, csvw_end(&w));
	csvw_free(&w);
	for (i = 0; i < rep->nschools; i++) {
		s = &rep->schools[i];
		for (j = 0; j < s->nclasses; j++)
			csv_row(out, "class", s->name, &s->classes[j], NULL,
			    NULL);
		csv_row(out, "school", s->name, &s->total, &s->mentors,
		    &s->most);
	}
	if (rep->township)
		csv_row(out, "all", "", &rep->total, &rep->mentors, &rep->most);
}

/* ---- the document ---- */

struct rep_head {
	const char	*title;
	const char	*date;
	int		 width;
};

static void
rep_head(struct print_lines *out, int page, int pages, void *arg)
{
	const struct rep_head *h = arg;
	char *right;

	right = xasprintf(_("%s  page %d/%d"), h->date, page, pages);
	print_lines_add(out, print_two_sided(h->title, right, h->width));
	free(right);
	print_lines_add(out, xstrdup(""));
}

char *
rep_scope_name(struct db *db, uint32_t school)
{
	struct txn t;
	char *name;

	if (txn_read(db, &t) != 0)
		return xstrdup(school == 0 ? _("all schools") : "");
	name = ct_scope_name(&t, school);
	txn_end(&t);
	return name;
}

void
rep_doc(const char *title, const char *date, struct print_lines *body,
    const struct print_opts *o, struct print_doc *doc)
{
	struct rep_head h;
	struct print_lines cont = { 0 };
	int width = o->width > 0 ? o->width : PRINT_WIDTH;
	int lines = o->page_lines > 0 ? o->page_lines : PRINT_LINES;
	int room = lines - 2, used = 0, len;
	const char **sec, *in = NULL;
	char **v, **out, *c;
	size_t i, j, k, n = 0, nout = 0;
	bool *head, *brk, fresh;

	h.title = title;
	h.date = date;
	h.width = width;
	print_doc_init(doc, title, width, lines);
	if (body->n == 0)
		print_lines_add(body, xstrdup(""));
	/* The lines to print, and the section each is in. */
	v = xcalloc(body->n, sizeof *v);
	sec = xcalloc(body->n, sizeof *sec);
	head = xcalloc(body->n, sizeof *head);
	for (i = 0; i < body->n; i++) {
		if (strcmp(body->v[i], SECTION_END) == 0) {
			in = NULL;
			continue;
		}
		if (strncmp(body->v[i], SECTION, strlen(SECTION)) == 0) {
			in = body->v[i] + strlen(SECTION);
			head[n] = true;
		}
		sec[n] = in;
		v[n] = head[n] ? (char *)in : body->v[i];
		n++;
	}
	/*
	 * A block (lines up to an empty one) is not cut where it fits; a
	 * page that goes on with a section opens with its name.
	 */
	out = xcalloc(2 * n + 1, sizeof *out);
	brk = xcalloc(2 * n + 1, sizeof *brk);
	for (i = 0; i < n; i = j) {
		for (j = i; j < n && *v[j] != '\0'; j++)
			;
		if (j < n)
			j++;
		len = (int)(j - i);
		fresh = used > 0 && len > room - used && len <= room;
		for (k = i; k < j; k++) {
			if (fresh || used == room) {
				brk[nout] = true;
				used = 0;
				fresh = false;
				if (sec[k] != NULL && !head[k]) {
					c = xasprintf(_("%s (continued)"),
					    sec[k]);
					print_lines_add(&cont,
					    print_trunc(c, width));
					free(c);
					out[nout++] = cont.v[cont.n - 1];
					used++;
				}
			}
			out[nout++] = v[k];
			used++;
		}
	}
	print_paginate(doc, out, nout, brk, room, rep_head, &h);
	print_lines_free(&cont);
	free(out);
	free(brk);
	free(v);
	free(sec);
	free(head);
}
