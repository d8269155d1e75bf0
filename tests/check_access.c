/*
 * Unit tests of the access rules on a small demo township: each role
 * sees exactly its children (in reads, lists and counts), private fields
 * are shown to the roles that need them only, an unknown login is
 * refused, the login that created the database is its first
 * administrator, and the last administrator is kept.
 */
#include "config.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Records login as the first administrator (NULL: none). */
static int
first_write(struct txn *t, void *arg, char **cause)
{
	access_set_first_admin(t, arg);
	return t->err;
}

static void
set_first(const char *login)
{
	char *cause = NULL;

	access_end();
	ck_assert_msg(db_write(db, first_write, (void *)login, &cause) == 0,
	    "first: %s", cause);
}

/* The first administrator recorded, "" for none. */
static char *
first(void)
{
	struct txn t;
	char *l;

	ck_assert_int_eq(txn_read(db, &t), 0);
	l = access_first_admin(&t);
	txn_end(&t);
	return l != NULL ? l : xstrdup("");
}

START_TEST(creator_is_the_first_administrator)
{
	struct idlist seen = { 0 }, all = { 0 };
	char *l;

	/* Recorded when the database was made, before any staff link. */
	l = first();
	ck_assert_str_eq(l, login_name());
	free(l);
	set_first("clerk");
	ck_assert_int_eq(act_as("clerk"), 0);
	ck_assert(access_enforced());
	ck_assert(access_admin());
	ck_assert_uint_eq(access_staff(), 0);
	readable(&seen, &all);
	ck_assert_uint_gt(all.n, 0);
	ck_assert(same(&seen, &all));
	ck_assert(access_private(all.v[0]));
	/* Nobody else, though no login is linked yet; root always. */
	ck_assert_int_eq(act_as("somebody"), SH_EPERM);
	ck_assert(!access_child(all.v[0]));
	ck_assert_int_eq(act_as("root"), 0);
	ck_assert(access_admin());
	idl_free(&seen);
	idl_free(&all);
}
END_TEST

/* Drops login as the first administrator, in a transaction of its own. */
static int
drop_write(struct txn *t, void *arg, char **cause)
{
	bool was;

	return access_drop_first_admin(t, arg, &was, cause);
}

/* Deletes staff member arg (a uint32_t *). */
static int
del_write(struct txn *t, void *arg, char **cause)
{
	return rec_del(t, RT_STAFF, *(uint32_t *)arg, 0, cause);
}

/* Saves staff member id with field set to value: what rec_save says. */
static int
staff_change(uint32_t id, int field, const char *value, char **cause)
{
	struct rec *r;
	struct txn t;
	int rc;

	ck_assert_int_eq(txn_read(db, &t), 0);
	ck_assert_int_eq(rec_get(&t, RT_STAFF, id, &r), 0);
	txn_end(&t);
	rec_set(r, field, value);
	rc = rec_save(db, r, cause);
	rec_free(r);
	return rc;
}

START_TEST(last_administrator_is_kept)
{
	uint32_t id, oid;
	char *cause = NULL, *l;

	set_first("clerk");
	id = staff_with("mentor", NULL);
	oid = staff_with("principal,leader", NULL);
	link_login(id, "boss", "administrator");
	/* The creator may go: "boss" is an administrator too. */
	ck_assert_int_eq(db_write(db, drop_write, "clerk", &cause), 0);
	l = first();
	ck_assert_str_eq(l, "");
	free(l);
	ck_assert_int_eq(act_as("clerk"), SH_EPERM);
	/* The last one may not lose the role, the login or the record. */
	ck_assert_int_eq(act_as("boss"), 0);
	ck_assert_int_eq(staff_change(id, STAFF_ROLES, "mentor", &cause),
	    SH_EPERM);
	ck_assert_msg(strstr(cause, "boss is the last administrator") != NULL,
	    "%s", cause);
	free(cause);
	cause = NULL;
	ck_assert_int_eq(staff_change(id, STAFF_LOGIN, "", &cause), SH_EPERM);
	free(cause);
	cause = NULL;
	ck_assert_int_eq(db_write(db, del_write, &id, &cause), SH_EPERM);
	free(cause);
	cause = NULL;
	ck_assert_int_eq(act_as("boss"), 0);
	ck_assert(access_admin());
	/* With a second administrator, the first may step down. */
	link_login(oid, "head", "principal,administrator");
	ck_assert_int_eq(act_as("boss"), 0);
	ck_assert_msg(staff_change(id, STAFF_ROLES, "mentor", &cause) == 0,
	    "%s", cause);
	ck_assert_int_eq(act_as("boss"), 0);
	ck_assert(!access_admin());
	/* ... and the creator is not the last one while linked ones are. */
	set_first("clerk");
	ck_assert_int_eq(act_as("head"), 0);
	ck_assert_int_eq(db_write(db, drop_write, "clerk", &cause), 0);
	set_first("clerk");
	ck_assert_int_eq(act_as("head"), 0);
	ck_assert_int_eq(staff_change(oid, STAFF_ROLES, "principal", &cause),
	    0);
	ck_assert_int_eq(db_write(db, drop_write, "clerk", &cause), SH_EPERM);
	free(cause);
}
END_TEST

/* A database made by an older program, recording no user at all. */
static int
unrecord_write(struct txn *t, void *arg, char **cause)
{
	kv_del(t, DBI_META, "admin.first", strlen("admin.first"));
	return t->err;
}

START_TEST(an_old_database_is_its_owners)
{
	const char *owner = login_name();
	struct passwd *pw;
	char *cause = NULL, *l, *data;

	/* Root is an administrator anyway: give the files to another. */
	if (getuid() == 0 && (pw = getpwnam("nobody")) != NULL) {
		data = xasprintf("%s/data.mdb", dir);
		ck_assert_int_eq(chown(data, pw->pw_uid, (gid_t)-1), 0);
		free(data);
		owner = "nobody";
	}
	access_end();
	ck_assert_int_eq(db_write(db, unrecord_write, NULL, &cause), 0);
	l = first();
	ck_assert_str_eq(l, "");
	free(l);
	ck_assert_int_eq(act_as("somebody"), SH_EPERM);
	/* The owner of the files, recorded as it writes. */
	ck_assert_int_eq(act_as(owner), 0);
	ck_assert(access_admin());
	ck_assert_int_eq(access_record_claim(db, &cause), 0);
	l = first();
	ck_assert_str_eq(l, owner);
	free(l);
	ck_assert_int_eq(act_as(owner), 0);
	ck_assert(access_admin());
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
	tcase_add_test(tc, creator_is_the_first_administrator);
	tcase_add_test(tc, last_administrator_is_kept);
	tcase_add_test(tc, an_old_database_is_its_owners);
	tcase_add_test(tc, each_role_sees_its_children);
	tcase_add_test(tc, unknown_login_refused_roles_kept);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
