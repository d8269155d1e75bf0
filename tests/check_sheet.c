/*
 * Unit tests of the spreadsheet reader (sheet.h) and of what the roster
 * import gets from it: rows numbered as Excel and WPS show them, with
 * the 序号 and the name; messages that never carry a control sequence,
 * whatever column holds it; files that are no roster (a device, a pipe,
 * a directory, too large, a line too long) refused at once; and a kind
 * of sheet made of a table and two callbacks, as a staff list would be,
 * with its aliases, its missing columns and its all-or-nothing apply.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "codec.h"
#include "roster.h"
#include "sheet.h"
#include "store.h"
#include "testutil.h"
#include "util.h"

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


/* Whether a message starts with text. */
static bool
said(const char *text)
{
	size_t i;

	for (i = 0; i < tu_nmsgs; i++)
		if (strncmp(tu_msgs[i], text, strlen(text)) == 0)
			return true;
	tu_msgs_show();
	return false;
}

static int
import_text(const char *text, struct roster_opts *o,
    struct roster_summary *sum, char **cause)
{
	FILE *f = fmemopen((void *)text, strlen(text), "rb");
	int rc;

	ck_assert_ptr_nonnull(f);
	o->message = tu_collect;
	rc = roster_import_stream(db, f, "mem.csv", o, sum, cause);
	fclose(f);
	return rc;
}

/* ---- rows as the spreadsheet numbers them ---- */

START_TEST(rows_are_numbered_as_the_spreadsheet_shows_them)
{
	static const char text[] =
	    "柳树乡中心学校留守儿童花名册\r\n"
	    "序号,学校,年级,班级,姓名,性别,出生日期,父亲姓名,父亲电话,"
	    "父亲务工地点,备注\r\n"
	    "1,柳树小学,三年级,2班,张一,男,2016-03-01,张大,13800000001,"
	    "广东省东莞市,\"爱画画\r\n也爱唱歌\r\n常去奶奶家\"\r\n"
	    "\r\n"
	    "2,柳树小学,三年级,2班,张三,男,2016-03-02,张二,12345,,\r\n"
	    "3,柳树小学,三年级,2班,张四,男,2016-03-03,张大,13800000001,"
	    "广东省深圳市,\r\n"
	    "\"4\",柳树小学,三年级,2班,\"李\r\n五\",男,2016-03-04,,,,\r\n";
	struct roster_opts o;
	struct roster_summary sum;
	char *cause = NULL;

	memset(&o, 0, sizeof o);
	ck_assert_int_eq(import_text(text, &o, &sum, &cause), ROSTER_EROWS);
	/* Lines 1-5 are rows 1-3; the blank line is row 4. */
	ck_assert(said("mem.csv: row 5 (no. 2, 张三): 父亲电话 \"12345\": "));
	/* A name of two lines is shown on one. */
	ck_assert(said("mem.csv: row 7 (no. 4, 李 五): 姓名 \"李 五\""));
	/* Found while applying, from the spool: the same row and names. */
	ck_assert(said("mem.csv: row 6 (no. 3, 张四): warning: 父亲务工地点 "
	    "\"广东省深圳市\" differs from row 3"));
	ck_assert_uint_eq(sum.bad, 2);
	ck_assert_uint_eq(sum.bad_rows[0], 5);
	ck_assert_uint_eq(sum.bad_rows[1], 7);
	roster_summary_free(&sum);
	ck_assert_ptr_null(cause);
}
END_TEST

/* ---- control characters never reach the terminal ---- */

/* Whether s holds a C0 control (but \n and \t), DEL or a C1 control. */
static bool
unsafe(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
			return true;
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return true;
	}
	return false;
}

START_TEST(control_sequences_in_any_column_are_made_safe)
{
	static const char *const evil[] = {
		"\x1b]52;c;ZWNobyBoaQ==\x07",	/* writes the clipboard */
		"x\x1b[2Jy",			/* clears the screen */
		"\xc2\x9b" "2J",		/* the same, as a C1 CSI */
		"a\x7f\x08\x0d",
	};
	static const char *const base[] = {
		"柳树小学", "三年级", "2班", "张三", "男", "汉族", "2016-03-07",
		"", "柳树村3组", "否", "张大", "广东省东莞市", "13800000001",
		"", "", "", "", "", "", "", "", "", "1"
	};
	struct roster_opts o;
	struct roster_summary sum;
	struct buf b = { 0 };
	char *names, *cause, *text, *p;
	size_t c, e, i, ncols = nitems(base);

	names = roster_column_names(",");
	for (c = 0; c < ncols; c++) {
		for (e = 0; e < nitems(evil); e++) {
			buf_reset(&b);
			buf_addf(&b, "%s,序号\r\n", names);
			for (i = 0; i < ncols; i++) {
				p = xstrdup(i == c ? evil[e] : base[i]);
				if (strchr(p, '\r') != NULL)
					buf_addf(&b, "%s\"%s\"", i ? "," : "",
					    p);
				else
					buf_addf(&b, "%s%s", i ? "," : "", p);
				free(p);
			}
			buf_addstr(&b, "\r\n");
			buf_add(&b, "", 0);
			tu_msgs_clear();
			memset(&o, 0, sizeof o);
			o.dry_run = true;
			cause = NULL;
			(void)import_text(b.s, &o, &sum, &cause);
			for (i = 0; i < tu_nmsgs; i++)
				ck_assert_msg(!unsafe(tu_msgs[i]), "column %zu, "
				    "value %zu: %s", c + 1, e, tu_msgs[i]);
			ck_assert_msg(cause == NULL || !unsafe(cause),
			    "column %zu: %s", c + 1, cause);
			text = roster_summary_text(&sum, &o, 0);
			ck_assert_msg(!unsafe(text), "column %zu: %s", c + 1,
			    text);
			free(text);
			free(cause);
			roster_summary_free(&sum);
		}
	}
	buf_free(&b);
	free(names);
}
END_TEST

/* ---- what is no roster ---- */

static int
import_path(const char *path, char **cause)
{
	struct roster_opts o;
	struct roster_summary sum;
	int rc;

	memset(&o, 0, sizeof o);
	o.message = tu_collect;
	*cause = NULL;
	rc = roster_import(db, path, &o, &sum, cause);
	roster_summary_free(&sum);
	return rc;
}

START_TEST(no_file_is_refused_at_once)
{
	char *fifo = xasprintf("%s/fifo", dir), *cause;

	ck_assert_int_lt(import_path("/dev/zero", &cause), 0);
	ck_assert_ptr_nonnull(strstr(cause, "is not a file but a device"));
	free(cause);
	ck_assert_int_lt(import_path(dir, &cause), 0);
	ck_assert_ptr_nonnull(strstr(cause, "is not a file but a directory"));
	free(cause);
	/* No writer ever comes: opening it must not wait for one. */
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	ck_assert_int_lt(import_path(fifo, &cause), 0);
	ck_assert_ptr_nonnull(strstr(cause, "is not a file but a pipe"));
	free(cause);
	free(fifo);
}
END_TEST

/* ---- a kind of sheet: a staff list ---- */

enum { S_SCHOOL, S_NAME, S_SEX, S_ROLES, S_CLASS, S_PHONE, S_LOGIN,
    S_NOTES, S__N };

static const struct sheet_col staff_cols[S__N] = {
	[S_SCHOOL] = { "学校", "school", NULL, 0, NULL },
	[S_NAME] = { "姓名", "name", NULL, SHEET_REQUIRED | SHEET_LABEL,
	    NULL },
	[S_SEX] = { "性别", "sex", NULL, 0, NULL },
	[S_ROLES] = { "职务", "roles", NULL, SHEET_REQUIRED, NULL },
	[S_CLASS] = { "班主任", "class_teacher", "任班主任", 0, NULL },
	[S_PHONE] = { "电话", "phone", "手机|手机号码|联系电话", 0, NULL },
	[S_LOGIN] = { "登录名", "login", NULL, 0, NULL },
	[S_NOTES] = { "备注", "notes", NULL, 0, NULL },
};

struct staffrun {
	struct buf	 vals;
	char		**applied;	/* "name phone" of each row applied */
	size_t		 napplied;
	int		 resets;
};

static int
staff_check(struct sheet *sh, const struct sheet_row *row, void *arg,
    char **cause)
{
	struct staffrun *r = arg;
	const char *phone = sheet_cell(sh, row, S_PHONE);

	if (sheet_row_width(sh, row) != 0)
		return SHEET_ROW_BAD;
	if (*phone != '\0' && strlen(phone) != 11) {
		sheet_report_cell(sh, true, S_PHONE, phone, "not 11 digits");
		return SHEET_ROW_BAD;
	}
	buf_reset(&r->vals);
	wr_str(&r->vals, sheet_cell(sh, row, S_NAME));
	wr_str(&r->vals, phone);
	return sheet_spool(sh, &r->vals, cause) != 0 ? SH_EDB : SHEET_ROW_OK;
}

static int
staff_apply(struct sheet *sh, struct txn *t, struct rd *in, void *arg,
    char **cause)
{
	struct staffrun *r = arg;
	const char *name, *phone;
	size_t n, m;

	name = rd_bytes(in, &n);
	phone = rd_bytes(in, &m);
	strv_push(&r->applied, &r->napplied, xasprintf("%.*s %.*s",
	    (int)n, name, (int)m, phone));
	if (strncmp(name, "重名", n) == 0) {
		sheet_report(sh, true, "%s", "two of this name");
		return SHEET_ROW_BAD;
	}
	return SHEET_ROW_OK;
}

static void
staff_reset(struct staffrun *r)
{

	strv_free(r->applied);
	r->applied = NULL;
	r->napplied = 0;
	r->resets++;
}

static int
staff_begin(struct sheet *sh, struct txn *t, void *arg, char **cause)
{
	staff_reset(arg);
	return 0;
}

static const struct sheet_kind staff_kind = {
	staff_cols, S__N, staff_check, staff_apply, staff_begin, NULL
};

/* Reads text as a staff list: what sheet_open()..sheet_apply() gave. */
static int
staff_import(const char *text, struct sheet_opts *so, struct staffrun *r,
    struct sheet_result *res, char **cause)
{
	struct sheet *sh;
	FILE *f = fmemopen((void *)text, strlen(text), "rb");
	int rc;

	ck_assert_ptr_nonnull(f);
	memset(r, 0, sizeof *r);
	so->message = tu_collect;
	*cause = NULL;
	if ((rc = sheet_open(&sh, f, "staff.csv", &staff_kind, so, r,
	    cause)) == 0 && (rc = sheet_check(sh, cause)) == 0)
		rc = sheet_apply(sh, db, cause);
	sheet_result(sh, res);
	sheet_close(sh);
	fclose(f);
	buf_free(&r->vals);
	return rc;
}

START_TEST(a_kind_is_a_table_and_two_callbacks)
{
	/* Any order, aliases, GBK would do as well; one bad row. */
	static const char good[] =
	    "\xef\xbb\xbf手机号码,姓 名,职务,任班主任\n"
	    "13800000001,王丽,班主任、帮扶教师,三年级2班\n"
	    "13800000002,刘老师,校长,\n";
	static const char bad[] =
	    "联系电话,姓名,职务\n"
	    "13800000001,王丽,班主任\n"
	    "123,刘老师,校长\n";
	static const char later[] =
	    "电话,姓名,职务\n"
	    "13800000001,王丽,班主任\n"
	    "13800000002,重名,校长\n";
	static const char missing[] = "电话,学校,性别,备注\n1,2,3,4\n";
	struct sheet_opts so;
	struct sheet_result res;
	struct staffrun r;
	char *cause;

	memset(&so, 0, sizeof so);
	ck_assert_int_eq(staff_import(good, &so, &r, &res, &cause), 0);
	ck_assert_uint_eq(r.napplied, 2);
	ck_assert_str_eq(r.applied[0], "王丽 13800000001");
	ck_assert_str_eq(r.applied[1], "刘老师 13800000002");
	ck_assert_uint_eq(res.rows, 2);
	staff_reset(&r);
	free(res.bad_rows);

	/* A bad row: checked, told, and nothing applied for good. */
	tu_msgs_clear();
	ck_assert_int_eq(staff_import(bad, &so, &r, &res, &cause),
	    SHEET_EROWS);
	ck_assert(said("staff.csv: row 3 (刘老师): 联系电话 \"123\": not 11 "
	    "digits"));
	ck_assert_uint_eq(res.bad, 1);
	ck_assert_uint_eq(res.bad_rows[0], 3);
	free(res.bad_rows);
	staff_reset(&r);

	/* A row found bad while applying: told after the transaction. */
	tu_msgs_clear();
	ck_assert_int_eq(staff_import(later, &so, &r, &res, &cause),
	    SHEET_EROWS);
	ck_assert(said("staff.csv: row 3 (重名): two of this name"));
	ck_assert_uint_eq(res.bad, 1);
	free(res.bad_rows);
	staff_reset(&r);

	/* The required columns are named when missing. */
	tu_msgs_clear();
	ck_assert_int_eq(staff_import(missing, &so, &r, &res, &cause),
	    SH_EINVAL);
	ck_assert(said("staff.csv: row 1: there is no column 姓名 (name), "
	    "which is required"));
	ck_assert(said("staff.csv: row 1: there is no column 职务 (roles), "
	    "which is required"));
	ck_assert_ptr_nonnull(strstr(cause, "header row"));
	free(cause);
	free(res.bad_rows);
	staff_reset(&r);
}
END_TEST

START_TEST(limits_of_size_and_line)
{
	struct sheet_opts so;
	struct sheet_result res;
	struct staffrun r;
	struct buf b = { 0 };
	char *cause;
	size_t i;

	buf_addstr(&b, "电话,姓名,职务\n13800000001,王丽,\"");
	for (i = 0; i < 3000; i++)
		buf_addc(&b, 'a');
	buf_addstr(&b, "\"\n");
	buf_add(&b, "", 0);
	memset(&so, 0, sizeof so);
	so.max_line = 2048;
	ck_assert_int_eq(staff_import(b.s, &so, &r, &res, &cause),
	    SH_EINVAL);
	ck_assert_ptr_nonnull(strstr(cause, "staff.csv: row 2 has a line "
	    "longer than 2 KB"));
	free(cause);
	free(res.bad_rows);
	memset(&so, 0, sizeof so);
	so.max_size = 2048;
	ck_assert_int_eq(staff_import(b.s, &so, &r, &res, &cause),
	    SH_EINVAL);
	ck_assert_ptr_nonnull(strstr(cause, "staff.csv is larger than"));
	free(cause);
	free(res.bad_rows);
	/* Within the limits the same file is read. */
	memset(&so, 0, sizeof so);
	ck_assert_int_eq(staff_import(b.s, &so, &r, &res, &cause), 0);
	ck_assert_uint_eq(r.napplied, 1);
	staff_reset(&r);
	free(res.bad_rows);
	buf_free(&b);
}
END_TEST

static Suite *
sheet_suite(void)
{
	Suite *s = suite_create("sheet");
	TCase *tc = tcase_create("sheet");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, rows_are_numbered_as_the_spreadsheet_shows_them);
	tcase_add_test(tc, control_sequences_in_any_column_are_made_safe);
	tcase_add_test(tc, no_file_is_refused_at_once);
	tcase_add_test(tc, a_kind_is_a_table_and_two_callbacks);
	tcase_add_test(tc, limits_of_size_and_line);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_run(sheet_suite());
}
