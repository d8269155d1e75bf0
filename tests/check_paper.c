/*
 * Unit tests of the term's paperwork on a small demo township: amounts
 * as people type them, terms as kept, agreements and aid recorded all
 * or nothing, and the amounts of aid kept from all but the principal
 * and the administrator.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "agreement.h"
#include "aid.h"
#include "demo.h"
#include "model.h"
#include "rec.h"
#include "store.h"
#include "term.h"
#include "testutil.h"
#include "util.h"

static char *dir;
static struct db *db;
static char today[11];
static char term[16];

static void
setup(void)
{
	struct demo_opts o = { .children = 60, .seed = 7 };
	struct demo_result res;
	char *cause = NULL;

	db = tu_db_new(&dir);
	date_today(today);
	ck_assert_msg(demo_fill(db, &o, &res, &cause) == 0, "demo: %s", cause);
	ck_assert_int_eq(paper_term(db, NULL, today, term, &cause), 0);
}

static void
teardown(void)
{
	access_end();
	tu_db_drop(&db, &dir);
}

START_TEST(amounts_as_typed)
{
	static const struct {
		const char	*in;
		long long	 fen;	/* -1: refused */
	} cases[] = {
		{ "1250", 125000 }, { "312.5", 31250 }, { "312.50", 31250 },
		{ "¥1,250.05", 125005 }, { "￥80", 8000 }, { "80元", 8000 },
		{ " 0 ", 0 }, { "-5", -1 }, { "abc", -1 }, { "1.234", -1 },
		{ "", -1 }, { "1,2", 1200 }, { "12345678901", -1 },
	};
	char *cause = NULL, out[24];
	long long fen;
	size_t i;

	for (i = 0; i < nitems(cases); i++) {
		fen = -1;
		if (amount_parse(cases[i].in, &fen, &cause) != 0)
			fen = -1;
		ck_assert_msg(fen == cases[i].fen, "\"%s\": %lld, not %lld",
		    cases[i].in, fen, cases[i].fen);
	}
	ck_assert_int_ne(amount_parse("-5", &fen, &cause), 0);
	ck_assert_ptr_nonnull(strstr(cause, "negative"));
	free(cause);
	amount_format(125005, out);
	ck_assert_str_eq(out, "1250.05");
	amount_format(7, out);
	ck_assert_str_eq(out, "0.07");
}
END_TEST

START_TEST(terms_as_kept)
{
	ck_assert(paper_term_valid("2026-autumn"));
	ck_assert(paper_term_valid("2027-spring"));
	ck_assert(!paper_term_valid("2026秋"));
	ck_assert(!paper_term_valid("2026-winter"));
	ck_assert(!paper_term_valid(""));
	ck_assert(paper_term_valid(term));
}
END_TEST

/* The first child of the first school whose agreement is missing. */
static uint32_t
missing_child(uint32_t *school)
{
	struct agr_rows rows;
	char *cause = NULL;
	uint32_t id = 0;
	size_t i;

	*school = 1;
	ck_assert_int_eq(agreement_rows(db, *school, NULL, NULL, term, &rows,
	    &cause), 0);
	for (i = 0; i < rows.n && id == 0; i++)
		if (!agr_signed(&rows.v[i]))
			id = rows.v[i].child;
	agr_rows_free(&rows);
	ck_assert_uint_ne(id, 0);
	return id;
}

static const char *
status_of(uint32_t school, uint32_t child)
{
	static char st[12];
	struct agr_rows rows;
	char *cause = NULL;
	size_t i;

	st[0] = '\0';
	ck_assert_int_eq(agreement_rows(db, school, NULL, NULL, term, &rows,
	    &cause), 0);
	for (i = 0; i < rows.n; i++)
		if (rows.v[i].child == child)
			snprintf(st, sizeof st, "%s", rows.v[i].status);
	agr_rows_free(&rows);
	return st;
}

START_TEST(agreements_all_or_nothing)
{
	uint32_t school, child = missing_child(&school);
	uint32_t two[2] = { child, 999999 };
	char *cause = NULL, *before = xstrdup(status_of(school, child));
	char tomorrow[11];
	size_t changed = 9;

	ck_assert_int_ne(agreement_record(db, two, 2, term, "signed", today,
	    &changed, &cause), 0);
	ck_assert_ptr_nonnull(strstr(cause, "999999"));
	ck_assert_str_eq(status_of(school, child), before);
	free(cause);
	cause = NULL;
	date_from_days(date_days(today) + 1, tomorrow);
	ck_assert_int_ne(agreement_record(db, &child, 1, term, "signed",
	    tomorrow, &changed, &cause), 0);
	ck_assert_msg(strstr(cause, "future") != NULL, "%s", cause);
	ck_assert_str_eq(status_of(school, child), before);
	free(cause);
	cause = NULL;
	ck_assert_int_eq(agreement_record(db, &child, 1, term, "signed",
	    today, &changed, &cause), 0);
	ck_assert_uint_eq(changed, 1);
	ck_assert_str_eq(status_of(school, child), "signed");
	/* Again: nothing changes. */
	ck_assert_int_eq(agreement_record(db, &child, 1, term, "signed",
	    today, &changed, &cause), 0);
	ck_assert_uint_eq(changed, 0);
	free(before);
}
END_TEST

static size_t
aid_count(void)
{
	struct txn t;
	size_t n;

	ck_assert_int_eq(txn_read(db, &t), 0);
	n = kv_count(&t, DBI_AID);
	txn_end(&t);
	return n;
}

START_TEST(aid_all_or_nothing)
{
	uint32_t school, child = missing_child(&school);
	struct aid_in in[2] = {
		{ child, "低保", term, "300", today, NULL },
		{ child, "医疗救助", term, "-1", today, NULL },
	};
	size_t n = aid_count();
	char *cause = NULL;
	uint32_t first = 0;

	ck_assert_int_ne(aid_add(db, in, 2, &first, &cause), 0);
	ck_assert_ptr_nonnull(strstr(cause, "negative"));
	ck_assert_uint_eq(aid_count(), n);
	free(cause);
	cause = NULL;
	ck_assert_int_eq(aid_add(db, in, 1, &first, &cause), 0);
	ck_assert_uint_eq(aid_count(), n + 1);
	ck_assert_uint_ne(first, 0);
}
END_TEST

/* How many aid records the actor sees, and how many with an amount. */
static void
aid_seen(size_t *n, size_t *amounts)
{
	struct aid_filter f = { .school = 1 };
	struct aid_rows rows;
	char *cause = NULL;
	size_t i;

	ck_assert_int_eq(aid_list(db, &f, &rows, &cause), 0);
	*n = rows.n;
	*amounts = 0;
	for (i = 0; i < rows.n; i++)
		if (rows.v[i].amount != NULL)
			(*amounts)++;
	aid_rows_free(&rows);
}

START_TEST(amounts_for_the_principal)
{
	uint32_t principal = tu_staff_with(db, "principal,leader", NULL);
	uint32_t teacher = tu_staff_with(db, "class_teacher,mentor", NULL);
	struct aid_summary sum;
	struct aid_filter f = { .school = 1 };
	size_t n, amounts, all;
	char *cause = NULL;

	aid_seen(&all, &amounts);
	ck_assert_uint_gt(all, 0);
	ck_assert_uint_eq(amounts, all);
	tu_link_login(db, principal, "pw-principal", NULL);
	tu_link_login(db, teacher, "pw-teacher", NULL);
	ck_assert_int_eq(tu_act_as(db, "pw-principal", today), 0);
	aid_seen(&n, &amounts);
	ck_assert_uint_eq(n, all);
	ck_assert_uint_eq(amounts, all);
	ck_assert_int_eq(tu_act_as(db, "pw-teacher", today), 0);
	aid_seen(&n, &amounts);
	ck_assert_uint_le(n, all);
	ck_assert_uint_eq(amounts, 0);
	ck_assert(!aid_amounts_visible(1));
	ck_assert_int_eq(aid_summarize(db, &f, &sum, &cause), 0);
	ck_assert(!sum.amounts);
	ck_assert(sum.total.fen == 0);
	ck_assert_uint_eq(sum.total.count, n);
	aid_summary_free(&sum);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("paper");
	TCase *tc = tcase_create("paperwork");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, amounts_as_typed);
	tcase_add_test(tc, terms_as_kept);
	tcase_add_test(tc, agreements_all_or_nothing);
	tcase_add_test(tc, aid_all_or_nothing);
	tcase_add_test(tc, amounts_for_the_principal);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
