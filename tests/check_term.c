/* Unit tests for term.c and settings.c: which term holds a day, the
 * terms' names and how people write them, school years, day numbers,
 * and the settings kept in a real database. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "rec.h"
#include "settings.h"
#include "store.h"
#include "term.h"
#include "testutil.h"
#include "util.h"

/* The key of the term at date, with the default settings. */
static const char *
key_at(const struct settings *s, const char *date, struct term *t)
{
	static char k[TERM_KEYLEN];

	ck_assert_int_eq(term_at(s, date, t), 0);
	term_key(t, k);
	return k;
}

START_TEST(term_holds_the_day)
{
	struct term t;

	ck_assert_str_eq(key_at(NULL, "2026-09-01", &t), "2026-autumn");
	ck_assert_str_eq(t.start, "2026-09-01");
	ck_assert_str_eq(t.end, "2027-01-31");
	ck_assert_str_eq(key_at(NULL, "2027-01-31", &t), "2026-autumn");
	/* The winter holiday belongs to the term that ended. */
	ck_assert_str_eq(key_at(NULL, "2027-02-14", &t), "2026-autumn");
	ck_assert_str_eq(key_at(NULL, "2027-03-01", &t), "2027-spring");
	ck_assert_str_eq(t.start, "2027-03-01");
	ck_assert_str_eq(t.end, "2027-07-15");
	/* The summer holiday too. */
	ck_assert_str_eq(key_at(NULL, "2027-08-31", &t), "2027-spring");
	ck_assert_str_eq(key_at(NULL, "2026-12-05", &t), "2026-autumn");
	ck_assert_int_eq(term_at(NULL, "2026-13-01", &t), -1);
	ck_assert_int_eq(term_at(NULL, "today", &t), -1);
}
END_TEST

START_TEST(term_from_settings)
{
	struct settings s;
	struct term t, p, n;

	settings_defaults(&s);
	memcpy(s.autumn_start, "08-25", 6);
	memcpy(s.autumn_end, "01-20", 6);
	memcpy(s.spring_start, "02-16", 6);
	memcpy(s.spring_end, "07-05", 6);
	ck_assert_str_eq(key_at(&s, "2026-08-25", &t), "2026-autumn");
	ck_assert_str_eq(key_at(&s, "2026-08-24", &t), "2026-spring");
	ck_assert_str_eq(key_at(&s, "2027-02-16", &t), "2027-spring");
	ck_assert_str_eq(t.end, "2027-07-05");
	term_prev(&s, &t, &p);
	term_next(&s, &t, &n);
	ck_assert_str_eq(p.start, "2026-08-25");
	ck_assert_str_eq(p.end, "2027-01-20");
	ck_assert_str_eq(n.start, "2027-08-25");
	ck_assert(term_contains(&t, "2027-07-05"));
	ck_assert(!term_contains(&t, "2027-07-06"));
}
END_TEST

START_TEST(term_names)
{
	static const char *const same[] = { "2026-autumn", "2026秋",
	    "2026年秋季学期", "2026年秋季", "autumn 2026", "Autumn term 2026",
	    "2026 fall", " 2026 秋 " };
	struct term t;
	char *cause = NULL, *label, k[TERM_KEYLEN];
	size_t i;

	for (i = 0; i < nitems(same); i++) {
		ck_assert_msg(term_parse(NULL, same[i], &t, &cause) == 0,
		    "%s: %s", same[i], cause);
		term_key(&t, k);
		ck_assert_str_eq(k, "2026-autumn");
		ck_assert_str_eq(t.start, "2026-09-01");
	}
	ck_assert_int_eq(term_parse(NULL, "2027春", &t, &cause), 0);
	term_key(&t, k);
	ck_assert_str_eq(k, "2027-spring");
	ck_assert_int_eq(term_parse(NULL, "2027-spring", &t, &cause), 0);
	ck_assert_str_eq(t.end, "2027-07-15");
	ck_assert_int_eq(term_parse(NULL, "2026", &t, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "2026秋"));
	ck_assert_int_eq(term_parse(NULL, "2026冬", &t, &cause), -1);
	ck_assert_int_eq(term_parse(NULL, "26秋", &t, &cause), -1);
	ck_assert_int_eq(term_parse(NULL, "2026 2027 autumn", &t, &cause), -1);
	ck_assert_int_eq(term_parse(NULL, "", &t, &cause), -1);
	free(cause);

	i18n_init("en");
	term_make(NULL, 2026, TERM_AUTUMN, &t);
	label = term_label(&t);
	ck_assert_str_eq(label, "autumn term 2026");
	free(label);
	term_make(NULL, 2027, TERM_SPRING, &t);
	label = term_label(&t);
	ck_assert_str_eq(label, "spring term 2027");
	free(label);
}
END_TEST

START_TEST(school_years)
{
	char start[11];

	ck_assert_int_eq(school_year_at(NULL, "2026-09-01", start), 2026);
	ck_assert_str_eq(start, "2026-09-01");
	ck_assert_int_eq(school_year_at(NULL, "2027-05-01", start), 2026);
	ck_assert_str_eq(start, "2026-09-01");
	ck_assert_int_eq(school_year_at(NULL, "2027-08-31", start), 2026);
	ck_assert_int_eq(school_year_at(NULL, "2026-08-31", start), 2025);
	ck_assert_str_eq(start, "2025-09-01");
	ck_assert_int_eq(school_year_at(NULL, "x", start), -1);
}
END_TEST

START_TEST(day_numbers)
{
	char d[11];
	long n;

	ck_assert_int_eq(date_days("1970-01-01"), 0);
	ck_assert_int_eq(date_days("2026-12-05") - date_days("2026-09-01"),
	    95);
	ck_assert_int_eq(date_days("2028-03-01") - date_days("2028-02-28"),
	    2);
	ck_assert_int_eq(date_days("2027-02-29"), -1);
	ck_assert_int_eq(date_days("2026-1-05"), -1);
	for (n = date_days("1999-12-25"); n < date_days("2001-03-05"); n++) {
		date_from_days(n, d);
		ck_assert_int_eq(date_days(d), n);
	}
	date_from_days(date_days("2024-02-28") + 1, d);
	ck_assert_str_eq(d, "2024-02-29");
}
END_TEST

START_TEST(month_days)
{
	static const struct {
		const char	*in;
		const char	*out;
	} good[] = {
		{ "09-01", "09-01" }, { "9-1", "09-01" }, { "9/1", "09-01" },
		{ "9月1日", "09-01" }, { "0901", "09-01" }, { "2月29日", "02-29" },
		{ "１２－３１", "12-31" }, { " 7.15 ", "07-15" }, { "3月2号", "03-02" }
	};
	static const char *const bad[] = { "", "13-01", "02-30", "04-31",
	    "9", "9-", "9-1x", "2026-09-01", "九月一日" };
	char out[6], *cause = NULL;
	size_t i;

	for (i = 0; i < nitems(good); i++) {
		ck_assert_msg(settings_monthday(good[i].in, out, &cause) == 0,
		    "%s: %s", good[i].in, cause);
		ck_assert_str_eq(out, good[i].out);
	}
	for (i = 0; i < nitems(bad); i++)
		ck_assert_msg(settings_monthday(bad[i], out, &cause) == -1,
		    "%s was accepted", bad[i]);
	free(cause);
}
END_TEST

START_TEST(settings_stored)
{
	char *dir = NULL, *cause = NULL;
	struct db *db = tu_db_new(&dir);
	struct settings s;
	struct txn t;

	ck_assert_int_eq(txn_read(db, &t), 0);
	ck_assert_int_eq(settings_read(&t, &s), 0);
	txn_end(&t);
	ck_assert_int_eq(s.talk_days_key, 14);
	ck_assert_int_eq(s.talk_days, 30);
	ck_assert_int_eq(s.caseload, 10);
	ck_assert_str_eq(s.autumn_start, "09-01");
	ck_assert_str_eq(s.spring_end, "07-15");

	ck_assert_int_eq(settings_set(db, "talk-days", "21", &cause), 0);
	ck_assert_int_eq(settings_set(db, "spring_start", "2月20日", &cause),
	    0);
	ck_assert_int_eq(settings_set(db, "caseload", "0", &cause),
	    SH_EINVAL);
	ck_assert_int_eq(settings_set(db, "autumn_end", "03-01", &cause),
	    SH_EINVAL);
	ck_assert_ptr_nonnull(strstr(cause, "must end before"));
	ck_assert_int_eq(settings_set(db, "nothing", "1", &cause),
	    SH_EINVAL);
	ck_assert_int_eq(txn_read(db, &t), 0);
	ck_assert_int_eq(settings_read(&t, &s), 0);
	txn_end(&t);
	ck_assert_int_eq(s.talk_days, 30 - 9);
	ck_assert_str_eq(s.spring_start, "02-20");
	ck_assert_str_eq(s.autumn_end, "01-31");
	ck_assert_int_eq(s.caseload, 10);
	free(cause);
	tu_db_drop(&db, &dir);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("term");
	TCase *tc = tcase_create("term");

	tcase_add_test(tc, term_holds_the_day);
	tcase_add_test(tc, term_from_settings);
	tcase_add_test(tc, term_names);
	tcase_add_test(tc, school_years);
	tcase_add_test(tc, day_numbers);
	tcase_add_test(tc, month_days);
	tcase_add_test(tc, settings_stored);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
