/*
 * ui-stats.c -- the statistics screen (统计): a school's figures at a
 * glance, as bars.
 *
 * The figures are the summary's (report.c), read when the screen opens,
 * when it comes back on top and when the school changes; nothing is held
 * open while it waits for a key.  Each figure is a bar as long as its
 * share of the children in school, all on one scale, drawn in whole and
 * half blocks and measured in display columns, so a wider terminal has
 * longer bars; below them the children of each class (or school).  The
 * lines under the first scroll, the last one shown saying how many are
 * below; the labels' column fits the longest label.  The administrator
 * and the township supervisor switch between the schools and all of
 * them (s); p prints the summary as `report summary` does.
 */
#include "config.h"

#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "audit.h"
#include "i18n.h"
#include "model.h"
#include "print.h"
#include "rec.h"
#include "report.h"
#include "ui.h"

#define BAR_FULL	"\xe2\x96\x88"	/* █ */
#define BAR_HALF	"\xe2\x96\x8c"	/* ▌ */
#define LABEL_COLS	16
#define NUM_COLS	7

struct stats {
	struct screen	 s;
	uint32_t	 school;	/* 0: every school the login sees */
	char		*name;
	struct rep	 rep;
	bool		 loaded;
	int		 top;		/* the first line shown below the
					   first */
};

/* The figures drawn, in sections: a section's title has col -1. */
static const struct {
	const char	*label;		/* msgid */
	int		 col;
} figures[] = {
	{ N_("Left-behind type"), -1 },
	{ N_("both parents away"), RC_BOTH },
	{ N_("father away"), RC_FATHER },
	{ N_("mother away"), RC_MOTHER },
	{ N_("the other unable"), RC_ONE_UNABLE },
	{ N_("Guardianship"), -1 },
	{ N_("good"), RC_GOOD },
	{ N_("fair"), RC_FAIR },
	{ N_("poor"), RC_POOR },
	{ N_("Support"), -1 },
	{ N_("boarding"), RC_BOARDING },
	{ N_("aid (form)"), RC_AID },
	{ N_("key support"), RC_KEY },
	{ N_("without a mentor"), RC_NO_MENTOR },
	{ N_("no guardian"), RC_NO_GUARDIAN },
	{ N_("phone unverified"), RC_UNVERIFIED },
};

static void
stats_reload(struct screen *s)
{
	struct stats *st = (struct stats *)s;
	char *cause = NULL;

	if (st->loaded)
		rep_free(&st->rep);
	st->loaded = false;
	if (rep_summary(ui.db, st->school, ui.today, &st->rep, &cause) != 0) {
		ui_error("%s", cause);
		free(cause);
		return;
	}
	st->loaded = true;
}

/* A bar of value out of total in width columns, in half blocks. */
static void
bar(struct buf *b, unsigned value, unsigned total, int width)
{
	unsigned halves, i;

	halves = total == 0 ? 0 : (unsigned)(((uint64_t)value * 2 *
	    (unsigned)width + total / 2) / total);
	for (i = 0; i < halves / 2; i++)
		buf_addstr(b, BAR_FULL);
	if (halves % 2)
		buf_addstr(b, BAR_HALF);
	else if (halves == 0 && value > 0)
		buf_addstr(b, BAR_HALF);
}

/*
 * A figure: its label in lw columns, the number, its share of total and
 * a bar as long as the share: every bar on one scale, the whole width
 * being all the children.
 */
static void
bar_line(int y, const char *label, int lw, unsigned value, unsigned total)
{
	struct buf b = { 0 };
	char num[32];
	int width = COLS - 2 - lw - NUM_COLS - 6;

	buf_addstr(&b, "  ");
	u_fit(&b, label, lw, true);
	snprintf(num, sizeof num, "%u", value);
	u_fit_right(&b, num, NUM_COLS - 1);
	buf_addc(&b, ' ');
	if (total > 0)
		snprintf(num, sizeof num, "%3u%% ", (value * 100 + total / 2) /
		    total);
	else
		snprintf(num, sizeof num, "     ");
	buf_addstr(&b, num);
	bar(&b, value, total, width > 4 ? width : 4);
	ui_put(y, 0, b.s, COLS, true);
	buf_free(&b);
}

/*
 * The lines of the screen, from the first: a heading (value -1), a
 * blank (-2) or a figure.  The labels are the caller's to free.
 */
struct sline {
	char	*label;
	long	 value;
};

static size_t
stats_lines(const struct stats *st, struct sline **out)
{
	const struct rep_row *tot = &st->rep.total;
	const struct rep_school *sc;
	struct sline *l;
	size_t i, n = 0, max;

	max = nitems(figures) + 2 + (st->rep.nschools == 1 ?
	    st->rep.schools[0].nclasses : st->rep.nschools);
	l = xcalloc(max, sizeof *l);
	for (i = 0; i < nitems(figures); i++) {
		l[n].label = xstrdup(_(figures[i].label));
		l[n++].value = figures[i].col < 0 ? -1 :
		    (long)tot->n[figures[i].col];
	}
	if (st->rep.nschools == 0) {
		*out = l;
		return n;
	}
	l[n].label = xstrdup("");
	l[n++].value = -2;
	l[n].label = xstrdup(st->rep.nschools == 1 ? _("Children by class") :
	    _("Children by school"));
	l[n++].value = -1;
	if (st->rep.nschools == 1) {
		sc = &st->rep.schools[0];
		for (i = 0; i < sc->nclasses; i++) {
			l[n].label = class_label(sc->classes[i].grade,
			    sc->classes[i].cls);
			l[n++].value = (long)sc->classes[i].n[RC_CHILDREN];
		}
	} else {
		for (i = 0; i < st->rep.nschools; i++) {
			l[n].label = xstrdup(st->rep.schools[i].name);
			l[n++].value =
			    (long)st->rep.schools[i].total.n[RC_CHILDREN];
		}
	}
	*out = l;
	return n;
}

static void
stats_draw(struct screen *s)
{
	struct stats *st = (struct stats *)s;
	const struct rep_row *tot = &st->rep.total;
	struct sline *l;
	char *info, *line, avg[16];
	int y = ui_body_top(), rows, lw = LABEL_COLS, w, cap;
	unsigned children = tot->n[RC_CHILDREN];
	size_t i, n, left;

	if (!st->loaded) {
		info = xasprintf("%s  %s", st->name, ui.today);
		ui_title(_("Statistics"), info);
		free(info);
		return;
	}
	n = stats_lines(st, &l);
	/* The labels' column fits the longest, leaving room for bars. */
	cap = COLS / 3 > LABEL_COLS ? COLS / 3 : LABEL_COLS;
	for (i = 0; i < n; i++)
		if (l[i].value >= 0 && (w = u_width(l[i].label)) > lw)
			lw = w < cap ? w : cap;
	/* The first line stays; the others scroll. */
	rows = ui_body_rows() - 1;
	if (rows < 1)
		rows = 1;
	if (st->top > (int)n - rows)
		st->top = (int)n - rows;
	if (st->top < 0)
		st->top = 0;
	info = xasprintf("%s  %s  %d-%d/%zu", st->name, ui.today, st->top + 1,
	    st->top + rows < (int)n ? st->top + rows : (int)n, n);
	ui_title(_("Statistics"), info);
	free(info);
	rep_per_mentor(children - tot->n[RC_NO_MENTOR], st->rep.mentors, avg);
	line = xasprintf(_("Children in school: %u   mentoring pairs: %u   "
	    "per mentor: %s"), children, children - tot->n[RC_NO_MENTOR],
	    avg);
	ui_put_attr(y++, 0, line, COLS, true, A_BOLD);
	free(line);
	for (i = (size_t)st->top; i < n && i < (size_t)(st->top + rows); i++) {
		left = n - i - 1;
		if (i + 1 == (size_t)(st->top + rows) && left > 0) {
			/* The last line says what is below. */
			line = xasprintf(P_("  ... %zu more line: Down, PgDn",
			    "  ... %zu more lines: Down, PgDn", left + 1),
			    left + 1);
			ui_put(y++, 0, line, COLS, true);
			free(line);
		} else if (l[i].value == -1)
			ui_put_attr(y++, 0, l[i].label, COLS, true, A_BOLD);
		else if (l[i].value == -2)
			ui_put(y++, 0, "", COLS, true);
		else
			bar_line(y++, l[i].label, lw, (unsigned)l[i].value,
			    children);
	}
	for (i = 0; i < n; i++)
		free(l[i].label);
	free(l);
}

static int
stats_move(struct screen *s, int key)
{
	struct stats *st = (struct stats *)s;
	int rows = ui_body_rows() - 1;

	switch (key) {
	case KEYC(KEY_UP):
		st->top--;
		break;
	case KEYC(KEY_DOWN):
		st->top++;
		break;
	case KEYC(KEY_PPAGE):
		st->top -= rows > 2 ? rows - 1 : 1;
		break;
	case KEYC(KEY_NPAGE):
		st->top += rows > 2 ? rows - 1 : 1;
		break;
	case KEYC(KEY_HOME):
		st->top = 0;
		break;
	case KEYC(KEY_END):
		st->top = INT_MAX / 2;
		break;
	}
	return UI_STAY;
}

static int
stats_school(struct screen *s, int key)
{
	struct stats *st = (struct stats *)s;
	uint32_t id;
	char *name;

	if (!access_admin() && !(access_roles() & AR_SUPERVISOR)) {
		ui_error("%s", _("Only the administrator and the township "
		    "supervisor see other schools."));
		return UI_STAY;
	}
	if (!ui_pick_school(_("Figures of"), _("All schools"), st->school,
	    &id, &name))
		return UI_STAY;
	st->school = id;
	st->top = 0;
	free(st->name);
	st->name = *name != '\0' ? name : (free(name),
	    xstrdup(_("All schools")));
	stats_reload(s);
	return UI_STAY;
}

static int
stats_print(struct screen *s, int key)
{
	struct stats *st = (struct stats *)s;
	struct print_opts o = { 0, 0, ui.today };
	struct print_dest dest = { NULL, false, NULL, PRINT_AUTO,
	    PRINT_ENC_DEFAULT };
	struct print_lines body = { 0 };
	struct print_doc doc;
	char *path, *cause = NULL, *job = NULL, *title, *who;

	if (!st->loaded || !ui_print_where(_("Print the summary"),
	    _("Write the summary to the file (.pdf: a PDF)"), "summary.txt",
	    &dest, &path))
		return UI_STAY;
	rep_text(&st->rep, PRINT_WIDTH, &body);
	/* Every school's figures are the township's, as report prints them. */
	who = st->school == 0 ? rep_scope_name(ui.db, 0) : xstrdup(st->name);
	title = xasprintf("%s  %s", _("Left-behind children: summary"), who);
	rep_doc(title, ui.today, &body, &o, &doc);
	print_doc_set_title(&doc, print_title(who,
	    _("Left-behind children: summary"), ui.today));
	free(who);
	if (print_deliver(&doc, &dest, &job, &cause) != 0) {
		ui_error("%s", cause);
		free(cause);
	} else {
		(void)audit_note(ui.db, AUDIT_PRINT, doc.title, NULL);
		if (!dest.lp)
			ui_msg("%s", _("The summary is written."));
		else {
			char *said = print_sent(job);

			ui_msg("%s", said);
			free(said);
		}
	}
	free(job);
	free(path);
	free(title);
	print_doc_free(&doc);
	print_lines_free(&body);
	return UI_STAY;
}

static int
stats_back(struct screen *s, int key)
{
	return UI_CLOSE;
}

static const struct keydef stats_keys[] = {
	{ N_("Up Down PgUp PgDn"), N_("scroll"), true, stats_move,
	    { KEYC(KEY_UP), KEYC(KEY_DOWN), KEYC(KEY_PPAGE), KEYC(KEY_NPAGE) } },
	{ "Home End", N_("the first or last page"), false, stats_move,
	    { KEYC(KEY_HOME), KEYC(KEY_END) } },
	{ "s", N_("another school"), true, stats_school, { 's' } },
	{ "p", N_("print"), true, stats_print, { 'p' } },
	{ "Esc q", N_("back"), true, stats_back, { KEYS_BACK } },
	{ "?", N_("help"), true, NULL, { 0 } },
	{ NULL, NULL, false, NULL, { 0 } }
};

static void
stats_free(struct screen *s)
{
	struct stats *st = (struct stats *)s;

	if (st->loaded)
		rep_free(&st->rep);
	free(st->name);
	free(st);
}

static const struct screen_ops stats_ops = {
	N_("Statistics"), stats_keys, stats_draw, NULL, stats_reload, NULL,
	stats_free, false, NULL
};

struct screen *
screen_stats(void)
{
	struct stats *st = xcalloc(1, sizeof *st);
	struct txn t;
	struct rec *r;

	st->s.ops = &stats_ops;
	/* The login's school; the township's people see every school. */
	if (!access_admin() && !(access_roles() & AR_SUPERVISOR))
		st->school = access_school();
	if (st->school != 0 && txn_read(ui.db, &t) == 0) {
		if (rec_get(&t, RT_SCHOOL, st->school, &r) == 0) {
			st->name = xstrdup(rec_str(r, SCHOOL_NAME));
			rec_free(r);
		}
		txn_end(&t);
	}
	if (st->name == NULL) {
		st->school = 0;
		st->name = xstrdup(_("All schools"));
	}
	stats_reload(&st->s);
	return &st->s;
}
