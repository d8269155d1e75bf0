/*
 * plan.c -- see plan.h.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "codec.h"
#include "counsel.h"
#include "due.h"
#include "i18n.h"
#include "index.h"
#include "plan.h"
#include "schema.h"
#include "util.h"

void
plan_of_child(struct txn *t, uint32_t child, struct idlist *l)
{
	ix_refs(t, IX_CHILD_PLAN, child, l);
}

void
plan_goals(struct txn *t, uint32_t plan, struct idlist *l)
{
	ix_refs(t, IX_PLAN_GOAL, plan, l);
}

void
plan_reviews(struct txn *t, uint32_t goal, struct idlist *l)
{
	ix_refs(t, IX_GOAL_REVIEW, goal, l);
}

/* Is the goal open, with its review due on or before day? */
static bool
goal_due(const struct rec *g, const char *day)
{
	const char *when = rec_str(g, GOAL_REVIEW);

	return *when != '\0' && strcmp(when, day) <= 0 &&
	    strcmp(rec_str(g, GOAL_STATUS), "open") == 0;
}

int
safe_get(struct txn *t, enum rtype type, uint32_t id, struct rec **r,
    char **cause)
{
	int rc;

	if ((rc = rec_get(t, type, id, r)) == SH_EPERM)
		set_cause(cause, _("%s may not see %s #%u"), t->db->user,
		    _(schema_of(type)->label), id);
	else if (rc != 0)
		set_cause(cause, _("there is no %s #%u"),
		    _(schema_of(type)->label), id);
	return rc;
}

int
safe_not_future(const struct rec *r, int field, char **cause)
{
	const char *d = rec_str(r, field);
	char today[11];

	date_today(today);
	if (*d == '\0' || strcmp(d, today) <= 0)
		return 0;
	set_cause(cause, _("%s \"%s\": a day still to come (today is %s)"),
	    _(r->sc->fields[field].label), d, today);
	return SH_EINVAL;
}

int
plan_child_in_use(struct txn *t, uint32_t child, char **cause)
{
	struct idlist l = { 0 };
	size_t n;

	plan_of_child(t, child, &l);
	counsel_of_child(t, child, &l);
	n = l.n;
	idl_free(&l);
	if (n == 0)
		return 0;
	set_cause(cause, "%s", _("the child has a case plan or counselling "
	    "sessions, which keep the file: mark the child as left "
	    "instead"));
	return SH_EINUSE;
}

int
plan_staff_in_use(struct txn *t, uint32_t staff, char **cause)
{
	struct idlist l = { 0 };
	size_t n;

	ix_refs(t, IX_STAFF_GOAL, staff, &l);
	n = l.n;
	idl_free(&l);
	if (n == 0)
		return 0;
	set_cause(cause, P_("this staff member is responsible for %zu goal "
	    "of a case plan; give it to somebody else first", "this staff "
	    "member is responsible for %zu goals of case plans; give them "
	    "to somebody else first", n), n);
	return SH_EINUSE;
}

static bool
plan_is_open(const struct rec *p)
{
	return strcmp(rec_str(p, PLAN_STATUS), "closed") != 0;
}

/*
 * A case plan stored: its start not still to come (when new or moved),
 * and, open, the only open plan of its child.  0, or SH_EINVAL with
 * *cause.
 */
static int
plan_check(struct txn *t, const struct rec *r, char **cause)
{
	struct idlist ids = { 0 };
	struct rec *old = NULL, *p;
	uint32_t child = rec_ref(r, PLAN_CHILD), other = 0;
	size_t i;
	int rc = 0;

	if (r->id != 0 && rec_get(t, RT_PLAN, r->id, &old) != 0)
		old = NULL;
	if (old == NULL || strcmp(rec_str(old, PLAN_START),
	    rec_str(r, PLAN_START)) != 0)
		rc = safe_not_future(r, PLAN_START, cause);
	/* One already open and still the child's is left as it is. */
	if (rc == 0 && plan_is_open(r) && (old == NULL ||
	    !plan_is_open(old) || rec_ref(old, PLAN_CHILD) != child)) {
		plan_of_child(t, child, &ids);
		for (i = 0; i < ids.n && other == 0; i++) {
			if (ids.v[i] == r->id ||
			    rec_get(t, RT_PLAN, ids.v[i], &p) != 0)
				continue;
			if (plan_is_open(p))
				other = p->id;
			rec_free(p);
		}
		idl_free(&ids);
		if (other != 0) {
			set_cause(cause, _("child #%u already has an open case "
			    "plan, #%u: add goals to it, or close it first"),
			    child, other);
			rc = SH_EINVAL;
		}
	}
	rec_free(old);
	return rc;
}

int
plan_risk_check(struct txn *t, const struct rec *r, char **cause)
{
	static const int risk[] = { CHILD_RISK, CHILD_CONCERNS,
	    CHILD_RISK_REASON };
	struct rec *old = NULL;
	char *name;
	bool may, changed = false;
	size_t i;

	if (r->sc->type == RT_PLAN)
		return plan_check(t, r, cause);
	if (r->sc->type != RT_CHILD)
		return 0;
	/* A new child: the private fields' rule for its school. */
	may = r->id != 0 ? access_private(r->id) :
	    access_counsel(rec_ref(r, CHILD_SCHOOL));
	if (may)
		return 0;
	/* One it may not read is refused by the store anyway. */
	if (r->id != 0 && rec_get(t, RT_CHILD, r->id, &old) != 0)
		return 0;
	for (i = 0; i < nitems(risk) && !changed; i++)
		changed = strcmp(rec_str(r, risk[i]), old != NULL ?
		    rec_str(old, risk[i]) : "") != 0;
	rec_free(old);
	if (!changed)
		return 0;
	name = str_safe(rec_title(r), false);
	set_cause(cause, _("%s may not change the risk of %s: the risk level, "
	    "concerns and reason are changed only by those who may read the "
	    "concerns and reason (the administrator, the principal and "
	    "counsellor of the child's school, its class teacher)"),
	    t->db->user, name);
	free(name);
	return SH_EPERM;
}

int
plan_goal_add(struct txn *t, uint32_t plan, struct rec *r, char **cause)
{
	struct rec *p, *s;
	uint32_t child, staff = rec_ref(r, GOAL_STAFF);
	char today[11], *name;
	int rc;

	if ((rc = safe_get(t, RT_PLAN, plan, &p, cause)) != 0)
		return rc;
	child = rec_ref(p, PLAN_CHILD);
	rec_free(p);
	date_today(today);
	if (staff != 0 && rec_get(t, RT_STAFF, staff, &s) == 0) {
		name = str_safe(rec_title(s), false);
		if (!access_staff_child(t, staff, child, today)) {
			set_cause(cause, _("%s (staff #%u) may not see child "
			    "#%u, so the review would reach nobody: choose "
			    "one of the child's school's principal, "
			    "leadership, counsellors or village teachers, "
			    "its class teacher or its mentor"),
			    name, staff, child);
			rc = SH_EINVAL;
		}
		free(name);
		rec_free(s);
		if (rc != 0)
			return rc;
	}
	rec_set_ref(r, GOAL_PLAN, plan);
	rec_set_ref(r, GOAL_CHILD, child);
	return rec_put(t, r, cause);
}

int
plan_review_add(struct txn *t, uint32_t goal, struct rec *r, char **cause)
{
	struct rec *g;
	int rc;

	if ((rc = safe_not_future(r, REVIEW_DATE, cause)) != 0 ||
	    (rc = safe_get(t, RT_GOAL, goal, &g, cause)) != 0)
		return rc;
	rec_set_ref(r, REVIEW_GOAL, goal);
	rec_set_ref(r, REVIEW_CHILD, rec_ref(g, GOAL_CHILD));
	if (access_staff() != 0)
		rec_set_ref(r, REVIEW_BY, access_staff());
	if ((rc = rec_put(t, r, cause)) == 0) {
		rec_set(g, GOAL_REVIEW, rec_str(r, REVIEW_NEXT));
		if (strcmp(rec_str(r, REVIEW_OUTCOME), "achieved") == 0)
			rec_set(g, GOAL_STATUS, "met");
		rc = rec_put(t, g, cause);
	}
	rec_free(g);
	return rc;
}

struct due {
	char		 day[11];
	uint32_t	 id;
};

static int
due_cmp(const void *a, const void *b)
{
	const struct due *x = a, *y = b;
	int c = strcmp(x->day, y->day);

	return c != 0 ? c : (x->id > y->id) - (x->id < y->id);
}

/* Is the goal's plan still open? */
static bool
plan_open(struct txn *t, uint32_t plan)
{
	struct rec *p;
	bool open;

	if (rec_get(t, RT_PLAN, plan, &p) != 0)
		return false;
	open = plan_is_open(p);
	rec_free(p);
	return open;
}

void
plan_due(struct txn *t, uint32_t staff, const char *day,
    struct idlist *goals)
{
	struct idlist ids = { 0 };
	struct kv_cursor c;
	struct due *v = NULL;
	struct rec *g;
	const char *when;
	size_t i, n = 0;
	bool ok;

	if (staff != 0)
		ix_refs(t, IX_STAFF_GOAL, staff, &ids);
	else {
		for (ok = kv_first(t, DBI_GOAL, NULL, 0, &c); ok;
		    ok = kv_next(&c))
			if (c.key.mv_size == 4)
				idl_add(&ids, get_u32be(c.key.mv_data));
		kv_close(&c);
	}
	for (i = 0; i < ids.n; i++) {
		if (rec_get(t, RT_GOAL, ids.v[i], &g) != 0)
			continue;
		when = rec_str(g, GOAL_REVIEW);
		if (goal_due(g, day) && plan_open(t, rec_ref(g, GOAL_PLAN))) {
			v = xreallocarray(v, n + 1, sizeof *v);
			snprintf(v[n].day, sizeof v[n].day, "%s", when);
			v[n++].id = g->id;
		}
		rec_free(g);
	}
	if (n > 0)
		qsort(v, n, sizeof *v, due_cmp);
	for (i = 0; i < n; i++)
		idl_add(goals, v[i].id);
	free(v);
	idl_free(&ids);
}

/* Adds the goal to the worklist when its review is due. */
static void
review_item(struct due_ctx *ctx, uint32_t goal)
{
	struct rec *g;
	const char *when;
	const char *name;

	if (rec_get(ctx->t, RT_GOAL, goal, &g) != 0)
		return;
	when = rec_str(g, GOAL_REVIEW);
	if (goal_due(g, ctx->today) &&
	    plan_open(ctx->t, rec_ref(g, GOAL_PLAN)) &&
	    (ctx->staff == 0 || rec_ref(g, GOAL_STAFF) == ctx->staff)) {
		name = due_child_name(ctx, rec_ref(g, GOAL_CHILD));
		due_add(ctx, RT_GOAL, g->id, rec_ref(g, GOAL_CHILD),
		    rec_ref(g, GOAL_STAFF), when, _("%s: review of the goal "
		    "\"%s\" due on %s"), name, rec_str(g, GOAL_TEXT), when);
	}
	rec_free(g);
}

void
plan_review_due(struct due_ctx *ctx)
{
	struct idlist ids = { 0 }, goals = { 0 };
	size_t i, j;

	if (ctx->staff != 0) {
		ix_refs(ctx->t, IX_STAFF_GOAL, ctx->staff, &goals);
		for (i = 0; i < goals.n; i++)
			review_item(ctx, goals.v[i]);
		idl_free(&goals);
		return;
	}
	for (i = 0; i < ctx->nchildren; i++) {
		plan_of_child(ctx->t, ctx->children[i], &ids);
		for (j = 0; j < ids.n; j++)
			plan_goals(ctx->t, ids.v[j], &goals);
		for (j = 0; j < goals.n; j++)
			review_item(ctx, goals.v[j]);
		idl_free(&ids);
		idl_free(&goals);
	}
}

/* The title of a record, or "#id", safe. */
static void
add_title(struct txn *t, struct buf *b, enum rtype type, uint32_t id)
{
	struct rec *r;

	if (id != 0 && rec_get(t, type, id, &r) == 0) {
		buf_add_safe(b, rec_title(r), false);
		rec_free(r);
	} else
		buf_addf(b, "#%u", id);
}

/* A field shown by its type, safe. */
static void
add_value(struct buf *b, const struct rec *r, int field)
{
	char *s = field_display(&r->sc->fields[field], rec_str(r, field));

	buf_add_safe(b, s, false);
	free(s);
}

/* Indented lines of a multi-line text. */
static void
add_lines(struct buf *b, const char *indent, const char *text)
{
	char *s = str_safe(text, true), *p, *nl;

	for (p = s; *p != '\0'; p = nl != NULL ? nl + 1 : p + strlen(p)) {
		nl = strchr(p, '\n');
		buf_addstr(b, indent);
		buf_add(b, p, nl != NULL ? (size_t)(nl - p) : strlen(p));
		buf_addc(b, '\n');
	}
	free(s);
}

static void
format_review(struct txn *t, const struct rec *v, struct buf *b)
{
	buf_addstr(b, "      ");
	buf_add_safe(b, rec_str(v, REVIEW_DATE), false);
	buf_addstr(b, "  ");
	add_value(b, v, REVIEW_OUTCOME);
	if (rec_ref(v, REVIEW_BY) != 0) {
		buf_addstr(b, "  ");
		add_title(t, b, RT_STAFF, rec_ref(v, REVIEW_BY));
	}
	buf_addc(b, '\n');
	if (*rec_str(v, REVIEW_NOTES) != '\0')
		add_lines(b, "        ", rec_str(v, REVIEW_NOTES));
}

static void
format_goal(struct txn *t, const struct rec *g, const char *today,
    struct buf *b)
{
	struct idlist rv = { 0 };
	const char *when = rec_str(g, GOAL_REVIEW);
	struct rec *v;
	size_t i;

	buf_addf(b, "  %s #%u  ", _("Goal"), g->id);
	buf_add_safe(b, rec_str(g, GOAL_TEXT), false);
	buf_addf(b, "  [");
	add_value(b, g, GOAL_STATUS);
	buf_addstr(b, "]\n    ");
	buf_addf(b, "%s: ", _("Responsible"));
	add_title(t, b, RT_STAFF, rec_ref(g, GOAL_STAFF));
	if (*when != '\0') {
		buf_addf(b, "  %s: %s", _("Review on"), when);
		if (goal_due(g, today))
			buf_addf(b, "  (%s)", _("review due"));
	}
	buf_addc(b, '\n');
	if (*rec_str(g, GOAL_ACTIONS) != '\0') {
		buf_addf(b, "    %s:\n", _("Actions"));
		add_lines(b, "      ", rec_str(g, GOAL_ACTIONS));
	}
	plan_reviews(t, g->id, &rv);
	if (rv.n > 0)
		buf_addf(b, "    %s:\n", _("Reviews"));
	for (i = 0; i < rv.n; i++)
		if (rec_get(t, RT_REVIEW, rv.v[i], &v) == 0) {
			format_review(t, v, b);
			rec_free(v);
		}
	idl_free(&rv);
}

void
plan_format(struct txn *t, const struct rec *p, const char *today,
    struct buf *b)
{
	struct idlist gl = { 0 };
	struct rec *g;
	size_t i;

	buf_addf(b, "%s #%u  ", _("Case plan"), p->id);
	buf_add_safe(b, rec_str(p, PLAN_AIM), false);
	buf_addstr(b, "\n  ");
	buf_addf(b, "%s: ", _("Child"));
	add_title(t, b, RT_CHILD, rec_ref(p, PLAN_CHILD));
	buf_addf(b, " (#%u)  %s: %s  ", rec_ref(p, PLAN_CHILD),
	    _("Started on"), rec_str(p, PLAN_START));
	add_value(b, p, PLAN_STATUS);
	buf_addc(b, '\n');
	if (*rec_str(p, PLAN_NOTES) != '\0')
		add_lines(b, "  ", rec_str(p, PLAN_NOTES));
	plan_goals(t, p->id, &gl);
	if (gl.n == 0)
		buf_addf(b, "  %s\n", _("(no goal yet: shouhu plan goal)"));
	for (i = 0; i < gl.n; i++)
		if (rec_get(t, RT_GOAL, gl.v[i], &g) == 0) {
			format_goal(t, g, today, b);
			rec_free(g);
		}
	idl_free(&gl);
}

char *
plan_risk_text(const struct rec *c)
{
	struct buf b = { 0 };
	const char *risk = rec_str(c, CHILD_RISK);

	if (*risk == '\0')
		return xstrdup("");
	add_value(&b, c, CHILD_RISK);
	if (*rec_str(c, CHILD_CONCERNS) != '\0') {
		buf_addstr(&b, " (");
		if (access_field(c, CHILD_CONCERNS))
			add_value(&b, c, CHILD_CONCERNS);
		else
			buf_addstr(&b, ACCESS_MASK);
		buf_addc(&b, ')');
	}
	if (*rec_str(c, CHILD_RISK_REASON) != '\0' &&
	    access_field(c, CHILD_RISK_REASON)) {
		buf_addstr(&b, ": ");
		buf_add_safe(&b, rec_str(c, CHILD_RISK_REASON), false);
	}
	return b.s;
}

void
plan_child_summary(struct txn *t, uint32_t child, const char *today,
    struct buf *b)
{
	struct idlist ids = { 0 }, goals = { 0 };
	struct rec *p, *c;
	size_t i, j, due;

	if (counsel_followed(t, child)) {
		buf_addstr(b, counsel_followed_text());
		counsel_select(t, child, 0, &ids);
		if (ids.n > 0 && rec_get(t, RT_CHILD, child, &c) == 0) {
			if (access_counsel(rec_ref(c, CHILD_SCHOOL)))
				buf_addf(b, P_(" (%zu session)",
				    " (%zu sessions)", ids.n), ids.n);
			rec_free(c);
		}
		buf_addc(b, '\n');
		idl_free(&ids);
	}
	plan_of_child(t, child, &ids);
	for (i = 0; i < ids.n; i++) {
		if (rec_get(t, RT_PLAN, ids.v[i], &p) != 0)
			continue;
		if (strcmp(rec_str(p, PLAN_STATUS), "closed") != 0) {
			plan_goals(t, p->id, &goals);
			for (due = 0, j = 0; j < goals.n; j++)
				if (rec_get(t, RT_GOAL, goals.v[j], &c) == 0) {
					due += goal_due(c, today);
					rec_free(c);
				}
			buf_addf(b, "%s #%u (", _("Case plan"), p->id);
			buf_addf(b, P_("%zu goal", "%zu goals", goals.n),
			    goals.n);
			if (due > 0)
				buf_addf(b, P_(", %zu review due",
				    ", %zu reviews due", due), due);
			buf_addstr(b, "): ");
			buf_add_safe(b, rec_str(p, PLAN_AIM), false);
			buf_addc(b, '\n');
			idl_free(&goals);
		}
		rec_free(p);
	}
	idl_free(&ids);
}
