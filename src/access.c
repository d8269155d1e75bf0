/*
 * access.c -- see access.h.
 *
 * The actor is loaded once per process by access_begin(); until then
 * (the store's own work, tests) every check says yes.  The users are the
 * first administrator, kept in the metadata under FIRST_ADMIN, and the
 * staff records' login fields (the IX_STAFF_LOGIN index).
 */
#include "config.h"

#include <sys/stat.h>

#include <pwd.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "audit.h"
#include "care.h"
#include "codec.h"
#include "i18n.h"
#include "index.h"
#include "model.h"
#include "schema.h"
#include "util.h"

#define FIRST_ADMIN "admin.first"

static struct {
	bool		 loaded;
	bool		 enforced;
	bool		 claim;		/* owns a database recording no user */
	bool		 all;		/* sees every child */
	uint32_t	 staff;
	unsigned	 roles;
	uint32_t	 school;
	struct idlist	 see;		/* the children it may see */
	struct idlist	 priv;		/* ... and their private fields */
} actor;

static const struct {
	const char	*key;
	unsigned	 bit;
} role_bits[] = {
	{ "administrator", AR_ADMIN },
	{ "supervisor", AR_SUPERVISOR },
	{ "principal", AR_PRINCIPAL },
	{ "leader", AR_LEADER },
	{ "class_teacher", AR_CLASS_TEACHER },
	{ "mentor", AR_MENTOR },
	{ "counsellor", AR_COUNSELLOR },
	{ "village_teacher", AR_VILLAGE },
};

/* The AR_* bits of a set of role keys ("principal,leader"). */
static unsigned
roles_of(const char *set)
{
	const char *p = set, *e;
	unsigned bits = 0;
	size_t i, n;

	while (*p != '\0') {
		e = strchr(p, ',');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		for (i = 0; i < nitems(role_bits); i++)
			if (strlen(role_bits[i].key) == n &&
			    strncmp(role_bits[i].key, p, n) == 0)
				bits |= role_bits[i].bit;
		p += n;
		if (*p == ',')
			p++;
	}
	return bits;
}

/*
 * The first administrator: 1 with *login (a new string) while a login
 * without a staff record holds it, 0 when none does any more (an empty
 * value), -1 when the database never recorded one (made by an older
 * shouhu).
 */
static int
first_admin(struct txn *t, char **login)
{
	MDB_val v;

	*login = NULL;
	if (kv_get(t, DBI_META, FIRST_ADMIN, strlen(FIRST_ADMIN), &v) != 0)
		return -1;
	if (v.mv_size == 0)
		return 0;
	*login = xstrndup(v.mv_data, v.mv_size);
	return 1;
}

void
access_set_first_admin(struct txn *t, const char *login)
{
	if (login == NULL)
		login = "";
	kv_put(t, DBI_META, FIRST_ADMIN, strlen(FIRST_ADMIN), login,
	    strlen(login));
}

char *
access_first_admin(struct txn *t)
{
	char *login;

	first_admin(t, &login);
	return login;
}

/* Whether any staff member has a login. */
static bool
any_login(struct txn *t)
{
	struct kv_cursor c;
	unsigned char tag = IX_STAFF_LOGIN;
	bool found;

	found = kv_first(t, DBI_IX, &tag, 1, &c);
	kv_close(&c);
	return found;
}

/* Loads the actor's staff record and the children it may see. */
static void
load_staff(struct txn *t, const char *today)
{
	struct idlist school = { 0 }, cls = { 0 }, mentees = { 0 };
	struct rec *s;
	size_t i;

	if (actor.staff == 0 || rec_get(t, RT_STAFF, actor.staff, &s) != 0)
		return;
	actor.roles |= roles_of(rec_str(s, STAFF_ROLES));
	actor.school = rec_ref(s, STAFF_SCHOOL);
	if (actor.roles & (AR_ADMIN | AR_SUPERVISOR))
		actor.all = true;
	if (actor.school != 0 && (actor.roles & (AR_PRINCIPAL | AR_LEADER |
	    AR_COUNSELLOR | AR_VILLAGE)))
		children_of_class(t, actor.school, NULL, NULL, &school);
	if (actor.school != 0 && (actor.roles & AR_CLASS_TEACHER) &&
	    *rec_str(s, STAFF_GRADE) != '\0' &&
	    *rec_str(s, STAFF_CLASS) != '\0')
		children_of_class(t, actor.school, rec_str(s, STAFF_GRADE),
		    rec_str(s, STAFF_CLASS), &cls);
	if (actor.roles & AR_MENTOR)
		staff_mentees(t, actor.staff, today, &mentees);
	for (i = 0; i < school.n; i++) {
		idl_add(&actor.see, school.v[i]);
		if (actor.roles & (AR_PRINCIPAL | AR_COUNSELLOR))
			idl_add(&actor.priv, school.v[i]);
	}
	for (i = 0; i < cls.n; i++) {
		idl_add(&actor.see, cls.v[i]);
		idl_add(&actor.priv, cls.v[i]);
	}
	for (i = 0; i < mentees.n; i++)
		idl_add(&actor.see, mentees.v[i]);
	idl_uniq(&actor.see);
	idl_uniq(&actor.priv);
	idl_free(&school);
	idl_free(&cls);
	idl_free(&mentees);
	rec_free(s);
}

/*
 * The administrators of the database: the logins linked to staff
 * members with the administrator role, leaving out staff member skip,
 * and the first administrator while it has no staff record.
 */
static size_t
count_admins(struct txn *t, uint32_t skip)
{
	struct kv_cursor c;
	struct rec *s;
	const unsigned char *k;
	unsigned char tag = IX_STAFF_LOGIN;
	char *first;
	uint32_t id;
	size_t n = 0;
	bool ok;

	for (ok = kv_first(t, DBI_IX, &tag, 1, &c); ok; ok = kv_next(&c)) {
		k = c.key.mv_data;
		if (c.key.mv_size < 6)
			continue;
		id = get_u32be(k + c.key.mv_size - 4);
		if (id == skip || rec_get(t, RT_STAFF, id, &s) != 0)
			continue;
		if (roles_of(rec_str(s, STAFF_ROLES)) & AR_ADMIN)
			n++;
		rec_free(s);
	}
	kv_close(&c);
	if (first_admin(t, &first) > 0)
		n++;
	free(first);
	return n;
}

/* Whether the login of db owns its data file. */
static bool
owns_files(const struct db *db)
{
	struct passwd *pw;
	struct stat st;
	char *path;
	bool own;

	path = xasprintf("%s/data.mdb", db->path);
	own = stat(path, &st) == 0 && (pw = getpwuid(st.st_uid)) != NULL &&
	    strcmp(pw->pw_name, db->user) == 0;
	free(path);
	return own;
}

int
access_begin(struct db *db, const char *today, char **cause)
{
	struct txn t;
	char *first;
	bool admin;
	int state;

	access_end();
	if (txn_read(db, &t) != 0) {
		/* Nothing is allowed without knowing who it is. */
		actor.loaded = actor.enforced = true;
		set_cause(cause, _("cannot read the database"));
		return SH_EDB;
	}
	actor.staff = staff_by_login(&t, db->user);
	state = first_admin(&t, &first);
	admin = strcmp(db->user, "root") == 0 ||
	    (state > 0 && strcmp(first, db->user) == 0);
	if (!admin && state < 0 && !any_login(&t) && owns_files(db))
		admin = actor.claim = true;
	free(first);
	if (admin) {
		actor.roles |= AR_ADMIN;
		actor.all = true;
	}
	load_staff(&t, today);
	txn_end(&t);
	audit_set_staff(actor.staff);
	if (actor.staff == 0 && !(actor.roles & AR_ADMIN)) {
		set_cause(cause, _("%s is not a user of this database; ask "
		    "the administrator for: shouhu user add %s"), db->user,
		    db->user);
		access_end();
		actor.loaded = actor.enforced = true;
		return SH_EPERM;
	}
	actor.loaded = actor.enforced = true;
	return 0;
}

static int
claim_write(struct txn *t, void *arg, char **cause)
{
	char *first;

	if (first_admin(t, &first) < 0 && !any_login(t))
		access_set_first_admin(t, t->db->user);
	free(first);
	return t->err;
}

int
access_record_claim(struct db *db, char **cause)
{
	if (!actor.claim || db->readonly)
		return 0;
	actor.claim = false;
	return db_write(db, claim_write, NULL, cause);
}

/* Refuses to leave the database without an administrator. */
static int
last_admin(const char *login, char **cause)
{
	set_cause(cause, _("%s is the last administrator of this database: "
	    "make another login an administrator first (shouhu user add "
	    "LOGIN --staff ID --roles administrator)"), login);
	return SH_EPERM;
}

int
access_keep_admin(struct txn *t, const struct rec *r, const struct rec *old,
    char **cause)
{
	if (old == NULL || old->sc->type != RT_STAFF ||
	    *rec_str(old, STAFF_LOGIN) == '\0' ||
	    !(roles_of(rec_str(old, STAFF_ROLES)) & AR_ADMIN))
		return 0;
	if (r != NULL && *rec_str(r, STAFF_LOGIN) != '\0' &&
	    (roles_of(rec_str(r, STAFF_ROLES)) & AR_ADMIN))
		return 0;
	if (count_admins(t, old->id) > 0)
		return t->err;
	return last_admin(rec_str(old, STAFF_LOGIN), cause);
}

int
access_drop_first_admin(struct txn *t, const char *login, bool *was,
    char **cause)
{
	char *first;

	*was = first_admin(t, &first) > 0 && strcmp(first, login) == 0;
	free(first);
	if (!*was)
		return 0;
	access_set_first_admin(t, NULL);
	if (count_admins(t, 0) > 0)
		return t->err;
	return last_admin(login, cause);
}

int
access_note_refusal(struct db *db, char **cause)
{
	char *what;
	int rc;

	what = xasprintf(_("login %s: no staff member"), db->user);
	rc = audit_note(db, AUDIT_REFUSED, what, cause);
	free(what);
	return rc;
}

void
access_end(void)
{
	idl_free(&actor.see);
	idl_free(&actor.priv);
	memset(&actor, 0, sizeof actor);
}

bool
access_enforced(void)
{
	return actor.loaded && actor.enforced;
}

bool
access_admin(void)
{
	return !access_enforced() || (actor.roles & AR_ADMIN);
}

uint32_t
access_staff(void)
{
	return actor.staff;
}

unsigned
access_roles(void)
{
	return actor.roles;
}

uint32_t
access_school(void)
{
	return actor.school;
}

bool
access_child(uint32_t child)
{
	if (!actor.loaded || actor.all)
		return true;
	return idl_has(&actor.see, child);
}

bool
access_child_write(uint32_t child)
{
	if (!actor.loaded || !actor.enforced || (actor.roles & AR_ADMIN))
		return true;
	return idl_has(&actor.see, child);
}

bool
access_private(uint32_t child)
{
	if (!access_enforced() || (actor.roles & AR_ADMIN))
		return true;
	return idl_has(&actor.priv, child);
}

bool
access_field(const struct rec *r, int field)
{
	return !(r->sc->fields[field].flags & FF_PRIVATE) ||
	    r->sc->type != RT_CHILD || access_private(r->id);
}

bool
access_school_lead(uint32_t school)
{
	if (access_admin())
		return true;
	return school != 0 && school == actor.school &&
	    (actor.roles & (AR_PRINCIPAL | AR_LEADER));
}

/* Whether a staff record's roles or login differ from the stored one's. */
static bool
staff_powers_change(const struct rec *r, const struct rec *old)
{
	if (old == NULL)
		return *rec_str(r, STAFF_ROLES) != '\0' ||
		    *rec_str(r, STAFF_LOGIN) != '\0';
	return strcmp(rec_str(r, STAFF_ROLES),
	    rec_str(old, STAFF_ROLES)) != 0 ||
	    strcmp(rec_str(r, STAFF_LOGIN), rec_str(old, STAFF_LOGIN)) != 0;
}

bool
access_counsel(uint32_t school)
{
	if (!access_enforced() || (actor.roles & AR_ADMIN))
		return true;
	return school != 0 && school == actor.school &&
	    (actor.roles & (AR_PRINCIPAL | AR_COUNSELLOR)) != 0;
}

/*
 * Counselling sessions and case plans (schema-safe.c): 1 allowed, 0
 * refused, -1 for the other types.  Checked before anything else, since
 * seeing every child (the township supervisor) is not enough.
 */
static int
safe_access(const struct rec *r, bool write)
{
	uint32_t child;

	switch (r->sc->type) {
	case RT_COUNSEL:
		return access_counsel(rec_ref(r, COUNSEL_SCHOOL));
	case RT_PLAN:
		child = rec_ref(r, PLAN_CHILD);
		break;
	case RT_GOAL:
		child = rec_ref(r, GOAL_CHILD);
		break;
	case RT_REVIEW:
		child = rec_ref(r, REVIEW_CHILD);
		break;
	default:
		return -1;
	}
	return write ? access_child_write(child) : access_child(child);
}

/*
 * May the actor write this staff record (old: as stored, NULL for a new
 * one; r == old for a delete)?  The administrator, anything.  No one
 * else changes roles or logins.  The principal or leadership group of
 * the school (of both schools, for a move) keeps its staff; any other
 * login may change her own record, but not what decides which children
 * she sees (school, class headed), nor delete it.  Deleting a staff
 * member who has a login is the administrator's (user remove).
 */
static bool
staff_may_write(const struct rec *r, const struct rec *old)
{
	static const int decide[] = { STAFF_SCHOOL, STAFF_GRADE, STAFF_CLASS };
	size_t i;

	if (access_admin())
		return true;
	if (r != old ? staff_powers_change(r, old) :
	    *rec_str(old, STAFF_LOGIN) != '\0')
		return false;
	if (access_school_lead(rec_ref(r, STAFF_SCHOOL)) && (old == NULL ||
	    access_school_lead(rec_ref(old, STAFF_SCHOOL))))
		return true;
	if (r == old || old == NULL || old->id != actor.staff ||
	    actor.staff == 0)
		return false;
	for (i = 0; i < nitems(decide); i++)
		if (strcmp(rec_str(r, decide[i]), rec_str(old, decide[i])) != 0)
			return false;
	return true;
}

bool
access_write(const struct rec *r, const struct rec *old)
{
	int safe;

	if ((safe = safe_access(r, true)) >= 0)
		return safe && (old == NULL || safe_access(old, true));
	switch (r->sc->type) {
	case RT_CHILD:
		if (r->id == 0)
			return access_school_lead(rec_ref(r, CHILD_SCHOOL));
		return access_child_write(r->id);
	case RT_LINK:
		return access_child_write(rec_ref(r, LINK_CHILD));
	case RT_PAIR:
		return access_child_write(rec_ref(r, PAIR_CHILD));
	case RT_LOG:
		return care_may_write(r, old);
	case RT_AGREEMENT:
	case RT_AID:
		return access_child_write(rec_ref(r, PAPER_CHILD));
	case RT_STAFF:
		return staff_may_write(r, old);
	default:
		return access_record(r, old);
	}
}

bool
access_record(const struct rec *r, const struct rec *old)
{
	int safe;

	if (r->sc->type == RT_INCIDENT || r->sc->type == RT_IACTION)
		return access_incident_record(r);
	if ((safe = safe_access(r, false)) >= 0)
		return safe;
	if (!actor.loaded || (actor.all && r->sc->type != RT_STAFF))
		return true;
	switch (r->sc->type) {
	case RT_CHILD:
		if (r->id == 0)
			return access_school_lead(rec_ref(r, CHILD_SCHOOL));
		return access_child(r->id);
	case RT_LINK:
		return access_child(rec_ref(r, LINK_CHILD));
	case RT_PAIR:
		return access_child(rec_ref(r, PAIR_CHILD));
	case RT_LOG:
		return care_may_see(r);
	case RT_AGREEMENT:
	case RT_AID:
		return access_child(rec_ref(r, PAPER_CHILD));
	case RT_STAFF:
		if (r->id != 0 && old == NULL)
			return true;	/* a read */
		return access_admin() || !staff_powers_change(r, old);
	default:
		return true;
	}
}

bool
access_contact(struct txn *t, uint32_t contact)
{
	struct idlist l = { 0 };
	struct rec *link;
	bool seen = false;
	size_t i;

	if (!actor.loaded || actor.all)
		return true;
	ix_refs(t, IX_CONTACT_LINK, contact, &l);
	for (i = 0; i < l.n && !seen; i++)
		if (rec_get(t, RT_LINK, l.v[i], &link) == 0) {
			seen = access_child(rec_ref(link, LINK_CHILD));
			rec_free(link);
		}
	idl_free(&l);
	return seen;
}

void
access_child_added(uint32_t child)
{
	if (!actor.loaded || actor.all || idl_has(&actor.see, child))
		return;
	idl_add(&actor.see, child);
	idl_uniq(&actor.see);
}

bool
access_incident(uint32_t school, uint32_t opened_by)
{
	if (access_admin())
		return true;
	if (actor.staff != 0 && actor.staff == opened_by)
		return true;
	return school != 0 && school == actor.school &&
	    (actor.roles & AR_PRINCIPAL);
}

bool
access_incident_record(const struct rec *r)
{
	if (r->sc->type == RT_INCIDENT)
		return access_incident(rec_ref(r, INCIDENT_SCHOOL),
		    r->id == 0 ? actor.staff : rec_ref(r, INCIDENT_OPENED_BY));
	return access_incident(rec_ref(r, IACTION_SCHOOL),
	    rec_ref(r, IACTION_OPENED_BY));
}

bool
access_staff_child(struct txn *t, uint32_t staff, uint32_t child,
    const char *today)
{
	struct idlist mentees = { 0 };
	struct rec *s, *c = NULL;
	unsigned roles;
	bool sees = false;

	if (staff == 0 || rec_get(t, RT_STAFF, staff, &s) != 0)
		return false;
	roles = roles_of(rec_str(s, STAFF_ROLES));
	if (roles & (AR_ADMIN | AR_SUPERVISOR))
		sees = true;
	else if (rec_get(t, RT_CHILD, child, &c) == 0 &&
	    rec_ref(s, STAFF_SCHOOL) != 0 &&
	    rec_ref(s, STAFF_SCHOOL) == rec_ref(c, CHILD_SCHOOL)) {
		if (roles & (AR_PRINCIPAL | AR_LEADER | AR_COUNSELLOR |
		    AR_VILLAGE))
			sees = true;
		else if ((roles & AR_CLASS_TEACHER) &&
		    *rec_str(s, STAFF_GRADE) != '\0' &&
		    strcmp(rec_str(s, STAFF_GRADE),
		    rec_str(c, CHILD_GRADE)) == 0 &&
		    strcmp(rec_str(s, STAFF_CLASS),
		    rec_str(c, CHILD_CLASS)) == 0)
			sees = true;
	}
	if (!sees && (roles & AR_MENTOR)) {
		staff_mentees(t, staff, today, &mentees);
		idl_uniq(&mentees);
		sees = idl_has(&mentees, child);
		idl_free(&mentees);
	}
	rec_free(c);
	rec_free(s);
	return sees;
}
