/*
 * cmd-counsel.c -- `shouhu counsel`: counselling sessions (心理辅导记录).
 *
 *	shouhu counsel add --child ID[,ID...] [--date DATE]
 *	    [--counsellor STAFF] [--kind individual|group]
 *	    [--referred-by TEXT] [--reason TEXT] [--notes TEXT] [--next DATE]
 *	shouhu counsel list [--child ID] [--school NAME] [--with-notes]
 *	shouhu counsel show ID
 *	shouhu counsel print ID [-o FILE] [--lp[=PRINTER]]
 *	    [--format text|pdf] [--encoding utf-8|gb18030]
 *
 * Only the administrator and the school's principal and counsellors
 * read or write sessions (access_counsel); anyone else is refused with
 * the same message whether or not a session exists.  Every session shown
 * with its notes (show, list --with-notes) is recorded in the audit
 * trail first: what cannot be recorded is not shown.
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
#include "counsel.h"
#include "i18n.h"
#include "model.h"
#include "plan.h"
#include "print.h"
#include "rec.h"
#include "schema.h"
#include "util.h"

enum {
	OPT_CHILD = 0x1600,
	OPT_DATE,
	OPT_COUNSELLOR,
	OPT_KIND,
	OPT_REFERRER,
	OPT_REASON,
	OPT_NOTES,
	OPT_NEXT,
	OPT_SCHOOL,
	OPT_WITH_NOTES,
	OPT_LP,
	OPT_FORMAT,
	OPT_ENCODING
};

/* The options that set a field of the session, by field. */
static const struct {
	int		 code;
	int		 field;
} opt_fields[] = {
	{ OPT_CHILD, COUNSEL_CHILDREN },
	{ OPT_DATE, COUNSEL_DATE },
	{ OPT_COUNSELLOR, COUNSEL_COUNSELLOR },
	{ OPT_KIND, COUNSEL_KIND },
	{ OPT_REFERRER, COUNSEL_REFERRER },
	{ OPT_REASON, COUNSEL_REASON },
	{ OPT_NOTES, COUNSEL_NOTES },
	{ OPT_NEXT, COUNSEL_NEXT },
};

static struct {
	const char	*v[COUNSEL__N];
	const char	*school;
	bool		 notes;
	struct print_dest dest;
} ca;

static int
counsel_option(struct cmdctx *ctx, int code, const char *arg)
{
	size_t i;

	for (i = 0; i < nitems(opt_fields); i++)
		if (opt_fields[i].code == code) {
			ca.v[opt_fields[i].field] = arg;
			return 0;
		}
	switch (code) {
	case OPT_SCHOOL:
		ca.school = arg;
		return 0;
	case OPT_WITH_NOTES:
		ca.notes = true;
		return 0;
	case 'o':
		ca.dest.output = arg;
		return 0;
	case OPT_LP:
		ca.dest.lp = true;
		ca.dest.printer = arg;
		return 0;
	case OPT_FORMAT:
		if (strcmp(arg, "text") != 0 && strcmp(arg, "pdf") != 0) {
			cli_error(_("--format is text or pdf, not \"%s\""),
			    arg);
			return EXIT_USAGE;
		}
		ca.dest.format = strcmp(arg, "pdf") == 0 ? PRINT_PDF :
		    PRINT_TEXT;
		return 0;
	case OPT_ENCODING:
		if (strcmp(arg, "utf-8") != 0 && strcmp(arg, "gb18030") != 0) {
			cli_error(_("--encoding is utf-8 or gb18030, not "
			    "\"%s\""), arg);
			return EXIT_USAGE;
		}
		ca.dest.encoding = strcmp(arg, "gb18030") == 0 ?
		    PRINT_GB18030 : PRINT_UTF8;
		return 0;
	}
	return EXIT_USAGE;
}

/* Refuses the actor who may read no session at all. */
static int
need_counsel(struct cmdctx *ctx)
{
	if (counsel_may())
		return 0;
	cli_error(_("%s may not read or write counselling sessions: only "
	    "the school's counsellors, its principal and the administrator"),
	    ctx->db->user);
	return -1;
}

struct add_arg {
	struct rec	*r;
	uint32_t	 id;	/* out */
};

static int
add_write(struct txn *t, void *arg, char **cause)
{
	struct add_arg *a = arg;
	struct rec *r = rec_dup(a->r);
	int rc;

	if ((rc = counsel_store(t, r, cause)) == 0)
		a->id = r->id;
	rec_free(r);
	return rc;
}

static int
counsel_add(struct cmdctx *ctx)
{
	struct add_arg a = { NULL, 0 };
	char *cause = NULL, staff[16];
	size_t i;
	int rc, n = 0;

	if (ca.v[COUNSEL_CHILDREN] == NULL) {
		cli_error("%s", _("name the children of the session: --child "
		    "ID[,ID...]"));
		return EXIT_USAGE;
	}
	if (cli_db(ctx) == NULL || need_counsel(ctx) != 0)
		return EXIT_DATA;
	a.r = rec_new(RT_COUNSEL);
	rec_set(a.r, COUNSEL_DATE, ctx->today);
	if (access_staff() != 0) {
		snprintf(staff, sizeof staff, "%u", access_staff());
		rec_set(a.r, COUNSEL_COUNSELLOR, staff);
	}
	for (i = 0; i < COUNSEL__N; i++) {
		if (ca.v[i] == NULL)
			continue;
		if (rec_input(a.r, (int)i, ca.v[i], &cause) != 0) {
			cli_error("%s", cause);
			free(cause);
			rec_free(a.r);
			return EXIT_DATA;
		}
	}
	/* A session of several children is a group's unless told. */
	if (ca.v[COUNSEL_KIND] == NULL)
		for (i = 0; ca.v[COUNSEL_CHILDREN][i] != '\0'; i++)
			if (ca.v[COUNSEL_CHILDREN][i] == ',')
				n++;
	if (n > 0)
		rec_set(a.r, COUNSEL_KIND, "group");
	rc = db_write(ctx->db, add_write, &a, &cause);
	rec_free(a.r);
	if (rc != 0) {
		cli_error("%s", cause != NULL ? cause : sh_strerror(rc));
		free(cause);
		return EXIT_DATA;
	}
	printf(_("Counselling session #%u added\n"), a.id);
	return EXIT_OK;
}

/*
 * Records the reading of n sessions, then writes out b and frees it;
 * what cannot be recorded is not shown.
 */
static int
shown(struct cmdctx *ctx, const uint32_t *ids, size_t n, struct buf *b)
{
	char *cause = NULL;
	size_t i;

	for (i = 0; i < n; i++)
		if (audit_view(ctx->db, RT_COUNSEL, ids[i], &cause) != 0) {
			cli_error(_("the reading cannot be recorded, so the "
			    "session is not shown: %s"), cause);
			free(cause);
			buf_free(b);
			return EXIT_DATA;
		}
	fwrite(b->s, 1, b->len, stdout);
	buf_free(b);
	return EXIT_OK;
}

static int
counsel_list(struct cmdctx *ctx)
{
	struct idlist ids = { 0 };
	struct buf b = { 0 };
	uint32_t child = 0, school = 0;
	struct txn t;
	struct rec *r;
	char *cause = NULL;
	size_t i;
	int rc;

	if (ca.v[COUNSEL_CHILDREN] != NULL &&
	    (child = cli_number(ca.v[COUNSEL_CHILDREN])) == 0) {
		cli_error(_("\"%s\" is not a record number"),
		    ca.v[COUNSEL_CHILDREN]);
		return EXIT_USAGE;
	}
	if (cli_db(ctx) == NULL || need_counsel(ctx) != 0)
		return EXIT_DATA;
	if (txn_read(ctx->db, &t) != 0) {
		cli_error(_("cannot read the database"));
		return EXIT_DATA;
	}
	if (ca.school != NULL &&
	    (school = school_by_name(&t, ca.school)) == 0) {
		txn_end(&t);
		cli_error(_("there is no school named \"%s\""), ca.school);
		return EXIT_DATA;
	}
	counsel_select(&t, child, school, &ids);
	if (ids.n > 0)
		counsel_head(&b);
	for (i = 0; i < ids.n; i++) {
		if (rec_get(&t, RT_COUNSEL, ids.v[i], &r) != 0)
			continue;
		counsel_line(&t, r, &b);
		if (ca.notes) {
			counsel_format(&t, r, &b);
			buf_addc(&b, '\n');
		}
		rec_free(r);
	}
	txn_end(&t);
	if (ids.n == 0)
		buf_addf(&b, "%s\n", _("No counselling session."));
	if (counsel_listed(ctx->db, ids.n, child, school, &cause) != 0) {
		cli_error(_("the list cannot be recorded, so it is not shown: "
		    "%s"), cause);
		free(cause);
		buf_free(&b);
		idl_free(&ids);
		return EXIT_DATA;
	}
	rc = shown(ctx, ids.v, ca.notes ? ids.n : 0, &b);
	idl_free(&ids);
	return rc;
}

/*
 * Reads the session the operand names into b, the reading recorded
 * (counsel_read); EXIT_OK, or the exit code after saying why.
 */
static int
read_session(struct cmdctx *ctx, uint32_t id, struct buf *b)
{
	char *cause = NULL;

	if (id == 0) {
		cli_error(_("\"%s\" is not a record number"), ctx->argv[1]);
		return EXIT_USAGE;
	}
	if (cli_db(ctx) == NULL || need_counsel(ctx) != 0)
		return EXIT_DATA;
	if (counsel_read(ctx->db, id, b, &cause) != 0) {
		cli_error("%s", cause);
		free(cause);
		buf_free(b);
		return EXIT_DATA;
	}
	return EXIT_OK;
}

static int
counsel_show(struct cmdctx *ctx)
{
	struct buf b = { 0 };
	int rc;

	if ((rc = read_session(ctx, cli_number(ctx->argv[1]), &b)) != 0)
		return rc;
	fwrite(b.s, 1, b.len, stdout);
	buf_free(&b);
	return EXIT_OK;
}

struct head_arg {
	const char	*title;
	const char	*date;
};

static void
print_head(struct print_lines *out, int page, int pages, void *arg)
{
	const struct head_arg *h = arg;
	char *right;

	right = xasprintf(_("page %d/%d"), page, pages);
	print_lines_add(out, print_two_sided(h->title, right, PRINT_WIDTH));
	free(right);
	print_lines_addf(out, _("printed %s; confidential: for the "
	    "counsellor's file"), h->date);
	print_lines_add(out, xstrdup(""));
}

/*
 * counsel print ID: the session on paper, for the counsellor's file; the
 * reading and the printing are both in the audit trail.
 */
static int
counsel_print(struct cmdctx *ctx)
{
	uint32_t id = cli_number(ctx->argv[1]);
	struct print_lines body = { NULL, 0 };
	struct head_arg h = { NULL, ctx->today };
	struct print_doc doc;
	struct buf b = { 0 };
	char *cause = NULL, *what, *p, *nl;
	int rc, sp;

	if ((rc = read_session(ctx, id, &b)) != 0)
		return rc;
	/* The first line is the title; each other is flowed to the page. */
	nl = strchr(b.s, '\n');
	h.title = what = xstrndup(b.s, (size_t)(nl - b.s));
	for (p = nl + 1; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		*nl = '\0';
		sp = (int)strspn(p, " ");
		if (u_width(p) <= PRINT_WIDTH)
			print_lines_add(&body, xstrdup(p));
		else
			print_flow_text(&body, p + sp, sp, sp + 2,
			    PRINT_WIDTH);
	}
	buf_free(&b);
	print_doc_init(&doc, what, PRINT_WIDTH, PRINT_LINES);
	print_paginate(&doc, body.v, body.n, NULL, PRINT_LINES - 3,
	    print_head, &h);
	print_lines_free(&body);
	/* The job's title, which lpstat shows to everybody, names no child. */
	free(what);
	what = xasprintf(_("counselling session #%u"), id);
	print_doc_set_title(&doc, print_title(NULL, what, ctx->today));
	rc = cmdopt_deliver(ctx->db, &doc, &ca.dest, false);
	print_doc_free(&doc);
	free(what);
	if (rc != EXIT_OK)
		return rc;
	what = xasprintf(_("counselling session #%u to %s"), id,
	    ca.dest.lp ? "lp" : ca.dest.output != NULL ?
	    ca.dest.output : "-");
	rc = audit_note(ctx->db, AUDIT_PRINT, what, &cause);
	free(what);
	if (rc != 0) {
		cli_error("%s", cause);
		free(cause);
		return EXIT_DATA;
	}
	return EXIT_OK;
}

static int
counsel_run(struct cmdctx *ctx)
{
	const char *sub = ctx->argv[0];

	if (strcmp(sub, "add") == 0 && ctx->argc == 1)
		return counsel_add(ctx);
	if (strcmp(sub, "list") == 0 && ctx->argc == 1)
		return counsel_list(ctx);
	if (strcmp(sub, "show") == 0 && ctx->argc == 2)
		return counsel_show(ctx);
	if (strcmp(sub, "print") == 0 && ctx->argc == 2)
		return counsel_print(ctx);
	cli_error("%s", _("counsel add, counsel list, counsel show ID or "
	    "counsel print ID"));
	return EXIT_USAGE;
}

static const struct cmdopt counsel_opts[] = {
	{ "child", required_argument, OPT_CHILD, N_("ID"),
	    N_("add: the child, or several separated by commas; list: only "
	    "this child's") },
	{ "date", required_argument, OPT_DATE, N_("DATE"),
	    N_("add: the day of the session (today when not given)") },
	{ "counsellor", required_argument, OPT_COUNSELLOR, N_("STAFF"),
	    N_("add: the counsellor's staff number (yours when not given)") },
	{ "kind", required_argument, OPT_KIND, N_("KIND"),
	    N_("add: individual or group") },
	{ "referred-by", required_argument, OPT_REFERRER, N_("TEXT"),
	    N_("add: who referred the child") },
	{ "reason", required_argument, OPT_REASON, N_("TEXT"),
	    N_("add: why the child was referred") },
	{ "notes", required_argument, OPT_NOTES, N_("TEXT"),
	    N_("add: the notes of the session") },
	{ "next", required_argument, OPT_NEXT, N_("DATE"),
	    N_("add: the day of the next session") },
	{ "school", required_argument, OPT_SCHOOL, N_("SCHOOL"),
	    N_("list: only this school's sessions") },
	{ "with-notes", no_argument, OPT_WITH_NOTES, NULL,
	    N_("list: every session in full, with its notes (each reading "
	    "is recorded)") },
	{ "output", required_argument, 'o', N_("FILE"),
	    N_("print: write to FILE (.pdf: a PDF) instead of standard "
	    "output") },
	{ "lp", optional_argument, OPT_LP, NULL,
	    N_("print: send to the printer (lp), or to --lp=PRINTER") },
	{ "format", required_argument, OPT_FORMAT, N_("FORMAT"),
	    N_("print: text or pdf") },
	{ "encoding", required_argument, OPT_ENCODING, N_("ENCODING"),
	    N_("print: utf-8 or gb18030 text") },
	{ NULL, 0, 0, NULL, NULL }
};

const struct cmd cmd_counsel = {
	"counsel",
	"add --child ID[,ID...] [--date DATE] [--counsellor STAFF] "
	"[--kind individual|group] [--referred-by TEXT] [--reason TEXT] "
	"[--notes TEXT] [--next DATE]\n"
	"       shouhu counsel list [--child ID] [--school NAME] "
	"[--with-notes]\n"
	"       shouhu counsel show ID\n"
	"       shouhu counsel print ID [-o FILE] [--lp[=PRINTER]] "
	"[--format text|pdf] [--encoding utf-8|gb18030]",
	N_("counselling sessions: the school's counsellors, principal and "
	    "administrator alone"),
	counsel_opts, counsel_option, counsel_run, 0, 1, 2
};
