/*
 * ui-calltree.c -- emergency call trees on the screen: the list of
 * trees; one tree as an indented tree that folds and unfolds; moving a
 * line, changing a backup, adding an official, regenerating, printing;
 * and recording a drill line by line from the sheet.
 *
 * The tree is loaded into memory (ct_load) and loaded again after every
 * change, each change being one transaction of calltree.c that checks
 * the tree's version: a tree changed by someone else in between is
 * refused and shown again as it now is.
 *
 * Only the trees the login may use are listed, opened, made, printed or
 * drilled (ct_may_school, as on the command line); every print is in
 * the audit trail.
 */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "audit.h"
#include "calltree.h"
#include "codec.h"
#include "i18n.h"
#include "model.h"
#include "print.h"
#include "rec.h"
#include "schema.h"
#include "ui-list.h"
#include "validate.h"
#include "ui.h"
#include "util.h"

/* ---- the list of trees ---- */

/* The list screen of trees, with what ct_list() says of each. */
struct trees {
	struct lscreen	 ls;
	struct ct_info	*info;
	size_t		 n;
};

static void
trees_before(struct lscreen *ls)
{
	struct trees *t = (struct trees *)ls;
	char *cause = NULL;

	ct_list_free(t->info, t->n);
	t->info = NULL;
	t->n = 0;
	if (ct_list(ui.db, true, 0, &t->info, &t->n, &cause) != 0) {
		ui_error("%s", cause);
		free(cause);
	}
}

static void
trees_load(struct lscreen *ls, struct txn *txn, const char *q)
{
	struct trees *t = (struct trees *)ls;
	size_t i;

	for (i = 0; i < t->n; i++)
		if (*q == '\0' || strstr(t->info[i].name, q) != NULL)
			idl_add(&ls->ids, t->info[i].id);
}

/* A row of the view, with the tree's summary for its cells. */
static struct vrow *
trees_row(struct lscreen *ls, struct txn *txn, uint32_t id)
{
	struct trees *t = (struct trees *)ls;
	struct rec *r;
	size_t i;

	for (i = 0; i < t->n && t->info[i].id != id; i++)
		;
	if (i == t->n || rec_get(txn, RT_TREE, id, &r) != 0)
		return NULL;
	return view_row_ext(ls->view, &ls->ctx, txn, r, view_needs(ls->view,
	    VF_TEXT, COLS, false), &t->info[i]);
}

static char *
trees_info(struct lscreen *ls, const char *q)
{
	return xasprintf(P_("%zu tree", "%zu trees", ls->ids.n), ls->ids.n);
}

/* Shows what making a tree found: problems first. */
static void
show_genres(const struct ct_genres *res)
{
	char **lines = NULL;
	size_t n = 0, i;

	strv_push(&lines, &n, xasprintf(_("Call tree \"%s\", version %d: %zu "
	    "lines, %zu families, %zu children (%zu need a home visit)."),
	    res->name, res->revision, res->lines, res->families, res->children,
	    res->home_visits));
	if (res->problems.n > 0) {
		strv_push(&lines, &n, xstrdup(""));
		strv_push(&lines, &n, xstrdup(_("To fix first: children no "
		    "phone reaches (a home visit is on the sheet):")));
		for (i = 0; i < res->problems.n; i++)
			strv_push(&lines, &n, xasprintf("  %s",
			    res->problems.v[i]));
	}
	if (res->lost.n > 0) {
		strv_push(&lines, &n, xstrdup(""));
		strv_push(&lines, &n, xstrdup(_("Changes made by hand that "
		    "were not kept:")));
		for (i = 0; i < res->lost.n; i++)
			strv_push(&lines, &n, xasprintf("  %s",
			    res->lost.v[i]));
	}
	for (i = 0; i < res->notes.n; i++) {
		if (i == 0)
			strv_push(&lines, &n, xstrdup(""));
		strv_push(&lines, &n, xasprintf("%s %s", _("Note:"),
		    res->notes.v[i]));
	}
	ui_pager(_("The call tree is made"), lines, n);
	strv_free(lines);
}

static void
make_tree(struct trees *t)
{
	struct ct_genopts o;
	struct ct_genres res;
	const char *labels[3];
	char *cause = NULL;
	uint32_t school = 0;
	int by, i;

	if (!ui_pick_school(_("A call tree for"), _("(the whole township)"),
	    UI_FIRST_SCHOOL, &school, NULL))
		return;
	if (!ct_may_school(ui.db, school, &cause)) {
		ui_error("%s", cause);
		free(cause);
		return;
	}
	for (i = 0; tree_by_choices[i].key != NULL && i < 3; i++)
		labels[i] = _(tree_by_choices[i].label);
	if ((by = ui_pick(_("Grouped"), labels, (size_t)i, 0)) < 0)
		return;
	memset(&o, 0, sizeof o);
	o.school = school;
	o.township = school == 0;
	o.by = tree_by_choices[by].key;
	o.today = ui.today;
	memset(&res, 0, sizeof res);
	ui_busy(_("Making the call tree..."));
	if (ct_generate(ui.db, &o, &res, &cause) != 0) {
		ui_error("%s", cause);
		free(cause);
	} else
		show_genres(&res);
	ct_genres_free(&res);
	lscreen_read(&t->ls, true);
}

/*
 * Makes a tree again when the user agrees.  False when they did not:
 * nothing to show again.  Else, made or refused, the tree is to be
 * shown as it now is.
 */
static bool
remake_tree(uint32_t tree)
{
	struct ct_genres res;
	char *cause = NULL;

	if (!ui_confirm(_("Make the tree again from the records, keeping the "
	    "changes made by hand?")))
		return false;
	memset(&res, 0, sizeof res);
	ui_busy(_("Making the call tree..."));
	if (ct_regenerate(ui.db, tree, ui.today, &res, &cause) != 0) {
		ui_error("%s", cause);
		free(cause);
	} else
		show_genres(&res);
	ct_genres_free(&res);
	return true;
}

static struct screen *screen_tree(uint32_t tree);

static void
tk_open_tree(struct lscreen *ls, uint32_t id)
{
	ui_push(screen_tree(id));
}

static void
tk_add(struct lscreen *ls)
{
	make_tree((struct trees *)ls);
}

static int
tk_make(struct screen *s, int key)
{
	make_tree((struct trees *)s);
	return UI_STAY;
}

static int
tk_remake(struct screen *s, int key)
{
	struct trees *t = (struct trees *)s;
	uint32_t id = lscreen_selected(&t->ls);

	if (id != 0 && remake_tree(id))
		lscreen_read(&t->ls, true);
	return UI_STAY;
}

static int
ct_back(struct screen *s, int key)
{
	return UI_CLOSE;
}

static const struct keydef trees_keys[] = {
	{ "g", N_("make a tree"), true, tk_make, { 'g' } },
	{ "r", N_("make again"), true, tk_remake, { 'r' } },
	{ "g a", N_("make a call tree from the records of a school"), false,
	    NULL, { 0 } },
	{ "r", N_("make the selected tree again from the records, keeping "
	    "changes made by hand"), false, NULL, { 0 } },
	{ NULL, NULL, false, NULL, { 0 } }
};

static void
trees_free(struct lscreen *ls)
{
	struct trees *t = (struct trees *)ls;

	ct_list_free(t->info, t->n);
}

static const struct lstype trees_type = {
	trees_load, trees_info,
	N_("No call tree yet: press g to make one from a school's records."),
	N_("No tree of that name."), NULL, tk_open_tree, tk_add, tk_open_tree,
	NULL, trees_free, trees_before, trees_row
};
/* The same for a login that may use no school's trees: it says why. */
static const struct lstype trees_denied_type = {
	trees_load, trees_info,
	N_("Call trees: only for the principal, leadership group and "
	"administrator."),
	N_("No tree of that name."), NULL, tk_open_tree, tk_add, tk_open_tree,
	NULL, trees_free, trees_before, trees_row
};

static const struct screen_ops trees_ops = {
	N_("Emergency call trees"), trees_keys, lscreen_draw, lscreen_key,
	lscreen_reload, NULL, lscreen_free, false, lscreen_keys
};

struct screen *
screen_calltrees(void)
{
	struct trees *t = xcalloc(1, sizeof *t);

	lscreen_init(&t->ls, &trees_ops, ct_may_school(ui.db,
	    access_school(), NULL) ? &trees_type : &trees_denied_type, RT_TREE,
	    N_("Emergency call trees"));
	return &t->ls.s;
}

/* ---- one tree ---- */

struct treeview {
	struct screen	 s;
	uint32_t	 id;
	struct ct_tree	 t;
	bool		 loaded;
	bool		*folded;	/* per node */
	int		*shown;		/* node index of each visible line */
	size_t		 nshown;
	struct list	 l;
	/* Drill mode: a result per node ("07:42", "b:07:42", "x", ""). */
	bool		 drilling;
	char		 date[11];
	char		 start[6];
	char		**result;
	uint32_t	 incident;	/* the run is for it; 0: a drill */
};

static void set_drilling(struct treeview *, bool);

static void
tree_visible(struct treeview *v)
{
	size_t i;

	v->nshown = 0;
	for (i = 0; i < v->t.n; ) {
		v->shown[v->nshown++] = (int)i;
		if (v->folded[i])
			i += (size_t)v->t.nodes[i].size;
		else
			i++;
	}
	list_resize(&v->l, v->nshown);
}

/*
 * Loads the tree (again).  Lines keep their ids over changes by hand, so
 * the selection and what was folded or unfolded stay as they were; new
 * lines, and all of them the first time, start with the families'
 * parents folded away, so that the callers show.
 */
static void
tree_load(struct screen *s)
{
	struct treeview *v = (struct treeview *)s;
	struct idlist had = { 0 }, folds = { 0 };
	char *cause = NULL;
	uint32_t sel = 0, id;
	size_t i;
	int k;

	if (v->loaded && v->nshown > 0)
		sel = v->t.nodes[v->shown[v->l.sel]].id;
	if (v->loaded) {
		for (i = 0; i < v->t.n; i++) {
			idl_add(&had, v->t.nodes[i].id);
			if (v->folded[i])
				idl_add(&folds, v->t.nodes[i].id);
		}
		ct_free(&v->t);
	}
	v->loaded = false;
	memset(&v->t, 0, sizeof v->t);
	if (ct_load(ui.db, v->id, &v->t, &cause) != 0) {
		ui_error("%s", cause);
		free(cause);
		v->nshown = 0;
		list_resize(&v->l, 0);
		idl_free(&had);
		idl_free(&folds);
		return;
	}
	v->loaded = true;
	free(v->folded);
	free(v->shown);
	v->folded = xcalloc(v->t.n ? v->t.n : 1, sizeof *v->folded);
	v->shown = xcalloc(v->t.n ? v->t.n : 1, sizeof *v->shown);
	idl_uniq(&had);
	idl_uniq(&folds);
	for (i = 0; i < v->t.n; i++) {
		id = v->t.nodes[i].id;
		v->folded[i] = v->t.nodes[i].first >= 0 && (idl_has(&had, id) ?
		    idl_has(&folds, id) : v->t.nodes[i].kind == CT_FAMILY);
	}
	idl_free(&had);
	idl_free(&folds);
	strv_free(v->result);
	v->result = xcalloc(v->t.n + 1, sizeof *v->result);
	for (i = 0; i < v->t.n; i++)
		v->result[i] = xstrdup("");
	tree_visible(v);
	if (sel != 0 && (k = ct_find_node(&v->t, sel)) >= 0)
		for (i = 0; i < v->nshown; i++)
			if (v->shown[i] == k)
				v->l.sel = i;
}

/* What a line without a phone says: a family is visited at home. */
static const char *
no_phone(const struct ct_node *n)
{
	return n->kind == CT_FAMILY ? _("home visit") : _("no phone");
}

/*
 * A line of the tree in width columns.  Names, roles and the children
 * are shortened with "…"; a phone number is never cut: the backup goes
 * whole or not at all.
 */
static void
tree_row(struct list *l, size_t i, struct buf *b, int width)
{
	struct treeview *v = l->arg;
	int k = v->shown[i], d, room, wname, wrole;
	const struct ct_node *n = &v->t.nodes[k];
	const char *phone = *n->phone ? n->phone : no_phone(n);
	struct buf line = { 0 };
	char *name, *role;

	for (d = 0; d < n->depth && d < 10; d++)
		buf_addstr(&line, "  ");
	buf_addstr(&line, n->first < 0 ? "  " : v->folded[k] ? "+ " : "- ");
	if (v->drilling)
		buf_addf(&line, "[%-7s] ", *v->result[k] ? v->result[k] : "");
	buf_addf(&line, "%s ", n->pos);
	/* What is left for the name and the role beside the phone. */
	room = width - u_width(line.s) - 4 - u_width(phone);
	wname = u_width(n->name);
	wrole = u_width(n->role_shown);
	if (wname + wrole > room) {
		if (wname > room / 2 && wname > room - wrole)
			wname = wrole < room / 2 ? room - wrole : room / 2;
		wrole = room - wname;
	}
	name = print_trunc(n->name, wname > 1 ? wname : 1);
	role = print_trunc(n->role_shown, wrole > 1 ? wrole : 1);
	buf_addf(&line, "%s  %s  %s", name, wrole > 0 ? role : "", phone);
	free(name);
	free(role);
	if (*n->backup_name || *n->backup_phone) {
		/*
		 * "  Backup NAME PHONE": the phone whole; the name cut to
		 * what is left (a character and "…" at least), or left out.
		 */
		room = width - u_width(line.s) - 3 - u_width(_("Backup")) -
		    u_width(n->backup_phone);
		if (room >= 0) {
			buf_addf(&line, "  %s ", _("Backup"));
			if (room >= 4 && *n->backup_name) {
				name = print_trunc(n->backup_name, room - 1);
				buf_addf(&line, "%s ", name);
				free(name);
			}
			buf_addstr(&line, n->backup_phone);
		}
	}
	/* The children in what is left: a phone before them is never cut. */
	room = width - u_width(line.s) - 2;
	if (n->nkids > 0 && n->kind == CT_FAMILY && room >= 3) {
		name = print_trunc(n->kids_shown, room);
		buf_addf(&line, "  %s", name);
		free(name);
	}
	print_fit(b, line.s, width, false);
	buf_free(&line);
}

static void
tree_draw(struct screen *s)
{
	struct treeview *v = (struct treeview *)s;
	char *title, *info, *name;

	if (!v->loaded) {
		ui_title(_("Call tree"), NULL);
		return;
	}
	name = ct_tree_name(&v->t);
	title = xasprintf("%s  %s", name, v->t.school_name);
	free(name);
	if (v->drilling && v->incident != 0)
		info = xasprintf(_("for incident #%u %s %s"), v->incident,
		    v->date, v->start);
	else if (v->drilling)
		info = xasprintf(_("drill %s %s"), v->date, v->start);
	else
		info = xasprintf(_("version %d, %zu lines, %zu children"),
		    v->t.revision, v->t.n, v->t.nchildren);
	ui_title(title, info);
	free(title);
	free(info);
	list_draw(&v->l, ui_body_top(), ui_body_rows(), NULL);
}

static int
selected(const struct treeview *v)
{
	return v->nshown > 0 ? v->shown[v->l.sel] : -1;
}

/*
 * After a change: what was done, or the tree's problems as it stands
 * ("2 problems: ..."; c shows them all).
 */
static void
after_write(struct treeview *v, int rc, char *cause, const char *done)
{
	char *safe;

	tree_load(&v->s);
	if (rc != 0) {
		ui_error("%s", cause != NULL ? cause : sh_strerror(rc));
		free(cause);
	} else if (v->loaded && v->t.problems.n > 0) {
		safe = str_safe(v->t.problems.v[0], false);
		ui_error_quiet(P_("%s %zu problem: %s (c: all of them)",
		    "%s %zu problems: %s (c: all of them)",
		    v->t.problems.n), done, v->t.problems.n, safe);
		free(safe);
	} else
		ui_msg("%s", done);
}

/* Every problem of the tree, in the pager. */
static void
show_problems(struct treeview *v)
{
	char **lines = NULL;
	size_t n = 0, i;

	if (!v->loaded)
		return;
	if (v->t.problems.n == 0) {
		ui_msg("%s", _("The tree keeps every rule."));
		return;
	}
	for (i = 0; i < v->t.problems.n; i++)
		strv_push(&lines, &n, str_safe(v->t.problems.v[i], false));
	ui_pager(_("The tree's problems"), lines, n);
	strv_free(lines);
}

/* The lines that may call others: staff and officials. */
static int
pick_caller(struct treeview *v, int except, const char *title)
{
	char **labels = NULL;
	int *idx = NULL, k, pick;
	size_t n = 0, i;

	for (i = 0; i < v->t.n; i++) {
		const struct ct_node *nd = &v->t.nodes[i];

		if (nd->kind != CT_CALLER && nd->kind != CT_OFFICIAL)
			continue;
		/* Not itself, nor what it calls. */
		if (except >= 0 && (int)i >= except &&
		    (int)i < except + v->t.nodes[except].size)
			continue;
		idx = xreallocarray(idx, n + 1, sizeof *idx);
		idx[n] = (int)i;
		strv_push(&labels, &n, xasprintf("%s %s  %s", nd->pos,
		    nd->name, nd->role_shown));
	}
	pick = ui_pick(title, (const char *const *)labels, n, 0);
	k = pick >= 0 ? idx[pick] : -1;
	strv_free(labels);
	free(idx);
	return k;
}

static void
move_line(struct treeview *v)
{
	int k = selected(v), to;
	char *cause = NULL, *done;
	int rc;

	if (k <= 0) {
		ui_error("%s", _("The top line starts the calls: it cannot be "
		    "moved."));
		return;
	}
	if ((to = pick_caller(v, k, _("Called by whom?"))) < 0)
		return;
	rc = ct_move(ui.db, v->id, v->t.revision, v->t.nodes[k].id,
	    v->t.nodes[to].id, &cause);
	done = xasprintf(_("%s is now called by %s."), v->t.nodes[k].name,
	    v->t.nodes[to].name);
	after_write(v, rc, cause, done);
	free(done);
}

/* Officials, and the people of the tree: a backup or a line to add. */
static char *
pick_person(struct treeview *v, const char *title, bool with_phone,
    bool with_none, bool staff_too)
{
	struct rec_iter it;
	struct txn t;
	struct rec *r;
	char **labels = NULL, **keys = NULL, *res = NULL, *key;
	size_t n = 0, nk = 0, i;
	int k;

	if (with_none) {
		strv_push(&labels, &n, xstrdup(_("(no backup person)")));
		strv_push(&keys, &nk, xstrdup(""));
	}
	if (with_phone) {
		strv_push(&labels, &n, xstrdup(_("(another phone number)")));
		strv_push(&keys, &nk, xstrdup("phone"));
	}
	if (txn_read(ui.db, &t) != 0)
		return NULL;
	rec_iter_start(&t, RT_OFFICIAL, &it);
	while ((r = rec_iter_next(&it)) != NULL) {
		/* A line to add: not one already on the tree. */
		key = person_make(RT_OFFICIAL, r->id);
		for (i = 0; !staff_too && i < v->t.n && strcmp(
		    v->t.nodes[i].who != NULL ? v->t.nodes[i].who : "",
		    key) != 0; i++)
			;
		if (!staff_too && i < v->t.n) {
			free(key);
			rec_free(r);
			continue;
		}
		strv_push(&labels, &n, xasprintf("%s  %s %s  %s",
		    rec_title(r), choice_label(official_choices,
		    rec_str(r, OFFICIAL_KIND)), rec_str(r, OFFICIAL_VILLAGE),
		    rec_str(r, OFFICIAL_PHONE)));
		strv_push(&keys, &nk, key);
		rec_free(r);
	}
	rec_iter_end(&it);
	txn_end(&t);
	for (i = 0; staff_too && i < v->t.n; i++) {
		if (v->t.nodes[i].kind != CT_CALLER)
			continue;
		strv_push(&labels, &n, xasprintf("%s  %s  %s",
		    v->t.nodes[i].name, v->t.nodes[i].role_shown,
		    v->t.nodes[i].phone));
		strv_push(&keys, &nk, xstrdup(v->t.nodes[i].who));
	}
	if (n == 0) {
		ui_error("%s", _("Every official of the directory is on the "
		    "tree already (main menu 8 adds one)."));
		return NULL;
	}
	k = ui_pick(title, (const char *const *)labels, n, 0);
	if (k >= 0)
		res = xstrdup(keys[k]);
	strv_free(labels);
	strv_free(keys);
	return res;
}

static void
change_backup(struct treeview *v)
{
	int k = selected(v), rc;
	char *who, *phone = NULL, *cause = NULL;

	if (k < 0)
		return;
	who = pick_person(v, _("Backup"), true, true, true);
	if (who == NULL)
		return;
	if (strcmp(who, "phone") == 0) {
		phone = ui_prompt(_("The backup phone number"),
		    v->t.nodes[k].backup_phone, 20);
		if (phone == NULL) {
			free(who);
			return;
		}
		free(who);
		who = NULL;
	}
	rc = ct_set_backup(ui.db, v->id, v->t.revision, v->t.nodes[k].id,
	    who, phone, &cause);
	after_write(v, rc, cause, _("The backup is changed."));
	free(who);
	free(phone);
}

static void
add_official(struct treeview *v)
{
	int k = selected(v), rc;
	char *who, *cause = NULL;

	if (k < 0)
		return;
	if (v->t.nodes[k].kind != CT_CALLER &&
	    v->t.nodes[k].kind != CT_OFFICIAL) {
		ui_error("%s", _("Only staff and officials call others: choose "
		    "a caller's line."));
		return;
	}
	if ((who = pick_person(v, _("Add an official"), false, false,
	    false)) == NULL)
		return;
	rc = ct_add(ui.db, v->id, v->t.revision, v->t.nodes[k].id, who,
	    &cause);
	after_write(v, rc, cause, _("The official is added."));
	free(who);
}

/*
 * Prints the sheet through the one printing path: a PDF (with the
 * sheet's title) to lp, or a file, a PDF when its name ends in .pdf.
 */
static void
print_tree(struct treeview *v)
{
	struct ct_print_opts o = { 80, 60, NULL };
	struct print_doc doc;
	struct print_dest dest = { NULL, false, NULL, PRINT_AUTO,
	    PRINT_ENC_DEFAULT };
	char *path, *done, name[32];

	snprintf(name, sizeof name, "calltree-%u.txt", v->id);
	if (!ui_print_where(_("Print the sheet"), _("Write the sheet to the "
	    "file (.pdf: a PDF)"), name, &dest, &path))
		return;
	o.date = ui.today;
	ct_print_doc(&v->t, &o, &doc);
	done = xasprintf(_("The sheet is in %s."), path != NULL ? path : "");
	(void)ui_deliver(&doc, &dest, done);
	free(done);
	free(path);
	print_doc_free(&doc);
}

bool
ui_print_where(const char *title, const char *prompt, const char *name,
    struct print_dest *dest, char **path)
{
	static const char *const where[] = {
		N_("to the printer (lp)"), N_("to a file"),
	};
	const char *labels[2] = { _(where[0]), _(where[1]) };
	const char *home = getenv("HOME");
	char *suggest;
	int k;

	*path = NULL;
	if ((k = ui_pick(title, labels, 2, 0)) < 0)
		return false;
	if (k == 0) {
		dest->lp = true;
		return true;
	}
	suggest = xasprintf("%s/%s", home != NULL ? home : ".", name);
	*path = ui_prompt(prompt, suggest, 200);
	free(suggest);
	if (*path == NULL || **path == '\0') {
		free(*path);
		*path = NULL;
		return false;
	}
	dest->output = *path;
	return true;
}

bool
ui_audit(int kind, const char *what)
{
	char *cause = NULL;

	if (audit_first(ui.db, (enum audit_kind)kind, AUDIT_NOTYPE, 0, what,
	    &cause) == 0)
		return true;
	ui_error("%s", cause);
	free(cause);
	return false;
}

bool
ui_deliver(const struct print_doc *doc, const struct print_dest *dest,
    const char *done)
{
	char *cause = NULL, *job = NULL, *safe;

	if (!ui_audit(AUDIT_PRINT, doc->title))
		return false;
	if (print_deliver(doc, dest, &job, &cause) != 0) {
		ui_error("%s", cause);
		free(cause);
		return false;
	}
	if (!dest->lp) {
		safe = str_safe(done, false);
		ui_msg("%s", safe);
		free(safe);
	} else {
		safe = print_sent(job);
		ui_msg("%s", safe);
		free(safe);
	}
	free(job);
	return true;
}

/* ---- drills ---- */

/*
 * The results typed so far are kept as a draft when the terminal goes
 * away (as forms keep theirs), and offered when that user records a
 * drill of the same tree again.
 */
static void
drill_draft_key(const struct treeview *v, struct buf *k)
{
	ui_draft_key(k, "drill");
	wr_u32be(k, v->id);
}

static void
drill_draft_save(struct treeview *v, bool keep)
{
	struct buf key = { 0 }, val = { 0 };
	size_t i, n = 0;

	drill_draft_key(v, &key);
	if (keep) {
		wr_str(&val, v->date);
		wr_str(&val, v->start);
		for (i = 0; i < v->t.n; i++)
			if (*v->result[i] != '\0')
				n++;
		wr_varint(&val, n);
		for (i = 0; i < v->t.n; i++)
			if (*v->result[i] != '\0') {
				wr_str(&val, v->t.nodes[i].pos);
				wr_str(&val, v->result[i]);
			}
	}
	ui_draft_put(&key, keep ? &val : NULL);
	buf_free(&key);
	buf_free(&val);
}

/* Offers the results kept when the terminal went away; true if taken. */
static bool
drill_draft_offer(struct treeview *v)
{
	struct buf k = { 0 };
	struct rd rd;
	char *copy = NULL, *pos, *res;
	const char *p;
	size_t len = 0, n, i, l;
	bool taken = false;
	int idx;

	drill_draft_key(v, &k);
	copy = ui_draft_get(&k, &len);
	buf_free(&k);
	if (copy == NULL)
		return false;
	if (ui_confirm(_("Results of an unfinished drill of this tree were "
	    "kept. Go on with them?"))) {
		rd_init(&rd, copy, len);
		p = rd_bytes(&rd, &l);
		snprintf(v->date, sizeof v->date, "%.*s", (int)(l < 10 ? l :
		    10), p);
		p = rd_bytes(&rd, &l);
		snprintf(v->start, sizeof v->start, "%.*s", (int)(l < 5 ? l :
		    5), p);
		n = rd_varint(&rd);
		for (i = 0; i < n && !rd.err; i++) {
			p = rd_bytes(&rd, &l);
			pos = xstrndup(p, l);
			p = rd_bytes(&rd, &l);
			res = xstrndup(p, l);
			if (!rd.err && (idx = ct_find_pos(&v->t, pos)) >= 0 &&
			    u8_valid(res, strlen(res))) {
				free(v->result[idx]);
				v->result[idx] = res;
				res = NULL;
			}
			free(pos);
			free(res);
		}
		taken = !rd.err && v->date[0] != '\0' && v->start[0] != '\0';
	}
	if (!taken)
		drill_draft_save(v, false);
	free(copy);
	return taken;
}

static void
tree_hangup(struct screen *s)
{
	struct treeview *v = (struct treeview *)s;

	if (v->drilling)
		drill_draft_save(v, true);
}


static void
drill_start(struct treeview *v)
{
	char *d, *t, *out = NULL, *why = NULL;
	size_t i;

	for (i = 0; i < v->t.n; i++) {
		free(v->result[i]);
		v->result[i] = xstrdup("");
		v->folded[i] = false;
	}
	if (drill_draft_offer(v)) {
		tree_visible(v);
		set_drilling(v, true);
		return;
	}
	d = ui_prompt(_("The drill's date"), ui.today, 10);
	if (d == NULL)
		return;
	if (val_date(d, &out, &why) != 0) {
		ui_error("%s \"%s\": %s", _("Date"), d, why);
		free(why);
		free(d);
		return;
	}
	snprintf(v->date, sizeof v->date, "%s", out);
	free(out);
	free(d);
	if ((t = ui_prompt(_("The time of the first call (07:30)"), NULL,
	    5)) == NULL)
		return;
	out = why = NULL;
	if (field_normalize(&schema_of(RT_DRILL)->fields[DRILL_START], t,
	    &out, &why) != 0 || *out == '\0') {
		ui_error("%s \"%s\": %s", _("Started at"), t,
		    why != NULL ? why : _("required"));
		free(why);
		free(out);
		free(t);
		return;
	}
	snprintf(v->start, sizeof v->start, "%s", out);
	free(out);
	free(t);
	tree_visible(v);
	set_drilling(v, true);
	ui_msg("%s", _("Enter on a line: the time reached (07:42), b07:42 "
	    "through the backup, x not reached."));
}

static void
drill_mark(struct treeview *v)
{
	struct ct_call c;
	char *in, *spec, *cause = NULL;
	int k = selected(v);

	if (k < 0)
		return;
	in = ui_prompt(_("Reached at (07:42), b07:42 through the backup, x "
	    "not reached, empty: not called"), v->result[k], 10);
	if (in == NULL)
		return;
	if (*in == '\0') {
		free(v->result[k]);
		v->result[k] = in;
		return;
	}
	/* "b07:42" as typed is "b:07:42" for the parser. */
	if ((in[0] == 'b' || in[0] == 'B') && in[1] != ':')
		spec = xasprintf("%s=b:%s", v->t.nodes[k].pos, in + 1);
	else
		spec = xasprintf("%s=%s", v->t.nodes[k].pos, in);
	if (ct_call_parse(spec, &c, &cause) != 0) {
		ui_error("%s", cause);
		free(cause);
	} else if (c.outcome == CT_BY_BACKUP &&
	    *v->t.nodes[k].backup_phone == '\0')
		ui_error(_("line %s has no backup on the sheet: write the time "
		    "it was reached, or x"), v->t.nodes[k].pos);
	else {
		free(v->result[k]);
		v->result[k] = xstrdup(c.outcome == CT_NOT_REACHED ? "x" :
		    c.outcome == CT_BY_BACKUP ? "b" : "");
		if (c.outcome != CT_NOT_REACHED) {
			char *r = xasprintf("%s%s", v->result[k], c.time);

			free(v->result[k]);
			v->result[k] = r;
		}
		if (v->l.sel + 1 < v->nshown)
			v->l.sel++;
	}
	free(spec);
	free(in);
}

static void
show_report(struct treeview *v, uint32_t drill)
{
	struct ct_msgs lines = { NULL, 0 };
	char *cause = NULL;

	if (ct_report(ui.db, v->id, drill, &lines, &cause) != 0) {
		ui_error("%s", cause);
		free(cause);
		return;
	}
	ui_pager(_("Drill report"), lines.v, lines.n);
	ct_msgs_free(&lines);
}

static void
drill_save(struct treeview *v)
{
	struct ct_call *calls;
	char *cause = NULL, *spec;
	uint32_t drill = 0;
	size_t i, n = 0;
	int rc;

	calls = xcalloc(v->t.n ? v->t.n : 1, sizeof *calls);
	for (i = 0; i < v->t.n; i++) {
		if (*v->result[i] == '\0')
			continue;
		spec = xasprintf("%s=%s%s", v->t.nodes[i].pos,
		    v->result[i][0] == 'b' ? "b:" : "",
		    v->result[i] + (v->result[i][0] == 'b'));
		if (ct_call_parse(spec, &calls[n], &cause) == 0)
			n++;
		free(cause);
		cause = NULL;
		free(spec);
	}
	if (n == 0) {
		ui_error("%s", _("No line is marked yet: Enter on a line to "
		    "write its result."));
		free(calls);
		return;
	}
	rc = ct_activate(ui.db, v->id, v->t.revision, v->incident, v->date,
	    v->start, calls, n, &drill, &cause);
	free(calls);
	if (rc != 0) {
		ui_error("%s", cause);
		free(cause);
		return;
	}
	drill_draft_save(v, false);
	set_drilling(v, false);
	tree_load(&v->s);
	show_report(v, drill);
}

static void
line_details(struct treeview *v)
{
	int k = selected(v);
	const struct ct_node *n;
	char **lines = NULL;
	size_t nl = 0;

	if (k < 0)
		return;
	n = &v->t.nodes[k];
	strv_push(&lines, &nl, xasprintf("%s %s", n->pos, n->name));
	/* TRANSLATORS: a label and its value; Chinese uses "%s：%s". */
	strv_push(&lines, &nl, xasprintf(_("%s: %s"), _("Role"),
	    n->role_shown));
	strv_push(&lines, &nl, xasprintf(_("%s: %s"), _("Phone"), *n->phone ?
	    n->phone : no_phone(n)));
	strv_push(&lines, &nl, xasprintf(_("%s: %s %s"), _("Backup"),
	    n->backup_name, n->backup_phone));
	if (n->parent >= 0)
		strv_push(&lines, &nl, xasprintf(_("Called by %s %s, who "
		    "hears back"), v->t.nodes[n->parent].pos,
		    v->t.nodes[n->parent].name));
	if (n->nkids > 0)
		strv_push(&lines, &nl, xasprintf(_("%s: %s"),
		    _("For the children"), n->kids_shown));
	ui_pager(_("A line of the call tree"), lines, nl);
	strv_free(lines);
}

static int
tree_key(struct screen *s, int key)
{
	struct treeview *v = (struct treeview *)s;

	if (!v->loaded)
		return key == KEY_ESC || key == 'q' ? UI_CLOSE : UI_STAY;
	return list_key(&v->l, key, ui_body_rows()) ? UI_STAY : UI_PASS;
}

/* Space, Left and Right (- +): folds or unfolds the selected line. */
static int
tk_fold(struct screen *s, int key)
{
	struct treeview *v = (struct treeview *)s;
	int k = selected(v);
	bool fold;

	if (k < 0 || (v->t.nodes[k].first < 0 && !v->folded[k]))
		return UI_STAY;
	if (key == ' ')
		fold = !v->folded[k];
	else
		fold = key == KEYC(KEY_LEFT) || key == '-';
	if (fold != v->folded[k]) {
		v->folded[k] = fold;
		tree_visible(v);
	}
	return UI_STAY;
}

static int
tk_details(struct screen *s, int key)
{
	line_details((struct treeview *)s);
	return UI_STAY;
}

static int
tk_move(struct screen *s, int key)
{
	move_line((struct treeview *)s);
	return UI_STAY;
}

static int
tk_backup(struct screen *s, int key)
{
	change_backup((struct treeview *)s);
	return UI_STAY;
}

static int
tk_official(struct screen *s, int key)
{
	add_official((struct treeview *)s);
	return UI_STAY;
}

static int
tk_remake_tree(struct screen *s, int key)
{
	if (remake_tree(((struct treeview *)s)->id))
		tree_load(s);
	return UI_STAY;
}

static int
tk_print(struct screen *s, int key)
{
	print_tree((struct treeview *)s);
	return UI_STAY;
}

static int
tk_problems(struct screen *s, int key)
{
	show_problems((struct treeview *)s);
	return UI_STAY;
}

static int
tk_drill(struct screen *s, int key)
{
	((struct treeview *)s)->incident = 0;
	drill_start((struct treeview *)s);
	return UI_STAY;
}

/* The tree activated for a real incident: its run recorded as a drill. */
static int
tk_activate(struct screen *s, int key)
{
	struct treeview *v = (struct treeview *)s;
	unsigned long n;
	char *in, *end;

	if ((in = ui_prompt(_("The incident's number"), NULL, 10)) == NULL)
		return UI_STAY;
	n = strtoul(in[0] == '#' ? in + 1 : in, &end, 10);
	if (*end != '\0' || n == 0 || n > UINT32_MAX)
		ui_error(_("\"%s\" is not an incident's number"), in);
	else {
		v->incident = (uint32_t)n;
		drill_start(v);
	}
	free(in);
	return UI_STAY;
}

static int
tk_report(struct screen *s, int key)
{
	show_report((struct treeview *)s, 0);
	return UI_STAY;
}

static int
dk_mark(struct screen *s, int key)
{
	drill_mark((struct treeview *)s);
	return UI_STAY;
}

static int
dk_save(struct screen *s, int key)
{
	drill_save((struct treeview *)s);
	return UI_STAY;
}

static int
dk_leave(struct screen *s, int key)
{
	struct treeview *v = (struct treeview *)s;

	if (ui_confirm(_("Leave the drill without saving it?"))) {
		drill_draft_save(v, false);
		set_drilling(v, false);
	}
	return UI_STAY;
}

static const struct keydef tree_keys[] = {
	{ "Space", N_("fold"), true, tk_fold, { ' ', KEYC(KEY_LEFT), '-',
	    KEYC(KEY_RIGHT), '+' } },
	{ "m", N_("move"), true, tk_move, { 'm' } },
	{ "b", N_("backup"), true, tk_backup, { 'b' } },
	{ "o", N_("add official"), true, tk_official, { 'o' } },
	{ "p", N_("print"), true, tk_print, { 'p' } },
	{ "l", N_("drill"), true, tk_drill, { 'l' } },
	{ "Esc q", N_("back"), true, ct_back, { KEYS_BACK } },
	{ N_("Left Right"), N_("fold / unfold the selected line"), false,
	    NULL, { 0 } },
	{ "Enter", N_("everything about the selected line"), false,
	    tk_details, { KEYS_ENTER } },
	{ "m", N_("move the selected line (with whom it calls) under another "
	    "caller"), false, NULL, { 0 } },
	{ "b", N_("change the backup of the selected line"), false,
	    NULL, { 0 } },
	{ "o", N_("add an official to be called by the selected line"),
	    false, NULL, { 0 } },
	{ "r", N_("make the tree again from the records"), false,
	    tk_remake_tree, { 'r' } },
	{ "p", N_("print the sheet, to a printer or a file"), false,
	    NULL, { 0 } },
	{ "l", N_("record a drill: Enter on each line for its result, F2 to "
	    "save"), false, NULL, { 0 } },
	{ "A", N_("activated for a real incident: record the calls as a "
	    "drill's, on the incident's timeline"), false, tk_activate,
	    { 'A' } },
	{ "R", N_("the report of the last drill"), false, tk_report,
	    { 'R' } },
	{ "c", N_("the tree's problems: lines over the limits, staff "
	    "without a phone, people no longer in the records"), false,
	    tk_problems, { 'c' } },
	{ NULL, NULL, false, NULL, { 0 } }
};

static const struct keydef drill_keys[] = {
	{ "Enter", N_("result"), true, dk_mark, { KEYS_ENTER } },
	{ N_("F2 ^S"), N_("save"), true, dk_save,
	    { KEYC(KEY_F(2)), KEY_CTRL('s') } },
	{ "Esc q", N_("leave"), true, dk_leave, { KEYS_BACK } },
	{ N_("Up Down"), N_("choose a line"), true, NULL, { 0 } },
	{ "Enter", N_("write the line's result: 07:42 reached, b07:42 through "
	    "the backup, x not reached, empty not called"), false,
	    NULL, { 0 } },
	{ N_("F2 ^S"), N_("save the drill and show its report"), false,
	    NULL, { 0 } },
	{ "Esc", N_("leave the drill without saving it"), false, NULL, { 0 } },
	{ NULL, NULL, false, NULL, { 0 } }
};

static void
tree_free(struct screen *s)
{
	struct treeview *v = (struct treeview *)s;

	if (v->loaded)
		ct_free(&v->t);
	free(v->folded);
	free(v->shown);
	strv_free(v->result);
	free(v);
}

static const struct screen_ops tree_ops = {
	N_("A call tree"), tree_keys, tree_draw, tree_key, tree_load, NULL,
	tree_free, false, NULL
};
/* The same screen while a drill is being written down. */
static const struct screen_ops drill_ops = {
	N_("Recording a drill"), drill_keys, tree_draw, tree_key, tree_load,
	tree_hangup, tree_free, false, NULL
};

static void
set_drilling(struct treeview *v, bool on)
{
	v->drilling = on;
	v->s.ops = on ? &drill_ops : &tree_ops;
}

static struct screen *
screen_tree(uint32_t tree)
{
	struct treeview *v = xcalloc(1, sizeof *v);

	v->s.ops = &tree_ops;
	v->id = tree;
	v->l.arg = v;
	v->l.row = tree_row;
	v->l.hl = 0;
	tree_load(&v->s);
	if (v->loaded && v->t.problems.n > 0) {
		char *safe = str_safe(v->t.problems.v[0], false);

		ui_error_quiet(P_("%zu problem on this tree: %s (c: all of "
		    "them)", "%zu problems on this tree: %s (c: all of them)",
		    v->t.problems.n), v->t.problems.n, safe);
		free(safe);
	}
	return &v->s;
}
