/* ui-list.c -- see ui-list.h. */
#include "config.h"

#include <curses.h>

#include "ui-list.h"
#include "ui.h"

void
list_resize(struct list *l, size_t n)
{
	l->n = n;
	if (l->sel >= n)
		l->sel = n > 0 ? n - 1 : 0;
	if (l->top > l->sel)
		l->top = l->sel;
}

void
list_draw(struct list *l, int y, int rows, const char *header)
{
	struct buf b = { 0 };
	size_t i, count;
	int r;

	if (header != NULL) {
		ui_put_attr(y, 0, header, COLS, true, A_BOLD | A_UNDERLINE);
		y++;
		rows--;
	}
	if (rows <= 0)
		return;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + (size_t)rows)
		l->top = l->sel - rows + 1;
	count = l->n - l->top < (size_t)rows ? l->n - l->top : (size_t)rows;
	if (count > 0 && l->prepare != NULL)
		l->prepare(l, l->top, count);
	for (r = 0; r < (int)count; r++) {
		i = l->top + r;
		buf_reset(&b);
		if (l->marked != NULL)
			buf_addstr(&b, l->marked[i] ? "[x] " : "[ ] ");
		l->row(l, i, &b, COLS - 1 - (l->marked ? 4 : 0));
		ui_put_attr(y + r, 0, b.s, COLS, true,
		    i == l->sel ? A_REVERSE : 0);
	}
	buf_free(&b);
}

bool
list_key(struct list *l, int key, int rows)
{
	if (l->n == 0)
		return key == KEYC(KEY_UP) || key == KEYC(KEY_DOWN);
	switch (key) {
	case KEYC(KEY_UP):
	case KEY_CTRL('p'):
		if (l->sel > 0)
			l->sel--;
		return true;
	case KEYC(KEY_DOWN):
	case KEY_CTRL('n'):
		if (l->sel + 1 < l->n)
			l->sel++;
		return true;
	case KEYC(KEY_PPAGE):
		l->sel = l->sel > (size_t)rows ? l->sel - rows : 0;
		return true;
	case KEYC(KEY_NPAGE):
		l->sel = l->sel + rows < l->n ? l->sel + rows : l->n - 1;
		return true;
	case KEYC(KEY_HOME):
		l->sel = 0;
		return true;
	case KEYC(KEY_END):
		l->sel = l->n - 1;
		return true;
	case ' ':
		if (l->marked == NULL)
			return false;
		l->marked[l->sel] = !l->marked[l->sel];
		if (l->sel + 1 < l->n)
			l->sel++;
		return true;
	}
	return false;
}
