/*
 * cmd-incident.c -- the incident command (突发事件, the mandatory
 * report):
 *
 *	shouhu incident open --child ID... --kind KIND --found TIME
 *	    [--by STAFF-ID] --text TEXT
 *	shouhu incident act N --step STEP [--at TIME] [--by STAFF-ID]
 *	    [--officer NAME] [--case NO] [--text TEXT]
 *	shouhu incident close N [--at TIME] --text TEXT
 *	shouhu incident list [--open] [--school NAME]
 *	shouhu incident show N
 *	shouhu incident print N [-o FILE] [--lp[=PRINTER]] [--format FMT]
 *	    [--encoding ENC] [--width COLS] [--page-lines N] [--date DATE]
 *
 * The work is incident.c's, the printing print.c's; this file checks
 * which options go with which subcommand (a table) and prints.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "audit.h"
#include "cli.h"
#include "cmdopt.h"
#include "i18n.h"
#include "incident.h"
#include "model.h"
#include "print.h"
#include "schema.h"
#include "table.h"
#include "util.h"

/* Option codes, clear of cli.c's and the other commands'. */
enum {
	OPT_BASE = 0x3400,
	OPT_CHILD = OPT_BASE,
	OPT_KIND,
	OPT_FOUND,
	OPT_BY,
	OPT_TEXT,
	OPT_STEP,
	OPT_AT,
	OPT_OFFICER,
	OPT_CASE,
	OPT_OPEN,
	OPT_SCHOOL,
	OPT_OUTPUT,
	OPT_LP,
	OPT_FORMAT,
	OPT_ENCODING,
	OPT_WIDTH,
	OPT_PAGE_LINES,
	OPT_DATE,
	OPT__END
};
#define BIT(o) (1u << ((o) - OPT_BASE))

static const char *const opt_names[] = {
	"--child", "--kind", "--found", "--by", "--text", "--step", "--at",
	"--officer", "--case", "--open", "--school", "-o", "--lp", "--format",
	"--encoding", "--width", "--page-lines", "--date"
};

static struct {
	unsigned	 given;
	uint32_t	*children;
	size_t		 nchildren;
	const char	*kind;
	const char	*found;
	uint32_t	 by;
	const char	*text;
	const char	*step;
	const char	*at;
	const char	*officer;
	const char	*caseno;
	const char	*school;
	const char	*output;
	bool		 lp;
	const char	*printer;
	enum print_format format;
	enum print_encoding encoding;
	int		 width;
	int		 page_lines;
	const char	*date;
} ia;

/* --child 12 --child 13, or --child 12,13. */
static int
child_option(const char *arg)
{
	char *copy = xstrdup(arg), *p, *save = NULL;
	long v;
	int rc = 0;

	for (p = strtok_r(copy, ", ", &save); p != NULL && rc == 0;
	    p = strtok_r(NULL, ", ", &save)) {
		if ((rc = cmdopt_number("--child", p, 1, 2147483647L, true,
		    &v)) == 0) {
			ia.children = xreallocarray(ia.children,
			    ia.nchildren + 1, sizeof *ia.children);
			ia.children[ia.nchildren++] = (uint32_t)v;
		}
	}
	free(copy);
	return rc;
}

static int
inc_option(struct cmdctx *ctx, int code, const char *arg)
{
	long v = 0;
	int rc = 0;

	(void)ctx;
	if (code == 'o')
		code = OPT_OUTPUT;
	if (code < OPT_BASE || code >= OPT__END)
		return EXIT_USAGE;
	ia.given |= BIT(code);
	switch (code) {
	case OPT_CHILD: rc = child_option(arg); break;
	case OPT_KIND: ia.kind = arg; break;
	case OPT_FOUND: ia.found = arg; break;
	case OPT_TEXT: ia.text = arg; break;
	case OPT_STEP: ia.step = arg; break;
	case OPT_AT: ia.at = arg; break;
	case OPT_OFFICER: ia.officer = arg; break;
	case OPT_CASE: ia.caseno = arg; break;
	case OPT_OPEN: break;
	case OPT_SCHOOL: ia.school = arg; break;
	case OPT_OUTPUT: ia.output = arg; break;
	case OPT_DATE: ia.date = arg; break;
	case OPT_BY:
		rc = cmdopt_number("--by", arg, 1, 2147483647L, true, &v);
		ia.by = (uint32_t)v;
		break;
	case OPT_LP:
		ia.lp = true;
		ia.printer = arg;
		break;
	case OPT_FORMAT: rc = cmdopt_format(arg, &ia.format); break;
	case OPT_ENCODING: rc = cmdopt_encoding(arg, &ia.encoding); break;
	case OPT_WIDTH:
		rc = cmdopt_number("--width", arg, PRINT_MIN_WIDTH,
		    PRINT_MAX_WIDTH, true, &v);
		ia.width = (int)v;
		break;
	case OPT_PAGE_LINES:
		rc = cmdopt_number("--page-lines", arg, PRINT_MIN_LINES, 1000,
		    true, &v);
		ia.page_lines = (int)v;
		break;
	}
	return rc;
}

/* The incident number operand; 0 with the message printed. */
static uint32_t
incident_arg(struct cmdctx *ctx)
{
	long v;

	if (ctx->argc < 2) {
		cli_error(_("\"%s\" needs the incident's number"),
		    ctx->argv[0]);
		return 0;
	}
	if (cmdopt_number(_("incident"), ctx->argv[1], 1, 2147483647L, true,
	    &v) != 0)
		return 0;
	return (uint32_t)v;
}

static void
print_lines_out(const struct print_lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		printf("%s\n", l->v[i]);
}

/* ---- the subcommands ---- */

static int
run_open(struct cmdctx *ctx, uint32_t n)
{
	struct inc_new in = { ia.children, ia.nchildren, ia.kind, ia.found,
	    ia.by, ia.text };
	char *cause = NULL;
	uint32_t id;

	(void)n;
	if (inc_open(ctx->db, &in, &id, &cause) != 0)
		return cmdopt_fail(cause);
	printf(_("Opened incident #%u.\n"), id);
	return EXIT_OK;
}

/* The clock after a change: what is still due or overdue. */
static void
print_clock(struct cmdctx *ctx, uint32_t id)
{
	struct print_lines l = { 0 };
	struct incident in;

	if (inc_load(ctx->db, id, &in, NULL) != 0)
		return;
	inc_clock_lines(&in, inc_now(), 80, &l, NULL);
	print_lines_out(&l);
	print_lines_free(&l);
	inc_free(&in);
}

static int
run_act(struct cmdctx *ctx, uint32_t id)
{
	struct inc_act a = { ia.step, ia.at, ia.by, ia.officer, ia.caseno,
	    ia.text };
	char *cause = NULL;

	if (inc_add_action(ctx->db, id, &a, &cause) != 0)
		return cmdopt_fail(cause);
	printf(_("Added to incident #%u.\n"), id);
	print_clock(ctx, id);
	return EXIT_OK;
}

static int
run_close(struct cmdctx *ctx, uint32_t id)
{
	char *cause = NULL;

	if (inc_close(ctx->db, id, ia.at, ia.text, &cause) != 0)
		return cmdopt_fail(cause);
	printf(_("Closed incident #%u.\n"), id);
	print_clock(ctx, id);
	return EXIT_OK;
}

static int
run_list(struct cmdctx *ctx, uint32_t unused)
{
	struct inc_info *v;
	struct table tb;
	const char *cells[6];
	char *cause = NULL, num[16], *state, *safe[2];
	uint32_t school = 0;
	size_t n, i, k;

	(void)unused;
	if (ia.school != NULL && (school = cmdopt_school(ctx->db,
	    ia.school)) == 0)
		return EXIT_DATA;
	if (inc_list(ctx->db, school, (ia.given & BIT(OPT_OPEN)) != 0,
	    inc_now(), &v, &n, &cause) != 0)
		return cmdopt_fail(cause);
	table_init(&tb, 6);
	table_column(&tb, 0, 0, true);
	cells[0] = _("No.");
	cells[1] = _("Found");
	cells[2] = _("Kind");
	cells[3] = _("School");
	cells[4] = _("Children");
	cells[5] = _("State");
	table_row(&tb, cells);
	for (i = 0; i < n; i++) {
		snprintf(num, sizeof num, "%u", v[i].id);
		/* A closed incident's clock stopped at its closing. */
		if (v[i].closed && v[i].overdue > 0)
			state = xasprintf(P_("closed, ! %zu step overdue at "
			    "closing", "closed, ! %zu steps overdue at closing",
			    v[i].overdue), v[i].overdue);
		else if (v[i].closed)
			state = xstrdup(_("closed"));
		else if (v[i].overdue > 0)
			state = xasprintf(P_("open, ! %zu step overdue",
			    "open, ! %zu steps overdue", v[i].overdue),
			    v[i].overdue);
		else
			state = xstrdup(_("not closed"));
		safe[0] = str_safe(v[i].school, false);
		safe[1] = str_safe(v[i].children, false);
		cells[0] = num;
		cells[1] = v[i].found;
		cells[2] = _(incident_kind_choices[v[i].kind].label);
		cells[3] = safe[0];
		cells[4] = safe[1];
		cells[5] = state;
		table_row(&tb, cells);
		for (k = 0; k < 2; k++)
			free(safe[k]);
		free(state);
	}
	table_print(&tb, stdout);
	table_free(&tb);
	if (n == 0)
		printf("%s\n", _("No incidents."));
	inc_list_free(v, n);
	return EXIT_OK;
}

/* Loads an incident and writes its reading to the audit trail. */
static int
load_audited(struct cmdctx *ctx, uint32_t id, struct incident *in)
{
	char *cause = NULL;

	if (inc_load(ctx->db, id, in, &cause) != 0)
		return cmdopt_fail(cause);
	(void)audit_view(ctx->db, RT_INCIDENT, id, NULL);
	return EXIT_OK;
}

static int
run_show(struct cmdctx *ctx, uint32_t id)
{
	struct print_lines l = { 0 };
	struct incident in;

	if (load_audited(ctx, id, &in) != EXIT_OK)
		return EXIT_DATA;
	inc_show_lines(&in, inc_now(), ia.width > 0 ? ia.width : 80, &l);
	print_lines_out(&l);
	print_lines_free(&l);
	inc_free(&in);
	return EXIT_OK;
}

static int
run_print(struct cmdctx *ctx, uint32_t id)
{
	struct print_opts po = { ia.width, ia.page_lines, ia.date };
	struct print_dest dest = { ia.output, ia.lp, ia.printer, ia.format,
	    ia.encoding };
	struct print_doc doc;
	struct incident in;
	char *cause = NULL;
	int rc;

	if (inc_load(ctx->db, id, &in, &cause) != 0)
		return cmdopt_fail(cause);
	inc_report_doc(&in, inc_now(), &po, &doc);
	inc_free(&in);
	rc = cmdopt_deliver(ctx->db, &doc, &dest, true);
	print_doc_free(&doc);
	return rc;
}

/* ---- which options go with which subcommand ---- */

#define OUT_OPTS (BIT(OPT_OUTPUT) | BIT(OPT_LP) | BIT(OPT_WIDTH) | \
	BIT(OPT_PAGE_LINES) | BIT(OPT_DATE) | BIT(OPT_FORMAT) | \
	BIT(OPT_ENCODING))

static const struct sub {
	const char	*name;
	int		(*run)(struct cmdctx *, uint32_t);
	bool		 numbered;	/* takes the incident's number */
	unsigned	 allowed;
	unsigned	 required;
} subs[] = {
	{ "open", run_open, false, BIT(OPT_CHILD) | BIT(OPT_KIND) |
	    BIT(OPT_FOUND) | BIT(OPT_BY) | BIT(OPT_TEXT), BIT(OPT_CHILD) |
	    BIT(OPT_KIND) | BIT(OPT_FOUND) | BIT(OPT_TEXT) },
	{ "act", run_act, true, BIT(OPT_STEP) | BIT(OPT_AT) | BIT(OPT_BY) |
	    BIT(OPT_OFFICER) | BIT(OPT_CASE) | BIT(OPT_TEXT), BIT(OPT_STEP) },
	{ "close", run_close, true, BIT(OPT_AT) | BIT(OPT_TEXT),
	    BIT(OPT_TEXT) },
	{ "list", run_list, false, BIT(OPT_OPEN) | BIT(OPT_SCHOOL), 0 },
	{ "show", run_show, true, BIT(OPT_WIDTH), 0 },
	{ "print", run_print, true, OUT_OPTS, 0 },
};

static const struct optnames names = { opt_names, nitems(opt_names) };

static int
dispatch(struct cmdctx *ctx, const struct sub *s)
{
	uint32_t id = 0;

	if (cmdopt_check(&names, s->name, ia.given, s->allowed,
	    s->required) != 0)
		return EXIT_USAGE;
	if (s->numbered && (id = incident_arg(ctx)) == 0)
		return EXIT_USAGE;
	if (ctx->argc > (s->numbered ? 2 : 1)) {
		cli_error(_("unexpected operand \"%s\""),
		    ctx->argv[s->numbered ? 2 : 1]);
		return EXIT_USAGE;
	}
	if (cli_db(ctx) == NULL)
		return EXIT_DATA;
	return s->run(ctx, id);
}

static int
incident_run(struct cmdctx *ctx)
{
	size_t i;
	int rc = EXIT_USAGE;

	for (i = 0; i < nitems(subs); i++)
		if (strcmp(ctx->argv[0], subs[i].name) == 0)
			break;
	if (i < nitems(subs))
		rc = dispatch(ctx, &subs[i]);
	else
		cli_error(_("no incident command \"%s\": open, act, close, "
		    "list, show or print"), ctx->argv[0]);
	free(ia.children);
	ia.children = NULL;
	return rc;
}

static const struct cmdopt incident_opts[] = {
	{ "child", required_argument, OPT_CHILD, N_("ID"),
	    N_("open: a child concerned (repeat it, or 12,13)") },
	{ "kind", required_argument, OPT_KIND, N_("KIND"),
	    N_("open: missing, unsupervised, injury, harm, absence or "
	    "other") },
	{ "found", required_argument, OPT_FOUND, N_("TIME"),
	    N_("open: when it was found, \"2026-12-05 10:45\" (10:45: "
	    "today)") },
	{ "by", required_argument, OPT_BY, N_("STAFF-ID"),
	    N_("open: who found it; act: who did it (default: you)") },
	{ "text", required_argument, OPT_TEXT, N_("TEXT"),
	    N_("open: what happened; act: a note; close: how it ended") },
	{ "step", required_argument, OPT_STEP, N_("STEP"),
	    N_("act: guardian, parents, police, township, office, found, "
	    "medical or other") },
	{ "at", required_argument, OPT_AT, N_("TIME"),
	    N_("act, close: when (default now)") },
	{ "officer", required_argument, OPT_OFFICER, N_("NAME"),
	    N_("act --step police: the receiving officer") },
	{ "case", required_argument, OPT_CASE, N_("NO"),
	    N_("act --step police: the case number") },
	{ "open", no_argument, OPT_OPEN, NULL,
	    N_("list: only the incidents not closed") },
	{ "school", required_argument, OPT_SCHOOL, N_("NAME"),
	    N_("list: only this school's") },
	{ "output", required_argument, 'o', N_("FILE"),
	    N_("print: write the report to FILE (readable by you only; "
	    "FILE.pdf: a PDF)") },
	{ "lp", optional_argument, OPT_LP, NULL,
	    N_("print: send the report to lp as PDF; --lp=PRINTER: to that "
	    "printer") },
	{ "format", required_argument, OPT_FORMAT, N_("FMT"),
	    N_("print: text or pdf (default: pdf for lp and FILE.pdf)") },
	{ "encoding", required_argument, OPT_ENCODING, N_("ENC"),
	    N_("print: text in utf-8 (default) or gb18030") },
	{ "width", required_argument, OPT_WIDTH, N_("COLS"),
	    N_("columns a line (default 80; Chinese counts two)") },
	{ "page-lines", required_argument, OPT_PAGE_LINES, N_("N"),
	    N_("print: lines a page (default 60)") },
	{ "date", required_argument, OPT_DATE, N_("DATE"),
	    N_("print: the date printed (default today)") },
	{ NULL, 0, 0, NULL, NULL }
};

const struct cmd cmd_incident = {
	"incident",
	"open --child ID... --kind KIND --found TIME [--by STAFF-ID] "
	"--text TEXT\n"
	"       shouhu incident act N --step STEP [--at TIME] [--by STAFF-ID] "
	"[--officer NAME] [--case NO] [--text TEXT]\n"
	"       shouhu incident close N [--at TIME] --text TEXT\n"
	"       shouhu incident list [--open] [--school NAME]\n"
	"       shouhu incident show N\n"
	"       shouhu incident print N [-o FILE] [--lp[=PRINTER]] "
	"[--format text|pdf] [--encoding utf-8|gb18030] [--width COLS] "
	"[--page-lines N] [--date DATE]",
	N_("incidents and the mandatory report: open, act, close, show, "
	"print"), incident_opts, inc_option, incident_run, 0, 1, 3
};
