/*
 * ui-stats.c -- the statistics screen (统计): a school's figures at a
 * glance, as bars.
 *
 * The figures are the summary's (report.c), read when the screen opens,
 * when it comes back on top and when the school changes; nothing is held
 * open while it waits for a key.  Each figure is a bar as long as its
 * share of the children in school, drawn in whole and half blocks and
 * measured in display columns, so a wider terminal has longer bars; a
 * taller one also shows the children of each class.  The administrator
 * and the township supervisor switch between the schools and all of
 * them (s); p prints the summary as `report summary` does.
 */
#include "config.h"

#include <curses.h>
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

/* A figure: its share of total, and a bar scaled to scale. */
static void
bar_line(int y, const char *label, unsigned value, unsigned total,
    unsigned scale)
{
	struct buf b = { 0 };
	char num[32];
	int width = COLS - 2 - LABEL_COLS - NUM_COLS - 6;

	buf_addstr(&b, "  ");
	u_fit(&b, label, LABEL_COLS, true);
	snprintf(num, sizeof num, "%u", value);
	u_fit_right(&b, num, NUM_COLS - 1);
	buf_addc(&b, ' ');
	if (total > 0)
		snprintf(num, sizeof num, "%3u%% ", (value * 100 + total / 2) /
		    total);
	else
		snprintf(num, sizeof num, "     ");
	buf_addstr(&b, num);
	bar(&b, value, scale, width > 4 ? width : 4);
	ui_put(y, 0, b.s, COLS, true);
	buf_free(&b);
}

static void
stats_draw(struct screen *s)
{
	struct stats *st = (struct stats *)s;
	const struct rep_row *tot = &st->rep.total;
	const struct rep_school *sc;
	char *info, *line, avg[16], *cl;
	int y = ui_body_top(), end = y + ui_body_rows();
	unsigned children = tot->n[RC_CHILDREN], most = 0;
	size_t i;

	info = xasprintf("%s  %s", st->name, ui.today);
	ui_title(_("Statistics"), info);
	free(info);
	if (!st->loaded)
		return;
	rep_per_mentor(children - tot->n[RC_NO_MENTOR], st->rep.mentors, avg);
	line = xasprintf(_("Children in school: %u   mentoring pairs: %u   "
	    "per mentor: %s"), children, children - tot->n[RC_NO_MENTOR],
	    avg);
	ui_put_attr(y++, 0, line, COLS, true, A_BOLD);
	free(line);
	for (i = 0; i < nitems(figures) && y < end; i++) {
		if (figures[i].col < 0)
			ui_put_attr(y++, 0, _(figures[i].label), COLS, true,
			    A_BOLD);
		else
			bar_line(y++, _(figures[i].label),
			    tot->n[figures[i].col], children, children);
	}
	/* A taller terminal: the children of each class, or school. */
	if (y + 2 >= end)
		return;
	ui_put_attr(++y, 0, st->rep.nschools == 1 ? _("Children by class") :
	    _("Children by school"), COLS, true, A_BOLD);
	y++;
	if (st->rep.nschools == 1) {
		sc = &st->rep.schools[0];
		for (i = 0; i < sc->nclasses; i++)
			if (sc->classes[i].n[RC_CHILDREN] > most)
				most = sc->classes[i].n[RC_CHILDREN];
		for (i = 0; i < sc->nclasses && y < end; i++) {
			cl = class_label(sc->classes[i].grade,
			    sc->classes[i].cls);
			bar_line(y++, cl, sc->classes[i].n[RC_CHILDREN],
			    children, most);
			free(cl);
		}
		return;
	}
	for (i = 0; i < st->rep.nschools; i++)
		if (st->rep.schools[i].total.n[RC_CHILDREN] > most)
			most = st->rep.schools[i].total.n[RC_CHILDREN];
	for (i = 0; i < st->rep.nschools && y < end; i++)
		bar_line(y++, st->rep.schools[i].name,
		    st->rep.schools[i].total.n[RC_CHILDREN], children, most);
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
