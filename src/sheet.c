/*
 * sheet.c -- see sheet.h: reading a spreadsheet saved as CSV, and the
 * all-or-nothing import of its rows.
 *
 * Three passes, one row at a time, so that a county's 100,000 rows are
 * never all in memory:
 *
 *   1. sniff: the bytes alone.  An Excel workbook, UTF-16 text, NUL
 *      bytes, a file larger than max_size and a line longer than
 *      max_line are refused.  The encoding is chosen: a UTF-8 byte order
 *      mark, or valid UTF-8 throughout, is UTF-8; anything else is
 *      GB18030 (which holds GBK), unless it is mostly UTF-8 with a few
 *      damaged places, which are then named by row instead of being read
 *      as GB18030 gibberish.  Bytes that fit neither are named by row,
 *      and nothing is imported.
 *   2. check (sheet_check()): every row parsed and handed to the kind's
 *      check(), which reports its problems while the file is read and
 *      spools each good row's values to a private temporary file.
 *   3. apply (sheet_apply()): in one write transaction (db_write()), the
 *      spooled rows are handed to the kind's apply().  db_write() runs
 *      this pass again from the start after growing the map, so the
 *      problems it finds are held back and reported once the
 *      transaction is over.  A dry run, and a sheet with bad rows but no
 *      skip_bad, run the same pass and abort it, so that they report
 *      exactly what a real import would.  Nothing but the spool is read
 *      while the transaction is open.
 *
 * libcsv, in strict mode, is fed the text one physical line at a time
 * (CR LF, LF and a lone CR each end a line), which is how a row knows
 * the line it starts on, and its number in the spreadsheet (one more at
 * each line end outside a quoted field), even when quoted fields span
 * lines.  Blank lines give no row (but count as one of the sheet), and
 * rows of empty cells (",,,,", an empty row of the sheet) are passed
 * over wherever they are: above the header they are neither titles nor
 * among the rows searched for it.  After a syntax error (a stray quote)
 * the parser starts afresh at the next line; a field of more than
 * MAX_FIELD bytes (an unclosed quote in a large file) stops the reading,
 * and a quote still open at the end is one bad row.  Pass 1 numbers the
 * rows by following the quotes itself, the way CSV quotes them.
 *
 * The header row is the first row, within the first HEADER_SEARCH, with
 * at least three known headers, or with every required one (those not
 * waived) and one more: title rows above it ("柳树乡中心学校留守
 * 儿童花名册") are skipped with a warning.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "codec.h"
#include "i18n.h"
#include "outfile.h"
#include "sheet-int.h"
#include "util.h"
#include "validate.h"

#define HEADER_SEARCH	10		/* rows searched for the header */
#define SHOWN_CHARS	40		/* of a value quoted in a message */

/* ---- problems ---- */

/* Notes a bad row; pass 3's are dropped when it runs again. */
static void
bad_row(struct sheet *sh, size_t row)
{
	size_t n = sh->bad + sh->run_bad;

	if (n == sh->capbad) {
		sh->capbad = sh->capbad ? sh->capbad * 2 : 64;
		sh->bad_rows = xreallocarray(sh->bad_rows, sh->capbad,
		    sizeof *sh->bad_rows);
	}
	sh->bad_rows[n] = row;
	if (sh->applying)
		sh->run_bad++;
	else
		sh->bad++;
}

char *
sheet_shown(const char *s)
{
	struct buf b = { 0 };
	size_t n = strlen(s), chars = 0;
	uint32_t cp;
	char *out;
	int k;

	for (; n > 0 && chars < SHOWN_CHARS; s += k, n -= k, chars++) {
		if ((k = u8_decode(s, n, &cp)) < 0) {
			k = 1;
			cp = 0xfffd;	/* str_safe() makes it one */
		}
		if (cp == '\r' && n > 1 && s[1] == '\n')
			k = 2;		/* one line break, one space */
		if (cp == '\r' || cp == '\n' || cp == '\t')
			buf_addc(&b, ' ');
		else
			buf_add(&b, s, k);
	}
	if (n > 0)
		buf_addstr(&b, "...");
	buf_add(&b, "", 0);
	out = str_safe(b.s, false);
	buf_free(&b);
	return out;
}

/* Where a problem is: "FILE", or "FILE: row 13 (no. 12, 张三)". */
static char *
where(const struct sheet *sh, size_t row, const char *seq,
    const char *label)
{
	struct buf b = { 0 };

	buf_addstr(&b, sh->name);
	if (row == 0)
		return buf_take(&b);
	buf_addstr(&b, ": ");
	buf_addf(&b, _("row %zu"), row);
	if (seq != NULL || label != NULL) {
		buf_addstr(&b, " (");
		if (seq != NULL)
			buf_addf(&b, _("no. %s"), seq);
		if (label != NULL)
			buf_addf(&b, "%s%s", seq != NULL ? ", " : "", label);
		buf_addc(&b, ')');
	}
	return buf_take(&b);
}

static void
hold(struct sheet *sh, size_t row, char *line)
{
	struct sheet_msg *m;

	if (sh->nheld == sh->capheld) {
		sh->capheld = sh->capheld ? sh->capheld * 2 : 64;
		sh->held = xreallocarray(sh->held, sh->capheld,
		    sizeof *sh->held);
	}
	m = &sh->held[sh->nheld];
	m->row = row;
	m->field = sh->cur_col >= 0 && sh->at != NULL ? sh->at[sh->cur_col] :
	    -1;
	m->n = sh->nheld++;
	m->line = line;
}

static int
msg_cmp(const void *a, const void *b)
{
	const struct sheet_msg *x = a, *y = b;

	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	if (x->field != y->field)
		return x->field < y->field ? -1 : 1;
	return x->n < y->n ? -1 : x->n > y->n;
}

/* Hands out the problems held, by row, then column, then as reported. */
static void
release(struct sheet *sh)
{
	size_t i;

	if (sh->nheld > 1)
		qsort(sh->held, sh->nheld, sizeof *sh->held, msg_cmp);
	for (i = 0; i < sh->nheld; i++) {
		if (sh->o.message != NULL)
			sh->o.message(sh->held[i].line, sh->o.arg);
		free(sh->held[i].line);
	}
	sh->nheld = sh->held_mark = 0;
}

static void
vreport(struct sheet *sh, size_t row, bool error, const char *fmt,
    va_list ap)
{
	char *msg, *full, *at;

	msg = xvasprintf(fmt, ap);
	at = where(sh, row, row == sh->cur_row ? sh->cur_seq : NULL,
	    row == sh->cur_row ? sh->cur_label : NULL);
	full = xasprintf("%s: %s%s", at, error ? "" : _("warning: "), msg);
	free(at);
	free(msg);
	if (sh->applying) {
		if (error)
			sh->run_errors++;
		else
			sh->run_warnings++;
	} else if (error)
		sh->errors++;
	else
		sh->warnings++;
	hold(sh, row, str_safe(full, false));
	free(full);
}

void
report_at(struct sheet *sh, size_t row, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(sh, row, error, fmt, ap);
	va_end(ap);
}

void
sheet_report(struct sheet *sh, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(sh, sh->cur_row, error, fmt, ap);
	va_end(ap);
}

size_t
sheet_row_number(const struct sheet *sh)
{
	return sh->cur_row;
}

const char *
sheet_hdr(const struct sheet *sh, int col)
{
	return sh->hdr[col] != NULL ? sh->hdr[col] : sh->k->cols[col].zh;
}

void
sheet_report_cell(struct sheet *sh, bool error, int col, const char *value,
    const char *reason)
{
	char *v = sheet_shown(value);

	sh->cur_col = col;
	sheet_report(sh, error, "%s \"%s\": %s", sheet_hdr(sh, col), v,
	    reason);
	sh->cur_col = -1;
	free(v);
}

/*
 * Progress of pass 2 (done: bytes of the file) or pass 3 (bytes of the
 * spool), as one count up to PROGRESS_PARTS times the file's size: the
 * writing takes about three times as long as the checking.  A second run
 * of pass 3 (after the map grew) does not count down.  The caller hears
 * of it only when it has moved on by a PROGRESS_STEPS'th of the total,
 * and at the end: at most about PROGRESS_STEPS times, however long the
 * sheet (the screens draw a bar each time, with the write lock held).
 */
#define PROGRESS_PARTS 4
#define PROGRESS_STEPS 1000

static void
progress(struct sheet *sh, size_t done)
{
	double part;
	size_t at, total = PROGRESS_PARTS * sh->size;
	size_t step = total / PROGRESS_STEPS;

	if (sh->o.progress == NULL || sh->size == 0)
		return;
	if (!sh->applying)
		at = done < sh->size ? done : sh->size;
	else {
		part = sh->spooled > 0 ? (double)done / (double)sh->spooled : 1;
		at = sh->size + (size_t)((double)sh->size *
		    (PROGRESS_PARTS - 1) * (part < 1 ? part : 1));
	}
	if (at <= sh->progress_shown ||
	    (at < total && at - sh->progress_shown < step))
		return;
	sh->progress_shown = at;
	sh->o.progress(at, total, sh->o.arg);
}

/* ---- cells ---- */

bool
sheet_cell_empty(const char *s)
{
	while (*s != '\0') {
		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			s++;
		else if (strncmp(s, "\xe3\x80\x80", 3) == 0)
			s += 3;
		else
			return false;
	}
	return true;
}

static bool
has_high_bytes(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return true;
	return false;
}

bool
sheet_damaged(const char *raw)
{
	return has_high_bytes(raw) && val_mojibake(raw);
}

const char *
sheet_cell(const struct sheet *sh, const struct sheet_row *row, int col)
{
	return sh->at[col] >= 0 && (size_t)sh->at[col] < row->nf ?
	    row->f[sh->at[col]] : "";
}

bool
sheet_has(const struct sheet *sh, int col)
{
	return sh->at[col] >= 0;
}

const char *
sheet_first_cell(const struct sheet_row *row)
{
	size_t i;

	for (i = 0; i < row->nf; i++)
		if (!sheet_cell_empty(row->f[i]))
			return row->f[i];
	return "";
}

/*
 * A row of empty cells (",,,,"): how a spreadsheet saves an empty row of
 * the sheet, above the header as well as in the table.
 */
static bool
blank_row(const struct sheet_row *row)
{
	size_t i;

	if (row->err != NULL || row->overflow)
		return false;
	for (i = 0; i < row->nf; i++)
		if (!sheet_cell_empty(row->f[i]))
			return false;
	return true;
}

int
sheet_row_width(struct sheet *sh, const struct sheet_row *row)
{
	size_t i;

	if (row->overflow || row->nf > sh->nhdr) {
		for (i = sh->nhdr; i < row->nf && sheet_cell_empty(row->f[i]);
		    i++)
			;
		if (row->overflow || i < row->nf) {
			sheet_report(sh, true, _("%zu fields, more than the "
			    "%zu of the header row"), row->nall, sh->nhdr);
			return -1;
		}
	} else if (row->nf < sh->nhdr) {
		sheet_report(sh, true, _("%zu fields, fewer than the %zu of "
		    "the header row"), row->nf, sh->nhdr);
		return -1;
	}
	for (i = 0; i < row->nf && i < sh->nhdr; i++) {
		if (sh->unnamed[i] && !sh->unnamed_warned[i] &&
		    !sheet_cell_empty(row->f[i])) {
			sh->unnamed_warned[i] = true;
			sheet_report(sh, false, _("column %zu has no header, "
			    "and its values are ignored"), i + 1);
		}
	}
	return 0;
}

/* ---- the header ---- */

/*
 * A header as it is compared: fullwidth forms made ASCII, white space
 * and the "*" of a required column dropped, ASCII in lower case.
 */
static char *
header_key(const char *s)
{
	char *h = str_halfwidth(s), *r, *w;

	for (r = w = h; *r != '\0'; r++) {
		if (*r == ' ' || *r == '\t' || *r == '\r' || *r == '\n' ||
		    *r == '*')
			continue;
		*w++ = *r >= 'A' && *r <= 'Z' ? *r - 'A' + 'a' : *r;
	}
	*w = '\0';
	return h;
}

static bool
in_bar_list(const char *list, const char *s)
{
	const char *bar;
	size_t n = strlen(s);

	for (; list != NULL; list = bar != NULL ? bar + 1 : NULL) {
		bar = strchr(list, '|');
		if ((bar != NULL ? (size_t)(bar - list) : strlen(list)) == n &&
		    strncmp(list, s, n) == 0)
			return true;
	}
	return false;
}

/* The column a header names, or -1 when unknown. */
static int
column_by_header(const struct sheet *sh, const char *header)
{
	const struct sheet_col *col;
	char *k = header_key(header);
	int c, found = -1;

	for (c = 0; c < sh->k->ncols && found == -1; c++) {
		col = &sh->k->cols[c];
		if (strcmp(k, col->zh) == 0 || strcmp(k, col->en) == 0 ||
		    in_bar_list(col->also, k))
			found = c;
	}
	free(k);
	return found;
}

static void
header_reset(struct sheet *sh)
{
	int c;

	for (c = 0; c < sh->k->ncols; c++) {
		free(sh->hdr[c]);
		sh->hdr[c] = NULL;
		sh->at[c] = -1;
	}
	free(sh->unnamed);
	sh->unnamed = NULL;
	free(sh->unnamed_warned);
	sh->unnamed_warned = NULL;
	sh->nhdr = 0;
}

static size_t
known_headers(const struct sheet *sh, const struct sheet_row *row)
{
	size_t i, n = 0;

	for (i = 0; i < row->nf; i++)
		if (column_by_header(sh, row->f[i]) != -1)
			n++;
	return n;
}

static bool
required(const struct sheet *sh, int c)
{
	return (sh->k->cols[c].flags & SHEET_REQUIRED) &&
	    !(c < 64 && (sh->o.waived & (uint64_t)1 << c));
}

/*
 * Takes a row as the header: 0, or SH_EINVAL with *cause when a column
 * is there twice or a required one is missing.
 */
static int
header_take(struct sheet *sh, const struct sheet_row *row, char **cause)
{
	const struct sheet_col *col;
	size_t i, n;
	int c, missing = 0;
	char *t;

	header_reset(sh);
	sh->nhdr = row->nf;
	sh->unnamed = xcalloc(row->nf + 1, sizeof *sh->unnamed);
	sh->unnamed_warned = xcalloc(row->nf + 1, sizeof *sh->unnamed_warned);
	for (i = 0; i < row->nf; i++) {
		t = str_trim(row->f[i]);
		c = column_by_header(sh, t);
		if (c >= 0 && sh->at[c] >= 0) {
			sheet_report(sh, true, _("the column %s is there twice "
			    "(columns %d and %zu)"), t, sh->at[c] + 1, i + 1);
			missing++;
		} else if (c >= 0) {
			sh->at[c] = (int)i;
			sh->hdr[c] = xstrdup(t);
		} else if (*t != '\0')
			sheet_report(sh, false, _("the column \"%s\" is not "
			    "known and is ignored"), t);
		else
			sh->unnamed[i] = true;
		free(t);
	}
	for (c = 0; c < sh->k->ncols; c++) {
		col = &sh->k->cols[c];
		if (sh->at[c] >= 0 || !required(sh, c))
			continue;
		if (col->missing != NULL)
			sheet_report(sh, true, _("there is no column %s (%s): "
			    "%s"), col->zh, col->en, _(sh->o.screens &&
			    col->missing_screens != NULL ? col->missing_screens :
			    col->missing));
		else
			sheet_report(sh, true, _("there is no column %s (%s), "
			    "which is required"), col->zh, col->en);
		missing++;
	}
	if (missing > 0) {
		n = (size_t)missing;
		set_cause(cause, P_("the header row of %s has %zu problem",
		    "the header row of %s has %zu problems", n), sh->name, n);
		return SH_EINVAL;
	}
	sh->have_header = true;
	return 0;
}

static void
report_syntax(struct sheet *sh, const struct sheet_row *row)
{
	if (row->err_line != row->line)
		sheet_report(sh, true, _("%s (line %zu of the file)"), row->err,
		    row->err_line);
	else
		sheet_report(sh, true, "%s", row->err);
}

static int
no_header(struct sheet *sh, char **cause)
{
	if (sh->damaged)
		set_cause(cause, _("%s has no header row, and its first rows "
		    "are damaged text (like 锟斤拷): the file was converted "
		    "between encodings wrongly; save it again from the "
		    "spreadsheet"), sh->name);
	else {
		struct buf b = { 0 };
		int c;

		for (c = 0; c < sh->k->ncols; c++)
			if (required(sh, c))
				buf_addf(&b, "%s%s", b.len > 0 ? ", " : "",
				    sh->k->cols[c].zh);
		buf_add(&b, "", 0);
		set_cause(cause, _("%s has no header row: its first row must "
		    "name the columns, such as %s"), sh->name, b.s);
		buf_free(&b);
	}
	return SH_EINVAL;
}

/*
 * The columns required (and not waived): how many, and the row's count
 * of them.
 */
static int
required_named(const struct sheet *sh, const struct sheet_row *row,
    int *named)
{
	size_t i;
	int c, n = 0;
	bool found;

	*named = 0;
	for (c = 0; c < sh->k->ncols; c++) {
		if (!required(sh, c))
			continue;
		n++;
		for (i = 0, found = false; row != NULL && i < row->nf &&
		    !found; i++)
			found = column_by_header(sh, row->f[i]) == c;
		if (found)
			(*named)++;
	}
	return n;
}

/*
 * Whether a row is the header: it names three known columns, or (when
 * fewer are required, as with --school) every required one and another.
 */
static bool
is_header(const struct sheet *sh, const struct sheet_row *row)
{
	size_t n = known_headers(sh, row);
	int named, req = required_named(sh, row, &named);

	return n >= 3 || (n >= 2 && n > (size_t)req && named == req);
}

/* A title row skipped: a warning saying what the header row names. */
static void
title_skipped(struct sheet *sh, const struct sheet_row *row)
{
	struct buf b = { 0 };
	char *v = sheet_shown(sheet_first_cell(row));
	int c, named;

	if (required_named(sh, NULL, &named) != 1) {
		sheet_report(sh, false, _("\"%s\" is taken for a title and "
		    "skipped: the header row names at least three of the "
		    "known columns"), v);
		free(v);
		return;
	}
	for (c = 0; c < sh->k->ncols; c++)
		if (required(sh, c))
			buf_addstr(&b, sh->k->cols[c].zh);
	sheet_report(sh, false, _("\"%s\" is taken for a title and skipped: "
	    "the header row names %s and at least one more of the known "
	    "columns"), v, b.s);
	buf_free(&b);
	free(v);
}

/* Looks for the header among the first rows; takes it when found. */
static int
check_header_row(struct sheet *sh, const struct sheet_row *row, size_t k,
    char **cause)
{
	size_t i;

	if (row->err != NULL)
		report_syntax(sh, row);
	else if (is_header(sh, row))
		return header_take(sh, row, cause);
	else {
		title_skipped(sh, row);
		for (i = 0; i < row->nf; i++)
			if (sheet_damaged(row->f[i]))
				sh->damaged = true;
	}
	if (k + 1 >= HEADER_SEARCH)
		return no_header(sh, cause);
	return 0;
}

/* A cell as named in messages: trimmed, shown; NULL when empty. */
static char *
row_name(const struct sheet *sh, const struct sheet_row *row,
    unsigned flag)
{
	const char *raw;
	char *t, *v;
	int c;

	for (c = 0; c < sh->k->ncols; c++)
		if ((sh->k->cols[c].flags & flag) && sh->at[c] >= 0)
			break;
	if (c == sh->k->ncols || row == NULL)
		return NULL;
	raw = sheet_cell(sh, row, c);
	if (sheet_cell_empty(raw))
		return NULL;
	t = str_trim(raw);
	v = sheet_shown(t);
	free(t);
	return v;
}

/* The row at hand, for messages: its number, 序号 and name. */
static void
set_current(struct sheet *sh, size_t row, char *seq, char *label)
{
	free(sh->cur_seq);
	free(sh->cur_label);
	sh->cur_row = row;
	sh->cur_seq = seq;
	sh->cur_label = label;
}

/* ---- the spool ---- */

/*
 * The spool: each good row's values, written by pass 2 and read by pass
 * 3.  A record is its length (4 bytes, big-endian), then the row's
 * number, 序号 and name (codec.h varint and strings, "" for none), then
 * the kind's values.
 */
int
sheet_spool(struct sheet *sh, const struct buf *values, char **cause)
{
	unsigned char len[4];

	buf_reset(&sh->sbuf);
	wr_varint(&sh->sbuf, sh->cur_row);
	wr_str(&sh->sbuf, sh->cur_seq != NULL ? sh->cur_seq : "");
	wr_str(&sh->sbuf, sh->cur_label != NULL ? sh->cur_label : "");
	buf_add(&sh->sbuf, values->s, values->len);
	put_u32be(len, (uint32_t)sh->sbuf.len);
	if (fwrite(len, 1, 4, sh->spool) != 4 || fwrite(sh->sbuf.s, 1,
	    sh->sbuf.len, sh->spool) != sh->sbuf.len) {
		set_cause(cause, _("cannot write a temporary file: %s"),
		    strerror(errno));
		return SH_EDB;
	}
	sh->spooled += 4 + sh->sbuf.len;
	return 0;
}

static char *
spool_str(struct rd *r)
{
	size_t n;
	const char *p = rd_bytes(r, &n);

	return n > 0 ? xstrndup(p, n) : NULL;
}

/*
 * The next spooled row: 1 with *r at its values (the row made the one at
 * hand), 0 at the end, -1 with *cause.
 */
static int
spool_get(struct sheet *sh, struct rd *r, size_t *done, char **cause)
{
	unsigned char len[4];
	char tmp[4096];
	size_t n, want, row;
	char *seq, *label;

	if (*done == sh->spooled)
		return 0;
	if (fread(len, 1, 4, sh->spool) != 4)
		goto fail;
	n = get_u32be(len);
	buf_reset(&sh->sbuf);
	buf_add(&sh->sbuf, NULL, 0);
	if (n > 4 * (size_t)MAX_FIELD * MAX_FIELDS)
		goto fail;
	while (sh->sbuf.len < n) {
		want = n - sh->sbuf.len < sizeof tmp ? n - sh->sbuf.len :
		    sizeof tmp;
		if (fread(tmp, 1, want, sh->spool) != want)
			goto fail;
		buf_add(&sh->sbuf, tmp, want);
	}
	*done += 4 + n;
	rd_init(r, sh->sbuf.s, n);
	row = (size_t)rd_varint(r);
	seq = spool_str(r);
	label = spool_str(r);
	set_current(sh, row, seq, label);
	if (r->err)
		goto fail;
	return 1;
fail:
	set_cause(cause, "%s", _("cannot read back a temporary file"));
	return -1;
}

/* ---- pass 2: checking every row ---- */

int
sheet_check(struct sheet *sh, char **cause)
{
	struct reader rd;
	struct sheet_row row;
	size_t k = 0;
	int rc = 0, got;

	if ((sh->spool = tmpfile_private("import", cause)) == NULL)
		return SH_EPERM;
	if (rd_open(&rd, sh->f, sh->name, sh->enc, cause) != 0)
		return SH_EDB;
	while (rc == 0 && (got = rd_next(&rd, &row, cause)) == 1) {
		progress(sh, rd.bytes);
		if (blank_row(&row))
			continue;
		if (!sh->have_header) {
			set_current(sh, row.row, NULL, NULL);
			rc = check_header_row(sh, &row, k++, cause);
			continue;
		}
		set_current(sh, row.row, row_name(sh, row.err == NULL ? &row :
		    NULL, SHEET_SEQ), row_name(sh, row.err == NULL ? &row :
		    NULL, SHEET_LABEL));
		sh->rows++;
		if (row.err != NULL) {
			report_syntax(sh, &row);
			bad_row(sh, row.row);
			continue;
		}
		switch ((rc = sh->k->check(sh, &row, sh->arg, cause))) {
		case SHEET_ROW_OK:
			break;
		case SHEET_ROW_SKIP:
			sh->rows--;
			rc = 0;
			break;
		case SHEET_ROW_BAD:
			bad_row(sh, row.row);
			rc = 0;
			break;
		}
	}
	set_current(sh, 0, NULL, NULL);
	if (rc == 0 && got < 0)
		rc = SH_EDB;
	if (rc == 0 && !sh->have_header)
		rc = no_header(sh, cause);
	if (rc == 0 && fflush(sh->spool) != 0) {
		set_cause(cause, _("cannot write a temporary file: %s"),
		    strerror(errno));
		rc = SH_EDB;
	}
	rd_close(&rd);
	return rc;
}

/* ---- pass 3: applying the rows ---- */

/* Private codes for aborting the transaction on purpose. */
enum { ABORT_DRY = 100, ABORT_ROWS };

static void
apply_forget(struct sheet *sh)
{
	while (sh->nheld > sh->held_mark)
		free(sh->held[--sh->nheld].line);
	sh->run_bad = sh->run_errors = sh->run_warnings = 0;
}

/* Pass 3, the callback of db_write(): may run more than once. */
static int
apply_pass(struct txn *t, void *arg, char **cause)
{
	struct sheet *sh = arg;
	struct rd r;
	size_t done = 0, n = 0;
	int rc = 0, got;
	char *at, *c;

	apply_forget(sh);
	sh->applying = true;
	if (sh->k->apply_begin != NULL &&
	    (rc = sh->k->apply_begin(sh, t, sh->arg, cause)) != 0)
		return rc;
	if (fseek(sh->spool, 0, SEEK_SET) != 0) {
		set_cause(cause, "%s", _("cannot read back a temporary file"));
		return SH_EDB;
	}
	while (rc == 0 && (got = spool_get(sh, &r, &done, cause)) == 1) {
		if (++n % 64 == 0)
			progress(sh, done);
		rc = sh->k->apply(sh, t, &r, sh->arg, cause);
		if (rc == SHEET_ROW_BAD) {
			bad_row(sh, sh->cur_row);
			rc = 0;
		} else if (rc != 0 && cause != NULL && *cause != NULL) {
			at = where(sh, sh->cur_row, sh->cur_seq, sh->cur_label);
			c = xasprintf("%s: %s", at, *cause);
			free(at);
			free(*cause);
			*cause = c;
		}
	}
	set_current(sh, 0, NULL, NULL);
	if (rc == 0 && got < 0)
		rc = SH_EDB;
	if (rc == 0 && t->err != 0)
		rc = t->err;
	if (rc != 0)
		return rc;
	progress(sh, done);
	if (sh->bad + sh->run_bad > 0 && !sh->o.skip_bad)
		return ABORT_ROWS;
	if (sh->o.dry_run)
		return ABORT_DRY;
	if (sh->k->apply_end != NULL)
		return sh->k->apply_end(sh, t, sh->arg, cause);
	return 0;
}

int
sheet_apply(struct sheet *sh, struct db *db, char **cause)
{
	int rc;

	sh->held_mark = sh->nheld;
	rc = db_write(db, apply_pass, sh, cause);
	sh->applying = false;
	release(sh);
	sh->written = rc == 0;
	if (rc == ABORT_DRY || rc == ABORT_ROWS) {
		free(*cause);
		*cause = NULL;
		rc = rc == ABORT_ROWS ? SHEET_EROWS : 0;
	}
	return rc;
}

bool
sheet_written(const struct sheet *sh)
{
	return sh->written;
}

static int
size_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

void
sheet_result(struct sheet *sh, struct sheet_result *res)
{
	memset(res, 0, sizeof *res);
	res->rows = sh->rows;
	res->bad = sh->bad + sh->run_bad;
	res->errors = sh->errors + sh->run_errors;
	res->warnings = sh->warnings + sh->run_warnings;
	if (res->bad > 0) {
		/* Pass 3's bad rows come after pass 2's: in file order. */
		qsort(sh->bad_rows, res->bad, sizeof *sh->bad_rows, size_cmp);
		res->bad_rows = sh->bad_rows;
		sh->bad_rows = NULL;
		sh->capbad = 0;
	}
}

/* ---- opening ---- */

static struct sheet *
sheet_new(FILE *f, const char *name, const struct sheet_kind *k,
    const struct sheet_opts *o, void *arg)
{
	struct sheet *sh = xcalloc(1, sizeof *sh);
	int c;

	sh->cur_col = -1;
	sh->k = k;
	sh->o = *o;
	if (sh->o.max_size == 0)
		sh->o.max_size = SHEET_MAX_SIZE;
	if (sh->o.max_line == 0)
		sh->o.max_line = SHEET_MAX_LINE;
	sh->arg = arg;
	sh->f = f;
	sh->name = xstrdup(name);
	sh->at = xcalloc((size_t)k->ncols, sizeof *sh->at);
	sh->hdr = xcalloc((size_t)k->ncols, sizeof *sh->hdr);
	for (c = 0; c < k->ncols; c++)
		sh->at[c] = -1;
	return sh;
}

/* Refuses what is not a regular file (when f has a descriptor at all). */
static int
regular(struct sheet *sh, char **cause)
{
	struct stat st;
	int fd = fileno(sh->f);

	if (fd < 0 || fstat(fd, &st) != 0)
		return 0;
	if (!S_ISREG(st.st_mode)) {
		set_cause(cause, _("%s is not a file but %s: give the CSV file "
		    "itself"), sh->name, S_ISDIR(st.st_mode) ? _("a directory") :
		    S_ISFIFO(st.st_mode) ? _("a pipe") : _("a device"));
		return SH_EINVAL;
	}
	if ((uintmax_t)st.st_size > sh->o.max_size) {
		set_cause(cause, _("%s is larger than %zu MB: this is not a "
		    "spreadsheet of a school"), sh->name, sh->o.max_size >> 20);
		return SH_EINVAL;
	}
	return 0;
}

int
sheet_open(struct sheet **out, FILE *f, const char *name,
    const struct sheet_kind *k, const struct sheet_opts *o, void *arg,
    char **cause)
{
	struct sheet *sh;
	int rc;

	*out = sh = sheet_new(f, name, k, o, arg);
	if ((rc = regular(sh, cause)) != 0)
		return rc;
	return sheet_sniff(sh, cause);
}

int
sheet_open_path(struct sheet **out, const char *path,
    const struct sheet_kind *k, const struct sheet_opts *o, void *arg,
    char **cause)
{
	struct sheet *sh;
	FILE *f = NULL;
	int fd, rc;

	/* Not blocking: opening a FIFO waits for a writer otherwise. */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) >= 0 &&
	    (f = fdopen(fd, "rb")) == NULL)
		close(fd);
	*out = sh = sheet_new(f, path, k, o, arg);
	if (f == NULL) {
		set_cause(cause, _("cannot open %s: %s"), path,
		    strerror(errno));
		return SH_ENOTFOUND;
	}
	sh->own_f = true;
	if ((rc = regular(sh, cause)) != 0)
		return rc;
	/* A regular file: reading it blocks as it should. */
	(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return sheet_sniff(sh, cause);
}

const char *
sheet_encoding_name(const struct sheet *sh)
{
	return sh->enc == SHEET_ENC_GB18030 ? "GB18030" : "UTF-8";
}

void
sheet_close(struct sheet *sh)
{
	if (sh == NULL)
		return;
	release(sh);
	free(sh->held);
	apply_forget(sh);
	header_reset(sh);
	free(sh->at);
	free(sh->hdr);
	set_current(sh, 0, NULL, NULL);
	buf_free(&sh->sbuf);
	if (sh->spool != NULL)
		fclose(sh->spool);
	if (sh->own_f && sh->f != NULL)
		fclose(sh->f);
	free(sh->bad_rows);
	free(sh->name);
	free(sh);
}

/* ---- writing a sheet ---- */

/* UTF-8 text as GB18030; -1 when a character has no GB18030 form. */
static int
to_gb18030(const char *text, size_t len, struct buf *out)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	char *ip = (char *)text, *op;
	size_t il = len, ol = 4 * len + 16;
	int rc = 0;

	if (cd == (iconv_t)-1)
		return -1;
	out->s = xreallocarray(out->s, ol, 1);
	op = out->s;
	if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1)
		rc = -1;
	out->len = (size_t)(op - out->s);
	iconv_close(cd);
	return rc;
}

/*
 * Standard output gets the bytes as they are, past the conversion a
 * GB18030 terminal puts on stdout: the file's encoding is chosen.
 */
static int
to_stdout(const char *p, size_t left, char **cause)
{
	ssize_t n;

	fflush(stdout);
	while (left > 0) {
		if ((n = write(STDOUT_FILENO, p, left)) < 0) {
			if (errno == EINTR)
				continue;
			set_cause(cause, _("cannot write the output: %s"),
			    strerror(errno));
			return SH_EDB;
		}
		p += n;
		left -= (size_t)n;
	}
	return 0;
}

int
sheet_write(const char *path, const char *text, size_t len, bool gb18030,
    int flags, const char *unheld, char **cause)
{
	struct buf data = { 0 };
	struct outfile *of;
	int rc = 0;

	if (!gb18030) {
		buf_addstr(&data, "\xef\xbb\xbf");
		buf_add(&data, text, len);
	} else if (to_gb18030(text, len, &data) != 0) {
		set_cause(cause, "%s", unheld);
		buf_free(&data);
		return SH_EINVAL;
	}
	if (path == NULL || strcmp(path, "-") == 0)
		rc = to_stdout(data.s != NULL ? data.s : "", data.len, cause);
	else if ((of = outfile_open(path, flags, cause)) == NULL)
		rc = SH_EDB;
	else if (fwrite(data.s != NULL ? data.s : "", 1, data.len,
	    outfile_stream(of)) != data.len) {
		set_cause(cause, _("cannot write the output: %s"),
		    strerror(errno));
		outfile_abort(of);
		rc = SH_EDB;
	} else if (outfile_commit(of, cause) != 0)
		rc = SH_EDB;
	buf_free(&data);
	return rc;
}
