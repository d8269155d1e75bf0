/*
 * ui-incident.c -- the incidents (突发事件) screens: the list (open ones
 * first, those with overdue steps marked), and one incident with the
 * live clock of the mandatory report, its timeline, a key to add an
 * action, to close it and to print the report.
 *
 * The clock is drawn from the incident in memory and the present: the
 * screen asks to be drawn again at the next minute (ui_tick(), a timed
 * wait for a key, not a busy loop) and reads the incident again then,
 * so that what another user added shows too.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "audit.h"
#include "i18n.h"
#include "incident.h"
#include "model.h"
#include "print.h"
#include "schema.h"
#include "ui-list.h"
#include "ui-safe.h"
#include "ui.h"

/* Colour pairs of the clock, clear of other screens' low numbers. */
enum { PAIR_OVERDUE = 40, PAIR_LATE, PAIR_DONE };

static void
colours(void)
{
	static bool done;

	if (!ui.color || done)
		return;
	init_pair(PAIR_OVERDUE, COLOR_RED, -1);
	init_pair(PAIR_LATE, COLOR_YELLOW, -1);
	init_pair(PAIR_DONE, COLOR_GREEN, -1);
	done = true;
}

/* ---- one incident ---- */

struct incview {
	struct screen	 s;
	uint32_t	 id;
	struct incident	 in;
	bool		 loaded;
	int64_t		 read_at;	/* the minute it was read */
	size_t		 top;		/* first timeline line shown */
};

static void
inc_reload(struct screen *s)
{
	struct incview *v = (struct incview *)s;
	char *cause = NULL;

	if (v->loaded)
		inc_free(&v->in);
	v->loaded = inc_load(ui.db, v->id, &v->in, &cause) == 0;
	v->read_at = inc_now();
	if (!v->loaded) {
		ui_error("%s", cause);
		free(cause);
	}
}

static void
draw_field(int y, const char *label, const char *value)
{
	char *safe = str_safe(value, false), *s;

	s = xasprintf("%s: %s", label, safe);
	ui_put(y, 1, s, COLS - 2, false);
	free(s);
	free(safe);
}

static void
incview_draw(struct screen *s)
{
	struct incview *v = (struct incview *)s;
	struct print_lines clock = { 0 }, tl = { 0 };
	int marks[IS__N], y = ui_body_top(), end, attr;
	char now[17], *title, *info, *found;
	size_t i;

	colours();
	ui_tick(inc_next_minute());
	if (inc_now() != v->read_at)
		inc_reload(s);
	inc_format(inc_now(), now, sizeof now);
	if (!v->loaded) {
		ui_title(_("Incident"), now);
		return;
	}
	found = str_safe(v->in.school, false);
	title = xasprintf(_("Incident #%u  %s"), v->id, found);
	free(found);
	info = xasprintf(_("now %s"), now + 11);
	ui_title(title, info);
	free(title);
	free(info);
	info = inc_found_text(&v->in);
	found = xasprintf("%s  %s", _(incident_kind_choices[v->in.kind].
	    label), info);
	free(info);
	draw_field(y++, _("Found"), found);
	free(found);
	draw_field(y++, _("Children concerned"), v->in.children);
	draw_field(y++, _("What happened"), rec_str(v->in.rec,
	    INCIDENT_TEXT));
	if (v->in.closed)
		draw_field(y++, _("Closed"), v->in.closed_when);
	ui_put_attr(++y, 1, _("The clock of the mandatory report (+ done, "
	    "! late or overdue):"), COLS - 2, false, A_BOLD);
	y++;
	inc_clock_lines(&v->in, inc_now(), COLS - 2, &clock, marks);
	for (i = 0; i < clock.n; i++) {
		attr = marks[i] == 2 ? A_BOLD | (ui.color ?
		    COLOR_PAIR(PAIR_OVERDUE) : A_REVERSE) : marks[i] == 1 ?
		    (ui.color ? COLOR_PAIR(PAIR_LATE) : 0) :
		    clock.v[i][0] == '+' && ui.color ? COLOR_PAIR(PAIR_DONE) : 0;
		ui_put_attr(y++, 1, clock.v[i], COLS - 2, false, attr);
	}
	y++;
	ui_put_attr(y++, 1, _("Timeline:"), COLS - 2, false, A_BOLD);
	inc_timeline_lines(&v->in, COLS - 2, &tl);
	end = ui_body_top() + ui_body_rows();
	if (v->top >= tl.n)
		v->top = tl.n > 0 ? tl.n - 1 : 0;
	for (i = v->top; i < tl.n && y < end; i++)
		ui_put(y++, 1, tl.v[i], COLS - 2, false);
	print_lines_free(&clock);
	print_lines_free(&tl);
}

/* Picks a step; -1 when cancelled. */
static int
pick_step(void)
{
	static const enum inc_step steps[] = { IS_GUARDIAN, IS_PARENTS,
	    IS_POLICE, IS_OFFICE, IS_TOWNSHIP, IS_FOUND, IS_MEDICAL,
	    IS_OTHER };
	const char *labels[nitems(steps)];
	size_t i;
	int k;

	for (i = 0; i < nitems(steps); i++)
		labels[i] = _(incident_step_choices[steps[i]].label);
	k = ui_pick(_("What was done"), labels, nitems(steps), 0);
	return k < 0 ? -1 : (int)steps[k];
}

/* "10:45", the present's time, for a prompt to start from. */
static void
now_hm(char out[17])
{
	inc_format(inc_now(), out, 17);
}

static int
iv_act(struct screen *s, int key)
{
	struct incview *v = (struct incview *)s;
	struct inc_act a = { NULL, NULL, 0, NULL, NULL, NULL };
	char now[17], *at = NULL, *officer = NULL, *caseno = NULL;
	char *text = NULL, *cause = NULL;
	int step;

	if (!v->loaded || (step = pick_step()) < 0)
		return UI_STAY;
	now_hm(now);
	if ((at = ui_prompt(_("When (2026-12-05 10:45, or 10:45 today)"),
	    now, 16)) == NULL)
		return UI_STAY;
	if (step == IS_POLICE && ((officer = ui_prompt(_("The receiving "
	    "officer"), NULL, 40)) == NULL || (caseno = ui_prompt(_("The case "
	    "number (empty: not given yet)"), NULL, 40)) == NULL))
		goto out;
	if ((text = ui_prompt(_("A note (who was reached, what was said)"),
	    NULL, 200)) == NULL)
		goto out;
	a.step = incident_step_choices[step].key;
	a.at = at;
	a.officer = officer;
	a.caseno = caseno;
	a.text = text;
	if (inc_add_action(ui.db, v->id, &a, &cause) != 0) {
		ui_error("%s", cause);
		free(cause);
	} else
		ui_msg("%s", _("Added to the timeline."));
	inc_reload(s);
out:
	free(at);
	free(officer);
	free(caseno);
	free(text);
	return UI_STAY;
}

static int
iv_close(struct screen *s, int key)
{
	struct incview *v = (struct incview *)s;
	char now[17], *at, *text = NULL, *cause = NULL;

	if (!v->loaded)
		return UI_STAY;
	now_hm(now);
	if ((at = ui_prompt(_("Closed at (2026-12-05 10:45, or 10:45 today)"),
	    now, 16)) == NULL)
		return UI_STAY;
	if ((text = ui_prompt(_("The closing note: how it ended"), NULL,
	    300)) != NULL) {
		if (inc_close(ui.db, v->id, at, text, &cause) != 0) {
			ui_error("%s", cause);
			free(cause);
		} else
			ui_msg(_("Incident #%u is closed."), v->id);
		inc_reload(s);
	}
	free(at);
	free(text);
	return UI_STAY;
}

static int
iv_print(struct screen *s, int key)
{
	struct incview *v = (struct incview *)s;
	struct print_opts o = { 80, 60, NULL };
	struct print_dest dest = { NULL, false, NULL, PRINT_AUTO,
	    PRINT_ENC_DEFAULT };
	struct print_doc doc;
	char *path, *done, name[32];

	snprintf(name, sizeof name, "incident-%u.txt", v->id);
	if (!v->loaded || !ui_print_where(_("Print the incident report"),
	    _("Write the report to the file (.pdf: a PDF)"), name, &dest,
	    &path))
		return UI_STAY;
	inc_report_doc(&v->in, inc_now(), &o, &doc);
	done = xasprintf(_("The report is in %s."), path != NULL ? path : "");
	(void)ui_deliver(&doc, &dest, done);
	free(done);
	free(path);
	print_doc_free(&doc);
	return UI_STAY;
}

static int
iv_scroll(struct screen *s, int key)
{
	struct incview *v = (struct incview *)s;

	if (key == KEYC(KEY_UP) && v->top > 0)
		v->top--;
	else if (key == KEYC(KEY_DOWN))
		v->top++;
	return UI_STAY;
}

static int
iv_back(struct screen *s, int key)
{
	return UI_CLOSE;
}

static const struct keydef incview_keys[] = {
	{ "a", N_("add an action"), true, iv_act, { 'a' } },
	{ "c", N_("close"), true, iv_close, { 'c' } },
	{ "p", N_("print"), true, iv_print, { 'p' } },
	{ N_("Up Down"), N_("timeline"), true, iv_scroll,
	    { KEYC(KEY_UP), KEYC(KEY_DOWN) } },
	{ "Esc q", N_("back"), true, iv_back, { KEYS_BACK } },
	{ "a", N_("add what was done to the timeline: the guardian or the "
	    "parents told, the police (with the officer and case number), "
	    "the office, the township, the child found, medical care"),
	    false, NULL, { 0 } },
	{ "c", N_("close the incident with a closing note"), false, NULL,
	    { 0 } },
	{ "p", N_("print the incident report, to a printer or a file"),
	    false, NULL, { 0 } },
	{ NULL, NULL, false, NULL, { 0 } }
};

static void
incview_free(struct screen *s)
{
	struct incview *v = (struct incview *)s;

	if (v->loaded)
		inc_free(&v->in);
	free(v);
}

static const struct screen_ops incview_ops = {
	N_("An incident"), incview_keys, incview_draw, NULL, inc_reload, NULL,
	incview_free, false, NULL
};

struct screen *
screen_incident(uint32_t incident)
{
	struct incview *v = xcalloc(1, sizeof *v);

	v->s.ops = &incview_ops;
	v->id = incident;
	inc_reload(&v->s);
	if (v->loaded)
		(void)audit_view(ui.db, RT_INCIDENT, incident, NULL);
	return &v->s;
}

/* ---- the list ---- */

struct inclist {
	struct screen	 s;
	struct inc_info	*v;
	size_t		 n;
	struct list	 l;
	int64_t		 read_at;
};

static void
il_reload(struct screen *s)
{
	struct inclist *il = (struct inclist *)s;
	char *cause = NULL;

	inc_list_free(il->v, il->n);
	il->v = NULL;
	il->n = 0;
	il->read_at = inc_now();
	if (inc_list(ui.db, 0, false, il->read_at, &il->v, &il->n,
	    &cause) != 0) {
		ui_error("%s", cause);
		free(cause);
	}
	list_resize(&il->l, il->n);
}

static void
il_row(struct list *l, size_t i, struct buf *out, int cols)
{
	struct inclist *il = l->arg;
	const struct inc_info *x = &il->v[i];
	struct buf b = { 0 };
	char *state, *safe;

	/* A closed incident's clock stopped at its closing. */
	if (x->closed && x->overdue > 0)
		state = xasprintf(P_("closed ! %zu", "closed ! %zu",
		    x->overdue), x->overdue);
	else if (x->closed)
		state = xstrdup(_("closed"));
	else if (x->overdue > 0)
		state = xasprintf(P_("! %zu overdue", "! %zu overdue",
		    x->overdue), x->overdue);
	else
		state = xstrdup(_("not closed"));
	buf_addf(&b, "%4u  ", x->id);
	u_fit(&b, x->found, 17, true);
	u_fit(&b, _(incident_kind_choices[x->kind].label), 18, true);
	u_fit(&b, state, 13, true);
	safe = str_safe(x->children, false);
	buf_addstr(&b, safe);
	u_fit(out, b.s, cols, false);
	free(safe);
	free(state);
	buf_free(&b);
}

static void
il_draw(struct screen *s)
{
	struct inclist *il = (struct inclist *)s;
	struct buf h = { 0 };
	char now[17], *info;

	ui_tick(inc_next_minute());
	if (inc_now() != il->read_at)
		il_reload(s);
	inc_format(inc_now(), now, sizeof now);
	info = xasprintf(_("now %s"), now + 11);
	ui_title(_("Incidents"), info);
	free(info);
	buf_addf(&h, "%4s  ", _("No."));
	u_fit(&h, _("Found"), 17, true);
	u_fit(&h, _("Kind"), 18, true);
	u_fit(&h, _("State"), 13, true);
	buf_addstr(&h, _("Children"));
	if (il->n == 0)
		ui_put(ui_body_top() + 1, 1, _("No incidents.  n: open one."),
		    COLS - 2, false);
	else
		list_draw(&il->l, ui_body_top(), ui_body_rows(), h.s);
	buf_free(&h);
}

static int
il_key(struct screen *s, int key)
{
	struct inclist *il = (struct inclist *)s;

	return list_key(&il->l, key, ui_body_rows() - 1) ? UI_STAY : UI_PASS;
}

static int
il_open(struct screen *s, int key)
{
	struct inclist *il = (struct inclist *)s;

	if (il->n > 0)
		ui_push(screen_incident(il->v[il->l.sel].id));
	return UI_STAY;
}

static int
il_new(struct screen *s, int key)
{
	const char *labels[IK__N];
	struct inc_new in = { NULL, 0, NULL, NULL, 0, NULL };
	uint32_t *ids = NULL, id;
	char now[17], *kids, *found = NULL, *text = NULL, *cause = NULL;
	size_t i, n;
	int k;

	if ((kids = ui_prompt(_("The children concerned: names or numbers "
	    "(王小明，12)"), NULL, 60)) == NULL ||
	    !ui_children_named(kids, &ids, &n))
		goto out;
	for (i = 0; i < IK__N; i++)
		labels[i] = _(incident_kind_choices[i].label);
	if ((k = ui_pick(_("Kind of incident"), labels, IK__N, 0)) < 0)
		goto out;
	now_hm(now);
	if ((found = ui_prompt(_("Found at (2026-12-05 10:45, or 10:45 "
	    "today)"), now, 16)) == NULL || (text = ui_prompt(_("What "
	    "happened"), NULL, 300)) == NULL)
		goto out;
	in.children = ids;
	in.nchildren = n;
	in.kind = incident_kind_choices[k].key;
	in.found = found;
	in.text = text;
	if (inc_open(ui.db, &in, &id, &cause) != 0) {
		ui_error("%s", cause);
		free(cause);
	} else {
		il_reload(s);
		ui_push(screen_incident(id));
	}
out:
	free(ids);
	free(kids);
	free(found);
	free(text);
	return UI_STAY;
}

static const struct keydef il_keys[] = {
	{ "Enter", N_("open"), true, il_open, { KEYS_ENTER } },
	{ "n", N_("new incident"), true, il_new, { 'n' } },
	{ "Esc q", N_("back"), true, iv_back, { KEYS_BACK } },
	{ N_("Up Down"), N_("choose"), true, NULL, { 0 } },
	{ "n", N_("open a new incident: the children, the kind, when it was "
	    "found, what happened"), false, NULL, { 0 } },
	{ NULL, NULL, false, NULL, { 0 } }
};

static void
il_free(struct screen *s)
{
	struct inclist *il = (struct inclist *)s;

	inc_list_free(il->v, il->n);
	free(il);
}

static const struct screen_ops il_ops = {
	N_("Incidents"), il_keys, il_draw, il_key, il_reload, NULL, il_free,
	false, NULL
};

struct screen *
screen_incidents(void)
{
	struct inclist *il = xcalloc(1, sizeof *il);

	il->s.ops = &il_ops;
	il->l.arg = il;
	il->l.row = il_row;
	il->l.hl = 4;
	il_reload(&il->s);
	return &il->s;
}
