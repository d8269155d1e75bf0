/*
 * access.h -- who is using the program and what they may see: the one
 * access check of the core.
 *
 * The acting user is the login of the real user id (db->user, from
 * login_name()), never $USER or $LOGNAME.  A login is linked to one
 * staff member by the staff record's login field; the staff member's
 * roles (a set of role_choices keys) decide what the login may see.
 *
 * Every database has its users from the start: the login that creates
 * it (init, demo, `shouhu setup`, the screens' first start) is recorded
 * in the same transaction as its first administrator (the metadata's
 * "admin.first"), before it has a staff record; once that login is
 * linked to a staff member (`shouhu user add`) or removed, the staff
 * record's roles decide, and the value is left empty.  Then:
 *
 *	- administrators are the first administrator and the logins whose
 *	  staff member has the administrator role; the last of them cannot
 *	  be removed, lose the role or the login (access_keep_admin());
 *	- root is always an administrator, with or without a staff record:
 *	  it can read and replace the files anyway, and its work is audited
 *	  under the login "root";
 *	- any other login without a staff record is refused (and the
 *	  refusal is written to the audit trail);
 *	- a database made by an older shouhu that records no user at all
 *	  is administered by the login owning its data file, which is
 *	  recorded as its first administrator at its next writing
 *	  (access_record_claim());
 *	- administrator: everything, users, backups; township supervisor:
 *	  reads every school; principal, leadership group, counsellor and
 *	  village teacher: the children of their school; class teacher: the
 *	  children of the class they head; mentor: their current mentees;
 *	- private fields (FF_PRIVATE) are shown to the administrator, the
 *	  principal and counsellor of the child's school and the child's
 *	  class teacher, to nobody else (a child's risk concerns and their
 *	  reason are such fields; the risk level is not);
 *	- counselling sessions: see access_counsel();
 *	- roles and logins of staff are changed by the administrator alone.
 *
 * access_begin() loads the actor once per command (staff, roles, and the
 * sorted ids of the children they may see), so each check is a binary
 * search at most.  rec.c calls the checks for every read and write of a
 * child and of what hangs from it (links, pairs); lists, search results,
 * counts and caseloads are filtered by the same reads.
 */
#ifndef SHOUHU_ACCESS_H
#define SHOUHU_ACCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "rec.h"
#include "store.h"

enum {
	AR_ADMIN = 1 << 0,
	AR_SUPERVISOR = 1 << 1,
	AR_PRINCIPAL = 1 << 2,
	AR_LEADER = 1 << 3,
	AR_CLASS_TEACHER = 1 << 4,
	AR_MENTOR = 1 << 5,
	AR_COUNSELLOR = 1 << 6,
	AR_VILLAGE = 1 << 7
};

/*
 * Loads the acting user of db for the rest of the process, on date today
 * (ISO: mentoring pairs in force).  Returns 0, or SH_EPERM with *cause
 * ("ask for: shouhu user add LOGIN") for a login the rules refuse: the
 * caller then writes the refusal with access_note_refusal() (in a
 * database opened for writing) and stops.  Also tells the audit trail
 * the actor's staff id.
 */
int access_begin(struct db *, const char *today, char **cause);
/* Writes "login refused" to the audit trail; 0 or SH_E* with *cause. */
int access_note_refusal(struct db *, char **cause);
/* Forgets the actor: everything is allowed again (tests, the end). */
void access_end(void);

/*
 * Records the actor as the first administrator of a database that
 * records no user (made by an older shouhu) when it owns its files and
 * db is open for writing; 0 or SH_E* with *cause.
 */
int access_record_claim(struct db *, char **cause);

/* Whether the rules are enforced: once access_begin() loaded the actor. */
bool access_enforced(void);
/* Whether the actor is an administrator (always when not enforced). */
bool access_admin(void);
/* The actor's staff id (0: none) and roles (AR_* bits). */
uint32_t access_staff(void);
unsigned access_roles(void);
/* The actor's school (0: none). */
uint32_t access_school(void);

/* May the actor see (and work on) this child? */
bool access_child(uint32_t child);
/*
 * May the actor change this child (and what hangs from it)?  What it may
 * see, except through the township supervisor's role, which only reads.
 */
bool access_child_write(uint32_t child);
/* May the actor see the child's private fields? */
bool access_private(uint32_t child);
/*
 * May the actor see this field of this record?  False only for a private
 * field (FF_PRIVATE) of a child whose private fields it may not see:
 * show ACCESS_MASK instead.
 */
bool access_field(const struct rec *r, int field);
/*
 * May the actor read or write this record?  Children, links and pairs by
 * their child; a new child (id 0) by its school; staff records whose
 * roles or login change (old is the stored record, NULL for a new one)
 * only by the administrator.  Other types: yes.
 */
bool access_record(const struct rec *r, const struct rec *old);
/* The same for storing r (old: the stored record, NULL for a new one). */
bool access_write(const struct rec *r, const struct rec *old);
/* A child the actor stored (a new one): visible from now on. */
void access_child_added(uint32_t child);
/* May the actor see this contact (one of its children is visible)? */
bool access_contact(struct txn *, uint32_t contact);
/*
 * Is the actor the administrator, or (lead) a principal or member of the
 * leadership group of this school?  Without lead, also its counsellor,
 * village teacher, class teachers and mentors are not enough: the same.
 */
bool access_school_lead(uint32_t school);

/*
 * May the actor see and work on an incident of this school opened by
 * this staff member (incident.h)?  The administrator, the school's
 * principal and the one who opened it.
 */
bool access_incident(uint32_t school, uint32_t opened_by);
/* The same for a record of an incident or of its timeline. */
bool access_incident_record(const struct rec *);
/*
 * May the actor read and write the counselling sessions (心理辅导记录)
 * of this school?  The administrator, and the school's principal and
 * counsellors; nobody else, not the township supervisor nor the
 * leadership group, class teachers or mentors.  Case plans, their goals
 * and reviews follow their child (access_child, access_child_write).
 */
bool access_counsel(uint32_t school);

/*
 * Would staff member staff see the child by the rules above, were they
 * the actor: by their roles and school, the class they head, their
 * mentees on date today (ISO)?  False for an unknown staff member.  For
 * choosing someone to work on a child (the goal of a case plan).
 */
bool access_staff_child(struct txn *, uint32_t staff, uint32_t child,
    const char *today);

/* The value shown instead of a private field the actor may not see. */
#define ACCESS_MASK "***"

/*
 * Records login (NULL: nobody any more) as the first administrator,
 * without a staff record: the store calls it inside the transaction
 * creating a new database.  access_first_admin() returns the login
 * recorded (a new string), or NULL.
 */
void access_set_first_admin(struct txn *, const char *login);
char *access_first_admin(struct txn *);
/*
 * Storing r (NULL: deleting) in place of the staff record old: SH_EPERM
 * with *cause when it would leave the database without an administrator
 * (old the last one with a login, r without the login or the role); 0
 * for every other record.
 */
int access_keep_admin(struct txn *, const struct rec *r,
    const struct rec *old, char **cause);
/*
 * Forgets login as the first administrator, when it is one (*was): it
 * has just been linked to a staff member, or is removed.  SH_EPERM with
 * *cause when nobody would be left an administrator.
 */
int access_drop_first_admin(struct txn *, const char *login, bool *was,
    char **cause);

#endif
