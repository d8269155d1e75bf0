/* ui-list.c -- see ui-list.h. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
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

/* ---- the list screen ---- */

/* Wide enough for every column a screen may show. */
#define LS_ANY_WIDTH 10000

static void *
ls_row_load(struct txn *t, size_t i, void *arg)
{
	struct lscreen *ls = arg;
	struct vrow *row;

	if (ls->t->row != NULL)
		return ls->t->row(ls, t, ls->ids.v[i]);
	if (view_row(ls->view, &ls->ctx, t, ls->ids.v[i], view_needs(ls->view,
	    VF_TEXT, LS_ANY_WIDTH, false), &row) != 0)
		return NULL;
	return row;
}

static void
ls_row_drop(void *item)
{
	view_row_free(item);
}

static void
ls_prepare(struct list *l, size_t first, size_t count)
{
	struct lscreen *ls = l->arg;

	rowcache_prepare(&ls->rows, first, count);
}

static void
ls_row(struct list *l, size_t i, struct buf *b, int width)
{
	struct lscreen *ls = l->arg;
	struct vrow *row = rowcache_get(&ls->rows, i);

	if (row == NULL)
		buf_addf(b, "#%u", ls->ids.v[i]);
	else
		view_line(row, width, b);
}

/*
 * Longer lists keep the order they were read in (for children, by class
 * from the index): reading every record to sort them would keep the
 * user waiting.
 */
#define LS_SORT_MOST 20000

void
lscreen_sort(struct lscreen *ls, struct txn *t)
{
	if (ls->ids.n <= LS_SORT_MOST)
		view_sort_ids(ls->view, &ls->ctx, t, ls->ids.v, ls->ids.n);
}

uint32_t
lscreen_selected(const struct lscreen *ls)
{
	return ls->l.n > 0 ? ls->ids.v[ls->l.sel] : 0;
}

void
lscreen_read(struct lscreen *ls, bool keep)
{
	struct txn t;
	uint32_t want = lscreen_selected(ls);
	size_t sel = ls->l.sel, i;
	char *q = searchbar_text(&ls->sb);

	if (keep && ui.saved_id != 0 && ui.saved_type == ls->type)
		want = ui.saved_id;
	if (keep) {
		ui.saved_id = 0;
		vctx_forget(&ls->ctx);	/* a school may have been renamed */
	}
	rowcache_clear(&ls->rows);
	ls->ids.n = 0;
	if (ls->t->before != NULL)
		ls->t->before(ls);
	if (txn_read(ui.db, &t) == 0) {
		ls->t->load(ls, &t, q);
		txn_end(&t);
	}
	free(q);
	ls->stale = false;
	ls->l.sel = 0;
	if (keep) {
		/* The same record; when it is gone, the one after it. */
		ls->l.sel = sel;
		for (i = 0; i < ls->ids.n; i++)
			if (ls->ids.v[i] == want) {
				ls->l.sel = i;
				break;
			}
	} else
		ls->l.top = 0;
	list_resize(&ls->l, ls->ids.n);
}

void
lscreen_reload(struct screen *s)
{
	lscreen_read((struct lscreen *)s, true);
}

void
lscreen_draw(struct screen *s)
{
	struct lscreen *ls = (struct lscreen *)s;
	struct buf head = { 0 };
	char *info, *q;
	int y = ui_body_top(), rows = ui_body_rows(), used;

	if (ls->stale)
		lscreen_read(ls, false);
	q = searchbar_text(&ls->sb);
	info = ls->t->info(ls, q);
	ui_title(_(ls->title), info);
	free(info);
	used = searchbar_draw(&ls->sb, y);
	y += used;
	rows -= used;
	/* As wide as the rows (list_draw), beside the marks if any. */
	view_header(ls->view, COLS - 3 - (ls->l.marked != NULL ? 4 : 0),
	    &head);
	list_draw(&ls->l, y, rows, head.s);
	buf_free(&head);
	if (ls->l.n == 0)
		ui_put(y + 2, 2, _(*q != '\0' ? ls->t->not_found :
		    ls->t->empty), COLS - 4, false);
	if (ls->sb.active && ls->t->search_hint != NULL && ui.message == NULL)
		ui_msg("%s", _(ls->t->search_hint));
	searchbar_cursor(&ls->sb, ui_body_top());
	free(q);
}

int
lscreen_key(struct screen *s, int key)
{
	struct lscreen *ls = (struct lscreen *)s;
	bool changed;

	if (ls->sb.active) {
		/* Searched once the keys waiting are all typed. */
		if (searchbar_key(&ls->sb, key, &changed) && changed)
			ls->stale = true;
		return UI_STAY;
	}
	if (list_key(&ls->l, key, ui_body_rows() - 2))
		return UI_STAY;
	return UI_PASS;
}

static int
ls_search(struct screen *s, int key)
{
	((struct lscreen *)s)->sb.active = true;
	return UI_STAY;
}

static int
ls_open(struct screen *s, int key)
{
	struct lscreen *ls = (struct lscreen *)s;
	uint32_t id = lscreen_selected(ls);

	if (id == 0)
		return UI_STAY;
	if (ls->t->open != NULL)
		ls->t->open(ls, id);
	else
		ls->t->edit(ls, id);
	return UI_STAY;
}

static int
ls_add(struct screen *s, int key)
{
	struct lscreen *ls = (struct lscreen *)s;

	ls->t->add(ls);
	return UI_STAY;
}

static int
ls_edit(struct screen *s, int key)
{
	struct lscreen *ls = (struct lscreen *)s;

	if (lscreen_selected(ls) != 0)
		ls->t->edit(ls, lscreen_selected(ls));
	return UI_STAY;
}

int
lscreen_delete(struct screen *s, int key)
{
	struct lscreen *ls = (struct lscreen *)s;

	if (lscreen_selected(ls) != 0) {
		ls->t->del(ls, lscreen_selected(ls));
		lscreen_read(ls, true);
	}
	return UI_STAY;
}

static int
ls_back(struct screen *s, int key)
{
	struct lscreen *ls = (struct lscreen *)s;

	/* Esc empties the search first; q always goes back. */
	if (key == KEY_ESC && searchbar_clear(&ls->sb)) {
		lscreen_read(ls, false);
		return UI_STAY;
	}
	return UI_CLOSE;
}

const struct keydef lscreen_keys[] = {
	{ "Enter", N_("open"), true, ls_open, { KEYS_ENTER } },
	{ "/", N_("search"), true, ls_search, { '/' } },
	{ "a", N_("add"), true, ls_add, { 'a' } },
	{ "e", N_("edit"), true, ls_edit, { 'e' } },
	{ "Esc q", N_("back"), true, ls_back, { KEYS_BACK } },
	{ "?", N_("help"), true, NULL, { 0 } },
	{ N_("Up Down PgUp PgDn"), N_("move"), false, NULL, { 0 } },
	{ "Home End", N_("the first or last row"), false, NULL, { 0 } },
	{ NULL, NULL, false, NULL, { 0 } }
};

void
lscreen_free(struct screen *s)
{
	struct lscreen *ls = (struct lscreen *)s;

	rowcache_clear(&ls->rows);
	idl_free(&ls->ids);
	edit_free(&ls->sb.q);
	vctx_free(&ls->ctx);
	if (ls->t->free != NULL)
		ls->t->free(ls);
	free(ls);
}

void
lscreen_init(struct lscreen *ls, const struct screen_ops *ops,
    const struct lstype *t, enum rtype type, const char *title)
{
	int c;

	ls->s.ops = ops;
	ls->t = t;
	ls->type = type;
	ls->view = view_of(type);
	vctx_init(&ls->ctx, ui.today);
	ls->title = title;
	ls->l.arg = ls;
	ls->l.prepare = ls_prepare;
	ls->l.row = ls_row;
	/* The first column (the name) is highlighted. */
	for (c = 0; c < ls->view->ncols; c++)
		if (view_col_shown(&ls->view->cols[c], VF_TEXT, COLS)) {
			ls->l.hl = view_col_width(&ls->view->cols[c]);
			break;
		}
	ls->rows.load = ls_row_load;
	ls->rows.drop = ls_row_drop;
	ls->rows.arg = ls;
	ls->sb.q.maxchars = 40;
	lscreen_read(ls, false);
}
