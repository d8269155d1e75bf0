/*
 * calltree-make.c -- making and remaking a call tree (ct_generate,
 * ct_regenerate): see calltree.h.
 *
 * Making a tree (generate).  Children in school (status in_school) of
 * the school, or of every school for a township tree, are put in groups:
 * their class, their village, or for the boarders' night tree their
 * grade.  A family is the person called: the first contact in call order
 * who has a phone, so siblings with the same grandmother are one line
 * for all of them.  Each family is given a staff caller in three passes:
 * its class's class teacher (a staff member with the role class_teacher
 * heading that grade and class), then the children's mentor, then, for
 * what is left, a helper of the same school: one already helping with
 * the group while there is room, else the staff member with the lightest
 * load, the principal last.  A class with more families than the limit
 * is thus split over its class teacher and its mentors; a class without
 * a class teacher is called by its mentors.  No caller gets more than family_limit families; when
 * a school has too few staff for that, this making raises the limit to
 * the smallest that works and the result says so, rather than refusing
 * a sheet the school needs today; the tree keeps the limit given, and
 * ct_check() lists the lines over it until staff are added.  The callers of a group hang under its
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
 * person.  A class teacher's backup is the mentor of most of the
 * children she calls for (who knows those families); any other staff
 * caller's, and hers when they have no mentor, is the next staff member
 * called by the same person: when a caller cannot be reached, that
 * colleague takes over the list.  Officials' backups are their second phones.
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
 * Dates: mentors are looked up on the date of making, an option
 * defaulting to today, so that a tree can be made again the same way.
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
		if (s->principal < 0 && ct_set_has(rec_str(r, STAFF_ROLES),
		    "principal"))
			s->principal = (int)g->nstaff;
		if (leader < 0 && ct_set_has(rec_str(r, STAFF_ROLES), "leader"))
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
			if (ct_set_has(rec_str(st->rec, STAFF_ROLES),
			    "class_teacher") &&
			    strcmp(rec_str(st->rec, STAFF_GRADE),
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
		ph = ct_first_phone(card->lines[j].contact);
		if (*ph != '\0' && !ct_same_phone(ph, f->phone)) {
			free(f->backup);
			f->backup = person_make(RT_CONTACT,
			    card->lines[j].contact->id);
			ct_node_set(&f->backup_phone, ph);
			return;
		}
	}
	d = official_of(g, "director", rec_str(child, CHILD_VILLAGE));
	if (d != NULL && !ct_same_phone(rec_str(d, OFFICIAL_PHONE), f->phone)) {
		free(f->backup);
		f->backup = person_make(RT_OFFICIAL, d->id);
		ct_node_set(&f->backup_phone, rec_str(d, OFFICIAL_PHONE));
		return;
	}
	if (*f->phone != '\0')
		ct_node_set(&f->backup_phone, ct_other_phone(c, f->phone));
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
		ph = ct_first_phone(c);
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
		p->backup_phone = xstrdup(ct_other_phone(c, ph));
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
		if (*ct_first_phone(card.lines[prim].contact) != '\0')
			break;
	label = NULL;
	if (card.n == 0) {
		f = fam_new(g, si, gen_group(g, si, c), 0);
		label = child_label(g, c, si);
		ct_msg_add(&g->res->problems, _("%s: nobody on the contact "
		    "card: a home visit, written on the caller's line"), label);
	} else {
		if (prim == card.n) {
			prim = 0;
			label = child_label(g, c, si);
			ct_msg_add(&g->res->problems, _("%s: no phone on the "
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
			ct_node_set(&f->phone, ct_first_phone(
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
			if (ct_child_active(c) &&
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
			set_cause(cause, _("%s has no principal or member of "
			    "the leadership group among its staff to start the "
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
		ct_msg_add(&g->res->notes, _("The staff are too few for %d "
		    "families each: some call up to %zu, and \"calltree "
		    "check\" lists them until more staff are added."),
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
		s = g->groups[f->group].teacher;
		if (s >= 0 && g->staff[s].load < g->family_limit)
			assign(g, f, s);
	}
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
	if (*rec_str(st->rec, STAFF_GRADE) != '\0' &&
	    ct_set_has(rec_str(st->rec, STAFF_ROLES), "class_teacher"))
		return "class_teacher";
	for (i = 0; i < nitems(order); i++)
		if (ct_set_has(rec_str(st->rec, STAFF_ROLES), order[i]))
			return order[i];
	return "";
}

static int
staff_node(struct gen *g, int s, int parent)
{
	struct gstaff *st = &g->staff[s];
	char *who = person_make(RT_STAFF, st->rec->id);
	int k = ct_node_new(g->tr, parent, CT_CALLER, who);

	free(who);
	ct_node_set(&g->tr->nodes[k].role, staff_role(st));
	ct_node_set(&g->tr->nodes[k].phone, rec_str(st->rec, STAFF_PHONE));
	if (*rec_str(st->rec, STAFF_PHONE) == '\0')
		ct_msg_add(&g->res->notes, _("%s (staff) has no phone: whoever "
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
		if (o == NULL || *o->phone == '\0' || ct_same_phone(o->phone,
		    nd->phone))
			continue;
		ct_node_set(&nd->backup, o->who);
		ct_node_set(&nd->backup_phone, o->phone);
	}
}

/*
 * A class teacher's backup: the mentor of most of the families she
 * calls, when that mentor has a phone of their own.
 */
static void
teacher_backups(struct gen *g)
{
	int *count = xcalloc(g->nstaff + 1, sizeof *count);
	struct ct_node *nd;
	struct gstaff *m;
	size_t i, j;
	int t, best;
	char *who;

	for (i = 0; i < g->ngroups; i++) {
		t = g->groups[i].teacher;
		if (t < 0 || g->staff[t].node < 0)
			continue;
		memset(count, 0, g->nstaff * sizeof *count);
		best = -1;
		for (j = 0; j < g->nfams; j++) {
			const struct gfamily *f = &g->fams[j];
			size_t k;

			if (f->caller != t)
				continue;
			for (k = 0; k < f->mentors.n; k++) {
				int s = (int)f->mentors.v[k];

				m = &g->staff[s];
				if (s == t || *rec_str(m->rec, STAFF_PHONE) ==
				    '\0' || ct_same_phone(rec_str(m->rec,
				    STAFF_PHONE), rec_str(g->staff[t].rec,
				    STAFF_PHONE)))
					continue;
				if (++count[s] > (best < 0 ? 0 : count[best]))
					best = s;
			}
		}
		if (best < 0)
			continue;
		nd = &g->tr->nodes[g->staff[t].node];
		who = person_make(RT_STAFF, g->staff[best].rec->id);
		ct_node_set(&nd->backup, who);
		ct_node_set(&nd->backup_phone, rec_str(g->staff[best].rec,
		    STAFF_PHONE));
		free(who);
	}
	free(count);
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
				ct_node_add_kid(&g->tr->nodes[caller],
				    f->kids.v[k]);
			continue;
		}
		who = person_make(RT_CONTACT, f->contact);
		x = ct_node_new(g->tr, caller, CT_FAMILY, who);
		free(who);
		nd = &g->tr->nodes[x];
		ct_node_set(&nd->role, f->relation);
		ct_node_set(&nd->phone, f->phone);
		ct_node_set(&nd->backup, f->backup);
		ct_node_set(&nd->backup_phone, f->backup_phone);
		for (k = 0; k < f->kids.n; k++)
			ct_node_add_kid(nd, f->kids.v[k]);
		fnode[i] = x;
	}
	for (i = 0; i < g->nfams; i++)
		for (j = 0; fnode[i] >= 0 && j < g->fams[i].nparents; j++) {
			struct gparent *p = &g->fams[i].parents[j];

			if (map_get(&used, p->contact) >= 0)
				continue;
			map_put(&used, p->contact, 1);
			who = person_make(RT_CONTACT, p->contact);
			x = ct_node_new(g->tr, fnode[i], CT_PARENT, who);
			free(who);
			ct_node_set(&g->tr->nodes[x].role, p->relation);
			ct_node_set(&g->tr->nodes[x].phone, p->phone);
			ct_node_set(&g->tr->nodes[x].backup_phone,
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
		x = ct_node_new(g->tr, 0, CT_OFFICIAL, who);
		free(who);
		ct_node_set(&g->tr->nodes[x].role, kinds[i]);
		ct_node_set(&g->tr->nodes[x].phone, rec_str(o, OFFICIAL_PHONE));
		if (!ct_same_phone(rec_str(o, OFFICIAL_PHONE2),
		    rec_str(o, OFFICIAL_PHONE)))
			ct_node_set(&g->tr->nodes[x].backup_phone,
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
	teacher_backups(g);
	ct_relink(g->tr);
	return 0;
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
	char *scope = ct_scope_name(t, o->township ? 0 : o->school), *s;

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
		id = ct_find_txn(t, name);
	}
	if (id != 0) {
		if ((rc = rec_get(t, RT_TREE, id, &r)) != 0) {
			set_cause(cause, _("there is no call tree #%u"), id);
			free(name);
			return rc;
		}
		if (a->tree == 0 && rec_ref(r, TREE_SCHOOL) != school) {
			scope = ct_scope_name(t, rec_ref(r, TREE_SCHOOL));
			set_cause(cause, _("a call tree named \"%s\" is "
			    "already kept for %s"), name, scope);
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
	char *act;
	int rc;

	/*
	 * The limits stay as given: a limit raised for want of staff is
	 * this making's, and ct_check() tells the lines over the given one.
	 */
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
		ct_revision_next(r);
	if ((rc = rec_put(t, r, cause)) != 0)
		return rc;
	tr->rec = rec_dup(r);
	ct_tree_settings(t, tr);
	tr->family_limit = g->family_limit;
	if (!fresh && ((rc = ct_nodes_delete(t, r->id, cause)) != 0 ||
	    (rc = ct_edits_reapply(t, tr, &g->res->lost, cause)) != 0))
		return rc;
	/* Staff without a phone are in the notes already. */
	if (ct_check_but(t, tr, true, LP_NO_PHONE, &bad) > 0) {
		set_cause(cause, _("the call tree made breaks a rule (%s); "
		    "please report this"), bad.v[0]);
		ct_msgs_free(&bad);
		return SH_EINVAL;
	}
	if ((rc = ct_nodes_write(t, tr, cause)) != 0)
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
	if (!ct_may_school(t->db, rec_ref(r, TREE_SCHOOL), cause)) {
		rec_free(r);
		return SH_EPERM;
	}
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

