/*
 * calltree-drill.c -- drills of a call tree and their reports (ct_drill,
 * ct_report, ct_call_parse): see calltree.h.
 *
 * Drills record one RT_CALL per number tried, with the printed position
 * in its notes (the report groups by it), and mark on the contact cards
 * each number that did not answer (to verify) and each that did
 * (verified on the drill's date).
 *
 * Dates: the drill date is an option, defaulting to today.
 */
#include "config.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calltree-int.h"
#include "codec.h"
#include "i18n.h"
#include "incident.h"
#include "model.h"
#include "rec.h"
#include "schema.h"
#include "util.h"
#include "validate.h"

/* ---- the calls of a drill ---- */

/* One line of a drill: its primary call and, maybe, its backup call. */
struct dline {
	struct rec	*first;
	struct rec	*backup;
};

static bool
ct_dline_reached(const struct dline *l)
{
	return strcmp(rec_str(l->first, CALL_REACHED), "1") == 0 ||
	    (l->backup != NULL && strcmp(rec_str(l->backup, CALL_REACHED),
	    "1") == 0);
}

/* The drill's calls grouped into lines, in the order recorded. */
static size_t
ct_drill_lines(struct txn *t, uint32_t drill, struct dline **out)
{
	struct idlist ids = { 0 };
	struct dline *v;
	struct rec *c;
	size_t i, n = 0;

	ix_refs(t, IX_CALL_DRILL, drill, &ids);
	v = xcalloc(ids.n ? ids.n : 1, sizeof *v);
	for (i = 0; i < ids.n; i++) {
		if (rec_get(t, RT_CALL, ids.v[i], &c) != 0)
			continue;
		if (strcmp(rec_str(c, CALL_BY_BACKUP), "1") == 0 && n > 0 &&
		    v[n - 1].backup == NULL && strcmp(rec_str(v[n - 1].first,
		    CALL_POSITION), rec_str(c, CALL_POSITION)) == 0) {
			v[n - 1].backup = c;
			continue;
		}
		v[n].first = c;
		v[n++].backup = NULL;
	}
	idl_free(&ids);
	*out = v;
	return n;
}

static void
ct_dlines_free(struct dline *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		rec_free(v[i].first);
		rec_free(v[i].backup);
	}
	free(v);
}

/* The calls of a drill: lines called and reached. */
void
ct_drill_counts(struct txn *t, uint32_t drill, size_t *called, size_t *ok)
{
	struct dline *lines;
	size_t i, n;

	n = ct_drill_lines(t, drill, &lines);
	*called = n;
	for (*ok = 0, i = 0; i < n; i++)
		*ok += ct_dline_reached(&lines[i]);
	ct_dlines_free(lines, n);
}


/* ---- drills ---- */

int
ct_call_parse(const char *s, struct ct_call *c, char **cause)
{
	const struct field *tf = &schema_of(RT_CALL)->fields[CALL_TIME];
	const char *eq = strchr(s, '=');
	char *pos, *val, *tm = NULL, *reason = NULL;
	const char *v;
	int rc = -1;

	memset(c, 0, sizeof *c);
	if (eq == NULL) {
		set_cause(cause, _("\"%s\": write a result as POSITION=07:42 "
		    "(reached), POSITION=b:07:42 (through the backup) or "
		    "POSITION=x (not reached)"), s);
		return -1;
	}
	val = xstrndup(s, (size_t)(eq - s));
	pos = str_trim(val);
	free(val);
	val = str_trim(eq + 1);
	v = val;
	if (*pos == '\0' || strspn(pos, "0123456789.") != strlen(pos) ||
	    strlen(pos) >= sizeof c->pos) {
		set_cause(cause, _("\"%s\": not a position on the sheet, such "
		    "as 1.2.3"), s);
		goto out;
	}
	snprintf(c->pos, sizeof c->pos, "%s", pos);
	if (strcmp(v, "x") == 0 || strcmp(v, "X") == 0) {
		c->outcome = CT_NOT_REACHED;
		rc = 0;
		goto out;
	}
	c->outcome = CT_REACHED;
	if (strncmp(v, "b:", 2) == 0 || strncmp(v, "B:", 2) == 0) {
		c->outcome = CT_BY_BACKUP;
		v += 2;
	}
	if (field_normalize(tf, v, &tm, &reason) != 0 || *tm == '\0') {
		set_cause(cause, "\"%s\": %s", s, reason != NULL ? reason :
		    _("not a time of day: write it as 07:30"));
		goto out;
	}
	snprintf(c->time, sizeof c->time, "%s", tm);
	rc = 0;
out:
	free(pos);
	free(val);
	free(tm);
	free(reason);
	return rc;
}

/* What happened to one number, for the contact cards. */
struct phone_result {
	uint32_t	 contact;
	const char	*phone;
	bool		 answered;
};

static int
pr_cmp(const void *a, const void *b)
{
	const struct phone_result *x = a, *y = b;

	return x->contact < y->contact ? -1 : x->contact > y->contact;
}

struct drill_arg {
	uint32_t		 tree;
	int			 revision;
	const char		*date;
	const char		*start;
	const struct ct_call	*calls;
	size_t			 n;
	uint32_t		 drill;
	uint32_t		 incident;	/* an activation's; 0: a drill */
};

static int
call_put(struct txn *t, uint32_t drill, const char *pos, const char *who,
    const char *phone, bool reached, bool backup, const char *time,
    char **cause)
{
	struct rec *r = rec_new(RT_CALL);
	int rc;

	rec_set_ref(r, CALL_DRILL, drill);
	rec_set(r, CALL_WHO, who);
	rec_set(r, CALL_PHONE, phone);
	rec_set(r, CALL_REACHED, reached ? "1" : "0");
	rec_set(r, CALL_TIME, reached ? time : NULL);
	rec_set(r, CALL_BY_BACKUP, backup ? "1" : "0");
	rec_set(r, CALL_POSITION, pos);
	rc = rec_put(t, r, cause);
	rec_free(r);
	return rc;
}

static void
result_add(struct phone_result **v, size_t *n, const char *who,
    const char *phone, bool answered)
{
	enum rtype type;
	uint32_t id;

	if (*phone == '\0' || !person_parse(who, &type, &id) ||
	    type != RT_CONTACT)
		return;
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[*n].contact = id;
	(*v)[*n].phone = phone;
	(*v)[(*n)++].answered = answered;
}

/* Marks numbers verified or to verify on the contact cards. */
static int
mark_contacts(struct txn *t, struct phone_result *v, size_t n,
    const char *date, char **cause)
{
	struct rec *c;
	size_t i, j, k;
	const char *ph;
	int f, rc = 0, got;
	bool changed;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, pr_cmp);
	for (i = 0; i < n && rc == 0; i = j) {
		for (j = i; j < n && v[j].contact == v[i].contact; j++)
			;
		if (rec_get(t, RT_CONTACT, v[i].contact, &c) != 0)
			continue;
		changed = false;
		for (f = 0; f < CONTACT_PHONES; f++) {
			ph = rec_str(c, contact_phone_field(f));
			got = 0;
			for (k = i; k < j && *ph != '\0'; k++)
				if (ct_same_phone(ph, v[k].phone))
					got |= v[k].answered ? 2 : 1;
			if (got & 2) {
				if (strcmp(rec_str(c, contact_verified_field(f)),
				    date) < 0)
					rec_set(c, contact_verified_field(f),
					    date);
				rec_set(c, contact_failed_field(f), NULL);
				changed = true;
			} else if (got & 1) {
				rec_set(c, contact_failed_field(f), date);
				changed = true;
			}
		}
		if (changed)
			rc = rec_put(t, c, cause);
		rec_free(c);
	}
	return rc;
}

static int
drill_calls(struct txn *t, struct drill_arg *a, const struct ct_tree *tr,
    const int *line, struct phone_result **res, size_t *nres, char **cause)
{
	const struct ct_node *nd;
	const struct ct_call *c;
	const char *bwho;
	size_t i;
	int rc = 0;
	bool ok;

	for (i = 0; i < a->n && rc == 0; i++) {
		c = &a->calls[i];
		nd = &tr->nodes[line[i]];
		ok = c->outcome == CT_REACHED;
		rc = call_put(t, a->drill, nd->pos, nd->who, nd->phone, ok,
		    false, c->time, cause);
		result_add(res, nres, nd->who, nd->phone, ok);
		if (rc != 0 || ok || *nd->backup_phone == '\0')
			continue;
		ok = c->outcome == CT_BY_BACKUP;
		bwho = *nd->backup != '\0' ? nd->backup : nd->who;
		rc = call_put(t, a->drill, nd->pos, bwho, nd->backup_phone, ok,
		    true, c->time, cause);
		result_add(res, nres, bwho, nd->backup_phone, ok);
	}
	return rc;
}

char *
ct_run_summary(struct txn *t, uint32_t drill)
{
	struct rec *d, *tr;
	size_t called, ok;
	char *name, *s;

	if (rec_get(t, RT_DRILL, drill, &d) != 0)
		return NULL;
	if (rec_get(t, RT_TREE, rec_ref(d, DRILL_TREE), &tr) == 0) {
		name = xstrdup(rec_str(tr, TREE_NAME));
		rec_free(tr);
	} else
		name = xasprintf("#%u", rec_ref(d, DRILL_TREE));
	ct_drill_counts(t, drill, &called, &ok);
	s = xasprintf(_("call tree \"%s\", run #%u: %zu of %zu lines "
	    "reached, %zu not reached"), name, drill, ok, called,
	    called - ok);
	free(name);
	rec_free(d);
	return s;
}

static int
drill_write(struct txn *t, void *arg, char **cause)
{
	struct drill_arg *a = arg;
	struct phone_result *res = NULL;
	struct ct_tree tr;
	struct rec *d = NULL;
	size_t i, nres = 0;
	int *line = NULL, rc;
	bool *seen = NULL;
	char num[16], *notes;

	a->drill = 0;
	if (!ct_may_use(t, a->tree, cause))
		return SH_EPERM;
	if ((rc = ct_load_txn(t, a->tree, false, &tr, cause)) != 0)
		return rc;
	if ((rc = ct_revision_check(&tr, a->revision, cause)) != 0)
		goto out;
	line = xcalloc(a->n + 1, sizeof *line);
	seen = xcalloc(tr.n + 1, sizeof *seen);
	for (i = 0; i < a->n; i++) {
		line[i] = ct_find_pos(&tr, a->calls[i].pos);
		if (line[i] >= 0 && seen[line[i]]) {
			set_cause(cause, _("line %s is given twice"),
			    a->calls[i].pos);
			rc = SH_EINVAL;
			goto out;
		}
		if (line[i] >= 0)
			seen[line[i]] = true;
		if (line[i] < 0) {
			set_cause(cause, _("there is no line %s in the tree "
			    "(version %d)"), a->calls[i].pos, tr.revision);
			rc = SH_EINVAL;
			goto out;
		}
		/* Else it would be recorded as not reached, its number failed. */
		if (a->calls[i].outcome == CT_BY_BACKUP &&
		    *tr.nodes[line[i]].backup_phone == '\0') {
			set_cause(cause, _("line %s has no backup on the "
			    "sheet: write the time it was reached, or x"),
			    a->calls[i].pos);
			rc = SH_EINVAL;
			goto out;
		}
	}
	d = rec_new(RT_DRILL);
	rec_set_ref(d, DRILL_TREE, a->tree);
	rec_set(d, DRILL_DATE, a->date);
	rec_set(d, DRILL_START, a->start);
	snprintf(num, sizeof num, "%d", tr.revision);
	rec_set(d, DRILL_REVISION, num);
	if (a->incident != 0) {
		notes = xasprintf(_("activated for incident #%u"), a->incident);
		rec_set(d, DRILL_NOTES, notes);
		free(notes);
	}
	if ((rc = rec_put(t, d, cause)) != 0)
		goto out;
	a->drill = d->id;
	if ((rc = drill_calls(t, a, &tr, line, &res, &nres, cause)) == 0)
		rc = mark_contacts(t, res, nres, a->date, cause);
	if (rc == 0 && a->incident != 0)
		rc = inc_note_calltree(t, a->incident, a->drill, a->date,
		    a->start, NULL, cause);
out:
	rec_free(d);
	free(res);
	free(line);
	free(seen);
	ct_free(&tr);
	return rc;
}

int
ct_drill(struct db *db, uint32_t tree, int revision, const char *date,
    const char *start, const struct ct_call *calls, size_t n,
    uint32_t *drill, char **cause)
{
	return ct_activate(db, tree, revision, 0, date, start, calls, n, drill,
	    cause);
}

int
ct_activate(struct db *db, uint32_t tree, int revision, uint32_t incident,
    const char *date, const char *start, const struct ct_call *calls,
    size_t n, uint32_t *drill, char **cause)
{
	const struct schema *sc = schema_of(RT_DRILL);
	struct drill_arg a = { tree, revision, NULL, NULL, calls, n, 0,
	    incident };
	char *d = NULL, *s = NULL, *reason = NULL;
	int rc = SH_EINVAL;

	if (field_normalize(&sc->fields[DRILL_DATE], date, &d, &reason) != 0 ||
	    *d == '\0')
		set_cause(cause, "%s \"%s\": %s", _("Date"), date,
		    reason != NULL ? reason : _("required"));
	else if (field_normalize(&sc->fields[DRILL_START], start, &s,
	    &reason) != 0 || *s == '\0')
		set_cause(cause, "%s \"%s\": %s", _("Started at"), start,
		    reason != NULL ? reason : _("required"));
	else {
		a.date = d;
		a.start = s;
		rc = db_write(db, drill_write, &a, cause);
		*drill = a.drill;
	}
	free(d);
	free(s);
	free(reason);
	return rc;
}

/*
 * An activation is told from a drill by the incident's timeline, which
 * holds the run (inc_note_calltree() in the same transaction): the
 * drill record's notes are words for the reader, in her language.
 */
static uint32_t
runs_for_incidents(struct txn *t, uint32_t drill, struct idlist *all)
{
	struct rec_iter it;
	struct rec *a;
	uint32_t run, incident = 0;

	rec_iter_start(t, RT_IACTION, &it);
	while (incident == 0 && (a = rec_iter_next(&it)) != NULL) {
		if ((run = rec_ref(a, IACTION_DRILL)) != 0) {
			if (all != NULL)
				idl_add(all, run);
			else if (run == drill)
				incident = rec_ref(a, IACTION_INCIDENT);
		}
		rec_free(a);
	}
	rec_iter_end(&it);
	if (all != NULL)
		idl_uniq(all);
	return incident;
}

uint32_t
ct_run_incident(struct txn *t, uint32_t drill)
{
	return runs_for_incidents(t, drill, NULL);
}

void
ct_activations(struct txn *t, struct idlist *runs)
{
	runs_for_incidents(t, 0, runs);
}

/* ---- the report of a drill ---- */

static int
minutes(const char *start, const char *time)
{
	int sh, sm, th, tm;

	if (sscanf(start, "%d:%d", &sh, &sm) != 2 ||
	    sscanf(time, "%d:%d", &th, &tm) != 2)
		return 0;
	return ((th * 60 + tm) - (sh * 60 + sm) + 1440) % 1440;
}

/* A failed call of a drill: its number and its place in the report. */
struct failkey {
	const char	*phone;
	size_t		 at;		/* 2 * line, + 1 for the backup call */
};

static int
failkey_cmp(const void *a, const void *b)
{
	const struct failkey *x = a, *y = b;
	int c = strcmp(x->phone, y->phone);

	if (c != 0)
		return c;
	return x->at < y->at ? -1 : x->at > y->at;
}

static const struct rec *
dline_call(const struct dline *l, int k)
{
	return k == 0 ? l->first : l->backup;
}

static bool
call_failed(const struct rec *c)
{
	return c != NULL && *rec_str(c, CALL_PHONE) != '\0' &&
	    strcmp(rec_str(c, CALL_REACHED), "1") != 0;
}

/*
 * Marks in first[2 * i + k] each failed call (line i, primary or backup
 * k) whose number did not fail on an earlier call of the report: a
 * number is listed once, also when it failed both as a line's own and
 * as another line's backup.
 */
static void
first_failures(const struct dline *lines, size_t n, bool *first)
{
	struct failkey *v = xcalloc(2 * n + 1, sizeof *v);
	size_t i, nv = 0;
	int k;

	for (i = 0; i < n; i++)
		for (k = 0; k < 2; k++)
			if (call_failed(dline_call(&lines[i], k))) {
				v[nv].phone = rec_str(dline_call(&lines[i], k),
				    CALL_PHONE);
				v[nv++].at = 2 * i + (size_t)k;
			}
	qsort(v, nv, sizeof *v, failkey_cmp);
	for (i = 0; i < nv; i++)
		first[v[i].at] = i == 0 || strcmp(v[i].phone,
		    v[i - 1].phone) != 0;
	free(v);
}

static const char *
reached_at(const struct dline *l)
{
	if (strcmp(rec_str(l->first, CALL_REACHED), "1") == 0)
		return rec_str(l->first, CALL_TIME);
	return l->backup != NULL ? rec_str(l->backup, CALL_TIME) : "";
}

/* "1.2" for "1.2.3.4": the branch under the top. */
static bool
in_branch(const char *pos, const char *branch)
{
	size_t n = strlen(branch);

	return strncmp(pos, branch, n) == 0 && (pos[n] == '\0' ||
	    pos[n] == '.');
}

static void
report_branches(struct txn *t, const struct dline *lines, size_t n,
    const char *start, struct ct_msgs *m)
{
	size_t i, j, called, ok;
	const char *pos;
	char *name;
	int last, mins;

	ct_msg_add(m, "%s", _("Minutes from the start to the last line "
	    "reached, by branch:"));
	for (i = 0; i < n; i++) {
		pos = rec_str(lines[i].first, CALL_POSITION);
		if (strchr(pos, '.') == NULL || strchr(strchr(pos, '.') + 1,
		    '.') != NULL)
			continue;
		called = ok = 0;
		last = -1;
		for (j = 0; j < n; j++) {
			if (!in_branch(rec_str(lines[j].first, CALL_POSITION), pos))
				continue;
			called++;
			if (ct_dline_reached(&lines[j])) {
				ok++;
				mins = minutes(start, reached_at(&lines[j]));
				if (mins > last)
					last = mins;
			}
		}
		name = ct_person_name(t, rec_str(lines[i].first, CALL_WHO));
		if (last >= 0)
			ct_msg_add(m, _("  %s %s: %zu of %zu lines reached, "
			    "the last after %d minutes"), pos, name, ok, called,
			    last);
		else
			ct_msg_add(m, _("  %s %s: none of %zu lines reached"),
			    pos, name, called);
		free(name);
	}
}

static void
report_failures(struct txn *t, const struct dline *lines, size_t n,
    struct ct_msgs *m)
{
	size_t i, bad = 0;
	const struct rec *c;
	char *name, *bname;
	bool *first;
	int k;

	ct_msg_add(m, "%s", _("Not reached:"));
	for (i = 0; i < n; i++) {
		if (ct_dline_reached(&lines[i]))
			continue;
		name = ct_person_name(t, rec_str(lines[i].first, CALL_WHO));
		if (lines[i].backup != NULL) {
			bname = ct_person_name(t, rec_str(lines[i].backup,
			    CALL_WHO));
			ct_msg_add(m, _("  %s %s %s; backup %s %s"),
			    rec_str(lines[i].first, CALL_POSITION), name,
			    rec_str(lines[i].first, CALL_PHONE), bname,
			    rec_str(lines[i].backup, CALL_PHONE));
			free(bname);
		} else
			ct_msg_add(m, "  %s %s %s", rec_str(lines[i].first,
			    CALL_POSITION), name, rec_str(lines[i].first,
			    CALL_PHONE));
		free(name);
		bad++;
	}
	if (bad == 0)
		ct_msg_add(m, "  %s", _("nobody"));
	ct_msg_add(m, "%s", _("Numbers that did not answer (marked \"to verify\" "
	    "on the contact cards):"));
	first = xcalloc(2 * n + 1, sizeof *first);
	first_failures(lines, n, first);
	for (i = bad = 0; i < n; i++)
		for (k = 0; k < 2; k++) {
			if (!first[2 * i + (size_t)k])
				continue;
			c = dline_call(&lines[i], k);
			name = ct_person_name(t, rec_str(c, CALL_WHO));
			ct_msg_add(m, "  %s %s%s", name, rec_str(c, CALL_PHONE),
			    str_startswith(rec_str(c, CALL_WHO), "contact:") ?
			    "" : _(" (correct it in their record)"));
			free(name);
			bad++;
		}
	free(first);
	if (bad == 0)
		ct_msg_add(m, "  %s", _("none: every number called answered"));
}

static uint32_t
last_drill(struct txn *t, uint32_t tree)
{
	struct idlist ids = { 0 };
	uint32_t id;

	ix_refs(t, IX_DRILL_TREE, tree, &ids);
	id = ids.n > 0 ? ids.v[ids.n - 1] : 0;
	idl_free(&ids);
	return id;
}

int
ct_report(struct db *db, uint32_t tree, uint32_t drill, struct ct_msgs *m,
    char **cause)
{
	struct dline *lines = NULL;
	struct rec *tr = NULL, *d = NULL;
	struct txn t;
	size_t n, i, ok = 0, backup = 0;
	int rc;

	if ((rc = txn_read(db, &t)) != 0) {
		set_cause(cause, _("cannot read the database"));
		return rc;
	}
	if ((rc = rec_get(&t, RT_TREE, tree, &tr)) != 0) {
		set_cause(cause, _("there is no call tree #%u"), tree);
		goto out;
	}
	if (!ct_may_use(&t, tree, cause)) {
		rc = SH_EPERM;
		goto out;
	}
	if (drill == 0 && (drill = last_drill(&t, tree)) == 0) {
		set_cause(cause, _("the call tree \"%s\" has not been drilled "
		    "yet"), rec_str(tr, TREE_NAME));
		rc = SH_ENOTFOUND;
		goto out;
	}
	if ((rc = rec_get(&t, RT_DRILL, drill, &d)) != 0 ||
	    rec_ref(d, DRILL_TREE) != tree) {
		set_cause(cause, _("there is no drill #%u of this call tree"),
		    drill);
		rc = SH_ENOTFOUND;
		goto out;
	}
	n = ct_drill_lines(&t, drill, &lines);
	for (i = 0; i < n; i++)
		if (ct_dline_reached(&lines[i])) {
			ok++;
			if (strcmp(rec_str(lines[i].first, CALL_REACHED),
			    "1") != 0)
				backup++;
		}
	ct_msg_add(m, _("Drill #%u of \"%s\" (version %s) on %s, started at "
	    "%s"),
	    drill, rec_str(tr, TREE_NAME), rec_str(d, DRILL_REVISION),
	    rec_str(d, DRILL_DATE), rec_str(d, DRILL_START));
	if (*rec_str(d, DRILL_NOTES) != '\0')
		ct_msg_add(m, "%s", rec_str(d, DRILL_NOTES));
	ct_msg_add(m, _("Lines called: %zu; reached: %zu (%zu through the "
	    "backup); not reached: %zu."), n, ok, backup, n - ok);
	report_branches(&t, lines, n, rec_str(d, DRILL_START), m);
	report_failures(&t, lines, n, m);
	ct_dlines_free(lines, n);
out:
	rec_free(tr);
	rec_free(d);
	txn_end(&t);
	return rc;
}
