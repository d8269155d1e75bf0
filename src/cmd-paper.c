/*
 * cmd-paper.c -- the term's paperwork on the command line:
 *
 *	shouhu agreement list [--school NAME] [--class GRADE-CLASS]
 *	    [--term TERM] [--format text|csv]
 *	shouhu agreement missing [--school NAME] [--class GRADE-CLASS]
 *	    [--term TERM] [--format text|csv]
 *	shouhu agreement sign (--child ID[,ID...] | --from FILE | ID...)
 *	    [--term TERM] [--date DATE] [--refused | --undo]
 *	shouhu aid add --child ID --kind KIND --amount YUAN [--term TERM]
 *	    [--date DATE] [--notes TEXT]
 *	shouhu aid list [--school NAME] [--class GRADE-CLASS] [--child ID]
 *	    [--term TERM] [--kind KIND] [--format text|csv]
 *	shouhu aid summary [--school NAME | --township] [--term TERM]
 *	    [--format text|csv] [-o FILE] [--lp[=PRINTER]] [--encoding ENC]
 *	shouhu aid remove ID
 *
 * The term is the current one unless --term names another; the school
 * is the one --school names, else the login's, else the only one.  The
 * agreements printed for signing are `shouhu print agreements`
 * (cmd-calltree.c); the work is agreement.c's and aid.c's.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "agreement.h"
#include "aid.h"
#include "audit.h"
#include "calltree.h"
#include "cli.h"
#include "cmdopt.h"
#include "csvw.h"
#include "i18n.h"
#include "model.h"
#include "outfile.h"
#include "print.h"
#include "rec.h"
#include "schema.h"
#include "table.h"
#include "util.h"
#include "validate.h"

/* Option codes, clear of cli.c's (256 on) and the other commands'. */
enum {
	OPT_SCHOOL = 0x5100,
	OPT_TERM,
	OPT_CHILD,
	OPT_FROM,
	OPT_DATE,
	OPT_REFUSED,
	OPT_UNDO,
	OPT_KIND,
	OPT_AMOUNT,
	OPT_NOTES,
	OPT_LP,
	OPT_TOWNSHIP,
	OPT_ENCODING,
	OPT_FORMAT = 'f',
	OPT_CLASS = 'c',
	OPT_OUTPUT = 'o'
};

static struct {
	const char	*school;
	const char	*cls;
	const char	*term;
	char		**child;
	size_t		 nchild;
	const char	*from;
	const char	*date;
	bool		 refused;
	bool		 undo;
	const char	*kind;
	const char	*amount;
	const char	*notes;
	bool		 csv;
	const char	*output;
	bool		 lp;
	const char	*printer;
	bool		 township;
	enum print_encoding encoding;
	uint32_t	 school_id;	/* the summary's school */
} pa;

static int
paper_option(struct cmdctx *ctx, int code, const char *arg)
{
	switch (code) {
	case OPT_SCHOOL: pa.school = arg; break;
	case OPT_CLASS: pa.cls = arg; break;
	case OPT_TERM: pa.term = arg; break;
	case OPT_CHILD:
		strv_push(&pa.child, &pa.nchild, xstrdup(arg));
		break;
	case OPT_FROM: pa.from = arg; break;
	case OPT_DATE: pa.date = arg; break;
	case OPT_REFUSED: pa.refused = true; break;
	case OPT_UNDO: pa.undo = true; break;
	case OPT_KIND: pa.kind = arg; break;
	case OPT_AMOUNT: pa.amount = arg; break;
	case OPT_NOTES: pa.notes = arg; break;
	case OPT_OUTPUT: pa.output = arg; break;
	case OPT_TOWNSHIP: pa.township = true; break;
	case OPT_LP:
		pa.lp = true;
		pa.printer = arg;
		break;
	case OPT_ENCODING:
		return cmdopt_encoding(arg, &pa.encoding);
	case OPT_FORMAT:
		if (strcmp(arg, "csv") == 0)
			pa.csv = true;
		else if (strcmp(arg, "text") != 0) {
			cli_error(_("--format is text or csv, not \"%s\""), arg);
			return EXIT_USAGE;
		}
		break;
	default:
		return EXIT_USAGE;
	}
	return 0;
}

/* The term of --term, else the current one; 0 or EXIT_USAGE. */
static int
term_arg(struct cmdctx *ctx, char out[16])
{
	char *cause = NULL;

	if (cli_db(ctx) == NULL)
		return EXIT_DATA;
	if (paper_term(ctx->db, pa.term, ctx->today, out, &cause) != 0) {
		cli_error("--term: %s", cause);
		free(cause);
		return EXIT_USAGE;
	}
	return 0;
}

/* The school of --school, the login's, or the only one; 0 after a message. */
static uint32_t
school_arg(struct cmdctx *ctx)
{
	struct txn t;
	uint32_t id = 0;

	if (txn_read(ctx->db, &t) != 0) {
		cli_error("%s", _("cannot read the database"));
		return 0;
	}
	if (pa.school != NULL) {
		if ((id = school_by_name(&t, pa.school)) == 0)
			cli_error(_("there is no school named \"%s\""),
			    pa.school);
	} else if ((id = access_school()) == 0) {
		if ((id = only_school(&t)) == 0)
			cli_error("%s", _("which school? give --school NAME"));
	}
	txn_end(&t);
	return id;
}

/* --class as a grade and class (cls NULL: a whole grade); usage error. */
static int
class_arg(char **grade, char **cls)
{
	char *cause = NULL;

	*grade = *cls = NULL;
	if (pa.cls == NULL)
		return 0;
	if (class_filter_parse(pa.cls, grade, cls, &cause) != 0) {
		cli_error("--class \"%s\": %s", pa.cls, cause);
		free(cause);
		return EXIT_USAGE;
	}
	return 0;
}

/* A table cell from the records: safe for a terminal. */
static void
cell(const char **cells, char **own, int i, const char *s)
{
	own[i] = str_safe(s, false);
	cells[i] = own[i];
}

/* A row of n cells: a CSV record with --format csv, else a table row. */
static void
row_out(struct table *tb, struct csvw *w, const char *const *cells, int n)
{
	int k;

	if (pa.csv) {
		for (k = 0; k < n; k++)
			csvw_field(w, cells[k]);
		fputs(csvw_end(w), stdout);
	} else
		table_row(tb, cells);
}

/* ---- agreements ---- */

/*
 * The rows of the school of --school, the login's or the only one; of
 * every school when there is none of these (the administrator's and the
 * supervisor's township) and no --class.  EXIT_DATA after a message, or
 * an SH_E* code with *cause.
 */
static int
agreements_of(struct cmdctx *ctx, const char *grade, const char *cls,
    const char *term, struct agr_rows *out, char ***names, size_t *nnames,
    char **cause)
{
	struct idlist ids = { 0 };
	struct agr_rows one;
	struct rec_iter it;
	struct rec *r;
	struct txn t;
	size_t i;
	int rc = 0;

	memset(out, 0, sizeof *out);
	if (pa.school == NULL && pa.cls == NULL && access_school() == 0 &&
	    txn_read(ctx->db, &t) == 0) {
		rec_iter_start(&t, RT_SCHOOL, &it);
		while ((r = rec_iter_next(&it)) != NULL) {
			idl_add(&ids, r->id);
			rec_free(r);
		}
		rec_iter_end(&it);
		txn_end(&t);
	} else {
		idl_add(&ids, school_arg(ctx));
		if (ids.v[0] == 0) {
			idl_free(&ids);
			return EXIT_DATA;
		}
	}
	for (i = 0; i < ids.n && rc == 0; i++) {
		if ((rc = agreement_rows(ctx->db, ids.v[i], grade, cls, term,
		    &one, cause)) != 0)
			break;
		out->v = xreallocarray(out->v, out->n + one.n + 1,
		    sizeof *out->v);
		memcpy(out->v + out->n, one.v, one.n * sizeof *one.v);
		out->n += one.n;
		free(one.v);
		strv_push(names, nnames, one.school);
	}
	idl_free(&ids);
	if (rc != 0)
		agr_rows_free(out);
	return rc;
}

#define NCOLS 8

static int
agreement_table(struct cmdctx *ctx, bool missing_only)
{
	struct agr_rows rows;
	struct table tb;
	struct csvw w = { 0 };
	const char *cells[NCOLS];
	char *own[NCOLS], *grade, *cls, *cause = NULL, term[16], num[16];
	char **names = NULL, *cl, *tl;
	size_t i, shown = 0, nnames = 0;
	int rc, k, nc;

	if ((rc = term_arg(ctx, term)) != 0 ||
	    (rc = class_arg(&grade, &cls)) != 0)
		return rc;
	if (cli_db(ctx) == NULL) {
		free(grade);
		free(cls);
		return EXIT_DATA;
	}
	rc = agreements_of(ctx, grade, cls, term, &rows, &names, &nnames,
	    &cause);
	free(grade);
	free(cls);
	if (rc != 0)
		strv_free(names);
	if (rc == EXIT_DATA)
		return EXIT_DATA;
	if (rc != 0)
		return cmdopt_fail(cause);
	/* The school: the CSV's last column, and the text's for several. */
	nc = pa.csv || nnames > 1 ? 8 : 7;
	table_init(&tb, nc);
	{
		const char *csv[] = { "child", "name", "class", "guardian",
		    "phone", "status", "date", "school" };
		const char *text[] = { _("No."), _("Name"), _("Class"),
		    _("Guardian"), _("Phone"), _("Agreement"), _("Signed on"),
		    _("School") };

		row_out(&tb, &w, pa.csv ? csv : text, nc);
	}
	for (i = 0; i < rows.n; i++) {
		const struct agr_row *r = &rows.v[i];

		if (missing_only && agr_signed(r))
			continue;
		shown++;
		snprintf(num, sizeof num, "%u", r->child);
		cl = pa.csv ? xasprintf("%s-%s", r->grade, r->cls) :
		    class_label(r->grade, r->cls);
		cell(cells, own, 0, num);
		cell(cells, own, 1, r->name);
		cell(cells, own, 2, cl);
		cell(cells, own, 3, r->guardian);
		cell(cells, own, 4, r->phone);
		cell(cells, own, 5, pa.csv ? r->status : *r->status == '\0' ?
		    _("not back") : choice_label(agreement_status_choices,
		    r->status));
		cell(cells, own, 6, r->date);
		cell(cells, own, 7, r->school);
		free(cl);
		row_out(&tb, &w, cells, nc);
		for (k = 0; k < NCOLS; k++)
			free(own[k]);
	}
	if (!pa.csv) {
		table_print(&tb, stdout);
		tl = paper_term_label(term);
		if (missing_only)
			printf(P_("%zu of %zu child without a signed "
			    "agreement for the %s.\n", "%zu of %zu children "
			    "without a signed agreement for the %s.\n",
			    rows.n), shown, rows.n, tl);
		else
			printf(P_("%zu child.\n", "%zu children.\n", rows.n),
			    rows.n);
		free(tl);
	}
	table_free(&tb);
	csvw_free(&w);
	agr_rows_free(&rows);
	strv_free(names);
	return EXIT_OK;
}
#undef NCOLS

static int
child_id(const char *s, uint32_t *id)
{
	if ((*id = cli_number(s)) == 0) {
		cli_error(_("\"%s\" is not a child's number"),
		    *s == '#' ? s + 1 : s);
		return EXIT_USAGE;
	}
	return 0;
}

/* Ids from "1,2,3" into ids. */
static int
ids_from(const char *list, struct idlist *ids)
{
	char *copy = xstrdup(list), *p, *save = NULL, *t;
	uint32_t id;
	int rc = 0;

	for (p = strtok_r(copy, ", \t\r\n;", &save); p != NULL && rc == 0;
	    p = strtok_r(NULL, ", \t\r\n;", &save)) {
		t = str_trim(p);
		if (*t != '\0' && (rc = child_id(t, &id)) == 0)
			idl_add(ids, id);
		free(t);
	}
	free(copy);
	return rc;
}

/*
 * Ids from a CSV file: the first field of each line, a header line (or
 * any line not starting with a number) skipped; a "child" or "id"
 * column is taken where the header names one.
 */
static int
ids_from_file(const char *path, struct idlist *ids)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	char *line = NULL, *t, *p, *f0;
	size_t cap = 0, no = 0;
	uint32_t id;
	int rc = 0, col = 0, i;

	if (f == NULL) {
		cli_error(_("cannot read %s: %s"), path, strerror(errno));
		return EXIT_DATA;
	}
	while (rc == 0 && getline(&line, &cap, f) >= 0) {
		no++;
		p = line;
		if (no == 1 && strncmp(p, "\xef\xbb\xbf", 3) == 0)
			p += 3;
		for (i = 0; i < col && p != NULL; i++)
			if ((p = strchr(p, ',')) != NULL)
				p++;
		if (p == NULL)
			continue;
		f0 = xstrndup(p, strcspn(p, ",\r\n"));
		t = str_trim(f0);
		free(f0);
		if (*t == '"')
			memmove(t, t + 1, strlen(t));
		if (*t != '\0' && t[strlen(t) - 1] == '"')
			t[strlen(t) - 1] = '\0';
		if (no == 1 && (*t < '0' || *t > '9') && *t != '#') {
			/* A header: find the child's column. */
			p = line;
			for (i = 0; p != NULL; i++) {
				if (strncmp(p, "child", 5) == 0 ||
				    strncmp(p, "\"child\"", 7) == 0) {
					col = i;
					break;
				}
				if ((p = strchr(p, ',')) != NULL)
					p++;
			}
		} else if (*t != '\0' && (rc = child_id(t, &id)) == 0)
			idl_add(ids, id);
		else if (rc != 0)
			cli_error(_("%s, line %zu"), path, no);
		free(t);
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return rc;
}

static int
agreement_sign(struct cmdctx *ctx)
{
	struct idlist ids = { 0 };
	char term[16], *date = NULL, *cause = NULL, *tl;
	const char *status = pa.undo ? "printed" : pa.refused ? "refused" :
	    "signed";
	size_t i, changed;
	int rc = 0, a;

	if (pa.refused && pa.undo) {
		cli_error("%s", _("--refused does not go with --undo"));
		return EXIT_USAGE;
	}
	for (i = 0; i < pa.nchild && rc == 0; i++)
		rc = ids_from(pa.child[i], &ids);
	for (a = 1; a < ctx->argc && rc == 0; a++)
		rc = ids_from(ctx->argv[a], &ids);
	if (rc == 0 && pa.from != NULL)
		rc = ids_from_file(pa.from, &ids);
	if (rc == 0 && ids.n == 0) {
		cli_error("%s", _("\"sign\" needs --child ID, --from FILE or "
		    "the children's numbers"));
		rc = EXIT_USAGE;
	}
	if (rc == 0)
		rc = term_arg(ctx, term);
	if (rc == 0 && !pa.undo) {
		if (pa.date == NULL)
			date = xstrdup(ctx->today);
		else if (val_date(pa.date, &date, &cause) != 0) {
			cli_error("--date \"%s\": %s", pa.date, cause);
			free(cause);
			rc = EXIT_USAGE;
		} else if (strcmp(date, ctx->today) > 0) {
			cli_error(_("--date %s is in the future (today is %s)"),
			    date, ctx->today);
			rc = EXIT_USAGE;
		}
	}
	if (rc != 0) {
		free(date);
		idl_free(&ids);
		return rc;
	}
	idl_uniq(&ids);
	tl = paper_term_label(term);
	if (cli_db(ctx) == NULL)
		rc = EXIT_DATA;
	else if (agreement_record(ctx->db, ids.v, ids.n, term, status,
	    date != NULL ? date : "", &changed, &cause) != 0)
		rc = cmdopt_fail(cause);
	else if (pa.undo)
		printf(P_("%zu agreement of the %s is not back after all.\n",
		    "%zu agreements of the %s are not back after all.\n",
		    changed), changed, tl);
	else if (pa.refused)
		printf(P_("%zu agreement of the %s recorded as refused on "
		    "%s.\n", "%zu agreements of the %s recorded as refused on "
		    "%s.\n", changed), changed, tl, date);
	else
		printf(P_("%zu agreement of the %s recorded as signed on %s.\n",
		    "%zu agreements of the %s recorded as signed on %s.\n",
		    changed), changed, tl, date);
	free(tl);
	free(date);
	idl_free(&ids);
	return rc;
}

static int
agreement_run(struct cmdctx *ctx)
{
	const char *sub = ctx->argv[0];

	if (strcmp(sub, "sign") == 0)
		return agreement_sign(ctx);
	if (pa.nchild > 0 || pa.from != NULL || pa.date != NULL ||
	    pa.refused || pa.undo || ctx->argc > 1) {
		cli_error(_("\"%s\" takes --school, --class, --term and "
		    "--format"), sub);
		return EXIT_USAGE;
	}
	if (strcmp(sub, "list") == 0)
		return agreement_table(ctx, false);
	if (strcmp(sub, "missing") == 0)
		return agreement_table(ctx, true);
	cli_error(_("no agreement command \"%s\": list, missing or sign"),
	    sub);
	return EXIT_USAGE;
}

/* ---- aid ---- */

/* The key of an aid kind as typed (低保, dibao), or NULL. */
static const char *
kind_key(const char *in, char **cause)
{
	struct rec *r = rec_new(RT_AID);
	const struct choice *c = NULL;

	if (rec_input(r, AID_KIND, in, cause) == 0)
		c = choice_find(aid_choices, rec_str(r, AID_KIND));
	rec_free(r);
	return c != NULL ? c->key : NULL;
}

/* The label of an aid kind as typed, translated. */
static const char *
kind_label(const char *in)
{
	const char *k = kind_key(in, NULL);

	return k != NULL ? choice_label(aid_choices, k) : "";
}

static int
aid_add_run(struct cmdctx *ctx)
{
	struct aid_in in;
	char term[16], *cause = NULL, *tl;
	uint32_t first = 0;
	int rc;

	memset(&in, 0, sizeof in);
	if (pa.nchild != 1 || pa.kind == NULL || pa.amount == NULL) {
		cli_error("%s", _("\"aid add\" needs --child ID, --kind KIND "
		    "and --amount YUAN"));
		return EXIT_USAGE;
	}
	if ((rc = child_id(pa.child[0], &in.child)) != 0 ||
	    (rc = term_arg(ctx, term)) != 0)
		return rc;
	if (cli_db(ctx) == NULL)
		return EXIT_DATA;
	in.kind = pa.kind;
	in.term = term;
	in.amount = pa.amount;
	in.date = pa.date != NULL ? pa.date : ctx->today;
	in.notes = pa.notes;
	if (aid_add(ctx->db, &in, 1, &first, &cause) != 0)
		return cmdopt_fail(cause);
	tl = paper_term_label(term);
	printf(_("Recorded aid #%u (%s, %s).\n"), first, kind_label(pa.kind),
	    tl);
	free(tl);
	return EXIT_OK;
}

static int
aid_filter_arg(struct cmdctx *ctx, struct aid_filter *f, char term[16],
    char **grade, char **cls)
{
	char *cause = NULL;
	int rc;

	memset(f, 0, sizeof *f);
	*grade = *cls = NULL;
	if (pa.term != NULL) {
		if ((rc = term_arg(ctx, term)) != 0)
			return rc;
		f->term = term;
	}
	if ((rc = class_arg(grade, cls)) != 0)
		return rc;
	f->grade = *grade;
	f->cls = *cls;
	if (pa.nchild > 1) {
		cli_error("%s", _("--child is given once here"));
		return EXIT_USAGE;
	}
	if (pa.nchild == 1 && (rc = child_id(pa.child[0], &f->child)) != 0)
		return rc;
	if (pa.kind != NULL && (f->kind = kind_key(pa.kind, &cause)) == NULL) {
		cli_error("--kind: %s", cause);
		free(cause);
		return EXIT_USAGE;
	}
	if (cli_db(ctx) == NULL)
		return EXIT_DATA;
	if ((pa.school != NULL || pa.cls != NULL) &&
	    (f->school = school_arg(ctx)) == 0)
		return EXIT_DATA;
	return 0;
}

static int
aid_list_run(struct cmdctx *ctx)
{
	struct aid_filter f;
	struct aid_rows rows;
	struct table tb;
	struct csvw w = { 0 };
	const char *cells[8];
	char *own[8], *grade, *cls, *cause = NULL, term[16], num[16], *cl;
	size_t i;
	int rc, k, nc;
	bool amounts;

	if ((rc = aid_filter_arg(ctx, &f, term, &grade, &cls)) != 0) {
		free(grade);
		free(cls);
		return rc;
	}
	rc = aid_list(ctx->db, &f, &rows, &cause);
	free(grade);
	free(cls);
	if (rc != 0)
		return cmdopt_fail(cause);
	/* The amount column only for who may see every amount listed. */
	amounts = true;
	for (i = 0; i < rows.n; i++)
		if (rows.v[i].amount == NULL)
			amounts = false;
	if (rows.n == 0)
		amounts = f.school != 0 ? aid_amounts_visible(f.school) :
		    access_admin();
	nc = amounts ? 8 : 7;
	table_init(&tb, nc);
	if (amounts)
		table_column(&tb, 7, 0, true);
	{
		const char *csv[] = { "id", "child", "name", "class", "kind",
		    "term", "date", "amount" };
		const char *text[] = { _("No."), _("Child"), _("Name"),
		    _("Class"), _("Aid"), _("Term"), _("Date"),
		    _("Amount (yuan)") };

		row_out(&tb, &w, pa.csv ? csv : text, nc);
	}
	for (i = 0; i < rows.n; i++) {
		const struct aid_row *r = &rows.v[i];

		snprintf(num, sizeof num, "%u", r->id);
		cell(cells, own, 0, num);
		snprintf(num, sizeof num, "%u", r->child);
		cell(cells, own, 1, num);
		cell(cells, own, 2, r->name);
		cl = pa.csv ? xasprintf("%s-%s", r->grade, r->cls) :
		    class_label(r->grade, r->cls);
		cell(cells, own, 3, cl);
		free(cl);
		cell(cells, own, 4, pa.csv ? r->kind :
		    choice_label(aid_choices, r->kind));
		cl = pa.csv ? xstrdup(r->term) : paper_term_label(r->term);
		cell(cells, own, 5, cl);
		free(cl);
		cell(cells, own, 6, r->date);
		if (amounts)
			cell(cells, own, 7, r->amount);
		row_out(&tb, &w, cells, nc);
		for (k = 0; k < nc; k++)
			free(own[k]);
	}
	if (!pa.csv) {
		table_print(&tb, stdout);
		printf(P_("%zu aid record.\n", "%zu aid records.\n", rows.n),
		    rows.n);
		if (!amounts)
			printf("%s\n", _("Amounts are shown to the principal "
			    "and the administrator only."));
	}
	table_free(&tb);
	csvw_free(&w);
	aid_rows_free(&rows);
	return EXIT_OK;
}

/* Each page of the summary: its title and "x/y". */
static void
summary_head(struct print_lines *out, int page, int pages, void *arg)
{
	char *right = xasprintf(_("page %d/%d"), page, pages);

	print_lines_add(out, print_two_sided(arg, right, PRINT_WIDTH));
	print_lines_add(out, xstrdup(""));
	free(right);
}

/* The summary as lines of text, for the screen or the printer. */
static void
summary_lines(const struct aid_summary *s, struct print_lines *out)
{
	struct table tb;
	const char *cells[4];
	char ch[16], cnt[16], amt[24];
	FILE *mem;
	char *text = NULL, *line, *save = NULL;
	size_t len = 0, k;
	int nc = s->amounts ? 4 : 3;

	table_init(&tb, nc);
	table_column(&tb, 1, 0, true);
	table_column(&tb, 2, 0, true);
	if (s->amounts)
		table_column(&tb, 3, 0, true);
	cells[0] = _("Aid");
	cells[1] = _("Children aided");
	cells[2] = _("Times");
	cells[3] = _("Amount (yuan)");
	table_row(&tb, cells);
	for (k = 0; k <= s->n; k++) {
		const struct aid_sum *a = k < s->n ? &s->v[k] : &s->total;

		snprintf(ch, sizeof ch, "%zu", a->children);
		snprintf(cnt, sizeof cnt, "%zu", a->count);
		amount_format(a->fen, amt);
		cells[0] = k < s->n ? choice_label(aid_choices, a->kind) :
		    _("Total (each child once)");
		cells[1] = ch;
		cells[2] = cnt;
		cells[3] = amt;
		table_row(&tb, cells);
	}
	mem = open_memstream(&text, &len);
	table_print(&tb, mem);
	fclose(mem);
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		print_lines_add(out, xstrdup(line));
	free(text);
	table_free(&tb);
	if (!s->amounts) {
		print_lines_add(out, xstrdup(""));
		print_lines_add(out, xstrdup(_("Amounts are shown to the "
		    "principal and the administrator only.")));
	}
}

/*
 * What the summary counts: the aid records, not the registration form's
 * aid field (受助情况) that report summary and the statistics count.
 */
static void
summary_note(struct print_lines *out)
{
	if (out->n > 0 && *out->v[out->n - 1] != '\0')
		print_lines_add(out, xstrdup(""));
	print_lines_add(out, xstrdup(_("Children aided: counted from the aid "
	    "records entered (aid add, the p screen).")));
	print_lines_add(out, xstrdup(_("The summary's \"aid (registration "
	    "form)\" counts what the forms say instead.")));
}

/*
 * The schools of the summary: --township's every school, else one; and
 * the township's name.
 */
static int
summary_schools(struct cmdctx *ctx, struct idlist *ids, char ***names,
    char **township)
{
	struct rec_iter it;
	struct txn t;
	struct rec *r;
	size_t n = 0;

	if (txn_read(ctx->db, &t) != 0) {
		cli_error("%s", _("cannot read the database"));
		return EXIT_DATA;
	}
	rec_iter_start(&t, RT_SCHOOL, &it);
	while ((r = rec_iter_next(&it)) != NULL) {
		if (pa.township || r->id == pa.school_id) {
			idl_add(ids, r->id);
			strv_push(names, &n, xstrdup(rec_str(r, SCHOOL_NAME)));
		}
		rec_free(r);
	}
	rec_iter_end(&it);
	*township = ct_scope_name(&t, 0);
	txn_end(&t);
	return 0;
}

/* One school's rows of the CSV summary (school: the first column). */
static void
summary_csv(struct csvw *w, FILE *fp, const struct aid_summary *s,
    const char *school, bool amounts)
{
	char num[24];
	size_t k;

	for (k = 0; k <= s->n; k++) {
		const struct aid_sum *a = k < s->n ? &s->v[k] : &s->total;

		if (school != NULL)
			csvw_field(w, school);
		csvw_field(w, k < s->n ? a->kind : "total");
		snprintf(num, sizeof num, "%zu", a->children);
		csvw_field(w, num);
		snprintf(num, sizeof num, "%zu", a->count);
		csvw_field(w, num);
		if (amounts) {
			amount_format(a->fen, num);
			csvw_field(w, num);
		}
		fputs(csvw_end(w), fp);
	}
}

/* Adds a school's summary to the township's (schools share no child). */
static void
summary_add(struct aid_summary *all, const struct aid_summary *s)
{
	size_t k;

	if (all->v == NULL) {
		all->v = xcalloc(s->n, sizeof *all->v);
		all->n = s->n;
	}
	for (k = 0; k < s->n && k < all->n; k++) {
		all->v[k].kind = s->v[k].kind;
		all->v[k].children += s->v[k].children;
		all->v[k].count += s->v[k].count;
		all->v[k].fen += s->v[k].fen;
	}
	all->total.children += s->total.children;
	all->total.count += s->total.count;
	all->total.fen += s->total.fen;
}

static int
aid_summary_run(struct cmdctx *ctx)
{
	struct aid_filter f;
	struct aid_summary s, all = { 0 };
	struct print_lines lines = { 0 };
	struct print_doc doc;
	struct print_dest dest = { pa.output, pa.lp, pa.printer, PRINT_AUTO,
	    pa.encoding };
	struct csvw w = { 0 };
	struct outfile *of = NULL;
	struct idlist ids = { 0 };
	char **names = NULL, *grade, *cls, *cause = NULL, term[16];
	char *what, *title, *tl, *head, *township = NULL;
	FILE *fp = stdout;
	bool amounts = access_admin();
	size_t i;
	int rc;

	if (pa.nchild > 0 || pa.cls != NULL || (pa.township &&
	    pa.school != NULL)) {
		cli_error("%s", _("the summary is a school's or the township's: "
		    "--school or --township, --term, --format, -o and --lp"));
		return EXIT_USAGE;
	}
	if (pa.csv && pa.lp) {
		cli_error("%s", _("--lp prints the text summary, not CSV"));
		return EXIT_USAGE;
	}
	if (pa.csv && pa.encoding != PRINT_ENC_DEFAULT) {
		cli_error("%s", _("--encoding is for the printed summary, not "
		    "CSV"));
		return EXIT_USAGE;
	}
	if ((rc = aid_filter_arg(ctx, &f, term, &grade, &cls)) != 0)
		return rc;
	if (!pa.township && f.school == 0 && (f.school = school_arg(ctx)) == 0)
		return EXIT_DATA;
	pa.school_id = f.school;
	if ((rc = summary_schools(ctx, &ids, &names, &township)) != 0)
		return rc;
	tl = f.term != NULL ? paper_term_label(f.term) : NULL;
	what = xasprintf(_("aid summary of %s %s"), pa.township ?
	    _("the township") : names[0], f.term != NULL ? f.term : "");
	/* Recorded first: nothing leaves the program unrecorded. */
	if (pa.output != NULL || pa.lp || pa.csv)
		rc = cmdopt_audit(ctx->db, pa.csv ? AUDIT_EXPORT : AUDIT_PRINT,
		    what);
	if (rc == 0 && pa.csv && pa.output != NULL &&
	    strcmp(pa.output, "-") != 0) {
		if ((of = outfile_open(pa.output, 0, &cause)) == NULL)
			rc = cmdopt_fail(cause);
		else
			fp = outfile_stream(of);
	}
	if (rc == 0 && pa.csv) {
		if (!pa.township)
			amounts = aid_amounts_visible(ids.v[0]);
		if (pa.township)
			csvw_field(&w, "school");
		csvw_field(&w, "kind");
		csvw_field(&w, "children");
		csvw_field(&w, "count");
		if (amounts)
			csvw_field(&w, "amount");
		fputs(csvw_end(&w), fp);
	}
	for (i = 0; rc == 0 && i < ids.n; i++) {
		f.school = ids.v[i];
		if (aid_summarize(ctx->db, &f, &s, &cause) != 0) {
			rc = cmdopt_fail(cause);
			break;
		}
		if (pa.township)
			summary_add(&all, &s);
		if (pa.csv)
			summary_csv(&w, fp, &s, pa.township ? names[i] : NULL,
			    amounts && s.amounts);
		else {
			if (pa.township) {
				head = xasprintf("%s", names[i]);
				print_lines_add(&lines, head);
			}
			summary_lines(&s, &lines);
			print_lines_add(&lines, xstrdup(""));
		}
		aid_summary_free(&s);
	}
	if (rc == 0 && pa.township) {
		all.amounts = amounts;
		if (pa.csv)
			summary_csv(&w, fp, &all, "township", amounts);
		else {
			print_lines_add(&lines, xstrdup(_("the township")));
			summary_lines(&all, &lines);
		}
	}
	if (rc == 0 && !pa.csv)
		summary_note(&lines);
	aid_summary_free(&all);
	csvw_free(&w);
	if (of != NULL && rc == 0 && outfile_commit(of, &cause) != 0)
		rc = cmdopt_fail(cause);
	else if (of != NULL && rc != 0)
		outfile_abort(of);
	if (rc == 0 && !pa.csv) {
		title = print_title(pa.township ? township : names[0],
		    _("aid summary"), ctx->today);
		print_doc_init(&doc, title, PRINT_WIDTH, PRINT_LINES);
		free(title);
		title = xasprintf(_("Aid received: %s, %s"), pa.township ?
		    _("the township") : names[0], tl != NULL ? tl :
		    _("all terms"));
		print_paginate(&doc, lines.v, lines.n, NULL, PRINT_LINES - 2,
		    summary_head, title);
		free(title);
		rc = cmdopt_deliver(ctx->db, &doc, &dest, false);
		print_doc_free(&doc);
	}
	print_lines_free(&lines);
	free(tl);
	free(what);
	free(township);
	strv_free(names);
	idl_free(&ids);
	return rc;
}

static int
aid_remove_run(struct cmdctx *ctx)
{
	char *cause = NULL, *end;
	unsigned long id;

	if (ctx->argc != 2) {
		cli_error("%s", _("\"aid remove\" needs the aid record's "
		    "number"));
		return EXIT_USAGE;
	}
	id = strtoul(ctx->argv[1][0] == '#' ? ctx->argv[1] + 1 :
	    ctx->argv[1], &end, 10);
	if (*end != '\0' || id == 0 || id > UINT32_MAX) {
		cli_error(_("\"%s\" is not a record number"), ctx->argv[1]);
		return EXIT_USAGE;
	}
	if (cli_db(ctx) == NULL)
		return EXIT_DATA;
	if (aid_remove(ctx->db, (uint32_t)id, &cause) != 0)
		return cmdopt_fail(cause);
	printf(_("Removed aid #%lu.\n"), id);
	return EXIT_OK;
}

static int
aid_run(struct cmdctx *ctx)
{
	const char *sub = ctx->argv[0];

	if (strcmp(sub, "remove") != 0 && ctx->argc > 1) {
		cli_error(_("unexpected operand \"%s\""), ctx->argv[1]);
		return EXIT_USAGE;
	}
	if (pa.township && strcmp(sub, "summary") != 0) {
		cli_error("%s", _("--township goes with \"aid summary\" only"));
		return EXIT_USAGE;
	}
	if (strcmp(sub, "add") == 0)
		return aid_add_run(ctx);
	if (pa.amount != NULL || pa.notes != NULL || pa.date != NULL) {
		cli_error(_("--amount, --date and --notes go with \"aid add\" "
		    "only"));
		return EXIT_USAGE;
	}
	if (strcmp(sub, "list") == 0)
		return aid_list_run(ctx);
	if (strcmp(sub, "summary") == 0)
		return aid_summary_run(ctx);
	if (strcmp(sub, "remove") == 0)
		return aid_remove_run(ctx);
	cli_error(_("no aid command \"%s\": add, list, summary or remove"),
	    sub);
	return EXIT_USAGE;
}

static const struct cmdopt agreement_opts[] = {
	{ "school", required_argument, OPT_SCHOOL, N_("NAME"),
	    N_("the school (default: yours, or the only one)") },
	{ "class", required_argument, 'c', N_("GRADE-CLASS"),
	    N_("only this class or grade, for example 3-2 or 三年级") },
	{ "term", required_argument, OPT_TERM, N_("TERM"),
	    N_("the term, for example 2026-autumn (default: the current "
	    "one)") },
	{ "child", required_argument, OPT_CHILD, N_("ID"),
	    N_("sign: the child's number; several separated by commas") },
	{ "from", required_argument, OPT_FROM, N_("FILE"),
	    N_("sign: the children's numbers from a CSV file (the first "
	    "column, or the one headed child)") },
	{ "date", required_argument, OPT_DATE, N_("DATE"),
	    N_("sign: the day the agreements came back (default today)") },
	{ "refused", no_argument, OPT_REFUSED, NULL,
	    N_("sign: the guardian refused to sign") },
	{ "undo", no_argument, OPT_UNDO, NULL,
	    N_("sign: not back after all (a mistake)") },
	{ "format", required_argument, 'f', N_("FORMAT"),
	    N_("text (default) or csv") },
	{ NULL, 0, 0, NULL, NULL }
};

static const struct cmdopt aid_opts[] = {
	{ "child", required_argument, OPT_CHILD, N_("ID"),
	    N_("the child's number") },
	{ "kind", required_argument, OPT_KIND, N_("KIND"),
	    N_("两免一补, 低保, 临时救助, 医疗救助, 济难救助 or 其他 "
	    "(or two_free, dibao, temporary, medical, hardship, other)") },
	{ "amount", required_argument, OPT_AMOUNT, N_("YUAN"),
	    N_("add: the amount in yuan, for example 1250 or 312.50") },
	{ "term", required_argument, OPT_TERM, N_("TERM"),
	    N_("the term, for example 2026-autumn (add: default the current "
	    "one; lists: every term)") },
	{ "date", required_argument, OPT_DATE, N_("DATE"),
	    N_("add: the day it was paid (default today)") },
	{ "notes", required_argument, OPT_NOTES, N_("TEXT"),
	    N_("add: notes") },
	{ "school", required_argument, OPT_SCHOOL, N_("NAME"),
	    N_("the school (default: yours, or the only one)") },
	{ "class", required_argument, 'c', N_("GRADE-CLASS"),
	    N_("list: only this class or grade") },
	{ "format", required_argument, 'f', N_("FORMAT"),
	    N_("text (default) or csv") },
	CMDOPT_OUTPUT('o'),
	CMDOPT_LP(OPT_LP),
	CMDOPT_ENCODING(OPT_ENCODING),
	{ "township", no_argument, OPT_TOWNSHIP, NULL,
	    N_("summary: every school, one after the other") },
	{ NULL, 0, 0, NULL, NULL }
};

const struct cmd cmd_agreement = {
	"agreement",
	"list|missing [--school NAME] [--class GRADE-CLASS] [--term TERM] "
	"[--format text|csv]\n"
	"       shouhu agreement sign (--child ID[,ID...] | --from FILE | "
	"ID...) [--term TERM] [--date DATE] [--refused | --undo]",
	N_("safety agreements: who signed, who is missing"), agreement_opts,
	paper_option, agreement_run, 0, 1, 100000
};

const struct cmd cmd_aid = {
	"aid",
	"add --child ID --kind KIND --amount YUAN [--term TERM] [--date DATE] "
	"[--notes TEXT]\n"
	"       shouhu aid list [--school NAME] [--class GRADE-CLASS] "
	"[--child ID] [--term TERM] [--kind KIND] [--format text|csv]\n"
	"       shouhu aid summary [--school NAME | --township] [--term TERM] "
	"[--format text|csv] [-o FILE] [--lp[=PRINTER]] "
	"[--encoding utf-8|gb18030]\n"
	"       shouhu aid remove ID",
	N_("aid received: record, list, the summary for the aid office"),
	aid_opts, paper_option, aid_run, 0, 1, 2
};
