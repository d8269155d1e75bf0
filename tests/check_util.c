/* Unit tests for util.c: UTF-8 decoding and display-column layout. */
#include "config.h"

#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outfile.h"
#include "print.h"
#include "testutil.h"
#include "util.h"

START_TEST(safe_text_has_no_terminal_controls)
{
	char *s;

	/* OSC 52 (clipboard), clear screen, BEL, C1 CSI, DEL, bad bytes. */
	s = str_safe("a\033]52;c;aGk=\a\033[2J\xc2\x9b\x7f\xff张", false);
	ck_assert_str_eq(s, "a\xef\xbf\xbd]52;c;aGk=\xef\xbf\xbd"
	    "\xef\xbf\xbd[2J\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd张");
	free(s);
	s = str_safe("一\n二\t三\r", true);
	ck_assert_str_eq(s, "一\n二\t三\xef\xbf\xbd");
	free(s);
	s = str_safe("一\n二", false);
	ck_assert_str_eq(s, "一\xef\xbf\xbd二");
	free(s);
}
END_TEST

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(outfile_refuses_what_it_must_not_write)
{
	char *dir = tu_tmpdir(), *p, *l, *cause = NULL, *text;
	struct outfile *o;
	struct stat st;

	p = xasprintf("%s/old.csv", dir);
	l = xasprintf("%s/link.csv", dir);
	write_file(p, "the school's own roster\n");
	ck_assert_int_eq(symlink(p, l), 0);

	ck_assert_ptr_null(outfile_open(dir, 0, &cause));
	ck_assert_ptr_nonnull(strstr(cause, "directory"));
	ck_assert_ptr_null(outfile_open(l, 0, &cause));
	ck_assert_ptr_nonnull(strstr(cause, "symbolic link"));
	ck_assert_ptr_null(outfile_open("/dev/null", 0, &cause));
	ck_assert_ptr_nonnull(strstr(cause, "device"));
	ck_assert_ptr_null(outfile_open(p, OUTFILE_NOCLOBBER, &cause));
	ck_assert_ptr_nonnull(strstr(cause, "--force"));
	ck_assert_ptr_nonnull(strstr(cause, "24 bytes"));
	ck_assert_int_eq(outfile_exists(p, NULL, NULL, &cause), 1);
	ck_assert_int_eq(outfile_exists(l, NULL, NULL, &cause), -1);

	/* Nothing is touched before the commit; an abort leaves no trace. */
	o = outfile_open(p, 0, &cause);
	ck_assert_ptr_nonnull(o);
	fputs("new", outfile_stream(o));
	text = tu_slurp(p, NULL);
	ck_assert_str_eq(text, "the school's own roster\n");
	free(text);
	outfile_abort(o);
	text = tu_slurp(p, NULL);
	ck_assert_str_eq(text, "the school's own roster\n");
	free(text);

	o = outfile_open(p, 0, &cause);
	fputs("new", outfile_stream(o));
	ck_assert_int_eq(outfile_commit(o, &cause), 0);
	text = tu_slurp(p, NULL);
	ck_assert_str_eq(text, "new");
	free(text);
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	/* The symlink still points where it did, to the new file. */
	ck_assert_int_eq(lstat(l, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));

	free(cause);
	free(p);
	free(l);
	tu_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(decode_rejects_bad_sequences)
{
	uint32_t cp;

	ck_assert_int_eq(u8_decode("\xe5\xbc\xa0", 3, &cp), 3);
	ck_assert_uint_eq(cp, 0x5f20);
	ck_assert_int_eq(u8_decode("\xe5\xbc", 2, &cp), -1);	/* truncated */
	ck_assert_int_eq(u8_decode("\xc0\xaf", 2, &cp), -1);	/* overlong */
	ck_assert_int_eq(u8_decode("\xed\xa0\x80", 3, &cp), -1); /* surrogate */
	ck_assert_int_eq(u8_decode("\xf4\x90\x80\x80", 4, &cp), -1);
	ck_assert(u8_valid("张三丰 abc", strlen("张三丰 abc")));
	ck_assert(!u8_valid("\xff", 1));
}
END_TEST

START_TEST(width_counts_cjk_as_two)
{
	ck_assert_int_eq(u_width("张三"), 4);
	ck_assert_int_eq(u_width("ab张"), 4);
	ck_assert_int_eq(u_width("（３）"), 6);
	ck_assert_int_eq(u_width("e\xcc\x81"), 1);	/* combining acute */
	ck_assert_int_eq(u_width(""), 0);
}
END_TEST

START_TEST(fit_cuts_and_pads_by_columns)
{
	struct buf b = { 0 };

	ck_assert_int_eq(u_fit(&b, "张三丰", 5, true), 5);
	ck_assert_str_eq(b.s, "张三 ");	/* 丰 does not fit: a space */
	buf_reset(&b);
	ck_assert_int_eq(u_fit(&b, "ab", 4, true), 4);
	ck_assert_str_eq(b.s, "ab  ");
	buf_reset(&b);
	ck_assert_int_eq(u_fit(&b, "a\xffz", 3, false), 3);
	ck_assert_str_eq(b.s, "a\xef\xbf\xbdz");	/* U+FFFD */
	buf_reset(&b);
	ck_assert_int_eq(u_fit(&b, "a\tb", 3, false), 3);
	ck_assert_str_eq(b.s, "a?b");
	buf_reset(&b);
	ck_assert_int_eq(u_fit_right(&b, "张", 5), 5);
	ck_assert_str_eq(b.s, "   张");
	buf_free(&b);
}
END_TEST

START_TEST(trim_and_halfwidth)
{
	char *s;

	s = str_trim("\xe3\x80\x80 张三\t ");
	ck_assert_str_eq(s, "张三");
	free(s);
	s = str_halfwidth("１３８　ＡＢ");
	ck_assert_str_eq(s, "138 AB");
	free(s);
}
END_TEST

/* A class's name from its translated pattern, as printf would make it. */
START_TEST(two_strings_into_a_pattern)
{
	static const struct {
		const char	*fmt, *want;
	} cases[] = {
		{ "%s class %s", "grade 3 class 2" },
		{ "%s%s班", "grade 32班" },
		{ "%2$s班，%1$s", "2班，grade 3" },
		{ "100%% %s", "100% grade 3" },
		{ "", "" },
		{ "%d class %s", NULL },
		{ "%s %s %s", NULL },
		{ "%s %", NULL },
	};
	size_t i;
	char *s;

	for (i = 0; i < nitems(cases); i++) {
		s = str_format2(cases[i].fmt, "grade 3", "2");
		if (cases[i].want == NULL)
			ck_assert_msg(s == NULL, "\"%s\" gave \"%s\"",
			    cases[i].fmt, s);
		else
			ck_assert_str_eq(s, cases[i].want);
		free(s);
	}
}
END_TEST

/* Minor page faults of this process so far. */
static long
faults(void)
{
	struct rusage ru;

	ck_assert_int_eq(getrusage(RUSAGE_SELF, &ru), 0);
	return ru.ru_minflt;
}

#ifdef MADV_POPULATE_WRITE
/* Whether this kernel makes memory ready when asked (Linux 5.14). */
static bool
can_populate(void)
{
	long page = sysconf(_SC_PAGESIZE);
	void *p = mmap(NULL, (size_t)page, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	bool ok;

	ck_assert_ptr_ne(p, MAP_FAILED);
	ok = madvise(p, (size_t)page, MADV_POPULATE_WRITE) == 0;
	munmap(p, (size_t)page);
	return ok;
}
#endif

/*
 * Writes a megabyte after a header into memory grown by buf_grow() or
 * buf_grow_ready(); returns the page faults the writing cost.
 */
static long
write_megabyte(bool ready)
{
	struct buf b = { 0 };
	size_t n = 1 << 20, i;
	long before;

	buf_addstr(&b, "header\n");
	if (ready)
		buf_grow_ready(&b, n);
	else
		buf_grow(&b, n);
	ck_assert_uint_gt(b.cap, b.len + n);
	before = faults();
	for (i = 0; i < n; i++)
		b.s[b.len + i] = (char)('a' + i % 26);
	before = faults() - before;
	b.len += n;
	b.s[b.len] = '\0';
	ck_assert_int_eq(strncmp(b.s, "header\nabc", 10), 0);
	ck_assert_int_eq(b.s[b.len - 1], 'a' + (int)((n - 1) % 26));
	buf_free(&b);
	return before;
}

/*
 * A long list's memory is made ready at once: writing a megabyte into
 * it then costs a few page faults, not one a page (256; a sanitizer's
 * shadow pages add some to both).
 */
START_TEST(grown_memory_is_ready)
{
	long plain = write_megabyte(false), ready = write_megabyte(true);

#ifdef MADV_POPULATE_WRITE
	if (!can_populate()) {
		fprintf(stderr, "# this kernel cannot make memory ready\n");
		return;
	}
	ck_assert_int_ge(plain, 200);
	ck_assert_msg(ready * 4 < plain, "%ld faults, %ld without", ready,
	    plain);
#else
	(void)plain;
	(void)ready;
#endif
}
END_TEST

START_TEST(age_in_whole_years)
{
	ck_assert_int_eq(age_on("2015-03-07", "2026-03-06"), 10);
	ck_assert_int_eq(age_on("2015-03-07", "2026-03-07"), 11);
	ck_assert_int_eq(age_on("", "2026-03-07"), -1);
}
END_TEST

/* GB18030 for a dot-matrix printer keeps every line's columns: a
 * character one column wide on screen but two bytes there is replaced,
 * quotation marks by their ASCII kin. */
START_TEST(gb18030_keeps_the_columns)
{
	const char *in = "\xe4\xbb\x96\xe8\xaf\xb4\xe2\x80\x9c\xe5\xa5\xbd"
	    "\xe2\x80\x9d \xe2\x80\x98x\xe2\x80\x99";	/* 他说“好” ‘x’ */
	struct buf out = { 0 };
	char *cause = NULL;

	ck_assert_int_eq(print_gb18030(in, strlen(in), &out, &cause), 0);
	/* 他 说 and 好 two bytes each, the rest one. */
	ck_assert_str_eq(out.s + 4, "\"\xba\xc3\" 'x'");
	ck_assert_int_eq((int)strlen(out.s), u_width(in));
	buf_free(&out);
}
END_TEST

/* Writes text to dir/name; returns the path (to free). */
static char *
put_file(const char *dir, const char *name, const char *text)
{
	char *p = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(p, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	return p;
}

/*
 * The login name read from the passwd file is the one NSS gives, and it
 * is read there only when NSS would read that file first: any other
 * source first, an action on success, a doubtful line, and NSS is asked.
 */
START_TEST(login_from_the_passwd_file)
{
	static const struct {
		const char *conf;
		bool files;
	} confs[] = {
		{ "# users\npasswd:         files systemd\ngroup: files\n", true },
		{ "passwd:files", true },
		{ "  passwd:\tfiles   # the local file\n", true },
		{ "group: sss\npasswd: files\nhosts: files dns\n", true },
		{ "passwd: compat\n", false },
		{ "passwd: sss files\n", false },
		{ "passwd: files [SUCCESS=continue] ldap\n", false },
		{ "passwd: files[NOTFOUND=return]\n", false },
		{ "passwd:\n", false },
		{ "group: files\n", false },
		{ "passwd: files\npasswd: ldap\n", false },
		{ "passwd: ldap\npasswd: files\n", false },
		{ "passwd: files\n  ldap\n", false },
		{ "#passwd: ldap\npasswd: files\n", true },
	};
	static const char passwd[] =
	    "root:x:0:0:root:/root:/bin/bash\n"
	    "# a comment:x:1000:\n"
	    "\n"
	    "  alice:x:1000:1000:Alice:/home/alice:/bin/sh\n"
	    "bob:x:1001:1001::/home/bob:/bin/sh\n"
	    "bobby:x:1001:1001::/home/bobby:/bin/sh\n"
	    "+nis:x:1002:1002::/:\n"
	    "carol:x:1002:1002::/home/carol:/bin/sh";
	char *dir = tu_tmpdir(), *conf, *pw, *bad, name[64];
	struct passwd *real;
	size_t i;

	pw = put_file(dir, "passwd", passwd);
	for (i = 0; i < sizeof confs / sizeof confs[0]; i++) {
		conf = put_file(dir, "nsswitch.conf", confs[i].conf);
		strcpy(name, "-");
		ck_assert_msg((login_from_files(conf, pw, 1000, name,
		    sizeof name) == 0) == confs[i].files,
		    "nsswitch.conf \"%s\": %s", confs[i].conf, name);
		if (confs[i].files)
			ck_assert_str_eq(name, "alice");
		free(conf);
	}
	conf = put_file(dir, "nsswitch.conf", "passwd: files systemd\n");
	ck_assert_int_eq(login_from_files(conf, pw, 0, name, sizeof name), 0);
	ck_assert_str_eq(name, "root");
	/* The first line with the uid, as NSS reads them. */
	ck_assert_int_eq(login_from_files(conf, pw, 1001, name, sizeof name),
	    0);
	ck_assert_str_eq(name, "bob");
	/* Not in the file (another source may know it); after NIS's "+". */
	ck_assert_int_eq(login_from_files(conf, pw, 4242, name, sizeof name),
	    -1);
	ck_assert_int_eq(login_from_files(conf, pw, 1002, name, sizeof name),
	    -1);
	/* No room for the name; no such files. */
	ck_assert_int_eq(login_from_files(conf, pw, 1000, name, 5), -1);
	ck_assert_int_eq(login_from_files(conf, "/nonexistent/passwd", 0,
	    name, sizeof name), -1);
	ck_assert_int_eq(login_from_files("/nonexistent/nsswitch.conf", pw,
	    0, name, sizeof name), -1);
	/* A configuration too long to be one (over 64 KiB). */
	{
		struct buf big = { 0 };
		char *bigconf;

		while (big.len <= 64 * 1024)
			buf_add(&big, "# a comment line, and more of them\n",
			    35);
		buf_add(&big, "passwd: files\n", 14);
		bigconf = put_file(dir, "big.conf", big.s);
		ck_assert_int_eq(login_from_files(bigconf, pw, 1000, name,
		    sizeof name), -1);
		free(bigconf);
		buf_free(&big);
	}
	/* A line before it that NSS may read otherwise. */
	bad = put_file(dir, "passwd2", "root:x:0:0:root:/root:/bin/bash\n"
	    "dave:x:10x0:1000::/home/dave:/bin/sh\n"
	    "alice:x:1000:1000::/home/alice:/bin/sh\n");
	ck_assert_int_eq(login_from_files(conf, bad, 0, name, sizeof name), 0);
	ck_assert_int_eq(login_from_files(conf, bad, 1000, name, sizeof name),
	    -1);
	free(bad);
	bad = put_file(dir, "passwd3", "eve:x:1000\nalice:x:1000:1000::/:\n");
	ck_assert_int_eq(login_from_files(conf, bad, 1000, name, sizeof name),
	    -1);
	free(bad);
	free(conf);
	free(pw);
	/* On this machine: the same name as NSS's, whichever way it came. */
	real = getpwuid(getuid());
	if (real != NULL)
		ck_assert_str_eq(login_name(), real->pw_name);
	if (login_from_files("/etc/nsswitch.conf", "/etc/passwd", getuid(),
	    name, sizeof name) == 0)
		ck_assert_str_eq(name, real != NULL ? real->pw_name : "");
	tu_rmrf(dir);
	free(dir);
}
END_TEST


int
main(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("util");

	tcase_add_test(tc, decode_rejects_bad_sequences);
	tcase_add_test(tc, width_counts_cjk_as_two);
	tcase_add_test(tc, fit_cuts_and_pads_by_columns);
	tcase_add_test(tc, trim_and_halfwidth);
	tcase_add_test(tc, age_in_whole_years);
	tcase_add_test(tc, two_strings_into_a_pattern);
	tcase_add_test(tc, grown_memory_is_ready);
	tcase_add_test(tc, safe_text_has_no_terminal_controls);
	tcase_add_test(tc, outfile_refuses_what_it_must_not_write);
	tcase_add_test(tc, gb18030_keeps_the_columns);
	tcase_add_test(tc, login_from_the_passwd_file);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
