/*
 * cmd-report.c -- the report command:
 *
 *	shouhu report summary [--school NAME | --township] [--date DATE]
 *	    [--format text|csv|pdf] [PRINT OPTIONS]
 *	shouhu report term [--school NAME | --township] --from DATE
 *	    --to DATE [--format text|csv|pdf] [PRINT OPTIONS]
 *	shouhu report staff [--school NAME] [--from DATE --to DATE]
 *	    [--format text|pdf] [PRINT OPTIONS]
 *
 * where PRINT OPTIONS are -o FILE, --lp[=PRINTER], --encoding ENC,
 * --page-lines N.  Without --school or --township a login of one school
 * (not the administrator, not the township supervisor) gets its school,
 * the others the township.  The work is report.c's and report-term.c's,
 * the output print.c's.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "cli.h"
#include "csvw.h"
#include "cmdopt.h"
#include "form.h"
#include "i18n.h"
#include "model.h"
#include "print.h"
#include "rec.h"
#include "report.h"
#include "sheet.h"
#include "util.h"
#include "validate.h"

enum {
	OPT_SCHOOL = 0x5300,
	OPT_TOWNSHIP,
	OPT_DATE,
	OPT_FROM,
	OPT_TO,
	OPT_FORMAT,
	OPT_LP,
	OPT_ENCODING,
	OPT_PAGE_LINES
};

static struct {
	const char	*school;
	bool		 township;
	char		*date;
	char		*from;
	char		*to;
	bool		 csv;
	const char	*output;
	bool		 lp;
	const char	*printer;
	enum print_format format;
	enum print_encoding encoding;
	int		 page_lines;
} ra;

static int
date_arg(const char *opt, const char *arg, char **out)
{
	char *cause = NULL;

	free(*out);
	*out = NULL;
	if (val_date(arg, out, &cause) != 0) {
		cli_error("%s \"%s\": %s", opt, arg, cause);
		free(cause);
		return EXIT_USAGE;
	}
	return 0;
}

static int
report_option(struct cmdctx *ctx, int code, const char *arg)
{
	long v;

	switch (code) {
	case OPT_SCHOOL: ra.school = arg; return 0;
	case OPT_TOWNSHIP: ra.township = true; return 0;
	case OPT_DATE: return date_arg("--date", arg, &ra.date);
	case OPT_FROM: return date_arg("--from", arg, &ra.from);
	case OPT_TO: return date_arg("--to", arg, &ra.to);
	case 'o': ra.output = arg; return 0;
	case OPT_LP: ra.lp = true; ra.printer = arg; return 0;
	case OPT_FORMAT:
		ra.csv = strcmp(arg, "csv") == 0;
		if (strcmp(arg, "text") == 0)
			ra.format = PRINT_TEXT;
		else if (strcmp(arg, "pdf") == 0)
			ra.format = PRINT_PDF;
		else if (!ra.csv) {
			cli_error(_("--format: \"%s\" is not text, csv or pdf"),
			    arg);
			return EXIT_USAGE;
		}
		return 0;
	case OPT_ENCODING:
		return cmdopt_encoding(arg, &ra.encoding);
	case OPT_PAGE_LINES:
		if (cmdopt_number("--page-lines", arg, PRINT_MIN_LINES, 1000,
		    false, &v) != 0)
			return EXIT_USAGE;
		ra.page_lines = (int)v;
		return 0;
	}
	return EXIT_USAGE;
}

/* The school asked for, the login's own, or 0 for the township. */
static int
scope(struct cmdctx *ctx, uint32_t *school)
{
	*school = 0;
	if (ra.school != NULL && ra.township) {
		cli_error("%s", _("--school and --township do not go together"));
		return EXIT_USAGE;
	}
	if (cli_db(ctx) == NULL)
		return EXIT_DATA;
	if (ra.school != NULL) {
		if ((*school = cmdopt_school(ctx->db, ra.school)) == 0)
			return EXIT_DATA;
	} else if (!ra.township && !access_admin() &&
	    !(access_roles() & AR_SUPERVISOR))
		*school = access_school();
	return 0;
}

/* The document where the options say; the job id said for lp. */
static int
deliver(struct cmdctx *ctx, const struct print_doc *doc)
{
	struct print_dest dest = { ra.output, ra.lp, ra.printer, ra.format,
	    ra.encoding };

	return cmdopt_deliver(ctx->db, doc, &dest, ra.lp ||
	    (ra.output != NULL && strcmp(ra.output, "-") != 0));
}

/* The pages' head of a report: what, and of which school or the township. */
static char *
page_head_of(struct cmdctx *ctx, const char *what, uint32_t school)
{
	char *who = rep_scope_name(ctx->db, school), *head;

	head = xasprintf("%s  %s", what, who);
	free(who);
	return head;
}

/*
 * The job's title of a report: the school's name (the township's for
 * 0), what, the day.
 */
static char *
title_of(struct cmdctx *ctx, uint32_t school, const char *what,
    const char *date)
{
	char *who = rep_scope_name(ctx->db, school), *title;

	title = print_title(who, what, date);
	free(who);
	return title;
}

/* The report on pages, headed with head, delivered as titled. */
static int
paged(struct cmdctx *ctx, const char *head, char *title, const char *date,
    struct print_lines *body)
{
	struct print_opts po = { 0, ra.page_lines, date };
	struct print_doc doc;
	int rc;

	rep_doc(head, date, body, &po, &doc);
	print_doc_set_title(&doc, title);
	rc = deliver(ctx, &doc);
	print_doc_free(&doc);
	return rc;
}

/*
 * CSV to -o FILE or standard output, as the exports write it: UTF-8 with
 * a byte order mark, or GB18030 with --encoding gb18030.  EXIT_OK, or
 * EXIT_DATA after why.
 */
static int
csv_out(const struct buf *csv)
{
	char *cause = NULL;

	if (sheet_write(ra.output, csv->s != NULL ? csv->s : "", csv->len,
	    ra.encoding == PRINT_GB18030, 0, _("the report has text that "
	    "GB18030 cannot hold: write it in UTF-8"), &cause) != 0) {
		cli_error("%s", cause);
		free(cause);
		return EXIT_DATA;
	}
	return EXIT_OK;
}

static int
run_summary(struct cmdctx *ctx)
{
	struct print_lines body = { 0 };
	struct buf csv = { 0 };
	struct rep rep;
	char *cause = NULL, *head;
	const char *what;
	uint32_t school;
	int rc;

	if (ra.from != NULL || ra.to != NULL) {
		cli_error("%s", _("\"summary\" counts on one day: --date, not "
		    "--from or --to"));
		return EXIT_USAGE;
	}
	/* Nobody is counted on a day still to come. */
	if (ra.date != NULL && strcmp(ra.date, ctx->today) > 0) {
		cli_error(_("--date %s is in the future (today is %s)"),
		    ra.date, ctx->today);
		return EXIT_USAGE;
	}
	if ((rc = scope(ctx, &school)) != 0)
		return rc;
	if (rep_summary(ctx->db, school, ra.date != NULL ? ra.date :
	    ctx->today, &rep, &cause) != 0) {
		cli_error("%s", cause);
		free(cause);
		return EXIT_DATA;
	}
	if (ra.csv) {
		rep_csv(&rep, &csv);
		rc = csv_out(&csv);
		buf_free(&csv);
		rep_free(&rep);
		return rc;
	}
	rep_text(&rep, PRINT_WIDTH, &body);
	what = _("Left-behind children: summary");
	head = page_head_of(ctx, what, school);
	rc = paged(ctx, head, title_of(ctx, school, what, rep.date), rep.date,
	    &body);
	free(head);
	print_lines_free(&body);
	rep_free(&rep);
	return rc;
}

static int
run_term(struct cmdctx *ctx)
{
	struct print_lines body = { 0 };
	struct rep rep;
	char *cause = NULL, *head, *s;
	const char *what;
	uint32_t school;
	int rc;

	if (ra.from == NULL || ra.to == NULL || ra.date != NULL) {
		cli_error("%s", _("\"term\" needs --from DATE and --to DATE "
		    "(and no --date)"));
		return EXIT_USAGE;
	}
	if (strcmp(ra.from, ra.to) > 0) {
		cli_error(_("--from %s is after --to %s"), ra.from, ra.to);
		return EXIT_USAGE;
	}
	if ((rc = scope(ctx, &school)) != 0)
		return rc;
	if (rep_summary(ctx->db, school, ra.to, &rep, &cause) != 0) {
		cli_error("%s", cause);
		free(cause);
		return EXIT_DATA;
	}
	if (ra.csv) {
		struct buf csv = { 0 };
		struct csvw w = { 0 };
		static const char *const cols[] = { "part", "school", "item",
		    "measure", "value" };
		size_t i;

		for (i = 0; i < nitems(cols); i++)
			csvw_field(&w, cols[i]);
		buf_addstr(&csv, csvw_end(&w));
		csvw_free(&w);
		rep_csv_long(&rep, &csv);
		rep_term_csv(ctx->db, school, ra.from, ra.to, &csv);
		rep_free(&rep);
		rc = csv_out(&csv);
		buf_free(&csv);
		return rc;
	}
	s = xasprintf(_("The term from %s to %s.  The children in school on "
	    "%s:"), ra.from, ra.to, ra.to);
	print_flow_text(&body, s, 0, 0, PRINT_WIDTH);
	free(s);
	print_lines_add(&body, xstrdup(""));
	rep_text(&rep, PRINT_WIDTH, &body);
	print_lines_add(&body, xstrdup(""));
	rep_term_work(ctx->db, school, ra.from, ra.to, PRINT_WIDTH, &body);
	what = _("Term report");
	head = page_head_of(ctx, what, school);
	rc = paged(ctx, head, title_of(ctx, school, what, ctx->today),
	    ctx->today, &body);
	free(head);
	print_lines_free(&body);
	rep_free(&rep);
	return rc;
}

static int
run_staff(struct cmdctx *ctx)
{
	struct print_opts po = { 0, ra.page_lines, ctx->today };
	struct print_doc doc;
	char *cause = NULL;
	uint32_t school;
	int rc;

	if (ra.township || ra.date != NULL || ra.csv ||
	    (ra.from == NULL) != (ra.to == NULL)) {
		cli_error("%s", _("usage: shouhu report staff [--school NAME] "
		    "[--from DATE --to DATE]"));
		return EXIT_USAGE;
	}
	if ((rc = scope(ctx, &school)) != 0)
		return rc;
	if (rep_staff_doc(ctx->db, school, ra.from, ra.to != NULL ? ra.to :
	    ctx->today, &po, &doc, &cause) != 0) {
		cli_error("%s", cause);
		free(cause);
		return EXIT_DATA;
	}
	print_doc_set_title(&doc, title_of(ctx, school, _("Assessment sheets"),
	    ctx->today));
	rc = deliver(ctx, &doc);
	print_doc_free(&doc);
	return rc;
}

static int
report_run(struct cmdctx *ctx)
{
	static const struct {
		const char	*name;
		int		(*run)(struct cmdctx *);
	} subs[] = {
		{ "summary", run_summary },
		{ "term", run_term },
		{ "staff", run_staff }
	};
	size_t i;
	int rc = -1;

	for (i = 0; i < nitems(subs); i++)
		if (strcmp(ctx->argv[0], subs[i].name) == 0)
			rc = subs[i].run(ctx);
	if (rc == -1) {
		cli_error(_("no report \"%s\": summary, term or staff"),
		    ctx->argv[0]);
		rc = EXIT_USAGE;
	}
	free(ra.date);
	free(ra.from);
	free(ra.to);
	return rc;
}

/* ---- check --completeness ---- */

/* One class's gaps, written into out when it has any. */
struct gaps {
	const char	*school;
	char		*label;
	unsigned	 children;
	unsigned	 missing;
	unsigned	 n[FG__N];
};

static void
gaps_flush(struct gaps *g, struct buf *out)
{
	int k;

	if (g->label != NULL && g->missing > 0) {
		buf_addf(out, P_("%s %s: %u of %u child misses something\n",
		    "%s %s: %u of %u children miss something\n", g->children),
		    g->school, g->label, g->missing, g->children);
		/* The field's name, for scripts, in English only. */
		for (k = 0; k < FG__N; k++) {
			if (g->n[k] == 0)
				continue;
			buf_addf(out, "    %s", _(form_gap_label(k)));
			if (!i18n_is_zh())
				buf_addf(out, " (%s)", form_gap_name(k));
			/* TRANSLATORS: after a missing field, how many. */
			buf_addf(out, _(": %u\n"), g->n[k]);
		}
	}
	free(g->label);
	memset(g, 0, sizeof *g);
}

static void
school_gaps(struct txn *t, const struct rec *school, unsigned *children,
    unsigned *missing, struct buf *out)
{
	struct idlist ids = { 0 };
	struct gaps g = { 0 };
	struct rec *c;
	unsigned bits;
	char *label;
	size_t i;
	int k;

	children_of_class(t, school->id, NULL, NULL, &ids);
	for (i = 0; i < ids.n; i++) {
		if (rec_get(t, RT_CHILD, ids.v[i], &c) != 0)
			continue;
		if (!child_active(c) || form_missing(t, c->id, &bits) != 0) {
			rec_free(c);
			continue;
		}
		label = class_label(rec_str(c, CHILD_GRADE), rec_str(c,
		    CHILD_CLASS));
		if (g.label == NULL || strcmp(g.label, label) != 0) {
			gaps_flush(&g, out);
			g.school = rec_str(school, SCHOOL_NAME);
			g.label = label;
		} else
			free(label);
		g.children++;
		(*children)++;
		if (bits != 0) {
			g.missing++;
			(*missing)++;
		}
		for (k = 0; k < FG__N; k++)
			if (bits & (1u << k))
				g.n[k]++;
		rec_free(c);
	}
	gaps_flush(&g, out);
	idl_free(&ids);
}

int
completeness_run(struct cmdctx *ctx, const char *name)
{
	struct buf out = { 0 };
	struct rec_iter it;
	struct rec *s;
	struct txn t;
	unsigned children = 0, missing = 0;
	uint32_t only = 0;
	char *safe;

	if (cli_db(ctx) == NULL || txn_read(ctx->db, &t) != 0)
		return EXIT_DATA;
	if (name != NULL && (only = school_by_name(&t, name)) == 0) {
		txn_end(&t);
		cli_error(_("there is no school named \"%s\""), name);
		return EXIT_DATA;
	}
	rec_iter_start(&t, RT_SCHOOL, &it);
	while ((s = rec_iter_next(&it)) != NULL) {
		if (only == 0 || s->id == only)
			school_gaps(&t, s, &children, &missing, &out);
		rec_free(s);
	}
	rec_iter_end(&it);
	txn_end(&t);
	if (missing > 0)
		buf_addf(&out, _("Children in school: %u; missing something "
		    "the official form requires: %u.\n"), children, missing);
	else
		buf_addf(&out, P_("The %u child in school has everything the "
		    "official form requires.\n", "All %u children in school "
		    "have everything the official form requires.\n",
		    children), children);
	safe = str_safe(out.s, true);
	fputs(safe, stdout);
	free(safe);
	buf_free(&out);
	return missing > 0 ? EXIT_DATA : EXIT_OK;
}

static const struct cmdopt report_opts[] = {
	{ "school", required_argument, OPT_SCHOOL, N_("NAME"),
	    N_("only this school (default: yours, or the township)") },
	{ "township", no_argument, OPT_TOWNSHIP, NULL,
	    N_("every school you may see, and their totals") },
	{ "date", required_argument, OPT_DATE, N_("DATE"),
	    N_("summary: count as on this day (default today)") },
	{ "from", required_argument, OPT_FROM, N_("DATE"),
	    N_("term, staff: the first day of the term") },
	{ "to", required_argument, OPT_TO, N_("DATE"),
	    N_("term, staff: the last day of the term") },
	{ "format", required_argument, OPT_FORMAT, N_("FMT"),
	    N_("text (default), csv (summary) or pdf") },
	{ "output", required_argument, 'o', N_("FILE"),
	    N_("write it to FILE (readable by you only; FILE.pdf: a PDF)") },
	{ "lp", optional_argument, OPT_LP, NULL,
	    N_("send it to lp as PDF; --lp=PRINTER: to that printer") },
	CMDOPT_ENCODING(OPT_ENCODING),
	{ "page-lines", required_argument, OPT_PAGE_LINES, N_("N"),
	    N_("lines a page (default 60)") },
	{ NULL, 0, 0, NULL, NULL }
};

const struct cmd cmd_report = {
	"report",
	"summary [--school NAME | --township] [--date DATE] "
	"[--format text|csv|pdf] [-o FILE] [--lp[=PRINTER]]\n"
	"       shouhu report term [--school NAME | --township] --from DATE "
	"--to DATE [--format text|csv|pdf] [-o FILE] [--lp[=PRINTER]]\n"
	"       shouhu report staff [--school NAME] [--from DATE --to DATE] "
	"[-o FILE] [--lp[=PRINTER]]",
	N_("figures for the bureau: the children by school and class, the "
	"term's work, each teacher's sheet"), report_opts, report_option,
	report_run, CMD_AUDITED, 1, 1
};
