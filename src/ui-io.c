/*
 * ui-io.c -- importing and exporting the roster from the screens: the
 * same functions as `shouhu import roster` and `shouhu export roster`,
 * with the same messages and summary, and a progress bar.  The same
 * rule too: only the administrator, and a principal for their school,
 * import or export the roster (roster_may), and each export is in the
 * audit trail.
 */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "audit.h"
#include "i18n.h"
#include "outfile.h"
#include "rec.h"
#include "roster.h"
#include "ui.h"
#include "util.h"

struct io {
	struct screen	 s;
	int		 sel;
	char		*last;		/* the last file named */
};

static const char *const entries[] = {
	N_("Import a roster (CSV in UTF-8 or GBK, as Excel or WPS saves it)"),
	N_("Export the roster (to give to the education bureau, or to edit)"),
	N_("Write an empty roster with the column names, to fill in"),
};

static void
io_draw(struct screen *s)
{
	struct io *io = (struct io *)s;
	struct buf b = { 0 };
	char **lines = NULL, *names;
	size_t i, n = 0;
	int y = ui_body_top() + 1;

	ui_title(_("Import / export the roster"), NULL);
	for (i = 0; i < nitems(entries); i++) {
		buf_reset(&b);
		buf_addf(&b, "%zu  %s", i + 1, _(entries[i]));
		ui_put_attr(y + (int)i * 2, 3, b.s, COLS - 4, true,
		    (int)i == io->sel ? A_REVERSE : 0);
	}
	names = roster_column_names(" ");
	buf_reset(&b);
	/* TRANSLATORS: %s is the roster's column headers, in Chinese. */
	buf_addf(&b, _("Columns: %s"), names);
	free(names);
	ui_wrap(b.s, COLS - 6, &lines, &n);
	for (i = 0; i < n; i++)
		ui_put(y + 7 + (int)i, 3, lines[i], COLS - 4, false);
	strv_free(lines);
	buf_free(&b);
}

/* "~/x" is the home directory's x. */
static char *
expand(const char *path)
{
	const char *home = getenv("HOME");
	char *t = str_trim(path), *p;

	if (t[0] == '~' && t[1] == '/' && home != NULL) {
		p = xasprintf("%s/%s", home, t + 2);
		free(t);
		return p;
	}
	return t;
}

static char *
ask_file(struct io *io, const char *question, const char *suggest)
{
	char *in = ui_prompt(question, io->last != NULL ? io->last : suggest,
	    200), *path;

	if (in == NULL || *in == '\0') {
		free(in);
		return NULL;
	}
	path = expand(in);
	free(in);
	free(io->last);
	io->last = xstrdup(path);
	return path;
}

/*
 * A school, or none, that the login may import or export the roster of
 * (roster_may): false when cancelled or refused, saying who may.
 */
static bool
ask_school(const char *title, const char *none, bool import, char **school)
{
	char *cause = NULL;
	uint32_t id = 0;

	*school = NULL;
	if (roster_may(ui.db, access_school(), import, &cause) &&
	    ui_pick_school(title, none, 0, &id, school) &&
	    roster_may(ui.db, id, import, &cause)) {
		if (**school == '\0') {
			free(*school);
			*school = NULL;
		}
		return true;
	}
	if (cause != NULL)
		ui_error("%s", cause);
	free(cause);
	free(*school);
	*school = NULL;
	return false;
}

struct run {
	char	**lines;
	size_t	  n;
	int	  full, percent;	/* the bar drawn last, or -1 */
};

static void
collect(const char *line, void *arg)
{
	struct run *r = arg;

	strv_push(&r->lines, &r->n, xstrdup(line));
}

/*
 * Draws a bar on the message line, when it looks any different from the
 * last; called inside the transaction.
 */
static void
progress(size_t done, size_t total, void *arg)
{
	struct run *r = arg;
	struct buf b = { 0 };
	int w = COLS - 12, i, full, percent;

	if (w < 10 || total == 0)
		return;
	full = (int)((double)done / (double)total * w);
	percent = (int)((double)done * 100 / (double)total);
	if (full == r->full && percent == r->percent)
		return;
	r->full = full;
	r->percent = percent;
	buf_addstr(&b, "[");
	for (i = 0; i < w; i++)
		buf_addc(&b, i < full ? '#' : '.');
	buf_addf(&b, "] %3d%%", percent);
	ui_put(LINES - 2, 0, b.s, COLS, true);
	refresh();
	buf_free(&b);
}

static void
do_import(struct io *io)
{
	static const char *const modes[] = {
		N_("check only: write nothing"),
		N_("import, but nothing at all if any row is bad"),
		N_("import the good rows, and list the bad ones"),
	};
	const char *labels[3];
	struct roster_opts o;
	struct roster_summary sum;
	struct run r = { NULL, 0, -1, -1 };
	char *path, *school, *cause = NULL, *text, *p, *nl;
	size_t i;
	int mode, rc;

	if ((path = ask_file(io, _("The roster file to import"),
	    "~/")) == NULL)
		return;
	if (!ask_school(_("Rows without a school belong to:"),
	    _("(every row names its school)"), true, &school)) {
		free(path);
		return;
	}
	for (i = 0; i < 3; i++)
		labels[i] = _(modes[i]);
	if ((mode = ui_pick(_("How?"), labels, 3, 0)) < 0) {
		free(path);
		free(school);
		return;
	}
	memset(&o, 0, sizeof o);
	o.school = school;
	o.encoding = ROSTER_ENC_AUTO;
	o.dry_run = mode == 0;
	o.skip_bad = mode == 2;
	o.screens = true;	/* advice names the choices here */
	o.message = collect;
	o.progress = progress;
	o.arg = &r;
	memset(&sum, 0, sizeof sum);
	ui_busy(_("Importing..."));
	rc = roster_import(ui.db, path, &o, &sum, &cause);
	if (cause != NULL) {
		strv_push(&r.lines, &r.n, xstrdup(cause));
		free(cause);
	} else {
		if (r.n > 0)
			strv_push(&r.lines, &r.n, xstrdup(""));
		text = roster_summary_text(&sum, &o, rc);
		for (p = text; p != NULL; p = nl) {
			if ((nl = strchr(p, '\n')) != NULL)
				*nl++ = '\0';
			strv_push(&r.lines, &r.n, xstrdup(p));
		}
		free(text);
	}
	roster_summary_free(&sum);
	ui_pager(_("Import of the roster"), r.lines, r.n);
	strv_free(r.lines);
	free(path);
	free(school);
}

/* The name an export suggests (see roster_default_export_name). */
static char *
export_name(const char *school, bool template_only)
{
	char today[11];

	if (template_only)
		return xstrdup(_("roster-template.csv"));
	date_today(today);
	return roster_default_export_name(school, today);
}

/*
 * Asks before replacing a file, showing its size and date: 0 for a new
 * file, 1 to replace one, -1 when it may not be written (or the user
 * says no).
 */
static int
may_write(const char *path)
{
	long long size = 0, mtime = 0;
	char *cause = NULL, *q, when[17], *safe;
	bool ok;

	switch (outfile_exists(path, &size, &mtime, &cause)) {
	case 0:
		return 0;
	case 1:
		break;
	default:
		ui_error("%s", cause != NULL ? cause : path);
		free(cause);
		return -1;
	}
	time_format(mtime, when);
	safe = str_safe(path, false);
	q = xasprintf(_("%s exists (%lld bytes, %s). Replace it?"), safe,
	    size, when);
	ok = ui_confirm(q);
	free(q);
	free(safe);
	return ok ? 1 : -1;
}

static void
do_export(struct io *io, bool template_only)
{
	static const char *const encs[] = {
		N_("UTF-8 (Excel and WPS open it as it is)"),
		N_("GB18030 (GBK, for older programs)"),
	};
	const char *labels[2];
	struct roster_opts o;
	struct run r = { NULL, 0, -1, -1 };
	char *path, *school = NULL, *cause = NULL, *suggest, *in;
	size_t rows = 0;
	int enc, replace;

	if (!template_only && !ask_school(_("Which children?"),
	    _("(all schools)"), false, &school))
		return;
	suggest = export_name(school, template_only);
	in = ui_prompt(_("Write to the file"), suggest, 200);
	free(suggest);
	path = in != NULL && *in != '\0' ? expand(in) : NULL;
	free(in);
	if (path == NULL || (replace = may_write(path)) < 0) {
		free(path);
		free(school);
		return;
	}
	labels[0] = _(encs[0]);
	labels[1] = _(encs[1]);
	if ((enc = ui_pick(_("Encoding"), labels, 2, 0)) < 0) {
		free(path);
		free(school);
		return;
	}
	memset(&o, 0, sizeof o);
	o.school = school;
	o.encoding = enc == 0 ? ROSTER_ENC_UTF8 : ROSTER_ENC_GB18030;
	o.template_only = template_only;
	o.force = replace == 1;	/* the user said so */
	o.screens = true;
	o.progress = progress;
	o.arg = &r;
	if (!template_only && !ui_audit(AUDIT_EXPORT, path))
		;	/* said why */
	else if (roster_export(ui.db, path, &o, &rows, &cause) != 0) {
		ui_error("%s", cause != NULL ? cause : _("cannot export"));
		free(cause);
	} else if (template_only)
		ui_msg(_("Wrote the column names to %s."), path);
	else {
		ui_msg(P_("Wrote %zu child to %s.", "Wrote %zu children to %s.",
		    rows), rows, path);
	}
	free(path);
	free(school);
}

/* Runs the entry chosen. */
static int
io_run(struct io *io)
{
	if (io->sel == 0)
		do_import(io);
	else
		do_export(io, io->sel == 2);
	return UI_STAY;
}

static int
io_digit(struct screen *s, int key)
{
	struct io *io = (struct io *)s;

	io->sel = key - '1';
	return io_run(io);
}

static int
io_enter(struct screen *s, int key)
{
	return io_run((struct io *)s);
}

static int
io_move(struct screen *s, int key)
{
	struct io *io = (struct io *)s;

	if (key == KEYC(KEY_UP))
		io->sel = io->sel > 0 ? io->sel - 1 : 2;
	else
		io->sel = (io->sel + 1) % 3;
	return UI_STAY;
}

static int
io_back(struct screen *s, int key)
{
	return UI_CLOSE;
}

static const struct keydef io_keys[] = {
	{ "1-3", N_("choose"), true, io_digit, { '1', '2', '3' } },
	{ N_("Up Down Enter"), N_("choose"), false, io_move,
	    { KEYC(KEY_UP), KEYC(KEY_DOWN) } },
	{ "", "", false, io_enter, { KEYS_ENTER } },
	{ "Esc q", N_("back"), true, io_back, { KEYS_BACK } },
	{ "?", N_("help"), true, NULL, { 0 } },
	{ NULL, NULL, false, NULL, { 0 } }
};

static void
io_free(struct screen *s)
{
	struct io *io = (struct io *)s;

	free(io->last);
	free(io);
}

static const struct screen_ops io_ops = {
	N_("Import / export the roster"), io_keys, io_draw, NULL, NULL,
	NULL, io_free, false, NULL
};

struct screen *
screen_roster_io(void)
{
	struct io *io = xcalloc(1, sizeof *io);

	io->s.ops = &io_ops;
	return &io->s;
}
