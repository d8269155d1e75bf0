/*
 * form.c -- the official registration form on paper, and what it
 * requires: see form.h.
 *
 * The page is a table drawn with ASCII rules (dot-matrix printers and
 * GB18030 text have no box-drawing characters that line up), in four
 * parts as on the national form: the child, the family, the
 * guardianship and the school's care, then the blanks for 填表人, 填表日期
 * and 审核人.  Every row is one or two label-value pairs; a label is 14
 * columns, a value as wide as the rest allows, and a value too long
 * for its cell goes on in the lines below it.  The labels are the
 * fields' own (schema.c), so the form says what the screens say.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "calltree-int.h"
#include "form.h"
#include "i18n.h"
#include "model.h"
#include "print.h"
#include "rec.h"
#include "schema.h"
#include "util.h"
#include "validate.h"

#define LABEL_W		14
#define ONE_W		(PRINT_WIDTH - LABEL_W - 7)	/* one pair: 59 */
#define LEFT_W		19				/* two pairs */
#define RIGHT_W		(PRINT_WIDTH - 2 * LABEL_W - LEFT_W - 13)

static const struct {
	const char	*name;
	const char	*label;
} gaps[FG__N] = {
	[FG_ETHNICITY] = { "ethnicity", N_("ethnicity") },
	[FG_IDNUM] = { "id_number", N_("the child's ID number") },
	[FG_HUKOU] = { "household_registration",
	    N_("household registration") },
	[FG_ADDRESS] = { "village", N_("village and group") },
	[FG_LEFT_BEHIND] = { "left_behind", N_("left-behind type") },
	[FG_UNABLE] = { "unable_reason",
	    N_("why the other parent cannot care") },
	[FG_GUARDIANSHIP] = { "guardianship", N_("guardianship grade") },
	[FG_GUARDIAN] = { "guardian", N_("an entrusted guardian") },
	[FG_GUARDIAN_PHONE] = { "guardian_phone",
	    N_("the guardian's phone") },
	[FG_GUARDIAN_ID] = { "guardian_id_number",
	    N_("the guardian's ID number") },
	[FG_PARENT_WORK] = { "parent_workplace",
	    N_("a parent's work place") },
	[FG_INCOME] = { "family_income", N_("family income source") },
};

const char *
form_gap_name(enum form_gap g)
{
	return g < FG__N ? gaps[g].name : "";
}

const char *
form_gap_label(enum form_gap g)
{
	return g < FG__N ? gaps[g].label : "";
}

/* The people of a child's card the form names. */
struct family {
	struct card	 card;
	const struct card_line *who[6];	/* by relation, below */
	const struct card_line *guardian;
};
static const char *const family_rel[6] = { "grandfather", "grandmother",
	"maternal_grandfather", "maternal_grandmother", "father", "mother" };
enum { F_GF, F_GM, F_MGF, F_MGM, F_FATHER, F_MOTHER };

static void
family_load(struct txn *t, uint32_t child, struct family *f)
{
	const struct card_line *cl;
	size_t i;
	int k;

	memset(f, 0, sizeof *f);
	if (child_card(t, child, &f->card) != 0)
		return;
	for (i = 0; i < f->card.n; i++) {
		cl = &f->card.lines[i];
		for (k = 0; k < 6; k++)
			if (f->who[k] == NULL && strcmp(rec_str(cl->link,
			    LINK_RELATION), family_rel[k]) == 0)
				f->who[k] = cl;
		if (f->guardian == NULL && strcmp(rec_str(cl->link,
		    LINK_GUARDIAN), "1") == 0)
			f->guardian = cl;
	}
}

int
form_missing(struct txn *t, uint32_t child, unsigned *out)
{
	struct family f;
	struct rec *c;
	const char *type;
	unsigned g = 0;
	int rc;

	if ((rc = rec_get(t, RT_CHILD, child, &c)) != 0)
		return rc;
	family_load(t, child, &f);
	type = rec_str(c, CHILD_LEFT_BEHIND);
	if (*rec_str(c, CHILD_ETHNICITY) == '\0')
		g |= 1u << FG_ETHNICITY;
	if (*rec_str(c, CHILD_IDNUM) == '\0')
		g |= 1u << FG_IDNUM;
	if (*rec_str(c, CHILD_HUKOU) == '\0')
		g |= 1u << FG_HUKOU;
	if (*rec_str(c, CHILD_VILLAGE) == '\0' ||
	    *rec_str(c, CHILD_GROUP) == '\0')
		g |= 1u << FG_ADDRESS;
	if (*type == '\0')
		g |= 1u << FG_LEFT_BEHIND;
	if (strcmp(type, "one_unable") == 0 &&
	    *rec_str(c, CHILD_UNABLE) == '\0')
		g |= 1u << FG_UNABLE;
	if (*rec_str(c, CHILD_GUARDIANSHIP) == '\0')
		g |= 1u << FG_GUARDIANSHIP;
	if (f.guardian == NULL)
		g |= 1u << FG_GUARDIAN;
	else {
		if (*ct_first_phone(f.guardian->contact) == '\0')
			g |= 1u << FG_GUARDIAN_PHONE;
		if (*rec_str(f.guardian->contact, CONTACT_IDNUM) == '\0')
			g |= 1u << FG_GUARDIAN_ID;
	}
	if (((strcmp(type, "both") == 0 || strcmp(type, "father") == 0) &&
	    (f.who[F_FATHER] == NULL || *rec_str(f.who[F_FATHER]->contact,
	    CONTACT_WORKPLACE) == '\0')) ||
	    ((strcmp(type, "both") == 0 || strcmp(type, "mother") == 0) &&
	    (f.who[F_MOTHER] == NULL || *rec_str(f.who[F_MOTHER]->contact,
	    CONTACT_WORKPLACE) == '\0')))
		g |= 1u << FG_PARENT_WORK;
	if (*rec_str(c, CHILD_FAMILY_INCOME) == '\0')
		g |= 1u << FG_INCOME;
	card_free(&f.card);
	rec_free(c);
	*out = g;
	return 0;
}

/* ---- the page ---- */

static void
rule(struct print_lines *out)
{
	char *r = print_rule('-', PRINT_WIDTH - 2);

	print_lines_addf(out, "+%s+", r);
	free(r);
}

/* A row spanning the table: a part's title. */
static void
part(struct print_lines *out, const char *title)
{
	struct buf b = { 0 };

	rule(out);
	buf_addstr(&b, "| ");
	print_fit(&b, title, PRINT_WIDTH - 4, true);
	buf_addstr(&b, " |");
	print_lines_take(out, &b);
	rule(out);
}

/* Cells of one row: labels and values, each flowed into its width. */
static void
row(struct print_lines *out, int n, const char *const *label,
    const char *const *value)
{
	struct print_lines cell[4] = { { 0 } };
	struct buf b = { 0 };
	int w[4], i;
	size_t k, lines = 1;

	w[0] = w[2] = LABEL_W;
	w[1] = n == 1 ? ONE_W : LEFT_W;
	w[3] = RIGHT_W;
	for (i = 0; i < 2 * n; i++) {
		print_flow_text(&cell[i], i % 2 == 0 ? label[i / 2] :
		    value[i / 2], 0, 0, w[i]);
		if (cell[i].n > lines)
			lines = cell[i].n;
	}
	for (k = 0; k < lines; k++) {
		buf_addc(&b, '|');
		for (i = 0; i < 2 * n; i++) {
			buf_addc(&b, ' ');
			u_fit(&b, k < cell[i].n ? cell[i].v[k] : "", w[i],
			    true);
			buf_addstr(&b, " |");
		}
		print_lines_take(out, &b);
	}
	for (i = 0; i < 4; i++)
		print_lines_free(&cell[i]);
	buf_free(&b);
}

static void
row1(struct print_lines *out, const char *label, const char *value)
{
	row(out, 1, &label, &value);
}

static void
row2(struct print_lines *out, const char *l1, const char *v1, const char *l2,
    const char *v2)
{
	const char *l[2] = { l1, l2 }, *v[2] = { v1, v2 };

	row(out, 2, l, v);
}

/* A field of the child as the form shows it ("***" when private). */
static char *
shown(const struct rec *r, int field)
{
	if (!access_field(r, field))
		return xstrdup(ACCESS_MASK);
	return field_display(&r->sc->fields[field], rec_str(r, field));
}

static const char *
label(const struct rec *r, int field)
{
	return _(r->sc->fields[field].label);
}

/* "name  phone" of a relative, or "". */
static char *
person(const struct card_line *cl, bool workplace)
{
	const struct rec *c;

	if (cl == NULL)
		return xstrdup("");
	c = cl->contact;
	if (workplace && *rec_str(c, CONTACT_WORKPLACE) != '\0')
		return xasprintf(_("%s  working in %s  %s"), rec_str(c,
		    CONTACT_NAME), rec_str(c, CONTACT_WORKPLACE),
		    ct_first_phone(c));
	return xasprintf("%s  %s", rec_str(c, CONTACT_NAME), ct_first_phone(c));
}

static void
part_child(struct txn *t, const struct rec *c, const char *school,
    struct print_lines *out)
{
	char *a, *b, *cl;

	part(out, _("1. The child"));
	a = shown(c, CHILD_SEX);
	row2(out, label(c, CHILD_NAME), rec_str(c, CHILD_NAME),
	    label(c, CHILD_SEX), a);
	free(a);
	row2(out, label(c, CHILD_ETHNICITY), rec_str(c, CHILD_ETHNICITY),
	    label(c, CHILD_BIRTH), rec_str(c, CHILD_BIRTH));
	a = shown(c, CHILD_IDNUM);
	row1(out, label(c, CHILD_IDNUM), a);
	free(a);
	row1(out, label(c, CHILD_HUKOU), rec_str(c, CHILD_HUKOU));
	a = xasprintf("%s%s", rec_str(c, CHILD_VILLAGE), rec_str(c,
	    CHILD_GROUP));
	row1(out, _("Lives at"), a);
	free(a);
	if (!access_field(c, CHILD_HEALTH))
		a = xstrdup(ACCESS_MASK);
	else {
		struct buf h = { 0 };
		char *v;
		int k, f[] = { CHILD_HEALTH, CHILD_DISABILITY,
		    CHILD_DISABILITY_LEVEL, CHILD_HEALTH_NOTE };

		for (k = 0; k < 4; k++) {
			if (*rec_str(c, f[k]) == '\0')
				continue;
			v = shown(c, f[k]);
			buf_addf(&h, "%s%s", h.len > 0 ? "  " : "", v);
			free(v);
		}
		a = h.s != NULL ? buf_take(&h) : xstrdup("");
	}
	row1(out, label(c, CHILD_HEALTH), a);
	free(a);
	a = shown(c, CHILD_BOARDING);
	b = shown(c, CHILD_SCHOOLING);
	row2(out, label(c, CHILD_BOARDING), a, label(c, CHILD_SCHOOLING), b);
	free(a);
	free(b);
	cl = class_label(rec_str(c, CHILD_GRADE), rec_str(c, CHILD_CLASS));
	row2(out, label(c, CHILD_SCHOOL), school, label(c, CHILD_CLASS), cl);
	free(cl);
	(void)t;
}

static void
part_family(const struct rec *c, const struct family *f,
    struct print_lines *out)
{
	char *p[4], *a, *b;
	int k;

	part(out, _("2. The family"));
	for (k = 0; k < 4; k++)
		p[k] = person(f->who[k], false);
	row2(out, choice_label(relation_choices, "grandfather"), p[0],
	    choice_label(relation_choices, "grandmother"), p[1]);
	row2(out, choice_label(relation_choices, "maternal_grandfather"), p[2],
	    choice_label(relation_choices, "maternal_grandmother"), p[3]);
	for (k = 0; k < 4; k++)
		free(p[k]);
	a = person(f->who[F_FATHER], true);
	row1(out, choice_label(relation_choices, "father"), a);
	free(a);
	a = person(f->who[F_MOTHER], true);
	row1(out, choice_label(relation_choices, "mother"), a);
	free(a);
	a = shown(c, CHILD_FAMILY_INCOME);
	b = shown(c, CHILD_AID);
	row2(out, label(c, CHILD_FAMILY_INCOME), a, label(c, CHILD_AID), b);
	free(a);
	free(b);
}

static void
part_guardian(const struct rec *c, const struct family *f,
    struct print_lines *out)
{
	const struct rec *g = f->guardian != NULL ? f->guardian->contact : NULL;
	char *a, *b;

	part(out, _("3. Guardianship"));
	a = shown(c, CHILD_LEFT_BEHIND);
	row1(out, label(c, CHILD_LEFT_BEHIND), a);
	free(a);
	if (!access_field(c, CHILD_UNABLE))
		a = xstrdup(ACCESS_MASK);
	else {
		b = shown(c, CHILD_UNABLE);
		a = xasprintf("%s%s%s", b, *b != '\0' && *rec_str(c,
		    CHILD_UNABLE_NOTE) != '\0' ? "  " : "", rec_str(c,
		    CHILD_UNABLE_NOTE));
		free(b);
	}
	row1(out, _("Other parent"), a);
	free(a);
	a = g == NULL ? xstrdup("") : xasprintf("%s (%s)", rec_str(g,
	    CONTACT_NAME), choice_label(relation_choices,
	    rec_str(f->guardian->link, LINK_RELATION)));
	row2(out, _("Entrusted guardian"), a, _("Phone"),
	    g != NULL ? ct_first_phone(g) : "");
	free(a);
	a = g == NULL ? xstrdup("") : !access_private(c->id) ?
	    xstrdup(ACCESS_MASK) : xstrdup(rec_str(g, CONTACT_IDNUM));
	row1(out, _("Guardian's ID number"), a);
	free(a);
	row1(out, _("Guardian's address"), g != NULL ? rec_str(g,
	    CONTACT_ADDRESS) : "");
	a = shown(c, CHILD_GUARDIANSHIP);
	row2(out, label(c, CHILD_GUARDIANSHIP), a,
	    label(c, CHILD_GUARDIANSHIP_DATE), rec_str(c,
	    CHILD_GUARDIANSHIP_DATE));
	free(a);
}

static void
part_care(struct txn *t, const struct rec *c, const char *today,
    struct print_lines *out)
{
	struct rec *pair, *st;
	char *m = NULL, *k;

	part(out, _("4. The school's care"));
	if ((pair = child_mentor_pair(t, c->id, today)) != NULL) {
		if (rec_get(t, RT_STAFF, rec_ref(pair, PAIR_STAFF), &st) == 0) {
			m = xasprintf("%s  %s", rec_str(st, STAFF_NAME),
			    rec_str(st, STAFF_PHONE));
			rec_free(st);
		}
		rec_free(pair);
	}
	k = shown(c, CHILD_KEY_SUPPORT);
	row2(out, _("Mentor"), m != NULL ? m : "", label(c, CHILD_KEY_SUPPORT),
	    k);
	free(k);
	free(m);
	rule(out);
}

static void
child_page(struct txn *t, const struct rec *c, const char *school,
    const char *today, int page, int pages, struct print_doc *doc)
{
	struct print_lines *out = &doc->lines;
	struct family f;
	char *s, *r;
	int pad;

	print_doc_page(doc);
	s = xstrdup(_("Registration form of a rural left-behind child"));
	pad = (PRINT_WIDTH - u_width(s)) / 2;
	print_lines_addf(out, "%*s%s", pad > 0 ? pad : 0, "", s);
	free(s);
	print_lines_add(out, xstrdup(""));
	s = xasprintf("%s: %s", label(c, CHILD_SCHOOL), school);
	r = xasprintf(_("No. %u   page %d/%d"), c->id, page, pages);
	print_lines_add(out, print_two_sided(s, r, PRINT_WIDTH));
	free(s);
	free(r);
	family_load(t, c->id, &f);
	part_child(t, c, school, out);
	part_family(c, &f, out);
	part_guardian(c, &f, out);
	part_care(t, c, today, out);
	card_free(&f.card);
	print_lines_add(out, xstrdup(""));
	print_lines_add(out, xstrdup(""));
	print_lines_add(out, xstrdup(_("Filled in by: ______________   "
	    "Date: ______________   Checked by: ______________")));
}

int
form_print(struct db *db, const struct idlist *ids,
    const struct print_opts *o, struct print_doc *doc, char **cause)
{
	struct rec *c, *s;
	struct txn t;
	char day[11], *school = NULL, *title;
	uint32_t sid = 0;
	size_t i;
	int rc, lines = o->page_lines > 0 ? o->page_lines : PRINT_LINES;

	if (o->date != NULL)
		snprintf(day, sizeof day, "%s", o->date);
	else
		date_today(day);
	if ((rc = txn_read(db, &t)) != 0) {
		set_cause(cause, _("cannot read the database"));
		return rc;
	}
	print_doc_init(doc, "", PRINT_WIDTH, lines < PRINT_LINES ? PRINT_LINES :
	    lines);
	for (i = 0; i < ids->n; i++) {
		if (rec_get(&t, RT_CHILD, ids->v[i], &c) != 0)
			continue;
		if (school == NULL || rec_ref(c, CHILD_SCHOOL) != sid) {
			free(school);
			sid = rec_ref(c, CHILD_SCHOOL);
			school = NULL;
			if (rec_get(&t, RT_SCHOOL, sid, &s) == 0) {
				school = xstrdup(rec_str(s, SCHOOL_NAME));
				rec_free(s);
			} else
				school = xstrdup("");
			if (*doc->title == '\0') {
				title = print_title(school,
				    _("registration forms"), day);
				free(doc->title);
				doc->title = title;
			}
		}
		child_page(&t, c, school, day, (int)i + 1, (int)ids->n, doc);
		rec_free(c);
	}
	txn_end(&t);
	free(school);
	return 0;
}

/* Ids of a class or school in class and pinyin order, visible ones. */
int
form_select(struct db *db, uint32_t child, uint32_t school, const char *grade,
    const char *cls, struct idlist *out, char **cause)
{
	struct child_row *rows = NULL;
	struct idlist ids = { 0 };
	struct txn t;
	size_t i, n = 0;
	char today[11];
	int rc;

	date_today(today);
	if ((rc = txn_read(db, &t)) != 0) {
		set_cause(cause, _("cannot read the database"));
		return rc;
	}
	if (child != 0)
		idl_add(&ids, child);
	else
		children_of_class(&t, school, grade, cls, &ids);
	rows = xcalloc(ids.n + 1, sizeof *rows);
	for (i = 0; i < ids.n; i++) {
		if (child_row_load(&t, ids.v[i], today, 0, &rows[n]) != 0)
			continue;
		if (child_active(rows[n].child) || child != 0)
			n++;
		else
			child_row_free(&rows[n]);
	}
	txn_end(&t);
	child_rows_sort(rows, n);
	for (i = 0; i < n; i++) {
		idl_add(out, rows[i].child->id);
		child_row_free(&rows[i]);
	}
	free(rows);
	if (out->n == 0) {
		if (child != 0)
			set_cause(cause, _("%s may not see child #%u, or there "
			    "is none"), db->user, child);
		else
			set_cause(cause, "%s", _("there are no children in "
			    "school there"));
		rc = SH_ENOTFOUND;
	}
	idl_free(&ids);
	return rc;
}
