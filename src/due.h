/*
 * due.h -- the worklist (今日工作): what a teacher, or a school, must do,
 * gathered from every module that knows of something due.
 *
 * A worklist is made for a context: the day, the staff member whose list
 * it is (her mentees, the class she heads, her school when she is its
 * principal or in its leadership group) or a whole school, always within
 * what the login may see (access.h).  The context holds the children in
 * scope, found once; each source walks them, or its own records, and
 * adds items.  The items are then sorted, most overdue first.
 *
 * Adding a source.  A module that knows of something due writes one
 * function
 *
 *	void agreement_due(struct due_ctx *ctx);
 *
 * declared in its own header, which adds items with due_add() for the
 * children in ctx->children (or, for a school-wide kind, for ctx->school)
 * and nothing else; and adds ONE row to sources[] in due.c (and its
 * header's #include there):
 *
 *	{ "agreement", N_("agreement"), DUE_CHILDREN, agreement_due },
 *
 * The key ("agreement") is stable: it is the first column of the CSV and
 * what tests look for; the label is the kind as the list shows it.  A
 * source of kind DUE_LEAD (school-wide duties: the drill of the call tree,
 * the meetings) runs only for a school's worklist or its principal's and
 * leadership group's.  A source must be fast: use index keys for the
 * children in scope, never a scan of every record per child, and what
 * is read once for every source (due_key_support(), due_care(),
 * due_child_name()); the benchmark makes the worklist of the largest
 * school of 100,000 children (12,479 of them) in 0.2 s.
 *
 * Items say which record Enter opens (type and id): a child opens the
 * child's file, a staff member the staff form, a call tree the call
 * trees, a meeting the meeting (ui-due.c, one case a type); a type
 * without a screen of its own opens the item's child's file.
 */
#ifndef SHOUHU_DUE_H
#define SHOUHU_DUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "schema.h"
#include "settings.h"
#include "store.h"
#include "term.h"
#include "util.h"

struct due_source;
struct due_child;
struct due_links;
struct care_summary;

/* One thing to do. */
struct due_item {
	const char	*what;		/* the source's stable key: "talk" */
	const char	*label;		/* the kind, a msgid: "talk" */
	enum rtype	 type;		/* the record Enter opens */
	uint32_t	 id;
	uint32_t	 child;		/* the child it is about, or 0 */
	char		 mark[2];	/* the child's risk: "!", "+" or "" */
	uint32_t	 staff;		/* the staff member, or 0 */
	char		 due[11];	/* ISO: when it was due ("": now) */
	long		 overdue;	/* days past due (0: due today) */
	char		*text;		/* one line, translated */
};

struct due_list {
	struct due_item	*v;
	size_t		 n;
	size_t		 cap;
	/* Whose list it is (due_make): the staff member, the school. */
	uint32_t	 staff;
	uint32_t	 school;
	struct term	 term;		/* the term of the day */
};

/* Whose worklist, and on what day. */
struct due_ctx {
	struct txn		*t;
	char			 today[11];
	long			 today_days;	/* date_days(today) */
	struct settings		 set;
	struct term		 term;		/* the term of today */
	char			 year_start[11]; /* of the school year */
	/*
	 * The staff member whose list this is (0: a school's list), her
	 * roles (AR_* bits), and the school (0: every school the login
	 * may see).
	 */
	uint32_t		 staff;
	unsigned		 roles;
	uint32_t		 school;
	/* Whether the school-wide (DUE_LEAD) kinds are included. */
	bool			 lead;
	/*
	 * The children in scope, active (child_active()) and visible to
	 * the login, sorted by id.  mentees: those of them the staff
	 * member mentors today (all of them for a school's list), the
	 * ones "talk" and "visit" are about.
	 */
	uint32_t		*children;
	size_t			 nchildren;
	uint32_t		*mentees;
	size_t			 nmentees;
	/* What is read once for each child in scope (due.c's own). */
	struct due_child	*info;
	struct due_links	*links;
	/* The source running, and the items so far. */
	const struct due_source	*src;
	struct due_list		 items;
};

enum due_scope {
	DUE_CHILDREN,	/* about the children in scope */
	DUE_LEAD	/* school-wide: the principal's */
};

struct due_source {
	const char	*what;
	const char	*label;		/* msgid */
	enum due_scope	 scope;
	void		(*fn)(struct due_ctx *);
};

/*
 * What to make a worklist of: a staff member's (staff), a school's
 * (school), or, with neither, the login's own (its staff member's; the
 * whole of what it may see when it has none).
 */
struct due_opts {
	uint32_t	 staff;
	uint32_t	 school;
	const char	*today;		/* ISO */
};

/*
 * Makes the worklist in a read transaction.  Returns 0 with *out filled
 * (sorted: most overdue first), or an SH_E* code with *cause: SH_EPERM
 * when the login may not see that staff member's or school's worklist.
 */
int due_make(struct txn *, const struct due_opts *, struct due_list *out,
    char **cause);
void due_list_free(struct due_list *);

/*
 * Adds an item of the running source.  due: the ISO date it was due
 * (NULL or "": today); the text is formatted from fmt (translated by
 * the caller) and made safe for a terminal when shown.
 */
void due_add(struct due_ctx *, enum rtype type, uint32_t id,
    uint32_t child, uint32_t staff, const char *due, const char *fmt, ...)
    SH_PRINTF(7, 8);
/*
 * For a child in scope, read once for every source: whether it is a
 * key-support child (重点帮扶), the day its guardianship was last
 * assessed ("" never), and the care log's summary of it (care.h).
 */
bool due_key_support(const struct due_ctx *, uint32_t child);
const char *due_assessed(const struct due_ctx *, uint32_t child);
const struct care_summary *due_care(struct due_ctx *, uint32_t child);
/* Is the child in scope (binary search)?  Is it one of the mentees? */
bool due_in_scope(const struct due_ctx *, uint32_t child);
bool due_is_mentee(const struct due_ctx *, uint32_t child);
/*
 * "张三 (3年级2班)": a child's name and class for an item's text, made
 * once for a child in scope (valid until the worklist is made; do not
 * free it).
 */
const char *due_child_name(struct due_ctx *, uint32_t child);

/*
 * The day (date_days()) a mentee's next talk is due: the settings'
 * talk_days (talk_days_key for key support) after the last talk (ISO,
 * "" for none), counted from the term's start when there was none since
 * a gap before it.  The talk item is listed once that day has passed;
 * "my mentees" shows the same day.
 */
long due_talk_day(const struct settings *, const struct term *,
    const char *last, bool key);

/* The sources, in the order of their rows (for the help and tests). */
extern const struct due_source due_sources[];
extern const size_t due_nsources;

#endif
