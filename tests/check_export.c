/*
 * Unit tests of the roster's export as a school hands it on, and of
 * export then import: the template, the columns and values as a school
 * writes them, GB18030, one school, no file overwritten unless told;
 * children who left are not exported; the name the screens offer; and a demo township with children of the same
 * name, birth date and school (twins of a name, in other classes, with
 * other ID numbers or none, with other fathers) exported, imported into
 * an empty database, and into the same one again; and the index such an
 * import builds in key order, from runs merged.
 */
#include "config.h"

#include <dirent.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dbcheck.h"
#include "fieldtype.h"
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

/* ---- the export's form ---- */

#define SCHOOL "柳树乡中心学校"

static char *
must_slurp(const char *path, size_t *n)
{
	char *s = tu_slurp(path, n);

	ck_assert_msg(s != NULL, "cannot read %s", path);
	return s;
}

/* Imports a sample roster of tests/data. */
static int
import_sample(const char *name, struct roster_summary *sum)
{
	const char *top = getenv("TOP_SRCDIR");
	char *path = xasprintf("%s/tests/data/%s", top != NULL ? top : ".",
	    name);
	int rc = import_from(db, path, sum);

	free(path);
	return rc;
}

START_TEST(template_and_encodings)
{
	struct roster_opts o;
	char *p = xasprintf("%s/t.csv", dir), *s, *u, *cause = NULL;
	const char *want;
	size_t n, rows, nu;
	struct stat st;
	struct roster_summary sum;

	memset(&o, 0, sizeof o);
	o.template_only = true;
	ck_assert_int_eq(roster_export(NULL, p, &o, &rows, &cause), 0);
	s = must_slurp(p, &n);
	/*
	 * The roster's own columns, then the fields' (in the order of the
	 * schema, which every_sheet_field_is_a_roster_column checks).
	 */
	want = "\xef\xbb\xbf学校,年级,班级,姓名,性别,民族,出生日期,"
	    "身份证号,现居住地,是否寄宿,父亲姓名,父亲务工地点,父亲电话,母亲姓名,"
	    "母亲务工地点,母亲电话,监护人姓名,监护人关系,监护人电话,监护情况,"
	    "帮扶教师,备注,祖父姓名,祖父电话,祖母姓名,祖母电话,外祖父姓名,"
	    "外祖父电话,外祖母姓名,外祖母电话,户籍所在地,";
	ck_assert_msg(strncmp(s, want, strlen(want)) == 0, "%s", s);
	ck_assert(strcmp(s + n - 2, "\r\n") == 0);
	/* The columns the screens tell are the template's. */
	u = roster_column_names(",");
	ck_assert_uint_eq(strlen(u), n - 3 - 2);
	ck_assert(memcmp(u, s + 3, n - 3 - 2) == 0);
	free(u);
	free(s);
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	/* Never over an existing file, unless told to. */
	ck_assert_int_eq(roster_export(NULL, p, &o, &rows, &cause), SH_EPERM);
	ck_assert_ptr_nonnull(strstr(cause, "exists"));
	free(cause);
	cause = NULL;
	o.force = true;

	ck_assert_int_eq(import_sample("roster-utf8.csv", &sum), 0);
	roster_summary_free(&sum);
	o.template_only = false;
	ck_assert_int_eq(roster_export(db, p, &o, &rows, &cause), 0);
	ck_assert_uint_eq(rows, 8);
	u = must_slurp(p, &nu);
	/* Class order, values as a school writes them, CRLF. */
	ck_assert_ptr_nonnull(strstr(u, "\r\n" SCHOOL ",一年级,1班,张小红,女,"
	    "汉族,2018-09-01,\t43052320180901024X,柳树村3组,是,张伟,"
	    "广东省东莞市,13812345678,李芳,浙江省义乌市,13987654321,王秀英,祖母,"
	    "0739-2123456,一般,王丽,\"外号\"\"小红\"\"\n喜欢唱歌\",,,王秀英,"
	    "0739-2123456,,,,,"));
	ck_assert_ptr_nonnull(strstr(u, SCHOOL ",初一,1班,陈刚,男,苗族,"
	    "2013-05-06,,石桥村,是,陈大山,,13711112222,刘梅,湖南省长沙市,,"
	    "陈大山,父亲,13711112222,差,刘老师,,"));
	ck_assert_ptr_nonnull(strstr(u, "桃花村小学,六年级,1班,李思远,男,"));
	ck_assert(strstr(u, "\r\n" SCHOOL ",一年级") < strstr(u,
	    "\r\n" SCHOOL ",二年级"));
	/* GB18030: the same text, without the BOM. */
	o.encoding = ROSTER_ENC_GB18030;
	ck_assert_int_eq(roster_export(db, p, &o, &rows, &cause), 0);
	s = must_slurp(p, &n);
	{
		iconv_t cd = iconv_open("UTF-8", "GB18030");
		char *out = xmalloc(2 * n + 16), *ip = s, *op = out;
		size_t il = n, ol = 2 * n + 16;

		ck_assert(cd != (iconv_t)-1);
		ck_assert(iconv(cd, &ip, &il, &op, &ol) != (size_t)-1);
		*op = '\0';
		ck_assert_str_eq(out, u + 3);
		iconv_close(cd);
		free(out);
	}
	free(s);
	/* One school. */
	o.encoding = ROSTER_ENC_UTF8;
	o.school = "桃花村小学";
	ck_assert_int_eq(roster_export(db, p, &o, &rows, &cause), 0);
	ck_assert_uint_eq(rows, 1);
	/* Named as the import takes it: pasted with a zero-width space. */
	o.school = " 桃花村\xe2\x80\x8b小学\xe3\x80\x80";
	ck_assert_int_eq(roster_export(db, p, &o, &rows, &cause), 0);
	ck_assert_uint_eq(rows, 1);
	o.school = "没有的学校";
	ck_assert_int_eq(roster_export(db, p, &o, &rows, &cause),
	    SH_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(cause, "没有的学校"));
	free(cause);
	cause = NULL;
	/* The refused export left the last file whole, and no temporary. */
	s = must_slurp(p, &n);
	ck_assert_ptr_nonnull(strstr(s, "李思远"));
	free(s);
	{
		DIR *dd = opendir(dir);
		struct dirent *e;

		while ((e = readdir(dd)) != NULL)
			ck_assert_msg(strstr(e->d_name, "t.csv.") == NULL,
			    "left behind: %s", e->d_name);
		closedir(dd);
	}
	/* A directory that does not exist. */
	free(p);
	p = xasprintf("%s/no/such/dir.csv", dir);
	o.school = NULL;
	ck_assert_int_ne(roster_export(db, p, &o, &rows, &cause), 0);
	ck_assert_ptr_nonnull(cause);
	free(cause);
	free(u);
	free(p);
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

/* Writes a twin with a father of its own. */
static int
father_twin(struct txn *t, struct rec *twin, const char *father,
    char **cause)
{
	struct rec *p;
	uint32_t contact;
	int rc;

	if ((rc = rec_put(t, twin, cause)) != 0)
		return rc;
	p = rec_new(RT_CONTACT);
	rec_set(p, CONTACT_NAME, father);
	rec_set(p, CONTACT_PHONE1, strcmp(father, "另一位父亲") == 0 ?
	    "13900000001" : "13900000002");
	rc = rec_put(t, p, cause);
	contact = p->id;
	rec_free(p);
	if (rc == 0)
		rc = link_add(t, twin->id, contact, "father", 1, false, NULL,
		    cause);
	return rc;
}

struct twins {
	char	 left_id[19];	/* the ID number of the child who left */
};

/*
 * Adds four twins of a name: one in another class without an ID number,
 * one in the same class with another ID number, one in the same class
 * without an ID number but with another father, and one the same of a
 * child without an ID number; and marks one child as graduated.
 */
static int
add_twins(struct txn *t, void *arg, char **cause)
{
	struct twins *tw = arg;
	struct rec_iter it;
	struct rec *c, *twin;
	char id[19];
	int made = 0, rc = 0;
	bool left = false;

	rec_iter_start(t, RT_CHILD, &it);
	while ((c = rec_iter_next(&it)) != NULL && rc == 0 &&
	    (made < 4 || !left)) {
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
			rc = father_twin(t, twin, "另一位父亲", cause);
			rec_free(twin);
			made++;
		} else if (made == 3 && *idnum == '\0' &&
		    has_father(t, c->id)) {
			twin = twin_of(c);
			rc = father_twin(t, twin, "又一位父亲", cause);
			rec_free(twin);
			made++;
		} else if (!left && made == 4 && strlen(idnum) == 18) {
			memcpy(tw->left_id, idnum, 19);
			rec_set(c, CHILD_STATUS, "graduated");
			rc = rec_put(t, c, cause);
			left = true;
		}
		rec_free(c);
	}
	rec_free(c);
	rec_iter_end(&it);
	if (rc == 0 && (made < 4 || !left)) {
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
	struct db_opts o = { .create = true };
	struct twins tw;
	struct db *other;
	char *p = xasprintf("%s/out.csv", dir), *q = xasprintf("%s/again.csv",
	    dir), *d2 = tu_tmpdir(), *cause = NULL, *a, *b;
	size_t rows, again, n, m;

	ck_assert_int_eq(demo_fill(db, &dopts, &dres, &cause), 0);
	memset(&tw, 0, sizeof tw);
	ck_assert_msg(db_write(db, add_twins, &tw, &cause) == 0, "%s", cause);
	ck_assert_int_eq(export_to(db, p, &rows), 0);
	/* The four twins are in, the child who left is not. */
	ck_assert_uint_eq(rows, DEMO_CHILDREN + 4 - 1);
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
	/* Nobody is put on another twin's card. */
	ck_assert_uint_eq(sum.contacts_added, 0);
	ck_assert_uint_eq(sum.links_added, 0);
	ck_assert_uint_eq(sum.links_updated, 0);
	ck_assert_uint_eq(nerrors, 0);
	roster_summary_free(&sum);
	free(a);
	free(p);
	free(q);
	free(d2);
}
END_TEST

static int
import_text(const char *text, struct roster_summary *sum)
{
	struct roster_opts o;
	FILE *f = fmemopen((void *)text, strlen(text), "rb");
	char *cause = NULL;
	int rc;

	ck_assert_ptr_nonnull(f);
	memset(&o, 0, sizeof o);
	o.message = count_errors;
	rc = roster_import_stream(db, f, "mem.csv", &o, sum, &cause);
	ck_assert_msg(rc >= 0, "import: %s", cause);
	free(cause);
	fclose(f);
	return rc;
}

/* Twins of a name without ID numbers in one class: told by the father. */
START_TEST(twins_are_told_by_their_parents)
{
	static const char both[] =
	    "学校,年级,班级,姓名,性别,出生日期,父亲姓名,父亲电话\n"
	    "柳树小学,三年级,2班,王小明,男,2016-03-07,王大,13800000001\n"
	    "柳树小学,三年级,2班,王小明,男,2016-03-07,王二,13800000002\n";
	static const char second[] =
	    "学校,年级,班级,姓名,性别,出生日期,父亲姓名,父亲电话\n"
	    "柳树小学,三年级,2班,王小明,男,2016-03-07,王二,13800000002\n";
	struct roster_summary sum;

	ck_assert_int_eq(import_text(both, &sum), 0);
	ck_assert_uint_eq(sum.children_added, 2);
	roster_summary_free(&sum);
	ck_assert_int_eq(import_text(second, &sum), 0);
	ck_assert_uint_eq(sum.children_unchanged, 1);
	ck_assert_uint_eq(sum.links_added, 0);
	roster_summary_free(&sum);
	ck_assert_uint_eq(nerrors, 0);
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

/* The cells of one line of an export without quotes, split at ','. */
static char **
cells(char *line, size_t *n)
{
	char **v = NULL, *p;

	*n = 0;
	for (p = line; p != NULL; ) {
		v = xreallocarray(v, *n + 1, sizeof *v);
		v[(*n)++] = p;
		if ((p = strchr(p, ',')) != NULL)
			*p++ = '\0';
	}
	return v;
}

/* The column headed h (up to a '|') in the header hd, or -1. */
static int
column_of(char **hd, size_t n, const char *h)
{
	size_t i, len = strcspn(h, "|");

	for (i = 0; i < n; i++)
		if (strlen(hd[i]) == len && strncmp(hd[i], h, len) == 0)
			return (int)i;
	return -1;
}

/*
 * Whatever field of a child or a contact has a .sheet header is a
 * column of the roster, and the export writes it as field_sheet() does.
 */
START_TEST(every_sheet_field_is_a_roster_column)
{
	const struct schema *sc[2] = { schema_of(RT_CHILD),
	    schema_of(RT_CONTACT) };
	const struct field *f;
	struct roster_summary sum;
	struct txn t;
	struct rec *c;
	char *p = xasprintf("%s/form.csv", dir), *text, *line, *next, *want;
	char *names, **hd, **row;
	size_t nhd, nrow, rows, k, nsheet = 0, nrows = 0;
	uint32_t id;
	int i, col, name;

	names = roster_column_names(",");
	hd = cells(names, &nhd);
	for (k = 0; k < 2; k++)
		for (i = 0; i < sc[k]->nfields; i++) {
			f = &sc[k]->fields[i];
			if (f->sheet == NULL)
				continue;
			nsheet++;
			ck_assert_msg(column_of(hd, nhd, f->sheet) >= 0,
			    "%s.%s: no roster column %s", sc[k]->name,
			    f->name, f->sheet);
		}
	ck_assert_uint_ge(nsheet, 10);
	free(hd);
	free(names);

	ck_assert_int_eq(import_sample("roster-form.csv", &sum), 0);
	roster_summary_free(&sum);
	ck_assert_int_eq(export_to(db, p, &rows), 0);
	ck_assert_uint_eq(rows, 3);
	text = must_slurp(p, &k);
	line = text + 3;	/* the BOM */
	next = strstr(line, "\r\n");
	*next = '\0';
	hd = cells(line, &nhd);
	name = column_of(hd, nhd, "姓名");
	ck_assert_int_ge(name, 0);
	ck_assert_int_eq(txn_read(db, &t), 0);
	for (line = next + 2; *line != '\0'; line = next + 2) {
		next = strstr(line, "\r\n");
		*next = '\0';
		row = cells(line, &nrow);
		ck_assert_uint_eq(nrow, nhd);
		for (id = 1; id <= 3; id++) {
			ck_assert_int_eq(rec_get(&t, RT_CHILD, id, &c), 0);
			if (strcmp(rec_str(c, CHILD_NAME), row[name]) == 0)
				break;
			rec_free(c);
		}
		ck_assert_msg(id <= 3, "%s: not found", row[name]);
		for (i = 0; i < sc[0]->nfields; i++) {
			f = &sc[0]->fields[i];
			if (f->sheet == NULL)
				continue;
			col = column_of(hd, nhd, f->sheet);
			want = field_sheet(f, rec_str(c, i));
			ck_assert_str_eq(row[col], want);
			free(want);
		}
		rec_free(c);
		free(row);
		nrows++;
	}
	txn_end(&t);
	ck_assert_uint_eq(nrows, 3);
	free(hd);
	free(text);
	free(p);
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
	tcase_add_test(tc, template_and_encodings);
	tcase_add_test(tc, twins_of_a_name_round_trip);
	tcase_add_test(tc, twins_are_told_by_their_parents);
	tcase_add_test(tc, a_bulk_index_is_the_index);
	tcase_add_test(tc, every_sheet_field_is_a_roster_column);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run(export_suite());
}
