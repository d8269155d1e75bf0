/*
 * ui-child.c -- one child's file: the record, the contact card in call
 * order, the mentor; and what a teacher does from there.
 *
 * Everything shown is read in one short transaction into memory
 * (child_load), and read again after every change, so that what is on
 * the screen is what is stored.
 */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "access.h"
#include "audit.h"
#include "i18n.h"
#include "model.h"
#include "rec.h"
#include "schema.h"
#include "ui-form.h"
#include "ui-log.h"
#include "ui.h"
#include "util.h"

struct childview {
	struct screen	 s;
	uint32_t	 id;
	struct rec	*child;
	struct card	 card;
	char		*school;
	char		*mentor;	/* name, or NULL */
	uint32_t	 mentor_id;	/* 0: none */
	char		*mentor_since;
	size_t		 sel;		/* selected line of the card */
	int		 card_top;
	char		*safe;		/* ui_plan_line(), or NULL */
	struct ui_log	 log;		/* the care log, newest first */
	bool		 in_log;	/* Tab: the keys work on the log */
	size_t		 log_sel;
	int		 log_top;
};

static void
child_clear(struct childview *v)
{
	rec_free(v->child);
	v->child = NULL;
	card_free(&v->card);
	free(v->school);
	free(v->mentor);
	free(v->mentor_since);
	free(v->safe);
	v->school = v->mentor = v->mentor_since = v->safe = NULL;
	ui_log_free(&v->log);
}

static void
child_load(struct screen *s)
{
	struct childview *v = (struct childview *)s;
	struct rec *r, *pair;
	struct txn t;

	child_clear(v);
	if (txn_read(ui.db, &t) != 0)
		return;
	if (rec_get(&t, RT_CHILD, v->id, &v->child) == 0) {
		child_card(&t, v->id, &v->card);
		if (rec_get(&t, RT_SCHOOL, rec_ref(v->child, CHILD_SCHOOL),
		    &r) == 0) {
			v->school = xstrdup(rec_title(r));
			rec_free(r);
		}
		v->mentor_id = 0;
		if ((pair = child_mentor_pair(&t, v->id, ui.today)) != NULL) {
			v->mentor_id = rec_ref(pair, PAIR_STAFF);
			if (rec_get(&t, RT_STAFF, rec_ref(pair, PAIR_STAFF),
			    &r) == 0) {
				v->mentor = xstrdup(rec_title(r));
				rec_free(r);
			}
			v->mentor_since = xstrdup(rec_str(pair, PAIR_SINCE));
			rec_free(pair);
		}
		v->safe = ui_plan_line(&t, v->id);
		ui_log_load(&t, v->id, COLS - 4, &v->log);
	}
	txn_end(&t);
	if (v->sel >= v->card.n)
		v->sel = v->card.n > 0 ? v->card.n - 1 : 0;
	if (v->log_sel >= v->log.n)
		v->log_sel = v->log.n > 0 ? v->log.n - 1 : 0;
}

/* "label value" pieces of the record, wrapped to the width. */
static int
draw_fields(struct childview *v, int y, int maxrows)
{
	static const int skip[] = { CHILD_NAME, CHILD_SCHOOL, CHILD_GRADE,
	    CHILD_CLASS, CHILD_NOTES };
	const struct schema *sc = v->child->sc;
	struct buf line = { 0 }, piece = { 0 };
	char *d;
	int f, rows = 0, w = 0, pw;
	size_t k;
	bool skipped;

	for (f = 0; f <= sc->nfields; f++) {
		buf_reset(&piece);
		if (f < sc->nfields) {
			for (skipped = false, k = 0; k < nitems(skip); k++)
				if (skip[k] == f)
					skipped = true;
			if (skipped || v->child->v[f] == NULL)
				continue;
			d = access_field(v->child, f) ?
			    field_display(&sc->fields[f], v->child->v[f]) :
			    xstrdup(ACCESS_MASK);
			buf_addf(&piece, "%s %s", _(sc->fields[f].label), d);
			free(d);
		}
		pw = u_width(piece.s != NULL ? piece.s : "");
		if (f == sc->nfields || (w > 0 && w + 3 + pw > COLS - 2)) {
			if (rows < maxrows)
				ui_put(y + rows, 1, line.s != NULL ? line.s :
				    "", COLS - 2, false);
			rows++;
			buf_reset(&line);
			w = 0;
		}
		if (f == sc->nfields)
			break;
		if (w > 0) {
			buf_addstr(&line, "   ");
			w += 3;
		}
		buf_addstr(&line, piece.s);
		w += pw;
	}
	if (*rec_str(v->child, CHILD_NOTES) != '\0') {
		/* Private: masked as in the other fields. */
		char *notes = access_field(v->child, CHILD_NOTES) ?
		    str_safe(rec_str(v->child, CHILD_NOTES), true) :
		    xstrdup(ACCESS_MASK);
		char *p, *nl;
		int indent = u_width(_("Notes")) + 1;

		/* Each line of the notes on a line of its own. */
		for (p = notes; p != NULL && rows < maxrows; p = nl) {
			if ((nl = strchr(p, '\n')) != NULL)
				*nl++ = '\0';
			buf_reset(&line);
			if (p == notes)
				buf_addf(&line, "%s %s", _("Notes"), p);
			else
				buf_addf(&line, "%*s%s", indent, "", p);
			ui_put(y + rows++, 1, line.s, COLS - 2, false);
		}
		free(notes);
	}
	buf_free(&line);
	buf_free(&piece);
	return rows;
}

/* The lines of one contact on the card. */
static void
card_lines(const struct card_line *cl, size_t n, char ***out, size_t *nout)
{
	struct buf b = { 0 };
	const struct rec *c = cl->contact, *l = cl->link;
	int i, shown = 0;

	buf_addf(&b, "%zu. %s  %s", n + 1, rec_str(c, CONTACT_NAME),
	    choice_label(relation_choices, rec_str(l, LINK_RELATION)));
	if (strcmp(rec_str(l, LINK_GUARDIAN), "1") == 0)
		buf_addf(&b, "  [%s]", _("entrusted guardian"));
	if (strcmp(rec_str(c, CONTACT_CAN_READ), "0") == 0)
		buf_addf(&b, "  [%s]", _("cannot read: call"));
	if (*rec_str(c, CONTACT_WORKPLACE) != '\0')
		buf_addf(&b, "  %s %s", _("works in"),
		    rec_str(c, CONTACT_WORKPLACE));
	strv_push(out, nout, buf_take(&b));
	for (i = 0; i < CONTACT_PHONES; i++) {
		if (*rec_str(c, contact_phone_field(i)) == '\0')
			continue;
		if (shown++ == 0)
			buf_addstr(&b, "     ");
		else
			buf_addstr(&b, "   ");
		buf_addstr(&b, rec_str(c, contact_phone_field(i)));
		/* A drill that could not get through says more. */
		if (*rec_str(c, contact_failed_field(i)) != '\0')
			buf_addf(&b, " (%s %s)", _("to verify: no answer in the "
			    "drill of"), rec_str(c, contact_failed_field(i)));
		else if (*rec_str(c, contact_verified_field(i)) != '\0')
			buf_addf(&b, " (%s %s)", _("verified"),
			    rec_str(c, contact_verified_field(i)));
		else
			buf_addf(&b, " (%s)", _("not verified"));
	}
	if (shown == 0)
		buf_addf(&b, "     %s", _("(no phone: add one)"));
	strv_push(out, nout, buf_take(&b));
}

/* The safeguarding line (ui-plan.c), above the mentor's. */
static void
safe_line(const struct childview *v)
{
	if (v->safe != NULL)
		ui_put_attr(ui_body_top() + ui_body_rows() - 2, 1, v->safe,
		    COLS - 2, false, A_BOLD);
}

/* The care log under the card: a title line, then rows entries. */
static void
draw_log(struct childview *v, int y, int rows)
{
	char *head;
	int r;

	head = xasprintf(_("Care log, newest first (%zu; Tab: %s)"), v->log.n,
	    v->in_log ? _("back to the card") : _("to the log"));
	ui_put_attr(y, 1, head, COLS - 2, false, A_BOLD | A_UNDERLINE);
	free(head);
	y++;
	if (v->log.n == 0) {
		ui_put(y, 3, _("Nothing yet: press l to write the first "
		    "entry."), COLS - 4, false);
		return;
	}
	if ((int)v->log_sel < v->log_top)
		v->log_top = (int)v->log_sel;
	if ((int)v->log_sel >= v->log_top + rows)
		v->log_top = (int)v->log_sel - rows + 1;
	for (r = 0; r < rows && v->log_top + r < (int)v->log.n; r++)
		ui_put_attr(y + r, 3, v->log.lines[v->log_top + r], COLS - 4,
		    true, v->in_log && (size_t)(v->log_top + r) ==
		    v->log_sel ? A_REVERSE : 0);
}

static void
child_draw(struct screen *s)
{
	struct childview *v = (struct childview *)s;
	char *title, *info, *cl, **lines = NULL;
	size_t n = 0, i, first_of_sel = 0;
	int y = ui_body_top(), rows = ui_body_rows(), used, cardrows, r;
	int logrows;

	if (v->child == NULL) {
		ui_title(_("Child"), NULL);
		ui_put(y + 1, 2, _("This child's file no longer exists."),
		    COLS - 4, false);
		return;
	}
	title = xasprintf("%s %s  (#%u)", _("Child"), rec_title(v->child),
	    v->id);
	cl = class_label(rec_str(v->child, CHILD_GRADE),
	    rec_str(v->child, CHILD_CLASS));
	info = xasprintf("%s %s", v->school != NULL ? v->school : "", cl);
	ui_title(title, info);
	free(title);
	free(info);
	free(cl);

	used = draw_fields(v, y, rows / 2);
	y += used + 1;
	rows -= used + 1;
	ui_put_attr(y, 1, _("Contact card (call order)"), COLS - 2, false,
	    A_BOLD | A_UNDERLINE);
	y++;
	rows--;
	/* The safeguarding line, when there is one, sits above the mentor's. */
	rows -= v->safe != NULL;
	/* The mentor takes the last line, the care log what the card
	 * leaves (half at least when it has that many entries). */
	for (i = 0; i < v->card.n; i++)
		card_lines(&v->card.lines[i], i, &lines, &n);
	strv_free(lines);
	lines = NULL;
	logrows = rows - 3 - (int)(n > 0 ? n : 1);
	if (logrows < (rows - 3) / 2)
		logrows = (rows - 3) / 2;
	if (logrows > (int)v->log.n + 0 && v->log.n > 0)
		logrows = (int)v->log.n;
	if (logrows < 1)
		logrows = 1;
	cardrows = rows - 3 - logrows;
	n = 0;
	for (i = 0; i < v->card.n; i++) {
		if (i == v->sel)
			first_of_sel = n;
		card_lines(&v->card.lines[i], i, &lines, &n);
	}
	if (first_of_sel < (size_t)v->card_top)
		v->card_top = (int)first_of_sel;
	if (first_of_sel + 2 > (size_t)(v->card_top + cardrows))
		v->card_top = (int)first_of_sel + 2 - cardrows;
	for (r = 0; r < cardrows && v->card_top + r < (int)n; r++) {
		size_t li = (size_t)(v->card_top + r);

		ui_put_attr(y + r, 1, lines[li], COLS - 2, true,
		    !v->in_log && v->card.n > 0 && (li == first_of_sel ||
		    li == first_of_sel + 1) ? A_REVERSE : 0);
	}
	if (v->card.n == 0)
		ui_put(y, 3, _("Nobody yet: press a to add the guardian and "
		    "the parents."), COLS - 4, false);
	strv_free(lines);
	draw_log(v, y + cardrows, logrows);
	if (v->mentor != NULL)
		info = xasprintf(_("Mentor: %s (since %s)"), v->mentor,
		    v->mentor_since);
	else
		info = xasprintf(_("%s: %s"), _("Mentor"),
		    _("none yet (press m)"));
	safe_line(v);
	ui_put_attr(ui_body_top() + ui_body_rows() - 1, 1, info, COLS - 2,
	    false, A_BOLD);
	free(info);
}

/* ---- writing ---- */

struct op_arg {
	struct childview	*v;
	uint32_t		 a, b;
	const uint32_t		*order;
	size_t			 n;
	const char		*text;
};

static void
run_write(write_fn fn, struct op_arg *a, const char *done)
{
	char *cause = NULL;

	if (db_write(ui.db, fn, a, &cause) != 0) {
		ui_error("%s", cause != NULL ? cause : _("cannot save"));
		free(cause);
	} else if (done != NULL)
		ui_msg("%s", done);
	child_load(&a->v->s);
}

static int
reorder_write(struct txn *t, void *arg, char **cause)
{
	struct op_arg *a = arg;

	return card_reorder(t, a->v->id, a->order, a->n, cause);
}

static void
move_contact(struct childview *v, int dir)
{
	struct op_arg a = { v, 0, 0, NULL, 0, NULL };
	uint32_t *order, tmp;
	size_t i, to;

	if (v->card.n < 2)
		return;
	if ((dir < 0 && v->sel == 0) || (dir > 0 && v->sel + 1 >= v->card.n)) {
		beep();
		return;
	}
	order = xcalloc(v->card.n, sizeof *order);
	for (i = 0; i < v->card.n; i++)
		order[i] = v->card.lines[i].link->id;
	to = dir < 0 ? v->sel - 1 : v->sel + 1;
	tmp = order[to];
	order[to] = order[v->sel];
	order[v->sel] = tmp;
	a.order = order;
	a.n = v->card.n;
	v->sel = to;
	run_write(reorder_write, &a, _("The call order is changed."));
	free(order);
}

static int
unlink_write(struct txn *t, void *arg, char **cause)
{
	return link_remove(t, ((struct op_arg *)arg)->a, cause);
}

static void
unlink_contact(struct childview *v)
{
	struct op_arg a = { v, 0, 0, NULL, 0, NULL };
	const struct card_line *cl;
	char *q;

	if (v->card.n == 0)
		return;
	cl = &v->card.lines[v->sel];
	q = xasprintf(_("Remove %s (%s) from %s's contact card?"),
	    rec_title(cl->contact), choice_label(relation_choices,
	    rec_str(cl->link, LINK_RELATION)), rec_title(v->child));
	if (ui_confirm(q)) {
		a.a = cl->link->id;
		run_write(unlink_write, &a, _("Removed from the card."));
	}
	free(q);
}

static int
verify_write(struct txn *t, void *arg, char **cause)
{
	struct op_arg *a = arg;

	return contact_verify_phone(t, a->a, a->text, ui.today, cause);
}

static void
verify_phone(struct childview *v)
{
	struct op_arg a = { v, 0, 0, NULL, 0, NULL };
	const struct rec *c;
	const char *labels[CONTACT_PHONES];
	int n = 0, i, k;
	char *done;

	if (v->card.n == 0)
		return;
	c = v->card.lines[v->sel].contact;
	for (i = 0; i < CONTACT_PHONES; i++)
		if (*rec_str(c, contact_phone_field(i)) != '\0') {
			labels[n++] = rec_str(c, contact_phone_field(i));
		}
	if (n == 0) {
		ui_error("%s", _("This contact has no phone number."));
		return;
	}
	k = n == 1 ? 0 : ui_pick(_("Which number answered?"), labels,
	    (size_t)n, 0);
	if (k < 0)
		return;
	a.a = c->id;
	a.text = labels[k];
	done = xasprintf(_("%s is marked as verified today."), labels[k]);
	run_write(verify_write, &a, done);
	free(done);
}

static int
mentor_write(struct txn *t, void *arg, char **cause)
{
	struct op_arg *a = arg;

	if (a->a == 0)
		return mentor_end(t, a->v->id, ui.today, cause);
	return mentor_assign(t, a->v->id, a->a, ui.today, cause);
}

/* Staff of the child's school, with how many they mentor. */
static void
choose_mentor(struct childview *v)
{
	struct op_arg a = { v, 0, 0, NULL, 0, NULL };

	if (!ui_pick_mentor(rec_ref(v->child, CHILD_SCHOOL), true,
	    v->mentor_id, &a.a))
		return;
	run_write(mentor_write, &a, a.a != 0 ?
	    _("The mentor is set from today.") :
	    _("The child has no mentor from today."));
}

static int
delete_write(struct txn *t, void *arg, char **cause)
{
	struct rec *child = arg;

	return child_delete(t, child->id, child->version, cause);
}

/* Deletes a child's file for good, when the user says so. */
static bool
delete_child(struct rec *child)
{
	char *q, *cause = NULL;
	bool deleted = false;

	q = xasprintf(_("Delete %s's file, contact card and mentoring for "
	    "good?"), rec_title(child));
	if (!ui_confirm(q))
		;
	else if (db_write(ui.db, delete_write, child, &cause) != 0) {
		ui_error("%s", cause != NULL ? cause : _("cannot save"));
		free(cause);
	} else {
		ui_msg(_("%s's file is deleted."), rec_title(child));
		deleted = true;
	}
	free(q);
	return deleted;
}

/*
 * A new status: confirmed, from a date (today unless changed), for a
 * reason, ending the mentoring pair when the user says so.
 */
static void
set_status(struct rec *child, const char *status)
{
	struct txn t;
	struct rec *pair = NULL;
	const char *label = _(choice_label(status_choices, status));
	char *date = NULL, *reason = NULL, *q, *cause = NULL;
	bool leaving = strcmp(status, "in_school") != 0, end = false;

	if (leaving) {
		if ((date = ui_prompt(_("From which day? (a date; Enter: "
		    "today)"), ui.today, 20)) == NULL)
			return;
		if ((reason = ui_prompt(_("Why? (may be left empty)"), NULL,
		    100)) == NULL) {
			free(date);
			return;
		}
		if (txn_read(ui.db, &t) == 0) {
			pair = child_mentor_pair(&t, child->id, ui.today);
			txn_end(&t);
		}
		if (pair != NULL) {
			end = ui_confirm(_("End the child's mentoring pair "
			    "too?"));
			rec_free(pair);
		}
		q = xasprintf(_("%s leaves the lists as \"%s\" from %s. Go "
		    "on?"), rec_title(child), label, *date ? date : ui.today);
	} else
		q = xasprintf(_("%s is in school again (the change is undone). "
		    "Go on?"), rec_title(child));
	if (ui_confirm(q)) {
		if (child_set_status(ui.db, child->id, status, date, reason,
		    end, &cause) != 0) {
			ui_error("%s", cause != NULL ? cause :
			    _("cannot save"));
			free(cause);
		} else if (leaving)
			ui_msg(_("%s is marked \"%s\" (d on the file undoes "
			    "it, l in the list shows it)."),
			    rec_title(child), label);
		else
			ui_msg(_("%s is in school again."), rec_title(child));
	}
	free(q);
	free(date);
	free(reason);
}

bool
child_leave(uint32_t child)
{
	const char *labels[6], *keys[6];
	struct rec *c;
	struct txn t;
	int k, i, n = 0;
	bool deleted = false;

	if (txn_read(ui.db, &t) != 0)
		return false;
	if (rec_get(&t, RT_CHILD, child, &c) != 0) {
		txn_end(&t);
		return false;
	}
	txn_end(&t);
	/* A child who left can come back: that undoes the change. */
	if (!child_active(c)) {
		keys[n] = "in_school";
		labels[n++] = _("back in school (undo the change)");
	}
	for (i = 1; status_choices[i].key != NULL && n < 5; i++) {
		if (strcmp(status_choices[i].key,
		    rec_str(c, CHILD_STATUS)) == 0)
			continue;
		keys[n] = status_choices[i].key;
		labels[n++] = _(status_choices[i].label);
	}
	keys[n] = NULL;
	labels[n++] = _("delete the file completely");
	k = ui_pick(_("The child leaves the list as:"), labels, (size_t)n,
	    0);
	if (k >= 0 && keys[k] == NULL)
		deleted = delete_child(c);
	else if (k >= 0)
		set_status(c, keys[k]);
	rec_free(c);
	return deleted;
}

/* ---- adding contacts ---- */

static void
saved_contact(struct rec **r, void *arg)
{
	ui_msg(_("Saved %s on the contact card."), rec_title(r[1]));
}

static void
saved_link(struct rec **r, void *arg)
{
	ui_msg("%s", _("Linked to the contact card."));
}

/* The user agreed to move the entrusted guardian's mark to this link. */
static bool move_mark;

/*
 * Before a line of the card is saved: marking a second entrusted
 * guardian asks to move the mark from the first.
 */
static bool
check_guardian(struct rec **r, void *arg)
{
	struct card card = { NULL, 0 };
	struct txn t;
	struct rec *me = NULL;
	char *q, *who;
	size_t i;
	bool ok = true;

	move_mark = false;
	if (strcmp(rec_str(r[0], LINK_GUARDIAN), "1") != 0 ||
	    txn_read(ui.db, &t) != 0)
		return true;
	child_card(&t, rec_ref(r[0], LINK_CHILD), &card);
	if (r[1] == NULL)
		rec_get(&t, RT_CONTACT, rec_ref(r[0], LINK_CONTACT), &me);
	txn_end(&t);
	who = xstrdup(r[1] != NULL ? rec_title(r[1]) : me != NULL ?
	    rec_title(me) : "");
	for (i = 0; i < card.n && ok; i++) {
		if (card.lines[i].link->id == r[0]->id ||
		    strcmp(rec_str(card.lines[i].link, LINK_GUARDIAN),
		    "1") != 0)
			continue;
		q = xasprintf(_("%s is the entrusted guardian. Move the mark "
		    "to %s?"), rec_title(card.lines[i].contact), who);
		if ((ok = move_mark = ui_confirm(q)) == false)
			ui_msg(_("Nothing is saved: %s stays the entrusted "
			    "guardian unless the mark here is taken off."),
			    rec_title(card.lines[i].contact));
		free(q);
	}
	free(who);
	rec_free(me);
	card_free(&card);
	return ok;
}

/*
 * After a line of the card is written: it takes the place in the call
 * order that was typed, the others move down (or up) one; the entrusted
 * guardian's mark leaves the others when the user agreed.
 */
static int
place_link(struct txn *t, const struct rec *link, char **cause)
{
	struct card card = { NULL, 0 };
	struct rec *other;
	uint32_t *order, child = rec_ref(link, LINK_CHILD);
	size_t i, n = 0, at = rec_ref(link, LINK_PRIORITY);
	int rc;

	if ((rc = child_card(t, child, &card)) != 0)
		return rc;
	order = xcalloc(card.n + 1, sizeof *order);
	for (i = 0; i < card.n && rc == 0; i++) {
		if (card.lines[i].link->id == link->id)
			continue;
		order[n++] = card.lines[i].link->id;
		if (!move_mark || strcmp(rec_str(card.lines[i].link,
		    LINK_GUARDIAN), "1") != 0)
			continue;
		other = rec_dup(card.lines[i].link);
		rec_set(other, LINK_GUARDIAN, "0");
		rc = rec_put(t, other, cause);
		rec_free(other);
	}
	if (rc == 0) {
		at = at >= 1 ? at - 1 : n;
		if (at > n)
			at = n;
		memmove(order + at + 1, order + at, (n - at) * sizeof *order);
		order[at] = link->id;
		rc = card_reorder(t, child, order, n + 1, cause);
	}
	free(order);
	card_free(&card);
	return rc;
}

/* The form's records: [0] the link, [1] the contact. */
static int
save_contact_link(struct txn *t, struct rec **r, void *arg, char **cause)
{
	int rc;

	if ((rc = rec_put(t, r[1], cause)) != 0)
		return rc;
	if (r[0]->id == 0 && link_between(t, rec_ref(r[0], LINK_CHILD),
	    r[1]->id) != 0) {
		set_cause(cause, _("this person is already on the child's "
		    "contact card"));
		return SH_EDUP;
	}
	rec_set_ref(r[0], LINK_CONTACT, r[1]->id);
	if ((rc = rec_put(t, r[0], cause)) != 0)
		return rc;
	return place_link(t, r[0], cause);
}

static int
save_link_only(struct txn *t, struct rec **r, void *arg, char **cause)
{
	int rc;

	if (r[0]->id == 0 && link_between(t, rec_ref(r[0], LINK_CHILD),
	    rec_ref(r[0], LINK_CONTACT)) != 0) {
		set_cause(cause, _("this person is already on the child's "
		    "contact card"));
		return SH_EDUP;
	}
	if ((rc = rec_put(t, r[0], cause)) != 0)
		return rc;
	return place_link(t, r[0], cause);
}

static const int link_hidden[] = { LINK_CHILD, LINK_CONTACT, -1 };

static struct rec *
new_link(struct childview *v, uint32_t contact)
{
	struct rec *l = rec_new(RT_LINK);
	char prio[16];

	rec_set_ref(l, LINK_CHILD, v->id);
	rec_set_ref(l, LINK_CONTACT, contact);
	snprintf(prio, sizeof prio, "%zu", v->card.n + 1 > 99 ? 99 :
	    v->card.n + 1);
	rec_set(l, LINK_PRIORITY, prio);
	rec_set(l, LINK_GUARDIAN, v->card.n == 0 ? "1" : "0");
	return l;
}

/* Links a person already known (a sibling's parent, say). */
static void
link_existing(struct childview *v)
{
	struct form_spec spec;
	struct idlist ids = { 0 };
	struct txn t;
	struct rec *c;
	char *q, **labels = NULL, **who = NULL, *title, *kids;
	size_t n = 0, nwho = 0, i;
	uint32_t *cids;
	int k;

	q = ui_prompt(_("Find the person: name, pinyin or phone digits"), NULL,
	    40);
	if (q == NULL || *q == '\0') {
		free(q);
		return;
	}
	if (txn_read(ui.db, &t) != 0) {
		free(q);
		return;
	}
	search_contacts(&t, q, &ids);
	cids = xcalloc(ids.n ? ids.n : 1, sizeof *cids);
	for (i = 0; i < ids.n && n < 200; i++) {
		struct idlist links = { 0 };
		struct buf b = { 0 };
		struct rec *l;
		size_t j;

		if (rec_get(&t, RT_CONTACT, ids.v[i], &c) != 0)
			continue;
		ix_refs(&t, IX_CONTACT_LINK, c->id, &links);
		for (j = 0; j < links.n; j++) {
			struct rec *kid;

			if (rec_get(&t, RT_LINK, links.v[j], &l) != 0)
				continue;
			if (rec_get(&t, RT_CHILD, rec_ref(l, LINK_CHILD),
			    &kid) == 0) {
				buf_addf(&b, "%s%s(%s)", b.len ? " " : "",
				    rec_title(kid), choice_label(
				    relation_choices, rec_str(l,
				    LINK_RELATION)));
				rec_free(kid);
			}
			rec_free(l);
		}
		idl_free(&links);
		kids = buf_take(&b);
		cids[n] = c->id;
		/* The form's title names the person, not the children. */
		strv_push(&who, &nwho, xasprintf("%s  %s", rec_title(c),
		    rec_str(c, CONTACT_PHONE1)));
		strv_push(&labels, &n, xasprintf("%s  %s  %s",
		    rec_title(c), rec_str(c, CONTACT_PHONE1), kids));
		free(kids);
		rec_free(c);
	}
	txn_end(&t);
	idl_free(&ids);
	if (n == 0) {
		ui_error(_("Nobody found for \"%s\"."), q);
		free(q);
		free(cids);
		return;
	}
	free(q);
	k = ui_pick(_("Link which person?"), (const char *const *)labels, n,
	    0);
	if (k >= 0) {
		memset(&spec, 0, sizeof spec);
		title = xasprintf(_("%s's contact card: link %s"),
		    rec_title(v->child), who[k]);
		spec.title = title;
		spec.kind = "link";
		spec.context = v->id;
		spec.recs[0] = new_link(v, cids[k]);
		spec.section[0] = N_("Relation to the child");
		spec.hidden[0] = link_hidden;
		spec.nrecs = 1;
		spec.check = check_guardian;
		spec.save = save_link_only;
		spec.saved = saved_link;
		form_open(&spec);
		free(title);
	}
	strv_free(labels);
	strv_free(who);
	free(cids);
}

/* The form for one line of the card: the link, then the person. */
static void
contact_form(struct childview *v, const char *title, struct rec *link,
    struct rec *contact)
{
	struct form_spec spec;

	memset(&spec, 0, sizeof spec);
	spec.title = title;
	spec.kind = "contact+link";
	spec.context = v->id;
	spec.recs[0] = link;
	spec.recs[1] = contact;
	spec.section[0] = N_("Relation to the child");
	spec.section[1] = N_("The person");
	spec.hidden[0] = link_hidden;
	spec.nrecs = 2;
	spec.check = check_guardian;
	spec.save = save_contact_link;
	spec.saved = saved_contact;
	form_open(&spec);
}

static void
add_contact(struct childview *v)
{
	static const char *const how[] = {
		N_("a new person"),
		N_("somebody already known (a sibling's parent or guardian)")
	};
	const char *labels[2] = { _(how[0]), _(how[1]) };
	char *title;
	int k;

	k = ui_pick(_("Add to the contact card:"), labels, 2, 0);
	if (k < 0)
		return;
	if (k == 1) {
		link_existing(v);
		return;
	}
	title = xasprintf(_("%s's contact card: a new person"),
	    rec_title(v->child));
	contact_form(v, title, new_link(v, 0), rec_new(RT_CONTACT));
	free(title);
}

static void
edit_contact(struct childview *v)
{
	char *title;

	if (v->card.n == 0)
		return;
	title = xasprintf(_("%s: %s"), _("Edit"),
	    rec_title(v->card.lines[v->sel].contact));
	contact_form(v, title, rec_dup(v->card.lines[v->sel].link),
	    rec_dup(v->card.lines[v->sel].contact));
	free(title);
}

/* A child no longer there: only going back. */
static int
child_key(struct screen *s, int key)
{
	struct childview *v = (struct childview *)s;

	if (v->child == NULL)
		return key == KEY_ESC || key == 'q' ? UI_CLOSE : UI_STAY;
	return UI_PASS;
}

static int
ck_move(struct screen *s, int key)
{
	struct childview *v = (struct childview *)s;

	if (v->in_log) {
		if (key == KEYC(KEY_UP) && v->log_sel > 0)
			v->log_sel--;
		else if (key == KEYC(KEY_DOWN) && v->log_sel + 1 < v->log.n)
			v->log_sel++;
	} else if (key == KEYC(KEY_UP) && v->sel > 0)
		v->sel--;
	else if (key == KEYC(KEY_DOWN) && v->sel + 1 < v->card.n)
		v->sel++;
	return UI_STAY;
}

static int
ck_edit(struct screen *s, int key)
{
	struct childview *v = (struct childview *)s;

	if (v->in_log && v->log.n > 0)
		ui_log_edit(v->log.ids[v->log_sel]);
	else if (!v->in_log)
		record_edit(RT_CHILD, v->id);
	return UI_STAY;
}

static int
ck_add(struct screen *s, int key)
{
	struct childview *v = (struct childview *)s;

	if (v->in_log) {
		v->log_sel = 0;
		ui_log_add(v->id);
	} else
		add_contact(v);
	return UI_STAY;
}

static int
ck_person(struct screen *s, int key)
{
	struct childview *v = (struct childview *)s;

	if (v->in_log && v->log.n > 0)
		ui_log_show(v->log.ids[v->log_sel]);
	else if (!v->in_log)
		edit_contact(v);
	return UI_STAY;
}

/* l: a new entry in the care log, wherever the keys work. */
static int
ck_log_add(struct screen *s, int key)
{
	struct childview *v = (struct childview *)s;

	v->log_sel = 0;
	ui_log_add(v->id);
	return UI_STAY;
}

static const struct screen_ops child_ops, child_log_ops;

/*
 * Tab: the keys work on the card or on the log; each part has its own
 * key table, so that the status line and the help say what they do.
 */
static int
ck_focus(struct screen *s, int key)
{
	struct childview *v = (struct childview *)s;

	v->in_log = !v->in_log;
	v->s.ops = v->in_log ? &child_log_ops : &child_ops;
	return UI_STAY;
}

static int
ck_order(struct screen *s, int key)
{
	move_contact((struct childview *)s, key == '<' || key == ',' ? -1 :
	    1);
	return UI_STAY;
}

static int
ck_verify(struct screen *s, int key)
{
	verify_phone((struct childview *)s);
	return UI_STAY;
}

static int
ck_mentor(struct screen *s, int key)
{
	choose_mentor((struct childview *)s);
	return UI_STAY;
}

static int
ck_unlink(struct screen *s, int key)
{
	unlink_contact((struct childview *)s);
	return UI_STAY;
}

static int
ck_leave(struct screen *s, int key)
{
	struct childview *v = (struct childview *)s;

	if (v->in_log) {
		if (v->log.n > 0)
			ui_log_delete(v->log.ids[v->log_sel]);
		child_load(s);
		return UI_STAY;
	}
	if (child_leave(v->id))
		return UI_CLOSE;
	child_load(s);
	return UI_STAY;
}

/* ---- the history of the child's changes ---- */

struct history {
	char	**lines;
	size_t	  n;
	bool	  private;	/* may see the child's private fields */
};

/* One change: when, who, what; then each field, old → new. */
static int
history_entry(const struct audit_entry *e, void *arg)
{
	struct history *h = arg;
	const struct schema *sc = schema_of(RT_CHILD);
	const struct field *fd;
	time_t tt = (time_t)e->time;
	struct tm tm;
	char when[20], *login, *ov, *nv;
	const char *op;
	size_t i;

	if (localtime_r(&tt, &tm) == NULL ||
	    strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm) == 0)
		strcpy(when, "?");
	op = e->op == AUDIT_CREATE ? _("created") : e->op == AUDIT_DELETE ?
	    _("deleted") : _("changed");
	login = str_safe(e->login, false);
	strv_push(&h->lines, &h->n, xasprintf("%s  %s  %s", when, login, op));
	free(login);
	for (i = 0; i < e->nfields; i++) {
		if (e->fields[i].field < 0 ||
		    e->fields[i].field >= sc->nfields)
			continue;
		fd = &sc->fields[e->fields[i].field];
		if ((fd->flags & FF_PRIVATE) && !h->private) {
			ov = xstrdup(ACCESS_MASK);
			nv = xstrdup(ACCESS_MASK);
		} else {
			ov = audit_value_shown(fd, e->fields[i].old);
			nv = audit_value_shown(fd, e->fields[i].new);
		}
		if (e->op == AUDIT_UPDATE)
			strv_push(&h->lines, &h->n, xasprintf("    %s: %s → %s",
			    _(fd->label), ov, nv));
		else
			strv_push(&h->lines, &h->n, xasprintf("    %s: %s",
			    _(fd->label), e->op == AUDIT_CREATE ? nv : ov));
		free(ov);
		free(nv);
	}
	return 0;
}

/*
 * h: who changed what in the child's record, and when.  Read in a short
 * transaction and copied out before the pager waits for keys.
 */
static void
show_history(struct childview *v)
{
	struct history h = { NULL, 0, access_private(v->id) };
	struct txn t;
	int rc;

	if ((rc = txn_read(ui.db, &t)) == 0) {
		audit_child_history(&t, v->id, history_entry, &h);
		rc = t.err;
		txn_end(&t);
	}
	if (rc != 0) {
		ui_error(_("cannot read the history: %s"), sh_strerror(rc));
		strv_free(h.lines);
		return;
	}
	if (h.n == 0) {
		ui_msg("%s", _("No change to this child's record is recorded "
		    "yet."));
		return;
	}
	ui_pager(_("History of changes"), h.lines, h.n);
	strv_free(h.lines);
}

static int
ck_history(struct screen *s, int key)
{
	show_history((struct childview *)s);
	return UI_STAY;
}

static int
ck_back(struct screen *s, int key)
{
	return UI_CLOSE;
}

/* p: the child's case plans (ui-plan.c). */
static int
ck_plans(struct screen *s, int key)
{
	ui_push(screen_plans(((struct childview *)s)->id));
	return UI_STAY;
}

/* The keys while the card has them. */
static const struct keydef child_keys[] = {
	{ "e", N_("edit"), true, ck_edit, { 'e' } },
	{ "a", N_("add a person"), true, ck_add, { 'a' } },
	{ "l", N_("log entry"), true, ck_log_add, { 'l' } },
	{ "Enter", N_("person"), true, ck_person, { KEYS_ENTER } },
	{ "Tab", N_("to the care log"), false, ck_focus, { '\t' } },
	{ "< >", N_("order"), false, ck_order, { '<', ',', '>', '.' } },
	{ "v", N_("phone works"), true, ck_verify, { 'v' } },
	{ "Esc q", N_("back"), true, ck_back, { KEYS_BACK } },
	{ "h", N_("history"), true, ck_history, { 'h' } },
	{ "m", N_("mentor"), true, ck_mentor, { 'm' } },
	{ "p", N_("case plans"), false, ck_plans, { 'p' } },
	{ "x", N_("remove the person from the card"), false, ck_unlink,
	    { 'x' } },
	{ "d", N_("take the child off the list, or delete"), false,
	    ck_leave, { 'd' } },
	{ N_("Up Down"), N_("choose a person on the card"), false, ck_move,
	    { KEYC(KEY_UP), KEYC(KEY_DOWN) } },
	{ NULL, NULL, false, NULL, { 0 } }
};

/* The keys while the care log has them. */
static const struct keydef child_log_keys[] = {
	{ "a", N_("add an entry"), true, ck_add, { 'a' } },
	{ "l", N_("log entry"), false, ck_log_add, { 'l' } },
	{ "Enter", N_("show"), true, ck_person, { KEYS_ENTER } },
	{ "e", N_("edit"), true, ck_edit, { 'e' } },
	{ "d", N_("delete"), true, ck_leave, { 'd' } },
	{ "Tab", N_("to the card"), true, ck_focus, { '\t' } },
	{ "Esc q", N_("back"), true, ck_back, { KEYS_BACK } },
	{ "h", N_("history"), false, ck_history, { 'h' } },
	{ "p", N_("case plans"), false, ck_plans, { 'p' } },
	{ "m", N_("mentor"), false, ck_mentor, { 'm' } },
	{ N_("Up Down"), N_("choose an entry"), false, ck_move,
	    { KEYC(KEY_UP), KEYC(KEY_DOWN) } },
	{ NULL, NULL, false, NULL, { 0 } }
};

static void
child_free(struct screen *s)
{
	struct childview *v = (struct childview *)s;

	child_clear(v);
	free(v);
}

static const struct screen_ops child_ops = {
	N_("A child's file"), child_keys, child_draw, child_key, child_load,
	NULL, child_free, false, NULL
};

static const struct screen_ops child_log_ops = {
	N_("A child's file"), child_log_keys, child_draw, child_key,
	child_load, NULL, child_free, false, NULL
};

struct screen *
screen_child(uint32_t id)
{
	struct childview *v = xcalloc(1, sizeof *v);
	char *cause = NULL;

	v->s.ops = &child_ops;
	v->id = id;
	child_load(&v->s);
	/*
	 * The opening is recorded first; a file is not shown when it cannot
	 * be (another writer stopped), but for a copy on read-only files.
	 */
	ui_db_wait(1);
	if (audit_first(ui.db, AUDIT_VIEW, RT_CHILD, id, NULL, &cause) != 0) {
		ui_db_wait(0);
		ui_error("%s", cause);
		free(cause);
		child_free(&v->s);
		return NULL;
	}
	ui_db_wait(0);
	return &v->s;
}
