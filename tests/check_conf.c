/* Unit tests for conf.c and priv.c: the configuration file, where an
 * installed program finds it, and which paths count as root's. */
#include "config.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "priv.h"
#include "testutil.h"
#include "util.h"

/* Writes text to dir/shouhu.conf and loads it: conf_load's result. */
static int
load(const char *dir, const char *text, struct conf **c, char **cause)
{
	char *path = xasprintf("%s/shouhu.conf", dir);
	FILE *f = fopen(path, "w");
	int rc;

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	rc = conf_load(path, c, cause);
	free(path);
	return rc;
}

START_TEST(conf_reads_settings)
{
	char *dir = tu_tmpdir(), *cause = NULL, *path;
	struct conf *c;

	ck_assert_int_eq(load(dir, "# a comment\n\n  database = /var/lib/"
	    "shouhu  \r\ntownship=青山镇\n", &c, &cause), 0);
	ck_assert_str_eq(conf_get(c, "database"), "/var/lib/shouhu");
	ck_assert_str_eq(conf_get(c, "township"), "青山镇");
	ck_assert_ptr_null(conf_get(c, "nothing"));
	conf_free(c);

	path = xasprintf("%s/none.conf", dir);
	ck_assert_int_eq(conf_load(path, &c, &cause), 1);
	ck_assert_ptr_null(c);
	free(path);
	tu_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(conf_names_the_bad_line)
{
	static const struct {
		const char	*text;
		const char	*says;
	} bad[] = {
		{ "township = a\ntownship = b\n", ".conf:2: \"township\" is set "
		    "again (first on line 1)" },
		{ "\n\ncolour = red\n", ".conf:3: unknown setting \"colour\"" },
		{ "database /var/lib/shouhu\n", ".conf:1: expected \"key = "
		    "value\"" },
		{ "Township = a\n", ".conf:1: expected" },
		{ "township =\n", ".conf:1: \"township\" has no value" },
		{ "database = var/lib\n", ".conf:1: the database must be an "
		    "absolute path" },
		{ "township = \xff\n", ".conf:1: not UTF-8" },
		{ "township = a\033[2Jb\n", ".conf:1: a control character" },
	};
	char *dir = tu_tmpdir(), *cause = NULL;
	struct conf *c;
	size_t i;

	for (i = 0; i < nitems(bad); i++) {
		ck_assert_int_eq(load(dir, bad[i].text, &c, &cause), -1);
		ck_assert_ptr_null(c);
		if (strstr(cause, bad[i].says) == NULL)
			ck_abort_msg("\"%s\" lacks \"%s\"", cause, bad[i].says);
	}
	free(cause);
	tu_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(conf_whole_numbers)
{
	char *dir = tu_tmpdir(), *cause = NULL;
	struct conf *c;
	unsigned v;

	/* A numeric setting is read the way later settings will be. */
	ck_assert_int_eq(load(dir, "township = 12\n", &c, &cause), 0);
	ck_assert_int_eq(conf_uint(c, "township", 5, 1, 100, &v, &cause), 0);
	ck_assert_uint_eq(v, 12);
	ck_assert_int_eq(conf_uint(c, "database", 5, 1, 100, &v, &cause), 0);
	ck_assert_uint_eq(v, 5);
	ck_assert_int_eq(conf_uint(c, "township", 5, 1, 10, &v, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, ".conf:1: \"township\" must be a "
	    "whole number from 1 to 10, not \"12\""));
	conf_free(c);
	free(cause);
	tu_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(relocated_install)
{
	static const struct {
		const char *exe, *bindir, *target, *want;
	} cases[] = {
		{ "/usr/local/bin", "/usr/local/bin", "/usr/local/etc",
		    "/usr/local/etc" },
		{ "/tmp/w/prefix/bin", "/usr/local/bin", "/usr/local/etc",
		    "/tmp/w/prefix/etc" },
		{ "/tmp/w/prefix/bin", "/usr/local/bin", "/usr/local/var",
		    "/tmp/w/prefix/var" },
		{ "/opt/x/bin", "/usr/bin", "/etc", "/etc" },
		{ "/opt/usr/bin", "/usr/bin", "/etc", "/opt/etc" },
		{ "/usr/bin", "/usr/local/bin", "/usr/local/etc", "/usr/etc" },
		{ "/sbin", "/usr/local/bin", "/usr/local/etc", "/usr/local/etc" },
		{ "/bin", "/usr/local/bin", "/usr/local/etc", "/etc" },
		{ "/a/bin//", "/usr/bin//", "/usr/etc/", "/a/etc" },
	};
	char *s;
	size_t i;

	for (i = 0; i < nitems(cases); i++) {
		s = conf_relocate(cases[i].exe, cases[i].bindir,
		    cases[i].target);
		ck_assert_str_eq(s, cases[i].want);
		free(s);
	}
}
END_TEST

START_TEST(trusted_paths_are_roots_alone)
{
	char *dir = tu_tmpdir(), *f, *l, *cause = NULL;
	FILE *fp;

	f = xasprintf("%s/file", dir);
	l = xasprintf("%s/link", dir);
	fp = fopen(f, "w");
	ck_assert_ptr_nonnull(fp);
	fclose(fp);
	ck_assert_int_eq(symlink(f, l), 0);
	ck_assert_int_eq(priv_trusted_path("relative/path", &cause), -1);
	ck_assert_int_eq(priv_trusted_path(l, &cause), -1);
	if (getuid() == 0 && priv_trusted_path(dir, &cause) != 0) {
		/* $TMPDIR lies below a directory others may write: what
		 * is made in it is never trusted either. */
		chmod(dir, 0755);
		chmod(f, 0644);
		ck_assert_int_eq(priv_trusted_path(f, &cause), -1);
	} else if (getuid() == 0) {
		chmod(dir, 0755);
		chmod(f, 0644);
		ck_assert_int_eq(priv_trusted_path(f, &cause), 0);
		chmod(f, 0666);
		ck_assert_int_eq(priv_trusted_path(f, &cause), -1);
		ck_assert_ptr_nonnull(strstr(cause, "writable by root alone"));
		chmod(f, 0644);
		chmod(dir, 0777);
		ck_assert_int_eq(priv_trusted_path(f, &cause), -1);
	} else
		ck_assert_int_eq(priv_trusted_path(f, &cause), -1);
	free(cause);
	free(f);
	free(l);
	tu_rmrf(dir);
	free(dir);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("conf");
	TCase *tc = tcase_create("conf");

	tcase_add_test(tc, conf_reads_settings);
	tcase_add_test(tc, conf_names_the_bad_line);
	tcase_add_test(tc, conf_whole_numbers);
	tcase_add_test(tc, relocated_install);
	tcase_add_test(tc, trusted_paths_are_roots_alone);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
