/*
 * demo-care.c -- a term of the care log for the demo township: each
 * mentor's talks with the mentees (most of them recent, some overdue),
 * home visits for most of them, calls with the guardians and the
 * parents, parent-child calls, some tutoring, help and growth records, a
 * few concerns and follow-ups (some already due).  Made from the demo's
 * own random sequence, so the same seed gives the same log (on the same
 * day: the dates count back from today).
 *
 * Run inside the demo's bulk transaction, before its index is built:
 * the mentoring pairs and children are read by iterating over them.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "care.h"
#include "term.h"
#include "model.h"
#include "rec.h"
#include "schema.h"
#include "util.h"

struct crng {
	uint64_t	s;
};

static uint64_t
cnext(struct crng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int
cint(struct crng *r, int n)
{
	return n <= 1 ? 0 : (int)(cnext(r) % (uint64_t)n);
}

#define CPICK(r, a) ((a)[cint((r), (int)nitems(a))])

/* What a talk or a visit says goes with the child's mood that day. */
static const char *const talks_good[] = {
	"聊了最近的学习，数学有进步", "和同学闹了矛盾，已经和好",
	"谈了谈在家帮奶奶做家务", "说爸爸过年回来，很开心",
	"问了周末在家的安排，不要去河边玩", "作业按时交了，表扬了一下",
	"谈了用手机的时间，答应少玩游戏", "讲了防溺水、防欺凌的事",
};
static const char *const talks_fair[] = {
	"最近上课爱走神，约好每天读书半小时", "说想妈妈了，鼓励给妈妈写信",
	"和同学闹了点矛盾，约好下周再聊", "谈了用手机的时间，还要再提醒",
};
static const char *const talks_worried[] = {
	"晚上睡得不好，想家", "说奶奶生病了，有些担心",
	"说想妈妈了，哭了一会儿，约好常来聊聊",
};
static const char *const visits_good[] = {
	"到家里看了看，住得干净，奶奶照顾得好",
	"和外婆聊了孩子的学习和身体",
	"家里刚翻修了房子，孩子有自己的书桌",
};
static const char *const visits_fair[] = {
	"和外婆聊了孩子的学习和身体，提醒按时吃饭",
	"家访时孩子不在家，在邻居家玩，提醒监护人看好",
};
static const char *const visits_worried[] = {
	"家访，爷爷腿脚不便，孩子自己做饭",
	"家访，奶奶住院了，孩子暂住邻居家",
};
static const char *const guardian_calls[] = {
	"和奶奶通电话，孩子在家表现好", "告诉爷爷孩子最近成绩有进步",
	"提醒监护人周末注意安全", "监护人说孩子回家不爱说话",
};
static const char *const parent_calls[] = {
	"和妈妈通话，说了孩子在校情况", "爸爸说春节回家",
	"请妈妈多给孩子打电话", "和爸爸谈了孩子的学习",
};
static const char *const family_calls[] = {
	"在学校用亲情电话和妈妈视频", "和爸爸通了电话，聊了二十分钟",
	"和妈妈视频，看到了弟弟",
};
static const char *const tutorings[] = {
	"课后辅导数学应用题", "辅导作文，写了《我的妈妈》",
	"补了拼音", "英语单词听写",
};
static const char *const helps[] = {
	"送了冬衣和棉鞋", "帮忙申请了营养餐", "送了学习用品",
	"带去卫生院看了牙",
};
static const char *const growths[] = {
	"在运动会上跑了第二名", "当上了小组长", "画的画在学校展出",
	"期中考试进步了十名",
};
static const char *const present[] = {
	"奶奶", "爷爷", "外婆", "外公", "奶奶、班主任", "爷爷、村儿童主任",
};
static const char *const followups[] = {
	"再找孩子谈一次", "打电话问问奶奶的病", "看看作业有没有按时交",
	"联系妈妈说说孩子的情况",
};

struct cstate {
	struct txn	*t;
	struct crng	 rng;
	long		 today;		/* days */
	long		 term;		/* the term's first day */
	size_t		 n;
};

/* The term's first day for the day today (1 September or 1 March). */
static long
term_start(const char *today)
{
	int y, m;
	char d[16];

	if (sscanf(today, "%4d-%2d", &y, &m) != 2)
		return date_days(today) - 90;
	if (m < 3)
		y--;
	snprintf(d, sizeof d, "%04d-%s-01", y % 10000, m >= 3 && m < 9 ?
	    "03" : "09");
	return date_days(d);
}

static int
put_entry(struct cstate *s, uint32_t child, uint32_t staff, long day,
    int kind, bool last, char **cause)
{
	struct crng *r = &s->rng;
	struct rec *e = rec_new(RT_LOG);
	const char *text, *mood;
	char d[11];
	int rc, m = cint(r, 100);

	date_from_days(day, d);
	rec_set_ref(e, LOG_CHILD, child);
	rec_set(e, LOG_DATE, d);
	rec_set_ref(e, LOG_STAFF, staff);
	rec_set(e, LOG_KIND, care_kind_key(kind));
	mood = m < 62 ? "good" : m < 92 ? "fair" : "worried";
	switch (kind) {
	case CK_TALK:
		text = m < 62 ? CPICK(r, talks_good) : m < 92 ?
		    CPICK(r, talks_fair) : CPICK(r, talks_worried);
		break;
	case CK_VISIT:
		text = m < 62 ? CPICK(r, visits_good) : m < 92 ?
		    CPICK(r, visits_fair) : CPICK(r, visits_worried);
		rec_set(e, LOG_WITH, CPICK(r, present));
		break;
	case CK_CALL_GUARDIAN: text = CPICK(r, guardian_calls); break;
	case CK_CALL_PARENTS: text = CPICK(r, parent_calls); break;
	case CK_FAMILY_CALL: text = CPICK(r, family_calls); break;
	case CK_TUTORING: text = CPICK(r, tutorings); break;
	case CK_HELP: text = CPICK(r, helps); break;
	default: text = CPICK(r, growths); break;
	}
	rec_set(e, LOG_TEXT, text);
	if (kind == CK_TALK || kind == CK_VISIT)
		rec_set(e, LOG_MOOD, mood);
	if ((kind == CK_TALK || kind == CK_VISIT) &&
	    strcmp(mood, "worried") == 0 && cint(r, 2) == 0)
		rec_set(e, LOG_CONCERN, "1");
	/* The newest entry of a few children asks for a follow-up. */
	if (last && cint(r, 100) < 9) {
		date_from_days(day + 5 + cint(r, 14), d);
		rec_set(e, LOG_FOLLOWUP, d);
		rec_set(e, LOG_FOLLOWUP_TEXT, CPICK(r, followups));
	}
	rc = rec_put(s->t, e, cause);
	rec_free(e);
	s->n++;
	return rc;
}

/* One mentee's term. */
static int
mentee_log(struct cstate *s, uint32_t child, uint32_t staff, bool key,
    char **cause)
{
	struct crng *r = &s->rng;
	long span = s->today - s->term, day, last, gap;
	long days[24];
	int kinds[24], n = 0, i, limit = key ? 14 : 30, rc;

	if (span < 7)
		span = 7;
	/* The last talk: most within the limit, a fifth overdue. */
	last = cint(r, 100) < 80 ? s->today - cint(r, limit) :
	    s->today - limit - 1 - cint(r, 40);
	for (day = last; day >= s->term && n < 12; day -= gap) {
		days[n] = day;
		kinds[n++] = CK_TALK;
		gap = (key ? 7 : 12) + cint(r, 14);
	}
	if (cint(r, 100) < (key ? 85 : 60)) {
		days[n] = s->today - cint(r, (int)span);
		kinds[n++] = CK_VISIT;
	}
	if (cint(r, 100) < 50) {
		days[n] = s->today - cint(r, (int)span);
		kinds[n++] = CK_CALL_PARENTS;
	}
	if (cint(r, 100) < 40) {
		days[n] = s->today - cint(r, (int)span);
		kinds[n++] = CK_FAMILY_CALL;
	}
	if (cint(r, 100) < 30) {
		days[n] = s->today - cint(r, (int)span);
		kinds[n++] = CK_CALL_GUARDIAN;
	}
	if (cint(r, 100) < 15) {
		days[n] = s->today - cint(r, (int)span);
		kinds[n++] = CK_TUTORING;
	}
	if (key && cint(r, 100) < 30) {
		days[n] = s->today - cint(r, (int)span);
		kinds[n++] = CK_HELP;
	}
	if (cint(r, 100) < 10) {
		days[n] = s->today - cint(r, (int)span);
		kinds[n++] = CK_GROWTH;
	}
	/* Oldest first, as a teacher writes them. */
	for (i = n - 1; i >= 0; i--) {
		bool newest = true;
		int j;

		for (j = 0; j < n; j++)
			if (days[j] > days[i] || (days[j] == days[i] && j < i))
				newest = false;
		if (days[i] < s->term)
			days[i] = s->term;
		if ((rc = put_entry(s, child, staff, days[i], kinds[i], newest,
		    cause)) != 0)
			return rc;
	}
	return 0;
}

int
care_demo(struct txn *t, uint64_t seed, const char *today, size_t *made,
    char **cause)
{
	struct cstate s;
	struct rec_iter it;
	struct rec *p, *c;
	int rc = 0;

	memset(&s, 0, sizeof s);
	s.t = t;
	s.rng.s = seed * 0x9e3779b97f4a7c15ULL + 0x5ca1ab1e;
	s.today = date_days(today);
	s.term = term_start(today);
	rec_iter_start(t, RT_PAIR, &it);
	while (rc == 0 && (p = rec_iter_next(&it)) != NULL) {
		if (*rec_str(p, PAIR_UNTIL) == '\0' &&
		    rec_get(t, RT_CHILD, rec_ref(p, PAIR_CHILD), &c) == 0) {
			if (child_active(c))
				rc = mentee_log(&s, c->id, rec_ref(p,
				    PAIR_STAFF), strcmp(rec_str(c,
				    CHILD_KEY_SUPPORT), "1") == 0, cause);
			rec_free(c);
		}
		rec_free(p);
	}
	rec_iter_end(&it);
	if (made != NULL)
		*made = s.n;
	return rc != 0 ? rc : t->err;
}
