/*
 * ui-list.h -- a scrolling list of rows with a selection.  Rows are made
 * on demand, only for the lines on the screen, so a list of 100,000
 * children costs what fits in the window.
 */
#ifndef SHOUHU_UI_LIST_H
#define SHOUHU_UI_LIST_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"
#include "schema.h"
#include "store.h"
#include "ui-edit.h"
#include "ui.h"
#include "util.h"
#include "view.h"

struct list {
	size_t	 n;		/* rows */
	size_t	 sel;		/* the selected row */
	size_t	 top;		/* the first row shown */
	bool	*marked;	/* rows marked with Space, or NULL */
	/*
	 * The selected row has a ">" in front and its first hl columns
	 * (its first cell) in reverse video; 0: the whole row.  A small
	 * highlight makes moving cost few bytes on a slow link.
	 */
	int	 hl;
	/* Called before drawing with the rows about to be shown. */
	void	(*prepare)(struct list *, size_t first, size_t count);
	/* Appends row i, in at most cols columns, to out. */
	void	(*row)(struct list *, size_t i, struct buf *out, int cols);
	void	*arg;
};

/*
 * The rows of a list as read from the database, kept for the redraws
 * that follow: a window of ROWCACHE rows, read a page at a time.
 */
#define ROWCACHE 256
struct rowcache {
	struct {
		size_t	 idx;
		void	*item;		/* NULL: not read */
	} slot[ROWCACHE];
	/* Reads row i; NULL when it cannot be read. */
	void	*(*load)(struct txn *, size_t i, void *arg);
	void	 (*drop)(void *item);
	void	*arg;
};
/* Reads the rows of first..first+count-1 not read yet, in one read
 * transaction. */
void rowcache_prepare(struct rowcache *, size_t first, size_t count);
/* Row i, or NULL when it is not read. */
void *rowcache_get(struct rowcache *, size_t i);
/* Forgets every row (the list changed). */
void rowcache_clear(struct rowcache *);

/*
 * A search line above a list: "/" starts typing into it, each key
 * changes the text (the caller searches again), Enter or Down goes back
 * to the list keeping the search, Esc clears it.
 */
struct searchbar {
	struct edit	 q;
	bool		 active;	/* typing into it */
};
/* Handles a key while typing; sets *changed when the text changed. */
bool searchbar_key(struct searchbar *, int key, bool *changed);
/* Draws it at line y when typing or not empty; returns the lines used. */
int searchbar_draw(struct searchbar *, int y);
/* Leaves the terminal cursor in it when typing: call after drawing all. */
void searchbar_cursor(struct searchbar *, int y);
/* The text (caller frees). */
char *searchbar_text(const struct searchbar *);
/* Empties it; false when it was empty already (Esc then leaves). */
bool searchbar_clear(struct searchbar *);

/*
 * A list screen: a search line above a list of records, their rows read
 * a page at a time.  Children, contacts, staff, schools and officials
 * are each a struct lstype.  The keys every list has (Enter, /, a, e,
 * Esc q, moving) are in lscreen_keys, given as a screen's more_keys; its
 * own keys are its screen_ops keys, and their handlers may call those of
 * lscreen_keys.  After an edit the cursor stays on the record; after a
 * deletion it goes to its neighbour.
 */
struct lscreen;
struct lstype {
	/* Reads the record numbers shown for the search text q ("": none). */
	void		 (*load)(struct lscreen *, struct txn *, const char *q);
	/* The title line's right-hand side (caller frees). */
	char		*(*info)(struct lscreen *, const char *q);
	const char	*empty;		/* msgid: the list is empty */
	const char	*not_found;	/* msgid: the search finds nothing */
	const char	*search_hint;	/* msgid, while typing, or NULL */
	void		 (*open)(struct lscreen *, uint32_t);	/* NULL: edit */
	void		 (*add)(struct lscreen *);
	void		 (*edit)(struct lscreen *, uint32_t);
	void		 (*del)(struct lscreen *, uint32_t);
	void		 (*free)(struct lscreen *);	/* what is around it */
	/* Before each reading, outside any transaction, or NULL. */
	void		 (*before)(struct lscreen *);
	/* Reads a row (NULL: view_row() with what the columns need). */
	struct vrow	*(*row)(struct lscreen *, struct txn *, uint32_t);
};
/* The columns and rows are those of the record type's view (view.h). */
struct lscreen {
	struct screen		 s;
	const struct lstype	*t;
	enum rtype		 type;		/* of the records listed */
	const struct view	*view;
	struct vctx		 ctx;
	const char		*title;		/* msgid */
	struct list		 l;
	struct searchbar	 sb;
	struct idlist		 ids;
	struct rowcache		 rows;
	bool			 stale;	/* the search changed: read again */
};
extern const struct keydef lscreen_keys[];
/* Sets a list screen up and reads it (its struct may be larger). */
void lscreen_init(struct lscreen *, const struct screen_ops *,
    const struct lstype *, enum rtype, const char *title);
/*
 * Puts the records of ids in the view's order (children: by class, then
 * by name in pinyin order).
 */
void lscreen_sort(struct lscreen *, struct txn *);
/* Reads the records again; keep: the cursor stays on the same record. */
void lscreen_read(struct lscreen *, bool keep);
/* The record under the cursor, or 0. */
uint32_t lscreen_selected(const struct lscreen *);
/* The handler of d (for a screen's own key table). */
int lscreen_delete(struct screen *, int key);
void lscreen_draw(struct screen *);
int lscreen_key(struct screen *, int key);
void lscreen_reload(struct screen *);
void lscreen_free(struct screen *);

/* Draws the list in rows lines from line y; header may be NULL. */
void list_draw(struct list *, int y, int rows, const char *header);
/* Moves the selection for the movement keys; false for other keys. */
bool list_key(struct list *, int key, int rows);
/* Sets the number of rows, keeping the selection in range. */
void list_resize(struct list *, size_t n);

#endif
