/*
 * plan.h -- a child's risk and case plans (帮扶计划): goals, each with
 * the staff member responsible, the actions and a review date, and the
 * reviews of each goal with their outcome.  What the commands, the
 * screens and the worklist share.
 *
 * Plans, goals and reviews are read and changed by whoever may see and
 * change their child (access.c); goals and reviews carry their child's
 * id for that, filled in here.
 */
#ifndef SHOUHU_PLAN_H
#define SHOUHU_PLAN_H

#include <stdint.h>

#include "model.h"
#include "rec.h"
#include "store.h"
#include "util.h"

/*
 * rec_get() with the message a user needs in *cause: "LOGIN may not see
 * case plan #3" or "there is no case plan #3".  For every safeguarding
 * record (and the child) read by number.
 */
int safe_get(struct txn *, enum rtype, uint32_t id, struct rec **,
    char **cause);

/*
 * Refuses a date still to come in field of r (a session's, a plan's
 * start, a review's): SH_EINVAL with *cause in the words of the care
 * log; 0 for today, a day past or none.
 */
int safe_not_future(const struct rec *r, int field, char **cause);

/*
 * Whether a child, or a staff member, may be deleted for good: not while
 * a case plan or a counselling session names the child, nor while the
 * staff member is responsible for a goal (their files keep them).  0,
 * or SH_EINUSE with *cause.
 */
int plan_child_in_use(struct txn *, uint32_t child, char **cause);
int plan_staff_in_use(struct txn *, uint32_t staff, char **cause);

/*
 * Storing r (any record; a child matters): SH_EPERM with *cause when it
 * sets or changes a child's risk level, concerns or reason and the actor
 * may not read the concerns and reason (access_private(); for a new
 * child, the administrator, the principal and counsellor of its school).
 * rec_put() calls it for every record, so the commands, the screens and
 * the forms are held to it alike.  It holds a case plan to its rules
 * too: SH_EINVAL with *cause for a start still to come (a new plan, or
 * one whose start changes) or a second open plan of one child.  0
 * otherwise.
 */
int plan_risk_check(struct txn *, const struct rec *r, char **cause);

/* The plans of a child; the goals of a plan; the reviews of a goal. */
void plan_of_child(struct txn *, uint32_t child, struct idlist *);
void plan_goals(struct txn *, uint32_t plan, struct idlist *);
void plan_reviews(struct txn *, uint32_t goal, struct idlist *);

/*
 * Stores a new goal of plan (r's other fields set): its child from the
 * plan; the staff member responsible must be one whose roles let them
 * see the child today (access_staff_child()), or the review would reach
 * nobody's worklist.  0, or SH_E* with *cause.
 */
int plan_goal_add(struct txn *, uint32_t plan, struct rec *r, char **cause);
/*
 * Stores a review of goal r (its date, outcome, notes, next review set;
 * by the acting staff member), and moves the goal's review date to the
 * next review (none when there is none); a goal met ("achieved") is
 * marked met.  0, or SH_E* with *cause.
 */
int plan_review_add(struct txn *, uint32_t goal, struct rec *r,
    char **cause);

/*
 * The open goals of open plans whose review is due on or before day
 * (ISO), that the actor may see: of one responsible staff member (0:
 * everyone's).  Earliest review first.
 */
void plan_due(struct txn *, uint32_t staff, const char *day,
    struct idlist *goals);

/*
 * The worklist's source "review" (due.h): the reviews of goals due by
 * the day, on the list of the staff member responsible (a school's list:
 * of its children in scope).
 */
struct due_ctx;
void plan_review_due(struct due_ctx *);

/*
 * Appends the plan as `plan show` and the child's file show it: the aim
 * and status, then each goal with its responsible staff member, actions,
 * review date and reviews.  Safe for a terminal.
 */
void plan_format(struct txn *, const struct rec *plan, const char *today,
    struct buf *);

/*
 * A child's risk as shown in its file: "高 (情绪、监护): the reason",
 * the concerns and reason only to those who may see them (access_field);
 * "" when not assessed.  Safe for a terminal; caller frees.
 */
char *plan_risk_text(const struct rec *child);

/*
 * Appends what a child's file says of safeguarding beyond the fields:
 * "followed by the counsellor" when the child has counselling sessions
 * (to everyone who may see the child; the number of sessions only to
 * those who may read them), and each open case plan with its goals due.
 * Safe for a terminal.
 */
void plan_child_summary(struct txn *, uint32_t child, const char *today,
    struct buf *);

#endif
