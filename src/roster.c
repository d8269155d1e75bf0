/*
 * roster.c -- see roster.h: the roster's columns, the course of an
 * import and its summary.  roster-int.h says where the rest is.
 *
 * The columns.  Two tables side by side: roster_cols[] has each
 * column's Chinese header, its English alias and a few other headers
 * seen in rosters, for the sheet reader (sheet.h), which drives the
 * header recognition, the export, the template and the messages;
 * columns[] says which record and field each feeds.  Values are
 * normalised by that field (field_normalize(): the same dates, phones,
 * grades, relations and yes/no forms as everywhere else), and the export
 * writes each field back in the form a Chinese school writes it (男, 是,
 * 三年级, 2班, 祖母, 较好) with field_sheet().  After the roster's own
 * columns come those of the fields the schema names a roster column for
 * (.sheet), added by roster_columns(): a new such field is in the roster
 * without a line here.
 *
 * An import is a sheet (sheet.c reads the file, numbers its rows,
 * finds the header and keeps it all or nothing), whose rows
 * roster-check.c checks without the database and roster-apply.c
 * writes, in one transaction.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "i18n.h"
#include "ixload.h"
#include "model.h"
#include "roster-int.h"
#include "util.h"

/* ---- the columns ---- */

struct sheet_col roster_cols[COL__N + 1] = {
	[COL_SCHOOL] = { "学校", "school", "学校名称", SHEET_REQUIRED,
	    N_("add it, or give the school with --school"),
	    N_("add it, or choose the school the rows belong to") },
	[COL_GRADE] = { "年级", "grade", NULL, SHEET_REQUIRED, NULL },
	[COL_CLASS] = { "班级", "class", "班别", SHEET_REQUIRED, NULL },
	[COL_NAME] = { "姓名", "name", "学生姓名|儿童姓名",
	    SHEET_REQUIRED | SHEET_LABEL, NULL },
	[COL_SEX] = { "性别", "sex", NULL, SHEET_REQUIRED, NULL },
	[COL_ETHNICITY] = { "民族", "ethnicity", NULL, 0, NULL },
	[COL_BIRTH] = { "出生日期", "birth_date", "出生年月日",
	    SHEET_REQUIRED, NULL },
	[COL_IDNUM] = { "身份证号", "id_number",
	    "身份证号码|公民身份证号码", 0, NULL },
	[COL_ADDRESS] = { "现居住地", "address", "现住址|家庭住址", 0,
	    NULL },
	[COL_BOARDING] = { "是否寄宿", "boarding", "寄宿", 0, NULL },
	[COL_FATHER_NAME] = { "父亲姓名", "father_name", NULL, 0, NULL },
	[COL_FATHER_WORK] = { "父亲务工地点", "father_workplace", NULL, 0,
	    NULL },
	[COL_FATHER_PHONE] = { "父亲电话", "father_phone", "父亲联系电话",
	    0, NULL },
	[COL_MOTHER_NAME] = { "母亲姓名", "mother_name", NULL, 0, NULL },
	[COL_MOTHER_WORK] = { "母亲务工地点", "mother_workplace", NULL, 0,
	    NULL },
	[COL_MOTHER_PHONE] = { "母亲电话", "mother_phone", "母亲联系电话",
	    0, NULL },
	[COL_GUARDIAN_NAME] = { "监护人姓名", "guardian_name",
	    "委托监护人姓名", 0, NULL },
	[COL_GUARDIAN_RELATION] = { "监护人关系", "guardian_relation",
	    "与监护人关系|监护人与儿童关系", 0, NULL },
	[COL_GUARDIAN_PHONE] = { "监护人电话", "guardian_phone",
	    "监护人联系电话", 0, NULL },
	[COL_GUARDIANSHIP] = { "监护情况", "guardianship", NULL, 0, NULL },
	[COL_MENTOR] = { "帮扶教师", "mentor", "结对教师|结对帮扶教师", 0,
	    NULL },
	[COL_NOTES] = { "备注", "notes", NULL, 0, NULL },
	[COL_GF_NAME] = { "祖父姓名", "grandfather_name", "爷爷姓名", 0, NULL },
	[COL_GF_PHONE] = { "祖父电话", "grandfather_phone",
	    "爷爷电话|祖父联系电话", 0, NULL },
	[COL_GM_NAME] = { "祖母姓名", "grandmother_name", "奶奶姓名", 0, NULL },
	[COL_GM_PHONE] = { "祖母电话", "grandmother_phone",
	    "奶奶电话|祖母联系电话", 0, NULL },
	[COL_MGF_NAME] = { "外祖父姓名", "maternal_grandfather_name",
	    "外公姓名|姥爷姓名", 0, NULL },
	[COL_MGF_PHONE] = { "外祖父电话", "maternal_grandfather_phone",
	    "外公电话|姥爷电话|外祖父联系电话", 0, NULL },
	[COL_MGM_NAME] = { "外祖母姓名", "maternal_grandmother_name",
	    "外婆姓名|姥姥姓名", 0, NULL },
	[COL_MGM_PHONE] = { "外祖母电话", "maternal_grandmother_phone",
	    "外婆电话|姥姥电话|外祖母联系电话", 0, NULL },
};

struct column columns[COL__N] = {
	[COL_SCHOOL] = { RT_SCHOOL, SCHOOL_NAME, ROLE_NONE, 0 },
	[COL_GRADE] = { RT_CHILD, CHILD_GRADE, ROLE_NONE, 0 },
	[COL_CLASS] = { RT_CHILD, CHILD_CLASS, ROLE_NONE, 0 },
	[COL_NAME] = { RT_CHILD, CHILD_NAME, ROLE_NONE, 0 },
	[COL_SEX] = { RT_CHILD, CHILD_SEX, ROLE_NONE, 0 },
	[COL_ETHNICITY] = { RT_CHILD, CHILD_ETHNICITY, ROLE_NONE, 0 },
	[COL_BIRTH] = { RT_CHILD, CHILD_BIRTH, ROLE_NONE, 0 },
	[COL_IDNUM] = { RT_CHILD, CHILD_IDNUM, ROLE_NONE, 0 },
	[COL_ADDRESS] = { RT_CHILD, CHILD_VILLAGE, ROLE_NONE, CF_ADDRESS },
	[COL_BOARDING] = { RT_CHILD, CHILD_BOARDING, ROLE_NONE, 0 },
	[COL_FATHER_NAME] = { RT_CONTACT, CONTACT_NAME, ROLE_FATHER, 0 },
	[COL_FATHER_WORK] = { RT_CONTACT, CONTACT_WORKPLACE, ROLE_FATHER, 0 },
	[COL_FATHER_PHONE] = { RT_CONTACT, CONTACT_PHONE1, ROLE_FATHER, 0 },
	[COL_MOTHER_NAME] = { RT_CONTACT, CONTACT_NAME, ROLE_MOTHER, 0 },
	[COL_MOTHER_WORK] = { RT_CONTACT, CONTACT_WORKPLACE, ROLE_MOTHER, 0 },
	[COL_MOTHER_PHONE] = { RT_CONTACT, CONTACT_PHONE1, ROLE_MOTHER, 0 },
	[COL_GUARDIAN_NAME] = { RT_CONTACT, CONTACT_NAME, ROLE_GUARDIAN, 0 },
	[COL_GUARDIAN_RELATION] = { RT_LINK, LINK_RELATION, ROLE_GUARDIAN,
	    0 },
	[COL_GUARDIAN_PHONE] = { RT_CONTACT, CONTACT_PHONE1, ROLE_GUARDIAN,
	    0 },
	[COL_GUARDIANSHIP] = { RT_CHILD, CHILD_GUARDIANSHIP, ROLE_NONE, 0 },
	[COL_MENTOR] = { RT_STAFF, STAFF_NAME, ROLE_NONE, 0 },
	[COL_NOTES] = { RT_CHILD, CHILD_NOTES, ROLE_NONE, 0 },
	[COL_GF_NAME] = { RT_CONTACT, CONTACT_NAME, ROLE_GRANDFATHER, 0 },
	[COL_GF_PHONE] = { RT_CONTACT, CONTACT_PHONE1, ROLE_GRANDFATHER, 0 },
	[COL_GM_NAME] = { RT_CONTACT, CONTACT_NAME, ROLE_GRANDMOTHER, 0 },
	[COL_GM_PHONE] = { RT_CONTACT, CONTACT_PHONE1, ROLE_GRANDMOTHER, 0 },
	[COL_MGF_NAME] = { RT_CONTACT, CONTACT_NAME, ROLE_MGRANDFATHER, 0 },
	[COL_MGF_PHONE] = { RT_CONTACT, CONTACT_PHONE1, ROLE_MGRANDFATHER,
	    0 },
	[COL_MGM_NAME] = { RT_CONTACT, CONTACT_NAME, ROLE_MGRANDMOTHER, 0 },
	[COL_MGM_PHONE] = { RT_CONTACT, CONTACT_PHONE1, ROLE_MGRANDMOTHER,
	    0 },
};

const char *const role_relation[ROLE__N] = {
	[ROLE_FATHER] = "father",
	[ROLE_MOTHER] = "mother",
	[ROLE_GRANDFATHER] = "grandfather",
	[ROLE_GRANDMOTHER] = "grandmother",
	[ROLE_MGRANDFATHER] = "maternal_grandfather",
	[ROLE_MGRANDMOTHER] = "maternal_grandmother",
};

/* Grades as a Chinese school writes them; val_grade() reads them back. */
const char *const grade_zh[9] = {
	"一年级", "二年级", "三年级", "四年级", "五年级", "六年级",
	"初一", "初二", "初三"
};

int roster_ncol;

/* A field's column: its header, and the headers after the first '|'. */
static void
field_column(enum rtype rt, int field, enum role role)
{
	const struct field *f = &schema_of(rt)->fields[field];
	const char *bar = strchr(f->sheet, '|');
	struct sheet_col *sc = &roster_cols[roster_ncol];

	if (roster_ncol == COL__N)
		abort();	/* more fields than a record has */
	sc->zh = bar != NULL ? xstrndup(f->sheet, (size_t)(bar - f->sheet)) :
	    f->sheet;
	sc->also = bar != NULL ? bar + 1 : NULL;
	sc->en = rt == RT_CHILD ? f->name : xasprintf("guardian_%s", f->name);
	columns[roster_ncol].rt = rt;
	columns[roster_ncol].field = field;
	columns[roster_ncol].role = role;
	roster_ncol++;
}

void
roster_columns(void)
{
	static const struct sheet_col seq = { "序号", "no", NULL,
	    SHEET_SEQ | SHEET_IGNORED, NULL, NULL };
	const struct schema *ch = schema_of(RT_CHILD);
	const struct schema *co = schema_of(RT_CONTACT);
	int i;

	if (roster_ncol != 0)
		return;
	roster_ncol = COL__FIXED;
	for (i = 0; i < ch->nfields; i++)
		if (ch->fields[i].sheet != NULL)
			field_column(RT_CHILD, i, ROLE_NONE);
	for (i = 0; i < co->nfields; i++)
		if (co->fields[i].sheet != NULL)
			field_column(RT_CONTACT, i, ROLE_GUARDIAN);
	roster_cols[roster_ncol] = seq;
}

const struct field *
col_field(enum col c)
{
	return &schema_of(columns[c].rt)->fields[columns[c].field];
}

int
field_col(enum rtype rt, int field)
{
	int c;

	for (c = 0; c < roster_ncol; c++)
		if (columns[c].rt == rt && columns[c].field == field)
			return c;
	return -1;
}

enum col
role_col(enum role role, int field)
{
	int c;

	for (c = 0; c < COL__FIXED; c++)
		if (columns[c].rt == RT_CONTACT && columns[c].role == role &&
		    columns[c].field == field)
			return c;
	return COL__N;
}

char *
roster_column_names(const char *sep)
{
	struct buf b = { 0 };
	int c;

	roster_columns();
	for (c = 0; c < roster_ncol; c++)
		buf_addf(&b, "%s%s", c > 0 ? sep : "", roster_cols[c].zh);
	return buf_take(&b);
}

/*
 * A record's key: its kind and id side by side, so that two records never
 * share one (never 0: kind is not).  The table's slot is the id's low
 * bits, and ids are dense, so they spread well enough.
 */
uint64_t
id_key(int kind, uint32_t id)
{
	return (uint64_t)kind << 32 | id;
}

/*
 * --school, for the import and the export alike, in the form a school's
 * name is stored in: 0 with *out (the caller frees it), or SH_EINVAL with
 * *cause.
 */
int
school_option(const char *given, char **out, char **cause)
{
	return school_choice(given, false, out, cause);
}

int
school_choice(const char *given, bool screens, char **out, char **cause)
{
	char *why = NULL;

	if (field_normalize(&schema_of(RT_SCHOOL)->fields[SCHOOL_NAME], given,
	    out, &why) == 0 && **out != '\0')
		return 0;
	set_cause(cause, "%s \"%s\": %s", screens ? _("the school") :
	    "--school", given, why != NULL ? why : _("empty"));
	free(why);
	free(*out);
	*out = NULL;
	return SH_EINVAL;
}

/* ---- the import ---- */

/* Its ncols: the columns and 序号, set by roster_columns() first. */
static struct sheet_kind roster_kind = {
	roster_cols, 0, roster_check_row, roster_apply_row,
	roster_apply_begin, roster_apply_end
};

static void
imp_free(struct imp *im)
{
	roster_apply_free(im);
	ixload_free(im->ix);
	free(im->staff);
	hm_free(&im->keys);
	free(im->kids);
	buf_free(&im->vals);
	free(im->school);
}

/* Opens the sheet: from the stream f, or else the file at path. */
static int
import(struct db *db, FILE *f, const char *path, const struct roster_opts *o,
    struct roster_summary *sum, char **cause)
{
	struct sheet_opts so;
	struct sheet_result res;
	struct imp im;
	int rc;

	memset(sum, 0, sizeof *sum);
	memset(&im, 0, sizeof im);
	im.db = db;
	im.o = o;
	im.sum = sum;
	date_today(im.today);
	memset(&so, 0, sizeof so);
	so.encoding = (enum sheet_encoding)o->encoding;
	so.dry_run = o->dry_run;
	so.skip_bad = o->skip_bad;
	so.screens = o->screens;
	so.message = o->message;
	so.progress = o->progress;
	so.arg = o->arg;
	if (o->school != NULL) {
		so.waived = (uint64_t)1 << COL_SCHOOL;
		if ((rc = school_choice(o->school, o->screens, &im.school,
		    cause)) != 0)
			goto out;
	}
	roster_columns();
	roster_kind.ncols = roster_ncol + 1;
	rc = f != NULL ? sheet_open(&im.sh, f, path, &roster_kind, &so, &im,
	    cause) : sheet_open_path(&im.sh, path, &roster_kind, &so, &im,
	    cause);
	if (rc != 0)
		goto out;
	sum->encoding = sheet_encoding_name(im.sh);
	if ((rc = sheet_check(im.sh, cause)) != 0)
		goto out;
	/* The check's alone: room for the apply's. */
	hm_free(&im.keys);
	free(im.kids);
	im.kids = NULL;
	im.nkids = im.capkids = 0;
	rc = sheet_apply(im.sh, db, cause);
	sum->written = sheet_written(im.sh);
	if (rc == SHEET_EROWS)
		rc = ROSTER_EROWS;
out:
	if (im.sh != NULL) {
		sheet_result(im.sh, &res);
		sum->rows = res.rows;
		sum->bad = res.bad;
		sum->bad_rows = res.bad_rows;
		sum->errors = res.errors;
		sum->warnings = res.warnings;
	}
	sheet_close(im.sh);
	imp_free(&im);
	return rc;
}

int
roster_import_stream(struct db *db, FILE *f, const char *name,
    const struct roster_opts *o, struct roster_summary *sum, char **cause)
{
	return import(db, f, name, o, sum, cause);
}

int
roster_import(struct db *db, const char *path, const struct roster_opts *o,
    struct roster_summary *sum, char **cause)
{
	return import(db, NULL, path, o, sum, cause);
}

void
roster_summary_free(struct roster_summary *s)
{
	strv_free(s->schools_created);
	strv_free(s->staff_created);
	free(s->bad_rows);
	memset(s, 0, sizeof *s);
}

#define SUMMARY_NAMES 30	/* names listed in the summary text */

static void
add_names(struct buf *b, char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < SUMMARY_NAMES; i++)
		buf_addf(b, "%s%s", i ? ", " : " ", names[i]);
	if (n > SUMMARY_NAMES)
		buf_addf(b, P_(" and %zu more", " and %zu more",
		    n - SUMMARY_NAMES), n - SUMMARY_NAMES);
}

char *
roster_summary_text(const struct roster_summary *s,
    const struct roster_opts *o, int rc)
{
	struct buf b = { 0 };
	char *text;
	size_t i;

	buf_addf(&b, P_("%zu row of children read (%s)",
	    "%zu rows of children read (%s)", s->rows), s->rows,
	    s->encoding != NULL ? s->encoding : "?");
	if (rc != 0 && rc != ROSTER_EROWS)
		goto end;
	if (!s->written) {
		buf_addc(&b, '\n');
		buf_addstr(&b, _("nothing was written; the rows without errors "
		    "would give:"));
	}
	buf_addc(&b, '\n');
	buf_addf(&b, _("children: %zu added, %zu updated, %zu unchanged"),
	    s->children_added, s->children_updated, s->children_unchanged);
	buf_addc(&b, '\n');
	buf_addf(&b, _("contacts: %zu added, %zu updated; contact cards: %zu "
	    "people linked, %zu links changed"), s->contacts_added,
	    s->contacts_updated, s->links_added, s->links_updated);
	buf_addc(&b, '\n');
	buf_addf(&b, _("mentoring pairs started: %zu"), s->pairs);
	if (s->nstaff_created > 0) {
		buf_addc(&b, '\n');
		buf_addf(&b, P_("%zu staff member created:",
		    "%zu staff members created:", s->nstaff_created),
		    s->nstaff_created);
		add_names(&b, s->staff_created, s->nstaff_created);
	}
	if (s->nschools_created > 0) {
		buf_addc(&b, '\n');
		buf_addf(&b, P_("%zu school created:", "%zu schools created:",
		    s->nschools_created), s->nschools_created);
		add_names(&b, s->schools_created, s->nschools_created);
	}
end:
	buf_addc(&b, '\n');
	buf_addf(&b, _("warnings: %zu; errors: %zu, in %zu rows"),
	    s->warnings, s->errors, s->bad);
	if (s->bad > 0) {
		buf_addc(&b, '\n');
		buf_addstr(&b, _("the rows with errors, as the spreadsheet "
		    "numbers them:"));
		for (i = 0; i < s->bad && i < SUMMARY_NAMES; i++)
			buf_addf(&b, "%s%zu", i ? ", " : " ", s->bad_rows[i]);
		if (s->bad > SUMMARY_NAMES)
			buf_addf(&b, P_(" and %zu more", " and %zu more",
			    s->bad - SUMMARY_NAMES), s->bad - SUMMARY_NAMES);
	}
	buf_addc(&b, '\n');
	if (rc != 0 && rc != ROSTER_EROWS)
		buf_addstr(&b, _("Nothing was imported."));
	else if (rc == ROSTER_EROWS && o != NULL && o->screens)
		buf_addstr(&b, _("Nothing was imported: correct the rows "
		    "named, or import again choosing to import the good rows."));
	else if (rc == ROSTER_EROWS)
		buf_addstr(&b, _("Nothing was imported: correct the rows "
		    "named, or import the others with --skip-bad."));
	else if (o != NULL && o->dry_run)
		buf_addstr(&b, _("Nothing was written (--dry-run)."));
	else if (s->bad > 0)
		buf_addf(&b, P_("Imported; %zu row with errors was skipped.",
		    "Imported; %zu rows with errors were skipped.", s->bad),
		    s->bad);
	else
		buf_addstr(&b, _("Imported."));
	/* Names of schools and staff come from the file. */
	buf_add(&b, "", 0);
	text = str_safe(b.s, true);
	buf_free(&b);
	return text;
}

bool
roster_may(struct db *db, uint32_t school, bool import, char **cause)
{
	if (access_admin() || ((access_roles() & AR_PRINCIPAL) &&
	    school != 0 && school == access_school()))
		return true;
	if (import)
		set_cause(cause, _("%s may not import the roster: only the "
		    "administrator, and a principal for the school (--school "
		    "NAME)"), db->user);
	else
		set_cause(cause, _("%s may not export the roster: only the "
		    "administrator, and a principal for the school (--school "
		    "NAME)"), db->user);
	return false;
}
