/*
 * cmd-calltree.c -- the calltree and print commands:
 *
 *	shouhu calltree generate (--school NAME | --township) [--by BY]
 *	    [--name NAME] [--family-limit N] [--staff-limit N]
 *	    [--activator TEXT] [--purpose TEXT]
 *	shouhu calltree list [--school NAME]
 *	shouhu calltree show TREE [--width COLS]
 *	shouhu calltree print TREE [-o FILE] [--lp[=PRINTER]] [--format FMT]
 *	    [--encoding ENC] [--width COLS] [--page-lines N] [--date DATE]
 *	shouhu calltree drill TREE --start HH:MM [--date DATE] [RESULT...]
 *	shouhu calltree activate TREE --incident N --start HH:MM
 *	    [--date DATE] [RESULT...]
 *	shouhu calltree report TREE [--drill N]
 *	shouhu calltree check TREE
 *	shouhu print cards --school NAME [--class GRADE-CLASS] [-o FILE]
 *	    [--lp[=PRINTER]] [--format FMT] [--encoding ENC] [--width COLS]
 *	    [--page-lines N] [--date DATE]
 *	shouhu print agreements (--class GRADE-CLASS | --school NAME)
 *	    [--term TERM] and the output options of cards
 *	shouhu print log --child ID [the output options of print cards]
 *
 * where TREE is --tree NAME or --school NAME (that school's first tree).
 * The work is calltree*.c's and cards.c's, the output print.c's
 * (text, GB18030 text or PDF; standard output, a file or lp); this file
 * checks which options go with
 * which subcommand (a table), resolves names to records and prints.
 * Drill results are operands, or lines on standard input when there are
 * none, so that a long sheet can be typed or pasted.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "access.h"
#include "agreement.h"
#include "calltree.h"
#include "care.h"
#include "cards.h"
#include "cli.h"
#include "cmdopt.h"
#include "form.h"
#include "i18n.h"
#include "incident.h"
#include "model.h"
#include "print.h"
#include "rec.h"
#include "schema.h"
#include "table.h"
#include "util.h"

/* Option codes, clear of cli.c's (256 on) and cmd-roster.c's. */
enum {
	OPT_BASE = 0x2000,
	OPT_SCHOOL = OPT_BASE,
	OPT_TOWNSHIP,
	OPT_BY,
	OPT_NAME,
	OPT_TREE,
	OPT_FAMILY_LIMIT,
	OPT_STAFF_LIMIT,
	OPT_ACTIVATOR,
	OPT_PURPOSE,
	OPT_OUTPUT,
	OPT_LP,
	OPT_WIDTH,
	OPT_PAGE_LINES,
	OPT_START,
	OPT_DATE,
	OPT_DRILL,
	OPT_CLASS,
	OPT_FORMAT,
	OPT_ENCODING,
	OPT_WALL,
	OPT_CHILD,
	OPT_INCIDENT,
	OPT_TERM,
	OPT__END
};
#define BIT(o) (1u << ((o) - OPT_BASE))

static struct {
	unsigned	 given;
	const char	*school;
	const char	*by;
	const char	*name;
	const char	*tree;
	int		 family_limit;
	int		 staff_limit;
	const char	*activator;
	const char	*purpose;
	const char	*output;
	bool		 lp;
	const char	*printer;
	int		 width;
	int		 page_lines;
	const char	*start;
	const char	*date;
	unsigned long	 drill;
	unsigned long	 incident;
	const char	*cls;
	enum print_format format;
	enum print_encoding encoding;
	unsigned long	 child;
	const char	*term;
} ca;

static const char *const opt_names[] = {
	"--school", "--township", "--by", "--name", "--tree", "--family-limit",
	"--staff-limit", "--activator", "--purpose", "-o", "--lp", "--width",
	"--page-lines", "--start", "--date", "--drill", "--class", "--format",
	"--encoding", "--wall", "--child", "--incident", "--term"
};

static int
ct_option(struct cmdctx *ctx, int code, const char *arg)
{
	long v = 0;
	int rc = 0;

	if (code == 'o')
		code = OPT_OUTPUT;
	else if (code == 'c')
		code = OPT_CLASS;
	if (code < OPT_BASE || code >= OPT__END)
		return EXIT_USAGE;
	ca.given |= BIT(code);
	switch (code) {
	case OPT_SCHOOL: ca.school = arg; break;
	case OPT_TOWNSHIP: break;
	case OPT_BY: ca.by = arg; break;
	case OPT_NAME: ca.name = arg; break;
	case OPT_TREE: ca.tree = arg; break;
	case OPT_ACTIVATOR: ca.activator = arg; break;
	case OPT_PURPOSE: ca.purpose = arg; break;
	case OPT_OUTPUT: ca.output = arg; break;
	case OPT_START: ca.start = arg; break;
	case OPT_DATE: ca.date = arg; break;
	case OPT_CLASS: ca.cls = arg; break;
	case OPT_TERM: ca.term = arg; break;
	case OPT_FORMAT: rc = cmdopt_format(arg, &ca.format); break;
	case OPT_ENCODING: rc = cmdopt_encoding(arg, &ca.encoding); break;
	case OPT_LP:
		ca.lp = true;
		ca.printer = arg;
		break;
	case OPT_FAMILY_LIMIT:
		rc = cmdopt_number("--family-limit", arg, 1, 40, false, &v);
		ca.family_limit = (int)v;
		break;
	case OPT_STAFF_LIMIT:
		rc = cmdopt_number("--staff-limit", arg, 2, 9, false, &v);
		ca.staff_limit = (int)v;
		break;
	case OPT_WIDTH:
		rc = cmdopt_number("--width", arg, CT_MIN_WIDTH, CT_MAX_WIDTH,
		    false, &v);
		ca.width = (int)v;
		break;
	case OPT_PAGE_LINES:
		rc = cmdopt_number("--page-lines", arg, CT_MIN_PAGE, 1000, false,
		    &v);
		ca.page_lines = (int)v;
		break;
	case OPT_DRILL:
		rc = cmdopt_number("--drill", arg, 1, 2147483647L, false, &v);
		ca.drill = (unsigned long)v;
		break;
	case OPT_CHILD:
		rc = cmdopt_number("--child", arg, 1, 2147483647L, false, &v);
		ca.child = (unsigned long)v;
		break;
	case OPT_INCIDENT:
		rc = cmdopt_number("--incident", arg, 1, 2147483647L, false, &v);
		ca.incident = (unsigned long)v;
		break;
	}
	return rc;
}

static int
fail(const char *cause)
{
	cli_error("%s", cause);
	return EXIT_DATA;
}

/* The tree named by --tree, or the first of --school; 0 when none. */
static uint32_t
tree_arg(struct cmdctx *ctx)
{
	uint32_t school, id;

	if (ca.tree != NULL) {
		if ((id = ct_find(ctx->db, ca.tree)) == 0)
			cli_error(_("there is no call tree named \"%s\"; "
			    "\"shouhu calltree list\" lists them"), ca.tree);
		return id;
	}
	if ((school = cmdopt_school(ctx->db, ca.school)) == 0)
		return 0;
	if ((id = ct_find_school(ctx->db, school)) == 0)
		cli_error(_("%s has no call tree yet: make one with "
		    "\"shouhu calltree generate --school %s\""), ca.school,
		    ca.school);
	return id;
}

/* A line of text from the records, made safe for a terminal. */
static void
print_safe(const char *lead, const char *s)
{
	char *t = str_safe(s, false);

	printf("%s%s\n", lead, t);
	free(t);
}

static void
print_msgs(const char *title, const struct ct_msgs *m)
{
	size_t i;

	if (m->n == 0)
		return;
	printf("%s\n", title);
	for (i = 0; i < m->n; i++)
		print_safe("  ", m->v[i]);
}

/* ---- the subcommands ---- */

static int
run_generate(struct cmdctx *ctx)
{
	struct ct_genopts o;
	struct ct_genres res;
	char *cause = NULL, *title, *safe;
	int rc;

	memset(&o, 0, sizeof o);
	if ((ca.given & BIT(OPT_TOWNSHIP)) != 0)
		o.township = true;
	else if ((o.school = cmdopt_school(ctx->db, ca.school)) == 0)
		return EXIT_DATA;
	o.name = ca.name;
	o.by = ca.by;
	o.staff_limit = ca.staff_limit;
	o.family_limit = ca.family_limit;
	o.activator = ca.activator;
	o.purpose = ca.purpose;
	o.today = ctx->today;
	if ((rc = ct_generate(ctx->db, &o, &res, &cause)) != 0) {
		ct_genres_free(&res);
		return cmdopt_fail(cause);
	}
	title = xasprintf(P_("To fix first: %zu child no phone reaches (a "
	    "home visit is written on the sheet):", "To fix first: %zu "
	    "children no phone reaches (a home visit is written on the "
	    "sheet):", res.problems.n), res.problems.n);
	print_msgs(title, &res.problems);
	free(title);
	safe = str_safe(res.name, false);
	printf(_("Call tree \"%s\", version %d: %zu lines; %zu staff call "
	    "%zu families and %zu parents working away; %zu officials.\n"),
	    safe, res.revision, res.lines,
	    res.callers, res.families, res.parents, res.officials);
	free(safe);
	printf(_("%zu children, each on one line; %zu need a home visit.\n"),
	    res.children, res.home_visits);
	print_msgs(_("Note:"), &res.notes);
	print_msgs(_("Changes made by hand that were not kept:"), &res.lost);
	ct_genres_free(&res);
	return EXIT_OK;
}

static int
run_list(struct cmdctx *ctx)
{
	struct ct_info *v;
	struct table tb;
	const char *cells[7];
	char *cause = NULL, num[16], rev[16], lines[16], kids[16], *drill;
	uint32_t school = 0;
	size_t n, i;

	if (ca.school != NULL && (school = cmdopt_school(ctx->db, ca.school)) == 0)
		return EXIT_DATA;
	if (ct_list(ctx->db, ca.school == NULL, school, &v, &n, &cause) != 0)
		return cmdopt_fail(cause);
	table_init(&tb, 7);
	table_column(&tb, 0, 0, true);
	table_column(&tb, 3, 0, true);
	table_column(&tb, 4, 0, true);
	table_column(&tb, 5, 0, true);
	cells[0] = _("No.");
	cells[1] = _("Tree name");
	cells[2] = _("School");
	cells[3] = _("Version");
	cells[4] = _("Lines");
	cells[5] = _("Children");
	cells[6] = _("Last drill");
	table_row(&tb, cells);
	for (i = 0; i < n; i++) {
		snprintf(num, sizeof num, "%u", v[i].id);
		snprintf(rev, sizeof rev, "%d", v[i].revision);
		snprintf(lines, sizeof lines, "%zu", v[i].lines);
		snprintf(kids, sizeof kids, "%zu", v[i].children);
		drill = v[i].drill != 0 ? xasprintf(_("#%u %s, %zu of %zu "
		    "reached"), v[i].drill, v[i].drill_date,
		    v[i].drill_reached, v[i].drill_called) : xstrdup(_("none"));
		cells[0] = num;
		cells[1] = v[i].name;
		cells[2] = v[i].school;
		cells[3] = rev;
		cells[4] = lines;
		cells[5] = kids;
		cells[6] = drill;
		table_row(&tb, cells);
		free(drill);
	}
	table_print(&tb, stdout);
	table_free(&tb);
	ct_list_free(v, n);
	return EXIT_OK;
}

/*
 * Prints, writes or hands to lp a document already made; with note, a
 * printout of children's records, noted in the audit trail.
 */
static int
deliver(struct cmdctx *ctx, const struct print_doc *doc, bool note)
{
	struct print_dest dest = { ca.output, ca.lp, ca.printer, ca.format,
	    ca.encoding };

	return cmdopt_deliver(ctx->db, doc, &dest, note);
}

static int
sheet(struct cmdctx *ctx, bool paged)
{
	struct ct_print_opts po = { ca.width, paged ? ca.page_lines : -1,
	    ca.date };
	struct ct_tree tr;
	struct print_doc doc;
	char *cause = NULL;
	uint32_t id;
	int rc;

	if ((id = tree_arg(ctx)) == 0)
		return EXIT_DATA;
	if (ct_load(ctx->db, id, &tr, &cause) != 0)
		return cmdopt_fail(cause);
	if ((ca.given & BIT(OPT_WALL)) != 0) {
		rc = ct_wall_doc(ctx->db, &tr, &po, &doc, &cause);
		ct_free(&tr);
		if (rc != 0)
			return cmdopt_fail(cause);
	} else {
		ct_print_doc(&tr, &po, &doc);
		ct_free(&tr);
	}
	rc = deliver(ctx, &doc, paged);
	print_doc_free(&doc);
	return rc;
}

static int
run_show(struct cmdctx *ctx)
{
	return sheet(ctx, false);
}

static int
run_print(struct cmdctx *ctx)
{
	return sheet(ctx, true);
}

static int
report(struct cmdctx *ctx, uint32_t tree, uint32_t drill)
{
	struct ct_msgs m = { 0 };
	char *cause = NULL;
	size_t i;

	if (ct_report(ctx->db, tree, drill, &m, &cause) != 0)
		return cmdopt_fail(cause);
	for (i = 0; i < m.n; i++)
		print_safe("", m.v[i]);
	ct_msgs_free(&m);
	return EXIT_OK;
}

/* Results from standard input: one a line; blank lines and # skipped. */
static int
read_results(struct ct_call **calls, size_t *n)
{
	char *line = NULL, *t, *cause = NULL;
	size_t cap = 0, no = 0;
	ssize_t len;
	int rc = EXIT_OK;

	if (isatty(STDIN_FILENO))
		fprintf(stderr, "%s\n", _("Type the results, one a line "
		    "(1.2.3=07:42, 1.2.3=b:07:42 through the backup, 1.2.3=x "
		    "not reached), then Ctrl-D:"));
	while (rc == EXIT_OK && (len = getline(&line, &cap, stdin)) >= 0) {
		no++;
		t = str_trim(line);
		if (*t != '\0' && *t != '#') {
			*calls = xreallocarray(*calls, *n + 1, sizeof **calls);
			if (ct_call_parse(t, &(*calls)[*n], &cause) != 0) {
				cli_error(_("standard input, line %zu: %s"), no,
				    cause);
				rc = EXIT_USAGE;
			} else
				(*n)++;
		}
		free(t);
	}
	free(line);
	free(cause);
	return rc;
}

/* The results given as operands, read before the database is opened. */
static struct ct_call *calls;
static size_t ncalls;

static int
parse_results(struct cmdctx *ctx)
{
	char *cause = NULL;
	int i;

	calls = xcalloc((size_t)ctx->argc, sizeof *calls);
	for (i = 1; i < ctx->argc; i++) {
		if (ct_call_parse(ctx->argv[i], &calls[ncalls], &cause) != 0) {
			cli_error("%s", cause);
			free(cause);
			return EXIT_USAGE;
		}
		ncalls++;
	}
	return EXIT_OK;
}

/*
 * Records a drill, or with an incident the tree's run for it (on the
 * date of the incident's clock unless --date), and prints its report.
 */
static int
record_run(struct cmdctx *ctx, uint32_t incident)
{
	char *cause = NULL, day[17];
	size_t n = ncalls;
	uint32_t tree, drill = 0;
	int rc = EXIT_OK;

	if (ctx->argc == 1)
		rc = read_results(&calls, &n);
	if (rc == EXIT_OK && (tree = tree_arg(ctx)) == 0)
		rc = EXIT_DATA;
	inc_format(inc_now(), day, sizeof day);
	day[10] = '\0';
	if (rc == EXIT_OK) {
		if (ct_activate(ctx->db, tree, 0, incident, ca.date != NULL ?
		    ca.date : incident != 0 ? day : ctx->today, ca.start, calls,
		    n, &drill, &cause) != 0)
			rc = fail(cause);
		else {
			if (incident != 0)
				printf(_("Recorded the call tree's run #%u for "
				    "incident #%u.\n"), drill, incident);
			else
				printf(_("Recorded drill #%u.\n"), drill);
			rc = report(ctx, tree, drill);
		}
	}
	free(calls);
	calls = NULL;
	free(cause);
	return rc;
}

static int
run_drill(struct cmdctx *ctx)
{
	return record_run(ctx, 0);
}

/* A call tree activated for an incident: recorded as a drill is. */
static int
run_activate(struct cmdctx *ctx)
{
	return record_run(ctx, (uint32_t)ca.incident);
}

static int
run_report(struct cmdctx *ctx)
{
	uint32_t tree;

	if ((tree = tree_arg(ctx)) == 0)
		return EXIT_DATA;
	return report(ctx, tree, (uint32_t)ca.drill);
}

static int
run_check(struct cmdctx *ctx)
{
	struct ct_msgs m = { 0 };
	struct ct_tree tr;
	char *cause = NULL;
	uint32_t tree;
	size_t i;

	if ((tree = tree_arg(ctx)) == 0)
		return EXIT_DATA;
	/* Who has left is told, not counted: the tree leaves them out. */
	if (ct_load(ctx->db, tree, &tr, &cause) != 0)
		return cmdopt_fail(cause);
	for (i = 0; i < tr.left.n; i++)
		print_safe("", tr.left.v[i]);
	ct_free(&tr);
	if (ct_validate(ctx->db, tree, &m, &cause) != 0)
		return cmdopt_fail(cause);
	for (i = 0; i < m.n; i++)
		print_safe("", m.v[i]);
	if (m.n > 0) {
		cli_error(P_("%zu problem found", "%zu problems found", m.n),
		    m.n);
		ct_msgs_free(&m);
		return EXIT_DATA;
	}
	printf("%s\n", _("The call tree keeps every rule, and every child in "
	    "school is on it once."));
	return EXIT_OK;
}

/* A document of children's records delivered, noted in the audit trail. */
static int
deliver_noted(struct cmdctx *ctx, struct print_doc *doc)
{
	int rc = deliver(ctx, doc, true);

	print_doc_free(doc);
	return rc;
}

static int
run_cards(struct cmdctx *ctx)
{
	struct ct_print_opts po = { ca.width, ca.page_lines, ca.date };
	struct print_doc doc;
	char *grade = NULL, *cls = NULL, *cause = NULL;
	uint32_t school;
	int rc;

	if (ca.cls != NULL && class_parse(ca.cls, &grade, &cls, &cause) != 0) {
		cli_error("--class \"%s\": %s", ca.cls, cause);
		free(cause);
		return EXIT_USAGE;
	}
	if ((school = cmdopt_school(ctx->db, ca.school)) == 0)
		rc = EXIT_DATA;
	else if (cards_print(ctx->db, school, grade, cls, &po, ctx->today, &doc,
	    &cause) != 0)
		rc = cmdopt_fail(cause);
	else
		rc = deliver_noted(ctx, &doc);
	free(grade);
	free(cls);
	return rc;
}

/* The official form: one child, a class or a school (form.c). */
static int
run_form(struct cmdctx *ctx)
{
	struct print_opts po = { 0, ca.page_lines, ca.date };
	struct idlist ids = { 0 };
	struct print_doc doc;
	char *grade = NULL, *cls = NULL, *cause = NULL;
	uint32_t school = 0;
	int rc = EXIT_OK;

	if (ca.cls != NULL && class_parse(ca.cls, &grade, &cls, &cause) != 0) {
		cli_error("--class \"%s\": %s", ca.cls, cause);
		free(cause);
		return EXIT_USAGE;
	}
	if (ca.school != NULL && (school = cmdopt_school(ctx->db, ca.school)) == 0)
		rc = EXIT_DATA;
	else if (ca.child == 0 && school == 0 &&
	    (school = access_school()) == 0) {
		cli_error("%s", _("--class needs --school NAME"));
		rc = EXIT_USAGE;
	} else if (form_select(ctx->db, (uint32_t)ca.child, school, grade, cls,
	    &ids, &cause) != 0 || form_print(ctx->db, &ids, &po, &doc,
	    &cause) != 0)
		rc = cmdopt_fail(cause);
	else
		rc = deliver_noted(ctx, &doc);
	idl_free(&ids);
	free(grade);
	free(cls);
	return rc;
}

/* A child's growth file from the care log (care-print.c). */
static int
run_log(struct cmdctx *ctx)
{
	struct print_opts po = { ca.width, ca.page_lines, ca.date };
	struct print_doc doc;
	char *cause = NULL;

	if (care_print(ctx->db, (uint32_t)ca.child, &po, ctx->today, &doc,
	    &cause) != 0)
		return cmdopt_fail(cause);
	return deliver_noted(ctx, &doc);
}

/* ---- which options go with which subcommand ---- */

#define TREE_OPTS (BIT(OPT_TREE) | BIT(OPT_SCHOOL))
#define OUT_OPTS (BIT(OPT_OUTPUT) | BIT(OPT_LP) | BIT(OPT_WIDTH) | \
	BIT(OPT_PAGE_LINES) | BIT(OPT_DATE) | BIT(OPT_FORMAT) | \
	BIT(OPT_ENCODING))

static const struct sub {
	const char	*name;
	int		(*run)(struct cmdctx *);
	unsigned	 allowed;
	unsigned	 one_of;	/* exactly one of these */
	unsigned	 required;
	bool		 results;	/* takes RESULT operands */
} subs[] = {
	{ "generate", run_generate, BIT(OPT_SCHOOL) | BIT(OPT_TOWNSHIP) |
	    BIT(OPT_BY) | BIT(OPT_NAME) | BIT(OPT_FAMILY_LIMIT) |
	    BIT(OPT_STAFF_LIMIT) | BIT(OPT_ACTIVATOR) | BIT(OPT_PURPOSE),
	    BIT(OPT_SCHOOL) | BIT(OPT_TOWNSHIP), 0, false },
	{ "list", run_list, BIT(OPT_SCHOOL), 0, 0, false },
	{ "show", run_show, TREE_OPTS | BIT(OPT_WIDTH), TREE_OPTS, 0, false },
	{ "print", run_print, TREE_OPTS | OUT_OPTS | BIT(OPT_WALL), TREE_OPTS,
	    0, false },
	{ "drill", run_drill, TREE_OPTS | BIT(OPT_START) | BIT(OPT_DATE),
	    TREE_OPTS, BIT(OPT_START), true },
	{ "activate", run_activate, TREE_OPTS | BIT(OPT_START) |
	    BIT(OPT_DATE) | BIT(OPT_INCIDENT), TREE_OPTS, BIT(OPT_START) |
	    BIT(OPT_INCIDENT), true },
	{ "report", run_report, TREE_OPTS | BIT(OPT_DRILL), TREE_OPTS, 0,
	    false },
	{ "check", run_check, TREE_OPTS, TREE_OPTS, 0, false },
};

/*
 * The safety agreements of a class (of the login's or the only school
 * when --school is not given) or of a school, for signing.
 */
static int
run_agreements(struct cmdctx *ctx)
{
	struct print_opts po = { ca.width, ca.page_lines, ca.date };
	struct print_doc doc;
	struct txn t;
	char *grade = NULL, *cls = NULL, *cause = NULL, term[16];
	uint32_t school = 0;
	int rc;

	if (ca.cls != NULL && class_filter_parse(ca.cls, &grade, &cls,
	    &cause) != 0) {
		cli_error("--class \"%s\": %s", ca.cls, cause);
		free(cause);
		return EXIT_USAGE;
	}
	if (paper_term(ctx->db, ca.term, ctx->today, term, &cause) != 0) {
		cli_error("--term: %s", cause);
		free(cause);
		free(grade);
		free(cls);
		return EXIT_USAGE;
	}
	if (ca.school != NULL)
		school = cmdopt_school(ctx->db, ca.school);
	else if ((school = access_school()) == 0 &&
	    txn_read(ctx->db, &t) == 0) {
		school = only_school(&t);
		txn_end(&t);
		if (school == 0)
			cli_error("%s", _("which school? give --school NAME"));
	}
	if (school == 0)
		rc = EXIT_DATA;
	else if (agreement_print(ctx->db, school, grade, cls, term, &po, &doc,
	    &cause) != 0)
		rc = cmdopt_fail(cause);
	else
		rc = deliver_noted(ctx, &doc);
	free(grade);
	free(cls);
	return rc;
}

static const struct sub card_sub = {
	"cards", run_cards, BIT(OPT_SCHOOL) | BIT(OPT_CLASS) | OUT_OPTS,
	BIT(OPT_SCHOOL), 0, false
};
static const struct sub log_sub = {
	"log", run_log, BIT(OPT_CHILD) | OUT_OPTS, BIT(OPT_CHILD), 0, false
};

static const struct sub agreements_sub = {
	"agreements", run_agreements, BIT(OPT_SCHOOL) | BIT(OPT_CLASS) |
	BIT(OPT_TERM) | OUT_OPTS, 0, 0, false
};

static const struct sub form_sub = {
	"form", run_form, BIT(OPT_SCHOOL) | BIT(OPT_CLASS) | BIT(OPT_CHILD) |
	(OUT_OPTS & ~BIT(OPT_WIDTH)), 0, 0, false
};

static int
bits(unsigned v)
{
	int n = 0;

	for (; v != 0; v &= v - 1)
		n++;
	return n;
}

static const struct optnames names = { opt_names, nitems(opt_names) };

/*
 * May the actor use the call trees of the school named by --school, the
 * tree named by --tree, or else of the login's school (ct_may_school)?
 */
static int
may_calltree(struct cmdctx *ctx)
{
	struct txn t;
	char *cause = NULL;
	uint32_t tree;
	bool ok = false;

	if (access_admin())
		return 0;
	tree = ca.tree != NULL ? ct_find(ctx->db, ca.tree) : 0;
	if (txn_read(ctx->db, &t) == 0) {
		if (ca.school != NULL)
			ok = ct_may_school(ctx->db, school_by_name(&t,
			    ca.school), &cause);
		else if (ca.tree != NULL)
			ok = ct_may_use(&t, tree, &cause);
		else
			ok = ct_may_school(ctx->db, access_school(), &cause);
		txn_end(&t);
	}
	if (ok)
		return 0;
	cli_error("%s", cause != NULL ? cause : sh_strerror(SH_EDB));
	free(cause);
	return -1;
}

static int
dispatch(struct cmdctx *ctx, const struct sub *s)
{
	unsigned lo;
	int rc;

	if (cmdopt_check(&names, s->name, ca.given, s->allowed, 0) != 0)
		return EXIT_USAGE;
	if (s->one_of != 0 && bits(ca.given & s->one_of) != 1) {
		lo = s->one_of & -s->one_of;
		if (s->one_of == lo)
			cli_error(_("\"%s\" needs %s"), s->name,
			    cmdopt_first(&names, lo));
		else
			cli_error(_("\"%s\" needs either %s or %s"), s->name,
			    cmdopt_first(&names, lo),
			    cmdopt_first(&names, s->one_of & ~lo));
		return EXIT_USAGE;
	}
	if (cmdopt_check(&names, s->name, ca.given, ~0u, s->required) != 0)
		return EXIT_USAGE;
	if (!s->results && ctx->argc > 1) {
		cli_error(_("unexpected operand \"%s\""), ctx->argv[1]);
		return EXIT_USAGE;
	}
	if (s->results && (rc = parse_results(ctx)) != EXIT_OK) {
		free(calls);
		calls = NULL;
		return rc;
	}
	if (s == &form_sub && bits(ca.given & (BIT(OPT_CHILD) |
	    BIT(OPT_SCHOOL) | BIT(OPT_CLASS))) == 0) {
		cli_error("%s", _("\"form\" needs --child ID, --class "
		    "GRADE-CLASS or --school NAME"));
		return EXIT_USAGE;
	}
	if (cli_db(ctx) == NULL || (s != &card_sub && s != &form_sub && s != &agreements_sub &&
	    s != &log_sub &&
	    may_calltree(ctx) != 0)) {
		free(calls);
		calls = NULL;
		return EXIT_DATA;
	}
	return s->run(ctx);
}

static int
calltree_run(struct cmdctx *ctx)
{
	size_t i;

	for (i = 0; i < nitems(subs); i++)
		if (strcmp(ctx->argv[0], subs[i].name) == 0)
			return dispatch(ctx, &subs[i]);
	cli_error(_("no calltree command \"%s\": generate, list, show, print, "
	    "drill, activate, report or check"), ctx->argv[0]);
	return EXIT_USAGE;
}

static int
print_run(struct cmdctx *ctx)
{
	if (strcmp(ctx->argv[0], "form") == 0)
		return dispatch(ctx, &form_sub);
	if (strcmp(ctx->argv[0], "log") == 0)
		return dispatch(ctx, &log_sub);
	if (strcmp(ctx->argv[0], "agreements") == 0) {
		if ((ca.given & (BIT(OPT_CLASS) | BIT(OPT_SCHOOL))) == 0) {
			cli_error("%s", _("\"agreements\" needs either --class "
			    "or --school"));
			return EXIT_USAGE;
		}
		return dispatch(ctx, &agreements_sub);
	}
	if (strcmp(ctx->argv[0], "cards") != 0) {
		cli_error(_("cannot print \"%s\": cards, form, log or "
		    "agreements (call trees: \"shouhu calltree print\")"),
		    ctx->argv[0]);
		return EXIT_USAGE;
	}
	return dispatch(ctx, &card_sub);
}

static const struct cmdopt calltree_opts[] = {
	{ "tree", required_argument, OPT_TREE, N_("NAME"),
	    N_("the call tree with this name") },
	{ "school", required_argument, OPT_SCHOOL, N_("NAME"),
	    N_("the school (for show, print ...: its first call tree)") },
	{ "township", no_argument, OPT_TOWNSHIP, NULL,
	    N_("generate: one tree for the whole township, all its schools") },
	{ "by", required_argument, OPT_BY, N_("BY"),
	    N_("generate: class (default), village, or boarding (the "
	    "boarders' night tree)") },
	{ "name", required_argument, OPT_NAME, N_("NAME"),
	    N_("generate: the tree's name (default from the school); an "
	    "existing tree is made again, keeping changes by hand") },
	{ "family-limit", required_argument, OPT_FAMILY_LIMIT, N_("N"),
	    N_("generate: most families one person calls (default 10)") },
	{ "staff-limit", required_argument, OPT_STAFF_LIMIT, N_("N"),
	    N_("generate: most staff one person calls (default 5)") },
	{ "activator", required_argument, OPT_ACTIVATOR, N_("TEXT"),
	    N_("generate: who may start the calls (default the principal)") },
	{ "purpose", required_argument, OPT_PURPOSE, N_("TEXT"),
	    N_("generate: what the tree is for") },
	{ "output", required_argument, 'o', N_("FILE"),
	    N_("print: write the sheet to FILE (readable by you only; "
	    "FILE.pdf: a PDF)") },
	{ "lp", optional_argument, OPT_LP, NULL,
	    N_("print: send the sheet to lp as PDF; --lp=PRINTER: to that "
	    "printer") },
	{ "format", required_argument, OPT_FORMAT, N_("FMT"),
	    N_("print: text or pdf (default: pdf for lp and FILE.pdf)") },
	{ "encoding", required_argument, OPT_ENCODING, N_("ENC"),
	    N_("print: text in utf-8 (default) or gb18030 (dot-matrix "
	    "printers; sent raw to lp)") },
	{ "width", required_argument, OPT_WIDTH, N_("COLS"),
	    N_("columns a line (default 80; Chinese counts two)") },
	{ "page-lines", required_argument, OPT_PAGE_LINES, N_("N"),
	    N_("print: lines a page (default 60)") },
	{ "date", required_argument, OPT_DATE, N_("DATE"),
	    N_("print: the date printed; drill: the drill's date (default "
	    "today)") },
	{ "start", required_argument, OPT_START, N_("HH:MM"),
	    N_("drill: when the first call was made") },
	{ "drill", required_argument, OPT_DRILL, N_("N"),
	    N_("report: the drill number (default the last)") },
	{ "incident", required_argument, OPT_INCIDENT, N_("N"),
	    N_("activate: the incident the tree is activated for") },
	{ "wall", no_argument, OPT_WALL, NULL,
	    N_("print: the one-page wall sheet (who starts, the staff, the "
	    "offices, what to do by when)") },
	{ NULL, 0, 0, NULL, NULL }
};

static const struct cmdopt print_opts[] = {
	{ "school", required_argument, OPT_SCHOOL, N_("NAME"),
	    N_("the school") },
	{ "class", required_argument, 'c', N_("GRADE-CLASS"),
	    N_("only this class, for example 3-2 or 3年级2班") },
	{ "output", required_argument, 'o', N_("FILE"),
	    N_("write the cards to FILE (readable by you only; FILE.pdf: a "
	    "PDF)") },
	{ "lp", optional_argument, OPT_LP, NULL,
	    N_("send the cards to lp as PDF; --lp=PRINTER: to that "
	    "printer") },
	{ "format", required_argument, OPT_FORMAT, N_("FMT"),
	    N_("text or pdf (default: pdf for lp and FILE.pdf)") },
	{ "encoding", required_argument, OPT_ENCODING, N_("ENC"),
	    N_("text in utf-8 (default) or gb18030 (dot-matrix printers; "
	    "sent raw to lp)") },
	{ "width", required_argument, OPT_WIDTH, N_("COLS"),
	    N_("columns a line (default 80; Chinese counts two)") },
	{ "page-lines", required_argument, OPT_PAGE_LINES, N_("N"),
	    N_("lines a page (default 60)") },
	{ "date", required_argument, OPT_DATE, N_("DATE"),
	    N_("the date printed (default today)") },
	{ "child", required_argument, OPT_CHILD, N_("ID"),
	    N_("form: only this child; log: the child whose growth file is "
	    "printed") },
	{ "term", required_argument, OPT_TERM, N_("TERM"),
	    N_("agreements: the term, for example 2026-autumn (default: the "
	    "current one)") },
	{ NULL, 0, 0, NULL, NULL }
};

const struct cmd cmd_calltree = {
	"calltree",
	"generate (--school NAME | --township) [--by class|village|boarding] "
	"[--name NAME] [--family-limit N] [--staff-limit N] "
	"[--activator TEXT] [--purpose TEXT]\n"
	"       shouhu calltree list [--school NAME]\n"
	"       shouhu calltree show (--tree NAME | --school NAME) "
	"[--width COLS]\n"
	"       shouhu calltree print (--tree NAME | --school NAME) [-o FILE] "
	"[--lp[=PRINTER]] [--format text|pdf] [--encoding utf-8|gb18030] "
	"[--width COLS] [--page-lines N] [--date DATE] [--wall]\n"
	"       shouhu calltree drill (--tree NAME | --school NAME) "
	"--start HH:MM [--date DATE] [POSITION=HH:MM|POSITION=b:HH:MM|"
	"POSITION=x ...]\n"
	"       shouhu calltree activate (--tree NAME | --school NAME) "
	"--incident N --start HH:MM [--date DATE] [POSITION=HH:MM|"
	"POSITION=b:HH:MM|POSITION=x ...]\n"
	"       shouhu calltree report (--tree NAME | --school NAME) "
	"[--drill N]\n"
	"       shouhu calltree check (--tree NAME | --school NAME)",
	N_("emergency call trees: make, show, print, drill"), calltree_opts,
	ct_option, calltree_run, 0, 1, 100000
};

const struct cmd cmd_print = {
	"print", "cards --school NAME [--class GRADE-CLASS] [-o FILE] "
	"[--lp[=PRINTER]] [--format text|pdf] [--encoding utf-8|gb18030] "
	"[--width COLS] [--page-lines N] [--date DATE]\n"
	"       shouhu print form (--child ID | --class GRADE-CLASS | "
	"--school NAME) [-o FILE] [--lp[=PRINTER]] [--format text|pdf] "
	"[--encoding utf-8|gb18030] [--date DATE]\n"
	"       shouhu print log --child ID [-o FILE] [--lp[=PRINTER]] "
	"[--format text|pdf] [--encoding utf-8|gb18030] [--width COLS] "
	"[--page-lines N] [--date DATE]\n"
	"       shouhu print agreements (--class GRADE-CLASS | --school NAME) "
	"[--term TERM] [-o FILE] [--lp[=PRINTER]] [--format text|pdf] "
	"[--encoding utf-8|gb18030] [--date DATE]",
	N_("print contact cards, the official registration forms, a child's "
	"growth file or the safety agreements"),
	print_opts, ct_option, print_run,
	CMD_AUDITED, 1, 1
};
