/*
 * Unit tests of the roster's export as a school hands it on, and of
 * export then import: children who left are not exported; the name
 * the screens offer; and a demo township with children of the same
 * name, birth date and school (twins of a name, in other classes, with
 * other ID numbers or none, with other fathers) exported, imported into
 * an empty database, and into the same one again; and the index such an
 * import builds in key order, from runs merged.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbcheck.h"
#include "demo.h"
#include "ixload.h"
#include "model.h"
#include "rec.h"
#include "roster.h"
#include "schema.h"
#include "store.h"
#include "testutil.h"
#include "util.h"
#include "validate.h"

#define DEMO_CHILDREN	2000
#define DEMO_SEED	7

static char *dir;
static struct db *db;
static size_t nerrors;

static void
count_errors(const char *line, void *arg)
{
	if (strstr(line, "warning: ") == NULL) {
		fprintf(stderr, "  %s\n", line);
		nerrors++;
	}
}

static void
setup(void)
{
	db = tu_db_new(&dir);
	nerrors = 0;
}

static void
teardown(void)
{
	tu_db_drop(&db, &dir);
}

static int
export_to(struct db *d, const char *path, size_t *rows)
{
	struct roster_opts o;
	char *cause = NULL;
	int rc;

	memset(&o, 0, sizeof o);
	o.force = true;
	rc = roster_export(d, path, &o, rows, &cause);
	ck_assert_msg(rc == 0, "export: %s", cause);
	return rc;
}

static int
import_from(struct db *d, const char *path, struct roster_summary *sum)
{
	struct roster_opts o;
	char *cause = NULL;
	int rc;

	memset(&o, 0, sizeof o);
	o.message = count_errors;
	rc = roster_import(d, path, &o, sum, &cause);
	ck_assert_msg(rc >= 0, "import: %s", cause);
	free(cause);
	return rc;
}

START_TEST(the_default_name_is_new)
{
	char *n;

	n = roster_default_export_name("柳树乡中心学校", "2026-12-04");
	ck_assert_str_eq(n, "花名册-柳树乡中心学校-20261204.csv");
	free(n);
	n = roster_default_export_name(NULL, "2026-12-04");
	ck_assert_str_eq(n, "花名册-20261204.csv");
	free(n);
	/* Never a path elsewhere, whatever the school is called. */
	n = roster_default_export_name("../a/b\x1b", "2026-12-04");
	ck_assert_str_eq(n, "花名册-.._a_b_-20261204.csv");
	free(n);
}
END_TEST

/* ---- twins of a name in a demo township ---- */

/* Completes id[0..16] with the check character val_idnum() accepts. */
static void
id_complete(char *id)
{
	const char *c;
	char *out = NULL, *why = NULL;

	for (c = "0123456789X"; *c != '\0'; c++) {
		id[17] = *c;
		id[18] = '\0';
		if (val_idnum(id, &out, &why) == 0)
			break;
		free(why);
		why = NULL;
	}
	free(out);
	ck_assert(*c != '\0');
}

static bool
has_father(struct txn *t, uint32_t child)
{
	struct card card = { NULL, 0 };
	size_t i;
	bool found = false;

	if (child_card(t, child, &card) != 0)
		return false;
	for (i = 0; i < card.n; i++)
		if (strcmp(rec_str(card.lines[i].link, LINK_RELATION),
		    "father") == 0)
			found = true;
	card_free(&card);
	return found;
}

/* A child of the same name, birth date, school and grade as c. */
static struct rec *
twin_of(const struct rec *c)
{
	struct rec *t = rec_new(RT_CHILD);
	int i;

	for (i = 0; i < t->sc->nfields; i++)
		rec_set(t, i, rec_str(c, i));
	rec_set(t, CHILD_IDNUM, NULL);
	return t;
}

struct twins {
	char	 left_id[19];	/* the ID number of the child who left */
};

/*
 * Adds three twins of a name: one in another class without an ID
 * number, one in the same class with another ID number, one in the same
 * class without an ID number but with another father; and marks one
 * child as graduated.
 */
static int
add_twins(struct txn *t, void *arg, char **cause)
{
	struct twins *tw = arg;
	struct rec_iter it;
	struct rec *c, *twin, *p;
	char id[19];
	int made = 0, rc = 0;
	bool left = false;
	uint32_t contact;

	rec_iter_start(t, RT_CHILD, &it);
	while ((c = rec_iter_next(&it)) != NULL && rc == 0 &&
	    (made < 3 || !left)) {
		const char *idnum = rec_str(c, CHILD_IDNUM);

		if (made == 0 && *idnum != '\0') {
			twin = twin_of(c);
			rec_set(twin, CHILD_CLASS, strcmp(rec_str(c,
			    CHILD_CLASS), "1") == 0 ? "2" : "1");
			rc = rec_put(t, twin, cause);
			rec_free(twin);
			made++;
		} else if (made == 1 && strlen(idnum) == 18) {
			memcpy(id, idnum, 19);
			id[14] = id[14] == '9' ? '0' : id[14] + 1;
			id_complete(id);
			twin = twin_of(c);
			rec_set(twin, CHILD_IDNUM, id);
			rc = rec_put(t, twin, cause);
			rec_free(twin);
			made++;
		} else if (made == 2 && *idnum != '\0' &&
		    has_father(t, c->id)) {
			twin = twin_of(c);
			if ((rc = rec_put(t, twin, cause)) == 0) {
				p = rec_new(RT_CONTACT);
				rec_set(p, CONTACT_NAME, "另一位父亲");
				rec_set(p, CONTACT_PHONE1, "13900000001");
				rc = rec_put(t, p, cause);
				contact = p->id;
				rec_free(p);
				if (rc == 0)
					rc = link_add(t, twin->id, contact,
					    "father", 1, false, NULL, cause);
			}
			rec_free(twin);
			made++;
		} else if (!left && made == 3 && strlen(idnum) == 18) {
			memcpy(tw->left_id, idnum, 19);
			rec_set(c, CHILD_STATUS, "graduated");
			rc = rec_put(t, c, cause);
			left = true;
		}
		rec_free(c);
	}
	rec_free(c);
	rec_iter_end(&it);
	if (rc == 0 && (made < 3 || !left)) {
		set_cause(cause, "the demo has too few children for the twins");
		rc = SH_EINVAL;
	}
	return rc;
}

START_TEST(twins_of_a_name_round_trip)
{
	struct demo_opts dopts = { DEMO_CHILDREN, DEMO_SEED, NULL, NULL };
	struct demo_result dres;
	struct roster_summary sum;
	struct db_opts o = { true, false, 0 };
	struct twins tw;
	struct db *other;
	char *p = xasprintf("%s/out.csv", dir), *q = xasprintf("%s/again.csv",
	    dir), *d2 = tu_tmpdir(), *cause = NULL, *a, *b;
	size_t rows, again, n, m;

	ck_assert_int_eq(demo_fill(db, &dopts, &dres, &cause), 0);
	memset(&tw, 0, sizeof tw);
	ck_assert_msg(db_write(db, add_twins, &tw, &cause) == 0, "%s", cause);
	ck_assert_int_eq(export_to(db, p, &rows), 0);
	/* The three twins are in, the child who left is not. */
	ck_assert_uint_eq(rows, DEMO_CHILDREN + 3 - 1);
	a = tu_slurp(p, &n);
	ck_assert_ptr_null(strstr(a, tw.left_id));

	/* Into an empty database: every row, no error. */
	ck_assert_int_eq(db_open(d2, &o, &other, &cause), 0);
	ck_assert_int_eq(import_from(other, p, &sum), 0);
	ck_assert_uint_eq(sum.children_added, rows);
	ck_assert_uint_eq(sum.bad, 0);
	ck_assert_uint_eq(nerrors, 0);
	roster_summary_free(&sum);
	/* And out again: the same roster. */
	ck_assert_int_eq(export_to(other, q, &again), 0);
	ck_assert_uint_eq(again, rows);
	b = tu_slurp(q, &m);
	ck_assert_uint_eq(n, m);
	ck_assert(memcmp(a, b, n) == 0);
	free(b);
	db_close(other);
	tu_rmrf(d2);

	/* Into the database it came from: each twin finds itself. */
	ck_assert_int_eq(import_from(db, p, &sum), 0);
	ck_assert_uint_eq(sum.children_added, 0);
	ck_assert_uint_eq(sum.children_updated, 0);
	ck_assert_uint_eq(sum.children_unchanged, rows);
	ck_assert_uint_eq(nerrors, 0);
	roster_summary_free(&sum);
	free(a);
	free(p);
	free(q);
	free(d2);
}
END_TEST

/* ---- the index of a bulk load ---- */

struct load {
	struct ixload	*ix;
	size_t		 n;
	bool		 twice;		/* a unique value given twice */
};

/* A name for a number: 王 and a character for each digit. */
static void
digits_name(size_t n, char *out, size_t size)
{
	static const char *const zh[] = { "甲", "乙", "丙", "丁", "戊", "己",
	    "庚", "辛", "壬", "癸" };

	snprintf(out, size, "王%s%s%s%s", zh[n / 1000 % 10], zh[n / 100 % 10],
	    zh[n / 10 % 10], zh[n % 10]);
}

static int
load_fn(struct txn *t, void *arg, char **cause)
{
	struct load *l = arg;
	struct rec *c;
	char phone[16], name[32];
	size_t i;
	int rc = 0;

	ixload_reset(l->ix);
	t->defer_index = true;
	for (i = 0; i < l->n && rc == 0; i++) {
		c = rec_new(RT_CONTACT);
		/* Out of key order: the last written sort first. */
		digits_name(l->n - i, name, sizeof name);
		snprintf(phone, sizeof phone, "139%08zu", (l->n - i) * 7);
		rec_set(c, CONTACT_NAME, name);
		rec_set(c, CONTACT_PHONE1, phone);
		if ((rc = rec_put(t, c, cause)) == 0)
			ixload_add(l->ix, c);
		rec_free(c);
	}
	for (i = 0; i < (l->twice ? 2 : 0) && rc == 0; i++) {
		c = rec_new(RT_SCHOOL);
		rec_set(c, SCHOOL_NAME, "同名学校");
		if ((rc = rec_put(t, c, cause)) == 0)
			ixload_add(l->ix, c);
		rec_free(c);
	}
	t->defer_index = false;
	return rc != 0 ? rc : ixload_finish(t, l->ix, cause);
}

START_TEST(a_bulk_index_is_the_index)
{
	struct load l;
	struct txn t;
	struct idlist ids = { 0 };
	char *cause = NULL;

	/* Runs of 4 KB: the keys of 3,000 contacts merged from many. */
	l.ix = ixload_new(4096, &cause);
	ck_assert_ptr_nonnull(l.ix);
	l.n = 3000;
	l.twice = false;
	ck_assert_msg(db_write(db, load_fn, &l, &cause) == 0, "%s", cause);
	ck_assert_uint_eq(db_check(db, NULL, NULL, NULL), 0);
	ck_assert_int_eq(txn_read(db, &t), 0);
	search_contacts(&t, "13900021000", &ids);
	ck_assert_uint_eq(ids.n, 1);
	txn_end(&t);
	idl_free(&ids);
	/* Two schools of one name: refused, nothing written. */
	l.n = 10;
	l.twice = true;
	ck_assert_int_eq(db_write(db, load_fn, &l, &cause), SH_EDUP);
	ck_assert_ptr_nonnull(strstr(cause, "must be unique"));
	free(cause);
	ixload_free(l.ix);
	ck_assert_uint_eq(db_check(db, NULL, NULL, NULL), 0);
}
END_TEST

static Suite *
export_suite(void)
{
	Suite *s = suite_create("export");
	TCase *tc = tcase_create("export");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 240);
	tcase_add_test(tc, the_default_name_is_new);
	tcase_add_test(tc, twins_of_a_name_round_trip);
	tcase_add_test(tc, a_bulk_index_is_the_index);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run(export_suite());
}
