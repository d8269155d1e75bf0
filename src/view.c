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

#include "codec.h"
#include "csvw.h"
#include "i18n.h"
#include "model.h"
#include "pinyin.h"
#include "rec.h"
#include "schema.h"
#include "util.h"
#include "view.h"

/* ---- cells ---- */

/* Appends a number without printf (lists do it on every row). */
static void
add_num(struct buf *out, unsigned long n)
{
	char d[24];
	int i = (int)sizeof d;

	do
		d[--i] = (char)('0' + n % 10);
	while ((n /= 10) > 0);
	buf_add(out, d + i, sizeof d - (size_t)i);
}

static void
cell_id(const struct vrow *r, enum vformat fmt, struct buf *out)
{
	add_num(out, r->r->id);
}

static void
cell_school(const struct vrow *r, enum vformat fmt, struct buf *out)
{
	buf_addstr(out, r->school);
}

/* A child's name; in text, a child who left is marked with the status. */
static void
cell_child_name(const struct vrow *r, enum vformat fmt, struct buf *out)
{
	buf_addstr(out, rec_str(r->r, CHILD_NAME));
	if (fmt == VF_TEXT && !r->active)
		buf_addf(out, " [%s]", choice_label(status_choices,
		    rec_str(r->r, CHILD_STATUS)));
}

static void
cell_age(const struct vrow *r, enum vformat fmt, struct buf *out)
{
	if (r->age >= 0)
		add_num(out, (unsigned long)r->age);
}

/*
 * "3年级2班": numbered classes of numbered grades are made once per
 * language and kept (a list shows the same few hundred on every row).
 */
static void
cell_class(const struct vrow *r, enum vformat fmt, struct buf *out)
{
	static char *memo[2][9][20];
	const char *g = rec_str(r->r, CHILD_GRADE), *c = rec_str(r->r,
	    CHILD_CLASS);
	int zh = i18n_is_zh() ? 1 : 0, gi = g[0] - '1', ci = atoi(c);
	char *s;

	if (gi >= 0 && gi < 9 && g[1] == '\0' && ci > 0 && ci < 20 &&
	    strspn(c, "0123456789") == strlen(c)) {
		if (memo[zh][gi][ci] == NULL)
			memo[zh][gi][ci] = class_label(g, c);
		buf_addstr(out, memo[zh][gi][ci]);
		return;
	}
	s = class_label(g, c);
	buf_addstr(out, s);
	free(s);
}

/* The first contact: "张三(祖母)" in text, the name in CSV. */
static void
cell_contact(const struct vrow *r, enum vformat fmt, struct buf *out)
{
	if (*r->contact == '\0')
		return;
	buf_addstr(out, r->contact);
	if (fmt == VF_TEXT) {
		buf_addc(out, '(');
		buf_addstr(out, choice_label(relation_choices, r->relation));
		buf_addc(out, ')');
	}
}

static void
cell_relation(const struct vrow *r, enum vformat fmt, struct buf *out)
{
	buf_addstr(out, fmt == VF_TEXT ? choice_label(relation_choices,
	    r->relation) : r->relation);
}

static void
cell_phone(const struct vrow *r, enum vformat fmt, struct buf *out)
{
	buf_addstr(out, r->phone);
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

static void
cell_count(const struct vrow *r, enum vformat fmt, struct buf *out)
{
	add_num(out, r->count);
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
#include "calltree.h"

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

#define FIELD(f)	(f), NULL
#define CELL(fn)	-1, (fn)

static const struct view_col child_cols[] = {
	{ "id", N_("No."), 6, 0, CELL(cell_id), 0, VC_LIST | VC_CSV |
	    VC_RIGHT, 0 },
	{ "name", N_("Name"), 10, 0, CHILD_NAME, cell_child_name, 0, VC_ALL,
	    0 },
	{ "sex", N_("Sex"), 4, 6, FIELD(CHILD_SEX), 0, VC_ALL, 0 },
	{ "birth_date", N_("Birth date"), 10, 0, FIELD(CHILD_BIRTH), 0,
	    VC_CSV, 0 },
	{ "age", N_("Age"), 4, 0, CELL(cell_age), 0, VC_ALL, 0 },
	{ "school", N_("School"), 18, 0, CHILD_SCHOOL, cell_school, VN_SCHOOL,
	    VC_LIST | VC_CSV | VC_CUT, 0 },
	{ "grade", N_("Grade"), 8, 0, FIELD(CHILD_GRADE), 0, VC_CSV, 0 },
	{ "class", N_("Class"), 10, 16, FIELD(CHILD_CLASS), 0, VC_CSV, 0 },
	{ "class", N_("Class"), 10, 16, CHILD_CLASS, cell_class, 0, VC_TEXT,
	    0 },
	{ "village", N_("Village"), 10, 0, FIELD(CHILD_VILLAGE), 0, VC_ALL,
	    0 },
	{ "group", N_("Group"), 6, 0, FIELD(CHILD_GROUP), 0, VC_CSV, 0 },
	{ "boarding", N_("Boarding"), 6, 8, FIELD(CHILD_BOARDING), 0,
	    VC_SCREEN | VC_CSV, 138 },
	{ "status", N_("Status"), 8, 0, FIELD(CHILD_STATUS), 0, VC_CSV, 0 },
	{ "left_behind", N_("Left-behind type"), 16, 0,
	    FIELD(CHILD_LEFT_BEHIND), 0, VC_SCREEN | VC_CSV, 130 },
	{ "guardianship", N_("Guardianship"), 8, 0, FIELD(CHILD_GUARDIANSHIP),
	    0, VC_SCREEN | VC_CSV, 112 },
	{ "first_contact", N_("First contact"), 16, 26, CELL(cell_contact),
	    VN_CONTACT, VC_ALL | VC_CUT, 0 },
	{ "first_contact_relation", N_("Relation"), 8, 0,
	    CELL(cell_relation), VN_CONTACT, VC_CSV, 0 },
	{ "first_contact_phone", N_("Phone"), 13, 0, CELL(cell_phone),
	    VN_CONTACT, VC_ALL, 0 },
	{ "school", N_("School"), 18, 0, CHILD_SCHOOL, cell_school, VN_SCHOOL,
	    VC_SCREEN, 100 },
	{ "family_income", N_("Family income source"), 8, 12,
	    FIELD(CHILD_FAMILY_INCOME), 0, VC_SCREEN, 150 },
	{ "mentor", N_("Mentor"), 8, 0, CELL(cell_mentor), VN_MENTOR, VC_CSV,
	    0 },
	{ "pinyin", N_("Pinyin"), 16, 0, CELL(cell_pinyin), 0, VC_CSV, 0 },
};

static const struct view_col contact_cols[] = {
	{ "id", N_("No."), 6, 0, CELL(cell_id), 0, VC_LIST | VC_CSV |
	    VC_RIGHT, 0 },
	{ "name", N_("Name"), 10, 0, FIELD(CONTACT_NAME), 0, VC_ALL, 0 },
	{ "phone1", N_("Phone"), 13, 0, FIELD(CONTACT_PHONE1), 0, VC_ALL, 0 },
	{ "workplace", N_("Work place"), 20, 0, FIELD(CONTACT_WORKPLACE), 0,
	    VC_ALL, 0 },
	{ "children", N_("Children"), 20, 0, CELL(cell_kids), VN_KIDS,
	    VC_ALL, 0 },
};

static const struct view_col staff_cols[] = {
	{ "id", N_("No."), 6, 0, CELL(cell_id), 0, VC_LIST | VC_CSV |
	    VC_RIGHT, 0 },
	{ "name", N_("Name"), 10, 0, FIELD(STAFF_NAME), 0, VC_ALL, 0 },
	{ "school", N_("School"), 18, 0, FIELD(STAFF_SCHOOL), VN_SCHOOL,
	    VC_ALL | VC_CUT, 0 },
	{ "phone", N_("Phone"), 13, 0, FIELD(STAFF_PHONE), 0, VC_ALL, 0 },
	{ "roles", N_("Roles"), 16, 28, FIELD(STAFF_ROLES), 0, VC_ALL, 0 },
	{ "caseload", N_("Mentees"), 4, 0, CELL(cell_count), VN_COUNT,
	    VC_ALL | VC_RIGHT, 0 },
};

static const struct view_col school_cols[] = {
	{ "id", N_("No."), 4, 0, CELL(cell_id), 0, VC_LIST | VC_CSV |
	    VC_RIGHT, 0 },
	{ "name", N_("School"), 20, 0, FIELD(SCHOOL_NAME), 0, VC_ALL, 0 },
	{ "township", N_("Township"), 10, 0, FIELD(SCHOOL_TOWNSHIP), 0, VC_ALL,
	    0 },
	{ "principal", N_("Principal"), 8, 0, SCHOOL_PRINCIPAL,
	    cell_principal, VN_MENTOR, VC_ALL, 0 },
	{ "phone", N_("Phone"), 13, 0, FIELD(SCHOOL_PHONE), 0, VC_ALL, 0 },
	{ "child_count", N_("Children"), 6, 0, CELL(cell_count), VN_COUNT,
	    VC_ALL | VC_RIGHT, 0 },
};

static const struct view_col official_cols[] = {
	{ "id", N_("No."), 4, 0, CELL(cell_id), 0, VC_LIST | VC_CSV |
	    VC_RIGHT, 0 },
	{ "name", N_("Name"), 10, 0, FIELD(OFFICIAL_NAME), 0, VC_ALL, 0 },
	{ "kind", N_("Kind"), 12, 20, FIELD(OFFICIAL_KIND), 0, VC_ALL, 0 },
	{ "organisation", N_("Organisation"), 20, 0, FIELD(OFFICIAL_ORG), 0,
	    VC_ALL, 0 },
	{ "village", N_("Village"), 10, 0, FIELD(OFFICIAL_VILLAGE), 0, VC_ALL,
	    0 },
	{ "phone", N_("Phone"), 13, 0, FIELD(OFFICIAL_PHONE), 0, VC_ALL, 0 },
};

static const struct view_col pair_cols[] = {
	{ "id", N_("No."), 6, 0, CELL(cell_id), 0, VC_LIST | VC_CSV |
	    VC_RIGHT, 0 },
	{ "mentor", N_("Mentor"), 10, 0, CELL(cell_mentor), VN_PERSON, VC_ALL,
	    0 },
	{ "child", N_("Child"), 10, 0, CELL(cell_pair_child), VN_PERSON,
	    VC_ALL, 0 },
	{ "since", N_("Since"), 10, 0, FIELD(PAIR_SINCE), 0, VC_ALL, 0 },
	{ "until", N_("Until"), 10, 0, FIELD(PAIR_UNTIL), 0, VC_ALL, 0 },
	{ "notes", N_("Notes"), 20, 0, FIELD(PAIR_NOTES), 0, VC_CSV, 0 },
};

static const struct view_col tree_cols[] = {
	{ "id", N_("No."), 4, 0, CELL(cell_id), 0, VC_LIST | VC_CSV |
	    VC_RIGHT, 0 },
	{ "name", N_("Tree name"), 30, 0, FIELD(TREE_NAME), 0, VC_ALL | VC_CUT,
	    0 },
	{ "school", N_("School"), 12, 0, CELL(cell_tree_school), VN_SCHOOL,
	    VC_ALL | VC_CUT, 0 },
	{ "revision", N_("Version"), 4, 0, FIELD(TREE_REVISION), 0, VC_ALL, 0 },
	{ "lines", N_("Lines"), 6, 0, CELL(cell_tree_lines), 0,
	    VC_ALL | VC_RIGHT, 0 },
	{ "children", N_("Children"), 6, 0, CELL(cell_tree_children), 0,
	    VC_ALL | VC_RIGHT, 0 },
	{ "last_drill", N_("Last drill"), 10, 0, CELL(cell_tree_drill), 0,
	    VC_ALL, 0 },
};

#undef FIELD
#undef CELL

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

#define VIEW(t, n, c, k, kn, f) { (t), (n), (c), (int)nitems(c), (k), (kn), \
	(f) }
static const struct view views[] = {
	VIEW(RT_CHILD, "children", child_cols, child_sortkey, VN_SCHOOL, true),
	VIEW(RT_CONTACT, "contacts", contact_cols, NULL, 0, true),
	VIEW(RT_STAFF, "staff", staff_cols, NULL, 0, true),
	VIEW(RT_SCHOOL, "schools", school_cols, NULL, 0, true),
	VIEW(RT_OFFICIAL, "officials", official_cols, NULL, 0, true),
	VIEW(RT_PAIR, "pairs", pair_cols, NULL, 0, false),
	VIEW(RT_TREE, "calltrees", tree_cols, NULL, 0, false),
};
#undef VIEW

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
	return needs;
}

/* ---- the shared reading ---- */

void
vctx_init(struct vctx *x, const char *today)
{
	memset(x, 0, sizeof *x);
	snprintf(x->today, sizeof x->today, "%s", today);
}

void
vctx_begin(struct vctx *x, struct txn *t)
{
	vctx_end(x);
	x->batch = t;
	rec_cursor_open(t, RT_CHILD, &x->cur[0]);
	rec_cursor_open(t, RT_LINK, &x->cur[1]);
	rec_cursor_open(t, RT_CONTACT, &x->cur[2]);
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
	if (x->batch == t && type == RT_LINK)
		return rec_peek_at(&x->cur[1], id, n, fields, v, len);
	if (x->batch == t && type == RT_CONTACT)
		return rec_peek_at(&x->cur[2], id, n, fields, v, len);
	return rec_peek(t, type, id, n, fields, v, len);
}

/* A record id written in a field ("123"), read in place; 0 if none. */
static uint32_t
id_in(const char *v, size_t n)
{
	uint64_t id = 0;
	size_t i;

	for (i = 0; i < n && i < 10; i++) {
		if (v[i] < '0' || v[i] > '9')
			return 0;
		id = id * 10 + (uint64_t)(v[i] - '0');
	}
	return i == n && id <= UINT32_MAX ? (uint32_t)id : 0;
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
}

static const char *
school_name(struct vctx *x, struct txn *t, uint32_t id)
{
	const int f = SCHOOL_NAME;
	const char *v;
	size_t i, n;

	if (id == 0)
		return "";
	for (i = 0; i < x->nschools; i++)
		if (x->schools[i].id == id)
			return x->schools[i].name;
	x->schools = xreallocarray(x->schools, x->nschools + 1,
	    sizeof *x->schools);
	x->schools[x->nschools].id = id;
	if (rec_peek(t, RT_SCHOOL, id, 1, &f, &v, &n) == 0)
		x->schools[x->nschools].name = xstrndup(v, n);
	else
		x->schools[x->nschools].name = xasprintf("#%u", id);
	return x->schools[x->nschools++].name;
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
static void
first_contact(struct vctx *x, struct txn *t, uint32_t child,
    struct vrow *row)
{
	static const int lf[] = { LINK_PRIORITY, LINK_CONTACT, LINK_RELATION };
	static const int cf[] = { CONTACT_NAME, CONTACT_PHONE1,
	    CONTACT_PHONE2, CONTACT_PHONE3 };
	const struct choice *rel = NULL;
	struct kv_cursor c;
	unsigned char k[5];
	const char *v[4];
	size_t len[4], i;
	uint32_t link, contact = 0, prio, best = 0;
	char key[32];
	bool ok;

	k[0] = IX_CHILD_LINK;
	put_u32be(k + 1, child);
	for (ok = kv_first(t, DBI_IX, k, 5, &c); ok; ok = kv_next(&c)) {
		if (c.key.mv_size != 9)
			continue;
		link = get_u32be((unsigned char *)c.key.mv_data + 5);
		if (peek(x, t, RT_LINK, link, 3, lf, v, len) != 0)
			continue;
		prio = id_in(v[0], len[0]);
		if (contact != 0 && prio >= best)
			continue;
		best = prio;
		contact = id_in(v[1], len[1]);
		snprintf(key, sizeof key, "%.*s", (int)(len[2] < 31 ?
		    len[2] : 31), v[2]);
		rel = choice_find(relation_choices, key);
	}
	kv_close(&c);
	row->relation = rel != NULL ? rel->key : "";
	if (contact == 0 || peek(x, t, RT_CONTACT, contact, 4, cf, v,
	    len) != 0)
		return;
	free(row->contact);
	row->contact = xstrndup(v[0], len[0]);
	for (i = 1; i < 4; i++)
		if (len[i] > 0) {
			free(row->phone);
			row->phone = xstrndup(v[i], len[i]);
			break;
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
		name = title_of(t, RT_CHILD, (uint32_t)strtoul(num, NULL, 10));
		buf_addf(&b, "%s%s(%s)", b.len ? " " : "", name,
		    choice_label(relation_choices, key));
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
			if (len[1] != 0 && !(len[1] == 9 &&
			    memcmp(v[1], "in_school", 9) == 0))
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

/* Whole years from a birth date to today, both in normal form; -1. */
static int
age_years(const char *birth, const char *today)
{
	int age;

	if (strlen(birth) != 10 || strlen(today) != 10)
		return -1;
	age = atoi(today) - atoi(birth) - (strcmp(today + 4, birth + 4) < 0);
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

struct vrow *
view_row_ext(const struct view *v, struct vctx *x, struct txn *t,
    struct rec *r, unsigned needs, const void *ext)
{
	struct vrow *row = xcalloc(1, sizeof *row);
	struct rec *pair;
	int sf;

	row->view = v;
	row->r = r;
	row->ext = ext;
	row->school = "";
	row->relation = "";
	row->contact = xstrdup("");
	row->phone = xstrdup("");
	row->age = -1;
	row->active = true;
	sf = schema_field(r->sc, "school");
	if ((needs & VN_SCHOOL) && sf >= 0)
		row->school = school_name(x, t, rec_ref(r, sf));
	switch (r->sc->type) {
	case RT_CHILD:
		row->age = age_years(rec_str(r, CHILD_BIRTH), x->today);
		row->active = child_active(r);
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
		rc = rec_get_at(&x->cur[0], id, &r);
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

/* ---- cells and lines ---- */

/*
 * A reference's title is not in the row: read it in the transaction
 * the row was made in is not possible any more, so references a view
 * shows by field are shown through the cache of school names, the one
 * kind of reference list columns show.
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
		buf_addstr(out, f->ref == RT_SCHOOL ? row->school : v);
		return;
	}
	if (fmt == VF_CSV) {
		buf_addstr(out, v);
		return;
	}
	d = field_display(f, v);
	buf_addstr(out, d);
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

/* Display columns of s: ASCII counted fast, the rest by u_width(). */
static int
text_width(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return u_width(s);
	return (int)n;
}

static void
pad(struct buf *b, int n)
{
	static const char blanks[] = "                                ";

	for (; n > 0; n -= (int)sizeof blanks - 1)
		buf_add(b, blanks, n < (int)sizeof blanks - 1 ? (size_t)n :
		    sizeof blanks - 1);
}

/*
 * Lays out cells (NULL row: the headers) for cols columns (0: a list).
 * A list of 26,000 rows comes here 26,000 times: the buffers are kept,
 * and a cell that fits is copied and padded, not measured twice.
 */
static void
text_line(const struct view *v, const struct vrow *row, int cols,
    struct buf *out)
{
	static struct buf cell, line;
	const struct view_col *col;
	const int *widths = view_widths(v);
	size_t keep = 0;
	int c, w, cw;
	bool first = true;

	buf_reset(&line);
	for (c = 0; c < v->ncols; c++) {
		col = &v->cols[c];
		if (!view_col_shown(col, VF_TEXT, cols))
			continue;
		buf_reset(&cell);
		if (row == NULL)
			buf_addstr(&cell, _(col->head));
		else
			view_cell(row, c, VF_TEXT, &cell);
		if (cell.s == NULL)
			buf_addstr(&cell, "");
		if (!first)
			buf_addstr(&line, cols == 0 ? "  " : " ");
		first = false;
		w = c < VIEW_MAXCOLS ? widths[c] : view_col_width(col);
		cw = text_width(cell.s, cell.len);
		if (cw > w && (cols > 0 || (col->flags & VC_CUT)))
			u_fit(&line, cell.s, w, true);
		else if (col->flags & VC_RIGHT) {
			pad(&line, w - cw);
			buf_add(&line, cell.s, cell.len);
		} else {
			buf_add(&line, cell.s, cell.len);
			pad(&line, w - cw);
		}
		if (cell.len > 0)
			keep = line.len;
	}
	/* No trailing blanks. */
	if (line.s == NULL)
		return;
	while (keep > 0 && line.s[keep - 1] == ' ')
		keep--;
	line.s[keep] = '\0';
	line.len = keep;
	if (cols > 0)
		u_fit(out, line.s, cols, false);
	else
		buf_add(out, line.s, line.len);
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
 * The CSV's further fields (csv_fields): those not private and not in
 * a CSV column, in table order; worked out once per view.
 */
static const int *
csv_extras(const struct view *v, int *n)
{
	static int cache[nitems(views)][REC_MAXFIELDS];
	static int count[nitems(views)];
	static bool done[nitems(views)];
	const struct schema *sc = schema_of(v->type);
	size_t i = (size_t)(v - views);
	int f, c;
	bool shown;

	if (!done[i]) {
		for (f = 0; v->csv_fields && f < sc->nfields; f++) {
			for (shown = false, c = 0; c < v->ncols; c++)
				if (v->cols[c].field == f &&
				    (v->cols[c].flags & VC_CSV))
					shown = true;
			if (!shown && !(sc->fields[f].flags & FF_PRIVATE))
				cache[i][count[i]++] = f;
		}
		done[i] = true;
	}
	*n = count[i];
	return cache[i];
}

void
view_csv_header(const struct view *v, struct csvw *w, struct buf *out)
{
	const struct schema *sc = schema_of(v->type);
	const int *extra;
	int c, n;

	for (c = 0; c < v->ncols; c++)
		if (view_col_shown(&v->cols[c], VF_CSV, 0))
			csvw_field(w, v->cols[c].name);
	extra = csv_extras(v, &n);
	for (c = 0; c < n; c++)
		csvw_field(w, sc->fields[extra[c]].name);
	buf_addstr(out, csvw_end(w));
}

void
view_csv_row(const struct vrow *row, struct csvw *w, struct buf *out)
{
	const struct field *f;
	struct buf cell = { 0 };
	const int *extra;
	int c, n;

	for (c = 0; c < row->view->ncols; c++) {
		if (!view_col_shown(&row->view->cols[c], VF_CSV, 0))
			continue;
		buf_reset(&cell);
		view_cell(row, c, VF_CSV, &cell);
		csvw_field(w, cell.s != NULL ? cell.s : "");
	}
	extra = csv_extras(row->view, &n);
	for (c = 0; c < n; c++) {
		f = &row->r->sc->fields[extra[c]];
		csvw_field(w, f->type == FT_REF && f->ref == RT_SCHOOL ?
		    row->school : rec_str(row->r, extra[c]));
	}
	buf_addstr(out, csvw_end(w));
	buf_free(&cell);
}
