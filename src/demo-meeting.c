/*
 * demo-meeting.c -- the demo township's term of meetings: see
 * demo_meetings() in meeting.h.
 *
 * From the start of the term (1 September or 1 March) to today, each
 * school holds its monthly meeting of left-behind children on the last
 * Friday of the month (the whole school where it is small, one class
 * after another where it is large), a Mid-Autumn festival activity in
 * the autumn term, and a guardians' training for the families of one
 * village; a safety education is set for this week, still to come.
 * Meetings already held have their attendance (most come; a few
 * children and guardians miss often, with the reasons schools write)
 * and minutes.  Everything comes from a random sequence of its own,
 * seeded from the demo's seed, so the rest of the demo is unchanged.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "index.h"
#include "meeting.h"
#include "model.h"
#include "rec.h"
#include "schema.h"
#include "term.h"
#include "util.h"

struct mrng {
	uint64_t	s;
};

static uint64_t
mrnd(struct mrng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int
mpick(struct mrng *r, int n)
{
	return (int)(mrnd(r) % (uint64_t)n);
}

/* Days since 1970-01-01 of a month's first day (term.h counts them). */
static long
month_day1(int y, int m)
{
	char d[11];

	snprintf(d, sizeof d, "%04u-%02u-01", (unsigned)y % 10000,
	    (unsigned)m % 100);
	return date_days(d);
}

/* The last Friday of a month (1970-01-01 was a Thursday). */
static long
last_friday(int y, int m)
{
	long last = month_day1(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1) - 1;

	return last - ((last - 1) % 7 + 7) % 7;
}

static const char *const child_reasons[] = {
	"生病请假", "家里有事", "随监护人走亲戚", "发烧在家休息",
	"放学后去镇上看病"
};
static const char *const guardian_reasons[] = {
	"农忙", "身体不好", "电话未接通", "外出赶集", "照看年幼孙子",
	"路远下雨"
};
static const char *const minutes[] = {
	"孩子们轮流说了本月的学习和生活，帮扶教师逐一回应；"
	    "有两名孩子想念父母，会后安排亲情电话。",
	"通报了本月安全情况，提醒放学路上不玩水、不坐无证车辆；"
	    "表扬了按时完成作业的同学。",
	"讨论了寄宿生周末回家的接送安排，监护人提出的问题已记录，"
	    "由班主任跟进。",
	"一起过集体生日，孩子们给外出务工的父母写了信，"
	    "由学校统一寄出。"
};
static const char *const followups[] = {
	"为想念父母的孩子安排亲情电话",
	"缺席的孩子由帮扶教师家访了解情况",
	"与村委会联系，核实新留守儿童名单"
};

struct dm {
	struct txn	*t;
	struct mrng	 r;
	const char	*today;
	char		**cause;
};

/* Ticks the attendance of a meeting held, and writes its minutes. */
static int
dm_held(struct dm *d, struct rec *m, uint32_t id, bool guardians)
{
	struct idlist ids = { 0 };
	struct rec *a;
	size_t i;
	int rc = 0, absent;
	uint32_t who;

	ix_refs(d->t, IX_ATTEND_MEETING, id, &ids);
	for (i = 0; i < ids.n && rc == 0; i++) {
		if ((rc = rec_get(d->t, RT_ATTEND, ids.v[i], &a)) != 0)
			break;
		/* A few families miss nearly every time. */
		who = rec_ref(a, guardians ? ATTEND_CONTACT : ATTEND_CHILD);
		absent = who % 23 == 5 ? 85 : guardians ? 22 : 10;
		if (mpick(&d->r, 100) < absent) {
			rec_set(a, ATTEND_STATUS, "absent");
			if (mpick(&d->r, 100) < 80)
				rec_set(a, ATTEND_REASON, guardians ?
				    guardian_reasons[mpick(&d->r,
				    (int)nitems(guardian_reasons))] :
				    child_reasons[mpick(&d->r,
				    (int)nitems(child_reasons))]);
		} else
			rec_set(a, ATTEND_STATUS, "present");
		rc = rec_put(d->t, a, d->cause);
		rec_free(a);
	}
	idl_free(&ids);
	if (rc != 0)
		return rc;
	if ((rc = rec_get(d->t, RT_MEETING, id, &a)) != 0)
		return rc;
	rec_set(a, MEETING_MINUTES, minutes[mpick(&d->r,
	    (int)nitems(minutes))]);
	if (mpick(&d->r, 100) < 50) {
		char date[11];

		rec_set(a, MEETING_FOLLOWUP, followups[mpick(&d->r,
		    (int)nitems(followups))]);
		date_from_days(date_days(rec_str(m, MEETING_DATE)) + 14, date);
		rec_set(a, MEETING_FOLLOWUP_DATE, date);
	}
	rc = rec_put(d->t, a, d->cause);
	rec_free(a);
	return rc;
}

static int
dm_add(struct dm *d, uint32_t school, uint32_t by, long day,
    const char *time, const char *kind, const char *topic,
    const char *place, const char *spec)
{
	char date[11], *specs[1];
	struct rec *m;
	uint32_t id;
	size_t invited;
	int rc;

	date_from_days(day, date);
	m = rec_new(RT_MEETING);
	rec_set_ref(m, MEETING_SCHOOL, school);
	rec_set(m, MEETING_DATE, date);
	rec_set(m, MEETING_TIME, time);
	rec_set(m, MEETING_KIND, kind);
	rec_set(m, MEETING_TOPIC, topic);
	rec_set(m, MEETING_PLACE, place);
	if (by != 0)
		rec_set_ref(m, MEETING_BY, by);
	specs[0] = (char *)spec;
	rc = meeting_add_txn(d->t, m, specs, 1, &id, &invited, d->cause);
	if (rc == SH_EINVAL && invited == 0 && id == 0) {
		/* Nobody there (a class or village without children). */
		free(*d->cause);
		*d->cause = NULL;
		rc = 0;
	} else if (rc == 0 && strcmp(date, d->today) <= 0)
		rc = dm_held(d, m, id, str_startswith(spec, "guardians"));
	rec_free(m);
	return rc;
}

/* The school's principal (the first staff member with the role). */
static uint32_t
principal_of(struct txn *t, uint32_t school)
{
	struct idlist ids = { 0 };
	struct rec *s;
	uint32_t found = 0;
	size_t i;

	ix_refs(t, IX_STAFF_SCHOOL, school, &ids);
	for (i = 0; i < ids.n && found == 0; i++) {
		if (rec_get(t, RT_STAFF, ids.v[i], &s) != 0)
			continue;
		if (strstr(rec_str(s, STAFF_ROLES), "principal") != NULL)
			found = s->id;
		rec_free(s);
	}
	idl_free(&ids);
	return found;
}

static const char *const monthly_topics[] = {
	"新学期见面会：说说暑假里的事", "我的家乡我的家", "安全伴我成长",
	"学会感恩：给爸爸妈妈的一封信", "期末复习与寒假安全",
	"新学期的打算", "春天里的心愿", "我会照顾自己", "快乐成长：说说心里话",
	"暑假安全与期末总结"
};

static int
dm_school(struct dm *d, uint32_t school, long start, long today)
{
	struct idlist kids = { 0 };
	struct rec *c = NULL;
	char spec[96], village[64] = "";
	uint32_t by = principal_of(d->t, school);
	long day;
	int y, m, k, rc = 0;

	children_of_class(d->t, school, NULL, NULL, &kids);
	if (kids.n > 0 && rec_get(d->t, RT_CHILD, kids.v[0], &c) == 0) {
		snprintf(village, sizeof village, "%s", rec_str(c,
		    CHILD_VILLAGE));
		rec_free(c);
	}
	/* The monthly meetings, from the term's first month on. */
	date_from_days(start, spec);
	y = atoi(spec);
	m = atoi(spec + 5);
	for (k = 0; rc == 0; k++) {
		day = last_friday(y, m);
		if (day > today + 6)
			break;
		if (kids.n <= 120)
			snprintf(spec, sizeof spec, "school");
		else
			snprintf(spec, sizeof spec, "class:%d-1", 1 + k % 6);
		rc = dm_add(d, school, by, day, "15:30", "monthly",
		    monthly_topics[(m >= 9 ? m - 9 : m + 3) %
		    (int)nitems(monthly_topics)], "学校会议室", spec);
		if (++m == 13) {
			m = 1;
			y++;
		}
	}
	/* Mid-Autumn in the autumn term; the guardians' training. */
	date_from_days(start, spec);
	if (rc == 0 && atoi(spec + 5) == 9 && start + 20 <= today)
		rc = dm_add(d, school, by, start + 20, "14:00", "festival",
		    "中秋节：做月饼、给父母打电话", "学校操场",
		    kids.n <= 120 ? "school" : "class:3-1");
	if (rc == 0 && *village != '\0' && start + 45 <= today + 6) {
		snprintf(spec, sizeof spec, "guardians:village:%s", village);
		rc = dm_add(d, school, by, start + 45, "09:00", "training",
		    "委托监护人培训：孩子的安全与心理", village, spec);
	}
	/* This week's safety education, still to come. */
	if (rc == 0)
		rc = dm_add(d, school, by, today + 2, "10:00", "safety",
		    "冬季防火、防溺水、交通安全教育", "各班教室",
		    kids.n <= 120 ? "school" : "class:4");
	idl_free(&kids);
	return rc;
}

int
demo_meetings(struct txn *t, uint64_t seed, const char *today, char **cause)
{
	struct dm d = { t, { seed * 0x9e3779b97f4a7c15ULL + 77 }, today,
	    cause };
	struct kv_cursor c;
	bool defer = t->defer_index, ok;
	long day = date_days(today), start;
	int month = atoi(today + 5), year = atoi(today), rc = 0;
	uint32_t school;

	/* The term this day is in: 1 March to summer, 1 September on. */
	if (month >= 3 && month < 9)
		start = month_day1(year, 3);
	else
		start = month_day1(month >= 9 ? year : year - 1, 9);
	t->defer_index = false;
	for (ok = kv_first(t, DBI_SCHOOL, NULL, 0, &c); ok && rc == 0;
	    ok = kv_next(&c)) {
		if (c.key.mv_size != 4)
			continue;
		school = get_u32be(c.key.mv_data);
		rc = dm_school(&d, school, start, day);
	}
	kv_close(&c);
	t->defer_index = defer;
	return rc != 0 ? rc : t->err;
}
