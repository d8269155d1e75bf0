/*
 * ui-records.c -- the lists of contacts, staff and schools: one screen
 * made for the three by a table of what each shows and does.
 */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
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

/* What differs between the lists (their columns are their views'). */
struct kind {
	enum rtype	 type;
	const char	*title;		/* msgid */
	const char	*new_title;	/* msgid: the form of a new one */
	/* Refuses a deletion (message), or deletes. */
	int		(*delete)(struct txn *, const struct rec *, char **);
	/* Enter: what it opens (NULL: the form). */
	void		(*open)(struct lscreen *, uint32_t id);
};

struct records {
	struct lscreen		 ls;
	const struct kind	*k;
	bool			 to_verify;	/* contacts: only those */
};

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
open_mentees(struct lscreen *ls, uint32_t staff)
{
	ui_push(screen_mentees(staff));
}

static const struct kind kinds[] = {
	{ RT_CONTACT, N_("Contacts"), N_("New contact"), contact_delete_fn,
	    NULL },
	{ RT_STAFF, N_("Staff"), N_("New staff member"), staff_delete_fn,
	    open_mentees },
	{ RT_SCHOOL, N_("Schools"), N_("New school"), school_delete_fn, NULL },
	{ RT_OFFICIAL, N_("Officials directory"), N_("New official"),
	    official_delete_fn, NULL },
};

static void
keep_matching(struct txn *t, struct records *rs, const char *q)
{
	struct idlist *ids = &rs->ls.ids;
	struct rec *r;
	size_t i, j;

	for (i = j = 0; i < ids->n; i++) {
		if (rec_get(t, rs->k->type, ids->v[i], &r) != 0)
			continue;
		if (strstr(rec_title(r), q) != NULL)
			ids->v[j++] = ids->v[i];
		rec_free(r);
	}
	ids->n = j;
}

static void
records_load(struct lscreen *ls, struct txn *t, const char *q)
{
	struct records *rs = (struct records *)ls;
	struct kv_cursor c;
	bool ok;

	if (rs->to_verify)
		ix_scan(t, IX_TO_VERIFY, "", 0, &ls->ids);
	else if (*q != '\0' && rs->k->type == RT_CONTACT)
		search_contacts(t, q, &ls->ids);
	else if (*q != '\0' && rs->k->type == RT_STAFF)
		search_staff(t, q, &ls->ids);
	else if (*q != '\0' && rs->k->type == RT_OFFICIAL)
		search_officials(t, q, &ls->ids);
	else {
		for (ok = kv_first(t, schema_of(rs->k->type)->dbi, NULL, 0,
		    &c); ok; ok = kv_next(&c))
			if (c.key.mv_size == 4)
				idl_add(&ls->ids, get_u32be(c.key.mv_data));
		kv_close(&c);
		/* Schools are few: a part of the name will do. */
		if (*q != '\0')
			keep_matching(t, rs, q);
	}
	/* Only the contacts of the children the login may see. */
	if (rs->k->type == RT_CONTACT && access_enforced()) {
		size_t i, j;

		for (i = j = 0; i < ls->ids.n; i++)
			if (access_contact(t, ls->ids.v[i]))
				ls->ids.v[j++] = ls->ids.v[i];
		ls->ids.n = j;
	}
}

static char *
records_info(struct lscreen *ls, const char *q)
{
	size_t n = ls->ids.n;

	if (((struct records *)ls)->to_verify)
		return xasprintf(P_("%zu to verify", "%zu to verify", n), n);
	return xasprintf(P_("%zu record", "%zu records", n), n);
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
records_del(struct lscreen *ls, uint32_t id)
{
	struct del_arg a = { (struct records *)ls, NULL };
	struct txn t;
	char *q, *cause = NULL;

	if (txn_read(ui.db, &t) != 0)
		return;
	rec_get(&t, a.rs->k->type, id, &a.r);
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
	}
	free(q);
	rec_free(a.r);
}

static void
records_add(struct lscreen *ls)
{
	const struct kind *k = ((struct records *)ls)->k;
	struct form_spec spec;

	memset(&spec, 0, sizeof spec);
	spec.title = _(k->new_title);
	spec.kind = schema_of(k->type)->name;
	spec.recs[0] = rec_new(k->type);
	spec.nrecs = 1;
	form_open(&spec);
}

static void
records_edit(struct lscreen *ls, uint32_t id)
{
	record_edit(((struct records *)ls)->k->type, id);
}

static void
records_open(struct lscreen *ls, uint32_t id)
{
	const struct kind *k = ((struct records *)ls)->k;

	if (k->open != NULL)
		k->open(ls, id);
	else
		record_edit(k->type, id);
}

static int
toggle_verify(struct screen *s, int key)
{
	struct records *rs = (struct records *)s;

	if (rs->k->type != RT_CONTACT)
		return UI_PASS;
	rs->to_verify = !rs->to_verify;
	lscreen_read(&rs->ls, false);
	return UI_STAY;
}

static const struct keydef records_keys[] = {
	{ "d", N_("delete"), true, lscreen_delete, { 'd' } },
	{ "v", N_("contacts: only those with a number a drill could not "
	    "reach (to verify), or all again"), false, toggle_verify,
	    { 'v' } },
	{ NULL, NULL, false, NULL, { 0 } }
};

static const struct lstype records_type = {
	records_load, records_info, N_("Nothing yet: press a to add."),
	N_("Nobody found."), NULL, records_open, records_add, records_edit,
	records_del, NULL, NULL, NULL
};

#define RECORDS_OPS(title) { title, records_keys, lscreen_draw, \
	lscreen_key, lscreen_reload, NULL, lscreen_free, false, lscreen_keys }
/* In the order of kinds[]. */
static const struct screen_ops records_ops[] = {
	RECORDS_OPS(N_("Contacts")), RECORDS_OPS(N_("Staff")),
	RECORDS_OPS(N_("Schools")), RECORDS_OPS(N_("Officials directory")),
};

static struct screen *
screen_records(enum rtype type)
{
	struct records *rs = xcalloc(1, sizeof *rs);
	size_t i;

	for (i = 0; i < nitems(kinds); i++)
		if (kinds[i].type == type) {
			rs->k = &kinds[i];
			rs->ls.s.ops = &records_ops[i];
		}
	lscreen_init(&rs->ls, rs->ls.s.ops, &records_type, type,
	    rs->k->title);
	return &rs->ls.s;
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
