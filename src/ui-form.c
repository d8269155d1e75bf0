/* ui-form.c -- see ui-form.h. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "access.h"
#include "codec.h"
#include "fieldtype.h"
#include "i18n.h"
#include "model.h"
#include "print.h"
#include "rec.h"
#include "schema.h"
#include "ui-edit.h"
#include "ui-form.h"
#include "ui.h"
#include "util.h"

struct ffield {
	int		 r;		/* which record */
	int		 fi;		/* field number in its schema */
	struct edit	 ed;
	char		*err;		/* why the text is not valid */
};

struct form {
	struct screen	 s;
	struct form_spec spec;
	struct ffield	*f;
	int		 nf;
	int		 cur;
	int		 top;
	char		*title;
	int64_t		 edited;	/* the last key typed, for a draft */
};

static const struct field *
fdef(const struct form *fm, const struct ffield *f)
{
	return &fm->spec.recs[f->r]->sc->fields[f->fi];
}

/* ---- values and the text shown ---- */

static char *
ref_name(enum rtype type, uint32_t id)
{
	struct txn t;
	struct rec *r;
	char *s;

	if (id == 0)
		return xstrdup("");
	if (txn_read(ui.db, &t) != 0)
		return xasprintf("#%u", id);
	if (rec_get(&t, type, id, &r) == 0) {
		s = xstrdup(rec_title(r));
		rec_free(r);
	} else
		s = xasprintf("#%u", id);
	txn_end(&t);
	return s;
}

/* The text an editor starts with for a stored value. */
static char *
value_text(const struct field *fd, const char *value)
{
	char *end;

	if (field_widget(fd) == W_REF) {
		unsigned long id = strtoul(value, &end, 10);

		return ref_name(fd->ref, *value && !*end ? (uint32_t)id : 0);
	}
	return field_display(fd, value);
}

/*
 * Turns a field's text into a stored value: *out (caller frees), or -1
 * with *why.  A reference is given by the name of the record.
 */
static int
text_value(const struct field *fd, const char *text, char **out, char **why)
{
	struct txn t;
	uint32_t id = 0;
	char *name;

	if (field_widget(fd) != W_REF)
		return field_normalize(fd, text, out, why);
	name = str_trim(text);
	if (*name == '\0') {
		*out = name;
		return 0;
	}
	if (txn_read(ui.db, &t) == 0) {
		if (fd->ref == RT_SCHOOL)
			id = school_by_name(&t, name);
		else if (fd->ref == RT_STAFF) {
			/* A staff member by a name nobody else has. */
			struct idlist l = { 0 };

			staff_by_name(&t, 0, name, &l);
			id = l.n == 1 ? l.v[0] : 0;
			idl_free(&l);
		}
		txn_end(&t);
	}
	if (id == 0) {
		set_cause(why, _("there is no %s named \"%s\": press Enter to "
		    "pick one"), _(schema_of(fd->ref)->label), name);
		free(name);
		return -1;
	}
	free(name);
	*out = xasprintf("%u", id);
	return 0;
}

/*
 * Checks a field's text and shows it in its normal form; the stored
 * value goes to *value when it is not NULL (the caller frees).
 */
static bool
check_field(struct form *fm, struct ffield *f, char **value)
{
	char *text = edit_text(&f->ed), *val = NULL, *disp;
	bool changed = f->ed.changed, cut = f->ed.cut;

	free(f->err);
	f->err = NULL;
	if (text_value(fdef(fm, f), text, &val, &f->err) != 0) {
		free(text);
		return false;
	}
	disp = value_text(fdef(fm, f), val);
	if (strcmp(disp, text) != 0) {
		edit_set(&f->ed, disp);
		f->ed.changed = true;
	} else
		f->ed.changed = changed;
	f->ed.cut = cut;
	free(disp);
	free(text);
	if (value != NULL)
		*value = val;
	else
		free(val);
	return true;
}

static bool
form_dirty(const struct form *fm)
{
	int i;

	for (i = 0; i < fm->nf; i++)
		if (fm->f[i].ed.changed)
			return true;
	return false;
}

/* ---- drafts ---- */

static void
draft_key(const struct form *fm, struct buf *k)
{
	ui_draft_key(k, fm->spec.kind);
	wr_u32be(k, fm->spec.recs[0]->id);
	wr_u32be(k, fm->spec.context);
}

static void
draft_save(struct form *fm, bool keep)
{
	struct buf key = { 0 }, val = { 0 };
	char *text;
	int i, n;

	draft_key(fm, &key);
	if (keep) {
		wr_u8(&val, 1);
		/* When it was typed, not when the link went. */
		wr_svarint(&val, fm->edited != 0 ? fm->edited :
		    (int64_t)time(NULL));
		for (i = 0; i < fm->spec.nrecs; i++)
			wr_varint(&val, fm->spec.recs[i]->version);
		/* Only what was typed: the rest is whatever is stored then. */
		for (i = n = 0; i < fm->nf; i++)
			if (fm->f[i].ed.changed)
				n++;
		wr_varint(&val, (uint64_t)n);
		for (i = 0; i < fm->nf; i++) {
			if (!fm->f[i].ed.changed)
				continue;
			text = edit_text(&fm->f[i].ed);
			wr_u8(&val, (uint8_t)fm->f[i].r);
			wr_u8(&val, fdef(fm, &fm->f[i])->tag);
			wr_str(&val, text);
			free(text);
		}
	}
	ui_draft_put(&key, keep ? &val : NULL);
	buf_free(&key);
	buf_free(&val);
}

/* Offers a draft of this form; fills the editors when taken. */
static void
draft_offer(struct form *fm)
{
	struct buf k = { 0 };
	struct rd rd;
	char *copy = NULL, when[17], *q, *text;
	size_t len = 0, n, i;
	int64_t saved = 0;
	uint64_t versions[FORM_MAXRECS] = { 0 };
	uint8_t r, tag;
	const char *s;
	bool stale = false;
	int j;

	draft_key(fm, &k);
	copy = ui_draft_get(&k, &len);
	buf_free(&k);
	if (copy == NULL)
		return;
	rd_init(&rd, copy, len);
	if (rd_u8(&rd) == 1)
		saved = rd_svarint(&rd);
	for (j = 0; j < fm->spec.nrecs && j < FORM_MAXRECS; j++)
		versions[j] = rd_varint(&rd);
	n = rd_varint(&rd);
	if (rd.err) {
		free(copy);
		draft_save(fm, false);
		return;
	}
	time_format(saved, when);
	q = xasprintf(_("Restore the unsaved changes you were making on %s?"),
	    when);
	ui_redraw();
	if (ui_confirm(q)) {
		for (i = 0; i < n && !rd.err; i++) {
			r = rd_u8(&rd);
			tag = rd_u8(&rd);
			s = rd_bytes(&rd, &len);
			if (rd.err)
				break;
			for (j = 0; j < fm->nf; j++) {
				if (fm->f[j].r != r ||
				    fdef(fm, &fm->f[j])->tag != tag)
					continue;
				text = xstrndup(s, len);
				if (u8_valid(text, len))
					edit_set(&fm->f[j].ed, text);
				fm->f[j].ed.changed = true;
				free(text);
			}
		}
		/*
		 * Saved on top of the version it was typed over: when someone
		 * saved in between, F2 shows the conflict instead of quietly
		 * undoing their change.
		 */
		for (j = 0; j < fm->spec.nrecs; j++)
			if (fm->spec.recs[j]->id != 0 && versions[j] != 0 &&
			    versions[j] != fm->spec.recs[j]->version) {
				fm->spec.recs[j]->version =
				    (uint32_t)versions[j];
				stale = true;
			}
		if (stale)
			ui_error("%s", _("The draft is back, but someone saved "
			    "this record since: F2 will show what they "
			    "changed."));
		else
			ui_msg("%s", _("The draft is back; save it with F2."));
	} else
		draft_save(fm, false);
	free(q);
	free(copy);
}

/* ---- drawing ---- */

/* The boxes keep at least this many columns beside the labels. */
#define FORM_BOX_MIN 30

/*
 * The labels' column: as wide as the widest label in the language
 * shown, while the boxes keep FORM_BOX_MIN columns (a longer label then
 * ends with "…").
 */
static int
label_width(const struct form *fm)
{
	int i, w, max = 0, most = COLS - 7 - FORM_BOX_MIN;

	for (i = 0; i < fm->nf; i++)
		if ((w = u_width(_(fdef(fm, &fm->f[i])->label))) > max)
			max = w;
	if (most < 12)
		most = 12;
	return max > most ? most : max;
}

#define FORM_NOTE_ROWS 5	/* rows at most for a note of several lines */

/* The rows a field takes: a note of several lines shows them. */
static int
field_rows(const struct ffield *f)
{
	int n = edit_lines(&f->ed);

	return n < FORM_NOTE_ROWS ? n : FORM_NOTE_ROWS;
}

/* The screen row of field i, counting section headings and notes. */
static int
field_line(const struct form *fm, int i)
{
	int line = i, j;

	if (fm->spec.nrecs > 1)
		for (j = 0; j <= i; j++)
			if (j == 0 || fm->f[j].r != fm->f[j - 1].r)
				line++;
	for (j = 0; j < i; j++)
		line += field_rows(&fm->f[j]) - 1;
	return line;
}

/* The width of a field's box: room for its longest value. */
static int
box_width(const struct form *fm, const struct ffield *f, int lw)
{
	int w = field_box_width(fdef(fm, f));

	if (w == 0)	/* the whole line */
		w = COLS;
	w += 2;
	if (w < 14)
		w = 14;
	if (w > COLS - lw - 7)
		w = COLS - lw - 7;
	return w;
}

/* The rows of a field at line that are inside the body. */
static int
shown_rows(const struct form *fm, const struct ffield *f, int line,
    int rows)
{
	int n = field_rows(f);

	if (line + n > fm->top + rows)
		n = fm->top + rows - line;
	return n > 1 ? n : 1;
}

static void
form_draw(struct screen *s)
{
	struct form *fm = (struct form *)s;
	const struct field *fd;
	struct ffield *f;
	int rows = ui_body_rows(), lw = label_width(fm), bw, y, i, line;
	int first = ui_body_top(), cur_line;
	char mark[4];
	struct buf label = { 0 };

	ui_title(fm->title, fm->spec.recs[0]->id ? NULL : _("new"));
	cur_line = field_line(fm, fm->cur);
	if (cur_line < fm->top + 1)
		fm->top = cur_line > 0 ? cur_line - 1 : 0;
	if (cur_line + field_rows(&fm->f[fm->cur]) > fm->top + rows)
		fm->top = cur_line + field_rows(&fm->f[fm->cur]) - rows;
	if (fm->top > cur_line)
		fm->top = cur_line;
	for (i = 0; i < fm->nf; i++) {
		f = &fm->f[i];
		fd = fdef(fm, f);
		line = field_line(fm, i);
		if (fm->spec.nrecs > 1 &&
		    (i == 0 || fm->f[i - 1].r != f->r) &&
		    line - 1 >= fm->top && line - 1 < fm->top + rows)
			ui_put_attr(first + line - 1 - fm->top, 1,
			    _(fm->spec.section[f->r]), COLS - 2, false,
			    A_BOLD | A_UNDERLINE);
		if (line < fm->top || line >= fm->top + rows)
			continue;
		y = first + line - fm->top;
		snprintf(mark, sizeof mark, "%s", f->err != NULL ? "!" :
		    (fd->flags & FF_REQUIRED) ? "*" : " ");
		ui_put_attr(y, 1, mark, 1, false, f->err ? A_BOLD : 0);
		buf_reset(&label);
		print_fit(&label, _(fd->label), lw, true);
		ui_put_attr(y, 3, label.s != NULL ? label.s : "", lw, true,
		    i == fm->cur ? A_BOLD : 0);
		bw = box_width(fm, f, lw);
		if (i != fm->cur)
			edit_draw_rows(&f->ed, y, lw + 5, bw, shown_rows(fm, f,
			    line, rows), false, A_UNDERLINE);
	}
	/* The focused editor last, so that the cursor ends up in it. */
	f = &fm->f[fm->cur];
	fd = fdef(fm, f);
	line = field_line(fm, fm->cur);
	bw = box_width(fm, f, lw);
	if (ui.message == NULL) {
		if (f->err != NULL)
			ui_error_quiet(_("%s: %s"), _(fd->label), f->err);
		else if (f->ed.cut)
			ui_error_quiet(_("%s: too long, cut at %d characters"),
			    _(fd->label), f->ed.maxchars);
		else if (fd->help != NULL)
			ui_msg(_("%s: %s"), _(fd->label), _(fd->help));
	}
	ui_cursor();
	edit_draw_rows(&f->ed, first + line - fm->top, lw + 5, bw,
	    shown_rows(fm, f, line, rows), true, A_REVERSE);
	buf_free(&label);
}

/* ---- keys ---- */

static void
go(struct form *fm, int to)
{
	struct ffield *f = &fm->f[fm->cur];

	if (to < 0)
		to = 0;
	if (to >= fm->nf)
		to = fm->nf - 1;
	if (to != fm->cur && !check_field(fm, f, NULL))
		ui_error(_("%s: %s"), _(fdef(fm, f)->label), f->err);
	fm->cur = to;
}

/* Pick lists for choices, sets, flags and references. */
static void
pick_value(struct form *fm, struct ffield *f)
{
	const struct field *fd = fdef(fm, f);
	const char **labels = NULL;
	bool *on = NULL;
	char *text = edit_text(&f->ed), *val = NULL, *why = NULL, *disp;
	size_t n = 0, i;
	int k, cur = -1;
	struct buf b = { 0 };
	struct rec_iter it;
	struct rec *r;
	struct txn t;

	if (text_value(fd, text, &val, &why) != 0)
		val = xstrdup("");
	free(why);
	switch (field_widget(fd)) {
	case W_CHOICE:
	case W_SET:
		for (n = 0; fd->choices[n].key != NULL; n++)
			;
		labels = xcalloc(n, sizeof *labels);
		on = xcalloc(n, sizeof *on);
		for (i = 0; i < n; i++) {
			labels[i] = _(fd->choices[i].label);
			if (field_widget(fd) == W_CHOICE &&
			    strcmp(fd->choices[i].key, val) == 0)
				cur = (int)i;
		}
		if (field_widget(fd) == W_CHOICE) {
			k = ui_pick(_(fd->label), labels, n, cur);
			if (k >= 0) {
				edit_set(&f->ed, labels[k]);
				f->ed.changed = true;
			}
			break;
		}
		for (i = 0; i < n; i++) {
			const char *p = val;
			size_t kl = strlen(fd->choices[i].key);

			while ((p = strstr(p, fd->choices[i].key)) != NULL) {
				if ((p == val || p[-1] == ',') &&
				    (p[kl] == '\0' || p[kl] == ','))
					on[i] = true;
				p += kl;
			}
		}
		if (ui_pick_many(_(fd->label), labels, n, on)) {
			for (i = 0; i < n; i++) {
				if (!on[i])
					continue;
				if (b.len > 0)
					buf_addc(&b, ',');
				buf_addstr(&b, fd->choices[i].key);
			}
			disp = field_display(fd, b.s);
			edit_set(&f->ed, disp);
			free(disp);
			f->ed.changed = true;
		}
		break;
	case W_REF:
		if (txn_read(ui.db, &t) != 0)
			break;
		rec_iter_start(&t, fd->ref, &it);
		while ((r = rec_iter_next(&it)) != NULL) {
			labels = xreallocarray(labels, n + 1, sizeof *labels);
			labels[n] = xstrdup(rec_title(r));
			if (strtoul(val, NULL, 10) == r->id)
				cur = (int)n;
			n++;
			rec_free(r);
		}
		rec_iter_end(&it);
		txn_end(&t);
		k = ui_pick(_(fd->label), labels, n, cur);
		if (k >= 0) {
			edit_set(&f->ed, labels[k]);
			f->ed.changed = true;
		}
		for (i = 0; i < n; i++)
			free((char *)labels[i]);
		break;
	default:
		break;
	}
	buf_free(&b);
	free(labels);
	free(on);
	free(text);
	free(val);
	check_field(fm, f, NULL);
}

/* Space on a choice: the next choice; on a flag: yes <-> no. */
static bool
cycle_value(struct form *fm, struct ffield *f)
{
	const struct field *fd = fdef(fm, f);
	char *text = edit_text(&f->ed), *val = NULL, *why = NULL, *disp;
	int i, next = 0;

	if (field_widget(fd) != W_CHOICE && field_widget(fd) != W_BOOL) {
		free(text);
		return false;
	}
	if (text_value(fd, text, &val, &why) != 0)
		val = xstrdup("");
	free(why);
	if (field_widget(fd) == W_BOOL)
		disp = field_display(fd, strcmp(val, "1") == 0 ? "0" : "1");
	else {
		for (i = 0; fd->choices[i].key != NULL; i++)
			if (strcmp(fd->choices[i].key, val) == 0)
				next = i + 1;
		if (fd->choices[next].key == NULL)
			next = 0;
		disp = xstrdup(_(fd->choices[next].label));
	}
	edit_set(&f->ed, disp);
	f->ed.changed = true;
	free(disp);
	free(text);
	free(val);
	return true;
}

struct save_arg {
	struct form	*fm;
	struct rec	*copy[FORM_MAXRECS];
};

static int
save_write(struct txn *t, void *arg, char **cause)
{
	struct save_arg *a = arg;
	struct form *fm = a->fm;
	int i, rc = 0;

	for (i = 0; i < fm->spec.nrecs; i++) {
		rec_free(a->copy[i]);
		a->copy[i] = rec_dup(fm->spec.recs[i]);
	}
	if (fm->spec.save != NULL)
		return fm->spec.save(t, a->copy, fm->spec.arg, cause);
	for (i = 0; i < fm->spec.nrecs && rc == 0; i++)
		rc = rec_put(t, a->copy[i], cause);
	return rc;
}

/* Loads the stored records again, dropping the changes. */
static void
reload(struct form *fm)
{
	struct txn t;
	struct rec *r;
	char *text;
	int i;

	if (txn_read(ui.db, &t) != 0)
		return;
	for (i = 0; i < fm->spec.nrecs; i++) {
		if (fm->spec.recs[i]->id == 0 ||
		    rec_get(&t, fm->spec.recs[i]->sc->type,
		    fm->spec.recs[i]->id, &r) != 0)
			continue;
		rec_free(fm->spec.recs[i]);
		fm->spec.recs[i] = r;
	}
	txn_end(&t);
	for (i = 0; i < fm->nf; i++) {
		text = value_text(fdef(fm, &fm->f[i]),
		    rec_str(fm->spec.recs[fm->f[i].r], fm->f[i].fi));
		edit_set(&fm->f[i].ed, text);
		free(text);
		free(fm->f[i].err);
		fm->f[i].err = NULL;
	}
}

static bool
is_hidden(const int *hidden, int fi)
{
	for (; hidden != NULL && *hidden >= 0; hidden++)
		if (*hidden == fi)
			return true;
	return false;
}

static int
form_save(struct form *fm)
{
	struct save_arg a = { fm, { NULL, NULL } };
	struct rec *work[FORM_MAXRECS];
	char *val, *cause = NULL;
	int i, bad = -1, field, rc;

	/* Every field in its normal form, into working copies. */
	for (i = 0; i < fm->spec.nrecs; i++)
		work[i] = rec_dup(fm->spec.recs[i]);
	for (i = 0; i < fm->nf; i++) {
		if (!check_field(fm, &fm->f[i], &val)) {
			if (bad < 0)
				bad = i;
			continue;
		}
		rec_set(work[fm->f[i].r], fm->f[i].fi, val);
		free(val);
	}
	if (bad >= 0) {
		fm->cur = bad;
		goto out;
	}
	if (fm->spec.prepare != NULL) {
		int pr = -1, pf = -1;

		if (!fm->spec.prepare(work, &pr, &pf, fm->spec.arg)) {
			for (i = 0; i < fm->nf; i++)
				if (fm->f[i].r == pr && fm->f[i].fi == pf)
					fm->cur = i;
			goto out;
		}
	}
	for (i = 0; i < fm->spec.nrecs && bad < 0; i++) {
		bool filled[REC_MAXFIELDS] = { false };
		int hf, ok;

		/*
		 * A hidden reference may be set only by the save (the
		 * contact a new link points to): stand in for it meanwhile.
		 */
		for (hf = 0; hf < work[i]->sc->nfields; hf++)
			if (field_widget(&work[i]->sc->fields[hf]) == W_REF &&
			    work[i]->v[hf] == NULL &&
			    is_hidden(fm->spec.hidden[i], hf)) {
				rec_set(work[i], hf, "1");
				filled[hf] = true;
			}
		field = -1;
		ok = rec_validate(work[i], &field, &cause);
		for (hf = 0; hf < work[i]->sc->nfields; hf++)
			if (filled[hf])
				rec_set(work[i], hf, NULL);
		if (ok != 0) {
			for (bad = 0; bad < fm->nf; bad++)
				if (fm->f[bad].r == i &&
				    fm->f[bad].fi == field)
					break;
			if (bad == fm->nf)
				bad = fm->cur;
			fm->cur = bad;
			ui_error("%s", cause);
			free(cause);
			cause = NULL;
		}
	}
	if (bad >= 0)
		goto out;

	for (i = 0; i < fm->spec.nrecs; i++) {
		rec_free(fm->spec.recs[i]);
		fm->spec.recs[i] = work[i];
		work[i] = NULL;
	}
	if (fm->spec.check != NULL && !fm->spec.check(fm->spec.recs,
	    fm->spec.arg))
		return UI_STAY;
	rc = db_write(ui.db, save_write, &a, &cause);
	if (rc == SH_ECONFLICT) {
		ui_error("%s", cause);
		free(cause);
		cause = xasprintf("%s", _("Someone else saved this record "
		    "first. Load their version? (Your changes here would be "
		    "lost.)"));
		if (ui_confirm(cause))
			reload(fm);
		else
			ui_msg("%s", _("Your changes are kept on the screen; "
			    "they are not saved."));
		free(cause);
		cause = NULL;
	} else if (rc != 0) {
		/* The form stays open with what was typed: F2 again. */
		ui_error(_("Not saved (F2 tries again): %s"),
		    cause != NULL ? cause : sh_strerror(rc));
		free(cause);
		cause = NULL;
	} else {
		draft_save(fm, false);
		for (i = 0; i < fm->spec.nrecs; i++) {
			rec_free(fm->spec.recs[i]);
			fm->spec.recs[i] = a.copy[i];
			a.copy[i] = NULL;
		}
		/* The list below keeps its cursor on what was saved. */
		ui.saved_type = fm->spec.recs[0]->sc->type;
		ui.saved_id = fm->spec.recs[0]->id;
		if (fm->spec.saved != NULL)
			fm->spec.saved(fm->spec.recs, fm->spec.arg);
		else
			ui_msg(_("Saved %s."), rec_title(fm->spec.recs[0]));
		for (i = 0; i < FORM_MAXRECS; i++)
			rec_free(a.copy[i]);
		return UI_CLOSE;
	}
out:
	for (i = 0; i < fm->spec.nrecs; i++)
		rec_free(work[i]);
	for (i = 0; i < FORM_MAXRECS; i++)
		rec_free(a.copy[i]);
	return UI_STAY;
}

static int
fk_save(struct screen *s, int key)
{
	return form_save((struct form *)s);
}

static int
fk_cancel(struct screen *s, int key)
{
	struct form *fm = (struct form *)s;

	if (form_dirty(fm) && !ui_confirm(_("Discard the changes?")))
		return UI_STAY;
	draft_save(fm, false);
	ui_msg("%s", _("Nothing was saved."));
	return UI_CLOSE;
}

static int
fk_go(struct screen *s, int key)
{
	struct form *fm = (struct form *)s;

	switch (key) {
	case KEYC(KEY_PPAGE):
		go(fm, 0);
		break;
	case KEYC(KEY_NPAGE):
		go(fm, fm->nf - 1);
		break;
	case KEYC(KEY_BTAB):
	case KEYC(KEY_UP):
		go(fm, fm->cur - 1);
		break;
	default:
		go(fm, fm->cur + 1);
		break;
	}
	return UI_STAY;
}

/* Enter: a pick list of choices, yes <-> no, or the next field. */
static int
fk_enter(struct screen *s, int key)
{
	struct form *fm = (struct form *)s;
	struct ffield *f = &fm->f[fm->cur];
	enum widget w = field_widget(fdef(fm, f));

	if (w == W_CHOICE || w == W_SET || w == W_REF)
		pick_value(fm, f);
	else if (w == W_BOOL)
		cycle_value(fm, f);
	else
		go(fm, fm->cur + 1);
	return UI_STAY;
}

/* Space: the next choice, yes <-> no, a pick list, or a space typed. */
static int
fk_space(struct screen *s, int key)
{
	struct form *fm = (struct form *)s;
	struct ffield *f = &fm->f[fm->cur];
	enum widget w = field_widget(fdef(fm, f));

	if (cycle_value(fm, f))
		return UI_STAY;
	if (w == W_SET || w == W_REF) {
		pick_value(fm, f);
		return UI_STAY;
	}
	return UI_PASS;
}

static const struct keydef form_keys[] = {
	{ N_("F2 ^S"), N_("save"), true, fk_save,
	    { KEYC(KEY_F(2)), KEY_CTRL('s') } },
	{ "Esc", N_("cancel"), true, fk_cancel, { KEY_ESC } },
	{ N_("Tab S-Tab"), N_("next / previous field"), true, fk_go,
	    { '\t', KEYC(KEY_BTAB) } },
	{ "Space", N_("next choice"), true, fk_space, { ' ' } },
	{ "Enter", N_("pick"), true, fk_enter, { KEYS_ENTER } },
	{ "F1", N_("help"), true, NULL, { 0 } },
	{ "Enter", N_("in a text field: the next field"), false, NULL, { 0 } },
	{ N_("Up Down"), N_("previous / next field"), false, fk_go,
	    { KEYC(KEY_UP), KEYC(KEY_DOWN) } },
	{ N_("PgUp PgDn"), N_("first / last field"), false, fk_go,
	    { KEYC(KEY_PPAGE), KEYC(KEY_NPAGE) } },
	{ N_("^U ^K"), N_("clear before / after the cursor"), false,
	    NULL, { 0 } },
	{ NULL, NULL, false, NULL, { 0 } }
};

/* The table's keys first; any other key edits the field. */
static int
form_key(struct screen *s, int key)
{
	struct form *fm = (struct form *)s;
	int r;

	fm->edited = (int64_t)time(NULL);
	if ((r = ui_keys_run(s, key)) != UI_PASS)
		return r;
	if (!edit_key(&fm->f[fm->cur].ed, key))
		beep();
	return UI_STAY;
}

static void
form_hangup(struct screen *s)
{
	struct form *fm = (struct form *)s;

	if (form_dirty(fm))
		draft_save(fm, true);
}

static void
form_free(struct screen *s)
{
	struct form *fm = (struct form *)s;
	int i;

	for (i = 0; i < fm->nf; i++) {
		edit_free(&fm->f[i].ed);
		free(fm->f[i].err);
	}
	for (i = 0; i < fm->spec.nrecs; i++)
		rec_free(fm->spec.recs[i]);
	free(fm->f);
	free(fm->title);
	free(fm);
}

static const struct screen_ops form_ops = {
	N_("form"), form_keys, form_draw, form_key, NULL, form_hangup,
	form_free, true, NULL
};

/* A staff member's roles and login: the administrator's to change. */
static bool
admin_only(const struct schema *sc, int f)
{
	return sc->type == RT_STAFF && (f == STAFF_ROLES || f == STAFF_LOGIN) &&
	    access_enforced() && !access_admin();
}

void
form_open(const struct form_spec *spec)
{
	struct form *fm = xcalloc(1, sizeof *fm);
	const struct schema *sc;
	char *text;
	int r, i;

	fm->s.ops = &form_ops;
	fm->spec = *spec;
	fm->title = xstrdup(spec->title);
	for (r = 0; r < spec->nrecs; r++) {
		sc = spec->recs[r]->sc;
		for (i = 0; i < sc->nfields; i++) {
			/* A private field the login may not see is neither
			 * shown nor edited: the record keeps its value. */
			if (is_hidden(spec->hidden[r], i) ||
			    (sc->fields[i].flags & FF_AUTO) ||
			    !access_field(spec->recs[r], i) ||
			    admin_only(sc, i))
				continue;
			fm->f = xreallocarray(fm->f, fm->nf + 1, sizeof *fm->f);
			memset(&fm->f[fm->nf], 0, sizeof *fm->f);
			fm->f[fm->nf].r = r;
			fm->f[fm->nf].fi = i;
			text = value_text(&sc->fields[i],
			    rec_str(spec->recs[r], i));
			edit_set(&fm->f[fm->nf].ed, text);
			free(text);
			fm->f[fm->nf].ed.maxchars = sc->fields[i].maxlen > 0 ?
			    sc->fields[i].maxlen : 60;
			if (r == spec->start_rec && i == spec->start_field &&
			    i > 0)
				fm->cur = fm->nf;
			fm->nf++;
		}
	}
	ui_push(&fm->s);
	draft_offer(fm);
}
