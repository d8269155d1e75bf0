/*
 * counsel.h -- counselling sessions (心理辅导记录): what the commands and
 * screens share.
 *
 * A session names its children (one, or a group) by their ids in one
 * field; the index keeps one key per child.  Whether a child is followed
 * by the counsellor is read from the index alone, so that anyone who may
 * see the child can be told so without reading a session: the sessions
 * themselves are read only by those access_counsel() allows, and each
 * reading is written to the audit trail by the caller (audit_view).
 */
#ifndef SHOUHU_COUNSEL_H
#define SHOUHU_COUNSEL_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"
#include "rec.h"
#include "store.h"

/* The children of a session, in the order written. */
void counsel_children(const struct rec *, struct idlist *);
/* The sessions of a child, oldest id first. */
void counsel_of_child(struct txn *, uint32_t child, struct idlist *);
/* Has the child any counselling session?  Reads no session. */
bool counsel_followed(struct txn *, uint32_t child);
/* "跟进中：心理辅导": what everyone who may see the child is told. */
const char *counsel_followed_text(void);
/*
 * The children's names, "张三 (#12)、李四 (#13)", safe for a terminal;
 * a child the actor may not see, or gone, as "#id".  Caller frees.
 */
char *counsel_names(struct txn *, const struct rec *);
/*
 * The sessions the actor may read, newest first: of one child (0: all),
 * of one school (0: all).
 */
void counsel_select(struct txn *, uint32_t child, uint32_t school,
    struct idlist *);
/*
 * Makes the session r (children, date ... set by the caller) stored: its
 * school from the children, who must all exist, be seen by the actor and
 * be of one school; its counsellor a counsellor of that school
 * (counsel_counsellor()).  0, or SH_E* with *cause.
 */
int counsel_store(struct txn *, struct rec *r, char **cause);
/*
 * Whether staff member staff is a counsellor (the role) of school: who
 * may hold a session of its children.  The counsellors of a school, in
 * the order of their ids.
 */
bool counsel_counsellor(struct txn *, uint32_t staff, uint32_t school);
void counsel_counsellors(struct txn *, uint32_t school, struct idlist *);
/*
 * Records in the audit trail that a list of n sessions was shown: of one
 * child (0: any), of one school (0: any).  A list says which children had
 * sessions, when and with whom: it is a reading too, and a list that
 * cannot be recorded is not shown.  0, or SH_E* with *cause.
 */
int counsel_listed(struct db *, size_t n, uint32_t child, uint32_t school,
    char **cause);
/*
 * Appends the session's fields, one "  Label  value" line each, the
 * notes on lines of their own; everything safe for a terminal.  The
 * caller has checked that the actor may read it, and records the
 * reading.
 */
void counsel_format(struct txn *, const struct rec *, struct buf *);

/*
 * Reads session id as `counsel show` and the screens show it (a title
 * line, then counsel_format) into b, and records the reading in the
 * audit trail: 0, or SH_E* with *cause and b empty (a reading that
 * cannot be recorded is not shown).  A session that does not exist and
 * one the actor may not read are refused alike ("there is no counselling
 * session #N that you may see"), so that nobody learns which numbers
 * exist; the audit trail, which is not theirs to read, records the
 * refusal of a session that exists.
 */
int counsel_read(struct db *, uint32_t id, struct buf *b, char **cause);
/*
 * One line of a list of sessions: number, date, kind, children,
 * counsellor, next session; safe for a terminal.
 */
void counsel_line(struct txn *, const struct rec *, struct buf *);
/* The heads of counsel_line()'s columns, one line. */
void counsel_head(struct buf *);
/*
 * May the actor read any session at all (the administrator, a principal,
 * a counsellor)?  Which ones: access_counsel().
 */
bool counsel_may(void);

#endif
