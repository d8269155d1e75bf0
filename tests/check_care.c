/*
 * Unit tests of the care log on a small demo township: what a child's
 * keys answer (last talk, last visit, the open follow-up), siblings in
 * one entry, bad entries refused whole, a call marking the number it
 * reached verified, and who may see and change an entry.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "care.h"
#include "term.h"
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
	struct demo_opts o = { .children = 60, .seed = 5 };
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

/* Today minus n days. */
static const char *
ago(int n)
{
	static char d[4][11];
	static int k;

	k = (k + 1) % 4;
	date_from_days(date_days(today) - n, d[k]);
	return d[k];
}

/* Deletes the child's entries. */
static void
forget(uint32_t child)
{
	struct idlist l = { 0 };
	char *cause = NULL;
	struct txn t;
	size_t i;

	ck_assert_int_eq(txn_read(db, &t), 0);
	care_of_child(&t, child, NULL, &l);
	txn_end(&t);
	for (i = 0; i < l.n; i++)
		ck_assert_msg(care_delete(db, l.v[i], 0, &cause) == 0, "%s",
		    cause);
	idl_free(&l);
}

/* Two children in school sharing a contact (siblings), and its id. */
static void
siblings(uint32_t *a, uint32_t *b, uint32_t *contact)
{
	struct rec_iter it;
	struct idlist l = { 0 };
	struct rec *c, *x, *y;
	struct txn t;

	*a = *b = 0;
	ck_assert_int_eq(txn_read(db, &t), 0);
	rec_iter_start(&t, RT_CONTACT, &it);
	while (*a == 0 && (c = rec_iter_next(&it)) != NULL) {
		l.n = 0;
		ix_refs(&t, IX_CONTACT_LINK, c->id, &l);
		if (l.n >= 2 && *rec_str(c, CONTACT_PHONE1) != '\0' &&
		    rec_get(&t, RT_LINK, l.v[0], &x) == 0) {
			if (rec_get(&t, RT_LINK, l.v[1], &y) == 0) {
				*a = rec_ref(x, LINK_CHILD);
				*b = rec_ref(y, LINK_CHILD);
				*contact = c->id;
				rec_free(y);
			}
			rec_free(x);
		}
		rec_free(c);
	}
	rec_iter_end(&it);
	idl_free(&l);
	txn_end(&t);
	ck_assert_uint_ne(*a, 0);
	/* Without the demo's entries: a log of the test's own. */
	forget(*a);
	forget(*b);
}

static uint32_t
any_staff(void)
{
	struct txn t;
	uint32_t id;

	ck_assert_int_eq(txn_read(db, &t), 0);
	id = rec_exists(&t, RT_STAFF, 1) ? 1 : 0;
	txn_end(&t);
	ck_assert_uint_ne(id, 0);
	return id;
}

/* An entry, not stored. */
static struct rec *
entry(uint32_t child, uint32_t child2, const char *date, const char *kind,
    const char *text)
{
	struct rec *r = rec_new(RT_LOG);

	rec_set_ref(r, LOG_CHILD, child);
	if (child2 != 0)
		rec_set_ref(r, LOG_CHILD2, child2);
	rec_set(r, LOG_DATE, date);
	rec_set(r, LOG_KIND, kind);
	rec_set_ref(r, LOG_STAFF, any_staff());
	rec_set(r, LOG_TEXT, text);
	return r;
}

static uint32_t
add(struct rec *r)
{
	char *cause = NULL;
	uint32_t id;

	ck_assert_msg(care_save(db, r, &cause) == 0, "save: %s", cause);
	id = r->id;
	ck_assert_uint_ne(id, 0);
	rec_free(r);
	return id;
}

static size_t
entries(void)
{
	struct txn t;
	size_t n;

	ck_assert_int_eq(txn_read(db, &t), 0);
	n = kv_count(&t, DBI_LOG);
	txn_end(&t);
	return n;
}

START_TEST(a_childs_log_answers_the_worklist)
{
	struct care_summary sa, sb;
	struct idlist l = { 0 };
	struct rec *r;
	uint32_t a, b, contact, visit, later, staff;
	char d[11];
	struct txn t;

	siblings(&a, &b, &contact);
	add(entry(a, 0, ago(20), "talk", "聊了学习"));
	add(entry(a, 0, ago(6), "talk", "说想妈妈"));
	r = entry(a, b, ago(10), "visit", "家访，奶奶身体不好");
	rec_set(r, LOG_FOLLOWUP, ago(3));
	rec_set(r, LOG_FOLLOWUP_TEXT, "再打电话问奶奶");
	rec_set(r, LOG_CONCERN, "1");
	visit = add(r);

	ck_assert_int_eq(txn_read(db, &t), 0);
	care_summary(&t, a, &sa);
	care_summary(&t, b, &sb);
	ck_assert_str_eq(sa.last[CK_TALK], ago(6));
	ck_assert_str_eq(sa.last[CK_VISIT], ago(10));
	ck_assert_str_eq(sb.last[CK_VISIT], ago(10));
	ck_assert_str_eq(sb.last[CK_TALK], "");
	/* The talk after the visit answered its follow-up for a, not b. */
	ck_assert_str_eq(sa.followup, "");
	ck_assert_str_eq(sb.followup, ago(3));
	ck_assert_uint_eq(sb.followup_entry, visit);
	ck_assert(sb.concern);
	ck_assert(care_last(&t, a, CK_TALK, d));
	ck_assert_str_eq(d, ago(6));
	ck_assert(!care_last(&t, b, CK_TALK, d));
	ck_assert(care_next_followup(&t, b, d, NULL));
	ck_assert_str_eq(d, ago(3));
	/* The school's entries: the visit once, newest first. */
	ck_assert_int_eq(rec_get(&t, RT_CHILD, a, &r), 0);
	care_of_school(&t, rec_ref(r, CHILD_SCHOOL), NULL, &l);
	rec_free(r);
	txn_end(&t);
	ck_assert_uint_ge(l.n, 3);
	idl_free(&l);

	ck_assert_int_eq(txn_read(db, &t), 0);
	care_of_child(&t, a, NULL, &l);
	ck_assert_uint_eq(l.n, 3);
	ck_assert_uint_eq(care_count(&t, a), 3);
	ck_assert_uint_eq(l.v[1], visit);
	txn_end(&t);
	idl_free(&l);

	/* A later entry for b answers b's follow-up. */
	later = add(entry(b, 0, ago(1), "call-guardian", "奶奶好些了"));
	staff = any_staff();
	ck_assert_int_eq(txn_read(db, &t), 0);
	ck_assert(!care_next_followup(&t, b, d, NULL));
	ck_assert_int_eq(care_last_kind(&t, staff), CK_CALL_GUARDIAN);
	txn_end(&t);
	ck_assert_uint_ne(later, 0);
}
END_TEST

START_TEST(bad_entries_are_refused_whole)
{
	char *cause = NULL, *text;
	struct rec *r;
	uint32_t a, b, contact;
	size_t before;

	siblings(&a, &b, &contact);
	before = entries();
	r = entry(a, 0, ago(-1), "talk", "明天");
	ck_assert_int_ne(care_save(db, r, &cause), 0);
	ck_assert_ptr_nonnull(strstr(cause, "a day still to come"));
	rec_free(r);
	free(cause);
	cause = NULL;

	r = entry(a, 0, "2001-03-01", "talk", "很久以前");
	ck_assert_int_ne(care_save(db, r, &cause), 0);
	ck_assert_msg(strstr(cause, "enrolled") != NULL, "%s", cause);
	rec_free(r);
	free(cause);
	cause = NULL;

	/* One unknown child refuses the whole entry. */
	r = entry(a, 99999, ago(1), "visit", "兄妹");
	ck_assert_int_ne(care_save(db, r, &cause), 0);
	ck_assert_msg(strstr(cause, "no child #99999") != NULL, "%s", cause);
	rec_free(r);
	free(cause);
	cause = NULL;

	text = xmalloc(CARE_TEXT_MAX * 3 + 4);
	memset(text, 0, CARE_TEXT_MAX * 3 + 4);
	for (size_t i = 0; i <= CARE_TEXT_MAX; i++)
		memcpy(text + i * 3, "字", 3);
	r = entry(a, 0, ago(1), "talk", text);
	ck_assert_int_ne(care_save(db, r, &cause), 0);
	/* The message quotes the text: too long to print on a failure. */
	ck_assert(strstr(cause, "Entry text") != NULL);
	rec_free(r);
	free(cause);
	cause = NULL;
	text[CARE_TEXT_MAX * 3] = '\0';
	add(entry(a, 0, ago(1), "talk", text));
	free(text);

	r = entry(a, a, ago(1), "talk", "twice");
	ck_assert_int_ne(care_save(db, r, &cause), 0);
	rec_free(r);
	free(cause);
	cause = NULL;

	/* A number reached by a talk, or not the family's. */
	r = entry(a, 0, ago(1), "talk", "x");
	rec_set(r, LOG_PHONE, "13900000000");
	ck_assert_int_ne(care_save(db, r, &cause), 0);
	ck_assert_ptr_nonnull(strstr(cause, "only a call"));
	rec_free(r);
	free(cause);
	cause = NULL;
	r = entry(a, 0, ago(1), "call-parents", "x");
	rec_set(r, LOG_PHONE, "13900000000");
	ck_assert_int_ne(care_save(db, r, &cause), 0);
	ck_assert_ptr_nonnull(strstr(cause, "not a number of the child"));
	rec_free(r);
	free(cause);
	ck_assert_uint_eq(entries(), before + 1);
}
END_TEST

static int
delete_child(struct txn *t, void *arg, char **cause)
{
	return child_delete(t, *(uint32_t *)arg, 0, cause);
}

/* Deletes the staff member the test's entries name (any_staff()). */
static int
delete_staff(struct txn *t, void *arg, char **cause)
{
	return staff_delete(t, 1, 0, cause);
}

START_TEST(a_call_verifies_the_number_it_reached)
{
	struct rec *r, *c;
	uint32_t a, b, contact;
	char *cause = NULL;
	struct txn t;
	size_t before;

	siblings(&a, &b, &contact);
	before = entries();
	ck_assert_int_eq(txn_read(db, &t), 0);
	ck_assert_int_eq(rec_get(&t, RT_CONTACT, contact, &c), 0);
	txn_end(&t);
	r = entry(b, 0, ago(2), "family-call", "妈妈打来电话");
	rec_set(r, LOG_PHONE, rec_str(c, CONTACT_PHONE1));
	add(r);
	rec_free(c);
	ck_assert_int_eq(txn_read(db, &t), 0);
	ck_assert_int_eq(rec_get(&t, RT_CONTACT, contact, &c), 0);
	txn_end(&t);
	ck_assert_str_eq(rec_str(c, CONTACT_VERIFIED1), ago(2));
	rec_free(c);

	/* A staff member who wrote entries keeps her record. */
	ck_assert_int_eq(db_write(db, delete_staff, NULL, &cause), SH_EINUSE);
	ck_assert_msg(strstr(cause, "care log") != NULL, "%s", cause);
	free(cause);
	cause = NULL;

	/* A child deleted takes its entries along, not its sibling's. */
	r = entry(a, b, ago(1), "visit", "兄妹");
	add(r);
	ck_assert_int_eq(db_write(db, delete_child, &b, &cause), 0);
	ck_assert_int_eq(txn_read(db, &t), 0);
	ck_assert_uint_eq(care_count(&t, b), 0);
	ck_assert_uint_eq(care_count(&t, a), 1);
	txn_end(&t);
	ck_assert_uint_eq(entries(), before + 1);
	free(cause);
}
END_TEST

/* Links a login to a staff member (as the administrator). */
static int
link_write(struct txn *t, void *arg, char **cause)
{
	const char **a = arg;
	struct rec *s;
	int rc;

	if ((rc = rec_get(t, RT_STAFF, (uint32_t)atoi(a[0]), &s)) != 0)
		return rc;
	rec_set(s, STAFF_LOGIN, a[1]);
	rc = rec_put(t, s, cause);
	rec_free(s);
	return rc;
}

static void
link_login(uint32_t staff, const char *login)
{
	char num[16], *cause = NULL;
	const char *a[2] = { num, login };

	snprintf(num, sizeof num, "%u", staff);
	access_end();
	ck_assert_msg(db_write(db, link_write, a, &cause) == 0, "%s", cause);
}

static void
act_as(const char *login)
{
	char *cause = NULL;

	free(db->user);
	db->user = xstrdup(login);
	ck_assert_msg(access_begin(db, today, &cause) == 0, "%s", cause);
}

/* The first staff member with exactly these roles, and a mentee. */
static uint32_t
staff_with(const char *roles, uint32_t *mentee)
{
	struct idlist l = { 0 };
	struct rec_iter it;
	struct rec *s;
	struct txn t;
	uint32_t id = 0;

	ck_assert_int_eq(txn_read(db, &t), 0);
	rec_iter_start(&t, RT_STAFF, &it);
	while (id == 0 && (s = rec_iter_next(&it)) != NULL) {
		l.n = 0;
		staff_mentees(&t, s->id, today, &l);
		if (strcmp(rec_str(s, STAFF_ROLES), roles) == 0 &&
		    (mentee == NULL || l.n > 0)) {
			id = s->id;
			if (mentee != NULL)
				*mentee = l.v[0];
		}
		rec_free(s);
	}
	rec_iter_end(&it);
	txn_end(&t);
	idl_free(&l);
	ck_assert_uint_ne(id, 0);
	return id;
}

START_TEST(each_role_sees_and_changes_its_entries)
{
	struct rec *r, *mine, *old;
	uint32_t mentor, principal, kid, other, a, b, contact, e1, e2;
	struct txn t;

	siblings(&a, &b, &contact);
	principal = staff_with("principal,leader", NULL);
	mentor = staff_with("class_teacher,mentor", &kid);
	other = kid == a ? b : a;
	r = entry(kid, 0, ago(2), "talk", "mentee");
	rec_set_ref(r, LOG_STAFF, mentor);
	e1 = add(r);
	e2 = add(entry(other, 0, ago(2), "talk", "not a mentee"));
	link_login(mentor, "mentor");
	link_login(principal, "head");

	act_as("mentor");
	ck_assert_int_eq(txn_read(db, &t), 0);
	ck_assert_int_eq(rec_get(&t, RT_LOG, e1, &mine), 0);
	if (!access_child(other))
		ck_assert_int_eq(rec_get(&t, RT_LOG, e2, &r), SH_EPERM);
	txn_end(&t);
	/* Its author, on the day it was written; not the day after. */
	ck_assert(care_may_write(mine, mine));
	old = rec_dup(mine);
	old->created -= 2 * 86400;
	ck_assert(!care_may_write(mine, old));
	/* Written by another staff member: not hers to change. */
	rec_set_ref(old, LOG_STAFF, principal);
	old->created += 2 * 86400;
	ck_assert(!care_may_write(old, old));
	/* A new entry for a child she may not see is refused. */
	if (!access_child(other)) {
		char *cause = NULL;

		r = entry(other, 0, ago(1), "talk", "x");
		rec_set_ref(r, LOG_STAFF, mentor);
		ck_assert_int_ne(care_save(db, r, &cause), 0);
		free(cause);
		rec_free(r);
	}

	/* The principal changes an entry of her school any day. */
	act_as("head");
	old->created -= 2 * 86400;
	ck_assert(care_may_write(mine, old));
	rec_free(old);
	rec_free(mine);
}
END_TEST

static Suite *
care_suite(void)
{
	Suite *s = suite_create("care");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, a_childs_log_answers_the_worklist);
	tcase_add_test(tc, bad_entries_are_refused_whole);
	tcase_add_test(tc, a_call_verifies_the_number_it_reached);
	tcase_add_test(tc, each_role_sees_and_changes_its_entries);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run(care_suite());
}
