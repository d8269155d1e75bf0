/*
 * cmd-plan.c -- `shouhu plan`: case plans (帮扶计划) of key-support
 * children, their goals and the reviews of each goal.
 *
 *	shouhu plan add --child ID --aim TEXT [--start DATE] [--notes TEXT]
 *	shouhu plan list [--child ID] [--school NAME] [--all]
 *	shouhu plan list --due [--staff ID] [--date DATE]
 *	shouhu plan show ID
 *	shouhu plan goal PLAN --goal TEXT --staff ID [--actions TEXT]
 *	    [--review DATE]
 *	shouhu plan review GOAL --outcome OUTCOME [--date DATE]
 *	    [--notes TEXT] [--next DATE]
 *	shouhu plan close PLAN
 *	shouhu plan risk CHILD [--level low|medium|high] [--concerns SET]
 *	    [--reason TEXT]
 *
 * A plan is read and changed by whoever may see and change its child.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "cli.h"
#include "i18n.h"
#include "model.h"
#include "plan.h"
#include "rec.h"
#include "schema.h"
#include "util.h"

enum {
	OPT_CHILD = 0x1700,
	OPT_AIM,
	OPT_START,
	OPT_NOTES,
	OPT_SCHOOL,
	OPT_ALL,
	OPT_DUE,
	OPT_STAFF,
	OPT_DATE,
	OPT_GOAL,
	OPT_ACTIONS,
	OPT_REVIEW,
	OPT_OUTCOME,
	OPT_NEXT,
	OPT_LEVEL,
	OPT_CONCERNS,
	OPT_REASON
};

static struct {
	const char	*child, *aim, *start, *notes, *school, *staff, *date;
	const char	*goal, *actions, *review, *outcome, *next;
	const char	*level, *concerns, *reason;
	bool		 all, due;
} pa;

static int
plan_option(struct cmdctx *ctx, int code, const char *arg)
{
	switch (code) {
	case OPT_CHILD:
		pa.child = arg;
		return 0;
	case OPT_AIM:
		pa.aim = arg;
		return 0;
	case OPT_START:
		pa.start = arg;
		return 0;
	case OPT_NOTES:
		pa.notes = arg;
		return 0;
	case OPT_SCHOOL:
		pa.school = arg;
		return 0;
	case OPT_ALL:
		pa.all = true;
		return 0;
	case OPT_DUE:
		pa.due = true;
		return 0;
	case OPT_STAFF:
		pa.staff = arg;
		return 0;
	case OPT_DATE:
		pa.date = arg;
		return 0;
	case OPT_GOAL:
		pa.goal = arg;
		return 0;
	case OPT_ACTIONS:
		pa.actions = arg;
		return 0;
	case OPT_REVIEW:
		pa.review = arg;
		return 0;
	case OPT_OUTCOME:
		pa.outcome = arg;
		return 0;
	case OPT_NEXT:
		pa.next = arg;
		return 0;
	case OPT_LEVEL:
		pa.level = arg;
		return 0;
	case OPT_CONCERNS:
		pa.concerns = arg;
		return 0;
	case OPT_REASON:
		pa.reason = arg;
		return 0;
	}
	return EXIT_USAGE;
}

/* Sets the fields given (NULL: left as they are); 0 or -1 after saying. */
static int
set_fields(struct rec *r, const int *fields, const char *const *values)
{
	char *cause = NULL;
	int i;

	for (i = 0; fields[i] >= 0; i++) {
		if (values[i] == NULL)
			continue;
		if (rec_input(r, fields[i], values[i], &cause) != 0) {
			cli_error("%s", cause);
			free(cause);
			return -1;
		}
	}
	return 0;
}

struct plan_arg {
	struct rec	*r;
	uint32_t	 parent;	/* the plan of a goal, goal of a review */
	int		 (*store)(struct txn *, uint32_t, struct rec *,
			    char **);
	uint32_t	 id;		/* out */
};

static int
store_plan(struct txn *t, uint32_t parent, struct rec *r, char **cause)
{
	return rec_put(t, r, cause);
}

static int
plan_write(struct txn *t, void *arg, char **cause)
{
	struct plan_arg *a = arg;
	struct rec *r = rec_dup(a->r);
	int rc;

	if ((rc = a->store(t, a->parent, r, cause)) == 0)
		a->id = r->id;
	rec_free(r);
	return rc;
}

/* Stores what a made, saying what; frees a->r. */
static int
plan_store(struct cmdctx *ctx, struct plan_arg *a)
{
	const char *what = _(a->r->sc->label);
	char *cause = NULL;
	int rc;

	rc = db_write(ctx->db, plan_write, a, &cause);
	rec_free(a->r);
	if (rc != 0) {
		cli_error("%s", cause != NULL ? cause : sh_strerror(rc));
		free(cause);
		return EXIT_DATA;
	}
	printf(_("Added %s #%u\n"), what, a->id);
	return EXIT_OK;
}

static int
plan_add(struct cmdctx *ctx)
{
	struct plan_arg a = { NULL, 0, store_plan, 0 };

	if (pa.child == NULL || pa.aim == NULL) {
		cli_error("%s", _("plan add needs --child ID and --aim TEXT"));
		return EXIT_USAGE;
	}
	if (cli_db(ctx) == NULL)
		return EXIT_DATA;
	a.r = rec_new(RT_PLAN);
	rec_set(a.r, PLAN_START, ctx->today);
	if (set_fields(a.r, (const int[]){ PLAN_CHILD, PLAN_AIM, PLAN_START,
	    PLAN_NOTES, -1 }, (const char *const[]){ pa.child, pa.aim,
	    pa.start, pa.notes }) != 0) {
		rec_free(a.r);
		return EXIT_DATA;
	}
	return plan_store(ctx, &a);
}

static int
plan_goal(struct cmdctx *ctx)
{
	struct plan_arg a = { NULL, 0, plan_goal_add, 0 };

	if ((a.parent = cli_number(ctx->argv[1])) == 0) {
		cli_error(_("\"%s\" is not a record number"), ctx->argv[1]);
		return EXIT_USAGE;
	}
	if (pa.goal == NULL || pa.staff == NULL) {
		cli_error("%s", _("plan goal needs --goal TEXT and --staff ID "
		    "(who is responsible)"));
		return EXIT_USAGE;
	}
	if (cli_db(ctx) == NULL)
		return EXIT_DATA;
	a.r = rec_new(RT_GOAL);
	if (set_fields(a.r, (const int[]){ GOAL_TEXT, GOAL_STAFF,
	    GOAL_ACTIONS, GOAL_REVIEW, -1 }, (const char *const[]){ pa.goal,
	    pa.staff, pa.actions, pa.review }) != 0) {
		rec_free(a.r);
		return EXIT_DATA;
	}
	return plan_store(ctx, &a);
}

static int
plan_review(struct cmdctx *ctx)
{
	struct plan_arg a = { NULL, 0, plan_review_add, 0 };

	if ((a.parent = cli_number(ctx->argv[1])) == 0) {
		cli_error(_("\"%s\" is not a record number"), ctx->argv[1]);
		return EXIT_USAGE;
	}
	if (pa.outcome == NULL) {
		cli_error("%s", _("plan review needs --outcome progress, "
		    "achieved, unchanged or worse"));
		return EXIT_USAGE;
	}
	if (cli_db(ctx) == NULL)
		return EXIT_DATA;
	a.r = rec_new(RT_REVIEW);
	rec_set(a.r, REVIEW_DATE, ctx->today);
	if (set_fields(a.r, (const int[]){ REVIEW_DATE, REVIEW_OUTCOME,
	    REVIEW_NOTES, REVIEW_NEXT, -1 }, (const char *const[]){ pa.date,
	    pa.outcome, pa.notes, pa.next }) != 0) {
		rec_free(a.r);
		return EXIT_DATA;
	}
	return plan_store(ctx, &a);
}

static int
close_write(struct txn *t, void *arg, char **cause)
{
	uint32_t *id = arg;
	struct rec *p;
	int rc;

	if ((rc = safe_get(t, RT_PLAN, *id, &p, cause)) != 0)
		return rc;
	rec_set(p, PLAN_STATUS, "closed");
	rc = rec_put(t, p, cause);
	rec_free(p);
	return rc;
}

static int
plan_close(struct cmdctx *ctx)
{
	uint32_t id = cli_number(ctx->argv[1]);
	char *cause = NULL;
	int rc;

	if (id == 0) {
		cli_error(_("\"%s\" is not a record number"), ctx->argv[1]);
		return EXIT_USAGE;
	}
	if (cli_db(ctx) == NULL)
		return EXIT_DATA;
	if ((rc = db_write(ctx->db, close_write, &id, &cause)) != 0) {
		cli_error("%s", cause != NULL ? cause : sh_strerror(rc));
		free(cause);
		return EXIT_DATA;
	}
	printf(_("Case plan #%u closed\n"), id);
	return EXIT_OK;
}

struct risk_arg {
	uint32_t	 child;
	char		*shown;		/* out */
};

static int
risk_write(struct txn *t, void *arg, char **cause)
{
	struct risk_arg *a = arg;
	struct rec *c;
	int rc;

	if ((rc = safe_get(t, RT_CHILD, a->child, &c, cause)) != 0)
		return rc;
	if ((pa.level != NULL && rec_input(c, CHILD_RISK, pa.level,
	    cause) != 0) || (pa.concerns != NULL && rec_input(c,
	    CHILD_CONCERNS, pa.concerns, cause) != 0) || (pa.reason != NULL &&
	    rec_input(c, CHILD_RISK_REASON, pa.reason, cause) != 0))
		rc = SH_EINVAL;
	else if ((rc = rec_put(t, c, cause)) == 0) {
		free(a->shown);
		a->shown = plan_risk_text(c);
	}
	rec_free(c);
	return rc;
}

/* plan risk CHILD: sets the child's risk level, concerns and reason. */
static int
plan_risk(struct cmdctx *ctx)
{
	struct risk_arg a = { cli_number(ctx->argv[1]), NULL };
	char *cause = NULL;
	int rc;

	if (a.child == 0) {
		cli_error(_("\"%s\" is not a record number"), ctx->argv[1]);
		return EXIT_USAGE;
	}
	if (pa.level == NULL && pa.concerns == NULL && pa.reason == NULL) {
		cli_error("%s", _("plan risk needs --level, --concerns or "
		    "--reason"));
		return EXIT_USAGE;
	}
	if (cli_db(ctx) == NULL)
		return EXIT_DATA;
	if ((rc = db_write(ctx->db, risk_write, &a, &cause)) != 0) {
		cli_error("%s", cause != NULL ? cause : sh_strerror(rc));
		free(cause);
		free(a.shown);
		return EXIT_DATA;
	}
	printf(_("Risk of child #%u: %s\n"), a.child, *a.shown != '\0' ?
	    a.shown : _("not assessed"));
	free(a.shown);
	return EXIT_OK;
}

/* The due goals: "2026-12-01  goal #3  张三 (#12)  the goal  王芳". */
static void
list_due(struct txn *t, const char *day, uint32_t staff, struct buf *b)
{
	struct idlist ids = { 0 };
	struct rec *g, *c, *s;
	size_t i;

	plan_due(t, staff, day, &ids);
	for (i = 0; i < ids.n; i++) {
		if (rec_get(t, RT_GOAL, ids.v[i], &g) != 0)
			continue;
		buf_addf(b, "%s  %s #%-4u ", rec_str(g, GOAL_REVIEW),
		    _("goal"), g->id);
		if (rec_get(t, RT_CHILD, rec_ref(g, GOAL_CHILD), &c) == 0) {
			buf_add_safe(b, rec_title(c), false);
			rec_free(c);
		}
		buf_addf(b, " (#%u)  ", rec_ref(g, GOAL_CHILD));
		buf_add_safe(b, rec_str(g, GOAL_TEXT), false);
		if (rec_get(t, RT_STAFF, rec_ref(g, GOAL_STAFF), &s) == 0) {
			buf_addstr(b, "  ");
			buf_add_safe(b, rec_title(s), false);
			rec_free(s);
		}
		buf_addc(b, '\n');
		rec_free(g);
	}
	if (ids.n == 0)
		buf_addf(b, "%s\n", _("No review is due."));
	idl_free(&ids);
}

/* One plan a line: number, child, aim, status, goals. */
static void
list_plans(struct txn *t, uint32_t child, uint32_t school, struct buf *b)
{
	struct idlist ids = { 0 }, goals = { 0 };
	struct rec_iter it;
	struct rec *p, *c;
	char *s;
	size_t i, n = 0;

	if (child != 0)
		plan_of_child(t, child, &ids);
	else {
		rec_iter_start(t, RT_PLAN, &it);
		while ((p = rec_iter_next(&it)) != NULL) {
			idl_add(&ids, p->id);
			rec_free(p);
		}
		rec_iter_end(&it);
	}
	for (i = 0; i < ids.n; i++) {
		if (rec_get(t, RT_PLAN, ids.v[i], &p) != 0)
			continue;
		if ((!pa.all && strcmp(rec_str(p, PLAN_STATUS), "closed") ==
		    0) || rec_get(t, RT_CHILD, rec_ref(p, PLAN_CHILD), &c) !=
		    0) {
			rec_free(p);
			continue;
		}
		if (school == 0 || rec_ref(c, CHILD_SCHOOL) == school) {
			buf_addf(b, "%5u  ", p->id);
			s = str_safe(rec_title(c), false);
			u_fit(b, s, 10, true);
			free(s);
			buf_addf(b, " #%-5u ", c->id);
			s = str_safe(rec_str(p, PLAN_AIM), false);
			u_fit(b, s, 30, true);
			free(s);
			plan_goals(t, p->id, &goals);
			s = field_display(&p->sc->fields[PLAN_STATUS],
			    rec_str(p, PLAN_STATUS));
			buf_addf(b, "  %s  ", s);
			free(s);
			buf_addf(b, P_("%zu goal", "%zu goals", goals.n),
			    goals.n);
			buf_addc(b, '\n');
			idl_free(&goals);
			n++;
		}
		rec_free(c);
		rec_free(p);
	}
	if (n == 0)
		buf_addf(b, "%s\n", _("No case plan."));
	idl_free(&ids);
}

static int
plan_list(struct cmdctx *ctx)
{
	uint32_t child = 0, school = 0, staff = 0;
	struct buf b = { 0 };
	struct txn t;
	char *day = NULL, *cause = NULL;

	if ((pa.child != NULL && (child = cli_number(pa.child)) == 0) ||
	    (pa.staff != NULL && (staff = cli_number(pa.staff)) == 0)) {
		cli_error(_("\"%s\" is not a record number"),
		    pa.child != NULL && child == 0 ? pa.child : pa.staff);
		return EXIT_USAGE;
	}
	if (pa.date != NULL && field_normalize(&schema_of(RT_GOAL)->fields[
	    GOAL_REVIEW], pa.date, &day, &cause) != 0) {
		cli_error("--date: %s", cause);
		free(cause);
		return EXIT_USAGE;
	}
	if (cli_db(ctx) == NULL || txn_read(ctx->db, &t) != 0) {
		free(day);
		if (ctx->db != NULL)
			cli_error(_("cannot read the database"));
		return EXIT_DATA;
	}
	if (pa.school != NULL &&
	    (school = school_by_name(&t, pa.school)) == 0) {
		txn_end(&t);
		free(day);
		cli_error(_("there is no school named \"%s\""), pa.school);
		return EXIT_DATA;
	}
	if (pa.due)
		list_due(&t, day != NULL ? day : ctx->today, staff, &b);
	else
		list_plans(&t, child, school, &b);
	txn_end(&t);
	fwrite(b.s, 1, b.len, stdout);
	buf_free(&b);
	free(day);
	return EXIT_OK;
}

static int
plan_show(struct cmdctx *ctx)
{
	uint32_t id = cli_number(ctx->argv[1]);
	struct buf b = { 0 };
	struct txn t;
	struct rec *p;
	char *cause = NULL;

	if (id == 0) {
		cli_error(_("\"%s\" is not a record number"), ctx->argv[1]);
		return EXIT_USAGE;
	}
	if (cli_db(ctx) == NULL || txn_read(ctx->db, &t) != 0) {
		if (ctx->db != NULL)
			cli_error(_("cannot read the database"));
		return EXIT_DATA;
	}
	if (safe_get(&t, RT_PLAN, id, &p, &cause) != 0) {
		txn_end(&t);
		cli_error("%s", cause);
		free(cause);
		return EXIT_DATA;
	}
	plan_format(&t, p, ctx->today, &b);
	rec_free(p);
	txn_end(&t);
	fwrite(b.s, 1, b.len, stdout);
	buf_free(&b);
	return EXIT_OK;
}

static int
plan_run(struct cmdctx *ctx)
{
	const char *sub = ctx->argv[0];

	if (strcmp(sub, "add") == 0 && ctx->argc == 1)
		return plan_add(ctx);
	if (strcmp(sub, "list") == 0 && ctx->argc == 1)
		return plan_list(ctx);
	if (strcmp(sub, "show") == 0 && ctx->argc == 2)
		return plan_show(ctx);
	if (strcmp(sub, "goal") == 0 && ctx->argc == 2)
		return plan_goal(ctx);
	if (strcmp(sub, "review") == 0 && ctx->argc == 2)
		return plan_review(ctx);
	if (strcmp(sub, "close") == 0 && ctx->argc == 2)
		return plan_close(ctx);
	if (strcmp(sub, "risk") == 0 && ctx->argc == 2)
		return plan_risk(ctx);
	cli_error("%s", _("plan add, list, show ID, goal PLAN, review GOAL, "
	    "close PLAN or risk CHILD"));
	return EXIT_USAGE;
}

static const struct cmdopt plan_opts[] = {
	{ "child", required_argument, OPT_CHILD, N_("ID"),
	    N_("add: the child; list: only this child's plans") },
	{ "aim", required_argument, OPT_AIM, N_("TEXT"),
	    N_("add: what the plan is for") },
	{ "start", required_argument, OPT_START, N_("DATE"),
	    N_("add: the first day (today when not given)") },
	{ "notes", required_argument, OPT_NOTES, N_("TEXT"),
	    N_("add, review: notes") },
	{ "school", required_argument, OPT_SCHOOL, N_("SCHOOL"),
	    N_("list: only this school's children") },
	{ "all", no_argument, OPT_ALL, NULL,
	    N_("list: closed plans too") },
	{ "due", no_argument, OPT_DUE, NULL,
	    N_("list: the goals whose review is due") },
	{ "staff", required_argument, OPT_STAFF, N_("STAFF"),
	    N_("goal: the staff member responsible, one who may see the "
	    "child; list --due: only hers") },
	{ "date", required_argument, OPT_DATE, N_("DATE"),
	    N_("review: the day of the review (today); list --due: due by "
	    "this day") },
	{ "goal", required_argument, OPT_GOAL, N_("TEXT"),
	    N_("goal: what the child should reach") },
	{ "actions", required_argument, OPT_ACTIONS, N_("TEXT"),
	    N_("goal: what will be done") },
	{ "review", required_argument, OPT_REVIEW, N_("DATE"),
	    N_("goal: when it is reviewed") },
	{ "outcome", required_argument, OPT_OUTCOME, N_("OUTCOME"),
	    N_("review: progress, achieved, unchanged or worse") },
	{ "next", required_argument, OPT_NEXT, N_("DATE"),
	    N_("review: the next review (none: no more reviews)") },
	{ "level", required_argument, OPT_LEVEL, N_("LEVEL"),
	    N_("risk: low, medium or high (低 中 高); \"\" clears it") },
	{ "concerns", required_argument, OPT_CONCERNS, N_("SET"),
	    N_("risk: 情绪 行为 学业 出勤 监护 安全 健康, separated by "
	    "commas") },
	{ "reason", required_argument, OPT_REASON, N_("TEXT"),
	    N_("risk: why (seen only by who may see private fields)") },
	{ NULL, 0, 0, NULL, NULL }
};

const struct cmd cmd_plan = {
	"plan",
	"add --child ID --aim TEXT [--start DATE] [--notes TEXT]\n"
	"       shouhu plan list [--child ID] [--school NAME] [--all]\n"
	"       shouhu plan list --due [--staff STAFF] [--date DATE]\n"
	"       shouhu plan show ID\n"
	"       shouhu plan goal PLAN --goal TEXT --staff STAFF "
	"[--actions TEXT] [--review DATE]\n"
	"       shouhu plan review GOAL --outcome OUTCOME [--date DATE] "
	"[--notes TEXT] [--next DATE]\n"
	"       shouhu plan close PLAN\n"
	"       shouhu plan risk CHILD [--level LEVEL] [--concerns SET] "
	"[--reason TEXT]",
	N_("case plans of key-support children: goals, who is responsible, "
	    "reviews"),
	plan_opts, plan_option, plan_run, 0, 1, 2
};
