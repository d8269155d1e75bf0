/*
 * Unit tests of who reads counselling sessions and case plans, on a
 * small demo township: the counsellors and the principal of the child's
 * school and the administrator read a session; the child's mentor, the
 * township supervisor and another school's counsellor do not, and are
 * told only that the counsellor follows the child; plans follow the
 * child; a child's risk concerns are private, its level is not.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "counsel.h"
#include "model.h"
#include "plan.h"
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
	db = tu_demo_db(&dir, 80);
	date_today(today);
}

static void
teardown(void)
{
	access_end();
	tu_db_drop(&db, &dir);
}

struct store_arg {
	struct rec	*r;
	int		(*fn)(struct txn *, struct rec *, char **);
	uint32_t	 id, version;	/* what the last run stored */
};

static int
store_write(struct txn *t, void *arg, char **cause)
{
	struct store_arg *a = arg;
	struct rec *r = rec_dup(a->r);
	int rc;

	/* a->r stays as it was: a second run starts from it again. */
	if ((rc = a->fn(t, r, cause)) == 0) {
		a->id = r->id;
		a->version = r->version;
	}
	rec_free(r);
	return rc;
}

static int
put(struct txn *t, struct rec *r, char **cause)
{
	return rec_put(t, r, cause);
}

/* Stores r with fn as the acting login; returns what the write did. */
static int
store(struct rec *r, int (*fn)(struct txn *, struct rec *, char **))
{
	struct store_arg a = { r, fn, 0, 0 };
	char *cause = NULL;
	int rc;

	rc = db_write(db, store_write, &a, &cause);
	if (rc == 0) {
		r->id = a.id;
		r->version = a.version;
	}
	free(cause);
	return rc;
}

static int
login_write(struct txn *t, void *arg, char **cause)
{
	struct rec *s = arg, *cur;
	int rc;

	if ((rc = rec_get(t, RT_STAFF, s->id, &cur)) != 0)
		return rc;
	rec_set(cur, STAFF_LOGIN, rec_str(s, STAFF_LOGIN));
	rec_set(cur, STAFF_ROLES, rec_str(s, STAFF_ROLES));
	rc = rec_put(t, cur, cause);
	rec_free(cur);
	return rc;
}

/* Gives staff member id the login and the roles. */
static void
link_login(uint32_t id, const char *login, const char *roles)
{
	struct rec *s = rec_new(RT_STAFF);
	char *cause = NULL;

	s->id = id;
	rec_set(s, STAFF_LOGIN, login);
	rec_set(s, STAFF_ROLES, roles);
	access_end();
	ck_assert_msg(db_write(db, login_write, s, &cause) == 0, "link: %s",
	    cause);
	rec_free(s);
}

static void
act_as(const char *login)
{
	ck_assert_int_eq(tu_act_as(db, login, today), 0);
}

/* A staff member of a school (of another, when other), not not1, not2. */
static uint32_t
staff_of(uint32_t school, bool other, uint32_t not1, uint32_t not2)
{
	struct rec_iter it;
	struct rec *s;
	struct txn t;
	uint32_t id = 0;

	ck_assert_int_eq(txn_read(db, &t), 0);
	rec_iter_start(&t, RT_STAFF, &it);
	while ((s = rec_iter_next(&it)) != NULL) {
		if (id == 0 && s->id != not1 && s->id != not2 &&
		    (rec_ref(s, STAFF_SCHOOL) == school) != other)
			id = s->id;
		rec_free(s);
	}
	rec_iter_end(&it);
	txn_end(&t);
	ck_assert_uint_ne(id, 0);
	return id;
}

struct seen {
	bool	 session;	/* rec_get of the session */
	size_t	 listed;	/* counsel_select of the child */
	bool	 followed;
	bool	 plan;
	bool	 concerns;	/* access_field of the child's concerns */
	bool	 level;
};

static struct seen
what_is_seen(uint32_t child, uint32_t session, uint32_t plan)
{
	struct idlist l = { 0 };
	struct seen w;
	struct rec *r, *c;
	struct txn t;

	ck_assert_int_eq(txn_read(db, &t), 0);
	w.session = rec_get(&t, RT_COUNSEL, session, &r) == 0;
	if (w.session)
		rec_free(r);
	counsel_select(&t, child, 0, &l);
	w.listed = l.n;
	idl_free(&l);
	w.followed = counsel_followed(&t, child);
	w.plan = rec_get(&t, RT_PLAN, plan, &r) == 0;
	if (w.plan)
		rec_free(r);
	w.concerns = w.level = false;
	if (rec_get(&t, RT_CHILD, child, &c) == 0) {
		w.concerns = access_field(c, CHILD_CONCERNS);
		w.level = access_field(c, CHILD_RISK);
		rec_free(c);
	}
	txn_end(&t);
	return w;
}

/* Child 1, with its school and its mentor. */
static struct rec *
child_one(uint32_t *school, uint32_t *mentor)
{
	struct rec *child, *pair;
	struct txn t;

	ck_assert_int_eq(txn_read(db, &t), 0);
	ck_assert_int_eq(rec_get(&t, RT_CHILD, 1, &child), 0);
	*school = rec_ref(child, CHILD_SCHOOL);
	pair = child_mentor_pair(&t, 1, today);
	txn_end(&t);
	ck_assert_ptr_nonnull(pair);
	*mentor = rec_ref(pair, PAIR_STAFF);
	rec_free(pair);
	return child;
}

START_TEST(sessions_for_the_counsellor_alone)
{
	struct rec *child, *s, *p;
	struct txn t;
	struct seen w;
	uint32_t school, mentor, counsellor, principal, super, other, sid;
	char *cause = NULL;

	child = child_one(&school, &mentor);
	counsellor = staff_of(school, false, mentor, 0);
	principal = staff_of(school, false, mentor, counsellor);
	super = staff_of(school, true, 0, 0);
	other = staff_of(school, true, super, 0);

	/* Before any other login is linked: a session, a plan, a risk. */
	link_login(counsellor, "couns", "counsellor");
	s = rec_new(RT_COUNSEL);
	rec_set(s, COUNSEL_CHILDREN, "1");
	rec_set(s, COUNSEL_DATE, today);
	rec_set_ref(s, COUNSEL_COUNSELLOR, counsellor);
	rec_set(s, COUNSEL_NOTES, "a secret");
	ck_assert_int_eq(store(s, counsel_store), 0);
	sid = s->id;
	p = rec_new(RT_PLAN);
	rec_set_ref(p, PLAN_CHILD, 1);
	rec_set(p, PLAN_AIM, "aim");
	rec_set(p, PLAN_START, today);
	ck_assert_int_eq(store(p, put), 0);
	rec_set(child, CHILD_RISK, "high");
	rec_set(child, CHILD_CONCERNS, "emotion");
	ck_assert_int_eq(store(child, put), 0);

	link_login(mentor, "ment", "mentor");
	link_login(principal, "prin", "principal");
	link_login(super, "super", "supervisor");
	link_login(other, "away", "counsellor");

	act_as("couns");
	w = what_is_seen(1, sid, p->id);
	ck_assert(w.session && w.listed == 1 && w.followed && w.plan &&
	    w.concerns && w.level);
	act_as("prin");
	w = what_is_seen(1, sid, p->id);
	ck_assert(w.session && w.listed == 1 && w.followed && w.plan);

	act_as("ment");
	w = what_is_seen(1, sid, p->id);
	ck_assert(!w.session);
	ck_assert_uint_eq(w.listed, 0);
	ck_assert(w.followed && w.plan && w.level && !w.concerns);
	ck_assert(!counsel_may());
	/* Nor may he write one. */
	rec_free(s);
	s = rec_new(RT_COUNSEL);
	rec_set(s, COUNSEL_CHILDREN, "1");
	rec_set(s, COUNSEL_DATE, today);
	rec_set_ref(s, COUNSEL_COUNSELLOR, mentor);
	ck_assert_int_eq(store(s, counsel_store), SH_EPERM);

	act_as("super");
	w = what_is_seen(1, sid, p->id);
	ck_assert(!w.session && w.listed == 0 && w.followed && w.plan);
	ck_assert(!counsel_may());

	act_as("away");
	w = what_is_seen(1, sid, p->id);
	ck_assert(!w.session && !w.plan);
	ck_assert(counsel_may());	/* her own school's, not this one */

	/* The child is kept while the plan and the session are. */
	access_end();
	ck_assert_int_eq(txn_read(db, &t), 0);
	ck_assert_int_eq(plan_child_in_use(&t, 1, &cause), SH_EINUSE);
	free(cause);
	txn_end(&t);
	rec_free(s);
	rec_free(p);
	rec_free(child);
}
END_TEST

static uint32_t goal_plan;

static int
goal_add(struct txn *t, struct rec *r, char **cause)
{
	return plan_goal_add(t, goal_plan, r, cause);
}

/* Stores a goal of plan for staff as the acting login. */
static int
goal_for(uint32_t plan, uint32_t staff)
{
	struct rec *g = rec_new(RT_GOAL);
	int rc;

	goal_plan = plan;
	rec_set(g, GOAL_TEXT, "comes on time");
	rec_set_ref(g, GOAL_STAFF, staff);
	rc = store(g, goal_add);
	rec_free(g);
	return rc;
}

/*
 * Who changes a child's risk, who may be responsible for a goal, who may
 * hold a session: the core's rules, whatever the command or screen.
 */
START_TEST(risk_goals_and_counsellors)
{
	struct rec *child, *s, *p;
	uint32_t school, mentor, counsellor, other;

	child = child_one(&school, &mentor);
	counsellor = staff_of(school, false, mentor, 0);
	other = staff_of(school, true, 0, 0);
	link_login(counsellor, "couns", "counsellor");
	link_login(mentor, "ment", "mentor");
	link_login(other, "away", "counsellor");
	p = rec_new(RT_PLAN);
	rec_set_ref(p, PLAN_CHILD, 1);
	rec_set(p, PLAN_AIM, "aim");
	rec_set(p, PLAN_START, today);
	ck_assert_int_eq(store(p, put), 0);

	/* The risk: the counsellor sets it, the mentor may not change it. */
	act_as("couns");
	rec_set(child, CHILD_RISK, "high");
	rec_set(child, CHILD_RISK_REASON, "nightmares");
	ck_assert_int_eq(store(child, put), 0);
	act_as("ment");
	rec_set(child, CHILD_RISK, "medium");
	ck_assert_int_eq(store(child, put), SH_EPERM);
	rec_set(child, CHILD_RISK, "high");
	rec_set(child, CHILD_RISK_REASON, "none");
	ck_assert_int_eq(store(child, put), SH_EPERM);
	/* Other fields of his mentee are still his to change. */
	rec_set(child, CHILD_RISK_REASON, "nightmares");
	rec_set(child, CHILD_VILLAGE, "东村");
	ck_assert_int_eq(store(child, put), 0);

	/* A goal: for staff who see the child, not another school's. */
	act_as("couns");
	ck_assert_int_eq(goal_for(p->id, other), SH_EINVAL);
	ck_assert_int_eq(goal_for(p->id, mentor), 0);
	ck_assert_int_eq(goal_for(p->id, counsellor), 0);

	/* A session: held by a counsellor of the child's school. */
	s = rec_new(RT_COUNSEL);
	rec_set(s, COUNSEL_CHILDREN, "1");
	rec_set(s, COUNSEL_DATE, today);
	rec_set_ref(s, COUNSEL_COUNSELLOR, mentor);
	ck_assert_int_eq(store(s, counsel_store), SH_EINVAL);
	rec_set_ref(s, COUNSEL_COUNSELLOR, other);
	ck_assert_int_eq(store(s, counsel_store), SH_EINVAL);
	rec_set_ref(s, COUNSEL_COUNSELLOR, counsellor);
	ck_assert_int_eq(store(s, counsel_store), 0);
	rec_free(s);
	rec_free(p);
	rec_free(child);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("safeguard");
	TCase *tc = tcase_create("counselling");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, sessions_for_the_counsellor_alone);
	tcase_add_test(tc, risk_goals_and_counsellors);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
