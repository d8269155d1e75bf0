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
#include "care.h"
#include "agreement.h"
#include "calltree.h"
#include "codec.h"
#include "due.h"
#include "i18n.h"
#include "index.h"
#include "meeting.h"
#include "model.h"
#include "plan.h"
#include "rec.h"
#include "schema.h"
#include "settings.h"
#include "term.h"
#include "util.h"

static void due_talk(struct due_ctx *);
static void due_visit(struct due_ctx *);
static void due_followup(struct due_ctx *);
static void due_no_mentor(struct due_ctx *);
static void due_no_guardian(struct due_ctx *);
static void due_assess(struct due_ctx *);
static void due_phone(struct due_ctx *);
static void due_drill(struct due_ctx *);
static void due_caseload(struct due_ctx *);
static void due_staff_phone(struct due_ctx *);

/* Every source: one row each (see due.h). */
const struct due_source due_sources[] = {
	{ "talk", N_("talk"), DUE_CHILDREN, due_talk },
	{ "visit", N_("home visit"), DUE_CHILDREN, due_visit },
	{ "followup", N_("follow-up"), DUE_CHILDREN, due_followup },
	{ "no-mentor", N_("no mentor"), DUE_CHILDREN, due_no_mentor },
	{ "no-guardian", N_("no guardian"), DUE_CHILDREN, due_no_guardian },
	{ "assess", N_("assessment"), DUE_CHILDREN, due_assess },
	{ "phone", N_("phone"), DUE_CHILDREN, due_phone },
	{ "drill", N_("drill"), DUE_LEAD, due_drill },
	{ "caseload", N_("caseload"), DUE_LEAD, due_caseload },
	{ "staff-phone", N_("staff phone"), DUE_LEAD, due_staff_phone },
	{ "meeting", N_("meeting"), DUE_LEAD, meeting_due_week },
	{ "attendance", N_("attendance"), DUE_LEAD, meeting_due_attendance },
	{ "review", N_("plan review"), DUE_CHILDREN, plan_review_due },
	{ "agreement", N_("agreement"), DUE_CHILDREN, agreement_due },
};
const size_t due_nsources = nitems(due_sources);

static int
u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Whether a field read with rec_peek() is the flag "1". */
static bool
peek_flag(const char *v, size_t len)
{
	return len == 1 && *v == '1';
}

static bool
sorted_has(const uint32_t *v, size_t n, uint32_t id)
{
	return n > 0 && bsearch(&id, v, n, sizeof *v, u32_cmp) != NULL;
}

/* What is read once for each child in scope. */
struct due_child {
	bool			 key;		/* key support */
	uint32_t		 mentor;	/* staff id, or 0 */
	bool			 guardian;	/* has an entrusted guardian */
	char			 assessed[11];
	bool			 care_read;
	struct care_summary	 care;
	char			 mark[2];	/* risk: "!" high, "+" medium */
	char			*name;		/* made when first asked */
	/* Name, grade and class: in the stored record, read once. */
	const char		*f[3];
	size_t			 len[3];
};

/* A contact and the first child in scope it was found through. */
struct contact_of {
	uint32_t	contact;
	uint32_t	child;
};

static int
contact_of_cmp(const void *a, const void *b)
{
	const struct contact_of *x = a, *y = b;

	if (x->contact != y->contact)
		return x->contact < y->contact ? -1 : 1;
	return x->child < y->child ? -1 : x->child > y->child;
}

/* The contacts of the children in scope, each once, by contact. */
struct due_links {
	struct contact_of	*v;
	size_t			 n;
};

/* The position of a child in scope, or -1. */
static long
child_index(const struct due_ctx *ctx, uint32_t child)
{
	const uint32_t *p;

	if (ctx->nchildren == 0 || (p = bsearch(&child, ctx->children,
	    ctx->nchildren, sizeof *p, u32_cmp)) == NULL)
		return -1;
	return p - ctx->children;
}

bool
due_in_scope(const struct due_ctx *ctx, uint32_t child)
{
	return child_index(ctx, child) >= 0;
}

bool
due_key_support(const struct due_ctx *ctx, uint32_t child)
{
	long i = child_index(ctx, child);

	return i >= 0 && ctx->info[i].key;
}

const char *
due_assessed(const struct due_ctx *ctx, uint32_t child)
{
	long i = child_index(ctx, child);

	return i >= 0 ? ctx->info[i].assessed : "";
}

const struct care_summary *
due_care(struct due_ctx *ctx, uint32_t child)
{
	static struct care_summary none;
	long i = child_index(ctx, child);

	if (i < 0)
		return &none;
	if (!ctx->info[i].care_read) {
		care_summary(ctx->t, child, &ctx->info[i].care);
		ctx->info[i].care_read = true;
	}
	return &ctx->info[i].care;
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
	if (child != 0 && (d = child_index(ctx, child)) >= 0)
		memcpy(it->mark, ctx->info[d].mark, sizeof it->mark);
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

/* "张三 (3年级2班)" from the stored name, grade and class. */
static char *
name_of(const char *const *v, const size_t *len)
{
	struct buf b = { 0 };
	char *grade, *cls, *label;

	buf_add(&b, v[0], len[0]);
	grade = xstrndup(v[1], len[1]);
	cls = xstrndup(v[2], len[2]);
	label = class_label(grade, cls);
	if (*label != '\0') {
		buf_addstr(&b, " (");
		buf_addstr(&b, label);
		buf_addc(&b, ')');
	}
	free(grade);
	free(cls);
	free(label);
	return buf_take(&b);
}

static char *
child_name(struct txn *t, uint32_t child)
{
	static const int f[] = { CHILD_NAME, CHILD_GRADE, CHILD_CLASS };
	const char *v[3];
	size_t len[3];

	if (rec_peek(t, RT_CHILD, child, 3, f, v, len) != 0)
		return xasprintf("#%u", child);
	return name_of(v, len);
}

const char *
due_child_name(struct due_ctx *ctx, uint32_t child)
{
	static char *other;
	long i = child_index(ctx, child);

	if (i < 0) {
		free(other);
		return other = child_name(ctx->t, child);
	}
	if (ctx->info[i].name == NULL)
		ctx->info[i].name = name_of(ctx->info[i].f, ctx->info[i].len);
	return ctx->info[i].name;
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

/*
 * A child who is in school (not left) and whom the login may see, with
 * what the sources read of it; false for any other.
 */
static bool
child_read(struct rec_cursor *kids, uint32_t child, struct due_child *info)
{
	static const int f[] = { CHILD_STATUS, CHILD_KEY_SUPPORT,
	    CHILD_GUARDIANSHIP_DATE, CHILD_NAME, CHILD_GRADE, CHILD_CLASS,
	    CHILD_RISK };
	const char *v[7];
	size_t len[7];

	if (!access_child(child) || rec_peek_at(kids, child, 7, f, v,
	    len) != 0 || !status_active(v[0], len[0]))
		return false;
	memset(info, 0, sizeof *info);
	memcpy(info->f, v + 3, sizeof info->f);
	memcpy(info->len, len + 3, sizeof info->len);
	snprintf(info->mark, sizeof info->mark, "%s",
	    risk_marker_n(v[6], len[6]));
	info->key = peek_flag(v[1], len[1]);
	if (len[2] == 10)
		memcpy(info->assessed, v[2], 10);
	return true;
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
	struct rec_cursor ix, pairs, cur;
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
	rec_cursor_open(ctx->t, RT_CHILD, &cur);
	ctx->info = xcalloc(kids.n > 0 ? kids.n : 1, sizeof *ctx->info);
	for (i = 0; i < kids.n; i++) {
		if (!child_read(&cur, kids.v[i], &ctx->info[in.n]))
			continue;
		idl_add(&in, kids.v[i]);
		/*
		 * The mentees: the children in scope who have a mentor, on
		 * a school's or class's list; her own on a mentor's.
		 */
		ctx->info[in.n - 1].mentor = mentor_of(&ix, &pairs, kids.v[i],
		    ctx->today);
		if (ctx->info[in.n - 1].mentor != 0)
			idl_add(&ment, kids.v[i]);
	}
	rec_cursor_close(&cur);
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
	for (i = 0; i < ctx.nchildren; i++)
		free(ctx.info[i].name);
	free(ctx.info);
	if (ctx.links != NULL)
		free(ctx.links->v);
	free(ctx.links);
	free(ctx.children);
	free(ctx.mentees);
	if (t->err != 0) {
		due_list_free(&ctx.items);
		set_cause(cause, "%s", sh_strerror(t->err));
		return t->err;
	}
	if (ctx.items.n > 1)
		qsort(ctx.items.v, ctx.items.n, sizeof *ctx.items.v, item_cmp);
	*out = ctx.items;
	out->staff = ctx.staff;
	out->school = ctx.school;
	out->term = ctx.term;
	return 0;
}

/*
 * Reads the contact card links of every child in scope, once: whether
 * it has an entrusted guardian, and its contacts (ctx->links).
 */
static void
read_links(struct due_ctx *ctx)
{
	static const int f[] = { LINK_CONTACT, LINK_GUARDIAN };
	struct rec_cursor ix, links;
	struct due_links *l;
	uint32_t ids[16], c;
	const char *v[2];
	size_t len[2], i, j, n, cap = 0;
	int k;

	if (ctx->links != NULL)
		return;
	l = ctx->links = xcalloc(1, sizeof *l);
	rec_cursor_open_ix(ctx->t, &ix);
	rec_cursor_open(ctx->t, RT_LINK, &links);
	for (i = 0; i < ctx->nchildren; i++) {
		c = ctx->children[i];
		n = rec_refs_at(&ix, IX_CHILD_LINK, c, ids, nitems(ids));
		if (n > nitems(ids))
			n = nitems(ids);
		for (j = 0; j < n; j++) {
			if (rec_peek_at(&links, ids[j], 2, f, v, len) != 0 ||
			    len[0] == 0 || len[0] > 10)
				continue;
			if (peek_flag(v[1], len[1]))
				ctx->info[i].guardian = true;
			if (l->n == cap) {
				cap = cap ? cap * 2 : 256;
				l->v = xreallocarray(l->v, cap, sizeof *l->v);
			}
			l->v[l->n].child = c;
			l->v[l->n].contact = 0;
			for (k = 0; k < (int)len[0]; k++)
				l->v[l->n].contact = l->v[l->n].contact * 10 +
				    (uint32_t)(v[0][k] - '0');
			l->n++;
		}
	}
	rec_cursor_close(&links);
	rec_cursor_close(&ix);
	if (l->n > 0)
		qsort(l->v, l->n, sizeof *l->v, contact_of_cmp);
}

long
due_talk_day(const struct settings *set, const struct term *term,
    const char *last, bool key)
{
	long days = key ? set->talk_days_key : set->talk_days;
	long base = date_days(last);

	if (base < 0 || base < date_days(term->start) - days)
		base = date_days(term->start);
	return base + days;
}

/*
 * Mentees not talked with for more than the settings' days (fewer for a
 * key-support child), counted from the last talk or, without one this
 * term, from the term's start.
 */
static void
due_talk(struct due_ctx *ctx)
{
	const struct care_summary *cs;
	size_t i;
	long day;
	char due[11];
	uint32_t c;

	for (i = 0; i < ctx->nmentees; i++) {
		c = ctx->mentees[i];
		cs = due_care(ctx, c);
		day = due_talk_day(&ctx->set, &ctx->term, cs->last[CK_TALK],
		    due_key_support(ctx, c));
		if (day >= ctx->today_days)
			continue;
		date_from_days(day, due);
		if (cs->last[CK_TALK][0] != '\0')
			due_add(ctx, RT_CHILD, c, c, 0, due,
			    _("%s: no talk for %ld days (last on %s)"),
			    due_child_name(ctx, c), ctx->today_days -
			    date_days(cs->last[CK_TALK]), cs->last[CK_TALK]);
		else
			due_add(ctx, RT_CHILD, c, c, 0, due,
			    _("%s: no talk recorded"), due_child_name(ctx, c));
	}
}

/* Mentees without a home visit this term: due by the term's end. */
static void
due_visit(struct due_ctx *ctx)
{
	const struct care_summary *cs;
	size_t i;
	char *term;
	uint32_t c;

	term = term_label(&ctx->term);
	for (i = 0; i < ctx->nmentees; i++) {
		c = ctx->mentees[i];
		cs = due_care(ctx, c);
		if (cs->last[CK_VISIT][0] != '\0' &&
		    strcmp(cs->last[CK_VISIT], ctx->term.start) >= 0)
			continue;
		due_add(ctx, RT_CHILD, c, c, 0, ctx->term.end,
		    _("%s: no home visit in the %s"), due_child_name(ctx, c),
		    term);
	}
	free(term);
}

/* Follow-ups due today or before. */
static void
due_followup(struct due_ctx *ctx)
{
	static const int f = LOG_FOLLOWUP_TEXT;
	const struct care_summary *cs;
	const char *v;
	size_t i, len;
	uint32_t c, e;

	for (i = 0; i < ctx->nchildren; i++) {
		c = ctx->children[i];
		cs = due_care(ctx, c);
		if (cs->followup[0] == '\0' ||
		    strcmp(cs->followup, ctx->today) > 0)
			continue;
		if ((e = cs->followup_entry) != 0 && rec_peek(ctx->t, RT_LOG,
		    e, 1, &f, &v, &len) == 0 && len > 0)
			due_add(ctx, RT_LOG, e, c, 0, cs->followup,
			    _("%s: follow-up due on %s: %.*s"),
			    due_child_name(ctx, c), cs->followup, (int)len, v);
		else
			due_add(ctx, e != 0 ? RT_LOG : RT_CHILD, e != 0 ? e : c,
			    c, 0, cs->followup, _("%s: follow-up due on %s"),
			    due_child_name(ctx, c), cs->followup);
	}
}

static void
due_no_mentor(struct due_ctx *ctx)
{
	size_t i;
	uint32_t c;

	for (i = 0; i < ctx->nchildren; i++) {
		c = ctx->children[i];
		if (!due_is_mentee(ctx, c) && due_key_support(ctx, c))
			due_add(ctx, RT_CHILD, c, c, 0, NULL,
			    _("%s: a key-support child without a mentor"),
			    due_child_name(ctx, c));
	}
}

static void
due_no_guardian(struct due_ctx *ctx)
{
	size_t i;
	uint32_t c;

	read_links(ctx);
	for (i = 0; i < ctx->nchildren; i++) {
		c = ctx->children[i];
		if (!ctx->info[i].guardian)
			due_add(ctx, RT_CHILD, c, c, 0, NULL,
			    _("%s: no entrusted guardian on the contact card"),
			    due_child_name(ctx, c));
	}
}

static void
due_assess(struct due_ctx *ctx)
{
	const char *last;
	size_t i;
	uint32_t c;

	for (i = 0; i < ctx->nchildren; i++) {
		c = ctx->children[i];
		last = ctx->info[i].assessed;
		if (*last != '\0' && strcmp(last, ctx->year_start) >= 0)
			continue;
		if (*last != '\0')
			due_add(ctx, RT_CHILD, c, c, 0, ctx->year_start,
			    _("%s: guardianship not assessed this school "
			    "year (last on %s)"), due_child_name(ctx, c), last);
		else
			due_add(ctx, RT_CHILD, c, c, 0, ctx->year_start,
			    _("%s: guardianship never assessed"),
			    due_child_name(ctx, c));
	}
}

/*
 * One item per contact of the children in scope with a phone that a
 * drill could not reach ("to verify"), or not verified since before the
 * term before this one began (more than a term ago), or never.
 */
static void
due_phone(struct due_ctx *ctx)
{
	int f[3 * CONTACT_PHONES + 1];
	struct rec_cursor contacts;
	const struct contact_of *co;
	struct term prev;
	const char *v[3 * CONTACT_PHONES + 1];
	size_t len[3 * CONTACT_PHONES + 1], i, nco;
	char failed[11], verified[11], *who;
	const char *name;
	int k;

	term_prev(&ctx->set, &ctx->term, &prev);
	f[0] = CONTACT_NAME;
	for (k = 0; k < CONTACT_PHONES; k++) {
		f[1 + 3 * k] = contact_phone_field(k);
		f[2 + 3 * k] = contact_verified_field(k);
		f[3 + 3 * k] = contact_failed_field(k);
	}
	read_links(ctx);
	co = ctx->links->v;
	nco = ctx->links->n;
	rec_cursor_open(ctx->t, RT_CONTACT, &contacts);
	for (i = 0; i < nco; i++) {
		if (i > 0 && co[i].contact == co[i - 1].contact)
			continue;
		if (rec_peek_at(&contacts, co[i].contact, (int)nitems(f), f, v,
		    len) != 0)
			continue;
		/* Any phone that failed; the first phone's verification. */
		failed[0] = verified[0] = '\0';
		for (k = 0; k < CONTACT_PHONES; k++) {
			if (len[1 + 3 * k] == 0)
				continue;
			if (len[3 + 3 * k] == 10 && failed[0] == '\0') {
				memcpy(failed, v[3 + 3 * k], 10);
				failed[10] = '\0';
			}
			if (verified[0] != '\0')
				continue;
			if (len[2 + 3 * k] != 10)
				verified[0] = '-';
			else {
				memcpy(verified, v[2 + 3 * k], 10);
				verified[10] = '\0';
			}
		}
		if (failed[0] == '\0' && (verified[0] == '\0' ||
		    (verified[0] != '-' && strcmp(verified, prev.start) >= 0)))
			continue;
		name = due_child_name(ctx, co[i].child);
		who = xstrndup(v[0], len[0]);
		if (failed[0] != '\0')
			due_add(ctx, RT_CONTACT, co[i].contact, co[i].child, 0,
			    failed, _("%s: %s's phone failed when the call tree "
			    "was run on %s: to verify"), name, who, failed);
		else if (verified[0] == '-')
			due_add(ctx, RT_CONTACT, co[i].contact, co[i].child, 0,
			    ctx->term.start, _("%s: %s's phone was never "
			    "verified"), name, who);
		else
			due_add(ctx, RT_CONTACT, co[i].contact, co[i].child, 0,
			    ctx->term.start, _("%s: %s's phone not verified "
			    "since %s"), name, who, verified);
		free(who);
	}
	rec_cursor_close(&contacts);
}

/* The schools of a school-wide list: its school, or every school. */
static void
lead_schools(struct due_ctx *ctx, struct idlist *out)
{
	struct kv_cursor c;
	bool ok;

	if (ctx->school != 0) {
		idl_add(out, ctx->school);
		return;
	}
	for (ok = kv_first(ctx->t, DBI_SCHOOL, NULL, 0, &c); ok;
	    ok = kv_next(&c))
		if (c.key.mv_size == 4 && access_school_lead(
		    get_u32be(c.key.mv_data)))
			idl_add(out, get_u32be(c.key.mv_data));
	kv_close(&c);
}

static char *
school_title(struct due_ctx *ctx, uint32_t school)
{
	static const int f = SCHOOL_NAME;
	const char *v;
	size_t len;

	if (rec_peek(ctx->t, RT_SCHOOL, school, 1, &f, &v, &len) != 0)
		return xasprintf("#%u", school);
	return xstrndup(v, len);
}

static void
due_drill(struct due_ctx *ctx)
{
	static const int f = DRILL_DATE;
	struct idlist schools = { 0 }, trees = { 0 }, drills = { 0 };
	struct idlist runs = { 0 };
	char last[11] = "", *sname, *term;
	const char *v;
	size_t len, i, j, k;
	uint32_t tree;

	lead_schools(ctx, &schools);
	/* A run for an incident is no drill. */
	ct_activations(ctx->t, &runs);
	term = term_label(&ctx->term);
	for (i = 0; i < schools.n; i++) {
		trees.n = 0;
		last[0] = '\0';
		ix_refs(ctx->t, IX_TREE_SCHOOL, schools.v[i], &trees);
		tree = trees.n > 0 ? trees.v[0] : 0;
		for (j = 0; j < trees.n; j++) {
			drills.n = 0;
			ix_refs(ctx->t, IX_DRILL_TREE, trees.v[j], &drills);
			for (k = 0; k < drills.n; k++)
				if (!idl_has(&runs, drills.v[k]) &&
				    rec_peek(ctx->t, RT_DRILL, drills.v[k], 1,
				    &f, &v, &len) == 0 && len == 10 &&
				    memcmp(v, last, 10) > 0) {
					memcpy(last, v, 10);
					last[10] = '\0';
				}
		}
		if (last[0] != '\0' && strcmp(last, ctx->term.start) >= 0)
			continue;
		sname = school_title(ctx, schools.v[i]);
		if (tree == 0)
			due_add(ctx, RT_SCHOOL, schools.v[i], 0, 0,
			    ctx->term.start, _("%s: no call tree, and no drill "
			    "in the %s"), sname, term);
		else if (last[0] == '\0')
			due_add(ctx, RT_TREE, tree, 0, 0, ctx->term.start,
			    _("%s: the call tree was never drilled"), sname);
		else
			due_add(ctx, RT_TREE, tree, 0, 0, ctx->term.start,
			    _("%s: no call-tree drill in the %s (last on %s)"),
			    sname, term, last);
		free(sname);
	}
	free(term);
	idl_free(&schools);
	idl_free(&trees);
	idl_free(&drills);
	idl_free(&runs);
}

/*
 * Mentors with more mentees than the settings' caseload, counted among
 * the children in scope (a school's: each child's current mentor).
 */
static void
due_caseload(struct due_ctx *ctx)
{
	static const int f = STAFF_NAME;
	uint32_t *m = xcalloc(ctx->nchildren + 1, sizeof *m);
	const char *v;
	size_t len, i, j, n = 0;

	for (i = 0; i < ctx->nchildren; i++)
		if (ctx->info[i].mentor != 0)
			m[n++] = ctx->info[i].mentor;
	qsort(m, n, sizeof *m, u32_cmp);
	for (i = 0; i < n; i = j) {
		for (j = i; j < n && m[j] == m[i]; j++)
			;
		if (j - i <= (size_t)ctx->set.caseload || rec_peek(ctx->t,
		    RT_STAFF, m[i], 1, &f, &v, &len) != 0)
			continue;
		due_add(ctx, RT_STAFF, m[i], 0, m[i], NULL,
		    _("%.*s mentors %zu children, more than %d"), (int)len, v,
		    j - i, ctx->set.caseload);
	}
	free(m);
}

static void
due_staff_phone(struct due_ctx *ctx)
{
	static const int f[] = { STAFF_NAME, STAFF_PHONE };
	struct idlist schools = { 0 }, staff = { 0 };
	const char *v[2];
	size_t len[2], i, j;
	char *who;

	lead_schools(ctx, &schools);
	for (i = 0; i < schools.n; i++) {
		staff.n = 0;
		ix_refs(ctx->t, IX_STAFF_SCHOOL, schools.v[i], &staff);
		for (j = 0; j < staff.n; j++) {
			if (rec_peek(ctx->t, RT_STAFF, staff.v[j], 2, f, v,
			    len) != 0 || len[1] != 0)
				continue;
			who = xstrndup(v[0], len[0]);
			due_add(ctx, RT_STAFF, staff.v[j], 0, staff.v[j], NULL,
			    _("%s has no phone: the call tree cannot reach "
			    "them"), who);
			free(who);
		}
	}
	idl_free(&schools);
	idl_free(&staff);
}
