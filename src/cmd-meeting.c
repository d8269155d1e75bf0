/*
 * cmd-meeting.c -- the meeting command:
 *
 *	shouhu meeting add --school NAME --date DATE [--time HH:MM]
 *	    --kind KIND [--how in_person|phone|video] --topic TEXT
 *	    [--place TEXT] [--by STAFF-ID] --invite SPEC [--invite SPEC...]
 *	shouhu meeting list [--school NAME] [--since DATE] [--until DATE]
 *	    [--kind KIND] [--format text|csv]
 *	shouhu meeting show ID
 *	shouhu meeting sheet ID [-o FILE] [--lp[=PRINTER]] [--format FMT]
 *	    [--encoding ENC] [--width COLS] [--page-lines N]
 *	shouhu meeting attend ID [--present ID[,ID...]]
 *	    [--absent ID[:REASON]]... [--rest present|absent]
 *	shouhu meeting minutes ID [--text TEXT] [--follow-up TEXT]
 *	    [--follow-up-date DATE]
 *	shouhu meeting report --kind KIND [--school NAME] [--last N]
 *
 * The work is meeting.c's; this file checks which options go with which
 * subcommand (a table, as the calltree command does), turns names into
 * records and prints.  Attendance without --present, --absent or --rest
 * is read from standard input, one invitee a line ("12 present", "13
 * absent 生病", or the same with commas, as a spreadsheet saves it; a
 * first line "id,status,reason" is its header).
 * Output is gathered while the database is read and written after.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "access.h"
#include "cli.h"
#include "cmdopt.h"
#include "csvw.h"
#include "i18n.h"
#include "meeting.h"
#include "model.h"
#include "print.h"
#include "rec.h"
#include "schema.h"
#include "util.h"
#include "view.h"

/* Option codes, clear of cli.c's and the other command files'. */
enum {
	OPT_BASE = 0x3000,
	OPT_SCHOOL = OPT_BASE,
	OPT_DATE,
	OPT_TIME,
	OPT_KIND,
	OPT_HOW,
	OPT_TOPIC,
	OPT_PLACE,
	OPT_BY,
	OPT_INVITE,
	OPT_PRESENT,
	OPT_ABSENT,
	OPT_REST,
	OPT_SINCE,
	OPT_UNTIL,
	OPT_FORMAT,
	OPT_OUTPUT,
	OPT_LP,
	OPT_ENCODING,
	OPT_WIDTH,
	OPT_PAGE_LINES,
	OPT_LAST,
	OPT_TEXT,
	OPT_FOLLOW_UP,
	OPT_FOLLOW_UP_DATE,
	OPT__END
};
#define BIT(o) (1u << ((o) - OPT_BASE))

static const char *const opt_names[] = {
	"--school", "--date", "--time", "--kind", "--how", "--topic",
	"--place", "--by", "--invite", "--present", "--absent", "--rest",
	"--since", "--until", "--format", "-o", "--lp", "--encoding",
	"--width", "--page-lines", "--last", "--text", "--follow-up",
	"--follow-up-date"
};

static struct {
	unsigned	 given;
	const char	*v[OPT__END - OPT_BASE];	/* the last value */
	char		**invite;
	size_t		 ninvite;
	struct attend_mark *marks;
	size_t		 nmarks;
	bool		 lp;
	int		 width, page_lines, last;
} ma;

#define ARG(o) (ma.v[(o) - OPT_BASE])

static int
number(const char *opt, const char *arg, long min, long max, int *out)
{
	long v;
	int rc;

	if ((rc = cmdopt_number(opt, arg, min, max, false, &v)) == 0)
		*out = (int)v;
	return rc;
}

static void
mark_add(const char *who, const char *status, const char *reason)
{
	ma.marks = xreallocarray(ma.marks, ma.nmarks + 1, sizeof *ma.marks);
	ma.marks[ma.nmarks].who = who;
	ma.marks[ma.nmarks].status = status;
	ma.marks[ma.nmarks].reason = reason;
	ma.nmarks++;
}

/* Strings the marks point into, freed at the end. */
static char **kept;
static size_t nkept;

static char *
keep(char *s)
{
	strv_push(&kept, &nkept, s);
	return s;
}

static int
meeting_option(struct cmdctx *ctx, int code, const char *arg)
{
	char *s, *p, *tok, *save, *cause = NULL;
	int rc = 0;

	(void)ctx;
	if (code == 'o')
		code = OPT_OUTPUT;
	if (code < OPT_BASE || code >= OPT__END)
		return EXIT_USAGE;
	ma.given |= BIT(code);
	ARG(code) = arg;
	switch (code) {
	case OPT_INVITE:
		if (meeting_invite_check(arg, &cause) != 0) {
			cli_error("%s", cause);
			free(cause);
			rc = EXIT_USAGE;
		} else
			strv_push(&ma.invite, &ma.ninvite, xstrdup(arg));
		break;
	case OPT_PRESENT:
		s = keep(xstrdup(arg));
		for (tok = strtok_r(s, ", ", &save); tok != NULL;
		    tok = strtok_r(NULL, ", ", &save))
			mark_add(tok, "present", NULL);
		break;
	case OPT_ABSENT:
		s = keep(xstrdup(arg));
		if ((p = strchr(s, ':')) != NULL && !str_startswith(s,
		    "child:") && !str_startswith(s, "contact:"))
			*p++ = '\0';
		else if (p != NULL && (p = strchr(p + 1, ':')) != NULL)
			*p++ = '\0';
		mark_add(s, "absent", p);
		break;
	case OPT_REST:
		if (strcmp(arg, "present") != 0 && strcmp(arg, "absent") != 0) {
			cli_error(_("--rest: \"%s\" is neither present nor "
			    "absent"), arg);
			rc = EXIT_USAGE;
		}
		break;
	case OPT_LP:
		ma.lp = true;
		break;
	case OPT_WIDTH:
		rc = number("--width", arg, PRINT_MIN_WIDTH, PRINT_MAX_WIDTH,
		    &ma.width);
		break;
	case OPT_PAGE_LINES:
		rc = number("--page-lines", arg, PRINT_MIN_LINES, 1000,
		    &ma.page_lines);
		break;
	case OPT_LAST:
		rc = number("--last", arg, 1, 20, &ma.last);
		break;
	}
	return rc;
}

/* The meeting number of the operand; 0 with the message printed. */
static uint32_t
meeting_arg(struct cmdctx *ctx)
{
	const char *a = ctx->argc > 1 ? ctx->argv[1] : "";
	char *end;
	unsigned long v;

	if (*a == '#')
		a++;
	v = strtoul(a, &end, 10);
	if (*a < '0' || *a > '9' || *end != '\0' || v == 0 ||
	    v > UINT32_MAX) {
		cli_error(_("\"%s\" is not a meeting number"), ctx->argc > 1 ?
		    ctx->argv[1] : "");
		return 0;
	}
	return (uint32_t)v;
}

/* A field's value from an option, normalised; NULL with the message. */
static char *
field_arg(const char *opt, int field, const char *arg)
{
	char *v = NULL, *cause = NULL;

	if (field_normalize(&meeting_schema.fields[field], arg, &v,
	    &cause) != 0) {
		cli_error("%s \"%s\": %s", opt, arg, cause);
		free(cause);
		return NULL;
	}
	return v;
}

static void
out_safe(struct buf *b, const char *s)
{
	buf_add_safe(b, s, false);
}

static int
flush_out(struct buf *b)
{
	if (b->len > 0)
		fwrite(b->s, 1, b->len, stdout);
	buf_free(b);
	return EXIT_OK;
}

/* ---- the subcommands ---- */

static const struct {
	int	 opt;
	int	 field;
} add_fields[] = {
	{ OPT_DATE, MEETING_DATE }, { OPT_TIME, MEETING_TIME },
	{ OPT_KIND, MEETING_KIND }, { OPT_HOW, MEETING_HOW },
	{ OPT_TOPIC, MEETING_TOPIC }, { OPT_PLACE, MEETING_PLACE },
	{ OPT_BY, MEETING_BY },
};

static int
run_add(struct cmdctx *ctx)
{
	struct rec *m;
	char *cause = NULL;
	uint32_t school, id;
	size_t i, invited;
	int rc = EXIT_OK;

	if ((school = cmdopt_school(ctx->db, ARG(OPT_SCHOOL))) == 0)
		return EXIT_DATA;
	m = rec_new(RT_MEETING);
	rec_set_ref(m, MEETING_SCHOOL, school);
	for (i = 0; i < nitems(add_fields) && rc == EXIT_OK; i++) {
		const char *arg = ARG(add_fields[i].opt);

		if (arg != NULL && rec_input(m, add_fields[i].field, arg,
		    &cause) != 0)
			rc = EXIT_USAGE;
	}
	if (rc == EXIT_OK && meeting_add(ctx->db, m, ma.invite, ma.ninvite,
	    &id, &invited, &cause) != 0)
		rc = EXIT_DATA;
	rec_free(m);
	if (rc != EXIT_OK) {
		cli_error("%s", cause);
		free(cause);
		return rc;
	}
	printf(P_("Meeting #%u added: %zu invitee.\n",
	    "Meeting #%u added: %zu invitees.\n", invited), id, invited);
	return EXIT_OK;
}

static int
run_list(struct cmdctx *ctx)
{
	const struct view *v = view_of(RT_MEETING);
	struct meeting_sum *ms;
	struct vctx x;
	struct vrow *row;
	struct csvw w = { 0 };
	struct buf b = { 0 };
	struct txn t;
	struct rec *r;
	char *since = NULL, *until = NULL, *kind = NULL;
	uint32_t school = 0;
	size_t n, i;
	bool csv = false;
	int rc = EXIT_OK;

	if (ARG(OPT_FORMAT) != NULL) {
		if (strcmp(ARG(OPT_FORMAT), "csv") == 0)
			csv = true;
		else if (strcmp(ARG(OPT_FORMAT), "text") != 0) {
			cli_error(_("--format: \"%s\" is neither text nor csv"),
			    ARG(OPT_FORMAT));
			return EXIT_USAGE;
		}
	}
	if ((ARG(OPT_SINCE) != NULL && (since = field_arg("--since",
	    MEETING_DATE, ARG(OPT_SINCE))) == NULL) ||
	    (ARG(OPT_UNTIL) != NULL && (until = field_arg("--until",
	    MEETING_DATE, ARG(OPT_UNTIL))) == NULL) ||
	    (ARG(OPT_KIND) != NULL && (kind = field_arg("--kind",
	    MEETING_KIND, ARG(OPT_KIND))) == NULL))
		rc = EXIT_USAGE;
	if (rc == EXIT_OK && ARG(OPT_SCHOOL) != NULL &&
	    (school = cmdopt_school(ctx->db, ARG(OPT_SCHOOL))) == 0)
		rc = EXIT_DATA;
	if (rc == EXIT_OK && school != 0 && !meeting_may_see(school)) {
		cli_error(_("%s may not see the meetings of %s"),
		    ctx->db->user, ARG(OPT_SCHOOL));
		rc = EXIT_DATA;
	}
	if (rc == EXIT_OK && txn_read(ctx->db, &t) != 0) {
		cli_error("%s", _("cannot read the database"));
		rc = EXIT_DATA;
	}
	if (rc != EXIT_OK) {
		free(since);
		free(until);
		free(kind);
		return rc;
	}
	vctx_init(&x, ctx->today);
	meeting_scan(&t, school, since, until, kind, &ms, &n);
	if (csv)
		view_csv_header(v, &w, &b);
	else {
		view_header(v, 0, &b);
		buf_addc(&b, '\n');
	}
	for (i = 0; i < n; i++) {
		if (rec_get(&t, RT_MEETING, ms[i].id, &r) != 0)
			continue;
		row = view_row_ext(v, &x, &t, r, VN_SCHOOL, &ms[i]);
		if (csv)
			view_csv_row(row, &w, &b);
		else {
			view_line(row, 0, &b);
			buf_addc(&b, '\n');
		}
		view_row_free(row);
	}
	if (t.err != 0) {
		cli_error("%s", sh_strerror(t.err));
		rc = EXIT_DATA;
	}
	txn_end(&t);
	meeting_sums_free(ms, n);
	csvw_free(&w);
	vctx_free(&x);
	free(since);
	free(until);
	free(kind);
	if (rc == EXIT_OK && !csv && n == 0)
		buf_addf(&b, "%s\n", _("No meetings."));
	if (rc != EXIT_OK) {
		buf_free(&b);
		return rc;
	}
	return flush_out(&b);
}

/* One invitee's line in `show`. */
static void
show_invitee(struct buf *b, size_t row, const struct invitee *e)
{
	buf_addf(b, "%4zu  ", row);
	out_safe(b, e->name);
	if (e->contact != 0 && e->visible) {
		buf_addstr(b, " (");
		out_safe(b, e->child_name);
		buf_addf(b, " %s)", choice_label(relation_choices,
		    e->relation));
	}
	buf_addf(b, "  #%u  ", e->child);
	out_safe(b, e->cls);
	buf_addstr(b, "  ");
	buf_addstr(b, *e->status != '\0' ? choice_label(attend_choices,
	    e->status) : _("not recorded"));
	if (*e->reason != '\0') {
		buf_addstr(b, ": ");
		out_safe(b, e->reason);
	}
	buf_addc(b, '\n');
}

static int
run_show(struct cmdctx *ctx)
{
	struct invitees iv;
	struct txn t;
	struct rec *m;
	struct buf b = { 0 };
	char *cause = NULL, *d;
	uint32_t id;
	size_t i;
	int f;

	if ((id = meeting_arg(ctx)) == 0)
		return EXIT_USAGE;
	if (txn_read(ctx->db, &t) != 0) {
		cli_error("%s", _("cannot read the database"));
		return EXIT_DATA;
	}
	if (meeting_get(&t, id, &m, &cause) != 0 ||
	    meeting_invitees(&t, id, &iv, &cause) != 0) {
		if (m != NULL)
			rec_free(m);
		txn_end(&t);
		return cmdopt_fail(cause);
	}
	buf_addf(&b, "%s #%u  ", _("meeting"), id);
	out_safe(&b, rec_str(m, MEETING_TOPIC));
	buf_addc(&b, '\n');
	for (f = 0; f < MEETING__N; f++) {
		const struct field *fd = &m->sc->fields[f];

		if (*rec_str(m, f) == '\0')
			continue;
		if (f == MEETING_SCHOOL || f == MEETING_BY) {
			struct rec *r = NULL;

			if (rec_get(&t, fd->ref, rec_ref(m, f), &r) != 0)
				d = xasprintf("#%u", rec_ref(m, f));
			else if (f == MEETING_BY)
				d = xasprintf("%s (#%u)", rec_title(r), r->id);
			else
				d = xstrdup(rec_title(r));
			rec_free(r);
		} else if (f == MEETING_INVITE)
			d = meeting_invite_words(&t, rec_str(m, f));
		else
			d = field_display(fd, rec_str(m, f));
		buf_addf(&b, "  %s: ", _(fd->label));
		buf_add_safe(&b, d, (fd->flags & FF_MULTILINE) != 0);
		buf_addc(&b, '\n');
		free(d);
	}
	buf_addf(&b, _("Invitees: %zu; present %zu, absent %zu, not "
	    "recorded %zu\n"), iv.n, iv.present, iv.absent, iv.n -
	    iv.present - iv.absent);
	for (i = 0; i < iv.n; i++)
		show_invitee(&b, i + 1, &iv.v[i]);
	invitees_free(&iv);
	rec_free(m);
	txn_end(&t);
	return flush_out(&b);
}

static int
run_sheet(struct cmdctx *ctx)
{
	struct print_opts po = { ma.width, ma.page_lines, NULL };
	struct print_dest dest = { ARG(OPT_OUTPUT), ma.lp, ARG(OPT_LP),
	    PRINT_AUTO, PRINT_ENC_DEFAULT };
	struct print_doc doc;
	char *cause = NULL;
	const char *f = ARG(OPT_FORMAT), *e = ARG(OPT_ENCODING);
	uint32_t id;
	int rc;

	if ((f != NULL && cmdopt_format(f, &dest.format) != 0) ||
	    (e != NULL && cmdopt_encoding(e, &dest.encoding) != 0))
		return EXIT_USAGE;
	if ((id = meeting_arg(ctx)) == 0)
		return EXIT_USAGE;
	if (meeting_sheet(ctx->db, id, &po, &doc, &cause) != 0)
		return cmdopt_fail(cause);
	rc = cmdopt_deliver(ctx->db, &doc, &dest, true);
	print_doc_free(&doc);
	return rc;
}

/* Marks from standard input: "12 present", "13,absent,生病". */
static int
read_marks(void)
{
	char *line = NULL, *t, *who, *st, *save;
	size_t cap = 0, no = 0;
	int rc = EXIT_OK;

	if (isatty(STDIN_FILENO))
		fprintf(stderr, "%s\n", _("Type the attendance, one invitee a "
		    "line (12 present, 13 absent REASON), then Ctrl-D:"));
	while (rc == EXIT_OK && getline(&line, &cap, stdin) >= 0) {
		no++;
		t = keep(str_trim(line));
		if (*t == '\0')
			continue;
		who = strtok_r(t, ", \t", &save);
		st = strtok_r(NULL, ", \t", &save);
		if (no == 1 && who != NULL && strcasecmp(who, "id") == 0)
			continue;	/* a spreadsheet's header */
		if (st == NULL || (strcmp(st, "present") != 0 &&
		    strcmp(st, "absent") != 0)) {
			cli_error(_("standard input, line %zu: write the "
			    "invitee, then present or absent"), no);
			rc = EXIT_USAGE;
			break;
		}
		while (*save == ',' || *save == ' ' || *save == '\t')
			save++;
		mark_add(who, st, *save != '\0' ? save : NULL);
	}
	free(line);
	return rc;
}

static int
run_attend(struct cmdctx *ctx)
{
	char *cause = NULL;
	uint32_t id;
	size_t present, absent;
	int rc;

	if ((id = meeting_arg(ctx)) == 0)
		return EXIT_USAGE;
	if (ma.nmarks == 0 && ARG(OPT_REST) == NULL &&
	    (rc = read_marks()) != EXIT_OK)
		return rc;
	if (meeting_attend(ctx->db, id, ma.marks, ma.nmarks, ARG(OPT_REST),
	    ctx->today, &present, &absent, &cause) != 0)
		return cmdopt_fail(cause);
	printf(_("Meeting #%u: %zu present, %zu absent.\n"), id, present,
	    absent);
	return EXIT_OK;
}

static int
run_minutes(struct cmdctx *ctx)
{
	char *cause = NULL;
	uint32_t id;

	if ((id = meeting_arg(ctx)) == 0)
		return EXIT_USAGE;
	if ((ma.given & (BIT(OPT_TEXT) | BIT(OPT_FOLLOW_UP) |
	    BIT(OPT_FOLLOW_UP_DATE))) == 0) {
		cli_error("%s", _("\"minutes\" needs --text, --follow-up or "
		    "--follow-up-date"));
		return EXIT_USAGE;
	}
	if (meeting_minutes(ctx->db, id, ARG(OPT_TEXT), ARG(OPT_FOLLOW_UP),
	    ARG(OPT_FOLLOW_UP_DATE), &cause) != 0)
		return cmdopt_fail(cause);
	printf(_("Meeting #%u: the minutes are saved.\n"), id);
	return EXIT_OK;
}

static int
run_report(struct cmdctx *ctx)
{
	struct print_lines l = { 0 };
	struct buf b = { 0 };
	struct txn t;
	char *kind, *cause = NULL;
	uint32_t school = 0;
	int last = ma.last > 0 ? ma.last : 3;
	size_t i;
	int rc;

	if ((kind = field_arg("--kind", MEETING_KIND, ARG(OPT_KIND))) == NULL)
		return EXIT_USAGE;
	if (ARG(OPT_SCHOOL) != NULL &&
	    (school = cmdopt_school(ctx->db, ARG(OPT_SCHOOL))) == 0) {
		free(kind);
		return EXIT_DATA;
	}
	if (txn_read(ctx->db, &t) != 0) {
		free(kind);
		cli_error("%s", _("cannot read the database"));
		return EXIT_DATA;
	}
	rc = meeting_missed(&t, school, kind, last, &l, &cause);
	txn_end(&t);
	if (rc != 0) {
		free(kind);
		print_lines_free(&l);
		return cmdopt_fail(cause);
	}
	buf_addf(&b, _("Missed their last %d invitations to a %s: %zu\n"),
	    last, choice_label(meeting_kind_choices, kind), l.n);
	for (i = 0; i < l.n; i++) {
		buf_addstr(&b, "  ");
		out_safe(&b, l.v[i]);
		buf_addc(&b, '\n');
	}
	print_lines_free(&l);
	free(kind);
	return flush_out(&b);
}

/* ---- which options go with which subcommand ---- */

#define PRINT_OPTS (BIT(OPT_OUTPUT) | BIT(OPT_LP) | BIT(OPT_FORMAT) | \
	BIT(OPT_ENCODING) | BIT(OPT_WIDTH) | BIT(OPT_PAGE_LINES))

static const struct sub {
	const char	*name;
	int		(*run)(struct cmdctx *);
	unsigned	 allowed;
	unsigned	 required;
	bool		 id;		/* takes the meeting's number */
	bool		 readonly;
} subs[] = {
	{ "add", run_add, BIT(OPT_SCHOOL) | BIT(OPT_DATE) | BIT(OPT_TIME) |
	    BIT(OPT_KIND) | BIT(OPT_HOW) | BIT(OPT_TOPIC) | BIT(OPT_PLACE) |
	    BIT(OPT_BY) | BIT(OPT_INVITE), BIT(OPT_SCHOOL) | BIT(OPT_DATE) |
	    BIT(OPT_KIND) | BIT(OPT_TOPIC) | BIT(OPT_INVITE), false, false },
	{ "list", run_list, BIT(OPT_SCHOOL) | BIT(OPT_SINCE) |
	    BIT(OPT_UNTIL) | BIT(OPT_KIND) | BIT(OPT_FORMAT), 0, false, true },
	{ "show", run_show, 0, 0, true, true },
	{ "sheet", run_sheet, PRINT_OPTS, 0, true, true },
	{ "attend", run_attend, BIT(OPT_PRESENT) | BIT(OPT_ABSENT) |
	    BIT(OPT_REST), 0, true, false },
	{ "minutes", run_minutes, BIT(OPT_TEXT) | BIT(OPT_FOLLOW_UP) |
	    BIT(OPT_FOLLOW_UP_DATE), 0, true, false },
	{ "report", run_report, BIT(OPT_KIND) | BIT(OPT_SCHOOL) |
	    BIT(OPT_LAST), BIT(OPT_KIND), false, true },
};

static const struct optnames names = { opt_names, nitems(opt_names) };

static int
dispatch(struct cmdctx *ctx, const struct sub *s)
{
	if (cmdopt_check(&names, s->name, ma.given, s->allowed,
	    s->required) != 0)
		return EXIT_USAGE;
	if (s->id && ctx->argc != 2) {
		cli_error(_("\"%s\" needs the meeting's number"), s->name);
		return EXIT_USAGE;
	}
	if (!s->id && ctx->argc > 1) {
		cli_error(_("unexpected operand \"%s\""), ctx->argv[1]);
		return EXIT_USAGE;
	}
	if (s->id && meeting_arg(ctx) == 0)
		return EXIT_USAGE;
	if (cli_db(ctx) == NULL)
		return EXIT_DATA;
	return s->run(ctx);
}

static int
meeting_run(struct cmdctx *ctx)
{
	size_t i;
	int rc = -1;

	for (i = 0; i < nitems(subs) && rc < 0; i++)
		if (strcmp(ctx->argv[0], subs[i].name) == 0)
			rc = dispatch(ctx, &subs[i]);
	if (rc < 0) {
		cli_error(_("no meeting command \"%s\": add, list, show, "
		    "sheet, attend, minutes or report"), ctx->argv[0]);
		rc = EXIT_USAGE;
	}
	strv_free(ma.invite);
	for (i = 0; i < nkept; i++)
		free(kept[i]);
	free(kept);
	free(ma.marks);
	memset(&ma, 0, sizeof ma);
	kept = NULL;
	nkept = 0;
	return rc;
}

static const struct cmdopt meeting_opts[] = {
	{ "school", required_argument, OPT_SCHOOL, N_("NAME"),
	    N_("the school") },
	{ "date", required_argument, OPT_DATE, N_("DATE"),
	    N_("add: the day of the meeting") },
	{ "time", required_argument, OPT_TIME, N_("HH:MM"),
	    N_("add: when it begins") },
	{ "kind", required_argument, OPT_KIND, N_("KIND"),
	    N_("monthly, training, safety, parents, wellbeing or festival") },
	{ "how", required_argument, OPT_HOW, N_("HOW"),
	    N_("add: in_person (default), phone or video") },
	{ "topic", required_argument, OPT_TOPIC, N_("TEXT"),
	    N_("add: what it is about") },
	{ "place", required_argument, OPT_PLACE, N_("TEXT"),
	    N_("add: where it is held") },
	{ "by", required_argument, OPT_BY, N_("STAFF-ID"),
	    N_("add: the staff member who runs it") },
	{ "invite", required_argument, OPT_INVITE, N_("SPEC"),
	    N_("add: school, class:3-2, village:NAME, mentor:STAFF-ID, or "
	    "guardians:... for their guardians; may be repeated") },
	{ "present", required_argument, OPT_PRESENT, N_("ID,..."),
	    N_("attend: invitees who came (child numbers, contact:ID for a "
	    "guardian, #ROW of the sheet)") },
	{ "absent", required_argument, OPT_ABSENT, N_("ID[:REASON]"),
	    N_("attend: an invitee who did not come, and why; may be "
	    "repeated") },
	{ "rest", required_argument, OPT_REST, N_("STATUS"),
	    N_("attend: present or absent for every invitee not named") },
	{ "since", required_argument, OPT_SINCE, N_("DATE"),
	    N_("list: meetings on or after DATE") },
	{ "until", required_argument, OPT_UNTIL, N_("DATE"),
	    N_("list: meetings on or before DATE") },
	{ "format", required_argument, OPT_FORMAT, N_("FMT"),
	    N_("list: text or csv; sheet: text or pdf (default: pdf for lp "
	    "and FILE.pdf)") },
	{ "output", required_argument, 'o', N_("FILE"),
	    N_("sheet: write it to FILE (readable by you only; FILE.pdf: a "
	    "PDF)") },
	{ "lp", optional_argument, OPT_LP, NULL,
	    N_("sheet: send it to lp as PDF; --lp=PRINTER: to that "
	    "printer") },
	{ "encoding", required_argument, OPT_ENCODING, N_("ENC"),
	    N_("sheet: text in utf-8 (default) or gb18030 (dot-matrix "
	    "printers; sent raw to lp)") },
	{ "width", required_argument, OPT_WIDTH, N_("COLS"),
	    N_("sheet: columns a line (default 80; Chinese counts two)") },
	{ "page-lines", required_argument, OPT_PAGE_LINES, N_("N"),
	    N_("sheet: lines a page (default 60)") },
	{ "last", required_argument, OPT_LAST, N_("N"),
	    N_("report: how many meetings missed in a row (default 3)") },
	{ "text", required_argument, OPT_TEXT, N_("TEXT"),
	    N_("minutes: what was said and decided") },
	{ "follow-up", required_argument, OPT_FOLLOW_UP, N_("TEXT"),
	    N_("minutes: what is to be done afterwards") },
	{ "follow-up-date", required_argument, OPT_FOLLOW_UP_DATE,
	    N_("DATE"), N_("minutes: by when") },
	{ NULL, 0, 0, NULL, NULL }
};

const struct cmd cmd_meeting = {
	"meeting",
	"add --school NAME --date DATE [--time HH:MM] --kind KIND "
	"[--how in_person|phone|video] --topic TEXT [--place TEXT] "
	"[--by STAFF-ID] --invite SPEC...\n"
	"       shouhu meeting list [--school NAME] [--since DATE] "
	"[--until DATE] [--kind KIND] [--format text|csv]\n"
	"       shouhu meeting show ID\n"
	"       shouhu meeting sheet ID [-o FILE] [--lp[=PRINTER]] "
	"[--format text|pdf] [--encoding utf-8|gb18030] [--width COLS] "
	"[--page-lines N]\n"
	"       shouhu meeting attend ID [--present ID,...] "
	"[--absent ID[:REASON]]... [--rest present|absent]\n"
	"       shouhu meeting minutes ID [--text TEXT] [--follow-up TEXT] "
	"[--follow-up-date DATE]\n"
	"       shouhu meeting report --kind KIND [--school NAME] [--last N]",
	N_("meetings and activities: add, list, sign-in sheets, "
	"attendance"), meeting_opts, meeting_option, meeting_run, 0, 1, 2
};
