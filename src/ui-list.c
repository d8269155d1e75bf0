/* ui-list.c -- see ui-list.h. */
#include "config.h"

#include <curses.h>
#include <string.h>

#include "i18n.h"
#include "store.h"
#include "ui-list.h"
#include "ui.h"

void
rowcache_prepare(struct rowcache *c, size_t first, size_t count)
{
	struct txn t;
	size_t i, k;
	bool open = false;

	for (i = first; i < first + count; i++) {
		k = i % ROWCACHE;
		if (c->slot[k].item != NULL && c->slot[k].idx == i)
			continue;
		if (!open && txn_read(ui.db, &t) != 0)
			return;
		open = true;
		if (c->slot[k].item != NULL)
			c->drop(c->slot[k].item);
		c->slot[k].item = c->load(&t, i, c->arg);
		c->slot[k].idx = i;
	}
	if (open)
		txn_end(&t);
}

void *
rowcache_get(struct rowcache *c, size_t i)
{
	size_t k = i % ROWCACHE;

	return c->slot[k].idx == i ? c->slot[k].item : NULL;
}

void
rowcache_clear(struct rowcache *c)
{
	size_t k;

	for (k = 0; k < ROWCACHE; k++) {
		if (c->slot[k].item != NULL)
			c->drop(c->slot[k].item);
		c->slot[k].item = NULL;
	}
}

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
	int r, x;

	if (header != NULL) {
		ui_put_attr(y, 1 + (l->marked ? 4 : 0), header, COLS - 1 -
		    (l->marked ? 4 : 0), false, A_BOLD | A_UNDERLINE);
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
		l->row(l, i, &b, COLS - 3 - (l->marked ? 4 : 0));
		mvaddstr(y + r, 0, i == l->sel ? ">" : " ");
		x = 1;
		if (l->marked != NULL) {
			mvaddstr(y + r, x, l->marked[i] ? "[x] " : "[ ] ");
			x += 4;
		}
		if (i != l->sel)
			ui_put(y + r, x, b.s, COLS - x, false);
		else if (l->hl <= 0)
			ui_put_attr(y + r, x, b.s, COLS - x - 1, false,
			    A_REVERSE);
		else {
			struct buf head = { 0 };
			const char *rest = b.s;
			size_t left = b.len;
			int w = 0, k;
			uint32_t cp;

			/* The first hl columns reversed, the rest plain. */
			while (left > 0 && w < l->hl) {
				if ((k = u8_decode(rest, left, &cp)) < 0) {
					k = 1;
					cp = 0xfffd;
				}
				if (w + u_cpwidth(cp) > l->hl)
					break;
				w += u_cpwidth(cp);
				buf_add(&head, rest, k);
				rest += k;
				left -= k;
			}
			ui_put_attr(y + r, x, head.s != NULL ? head.s : "", w,
			    false, A_REVERSE);
			ui_put(y + r, x + w, rest, COLS - x - w, false);
			buf_free(&head);
		}
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

bool
searchbar_key(struct searchbar *sb, int key, bool *changed)
{
	*changed = false;
	switch (key) {
	case KEY_ESC:
		edit_set(&sb->q, "");
		sb->active = false;
		*changed = true;
		return true;
	case '\r':
	case '\n':
	case KEYC(KEY_ENTER):
	case KEYC(KEY_DOWN):
		sb->active = false;
		return true;
	}
	if (edit_key(&sb->q, key)) {
		*changed = true;
		return true;
	}
	beep();
	return true;
}

static int
searchbar_x(void)
{
	return 2 + u_width(_("Search:"));
}

int
searchbar_draw(struct searchbar *sb, int y)
{
	if (!sb->active && sb->q.n == 0)
		return 0;
	ui_put(y, 1, _("Search:"), COLS - 2, false);
	if (!sb->active)
		edit_draw(&sb->q, y, searchbar_x(), COLS - 2 - searchbar_x(),
		    false, A_UNDERLINE);
	return 1;
}

void
searchbar_cursor(struct searchbar *sb, int y)
{
	if (!sb->active)
		return;
	ui_cursor();
	edit_draw(&sb->q, y, searchbar_x(), COLS - 2 - searchbar_x(), true,
	    A_UNDERLINE);
}

char *
searchbar_text(const struct searchbar *sb)
{
	return edit_text(&sb->q);
}

bool
searchbar_clear(struct searchbar *sb)
{
	if (sb->q.n == 0)
		return false;
	edit_set(&sb->q, "");
	return true;
}
