/*
 * ui-paper.c -- the screen of the term's paperwork (安全责任书与资助):
 * a class's children with their safety agreement for the term, marked
 * signed with Space as the agreements come back, printed for signing;
 * and the class's aid, with the amounts for the principal and the
 * administrator alone (aid.h), who add, edit and delete it here in the
 * aid record's form.
 */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "agreement.h"
#include "aid.h"
#include "audit.h"
#include "i18n.h"
#include "model.h"
#include "print.h"
#include "rec.h"
#include "schema.h"
#include "ui-form.h"
#include "ui-list.h"
#include "ui.h"
#include "util.h"

/* A class of the school: a grade and a class. */
struct pclass {
	char	*grade;
	char	*cls;
};

struct paper {
	struct screen	 s;
	uint32_t	 school;
	char		*school_name;
	struct pclass	*classes;
	size_t		 nclasses;
	size_t		 cur;		/* the class shown */
	char		 term[16];
	bool		 aid;		/* the aid instead of the agreements */
	bool		 amounts;	/* the login sees the amounts */
	struct agr_rows	 rows;
	struct aid_rows	 aids;
	struct list	 l;
};

static void
classes_free(struct paper *p)
{
	size_t i;

	for (i = 0; i < p->nclasses; i++) {
		free(p->classes[i].grade);
		free(p->classes[i].cls);
	}
	free(p->classes);
	p->classes = NULL;
	p->nclasses = 0;
}

static int
class_cmp(const void *a, const void *b)
{
	const struct pclass *x = a, *y = b;
	int gx = atoi(x->grade), gy = atoi(y->grade), c;
	struct buf kx = { 0 }, ky = { 0 };

	if (gx != gy)
		return gx < gy ? -1 : 1;
	class_key_add(&kx, x->cls);
	class_key_add(&ky, y->cls);
	c = strcmp(kx.s != NULL ? kx.s : "", ky.s != NULL ? ky.s : "");
	buf_free(&kx);
	buf_free(&ky);
	return c;
}

/* The classes of the school with a child the login may see. */
static void
classes_load(struct paper *p)
{
	static const int f[] = { CHILD_GRADE, CHILD_CLASS };
	struct idlist ids = { 0 };
	struct txn t;
	const char *v[2];
	size_t len[2], i, k;
	char *g, *c;

	classes_free(p);
	if (txn_read(ui.db, &t) != 0)
		return;
	children_of_class(&t, p->school, NULL, NULL, &ids);
	for (i = 0; i < ids.n; i++) {
		if (!access_child(ids.v[i]) || rec_peek(&t, RT_CHILD,
		    ids.v[i], 2, f, v, len) != 0)
			continue;
		g = xstrndup(v[0], len[0]);
		c = xstrndup(v[1], len[1]);
		for (k = 0; k < p->nclasses; k++)
			if (strcmp(p->classes[k].grade, g) == 0 &&
			    strcmp(p->classes[k].cls, c) == 0)
				break;
		if (k < p->nclasses) {
			free(g);
			free(c);
			continue;
		}
		p->classes = xreallocarray(p->classes, p->nclasses + 1,
		    sizeof *p->classes);
		p->classes[p->nclasses].grade = g;
		p->classes[p->nclasses++].cls = c;
	}
	txn_end(&t);
	idl_free(&ids);
	if (p->nclasses > 1)
		qsort(p->classes, p->nclasses, sizeof *p->classes, class_cmp);
	if (p->cur >= p->nclasses)
		p->cur = 0;
}

static void
paper_reload(struct screen *s)
{
	struct paper *p = (struct paper *)s;
	struct aid_filter f;
	char *cause = NULL;
	const struct pclass *pc;
	size_t i;

	agr_rows_free(&p->rows);
	aid_rows_free(&p->aids);
	if (p->nclasses == 0) {
		list_resize(&p->l, 0);
		return;
	}
	pc = &p->classes[p->cur];
	if (!p->aid) {
		if (agreement_rows(ui.db, p->school, pc->grade, pc->cls,
		    p->term, &p->rows, &cause) != 0) {
			ui_error("%s", cause);
			free(cause);
		}
		list_resize(&p->l, p->rows.n);
		return;
	}
	memset(&f, 0, sizeof f);
	f.school = p->school;
	f.grade = pc->grade;
	f.cls = pc->cls;
	if (aid_list(ui.db, &f, &p->aids, &cause) != 0) {
		ui_error("%s", cause);
		free(cause);
	}
	list_resize(&p->l, p->aids.n);
	/* The record the form saved last is selected. */
	if (ui.saved_type == RT_AID && ui.saved_id != 0) {
		for (i = 0; i < p->aids.n; i++)
			if (p->aids.v[i].id == ui.saved_id)
				p->l.sel = i;
		ui.saved_id = 0;
	}
}

/* Columns: the name, then the rest. */
#define W_NAME 10
#define W_GUARDIAN 10
#define W_PHONE 14
#define W_STATUS 16
#define W_KIND 18
#define W_TERM 16

static void
cellf(struct buf *b, const char *s, int w, int *left)
{
	char *safe;
	int n;

	if (*left <= 0)
		return;
	n = w < *left ? w : *left;
	safe = str_safe(s, false);
	u_fit(b, safe, n, true);
	free(safe);
	*left -= n;
	if (*left > 0) {
		buf_addc(b, ' ');
		(*left)--;
	}
}

static void
paper_row(struct list *l, size_t i, struct buf *b, int cols)
{
	struct paper *p = l->arg;
	const char *st;
	char *tl;
	int left = cols;

	if (!p->aid) {
		const struct agr_row *r = &p->rows.v[i];

		st = *r->status == '\0' ? _("not back") :
		    choice_label(agreement_status_choices, r->status);
		cellf(b, r->name, W_NAME, &left);
		cellf(b, st, W_STATUS, &left);
		cellf(b, r->date, 10, &left);
		cellf(b, r->guardian, W_GUARDIAN, &left);
		cellf(b, r->phone, W_PHONE, &left);
		return;
	}
	const struct aid_row *a = &p->aids.v[i];

	tl = paper_term_label(a->term);
	cellf(b, a->name, W_NAME, &left);
	cellf(b, choice_label(aid_choices, a->kind), W_KIND, &left);
	cellf(b, tl, W_TERM, &left);
	cellf(b, a->date, 10, &left);
	if (a->amount != NULL)
		cellf(b, a->amount, 14, &left);
	free(tl);
}

static void
paper_draw(struct screen *s)
{
	struct paper *p = (struct paper *)s;
	struct buf h = { 0 };
	size_t i, signed_n = 0;
	char *cl, *tl, *info;
	int y = ui_body_top(), left = COLS - 3;

	cl = p->nclasses > 0 ? class_label(p->classes[p->cur].grade,
	    p->classes[p->cur].cls) : xstrdup("");
	tl = paper_term_label(p->term);
	info = xasprintf("%s %s  %s", p->school_name, cl, tl);
	ui_title(p->aid ? _("Aid") : _("Safety agreements"), info);
	free(info);
	if (p->nclasses == 0) {
		ui_put(y + 1, 2, _("No children to show here."), COLS - 3,
		    false);
		free(cl);
		free(tl);
		return;
	}
	if (!p->aid) {
		for (i = 0; i < p->rows.n; i++)
			if (agr_signed(&p->rows.v[i]))
				signed_n++;
		buf_addf(&h, P_("%zu of %zu agreement signed", "%zu of %zu "
		    "agreements signed", p->rows.n), signed_n, p->rows.n);
	} else {
		buf_addf(&h, P_("%zu aid record", "%zu aid records",
		    p->aids.n), p->aids.n);
		if (!p->amounts)
			buf_addf(&h, "  %s", _("(amounts: the principal's and "
			    "the administrator's)"));
	}
	ui_put(y, 2, h.s, COLS - 3, false);
	buf_reset(&h);
	if (!p->aid) {
		cellf(&h, _("Name"), W_NAME, &left);
		cellf(&h, _("Agreement"), W_STATUS, &left);
		cellf(&h, _("Signed on"), 10, &left);
		cellf(&h, _("Guardian"), W_GUARDIAN, &left);
		cellf(&h, _("Phone"), W_PHONE, &left);
	} else {
		cellf(&h, _("Name"), W_NAME, &left);
		cellf(&h, _("Aid"), W_KIND, &left);
		cellf(&h, _("Term"), W_TERM, &left);
		cellf(&h, _("Date"), 10, &left);
		if (p->amounts)
			cellf(&h, _("Amount (yuan)"), 14, &left);
	}
	list_draw(&p->l, y + 1, ui_body_rows() - 1, h.s);
	buf_free(&h);
	free(cl);
	free(tl);
}

/* Records the selected child's agreement as status (today). */
static void
mark(struct paper *p, const char *status)
{
	const struct agr_row *r;
	char *cause = NULL;
	size_t changed;

	if (p->aid || p->l.n == 0)
		return;
	r = &p->rows.v[p->l.sel];
	if (agreement_record(ui.db, &r->child, 1, p->term, status,
	    strcmp(status, "printed") == 0 ? "" : ui.today, &changed,
	    &cause) != 0) {
		ui_error("%s", cause);
		free(cause);
		return;
	}
	paper_reload(&p->s);
	if (strcmp(status, "signed") == 0 && p->l.sel + 1 < p->l.n)
		p->l.sel++;
}

static int
pk_sign(struct screen *s, int key)
{
	mark((struct paper *)s, "signed");
	return UI_STAY;
}

static int
pk_refused(struct screen *s, int key)
{
	mark((struct paper *)s, "refused");
	return UI_STAY;
}

static int
pk_undo(struct screen *s, int key)
{
	mark((struct paper *)s, "printed");
	return UI_STAY;
}

static int
pk_class(struct screen *s, int key)
{
	struct paper *p = (struct paper *)s;
	char **labels;
	size_t i;
	int k;

	if (p->nclasses == 0)
		return UI_STAY;
	labels = xcalloc(p->nclasses + 1, sizeof *labels);
	for (i = 0; i < p->nclasses; i++)
		labels[i] = class_label(p->classes[i].grade,
		    p->classes[i].cls);
	k = ui_pick(_("Which class?"), (const char *const *)labels,
	    p->nclasses, (int)p->cur);
	strv_free(labels);
	if (k >= 0) {
		p->cur = (size_t)k;
		p->l.sel = p->l.top = 0;
		paper_reload(s);
	}
	return UI_STAY;
}

static void
set_school(struct paper *p, uint32_t id, char *name)
{
	free(p->school_name);
	p->school = id;
	p->school_name = name;
	p->cur = 0;
	p->amounts = aid_amounts_visible(id);
	classes_load(p);
	p->l.sel = p->l.top = 0;
}

static int
pk_school(struct screen *s, int key)
{
	struct paper *p = (struct paper *)s;
	uint32_t id;
	char *name;

	if (ui_pick_school(_("Which school?"), NULL, p->school, &id, &name) &&
	    id != 0) {
		set_school(p, id, name);
		paper_reload(s);
	}
	return UI_STAY;
}

static int
pk_term(struct screen *s, int key)
{
	struct paper *p = (struct paper *)s;
	char *in, *cause = NULL, term[16];

	in = ui_prompt(_("Which term? (2026-autumn, 2027春 ...)"), p->term,
	    20);
	if (in == NULL || *in == '\0') {
		free(in);
		return UI_STAY;
	}
	if (paper_term(ui.db, in, ui.today, term, &cause) != 0) {
		ui_error("%s", cause);
		free(cause);
	} else {
		memcpy(p->term, term, sizeof p->term);
		paper_reload(s);
	}
	free(in);
	return UI_STAY;
}

static const struct screen_ops paper_ops, aid_ops;

/* Switches between the agreements and the aid, each with its keys. */
static int
pk_aid(struct screen *s, int key)
{
	struct paper *p = (struct paper *)s;

	p->aid = !p->aid;
	p->s.ops = p->aid ? &aid_ops : &paper_ops;
	p->l.sel = p->l.top = 0;
	paper_reload(s);
	return UI_STAY;
}

/* Prints the class's agreements: to lp, or to a file. */
static int
pk_print(struct screen *s, int key)
{
	struct paper *p = (struct paper *)s;
	struct print_opts o = { 0, 0, NULL };
	struct print_doc doc;
	struct print_dest dest = { NULL, false, NULL, PRINT_AUTO,
	    PRINT_ENC_DEFAULT };
	char *path, *cause = NULL, *done, *name;

	if (p->nclasses == 0)
		return UI_STAY;
	name = xasprintf("agreements-%s-%s.txt", p->classes[p->cur].grade,
	    p->classes[p->cur].cls);
	if (!ui_print_where(_("Print the class's agreements"), _("Write them "
	    "to the file (.pdf: a PDF)"), name, &dest, &path)) {
		free(name);
		return UI_STAY;
	}
	free(name);
	if (agreement_print(ui.db, p->school, p->classes[p->cur].grade,
	    p->classes[p->cur].cls, p->term, &o, &doc, &cause) != 0) {
		ui_error("%s", cause);
		free(cause);
		free(path);
		return UI_STAY;
	}
	done = xasprintf(_("The agreements are in %s."), path != NULL ? path :
	    "");
	(void)ui_deliver(&doc, &dest, done);
	free(done);
	free(path);
	print_doc_free(&doc);
	return UI_STAY;
}

/* ---- the aid view: add, edit and delete (aid.h says who may) ---- */

static const int aid_hidden[] = { AID_CHILD, -1 };

static int
save_aid(struct txn *t, struct rec **recs, void *arg, char **cause)
{
	return aid_put(t, recs[0], cause);
}

static void
saved_aid(struct rec **recs, void *arg)
{
	ui_msg(_("Aid saved: %s, %s."), choice_label(aid_choices,
	    rec_str(recs[0], AID_KIND)), rec_str(recs[0], AID_DATE));
}

/* Opens the aid record's form (taking r over and title). */
static void
aid_form(struct rec *r, char *title)
{
	struct form_spec spec = {
		.title = title, .kind = "aid", .context = rec_ref(r, AID_CHILD),
		.recs = { r }, .section = { N_("Aid record") },
		.hidden = { aid_hidden }, .nrecs = 1, .save = save_aid,
		.saved = saved_aid
	};

	form_open(&spec);
	free(title);
}

/* May the login change the school's aid?  Says so when not. */
static bool
aid_allowed(struct paper *p)
{
	if (p->amounts)
		return true;
	ui_error("%s", _("Aid is recorded by the school's principal and the "
	    "administrator only."));
	return false;
}

/*
 * Picks a child of the school still in school, the shown class's first:
 * *child and *name (caller frees), or false.
 */
static bool
aid_pick_child(struct paper *p, uint32_t *child, char **name)
{
	struct idlist ids = { 0 }, kids = { 0 };
	struct txn t;
	struct rec *c;
	char **labels = NULL, *cl;
	const struct pclass *pc = &p->classes[p->cur];
	size_t i, n = 0;
	int k, cur = -1;

	if (txn_read(ui.db, &t) != 0)
		return false;
	children_of_class(&t, p->school, NULL, NULL, &ids);
	for (i = 0; i < ids.n; i++) {
		if (!access_child_write(ids.v[i]) ||
		    rec_get(&t, RT_CHILD, ids.v[i], &c) != 0)
			continue;
		if (child_active(c)) {
			if (cur < 0 && strcmp(rec_str(c, CHILD_GRADE),
			    pc->grade) == 0 && strcmp(rec_str(c, CHILD_CLASS),
			    pc->cls) == 0)
				cur = (int)n;
			cl = class_label(rec_str(c, CHILD_GRADE),
			    rec_str(c, CHILD_CLASS));
			labels = xreallocarray(labels, n + 2, sizeof *labels);
			labels[n++] = xasprintf("%s  %s", rec_str(c,
			    CHILD_NAME), cl);
			labels[n] = NULL;
			idl_add(&kids, ids.v[i]);
			free(cl);
		}
		rec_free(c);
	}
	txn_end(&t);
	idl_free(&ids);
	k = n == 0 ? -1 : ui_pick(_("Aid for which child?"),
	    (const char *const *)labels, n, cur < 0 ? 0 : cur);
	if (k >= 0) {
		*child = kids.v[k];
		*name = xstrndup(labels[k], strcspn(labels[k], " "));
	}
	strv_free(labels);
	idl_free(&kids);
	return k >= 0;
}

static int
ak_add(struct screen *s, int key)
{
	struct paper *p = (struct paper *)s;
	struct rec *r;
	uint32_t child;
	char *name, *safe;

	if (p->nclasses == 0 || !aid_allowed(p) ||
	    !aid_pick_child(p, &child, &name))
		return UI_STAY;
	r = rec_new(RT_AID);
	rec_set_ref(r, AID_CHILD, child);
	rec_set(r, AID_TERM, p->term);
	rec_set(r, AID_DATE, ui.today);
	safe = str_safe(name, false);
	aid_form(r, xasprintf(_("New aid for %s"), safe));
	free(safe);
	free(name);
	return UI_STAY;
}

static int
ak_edit(struct screen *s, int key)
{
	struct paper *p = (struct paper *)s;
	const struct aid_row *a;
	struct txn t;
	struct rec *r;
	char *safe;
	int rc;

	if (p->l.n == 0 || !aid_allowed(p))
		return UI_STAY;
	a = &p->aids.v[p->l.sel];
	if (txn_read(ui.db, &t) != 0)
		return UI_STAY;
	rc = rec_get(&t, RT_AID, a->id, &r);
	txn_end(&t);
	if (rc != 0) {
		ui_error(_("there is no aid record #%u"), a->id);
		return UI_STAY;
	}
	safe = str_safe(a->name, false);
	aid_form(r, xasprintf(_("Aid for %s"), safe));
	free(safe);
	return UI_STAY;
}

static int
ak_delete(struct screen *s, int key)
{
	struct paper *p = (struct paper *)s;
	const struct aid_row *a;
	char *q, *name, *cause = NULL;

	if (p->l.n == 0 || !aid_allowed(p))
		return UI_STAY;
	a = &p->aids.v[p->l.sel];
	name = str_safe(a->name, false);
	q = xasprintf(_("Delete the aid of %s: %s, %s?"), name,
	    choice_label(aid_choices, a->kind), a->date);
	free(name);
	if (ui_confirm(q)) {
		if (aid_remove(ui.db, a->id, &cause) != 0) {
			ui_error("%s", cause);
			free(cause);
		} else {
			ui_msg("%s", _("The aid record is deleted."));
			paper_reload(s);
		}
	}
	free(q);
	return UI_STAY;
}

static int
pk_back(struct screen *s, int key)
{
	return UI_CLOSE;
}

static int
paper_key(struct screen *s, int key)
{
	struct paper *p = (struct paper *)s;

	if (key != ' ' && list_key(&p->l, key, ui_body_rows() - 2))
		return UI_STAY;
	return UI_PASS;
}

static const struct keydef paper_keys[] = {
	{ N_("Space"), N_("signed today"), true, pk_sign, { ' ' } },
	{ "r", N_("refused to sign"), true, pk_refused, { 'r' } },
	{ "u", N_("not back after all"), false, pk_undo, { 'u' } },
	{ "c", N_("class"), true, pk_class, { 'c' } },
	{ "s", N_("school"), false, pk_school, { 's' } },
	{ "t", N_("term"), true, pk_term, { 't' } },
	{ "p", N_("print"), true, pk_print, { 'p' } },
	{ "a", N_("aid"), true, pk_aid, { 'a' } },
	{ N_("Esc q"), N_("back"), true, pk_back, { KEYS_BACK } },
	{ "?", N_("help"), false, NULL, { 0 } },
	{ NULL, NULL, false, NULL, { 0 } }
};

static const struct keydef aid_keys[] = {
	{ "a", N_("add"), true, ak_add, { 'a' } },
	{ "e", N_("edit"), true, ak_edit, { 'e' } },
	{ "d", N_("delete"), true, ak_delete, { 'd' } },
	{ "c", N_("class"), true, pk_class, { 'c' } },
	{ "s", N_("school"), false, pk_school, { 's' } },
	{ "t", N_("term"), true, pk_term, { 't' } },
	{ "g", N_("agreements"), true, pk_aid, { 'g' } },
	{ N_("Esc q"), N_("back"), true, pk_back, { KEYS_BACK } },
	{ "?", N_("help"), false, NULL, { 0 } },
	{ NULL, NULL, false, NULL, { 0 } }
};

static void
paper_free(struct screen *s)
{
	struct paper *p = (struct paper *)s;

	agr_rows_free(&p->rows);
	aid_rows_free(&p->aids);
	classes_free(p);
	free(p->school_name);
	free(p);
}

static const struct screen_ops paper_ops = {
	N_("Safety agreements and aid"), paper_keys, paper_draw, paper_key,
	paper_reload, NULL, paper_free, false, NULL
};
static const struct screen_ops aid_ops = {
	N_("Aid"), aid_keys, paper_draw, paper_key, paper_reload, NULL,
	paper_free, false, NULL
};

struct screen *
screen_paper(void)
{
	struct paper *p = xcalloc(1, sizeof *p);
	struct txn t;
	struct rec *r;
	uint32_t id = access_school();
	char *cause = NULL, *name = NULL;

	p->s.ops = &paper_ops;
	p->l.row = paper_row;
	p->l.arg = p;
	p->l.hl = W_NAME;
	if (paper_term(ui.db, NULL, ui.today, p->term, &cause) != 0) {
		free(cause);
		snprintf(p->term, sizeof p->term, "%.4s-autumn", ui.today);
	}
	if (txn_read(ui.db, &t) == 0) {
		if (id == 0)
			id = only_school(&t);
		if (id != 0 && rec_get(&t, RT_SCHOOL, id, &r) == 0) {
			name = xstrdup(rec_str(r, SCHOOL_NAME));
			rec_free(r);
		}
		txn_end(&t);
	}
	if (name == NULL && !ui_pick_school(_("Which school?"), NULL,
	    0, &id, &name)) {
		id = 0;
		name = xstrdup("");
	}
	set_school(p, id, name);
	paper_reload(&p->s);
	return &p->s;
}
