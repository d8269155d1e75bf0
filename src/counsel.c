/*
 * counsel.c -- see counsel.h.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "audit.h"
#include "codec.h"
#include "counsel.h"
#include "i18n.h"
#include "print.h"
#include "index.h"
#include "plan.h"
#include "schema.h"
#include "util.h"

void
counsel_children(const struct rec *r, struct idlist *l)
{
	const char *p = rec_str(r, COUNSEL_CHILDREN);
	unsigned long id;
	char *end;

	while (*p >= '0' && *p <= '9') {
		id = strtoul(p, &end, 10);
		if (id > 0 && id <= UINT32_MAX)
			idl_add(l, (uint32_t)id);
		if (*end != ',')
			break;
		p = end + 1;
	}
}

void
counsel_of_child(struct txn *t, uint32_t child, struct idlist *l)
{
	ix_refs(t, IX_CHILD_COUNSEL, child, l);
}

bool
counsel_followed(struct txn *t, uint32_t child)
{
	struct kv_cursor c;
	unsigned char p[5];
	bool found;

	p[0] = IX_CHILD_COUNSEL;
	put_u32be(p + 1, child);
	found = kv_first(t, DBI_IX, p, sizeof p, &c);
	kv_close(&c);
	return found;
}

const char *
counsel_followed_text(void)
{
	return _("followed by the counsellor");
}

char *
counsel_names(struct txn *t, const struct rec *r)
{
	struct idlist l = { 0 };
	struct buf b = { 0 };
	struct rec *c;
	size_t i;

	counsel_children(r, &l);
	for (i = 0; i < l.n; i++) {
		if (i > 0)
			buf_addstr(&b, _(", "));
		if (rec_get(t, RT_CHILD, l.v[i], &c) == 0) {
			buf_add_safe(&b, rec_title(c), false);
			rec_free(c);
			buf_addf(&b, " (#%u)", l.v[i]);
		} else
			buf_addf(&b, "#%u", l.v[i]);
	}
	idl_free(&l);
	return b.s != NULL ? b.s : xstrdup("");
}

/* Newest date first, then the higher id. */
static int
date_cmp(const void *a, const void *b)
{
	const struct { char d[11]; uint32_t id; } *x = a, *y = b;
	int c = strcmp(y->d, x->d);

	return c != 0 ? c : (x->id < y->id) - (x->id > y->id);
}

void
counsel_select(struct txn *t, uint32_t child, uint32_t school,
    struct idlist *out)
{
	struct { char d[11]; uint32_t id; } *v = NULL;
	struct idlist ids = { 0 };
	struct kv_cursor c;
	struct rec *r;
	size_t i, n = 0;
	bool ok;

	if (child != 0)
		counsel_of_child(t, child, &ids);
	else {
		for (ok = kv_first(t, DBI_COUNSEL, NULL, 0, &c); ok;
		    ok = kv_next(&c))
			if (c.key.mv_size == 4)
				idl_add(&ids, get_u32be(c.key.mv_data));
		kv_close(&c);
	}
	for (i = 0; i < ids.n; i++) {
		/* rec_get refuses what the actor may not read. */
		if (rec_get(t, RT_COUNSEL, ids.v[i], &r) != 0)
			continue;
		if (school == 0 || rec_ref(r, COUNSEL_SCHOOL) == school) {
			v = xreallocarray(v, n + 1, sizeof *v);
			snprintf(v[n].d, sizeof v[n].d, "%s",
			    rec_str(r, COUNSEL_DATE));
			v[n++].id = r->id;
		}
		rec_free(r);
	}
	if (n > 0)
		qsort(v, n, sizeof *v, date_cmp);
	for (i = 0; i < n; i++)
		idl_add(out, v[i].id);
	free(v);
	idl_free(&ids);
}

/* The title of a referenced record, or "#id". */
static void
add_ref(struct txn *t, struct buf *b, enum rtype type, uint32_t id)
{
	struct rec *r;

	if (id != 0 && rec_get(t, type, id, &r) == 0) {
		buf_add_safe(b, rec_title(r), false);
		rec_free(r);
	} else if (id != 0)
		buf_addf(b, "#%u", id);
}

/* Does a staff record hold the role? */
static bool
has_role(const struct rec *s, const char *role)
{
	char *set = xasprintf(",%s,", rec_str(s, STAFF_ROLES));
	char *key = xasprintf(",%s,", role);
	bool has = strstr(set, key) != NULL;

	free(set);
	free(key);
	return has;
}

bool
counsel_counsellor(struct txn *t, uint32_t staff, uint32_t school)
{
	struct rec *s;
	bool is;

	if (staff == 0 || rec_get(t, RT_STAFF, staff, &s) != 0)
		return false;
	is = school != 0 && rec_ref(s, STAFF_SCHOOL) == school &&
	    has_role(s, "counsellor");
	rec_free(s);
	return is;
}

void
counsel_counsellors(struct txn *t, uint32_t school, struct idlist *out)
{
	struct idlist ids = { 0 };
	size_t i;

	ix_refs(t, IX_STAFF_SCHOOL, school, &ids);
	for (i = 0; i < ids.n; i++)
		if (counsel_counsellor(t, ids.v[i], school))
			idl_add(out, ids.v[i]);
	idl_free(&ids);
}

/* Is r new, or does it name another counsellor than the stored one? */
static bool
counsellor_changes(struct txn *t, const struct rec *r)
{
	struct rec *old;
	bool changes;

	if (r->id == 0 || rec_get(t, RT_COUNSEL, r->id, &old) != 0)
		return true;
	changes = rec_ref(old, COUNSEL_COUNSELLOR) !=
	    rec_ref(r, COUNSEL_COUNSELLOR);
	rec_free(old);
	return changes;
}

/* Refuses staff as the counsellor, naming those who may be. */
static int
not_counsellor(struct txn *t, uint32_t staff, uint32_t school,
    char **cause)
{
	struct idlist ids = { 0 };
	struct buf b = { 0 };
	size_t i;

	counsel_counsellors(t, school, &ids);
	for (i = 0; i < ids.n; i++) {
		if (i > 0)
			buf_addstr(&b, _(", "));
		add_ref(t, &b, RT_STAFF, ids.v[i]);
		buf_addf(&b, " (#%u)", ids.v[i]);
	}
	if (ids.n == 0)
		set_cause(cause, _("staff member #%u is not a counsellor of "
		    "the children's school, which has none: give a staff "
		    "member of the school the counsellor role first"), staff);
	else
		set_cause(cause, _("staff member #%u is not a counsellor of "
		    "the children's school: name one of %s (--counsellor ID)"),
		    staff, b.s);
	buf_free(&b);
	idl_free(&ids);
	return SH_EINVAL;
}

int
counsel_store(struct txn *t, struct rec *r, char **cause)
{
	struct idlist l = { 0 };
	struct rec *c;
	uint32_t school = 0;
	size_t i, j;
	int rc = 0;

	counsel_children(r, &l);
	if (l.n == 0) {
		set_cause(cause, "%s", _("name the children of the session: "
		    "--child ID[,ID...]"));
		return SH_EINVAL;
	}
	if ((rc = safe_not_future(r, COUNSEL_DATE, cause)) != 0) {
		idl_free(&l);
		return rc;
	}
	for (i = 0; i < l.n && rc == 0; i++) {
		for (j = 0; j < i && rc == 0; j++)
			if (l.v[j] == l.v[i]) {
				set_cause(cause, _("%s: child #%u is named "
				    "twice"), _(r->sc->fields[
				    COUNSEL_CHILDREN].label), l.v[i]);
				rc = SH_EINVAL;
			}
		if (rc != 0 ||
		    (rc = safe_get(t, RT_CHILD, l.v[i], &c, cause)) != 0)
			break;
		if (school != 0 && rec_ref(c, CHILD_SCHOOL) != school) {
			set_cause(cause, _("child #%u is of another school: a "
			    "session is of one school's children"), l.v[i]);
			rc = SH_EINVAL;
		} else if (*rec_str(c, CHILD_BIRTH) != '\0' &&
		    strcmp(rec_str(r, COUNSEL_DATE),
		    rec_str(c, CHILD_BIRTH)) < 0) {
			set_cause(cause, _("%s \"%s\": before %s was born "
			    "(%s)"), _(r->sc->fields[COUNSEL_DATE].label),
			    rec_str(r, COUNSEL_DATE), rec_title(c),
			    rec_str(c, CHILD_BIRTH));
			rc = SH_EINVAL;
		}
		school = rec_ref(c, CHILD_SCHOOL);
		rec_free(c);
	}
	idl_free(&l);
	if (rc != 0)
		return rc;
	if (r->id == 0 && !rec_exists(t, RT_STAFF,
	    rec_ref(r, COUNSEL_COUNSELLOR))) {
		set_cause(cause, _("there is no %s #%u"),
		    _(schema_of(RT_STAFF)->label),
		    rec_ref(r, COUNSEL_COUNSELLOR));
		return SH_EINVAL;
	}
	/* Who may not write a session at all is refused by the store. */
	if (access_counsel(school) && counsellor_changes(t, r) &&
	    !counsel_counsellor(t, rec_ref(r, COUNSEL_COUNSELLOR), school))
		return not_counsellor(t, rec_ref(r, COUNSEL_COUNSELLOR),
		    school, cause);
	rec_set_ref(r, COUNSEL_SCHOOL, school);
	return rec_put(t, r, cause);
}

int
counsel_listed(struct db *db, size_t n, uint32_t child, uint32_t school,
    char **cause)
{
	char *what;
	int rc;

	if (child != 0)
		what = xasprintf(_("counselling sessions listed: %zu (child "
		    "#%u)"), n, child);
	else if (school != 0)
		what = xasprintf(_("counselling sessions listed: %zu (school "
		    "#%u)"), n, school);
	else
		what = xasprintf(_("counselling sessions listed: %zu (all "
		    "that %s may read)"), n, db->user);
	rc = audit_note(db, AUDIT_VIEW, what, cause);
	free(what);
	return rc;
}

void
counsel_format(struct txn *t, const struct rec *r, struct buf *b)
{
	const struct schema *sc = r->sc;
	const struct field *f;
	char *s, *p, *nl;
	int i, w, labw = 0;

	for (i = 0; i < sc->nfields; i++)
		if ((w = u_width(_(sc->fields[i].label))) > labw)
			labw = w;
	for (i = 0; i < sc->nfields; i++) {
		f = &sc->fields[i];
		if (*rec_str(r, i) == '\0' || i == COUNSEL_NOTES)
			continue;
		buf_addstr(b, "  ");
		u_fit(b, _(f->label), labw, true);
		buf_addstr(b, "  ");
		if (i == COUNSEL_CHILDREN) {
			s = counsel_names(t, r);
			buf_addstr(b, s);
			free(s);
		} else if (f->type == FT_REF)
			add_ref(t, b, f->ref, rec_ref(r, i));
		else {
			s = field_display(f, rec_str(r, i));
			buf_add_safe(b, s, false);
			free(s);
		}
		buf_addc(b, '\n');
	}
	if (*rec_str(r, COUNSEL_NOTES) != '\0') {
		buf_addf(b, "  %s:\n", _(sc->fields[COUNSEL_NOTES].label));
		s = str_safe(rec_str(r, COUNSEL_NOTES), true);
		for (p = s; *p != '\0'; p = nl != NULL ? nl + 1 :
		    p + strlen(p)) {
			nl = strchr(p, '\n');
			buf_addstr(b, "    ");
			buf_add(b, p, nl != NULL ? (size_t)(nl - p) :
			    strlen(p));
			buf_addc(b, '\n');
		}
		free(s);
	}
}

/* The list's column heads, over counsel_line()'s columns. */
void
counsel_head(struct buf *b)
{
	u_fit_right(b, _("No."), 5);
	buf_addstr(b, "  ");
	u_fit(b, _("Date"), 10, true);
	buf_addstr(b, "  ");
	u_fit(b, _("Kind"), 10, true);
	buf_addstr(b, "  ");
	u_fit(b, _("Children"), 22, true);
	buf_addstr(b, "  ");
	buf_addstr(b, _("Counsellor"));
	buf_addc(b, '\n');
}

/* One line of the list: number, date, kind, children, counsellor, next. */
void
counsel_line(struct txn *t, const struct rec *r, struct buf *b)
{
	struct rec *s;
	char *names, *kind;

	buf_addf(b, "%5u  %s  ", r->id, rec_str(r, COUNSEL_DATE));
	kind = field_display(&r->sc->fields[COUNSEL_KIND],
	    rec_str(r, COUNSEL_KIND));
	u_fit(b, kind, 10, true);
	free(kind);
	buf_addstr(b, "  ");
	names = counsel_names(t, r);
	print_fit(b, names, 22, true);
	free(names);
	buf_addstr(b, "  ");
	if (rec_get(t, RT_STAFF, rec_ref(r, COUNSEL_COUNSELLOR), &s) == 0) {
		names = str_safe(rec_title(s), false);
		print_fit(b, names, 8, true);
		free(names);
		rec_free(s);
	} else
		u_fit(b, "", 8, true);
	if (*rec_str(r, COUNSEL_NEXT) != '\0')
		buf_addf(b, "  %s %s", _("next"), rec_str(r, COUNSEL_NEXT));
	buf_addc(b, '\n');
}

bool
counsel_may(void)
{
	return access_admin() || (access_roles() & (AR_PRINCIPAL |
	    AR_COUNSELLOR)) != 0;
}

int
counsel_read(struct db *db, uint32_t id, struct buf *b, char **cause)
{
	struct txn t;
	struct rec *r;
	char *why = NULL;
	int rc;

	if ((rc = txn_read(db, &t)) != 0) {
		set_cause(cause, "%s", _("cannot read the database"));
		return rc;
	}
	if ((rc = rec_get(&t, RT_COUNSEL, id, &r)) != 0)
		set_cause(cause, _("there is no counselling session #%u that "
		    "you may see"), id);
	else {
		buf_addf(b, "%s #%u\n", _(r->sc->label), id);
		counsel_format(&t, r, b);
		rec_free(r);
	}
	txn_end(&t);
	/* Who tried to read a session not theirs is in the audit trail. */
	if (rc == SH_EPERM && !db->readonly) {
		why = xasprintf(_("counselling session #%u: may not read it"),
		    id);
		(void)audit_note(db, AUDIT_REFUSED, why, NULL);
		free(why);
		why = NULL;
	}
	if (rc == 0 && (rc = audit_view(db, RT_COUNSEL, id, &why)) != 0) {
		set_cause(cause, _("the reading cannot be recorded, so the "
		    "session is not shown: %s"), why);
		free(why);
		buf_reset(b);
	}
	return rc;
}
