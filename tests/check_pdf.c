/*
 * Unit tests for pdf.c: what it refuses, what it draws anyway, and what
 * it says when there is no font or no room.  What the pages look like is
 * checked with poppler in pdf.sh.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pdf.h"
#include "testutil.h"
#include "util.h"

struct doc {
	FILE	*f;
	char	*bytes;
	size_t	 len;
};

static struct pdf *
doc_open(struct doc *d)
{
	struct pdf *pdf;
	char *cause = NULL;

	d->f = open_memstream(&d->bytes, &d->len);
	ck_assert_ptr_nonnull(d->f);
	pdf = pdf_open(d->f, "联络树", &cause);
	ck_assert_msg(pdf != NULL, "pdf_open: %s", cause);
	return pdf;
}

/* Closes the document; returns how many pages it has. */
static int
doc_close(struct doc *d, struct pdf *pdf)
{
	char *cause = NULL, *p, *end;
	int pages = 0;

	ck_assert_msg(pdf_close(pdf, &cause) == 0, "pdf_close: %s", cause);
	fclose(d->f);
	end = d->bytes + d->len;
	ck_assert(d->len > 5 && memcmp(d->bytes, "%PDF-", 5) == 0);
	ck_assert(memmem(d->bytes, d->len, "%%EOF", 5) != NULL);
	for (p = d->bytes; (p = memmem(p, end - p, "/Type /Page", 11)) !=
	    NULL; p++) {
		if (p + 11 < end && p[11] != 's')
			pages++;
	}
	free(d->bytes);
	return pages;
}

static const char *const good[] = {
	"+------+",
	"|[ ] 张伟：13869162555（母亲）；|",
};

START_TEST(refuses_a_page_too_long)
{
	const char *lines[PDF_LINES + 1];
	struct doc d;
	struct pdf *pdf = doc_open(&d);
	char *cause = NULL;
	int i;

	for (i = 0; i < PDF_LINES + 1; i++)
		lines[i] = "张伟 13869162555";
	ck_assert_int_eq(pdf_page(pdf, lines, PDF_LINES + 1, &cause), -1);
	ck_assert_msg(strstr(cause, "61") != NULL, "%s", cause);
	free(cause);
	cause = NULL;
	ck_assert_int_eq(pdf_page(pdf, lines, -1, &cause), -1);
	free(cause);
	/* 60 lines fit, and the refused pages left nothing behind. */
	ck_assert_int_eq(pdf_page(pdf, lines, PDF_LINES, NULL), 0);
	ck_assert_int_eq(doc_close(&d, pdf), 1);
}
END_TEST

START_TEST(refuses_a_line_too_wide)
{
	char ascii[PDF_COLS + 2], wide[4 * PDF_COLS], *cause = NULL;
	const char *lines[3];
	struct doc d;
	struct pdf *pdf = doc_open(&d);
	int i;

	memset(ascii, '-', PDF_COLS + 1);
	ascii[PDF_COLS + 1] = '\0';
	lines[0] = good[0];
	lines[1] = good[1];
	lines[2] = ascii;
	ck_assert_int_eq(pdf_page(pdf, lines, 3, &cause), -1);
	ck_assert_msg(strstr(cause, "line 3") != NULL &&
	    strstr(cause, "81") != NULL, "%s", cause);

	/* A Chinese character counts two: 79 columns and one more is 81. */
	ascii[PDF_COLS - 1] = '\0';
	snprintf(wide, sizeof wide, "%s张", ascii);
	lines[2] = wide;
	ck_assert_int_eq(pdf_page(pdf, lines, 3, &cause), -1);
	ck_assert_msg(strstr(cause, "81") != NULL, "%s", cause);
	free(cause);

	/* Forty of them are 80 columns: they fit. */
	wide[0] = '\0';
	for (i = 0; i < PDF_COLS / 2; i++)
		strcat(wide, "联");
	ck_assert_int_eq(pdf_page(pdf, lines, 3, NULL), 0);
	ck_assert_int_eq(doc_close(&d, pdf), 1);
}
END_TEST

START_TEST(draws_bad_text_as_replacement)
{
	static const char *const bad[] = {
		"\xff\xfe张三\x01\t13869162555\xe5\x80",
		"\x1b[31m红\x7f\xc2\x85 e\xcc\x81 \xf0\x9f\x98\x80 \xef\xbf\xbf",
		"",
		"\xe4\xb8",
	};
	struct doc d;
	struct pdf *pdf = doc_open(&d);
	char *cause = NULL;

	ck_assert_msg(pdf_page(pdf, bad, nitems(bad), &cause) == 0, "%s", cause);
	ck_assert_int_eq(pdf_page(pdf, NULL, 0, NULL), 0);
	ck_assert_int_eq(doc_close(&d, pdf), 2);
}
END_TEST

START_TEST(no_font_names_the_packages)
{
	char *dir = tu_tmpdir(), *conf, *cause = NULL;
	FILE *f;

	conf = xasprintf("%s/fonts.conf", dir);
	f = fopen(conf, "w");
	ck_assert_ptr_nonnull(f);
	fputs("<?xml version=\"1.0\"?>\n<fontconfig></fontconfig>\n", f);
	fclose(f);
	setenv("FONTCONFIG_FILE", conf, 1);
	f = tmpfile();
	ck_assert_ptr_null(pdf_open(f, "联络树", &cause));
	ck_assert_ptr_nonnull(cause);
	ck_assert_msg(strstr(cause, "fonts-noto-cjk") != NULL &&
	    strstr(cause, "fonts-wqy-zenhei") != NULL &&
	    strstr(cause, "fonts-arphic-uming") != NULL, "%s", cause);
	ck_assert_int_eq(ftell(f), 0);
	fclose(f);
	free(cause);
	unlink(conf);
	free(conf);
	tu_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(full_disk_is_reported)
{
	struct pdf *pdf;
	char *cause = NULL;
	FILE *f;
	int rc;

	if ((f = fopen("/dev/full", "w")) == NULL)
		return;
	pdf = pdf_open(f, "联络树", &cause);
	ck_assert_ptr_nonnull(pdf);
	rc = pdf_page(pdf, good, nitems(good), &cause);
	if (rc == 0)
		rc = pdf_close(pdf, &cause);
	else
		pdf_close(pdf, NULL);
	ck_assert_int_eq(rc, -1);
	ck_assert_msg(strstr(cause, "No space") != NULL, "%s", cause);
	fclose(f);
	free(cause);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("pdf");
	TCase *tc = tcase_create("pdf");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, refuses_a_page_too_long);
	tcase_add_test(tc, refuses_a_line_too_wide);
	tcase_add_test(tc, draws_bad_text_as_replacement);
	tcase_add_test(tc, full_disk_is_reported);
	tcase_add_test(tc, no_font_names_the_packages);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
