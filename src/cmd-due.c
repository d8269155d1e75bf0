/*
 * cmd-due.c -- `shouhu due`: the worklist (due.h) on the command line,
 * as text, CSV, or a printed page.
 *
 *	shouhu due [--staff ID | --school NAME] [--date DATE] [--print]
 *	    [--format text|csv] [-o FILE] [--lp[=PRINTER]]
 *	    [--encoding utf-8|gb18030]
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "calltree.h"
#include "cli.h"
#include "cmdopt.h"
#include "csvw.h"
#include "due.h"
#include "i18n.h"
#include "model.h"
#include "print.h"
#include "rec.h"
#include "schema.h"
#include "term.h"
#include "util.h"
#include "validate.h"

enum {
	OPT_STAFF = 0x1700,
	OPT_SCHOOL,
	OPT_DATE,
	OPT_PRINT,
	OPT_FORMAT,
	OPT_LP,
	OPT_ENCODING
};

static struct {
	uint32_t		 staff;
	const char		*school;
	char			*date;
	bool			 print;
	const char		*format;
	const char		*output;
	bool			 lp;
	const char		*printer;
	enum print_encoding	 encoding;
} da;

static int
due_option(struct cmdctx *ctx, int code, const char *arg)
{
	char *end, *cause = NULL;
	unsigned long n;

	(void)ctx;
	switch (code) {
	case OPT_STAFF:
		n = strtoul(arg, &end, 10);
		if (*arg == '\0' || *end != '\0' || n == 0 || n > UINT32_MAX) {
			cli_error(_("--staff takes a staff member's number, "
			    "not \"%s\""), arg);
			return EXIT_USAGE;
		}
		da.staff = (uint32_t)n;
		return 0;
	case OPT_SCHOOL:
		da.school = arg;
		return 0;
	case OPT_DATE:
		free(da.date);
		if (val_date(arg, &da.date, &cause) != 0) {
			cli_error("--date \"%s\": %s", arg, cause);
			free(cause);
			return EXIT_USAGE;
		}
		return 0;
	case OPT_PRINT:
		da.print = true;
		return 0;
	case OPT_FORMAT:
		da.format = arg;
		return 0;
	case 'o':
		da.output = arg;
		return 0;
	case OPT_LP:
		da.lp = true;
		da.printer = arg;
		return 0;
	case OPT_ENCODING:
		return cmdopt_encoding(arg, &da.encoding);
	}
	return EXIT_USAGE;
}

/* "王丽", "东山小学" or "every school": whose list it is. */
static char *
whose(struct txn *t, const struct due_list *l)
{
	struct rec *r;
	char *s;

	if (l->staff != 0 && rec_get(t, RT_STAFF, l->staff, &r) == 0) {
		s = xstrdup(rec_title(r));
		rec_free(r);
		return s;
	}
	if (l->school != 0 && rec_get(t, RT_SCHOOL, l->school, &r) == 0) {
		s = xstrdup(rec_title(r));
		rec_free(r);
		return s;
	}
	return xstrdup(_("every school"));
}

/*
 * The printout's title: the school (the staff member's; the township
 * for every school's list), the worklist (of whom), the day.
 */
static char *
job_title(struct txn *t, const struct due_list *l, const char *date)
{
	struct rec *r;
	uint32_t school = l->school;
	char *who, *what = NULL, *title;

	if (l->staff != 0 && rec_get(t, RT_STAFF, l->staff, &r) == 0) {
		if (school == 0)
			school = rec_ref(r, STAFF_SCHOOL);
		what = xasprintf(_("worklist of %s"), rec_title(r));
		rec_free(r);
	}
	who = ct_scope_name(t, school);
	title = print_title(who, what != NULL ? what : _("Worklist"), date);
	free(who);
	free(what);
	return title;
}

/* "王丽, 2026-12-05, autumn term 2026: 3 things to do" */
static char *
heading(const char *who, const char *date, const struct due_list *l)
{
	char *term = term_label(&l->term), *s;

	s = xasprintf(P_("Worklist of %s, %s, %s: %zu thing to do",
	    "Worklist of %s, %s, %s: %zu things to do", l->n), who, date, term,
	    l->n);
	free(term);
	return s;
}

/* An item's kind, translated once for the items of a kind in a row. */
static const char *
label_of(const struct due_item *it)
{
	static const char *msgid, *label;

	if (it->label != msgid) {
		msgid = it->label;
		label = _(msgid);
	}
	return label;
}

/* One item as a line: days overdue, due date, kind, text. */
static void
item_line(struct buf *b, const struct due_item *it)
{
	char days[24];

	snprintf(days, sizeof days, "%ld", it->overdue);
	u_fit_right(b, days, 5);
	buf_addstr(b, "  ");
	buf_addstr(b, it->due);
	buf_addstr(b, "  ");
	u_fit(b, label_of(it), 12, true);
	buf_addstr(b, "  ");
}

/* The heads of the columns of item_line(), on the page and in text. */
static void
columns_line(struct buf *b)
{
	u_fit(b, _("Days"), 5, true);
	buf_addstr(b, "  ");
	u_fit(b, _("Due"), 10, true);
	buf_addstr(b, "  ");
	u_fit(b, _("Kind"), 12, true);
	buf_addf(b, "  %s", _("What"));
}

static void
text_out(struct buf *b, const char *head, const struct due_list *l)
{
	size_t i;

	buf_add_safe(b, head, false);
	buf_addc(b, '\n');
	if (l->n == 0) {
		buf_addf(b, "%s\n", _("Nothing is due."));
		return;
	}
	columns_line(b);
	buf_addc(b, '\n');
	for (i = 0; i < l->n; i++) {
		item_line(b, &l->v[i]);
		buf_addstr(b, l->v[i].mark);
		buf_add_safe(b, l->v[i].text, false);
		buf_addc(b, '\n');
	}
}

static void
csv_out(struct buf *b, const struct due_list *l)
{
	static const char *const head[] = { "what", "kind", "type", "id",
	    "child", "staff", "due", "overdue", "text" };
	struct csvw w = { 0 };
	char num[24];
	size_t i, j;

	for (j = 0; j < nitems(head); j++)
		csvw_field(&w, head[j]);
	buf_addstr(b, csvw_end(&w));
	for (i = 0; i < l->n; i++) {
		const struct due_item *it = &l->v[i];

		csvw_field(&w, it->what);
		csvw_field(&w, _(it->label));
		csvw_field(&w, schema_of(it->type)->name);
		snprintf(num, sizeof num, "%u", it->id);
		csvw_field(&w, num);
		snprintf(num, sizeof num, "%u", it->child);
		csvw_field(&w, it->child != 0 ? num : "");
		snprintf(num, sizeof num, "%u", it->staff);
		csvw_field(&w, it->staff != 0 ? num : "");
		csvw_field(&w, it->due);
		snprintf(num, sizeof num, "%ld", it->overdue);
		csvw_field(&w, num);
		csvw_field(&w, it->text);
		buf_addstr(b, csvw_end(&w));
	}
	csvw_free(&w);
}

struct head_arg {
	const char	*title;
	const char	*columns;
};

static void
page_head(struct print_lines *l, int page, int pages, void *arg)
{
	struct head_arg *h = arg;
	char *right = xasprintf("%d/%d", page, pages);

	print_lines_add(l, print_two_sided(h->title, right, PRINT_WIDTH));
	print_lines_add(l, xstrdup(h->columns));
	print_lines_add(l, print_rule('-', PRINT_WIDTH));
	free(right);
}

/*
 * The worklist titled title on pages of 80 columns headed head: each
 * item's text flowed.
 */
static void
make_doc(struct print_doc *doc, const char *title, const char *head,
    const struct due_list *l)
{
	struct print_lines body = { 0 }, flow = { 0 };
	struct buf b = { 0 };
	struct head_arg h;
	size_t i, j;
	int lead = 5 + 2 + 10 + 2 + 12 + 2;

	print_doc_init(doc, title, PRINT_WIDTH, PRINT_LINES);
	columns_line(&b);
	h.title = head;
	h.columns = b.s;
	for (i = 0; i < l->n; i++) {
		char *text = xasprintf("%s%s", l->v[i].mark, l->v[i].text);
		char *safe = str_safe(text, false);

		free(text);
		flow.n = 0;
		print_flow_text(&flow, safe, 0, 0, PRINT_WIDTH - lead);
		free(safe);
		for (j = 0; j < flow.n; j++) {
			struct buf line = { 0 };

			if (j == 0)
				item_line(&line, &l->v[i]);
			else
				u_fit(&line, "", lead, true);
			buf_addstr(&line, flow.v[j]);
			print_lines_take(&body, &line);
			free(flow.v[j]);
		}
	}
	if (l->n == 0)
		print_lines_add(&body, xstrdup(_("Nothing is due.")));
	free(flow.v);
	print_paginate(doc, body.v, body.n, NULL, PRINT_LINES - 3, page_head,
	    &h);
	print_lines_free(&body);
	buf_free(&b);
}

static int
deliver(struct cmdctx *ctx, const char *title, const char *head,
    const struct due_list *l)
{
	struct print_dest dest = { da.output, da.lp, da.printer, PRINT_AUTO,
	    da.encoding };
	struct print_doc doc;
	int rc;

	if (da.format != NULL && strcmp(da.format, "pdf") == 0)
		dest.format = PRINT_PDF;
	else if (da.format != NULL)
		dest.format = PRINT_TEXT;
	make_doc(&doc, title, head, l);
	rc = cmdopt_deliver(ctx->db, &doc, &dest, true);
	print_doc_free(&doc);
	return rc;
}

static int
due_run(struct cmdctx *ctx)
{
	struct due_opts o = { 0 };
	struct due_list l;
	struct txn t;
	struct buf b = { 0 };
	char *cause = NULL, *who, *head, *title;
	bool csv = false;
	int rc;

	if (da.format != NULL) {
		csv = strcmp(da.format, "csv") == 0;
		if (!(csv && !da.print) && strcmp(da.format, "text") != 0 &&
		    !(da.print && strcmp(da.format, "pdf") == 0)) {
			cli_error(_("--format: \"%s\" is neither text nor csv "
			    "(with --print: text or pdf)"), da.format);
			return EXIT_USAGE;
		}
	}
	if (da.staff != 0 && da.school != NULL) {
		cli_error("%s", _("--staff and --school: say one of them"));
		return EXIT_USAGE;
	}
	if ((da.output != NULL || da.lp) && !da.print) {
		cli_error("%s", _("-o and --lp are for --print"));
		return EXIT_USAGE;
	}
	if (cli_db(ctx) == NULL)
		return EXIT_DATA;
	if (txn_read(ctx->db, &t) != 0) {
		cli_error(_("cannot read the database"));
		return EXIT_DATA;
	}
	o.staff = da.staff;
	o.today = da.date != NULL ? da.date : ctx->today;
	if (da.school != NULL && (o.school = school_by_name(&t,
	    da.school)) == 0) {
		txn_end(&t);
		cli_error(_("there is no school named \"%s\""), da.school);
		return EXIT_DATA;
	}
	if ((rc = due_make(&t, &o, &l, &cause)) != 0) {
		txn_end(&t);
		cli_error("%s", cause != NULL ? cause : sh_strerror(rc));
		free(cause);
		return EXIT_DATA;
	}
	who = whose(&t, &l);
	title = job_title(&t, &l, o.today);
	txn_end(&t);
	head = heading(who, o.today, &l);
	free(who);
	if (da.print) {
		rc = deliver(ctx, title, head, &l);
	} else {
		if (csv)
			csv_out(&b, &l);
		else
			text_out(&b, head, &l);
		if (b.len > 0)
			fwrite(b.s, 1, b.len, stdout);
		rc = EXIT_OK;
	}
	buf_free(&b);
	free(head);
	free(title);
	due_list_free(&l);
	return rc;
}

static const struct cmdopt due_opts_table[] = {
	{ "staff", required_argument, OPT_STAFF, N_("ID"),
	    N_("the worklist of this staff member (default: yours)") },
	{ "school", required_argument, OPT_SCHOOL, N_("NAME"),
	    N_("the worklist of a whole school") },
	{ "date", required_argument, OPT_DATE, N_("DATE"),
	    N_("as on this day (default today)") },
	{ "print", no_argument, OPT_PRINT, NULL,
	    N_("print it: 80 columns, in pages (-o FILE, --lp)") },
	{ "format", required_argument, OPT_FORMAT, N_("FORMAT"),
	    N_("text (the default) or csv; with --print text or pdf") },
	CMDOPT_OUTPUT('o'),
	CMDOPT_LP(OPT_LP),
	CMDOPT_ENCODING(OPT_ENCODING),
	{ NULL, 0, 0, NULL, NULL }
};

const struct cmd cmd_due = {
	"due", "[--staff ID | --school NAME] [--date DATE] [--print] "
	"[--format text|csv] [-o FILE] [--lp[=PRINTER]] "
	"[--encoding utf-8|gb18030]",
	N_("the worklist: what is due, most overdue first"),
	due_opts_table, due_option, due_run, CMD_AUDITED, 0, 0
};
