/*
 * aid.c -- aid records (资助): see aid.h.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "agreement.h"
#include "aid.h"
#include "i18n.h"
#include "model.h"
#include "pinyin.h"
#include "rec.h"
#include "schema.h"
#include "util.h"

bool
aid_amounts_visible(uint32_t school)
{
	if (access_admin())
		return true;
	return school != 0 && school == access_school() &&
	    (access_roles() & AR_PRINCIPAL) != 0;
}

struct add_args {
	const struct aid_in	*in;
	size_t			 n;
	uint32_t		 first;
};

/* The child of a change: there, in school, the login's to change. */
static int
aid_child(struct txn *t, uint32_t child, bool need_active, char **cause)
{
	struct rec *c = NULL;
	int rc = 0;

	if (child == 0 || !rec_exists(t, RT_CHILD, child)) {
		set_cause(cause, _("there is no child #%u"), child);
		return SH_ENOTFOUND;
	}
	if (rec_get(t, RT_CHILD, child, &c) != 0 ||
	    !access_child_write(child) ||
	    !aid_amounts_visible(rec_ref(c, CHILD_SCHOOL))) {
		set_cause(cause, _("%s may not record aid: aid is for the "
		    "principal and the administrator"), t->db->user);
		rc = SH_EPERM;
	} else if (need_active && !child_active(c)) {
		set_cause(cause, _("%s (#%u) has left the school"),
		    rec_str(c, CHILD_NAME), child);
		rc = SH_EINVAL;
	}
	rec_free(c);
	return rc;
}

static int
add_write(struct txn *t, void *arg, char **cause)
{
	struct add_args *a = arg;
	const struct aid_in *in;
	struct rec *r;
	size_t i;
	int rc = 0;

	a->first = 0;
	for (i = 0; i < a->n && rc == 0; i++) {
		in = &a->in[i];
		if ((rc = aid_child(t, in->child, true, cause)) != 0)
			break;
		r = rec_new(RT_AID);
		rec_set_ref(r, AID_CHILD, in->child);
		if ((rc = rec_input(r, AID_KIND, in->kind, cause)) == 0 &&
		    (rc = rec_input(r, AID_TERM, in->term, cause)) == 0 &&
		    (rc = rec_input(r, AID_AMOUNT, in->amount, cause)) == 0 &&
		    (rc = rec_input(r, AID_DATE, in->date, cause)) == 0 &&
		    (rc = rec_input(r, AID_NOTES, in->notes != NULL ?
		    in->notes : "", cause)) == 0)
			rc = rec_put(t, r, cause);
		else
			rc = SH_EINVAL;
		if (rc == 0 && a->first == 0)
			a->first = r->id;
		rec_free(r);
	}
	return rc;
}

int
aid_add(struct db *db, const struct aid_in *in, size_t n, uint32_t *first,
    char **cause)
{
	struct add_args a = { in, n, 0 };
	int rc;

	rc = db_write(db, add_write, &a, cause);
	if (rc == 0 && first != NULL)
		*first = a.first;
	return rc;
}

static int
remove_write(struct txn *t, void *arg, char **cause)
{
	uint32_t id = *(uint32_t *)arg;
	struct rec *r;
	int rc;

	if (rec_get(t, RT_AID, id, &r) != 0) {
		set_cause(cause, _("there is no aid record #%u"), id);
		return SH_ENOTFOUND;
	}
	rc = aid_child(t, rec_ref(r, AID_CHILD), false, cause);
	if (rc == 0)
		rc = rec_del(t, RT_AID, id, r->version, cause);
	rec_free(r);
	return rc;
}

int
aid_remove(struct db *db, uint32_t id, char **cause)
{
	return db_write(db, remove_write, &id, cause);
}

int
aid_put(struct txn *t, struct rec *r, char **cause)
{
	struct rec *old = NULL;
	int rc;

	if (r->id != 0) {
		if (rec_get(t, RT_AID, r->id, &old) != 0) {
			set_cause(cause, _("there is no aid record #%u"),
			    r->id);
			return SH_ENOTFOUND;
		}
		rc = aid_child(t, rec_ref(old, AID_CHILD), false, cause);
		rec_free(old);
		if (rc != 0)
			return rc;
	}
	if ((rc = aid_child(t, rec_ref(r, AID_CHILD), r->id == 0,
	    cause)) != 0)
		return rc;
	return rec_put(t, r, cause);
}

static bool
selected(const struct aid_filter *f, const struct rec *a,
    const struct rec *c)
{
	if (f->child != 0 && rec_ref(a, AID_CHILD) != f->child)
		return false;
	if (f->school != 0 && rec_ref(c, CHILD_SCHOOL) != f->school)
		return false;
	if (f->grade != NULL && strcmp(rec_str(c, CHILD_GRADE), f->grade) != 0)
		return false;
	if (f->cls != NULL && strcmp(rec_str(c, CHILD_CLASS), f->cls) != 0)
		return false;
	if (f->term != NULL && strcmp(rec_str(a, AID_TERM), f->term) != 0)
		return false;
	if (f->kind != NULL && strcmp(rec_str(a, AID_KIND), f->kind) != 0)
		return false;
	return true;
}

static int
row_cmp(const void *x, const void *y)
{
	const struct aid_row *a = x, *b = y;
	int c = strcmp(a->sortkey, b->sortkey);

	if (c != 0)
		return c;
	return a->id < b->id ? -1 : a->id > b->id;
}

static void
row_fill(struct aid_row *row, const struct rec *a, const struct rec *c)
{
	struct buf k = { 0 };
	char *py;

	row->id = a->id;
	row->child = rec_ref(a, AID_CHILD);
	row->school = rec_ref(c, CHILD_SCHOOL);
	row->name = xstrdup(rec_str(c, CHILD_NAME));
	row->grade = xstrdup(rec_str(c, CHILD_GRADE));
	row->cls = xstrdup(rec_str(c, CHILD_CLASS));
	row->kind = xstrdup(rec_str(a, AID_KIND));
	row->term = xstrdup(rec_str(a, AID_TERM));
	row->amount = aid_amounts_visible(row->school) ?
	    xstrdup(rec_str(a, AID_AMOUNT)) : NULL;
	row->date = xstrdup(rec_str(a, AID_DATE));
	row->notes = xstrdup(rec_str(a, AID_NOTES));
	buf_addf(&k, "%010u%02d", row->school, atoi(row->grade));
	class_key_add(&k, row->cls);
	buf_addc(&k, '\001');
	py = pinyin_sort_key(row->name);
	buf_addstr(&k, py);
	free(py);
	buf_addf(&k, "\001%s", row->date);
	row->sortkey = buf_take(&k);
}

int
aid_list(struct db *db, const struct aid_filter *f, struct aid_rows *out,
    char **cause)
{
	struct rec_iter it;
	struct rec *a, *c;
	struct txn t;
	size_t cap = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = txn_read(db, &t)) != 0) {
		set_cause(cause, "%s", _("cannot read the database"));
		return rc;
	}
	rec_iter_start(&t, RT_AID, &it);
	while ((a = rec_iter_next(&it)) != NULL) {
		if (!access_private(rec_ref(a, AID_CHILD)) ||
		    rec_get(&t, RT_CHILD, rec_ref(a, AID_CHILD), &c) != 0) {
			rec_free(a);
			continue;
		}
		if (selected(f, a, c)) {
			if (out->n == cap) {
				cap = cap == 0 ? 16 : cap * 2;
				out->v = xreallocarray(out->v, cap,
				    sizeof *out->v);
			}
			memset(&out->v[out->n], 0, sizeof *out->v);
			row_fill(&out->v[out->n++], a, c);
		}
		rec_free(c);
		rec_free(a);
	}
	rc = it.err != 0 ? it.err : t.err;
	rec_iter_end(&it);
	txn_end(&t);
	if (rc != 0) {
		aid_rows_free(out);
		set_cause(cause, "%s", sh_strerror(rc));
		return rc;
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, row_cmp);
	return 0;
}

void
aid_rows_free(struct aid_rows *rows)
{
	size_t i;

	for (i = 0; i < rows->n; i++) {
		free(rows->v[i].name);
		free(rows->v[i].grade);
		free(rows->v[i].cls);
		free(rows->v[i].kind);
		free(rows->v[i].term);
		free(rows->v[i].amount);
		free(rows->v[i].date);
		free(rows->v[i].notes);
		free(rows->v[i].sortkey);
	}
	free(rows->v);
	memset(rows, 0, sizeof *rows);
}

static int
id_cmp(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return a < b ? -1 : a > b;
}

/* Different children among n ids (sorted here). */
static size_t
distinct(uint32_t *ids, size_t n)
{
	size_t i, d = 0;

	if (n > 1)
		qsort(ids, n, sizeof *ids, id_cmp);
	for (i = 0; i < n; i++)
		if (i == 0 || ids[i] != ids[i - 1])
			d++;
	return d;
}

int
aid_summarize(struct db *db, const struct aid_filter *f,
    struct aid_summary *s, char **cause)
{
	struct aid_rows rows;
	uint32_t *ids;
	size_t k, i, n, nk;
	long long fen;
	int rc;

	memset(s, 0, sizeof *s);
	if ((rc = aid_list(db, f, &rows, cause)) != 0)
		return rc;
	for (nk = 0; aid_choices[nk].key != NULL; nk++)
		;
	s->v = xcalloc(nk, sizeof *s->v);
	s->n = nk;
	s->amounts = f->school != 0 ? aid_amounts_visible(f->school) :
	    access_admin();
	ids = xcalloc(rows.n + 1, sizeof *ids);
	for (k = 0; k < nk; k++) {
		s->v[k].kind = aid_choices[k].key;
		for (i = n = 0; i < rows.n; i++) {
			if (strcmp(rows.v[i].kind, s->v[k].kind) != 0)
				continue;
			ids[n++] = rows.v[i].child;
			if (s->amounts && rows.v[i].amount != NULL &&
			    amount_parse(rows.v[i].amount, &fen, NULL) == 0)
				s->v[k].fen += fen;
		}
		s->v[k].count = n;
		s->v[k].children = distinct(ids, n);
		s->total.count += n;
		s->total.fen += s->v[k].fen;
	}
	for (i = 0; i < rows.n; i++)
		ids[i] = rows.v[i].child;
	s->total.children = distinct(ids, rows.n);
	free(ids);
	aid_rows_free(&rows);
	return 0;
}

void
aid_summary_free(struct aid_summary *s)
{
	free(s->v);
	memset(s, 0, sizeof *s);
}
