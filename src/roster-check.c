/*
 * roster-check.c -- each row of a roster read, normalised and checked,
 * without the database: the kind's check() (see sheet.h), whose good
 * rows are spooled for roster-apply.c.
 *
 * Every cell goes through its field (field_normalize()); damaged text
 * (锟斤拷) is named as such.  Grade and class may come in one cell
 * ("三年级2班", "3-2", "三(2)班").  The ID number gives the sex and the
 * birth date when they are missing, and must agree with them.  In the
 * official form's columns of categories, "无", "/", "-" and "——" are an
 * empty cell.  A row of at most two cells without a name, sex, birth
 * date or ID number is a note under the table ("填表人：张三") and is
 * skipped with a warning.
 *
 * 现居住地 "柳树村3组15号": the group is the first number followed by 组,
 * 社 or 队 (a 第 before it included), together with what follows it
 * (the house number stays with the group: "3组15号"); the village is what
 * comes before.  Without a group, all of it is the village.  The export
 * writes village and group together again, so the split is the same.
 *
 * The people of a row: a guardian who is also the father or mother
 * (监护人关系 父亲, or the parent's name and no other relation) is one
 * person: the parent, marked as the entrusted guardian and first in the
 * call order.
 *
 * A child twice in one roster is an error: the same ID number, or the
 * same name, birth date and school where nothing tells the two apart
 * (no different ID numbers, classes, fathers or mothers).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "i18n.h"
#include "model.h"
#include "rec.h"
#include "roster-int.h"
#include "schema.h"
#include "util.h"
#include "validate.h"


void
rowvals_free(struct rowvals *rv)
{
	int c;

	for (c = 0; c < COL__N; c++)
		free(rv->v[c]);
	free(rv->village);
	free(rv->group);
	memset(rv, 0, sizeof *rv);
}

static const char *
skip_back_numeral(const char *start, const char *p)
{
	static const char *const zh[] = {
		"〇", "零", "一", "二", "三", "四", "五", "六", "七", "八", "九",
		"十"
	};
	size_t i;
	bool more = true;

	while (more) {
		more = false;
		if (p > start && p[-1] >= '0' && p[-1] <= '9') {
			p--;
			more = true;
			continue;
		}
		for (i = 0; i < nitems(zh) && !more; i++) {
			if (p - start >= 3 && memcmp(p - 3, zh[i], 3) == 0) {
				p -= 3;
				more = true;
			}
		}
	}
	return p;
}

/* Splits 现居住地 (already trimmed, halfwidth); see the top of the file. */
static void
split_address(const char *s, char **village, char **group)
{
	static const char *const units[] = { "组", "社", "队" };
	const char *p, *num;
	size_t i;

	for (p = s; *p != '\0'; p++) {
		for (i = 0; i < nitems(units); i++) {
			if (strncmp(p, units[i], 3) != 0)
				continue;
			num = skip_back_numeral(s, p);
			if (num == p)
				continue;
			if (num - s >= 3 && memcmp(num - 3, "第", 3) == 0)
				num -= 3;
			*village = xstrndup(s, (size_t)(num - s));
			*group = xstrdup(num);
			return;
		}
	}
	*village = xstrdup(s);
	*group = xstrdup("");
}

static void
report_damaged(struct imp *im, enum col c, const char *raw)
{
	const unsigned char *p;

	/* Control characters (Esc …) are no encoding's fault. */
	for (p = (const unsigned char *)raw; *p != '\0'; p++)
		if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') ||
		    *p == 0x7f || (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)) {
			sheet_report_cell(im->sh, true, c, raw, _("control "
			    "characters (such as Esc) that are no text: "
			    "remove them in the spreadsheet"));
			return;
		}
	sheet_report_cell(im->sh, true, c, raw, _("damaged text, from a wrong "
	    "conversion between encodings (like 锟斤拷): correct it in the "
	    "spreadsheet"));
}

/* An empty normal form is no value: NULL. */
static void
empty_to_null(char **s)
{
	if (*s != NULL && **s == '\0') {
		free(*s);
		*s = NULL;
	}
}

/*
 * Normalises a cell through its field; reports a bad value (as damaged
 * text when it is).  Returns 0 with *out (NULL for an empty cell) or -1.
 */
static int
norm_cell(struct imp *im, enum col c, const char *raw,
    char **out)
{
	char *reason = NULL;

	*out = NULL;
	/* '=... is how an export keeps a cell from being a formula. */
	if (raw[0] == '\'' && raw[1] != '\0' && strchr("=+-@", raw[1]))
		raw++;
	if (field_normalize(col_field(c), raw, out, &reason) != 0) {
		if (sheet_damaged(raw))
			report_damaged(im, c, raw);
		else
			sheet_report_cell(im->sh, true, c, raw, reason != NULL ?
			    reason : _("invalid value"));
		free(reason);
		return -1;
	}
	empty_to_null(out);
	return 0;
}

/* 现居住地: village and group, each through its field. */
static int
norm_address(struct imp *im, const char *raw,
    struct rowvals *rv)
{
	const struct schema *sc = schema_of(RT_CHILD);
	char *h = str_halfwidth(raw), *t = str_trim(h), *v = NULL, *g = NULL;
	char *reason = NULL, *msg;
	int rc = 0, i;
	const int fields[2] = { CHILD_VILLAGE, CHILD_GROUP };
	char **outs[2] = { &rv->village, &rv->group };
	char *parts[2];

	free(h);
	split_address(t, &v, &g);
	parts[0] = v;
	parts[1] = g;
	for (i = 0; i < 2 && rc == 0; i++) {
		if (field_normalize(&sc->fields[fields[i]], parts[i], outs[i],
		    &reason) != 0) {
			msg = xasprintf("%s: %s", _(sc->fields[fields[i]].label),
			    reason);
			sheet_report_cell(im->sh, true, COL_ADDRESS, raw, msg);
			free(msg);
			free(reason);
			reason = NULL;
			rc = -1;
		} else
			empty_to_null(outs[i]);
	}
	free(v);
	free(g);
	free(t);
	return rc;
}

/*
 * Grade and class: each in its column, or both in one ("三年级2班",
 * "3-2", "三(2)班") in either column when the other is empty, or
 * "三年级2班" in 班级 beside 三年级 in 年级.
 */
static int
norm_grade_class(struct imp *im, const struct sheet_row *row,
    struct rowvals *rv)
{
	const char *g = sheet_cell(im->sh, row, COL_GRADE), *k = sheet_cell(im->sh, row, COL_CLASS);
	char *pg = NULL, *pk = NULL, *why = NULL, *why2 = NULL;
	int rc = 0;

	if (sheet_cell_empty(g) != sheet_cell_empty(k) &&
	    class_parse(sheet_cell_empty(g) ? k : g, &pg, &pk, &why) == 0) {
		rv->v[COL_GRADE] = pg;
		rv->v[COL_CLASS] = pk;
		return 0;
	}
	free(why);
	why = NULL;
	if (norm_cell(im, COL_GRADE, g, &rv->v[COL_GRADE]) != 0)
		rc = -1;
	if (field_normalize(col_field(COL_CLASS), k, &rv->v[COL_CLASS],
	    &why) == 0) {
		empty_to_null(&rv->v[COL_CLASS]);
		return rc;
	}
	if (rv->v[COL_GRADE] != NULL && class_parse(k, &pg, &pk,
	    &why2) == 0 && strcmp(pg, rv->v[COL_GRADE]) == 0) {
		rv->v[COL_CLASS] = pk;
		free(pg);
		free(why);
		return rc;
	}
	free(pg);
	free(pk);
	free(why2);
	if (sheet_damaged(k))
		report_damaged(im, COL_CLASS, k);
	else
		sheet_report_cell(im->sh, true, COL_CLASS, k, why != NULL ? why :
		    _("invalid value"));
	free(why);
	return -1;
}

static int
required(struct imp *im, struct rowvals *rv, enum col c)
{
	if (rv->v[c] != NULL)
		return 0;
	sheet_report(im->sh, true, _("%s is empty, but it is required"),
	    sheet_hdr(im->sh, c));
	return -1;
}

/* The person of a role, from its columns. */
static void
person_of(struct rowvals *rv, enum role role, struct person *p)
{
	memset(p, 0, sizeof *p);
	p->role = role;
	p->cname = role_col(role, CONTACT_NAME);
	p->cwork = role_col(role, CONTACT_WORKPLACE);
	p->cphone = role_col(role, CONTACT_PHONE1);
	p->name = rv->v[p->cname];
	p->work = p->cwork != COL__N ? rv->v[p->cwork] : NULL;
	p->phone = p->cphone != COL__N ? rv->v[p->cphone] : NULL;
	p->relation = role_relation[role] != NULL ? role_relation[role] :
	    rv->v[COL_GUARDIAN_RELATION];
	p->relation_given = p->relation != NULL;
	if (p->relation == NULL)
		p->relation = "other";
}

static bool
same_str(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* A person's name or phone given without the name. */
static int
person_alone(struct imp *im, bool quiet, const struct rowvals *rv,
    const struct person *p)
{
	if (p->name != NULL)
		return 0;
	if (p->phone != NULL) {
		if (!quiet)
			sheet_report(im->sh, true, _("%s is given, but not %s"),
			    sheet_hdr(im->sh, p->cphone), sheet_hdr(im->sh, p->cname));
		return -1;
	}
	if (p->work != NULL && !quiet)
		sheet_report(im->sh, false, _("%s is given, but not %s: no "
		    "contact is made (the work place still counts for the "
		    "left-behind type)"), sheet_hdr(im->sh, p->cwork), sheet_hdr(im->sh, p->cname));
	return 0;
}

/*
 * Whether the guardian g is the parent par: by the relation, or by the
 * same name when no other relation is given.  -1 when the row
 * contradicts itself (reported).
 */
static int
guardian_is(struct imp *im, bool quiet, const struct rowvals *rv,
    const struct person *g, const struct person *par)
{
	const char *rel = rv->v[COL_GUARDIAN_RELATION];
	bool by_relation = same_str(rel, par->relation);
	bool by_name = same_str(g->name, par->name);

	if (g->name == NULL || (!by_relation && !by_name))
		return 0;
	if (by_relation && par->name != NULL && !by_name) {
		if (!quiet)
			sheet_report(im->sh, true, _("%s is \"%s\", but %s is "
			    "\"%s\", not \"%s\""), sheet_hdr(im->sh,
			    COL_GUARDIAN_RELATION), choice_find(
			    relation_choices, rel)->zh, sheet_hdr(im->sh, par->cname),
			    par->name, g->name);
		return -1;
	}
	/* A grandmother named like the mother: the relation says two... */
	if (by_name && rel != NULL && !by_relation &&
	    strcmp(rel, "other") != 0) {
		/* ...but not with one phone number: nobody could tell. */
		if (same_str(g->phone, par->phone)) {
			if (!quiet)
				sheet_report(im->sh, true, _("%s and %s are both "
				    "\"%s\" with the same phone, but %s is "
				    "\"%s\""), sheet_hdr(im->sh, COL_GUARDIAN_NAME),
				    sheet_hdr(im->sh, par->cname), g->name,
				    sheet_hdr(im->sh, COL_GUARDIAN_RELATION), choice_find(
				    relation_choices, rel)->zh);
			return -1;
		}
		return 0;
	}
	return 1;
}

/*
 * The people of a row, in the call order of a new card: the entrusted
 * guardian, the father, the mother.  A guardian who is a parent is
 * merged into the parent (a different phone of theirs kept as a second
 * number).  Also derives the left-behind type from the work places.
 */
int
row_people(struct imp *im, bool quiet, struct rowvals *rv)
{
	struct person g, par[ROLE__N - ROLE_FATHER];
	int c, i, is, bad = 0, n = ROLE__N - ROLE_FATHER;

	person_of(rv, ROLE_GUARDIAN, &g);
	for (i = 0; i < n; i++)
		person_of(rv, ROLE_FATHER + i, &par[i]);
	if (person_alone(im, quiet, rv, &g) != 0)
		bad++;
	for (i = 0; i < n; i++)
		if (person_alone(im, quiet, rv, &par[i]) != 0)
			bad++;
	if (same_str(par[0].name, par[1].name) &&
	    (par[0].phone == NULL || par[1].phone == NULL ||
	    strcmp(par[0].phone, par[1].phone) == 0)) {
		if (!quiet)
			sheet_report(im->sh, true, _("%s and %s name the "
			    "same person"), sheet_hdr(im->sh, COL_FATHER_NAME),
			    sheet_hdr(im->sh, COL_MOTHER_NAME));
		bad++;
	}
	for (i = 0; i < n && g.name != NULL; i++) {
		if ((is = guardian_is(im, quiet, rv, &g, &par[i])) < 0) {
			bad++;
			break;
		}
		if (is == 0)
			continue;
		par[i].name = g.name;
		if (par[i].phone == NULL)
			par[i].phone = g.phone;
		else if (g.phone != NULL && strcmp(g.phone, par[i].phone) != 0)
			par[i].phone2 = g.phone;
		par[i].guardian = true;
		g.name = NULL;
	}
	g.guardian = g.name != NULL;
	rv->names_guardian = g.guardian;
	for (i = 0; i < n; i++)
		rv->names_guardian |= par[i].guardian;
	for (c = COL__FIXED; c < roster_ncol && !rv->names_guardian; c++)
		if (columns[c].role == ROLE_GUARDIAN && rv->v[c] != NULL) {
			if (!quiet)
				sheet_report(im->sh, true, _("%s is given, but "
				    "not %s"), sheet_hdr(im->sh, c),
				    sheet_hdr(im->sh, COL_GUARDIAN_NAME));
			bad++;
		}
	rv->np = 0;
	for (i = 0; i < n; i++)
		if (par[i].guardian)
			rv->p[rv->np++] = par[i];
	if (g.guardian)
		rv->p[rv->np++] = g;
	for (i = 0; i < n; i++)
		if (par[i].name != NULL && !par[i].guardian)
			rv->p[rv->np++] = par[i];
	/* The type when given; else as the work places say. */
	if ((c = field_col(RT_CHILD, CHILD_LEFT_BEHIND)) >= 0 &&
	    rv->v[c] != NULL)
		rv->lbtype = NULL;
	else if (rv->v[COL_FATHER_WORK] != NULL &&
	    rv->v[COL_MOTHER_WORK] != NULL)
		rv->lbtype = "both";
	else if (rv->v[COL_FATHER_WORK] != NULL)
		rv->lbtype = "father";
	else if (rv->v[COL_MOTHER_WORK] != NULL)
		rv->lbtype = "mother";
	return bad > 0 ? -1 : 0;
}

/* Sex and birth date from the ID number, and whether they agree. */
static int
row_idnum(struct imp *im, struct rowvals *rv)
{
	char birth[11], *why = NULL;
	const char *id = rv->v[COL_IDNUM];

	if (id == NULL)
		return 0;
	if (rv->v[COL_BIRTH] == NULL) {
		idnum_birth(id, birth);
		if (*birth != '\0')
			rv->v[COL_BIRTH] = xstrdup(birth);
	}
	if (rv->v[COL_SEX] == NULL && *idnum_sex(id) != '\0')
		rv->v[COL_SEX] = xstrdup(idnum_sex(id));
	if (val_idnum_matches(id, rv->v[COL_BIRTH], rv->v[COL_SEX],
	    &why) != 0) {
		sheet_report_cell(im->sh, true, COL_IDNUM, id, why);
		free(why);
		return -1;
	}
	return 0;
}

/*
 * A row that is no child's: a note under the table ("填表人：张三",
 * "合计：56人").  At most two cells, none of them the sex, birth date or
 * ID number, and no name in 姓名 (a child's row that lacks the rest is
 * an error, not a note).
 */
static bool
note_row(const struct imp *im, const struct sheet_row *row)
{
	size_t i, filled = 0;
	char *out = NULL, *why = NULL;
	bool named;

	if (!sheet_cell_empty(sheet_cell(im->sh, row, COL_SEX)) ||
	    !sheet_cell_empty(sheet_cell(im->sh, row, COL_BIRTH)) ||
	    !sheet_cell_empty(sheet_cell(im->sh, row, COL_IDNUM)))
		return false;
	for (i = 0; i < row->nf; i++)
		if (!sheet_cell_empty(row->f[i]))
			filled++;
	if (filled > 2)
		return false;
	named = !sheet_cell_empty(sheet_cell(im->sh, row, COL_NAME)) &&
	    val_name(sheet_cell(im->sh, row, COL_NAME), &out, &why) == 0;
	free(out);
	free(why);
	return !named;
}

/* A hash of a value, 0 when there is none. */
static uint64_t
value_key(int kind, const char *a, const char *b)
{
	if (a == NULL && b == NULL)
		return 0;
	return hash_end(hash_str(hash_str(hash_start(kind), a), b));
}

/*
 * Whether two rows of the same name, birth date and school are one
 * child: unless they give different ID numbers, classes, fathers or
 * mothers (twins of a name are not rare in a county's 100,000).
 */
static bool
same_kid(const struct kidkey *a, const struct kidkey *b)
{
	return !((a->id && b->id && a->id != b->id) ||
	    (a->cls && b->cls && a->cls != b->cls) ||
	    (a->father && b->father && a->father != b->father) ||
	    (a->mother && b->mother && a->mother != b->mother));
}

/* A child seen twice in the file: by ID number, or by name and birth. */
static int
row_duplicate(struct imp *im, struct rowvals *rv)
{
	struct kidkey k;
	uint64_t kid = 0, kname;
	uint32_t prev, i;

	if (rv->row > UINT32_MAX)
		return 0;
	if (rv->v[COL_IDNUM] != NULL) {
		kid = value_key('i', rv->v[COL_IDNUM], NULL);
		if ((prev = hm_get(&im->keys, kid)) != 0) {
			sheet_report(im->sh, true, _("the same child as in "
			    "row %u (the same ID number)"), prev);
			return -1;
		}
	}
	memset(&k, 0, sizeof k);
	k.row = (uint32_t)rv->row;
	k.id = kid;
	k.cls = value_key('k', rv->v[COL_GRADE], rv->v[COL_CLASS]);
	k.father = value_key('f', rv->v[COL_FATHER_NAME], NULL);
	k.mother = value_key('m', rv->v[COL_MOTHER_NAME], NULL);
	kname = hash_end(hash_str(hash_str(hash_str(hash_start('n'),
	    rv->v[COL_NAME]), rv->v[COL_BIRTH]), rv->school));
	k.next = hm_get(&im->keys, kname);
	for (i = k.next; i != 0; i = im->kids[i - 1].next) {
		if (same_kid(&im->kids[i - 1], &k)) {
			sheet_report(im->sh, true, _("the same child as in row "
			    "%u (the same name, birth date and school, and "
			    "nothing tells them apart)"), im->kids[i - 1].row);
			return -1;
		}
	}
	if (kid != 0)
		hm_put(&im->keys, kid, k.row);
	if (im->nkids == im->capkids) {
		im->capkids = im->capkids ? im->capkids * 2 : 1024;
		im->kids = xreallocarray(im->kids, im->capkids,
		    sizeof *im->kids);
	}
	im->kids[im->nkids++] = k;
	hm_put(&im->keys, kname, (uint32_t)im->nkids);
	return 0;
}

/* Every cell through its field; *bad counts the cells refused. */
/*
 * What a school writes for none in the official form's columns of
 * categories (残疾类别, 残疾等级, 受助情况, 无监护能力原因): "无", "/",
 * "-" or "——" alone, read as an empty cell.
 */
static bool
none_cell(enum col c, const char *raw)
{
	static const int fields[] = { CHILD_DISABILITY,
	    CHILD_DISABILITY_LEVEL, CHILD_AID, CHILD_UNABLE };
	static const char *const none[] = { "无", "/", "-", "——" };
	char *h, *t;
	size_t i;
	bool yes = false;

	if (columns[c].rt != RT_CHILD)
		return false;
	for (i = 0; i < nitems(fields) && columns[c].field != fields[i]; i++)
		;
	if (i == nitems(fields))
		return false;
	h = str_halfwidth(raw);
	t = str_trim(h);
	for (i = 0; i < nitems(none) && !yes; i++)
		yes = strcmp(t, none[i]) == 0;
	free(t);
	free(h);
	return yes;
}

static void
row_cells(struct imp *im, const struct sheet_row *row, struct rowvals *rv,
    bool *badcol, int *bad)
{
	const char *raw;
	enum ftype ft;
	int c;

	for (c = 0; c < roster_ncol; c++) {
		raw = sheet_cell(im->sh, row, c);
		if (sheet_cell_empty(raw) || none_cell(c, raw))
			continue;
		/*
		 * Free text and names would store damaged text; the other
		 * fields refuse it anyway, and norm_cell() then says why.
		 */
		ft = col_field(c)->type;
		if ((ft == FT_TEXT || ft == FT_NAME) && sheet_damaged(raw)) {
			report_damaged(im, c, raw);
			badcol[c] = true;
			continue;
		}
		if (c == COL_GRADE || c == COL_CLASS)
			continue;
		if (c == COL_ADDRESS)
			badcol[c] = norm_address(im, raw, rv) != 0;
		else
			badcol[c] = norm_cell(im, c, raw,
			    &rv->v[c]) != 0;
	}
	if (!badcol[COL_GRADE] && !badcol[COL_CLASS] &&
	    norm_grade_class(im, row, rv) != 0)
		badcol[COL_GRADE] = badcol[COL_CLASS] = true;
	for (c = 0; c < roster_ncol; c++)
		if (badcol[c])
			(*bad)++;
}

/*
 * Normalises and checks a row, reporting its problems.  Returns SHEET_ROW_OK
 * with *rv filled, SHEET_ROW_BAD or SHEET_ROW_SKIP; free *rv with rowvals_free() in
 * every case.
 */
static int
row_check(struct imp *im, const struct sheet_row *row, struct rowvals *rv)
{
	bool badcol[COL__N] = { false };
	int c, bad = 0;

	memset(rv, 0, sizeof *rv);
	rv->row = row->row;
	if (note_row(im, row)) {
		char *v = sheet_shown(sheet_first_cell(row));

		sheet_report(im->sh, false, _("\"%s\" is not a child's row "
		    "(a note?) and is skipped"), v);
		free(v);
		return SHEET_ROW_SKIP;
	}
	if (sheet_row_width(im->sh, row) != 0)
		return SHEET_ROW_BAD;
	row_cells(im, row, rv, badcol, &bad);
	rv->school = rv->v[COL_SCHOOL] != NULL ? rv->v[COL_SCHOOL] :
	    im->school;
	if (im->school != NULL && rv->v[COL_SCHOOL] != NULL &&
	    strcmp(im->school, rv->v[COL_SCHOOL]) != 0) {
		sheet_report(im->sh, true, im->o->screens ? _("%s \"%s\" is "
		    "not the school chosen for the rows (%s)") : _("%s \"%s\" "
		    "is not the school given with --school (%s)"),
		    sheet_hdr(im->sh, COL_SCHOOL), rv->v[COL_SCHOOL],
		    im->school);
		bad++;
	}
	if (!badcol[COL_IDNUM] && !badcol[COL_BIRTH] && !badcol[COL_SEX] &&
	    row_idnum(im, rv) != 0)
		bad++;
	for (c = 0; c < roster_ncol; c++)
		if ((roster_cols[c].flags & SHEET_REQUIRED) &&
		    !badcol[c] && (c != COL_SCHOOL || rv->school == NULL) &&
		    required(im, rv, c) != 0)
			bad++;
	if (row_people(im, false, rv) != 0)
		bad++;
	if (bad == 0 && row_duplicate(im, rv) != 0)
		bad++;
	return bad > 0 ? SHEET_ROW_BAD : SHEET_ROW_OK;
}
/*
 * The kind's check(): a good row's values go to the spool as the
 * column's normal forms, the village and the group (codec.h strings, ""
 * for none).
 */
int
roster_check_row(struct sheet *sh, const struct sheet_row *row, void *arg,
    char **cause)
{
	struct imp *im = arg;
	struct rowvals rv;
	int c, rc;

	if ((rc = row_check(im, row, &rv)) == SHEET_ROW_OK) {
		buf_reset(&im->vals);
		for (c = 0; c < roster_ncol; c++)
			wr_str(&im->vals, rv.v[c] != NULL ? rv.v[c] : "");
		wr_str(&im->vals, rv.village != NULL ? rv.village : "");
		wr_str(&im->vals, rv.group != NULL ? rv.group : "");
		if (sheet_spool(sh, &im->vals, cause) != 0)
			rc = SH_EDB;
	}
	rowvals_free(&rv);
	return rc;
}
