/*
 * meeting.c -- meetings and activities: see meeting.h.
 *
 * Invitees are resolved once, when the meeting is added, inside the
 * transaction that stores it: the specs choose children of the
 * meeting's school (in school, not those who left), sorted as the
 * children's list sorts them (class, then name in pinyin order); for
 * "guardians:" each child's entrusted guardians (the contacts marked so,
 * else the first in call order), each contact once.  Children come
 * first on the sheet, then guardians; the invitee records are made in
 * that order, so their ids are the sheet's order.
 *
 * Marks of attendance are all checked against the stored invitees
 * before anything is written, and only invitees whose attendance
 * changes are written again (the audit trail then shows what was
 * ticked, not the whole list each time).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "codec.h"
#include "due.h"
#include "hmap.h"
#include "i18n.h"
#include "index.h"
#include "meeting.h"
#include "model.h"
#include "print.h"
#include "rec.h"
#include "schema.h"
#include "term.h"
#include "util.h"
#include "validate.h"
#include "view.h"

/* ---- who may ---- */

bool
meeting_may_see(uint32_t school)
{
	if (access_admin() || (access_roles() & AR_SUPERVISOR))
		return true;
	return school != 0 && school == access_school();
}

bool
meeting_may_change(uint32_t school)
{
	return access_school_lead(school);
}

static const char *
school_name(struct txn *t, uint32_t school, char *buf, size_t len)
{
	const int f[] = { SCHOOL_NAME };
	const char *v[1];
	size_t n[1];

	if (rec_peek(t, RT_SCHOOL, school, 1, f, v, n) == 0 && n[0] > 0) {
		snprintf(buf, len, "%.*s", (int)n[0], v[0]);
		return buf;
	}
	snprintf(buf, len, "#%u", school);
	return buf;
}

static int
refuse_change(struct txn *t, uint32_t school, char **cause)
{
	char name[128];

	set_cause(cause, _("%s may not add or change the meetings of %s: "
	    "that is for its principal, its leadership group and the "
	    "administrator"), t->db->user, school_name(t, school, name,
	    sizeof name));
	return SH_EPERM;
}

int
meeting_get(struct txn *t, uint32_t id, struct rec **out, char **cause)
{
	char name[128];
	int rc;

	*out = NULL;
	if ((rc = rec_get(t, RT_MEETING, id, out)) != 0) {
		if (rc == SH_ENOTFOUND)
			set_cause(cause, _("there is no meeting #%u; \"shouhu "
			    "meeting list\" lists them"), id);
		else
			set_cause(cause, "%s", sh_strerror(rc));
		return rc;
	}
	if (!meeting_may_see(rec_ref(*out, MEETING_SCHOOL))) {
		set_cause(cause, _("%s may not see the meetings of %s"),
		    t->db->user, school_name(t, rec_ref(*out, MEETING_SCHOOL),
		    name, sizeof name));
		rec_free(*out);
		*out = NULL;
		return SH_EPERM;
	}
	return 0;
}

/* ---- invitation specs ---- */

struct spec {
	bool		 guardians;
	enum { SP_SCHOOL, SP_CLASS, SP_VILLAGE, SP_MENTOR } what;
	char		*grade, *cls;	/* SP_CLASS */
	const char	*village;	/* SP_VILLAGE, in the spec */
	uint32_t	 mentor;	/* SP_MENTOR */
};

static void
spec_free(struct spec *s)
{
	free(s->grade);
	free(s->cls);
}

static int
spec_parse(const char *in, struct spec *s, char **cause)
{
	const char *p = in, *arg;
	char *why = NULL, *end;
	unsigned long v;

	memset(s, 0, sizeof *s);
	if (strcmp(p, "guardians") == 0) {
		s->guardians = true;
		s->what = SP_SCHOOL;
		return 0;
	}
	if (str_startswith(p, "guardians:")) {
		s->guardians = true;
		p += strlen("guardians:");
	}
	if (strcmp(p, "school") == 0) {
		s->what = SP_SCHOOL;
		return 0;
	}
	if (str_startswith(p, "class:")) {
		arg = p + strlen("class:");
		if (class_filter_parse(arg, &s->grade, &s->cls, &why) != 0) {
			set_cause(cause, _("invitation \"%s\": %s"), in, why);
			free(why);
			return -1;
		}
		s->what = SP_CLASS;
		return 0;
	}
	if (str_startswith(p, "village:") && p[strlen("village:")] != '\0') {
		s->what = SP_VILLAGE;
		s->village = p + strlen("village:");
		return 0;
	}
	if (str_startswith(p, "mentor:")) {
		arg = p + strlen("mentor:");
		v = strtoul(arg, &end, 10);
		if (*arg >= '0' && *arg <= '9' && *end == '\0' && v > 0 &&
		    v <= UINT32_MAX) {
			s->what = SP_MENTOR;
			s->mentor = (uint32_t)v;
			return 0;
		}
	}
	set_cause(cause, _("invitation \"%s\": write school, class:3-2, "
	    "village:NAME or mentor:STAFF-NUMBER, or guardians: before one "
	    "of them"), in);
	return -1;
}

int
meeting_invite_check(const char *spec, char **cause)
{
	struct spec s;

	if (spec_parse(spec, &s, cause) != 0)
		return -1;
	spec_free(&s);
	return 0;
}

/* One spec in words, added to b; the spec as typed when it is not one. */
static void
spec_words(struct txn *t, const char *in, struct buf *b)
{
	struct spec s;
	struct rec *r = NULL;
	char *cause = NULL, *who;

	if (spec_parse(in, &s, &cause) != 0) {
		free(cause);
		buf_addstr(b, in);
		return;
	}
	switch (s.what) {
	case SP_SCHOOL:
		buf_addstr(b, s.guardians ? _("the guardians of the school's "
		    "left-behind children") : _("the school's left-behind "
		    "children"));
		break;
	case SP_CLASS:
	case SP_VILLAGE:
		who = s.what == SP_CLASS ? class_label(s.grade, s.cls) :
		    xstrdup(s.village);
		/* TRANSLATORS: %s is a class or a village. */
		buf_addf(b, s.guardians ? _("the guardians of %s") :
		    _("the left-behind children of %s"), who);
		free(who);
		break;
	case SP_MENTOR:
		if (rec_get(t, RT_STAFF, s.mentor, &r) == 0)
			who = xstrdup(rec_title(r));
		else
			who = xasprintf("#%u", s.mentor);
		rec_free(r);
		/* TRANSLATORS: %s is a mentor's name. */
		buf_addf(b, s.guardians ? _("the guardians of %s's mentees") :
		    _("%s's mentees"), who);
		free(who);
		break;
	}
	spec_free(&s);
}

char *
meeting_invite_words(struct txn *t, const char *stored)
{
	struct buf b = { 0 };
	char *copy = xstrdup(stored), *w, *sp;

	for (w = copy; w != NULL; w = sp) {
		if ((sp = strchr(w, ' ')) != NULL)
			*sp++ = '\0';
		if (*w == '\0')
			continue;
		if (b.len > 0)
			/* TRANSLATORS: between the groups a meeting invites. */
			buf_addstr(&b, _("; "));
		spec_words(t, w, &b);
	}
	free(copy);
	return buf_take(&b);
}

char *
meeting_kind_how_place(const struct rec *m)
{
	static const int parts[] = { MEETING_KIND, MEETING_HOW,
	    MEETING_PLACE };
	char *line = xstrdup(""), *d, *both;
	size_t i;

	for (i = 0; i < nitems(parts); i++) {
		if (*rec_str(m, parts[i]) == '\0')
			continue;
		d = field_display(&m->sc->fields[parts[i]], rec_str(m,
		    parts[i]));
		if (*line == '\0') {
			free(line);
			line = d;
			continue;
		}
		/* TRANSLATORS: the parts of a meeting's line, one by one. */
		both = xasprintf(_("%s, %s"), line, d);
		free(line);
		free(d);
		line = both;
	}
	return line;
}

/* Whether a child of the school, in school, is chosen by s. */
static bool
spec_takes(const struct spec *s, const struct rec *c)
{
	const char *v;
	size_t n;

	if (!child_active(c))
		return false;
	if (s->what != SP_VILLAGE)
		return true;
	v = rec_str(c, CHILD_VILLAGE);
	if (strcmp(v, s->village) == 0)
		return true;
	/* "柳树" for 柳树村 */
	n = strlen(s->village);
	return strncmp(v, s->village, n) == 0 && strcmp(v + n, "村") == 0;
}

/*
 * Adds the children s chooses at school to out: as they are today, when
 * the meeting is added (a mentor's mentees in force today).
 */
static int
spec_children(struct txn *t, const struct spec *s, uint32_t school,
    struct idlist *out, char **cause)
{
	struct idlist ids = { 0 };
	struct rec *c;
	char today[11];
	size_t i;

	switch (s->what) {
	case SP_SCHOOL:
	case SP_VILLAGE:
		children_of_class(t, school, NULL, NULL, &ids);
		break;
	case SP_CLASS:
		children_of_class(t, school, s->grade, s->cls, &ids);
		break;
	case SP_MENTOR:
		if (!rec_exists(t, RT_STAFF, s->mentor)) {
			set_cause(cause, _("there is no staff member #%u"),
			    s->mentor);
			return SH_ENOTFOUND;
		}
		date_today(today);
		staff_mentees(t, s->mentor, today, &ids);
		break;
	}
	for (i = 0; i < ids.n; i++) {
		if (rec_get(t, RT_CHILD, ids.v[i], &c) != 0)
			continue;
		if (rec_ref(c, CHILD_SCHOOL) == school && spec_takes(s, c))
			idl_add(out, c->id);
		rec_free(c);
	}
	idl_free(&ids);
	return 0;
}

/* ---- adding ---- */

struct add_arg {
	const struct rec	*m;
	char *const		*specs;
	size_t			 nspecs;
	uint32_t		 id;
	size_t			 invited;
};

static int
invitee_put(struct txn *t, uint32_t meeting, const struct rec *child,
    uint32_t contact, const char *relation, char **cause)
{
	struct rec *a = rec_new(RT_ATTEND);
	int rc;

	rec_set_ref(a, ATTEND_MEETING, meeting);
	rec_set_ref(a, ATTEND_CHILD, child->id);
	if (contact != 0)
		rec_set_ref(a, ATTEND_CONTACT, contact);
	rec_set(a, ATTEND_GRADE, rec_str(child, CHILD_GRADE));
	rec_set(a, ATTEND_CLASS, rec_str(child, CHILD_CLASS));
	rec_set(a, ATTEND_RELATION, relation);
	rc = rec_put(t, a, cause);
	rec_free(a);
	return rc;
}

/* The child's entrusted guardians: marked so, else the first called. */
static int
guardians_put(struct txn *t, uint32_t meeting, const struct rec *child,
    struct idlist *seen, size_t *invited, char **cause)
{
	struct card card;
	size_t i, k;
	bool any = false;
	int rc = 0;

	if (child_card(t, child->id, &card) != 0)
		return 0;
	for (i = 0; i < card.n; i++)
		if (strcmp(rec_str(card.lines[i].link, LINK_GUARDIAN), "1") == 0)
			any = true;
	for (i = 0; i < card.n && rc == 0; i++) {
		const struct rec *l = card.lines[i].link;
		uint32_t contact = rec_ref(l, LINK_CONTACT);

		if (any ? strcmp(rec_str(l, LINK_GUARDIAN), "1") != 0 : i > 0)
			continue;
		for (k = 0; k < seen->n && seen->v[k] != contact; k++)
			;
		if (k < seen->n)
			continue;
		idl_add(seen, contact);
		rc = invitee_put(t, meeting, child, contact, rec_str(l,
		    LINK_RELATION), cause);
		(*invited)++;
	}
	card_free(&card);
	return rc;
}

static int
add_write(struct txn *t, void *arg, char **cause)
{
	struct add_arg *a = arg;
	struct idlist kids = { 0 }, fams = { 0 }, seen = { 0 };
	struct spec s;
	struct vctx x;
	struct rec *m, *c;
	struct buf inv = { 0 };
	uint32_t school = rec_ref(a->m, MEETING_SCHOOL);
	const char *date = rec_str(a->m, MEETING_DATE);
	size_t i;
	int rc = 0;

	a->id = 0;
	a->invited = 0;
	for (i = 0; i < a->nspecs && rc == 0; i++) {
		if (spec_parse(a->specs[i], &s, cause) != 0) {
			rc = SH_EINVAL;
			break;
		}
		rc = spec_children(t, &s, school, s.guardians ? &fams : &kids,
		    cause);
		spec_free(&s);
		if (i > 0)
			buf_addc(&inv, ' ');
		buf_addstr(&inv, a->specs[i]);
	}
	idl_uniq(&kids);
	idl_uniq(&fams);
	if (rc == 0 && kids.n + fams.n == 0) {
		set_cause(cause, "%s", _("nobody is invited: the invitation "
		    "chooses no child in school there"));
		rc = SH_EINVAL;
	}
	if (rc == 0 && kids.n + fams.n > MEETING_MAX_INVITEES) {
		set_cause(cause, _("%zu invitees are more than one meeting "
		    "takes (%d): invite a class, a village or a mentor's "
		    "mentees"), kids.n + fams.n, MEETING_MAX_INVITEES);
		rc = SH_EINVAL;
	}
	m = rec_dup(a->m);
	rec_set(m, MEETING_INVITE, inv.s);
	if (rc == 0)
		rc = rec_put(t, m, cause);
	if (rc == 0) {
		a->id = m->id;
		vctx_init(&x, date);
		view_sort_ids(view_of(RT_CHILD), &x, t, kids.v, kids.n);
		view_sort_ids(view_of(RT_CHILD), &x, t, fams.v, fams.n);
		vctx_free(&x);
	}
	for (i = 0; rc == 0 && i < kids.n + fams.n; i++) {
		if ((rc = rec_get(t, RT_CHILD, i < kids.n ? kids.v[i] :
		    fams.v[i - kids.n], &c)) != 0) {
			set_cause(cause, "%s", sh_strerror(rc));
			break;
		}
		if (i < kids.n) {
			rc = invitee_put(t, m->id, c, 0, NULL, cause);
			a->invited++;
		} else
			rc = guardians_put(t, m->id, c, &seen, &a->invited,
			    cause);
		rec_free(c);
	}
	if (rc == 0 && a->invited == 0) {
		set_cause(cause, "%s", _("nobody is invited: the children "
		    "chosen have no guardian on their contact cards"));
		rc = SH_EINVAL;
	}
	rec_free(m);
	buf_free(&inv);
	idl_free(&kids);
	idl_free(&fams);
	idl_free(&seen);
	return rc;
}

int
meeting_add_txn(struct txn *t, const struct rec *m, char *const *specs,
    size_t nspecs, uint32_t *id, size_t *invited, char **cause)
{
	struct add_arg a = { m, specs, nspecs, 0, 0 };
	int rc;

	rc = add_write(t, &a, cause);
	*id = a.id;
	*invited = a.invited;
	return rc;
}

int
meeting_add(struct db *db, const struct rec *m, char *const *specs,
    size_t nspecs, uint32_t *id, size_t *invited, char **cause)
{
	struct add_arg a = { m, specs, nspecs, 0, 0 };
	struct rec *v;
	struct txn t;
	int rc;

	*id = 0;
	*invited = 0;
	v = rec_dup(m);
	rc = rec_validate(v, NULL, cause) != 0 ? SH_EINVAL : 0;
	rec_free(v);
	if (rc != 0)
		return rc;
	if (!meeting_may_change(rec_ref(m, MEETING_SCHOOL))) {
		if (txn_read(db, &t) != 0) {
			set_cause(cause, _("cannot read the database"));
			return SH_EDB;
		}
		rc = refuse_change(&t, rec_ref(m, MEETING_SCHOOL), cause);
		txn_end(&t);
		return rc;
	}
	if (nspecs == 0) {
		set_cause(cause, "%s", _("nobody is invited: say whom with "
		    "--invite (school, class:3-2, village:NAME, "
		    "mentor:STAFF-NUMBER, guardians:...)"));
		return SH_EINVAL;
	}
	if ((rc = db_write(db, add_write, &a, cause)) != 0)
		return rc;
	*id = a.id;
	*invited = a.invited;
	return 0;
}

/* ---- invitees ---- */

void
invitees_free(struct invitees *iv)
{
	size_t i;

	for (i = 0; i < iv->n; i++) {
		free(iv->v[i].name);
		free(iv->v[i].child_name);
		free(iv->v[i].cls);
		free(iv->v[i].reason);
	}
	free(iv->v);
	memset(iv, 0, sizeof *iv);
}

/* The key of a stored value among choices (static), or "". */
static const char *
choice_key(const struct choice *choices, const char *v)
{
	const struct choice *c;

	for (c = choices; c->key != NULL; c++)
		if (strcmp(c->key, v) == 0)
			return c->key;
	return "";
}

static char *
name_of(struct txn *t, enum rtype type, int field, uint32_t id)
{
	const int f[] = { field };
	const char *v[1];
	size_t n[1];

	if (rec_peek(t, type, id, 1, f, v, n) == 0)
		return xstrndup(v[0], n[0]);
	return xasprintf("#%u", id);
}

int
meeting_invitees(struct txn *t, uint32_t meeting, struct invitees *iv,
    char **cause)
{
	struct idlist ids = { 0 };
	struct invitee *e;
	struct rec *a;
	size_t i;
	int rc = 0;

	memset(iv, 0, sizeof *iv);
	ix_refs(t, IX_ATTEND_MEETING, meeting, &ids);
	iv->v = xcalloc(ids.n + 1, sizeof *iv->v);
	for (i = 0; i < ids.n; i++) {
		if ((rc = rec_get(t, RT_ATTEND, ids.v[i], &a)) != 0) {
			set_cause(cause, "%s", sh_strerror(rc));
			break;
		}
		e = &iv->v[iv->n++];
		e->id = a->id;
		e->version = a->version;
		e->child = rec_ref(a, ATTEND_CHILD);
		e->contact = rec_ref(a, ATTEND_CONTACT);
		e->visible = access_child(e->child);
		e->status = choice_key(attend_choices, rec_str(a, ATTEND_STATUS));
		e->relation = e->contact != 0 ? choice_key(relation_choices,
		    rec_str(a, ATTEND_RELATION)) : "";
		if (e->visible) {
			e->child_name = name_of(t, RT_CHILD, CHILD_NAME,
			    e->child);
			e->name = e->contact == 0 ? xstrdup(e->child_name) :
			    name_of(t, RT_CONTACT, CONTACT_NAME, e->contact);
			e->cls = *rec_str(a, ATTEND_GRADE) != '\0' ?
			    class_label(rec_str(a, ATTEND_GRADE), rec_str(a,
			    ATTEND_CLASS)) : xstrdup("");
			e->reason = xstrdup(rec_str(a, ATTEND_REASON));
		} else {
			e->child_name = xstrdup(MEETING_HIDDEN);
			e->name = xstrdup(MEETING_HIDDEN);
			e->cls = xstrdup("");
			e->reason = xstrdup("");
		}
		if (strcmp(e->status, "present") == 0)
			iv->present++;
		else if (strcmp(e->status, "absent") == 0)
			iv->absent++;
		rec_free(a);
	}
	idl_free(&ids);
	if (rc != 0)
		invitees_free(iv);
	return rc;
}

/* ---- attendance ---- */

struct attend_arg {
	uint32_t		 meeting;
	const struct attend_mark *marks;
	size_t			 n;
	const char		*rest;
	const char		*today;
	size_t			 present, absent;
};

/* The invitee a mark names: its index in ids, or -1 with *cause. */
static int
mark_find(struct txn *t, uint32_t meeting, struct rec **as, size_t n,
    const char *who, char **cause)
{
	const char *p = who;
	char *end;
	unsigned long v;
	size_t i;
	int kind = 0, found = -1;	/* 0 child, 1 contact, 2 row */

	if (str_startswith(p, "child:"))
		p += strlen("child:");
	else if (str_startswith(p, "contact:")) {
		p += strlen("contact:");
		kind = 1;
	} else if (*p == '#') {
		p++;
		kind = 2;
	}
	v = strtoul(p, &end, 10);
	if (*p < '0' || *p > '9' || *end != '\0' || v == 0 ||
	    v > UINT32_MAX) {
		set_cause(cause, _("\"%s\" is not an invitee: write the "
		    "child's number, contact:NUMBER for a guardian, or #ROW "
		    "for a row of the sign-in sheet"), who);
		return -1;
	}
	if (kind == 2) {
		if (v <= n)
			return (int)v - 1;
		set_cause(cause, _("the sign-in sheet of meeting #%u has no "
		    "row %lu (it has %zu)"), meeting, v, n);
		return -1;
	}
	for (i = 0; i < n; i++) {
		uint32_t child = rec_ref(as[i], ATTEND_CHILD);
		uint32_t contact = rec_ref(as[i], ATTEND_CONTACT);

		if (kind == 1 ? contact == v : child == v && contact == 0)
			return (int)i;
		if (kind == 0 && child == v && found < 0)
			found = (int)i;	/* the guardian invited for it */
	}
	if (found >= 0)
		return found;
	if (kind == 1)
		set_cause(cause, _("contact #%lu is not invited to meeting "
		    "#%u"), v, meeting);
	else if (rec_exists(t, RT_CHILD, (uint32_t)v))
		set_cause(cause, _("child #%lu is not invited to meeting #%u"),
		    v, meeting);
	else
		set_cause(cause, _("there is no child #%lu"), v);
	return -1;
}

/* A meeting's attendance is recorded once it is held: 0 or SH_EINVAL. */
static int
held(const struct rec *m, const char *today, char **cause)
{
	if (strcmp(rec_str(m, MEETING_DATE), today) <= 0)
		return 0;
	set_cause(cause, _("meeting #%u is on %s, still to come: its "
	    "attendance is recorded afterwards"), m->id, rec_str(m,
	    MEETING_DATE));
	return SH_EINVAL;
}

/* Sets an invitee's attendance; true when that changed it. */
static bool
attend_set(struct rec *a, const char *status, const char *reason)
{
	bool changed;

	if (strcmp(status, "present") == 0 || reason == NULL)
		reason = "";
	changed = strcmp(rec_str(a, ATTEND_STATUS), status) != 0 ||
	    strcmp(rec_str(a, ATTEND_REASON), reason) != 0;
	rec_set(a, ATTEND_STATUS, status);
	rec_set(a, ATTEND_REASON, reason);
	return changed;
}

static int
count_marks(struct rec **as, size_t n, size_t *present, size_t *absent)
{
	size_t i;

	*present = *absent = 0;
	for (i = 0; i < n; i++) {
		if (strcmp(rec_str(as[i], ATTEND_STATUS), "present") == 0)
			(*present)++;
		else if (strcmp(rec_str(as[i], ATTEND_STATUS), "absent") == 0)
			(*absent)++;
	}
	return 0;
}

static int
attend_write(struct txn *t, void *arg, char **cause)
{
	struct attend_arg *a = arg;
	struct idlist ids = { 0 };
	struct rec *m = NULL, **as = NULL;
	bool *marked = NULL, *dirty = NULL;
	size_t i, n = 0;
	int rc, k;

	if ((rc = meeting_get(t, a->meeting, &m, cause)) != 0)
		return rc;
	if (!meeting_may_change(rec_ref(m, MEETING_SCHOOL))) {
		rc = refuse_change(t, rec_ref(m, MEETING_SCHOOL), cause);
		goto out;
	}
	if ((rc = held(m, a->today, cause)) != 0)
		goto out;
	ix_refs(t, IX_ATTEND_MEETING, a->meeting, &ids);
	as = xcalloc(ids.n + 1, sizeof *as);
	marked = xcalloc(ids.n + 1, sizeof *marked);
	dirty = xcalloc(ids.n + 1, sizeof *dirty);
	for (n = 0; n < ids.n; n++)
		if ((rc = rec_get(t, RT_ATTEND, ids.v[n], &as[n])) != 0) {
			set_cause(cause, "%s", sh_strerror(rc));
			goto out;
		}
	for (i = 0; i < a->n; i++) {
		if ((k = mark_find(t, a->meeting, as, n, a->marks[i].who,
		    cause)) < 0) {
			rc = SH_EINVAL;
			goto out;
		}
		if (marked[k]) {
			set_cause(cause, _("\"%s\" is marked twice"),
			    a->marks[i].who);
			rc = SH_EINVAL;
			goto out;
		}
		marked[k] = true;
		dirty[k] = attend_set(as[k], a->marks[i].status,
		    a->marks[i].reason);
	}
	for (i = 0; a->rest != NULL && i < n; i++)
		if (!marked[i])
			dirty[i] = attend_set(as[i], a->rest, NULL);
	for (i = 0; i < n && rc == 0; i++)
		if (dirty[i])
			rc = rec_put(t, as[i], cause);
	count_marks(as, n, &a->present, &a->absent);
out:
	for (i = 0; i < n; i++)
		rec_free(as[i]);
	free(as);
	free(marked);
	free(dirty);
	idl_free(&ids);
	rec_free(m);
	return rc;
}

int
meeting_attend(struct db *db, uint32_t meeting, const struct attend_mark *marks,
    size_t n, const char *rest, const char *today, size_t *present,
    size_t *absent, char **cause)
{
	struct attend_arg a = { meeting, marks, n, rest, today, 0, 0 };
	size_t i;
	int rc;

	*present = *absent = 0;
	if (n == 0 && rest == NULL) {
		set_cause(cause, "%s", _("the attendance is empty: name who "
		    "came (--present) and who did not (--absent)"));
		return SH_EINVAL;
	}
	for (i = 0; i < n; i++)
		if (strcmp(marks[i].status, "present") != 0 &&
		    strcmp(marks[i].status, "absent") != 0) {
			set_cause(cause, _("attendance \"%s\": present or "
			    "absent"), marks[i].status);
			return SH_EINVAL;
		}
	if ((rc = db_write(db, attend_write, &a, cause)) != 0)
		return rc;
	*present = a.present;
	*absent = a.absent;
	return 0;
}

struct tick_arg {
	uint32_t	 invitee;
	uint32_t	 version;
	const char	*status;
	const char	*reason;
};

static int
tick_write(struct txn *t, void *arg, char **cause)
{
	struct tick_arg *a = arg;
	struct rec *r, *m;
	char today[11];
	int rc;

	if ((rc = rec_get(t, RT_ATTEND, a->invitee, &r)) != 0) {
		set_cause(cause, "%s", sh_strerror(rc));
		return rc;
	}
	if ((rc = meeting_get(t, rec_ref(r, ATTEND_MEETING), &m, cause)) != 0) {
		rec_free(r);
		return rc;
	}
	date_today(today);
	if (!meeting_may_change(rec_ref(m, MEETING_SCHOOL)))
		rc = refuse_change(t, rec_ref(m, MEETING_SCHOOL), cause);
	else if (*a->status == '\0' || (rc = held(m, today, cause)) == 0) {
		if (a->version != 0)
			r->version = a->version;
		if (attend_set(r, a->status, a->reason))
			rc = rec_put(t, r, cause);
	}
	rec_free(m);
	rec_free(r);
	return rc;
}

int
meeting_tick(struct db *db, uint32_t invitee, uint32_t expect_version,
    const char *status, const char *reason, char **cause)
{
	struct tick_arg a = { invitee, expect_version, status, reason };

	return db_write(db, tick_write, &a, cause);
}

struct minutes_arg {
	uint32_t	 meeting;
	const char	*v[3];
};

static int
minutes_write(struct txn *t, void *arg, char **cause)
{
	static const int fields[3] = { MEETING_MINUTES, MEETING_FOLLOWUP,
	    MEETING_FOLLOWUP_DATE };
	struct minutes_arg *a = arg;
	struct rec *m;
	int rc, i;

	if ((rc = meeting_get(t, a->meeting, &m, cause)) != 0)
		return rc;
	if (!meeting_may_change(rec_ref(m, MEETING_SCHOOL)))
		rc = refuse_change(t, rec_ref(m, MEETING_SCHOOL), cause);
	for (i = 0; i < 3 && rc == 0; i++)
		if (a->v[i] != NULL && rec_input(m, fields[i], a->v[i],
		    cause) != 0)
			rc = SH_EINVAL;
	if (rc == 0)
		rc = rec_put(t, m, cause);
	rec_free(m);
	return rc;
}

int
meeting_minutes(struct db *db, uint32_t meeting, const char *minutes,
    const char *followup, const char *followup_date, char **cause)
{
	struct minutes_arg a = { meeting, { minutes, followup,
	    followup_date } };

	return db_write(db, minutes_write, &a, cause);
}

/* ---- scanning ---- */

/* A decimal record id read in place. */
static uint32_t
dec_u32(const char *p, size_t n)
{
	uint32_t v = 0;
	size_t i;

	for (i = 0; i < n && p[i] >= '0' && p[i] <= '9'; i++)
		v = v * 10 + (uint32_t)(p[i] - '0');
	return v;
}

void
meeting_sums_free(struct meeting_sum *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].topic);
	free(v);
}

static void
sum_counts(struct txn *t, struct meeting_sum *s)
{
	const int f[] = { ATTEND_STATUS };
	struct idlist ids = { 0 };
	const char *v[1];
	size_t len[1], i;

	ix_refs(t, IX_ATTEND_MEETING, s->id, &ids);
	s->invited = ids.n;
	for (i = 0; i < ids.n; i++) {
		if (rec_peek(t, RT_ATTEND, ids.v[i], 1, f, v, len) != 0)
			continue;
		if (len[0] == 7 && memcmp(v[0], "present", 7) == 0)
			s->present++;
		else if (len[0] == 6 && memcmp(v[0], "absent", 6) == 0)
			s->absent++;
	}
	idl_free(&ids);
}

int
meeting_scan(struct txn *t, uint32_t school, const char *since,
    const char *until, const char *kind, struct meeting_sum **out,
    size_t *n)
{
	const int f[] = { MEETING_SCHOOL, MEETING_DATE, MEETING_TIME,
	    MEETING_KIND, MEETING_TOPIC };
	struct kv_cursor c;
	unsigned char p[5];
	const unsigned char *k;
	const char *v[5];
	size_t len[5], plen, cap = 0;
	struct meeting_sum *s;
	uint32_t id;
	bool ok;

	*out = NULL;
	*n = 0;
	p[0] = school != 0 ? IX_MEETING_SCHOOL : IX_MEETING_DATE;
	put_u32be(p + 1, school);
	plen = school != 0 ? 5 : 1;
	for (ok = kv_first(t, DBI_IX, p, plen, &c); ok; ok = kv_next(&c)) {
		k = c.key.mv_data;
		if (c.key.mv_size != plen + 14)
			continue;
		if (since != NULL && memcmp(k + plen, since, 10) < 0)
			continue;
		if (until != NULL && memcmp(k + plen, until, 10) > 0)
			break;
		id = get_u32be(k + plen + 10);
		if (rec_peek(t, RT_MEETING, id, 5, f, v, len) != 0)
			continue;
		if (kind != NULL && (len[3] != strlen(kind) ||
		    memcmp(v[3], kind, len[3]) != 0))
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		s = &(*out)[(*n)];
		memset(s, 0, sizeof *s);
		s->id = id;
		s->school = dec_u32(v[0], len[0]);
		if (!meeting_may_see(s->school))
			continue;
		(*n)++;
		snprintf(s->date, sizeof s->date, "%.*s", (int)len[1], v[1]);
		snprintf(s->time, sizeof s->time, "%.*s", (int)len[2], v[2]);
		snprintf(s->kind, sizeof s->kind, "%.*s", (int)len[3], v[3]);
		s->topic = xstrndup(v[4], len[4]);
		sum_counts(t, s);
	}
	kv_close(&c);
	return t->err;
}

/* ---- who missed ---- */

struct missed {
	uint32_t	 child, contact;
	struct {
		size_t	 m;	/* in the meetings scanned */
		bool	 absent;
		char	*reason;
	}		*e;
	size_t		 n;
};

/* One person's line: name, class, for a guardian the child; the dates. */
static void
missed_line(struct txn *t, const struct missed *p,
    const struct meeting_sum *ms, int last, struct print_lines *out)
{
	struct rec *a = NULL;
	struct buf b = { 0 };
	struct idlist ids = { 0 };
	char *child, *name, *cl;
	size_t i;

	ix_refs(t, IX_ATTEND_CHILD, p->child, &ids);
	/* The class on the last of those days, as the invitation kept it. */
	for (i = ids.n; i-- > 0 && a == NULL;) {
		if (rec_get(t, RT_ATTEND, ids.v[i], &a) == 0 &&
		    rec_ref(a, ATTEND_MEETING) != ms[p->e[p->n - 1].m].id) {
			rec_free(a);
			a = NULL;
		}
	}
	idl_free(&ids);
	child = name_of(t, RT_CHILD, CHILD_NAME, p->child);
	cl = a != NULL && *rec_str(a, ATTEND_GRADE) != '\0' ?
	    class_label(rec_str(a, ATTEND_GRADE), rec_str(a, ATTEND_CLASS)) :
	    xstrdup("");
	if (p->contact != 0) {
		name = name_of(t, RT_CONTACT, CONTACT_NAME, p->contact);
		/* TRANSLATORS: a guardian, their relation, the child. */
		buf_addf(&b, _("%s (%s of %s)"), name, a != NULL ?
		    choice_label(relation_choices, rec_str(a,
		    ATTEND_RELATION)) : "", child);
		free(name);
	} else
		buf_addstr(&b, child);
	buf_addf(&b, "  %s  ", cl);
	buf_addstr(&b, _("missed"));
	for (i = p->n - (size_t)last; i < p->n; i++) {
		buf_addf(&b, "%s %s", i > p->n - (size_t)last ? "," : "",
		    ms[p->e[i].m].date);
		if (*p->e[i].reason != '\0')
			buf_addf(&b, " (%s)", p->e[i].reason);
	}
	print_lines_take(out, &b);
	buf_free(&b);
	free(child);
	free(cl);
	rec_free(a);
}

int
meeting_missed(struct txn *t, uint32_t school, const char *kind, int last,
    struct print_lines *out, char **cause)
{
	const int f[] = { ATTEND_CHILD, ATTEND_CONTACT, ATTEND_STATUS,
	    ATTEND_REASON };
	struct meeting_sum *ms;
	struct missed *ps = NULL, *p;
	struct hmap hm = { 0 };
	struct idlist ids = { 0 };
	const char *v[4];
	size_t len[4], nm, np = 0, i, j, k;
	uint64_t key;
	uint32_t x;
	int rc;

	if ((rc = meeting_scan(t, school, NULL, NULL, kind, &ms, &nm)) != 0) {
		set_cause(cause, "%s", sh_strerror(rc));
		return rc;
	}
	for (i = 0; i < nm; i++) {
		if (ms[i].present + ms[i].absent == 0)
			continue;	/* attendance not recorded */
		ids.n = 0;
		ix_refs(t, IX_ATTEND_MEETING, ms[i].id, &ids);
		for (j = 0; j < ids.n; j++) {
			if (rec_peek(t, RT_ATTEND, ids.v[j], 4, f, v, len) != 0)
				continue;
			if (len[2] == 0)
				continue;	/* not ticked */
			key = dec_u32(v[1], len[1]);
			key = len[1] > 0 ? key | (uint64_t)1 << 32 :
			    dec_u32(v[0], len[0]);
			if ((x = hm_get(&hm, key)) == 0) {
				ps = xreallocarray(ps, np + 1, sizeof *ps);
				memset(&ps[np], 0, sizeof *ps);
				ps[np].child = dec_u32(v[0], len[0]);
				ps[np].contact = dec_u32(v[1], len[1]);
				hm_put(&hm, key, (uint32_t)++np);
				x = (uint32_t)np;
			}
			p = &ps[x - 1];
			p->e = xreallocarray(p->e, p->n + 1, sizeof *p->e);
			p->e[p->n].m = i;
			p->e[p->n].absent = len[2] == 6 &&
			    memcmp(v[2], "absent", 6) == 0;
			p->e[p->n].reason = xstrndup(v[3], len[3]);
			p->n++;
		}
	}
	for (i = 0; i < np; i++) {
		p = &ps[i];
		if (p->n < (size_t)last || !access_child(p->child))
			continue;
		for (k = p->n - (size_t)last; k < p->n && p->e[k].absent; k++)
			;
		if (k == p->n)
			missed_line(t, p, ms, last, out);
	}
	for (i = 0; i < np; i++) {
		for (k = 0; k < ps[i].n; k++)
			free(ps[i].e[k].reason);
		free(ps[i].e);
	}
	free(ps);
	hm_free(&hm);
	idl_free(&ids);
	meeting_sums_free(ms, nm);
	return t->err;
}

/* ---- the sign-in sheet ---- */

struct sheet_head {
	char		*title;
	char		*when[3];	/* the day and time, place, how */
	size_t		 nwhen;
	char		*topic[2];	/* the topic, who runs it */
	size_t		 ntopic;
	char		*cols;
	int		 width;
};

/* Each page: title and page, when and where, topic and who runs it. */
static void
sheet_head(struct print_lines *out, int page, int pages, void *arg)
{
	const struct sheet_head *h = arg;
	char *right;

	right = xasprintf(_("page %d/%d"), page, pages);
	print_lines_add(out, print_two_sided(h->title, right, h->width));
	free(right);
	print_flow(out, h->when, h->nwhen, "   ", 0, 2, h->width);
	print_flow(out, h->topic, h->ntopic, "   ", 0, 2, h->width);
	print_lines_add(out, xstrdup(""));
	print_lines_add(out, xstrdup(h->cols));
	print_lines_add(out, print_rule('-', h->width));
}

/*
 * The sheet's columns: the row, the child's number and the name keep
 * their widths; the class, the guardian's child and the signature share
 * what is left of the page.
 */
struct sheet_cols {
	int	 cls, forw, sign;
	bool	 guardians;
};
enum { SW_ROW = 4, SW_NUM = 6, SW_NAME = 10 };

static void
sheet_cols(struct sheet_cols *c, int width, bool guardians)
{
	int rest = width - (SW_ROW + 1 + SW_NUM + 2 + SW_NAME + 2);

	c->guardians = guardians;
	c->cls = rest * 30 / 100 < 16 ? rest * 30 / 100 : 16;
	c->forw = guardians ? (rest * 33 / 100 < 18 ? rest * 33 / 100 : 18) :
	    0;
	c->sign = rest - c->cls - 2 - (guardians ? c->forw + 2 : 0);
	if (c->sign > 24)
		c->sign = 24;
}

static void
sheet_row(struct buf *b, const struct sheet_cols *c, const char *row,
    const char *num, const char *name, const char *cls, const char *forw,
    const char *sign)
{
	u_fit_right(b, row, SW_ROW);
	buf_addc(b, ' ');
	u_fit_right(b, num, SW_NUM);
	buf_addstr(b, "  ");
	print_fit(b, name, SW_NAME, true);
	buf_addstr(b, "  ");
	print_fit(b, cls, c->cls, true);
	buf_addstr(b, "  ");
	if (c->guardians) {
		print_fit(b, forw, c->forw, true);
		buf_addstr(b, "  ");
	}
	print_fit(b, sign, c->sign, false);
}

/* The kind as a sheet's title: in Chinese the full name schools write. */
static char *
kind_title(const char *key)
{
	const struct choice *c;

	for (c = meeting_kind_choices; c->key != NULL; c++)
		if (strcmp(c->key, key) == 0)
			return xstrdup(i18n_is_zh() ? c->zh : _(c->label));
	return xstrdup(key);
}

static void
sheet_text(struct txn *t, const struct rec *m, struct sheet_head *h)
{
	const char *time = rec_str(m, MEETING_TIME);
	const char *place = rec_str(m, MEETING_PLACE);
	char school[128], *by, *kind;

	school_name(t, rec_ref(m, MEETING_SCHOOL), school, sizeof school);
	kind = kind_title(rec_str(m, MEETING_KIND));
	/* TRANSLATORS: school, the kind of meeting; a sign-in sheet. */
	h->title = xasprintf(_("%s  %s  sign-in sheet"), school, kind);
	free(kind);
	h->when[h->nwhen++] = xasprintf(_("Date: %s%s%s"), rec_str(m,
	    MEETING_DATE), *time != '\0' ? " " : "", time);
	if (*place != '\0')
		h->when[h->nwhen++] = xasprintf(_("Place: %s"), place);
	if (strcmp(rec_str(m, MEETING_HOW), "in_person") != 0)
		h->when[h->nwhen++] = xstrdup(choice_label(meeting_how_choices,
		    rec_str(m, MEETING_HOW)));
	h->topic[h->ntopic++] = xasprintf(_("Topic: %s"), rec_str(m,
	    MEETING_TOPIC));
	if (rec_ref(m, MEETING_BY) != 0) {
		by = name_of(t, RT_STAFF, STAFF_NAME, rec_ref(m, MEETING_BY));
		h->topic[h->ntopic++] = xasprintf(_("Run by: %s"), by);
		free(by);
	}
}

static void
sheet_head_free(struct sheet_head *h)
{
	size_t i;

	free(h->title);
	for (i = 0; i < h->nwhen; i++)
		free(h->when[i]);
	for (i = 0; i < h->ntopic; i++)
		free(h->topic[i]);
	free(h->cols);
}

int
meeting_sheet(struct db *db, uint32_t meeting, const struct print_opts *o,
    struct print_doc *doc, char **cause)
{
	struct print_lines body = { 0 }, head = { 0 };
	struct invitees iv;
	struct sheet_head h;
	struct sheet_cols sc;
	struct txn t;
	struct rec *m;
	struct buf b = { 0 };
	char school[128], row[24], num[16], *forw, *job, *sign;
	int width, rc;
	int page_lines;
	bool guardians = false;
	size_t i;

	print_page_size(o, &width, &page_lines);
	if ((rc = txn_read(db, &t)) != 0) {
		set_cause(cause, _("cannot read the database"));
		return rc;
	}
	if ((rc = meeting_get(&t, meeting, &m, cause)) != 0) {
		txn_end(&t);
		return rc;
	}
	if ((rc = meeting_invitees(&t, meeting, &iv, cause)) != 0) {
		rec_free(m);
		txn_end(&t);
		return rc;
	}
	memset(&h, 0, sizeof h);
	h.width = width;
	sheet_text(&t, m, &h);
	school_name(&t, rec_ref(m, MEETING_SCHOOL), school, sizeof school);
	txn_end(&t);
	for (i = 0; i < iv.n; i++)
		if (iv.v[i].contact != 0)
			guardians = true;
	sheet_cols(&sc, width, guardians);
	sign = print_rule('_', sc.sign);
	sheet_row(&b, &sc, _("Row"), _("No."), _("Name"), _("Class"),
	    _("Child, relation"), _("Signature"));
	h.cols = buf_take(&b);
	for (i = 0; i < iv.n; i++) {
		const struct invitee *e = &iv.v[i];

		snprintf(row, sizeof row, "%zu", i + 1);
		snprintf(num, sizeof num, "%u", e->child);
		forw = e->contact != 0 && e->visible ? xasprintf("%s %s",
		    e->child_name, choice_label(relation_choices,
		    e->relation)) : xstrdup(e->contact != 0 ?
		    MEETING_HIDDEN : "");
		sheet_row(&b, &sc, row, num, e->name, e->cls, forw, sign);
		free(forw);
		print_lines_take(&body, &b);
	}
	print_lines_add(&body, xstrdup(""));
	print_lines_addf(&body, _("Invited: %zu   Present: ____   Absent: "
	    "____   Recorded by: __________"), iv.n);
	/* The header's own lines (a long topic takes two). */
	sheet_head(&head, 1, 1, &h);
	job = print_title(school, _("sign-in sheet"), rec_str(m,
	    MEETING_DATE));
	print_doc_init(doc, job, width, page_lines);
	print_paginate(doc, body.v, body.n, NULL, page_lines - (int)head.n,
	    sheet_head, &h);
	free(job);
	free(sign);
	sheet_head_free(&h);
	print_lines_free(&head);
	print_lines_free(&body);
	invitees_free(&iv);
	rec_free(m);
	return 0;
}

/* ---- the list's columns (view.h) ---- */

static const struct meeting_sum *
row_sum(const struct vrow *r)
{
	return r->ext;
}

static void
cell_meeting_id(const struct vrow *r, enum vformat fmt, struct buf *out)
{
	buf_addf(out, "%u", r->r->id);
}

static void
cell_attendance(const struct vrow *r, enum vformat fmt, struct buf *out)
{
	const struct meeting_sum *s = row_sum(r);

	if (s == NULL)
		return;
	if (s->present + s->absent == 0)
		/* TRANSLATORS: invited, attendance not recorded yet. */
		buf_addf(out, _("%zu invited"), s->invited);
	else
		/* TRANSLATORS: present of invited. */
		buf_addf(out, _("%zu of %zu"), s->present, s->invited);
}

static void
cell_count(const struct vrow *r, size_t n, struct buf *out)
{
	if (row_sum(r) != NULL)
		buf_addf(out, "%zu", n);
}

static void
cell_invited(const struct vrow *r, enum vformat fmt, struct buf *out)
{
	if (row_sum(r) != NULL)
		cell_count(r, row_sum(r)->invited, out);
}

static void
cell_present(const struct vrow *r, enum vformat fmt, struct buf *out)
{
	if (row_sum(r) != NULL)
		cell_count(r, row_sum(r)->present, out);
}

static void
cell_absent(const struct vrow *r, enum vformat fmt, struct buf *out)
{
	if (row_sum(r) != NULL)
		cell_count(r, row_sum(r)->absent, out);
}

const struct view_col meeting_cols[MEETING_VIEW_COLS] = {
	{ .name = "id", .head = N_("No."), .width = 4, .field = -1,
	    .cell = cell_meeting_id, .flags = VC_ALL | VC_RIGHT },
	{ .name = "date", .head = N_("Date"), .width = 10,
	    .field = MEETING_DATE, .flags = VC_ALL },
	{ .name = "time", .head = N_("Time"), .width = 5,
	    .field = MEETING_TIME, .flags = VC_ALL },
	{ .name = "school", .head = N_("School"), .width = 12, .width_en = 11,
	    .field = MEETING_SCHOOL, .needs = VN_SCHOOL,
	    .flags = VC_ALL | VC_CUT, .min_cols = 100 },
	{ .name = "kind", .head = N_("Kind"), .width = 12, .width_en = 17,
	    .field = MEETING_KIND, .flags = VC_ALL | VC_CUT },
	{ .name = "topic", .head = N_("Topic"), .width = 14, .width_en = 10,
	    .field = MEETING_TOPIC, .flags = VC_ALL | VC_CUT },
	{ .name = "attendance", .head = N_("Present"), .width = 10,
	    .width_en = 11, .field = -1, .cell = cell_attendance,
	    .flags = VC_TEXT },
	{ .name = "invited", .head = N_("Invited"), .width = 4, .field = -1,
	    .cell = cell_invited, .flags = VC_CSV },
	{ .name = "present", .head = N_("Present"), .width = 4, .field = -1,
	    .cell = cell_present, .flags = VC_CSV },
	{ .name = "absent", .head = N_("Absent"), .width = 4, .field = -1,
	    .cell = cell_absent, .flags = VC_CSV },
};

/* ---- the worklist (due.h) ---- */

/*
 * One item a meeting: its school, kind, day and topic, with how many are
 * invited; held: its attendance is missing, else it is to come.
 */
static void
due_meeting(struct due_ctx *ctx, const struct meeting_sum *s, bool held)
{
	char school[128], when[24];
	const char *kind = choice_label(meeting_kind_choices, s->kind);

	school_name(ctx->t, s->school, school, sizeof school);
	snprintf(when, sizeof when, "%s%s%s", s->date, *s->time != '\0' ?
	    " " : "", s->time);
	if (held)
		/* TRANSLATORS: school, kind, day, topic, invitees. */
		due_add(ctx, RT_MEETING, s->id, 0, 0, s->date, _("%s: %s on "
		    "%s, %s: the attendance of %zu invited is not recorded"),
		    school, kind, when, s->topic, s->invited);
	else
		/* TRANSLATORS: school, kind, day, topic, invitees. */
		due_add(ctx, RT_MEETING, s->id, 0, 0, s->date, _("%s: %s on "
		    "%s, %s (%zu invited; print the sign-in sheet)"), school,
		    kind, when, s->topic, s->invited);
}

void
meeting_due_week(struct due_ctx *ctx)
{
	struct meeting_sum *ms;
	char until[11];
	size_t n, i;

	date_from_days(ctx->today_days + 6, until);
	if (meeting_scan(ctx->t, ctx->school, ctx->today, until, NULL, &ms,
	    &n) != 0)
		return;
	for (i = 0; i < n; i++)
		if (meeting_may_change(ms[i].school))
			due_meeting(ctx, &ms[i], false);
	meeting_sums_free(ms, n);
}

void
meeting_due_attendance(struct due_ctx *ctx)
{
	struct meeting_sum *ms;
	char until[11];
	size_t n, i;

	date_from_days(ctx->today_days - 1, until);
	if (meeting_scan(ctx->t, ctx->school, ctx->term.start, until, NULL,
	    &ms, &n) != 0)
		return;
	for (i = 0; i < n; i++)
		if (ms[i].invited > 0 && ms[i].present + ms[i].absent == 0 &&
		    meeting_may_change(ms[i].school))
			due_meeting(ctx, &ms[i], true);
	meeting_sums_free(ms, n);
}
