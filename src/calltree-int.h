/*
 * calltree-int.h -- what the call-tree modules share among themselves
 * and nobody else uses: the model's helpers (calltree.c), the writing
 * of lines, the rules of one line, the changes made by hand applied
 * again (calltree-edit.c) and the counts of a drill (calltree-drill.c).
 *
 *	calltree.c		the model: lines in memory, loading, the
 *				list of trees, the rules, writing lines
 *	calltree-make.c		making and remaking a tree
 *	calltree-edit.c		changes by hand
 *	calltree-drill.c	drills and their reports
 *	calltree-print.c	the printed sheet
 */
#ifndef SHOUHU_CALLTREE_INT_H
#define SHOUHU_CALLTREE_INT_H

#include "calltree.h"

/* Between the children of a line as shown: names may hold one space. */
#define KIDS_SEP "  "

/* The stored key of a kind of line. */
const char *ct_kind_key(enum ct_kind);
void ct_msg_add(struct ct_msgs *, const char *, ...) SH_PRINTF(2, 3);
/* Two phones are the same number when their digits are. */
bool ct_same_phone(const char *, const char *);
/* A person's record ("staff:12"), or NULL. */
struct rec *ct_person_get(struct txn *, const char *who);
/* A person's name, or "#12" for one no longer there. */
char *ct_person_name(struct txn *, const char *who);
/* A person's first phone (staff and officials: their phone). */
const char *ct_first_phone(const struct rec *);
/* A person's phone other than the one given, or "". */
const char *ct_other_phone(const struct rec *, const char *not);
/*
 * A child still in school: the trees and the contact cards leave out
 * children who have left (graduated, transferred, no longer left
 * behind, dropped out).
 */
bool ct_child_active(const struct rec *child);
/* Is key in a set value ("principal,leader")? */
bool ct_set_has(const char *set, const char *key);

/* A new line, called by parent (-1: the top), after its other lines. */
int ct_node_new(struct ct_tree *, int parent, enum ct_kind, const char *who);
void ct_node_set(char **field, const char *value);
void ct_node_add_kid(struct ct_node *, uint32_t child);
/*
 * Puts the lines in print order (depth first from the top, then any
 * other top, then lines in cycles, which ct_check reports), and fills
 * first/next, depth, size and the positions.
 */
void ct_relink(struct ct_tree *);

/* The tree record's settings, copied into the struct. */
void ct_tree_settings(struct txn *, struct ct_tree *);
/* The tree with exactly this name; 0 when none. */
uint32_t ct_find_txn(struct txn *, const char *name);

/* The problems a single line can have, as bits. */
enum {
	LP_KIND = 1 << 0,	/* cannot be called by the line above */
	LP_GONE = 1 << 1,	/* the person is no longer in the records */
	LP_STAFF = 1 << 2,	/* calls more staff than the limit */
	LP_FAMILIES = 1 << 3,	/* calls more families than the limit */
	LP_SAME_NUMBER = 1 << 4, /* the backup is the same number */
	LP_SAME_PERSON = 1 << 5, /* the backup is the same person */
	LP_NO_CHILD = 1 << 6,	/* a family line for no child */
	LP_NO_PHONE = 1 << 7	/* a staff line without a phone */
};
/*
 * The problems of line i, as LP_* bits.  Adds a message to m (when not
 * NULL) for each problem not among known; returns how many it added.
 */
size_t ct_check_line(struct txn *, const struct ct_tree *, size_t i,
    unsigned known, struct ct_msgs *m, unsigned *found);

/* ct_check(), not telling the problems of lines among ignore (LP_*). */
size_t ct_check_but(struct txn *, const struct ct_tree *, bool children,
    unsigned ignore, struct ct_msgs *);

/* Writes new and changed lines; parents come before what they call. */
int ct_nodes_write(struct txn *, struct ct_tree *, char **cause);
/* Deletes every line of a tree. */
int ct_nodes_delete(struct txn *, uint32_t tree, char **cause);
/*
 * Sets the tree record's next version: every change is a new printed
 * version, from 1 to 999999 and round again.  Returns it.
 */
int ct_revision_next(struct rec *tree);
/* Stores the tree record with its next version. */
int ct_tree_bump(struct txn *, struct ct_tree *, char **cause);
/* SH_ECONFLICT when the tree is no longer at revision (0: any). */
int ct_revision_check(const struct ct_tree *, int revision, char **cause);

/* Applies the changes by hand again; deletes those that no longer apply. */
int ct_edits_reapply(struct txn *, struct ct_tree *, struct ct_msgs *lost,
    char **cause);

#endif
