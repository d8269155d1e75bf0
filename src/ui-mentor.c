/*
 * ui-mentor.c -- mentoring (结对帮扶): the children in school who have no
 * mentor, to be given one several at a time, and the pairs in force.
 * Both views are list screens (ui-list.h): the first of children, with
 * the children's columns, the second of pairs, with the pairs' columns
 * and, when every school is shown, the child's school.  A third, "my
 * mentees", is the logged-in teacher's children with the last talk, the
 * last home visit and what is due next, a talk (when the worklist asks
 * for it) or a follow-up, of each, most overdue first.
 */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "care.h"
#include "term.h"
#include "codec.h"
#include "due.h"
#include "i18n.h"
#include "model.h"
#include "print.h"
#include "rec.h"
#include "schema.h"
#include "settings.h"
#include "ui-list.h"
#include "ui.h"
#include "util.h"

enum mview { WITHOUT, PAIRS, MINE };

/* A mentee's line in "my mentees": what is due, and when. */
struct mine {
	char		 name[64];
	char		 cls[48];
	char		 talk[11];	/* last talk, or "" */
	char		 visit[11];	/* last home visit, or "" */
	char		 followup[11];	/* open follow-up, or "" */
	long		 due;		/* days: the next talk or follow-up */
	bool		 next_followup;	/* due is the follow-up's */
	uint32_t	 child;
};

/*
 * The school column, when every school is shown: as wide as this, and
 * at least SCHOOL_MIN when the other columns need the room.
 */
#define SCHOOL_WIDTH 18
#define SCHOOL_MIN 12

struct mentoring {
	struct lscreen	 ls;
	enum mview	 view;
	uint32_t	 school;	/* 0: all */
	char		*school_name;
	/* The children marked, kept by id while the search changes. */
	struct idlist	 marks;
	bool		*marked;	/* the rows shown that are marked */
	/* School names read for the pairs' rows, each once. */
	uint32_t	*sc_id;
	char		**sc_name;
	size_t		 nsc;
	/* "My mentees": whose, and their lines in the order of ls.ids. */
	uint32_t	 mentor;
	struct mine	*mine;
};

static const struct lstype without_type, pairs_type, mine_type;

static bool
is_marked(const struct mentoring *m, uint32_t child)
{
	size_t i;

	for (i = 0; i < m->marks.n; i++)
		if (m->marks.v[i] == child)
			return true;
	return false;
}

static void
set_mark(struct mentoring *m, uint32_t child, bool on)
{
	size_t i, j;

	if (on) {
		if (!is_marked(m, child))
			idl_add(&m->marks, child);
		return;
	}
	for (i = j = 0; i < m->marks.n; i++)
		if (m->marks.v[i] != child)
			m->marks.v[j++] = m->marks.v[i];
	m->marks.n = j;
}

static const char *
school_name_of(struct mentoring *m, struct txn *t, uint32_t id)
{
	struct rec *r;
	size_t i;

	for (i = 0; i < m->nsc; i++)
		if (m->sc_id[i] == id)
			return m->sc_name[i];
	m->sc_id = xreallocarray(m->sc_id, m->nsc + 1, sizeof *m->sc_id);
	m->sc_name = xreallocarray(m->sc_name, m->nsc + 1,
	    sizeof *m->sc_name);
	m->sc_id[m->nsc] = id;
	if (rec_get(t, RT_SCHOOL, id, &r) == 0) {
		m->sc_name[m->nsc] = xstrdup(rec_title(r));
		rec_free(r);
	} else
		m->sc_name[m->nsc] = xstrdup("?");
	return m->sc_name[m->nsc++];
}

/* The children the search finds, of the school chosen (0: all). */
static void
found_children(struct mentoring *m, struct txn *t, const char *q,
    struct idlist *out)
{
	struct idlist more = { 0 }, keep = { 0 };
	size_t i;

	search_children(t, q, out, &more);
	for (i = 0; i < more.n; i++)
		idl_add(out, more.v[i]);
	if (m->school != 0) {
		children_of_class(t, m->school, NULL, NULL, &keep);
		idl_uniq(&keep);
		for (i = 0, more.n = 0; i < out->n; i++)
			if (idl_has(&keep, out->v[i]))
				idl_add(&more, out->v[i]);
		out->n = 0;
		for (i = 0; i < more.n; i++)
			idl_add(out, more.v[i]);
	}
	idl_uniq(out);
	idl_free(&more);
	idl_free(&keep);
}

/* The children in school without a mentor that the login may see. */
static void
load_without(struct mentoring *m, struct txn *t, const char *q)
{
	struct idlist kids = { 0 };
	struct kv_cursor kc;
	struct rec *c, *p;
	size_t i;
	bool ok;

	if (*q != '\0')
		found_children(m, t, q, &kids);
	else if (m->school != 0)
		children_of_class(t, m->school, NULL, NULL, &kids);
	else {
		for (ok = kv_first(t, DBI_IX, "c", 1, &kc); ok;
		    ok = kv_next(&kc))
			idl_add(&kids, get_u32be((unsigned char *)
			    kc.key.mv_data + kc.key.mv_size - 4));
		kv_close(&kc);
	}
	for (i = 0; i < kids.n; i++) {
		if (!access_child(kids.v[i]))
			continue;
		if ((p = child_mentor_pair(t, kids.v[i], ui.today)) != NULL) {
			rec_free(p);
			continue;
		}
		if (rec_get(t, RT_CHILD, kids.v[i], &c) != 0)
			continue;
		if (child_active(c))
			idl_add(&m->ls.ids, c->id);
		rec_free(c);
	}
	if (*q == '\0')
		lscreen_sort(&m->ls, t);
	/* A child marked who has a mentor now is no longer marked. */
	for (i = 0; i < m->marks.n; i++)
		if ((p = child_mentor_pair(t, m->marks.v[i], ui.today)) !=
		    NULL) {
			rec_free(p);
			set_mark(m, m->marks.v[i--], false);
		}
	idl_free(&kids);
}

/* The pairs in force of the children the login may see. */
static void
load_pairs(struct mentoring *m, struct txn *t, const char *q)
{
	struct idlist found = { 0 };
	struct rec_iter it;
	struct rec *c, *p;
	uint32_t child;
	bool keep;

	if (*q != '\0')
		found_children(m, t, q, &found);
	rec_iter_start(t, RT_PAIR, &it);
	while ((p = rec_iter_next(&it)) != NULL) {
		child = rec_ref(p, PAIR_CHILD);
		keep = pair_current(p, ui.today) && access_child(child) &&
		    (*q == '\0' || idl_has(&found, child));
		if (keep && m->school != 0) {
			keep = rec_get(t, RT_CHILD, child, &c) == 0 &&
			    rec_ref(c, CHILD_SCHOOL) == m->school;
			if (c != NULL)
				rec_free(c);
		}
		if (keep)
			idl_add(&m->ls.ids, p->id);
		rec_free(p);
	}
	rec_iter_end(&it);
	idl_free(&found);
}

static int
mine_cmp(const void *a, const void *b)
{
	const struct mine *x = a, *y = b;

	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return x->child < y->child ? -1 : x->child > y->child;
}

/*
 * The mentor's children in school, each with what its log says: the
 * next talk is due when the worklist asks for it, the settings'
 * talk_days (a key-support child's talk_days_key) after the last one
 * (due_talk_day()); a follow-up on its day.  Most overdue first.
 */
static void
load_mine(struct mentoring *m, struct txn *t, const char *q)
{
	struct idlist kids = { 0 }, found = { 0 };
	struct care_summary cs;
	struct settings set;
	struct term term;
	struct rec *c;
	size_t i, n = 0;
	long due;
	char *cl;
	bool key;

	free(m->mine);
	m->mine = NULL;
	if (m->mentor == 0)
		return;
	settings_read(t, &set);
	term_at(&set, ui.today, &term);
	staff_mentees(t, m->mentor, ui.today, &kids);
	if (*q != '\0')
		found_children(m, t, q, &found);
	m->mine = xcalloc(kids.n + 1, sizeof *m->mine);
	for (i = 0; i < kids.n; i++) {
		if ((*q != '\0' && !idl_has(&found, kids.v[i])) ||
		    rec_get(t, RT_CHILD, kids.v[i], &c) != 0)
			continue;
		care_summary(t, c->id, &cs);
		key = strcmp(rec_str(c, CHILD_KEY_SUPPORT), "1") == 0;
		snprintf(m->mine[n].name, sizeof m->mine[n].name, "%s%s",
		    risk_marker(rec_str(c, CHILD_RISK)), rec_title(c));
		cl = class_label(rec_str(c, CHILD_GRADE), rec_str(c,
		    CHILD_CLASS));
		snprintf(m->mine[n].cls, sizeof m->mine[n].cls, "%s", cl);
		free(cl);
		memcpy(m->mine[n].talk, cs.last[CK_TALK], 11);
		memcpy(m->mine[n].visit, cs.last[CK_VISIT], 11);
		memcpy(m->mine[n].followup, cs.followup, 11);
		due = due_talk_day(&set, &term, cs.last[CK_TALK], key);
		if (cs.followup[0] != '\0' && date_days(cs.followup) <= due) {
			due = date_days(cs.followup);
			m->mine[n].next_followup = true;
		}
		m->mine[n].due = due;
		m->mine[n++].child = c->id;
		rec_free(c);
	}
	qsort(m->mine, n, sizeof *m->mine, mine_cmp);
	for (i = 0; i < n; i++)
		idl_add(&m->ls.ids, m->mine[i].child);
	idl_free(&kids);
	idl_free(&found);
}

static void
mentoring_load(struct lscreen *ls, struct txn *t, const char *q)
{
	struct mentoring *m = (struct mentoring *)ls;
	struct rec *sch;
	size_t i;

	free(m->school_name);
	m->school_name = NULL;
	if (m->school != 0 && rec_get(t, RT_SCHOOL, m->school, &sch) == 0) {
		m->school_name = xstrdup(rec_title(sch));
		rec_free(sch);
	}
	if (m->view == WITHOUT)
		load_without(m, t, q);
	else if (m->view == MINE)
		load_mine(m, t, q);
	else
		load_pairs(m, t, q);
	free(m->marked);
	m->marked = xcalloc(ls->ids.n ? ls->ids.n : 1, sizeof *m->marked);
	if (m->view == WITHOUT)
		for (i = 0; i < ls->ids.n; i++)
			m->marked[i] = is_marked(m, ls->ids.v[i]);
	ls->l.marked = m->view == WITHOUT ? m->marked : NULL;
}

static char *
mentoring_info(struct lscreen *ls, const char *q)
{
	struct mentoring *m = (struct mentoring *)ls;
	const char *place = m->school_name ? m->school_name :
	    _("all schools");

	if (m->view == WITHOUT)
		return xasprintf(P_("%s: %zu child, %zu marked",
		    "%s: %zu children, %zu marked", ls->ids.n),
		    place, ls->ids.n, m->marks.n);
	if (m->view == MINE)
		return xasprintf(P_("%zu mentee", "%zu mentees", ls->ids.n),
		    ls->ids.n);
	return xasprintf(P_("%s: %zu pair", "%s: %zu pairs", ls->ids.n),
	    place, ls->ids.n);
}

/*
 * Whether the rows add the child's school: every school is shown and
 * the view's own columns leave it out at this width.
 */
static bool
shows_school(const struct mentoring *m)
{
	const struct view *v = m->ls.view;
	int c;

	if (m->school != 0 || m->view == MINE)
		return false;
	for (c = 0; c < v->ncols; c++)
		if (strcmp(v->cols[c].name, "school") == 0 &&
		    view_col_shown(&v->cols[c], VF_TEXT, COLS))
			return false;
	return true;
}

/* A row carries its child's school when the screen adds it. */
static struct vrow *
mentoring_row(struct lscreen *ls, struct txn *t, uint32_t id)
{
	struct mentoring *m = (struct mentoring *)ls;
	struct rec *r, *c;
	const char *school = NULL;
	uint32_t child;

	if (rec_get(t, ls->type, id, &r) != 0)
		return NULL;
	if (shows_school(m)) {
		child = m->view == WITHOUT ? id : rec_ref(r, PAIR_CHILD);
		if (m->view == WITHOUT)
			school = school_name_of(m, t, rec_ref(r,
			    CHILD_SCHOOL));
		else if (rec_get(t, RT_CHILD, child, &c) == 0) {
			school = school_name_of(m, t, rec_ref(c,
			    CHILD_SCHOOL));
			rec_free(c);
		}
	}
	return view_row_ext(ls->view, &ls->ctx, t, r, view_needs(ls->view,
	    VF_TEXT, COLS, false), school);
}

/*
 * The width of the view's columns in a row of cols columns that ends
 * with the school: their own widths while the school keeps SCHOOL_MIN;
 * the school's width in *sw.
 */
static int
columns_width(const struct lscreen *ls, int cols, int *sw)
{
	const struct view *v = ls->view;
	int c, w = 0, most = cols - SCHOOL_MIN - 1;

	for (c = 0; c < v->ncols; c++)
		if (view_col_shown(&v->cols[c], VF_TEXT, most))
			w += (w > 0 ? 1 : 0) + view_col_width(&v->cols[c]);
	if (w > most)
		w = most;
	*sw = cols - w - 1 < SCHOOL_WIDTH ? cols - w - 1 : SCHOOL_WIDTH;
	return w;
}

#define MINE_NAME 10
#define MINE_CLASS 12
#define MINE_DATE 18

/* A date with the days since (or until) today: "11-25 (10天前)". */
static void
mine_date(struct buf *b, const char *d, const char *none, int cols)
{
	struct buf t = { 0 };
	long days;

	if (*d == '\0')
		buf_addstr(&t, none);
	else {
		days = date_days(ui.today) - date_days(d);
		buf_addstr(&t, d + 5);
		buf_addc(&t, ' ');
		if (days >= 0)
			buf_addf(&t, P_("(%ld day ago)", "(%ld days ago)",
			    days), days);
		else
			buf_addf(&t, P_("(in %ld day)", "(in %ld days)",
			    -days), -days);
	}
	u_fit(b, t.s, cols, true);
	buf_free(&t);
}

static void
mine_line(struct mentoring *m, size_t i, struct buf *b, int cols)
{
	const struct mine *r = &m->mine[i];
	long late = date_days(ui.today) - r->due;
	struct buf line = { 0 };
	char day[11];

	u_fit(&line, r->name, MINE_NAME, true);
	buf_addc(&line, ' ');
	u_fit(&line, r->cls, MINE_CLASS, true);
	buf_addc(&line, ' ');
	mine_date(&line, r->talk, _("never"), MINE_DATE);
	buf_addc(&line, ' ');
	mine_date(&line, r->visit, _("none"), MINE_DATE);
	buf_addc(&line, ' ');
	/* What is due next: "谈心 逾期 3 天", "跟进 12-20". */
	buf_addstr(&line, r->next_followup ? _("follow-up") : _("talk"));
	buf_addc(&line, ' ');
	if (late > 0)
		buf_addf(&line, P_("%ld day late", "%ld days late", late),
		    late);
	else {
		date_from_days(r->due, day);
		buf_addstr(&line, day + 5);
	}
	u_fit(b, line.s, cols, false);
	buf_free(&line);
}

static void
mentoring_line(struct list *l, size_t i, struct buf *b, int cols)
{
	struct mentoring *m = l->arg;
	struct vrow *row;
	struct buf line = { 0 };
	int w, sw;

	if (m->view == MINE && m->mine != NULL) {
		mine_line(m, i, b, cols);
		return;
	}
	row = rowcache_get(&m->ls.rows, i);
	if (row == NULL) {
		buf_addf(b, "#%u", m->ls.ids.v[i]);
		return;
	}
	if (!shows_school(m)) {
		view_line(row, cols, b);
		return;
	}
	w = columns_width(&m->ls, cols, &sw);
	view_line(row, w, &line);
	u_fit(b, line.s != NULL ? line.s : "", w, true);
	buf_addc(b, ' ');
	if (row->ext != NULL)
		print_fit(b, row->ext, sw, false);
	buf_free(&line);
}

static void
mentoring_draw(struct screen *s)
{
	struct mentoring *m = (struct mentoring *)s;
	struct buf head = { 0 };
	int y, x, w, sw;

	lscreen_draw(s);
	if (m->view == MINE) {
		struct buf h = { 0 };

		y = ui_body_top() + (m->ls.sb.active || m->ls.sb.q.n > 0 ?
		    1 : 0);
		u_fit(&h, _("Name"), MINE_NAME, true);
		buf_addc(&h, ' ');
		u_fit(&h, _("Class"), MINE_CLASS, true);
		buf_addc(&h, ' ');
		u_fit(&h, _("Last talk"), MINE_DATE, true);
		buf_addc(&h, ' ');
		u_fit(&h, _("Last home visit"), MINE_DATE, true);
		buf_addc(&h, ' ');
		buf_addstr(&h, _("Next talk or follow-up"));
		move(y, 0);
		clrtoeol();
		ui_put_attr(y, 1, h.s, COLS - 2, false, A_BOLD | A_UNDERLINE);
		buf_free(&h);
		if (m->mentor == 0)
			ui_put(y + 2, 2, _("This login is no staff member: "
			    "press y to choose a mentor."), COLS - 4, false);
		searchbar_cursor(&m->ls.sb, ui_body_top());
		return;
	}
	if (!shows_school(m))
		return;
	/* The header of the columns the rows show, and the school's. */
	y = ui_body_top() + (m->ls.sb.active || m->ls.sb.q.n > 0 ? 1 : 0);
	x = 1 + (m->ls.l.marked != NULL ? 4 : 0);
	w = columns_width(&m->ls, COLS - 2 - x, &sw);
	view_header(m->ls.view, w, &head);
	move(y, 0);
	clrtoeol();
	ui_put_attr(y, x, head.s != NULL ? head.s : "", w, false,
	    A_BOLD | A_UNDERLINE);
	ui_put_attr(y, x + w + 1, _("School"), sw, false,
	    A_BOLD | A_UNDERLINE);
	buf_free(&head);
	searchbar_cursor(&m->ls.sb, ui_body_top());
}

/* Puts the screen on a view: its records, columns and rows. */
static void
set_view(struct mentoring *m, enum mview v)
{
	struct lscreen *ls = &m->ls;
	int c;

	m->view = v;
	ls->t = v == PAIRS ? &pairs_type : v == MINE ? &mine_type :
	    &without_type;
	ls->type = v == PAIRS ? RT_PAIR : RT_CHILD;
	ls->view = view_of(ls->type);
	ls->title = v == WITHOUT ?
	    N_("Mentoring: children without a mentor") : v == MINE ?
	    N_("My mentees: the last talk, visit and follow-up") :
	    N_("Mentoring: pairs");
	ls->l.hl = 0;
	for (c = 0; c < ls->view->ncols; c++)
		if (view_col_shown(&ls->view->cols[c], VF_TEXT, COLS)) {
			ls->l.hl = view_col_width(&ls->view->cols[c]);
			break;
		}
}

/* The child of the selected row, or 0. */
static uint32_t
selected_child(struct mentoring *m)
{
	uint32_t id = lscreen_selected(&m->ls), child = 0;
	struct txn t;
	struct rec *p;

	if (id == 0 || m->view != PAIRS)
		return id;
	if (txn_read(ui.db, &t) != 0)
		return 0;
	if (rec_get(&t, RT_PAIR, id, &p) == 0) {
		child = rec_ref(p, PAIR_CHILD);
		rec_free(p);
	}
	txn_end(&t);
	return child;
}

struct assign_arg {
	const struct idlist	*kids;
	uint32_t		 staff;
	uint32_t		 child;
	size_t			 done;
};

static int
assign_write(struct txn *t, void *arg, char **cause)
{
	struct assign_arg *a = arg;
	size_t i;
	int rc;

	a->done = 0;
	for (i = 0; i < a->kids->n; i++) {
		if ((rc = mentor_assign(t, a->kids->v[i], a->staff, ui.today,
		    cause)) != 0)
			return rc;
		a->done++;
	}
	return 0;
}

/* The school of every child in kids, 0 when they differ (or none). */
static uint32_t
school_of_all(const struct idlist *kids, bool *mixed)
{
	struct txn t;
	struct rec *c;
	uint32_t school = 0;
	size_t i;

	*mixed = false;
	if (txn_read(ui.db, &t) != 0)
		return 0;
	for (i = 0; i < kids->n; i++) {
		if (rec_get(&t, RT_CHILD, kids->v[i], &c) != 0)
			continue;
		if (school != 0 && rec_ref(c, CHILD_SCHOOL) != school)
			*mixed = true;
		school = rec_ref(c, CHILD_SCHOOL);
		rec_free(c);
	}
	txn_end(&t);
	return school;
}

/* One mentor for all the marked children (or the selected one). */
static int
mk_mentor(struct screen *s, int key)
{
	struct mentoring *m = (struct mentoring *)s;
	struct idlist one = { 0 };
	struct assign_arg a = { &m->marks, 0, 0, 0 };
	char *cause = NULL;
	uint32_t school;
	bool mixed;

	if (m->view != WITHOUT || m->ls.l.n == 0)
		return UI_STAY;
	if (m->marks.n == 0) {
		idl_add(&one, lscreen_selected(&m->ls));
		a.kids = &one;
	}
	school = school_of_all(a.kids, &mixed);
	if (mixed) {
		ui_error("%s", _("The marked children are in different "
		    "schools: choose one school first (s)."));
		idl_free(&one);
		return UI_STAY;
	}
	if (ui_pick_mentor(school, false, 0, &a.staff)) {
		if (db_write(ui.db, assign_write, &a, &cause) != 0) {
			ui_error("%s", cause);
			free(cause);
		} else {
			ui_msg(P_("%zu child now has a mentor.",
			    "%zu children now have a mentor.", a.done),
			    a.done);
			m->marks.n = 0;
		}
	}
	idl_free(&one);
	lscreen_read(&m->ls, true);
	return UI_STAY;
}

static int
end_write(struct txn *t, void *arg, char **cause)
{
	struct assign_arg *a = arg;

	return mentor_end(t, a->child, ui.today, cause);
}

static int
mk_end(struct screen *s, int key)
{
	struct mentoring *m = (struct mentoring *)s;
	struct assign_arg a = { NULL, 0, 0, 0 };
	char *cause = NULL;

	if (m->view != PAIRS || (a.child = selected_child(m)) == 0)
		return UI_STAY;
	if (!ui_confirm(_("End this mentoring pair today?")))
		return UI_STAY;
	if (db_write(ui.db, end_write, &a, &cause) != 0) {
		ui_error("%s", cause);
		free(cause);
	} else
		ui_msg("%s", _("The pair is ended."));
	lscreen_read(&m->ls, true);
	return UI_STAY;
}

static int
mk_switch(struct screen *s, int key)
{
	struct mentoring *m = (struct mentoring *)s;

	set_view(m, m->view == WITHOUT ? PAIRS : WITHOUT);
	lscreen_read(&m->ls, false);
	return UI_STAY;
}

/*
 * y: my mentees (the login's staff member's); a login that is no staff
 * member chooses a school and a mentor.
 */
static int
mk_mine(struct screen *s, int key)
{
	struct mentoring *m = (struct mentoring *)s;
	uint32_t school = m->school, staff = access_staff();

	if (staff == 0 && (school != 0 || ui_pick_school(_("School"), NULL,
	    UI_FIRST_SCHOOL, &school, NULL)) &&
	    !ui_pick_mentor(school, false, m->mentor, &staff))
		staff = 0;
	if (staff == 0)
		return UI_STAY;
	m->mentor = staff;
	set_view(m, MINE);
	lscreen_read(&m->ls, false);
	return UI_STAY;
}

static int
mk_school(struct screen *s, int key)
{
	struct mentoring *m = (struct mentoring *)s;
	uint32_t id;

	if (!ui_pick_school(_("School"), _("(all schools)"), m->school, &id,
	    NULL))
		return UI_STAY;
	m->school = id;
	lscreen_read(&m->ls, false);
	return UI_STAY;
}

/* Space marks a child, kept by id: a search does not lose the marks. */
static int
mentoring_key(struct screen *s, int key)
{
	struct mentoring *m = (struct mentoring *)s;
	uint32_t id = lscreen_selected(&m->ls);

	if (key == ' ' && !m->ls.sb.active && m->view == WITHOUT && id != 0)
		set_mark(m, id, !is_marked(m, id));
	return lscreen_key(s, key);
}

static void
mentoring_open(struct lscreen *ls, uint32_t id)
{
	uint32_t child = selected_child((struct mentoring *)ls);

	if (child != 0)
		ui_push(screen_child(child));
}

/* a: a mentor for the children; among the pairs, to the children. */
static void
mentoring_add(struct lscreen *ls)
{
	if (((struct mentoring *)ls)->view == WITHOUT)
		mk_mentor(&ls->s, 'a');
	else
		mk_switch(&ls->s, 'a');
}

static void
mentoring_edit(struct lscreen *ls, uint32_t id)
{
	uint32_t child = selected_child((struct mentoring *)ls);

	if (child != 0)
		record_edit(RT_CHILD, child);
}

static void
mentoring_free(struct lscreen *ls)
{
	struct mentoring *m = (struct mentoring *)ls;
	size_t i;

	free(m->school_name);
	free(m->marked);
	free(m->mine);
	idl_free(&m->marks);
	for (i = 0; i < m->nsc; i++)
		free(m->sc_name[i]);
	free(m->sc_name);
	free(m->sc_id);
}

static const struct lstype without_type = {
	mentoring_load, mentoring_info,
	N_("Every child here has a mentor."),
	N_("Nobody found: try fewer letters, or the initials (zs for 张三)"),
	N_("Type a name, pinyin (zs, zhangsan) or phone digits; Enter or "
	    "Down: to the list; Esc: clear"),
	mentoring_open, mentoring_add, mentoring_edit, NULL,
	mentoring_free, NULL, mentoring_row
};

static const struct lstype pairs_type = {
	mentoring_load, mentoring_info,
	N_("No pairs yet."),
	N_("Nobody found: try fewer letters, or the initials (zs for 张三)"),
	N_("Type a name, pinyin (zs, zhangsan) or phone digits; Enter or "
	    "Down: to the list; Esc: clear"),
	mentoring_open, mentoring_add, mentoring_edit, NULL,
	mentoring_free, NULL, mentoring_row
};

static const struct lstype mine_type = {
	mentoring_load, mentoring_info,
	N_("No mentees yet."),
	N_("Nobody found: try fewer letters, or the initials (zs for 张三)"),
	N_("Type a name, pinyin (zs, zhangsan) or phone digits; Enter or "
	    "Down: to the list; Esc: clear"),
	mentoring_open, mentoring_add, mentoring_edit, NULL,
	mentoring_free, NULL, mentoring_row
};

static const struct keydef mentoring_keys[] = {
	{ "Tab", N_("switch"), true, mk_switch, { '\t' } },
	{ "Space", N_("mark"), true, NULL, { 0 } },
	{ "m", N_("mentor"), true, mk_mentor, { 'm' } },
	{ "x", N_("end"), true, mk_end, { 'x' } },
	{ "s", N_("school"), true, mk_school, { 's' } },
	{ "y", N_("my mentees"), true, mk_mine, { 'y' } },
	{ "Tab", N_("switch between children without a mentor and the pairs"),
	    false, NULL, { 0 } },
	{ "m a", N_("give the marked children (or the selected one) a mentor"),
	    false, NULL, { 0 } },
	{ "x", N_("end the selected pair today"), false, NULL, { 0 } },
	{ "y", N_("my mentees: last talk, last home visit, next talk or "
	    "follow-up, most overdue first"), false, NULL, { 0 } },
	{ "Enter", N_("open the child's file"), false, NULL, { 0 } },
	{ "e", N_("edit the child's record"), false, NULL, { 0 } },
	{ NULL, NULL, false, NULL, { 0 } }
};

static const struct screen_ops mentoring_ops = {
	N_("Mentoring"), mentoring_keys, mentoring_draw, mentoring_key,
	lscreen_reload, NULL, lscreen_free, false, lscreen_keys
};

struct screen *
screen_mentoring(void)
{
	struct mentoring *m = xcalloc(1, sizeof *m);

	m->ls.t = &without_type;
	lscreen_init(&m->ls, &mentoring_ops, &without_type, RT_CHILD,
	    N_("Mentoring: children without a mentor"));
	m->ls.l.row = mentoring_line;
	set_view(m, WITHOUT);
	return &m->ls.s;
}
