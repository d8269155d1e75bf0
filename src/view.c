/*
 * view.c -- the list columns of every record type (see view.h).
 *
 * Each view is a table of columns.  A column names a schema field (shown
 * by its type: field_display() in text, the stored value in CSV,
 * references by the title of the record) or a cell function below, which
 * reads what the row builder put in struct vrow.  The row builder reads
 * only what the shown columns need: a list of 1,700 children costs 1,700
 * child records, their links' call orders read in place, 1,700 contacts'
 * names and phones read in place, and each school's name once.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "calltree.h"
#include "codec.h"
#include "cover.h"
#include "csvw.h"
#include "fieldtype.h"
#include "i18n.h"
#include "meeting.h"
#include "model.h"
#include "pinyin.h"
#include "print.h"
#include "rec.h"
#include "schema.h"
#include "util.h"
#include "view.h"

/* ---- cells ---- */

/*
 * Appends n bytes of s, in place while the buffer has room: a list of
 * 26,000 rows appends some 20 pieces a row.
 */
static inline void
put(struct buf *b, const char *s, size_t n)
{
	char *d;

	if (b->len + n < b->cap) {
		d = b->s + b->len;
		/* Most cells are short: copies of a known size, no call. */
		if (n >= 8 && n <= 16) {
			memcpy(d, s, 8);
			memcpy(d + n - 8, s + n - 8, 8);
		} else if (n >= 4 && n < 8) {
			memcpy(d, s, 4);
			memcpy(d + n - 4, s + n - 4, 4);
		} else if (n >= 2 && n < 4) {
			memcpy(d, s, 2);
			memcpy(d + n - 2, s + n - 2, 2);
		} else if (n == 1)
			*d = *s;
		else
			memcpy(d, s, n);
		b->len += n;
		b->s[b->len] = '\0';
	} else
		buf_add(b, s, n);
}

static inline void
putstr(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

/*
 * Display columns of the n bytes at s: ASCII (eight bytes at a time) and
 * the CJK Unified Ideographs (U+4E00..U+9FFF, two columns) counted in
 * place, which is nearly every cell of a list; anything else as
 * u_width() counts it.
 */
static inline int
text_width(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	const unsigned char *end3 = n > 2 ? end - 2 : p;
	uint64_t eight;
	uint32_t cp;
	uint16_t tail;
	int k, w = 0;

	while (p < end) {
		if (*p < 0x80) {
			if (end - p >= 8) {
				memcpy(&eight, p, 8);
				if ((eight & 0x8080808080808080ULL) == 0) {
					w += 8;
					p += 8;
					continue;
				}
			}
			w++;
			p++;
			continue;
		}
		/*
		 * A run of ideographs: E4 B8 80 is U+4E00, E9 BF BF U+9FFF,
		 * and the second and third bytes are 80..BF.
		 */
		k = w;
		while (p < end3 && (unsigned)(p[0] << 8 | p[1]) - 0xe4b8u <=
		    0xe9bfu - 0xe4b8u) {
			memcpy(&tail, p + 1, 2);
			if ((tail & 0xc0c0) != 0x8080)
				break;
			w += 2;
			p += 3;
		}
		if (w > k)
			continue;
		if ((k = u8_decode((const char *)p, (size_t)(end - p),
		    &cp)) < 0) {
			k = 1;
			w++;
		} else
			w += u_cpwidth(cp);
		p += k;
	}
	return w;
}

/*
 * Whether s holds no control character (C0, DEL or C1; tab and line
 * breaks too): text that may be written as it is.
 */
static bool
text_clean(const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f || (*p == 0xc2 && p[1] >= 0x80 &&
		    p[1] < 0xa0))
			return false;
	return true;
}

/* Appends s; returns its width in display columns. */
static inline int
put_text(struct buf *b, const char *s)
{
	size_t n = strlen(s);

	put(b, s, n);
	return text_width(s, n);
}

/*
 * Appends field f of the row; returns its width.  A kept row's values
 * were measured as they were checked (cover_read()).
 */
static inline int
put_field(struct buf *b, const struct vrow *r, int f)
{
	const struct cover_row *c = r->cover;

	if (c != NULL && (c->kept >> f & 1)) {
		put(b, rec_str(r->r, f), c->len[f]);
		return c->w[f];
	}
	return put_text(b, rec_str(r->r, f));
}

/* The length of field f of the row: kept with its row, or measured. */
static inline size_t
field_len(const struct vrow *r, int f)
{
	const struct cover_row *c = r->cover;

	if (c != NULL && (c->kept >> f & 1))
		return c->len[f];
	return strlen(rec_str(r->r, f));
}

/*
 * Appends a number without printf (lists do it on every row); returns
 * its width.
 */
static int
add_num(struct buf *out, unsigned long n)
{
	static const char pairs[] =
	    "00010203040506070809101112131415161718192021222324252627282930"
	    "31323334353637383940414243444546474849505152535455565758596061"
	    "6263646566676869707172737475767778798081828384858687888990919293"
	    "949596979899";
	char d[24];
	int i = (int)sizeof d;

	/* Two digits a division. */
	for (; n >= 100; n /= 100) {
		i -= 2;
		memcpy(d + i, pairs + 2 * (n % 100), 2);
	}
	if (n >= 10) {
		i -= 2;
		memcpy(d + i, pairs + 2 * n, 2);
	} else
		d[--i] = (char)('0' + n);
	put(out, d + i, sizeof d - (size_t)i);
	return (int)sizeof d - i;
}

/*
 * A cell in text is made by a text_*() function below when it has one:
 * it appends the cell and returns its width, known without measuring
 * what is known already (numbers, the labels kept translated).
 */
static int
text_id(const struct vrow *r, struct buf *out)
{
	return add_num(out, r->r->id);
}

static void
cell_id(const struct vrow *r, enum vformat fmt, struct buf *out)
{
	text_id(r, out);
}

static int
text_school(const struct vrow *r, struct buf *out)
{
	if (r->school_w > 0 || *r->school == '\0') {
		put(out, r->school, r->school_len);
		return r->school_w;
	}
	return put_text(out, r->school);
}

static void
cell_school(const struct vrow *r, enum vformat fmt, struct buf *out)
{
	text_school(r, out);
}

/*
 * A child's name; in text, a child at medium or high risk is marked
 * before it ("!" high, "+" medium) and a child who left after it with
 * the status.
 */
static int
text_child_name(const struct vrow *r, struct buf *out)
{
	const char *mark = risk_marker_n(rec_str(r->r, CHILD_RISK),
	    field_len(r, CHILD_RISK));
	size_t at = out->len, n = strlen(mark);
	int w;

	if (n > 0)
		put(out, mark, n);	/* ASCII */
	w = (int)n + put_field(out, r, CHILD_NAME);
	if (r->active)
		return w;
	buf_addf(out, " [%s]", choice_label(status_choices,
	    rec_str(r->r, CHILD_STATUS)));
	return text_width(out->s + at, out->len - at);
}

static void
cell_child_name(const struct vrow *r, enum vformat fmt, struct buf *out)
{
	if (fmt == VF_TEXT)
		text_child_name(r, out);
	else
		putstr(out, rec_str(r->r, CHILD_NAME));
}

static int
text_age(const struct vrow *r, struct buf *out)
{
	return r->age >= 0 ? add_num(out, (unsigned long)r->age) : 0;
}

static void
cell_age(const struct vrow *r, enum vformat fmt, struct buf *out)
{
	text_age(r, out);
}

/* A translated label kept for the life of the process, and its size. */
struct label {
	const char	*s;
	size_t		 len;
	int		 w;		/* display columns */
};

static void
label_set(struct label *l, const char *s)
{
	l->len = strlen(s);
	l->w = text_width(s, l->len);
	l->s = s;
}

static int
put_label(struct buf *b, const struct label *l)
{
	put(b, l->s, l->len);
	return l->w;
}

/*
 * "3年级2班": the classes "1" to "19" of the grades "1" to "9" are made
 * once per language and kept (a list shows the same few hundred on every
 * row).
 */
static int
text_class(const struct vrow *r, struct buf *out)
{
	static struct label memo[2][9][20];
	const char *g = rec_str(r->r, CHILD_GRADE), *c = rec_str(r->r,
	    CHILD_CLASS);
	struct label *l;
	int gi = g[0] - '1', ci = 0, w;
	char *s;

	if (c[0] >= '1' && c[0] <= '9' && c[1] == '\0')
		ci = c[0] - '0';
	else if (c[0] == '1' && c[1] >= '0' && c[1] <= '9' && c[2] == '\0')
		ci = 10 + c[1] - '0';
	if (gi >= 0 && gi < 9 && g[1] == '\0' && ci > 0) {
		l = &memo[i18n_is_zh() ? 1 : 0][gi][ci];
		if (l->s == NULL)
			label_set(l, class_label(g, c));
		return put_label(out, l);
	}
	s = class_label(g, c);
	w = put_text(out, s);
	free(s);
	return w;
}

static void
cell_class(const struct vrow *r, enum vformat fmt, struct buf *out)
{
	text_class(r, out);
}

/*
 * A relation as a list cell shows it, after a name in brackets: the
 * longer English labels in a short form that fits the column (Chinese
 * ones are short already).
 */
static const char *
relation_label(const char *key)
{
	static const struct {
		const char	*key;
		const char	*label;
	} shorts[] = {
		{ "grandfather", N_("grandpa") },
		{ "grandmother", N_("grandma") },
		{ "maternal_grandfather", N_("mat. grandpa") },
		{ "maternal_grandmother", N_("mat. grandma") },
		{ "uncle_paternal", N_("paternal uncle") },
		{ "aunt_paternal", N_("paternal aunt") },
		{ "uncle_maternal", N_("maternal uncle") },
		{ "aunt_maternal", N_("maternal aunt") },
		{ "sibling", N_("elder sibling") },
		{ "village_director", N_("village director") },
	};
	size_t i;

	for (i = 0; i < nitems(shorts); i++)
		if (strcmp(shorts[i].key, key) == 0)
			return _(shorts[i].label);
	return choice_label(relation_choices, key);
}

/*
 * relation_label(), translated once per language.  A row holds the key
 * of relation_choices itself (see first_contact): it is found by its
 * address (the last ones seen, then the table) before its text is
 * compared.
 */
static const struct label *
relation_memo(const char *key)
{
	static struct label memo[2][32], other;
	static struct {
		const char		*key;
		int			 zh;
		const struct label	*l;
	} seen[16];
	const struct choice *ch = relation_choices;
	struct label *l;
	size_t i, h = ((uintptr_t)key >> 2) % nitems(seen);
	int zh = i18n_is_zh() ? 1 : 0;
	bool table;

	if (seen[h].key == key && seen[h].zh == zh)
		return seen[h].l;
	for (i = 0; ch[i].key != NULL && ch[i].key != key; i++)
		;
	if (!(table = ch[i].key != NULL))
		for (i = 0; ch[i].key != NULL && strcmp(ch[i].key, key) != 0;
		    i++)
			;
	if (ch[i].key == NULL || i >= nitems(memo[0])) {
		label_set(&other, relation_label(key));
		return &other;
	}
	l = &memo[zh][i];
	if (l->s == NULL)
		label_set(l, relation_label(key));
	if (table) {
		/* Only the table's own keys: they outlive every row. */
		seen[h].key = key;
		seen[h].zh = zh;
		seen[h].l = l;
	}
	return l;
}

static const char *
relation_short(const char *key)
{
	return relation_memo(key)->s;
}

/* The first contact: "张三(祖母)" in text, the name in CSV. */
static int
text_contact(const struct vrow *r, struct buf *out)
{
	int w;

	if (*r->contact == '\0')
		return 0;
	if (r->cover != NULL) {
		put(out, r->contact, r->cover->contact_len);
		w = r->cover->contact_w;
	} else
		w = put_text(out, r->contact);
	buf_addc(out, '(');
	w += put_label(out, relation_memo(r->relation));
	buf_addc(out, ')');
	return w + 2;
}

static void
cell_contact(const struct vrow *r, enum vformat fmt, struct buf *out)
{
	if (fmt == VF_TEXT)
		text_contact(r, out);
	else
		putstr(out, r->contact);
}

/* The sex in a list: one letter in English, as short as the Chinese. */
static int
text_sex(const struct vrow *r, struct buf *out)
{
	/* Translated once per language: a list asks on every row. */
	static struct label memo[2][2];
	const char *v = rec_str(r->r, CHILD_SEX);
	struct label *l = memo[i18n_is_zh() ? 1 : 0];

	if (l[0].s == NULL) {
		label_set(&l[0], _("M"));
		label_set(&l[1], _("F"));
	}
	if (v[0] == 'm' && v[1] == '\0')
		return put_label(out, &l[0]);
	if (v[0] == 'f' && v[1] == '\0')
		return put_label(out, &l[1]);
	return put_text(out, choice_label(sex_choices, v));
}

static void
cell_sex(const struct vrow *r, enum vformat fmt, struct buf *out)
{
	if (fmt == VF_CSV)
		putstr(out, rec_str(r->r, CHILD_SEX));
	else
		text_sex(r, out);
}

static void
cell_relation(const struct vrow *r, enum vformat fmt, struct buf *out)
{
	buf_addstr(out, fmt == VF_TEXT ? choice_label(relation_choices,
	    r->relation) : r->relation);
}

static int
text_phone(const struct vrow *r, struct buf *out)
{
	if (r->cover != NULL) {
		put(out, r->phone, r->cover->phone_len);
		return r->cover->phone_w;
	}
	return put_text(out, r->phone);
}

static void
cell_phone(const struct vrow *r, enum vformat fmt, struct buf *out)
{
	text_phone(r, out);
}

static void
cell_mentor(const struct vrow *r, enum vformat fmt, struct buf *out)
{
	buf_addstr(out, r->mentor);
}

/* Schools: the principal as the staff roles say, else as typed. */
static void
cell_principal(const struct vrow *r, enum vformat fmt, struct buf *out)
{
	buf_addstr(out, *r->mentor != '\0' ? r->mentor : rec_str(r->r,
	    SCHOOL_PRINCIPAL));
}

static void
cell_pinyin(const struct vrow *r, enum vformat fmt, struct buf *out)
{
	char *py = pinyin_sort_key(rec_str(r->r, CHILD_NAME));

	buf_addstr(out, py);
	free(py);
}

static int
text_count(const struct vrow *r, struct buf *out)
{
	return add_num(out, r->count);
}

static void
cell_count(const struct vrow *r, enum vformat fmt, struct buf *out)
{
	text_count(r, out);
}

static void
cell_kids(const struct vrow *r, enum vformat fmt, struct buf *out)
{
	buf_addstr(out, r->kids);
}

static void
cell_pair_child(const struct vrow *r, enum vformat fmt, struct buf *out)
{
	buf_addstr(out, r->child);
}

/* A call tree's summary, from the caller's struct ct_info. */
static const struct ct_info *
tree_info(const struct vrow *r)
{
	return r->ext;
}

static void
cell_tree_lines(const struct vrow *r, enum vformat fmt, struct buf *out)
{
	if (tree_info(r) != NULL)
		buf_addf(out, "%zu", tree_info(r)->lines);
}

static void
cell_tree_children(const struct vrow *r, enum vformat fmt, struct buf *out)
{
	if (tree_info(r) != NULL)
		buf_addf(out, "%zu", tree_info(r)->children);
}

static void
cell_tree_school(const struct vrow *r, enum vformat fmt, struct buf *out)
{
	if (tree_info(r) != NULL)
		buf_addstr(out, tree_info(r)->school);
	else
		buf_addstr(out, r->school);
}

static void
cell_tree_drill(const struct vrow *r, enum vformat fmt, struct buf *out)
{
	const struct ct_info *in = tree_info(r);

	if (in == NULL || in->drill == 0)
		return;
	if (fmt == VF_CSV)
		buf_addstr(out, in->drill_date);
	else
		/* The date without the time: what fits at 80 columns. */
		buf_addf(out, _("%.10s, %zu of %zu reached"), in->drill_date,
		    in->drill_reached, in->drill_called);
}

/* ---- the tables ---- */

static const struct view_col child_cols[] = {
	{ .name = "id", .head = N_("No."), .width = 6, .field = -1,
	    .cell = cell_id, .flags = VC_LIST | VC_CSV | VC_RIGHT },
	{ .name = "name", .head = N_("Name"), .width = 10,
	    .field = CHILD_NAME, .cell = cell_child_name, .flags = VC_ALL },
	{ .name = "sex", .head = N_("Sex"), .width = 4, .width_en = 3,
	    .field = CHILD_SEX, .cell = cell_sex, .flags = VC_ALL },
	{ .name = "birth_date", .head = N_("Birth date"), .width = 10,
	    .field = CHILD_BIRTH, .flags = VC_CSV },
	{ .name = "age", .head = N_("Age"), .width = 4, .width_en = 3,
	    .field = -1, .cell = cell_age, .flags = VC_ALL },
	{ .name = "school", .head = N_("School"), .width = 18,
	    .field = CHILD_SCHOOL, .cell = cell_school, .needs = VN_SCHOOL,
	    .flags = VC_LIST | VC_CSV | VC_CUT },
	{ .name = "grade", .head = N_("Grade"), .width = 8,
	    .field = CHILD_GRADE, .flags = VC_CSV },
	{ .name = "class", .head = N_("Class"), .width = 10, .width_en = 16,
	    .field = CHILD_CLASS, .flags = VC_CSV },
	{ .name = "class", .head = N_("Class"), .width = 10, .width_en = 16,
	    .field = CHILD_CLASS, .cell = cell_class, .flags = VC_TEXT },
	{ .name = "village", .head = N_("Village"), .width = 10,
	    .width_en = 7, .field = CHILD_VILLAGE, .flags = VC_ALL },
	{ .name = "group", .head = N_("Group"), .width = 6,
	    .field = CHILD_GROUP, .flags = VC_CSV },
	{ .name = "boarding", .head = N_("Boarding"), .width = 6,
	    .width_en = 8, .field = CHILD_BOARDING,
	    .flags = VC_SCREEN | VC_CSV, .min_cols = 138 },
	{ .name = "status", .head = N_("Status"), .width = 8,
	    .field = CHILD_STATUS, .flags = VC_CSV },
	{ .name = "left_behind", .head = N_("Left-behind type"), .width = 16,
	    .field = CHILD_LEFT_BEHIND, .flags = VC_SCREEN | VC_CSV,
	    .min_cols = 130 },
	{ .name = "guardianship", .head = N_("Guardianship"), .width = 8,
	    .field = CHILD_GUARDIANSHIP, .flags = VC_SCREEN | VC_CSV,
	    .min_cols = 112 },
	{ .name = "first_contact", .head = N_("First contact"), .width = 16,
	    .width_en = 20, .field = -1, .cell = cell_contact,
	    .needs = VN_CONTACT, .flags = VC_ALL | VC_CUT },
	{ .name = "first_contact_relation", .head = N_("Relation"),
	    .width = 8, .field = -1, .cell = cell_relation,
	    .needs = VN_CONTACT, .flags = VC_CSV },
	{ .name = "first_contact_phone", .head = N_("Phone"), .width = 12,
	    .field = -1, .cell = cell_phone, .needs = VN_CONTACT,
	    .flags = VC_ALL | VC_WHOLE },
	{ .name = "school", .head = N_("School"), .width = 18,
	    .field = CHILD_SCHOOL, .cell = cell_school, .needs = VN_SCHOOL,
	    .flags = VC_SCREEN, .min_cols = 100 },
	{ .name = "family_income", .head = N_("Family income source"),
	    .width = 8, .width_en = 12, .field = CHILD_FAMILY_INCOME,
	    .flags = VC_SCREEN, .min_cols = 150 },
	{ .name = "mentor", .head = N_("Mentor"), .width = 8, .field = -1,
	    .cell = cell_mentor, .needs = VN_MENTOR, .flags = VC_CSV },
	{ .name = "pinyin", .head = N_("Pinyin"), .width = 16, .field = -1,
	    .cell = cell_pinyin, .flags = VC_CSV },
};

static const struct view_col contact_cols[] = {
	{ .name = "id", .head = N_("No."), .width = 6, .field = -1,
	    .cell = cell_id, .flags = VC_LIST | VC_CSV | VC_RIGHT },
	{ .name = "name", .head = N_("Name"), .width = 10,
	    .field = CONTACT_NAME, .flags = VC_ALL },
	{ .name = "phone1", .head = N_("Phone"), .width = 13,
	    .field = CONTACT_PHONE1, .flags = VC_ALL | VC_WHOLE },
	{ .name = "workplace", .head = N_("Work place"), .width = 20,
	    .field = CONTACT_WORKPLACE, .flags = VC_ALL },
	{ .name = "children", .head = N_("Children"), .width = 20,
	    .field = -1, .cell = cell_kids, .needs = VN_KIDS, .flags = VC_ALL },
};

static const struct view_col staff_cols[] = {
	{ .name = "id", .head = N_("No."), .width = 6, .field = -1,
	    .cell = cell_id, .flags = VC_LIST | VC_CSV | VC_RIGHT },
	{ .name = "name", .head = N_("Name"), .width = 10,
	    .field = STAFF_NAME, .flags = VC_ALL },
	{ .name = "school", .head = N_("School"), .width = 18,
	    .field = STAFF_SCHOOL, .needs = VN_SCHOOL,
	    .flags = VC_ALL | VC_CUT },
	{ .name = "phone", .head = N_("Phone"), .width = 13,
	    .field = STAFF_PHONE, .flags = VC_ALL | VC_WHOLE },
	{ .name = "roles", .head = N_("Roles"), .width = 16, .width_en = 28,
	    .field = STAFF_ROLES, .flags = VC_ALL },
	{ .name = "caseload", .head = N_("Mentees"), .width = 4, .field = -1,
	    .cell = cell_count, .needs = VN_COUNT, .flags = VC_ALL | VC_RIGHT },
};

static const struct view_col school_cols[] = {
	{ .name = "id", .head = N_("No."), .width = 4, .field = -1,
	    .cell = cell_id, .flags = VC_LIST | VC_CSV | VC_RIGHT },
	{ .name = "name", .head = N_("School"), .width = 20,
	    .field = SCHOOL_NAME, .flags = VC_ALL },
	{ .name = "township", .head = N_("Township"), .width = 10,
	    .field = SCHOOL_TOWNSHIP, .flags = VC_ALL },
	{ .name = "principal", .head = N_("Principal"), .width = 8,
	    .field = SCHOOL_PRINCIPAL, .cell = cell_principal,
	    .needs = VN_MENTOR, .flags = VC_ALL },
	{ .name = "phone", .head = N_("Phone"), .width = 13,
	    .field = SCHOOL_PHONE, .flags = VC_ALL | VC_WHOLE },
	{ .name = "child_count", .head = N_("Children"), .width = 6,
	    .field = -1, .cell = cell_count, .needs = VN_COUNT,
	    .flags = VC_ALL | VC_RIGHT },
};

static const struct view_col official_cols[] = {
	{ .name = "id", .head = N_("No."), .width = 4, .field = -1,
	    .cell = cell_id, .flags = VC_LIST | VC_CSV | VC_RIGHT },
	{ .name = "name", .head = N_("Name"), .width = 10,
	    .field = OFFICIAL_NAME, .flags = VC_ALL },
	{ .name = "kind", .head = N_("Kind"), .width = 12, .width_en = 20,
	    .field = OFFICIAL_KIND, .flags = VC_ALL },
	{ .name = "organisation", .head = N_("Organisation"), .width = 20,
	    .field = OFFICIAL_ORG, .flags = VC_ALL },
	{ .name = "village", .head = N_("Village"), .width = 10,
	    .field = OFFICIAL_VILLAGE, .flags = VC_ALL },
	{ .name = "phone", .head = N_("Phone"), .width = 13,
	    .field = OFFICIAL_PHONE, .flags = VC_ALL | VC_WHOLE },
};

static const struct view_col pair_cols[] = {
	{ .name = "id", .head = N_("No."), .width = 6, .field = -1,
	    .cell = cell_id, .flags = VC_LIST | VC_CSV | VC_RIGHT },
	{ .name = "mentor", .head = N_("Mentor"), .width = 10, .field = -1,
	    .cell = cell_mentor, .needs = VN_PERSON, .flags = VC_ALL },
	{ .name = "child", .head = N_("Child"), .width = 10, .field = -1,
	    .cell = cell_pair_child, .needs = VN_PERSON, .flags = VC_ALL },
	{ .name = "since", .head = N_("Since"), .width = 10,
	    .field = PAIR_SINCE, .flags = VC_ALL },
	{ .name = "until", .head = N_("Until"), .width = 10,
	    .field = PAIR_UNTIL, .flags = VC_ALL },
	{ .name = "notes", .head = N_("Notes"), .width = 20,
	    .field = PAIR_NOTES, .flags = VC_CSV },
};

static const struct view_col tree_cols[] = {
	{ .name = "id", .head = N_("No."), .width = 4, .field = -1,
	    .cell = cell_id, .flags = VC_LIST | VC_CSV | VC_RIGHT },
	{ .name = "name", .head = N_("Tree name"), .width = 30,
	    .width_en = 27, .field = TREE_NAME, .flags = VC_ALL | VC_CUT },
	{ .name = "school", .head = N_("School"), .width = 12, .field = -1,
	    .cell = cell_tree_school, .needs = VN_SCHOOL,
	    .flags = VC_ALL | VC_CUT },
	{ .name = "revision", .head = N_("Version"), .width = 4,
	    .field = TREE_REVISION, .flags = VC_ALL },
	{ .name = "lines", .head = N_("Lines"), .width = 6, .field = -1,
	    .cell = cell_tree_lines, .flags = VC_ALL | VC_RIGHT },
	{ .name = "children", .head = N_("Children"), .width = 6, .field = -1,
	    .cell = cell_tree_children, .flags = VC_ALL | VC_RIGHT },
	{ .name = "last_drill", .head = N_("Last drill"), .width = 10,
	    .field = -1, .cell = cell_tree_drill, .flags = VC_ALL },
};


/* School, grade, class (class 10 after class 9), name in pinyin order. */
static void
child_sortkey(const struct vrow *r, struct buf *out)
{
	const char *cls = rec_str(r->r, CHILD_CLASS);
	char *py = pinyin_sort_key(rec_str(r->r, CHILD_NAME));

	buf_addf(out, "%s\x01%s\x01", r->school, rec_str(r->r, CHILD_GRADE));
	if (strspn(cls, "0123456789") == strlen(cls) && strlen(cls) < 8)
		buf_addf(out, "%08d", atoi(cls));
	else
		buf_addstr(out, cls);
	buf_addf(out, "\x01%s", py);
	free(py);
}

#define COLS(c)	.cols = (c), .ncols = (int)nitems(c)
#define FB(f)	((uint64_t)1 << (f))
static const struct view views[] = {
	{ .type = RT_CHILD, .name = "children", COLS(child_cols),
	    .sortkey = child_sortkey, .sort_needs = VN_SCHOOL,
	    .row_fields = FB(CHILD_NAME) | FB(CHILD_BIRTH) | FB(CHILD_STATUS) |
	    FB(CHILD_SCHOOL) | FB(CHILD_GRADE) | FB(CHILD_CLASS) |
	    FB(CHILD_RISK), .csv_fields = true },
	{ .type = RT_CONTACT, .name = "contacts", COLS(contact_cols),
	    .csv_fields = true, .csv_table_order = true },
	{ .type = RT_STAFF, .name = "staff", COLS(staff_cols),
	    .row_fields = FB(STAFF_SCHOOL), .csv_fields = true, .csv_table_order = true },
	{ .type = RT_SCHOOL, .name = "schools", COLS(school_cols),
	    .csv_fields = true, .csv_table_order = true },
	{ .type = RT_OFFICIAL, .name = "officials", COLS(official_cols),
	    .csv_fields = true, .csv_table_order = true },
	{ .type = RT_PAIR, .name = "pairs", COLS(pair_cols),
	    .row_fields = FB(PAIR_STAFF) | FB(PAIR_CHILD) },
	{ .type = RT_TREE, .name = "calltrees", COLS(tree_cols),
	    .row_fields = FB(TREE_SCHOOL) },
	{ .type = RT_MEETING, .name = "meetings", .cols = meeting_cols,
	    .ncols = MEETING_VIEW_COLS, .row_fields = FB(MEETING_SCHOOL),
	    .csv_fields = true },
};
#undef COLS
#undef FB

const struct view *
view_of(enum rtype type)
{
	size_t i;

	for (i = 0; i < nitems(views); i++)
		if (views[i].type == type)
			return &views[i];
	return NULL;
}

const struct view *
view_by_name(const char *name)
{
	const struct schema *sc = schema_by_name(name);
	size_t i;

	for (i = 0; i < nitems(views); i++)
		if (strcmp(views[i].name, name) == 0 ||
		    (sc != NULL && views[i].type == sc->type))
			return &views[i];
	return NULL;
}

int
view_col_width(const struct view_col *c)
{
	int w = c->width_en > 0 && !i18n_is_zh() ? c->width_en : c->width;
	int hw = u_width(_(c->head));

	return hw > w ? hw : w;
}

/*
 * The widths of a view's columns in the current language, worked out
 * once: a list of 26,000 rows would otherwise translate every header
 * on every row.
 */
#define VIEW_MAXCOLS 48
static const int *
view_widths(const struct view *v)
{
	static int cache[nitems(views)][VIEW_MAXCOLS];
	static signed char lang[nitems(views)];
	size_t i = (size_t)(v - views);
	int c, zh = i18n_is_zh() ? 2 : 1;

	if (lang[i] != zh) {
		for (c = 0; c < v->ncols && c < VIEW_MAXCOLS; c++)
			cache[i][c] = view_col_width(&v->cols[c]);
		lang[i] = (signed char)zh;
	}
	return cache[i];
}

bool
view_col_shown(const struct view_col *c, enum vformat fmt, int cols)
{
	if (fmt == VF_CSV)
		return (c->flags & VC_CSV) != 0;
	if (cols == 0)
		return (c->flags & VC_LIST) != 0;
	return (c->flags & VC_SCREEN) != 0 && cols >= c->min_cols;
}

unsigned
view_needs(const struct view *v, enum vformat fmt, int cols, bool sorted)
{
	unsigned needs = sorted ? v->sort_needs : 0;
	int c;

	for (c = 0; c < v->ncols; c++)
		if (view_col_shown(&v->cols[c], fmt, cols))
			needs |= v->cols[c].needs;
	return fmt == VF_TEXT ? needs | VN_FIELDS : needs;
}

/* The fields a text row reads (VN_FIELDS), worked out once per view. */
static uint64_t
text_fields(const struct view *v)
{
	static uint64_t cache[nitems(views)];
	size_t i = (size_t)(v - views);
	int c;

	if (cache[i] == 0) {
		cache[i] = v->row_fields | 1;	/* never 0 once made */
		for (c = 0; c < v->ncols; c++)
			if (v->cols[c].field >= 0 &&
			    (v->cols[c].flags & VC_TEXT))
				cache[i] |= (uint64_t)1 << v->cols[c].field;
		if (schema_of(v->type)->title >= 0)
			cache[i] |= (uint64_t)1 << schema_of(v->type)->title;
	}
	return cache[i];
}

uint64_t
view_text_fields(const struct view *v)
{
	return text_fields(v);
}

uint64_t
view_fields(const struct view *v, int cols)
{
	uint64_t f = v->row_fields;
	int c;

	if (schema_of(v->type)->title >= 0)
		f |= (uint64_t)1 << schema_of(v->type)->title;
	for (c = 0; c < v->ncols; c++)
		if (v->cols[c].field >= 0 &&
		    view_col_shown(&v->cols[c], VF_TEXT, cols))
			f |= (uint64_t)1 << v->cols[c].field;
	return f;
}

/* ---- the shared reading ---- */

static int year_of(const char *);

void
vctx_init(struct vctx *x, const char *today)
{
	memset(x, 0, sizeof *x);
	snprintf(x->today, sizeof x->today, "%s", today);
	x->today_year = strlen(x->today) == 10 ? year_of(x->today) : -1;
}

void
vctx_begin(struct vctx *x, struct txn *t)
{
	vctx_end(x);
	x->batch = t;
	rec_cursor_open(t, RT_CHILD, &x->cur[0]);
	rec_cursor_open(t, RT_LINK, &x->cur[1]);
	rec_cursor_open(t, RT_CONTACT, &x->cur[2]);
	rec_cursor_open_ix(t, &x->cur[3]);
}

void
vctx_end(struct vctx *x)
{
	size_t i;

	if (x->batch == NULL)
		return;
	for (i = 0; i < nitems(x->cur); i++)
		rec_cursor_close(&x->cur[i]);
	x->batch = NULL;
}

/* A read of a record's fields, through the context's cursor if any. */
static int
peek(struct vctx *x, struct txn *t, enum rtype type, uint32_t id, int n,
    const int *fields, const char **v, size_t *len)
{
	if (x != NULL && x->batch == t && type == RT_LINK)
		return rec_peek_at(&x->cur[1], id, n, fields, v, len);
	if (x != NULL && x->batch == t && type == RT_CONTACT)
		return rec_peek_at(&x->cur[2], id, n, fields, v, len);
	return rec_peek(t, type, id, n, fields, v, len);
}

void
vctx_forget(struct vctx *x)
{
	size_t i;

	for (i = 0; i < x->nschools; i++)
		free(x->schools[i].name);
	free(x->schools);
	x->schools = NULL;
	x->nschools = 0;
	free(x->counts);
	x->counts = NULL;
	x->ncounts = 0;
	x->counted = false;
}

void
vctx_free(struct vctx *x)
{
	vctx_end(x);
	vctx_forget(x);
	view_row_free(x->lent);
	x->lent = NULL;
	free(x->spare);
	x->spare = NULL;
	/* Its values were the database's: nothing of it to free. */
	free(x->spare_rec);
	x->spare_rec = NULL;
	free(x->spare_cover);
	x->spare_cover = NULL;
}

/*
 * The entry of school id in the names kept (read once a school, measured
 * and checked for control characters then); id 0 is the one of "".
 */
static size_t
school_at(struct vctx *x, struct txn *t, uint32_t id)
{
	const int f = SCHOOL_NAME;
	const char *v;
	char *name;
	size_t i, n;

	/* A list meets the same few schools over and over. */
	i = x->school_hint[id % nitems(x->school_hint)];
	if (i < x->nschools && x->schools[i].id == id)
		return i;
	for (i = 0; i < x->nschools; i++)
		if (x->schools[i].id == id) {
			x->school_hint[id % nitems(x->school_hint)] = i;
			return i;
		}
	x->school_hint[id % nitems(x->school_hint)] = x->nschools;
	x->schools = xreallocarray(x->schools, x->nschools + 1,
	    sizeof *x->schools);
	x->schools[x->nschools].id = id;
	if (id == 0)
		name = xstrdup("");
	else if (rec_peek(t, RT_SCHOOL, id, 1, &f, &v, &n) == 0)
		name = xstrndup(v, n);
	else
		name = xasprintf("#%u", id);
	x->schools[x->nschools].name = name;
	x->schools[x->nschools].len = (uint32_t)strlen(name);
	x->schools[x->nschools].w = text_width(name, strlen(name));
	x->schools[x->nschools].clean = text_clean(name);
	return x->nschools++;
}

/* The title of a record by its id, "" for none, "#id" when missing. */
static char *
title_of(struct txn *t, enum rtype type, uint32_t id)
{
	const int f = schema_of(type)->title;
	const char *v;
	size_t n;

	if (id == 0)
		return xstrdup("");
	if (rec_peek(t, type, id, 1, &f, &v, &n) != 0)
		return xasprintf("#%u", id);
	return xstrndup(v, n);
}

/*
 * The child's first contact in call order (priority, then link id),
 * their relation and first phone, read in place from the stored links
 * and the one contact.
 */
void
view_first_contact(struct vctx *x, struct txn *t, uint32_t child,
    const char **relation, char **contact, char **phone)
{
	static const int lf[] = { LINK_PRIORITY, LINK_CONTACT, LINK_RELATION };
	static const int cf[] = { CONTACT_NAME, CONTACT_PHONE1,
	    CONTACT_PHONE2, CONTACT_PHONE3 };
	const struct choice *rel = NULL;
	struct idlist links = { 0 };
	uint32_t few[16], *ids, id = 0, prio, best = 0;
	const char *v[4];
	size_t len[4], i, n = 0;
	char key[32];

	*relation = "";
	*contact = NULL;
	*phone = NULL;
	/* The links in link order: through the list's cursor when kept. */
	if (x != NULL && x->batch == t)
		n = rec_refs_at(&x->cur[3], IX_CHILD_LINK, child, few,
		    nitems(few));
	if (x != NULL && x->batch == t && n <= nitems(few))
		ids = few;
	else {
		ix_refs(t, IX_CHILD_LINK, child, &links);
		ids = links.v;
		n = links.n;
	}
	for (i = 0; i < n; i++) {
		if (peek(x, t, RT_LINK, ids[i], 3, lf, v, len) != 0)
			continue;
		prio = id_in(v[0], len[0]);
		if (id != 0 && prio >= best)
			continue;
		best = prio;
		id = id_in(v[1], len[1]);
		snprintf(key, sizeof key, "%.*s", (int)(len[2] < 31 ?
		    len[2] : 31), v[2]);
		rel = choice_find(relation_choices, key);
		/* 1 is the first call order there is: no later link wins. */
		if (best <= 1)
			break;
	}
	idl_free(&links);
	*relation = rel != NULL ? rel->key : "";
	if (id == 0 || peek(x, t, RT_CONTACT, id, 4, cf, v, len) != 0)
		return;
	*contact = xstrndup(v[0], len[0]);
	for (i = 1; i < 4; i++)
		if (len[i] > 0) {
			*phone = xstrndup(v[i], len[i]);
			break;
		}
}

static void
first_contact(struct vctx *x, struct txn *t, uint32_t child,
    struct vrow *row)
{
	char *contact, *phone;

	view_first_contact(x, t, child, &row->relation, &contact, &phone);
	if (contact != NULL) {
		free(row->contact);
		row->contact = contact;
	}
	if (phone != NULL) {
		free(row->phone);
		row->phone = phone;
	}
}

/* The children on a contact's card: "张三(祖母) 张四(祖母)". */
static char *
contact_kids(struct txn *t, uint32_t contact)
{
	static const int lf[] = { LINK_CHILD, LINK_RELATION };
	struct idlist links = { 0 };
	struct buf b = { 0 };
	const char *v[2];
	size_t len[2], j;
	char num[16], key[32], *name;

	ix_refs(t, IX_CONTACT_LINK, contact, &links);
	for (j = 0; j < links.n; j++) {
		if (rec_peek(t, RT_LINK, links.v[j], 2, lf, v, len) != 0)
			continue;
		snprintf(num, sizeof num, "%.*s", (int)(len[0] < 15 ?
		    len[0] : 15), v[0]);
		snprintf(key, sizeof key, "%.*s", (int)(len[1] < 31 ?
		    len[1] : 31), v[1]);
		/* A child the login may not see is not named, nor counted. */
		if (!access_child((uint32_t)strtoul(num, NULL, 10)))
			continue;
		name = title_of(t, RT_CHILD, (uint32_t)strtoul(num, NULL, 10));
		buf_addf(&b, "%s%s(%s)", b.len ? " " : "", name,
		    relation_short(key));
		free(name);
	}
	idl_free(&links);
	return buf_take(&b);
}

/*
 * Children still in school of a school: all schools are counted in one
 * pass over the children, read in place, the first time one is asked.
 */
static size_t
school_children(struct vctx *x, struct txn *t, uint32_t school)
{
	static const int f[] = { CHILD_SCHOOL, CHILD_STATUS };
	struct kv_cursor c;
	const char *v[2];
	char num[16];
	size_t len[2], i;
	uint32_t id;
	bool ok;

	if (!x->counted) {
		for (ok = kv_first(t, DBI_CHILD, NULL, 0, &c); ok;
		    ok = kv_next(&c)) {
			if (rec_peek_bytes(RT_CHILD, c.val.mv_data,
			    c.val.mv_size, 2, f, v, len) != 0) {
				if (t->err == 0)
					t->err = SH_ECORRUPT;
				continue;
			}
			if (!status_active(v[1], len[1]) || (c.key.mv_size ==
			    4 && !access_child(get_u32be(c.key.mv_data))))
				continue;
			snprintf(num, sizeof num, "%.*s", (int)(len[0] < 15 ?
			    len[0] : 15), v[0]);
			id = (uint32_t)strtoul(num, NULL, 10);
			for (i = 0; i < x->ncounts && x->counts[i].id != id;
			    i++)
				;
			if (i == x->ncounts) {
				x->counts = xreallocarray(x->counts,
				    x->ncounts + 1, sizeof *x->counts);
				x->counts[x->ncounts].id = id;
				x->counts[x->ncounts++].n = 0;
			}
			x->counts[i].n++;
		}
		kv_close(&c);
		x->counted = true;
	}
	for (i = 0; i < x->ncounts; i++)
		if (x->counts[i].id == school)
			return x->counts[i].n;
	return 0;
}

/* The year of a date in normal form, from its four digits; -1. */
static int
year_of(const char *d)
{
	unsigned a = (unsigned)(d[0] - '0'), b = (unsigned)(d[1] - '0'),
	    c = (unsigned)(d[2] - '0'), e = (unsigned)(d[3] - '0');

	if (a > 9 || b > 9 || c > 9 || e > 9)
		return -1;
	return (int)(a * 1000 + b * 100 + c * 10 + e);
}

/*
 * Whole years from a birth date (blen bytes) to today (its year ty),
 * both in normal form (YYYY-MM-DD); -1.  A list works this out on every
 * row.
 */
static int
age_years(const char *birth, size_t blen, const char *today, int ty)
{
	int age, by, i;

	if (blen != 10 || ty < 0 || (by = year_of(birth)) < 0)
		return -1;
	/* Not yet this year's birthday: "-MM-DD" compared as memcmp would. */
	for (i = 4; i < 10 && today[i] == birth[i]; i++)
		;
	age = ty - by - (i < 10 && (unsigned char)today[i] <
	    (unsigned char)birth[i]);
	return age < 0 ? -1 : age;
}

/* The staff member of a school whose roles say principal, or NULL. */
static char *
school_principal(struct txn *t, uint32_t school)
{
	struct idlist staff = { 0 };
	struct rec *st;
	char *name = NULL, *roles;
	size_t i;

	ix_refs(t, IX_STAFF_SCHOOL, school, &staff);
	for (i = 0; i < staff.n && name == NULL; i++) {
		if (rec_get(t, RT_STAFF, staff.v[i], &st) != 0)
			continue;
		roles = xasprintf(",%s,", rec_str(st, STAFF_ROLES));
		if (strstr(roles, ",principal,") != NULL)
			name = xstrdup(rec_title(st));
		free(roles);
		rec_free(st);
	}
	idl_free(&staff);
	return name;
}

/* The school field of a record type, or -1: looked up once a type. */
static int
school_field(const struct schema *sc)
{
	static int cache[RT__COUNT];

	if (cache[sc->type] == 0)
		cache[sc->type] = schema_field(sc, "school") + 2;
	return cache[sc->type] - 2;
}

/* What a row of any type has from its record alone, and its school. */
static void
row_start(struct vrow *row, const struct view *v, struct vctx *x,
    struct txn *t, struct rec *r, unsigned needs)
{
	int sf = school_field(r->sc);
	size_t i;

	row->view = v;
	row->r = r;
	row->school = "";
	row->school_w = 0;
	row->relation = "";
	row->age = -1;
	row->active = true;
	if ((needs & VN_SCHOOL) && sf >= 0) {
		i = school_at(x, t, id_in(rec_str(r, sf), field_len(row, sf)));
		row->school = x->schools[i].name;
		row->school_len = x->schools[i].len;
		row->school_w = x->schools[i].w;
		row->clean = row->clean && x->schools[i].clean;
	}
	if (r->sc->type == RT_CHILD) {
		row->age = age_years(rec_str(r, CHILD_BIRTH),
		    field_len(row, CHILD_BIRTH), x->today, x->today_year);
		row->active = status_active(rec_str(r, CHILD_STATUS),
		    field_len(row, CHILD_STATUS));
	}
}

struct vrow *
view_row_ext(const struct view *v, struct vctx *x, struct txn *t,
    struct rec *r, unsigned needs, const void *ext)
{
	struct vrow *row = xcalloc(1, sizeof *row);
	struct rec *pair;

	row_start(row, v, x, t, r, needs);
	row->ext = ext;
	row->contact = xstrdup("");
	row->phone = xstrdup("");
	switch (r->sc->type) {
	case RT_CHILD:
		if (needs & VN_CONTACT)
			first_contact(x, t, r->id, row);
		if ((needs & VN_MENTOR) &&
		    (pair = child_mentor_pair(t, r->id, x->today)) != NULL) {
			row->mentor = title_of(t, RT_STAFF,
			    rec_ref(pair, PAIR_STAFF));
			rec_free(pair);
		}
		break;
	case RT_STAFF:
		if (needs & VN_COUNT)
			row->count = staff_caseload(t, r->id, x->today);
		break;
	case RT_SCHOOL:
		if (needs & VN_COUNT)
			row->count = school_children(x, t, r->id);
		if (needs & VN_MENTOR)
			row->mentor = school_principal(t, r->id);
		break;
	case RT_CONTACT:
		if (needs & VN_KIDS)
			row->kids = contact_kids(t, r->id);
		break;
	case RT_PAIR:
		if (needs & VN_PERSON) {
			row->mentor = title_of(t, RT_STAFF,
			    rec_ref(r, PAIR_STAFF));
			row->child = title_of(t, RT_CHILD,
			    rec_ref(r, PAIR_CHILD));
		}
		break;
	default:
		break;
	}
	if (row->mentor == NULL)
		row->mentor = xstrdup("");
	if (row->child == NULL)
		row->child = xstrdup("");
	if (row->kids == NULL)
		row->kids = xstrdup("");
	return row;
}

int
view_row(const struct view *v, struct vctx *x, struct txn *t, uint32_t id,
    unsigned needs, struct vrow **out)
{
	struct rec *r;
	int rc;

	*out = NULL;
	if (x->batch == t && v->type == RT_CHILD)
		rc = rec_get_at(&x->cur[0], id, (needs & VN_FIELDS) ?
		    text_fields(v) : ~(uint64_t)0, &r);
	else
		rc = rec_get(t, v->type, id, &r);
	if (rc != 0) {
		if (rc == SH_ECORRUPT && t->err == 0)
			t->err = rc;
		return rc;
	}
	*out = view_row_ext(v, x, t, r, needs, NULL);
	return 0;
}

void
view_row_free(struct vrow *row)
{
	if (row == NULL)
		return;
	rec_free(row->r);
	free(row->contact);
	free(row->phone);
	free(row->mentor);
	free(row->child);
	free(row->kids);
	free(row);
}

/*
 * The relation whose key is s, as choice_find(relation_choices, s) finds
 * it, through a small table of those seen by their first and last
 * letters and length: a list of children asks on every row.
 */
static const struct choice *
relation_find(struct vctx *x, const char *s)
{
	size_t n = strlen(s), h;
	const struct choice *c;

	if (n == 0)
		return NULL;
	h = ((unsigned char)s[0] * 31u + (unsigned char)s[n - 1] * 7u +
	    n) % nitems(x->relations);
	c = x->relations[h];
	if (c != NULL && strcmp(c->key, s) == 0)
		return c;
	if ((c = choice_find(relation_choices, s)) != NULL)
		x->relations[h] = c;
	return c;
}

/*
 * A child's row from the row its search key carried: into x->spare, its
 * values where they lie in the stored row.  False when there is none to
 * use (the row is then read from the records, which also says why).
 */
static bool
spare_row(const struct view *v, struct vctx *x, struct txn *t, uint32_t id,
    unsigned needs)
{
	static char none[1];
	const struct choice *rel;
	struct cover_row *cr;
	struct vrow *row;
	struct rec *r;
	uint64_t want = x->fields != 0 ? x->fields : text_fields(v), old;
	const void *p;
	size_t n;

	if (x->covers == NULL || (needs & ~(VN_FIELDS | VN_SCHOOL |
	    VN_CONTACT)) != 0 || !covers_get(x->covers, id, &p, &n))
		return false;
	if (x->spare == NULL) {
		x->spare = xmalloc(sizeof *x->spare);
		x->spare_rec = xcalloc(1, sizeof *x->spare_rec);
		x->spare_rec->sc = schema_of(RT_CHILD);
		x->spare_cover = xmalloc(sizeof *x->spare_cover);
	}
	/*
	 * Read only: the values are the database's pages, read into the
	 * record.  A row with a control character is read from the
	 * records: its line is then made safe as it is written.
	 */
	cr = x->spare_cover;
	r = x->spare_rec;
	if (!access_child(id))
		return false;
	if (cover_read_to(p, n, want, cr, (const char **)r->v) != 0 ||
	    !cr->clean) {
		/* Some of its values may have been read: clear them all. */
		x->spare_want = ((uint64_t)1 << REC_MAXFIELDS) - 1;
		return false;
	}
	r->id = id;
	/* Fields an earlier row kept and this one does not: none here. */
	for (old = x->spare_want & ~cr->kept; old != 0; old &= old - 1)
		r->v[__builtin_ctzll(old)] = NULL;
	x->spare_want = cr->kept;
	row = x->spare;
	*row = (struct vrow){ .clean = true };
	row->cover = cr;
	row_start(row, v, x, t, r, needs);
	row->contact = (char *)cr->contact;
	row->phone = (char *)cr->phone;
	rel = relation_find(x, cr->relation);
	row->relation = rel != NULL ? rel->key : "";
	row->mentor = row->child = row->kids = none;
	return true;
}

int
view_row_at(const struct view *v, struct vctx *x, struct txn *t, uint32_t id,
    unsigned needs, const struct vrow **out)
{
	int rc;

	view_row_free(x->lent);
	x->lent = NULL;
	if (v->type == RT_CHILD && (needs & VN_FIELDS) &&
	    spare_row(v, x, t, id, needs)) {
		*out = x->spare;
		return 0;
	}
	rc = view_row(v, x, t, id, needs, &x->lent);
	*out = x->lent;
	return rc;
}

/* ---- cells and lines ---- */

/*
 * Cells are made after the transaction may have ended: a reference
 * shown by field is a school's (from the row's school name); a column
 * showing another kind of reference has a cell function and a VN_ need.
 */
void
view_cell(const struct vrow *row, int c, enum vformat fmt, struct buf *out)
{
	const struct view_col *col = &row->view->cols[c];
	const struct field *f;
	const char *v;
	char *d;

	if (col->cell != NULL) {
		col->cell(row, fmt, out);
		return;
	}
	f = &row->r->sc->fields[col->field];
	v = rec_str(row->r, col->field);
	if (f->type == FT_REF) {
		putstr(out, f->ref == RT_SCHOOL ? row->school : v);
		return;
	}
	/* Most types show as stored (text's way): no copy made. */
	if (fmt == VF_CSV || *v == '\0' || fieldtype_of(f->type)->display ==
	    fieldtype_of(FT_TEXT)->display) {
		putstr(out, v);
		return;
	}
	d = field_display(f, v);
	putstr(out, d);
	free(d);
}

void
view_sortkey(const struct vrow *row, struct buf *out)
{
	if (row->view->sortkey != NULL)
		row->view->sortkey(row, out);
}

struct idkey {
	char		*key;
	uint32_t	 id;
};

static int
idkey_cmp(const void *a, const void *b)
{
	const struct idkey *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c != 0)
		return c;
	return x->id < y->id ? -1 : x->id > y->id;
}

void
view_sort_ids(const struct view *v, struct vctx *x, struct txn *t,
    uint32_t *ids, size_t n)
{
	struct idkey *k;
	struct buf b = { 0 };
	struct vrow *row;
	size_t i;

	if (v->sortkey == NULL || n < 2)
		return;
	k = xcalloc(n, sizeof *k);
	for (i = 0; i < n; i++) {
		buf_reset(&b);
		if (view_row(v, x, t, ids[i], v->sort_needs, &row) == 0) {
			view_sortkey(row, &b);
			view_row_free(row);
		} else
			buf_addstr(&b, "\x7f");
		k[i].key = buf_take(&b);
		k[i].id = ids[i];
	}
	qsort(k, n, sizeof *k, idkey_cmp);
	for (i = 0; i < n; i++) {
		ids[i] = k[i].id;
		free(k[i].key);
	}
	free(k);
	buf_free(&b);
}

/*
 * Appends n blanks (none when n <= 0).  Only lines are padded, and a
 * line ends with its NUL once made: none is written here.
 */
static inline void
pad(struct buf *b, int n)
{
	static const char blanks[] = "                                ";
	char *p;

	if (n <= 0)
		return;
	if (n <= 32 && b->len + 32 < b->cap) {
		/* Stores of a known size: no call, no loop. */
		p = b->s + b->len;
		memcpy(p, blanks, 16);
		if (n > 16)
			memcpy(p + 16, blanks, 16);
		b->len += (size_t)n;
		return;
	}
	for (; n > 0; n -= (int)sizeof blanks - 1)
		buf_add(b, blanks, n < (int)sizeof blanks - 1 ? (size_t)n :
		    sizeof blanks - 1);
}

/*
 * Moves the n bytes of a cell at b->s + at k to the right, over the
 * blanks pad() put after it, and blanks the k before it.  A short cell
 * goes by copies of a known size (the buffer has room past its end).
 */
static inline void
shift_right(struct buf *b, size_t at, size_t n, int k)
{
	static const char blanks[16] = "                ";
	char cell[16];

	if (n <= 16 && k <= 16 && at + 32 <= b->cap) {
		memcpy(cell, b->s + at, 16);
		memcpy(b->s + at, blanks, 16);
		memcpy(b->s + at + k, cell, 16);
		return;
	}
	memmove(b->s + at + k, b->s + at, n);
	memset(b->s + at, ' ', (size_t)k);
}

/*
 * What a text line of a view shows at a width, worked out once for a
 * language and a width (a list of 26,000 rows asks for the same line
 * 26,000 times): the columns shown, each with its width and its header.
 */
struct tcol {
	int		 c;		/* the view's column */
	/*
	 * How the cell is made: by text(), as field is stored, as the
	 * row's school name, or else by view_cell().
	 */
	int		(*text)(const struct vrow *, struct buf *);
	int		 field;		/* or -1 */
	bool		 school;
	int		 w;		/* its width, after giving way */
	unsigned	 flags;		/* VC_* */
	struct label	 head;		/* translated */
};
struct tplan {
	int		 lang;		/* 0: not made; 1 English, 2 Chinese */
	int		 cols;
	int		 n;
	struct tcol	*col;
};

/* The cells that have a text_*() function. */
static const struct {
	void	(*cell)(const struct vrow *, enum vformat, struct buf *);
	int	(*text)(const struct vrow *, struct buf *);
} text_cells[] = {
	{ cell_id, text_id },
	{ cell_school, text_school },
	{ cell_child_name, text_child_name },
	{ cell_age, text_age },
	{ cell_class, text_class },
	{ cell_contact, text_contact },
	{ cell_sex, text_sex },
	{ cell_phone, text_phone },
	{ cell_count, text_count },
};

/* How column col's text cell is made (see view_cell). */
static void
text_how(const struct view *v, const struct view_col *col, struct tcol *tc)
{
	const struct field *f;
	size_t i;

	tc->text = NULL;
	tc->field = -1;
	tc->school = false;
	if (col->cell != NULL) {
		for (i = 0; i < nitems(text_cells); i++)
			if (text_cells[i].cell == col->cell)
				tc->text = text_cells[i].text;
		return;
	}
	f = &schema_of(v->type)->fields[col->field];
	if (f->type == FT_REF)
		tc->school = f->ref == RT_SCHOOL;
	else if (fieldtype_of(f->type)->display ==
	    fieldtype_of(FT_TEXT)->display)
		tc->field = col->field;
}

static const struct tplan *
text_plan(const struct view *v, int cols)
{
	static struct tplan plans[nitems(views)];
	struct tplan *p = &plans[v - views];
	const struct view_col *col;
	const int *widths;
	int c, i, last = -1, w, used = 0, give = 0, lang = i18n_is_zh() ? 2 : 1;
	int *have;

	if (p->lang == lang && p->cols == cols)
		return p;
	widths = view_widths(v);
	have = xcalloc((size_t)v->ncols + 1, sizeof *have);
	for (c = 0; c < v->ncols; c++) {
		have[c] = c < VIEW_MAXCOLS ? widths[c] :
		    view_col_width(&v->cols[c]);
		if (!view_col_shown(&v->cols[c], VF_TEXT, cols))
			continue;
		used += (last >= 0 ? 1 : 0) + have[c];
		last = c;
	}
	/*
	 * A window a little too narrow: the columns that may be cut give
	 * way (down to their headers' width), the last first, so that the
	 * columns after them (a phone number) stay whole.
	 */
	for (c = 0; cols > 0 && used > cols && c <= last &&
	    c < VIEW_MAXCOLS; c++)
		if ((v->cols[c].flags & VC_CUT) &&
		    view_col_shown(&v->cols[c], VF_TEXT, cols))
			give += have[c] - u_width(_(v->cols[c].head));
	if (cols > 0 && used > cols && used - cols <= give)
		for (c = last < VIEW_MAXCOLS ? last : VIEW_MAXCOLS - 1,
		    give = used - cols; c >= 0 && give > 0; c--) {
			if (!(v->cols[c].flags & VC_CUT) ||
			    !view_col_shown(&v->cols[c], VF_TEXT, cols))
				continue;
			w = have[c] - u_width(_(v->cols[c].head));
			w = w < give ? w : give;
			have[c] -= w;
			give -= w;
		}
	free(p->col);
	p->col = xcalloc((size_t)v->ncols + 1, sizeof *p->col);
	for (c = 0, i = 0; c <= last; c++) {
		col = &v->cols[c];
		if (!view_col_shown(col, VF_TEXT, cols))
			continue;
		p->col[i].c = c;
		text_how(v, col, &p->col[i]);
		p->col[i].w = have[c];
		p->col[i].flags = col->flags;
		label_set(&p->col[i++].head, _(col->head));
	}
	free(have);
	p->n = i;
	p->cols = cols;
	p->lang = lang;
	return p;
}

/* Appends the cell of tc (row NULL: its header); returns its width. */
static inline int
text_cell(const struct vrow *row, const struct tcol *tc, struct buf *b)
{
	size_t at = b->len;

	if (row == NULL)
		return put_label(b, &tc->head);
	if (tc->text != NULL)
		return tc->text(row, b);
	if (tc->field >= 0)
		return put_field(b, row, tc->field);
	if (tc->school)
		return text_school(row, b);
	view_cell(row, tc->c, VF_TEXT, b);
	return b->len > at ? text_width(b->s + at, b->len - at) : 0;
}

/* Ends the line at its last cell's text: no trailing blanks (from start). */
static void
trim_blanks(struct buf *b, size_t start, size_t keep)
{
	if (b->s == NULL) {
		buf_add(b, "", 0);
		return;
	}
	while (keep > start && b->s[keep - 1] == ' ')
		keep--;
	b->s[keep] = '\0';
	b->len = keep;
}

/*
 * A line of a list on the command line (text_line() with cols 0): each
 * cell is followed by the blanks up to its width and the two between
 * columns, which the last cell's are trimmed with.
 */
static void
list_line(const struct tplan *p, const struct vrow *row, struct buf *b)
{
	static struct buf cell;
	const struct tcol *tc, *end = p->col + p->n;
	size_t start = b->len, keep = start, at, n;
	int cw;

	for (tc = p->col; tc < end; tc++) {
		at = b->len;
		cw = text_cell(row, tc, b);
		n = b->len - at;
		if (cw >= tc->w) {
			if (cw > tc->w && (tc->flags & (VC_CUT | VC_WHOLE)) ==
			    VC_CUT) {
				buf_reset(&cell);
				buf_add(&cell, b->s + at, n);
				b->len = at;
				b->s[at] = '\0';
				print_fit(b, cell.s, tc->w, true);
			}
			if (n > 0)
				keep = b->len;
			pad(b, 2);
			continue;
		}
		/* The blanks up to the width and those between columns. */
		pad(b, tc->w - cw + 2);
		if (tc->flags & VC_RIGHT)
			shift_right(b, at, n, tc->w - cw);
		if (n > 0)
			keep = b->len - 2;
	}
	trim_blanks(b, start, keep);
}

/*
 * Lays out cells (NULL row: the headers) for cols columns (0: a list).
 * Each cell is made in place on the line, measured once, and padded; a
 * cell that must be shortened is taken back and fitted.  In a window the
 * last column shown takes the rest of the line; a cell that must be
 * shortened ends with "…", and a VC_WHOLE one (a phone number) is shown
 * whole, or as "…" alone where the window ends before it.
 */
static void
text_line(const struct view *v, const struct vrow *row, int cols,
    struct buf *out)
{
	static struct buf line, cell;
	const struct tplan *p = text_plan(v, cols);
	const struct tcol *tc;
	struct buf *b = cols > 0 ? &line : out;
	size_t start, keep, at, n;
	int i, w, cw, used = 0, sep;

	if (cols == 0) {
		list_line(p, row, out);
		return;
	}
	buf_reset(&line);
	start = keep = b->len;
	for (i = 0; i < p->n; i++) {
		tc = &p->col[i];
		sep = i == 0 ? 0 : cols == 0 ? 2 : 1;
		if (cols > 0 && used + sep >= cols)
			break;
		pad(b, sep);
		used += sep;
		at = b->len;
		cw = text_cell(row, tc, b);
		n = b->len - at;
		w = tc->w;
		if (cols > 0 && (used + w > cols || (i == p->n - 1 &&
		    !(tc->flags & VC_RIGHT))))
			w = cols - used;
		if (cw > w && (tc->flags & VC_WHOLE)) {
			if (cols > 0 && used + cw > cols) {
				b->len = at;
				putstr(b, PRINT_ELLIPSIS);
				cw = 1;
			}
			w = cw;
		} else if (cw > w && (cols > 0 || (tc->flags & VC_CUT))) {
			buf_reset(&cell);
			buf_add(&cell, b->s + at, n);
			b->len = at;
			b->s[at] = '\0';
			print_fit(b, cell.s, w, true);
		} else if ((tc->flags & VC_RIGHT) && cw < w) {
			pad(b, w - cw);
			memmove(b->s + at + (w - cw), b->s + at, n);
			memset(b->s + at, ' ', (size_t)(w - cw));
		} else
			pad(b, w - cw);
		used += cw > w ? cw : w;
		if (n > 0)
			keep = b->len;
	}
	if (b->s == NULL) {
		/* Nothing laid out: an empty line, as it is. */
		buf_add(b, "", 0);
		return;
	}
	trim_blanks(b, start, keep);
	if (cols > 0) {
		/* Screens get what the command line gets from buffer_end. */
		buf_reset(&cell);
		buf_add_safe(&cell, line.s, false);
		u_fit(out, cell.s, cols, false);
	}
}

void
view_header(const struct view *v, int cols, struct buf *out)
{
	text_line(v, NULL, cols, out);
}

void
view_line(const struct vrow *row, int cols, struct buf *out)
{
	text_line(row->view, row, cols, out);
}

/*
 * The CSV's columns in order, worked out once per view: c >= 0 is the
 * view's column c, c < 0 the record's field -c - 1 (csv_fields: those
 * not private and not in a CSV column, or with csv_table_order every
 * field not private, in table order).
 */
static const int *
csv_plan(const struct view *v, int *n)
{
	static int cache[nitems(views)][REC_MAXFIELDS + 16];
	static int count[nitems(views)];
	static bool done[nitems(views)];
	const struct schema *sc = schema_of(v->type);
	size_t i = (size_t)(v - views);
	int *plan = cache[i], f, c, first = v->ncols;
	bool shown;

	if (done[i]) {
		*n = count[i];
		return plan;
	}
	if (v->csv_table_order)
		for (c = 0; c < v->ncols && first == v->ncols; c++)
			if (v->cols[c].field >= 0)
				first = c;
	for (c = 0; c < v->ncols; c++)
		if (view_col_shown(&v->cols[c], VF_CSV, 0) && (c < first ||
		    !v->csv_table_order))
			plan[count[i]++] = c;
	for (f = 0; v->csv_fields && f < sc->nfields; f++) {
		for (shown = false, c = 0; c < v->ncols; c++)
			if (v->cols[c].field == f &&
			    (v->cols[c].flags & VC_CSV))
				shown = true;
		if ((v->csv_table_order || !shown) &&
		    !(sc->fields[f].flags & FF_PRIVATE))
			plan[count[i]++] = -f - 1;
	}
	for (c = first; v->csv_table_order && c < v->ncols; c++)
		if (view_col_shown(&v->cols[c], VF_CSV, 0) &&
		    v->cols[c].field < 0)
			plan[count[i]++] = c;
	done[i] = true;
	*n = count[i];
	return plan;
}

/*
 * A CSV field as the terminal may see it: control characters shown as
 * U+FFFD, line breaks and tabs kept (lists go to standard output).
 */
static void
csv_safe(struct csvw *w, struct buf *scratch, const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f || (*p == 0xc2 && p[1] >= 0x80 &&
		    p[1] <= 0x9f))
			break;
	if (*p == '\0' && u8_valid(s, strlen(s))) {
		csvw_field(w, s);
		return;
	}
	buf_reset(scratch);
	buf_add_safe(scratch, s, true);
	csvw_field(w, scratch->s != NULL ? scratch->s : "");
}

void
view_csv_header(const struct view *v, struct csvw *w, struct buf *out)
{
	const struct schema *sc = schema_of(v->type);
	const int *plan;
	int c, n;

	plan = csv_plan(v, &n);
	for (c = 0; c < n; c++)
		csvw_field(w, plan[c] >= 0 ? v->cols[plan[c]].name :
		    sc->fields[-plan[c] - 1].name);
	buf_addstr(out, csvw_end(w));
}

void
view_csv_row(const struct vrow *row, struct csvw *w, struct buf *out)
{
	const struct field *f;
	struct buf cell = { 0 }, safe = { 0 };
	const int *plan;
	int c, n, k;

	plan = csv_plan(row->view, &n);
	for (c = 0; c < n; c++) {
		if (plan[c] >= 0) {
			buf_reset(&cell);
			view_cell(row, plan[c], VF_CSV, &cell);
			csv_safe(w, &safe, cell.s != NULL ? cell.s : "");
			continue;
		}
		k = -plan[c] - 1;
		f = &row->r->sc->fields[k];
		csv_safe(w, &safe, f->type == FT_REF && f->ref == RT_SCHOOL ?
		    row->school : rec_str(row->r, k));
	}
	buf_free(&safe);
	buf_addstr(out, csvw_end(w));
	buf_free(&cell);
}
