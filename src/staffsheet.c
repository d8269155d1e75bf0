/*
 * staffsheet.c -- the staff list's import and export: see staffsheet.h.
 *
 * The columns are one table for the reader, the export and the
 * messages.  check() normalises a row without the database (the posts
 * become role keys, the class headed a grade and a class, the phone its
 * normal form) and refuses a second row of the same name and school
 * that cannot be told apart by its phone; apply() finds the person and
 * adds what the row says, writing only what changed.  A row without a
 * name or anything else only staff rows have, of at most two cells, is
 * a note under the table ("填表人：张三") and is skipped with a warning.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "csvw.h"
#include "i18n.h"
#include "index.h"
#include "model.h"
#include "outfile.h"
#include "rec.h"
#include "roster-int.h"
#include "schema.h"
#include "sheet.h"
#include "staffsheet.h"
#include "util.h"
#include "validate.h"

enum scol {
	S_SCHOOL, S_NAME, S_SEX, S_ROLES, S_CLASS, S_PHONE, S_LOGIN, S_NOTES,
	S__N,			/* written by the export */
	S_SEQ = S__N,		/* 序号: named in messages only */
	S__SHEET
};

static const struct sheet_col staff_cols[S__SHEET] = {
	[S_SCHOOL] = { "学校", "school", "学校名称|单位", SHEET_REQUIRED,
	    N_("add it, or give the school with --school") },
	[S_NAME] = { "姓名", "name", "教师姓名|教职工姓名",
	    SHEET_REQUIRED | SHEET_LABEL, NULL },
	[S_SEX] = { "性别", "sex", NULL, 0, NULL },
	[S_ROLES] = { "职务", "roles", "职位|岗位|角色", 0, NULL },
	[S_CLASS] = { "任班主任", "head_class", "班主任|所任班级", 0, NULL },
	[S_PHONE] = { "电话", "phone",
	    "手机|手机号码|联系电话|手机号|电话号码|联系方式", 0, NULL },
	[S_LOGIN] = { "登录名", "login", "用户名", 0, NULL },
	[S_NOTES] = { "备注", "notes", NULL, 0, NULL },
	[S_SEQ] = { "序号", "no", NULL, SHEET_SEQ | SHEET_IGNORED, NULL },
};

/* Posts that are leadership without being one of role_choices' words. */
static const char *const leader_posts[] = {
	"副校长", "德育主任", "教导主任", "教务主任", "政教主任", "总务主任",
	"办公室主任", "书记", "副书记", "工会主席", "主任"
};

/* What a spooled row holds, in this order (codec.h strings). */
enum { V_SCHOOL, V_NAME, V_ROLES, V_GRADE, V_CLASS, V_PHONE, V_LOGIN,
	V_NOTES, V_POST, V_TWINS, V__N };

/* A row seen by check(), to find a second row of the same person. */
struct seen {
	char	*school;
	char	*name;
	char	*phone;
	size_t	 row;
};

struct simp {
	const struct staff_opts	*o;
	struct staff_summary	*sum;
	struct sheet		*sh;
	char			*school;	/* --school, normalised */
	struct seen		*seen;
	size_t			 nseen;
	struct buf		 vals;
	/* apply()'s, forgotten by reset(): */
	struct idlist		 claimed;	/* staff ids rows matched */
};

const char *
staff_role_key(const char *post)
{
	const char *key;
	char *cause = NULL, *t = str_trim(post);
	size_t i, n = strlen(t);

	for (i = 0; i < nitems(leader_posts); i++)
		if (strcmp(t, leader_posts[i]) == 0) {
			free(t);
			return "leader";
		}
	if (val_choice(role_choices, t, &key, &cause) != 0) {
		free(cause);
		key = NULL;
		/* A subject teacher (语文教师, 数学老师, 教师): no role. */
		if ((n >= 6 && (strcmp(t + n - 6, "教师") == 0 ||
		    strcmp(t + n - 6, "老师") == 0)) || strcmp(t, "职工") == 0)
			key = "";
	}
	free(t);
	return key;
}

/* The separators of several posts in one cell. */
static bool
post_sep(const char *p, size_t *len)
{
	static const char *const seps[] = { "、", "，", "；", ",", ";", "/",
	    " ", "\t", "\xe3\x80\x80" /* ideographic space */ };
	size_t i;

	for (i = 0; i < nitems(seps); i++)
		if (strncmp(p, seps[i], strlen(seps[i])) == 0) {
			*len = strlen(seps[i]);
			return true;
		}
	return false;
}

/* The next post of a cell from *p on (caller frees), or NULL at its end. */
static char *
next_post(const char **p)
{
	size_t n, seplen;

	while (**p != '\0' && post_sep(*p, &seplen))
		*p += seplen;
	if (**p == '\0')
		return NULL;
	for (n = 0; (*p)[n] != '\0' && !post_sep(*p + n, &seplen); n++)
		;
	*p += n;
	return xstrndup(*p - n, n);
}

/*
 * The roles of the sets a and b, in role_choices' order: their keys
 * joined by sep, or (zh) their Chinese words.
 */
static char *
set_join(const char *a, const char *b, const char *sep, bool zh)
{
	struct buf out = { 0 };
	const struct choice *c;
	char *both = xasprintf(",%s,%s,", a, b), *k;

	for (c = role_choices; c->key != NULL; c++) {
		k = xasprintf(",%s,", c->key);
		if (strstr(both, k) != NULL)
			buf_addf(&out, "%s%s", out.len > 0 ? sep : "",
			    zh ? c->zh : c->key);
		free(k);
	}
	free(both);
	return buf_take(&out);
}

/* Adds the roles of more to set. */
static char *
set_union(const char *set, const char *more)
{
	return set_join(set, more, ",", false);
}

/* The posts of a cell as role keys; -1 when one is unknown (reported). */
static int
row_roles(struct simp *im, const char *cell, char **out)
{
	const char *p = cell, *key;
	char *roles = xstrdup(""), *post, *u, *why;
	int bad = 0;

	while ((post = next_post(&p)) != NULL) {
		if ((key = staff_role_key(post)) == NULL) {
			why = xstrdup(_("not a post known here (known: "
			    "校长, 副校长, 领导小组, 德育主任, 班主任, 帮扶教师, "
			    "心理辅导教师, 教师)"));
			sheet_report_cell(im->sh, true, S_ROLES, post, why);
			free(why);
			bad = -1;
		} else if (*key != '\0') {
			u = set_union(roles, key);
			free(roles);
			roles = u;
		}
		free(post);
	}
	*out = roles;
	return bad;
}

/* A cell normalised by a staff field; -1 when bad (reported). */
static int
row_field(struct simp *im, const struct sheet_row *row, int col, int field,
    char **out)
{
	const char *cell = sheet_cell(im->sh, row, col);
	char *why = NULL;

	*out = NULL;
	if (field_normalize(&schema_of(RT_STAFF)->fields[field], cell, out,
	    &why) == 0)
		return 0;
	sheet_report_cell(im->sh, true, col, cell, why);
	free(why);
	return -1;
}

/* Whether a row of the same school and name came before; -1 if refused. */
static int
row_twins(struct simp *im, const char *school, const char *name,
    const char *phone, size_t *twins)
{
	struct seen *s;
	size_t i;
	int rc = 0;

	*twins = 1;
	for (i = 0; i < im->nseen; i++) {
		s = &im->seen[i];
		if (strcmp(s->school, school) != 0 || strcmp(s->name, name) != 0)
			continue;
		(*twins)++;
		if (*phone == '\0' || *s->phone == '\0' ||
		    strcmp(phone, s->phone) == 0) {
			sheet_report(im->sh, true, _("%s \"%s\" is also in row "
			    "%zu: two people of one school with one name are "
			    "told apart by their phones, which differ"),
			    sheet_hdr(im->sh, S_NAME), name, s->row);
			rc = -1;
		}
	}
	im->seen = xreallocarray(im->seen, im->nseen + 1, sizeof *im->seen);
	s = &im->seen[im->nseen++];
	s->school = xstrdup(school);
	s->name = xstrdup(name);
	s->phone = xstrdup(phone);
	s->row = sheet_row_number(im->sh);
	return rc;
}

/* Whether a cell names at least one post staff_role_key() knows. */
static bool
posts_known(const char *cell)
{
	const char *p = cell;
	char *post;
	bool known = false;

	while (!known && (post = next_post(&p)) != NULL) {
		known = staff_role_key(post) != NULL;
		free(post);
	}
	return known;
}

/*
 * A note under the table ("填表人：张三 审核人：李四"): no name, nothing
 * only a staff row has (a sex, a known post, a class, a phone, a login),
 * and at most two cells filled.
 */
static bool
note_row(struct simp *im, const struct sheet_row *row)
{
	static const int signs[] = { S_NAME, S_SEX, S_CLASS, S_PHONE,
	    S_LOGIN };
	size_t i, filled = 0;

	for (i = 0; i < nitems(signs); i++)
		if (!sheet_cell_empty(sheet_cell(im->sh, row, signs[i])))
			return false;
	if (posts_known(sheet_cell(im->sh, row, S_ROLES)))
		return false;
	for (i = 0; i < row->nf; i++)
		if (!sheet_cell_empty(row->f[i]))
			filled++;
	return filled <= 2;
}

static int
staff_check_row(struct sheet *sh, const struct sheet_row *row, void *arg,
    char **cause)
{
	struct simp *im = arg;
	char *v[V__N] = { NULL }, *why = NULL, *u;
	const char *cell, *sex;
	size_t twins = 0;
	int bad = 0, i, rc = SHEET_ROW_OK;

	if (note_row(im, row)) {
		u = sheet_shown(sheet_first_cell(row));
		sheet_report(sh, false, _("\"%s\" is not a staff member's row "
		    "(a note?) and is skipped"), u);
		free(u);
		return SHEET_ROW_SKIP;
	}
	if (sheet_row_width(sh, row) != 0)
		return SHEET_ROW_BAD;
	cell = sheet_cell(sh, row, S_SCHOOL);
	if (sheet_cell_empty(cell) && im->school != NULL)
		v[V_SCHOOL] = xstrdup(im->school);
	else if (sheet_cell_empty(cell)) {
		sheet_report(sh, true, _("%s is empty, but it is required"),
		    sheet_hdr(sh, S_SCHOOL));
		bad++;
	} else if (field_normalize(&schema_of(RT_SCHOOL)->fields[SCHOOL_NAME],
	    cell, &v[V_SCHOOL], &why) != 0) {
		sheet_report_cell(sh, true, S_SCHOOL, cell, why);
		bad++;
	} else if (im->school != NULL && strcmp(im->school, v[V_SCHOOL]) != 0) {
		sheet_report(sh, true, _("%s \"%s\" is not the school given "
		    "with --school (%s)"), sheet_hdr(sh, S_SCHOOL), v[V_SCHOOL],
		    im->school);
		bad++;
	}
	free(why);
	why = NULL;
	if (row_field(im, row, S_NAME, STAFF_NAME, &v[V_NAME]) != 0)
		bad++;
	else if (*v[V_NAME] == '\0') {
		sheet_report(sh, true, _("%s is empty, but it is required"),
		    sheet_hdr(sh, S_NAME));
		bad++;
	}
	/* The staff record keeps no sex: it is checked and not stored. */
	cell = sheet_cell(sh, row, S_SEX);
	if (!sheet_cell_empty(cell) && val_choice(sex_choices, cell, &sex,
	    &why) != 0) {
		sheet_report_cell(sh, true, S_SEX, cell, why);
		bad++;
	}
	free(why);
	why = NULL;
	if (row_roles(im, sheet_cell(sh, row, S_ROLES), &v[V_ROLES]) != 0)
		bad++;
	/* The posts as written, which the export writes back. */
	else if (row_field(im, row, S_ROLES, STAFF_POST, &v[V_POST]) != 0)
		bad++;
	cell = sheet_cell(sh, row, S_CLASS);
	if (!sheet_cell_empty(cell)) {
		if (class_parse(cell, &v[V_GRADE], &v[V_CLASS], &why) != 0) {
			sheet_report_cell(sh, true, S_CLASS, cell, why);
			bad++;
		} else {
			/* Who heads a class is its class teacher. */
			u = set_union(v[V_ROLES], "class_teacher");
			free(v[V_ROLES]);
			v[V_ROLES] = u;
		}
		free(why);
		why = NULL;
	}
	if (row_field(im, row, S_PHONE, STAFF_PHONE, &v[V_PHONE]) != 0)
		bad++;
	if (row_field(im, row, S_LOGIN, STAFF_LOGIN, &v[V_LOGIN]) != 0)
		bad++;
	if (row_field(im, row, S_NOTES, STAFF_NOTES, &v[V_NOTES]) != 0)
		bad++;
	if (bad == 0 && row_twins(im, v[V_SCHOOL], v[V_NAME], v[V_PHONE],
	    &twins) != 0)
		bad++;
	if (bad > 0)
		rc = SHEET_ROW_BAD;
	else {
		v[V_TWINS] = xasprintf("%zu", twins);
		buf_reset(&im->vals);
		for (i = 0; i < V__N; i++)
			wr_str(&im->vals, v[i] != NULL ? v[i] : "");
		if (sheet_spool(sh, &im->vals, cause) != 0)
			rc = SH_EDB;
	}
	for (i = 0; i < V__N; i++)
		free(v[i]);
	return rc;
}

/* The school of a row, made when it does not exist. */
static int
apply_school(struct simp *im, struct txn *t, const char *name,
    uint32_t *id, char **cause)
{
	struct rec *s;
	size_t i;
	int rc;

	if ((*id = school_by_name(t, name)) != 0)
		return 0;
	s = rec_new(RT_SCHOOL);
	rec_set(s, SCHOOL_NAME, name);
	rc = rec_put(t, s, cause);
	*id = s->id;
	rec_free(s);
	if (rc != 0)
		return rc;
	for (i = 0; i < im->sum->nschools_created; i++)
		if (strcmp(im->sum->schools_created[i], name) == 0)
			return 0;
	strv_push(&im->sum->schools_created, &im->sum->nschools_created,
	    xstrdup(name));
	return 0;
}

/*
 * The stored person a row is: the namesake with the row's phone, else
 * one without a phone, else (when the sheet has the name once) the only
 * namesake; never one an earlier row took.  0: none, a new person.
 */
static uint32_t
apply_match(struct simp *im, struct txn *t, uint32_t school, char **v)
{
	struct idlist l = { 0 };
	struct rec *r;
	uint32_t found = 0, nophone = 0, any = 0;
	size_t i, n = 0;

	staff_by_name(t, school, v[V_NAME], &l);
	for (i = 0; i < l.n && found == 0; i++) {
		if (idl_has(&im->claimed, l.v[i]) ||
		    rec_get(t, RT_STAFF, l.v[i], &r) != 0)
			continue;
		n++;
		any = l.v[i];
		if (*v[V_PHONE] != '\0' && strcmp(rec_str(r, STAFF_PHONE),
		    v[V_PHONE]) == 0)
			found = l.v[i];
		else if (nophone == 0 && *rec_str(r, STAFF_PHONE) == '\0')
			nophone = l.v[i];
		rec_free(r);
	}
	idl_free(&l);
	if (found == 0)
		found = nophone;
	if (found == 0 && n == 1 && strcmp(v[V_TWINS], "1") == 0)
		found = any;
	return found;
}

static void
set_if(struct rec *r, int field, const char *v)
{
	if (*v != '\0')
		rec_set(r, field, v);
}

static char *
spool_read(struct rd *r)
{
	size_t n;
	const char *p = rd_bytes(r, &n);

	return xstrndup(p, n);
}

/* Whether two records hold the same fields. */
static bool
rec_same(const struct rec *a, const struct rec *b)
{
	int i;

	for (i = 0; i < STAFF__N; i++)
		if (strcmp(rec_str(a, i), rec_str(b, i)) != 0)
			return false;
	return true;
}

/* Whether the roles (keys separated by commas) hold the principal's. */
static bool
principal_in(const char *roles)
{
	char *set = xasprintf(",%s,", roles);
	bool yes = strstr(set, ",principal,") != NULL;

	free(set);
	return yes;
}

/*
 * A row that makes someone the principal of a school that has another:
 * a warning naming both, and a line of the summary.  Not refused: a
 * school may have a principal and one who stands in.
 */
static void
second_principal(struct simp *im, struct txn *t, uint32_t school,
    const struct rec *s, const struct rec *old, char **v)
{
	struct idlist ids = { 0 };
	struct rec *o;
	size_t i;

	if (!principal_in(rec_str(s, STAFF_ROLES)) || (old != NULL &&
	    principal_in(rec_str(old, STAFF_ROLES))))
		return;
	ix_refs(t, IX_STAFF_SCHOOL, school, &ids);
	for (i = 0; i < ids.n; i++) {
		if (ids.v[i] == s->id || rec_get(t, RT_STAFF, ids.v[i],
		    &o) != 0)
			continue;
		if (principal_in(rec_str(o, STAFF_ROLES))) {
			/* TRANSLATORS: the row's name, the school, another
			 * name. */
			sheet_report(im->sh, false, _("%s is a second "
			    "principal of %s, which has %s already"),
			    v[V_NAME], v[V_SCHOOL], rec_str(o, STAFF_NAME));
			strv_push(&im->sum->principals, &im->sum->nprincipals,
			    xasprintf(_("%s and %s (%s)"), rec_str(o,
			    STAFF_NAME), v[V_NAME], v[V_SCHOOL]));
			rec_free(o);
			break;
		}
		rec_free(o);
	}
	idl_free(&ids);
}

static int
staff_apply_row(struct sheet *sh, struct txn *t, struct rd *r, void *arg,
    char **cause)
{
	struct simp *im = arg;
	struct rec *s = NULL, *old = NULL;
	char *v[V__N], *roles, *why = NULL;
	uint32_t school, id;
	int i, rc = SHEET_ROW_OK;

	for (i = 0; i < V__N; i++)
		v[i] = spool_read(r);
	if (r->err || rd_left(r) != 0) {
		set_cause(cause, "%s", _("cannot read back a temporary file"));
		rc = SH_EDB;
		goto out;
	}
	if ((rc = apply_school(im, t, v[V_SCHOOL], &school, cause)) != 0)
		goto out;
	if ((id = apply_match(im, t, school, v)) != 0) {
		if ((rc = rec_get(t, RT_STAFF, id, &old)) != 0) {
			set_cause(cause, "%s", sh_strerror(rc));
			goto out;
		}
		s = rec_dup(old);
		idl_add(&im->claimed, id);
		idl_uniq(&im->claimed);
	} else {
		s = rec_new(RT_STAFF);
		rec_set(s, STAFF_NAME, v[V_NAME]);
		rec_set_ref(s, STAFF_SCHOOL, school);
	}
	roles = set_union(rec_str(s, STAFF_ROLES), v[V_ROLES]);
	rec_set(s, STAFF_ROLES, roles);
	free(roles);
	set_if(s, STAFF_PHONE, v[V_PHONE]);
	set_if(s, STAFF_GRADE, v[V_GRADE]);
	set_if(s, STAFF_CLASS, v[V_CLASS]);
	set_if(s, STAFF_LOGIN, v[V_LOGIN]);
	set_if(s, STAFF_NOTES, v[V_NOTES]);
	set_if(s, STAFF_POST, v[V_POST]);
	if (old != NULL && rec_same(old, s)) {
		im->sum->unchanged++;
		goto out;
	}
	if ((rc = rec_put(t, s, &why)) != 0) {
		if (rc != SH_EDUP && rc != SH_EINVAL && rc != SH_ECONFLICT) {
			set_cause(cause, "%s", why);
			goto out;
		}
		sheet_report(sh, true, "%s", why);
		rc = SHEET_ROW_BAD;
		goto out;
	}
	second_principal(im, t, school, s, old, v);
	if (old != NULL) {
		im->sum->updated++;
		strv_push(&im->sum->names_updated, &im->sum->nnames_updated,
		    xasprintf("%s (%s)", v[V_NAME], v[V_SCHOOL]));
	} else {
		im->sum->added++;
		strv_push(&im->sum->names_added, &im->sum->nnames_added,
		    xasprintf("%s (%s)", v[V_NAME], v[V_SCHOOL]));
		idl_add(&im->claimed, s->id);
		idl_uniq(&im->claimed);
	}
out:
	free(why);
	rec_free(s);
	rec_free(old);
	for (i = 0; i < V__N; i++)
		free(v[i]);
	return rc;
}

/* Before each run of the transaction: what a lost run counted is lost. */
static int
staff_apply_begin(struct sheet *sh, struct txn *t, void *arg, char **cause)
{
	struct simp *im = arg;

	im->sum->added = im->sum->updated = im->sum->unchanged = 0;
	strv_free(im->sum->schools_created);
	strv_free(im->sum->names_added);
	strv_free(im->sum->names_updated);
	strv_free(im->sum->principals);
	im->sum->schools_created = im->sum->names_added =
	    im->sum->names_updated = im->sum->principals = NULL;
	im->sum->nschools_created = im->sum->nnames_added =
	    im->sum->nnames_updated = im->sum->nprincipals = 0;
	im->claimed.n = 0;
	return 0;
}

static const struct sheet_kind staff_kind = {
	staff_cols, S__SHEET, staff_check_row, staff_apply_row,
	staff_apply_begin, NULL
};

int
staff_import(struct db *db, const char *path, const struct staff_opts *o,
    struct staff_summary *sum, char **cause)
{
	struct sheet_opts so;
	struct sheet_result res;
	struct simp im;
	size_t i;
	int rc;

	memset(sum, 0, sizeof *sum);
	memset(&im, 0, sizeof im);
	im.o = o;
	im.sum = sum;
	memset(&so, 0, sizeof so);
	so.encoding = o->encoding;
	so.dry_run = o->dry_run;
	so.skip_bad = o->skip_bad;
	so.message = o->message;
	so.arg = o->arg;
	if (o->school != NULL) {
		so.waived = (uint64_t)1 << S_SCHOOL;
		if ((rc = school_option(o->school, &im.school, cause)) != 0)
			goto out;
	}
	if ((rc = sheet_open_path(&im.sh, path, &staff_kind, &so, &im,
	    cause)) != 0)
		goto out;
	sum->encoding = sheet_encoding_name(im.sh);
	if ((rc = sheet_check(im.sh, cause)) != 0)
		goto out;
	rc = sheet_apply(im.sh, db, cause);
	sum->written = sheet_written(im.sh);
	if (rc == SHEET_EROWS)
		rc = STAFF_EROWS;
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
	for (i = 0; i < im.nseen; i++) {
		free(im.seen[i].school);
		free(im.seen[i].name);
		free(im.seen[i].phone);
	}
	free(im.seen);
	idl_free(&im.claimed);
	buf_free(&im.vals);
	free(im.school);
	return rc;
}

void
staff_summary_free(struct staff_summary *s)
{
	strv_free(s->schools_created);
	strv_free(s->names_added);
	strv_free(s->names_updated);
	strv_free(s->principals);
	free(s->bad_rows);
	memset(s, 0, sizeof *s);
}

#define SUMMARY_NAMES 30	/* names listed in the summary */

/* "what: A, B and 3 more", safe for a terminal. */
static void
add_names(struct buf *b, const char *what, char **names, size_t n)
{
	size_t i;

	if (n == 0)
		return;
	buf_addf(b, "\n%s", what);
	for (i = 0; i < n && i < SUMMARY_NAMES; i++) {
		buf_addstr(b, i > 0 ? ", " : " ");
		buf_add_safe(b, names[i], false);
	}
	if (n > SUMMARY_NAMES)
		buf_addf(b, P_(" and %zu more", " and %zu more",
		    n - SUMMARY_NAMES), n - SUMMARY_NAMES);
}

char *
staff_summary_text(const struct staff_summary *s, int rc)
{
	struct buf b = { 0 };

	buf_addf(&b, P_("%zu row of staff read (%s)",
	    "%zu rows of staff read (%s)", s->rows), s->rows,
	    s->encoding != NULL ? s->encoding : "?");
	if (rc != 0 && rc != STAFF_EROWS)
		return buf_take(&b);
	if (!s->written) {
		buf_addc(&b, '\n');
		buf_addstr(&b, _("nothing was written; the rows without errors "
		    "would give:"));
	}
	buf_addc(&b, '\n');
	buf_addf(&b, _("staff: %zu added, %zu updated, %zu unchanged"),
	    s->added, s->updated, s->unchanged);
	add_names(&b, _("added:"), s->names_added, s->nnames_added);
	add_names(&b, _("updated:"), s->names_updated, s->nnames_updated);
	add_names(&b, _("schools created:"), s->schools_created,
	    s->nschools_created);
	add_names(&b, _("two principals, check:"), s->principals,
	    s->nprincipals);
	if (s->bad > 0) {
		buf_addc(&b, '\n');
		buf_addf(&b, P_("%zu row had errors", "%zu rows had errors",
		    s->bad), s->bad);
	}
	buf_addc(&b, '\n');
	if (s->written)
		buf_addstr(&b, _("The staff list was imported."));
	else if (rc == STAFF_EROWS)
		buf_addstr(&b, _("Nothing was imported: correct the rows "
		    "named, or import the good rows with --skip-bad."));
	else
		buf_addstr(&b, _("Dry run: nothing was written."));
	return buf_take(&b);
}

/* ---- the export ---- */

/*
 * The 职务 cell: the posts as the staff list had them (those whose role
 * the person still has, and those that are no role, 语文教师), then the
 * roles no post of them names, in Chinese; without posts, the roles.
 */
static char *
export_posts(const struct rec *s)
{
	struct buf out = { 0 };
	const char *p = rec_str(s, STAFF_POST), *key;
	char *roles = xasprintf(",%s,", rec_str(s, STAFF_ROLES));
	char *named = xstrdup(""), *post, *k, *u, *rest;

	while ((post = next_post(&p)) != NULL) {
		key = staff_role_key(post);
		k = xasprintf(",%s,", key != NULL ? key : "");
		if (key == NULL || *key == '\0' || strstr(roles, k) != NULL) {
			buf_addf(&out, "%s%s", out.len > 0 ? "、" : "", post);
			if (key != NULL && *key != '\0') {
				u = set_union(named, key);
				free(named);
				named = u;
			}
		}
		free(k);
		free(post);
	}
	/* The roles left: those of the record not named by a post. */
	u = xasprintf(",%s,", named);
	free(named);
	named = u;
	rest = xstrdup("");
	for (k = strtok(roles, ","); k != NULL; k = strtok(NULL, ",")) {
		post = xasprintf(",%s,", k);
		if (strstr(named, post) == NULL) {
			u = set_union(rest, k);
			free(rest);
			rest = u;
		}
		free(post);
	}
	u = set_join(rest, "", "、", true);
	if (*u != '\0')
		buf_addf(&out, "%s%s", out.len > 0 ? "、" : "", u);
	free(u);
	free(rest);
	free(named);
	free(roles);
	return buf_take(&out);
}

static void
export_row(struct csvw *w, struct buf *out, const char *school,
    const struct rec *s)
{
	const char *g = rec_str(s, STAFF_GRADE);
	char *v;

	csvw_field(w, school);
	csvw_field(w, rec_str(s, STAFF_NAME));
	csvw_field(w, "");
	v = export_posts(s);
	csvw_field(w, v);
	free(v);
	if (*g >= '1' && *g <= '9' && g[1] == '\0')
		v = xasprintf("%s%s班", grade_zh[*g - '1'], rec_str(s,
		    STAFF_CLASS));
	else
		v = *g != '\0' ? xasprintf("%s-%s", g, rec_str(s,
		    STAFF_CLASS)) : xstrdup("");
	csvw_field(w, v);
	free(v);
	csvw_field(w, rec_str(s, STAFF_PHONE));
	csvw_field(w, rec_str(s, STAFF_LOGIN));
	csvw_field(w, rec_str(s, STAFF_NOTES));
	buf_addstr(out, csvw_end(w));
}

/* Every row, in one read transaction, into out (UTF-8). */
static int
export_rows(struct db *db, const struct staff_opts *o, struct buf *out,
    size_t *rows, char **cause)
{
	struct txn t;
	struct csvw w = { 0 };
	struct idlist schools = { 0 }, ids = { 0 };
	struct rec_iter it;
	struct rec *sch, *s;
	size_t i, j;
	uint32_t id;
	int c, rc;

	*rows = 0;
	if ((rc = txn_read(db, &t)) != 0) {
		set_cause(cause, "%s", _("cannot read the database"));
		return rc;
	}
	if (o->school != NULL) {
		if ((id = school_by_name(&t, o->school)) == 0) {
			set_cause(cause, _("there is no school named \"%s\""),
			    o->school);
			txn_end(&t);
			return SH_ENOTFOUND;
		}
		idl_add(&schools, id);
	} else {
		rec_iter_start(&t, RT_SCHOOL, &it);
		while ((sch = rec_iter_next(&it)) != NULL) {
			idl_add(&schools, sch->id);
			rec_free(sch);
		}
		rec_iter_end(&it);
	}
	for (c = 0; c < S__N; c++)
		csvw_field(&w, staff_cols[c].zh);
	buf_addstr(out, csvw_end(&w));
	for (i = 0; i < schools.n; i++) {
		if (rec_get(&t, RT_SCHOOL, schools.v[i], &sch) != 0)
			continue;
		ids.n = 0;
		ix_refs(&t, IX_STAFF_SCHOOL, schools.v[i], &ids);
		for (j = 0; j < ids.n; j++) {
			if (rec_get(&t, RT_STAFF, ids.v[j], &s) != 0)
				continue;
			export_row(&w, out, rec_title(sch), s);
			rec_free(s);
			++*rows;
		}
		rec_free(sch);
	}
	if ((rc = t.err) != 0)
		set_cause(cause, "%s", sh_strerror(rc));
	txn_end(&t);
	idl_free(&schools);
	idl_free(&ids);
	csvw_free(&w);
	return rc;
}

int
staff_export(struct db *db, const char *path, const struct staff_opts *o,
    size_t *rows, char **cause)
{
	struct buf text = { 0 };
	char *school = NULL;
	struct staff_opts so = *o;
	int rc;

	if (o->school != NULL) {
		if ((rc = school_option(o->school, &school, cause)) != 0)
			return rc;
		so.school = school;
	}
	rc = export_rows(db, &so, &text, rows, cause);
	free(school);
	if (rc == 0)
		rc = sheet_write(path, text.s != NULL ? text.s : "", text.len,
		    o->encoding == SHEET_ENC_GB18030, o->force ? 0 :
		    OUTFILE_NOCLOBBER, _("the staff list has text that GB18030 "
		    "cannot hold: export it in UTF-8"), cause);
	buf_free(&text);
	return rc;
}
