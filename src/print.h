/*
 * print.h -- the one printing module: every sheet, card and form the
 * program prints is laid out and delivered here.
 *
 * Layout.  A page is a grid of display columns (util.h: a Chinese
 * character takes two) by lines: 80 by 60 unless the command says
 * otherwise.  The helpers below flow text into lines no wider than the
 * page, cut names with "…", put a text on the left and another on the
 * right of one line, and lay body lines out on pages each opening with
 * a header that knows its "x/y" page number.  A document is its title
 * and its pages of lines.
 *
 * Output.  The same document becomes plain UTF-8 text (lines, pages
 * separated by form feeds), GB18030 text for the dot-matrix printers of
 * school offices (every line's bytes equal its display width), or a PDF
 * through the pdf module (A4, the same grid, a CJK font embedded).  It
 * goes to standard output, to a file (written beside it and renamed
 * into place), or to the print spooler (lp, with the document's title
 * as the job's; the job id lp gives is handed back).  A PDF, or GB18030
 * text, is not written to a terminal that cannot show it.  Every title
 * is made by print_title(): the school or township, the document, the
 * day.
 *
 * Functions returning int return 0 or an SH_E* code with *cause set.
 */
#ifndef SHOUHU_PRINT_H
#define SHOUHU_PRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util.h"

#define PRINT_WIDTH 80		/* columns of a page */
#define PRINT_LINES 60		/* lines of a page */
#define PRINT_TICK "[ ]"	/* a box to tick */
#define PRINT_TIME_BLANK "__:__" /* a blank for a time of day */
#define PRINT_ELLIPSIS "\xe2\x80\xa6"	/* …, one column */

#define PRINT_MIN_WIDTH 60	/* narrowest page asked for */
#define PRINT_MAX_WIDTH 250	/* widest */
#define PRINT_MIN_LINES 20	/* shortest page */

/* What a printout is asked for. */
struct print_opts {
	int		 width;		/* display columns; 0: 80 */
	int		 page_lines;	/* lines a page; 0: 60; -1: no pages */
	const char	*date;		/* printed date; NULL: today */
};
/*
 * The page a printout is laid out on: o's width and lines, the defaults
 * (80, 60) for 0, and never under PRINT_MIN_WIDTH and PRINT_MIN_LINES.
 */
void print_page_size(const struct print_opts *o, int *width, int *lines);

/* Lines of text, each newly allocated. */
struct print_lines {
	char	**v;
	size_t	  n;
};
/* Appends s, which the list then owns. */
void print_lines_add(struct print_lines *, char *s);
void print_lines_addf(struct print_lines *, const char *, ...)
    SH_PRINTF(2, 3);
/* Appends the buffer's text and leaves it empty. */
void print_lines_take(struct print_lines *, struct buf *);
void print_lines_free(struct print_lines *);

/* ---- layout ---- */

/* Bytes of the longest prefix of s at most cols wide (at least one char). */
size_t print_prefix(const char *s, int cols);
/*
 * s itself when it is at most cols wide, else its longest prefix that
 * leaves room for "…", and "…".  Newly allocated.  Names and places are
 * cut with this; phone numbers never are.
 */
char *print_trunc(const char *s, int cols);
/*
 * Like u_fit(), but text too wide ends with "…" instead of being cut
 * silently.  Returns the columns written.
 */
int print_fit(struct buf *, const char *s, int cols, bool pad);
/*
 * Lays segments out in lines of at most width columns, separated by sep;
 * lines after the first begin with indent spaces (the first with lead).
 * A segment too wide for a line is broken at a character.
 */
void print_flow(struct print_lines *, char *const *segs, size_t n,
    const char *sep, int lead, int indent, int width);
/* Splits text at each sep and flows the parts, joined by sep again. */
void print_flow_split(struct print_lines *, const char *text,
    const char *sep, int lead, int indent, int width);
/* Flows text at its spaces. */
void print_flow_text(struct print_lines *, const char *text, int lead,
    int indent, int width);
/* Left-aligned and right-aligned text on one line of width columns. */
char *print_two_sided(const char *left, const char *right, int width);
/* A line of width copies of c. */
char *print_rule(char c, int width);

/* ---- documents ---- */

struct print_doc {
	char			*title;	/* the job's title, the PDF's */
	int			 width;
	int			 page_lines;
	struct print_lines	 lines;	/* every line of every page */
	size_t			*page;	/* each page's first line */
	size_t			 npages;
};
void print_doc_init(struct print_doc *, const char *title, int width,
    int page_lines);
/*
 * A printout's title, the job's on the printer and the PDF's, one rule
 * for every printout: "<school or township> <document> <date>", in the
 * language of the caller's words (what is translated by the caller).
 * Each part has its runs of white space made one space; an empty or
 * NULL part is left out; of date only its first ten characters (the
 * day, YYYY-MM-DD) are kept, and NULL is today.  Newly allocated.
 */
char *print_title(const char *who, const char *what, const char *date);
/* Gives the document the title, which it then owns. */
void print_doc_set_title(struct print_doc *, char *title);
void print_doc_free(struct print_doc *);
/* Starts a new page; lines added after it are on it. */
void print_doc_page(struct print_doc *);

/*
 * Puts body lines on pages of the document: a new page before line k
 * when brk[k] (brk may be NULL) or when room lines are used.  Each page
 * opens with the lines head() adds for page x of pages.
 */
typedef void (*print_head_fn)(struct print_lines *, int page, int pages,
    void *arg);
void print_paginate(struct print_doc *, char *const *body, size_t n,
    const bool *brk, int room, print_head_fn head, void *arg);

/* ---- output ---- */

enum print_format {
	PRINT_AUTO,		/* from the file name: .pdf, else text */
	PRINT_TEXT,
	PRINT_PDF
};

enum print_encoding {
	PRINT_ENC_DEFAULT,	/* UTF-8, or GB18030 for a printer the
				 * configuration names (gb18030_printers) */
	PRINT_UTF8,
	PRINT_GB18030
};


/* The document as UTF-8 text: a newline after each line, pages by \f. */
void print_text(const struct print_doc *, struct buf *);
/*
 * UTF-8 text in GB18030, each line as many bytes as display columns:
 * a character one column wide that GB18030 writes in two bytes (…, ·)
 * becomes ".", one it cannot write "?".
 */
int print_gb18030(const char *text, size_t len, struct buf *out,
    char **cause);
/* The document as a PDF: at most 80 columns and 60 lines a page. */
int print_pdf(const struct print_doc *, FILE *, char **cause);

/* Where a document goes. */
struct print_dest {
	const char		*output;	/* file; NULL or "-": stdout */
	bool			 lp;		/* to the spooler */
	const char		*printer;	/* lp -d; NULL: the default */
	enum print_format	 format;
	enum print_encoding	 encoding;
};
/*
 * The encoding a destination gets: the one asked for, else GB18030 when
 * it goes to an lp queue that the configuration lists in
 * gb18030_printers, else UTF-8.
 */
enum print_encoding print_encoding_of(const struct print_dest *);
/* The format a destination gets: PDF for lp and .pdf files, else text. */
enum print_format print_format_of(const struct print_dest *);
/*
 * Whether the destination makes sense, before anything is laid out:
 * SH_EINVAL with *cause set for GB18030 asked for with a PDF (--format
 * pdf, or a file named .pdf), for a PDF to standard output when it is a
 * terminal, and for GB18030 text to a terminal whose character set is
 * not GB18030 (the file or lp is what the user meant); else 0.
 */
int print_dest_check(const struct print_dest *, char **cause);
/*
 * Writes the document where dest says, after print_dest_check().  To
 * lp, *job is set to the job id lp reported (newly allocated; "" when
 * it said none).
 */
int print_deliver(const struct print_doc *, const struct print_dest *,
    char **job, char **cause);

/*
 * Writes data to a file: refuses devices, directories and symbolic
 * links; writes beside it and renames into place, readable by its
 * owner only.
 */
int print_write_file(const char *path, const char *data, size_t len,
    char **cause);
/*
 * Gives data to the print spooler: lp [-d printer] [-t title] [-o raw],
 * found on PATH.  Sets *job (when not NULL) to the job id lp reports
 * ("request id is X-12 (1 file(s))": "X-12").  Says clearly when lp is
 * missing or fails, with what lp said.
 */
int print_lp(const char *data, size_t len, const char *printer,
    const char *title, bool raw, char **job, char **cause);
/*
 * What to tell the user after lp took a printout: that it is in the
 * print queue, with the job id as lp gave it (job "" or NULL: that lp
 * gave none).  One line without a newline, safe for a terminal; newly
 * allocated.
 */
char *print_sent(const char *job);

#endif
