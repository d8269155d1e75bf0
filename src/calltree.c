/*
 * calltree.c -- see calltree.h.
 *
 * The model.  A tree is a list of lines, each a person called by the
 * line above it.  In memory the lines are an array in print order with
 * parent, first-child and next-sibling indexes (relink() restores that
 * order after any change), so a subtree is a contiguous range: printing,
 * folding on a screen and keeping a branch on one page are then walks
 * over ranges.  On disk each line is an RT_NODE record pointing at its
 * parent node; the printed position "1.2.3" is never stored but always
 * computed from the order of seq among siblings, so that moving a line
 * renumbers what follows exactly as the new sheet will.
 *
 * Making a tree (generate).  Children in school (status in_school) of
 * the school, or of every school for a township tree, are put in groups:
 * their class, their village, or for the boarders' night tree their
 * grade.  A family is the person called: the first contact in call order
 * who has a phone, so siblings with the same grandmother are one line
 * for all of them.  Each family is given a staff caller in three passes:
 * the children's mentor, then the class teacher, then, for what is left,
 * a helper of the same school: one already helping with the group while
 * there is room, else the staff member with the lightest load, the
 * principal last.  No caller gets more than family_limit families; when
 * a school has too few staff for that, the tree's limit is raised to the
 * smallest that works and the result says so, rather than refusing a
 * sheet the school needs today.  The callers of a group hang under its
 * head (the class teacher, else the caller with most of the group's
 * families); the heads hang under the principal, and in a township tree
 * the principals under the centre school's principal.  Wherever more
 * staff are to be called than staff_limit, they form a balanced phone
 * tree (fill(): breadth first, each caller taking at most staff_limit,
 * relays keeping one place for their own group).  Under each family come
 * the parents working away; under the top, the township's offices
 * (education office, police, health centre, government), which do not
 * count against the staff limit: they are the top's duty to inform.
 *
 * Backups.  A family's backup is the next contact in call order with a
 * phone (another number than the primary), else the village children's
 * director of the child's village, else another phone of the same
 * person.  A staff caller's backup is the next staff member called by
 * the same person: when a caller cannot be reached, that colleague takes
 * over the list.  Officials' backups are their second phones.
 *
 * Problems are not dropped.  A child whose contacts have no phone gets a
 * family line without a phone, marked for a home visit (家访), with the
 * village director as the backup; a child with no contact at all is
 * written on the caller's own line as a home visit.  Either way every
 * active child is on exactly one line, and the result lists them first.
 *
 * Changes by hand (move, backup, add) are RT_EDIT records naming people,
 * not lines, so that they survive regeneration: after making the lines
 * afresh, each edit is applied again in the order made when its people
 * are still in the tree and the rules still hold; the others are deleted
 * and reported, since an edit about a family that moved away would
 * otherwise be reported at every regeneration.  A newer edit of the same
 * kind for the same person replaces the older.
 *
 * Drills record one RT_CALL per number tried, with the printed position
 * in its notes (the report groups by it), and mark on the contact cards
 * each number that did not answer (to verify) and each that did
 * (verified on the drill's date).
 *
 * Dates: the printed date and the drill date are options, defaulting to
 * today, so that printouts can be reproduced; mentors are looked up on
 * the date of making.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "calltree.h"
#include "codec.h"
#include "i18n.h"
#include "model.h"
#include "pinyin.h"
#include "rec.h"
#include "schema.h"
#include "util.h"
#include "validate.h"

/* Between the children of a line as shown: names may hold one space. */
#define KIDS_SEP "  "

/* node_kind_choices lists the kinds in the order of enum ct_kind. */
static const char *
kind_key(enum ct_kind k)
{
	return node_kind_choices[k].key;
}

static enum ct_kind
kind_of(const char *key)
{
	const struct choice *c = choice_find(node_kind_choices, key);

	return c != NULL ? (enum ct_kind)(c - node_kind_choices) : CT_CALLER;
}

static void SH_PRINTF(2, 3)
msg_add(struct ct_msgs *m, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	strv_push(&m->v, &m->n, s);
}

void
ct_msgs_free(struct ct_msgs *m)
{
	strv_free(m->v);
	m->v = NULL;
	m->n = 0;
}

/* Two phones are the same number when their digits are. */
static bool
same_phone(const char *a, const char *b)
{
	char *x = phone_digits(a), *y = phone_digits(b);
	bool same = *x != '\0' && strcmp(x, y) == 0;

	free(x);
	free(y);
	return same;
}

/* A person's record, or NULL. */
static struct rec *
person_get(struct txn *t, const char *who)
{
	enum rtype type;
	uint32_t id;
	struct rec *r;

	if (who == NULL || !person_parse(who, &type, &id) ||
	    rec_get(t, type, id, &r) != 0)
		return NULL;
	return r;
}

/* A person's name, or "#12" for one no longer there. */
static char *
person_name(struct txn *t, const char *who)
{
	struct rec *r;
	char *s, *colon;

	if (who == NULL || *who == '\0')
		return xstrdup("");
	if ((r = person_get(t, who)) == NULL) {
		colon = strchr(who, ':');
		return xasprintf("#%s", colon != NULL ? colon + 1 : who);
	}
	s = xstrdup(rec_title(r));
	rec_free(r);
	return s;
}

/* A person's first phone (staff and officials: their phone). */
static const char *
rec_first_phone(const struct rec *r)
{
	int i;

	switch (r->sc->type) {
	case RT_STAFF:
		return rec_str(r, STAFF_PHONE);
	case RT_OFFICIAL:
		return rec_str(r, OFFICIAL_PHONE);
	case RT_CONTACT:
		for (i = 0; i < CONTACT_PHONES; i++)
			if (*rec_str(r, contact_phone_field(i)) != '\0')
				return rec_str(r, contact_phone_field(i));
		return "";
	default:
		return "";
	}
}

/* A person's phone other than the one given, or "". */
static const char *
rec_other_phone(const struct rec *r, const char *not)
{
	const char *p;
	int i;

	switch (r->sc->type) {
	case RT_OFFICIAL:
		p = rec_str(r, OFFICIAL_PHONE2);
		if (*p == '\0' || same_phone(p, not))
			p = rec_str(r, OFFICIAL_PHONE);
		return same_phone(p, not) ? "" : p;
	case RT_CONTACT:
		for (i = 0; i < CONTACT_PHONES; i++) {
			p = rec_str(r, contact_phone_field(i));
			if (*p != '\0' && !same_phone(p, not))
				return p;
		}
		return "";
	default:
		p = rec_first_phone(r);
		return same_phone(p, not) ? "" : p;
	}
}

static int
u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* "1,5,9" -> ids; invalid parts are skipped. */
static void
kids_parse(const char *s, uint32_t **v, size_t *n)
{
	const char *p = s;
	unsigned long id;
	char *end;

	*v = NULL;
	*n = 0;
	while (*p != '\0') {
		id = strtoul(p, &end, 10);
		if (end == p)
			break;
		if (id > 0 && id <= UINT32_MAX) {
			*v = xreallocarray(*v, *n + 1, sizeof **v);
			(*v)[(*n)++] = (uint32_t)id;
		}
		p = *end == ',' ? end + 1 : end;
		if (*end != ',' && *end != '\0')
			break;
	}
}

static char *
kids_format(const uint32_t *v, size_t n)
{
	struct buf b = { 0 };
	size_t i;

	for (i = 0; i < n; i++)
		buf_addf(&b, "%s%u", i > 0 ? "," : "", v[i]);
	return buf_take(&b);
}

/* ---- the tree in memory ---- */

static void
node_free(struct ct_node *nd)
{
	free(nd->who);
	free(nd->role);
	free(nd->phone);
	free(nd->backup);
	free(nd->backup_phone);
	free(nd->kids);
	free(nd->pos);
	free(nd->name);
	free(nd->role_shown);
	free(nd->backup_name);
	free(nd->kids_shown);
}

void
ct_free(struct ct_tree *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++)
		node_free(&t->nodes[i]);
	free(t->nodes);
	rec_free(t->rec);
	free(t->school_name);
	memset(t, 0, sizeof *t);
}

/* A new line, called by parent (-1: the top), after its other lines. */
static int
node_new(struct ct_tree *t, int parent, enum ct_kind kind, const char *who)
{
	struct ct_node *nd;

	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->nodes = xreallocarray(t->nodes, t->cap, sizeof *t->nodes);
	}
	nd = &t->nodes[t->n];
	memset(nd, 0, sizeof *nd);
	nd->parent = parent;
	nd->first = nd->next = -1;
	nd->seq = INT_MAX / 2;
	nd->kind = kind;
	nd->who = xstrdup(who);
	nd->role = xstrdup("");
	nd->phone = xstrdup("");
	nd->backup = xstrdup("");
	nd->backup_phone = xstrdup("");
	nd->dirty = true;
	return (int)t->n++;
}

static void
node_set(char **field, const char *value)
{
	char *v = xstrdup(value != NULL ? value : "");

	free(*field);
	*field = v;
}

static void
node_add_kid(struct ct_node *nd, uint32_t child)
{
	nd->kids = xreallocarray(nd->kids, nd->nkids + 1, sizeof *nd->kids);
	nd->kids[nd->nkids++] = child;
}

/* Sorting lines by (parent, seq, index): siblings become neighbours. */
struct sibkey {
	int	parent;
	int	seq;
	int	index;
};

static int
sibkey_cmp(const void *a, const void *b)
{
	const struct sibkey *x = a, *y = b;

	if (x->parent != y->parent)
		return x->parent < y->parent ? -1 : 1;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* Fills first/next from parent and seq, renumbering seq 1, 2, 3... */
static void
link_siblings(struct ct_tree *t)
{
	struct sibkey *k = xcalloc(t->n ? t->n : 1, sizeof *k);
	int *last = xcalloc(t->n ? t->n : 1, sizeof *last);
	size_t i;
	int p, seq = 0, prev = -2;

	for (i = 0; i < t->n; i++) {
		k[i].parent = t->nodes[i].parent;
		k[i].seq = t->nodes[i].seq;
		k[i].index = (int)i;
		t->nodes[i].first = t->nodes[i].next = -1;
		last[i] = -1;
	}
	qsort(k, t->n, sizeof *k, sibkey_cmp);
	for (i = 0; i < t->n; i++) {
		struct ct_node *nd = &t->nodes[k[i].index];

		p = k[i].parent;
		seq = p == prev ? seq + 1 : 1;
		prev = p;
		if (nd->seq != seq) {
			nd->seq = seq;
			nd->dirty = true;
		}
		if (p < 0 || (size_t)p >= t->n)
			continue;
		if (last[p] < 0)
			t->nodes[p].first = k[i].index;
		else
			t->nodes[last[p]].next = k[i].index;
		last[p] = k[i].index;
	}
	free(k);
	free(last);
}

/*
 * Puts the lines in print order (depth first from the top, then any
 * other top, then lines in cycles, which ct_check reports), and fills
 * first/next, depth, size and the positions.
 */
static void
relink(struct ct_tree *t)
{
	int *order, *where, *stack;
	struct ct_node *nodes;
	size_t i, n = t->n, no = 0, root;
	int sp, j, c, k, rank;
	char *pos;

	if (n == 0)
		return;
	link_siblings(t);
	order = xcalloc(n, sizeof *order);
	where = xcalloc(n, sizeof *where);
	stack = xcalloc(n, sizeof *stack);
	for (i = 0; i < n; i++)
		where[i] = -1;
	for (root = 0; root < n; root++) {
		if (t->nodes[root].parent >= 0 && t->nodes[root].parent <
		    (int)n)
			continue;
		sp = 0;
		stack[sp++] = (int)root;
		while (sp > 0) {
			j = stack[--sp];
			if (where[j] >= 0)
				continue;
			where[j] = (int)no;
			order[no++] = j;
			/* Pushed in reverse, so that they come out in order. */
			rank = 0;
			for (c = t->nodes[j].first; c >= 0; c = t->nodes[c].next)
				rank++;
			sp += rank;
			k = sp - 1;
			for (c = t->nodes[j].first; c >= 0; c = t->nodes[c].next)
				stack[k--] = c;
		}
	}
	for (i = 0; i < n; i++)
		if (where[i] < 0) {
			where[i] = (int)no;
			order[no++] = (int)i;
		}
	nodes = xcalloc(n, sizeof *nodes);
	for (i = 0; i < n; i++) {
		nodes[i] = t->nodes[order[i]];
		if (nodes[i].parent >= 0 && nodes[i].parent < (int)n)
			nodes[i].parent = where[nodes[i].parent];
		else
			nodes[i].parent = -1;
	}
	free(t->nodes);
	t->nodes = nodes;
	t->cap = n;
	link_siblings(t);
	/* Depth, positions, and subtree sizes (children come after parents). */
	rank = 0;
	for (i = 0; i < n; i++) {
		struct ct_node *nd = &t->nodes[i];

		if (nd->parent < 0) {
			nd->depth = 0;
			pos = xasprintf("%d", ++rank);
		} else if ((size_t)nd->parent < i) {
			nd->depth = t->nodes[nd->parent].depth + 1;
			pos = xasprintf("%s.%d", t->nodes[nd->parent].pos,
			    nd->seq);
		} else {
			nd->depth = 0;
			pos = xstrdup("?");
		}
		free(nd->pos);
		nd->pos = pos;
		nd->size = 1;
	}
	for (i = n; i-- > 0;)
		if (t->nodes[i].parent >= 0 && (size_t)t->nodes[i].parent < i)
			t->nodes[t->nodes[i].parent].size += t->nodes[i].size;
	free(order);
	free(where);
	free(stack);
}

/* ---- loading ---- */

/* The township's name, for trees of the whole township. */
static char *
township_name(struct txn *t)
{
	struct rec_iter it;
	struct rec *s;
	char *name = NULL;

	rec_iter_start(t, RT_SCHOOL, &it);
	while (name == NULL && (s = rec_iter_next(&it)) != NULL) {
		if (*rec_str(s, SCHOOL_TOWNSHIP) != '\0')
			name = xstrdup(rec_str(s, SCHOOL_TOWNSHIP));
		rec_free(s);
	}
	rec_iter_end(&it);
	return name != NULL ? name : xstrdup(_("the township"));
}

static char *
scope_name(struct txn *t, uint32_t school)
{
	struct rec *s;
	char *name;

	if (school == 0)
		return township_name(t);
	if (rec_get(t, RT_SCHOOL, school, &s) != 0)
		return xasprintf("#%u", school);
	name = xstrdup(rec_str(s, SCHOOL_NAME));
	rec_free(s);
	return name;
}

/* The tree record's settings, copied into the struct. */
static void
tree_settings(struct txn *t, struct ct_tree *tr)
{
	free(tr->school_name);
	tr->school_name = scope_name(t, rec_ref(tr->rec, TREE_SCHOOL));
	tr->staff_limit = atoi(rec_str(tr->rec, TREE_STAFF_LIMIT));
	tr->family_limit = atoi(rec_str(tr->rec, TREE_FAMILY_LIMIT));
	tr->revision = atoi(rec_str(tr->rec, TREE_REVISION));
}

static char *
kid_label(struct txn *t, uint32_t child)
{
	struct rec *c;
	char *cl, *s;

	if (rec_get(t, RT_CHILD, child, &c) != 0)
		return xasprintf("#%u", child);
	cl = class_label(rec_str(c, CHILD_GRADE), rec_str(c, CHILD_CLASS));
	s = xasprintf("%s(%s)", rec_str(c, CHILD_NAME), cl);
	free(cl);
	rec_free(c);
	return s;
}

/* What a caller's line says of them: "班主任 三年级2班", "校长 柳树小学". */
static char *
caller_role(struct txn *t, const struct ct_tree *tr, const char *role,
    const struct rec *p)
{
	char *cl, *s, *school;

	if (*role == '\0')
		return xstrdup(_("teacher"));
	if (choice_find(role_choices, role) == NULL)
		return xstrdup(role);
	if (p != NULL && strcmp(role, "class_teacher") == 0 &&
	    *rec_str(p, STAFF_GRADE) != '\0') {
		cl = class_label(rec_str(p, STAFF_GRADE),
		    rec_str(p, STAFF_CLASS));
		s = xasprintf("%s %s", choice_label(role_choices, role), cl);
		free(cl);
		return s;
	}
	if (p != NULL && strcmp(role, "principal") == 0 &&
	    rec_ref(tr->rec, TREE_SCHOOL) == 0) {
		school = scope_name(t, rec_ref(p, STAFF_SCHOOL));
		s = xasprintf("%s %s", choice_label(role_choices, role),
		    school);
		free(school);
		return s;
	}
	return xstrdup(choice_label(role_choices, role));
}

static char *
role_shown(struct txn *t, const struct ct_tree *tr, const struct ct_node *nd,
    const struct rec *p)
{
	const char *work;

	switch (nd->kind) {
	case CT_CALLER:
		return caller_role(t, tr, nd->role, p);
	case CT_FAMILY:
		return xstrdup(choice_label(relation_choices, nd->role));
	case CT_PARENT:
		work = p != NULL && p->sc->type == RT_CONTACT ?
		    rec_str(p, CONTACT_WORKPLACE) : "";
		return xasprintf("%s%s%s", choice_label(relation_choices,
		    nd->role), *work != '\0' ? " " : "", work);
	case CT_OFFICIAL:
		if (p != NULL && p->sc->type == RT_OFFICIAL &&
		    *rec_str(p, OFFICIAL_ORG) != '\0')
			return xstrdup(rec_str(p, OFFICIAL_ORG));
		return xstrdup(choice_label(official_choices, nd->role));
	}
	return xstrdup(nd->role);
}

static void
node_display(struct txn *t, const struct ct_tree *tr, struct ct_node *nd)
{
	struct buf b = { 0 };
	struct rec *p;
	char *s, *colon;
	size_t i;

	p = person_get(t, nd->who);
	free(nd->name);
	if (p != NULL)
		nd->name = xstrdup(rec_title(p));
	else {
		colon = strchr(nd->who, ':');
		nd->name = xasprintf("#%s", colon != NULL ? colon + 1 : nd->who);
	}
	free(nd->role_shown);
	nd->role_shown = role_shown(t, tr, nd, p);
	rec_free(p);
	free(nd->backup_name);
	nd->backup_name = person_name(t, nd->backup);
	for (i = 0; i < nd->nkids; i++) {
		s = kid_label(t, nd->kids[i]);
		buf_addf(&b, "%s%s", i > 0 ? KIDS_SEP : "", s);
		free(s);
	}
	free(nd->kids_shown);
	nd->kids_shown = buf_take(&b);
}

static void
node_from_rec(struct ct_node *nd, const struct rec *r)
{
	nd->id = r->id;
	nd->seq = atoi(rec_str(r, NODE_SEQ));
	nd->kind = kind_of(rec_str(r, NODE_KIND));
	node_set(&nd->who, rec_str(r, NODE_WHO));
	node_set(&nd->role, rec_str(r, NODE_ROLE));
	node_set(&nd->phone, rec_str(r, NODE_PHONE));
	node_set(&nd->backup, rec_str(r, NODE_BACKUP));
	node_set(&nd->backup_phone, rec_str(r, NODE_BACKUP_PHONE));
	free(nd->kids);
	kids_parse(rec_str(r, NODE_CHILDREN), &nd->kids, &nd->nkids);
	nd->dirty = false;
}

/* The lines of a tree, linked (parents found by node id). */
static int
load_nodes(struct txn *t, struct ct_tree *tr, char **cause)
{
	struct idlist ids = { 0 };
	uint32_t *parents, *hit;
	struct rec *r;
	size_t i;
	int rc = 0, k;

	/* In id order, each once: the bsearch below counts on it. */
	ix_refs(t, IX_NODE_TREE, tr->rec->id, &ids);
	parents = xcalloc(ids.n ? ids.n : 1, sizeof *parents);
	for (i = 0; i < ids.n; i++) {
		if ((rc = rec_get(t, RT_NODE, ids.v[i], &r)) != 0) {
			set_cause(cause, _("%s #%u cannot be read"),
			    _(schema_of(RT_NODE)->label), ids.v[i]);
			break;
		}
		k = node_new(tr, -1, CT_CALLER, "");
		node_from_rec(&tr->nodes[k], r);
		parents[k] = rec_ref(r, NODE_PARENT);
		rec_free(r);
	}
	for (i = 0; rc == 0 && i < tr->n; i++) {
		hit = parents[i] == 0 ? NULL : bsearch(&parents[i], ids.v,
		    ids.n, sizeof *ids.v, u32_cmp);
		tr->nodes[i].parent = hit != NULL ? (int)(hit - ids.v) : -1;
	}
	free(parents);
	idl_free(&ids);
	if (rc == 0)
		relink(tr);
	return rc;
}

int
ct_load_txn(struct txn *t, uint32_t id, bool display, struct ct_tree *tr,
    char **cause)
{
	size_t i;
	int rc;

	memset(tr, 0, sizeof *tr);
	if ((rc = rec_get(t, RT_TREE, id, &tr->rec)) != 0) {
		if (rc == SH_ENOTFOUND)
			set_cause(cause, _("there is no call tree #%u"), id);
		else
			set_cause(cause, _("%s #%u cannot be read"),
			    _(schema_of(RT_TREE)->label), id);
		return rc;
	}
	tree_settings(t, tr);
	if ((rc = load_nodes(t, tr, cause)) != 0) {
		ct_free(tr);
		return rc;
	}
	for (i = 0; i < tr->n; i++) {
		tr->nchildren += tr->nodes[i].nkids;
		if (display)
			node_display(t, tr, &tr->nodes[i]);
	}
	return 0;
}

int
ct_load(struct db *db, uint32_t id, struct ct_tree *tr, char **cause)
{
	struct txn t;
	int rc;

	memset(tr, 0, sizeof *tr);
	if ((rc = txn_read(db, &t)) != 0) {
		set_cause(cause, _("cannot read the database"));
		return rc;
	}
	rc = ct_load_txn(&t, id, true, tr, cause);
	txn_end(&t);
	return rc;
}

/*
 * Follows the numbers of "1.2.3" down the tree: the first top line
 * (tops are numbered in print order, each followed by its subtree),
 * its second line, that line's third.  The position found must read
 * the same, so that "01.2" or "1..2" are not taken for "1.2".
 */
int
ct_find_pos(const struct ct_tree *tr, const char *pos)
{
	const char *p = pos;
	char *end;
	unsigned long want, at;
	int i = -1, c;

	while (*p != '\0') {
		if (*p < '0' || *p > '9')
			return -1;
		want = strtoul(p, &end, 10);
		if (i < 0) {
			for (c = 0, at = 1; (size_t)c < tr->n &&
			    tr->nodes[c].parent < 0 && at < want; at++)
				c += tr->nodes[c].size;
			if ((size_t)c >= tr->n || tr->nodes[c].parent >= 0)
				return -1;
		} else
			for (c = tr->nodes[i].first, at = 1; c >= 0 &&
			    at < want; at++)
				c = tr->nodes[c].next;
		if (c < 0 || want == 0)
			return -1;
		i = c;
		p = *end == '.' ? end + 1 : end;
		if (*end == '.' && *p == '\0')
			return -1;
	}
	return i >= 0 && tr->nodes[i].pos != NULL &&
	    strcmp(tr->nodes[i].pos, pos) == 0 ? i : -1;
}

int
ct_find_node(const struct ct_tree *tr, uint32_t node)
{
	size_t i;

	for (i = 0; i < tr->n; i++)
		if (tr->nodes[i].id == node)
			return (int)i;
	return -1;
}

static uint32_t
find_txn(struct txn *t, const char *name)
{
	struct idlist l = { 0 };
	uint32_t id;

	ix_scan(t, IX_TREE_NAME, name, strlen(name) + 1, &l);
	id = l.n > 0 ? l.v[0] : 0;
	idl_free(&l);
	return id;
}

uint32_t
ct_find(struct db *db, const char *name)
{
	struct txn t;
	uint32_t id;

	if (txn_read(db, &t) != 0)
		return 0;
	id = find_txn(&t, name);
	txn_end(&t);
	return id;
}

uint32_t
ct_find_school(struct db *db, uint32_t school)
{
	struct idlist l = { 0 };
	struct txn t;
	uint32_t id;

	if (txn_read(db, &t) != 0)
		return 0;
	ix_refs(&t, IX_TREE_SCHOOL, school, &l);
	id = l.n > 0 ? l.v[0] : 0;
	idl_free(&l);
	txn_end(&t);
	return id;
}

/* ---- the list of trees ---- */

/* One line of a drill: its primary call and, maybe, its backup call. */
struct dline {
	struct rec	*first;
	struct rec	*backup;
};

static bool
reached(const struct dline *l)
{
	return strcmp(rec_str(l->first, CALL_REACHED), "1") == 0 ||
	    (l->backup != NULL && strcmp(rec_str(l->backup, CALL_REACHED),
	    "1") == 0);
}

/* The drill's calls grouped into lines, in the order recorded. */
static size_t
drill_lines(struct txn *t, uint32_t drill, struct dline **out)
{
	struct idlist ids = { 0 };
	struct dline *v;
	struct rec *c;
	size_t i, n = 0;

	ix_refs(t, IX_CALL_DRILL, drill, &ids);
	v = xcalloc(ids.n ? ids.n : 1, sizeof *v);
	for (i = 0; i < ids.n; i++) {
		if (rec_get(t, RT_CALL, ids.v[i], &c) != 0)
			continue;
		if (strcmp(rec_str(c, CALL_BY_BACKUP), "1") == 0 && n > 0 &&
		    v[n - 1].backup == NULL && strcmp(rec_str(v[n - 1].first,
		    CALL_POSITION), rec_str(c, CALL_POSITION)) == 0) {
			v[n - 1].backup = c;
			continue;
		}
		v[n].first = c;
		v[n++].backup = NULL;
	}
	idl_free(&ids);
	*out = v;
	return n;
}

static void
dlines_free(struct dline *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		rec_free(v[i].first);
		rec_free(v[i].backup);
	}
	free(v);
}

/* The calls of a drill: lines called and reached. */
static void
drill_counts(struct txn *t, uint32_t drill, size_t *called, size_t *ok)
{
	struct dline *lines;
	size_t i, n;

	n = drill_lines(t, drill, &lines);
	*called = n;
	for (*ok = 0, i = 0; i < n; i++)
		*ok += reached(&lines[i]);
	dlines_free(lines, n);
}

static void
info_fill(struct txn *t, uint32_t id, struct ct_info *in)
{
	struct ct_tree tr;
	struct idlist drills = { 0 };
	struct rec *d;

	memset(in, 0, sizeof *in);
	in->id = id;
	in->drill_date = xstrdup("");
	if (ct_load_txn(t, id, false, &tr, NULL) != 0) {
		in->name = xasprintf("#%u", id);
		in->school = xstrdup("");
		return;
	}
	in->name = xstrdup(rec_str(tr.rec, TREE_NAME));
	in->school = xstrdup(tr.school_name);
	in->revision = tr.revision;
	in->lines = tr.n;
	in->children = tr.nchildren;
	ct_free(&tr);
	ix_refs(t, IX_DRILL_TREE, id, &drills);
	if (drills.n > 0 && rec_get(t, RT_DRILL, drills.v[drills.n - 1],
	    &d) == 0) {
		in->drill = d->id;
		free(in->drill_date);
		in->drill_date = xasprintf("%s %s", rec_str(d, DRILL_DATE),
		    rec_str(d, DRILL_START));
		drill_counts(t, d->id, &in->drill_called, &in->drill_reached);
		rec_free(d);
	}
	idl_free(&drills);
}

int
ct_list(struct db *db, bool all, uint32_t school, struct ct_info **out,
    size_t *n, char **cause)
{
	struct idlist ids = { 0 };
	struct kv_cursor c;
	struct txn t;
	size_t i;
	bool ok;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = txn_read(db, &t)) != 0) {
		set_cause(cause, _("cannot read the database"));
		return rc;
	}
	if (all) {
		for (ok = kv_first(&t, DBI_TREE, NULL, 0, &c); ok;
		    ok = kv_next(&c))
			if (c.key.mv_size == 4)
				idl_add(&ids, get_u32be(c.key.mv_data));
		kv_close(&c);
	} else
		ix_refs(&t, IX_TREE_SCHOOL, school, &ids);
	idl_uniq(&ids);
	*out = xcalloc(ids.n ? ids.n : 1, sizeof **out);
	for (i = 0; i < ids.n; i++)
		info_fill(&t, ids.v[i], &(*out)[i]);
	*n = ids.n;
	idl_free(&ids);
	txn_end(&t);
	return 0;
}

void
ct_list_free(struct ct_info *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].school);
		free(v[i].drill_date);
	}
	free(v);
}

/* ---- the rules ---- */

/* "1.2.3 王丽", for messages about a line. */
static char *
line_label(struct txn *t, const struct ct_tree *tr, size_t i)
{
	const struct ct_node *nd = &tr->nodes[i];
	char *name, *s;

	name = nd->name != NULL ? xstrdup(nd->name) : person_name(t, nd->who);
	s = xasprintf("%s %s", nd->pos != NULL ? nd->pos : "?", name);
	free(name);
	return s;
}

/* The kind of person each kind of line calls, and who may call it. */
static bool
kind_fits(const struct ct_tree *tr, size_t i)
{
	const struct ct_node *nd = &tr->nodes[i];
	enum ct_kind up = nd->parent >= 0 ? tr->nodes[nd->parent].kind :
	    CT_CALLER;
	enum rtype type;
	uint32_t id;

	if (!person_parse(nd->who, &type, &id))
		return false;
	switch (nd->kind) {
	case CT_CALLER:
		return type == RT_STAFF && (up == CT_CALLER ||
		    up == CT_OFFICIAL);
	case CT_FAMILY:
		return type == RT_CONTACT && nd->parent >= 0 &&
		    (up == CT_CALLER || up == CT_OFFICIAL);
	case CT_PARENT:
		return type == RT_CONTACT && nd->parent >= 0 &&
		    up == CT_FAMILY;
	case CT_OFFICIAL:
		return type == RT_OFFICIAL && (up == CT_CALLER ||
		    up == CT_OFFICIAL);
	}
	return false;
}

struct whokey {
	const char	*who;
	size_t		 i;
};

static int
whokey_cmp(const void *a, const void *b)
{
	const struct whokey *x = a, *y = b;
	int c = strcmp(x->who, y->who);

	if (c != 0)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

static size_t
check_people(struct txn *t, const struct ct_tree *tr, struct ct_msgs *m)
{
	struct whokey *k = xcalloc(tr->n ? tr->n : 1, sizeof *k);
	size_t i, bad = 0;
	char *a, *b;

	for (i = 0; i < tr->n; i++) {
		k[i].who = tr->nodes[i].who;
		k[i].i = i;
	}
	qsort(k, tr->n, sizeof *k, whokey_cmp);
	for (i = 1; i < tr->n; i++)
		if (strcmp(k[i].who, k[i - 1].who) == 0) {
			a = line_label(t, tr, k[i - 1].i);
			b = line_label(t, tr, k[i].i);
			msg_add(m, _("the same person is on two lines: %s "
			    "and %s"), a, b);
			free(a);
			free(b);
			bad++;
		}
	free(k);
	return bad;
}

/* Adds "1.2.3 王丽: <what>". */
static void SH_PRINTF(5, 6)
line_msg(struct txn *t, const struct ct_tree *tr, size_t i,
    struct ct_msgs *m, const char *fmt, ...)
{
	va_list ap;
	char *what, *l;

	va_start(ap, fmt);
	what = xvasprintf(fmt, ap);
	va_end(ap);
	l = line_label(t, tr, i);
	msg_add(m, "%s: %s", l, what);
	free(l);
	free(what);
}

/* The problems a single line can have, as bits. */
enum {
	LP_KIND = 1 << 0,	/* cannot be called by the line above */
	LP_GONE = 1 << 1,	/* the person is no longer in the records */
	LP_STAFF = 1 << 2,	/* calls more staff than the limit */
	LP_FAMILIES = 1 << 3,	/* calls more families than the limit */
	LP_SAME_NUMBER = 1 << 4, /* the backup is the same number */
	LP_SAME_PERSON = 1 << 5, /* the backup is the same person */
	LP_NO_CHILD = 1 << 6	/* a family line for no child */
};

/*
 * The problems of line i, as LP_* bits.  Adds a message to m (when not
 * NULL) for each problem not among known; returns how many it added.
 */
static size_t
check_line(struct txn *t, const struct ct_tree *tr, size_t i,
    unsigned known, struct ct_msgs *m, unsigned *found)
{
	const struct ct_node *nd = &tr->nodes[i];
	size_t staff = 0, fams = 0;
	unsigned bits = 0, tell;
	enum rtype type;
	uint32_t id;
	int c;

	if (!kind_fits(tr, i))
		bits |= LP_KIND;
	if (!person_parse(nd->who, &type, &id) || !rec_exists(t, type, id))
		bits |= LP_GONE;
	for (c = nd->first; c >= 0; c = tr->nodes[c].next) {
		if (tr->nodes[c].kind == CT_CALLER)
			staff++;
		else if (tr->nodes[c].kind == CT_FAMILY)
			fams++;
	}
	if (staff > (size_t)tr->staff_limit)
		bits |= LP_STAFF;
	if (fams > (size_t)tr->family_limit)
		bits |= LP_FAMILIES;
	if (*nd->backup_phone != '\0' && same_phone(nd->backup_phone,
	    nd->phone))
		bits |= LP_SAME_NUMBER;
	else if (*nd->backup != '\0' && strcmp(nd->backup, nd->who) == 0 &&
	    *nd->backup_phone == '\0')
		bits |= LP_SAME_PERSON;
	if (nd->kind == CT_FAMILY && nd->nkids == 0)
		bits |= LP_NO_CHILD;
	if (found != NULL)
		*found = bits;
	tell = m != NULL ? bits & ~known : 0;
	if (tell & LP_KIND)
		line_msg(t, tr, i, m, "%s", _("a line of this kind cannot be "
		    "called by the line above it"));
	if (tell & LP_GONE)
		line_msg(t, tr, i, m, "%s", _("the person is no longer in the "
		    "records"));
	if (tell & LP_STAFF)
		line_msg(t, tr, i, m, _("calls %zu staff, more than %d"),
		    staff, tr->staff_limit);
	if (tell & LP_FAMILIES)
		line_msg(t, tr, i, m, _("calls %zu families, more than %d"),
		    fams, tr->family_limit);
	if (tell & LP_SAME_NUMBER)
		line_msg(t, tr, i, m, "%s", _("the backup is the same number"));
	if (tell & LP_SAME_PERSON)
		line_msg(t, tr, i, m, "%s", _("the backup is the same person"));
	if (tell & LP_NO_CHILD)
		line_msg(t, tr, i, m, "%s", _("a family line for no child"));
	for (c = 0; tell != 0; tell &= tell - 1)
		c++;
	return (size_t)c;
}

/* The active children a tree must hold, sorted. */
static void
scope_children(struct txn *t, const struct rec *tree, struct idlist *out)
{
	struct idlist schools = { 0 }, kids = { 0 };
	uint32_t school = rec_ref(tree, TREE_SCHOOL);
	bool boarding = strcmp(rec_str(tree, TREE_BY), "boarding") == 0;
	struct kv_cursor c;
	struct rec *r;
	size_t i;
	bool ok;

	if (school != 0)
		idl_add(&schools, school);
	else {
		for (ok = kv_first(t, DBI_SCHOOL, NULL, 0, &c); ok;
		    ok = kv_next(&c))
			if (c.key.mv_size == 4)
				idl_add(&schools, get_u32be(c.key.mv_data));
		kv_close(&c);
	}
	for (i = 0; i < schools.n; i++)
		children_of_class(t, schools.v[i], NULL, NULL, &kids);
	for (i = 0; i < kids.n; i++) {
		if (rec_get(t, RT_CHILD, kids.v[i], &r) != 0)
			continue;
		if (strcmp(rec_str(r, CHILD_STATUS), "in_school") == 0 &&
		    (!boarding || strcmp(rec_str(r, CHILD_BOARDING), "1") == 0))
			idl_add(out, r->id);
		rec_free(r);
	}
	idl_uniq(out);
	idl_free(&schools);
	idl_free(&kids);
}

struct kidkey {
	uint32_t	child;
	size_t		i;
};

static int
kidkey_cmp(const void *a, const void *b)
{
	const struct kidkey *x = a, *y = b;

	if (x->child != y->child)
		return x->child < y->child ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static size_t
check_children(struct txn *t, const struct ct_tree *tr, struct ct_msgs *m)
{
	struct idlist active = { 0 }, seen = { 0 };
	struct kidkey *k;
	size_t i, j, n = 0, bad = 0;
	char *a, *b, *kid;

	for (i = 0; i < tr->n; i++)
		n += tr->nodes[i].nkids;
	k = xcalloc(n ? n : 1, sizeof *k);
	for (i = 0, n = 0; i < tr->n; i++)
		for (j = 0; j < tr->nodes[i].nkids; j++) {
			k[n].child = tr->nodes[i].kids[j];
			k[n++].i = i;
		}
	qsort(k, n, sizeof *k, kidkey_cmp);
	scope_children(t, tr->rec, &active);
	for (i = 0; i < n; i++) {
		if (i > 0 && k[i].child == k[i - 1].child) {
			kid = kid_label(t, k[i].child);
			a = line_label(t, tr, k[i - 1].i);
			b = line_label(t, tr, k[i].i);
			msg_add(m, _("%s is on two lines: %s and %s"), kid, a, b);
			free(kid);
			free(a);
			free(b);
			bad++;
			continue;
		}
		idl_add(&seen, k[i].child);
		if (!idl_has(&active, k[i].child)) {
			kid = kid_label(t, k[i].child);
			a = line_label(t, tr, k[i].i);
			msg_add(m, _("%s (on line %s) is no longer a child in "
			    "school here: make the tree again"), kid, a);
			free(kid);
			free(a);
			bad++;
		}
	}
	idl_uniq(&seen);
	for (i = 0; i < active.n; i++)
		if (!idl_has(&seen, active.v[i])) {
			kid = kid_label(t, active.v[i]);
			msg_add(m, _("%s is not in the tree: make the tree "
			    "again"), kid);
			free(kid);
			bad++;
		}
	free(k);
	idl_free(&active);
	idl_free(&seen);
	return bad;
}

size_t
ct_check(struct txn *t, const struct ct_tree *tr, bool children,
    struct ct_msgs *m)
{
	size_t i, bad = 0, tops = 0;

	if (tr->n == 0) {
		msg_add(m, "%s", _("the tree has no lines"));
		return 1;
	}
	for (i = 0; i < tr->n; i++)
		if (tr->nodes[i].parent < 0)
			tops++;
	if (tops != 1) {
		msg_add(m, _("the tree has %zu top lines, not one"), tops);
		bad++;
	}
	/* In print order, the top's subtree is every line it reaches. */
	for (i = (size_t)tr->nodes[0].size; i < tr->n; i++) {
		if (tr->nodes[i].parent < 0)
			continue;
		line_msg(t, tr, i, m, "%s", _("cannot be reached from the top "
		    "(a loop)"));
		bad++;
	}
	bad += check_people(t, tr, m);
	for (i = 0; i < tr->n; i++)
		bad += check_line(t, tr, i, 0, m, NULL);
	if (children)
		bad += check_children(t, tr, m);
	return bad;
}

int
ct_validate(struct db *db, uint32_t id, struct ct_msgs *m, char **cause)
{
	struct ct_tree tr;
	struct txn t;
	int rc;

	if ((rc = txn_read(db, &t)) != 0) {
		set_cause(cause, _("cannot read the database"));
		return rc;
	}
	if ((rc = ct_load_txn(&t, id, true, &tr, cause)) == 0) {
		ct_check(&t, &tr, true, m);
		ct_free(&tr);
	}
	txn_end(&t);
	return rc;
}

/* ---- making a tree ---- */

/* A small map from record ids to indexes (open addressing). */
struct u32map {
	uint32_t	*k;
	int		*v;
	size_t		 cap;
	size_t		 n;
};

static int
map_get(const struct u32map *m, uint32_t key)
{
	size_t i;

	if (m->cap == 0 || key == 0)
		return -1;
	for (i = (key * 2654435761u) & (m->cap - 1); m->k[i] != 0;
	    i = (i + 1) & (m->cap - 1))
		if (m->k[i] == key)
			return m->v[i];
	return -1;
}

static void
map_put(struct u32map *m, uint32_t key, int val)
{
	struct u32map big;
	size_t i;

	if ((m->n + 1) * 2 > m->cap) {
		big.cap = m->cap ? m->cap * 2 : 64;
		big.n = 0;
		big.k = xcalloc(big.cap, sizeof *big.k);
		big.v = xcalloc(big.cap, sizeof *big.v);
		for (i = 0; i < m->cap; i++)
			if (m->k[i] != 0)
				map_put(&big, m->k[i], m->v[i]);
		free(m->k);
		free(m->v);
		*m = big;
	}
	for (i = (key * 2654435761u) & (m->cap - 1); m->k[i] != 0 &&
	    m->k[i] != key; i = (i + 1) & (m->cap - 1))
		;
	if (m->k[i] == 0)
		m->n++;
	m->k[i] = key;
	m->v[i] = val;
}

static void
map_free(struct u32map *m)
{
	free(m->k);
	free(m->v);
	memset(m, 0, sizeof *m);
}

struct gparent {
	uint32_t	 contact;
	const char	*relation;
	char		*phone;
	char		*backup_phone;
};

struct gfamily {
	int		 school;	/* index in gen.schools */
	int		 group;
	uint32_t	 contact;	/* the person called; 0: nobody */
	const char	*relation;
	char		*phone;		/* "": a home visit */
	char		*backup;
	char		*backup_phone;
	struct idlist	 kids;
	struct idlist	 mentors;	/* staff indexes */
	struct gparent	*parents;
	size_t		 nparents;
	int		 caller;	/* staff index, -1 */
};

struct gschool {
	struct rec	*rec;
	int		 principal;	/* staff index, -1 */
	size_t		 staff0, staff1; /* its staff: [staff0, staff1) */
	size_t		 nfams;
};

struct gstaff {
	struct rec	*rec;
	int		 school;
	int		 load;		/* families to call */
	int		 group;		/* the group it is called with, -1 */
	int		 helps;		/* the group it last helped, -1 */
	int		 node;		/* its line, -1 */
	bool		 principal;
	bool		 calls;		/* a caller in the tree */
};

struct ggroup {
	int		 school;
	char		*key;
	int		 teacher;	/* the class teacher, -1 */
	int		 head;		/* -1 */
};

struct gen {
	struct txn		*t;
	struct ct_genres	*res;
	const char		*by;
	int			 staff_limit;
	int			 family_limit;
	const char		*today;
	bool			 township;
	struct gschool		*schools;
	size_t			 nschools;
	struct gstaff		*staff;
	size_t			 nstaff;
	struct u32map		 staff_ix;
	struct ggroup		*groups;
	size_t			 ngroups;
	struct gfamily		*fams;
	size_t			 nfams;
	struct u32map		 fam_ix;	/* contact -> family */
	struct rec		**officials;
	size_t			 nofficials;
	int			 top;		/* staff index */
	struct ct_tree		*tr;
};

static void
gen_free(struct gen *g)
{
	size_t i, j;

	for (i = 0; i < g->nschools; i++)
		rec_free(g->schools[i].rec);
	free(g->schools);
	for (i = 0; i < g->nstaff; i++)
		rec_free(g->staff[i].rec);
	free(g->staff);
	map_free(&g->staff_ix);
	for (i = 0; i < g->ngroups; i++)
		free(g->groups[i].key);
	free(g->groups);
	for (i = 0; i < g->nfams; i++) {
		struct gfamily *f = &g->fams[i];

		free(f->phone);
		free(f->backup);
		free(f->backup_phone);
		idl_free(&f->kids);
		idl_free(&f->mentors);
		for (j = 0; j < f->nparents; j++) {
			free(f->parents[j].phone);
			free(f->parents[j].backup_phone);
		}
		free(f->parents);
	}
	free(g->fams);
	map_free(&g->fam_ix);
	for (i = 0; i < g->nofficials; i++)
		rec_free(g->officials[i]);
	free(g->officials);
}

/* Is key in a set value ("principal,leader")? */
static bool
set_has(const char *set, const char *key)
{
	size_t n = strlen(key);
	const char *p;

	for (p = set; (p = strstr(p, key)) != NULL; p += n)
		if ((p == set || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

static void
gen_staff(struct gen *g, int si)
{
	struct gschool *s = &g->schools[si];
	struct idlist ids = { 0 };
	struct rec *r;
	size_t i;
	int leader = -1;

	ix_refs(g->t, IX_STAFF_SCHOOL, s->rec->id, &ids);
	s->staff0 = g->nstaff;
	s->principal = -1;
	for (i = 0; i < ids.n; i++) {
		if (rec_get(g->t, RT_STAFF, ids.v[i], &r) != 0)
			continue;
		g->staff = xreallocarray(g->staff, g->nstaff + 1,
		    sizeof *g->staff);
		memset(&g->staff[g->nstaff], 0, sizeof *g->staff);
		g->staff[g->nstaff].rec = r;
		g->staff[g->nstaff].school = si;
		g->staff[g->nstaff].group = -1;
		g->staff[g->nstaff].helps = -1;
		g->staff[g->nstaff].node = -1;
		map_put(&g->staff_ix, r->id, (int)g->nstaff);
		if (s->principal < 0 && set_has(rec_str(r, STAFF_ROLES),
		    "principal"))
			s->principal = (int)g->nstaff;
		if (leader < 0 && set_has(rec_str(r, STAFF_ROLES), "leader"))
			leader = (int)g->nstaff;
		g->nstaff++;
	}
	s->staff1 = g->nstaff;
	if (s->principal < 0)
		s->principal = leader;
	if (s->principal >= 0)
		g->staff[s->principal].principal = true;
	idl_free(&ids);
}

static int
gen_schools(struct gen *g, uint32_t school, char **cause)
{
	struct rec_iter it;
	struct rec *r;
	int rc;

	if (!g->township) {
		if ((rc = rec_get(g->t, RT_SCHOOL, school, &r)) != 0) {
			set_cause(cause, _("there is no school #%u"), school);
			return rc;
		}
		g->schools = xcalloc(1, sizeof *g->schools);
		g->schools[g->nschools++].rec = r;
	} else {
		rec_iter_start(g->t, RT_SCHOOL, &it);
		while ((r = rec_iter_next(&it)) != NULL) {
			g->schools = xreallocarray(g->schools, g->nschools + 1,
			    sizeof *g->schools);
			memset(&g->schools[g->nschools], 0, sizeof *g->schools);
			g->schools[g->nschools++].rec = r;
		}
		rec_iter_end(&it);
	}
	for (size_t i = 0; i < g->nschools; i++)
		gen_staff(g, (int)i);
	rec_iter_start(g->t, RT_OFFICIAL, &it);
	while ((r = rec_iter_next(&it)) != NULL) {
		g->officials = xreallocarray(g->officials, g->nofficials + 1,
		    sizeof *g->officials);
		g->officials[g->nofficials++] = r;
	}
	rec_iter_end(&it);
	return 0;
}

/* The first official of a kind (of a village, when given), or NULL. */
static const struct rec *
official_of(const struct gen *g, const char *kind, const char *village)
{
	size_t i;

	for (i = 0; i < g->nofficials; i++)
		if (strcmp(rec_str(g->officials[i], OFFICIAL_KIND), kind) == 0 &&
		    (village == NULL || (*village != '\0' && strcmp(village,
		    rec_str(g->officials[i], OFFICIAL_VILLAGE)) == 0)))
			return g->officials[i];
	return NULL;
}

/* The group of a child: its class, village or (boarders) grade. */
static int
gen_group(struct gen *g, int si, const struct rec *c)
{
	struct ggroup *gr;
	struct gstaff *st;
	char *key;
	size_t i;

	if (strcmp(g->by, "village") == 0)
		key = xstrdup(rec_str(c, CHILD_VILLAGE));
	else if (strcmp(g->by, "boarding") == 0)
		key = xstrdup(rec_str(c, CHILD_GRADE));
	else
		key = xasprintf("%s\x01%s", rec_str(c, CHILD_GRADE),
		    rec_str(c, CHILD_CLASS));
	for (i = g->ngroups; i-- > 0;)
		if (g->groups[i].school == si && strcmp(g->groups[i].key,
		    key) == 0) {
			free(key);
			return (int)i;
		}
	g->groups = xreallocarray(g->groups, g->ngroups + 1,
	    sizeof *g->groups);
	gr = &g->groups[g->ngroups];
	gr->school = si;
	gr->key = key;
	gr->teacher = gr->head = -1;
	if (strcmp(g->by, "class") == 0)
		for (i = g->schools[si].staff0; i < g->schools[si].staff1;
		    i++) {
			st = &g->staff[i];
			if (strcmp(rec_str(st->rec, STAFF_GRADE),
			    rec_str(c, CHILD_GRADE)) == 0 &&
			    strcmp(rec_str(st->rec, STAFF_CLASS),
			    rec_str(c, CHILD_CLASS)) == 0) {
				gr->teacher = (int)i;
				break;
			}
		}
	return (int)g->ngroups++;
}

/* "张三(三年级2班)" and, in a township, the school. */
static char *
child_label(struct gen *g, const struct rec *c, int si)
{
	char *cl = class_label(rec_str(c, CHILD_GRADE), rec_str(c,
	    CHILD_CLASS)), *s;

	if (g->township)
		s = xasprintf("%s(%s %s)", rec_str(c, CHILD_NAME),
		    rec_str(g->schools[si].rec, SCHOOL_NAME), cl);
	else
		s = xasprintf("%s(%s)", rec_str(c, CHILD_NAME), cl);
	free(cl);
	return s;
}

static struct gfamily *
fam_new(struct gen *g, int si, int group, uint32_t contact)
{
	struct gfamily *f;

	g->fams = xreallocarray(g->fams, g->nfams + 1, sizeof *g->fams);
	f = &g->fams[g->nfams];
	memset(f, 0, sizeof *f);
	f->school = si;
	f->group = group;
	f->contact = contact;
	f->relation = "";
	f->phone = xstrdup("");
	f->backup = xstrdup("");
	f->backup_phone = xstrdup("");
	f->caller = -1;
	if (contact != 0)
		map_put(&g->fam_ix, contact, (int)g->nfams);
	g->nfams++;
	g->schools[si].nfams++;
	return f;
}

static const char *
relation_key(const struct rec *link)
{
	const struct choice *c = choice_find(relation_choices,
	    rec_str(link, LINK_RELATION));

	return c != NULL ? c->key : "other";
}

/* The backup of a family: the next contact, the director, another phone. */
static void
fam_backup(struct gen *g, struct gfamily *f, const struct card *card,
    size_t prim, const struct rec *child)
{
	const struct rec *c = card->lines[prim].contact, *d;
	const char *ph;
	size_t j;

	for (j = prim + 1; j < card->n; j++) {
		ph = rec_first_phone(card->lines[j].contact);
		if (*ph != '\0' && !same_phone(ph, f->phone)) {
			free(f->backup);
			f->backup = person_make(RT_CONTACT,
			    card->lines[j].contact->id);
			node_set(&f->backup_phone, ph);
			return;
		}
	}
	d = official_of(g, "director", rec_str(child, CHILD_VILLAGE));
	if (d != NULL && !same_phone(rec_str(d, OFFICIAL_PHONE), f->phone)) {
		free(f->backup);
		f->backup = person_make(RT_OFFICIAL, d->id);
		node_set(&f->backup_phone, rec_str(d, OFFICIAL_PHONE));
		return;
	}
	if (*f->phone != '\0')
		node_set(&f->backup_phone, rec_other_phone(c, f->phone));
}

/* The parents working away, called after the family. */
static void
fam_parents(struct gfamily *f, const struct card *card, size_t prim)
{
	const struct rec *c;
	const char *rel, *ph;
	struct gparent *p;
	size_t j;

	for (j = 0; j < card->n; j++) {
		c = card->lines[j].contact;
		rel = relation_key(card->lines[j].link);
		ph = rec_first_phone(c);
		if (j == prim || *ph == '\0' || *rec_str(c,
		    CONTACT_WORKPLACE) == '\0' || (strcmp(rel, "father") != 0 &&
		    strcmp(rel, "mother") != 0))
			continue;
		f->parents = xreallocarray(f->parents, f->nparents + 1,
		    sizeof *f->parents);
		p = &f->parents[f->nparents++];
		p->contact = c->id;
		p->relation = rel;
		p->phone = xstrdup(ph);
		p->backup_phone = xstrdup(rec_other_phone(c, ph));
	}
}

static int
mentor_of(struct gen *g, uint32_t child, int si)
{
	struct rec *pair = child_mentor_pair(g->t, child, g->today);
	int s = -1;

	if (pair != NULL) {
		s = map_get(&g->staff_ix, rec_ref(pair, PAIR_STAFF));
		if (s >= 0 && g->staff[s].school != si)
			s = -1;
		rec_free(pair);
	}
	return s;
}

/* One child: into its family (new or shared with siblings). */
static int
gen_child(struct gen *g, int si, const struct rec *c)
{
	struct gfamily *f;
	struct card card;
	size_t prim, j;
	int rc, fi, mentor;
	char *label;

	if ((rc = child_card(g->t, c->id, &card)) != 0)
		return rc;
	mentor = mentor_of(g, c->id, si);
	for (prim = 0; prim < card.n; prim++)
		if (*rec_first_phone(card.lines[prim].contact) != '\0')
			break;
	label = NULL;
	if (card.n == 0) {
		f = fam_new(g, si, gen_group(g, si, c), 0);
		label = child_label(g, c, si);
		msg_add(&g->res->problems, _("%s: nobody on the contact card: "
		    "a home visit, written on the caller's line"), label);
	} else {
		if (prim == card.n) {
			prim = 0;
			label = child_label(g, c, si);
			msg_add(&g->res->problems, _("%s: no phone on the "
			    "contact card: a home visit (the line has no "
			    "phone)"), label);
		}
		fi = map_get(&g->fam_ix, card.lines[prim].contact->id);
		if (fi >= 0)
			f = &g->fams[fi];
		else {
			f = fam_new(g, si, gen_group(g, si, c),
			    card.lines[prim].contact->id);
			f->relation = relation_key(card.lines[prim].link);
			node_set(&f->phone, rec_first_phone(
			    card.lines[prim].contact));
			fam_backup(g, f, &card, prim, c);
			fam_parents(f, &card, prim);
		}
	}
	free(label);
	idl_add(&f->kids, c->id);
	if (mentor >= 0) {
		for (j = 0; j < f->mentors.n && f->mentors.v[j] !=
		    (uint32_t)mentor; j++)
			;
		if (j == f->mentors.n)
			idl_add(&f->mentors, (uint32_t)mentor);
	}
	card_free(&card);
	return 0;
}

static int
gen_children(struct gen *g)
{
	struct idlist ids = { 0 };
	struct rec *c;
	size_t si, i;
	bool boarding = strcmp(g->by, "boarding") == 0;
	int rc = 0;

	for (si = 0; si < g->nschools && rc == 0; si++) {
		children_of_class(g->t, g->schools[si].rec->id, NULL, NULL,
		    &ids);
		for (i = 0; i < ids.n && rc == 0; i++) {
			if (rec_get(g->t, RT_CHILD, ids.v[i], &c) != 0)
				continue;
			if (strcmp(rec_str(c, CHILD_STATUS), "in_school") == 0 &&
			    (!boarding || strcmp(rec_str(c, CHILD_BOARDING),
			    "1") == 0)) {
				rc = gen_child(g, (int)si, c);
				g->res->children++;
			}
			rec_free(c);
		}
		ids.n = 0;
	}
	idl_free(&ids);
	return rc;
}

/*
 * Every school with families needs a principal (or leader) and enough
 * staff for the limit; the limit is raised when they are too few.
 */
static int
gen_capacity(struct gen *g, char **cause)
{
	struct gschool *s;
	size_t si, nstaff, need, limit = (size_t)g->family_limit;

	for (si = 0; si < g->nschools; si++) {
		s = &g->schools[si];
		if (s->nfams == 0)
			continue;
		nstaff = s->staff1 - s->staff0;
		if (s->principal < 0) {
			set_cause(cause, _("%s has no principal or member of the "
			    "leadership group among its staff to start the "
			    "calls: give a staff member the role principal"),
			    rec_str(s->rec, SCHOOL_NAME));
			return SH_EINVAL;
		}
		need = (s->nfams + nstaff - 1) / nstaff;
		if (need > limit)
			limit = need;
	}
	if (limit > 40) {
		set_cause(cause, _("too few staff: a caller would have %zu "
		    "families to call, and at most 40 can be on one list"),
		    limit);
		return SH_EINVAL;
	}
	if (limit > (size_t)g->family_limit) {
		msg_add(&g->res->notes, _("The staff are too few for %d "
		    "families each: at most %zu families each in this tree."),
		    g->family_limit, limit);
		g->family_limit = (int)limit;
	}
	return 0;
}

static void
assign(struct gen *g, struct gfamily *f, int s)
{
	f->caller = s;
	g->staff[s].load++;
	g->staff[s].helps = f->group;
}

/* A helper of the family's school with room, as the essay says. */
static int
helper(struct gen *g, const struct gfamily *f)
{
	const struct gschool *sc = &g->schools[f->school];
	int best = -1, same = -1;
	size_t i;

	for (i = sc->staff0; i < sc->staff1; i++) {
		const struct gstaff *st = &g->staff[i];

		if (st->load >= g->family_limit || st->principal)
			continue;
		if (st->helps == f->group && (same < 0 ||
		    st->load < g->staff[same].load))
			same = (int)i;
		if (best < 0 || st->load < g->staff[best].load)
			best = (int)i;
	}
	if (same >= 0)
		return same;
	if (best >= 0)
		return best;
	return sc->principal >= 0 && g->staff[sc->principal].load <
	    g->family_limit ? sc->principal : -1;
}

static int
gen_assign(struct gen *g, char **cause)
{
	struct gfamily *f;
	size_t i, j;
	int s;

	for (i = 0; i < g->nfams; i++) {
		f = &g->fams[i];
		for (j = 0; j < f->mentors.n && f->caller < 0; j++) {
			s = (int)f->mentors.v[j];
			if (g->staff[s].load < g->family_limit)
				assign(g, f, s);
		}
	}
	for (i = 0; i < g->nfams; i++) {
		f = &g->fams[i];
		s = g->groups[f->group].teacher;
		if (f->caller < 0 && s >= 0 && g->staff[s].load <
		    g->family_limit)
			assign(g, f, s);
	}
	for (i = 0; i < g->nfams; i++) {
		f = &g->fams[i];
		if (f->caller >= 0)
			continue;
		if ((s = helper(g, f)) < 0) {
			set_cause(cause, "%s", _("too few staff to call every "
			    "family"));
			return SH_EINVAL;
		}
		assign(g, f, s);
	}
	return 0;
}

/* Which group each caller is called with, and each group's head. */
static void
gen_groups(struct gen *g)
{
	size_t i, j, best;
	int *count = xcalloc(g->ngroups ? g->ngroups : 1, sizeof *count);
	int s, t;

	for (i = 0; i < g->nfams; i++)
		g->staff[g->fams[i].caller].calls = true;
	for (i = 0; i < g->ngroups; i++) {
		t = g->groups[i].teacher;
		if (t >= 0 && !g->staff[t].principal) {
			g->staff[t].calls = true;
			g->staff[t].group = (int)i;
		}
	}
	for (s = 0; s < (int)g->nstaff; s++) {
		if (!g->staff[s].calls || g->staff[s].principal ||
		    g->staff[s].group >= 0)
			continue;
		memset(count, 0, g->ngroups * sizeof *count);
		for (i = 0; i < g->nfams; i++)
			if (g->fams[i].caller == s)
				count[g->fams[i].group]++;
		for (best = 0, j = 1; j < g->ngroups; j++)
			if (count[j] > count[best])
				best = j;
		g->staff[s].group = (int)best;
	}
	for (i = 0; i < g->ngroups; i++) {
		t = g->groups[i].teacher;
		if (t >= 0 && g->staff[t].group == (int)i)
			g->groups[i].head = t;
		else
			for (s = 0; s < (int)g->nstaff; s++)
				if (g->staff[s].group == (int)i &&
				    (g->groups[i].head < 0 || g->staff[s].load >
				    g->staff[g->groups[i].head].load))
					g->groups[i].head = s;
	}
	free(count);
}

/* The role a staff member's line shows. */
static const char *
staff_role(const struct gstaff *st)
{
	static const char *const order[] = { "leader", "mentor",
	    "counsellor" };
	size_t i;

	if (st->principal)
		return "principal";
	if (*rec_str(st->rec, STAFF_GRADE) != '\0')
		return "class_teacher";
	for (i = 0; i < nitems(order); i++)
		if (set_has(rec_str(st->rec, STAFF_ROLES), order[i]))
			return order[i];
	return "";
}

static int
staff_node(struct gen *g, int s, int parent)
{
	struct gstaff *st = &g->staff[s];
	char *who = person_make(RT_STAFF, st->rec->id);
	int k = node_new(g->tr, parent, CT_CALLER, who);

	free(who);
	node_set(&g->tr->nodes[k].role, staff_role(st));
	node_set(&g->tr->nodes[k].phone, rec_str(st->rec, STAFF_PHONE));
	if (*rec_str(st->rec, STAFF_PHONE) == '\0')
		msg_add(&g->res->notes, _("%s (staff) has no phone: whoever "
		    "calls them cannot reach them."), rec_str(st->rec,
		    STAFF_NAME));
	st->node = k;
	return k;
}

static int
staff_kids(const struct ct_tree *tr, int node)
{
	size_t i;
	int n = 0;

	for (i = 0; i < tr->n; i++)
		if (tr->nodes[i].parent == node &&
		    tr->nodes[i].kind == CT_CALLER)
			n++;
	return n;
}

/*
 * Puts staff under a line as a balanced phone tree, breadth first: the
 * line takes at most cap of them, each of them at most its own cap of
 * the rest.
 */
static void
fill(struct gen *g, int parent, int cap, const int *items, const int *caps,
    size_t n)
{
	int *q = xcalloc(n + 1, sizeof *q), *room = xcalloc(n + 1,
	    sizeof *room);
	size_t j, qi = 0, qn = 0;

	q[qn] = parent;
	room[qn++] = cap > 0 ? cap : 1;
	for (j = 0; j < n; j++) {
		while (room[qi] <= 0)
			qi++;
		room[qi]--;
		q[qn] = staff_node(g, items[j], q[qi]);
		room[qn++] = caps[j] > 0 ? caps[j] : 1;
	}
	free(q);
	free(room);
}

/* The heads of a school's groups, and the members of a head's group. */
static size_t
school_heads(struct gen *g, int si, int *out)
{
	size_t i, j, n = 0;
	int h;

	for (i = 0; i < g->ngroups; i++) {
		h = g->groups[i].head;
		if (g->groups[i].school != si || h < 0)
			continue;
		for (j = 0; j < n && out[j] != h; j++)
			;
		if (j == n)
			out[n++] = h;
	}
	return n;
}

static size_t
members(struct gen *g, int head, int *out)
{
	const struct gschool *sc = &g->schools[g->staff[head].school];
	size_t i, n = 0;
	int grp = g->staff[head].group;

	for (i = sc->staff0; i < sc->staff1; i++)
		if ((int)i != head && g->staff[i].calls &&
		    !g->staff[i].principal && g->staff[i].group == grp &&
		    g->groups[grp].head == head)
			out[n++] = (int)i;
	return n;
}

static void
gen_staff_tree(struct gen *g)
{
	int *items = xcalloc(g->nstaff + 1, sizeof *items);
	int *caps = xcalloc(g->nstaff + 1, sizeof *caps);
	int *heads = xcalloc(g->nstaff + 1, sizeof *heads);
	int *mem = xcalloc(g->nstaff + 1, sizeof *mem);
	int k = g->staff_limit, top, topschool, node;
	size_t si, n = 0, nh, h, j;

	top = staff_node(g, g->top, -1);
	topschool = g->staff[g->top].school;
	/* A township: the other schools' principals first. */
	for (si = 0; si < g->nschools; si++) {
		if ((int)si == topschool || g->schools[si].nfams == 0)
			continue;
		items[n] = g->schools[si].principal;
		caps[n++] = school_heads(g, (int)si, heads) > 0 ? k - 1 : k;
	}
	fill(g, top, school_heads(g, topschool, heads) > 0 ? k - 1 : k,
	    items, caps, n);
	for (si = 0; si < g->nschools; si++) {
		if (g->schools[si].nfams == 0)
			continue;
		node = g->staff[g->schools[si].principal].node;
		nh = school_heads(g, (int)si, heads);
		for (h = 0; h < nh; h++)
			caps[h] = members(g, heads[h], mem) > 0 ? k - 1 : k;
		fill(g, node, k - staff_kids(g->tr, node), heads, caps, nh);
		for (h = 0; h < nh; h++) {
			n = members(g, heads[h], mem);
			for (j = 0; j < n; j++)
				caps[j] = k;
			node = g->staff[heads[h]].node;
			fill(g, node, k - staff_kids(g->tr, node), mem, caps,
			    n);
		}
	}
	free(items);
	free(caps);
	free(heads);
	free(mem);
}

/* A staff caller's backup: the next colleague called by the same line. */
static void
staff_backups(struct ct_tree *tr)
{
	size_t i, j, n = tr->n;
	struct ct_node *nd, *o;

	for (i = 0; i < n; i++) {
		nd = &tr->nodes[i];
		if (nd->kind != CT_CALLER || nd->parent < 0)
			continue;
		o = NULL;
		for (j = i + 1; j < n && o == NULL; j++)
			if (tr->nodes[j].parent == nd->parent &&
			    tr->nodes[j].kind == CT_CALLER)
				o = &tr->nodes[j];
		for (j = 0; j < i && o == NULL; j++)
			if (tr->nodes[j].parent == nd->parent &&
			    tr->nodes[j].kind == CT_CALLER)
				o = &tr->nodes[j];
		if (o == NULL || *o->phone == '\0' || same_phone(o->phone,
		    nd->phone))
			continue;
		node_set(&nd->backup, o->who);
		node_set(&nd->backup_phone, o->phone);
	}
}

static void
gen_families(struct gen *g)
{
	struct u32map used = { 0 };
	struct gfamily *f;
	struct ct_node *nd;
	size_t i, j, k;
	int *fnode = xcalloc(g->nfams ? g->nfams : 1, sizeof *fnode);
	int caller, x;
	char *who;

	for (i = 0; i < g->nfams; i++)
		if (g->fams[i].contact != 0)
			map_put(&used, g->fams[i].contact, 1);
	for (i = 0; i < g->nfams; i++) {
		f = &g->fams[i];
		caller = g->staff[f->caller].node;
		fnode[i] = -1;
		if (f->contact == 0) {
			for (k = 0; k < f->kids.n; k++)
				node_add_kid(&g->tr->nodes[caller],
				    f->kids.v[k]);
			continue;
		}
		who = person_make(RT_CONTACT, f->contact);
		x = node_new(g->tr, caller, CT_FAMILY, who);
		free(who);
		nd = &g->tr->nodes[x];
		node_set(&nd->role, f->relation);
		node_set(&nd->phone, f->phone);
		node_set(&nd->backup, f->backup);
		node_set(&nd->backup_phone, f->backup_phone);
		for (k = 0; k < f->kids.n; k++)
			node_add_kid(nd, f->kids.v[k]);
		fnode[i] = x;
	}
	for (i = 0; i < g->nfams; i++)
		for (j = 0; fnode[i] >= 0 && j < g->fams[i].nparents; j++) {
			struct gparent *p = &g->fams[i].parents[j];

			if (map_get(&used, p->contact) >= 0)
				continue;
			map_put(&used, p->contact, 1);
			who = person_make(RT_CONTACT, p->contact);
			x = node_new(g->tr, fnode[i], CT_PARENT, who);
			free(who);
			node_set(&g->tr->nodes[x].role, p->relation);
			node_set(&g->tr->nodes[x].phone, p->phone);
			node_set(&g->tr->nodes[x].backup_phone,
			    p->backup_phone);
		}
	map_free(&used);
	free(fnode);
}

/* The township's offices, informed by the top. */
static void
gen_officials(struct gen *g)
{
	static const char *const kinds[] = { "bureau", "police", "health",
	    "township" };
	const struct rec *o;
	size_t i;
	char *who;
	int x;

	for (i = 0; i < nitems(kinds); i++) {
		if ((o = official_of(g, kinds[i], NULL)) == NULL)
			continue;
		who = person_make(RT_OFFICIAL, o->id);
		x = node_new(g->tr, 0, CT_OFFICIAL, who);
		free(who);
		node_set(&g->tr->nodes[x].role, kinds[i]);
		node_set(&g->tr->nodes[x].phone, rec_str(o, OFFICIAL_PHONE));
		if (!same_phone(rec_str(o, OFFICIAL_PHONE2),
		    rec_str(o, OFFICIAL_PHONE)))
			node_set(&g->tr->nodes[x].backup_phone,
			    rec_str(o, OFFICIAL_PHONE2));
	}
}

/* The top: the principal; of a township, the centre school's. */
static int
gen_top(struct gen *g, char **cause)
{
	size_t si, pick = 0;

	for (si = 0; si < g->nschools; si++)
		if (strstr(rec_str(g->schools[si].rec, SCHOOL_NAME),
		    "\xe4\xb8\xad\xe5\xbf\x83") != NULL) {	/* 中心 */
			pick = si;
			break;
		}
	if (g->nschools == 0 || g->schools[pick].principal < 0) {
		set_cause(cause, _("%s has no principal or member of the "
		    "leadership group among its staff to start the calls: "
		    "give a staff member the role principal"),
		    g->nschools > 0 ? rec_str(g->schools[pick].rec,
		    SCHOOL_NAME) : _("the township"));
		return SH_EINVAL;
	}
	g->top = g->schools[pick].principal;
	return 0;
}

/* Makes the lines of a tree in tr (not yet stored). */
static int
gen_lines(struct gen *g, uint32_t school, char **cause)
{
	int rc;

	if ((rc = gen_schools(g, school, cause)) != 0 ||
	    (rc = gen_children(g)) != 0)
		return rc;
	if (g->nfams == 0) {
		set_cause(cause, strcmp(g->by, "boarding") == 0 ?
		    _("there are no boarders in school there") :
		    _("there are no children in school there"));
		return SH_EINVAL;
	}
	if ((rc = gen_top(g, cause)) != 0 ||
	    (rc = gen_capacity(g, cause)) != 0 ||
	    (rc = gen_assign(g, cause)) != 0)
		return rc;
	gen_groups(g);
	gen_staff_tree(g);
	gen_families(g);
	gen_officials(g);
	staff_backups(g->tr);
	relink(g->tr);
	return 0;
}

/* ---- writing ---- */

static int
node_write(struct txn *t, struct ct_tree *tr, size_t i, char **cause)
{
	struct ct_node *nd = &tr->nodes[i];
	struct rec *r;
	char *kids, num[16];
	int rc;

	if (nd->id != 0) {
		if ((rc = rec_get(t, RT_NODE, nd->id, &r)) != 0) {
			set_cause(cause, _("%s #%u cannot be read"),
			    _(schema_of(RT_NODE)->label), nd->id);
			return rc;
		}
	} else
		r = rec_new(RT_NODE);
	rec_set_ref(r, NODE_TREE, tr->rec->id);
	rec_set_ref(r, NODE_PARENT, nd->parent >= 0 ?
	    tr->nodes[nd->parent].id : 0);
	snprintf(num, sizeof num, "%d", nd->seq);
	rec_set(r, NODE_SEQ, num);
	rec_set(r, NODE_KIND, kind_key(nd->kind));
	rec_set(r, NODE_WHO, nd->who);
	rec_set(r, NODE_ROLE, nd->role);
	rec_set(r, NODE_PHONE, nd->phone);
	rec_set(r, NODE_BACKUP, nd->backup);
	rec_set(r, NODE_BACKUP_PHONE, nd->backup_phone);
	kids = kids_format(nd->kids, nd->nkids);
	rec_set(r, NODE_CHILDREN, kids);
	free(kids);
	if ((rc = rec_put(t, r, cause)) == 0) {
		nd->id = r->id;
		nd->dirty = false;
	}
	rec_free(r);
	return rc;
}

/* Writes new and changed lines; parents come before what they call. */
static int
nodes_write(struct txn *t, struct ct_tree *tr, char **cause)
{
	size_t i;
	int rc;

	for (i = 0; i < tr->n; i++)
		if (tr->nodes[i].id == 0 || tr->nodes[i].dirty)
			if ((rc = node_write(t, tr, i, cause)) != 0)
				return rc;
	return 0;
}

static int
nodes_delete(struct txn *t, uint32_t tree, char **cause)
{
	struct idlist ids = { 0 };
	size_t i;
	int rc = 0;

	ix_refs(t, IX_NODE_TREE, tree, &ids);
	for (i = 0; i < ids.n && rc == 0; i++)
		rc = rec_del(t, RT_NODE, ids.v[i], 0, cause);
	idl_free(&ids);
	return rc;
}

/*
 * Sets the tree record's next version: every change is a new printed
 * version, from 1 to 999999 and round again.  Returns it.
 */
static int
revision_next(struct rec *tree)
{
	char num[16];
	int rev = atoi(rec_str(tree, TREE_REVISION)) % 999999 + 1;

	snprintf(num, sizeof num, "%d", rev);
	rec_set(tree, TREE_REVISION, num);
	return rev;
}

static int
tree_bump(struct txn *t, struct ct_tree *tr, char **cause)
{
	tr->revision = revision_next(tr->rec);
	return rec_put(t, tr->rec, cause);
}

static int
revision_check(const struct ct_tree *tr, int revision, char **cause)
{
	char when[17];

	if (revision == 0 || tr->revision == revision)
		return 0;
	time_format(tr->rec->updated, when);
	set_cause(cause, _("the call tree \"%s\" was changed by %s at %s (now "
	    "version %d) after you opened it"), rec_str(tr->rec, TREE_NAME),
	    tr->rec->updated_by, when, tr->revision);
	return SH_ECONFLICT;
}

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
		    person_name(t, tr->nodes[p].who);
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
	relink(tr);
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
		if ((p = person_get(t, person)) == NULL) {
			set_cause(why, "%s", _("the backup person is no longer "
			    "in the records"));
			return false;
		}
		if (*ph == '\0')
			ph = strcmp(person, nd->who) == 0 ?
			    rec_other_phone(p, nd->phone) : rec_first_phone(p);
	}
	if (*person != '\0' && *ph == '\0') {
		set_cause(why, "%s", _("the backup person has no other phone"));
		rec_free(p);
		return false;
	}
	if (*ph != '\0' && same_phone(ph, nd->phone)) {
		set_cause(why, "%s", _("the backup is the same number as the "
		    "line's own"));
		rec_free(p);
		return false;
	}
	node_set(&nd->backup, strcmp(person, nd->who) == 0 ? "" : person);
	node_set(&nd->backup_phone, ph);
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
	if ((r = person_get(t, person)) == NULL) {
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
	k = node_new(tr, p, kind, person);
	node_set(&tr->nodes[k].role, kind == CT_OFFICIAL ?
	    rec_str(r, OFFICIAL_KIND) : *rec_str(r, STAFF_GRADE) != '\0' ?
	    "class_teacher" : set_has(rec_str(r, STAFF_ROLES), "leader") ?
	    "leader" : "mentor");
	ph = rec_first_phone(r);
	node_set(&tr->nodes[k].phone, ph);
	node_set(&tr->nodes[k].backup_phone, rec_other_phone(r, ph));
	rec_free(r);
	relink(tr);
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
		name = person_name(t, subject);
		set_cause(why, _("%s is no longer in the tree"), name);
		free(name);
		return false;
	}
	if (p < 0 && strcmp(op, "backup") != 0) {
		name = person_name(t, target);
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
	char *a = person_name(t, rec_str(e, EDIT_SUBJECT));
	char *b = person_name(t, rec_str(e, EDIT_TARGET)), *s;
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
static int
edits_reapply(struct txn *t, struct ct_tree *tr, struct ct_msgs *lost,
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
			msg_add(lost, _("The change \"%s\" was not kept: %s."),
			    what, why);
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

	if ((rc = ct_load_txn(t, a->tree, false, &tr, cause)) != 0)
		return rc;
	if ((rc = revision_check(&tr, a->revision, cause)) != 0)
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
	check_line(t, &tr, (size_t)i, 0, NULL, &had[n++]);
	if (o != i) {
		look[n] = tr.nodes[o].id;
		check_line(t, &tr, (size_t)o, 0, NULL, &had[n++]);
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
			check_line(t, &tr, (size_t)j, had[k], &news, NULL);
	}
	if (news.n > 0) {
		set_cause(cause, "%s", news.v[0]);
		rc = SH_EINVAL;
		goto out;
	}
	if ((rc = nodes_write(t, &tr, cause)) == 0 &&
	    (rc = edit_record(t, tr.rec->id, a->op, subject, target,
	    a->phone, cause)) == 0)
		rc = tree_bump(t, &tr, cause);
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
	struct edit_arg a = { tree, revision, node, "move", new_parent, "", "" };

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

/* ---- making and remaking, in one transaction ---- */

struct gen_arg {
	const struct ct_genopts	*o;
	uint32_t		 tree;	/* remake this one; 0: by name */
	struct ct_genres	*res;
};

void
ct_genres_free(struct ct_genres *r)
{
	ct_msgs_free(&r->problems);
	ct_msgs_free(&r->lost);
	ct_msgs_free(&r->notes);
	free(r->name);
	memset(r, 0, sizeof *r);
}

static char *
default_name(struct txn *t, const struct ct_genopts *o, const char *by)
{
	char *scope = scope_name(t, o->township ? 0 : o->school), *s;

	if (strcmp(by, "village") == 0)
		s = xasprintf(_("%s call tree by village"), scope);
	else if (strcmp(by, "boarding") == 0)
		s = xasprintf(_("%s night call tree for boarders"), scope);
	else
		s = xasprintf(_("%s call tree"), scope);
	free(scope);
	return s;
}

static int
input(struct rec *r, int field, const char *value, char **cause)
{
	return rec_input(r, field, value, cause) != 0 ? SH_EINVAL : 0;
}

static int
input_int(struct rec *r, int field, int value, char **cause)
{
	char num[16];

	if (value <= 0)
		return 0;
	snprintf(num, sizeof num, "%d", value);
	return input(r, field, num, cause);
}

/* The tree record to make or remake, with the options applied. */
static int
gen_record(struct txn *t, const struct gen_arg *a, struct rec **out,
    char **cause)
{
	const struct ct_genopts *o = a->o;
	struct rec *r = NULL;
	char *name = NULL, *scope;
	uint32_t id = a->tree, school = o->township ? 0 : o->school;
	int rc = 0;

	*out = NULL;
	if (id == 0) {
		name = o->name != NULL ? str_trim(o->name) :
		    default_name(t, o, o->by != NULL ? o->by : "class");
		id = find_txn(t, name);
	}
	if (id != 0) {
		if ((rc = rec_get(t, RT_TREE, id, &r)) != 0) {
			set_cause(cause, _("there is no call tree #%u"), id);
			free(name);
			return rc;
		}
		if (a->tree == 0 && rec_ref(r, TREE_SCHOOL) != school) {
			scope = scope_name(t, rec_ref(r, TREE_SCHOOL));
			set_cause(cause, _("a call tree named \"%s\" is already "
			    "kept for %s"), name, scope);
			free(scope);
			free(name);
			rec_free(r);
			return SH_EDUP;
		}
	} else {
		r = rec_new(RT_TREE);
		rec_set_ref(r, TREE_SCHOOL, school);
		rc = input(r, TREE_NAME, name, cause);
	}
	free(name);
	if (rc == 0 && o->by != NULL)
		rc = input(r, TREE_BY, o->by, cause);
	if (rc == 0)
		rc = input_int(r, TREE_STAFF_LIMIT, o->staff_limit, cause);
	if (rc == 0)
		rc = input_int(r, TREE_FAMILY_LIMIT, o->family_limit, cause);
	if (rc == 0 && o->activator != NULL)
		rc = input(r, TREE_ACTIVATOR, o->activator, cause);
	if (rc == 0 && o->purpose != NULL)
		rc = input(r, TREE_PURPOSE, o->purpose, cause);
	if (rc != 0) {
		rec_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

static void
gen_counts(const struct ct_tree *tr, struct ct_genres *res)
{
	const struct ct_node *nd;
	size_t i;

	res->lines = tr->n;
	res->home_visits = 0;
	for (i = 0; i < tr->n; i++) {
		nd = &tr->nodes[i];
		switch (nd->kind) {
		case CT_CALLER:
			res->callers++;
			res->home_visits += nd->nkids;
			break;
		case CT_FAMILY:
			res->families++;
			if (*nd->phone == '\0')
				res->home_visits += nd->nkids;
			break;
		case CT_PARENT:
			res->parents++;
			break;
		case CT_OFFICIAL:
			res->officials++;
			res->home_visits += nd->nkids;
			break;
		}
	}
}

/* Stores what gen_lines made, with the record, the edits, the check. */
static int
gen_store(struct txn *t, struct gen *g, struct rec *r, bool fresh,
    char **cause)
{
	struct ct_tree *tr = g->tr;
	struct ct_msgs bad = { 0 };
	char num[16], *act;
	int rc;

	snprintf(num, sizeof num, "%d", g->family_limit);
	rec_set(r, TREE_FAMILY_LIMIT, num);
	rec_set(r, TREE_GENERATED, g->today);
	if (*rec_str(r, TREE_ACTIVATOR) == '\0') {
		act = xasprintf("%s %s", choice_label(role_choices,
		    "principal"), rec_str(g->staff[g->top].rec, STAFF_NAME));
		rc = input(r, TREE_ACTIVATOR, act, cause);
		free(act);
		if (rc != 0)
			return rc;
	}
	if (!fresh)
		revision_next(r);
	if ((rc = rec_put(t, r, cause)) != 0)
		return rc;
	tr->rec = rec_dup(r);
	tree_settings(t, tr);
	if (!fresh && ((rc = nodes_delete(t, r->id, cause)) != 0 ||
	    (rc = edits_reapply(t, tr, &g->res->lost, cause)) != 0))
		return rc;
	if (ct_check(t, tr, true, &bad) > 0) {
		set_cause(cause, _("the call tree made breaks a rule (%s); "
		    "please report this"), bad.v[0]);
		ct_msgs_free(&bad);
		return SH_EINVAL;
	}
	if ((rc = nodes_write(t, tr, cause)) != 0)
		return rc;
	g->res->tree = r->id;
	g->res->name = xstrdup(rec_str(r, TREE_NAME));
	g->res->revision = tr->revision;
	g->res->family_limit = g->family_limit;
	gen_counts(tr, g->res);
	return 0;
}

static int
gen_write(struct txn *t, void *arg, char **cause)
{
	struct gen_arg *a = arg;
	struct ct_tree tr;
	struct gen g;
	struct rec *r;
	char today[11];
	uint32_t school;
	int rc;

	ct_genres_free(a->res);
	if ((rc = gen_record(t, a, &r, cause)) != 0)
		return rc;
	memset(&g, 0, sizeof g);
	memset(&tr, 0, sizeof tr);
	if (a->o->today != NULL)
		snprintf(today, sizeof today, "%s", a->o->today);
	else
		date_today(today);
	school = rec_ref(r, TREE_SCHOOL);
	g.t = t;
	g.res = a->res;
	g.by = rec_str(r, TREE_BY);
	g.staff_limit = atoi(rec_str(r, TREE_STAFF_LIMIT));
	g.family_limit = atoi(rec_str(r, TREE_FAMILY_LIMIT));
	g.today = today;
	g.township = school == 0;
	g.tr = &tr;
	tr.staff_limit = g.staff_limit;
	if ((rc = gen_lines(&g, school, cause)) == 0)
		rc = gen_store(t, &g, r, r->id == 0, cause);
	gen_free(&g);
	ct_free(&tr);
	rec_free(r);
	return rc;
}

int
ct_generate(struct db *db, const struct ct_genopts *o, struct ct_genres *res,
    char **cause)
{
	struct gen_arg a = { o, 0, res };

	memset(res, 0, sizeof *res);
	if (!o->township && o->school == 0) {
		set_cause(cause, "%s", _("a call tree is for a school or for "
		    "the whole township"));
		return SH_EINVAL;
	}
	return db_write(db, gen_write, &a, cause);
}

int
ct_regenerate(struct db *db, uint32_t tree, const char *today,
    struct ct_genres *res, char **cause)
{
	struct ct_genopts o;
	struct gen_arg a = { &o, tree, res };

	memset(&o, 0, sizeof o);
	memset(res, 0, sizeof *res);
	o.today = today;
	return db_write(db, gen_write, &a, cause);
}

/* ---- printing ---- */

#define INDENT_MAX 12	/* columns of indentation at most */
#define LEFT_MIN 28	/* columns kept for position, name and role */

/* Bytes of the longest prefix of s at most cols wide (at least one char). */
static size_t
prefix_bytes(const char *s, int cols)
{
	size_t n = strlen(s), used = 0;
	uint32_t cp;
	int k, w = 0, cw;

	while (used < n) {
		k = u8_decode(s + used, n - used, &cp);
		cw = k < 0 ? 1 : u_cpwidth(cp);
		if (k < 0)
			k = 1;
		if (w + cw > cols && used > 0)
			break;
		w += cw;
		used += (size_t)k;
	}
	return used;
}

static void
push_line(struct ct_msgs *out, struct buf *b)
{
	strv_push(&out->v, &out->n, buf_take(b));
}

/*
 * Lays segments out in lines of at most width columns, separated by sep;
 * lines after the first begin with indent spaces (the first with lead).
 * A segment too wide for a line is broken at a character.
 */
static void
flow(struct ct_msgs *out, char *const *segs, size_t n, const char *sep,
    int lead, int indent, int width)
{
	struct buf b = { 0 };
	const char *s;
	int used, w, room;
	size_t i, k;
	bool fresh = true;

	if (indent > width - 8)
		indent = width - 8 > 0 ? width - 8 : 0;
	buf_addf(&b, "%*s", lead, "");
	used = lead;
	for (i = 0; i < n; i++) {
		s = segs[i];
		while (*s != '\0') {
			w = u_width(s);
			room = width - used - (fresh ? 0 : u_width(sep));
			if (w <= room) {
				if (!fresh)
					buf_addstr(&b, sep);
				buf_addstr(&b, s);
				used += w + (fresh ? 0 : u_width(sep));
				fresh = false;
				break;
			}
			if (!fresh) {
				push_line(out, &b);
				buf_addf(&b, "%*s", indent, "");
				used = indent;
				fresh = true;
				continue;
			}
			/* Alone on a line and still too wide: break it. */
			k = prefix_bytes(s, width - used);
			buf_add(&b, s, k);
			s += k;
			push_line(out, &b);
			buf_addf(&b, "%*s", indent, "");
			used = indent;
		}
	}
	if (!fresh)
		push_line(out, &b);
	buf_free(&b);
}

/* Splits text at each sep and flows the parts, joined by sep again. */
static void
flow_split(struct ct_msgs *out, const char *text, const char *sep, int lead,
    int indent, int width)
{
	char **parts = NULL;
	const char *p = text, *q;
	size_t n = 0, k = strlen(sep);

	while (*p != '\0') {
		q = strstr(p, sep);
		if (q == NULL)
			q = p + strlen(p);
		if (q > p)
			strv_push(&parts, &n, xstrndup(p, (size_t)(q - p)));
		p = *q != '\0' ? q + k : q;
	}
	if (n > 0)
		flow(out, parts, n, sep, lead, indent, width);
	strv_free(parts);
}

static void
flow_text(struct ct_msgs *out, const char *text, int lead, int indent,
    int width)
{
	flow_split(out, text, " ", lead, indent, width);
}

/* Left-aligned and right-aligned text on one line of width columns. */
static char *
two_sided(const char *left, const char *right, int width)
{
	struct buf b = { 0 };
	int rw = u_width(right);

	u_fit(&b, left, width - rw - 1 > 0 ? width - rw - 1 : 0, true);
	buf_addc(&b, ' ');
	u_fit(&b, right, rw, false);
	return buf_take(&b);
}

struct sheet {
	const struct ct_tree	*tr;
	int			 width;
	int			 page_lines;
	const char		*date;
	int			 phone_w;
	int			 backup_w;
	int			 left_w;
	struct ct_msgs		 body;
	int			*start;		/* per line: first body line; [n]: end */
	struct ct_msgs		 head;
	struct ct_msgs		 tail;
};

#define TIME_BLANK "__:__"

static const char *
phone_cell(const struct ct_node *nd)
{
	if (*nd->phone != '\0')
		return nd->phone;
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
	cap = sh->width - 3 - sh->phone_w - (int)strlen(TIME_BLANK) - LEFT_MIN;
	sh->backup_w = bt < cap ? bt : cap > bp ? cap : bp;
	sh->left_w = sh->width - 3 - sh->phone_w - sh->backup_w -
	    (int)strlen(TIME_BLANK);
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
		u_fit(b, bname, nw, true);
		buf_addc(b, ' ');
		u_fit(b, bphone, sh->backup_w - nw - 1, true);
	} else
		u_fit(b, bphone, sh->backup_w, true);
	buf_addc(b, ' ');
	u_fit(b, time, (int)strlen(TIME_BLANK), false);
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
	left = xasprintf("%*s[ ] %s %s %s", ind, "", nd->pos, nd->name,
	    nd->role_shown);
	u_fit(&b, left, sh->left_w, true);
	free(left);
	right_cells(sh, &b, phone_cell(nd), nd->backup_name,
	    nd->backup_phone, TIME_BLANK);
	push_line(&sh->body, &b);
	if (nd->nkids > 0) {
		kids = nd->kind == CT_FAMILY ? xstrdup(nd->kids_shown) :
		    xasprintf("%s  %s", _("home visit:"), nd->kids_shown);
		flow_split(&sh->body, kids, KIDS_SEP, ind + 4, ind + 6,
		    sh->width);
		free(kids);
	}
}

static void
sheet_head(struct sheet *sh)
{
	const struct ct_tree *tr = sh->tr;
	struct buf b = { 0 };
	char *s;

	s = xasprintf(_("%s  activated by %s  printed %s"), tr->school_name,
	    rec_str(tr->rec, TREE_ACTIVATOR), sh->date);
	flow_text(&sh->head, s, 0, 2, sh->width);
	free(s);
	if (*rec_str(tr->rec, TREE_PURPOSE) != '\0') {
		s = xasprintf(_("For: %s"), rec_str(tr->rec, TREE_PURPOSE));
		flow_text(&sh->head, s, 0, 2, sh->width);
		free(s);
	}
	flow_text(&sh->head, _("Tick [ ] when reached and write the time. No "
	    "answer: call the backup, then whoever they would call. Report "
	    "back to whoever called you."), 0, 0, sh->width);
	u_fit(&b, _("No.  name  role"), sh->left_w, true);
	right_cells(sh, &b, _("Phone"), "", _("Backup"), _("Time"));
	push_line(&sh->head, &b);
	s = xcalloc((size_t)sh->width + 1, 1);
	memset(s, '-', (size_t)sh->width);
	strv_push(&sh->head.v, &sh->head.n, s);
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
	flow_text(&sh->tail, _("Summary"), 0, 0, sh->width);
	s = xasprintf(_("Lines: %zu (staff %zu, families %zu, parents working "
	    "away %zu, officials %zu)."), tr->n, nk[CT_CALLER], nk[CT_FAMILY],
	    nk[CT_PARENT], nk[CT_OFFICIAL]);
	flow_text(&sh->tail, s, 0, 2, sh->width);
	free(s);
	s = xasprintf(_("Children: %zu, each on one line; %zu need a home "
	    "visit. Families without a backup: %zu."), tr->nchildren, home,
	    nobackup);
	flow_text(&sh->tail, s, 0, 2, sh->width);
	free(s);
	strv_push(&sh->tail.v, &sh->tail.n, xstrdup(""));
	flow_text(&sh->tail, _("Problems to fix (children no phone "
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
		flow_split(&sh->tail, s, KIDS_SEP, 2, 4, sh->width);
		free(s);
		problems++;
	}
	if (problems == 0)
		flow_text(&sh->tail, _("None: a phone reaches every child's "
		    "family."), 2, 4, sh->width);
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

static void
emit_page_head(const struct sheet *sh, struct buf *out, int page, int pages)
{
	char *left, *right, *line;
	size_t i;

	left = xasprintf(_("%s  version %d"), rec_str(sh->tr->rec, TREE_NAME),
	    sh->tr->revision);
	if (pages > 0) {
		right = xasprintf(_("page %d/%d"), page, pages);
		line = two_sided(left, right, sh->width);
		free(right);
	} else {
		struct buf b = { 0 };

		u_fit(&b, left, sh->width, false);
		line = buf_take(&b);
	}
	buf_addf(out, "%s\n", line);
	free(line);
	free(left);
	for (i = 0; i < sh->head.n; i++)
		buf_addf(out, "%s\n", sh->head.v[i]);
}

static void
emit_pages(struct sheet *sh, struct buf *out)
{
	int room = sh->page_lines - 1 - (int)sh->head.n;
	size_t nb = sh->body.n, nt = sh->tail.n, k, total = nb + nt;
	bool *brk = xcalloc(total + 1, sizeof *brk);
	int pages = 1, page = 0, used = 0;

	if (room < 1)
		room = 1;
	paginate(sh, room, brk);
	/* The summary starts a page of its own and flows on. */
	if (nb > 0)
		brk[nb] = true;
	for (k = nb, used = 0; k < total; k++) {
		if (brk[k])
			used = 0;
		if (used == room) {
			brk[k] = true;
			used = 0;
		}
		used++;
	}
	for (k = 1; k < total; k++)
		if (brk[k])
			pages++;
	for (k = 0; k < total; k++) {
		if (k == 0 || brk[k]) {
			if (k > 0)
				buf_addc(out, '\f');
			emit_page_head(sh, out, ++page, pages);
		}
		buf_addf(out, "%s\n", k < nb ? sh->body.v[k] :
		    sh->tail.v[k - nb]);
	}
	free(brk);
}

void
ct_print(const struct ct_tree *tr, const struct ct_print_opts *o,
    struct buf *out)
{
	struct sheet sh;
	char today[11];
	size_t i;

	memset(&sh, 0, sizeof sh);
	sh.tr = tr;
	sh.width = o->width > 0 ? o->width : 80;
	if (sh.width < CT_MIN_WIDTH)
		sh.width = CT_MIN_WIDTH;
	sh.page_lines = o->page_lines == 0 ? 60 : o->page_lines;
	if (sh.page_lines > 0 && sh.page_lines < CT_MIN_PAGE)
		sh.page_lines = CT_MIN_PAGE;
	if (o->date != NULL)
		sh.date = o->date;
	else {
		date_today(today);
		sh.date = today;
	}
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
		emit_pages(&sh, out);
	else {
		emit_page_head(&sh, out, 0, 0);
		for (i = 0; i < sh.body.n; i++)
			buf_addf(out, "%s\n", sh.body.v[i]);
		buf_addc(out, '\n');
		for (i = 0; i < sh.tail.n; i++)
			buf_addf(out, "%s\n", sh.tail.v[i]);
	}
	ct_msgs_free(&sh.body);
	ct_msgs_free(&sh.head);
	ct_msgs_free(&sh.tail);
	free(sh.start);
}

/* ---- contact cards ---- */

/* A card's lines, boxed in width columns. */
static void
card_box(struct ct_msgs *card, int width, struct ct_msgs *out)
{
	struct buf b = { 0 };
	size_t i;

	buf_addc(&b, '+');
	for (i = 0; i < (size_t)width - 2; i++)
		buf_addc(&b, '-');
	buf_addc(&b, '+');
	strv_push(&out->v, &out->n, xstrdup(b.s));
	for (i = 0; i < card->n; i++) {
		buf_reset(&b);
		buf_addstr(&b, "| ");
		u_fit(&b, card->v[i], width - 4, true);
		buf_addstr(&b, " |");
		push_line(out, &b);
	}
	buf_reset(&b);
	buf_addc(&b, '+');
	for (i = 0; i < (size_t)width - 2; i++)
		buf_addc(&b, '-');
	buf_addc(&b, '+');
	push_line(out, &b);
	buf_free(&b);
}

/* One contact on a card: order, relation, name, phones, work place. */
static void
card_contact(const struct card_line *cl, int inner, struct ct_msgs *lines)
{
	const struct rec *c = cl->contact;
	char *segs[6];
	size_t n = 0, i;
	int k;

	segs[n++] = xasprintf("%s. %s %s%s", rec_str(cl->link, LINK_PRIORITY),
	    choice_label(relation_choices, rec_str(cl->link, LINK_RELATION)),
	    rec_str(c, CONTACT_NAME), strcmp(rec_str(cl->link,
	    LINK_GUARDIAN), "1") == 0 ? _(" (guardian)") : "");
	for (k = 0; k < CONTACT_PHONES; k++) {
		if (*rec_str(c, contact_phone_field(k)) == '\0')
			continue;
		segs[n++] = xasprintf("%s%s", rec_str(c,
		    contact_phone_field(k)), *rec_str(c,
		    contact_failed_field(k)) != '\0' ? _(" (to verify)") : "");
	}
	if (n == 1)
		segs[n++] = xstrdup(_("no phone"));
	if (*rec_str(c, CONTACT_WORKPLACE) != '\0')
		segs[n++] = xstrdup(rec_str(c, CONTACT_WORKPLACE));
	flow(lines, segs, n, "  ", 0, 4, inner);
	for (i = 0; i < n; i++)
		free(segs[i]);
}

static void
card_lines(struct txn *t, const struct rec *child, const struct rec *school,
    const char *today, int inner, struct ct_msgs *lines)
{
	struct card card;
	struct rec *pair, *st;
	char *cl, *s, *segs[2];
	size_t i;

	cl = class_label(rec_str(child, CHILD_GRADE), rec_str(child,
	    CHILD_CLASS));
	s = xasprintf(_("Contact card: %s  %s  %s"), rec_str(child,
	    CHILD_NAME), cl, rec_str(school, SCHOOL_NAME));
	flow_text(lines, s, 0, 2, inner);
	free(s);
	free(cl);
	if (child_card(t, child->id, &card) == 0 && card.n > 0)
		for (i = 0; i < card.n; i++)
			card_contact(&card.lines[i], inner, lines);
	else
		flow_text(lines, _("Nobody on the contact card: add the "
		    "guardian and the parents."), 0, 2, inner);
	card_free(&card);
	s = NULL;
	if ((pair = child_mentor_pair(t, child->id, today)) != NULL) {
		if (rec_get(t, RT_STAFF, rec_ref(pair, PAIR_STAFF), &st) == 0) {
			s = xasprintf(_("Mentor: %s %s"), rec_str(st,
			    STAFF_NAME), rec_str(st, STAFF_PHONE));
			rec_free(st);
		}
		rec_free(pair);
	}
	segs[0] = s != NULL ? s : xstrdup(_("Mentor: none"));
	segs[1] = xasprintf(_("School: %s"), rec_str(school, SCHOOL_PHONE));
	flow(lines, segs, 2, "    ", 0, 0, inner);
	free(segs[0]);
	free(segs[1]);
}

/* Cards on pages: a header on each, no card cut in two where it fits. */
static void
cards_pages(struct ct_msgs *cards, size_t *card_start, size_t ncards,
    const char *title, const char *date, int width, int page_lines,
    struct buf *out)
{
	int room = page_lines - 3, used = 0, pages = 1, page = 0, len;
	bool *brk = xcalloc(cards->n + 1, sizeof *brk);
	char *right, *line;
	size_t c, k;

	for (c = 0; c < ncards; c++) {
		len = (int)(card_start[c + 1] - card_start[c]);
		if (used > 0 && len > room - used && len <= room) {
			brk[card_start[c]] = true;
			used = 0;
		}
		for (k = card_start[c]; k < card_start[c + 1]; k++) {
			if (used == room) {
				brk[k] = true;
				used = 0;
			}
			used++;
		}
	}
	for (k = 1; k < cards->n; k++)
		if (brk[k])
			pages++;
	for (k = 0; k < cards->n; k++) {
		if (k == 0 || brk[k]) {
			if (k > 0)
				buf_addc(out, '\f');
			right = xasprintf(_("page %d/%d"), ++page, pages);
			line = two_sided(title, right, width);
			buf_addf(out, "%s\n", line);
			free(line);
			free(right);
			line = xasprintf(_("printed %s; keep it safe: these are "
			    "children's family phones"), date);
			u_fit(out, line, width, false);
			buf_addstr(out, "\n\n");
			free(line);
		}
		buf_addf(out, "%s\n", cards->v[k]);
	}
	free(brk);
}

int
ct_cards(struct db *db, uint32_t school, const char *grade, const char *cls,
    const struct ct_print_opts *o, const char *today, struct buf *out,
    char **cause)
{
	struct ct_msgs all = { 0 }, lines = { 0 };
	struct idlist ids = { 0 };
	struct rec *s, *c;
	struct txn t;
	size_t *start = NULL, n = 0, i;
	int width = o->width > 0 ? o->width : 80, rc;
	int page_lines = o->page_lines > 0 ? o->page_lines : 60;
	char day[11], *title, *cl;

	if (width < CT_MIN_WIDTH)
		width = CT_MIN_WIDTH;
	if (page_lines < CT_MIN_PAGE)
		page_lines = CT_MIN_PAGE;
	if ((rc = txn_read(db, &t)) != 0) {
		set_cause(cause, _("cannot read the database"));
		return rc;
	}
	if ((rc = rec_get(&t, RT_SCHOOL, school, &s)) != 0) {
		txn_end(&t);
		set_cause(cause, _("there is no school #%u"), school);
		return rc;
	}
	children_of_class(&t, school, grade, cls, &ids);
	for (i = 0; i < ids.n; i++) {
		if (rec_get(&t, RT_CHILD, ids.v[i], &c) != 0)
			continue;
		if (strcmp(rec_str(c, CHILD_STATUS), "in_school") == 0) {
			card_lines(&t, c, s, today, width - 4, &lines);
			start = xreallocarray(start, n + 2, sizeof *start);
			start[n++] = all.n;
			card_box(&lines, width, &all);
			strv_push(&all.v, &all.n, xstrdup(""));
			ct_msgs_free(&lines);
		}
		rec_free(c);
	}
	txn_end(&t);
	if (n == 0) {
		set_cause(cause, "%s", _("there are no children in school "
		    "there"));
		rc = SH_ENOTFOUND;
	} else {
		start[n] = all.n;
		if (o->date != NULL)
			snprintf(day, sizeof day, "%s", o->date);
		else
			date_today(day);
		cl = grade != NULL ? class_label(grade, cls != NULL ? cls : "") :
		    xstrdup("");
		title = xasprintf(_("Contact cards  %s %s"), rec_str(s,
		    SCHOOL_NAME), cl);
		cards_pages(&all, start, n, title, day, width, page_lines, out);
		free(title);
		free(cl);
	}
	rec_free(s);
	free(start);
	idl_free(&ids);
	ct_msgs_free(&all);
	return rc;
}

/* ---- files and the printer ---- */

static int
write_all(int fd, const char *p, size_t len)
{
	ssize_t w;

	while (len > 0) {
		w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

/*
 * A file that was already there keeps its mode through open(): it is
 * made private before the sheet is written into it.  Only regular
 * files: -o /dev/stdout must not change the terminal.
 */
int
ct_write_file(const char *path, const char *text, size_t len, char **cause)
{
	struct stat st;
	int fd, e;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || fstat(fd, &st) != 0 || (S_ISREG(st.st_mode) &&
	    (st.st_mode & 07777) != 0600 && fchmod(fd, 0600) != 0) ||
	    write_all(fd, text, len) != 0) {
		e = errno;
		if (fd >= 0)
			close(fd);
		set_cause(cause, _("cannot write %s: %s"), path, strerror(e));
		return SH_EDB;
	}
	if (close(fd) != 0) {
		set_cause(cause, _("cannot write %s: %s"), path,
		    strerror(errno));
		return SH_EDB;
	}
	return 0;
}

/*
 * The child only execs lp: the database environment must never be used
 * after fork().  An exec failure comes back through a close-on-exec
 * pipe, so that "lp is missing" is told apart from "lp failed".
 */
int
ct_lp(const char *text, size_t len, const char *printer, char **cause)
{
	struct sigaction ign, old;
	int in[2], err[2], e = 0, status, wrote;
	const char *argv[4] = { "lp", NULL, NULL, NULL };
	pid_t pid;
	ssize_t r;

	if (printer != NULL && *printer != '\0') {
		argv[1] = "-d";
		argv[2] = printer;
	}
	if (pipe(in) != 0) {
		set_cause(cause, _("cannot run lp: %s"), strerror(errno));
		return SH_EDB;
	}
	if (pipe(err) != 0) {
		e = errno;
		close(in[0]);
		close(in[1]);
		set_cause(cause, _("cannot run lp: %s"), strerror(e));
		return SH_EDB;
	}
	fcntl(err[1], F_SETFD, FD_CLOEXEC);
	fcntl(in[1], F_SETFD, FD_CLOEXEC);
	fflush(NULL);
	if ((pid = fork()) < 0) {
		e = errno;
		close(in[0]);
		close(in[1]);
		close(err[0]);
		close(err[1]);
		set_cause(cause, _("cannot run lp: %s"), strerror(e));
		return SH_EDB;
	}
	if (pid == 0) {
		close(err[0]);
		if (dup2(in[0], STDIN_FILENO) >= 0) {
			close(in[0]);
			execvp("lp", (char *const *)argv);
		}
		e = errno;
		(void)!write(err[1], &e, sizeof e);
		_exit(127);
	}
	close(in[0]);
	close(err[1]);
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old);
	wrote = write_all(in[1], text, len);
	close(in[1]);
	sigaction(SIGPIPE, &old, NULL);
	while ((r = read(err[0], &e, sizeof e)) < 0 && errno == EINTR)
		;
	close(err[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (r == (ssize_t)sizeof e) {
		if (e == ENOENT)
			set_cause(cause, "%s", _("lp was not found: install the "
			    "print system (Debian package cups-client), or "
			    "write the sheet to a file with -o FILE and print "
			    "that"));
		else
			set_cause(cause, _("cannot run lp: %s"), strerror(e));
		return SH_EDB;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || wrote != 0) {
		if (WIFEXITED(status))
			set_cause(cause, _("lp failed (exit status %d): is the "
			    "printer set up? \"lpstat -p\" lists the printers"),
			    WEXITSTATUS(status));
		else
			set_cause(cause, "%s", _("lp was stopped before it "
			    "took the sheet"));
		return SH_EDB;
	}
	return 0;
}

/* ---- drills ---- */

int
ct_call_parse(const char *s, struct ct_call *c, char **cause)
{
	const struct field *tf = &schema_of(RT_CALL)->fields[CALL_TIME];
	const char *eq = strchr(s, '=');
	char *pos, *val, *tm = NULL, *reason = NULL;
	const char *v;
	int rc = -1;

	memset(c, 0, sizeof *c);
	if (eq == NULL) {
		set_cause(cause, _("\"%s\": write a result as POSITION=07:42 "
		    "(reached), POSITION=b:07:42 (through the backup) or "
		    "POSITION=x (not reached)"), s);
		return -1;
	}
	val = xstrndup(s, (size_t)(eq - s));
	pos = str_trim(val);
	free(val);
	val = str_trim(eq + 1);
	v = val;
	if (*pos == '\0' || strspn(pos, "0123456789.") != strlen(pos) ||
	    strlen(pos) >= sizeof c->pos) {
		set_cause(cause, _("\"%s\": not a position on the sheet, such "
		    "as 1.2.3"), s);
		goto out;
	}
	snprintf(c->pos, sizeof c->pos, "%s", pos);
	if (strcmp(v, "x") == 0 || strcmp(v, "X") == 0) {
		c->outcome = CT_NOT_REACHED;
		rc = 0;
		goto out;
	}
	c->outcome = CT_REACHED;
	if (strncmp(v, "b:", 2) == 0 || strncmp(v, "B:", 2) == 0) {
		c->outcome = CT_BY_BACKUP;
		v += 2;
	}
	if (field_normalize(tf, v, &tm, &reason) != 0 || *tm == '\0') {
		set_cause(cause, "\"%s\": %s", s, reason != NULL ? reason :
		    _("not a time of day: write it as 07:30"));
		goto out;
	}
	snprintf(c->time, sizeof c->time, "%s", tm);
	rc = 0;
out:
	free(pos);
	free(val);
	free(tm);
	free(reason);
	return rc;
}

/* What happened to one number, for the contact cards. */
struct phone_result {
	uint32_t	 contact;
	const char	*phone;
	bool		 answered;
};

static int
pr_cmp(const void *a, const void *b)
{
	const struct phone_result *x = a, *y = b;

	return x->contact < y->contact ? -1 : x->contact > y->contact;
}

struct drill_arg {
	uint32_t		 tree;
	int			 revision;
	const char		*date;
	const char		*start;
	const struct ct_call	*calls;
	size_t			 n;
	uint32_t		 drill;
};

static int
call_put(struct txn *t, uint32_t drill, const char *pos, const char *who,
    const char *phone, bool reached, bool backup, const char *time,
    char **cause)
{
	struct rec *r = rec_new(RT_CALL);
	int rc;

	rec_set_ref(r, CALL_DRILL, drill);
	rec_set(r, CALL_WHO, who);
	rec_set(r, CALL_PHONE, phone);
	rec_set(r, CALL_REACHED, reached ? "1" : "0");
	rec_set(r, CALL_TIME, reached ? time : NULL);
	rec_set(r, CALL_BY_BACKUP, backup ? "1" : "0");
	rec_set(r, CALL_POSITION, pos);
	rc = rec_put(t, r, cause);
	rec_free(r);
	return rc;
}

static void
result_add(struct phone_result **v, size_t *n, const char *who,
    const char *phone, bool answered)
{
	enum rtype type;
	uint32_t id;

	if (*phone == '\0' || !person_parse(who, &type, &id) ||
	    type != RT_CONTACT)
		return;
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[*n].contact = id;
	(*v)[*n].phone = phone;
	(*v)[(*n)++].answered = answered;
}

/* Marks numbers verified or to verify on the contact cards. */
static int
mark_contacts(struct txn *t, struct phone_result *v, size_t n,
    const char *date, char **cause)
{
	struct rec *c;
	size_t i, j, k;
	const char *ph;
	int f, rc = 0, got;
	bool changed;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, pr_cmp);
	for (i = 0; i < n && rc == 0; i = j) {
		for (j = i; j < n && v[j].contact == v[i].contact; j++)
			;
		if (rec_get(t, RT_CONTACT, v[i].contact, &c) != 0)
			continue;
		changed = false;
		for (f = 0; f < CONTACT_PHONES; f++) {
			ph = rec_str(c, contact_phone_field(f));
			got = 0;
			for (k = i; k < j && *ph != '\0'; k++)
				if (same_phone(ph, v[k].phone))
					got |= v[k].answered ? 2 : 1;
			if (got & 2) {
				if (strcmp(rec_str(c, contact_verified_field(f)),
				    date) < 0)
					rec_set(c, contact_verified_field(f),
					    date);
				rec_set(c, contact_failed_field(f), NULL);
				changed = true;
			} else if (got & 1) {
				rec_set(c, contact_failed_field(f), date);
				changed = true;
			}
		}
		if (changed)
			rc = rec_put(t, c, cause);
		rec_free(c);
	}
	return rc;
}

static int
drill_calls(struct txn *t, struct drill_arg *a, const struct ct_tree *tr,
    const int *line, struct phone_result **res, size_t *nres, char **cause)
{
	const struct ct_node *nd;
	const struct ct_call *c;
	const char *bwho;
	size_t i;
	int rc = 0;
	bool ok;

	for (i = 0; i < a->n && rc == 0; i++) {
		c = &a->calls[i];
		nd = &tr->nodes[line[i]];
		ok = c->outcome == CT_REACHED;
		rc = call_put(t, a->drill, nd->pos, nd->who, nd->phone, ok,
		    false, c->time, cause);
		result_add(res, nres, nd->who, nd->phone, ok);
		if (rc != 0 || ok || *nd->backup_phone == '\0')
			continue;
		ok = c->outcome == CT_BY_BACKUP;
		bwho = *nd->backup != '\0' ? nd->backup : nd->who;
		rc = call_put(t, a->drill, nd->pos, bwho, nd->backup_phone, ok,
		    true, c->time, cause);
		result_add(res, nres, bwho, nd->backup_phone, ok);
	}
	return rc;
}

static int
drill_write(struct txn *t, void *arg, char **cause)
{
	struct drill_arg *a = arg;
	struct phone_result *res = NULL;
	struct ct_tree tr;
	struct rec *d = NULL;
	size_t i, nres = 0;
	int *line = NULL, rc;
	bool *seen = NULL;
	char num[16];

	a->drill = 0;
	if ((rc = ct_load_txn(t, a->tree, false, &tr, cause)) != 0)
		return rc;
	if ((rc = revision_check(&tr, a->revision, cause)) != 0)
		goto out;
	line = xcalloc(a->n + 1, sizeof *line);
	seen = xcalloc(tr.n + 1, sizeof *seen);
	for (i = 0; i < a->n; i++) {
		line[i] = ct_find_pos(&tr, a->calls[i].pos);
		if (line[i] >= 0 && seen[line[i]]) {
			set_cause(cause, _("line %s is given twice"),
			    a->calls[i].pos);
			rc = SH_EINVAL;
			goto out;
		}
		if (line[i] >= 0)
			seen[line[i]] = true;
		if (line[i] < 0) {
			set_cause(cause, _("there is no line %s in the tree "
			    "(version %d)"), a->calls[i].pos, tr.revision);
			rc = SH_EINVAL;
			goto out;
		}
		/* Else it would be recorded as not reached, its number failed. */
		if (a->calls[i].outcome == CT_BY_BACKUP &&
		    *tr.nodes[line[i]].backup_phone == '\0') {
			set_cause(cause, _("line %s has no backup on the sheet: "
			    "write the time it was reached, or x"),
			    a->calls[i].pos);
			rc = SH_EINVAL;
			goto out;
		}
	}
	d = rec_new(RT_DRILL);
	rec_set_ref(d, DRILL_TREE, a->tree);
	rec_set(d, DRILL_DATE, a->date);
	rec_set(d, DRILL_START, a->start);
	snprintf(num, sizeof num, "%d", tr.revision);
	rec_set(d, DRILL_REVISION, num);
	if ((rc = rec_put(t, d, cause)) != 0)
		goto out;
	a->drill = d->id;
	if ((rc = drill_calls(t, a, &tr, line, &res, &nres, cause)) == 0)
		rc = mark_contacts(t, res, nres, a->date, cause);
out:
	rec_free(d);
	free(res);
	free(line);
	free(seen);
	ct_free(&tr);
	return rc;
}

int
ct_drill(struct db *db, uint32_t tree, int revision, const char *date,
    const char *start, const struct ct_call *calls, size_t n,
    uint32_t *drill, char **cause)
{
	const struct schema *sc = schema_of(RT_DRILL);
	struct drill_arg a = { tree, revision, NULL, NULL, calls, n, 0 };
	char *d = NULL, *s = NULL, *reason = NULL;
	int rc = SH_EINVAL;

	if (field_normalize(&sc->fields[DRILL_DATE], date, &d, &reason) != 0 ||
	    *d == '\0')
		set_cause(cause, "%s \"%s\": %s", _("Date"), date,
		    reason != NULL ? reason : _("required"));
	else if (field_normalize(&sc->fields[DRILL_START], start, &s,
	    &reason) != 0 || *s == '\0')
		set_cause(cause, "%s \"%s\": %s", _("Started at"), start,
		    reason != NULL ? reason : _("required"));
	else {
		a.date = d;
		a.start = s;
		rc = db_write(db, drill_write, &a, cause);
		*drill = a.drill;
	}
	free(d);
	free(s);
	free(reason);
	return rc;
}

/* ---- the report of a drill ---- */

static int
minutes(const char *start, const char *time)
{
	int sh, sm, th, tm;

	if (sscanf(start, "%d:%d", &sh, &sm) != 2 ||
	    sscanf(time, "%d:%d", &th, &tm) != 2)
		return 0;
	return ((th * 60 + tm) - (sh * 60 + sm) + 1440) % 1440;
}

/* A failed call of a drill: its number and its place in the report. */
struct failkey {
	const char	*phone;
	size_t		 at;		/* 2 * line, + 1 for the backup call */
};

static int
failkey_cmp(const void *a, const void *b)
{
	const struct failkey *x = a, *y = b;
	int c = strcmp(x->phone, y->phone);

	if (c != 0)
		return c;
	return x->at < y->at ? -1 : x->at > y->at;
}

static const struct rec *
dline_call(const struct dline *l, int k)
{
	return k == 0 ? l->first : l->backup;
}

static bool
call_failed(const struct rec *c)
{
	return c != NULL && *rec_str(c, CALL_PHONE) != '\0' &&
	    strcmp(rec_str(c, CALL_REACHED), "1") != 0;
}

/*
 * Marks in first[2 * i + k] each failed call (line i, primary or backup
 * k) whose number did not fail on an earlier call of the report: a
 * number is listed once, also when it failed both as a line's own and
 * as another line's backup.
 */
static void
first_failures(const struct dline *lines, size_t n, bool *first)
{
	struct failkey *v = xcalloc(2 * n + 1, sizeof *v);
	size_t i, nv = 0;
	int k;

	for (i = 0; i < n; i++)
		for (k = 0; k < 2; k++)
			if (call_failed(dline_call(&lines[i], k))) {
				v[nv].phone = rec_str(dline_call(&lines[i], k),
				    CALL_PHONE);
				v[nv++].at = 2 * i + (size_t)k;
			}
	qsort(v, nv, sizeof *v, failkey_cmp);
	for (i = 0; i < nv; i++)
		first[v[i].at] = i == 0 || strcmp(v[i].phone,
		    v[i - 1].phone) != 0;
	free(v);
}

static const char *
reached_at(const struct dline *l)
{
	if (strcmp(rec_str(l->first, CALL_REACHED), "1") == 0)
		return rec_str(l->first, CALL_TIME);
	return l->backup != NULL ? rec_str(l->backup, CALL_TIME) : "";
}

/* "1.2" for "1.2.3.4": the branch under the top. */
static bool
in_branch(const char *pos, const char *branch)
{
	size_t n = strlen(branch);

	return strncmp(pos, branch, n) == 0 && (pos[n] == '\0' ||
	    pos[n] == '.');
}

static void
report_branches(struct txn *t, const struct dline *lines, size_t n,
    const char *start, struct ct_msgs *m)
{
	size_t i, j, called, ok;
	const char *pos;
	char *name;
	int last, mins;

	msg_add(m, "%s", _("Minutes from the start to the last line reached, "
	    "by branch:"));
	for (i = 0; i < n; i++) {
		pos = rec_str(lines[i].first, CALL_POSITION);
		if (strchr(pos, '.') == NULL || strchr(strchr(pos, '.') + 1,
		    '.') != NULL)
			continue;
		called = ok = 0;
		last = -1;
		for (j = 0; j < n; j++) {
			if (!in_branch(rec_str(lines[j].first, CALL_POSITION), pos))
				continue;
			called++;
			if (reached(&lines[j])) {
				ok++;
				mins = minutes(start, reached_at(&lines[j]));
				if (mins > last)
					last = mins;
			}
		}
		name = person_name(t, rec_str(lines[i].first, CALL_WHO));
		if (last >= 0)
			msg_add(m, _("  %s %s: %zu of %zu lines reached, the "
			    "last after %d minutes"), pos, name, ok, called,
			    last);
		else
			msg_add(m, _("  %s %s: none of %zu lines reached"), pos,
			    name, called);
		free(name);
	}
}

static void
report_failures(struct txn *t, const struct dline *lines, size_t n,
    struct ct_msgs *m)
{
	size_t i, bad = 0;
	const struct rec *c;
	char *name, *bname;
	bool *first;
	int k;

	msg_add(m, "%s", _("Not reached:"));
	for (i = 0; i < n; i++) {
		if (reached(&lines[i]))
			continue;
		name = person_name(t, rec_str(lines[i].first, CALL_WHO));
		if (lines[i].backup != NULL) {
			bname = person_name(t, rec_str(lines[i].backup,
			    CALL_WHO));
			msg_add(m, _("  %s %s %s; backup %s %s"),
			    rec_str(lines[i].first, CALL_POSITION), name,
			    rec_str(lines[i].first, CALL_PHONE), bname,
			    rec_str(lines[i].backup, CALL_PHONE));
			free(bname);
		} else
			msg_add(m, "  %s %s %s", rec_str(lines[i].first,
			    CALL_POSITION), name, rec_str(lines[i].first,
			    CALL_PHONE));
		free(name);
		bad++;
	}
	if (bad == 0)
		msg_add(m, "  %s", _("nobody"));
	msg_add(m, "%s", _("Numbers that did not answer (marked \"to verify\" "
	    "on the contact cards):"));
	first = xcalloc(2 * n + 1, sizeof *first);
	first_failures(lines, n, first);
	for (i = bad = 0; i < n; i++)
		for (k = 0; k < 2; k++) {
			if (!first[2 * i + (size_t)k])
				continue;
			c = dline_call(&lines[i], k);
			name = person_name(t, rec_str(c, CALL_WHO));
			msg_add(m, "  %s %s%s", name, rec_str(c, CALL_PHONE),
			    str_startswith(rec_str(c, CALL_WHO), "contact:") ?
			    "" : _(" (correct it in their record)"));
			free(name);
			bad++;
		}
	free(first);
	if (bad == 0)
		msg_add(m, "  %s", _("none: every number called answered"));
}

static uint32_t
last_drill(struct txn *t, uint32_t tree)
{
	struct idlist ids = { 0 };
	uint32_t id;

	ix_refs(t, IX_DRILL_TREE, tree, &ids);
	id = ids.n > 0 ? ids.v[ids.n - 1] : 0;
	idl_free(&ids);
	return id;
}

int
ct_report(struct db *db, uint32_t tree, uint32_t drill, struct ct_msgs *m,
    char **cause)
{
	struct dline *lines = NULL;
	struct rec *tr = NULL, *d = NULL;
	struct txn t;
	size_t n, i, ok = 0, backup = 0;
	int rc;

	if ((rc = txn_read(db, &t)) != 0) {
		set_cause(cause, _("cannot read the database"));
		return rc;
	}
	if ((rc = rec_get(&t, RT_TREE, tree, &tr)) != 0) {
		set_cause(cause, _("there is no call tree #%u"), tree);
		goto out;
	}
	if (drill == 0 && (drill = last_drill(&t, tree)) == 0) {
		set_cause(cause, _("the call tree \"%s\" has not been drilled "
		    "yet"), rec_str(tr, TREE_NAME));
		rc = SH_ENOTFOUND;
		goto out;
	}
	if ((rc = rec_get(&t, RT_DRILL, drill, &d)) != 0 ||
	    rec_ref(d, DRILL_TREE) != tree) {
		set_cause(cause, _("there is no drill #%u of this call tree"),
		    drill);
		rc = SH_ENOTFOUND;
		goto out;
	}
	n = drill_lines(&t, drill, &lines);
	for (i = 0; i < n; i++)
		if (reached(&lines[i])) {
			ok++;
			if (strcmp(rec_str(lines[i].first, CALL_REACHED),
			    "1") != 0)
				backup++;
		}
	msg_add(m, _("Drill #%u of \"%s\" (version %s) on %s, started at %s"),
	    drill, rec_str(tr, TREE_NAME), rec_str(d, DRILL_REVISION),
	    rec_str(d, DRILL_DATE), rec_str(d, DRILL_START));
	msg_add(m, _("Lines called: %zu; reached: %zu (%zu through the "
	    "backup); not reached: %zu."), n, ok, backup, n - ok);
	report_branches(&t, lines, n, rec_str(d, DRILL_START), m);
	report_failures(&t, lines, n, m);
	dlines_free(lines, n);
out:
	rec_free(tr);
	rec_free(d);
	txn_end(&t);
	return rc;
}
