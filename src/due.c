/*
 * due.c -- the worklist: who and which children it is about, the table
 * of sources, and the sources made from the records every database has
 * (mentors, guardians, assessments, phones, drills, caseloads, staff
 * phones).  See due.h for adding a source.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "codec.h"
#include "due.h"
#include "i18n.h"
#include "index.h"
#include "model.h"
#include "rec.h"
#include "schema.h"
#include "settings.h"
#include "term.h"
#include "util.h"

static void due_no_mentor(struct due_ctx *);
static void due_no_guardian(struct due_ctx *);
static void due_assess(struct due_ctx *);
static void due_phone(struct due_ctx *);
static void due_drill(struct due_ctx *);
static void due_caseload(struct due_ctx *);
static void due_staff_phone(struct due_ctx *);

/* Every source: one row each (see due.h). */
const struct due_source due_sources[] = {
	{ "no-mentor", N_("no mentor"), DUE_CHILDREN, due_no_mentor },
	{ "no-guardian", N_("no guardian"), DUE_CHILDREN, due_no_guardian },
	{ "assess", N_("assessment"), DUE_CHILDREN, due_assess },
	{ "phone", N_("phone"), DUE_CHILDREN, due_phone },
	{ "drill", N_("drill"), DUE_LEAD, due_drill },
	{ "caseload", N_("caseload"), DUE_LEAD, due_caseload },
	{ "staff-phone", N_("staff phone"), DUE_LEAD, due_staff_phone },
};
const size_t due_nsources = nitems(due_sources);

static int
u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static bool
sorted_has(const uint32_t *v, size_t n, uint32_t id)
{
	return n > 0 && bsearch(&id, v, n, sizeof *v, u32_cmp) != NULL;
}

bool
due_in_scope(const struct due_ctx *ctx, uint32_t child)
{
	return sorted_has(ctx->children, ctx->nchildren, child);
}

bool
due_is_mentee(const struct due_ctx *ctx, uint32_t child)
{
	return sorted_has(ctx->mentees, ctx->nmentees, child);
}

void
due_add(struct due_ctx *ctx, enum rtype type, uint32_t id, uint32_t child,
    uint32_t staff, const char *due, const char *fmt, ...)
{
	struct due_list *l = &ctx->items;
	struct due_item *it;
	va_list ap;
	long d;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	it = &l->v[l->n++];
	memset(it, 0, sizeof *it);
	it->what = ctx->src->what;
	it->label = ctx->src->label;
	it->type = type;
	it->id = id;
	it->child = child;
	it->staff = staff;
	if (due == NULL || *due == '\0' || (d = date_days(due)) < 0) {
		memcpy(it->due, ctx->today, 11);
		it->overdue = 0;
	} else {
		memcpy(it->due, due, 11);
		it->overdue = ctx->today_days - d;
	}
	va_start(ap, fmt);
	it->text = xvasprintf(fmt, ap);
	va_end(ap);
}

char *
due_child_name(struct due_ctx *ctx, uint32_t child)
{
	static const int f[] = { CHILD_NAME, CHILD_GRADE, CHILD_CLASS };
	const char *v[3];
	size_t len[3];
	char *name, *grade, *cls, *label, *s;

	if (rec_peek(ctx->t, RT_CHILD, child, 3, f, v, len) != 0)
		return xasprintf("#%u", child);
	name = xstrndup(v[0], len[0]);
	grade = xstrndup(v[1], len[1]);
	cls = xstrndup(v[2], len[2]);
	label = class_label(grade, cls);
	s = *label != '\0' ? xasprintf("%s (%s)", name, label) :
	    xstrdup(name);
	free(name);
	free(grade);
	free(cls);
	free(label);
	return s;
}

void
due_list_free(struct due_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].text);
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* Most overdue first; then by kind, child and text. */
static int
item_cmp(const void *a, const void *b)
{
	const struct due_item *x = a, *y = b;
	int c;

	if (x->overdue != y->overdue)
		return x->overdue > y->overdue ? -1 : 1;
	if ((c = strcmp(x->what, y->what)) != 0)
		return c;
	if (x->child != y->child)
		return x->child < y->child ? -1 : 1;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return strcmp(x->text, y->text);
}

/* A child who is in school (not left) and whom the login may see. */
static bool
child_ok(struct txn *t, uint32_t child)
{
	static const int sf = CHILD_STATUS;
	const char *st;
	size_t len;

	return access_child(child) && rec_peek(t, RT_CHILD, child, 1, &sf,
	    &st, &len) == 0 && status_active(st, len);
}

/* Every child id of the database. */
static void
all_children(struct txn *t, struct idlist *out)
{
	struct kv_cursor c;
	bool ok;

	for (ok = kv_first(t, DBI_CHILD, NULL, 0, &c); ok; ok = kv_next(&c))
		if (c.key.mv_size == 4)
			idl_add(out, get_u32be(c.key.mv_data));
	kv_close(&c);
}

/* The staff member of a child's current mentoring pair, or 0. */
static uint32_t
mentor_of(struct rec_cursor *ix, struct rec_cursor *pairs,
    uint32_t child, const char *today)
{
	static const int f[] = { PAIR_STAFF, PAIR_SINCE, PAIR_UNTIL };
	uint32_t ids[8], staff = 0;
	const char *v[3];
	size_t len[3], n, i, k;
	char since[11] = "", best[11] = "";

	n = rec_refs_at(ix, IX_CHILD_PAIR, child, ids, nitems(ids));
	if (n > nitems(ids))
		n = nitems(ids);
	for (i = 0; i < n; i++) {
		if (rec_peek_at(pairs, ids[i], 3, f, v, len) != 0 ||
		    len[1] != 10)
			continue;
		memcpy(since, v[1], 10);
		since[10] = '\0';
		if (strcmp(since, today) > 0 || (len[2] == 10 &&
		    memcmp(v[2], today, 10) < 0))
			continue;
		if (strcmp(since, best) >= 0) {
			memcpy(best, since, 11);
			staff = 0;
			for (k = 0; k < len[0] && k < 10; k++)
				staff = staff * 10 + (uint32_t)(v[0][k] - '0');
		}
	}
	return staff;
}

/* The parsed options, and the ids of the scope. */
static int
make_scope(struct due_ctx *ctx, const struct due_opts *o, char **cause)
{
	struct idlist kids = { 0 }, in = { 0 }, ment = { 0 };
	struct rec_cursor ix, pairs;
	struct rec *s = NULL;
	uint32_t staff = o->staff, school = o->school;
	const char *grade, *cls;
	size_t i;

	if (staff == 0 && school == 0)
		staff = access_staff();
	if (staff != 0) {
		if (rec_get(ctx->t, RT_STAFF, staff, &s) != 0) {
			set_cause(cause, _("there is no staff member #%u"),
			    staff);
			return SH_ENOTFOUND;
		}
		if (access_enforced() && staff != access_staff() &&
		    !access_school_lead(rec_ref(s, STAFF_SCHOOL))) {
			set_cause(cause, _("%s may not see the worklist of %s"),
			    ctx->t->db->user, rec_title(s));
			rec_free(s);
			return SH_EPERM;
		}
		ctx->staff = staff;
		ctx->roles = 0;
		if (strstr(rec_str(s, STAFF_ROLES), "principal") != NULL)
			ctx->roles |= AR_PRINCIPAL;
		if (strstr(rec_str(s, STAFF_ROLES), "leader") != NULL)
			ctx->roles |= AR_LEADER;
		if (strstr(rec_str(s, STAFF_ROLES), "village_teacher") != NULL)
			ctx->roles |= AR_VILLAGE;
		if (strstr(rec_str(s, STAFF_ROLES), "administrator") != NULL)
			ctx->roles |= AR_ADMIN;
		school = rec_ref(s, STAFF_SCHOOL);
		/* Her mentees, her class, her school. */
		staff_mentees(ctx->t, staff, ctx->today, &kids);
		grade = rec_str(s, STAFF_GRADE);
		cls = rec_str(s, STAFF_CLASS);
		if (*grade != '\0' && *cls != '\0' && school != 0)
			children_of_class(ctx->t, school, grade, cls, &kids);
		if (ctx->roles & AR_ADMIN) {
				ctx->lead = true;
			school = 0;
			all_children(ctx->t, &kids);
		} else if (ctx->roles & (AR_PRINCIPAL | AR_LEADER |
		    AR_VILLAGE)) {
				ctx->lead = (ctx->roles & (AR_PRINCIPAL | AR_LEADER))
			    != 0;
			children_of_class(ctx->t, school, NULL, NULL, &kids);
		}
		rec_free(s);
	} else if (school != 0) {
		ctx->lead = !access_enforced() || access_school_lead(school);
		children_of_class(ctx->t, school, NULL, NULL, &kids);
	} else {
		/* A login without a staff member: all it may see. */
		ctx->lead = access_admin();
		all_children(ctx->t, &kids);
	}
	ctx->school = school;
	idl_uniq(&kids);

	rec_cursor_open_ix(ctx->t, &ix);
	rec_cursor_open(ctx->t, RT_PAIR, &pairs);
	for (i = 0; i < kids.n; i++) {
		if (!child_ok(ctx->t, kids.v[i]))
			continue;
		idl_add(&in, kids.v[i]);
		/*
		 * The mentees: the children in scope who have a mentor, on
		 * a school's or class's list; her own on a mentor's.
		 */
		if (mentor_of(&ix, &pairs, kids.v[i], ctx->today) != 0)
			idl_add(&ment, kids.v[i]);
	}
	rec_cursor_close(&pairs);
	rec_cursor_close(&ix);
	ctx->children = in.v;
	ctx->nchildren = in.n;
	ctx->mentees = ment.v;
	ctx->nmentees = ment.n;
	idl_free(&kids);
	return 0;
}

int
due_make(struct txn *t, const struct due_opts *o, struct due_list *out,
    char **cause)
{
	struct due_ctx ctx;
	size_t i;
	int rc;

	memset(&ctx, 0, sizeof ctx);
	memset(out, 0, sizeof *out);
	ctx.t = t;
	memcpy(ctx.today, o->today, 11);
	if ((ctx.today_days = date_days(ctx.today)) < 0) {
		set_cause(cause, _("\"%s\" is not a date"), o->today);
		return SH_EINVAL;
	}
	settings_read(t, &ctx.set);
	term_at(&ctx.set, ctx.today, &ctx.term);
	school_year_at(&ctx.set, ctx.today, ctx.year_start);
	if ((rc = make_scope(&ctx, o, cause)) != 0)
		return rc;
	for (i = 0; i < due_nsources; i++) {
		if (due_sources[i].scope == DUE_LEAD && !ctx.lead)
			continue;
		ctx.src = &due_sources[i];
		due_sources[i].fn(&ctx);
	}
	free(ctx.children);
	free(ctx.mentees);
	if (t->err != 0) {
		due_list_free(&ctx.items);
		set_cause(cause, "%s", sh_strerror(t->err));
		return t->err;
	}
	qsort(ctx.items.v, ctx.items.n, sizeof *ctx.items.v, item_cmp);
	*out = ctx.items;
	return 0;
}

static void
due_no_mentor(struct due_ctx *ctx)
{
	(void)ctx;
}

static void
due_no_guardian(struct due_ctx *ctx)
{
	(void)ctx;
}

static void
due_assess(struct due_ctx *ctx)
{
	(void)ctx;
}

static void
due_phone(struct due_ctx *ctx)
{
	(void)ctx;
}

static void
due_drill(struct due_ctx *ctx)
{
	(void)ctx;
}

static void
due_caseload(struct due_ctx *ctx)
{
	(void)ctx;
}

static void
due_staff_phone(struct due_ctx *ctx)
{
	(void)ctx;
}
