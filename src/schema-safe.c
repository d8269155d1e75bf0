/*
 * schema-safe.c -- the tables of safeguarding: a child's risk level and
 * concerns (choices of fields in the child table), counselling sessions
 * (心理辅导记录), and case plans (帮扶计划) with their goals and reviews;
 * their rules between fields and their index keys.
 *
 * Who may read these records is in access.c (access_record): sessions
 * only the counsellors and the principal of the school and the
 * administrator; plans whoever may see the child.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "counsel.h"
#include "i18n.h"
#include "index.h"
#include "rec.h"
#include "schema.h"
#include "util.h"

const struct choice risk_choices[] = {
	{ "low", N_("low"), "低", "低风险|low" },
	{ "medium", N_("medium"), "中", "中风险|中等|medium" },
	{ "high", N_("high"), "高", "高风险|high" },
	{ NULL, NULL, NULL, NULL }
};

const struct choice concern_choices[] = {
	{ "emotion", N_("emotions"), "情绪", "情绪问题|心理" },
	{ "behaviour", N_("behaviour"), "行为", "行为问题|behavior" },
	{ "study", N_("school work"), "学业", "学习" },
	{ "attendance", N_("attendance"), "出勤", "缺勤|缺课" },
	{ "guardianship", N_("guardianship"), "监护", "监护问题" },
	{ "safety", N_("safety"), "安全", "安全问题" },
	{ "health", N_("health"), "健康", "身体" },
	{ NULL, NULL, NULL, NULL }
};

const struct choice counsel_kind_choices[] = {
	{ "individual", N_("individual"), "个体", "个别|个体辅导|个别辅导" },
	{ "group", N_("group"), "团体", "小组|团体辅导" },
	{ NULL, NULL, NULL, NULL }
};

const struct choice plan_status_choices[] = {
	{ "open", N_("in progress"), "进行中", "开展中" },
	{ "closed", N_("closed"), "已结束", "结束|完成" },
	{ NULL, NULL, NULL, NULL }
};

const struct choice goal_status_choices[] = {
	{ "open", N_("in progress"), "进行中", "开展中" },
	{ "met", N_("met"), "已达成", "达成|完成" },
	{ "dropped", N_("dropped"), "已放弃", "放弃" },
	{ NULL, NULL, NULL, NULL }
};

const struct choice outcome_choices[] = {
	{ "progress", N_("progress"), "有进步", "进步|好转" },
	{ "achieved", N_("goal met"), "已达成", "达成|完成" },
	{ "unchanged", N_("no change"), "无变化", "没有变化" },
	{ "worse", N_("worse"), "退步", "变差|恶化" },
	{ NULL, NULL, NULL, NULL }
};

const char *
risk_marker(const char *risk)
{
	return risk_marker_n(risk, strlen(risk));
}

static const struct field counsel_fields[] = {
	[COUNSEL_CHILDREN] = {
	    .tag = 1, .name = "children", .label = N_("Children"),
	    .type = FT_TEXT, .flags = FF_REQUIRED, .maxlen = 400, .width = 30,
	    .help = N_("names or numbers, separated by commas") },
	[COUNSEL_SCHOOL] = {
	    .tag = 2, .name = "school", .label = N_("School"), .type = FT_REF,
	    .flags = FF_REQUIRED | FF_AUTO, .width = 30, .ref = RT_SCHOOL },
	[COUNSEL_DATE] = {
	    .tag = 3, .name = "date", .label = N_("Date"), .type = FT_DATE,
	    .flags = FF_REQUIRED, .width = 10 },
	/* Weak: a session keeps its counsellor who left (counsel_store
	 * checks a new one). */
	[COUNSEL_COUNSELLOR] = {
	    .tag = 4, .name = "counsellor", .label = N_("Counsellor"),
	    .type = FT_REF, .flags = FF_REQUIRED | FF_WEAK, .width = 12,
	    .ref = RT_STAFF },
	[COUNSEL_KIND] = {
	    .tag = 5, .name = "kind", .label = N_("Individual or group"),
	    .type = FT_CHOICE, .flags = FF_REQUIRED, .width = 8,
	    .choices = counsel_kind_choices, .def = "individual" },
	[COUNSEL_REFERRER] = {
	    .tag = 6, .name = "referred_by", .label = N_("Referred by"),
	    .type = FT_TEXT, .maxlen = 40, .width = 20,
	    .help = N_("for example 班主任 王芳, or the child") },
	[COUNSEL_REASON] = {
	    .tag = 7, .name = "reason", .label = N_("Why referred"),
	    .type = FT_TEXT, .flags = FF_PRIVATE, .maxlen = 200,
	    .width = 40 },
	[COUNSEL_NOTES] = {
	    .tag = 8, .name = "notes", .label = N_("Notes"), .type = FT_TEXT,
	    .flags = FF_MULTILINE | FF_PRIVATE, .maxlen = 4000, .width = 40 },
	[COUNSEL_NEXT] = {
	    .tag = 9, .name = "next", .label = N_("Next session"),
	    .type = FT_DATE, .width = 10 },
};

static const struct field plan_fields[] = {
	[PLAN_CHILD] = {
	    .tag = 1, .name = "child", .label = N_("Child"), .type = FT_REF,
	    .flags = FF_REQUIRED, .width = 12, .ref = RT_CHILD },
	[PLAN_AIM] = {
	    .tag = 2, .name = "aim", .label = N_("Aim of the plan"),
	    .type = FT_TEXT, .flags = FF_REQUIRED, .maxlen = 100,
	    .width = 40, .help = N_("for example 稳定情绪，按时到校") },
	[PLAN_START] = {
	    .tag = 3, .name = "start", .label = N_("Started on"),
	    .type = FT_DATE, .flags = FF_REQUIRED, .width = 10 },
	[PLAN_STATUS] = {
	    .tag = 4, .name = "status", .label = N_("Status"),
	    .type = FT_CHOICE, .flags = FF_REQUIRED, .width = 8,
	    .choices = plan_status_choices, .def = "open" },
	[PLAN_NOTES] = {
	    .tag = 5, .name = "notes", .label = N_("Notes"), .type = FT_TEXT,
	    .flags = FF_MULTILINE, .maxlen = 500, .width = 40 },
};

static const struct field goal_fields[] = {
	[GOAL_PLAN] = {
	    .tag = 1, .name = "plan", .label = N_("Case plan"),
	    .type = FT_REF, .flags = FF_REQUIRED | FF_AUTO, .width = 10,
	    .ref = RT_PLAN },
	[GOAL_CHILD] = {
	    .tag = 2, .name = "child", .label = N_("Child"), .type = FT_REF,
	    .flags = FF_REQUIRED | FF_AUTO, .width = 12, .ref = RT_CHILD },
	[GOAL_TEXT] = {
	    .tag = 3, .name = "goal", .label = N_("Goal"), .type = FT_TEXT,
	    .flags = FF_REQUIRED, .maxlen = 100, .width = 40 },
	[GOAL_STAFF] = {
	    .tag = 4, .name = "responsible", .label = N_("Responsible"),
	    .type = FT_REF, .flags = FF_REQUIRED, .width = 12,
	    .ref = RT_STAFF },
	[GOAL_ACTIONS] = {
	    .tag = 5, .name = "actions", .label = N_("Actions"),
	    .type = FT_TEXT, .flags = FF_MULTILINE, .maxlen = 500,
	    .width = 40 },
	[GOAL_REVIEW] = {
	    .tag = 6, .name = "review", .label = N_("Review on"),
	    .type = FT_DATE, .width = 10 },
	[GOAL_STATUS] = {
	    .tag = 7, .name = "status", .label = N_("Status"),
	    .type = FT_CHOICE, .flags = FF_REQUIRED, .width = 8,
	    .choices = goal_status_choices, .def = "open" },
};

static const struct field review_fields[] = {
	[REVIEW_GOAL] = {
	    .tag = 1, .name = "goal", .label = N_("Goal"), .type = FT_REF,
	    .flags = FF_REQUIRED | FF_AUTO, .width = 10, .ref = RT_GOAL },
	[REVIEW_CHILD] = {
	    .tag = 2, .name = "child", .label = N_("Child"), .type = FT_REF,
	    .flags = FF_REQUIRED | FF_AUTO, .width = 12, .ref = RT_CHILD },
	[REVIEW_DATE] = {
	    .tag = 3, .name = "date", .label = N_("Reviewed on"),
	    .type = FT_DATE, .flags = FF_REQUIRED, .width = 10 },
	[REVIEW_BY] = {
	    .tag = 4, .name = "by", .label = N_("Reviewed by"),
	    .type = FT_REF, .flags = FF_AUTO | FF_WEAK, .width = 12,
	    .ref = RT_STAFF },
	[REVIEW_OUTCOME] = {
	    .tag = 5, .name = "outcome", .label = N_("Outcome"),
	    .type = FT_CHOICE, .flags = FF_REQUIRED, .width = 8,
	    .choices = outcome_choices },
	[REVIEW_NOTES] = {
	    .tag = 6, .name = "notes", .label = N_("Notes"), .type = FT_TEXT,
	    .flags = FF_MULTILINE, .maxlen = 500, .width = 40 },
	[REVIEW_NEXT] = {
	    .tag = 7, .name = "next", .label = N_("Next review"),
	    .type = FT_DATE, .width = 10 },
};

/*
 * The children of a session: decimal ids joined by ",", each once; a
 * group session has more than one, an individual one exactly one.
 */
static int
counsel_check(struct rec *r, int *field, char **cause)
{
	const char *p = rec_str(r, COUNSEL_CHILDREN), *e;
	size_t n = 0;
	char *end;
	unsigned long id;

	while (*p != '\0') {
		id = strtoul(p, &end, 10);
		e = end;
		if (e == p || *p < '0' || *p > '9' || id == 0 ||
		    id > UINT32_MAX || (*e != ',' && *e != '\0')) {
			*field = COUNSEL_CHILDREN;
			set_cause(cause, _("%s: \"%s\" is not a list of child "
			    "numbers separated by commas"),
			    _(r->sc->fields[COUNSEL_CHILDREN].label),
			    rec_str(r, COUNSEL_CHILDREN));
			return -1;
		}
		n++;
		p = *e == ',' ? e + 1 : e;
	}
	if (n > 1 && strcmp(rec_str(r, COUNSEL_KIND), "group") != 0) {
		*field = COUNSEL_KIND;
		set_cause(cause, _("a session of %zu children is a group "
		    "session"), n);
		return -1;
	}
	return 0;
}

/* A date field that may not come before another. */
static int
not_before(struct rec *r, int later, int earlier, int *field, char **cause)
{
	const char *l = rec_str(r, later), *e = rec_str(r, earlier);

	if (*l != '\0' && *e != '\0' && strcmp(l, e) < 0) {
		*field = later;
		set_cause(cause, _("%s: %s is before %s"),
		    _(r->sc->fields[later].label), l, e);
		return -1;
	}
	return 0;
}

static int
review_check(struct rec *r, int *field, char **cause)
{
	return not_before(r, REVIEW_NEXT, REVIEW_DATE, field, cause);
}

static int
counsel_dates(struct rec *r, int *field, char **cause)
{
	if (counsel_check(r, field, cause) != 0)
		return -1;
	return not_before(r, COUNSEL_NEXT, COUNSEL_DATE, field, cause);
}

#define SCHEMA(t, n, p, l, d, f, nf, tf) \
	.type = (t), .name = (n), .plural = (p), .label = (l), .dbi = (d), \
	.fields = (f), .nfields = (nf), .title = (tf)
const struct schema counsel_schema = {
	SCHEMA(RT_COUNSEL, "counsel", "counsels", N_("counselling session"),
	    DBI_COUNSEL, counsel_fields, COUNSEL__N, COUNSEL_DATE),
	.check = counsel_dates
};
const struct schema plan_schema = {
	SCHEMA(RT_PLAN, "plan", "plans", N_("case plan"), DBI_PLAN,
	    plan_fields, PLAN__N, PLAN_AIM)
};
const struct schema goal_schema = {
	SCHEMA(RT_GOAL, "plangoal", "plangoals", N_("goal of a case plan"),
	    DBI_GOAL, goal_fields, GOAL__N, GOAL_TEXT)
};
const struct schema review_schema = {
	SCHEMA(RT_REVIEW, "planreview", "planreviews", N_("review of a goal"),
	    DBI_REVIEW, review_fields, REVIEW__N, REVIEW_DATE),
	.check = review_check
};
#undef SCHEMA

void
counsel_keys(const struct rec *r, struct keyset *ks)
{
	struct idlist l = { 0 };
	size_t i;

	counsel_children(r, &l);
	for (i = 0; i < l.n; i++)
		ks_add_ref(ks, IX_CHILD_COUNSEL, l.v[i]);
	idl_free(&l);
}

void
plan_keys(const struct rec *r, struct keyset *ks)
{
	ks_add_ref(ks, IX_CHILD_PLAN, rec_ref(r, PLAN_CHILD));
}

void
goal_keys(const struct rec *r, struct keyset *ks)
{
	ks_add_ref(ks, IX_PLAN_GOAL, rec_ref(r, GOAL_PLAN));
	ks_add_ref(ks, IX_STAFF_GOAL, rec_ref(r, GOAL_STAFF));
}

void
review_keys(const struct rec *r, struct keyset *ks)
{
	ks_add_ref(ks, IX_GOAL_REVIEW, rec_ref(r, REVIEW_GOAL));
}
