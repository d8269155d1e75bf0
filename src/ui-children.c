/*
 * ui-children.c -- the children's list and one child's file.
 *
 * The list holds only record numbers: those of a class (from the class
 * index, in class order), of a school, of everybody, or of a search,
 * which runs again on every key typed.  The rows on the screen are read
 * when they are drawn, a page at a time, into a small cache.
 */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "codec.h"
#include "i18n.h"
#include "model.h"
#include "pinyin.h"
#include "rec.h"
#include "schema.h"
#include "ui-edit.h"
#include "ui-form.h"
#include "ui-list.h"
#include "ui.h"
#include "util.h"

struct children {
	struct lscreen	 ls;
	uint32_t	 school;	/* 0: all schools */
	uint32_t	 mentor;	/* a mentor's children only */
	char		*grade, *cls;	/* NULL: the whole school */
	char		*place;		/* school and class, for the title */
	bool		 all;		/* the children who left too */
};

/* Whether a child is in school: the status read without the rest. */
static bool
in_school(struct rec_cursor *rc, uint32_t id)
{
	static const int f[] = { CHILD_STATUS };
	const char *v;
	size_t len;

	if (rec_peek_at(rc, id, 1, f, &v, &len) != 0)
		return true;	/* shown, as "#id": it cannot be read */
	return len == 0 || (len == 9 && memcmp(v, "in_school", 9) == 0);
}

/*
 * Leaves out the children the login may not see (access.h), and those
 * who left unless all are asked for.
 */
static void
keep_in_school(struct children *c, struct txn *t)
{
	struct idlist *ids = &c->ls.ids;
	struct rec_cursor rc;
	size_t i, j;

	if (c->all && !access_enforced())
		return;
	rec_cursor_open(t, RT_CHILD, &rc);
	for (i = j = 0; i < ids->n; i++)
		if (access_child(ids->v[i]) &&
		    (c->all || in_school(&rc, ids->v[i])))
			ids->v[j++] = ids->v[i];
	ids->n = j;
	rec_cursor_close(&rc);
}

/* ---- the list ---- */

/* Reads the record numbers for the school, class and search. */
static void
children_load(struct lscreen *ls, struct txn *t, const char *q)
{
	struct children *c = (struct children *)ls;
	struct idlist more = { 0 }, keep = { 0 };
	struct kv_cursor kc;
	struct rec *sch;
	char *cl;
	size_t i;
	bool ok;

	if (*q != '\0') {
		search_children(t, q, &ls->ids, &more);
		for (i = 0; i < more.n; i++)
			idl_add(&ls->ids, more.v[i]);
		if (c->school != 0) {
			/* Only those of the chosen school and class. */
			children_of_class(t, c->school, c->grade, c->cls,
			    &keep);
			idl_uniq(&keep);
			for (i = 0, more.n = 0; i < ls->ids.n; i++)
				if (idl_has(&keep, ls->ids.v[i]))
					idl_add(&more, ls->ids.v[i]);
			ls->ids.n = 0;
			for (i = 0; i < more.n; i++)
				idl_add(&ls->ids, more.v[i]);
		}
	} else if (c->mentor != 0)
		staff_mentees(t, c->mentor, ui.today, &ls->ids);
	else if (c->school != 0)
		children_of_class(t, c->school, c->grade, c->cls, &ls->ids);
	else {
		/* Everybody, in school and class order. */
		for (ok = kv_first(t, DBI_IX, "c", 1, &kc); ok;
		    ok = kv_next(&kc))
			idl_add(&ls->ids, get_u32be((unsigned char *)
			    kc.key.mv_data + kc.key.mv_size - 4));
		kv_close(&kc);
	}
	keep_in_school(c, t);
	/* A class by name in pinyin order, as `shouhu list` has it. */
	if (*q == '\0')
		lscreen_sort(ls, t);
	free(c->place);
	if (c->mentor != 0 && rec_get(t, RT_STAFF, c->mentor, &sch) == 0) {
		c->place = xasprintf(_("mentored by %s"), rec_title(sch));
		rec_free(sch);
	} else if (c->school != 0 &&
	    rec_get(t, RT_SCHOOL, c->school, &sch) == 0) {
		if (c->grade != NULL) {
			cl = class_label(c->grade, c->cls);
			c->place = xasprintf("%s %s", rec_title(sch), cl);
			free(cl);
		} else
			c->place = xstrdup(rec_title(sch));
		rec_free(sch);
	} else
		c->place = xstrdup(_("all schools"));
	idl_free(&more);
	idl_free(&keep);
}

static char *
children_info(struct lscreen *ls, const char *q)
{
	struct children *c = (struct children *)ls;

	if (c->all && *q == '\0')
		return xasprintf(P_("%s: %zu child, those who left too",
		    "%s: %zu children, those who left too", ls->ids.n),
		    c->place, ls->ids.n);
	if (*q != '\0')
		return xasprintf(P_("%s  search \"%s\": %zu child",
		    "%s  search \"%s\": %zu children", ls->ids.n), c->place,
		    q, ls->ids.n);
	return xasprintf(P_("%s: %zu child", "%s: %zu children", ls->ids.n),
	    c->place, ls->ids.n);
}

/* ---- choosing a school and a class ---- */

static int
choose_school(struct screen *s, int key)
{
	struct children *c = (struct children *)s;
	uint32_t id;

	if (c->mentor != 0 || !ui_pick_school(_("School"),
	    _("(all schools)"), c->school, &id, NULL) || id == c->school)
		return UI_STAY;
	c->school = id;
	free(c->grade);
	free(c->cls);
	c->grade = c->cls = NULL;
	lscreen_read(&c->ls, false);
	return UI_STAY;
}

/* The classes of the school, from the class index. */
static int
choose_class(struct screen *s, int key)
{
	struct children *c = (struct children *)s;
	struct kv_cursor kc;
	struct txn t;
	struct buf k = { 0 };
	char **grades = NULL, **classes = NULL, **labels = NULL, *g, *cl;
	const char *p, *end, *cp;
	size_t ng = 0, nc = 0, nl = 0;
	int sel;
	bool ok;

	if (c->mentor != 0)
		return UI_STAY;
	if (c->school == 0) {
		ui_error("%s", _("Choose a school first (s)."));
		return UI_STAY;
	}
	if (txn_read(ui.db, &t) != 0)
		return UI_STAY;
	strv_push(&labels, &nl, xstrdup(_("(the whole school)")));
	strv_push(&grades, &ng, xstrdup(""));
	strv_push(&classes, &nc, xstrdup(""));
	/* Keys: tag, school, grade \0 class \0 id. */
	wr_u8(&k, IX_CLASS);
	wr_u32be(&k, c->school);
	for (ok = kv_first(&t, DBI_IX, k.s, k.len, &kc); ok;
	    ok = kv_next(&kc)) {
		p = (const char *)kc.key.mv_data + 5;
		end = (const char *)kc.key.mv_data + kc.key.mv_size - 4;
		if (p >= end)
			continue;
		g = xstrndup(p, strnlen(p, end - p));
		cp = p + strlen(g) + 1;
		if (cp < end) {
			char *raw = xstrndup(cp, strnlen(cp, end - cp));

			cl = class_from_key(raw);
			free(raw);
		} else
			cl = xstrdup("");
		if (strcmp(grades[ng - 1], g) != 0 ||
		    strcmp(classes[nc - 1], cl) != 0) {
			strv_push(&labels, &nl, class_label(g, cl));
			strv_push(&grades, &ng, g);
			strv_push(&classes, &nc, cl);
		} else {
			free(g);
			free(cl);
		}
	}
	kv_close(&kc);
	txn_end(&t);
	buf_free(&k);
	sel = ui_pick(_("Class"), (const char *const *)labels, nl, 0);
	if (sel >= 0) {
		free(c->grade);
		free(c->cls);
		c->grade = sel > 0 ? xstrdup(grades[sel]) : NULL;
		c->cls = sel > 0 ? xstrdup(classes[sel]) : NULL;
		lscreen_read(&c->ls, false);
	}
	strv_free(grades);
	strv_free(classes);
	strv_free(labels);
	return UI_STAY;
}

/* Shows the children who left too (marked), or only those in school. */
static int
toggle_all(struct screen *s, int key)
{
	struct children *c = (struct children *)s;

	c->all = !c->all;
	lscreen_read(&c->ls, true);
	return UI_STAY;
}

static void
children_open_child(struct lscreen *ls, uint32_t id)
{
	ui_push(screen_child(id));
}

static void
children_add(struct lscreen *ls)
{
	child_add(((struct children *)ls)->school);
}

static void
children_edit(struct lscreen *ls, uint32_t id)
{
	record_edit(RT_CHILD, id);
}

static void
children_del(struct lscreen *ls, uint32_t id)
{
	child_leave(id);
}

static void
children_free(struct lscreen *ls)
{
	struct children *c = (struct children *)ls;

	free(c->grade);
	free(c->cls);
	free(c->place);
}

static const struct lstype children_type = {
	children_load, children_info,
	N_("No children yet: press a to add one, or import a roster from the "
	    "menu"),
	N_("Nobody found: try fewer letters, or the initials (zs for 张三)"),
	N_("Type a name, pinyin (zs, zhangsan) or phone digits; Enter or "
	    "Down: to the list; Esc: clear"),
	children_open_child, children_add, children_edit, children_del,
	children_free, NULL, NULL
};

static const struct keydef children_keys[] = {
	{ "s", N_("school"), true, choose_school, { 's' } },
	{ "c", N_("class"), true, choose_class, { 'c' } },
	{ "d", N_("delete or archive"), false, lscreen_delete, { 'd' } },
	{ "l", N_("show the children who left too, or not"), false,
	    toggle_all, { 'l' } },
	{ NULL, NULL, false, NULL, { 0 } }
};

static const struct screen_ops children_ops = {
	N_("Children's files"), children_keys, lscreen_draw, lscreen_key,
	lscreen_reload, NULL, lscreen_free, false, lscreen_keys
};

/* The children of a school (0: all), or those a staff member mentors. */
static struct screen *
children_open(uint32_t school, uint32_t mentor)
{
	struct children *c = xcalloc(1, sizeof *c);

	c->school = school;
	c->mentor = mentor;
	lscreen_init(&c->ls, &children_ops, &children_type, RT_CHILD,
	    N_("Children's files"));
	return &c->ls.s;
}

struct screen *
screen_children(uint32_t school)
{
	return children_open(school, 0);
}

struct screen *
screen_mentees(uint32_t staff)
{
	return children_open(0, staff);
}

/* ---- adding and editing records ---- */

static void
saved_child(struct rec **r, void *arg)
{
	ui_msg(_("Saved %s (child #%u)."), rec_title(r[0]), r[0]->id);
	/* A new child: straight to the contact card. */
	if (r[0]->version == 1)
		ui_push(screen_child(r[0]->id));
}

void
child_add(uint32_t school)
{
	struct form_spec spec;

	memset(&spec, 0, sizeof spec);
	spec.title = _("New child");
	spec.kind = "child";
	spec.context = school;
	spec.recs[0] = rec_new(RT_CHILD);
	rec_set_ref(spec.recs[0], CHILD_SCHOOL, school);
	spec.nrecs = 1;
	spec.saved = saved_child;
	form_open(&spec);
}

void
record_edit(enum rtype type, uint32_t id)
{
	struct form_spec spec;
	struct txn t;
	struct rec *r = NULL;
	char *title;

	if (txn_read(ui.db, &t) != 0)
		return;
	rec_get(&t, type, id, &r);
	txn_end(&t);
	if (r == NULL) {
		ui_error(_("%s #%u no longer exists (someone deleted it)"),
		    _(schema_of(type)->label), id);
		return;
	}
	memset(&spec, 0, sizeof spec);
	title = xasprintf(_("%s: %s"), _("Edit"), rec_title(r));
	spec.title = title;
	spec.kind = schema_of(type)->name;
	spec.recs[0] = r;
	spec.nrecs = 1;
	if (type == RT_CHILD)
		spec.saved = saved_child;
	form_open(&spec);
	free(title);
}
