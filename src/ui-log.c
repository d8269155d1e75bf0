/*
 * ui-log.c -- the care log on the screens (see ui-log.h): the lines of a
 * child's log, the form of an entry (made from the schema, saved through
 * care_put() so that a call verifies the number it reached), and an
 * entry shown whole in the pager.
 */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "care.h"
#include "i18n.h"
#include "model.h"
#include "rec.h"
#include "schema.h"
#include "ui-form.h"
#include "ui-log.h"
#include "ui.h"
#include "util.h"

void
ui_log_free(struct ui_log *l)
{
	free(l->ids);
	strv_free(l->lines);
	memset(l, 0, sizeof *l);
}

static char *
staff_title(struct txn *t, uint32_t id)
{
	struct rec *s;
	char *n;

	if (id == 0 || rec_get(t, RT_STAFF, id, &s) != 0)
		return xstrdup("");
	n = xstrdup(rec_title(s));
	rec_free(s);
	return n;
}

/* "2026-12-01 家访   魏红    好  ! 到家里看了看…" */
static char *
entry_line(struct txn *t, const struct rec *e, int cols)
{
	struct buf b = { 0 };
	char *s, *text, *p;
	int used;

	buf_addstr(&b, rec_str(e, LOG_DATE));
	buf_addc(&b, ' ');
	u_fit(&b, choice_label(care_kind_choices, rec_str(e, LOG_KIND)), 10,
	    true);
	buf_addc(&b, ' ');
	s = staff_title(t, rec_ref(e, LOG_STAFF));
	u_fit(&b, s, 8, true);
	free(s);
	buf_addc(&b, ' ');
	u_fit(&b, *rec_str(e, LOG_MOOD) != '\0' ? choice_label(
	    care_mood_choices, rec_str(e, LOG_MOOD)) : "", 6, true);
	buf_addstr(&b, strcmp(rec_str(e, LOG_CONCERN), "1") == 0 ? "! " :
	    "  ");
	if (*rec_str(e, LOG_FOLLOWUP) != '\0')
		buf_addf(&b, "→%s ", rec_str(e, LOG_FOLLOWUP) + 5);
	text = xstrdup(rec_str(e, LOG_TEXT));
	for (p = text; *p != '\0'; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	used = u_width(b.s);
	if (cols > used)
		u_fit(&b, text, cols - used, false);
	free(text);
	return buf_take(&b);
}

void
ui_log_load(struct txn *t, uint32_t child, int cols, struct ui_log *l)
{
	struct idlist ids = { 0 };
	struct rec *e;
	size_t i, nl = 0;

	memset(l, 0, sizeof *l);
	care_of_child(t, child, NULL, &ids);
	l->ids = xcalloc(ids.n + 1, sizeof *l->ids);
	for (i = 0; i < ids.n; i++) {
		if (rec_get(t, RT_LOG, ids.v[i], &e) != 0)
			continue;
		l->ids[l->n++] = e->id;
		strv_push(&l->lines, &nl, entry_line(t, e, cols));
		rec_free(e);
	}
	idl_free(&ids);
}

/* ---- the form ---- */

static const int log_hidden[] = { LOG_CHILD, -1 };

static int
save_entry(struct txn *t, struct rec **r, void *arg, char **cause)
{
	return care_put(t, r[0], cause);
}

static void
saved_entry(struct rec **r, void *arg)
{
	ui_msg(_("Saved in the care log: %s %s."), rec_str(r[0], LOG_DATE),
	    choice_label(care_kind_choices, rec_str(r[0], LOG_KIND)));
}

/* The form of entry e; start: the field the cursor starts on, or 0. */
static void
entry_form(struct rec *e, const char *title, int start)
{
	struct form_spec spec;

	memset(&spec, 0, sizeof spec);
	spec.title = title;
	spec.kind = "carelog";
	spec.context = rec_ref(e, LOG_CHILD);
	spec.recs[0] = e;
	spec.section[0] = N_("Care log entry");
	spec.hidden[0] = log_hidden;
	spec.nrecs = 1;
	spec.save = save_entry;
	spec.saved = saved_entry;
	spec.start_field = start;
	form_open(&spec);
}

void
ui_log_add(uint32_t child)
{
	struct rec *e, *c = NULL, *pair;
	struct txn t;
	uint32_t staff = access_staff();
	int kind = -1;
	char *title;

	if (txn_read(ui.db, &t) != 0) {
		ui_error("%s", _("cannot read the database"));
		return;
	}
	if (rec_get(&t, RT_CHILD, child, &c) != 0) {
		txn_end(&t);
		ui_error("%s", _("This child's file no longer exists."));
		return;
	}
	if (staff == 0 && (pair = child_mentor_pair(&t, child,
	    ui.today)) != NULL) {
		staff = rec_ref(pair, PAIR_STAFF);
		rec_free(pair);
	}
	kind = care_last_kind(&t, staff);
	txn_end(&t);
	e = rec_new(RT_LOG);
	rec_set_ref(e, LOG_CHILD, child);
	rec_set(e, LOG_DATE, ui.today);
	if (staff != 0)
		rec_set_ref(e, LOG_STAFF, staff);
	rec_set(e, LOG_KIND, care_kind_key(kind >= 0 ? kind : CK_TALK));
	title = xasprintf(_("%s: a new care log entry"), rec_title(c));
	/* The day, the author and the kind are filled in: the text first. */
	entry_form(e, title, LOG_TEXT);
	free(title);
	rec_free(c);
}

/* The entry, when the login may still change it; else NULL, said. */
static struct rec *
entry_to_change(uint32_t id)
{
	struct rec *e;
	struct txn t;
	int rc;

	if (txn_read(ui.db, &t) != 0) {
		ui_error("%s", _("cannot read the database"));
		return NULL;
	}
	rc = rec_get(&t, RT_LOG, id, &e);
	txn_end(&t);
	if (rc != 0) {
		ui_error(_("there is no care log entry #%u"), id);
		return NULL;
	}
	if (!care_may_write(e, e)) {
		ui_error("%s", _("Only its author may change an entry, on the "
		    "day it was written; later the principal."));
		rec_free(e);
		return NULL;
	}
	return e;
}

void
ui_log_edit(uint32_t id)
{
	struct rec *e;
	char *title;

	if ((e = entry_to_change(id)) == NULL)
		return;
	title = xasprintf(_("Care log entry #%u"), id);
	entry_form(e, title, 0);
	free(title);
}

void
ui_log_delete(uint32_t id)
{
	struct rec *e;
	char *cause = NULL, *q;

	if ((e = entry_to_change(id)) == NULL)
		return;
	q = xasprintf(_("Delete the care log entry of %s (%s)?"), rec_str(e,
	    LOG_DATE), choice_label(care_kind_choices, rec_str(e, LOG_KIND)));
	if (ui_confirm(q)) {
		if (care_delete(ui.db, id, e->version, &cause) != 0) {
			ui_error("%s", cause);
			free(cause);
		} else
			ui_msg(_("Care log entry #%u deleted."), id);
	}
	free(q);
	rec_free(e);
}

void
ui_log_show(uint32_t id)
{
	const struct schema *sc = &log_schema;
	char **lines = NULL, *v, *label;
	size_t n = 0;
	struct rec *e, *c;
	struct txn t;
	int f, i, rc;
	uint32_t cid;

	if (txn_read(ui.db, &t) != 0) {
		ui_error("%s", _("cannot read the database"));
		return;
	}
	if ((rc = rec_get(&t, RT_LOG, id, &e)) != 0) {
		txn_end(&t);
		ui_error(_("there is no care log entry #%u"), id);
		return;
	}
	for (f = 0; f < sc->nfields; f++) {
		if (f == LOG_CHILD2 || f == LOG_CHILD3 || f == LOG_CHILD4 ||
		    f == LOG_TEXT || *rec_str(e, f) == '\0')
			continue;
		if (f == LOG_CHILD) {
			struct buf b = { 0 };

			for (i = 0; i < CARE_CHILDREN; i++) {
				cid = rec_ref(e, care_child_field(i));
				if (cid == 0 || rec_get(&t, RT_CHILD, cid,
				    &c) != 0)
					continue;
				buf_addf(&b, "%s%s", b.len > 0 ? "、" : "",
				    rec_title(c));
				rec_free(c);
			}
			v = buf_take(&b);
			label = _("Children");
		} else {
			v = f == LOG_STAFF ? staff_title(&t, rec_ref(e, f)) :
			    field_display(&sc->fields[f], rec_str(e, f));
			label = _(sc->fields[f].label);
		}
		strv_push(&lines, &n, xasprintf("%s: %s", label,
		    v != NULL ? v : ""));
		free(v);
	}
	txn_end(&t);
	strv_push(&lines, &n, xasprintf("%s:", _(sc->fields[LOG_TEXT].label)));
	v = xstrdup(rec_str(e, LOG_TEXT));
	for (label = strtok(v, "\n"); label != NULL; label = strtok(NULL,
	    "\n"))
		ui_wrap(label, COLS - 4, &lines, &n);
	free(v);
	v = xasprintf(_("Care log entry #%u"), id);
	ui_pager(v, lines, n);
	free(v);
	strv_free(lines);
	rec_free(e);
}
