/*
 * meeting.h -- meetings and activities (座谈会、培训、活动): the monthly
 * meeting of a school's left-behind children, the guardians' training,
 * safety education, parents' meetings (in person, by phone or video),
 * mental-health and festival activities.
 *
 * A meeting (RT_MEETING, schema-meeting.c) is added with its invitees,
 * chosen by invitation specs that are resolved there and then into one
 * invitee record each (RT_ATTEND): the sign-in sheet and the attendance
 * are the same list, whatever happens to classes later.  Afterwards the
 * attendance is ticked on that list (present, or absent with a reason),
 * and the minutes and follow-up are written on the meeting.
 *
 * Who may do what: the administrator, and the principal and leadership
 * group of the meeting's school, add meetings and record what happened;
 * the township supervisor sees every school's meetings, other staff the
 * meetings of their own school.  An invitee's name is shown only when
 * the login may see the child (access_child()); others read as
 * MEETING_HIDDEN.  Everything is written through rec_put(), so the
 * audit trail has it.
 *
 * Functions returning int return 0, or an SH_E* code with *cause set
 * (translated, for a person).
 */
#ifndef SHOUHU_MEETING_H
#define SHOUHU_MEETING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "print.h"
#include "rec.h"
#include "store.h"
#include "view.h"

/* What an invitee the login may not see is shown as. */
#define MEETING_HIDDEN "***"
/* At most this many invitees at one meeting. */
#define MEETING_MAX_INVITEES 5000

/*
 * An invitation spec, as typed: "school" (every child in school),
 * "class:3-2" (or a whole grade, "class:3"; any class form of
 * class_filter_parse()), "village:柳树村", "mentor:STAFF-ID" (the
 * mentor's mentees, today), each optionally prefixed
 * "guardians:" for the entrusted guardians of those children instead
 * ("guardians" alone: of the whole school).  Checks the form only;
 * returns 0 or -1 with *cause.
 */
int meeting_invite_check(const char *spec, char **cause);

/*
 * The stored invitation (MEETING_INVITE: specs separated by spaces) in
 * the user's language: "the guardians of 板栗村", "王丽's mentees"; a
 * spec that does not parse is shown as stored.  Returns a new string.
 */
char *meeting_invite_words(struct txn *, const char *stored);

/*
 * The meeting's kind, form and place in the user's language, joined by
 * commas, leaving out the empty ones ("月度座谈会，现场").  Returns a new
 * string.
 */
char *meeting_kind_how_place(const struct rec *m);

/*
 * Adds meeting m (a new RT_MEETING record, its fields set and not yet
 * validated) with the invitees of the specs, in one write transaction:
 * refused (nothing saved) when the login may not add meetings for its
 * school, when a spec is bad or chooses nobody, or when m does not
 * validate.  Children who left are not invited; a guardian of several
 * invited children is invited once.  Sets *id and *invited.
 */
int meeting_add(struct db *, const struct rec *m, char *const *specs,
    size_t nspecs, uint32_t *id, size_t *invited, char **cause);

/*
 * The same inside a write transaction, without the checks of m and of
 * the login (the demo): the caller's db_write() callback.
 */
int meeting_add_txn(struct txn *, const struct rec *m, char *const *specs,
    size_t nspecs, uint32_t *id, size_t *invited, char **cause);

/*
 * The demo township's term of meetings (demo-meeting.c): in each school
 * a monthly meeting of the left-behind children, a festival activity, a
 * guardians' training and a safety education this week, with the
 * attendance and minutes of those already held.  Inside the demo's
 * write transaction, after its index is built; the same seed and day,
 * the same meetings.
 */
int demo_meetings(struct txn *, uint64_t seed, const char *today,
    char **cause);

/* May the login see the meetings of this school?  Add them? */
bool meeting_may_see(uint32_t school);
bool meeting_may_change(uint32_t school);

/*
 * Reads a meeting the login may see: 0 with *out (caller frees),
 * SH_ENOTFOUND ("there is no meeting #N") or SH_EPERM, with *cause.
 */
int meeting_get(struct txn *, uint32_t id, struct rec **out, char **cause);

/* One invitee as shown: on the sheet, in `show`, on the screen. */
struct invitee {
	uint32_t	 id;		/* the RT_ATTEND record */
	uint32_t	 version;
	uint32_t	 child;
	uint32_t	 contact;	/* 0: the child is the invitee */
	bool		 visible;	/* the login may see the child */
	char		*name;		/* the invitee (MEETING_HIDDEN) */
	char		*child_name;	/* for a guardian: the child's */
	char		*cls;		/* "3年级2班" on the day, or "" */
	const char	*relation;	/* a guardian's relation key, or "" */
	const char	*status;	/* "present", "absent" or "" */
	char		*reason;
};
struct invitees {
	struct invitee	*v;
	size_t		 n;
	size_t		 present, absent;	/* ticked so far */
};
/* The invitees of a meeting, in the order of its sign-in sheet. */
int meeting_invitees(struct txn *, uint32_t meeting, struct invitees *,
    char **cause);
void invitees_free(struct invitees *);

/*
 * A mark of attendance.  who is as typed: "12" (the child #12 invited,
 * or the guardian invited for child #12), "child:12" or "contact:34"
 * (a guardian by the contact's number).  status "present" or "absent";
 * reason for an absence (may be NULL).
 */
struct attend_mark {
	const char	*who;
	const char	*status;
	const char	*reason;
};
/*
 * Records attendance at a meeting the login may change: every mark, and
 * with rest ("present" or "absent", or NULL) every invitee no mark
 * names.  All or nothing: refused when there is no mark and no rest
 * ("the attendance is empty"), when a mark names nobody invited (the
 * child and the meeting in the message), when a mark names one invitee
 * twice, or when the meeting is still to come (after today).  Sets
 * *present and *absent to the meeting's counts afterwards.
 */
int meeting_attend(struct db *, uint32_t meeting, const struct attend_mark *,
    size_t n, const char *rest, const char *today, size_t *present,
    size_t *absent, char **cause);
/*
 * Sets the attendance of one invitee (the screen's tick): status ""
 * (not recorded), "present" or "absent" with reason.  expect_version as
 * read (0: skip the check).
 */
int meeting_tick(struct db *, uint32_t invitee, uint32_t expect_version,
    const char *status, const char *reason, char **cause);

/*
 * Writes the minutes, the follow-up and its date (each NULL: unchanged,
 * "": cleared) of a meeting the login may change.
 */
int meeting_minutes(struct db *, uint32_t meeting, const char *minutes,
    const char *followup, const char *followup_date, char **cause);

/*
 * The meetings of a school (0: every school the login may see) between
 * two dates (ISO, inclusive; NULL: open), of one kind (NULL: all), in
 * date order: what the worklist ("meetings this week") and the reports
 * ("meetings held and attendance") read, inside the caller's read
 * transaction.
 */
struct meeting_sum {
	uint32_t	 id;
	uint32_t	 school;
	char		 date[11];
	char		 time[6];
	char		 kind[16];	/* a meeting_kind_choices key */
	char		*topic;
	size_t		 invited;
	size_t		 present;
	size_t		 absent;	/* not ticked: invited - both */
};
int meeting_scan(struct txn *, uint32_t school, const char *since,
    const char *until, const char *kind, struct meeting_sum **out,
    size_t *n);
void meeting_sums_free(struct meeting_sum *, size_t);

/*
 * Who missed the last meetings of a kind: each invitee (child or
 * guardian) whose last `last` invitations to meetings of that kind at a
 * school (0: every school the login may see), among meetings with
 * attendance recorded, were all missed.  One line each, for a person:
 * name, class, for a guardian the child and relation, the dates and
 * reasons.  Children the login may not see are left out.
 */
int meeting_missed(struct txn *, uint32_t school, const char *kind, int last,
    struct print_lines *out, char **cause);

/*
 * The sign-in sheet (签到表) of a meeting: title, school, date and time,
 * place, topic, who runs it; then one row per invitee (number, name,
 * class, for a guardian the child and relation) with an empty column to
 * sign, paginated with a header on each page.  The document's title is
 * "SCHOOL sign-in sheet DATE"; free it with print_doc_free() when this
 * returns 0.
 */
int meeting_sheet(struct db *, uint32_t meeting, const struct print_opts *,
    struct print_doc *, char **cause);

/*
 * The worklist's sources (due.h), school-wide: the meetings of this week
 * (today and the six days after it), to prepare and print the sign-in
 * sheet for; and the meetings held this term whose attendance is not
 * recorded.  Only meetings the login may change are listed.
 */
struct due_ctx;
void meeting_due_week(struct due_ctx *);
void meeting_due_attendance(struct due_ctx *);

/*
 * The columns of the meetings' list (view.c's views[] names them): a
 * row's ext is its struct meeting_sum, for the attendance.
 */
#define MEETING_VIEW_COLS 10
extern const struct view_col meeting_cols[MEETING_VIEW_COLS];

#endif
