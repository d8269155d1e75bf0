/*
 * cmd-audit.c -- `shouhu audit`: the audit trail, selected by child,
 * login, dates and kind, as text in 80 columns or as CSV.
 *
 *	shouhu audit [--child ID] [--user LOGIN] [--since DATE]
 *	    [--until DATE] [--kind KIND] [--format text|csv]
 *
 * The entries are formatted into memory inside the read transaction and
 * written out after it ends.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "access.h"
#include "audit.h"
#include "cli.h"
#include "csvw.h"
#include "i18n.h"
#include "rec.h"
#include "schema.h"
#include "util.h"

enum {
	OPT_CHILD = 0x1100,
	OPT_USER,
	OPT_SINCE,
	OPT_UNTIL,
	OPT_KIND,
	OPT_FORMAT
};

#define WIDTH 80

static struct {
	struct audit_filter	 f;
	bool			 csv;
} aa = { .f = { .kind = -1 } };

/* A date YYYY-MM-DD as the Unix time of its first second, local time. */
static int
parse_day(const char *s, int64_t *out)
{
	struct tm tm;
	int y, m, d;
	char end;

	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3 || y < 1970 ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_isdst = -1;
	*out = (int64_t)mktime(&tm);
	return *out == -1 ? -1 : 0;
}

static int
audit_option(struct cmdctx *ctx, int code, const char *arg)
{
	unsigned long v;
	int64_t t;
	char *end;

	switch (code) {
	case OPT_CHILD:
		v = strtoul(arg[0] == '#' ? arg + 1 : arg, &end, 10);
		if (*arg == '\0' || *end != '\0' || v == 0 || v > UINT32_MAX) {
			cli_error(_("\"%s\" is not a record number"), arg);
			return EXIT_USAGE;
		}
		aa.f.child = (uint32_t)v;
		return 0;
	case OPT_USER:
		aa.f.login = arg;
		return 0;
	case OPT_SINCE:
	case OPT_UNTIL:
		if (parse_day(arg, &t) != 0) {
			cli_error(_("%s: \"%s\" is not a date (YYYY-MM-DD)"),
			    code == OPT_SINCE ? "--since" : "--until", arg);
			return EXIT_USAGE;
		}
		if (code == OPT_SINCE)
			aa.f.since = t;
		else
			aa.f.until = t + 24 * 3600;	/* the whole day */
		return 0;
	case OPT_KIND:
		if ((aa.f.kind = audit_kind_parse(arg)) < 0) {
			cli_error(_("--kind is change, view, export, print, "
			    "backup or refused, not \"%s\""), arg);
			return EXIT_USAGE;
		}
		return 0;
	case OPT_FORMAT:
		if (strcmp(arg, "text") != 0 && strcmp(arg, "csv") != 0) {
			cli_error(_("--format is text or csv, not \"%s\""), arg);
			return EXIT_USAGE;
		}
		aa.csv = strcmp(arg, "csv") == 0;
		return 0;
	}
	return EXIT_USAGE;
}

struct out {
	struct txn	*t;
	struct buf	 b;
	struct csvw	 w;
	size_t		 n;
};

static const char *
op_name(const struct audit_entry *e)
{
	if (e->kind != AUDIT_CHANGE)
		return audit_kind_name(e->kind);
	switch (e->op) {
	case AUDIT_CREATE:
		return N_("create");
	case AUDIT_DELETE:
		return N_("delete");
	default:
		return N_("change");
	}
}

/* "child #12 王小明", or what the entry says. */
static char *
entry_what(struct txn *t, const struct audit_entry *e)
{
	const struct schema *sc;
	struct rec *r;
	char *s;

	if (e->type == AUDIT_NOTYPE)
		return xstrdup(e->what != NULL ? e->what : "");
	sc = schema_of(e->type);
	if (rec_get(t, e->type, e->id, &r) == 0) {
		s = xasprintf("%s #%u %s", _(sc->label), e->id, rec_title(r));
		rec_free(r);
	} else
		s = xasprintf("%s #%u", _(sc->label), e->id);
	return s;
}

static void
when(int64_t t, char out[20])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL ||
	    strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm) == 0)
		strcpy(out, "?");
}

static void
add_line(struct buf *b, const char *s)
{
	u_fit(b, s, WIDTH, false);
	buf_addc(b, '\n');
}


static void
text_entry(struct out *o, const struct audit_entry *e)
{
	const struct field *fd;
	struct buf l = { 0 };
	char t[20], *what, *login, *ov, *nv, *line;
	size_t i;

	when(e->time, t);
	t[16] = '\0';	/* minutes are enough on a screen */
	buf_addf(&l, "%s  ", t);
	login = str_safe(e->login, false);
	u_fit(&l, login, 10, true);
	free(login);
	buf_addc(&l, ' ');
	u_fit(&l, _(op_name(e)), 8, true);
	buf_addc(&l, ' ');
	what = entry_what(o->t, e);
	buf_add_safe(&l, what, false);
	free(what);
	add_line(&o->b, l.s);
	for (i = 0; i < e->nfields; i++) {
		fd = &schema_of(e->type)->fields[e->fields[i].field];
		ov = audit_value_shown(fd, e->fields[i].old);
		nv = audit_value_shown(fd, e->fields[i].new);
		if (e->op != AUDIT_UPDATE)	/* all new, or all gone */
			line = xasprintf("    %s: %s", _(fd->label),
			    e->op == AUDIT_CREATE ? nv : ov);
		else
			line = xasprintf("    %s: %s → %s", _(fd->label), ov,
			    nv);
		if (e->op == AUDIT_UPDATE && u_width(line) > WIDTH) {
			/* Too long for one line: old and new on their own. */
			free(line);
			line = xasprintf("    %s: %s", _(fd->label), ov);
			add_line(&o->b, line);
			free(line);
			line = xasprintf("      → %s", nv);
		}
		add_line(&o->b, line);
		free(line);
		free(ov);
		free(nv);
	}
	buf_free(&l);
}

static void
csv_row(struct out *o, const struct audit_entry *e, const char *field,
    const char *old, const char *new)
{
	char t[20], num[16];

	snprintf(num, sizeof num, "%u", e->seq);
	csvw_field(&o->w, num);
	when(e->time, t);
	csvw_field(&o->w, t);
	csvw_field(&o->w, e->login);
	snprintf(num, sizeof num, "%u", e->staff);
	csvw_field(&o->w, e->staff != 0 ? num : "");
	csvw_field(&o->w, op_name(e));
	csvw_field(&o->w, e->type != AUDIT_NOTYPE ?
	    schema_of(e->type)->name : "");
	snprintf(num, sizeof num, "%u", e->id);
	csvw_field(&o->w, e->type != AUDIT_NOTYPE ? num : "");
	csvw_field(&o->w, field);
	csvw_field(&o->w, old);
	csvw_field(&o->w, new);
	csvw_field(&o->w, e->what != NULL ? e->what : "");
	buf_addstr(&o->b, csvw_end(&o->w));
}

static void
csv_entry(struct out *o, const struct audit_entry *e)
{
	const struct schema *sc;
	size_t i;

	if (e->nfields == 0) {
		csv_row(o, e, "", "", "");
		return;
	}
	sc = schema_of(e->type);
	for (i = 0; i < e->nfields; i++)
		csv_row(o, e, sc->fields[e->fields[i].field].name,
		    e->fields[i].old, e->fields[i].new);
}

/*
 * Whether the acting user may read an entry: the administrator every
 * one; a principal those about the children of the school (their
 * records, contacts, links and pairs that still exist).
 */
static bool
entry_allowed(struct txn *t, const struct audit_entry *e)
{
	struct rec *r;

	if (access_admin())
		return true;
	switch (e->type) {
	case RT_CHILD:
		return access_child(e->id);
	case RT_CONTACT:
		return access_contact(t, e->id);
	case RT_LINK:
	case RT_PAIR:
	case RT_LOG:
		if (rec_get(t, (enum rtype)e->type, e->id, &r) != 0)
			return false;
		rec_free(r);
		return true;
	default:
		return false;
	}
}

static int
print_entry(const struct audit_entry *e, void *arg)
{
	struct out *o = arg;

	if (!entry_allowed(o->t, e))
		return 0;
	if (aa.csv)
		csv_entry(o, e);
	else
		text_entry(o, e);
	o->n++;
	return 0;
}

static int
audit_run(struct cmdctx *ctx)
{
	static const char *const head[] = { "seq", "time", "login", "staff",
	    "kind", "type", "id", "field", "old", "new", "what" };
	struct txn t;
	struct out o;
	size_t i;

	if (cli_db(ctx) == NULL)
		return EXIT_DATA;
	if (!audit_may_read(ctx->db) || (!access_admin() &&
	    !(access_roles() & AR_PRINCIPAL))) {
		cli_error(_("%s may not read the audit trail: only the "
		    "administrator, and a principal for the school's "
		    "children"), ctx->db->user);
		return EXIT_DATA;
	}
	if (txn_read(ctx->db, &t) != 0) {
		cli_error(_("cannot read the database"));
		return EXIT_DATA;
	}
	memset(&o, 0, sizeof o);
	o.t = &t;
	if (aa.csv) {
		for (i = 0; i < nitems(head); i++)
			csvw_field(&o.w, head[i]);
		buf_addstr(&o.b, csvw_end(&o.w));
	}
	audit_scan(&t, &aa.f, print_entry, &o);
	txn_end(&t);
	if (!aa.csv && o.n == 0)
		printf("%s\n", _("No audit entries match."));
	else if (o.b.len > 0)
		fwrite(o.b.s, 1, o.b.len, stdout);
	buf_free(&o.b);
	csvw_free(&o.w);
	return EXIT_OK;
}

static const struct cmdopt audit_opts[] = {
	{ "child", required_argument, OPT_CHILD, N_("ID"),
	    N_("only this child, its contacts and its mentoring") },
	{ "user", required_argument, OPT_USER, N_("LOGIN"),
	    N_("only what this login did") },
	{ "since", required_argument, OPT_SINCE, N_("DATE"),
	    N_("only from this day on (YYYY-MM-DD)") },
	{ "until", required_argument, OPT_UNTIL, N_("DATE"),
	    N_("only up to and including this day") },
	{ "kind", required_argument, OPT_KIND, N_("KIND"),
	    N_("change, view, export, print, backup or refused") },
	{ "format", required_argument, OPT_FORMAT, N_("FORMAT"),
	    N_("text (the default) or csv") },
	{ NULL, 0, 0, NULL, NULL }
};

const struct cmd cmd_audit = {
	"audit", "[--child ID] [--user LOGIN] [--since DATE] [--until DATE] "
	"[--kind change|view|export|print|backup|refused] [--format text|csv]",
	N_("who changed, opened, exported or printed what, and when"),
	audit_opts, audit_option, audit_run, CMD_READONLY, 0, 0
};
