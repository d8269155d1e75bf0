/*
 * schema.h -- one table per record type.
 *
 * Each row of a table describes one field: its stable tag in the stored
 * form, its English name (command line, CSV columns), its label (shown in
 * forms and lists, translated), its type (which decides how input is
 * normalised and validated, and how the value is shown), its limits and
 * flags.  The encoding, the forms on screen, `show`, the CSV lists, the
 * validation messages and the change log all come from these tables:
 * adding a field is adding a row (and a new tag, never a reused one).
 * Rows are written with designated initialisers; members left out are
 * 0 or NULL.  What a type means is in fieldtype.h, the index keys of a
 * record in index.h, the list columns in view.h.
 *
 * Values are kept as strings in their normal form: dates "2015-03-07",
 * mobiles "13812345678", choices by their ASCII key, sets as keys joined
 * by ",", flags "1"/"0", references as decimal record ids.
 */
#ifndef SHOUHU_SCHEMA_H
#define SHOUHU_SCHEMA_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "store.h"
#include "util.h"
#include "validate.h"

enum rtype {
	RT_SCHOOL,
	RT_STAFF,
	RT_CHILD,
	RT_CONTACT,
	RT_LINK,
	RT_PAIR,
	RT_OFFICIAL,
	RT_TREE,
	RT_NODE,
	RT_EDIT,
	RT_DRILL,
	RT_CALL,
	RT_LOG,		/* a care log entry: schema-care.c, care.h */
	RT_SETTINGS,
	RT_MEETING,
	RT_ATTEND,
	RT_INCIDENT,
	RT_IACTION,
	RT_COUNSEL,
	RT_PLAN,
	RT_GOAL,
	RT_REVIEW,
	RT_AGREEMENT,
	RT_AID,
	RT__COUNT
};

enum ftype {
	FT_TEXT,	/* free text, maxlen characters */
	FT_NAME,	/* a person's name */
	FT_DATE,	/* ISO date */
	FT_PHONE,	/* mobile or landline */
	FT_CHOICE,	/* one key of choices */
	FT_SET,		/* several keys of choices, joined by "," */
	FT_BOOL,	/* "1" or "0" */
	FT_REF,		/* the id of a record of type ref */
	FT_IDNUM,	/* resident ID number */
	FT_GRADE,	/* "1".."9" */
	FT_CLASS,	/* class within a grade */
	FT_INT,		/* an integer in [min, max] */
	FT_LOGIN,	/* a login name on the server */
	FT_PERSON,	/* "staff:12", "contact:34" or "official:5" */
	FT_TIME		/* "07:05" */
};

enum {
	FF_REQUIRED = 1 << 0,	/* may not be empty */
	FF_MULTILINE = 1 << 1,	/* text may have line breaks */
	FF_PRIVATE = 1 << 2,	/* sensitive: never on printed sheets */
	FF_UNIQUE = 1 << 3,	/* no two records share a non-empty value */
	/*
	 * A reference that may outlive its record: a call tree's lines and
	 * drills are made from the records and kept as history, so a person
	 * who leaves does not block anything (the tree shows them as gone
	 * until it is made again).  Not checked on saving, nor by check.
	 */
	FF_WEAK = 1 << 4,
	FF_AUTO = 1 << 5	/* set by the program, not typed in forms */
};

struct field {
	uint8_t			 tag;	/* stable, never reused */
	const char		*name;	/* English identifier */
	const char		*label;	/* msgid */
	enum ftype		 type;
	unsigned		 flags;
	int			 maxlen; /* characters (text) */
	int			 width;	/* columns of the input box */
	const struct choice	*choices;
	enum rtype		 ref;
	int			 min, max; /* FT_INT */
	const char		*def;	/* value of a new record */
	const char		*help;	/* msgid: a hint for forms */
	/*
	 * The header of the roster's column for this field, as Chinese
	 * schools write it, then other headers seen for it, '|'-separated
	 * ("户籍所在地|户籍|户口所在地"); NULL: not in the roster.  The
	 * roster imports and exports every child field that has one, after
	 * its own columns, through the field's type (field_normalize(),
	 * field_sheet()); a contact field's column is the entrusted
	 * guardian's ("监护人身份证号").  Not for fields the roster's own
	 * columns already carry (roster.c).
	 */
	const char		*sheet;
};

struct rec;

struct schema {
	enum rtype		 type;
	const char		*name;	/* "child" */
	const char		*plural; /* "children" */
	const char		*label;	/* msgid */
	enum dbi_id		 dbi;
	const struct field	*fields;
	int			 nfields;
	int			 title;	/* the field that names a record */
	/*
	 * Fills fields that follow from others (the birth date and sex from
	 * a valid ID number, the schooling from the grade); run before
	 * anything is checked.  May be NULL.
	 */
	void			(*fill)(struct rec *);
	/*
	 * Rules between fields.  Returns 0 or -1 with *cause and *field
	 * (the field to blame).
	 */
	int			(*check)(struct rec *, int *field,
				    char **cause);
	/*
	 * Adjusts a record about to replace old (marks that belonged to a
	 * value typed over).  May be NULL; left out of most tables.
	 */
	void			(*update)(struct rec *, const struct rec *old);
};

/* Field numbers: the order of the rows in each table. */
enum { SCHOOL_NAME, SCHOOL_TOWNSHIP, SCHOOL_ADDRESS, SCHOOL_PHONE,
	SCHOOL_PRINCIPAL, SCHOOL__N };
enum { STAFF_NAME, STAFF_SCHOOL, STAFF_PHONE, STAFF_ROLES, STAFF_GRADE,
	STAFF_CLASS, STAFF_LOGIN, STAFF_NOTES, STAFF_POST, STAFF__N };
enum { CHILD_NAME, CHILD_SEX, CHILD_ETHNICITY, CHILD_BIRTH, CHILD_IDNUM,
	CHILD_SCHOOL, CHILD_GRADE, CHILD_CLASS, CHILD_VILLAGE, CHILD_GROUP,
	CHILD_HUKOU, CHILD_BOARDING, CHILD_SCHOOLING, CHILD_HEALTH,
	CHILD_DISABILITY, CHILD_DISABILITY_LEVEL, CHILD_HEALTH_NOTE,
	CHILD_LEFT_BEHIND, CHILD_UNABLE, CHILD_UNABLE_NOTE, CHILD_GUARDIANSHIP,
	CHILD_GUARDIANSHIP_DATE, CHILD_AID, CHILD_KEY_SUPPORT, CHILD_STATUS,
	CHILD_STATUS_DATE, CHILD_STATUS_REASON, CHILD_FAMILY_INCOME,
	CHILD_NOTES, CHILD_RISK, CHILD_CONCERNS, CHILD_RISK_REASON,
	CHILD__N };
enum { CONTACT_NAME, CONTACT_PHONE1, CONTACT_VERIFIED1, CONTACT_PHONE2,
	CONTACT_VERIFIED2, CONTACT_PHONE3, CONTACT_VERIFIED3,
	CONTACT_WORKPLACE, CONTACT_ADDRESS, CONTACT_CAN_READ, CONTACT_IDNUM,
	CONTACT_NOTES,
	CONTACT_FAILED1, CONTACT_FAILED2, CONTACT_FAILED3, CONTACT__N };
enum { LINK_CHILD, LINK_CONTACT, LINK_RELATION, LINK_PRIORITY,
	LINK_GUARDIAN, LINK__N };
enum { PAIR_STAFF, PAIR_CHILD, PAIR_SINCE, PAIR_UNTIL, PAIR_NOTES,
	PAIR__N };
/* The officials directory: township, police, health centre, villages. */
enum { OFFICIAL_NAME, OFFICIAL_KIND, OFFICIAL_ORG, OFFICIAL_VILLAGE,
	OFFICIAL_PHONE, OFFICIAL_PHONE2, OFFICIAL_NOTES, OFFICIAL__N };
/* An emergency call tree (应急联络树). */
enum { TREE_NAME, TREE_SCHOOL, TREE_PURPOSE, TREE_ACTIVATOR, TREE_BY,
	TREE_STAFF_LIMIT, TREE_FAMILY_LIMIT, TREE_REVISION, TREE_GENERATED,
	TREE_NOTES, TREE__N };
/* One line of a call tree: a person to call, under the one who calls. */
enum { NODE_TREE, NODE_PARENT, NODE_SEQ, NODE_KIND, NODE_WHO, NODE_ROLE,
	NODE_PHONE, NODE_BACKUP, NODE_BACKUP_PHONE, NODE_CHILDREN, NODE__N };
/* A change made by hand to a generated tree, kept over regeneration. */
enum { EDIT_TREE, EDIT_OP, EDIT_SUBJECT, EDIT_TARGET, EDIT_PHONE,
	EDIT_NOTES, EDIT__N };
/* A drill (演练) of a tree, and each call made in it. */
enum { DRILL_TREE, DRILL_DATE, DRILL_START, DRILL_REVISION, DRILL_NOTES,
	DRILL__N };
enum { CALL_DRILL, CALL_WHO, CALL_PHONE, CALL_REACHED, CALL_TIME,
	CALL_BY_BACKUP, CALL_NOTES, CALL_POSITION, CALL__N };
/* An incident (突发事件) and each action of its timeline (incident.h). */
enum { INCIDENT_SCHOOL, INCIDENT_CHILDREN, INCIDENT_KIND,
	INCIDENT_FOUND_DATE, INCIDENT_FOUND_TIME, INCIDENT_FOUND_BY,
	INCIDENT_OPENED_BY, INCIDENT_TEXT, INCIDENT_CLOSED_DATE,
	INCIDENT_CLOSED_TIME, INCIDENT_CLOSING, INCIDENT__N };
enum { IACTION_INCIDENT, IACTION_STEP, IACTION_DATE, IACTION_TIME,
	IACTION_BY, IACTION_OFFICER, IACTION_CASE, IACTION_TEXT,
	IACTION_DRILL, IACTION_SCHOOL, IACTION_OPENED_BY, IACTION__N };
/*
 * A counselling session (心理辅导记录), of one child or a group: the
 * children are their ids joined by "," (schema-safe.c).
 */
enum { COUNSEL_CHILDREN, COUNSEL_SCHOOL, COUNSEL_DATE, COUNSEL_COUNSELLOR,
	COUNSEL_KIND, COUNSEL_REFERRER, COUNSEL_REASON, COUNSEL_NOTES,
	COUNSEL_NEXT, COUNSEL__N };
/* A case plan (帮扶计划), its goals and their reviews. */
enum { PLAN_CHILD, PLAN_AIM, PLAN_START, PLAN_STATUS, PLAN_NOTES,
	PLAN__N };
enum { GOAL_PLAN, GOAL_CHILD, GOAL_TEXT, GOAL_STAFF, GOAL_ACTIONS,
	GOAL_REVIEW, GOAL_STATUS, GOAL__N };
enum { REVIEW_GOAL, REVIEW_CHILD, REVIEW_DATE, REVIEW_BY, REVIEW_OUTCOME,
	REVIEW_NOTES, REVIEW_NEXT, REVIEW__N };
/* A guardian's safety agreement (安全责任书) for a term; aid (资助). */
enum { AGREEMENT_CHILD, AGREEMENT_CONTACT, AGREEMENT_TERM, AGREEMENT_STATUS,
	AGREEMENT_DATE, AGREEMENT_NOTES, AGREEMENT__N };
enum { AID_CHILD, AID_KIND, AID_TERM, AID_AMOUNT, AID_DATE, AID_NOTES,
	AID__N };
/* Both begin with their child. */
#define PAPER_CHILD 0

/* A care log entry (帮扶记录): schema-care.c, care.h. */
enum { LOG_CHILD, LOG_CHILD2, LOG_CHILD3, LOG_CHILD4, LOG_DATE, LOG_STAFF,
	LOG_KIND, LOG_WITH, LOG_PHONE, LOG_MOOD, LOG_TEXT, LOG_CONCERN,
	LOG_FOLLOWUP, LOG_FOLLOWUP_TEXT, LOG__N };
/* A meeting or activity, and each invitee's attendance (schema-meeting.c). */
enum { MEETING_SCHOOL, MEETING_DATE, MEETING_TIME, MEETING_KIND, MEETING_HOW,
	MEETING_TOPIC, MEETING_PLACE, MEETING_BY, MEETING_INVITE,
	MEETING_MINUTES, MEETING_FOLLOWUP, MEETING_FOLLOWUP_DATE, MEETING__N };
enum { ATTEND_MEETING, ATTEND_CHILD, ATTEND_CONTACT, ATTEND_GRADE,
	ATTEND_CLASS, ATTEND_RELATION, ATTEND_STATUS, ATTEND_REASON,
	ATTEND__N };

#define REC_MAXFIELDS 40
/* The ages, on the day of saving, of a child in school. */
#define CHILD_MIN_AGE 2
#define CHILD_MAX_AGE 20
#define CONTACT_PHONES 3

extern const struct schema *const schemas[RT__COUNT];
/* The township's settings (settings.c). */
extern const struct schema settings_schema;
extern const struct choice role_choices[];
extern const struct choice schooling_choices[];
extern const struct choice health_choices[];
extern const struct choice left_behind_choices[];
extern const struct choice guardianship_choices[];
extern const struct choice aid_choices[];
extern const struct choice disability_choices[];
extern const struct choice disability_level_choices[];
extern const struct choice unable_choices[];
extern const struct choice family_income_choices[];
extern const struct choice status_choices[];
extern const struct choice official_choices[];
extern const struct choice tree_by_choices[];
extern const struct choice node_kind_choices[];
extern const struct choice edit_op_choices[];
extern const struct schema log_schema;
extern const struct choice care_kind_choices[];
extern const struct choice care_mood_choices[];
extern const struct choice meeting_kind_choices[];
extern const struct choice meeting_how_choices[];
extern const struct choice attend_choices[];
extern const struct schema meeting_schema;
extern const struct schema attend_schema;
/* schema-incident.c */
extern const struct schema incident_schema;
extern const struct schema iaction_schema;
extern const struct choice incident_kind_choices[];
extern const struct choice incident_step_choices[];
/* Risk and safeguarding (schema-safe.c). */
extern const struct choice risk_choices[];
extern const struct choice concern_choices[];
extern const struct choice counsel_kind_choices[];
extern const struct choice plan_status_choices[];
extern const struct choice goal_status_choices[];
extern const struct choice outcome_choices[];
extern const struct schema counsel_schema, plan_schema, goal_schema,
    review_schema;
/*
 * The marker lists show before a child's name for a risk level: "!"
 * for high, "+" for medium, "" otherwise.
 */
const char *risk_marker(const char *risk);
/* The same, of a value read in place (not NUL-terminated). */
static inline const char *
risk_marker_n(const char *risk, size_t len)
{
	if (len == 4 && memcmp(risk, "high", 4) == 0)
		return "!";
	if (len == 6 && memcmp(risk, "medium", 6) == 0)
		return "+";
	return "";
}

/* The term's paperwork (schema-paper.c). */
extern const struct choice agreement_status_choices[];
extern const struct schema agreement_schema;
extern const struct schema aid_schema;

/*
 * The rules between fields named in the tables (validate-rec.c): see
 * fill, check and update in struct schema.
 */
int staff_check(struct rec *, int *field, char **cause);
void child_fill(struct rec *);
int child_check(struct rec *, int *field, char **cause);
int contact_check(struct rec *, int *field, char **cause);
void contact_update(struct rec *, const struct rec *old);
int pair_check(struct rec *, int *field, char **cause);
int log_check(struct rec *, int *field, char **cause);

const struct schema *schema_of(enum rtype);
/* By name or plural ("child", "children"); NULL when unknown. */
const struct schema *schema_by_name(const char *);
/* The field number with this English name, or -1. */
int schema_field(const struct schema *, const char *name);

/*
 * Normalises input for a field (see validate.h).  Empty input gives an
 * empty value (required fields are checked by rec_validate).  Returns 0
 * with *out set (caller frees), or -1 with *cause set to the reason.
 */
int field_normalize(const struct field *, const char *in, char **out,
    char **cause);
/*
 * The value as shown to a person: choice labels translated, flags as
 * yes/no, grades as words.  References are shown as they are (their
 * names need the database).  The caller frees the result.
 */
char *field_display(const struct field *, const char *value);
/* The translated label of a choice key, or the key itself. */
const char *choice_label(const struct choice *, const char *key);

/*
 * A class as it is kept in the class index: numbers padded ("2" as
 * "002") so that class 10 comes after class 9; and back.
 */
void class_key_add(struct buf *, const char *cls);
char *class_from_key(const char *key);

/* The phone field number i (0..2) of a contact, its verified date, and
 * the date a drill could not reach it ("to verify"). */
int contact_phone_field(int i);
int contact_verified_field(int i);
int contact_failed_field(int i);

/*
 * A person in a call tree: staff, a contact or an official, written
 * "staff:12".  person_parse returns false for anything else.
 */
bool person_parse(const char *, enum rtype *type, uint32_t *id);
char *person_make(enum rtype type, uint32_t id);

#endif
