/*
 * roster-int.h -- what the parts of the roster share: the columns, the
 * state of an import, a row's values, and a small hash map.
 *
 *	roster.c	the columns, the import's course and its summary
 *	roster-check.c	each row read, normalised and checked (no database)
 *	roster-apply.c	each checked row matched and written
 *	roster-export.c	the export and the template
 *
 * The file reading, the row numbers and the all-or-nothing contract are
 * sheet.c's.
 */
#ifndef SHOUHU_ROSTER_INT_H
#define SHOUHU_ROSTER_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hmap.h"
#include "roster.h"
#include "schema.h"
#include "sheet.h"
#include "util.h"

/* Whose columns: the entrusted guardian's, or a relative's. */
enum role { ROLE_NONE, ROLE_GUARDIAN, ROLE_FATHER, ROLE_MOTHER,
	ROLE_GRANDFATHER, ROLE_GRANDMOTHER, ROLE_MGRANDFATHER,
	ROLE_MGRANDMOTHER, ROLE__N };
/* The people of a row: the guardian and the relatives from ROLE_FATHER. */
#define ROW_PEOPLE (ROLE__N - ROLE_FATHER + 1)
/* A relative's relation (relation_choices); NULL for the others. */
extern const char *const role_relation[ROLE__N];

enum col {
	COL_SCHOOL, COL_GRADE, COL_CLASS, COL_NAME, COL_SEX, COL_ETHNICITY,
	COL_BIRTH, COL_IDNUM, COL_ADDRESS, COL_BOARDING, COL_FATHER_NAME,
	COL_FATHER_WORK, COL_FATHER_PHONE, COL_MOTHER_NAME, COL_MOTHER_WORK,
	COL_MOTHER_PHONE, COL_GUARDIAN_NAME, COL_GUARDIAN_RELATION,
	COL_GUARDIAN_PHONE, COL_GUARDIANSHIP, COL_MENTOR, COL_NOTES,
	COL_GF_NAME, COL_GF_PHONE, COL_GM_NAME, COL_GM_PHONE, COL_MGF_NAME,
	COL_MGF_PHONE, COL_MGM_NAME, COL_MGM_PHONE,
	COL__FIXED,			/* the roster's own columns, */
	/* then one for each field with a .sheet header (schema.h): room
	   for every field of a child and of a contact, */
	COL__N = COL__FIXED + 2 * REC_MAXFIELDS
	/* then 序号 (read, named, never stored) at roster_ncol */
};

enum {
	CF_ADDRESS = 1 << 0	/* village and group together */
};

/* What a column feeds; its headers are in roster_cols[]. */
struct column {
	enum rtype	 rt;	/* the record the column feeds */
	int		 field;	/* and the field of that record */
	enum role	 role;	/* whose, for contact and link columns */
	unsigned	 flags;
};

/*
 * The columns: the fixed ones, those of the fields from the schema, and
 * 序号; roster_columns() fills the fields' part once, before anything
 * reads these.  roster_ncol is the number in use (序号 is the next).
 */
extern struct column columns[COL__N];
extern struct sheet_col roster_cols[COL__N + 1];
extern int roster_ncol;
void roster_columns(void);
extern const char *const grade_zh[9];

const struct field *col_field(enum col);
/* The column of a record's field, or -1 when the roster has none. */
int field_col(enum rtype, int field);
/* The column of a person's contact field, or COL__N when none. */
enum col role_col(enum role, int field);
/* --school in the form a school's name is stored in (see roster.c). */
int school_option(const char *given, char **out, char **cause);
/* The same, the option named as in the screens when screens is set. */
int school_choice(const char *given, bool screens, char **out,
    char **cause);

/* A record's key: its kind and id side by side (never 0). */
uint64_t id_key(int kind, uint32_t id);

/* ---- the state of an import ---- */

/* A child of the file, to tell twins of a name from one child twice. */
struct kidkey {
	uint32_t	 row;
	uint32_t	 next;		/* of the same name: kids[next - 1] */
	uint64_t	 id, cls, father, mother;	/* hashes, 0: none */
};

/* Staff looked up in this run: school, name and what was found. */
struct staffent {
	uint32_t	 school;
	char		*name;
	uint32_t	 id;		/* 0: to be made; UINT32_MAX: ambiguous */
};

struct ixload;

struct imp {
	struct db		*db;
	const struct roster_opts *o;
	struct roster_summary	*sum;
	struct sheet		*sh;
	char			 today[11];
	char			*school;	/* --school, normalised */

	/* Checking. */
	struct hmap		 keys;		/* ID number -> row; name -> kid */
	struct kidkey		*kids;
	size_t			 nkids, capkids;
	struct buf		 vals;		/* a row's values, to spool */

	/* Applying; reset at each run of the transaction. */
	struct hmap		 seen;		/* child id -> row | SEEN_NEW */
	struct hmap		 touched;	/* contact id -> row */
	struct hmap		 nophone;	/* person without phone -> id */
	struct hmap		 staffix;	/* school, name -> staffent + 1 */
	bool			 bulk;		/* into an empty database */
	struct ixload		*ix;		/* its index */
	struct hmap		 byphone;	/* name, phone -> contact made */
	struct staffent		*staff;
	size_t			 nstaff, capstaff;
	char			**schools;	/* names looked up: id in sids */
	uint32_t		*sids;
	size_t			 nschools;
};

/* In the apply's map of children: made by this import (not found). */
#define SEEN_NEW 0x80000000u

/* One person of a row: a parent, a grandparent or the guardian. */
struct person {
	enum role	 role;		/* whose columns: */
	enum col	 cname, cwork, cphone;	/* (COL__N: none) */
	const char	*name;
	const char	*phone;
	const char	*phone2;	/* the guardian's, for a parent who is one */
	const char	*work;
	const char	*relation;	/* the link's relation */
	bool		 relation_given; /* else kept on an existing link */
	bool		 guardian;	/* the entrusted guardian */
};

/* A row's values, normalised. */
struct rowvals {
	size_t		 row;		/* as the spreadsheet numbers it */
	char		*v[COL__N];	/* normal forms, NULL when empty */
	char		*village;
	char		*group;
	const char	*school;	/* v[COL_SCHOOL] or --school */
	const char	*lbtype;	/* left-behind type, when derived */
	bool		 names_guardian;
	struct person	 p[ROW_PEOPLE];	/* in call order */
	int		 np;
};

void rowvals_free(struct rowvals *);
/*
 * The people of a row in call order, the left-behind type (see
 * roster-check.c); reports its problems unless quiet.  0 or -1.
 */
int row_people(struct imp *, bool quiet, struct rowvals *);

/* roster-check.c: the kind's check(). */
int roster_check_row(struct sheet *, const struct sheet_row *, void *imp,
    char **cause);
/* roster-apply.c: the kind's apply(), apply_begin() and apply_end(). */
int roster_apply_row(struct sheet *, struct txn *, struct rd *, void *imp,
    char **cause);
int roster_apply_begin(struct sheet *, struct txn *, void *imp,
    char **cause);
int roster_apply_end(struct sheet *, struct txn *, void *imp, char **cause);
/* Frees what the applying learnt. */
void roster_apply_free(struct imp *);

#endif
