/*
 * incident.h -- incidents (突发事件) and the mandatory report (强制报告):
 * a child found missing, left unsupervised, injured or suspected of
 * being harmed, and who was told what, and when.
 *
 * An incident is one RT_INCIDENT record (the children concerned, the
 * kind, when it was found and by whom, what happened, the closing) and
 * one RT_IACTION record per action of its timeline (the guardian told,
 * the police reported to with the receiving officer and case number, a
 * call tree activated ...), each with its time and who did it.
 *
 * The clock: from the time of finding, the steps have targets (see
 * INC_*_MINUTES): the police "at once" for a missing, unsupervised or
 * harmed child, meaning within 10 minutes; the guardian within 30
 * minutes; the parents within an hour; the education office within two
 * hours.  A step is done at its first action; done later than its
 * target, it says how late, and stays so in the record.  A step not done
 * is due (time left) or overdue (how long) at the clock's "now": the
 * present, or the closing time of a closed incident.
 *
 * Who: the principal of the incident's school, the administrator and
 * the staff member who opened it see and work on it (access.h:
 * access_incident()); opening one needs only to see its children.
 *
 * Times are local wall-clock times, "YYYY-MM-DD HH:MM", kept as a date
 * and a time field and counted in minutes of the calendar.  Functions
 * returning int return 0 or an SH_E* code with *cause set (translated).
 */
#ifndef SHOUHU_INCIDENT_H
#define SHOUHU_INCIDENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "print.h"
#include "rec.h"
#include "store.h"

/* The kinds, in the order of incident_kind_choices (schema.h). */
enum inc_kind {
	IK_MISSING,
	IK_UNSUPERVISED,
	IK_INJURY,
	IK_HARM,
	IK_ABSENCE,
	IK_OTHER,
	IK__N
};

/* The steps of the timeline, in the order of incident_step_choices. */
enum inc_step {
	IS_POLICE,
	IS_GUARDIAN,
	IS_PARENTS,
	IS_OFFICE,
	IS_TOWNSHIP,
	IS_FOUND,
	IS_MEDICAL,
	IS_CALLTREE,
	IS_OTHER,
	IS__N
};

/*
 * An action, and the incident itself, keep when they were entered (the
 * record's creation): a time stated more than this many minutes before
 * (a step written down afterwards) is shown with the entry time, so that
 * a step entered late, dated back, still reads as entered late.  The
 * clock goes by the time stated.
 */
#define INC_ENTERED_SLACK 5
/* The targets, in minutes after finding. */
#define INC_POLICE_MINUTES 10	/* "at once" */
#define INC_GUARDIAN_MINUTES 30
#define INC_PARENTS_MINUTES 60
#define INC_OFFICE_MINUTES 120

/*
 * The present, in minutes of the calendar (local time).  For tests only,
 * SHOUHU_TEST_NOW="YYYY-MM-DD HH:MM[:SS]" sets it when the program
 * starts, from where it runs on (not in a setgid run).
 */
int64_t inc_now(void);
/* Seconds until the present's next minute (1 to 60): a clock's wait. */
int inc_next_minute(void);
/* "YYYY-MM-DD" and "HH:MM" in minutes; -1 when either is not valid. */
int64_t inc_minutes(const char *date, const char *time);
/* Minutes as "YYYY-MM-DD HH:MM" (at least 17 bytes). */
void inc_format(int64_t minutes, char *out, size_t size);
/*
 * A time as typed: "YYYY-MM-DD HH:MM" (any date form of validate.h), or
 * "HH:MM" for today (the day of inc_now()).  Sets date and time.
 */
int inc_parse_time(const char *in, char date[11], char time[6],
    char **cause);
/* "1 h 05 min", "45 min": a span of minutes, translated. */
char *inc_span(int64_t minutes);

/* The kind and step of a stored key; -1 when unknown. */
int inc_kind_of(const char *key);
int inc_step_of(const char *key);
/* The target of a step for a kind, in minutes; -1: none. */
int inc_target(enum inc_kind, enum inc_step);

/* ---- one incident, loaded ---- */

struct inc_action {
	uint32_t	 id;
	enum inc_step	 step;
	int64_t		 at;		/* minutes */
	char		 when[17];	/* "2026-12-05 10:45" */
	int64_t		 entered;	/* minutes: when it was recorded */
	char		*by;		/* the staff member's name, or "" */
	char		*officer;	/* police: the receiving officer */
	char		*caseno;	/* police: the case number */
	char		*text;
	uint32_t	 drill;		/* a call tree's run (calltree.h) */
};

/* A step of the clock. */
struct inc_clock {
	enum inc_step	 step;
	int		 target;	/* minutes after finding */
	bool		 done;
	int64_t		 after;		/* done: minutes after finding */
	int64_t		 late;		/* done late by, or overdue by; 0 */
	int64_t		 left;		/* not done: minutes left, or 0 */
};

struct incident {
	struct rec		*rec;
	uint32_t		 id;
	enum inc_kind		 kind;
	int64_t			 found;		/* minutes */
	char			 found_when[17];
	int64_t			 entered;	/* minutes: when opened */
	bool			 closed;
	int64_t			 closed_at;
	char			 closed_when[17];
	char			*school;	/* the school's name */
	char			*children;	/* "张三(三年级2班)、李四(...)" */
	char			*found_by;	/* a name, or "" */
	char			*opened_by;	/* a name, or "" */
	struct inc_action	*acts;		/* in time order */
	size_t			 nacts;
};

/*
 * Loads an incident with its timeline, names shown.  SH_ENOTFOUND for
 * none, SH_EPERM for one the actor may not see.  Free with inc_free().
 */
int inc_load(struct db *, uint32_t id, struct incident *, char **cause);
void inc_free(struct incident *);
/*
 * The clock of the steps with a target for the incident's kind, at now
 * (a closed incident: at its closing), in the order police, guardian,
 * parents, office.  Returns how many (at most 4) are in v.
 */
size_t inc_clock(const struct incident *, int64_t now, struct inc_clock *v);
/* How many steps of the clock are overdue at now. */
size_t inc_overdue(const struct incident *, int64_t now);
/*
 * The clock as lines for a terminal or a page: a marker ("!" overdue or
 * done late, "+" done, " " due), the step, then what it is; each line
 * at most width columns.  marks[i] (may be NULL) is set to 2 for an
 * overdue step, 1 for one done late, 0 otherwise.
 */
void inc_clock_lines(const struct incident *, int64_t now, int width,
    struct print_lines *, int *marks);
/*
 * "entered 10:52" (with the day when another), when entered (minutes) is
 * more than INC_ENTERED_SLACK minutes from at, the time stated; else
 * NULL.  Caller frees.
 */
char *inc_entered(int64_t at, int64_t entered);
/*
 * "2026-12-05 10:00, by 王芳 (entered 10:45)": when and by whom the
 * incident was found, and when it was entered if that was later.  Safe
 * for a terminal only once passed through str_safe(); caller frees.
 */
char *inc_found_text(const struct incident *);
/*
 * The timeline as lines: time, "+12 min", the step, who, when it was
 * entered when that was later (inc_entered()), the note.
 */
void inc_timeline_lines(const struct incident *, int width,
    struct print_lines *);
/* What `incident show` prints: the record, the clock, the timeline. */
void inc_show_lines(const struct incident *, int64_t now, int width,
    struct print_lines *);
/*
 * The printed report (80 columns by default): the school, the incident,
 * the children, the clock with what was late, the timeline, the
 * closing, and lines to sign.  Its title "SCHOOL incident N DATE".
 */
void inc_report_doc(const struct incident *, int64_t now,
    const struct print_opts *, struct print_doc *);

/* ---- changing ---- */

struct inc_new {
	const uint32_t	*children;
	size_t		 nchildren;
	const char	*kind;		/* a key or a word of the kind */
	const char	*found;		/* as inc_parse_time() reads it */
	uint32_t	 found_by;	/* staff; 0: the actor's */
	const char	*text;
};
/*
 * Opens an incident: children the actor may see, all of one school; the
 * finding not in the future.  Sets *id.
 */
int inc_open(struct db *, const struct inc_new *, uint32_t *id,
    char **cause);

struct inc_act {
	const char	*step;		/* a key or a word of the step */
	const char	*at;		/* as inc_parse_time(); NULL: now */
	uint32_t	 by;		/* staff; 0: the actor's */
	const char	*officer;	/* the police step only */
	const char	*caseno;	/* the police step only */
	const char	*text;
};
/*
 * Adds an action to an open incident: not before the finding, not in
 * the future; the police step names the receiving officer.
 */
int inc_add_action(struct db *, uint32_t incident, const struct inc_act *,
    char **cause);
/* Closes an open incident at (NULL: now) with a closing note. */
int inc_close(struct db *, uint32_t incident, const char *at,
    const char *text, char **cause);
/*
 * In a write transaction: adds the "call tree activated" action of a
 * call tree's run (drill) to an open incident the actor may see, at date
 * and time (not before the finding, not in the future), with text (NULL:
 * the timeline tells the run's result, ct_run_summary()).
 */
int inc_note_calltree(struct txn *, uint32_t incident, uint32_t drill,
    const char *date, const char *time, const char *text, char **cause);

/* ---- lists and counts ---- */

struct inc_info {
	uint32_t	 id;
	enum inc_kind	 kind;
	char		 found[17];
	bool		 closed;
	size_t		 overdue;	/* steps overdue now */
	char		*school;
	char		*children;
};
/*
 * The incidents the actor may see, of one school (0: all), open ones
 * only or all: open first, the newest first.
 */
int inc_list(struct db *, uint32_t school, bool open_only, int64_t now,
    struct inc_info **, size_t *, char **cause);
void inc_list_free(struct inc_info *, size_t);
/* May the actor see incident id (one that exists)? */
bool inc_visible(struct txn *, uint32_t id);
/*
 * Counts the incidents the actor may see of a school (0: all) found
 * from from to to (ISO dates, inclusive; NULL: open-ended) by kind into
 * counts[IK__N]; returns the total.
 */
size_t inc_count_by_kind(struct txn *, uint32_t school, const char *from,
    const char *to, size_t counts[IK__N]);

#endif
