/*
 * calltree-print.c -- the printed call sheet (ct_print, ct_print_doc):
 * see calltree.h.
 *
 * A line per person: a tick box, the position, name and role, then the
 * phone, the backup and a blank for the time in columns as wide as the
 * widest entry of the tree (a phone is never cut; names and roles are,
 * with "…").  The children a call is for flow under it.  Page breaks
 * keep a caller with what it calls where that fits on a page; the
 * summary and the problems to fix start a page of their own.  The page
 * grid, the flowing and the output are print.c's.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calltree-int.h"
#include "i18n.h"
#include "model.h"
#include "print.h"
#include "rec.h"
#include "schema.h"
#include "util.h"

#define INDENT_MAX 12	/* columns of indentation at most */
#define LEFT_MIN 28	/* columns kept for position, name and role */

struct sheet {
	const struct ct_tree	*tr;
	int			 width;
	int			 page_lines;
	const char		*date;
	int			 phone_w;
	int			 backup_w;
	int			 left_w;
	struct print_lines	 body;
	int			*start;		/* first body line of each; [n] */
	struct print_lines	 head;
	struct print_lines	 tail;
};

static const char *
phone_cell(const struct ct_node *nd)
{
	if (*nd->phone != '\0')
		return nd->phone;
	if (nd->kind == CT_CALLER)
		return _("no phone");
	return nd->kind == CT_FAMILY ? _("home visit") : "";
}

static void
sheet_columns(struct sheet *sh)
{
	const struct ct_tree *tr = sh->tr;
	int w, bp = 0, bt = 0, cap;
	size_t i;

	sh->phone_w = u_width(_("Phone"));
	for (i = 0; i < tr->n; i++) {
		const struct ct_node *nd = &tr->nodes[i];

		if ((w = u_width(phone_cell(nd))) > sh->phone_w)
			sh->phone_w = w;
		if ((w = u_width(nd->backup_phone)) > bp)
			bp = w;
		w += *nd->backup_name != '\0' ? 1 + u_width(nd->backup_name) :
		    0;
		if (*nd->backup_phone != '\0' && w > bt)
			bt = w;
	}
	if ((w = u_width(_("Backup"))) > bt)
		bt = w;
	cap = sh->width - 3 - sh->phone_w - (int)strlen(PRINT_TIME_BLANK) -
	    LEFT_MIN;
	sh->backup_w = bt < cap ? bt : cap > bp ? cap : bp;
	sh->left_w = sh->width - 3 - sh->phone_w - sh->backup_w -
	    (int)strlen(PRINT_TIME_BLANK);
}

/* Appends cells after the left part: phone, backup, time. */
static void
right_cells(const struct sheet *sh, struct buf *b, const char *phone,
    const char *bname, const char *bphone, const char *time)
{
	int room = sh->backup_w - u_width(bphone) - 1, nw;

	buf_addc(b, ' ');
	u_fit(b, phone, sh->phone_w, true);
	buf_addc(b, ' ');
	if (*bname != '\0' && room >= 2) {
		nw = u_width(bname) < room ? u_width(bname) : room;
		print_fit(b, bname, nw, true);
		buf_addc(b, ' ');
		u_fit(b, bphone, sh->backup_w - nw - 1, true);
	} else
		u_fit(b, bphone, sh->backup_w, true);
	buf_addc(b, ' ');
	u_fit(b, time, (int)strlen(PRINT_TIME_BLANK), false);
}

/*
 * A name and a role in cols columns, padded: the role is shortened
 * first, with "…"; the name only when no room for the role is left.
 */
static void
name_role(struct buf *b, const char *name, const char *role, int cols)
{
	int nw = u_width(name), room = cols - nw - 1;
	char *s;

	if (cols <= 0)
		return;
	if (nw >= cols || room < 2 || *role == '\0') {
		print_fit(b, name, cols, true);
		return;
	}
	s = print_trunc(role, room);
	buf_addf(b, "%s ", name);
	u_fit(b, s, room, true);
	free(s);
}

static void
node_lines(struct sheet *sh, size_t i)
{
	const struct ct_node *nd = &sh->tr->nodes[i];
	struct buf b = { 0 };
	char *left, *kids;
	int ind, pw = u_width(nd->pos);

	ind = 2 * nd->depth;
	if (ind > INDENT_MAX)
		ind = INDENT_MAX;
	if (ind > sh->left_w - 4 - pw - 5)
		ind = sh->left_w - 4 - pw - 5 > 0 ? sh->left_w - 4 - pw - 5 : 0;
	left = xasprintf("%*s" PRINT_TICK " %s ", ind, "", nd->pos);
	buf_addstr(&b, left);
	name_role(&b, nd->name, nd->role_shown, sh->left_w - u_width(left));
	free(left);
	right_cells(sh, &b, phone_cell(nd), nd->backup_name,
	    nd->backup_phone, PRINT_TIME_BLANK);
	print_lines_take(&sh->body, &b);
	if (nd->nkids > 0) {
		kids = nd->kind == CT_FAMILY ? xstrdup(nd->kids_shown) :
		    xasprintf("%s  %s", _("home visit:"), nd->kids_shown);
		print_flow_split(&sh->body, kids, KIDS_SEP, ind + 4, ind + 6,
		    sh->width);
		free(kids);
	}
}

/*
 * Who activates the tree.  The default, "principal NAME" as made in
 * either language, is said in the language of the sheet.
 */
static char *
activator(const struct ct_tree *tr)
{
	const struct choice *c = choice_find(role_choices, "principal");
	const char *stored = rec_str(tr->rec, TREE_ACTIVATOR);
	const char *name = tr->n > 0 && tr->nodes[0].name != NULL ?
	    tr->nodes[0].name : "";
	char *en, *zh, *s;

	en = xasprintf("%s %s", c->label, name);
	zh = xasprintf("%s %s", c->zh, name);
	if (*stored == '\0' || strcmp(stored, en) == 0 ||
	    strcmp(stored, zh) == 0)
		s = xasprintf("%s %s", _(c->label), name);
	else
		s = xstrdup(stored);
	free(en);
	free(zh);
	return s;
}

static void
sheet_head(struct sheet *sh)
{
	const struct ct_tree *tr = sh->tr;
	struct buf b = { 0 };
	char *s, *act;

	act = activator(tr);
	s = xasprintf(_("%s  activated by %s  printed %s"), tr->school_name,
	    act, sh->date);
	free(act);
	print_flow_text(&sh->head, s, 0, 2, sh->width);
	free(s);
	if (*rec_str(tr->rec, TREE_PURPOSE) != '\0') {
		s = xasprintf(_("For: %s"), rec_str(tr->rec, TREE_PURPOSE));
		print_flow_text(&sh->head, s, 0, 2, sh->width);
		free(s);
	}
	print_flow_text(&sh->head, _("Tick [ ] when reached and write the "
	    "time. No answer: call the backup, then whoever they would call. "
	    "Report back to whoever called you."), 0, 0, sh->width);
	u_fit(&b, _("No.  name  role"), sh->left_w, true);
	right_cells(sh, &b, _("Phone"), "", _("Backup"), _("Time"));
	print_lines_take(&sh->head, &b);
	s = xcalloc((size_t)sh->width + 1, 1);
	memset(s, '-', (size_t)sh->width);
	strv_push(&sh->head.v, &sh->head.n, s);
}

/* Staff without a phone, lines over the limits given when it was made. */
static void
line_problems(struct sheet *sh)
{
	const struct ct_tree *tr = sh->tr;
	struct print_lines what = { 0 };
	const struct ct_node *nd;
	size_t i, staff, fams;
	int c;

	for (i = 0; i < tr->n; i++) {
		nd = &tr->nodes[i];
		staff = fams = 0;
		for (c = nd->first; c >= 0; c = tr->nodes[c].next)
			if (tr->nodes[c].kind == CT_CALLER)
				staff++;
			else if (tr->nodes[c].kind == CT_FAMILY)
				fams++;
		if (nd->kind == CT_CALLER && *nd->phone == '\0')
			print_lines_addf(&what, "%s %s:  %s", nd->pos, nd->name,
			    _("staff without a phone: whoever calls them "
			    "cannot reach them"));
		if (tr->staff_limit > 0 && staff > (size_t)tr->staff_limit)
			print_lines_addf(&what, _("%s %s:  calls %zu staff, "
			    "more than %d"), nd->pos, nd->name, staff,
			    tr->staff_limit);
		if (tr->family_limit > 0 && fams > (size_t)tr->family_limit)
			print_lines_addf(&what, _("%s %s:  calls %zu families, "
			    "more than %d"), nd->pos, nd->name, fams,
			    tr->family_limit);
	}
	if (what.n > 0) {
		print_lines_add(&sh->tail, xstrdup(""));
		print_flow_text(&sh->tail, _("Other problems to fix:"), 0, 2,
		    sh->width);
	}
	for (i = 0; i < what.n; i++)
		print_flow_text(&sh->tail, what.v[i], 2, 4, sh->width);
	print_lines_free(&what);
	if (tr->left.n > 0) {
		print_lines_add(&sh->tail, xstrdup(""));
		print_flow_text(&sh->tail, _("Children who have left, not on "
		    "this sheet:"), 0, 2, sh->width);
	}
	for (i = 0; i < tr->left.n; i++)
		print_flow_text(&sh->tail, tr->left.v[i], 2, 4, sh->width);
}

static void
sheet_tail(struct sheet *sh)
{
	const struct ct_tree *tr = sh->tr;
	size_t i, nk[4] = { 0 }, home = 0, nobackup = 0, problems = 0;
	const struct ct_node *nd;
	char *s;

	for (i = 0; i < tr->n; i++) {
		nd = &tr->nodes[i];
		nk[nd->kind]++;
		/* Kids on a line without a phone, or on a caller's own line. */
		if (nd->kind != CT_FAMILY || *nd->phone == '\0')
			home += nd->nkids;
		if (nd->kind == CT_FAMILY && *nd->backup_phone == '\0')
			nobackup++;
	}
	print_flow_text(&sh->tail, _("Summary"), 0, 0, sh->width);
	s = xasprintf(_("Lines: %zu (staff %zu, families %zu, parents working "
	    "away %zu, officials %zu)."), tr->n, nk[CT_CALLER], nk[CT_FAMILY],
	    nk[CT_PARENT], nk[CT_OFFICIAL]);
	print_flow_text(&sh->tail, s, 0, 2, sh->width);
	free(s);
	s = xasprintf(_("Children: %zu, each on one line; %zu need a home "
	    "visit. Families without a backup: %zu."), tr->nchildren, home,
	    nobackup);
	print_flow_text(&sh->tail, s, 0, 2, sh->width);
	free(s);
	strv_push(&sh->tail.v, &sh->tail.n, xstrdup(""));
	print_flow_text(&sh->tail, _("Problems to fix (children no phone "
	    "reaches):"), 0, 2, sh->width);
	for (i = 0; i < tr->n; i++) {
		nd = &tr->nodes[i];
		if (nd->nkids == 0 || (nd->kind == CT_FAMILY &&
		    *nd->phone != '\0'))
			continue;
		if (nd->kind == CT_FAMILY)
			s = xasprintf("%s %s:  %s  %s", nd->pos, nd->name,
			    _("no phone on the contact card of"),
			    nd->kids_shown);
		else
			s = xasprintf("%s %s:  %s  %s", nd->pos, nd->name,
			    _("nobody on the contact card of"),
			    nd->kids_shown);
		print_flow_split(&sh->tail, s, KIDS_SEP, 2, 4, sh->width);
		free(s);
		problems++;
	}
	if (problems == 0)
		print_flow_text(&sh->tail, _("None: a phone reaches every "
		    "child's family."), 2, 4, sh->width);
	line_problems(sh);
}

/* Lines of line i and of its whole subtree. */
#define OWN(sh, i) ((sh)->start[(i) + 1] - (sh)->start[(i)])
#define SUB(sh, i) ((sh)->start[(i) + (size_t)(sh)->tr->nodes[(i)].size] - \
	(sh)->start[(i)])

/*
 * Page breaks: before body line k when brk[k].  A line starts a new page
 * when what it calls would fit on a page but not in what is left; a
 * caller too big for any page still starts one unless its first line of
 * calls fits under it.
 */
static void
paginate(struct sheet *sh, int room, bool *brk)
{
	const struct ct_tree *tr = sh->tr;
	int used = 0, sub, need, first, l;
	size_t i;

	for (i = 0; i < tr->n; i++) {
		sub = SUB(sh, i);
		first = tr->nodes[i].first;
		need = OWN(sh, i);
		if (first >= 0)
			need += SUB(sh, (size_t)first) <= room ?
			    SUB(sh, (size_t)first) : OWN(sh, (size_t)first);
		if (used > 0 && ((sub > room - used && sub <= room) ||
		    (sub > room && need > room - used && need <= room))) {
			brk[sh->start[i]] = true;
			used = 0;
		}
		for (l = sh->start[i]; l < sh->start[i + 1]; l++) {
			if (used == room) {
				brk[l] = true;
				used = 0;
			}
			used++;
		}
	}
}

/* The first line of each page: the tree, its version, "page x/y". */
static void
page_head(struct print_lines *out, int page, int pages, void *arg)
{
	const struct sheet *sh = arg;
	char *left, *right, *line, *name;
	struct buf b = { 0 };
	size_t i;

	name = ct_tree_name(sh->tr);
	left = xasprintf(_("%s  version %d"), name, sh->tr->revision);
	free(name);
	if (pages > 0) {
		right = xasprintf(_("page %d/%d"), page, pages);
		line = print_two_sided(left, right, sh->width);
		free(right);
	} else {
		u_fit(&b, left, sh->width, false);
		line = buf_take(&b);
	}
	print_lines_add(out, line);
	free(left);
	for (i = 0; i < sh->head.n; i++)
		print_lines_add(out, xstrdup(sh->head.v[i]));
}

static void
emit_pages(struct sheet *sh, struct print_doc *doc)
{
	int room = sh->page_lines - 1 - (int)sh->head.n;
	size_t nb = sh->body.n, nt = sh->tail.n, k, total = nb + nt;
	bool *brk = xcalloc(total + 1, sizeof *brk);
	char **all = xcalloc(total + 1, sizeof *all);

	if (room < 1)
		room = 1;
	paginate(sh, room, brk);
	/* The summary starts a page of its own and flows on. */
	if (nb > 0)
		brk[nb] = true;
	for (k = 0; k < total; k++)
		all[k] = k < nb ? sh->body.v[k] : sh->tail.v[k - nb];
	print_paginate(doc, all, total, brk, room, page_head, sh);
	free(all);
	free(brk);
}

/* What a job or a file of this sheet is called. */
static char *
sheet_title(const struct ct_tree *tr, const char *date)
{
	return print_title(tr->school_name, _("call tree"), date);
}

void
ct_print_doc(const struct ct_tree *tr, const struct ct_print_opts *o,
    struct print_doc *doc)
{
	struct sheet sh;
	char today[11], *title;
	size_t i;

	memset(&sh, 0, sizeof sh);
	sh.tr = tr;
	sh.width = o->width > 0 ? o->width : PRINT_WIDTH;
	if (sh.width < CT_MIN_WIDTH)
		sh.width = CT_MIN_WIDTH;
	sh.page_lines = o->page_lines == 0 ? PRINT_LINES : o->page_lines;
	if (sh.page_lines > 0 && sh.page_lines < CT_MIN_PAGE)
		sh.page_lines = CT_MIN_PAGE;
	if (o->date != NULL)
		sh.date = o->date;
	else {
		date_today(today);
		sh.date = today;
	}
	title = sheet_title(tr, sh.date);
	print_doc_init(doc, title, sh.width, sh.page_lines);
	free(title);
	sheet_columns(&sh);
	sh.start = xcalloc(tr->n + 1, sizeof *sh.start);
	for (i = 0; i < tr->n; i++) {
		sh.start[i] = (int)sh.body.n;
		node_lines(&sh, i);
	}
	sh.start[tr->n] = (int)sh.body.n;
	sheet_head(&sh);
	sheet_tail(&sh);
	if (sh.page_lines > 0)
		emit_pages(&sh, doc);
	else {
		print_doc_page(doc);
		page_head(&doc->lines, 0, 0, &sh);
		for (i = 0; i < sh.body.n; i++)
			print_lines_add(&doc->lines, xstrdup(sh.body.v[i]));
		print_lines_add(&doc->lines, xstrdup(""));
		for (i = 0; i < sh.tail.n; i++)
			print_lines_add(&doc->lines, xstrdup(sh.tail.v[i]));
	}
	print_lines_free(&sh.body);
	print_lines_free(&sh.head);
	print_lines_free(&sh.tail);
	free(sh.start);
}

void
ct_print(const struct ct_tree *tr, const struct ct_print_opts *o,
    struct buf *out)
{
	struct print_doc doc;

	ct_print_doc(tr, o, &doc);
	print_text(&doc, out);
	print_doc_free(&doc);
}

/* ---- the wall sheet ---- */

/* What the wall sheet lists of the staff and the offices. */
struct wall {
	struct print_lines	 out;
	int			 width;
	struct rec		**staff;	/* of the tree's school(s) */
	size_t			 nstaff;
	struct rec		**officials;
	size_t			 nofficials;
	struct rec		**schools;	/* a township's */
	size_t			 nschools;
};

static void
wall_recs(struct txn *t, enum rtype type, struct rec ***v, size_t *n)
{
	struct rec_iter it;
	struct rec *r;

	rec_iter_start(t, type, &it);
	while ((r = rec_iter_next(&it)) != NULL) {
		*v = xreallocarray(*v, *n + 1, sizeof **v);
		(*v)[(*n)++] = r;
	}
	rec_iter_end(&it);
}

/* The staff of the tree's school (every school's for a township). */
static int
wall_load(struct db *db, const struct ct_tree *tr, struct wall *w,
    char **cause)
{
	struct idlist ids = { 0 };
	struct txn t;
	struct rec *r;
	uint32_t school = rec_ref(tr->rec, TREE_SCHOOL);
	size_t i;
	int rc;

	if ((rc = txn_read(db, &t)) != 0) {
		set_cause(cause, "%s", _("cannot read the database"));
		return rc;
	}
	if (school != 0)
		ix_refs(&t, IX_STAFF_SCHOOL, school, &ids);
	else {
		wall_recs(&t, RT_SCHOOL, &w->schools, &w->nschools);
		wall_recs(&t, RT_STAFF, &w->staff, &w->nstaff);
	}
	for (i = 0; i < ids.n; i++)
		if (rec_get(&t, RT_STAFF, ids.v[i], &r) == 0) {
			w->staff = xreallocarray(w->staff, w->nstaff + 1,
			    sizeof *w->staff);
			w->staff[w->nstaff++] = r;
		}
	wall_recs(&t, RT_OFFICIAL, &w->officials, &w->nofficials);
	if ((rc = t.err) != 0)
		set_cause(cause, "%s", sh_strerror(rc));
	txn_end(&t);
	idl_free(&ids);
	return rc;
}

static void
wall_free(struct wall *w)
{
	size_t i;

	for (i = 0; i < w->nstaff; i++)
		rec_free(w->staff[i]);
	for (i = 0; i < w->nofficials; i++)
		rec_free(w->officials[i]);
	for (i = 0; i < w->nschools; i++)
		rec_free(w->schools[i]);
	free(w->staff);
	free(w->officials);
	free(w->schools);
	print_lines_free(&w->out);
}

static bool
has_role(const struct rec *s, const char *role)
{
	return ct_set_has(rec_str(s, STAFF_ROLES), role);
}

/* "NAME PHONE" (the phone never cut), or NAME and "no phone". */
static char *
name_phone(const char *name, const char *phone)
{
	return xasprintf("%s %s", name, *phone != '\0' ? phone :
	    _("no phone"));
}

/* A heading, after a blank line. */
static void
wall_heading(struct wall *w, const char *text)
{
	print_lines_add(&w->out, xstrdup(""));
	print_lines_add(&w->out, xstrdup(text));
}

/* Who starts the calls, and who when they cannot be reached. */
static void
wall_start(struct wall *w, const struct ct_tree *tr)
{
	const struct rec *b = NULL;
	const struct ct_node *top = tr->n > 0 ? &tr->nodes[0] : NULL;
	char *act = activator(tr), *s, *np;
	size_t i;

	np = name_phone(act, top != NULL ? top->phone : "");
	s = xasprintf(_("Who starts the calls: %s"), np);
	print_flow_text(&w->out, s, 2, 4, w->width);
	free(s);
	free(np);
	free(act);
	for (i = 0; i < w->nstaff && b == NULL; i++)
		if (has_role(w->staff[i], "leader") &&
		    !has_role(w->staff[i], "principal") &&
		    *rec_str(w->staff[i], STAFF_PHONE) != '\0' &&
		    (top == NULL || !ct_same_phone(top->phone,
		    rec_str(w->staff[i], STAFF_PHONE))))
			b = w->staff[i];
	if (b != NULL)
		np = name_phone(rec_str(b, STAFF_NAME), rec_str(b,
		    STAFF_PHONE));
	else {
		for (i = 1; i < tr->n && (tr->nodes[i].parent != 0 ||
		    tr->nodes[i].kind != CT_CALLER); i++)
			;
		if (i == tr->n)
			return;
		np = name_phone(tr->nodes[i].name, tr->nodes[i].phone);
	}
	s = xasprintf(_("When they cannot be reached: %s"), np);
	print_flow_text(&w->out, s, 2, 4, w->width);
	free(s);
	free(np);
}

static void
wall_todo(struct wall *w)
{
	static const char *const todo[] = {
	    N_("Within 30 minutes: every child's guardian is reached."),
	    N_("Within 1 hour: the parents working away are told."),
	    N_("Within 2 hours: the education office has the report."),
	    N_("No answer: call the backup, then whoever they would call. "
	    "Report back to whoever called you, with the time.")
	};
	size_t i;

	wall_heading(w, _("What to do"));
	for (i = 0; i < nitems(todo); i++)
		print_flow_text(&w->out, _(todo[i]), 2, 4, w->width);
}

/* Class teachers in class order. */
static int
class_cmp(const void *a, const void *b)
{
	const struct rec *x = *(const struct rec *const *)a;
	const struct rec *y = *(const struct rec *const *)b;
	int c;

	if ((c = strcmp(rec_str(x, STAFF_GRADE), rec_str(y, STAFF_GRADE))) != 0)
		return c;
	if ((c = (int)strlen(rec_str(x, STAFF_CLASS)) -
	    (int)strlen(rec_str(y, STAFF_CLASS))) != 0)
		return c;
	return strcmp(rec_str(x, STAFF_CLASS), rec_str(y, STAFF_CLASS));
}

/*
 * Entries indented by 4, in two columns when one would take more than
 * room lines.
 */
static void
wall_columns(struct wall *w, char **items, size_t n, int room)
{
	struct buf b = { 0 };
	size_t rows, i;
	int cols = (int)n > room && w->width >= 2 * 36 ? 2 : 1;
	int colw = (w->width - 4) / cols;

	rows = (n + (size_t)cols - 1) / (size_t)cols;
	for (i = 0; i < rows; i++) {
		buf_addstr(&b, "    ");
		if (cols == 2 && i + rows < n) {
			print_fit(&b, items[i], colw, true);
			print_fit(&b, items[i + rows], colw, false);
		} else
			print_fit(&b, items[i], w->width - 4, false);
		print_lines_take(&w->out, &b);
	}
	buf_free(&b);
}

/* Principal, leadership, class teachers, ending by line last if may be. */
static void
wall_staff(struct wall *w, int last)
{
	struct rec **ct = xcalloc(w->nstaff + 1, sizeof *ct);
	char **items = xcalloc(w->nstaff + w->nschools + 1, sizeof *items);
	struct print_lines lead = { 0 };
	size_t i, j, n = 0, nct = 0;
	char *s;

	wall_heading(w, _("The staff, in calling order"));
	for (i = 0; i < w->nschools; i++)
		for (j = 0; j < w->nstaff; j++)
			if (rec_ref(w->staff[j], STAFF_SCHOOL) ==
			    w->schools[i]->id && has_role(w->staff[j],
			    "principal")) {
				s = name_phone(rec_str(w->staff[j],
				    STAFF_NAME), rec_str(w->staff[j],
				    STAFF_PHONE));
				items[n++] = xasprintf("%s %s",
				    rec_title(w->schools[i]), s);
				free(s);
				break;
			}
	if (w->nschools > 0) {
		/* A township: each school's principal. */
		print_lines_add(&w->out, xasprintf("  %s:",
		    _(choice_find(role_choices, "principal")->label)));
		wall_columns(w, items, n, last - (int)w->out.n);
		goto out;
	}
	for (i = 0; i < w->nstaff; i++)
		if (has_role(w->staff[i], "principal"))
			items[n++] = name_phone(rec_str(w->staff[i],
			    STAFF_NAME), rec_str(w->staff[i], STAFF_PHONE));
	for (i = 0; i < n; i++) {
		s = xasprintf("%s: %s", _(choice_find(role_choices,
		    "principal")->label), items[i]);
		print_flow_text(&w->out, s, 2, 4, w->width);
		free(s);
		free(items[i]);
	}
	n = 0;
	for (i = 0; i < w->nstaff; i++)
		if (has_role(w->staff[i], "leader") &&
		    !has_role(w->staff[i], "principal"))
			items[n++] = name_phone(rec_str(w->staff[i],
			    STAFF_NAME), rec_str(w->staff[i], STAFF_PHONE));
	if (n > 0) {
		/* "leadership group: NAME PHONE  NAME PHONE", flowed. */
		memmove(items + 1, items, n * sizeof *items);
		items[0] = xasprintf("%s:", _(choice_find(role_choices,
		    "leader")->label));
		n++;
		print_flow(&lead, items, n, "  ", 2, 4, w->width);
		for (i = 0; i < lead.n; i++)
			print_lines_add(&w->out, xstrdup(lead.v[i]));
		print_lines_free(&lead);
	}
	for (i = 0; i < n; i++)
		free(items[i]);
	n = 0;
	for (i = 0; i < w->nstaff; i++)
		if (has_role(w->staff[i], "class_teacher") &&
		    *rec_str(w->staff[i], STAFF_GRADE) != '\0')
			ct[nct++] = w->staff[i];
	qsort(ct, nct, sizeof *ct, class_cmp);
	for (i = 0; i < nct; i++) {
		char *cl = class_label(rec_str(ct[i], STAFF_GRADE),
		    rec_str(ct[i], STAFF_CLASS));

		s = name_phone(rec_str(ct[i], STAFF_NAME), rec_str(ct[i],
		    STAFF_PHONE));
		items[n++] = xasprintf("%s %s", cl, s);
		free(cl);
		free(s);
	}
	if (n > 0) {
		print_lines_add(&w->out, xasprintf("  %s:", _("class teachers")));
		wall_columns(w, items, n, last - (int)w->out.n);
	}
out:
	for (i = 0; i < n; i++)
		free(items[i]);
	free(items);
	free(ct);
}

/* "police station: 石门乡派出所 侯娟  0739-4804910 / 18546235758". */
static char *
office_line(const struct rec *o)
{
	struct buf b = { 0 };
	const int parts[] = { OFFICIAL_ORG, OFFICIAL_NAME, OFFICIAL_VILLAGE };
	size_t i;

	buf_addf(&b, "%s:", choice_label(official_choices, rec_str(o,
	    OFFICIAL_KIND)));
	for (i = 0; i < nitems(parts); i++)
		if (*rec_str(o, parts[i]) != '\0' && (parts[i] !=
		    OFFICIAL_VILLAGE || strstr(rec_str(o, OFFICIAL_ORG),
		    rec_str(o, parts[i])) == NULL))
			buf_addf(&b, " %s", rec_str(o, parts[i]));
	buf_addf(&b, "  %s", *rec_str(o, OFFICIAL_PHONE) != '\0' ?
	    rec_str(o, OFFICIAL_PHONE) : _("no phone"));
	if (*rec_str(o, OFFICIAL_PHONE2) != '\0')
		buf_addf(&b, " / %s", rec_str(o, OFFICIAL_PHONE2));
	return buf_take(&b);
}

/* The township's offices, from the officials' directory. */
static void
wall_offices(struct wall *w)
{
	static const char *const kinds[] = { "police", "township", "bureau",
	    "health" };
	static const char *const also[] = { "民政", "妇联" };
	const struct rec *o;
	char **items = xcalloc(w->nofficials + 1, sizeof *items);
	size_t i, j, k, n = 0;

	wall_heading(w, _("The township's offices"));
	for (k = 0; k < nitems(kinds) + nitems(also) + 1; k++)
		for (i = 0; i < w->nofficials; i++) {
			o = w->officials[i];
			if (k < nitems(kinds)) {
				if (strcmp(rec_str(o, OFFICIAL_KIND),
				    kinds[k]) != 0)
					continue;
			} else if (k < nitems(kinds) + nitems(also)) {
				j = k - nitems(kinds);
				if (strcmp(rec_str(o, OFFICIAL_KIND), "other") !=
				    0 || (strstr(rec_str(o, OFFICIAL_ORG),
				    also[j]) == NULL && strstr(rec_str(o,
				    OFFICIAL_NAME), also[j]) == NULL))
					continue;
			} else if (strcmp(rec_str(o, OFFICIAL_KIND),
			    "village") != 0)
				continue;
			items[n++] = office_line(o);
			if (k < nitems(kinds))
				break;	/* the first of a kind */
		}
	if (n == 0)
		print_lines_add(&w->out, xasprintf("  %s", _("none in the "
		    "officials' directory: add them")));
	for (i = 0; i < n; i++) {
		struct buf b = { 0 };

		buf_addstr(&b, "  ");
		print_fit(&b, items[i], w->width - 2, false);
		print_lines_take(&w->out, &b);
		free(items[i]);
	}
	free(items);
}

int
ct_wall_doc(struct db *db, const struct ct_tree *tr,
    const struct ct_print_opts *o, struct print_doc *doc, char **cause)
{
	struct wall w;
	char today[11], *title, *s;
	const char *date = o->date;
	int rc, lines;
	size_t i;

	memset(&w, 0, sizeof w);
	w.width = o->width > 0 ? o->width : PRINT_WIDTH;
	if (w.width < CT_MIN_WIDTH)
		w.width = CT_MIN_WIDTH;
	lines = o->page_lines > 0 ? o->page_lines : PRINT_LINES;
	if (date == NULL) {
		date_today(today);
		date = today;
	}
	if ((rc = wall_load(db, tr, &w, cause)) != 0) {
		wall_free(&w);
		return rc;
	}
	s = xasprintf(_("%s: emergency contacts"), tr->school_name);
	print_lines_add(&w.out, print_two_sided(s, date, w.width));
	free(s);
	print_lines_add(&w.out, print_rule('=', w.width));
	wall_start(&w, tr);
	wall_todo(&w);
	/* The offices come last: the staff get what they leave. */
	wall_staff(&w, lines - 2 - (int)w.nofficials);
	wall_offices(&w);
	title = print_title(tr->school_name, _("emergency contacts"), date);
	print_doc_init(doc, title, w.width, lines);
	free(title);
	print_doc_page(doc);
	for (i = 0; i < w.out.n; i++) {
		if (i > 0 && i % (size_t)lines == 0)
			print_doc_page(doc);
		print_lines_add(&doc->lines, xstrdup(w.out.v[i]));
	}
	wall_free(&w);
	return 0;
}
