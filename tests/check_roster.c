/*
 * Unit tests of the roster import and export against a real LMDB in a
 * temporary directory: the sample rosters in tests/data (UTF-8 with a
 * BOM and CR LF, GBK, LF with English headers in another order), every
 * normalisation, siblings sharing their people, the guardian who is a
 * parent, mentors, importing twice, an updated roster, dry runs,
 * --skip-bad, the problems and their lines, damaged files and
 * encodings, a transaction run again after the map grew, kill -9 in the
 * middle of an import, and export then import giving the same records.
 * The fuzz target's corpus is replayed here too.
 */
#include "config.h"

#include <dirent.h>
#include <iconv.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cover.h"
#include "dbcheck.h"
#include "model.h"
#include "rec.h"
#include "roster.h"
#include "schema.h"
#include "store.h"
#include "testutil.h"
#include "index.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define SCHOOL "柳树乡中心学校"

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *dir;
static struct db *db;

static void
setup(void)
{
	db = tu_db_new(&dir);
}

static void
teardown(void)
{
	tu_db_drop(&db, &dir);
	tu_msgs_clear();
}

static char *
data(const char *name)
{
	const char *top = getenv("TOP_SRCDIR");

	return xasprintf("%s/tests/data/%s", top != NULL ? top : ".", name);
}

static void
opts_init(struct roster_opts *o)
{
	memset(o, 0, sizeof *o);
	o->message = tu_collect;
}

/* Imports a sample roster into d; returns what roster_import returned. */
static int
import_into(struct db *d, const char *name, const struct roster_opts *o,
    struct roster_summary *sum)
{
	char *path = data(name), *cause = NULL;
	int rc;

	rc = roster_import(d, path, o, sum, &cause);
	ck_assert_msg(rc >= 0 || cause != NULL, "a failure without a cause");
	free(cause);
	free(path);
	return rc;
}

static int
import(const char *name, struct roster_summary *sum)
{
	struct roster_opts o;

	opts_init(&o);
	return import_into(db, name, &o, sum);
}

/* Imports from memory (roster_import_stream). */
static int
import_text(struct db *d, const char *text, const struct roster_opts *o,
    struct roster_summary *sum, char **cause)
{
	FILE *f = fmemopen((void *)text, strlen(text), "rb");
	int rc;

	ck_assert_ptr_nonnull(f);
	rc = roster_import_stream(d, f, "mem.csv", o, sum, cause);
	fclose(f);
	return rc;
}

static size_t
count(struct db *d, enum dbi_id dbi)
{
	struct txn t;
	size_t n;

	ck_assert_int_eq(txn_read(d, &t), 0);
	n = kv_count(&t, dbi);
	txn_end(&t);
	return n;
}

/*
 * Whether a problem "...FILE: row ROW: <text>" was reported; the row may
 * be followed by its 序号 and name in parentheses, as in
 * "FILE: row 13 (no. 12, 张三): <text>".  Row 0: about the whole file.
 */
static bool
reported(const char *file, size_t row, const char *text)
{
	char *want = row != 0 ? xasprintf("%s: row %zu", file, row) :
	    xasprintf("%s: ", file);
	const char *p, *q;
	size_t i;
	bool found = false;

	for (i = 0; i < tu_nmsgs && !found; i++) {
		p = strstr(tu_msgs[i], want);
		if (p == NULL || (p != tu_msgs[i] && p[-1] != '/'))
			continue;
		p += strlen(want);
		if (row != 0 && strncmp(p, " (", 2) == 0 &&
		    (q = strstr(p, "): ")) != NULL)
			p = q + 1;
		if (row != 0 && strncmp(p, ": ", 2) == 0)
			p += 2;
		found = strncmp(p, text, strlen(text)) == 0;
	}
	free(want);
	return found;
}


#define ck_reported(f, r, t) do {					\
	if (!reported(f, r, t))						\
		tu_msgs_show();						\
	ck_assert_msg(reported(f, r, t), "not reported: %s: row %d: %s", \
	    f, r, t);							\
} while (0)

static struct rec *
child_named(struct db *d, const char *name)
{
	struct txn t;
	struct rec_iter it;
	struct rec *r, *found = NULL;

	ck_assert_int_eq(txn_read(d, &t), 0);
	rec_iter_start(&t, RT_CHILD, &it);
	while ((r = rec_iter_next(&it)) != NULL) {
		if (found == NULL && strcmp(rec_str(r, CHILD_NAME), name) == 0)
			found = r;
		else
			rec_free(r);
	}
	rec_iter_end(&it);
	txn_end(&t);
	ck_assert_msg(found != NULL, "no child %s", name);
	return found;
}

static void
card_of(struct db *d, const char *name, struct card *card)
{
	struct rec *c = child_named(d, name);
	struct txn t;

	ck_assert_int_eq(txn_read(d, &t), 0);
	ck_assert_int_eq(child_card(&t, c->id, card), 0);
	txn_end(&t);
	rec_free(c);
}

/* One line of a card: "name relation priority guardian phones". */
static char *
card_line(const struct card *card, size_t i)
{
	const struct rec *l = card->lines[i].link, *p = card->lines[i].contact;

	return xasprintf("%s %s %s %s %s|%s|%s %s", rec_str(p, CONTACT_NAME),
	    rec_str(l, LINK_RELATION), rec_str(l, LINK_PRIORITY),
	    rec_str(l, LINK_GUARDIAN), rec_str(p, CONTACT_PHONE1),
	    rec_str(p, CONTACT_PHONE2), rec_str(p, CONTACT_PHONE3),
	    rec_str(p, CONTACT_WORKPLACE));
}

static void
ck_card(struct db *d, const char *child, const char *const *want,
    size_t n)
{
	struct card card;
	char *line;
	size_t i;

	card_of(d, child, &card);
	ck_assert_msg(card.n == n, "%s has %zu people, not %zu", child,
	    card.n, n);
	for (i = 0; i < n; i++) {
		line = card_line(&card, i);
		ck_assert_msg(strcmp(line, want[i]) == 0, "%s card line %zu: "
		    "\"%s\", not \"%s\"", child, i, line, want[i]);
		free(line);
	}
	card_free(&card);
}

static uint32_t
contact_of(struct db *d, const char *child, size_t i)
{
	struct card card;
	uint32_t id;

	card_of(d, child, &card);
	ck_assert_uint_gt(card.n, i);
	id = card.lines[i].contact->id;
	card_free(&card);
	return id;
}

/* The mentor's name and the staff id, on today. */
static uint32_t
mentor_of(struct db *d, const char *child, char **name)
{
	struct rec *c = child_named(d, child), *p, *s;
	struct txn t;
	char today[11];
	uint32_t id = 0;

	date_today(today);
	*name = xstrdup("");
	ck_assert_int_eq(txn_read(d, &t), 0);
	if ((p = child_mentor_pair(&t, c->id, today)) != NULL) {
		id = rec_ref(p, PAIR_STAFF);
		ck_assert_int_eq(rec_get(&t, RT_STAFF, id, &s), 0);
		free(*name);
		*name = xstrdup(rec_str(s, STAFF_NAME));
		rec_free(s);
		rec_free(p);
	}
	txn_end(&t);
	rec_free(c);
	return id;
}

/*
 * Everything a roster says about the database, as sorted text without
 * record ids, times or versions: two databases with the same records
 * give the same text.
 */
static char *
dump(struct db *d)
{
	struct txn t;
	struct rec_iter it;
	struct rec *r, *x, *y;
	struct buf b = { 0 };
	char **lines = NULL, *s, *school, *key;
	size_t n = 0, i;
	int type, f;

	ck_assert_int_eq(txn_read(d, &t), 0);
	for (type = 0; type < RT__COUNT; type++) {
		rec_iter_start(&t, type, &it);
		while ((r = rec_iter_next(&it)) != NULL) {
			buf_reset(&b);
			buf_addf(&b, "%s:", r->sc->name);
			for (f = 0; f < r->sc->nfields; f++) {
				const struct field *fd = &r->sc->fields[f];

				if (fd->type != FT_REF) {
					buf_addf(&b, " %s=%s", fd->name,
					    rec_str(r, f));
					continue;
				}
				if (rec_ref(r, f) == 0 ||
				    rec_get(&t, fd->ref, rec_ref(r, f),
				    &x) != 0) {
					buf_addf(&b, " %s=?", fd->name);
					continue;
				}
				/* A child by name; a staff member with school. */
				school = xstrdup("");
				if (fd->ref == RT_STAFF && rec_get(&t,
				    RT_SCHOOL, rec_ref(x, STAFF_SCHOOL),
				    &y) == 0) {
					free(school);
					school = xstrdup(rec_title(y));
					rec_free(y);
				}
				key = fd->ref == RT_CONTACT ? xasprintf("%s/%s",
				    rec_title(x), rec_str(x, CONTACT_PHONE1)) :
				    xstrdup(rec_title(x));
				buf_addf(&b, " %s=%s%s", fd->name, key, school);
				free(key);
				free(school);
				rec_free(x);
			}
			strv_push(&lines, &n, xstrdup(b.s));
			rec_free(r);
		}
		ck_assert_int_eq(it.err, 0);
		rec_iter_end(&it);
	}
	txn_end(&t);
	qsort(lines, n, sizeof *lines, name_cmp);
	buf_reset(&b);
	for (i = 0; i < n; i++)
		buf_addf(&b, "%s\n", lines[i]);
	strv_free(lines);
	s = buf_take(&b);
	buf_free(&b);
	return s;
}

/* Version of every record: for "nothing was written". */
static char *
versions(struct db *d)
{
	struct txn t;
	struct rec_iter it;
	struct rec *r;
	struct buf b = { 0 };
	int type;

	ck_assert_int_eq(txn_read(d, &t), 0);
	for (type = 0; type < RT__COUNT; type++) {
		rec_iter_start(&t, type, &it);
		while ((r = rec_iter_next(&it)) != NULL) {
			buf_addf(&b, "%d/%u/%u/%lld\n", type, r->id, r->version,
			    (long long)r->updated);
			rec_free(r);
		}
		rec_iter_end(&it);
	}
	txn_end(&t);
	return buf_take(&b);
}

/* A staff member of SCHOOL (made when missing). */
static void
add_staff(const char *name)
{
	struct rec *s, *m;
	struct txn t;
	char *cause = NULL;
	uint32_t school;

	ck_assert_int_eq(txn_read(db, &t), 0);
	school = school_by_name(&t, SCHOOL);
	txn_end(&t);
	if (school == 0) {
		s = rec_new(RT_SCHOOL);
		rec_set(s, SCHOOL_NAME, SCHOOL);
		ck_assert_msg(rec_save(db, s, &cause) == 0, "%s", cause);
		school = s->id;
		rec_free(s);
	}
	m = rec_new(RT_STAFF);
	rec_set(m, STAFF_NAME, name);
	rec_set_ref(m, STAFF_SCHOOL, school);
	rec_set(m, STAFF_ROLES, "class_teacher,mentor");
	ck_assert_msg(rec_save(db, m, &cause) == 0, "%s", cause);
	rec_free(m);
}

/* ---- importing ---- */

/* How many of the children's name keys lack the list row they carry. */
static size_t
rows_missing(struct db *d)
{
	struct cover_row cr;
	struct rec_iter it;
	struct keyset ks;
	struct txn t;
	struct rec *r;
	MDB_val v;
	size_t i, missing = 0, kept = 0;

	ck_assert_int_eq(txn_read(d, &t), 0);
	rec_iter_start(&t, RT_CHILD, &it);
	while ((r = rec_iter_next(&it)) != NULL) {
		rec_keys(r, &ks);
		for (i = 0; i < ks.n; i++) {
			if (!ks.keys[i].cover)
				continue;
			kept++;
			if (kv_get(&t, DBI_IX, ks.keys[i].k, ks.keys[i].n,
			    &v) != 0 || cover_read(v.mv_data, v.mv_size,
			    cover_fields(), &cr) != 0)
				missing++;
		}
		ks_free(&ks);
		rec_free(r);
	}
	rec_iter_end(&it);
	txn_end(&t);
	ck_assert_uint_gt(kept, 0);
	return missing;
}

START_TEST(imports_a_roster)
{
	struct roster_summary sum;
	char *name;
	uint32_t wang;

	add_staff("王丽");
	wang = 1;
	ck_assert_int_eq(import("roster-utf8.csv", &sum), 0);
	if (tu_nmsgs > 0)
		tu_msgs_show();
	ck_assert_uint_eq(tu_nmsgs, 0);
	ck_assert_str_eq(sum.encoding, "UTF-8");
	ck_assert_uint_eq(sum.rows, 8);
	ck_assert_uint_eq(sum.children_added, 8);
	ck_assert_uint_eq(sum.contacts_added, 14);
	ck_assert_uint_eq(sum.links_added, 19);
	ck_assert_uint_eq(sum.pairs, 5);
	ck_assert_uint_eq(sum.bad + sum.errors + sum.warnings, 0);
	ck_assert(sum.written);
	/* 王丽 exists; 刘老师 and 赵老师 are made, and 桃花村小学. */
	ck_assert_uint_eq(sum.nstaff_created, 2);
	ck_assert_str_eq(sum.staff_created[0], "刘老师 (柳树乡中心学校)");
	ck_assert_str_eq(sum.staff_created[1], "赵老师 (桃花村小学)");
	ck_assert_uint_eq(sum.nschools_created, 1);
	ck_assert_str_eq(sum.schools_created[0], "桃花村小学");
	roster_summary_free(&sum);
	ck_assert_uint_eq(count(db, DBI_CHILD), 8);
	ck_assert_uint_eq(count(db, DBI_STAFF), 3);
	ck_assert_uint_eq(mentor_of(db, "张小明", &name), wang);
	ck_assert_str_eq(name, "王丽");
	free(name);
	mentor_of(db, "陈刚", &name);
	ck_assert_str_eq(name, "刘老师");
	free(name);
	mentor_of(db, "赵一鸣", &name);
	ck_assert_str_eq(name, "");
	free(name);
	ck_assert_uint_eq(db_check(db, NULL, NULL, NULL), 0);
	/* The first import builds the index at once, rows and all. */
	ck_assert_uint_eq(rows_missing(db), 0);
}
END_TEST

/* The child's fields, in the order of the schema. */
static void
ck_child(const char *name, const char *const *want)
{
	struct rec *c = child_named(db, name);
	static const int fields[] = { CHILD_SEX, CHILD_ETHNICITY,
	    CHILD_BIRTH, CHILD_IDNUM, CHILD_GRADE, CHILD_CLASS, CHILD_VILLAGE,
	    CHILD_GROUP, CHILD_BOARDING, CHILD_LEFT_BEHIND,
	    CHILD_GUARDIANSHIP, CHILD_NOTES };
	size_t i;

	for (i = 0; i < nitems(fields); i++)
		ck_assert_msg(strcmp(rec_str(c, fields[i]), want[i]) == 0,
		    "%s: %s is \"%s\", not \"%s\"", name,
		    c->sc->fields[fields[i]].name, rec_str(c, fields[i]),
		    want[i]);
	rec_free(c);
}

/* Two 王丽 in the school: which one is not guessed. */
START_TEST(an_ambiguous_mentor_is_not_guessed)
{
	struct roster_summary sum;
	char *name;

	add_staff("王丽");
	add_staff("王丽");
	ck_assert_int_eq(import("roster-utf8.csv", &sum), 0);
	ck_assert_uint_eq(sum.warnings, 3);
	ck_assert_uint_eq(sum.pairs, 2);
	ck_assert_uint_eq(sum.nstaff_created, 2);
	roster_summary_free(&sum);
	ck_reported("roster-utf8.csv", 2, "warning: 帮扶教师 \"王丽\": several "
	    "staff of this school have this name, so no mentor is set");
	ck_reported("roster-utf8.csv", 8, "warning: 帮扶教师 \"王丽\": several");
	mentor_of(db, "张小明", &name);
	ck_assert_str_eq(name, "");
	free(name);
	ck_assert_uint_eq(count(db, DBI_STAFF), 4);
}
END_TEST

/* A row that contradicts itself about who is who. */
START_TEST(people_who_cannot_be_told_apart)
{
	static const char text[] =
	    "学校,年级,班级,姓名,性别,出生日期,父亲姓名,父亲电话,母亲姓名,母亲电话,"
	    "监护人姓名,监护人关系,监护人电话\n"
	    /* 2: the mother and the grandmother: one name, one phone. */
	    SCHOOL ",三年级,2班,张一,男,2016-03-07,,,王芳,13812345678,王芳,"
	    "奶奶,13812345678\n"
	    /* 3: 监护人关系 父亲, but the father is someone else. */
	    SCHOOL ",三年级,2班,张二,男,2016-03-08,张伟,,,,张强,父亲,\n"
	    /* 4: father and mother one person. */
	    SCHOOL ",三年级,2班,张三,男,2016-03-09,张伟,139,张伟,,,,\n"
	    /* 5: a phone without its person. */
	    SCHOOL ",三年级,2班,张四,男,2016-03-10,,,,13812345678,,,\n"
	    /* 6: fine: a grandmother named like the mother, another phone. */
	    SCHOOL ",三年级,2班,张五,男,2016-03-11,,,王芳,13812345678,王芳,"
	    "奶奶,13900000000\n";
	struct roster_opts o;
	struct roster_summary sum;
	char *cause = NULL;

	opts_init(&o);
	ck_assert_int_eq(import_text(db, text, &o, &sum, &cause),
	    ROSTER_EROWS);
	if (sum.bad != 4)
		tu_msgs_show();
	ck_assert_uint_eq(sum.bad, 4);
	roster_summary_free(&sum);
	ck_reported("mem.csv", 2, "监护人姓名 and 母亲姓名 are both \"王芳\" "
	    "with the same phone, but 监护人关系 is \"祖母\"");
	ck_reported("mem.csv", 3, "监护人关系 is \"父亲\", but 父亲姓名 is "
	    "\"张伟\", not \"张强\"");
	ck_reported("mem.csv", 4, "父亲姓名 and 母亲姓名 name the same person");
	ck_reported("mem.csv", 5, "母亲电话 is given, but not 母亲姓名");
	ck_assert_ptr_null(cause);
}
END_TEST

START_TEST(normalises_every_form)
{
	struct roster_summary sum;

	ck_assert_int_eq(import("roster-utf8.csv", &sum), 0);
	roster_summary_free(&sum);
	/* sex ethnicity birth id grade class village group boarding lb gs notes */
	ck_child("张小明", (const char *const[]){ "m", "汉族", "2016-03-07",
	    "430523201603070132", "3", "2", "柳树村", "3组", "0", "both",
	    "good", "住在山上, 离学校远" });
	ck_child("张小红", (const char *const[]){ "f", "汉族", "2018-09-01",
	    "43052320180901024X", "1", "1", "柳树村", "3组", "1", "both",
	    "fair", "外号\"小红\"\n喜欢唱歌" });
	ck_child("陈刚", (const char *const[]){ "m", "苗族", "2013-05-06", "",
	    "7", "1", "石桥村", "", "1", "mother", "poor", "" });
	ck_child("赵一鸣", (const char *const[]){ "m", "汉", "2014-10-20",
	    "430523201410200316", "5", "3", "桃花村", "二组", "1", "father",
	    "good", "" });
	ck_child("赵雨桐", (const char *const[]){ "f", "汉族", "2016-01-10", "",
	    "3", "3", "桃花村", "二组", "0", "father", "fair", "" });
	ck_child("周欣怡", (const char *const[]){ "f", "土家族", "2015-07-15",
	    "", "4", "1", "柳树村", "5组12号", "0", "mother", "good", "" });
	/* Sex and birth date from the ID number. */
	ck_child("黄浩然", (const char *const[]){ "m", "汉族", "2017-04-02",
	    "430523201704020556", "2", "2", "青山村", "", "0", "both", "good",
	    "" });
}
END_TEST

START_TEST(siblings_share_their_people)
{
	struct roster_summary sum;
	int i;

	ck_assert_int_eq(import("roster-utf8.csv", &sum), 0);
	roster_summary_free(&sum);
	/* The guardian first, then the father and the mother. */
	ck_card(db, "张小明", (const char *const[]){
	    "王秀英 grandmother 1 1 0739-2123456|| ",
	    "张伟 father 2 0 13812345678|| 广东省东莞市",
	    "李芳 mother 3 0 13987654321|| 浙江省义乌市" }, 3);
	ck_card(db, "张小红", (const char *const[]){
	    "王秀英 grandmother 1 1 0739-2123456|| ",
	    "张伟 father 2 0 13812345678|| 广东省东莞市",
	    "李芳 mother 3 0 13987654321|| 浙江省义乌市" }, 3);
	for (i = 0; i < 3; i++)
		ck_assert_uint_eq(contact_of(db, "张小明", i),
		    contact_of(db, "张小红", i));
	/* A grandmother without a phone is shared too (same 现居住地). */
	ck_card(db, "赵雨桐", (const char *const[]){
	    "孙桂英 maternal_grandmother 1 1 || ",
	    "赵强 father 2 0 15011112222|| 上海市" }, 2);
	for (i = 0; i < 2; i++)
		ck_assert_uint_eq(contact_of(db, "赵一鸣", i),
		    contact_of(db, "赵雨桐", i));
}
END_TEST

START_TEST(guardian_who_is_a_parent)
{
	struct roster_summary sum;

	ck_assert_int_eq(import("roster-utf8.csv", &sum), 0);
	roster_summary_free(&sum);
	/* 监护人关系 父亲: the father is the entrusted guardian. */
	ck_card(db, "陈刚", (const char *const[]){
	    "陈大山 father 1 1 13711112222|| ",
	    "刘梅 mother 2 0 || 湖南省长沙市" }, 2);
	/* 监护人 吴丽 (母亲) with 母亲 吴丽: one person. */
	ck_card(db, "周欣怡", (const char *const[]){
	    "吴丽 mother 1 1 18612345678|| 福建省厦门市",
	    "周建国 father 2 0 || " }, 2);
	ck_card(db, "黄浩然", (const char *const[]){
	    "黄德明 grandfather 1 1 13100003333|| ",
	    "黄勇 father 2 0 13600001111|| 江苏省苏州市",
	    "林静 mother 3 0 13600002222|| 江苏省苏州市" }, 3);
}
END_TEST

START_TEST(importing_twice_changes_nothing)
{
	struct roster_summary sum;
	char *before, *after;

	ck_assert_int_eq(import("roster-utf8.csv", &sum), 0);
	roster_summary_free(&sum);
	before = versions(db);
	ck_assert_int_eq(import("roster-utf8.csv", &sum), 0);
	ck_assert_uint_eq(sum.children_unchanged, 8);
	ck_assert_uint_eq(sum.children_added + sum.children_updated, 0);
	ck_assert_uint_eq(sum.contacts_added + sum.contacts_updated, 0);
	ck_assert_uint_eq(sum.links_added + sum.links_updated, 0);
	ck_assert_uint_eq(sum.pairs + sum.nstaff_created +
	    sum.nschools_created, 0);
	roster_summary_free(&sum);
	after = versions(db);
	ck_assert_str_eq(before, after);
	free(after);
	/* The same roster in other clothes is the same too. */
	ck_assert_int_eq(import("roster-gbk.csv", &sum), 0);
	ck_assert_uint_eq(sum.children_unchanged, 8);
	roster_summary_free(&sum);
	ck_assert_int_eq(import("roster-lf.csv", &sum), 0);
	ck_assert_uint_eq(sum.children_unchanged, 8);
	roster_summary_free(&sum);
	after = versions(db);
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
}
END_TEST

/* GBK without a BOM, LF with English headers in another order: the same. */
START_TEST(encodings_and_layouts_give_the_same_records)
{
	static const char *const files[] = { "roster-gbk.csv",
	    "roster-lf.csv" };
	struct roster_summary sum;
	struct db_opts o = { .create = true };
	struct db *other;
	char *d2, *cause = NULL, *a, *b;
	size_t i;

	ck_assert_int_eq(import("roster-utf8.csv", &sum), 0);
	roster_summary_free(&sum);
	a = dump(db);
	for (i = 0; i < nitems(files); i++) {
		struct roster_opts ro;

		d2 = tu_tmpdir();
		ck_assert_int_eq(db_open(d2, &o, &other, &cause), 0);
		opts_init(&ro);
		ck_assert_int_eq(import_into(other, files[i], &ro, &sum), 0);
		ck_assert_str_eq(sum.encoding, i == 0 ? "GB18030" : "UTF-8");
		roster_summary_free(&sum);
		b = dump(other);
		ck_assert_str_eq(a, b);
		free(b);
		db_close(other);
		tu_rmrf(d2);
		free(d2);
	}
	free(a);
	/* The unknown column of roster-lf.csv was named once; 序号 not. */
	ck_assert_uint_eq(tu_nmsgs, 1);
	ck_reported("roster-lf.csv", 1, "warning: the column \"家庭人口\" is "
	    "not known and is ignored");
}
END_TEST

struct verify_arg {
	uint32_t	 contact;
	const char	*date;
};

static int
verify_fn(struct txn *t, void *arg, char **cause)
{
	struct verify_arg *a = arg;
	struct rec *c;
	char *phone;
	int rc;

	/* The contact's first number, whatever it is. */
	if ((rc = rec_get(t, RT_CONTACT, a->contact, &c)) != 0)
		return rc;
	phone = xstrdup(rec_str(c, CONTACT_PHONE1));
	rec_free(c);
	rc = contact_verify_phone(t, a->contact, phone, a->date, cause);
	free(phone);
	return rc;
}

START_TEST(an_updated_roster_updates)
{
	struct roster_summary sum;
	struct verify_arg va;
	struct txn t;
	struct rec *c;
	char *name, *cause = NULL;

	ck_assert_int_eq(import("roster-utf8.csv", &sum), 0);
	roster_summary_free(&sum);
	/* 张伟's number was verified; the roster then brings a new one. */
	va.contact = contact_of(db, "张小明", 1);
	va.date = "2026-01-02";
	ck_assert_int_eq(db_write(db, verify_fn, &va, &cause), 0);
	ck_assert_int_eq(import("roster-update.csv", &sum), 0);
	if (tu_nmsgs > 0)
		tu_msgs_show();
	ck_assert_uint_eq(sum.rows, 9);
	ck_assert_uint_eq(sum.children_added, 1);
	ck_assert_uint_eq(sum.children_updated, 1);	/* 陈刚's class */
	ck_assert_uint_eq(sum.children_unchanged, 7);
	ck_assert_uint_eq(sum.contacts_added, 0);	/* 张小刚's are known */
	ck_assert_uint_eq(sum.contacts_updated, 1);	/* 张伟's new phone */
	ck_assert_uint_eq(sum.links_added, 3);
	ck_assert_uint_eq(sum.pairs, 2);	/* 周欣怡's new mentor, 张小刚 */
	roster_summary_free(&sum);
	/* A new number comes first; the old one is kept after it. */
	ck_card(db, "张小红", (const char *const[]){
	    "王秀英 grandmother 1 1 0739-2123456|| ",
	    "张伟 father 2 0 13800009999|13812345678| 广东省东莞市",
	    "李芳 mother 3 0 13987654321|| 浙江省义乌市" }, 3);
	ck_assert_uint_eq(contact_of(db, "张小刚", 1),
	    contact_of(db, "张小明", 1));
	ck_assert_int_eq(txn_read(db, &t), 0);
	ck_assert_int_eq(rec_get(&t, RT_CONTACT, va.contact, &c), 0);
	txn_end(&t);
	ck_assert_str_eq(rec_str(c, CONTACT_VERIFIED1), "");
	ck_assert_str_eq(rec_str(c, CONTACT_PHONE2), "13812345678");
	ck_assert_str_eq(rec_str(c, CONTACT_VERIFIED2), "2026-01-02");
	rec_free(c);
	c = child_named(db, "陈刚");
	ck_assert_str_eq(rec_str(c, CHILD_CLASS), "2");
	ck_assert_uint_eq(c->version, 2);
	rec_free(c);
	mentor_of(db, "周欣怡", &name);
	ck_assert_str_eq(name, "刘老师");
	free(name);
	/* And once more: nothing. */
	ck_assert_int_eq(import("roster-update.csv", &sum), 0);
	ck_assert_uint_eq(sum.children_unchanged, 9);
	ck_assert_uint_eq(sum.contacts_updated + sum.links_added +
	    sum.links_updated + sum.pairs, 0);
	roster_summary_free(&sum);
	ck_assert_uint_eq(db_check(db, NULL, NULL, NULL), 0);
	/* The rows of the children it changed are rewritten. */
	ck_assert_uint_eq(rows_missing(db), 0);
}
END_TEST

START_TEST(empty_cells_keep_what_is_stored)
{
	static const char partial[] =
	    "学校,年级,班级,姓名,性别,出生日期,身份证号,备注,父亲姓名,父亲电话\n"
	    SCHOOL ",三年级,2班,张小明,男,2016-03-07,,,张伟,\n";
	struct roster_opts o;
	struct roster_summary sum;
	char *cause = NULL, *before, *after;

	ck_assert_int_eq(import("roster-utf8.csv", &sum), 0);
	roster_summary_free(&sum);
	before = versions(db);
	opts_init(&o);
	ck_assert_int_eq(import_text(db, partial, &o, &sum, &cause), 0);
	ck_assert_uint_eq(sum.children_unchanged, 1);
	roster_summary_free(&sum);
	after = versions(db);
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
	ck_child("张小明", (const char *const[]){ "m", "汉族", "2016-03-07",
	    "430523201603070132", "3", "2", "柳树村", "3组", "0", "both",
	    "good", "住在山上, 离学校远" });
}
END_TEST

/* The next school year: 六年级 becomes 初一, primary school junior. */
START_TEST(a_new_grade_gives_the_schooling_again)
{
	static const char y1[] = "学校,年级,班级,姓名,性别,出生日期\n"
	    SCHOOL ",六年级,1班,王明,男,2013-03-07\n";
	static const char y2[] = "学校,年级,班级,姓名,性别,出生日期\n"
	    SCHOOL ",初一,1班,王明,男,2013-03-07\n";
	struct roster_opts o;
	struct roster_summary sum;
	char *cause = NULL;
	struct rec *c;

	opts_init(&o);
	ck_assert_int_eq(import_text(db, y1, &o, &sum, &cause), 0);
	roster_summary_free(&sum);
	c = child_named(db, "王明");
	ck_assert_str_eq(rec_str(c, CHILD_SCHOOLING), "primary");
	rec_free(c);
	ck_assert_int_eq(import_text(db, y2, &o, &sum, &cause), 0);
	ck_assert_uint_eq(sum.children_updated, 1);
	roster_summary_free(&sum);
	c = child_named(db, "王明");
	ck_assert_str_eq(rec_str(c, CHILD_GRADE), "7");
	ck_assert_str_eq(rec_str(c, CHILD_SCHOOLING), "junior");
	rec_free(c);
	ck_assert_ptr_null(cause);
}
END_TEST

START_TEST(dry_run_writes_nothing)
{
	struct roster_opts o;
	struct roster_summary sum;
	char *before, *after;
	size_t i;

	opts_init(&o);
	o.dry_run = true;
	before = versions(db);
	ck_assert_int_eq(import_into(db, "roster-utf8.csv", &o, &sum), 0);
	ck_assert_uint_eq(sum.children_added, 8);
	ck_assert_uint_eq(sum.contacts_added, 14);
	ck_assert(!sum.written);
	roster_summary_free(&sum);
	after = versions(db);
	ck_assert_str_eq(before, after);
	free(after);
	for (i = 0; i < DBI__COUNT; i++)
		if (i != DBI_META)
			ck_assert_uint_eq(count(db, (enum dbi_id)i), 0);
	/* The problems of a dry run are those of a real one. */
	ck_assert_int_eq(import_into(db, "roster-bad.csv", &o, &sum),
	    ROSTER_EROWS);
	ck_assert_uint_eq(sum.bad, 15);
	roster_summary_free(&sum);
	after = versions(db);
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
}
END_TEST

/*
 * Each problem of roster-bad.csv, by its row as a spreadsheet shows it:
 * the row of two lines (3 and 4) is one row, and the blank line 18 is
 * one.
 */
static void
ck_bad_messages(void)
{
	static const struct {
		size_t		 row;
		const char	*text;
	} want[] = {
		{ 1, "warning: \"柳树乡中心学校留守儿童花名册\" is taken for a "
		    "title and skipped" },
		{ 4, "出生日期 \"2015-13-45\": " },
		{ 5, "父亲电话 \"1.38E+10\": looks like a number mangled by "
		    "Excel" },
		{ 6, "身份证号 \"4.30523E+17\": looks like a number mangled by "
		    "Excel" },
		{ 7, "姓名 \"锟斤拷\": damaged text" },
		{ 8, "父亲姓名 \"寮犱笁\": damaged text" },
		{ 9, "23 fields, more than the 22 of the header row" },
		{ 10, "10 fields, fewer than the 22 of the header row" },
		{ 11, "a quote in the wrong place" },
		{ 12, "性别 is empty, but it is required" },
		{ 13, "身份证号 \"430523201603070132\": the birth date in it is "
		    "2016-03-07, not 2016-03-08" },
		{ 14, "母亲电话 is given, but not 母亲姓名" },
		{ 15, "年级 \"高一\": only primary and junior middle school "
		    "grades" },
		{ 16, "监护人关系 \"邻居\": not one of: " },
		{ 19, "the same child as in row 3 (the same name, birth date "
		    "and school" },
		{ 20, "warning: \"填表人：李老师\" is not a child's row (a "
		    "note?) and is skipped" },
		/* 祖母 read as GBK: refused as a relation, said why. */
		{ 21, "监护人关系 \"绁栨瘝\": damaged text" },
	};
	size_t i;

	for (i = 0; i < nitems(want); i++)
		ck_assert_msg(reported("roster-bad.csv", want[i].row,
		    want[i].text), "not reported: row %zu: %s", want[i].row,
		    want[i].text);
	ck_assert_uint_eq(tu_nmsgs, nitems(want));
}

START_TEST(bad_rows_import_nothing)
{
	struct roster_summary sum;

	ck_assert_int_eq(import("roster-bad.csv", &sum), ROSTER_EROWS);
	ck_bad_messages();
	ck_assert_uint_eq(sum.rows, 17);
	ck_assert_uint_eq(sum.bad, 15);
	ck_assert_uint_eq(sum.errors, 15);
	ck_assert_uint_eq(sum.warnings, 2);
	ck_assert(!sum.written);
	roster_summary_free(&sum);
	ck_assert_uint_eq(count(db, DBI_CHILD), 0);
	ck_assert_uint_eq(count(db, DBI_SCHOOL), 0);
}
END_TEST

START_TEST(skip_bad_imports_the_good_rows)
{
	struct roster_opts o;
	struct roster_summary sum;
	struct rec *c;

	opts_init(&o);
	o.skip_bad = true;
	ck_assert_int_eq(import_into(db, "roster-bad.csv", &o, &sum), 0);
	ck_bad_messages();
	ck_assert_uint_eq(sum.children_added, 2);
	ck_assert_uint_eq(sum.bad, 15);
	{
		static const size_t rows[] = { 4, 5, 6, 7, 8, 9, 10, 11, 12,
		    13, 14, 15, 16, 19, 21 };
		size_t i;

		for (i = 0; i < nitems(rows); i++)
			ck_assert_uint_eq(sum.bad_rows[i], rows[i]);
	}
	ck_assert(sum.written);
	roster_summary_free(&sum);
	ck_assert_uint_eq(count(db, DBI_CHILD), 2);
	c = child_named(db, "好孩子");
	ck_assert_str_eq(rec_str(c, CHILD_NOTES), "第一行\n第二行");
	rec_free(c);
	rec_free(child_named(db, "蒋好孩"));
}
END_TEST

START_TEST(csv_damage_is_named_by_line)
{
	struct roster_opts o;
	struct roster_summary sum;

	ck_assert_int_eq(import("roster-unclosed.csv", &sum), ROSTER_EROWS);
	ck_reported("roster-unclosed.csv", 3, "a quoted field is not closed "
	    "by the end of the file");
	roster_summary_free(&sum);
	tu_msgs_clear();
	opts_init(&o);
	o.skip_bad = true;
	ck_assert_int_eq(import_into(db, "roster-unclosed.csv", &o, &sum), 0);
	ck_assert_uint_eq(sum.children_added, 1);
	roster_summary_free(&sum);
	rec_free(child_named(db, "甲"));
}
END_TEST

/*
 * Rows of empty cells (",,,,", as a spreadsheet saves an empty row) above
 * the header, between the rows and below: passed over without a word,
 * and not taken for titles, however many; the messages about the other
 * rows name their lines in the file.
 */
START_TEST(blank_rows_are_passed_over)
{
	struct roster_summary sum;

	ck_assert_int_eq(import("roster-blank.csv", &sum), 0);
	if (tu_nmsgs != 4)
		tu_msgs_show();
	ck_assert_uint_eq(tu_nmsgs, 4);
	ck_reported("roster-blank.csv", 2, "warning: \"柳树乡中心学校留守儿童"
	    "花名册\" is taken for a title");
	ck_reported("roster-blank.csv", 14, "warning: the column \"家庭人口\" "
	    "is not known");
	ck_reported("roster-blank.csv", 18, "warning: 父亲务工地点 is given, "
	    "but not 父亲姓名");
	ck_reported("roster-blank.csv", 20, "warning: \"填表人：李老师\" is not "
	    "a child's row");
	ck_assert_uint_eq(sum.rows, 2);
	ck_assert_uint_eq(sum.children_added, 2);
	ck_assert_uint_eq(sum.warnings, 4);
	ck_assert_uint_eq(sum.bad + sum.errors, 0);
	roster_summary_free(&sum);
	rec_free(child_named(db, "张小明"));
	rec_free(child_named(db, "李小花"));
}
END_TEST

START_TEST(header_problems)
{
	static const char twice[] = "姓名,性别,出生日期,年级,班级,姓 名,学校\n";
	static const char none[] = "a,b\nc,d\n1,2\n3,4\n5,6\n7,8\n9,0\n1,1\n"
	    "2,2\n3,3\n4,4\n";
	static const char noschool[] = "姓名,性别,出生日期,年级,班级\n"
	    "张三,男,2016-03-07,三年级,2班\n";
	struct roster_opts o;
	struct roster_summary sum;
	char *cause = NULL;

	ck_assert_int_eq(import("roster-nobirth.csv", &sum), SH_EINVAL);
	ck_reported("roster-nobirth.csv", 1, "there is no column 出生日期 "
	    "(birth_date), which is required");
	roster_summary_free(&sum);
	opts_init(&o);
	ck_assert_int_eq(import_text(db, twice, &o, &sum, &cause), SH_EINVAL);
	ck_reported("mem.csv", 1, "the column 姓 名 is there twice (columns 1 "
	    "and 6)");
	free(cause);
	cause = NULL;
	roster_summary_free(&sum);
	ck_assert_int_eq(import_text(db, none, &o, &sum, &cause), SH_EINVAL);
	ck_assert_ptr_nonnull(strstr(cause, "has no header row"));
	free(cause);
	cause = NULL;
	roster_summary_free(&sum);
	ck_assert_int_eq(import_text(db, noschool, &o, &sum, &cause),
	    SH_EINVAL);
	ck_reported("mem.csv", 1, "there is no column 学校 (school): add it, "
	    "or give the school with --school");
	free(cause);
	cause = NULL;
	roster_summary_free(&sum);
	/* With --school it imports into that school. */
	o.school = " " SCHOOL " ";
	ck_assert_int_eq(import_text(db, noschool, &o, &sum, &cause), 0);
	ck_assert_uint_eq(sum.children_added, 1);
	roster_summary_free(&sum);
	ck_assert_uint_eq(count(db, DBI_SCHOOL), 1);
	ck_assert_ptr_null(cause);
}
END_TEST

START_TEST(school_option_refuses_other_schools)
{
	struct roster_opts o;
	struct roster_summary sum;

	opts_init(&o);
	o.school = SCHOOL;
	ck_assert_int_eq(import_into(db, "roster-utf8.csv", &o, &sum),
	    ROSTER_EROWS);
	ck_reported("roster-utf8.csv", 10, "学校 \"桃花村小学\" is not the "
	    "school given with --school (" SCHOOL ")");
	ck_assert_uint_eq(sum.bad, 1);
	roster_summary_free(&sum);
}
END_TEST

/* Files that are not CSV text, or in no one encoding. */
START_TEST(damaged_files_are_refused)
{
	static const struct {
		const char	*bytes;
		size_t		 n;
		int		 enc;
		const char	*cause;
		const char	*msg;
	} cases[] = {
		{ "PK\x03\x04xlsx", 8, ROSTER_ENC_AUTO, "Excel or WPS workbook",
		    NULL },
		{ "\xff\xfe\x53\x59", 4, ROSTER_ENC_AUTO, "UTF-16", NULL },
		{ "", 0, ROSTER_ENC_AUTO, "is empty", NULL },
		{ "姓名\n张三\0\n", 15, ROSTER_ENC_AUTO, "not a CSV text file",
		    "mem.csv: row 2: a NUL byte" },
		{ "\xef\xbb\xbf姓名,性别\n", 17, ROSTER_ENC_GB18030,
		    "--encoding gb18030", NULL },
		/* Mostly UTF-8, one GBK name pasted in: named, not guessed. */
		{ "姓名,性别,出生日期,年级,班级,学校\n张三,男,2016-03-07,三年级,"
		    "2班,柳树小学\n\xd5\xc5\xc8\xfd,男,2016-03-07,三年级,2班,"
		    "柳树小学\n", 0, ROSTER_ENC_AUTO, "not UTF-8 text throughout",
		    "mem.csv: row 3: bytes that are not UTF-8 text (0xD5 0xC5" },
		/* GBK bytes, but UTF-8 was said. */
		{ "\xd0\xd5\xc3\xfb,\xd0\xd4\xb1\xf0\n", 0, ROSTER_ENC_UTF8,
		    "not UTF-8 text throughout", "mem.csv: row 1: bytes that are "
		    "not UTF-8" },
		/* Not GB18030 either (a lone lead byte at the end). */
		{ "\xd0\xd5\xc3\xfb,\xd0\xd4\n\xd0\xd5\xc3\xfb,\x81", 0,
		    ROSTER_ENC_AUTO, "not GB18030 text throughout",
		    "mem.csv: row 2: bytes that are not GB18030 text (0x81)" },
	};
	struct roster_opts o;
	struct roster_summary sum;
	char *cause;
	size_t i, n;
	FILE *f;
	int rc;

	for (i = 0; i < nitems(cases); i++) {
		tu_msgs_clear();
		opts_init(&o);
		o.encoding = cases[i].enc;
		n = cases[i].n ? cases[i].n : strlen(cases[i].bytes);
		/* fmemopen() of 0 bytes fails: an empty file, then. */
		if (n == 0) {
			char *p = xasprintf("%s/empty.csv", dir);

			f = fopen(p, "w+b");
			free(p);
		} else
			f = fmemopen((void *)cases[i].bytes, n, "rb");
		ck_assert_ptr_nonnull(f);
		cause = NULL;
		rc = roster_import_stream(db, f, "mem.csv", &o, &sum, &cause);
		fclose(f);
		ck_assert_msg(rc < 0, "case %zu: %d", i, rc);
		ck_assert_msg(cause != NULL && strstr(cause, cases[i].cause),
		    "case %zu: %s", i, cause);
		if (cases[i].msg != NULL)
			ck_assert_msg(tu_nmsgs > 0 && strstr(tu_msgs[0],
			    cases[i].msg) == tu_msgs[0], "case %zu: %s", i,
			    tu_nmsgs ? tu_msgs[0] : "(none)");
		free(cause);
		roster_summary_free(&sum);
	}
	ck_assert_uint_eq(count(db, DBI_CHILD), 0);
}
END_TEST

/*
 * A tiny map: the transaction runs out of room, is aborted, the map
 * doubled and the import run again from the start.  The problems found
 * against the database are still reported once, and the summary counts
 * once.
 */
START_TEST(a_rerun_transaction_reports_once)
{
	static const char twins[] =
	    "学校,年级,班级,姓名,性别,出生日期,父亲姓名,父亲务工地点,父亲电话\n"
	    SCHOOL ",三年级,2班,张一,男,2016-03-07,张伟,广东省东莞市,13812345678\n"
	    SCHOOL ",三年级,2班,张二,男,2016-03-08,张伟,广东省深圳市,13812345678\n";
	struct db_opts dopts = { .create = true, .initial_mapsize = 64 * 1024 };
	struct roster_opts o;
	struct roster_summary sum;
	struct db *small;
	struct buf big = { 0 };
	char *d2 = tu_tmpdir(), *cause = NULL;
	int i;

	ck_assert_int_eq(db_open(d2, &dopts, &small, &cause), 0);
	buf_addstr(&big, twins);
	for (i = 0; i < 400; i++)
		buf_addf(&big, SCHOOL ",三年级,%d班,王%s%s,女,2015-%02d-%02d,"
		    "王%s,上海市,139%08d\n", 1 + i % 9, (const char *[]){ "一",
		    "二", "三", "四", "五", "六", "七", "八" }[i % 8],
		    (const char *[]){ "甲", "乙", "丙", "丁", "戊", "己", "庚",
		    "辛", "壬", "癸" }[i / 8 % 10], 1 + i % 12, 1 + i / 12 % 28,
		    (const char *[]){ "大", "二", "三", "四", "五" }[i % 5], i);
	opts_init(&o);
	ck_assert_int_eq(import_text(small, big.s, &o, &sum, &cause), 0);
	ck_assert_uint_gt(small->grows, 0);
	/* 张二's father was decided by 张一's row: warned once. */
	ck_assert_uint_eq(tu_nmsgs, 1);
	ck_reported("mem.csv", 3, "warning: 父亲务工地点 \"广东省深圳市\" "
	    "differs from row 2, where it is \"广东省东莞市\", which is kept");
	ck_assert_uint_eq(sum.warnings, 1);
	ck_assert_uint_eq(sum.children_added, 402);
	ck_assert_uint_eq(sum.nschools_created, 1);
	roster_summary_free(&sum);
	ck_assert_uint_eq(count(small, DBI_CHILD), 402);
	ck_assert_uint_eq(db_check(small, NULL, NULL, NULL), 0);
	buf_free(&big);
	db_close(small);
	tu_rmrf(d2);
	free(d2);
}
END_TEST

/* ---- exporting ---- */

static char *
slurp(const char *path, size_t *n)
{
	char *s = tu_slurp(path, n);

	ck_assert_msg(s != NULL, "cannot read %s", path);
	return s;
}

START_TEST(export_then_import_gives_the_same_records)
{
	struct roster_opts o;
	struct roster_summary sum;
	struct db_opts dopts = { .create = true };
	struct db *other;
	char *p = xasprintf("%s/out.csv", dir), *q = xasprintf("%s/again.csv",
	    dir), *d2 = tu_tmpdir(), *cause = NULL, *a, *b, *s, *t;
	size_t rows, n, m;
	int enc;

	ck_assert_int_eq(import("roster-utf8.csv", &sum), 0);
	roster_summary_free(&sum);
	ck_assert_int_eq(import("roster-update.csv", &sum), 0);
	roster_summary_free(&sum);
	a = dump(db);
	for (enc = ROSTER_ENC_UTF8; enc <= ROSTER_ENC_GB18030; enc++) {
		opts_init(&o);
		o.encoding = enc;
		o.force = true;
		ck_assert_int_eq(roster_export(db, p, &o, &rows, &cause), 0);
		ck_assert_uint_eq(rows, 9);
		ck_assert_int_eq(db_open(d2, &dopts, &other, &cause), 0);
		opts_init(&o);
		ck_assert_int_eq(roster_import(other, p, &o, &sum, &cause), 0);
		ck_assert_uint_eq(sum.children_added, 9);
		roster_summary_free(&sum);
		b = dump(other);
		/*
		 * What a roster carries is the same (the second phone of 张伟
		 * it cannot): exported again, the same bytes.
		 */
		ck_assert_ptr_nonnull(strstr(a, "phone2=13812345678"));
		ck_assert_ptr_null(strstr(b, "phone2=13812345678"));
		opts_init(&o);
		o.encoding = enc;
		o.force = true;
		ck_assert_int_eq(roster_export(other, q, &o, &rows, &cause),
		    0);
		s = slurp(p, &n);
		t = slurp(q, &m);
		ck_assert_uint_eq(n, m);
		ck_assert(memcmp(s, t, n) == 0);
		free(s);
		free(t);
		/* And importing it once more into the copy changes nothing. */
		opts_init(&o);
		ck_assert_int_eq(roster_import(other, q, &o, &sum, &cause), 0);
		ck_assert_uint_eq(sum.children_unchanged, 9);
		roster_summary_free(&sum);
		s = dump(other);
		ck_assert_str_eq(s, b);
		free(s);
		free(b);
		db_close(other);
		tu_rmrf(d2);
	}
	free(a);
	free(p);
	free(q);
	free(d2);
}
END_TEST

/* An import of a roster made by export from a first import: identical. */
START_TEST(round_trip_is_exact)
{
	struct roster_opts o;
	struct roster_summary sum;
	struct db_opts dopts = { .create = true };
	struct db *other;
	char *p = xasprintf("%s/out.csv", dir), *d2 = tu_tmpdir(), *a, *b;
	char *cause = NULL;
	size_t rows;

	ck_assert_int_eq(import("roster-utf8.csv", &sum), 0);
	roster_summary_free(&sum);
	opts_init(&o);
	ck_assert_int_eq(roster_export(db, p, &o, &rows, &cause), 0);
	ck_assert_int_eq(db_open(d2, &dopts, &other, &cause), 0);
	ck_assert_int_eq(roster_import(other, p, &o, &sum, &cause), 0);
	roster_summary_free(&sum);
	a = dump(db);
	b = dump(other);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	db_close(other);
	tu_rmrf(d2);
	free(d2);
	free(p);
}
END_TEST

/* A roster of n made-up children (n up to 6,000), each with a father. */
static void
big_roster(const char *path, int n)
{
	FILE *f = fopen(path, "wb");
	int i;

	ck_assert_ptr_nonnull(f);
	fputs("学校,年级,班级,姓名,性别,出生日期,父亲姓名,父亲电话,帮扶教师\n",
	    f);
	for (i = 0; i < n; i++)
		fprintf(f, "第%d小学,%d,%d,%s%s%s,男,2015-%02d-%02d,%s大%s,"
		    "138%08d,%s老师\n", i % 7, 1 + i % 6, 1 + i % 5,
		    (const char *[]){ "王", "李", "张", "刘" }[i % 4],
		    (const char *[]){ "一", "二", "三", "四", "五", "六", "七",
		    "八", "九", "十" }[i / 4 % 10], (const char *[]){ "甲", "乙",
		    "丙", "丁", "戊", "己", "庚", "辛" }[i / 40 % 8],
		    1 + i % 12, 1 + i / 320 % 28, (const char *[]){ "王", "李",
		    "张", "刘" }[i % 4], (const char *[]){ "山", "水", "木" }
		    [i % 3], i, (const char *[]){ "赵", "钱" }[i % 2]);
	ck_assert_int_eq(fclose(f), 0);
}

/* ---- progress ---- */

struct tally {
	size_t	calls;
	size_t	done, total;
	bool	backwards;
};

static void
tally(size_t done, size_t total, void *arg)
{
	struct tally *t = arg;

	if (t->calls > 0 && (done < t->done || total != t->total))
		t->backwards = true;
	t->calls++;
	t->done = done;
	t->total = total;
}

/*
 * The bar of a long import is drawn now and then, not for every row
 * (each time with the write lock held), and goes on to the end.
 */
START_TEST(progress_is_told_now_and_then)
{
	struct roster_opts o;
	struct roster_summary sum;
	struct tally t = { 0, 0, 0, false };
	char *p = xasprintf("%s/big.csv", dir), *cause = NULL;

	big_roster(p, 3000);
	opts_init(&o);
	o.progress = tally;
	o.arg = &t;
	ck_assert_int_eq(roster_import(db, p, &o, &sum, &cause), 0);
	ck_assert_uint_eq(sum.children_added, 3000);
	roster_summary_free(&sum);
	ck_assert_msg(t.calls >= 2 && t.calls <= 1000 + 2, "%zu calls",
	    t.calls);
	ck_assert(!t.backwards);
	ck_assert_uint_gt(t.total, 0);
	ck_assert_uint_eq(t.done, t.total);
	free(p);
}
END_TEST

/* ---- kill -9 in the middle of an import ---- */

struct killarg {
	int	fd;
	int	percent;
};

/*
 * Past a quarter of the total the write transaction is open (the first
 * quarter is the checking): at the given point, say so and wait there
 * for the kill.
 */
static void
tell_applying(size_t done, size_t total, void *arg)
{
	struct killarg *k = arg;

	if ((double)done * 100 >= (double)total * k->percent) {
		if (write(k->fd, "x", 1) != 1)
			_exit(4);
		sleep(60);
		_exit(5);
	}
}

static void
importer(const char *path, int fd, int percent)
{
	struct roster_opts o;
	struct roster_summary sum;
	struct killarg k = { fd, percent };
	struct db *d;
	char *cause = NULL;

	if (db_open(dir, NULL, &d, &cause) != 0)
		_exit(2);
	memset(&o, 0, sizeof o);
	o.progress = tell_applying;
	o.arg = &k;
	roster_import(d, path, &o, &sum, &cause);
	_exit(3);
}

START_TEST(kill_9_during_an_import_changes_nothing)
{
	struct roster_summary sum;
	char *p = xasprintf("%s/big.csv", dir), *before, *after, c;
	int fds[2], status, round;
	pid_t pid;

	ck_assert_int_eq(import("roster-utf8.csv", &sum), 0);
	roster_summary_free(&sum);
	before = dump(db);
	big_roster(p, 6000);
	for (round = 0; round < 3; round++) {
		ck_assert_int_eq(pipe(fds), 0);
		if ((pid = fork()) == 0) {
			close(fds[0]);
			importer(p, fds[1], 30 + 30 * round);
		}
		close(fds[1]);
		/* Wait until the import is writing (30%, 60%, 90% of it). */
		ck_assert_int_eq(read(fds[0], &c, 1), 1);
		kill(pid, SIGKILL);
		ck_assert_int_eq(waitpid(pid, &status, 0), pid);
		ck_assert(WIFSIGNALED(status));
		close(fds[0]);
		ck_assert_uint_eq(db_check(db, NULL, NULL, NULL), 0);
		after = dump(db);
		ck_assert_str_eq(before, after);
		free(after);
	}
	/* And a writer after the kills is not blocked. */
	ck_assert_int_eq(import("roster-update.csv", &sum), 0);
	roster_summary_free(&sum);
	free(before);
	free(p);
}
END_TEST

/* ---- the fuzz target's corpus, replayed ---- */

START_TEST(fuzz_corpus_replays)
{
	const char *top = getenv("TOP_SRCDIR");
	char *d = xasprintf("%s/tests/corpus/roster", top ? top : "."), *path;
	char **names = NULL, *bytes;
	struct dirent *e;
	size_t n = 0, i, len;
	DIR *dd;

	dd = opendir(d);
	ck_assert_msg(dd != NULL, "no corpus at %s", d);
	while ((e = readdir(dd)) != NULL)
		if (e->d_name[0] != '.')
			strv_push(&names, &n, xstrdup(e->d_name));
	closedir(dd);
	ck_assert_uint_gt(n, 5);
	qsort(names, n, sizeof *names, name_cmp);
	for (i = 0; i < n; i++) {
		path = xasprintf("%s/%s", d, names[i]);
		bytes = tu_slurp(path, &len);
		ck_assert_ptr_nonnull(bytes);
		LLVMFuzzerTestOneInput((const uint8_t *)bytes, len);
		free(bytes);
		free(path);
	}
	strv_free(names);
	free(d);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("roster");
	TCase *imp = tcase_create("import");
	TCase *bad = tcase_create("problems");
	TCase *exp = tcase_create("export");
	TCase *procs = tcase_create("processes");

	/*
	 * Time limits catch a test that hangs; how fast an import is, is
	 * for bench/ to say.  Four tests at a time on two busy cores made
	 * an import of 3,000 rows miss Check's default of four seconds.
	 */
	tcase_set_timeout(imp, 60);
	tcase_set_timeout(bad, 60);
	tcase_set_timeout(exp, 60);
	tcase_add_checked_fixture(imp, setup, teardown);
	tcase_add_test(imp, imports_a_roster);
	tcase_add_test(imp, an_ambiguous_mentor_is_not_guessed);
	tcase_add_test(imp, normalises_every_form);
	tcase_add_test(imp, siblings_share_their_people);
	tcase_add_test(imp, guardian_who_is_a_parent);
	tcase_add_test(imp, importing_twice_changes_nothing);
	tcase_add_test(imp, encodings_and_layouts_give_the_same_records);
	tcase_add_test(imp, an_updated_roster_updates);
	tcase_add_test(imp, empty_cells_keep_what_is_stored);
	tcase_add_test(imp, a_new_grade_gives_the_schooling_again);
	tcase_add_test(imp, dry_run_writes_nothing);
	tcase_add_test(imp, progress_is_told_now_and_then);
	suite_add_tcase(s, imp);

	tcase_add_checked_fixture(bad, setup, teardown);
	tcase_add_test(bad, bad_rows_import_nothing);
	tcase_add_test(bad, skip_bad_imports_the_good_rows);
	tcase_add_test(bad, csv_damage_is_named_by_line);
	tcase_add_test(bad, header_problems);
	tcase_add_test(bad, blank_rows_are_passed_over);
	tcase_add_test(bad, people_who_cannot_be_told_apart);
	tcase_add_test(bad, school_option_refuses_other_schools);
	tcase_add_test(bad, damaged_files_are_refused);
	tcase_add_test(bad, a_rerun_transaction_reports_once);
	tcase_add_test(bad, fuzz_corpus_replays);
	suite_add_tcase(s, bad);

	tcase_add_checked_fixture(exp, setup, teardown);
	tcase_add_test(exp, export_then_import_gives_the_same_records);
	tcase_add_test(exp, round_trip_is_exact);
	suite_add_tcase(s, exp);

	tcase_add_checked_fixture(procs, setup, teardown);
	tcase_set_timeout(procs, 120);
	tcase_add_test(procs, kill_9_during_an_import_changes_nothing);
	suite_add_tcase(s, procs);
	return tu_run(s);
}
