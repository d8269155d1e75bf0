/*
 * cmd-log.c -- the care log's commands (帮扶记录):
 *
 *	shouhu log add --child ID [--child ID ...] --kind KIND [--date DATE]
 *	    [--staff ID] [--with TEXT] [--phone NUMBER]
 *	    [--mood good|fair|worried] [--concern] [--follow-up DATE
 *	    [--follow-up-text TEXT]] --text TEXT
 *	shouhu log list [--child ID | --staff ID | --school NAME]
 *	    [--since DATE] [--until DATE] [--kind KIND] [--format text|csv]
 *	shouhu log show ID
 *	shouhu log edit ID [the options of add, --no-concern]
 *	shouhu log delete ID
 *
 * The work is care.c's; this file checks which options go with which
 * subcommand (a table), turns options into fields through the schema
 * (so that a bad value is named by its field), and writes what it read
 * after the read transaction has ended.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "care.h"
#include "cli.h"
#include "cmdopt.h"
#include "csvw.h"
#include "i18n.h"
#include "model.h"
#include "print.h"
#include "rec.h"
#include "schema.h"
#include "util.h"
#include "validate.h"

/* Option codes, clear of cli.c's, cmd-audit.c's and cmd-calltree.c's. */
enum {
	OPT_BASE = 0x3000,
	OPT_CHILD = OPT_BASE,
	OPT_KIND,
	OPT_DATE,
	OPT_STAFF,
	OPT_WITH,
	OPT_PHONE,
	OPT_MOOD,
	OPT_CONCERN,
	OPT_NO_CONCERN,
	OPT_FOLLOWUP,
	OPT_FOLLOWUP_TEXT,
	OPT_TEXT,
	OPT_SCHOOL,
	OPT_SINCE,
	OPT_UNTIL,
	OPT_FORMAT,
	OPT__END
};
#define BIT(o) (1u << ((o) - OPT_BASE))

static const char *const opt_names[] = {
	"--child", "--kind", "--date", "--staff", "--with", "--phone",
	"--mood", "--concern", "--no-concern", "--follow-up",
	"--follow-up-text", "--text", "--school", "--since", "--until",
	"--format"
};

/* The field each option sets, or -1. */
static const int opt_field[] = {
	-1, LOG_KIND, LOG_DATE, -1, LOG_WITH, LOG_PHONE, LOG_MOOD, -1, -1,
	LOG_FOLLOWUP, LOG_FOLLOWUP_TEXT, LOG_TEXT, -1, -1, -1, -1
};

static struct {
	unsigned	 given;
	const char	*arg[OPT__END - OPT_BASE];
	uint32_t	 child[CARE_CHILDREN];
	int		 nchild;
	uint32_t	 staff;
	bool		 csv;
} la;

static int
record_number(const char *opt, const char *arg, uint32_t *out)
{
	if ((*out = cli_number(arg)) == 0) {
		if (opt != NULL)
			cli_error(_("%s: \"%s\" is not a record number"), opt,
			    arg);
		else
			cli_error(_("\"%s\" is not a record number"), arg);
		return EXIT_USAGE;
	}
	return 0;
}

/*
 * --kind: a word of the command line (talk, visit …) or a kind's label
 * (谈心, in either language); otherwise a usage error naming the words,
 * for `log add` and `log list` alike.
 */
static int
kind_option(const char *arg)
{
	struct buf words = { 0 };
	struct rec *r = rec_new(RT_LOG);
	char *cause = NULL;
	size_t i;
	int rc = 0;

	if (rec_input(r, LOG_KIND, arg, &cause) != 0) {
		for (i = 0; care_kind_choices[i].key != NULL; i++)
			buf_addf(&words, "%s%s", i > 0 ? ", " : "",
			    care_kind_choices[i].key);
		cli_error(_("--kind: \"%s\" is not one of %s"), arg,
		    words.s != NULL ? words.s : "");
		buf_free(&words);
		free(cause);
		rc = EXIT_USAGE;
	}
	rec_free(r);
	return rc;
}

static int
log_option(struct cmdctx *ctx, int code, const char *arg)
{
	if (code < OPT_BASE || code >= OPT__END)
		return EXIT_USAGE;
	la.given |= BIT(code);
	la.arg[code - OPT_BASE] = arg;
	switch (code) {
	case OPT_CHILD:
		if (la.nchild == CARE_CHILDREN) {
			cli_error(_("--child: at most %d children in one "
			    "entry"), CARE_CHILDREN);
			return EXIT_USAGE;
		}
		return record_number("--child", arg, &la.child[la.nchild++]);
	case OPT_STAFF:
		return record_number("--staff", arg, &la.staff);
	case OPT_FORMAT:
		if (strcmp(arg, "text") != 0 && strcmp(arg, "csv") != 0) {
			cli_error(_("--format is text or csv, not \"%s\""), arg);
			return EXIT_USAGE;
		}
		la.csv = strcmp(arg, "csv") == 0;
		return 0;
	case OPT_KIND:
		return kind_option(arg);
	}
	return 0;
}

/* ---- names ---- */

/* "王小明" of a child the actor may see, else "#12". */
static char *
child_name(struct txn *t, uint32_t id)
{
	struct rec *c;
	char *s;

	if (rec_get(t, RT_CHILD, id, &c) != 0)
		return xasprintf("#%u", id);
	s = xstrdup(rec_title(c));
	rec_free(c);
	return s;
}

static char *
staff_name(struct txn *t, uint32_t id)
{
	struct rec *s;
	char *n;

	if (id == 0 || rec_get(t, RT_STAFF, id, &s) != 0)
		return id == 0 ? xstrdup("") : xasprintf("#%u", id);
	n = xstrdup(rec_title(s));
	rec_free(s);
	return n;
}

/* The names of the entry's children the actor may see, joined by sep. */
static char *
children_names(struct txn *t, const struct rec *r, const char *sep)
{
	struct buf b = { 0 };
	uint32_t id;
	char *n;
	int i;

	for (i = 0; i < CARE_CHILDREN; i++) {
		if ((id = rec_ref(r, care_child_field(i))) == 0 ||
		    !access_child(id))
			continue;
		n = child_name(t, id);
		if (b.len > 0)
			buf_addstr(&b, sep);
		buf_addstr(&b, n);
		free(n);
	}
	return b.s != NULL ? b.s : xstrdup("");
}

/* ---- add and edit ---- */

/* Sets the fields the options give; 0, or EXIT_DATA after saying why. */
static int
apply_options(struct rec *r)
{
	const struct field *fd;
	char *cause = NULL, *t;
	size_t len;
	int o, i;

	for (o = OPT_BASE; o < OPT__END; o++) {
		if (!(la.given & BIT(o)) || opt_field[o - OPT_BASE] < 0)
			continue;
		/* A text too long is told by its length, not shown again. */
		fd = &r->sc->fields[opt_field[o - OPT_BASE]];
		t = str_trim(la.arg[o - OPT_BASE]);
		len = u8_len(t);
		free(t);
		if (fd->maxlen > 0 && len > (size_t)fd->maxlen) {
			cli_error(_("%s is %zu characters long: at most %d"),
			    _(fd->label), len, fd->maxlen);
			return EXIT_DATA;
		}
		if (rec_input(r, opt_field[o - OPT_BASE], la.arg[o - OPT_BASE],
		    &cause) != 0)
			return cmdopt_fail(cause);
	}
	/* No follow-up any more: nothing to be done then either. */
	if ((la.given & BIT(OPT_FOLLOWUP)) && *rec_str(r, LOG_FOLLOWUP) == '\0'
	    && !(la.given & BIT(OPT_FOLLOWUP_TEXT)))
		rec_set(r, LOG_FOLLOWUP_TEXT, NULL);
	if (la.given & BIT(OPT_CONCERN))
		rec_set(r, LOG_CONCERN, "1");
	if (la.given & BIT(OPT_NO_CONCERN))
		rec_set(r, LOG_CONCERN, NULL);
	if (la.given & BIT(OPT_STAFF))
		rec_set_ref(r, LOG_STAFF, la.staff);
	if (la.nchild > 0)
		for (i = 0; i < CARE_CHILDREN; i++)
			rec_set_ref(r, care_child_field(i), i < la.nchild ?
			    la.child[i] : 0);
	return 0;
}

static int
run_add(struct cmdctx *ctx)
{
	struct rec *r = rec_new(RT_LOG);
	char *cause = NULL;
	int rc;

	rec_set(r, LOG_DATE, ctx->today);
	/* What the options say first, then who wrote it. */
	if ((rc = apply_options(r)) != 0) {
		rec_free(r);
		return rc;
	}
	if (!(la.given & BIT(OPT_STAFF))) {
		if (access_staff() == 0) {
			cli_error(_("--staff: the login %s is not linked to a "
			    "staff member; say who it was with --staff ID"),
			    ctx->db->user);
			rec_free(r);
			return EXIT_USAGE;
		}
		rec_set_ref(r, LOG_STAFF, access_staff());
	}
	if (care_save(ctx->db, r, &cause) != 0) {
		rec_free(r);
		return cmdopt_fail(cause);
	}
	printf(_("Care log entry #%u added.\n"), r->id);
	rec_free(r);
	return EXIT_OK;
}

/* The entry numbered by the operand, read with access checked. */
static int
entry_arg(struct cmdctx *ctx, struct rec **out)
{
	struct txn t;
	uint32_t id;
	int rc;

	*out = NULL;
	if (ctx->argc < 2) {
		cli_error(_("\"%s\" needs the entry's number"), ctx->argv[0]);
		return EXIT_USAGE;
	}
	if (record_number(NULL, ctx->argv[1], &id) != 0)
		return EXIT_USAGE;
	if (txn_read(ctx->db, &t) != 0) {
		cli_error("%s", _("cannot read the database"));
		return EXIT_DATA;
	}
	rc = rec_get(&t, RT_LOG, id, out);
	txn_end(&t);
	if (rc == SH_ENOTFOUND || rc == SH_EPERM) {
		/* Not there, or not for this login: the same answer. */
		cli_error(_("there is no care log entry #%u"), id);
		return EXIT_DATA;
	}
	if (rc != 0) {
		cli_error("%s", sh_strerror(rc));
		return EXIT_DATA;
	}
	return 0;
}

static bool
may_change(struct cmdctx *ctx, const struct rec *r, const struct rec *old)
{
	if (care_may_write(r, old))
		return true;
	cli_error(_("%s may not change care log entry #%u: its author may "
	    "change it on the day it was written, later only the principal "
	    "or the administrator"), ctx->db->user, old->id);
	return false;
}

static int
run_edit(struct cmdctx *ctx)
{
	struct rec *old, *r;
	char *cause = NULL;
	int rc;

	if ((rc = entry_arg(ctx, &old)) != 0)
		return rc;
	r = rec_dup(old);
	if ((rc = apply_options(r)) == 0 && !may_change(ctx, r, old))
		rc = EXIT_DATA;
	if (rc == 0 && care_save(ctx->db, r, &cause) != 0)
		rc = cmdopt_fail(cause);
	if (rc == 0)
		printf(_("Care log entry #%u changed.\n"), r->id);
	rec_free(r);
	rec_free(old);
	return rc;
}

static int
run_delete(struct cmdctx *ctx)
{
	struct rec *old;
	char *cause = NULL;
	int rc;

	if ((rc = entry_arg(ctx, &old)) != 0)
		return rc;
	if (!may_change(ctx, old, old))
		rc = EXIT_DATA;
	else if (care_delete(ctx->db, old->id, old->version, &cause) != 0)
		rc = cmdopt_fail(cause);
	else
		printf(_("Care log entry #%u deleted.\n"), old->id);
	rec_free(old);
	return rc;
}

/* ---- show ---- */

static void
show_line(struct buf *b, const char *label, const char *value)
{
	int w = u_width(label);

	buf_addstr(b, label);
	buf_addc(b, ':');
	for (w++; w < 16; w++)
		buf_addc(b, ' ');
	buf_addc(b, ' ');
	buf_add_safe(b, value, false);
	buf_addc(b, '\n');
}

static int
run_show(struct cmdctx *ctx)
{
	const struct schema *sc = &log_schema;
	struct rec *r;
	struct buf b = { 0 };
	struct txn t;
	char *v, when[17];
	int rc, f;

	if ((rc = entry_arg(ctx, &r)) != 0)
		return rc;
	if (txn_read(ctx->db, &t) != 0) {
		rec_free(r);
		cli_error("%s", _("cannot read the database"));
		return EXIT_DATA;
	}
	buf_addf(&b, _("Care log entry #%u"), r->id);
	buf_addc(&b, '\n');
	for (f = 0; f < sc->nfields; f++) {
		if (f == LOG_CHILD) {
			v = children_names(&t, r, "、");
			show_line(&b, _("Children"), v);
			free(v);
			continue;
		}
		if (f == LOG_CHILD2 || f == LOG_CHILD3 || f == LOG_CHILD4 ||
		    f == LOG_TEXT || *rec_str(r, f) == '\0')
			continue;
		v = f == LOG_STAFF ? staff_name(&t, rec_ref(r, f)) :
		    field_display(&sc->fields[f], rec_str(r, f));
		show_line(&b, _(sc->fields[f].label), v);
		free(v);
	}
	txn_end(&t);
	buf_addf(&b, "%s:\n", _(sc->fields[LOG_TEXT].label));
	buf_add_safe(&b, rec_str(r, LOG_TEXT), true);
	buf_addc(&b, '\n');
	time_format(r->created, when);
	v = str_safe(r->created_by, false);
	buf_addf(&b, _("Written by %s at %s"), v, when);
	free(v);
	if (r->version > 1) {
		time_format(r->updated, when);
		v = str_safe(r->updated_by, false);
		buf_addstr(&b, "; ");
		buf_addf(&b, _("changed by %s at %s"), v, when);
		free(v);
	}
	buf_addc(&b, '\n');
	fwrite(b.s, 1, b.len, stdout);
	buf_free(&b);
	rec_free(r);
	return EXIT_OK;
}

/* ---- list ---- */

struct listing {
	struct txn	*t;
	struct buf	 b;
	struct csvw	 w;
	struct buf	 scratch;
	size_t		 n;
};

/* A CSV field safe for a terminal (lists go to standard output). */
static void
csv_cell(struct listing *l, const char *s)
{
	buf_reset(&l->scratch);
	buf_add_safe(&l->scratch, s, true);
	csvw_field(&l->w, l->scratch.s != NULL ? l->scratch.s : "");
}

static void
csv_entry(struct listing *l, const struct rec *r)
{
	struct buf ids = { 0 };
	char num[16], *v;
	uint32_t c;
	int i;

	snprintf(num, sizeof num, "%u", r->id);
	csvw_field(&l->w, num);
	csvw_field(&l->w, rec_str(r, LOG_DATE));
	csvw_field(&l->w, rec_str(r, LOG_KIND));
	for (i = 0; i < CARE_CHILDREN; i++)
		if ((c = rec_ref(r, care_child_field(i))) != 0 &&
		    access_child(c))
			buf_addf(&ids, "%s%u", ids.len > 0 ? " " : "", c);
	csvw_field(&l->w, ids.s != NULL ? ids.s : "");
	buf_free(&ids);
	v = children_names(l->t, r, " ");
	csv_cell(l, v);
	free(v);
	csvw_field(&l->w, rec_str(r, LOG_STAFF));
	v = staff_name(l->t, rec_ref(r, LOG_STAFF));
	csv_cell(l, v);
	free(v);
	csv_cell(l, rec_str(r, LOG_WITH));
	csvw_field(&l->w, rec_str(r, LOG_PHONE));
	csvw_field(&l->w, rec_str(r, LOG_MOOD));
	csvw_field(&l->w, *rec_str(r, LOG_CONCERN) == '1' ? "1" : "0");
	csvw_field(&l->w, rec_str(r, LOG_FOLLOWUP));
	csv_cell(l, rec_str(r, LOG_FOLLOWUP_TEXT));
	csv_cell(l, rec_str(r, LOG_TEXT));
	buf_addstr(&l->b, csvw_end(&l->w));
}

/* The text as one line: line breaks as spaces. */
static char *
one_line(const char *s)
{
	char *t = xstrdup(s), *p;

	for (p = t; *p != '\0'; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	return t;
}

#define COL_KIND 12
#define COL_CHILD 12
#define COL_STAFF 8
#define COL_MOOD 7

static void
text_entry(struct listing *l, const struct rec *r)
{
	struct buf line = { 0 };
	char *v;
	int used;

	buf_addf(&line, "%5u  %s  ", r->id, rec_str(r, LOG_DATE));
	print_fit(&line, choice_label(care_kind_choices, rec_str(r,
	    LOG_KIND)), COL_KIND, true);
	buf_addc(&line, ' ');
	v = children_names(l->t, r, "、");
	print_fit(&line, v, COL_CHILD, true);
	free(v);
	buf_addc(&line, ' ');
	v = staff_name(l->t, rec_ref(r, LOG_STAFF));
	print_fit(&line, v, COL_STAFF, true);
	free(v);
	buf_addc(&line, ' ');
	print_fit(&line, *rec_str(r, LOG_MOOD) != '\0' ? choice_label(
	    care_mood_choices, rec_str(r, LOG_MOOD)) : "", COL_MOOD, true);
	buf_addstr(&line, *rec_str(r, LOG_CONCERN) == '1' ? " ! " : "   ");
	used = u_width(line.s);
	v = one_line(rec_str(r, LOG_TEXT));
	print_fit(&line, v, 80 - used, false);
	free(v);
	buf_add_safe(&l->b, line.s, false);
	buf_addc(&l->b, '\n');
	buf_free(&line);
}

/* The text list's header, in the columns of text_entry(). */
static void
text_header(struct buf *b)
{
	struct buf line = { 0 };

	u_fit_right(&line, _("No."), 5);
	buf_addstr(&line, "  ");
	u_fit(&line, _("Date"), 10, true);
	buf_addstr(&line, "  ");
	u_fit(&line, _("Kind"), COL_KIND, true);
	buf_addc(&line, ' ');
	u_fit(&line, _("Children"), COL_CHILD, true);
	buf_addc(&line, ' ');
	u_fit(&line, _("Staff"), COL_STAFF, true);
	buf_addc(&line, ' ');
	u_fit(&line, _("Mood"), COL_MOOD, true);
	buf_addstr(&line, "   ");
	buf_addstr(&line, _("Entry text"));
	buf_addstr(b, line.s);
	buf_addc(b, '\n');
	buf_free(&line);
}

static const char *const csv_head[] = {
	"id", "date", "kind", "children", "child_names", "staff",
	"staff_name", "with", "phone", "mood", "concern", "follow_up",
	"follow_up_text", "text"
};

static int
date_opt(int code, char **out)
{
	char *cause = NULL;

	*out = NULL;
	if (!(la.given & BIT(code)))
		return 0;
	if (val_date(la.arg[code - OPT_BASE], out, &cause) != 0) {
		cli_error("%s \"%s\": %s", opt_names[code - OPT_BASE],
		    la.arg[code - OPT_BASE], cause);
		free(cause);
		return EXIT_USAGE;
	}
	return 0;
}

struct dated {
	char		 date[11];
	uint32_t	 id;
};

static int
dated_cmp(const void *a, const void *b)
{
	const struct dated *x = a, *y = b;
	int c = strcmp(y->date, x->date);

	if (c != 0)
		return c;
	return x->id < y->id ? 1 : x->id > y->id ? -1 : 0;
}

/* Every entry the actor may see, newest first. */
static void
all_entries(struct txn *t, const struct care_filter *f, struct idlist *out)
{
	struct rec_iter it;
	struct rec *r;
	struct dated *v = NULL;
	size_t n = 0, cap = 0, i;

	rec_iter_start(t, RT_LOG, &it);
	while ((r = rec_iter_next(&it)) != NULL) {
		if (care_may_see(r) && (f->kind < 0 || care_kind_of(rec_str(r,
		    LOG_KIND)) == f->kind) && (f->since == NULL ||
		    strcmp(rec_str(r, LOG_DATE), f->since) >= 0) &&
		    (f->until == NULL || strcmp(rec_str(r, LOG_DATE),
		    f->until) <= 0)) {
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				v = xreallocarray(v, cap, sizeof *v);
			}
			snprintf(v[n].date, sizeof v[n].date, "%s",
			    rec_str(r, LOG_DATE));
			v[n++].id = r->id;
		}
		rec_free(r);
	}
	rec_iter_end(&it);
	if (n > 1)
		qsort(v, n, sizeof *v, dated_cmp);
	for (i = 0; i < n; i++)
		idl_add(out, v[i].id);
	free(v);
}

static int
run_list(struct cmdctx *ctx)
{
	struct care_filter f = { NULL, NULL, -1 };
	struct idlist ids = { 0 };
	struct listing l;
	struct rec *r;
	struct txn t;
	char *since, *until, *cause = NULL;
	const char *v;
	uint32_t school = 0;
	size_t i;
	int rc;

	if ((rc = date_opt(OPT_SINCE, &since)) != 0)
		return rc;
	if ((rc = date_opt(OPT_UNTIL, &until)) != 0) {
		free(since);
		return rc;
	}
	f.since = since;
	f.until = until;
	if (la.given & BIT(OPT_KIND)) {
		v = la.arg[OPT_KIND - OPT_BASE];
		r = rec_new(RT_LOG);
		if (rec_input(r, LOG_KIND, v, &cause) != 0) {
			rec_free(r);
			free(since);
			free(until);
			cli_error("%s", cause);
			free(cause);
			return EXIT_USAGE;
		}
		f.kind = care_kind_of(rec_str(r, LOG_KIND));
		rec_free(r);
	}
	if (txn_read(ctx->db, &t) != 0) {
		free(since);
		free(until);
		cli_error("%s", _("cannot read the database"));
		return EXIT_DATA;
	}
	rc = EXIT_OK;
	if (la.nchild > 0) {
		if (!access_child(la.child[0]) ||
		    !rec_exists(&t, RT_CHILD, la.child[0])) {
			cli_error(_("--child: there is no child #%u"),
			    la.child[0]);
			rc = EXIT_DATA;
		} else
			care_of_child(&t, la.child[0], &f, &ids);
	} else if (la.given & BIT(OPT_STAFF)) {
		if (!rec_exists(&t, RT_STAFF, la.staff)) {
			cli_error(_("--staff: there is no staff member #%u"),
			    la.staff);
			rc = EXIT_DATA;
		} else
			care_of_staff(&t, la.staff, &f, &ids);
	} else if (la.given & BIT(OPT_SCHOOL)) {
		v = la.arg[OPT_SCHOOL - OPT_BASE];
		if ((school = school_by_name(&t, v)) == 0) {
			cli_error(_("there is no school named \"%s\""), v);
			rc = EXIT_DATA;
		} else
			care_of_school(&t, school, &f, &ids);
	} else
		all_entries(&t, &f, &ids);
	memset(&l, 0, sizeof l);
	l.t = &t;
	if (rc == EXIT_OK && la.csv) {
		for (i = 0; i < nitems(csv_head); i++)
			csvw_field(&l.w, csv_head[i]);
		buf_addstr(&l.b, csvw_end(&l.w));
	} else if (rc == EXIT_OK && ids.n > 0)
		text_header(&l.b);
	for (i = 0; rc == EXIT_OK && i < ids.n; i++) {
		/* What the actor may not see is left out here. */
		if (rec_get(&t, RT_LOG, ids.v[i], &r) != 0)
			continue;
		if (la.csv)
			csv_entry(&l, r);
		else
			text_entry(&l, r);
		l.n++;
		rec_free(r);
	}
	txn_end(&t);
	if (rc == EXIT_OK && !la.csv && l.n == 0)
		printf("%s\n", _("No care log entries match."));
	else if (rc == EXIT_OK && l.b.len > 0)
		fwrite(l.b.s, 1, l.b.len, stdout);
	buf_free(&l.b);
	buf_free(&l.scratch);
	csvw_free(&l.w);
	idl_free(&ids);
	free(since);
	free(until);
	return rc;
}

/* ---- which options go with which subcommand ---- */

#define ENTRY_OPTS (BIT(OPT_CHILD) | BIT(OPT_KIND) | BIT(OPT_DATE) | \
	BIT(OPT_STAFF) | BIT(OPT_WITH) | BIT(OPT_PHONE) | BIT(OPT_MOOD) | \
	BIT(OPT_CONCERN) | BIT(OPT_FOLLOWUP) | BIT(OPT_FOLLOWUP_TEXT) | \
	BIT(OPT_TEXT))
#define WHOSE (BIT(OPT_CHILD) | BIT(OPT_STAFF) | BIT(OPT_SCHOOL))

static const struct sub {
	const char	*name;
	int		(*run)(struct cmdctx *);
	unsigned	 allowed;
	unsigned	 required;
	int		 operands;	/* after the subcommand */
	bool		 writes;
} subs[] = {
	{ "add", run_add, ENTRY_OPTS, BIT(OPT_CHILD) | BIT(OPT_KIND) |
	    BIT(OPT_TEXT), 0, true },
	{ "list", run_list, WHOSE | BIT(OPT_SINCE) | BIT(OPT_UNTIL) |
	    BIT(OPT_KIND) | BIT(OPT_FORMAT), 0, 0, false },
	{ "show", run_show, 0, 0, 1, false },
	{ "edit", run_edit, ENTRY_OPTS | BIT(OPT_NO_CONCERN), 0, 1, true },
	{ "delete", run_delete, 0, 0, 1, true },
};

static const struct optnames names = { opt_names, nitems(opt_names) };

static int
log_run(struct cmdctx *ctx)
{
	const struct sub *s = NULL;
	unsigned whose;
	size_t i;

	for (i = 0; i < nitems(subs); i++)
		if (strcmp(ctx->argv[0], subs[i].name) == 0)
			s = &subs[i];
	if (s == NULL) {
		cli_error(_("no log command \"%s\": add, list, show, edit or "
		    "delete"), ctx->argv[0]);
		return EXIT_USAGE;
	}
	if (cmdopt_check(&names, s->name, la.given, s->allowed,
	    s->required) != 0)
		return EXIT_USAGE;
	whose = la.given & WHOSE;
	if (s->run == run_list && (whose & (whose - 1)) != 0) {
		cli_error(_("\"list\" takes one of --child, --staff and "
		    "--school"));
		return EXIT_USAGE;
	}
	if (s->run == run_list && la.nchild > 1) {
		cli_error(_("\"list\" takes one --child"));
		return EXIT_USAGE;
	}
	if ((la.given & BIT(OPT_CONCERN)) && (la.given & BIT(OPT_NO_CONCERN))) {
		cli_error(_("--concern does not go with --no-concern"));
		return EXIT_USAGE;
	}
	if (ctx->argc - 1 != s->operands) {
		if (ctx->argc - 1 > s->operands)
			cli_error(_("unexpected operand \"%s\""),
			    ctx->argv[1 + s->operands]);
		else
			cli_error(_("\"%s\" needs the entry's number"),
			    s->name);
		return EXIT_USAGE;
	}
	if (cli_db(ctx) == NULL)
		return EXIT_DATA;
	if (s->writes && ctx->db->readonly) {
		cli_error(_("%s may not change the database here"),
		    ctx->db->user);
		return EXIT_DATA;
	}
	return s->run(ctx);
}

static const struct cmdopt log_opts[] = {
	{ "child", required_argument, OPT_CHILD, N_("ID"),
	    N_("the child (add: again for each brother or sister seen "
	    "together)") },
	{ "kind", required_argument, OPT_KIND, N_("KIND"),
	    N_("talk, visit, call-guardian, call-parents, family-call, "
	    "tutoring, help or growth (or 谈心, 家访 ...)") },
	{ "date", required_argument, OPT_DATE, N_("DATE"),
	    N_("the day (default today)") },
	{ "staff", required_argument, OPT_STAFF, N_("ID"),
	    N_("the staff member (add: default the login's)") },
	{ "with", required_argument, OPT_WITH, N_("TEXT"),
	    N_("who else was there") },
	{ "phone", required_argument, OPT_PHONE, N_("NUMBER"),
	    N_("a call: the number that answered (marked verified)") },
	{ "mood", required_argument, OPT_MOOD, N_("MOOD"),
	    N_("the child's mood: good, fair or worried") },
	{ "concern", no_argument, OPT_CONCERN, NULL,
	    N_("mark the entry a concern") },
	{ "no-concern", no_argument, OPT_NO_CONCERN, NULL,
	    N_("edit: no longer a concern") },
	{ "follow-up", required_argument, OPT_FOLLOWUP, N_("DATE"),
	    N_("when to follow up (edit: \"\" for none)") },
	{ "follow-up-text", required_argument, OPT_FOLLOWUP_TEXT, N_("TEXT"),
	    N_("what is to be done then") },
	{ "text", required_argument, OPT_TEXT, N_("TEXT"),
	    N_("what happened (at most 2,000 characters)") },
	{ "school", required_argument, OPT_SCHOOL, N_("NAME"),
	    N_("list: the entries of the school's children") },
	{ "since", required_argument, OPT_SINCE, N_("DATE"),
	    N_("list: from this day on") },
	{ "until", required_argument, OPT_UNTIL, N_("DATE"),
	    N_("list: up to and including this day") },
	{ "format", required_argument, OPT_FORMAT, N_("FORMAT"),
	    N_("list: text (the default) or csv") },
	{ NULL, 0, 0, NULL, NULL }
};

const struct cmd cmd_log = {
	"log",
	"add --child ID [--child ID ...] --kind KIND [--date DATE] "
	"[--staff ID] [--with TEXT] [--phone NUMBER] "
	"[--mood good|fair|worried] [--concern] [--follow-up DATE "
	"[--follow-up-text TEXT]] --text TEXT\n"
	"       shouhu log list [--child ID | --staff ID | --school NAME] "
	"[--since DATE] [--until DATE] [--kind KIND] [--format text|csv]\n"
	"       shouhu log show ID\n"
	"       shouhu log edit ID [--kind KIND] [--date DATE] ... "
	"[--no-concern]\n"
	"       shouhu log delete ID",
	N_("the care log: talks, home visits, calls (帮扶记录)"), log_opts,
	log_option, log_run, 0, 1, 2
};
