/*
 * ui.c -- the terminal, the screen stack, the key loop, and dialogs.
 *
 * The terminal.  newterm() instead of initscr() so that an unknown TERM
 * gives a message instead of an exit from inside curses.  Esc waits
 * 100 ms for the rest of a key sequence.  The function and editing keys
 * of xterm, PuTTY (ESC [ 11 ~ ...) and the Linux console (ESC [ [ A ...)
 * are taught to curses with define_key(), so they work whatever TERM
 * says.
 *
 * Keys.  Every key already waiting is handled before the screen is drawn
 * again: a word pasted or typed fast over a slow link costs one search
 * and one redraw.  Line drawing characters and the like are
 * East Asian "ambiguous" and two columns wide in PuTTY set up for
 * Chinese, so frames are drawn with ASCII.
 *
 * Hang-ups.  When the SSH connection drops, the terminal goes away:
 * SIGHUP arrives, or reading fails.  Every open screen is then asked to
 * keep what was typed (a form saves a draft in the database), and the
 * program ends.
 */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "codec.h"
#include "i18n.h"
#include "model.h"
#include "pinyin.h"
#include "print.h"
#include "priv.h"
#include "rec.h"
#include "ui-edit.h"
#include "ui.h"
#include "util.h"

#define MIN_COLS 80
#define MIN_LINES 24
/*
 * How long Esc waits for the rest of a key sequence.  Over SSH a
 * function key's bytes arrive in one packet, so a short wait is enough
 * and Esc does not feel dead on a slow link.
 */
#define ESC_DELAY_MS 100

struct ui ui;

static volatile sig_atomic_t hangup;

static void
on_hangup(int sig)
{
	hangup = sig;
}

void
ui_push(struct screen *s)
{
	if (s == NULL)		/* a screen that could not open, and said so */
		return;
	s->below = ui.top;
	ui.top = s;
}

void
ui_remove(struct screen *s)
{
	struct screen **p;

	for (p = &ui.top; *p != NULL; p = &(*p)->below) {
		if (*p == s) {
			*p = s->below;
			s->ops->free(s);
			return;
		}
	}
}

static void
vmsg(bool error, const char *fmt, va_list ap)
{
	free(ui.message);
	ui.message = xvasprintf(fmt, ap);
	ui.message_error = error;
}

void
ui_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(false, fmt, ap);
	va_end(ap);
}

void
ui_error_quiet(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(true, fmt, ap);
	va_end(ap);
}

void
ui_cursor(void)
{
	ui.cursor_wanted = true;
}

void
ui_refresh(void)
{
	if (ui.cursor_wanted != ui.cursor_shown) {
		curs_set(ui.cursor_wanted ? 1 : 0);
		ui.cursor_shown = ui.cursor_wanted;
	}
	refresh();
}

void
ui_busy(const char *text)
{
	ui_msg("%s", text);
	ui_redraw();
	ui_refresh();
	free(ui.message);
	ui.message = NULL;
}

void
ui_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(true, fmt, ap);
	va_end(ap);
	beep();
}

int
ui_body_top(void)
{
	return 1;
}

int
ui_body_rows(void)
{
	return LINES - 3;
}

void
ui_addstr(int y, int x, const char *s)
{
	wchar_t w[256];
	size_t len = strlen(s), n;
	uint32_t cp;
	int k;

	move(y, x);
	while (len > 0) {
		for (n = 0; len > 0 && n < nitems(w); n++) {
			if ((k = u8_decode(s, len, &cp)) < 0) {
				k = 1;
				cp = 0xfffd;
			}
			/* glibc's wchar_t is the code point. */
			w[n] = (wchar_t)cp;
			s += k;
			len -= (size_t)k;
		}
		addnwstr(w, (int)n);
	}
}

void
ui_put_attr(int y, int x, const char *s, int cols, bool pad, int attr)
{
	struct buf b = { 0 };

	if (y < 0 || y >= LINES || x >= COLS || cols <= 0)
		return;
	if (x + cols > COLS)
		cols = COLS - x;
	u_fit(&b, s, cols, pad);
	if (attr != 0)
		attron(attr);
	ui_addstr(y, x, b.s != NULL ? b.s : "");
	if (attr != 0)
		attroff(attr);
	buf_free(&b);
}

void
ui_put(int y, int x, const char *s, int cols, bool pad)
{
	ui_put_attr(y, x, s, cols, pad, 0);
}

void
ui_title(const char *title, const char *info)
{
	struct buf b = { 0 };
	int w = info != NULL ? u_width(info) : 0, most;

	/* The information (a count, say) takes what the title leaves. */
	most = COLS - 5 - u_width(title);
	if (most < COLS / 2)
		most = COLS / 2;
	if (w > most)
		w = most;
	buf_addc(&b, ' ');
	/* The title gives way to the information on its right ("…"). */
	print_fit(&b, title, COLS - 1 - (w > 0 ? w + 3 : 0), false);
	ui_put_attr(0, 0, b.s, COLS, true, A_REVERSE | A_BOLD);
	if (w > 0)
		ui_put_attr(0, COLS - w - 1, info, w, false, A_REVERSE);
	buf_free(&b);
}

/* Appends a table's status line rows to b while they fit. */
static void
status_add(struct buf *b, const struct keydef *k, int *used)
{
	int w;

	for (; k != NULL && k->keys != NULL; k++) {
		if (!k->status)
			continue;
		w = u_width(_(k->keys)) + 1 + u_width(_(k->label)) + 2;
		if (*used + w > COLS)
			return;
		buf_addf(b, "%s %s  ", _(k->keys), _(k->label));
		*used += w;
	}
}

void
ui_status(const struct keydef *keys, const struct keydef *more)
{
	struct buf b = { 0 };
	int used = 0;

	status_add(&b, keys, &used);
	status_add(&b, more, &used);
	ui_put_attr(LINES - 1, 0, b.s != NULL ? b.s : "", COLS, true,
	    A_REVERSE);
	buf_free(&b);
}

/* The row of a table that handles key, or NULL. */
static const struct keydef *
key_row(const struct keydef *k, int key)
{
	int i;

	for (; k != NULL && k->keys != NULL; k++)
		for (i = 0; k->fn != NULL && i < KEYDEF_CODES &&
		    k->codes[i] != 0; i++)
			if (k->codes[i] == key)
				return k;
	return NULL;
}

int
ui_keys_run(struct screen *s, int key)
{
	const struct keydef *k;

	if ((k = key_row(s->ops->keys, key)) == NULL &&
	    (k = key_row(s->ops->more_keys, key)) == NULL)
		return UI_PASS;
	return k->fn(s, key);
}

/*
 * The message above the key line.  One too long for a line goes on
 * over the key line (until the next key), cut with "…" if longer still:
 * true then.
 */
static bool
draw_message(void)
{
	int attr = ui.message_error ? A_BOLD : 0;
	size_t k, i;
	char *rest;

	move(LINES - 2, 0);
	clrtoeol();
	if (ui.message == NULL)
		return false;
	if (u_width(ui.message) <= COLS || LINES < 3) {
		ui_put_attr(LINES - 2, 0, ui.message, COLS, false, attr);
		return false;
	}
	k = print_prefix(ui.message, COLS);
	/* At a space in the second half of the line, when there is one. */
	for (i = k; i > k / 2 && ui.message[i] != ' '; i--)
		;
	if (i > k / 2)
		k = i;
	rest = xstrndup(ui.message, k);
	ui_put_attr(LINES - 2, 0, rest, COLS, false, attr);
	free(rest);
	while (ui.message[k] == ' ')
		k++;
	rest = print_trunc(ui.message + k, COLS);
	move(LINES - 1, 0);
	clrtoeol();
	ui_put_attr(LINES - 1, 0, rest, COLS, false, attr);
	free(rest);
	return true;
}

static void
draw_too_small(void)
{
	char *s;

	char **lines = NULL;
	size_t n = 0, i;

	erase();
	s = xasprintf(_("Please make the window at least %dx%d (now %dx%d)"),
	    MIN_COLS, MIN_LINES, COLS, LINES);
	if (COLS >= 2)
		ui_wrap(s, COLS - 1, &lines, &n);
	for (i = 0; i < n && (int)i < LINES; i++)
		ui_put(LINES / 2 - (int)n / 2 + (int)i >= 0 ? LINES / 2 -
		    (int)n / 2 + (int)i : (int)i, 0, lines[i], COLS, false);
	strv_free(lines);
	free(s);
}

/*
 * A screen showing a clock asks, while drawing, for KEY_TICK after so
 * many seconds without a key; only the main loop's wait is timed.
 */
static int tick_seconds;
static bool tick_timed;

void
ui_tick(int seconds)
{
	tick_seconds = seconds;
}

/* See ui_later(). */
static struct {
	struct screen	*s;
	bool		(*fn)(struct screen *);
} later;

void
ui_later(struct screen *s, bool (*fn)(struct screen *))
{
	if (fn == NULL && later.s != s)
		return;
	later.s = s;
	later.fn = fn;
}

void
ui_redraw(void)
{
	tick_seconds = 0;	/* a screen with a clock asks again */
	ui.too_small = COLS < MIN_COLS || LINES < MIN_LINES;
	ui.cursor_wanted = false;
	if (ui.too_small) {
		draw_too_small();
		ui_refresh();
		return;
	}
	erase();
	if (ui.top != NULL) {
		int cy, cx;

		ui.top->ops->draw(ui.top);
		/* The screen leaves the cursor where typing goes. */
		getyx(stdscr, cy, cx);
		if (!draw_message())
			ui_status(ui.top->ops->keys, ui.top->ops->more_keys);
		move(cy, cx);
	}
}

/* Asks every screen to keep its work, and leaves. */
static void
hang_up(void)
{
	struct screen *s;

	for (s = ui.top; s != NULL; s = s->below)
		if (s->ops->hangup != NULL)
			s->ops->hangup(s);
	endwin();
	db_close(ui.db);
	_exit(hangup == SIGTERM ? 0 : 1);
}

/* A key read ahead by ui_key_waiting(), given next by ui_getkey(). */
static struct {
	bool	 have;
	int	 rc;
	wint_t	 wc;
} ahead;

bool
ui_key_waiting(void)
{
	if (ahead.have)
		return true;
	if (hangup)
		return false;
	nodelay(stdscr, TRUE);
	ahead.rc = get_wch(&ahead.wc);
	nodelay(stdscr, FALSE);
	ahead.have = ahead.rc != ERR;
	return ahead.have;
}

int
ui_getkey(void)
{
	wint_t wc;
	time_t waited = 0;
	int rc, errors = 0;

	for (;;) {
		errno = 0;
		if (ahead.have) {
			rc = ahead.rc;
			wc = ahead.wc;
			ahead.have = false;
		} else {
			timeout(tick_timed && tick_seconds > 0 ?
			    tick_seconds * 1000 : -1);
			waited = time(NULL);
			rc = hangup ? ERR : get_wch(&wc);
			waited = time(NULL) - waited;
			timeout(-1);
		}
		/* The time asked for went by (not a terminal gone at once). */
		if (rc == ERR && tick_timed && tick_seconds > 0 && !hangup &&
		    errno != EIO && waited >= tick_seconds - 1)
			return KEY_TICK;
		if (rc == ERR) {
			/* A signal, or the terminal is gone. */
			if (hangup || errno == EIO || ++errors > 100 ||
			    !isatty(STDIN_FILENO)) {
				if (!hangup)
					hangup = SIGHUP;
				hang_up();
			}
			continue;
		}
		if (rc == KEY_CODE_YES) {
			if (wc == KEY_RESIZE)
				ui.too_small = COLS < MIN_COLS ||
				    LINES < MIN_LINES;
			return KEYC((int)wc);
		}
		return (int)wc;
	}
}

/* ---- dialogs ---- */

/*
 * A frame of ASCII in the middle rows of the screen, as wide as the
 * screen: a narrower one would cut through Chinese characters below it,
 * and a terminal and curses do not agree on what is left of a character
 * cut in half.  The content goes in columns [*x, *x + cols).  Returns the
 * top row.
 */
static int
frame(int rows, int cols, const char *title, int *x)
{
	struct buf b = { 0 };
	int y = (LINES - rows) / 2, i;

	if (y < 1)
		y = 1;
	*x = (COLS - cols) / 2;
	if (*x < 0)
		*x = 0;
	for (i = 0; i < COLS; i++)
		buf_addc(&b, i == *x || i == *x + cols - 1 ? '+' : '-');
	mvaddstr(y, 0, b.s);
	mvaddstr(y + rows - 1, 0, b.s);
	for (i = 1; i < rows - 1; i++) {
		move(y + i, 0);
		clrtoeol();
		mvaddch(y + i, *x, '|');
		mvaddch(y + i, *x + cols - 1, '|');
	}
	if (title != NULL) {
		buf_reset(&b);
		buf_addf(&b, " %s ", title);
		ui_put_attr(y, *x + 2, b.s, cols - 4, false, A_BOLD);
	}
	buf_free(&b);
	return y;
}

/*
 * Splits text into lines of at most cols columns, at a space where the
 * line has one (English, numbers, times), else anywhere (Chinese).
 */
void
ui_wrap(const char *text, int cols, char ***lines, size_t *n)
{
	const char *p = text, *start = text, *space = NULL;
	size_t len = strlen(text);
	uint32_t cp;
	int k, used = 0, at_space = 0;

	while (len > 0) {
		if ((k = u8_decode(p, len, &cp)) < 0) {
			k = 1;
			cp = '?';
		}
		if (used + u_cpwidth(cp) > cols && p > start) {
			if (space != NULL && space > start) {
				strv_push(lines, n, xstrndup(start,
				    space - start));
				used -= at_space + 1;
				start = space + 1;
			} else {
				strv_push(lines, n, xstrndup(start, p - start));
				used = 0;
				start = p;
			}
			space = NULL;
		}
		if (cp == ' ') {
			space = p;
			at_space = used;
		}
		used += u_cpwidth(cp);
		p += k;
		len -= k;
	}
	strv_push(lines, n, xstrndup(start, p - start));
}

bool
ui_confirm(const char *question)
{
	/* TRANSLATORS: the keys stay y and n; say them after the words. */
	char *hint = xasprintf("%s  %s", question, _("[y/n]")), **lines = NULL;
	size_t n = 0, i;
	int key, w, x, y;
	bool answer = false;

	for (;;) {
		ui_redraw();
		if (!ui.too_small) {
			w = u_width(hint) + 4;
			if (w > COLS - 4)
				w = COLS - 4;
			strv_free(lines);
			lines = NULL;
			n = 0;
			ui_wrap(hint, w - 4, &lines, &n);
			y = frame((int)n + 2, w, NULL, &x);
			for (i = 0; i < n; i++)
				ui_put_attr(y + 1 + (int)i, x + 2, lines[i],
				    w - 4, false, A_BOLD);
		}
		ui_refresh();
		key = ui_getkey();
		if (ui.too_small)
			continue;
		/* 是 and 否 when typed with an input method. */
		if (key == 'y' || key == 'Y' || key == 0x662f) {
			answer = true;
			break;
		}
		if (key == 'n' || key == 'N' || key == 0x5426 ||
		    key == KEY_ESC || key == 'q')
			break;
	}
	strv_free(lines);
	free(hint);
	return answer;
}

char *
ui_prompt(const char *question, const char *initial, int maxchars)
{
	struct edit e = { 0 };
	char *text = NULL;
	int key, w, x, y;

	edit_set(&e, initial);
	e.maxchars = maxchars;
	for (;;) {
		ui_redraw();
		if (!ui.too_small) {
			w = COLS - 10;
			if (w > 70)
				w = 70;
			y = frame(4, w, question, &x);
			ui_put(y + 2, x + 2, _("Enter: done  Esc: cancel"),
			    w - 4, false);
			ui_cursor();
			edit_draw(&e, y + 1, x + 2, w - 4, true, A_UNDERLINE);
		}
		ui_refresh();
		key = ui_getkey();
		if (ui.too_small)
			continue;
		if (key == KEY_ESC)
			break;
		if (key == '\r' || key == '\n' || key == KEYC(KEY_ENTER)) {
			text = edit_text(&e);
			break;
		}
		edit_key(&e, key);
	}
	edit_free(&e);
	return text;
}

/* Does a label match what was typed: a part of it, or its pinyin? */
struct pymatch {
	const char	*q;
	bool		 hit;
};

static void
py_hit(const char *key, void *arg)
{
	struct pymatch *m = arg;

	if (str_startswith(key, m->q))
		m->hit = true;
}

/* py is the query made pinyin (NULL when it cannot be). */
static bool
label_matches(const char *label, const char *query, const char *py)
{
	struct pymatch m;

	if (*query == '\0' || strstr(label, query) != NULL)
		return true;
	if (py == NULL)
		return false;
	m.q = py;
	m.hit = false;
	pinyin_keys(label, true, 4, py_hit, &m);
	return m.hit;
}

/* The pick list behind ui_pick and ui_pick_many. */
static int
pick(const char *title, const char *const *labels, size_t n, int current,
    bool *selected)
{
	struct edit filter = { 0 };
	size_t *shown = xcalloc(n ? n : 1, sizeof *shown), nshown, i;
	int key, w, x, y, rows, sel = 0, top = 0, result = -1, r, widest;
	char *q, *py;
	struct buf line = { 0 };
	bool narrow = true;

	widest = u_width(title);
	for (i = 0; i < n; i++)
		if (u_width(labels[i]) > widest)
			widest = u_width(labels[i]);
	nshown = 0;
	for (;;) {
		if (narrow) {
			q = edit_text(&filter);
			py = pinyin_is_query(q) ? pinyin_normalize_query(q) :
			    NULL;
			for (nshown = 0, i = 0; i < n; i++)
				if (label_matches(labels[i], q, py))
					shown[nshown++] = i;
			free(py);
			free(q);
			narrow = false;
		}
		if (current >= 0) {
			for (i = 0; i < nshown; i++)
				if ((int)shown[i] == current)
					sel = (int)i;
			current = -1;
		}
		if (sel >= (int)nshown)
			sel = nshown > 0 ? (int)nshown - 1 : 0;

		ui_redraw();
		if (!ui.too_small) {
			rows = LINES - 4;
			if (rows > (int)nshown + 5)
				rows = (int)nshown + 5;
			if (rows < 7)
				rows = 7;
			w = widest + 8;
			if (w < 40)
				w = 40;
			if (w > COLS - 4)
				w = COLS - 4;
			y = frame(rows, w, title, &x);
			if (sel < top)
				top = sel;
			if (sel >= top + rows - 4)
				top = sel - (rows - 5);
			for (r = 0; r < rows - 4 && top + r < (int)nshown;
			    r++) {
				i = shown[top + r];
				buf_reset(&line);
				if (selected != NULL)
					buf_addstr(&line, selected[i] ?
					    "[x] " : "[ ] ");
				buf_addstr(&line, labels[i]);
				ui_put_attr(y + 1 + r, x + 2, line.s, w - 4,
				    true, top + r == sel ? A_REVERSE : 0);
			}
			ui_put(y + rows - 3, x + 2, _("Type to narrow:"), w - 4,
			    false);
			ui_put(y + rows - 2, x + 2, selected != NULL ?
			    _("Space: mark  Enter: done  Esc: cancel") :
			    _("Enter: choose  Esc: cancel"), w - 4, false);
			ui_cursor();
			edit_draw(&filter, y + rows - 3, x + 2 +
			    u_width(_("Type to narrow:")) + 1, w - 6 -
			    u_width(_("Type to narrow:")), true, A_UNDERLINE);
		}
		ui_refresh();
		key = ui_getkey();
		if (ui.too_small)
			continue;
		if (key == KEY_ESC)
			break;
		if (key == '\r' || key == '\n' || key == KEYC(KEY_ENTER)) {
			if (selected != NULL)
				result = 0;
			else if (nshown > 0)
				result = (int)shown[sel];
			else
				continue;
			break;
		}
		if (key == KEYC(KEY_UP) && sel > 0)
			sel--;
		else if (key == KEYC(KEY_DOWN) && sel + 1 < (int)nshown)
			sel++;
		else if (key == KEYC(KEY_PPAGE))
			sel = sel > 10 ? sel - 10 : 0;
		else if (key == KEYC(KEY_NPAGE))
			sel = sel + 10 < (int)nshown ? sel + 10 :
			    (nshown > 0 ? (int)nshown - 1 : 0);
		else if (key == KEYC(KEY_HOME) && filter.n == 0)
			sel = 0;
		else if (key == KEYC(KEY_END) && filter.n == 0)
			sel = nshown > 0 ? (int)nshown - 1 : 0;
		else if (key == ' ' && selected != NULL && nshown > 0)
			selected[shown[sel]] = !selected[shown[sel]];
		else if (key != KEYC(KEY_RESIZE) && edit_key(&filter, key)) {
			sel = 0;
			narrow = true;
		}
	}
	edit_free(&filter);
	buf_free(&line);
	free(shown);
	return result;
}

int
ui_pick(const char *title, const char *const *labels, size_t n, int current)
{
	return pick(title, labels, n, current, NULL);
}

bool
ui_pick_many(const char *title, const char *const *labels, size_t n,
    bool *selected)
{
	bool *copy = xcalloc(n ? n : 1, sizeof *copy);
	bool ok;

	memcpy(copy, selected, n * sizeof *copy);
	ok = pick(title, labels, n, -1, copy) == 0;
	if (ok)
		memcpy(selected, copy, n * sizeof *copy);
	free(copy);
	return ok;
}

/* ---- the pager: a screen of text lines ---- */

struct pager {
	struct screen	 s;
	char		*title;
	char		**in, **lines;	/* as given; wrapped to the width */
	size_t		 nin, n;
	int		 top, width;
};

static void
pager_draw(struct screen *s)
{
	struct pager *p = (struct pager *)s;
	int rows = ui_body_rows(), r;
	size_t i;
	char *info;

	/* Long lines wrap, again after a resize. */
	if (p->width != COLS - 2) {
		p->width = COLS - 2;
		strv_free(p->lines);
		p->lines = NULL;
		p->n = 0;
		for (i = 0; i < p->nin; i++)
			ui_wrap(p->in[i], p->width > 10 ? p->width : 10,
			    &p->lines, &p->n);
	}
	if (p->top > (int)p->n - rows)
		p->top = (int)p->n - rows;
	if (p->top < 0)
		p->top = 0;
	info = xasprintf("%d-%d/%zu", p->n ? p->top + 1 : 0,
	    p->top + rows < (int)p->n ? p->top + rows : (int)p->n, p->n);
	ui_title(p->title, info);
	free(info);
	for (r = 0; r < rows && p->top + r < (int)p->n; r++)
		ui_put(ui_body_top() + r, 1, p->lines[p->top + r], COLS - 2,
		    false);
}

static int
pager_move(struct screen *s, int key)
{
	struct pager *p = (struct pager *)s;
	int rows = ui_body_rows();

	switch (key) {
	case KEYC(KEY_UP):
		p->top--;
		break;
	case KEYC(KEY_DOWN):
		p->top++;
		break;
	case KEYC(KEY_PPAGE):
		p->top -= rows;
		break;
	case KEYC(KEY_HOME):
		p->top = 0;
		break;
	case KEYC(KEY_END):
		p->top = (int)p->n;
		break;
	default:
		p->top += rows;
		break;
	}
	return UI_STAY;
}

static int
pager_close(struct screen *s, int key)
{
	return UI_CLOSE;
}

static const struct keydef pager_keys[] = {
	{ N_("Up Down PgUp PgDn"), N_("move"), true, pager_move,
	    { KEYC(KEY_UP), KEYC(KEY_DOWN), KEYC(KEY_PPAGE), KEYC(KEY_NPAGE),
	    ' ' } },
	{ "Home End", N_("the first or last page"), false, pager_move,
	    { KEYC(KEY_HOME), KEYC(KEY_END) } },
	{ "q Esc", N_("close"), true, pager_close,
	    { KEYS_BACK, KEYS_ENTER } },
	{ NULL, NULL, false, NULL, { 0 } }
};

static int
pager_key(struct screen *s, int key)
{
	return UI_PASS;
}

static void
pager_free(struct screen *s)
{
	struct pager *p = (struct pager *)s;

	free(p->title);
	strv_free(p->in);
	strv_free(p->lines);
	free(p);
}

static const struct screen_ops pager_ops = {
	N_("Text"), pager_keys, pager_draw, pager_key, NULL, NULL,
	pager_free, false, NULL
};

void
ui_pager(const char *title, char *const *in, size_t nin)
{
	struct pager *p = xcalloc(1, sizeof *p);
	size_t i;

	p->s.ops = &pager_ops;
	p->title = xstrdup(title);
	for (i = 0; i < nin; i++)
		strv_push(&p->in, &p->nin, xstrdup(in[i]));
	p->width = -1;
	ui_push(&p->s);
}

bool
ui_pick_school(const char *title, const char *none, uint32_t current,
    uint32_t *id, char **name)
{
	struct rec_iter it;
	struct txn t;
	struct rec *r;
	char **labels = NULL;
	uint32_t *ids = NULL;
	size_t n = 0;
	int k, cur = 0;
	bool first = current == UI_FIRST_SCHOOL;

	if (txn_read(ui.db, &t) != 0)
		return false;
	if (none != NULL) {
		ids = xreallocarray(ids, n + 1, sizeof *ids);
		ids[n] = 0;
		strv_push(&labels, &n, xstrdup(none));
	}
	rec_iter_start(&t, RT_SCHOOL, &it);
	while ((r = rec_iter_next(&it)) != NULL) {
		ids = xreallocarray(ids, n + 1, sizeof *ids);
		ids[n] = r->id;
		if (r->id == current || first) {
			cur = (int)n;
			first = false;
		}
		strv_push(&labels, &n, xstrdup(rec_title(r)));
		rec_free(r);
	}
	rec_iter_end(&it);
	txn_end(&t);
	k = n > 0 ? ui_pick(title, (const char *const *)labels, n, cur) : -1;
	if (k >= 0) {
		*id = ids[k];
		if (name != NULL)
			*name = xstrdup(ids[k] != 0 ? labels[k] : "");
	}
	strv_free(labels);
	free(ids);
	return k >= 0;
}

bool
ui_pick_mentor(uint32_t school, bool with_none, uint32_t current,
    uint32_t *id)
{
	struct idlist ids = { 0 };
	struct txn t;
	struct rec *st;
	char **labels = NULL;
	uint32_t *staff;
	size_t n = 0, i, load;
	int k, cur = 0;

	if (txn_read(ui.db, &t) != 0)
		return false;
	ix_refs(&t, IX_STAFF_SCHOOL, school, &ids);
	staff = xcalloc(ids.n + 1, sizeof *staff);
	if (with_none)
		strv_push(&labels, &n, xstrdup(_("(no mentor)")));
	for (i = 0; i < ids.n; i++) {
		if (rec_get(&t, RT_STAFF, ids.v[i], &st) != 0)
			continue;
		load = staff_caseload(&t, st->id, ui.today);
		if (st->id == current)
			cur = (int)n;
		staff[n] = st->id;
		strv_push(&labels, &n, xasprintf(P_("%s (mentors %zu child)",
		    "%s (mentors %zu children)", load), rec_title(st), load));
		rec_free(st);
	}
	txn_end(&t);
	idl_free(&ids);
	if (n == 0 || (with_none && n == 1)) {
		ui_error("%s", _("The school has no staff yet: add them in "
		    "Staff."));
		strv_free(labels);
		free(staff);
		return false;
	}
	k = ui_pick(_("Mentor"), (const char *const *)labels, n, cur);
	if (k >= 0)
		*id = staff[k];
	strv_free(labels);
	free(staff);
	return k >= 0;
}

void
ui_draft_key(struct buf *key, const char *kind)
{
	buf_addstr(key, ui.db->user);
	buf_addc(key, '\0');
	buf_addstr(key, kind);
	buf_addc(key, '\0');
}

struct draft_arg {
	const struct buf	*key;
	const struct buf	*val;
};

static int
draft_write(struct txn *t, void *arg, char **cause)
{
	struct draft_arg *a = arg;

	if (a->val != NULL)
		kv_put(t, DBI_DRAFT, a->key->s, a->key->len, a->val->s,
		    a->val->len);
	else
		kv_del(t, DBI_DRAFT, a->key->s, a->key->len);
	return t->err;
}

void
ui_draft_put(const struct buf *key, const struct buf *val)
{
	struct draft_arg a = { key, val };
	char *cause = NULL;

	db_write(ui.db, draft_write, &a, &cause);
	free(cause);
}

char *
ui_draft_get(const struct buf *key, size_t *len)
{
	struct txn t;
	MDB_val v;
	char *copy = NULL;

	if (txn_read(ui.db, &t) != 0)
		return NULL;
	if (kv_get(&t, DBI_DRAFT, key->s, key->len, &v) == 0) {
		copy = xmalloc(v.mv_size ? v.mv_size : 1);
		memcpy(copy, v.mv_data, v.mv_size);
		*len = v.mv_size;
	}
	txn_end(&t);
	return copy;
}

/* The title of what a draft is of ("child 张三 (#41)"). */
static char *
draft_what(struct txn *t, const char *kind, uint32_t id)
{
	const struct schema *sc = schema_by_name(kind);
	struct rec *r;
	char *s, *title;

	if (strcmp(kind, "drill") == 0) {
		sc = schema_of(RT_TREE);
		kind = N_("a drill of the call tree");
	} else if (sc != NULL)
		kind = sc->label;
	else
		return str_safe(kind, false);
	if (id == 0)
		return xasprintf(_("%s (new)"), _(kind));
	if (rec_get(t, sc->type, id, &r) != 0)
		return xasprintf("%s #%u", _(kind), id);
	title = str_safe(rec_title(r), false);
	s = xasprintf("%s %s (#%u)", _(kind), title, id);
	free(title);
	rec_free(r);
	return s;
}

size_t
ui_drafts(char ***lines, size_t *n)
{
	struct kv_cursor c;
	struct buf prefix = { 0 };
	struct txn t;
	struct rd rd;
	const char *kind, *end;
	char *what, when[17];
	int64_t stamp;
	size_t count = 0;
	bool ok;

	if (txn_read(ui.db, &t) != 0)
		return 0;
	ui_draft_key(&prefix, "");
	prefix.len--;	/* the user's drafts of any kind */
	for (ok = kv_first(&t, DBI_DRAFT, prefix.s, prefix.len, &c); ok;
	    ok = kv_next(&c)) {
		count++;
		if (lines == NULL)
			continue;
		kind = (const char *)c.key.mv_data + prefix.len;
		end = (const char *)c.key.mv_data + c.key.mv_size;
		if (memchr(kind, '\0', end - kind) == NULL ||
		    end - (kind + strlen(kind) + 1) < 4)
			continue;
		what = draft_what(&t, kind, get_u32be((const unsigned char *)
		    kind + strlen(kind) + 1));
		/* Forms' drafts say when they were typed. */
		rd_init(&rd, c.val.mv_data, c.val.mv_size);
		stamp = strcmp(kind, "drill") != 0 && rd_u8(&rd) == 1 ?
		    rd_svarint(&rd) : 0;
		if (stamp != 0 && !rd.err) {
			time_format(stamp, when);
			strv_push(lines, n, xasprintf(_("%s, typed on %s"),
			    what, when));
		} else
			strv_push(lines, n, xstrdup(what));
		free(what);
	}
	kv_close(&c);
	txn_end(&t);
	buf_free(&prefix);
	return count;
}

static const struct keydef global_keys[] = {
	{ "? F1", N_("this help"), false, NULL, { 0 } },
	{ "Esc q", N_("back (in a form: cancel)"), false, NULL, { 0 } },
	{ N_("Tab S-Tab Up Down"), N_("move between fields of a form"),
	    false, NULL, { 0 } },
	{ "Space", N_("in a form: next choice, or yes/no"), false, NULL,
	    { 0 } },
	{ "Enter", N_("in a form: open a pick list of choices"), false, NULL,
	    { 0 } },
	{ N_("F2 ^S"), N_("in a form: save"), false, NULL, { 0 } },
	{ N_("^U ^K"), N_("in a field: clear before / after the cursor"),
	    false, NULL, { 0 } },
	{ N_("^C"), N_("says how to leave"), false, NULL, { 0 } },
	{ N_("^L"), N_("draws the whole screen again"), false, NULL, { 0 } },
	{ NULL, NULL, false, NULL, { 0 } }
};

/* Appends the help lines of a key table. */
static void
help_add(char ***lines, size_t *n, const struct keydef *k)
{
	struct buf b = { 0 };

	for (; k != NULL && k->keys != NULL; k++) {
		if (*k->keys == '\0')	/* more keys of the row above */
			continue;
		buf_reset(&b);
		buf_addstr(&b, "  ");
		u_fit(&b, _(k->keys), 20, true);
		buf_addstr(&b, "  ");
		buf_addstr(&b, _(k->label));
		strv_push(lines, n, xstrdup(b.s));
	}
	buf_free(&b);
}

void
ui_help(const char *title, const struct keydef *keys,
    const struct keydef *more)
{
	char **lines = NULL, *head;
	size_t n = 0;

	strv_push(&lines, &n, xstrdup(_("Keys on this screen:")));
	help_add(&lines, &n, keys);
	help_add(&lines, &n, more);
	strv_push(&lines, &n, xstrdup(""));
	strv_push(&lines, &n, xstrdup(_("Keys everywhere:")));
	help_add(&lines, &n, global_keys);
	strv_push(&lines, &n, xstrdup(""));
	strv_push(&lines, &n, xstrdup(_("Nothing needs a mouse; function keys "
	    "always have another key too.")));
	head = xasprintf(_("%s: %s"), _("Help"), title);
	ui_pager(head, lines, n);
	free(head);
	strv_free(lines);
}

/* ---- the terminal ---- */

/*
 * The function and editing keys of xterm, PuTTY and the Linux console,
 * whatever TERM says: a terminal set up as another sends its own.  The
 * function keys win over what the terminal description binds to the same
 * sequence (PuTTY's gives ESC O P to ESC O S to keys of its numeric
 * keypad, which the screens do not use); the editing keys are added
 * only where the description has nothing, so that its own arrows stay.
 */
static void
define_common_keys(void)
{
	static const struct {
		const char	*seq;
		int		 key;
	} seqs[] = {
		/* xterm */
		{ "\033OP", KEY_F(1) }, { "\033OQ", KEY_F(2) },
		{ "\033OR", KEY_F(3) }, { "\033OS", KEY_F(4) },
		/* PuTTY's default (ESC [ n ~), and xterm's F5 to F12 */
		{ "\033[11~", KEY_F(1) }, { "\033[12~", KEY_F(2) },
		{ "\033[13~", KEY_F(3) }, { "\033[14~", KEY_F(4) },
		{ "\033[15~", KEY_F(5) }, { "\033[17~", KEY_F(6) },
		{ "\033[18~", KEY_F(7) }, { "\033[19~", KEY_F(8) },
		{ "\033[20~", KEY_F(9) }, { "\033[21~", KEY_F(10) },
		{ "\033[23~", KEY_F(11) }, { "\033[24~", KEY_F(12) },
		/* the Linux console */
		{ "\033[[A", KEY_F(1) }, { "\033[[B", KEY_F(2) },
		{ "\033[[C", KEY_F(3) }, { "\033[[D", KEY_F(4) },
		{ "\033[[E", KEY_F(5) },
		/* editing keys */
		{ "\033[1~", KEY_HOME }, { "\033[4~", KEY_END },
		{ "\033[H", KEY_HOME }, { "\033[F", KEY_END },
		{ "\033OH", KEY_HOME }, { "\033OF", KEY_END },
		{ "\033[Z", KEY_BTAB }, { "\033[3~", KEY_DC },
		{ "\033[5~", KEY_PPAGE }, { "\033[6~", KEY_NPAGE },
		{ "\033OA", KEY_UP }, { "\033OB", KEY_DOWN },
		{ "\033OC", KEY_RIGHT }, { "\033OD", KEY_LEFT },
		{ "\033[A", KEY_UP }, { "\033[B", KEY_DOWN },
		{ "\033[C", KEY_RIGHT }, { "\033[D", KEY_LEFT },
	};
	size_t i;

	for (i = 0; i < nitems(seqs); i++) {
		if (seqs[i].key >= KEY_F(1) && seqs[i].key <= KEY_F(12))
			define_key(seqs[i].seq, 0);
		if (key_defined(seqs[i].seq) == 0)
			define_key(seqs[i].seq, seqs[i].key);
	}
}

/* The Linux text console shows at most 512 glyphs: no Chinese. */
static void
warn_console(void)
{
	erase();
	mvaddstr(1, 2, "The Linux text console cannot show Chinese.");
	mvaddstr(2, 2, "Use an SSH client (PuTTY, a terminal window) instead.");
	mvaddstr(4, 2, "Press any key to go on.");
	refresh();
	ui_getkey();
}

/*
 * A locale that can show no Chinese: the screens go on in UTF-8, and the
 * first screen says how to set the terminal and the locale.
 */
static void
show_advice(const char *advice)
{
	char **lines = NULL;
	const char *p = advice, *nl;
	size_t n = 0;

	while ((nl = strchr(p, '\n')) != NULL) {
		strv_push(&lines, &n, xstrndup(p, (size_t)(nl - p)));
		p = nl + 1;
	}
	strv_push(&lines, &n, xstrdup(p));
	/* In both languages, as the advice: the terminal may show neither. */
	ui_pager("Character set / 字符集", lines, n);
	strv_free(lines);
}

/*
 * Asks on the terminal, before the screens start, whether to make a new
 * database where there is none: a mistyped --db would otherwise open an
 * empty one as if every record were gone.
 */
static bool
ask_create(const char *dir)
{
	char line[64], *safe = str_safe(dir, false);

	printf(_("There is no database in %s. Create a new, empty one?"),
	    safe);
	printf("  %s ", _("[y/n]"));
	fflush(stdout);
	free(safe);
	if (fgets(line, sizeof line, stdin) == NULL)
		return false;
	if (line[0] == 'y' || line[0] == 'Y' || strncmp(line, "是", 3) == 0)
		return true;
	printf("%s\n", _("Nothing was created."));
	return false;
}

/*
 * A save waiting for another writer: said on the message line at once
 * (the save itself holds the screen until it is done).
 */
static void
wait_notice(const char *msg, void *arg)
{
	ui_msg("%s", msg);
	ui_redraw();
	ui_refresh();
}

static int wait_seconds_given;

void
ui_db_wait(int seconds)
{
	if (seconds > 0)
		db_set_wait(ui.db, seconds, NULL, NULL);
	else
		db_set_wait(ui.db, wait_seconds_given, wait_notice, NULL);
}

int
ui_main(const char *db_dir, int wait_seconds)
{
	const char *term = getenv("TERM");
	/* A copy on read-only files opens for reading (nothing to save). */
	struct db_opts o = { .create = true, .read_fallback = true };
	struct sigaction sa;
	struct screen *s;
	bool (*later_fn)(struct screen *);
	SCREEN *scr;
	char *cause = NULL;
	int key, r;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		cli_error(_("the screens need a terminal; see \"shouhu help\" "
		    "for the commands"));
		return EXIT_USAGE;
	}
	if (term == NULL || *term == '\0') {
		cli_error(_("TERM is not set; try TERM=xterm"));
		return EXIT_USAGE;
	}
	/* (A township's database, reached through the group, is made by
	 * its administrator: the user could not see it from here.) */
	if (!priv_setgid() && !db_exists(db_dir) && !ask_create(db_dir))
		return EXIT_OK;
	if (priv_db_open(db_dir, &o, &ui.db, &cause) != 0) {
		cli_error("%s", cause);
		free(cause);
		return EXIT_DATA;
	}
	/* Who is using it, before anything is shown (access.h). */
	date_today(ui.today);
	if (cli_login(ui.db, NULL, ui.today) != 0) {
		db_close(ui.db);
		return EXIT_DATA;
	}
	wait_seconds_given = wait_seconds;
	ui_db_wait(0);
	if ((scr = newterm(NULL, stdout, stdin)) == NULL) {
		cli_error(_("cannot use the terminal type \"%s\": try "
		    "TERM=xterm (and install ncurses-term for putty)"), term);
		db_close(ui.db);
		return EXIT_USAGE;
	}
	set_term(scr);
	set_escdelay(ESC_DELAY_MS);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	define_common_keys();
	if (has_colors()) {
		start_color();
		use_default_colors();
		ui.color = true;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_hangup;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	date_today(ui.today);

	/*
	 * The Linux text console cannot show Chinese; a login over SSH
	 * whose terminal says "linux" (PuTTY can) is not that console.
	 */
	if (strcmp(term, "linux") == 0 && getenv("SSH_CONNECTION") == NULL &&
	    getenv("SSH_TTY") == NULL)
		warn_console();
	ui_push(screen_menu());
	if (i18n_locale_advice() != NULL)
		show_advice(i18n_locale_advice());
	while (ui.top != NULL) {
		/* Keys typed ahead or pasted are all handled first. */
		if (!ui_key_waiting()) {
			ui_redraw();
			ui_refresh();
		}
		/* What the screen left for later, once it is shown. */
		if (later.fn != NULL && ui.top == later.s &&
		    !ui_key_waiting()) {
			later_fn = later.fn;
			later.fn = NULL;
			if (later_fn(ui.top) && !ui_key_waiting()) {
				ui_redraw();
				ui_refresh();
			}
		}
		tick_timed = true;
		key = ui_getkey();
		tick_timed = false;
		if (key == KEYC(KEY_RESIZE) || key == KEY_TICK || ui.too_small)
			continue;
		free(ui.message);
		ui.message = NULL;
		s = ui.top;
		if (key == KEY_CTRL('l')) {
			/* The terminal shows something else: draw it all. */
			clearok(curscr, TRUE);
			continue;
		}
		if (key == KEY_CTRL('c')) {
			ui_msg("%s", _("To leave: Esc or q goes back; on the "
			    "main menu 0 or q quits."));
			continue;
		}
		if ((key == KEYC(KEY_F(1)) || (key == '?' &&
		    !s->ops->text_input)) && s->ops->keys != NULL) {
			ui_help(_(s->ops->title), s->ops->keys,
			    s->ops->more_keys);
			continue;
		}
		r = s->ops->key != NULL ? s->ops->key(s, key) : UI_PASS;
		if (r == UI_PASS)
			r = ui_keys_run(s, key);
		if (r == UI_PASS) {
			beep();
			r = UI_STAY;
		}
		if (r == UI_QUIT)
			break;
		if (r == UI_CLOSE) {
			ui_remove(s);
			if (ui.top != NULL && ui.top->ops->reload != NULL)
				ui.top->ops->reload(ui.top);
		}
	}
	while (ui.top != NULL)
		ui_remove(ui.top);
	endwin();
	delscreen(scr);
	free(ui.message);
	db_close(ui.db);
	return EXIT_OK;
}
