/*
 * ui-meeting.c -- meetings and activities on screen: the list of
 * meetings (the one list screen, with the meetings' view), the form of
 * a new meeting with its invitation, and one meeting: its invitees with
 * their attendance ticked by keys, its minutes and follow-up, and its
 * sign-in sheet printed.
 *
 * Each tick is saved at once in a short write transaction of its own
 * (meeting_tick()), so nothing waits on a person and nothing typed is
 * lost; the meeting is read again after every change.
 */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "audit.h"
#include "i18n.h"
#include "meeting.h"
#include "model.h"
#include "print.h"
#include "rec.h"
#include "schema.h"
#include "ui-form.h"
#include "ui-list.h"
#include "ui.h"
#include "util.h"

/* ---- one meeting ---- */

struct mview {
	struct screen	 s;
	uint32_t	 id;
	struct rec	*m;
	char		*school;
	struct invitees	 iv;
	struct list	 l;
	bool		 may_change;
};

static void
mview_load(struct screen *s)
{
	struct mview *v = (struct mview *)s;
	struct txn t;
	struct rec *sc;
	char *cause = NULL;
	size_t sel = v->l.sel;

	rec_free(v->m);
	v->m = NULL;
	free(v->school);
	v->school = NULL;
	invitees_free(&v->iv);
	if (txn_read(ui.db, &t) != 0) {
		ui_error("%s", _("cannot read the database"));
		return;
	}
	if (meeting_get(&t, v->id, &v->m, &cause) != 0 ||
	    meeting_invitees(&t, v->id, &v->iv, &cause) != 0) {
		ui_error("%s", cause);
		free(cause);
		rec_free(v->m);
		v->m = NULL;
	} else if (rec_get(&t, RT_SCHOOL, rec_ref(v->m, MEETING_SCHOOL),
	    &sc) == 0) {
		v->school = xstrdup(rec_title(sc));
		rec_free(sc);
	}
	txn_end(&t);
	if (v->school == NULL)
		v->school = xstrdup("");
	v->may_change = v->m != NULL &&
	    meeting_may_change(rec_ref(v->m, MEETING_SCHOOL));
	v->l.sel = sel;
	list_resize(&v->l, v->iv.n);
}

/* An invitee: the tick, the name, the class, whose guardian, why not. */
static void
mview_row(struct list *l, size_t i, struct buf *b, int width)
{
	struct mview *v = l->arg;
	const struct invitee *e = &v->iv.v[i];
	struct buf line = { 0 };
	const char *tick = strcmp(e->status, "present") == 0 ? "[x]" :
	    strcmp(e->status, "absent") == 0 ? "[-]" : "[ ]";

	buf_addf(&line, "%s %3zu  ", tick, i + 1);
	print_fit(&line, e->name, 10, true);
	buf_addstr(&line, "  ");
	print_fit(&line, e->cls, 16, true);
	buf_addstr(&line, "  ");
	if (e->contact != 0 && e->visible)
		buf_addf(&line, "%s %s  ", e->child_name,
		    choice_label(relation_choices, e->relation));
	if (strcmp(e->status, "absent") == 0) {
		buf_addstr(&line, _("absent"));
		if (*e->reason != '\0')
			buf_addf(&line, ": %s", e->reason);
	}
	print_fit(b, line.s, width, false);
	buf_free(&line);
}

static void
mview_draw(struct screen *s)
{
	struct mview *v = (struct mview *)s;
	char *title, *info, *line, *how;
	int y = ui_body_top(), cols = COLS;
	const char *min;

	if (v->m == NULL) {
		ui_title(_("Meeting"), NULL);
		return;
	}
	title = xasprintf("%s  %s", v->school, rec_str(v->m, MEETING_TOPIC));
	info = xasprintf("%s %s", rec_str(v->m, MEETING_DATE),
	    rec_str(v->m, MEETING_TIME));
	ui_title(title, info);
	free(title);
	free(info);
	how = meeting_kind_how_place(v->m);
	line = xasprintf(_("%s.  Invited %zu: present %zu, absent %zu, not "
	    "recorded %zu"), how, v->iv.n, v->iv.present, v->iv.absent,
	    v->iv.n - v->iv.present - v->iv.absent);
	ui_put(y++, 0, line, cols, true);
	free(line);
	free(how);
	min = rec_str(v->m, MEETING_MINUTES);
	line = xasprintf(_("Minutes: %s"), *min != '\0' ? min :
	    _("(none yet: m)"));
	ui_put(y++, 0, line, cols, true);
	free(line);
	if (*rec_str(v->m, MEETING_FOLLOWUP) != '\0') {
		line = xasprintf(_("Follow-up: %s %s"), rec_str(v->m,
		    MEETING_FOLLOWUP), rec_str(v->m, MEETING_FOLLOWUP_DATE));
		ui_put(y++, 0, line, cols, true);
		free(line);
	}
	if (v->iv.n == 0)
		ui_put(y, 0, _("Nobody is invited."), cols, true);
	else
		list_draw(&v->l, y, ui_body_rows() - (y - ui_body_top()),
		    NULL);
}

static int
mview_key(struct screen *s, int key)
{
	struct mview *v = (struct mview *)s;
	int rows = ui_body_rows() - 3;

	if (v->m == NULL)
		return key == KEY_ESC || key == 'q' ? UI_CLOSE : UI_STAY;
	return list_key(&v->l, key, rows > 1 ? rows : 1) ? UI_STAY : UI_PASS;
}

static bool
may_change(struct mview *v)
{
	if (v->m == NULL)
		return false;
	if (!v->may_change) {
		ui_error(_("%s may not change this meeting: that is for the "
		    "school's principal, its leadership group and the "
		    "administrator"), ui.db->user);
		return false;
	}
	return true;
}

static void
tick(struct mview *v, const char *status, const char *reason)
{
	const struct invitee *e = &v->iv.v[v->l.sel];
	char *cause = NULL;

	if (meeting_tick(ui.db, e->id, e->version, status, reason,
	    &cause) != 0) {
		ui_error("%s", cause != NULL ? cause : "");
		free(cause);
	}
	mview_load(&v->s);
}

/* Space: present, or not recorded again. */
static int
mk_present(struct screen *s, int key)
{
	struct mview *v = (struct mview *)s;

	if (!may_change(v) || v->iv.n == 0)
		return UI_STAY;
	tick(v, strcmp(v->iv.v[v->l.sel].status, "present") == 0 ? "" :
	    "present", NULL);
	if (v->l.sel + 1 < v->iv.n)
		v->l.sel++;
	list_resize(&v->l, v->iv.n);
	return UI_STAY;
}

/* x: absent, with the reason asked. */
static int
mk_absent(struct screen *s, int key)
{
	struct mview *v = (struct mview *)s;
	char *reason;

	if (!may_change(v) || v->iv.n == 0)
		return UI_STAY;
	reason = ui_prompt(_("Why absent (Enter: not known)"),
	    v->iv.v[v->l.sel].reason, 60);
	if (reason == NULL)
		return UI_STAY;
	tick(v, "absent", reason);
	free(reason);
	if (v->l.sel + 1 < v->iv.n)
		v->l.sel++;
	list_resize(&v->l, v->iv.n);
	return UI_STAY;
}

static void
write_minutes(struct mview *v, int field)
{
	char *text, *date = NULL, *cause = NULL;
	const char *q = field == MEETING_MINUTES ? _("Minutes: what was said "
	    "and decided") : _("Follow-up: what is to be done");
	int rc;

	if (!may_change(v))
		return;
	text = ui_prompt(q, rec_str(v->m, field), field == MEETING_MINUTES ?
	    2000 : 500);
	if (text == NULL)
		return;
	if (field == MEETING_FOLLOWUP && *text != '\0' &&
	    (date = ui_prompt(_("Follow-up by (a date, or Enter)"),
	    rec_str(v->m, MEETING_FOLLOWUP_DATE), 20)) == NULL) {
		free(text);
		return;
	}
	rc = field == MEETING_MINUTES ? meeting_minutes(ui.db, v->id, text,
	    NULL, NULL, &cause) : meeting_minutes(ui.db, v->id, NULL, text,
	    date != NULL ? date : "", &cause);
	if (rc != 0) {
		ui_error("%s", cause != NULL ? cause : "");
		free(cause);
	} else
		ui_msg("%s", _("Saved."));
	free(text);
	free(date);
	mview_load(&v->s);
}

static int
mk_minutes(struct screen *s, int key)
{
	write_minutes((struct mview *)s, MEETING_MINUTES);
	return UI_STAY;
}

static int
mk_followup(struct screen *s, int key)
{
	write_minutes((struct mview *)s, MEETING_FOLLOWUP);
	return UI_STAY;
}

/* p: the sign-in sheet, to lp or a file (a PDF when it ends in .pdf). */
static int
mk_print(struct screen *s, int key)
{
	struct mview *v = (struct mview *)s;
	struct print_opts o = { 0, 0, NULL };
	struct print_doc doc;
	struct print_dest dest = { NULL, false, NULL, PRINT_AUTO,
	    PRINT_ENC_DEFAULT };
	char *path, *cause = NULL, *done, name[32];

	snprintf(name, sizeof name, "meeting-%u.txt", v->id);
	if (v->m == NULL || !ui_print_where(_("Print the sign-in sheet"),
	    _("Write the sheet to the file (.pdf: a PDF)"), name, &dest,
	    &path))
		return UI_STAY;
	if (meeting_sheet(ui.db, v->id, &o, &doc, &cause) != 0) {
		ui_error("%s", cause);
		free(cause);
		free(path);
		return UI_STAY;
	}
	done = xasprintf(_("The sheet is in %s."), path != NULL ? path : "");
	(void)ui_deliver(&doc, &dest, done);
	free(done);
	free(path);
	print_doc_free(&doc);
	return UI_STAY;
}

static int
mk_back(struct screen *s, int key)
{
	return UI_CLOSE;
}

static const struct keydef mview_keys[] = {
	{ "Space", N_("present"), true, mk_present, { ' ' } },
	{ "x", N_("absent"), true, mk_absent, { 'x' } },
	{ "m", N_("minutes"), true, mk_minutes, { 'm' } },
	{ "f", N_("follow-up"), true, mk_followup, { 'f' } },
	{ "p", N_("print"), true, mk_print, { 'p' } },
	{ "Esc q", N_("back"), true, mk_back, { KEYS_BACK } },
	{ "Space", N_("the selected invitee came (again: not recorded)"),
	    false, NULL, { 0 } },
	{ "x", N_("the selected invitee did not come: asks why"), false,
	    NULL, { 0 } },
	{ "p", N_("print the sign-in sheet (to lp, or to a file)"), false,
	    NULL, { 0 } },
	{ NULL, NULL, false, NULL, { 0 } }
};

static void
mview_free(struct screen *s)
{
	struct mview *v = (struct mview *)s;

	rec_free(v->m);
	free(v->school);
	invitees_free(&v->iv);
	free(v);
}

static const struct screen_ops mview_ops = {
	N_("A meeting"), mview_keys, mview_draw, mview_key, mview_load, NULL,
	mview_free, false, NULL
};

struct screen *
screen_meeting(uint32_t id)
{
	struct mview *v = xcalloc(1, sizeof *v);

	v->s.ops = &mview_ops;
	v->id = id;
	v->l.arg = v;
	v->l.row = mview_row;
	v->l.hl = 3;
	mview_load(&v->s);
	return &v->s;
}

/* ---- a new meeting ---- */

/* The invitation chosen in the form's check, for its save. */
static char *new_spec;
static uint32_t new_id;

/* Asks whom to invite; the spec (caller frees) or NULL. */
static char *
ask_invite(void)
{
	static const char *const whats[] = {
		N_("every child of the school"), N_("a class"),
		N_("a village"), N_("a mentor's mentees"),
	};
	static const char *const whos[] = {
		N_("the children"), N_("their guardians"),
	};
	const char *labels[4];
	char *arg = NULL, *spec;
	int k, g;
	size_t i;

	for (i = 0; i < 4; i++)
		labels[i] = _(whats[i]);
	if ((k = ui_pick(_("Invite"), labels, 4, 0)) < 0)
		return NULL;
	if (k == 1)
		arg = ui_prompt(_("Class (3-2, or a whole grade: 3)"), NULL, 20);
	else if (k == 2)
		arg = ui_prompt(_("Village"), NULL, 30);
	else if (k == 3)
		arg = ui_prompt(_("The mentor's staff number"), NULL, 10);
	if (k > 0 && (arg == NULL || *arg == '\0')) {
		free(arg);
		return NULL;
	}
	labels[0] = _(whos[0]);
	labels[1] = _(whos[1]);
	if ((g = ui_pick(_("Who comes"), labels, 2, 0)) < 0) {
		free(arg);
		return NULL;
	}
	spec = xasprintf("%s%s%s", g == 1 ? "guardians:" : "", k == 0 ?
	    "school" : k == 1 ? "class:" : k == 2 ? "village:" : "mentor:",
	    arg != NULL ? arg : "");
	free(arg);
	return spec;
}

static bool
new_check(struct rec **recs, void *arg)
{
	char *cause = NULL;

	free(new_spec);
	new_spec = NULL;
	if (!meeting_may_change(rec_ref(recs[0], MEETING_SCHOOL))) {
		ui_error("%s", _("only the school's principal, its leadership "
		    "group and the administrator add its meetings"));
		return false;
	}
	if ((new_spec = ask_invite()) == NULL)
		return false;
	if (meeting_invite_check(new_spec, &cause) != 0) {
		ui_error("%s", cause);
		free(cause);
		return false;
	}
	return true;
}

static int
new_save(struct txn *t, struct rec **recs, void *arg, char **cause)
{
	size_t invited;

	return meeting_add_txn(t, recs[0], &new_spec, 1, &new_id, &invited,
	    cause);
}

static void
new_saved(struct rec **recs, void *arg)
{
	ui.saved_type = RT_MEETING;
	ui.saved_id = new_id;
	ui_msg(_("Meeting #%u added."), new_id);
}

static void
meeting_new(uint32_t school)
{
	static const int hidden[] = { MEETING_SCHOOL, MEETING_MINUTES,
	    MEETING_FOLLOWUP, MEETING_FOLLOWUP_DATE, -1 };
	struct form_spec spec;
	struct rec *m;

	if (school == 0 && !ui_pick_school(_("The meeting's school"), NULL,
	    UI_FIRST_SCHOOL, &school, NULL))
		return;
	if (!meeting_may_change(school)) {
		ui_error("%s", _("only the school's principal, its leadership "
		    "group and the administrator add its meetings"));
		return;
	}
	m = rec_new(RT_MEETING);
	rec_set_ref(m, MEETING_SCHOOL, school);
	rec_set(m, MEETING_DATE, ui.today);
	memset(&spec, 0, sizeof spec);
	spec.title = _("New meeting");
	spec.kind = "meeting";
	spec.context = school;
	spec.recs[0] = m;
	spec.nrecs = 1;
	spec.hidden[0] = hidden;
	spec.check = new_check;
	spec.save = new_save;
	spec.saved = new_saved;
	form_open(&spec);
}

/* ---- the list ---- */

struct meetings {
	struct lscreen		 ls;
	struct meeting_sum	*ms;
	size_t			 n;
	bool			 schools;	/* of more than one school */
};

/*
 * The lines of the list: the view's cells, with the school (short) when
 * the list holds more than one, and the topic taking what the others
 * leave of the width.
 */
static const char *const line_cols[] = {
	"id", "date", "time", "school", "kind", "topic", "attendance"
};
#define LINE_SCHOOL_WIDTH 10

static int
line_col(const struct view *v, const char *name)
{
	int c;

	for (c = 0; c < v->ncols; c++)
		if (strcmp(v->cols[c].name, name) == 0)
			return c;
	return -1;
}

/* The width of column c of the line in cols (topic: what is left). */
static int
line_width(const struct meetings *mm, int c, int cols)
{
	const struct view *v = mm->ls.view;
	int i, k, w, rest = cols;

	if (strcmp(line_cols[c], "school") == 0)
		return mm->schools ? LINE_SCHOOL_WIDTH : 0;
	if ((k = line_col(v, line_cols[c])) < 0)
		return 0;
	if (strcmp(line_cols[c], "topic") != 0)
		return view_col_width(&v->cols[k]);
	for (i = 0; i < (int)nitems(line_cols); i++)
		if (i != c && (w = line_width(mm, i, cols)) > 0)
			rest -= w + 1;
	w = view_col_width(&v->cols[k]);
	return rest > w ? rest : w;
}

/* The header (head) or row r, in cols columns. */
static void
line_make(const struct meetings *mm, const struct vrow *r,
    struct buf *out, int cols)
{
	const struct view *v = mm->ls.view;
	struct buf line = { 0 }, cell = { 0 };
	bool first = true;
	int c, k, w;

	for (c = 0; c < (int)nitems(line_cols); c++) {
		if ((w = line_width(mm, c, cols)) <= 0 ||
		    (k = line_col(v, line_cols[c])) < 0)
			continue;
		buf_reset(&cell);
		if (r == NULL)
			buf_addstr(&cell, _(v->cols[k].head));
		else
			view_cell(r, k, VF_TEXT, &cell);
		if (!first)
			buf_addc(&line, ' ');
		first = false;
		if (v->cols[k].flags & VC_RIGHT && r != NULL)
			u_fit_right(&line, cell.s != NULL ? cell.s : "", w);
		else
			print_fit(&line, cell.s != NULL ? cell.s : "", w, true);
	}
	if (line.s != NULL) {
		while (line.len > 0 && line.s[line.len - 1] == ' ')
			line.s[--line.len] = '\0';
		buf_add_safe(out, line.s, false);
	}
	buf_free(&line);
	buf_free(&cell);
}

static void
meetings_line(struct list *l, size_t i, struct buf *out, int cols)
{
	struct meetings *mm = l->arg;
	struct vrow *r = rowcache_get(&mm->ls.rows, i);

	if (r == NULL)
		buf_addf(out, "#%u", mm->ls.ids.v[i]);
	else
		line_make(mm, r, out, cols);
}

/* The list screen's drawing, with the header of these lines. */
static void
meetings_draw(struct screen *s)
{
	struct meetings *mm = (struct meetings *)s;
	struct buf head = { 0 };
	int y;

	lscreen_draw(s);
	y = ui_body_top() + (mm->ls.sb.active || mm->ls.sb.q.n > 0 ? 1 : 0);
	line_make(mm, NULL, &head, COLS - 3);
	move(y, 0);
	clrtoeol();
	ui_put_attr(y, 1, head.s != NULL ? head.s : "", COLS - 1, false,
	    A_BOLD | A_UNDERLINE);
	buf_free(&head);
}

static void
meetings_before(struct lscreen *ls)
{
	struct meetings *mm = (struct meetings *)ls;
	struct txn t;
	size_t i;

	meeting_sums_free(mm->ms, mm->n);
	mm->ms = NULL;
	mm->n = 0;
	if (txn_read(ui.db, &t) != 0) {
		ui_error("%s", _("cannot read the database"));
		return;
	}
	meeting_scan(&t, 0, NULL, NULL, NULL, &mm->ms, &mm->n);
	txn_end(&t);
	mm->schools = false;
	for (i = 1; i < mm->n; i++)
		if (mm->ms[i].school != mm->ms[0].school)
			mm->schools = true;
}

/* The newest first; a search keeps the topics and kinds holding it. */
static void
meetings_load(struct lscreen *ls, struct txn *t, const char *q)
{
	struct meetings *mm = (struct meetings *)ls;
	size_t i;

	for (i = mm->n; i-- > 0;)
		if (*q == '\0' || strstr(mm->ms[i].topic, q) != NULL ||
		    strstr(choice_label(meeting_kind_choices, mm->ms[i].kind),
		    q) != NULL || strstr(mm->ms[i].date, q) != NULL)
			idl_add(&ls->ids, mm->ms[i].id);
}

static struct vrow *
meetings_row(struct lscreen *ls, struct txn *t, uint32_t id)
{
	struct meetings *mm = (struct meetings *)ls;
	struct rec *r;
	size_t i;

	for (i = 0; i < mm->n && mm->ms[i].id != id; i++)
		;
	if (i == mm->n || rec_get(t, RT_MEETING, id, &r) != 0)
		return NULL;
	return view_row_ext(ls->view, &ls->ctx, t, r, view_needs(ls->view,
	    VF_TEXT, COLS, false) | (mm->schools ? VN_SCHOOL : 0),
	    &mm->ms[i]);
}

static char *
meetings_info(struct lscreen *ls, const char *q)
{
	return xasprintf(P_("%zu meeting", "%zu meetings", ls->ids.n),
	    ls->ids.n);
}

static void
meetings_open(struct lscreen *ls, uint32_t id)
{
	ui_push(screen_meeting(id));
}

static void
meetings_add(struct lscreen *ls)
{
	meeting_new(access_admin() ? 0 : access_school());
}

static void
meetings_edit(struct lscreen *ls, uint32_t id)
{
	struct txn t;
	struct rec *m = NULL;
	char *cause = NULL;
	bool ok = false;

	if (txn_read(ui.db, &t) == 0) {
		if (meeting_get(&t, id, &m, &cause) == 0)
			ok = meeting_may_change(rec_ref(m, MEETING_SCHOOL));
		txn_end(&t);
	}
	rec_free(m);
	free(cause);
	if (!ok)
		ui_error("%s", _("only the school's principal, its leadership "
		    "group and the administrator change its meetings"));
	else
		record_edit(RT_MEETING, id);
}

static void
meetings_free(struct lscreen *ls)
{
	struct meetings *mm = (struct meetings *)ls;

	meeting_sums_free(mm->ms, mm->n);
}

static const struct lstype meetings_type = {
	meetings_load, meetings_info,
	N_("No meetings yet: press a to add one."),
	N_("No meeting holds that."), NULL, meetings_open, meetings_add,
	meetings_edit, NULL, meetings_free, meetings_before, meetings_row
};

static const struct keydef meetings_keys[] = {
	{ NULL, NULL, false, NULL, { 0 } }
};

static const struct screen_ops meetings_ops = {
	N_("Meetings and activities"), meetings_keys, meetings_draw,
	lscreen_key, lscreen_reload, NULL, lscreen_free, false, lscreen_keys
};

struct screen *
screen_meetings(void)
{
	struct meetings *mm = xcalloc(1, sizeof *mm);

	lscreen_init(&mm->ls, &meetings_ops, &meetings_type, RT_MEETING,
	    N_("Meetings and activities"));
	mm->ls.l.row = meetings_line;
	return &mm->ls.s;
}
