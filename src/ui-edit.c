/* ui-edit.c -- see ui-edit.h. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "ui-edit.h"
#include "ui.h"
#include "util.h"

void
edit_set(struct edit *e, const char *s)
{
	size_t len = s != NULL ? strlen(s) : 0;
	uint32_t c;
	int k;

	e->n = e->cur = e->scroll = 0;
	e->changed = e->cut = false;
	while (len > 0) {
		if ((k = u8_decode(s, len, &c)) < 0) {
			k = 1;
			c = 0xfffd;
		}
		if (e->n == e->cap) {
			e->cap = e->cap ? e->cap * 2 : 32;
			e->cp = xreallocarray(e->cp, e->cap, sizeof *e->cp);
		}
		e->cp[e->n++] = c;
		s += k;
		len -= k;
	}
	e->cur = e->n;
}

char *
edit_text(const struct edit *e)
{
	struct buf b = { 0 };
	char enc[4];
	int i;

	for (i = 0; i < e->n; i++)
		buf_add(&b, enc, u8_encode(e->cp[i], enc));
	return buf_take(&b);
}

static void
insert(struct edit *e, uint32_t c)
{
	if (e->maxchars > 0 && e->n >= e->maxchars) {
		e->cut = true;
		beep();
		return;
	}
	if (e->n == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 32;
		e->cp = xreallocarray(e->cp, e->cap, sizeof *e->cp);
	}
	memmove(e->cp + e->cur + 1, e->cp + e->cur,
	    (e->n - e->cur) * sizeof *e->cp);
	e->cp[e->cur++] = c;
	e->n++;
	e->changed = true;
}

static void
delete(struct edit *e, int from, int to)
{
	if (from < 0)
		from = 0;
	if (to > e->n)
		to = e->n;
	if (from >= to)
		return;
	memmove(e->cp + from, e->cp + to, (e->n - to) * sizeof *e->cp);
	e->n -= to - from;
	if (e->cur > to)
		e->cur -= to - from;
	else if (e->cur > from)
		e->cur = from;
	e->changed = true;
}

bool
edit_key(struct edit *e, int key)
{
	switch (key) {
	case KEYC(KEY_LEFT):
	case KEY_CTRL('b'):
		if (e->cur > 0)
			e->cur--;
		return true;
	case KEYC(KEY_RIGHT):
	case KEY_CTRL('f'):
		if (e->cur < e->n)
			e->cur++;
		return true;
	case KEYC(KEY_HOME):
	case KEY_CTRL('a'):
		e->cur = 0;
		return true;
	case KEYC(KEY_END):
	case KEY_CTRL('e'):
		e->cur = e->n;
		return true;
	case KEYC(KEY_BACKSPACE):
	case 127:
	case 8:
		if (e->cur > 0)
			delete(e, e->cur - 1, e->cur);
		else
			beep();
		return true;
	case KEYC(KEY_DC):
	case KEY_CTRL('d'):
		delete(e, e->cur, e->cur + 1);
		return true;
	case KEY_CTRL('u'):
		delete(e, 0, e->cur);
		return true;
	case KEY_CTRL('k'):
		delete(e, e->cur, e->n);
		return true;
	}
	if (key >= 0x20 && key != 0x7f && key < 0x110000 &&
	    !(key >= 0x80 && key < 0xa0)) {
		insert(e, (uint32_t)key);
		return true;
	}
	return false;
}

/* The columns a character takes here: control characters show as one. */
static int
cwidth(uint32_t c)
{
	return c < 0x20 ? 1 : u_cpwidth(c);
}

void
edit_draw(struct edit *e, int y, int x, int cols, bool focus, int attr)
{
	struct buf b = { 0 };
	int i, w, used = 0, curx = 0;
	char enc[4];

	if (cols < 2)
		return;
	/* Scroll so that the cursor (and one column after it) is visible. */
	if (e->cur < e->scroll)
		e->scroll = e->cur;
	for (;;) {
		for (w = 0, i = e->scroll; i < e->cur; i++)
			w += cwidth(e->cp[i]);
		if (w < cols || e->scroll >= e->cur)
			break;
		e->scroll++;
	}
	/* Without the focus, the text is shown from its start. */
	for (i = focus ? e->scroll : 0; i < e->n; i++) {
		w = cwidth(e->cp[i]);
		if (used + w > cols)
			break;
		if (i == e->cur)
			curx = used;
		if (e->cp[i] < 0x20)
			buf_addc(&b, '|');
		else
			buf_add(&b, enc, u8_encode(e->cp[i], enc));
		used += w;
	}
	if (e->cur >= i)
		curx = used;
	for (; used < cols; used++)
		buf_addc(&b, ' ');
	attron(attr);
	ui_addstr(y, x, b.s);
	attroff(attr);
	buf_free(&b);
	if (focus) {
		if (curx >= cols)
			curx = cols - 1;
		move(y, x + curx);
	}
}

int
edit_lines(const struct edit *e)
{
	int i, n = 1;

	for (i = 0; i < e->n; i++)
		if (e->cp[i] == '\n')
			n++;
	return n;
}

void
edit_draw_rows(struct edit *e, int y, int x, int cols, int rows,
    bool focus, int attr)
{
	struct buf b = { 0 };
	int i = 0, row, used, w, cury = 0, curx = 0;
	char enc[4];

	if (rows <= 1 || edit_lines(e) <= 1) {
		edit_draw(e, y, x, cols, focus, attr);
		return;
	}
	if (cols < 2)
		return;
	for (row = 0; row < rows; row++) {
		buf_reset(&b);
		used = 0;
		for (; i < e->n && e->cp[i] != '\n'; i++) {
			if (i == e->cur) {
				cury = row;
				curx = used;
			}
			w = cwidth(e->cp[i]);
			if (used + w > cols)
				continue;	/* cut at the box's edge */
			if (e->cp[i] < 0x20)
				buf_addc(&b, '|');
			else
				buf_add(&b, enc, u8_encode(e->cp[i], enc));
			used += w;
		}
		if (i == e->cur) {
			cury = row;
			curx = used;
		}
		for (w = used; w < cols; w++)
			buf_addc(&b, ' ');
		attron(attr);
		ui_addstr(y + row, x, b.s);
		attroff(attr);
		if (i < e->n)
			i++;	/* the line break */
	}
	buf_free(&b);
	if (focus)
		move(y + cury, x + (curx < cols ? curx : cols - 1));
}

void
edit_free(struct edit *e)
{
	free(e->cp);
	memset(e, 0, sizeof *e);
}
