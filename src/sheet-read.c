/*
 * sheet-read.c -- the bytes of a sheet made rows (see sheet.c's top):
 * the encoding sniffed and the limits kept (pass 1), then the text
 * decoded and parsed by libcsv, each row with the line it starts on and
 * its number as a spreadsheet shows it (pass 2's reading).
 */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "i18n.h"
#include "sheet-int.h"
#include "util.h"

#define MAX_BAD_LINES	20		/* encoding problems named one by one */

/* ---- line and row numbers ---- */

void
lines_init(struct lines *l)
{
	memset(l, 0, sizeof *l);
	l->line = l->row = 1;
}

static void
lines_end(struct lines *l)
{
	if (l->len > l->longest) {
		l->longest = l->len;
		l->longest_row = l->row;
	}
	l->line++;
	l->len = 0;
	if (l->q != Q_QUOTED) {
		l->row++;
		l->q = Q_START;
	}
}

/* n bytes of one character other than a line end, a quote or a comma. */
static void
lines_other(struct lines *l, size_t n)
{
	l->cr = false;
	l->len += n;
	if (l->q == Q_START || l->q == Q_QUOTE)
		l->q = Q_PLAIN;
}

static void
lines_byte(struct lines *l, unsigned char c)
{
	switch (c) {
	case '\r':
		lines_end(l);
		l->cr = true;
		return;
	case '\n':
		if (!l->cr)
			lines_end(l);
		l->cr = false;
		return;
	case '"':
		l->cr = false;
		l->len++;
		l->q = l->q == Q_START || l->q == Q_QUOTE ? Q_QUOTED :
		    l->q == Q_QUOTED ? Q_QUOTE : Q_PLAIN;
		return;
	case ',':
		l->cr = false;
		l->len++;
		if (l->q != Q_QUOTED)
			l->q = Q_START;
		return;
	}
	lines_other(l, 1);
}

/* ---- pass 1: the bytes ---- */

struct sniff {
	struct sheet	*sh;
	struct lines	 lines;
	size_t		 last_bad;	/* the last row reported */
	size_t		 nbad;		/* rows with bad bytes */
	size_t		 invalid;	/* bad sequences */
	size_t		 multibyte;	/* good multibyte sequences */
	bool		 report;	/* report the rows (else count) */
	const char	*what;		/* "UTF-8" or "GB18030" */
	size_t		 nul_row;	/* the first row with a NUL, or 0 */
};

/* A byte that is a character by itself (ASCII): counts lines and NULs. */
static void
sniff_ascii(struct sniff *s, unsigned char c)
{
	if (c == '\0' && s->nul_row == 0)
		s->nul_row = s->lines.row;
	lines_byte(&s->lines, c);
}

static void
sniff_bad(struct sniff *s, const unsigned char *p, size_t n)
{
	char hex[32];
	size_t i, o = 0;

	s->invalid++;
	if (s->lines.row == s->last_bad)
		return;
	s->last_bad = s->lines.row;
	if (++s->nbad > MAX_BAD_LINES || !s->report)
		return;
	for (i = 0; i < n && i < 4; i++)
		o += snprintf(hex + o, sizeof hex - o, "%s0x%02X",
		    i ? " " : "", p[i]);
	report_at(s->sh, s->lines.row, true, _("bytes that are not %s text "
	    "(%s)"), s->what, hex);
}

/* The length a UTF-8 lead byte announces, or 0. */
static size_t
u8_lead_len(unsigned char c)
{
	return c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 :
	    c >= 0xf0 && c <= 0xf4 ? 4 : 0;
}

/*
 * Checks n bytes of UTF-8 at p; returns how many were used (the rest is
 * a sequence cut by the end of the buffer, unless at_end).
 */
static size_t
sniff_utf8(struct sniff *s, const unsigned char *p, size_t n, bool at_end)
{
	size_t i = 0, j, want;
	uint32_t cp;
	int k;

	while (i < n) {
		if (p[i] < 0x80) {
			sniff_ascii(s, p[i]);
			i++;
			continue;
		}
		k = u8_decode((const char *)p + i, n - i, &cp);
		want = u8_lead_len(p[i]);
		if (k < 0 && !at_end && want > n - i) {
			/* Perhaps only cut short: look again with more. */
			for (j = i + 1; j < n && (p[j] & 0xc0) == 0x80; j++)
				;
			if (j == n)
				return i;
		}
		if (k < 0) {
			sniff_bad(s, p + i, n - i);
			lines_other(&s->lines, 1);
			i++;
		} else {
			s->multibyte++;
			lines_other(&s->lines, (size_t)k);
			i += (size_t)k;
		}
	}
	return i;
}

/* Checks GB18030 as iconv reads it; returns the bytes used, like above. */
static size_t
sniff_gb(struct sniff *s, iconv_t cd, const unsigned char *p, size_t n,
    bool at_end)
{
	char out[16384], *ip = (char *)p, *op;
	const unsigned char *done = p;
	size_t il = n, ol;
	size_t r;

	while (il > 0) {
		op = out;
		ol = sizeof out;
		r = iconv(cd, &ip, &il, &op, &ol);
		/*
		 * ASCII bytes never occur inside a GB18030 character where
		 * they would be taken for a quote, comma or line end.
		 */
		for (; done < (const unsigned char *)ip; done++)
			sniff_ascii(s, *done);
		if (r != (size_t)-1 || il == 0 || errno == E2BIG)
			continue;
		if (errno == EINVAL && !at_end)
			return (size_t)(ip - (char *)p);
		sniff_bad(s, (const unsigned char *)ip, il);
		lines_other(&s->lines, 1);
		ip++;
		il--;
		done++;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	return n;
}

static int
read_failed(struct sheet *sh, char **cause)
{
	set_cause(cause, _("cannot read %s: %s"), sh->name, strerror(errno));
	return -1;
}

/*
 * Reads the whole file through one of the checks, and notes its size:
 * 0, or -1 with *cause (a read error, a file or a line too long).
 */
static int
sniff_file(struct sniff *s, iconv_t cd, char **cause)
{
	struct sheet *sh = s->sh;
	unsigned char buf[CHUNK];
	size_t have = 0, n, used;
	bool end;

	lines_init(&s->lines);
	sh->size = 0;
	if (fseek(sh->f, 0, SEEK_SET) != 0)
		return read_failed(sh, cause);
	for (;;) {
		n = fread(buf + have, 1, sizeof buf - have, sh->f);
		if (n == 0 && ferror(sh->f))
			return read_failed(sh, cause);
		have += n;
		sh->size += n;
		if (sh->size > sh->o.max_size) {
			set_cause(cause, _("%s is larger than %zu MB: this is "
			    "not a spreadsheet of a school"), sh->name,
			    sh->o.max_size >> 20);
			return -1;
		}
		end = n == 0;
		if (have == 0)
			break;
		used = cd != (iconv_t)-1 ? sniff_gb(s, cd, buf, have, end) :
		    sniff_utf8(s, buf, have, end);
		memmove(buf, buf + used, have - used);
		have -= used;
		if (s->lines.len > sh->o.max_line ||
		    s->lines.longest > sh->o.max_line) {
			set_cause(cause, _("%s: row %zu has a line longer than "
			    "%zu KB: this is not a spreadsheet of a school"),
			    sh->name, s->lines.len > sh->o.max_line ?
			    s->lines.row : s->lines.longest_row,
			    sh->o.max_line >> 10);
			return -1;
		}
		if (end)
			break;		/* at the end everything is used */
	}
	return 0;
}

static bool
starts_with(const unsigned char *p, size_t n, const char *sig, size_t len)
{
	return n >= len && memcmp(p, sig, len) == 0;
}

/* What the first bytes say: 0, or -1 with *cause (not a CSV file). */
static int
sniff_signature(struct sheet *sh, bool *bom, char **cause)
{
	unsigned char head[8];
	size_t n;

	*bom = false;
	if (fseek(sh->f, 0, SEEK_SET) != 0)
		return read_failed(sh, cause);
	n = fread(head, 1, sizeof head, sh->f);
	if (n == 0 && ferror(sh->f))
		return read_failed(sh, cause);
	if (n == 0) {
		set_cause(cause, _("%s is empty"), sh->name);
		return -1;
	}
	if (starts_with(head, n, "PK\x03\x04", 4) ||
	    starts_with(head, n, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8)) {
		set_cause(cause, _("%s is an Excel or WPS workbook, not CSV: "
		    "open it and save it as CSV (UTF-8, or plain CSV)"),
		    sh->name);
		return -1;
	}
	if (starts_with(head, n, "\xff\xfe", 2) ||
	    starts_with(head, n, "\xfe\xff", 2)) {
		set_cause(cause, _("%s is UTF-16 text (\"Unicode text\"), "
		    "which is not read: save it as CSV (UTF-8)"), sh->name);
		return -1;
	}
	*bom = starts_with(head, n, "\xef\xbb\xbf", 3);
	return 0;
}

static int
sniff_failed(struct sheet *sh, struct sniff *s, char **cause)
{
	if (s->nbad > MAX_BAD_LINES)
		report_at(sh, 0, true, P_("and %zu more row with such bytes",
		    "and %zu more rows with such bytes",
		    s->nbad - MAX_BAD_LINES), s->nbad - MAX_BAD_LINES);
	set_cause(cause, _("%s is not %s text throughout: correct the rows "
	    "named, or save the file again as CSV"), sh->name, s->what);
	return SH_EINVAL;
}

/*
 * One pass of the file through the UTF-8 check (cd (iconv_t)-1) or the
 * GB18030 one, reporting the bad rows or only counting them: 0, or
 * SH_EINVAL with *cause.
 */
static int
sniff_run(struct sheet *sh, struct sniff *s, iconv_t cd, bool report,
    char **cause)
{
	memset(s, 0, sizeof *s);
	s->sh = sh;
	s->what = cd != (iconv_t)-1 ? "GB18030" : "UTF-8";
	s->report = report;
	if (cd != (iconv_t)-1)
		iconv(cd, NULL, NULL, NULL, NULL);
	return sniff_file(s, cd, cause) != 0 ? SH_EINVAL : 0;
}

/*
 * Pass 1: chooses sh->enc, or refuses the file.  The first reading, in
 * the encoding given (else as UTF-8), is quiet and also looks for NUL
 * bytes: a UTF-8 file, or one said to be GB18030, is read once.  Other
 * GB18030 text is read a second time, and a refused file is read again
 * to name its bad rows.
 */
int
sheet_sniff(struct sheet *sh, char **cause)
{
	struct sniff s;
	iconv_t cd = (iconv_t)-1;
	enum sheet_encoding want = sh->o.encoding;
	bool bom;
	int rc;

	if (sniff_signature(sh, &bom, cause) != 0)
		return SH_EINVAL;
	if (want == SHEET_ENC_GB18030)
		cd = iconv_open("UTF-8", "GB18030");
	if ((rc = sniff_run(sh, &s, cd, false, cause)) != 0)
		goto out;
	if (s.nul_row != 0) {
		report_at(sh, s.nul_row, true, "%s", _("a NUL byte: this is "
		    "not a text file"));
		set_cause(cause, _("%s is not a CSV text file"), sh->name);
		rc = SH_EINVAL;
		goto out;
	}
	if (bom && want == SHEET_ENC_GB18030) {
		set_cause(cause, _("%s starts with the mark of UTF-8 text, but "
		    "--encoding gb18030 was given"), sh->name);
		rc = SH_EINVAL;
		goto out;
	}
	if (want != SHEET_ENC_GB18030) {
		if (s.invalid == 0) {
			sh->enc = SHEET_ENC_UTF8;
			goto out;
		}
		/*
		 * UTF-8 it is, when said or marked, or when it is mostly
		 * UTF-8 with a few damaged places: name them, rather than
		 * read it all as GB18030 gibberish.
		 */
		if (want == SHEET_ENC_UTF8 || bom || s.multibyte > s.invalid) {
			if ((rc = sniff_run(sh, &s, (iconv_t)-1, true,
			    cause)) == 0)
				rc = sniff_failed(sh, &s, cause);
			goto out;
		}
		cd = iconv_open("UTF-8", "GB18030");
	}
	if (cd == (iconv_t)-1) {
		set_cause(cause, _("%s is not UTF-8, and this system cannot "
		    "convert GB18030: save the roster as CSV (UTF-8)"),
		    sh->name);
		rc = SH_EINVAL;
		goto out;
	}
	/* Read as GB18030, reporting: not yet, or only counted. */
	if ((want != SHEET_ENC_GB18030 || s.invalid > 0) &&
	    (rc = sniff_run(sh, &s, cd, true, cause)) != 0)
		goto out;
	if (s.invalid > 0)
		rc = sniff_failed(sh, &s, cause);
	else
		sh->enc = SHEET_ENC_GB18030;
out:
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	return rc;
}

/* ---- pass 2: reading rows ---- */


/*
 * libcsv's buffer for one field grows through this: a field longer than
 * MAX_FIELD is refused (CSV_ENOMEM), which is what an unclosed quote in
 * a large file turns into.
 */
static void *
csv_grow(void *p, size_t n)
{
	if (n > MAX_FIELD)
		return NULL;
	return realloc(p, n);
}

static int
rd_parser(struct reader *r)
{
	if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI |
	    CSV_APPEND_NULL) != 0)
		return -1;
	csv_set_realloc_func(&r->p, csv_grow);
	csv_set_blk_size(&r->p, 4096);
	return 0;
}

static void
rd_field(void *s, size_t n, void *arg)
{
	struct reader *r = arg;

	r->nall++;
	if (r->nf == MAX_FIELDS) {
		r->overflow = true;
		return;
	}
	if (r->nf == r->capf) {
		r->capf = r->capf ? r->capf * 2 : 64;
		r->offs = xreallocarray(r->offs, r->capf, sizeof *r->offs);
	}
	r->offs[r->nf++] = r->fb.len;
	buf_add(&r->fb, s != NULL ? s : "", s != NULL ? n : 0);
	buf_addc(&r->fb, '\0');
}

static void
rd_row(int c, void *arg)
{
	struct reader *r = arg;

	r->ready = true;
	r->in_row = false;
}

static void
rd_discard(struct reader *r)
{
	buf_reset(&r->fb);
	r->nf = r->nall = 0;
	r->overflow = false;
	r->ready = false;
}

int
rd_open(struct reader *r, FILE *f, const char *name, enum sheet_encoding enc,
    char **cause)
{
	memset(r, 0, sizeof *r);
	r->f = f;
	r->name = name;
	r->cd = (iconv_t)-1;
	r->srow = 1;
	lines_init(&r->lines);
	if (fseek(f, 0, SEEK_SET) != 0) {
		set_cause(cause, _("cannot read %s: %s"), name,
		    strerror(errno));
		return -1;
	}
	if (enc == SHEET_ENC_GB18030 &&
	    (r->cd = iconv_open("UTF-8", "GB18030")) == (iconv_t)-1) {
		set_cause(cause, "%s", _("cannot convert from GB18030"));
		return -1;
	}
	if (rd_parser(r) != 0) {
		if (r->cd != (iconv_t)-1)
			iconv_close(r->cd);
		set_cause(cause, "%s", sh_strerror(SH_EDB));
		return -1;
	}
	return 0;
}

void
rd_close(struct reader *r)
{
	csv_free(&r->p);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	free(r->d);
	buf_free(&r->fb);
	free(r->offs);
	free(r->out);
}

/* Reads and decodes more of the file; -1 with *cause on failure. */
static int
rd_fill(struct reader *r, char **cause)
{
	char *ip, *op;
	size_t n, il, ol;

	if (r->dpos > 0) {
		memmove(r->d, r->d + r->dpos, r->dlen - r->dpos);
		r->dlen -= r->dpos;
		r->dpos = 0;
	}
	n = fread(r->raw + r->rawlen, 1, sizeof r->raw - r->rawlen, r->f);
	if (n == 0 && ferror(r->f)) {
		set_cause(cause, _("cannot read %s: %s"), r->name,
		    strerror(errno));
		return -1;
	}
	r->bytes += n;
	r->rawlen += n;
	if (n == 0)
		r->eof = true;
	if (r->dlen + 4 * r->rawlen + 16 > r->dcap) {
		r->dcap = r->dlen + 4 * r->rawlen + 16;
		r->d = xreallocarray(r->d, r->dcap, 1);
	}
	if (r->cd == (iconv_t)-1) {
		memcpy(r->d + r->dlen, r->raw, r->rawlen);
		r->dlen += r->rawlen;
		r->rawlen = 0;
	} else {
		ip = r->raw;
		il = r->rawlen;
		op = r->d + r->dlen;
		ol = r->dcap - r->dlen;
		if (iconv(r->cd, &ip, &il, &op, &ol) == (size_t)-1 &&
		    (errno != EINVAL || r->eof)) {
			set_cause(cause, _("%s changed while it was being "
			    "read"), r->name);
			return -1;
		}
		r->dlen = (size_t)(op - r->d);
		memmove(r->raw, ip, il);
		r->rawlen = il;
	}
	if (!r->started && (r->dlen >= 3 || r->eof)) {
		r->started = true;
		if (r->dlen >= 3 && memcmp(r->d, "\xef\xbb\xbf", 3) == 0)
			r->dpos = 3;
	}
	return 0;
}

/* The row read, handed out in *row. */
static void
rd_take(struct reader *r, struct sheet_row *row)
{
	size_t i;

	free(r->out);
	r->out = xcalloc(r->nf + 1, sizeof *r->out);
	for (i = 0; i < r->nf; i++)
		r->out[i] = r->fb.s + r->offs[i];
	memset(row, 0, sizeof *row);
	row->line = r->row_line;
	row->row = r->row_srow;
	row->f = r->out;
	row->nf = r->nf;
	row->nall = r->nall;
	row->overflow = r->overflow;
	r->ready = false;
	r->handed = true;
}

/* After a syntax error: a fresh parser from the next line on. */
static int
rd_error(struct reader *r, struct sheet_row *row, const char *why)
{
	size_t line = r->in_row ? r->row_line : r->lines.line;
	size_t srow = r->in_row ? r->row_srow : r->srow;

	csv_free(&r->p);
	if (rd_parser(r) != 0)
		return -1;
	rd_discard(r);
	memset(row, 0, sizeof *row);
	row->line = line;
	row->row = srow;
	row->err = why;
	row->err_line = r->lines.line;
	r->in_row = false;
	return 1;
}

/*
 * Counts the line end at the end of a segment of e bytes at s: a row of
 * the sheet too, unless a quoted field goes on.
 */
static void
rd_lines(struct reader *r, const char *s, size_t e)
{
	size_t line = r->lines.line;

	if (e > 1 || (s[0] != '\r' && s[0] != '\n'))
		r->lines.cr = false;
	if (s[e - 1] == '\r' || s[e - 1] == '\n') {
		lines_byte(&r->lines, (unsigned char)s[e - 1]);
		r->skip_line = false;
		if (r->lines.line != line && !r->in_row)
			r->srow++;
	}
}

static bool
blank(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' &&
		    p[i] != '\n')
			return false;
	return true;
}

/*
 * The next row: 1 with *row (valid until the next call), 0 at the end,
 * -1 with *cause when the file cannot be read on.
 */
int
rd_next(struct reader *r, struct sheet_row *row, char **cause)
{
	size_t e, n, got;
	char *s;

	if (r->handed) {
		rd_discard(r);
		r->handed = false;
	}
	for (;;) {
		if (r->ready) {
			rd_take(r, row);
			return 1;
		}
		if (r->dpos == r->dlen) {
			if (!r->eof) {
				if (rd_fill(r, cause) != 0)
					return -1;
				continue;
			}
			if (r->finished)
				return 0;
			r->finished = true;
			if (csv_fini(&r->p, rd_field, rd_row, r) != 0) {
				rd_discard(r);
				if (rd_error(r, row, _("a quoted field is not "
				    "closed by the end of the file")) != 1) {
					set_cause(cause, "%s",
					    sh_strerror(SH_EDB));
					return -1;
				}
				row->err_line = row->line;
				return 1;
			}
			continue;
		}
		s = r->d + r->dpos;
		n = r->dlen - r->dpos;
		for (e = 0; e < n && s[e] != '\r' && s[e] != '\n'; e++)
			;
		if (e < n)
			e++;		/* the segment ends with its line end */
		if (r->skip_line) {
			got = e;
		} else {
			if (!r->in_row && !blank(s, e)) {
				r->in_row = true;
				r->row_line = r->lines.line;
				r->row_srow = r->srow;
			}
			got = csv_parse(&r->p, s, e, rd_field, rd_row, r);
		}
		r->dpos += e;
		if (got < e) {
			if (csv_error(&r->p) != CSV_EPARSE) {
				set_cause(cause, _("%s: row %zu: a field longer "
				    "than %d bytes: is a quote not closed?"),
				    r->name, r->row_srow, MAX_FIELD);
				return -1;
			}
			if (rd_error(r, row, _("a quote in the wrong place "
			    "(a field with a quote must be quoted as a whole, "
			    "its quotes doubled)")) != 1) {
				set_cause(cause, "%s", sh_strerror(SH_EDB));
				return -1;
			}
			/* Skip the rest of the line, then start afresh. */
			r->skip_line = true;
			rd_lines(r, s, e);
			return 1;
		}
		rd_lines(r, s, e);
	}
}

