/*
 * ui-due.c -- the worklist screen (今日工作): what the logged-in teacher
 * must do, most overdue first; Enter opens what an item is about, f
 * narrows the list to one kind of item.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "due.h"
#include "i18n.h"
#include "rec.h"
#include "ui.h"

struct due_screen {
	struct screen	 s;
	struct due_list	 l;
	char		*kind;		/* the kind shown (a "what"), or NULL */
	size_t		*shown;		/* the items shown: indexes into l */
	size_t		 n;
	int		 sel;		/* in shown */
	int		 top;
	bool		 failed;
};

/* The items of the kind chosen, or all. */
static void
due_filter(struct due_screen *d)
{
	size_t i;

	free(d->shown);
	d->shown = xcalloc(d->l.n > 0 ? d->l.n : 1, sizeof *d->shown);
	d->n = 0;
	for (i = 0; i < d->l.n; i++)
		if (d->kind == NULL || strcmp(d->l.v[i].what, d->kind) == 0)
			d->shown[d->n++] = i;
	if (d->sel >= (int)d->n)
		d->sel = d->n > 0 ? (int)d->n - 1 : 0;
}

static const struct due_item *
due_shown(const struct due_screen *d, int i)
{
	return &d->l.v[d->shown[i]];
}

/* The login's worklist, read in t. */
static int
load_in(struct txn *t, struct due_list *l)
{
	struct due_opts o = { 0 };
	char *cause = NULL, today[11];
	int rc;

	if (ui.today[0] != '\0')
		memcpy(today, ui.today, 11);
	else
		date_today(today);
	o.today = today;
	if ((rc = due_make(t, &o, l, &cause)) != 0) {
		ui_error("%s", cause != NULL ? cause : sh_strerror(rc));
		free(cause);
	}
	return rc;
}

static int
load(struct due_list *l)
{
	struct txn t;
	int rc;

	memset(l, 0, sizeof *l);
	if ((rc = txn_read(ui.db, &t)) != 0)
		return rc;
	rc = load_in(&t, l);
	txn_end(&t);
	return rc;
}

size_t
ui_due_count(struct txn *t)
{
	struct due_list l;
	size_t n;

	if (load_in(t, &l) != 0)
		return 0;
	n = l.n;
	due_list_free(&l);
	return n;
}

static void
due_reload(struct screen *s)
{
	struct due_screen *d = (struct due_screen *)s;

	due_list_free(&d->l);
	d->failed = load(&d->l) != 0;
	due_filter(d);
}

/* The label of the kind shown, or NULL. */
static const char *
kind_label(const struct due_screen *d)
{
	size_t i;

	for (i = 0; d->kind != NULL && i < d->l.n; i++)
		if (strcmp(d->l.v[i].what, d->kind) == 0)
			return _(d->l.v[i].label);
	return d->kind;
}

static void
due_draw(struct screen *s)
{
	struct due_screen *d = (struct due_screen *)s;
	struct buf b = { 0 };
	char *info, days[24];
	int rows = ui_body_rows(), y = ui_body_top(), i;

	if (d->kind != NULL)
		/* TRANSLATORS: the kind shown, of how many things to do. */
		info = xasprintf(P_("%s: %zu of %zu thing to do",
		    "%s: %zu of %zu things to do", d->l.n), kind_label(d),
		    d->n, d->l.n);
	else
		info = xasprintf(P_("%zu thing to do", "%zu things to do",
		    d->l.n), d->l.n);
	ui_title(_("Worklist"), info);
	free(info);
	if (d->n == 0) {
		ui_put(y + 1, 2, d->failed ? _("The worklist cannot be read.") :
		    d->kind != NULL ? _("Nothing of this kind is due now: f "
		    "shows every kind.") : _("Nothing is due."), COLS - 3,
		    false);
		return;
	}
	/* The column heads: the first column is days overdue. */
	u_fit_right(&b, _("Days"), 5);
	buf_addstr(&b, "  ");
	u_fit(&b, _("Kind"), 12, true);
	buf_addstr(&b, "  ");
	buf_addstr(&b, _("What is due (days overdue first)"));
	ui_put_attr(y++, 0, b.s, COLS, true, A_BOLD);
	rows--;
	if (d->sel < d->top)
		d->top = d->sel;
	if (d->sel >= d->top + rows)
		d->top = d->sel - rows + 1;
	for (i = 0; i < rows && d->top + i < (int)d->n; i++) {
		const struct due_item *it = due_shown(d, d->top + i);

		buf_reset(&b);
		snprintf(days, sizeof days, "%ld", it->overdue);
		u_fit_right(&b, days, 5);
		buf_addstr(&b, "  ");
		u_fit(&b, _(it->label), 12, true);
		buf_addstr(&b, "  ");
		buf_addstr(&b, it->mark);
		buf_add_safe(&b, it->text, false);
		ui_put_attr(y + i, 0, b.s, COLS, true,
		    d->top + i == d->sel ? A_REVERSE : 0);
	}
	buf_free(&b);
}

static int
due_move(struct screen *s, int key)
{
	struct due_screen *d = (struct due_screen *)s;
	int n = (int)d->n, page = ui_body_rows() - 1;	/* under the heads */

	if (n == 0)
		return UI_STAY;
	if (key == KEYC(KEY_UP))
		d->sel--;
	else if (key == KEYC(KEY_DOWN))
		d->sel++;
	else if (key == KEYC(KEY_PPAGE))
		d->sel -= page;
	else if (key == KEYC(KEY_NPAGE))
		d->sel += page;
	else if (key == KEYC(KEY_HOME))
		d->sel = 0;
	else if (key == KEYC(KEY_END))
		d->sel = n - 1;
	if (d->sel < 0)
		d->sel = 0;
	if (d->sel >= n)
		d->sel = n - 1;
	return UI_STAY;
}

/*
 * The child's file, the staff form, the call trees, the meetings, or
 * the school.
 */
static int
due_open(struct screen *s, int key)
{
	struct due_screen *d = (struct due_screen *)s;
	const struct due_item *it;

	(void)key;
	if (d->n == 0)
		return UI_STAY;
	it = due_shown(d, d->sel);
	switch (it->type) {
	case RT_STAFF:
		record_edit(RT_STAFF, it->id);
		break;
	case RT_TREE:
		ui_push(screen_calltrees());
		break;
	case RT_MEETING:
		ui_push(screen_meeting(it->id));
		break;
	case RT_SCHOOL:
		if (strcmp(it->what, "drill") == 0)
			ui_push(screen_calltrees());
		else
			record_edit(RT_SCHOOL, it->id);
		break;
	default:
		if (it->child != 0)
			ui_push(screen_child(it->child));
		else if (it->staff != 0)
			record_edit(RT_STAFF, it->staff);
		break;
	}
	return UI_STAY;
}

/*
 * f: a pick list of the kinds in the list, each with its count, the
 * most first; the cursor stays on its item when that is still shown.
 */
static int
due_kind(struct screen *s, int key)
{
	struct due_screen *d = (struct due_screen *)s;
	const char **whats = xcalloc(d->l.n + 1, sizeof *whats);
	const char **labels = xcalloc(d->l.n + 1, sizeof *labels);
	size_t *counts = xcalloc(d->l.n + 1, sizeof *counts), i, j, n = 0, at;
	char **owned = xcalloc(d->l.n + 1, sizeof *owned);
	int pick, current = 0;

	(void)key;
	for (i = 0; i < d->l.n; i++) {
		for (j = 0; j < n && strcmp(whats[j], d->l.v[i].what) != 0;
		    j++)
			;
		if (j == n) {
			whats[n] = d->l.v[i].what;
			labels[n++] = _(d->l.v[i].label);
		}
		counts[j]++;
	}
	/* The most first (a stable insertion sort: few kinds). */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && counts[j] > counts[j - 1]; j--) {
			const char *w = whats[j], *lb = labels[j];
			size_t c = counts[j];

			whats[j] = whats[j - 1];
			labels[j] = labels[j - 1];
			counts[j] = counts[j - 1];
			whats[j - 1] = w;
			labels[j - 1] = lb;
			counts[j - 1] = c;
		}
	owned[0] = xasprintf(_("every kind (%zu)"), d->l.n);
	for (i = 0; i < n; i++) {
		/* TRANSLATORS: a kind of item and how many there are. */
		owned[i + 1] = xasprintf(_("%s (%zu)"), labels[i], counts[i]);
		if (d->kind != NULL && strcmp(whats[i], d->kind) == 0)
			current = (int)i + 1;
	}
	pick = ui_pick(_("Show which kind"), (const char *const *)owned,
	    n + 1, current);
	if (pick >= 0) {
		at = d->n > 0 ? d->shown[d->sel] : 0;
		free(d->kind);
		d->kind = pick > 0 ? xstrdup(whats[pick - 1]) : NULL;
		due_filter(d);
		for (d->sel = 0; d->sel < (int)d->n &&
		    d->shown[d->sel] != at; d->sel++)
			;
		if (d->sel == (int)d->n)
			d->sel = 0;
		d->top = 0;
	}
	for (i = 0; i <= n; i++)
		free(owned[i]);
	free(owned);
	free(counts);
	free(labels);
	free(whats);
	return UI_STAY;
}

static int
due_back(struct screen *s, int key)
{
	(void)s;
	(void)key;
	return UI_CLOSE;
}

static const struct keydef due_keys[] = {
	{ N_("Up Down"), N_("choose"), true, due_move,
	    { KEYC(KEY_UP), KEYC(KEY_DOWN), KEYC(KEY_PPAGE), KEYC(KEY_NPAGE) } },
	{ "", "", false, due_move, { KEYC(KEY_HOME), KEYC(KEY_END) } },
	{ "Enter", N_("open"), true, due_open, { KEYS_ENTER } },
	{ "f", N_("filter by kind"), true, due_kind, { 'f' } },
	{ "Esc q", N_("back"), true, due_back, { KEYS_BACK } },
	{ "?", N_("help"), true, NULL, { 0 } },
	{ NULL, NULL, false, NULL, { 0 } }
};

static void
due_free(struct screen *s)
{
	struct due_screen *d = (struct due_screen *)s;

	due_list_free(&d->l);
	free(d->shown);
	free(d->kind);
	free(d);
}

static const struct screen_ops due_ops = {
	N_("Worklist"), due_keys, due_draw, NULL, due_reload, NULL,
	due_free, false, NULL
};

struct screen *
screen_due(void)
{
	struct due_screen *d = xcalloc(1, sizeof *d);

	d->s.ops = &due_ops;
	due_reload(&d->s);
	return &d->s;
}
