/*
 * Unit tests for cmdopt.c: the numbers, option checks and print options
 * the commands read, with the messages a user is shown, and a printout
 * delivered to a file with its note in the audit trail.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "cli.h"
#include "cmdopt.h"
#include "i18n.h"
#include "print.h"
#include "store.h"
#include "testutil.h"
#include "util.h"

static char *dir;
static char *errpath;

/* Standard error goes to a file of the test's own directory. */
static void
err_up(void)
{
	dir = tu_tmpdir();
	errpath = xasprintf("%s/stderr", dir);
	ck_assert_ptr_nonnull(freopen(errpath, "w", stderr));
}

static void
err_down(void)
{
	tu_rmrf(dir);
	free(errpath);
	free(dir);
}

/* What was said on standard error since the last call. */
static char *
said(void)
{
	char *s;

	fflush(stderr);
	s = tu_slurp(errpath, NULL);
	ck_assert_ptr_nonnull(s);
	ck_assert_ptr_nonnull(freopen(errpath, "w", stderr));
	return s;
}

static void
said_is(const char *want)
{
	char *s = said();

	ck_assert_msg(strcmp(s, want) == 0, "said \"%s\", not \"%s\"", s,
	    want);
	free(s);
}

START_TEST(numbers_in_their_range)
{
	long v = 0;

	ck_assert_int_eq(cmdopt_number("--width", "80", 40, 200, false, &v),
	    0);
	ck_assert_int_eq(v, 80);
	said_is("");
	ck_assert_int_eq(cmdopt_number("--width", "39", 40, 200, false, &v),
	    EXIT_USAGE);
	said_is("shouhu: --width: \"39\" is not a number from 40 to 200\n");
	ck_assert_int_eq(cmdopt_number("--width", "", 40, 200, false, &v),
	    EXIT_USAGE);
	said_is("shouhu: --width: \"\" is not a number from 40 to 200\n");
	ck_assert_int_eq(cmdopt_number("--by", "12x", 1, 2147483647L, false,
	    &v), EXIT_USAGE);
	said_is("shouhu: --by: \"12x\" is not a number from 1 to "
	    "2147483647\n");
	ck_assert_int_eq(cmdopt_number("--by", "99999999999999999999", 1,
	    2147483647L, false, &v), EXIT_USAGE);
	ck_assert_int_eq(v, 80);
	free(said());
}
END_TEST

START_TEST(a_hash_only_where_asked)
{
	long v = 0;

	ck_assert_int_eq(cmdopt_number("--child", "#12", 1, 2147483647L,
	    false, &v), EXIT_USAGE);
	said_is("shouhu: --child: \"#12\" is not a number from 1 to "
	    "2147483647\n");
	ck_assert_int_eq(cmdopt_number("--child", "#12", 1, 2147483647L, true,
	    &v), 0);
	ck_assert_int_eq(v, 12);
	ck_assert_int_eq(cmdopt_number("--child", "#", 1, 2147483647L, true,
	    &v), EXIT_USAGE);
	said_is("shouhu: --child: \"#\" is not a number from 1 to "
	    "2147483647\n");
	ck_assert_uint_eq(cli_number("12"), 12);
	ck_assert_uint_eq(cli_number("#12"), 12);
	ck_assert_uint_eq(cli_number(""), 0);
	ck_assert_uint_eq(cli_number("#"), 0);
	ck_assert_uint_eq(cli_number("12a"), 0);
	ck_assert_uint_eq(cli_number("4294967296"), 0);
}
END_TEST

static const char *const opt_names[] = { "--school", "--date", "-o" };
static const struct optnames names = { opt_names, nitems(opt_names) };

START_TEST(options_that_do_not_go_or_are_missing)
{
	ck_assert_int_eq(cmdopt_check(&names, "list", 1u, 1u | 2u, 0), 0);
	said_is("");
	ck_assert_int_eq(cmdopt_check(&names, "list", 1u | 4u, 1u | 2u, 0),
	    EXIT_USAGE);
	said_is("shouhu: -o does not go with \"list\"\n");
	/* What does not go is said before what is missing. */
	ck_assert_int_eq(cmdopt_check(&names, "add", 4u, 1u | 2u, 1u | 2u),
	    EXIT_USAGE);
	said_is("shouhu: -o does not go with \"add\"\n");
	ck_assert_int_eq(cmdopt_check(&names, "add", 2u, 1u | 2u, 1u | 2u),
	    EXIT_USAGE);
	said_is("shouhu: \"add\" needs --school\n");
	ck_assert_str_eq(cmdopt_first(&names, 2u | 4u), "--date");
	ck_assert_str_eq(cmdopt_first(&names, 0), "");
}
END_TEST

START_TEST(formats_and_encodings)
{
	enum print_format f = PRINT_AUTO;
	enum print_encoding e = PRINT_ENC_DEFAULT;

	ck_assert_int_eq(cmdopt_format("pdf", &f), 0);
	ck_assert_int_eq(f, PRINT_PDF);
	ck_assert_int_eq(cmdopt_format("text", &f), 0);
	ck_assert_int_eq(f, PRINT_TEXT);
	ck_assert_int_eq(cmdopt_format("csv", &f), EXIT_USAGE);
	said_is("shouhu: --format: \"csv\" is neither text nor pdf\n");
	ck_assert_int_eq(cmdopt_encoding("GB18030", &e), 0);
	ck_assert_int_eq(e, PRINT_GB18030);
	ck_assert_int_eq(cmdopt_encoding("utf8", &e), 0);
	ck_assert_int_eq(e, PRINT_UTF8);
	ck_assert_int_eq(cmdopt_encoding("latin1", &e), EXIT_USAGE);
	said_is("shouhu: --encoding: \"latin1\" is neither utf-8 nor "
	    "gb18030\n");
}
END_TEST

static int
count_print(const struct audit_entry *e, void *arg)
{
	if (e->kind == AUDIT_PRINT && e->what != NULL &&
	    strcmp(e->what, "东山小学 名单") == 0)
		(*(int *)arg)++;
	return 0;
}

static int
printed(struct db *db)
{
	struct audit_filter f = { 0, NULL, 0, 0, AUDIT_PRINT };
	struct txn t;
	int n = 0;

	ck_assert_int_eq(txn_read(db, &t), 0);
	ck_assert_int_eq(audit_scan(&t, &f, count_print, &n), 0);
	txn_end(&t);
	return n;
}

START_TEST(a_printout_delivered_and_noted)
{
	struct print_doc doc;
	struct print_dest dest = { NULL, false, NULL, PRINT_TEXT,
	    PRINT_UTF8 };
	char *dbdir = NULL, *out, *text;
	struct db *db = tu_db_new(&dbdir);

	print_doc_init(&doc, "东山小学 名单", 80, 60);
	print_lines_add(&doc.lines, xstrdup("王小明  三年级二班"));
	out = xasprintf("%s/list.txt", dir);
	dest.output = out;
	ck_assert_int_eq(cmdopt_deliver(db, &doc, &dest, false), EXIT_OK);
	text = tu_slurp(out, NULL);
	ck_assert_ptr_nonnull(text);
	ck_assert_ptr_nonnull(strstr(text, "王小明  三年级二班"));
	free(text);
	ck_assert_int_eq(printed(db), 0);
	ck_assert_int_eq(cmdopt_deliver(db, &doc, &dest, true), EXIT_OK);
	ck_assert_int_eq(printed(db), 1);
	said_is("");
	/*
	 * A directory is no file to print to: said.  The entry is written
	 * before anything leaves, so the attempt is in the trail.
	 */
	dest.output = dir;
	ck_assert_int_eq(cmdopt_deliver(db, &doc, &dest, true), EXIT_DATA);
	text = said();
	ck_assert_msg(strncmp(text, "shouhu: ", 8) == 0 && strlen(text) > 9,
	    "said \"%s\"", text);
	free(text);
	ck_assert_int_eq(printed(db), 2);
	/* A destination that does not go with the printout: not noted. */
	dest.output = NULL;
	dest.lp = false;
	dest.format = PRINT_PDF;
	dest.encoding = PRINT_GB18030;
	ck_assert_int_eq(cmdopt_deliver(db, &doc, &dest, true), EXIT_USAGE);
	free(said());
	ck_assert_int_eq(printed(db), 2);
	print_doc_free(&doc);
	free(out);
	tu_db_drop(&db, &dbdir);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("cmdopt");
	TCase *tc = tcase_create("options");

	i18n_init("en");
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, err_up, err_down);
	tcase_add_test(tc, numbers_in_their_range);
	tcase_add_test(tc, a_hash_only_where_asked);
	tcase_add_test(tc, options_that_do_not_go_or_are_missing);
	tcase_add_test(tc, formats_and_encodings);
	tcase_add_test(tc, a_printout_delivered_and_noted);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
