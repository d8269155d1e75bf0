/*
 * agreement.c -- the safety agreements (安全责任书): see agreement.h.
 *
 * The agreement's text is the program's own: what the guardian and the
 * school each undertake, as a rural school's agreement for a
 * left-behind child says them.  The page is laid out in display
 * columns through print.c, one agreement a page.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "agreement.h"
#include "due.h"
#include "i18n.h"
#include "model.h"
#include "print.h"
#include "rec.h"
#include "schema.h"
#include "settings.h"
#include "term.h"
#include "util.h"
#include "validate.h"

bool
paper_term_valid(const char *s)
{
	struct term t;
	char key[TERM_KEYLEN];

	if (term_parse(NULL, s, &t, NULL) != 0)
		return false;
	term_key(&t, key);
	return strcmp(key, s) == 0;
}

int
paper_term(struct db *db, const char *in, const char *today, char key[16],
    char **cause)
{
	struct settings set;
	struct term term;
	struct txn t;

	settings_defaults(&set);
	if (txn_read(db, &t) == 0) {
		(void)settings_read(&t, &set);
		txn_end(&t);
	}
	if (in != NULL) {
		if (term_parse(&set, in, &term, cause) != 0)
			return -1;
	} else if (term_at(&set, today, &term) != 0) {
		set_cause(cause, _("\"%s\" is not a date"), today);
		return -1;
	}
	term_key(&term, key);
	return 0;
}

char *
paper_term_label(const char *key)
{
	struct term t;

	if (term_parse(NULL, key, &t, NULL) != 0)
		return xstrdup(key);
	return term_label(&t);
}

uint32_t
only_school(struct txn *t)
{
	struct rec_iter it;
	struct rec *r;
	uint32_t id = 0;
	size_t n = 0;

	rec_iter_start(t, RT_SCHOOL, &it);
	while (n < 2 && (r = rec_iter_next(&it)) != NULL) {
		if (n++ == 0)
			id = r->id;
		rec_free(r);
	}
	rec_iter_end(&it);
	return n == 1 ? id : 0;
}

bool
agr_signed(const struct agr_row *r)
{
	return strcmp(r->status, "signed") == 0;
}

/* The guardian: the entrusted guardian, else the first contact. */
static void
row_guardian(struct txn *t, struct agr_row *row)
{
	struct card card;
	const struct card_line *cl = NULL;
	const struct choice *rel;
	size_t i;
	int k;

	row->relation = "";
	if (child_card(t, row->child, &card) == 0) {
		for (i = 0; i < card.n && cl == NULL; i++)
			if (strcmp(rec_str(card.lines[i].link, LINK_GUARDIAN),
			    "1") == 0)
				cl = &card.lines[i];
		if (cl == NULL && card.n > 0)
			cl = &card.lines[0];
	}
	if (cl != NULL) {
		row->contact = cl->contact->id;
		row->guardian = xstrdup(rec_str(cl->contact, CONTACT_NAME));
		rel = choice_find(relation_choices, rec_str(cl->link,
		    LINK_RELATION));
		row->relation = rel != NULL ? rel->key : "";
		for (k = 0; k < CONTACT_PHONES && row->phone == NULL; k++)
			if (*rec_str(cl->contact, contact_phone_field(k)) !=
			    '\0')
				row->phone = xstrdup(rec_str(cl->contact,
				    contact_phone_field(k)));
	}
	card_free(&card);
	if (row->guardian == NULL)
		row->guardian = xstrdup("");
	if (row->phone == NULL)
		row->phone = xstrdup("");
}

/* The child's agreement for term, or NULL. */
static struct rec *
agreement_find(struct txn *t, uint32_t child, const char *term)
{
	struct idlist ids = { 0 };
	struct rec *r, *found = NULL;
	size_t i;

	ix_refs(t, IX_AGREEMENT_CHILD, child, &ids);
	for (i = 0; i < ids.n && found == NULL; i++) {
		if (rec_get(t, RT_AGREEMENT, ids.v[i], &r) != 0)
			continue;
		if (strcmp(rec_str(r, AGREEMENT_TERM), term) == 0)
			found = r;
		else
			rec_free(r);
	}
	idl_free(&ids);
	return found;
}

int
agreement_rows(struct db *db, uint32_t school, const char *grade,
    const char *cls, const char *term, struct agr_rows *out, char **cause)
{
	struct idlist ids = { 0 };
	struct child_row *cr = NULL;
	struct agr_row *row;
	struct rec *a;
	struct txn t;
	size_t n = 0, i;
	char today[11];
	int rc;

	memset(out, 0, sizeof *out);
	date_today(today);
	if ((rc = txn_read(db, &t)) != 0) {
		set_cause(cause, "%s", _("cannot read the database"));
		return rc;
	}
	if (rec_get(&t, RT_SCHOOL, school, &a) == 0) {
		out->school = xstrdup(rec_str(a, SCHOOL_NAME));
		rec_free(a);
	} else
		out->school = xstrdup("");
	children_of_class(&t, school, grade, cls, &ids);
	cr = xcalloc(ids.n + 1, sizeof *cr);
	for (i = 0; i < ids.n; i++) {
		if (!access_child(ids.v[i]) ||
		    child_row_load(&t, ids.v[i], today, 0, &cr[n]) != 0)
			continue;
		if (child_active(cr[n].child))
			n++;
		else
			child_row_free(&cr[n]);
	}
	child_rows_sort(cr, n);
	out->v = xcalloc(n + 1, sizeof *out->v);
	for (i = 0; i < n; i++) {
		row = &out->v[out->n++];
		row->child = cr[i].child->id;
		row->school = out->school;
		row->name = xstrdup(rec_str(cr[i].child, CHILD_NAME));
		row->grade = xstrdup(rec_str(cr[i].child, CHILD_GRADE));
		row->cls = xstrdup(rec_str(cr[i].child, CHILD_CLASS));
		row_guardian(&t, row);
		if ((a = agreement_find(&t, row->child, term)) != NULL) {
			row->id = a->id;
			row->version = a->version;
			snprintf(row->status, sizeof row->status, "%s",
			    rec_str(a, AGREEMENT_STATUS));
			snprintf(row->date, sizeof row->date, "%s",
			    rec_str(a, AGREEMENT_DATE));
			rec_free(a);
		}
		child_row_free(&cr[i]);
	}
	free(cr);
	idl_free(&ids);
	rc = t.err;
	txn_end(&t);
	if (rc != 0) {
		agr_rows_free(out);
		set_cause(cause, "%s", sh_strerror(rc));
	}
	return rc;
}

void
agr_rows_free(struct agr_rows *rows)
{
	size_t i;

	for (i = 0; i < rows->n; i++) {
		free(rows->v[i].name);
		free(rows->v[i].grade);
		free(rows->v[i].cls);
		free(rows->v[i].guardian);
		free(rows->v[i].phone);
	}
	free(rows->v);
	free(rows->school);
	memset(rows, 0, sizeof *rows);
}

struct record_args {
	const uint32_t	*children;
	size_t		 n;
	const char	*term;
	const char	*status;
	const char	*date;
	size_t		 changed;
};

static int
record_one(struct txn *t, struct record_args *a, uint32_t child,
    char **cause)
{
	struct agr_row row;
	struct rec *c = NULL, *r;
	int rc;

	if (!rec_exists(t, RT_CHILD, child)) {
		set_cause(cause, _("there is no child #%u"), child);
		return SH_ENOTFOUND;
	}
	if (rec_get(t, RT_CHILD, child, &c) != 0 ||
	    !access_child_write(child)) {
		if (c != NULL)
			rec_free(c);
		set_cause(cause, _("%s may not change child #%u"),
		    t->db->user, child);
		return SH_EPERM;
	}
	if (!child_active(c)) {
		set_cause(cause, _("%s (#%u) has left the school"),
		    rec_str(c, CHILD_NAME), child);
		rec_free(c);
		return SH_EINVAL;
	}
	rec_free(c);
	if ((r = agreement_find(t, child, a->term)) == NULL) {
		r = rec_new(RT_AGREEMENT);
		rec_set_ref(r, AGREEMENT_CHILD, child);
		rec_set(r, AGREEMENT_TERM, a->term);
	}
	if (*rec_str(r, AGREEMENT_CONTACT) == '\0' ||
	    !rec_exists(t, RT_CONTACT, rec_ref(r, AGREEMENT_CONTACT))) {
		memset(&row, 0, sizeof row);
		row.child = child;
		row_guardian(t, &row);
		rec_set_ref(r, AGREEMENT_CONTACT, row.contact);
		free(row.guardian);
		free(row.phone);
	}
	if (strcmp(rec_str(r, AGREEMENT_STATUS), a->status) == 0 &&
	    strcmp(rec_str(r, AGREEMENT_DATE), a->date) == 0 && r->id != 0) {
		rec_free(r);
		return 0;
	}
	rec_set(r, AGREEMENT_STATUS, a->status);
	rec_set(r, AGREEMENT_DATE, a->date);
	rc = rec_put(t, r, cause);
	rec_free(r);
	if (rc == 0)
		a->changed++;
	return rc;
}

static int
record_write(struct txn *t, void *arg, char **cause)
{
	struct record_args *a = arg;
	size_t i;
	int rc;

	a->changed = 0;
	for (i = 0; i < a->n; i++)
		if ((rc = record_one(t, a, a->children[i], cause)) != 0)
			return rc;
	return 0;
}

int
agreement_record(struct db *db, const uint32_t *children, size_t n,
    const char *term, const char *status, const char *date,
    size_t *changed, char **cause)
{
	struct record_args a = { children, n, term, status, date, 0 };
	int rc;

	*changed = 0;
	if (!paper_term_valid(term)) {
		set_cause(cause, _("\"%s\" is not a term (for example "
		    "2026-autumn or 2027-spring)"), term);
		return SH_EINVAL;
	}
	rc = db_write(db, record_write, &a, cause);
	if (rc == 0)
		*changed = a.changed;
	return rc;
}

int
paper_child_delete(struct txn *t, uint32_t child, char **cause)
{
	struct idlist l = { 0 };
	size_t i;
	int rc = 0;

	ix_refs(t, IX_AID_CHILD, child, &l);
	if (l.n > 0) {
		set_cause(cause, P_("the child has %zu aid record: mark the "
		    "child as left instead", "the child has %zu aid records: "
		    "mark the child as left instead", l.n), l.n);
		idl_free(&l);
		return SH_EINUSE;
	}
	ix_refs(t, IX_AGREEMENT_CHILD, child, &l);
	for (i = 0; i < l.n && rc == 0; i++)
		rc = rec_del(t, RT_AGREEMENT, l.v[i], 0, cause);
	idl_free(&l);
	return rc;
}

/*
 * The worklist's source: a child in scope without a signed agreement for
 * the term of the day, due two weeks into the term.
 */
#define AGREEMENT_DUE_DAYS 14

void
agreement_due(struct due_ctx *ctx)
{
	static const int f[] = { AGREEMENT_TERM, AGREEMENT_STATUS };
	struct rec_cursor ix, recs;
	uint32_t ids[16], c;
	const char *v[2];
	size_t len[2], i, j, n;
	char key[TERM_KEYLEN], due[11], *tl;
	const char *name;
	bool found;

	date_from_days(date_days(ctx->term.start) + AGREEMENT_DUE_DAYS, due);
	if (strcmp(ctx->today, due) < 0)
		return;
	term_key(&ctx->term, key);
	tl = term_label(&ctx->term);
	rec_cursor_open_ix(ctx->t, &ix);
	rec_cursor_open(ctx->t, RT_AGREEMENT, &recs);
	for (i = 0; i < ctx->nchildren; i++) {
		c = ctx->children[i];
		n = rec_refs_at(&ix, IX_AGREEMENT_CHILD, c, ids, nitems(ids));
		if (n > nitems(ids))
			n = nitems(ids);
		for (j = 0, found = false; j < n && !found; j++)
			found = rec_peek_at(&recs, ids[j], 2, f, v, len) == 0 &&
			    len[0] == strlen(key) &&
			    memcmp(v[0], key, len[0]) == 0 &&
			    len[1] == 6 && memcmp(v[1], "signed", 6) == 0;
		if (found)
			continue;
		name = due_child_name(ctx, c);
		due_add(ctx, RT_CHILD, c, c, 0, due,
		    _("%s: no signed safety agreement for the %s"), name, tl);
	}
	rec_cursor_close(&recs);
	rec_cursor_close(&ix);
	free(tl);
}

/* ---- the printed agreement ---- */

static const char *const guardian_duties[] = {
	N_("Look after the child at home and on the way to and from school; "
	    "never leave the child alone, or with someone who cannot look "
	    "after a child."),
	N_("Keep the child away from ponds, rivers and reservoirs, fire, "
	    "electricity, busy roads and other dangers; never let the child "
	    "swim without an adult."),
	N_("Send the child to school on time every school day, and tell the "
	    "class teacher the same day when the child is ill or stays "
	    "away."),
	N_("Keep the phones the school knows working and answer its calls; "
	    "tell the school at once when a number changes or someone else "
	    "takes over the care of the child."),
	N_("Keep in touch with the parents working away, and see that they "
	    "speak with the child at least once a week."),
	N_("Come to parents' meetings, welcome the teachers' home visits, and "
	    "tell the school of anything that troubles the child."),
};

static const char *const school_duties[] = {
	N_("Look after the child's safety at school, and teach the children "
	    "about water, traffic, fire, food and strangers."),
	N_("Give the child a mentor who talks with the child and visits the "
	    "family."),
	N_("Call the guardian the same day when the child is missing from "
	    "school, ill or hurt."),
	N_("Keep the family's information confidential and use it only to "
	    "look after the child."),
};

/* Punctuation a Chinese line may not begin with. */
static bool
no_line_start(const char *s)
{
	static const char *const marks[] = { "，", "。", "、", "；", "：",
	    "！", "？", "）", "”", "』", "」" };
	size_t i;

	for (i = 0; i < nitems(marks); i++)
		if (strncmp(s, marks[i], strlen(marks[i])) == 0)
			return true;
	return false;
}

/*
 * Text in lines of at most width columns: at spaces when it has any
 * (English), else at any character, keeping a closing mark with the
 * character before it (Chinese).
 */
static void
flow(struct print_lines *out, const char *text, int width)
{
	struct buf b = { 0 };
	const char *p = text, *line = text, *prev = NULL, *q;
	char *carry;
	uint32_t cp;
	int used = 0, w, n;

	if (strchr(text, ' ') != NULL) {
		print_flow_text(out, text, 0, 0, width);
		return;
	}
	while (*p != '\0') {
		if ((n = u8_decode(p, strlen(p), &cp)) <= 0)
			n = 1, cp = '?';
		w = u_cpwidth(cp);
		if (used + w > width && p > line) {
			q = p;
			if (no_line_start(p) && prev != NULL && prev > line)
				q = prev;
			buf_add(&b, line, (size_t)(q - line));
			print_lines_take(out, &b);
			line = q;
			carry = xstrndup(line, (size_t)(p - line));
			used = u_width(carry);
			free(carry);
		}
		prev = p;
		p += n;
		used += w;
	}
	if (p > line) {
		buf_add(&b, line, (size_t)(p - line));
		print_lines_take(out, &b);
	}
	buf_free(&b);
}

/* A numbered paragraph: "1. " and the text flowed under it. */
static void
duty_lines(struct print_lines *out, int no, const char *text, int width)
{
	struct print_lines tmp = { 0 };
	char *first;
	size_t i;

	flow(&tmp, text, width - 5);
	for (i = 0; i < tmp.n; i++) {
		if (i == 0) {
			first = xasprintf("  %d. %s", no, tmp.v[i]);
			print_lines_add(out, first);
		} else
			print_lines_addf(out, "     %s", tmp.v[i]);
	}
	print_lines_free(&tmp);
}

static void
centred(struct print_lines *out, const char *s, int width)
{
	int w = u_width(s), pad = w < width ? (width - w) / 2 : 0;

	print_lines_addf(out, "%*s%s", pad, "", s);
}

/* A field and its value, or a blank to fill in by hand. */
static char *
filled(const char *label, const char *value, int blank)
{
	if (*value != '\0')
		return xasprintf("%s%s", label, value);
	return xasprintf("%s%.*s", label, blank,
	    "________________________________________");
}

static void
agreement_page(const struct agr_row *row, const char *school,
    const char *term, const char *date, int width, struct print_lines *out)
{
	char *segs[3], *s, *cl, *tl;
	size_t i;

	tl = paper_term_label(term);
	centred(out, _("Safety agreement for a left-behind child"), width);
	centred(out, tl, width);
	print_lines_add(out, xstrdup(""));
	segs[0] = filled(_("School: "), school, 20);
	segs[1] = filled(_("Term: "), tl, 12);
	print_flow(out, segs, 2, "    ", 0, 0, width);
	free(segs[0]);
	free(segs[1]);
	cl = class_label(row->grade, row->cls);
	segs[0] = filled(_("Child: "), row->name, 12);
	segs[1] = filled(_("Class: "), cl, 12);
	print_flow(out, segs, 2, "    ", 0, 0, width);
	free(segs[0]);
	free(segs[1]);
	free(cl);
	segs[0] = filled(_("Guardian: "), row->guardian, 12);
	segs[1] = filled(_("Relation: "), *row->relation != '\0' ?
	    choice_label(relation_choices, row->relation) : "", 8);
	segs[2] = filled(_("Phone: "), row->phone, 14);
	print_flow(out, segs, 3, "    ", 0, 0, width);
	for (i = 0; i < 3; i++)
		free(segs[i]);
	print_lines_add(out, xstrdup(""));
	s = xasprintf(_("To keep %s safe at school, on the way and at home, "
	    "the school and the guardian agree on the following for the %s."),
	    row->name, tl);
	flow(out, s, width);
	free(s);
	print_lines_add(out, xstrdup(""));
	print_lines_add(out, xstrdup(_("I. The guardian undertakes to:")));
	for (i = 0; i < nitems(guardian_duties); i++)
		duty_lines(out, (int)i + 1, _(guardian_duties[i]), width);
	print_lines_add(out, xstrdup(""));
	print_lines_add(out, xstrdup(_("II. The school undertakes to:")));
	for (i = 0; i < nitems(school_duties); i++)
		duty_lines(out, (int)i + 1, _(school_duties[i]), width);
	print_lines_add(out, xstrdup(""));
	flow(out, _("This agreement holds for the term named above. It is "
	    "made out twice: the school and the guardian keep one each."),
	    width);
	print_lines_add(out, xstrdup(""));
	print_lines_add(out, xstrdup(""));
	print_lines_add(out, print_two_sided(_("Guardian (signature): "
	    "______________"), _("Date: ________"), width));
	print_lines_add(out, xstrdup(""));
	s = xasprintf(_("Date: %s"), date != NULL ? date : "________");
	print_lines_add(out, print_two_sided(_("For the school (signature "
	    "and seal): ______________"), s, width));
	free(s);
	free(tl);
}

struct agr_head {
	const char	*school;
	int		 width;
};

static void
agreement_head(struct print_lines *out, int page, int pages, void *arg)
{
	const struct agr_head *h = arg;
	char *right = xasprintf(_("page %d/%d"), page, pages);

	print_lines_add(out, print_two_sided(h->school, right, h->width));
	print_lines_add(out, xstrdup(""));
	free(right);
}

int
agreement_print(struct db *db, uint32_t school, const char *grade,
    const char *cls, const char *term, const struct print_opts *o,
    struct print_doc *doc, char **cause)
{
	struct print_lines body = { 0 };
	struct agr_rows rows;
	struct agr_head h;
	struct txn t;
	struct rec *s;
	bool *brk = NULL;
	size_t i, start;
	int width, rc;
	int page_lines;
	char *title, *cl, *name, *tl, *what;

	print_page_size(o, &width, &page_lines);
	if ((rc = txn_read(db, &t)) != 0) {
		set_cause(cause, "%s", _("cannot read the database"));
		return rc;
	}
	rc = rec_get(&t, RT_SCHOOL, school, &s);
	txn_end(&t);
	if (rc != 0) {
		set_cause(cause, _("there is no school #%u"), school);
		return rc;
	}
	name = xstrdup(rec_str(s, SCHOOL_NAME));
	rec_free(s);
	if ((rc = agreement_rows(db, school, grade, cls, term, &rows,
	    cause)) != 0) {
		free(name);
		return rc;
	}
	if (rows.n == 0) {
		free(name);
		agr_rows_free(&rows);
		set_cause(cause, "%s", _("there are no children in school "
		    "there"));
		return SH_ENOTFOUND;
	}
	for (i = 0; i < rows.n; i++) {
		start = body.n;
		agreement_page(&rows.v[i], name, term, o->date, width, &body);
		brk = xreallocarray(brk, body.n + 1, sizeof *brk);
		memset(brk + start, 0, (body.n + 1 - start) * sizeof *brk);
		brk[start] = true;
	}
	cl = grade != NULL ? class_label(grade, cls != NULL ? cls : "") :
	    xstrdup("");
	tl = paper_term_label(term);
	what = xasprintf(_("%s safety agreements, %s"), cl, tl);
	title = print_title(name, what, o->date);
	free(what);
	free(tl);
	print_doc_init(doc, title, width, page_lines);
	h.school = name;
	h.width = width;
	print_paginate(doc, body.v, body.n, brk, page_lines - 2,
	    agreement_head, &h);
	free(title);
	free(cl);
	free(brk);
	free(name);
	print_lines_free(&body);
	agr_rows_free(&rows);
	return 0;
}
