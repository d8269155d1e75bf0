/*
 * calltree.c -- see calltree.h.
 *
 * The model and the rules.  A tree is a list of lines, each a person
 * called by the line above it.  In memory the lines are an array in
 * print order with parent, first-child and next-sibling indexes
 * (ct_relink() restores that order after any change), so a subtree is a
 * contiguous range: printing, folding on a screen and keeping a branch
 * on one page are then walks over ranges.  On disk each line is an
 * RT_NODE record pointing at its parent node; the printed position
 * "1.2.3" is never stored but always computed from the order of seq
 * among siblings, so that moving a line renumbers what follows exactly
 * as the new sheet will.
 *
 * This file owns the lines in memory, loading a tree, the list of
 * trees, the rules (ct_check) and writing lines back.  Loading reads
 * the records as they are now: the children who have left come off
 * their lines (in memory: writing a line keeps them in its record),
 * and the phones are the people's current ones.  Making a tree is
 * calltree-make.c's, changes by hand calltree-edit.c's, drills
 * calltree-drill.c's, the printed sheet calltree-print.c's.
 */
#include "config.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "calltree-int.h"
#include "conf.h"
#include "codec.h"
#include "i18n.h"
#include "model.h"
#include "rec.h"
#include "schema.h"
#include "util.h"
#include "validate.h"

#include "rec.h"
#include "schema.h"
#include "util.h"
#include "validate.h"

/* node_kind_choices lists the kinds in the order of enum ct_kind. */
const char *
ct_kind_key(enum ct_kind k)
{
	return node_kind_choices[k].key;
}

static enum ct_kind
kind_of(const char *key)
{
	const struct choice *c = choice_find(node_kind_choices, key);

	return c != NULL ? (enum ct_kind)(c - node_kind_choices) : CT_CALLER;
}

void SH_PRINTF(2, 3)
ct_msg_add(struct ct_msgs *m, const char *fmt, ...)
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
bool
ct_same_phone(const char *a, const char *b)
{
	char *x = phone_digits(a), *y = phone_digits(b);
	bool same = *x != '\0' && strcmp(x, y) == 0;

	free(x);
	free(y);
	return same;
}

/* A person's record, or NULL. */
struct rec *
ct_person_get(struct txn *t, const char *who)
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
char *
ct_person_name(struct txn *t, const char *who)
{
	struct rec *r;
	char *s, *colon;

	if (who == NULL || *who == '\0')
		return xstrdup("");
	if ((r = ct_person_get(t, who)) == NULL) {
		colon = strchr(who, ':');
		return xasprintf("#%s", colon != NULL ? colon + 1 : who);
	}
	s = xstrdup(rec_title(r));
	rec_free(r);
	return s;
}

/* A person's first phone (staff and officials: their phone). */
const char *
ct_first_phone(const struct rec *r)
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
const char *
ct_other_phone(const struct rec *r, const char *not)
{
	const char *p;
	int i;

	switch (r->sc->type) {
	case RT_OFFICIAL:
		p = rec_str(r, OFFICIAL_PHONE2);
		if (*p == '\0' || ct_same_phone(p, not))
			p = rec_str(r, OFFICIAL_PHONE);
		return ct_same_phone(p, not) ? "" : p;
	case RT_CONTACT:
		for (i = 0; i < CONTACT_PHONES; i++) {
			p = rec_str(r, contact_phone_field(i));
			if (*p != '\0' && !ct_same_phone(p, not))
				return p;
		}
		return "";
	default:
		p = ct_first_phone(r);
		return ct_same_phone(p, not) ? "" : p;
	}
}

bool
ct_child_active(const struct rec *child)
{
	return child_active(child);
}

/* Is phone one of the person's numbers? */
static bool
has_phone(const struct rec *r, const char *phone)
{
	int i;

	switch (r->sc->type) {
	case RT_OFFICIAL:
		return ct_same_phone(rec_str(r, OFFICIAL_PHONE), phone) ||
		    ct_same_phone(rec_str(r, OFFICIAL_PHONE2), phone);
	case RT_CONTACT:
		for (i = 0; i < CONTACT_PHONES; i++)
			if (ct_same_phone(rec_str(r, contact_phone_field(i)),
			    phone))
				return true;
		return false;
	default:
		return ct_same_phone(ct_first_phone(r), phone);
	}
}

/* Is key in a set value ("principal,leader")? */
bool
ct_set_has(const char *set, const char *key)
{
	size_t n = strlen(key);
	const char *p;

	for (p = set; (p = strstr(p, key)) != NULL; p += n)
		if ((p == set || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
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
	ct_msgs_free(&t->problems);
	ct_msgs_free(&t->left);
	memset(t, 0, sizeof *t);
}

/* A new line, called by parent (-1: the top), after its other lines. */
int
ct_node_new(struct ct_tree *t, int parent, enum ct_kind kind, const char *who)
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

void
ct_node_set(char **field, const char *value)
{
	char *v = xstrdup(value != NULL ? value : "");

	free(*field);
	*field = v;
}

void
ct_node_add_kid(struct ct_node *nd, uint32_t child)
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
void
ct_relink(struct ct_tree *t)
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

/*
 * The township's name, for trees and printouts of the whole township:
 * the configuration file's, else the first the schools give.
 */
static char *
township_name(struct txn *t)
{
	const char *conf = conf_get(conf_system(NULL), "township");
	struct rec_iter it;
	struct rec *s;
	char *name = NULL;

	if (conf != NULL)
		return xstrdup(conf);
	rec_iter_start(t, RT_SCHOOL, &it);
	while (name == NULL && (s = rec_iter_next(&it)) != NULL) {
		if (*rec_str(s, SCHOOL_TOWNSHIP) != '\0')
			name = xstrdup(rec_str(s, SCHOOL_TOWNSHIP));
		rec_free(s);
	}
	rec_iter_end(&it);
	return name != NULL ? name : xstrdup(_("the township"));
}

char *
ct_scope_name(struct txn *t, uint32_t school)
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

/*
 * The names calltree-make.c gives the trees it makes, with the school's
 * or the township's name for the %s.
 */
static const char *const made_names[] = {
	N_("%s call tree by village"),
	N_("%s night call tree for boarders"),
	N_("%s call tree")
};

/* Whether name is fmt (one "%s") with scope for the %s. */
static bool
is_made(const char *name, const char *fmt, const char *scope)
{
	const char *mark = strstr(fmt, "%s");
	size_t pre, len;

	if (mark == NULL)
		return false;
	pre = (size_t)(mark - fmt);
	len = strlen(scope);
	return strncmp(name, fmt, pre) == 0 &&
	    strncmp(name + pre, scope, len) == 0 &&
	    strcmp(name + pre + len, mark + 2) == 0;
}

/* fmt with scope for its "%s". */
static char *
made_name(const char *fmt, const char *scope)
{
	const char *mark = strstr(fmt, "%s");

	if (mark == NULL)
		return xstrdup(fmt);
	return xasprintf("%.*s%s%s", (int)(mark - fmt), fmt, scope, mark + 2);
}

char *
ct_tree_name(const struct ct_tree *tr)
{
	const char *name = rec_str(tr->rec, TREE_NAME);
	const char *scope = tr->school_name != NULL ? tr->school_name : "";
	size_t i;

	for (i = 0; i < nitems(made_names); i++)
		if (is_made(name, made_names[i], scope) ||
		    is_made(name, _(made_names[i]), scope))
			return made_name(_(made_names[i]), scope);
	return xstrdup(name);
}

/* The tree record's settings, copied into the struct. */
void
ct_tree_settings(struct txn *t, struct ct_tree *tr)
{
	free(tr->school_name);
	tr->school_name = ct_scope_name(t, rec_ref(tr->rec, TREE_SCHOOL));
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
		school = ct_scope_name(t, rec_ref(p, STAFF_SCHOOL));
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

	p = ct_person_get(t, nd->who);
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
	nd->backup_name = ct_person_name(t, nd->backup);
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
	ct_node_set(&nd->who, rec_str(r, NODE_WHO));
	ct_node_set(&nd->role, rec_str(r, NODE_ROLE));
	ct_node_set(&nd->phone, rec_str(r, NODE_PHONE));
	ct_node_set(&nd->backup, rec_str(r, NODE_BACKUP));
	ct_node_set(&nd->backup_phone, rec_str(r, NODE_BACKUP_PHONE));
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
		k = ct_node_new(tr, -1, CT_CALLER, "");
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
		ct_relink(tr);
	return rc;
}

/*
 * The backup numbers typed by hand for a tree (edits "backup" with a
 * phone): numbers that may be on no record, kept as typed.
 */
static void
typed_backups(struct txn *t, uint32_t tree, struct rec ***v, size_t *n)
{
	struct idlist ids = { 0 };
	struct rec *e;
	size_t i;

	*v = NULL;
	*n = 0;
	ix_refs(t, IX_EDIT_TREE, tree, &ids);
	for (i = 0; i < ids.n; i++) {
		if (rec_get(t, RT_EDIT, ids.v[i], &e) != 0)
			continue;
		if (strcmp(rec_str(e, EDIT_OP), "backup") != 0 ||
		    *rec_str(e, EDIT_PHONE) == '\0') {
			rec_free(e);
			continue;
		}
		*v = xreallocarray(*v, *n + 1, sizeof **v);
		(*v)[(*n)++] = e;
	}
	idl_free(&ids);
}

static bool
typed_backup(struct rec *const *v, size_t n, const struct ct_node *nd)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(rec_str(v[i], EDIT_SUBJECT), nd->who) == 0 &&
		    ct_same_phone(rec_str(v[i], EDIT_PHONE), nd->backup_phone))
			return true;
	return false;
}

/*
 * A line's numbers as the records stand: the stored number while it is
 * still the person's, else their first one; the backup's likewise (a
 * number typed by hand stays).  A person no longer in the records keeps
 * the numbers stored with the line.  A line without a backup stays so.
 */
static void
node_phones(struct txn *t, struct ct_node *nd, struct rec *const *typed,
    size_t ntyped)
{
	struct rec *p, *b;
	const char *ph;
	bool other;

	p = ct_person_get(t, nd->who);
	if (p != NULL && (*nd->phone == '\0' || !has_phone(p, nd->phone)))
		ct_node_set(&nd->phone, ct_first_phone(p));
	if (*nd->backup_phone == '\0' || typed_backup(typed, ntyped, nd)) {
		rec_free(p);
		return;
	}
	other = *nd->backup != '\0' && strcmp(nd->backup, nd->who) != 0;
	b = other ? ct_person_get(t, nd->backup) : p;
	if (b != NULL && (!has_phone(b, nd->backup_phone) ||
	    ct_same_phone(nd->backup_phone, nd->phone))) {
		ph = other ? ct_first_phone(b) : "";
		if (*ph == '\0' || ct_same_phone(ph, nd->phone))
			ph = ct_other_phone(b, nd->phone);
		ct_node_set(&nd->backup_phone, ph);
	}
	if (other)
		rec_free(b);
	rec_free(p);
}

/*
 * "张三(三年级2班), line 1.1.3 李秀英: left school (transferred): removed
 * from the tree".
 */
static void
left_msg(struct txn *t, struct ct_tree *tr, size_t i, uint32_t child,
    const struct rec *c)
{
	char *kid = kid_label(t, child), *name;

	name = ct_person_name(t, tr->nodes[i].who);
	if (c != NULL)
		ct_msg_add(&tr->left, _("%s, line %s %s: left school (%s): "
		    "removed from the tree"), kid, tr->nodes[i].pos, name,
		    choice_label(status_choices, rec_str(c, CHILD_STATUS)));
	else
		ct_msg_add(&tr->left, _("%s, line %s %s: no longer in the "
		    "records: removed from the tree"), kid, tr->nodes[i].pos,
		    name);
	free(name);
	free(kid);
}

/*
 * After whole subtrees were taken out of lines in print order: the
 * links and sizes again, the positions and seq as they were, so that a
 * sheet printed before (the same version) still names the same lines.
 */
static void
relink_kept(struct ct_tree *tr)
{
	int *last = xcalloc(tr->n ? tr->n : 1, sizeof *last);
	size_t i;
	int p;

	for (i = 0; i < tr->n; i++) {
		tr->nodes[i].first = tr->nodes[i].next = last[i] = -1;
		tr->nodes[i].size = 1;
	}
	for (i = 0; i < tr->n; i++) {
		if ((p = tr->nodes[i].parent) < 0)
			continue;
		if (last[p] < 0)
			tr->nodes[p].first = (int)i;
		else
			tr->nodes[last[p]].next = (int)i;
		last[p] = (int)i;
	}
	for (i = tr->n; i-- > 0;)
		if ((p = tr->nodes[i].parent) >= 0 && (size_t)p < i)
			tr->nodes[p].size += tr->nodes[i].size;
	free(last);
}

/*
 * Children who have left, or are no longer in the records, come off
 * their lines (each told in tr->left); a family line left for no child
 * goes, with what it calls.  Only in memory: node_write() keeps them in
 * the record, so that a leaving undone puts the child back.
 */
static void
leave_out(struct txn *t, struct ct_tree *tr)
{
	struct ct_node *nd;
	struct rec *c;
	int *where;
	size_t i, j, k, n;
	bool drop = false;

	where = xcalloc(tr->n ? tr->n : 1, sizeof *where);
	for (i = 0; i < tr->n; i++) {
		nd = &tr->nodes[i];
		for (j = k = 0; j < nd->nkids; j++) {
			if (rec_get(t, RT_CHILD, nd->kids[j], &c) != 0)
				c = NULL;
			if (c != NULL && ct_child_active(c))
				nd->kids[k++] = nd->kids[j];
			else
				left_msg(t, tr, i, nd->kids[j], c);
			rec_free(c);
		}
		if (k == 0 && nd->nkids > 0 && nd->kind == CT_FAMILY &&
		    where[i] == 0) {
			/* In print order: its subtree follows it. */
			for (j = i; j < i + (size_t)nd->size && j < tr->n; j++)
				where[j] = -1;
			drop = true;
		}
		nd->nkids = k;
	}
	if (drop) {
		for (i = 0, n = 0; i < tr->n; i++) {
			if (where[i] < 0) {
				node_free(&tr->nodes[i]);
				continue;
			}
			where[i] = (int)n;
			tr->nodes[n++] = tr->nodes[i];
		}
		for (i = 0; i < n; i++)
			if (tr->nodes[i].parent >= 0)
				tr->nodes[i].parent = where[tr->nodes[i].parent];
		tr->n = n;
		relink_kept(tr);
	}
	free(where);
}

int
ct_load_txn(struct txn *t, uint32_t id, bool display, struct ct_tree *tr,
    char **cause)
{
	struct rec **typed;
	size_t i, ntyped;
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
	ct_tree_settings(t, tr);
	if ((rc = load_nodes(t, tr, cause)) != 0) {
		ct_free(tr);
		return rc;
	}
	leave_out(t, tr);
	typed_backups(t, id, &typed, &ntyped);
	for (i = 0; i < tr->n; i++) {
		tr->nchildren += tr->nodes[i].nkids;
		node_phones(t, &tr->nodes[i], typed, ntyped);
		if (display)
			node_display(t, tr, &tr->nodes[i]);
	}
	for (i = 0; i < ntyped; i++)
		rec_free(typed[i]);
	free(typed);
	if (display) {
		ct_check(t, tr, false, &tr->problems);
		for (i = 0; i < tr->left.n; i++)
			ct_msg_add(&tr->problems, "%s", tr->left.v[i]);
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
	if (!ct_may_use(&t, id, cause))
		rc = SH_EPERM;
	else
		rc = ct_load_txn(&t, id, true, tr, cause);
	txn_end(&t);
	return rc;
}

bool
ct_may_school(struct db *db, uint32_t school, char **cause)
{
	if (access_school_lead(school))
		return true;
	set_cause(cause, _("%s may not use this call tree: a school's call "
	    "trees are for its principal, its leadership group and the "
	    "administrator"), db->user);
	return false;
}

bool
ct_may_use(struct txn *t, uint32_t tree, char **cause)
{
	struct rec *r;
	uint32_t school = 0;

	if (access_admin())
		return true;
	if (rec_get(t, RT_TREE, tree, &r) == 0) {
		school = rec_ref(r, TREE_SCHOOL);
		rec_free(r);
	}
	return ct_may_school(t->db, school, cause);
}

/*
 * Follows the numbers of "1.2.3" down the tree: the first top line
 * (tops are numbered in print order, each followed by its subtree),
 * its second line, that line's third.  The position found must read
 * the same, so that "01.2" or "1..2" are not taken for "1.2".
 */
static int
pos_walk(const struct ct_tree *tr, const char *pos)
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
ct_find_pos(const struct ct_tree *tr, const char *pos)
{
	size_t i;
	int k;

	if ((k = pos_walk(tr, pos)) >= 0 || *pos < '0' || *pos > '9')
		return k;
	/* After a line left out (leave_out()), the others keep theirs. */
	for (i = 0; i < tr->n; i++)
		if (tr->nodes[i].pos != NULL && strcmp(tr->nodes[i].pos,
		    pos) == 0)
			return (int)i;
	return -1;
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

uint32_t
ct_find_txn(struct txn *t, const char *name)
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
	id = ct_find_txn(&t, name);
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
	/* The last drill: a run for a real incident is not one. */
	while (drills.n > 0 && ct_run_incident(t, drills.v[drills.n - 1]) != 0)
		drills.n--;
	if (drills.n > 0 && rec_get(t, RT_DRILL, drills.v[drills.n - 1],
	    &d) == 0) {
		in->drill = d->id;
		free(in->drill_date);
		in->drill_date = xasprintf("%s %s", rec_str(d, DRILL_DATE),
		    rec_str(d, DRILL_START));
		ct_drill_counts(t, d->id, &in->drill_called,
		    &in->drill_reached);
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
		if (ct_may_use(&t, ids.v[i], NULL))
			info_fill(&t, ids.v[i], &(*out)[(*n)++]);
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

	name = nd->name != NULL ? xstrdup(nd->name) :
	    ct_person_name(t, nd->who);
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
			ct_msg_add(m, _("the same person is on two lines: %s "
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
	ct_msg_add(m, "%s: %s", l, what);
	free(l);
	free(what);
}

/*
 * The problems of line i, as LP_* bits.  Adds a message to m (when not
 * NULL) for each problem not among known; returns how many it added.
 */
size_t
ct_check_line(struct txn *t, const struct ct_tree *tr, size_t i,
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
	if (*nd->backup_phone != '\0' && ct_same_phone(nd->backup_phone,
	    nd->phone))
		bits |= LP_SAME_NUMBER;
	else if (*nd->backup != '\0' && strcmp(nd->backup, nd->who) == 0 &&
	    *nd->backup_phone == '\0')
		bits |= LP_SAME_PERSON;
	if (nd->kind == CT_FAMILY && nd->nkids == 0)
		bits |= LP_NO_CHILD;
	if (nd->kind == CT_CALLER && *nd->phone == '\0')
		bits |= LP_NO_PHONE;
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
	if (tell & LP_NO_PHONE)
		line_msg(t, tr, i, m, "%s", _("staff without a phone: whoever "
		    "calls them cannot reach them; add the phone to their "
		    "record"));
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
		if (ct_child_active(r) &&
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
			ct_msg_add(m, _("%s is on two lines: %s and %s"), kid, a,
			    b);
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
			ct_msg_add(m, _("%s (on line %s) is no longer a child "
			    "in school here: make the tree again"), kid, a);
			free(kid);
			free(a);
			bad++;
		}
	}
	idl_uniq(&seen);
	for (i = 0; i < active.n; i++)
		if (!idl_has(&seen, active.v[i])) {
			kid = kid_label(t, active.v[i]);
			ct_msg_add(m, _("%s is not in the tree: make the tree "
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
	return ct_check_but(t, tr, children, 0, m);
}

size_t
ct_check_but(struct txn *t, const struct ct_tree *tr, bool children,
    unsigned ignore, struct ct_msgs *m)
{
	size_t i, bad = 0, tops = 0;

	if (tr->n == 0) {
		ct_msg_add(m, "%s", _("the tree has no lines"));
		return 1;
	}
	for (i = 0; i < tr->n; i++)
		if (tr->nodes[i].parent < 0)
			tops++;
	if (tops != 1) {
		ct_msg_add(m, _("the tree has %zu top lines, not one"), tops);
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
		bad += ct_check_line(t, tr, i, ignore, m, NULL);
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
	if (!ct_may_use(&t, id, cause))
		rc = SH_EPERM;
	else if ((rc = ct_load_txn(&t, id, true, &tr, cause)) == 0) {
		ct_check(&t, &tr, true, m);
		ct_free(&tr);
	}
	txn_end(&t);
	return rc;
}

/* ---- writing ---- */

/*
 * The children a line stores: those it shows, and those the record had
 * that have left since (leave_out() took them off in memory only).
 */
static char *
node_kids(struct txn *t, const struct rec *r, const struct ct_node *nd)
{
	uint32_t *v, *had;
	size_t n = nd->nkids, nhad, i, j;
	struct rec *c;
	char *s;

	v = xreallocarray(NULL, n + 1, sizeof *v);
	if (n > 0)
		memcpy(v, nd->kids, n * sizeof *v);
	kids_parse(rec_str(r, NODE_CHILDREN), &had, &nhad);
	for (i = 0; i < nhad; i++) {
		for (j = 0; j < nd->nkids && nd->kids[j] != had[i]; j++)
			;
		if (j < nd->nkids)
			continue;
		if (rec_get(t, RT_CHILD, had[i], &c) == 0) {
			j = ct_child_active(c);
			rec_free(c);
			if (j)
				continue;
		}
		v = xreallocarray(v, n + 1, sizeof *v);
		v[n++] = had[i];
	}
	s = kids_format(v, n);
	free(v);
	free(had);
	return s;
}

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
	rec_set(r, NODE_KIND, ct_kind_key(nd->kind));
	rec_set(r, NODE_WHO, nd->who);
	rec_set(r, NODE_ROLE, nd->role);
	rec_set(r, NODE_PHONE, nd->phone);
	rec_set(r, NODE_BACKUP, nd->backup);
	rec_set(r, NODE_BACKUP_PHONE, nd->backup_phone);
	kids = node_kids(t, r, nd);
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
int
ct_nodes_write(struct txn *t, struct ct_tree *tr, char **cause)
{
	size_t i;
	int rc;

	for (i = 0; i < tr->n; i++)
		if (tr->nodes[i].id == 0 || tr->nodes[i].dirty)
			if ((rc = node_write(t, tr, i, cause)) != 0)
				return rc;
	return 0;
}

int
ct_nodes_delete(struct txn *t, uint32_t tree, char **cause)
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
int
ct_revision_next(struct rec *tree)
{
	char num[16];
	int rev = atoi(rec_str(tree, TREE_REVISION)) % 999999 + 1;

	snprintf(num, sizeof num, "%d", rev);
	rec_set(tree, TREE_REVISION, num);
	return rev;
}

int
ct_tree_bump(struct txn *t, struct ct_tree *tr, char **cause)
{
	tr->revision = ct_revision_next(tr->rec);
	return rec_put(t, tr->rec, cause);
}

int
ct_revision_check(const struct ct_tree *tr, int revision, char **cause)
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

