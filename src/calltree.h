/*
 * calltree.h -- emergency call trees (应急联络树): made from the roster,
 * kept current by hand, printed for the wall and the teachers' bags,
 * and drilled (演练).
 *
 * A tree is one RT_TREE record and one RT_NODE record per line of the
 * printed sheet.  The top line (parent empty) is the person who starts
 * the calls; every other line is a person called by the line above it,
 * in the order of seq among its siblings.  Results flow back up: each
 * person reports to whoever called them.  Lines are of four kinds:
 *
 *	caller		staff who call others (the principal at the top)
 *	family		a family: the person called for one or more children
 *	parent		a parent working away, called after the family
 *	official	township offices, police, health centre, village
 *
 * Everything that writes runs in one db_write() transaction, re-reads
 * what it changes, and bumps the tree's revision (the version printed on
 * the sheet).  Functions given an expected revision refuse with
 * SH_ECONFLICT when someone changed the tree after the caller loaded it;
 * 0 skips that check.  No function holds a transaction while waiting.
 *
 * Every function returning int returns 0 or an SH_E* code with *cause
 * set (translated, newly allocated).
 */
#ifndef SHOUHU_CALLTREE_H
#define SHOUHU_CALLTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "print.h"
#include "rec.h"
#include "store.h"
#include "util.h"

enum ct_kind {
	CT_CALLER,
	CT_FAMILY,
	CT_PARENT,
	CT_OFFICIAL
};

#define CT_STAFF_LIMIT 5	/* default: staff one caller calls */
#define CT_FAMILY_LIMIT 10	/* default: families one caller calls */

/* Messages for a person: one line each. */
struct ct_msgs {
	char		**v;
	size_t		  n;
};
void ct_msgs_free(struct ct_msgs *);

/*
 * One line of a tree.  The stored fields come from the RT_NODE record,
 * but for the phones: loading reads them from the people's records as
 * they are now, the stored copy standing only for a person no longer
 * there.  The shown ones are filled by ct_load() from the people's
 * records, in the current language.  Nodes are kept in print order (depth first, in
 * seq order), so that nodes[0] is the top and a line's subtree is the
 * range [i, i + size).
 */
struct ct_node {
	uint32_t	 id;		/* the RT_NODE record; 0: not stored */
	int		 parent;	/* index; -1 for the top */
	int		 first;		/* first line it calls; -1 */
	int		 next;		/* next line of the same caller; -1 */
	int		 depth;		/* 0 for the top */
	int		 size;		/* lines in its subtree, itself included */
	int		 seq;		/* order among its caller's lines */
	enum ct_kind	 kind;
	char		*who;		/* "staff:12", "contact:34", "official:5" */
	char		*role;		/* stored: a role, relation or kind key */
	char		*phone;		/* "" when none: a home visit */
	char		*backup;	/* backup person, or "" */
	char		*backup_phone;	/* "" when none */
	uint32_t	*kids;		/* the children this call is for */
	size_t		 nkids;
	bool		 dirty;		/* changed in memory, to be written */
	/* Shown (ct_load): */
	char		*pos;		/* "1.2.3", as printed */
	char		*name;		/* the person's name */
	char		*role_shown;	/* "班主任 三年级2班", "祖母", "父亲 广东省东莞市" */
	char		*backup_name;	/* "" when the backup is another phone */
	char		*kids_shown;	/* "张三(三年级2班)  张四(一年级1班)",
					   two spaces between children */
};

struct ct_tree {
	struct rec	*rec;		/* the RT_TREE record */
	char		*school_name;	/* the school, or the township */
	int		 staff_limit;	/* as given when made */
	int		 family_limit;	/* as given when made */
	int		 revision;
	struct ct_node	*nodes;
	size_t		 n;
	size_t		 cap;
	size_t		 nchildren;	/* children covered */
	/*
	 * ct_load(): the lines' problems as ct_check() tells them (without
	 * the children), so that a screen reloading the tree after a
	 * change shows what is still wrong: a line over the limits, staff
	 * without a phone, a person no longer in the records.
	 */
	struct ct_msgs	 problems;
	/*
	 * ct_load(), ct_load_txn(): the children who have left school (or
	 * are no longer in the records), taken off the lines they were on,
	 * one message each.  A family line left for no child is not
	 * loaded, and the others keep their positions, so that a sheet
	 * printed before names the same lines; the records keep both, so
	 * a leaving undone shows them again.  ct_load() adds these
	 * messages to problems too.
	 */
	struct ct_msgs	 left;
};


/* ---- finding and loading ---- */

/* The tree with exactly this name; 0 when none. */
uint32_t ct_find(struct db *, const char *name);
/* The first tree made for a school (0: the township); 0 when none. */
uint32_t ct_find_school(struct db *, uint32_t school);
/*
 * Need-to-know: a school's call trees (its children's families and
 * their phones) are for its principal, its leadership group and the
 * administrator; the township's trees (school 0) for the administrator
 * alone.  ct_may_school: may the actor use the trees of this school?
 * ct_may_use: this tree, by the school it was made for (a tree that
 * does not exist: only the administrator, who is then told so).  When
 * not, *cause (if cause is not NULL) says who may.
 */
bool ct_may_school(struct db *, uint32_t school, char **cause);
bool ct_may_use(struct txn *, uint32_t tree, char **cause);
/*
 * Loads a tree with everything shown, SH_EPERM when the actor may not
 * use it (ct_may_use).  Free with ct_free().
 */
int ct_load(struct db *, uint32_t tree, struct ct_tree *, char **cause);
/* The same inside a transaction; display false skips the shown fields. */
int ct_load_txn(struct txn *, uint32_t tree, bool display, struct ct_tree *,
    char **cause);
void ct_free(struct ct_tree *);
/* The index of the line at a printed position ("1.2.3"), or -1. */
int ct_find_pos(const struct ct_tree *, const char *pos);
/* The index of the line with this node id, or -1. */
int ct_find_node(const struct ct_tree *, uint32_t node);

/* What the list of trees shows. */
struct ct_info {
	uint32_t	 id;
	char		*name;
	char		*school;	/* school or township name */
	int		 revision;
	size_t		 lines;
	size_t		 children;
	uint32_t	 drill;		/* the last drill, 0 when none */
	char		*drill_date;	/* "2025-05-06 07:30" or "" */
	size_t		 drill_called;	/* lines called in it */
	size_t		 drill_reached;	/* lines reached in it */
};
/*
 * All trees (all_schools), or the trees of one school (0: township);
 * only those the actor may use (ct_may_school).
 */
int ct_list(struct db *, bool all_schools, uint32_t school,
    struct ct_info **, size_t *, char **cause);
void ct_list_free(struct ct_info *, size_t);

/* ---- the rules ---- */

/*
 * Checks a tree: one top; every line reachable from it (no cycles); no
 * person twice; no staff caller calling more than staff_limit staff or
 * family_limit families (the limits given when the tree was made); a
 * phone for every staff line; parents under families, families under
 * callers or officials; backups differing from the primary.  With children true,
 * also: every active child of the tree's school (or township; boarding
 * trees: the boarders) exactly once, and no other child.  Appends one
 * message per problem; returns their number.
 */
size_t ct_check(struct txn *, const struct ct_tree *, bool children,
    struct ct_msgs *);
/* Loads a tree and checks it with children (see ct_check). */
int ct_validate(struct db *, uint32_t tree, struct ct_msgs *, char **cause);

/* ---- making ---- */

struct ct_genopts {
	const char	*name;		/* NULL: the tree's, or one from the school */
	uint32_t	 school;	/* the school; 0 with township */
	bool		 township;	/* all the schools of the database */
	const char	*by;		/* "class", "village", "boarding"; NULL: keep */
	int		 staff_limit;	/* 0: keep (new trees: CT_STAFF_LIMIT) */
	int		 family_limit;	/* 0: keep (new trees: CT_FAMILY_LIMIT) */
	const char	*activator;	/* NULL: keep (new: "校长 NAME") */
	const char	*purpose;	/* NULL: keep */
	const char	*today;		/* ISO date (mentors); NULL: today */
};

struct ct_genres {
	uint32_t	 tree;
	char		*name;
	int		 revision;
	int		 family_limit;	/* as used: raised when staff are few */
	size_t		 lines, callers, families, parents, officials;
	size_t		 children;	/* active children, each on one line */
	size_t		 home_visits;	/* children no phone reaches */
	struct ct_msgs	 problems;	/* children no phone reaches */
	struct ct_msgs	 lost;		/* changes by hand not kept */
	struct ct_msgs	 notes;		/* other things to know */
};
void ct_genres_free(struct ct_genres *);

/*
 * Makes a tree, or remakes the tree of that name: the principal at the
 * top, class teachers and mentors (sharing big classes with other staff,
 * at most family_limit families each), each child's family, the parents
 * working away, the township's offices.  Keeps the changes made by hand
 * where they still apply and deletes (and reports) the others.  When a
 * school has too few staff for family_limit, this making uses the
 * smallest limit that works, with a note; the tree keeps the limit
 * given, so that ct_check() tells the lines over it.  Children no phone
 * reaches are reported first in res->problems, and placed in the tree
 * for a home visit, so that every active child is on exactly one line.
 */
int ct_generate(struct db *, const struct ct_genopts *, struct ct_genres *,
    char **cause);
/* Remakes a tree with its own settings. */
int ct_regenerate(struct db *, uint32_t tree, const char *today,
    struct ct_genres *, char **cause);

/* ---- changing by hand (each kept over regeneration) ---- */

/* Moves a line (with what it calls) to be called by another line. */
int ct_move(struct db *, uint32_t tree, int revision, uint32_t node,
    uint32_t new_parent, char **cause);
/*
 * Sets a line's backup: a person ("contact:5", "official:3", "staff:2";
 * NULL or "" for none) and/or a phone (NULL or "": the person's first
 * phone).  A phone alone is another number of the same person.
 */
int ct_set_backup(struct db *, uint32_t tree, int revision, uint32_t node,
    const char *person, const char *phone, char **cause);
/* Adds an official (or a staff member) to be called by a line. */
int ct_add(struct db *, uint32_t tree, int revision, uint32_t parent,
    const char *person, char **cause);

/* ---- printing ---- */

/* The printing module's options (print.h), by the name the screens use. */
#define ct_print_opts print_opts
#define CT_MIN_WIDTH PRINT_MIN_WIDTH
#define CT_MAX_WIDTH PRINT_MAX_WIDTH
#define CT_MIN_PAGE PRINT_MIN_LINES

/*
 * The sheet as plain UTF-8 text: pages of page_lines lines separated by
 * form feeds, each with a header (school, tree, version, date, who
 * activates it, page x/y) and a legend; a line per person with a tick
 * box, the position, name, role, phone, backup and a blank for the time;
 * the children each call is for; the counts and problems on the last
 * page.  No line is wider than width display columns; a caller's lines
 * are kept on one page where they fit on one.  With page_lines -1, one
 * header and no pages (the tree on a screen).
 */
void ct_print(const struct ct_tree *, const struct ct_print_opts *,
    struct buf *out);
/*
 * The same sheet as a document for print.c (text, GB18030 or PDF), its
 * title "SCHOOL call tree DATE" (the job's title on the printer).
 */
void ct_print_doc(const struct ct_tree *, const struct ct_print_opts *,
    struct print_doc *);
/*
 * The wall sheet of a tree, one A4 page to pin up: who starts the calls
 * and who when they cannot be reached, what to do by when (30 minutes,
 * 1 hour, 2 hours), the staff in calling order with their phones
 * (principal, leadership, the class teachers with their classes, in two
 * columns when one would not fit), and the township's offices from the
 * officials' directory.  Reads the staff and officials from db.
 */
int ct_wall_doc(struct db *, const struct ct_tree *,
    const struct ct_print_opts *, struct print_doc *, char **cause);

/* ---- drills ---- */

enum ct_outcome {
	CT_REACHED,		/* the number answered */
	CT_BY_BACKUP,		/* nobody answered; the backup did */
	CT_NOT_REACHED		/* neither answered */
};

/* One line's result, as written on the sheet. */
struct ct_call {
	char		 pos[64];	/* "1.2.3" */
	enum ct_outcome	 outcome;
	char		 time[6];	/* "07:42" when reached, else "" */
};
/*
 * Parses "1.2.3=07:42" (reached at), "1.2.3=b:07:42" (through the
 * backup) or "1.2.3=x" (not reached).  Returns 0 or -1 with *cause.
 */
int ct_call_parse(const char *, struct ct_call *, char **cause);

/*
 * Records a drill of a tree on date (ISO) from start ("07:30"): the
 * calls, in one transaction.  Lines not in calls were not called.  Each
 * contact's number that did not answer is marked to verify (phoneN_failed
 * = date); one that answered is marked verified on date.  Sets *drill.
 */
int ct_drill(struct db *, uint32_t tree, int revision, const char *date,
    const char *start, const struct ct_call *, size_t n, uint32_t *drill,
    char **cause);
/*
 * The same for a real emergency: the run of the tree activated for an
 * incident (incident.h), recorded as a drill is (its notes say which
 * incident) and, in the same transaction, on the incident's timeline
 * with how many lines were reached.  Refused when the actor may not see
 * the incident, when it is closed, or when start is before its finding
 * or in the future.
 */
int ct_activate(struct db *, uint32_t tree, int revision, uint32_t incident,
    const char *date, const char *start, const struct ct_call *, size_t n,
    uint32_t *drill, char **cause);
/*
 * The incident a run of a call tree was activated for (ct_activate()),
 * 0 for a drill; ct_activations() adds the ids of every such run to the
 * list, sorted (idl_has()).  A run for an incident is no drill: the
 * worklist's and the term report's drills leave them out.
 */
struct idlist;
uint32_t ct_run_incident(struct txn *, uint32_t drill);
/* The calls of a drill (or run): lines called and reached. */
void ct_drill_counts(struct txn *, uint32_t drill, size_t *called,
    size_t *ok);
void ct_activations(struct txn *, struct idlist *);
/*
 * One line on a drill or run: the tree, the run's number and how many
 * lines were reached, in words (it goes on paper too), translated; NULL
 * when there is no such drill.
 */
char *ct_run_summary(struct txn *, uint32_t drill);
/*
 * The report of a drill (0: the tree's last): how many lines were
 * reached, the minutes from the start to the last line reached in each
 * branch, the lines not reached and the numbers that failed.
 */
int ct_report(struct db *, uint32_t tree, uint32_t drill,
    struct ct_msgs *lines, char **cause);

/*
 * The tree's name as the reader reads it: a name the program gave it
 * when it made it ("<school> call tree", as calltree-make.c words it,
 * in English or in the language in use) in the language in use, any
 * other name as it was typed.  Newly allocated.
 */
char *ct_tree_name(const struct ct_tree *);
/*
 * The school's name, or for 0 the township's (the first a school names;
 * "the township" when none does).  Newly allocated.
 */
char *ct_scope_name(struct txn *, uint32_t school);

#endif
