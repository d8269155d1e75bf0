/*
 * ui-counsel.c -- the counselling screen (main menu c, 心理辅导): the
 * sessions the login may read, newest first; Enter shows one (the
 * reading is recorded in the audit trail first), a adds one in a form.
 *
 * A login that may read no session (access_counsel) is told so on the
 * screen, which then shows nothing else.
 */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "counsel.h"
#include "i18n.h"
#include "model.h"
#include "rec.h"
#include "schema.h"
#include "ui-form.h"
#include "ui-safe.h"
#include "ui.h"
#include "util.h"

struct cscreen {
	struct screen	 s;
	bool		 allowed;
	struct idlist	 ids;
	char		**lines;
	size_t		 n;
	int		 sel, top;
};

static void
counsel_load(struct screen *s)
{
	struct cscreen *c = (struct cscreen *)s;
	struct buf b = { 0 };
	struct txn t;
	struct rec *r;
	char *cause = NULL;
	size_t i;

	idl_free(&c->ids);
	strv_free(c->lines);
	c->lines = NULL;
	c->n = 0;
	if (!(c->allowed = counsel_may()) || txn_read(ui.db, &t) != 0)
		return;
	counsel_select(&t, 0, 0, &c->ids);
	for (i = 0; i < c->ids.n; i++) {
		buf_reset(&b);
		if (rec_get(&t, RT_COUNSEL, c->ids.v[i], &r) == 0) {
			counsel_line(&t, r, &b);
			rec_free(r);
		}
		if (b.len > 0 && b.s[b.len - 1] == '\n')
			b.s[--b.len] = '\0';
		strv_push(&c->lines, &c->n, xstrdup(b.s != NULL ? b.s : ""));
	}
	txn_end(&t);
	if (counsel_listed(ui.db, c->ids.n, 0, 0, &cause) != 0) {
		/* What cannot be recorded is not shown. */
		idl_free(&c->ids);
		strv_free(c->lines);
		c->lines = NULL;
		c->n = 0;
		ui_error(_("the list cannot be recorded, so it is not shown: "
		    "%s"), cause);
		free(cause);
	}
	buf_free(&b);
	if (c->sel >= (int)c->n)
		c->sel = c->n > 0 ? (int)c->n - 1 : 0;
}

static void
counsel_draw(struct screen *s)
{
	struct cscreen *c = (struct cscreen *)s;
	int y = ui_body_top(), rows = ui_body_rows(), r;
	char *info;

	info = xasprintf(P_("%zu session", "%zu sessions", c->n), c->n);
	ui_title(_("Counselling sessions"), c->allowed ? info : NULL);
	free(info);
	if (!c->allowed) {
		ui_put(y + 1, 2, _("You may not read counselling sessions: only "
		    "the school's counsellors, its principal and the "
		    "administrator may."), COLS - 4, false);
		return;
	}
	if (c->n == 0) {
		ui_put(y + 1, 2, _("No counselling session yet: press a to add "
		    "one."), COLS - 4, false);
		return;
	}
	if (c->sel < c->top)
		c->top = c->sel;
	if (c->sel >= c->top + rows)
		c->top = c->sel - rows + 1;
	for (r = 0; r < rows && c->top + r < (int)c->n; r++)
		ui_put_attr(y + r, 0, c->lines[c->top + r], COLS, true,
		    c->top + r == c->sel ? A_REVERSE : 0);
}

static int
ck_move(struct screen *s, int key)
{
	struct cscreen *c = (struct cscreen *)s;

	if (key == KEYC(KEY_UP) && c->sel > 0)
		c->sel--;
	else if (key == KEYC(KEY_DOWN) && c->sel + 1 < (int)c->n)
		c->sel++;
	return UI_STAY;
}

static int
ck_show(struct screen *s, int key)
{
	struct cscreen *c = (struct cscreen *)s;
	struct buf b = { 0 };
	char **lines = NULL, *cause = NULL;
	size_t n = 0;
	int rc;

	if (!c->allowed || c->n == 0)
		return UI_STAY;
	ui_db_wait(1);
	rc = counsel_read(ui.db, c->ids.v[c->sel], &b, &cause);
	ui_db_wait(0);
	if (rc != 0) {
		ui_error("%s", cause);
		free(cause);
		buf_free(&b);
		return UI_STAY;
	}
	ui_text_lines(b.s, &lines, &n);
	ui_pager(_("Counselling session"), lines, n);
	strv_free(lines);
	buf_free(&b);
	return UI_STAY;
}

/* The counsellor is the login's staff member, or picked first. */
static const int counsel_hidden[] = { COUNSEL_SCHOOL, COUNSEL_COUNSELLOR,
    -1 };

/* Picks one of the school's counsellors: who may hold a session. */
static bool
pick_counsellor(uint32_t school, uint32_t *id)
{
	struct idlist ids = { 0 };
	struct txn t;
	bool picked;

	if (txn_read(ui.db, &t) != 0)
		return false;
	counsel_counsellors(&t, school, &ids);
	txn_end(&t);
	picked = ui_pick_staff(_("Counsellor"), &ids, 0, _("The school has "
	    "no counsellor: give a staff member the counsellor role in "
	    "Staff first."), id);
	idl_free(&ids);
	return picked;
}

/* The children as typed (names or numbers) into their numbers. */
static bool
prepare_counsel(struct rec **recs, int *r, int *field, void *arg)
{
	struct buf b = { 0 };
	uint32_t *ids;
	size_t n, i, j;
	char *list;

	if (*rec_str(recs[0], COUNSEL_CHILDREN) == '\0')
		return true;	/* the check says it is needed */
	if (!ui_children_named(rec_str(recs[0], COUNSEL_CHILDREN), &ids,
	    &n)) {
		*r = 0;
		*field = COUNSEL_CHILDREN;
		return false;
	}
	for (i = 0; i < n; i++) {
		for (j = 0; j < i && ids[j] != ids[i]; j++)
			;
		if (j == i)
			buf_addf(&b, "%s%u", b.len > 0 ? "," : "", ids[i]);
	}
	free(ids);
	list = buf_take(&b);
	rec_set(recs[0], COUNSEL_CHILDREN, list);
	free(list);
	return true;
}

static int
save_counsel(struct txn *t, struct rec **recs, void *arg, char **cause)
{
	return counsel_store(t, recs[0], cause);
}

static int
ck_add(struct screen *s, int key)
{
	struct cscreen *c = (struct cscreen *)s;
	struct form_spec spec;
	uint32_t staff = access_staff(), school = access_school();
	struct rec *r;

	if (!c->allowed)
		return UI_STAY;
	/* A principal or the administrator names one of the counsellors. */
	if (!(access_roles() & AR_COUNSELLOR) && ((school == 0 &&
	    !ui_pick_school(_("The counsellor's school"), NULL,
	    UI_FIRST_SCHOOL, &school, NULL)) ||
	    !pick_counsellor(school, &staff)))
		return UI_STAY;
	r = rec_new(RT_COUNSEL);
	rec_set(r, COUNSEL_DATE, ui.today);
	rec_set_ref(r, COUNSEL_COUNSELLOR, staff);
	memset(&spec, 0, sizeof spec);
	spec.title = _("A new counselling session");
	spec.kind = "counsel";
	spec.recs[0] = r;
	spec.hidden[0] = counsel_hidden;
	spec.nrecs = 1;
	spec.prepare = prepare_counsel;
	spec.save = save_counsel;
	form_open(&spec);
	return UI_STAY;
}

static int
ck_back(struct screen *s, int key)
{
	return UI_CLOSE;
}

static const struct keydef counsel_screen_keys[] = {
	{ "Enter", N_("read the session"), true, ck_show, { KEYS_ENTER } },
	{ "a", N_("add"), true, ck_add, { 'a' } },
	{ "Esc q", N_("back"), true, ck_back, { KEYS_BACK } },
	{ N_("Up Down"), N_("choose"), false, ck_move,
	    { KEYC(KEY_UP), KEYC(KEY_DOWN) } },
	{ NULL, NULL, false, NULL, { 0 } }
};

static void
counsel_free(struct screen *s)
{
	struct cscreen *c = (struct cscreen *)s;

	idl_free(&c->ids);
	strv_free(c->lines);
	free(c);
}

static const struct screen_ops counsel_ops = {
	N_("Counselling sessions"), counsel_screen_keys, counsel_draw, NULL,
	counsel_load, NULL, counsel_free, false, NULL
};

struct screen *
screen_counsel(void)
{
	struct cscreen *c = xcalloc(1, sizeof *c);

	c->s.ops = &counsel_ops;
	counsel_load(&c->s);
	return &c->s;
}
