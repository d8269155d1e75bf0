/*
 * report-term.c -- the term's work, and each teacher's assessment sheet
 * (考评表): see report.h.
 *
 * The term report is the summary followed by one section for each part
 * of the work kept in the records, in term_parts[] below: a module that
 * records work (call-tree drills, and apart from them the trees
 * activated for an incident; the care log, meetings and incidents as
 * they come) adds its row there, with a function that writes its
 * section or nothing when there is nothing of it in the term.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "calltree.h"
#include "care.h"
#include "i18n.h"
#include "incident.h"
#include "meeting.h"
#include "model.h"
#include "print.h"
#include "rec.h"
#include "report.h"
#include "schema.h"
#include "settings.h"
#include "term.h"
#include "util.h"

struct tscope {
	struct db	*db;
	uint32_t	 school;	/* 0: every school */
	const char	*from;
	const char	*to;
	int		 width;
};

static bool
in_term(const char *date, const char *from, const char *to)
{
	return (from == NULL || strcmp(date, from) >= 0) &&
	    strcmp(date, to) <= 0;
}

/* May the login see a school's call trees and drills? */
static bool
may_drills(uint32_t school)
{
	return access_admin() || (access_roles() & AR_SUPERVISOR) ||
	    access_school_lead(school);
}

/* A run of a call tree in the term: its id and tree. */
struct drill_ref {
	uint32_t	 drill;
	uint32_t	 tree;
};

/*
 * The runs of the term the login may see, in date order (id order): the
 * drills, or (activations) the runs for an incident, which are not
 * drills.
 */
static size_t
term_drills(struct tscope *tm, bool activations, struct drill_ref **out)
{
	struct drill_ref *v = NULL;
	struct idlist runs = { 0 };
	struct rec_iter it;
	struct rec *d, *tr;
	struct txn t;
	size_t n = 0;
	uint32_t school;

	*out = NULL;
	if (txn_read(tm->db, &t) != 0)
		return 0;
	ct_activations(&t, &runs);
	rec_iter_start(&t, RT_DRILL, &it);
	while ((d = rec_iter_next(&it)) != NULL) {
		if (idl_has(&runs, d->id) == activations &&
		    in_term(rec_str(d, DRILL_DATE), tm->from, tm->to) &&
		    rec_get(&t, RT_TREE, rec_ref(d, DRILL_TREE), &tr) == 0) {
			school = rec_ref(tr, TREE_SCHOOL);
			if ((tm->school == 0 || school == tm->school) &&
			    may_drills(school)) {
				v = xreallocarray(v, n + 1, sizeof *v);
				v[n].drill = d->id;
				v[n++].tree = tr->id;
			}
			rec_free(tr);
		}
		rec_free(d);
	}
	rec_iter_end(&it);
	idl_free(&runs);
	txn_end(&t);
	*out = v;
	return n;
}

/*
 * The drills of the term: each drill's report (calltree report) up to
 * its list of the lines not reached, which names families and is for
 * the school, not for the bureau.
 */
static void
part_drills(struct tscope *tm, struct print_lines *out)
{
	struct drill_ref *v;
	struct ct_msgs m;
	const char *stop = _("Not reached:");
	char *cause = NULL;
	size_t n, i, j;

	/* A login that sees no school's drills gets no section of them. */
	if (!may_drills(tm->school != 0 ? tm->school : access_school()))
		return;
	n = term_drills(tm, false, &v);
	print_lines_add(out, xstrdup(_("Call-tree drills (演练)")));
	if (n == 0)
		print_flow_text(out, _("No call tree was drilled in the term."),
		    2, 2, tm->width);
	for (i = 0; i < n; i++) {
		memset(&m, 0, sizeof m);
		if (ct_report(tm->db, v[i].tree, v[i].drill, &m, &cause) != 0) {
			free(cause);
			cause = NULL;
			continue;
		}
		for (j = 0; j < m.n && strcmp(m.v[j], stop) != 0; j++)
			print_flow_text(out, m.v[j], 2, 4, tm->width);
		ct_msgs_free(&m);
	}
	print_lines_add(out, xstrdup(""));
	free(v);
}

/*
 * The call trees activated for an incident in the term, one line each,
 * or nothing when none was: an emergency, not a drill.
 */
static void
part_activations(struct tscope *tm, struct print_lines *out)
{
	static const int f[] = { DRILL_DATE, DRILL_START };
	struct drill_ref *v;
	struct txn t;
	const char *when[2];
	size_t n, i, len[2];
	uint32_t inc;
	char *run, *s;

	if (!may_drills(tm->school != 0 ? tm->school : access_school()))
		return;
	if ((n = term_drills(tm, true, &v)) == 0 ||
	    txn_read(tm->db, &t) != 0) {
		free(v);
		return;
	}
	print_lines_add(out, xstrdup(_("Call trees activated for incidents")));
	for (i = 0; i < n; i++) {
		if (rec_peek(&t, RT_DRILL, v[i].drill, 2, f, when, len) != 0 ||
		    (run = ct_run_summary(&t, v[i].drill)) == NULL)
			continue;
		/* The incident's number only to those who may see it. */
		inc = ct_run_incident(&t, v[i].drill);
		s = inc_visible(&t, inc) ? xasprintf(_("%.*s %.*s, for "
		    "incident #%u: %s"), (int)len[0], when[0], (int)len[1],
		    when[1], inc, run) : xasprintf(_("%.*s %.*s, for an "
		    "incident: %s"), (int)len[0], when[0], (int)len[1], when[1],
		    run);
		print_flow_text(out, s, 2, 4, tm->width);
		free(s);
		free(run);
	}
	txn_end(&t);
	print_lines_add(out, xstrdup(""));
	free(v);
}

/* ---- the care log: each mentor's work against the worklist ---- */

/* A staff member's entries of the term, by kind. */
struct work {
	unsigned	 talks;
	unsigned	 visits;
	unsigned	 calls;
	unsigned	 all;
};

static void
staff_work(struct txn *t, uint32_t staff, const char *from, const char *to,
    struct work *w)
{
	static const int kf[] = { LOG_KIND };
	struct care_filter f = { from, to, -1 };
	struct idlist ids = { 0 };
	const char *v;
	size_t len, i;
	char kind[16];

	memset(w, 0, sizeof *w);
	care_of_staff(t, staff, &f, &ids);
	for (i = 0; i < ids.n; i++) {
		if (rec_peek(t, RT_LOG, ids.v[i], 1, kf, &v, &len) != 0 ||
		    len >= sizeof kind)
			continue;
		memcpy(kind, v, len);
		kind[len] = '\0';
		w->all++;
		switch (care_kind_of(kind)) {
		case CK_TALK:
			w->talks++;
			break;
		case CK_VISIT:
			w->visits++;
			break;
		case CK_CALL_GUARDIAN:
		case CK_CALL_PARENTS:
		case CK_FAMILY_CALL:
			w->calls++;
			break;
		}
	}
	idl_free(&ids);
}

/*
 * The talks the worklist asks of a mentor in the term: one every
 * talk_days (talk_days_key for a child of key support) for each mentee
 * on the term's last day, over the days of the term.
 */
static unsigned
talk_target(struct txn *t, const struct idlist *kids, const char *from,
    const char *to, const struct settings *set)
{
	static const int kf[] = { CHILD_KEY_SUPPORT };
	long days = date_days(to) - date_days(from) + 1;
	unsigned n = 0;
	const char *v;
	size_t len, i;
	int every;

	if (days <= 0)
		return 0;
	for (i = 0; i < kids->n; i++) {
		every = rec_peek(t, RT_CHILD, kids->v[i], 1, kf, &v, &len) == 0 &&
		    len == 1 && *v == '1' ? set->talk_days_key : set->talk_days;
		if (every > 0)
			n += (unsigned)((days + every - 1) / every);
	}
	return n;
}

/* A line of the mentors' table. */
static void
work_row(struct print_lines *out, const char *name, unsigned mentees,
    unsigned target, const struct work *w)
{
	struct buf b = { 0 };
	char num[32];

	buf_addstr(&b, "  ");
	print_fit(&b, name, 16, true);
	snprintf(num, sizeof num, "%u", mentees);
	u_fit_right(&b, num, 8);
	snprintf(num, sizeof num, "%u/%u", w->talks, target);
	u_fit_right(&b, num, 14);
	/* A home visit to each mentee a term (the worklist's rule). */
	snprintf(num, sizeof num, "%u/%u", w->visits, mentees);
	u_fit_right(&b, num, 14);
	snprintf(num, sizeof num, "%u", w->calls);
	u_fit_right(&b, num, 8);
	snprintf(num, sizeof num, "%u", w->all);
	u_fit_right(&b, num, 8);
	print_lines_take(out, &b);
}

/* The staff of the scope the login may assess (sheet_staff() below). */
static void sheet_staff(struct txn *, uint32_t, struct idlist *);

static void
part_care(struct tscope *tm, struct print_lines *out)
{
	struct idlist staff = { 0 }, kids = { 0 };
	struct settings set;
	struct work w, sum = { 0 };
	struct buf b = { 0 };
	struct rec *st;
	struct txn t;
	unsigned target, targets = 0, mentees = 0;
	char *s;
	size_t i;

	if (txn_read(tm->db, &t) != 0)
		return;
	settings_read(&t, &set);
	sheet_staff(&t, tm->school, &staff);
	print_lines_add(out, xstrdup(_("Care log: talks, home visits and "
	    "calls of each mentor")));
	s = xasprintf(_("The worklist asks for a talk with each mentee every "
	    "%d days (every %d days for key support), and a home visit each "
	    "term."), set.talk_days,
	    set.talk_days_key);
	print_flow_text(out, s, 2, 2, tm->width);
	free(s);
	buf_addstr(&b, "  ");
	u_fit(&b, _("Mentor"), 16, true);
	u_fit_right(&b, _("mentees"), 8);
	u_fit_right(&b, _("talks/target"), 14);
	u_fit_right(&b, _("visits/target"), 14);
	u_fit_right(&b, _("calls"), 8);
	u_fit_right(&b, _("entries"), 8);
	print_lines_take(out, &b);
	buf_free(&b);
	for (i = 0; i < staff.n; i++) {
		staff_mentees(&t, staff.v[i], tm->to, &kids);
		staff_work(&t, staff.v[i], tm->from, tm->to, &w);
		if ((kids.n == 0 && w.all == 0) ||
		    rec_get(&t, RT_STAFF, staff.v[i], &st) != 0) {
			idl_free(&kids);
			continue;
		}
		target = talk_target(&t, &kids, tm->from, tm->to, &set);
		work_row(out, rec_str(st, STAFF_NAME), (unsigned)kids.n, target,
		    &w);
		mentees += (unsigned)kids.n;
		targets += target;
		sum.talks += w.talks;
		sum.visits += w.visits;
		sum.calls += w.calls;
		sum.all += w.all;
		rec_free(st);
		idl_free(&kids);
	}
	txn_end(&t);
	idl_free(&staff);
	if (sum.all == 0)
		print_flow_text(out, _("Care log: not recorded in the term."),
		    2, 2, tm->width);
	work_row(out, _("total"), mentees, targets, &sum);
	print_lines_add(out, xstrdup(""));
}

/* ---- meetings held, and who came ---- */

static void
part_meetings(struct tscope *tm, struct print_lines *out)
{
	struct meeting_sum *m = NULL;
	struct rec *sc;
	struct txn t;
	size_t n = 0, i, held = 0, invited = 0, present = 0;
	char *s, *where;

	if (txn_read(tm->db, &t) != 0)
		return;
	meeting_scan(&t, tm->school, tm->from, tm->to, NULL, &m, &n);
	/* Every school's: each line says whose. */
	for (i = 0; tm->school == 0 && i < n; i++)
		if (rec_get(&t, RT_SCHOOL, m[i].school, &sc) == 0) {
			where = xasprintf("%s %s", rec_str(sc, SCHOOL_NAME),
			    m[i].topic);
			free(m[i].topic);
			m[i].topic = where;
			rec_free(sc);
		}
	txn_end(&t);
	print_lines_add(out, xstrdup(_("Meetings and activities")));
	if (n == 0)
		print_flow_text(out, _("No meeting was held in the term."), 2,
		    2, tm->width);
	for (i = 0; i < n; i++) {
		if (m[i].present + m[i].absent > 0) {
			held++;
			invited += m[i].invited;
			present += m[i].present;
			s = xasprintf(_("%s %s: %s, %zu of %zu present"),
			    m[i].date, choice_label(meeting_kind_choices,
			    m[i].kind), m[i].topic, m[i].present,
			    m[i].invited);
		} else
			s = xasprintf(_("%s %s: %s, attendance not recorded"),
			    m[i].date, choice_label(meeting_kind_choices,
			    m[i].kind), m[i].topic);
		print_flow_text(out, s, 2, 4, tm->width);
		free(s);
	}
	if (held > 0) {
		s = xasprintf(_("Meetings held with their attendance: %zu; "
		    "present %zu of %zu invited (%zu%%)."), held, present,
		    invited, invited > 0 ? (present * 100 + invited / 2) /
		    invited : 0);
		print_flow_text(out, s, 2, 2, tm->width);
		free(s);
	}
	print_lines_add(out, xstrdup(""));
	meeting_sums_free(m, n);
}

/* ---- incidents by kind ---- */

static void
part_incidents(struct tscope *tm, struct print_lines *out)
{
	size_t counts[IK__N], n, k;
	struct txn t;
	char *s;

	if (txn_read(tm->db, &t) != 0)
		return;
	n = inc_count_by_kind(&t, tm->school, tm->from, tm->to, counts);
	txn_end(&t);
	print_lines_add(out, xstrdup(_("Incidents (突发事件)")));
	if (n == 0)
		print_flow_text(out, _("No incident in the term."), 2, 2,
		    tm->width);
	for (k = 0; k < IK__N; k++)
		if (counts[k] > 0) {
			s = xasprintf("%s: %zu", choice_label(
			    incident_kind_choices, incident_kind_choices[k].key),
			    counts[k]);
			print_flow_text(out, s, 2, 4, tm->width);
			free(s);
		}
	if (n > 0) {
		s = xasprintf(_("Incidents in all: %zu"), n);
		print_flow_text(out, s, 2, 2, tm->width);
		free(s);
	}
	print_lines_add(out, xstrdup(""));
}

/* ---- the term's work as CSV: one row a figure ---- */

/* A school's name, "" for 0 or one that cannot be read. */
static char *
school_title(struct txn *t, uint32_t id)
{
	struct rec *sc;
	char *s;

	if (id == 0 || rec_get(t, RT_SCHOOL, id, &sc) != 0)
		return xstrdup("");
	s = xstrdup(rec_str(sc, SCHOOL_NAME));
	rec_free(sc);
	return s;
}

static void
csv_care(struct tscope *tm, struct txn *t, struct buf *out)
{
	struct idlist staff = { 0 }, kids = { 0 };
	struct settings set;
	struct work w;
	struct rec *st;
	char *school;
	size_t i;

	settings_read(t, &set);
	sheet_staff(t, tm->school, &staff);
	for (i = 0; i < staff.n; i++) {
		staff_mentees(t, staff.v[i], tm->to, &kids);
		staff_work(t, staff.v[i], tm->from, tm->to, &w);
		if ((kids.n == 0 && w.all == 0) ||
		    rec_get(t, RT_STAFF, staff.v[i], &st) != 0) {
			idl_free(&kids);
			continue;
		}
		school = school_title(t, rec_ref(st, STAFF_SCHOOL));
		rep_csv_row(out, "care", school, rec_str(st, STAFF_NAME), "mentees",
		    kids.n);
		rep_csv_row(out, "care", school, rec_str(st, STAFF_NAME), "talks",
		    w.talks);
		rep_csv_row(out, "care", school, rec_str(st, STAFF_NAME),
		    "talks_target", talk_target(t, &kids, tm->from, tm->to,
		    &set));
		rep_csv_row(out, "care", school, rec_str(st, STAFF_NAME),
		    "home_visits", w.visits);
		rep_csv_row(out, "care", school, rec_str(st, STAFF_NAME),
		    "home_visits_target", kids.n);
		rep_csv_row(out, "care", school, rec_str(st, STAFF_NAME), "calls",
		    w.calls);
		rep_csv_row(out, "care", school, rec_str(st, STAFF_NAME), "entries",
		    w.all);
		free(school);
		rec_free(st);
		idl_free(&kids);
	}
	idl_free(&staff);
}

static void
csv_meetings(struct tscope *tm, struct txn *t, struct buf *out)
{
	struct meeting_sum *m = NULL;
	size_t n = 0, i;
	char *school, *item;

	meeting_scan(t, tm->school, tm->from, tm->to, NULL, &m, &n);
	for (i = 0; i < n; i++) {
		school = school_title(t, m[i].school);
		item = xasprintf("#%u %s %s %s", m[i].id, m[i].date,
		    m[i].kind, m[i].topic);
		rep_csv_row(out, "meeting", school, item, "invited", m[i].invited);
		if (m[i].present + m[i].absent > 0) {
			rep_csv_row(out, "meeting", school, item, "present",
			    m[i].present);
			rep_csv_row(out, "meeting", school, item, "absent",
			    m[i].absent);
		}
		free(item);
		free(school);
	}
	meeting_sums_free(m, n);
}

/* The drills (or the runs for an incident) of the term, v[n]. */
static void
csv_runs(struct txn *t, const struct drill_ref *v, size_t n,
    bool activations, struct buf *out)
{
	static const int f[] = { DRILL_DATE, DRILL_START };
	struct rec *tr;
	const char *when[2];
	size_t i, called, reached, len[2];
	uint32_t inc;
	const char *part = activations ? "activation" : "drill";
	char *school, *item;

	for (i = 0; i < n; i++) {
		if (rec_peek(t, RT_DRILL, v[i].drill, 2, f, when, len) != 0 ||
		    rec_get(t, RT_TREE, v[i].tree, &tr) != 0)
			continue;
		school = school_title(t, rec_ref(tr, TREE_SCHOOL));
		inc = activations ? ct_run_incident(t, v[i].drill) : 0;
		if (!activations)
			item = xasprintf("#%u %.*s %.*s %s", v[i].drill,
			    (int)len[0], when[0], (int)len[1], when[1],
			    rec_str(tr, TREE_NAME));
		else if (inc_visible(t, inc))
			item = xasprintf("#%u %.*s %.*s incident #%u",
			    v[i].drill, (int)len[0], when[0], (int)len[1],
			    when[1], inc);
		else
			item = xasprintf("#%u %.*s %.*s incident", v[i].drill,
			    (int)len[0], when[0], (int)len[1], when[1]);
		ct_drill_counts(t, v[i].drill, &called, &reached);
		rep_csv_row(out, part, school, item, "lines_called", called);
		rep_csv_row(out, part, school, item, "lines_reached", reached);
		free(item);
		free(school);
		rec_free(tr);
	}
}

static void
csv_incidents(struct tscope *tm, struct txn *t, struct buf *out)
{
	size_t counts[IK__N], k;
	char *school = school_title(t, tm->school);

	inc_count_by_kind(t, tm->school, tm->from, tm->to, counts);
	for (k = 0; k < IK__N; k++)
		rep_csv_row(out, "incidents", school, incident_kind_choices[k].key,
		    "count", counts[k]);
	free(school);
}

void
rep_term_csv(struct db *db, uint32_t school, const char *from,
    const char *to, struct buf *out)
{
	struct tscope tm = { db, school, from, to, 0 };
	struct drill_ref *drills = NULL, *runs = NULL;
	size_t ndrills = 0, nruns = 0;
	struct txn t;

	/* Drills only for those who may see the school's. */
	if (may_drills(school != 0 ? school : access_school())) {
		ndrills = term_drills(&tm, false, &drills);
		nruns = term_drills(&tm, true, &runs);
	}
	if (txn_read(db, &t) == 0) {
		csv_care(&tm, &t, out);
		csv_meetings(&tm, &t, out);
		csv_runs(&t, drills, ndrills, false, out);
		csv_runs(&t, runs, nruns, true, out);
		csv_incidents(&tm, &t, out);
		txn_end(&t);
	}
	free(drills);
	free(runs);
}

static const struct {
	void	(*add)(struct tscope *, struct print_lines *);
} term_parts[] = {
	{ part_care },
	{ part_meetings },
	{ part_drills },
	{ part_activations },
	{ part_incidents },
};

void
rep_term_work(struct db *db, uint32_t school, const char *from,
    const char *to, int width, struct print_lines *out)
{
	struct tscope tm = { db, school, from, to, width };
	size_t i;

	for (i = 0; i < nitems(term_parts); i++)
		term_parts[i].add(&tm, out);
}

/* ---- the assessment sheets ---- */

/*
 * Lines called and reached in the term's drills (not in the runs for an
 * incident), by staff id.
 */
struct drill_calls {
	uint32_t	*called;
	uint32_t	*reached;
	size_t		 n;
};

static void
staff_drill_calls(struct txn *t, const char *from, const char *to,
    struct drill_calls *dc)
{
	struct rec_iter it;
	struct idlist drills = { 0 }, runs = { 0 };
	struct rec *d;
	enum rtype type;
	uint32_t id;
	size_t k;

	ct_activations(t, &runs);
	rec_iter_start(t, RT_DRILL, &it);
	while ((d = rec_iter_next(&it)) != NULL) {
		if (in_term(rec_str(d, DRILL_DATE), from, to) &&
		    !idl_has(&runs, d->id))
			idl_add(&drills, d->id);
		rec_free(d);
	}
	rec_iter_end(&it);
	idl_free(&runs);
	idl_uniq(&drills);
	rec_iter_start(t, RT_CALL, &it);
	while ((d = rec_iter_next(&it)) != NULL) {
		if (idl_has(&drills, rec_ref(d, CALL_DRILL)) &&
		    person_parse(rec_str(d, CALL_WHO), &type, &id) &&
		    type == RT_STAFF) {
			if (id >= dc->n) {
				k = dc->n;
				dc->n = id + 64;
				dc->called = xreallocarray(dc->called, dc->n,
				    sizeof *dc->called);
				dc->reached = xreallocarray(dc->reached, dc->n,
				    sizeof *dc->reached);
				memset(dc->called + k, 0, (dc->n - k) *
				    sizeof *dc->called);
				memset(dc->reached + k, 0, (dc->n - k) *
				    sizeof *dc->reached);
			}
			dc->called[id]++;
			if (strcmp(rec_str(d, CALL_REACHED), "1") == 0)
				dc->reached[id]++;
		}
		rec_free(d);
	}
	rec_iter_end(&it);
	idl_free(&drills);
}

/* The staff whose sheets the login may have. */
static void
sheet_staff(struct txn *t, uint32_t school, struct idlist *ids)
{
	struct rec_iter it;
	struct rec *s;
	uint32_t sc;

	rec_iter_start(t, RT_STAFF, &it);
	while ((s = rec_iter_next(&it)) != NULL) {
		sc = rec_ref(s, STAFF_SCHOOL);
		if ((school == 0 || sc == school) && (access_admin() ||
		    (access_roles() & AR_SUPERVISOR) ||
		    access_school_lead(sc) || s->id == access_staff()))
			idl_add(ids, s->id);
		rec_free(s);
	}
	rec_iter_end(&it);
}

/* A class of a teacher's mentees, and how many. */
struct mclass {
	char	*grade;
	char	*cls;
	size_t	 n;
};

static int
mclass_cmp(const void *a, const void *b)
{
	const struct mclass *x = a, *y = b;
	int d;

	if ((d = rep_part_cmp(x->grade, y->grade)) != 0)
		return d;
	return rep_part_cmp(x->cls, y->cls);
}

/* Mentees by class in grade and class order: "3年级2班 4, 4年级1班 2". */
static char *
mentee_classes(struct txn *t, const struct idlist *kids)
{
	static const int fields[] = { CHILD_GRADE, CHILD_CLASS };
	struct buf b = { 0 };
	struct mclass *v = NULL;
	size_t n = 0, i, j;
	const char *f[2];
	size_t len[2];
	char *l;

	for (i = 0; i < kids->n; i++) {
		if (rec_peek(t, RT_CHILD, kids->v[i], 2, fields, f, len) != 0)
			continue;
		for (j = 0; j < n; j++)
			if (strlen(v[j].grade) == len[0] &&
			    memcmp(v[j].grade, f[0], len[0]) == 0 &&
			    strlen(v[j].cls) == len[1] &&
			    memcmp(v[j].cls, f[1], len[1]) == 0)
				break;
		if (j == n) {
			v = xreallocarray(v, n + 1, sizeof *v);
			v[n].grade = xstrndup(f[0], len[0]);
			v[n].cls = xstrndup(f[1], len[1]);
			v[n++].n = 0;
		}
		v[j].n++;
	}
	if (n > 0)
		qsort(v, n, sizeof *v, mclass_cmp);
	for (j = 0; j < n; j++) {
		l = class_label(v[j].grade, v[j].cls);
		buf_addf(&b, "%s%s %zu", j > 0 ? ", " : "", l, v[j].n);
		free(l);
		free(v[j].grade);
		free(v[j].cls);
	}
	free(v);
	return b.s != NULL ? buf_take(&b) : xstrdup("");
}

/* The meetings of the term the staff member ran. */
static size_t
meetings_run(struct txn *t, const struct rec *st, const char *from,
    const char *to)
{
	static const int bf[] = { MEETING_BY };
	struct meeting_sum *m = NULL;
	size_t n = 0, i, run = 0, len;
	const char *v;
	char id[16];

	meeting_scan(t, rec_ref(st, STAFF_SCHOOL), from, to, NULL, &m, &n);
	snprintf(id, sizeof id, "%u", st->id);
	for (i = 0; i < n; i++)
		if (rec_peek(t, RT_MEETING, m[i].id, 1, bf, &v, &len) == 0 &&
		    len == strlen(id) && memcmp(v, id, len) == 0)
			run++;
	meeting_sums_free(m, n);
	return run;
}

static void
staff_sheet(struct txn *t, const struct rec *st, const char *from,
    const char *to, const struct drill_calls *dc, int width,
    struct print_lines *out)
{
	struct idlist kids = { 0 };
	struct work w;
	struct rec *sc;
	char *s, *roles, *cls;
	size_t i;

	s = xasprintf(_("Assessment sheet (考评表): %s"), rec_str(st,
	    STAFF_NAME));
	print_lines_add(out, print_trunc(s, width));
	free(s);
	print_lines_add(out, xstrdup(""));
	if (rec_get(t, RT_SCHOOL, rec_ref(st, STAFF_SCHOOL), &sc) == 0) {
		s = xasprintf(_("School name: %s"), rec_str(sc, SCHOOL_NAME));
		print_flow_text(out, s, 0, 2, width);
		free(s);
		rec_free(sc);
	}
	roles = field_display(&st->sc->fields[STAFF_ROLES], rec_str(st,
	    STAFF_ROLES));
	s = xasprintf(_("Roles: %s"), *roles != '\0' ? roles : _("none"));
	print_flow_text(out, s, 0, 2, width);
	free(s);
	free(roles);
	if (*rec_str(st, STAFF_GRADE) != '\0') {
		cls = class_label(rec_str(st, STAFF_GRADE), rec_str(st,
		    STAFF_CLASS));
		s = xasprintf(_("Class teacher of: %s"), cls);
		print_flow_text(out, s, 0, 2, width);
		free(s);
		free(cls);
	}
	if (from != NULL)
		s = xasprintf(_("The term: %s to %s"), from, to);
	else
		s = xasprintf(_("On %s"), to);
	print_flow_text(out, s, 0, 2, width);
	free(s);
	print_lines_add(out, xstrdup(""));

	staff_mentees(t, st->id, to, &kids);
	s = xasprintf(_("Mentees (结对帮扶) on %s: %zu"), to, kids.n);
	print_flow_text(out, s, 0, 2, width);
	free(s);
	if (kids.n > 0) {
		cls = mentee_classes(t, &kids);
		s = xasprintf(_("by class: %s"), cls);
		print_flow_text(out, s, 2, 4, width);
		free(s);
		free(cls);
	}
	idl_free(&kids);
	i = st->id;
	if (from != NULL) {
		staff_work(t, st->id, from, to, &w);
		s = xasprintf(_("Care log in the term: %u talks, %u home visits, "
		    "%u calls (%u entries in all)"), w.talks, w.visits,
		    w.calls, w.all);
		print_flow_text(out, s, 0, 2, width);
		free(s);
		s = xasprintf(_("Meetings and activities run in the term: %zu"),
		    meetings_run(t, st, from, to));
		print_flow_text(out, s, 0, 2, width);
		free(s);
		s = xasprintf(_("Lines of call-tree drills called in the term: "
		    "%u; reached: %u"), i < dc->n ? dc->called[i] : 0,
		    i < dc->n ? dc->reached[i] : 0);
		print_flow_text(out, s, 0, 2, width);
		free(s);
	}
	print_lines_add(out, xstrdup(""));
	print_lines_add(out, xstrdup(_("Assessment (考评):")));
	print_lines_add(out, xstrdup(""));
	print_lines_add(out, xstrdup(_("  Grade:  [ ] excellent (优秀)   [ ] "
	    "good (良好)   [ ] pass (合格)   [ ] fail (不合格)")));
	print_lines_add(out, xstrdup(""));
	print_lines_add(out, xstrdup(_("  Remarks:")));
	for (i = 0; i < 4; i++) {
		print_lines_add(out, xstrdup(""));
		s = print_rule('_', width - 4);
		print_lines_addf(out, "  %s", s);
		free(s);
	}
	print_lines_add(out, xstrdup(""));
	print_lines_add(out, xstrdup(_("  Assessed by: ____________   "
	    "Teacher: ____________   Date: ____________")));
}

struct sheet_head {
	const char	*date;
	int		 width;
};

static void
sheet_head(struct print_lines *out, int page, int pages, void *arg)
{
	const struct sheet_head *h = arg;
	char *right;

	right = xasprintf(_("%s  page %d/%d"), h->date, page, pages);
	print_lines_add(out, print_two_sided(_("Assessment of the term's "
	    "work"), right, h->width));
	free(right);
	print_lines_add(out, xstrdup(""));
}

int
rep_staff_doc(struct db *db, uint32_t school, const char *from,
    const char *to, const struct print_opts *o, struct print_doc *doc,
    char **cause)
{
	struct print_lines body = { 0 };
	struct drill_calls dc = { 0 };
	struct idlist ids = { 0 };
	struct sheet_head h;
	struct rec *st;
	struct txn t;
	bool *brk = NULL;
	int width = o->width > 0 ? o->width : PRINT_WIDTH;
	int lines = o->page_lines > 0 ? o->page_lines : PRINT_LINES;
	size_t i, start;
	int rc;

	if ((rc = txn_read(db, &t)) != 0) {
		set_cause(cause, _("cannot read the database"));
		return rc;
	}
	sheet_staff(&t, school, &ids);
	if (from != NULL)
		staff_drill_calls(&t, from, to, &dc);
	for (i = 0; i < ids.n; i++) {
		if (rec_get(&t, RT_STAFF, ids.v[i], &st) != 0)
			continue;
		start = body.n;
		staff_sheet(&t, st, from, to, &dc, width, &body);
		brk = xreallocarray(brk, body.n + 1, sizeof *brk);
		memset(brk + start, 0, (body.n - start + 1) * sizeof *brk);
		brk[start] = true;
		rec_free(st);
	}
	txn_end(&t);
	free(dc.called);
	free(dc.reached);
	idl_free(&ids);
	if (body.n == 0) {
		free(brk);
		set_cause(cause, "%s", _("there is no teacher whose sheet you "
		    "may print there"));
		return SH_ENOTFOUND;
	}
	h.date = o->date != NULL ? o->date : to;
	h.width = width;
	print_doc_init(doc, _("Assessment sheets"), width, lines);
	print_paginate(doc, body.v, body.n, brk, lines - 2, sheet_head, &h);
	free(brk);
	print_lines_free(&body);
	return 0;
}
