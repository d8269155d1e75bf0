/*
 * incident.c -- incidents and the clock of the mandatory report: see
 * incident.h.  The tables are in schema-incident.c; who may see an
 * incident is access.c's (access_incident()).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "access.h"
#include "calltree.h"
#include "i18n.h"
#include "incident.h"
#include "term.h"
#include "index.h"
#include "model.h"
#include "priv.h"
#include "schema.h"
#include "util.h"

/* The steps the clock follows, in its order. */
static const enum inc_step clock_steps[] = {
	IS_POLICE, IS_GUARDIAN, IS_PARENTS, IS_OFFICE
};

/* Columns of a clock line's marker and step. */
#define CLOCK_LABEL 32
/* Columns of a timeline line before its step: time, span. */
#define TIMELINE_LEAD 31

/* ---- time ---- */

int64_t
inc_minutes(const char *date, const char *time)
{
	long days = date_days(date);
	int h, mi;
	char end;

	if (days < 0 || sscanf(time, "%2d:%2d%c", &h, &mi, &end) != 2 ||
	    h < 0 || h > 23 || mi < 0 || mi > 59)
		return -1;
	return (int64_t)days * 1440 + h * 60 + mi;
}

void
inc_format(int64_t minutes, char *out, size_t size)
{
	int64_t z = (minutes >= 0 ? minutes : minutes - 1439) / 1440;
	int64_t mins = minutes - z * 1440;
	char date[11];

	date_from_days((long)z, date);
	/* A year past 9999 would not fit: cut, as snprintf does. */
	if (snprintf(out, size, "%s %02d:%02d", date, (int)(mins / 60) % 24,
	    (int)(mins % 60)) >= (int)size && size > 0)
		out[size - 1] = '\0';
}

/*
 * A moment (seconds since the epoch) in seconds of the calendar.  The
 * test hook's time is the present when the program first asks; it runs
 * on from there, and earlier moments are counted back from it.
 */
static int64_t
calendar_seconds(time_t when)
{
	static int64_t fixed = -1;
	static time_t started;
	const char *hook;
	char date[11], tm[6];
	int sec = 0;
	struct tm lt;

	if (fixed < 0 && (hook = priv_getenv("SHOUHU_TEST_NOW")) != NULL &&
	    (strlen(hook) == 16 || (strlen(hook) == 19 &&
	    sscanf(hook + 17, "%2d", &sec) == 1))) {
		snprintf(date, sizeof date, "%.10s", hook);
		snprintf(tm, sizeof tm, "%.5s", hook + 11);
		if (inc_minutes(date, tm) >= 0) {
			fixed = inc_minutes(date, tm) * 60 + sec;
			started = time(NULL);
		}
	}
	if (fixed >= 0)
		return fixed + (when - started);
	localtime_r(&when, &lt);
	strftime(date, sizeof date, "%Y-%m-%d", &lt);
	return ((int64_t)date_days(date) * 1440 + lt.tm_hour * 60 +
	    lt.tm_min) * 60 + lt.tm_sec;
}

/* The present in seconds of the calendar. */
static int64_t
now_seconds(void)
{
	return calendar_seconds(time(NULL));
}

char *
inc_entered(int64_t at, int64_t entered)
{
	char when[17];

	if (entered <= 0 || (entered - at <= INC_ENTERED_SLACK &&
	    at - entered <= INC_ENTERED_SLACK))
		return NULL;
	inc_format(entered, when, sizeof when);
	/* The day only when it is not the day of the time stated. */
	if (entered / 1440 == at / 1440)
		return xasprintf(_("entered %s"), when + 11);
	return xasprintf(_("entered %s"), when);
}

int64_t
inc_now(void)
{
	return now_seconds() / 60;
}

int
inc_next_minute(void)
{
	return 60 - (int)(now_seconds() % 60);
}

int
inc_parse_time(const char *in, char date[11], char time[6], char **cause)
{
	const struct field *df = &iaction_schema.fields[IACTION_DATE];
	const struct field *tf = &iaction_schema.fields[IACTION_TIME];
	char *s = str_trim(in), *sp, *d = NULL, *t = NULL, *reason = NULL;
	char now[17];
	int rc = SH_EINVAL;

	if ((sp = strrchr(s, ' ')) != NULL) {
		*sp = '\0';
		sp++;
	} else {
		inc_format(inc_now(), now, sizeof now);
		now[10] = '\0';
	}
	if (field_normalize(df, sp != NULL ? s : now, &d, &reason) != 0 ||
	    *d == '\0' || field_normalize(tf, sp != NULL ? sp : s, &t,
	    &reason) != 0 || *t == '\0')
		set_cause(cause, _("\"%s\" is not a time: write it as "
		    "2026-12-05 10:45, or 10:45 for today%s%s"), in,
		    reason != NULL ? ": " : "", reason != NULL ? reason : "");
	else {
		snprintf(date, 11, "%s", d);
		snprintf(time, 6, "%s", t);
		rc = 0;
	}
	free(s);
	free(d);
	free(t);
	free(reason);
	return rc;
}

char *
inc_span(int64_t m)
{
	if (m < 0)
		m = -m;
	if (m < 60)
		return xasprintf(_("%d min"), (int)m);
	if (m < 48 * 60 && m % 60 == 0)
		return xasprintf(_("%d h"), (int)(m / 60));
	if (m < 48 * 60)
		return xasprintf(_("%d h %02d min"), (int)(m / 60),
		    (int)(m % 60));
	return xasprintf(_("%d days %d h"), (int)(m / 1440),
	    (int)(m % 1440 / 60));
}

/* ---- kinds, steps, targets ---- */

static int
choice_index(const struct choice *c, const char *key)
{
	int i;

	for (i = 0; c[i].key != NULL; i++)
		if (strcmp(c[i].key, key) == 0)
			return i;
	return -1;
}

int
inc_kind_of(const char *key)
{
	return choice_index(incident_kind_choices, key);
}

int
inc_step_of(const char *key)
{
	return choice_index(incident_step_choices, key);
}

int
inc_target(enum inc_kind kind, enum inc_step step)
{
	switch (step) {
	case IS_POLICE:
		return kind == IK_MISSING || kind == IK_UNSUPERVISED ||
		    kind == IK_HARM ? INC_POLICE_MINUTES : -1;
	case IS_GUARDIAN:
		return INC_GUARDIAN_MINUTES;
	case IS_PARENTS:
		return INC_PARENTS_MINUTES;
	case IS_OFFICE:
		return INC_OFFICE_MINUTES;
	default:
		return -1;
	}
}

/* A choice typed as its key, its label or a Chinese word; -1: none. */
static int
choice_typed(const struct choice *c, const char *in)
{
	const struct field f = { .type = FT_CHOICE, .choices = c,
	    .label = "" };
	char *out = NULL, *reason = NULL;
	int i = -1;

	if (field_normalize(&f, in, &out, &reason) == 0 && *out != '\0')
		i = choice_index(c, out);
	free(out);
	free(reason);
	return i;
}

/* ---- loading ---- */

static char *
staff_name(struct txn *t, uint32_t id)
{
	struct rec *s;
	char *n;

	if (id == 0)
		return xstrdup("");
	if (rec_get(t, RT_STAFF, id, &s) != 0)
		return xasprintf("#%u", id);
	n = xstrdup(rec_str(s, STAFF_NAME));
	rec_free(s);
	return n;
}

/* The children of an incident's field ("12,34"), in order. */
static size_t
children_ids(const char *v, uint32_t **out)
{
	uint32_t *ids = NULL;
	size_t n = 0;
	const char *p = v;
	char *end;
	unsigned long id;

	while (*p != '\0') {
		id = strtoul(p, &end, 10);
		if (end == p)
			break;
		ids = xreallocarray(ids, n + 1, sizeof *ids);
		ids[n++] = (uint32_t)id;
		p = *end == ',' ? end + 1 : end;
	}
	*out = ids;
	return n;
}

static char *
children_shown(struct txn *t, const char *v)
{
	struct buf b = { 0 };
	struct rec *c;
	uint32_t *ids;
	size_t i, n;
	char *cl;

	n = children_ids(v, &ids);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addstr(&b, _(", "));
		if (rec_get(t, RT_CHILD, ids[i], &c) != 0) {
			buf_addf(&b, "#%u", ids[i]);
			continue;
		}
		cl = class_label(rec_str(c, CHILD_GRADE), rec_str(c,
		    CHILD_CLASS));
		buf_addf(&b, "%s(%s)", rec_str(c, CHILD_NAME), cl);
		free(cl);
		rec_free(c);
	}
	free(ids);
	return buf_take(&b);
}

static char *
school_name(struct txn *t, uint32_t id)
{
	struct rec *s;
	char *n;

	if (rec_get(t, RT_SCHOOL, id, &s) != 0)
		return xasprintf("#%u", id);
	n = xstrdup(rec_str(s, SCHOOL_NAME));
	rec_free(s);
	return n;
}

static int
act_cmp(const void *a, const void *b)
{
	const struct inc_action *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static void
load_actions(struct txn *t, struct incident *in)
{
	struct idlist ids = { 0 };
	struct inc_action *a;
	struct rec *r;
	size_t i;

	ix_refs(t, IX_IACTION_INCIDENT, in->id, &ids);
	in->acts = xcalloc(ids.n + 1, sizeof *in->acts);
	for (i = 0; i < ids.n; i++) {
		if (rec_get(t, RT_IACTION, ids.v[i], &r) != 0)
			continue;
		a = &in->acts[in->nacts++];
		a->id = r->id;
		a->step = inc_step_of(rec_str(r, IACTION_STEP));
		if ((int)a->step < 0)
			a->step = IS_OTHER;
		a->at = inc_minutes(rec_str(r, IACTION_DATE),
		    rec_str(r, IACTION_TIME));
		a->entered = calendar_seconds((time_t)r->created) / 60;
		inc_format(a->at, a->when, sizeof a->when);
		a->by = staff_name(t, rec_ref(r, IACTION_BY));
		a->officer = xstrdup(rec_str(r, IACTION_OFFICER));
		a->caseno = xstrdup(rec_str(r, IACTION_CASE));
		a->drill = rec_ref(r, IACTION_DRILL);
		/* A run's result is told in the reader's language. */
		if (a->drill == 0 || *rec_str(r, IACTION_TEXT) != '\0' ||
		    (a->text = ct_run_summary(t, a->drill)) == NULL)
			a->text = xstrdup(rec_str(r, IACTION_TEXT));
		rec_free(r);
	}
	idl_free(&ids);
	if (in->nacts > 1)
		qsort(in->acts, in->nacts, sizeof *in->acts, act_cmp);
}

/*
 * Reads an incident's record; SH_ENOTFOUND, SH_EPERM with *cause.  One
 * that exists and one the actor may not see are told in the same words:
 * a refusal would tell that the incident exists.
 */
static int
get_incident(struct txn *t, uint32_t id, struct rec **r, char **cause)
{
	int rc = rec_get(t, RT_INCIDENT, id, r);

	if (rc != 0)
		set_cause(cause, _("there is no incident #%u that you may "
		    "see; \"shouhu incident list\" lists them"), id);
	return rc;
}

static int
load_txn(struct txn *t, uint32_t id, struct incident *in, char **cause)
{
	struct rec *r;
	int rc;

	memset(in, 0, sizeof *in);
	if ((rc = get_incident(t, id, &r, cause)) != 0)
		return rc;
	in->rec = r;
	in->id = id;
	in->kind = inc_kind_of(rec_str(r, INCIDENT_KIND));
	if ((int)in->kind < 0)
		in->kind = IK_OTHER;
	in->found = inc_minutes(rec_str(r, INCIDENT_FOUND_DATE),
	    rec_str(r, INCIDENT_FOUND_TIME));
	inc_format(in->found, in->found_when, sizeof in->found_when);
	in->entered = calendar_seconds((time_t)r->created) / 60;
	in->closed = *rec_str(r, INCIDENT_CLOSED_DATE) != '\0';
	if (in->closed) {
		in->closed_at = inc_minutes(rec_str(r, INCIDENT_CLOSED_DATE),
		    rec_str(r, INCIDENT_CLOSED_TIME));
		inc_format(in->closed_at, in->closed_when,
		    sizeof in->closed_when);
	}
	in->school = school_name(t, rec_ref(r, INCIDENT_SCHOOL));
	in->children = children_shown(t, rec_str(r, INCIDENT_CHILDREN));
	in->found_by = staff_name(t, rec_ref(r, INCIDENT_FOUND_BY));
	in->opened_by = staff_name(t, rec_ref(r, INCIDENT_OPENED_BY));
	load_actions(t, in);
	return 0;
}

int
inc_load(struct db *db, uint32_t id, struct incident *in, char **cause)
{
	struct txn t;
	int rc;

	memset(in, 0, sizeof *in);
	if ((rc = txn_read(db, &t)) != 0) {
		set_cause(cause, _("cannot read the database"));
		return rc;
	}
	rc = load_txn(&t, id, in, cause);
	txn_end(&t);
	return rc;
}

void
inc_free(struct incident *in)
{
	size_t i;

	for (i = 0; i < in->nacts; i++) {
		free(in->acts[i].by);
		free(in->acts[i].officer);
		free(in->acts[i].caseno);
		free(in->acts[i].text);
	}
	free(in->acts);
	free(in->school);
	free(in->children);
	free(in->found_by);
	free(in->opened_by);
	rec_free(in->rec);
	memset(in, 0, sizeof *in);
}

/* ---- the clock ---- */

size_t
inc_clock(const struct incident *in, int64_t now, struct inc_clock *v)
{
	size_t i, j, n = 0;
	int target;

	if (in->closed)
		now = in->closed_at;
	for (i = 0; i < nitems(clock_steps); i++) {
		if ((target = inc_target(in->kind, clock_steps[i])) < 0)
			continue;
		memset(&v[n], 0, sizeof v[n]);
		v[n].step = clock_steps[i];
		v[n].target = target;
		for (j = 0; j < in->nacts && !v[n].done; j++)
			if (in->acts[j].step == clock_steps[i]) {
				v[n].done = true;
				v[n].after = in->acts[j].at - in->found;
			}
		if (v[n].done) {
			if (v[n].after > target)
				v[n].late = v[n].after - target;
		} else if (now - in->found > target)
			v[n].late = now - in->found - target;
		else
			v[n].left = target - (now - in->found);
		n++;
	}
	return n;
}

size_t
inc_overdue(const struct incident *in, int64_t now)
{
	struct inc_clock v[nitems(clock_steps)];
	size_t i, n, bad = 0;

	n = inc_clock(in, now, v);
	for (i = 0; i < n; i++)
		bad += !v[i].done && v[i].late > 0;
	return bad;
}

static const char *
clock_name(enum inc_step s)
{
	switch (s) {
	case IS_POLICE:
		return _("Police");
	case IS_GUARDIAN:
		return _("Guardian");
	case IS_PARENTS:
		return _("Parents");
	default:
		return _("Education office");
	}
}

/* "Guardian, within 30 min". */
static char *
clock_label(const struct inc_clock *c)
{
	char *span, *s;

	if (c->step == IS_POLICE)
		return xasprintf(_("%s, at once (%d min)"), clock_name(c->step),
		    c->target);
	span = inc_span(c->target);
	s = xasprintf(_("%s, within %s"), clock_name(c->step), span);
	free(span);
	return s;
}

static char *
clock_state(const struct incident *in, const struct inc_clock *c)
{
	char when[17], *after, *late, *s;

	if (c->done) {
		inc_format(in->found + c->after, when, sizeof when);
		after = inc_span(c->after);
		if (c->late > 0) {
			late = inc_span(c->late);
			s = xasprintf(_("done %s, %s after finding: %s late"),
			    when + 11, after, late);
			free(late);
		} else
			s = xasprintf(_("done %s, %s after finding"),
			    when + 11, after);
		free(after);
		return s;
	}
	if (c->late > 0) {
		late = inc_span(c->late);
		s = in->closed ? xasprintf(_("NOT DONE: overdue by %s at "
		    "closing"), late) : xasprintf(_("OVERDUE by %s"), late);
		free(late);
		return s;
	}
	if (in->closed)
		return xstrdup(_("not done (closed before its time)"));
	inc_format(in->found + c->target, when, sizeof when);
	late = inc_span(c->left);
	s = xasprintf(_("due: %s left (by %s)"), late, when + 11);
	free(late);
	return s;
}

void
inc_clock_lines(const struct incident *in, int64_t now, int width,
    struct print_lines *out, int *marks)
{
	struct inc_clock v[nitems(clock_steps)];
	struct buf b = { 0 };
	size_t i, n;
	char *label, *state, *line;
	const char *mark;

	n = inc_clock(in, now, v);
	for (i = 0; i < n; i++) {
		label = clock_label(&v[i]);
		state = clock_state(in, &v[i]);
		mark = v[i].late > 0 ? "!" : v[i].done ? "+" : " ";
		if (marks != NULL)
			marks[i] = v[i].late > 0 ? (v[i].done ? 1 : 2) : 0;
		line = xasprintf("%s %s", mark, label);
		print_fit(&b, line, CLOCK_LABEL, true);
		buf_addstr(&b, "  ");
		print_fit(&b, state, width - CLOCK_LABEL - 2, false);
		print_lines_take(out, &b);
		free(line);
		free(label);
		free(state);
	}
}

static const char *
step_label(enum inc_step s)
{
	return _(incident_step_choices[s].label);
}

void
inc_timeline_lines(const struct incident *in, int width,
    struct print_lines *out)
{
	const struct inc_action *a;
	struct buf b = { 0 };
	char *span, *safe, *entered;
	size_t i;

	for (i = 0; i < in->nacts; i++) {
		a = &in->acts[i];
		span = inc_span(a->at - in->found);
		buf_addf(&b, "%s  +", a->when);
		print_fit(&b, span, TIMELINE_LEAD - 19, true);
		buf_addstr(&b, step_label(a->step));
		if (*a->by != '\0') {
			buf_addstr(&b, " -- ");
			buf_add_safe(&b, a->by, false);
		}
		if ((entered = inc_entered(a->at, a->entered)) != NULL) {
			buf_addf(&b, " (%s)", entered);
			free(entered);
		}
		safe = buf_take(&b);
		print_fit(&b, safe, width, false);
		print_lines_take(out, &b);
		free(safe);
		free(span);
		if (*a->officer != '\0' || *a->caseno != '\0') {
			buf_addf(&b, _("receiving officer %s, case number %s"),
			    *a->officer != '\0' ? a->officer : "-",
			    *a->caseno != '\0' ? a->caseno : "-");
			safe = buf_take(&b);
			buf_add_safe(&b, safe, false);
			free(safe);
			safe = buf_take(&b);
			print_flow_text(out, safe, TIMELINE_LEAD,
			    TIMELINE_LEAD, width);
			free(safe);
		}
		if (*a->text != '\0') {
			safe = str_safe(a->text, false);
			print_flow_text(out, safe, TIMELINE_LEAD,
			    TIMELINE_LEAD, width);
			free(safe);
		}
	}
	if (in->nacts == 0)
		print_lines_addf(out, "%s", _("(nothing done yet)"));
}

/* ---- the printed report ---- */

struct rhead {
	const char	*title;
	const char	*date;
	int		 width;
};

static void
report_head(struct print_lines *l, int page, int pages, void *arg)
{
	struct rhead *h = arg;
	char *right, *line;

	right = xasprintf(_("%s  page %d/%d"), h->date, page, pages);
	line = print_two_sided(h->title, right, h->width);
	print_lines_add(l, line);
	print_lines_add(l, print_rule('=', h->width));
	free(right);
}

static void
add_field(struct print_lines *l, const char *label, const char *value,
    int width)
{
	char *safe = str_safe(value, false), *s;

	s = xasprintf("%s: %s", label, safe);
	print_flow_text(l, s, 0, 4, width);
	free(s);
	free(safe);
}

char *
inc_found_text(const struct incident *in)
{
	char *entered = inc_entered(in->found, in->entered), *s;

	s = xasprintf("%s%s%s%s%s%s", in->found_when,
	    *in->found_by != '\0' ? _(", by ") : "", in->found_by,
	    entered != NULL ? " (" : "", entered != NULL ? entered : "",
	    entered != NULL ? ")" : "");
	free(entered);
	return s;
}

/* The record, the clock and the timeline, as show and the report have it. */
static void
report_body(const struct incident *in, int64_t now, int width,
    struct print_lines *body)
{
	size_t bad;
	char *s;

	add_field(body, _("Kind of incident"),
	    _(incident_kind_choices[in->kind].label), width);
	add_field(body, _("Children concerned"), in->children, width);
	s = inc_found_text(in);
	add_field(body, _("Found"), s, width);
	free(s);
	add_field(body, _("Opened by"), *in->opened_by != '\0' ?
	    in->opened_by : "-", width);
	add_field(body, _("What happened"), rec_str(in->rec, INCIDENT_TEXT),
	    width);
	s = in->closed ? xasprintf(_("closed %s"), in->closed_when) :
	    xstrdup(_("not closed"));
	add_field(body, _("State"), s, width);
	free(s);
	print_lines_add(body, xstrdup(""));
	print_lines_addf(body, "%s", _("The clock of the mandatory report "
	    "(+ done, ! late or overdue):"));
	inc_clock_lines(in, now, width, body, NULL);
	bad = inc_overdue(in, now);
	if (bad > 0)
		print_lines_addf(body, P_("%zu step is overdue.",
		    "%zu steps are overdue.", bad), bad);
	print_lines_add(body, xstrdup(""));
	print_lines_addf(body, "%s", _("Timeline:"));
	inc_timeline_lines(in, width, body);
	if (in->closed) {
		print_lines_add(body, xstrdup(""));
		add_field(body, _("Closing note"), rec_str(in->rec,
		    INCIDENT_CLOSING), width);
	}
}

void
inc_show_lines(const struct incident *in, int64_t now, int width,
    struct print_lines *out)
{
	char *safe = str_safe(in->school, false);

	print_lines_addf(out, _("Incident #%u, %s"), in->id, safe);
	free(safe);
	report_body(in, now, width, out);
}

void
inc_report_doc(const struct incident *in, int64_t now,
    const struct print_opts *o, struct print_doc *doc)
{
	struct print_lines body = { 0 };
	struct rhead h;
	char day[17], *title, *job, *safe, *what;
	int width = o->width > 0 ? o->width : PRINT_WIDTH;
	int lines = o->page_lines > 0 ? o->page_lines : PRINT_LINES;

	if (o->date != NULL)
		snprintf(day, sizeof day, "%s", o->date);
	else {
		inc_format(now, day, sizeof day);
		day[10] = '\0';
	}
	safe = str_safe(in->school, false);
	title = xasprintf(_("%s  Incident report #%u"), safe, in->id);
	what = xasprintf(_("incident report #%u"), in->id);
	job = print_title(safe, what, day);
	free(what);
	free(safe);
	report_body(in, now, width, &body);
	print_lines_add(&body, xstrdup(""));
	print_lines_add(&body, xstrdup(""));
	print_lines_addf(&body, "%s", _("Reported by: ____________   "
	    "Principal: ____________   Date: __________"));
	print_doc_init(doc, job, width, lines);
	h.title = title;
	h.date = day;
	h.width = width;
	print_paginate(doc, body.v, body.n, NULL, lines - 2, report_head, &h);
	print_lines_free(&body);
	free(title);
	free(job);
}

/* ---- changing ---- */

/* The time given, checked against the finding and the present. */
static int
check_time(int64_t found, const char *date, const char *time,
    const char *what, char **cause)
{
	int64_t at = inc_minutes(date, time);
	char f[17];

	if (at < found) {
		inc_format(found, f, sizeof f);
		set_cause(cause, _("%s %s %s is before the incident was found "
		    "(%s)"), what, date, time, f);
		return SH_EINVAL;
	}
	if (at > inc_now()) {
		set_cause(cause, _("%s %s %s is in the future"), what, date,
		    time);
		return SH_EINVAL;
	}
	return 0;
}

struct open_arg {
	const struct inc_new	*in;
	const char		*date;
	const char		*time;
	uint32_t		 id;
};

static int
open_write(struct txn *t, void *arg, char **cause)
{
	struct open_arg *a = arg;
	struct rec *c, *r;
	struct buf ids = { 0 };
	uint32_t school = 0;
	size_t i, j;
	int rc = 0, k;

	a->id = 0;
	for (i = 0; i < a->in->nchildren && rc == 0; i++) {
		for (j = 0; j < i && rc == 0; j++)
			if (a->in->children[j] == a->in->children[i]) {
				set_cause(cause, _("%s: child #%u is named "
				    "twice"), _("Child"), a->in->children[i]);
				rc = SH_EINVAL;
			}
		if (rc != 0)
			break;
		if ((rc = rec_get(t, RT_CHILD, a->in->children[i], &c)) != 0) {
			if (rc == SH_EPERM)
				set_cause(cause, _("%s may not see child #%u"),
				    t->db->user, a->in->children[i]);
			else
				set_cause(cause, _("there is no child #%u"),
				    a->in->children[i]);
			break;
		}
		if (school == 0)
			school = rec_ref(c, CHILD_SCHOOL);
		else if (school != rec_ref(c, CHILD_SCHOOL)) {
			set_cause(cause, _("the children of one incident are of "
			    "one school: open one incident for each school"));
			rc = SH_EINVAL;
		}
		buf_addf(&ids, "%s%u", i > 0 ? "," : "", c->id);
		rec_free(c);
	}
	if (rc != 0) {
		buf_free(&ids);
		return rc;
	}
	k = choice_typed(incident_kind_choices, a->in->kind);
	r = rec_new(RT_INCIDENT);
	rec_set_ref(r, INCIDENT_SCHOOL, school);
	rec_set(r, INCIDENT_CHILDREN, ids.s);
	rec_set(r, INCIDENT_KIND, incident_kind_choices[k].key);
	rec_set(r, INCIDENT_FOUND_DATE, a->date);
	rec_set(r, INCIDENT_FOUND_TIME, a->time);
	if (a->in->found_by != 0 || access_staff() != 0)
		rec_set_ref(r, INCIDENT_FOUND_BY, a->in->found_by != 0 ?
		    a->in->found_by : access_staff());
	if (access_staff() != 0)
		rec_set_ref(r, INCIDENT_OPENED_BY, access_staff());
	rec_set(r, INCIDENT_TEXT, a->in->text);
	if (a->in->found_by != 0 && !rec_exists(t, RT_STAFF,
	    a->in->found_by)) {
		set_cause(cause, _("there is no staff member #%u"),
		    a->in->found_by);
		rc = SH_EINVAL;
	} else if ((rc = rec_put(t, r, cause)) == 0)
		a->id = r->id;
	rec_free(r);
	buf_free(&ids);
	return rc;
}

int
inc_open(struct db *db, const struct inc_new *in, uint32_t *id,
    char **cause)
{
	struct open_arg a = { in, NULL, NULL, 0 };
	char date[11], time[6];
	int rc;

	*id = 0;
	if (in->nchildren == 0) {
		set_cause(cause, "%s", _("name the children concerned"));
		return SH_EINVAL;
	}
	if (in->kind == NULL || choice_typed(incident_kind_choices,
	    in->kind) < 0) {
		set_cause(cause, _("\"%s\" is not a kind of incident: missing, "
		    "unsupervised, injury, harm, absence or other"),
		    in->kind != NULL ? in->kind : "");
		return SH_EINVAL;
	}
	if (in->text == NULL || str_empty(in->text)) {
		set_cause(cause, "%s", _("say what happened"));
		return SH_EINVAL;
	}
	if (in->found == NULL) {
		set_cause(cause, "%s", _("say when the incident was found"));
		return SH_EINVAL;
	}
	if ((rc = inc_parse_time(in->found, date, time, cause)) != 0)
		return rc;
	if (inc_minutes(date, time) > inc_now()) {
		set_cause(cause, _("the finding %s %s is in the future"), date,
		    time);
		return SH_EINVAL;
	}
	a.date = date;
	a.time = time;
	rc = db_write(db, open_write, &a, cause);
	*id = a.id;
	return rc;
}

/* A time as typed, or the present. */
static int
time_or_now(const char *at, char date[11], char time[6], char **cause)
{
	char now[17];

	if (at != NULL)
		return inc_parse_time(at, date, time, cause);
	inc_format(inc_now(), now, sizeof now);
	snprintf(date, 11, "%.10s", now);
	snprintf(time, 6, "%s", now + 11);
	return 0;
}

/* Adds one action to an incident read in t, checked. */
static int
action_put(struct txn *t, const struct rec *inc, int step, const char *date,
    const char *time, uint32_t by, const struct inc_act *in, uint32_t drill,
    const char *text, char **cause)
{
	struct rec *r;
	int rc;

	if (*rec_str(inc, INCIDENT_CLOSED_DATE) != '\0') {
		set_cause(cause, _("incident #%u was closed on %s %s: nothing "
		    "more can be added"), inc->id, rec_str(inc,
		    INCIDENT_CLOSED_DATE), rec_str(inc, INCIDENT_CLOSED_TIME));
		return SH_EINVAL;
	}
	if ((rc = check_time(inc_minutes(rec_str(inc, INCIDENT_FOUND_DATE),
	    rec_str(inc, INCIDENT_FOUND_TIME)), date, time, _("The action at"),
	    cause)) != 0)
		return rc;
	if (by != 0 && !rec_exists(t, RT_STAFF, by)) {
		set_cause(cause, _("there is no staff member #%u"), by);
		return SH_EINVAL;
	}
	r = rec_new(RT_IACTION);
	rec_set_ref(r, IACTION_INCIDENT, inc->id);
	rec_set(r, IACTION_STEP, incident_step_choices[step].key);
	rec_set(r, IACTION_DATE, date);
	rec_set(r, IACTION_TIME, time);
	if (by != 0)
		rec_set_ref(r, IACTION_BY, by);
	if (in != NULL) {
		rec_set(r, IACTION_OFFICER, in->officer);
		rec_set(r, IACTION_CASE, in->caseno);
	}
	rec_set(r, IACTION_TEXT, text);
	if (drill != 0)
		rec_set_ref(r, IACTION_DRILL, drill);
	rec_set(r, IACTION_SCHOOL, rec_str(inc, INCIDENT_SCHOOL));
	rec_set(r, IACTION_OPENED_BY, rec_str(inc, INCIDENT_OPENED_BY));
	rc = rec_put(t, r, cause);
	rec_free(r);
	return rc;
}

struct act_arg {
	uint32_t		 incident;
	const struct inc_act	*in;
	int			 step;
	const char		*date;
	const char		*time;
};

static int
act_write(struct txn *t, void *arg, char **cause)
{
	struct act_arg *a = arg;
	struct rec *inc;
	int rc;

	if ((rc = get_incident(t, a->incident, &inc, cause)) != 0)
		return rc;
	rc = action_put(t, inc, a->step, a->date, a->time, a->in->by != 0 ?
	    a->in->by : access_staff(), a->in, 0, a->in->text, cause);
	rec_free(inc);
	return rc;
}

int
inc_add_action(struct db *db, uint32_t incident, const struct inc_act *in,
    char **cause)
{
	struct act_arg a = { incident, in, -1, NULL, NULL };
	char date[11], time[6];
	bool police;

	a.step = in->step != NULL ? choice_typed(incident_step_choices,
	    in->step) : -1;
	if (a.step < 0 || a.step == IS_CALLTREE) {
		set_cause(cause, _("\"%s\" is not a step: guardian, parents, "
		    "police, township, office, found, medical or other"),
		    in->step != NULL ? in->step : "");
		return SH_EINVAL;
	}
	police = a.step == IS_POLICE;
	if (police && (in->officer == NULL || str_empty(in->officer))) {
		set_cause(cause, "%s", _("a report to the police names the "
		    "receiving officer (--officer)"));
		return SH_EINVAL;
	}
	if (!police && ((in->officer != NULL && *in->officer != '\0') ||
	    (in->caseno != NULL && *in->caseno != '\0'))) {
		set_cause(cause, "%s", _("the receiving officer and the case "
		    "number go with a report to the police"));
		return SH_EINVAL;
	}
	if (time_or_now(in->at, date, time, cause) != 0)
		return SH_EINVAL;
	a.date = date;
	a.time = time;
	return db_write(db, act_write, &a, cause);
}

int
inc_note_calltree(struct txn *t, uint32_t incident, uint32_t drill,
    const char *date, const char *time, const char *text, char **cause)
{
	struct rec *inc;
	int rc;

	if ((rc = get_incident(t, incident, &inc, cause)) != 0)
		return rc;
	rc = action_put(t, inc, IS_CALLTREE, date, time, access_staff(), NULL,
	    drill, text, cause);
	rec_free(inc);
	return rc;
}

struct close_arg {
	uint32_t	 incident;
	const char	*date;
	const char	*time;
	const char	*text;
};

static int
close_write(struct txn *t, void *arg, char **cause)
{
	struct close_arg *a = arg;
	struct rec *inc;
	int rc;

	if ((rc = get_incident(t, a->incident, &inc, cause)) != 0)
		return rc;
	if (*rec_str(inc, INCIDENT_CLOSED_DATE) != '\0') {
		set_cause(cause, _("incident #%u is already closed (on %s %s)"),
		    a->incident, rec_str(inc, INCIDENT_CLOSED_DATE),
		    rec_str(inc, INCIDENT_CLOSED_TIME));
		rc = SH_EINVAL;
	} else if ((rc = check_time(inc_minutes(rec_str(inc,
	    INCIDENT_FOUND_DATE), rec_str(inc, INCIDENT_FOUND_TIME)), a->date,
	    a->time, _("The closing at"), cause)) == 0) {
		rec_set(inc, INCIDENT_CLOSED_DATE, a->date);
		rec_set(inc, INCIDENT_CLOSED_TIME, a->time);
		rec_set(inc, INCIDENT_CLOSING, a->text);
		rc = rec_put(t, inc, cause);
	}
	rec_free(inc);
	return rc;
}

int
inc_close(struct db *db, uint32_t incident, const char *at, const char *text,
    char **cause)
{
	struct close_arg a = { incident, NULL, NULL, text };
	char date[11], time[6];

	if (text == NULL || str_empty(text)) {
		set_cause(cause, "%s", _("a closing note says how the incident "
		    "ended"));
		return SH_EINVAL;
	}
	if (time_or_now(at, date, time, cause) != 0)
		return SH_EINVAL;
	a.date = date;
	a.time = time;
	return db_write(db, close_write, &a, cause);
}

/* ---- lists and counts ---- */

static int
info_cmp(const void *a, const void *b)
{
	const struct inc_info *x = a, *y = b;
	int c;

	if (x->closed != y->closed)
		return x->closed ? 1 : -1;
	if ((c = strcmp(y->found, x->found)) != 0)
		return c;
	return x->id < y->id ? 1 : x->id > y->id ? -1 : 0;
}

int
inc_list(struct db *db, uint32_t school, bool open_only, int64_t now,
    struct inc_info **out, size_t *n, char **cause)
{
	struct idlist ids = { 0 };
	struct rec_iter it;
	struct inc_info *v = NULL;
	struct incident in;
	struct txn t;
	struct rec *r;
	size_t i;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = txn_read(db, &t)) != 0) {
		set_cause(cause, _("cannot read the database"));
		return rc;
	}
	if (school != 0)
		ix_refs(&t, IX_INCIDENT_SCHOOL, school, &ids);
	else {
		rec_iter_start(&t, RT_INCIDENT, &it);
		while ((r = rec_iter_next(&it)) != NULL) {
			idl_add(&ids, r->id);
			rec_free(r);
		}
		rec_iter_end(&it);
	}
	for (i = 0; i < ids.n; i++) {
		if (load_txn(&t, ids.v[i], &in, NULL) != 0)
			continue;
		if (!open_only || !in.closed) {
			v = xreallocarray(v, *n + 1, sizeof *v);
			v[*n].id = in.id;
			v[*n].kind = in.kind;
			memcpy(v[*n].found, in.found_when, sizeof v[*n].found);
			v[*n].closed = in.closed;
			v[*n].overdue = inc_overdue(&in, now);
			v[*n].school = in.school;
			v[*n].children = in.children;
			in.school = in.children = NULL;
			(*n)++;
		}
		inc_free(&in);
	}
	idl_free(&ids);
	txn_end(&t);
	if (*n > 0)
		qsort(v, *n, sizeof *v, info_cmp);
	*out = v;
	return 0;
}

void
inc_list_free(struct inc_info *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].school);
		free(v[i].children);
	}
	free(v);
}

bool
inc_visible(struct txn *t, uint32_t id)
{
	static const int fields[] = { INCIDENT_SCHOOL, INCIDENT_OPENED_BY };
	const char *v[2];
	size_t len[2];
	char *sch, *by;
	bool yes;

	if (id == 0 ||
	    rec_peek(t, RT_INCIDENT, id, 2, fields, v, len) != 0)
		return false;
	sch = xstrndup(v[0], len[0]);
	by = xstrndup(v[1], len[1]);
	yes = access_incident(strtoul(sch, NULL, 10), strtoul(by, NULL, 10));
	free(sch);
	free(by);
	return yes;
}

size_t
inc_count_by_kind(struct txn *t, uint32_t school, const char *from,
    const char *to, size_t counts[IK__N])
{
	static const int fields[] = { INCIDENT_SCHOOL, INCIDENT_KIND,
	    INCIDENT_FOUND_DATE, INCIDENT_OPENED_BY };
	struct kv_cursor c;
	const char *v[4];
	size_t len[4], total = 0;
	char *kind, *date, *sch, *by;
	uint32_t in_school, opened_by;
	bool ok;
	int k;

	memset(counts, 0, IK__N * sizeof *counts);
	for (ok = kv_first(t, DBI_INCIDENT, NULL, 0, &c); ok;
	    ok = kv_next(&c)) {
		if (rec_peek_bytes(RT_INCIDENT, c.val.mv_data, c.val.mv_size,
		    4, fields, v, len) != 0)
			continue;
		sch = xstrndup(v[0], len[0]);
		kind = xstrndup(v[1], len[1]);
		date = xstrndup(v[2], len[2]);
		by = xstrndup(v[3], len[3]);
		in_school = strtoul(sch, NULL, 10);
		opened_by = strtoul(by, NULL, 10);
		free(by);
		if ((school == 0 || in_school == school) &&
		    access_incident(in_school, opened_by) &&
		    (from == NULL || strcmp(date, from) >= 0) &&
		    (to == NULL || strcmp(date, to) <= 0) &&
		    (k = inc_kind_of(kind)) >= 0) {
			counts[k]++;
			total++;
		}
		free(sch);
		free(kind);
		free(date);
	}
	kv_close(&c);
	return total;
}
