/*
 * term.h -- school terms (学期) and school years, from the settings.
 *
 * A school year has two terms: the autumn term (秋季学期), which starts
 * in one calendar year and may end in the next (by default 1 September
 * to 31 January), and the spring term (春季学期) of the next calendar
 * year (by default 1 March to 15 July).  Their days are settings
 * (settings.h), kept as month and day, the same every year.
 *
 * A term is named by the calendar year it starts in and its season:
 * the stable key "2026-autumn" (kept in records and on the command
 * line), shown as "2026年秋季学期" in Chinese and "autumn term 2026" in
 * English.  The school year 2026 is the autumn term 2026 and the spring
 * term 2027.
 */
#ifndef SHOUHU_TERM_H
#define SHOUHU_TERM_H

#include <stdbool.h>

struct settings;

enum term_season {
	TERM_AUTUMN,
	TERM_SPRING
};

struct term {
	int			 year;	/* the calendar year it starts in */
	enum term_season	 season;
	char			 start[11];	/* ISO dates, both inclusive */
	char			 end[11];
};

/*
 * The term of this year and season, with its days from the settings
 * (NULL: the defaults).
 */
void term_make(const struct settings *, int year, enum term_season,
    struct term *);
/*
 * The term that contains an ISO date or, between two terms (the winter
 * and summer holidays), the last one that ended before it.  Returns 0,
 * or -1 when date is not an ISO date.
 */
int term_at(const struct settings *, const char *date, struct term *);
/* The term before and the term after a term. */
void term_prev(const struct settings *, const struct term *, struct term *);
void term_next(const struct settings *, const struct term *, struct term *);
/* Whether an ISO date lies within the term (start and end included). */
bool term_contains(const struct term *, const char *date);

/* The stable key: "2026-autumn", "2027-spring". */
#define TERM_KEYLEN 16
void term_key(const struct term *, char out[TERM_KEYLEN]);
/*
 * The term's name in the language of the messages: "2026年秋季学期",
 * "autumn term 2026".  The caller frees it.
 */
char *term_label(const struct term *);
/*
 * Reads a term as people write it: its key ("2026-autumn", "2027-spring"),
 * "2026秋", "2027春", "2026年秋季学期", "2027年春季", "autumn 2026",
 * "autumn term 2026", "2026 autumn".  Returns 0 with *out filled from the
 * settings, or -1 with *cause (translated).
 */
int term_parse(const struct settings *, const char *in, struct term *out,
    char **cause);

/*
 * The school year of an ISO date: the year its autumn term starts in.
 * A date before this year's autumn term belongs to the school year that
 * began the autumn before.  The school year's first day goes to start
 * (the autumn term's start).  Returns the year, or -1 for a bad date.
 */
int school_year_at(const struct settings *, const char *date,
    char start[11]);

/*
 * Day numbers, for counting days between dates: the days from 1970-01-01
 * to an ISO date (-1 when it is not one), and back.
 */
long date_days(const char *date);
void date_from_days(long days, char out[11]);

#endif
