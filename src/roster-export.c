/*
 * roster-export.c -- the roster written out: the export and the
 * template (roster.h).
 *
 * The export reads the database in one read transaction into a private
 * temporary file, and only after the transaction has ended copies it to
 * standard output or renames it into place: a slow pipe never holds a
 * transaction open.  The ID number is written after a tab character, the
 * usual way to stop Excel and WPS from turning it into 4.30523E+17; the
 * import trims it again.  A person's second phone number is written only
 * for a guardian who is also a parent (where the import put it).
 */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvw.h"
#include "fieldtype.h"
#include "i18n.h"
#include "model.h"
#include "outfile.h"
#include "rec.h"
#include "roster-int.h"
#include "schema.h"
#include "util.h"

#define CHUNK		65536		/* bytes copied at a time */

/* One child's row: the child, the card's people, the mentor. */
struct xrow {
	struct rec		*child;
	const char		*school;
	struct card		 card;
	const struct card_line	*who[ROLE__N];	/* by role */
	char			*mentor;
};

/* Which card lines the roster's people are. */
static void
xrow_people(struct xrow *x)
{
	const struct card_line *l;
	size_t i;
	int r;

	memset(x->who, 0, sizeof x->who);
	for (i = 0; i < x->card.n; i++) {
		l = &x->card.lines[i];
		for (r = ROLE_FATHER; r < ROLE__N; r++)
			if (x->who[r] == NULL && strcmp(rec_str(l->link,
			    LINK_RELATION), role_relation[r]) == 0)
				x->who[r] = l;
		if (x->who[ROLE_GUARDIAN] == NULL &&
		    strcmp(rec_str(l->link, LINK_GUARDIAN), "1") == 0)
			x->who[ROLE_GUARDIAN] = l;
	}
}

static const char *
first_phone(const struct rec *c)
{
	int i;

	for (i = 0; i < CONTACT_PHONES; i++)
		if (*rec_str(c, contact_phone_field(i)) != '\0')
			return rec_str(c, contact_phone_field(i));
	return "";
}

/* Whether the guardian has a relative's columns as well. */
static bool
guardian_is_relative(const struct xrow *x)
{
	int r;

	for (r = ROLE_FATHER; r < ROLE__N; r++)
		if (x->who[ROLE_GUARDIAN] == x->who[r])
			return true;
	return false;
}

/* A contact's value for a column: the guardian who is a parent (or a
 * grandparent) as well shows the second number (which is where the
 * import put it). */
static const char *
person_value(const struct xrow *x, enum col c)
{
	const struct card_line *l = x->who[columns[c].role];

	if (l == NULL)
		return "";
	if (columns[c].rt == RT_LINK)
		return rec_str(l->link, columns[c].field);
	if (columns[c].field != CONTACT_PHONE1)
		return rec_str(l->contact, columns[c].field);
	if (columns[c].role == ROLE_GUARDIAN && guardian_is_relative(x) &&
	    *rec_str(l->contact, CONTACT_PHONE2) != '\0')
		return rec_str(l->contact, CONTACT_PHONE2);
	return first_phone(l->contact);
}

static char *
export_cell(const struct xrow *x, enum col c)
{
	const char *v;

	switch (columns[c].rt) {
	case RT_SCHOOL:
		v = x->school;
		break;
	case RT_STAFF:
		v = x->mentor != NULL ? x->mentor : "";
		break;
	case RT_CONTACT:
	case RT_LINK:
		v = person_value(x, c);
		break;
	default:
		if (columns[c].flags & CF_ADDRESS)
			return xasprintf("%s%s", rec_str(x->child,
			    CHILD_VILLAGE), rec_str(x->child, CHILD_GROUP));
		v = rec_str(x->child, columns[c].field);
		break;
	}
	return field_sheet(col_field(c), v);
}

struct xout {
	FILE		*f;
	iconv_t		 cd;
	struct csvw	 w;
	char		*conv;		/* a line in GB18030 */
	size_t		 convcap;
	int		 err;		/* errno of a failed write */
	bool		 badchar;
};

static void
xout_line(struct xout *x, const char *line)
{
	char *ip, *op;
	size_t il, ol;

	if (x->err != 0 || x->badchar)
		return;
	if (x->cd == (iconv_t)-1) {
		if (fputs(line, x->f) == EOF)
			x->err = errno ? errno : EIO;
		return;
	}
	il = strlen(line);
	if (x->convcap < 4 * il + 16) {
		free(x->conv);
		x->convcap = 4 * il + 16;
		x->conv = xmalloc(x->convcap);
	}
	ip = (char *)line;
	op = x->conv;
	ol = x->convcap;
	iconv(x->cd, NULL, NULL, NULL, NULL);
	if (iconv(x->cd, &ip, &il, &op, &ol) == (size_t)-1) {
		x->badchar = true;
		return;
	}
	if (fwrite(x->conv, 1, (size_t)(op - x->conv), x->f) !=
	    (size_t)(op - x->conv))
		x->err = errno ? errno : EIO;
}

static void
export_header(struct xout *x)
{
	int c;

	for (c = 0; c < roster_ncol; c++)
		csvw_field(&x->w, roster_cols[c].zh);
	xout_line(x, csvw_end(&x->w));
}

/* export_child()'s answer for a child who left: no row. */
#define EXPORT_LEFT 1

/* One child's row; 0, EXPORT_LEFT, or an SH_E* code. */
static int
export_child(struct txn *t, struct xout *x, uint32_t id, const char *school,
    const char *today)
{
	struct xrow xr;
	struct rec *pair, *staff;
	char *v;
	int c, rc;

	memset(&xr, 0, sizeof xr);
	if ((rc = rec_get(t, RT_CHILD, id, &xr.child)) != 0)
		return rc;
	/* One who left is not in the roster a school hands on. */
	if (!child_active(xr.child)) {
		rec_free(xr.child);
		return EXPORT_LEFT;
	}
	xr.school = school;
	if ((rc = child_card(t, id, &xr.card)) != 0) {
		rec_free(xr.child);
		card_free(&xr.card);
		return rc;
	}
	xrow_people(&xr);
	if ((pair = child_mentor_pair(t, id, today)) != NULL) {
		if (rec_get(t, RT_STAFF, rec_ref(pair, PAIR_STAFF),
		    &staff) == 0) {
			xr.mentor = xstrdup(rec_str(staff, STAFF_NAME));
			rec_free(staff);
		}
		rec_free(pair);
	}
	for (c = 0; c < roster_ncol; c++) {
		v = export_cell(&xr, c);
		csvw_field(&x->w, v);
		free(v);
	}
	xout_line(x, csvw_end(&x->w));
	free(xr.mentor);
	card_free(&xr.card);
	rec_free(xr.child);
	return 0;
}

struct xschool {
	uint32_t	 id;
	char		*name;
};

/* The schools to export: the one --school names, or all in id order. */
static int
export_schools(struct txn *t, const char *only, struct xschool **out,
    size_t *n, char **cause)
{
	struct rec_iter it;
	struct rec *s;
	struct xschool *v = NULL;
	uint32_t id;
	int rc;

	*n = 0;
	*out = NULL;
	if (only != NULL) {
		if ((id = school_by_name(t, only)) == 0) {
			set_cause(cause, _("there is no school named \"%s\""),
			    only);
			return SH_ENOTFOUND;
		}
		if ((rc = rec_get(t, RT_SCHOOL, id, &s)) != 0) {
			set_cause(cause, "%s", sh_strerror(rc));
			return rc;
		}
		v = xmalloc(sizeof *v);
		v->id = id;
		v->name = xstrdup(rec_title(s));
		rec_free(s);
		*out = v;
		*n = 1;
		return t->err;
	}
	rec_iter_start(t, RT_SCHOOL, &it);
	while ((s = rec_iter_next(&it)) != NULL) {
		v = xreallocarray(v, *n + 1, sizeof *v);
		v[*n].id = s->id;
		v[*n].name = xstrdup(rec_title(s));
		(*n)++;
		rec_free(s);
	}
	rec_iter_end(&it);
	*out = v;
	return t->err;
}

/* Writes the rows of every child to x, in one read transaction. */
static int
export_rows(struct db *db, struct xout *x, const struct roster_opts *o,
    size_t *rows, char **cause)
{
	struct txn t;
	struct xschool *sch = NULL;
	struct idlist kids = { 0 };
	size_t ns = 0, i, j, total = 0, done = 0;
	char today[11];
	int rc;

	date_today(today);
	if ((rc = txn_read(db, &t)) != 0) {
		set_cause(cause, "%s", _("cannot read the database"));
		return rc;
	}
	rc = export_schools(&t, o->school, &sch, &ns, cause);
	/* Every child is in a school: of one school, they are known below. */
	total = o->school == NULL ? kv_count(&t, DBI_CHILD) : 0;
	for (i = 0; i < ns && rc == 0; i++) {
		/* In class order: the class index pads class 9 to 009. */
		children_of_class(&t, sch[i].id, NULL, NULL, &kids);
		if (o->school != NULL)
			total += kids.n;
		for (j = 0; j < kids.n && rc == 0 && x->err == 0; j++) {
			rc = export_child(&t, x, kids.v[j], sch[i].name, today);
			done++;
			if (rc == EXPORT_LEFT) {
				rc = 0;
				continue;
			}
			if (rc != 0) {
				set_cause(cause, _("child #%u cannot be "
				    "read: %s"), kids.v[j], sh_strerror(rc));
				break;
			}
			if (x->badchar) {
				set_cause(cause, _("child #%u has text that "
				    "GB18030 cannot hold"), kids.v[j]);
				rc = SH_EINVAL;
				break;
			}
			++*rows;
			if (o->progress != NULL && done % 256 == 0 &&
			    done <= total)
				o->progress(done, total, o->arg);
		}
		idl_free(&kids);
	}
	if (rc == 0 && t.err != 0) {
		rc = t.err;
		set_cause(cause, "%s", sh_strerror(rc));
	}
	txn_end(&t);
	for (i = 0; i < ns; i++)
		free(sch[i].name);
	free(sch);
	if (rc == 0 && o->progress != NULL)
		o->progress(total, total, o->arg);
	return rc;
}

/* Copies the finished temporary file to the output. */
static int
export_copy(FILE *f, FILE *out, char **cause)
{
	char buf[CHUNK];
	size_t n;

	if (fseek(f, 0, SEEK_SET) != 0)
		goto fail;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			goto fail;
	if (ferror(f) || fflush(out) != 0)
		goto fail;
	return 0;
fail:
	set_cause(cause, _("cannot write the roster: %s"), strerror(errno));
	return SH_EDB;
}

int
roster_export(struct db *db, const char *path, const struct roster_opts *o,
    size_t *rows, char **cause)
{
	struct xout x;
	struct roster_opts oo = *o;
	struct outfile *of = NULL;
	char *school = NULL;
	bool piped;
	int rc = 0;

	*rows = 0;
	roster_columns();
	memset(&x, 0, sizeof x);
	x.cd = (iconv_t)-1;
	piped = path == NULL || strcmp(path, "-") == 0;
	if (o->school != NULL && !o->template_only) {
		if ((rc = school_choice(o->school, o->screens, &school, cause)) != 0)
			goto out;
		oo.school = school;
	}
	if (o->encoding == ROSTER_ENC_GB18030 &&
	    (x.cd = iconv_open("GB18030", "UTF-8")) == (iconv_t)-1) {
		set_cause(cause, "%s", _("this system cannot convert to "
		    "GB18030"));
		rc = SH_EINVAL;
		goto out;
	}
	/* Nothing is read before the output is known to be allowed. */
	if ((of = outfile_open(path, o->force ? 0 : OUTFILE_NOCLOBBER,
	    cause)) == NULL) {
		rc = SH_EPERM;
		goto out;
	}
	/* A pipe is written once the read transaction is over. */
	if (!piped)
		x.f = outfile_stream(of);
	else if ((x.f = tmpfile_private("roster", cause)) == NULL) {
		rc = SH_EPERM;
		goto out;
	}
	if (x.cd == (iconv_t)-1 && fputs("\xef\xbb\xbf", x.f) == EOF)
		x.err = errno;
	export_header(&x);
	if (!o->template_only)
		rc = export_rows(db, &x, &oo, rows, cause);
	if (rc == 0 && (x.err != 0 || fflush(x.f) != 0 || ferror(x.f))) {
		set_cause(cause, _("cannot write %s: %s"), !piped ? path :
		    _("the roster"), strerror(x.err ? x.err : errno));
		rc = SH_EDB;
	}
	if (rc == 0 && piped)
		rc = export_copy(x.f, outfile_stream(of), cause);
	if (rc == 0) {
		if (outfile_commit(of, cause) != 0)
			rc = SH_EDB;
		of = NULL;
	}
out:
	if (piped && x.f != NULL)
		fclose(x.f);
	outfile_abort(of);
	free(school);
	csvw_free(&x.w);
	free(x.conv);
	if (x.cd != (iconv_t)-1)
		iconv_close(x.cd);
	return rc;
}

char *
roster_default_export_name(const char *school, const char *today)
{
	struct buf b = { 0 };
	const char *p;

	buf_addstr(&b, "花名册-");
	for (p = school != NULL ? school : ""; *p != '\0'; p++) {
		/* A name with a slash or a control character is no file name. */
		if (*p == '/' || *p == '\\' || (unsigned char)*p < 0x20 ||
		    *p == 0x7f)
			buf_addc(&b, '_');
		else
			buf_addc(&b, *p);
	}
	if (school != NULL && *school != '\0')
		buf_addc(&b, '-');
	for (p = today; *p != '\0'; p++)
		if (*p >= '0' && *p <= '9')
			buf_addc(&b, *p);
	buf_addstr(&b, ".csv");
	return buf_take(&b);
}
