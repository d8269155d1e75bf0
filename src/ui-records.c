/*
 * ui-records.c -- the lists of contacts, staff and schools: one screen
 * made for the three by a table of what each shows and does.
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
#include "ui-edit.h"
#include "ui-form.h"
#include "ui-list.h"
#include "ui.h"
#include "util.h"

struct records;

/* What differs between the three lists. */
struct kind {
	enum rtype	 type;
	const char	*title;		/* msgid */
	const char	*new_title;	/* msgid: the form of a new one */
	const char	*heads[5];	/* msgids of the columns */
	int		 widths[5];
	/* The cells of one record (into out[0..4], freed by the caller). */
	void		(*cells)(struct txn *, const struct rec *, char **out);
	/* Refuses a deletion (message), or deletes. */
	int		(*delete)(struct txn *, const struct rec *, char **);
	/* Enter: what it opens (NULL: the form). */
	void		(*open)(struct records *, uint32_t id);
};

/* A row read for the screen: its cells. */
struct cells {
	char		*cell[5];
};

struct records {
	struct screen		 s;
	const struct kind	*k;
	struct list		 l;
	struct idlist		 ids;
	struct searchbar	 sb;
	bool			 to_verify;	/* contacts: only those */
	struct rowcache		 rows;
};

static const struct keydef records_keys[] = {
	{ "Enter", N_("open"), true },
	{ "/", N_("search"), true },
	{ "a", N_("add"), true },
	{ "e", N_("edit"), true },
	{ "d", N_("delete"), true },
	{ "Esc q", N_("back"), true },
	{ "v", N_("contacts: only those with a number a drill could not "
	    "reach (to verify), or all again"), false },
	{ "?", N_("help"), true },
	{ "Up Down PgUp PgDn", N_("move"), false },
	{ NULL, NULL, false }
};

static void
contact_cells(struct txn *t, const struct rec *r, char **out)
{
	struct idlist links = { 0 };
	struct buf b = { 0 };
	struct rec *l, *kid;
	size_t j;

	out[0] = xstrdup(rec_title(r));
	out[1] = xstrdup(rec_str(r, CONTACT_PHONE1));
	out[2] = xstrdup(rec_str(r, CONTACT_WORKPLACE));
	ix_refs(t, IX_CONTACT_LINK, r->id, &links);
	for (j = 0; j < links.n; j++) {
		if (rec_get(t, RT_LINK, links.v[j], &l) != 0)
			continue;
		if (rec_get(t, RT_CHILD, rec_ref(l, LINK_CHILD), &kid) == 0) {
			buf_addf(&b, "%s%s(%s)", b.len ? " " : "",
			    rec_title(kid), choice_label(relation_choices,
			    rec_str(l, LINK_RELATION)));
			rec_free(kid);
		}
		rec_free(l);
	}
	idl_free(&links);
	out[3] = buf_take(&b);
	out[4] = xstrdup("");
}

static void
staff_cells(struct txn *t, const struct rec *r, char **out)
{
	struct rec *s;

	out[0] = xstrdup(rec_title(r));
	if (rec_get(t, RT_SCHOOL, rec_ref(r, STAFF_SCHOOL), &s) == 0) {
		out[1] = xstrdup(rec_title(s));
		rec_free(s);
	} else
		out[1] = xstrdup("");
	out[2] = xstrdup(rec_str(r, STAFF_PHONE));
	out[3] = field_display(&r->sc->fields[STAFF_ROLES],
	    rec_str(r, STAFF_ROLES));
	out[4] = xasprintf("%zu", staff_caseload(t, r->id, ui.today));
}

static void
school_cells(struct txn *t, const struct rec *r, char **out)
{
	struct idlist kids = { 0 };

	children_of_class(t, r->id, NULL, NULL, &kids);
	out[0] = xstrdup(rec_title(r));
	out[1] = xstrdup(rec_str(r, SCHOOL_TOWNSHIP));
	out[2] = xstrdup(rec_str(r, SCHOOL_PRINCIPAL));
	out[3] = xstrdup(rec_str(r, SCHOOL_PHONE));
	out[4] = xasprintf("%zu", kids.n);
	idl_free(&kids);
}

static void
official_cells(struct txn *t, const struct rec *r, char **out)
{
	out[0] = xstrdup(rec_title(r));
	out[1] = xstrdup(choice_label(official_choices,
	    rec_str(r, OFFICIAL_KIND)));
	out[2] = xstrdup(rec_str(r, OFFICIAL_ORG));
	out[3] = xstrdup(rec_str(r, OFFICIAL_VILLAGE));
	out[4] = xstrdup(rec_str(r, OFFICIAL_PHONE));
}

/* An official still on a call tree (as a line or a backup) stays. */
static int
official_delete_fn(struct txn *t, const struct rec *r, char **cause)
{
	struct rec_iter it;
	struct rec *n;
	char *key = person_make(RT_OFFICIAL, r->id);
	size_t uses = 0;

	rec_iter_start(t, RT_NODE, &it);
	while ((n = rec_iter_next(&it)) != NULL) {
		if (strcmp(rec_str(n, NODE_WHO), key) == 0 ||
		    strcmp(rec_str(n, NODE_BACKUP), key) == 0)
			uses++;
		rec_free(n);
	}
	rec_iter_end(&it);
	free(key);
	if (uses > 0) {
		set_cause(cause, P_("%s is on a call tree (%zu line): change "
		    "the tree first", "%s is on call trees (%zu lines): change "
		    "the trees first", uses), rec_title(r), uses);
		return SH_EINUSE;
	}
	return rec_del(t, RT_OFFICIAL, r->id, r->version, cause);
}

static int
contact_delete_fn(struct txn *t, const struct rec *r, char **cause)
{
	return contact_delete(t, r->id, r->version, cause);
}

static int
staff_delete_fn(struct txn *t, const struct rec *r, char **cause)
{
	return staff_delete(t, r->id, r->version, cause);
}

static int
school_delete_fn(struct txn *t, const struct rec *r, char **cause)
{
	struct idlist l = { 0 };
	size_t kids, staff, trees;

	children_of_class(t, r->id, NULL, NULL, &l);
	kids = l.n;
	l.n = 0;
	ix_refs(t, IX_STAFF_SCHOOL, r->id, &l);
	staff = l.n;
	l.n = 0;
	ix_refs(t, IX_TREE_SCHOOL, r->id, &l);
	trees = l.n;
	idl_free(&l);
	if (kids > 0 || staff > 0) {
		set_cause(cause, _("the school still has %zu children and %zu "
		    "staff: move or delete them first"), kids, staff);
		return SH_EINUSE;
	}
	if (trees > 0) {
		set_cause(cause, P_("the school has %zu call tree",
		    "the school has %zu call trees", trees), trees);
		return SH_EINUSE;
	}
	return rec_del(t, RT_SCHOOL, r->id, r->version, cause);
}

static void
open_mentees(struct records *rs, uint32_t staff)
{
	ui_push(screen_mentees(staff));
}

static const struct kind kinds[] = {
	{ RT_CONTACT, N_("Contacts"), N_("New contact"), { N_("Name"),
	    N_("Phone"),
	    N_("Work place"), N_("On the cards of"), NULL },
	    { 10, 13, 20, 30, 0 }, contact_cells, contact_delete_fn,
	    NULL },
	{ RT_STAFF, N_("Staff"), N_("New staff member"), { N_("Name"),
	    N_("School"), N_("Phone"),
	    N_("Roles"), N_("Mentees") }, { 10, 18, 13, 24, 6 },
	    staff_cells, staff_delete_fn, open_mentees },
	{ RT_SCHOOL, N_("Schools"), N_("New school"), { N_("School"),
	    N_("Township"),
	    N_("Principal"), N_("Phone"), N_("Children") },
	    { 20, 12, 10, 14, 8 }, school_cells, school_delete_fn,
	    NULL },
	{ RT_OFFICIAL, N_("Officials"), N_("New official"), { N_("Name"),
	    N_("Kind"), N_("Organisation"), N_("Village"), N_("Phone") },
	    { 10, 16, 22, 8, 13 }, official_cells, official_delete_fn,
	    NULL },
};

static void *
row_load(struct txn *t, size_t i, void *arg)
{
	struct records *rs = arg;
	struct cells *e;
	struct rec *r;

	if (rec_get(t, rs->k->type, rs->ids.v[i], &r) != 0)
		return NULL;
	e = xcalloc(1, sizeof *e);
	rs->k->cells(t, r, e->cell);
	rec_free(r);
	return e;
}

static void
row_drop(void *item)
{
	struct cells *e = item;
	size_t j;

	for (j = 0; j < 5; j++)
		free(e->cell[j]);
	free(e);
}

static void
records_prepare(struct list *l, size_t first, size_t count)
{
	struct records *rs = l->arg;

	rowcache_prepare(&rs->rows, first, count);
}

static void
records_row(struct list *l, size_t i, struct buf *b, int width)
{
	struct records *rs = l->arg;
	struct cells *e = rowcache_get(&rs->rows, i);
	struct buf line = { 0 };
	int c;

	if (e == NULL) {
		buf_addf(b, "#%u", rs->ids.v[i]);
		return;
	}
	for (c = 0; c < 5 && rs->k->heads[c] != NULL; c++) {
		if (c > 0)
			buf_addc(&line, ' ');
		u_fit(&line, e->cell[c], rs->k->widths[c] + (c == 3 ?
		    (COLS > 80 ? COLS - 80 : 0) : 0), c < 4);
	}
	u_fit(b, line.s, width, false);
	buf_free(&line);
}

static void
keep_matching(struct txn *t, struct records *rs, const char *q)
{
	struct rec *r;
	size_t i, j;

	for (i = j = 0; i < rs->ids.n; i++) {
		if (rec_get(t, rs->k->type, rs->ids.v[i], &r) != 0)
			continue;
		if (strstr(rec_title(r), q) != NULL)
			rs->ids.v[j++] = rs->ids.v[i];
		rec_free(r);
	}
	rs->ids.n = j;
}

static void
records_reload(struct screen *s)
{
	struct records *rs = (struct records *)s;
	struct kv_cursor c;
	struct txn t;
	char *q = searchbar_text(&rs->sb);
	bool ok;

	rowcache_clear(&rs->rows);
	rs->ids.n = 0;
	list_resize(&rs->l, 0);
	if (txn_read(ui.db, &t) == 0) {
		if (rs->to_verify)
			ix_scan(&t, IX_TO_VERIFY, "", 0, &rs->ids);
		else if (*q != '\0' && rs->k->type == RT_CONTACT)
			search_contacts(&t, q, &rs->ids);
		else if (*q != '\0' && rs->k->type == RT_STAFF)
			search_staff(&t, q, &rs->ids);
		else if (*q != '\0' && rs->k->type == RT_OFFICIAL)
			search_officials(&t, q, &rs->ids);
		else {
			for (ok = kv_first(&t, schema_of(rs->k->type)->dbi,
			    NULL, 0, &c); ok; ok = kv_next(&c))
				if (c.key.mv_size == 4)
					idl_add(&rs->ids,
					    get_u32be(c.key.mv_data));
			kv_close(&c);
			/* Schools are few: a part of the name will do. */
			if (*q != '\0')
				keep_matching(&t, rs, q);
		}
		txn_end(&t);
	}
	list_resize(&rs->l, rs->ids.n);
	free(q);
}

static void
records_draw(struct screen *s)
{
	struct records *rs = (struct records *)s;
	struct buf head = { 0 };
	char *info, *q = searchbar_text(&rs->sb);
	int y = ui_body_top(), rows = ui_body_rows(), c, used;

	info = rs->to_verify ? xasprintf(P_("%zu to verify", "%zu to verify",
	    rs->ids.n), rs->ids.n) : xasprintf(P_("%zu record", "%zu records",
	    rs->ids.n), rs->ids.n);
	ui_title(_(rs->k->title), info);
	free(info);
	used = searchbar_draw(&rs->sb, y);
	y += used;
	rows -= used;
	for (c = 0; c < 5 && rs->k->heads[c] != NULL; c++) {
		if (c > 0)
			buf_addc(&head, ' ');
		u_fit(&head, _(rs->k->heads[c]), rs->k->widths[c] + (c == 3 ?
		    (COLS > 80 ? COLS - 80 : 0) : 0), c < 4);
	}
	list_draw(&rs->l, y, rows, head.s);
	buf_free(&head);
	if (rs->l.n == 0)
		ui_put(y + 2, 2, *q ? _("Nobody found.") :
		    _("Nothing yet: press a to add."), COLS - 4, false);
	searchbar_cursor(&rs->sb, ui_body_top());
	free(q);
}

struct del_arg {
	struct records	*rs;
	struct rec	*r;
};

static int
del_write(struct txn *t, void *arg, char **cause)
{
	struct del_arg *a = arg;

	return a->rs->k->delete(t, a->r, cause);
}

static void
delete_selected(struct records *rs)
{
	struct del_arg a = { rs, NULL };
	struct txn t;
	char *q, *cause = NULL;

	if (rs->l.n == 0 || txn_read(ui.db, &t) != 0)
		return;
	rec_get(&t, rs->k->type, rs->ids.v[rs->l.sel], &a.r);
	txn_end(&t);
	if (a.r == NULL)
		return;
	q = xasprintf(_("Delete %s?"), rec_title(a.r));
	if (ui_confirm(q)) {
		if (db_write(ui.db, del_write, &a, &cause) != 0) {
			ui_error("%s", cause != NULL ? cause : "");
			free(cause);
		} else
			ui_msg(_("%s is deleted."), rec_title(a.r));
		records_reload(&rs->s);
	}
	free(q);
	rec_free(a.r);
}

static void
add_record(struct records *rs)
{
	struct form_spec spec;

	memset(&spec, 0, sizeof spec);
	spec.title = _(rs->k->new_title);
	spec.kind = schema_of(rs->k->type)->name;
	spec.recs[0] = rec_new(rs->k->type);
	spec.nrecs = 1;
	form_open(&spec);
}

static int
records_key(struct screen *s, int key)
{
	struct records *rs = (struct records *)s;
	bool changed;

	if (rs->sb.active) {
		if (searchbar_key(&rs->sb, key, &changed) && changed) {
			rs->l.sel = rs->l.top = 0;
			records_reload(s);
		}
		return UI_STAY;
	}
	if (list_key(&rs->l, key, ui_body_rows() - 2))
		return UI_STAY;
	switch (key) {
	case '/':
		rs->sb.active = true;
		return UI_STAY;
	case '\r':
	case '\n':
	case KEYC(KEY_ENTER):
		if (rs->l.n == 0)
			return UI_STAY;
		if (rs->k->open != NULL)
			rs->k->open(rs, rs->ids.v[rs->l.sel]);
		else
			record_edit(rs->k->type, rs->ids.v[rs->l.sel]);
		return UI_STAY;
	case 'e':
		if (rs->l.n > 0)
			record_edit(rs->k->type, rs->ids.v[rs->l.sel]);
		return UI_STAY;
	case 'a':
		add_record(rs);
		return UI_STAY;
	case 'd':
		delete_selected(rs);
		return UI_STAY;
	case 'v':
		if (rs->k->type != RT_CONTACT)
			break;
		rs->to_verify = !rs->to_verify;
		rs->l.sel = rs->l.top = 0;
		records_reload(s);
		return UI_STAY;
	case KEY_ESC:
		if (!searchbar_clear(&rs->sb))
			return UI_CLOSE;
		records_reload(s);
		return UI_STAY;
	case 'q':
		return UI_CLOSE;
	}
	beep();
	return UI_STAY;
}

static void
records_free(struct screen *s)
{
	struct records *rs = (struct records *)s;

	rowcache_clear(&rs->rows);
	idl_free(&rs->ids);
	edit_free(&rs->sb.q);
	free(rs);
}

static const struct screen_ops records_ops[] = {
	{ N_("Contacts"), records_keys, records_draw, records_key,
	    records_reload, NULL, records_free, false },
	{ N_("Staff"), records_keys, records_draw, records_key,
	    records_reload, NULL, records_free, false },
	{ N_("Schools"), records_keys, records_draw, records_key,
	    records_reload, NULL, records_free, false },
	{ N_("Officials"), records_keys, records_draw, records_key,
	    records_reload, NULL, records_free, false },
};

static struct screen *
screen_records(enum rtype type)
{
	struct records *rs = xcalloc(1, sizeof *rs);
	size_t i;

	for (i = 0; i < nitems(kinds); i++)
		if (kinds[i].type == type) {
			rs->k = &kinds[i];
			rs->s.ops = &records_ops[i];
		}
	rs->l.arg = rs;
	rs->l.prepare = records_prepare;
	rs->rows.load = row_load;
	rs->rows.drop = row_drop;
	rs->rows.arg = rs;
	rs->l.row = records_row;
	rs->l.hl = rs->k->widths[0];
	rs->sb.q.maxchars = 40;
	records_reload(&rs->s);
	return &rs->s;
}

struct screen *
screen_contacts(void)
{
	return screen_records(RT_CONTACT);
}

struct screen *
screen_staff(void)
{
	return screen_records(RT_STAFF);
}

struct screen *
screen_schools(void)
{
	return screen_records(RT_SCHOOL);
}

struct screen *
screen_officials(void)
{
	return screen_records(RT_OFFICIAL);
}
