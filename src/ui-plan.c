/*
 * ui-plan.c -- a child's case plans (帮扶计划), opened with p from the
 * child's file: each plan with its goals, the staff member responsible,
 * actions, review dates and reviews; n starts a plan, g adds a goal, r
 * records a review of a goal.  Also the child's file's safeguarding line.
 */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "counsel.h"
#include "i18n.h"
#include "index.h"
#include "model.h"
#include "plan.h"
#include "rec.h"
#include "schema.h"
#include "ui-form.h"
#include "ui-safe.h"
#include "ui.h"
#include "util.h"

struct pscreen {
	struct screen	 s;
	uint32_t	 child;
	uint32_t	 school;	/* the child's */
	char		*name;
	char		**lines;
	size_t		 n;
	int		 top;
	struct idlist	 plans;		/* open plans */
	char		**plan_labels;
	size_t		 nplans;
	struct idlist	 goals;		/* open goals of open plans */
	char		**goal_labels;
	size_t		 ngoals;
	uint32_t	 target;	/* the plan or goal a form is for */
};

void
ui_text_lines(const char *text, char ***lines, size_t *n)
{
	const char *p, *nl;

	for (p = text; p != NULL && *p != '\0'; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL) {
			strv_push(lines, n, xstrdup(p));
			break;
		}
		strv_push(lines, n, xstrndup(p, (size_t)(nl - p)));
	}
}

char *
ui_plan_line(struct txn *t, uint32_t child)
{
	struct buf b = { 0 };
	char *nl;

	plan_child_summary(t, child, ui.today, &b);
	if (b.len == 0)
		return NULL;
	/* One line: the pieces side by side. */
	while ((nl = strchr(b.s, '\n')) != NULL && nl[1] != '\0')
		*nl = ' ';
	if (nl != NULL)
		*nl = '\0';
	return buf_take(&b);
}

static void
plans_clear(struct pscreen *p)
{
	strv_free(p->lines);
	strv_free(p->plan_labels);
	strv_free(p->goal_labels);
	p->lines = p->plan_labels = p->goal_labels = NULL;
	p->n = p->nplans = p->ngoals = 0;
	idl_free(&p->plans);
	idl_free(&p->goals);
}

/* The open goals of an open plan, for the pick lists. */
static void
collect_goals(struct txn *t, struct pscreen *p, const struct rec *plan)
{
	struct idlist gl = { 0 };
	struct rec *g;
	size_t i;

	plan_goals(t, plan->id, &gl);
	for (i = 0; i < gl.n; i++) {
		if (rec_get(t, RT_GOAL, gl.v[i], &g) != 0)
			continue;
		if (strcmp(rec_str(g, GOAL_STATUS), "open") == 0) {
			idl_add(&p->goals, g->id);
			strv_push(&p->goal_labels, &p->ngoals, xasprintf(
			    "%s  (%s %s)", rec_str(g, GOAL_TEXT),
			    _("Review on"), *rec_str(g, GOAL_REVIEW) != '\0' ?
			    rec_str(g, GOAL_REVIEW) : "-"));
		}
		rec_free(g);
	}
	idl_free(&gl);
}

static void
plans_load(struct screen *s)
{
	struct pscreen *p = (struct pscreen *)s;
	struct idlist ids = { 0 };
	struct buf b = { 0 };
	struct rec *c, *r;
	struct txn t;
	size_t i;

	plans_clear(p);
	if (txn_read(ui.db, &t) != 0)
		return;
	if (rec_get(&t, RT_CHILD, p->child, &c) == 0) {
		free(p->name);
		p->name = xstrdup(rec_title(c));
		p->school = rec_ref(c, CHILD_SCHOOL);
		rec_free(c);
	}
	plan_of_child(&t, p->child, &ids);
	for (i = 0; i < ids.n; i++) {
		if (rec_get(&t, RT_PLAN, ids.v[i], &r) != 0)
			continue;
		plan_format(&t, r, ui.today, &b);
		buf_addc(&b, '\n');
		if (strcmp(rec_str(r, PLAN_STATUS), "closed") != 0) {
			idl_add(&p->plans, r->id);
			strv_push(&p->plan_labels, &p->nplans,
			    xstrdup(rec_str(r, PLAN_AIM)));
			collect_goals(&t, p, r);
		}
		rec_free(r);
	}
	txn_end(&t);
	idl_free(&ids);
	if (b.len == 0)
		buf_addf(&b, "%s\n", _("No case plan yet: press n to start "
		    "one."));
	ui_text_lines(b.s, &p->lines, &p->n);
	buf_free(&b);
}

static void
plans_draw(struct screen *s)
{
	struct pscreen *p = (struct pscreen *)s;
	int y = ui_body_top(), rows = ui_body_rows(), r;
	char *title;

	title = xasprintf("%s %s  (#%u)", _("Case plans of"),
	    p->name != NULL ? p->name : "", p->child);
	ui_title(title, NULL);
	free(title);
	if (p->top > (int)p->n - rows)
		p->top = (int)p->n - rows;
	if (p->top < 0)
		p->top = 0;
	for (r = 0; r < rows && p->top + r < (int)p->n; r++)
		ui_put(y + r, 1, p->lines[p->top + r], COLS - 2, false);
}

static int
pk_move(struct screen *s, int key)
{
	struct pscreen *p = (struct pscreen *)s;

	if (key == KEYC(KEY_UP))
		p->top--;
	else
		p->top++;
	return UI_STAY;
}

/* Saves a goal of p->target, or a review of goal p->target. */
static int
save_goal(struct txn *t, struct rec **recs, void *arg, char **cause)
{
	return plan_goal_add(t, ((struct pscreen *)arg)->target, recs[0],
	    cause);
}

static int
save_review(struct txn *t, struct rec **recs, void *arg, char **cause)
{
	return plan_review_add(t, ((struct pscreen *)arg)->target, recs[0],
	    cause);
}

/* Opens the form of a new record r of the plans screen. */
static void
plan_form(struct pscreen *p, struct rec *r, const char *title,
    const int *hidden, int (*save)(struct txn *, struct rec **, void *,
    char **))
{
	struct form_spec spec;

	memset(&spec, 0, sizeof spec);
	spec.title = title;
	spec.kind = r->sc->name;
	spec.context = p->child;
	spec.recs[0] = r;
	spec.hidden[0] = hidden;
	spec.nrecs = 1;
	spec.save = save;
	spec.arg = p;
	form_open(&spec);
}

static int
pk_new(struct screen *s, int key)
{
	static const int hidden[] = { PLAN_CHILD, PLAN_STATUS, -1 };
	struct pscreen *p = (struct pscreen *)s;
	struct rec *r = rec_new(RT_PLAN);

	rec_set_ref(r, PLAN_CHILD, p->child);
	rec_set(r, PLAN_START, ui.today);
	plan_form(p, r, _("A new case plan"), hidden, NULL);
	return UI_STAY;
}

/* Picks a staff member of the child's school who may see the child. */
static bool
pick_responsible(const struct pscreen *p, uint32_t *id)
{
	struct idlist school = { 0 }, ids = { 0 };
	struct txn t;
	size_t i;
	bool picked;

	if (txn_read(ui.db, &t) != 0)
		return false;
	ix_refs(&t, IX_STAFF_SCHOOL, p->school, &school);
	for (i = 0; i < school.n; i++)
		if (access_staff_child(&t, school.v[i], p->child, ui.today))
			idl_add(&ids, school.v[i]);
	txn_end(&t);
	picked = ui_pick_staff(_("Responsible"), &ids, access_staff(),
	    _("Nobody of the school may see the child: give the child "
	    "a mentor first."), id);
	idl_free(&school);
	idl_free(&ids);
	return picked;
}

static int
pk_goal(struct screen *s, int key)
{
	static const int hidden[] = { GOAL_PLAN, GOAL_CHILD, GOAL_STAFF, -1 };
	struct pscreen *p = (struct pscreen *)s;
	uint32_t staff = 0;
	struct rec *r;
	int k = 0;

	if (p->nplans == 0) {
		ui_error("%s", _("No open case plan: press n to start one."));
		return UI_STAY;
	}
	if (p->nplans > 1 && (k = ui_pick(_("A goal of which plan?"),
	    (const char *const *)p->plan_labels, p->nplans, 0)) < 0)
		return UI_STAY;
	/* Who is responsible: one of the staff who may see the child. */
	if (!pick_responsible(p, &staff))
		return UI_STAY;
	p->target = p->plans.v[k];
	r = rec_new(RT_GOAL);
	rec_set_ref(r, GOAL_PLAN, p->target);
	rec_set_ref(r, GOAL_CHILD, p->child);
	rec_set_ref(r, GOAL_STAFF, staff);
	plan_form(p, r, _("A new goal"), hidden, save_goal);
	return UI_STAY;
}

static int
pk_review(struct screen *s, int key)
{
	static const int hidden[] = { REVIEW_GOAL, REVIEW_CHILD, -1 };
	struct pscreen *p = (struct pscreen *)s;
	struct rec *r;
	int k;

	if (p->ngoals == 0) {
		ui_error("%s", _("No goal to review: press g to add one."));
		return UI_STAY;
	}
	if ((k = p->ngoals == 1 ? 0 : ui_pick(_("Review which goal?"),
	    (const char *const *)p->goal_labels, p->ngoals, 0)) < 0)
		return UI_STAY;
	p->target = p->goals.v[k];
	r = rec_new(RT_REVIEW);
	rec_set_ref(r, REVIEW_GOAL, p->target);
	rec_set_ref(r, REVIEW_CHILD, p->child);
	rec_set(r, REVIEW_DATE, ui.today);
	plan_form(p, r, _("A review of a goal"), hidden, save_review);
	return UI_STAY;
}

static int
pk_back(struct screen *s, int key)
{
	return UI_CLOSE;
}

static const struct keydef plan_screen_keys[] = {
	{ "r", N_("review a goal"), true, pk_review, { 'r' } },
	{ "g", N_("add a goal"), true, pk_goal, { 'g' } },
	{ "n", N_("new plan"), true, pk_new, { 'n' } },
	{ "Esc q", N_("back"), true, pk_back, { KEYS_BACK } },
	{ N_("Up Down"), N_("scroll"), false, pk_move,
	    { KEYC(KEY_UP), KEYC(KEY_DOWN) } },
	{ NULL, NULL, false, NULL, { 0 } }
};

static void
plans_free(struct screen *s)
{
	struct pscreen *p = (struct pscreen *)s;

	plans_clear(p);
	free(p->name);
	free(p);
}

static const struct screen_ops plan_ops = {
	N_("Case plans"), plan_screen_keys, plans_draw, NULL, plans_load,
	NULL, plans_free, false, NULL
};

struct screen *
screen_plans(uint32_t child)
{
	struct pscreen *p = xcalloc(1, sizeof *p);

	p->s.ops = &plan_ops;
	p->child = child;
	plans_load(&p->s);
	return &p->s;
}
