/*
 * Unit tests of incidents: calendar minutes both ways, the clock of
 * each kind (targets, done late, overdue, due, stopped at the closing),
 * when a late entry shows its entry time, and the count by kind between
 * two dates that the term report uses.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo.h"
#include "incident.h"
#include "store.h"
#include "testutil.h"
#include "util.h"

static char *dir;
static struct db *db;

static void
setup(void)
{
	struct demo_opts o = { .children = 30, .seed = 7 };
	struct demo_result res;
	char *cause = NULL;

	setenv("SHOUHU_TEST_NOW", "2026-12-05 10:45", 1);
	db = tu_db_new(&dir);
	ck_assert_msg(demo_fill(db, &o, &res, &cause) == 0, "demo: %s", cause);
}

static void
teardown(void)
{
	tu_db_drop(&db, &dir);
}

START_TEST(minutes_round_trip)
{
	static const char *const t[] = { "1970-01-01 00:00",
	    "2024-02-29 23:59", "2026-12-05 10:45", "2100-12-31 12:00" };
	char d[11], hm[6], out[17];
	size_t i;

	for (i = 0; i < nitems(t); i++) {
		snprintf(d, sizeof d, "%.10s", t[i]);
		snprintf(hm, sizeof hm, "%s", t[i] + 11);
		inc_format(inc_minutes(d, hm), out, sizeof out);
		ck_assert_str_eq(out, t[i]);
	}
	ck_assert_int_eq(inc_minutes("2026-03-01", "00:00") -
	    inc_minutes("2026-02-28", "23:59"), 1);
	ck_assert_int_eq(inc_minutes("2026-13-01", "10:00"), -1);
	ck_assert_int_eq(inc_minutes("2026-12-05", "24:00"), -1);
	ck_assert_int_eq(inc_now(), inc_minutes("2026-12-05", "10:45"));
}
END_TEST

/* When an entry is shown with the time it was entered. */
START_TEST(entered_late)
{
	int64_t at = inc_minutes("2026-12-05", "10:00");
	char *s;

	ck_assert_ptr_null(inc_entered(at, at));
	ck_assert_ptr_null(inc_entered(at, at + INC_ENTERED_SLACK));
	ck_assert_ptr_null(inc_entered(at, 0));	/* not known */
	s = inc_entered(at, at + INC_ENTERED_SLACK + 1);
	ck_assert_str_eq(s, "entered 10:06");
	free(s);
	s = inc_entered(at, inc_minutes("2026-12-06", "08:15"));
	ck_assert_str_eq(s, "entered 2026-12-06 08:15");
	free(s);
}
END_TEST

static uint32_t
open_one(const char *kind, const char *found)
{
	uint32_t child = 1, id = 0;
	struct inc_new in = { &child, 1, kind, found, 0, "test" };
	char *cause = NULL;

	ck_assert_msg(inc_open(db, &in, &id, &cause) == 0, "open: %s", cause);
	return id;
}

static void
act(uint32_t id, const char *step, const char *at)
{
	struct inc_act a = { step, at, 0, strcmp(step, "police") == 0 ?
	    "officer" : NULL, NULL, NULL };
	char *cause = NULL;

	ck_assert_msg(inc_add_action(db, id, &a, &cause) == 0, "act: %s",
	    cause);
}

START_TEST(the_clock)
{
	struct inc_clock v[IS__N];
	struct incident in;
	uint32_t id;
	size_t n;

	/* Missing, found 45 minutes ago, the guardian told after 40. */
	id = open_one("missing", "10:00");
	act(id, "guardian", "10:40");
	ck_assert_int_eq(inc_load(db, id, &in, NULL), 0);
	n = inc_clock(&in, inc_now(), v);
	ck_assert_int_eq(n, 4);
	ck_assert_int_eq(v[0].step, IS_POLICE);
	ck_assert(!v[0].done);
	ck_assert_int_eq(v[0].late, 35);
	ck_assert_int_eq(v[1].step, IS_GUARDIAN);
	ck_assert(v[1].done);
	ck_assert_int_eq(v[1].after, 40);
	ck_assert_int_eq(v[1].late, 10);
	ck_assert_int_eq(v[2].left, 15);
	ck_assert_int_eq(v[3].left, 75);
	ck_assert_int_eq(inc_overdue(&in, inc_now()), 1);
	/* Later, more is overdue; the guardian stays ten minutes late. */
	ck_assert_int_eq(inc_overdue(&in, inc_now() + 61), 2);
	inc_free(&in);

	/* An injury has no police step; a closed one stops its clock. */
	id = open_one("意外伤害", "2026-12-05 08:00");
	ck_assert_int_eq(inc_close(db, id, "08:20", "done", NULL), 0);
	ck_assert_int_eq(inc_load(db, id, &in, NULL), 0);
	n = inc_clock(&in, inc_now(), v);
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(v[0].step, IS_GUARDIAN);
	ck_assert_int_eq(v[0].late, 0);
	ck_assert_int_eq(inc_overdue(&in, inc_now()), 0);
	inc_free(&in);
}
END_TEST

START_TEST(count_by_kind)
{
	size_t counts[IK__N];
	struct txn t;

	open_one("missing", "2026-12-01 10:00");
	open_one("missing", "2026-12-05 09:00");
	open_one("injury", "2026-11-02 09:00");
	open_one("absence", "2026-12-03 09:00");
	ck_assert_int_eq(txn_read(db, &t), 0);
	ck_assert_int_eq(inc_count_by_kind(&t, 0, NULL, NULL, counts), 4);
	ck_assert_int_eq(counts[IK_MISSING], 2);
	ck_assert_int_eq(inc_count_by_kind(&t, 1, "2026-12-01", "2026-12-04",
	    counts), 2);
	ck_assert_int_eq(counts[IK_MISSING], 1);
	ck_assert_int_eq(counts[IK_ABSENCE], 1);
	ck_assert_int_eq(counts[IK_INJURY], 0);
	ck_assert_int_eq(inc_count_by_kind(&t, 2, NULL, NULL, counts), 0);
	txn_end(&t);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("incident");
	TCase *tc = tcase_create("incident");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, minutes_round_trip);
	tcase_add_test(tc, entered_late);
	tcase_add_test(tc, the_clock);
	tcase_add_test(tc, count_by_kind);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
