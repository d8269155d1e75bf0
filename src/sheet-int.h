/*
 * sheet-int.h -- what the two halves of the sheet reader share:
 * sheet-read.c turns bytes into rows (the encoding, line and row
 * numbers, libcsv), sheet.c does the rest (see sheet.h).
 */
#ifndef SHOUHU_SHEET_INT_H
#define SHOUHU_SHEET_INT_H

#include <iconv.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <csv.h>

#include "sheet.h"
#include "util.h"

#define CHUNK		65536		/* bytes read at a time */
#define MAX_FIELD	(1 << 20)	/* a longer field is an unclosed quote */
#define MAX_FIELDS	512		/* fields kept of one row */

struct sheet {
	const struct sheet_kind	*k;
	struct sheet_opts	 o;
	void			*arg;		/* the kind's */
	FILE			*f;
	bool			 own_f;
	char			*name;		/* the file, as named in messages */
	enum sheet_encoding	 enc;
	size_t			 size;		/* of the file, for progress */

	/* The header. */
	bool			 have_header;
	bool			 damaged;	/* a row before it was mojibake */
	int			*at;		/* field of each column, or -1 */
	char			**hdr;		/* each column's header as written */
	size_t			 nhdr;		/* fields in the header row */
	bool			*unnamed;	/* per field: its header is empty */
	bool			*unnamed_warned;

	/*
	 * The problems, held back and handed out in row and column order
	 * once the file is checked and applied (sheet_apply(), or
	 * sheet_close() when it is not applied).
	 */
	struct sheet_msg {
		size_t	 row;
		int	 field;		/* the file's column, or -1 */
		size_t	 n;		/* the order reported */
		char	*line;
	}			*held;
	size_t			 nheld, capheld;
	/* The row at hand, for messages. */
	size_t			 cur_row;
	int			 cur_col;	/* the cell reported, or -1 */
	char			*cur_seq;
	char			*cur_label;

	/* Pass 2 (check). */
	FILE			*spool;		/* the good rows' values */
	size_t			 spooled;	/* bytes in it */
	struct buf		 sbuf;
	size_t			 rows, bad, errors, warnings;

	/* Pass 3 (apply); reset at each run of the transaction. */
	bool			 applying;
	bool			 written;
	size_t			 held_mark;	/* held[] before this run */
	size_t			 run_bad, run_errors, run_warnings;
	size_t			 progress_shown; /* never less, on a rerun */
	size_t			*bad_rows;	/* pass 2's, then pass 3's */
	size_t			 capbad;
};

/*
 * Reports a problem at a row (0: the file as a whole), held back until
 * the file is checked and applied.
 */
void report_at(struct sheet *, size_t row, bool error, const char *, ...)
    SH_PRINTF(4, 5);

/* ---- line and row numbers ---- */

/*
 * CR LF, LF and a lone CR each end a line; a line end outside a quoted
 * field ends a row of the sheet.  q follows the quotes as CSV has them:
 * at a field's start, in an unquoted field, in a quoted one, and just
 * after a quote in a quoted one (the end of the field, or a doubled
 * quote).  len is the length of the line so far.
 */
enum { Q_START, Q_PLAIN, Q_QUOTED, Q_QUOTE };

struct lines {
	size_t	line;
	size_t	row;
	size_t	len;
	size_t	longest;	/* the longest line, and where: */
	size_t	longest_row;
	bool	cr;
	int	q;
};

void lines_init(struct lines *);

/* ---- pass 1 ---- */

/*
 * Chooses sh->enc from the bytes, or refuses the file: 0, or SH_EINVAL
 * with *cause (the bad rows reported).
 */
int sheet_sniff(struct sheet *, char **cause);

/* ---- pass 2: rows ---- */

struct reader {
	FILE			*f;
	const char		*name;		/* for messages */
	iconv_t			 cd;		/* GB18030, or (iconv_t)-1 */
	char			 raw[CHUNK];
	size_t			 rawlen;	/* raw bytes not yet decoded */
	char			*d;		/* decoded text */
	size_t			 dlen, dpos, dcap;
	bool			 started;	/* the BOM has been looked for */
	bool			 eof;
	bool			 finished;	/* csv_fini called */
	size_t			 bytes;		/* read so far */
	struct lines		 lines;
	size_t			 srow;		/* the sheet's row at hand */
	bool			 in_row;
	bool			 skip_line;	/* up to the end of the line */
	size_t			 row_line;	/* where the row started */
	size_t			 row_srow;
	struct csv_parser	 p;
	struct buf		 fb;		/* the fields of the row */
	size_t			*offs;
	size_t			 nf, capf, nall;
	bool			 overflow;
	bool			 ready;
	bool			 handed;	/* the row is out: reset next */
	char			**out;
};

/* 0, or -1 with *cause. */
int rd_open(struct reader *, FILE *, const char *name, enum sheet_encoding,
    char **cause);
/*
 * The next row: 1 with *row (valid until the next call), 0 at the end,
 * -1 with *cause when the file cannot be read on.
 */
int rd_next(struct reader *, struct sheet_row *, char **cause);
void rd_close(struct reader *);

#endif
