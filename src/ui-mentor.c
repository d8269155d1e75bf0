/*
 * ui-mentor.c -- mentoring (结对帮扶): the children in school who have no
 * mentor, to be given one several at a time, and the current pairs.
 */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "i18n.h"
#include "model.h"
#include "rec.h"
#include "schema.h"
#include "ui-list.h"
#include "ui.h"
#include "util.h"

enum mview { WITHOUT, PAIRS };

struct row {
	uint32_t	 child;
	uint32_t	 school;
	char		*text;
};

struct mentoring {
	struct screen	 s;
	enum mview	 view;
	uint32_t	 school;	/* 0: all */
	char		*school_name;
	struct list	 l;
	struct row	*rows;
	size_t		 n;
	bool		*marked;
};

static void
rows_free(struct mentoring *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->rows[i].text);
	free(m->rows);
	free(m->marked);
	m->rows = NULL;
	m->marked = NULL;
	m->n = 0;
}

static void
add_row(struct mentoring *m, struct row *r)
{
	m->rows = xreallocarray(m->rows, m->n + 1, sizeof *m->rows);
	m->rows[m->n++] = *r;
}

static char *
child_text(const struct rec *c, const char *school)
{
	char *cl = class_label(rec_str(c, CHILD_GRADE), rec_str(c,
	    CHILD_CLASS)), *s;
	struct buf b = { 0 };

	u_fit(&b, rec_title(c), 10, true);
	buf_addc(&b, ' ');
	u_fit(&b, cl, 12, true);
	buf_addc(&b, ' ');
	u_fit(&b, rec_str(c, CHILD_VILLAGE), 10, true);
	if (*school != '\0') {
		buf_addc(&b, ' ');
		u_fit(&b, school, 14, true);
	}
	s = buf_take(&b);
	free(cl);
	return s;
}

/*
 * The names of the schools or staff met while making the rows, each read
 * once: a township has a few schools and a few dozen teachers, and
 * thousands of children.
 */
struct names {
	enum rtype	 type;
	uint32_t	*id;
	char		**name;
	size_t		 n;
};

static const char *
name_of(struct txn *t, struct names *nm, uint32_t id)
{
	struct rec *r;
	size_t i;

	for (i = 0; i < nm->n; i++)
		if (nm->id[i] == id)
			return nm->name[i];
	nm->id = xreallocarray(nm->id, nm->n + 1, sizeof *nm->id);
	nm->name = xreallocarray(nm->name, nm->n + 1, sizeof *nm->name);
	nm->id[nm->n] = id;
	if (rec_get(t, nm->type, id, &r) == 0) {
		nm->name[nm->n] = xstrdup(rec_title(r));
		rec_free(r);
	} else
		nm->name[nm->n] = xstrdup("?");
	return nm->name[nm->n++];
}

static void
names_free(struct names *nm)
{
	size_t i;

	for (i = 0; i < nm->n; i++)
		free(nm->name[i]);
	free(nm->name);
	free(nm->id);
}

/* The child's school, shown when the list is of all schools. */
static const char *
school_of(struct txn *t, const struct mentoring *m, struct names *sc,
    const struct rec *c)
{
	return m->school != 0 ? "" : name_of(t, sc, rec_ref(c, CHILD_SCHOOL));
}

static void
mentoring_reload(struct screen *s)
{
	struct mentoring *m = (struct mentoring *)s;
	struct idlist kids = { 0 };
	struct kv_cursor kc;
	struct rec *c, *p, *sch;
	struct rec_iter it;
	struct txn t;
	struct row r;
	struct buf b = { 0 };
	struct names sc = { RT_SCHOOL, NULL, NULL, 0 };
	struct names staff = { RT_STAFF, NULL, NULL, 0 };
	char *ct;
	size_t i;
	bool ok;

	rows_free(m);
	free(m->school_name);
	m->school_name = NULL;
	m->l.marked = NULL;
	list_resize(&m->l, 0);
	if (txn_read(ui.db, &t) != 0)
		return;
	if (m->school != 0 && rec_get(&t, RT_SCHOOL, m->school, &sch) == 0) {
		m->school_name = xstrdup(rec_title(sch));
		rec_free(sch);
	}
	if (m->view == WITHOUT) {
		if (m->school != 0)
			children_of_class(&t, m->school, NULL, NULL, &kids);
		else {
			for (ok = kv_first(&t, DBI_IX, "c", 1, &kc); ok;
			    ok = kv_next(&kc))
				idl_add(&kids, get_u32be((unsigned char *)
				    kc.key.mv_data + kc.key.mv_size - 4));
			kv_close(&kc);
		}
		for (i = 0; i < kids.n; i++) {
			if ((p = child_mentor_pair(&t, kids.v[i],
			    ui.today)) != NULL) {
				rec_free(p);
				continue;
			}
			if (rec_get(&t, RT_CHILD, kids.v[i], &c) != 0)
				continue;
			if (strcmp(rec_str(c, CHILD_STATUS), "in_school") == 0) {
				memset(&r, 0, sizeof r);
				r.child = c->id;
				r.school = rec_ref(c, CHILD_SCHOOL);
				r.text = child_text(c, school_of(&t, m, &sc,
				    c));
				add_row(m, &r);
			}
			rec_free(c);
		}
	} else {
		rec_iter_start(&t, RT_PAIR, &it);
		while ((p = rec_iter_next(&it)) != NULL) {
			if (!pair_current(p, ui.today)) {
				rec_free(p);
				continue;
			}
			if (rec_get(&t, RT_CHILD, rec_ref(p, PAIR_CHILD),
			    &c) == 0) {
				if (m->school == 0 ||
				    rec_ref(c, CHILD_SCHOOL) == m->school) {
					buf_reset(&b);
					u_fit(&b, name_of(&t, &staff, rec_ref(p,
					    PAIR_STAFF)), 10, true);
					ct = child_text(c, school_of(&t, m,
					    &sc, c));
					buf_addc(&b, ' ');
					buf_addstr(&b, ct);
					buf_addstr(&b, "  ");
					buf_addf(&b, _("since %s"),
					    rec_str(p, PAIR_SINCE));
					free(ct);
					memset(&r, 0, sizeof r);
					r.child = c->id;
					r.school = rec_ref(c, CHILD_SCHOOL);
					r.text = xstrdup(b.s);
					add_row(m, &r);
				}
				rec_free(c);
			}
			rec_free(p);
		}
		rec_iter_end(&it);
	}
	txn_end(&t);
	buf_free(&b);
	names_free(&sc);
	names_free(&staff);
	idl_free(&kids);
	m->marked = xcalloc(m->n ? m->n : 1, sizeof *m->marked);
	m->l.marked = m->view == WITHOUT ? m->marked : NULL;
	list_resize(&m->l, m->n);
}

static void
mentoring_row(struct list *l, size_t i, struct buf *b, int width)
{
	struct mentoring *m = l->arg;

	u_fit(b, m->rows[i].text, width, false);
}

static void
mentoring_draw(struct screen *s)
{
	struct mentoring *m = (struct mentoring *)s;
	char *info;
	size_t marked = 0, i;

	for (i = 0; i < m->n; i++)
		if (m->marked[i])
			marked++;
	if (m->view == WITHOUT)
		info = xasprintf(P_("%s: %zu without a mentor, %zu marked",
		    "%s: %zu without a mentor, %zu marked", m->n),
		    m->school_name ? m->school_name : _("all schools"), m->n,
		    marked);
	else
		info = xasprintf(P_("%s: %zu pair", "%s: %zu pairs", m->n),
		    m->school_name ? m->school_name : _("all schools"), m->n);
	ui_title(m->view == WITHOUT ? _("Mentoring: children without a "
	    "mentor") : _("Mentoring: pairs"), info);
	free(info);
	list_draw(&m->l, ui_body_top(), ui_body_rows(), NULL);
	if (m->n == 0)
		ui_put(ui_body_top() + 1, 2, m->view == WITHOUT ?
		    _("Every child here has a mentor.") :
		    _("No pairs yet."), COLS - 4, false);
}

struct assign_arg {
	struct mentoring	*m;
	uint32_t		 staff;
	uint32_t		 child;
	size_t			 done;
};

static int
assign_write(struct txn *t, void *arg, char **cause)
{
	struct assign_arg *a = arg;
	struct mentoring *m = a->m;
	size_t i;
	int rc;

	a->done = 0;
	for (i = 0; i < m->n; i++) {
		if (!m->marked[i])
			continue;
		if ((rc = mentor_assign(t, m->rows[i].child, a->staff, ui.today,
		    cause)) != 0)
			return rc;
		a->done++;
	}
	return 0;
}

/* One mentor for all the marked children (or the selected one). */
static void
assign(struct mentoring *m)
{
	struct assign_arg a = { m, 0, 0, 0 };
	char *cause = NULL;
	uint32_t school = 0;
	size_t i, k = 0;

	if (m->view != WITHOUT || m->n == 0)
		return;
	for (i = 0; i < m->n; i++)
		if (m->marked[i])
			k++;
	if (k == 0)
		m->marked[m->l.sel] = true;
	for (i = 0; i < m->n; i++) {
		if (!m->marked[i])
			continue;
		if (school != 0 && m->rows[i].school != school) {
			ui_error("%s", _("The marked children are in different "
			    "schools: choose one school first (s)."));
			return;
		}
		school = m->rows[i].school;
	}
	if (!ui_pick_mentor(school, false, 0, &a.staff)) {
		if (k == 0)	/* the selected row was marked only for this */
			m->marked[m->l.sel] = false;
		return;
	}
	if (db_write(ui.db, assign_write, &a, &cause) != 0) {
		ui_error("%s", cause);
		free(cause);
	} else
		ui_msg(P_("%zu child now has a mentor.",
		    "%zu children now have a mentor.", a.done), a.done);
	mentoring_reload(&m->s);
}

static int
end_write(struct txn *t, void *arg, char **cause)
{
	struct assign_arg *a = arg;

	return mentor_end(t, a->child, ui.today, cause);
}

static void
end_pair(struct mentoring *m)
{
	struct assign_arg a = { m, 0, 0, 0 };
	char *cause = NULL;

	if (m->view != PAIRS || m->n == 0)
		return;
	if (!ui_confirm(_("End this mentoring pair today?")))
		return;
	a.child = m->rows[m->l.sel].child;
	if (db_write(ui.db, end_write, &a, &cause) != 0) {
		ui_error("%s", cause);
		free(cause);
	} else
		ui_msg("%s", _("The pair is ended."));
	mentoring_reload(&m->s);
}

static void
choose_school(struct mentoring *m)
{
	uint32_t id;

	if (!ui_pick_school(_("School"), _("(all schools)"), m->school, &id,
	    NULL))
		return;
	m->school = id;
	m->l.sel = m->l.top = 0;
	mentoring_reload(&m->s);
}

static int
mentoring_key(struct screen *s, int key)
{
	struct mentoring *m = (struct mentoring *)s;

	return list_key(&m->l, key, ui_body_rows()) ? UI_STAY : UI_PASS;
}

static int
mk_switch(struct screen *s, int key)
{
	struct mentoring *m = (struct mentoring *)s;

	m->view = m->view == WITHOUT ? PAIRS : WITHOUT;
	m->l.sel = m->l.top = 0;
	mentoring_reload(s);
	return UI_STAY;
}

static int
mk_mentor(struct screen *s, int key)
{
	assign((struct mentoring *)s);
	return UI_STAY;
}

static int
mk_end(struct screen *s, int key)
{
	end_pair((struct mentoring *)s);
	return UI_STAY;
}

static int
mk_school(struct screen *s, int key)
{
	choose_school((struct mentoring *)s);
	return UI_STAY;
}

static int
mk_open(struct screen *s, int key)
{
	struct mentoring *m = (struct mentoring *)s;

	if (m->n > 0)
		ui_push(screen_child(m->rows[m->l.sel].child));
	return UI_STAY;
}

static int
mk_back(struct screen *s, int key)
{
	return UI_CLOSE;
}

static const struct keydef mentoring_keys[] = {
	{ "Tab", N_("switch"), true, mk_switch, { '\t' } },
	{ "Space", N_("mark"), true, NULL, { 0 } },
	{ "m", N_("mentor"), true, mk_mentor, { 'm' } },
	{ "x", N_("end"), true, mk_end, { 'x' } },
	{ "s", N_("school"), true, mk_school, { 's' } },
	{ "Esc q", N_("back"), true, mk_back, { KEYS_BACK } },
	{ "Tab", N_("switch between children without a mentor and the pairs"),
	    false, NULL, { 0 } },
	{ "m", N_("give the marked children (or the selected one) a mentor"),
	    false, NULL, { 0 } },
	{ "x", N_("end the selected pair today"), false, NULL, { 0 } },
	{ "Enter", N_("open the child's file"), false, mk_open,
	    { KEYS_ENTER } },
	{ N_("Up Down PgUp PgDn"), N_("move"), false, NULL, { 0 } },
	{ NULL, NULL, false, NULL, { 0 } }
};

static void
mentoring_free(struct screen *s)
{
	struct mentoring *m = (struct mentoring *)s;

	rows_free(m);
	free(m->school_name);
	free(m);
}

static const struct screen_ops mentoring_ops = {
	N_("Mentoring"), mentoring_keys, mentoring_draw, mentoring_key,
	mentoring_reload, NULL, mentoring_free, false, NULL
};

struct screen *
screen_mentoring(void)
{
	struct mentoring *m = xcalloc(1, sizeof *m);

	m->s.ops = &mentoring_ops;
	m->l.arg = m;
	m->l.row = mentoring_row;
	m->l.hl = 10;
	mentoring_reload(&m->s);
	return &m->s;
}
