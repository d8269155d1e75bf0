/*
 * ui-edit.h -- a one-line text editor for the screens.  It edits by
 * character (Chinese arriving from an input method is a character like
 * any other), and measures and scrolls by display columns.
 */
#ifndef SHOUHU_UI_EDIT_H
#define SHOUHU_UI_EDIT_H

#include <stdbool.h>
#include <stdint.h>

struct edit {
	uint32_t	*cp;		/* the characters */
	int		 n;
	int		 cap;
	int		 cur;		/* cursor: index into cp */
	int		 scroll;	/* first character shown */
	int		 maxchars;	/* 0: no limit */
	bool		 changed;	/* edited since edit_set */
	bool		 cut;		/* input beyond maxchars was dropped */
};

void edit_set(struct edit *, const char *utf8);
/* The text as UTF-8; the caller frees it. */
char *edit_text(const struct edit *);
/* Handles an editing key; false when the key is not one. */
bool edit_key(struct edit *, int key);
/*
 * Draws the text in cols columns at (y, x) with attr; with focus, leaves
 * the terminal cursor at the editing position.
 */
void edit_draw(struct edit *, int y, int x, int cols, bool focus, int attr);
/* The lines of the text (a note may hold line breaks): at least 1. */
int edit_lines(const struct edit *);
/*
 * Like edit_draw, but a text of several lines is drawn as lines, one
 * a row, on at most rows rows; each line is cut at cols columns.
 */
void edit_draw_rows(struct edit *, int y, int x, int cols, int rows,
    bool focus, int attr);
void edit_free(struct edit *);

#endif
