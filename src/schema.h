/*
 * schema.h -- one table per record type.
 *
 * Each row of a table describes one field: its stable tag in the stored
 * form, its English name (command line, CSV columns), its label (shown in
 * forms and lists, translated), its type (which decides how input is
 * normalised and validated, and how the value is shown), its limits and
 * flags.  The encoding, the forms on screen, the CSV columns, the
 * validation messages and the change log all come from these tables:
 * adding a field is adding a row (and a new tag, never a reused one).
 *
 * Values are kept as strings in their normal form: dates "2015-03-07",
 * mobiles "13812345678", choices by their ASCII key, sets as keys joined
 * by ",", flags "1"/"0", references as decimal record ids.
 */
#ifndef SHOUHU_SCHEMA_H
#define SHOUHU_SCHEMA_H

#include <stdbool.h>
#include <stdint.h>

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
	FT_LOGIN	/* a login name on the server */
};

enum {
	FF_REQUIRED = 1 << 0,	/* may not be empty */
	FF_MULTILINE = 1 << 1,	/* text may have line breaks */
	FF_PRIVATE = 1 << 2,	/* sensitive: never on printed sheets */
	FF_UNIQUE = 1 << 3	/* no two records share a non-empty value */
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
};

struct rec;
struct keyset;

struct schema {
	enum rtype		 type;
	const char		*name;	/* "child" */
	const char		*plural; /* "children" */
	const char		*label;	/* msgid */
	enum dbi_id		 dbi;
	const struct field	*fields;
	int			 nfields;
	int			 title;	/* the field that names a record */
	/* The index keys of a record (see index.h). */
	void			(*keys)(const struct rec *, struct keyset *);
	/*
	 * Rules between fields; may fill fields derived from others (birth
	 * date from the ID number).  Returns 0 or -1 with *cause and *field
	 * (the field to blame).
	 */
	int			(*check)(struct rec *, int *field,
				    char **cause);
};

/* Field numbers: the order of the rows in each table. */
enum { SCHOOL_NAME, SCHOOL_TOWNSHIP, SCHOOL_ADDRESS, SCHOOL_PHONE,
	SCHOOL_PRINCIPAL, SCHOOL__N };
enum { STAFF_NAME, STAFF_SCHOOL, STAFF_PHONE, STAFF_ROLES, STAFF_GRADE,
	STAFF_CLASS, STAFF_LOGIN, STAFF_NOTES, STAFF__N };
enum { CHILD_NAME, CHILD_SEX, CHILD_ETHNICITY, CHILD_BIRTH, CHILD_IDNUM,
	CHILD_SCHOOL, CHILD_GRADE, CHILD_CLASS, CHILD_VILLAGE, CHILD_GROUP,
	CHILD_HUKOU, CHILD_BOARDING, CHILD_SCHOOLING, CHILD_HEALTH,
	CHILD_HEALTH_NOTE, CHILD_LEFT_BEHIND, CHILD_GUARDIANSHIP,
	CHILD_GUARDIANSHIP_DATE, CHILD_AID, CHILD_KEY_SUPPORT, CHILD_STATUS,
	CHILD_NOTES, CHILD__N };
enum { CONTACT_NAME, CONTACT_PHONE1, CONTACT_VERIFIED1, CONTACT_PHONE2,
	CONTACT_VERIFIED2, CONTACT_PHONE3, CONTACT_VERIFIED3,
	CONTACT_WORKPLACE, CONTACT_ADDRESS, CONTACT_CAN_READ, CONTACT_NOTES,
	CONTACT__N };
enum { LINK_CHILD, LINK_CONTACT, LINK_RELATION, LINK_PRIORITY,
	LINK_GUARDIAN, LINK__N };
enum { PAIR_STAFF, PAIR_CHILD, PAIR_SINCE, PAIR_UNTIL, PAIR_NOTES,
	PAIR__N };

#define REC_MAXFIELDS 32
#define CONTACT_PHONES 3

extern const struct schema *const schemas[RT__COUNT];
extern const struct choice role_choices[];
extern const struct choice schooling_choices[];
extern const struct choice health_choices[];
extern const struct choice left_behind_choices[];
extern const struct choice guardianship_choices[];
extern const struct choice aid_choices[];
extern const struct choice status_choices[];

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

/* The phone field number i (0..2) of a contact, and its verified date. */
int contact_phone_field(int i);
int contact_verified_field(int i);

#endif
