/*
 * Unit tests of the access rules on a small demo township: each role
 * sees exactly its children (in reads, lists and counts), private fields
 * are shown to the roles that need them only, an unknown login is
 * refused once logins are linked, and a database without any linked
 * login lets everyone do everything.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "demo.h"
#include "model.h"
#include "rec.h"
#include "store.h"
#include "testutil.h"
#include "util.h"

static char *dir;
static struct db *db;
static char today[11];

static void
setup(void)
{
	struct demo_opts o = { .children = 80, .seed = 5 };
	struct demo_result res;
	char *cause = NULL;

	db = tu_db_new(&dir);
	date_today(today);
	ck_assert_msg(demo_fill(db, &o, &res, &cause) == 0, "demo: %s", cause);
}

static void
teardown(void)
{
	access_end();
	tu_db_drop(&db, &dir);
}

/* Gives staff member staff the login (and roles, when not NULL). */
static void
link_login(uint32_t staff, const char *login, const char *roles)
{
	tu_link_login(db, staff, login, roles);
}

/* Acts as login from now on; returns what access_begin returned. */
static int
act_as(const char *login)
{
	return tu_act_as(db, login, today);
}

/* The first staff member whose roles are exactly roles. */
static uint32_t
staff_with(const char *roles, struct rec **out)
{
	return tu_staff_with(db, roles, out);
}

/* The children rec_get lets the actor read, and all of them. */
static void
readable(struct idlist *seen, struct idlist *all)
{
	struct rec_iter it;
	struct rec *c, *r;
	struct txn t;

	ck_assert_int_eq(txn_read(db, &t), 0);
	rec_iter_start(&t, RT_CHILD, &it);
	while ((c = rec_iter_next(&it)) != NULL) {
		if (all != NULL)
			idl_add(all, c->id);
		if (rec_get(&t, RT_CHILD, c->id, &r) == 0) {
			idl_add(seen, c->id);
			ck_assert(access_child(c->id));
			rec_free(r);
		} else
			ck_assert(!access_child(c->id));
		rec_free(c);
	}
	rec_iter_end(&it);
	txn_end(&t);
}

static bool
same(const struct idlist *a, const struct idlist *b)
{
	return a->n == b->n && (a->n == 0 ||
	    memcmp(a->v, b->v, a->n * sizeof *a->v) == 0);
}

START_TEST(nobody_linked_sees_everything)
{
	struct idlist seen = { 0 }, all = { 0 };

	ck_assert_int_eq(act_as("somebody"), 0);
	ck_assert(!access_enforced());
	ck_assert(access_admin());
	readable(&seen, &all);
	ck_assert_uint_gt(all.n, 0);
	ck_assert(same(&seen, &all));
	ck_assert(access_private(all.v[0]));
	idl_free(&seen);
	idl_free(&all);
}
END_TEST

START_TEST(each_role_sees_its_children)
{
	struct idlist seen = { 0 }, want = { 0 }, all = { 0 }, other = { 0 };
	struct idlist first = { 0 }, more = { 0 };
	struct rec *ct, *mentor, *principal, *r;
	uint32_t school, id;
	struct txn t;
	size_t i;

	id = staff_with("class_teacher,mentor", &ct);
	link_login(id, "teacher", "class_teacher");
	id = staff_with("principal,leader", &principal);
	link_login(id, "head", NULL);
	id = staff_with("mentor", &mentor);
	link_login(id, "mentor", NULL);
	school = rec_ref(ct, STAFF_SCHOOL);

	/* The class teacher: her class, private fields too. */
	ck_assert_int_eq(txn_read(db, &t), 0);
	children_of_class(&t, school, rec_str(ct, STAFF_GRADE),
	    rec_str(ct, STAFF_CLASS), &want);
	txn_end(&t);
	idl_uniq(&want);
	ck_assert_uint_gt(want.n, 0);
	ck_assert_int_eq(act_as("teacher"), 0);
	ck_assert(access_enforced());
	ck_assert(!access_admin());
	readable(&seen, &all);
	ck_assert(same(&seen, &want));
	ck_assert(access_private(want.v[0]));
	ck_assert_uint_lt(seen.n, all.n);

	/* The mentor: his mentees, without their private fields. */
	idl_free(&seen);
	idl_free(&want);
	access_end();
	ck_assert_int_eq(txn_read(db, &t), 0);
	staff_mentees(&t, mentor->id, today, &want);
	txn_end(&t);
	ck_assert_int_eq(act_as("mentor"), 0);
	readable(&seen, NULL);
	ck_assert(same(&seen, &want));
	for (i = 0; i < want.n; i++)
		ck_assert(!access_private(want.v[i]));
	ck_assert_int_eq(txn_read(db, &t), 0);
	ck_assert_uint_eq(staff_caseload(&t, mentor->id, today), want.n);
	/* Searching finds none of the others, even by their exact name. */
	for (i = 0; i < all.n; i++) {
		if (idl_has(&want, all.v[i]) || rec_get(&t, RT_CHILD,
		    all.v[i], &r) != SH_EPERM)
			continue;
		break;
	}
	ck_assert_uint_lt(i, all.n);
	access_end();
	ck_assert_int_eq(rec_get(&t, RT_CHILD, all.v[i], &r), 0);
	search_children(&t, rec_title(r), &first, &more);
	ck_assert(idl_has(&first, all.v[i]));
	idl_free(&first);
	idl_free(&more);
	txn_end(&t);
	ck_assert_int_eq(act_as("mentor"), 0);
	ck_assert_int_eq(txn_read(db, &t), 0);
	search_children(&t, rec_title(r), &first, &more);
	ck_assert(!idl_has(&first, all.v[i]) && !idl_has(&more, all.v[i]));
	idl_free(&first);
	idl_free(&more);
	rec_free(r);
	/* Another mentor's caseload counts only what he may see. */
	ck_assert_uint_eq(staff_caseload(&t, ct->id, today), 0);
	txn_end(&t);

	/* The principal: the whole school, private fields too. */
	idl_free(&seen);
	idl_free(&want);
	access_end();
	ck_assert_int_eq(txn_read(db, &t), 0);
	children_of_class(&t, rec_ref(principal, STAFF_SCHOOL), NULL, NULL,
	    &want);
	txn_end(&t);
	idl_uniq(&want);
	ck_assert_int_eq(act_as("head"), 0);
	readable(&seen, NULL);
	ck_assert(same(&seen, &want));
	ck_assert(access_private(want.v[0]));
	ck_assert(access_school_lead(rec_ref(principal, STAFF_SCHOOL)));

	/* A child of another school is refused by rec_get. */
	for (i = 0; i < all.n; i++)
		if (!idl_has(&want, all.v[i]))
			idl_add(&other, all.v[i]);
	if (other.n > 0) {
		ck_assert_int_eq(txn_read(db, &t), 0);
		ck_assert_int_eq(rec_get(&t, RT_CHILD, other.v[0], &r),
		    SH_EPERM);
		txn_end(&t);
	}

	rec_free(ct);
	rec_free(mentor);
	rec_free(principal);
	idl_free(&seen);
	idl_free(&want);
	idl_free(&all);
	idl_free(&other);
}
END_TEST

/* The actor reads a record but may not change this field to value. */
static void
refused_change(enum rtype type, uint32_t id, int field, const char *value)
{
	struct rec *r;
	struct txn t;
	char *cause = NULL;

	ck_assert_int_eq(txn_read(db, &t), 0);
	ck_assert_int_eq(rec_get(&t, type, id, &r), 0);
	txn_end(&t);
	rec_set(r, field, value);
	ck_assert_int_eq(rec_save(db, r, &cause), SH_EPERM);
	free(cause);
	rec_free(r);
}

START_TEST(unknown_login_refused_roles_kept)
{
	struct rec *m;
	uint32_t id;

	id = staff_with("mentor", &m);
	link_login(id, "mentor", NULL);
	ck_assert_int_eq(act_as("stranger"), SH_EPERM);
	ck_assert_int_eq(act_as("mentor"), 0);
	/* A mentor may not give himself more roles, nor a login. */
	refused_change(RT_STAFF, id, STAFF_ROLES, "administrator");
	rec_free(m);
	/* The supervisor reads every school; private fields stay masked. */
	id = staff_with("principal,leader", &m);
	link_login(id, "super", "supervisor");
	ck_assert_int_eq(act_as("super"), 0);
	ck_assert(access_child(1));
	ck_assert(!access_private(1));
	ck_assert(!access_admin());
	/* ... and only reads. */
	refused_change(RT_CHILD, 1, CHILD_VILLAGE, "别的村");
	rec_free(m);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("access");
	TCase *tc = tcase_create("roles");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, nobody_linked_sees_everything);
	tcase_add_test(tc, each_role_sees_its_children);
	tcase_add_test(tc, unknown_login_refused_roles_kept);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
