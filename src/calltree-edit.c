/*
 * calltree-edit.c -- changes to a call tree by hand (ct_move,
 * ct_set_backup, ct_add): see calltree.h.
 *
 * Changes by hand (move, backup, add) are RT_EDIT records naming people,
 * not lines, so that they survive regeneration: after making the lines
 * afresh, each edit is applied again in the order made when its people
 * are still in the tree and the rules still hold; the others are deleted
 * and reported, since an edit about a family that moved away would
 * otherwise be reported at every regeneration.  A newer edit of the same
 * kind for the same person replaces the older.
 *
 * A change is refused when it would give a line a problem it did not
 * have; ct_edits_reapply() is how calltree-make.c keeps the changes over
 * a regeneration.
 */
#include "config.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calltree-int.h"
#include "codec.h"
#include "i18n.h"
#include "model.h"
#include "rec.h"
#include "schema.h"
#include "util.h"
#include "validate.h"

/* ---- changes by hand ---- */

static int
find_who(const struct ct_tree *tr, const char *who)
{
	size_t i;

	for (i = 0; i < tr->n; i++)
		if (strcmp(tr->nodes[i].who, who) == 0)
			return (int)i;
	return -1;
}

static void
count_called(const struct ct_tree *tr, int p, int *staff, int *fams)
{
	int c;

	*staff = *fams = 0;
	for (c = tr->nodes[p].first; c >= 0; c = tr->nodes[c].next) {
		if (tr->nodes[c].kind == CT_CALLER)
			(*staff)++;
		else if (tr->nodes[c].kind == CT_FAMILY)
			(*fams)++;
	}
}

/* May line p take one more line of this kind? */
static bool
room_for(struct txn *t, const struct ct_tree *tr, int p, enum ct_kind kind,
    char **why)
{
	int staff, fams;
	char *name;

	count_called(tr, p, &staff, &fams);
	if ((kind == CT_CALLER && staff + 1 > tr->staff_limit) ||
	    (kind == CT_FAMILY && fams + 1 > tr->family_limit)) {
		name = tr->nodes[p].name != NULL ? xstrdup(tr->nodes[p].name) :
		    ct_person_name(t, tr->nodes[p].who);
		if (kind == CT_CALLER)
			set_cause(why, _("%s would call more than %d staff"),
			    name, tr->staff_limit);
		else
			set_cause(why, _("%s would call more than %d "
			    "families"), name, tr->family_limit);
		free(name);
		return false;
	}
	return true;
}

static bool
apply_move(struct txn *t, struct ct_tree *tr, int s, int p, char **why)
{
	struct ct_node *a = &tr->nodes[s], *b = &tr->nodes[p];

	if (a->parent < 0) {
		set_cause(why, "%s", _("the top line starts the calls: it "
		    "cannot be moved"));
		return false;
	}
	if (a->kind == CT_PARENT) {
		set_cause(why, "%s", _("a parent working away stays with the "
		    "family"));
		return false;
	}
	if (b->kind != CT_CALLER && b->kind != CT_OFFICIAL) {
		set_cause(why, "%s", _("only staff and officials call others"));
		return false;
	}
	if (p >= s && p < s + a->size) {
		set_cause(why, "%s", _("a line cannot be called by a line it "
		    "calls"));
		return false;
	}
	if (a->parent == p)
		return true;
	if (!room_for(t, tr, p, a->kind, why))
		return false;
	a->parent = p;
	a->seq = INT_MAX / 2;
	a->dirty = true;
	ct_relink(tr);
	return true;
}

static bool
apply_backup(struct txn *t, struct ct_tree *tr, int s, const char *person,
    const char *phone, char **why)
{
	struct ct_node *nd = &tr->nodes[s];
	struct rec *p = NULL;
	const char *ph = phone;

	if (*person != '\0') {
		if ((p = ct_person_get(t, person)) == NULL) {
			set_cause(why, "%s", _("the backup person is no longer "
			    "in the records"));
			return false;
		}
		if (*ph == '\0')
			ph = strcmp(person, nd->who) == 0 ?
			    ct_other_phone(p, nd->phone) : ct_first_phone(p);
	}
	if (*person != '\0' && *ph == '\0') {
		set_cause(why, "%s", _("the backup person has no other phone"));
		rec_free(p);
		return false;
	}
	if (*ph != '\0' && ct_same_phone(ph, nd->phone)) {
		set_cause(why, "%s", _("the backup is the same number as the "
		    "line's own"));
		rec_free(p);
		return false;
	}
	ct_node_set(&nd->backup, strcmp(person, nd->who) == 0 ? "" : person);
	ct_node_set(&nd->backup_phone, ph);
	nd->dirty = true;
	rec_free(p);
	return true;
}

static bool
apply_add(struct txn *t, struct ct_tree *tr, const char *person, int p,
    char **why)
{
	struct rec *r;
	enum ct_kind kind;
	const char *ph;
	int k;

	if (find_who(tr, person) >= 0) {
		set_cause(why, "%s", _("the person is already in the tree"));
		return false;
	}
	if (tr->nodes[p].kind != CT_CALLER && tr->nodes[p].kind !=
	    CT_OFFICIAL) {
		set_cause(why, "%s", _("only staff and officials call others"));
		return false;
	}
	if ((r = ct_person_get(t, person)) == NULL) {
		set_cause(why, "%s", _("the person is no longer in the "
		    "records"));
		return false;
	}
	if (r->sc->type == RT_CONTACT) {
		set_cause(why, "%s", _("families come from the contact cards: "
		    "put the person on a child's card and make the tree "
		    "again"));
		rec_free(r);
		return false;
	}
	kind = r->sc->type == RT_OFFICIAL ? CT_OFFICIAL : CT_CALLER;
	if (!room_for(t, tr, p, kind, why)) {
		rec_free(r);
		return false;
	}
	k = ct_node_new(tr, p, kind, person);
	ct_node_set(&tr->nodes[k].role, kind == CT_OFFICIAL ?
	    rec_str(r, OFFICIAL_KIND) : *rec_str(r, STAFF_GRADE) != '\0' ?
	    "class_teacher" : ct_set_has(rec_str(r, STAFF_ROLES), "leader") ?
	    "leader" : "mentor");
	ph = ct_first_phone(r);
	ct_node_set(&tr->nodes[k].phone, ph);
	ct_node_set(&tr->nodes[k].backup_phone, ct_other_phone(r, ph));
	rec_free(r);
	ct_relink(tr);
	return true;
}

/* Applies one change by hand; false with *why when it does not apply. */
static bool
edit_apply(struct txn *t, struct ct_tree *tr, const char *op,
    const char *subject, const char *target, const char *phone, char **why)
{
	int s, p;
	char *name;

	s = find_who(tr, subject);
	p = *target != '\0' ? find_who(tr, target) : -1;
	if (s < 0 && strcmp(op, "add") != 0) {
		name = ct_person_name(t, subject);
		set_cause(why, _("%s is no longer in the tree"), name);
		free(name);
		return false;
	}
	if (p < 0 && strcmp(op, "backup") != 0) {
		name = ct_person_name(t, target);
		set_cause(why, _("%s is no longer in the tree"), name);
		free(name);
		return false;
	}
	if (strcmp(op, "move") == 0)
		return apply_move(t, tr, s, p, why);
	if (strcmp(op, "backup") == 0)
		return apply_backup(t, tr, s, target, phone, why);
	return apply_add(t, tr, subject, p, why);
}

/* "张秀英 called by 王丽", for messages about a change. */
static char *
edit_describe(struct txn *t, const struct rec *e)
{
	char *a = ct_person_name(t, rec_str(e, EDIT_SUBJECT));
	char *b = ct_person_name(t, rec_str(e, EDIT_TARGET)), *s;
	const char *op = rec_str(e, EDIT_OP);

	if (strcmp(op, "move") == 0)
		s = xasprintf(_("%s called by %s"), a, b);
	else if (strcmp(op, "add") == 0)
		s = xasprintf(_("%s added, called by %s"), a, b);
	else
		s = xasprintf(_("backup of %s: %s %s"), a, b,
		    rec_str(e, EDIT_PHONE));
	free(a);
	free(b);
	return s;
}

/* Applies the changes by hand again; deletes those that no longer apply. */
int
ct_edits_reapply(struct txn *t, struct ct_tree *tr, struct ct_msgs *lost,
    char **cause)
{
	struct idlist ids = { 0 };
	struct rec *e;
	char *why = NULL, *what;
	size_t i;
	int rc = 0;

	ix_refs(t, IX_EDIT_TREE, tr->rec->id, &ids);
	for (i = 0; i < ids.n && rc == 0; i++) {
		if (rec_get(t, RT_EDIT, ids.v[i], &e) != 0)
			continue;
		if (!edit_apply(t, tr, rec_str(e, EDIT_OP), rec_str(e,
		    EDIT_SUBJECT), rec_str(e, EDIT_TARGET), rec_str(e,
		    EDIT_PHONE), &why)) {
			what = edit_describe(t, e);
			ct_msg_add(lost, _("The change \"%s\" was not kept: "
			    "%s."), what, why);
			free(what);
			rc = rec_del(t, RT_EDIT, e->id, 0, cause);
		}
		free(why);
		why = NULL;
		rec_free(e);
	}
	idl_free(&ids);
	return rc;
}

/* Records a change by hand, replacing an older one of the same kind. */
static int
edit_record(struct txn *t, uint32_t tree, const char *op, const char *subject,
    const char *target, const char *phone, char **cause)
{
	struct idlist ids = { 0 };
	struct rec *e;
	size_t i;
	int rc = 0;

	ix_refs(t, IX_EDIT_TREE, tree, &ids);
	for (i = 0; i < ids.n && rc == 0; i++) {
		if (rec_get(t, RT_EDIT, ids.v[i], &e) != 0)
			continue;
		if (strcmp(rec_str(e, EDIT_OP), op) == 0 &&
		    strcmp(rec_str(e, EDIT_SUBJECT), subject) == 0)
			rc = rec_del(t, RT_EDIT, e->id, 0, cause);
		rec_free(e);
	}
	idl_free(&ids);
	if (rc != 0)
		return rc;
	e = rec_new(RT_EDIT);
	rec_set_ref(e, EDIT_TREE, tree);
	rec_set(e, EDIT_OP, op);
	rec_set(e, EDIT_SUBJECT, subject);
	rec_set(e, EDIT_TARGET, target);
	rec_set(e, EDIT_PHONE, phone);
	rc = rec_put(t, e, cause);
	rec_free(e);
	return rc;
}

struct edit_arg {
	uint32_t	 tree;
	int		 revision;
	uint32_t	 node;
	const char	*op;
	uint32_t	 other;		/* move: the new caller's line */
	const char	*person;	/* backup, add */
	const char	*phone;		/* backup */
};

/*
 * A change touches its own line and, for a move or an add, the line
 * that will call it; apply_move() and apply_add() refuse loops and a
 * person twice, so only these lines can get a problem they did not
 * have.  Problems are told apart by line and kind, not by message: a
 * move renumbers the lines after it, and a problem a line already had
 * (a person since deleted, say) does not refuse an unrelated change.
 */
#define EDIT_LINES 2

static int
edit_write(struct txn *t, void *arg, char **cause)
{
	struct edit_arg *a = arg;
	struct ct_msgs news = { 0 };
	struct ct_tree tr;
	char *subject = NULL, *target = NULL;
	uint32_t look[EDIT_LINES];
	unsigned had[EDIT_LINES];
	size_t n = 0, k;
	int rc, i, o, j;

	if (!ct_may_use(t, a->tree, cause))
		return SH_EPERM;
	if ((rc = ct_load_txn(t, a->tree, false, &tr, cause)) != 0)
		return rc;
	if ((rc = ct_revision_check(&tr, a->revision, cause)) != 0)
		goto out;
	i = ct_find_node(&tr, a->node);
	o = strcmp(a->op, "move") == 0 ? ct_find_node(&tr, a->other) : i;
	if (i < 0 || o < 0) {
		set_cause(cause, "%s", _("the line is no longer in the tree "
		    "(someone changed it): load it again"));
		rc = SH_ENOTFOUND;
		goto out;
	}
	if (strcmp(a->op, "add") == 0) {
		subject = xstrdup(a->person);
		target = xstrdup(tr.nodes[i].who);
	} else {
		subject = xstrdup(tr.nodes[i].who);
		target = xstrdup(strcmp(a->op, "move") == 0 ?
		    tr.nodes[o].who : a->person);
	}
	look[n] = tr.nodes[i].id;
	ct_check_line(t, &tr, (size_t)i, 0, NULL, &had[n++]);
	if (o != i) {
		look[n] = tr.nodes[o].id;
		ct_check_line(t, &tr, (size_t)o, 0, NULL, &had[n++]);
	}
	if (!edit_apply(t, &tr, a->op, subject, target, a->phone, cause)) {
		rc = SH_EINVAL;
		goto out;
	}
	if (strcmp(a->op, "add") == 0) {
		look[n] = 0;		/* the new line, not stored yet */
		had[n++] = 0;
	}
	for (k = 0; k < n && news.n == 0; k++) {
		j = look[k] != 0 ? ct_find_node(&tr, look[k]) :
		    find_who(&tr, subject);
		if (j >= 0)
			ct_check_line(t, &tr, (size_t)j, had[k], &news, NULL);
	}
	if (news.n > 0) {
		set_cause(cause, "%s", news.v[0]);
		rc = SH_EINVAL;
		goto out;
	}
	if ((rc = ct_nodes_write(t, &tr, cause)) == 0 &&
	    (rc = edit_record(t, tr.rec->id, a->op, subject, target,
	    a->phone, cause)) == 0)
		rc = ct_tree_bump(t, &tr, cause);
out:
	ct_msgs_free(&news);
	free(subject);
	free(target);
	ct_free(&tr);
	return rc;
}

int
ct_move(struct db *db, uint32_t tree, int revision, uint32_t node,
    uint32_t new_parent, char **cause)
{
	struct edit_arg a = { tree, revision, node, "move", new_parent, "",
	    "" };

	return db_write(db, edit_write, &a, cause);
}

int
ct_set_backup(struct db *db, uint32_t tree, int revision, uint32_t node,
    const char *person, const char *phone, char **cause)
{
	struct edit_arg a = { tree, revision, node, "backup", 0,
	    person != NULL ? person : "", "" };
	enum rtype type;
	uint32_t id;
	char *norm = NULL, *reason = NULL;
	int rc;

	if (*a.person != '\0' && !person_parse(a.person, &type, &id)) {
		set_cause(cause, _("not a person (staff:12, contact:34 or "
		    "official:5): %s"), a.person);
		return SH_EINVAL;
	}
	if (phone != NULL && *phone != '\0') {
		if (val_phone(phone, &norm, &reason) != 0) {
			set_cause(cause, "%s \"%s\": %s", _("Backup phone"),
			    phone, reason);
			free(reason);
			return SH_EINVAL;
		}
		a.phone = norm;
	}
	rc = db_write(db, edit_write, &a, cause);
	free(norm);
	return rc;
}

int
ct_add(struct db *db, uint32_t tree, int revision, uint32_t parent,
    const char *person, char **cause)
{
	struct edit_arg a = { tree, revision, parent, "add", 0, person, "" };
	enum rtype type;
	uint32_t id;

	if (person == NULL || !person_parse(person, &type, &id)) {
		set_cause(cause, _("not a person (staff:12, contact:34 or "
		    "official:5): %s"), person != NULL ? person : "");
		return SH_EINVAL;
	}
	return db_write(db, edit_write, &a, cause);
}

