/*
 * term.c -- school terms and school years from the settings, and the
 * day numbers that count days between dates.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "settings.h"
#include "term.h"
#include "util.h"

/* Days from 1970-01-01 of a proleptic Gregorian date. */
static long
civil_days(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int
month_days(int y, int m)
{
	static const int n[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return n[m - 1];
}

/* Writes an ISO date (years beyond 9999 wrap). */
static void
iso_write(long y, long m, long d, char out[11])
{
	unsigned long uy = (unsigned long)(y < 0 ? 0 : y) % 10000;

	out[0] = (char)('0' + uy / 1000);
	out[1] = (char)('0' + uy / 100 % 10);
	out[2] = (char)('0' + uy / 10 % 10);
	out[3] = (char)('0' + uy % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10 % 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10 % 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

/* Reads an ISO date; false when it is not one. */
static bool
iso_parse(const char *s, int *y, int *m, int *d)
{
	int i;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return false;
	*y = atoi(s);
	*m = atoi(s + 5);
	*d = atoi(s + 8);
	return *m >= 1 && *m <= 12 && *d >= 1 && *d <= month_days(*y, *m);
}

long
date_days(const char *date)
{
	int y, m, d;

	if (!iso_parse(date, &y, &m, &d))
		return -1;
	return civil_days(y, m, d);
}

void
date_from_days(long z, char out[11])
{
	long era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp + (mp < 10 ? 3 : -9);
	y += m <= 2;
	iso_write(y, m, d, out);
}

/*
 * An ISO date of a year from a month and day ("02-29" becomes the 28th
 * in a year that has no 29th).
 */
static void
on_year(int year, const char *md, char out[11])
{
	int m = atoi(md), d = atoi(md + 3);

	if (m < 1 || m > 12)
		m = 1;
	if (d < 1)
		d = 1;
	if (d > month_days(year, m))
		d = month_days(year, m);
	iso_write(year, m, d, out);
}

void
term_make(const struct settings *s, int year, enum term_season season,
    struct term *t)
{
	struct settings def;
	const char *start, *end;

	if (s == NULL) {
		settings_defaults(&def);
		s = &def;
	}
	t->year = year;
	t->season = season;
	start = season == TERM_AUTUMN ? s->autumn_start : s->spring_start;
	end = season == TERM_AUTUMN ? s->autumn_end : s->spring_end;
	on_year(year, start, t->start);
	/* A term whose end comes before its start in the year ends in the
	 * next year (the autumn term in January). */
	on_year(strcmp(end, start) < 0 ? year + 1 : year, end, t->end);
}

void
term_prev(const struct settings *s, const struct term *t, struct term *out)
{
	if (t->season == TERM_SPRING)
		term_make(s, t->year - 1, TERM_AUTUMN, out);
	else
		term_make(s, t->year, TERM_SPRING, out);
}

void
term_next(const struct settings *s, const struct term *t, struct term *out)
{
	if (t->season == TERM_AUTUMN)
		term_make(s, t->year + 1, TERM_SPRING, out);
	else
		term_make(s, t->year, TERM_AUTUMN, out);
}

bool
term_contains(const struct term *t, const char *date)
{
	return strcmp(date, t->start) >= 0 && strcmp(date, t->end) <= 0;
}

int
term_at(const struct settings *s, const char *date, struct term *out)
{
	struct term t, best;
	int y, m, d, year;
	bool found = false;

	if (!iso_parse(date, &y, &m, &d))
		return -1;
	/*
	 * The terms that may contain the date or end last before it, from
	 * the earliest: the autumn of two years before (a spring term
	 * starting late in the year), ..., this year's autumn.
	 */
	term_make(s, y - 2, TERM_AUTUMN, &t);
	for (year = 0; year < 6; year++) {
		if (term_contains(&t, date)) {
			*out = t;
			return 0;
		}
		if (strcmp(t.end, date) < 0) {
			best = t;
			found = true;
		}
		term_next(s, &t, &t);
	}
	if (!found)
		term_make(s, y - 1, TERM_AUTUMN, &best);
	*out = best;
	return 0;
}

void
term_key(const struct term *t, char out[TERM_KEYLEN])
{
	snprintf(out, TERM_KEYLEN, "%04d-%s", t->year % 10000,
	    t->season == TERM_AUTUMN ? "autumn" : "spring");
}

char *
term_label(const struct term *t)
{
	if (t->season == TERM_AUTUMN)
		return xasprintf(_("autumn term %d"), t->year);
	return xasprintf(_("spring term %d"), t->year);
}

/* Removes every occurrence of word from s (in place). */
static void
drop_word(char *s, const char *word)
{
	size_t n = strlen(word);
	char *p;

	while ((p = strstr(s, word)) != NULL)
		memmove(p, p + n, strlen(p + n) + 1);
}

int
term_parse(const struct settings *s, const char *in, struct term *out,
    char **cause)
{
	static const char *const noise[] = { "学期", "年", "季", "term", "-",
	    " ", "\t", "_", "/" };
	char *t = str_trim(in), *p, *q;
	enum term_season season;
	int year = -1;
	size_t i;

	for (p = t; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	/* The year: the only run of four digits. */
	for (p = t; *p != '\0';) {
		if (!isdigit((unsigned char)*p)) {
			p++;
			continue;
		}
		for (q = p; isdigit((unsigned char)*q); q++)
			;
		if (q - p != 4 || year != -1) {
			year = -2;
			break;
		}
		year = atoi(p);
		memmove(p, q, strlen(q) + 1);
	}
	for (i = 0; i < nitems(noise); i++)
		drop_word(t, noise[i]);
	if (strcmp(t, "秋") == 0 || strcmp(t, "autumn") == 0 ||
	    strcmp(t, "fall") == 0)
		season = TERM_AUTUMN;
	else if (strcmp(t, "春") == 0 || strcmp(t, "spring") == 0)
		season = TERM_SPRING;
	else
		year = -2;
	free(t);
	if (year < 1900 || year > 2100) {
		set_cause(cause, _("\"%s\" is not a term: write it as "
		    "2026-autumn, 2027-spring, 2026秋 or 2026年秋季学期"), in);
		return -1;
	}
	term_make(s, year, season, out);
	return 0;
}

int
school_year_at(const struct settings *s, const char *date, char start[11])
{
	struct term t;

	if (term_at(s, date, &t) != 0)
		return -1;
	if (t.season == TERM_SPRING)
		term_prev(s, &t, &t);
	/* Between the spring term and the autumn term: still the year of
	 * the spring term, until the autumn term starts. */
	memcpy(start, t.start, 11);
	return t.year;
}
