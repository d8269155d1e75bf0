/*
 * demo-paper.c -- the demo township's paperwork: see demo_paper() in
 * agreement.h.
 *
 * The index is not there yet while the demo writes (it is made once at
 * the end), so the children and their guardians are read record by
 * record.  Of the children in school, about six in seven have returned
 * the current term's agreement signed, a few refused, the rest are
 * missing; about one in six received aid this term.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agreement.h"
#include "aid.h"
#include "model.h"
#include "rec.h"
#include "schema.h"
#include "settings.h"
#include "term.h"
#include "util.h"

struct prng {
	uint64_t	s;
};

static uint64_t
next(struct prng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int
pick(struct prng *r, int n)
{
	return (int)(next(r) % (uint64_t)n);
}

/* The ISO date days after date. */
static void
date_plus(const char *date, int days, char out[11])
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof tm);
	if (sscanf(date, "%d-%d-%d", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday) != 3) {
		snprintf(out, 11, "%s", date);
		return;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_mday += days;
	tm.tm_hour = 12;
	t = timegm(&tm);
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* A day from the term's start to today. */
static void
term_day(struct prng *r, const char *start, const char *today, int span,
    char out[11])
{
	date_plus(start, pick(r, span), out);
	if (strcmp(out, today) > 0 || strcmp(start, today) > 0)
		snprintf(out, 11, "%s", today);
}

static const struct {
	const char	*kind;
	int		 weight;
	int		 yuan;		/* a usual amount */
} kinds[] = {
	{ "two_free", 45, 625 },
	{ "dibao", 20, 1200 },
	{ "temporary", 12, 800 },
	{ "medical", 10, 2600 },
	{ "hardship", 8, 500 },
	{ "other", 5, 300 },
};

static int
add_aid(struct txn *t, struct prng *r, uint32_t child, const char *term,
    const char *start, const char *today, char **cause)
{
	struct rec *a = rec_new(RT_AID);
	char day[11], amount[24];
	int w = pick(r, 100), k = 0, rc;

	while (k < (int)nitems(kinds) - 1 && w >= kinds[k].weight)
		w -= kinds[k++].weight;
	term_day(r, start, today, 60, day);
	amount_format((long long)kinds[k].yuan * (80 + pick(r, 41)), amount);
	rec_set_ref(a, AID_CHILD, child);
	rec_set(a, AID_KIND, kinds[k].kind);
	rec_set(a, AID_TERM, term);
	rec_set(a, AID_AMOUNT, amount);
	rec_set(a, AID_DATE, day);
	rc = rec_put(t, a, cause);
	rec_free(a);
	return rc;
}

int
demo_paper(struct txn *t, uint64_t seed, const char *today, char **cause)
{
	struct prng r = { seed * 0x9e3779b97f4a7c15ULL + 0x5a };
	struct rec_iter it;
	struct rec *c, *l, *a;
	uint32_t *guardian = NULL, *prio = NULL, n = 0, cid;
	struct settings set;
	struct term tm;
	char term[TERM_KEYLEN], start[11], day[11];
	int rc = 0, roll;

	(void)settings_read(t, &set);
	if (term_at(&set, today, &tm) != 0)
		return 0;
	term_key(&tm, term);
	memcpy(start, tm.start, sizeof start);
	/* Each child's guardian: the entrusted one, else call order 1. */
	rec_iter_start(t, RT_LINK, &it);
	while ((l = rec_iter_next(&it)) != NULL) {
		cid = rec_ref(l, LINK_CHILD);
		if (cid >= n) {
			guardian = xreallocarray(guardian, cid + 1024,
			    sizeof *guardian);
			prio = xreallocarray(prio, cid + 1024, sizeof *prio);
			memset(guardian + n, 0, (cid + 1024 - n) *
			    sizeof *guardian);
			memset(prio + n, 0, (cid + 1024 - n) * sizeof *prio);
			n = cid + 1024;
		}
		if (strcmp(rec_str(l, LINK_GUARDIAN), "1") == 0 ||
		    guardian[cid] == 0 ||
		    (prio[cid] != 0 && rec_ref(l, LINK_PRIORITY) < prio[cid])) {
			guardian[cid] = rec_ref(l, LINK_CONTACT);
			prio[cid] = strcmp(rec_str(l, LINK_GUARDIAN), "1") == 0 ?
			    0 : rec_ref(l, LINK_PRIORITY);
		}
		rec_free(l);
	}
	rec_iter_end(&it);
	rec_iter_start(t, RT_CHILD, &it);
	while (rc == 0 && (c = rec_iter_next(&it)) != NULL) {
		if (!child_active(c)) {
			rec_free(c);
			continue;
		}
		roll = pick(&r, 100);
		if (roll < 88) {
			a = rec_new(RT_AGREEMENT);
			rec_set_ref(a, AGREEMENT_CHILD, c->id);
			if (c->id < n && guardian[c->id] != 0)
				rec_set_ref(a, AGREEMENT_CONTACT,
				    guardian[c->id]);
			rec_set(a, AGREEMENT_TERM, term);
			rec_set(a, AGREEMENT_STATUS, roll < 85 ? "signed" :
			    "refused");
			term_day(&r, start, today, 21, day);
			rec_set(a, AGREEMENT_DATE, day);
			rc = rec_put(t, a, cause);
			rec_free(a);
		}
		if (rc == 0 && pick(&r, 100) < 16)
			rc = add_aid(t, &r, c->id, term, start, today, cause);
		rec_free(c);
	}
	rec_iter_end(&it);
	free(guardian);
	free(prio);
	return rc;
}
