/*
 * roster-apply.c -- each checked row of a roster matched against the
 * database and written, inside the import's one write transaction: the
 * kind's apply() (see sheet.h), which may run more than once.
 *
 * Matching.  A child is the one with the same ID number, or else with
 * the same name, birth date and school (never one with another ID
 * number: two children with ID numbers are two), preferring one that no
 * earlier row took, of the same grade and class, with the same parents.
 * A parent or guardian is, in turn: the person of that name on the
 * child's contact card; a person of the same name with the same phone
 * number anywhere (so siblings share their father, mother and
 * grandmother, whether they came in this roster or an earlier one); for
 * a person without a phone, the one of the same role and name made for
 * an earlier row of this roster with the same 现居住地 and the same other
 * people.  Otherwise a new contact is made.  A guardian who is also a parent is marked as the
 * entrusted guardian on the parent's link.  A mentor (帮扶教师) is the
 * staff member of that name in the child's school, made when there is
 * none; a school named that does not exist is made too (both are listed
 * in the summary).
 *
 * Updating.  A roster adds and changes, never removes: an empty cell
 * leaves the stored value alone, people are never unlinked, and a
 * changed phone number becomes the person's first number with the old
 * ones kept after it.  Only the entrusted-guardian mark moves to the
 * guardian the roster names.  A record whose values come out the same
 * is not written at all, so importing the same roster again changes
 * nothing, versions included.  Within one roster the first row that
 * names a person decides their details; a later row that disagrees gets
 * a warning, not a change, so that the result does not depend on the
 * order of a second import.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "codec.h"
#include "ixload.h"
#include "i18n.h"
#include "model.h"
#include "rec.h"
#include "roster-int.h"
#include "schema.h"
#include "util.h"

/* Writes a record; the keys of a bulk load's new one are kept. */
static int
imp_put(struct imp *im, struct txn *t, struct rec *r, char **cause)
{
	int rc;

	if ((rc = rec_put(t, r, cause)) == 0 && im->bulk)
		ixload_add(im->ix, r);
	return rc;
}

/* The id of a school by name, 0 when it does not exist yet. */
static uint32_t
school_id(struct imp *im, struct txn *t, const char *name)
{
	size_t i;
	uint32_t id;

	for (i = 0; i < im->nschools; i++)
		if (strcmp(im->schools[i], name) == 0)
			return im->sids[i];
	id = school_by_name(t, name);
	im->sids = xreallocarray(im->sids, im->nschools + 1,
	    sizeof *im->sids);
	strv_push(&im->schools, &im->nschools, xstrdup(name));
	im->sids[im->nschools - 1] = id;
	return id;
}

static int
school_make(struct imp *im, struct txn *t, const char *name, uint32_t *id,
    char **cause)
{
	struct rec *s = rec_new(RT_SCHOOL);
	size_t i;
	int rc;

	rec_set(s, SCHOOL_NAME, name);
	if ((rc = imp_put(im, t, s, cause)) == 0) {
		*id = s->id;
		for (i = 0; i < im->nschools; i++)
			if (strcmp(im->schools[i], name) == 0)
				im->sids[i] = s->id;
		strv_push(&im->sum->schools_created,
		    &im->sum->nschools_created, xstrdup(name));
	}
	rec_free(s);
	return rc;
}

static bool
rec_same(const struct rec *a, const struct rec *b)
{
	int i;

	for (i = 0; i < a->sc->nfields; i++)
		if (strcmp(rec_str(a, i), rec_str(b, i)) != 0)
			return false;
	return true;
}

/* Whether the child's card has a person of this relation and name. */
static bool
card_has(const struct card *card, const char *relation, const char *name)
{
	size_t i;

	for (i = 0; i < card->n; i++)
		if (strcmp(rec_str(card->lines[i].link, LINK_RELATION),
		    relation) == 0 && strcmp(rec_str(card->lines[i].contact,
		    CONTACT_NAME), name) == 0)
			return true;
	return false;
}

/*
 * How well a stored child of the row's name, birth date and school fits
 * the row: -1 not at all (two ID numbers); else more for one no earlier
 * row took, of the same grade and class, with the row's father and
 * mother (looked at only when several children have the name), and
 * without an ID number when the row has none (the export writes every
 * child's).
 */
static int
child_fit(struct imp *im, struct txn *t, const struct rec *c,
    const struct rowvals *rv, bool several)
{
	struct card card = { NULL, 0 };
	uint32_t seen = hm_get(&im->seen, id_key('k', c->id));
	int fit = 0;

	/* Two children with ID numbers are two, even if named alike. */
	if (rv->v[COL_IDNUM] != NULL && *rec_str(c, CHILD_IDNUM) != '\0')
		return -1;
	/*
	 * A child this import made is no other row's: the check refused a
	 * second row that nothing told apart.
	 */
	if (seen & SEEN_NEW)
		return -1;
	if (seen == 0)
		fit += 16;
	if (rv->v[COL_GRADE] != NULL && rv->v[COL_CLASS] != NULL &&
	    strcmp(rec_str(c, CHILD_GRADE), rv->v[COL_GRADE]) == 0 &&
	    strcmp(rec_str(c, CHILD_CLASS), rv->v[COL_CLASS]) == 0)
		fit += 8;
	if (several && (rv->v[COL_FATHER_NAME] != NULL ||
	    rv->v[COL_MOTHER_NAME] != NULL) &&
	    child_card(t, c->id, &card) == 0) {
		if (rv->v[COL_FATHER_NAME] != NULL &&
		    card_has(&card, "father", rv->v[COL_FATHER_NAME]))
			fit += 2;
		if (rv->v[COL_MOTHER_NAME] != NULL &&
		    card_has(&card, "mother", rv->v[COL_MOTHER_NAME]))
			fit += 2;
	}
	card_free(&card);
	if (rv->v[COL_IDNUM] == NULL && *rec_str(c, CHILD_IDNUM) == '\0')
		fit += 1;
	return fit;
}

/*
 * The stored child of a row: by ID number, else by name, birth date and
 * school, the one that fits best.  0 when there is none.  A child found
 * by name was read to be compared: it is handed back in *found (else
 * NULL) for the caller to free.
 */
static uint32_t
child_find(struct imp *im, struct txn *t, const struct rowvals *rv,
    uint32_t school, struct rec **found)
{
	struct idlist l = { 0 };
	struct rec *c;
	uint32_t id = 0;
	size_t i;
	int fit, best = -1;
	const char *name = rv->v[COL_NAME];

	*found = NULL;
	if (rv->v[COL_IDNUM] != NULL &&
	    (id = child_by_idnum(t, rv->v[COL_IDNUM])) != 0)
		return id;
	if (school == 0)
		return 0;
	ix_scan(t, IX_CHILD_NAME, name, strlen(name) + 1, &l);
	idl_uniq(&l);
	for (i = 0; i < l.n; i++) {
		if (rec_get(t, RT_CHILD, l.v[i], &c) != 0)
			continue;
		if (strcmp(rec_str(c, CHILD_NAME), name) == 0 &&
		    strcmp(rec_str(c, CHILD_BIRTH), rv->v[COL_BIRTH]) == 0 &&
		    rec_ref(c, CHILD_SCHOOL) == school &&
		    (fit = child_fit(im, t, c, rv, l.n > 1)) > best) {
			best = fit;
			rec_free(*found);
			*found = c;
			id = c->id;
		} else
			rec_free(c);
	}
	idl_free(&l);
	return id;
}

/* The roster's values over a child (a new one, or a copy of the stored). */
static void
child_apply(struct rec *c, const struct rowvals *rv, uint32_t school)
{
	int col;

	/* A new grade corrects the schooling (schema.c: child_check). */
	for (col = 0; col < roster_ncol; col++)
		if (columns[col].rt == RT_CHILD &&
		    !(columns[col].flags & CF_ADDRESS) && rv->v[col] != NULL)
			rec_set(c, columns[col].field, rv->v[col]);
	if (rv->village != NULL)
		rec_set(c, CHILD_VILLAGE, rv->village);
	if (rv->group != NULL)
		rec_set(c, CHILD_GROUP, rv->group);
	/* One parent away: "the other cannot care" says more; keep it. */
	if (rv->lbtype != NULL && !(strcmp(rec_str(c, CHILD_LEFT_BEHIND),
	    "one_unable") == 0 && strcmp(rv->lbtype, "both") != 0))
		rec_set(c, CHILD_LEFT_BEHIND, rv->lbtype);
	rec_set_ref(c, CHILD_SCHOOL, school);
}

/* What is to become of one person of a row. */
struct plan {
	const struct person	*p;
	uint32_t		 id;	/* the contact; 0: a new one */
	struct rec		*c;	/* to store (new or changed), or NULL */
	struct rec		*link;	/* the child's link to them, or NULL */
};

static bool
has_phone(const struct rec *c, const char *phone)
{
	int i;

	for (i = 0; i < CONTACT_PHONES; i++)
		if (strcmp(rec_str(c, contact_phone_field(i)), phone) == 0)
			return true;
	return false;
}

/* Moves phone number from to slot to, with what is known about it. */
static void
phone_move(struct rec *c, int to, int from)
{
	rec_set(c, contact_phone_field(to), rec_str(c,
	    contact_phone_field(from)));
	rec_set(c, contact_verified_field(to), rec_str(c,
	    contact_verified_field(from)));
	rec_set(c, contact_failed_field(to), rec_str(c,
	    contact_failed_field(from)));
}

/*
 * Adds a phone number to a contact: first (a new number replaces the
 * old as the one to call, which moves down) or last.  Returns the number
 * pushed off the end, or NULL.  When a number was verified, or failed
 * in a drill, moves with it.
 */
static char *
add_phone(struct rec *c, const char *phone, bool first)
{
	char *dropped = NULL;
	int i;

	if (phone == NULL || has_phone(c, phone))
		return NULL;
	if (!first) {
		for (i = 0; i < CONTACT_PHONES; i++)
			if (*rec_str(c, contact_phone_field(i)) == '\0') {
				rec_set(c, contact_phone_field(i), phone);
				return NULL;
			}
		return xstrdup(phone);
	}
	if (*rec_str(c, contact_phone_field(CONTACT_PHONES - 1)) != '\0')
		dropped = xstrdup(rec_str(c,
		    contact_phone_field(CONTACT_PHONES - 1)));
	for (i = CONTACT_PHONES - 1; i > 0; i--)
		phone_move(c, i, i - 1);
	rec_set(c, contact_phone_field(0), phone);
	rec_set(c, contact_verified_field(0), NULL);
	rec_set(c, contact_failed_field(0), NULL);
	return dropped;
}

/*
 * A person without a phone is known again by their role and name, the
 * child's 现居住地 and the names of the row's other people: siblings
 * share all of them, another family of the same village group hardly.
 */
static uint64_t
nophone_key(const struct rowvals *rv, const struct person *p)
{
	uint64_t h = hash_start('p');
	int i;

	h = hash_str(h, p->relation);
	h = hash_str(h, p->name);
	h = hash_str(h, rv->village);
	h = hash_str(h, rv->group);
	for (i = 0; i < rv->np; i++) {
		h = hash_str(h, rv->p[i].relation);
		h = hash_str(h, rv->p[i].name);
	}
	return hash_end(h);
}

/* A person by name and phone number, for the contacts a bulk load made. */
static uint64_t
phone_key(const char *name, const char *phone)
{
	char *digits = phone_digits(phone);
	uint64_t h;

	h = hash_end(hash_str(hash_str(hash_start('t'), name), digits));
	free(digits);
	return h;
}

/*
 * An existing contact for a person (see the top), as read, for the
 * caller to free; NULL when none.  *link is the child's link to them when
 * they are on the card.
 */
static struct rec *
contact_find(struct imp *im, struct txn *t, const struct rowvals *rv,
    const struct person *p, const struct card *card, struct rec **link)
{
	struct idlist l = { 0 };
	const struct rec *on_card = NULL;
	struct rec *c, *found = NULL;
	char *digits;
	uint32_t id;
	size_t i;

	*link = NULL;
	for (i = 0; i < card->n; i++) {
		if (strcmp(rec_str(card->lines[i].contact, CONTACT_NAME),
		    p->name) != 0)
			continue;
		if (on_card == NULL || strcmp(rec_str(card->lines[i].link,
		    LINK_RELATION), p->relation) == 0) {
			on_card = card->lines[i].contact;
			*link = card->lines[i].link;
		}
	}
	if (on_card != NULL)
		return rec_dup(on_card);
	if (p->phone != NULL && im->bulk) {
		id = hm_get(&im->byphone, phone_key(p->name, p->phone));
		if (id != 0 && rec_get(t, RT_CONTACT, id, &c) == 0) {
			if (strcmp(rec_str(c, CONTACT_NAME), p->name) == 0 &&
			    has_phone(c, p->phone))
				return c;
			rec_free(c);
		}
		return NULL;
	}
	if (p->phone != NULL) {
		digits = phone_digits(p->phone);
		ix_scan(t, IX_PHONE, digits, strlen(digits) + 1, &l);
		free(digits);
		idl_uniq(&l);
		for (i = 0; i < l.n && found == NULL; i++) {
			if (rec_get(t, RT_CONTACT, l.v[i], &c) != 0)
				continue;
			if (strcmp(rec_str(c, CONTACT_NAME), p->name) == 0 &&
			    has_phone(c, p->phone))
				found = c;
			else
				rec_free(c);
		}
		idl_free(&l);
		/*
		 * Someone on the cards only of children this login may not
		 * see (another school's) is not taken over: a new contact.
		 */
		if (found != NULL && !access_contact(t, found->id)) {
			rec_free(found);
			found = NULL;
		}
		return found;
	}
	id = hm_get(&im->nophone, nophone_key(rv, p));
	if (id != 0 && rec_get(t, RT_CONTACT, id, &c) == 0) {
		if (strcmp(rec_str(c, CONTACT_NAME), p->name) == 0)
			return c;
		rec_free(c);
	}
	return NULL;
}

/* The entrusted guardian's columns of the schema's fields. */
static void
person_fields(const struct rowvals *rv, const struct person *p,
    struct rec *c)
{
	int col;

	for (col = COL__FIXED; col < roster_ncol; col++)
		if (columns[col].rt == RT_CONTACT && p->guardian &&
		    columns[col].role == ROLE_GUARDIAN && rv->v[col] != NULL)
			rec_set(c, columns[col].field, rv->v[col]);
}

/*
 * Plans a person: the contact found or a new one, with the row's
 * details.  A contact an earlier row of this roster already decided is
 * not changed again: the differences are warned about.
 */
static void
plan_person(struct imp *im, struct txn *t, const struct rowvals *rv,
    const struct person *p, const struct card *card, struct plan *pl)
{
	struct rec *old, *c;
	uint32_t first;
	char *dropped = NULL, *d2 = NULL;

	memset(pl, 0, sizeof *pl);
	pl->p = p;
	old = contact_find(im, t, rv, p, card, &pl->link);
	pl->id = old != NULL ? old->id : 0;
	c = old != NULL ? rec_dup(old) : rec_new(RT_CONTACT);
	if (old == NULL)
		rec_set(c, CONTACT_NAME, p->name);
	dropped = add_phone(c, p->phone, true);
	d2 = add_phone(c, p->phone2, false);
	if (p->work != NULL)
		rec_set(c, CONTACT_WORKPLACE, p->work);
	person_fields(rv, p, c);
	first = old != NULL ? hm_get(&im->touched, id_key('c', old->id)) : 0;
	if (old != NULL && first != 0 && !rec_same(old, c)) {
		/* The first row that named this person decides. */
		if (p->work != NULL && strcmp(rec_str(old, CONTACT_WORKPLACE),
		    p->work) != 0)
			sheet_report(im->sh, false, _("%s \"%s\" differs from "
			    "row %u, where it is \"%s\", which is kept"),
			    sheet_hdr(im->sh, p->cwork), p->work, first,
			    rec_str(old, CONTACT_WORKPLACE));
		if (p->phone != NULL && !has_phone(old, p->phone))
			sheet_report(im->sh, false, _("%s \"%s\" differs from "
			    "row %u, where it is \"%s\", which is kept"),
			    sheet_hdr(im->sh, p->cphone), p->phone, first,
			    rec_str(old, CONTACT_PHONE1));
		if (p->phone2 != NULL && !has_phone(old, p->phone2))
			sheet_report(im->sh, false, _("%s \"%s\" differs from "
			    "row %u, where it is \"%s\", which is kept"),
			    sheet_hdr(im->sh, COL_GUARDIAN_PHONE), p->phone2, first,
			    rec_str(old, CONTACT_PHONE1));
		rec_free(c);
		c = NULL;
	} else if (old != NULL && rec_same(old, c)) {
		rec_free(c);
		c = NULL;
	} else {
		if (dropped != NULL)
			sheet_report(im->sh, false, _("%s has three phone "
			    "numbers already: %s is no longer kept"), p->name,
			    dropped);
		if (d2 != NULL)
			sheet_report(im->sh, false, _("%s has three phone "
			    "numbers already: %s is not added"), p->name, d2);
	}
	free(dropped);
	free(d2);
	rec_free(old);
	pl->c = c;
}

static uint64_t
staff_key(uint32_t school, const char *name)
{
	return hash_end(hash_str(hash_bytes(hash_start('s'), &school,
	    sizeof school), name));
}

/* Finds (or plans to make) the mentor: a staff entry index, or -1. */
static int
plan_mentor(struct imp *im, struct txn *t, const struct rowvals *rv,
    uint32_t school)
{
	struct idlist l = { 0 };
	struct staffent *e;
	uint64_t key;
	uint32_t v;
	const char *name = rv->v[COL_MENTOR];

	if (name == NULL)
		return -1;
	key = staff_key(school, name);
	if ((v = hm_get(&im->staffix, key)) != 0) {
		e = &im->staff[v - 1];
		if (e->school == school && strcmp(e->name, name) == 0)
			goto found;
	}
	if (school != 0)
		staff_by_name(t, school, name, &l);
	if (im->nstaff == im->capstaff) {
		im->capstaff = im->capstaff ? im->capstaff * 2 : 64;
		im->staff = xreallocarray(im->staff, im->capstaff,
		    sizeof *im->staff);
	}
	e = &im->staff[im->nstaff++];
	e->school = school;
	e->name = xstrdup(name);
	e->id = l.n == 0 ? 0 : l.n == 1 ? l.v[0] : UINT32_MAX;
	idl_free(&l);
	hm_put(&im->staffix, key, (uint32_t)im->nstaff);
found:
	if (e->id == UINT32_MAX) {
		sheet_report(im->sh, false, _("%s \"%s\": several staff of "
		    "this school have this name, so no mentor is set; pair "
		    "the child with the right one on the screens"),
		    sheet_hdr(im->sh, COL_MENTOR), name);
		return -1;
	}
	return (int)(e - im->staff);
}

static int
mentor_write(struct imp *im, struct txn *t, int ei, uint32_t school,
    uint32_t child, bool fresh, char **cause)
{
	struct staffent *e = &im->staff[ei];
	struct rec *s, *cur;
	bool same;
	int rc;

	if (e->id == 0) {
		s = rec_new(RT_STAFF);
		rec_set(s, STAFF_NAME, e->name);
		rec_set_ref(s, STAFF_SCHOOL, school);
		rec_set(s, STAFF_ROLES, "mentor");
		rc = imp_put(im, t, s, cause);
		if (rc == 0) {
			struct rec *sch;

			e->id = s->id;
			e->school = school;
			/* Planned before its school was made: known by it. */
			hm_put(&im->staffix, staff_key(school, e->name),
			    (uint32_t)(ei + 1));
			if (rec_get(t, RT_SCHOOL, school, &sch) == 0) {
				strv_push(&im->sum->staff_created,
				    &im->sum->nstaff_created, xasprintf(
				    "%s (%s)", e->name, rec_title(sch)));
				rec_free(sch);
			}
		}
		rec_free(s);
		if (rc != 0)
			return rc;
	}
	if (fresh) {
		/* A new child has no pair to end: spare mentor_assign's look. */
		s = rec_new(RT_PAIR);
		rec_set_ref(s, PAIR_STAFF, e->id);
		rec_set_ref(s, PAIR_CHILD, child);
		rec_set(s, PAIR_SINCE, im->today);
		rc = imp_put(im, t, s, cause);
		rec_free(s);
	} else {
		cur = child_mentor_pair(t, child, im->today);
		same = cur != NULL && rec_ref(cur, PAIR_STAFF) == e->id;
		rec_free(cur);
		if (same)
			return 0;
		rc = mentor_assign(t, child, e->id, im->today, cause);
	}
	if (rc == 0)
		im->sum->pairs++;
	return rc;
}

static int
link_write(struct imp *im, struct txn *t, const struct rowvals *rv,
    struct plan *pl, uint32_t child, int *prio, char **cause)
{
	const struct person *p = pl->p;
	struct rec *l;
	int rc;

	if (pl->link == NULL) {
		/*
		 * Not on the card read before this row was written (and
		 * link_add() would read it again): a new link.
		 */
		l = rec_new(RT_LINK);
		rec_set_ref(l, LINK_CHILD, child);
		rec_set_ref(l, LINK_CONTACT, pl->id);
		rec_set(l, LINK_RELATION, p->relation);
		rec_set_ref(l, LINK_PRIORITY, (uint32_t)++*prio);
		rec_set(l, LINK_GUARDIAN, p->guardian ? "1" : "0");
		if ((rc = imp_put(im, t, l, cause)) == 0)
			im->sum->links_added++;
		rec_free(l);
		return rc;
	}
	l = rec_dup(pl->link);
	if (p->relation_given)
		rec_set(l, LINK_RELATION, p->relation);
	if (p->guardian)
		rec_set(l, LINK_GUARDIAN, "1");
	else if (rv->names_guardian)
		rec_set(l, LINK_GUARDIAN, "0");
	rc = 0;
	if (!rec_same(l, pl->link)) {
		if ((rc = rec_put(t, l, cause)) == 0)
			im->sum->links_updated++;
	}
	rec_free(l);
	return rc;
}

/* The guardian mark leaves the card's other people. */
static int
guardian_unmark(struct imp *im, struct txn *t, const struct card *card,
    const struct plan *pl, int np, char **cause)
{
	struct rec *l;
	size_t i;
	int j, rc = 0;
	bool planned;

	for (i = 0; i < card->n && rc == 0; i++) {
		if (strcmp(rec_str(card->lines[i].link, LINK_GUARDIAN),
		    "1") != 0)
			continue;
		for (planned = false, j = 0; j < np; j++)
			if (pl[j].link == card->lines[i].link)
				planned = true;
		if (planned)
			continue;
		l = rec_dup(card->lines[i].link);
		rec_set(l, LINK_GUARDIAN, "0");
		if ((rc = rec_put(t, l, cause)) == 0)
			im->sum->links_updated++;
		rec_free(l);
	}
	return rc;
}

/* A contact a bulk load made, to be found by its phone numbers. */
static void
phones_known(struct imp *im, const struct rec *c)
{
	const char *ph;
	int i;

	for (i = 0; i < CONTACT_PHONES; i++)
		if (*(ph = rec_str(c, contact_phone_field(i))) != '\0')
			hm_put(&im->byphone, phone_key(rec_str(c,
			    CONTACT_NAME), ph), c->id);
}

static int
people_write(struct imp *im, struct txn *t, const struct rowvals *rv,
    struct plan *pl, const struct card *card, uint32_t child, char **cause)
{
	int i, prio = 0, rc = 0;
	size_t j;

	for (j = 0; j < card->n; j++)
		if ((int)rec_ref(card->lines[j].link, LINK_PRIORITY) > prio)
			prio = (int)rec_ref(card->lines[j].link,
			    LINK_PRIORITY);
	if (prio > 98)
		prio = 98;
	for (i = 0; i < rv->np && rc == 0; i++) {
		if (pl[i].c != NULL) {
			bool fresh = pl[i].c->id == 0;

			if ((rc = imp_put(im, t, pl[i].c, cause)) != 0)
				break;
			pl[i].id = pl[i].c->id;
			if (fresh)
				im->sum->contacts_added++;
			if (fresh && im->bulk)
				phones_known(im, pl[i].c);
			else
				im->sum->contacts_updated++;
		}
		if (hm_get(&im->touched, id_key('c', pl[i].id)) == 0)
			hm_put(&im->touched, id_key('c', pl[i].id),
			    (uint32_t)rv->row);
		if (pl[i].p->phone == NULL)
			hm_put(&im->nophone, nophone_key(rv, pl[i].p),
			    pl[i].id);
		rc = link_write(im, t, rv, &pl[i], child, &prio, cause);
		if (prio > 98)
			prio = 98;
	}
	if (rc == 0 && rv->names_guardian)
		rc = guardian_unmark(im, t, card, pl, rv->np, cause);
	return rc;
}

static void
plans_free(struct plan *pl, int n)
{
	int i;

	for (i = 0; i < n; i++)
		rec_free(pl[i].c);
}

/*
 * Applies one good row: SHEET_ROW_OK, SHEET_ROW_BAD (a problem found against the
 * database; nothing of the row was written), or an SH_E* storage error
 * with *cause (the transaction is lost).
 */
static int
apply_row(struct imp *im, struct txn *t, const struct rowvals *rv,
    char **cause)
{
	struct rec *old = NULL, *c;
	struct card card = { NULL, 0 };
	struct plan pl[ROW_PEOPLE];
	uint32_t school, cid, prev;
	char *why = NULL;
	int rc = SHEET_ROW_OK, i, j, mentor, np = 0;

	school = school_id(im, t, rv->school);
	cid = child_find(im, t, rv, school, &old);
	if (cid != 0 && (prev = hm_get(&im->seen, id_key('k', cid))) != 0) {
		sheet_report(im->sh, true, _("the same child as in row %u "
		    "(child #%u)"), prev & ~SEEN_NEW, cid);
		rec_free(old);
		return SHEET_ROW_BAD;
	}
	if (cid != 0 && old == NULL && rec_get(t, RT_CHILD, cid, &old) != 0) {
		sheet_report(im->sh, true, _("child #%u cannot be read"), cid);
		return SHEET_ROW_BAD;
	}
	c = old != NULL ? rec_dup(old) : rec_new(RT_CHILD);
	child_apply(c, rv, school != 0 ? school : 1);
	/*
	 * A child is checked with the rules between its fields (a
	 * disability category only for a disabled child), a stored one
	 * only when the roster changes it (the fields that follow from
	 * others filled first, as rec_validate() would).
	 */
	if (c->sc->fill != NULL)
		c->sc->fill(c);
	if ((old == NULL || !rec_same(old, c)) &&
	    rec_validate(c, NULL, &why) != 0) {
		sheet_report(im->sh, true, "%s", why);
		free(why);
		rec_free(c);
		rec_free(old);
		return SHEET_ROW_BAD;
	}
	if (cid != 0 && child_card(t, cid, &card) != 0) {
		sheet_report(im->sh, true, _("the contact card of child #%u "
		    "cannot be read"), cid);
		rc = SHEET_ROW_BAD;
	}
	for (i = 0; i < rv->np && rc == SHEET_ROW_OK; i++, np++)
		plan_person(im, t, rv, &rv->p[i], &card, &pl[i]);
	for (i = 1; i < np && rc == SHEET_ROW_OK; i++) {
		for (j = 0; j < i && rc == SHEET_ROW_OK; j++) {
			if (pl[i].id == 0 || pl[i].id != pl[j].id)
				continue;
			sheet_report(im->sh, true, _("two people of this row "
			    "are one contact (#%u): are they the same person?"),
			    pl[i].id);
			rc = SHEET_ROW_BAD;
		}
	}
	if (rc != SHEET_ROW_OK)
		goto out;
	mentor = plan_mentor(im, t, rv, school);

	/* Everything is known: write. */
	if (school == 0 && (rc = school_make(im, t, rv->school, &school,
	    cause)) != 0)
		goto out;
	rec_set_ref(c, CHILD_SCHOOL, school);
	if (old == NULL || !rec_same(old, c)) {
		if ((rc = imp_put(im, t, c, cause)) != 0)
			goto out;
		if (old == NULL)
			im->sum->children_added++;
		else
			im->sum->children_updated++;
	} else
		im->sum->children_unchanged++;
	hm_put(&im->seen, id_key('k', c->id), (uint32_t)rv->row |
	    (old == NULL ? SEEN_NEW : 0));
	if ((rc = people_write(im, t, rv, pl, &card, c->id, cause)) != 0)
		goto out;
	if (mentor >= 0)
		rc = mentor_write(im, t, mentor, school, c->id, old == NULL,
		    cause);
out:
	plans_free(pl, np);
	card_free(&card);
	rec_free(c);
	rec_free(old);
	return rc;
}

/* Frees what a run of the apply learnt. */
void
roster_apply_free(struct imp *im)
{
	size_t i;

	hm_free(&im->seen);
	hm_free(&im->touched);
	hm_free(&im->nophone);
	hm_free(&im->staffix);
	hm_free(&im->byphone);
	for (i = 0; i < im->nstaff; i++)
		free(im->staff[i].name);
	im->nstaff = 0;
	strv_free(im->schools);
	im->schools = NULL;
	free(im->sids);
	im->sids = NULL;
	im->nschools = 0;
}

/*
 * The kind's apply_begin(): a run of the apply afresh, its part of the
 * summary too.  Into a database without children or contacts, the rows
 * are a bulk load: the transaction keeps no index while they are
 * written (rec_put() with defer_index), and apply_end() builds it at
 * once from the keys of what was written, sorted and appended
 * (ixload.h), which fills its pages: the database and the memory the
 * import holds are about a fifth smaller.
 * What the rows need to find meanwhile is what this import made, in
 * its own maps: schools and staff by name, contacts by name and phone
 * (byphone); a child is never found, the check having refused a second
 * row of one.
 */
int
roster_apply_begin(struct sheet *sh, struct txn *t, void *arg, char **cause)
{
	struct imp *im = arg;
	struct roster_summary *s = im->sum;

	roster_apply_free(im);
	s->children_added = s->children_updated = s->children_unchanged = 0;
	s->contacts_added = s->contacts_updated = 0;
	s->links_added = s->links_updated = s->pairs = 0;
	strv_free(s->schools_created);
	s->schools_created = NULL;
	s->nschools_created = 0;
	strv_free(s->staff_created);
	s->staff_created = NULL;
	s->nstaff_created = 0;
	im->bulk = kv_count(t, DBI_CHILD) == 0 &&
	    kv_count(t, DBI_CONTACT) == 0 && t->err == 0;
	if (im->bulk && im->ix == NULL &&
	    (im->ix = ixload_new(0, cause)) == NULL)
		return SH_EPERM;
	if (im->bulk)
		ixload_reset(im->ix);
	t->defer_index = im->bulk;
	return t->err;
}

/* The kind's apply_end(): the index of a bulk load, in key order. */
int
roster_apply_end(struct sheet *sh, struct txn *t, void *arg, char **cause)
{
	struct imp *im = arg;

	if (!im->bulk)
		return 0;
	t->defer_index = false;
	return ixload_finish(t, im->ix, cause);
}

/* What a spooled row needs besides its values. */
static void
row_finish(struct imp *im, struct rowvals *rv)
{
	rv->school = rv->v[COL_SCHOOL] != NULL ? rv->v[COL_SCHOOL] :
	    im->school;
	(void)row_people(im, true, rv);
}

static char *
spool_str(struct rd *r)
{
	size_t n;
	const char *p = rd_bytes(r, &n);

	return n > 0 ? xstrndup(p, n) : NULL;
}

/* The kind's apply(): a spooled row (see roster-check.c), applied. */
int
roster_apply_row(struct sheet *sh, struct txn *t, struct rd *r, void *arg,
    char **cause)
{
	struct imp *im = arg;
	struct rowvals rv;
	int c, rc;

	memset(&rv, 0, sizeof rv);
	rv.row = sheet_row_number(sh);
	for (c = 0; c < roster_ncol; c++)
		rv.v[c] = spool_str(r);
	rv.village = spool_str(r);
	rv.group = spool_str(r);
	if (r->err || rd_left(r) != 0) {
		rowvals_free(&rv);
		set_cause(cause, "%s", _("cannot read back a temporary file"));
		return SH_EDB;
	}
	row_finish(im, &rv);
	rc = apply_row(im, t, &rv, cause);
	rowvals_free(&rv);
	return rc;
}
