/*
 * Unit tests of the call trees against a real LMDB in a temporary
 * directory: the rules of a generated tree checked here independently of
 * ct_check (every child in school exactly once, limits, no cycles, no
 * person twice, backups other than the primary, a class's families
 * under its class teacher up to the limit) on demo townships of
 * several sizes; children no phone reaches; changes by hand and their
 * survival over regeneration; drills and the contact cards; the printed
 * sheet in display columns and pages.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calltree.h"
#include "cards.h"
#include "demo.h"
#include "i18n.h"
#include "model.h"
#include "rec.h"
#include "schema.h"
#include "store.h"
#include "testutil.h"
#include "util.h"
#include "validate.h"

static char *dir;
static struct db *db;

static void
setup(void)
{
	i18n_init("en");
	db = tu_db_new(&dir);
}

static void
teardown(void)
{
	tu_db_drop(&db, &dir);
}

static void
demo(size_t children, uint64_t seed)
{
	struct demo_opts o = { children, seed, NULL, NULL };
	struct demo_result r;
	char *cause = NULL;

	ck_assert_msg(demo_fill(db, &o, &r, &cause) == 0, "demo: %s", cause);
}

/* The ids of the schools, in id order. */
static size_t
schools(uint32_t *out, size_t max)
{
	struct rec_iter it;
	struct rec *s;
	struct txn t;
	size_t n = 0;

	ck_assert_int_eq(txn_read(db, &t), 0);
	rec_iter_start(&t, RT_SCHOOL, &it);
	while ((s = rec_iter_next(&it)) != NULL) {
		if (n < max)
			out[n++] = s->id;
		rec_free(s);
	}
	rec_iter_end(&it);
	txn_end(&t);
	return n;
}

/* The family limit the last tree was made with (raised when staff are few). */
static int used_limit;

static uint32_t
generate(uint32_t school, const char *by, struct ct_genres *res)
{
	struct ct_genopts o;
	char *cause = NULL;

	memset(&o, 0, sizeof o);
	o.school = school;
	o.township = school == 0;
	o.by = by;
	ck_assert_msg(ct_generate(db, &o, res, &cause) == 0, "generate: %s",
	    cause);
	used_limit = res->family_limit;
	return res->tree;
}

/* The active children the tree must hold. */
static void
active(uint32_t school, bool boarding, struct idlist *out)
{
	struct idlist kids = { 0 };
	uint32_t ids[64];
	struct rec *c;
	struct txn t;
	size_t n, i;

	n = school != 0 ? 1 : schools(ids, 64);
	if (school != 0)
		ids[0] = school;
	ck_assert_int_eq(txn_read(db, &t), 0);
	for (i = 0; i < n; i++)
		children_of_class(&t, ids[i], NULL, NULL, &kids);
	for (i = 0; i < kids.n; i++) {
		ck_assert_int_eq(rec_get(&t, RT_CHILD, kids.v[i], &c), 0);
		if (strcmp(rec_str(c, CHILD_STATUS), "in_school") == 0 &&
		    (!boarding || strcmp(rec_str(c, CHILD_BOARDING), "1") == 0))
			idl_add(out, c->id);
		rec_free(c);
	}
	txn_end(&t);
	idl_free(&kids);
}

static bool
phones_same(const char *a, const char *b)
{
	char *x = phone_digits(a), *y = phone_digits(b);
	bool same = *x != '\0' && strcmp(x, y) == 0;

	free(x);
	free(y);
	return same;
}

/* The rules, recomputed here from the lines alone. */
static void
assert_rules(uint32_t tree, uint32_t school, bool boarding)
{
	struct idlist want = { 0 }, got = { 0 };
	struct ct_msgs m = { 0 };
	struct ct_tree tr;
	char *cause = NULL;
	size_t i, j, tops = 0, steps, over = 0;
	int p, staff, fams;

	ck_assert_msg(ct_load(db, tree, &tr, &cause) == 0, "load: %s", cause);
	ck_assert_uint_gt(tr.n, 1);
	for (i = 0; i < tr.n; i++) {
		const struct ct_node *nd = &tr.nodes[i];

		if (nd->parent < 0)
			tops++;
		/* Up from every line to the top, without a loop. */
		for (p = (int)i, steps = 0; tr.nodes[p].parent >= 0 &&
		    steps <= tr.n; steps++)
			p = tr.nodes[p].parent;
		ck_assert_msg(p == 0 && steps <= tr.n, "line %s is not under "
		    "the top", nd->pos);
		for (j = i + 1; j < tr.n; j++)
			ck_assert_msg(strcmp(nd->who, tr.nodes[j].who) != 0,
			    "%s twice: %s and %s", nd->who, nd->pos,
			    tr.nodes[j].pos);
		staff = fams = 0;
		for (j = 0; j < tr.n; j++)
			if (tr.nodes[j].parent == (int)i) {
				staff += tr.nodes[j].kind == CT_CALLER;
				fams += tr.nodes[j].kind == CT_FAMILY;
			}
		ck_assert_msg(staff <= tr.staff_limit, "%s calls %d staff",
		    nd->pos, staff);
		/* Over the limit given only where it had to be raised. */
		ck_assert_msg(fams <= tr.family_limit || fams <= used_limit,
		    "%s calls %d families", nd->pos, fams);
		over += fams > tr.family_limit;
		ck_assert_msg(!phones_same(nd->phone, nd->backup_phone),
		    "%s: the backup is the primary", nd->pos);
		ck_assert_msg(*nd->backup == '\0' || strcmp(nd->backup,
		    nd->who) != 0, "%s: backs itself up", nd->pos);
		if (nd->kind == CT_PARENT)
			ck_assert_int_eq(tr.nodes[nd->parent].kind, CT_FAMILY);
		if (nd->kind == CT_FAMILY)
			ck_assert_uint_gt(nd->nkids, 0);
		for (j = 0; j < nd->nkids; j++)
			idl_add(&got, nd->kids[j]);
	}
	ck_assert_uint_eq(tops, 1);
	ck_assert_int_lt(tr.nodes[0].parent, 0);
	ck_assert_int_eq(tr.nodes[0].kind, CT_CALLER);
	/* Every active child exactly once, and no other. */
	active(school, boarding, &want);
	i = got.n;
	idl_uniq(&got);
	ck_assert_msg(got.n == i, "%zu children on two lines", i - got.n);
	idl_uniq(&want);
	ck_assert_uint_eq(got.n, want.n);
	for (i = 0; i < want.n; i++)
		ck_assert_uint_eq(got.v[i], want.v[i]);
	/* And the core's own check agrees, telling each line over the limit. */
	ck_assert_int_eq(ct_validate(db, tree, &m, &cause), 0);
	ck_assert_msg(m.n == over, "ct_check: %zu problems, %zu lines over "
	    "the limit: %s", m.n, over, m.n > 0 ? m.v[0] : "");
	for (i = 0; i < m.n; i++)
		ck_assert_msg(strstr(m.v[i], "families, more than") != NULL,
		    "ct_check: %s", m.v[i]);
	ct_msgs_free(&m);
	ck_assert_uint_eq(tr.problems.n, over);
	ct_free(&tr);
	idl_free(&want);
	idl_free(&got);
}

/* The class teacher of a child's class (role and class), or 0. */
static uint32_t
class_teacher(struct txn *t, const struct rec *kid)
{
	struct idlist ids = { 0 };
	struct rec *st;
	uint32_t found = 0;
	char *roles;
	size_t i;

	ix_refs(t, IX_STAFF_SCHOOL, rec_ref(kid, CHILD_SCHOOL), &ids);
	for (i = 0; i < ids.n && found == 0; i++) {
		ck_assert_int_eq(rec_get(t, RT_STAFF, ids.v[i], &st), 0);
		roles = xasprintf(",%s,", rec_str(st, STAFF_ROLES));
		if (strstr(roles, ",class_teacher,") != NULL &&
		    strcmp(rec_str(st, STAFF_GRADE), rec_str(kid,
		    CHILD_GRADE)) == 0 && strcmp(rec_str(st, STAFF_CLASS),
		    rec_str(kid, CHILD_CLASS)) == 0)
			found = st->id;
		free(roles);
		rec_free(st);
	}
	idl_free(&ids);
	return found;
}

/*
 * A family whose children are all of one class with a class teacher is
 * called by her, unless she calls as many families as the limit.
 */
static void
assert_class_teachers(uint32_t tree)
{
	struct ct_tree tr;
	struct txn t;
	struct rec *kid;
	char *cause = NULL, who[32];
	uint32_t teacher;
	size_t i, j;
	int fams, k, under = 0;
	bool one_class;

	ck_assert_int_eq(ct_load(db, tree, &tr, &cause), 0);
	ck_assert_int_eq(txn_read(db, &t), 0);
	for (i = 0; i < tr.n; i++) {
		const struct ct_node *nd = &tr.nodes[i];
		char grade[16] = "", cls[16] = "";

		if (nd->kind != CT_FAMILY)
			continue;
		one_class = true;
		teacher = 0;
		for (j = 0; j < nd->nkids; j++) {
			ck_assert_int_eq(rec_get(&t, RT_CHILD, nd->kids[j],
			    &kid), 0);
			if (j == 0) {
				snprintf(grade, sizeof grade, "%s",
				    rec_str(kid, CHILD_GRADE));
				snprintf(cls, sizeof cls, "%s",
				    rec_str(kid, CHILD_CLASS));
				teacher = class_teacher(&t, kid);
			} else if (strcmp(grade, rec_str(kid, CHILD_GRADE)) !=
			    0 || strcmp(cls, rec_str(kid, CHILD_CLASS)) != 0)
				one_class = false;
			rec_free(kid);
		}
		if (!one_class || teacher == 0)
			continue;
		snprintf(who, sizeof who, "staff:%u", teacher);
		if (strcmp(tr.nodes[nd->parent].who, who) == 0) {
			under++;
			continue;
		}
		for (k = 0; k < (int)tr.n && strcmp(tr.nodes[k].who, who) != 0;
		    k++)
			;
		ck_assert_int_lt(k, (int)tr.n);
		fams = 0;
		for (j = 0; j < tr.n; j++)
			fams += tr.nodes[j].parent == k &&
			    tr.nodes[j].kind == CT_FAMILY;
		ck_assert_msg(fams >= used_limit, "%s is not called by its "
		    "class teacher %s, who calls %d families", nd->pos,
		    tr.nodes[k].pos, fams);
	}
	ck_assert_int_gt(under, 0);
	txn_end(&t);
	ct_free(&tr);
}

static void
sizes(size_t children, uint64_t seed)
{
	struct ct_genres res;
	uint32_t ids[64], tree;
	size_t n, i;

	demo(children, seed);
	n = schools(ids, 64);
	for (i = 0; i < n; i++) {
		tree = generate(ids[i], NULL, &res);
		ck_assert_int_eq(res.revision, 1);
		ck_assert_uint_eq(res.lost.n, 0);
		ck_assert_int_ge(res.family_limit, CT_FAMILY_LIMIT);
		assert_rules(tree, ids[i], false);
		assert_class_teachers(tree);
		ct_genres_free(&res);
	}
	tree = generate(0, NULL, &res);
	assert_rules(tree, 0, false);
	ct_genres_free(&res);
	tree = generate(ids[0], "village", &res);
	assert_rules(tree, ids[0], false);
	ct_genres_free(&res);
}

START_TEST(test_sizes_50)
{
	sizes(50, 1);
}
END_TEST

START_TEST(test_sizes_400)
{
	sizes(400, 2);
}
END_TEST

START_TEST(test_sizes_2000)
{
	struct ct_genres res;
	uint32_t ids[64], tree;

	sizes(2000, 3);
	schools(ids, 64);
	tree = generate(ids[0], "boarding", &res);
	assert_rules(tree, ids[0], true);
	ct_genres_free(&res);
}
END_TEST

/* Making again gives the same lines, one version on. */
START_TEST(test_regenerate_same)
{
	struct ct_genres res;
	struct ct_tree a, b;
	char *cause = NULL;
	uint32_t ids[4], tree;
	size_t i;

	demo(300, 5);
	schools(ids, 4);
	tree = generate(ids[0], NULL, &res);
	ct_genres_free(&res);
	ck_assert_int_eq(ct_load(db, tree, &a, &cause), 0);
	ck_assert_int_eq(ct_regenerate(db, tree, NULL, &res, &cause), 0);
	ck_assert_int_eq(res.revision, 2);
	ck_assert_uint_eq(res.tree, tree);
	ct_genres_free(&res);
	ck_assert_int_eq(ct_load(db, tree, &b, &cause), 0);
	ck_assert_uint_eq(a.n, b.n);
	for (i = 0; i < a.n; i++) {
		ck_assert_str_eq(a.nodes[i].pos, b.nodes[i].pos);
		ck_assert_str_eq(a.nodes[i].who, b.nodes[i].who);
		ck_assert_str_eq(a.nodes[i].backup_phone,
		    b.nodes[i].backup_phone);
	}
	ck_assert_int_eq(b.revision, 2);
	ct_free(&a);
	ct_free(&b);
}
END_TEST

/* Every printed position finds its line; nothing else finds one. */
START_TEST(test_find_pos)
{
	static const char *const bad[] = { "", "0", "01", "1.", ".1", "1..1",
	    "1.0", "2", "1.99", "9.9.9", "1a", "1.1.1.1.1.1.1.1.1.1.1" };
	struct ct_genres res;
	struct ct_tree tr;
	char *cause = NULL;
	uint32_t ids[4], tree;
	size_t i;

	demo(150, 7);
	schools(ids, 4);
	tree = generate(0, NULL, &res);
	ct_genres_free(&res);
	ck_assert_int_eq(ct_load(db, tree, &tr, &cause), 0);
	for (i = 0; i < tr.n; i++)
		ck_assert_int_eq(ct_find_pos(&tr, tr.nodes[i].pos), (int)i);
	for (i = 0; i < nitems(bad); i++)
		ck_assert_msg(ct_find_pos(&tr, bad[i]) == -1, "\"%s\" found",
		    bad[i]);
	ct_free(&tr);
}
END_TEST

/* ---- children no phone reaches ---- */

struct kid_arg {
	uint32_t	 school;
	bool		 with_contact;
	uint32_t	 child;
};

static int
kid_write(struct txn *t, void *arg, char **cause)
{
	struct kid_arg *a = arg;
	struct rec *c = rec_new(RT_CHILD), *p;
	int rc;

	rec_set(c, CHILD_NAME, a->with_contact ? "无电话" : "无联系人");
	rec_set(c, CHILD_SEX, "f");
	rec_set(c, CHILD_BIRTH, "2016-04-01");
	rec_set_ref(c, CHILD_SCHOOL, a->school);
	rec_set(c, CHILD_GRADE, "3");
	rec_set(c, CHILD_CLASS, "1");
	rec_set(c, CHILD_VILLAGE, "无名村");
	if ((rc = rec_put(t, c, cause)) != 0) {
		rec_free(c);
		return rc;
	}
	a->child = c->id;
	rec_free(c);
	if (!a->with_contact)
		return 0;
	p = rec_new(RT_CONTACT);
	rec_set(p, CONTACT_NAME, "李奶奶");
	if ((rc = rec_put(t, p, cause)) == 0)
		rc = link_add(t, a->child, p->id, "grandmother", 1, true, NULL,
		    cause);
	rec_free(p);
	return rc;
}

START_TEST(test_no_phone)
{
	struct kid_arg a1, a2;
	struct ct_genres res;
	struct ct_tree tr;
	char *cause = NULL;
	uint32_t ids[4], tree;
	size_t i, j, found = 0;

	demo(60, 11);
	schools(ids, 4);
	a1 = (struct kid_arg){ ids[0], true, 0 };
	a2 = (struct kid_arg){ ids[0], false, 0 };
	ck_assert_int_eq(db_write(db, kid_write, &a1, &cause), 0);
	ck_assert_int_eq(db_write(db, kid_write, &a2, &cause), 0);
	tree = generate(ids[0], NULL, &res);
	/* Both listed as problems, and both on a line of the tree. */
	ck_assert_uint_eq(res.problems.n, 2);
	ck_assert_uint_eq(res.home_visits, 2);
	ck_assert_ptr_nonnull(strstr(res.problems.v[0], "无电话"));
	ck_assert_ptr_nonnull(strstr(res.problems.v[1], "无联系人"));
	ct_genres_free(&res);
	assert_rules(tree, ids[0], false);
	ck_assert_int_eq(ct_load(db, tree, &tr, &cause), 0);
	for (i = 0; i < tr.n; i++)
		for (j = 0; j < tr.nodes[i].nkids; j++) {
			if (tr.nodes[i].kids[j] == a1.child) {
				ck_assert_int_eq(tr.nodes[i].kind, CT_FAMILY);
				ck_assert_str_eq(tr.nodes[i].phone, "");
				ck_assert_str_eq(tr.nodes[i].name, "李奶奶");
				found++;
			}
			if (tr.nodes[i].kids[j] == a2.child) {
				ck_assert_int_eq(tr.nodes[i].kind, CT_CALLER);
				found++;
			}
		}
	ck_assert_uint_eq(found, 2);
	ct_free(&tr);
}
END_TEST

/* Sets a staff member's name and phone. */
struct staff_arg {
	uint32_t	 staff;
	const char	*name;
	const char	*phone;
};

static int
staff_write(struct txn *t, void *arg, char **cause)
{
	struct staff_arg *a = arg;
	struct rec *r;
	int rc;

	if ((rc = rec_get(t, RT_STAFF, a->staff, &r)) != 0)
		return rc;
	if (a->name != NULL)
		rec_set(r, STAFF_NAME, a->name);
	rec_set(r, STAFF_PHONE, a->phone);
	rc = rec_put(t, r, cause);
	rec_free(r);
	return rc;
}

/* The staff id of the first caller line below the top. */
static uint32_t
first_caller(uint32_t tree, struct ct_tree *tr)
{
	char *cause = NULL;
	enum rtype type;
	uint32_t id = 0;
	size_t i;

	ck_assert_int_eq(ct_load(db, tree, tr, &cause), 0);
	for (i = 1; i < tr->n && id == 0; i++)
		if (tr->nodes[i].kind == CT_CALLER)
			ck_assert(person_parse(tr->nodes[i].who, &type, &id));
	ck_assert_uint_ne(id, 0);
	return id;
}

/* A staff line without a phone is a problem, on the sheet too. */
START_TEST(test_staff_no_phone)
{
	struct ct_print_opts o = { 80, 60, "2025-05-06" };
	struct ct_msgs m = { 0 };
	struct staff_arg a;
	struct ct_genres res;
	struct ct_tree tr;
	struct buf b = { 0 };
	char *cause = NULL, *want;
	uint32_t ids[4], tree;
	size_t i, hit = 0;

	demo(60, 11);
	schools(ids, 4);
	tree = generate(ids[0], NULL, &res);
	ct_genres_free(&res);
	a = (struct staff_arg){ first_caller(tree, &tr), NULL, "" };
	ct_free(&tr);
	ck_assert_int_eq(db_write(db, staff_write, &a, &cause), 0);
	tree = generate(ids[0], NULL, &res);
	ck_assert_ptr_nonnull(strstr(res.notes.v[0], "has no phone"));
	ct_genres_free(&res);
	ck_assert_int_eq(ct_validate(db, tree, &m, &cause), 0);
	for (i = 0; i < m.n; i++)
		hit += strstr(m.v[i], "staff without a phone") != NULL;
	ck_assert_uint_eq(hit, 1);
	ct_msgs_free(&m);
	ck_assert_int_eq(ct_load(db, tree, &tr, &cause), 0);
	ck_assert_uint_eq(tr.problems.n, 1);
	ct_print(&tr, &o, &b);
	for (i = 0; i < tr.n && *tr.nodes[i].phone != '\0'; i++)
		;
	ck_assert_uint_lt(i, tr.n);
	want = xasprintf("%s %s", tr.nodes[i].pos, tr.nodes[i].name);
	/* Its line says "no phone", and so does the problems page. */
	ck_assert_ptr_nonnull(strstr(strstr(b.s, want), "no phone"));
	ck_assert_ptr_nonnull(strstr(strstr(b.s, "Other problems to fix:"),
	    want));
	ck_assert_ptr_null(strstr(strstr(b.s, want), "home visit\n"));
	free(want);
	buf_free(&b);
	ct_free(&tr);
}
END_TEST

/* The limits given stay with the tree and hold after every change. */
START_TEST(test_limits_kept)
{
	struct ct_genopts go;
	struct ct_genres res;
	struct ct_msgs m = { 0 };
	struct ct_tree tr;
	char *cause = NULL;
	uint32_t ids[4], tree;
	size_t i, over = 0;
	int fam, caller, c, n;

	demo(400, 2);
	schools(ids, 4);
	memset(&go, 0, sizeof go);
	go.school = ids[0];
	go.family_limit = 2;
	ck_assert_int_eq(ct_generate(db, &go, &res, &cause), 0);
	tree = res.tree;
	/* Too few staff for 2 each: made anyway, and said. */
	ck_assert_int_gt(res.family_limit, 2);
	ck_assert_uint_gt(res.notes.n, 0);
	ct_genres_free(&res);
	ck_assert_int_eq(ct_load(db, tree, &tr, &cause), 0);
	ck_assert_int_eq(tr.family_limit, 2);
	for (i = 0; i < tr.n; i++) {
		for (n = 0, c = tr.nodes[i].first; c >= 0; c = tr.nodes[c].next)
			n += tr.nodes[c].kind == CT_FAMILY;
		over += n > 2;
	}
	ck_assert_uint_gt(over, 0);
	ck_assert_uint_eq(tr.problems.n, over);
	ck_assert_int_ne(ct_validate(db, tree, &m, &cause), -1);
	ck_assert_uint_eq(m.n, over);
	ck_assert_ptr_nonnull(strstr(m.v[0], "families, more than 2"));
	ct_msgs_free(&m);
	/* A family moved to a caller already at the limit is refused. */
	for (fam = -1, i = 0; i < tr.n && fam < 0; i++)
		if (tr.nodes[i].kind == CT_FAMILY)
			fam = (int)i;
	for (caller = -1, i = 0; i < tr.n && caller < 0; i++) {
		for (n = 0, c = tr.nodes[i].first; c >= 0; c = tr.nodes[c].next)
			n += tr.nodes[c].kind == CT_FAMILY;
		if (tr.nodes[i].kind == CT_CALLER && n >= 2 &&
		    (int)i != tr.nodes[fam].parent)
			caller = (int)i;
	}
	ck_assert_int_ge(caller, 0);
	ck_assert_int_ne(ct_move(db, tree, tr.revision, tr.nodes[fam].id,
	    tr.nodes[caller].id, &cause), 0);
	ck_assert_ptr_nonnull(strstr(cause, "more than 2 families"));
	free(cause);
	cause = NULL;
	/* After a change that is allowed, the problems are still told. */
	ck_assert_int_eq(ct_set_backup(db, tree, tr.revision, tr.nodes[fam].id,
	    NULL, "13800138000", &cause), 0);
	ct_free(&tr);
	ck_assert_int_eq(ct_load(db, tree, &tr, &cause), 0);
	ck_assert_uint_eq(tr.problems.n, over);
	ct_free(&tr);
}
END_TEST

/* A phone number is never cut; a long name ends with "…". */
START_TEST(test_phone_whole)
{
	struct ct_print_opts o = { 0, 60, "2025-05-06" };
	static const int widths[] = { 60, 80 };
	struct staff_arg a;
	struct ct_genres res;
	struct ct_tree tr;
	struct buf b = { 0 };
	char *cause = NULL, *line, *sp;
	uint32_t ids[4], tree;
	size_t i, k;

	demo(60, 11);
	schools(ids, 4);
	tree = generate(ids[0], NULL, &res);
	ct_genres_free(&res);
	a = (struct staff_arg){ first_caller(tree, &tr),
	    "欧阳诸葛司马上官慕容长孙东方皇甫令狐", "13869162555" };
	ct_free(&tr);
	ck_assert_int_eq(db_write(db, staff_write, &a, &cause), 0);
	tree = generate(ids[0], NULL, &res);
	ct_genres_free(&res);
	ck_assert_int_eq(ct_load(db, tree, &tr, &cause), 0);
	for (k = 0; k < nitems(widths); k++) {
		o.width = widths[k];
		ct_print(&tr, &o, &b);
		for (i = 0; i < tr.n; i++) {
			ck_assert_msg(strstr(b.s, tr.nodes[i].phone) != NULL,
			    "%d columns: %s cut", widths[k], tr.nodes[i].phone);
			ck_assert_ptr_nonnull(strstr(b.s,
			    tr.nodes[i].backup_phone));
		}
		line = strstr(b.s, "13869162555");
		ck_assert_ptr_nonnull(line);
		while (line > b.s && line[-1] != '\n')
			line--;
		ck_assert_msg(strstr(line, "\xe2\x80\xa6") != NULL &&
		    strstr(line, "\xe2\x80\xa6") < strstr(line,
		    "13869162555"), "no … before the phone: %.80s", line);
		for (line = strtok_r(b.s, "\n\f", &sp); line != NULL;
		    line = strtok_r(NULL, "\n\f", &sp))
			ck_assert_int_le(u_width(line), widths[k]);
		buf_free(&b);
	}
	ct_free(&tr);
}
END_TEST

/* A child who left: status graduated. */
static int
left_write(struct txn *t, void *arg, char **cause)
{
	uint32_t *child = arg;
	struct rec *c;
	int rc;

	if ((rc = rec_get(t, RT_CHILD, *child, &c)) != 0)
		return rc;
	rec_set(c, CHILD_STATUS, "graduated");
	rc = rec_put(t, c, cause);
	rec_free(c);
	return rc;
}

/* Children who have left are on no tree and get no card. */
START_TEST(test_left_out)
{
	struct ct_print_opts o = { 80, 60, "2025-05-06" };
	struct kid_arg a;
	struct ct_genres res;
	struct ct_msgs m = { 0 };
	struct print_doc doc;
	struct ct_tree tr;
	struct buf b = { 0 };
	struct posrec {
		uint32_t	 id;
		char		*pos;
	} *pos;
	char *cause = NULL, *left;
	uint32_t ids[4], tree;
	size_t i, j, before, npos;
	int k;

	demo(60, 11);
	schools(ids, 4);
	a = (struct kid_arg){ ids[0], true, 0 };
	ck_assert_int_eq(db_write(db, kid_write, &a, &cause), 0);
	tree = generate(ids[0], NULL, &res);
	before = res.children;
	ct_genres_free(&res);
	ck_assert_int_eq(ct_load(db, tree, &tr, &cause), 0);
	pos = xcalloc(tr.n, sizeof *pos);
	for (i = 0; i < tr.n; i++)
		pos[i] = (struct posrec){ tr.nodes[i].id,
		    xstrdup(tr.nodes[i].pos) };
	npos = tr.n;
	ct_free(&tr);
	ck_assert_int_eq(db_write(db, left_write, &a.child, &cause), 0);
	/*
	 * The tree made before leaves her out at once, with her family's
	 * line (hers alone), and says why: no rule is broken.
	 */
	ck_assert_int_eq(ct_validate(db, tree, &m, &cause), 0);
	ck_assert_uint_eq(m.n, 0);
	ck_assert_int_eq(ct_load(db, tree, &tr, &cause), 0);
	ck_assert_uint_eq(tr.nchildren, before - 1);
	ck_assert_uint_eq(tr.left.n, 1);
	ck_assert_ptr_nonnull(strstr(tr.left.v[0], "无电话"));
	ck_assert_ptr_nonnull(strstr(tr.left.v[0], "left school (graduated)"));
	ck_assert_uint_eq(tr.problems.n, 1);
	/* The other lines keep their positions: a sheet printed holds. */
	ck_assert_uint_eq(tr.n, npos - 1);
	for (i = 0, j = 0; i < npos; i++) {
		k = ct_find_node(&tr, pos[i].id);
		if (k < 0) {
			ck_assert_int_eq(ct_find_pos(&tr, pos[i].pos), -1);
			ck_assert_ptr_nonnull(strstr(tr.left.v[0],
			    pos[i].pos));
			j++;
		} else {
			ck_assert_str_eq(tr.nodes[k].pos, pos[i].pos);
			ck_assert_int_eq(ct_find_pos(&tr, pos[i].pos), k);
		}
		free(pos[i].pos);
	}
	free(pos);
	ck_assert_uint_eq(j, 1);
	for (i = 0; i < tr.n; i++) {
		ck_assert_str_ne(tr.nodes[i].name, "李奶奶");
		for (j = 0; j < tr.nodes[i].nkids; j++)
			ck_assert_uint_ne(tr.nodes[i].kids[j], a.child);
	}
	ct_print(&tr, &o, &b);
	/* Her name and her family's are on the problems page alone. */
	left = strstr(b.s, "Children who have left");
	ck_assert_ptr_nonnull(left);
	ck_assert_ptr_eq(strstr(b.s, "无电话"), strstr(left, "无电话"));
	ck_assert_ptr_eq(strstr(b.s, "李奶奶"), strstr(left, "李奶奶"));
	ck_assert_ptr_nonnull(strstr(left, "李奶奶"));
	buf_free(&b);
	ct_free(&tr);
	/* Back in school, she is on it again, on her family's line. */
	ck_assert_int_eq(child_set_status(db, a.child, "in_school", NULL, NULL,
	    false, &cause), 0);
	ck_assert_int_eq(ct_load(db, tree, &tr, &cause), 0);
	ck_assert_uint_eq(tr.nchildren, before);
	ck_assert_uint_eq(tr.left.n, 0);
	ct_free(&tr);
	ck_assert_int_eq(db_write(db, left_write, &a.child, &cause), 0);
	tree = generate(ids[0], NULL, &res);
	ck_assert_uint_eq(res.children, before - 1);
	ck_assert_uint_eq(res.problems.n, 0);
	ct_genres_free(&res);
	ck_assert_int_eq(ct_load(db, tree, &tr, &cause), 0);
	for (i = 0; i < tr.n; i++)
		for (j = 0; j < tr.nodes[i].nkids; j++)
			ck_assert_uint_ne(tr.nodes[i].kids[j], a.child);
	ct_print(&tr, &o, &b);
	ck_assert_ptr_null(strstr(b.s, "无电话"));
	buf_free(&b);
	ct_free(&tr);
	ck_assert_int_eq(cards_print(db, ids[0], "3", "1", &o, "2025-05-06",
	    &doc, &cause), 0);
	print_text(&doc, &b);
	print_doc_free(&doc);
	ck_assert_ptr_null(strstr(b.s, "无电话"));
	buf_free(&b);
}
END_TEST

/* A sibling who leaves comes off the line kept for the others. */
START_TEST(test_left_sibling)
{
	struct ct_genres res;
	struct ct_call calls[2];
	struct ct_msgs m = { 0 };
	struct ct_tree tr;
	char *cause = NULL;
	uint32_t ids[4], tree, node, kid, drill, drill2;
	size_t i, before;
	int k;

	demo(60, 11);
	schools(ids, 4);
	tree = generate(ids[0], NULL, &res);
	before = res.children;
	ct_genres_free(&res);
	ck_assert_int_eq(ct_load(db, tree, &tr, &cause), 0);
	for (i = 0; i < tr.n && (tr.nodes[i].kind != CT_FAMILY ||
	    tr.nodes[i].nkids < 2); i++)
		;
	ck_assert_uint_lt(i, tr.n);
	node = tr.nodes[i].id;
	kid = tr.nodes[i].kids[0];
	ct_free(&tr);
	ck_assert_int_eq(child_set_status(db, kid, "transferred", NULL, NULL,
	    true, &cause), 0);
	ck_assert_int_eq(ct_load(db, tree, &tr, &cause), 0);
	ck_assert_uint_eq(tr.nchildren, before - 1);
	ck_assert_int_ge(k = ct_find_node(&tr, node), 0);
	ck_assert_uint_eq(tr.nodes[k].nkids, 1);
	ck_assert_ptr_nonnull(strstr(tr.left.v[0], "left school "
	    "(transferred): removed from the tree"));
	/* A change to the line, written while he is away, keeps him. */
	ck_assert_int_eq(ct_set_backup(db, tree, tr.revision, node, NULL,
	    "13800138000", &cause), 0);
	ct_free(&tr);
	ck_assert_int_eq(child_set_status(db, kid, "in_school", NULL, NULL,
	    false, &cause), 0);
	ck_assert_int_eq(ct_load(db, tree, &tr, &cause), 0);
	ck_assert_uint_eq(tr.nchildren, before);
	ck_assert_int_ge(k = ct_find_node(&tr, node), 0);
	ck_assert_uint_eq(tr.nodes[k].nkids, 2);
	ck_assert_str_eq(tr.nodes[k].backup_phone, "13800138000");

	/*
	 * A family line with one child before another line of the same
	 * caller: drilled before she leaves, and after, from the sheet
	 * printed before (the next line keeps its number).
	 */
	for (i = 0; i < tr.n && (tr.nodes[i].kind != CT_FAMILY ||
	    tr.nodes[i].nkids != 1 || tr.nodes[i].next < 0); i++)
		;
	ck_assert_uint_lt(i, tr.n);
	kid = tr.nodes[i].kids[0];
	snprintf(calls[0].pos, sizeof calls[0].pos, "%s", tr.nodes[i].pos);
	snprintf(calls[1].pos, sizeof calls[1].pos, "%s",
	    tr.nodes[tr.nodes[i].next].pos);
	calls[0].outcome = calls[1].outcome = CT_REACHED;
	snprintf(calls[0].time, sizeof calls[0].time, "07:40");
	snprintf(calls[1].time, sizeof calls[1].time, "07:41");
	ck_assert_int_eq(ct_drill(db, tree, 0, "2025-05-06", "07:30", calls, 2,
	    &drill, &cause), 0);
	ct_free(&tr);
	ck_assert_int_eq(child_set_status(db, kid, "graduated", NULL, NULL,
	    true, &cause), 0);
	ck_assert_int_eq(ct_drill(db, tree, 0, "2025-05-07", "07:30",
	    &calls[1], 1, &drill2, &cause), 0);
	ck_assert_int_eq(ct_load(db, tree, &tr, &cause), 0);
	ck_assert_int_eq(ct_find_pos(&tr, calls[0].pos), -1);
	ck_assert_int_ge(ct_find_pos(&tr, calls[1].pos), 0);
	ct_free(&tr);
	ck_assert_int_eq(ct_drill(db, tree, 0, "2025-05-07", "07:30", calls, 1,
	    &drill2, &cause), SH_EINVAL);
	free(cause);
	cause = NULL;
	/* The drill before she left is reported as it was recorded. */
	ck_assert_int_eq(ct_report(db, tree, drill, &m, &cause), 0);
	ck_assert_ptr_nonnull(strstr(m.v[1], "Lines called: 2; reached: 2"));
	ct_msgs_free(&m);
}
END_TEST

/* Sets a contact's first phone. */
struct contact_arg {
	uint32_t	 contact;
	const char	*phone;
};

static int
contact_write(struct txn *t, void *arg, char **cause)
{
	struct contact_arg *a = arg;
	struct rec *r;
	int rc;

	if ((rc = rec_get(t, RT_CONTACT, a->contact, &r)) != 0)
		return rc;
	rec_set(r, contact_phone_field(0), a->phone);
	rc = rec_put(t, r, cause);
	rec_free(r);
	return rc;
}

static int
official_del(struct txn *t, void *arg, char **cause)
{
	return rec_del(t, RT_OFFICIAL, *(uint32_t *)arg, 0, cause);
}

/* How many of the messages hold what. */
static size_t
msgs_with(const struct ct_msgs *m, const char *what)
{
	size_t i, n = 0;

	for (i = 0; i < m->n; i++)
		n += strstr(m->v[i], what) != NULL;
	return n;
}

/*
 * Phones and names are the records' as they are now, without making
 * the tree again; a person no longer there keeps the numbers stored.
 */
START_TEST(test_current_records)
{
	struct ct_print_opts o = { 80, 60, "2025-05-06" };
	struct ct_msgs m = { 0 };
	struct contact_arg ca;
	struct staff_arg a;
	struct ct_genres res;
	struct ct_tree tr;
	struct buf b = { 0 };
	char *cause = NULL, *old, *line;
	enum rtype type;
	uint32_t ids[4], tree, staff, off;
	size_t i;
	int k, fam, backed;

	demo(60, 11);
	schools(ids, 4);
	tree = generate(ids[0], NULL, &res);
	ct_genres_free(&res);
	/* A staff caller who is another line's backup. */
	ck_assert_int_eq(ct_load(db, tree, &tr, &cause), 0);
	for (backed = -1, k = -1, i = 0; i < tr.n && k < 0; i++)
		if (strncmp(tr.nodes[i].backup, "staff:", 6) == 0) {
			backed = (int)tr.nodes[i].id;
			for (k = 0; strcmp(tr.nodes[k].who,
			    tr.nodes[i].backup) != 0; k++)
				;
		}
	ck_assert_int_ge(k, 0);
	ck_assert(person_parse(tr.nodes[k].who, &type, &staff));
	old = xstrdup(tr.nodes[k].phone);
	ck_assert_str_ne(old, "");
	ct_free(&tr);

	/* The phone taken off the record: the line, check, the sheet. */
	a = (struct staff_arg){ staff, NULL, "" };
	ck_assert_int_eq(db_write(db, staff_write, &a, &cause), 0);
	ck_assert_int_eq(ct_validate(db, tree, &m, &cause), 0);
	ck_assert_uint_eq(msgs_with(&m, "staff without a phone"), 1);
	ct_msgs_free(&m);
	ck_assert_int_eq(ct_load(db, tree, &tr, &cause), 0);
	ck_assert_str_eq(tr.nodes[k].phone, "");
	ck_assert_uint_eq(msgs_with(&tr.problems, "staff without a phone"), 1);
	ct_print(&tr, &o, &b);
	ck_assert_ptr_null(strstr(b.s, old));
	line = xasprintf("%s %s", tr.nodes[k].pos, tr.nodes[k].name);
	ck_assert_ptr_nonnull(strstr(strstr(b.s, "Other problems to fix:"),
	    line));
	free(line);
	buf_free(&b);
	fam = ct_find_node(&tr, (uint32_t)backed);
	ck_assert_str_eq(tr.nodes[fam].backup_phone, "");
	ct_free(&tr);

	/* A new number and name: shown, printed, and check is clean. */
	a = (struct staff_arg){ staff, "新名字", "13900001111" };
	ck_assert_int_eq(db_write(db, staff_write, &a, &cause), 0);
	ck_assert_int_eq(ct_validate(db, tree, &m, &cause), 0);
	ck_assert_uint_eq(m.n, 0);
	ck_assert_int_eq(ct_load(db, tree, &tr, &cause), 0);
	ck_assert_str_eq(tr.nodes[k].phone, "13900001111");
	ck_assert_str_eq(tr.nodes[k].name, "新名字");
	ck_assert_uint_eq(tr.problems.n, 0);
	fam = ct_find_node(&tr, (uint32_t)backed);
	ck_assert_str_eq(tr.nodes[fam].backup_name, "新名字");
	ck_assert_str_eq(tr.nodes[fam].backup_phone, "13900001111");
	ct_print(&tr, &o, &b);
	ck_assert_ptr_nonnull(strstr(b.s, "13900001111"));
	ck_assert_ptr_null(strstr(b.s, old));
	buf_free(&b);

	/* A family's new number. */
	for (fam = 0; tr.nodes[fam].kind != CT_FAMILY; fam++)
		;
	ck_assert(person_parse(tr.nodes[fam].who, &type, &ca.contact));
	ca.phone = "13700002222";
	ct_free(&tr);
	ck_assert_int_eq(db_write(db, contact_write, &ca, &cause), 0);
	ck_assert_int_eq(ct_load(db, tree, &tr, &cause), 0);
	ck_assert_str_eq(tr.nodes[fam].phone, "13700002222");
	/* An official no longer in the records: the numbers stored stay. */
	for (k = 0; tr.nodes[k].kind != CT_OFFICIAL; k++)
		;
	ck_assert(person_parse(tr.nodes[k].who, &type, &off));
	free(old);
	old = xstrdup(tr.nodes[k].phone);
	ck_assert_str_ne(old, "");
	ct_free(&tr);
	ck_assert_int_eq(db_write(db, official_del, &off, &cause), 0);
	ck_assert_int_eq(ct_load(db, tree, &tr, &cause), 0);
	ck_assert_str_eq(tr.nodes[k].phone, old);
	ck_assert_uint_eq(msgs_with(&tr.problems, "no longer in the records"),
	    1);
	ct_free(&tr);
	free(old);
}
END_TEST

/* ---- changes by hand ---- */

/* A family line and a staff caller other than its own, with room. */
static void
pick(const struct ct_tree *tr, int *fam, int *caller)
{
	size_t i;
	int c, n;

	*fam = *caller = -1;
	for (i = 0; i < tr->n && *fam < 0; i++)
		if (tr->nodes[i].kind == CT_FAMILY)
			*fam = (int)i;
	for (i = tr->n; i-- > 0 && *caller < 0;) {
		if (tr->nodes[i].kind != CT_CALLER ||
		    (int)i == tr->nodes[*fam].parent)
			continue;
		for (n = 0, c = tr->nodes[i].first; c >= 0;
		    c = tr->nodes[c].next)
			n += tr->nodes[c].kind == CT_FAMILY;
		if (n < tr->family_limit)
			*caller = (int)i;
	}
	ck_assert_int_ge(*fam, 0);
	ck_assert_int_ge(*caller, 0);
}

static uint32_t
an_official(const char *kind)
{
	struct rec_iter it;
	struct rec *o;
	struct txn t;
	uint32_t id = 0;

	ck_assert_int_eq(txn_read(db, &t), 0);
	rec_iter_start(&t, RT_OFFICIAL, &it);
	while ((o = rec_iter_next(&it)) != NULL) {
		if (id == 0 && strcmp(rec_str(o, OFFICIAL_KIND), kind) == 0)
			id = o->id;
		rec_free(o);
	}
	rec_iter_end(&it);
	txn_end(&t);
	ck_assert_uint_ne(id, 0);
	return id;
}

static size_t
edits(uint32_t tree)
{
	struct idlist l = { 0 };
	struct txn t;
	size_t n;

	ck_assert_int_eq(txn_read(db, &t), 0);
	ix_refs(&t, IX_EDIT_TREE, tree, &l);
	txn_end(&t);
	n = l.n;
	idl_free(&l);
	return n;
}

START_TEST(test_edits)
{
	struct ct_genres res;
	struct ct_tree tr;
	char *cause = NULL, *fam_who, *caller_who, *off;
	uint32_t ids[4], tree, fam_id, caller_id, top_id;
	int f, c, k, rev;

	demo(200, 21);
	schools(ids, 4);
	tree = generate(ids[0], NULL, &res);
	ct_genres_free(&res);
	ck_assert_int_eq(ct_load(db, tree, &tr, &cause), 0);
	pick(&tr, &f, &c);
	fam_id = tr.nodes[f].id;
	caller_id = tr.nodes[c].id;
	top_id = tr.nodes[0].id;
	fam_who = xstrdup(tr.nodes[f].who);
	caller_who = xstrdup(tr.nodes[c].who);
	rev = tr.revision;
	ct_free(&tr);

	/* Refused: a stale version, the top, a loop. */
	ck_assert_int_eq(ct_move(db, tree, rev + 7, fam_id, caller_id,
	    &cause), SH_ECONFLICT);
	ck_assert_int_eq(ct_move(db, tree, rev, top_id, caller_id, &cause),
	    SH_EINVAL);
	ck_assert_int_eq(ct_move(db, tree, rev, top_id, top_id, &cause),
	    SH_EINVAL);
	ck_assert_int_eq(ct_load(db, tree, &tr, &cause), 0);
	ck_assert_int_eq(tr.revision, rev);
	k = ct_find_node(&tr, caller_id);
	ck_assert_int_eq(ct_move(db, tree, rev, tr.nodes[k].parent >= 0 ?
	    tr.nodes[tr.nodes[k].parent].id : caller_id, caller_id, &cause),
	    SH_EINVAL);
	ct_free(&tr);

	/* A move, a backup, an official added: each a new version. */
	ck_assert_msg(ct_move(db, tree, rev, fam_id, caller_id, &cause) == 0,
	    "move: %s", cause);
	ck_assert_int_eq(ct_set_backup(db, tree, rev + 1, fam_id, NULL,
	    "139 0000 1111", &cause), 0);
	ck_assert_int_eq(ct_set_backup(db, tree, 0, caller_id, caller_who,
	    NULL, &cause), SH_EINVAL);	/* staff have one phone */
	off = person_make(RT_OFFICIAL, an_official("director"));
	ck_assert_msg(ct_add(db, tree, rev + 2, caller_id, off, &cause) == 0,
	    "add: %s", cause);
	ck_assert_int_eq(ct_add(db, tree, 0, caller_id, off, &cause),
	    SH_EINVAL);	/* nobody twice */
	ck_assert_uint_eq(edits(tree), 3);
	ck_assert_int_eq(ct_load(db, tree, &tr, &cause), 0);
	ck_assert_int_eq(tr.revision, rev + 3);
	f = ct_find_node(&tr, fam_id);
	ck_assert_str_eq(tr.nodes[tr.nodes[f].parent].who, caller_who);
	ck_assert_str_eq(tr.nodes[f].backup_phone, "13900001111");
	ct_free(&tr);
	assert_rules(tree, ids[0], false);

	/* Made again: the changes by hand are kept. */
	ck_assert_int_eq(ct_regenerate(db, tree, NULL, &res, &cause), 0);
	ck_assert_uint_eq(res.lost.n, 0);
	ct_genres_free(&res);
	ck_assert_int_eq(ct_load(db, tree, &tr, &cause), 0);
	f = -1;
	for (k = 0; k < (int)tr.n; k++)
		if (strcmp(tr.nodes[k].who, fam_who) == 0)
			f = k;
	ck_assert_int_ge(f, 0);
	ck_assert_str_eq(tr.nodes[tr.nodes[f].parent].who, caller_who);
	ck_assert_str_eq(tr.nodes[f].backup_phone, "13900001111");
	for (k = 0; k < (int)tr.n && strcmp(tr.nodes[k].who, off) != 0; k++)
		;
	ck_assert_int_lt(k, (int)tr.n);
	ck_assert_str_eq(tr.nodes[tr.nodes[k].parent].who, caller_who);
	ct_free(&tr);
	assert_rules(tree, ids[0], false);
	free(fam_who);
	free(caller_who);
	free(off);
	free(cause);
}
END_TEST

/* A change about a family no longer in the tree is reported, deleted. */
struct status_arg {
	uint32_t	 child;
};

static int
leave_write(struct txn *t, void *arg, char **cause)
{
	struct status_arg *a = arg;
	struct rec *c;
	int rc;

	if ((rc = rec_get(t, RT_CHILD, a->child, &c)) != 0)
		return rc;
	rec_set(c, CHILD_STATUS, "transferred");
	rc = rec_put(t, c, cause);
	rec_free(c);
	return rc;
}

START_TEST(test_edit_lost)
{
	struct ct_genres res;
	struct ct_tree tr;
	struct status_arg a;
	char *cause = NULL;
	uint32_t ids[4], tree;
	int f, c;

	demo(200, 22);
	schools(ids, 4);
	tree = generate(ids[0], NULL, &res);
	ct_genres_free(&res);
	ck_assert_int_eq(ct_load(db, tree, &tr, &cause), 0);
	/* A family of one child, moved; then the child leaves. */
	for (f = 0; f < (int)tr.n && (tr.nodes[f].kind != CT_FAMILY ||
	    tr.nodes[f].nkids != 1); f++)
		;
	ck_assert_int_lt(f, (int)tr.n);
	pick(&tr, &f, &c);
	for (f = 0; f < (int)tr.n && (tr.nodes[f].kind != CT_FAMILY ||
	    tr.nodes[f].nkids != 1 || tr.nodes[f].parent == c); f++)
		;
	ck_assert_int_eq(ct_move(db, tree, 0, tr.nodes[f].id, tr.nodes[c].id,
	    &cause), 0);
	a.child = tr.nodes[f].kids[0];
	ct_free(&tr);
	ck_assert_int_eq(db_write(db, leave_write, &a, &cause), 0);
	ck_assert_uint_eq(edits(tree), 1);
	ck_assert_int_eq(ct_regenerate(db, tree, NULL, &res, &cause), 0);
	ck_assert_uint_eq(res.lost.n, 1);
	ck_assert_ptr_nonnull(strstr(res.lost.v[0], "no longer in the tree"));
	ct_genres_free(&res);
	ck_assert_uint_eq(edits(tree), 0);
	assert_rules(tree, ids[0], false);
}
END_TEST

/* A line whose person was deleted does not stop other changes. */
struct gone_arg {
	uint32_t	 contact;
};

static int
gone_write(struct txn *t, void *arg, char **cause)
{
	struct gone_arg *a = arg;

	return contact_delete(t, a->contact, 0, cause);
}

START_TEST(test_edit_old_problem)
{
	struct ct_genres res;
	struct ct_msgs m = { 0 };
	struct ct_tree tr;
	struct gone_arg a;
	enum rtype type;
	char *cause = NULL, *old_pos;
	uint32_t ids[4], tree, f_id, g_id, c_id;
	int f, g, c, k, n;
	size_t i;

	demo(200, 24);
	schools(ids, 4);
	tree = generate(ids[0], NULL, &res);
	ct_genres_free(&res);
	ck_assert_int_eq(ct_load(db, tree, &tr, &cause), 0);
	/* Two families called one after the other, and another caller. */
	for (f = 0; f < (int)tr.n && (tr.nodes[f].kind != CT_FAMILY ||
	    tr.nodes[f].next < 0 ||
	    tr.nodes[tr.nodes[f].next].kind != CT_FAMILY); f++)
		;
	ck_assert_int_lt(f, (int)tr.n);
	g = tr.nodes[f].next;
	for (c = (int)tr.n - 1; c >= 0; c--) {
		if (tr.nodes[c].kind != CT_CALLER || c == tr.nodes[f].parent)
			continue;
		for (n = 0, k = tr.nodes[c].first; k >= 0;
		    k = tr.nodes[k].next)
			n += tr.nodes[k].kind == CT_FAMILY;
		if (n < tr.family_limit)
			break;
	}
	ck_assert_int_ge(c, 0);
	f_id = tr.nodes[f].id;
	g_id = tr.nodes[g].id;
	c_id = tr.nodes[c].id;
	old_pos = xstrdup(tr.nodes[g].pos);
	ck_assert(person_parse(tr.nodes[g].who, &type, &a.contact));
	ct_free(&tr);

	/* The second family's person is deleted: the tree has a problem. */
	ck_assert_int_eq(db_write(db, gone_write, &a, &cause), 0);
	ck_assert_int_eq(ct_validate(db, tree, &m, &cause), 0);
	for (i = 0; i < m.n && strstr(m.v[i], "no longer in the records") ==
	    NULL; i++)
		;
	ck_assert_uint_lt(i, m.n);
	ct_msgs_free(&m);

	/* Moving the first renumbers the second: the move is still made. */
	ck_assert_msg(ct_move(db, tree, 0, f_id, c_id, &cause) == 0,
	    "move refused: %s", cause);
	ck_assert_int_eq(ct_load(db, tree, &tr, &cause), 0);
	f = ct_find_node(&tr, f_id);
	g = ct_find_node(&tr, g_id);
	ck_assert_uint_eq(tr.nodes[tr.nodes[f].parent].id, c_id);
	ck_assert_str_ne(tr.nodes[g].pos, old_pos);
	ct_free(&tr);
	/* And so is a change of the line with the problem itself. */
	ck_assert_msg(ct_set_backup(db, tree, 0, g_id, NULL, "139 0000 2222",
	    &cause) == 0, "backup refused: %s", cause);
	free(old_pos);
	free(cause);
}
END_TEST

/* ---- drills ---- */

static struct rec *
contact(uint32_t id)
{
	struct rec *r;
	struct txn t;

	ck_assert_int_eq(txn_read(db, &t), 0);
	ck_assert_int_eq(rec_get(&t, RT_CONTACT, id, &r), 0);
	txn_end(&t);
	return r;
}

static bool
to_verify(uint32_t id)
{
	struct idlist l = { 0 };
	struct txn t;
	bool has;

	ck_assert_int_eq(txn_read(db, &t), 0);
	ix_scan(&t, IX_TO_VERIFY, "", 0, &l);
	txn_end(&t);
	idl_uniq(&l);
	has = idl_has(&l, id);
	idl_free(&l);
	return has;
}

START_TEST(test_drill)
{
	struct ct_genres res;
	struct ct_tree tr;
	struct ct_call calls[4];
	struct ct_msgs m = { 0 };
	struct rec *c;
	char *cause = NULL;
	uint32_t ids[4], tree, drill, who, backup;
	enum rtype type;
	size_t i;
	int f;

	demo(100, 31);
	schools(ids, 4);
	tree = generate(ids[0], NULL, &res);
	ct_genres_free(&res);
	ck_assert_int_eq(ct_load(db, tree, &tr, &cause), 0);
	for (f = 0; f < (int)tr.n && (tr.nodes[f].kind != CT_FAMILY ||
	    !str_startswith(tr.nodes[f].backup, "contact:")); f++)
		;
	ck_assert_int_lt(f, (int)tr.n);
	ck_assert(person_parse(tr.nodes[f].who, &type, &who));
	ck_assert(person_parse(tr.nodes[f].backup, &type, &backup));
	ck_assert_int_eq(ct_call_parse("1=7:30", &calls[0], &cause), 0);
	ck_assert_str_eq(calls[0].time, "07:30");
	ck_assert_int_eq(ct_call_parse(" 1.1 = b:07:41", &calls[1], &cause),
	    0);
	ck_assert_int_eq(calls[1].outcome, CT_BY_BACKUP);
	ck_assert_str_eq(calls[1].pos, "1.1");
	ck_assert_int_ne(ct_call_parse("1.1=25:00", &calls[2], &cause), 0);
	ck_assert_int_ne(ct_call_parse("a.b=x", &calls[2], &cause), 0);
	ck_assert_int_ne(ct_call_parse("1.1", &calls[2], &cause), 0);
	snprintf(calls[2].pos, sizeof calls[2].pos, "%s", tr.nodes[f].pos);
	calls[2].outcome = CT_NOT_REACHED;
	calls[2].time[0] = '\0';
	ck_assert_int_eq(ct_drill(db, tree, tr.revision, "2025-05-06",
	    "07:30", calls, 3, &drill, &cause), 0);
	ck_assert_uint_ne(drill, 0);
	/* Both numbers of the family not reached are to verify. */
	ck_assert(to_verify(who));
	ck_assert(to_verify(backup));
	c = contact(who);
	for (i = 0; i < CONTACT_PHONES; i++)
		if (strcmp(rec_str(c, contact_phone_field((int)i)),
		    tr.nodes[f].phone) == 0)
			ck_assert_str_eq(rec_str(c, contact_failed_field(
			    (int)i)), "2025-05-06");
	rec_free(c);
	ck_assert_int_eq(ct_report(db, tree, 0, &m, &cause), 0);
	ck_assert_ptr_nonnull(strstr(m.v[1], "Lines called: 3; reached: 2 "
	    "(1 through the backup); not reached: 1."));
	for (i = 0; i < m.n && strstr(m.v[i], tr.nodes[f].phone) == NULL;
	    i++)
		;
	ck_assert_uint_lt(i, m.n);
	ct_msgs_free(&m);

	/* A later drill that reaches the family: verified, no longer failed. */
	calls[2].outcome = CT_REACHED;
	snprintf(calls[2].time, sizeof calls[2].time, "08:05");
	ck_assert_int_eq(ct_drill(db, tree, 0, "2025-06-01", "07:55",
	    &calls[2], 1, &drill, &cause), 0);
	ck_assert(!to_verify(who));
	ck_assert(to_verify(backup));	/* not called this time */
	c = contact(who);
	for (i = 0; i < CONTACT_PHONES; i++)
		if (strcmp(rec_str(c, contact_phone_field((int)i)),
		    tr.nodes[f].phone) == 0)
			/* The drill's date, or a later one already kept. */
			ck_assert_str_ge(rec_str(c, contact_verified_field(
			    (int)i)), "2025-06-01");
	rec_free(c);
	/* Refused: an unknown line, a line twice. */
	snprintf(calls[3].pos, sizeof calls[3].pos, "9.9.9");
	calls[3].outcome = CT_NOT_REACHED;
	ck_assert_int_eq(ct_drill(db, tree, 0, "2025-06-02", "07:00",
	    &calls[3], 1, &drill, &cause), SH_EINVAL);
	ck_assert_int_eq(ct_drill(db, tree, 0, "2025-06-02", "07:00", calls,
	    1, &drill, &cause), 0);
	ct_free(&tr);
	free(cause);
}
END_TEST

/* ---- the printed sheet ---- */

static void
check_sheet(const struct ct_tree *tr, int width, int page_lines)
{
	struct ct_print_opts o = { width, page_lines, "2025-05-06" };
	struct buf b = { 0 };
	char *text, *page, *line, *sp, *sl, want[32];
	int pages = 0, npages, lines;
	size_t kids = 0, i;

	ct_print(tr, &o, &b);
	text = buf_take(&b);
	for (npages = 1, i = 0; text[i] != '\0'; i++)
		npages += text[i] == '\f';
	for (page = strtok_r(text, "\f", &sp); page != NULL;
	    page = strtok_r(NULL, "\f", &sp)) {
		pages++;
		lines = 0;
		snprintf(want, sizeof want, "page %d/%d", pages, npages);
		ck_assert_msg(strstr(page, want) != NULL, "no \"%s\"", want);
		for (line = strtok_r(page, "\n", &sl); line != NULL;
		    line = strtok_r(NULL, "\n", &sl)) {
			lines++;
			ck_assert_msg(u_width(line) <= width, "%d columns: %s",
			    u_width(line), line);
			if (strstr(line, "(grade ") != NULL ||
			    strstr(line, "(junior ") != NULL)
				kids++;
		}
		ck_assert_int_le(lines, page_lines);
	}
	ck_assert_int_eq(pages, npages);
	ck_assert_uint_ge(kids, 1);
	free(text);
}

START_TEST(test_print)
{
	struct ct_genres res;
	struct ct_tree tr;
	struct buf b = { 0 };
	struct ct_print_opts o = { 80, -1, "2025-05-06" };
	char *cause = NULL;
	uint32_t ids[4], tree;
	size_t i;

	demo(400, 41);
	schools(ids, 4);
	tree = generate(ids[0], NULL, &res);
	ct_genres_free(&res);
	ck_assert_int_eq(ct_load(db, tree, &tr, &cause), 0);
	check_sheet(&tr, 80, 60);
	check_sheet(&tr, 60, 20);
	check_sheet(&tr, 132, 66);
	/* On a screen: no pages, every line there. */
	ct_print(&tr, &o, &b);
	ck_assert_ptr_null(strchr(b.s, '\f'));
	for (i = 0; i < tr.n; i++)
		ck_assert_ptr_nonnull(strstr(b.s, tr.nodes[i].pos));
	ck_assert_ptr_null(strstr(b.s, "43052"));	/* no ID numbers */
	buf_free(&b);
	ct_free(&tr);
}
END_TEST

START_TEST(test_cards)
{
	struct ct_print_opts o = { 60, 40, "2025-05-06" };
	struct print_doc doc;
	struct buf b = { 0 };
	char *cause = NULL, *line, *sp;
	uint32_t ids[4];

	demo(80, 51);
	schools(ids, 4);
	ck_assert_int_eq(cards_print(db, ids[0], "1", "1", &o, "2025-05-06",
	    &doc, &cause), 0);
	print_text(&doc, &b);
	print_doc_free(&doc);
	ck_assert_ptr_nonnull(strstr(b.s, "Contact card: "));
	for (line = strtok_r(b.s, "\n\f", &sp); line != NULL;
	    line = strtok_r(NULL, "\n\f", &sp))
		ck_assert_int_le(u_width(line), 60);
	buf_free(&b);
	ck_assert_int_ne(cards_print(db, ids[0], "9", "99", &o, NULL, &doc,
	    &cause), 0);
	free(cause);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("calltree");
	TCase *tc = tcase_create("calltree");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_sizes_50);
	tcase_add_test(tc, test_sizes_400);
	tcase_add_test(tc, test_sizes_2000);
	tcase_add_test(tc, test_regenerate_same);
	tcase_add_test(tc, test_find_pos);
	tcase_add_test(tc, test_no_phone);
	tcase_add_test(tc, test_staff_no_phone);
	tcase_add_test(tc, test_limits_kept);
	tcase_add_test(tc, test_phone_whole);
	tcase_add_test(tc, test_left_out);
	tcase_add_test(tc, test_left_sibling);
	tcase_add_test(tc, test_current_records);
	tcase_add_test(tc, test_edits);
	tcase_add_test(tc, test_edit_lost);
	tcase_add_test(tc, test_edit_old_problem);
	tcase_add_test(tc, test_drill);
	tcase_add_test(tc, test_print);
	tcase_add_test(tc, test_cards);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run(suite());
}
