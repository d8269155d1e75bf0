/*
 * pdf.h -- A4 pages laid out on the same 80-column x 60-line grid as the
 * text sheets.
 *
 * A page is the text sheet's lines drawn on a fixed grid of 80 x 60 cells,
 * so whatever lines up on the screen and in the text file lines up on
 * paper: a character of one display column (util.h u_width) fills one
 * cell, a wide one (Chinese, full-width punctuation) two, each glyph
 * centred in its cells.  The grid is 448 x 756 pt (5.6 x 12.6 pt cells),
 * centred on the A4 page: 26 mm of paper left and right, 15 mm above and
 * below, inside the margins of any printer.  Text is 10.5 pt (五号): a
 * Chinese character's two cells are only a little wider than it, so the
 * text reads back as words, not as letters spaced out.
 *
 * The font is a CJK font found through fontconfig and embedded as a
 * subset with a character map, so the text can be searched and copied
 * and a page stays small.  out is written as pages are finished and is
 * flushed, not closed, by pdf_close(): the caller owns it.
 */
#ifndef SHOUHU_PDF_H
#define SHOUHU_PDF_H

#include <stdio.h>

#define PDF_COLS 80
#define PDF_LINES 60

struct pdf;

/*
 * Starts an A4 PDF on out, 80 columns x 60 lines grid, CJK font found
 * through fontconfig, title in the document's metadata.  NULL with *cause
 * when no CJK font is installed (the message names Debian packages:
 * fonts-noto-cjk, fonts-wqy-zenhei, fonts-arphic-uming).
 */
struct pdf *pdf_open(FILE *out, const char *title, char **cause);
/*
 * One page: n UTF-8 lines (n <= 60), each at most 80 display columns
 * (util.h u_width); a wide character (CJK, full-width punctuation) takes
 * two cells.  Invalid UTF-8, control characters and noncharacters are
 * drawn as U+FFFD, a tab as a space.  -1 with *cause (too many lines, a
 * line too wide, or a failure of the drawing library); nothing of the
 * page is drawn then, and the document can still be closed.
 */
int pdf_page(struct pdf *, const char *const *lines, int n, char **cause);
/* Finishes the document and frees; -1 with *cause (a write error). */
int pdf_close(struct pdf *, char **cause);

#endif
