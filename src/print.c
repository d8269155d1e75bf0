/*
 * print.c -- see print.h.
 *
 * Owns the page layout in display columns (flowing text, cutting with
 * "…", headers with "x/y" page numbers), the three ways a document is
 * written (UTF-8 text, GB18030 text, PDF), and where it goes (standard
 * output, a file, lp).  What is on a page is the business of the
 * sheet's own module (calltree-print.c, cards.c); nothing here knows a
 * record.
 *
 * lp runs in a child that only execs it, with the data on its standard
 * input and its words (the job id, or why it failed) read back from its
 * standard output and error.  An exec failure comes back through a
 * close-on-exec pipe, so that "lp is missing" is told apart from "lp
 * failed".  lp runs in the C.UTF-8 locale, so that its words can be
 * read and a Chinese title passes unchanged.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conf.h"
#include "i18n.h"
#include "outfile.h"
#include "pdf.h"
#include "print.h"
#include "store.h"
#include "util.h"


/* ---- lines ---- */

void
print_lines_add(struct print_lines *l, char *s)
{
	strv_push(&l->v, &l->n, s);
}

void
print_lines_addf(struct print_lines *l, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	print_lines_add(l, s);
}

void
print_lines_take(struct print_lines *l, struct buf *b)
{
	print_lines_add(l, buf_take(b));
}

void
print_lines_free(struct print_lines *l)
{
	strv_free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* ---- layout ---- */

size_t
print_prefix(const char *s, int cols)
{
	size_t n = strlen(s), used = 0;
	uint32_t cp;
	int k, w = 0, cw;

	while (used < n) {
		k = u8_decode(s + used, n - used, &cp);
		cw = k < 0 ? 1 : u_cpwidth(cp);
		if (k < 0)
			k = 1;
		if (w + cw > cols && used > 0)
			break;
		w += cw;
		used += (size_t)k;
	}
	return used;
}

char *
print_trunc(const char *s, int cols)
{
	struct buf b = { 0 };
	size_t k;

	if (u_width(s) <= cols)
		return xstrdup(s);
	if (cols < 1)
		return xstrdup("");
	k = cols > 1 ? print_prefix(s, cols - 1) : 0;
	/* A wide character that would not fit leaves its column blank. */
	buf_add(&b, s, k);
	if (u_width(b.s != NULL ? b.s : "") > cols - 1) {
		buf_reset(&b);
		u_fit(&b, s, cols - 1, false);
	}
	buf_addstr(&b, PRINT_ELLIPSIS);
	return buf_take(&b);
}

int
print_fit(struct buf *b, const char *s, int cols, bool pad)
{
	char *t = print_trunc(s, cols);
	int w = u_fit(b, t, cols, pad);

	free(t);
	return w;
}

void
print_flow(struct print_lines *out, char *const *segs, size_t n,
    const char *sep, int lead, int indent, int width)
{
	struct buf b = { 0 };
	const char *s;
	int used, w, room;
	size_t i, k;
	bool fresh = true;

	if (indent > width - 8)
		indent = width - 8 > 0 ? width - 8 : 0;
	buf_addf(&b, "%*s", lead, "");
	used = lead;
	for (i = 0; i < n; i++) {
		s = segs[i];
		while (*s != '\0') {
			w = u_width(s);
			room = width - used - (fresh ? 0 : u_width(sep));
			if (w <= room) {
				if (!fresh)
					buf_addstr(&b, sep);
				buf_addstr(&b, s);
				used += w + (fresh ? 0 : u_width(sep));
				fresh = false;
				break;
			}
			if (!fresh) {
				print_lines_take(out, &b);
				buf_addf(&b, "%*s", indent, "");
				used = indent;
				fresh = true;
				continue;
			}
			/* Alone on a line and still too wide: break it. */
			k = print_prefix(s, width - used);
			buf_add(&b, s, k);
			s += k;
			print_lines_take(out, &b);
			buf_addf(&b, "%*s", indent, "");
			used = indent;
		}
	}
	if (!fresh)
		print_lines_take(out, &b);
	buf_free(&b);
}

void
print_flow_split(struct print_lines *out, const char *text, const char *sep,
    int lead, int indent, int width)
{
	char **parts = NULL;
	const char *p = text, *q;
	size_t n = 0, k = strlen(sep);

	while (*p != '\0') {
		q = strstr(p, sep);
		if (q == NULL)
			q = p + strlen(p);
		if (q > p)
			strv_push(&parts, &n, xstrndup(p, (size_t)(q - p)));
		p = *q != '\0' ? q + k : q;
	}
	if (n > 0)
		print_flow(out, parts, n, sep, lead, indent, width);
	strv_free(parts);
}

void
print_flow_text(struct print_lines *out, const char *text, int lead,
    int indent, int width)
{
	print_flow_split(out, text, " ", lead, indent, width);
}

char *
print_two_sided(const char *left, const char *right, int width)
{
	struct buf b = { 0 };
	int rw = u_width(right);

	u_fit(&b, left, width - rw - 1 > 0 ? width - rw - 1 : 0, true);
	buf_addc(&b, ' ');
	u_fit(&b, right, rw, false);
	return buf_take(&b);
}

char *
print_rule(char c, int width)
{
	char *s = xmalloc((size_t)(width > 0 ? width : 0) + 1);

	memset(s, c, (size_t)(width > 0 ? width : 0));
	s[width > 0 ? width : 0] = '\0';
	return s;
}

/* ---- documents ---- */

void
print_doc_init(struct print_doc *d, const char *title, int width,
    int page_lines)
{
	memset(d, 0, sizeof *d);
	d->title = xstrdup(title != NULL ? title : "");
	d->width = width;
	d->page_lines = page_lines;
}

/* Appends s with its runs of white space made one space, trimmed. */
static void
title_part(struct buf *b, const char *s, size_t max)
{
	const char *end;
	bool space = b->len > 0;

	if (s == NULL)
		return;
	end = s + strnlen(s, max);
	for (; s < end; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
		    *s == '\f' || *s == '\v') {
			space = b->len > 0;
			continue;
		}
		if (space)
			buf_addc(b, ' ');
		space = false;
		buf_addc(b, *s);
	}
}

char *
print_title(const char *who, const char *what, const char *date)
{
	struct buf b = { 0 };
	char today[11];

	if (date == NULL) {
		date_today(today);
		date = today;
	}
	title_part(&b, who, SIZE_MAX);
	title_part(&b, what, SIZE_MAX);
	title_part(&b, date, 10);
	return b.s != NULL ? buf_take(&b) : xstrdup("");
}

void
print_doc_set_title(struct print_doc *d, char *title)
{
	free(d->title);
	d->title = title;
}

void
print_doc_free(struct print_doc *d)
{
	free(d->title);
	print_lines_free(&d->lines);
	free(d->page);
	memset(d, 0, sizeof *d);
}

void
print_doc_page(struct print_doc *d)
{
	d->page = xreallocarray(d->page, d->npages + 1, sizeof *d->page);
	d->page[d->npages++] = d->lines.n;
}

void
print_paginate(struct print_doc *d, char *const *body, size_t n,
    const bool *brk, int room, print_head_fn head, void *arg)
{
	bool *at = xcalloc(n + 1, sizeof *at);
	int pages = 1, page = 0, used = 0;
	size_t k;

	if (room < 1)
		room = 1;
	for (k = 0; k < n; k++) {
		if (brk != NULL && brk[k] && k > 0) {
			at[k] = true;
			used = 0;
		}
		if (used == room) {
			at[k] = true;
			used = 0;
		}
		used++;
	}
	for (k = 1; k < n; k++)
		if (at[k])
			pages++;
	for (k = 0; k < n; k++) {
		if (k == 0 || at[k]) {
			print_doc_page(d);
			head(&d->lines, ++page, pages, arg);
		}
		print_lines_add(&d->lines, xstrdup(body[k]));
	}
	free(at);
}

static int write_all(int, const char *, size_t);

/* ---- output ---- */

void
print_text(const struct print_doc *d, struct buf *out)
{
	size_t i, p = 0;

	for (i = 0; i < d->lines.n; i++) {
		while (p < d->npages && d->page[p] <= i) {
			if (p > 0 && d->page[p] == i)
				buf_addc(out, '\f');
			p++;
		}
		buf_add_safe(out, d->lines.v[i], false);
		buf_addc(out, '\n');
	}
}

/* One column wide in the layout, two bytes in GB18030: "…", "·" and kin. */
static bool
dot_like(uint32_t cp)
{
	return cp == 0x2026 || cp == 0x00b7 || cp == 0x2022 ||
	    cp == 0x30fb || cp == 0x2027;
}

int
print_gb18030(const char *text, size_t len, struct buf *out, char **cause)
{
	iconv_t cd;
	char in[4], got[16], *ip, *op;
	size_t il, ol, used = 0;
	uint32_t cp;
	int k, w;

	if ((cd = iconv_open("GB18030", "UTF-8")) == (iconv_t)-1) {
		set_cause(cause, _("cannot write GB18030: %s"),
		    strerror(errno));
		return SH_EINVAL;
	}
	while (used < len) {
		k = u8_decode(text + used, len - used, &cp);
		if (k < 0) {
			buf_addc(out, '?');
			used++;
			continue;
		}
		w = u_cpwidth(cp);
		memcpy(in, text + used, (size_t)k);
		used += (size_t)k;
		if (cp < 0x80) {
			buf_addc(out, (char)cp);
			continue;
		}
		ip = in;
		il = (size_t)k;
		op = got;
		ol = sizeof got;
		iconv(cd, NULL, NULL, NULL, NULL);
		if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1 &&
		    (int)(sizeof got - ol) == w) {
			buf_add(out, got, sizeof got - ol);
			continue;
		}
		if (w == 1 && dot_like(cp))
			buf_addc(out, '.');
		else if (w == 1 && (cp == 0x201c || cp == 0x201d))
			buf_addc(out, '"');	/* “” would take two columns */
		else if (w == 1 && (cp == 0x2018 || cp == 0x2019))
			buf_addc(out, '\'');
		else
			buf_addf(out, "%.*s", w, "??");
	}
	iconv_close(cd);
	return 0;
}

int
print_pdf(const struct print_doc *d, FILE *f, char **cause)
{
	struct pdf *p;
	size_t i, first, end;

	if (d->width > PDF_COLS || d->page_lines > PDF_LINES ||
	    d->page_lines < 0) {
		set_cause(cause, _("a PDF page holds %d columns and %d lines: "
		    "leave out --width and --page-lines, or write text"),
		    PDF_COLS, PDF_LINES);
		return SH_EINVAL;
	}
	if ((p = pdf_open(f, d->title, cause)) == NULL)
		return SH_EINVAL;
	for (i = 0; i < d->npages; i++) {
		first = d->page[i];
		end = i + 1 < d->npages ? d->page[i + 1] : d->lines.n;
		if (pdf_page(p, (const char *const *)d->lines.v + first,
		    (int)(end - first), cause) != 0) {
			pdf_close(p, NULL);
			return SH_EINVAL;
		}
	}
	if (pdf_close(p, cause) != 0)
		return SH_EINVAL;
	return 0;
}

static bool
ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), k = strlen(tail);

	return n >= k && strcasecmp(s + n - k, tail) == 0;
}

/* Whether the configuration lists the queue among gb18030_printers. */
static bool
gb18030_printer(const char *printer)
{
	const struct conf *c = conf_system(NULL);
	const char *list, *p;
	size_t n;

	if (printer == NULL || *printer == '\0')
		printer = "default";
	if (c == NULL || (list = conf_get(c, "gb18030_printers")) == NULL)
		return false;
	for (p = list; *p != '\0'; p += n) {
		p += strspn(p, ", \t");
		n = strcspn(p, ", \t");
		if (n > 0 && strlen(printer) == n && strncmp(p, printer, n) == 0)
			return true;
	}
	return false;
}

enum print_encoding
print_encoding_of(const struct print_dest *dest)
{
	if (dest->encoding != PRINT_ENC_DEFAULT)
		return dest->encoding;
	if (dest->lp && dest->format != PRINT_PDF &&
	    gb18030_printer(dest->printer))
		return PRINT_GB18030;
	return PRINT_UTF8;
}

enum print_format
print_format_of(const struct print_dest *dest)
{
	if (dest->format != PRINT_AUTO)
		return dest->format;
	if (print_encoding_of(dest) == PRINT_GB18030)
		return PRINT_TEXT;
	if (dest->output != NULL && strcmp(dest->output, "-") != 0)
		return ends_with(dest->output, ".pdf") ? PRINT_PDF : PRINT_TEXT;
	return dest->lp ? PRINT_PDF : PRINT_TEXT;
}

/* The document as the bytes a destination gets. */
static int
render(const struct print_doc *d, enum print_format fmt,
    enum print_encoding enc, struct buf *out, char **cause)
{
	struct buf text = { 0 };
	char *data = NULL;
	size_t len = 0;
	FILE *f;
	int rc;

	if (fmt == PRINT_PDF) {
		if ((f = open_memstream(&data, &len)) == NULL) {
			set_cause(cause, "%s", strerror(errno));
			return SH_EDB;
		}
		rc = print_pdf(d, f, cause);
		if (fclose(f) != 0 && rc == 0) {
			set_cause(cause, "%s", strerror(errno));
			rc = SH_EDB;
		}
		if (rc == 0)
			buf_add(out, data, len);
		free(data);
		return rc;
	}
	print_text(d, &text);
	if (enc == PRINT_GB18030)
		rc = print_gb18030(text.s != NULL ? text.s : "", text.len, out,
		    cause);
	else {
		buf_add(out, text.s != NULL ? text.s : "", text.len);
		rc = 0;
	}
	buf_free(&text);
	return rc;
}

int
print_dest_check(const struct print_dest *dest, char **cause)
{
	enum print_format fmt = print_format_of(dest);
	bool file = dest->output != NULL && strcmp(dest->output, "-") != 0;
	char *safe;

	if (dest->encoding == PRINT_GB18030 && dest->format == PRINT_PDF) {
		set_cause(cause, "%s", _("GB18030 is an encoding of text, not "
		    "of PDF: use --format text"));
		return SH_EINVAL;
	}
	if (dest->encoding == PRINT_GB18030 && dest->format == PRINT_AUTO &&
	    file && ends_with(dest->output, ".pdf")) {
		safe = str_safe(dest->output, false);
		set_cause(cause, _("%s: a file named .pdf is for a PDF, and "
		    "GB18030 is an encoding of text: name it FILE.txt"), safe);
		free(safe);
		return SH_EINVAL;
	}
	if (file || dest->lp || !isatty(STDOUT_FILENO))
		return 0;
	if (fmt == PRINT_PDF) {
		set_cause(cause, "%s", _("a PDF is not for the terminal: use "
		    "-o FILE.pdf or --lp"));
		return SH_EINVAL;
	}
	if (print_encoding_of(dest) == PRINT_GB18030 &&
	    i18n_charset() != I18N_GB18030) {
		set_cause(cause, "%s", _("this terminal does not show GB18030 "
		    "text: use -o FILE or --lp"));
		return SH_EINVAL;
	}
	return 0;
}

int
print_deliver(const struct print_doc *d, const struct print_dest *dest,
    char **job, char **cause)
{
	enum print_format fmt = print_format_of(dest);
	enum print_encoding enc = print_encoding_of(dest);
	bool raw = fmt == PRINT_TEXT && enc == PRINT_GB18030;
	bool file = dest->output != NULL && strcmp(dest->output, "-") != 0;
	struct buf out = { 0 };
	const char *data;
	int rc;

	if (job != NULL)
		*job = NULL;
	if ((rc = print_dest_check(dest, cause)) != 0)
		return rc;
	if ((rc = render(d, fmt, enc, &out, cause)) != 0) {
		buf_free(&out);
		return rc;
	}
	data = out.s != NULL ? out.s : "";
	if (!file && !dest->lp && (fmt == PRINT_PDF || raw)) {
		/* Bytes as they are: stdout may be converting to GB18030. */
		fflush(stdout);
		if (write_all(STDOUT_FILENO, data, out.len) != 0) {
			set_cause(cause, _("cannot write %s: %s"), "-",
			    strerror(errno));
			rc = SH_EDB;
		}
	} else if (file || !dest->lp)
		rc = print_write_file(file ? dest->output : NULL, data,
		    out.len, cause);
	if (rc == 0 && dest->lp)
		rc = print_lp(data, out.len, dest->printer, d->title, raw, job,
		    cause);
	buf_free(&out);
	return rc;
}

/* ---- files and the printer ---- */

static int
write_all(int fd, const char *p, size_t len)
{
	ssize_t w;

	while (len > 0) {
		w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

int
print_write_file(const char *path, const char *text, size_t len,
    char **cause)
{
	struct outfile *of;
	FILE *f;

	if ((of = outfile_open(path, 0, cause)) == NULL)
		return SH_EDB;
	f = outfile_stream(of);
	if (fwrite(text, 1, len, f) != len) {
		set_cause(cause, _("cannot write %s: %s"), outfile_path(of),
		    strerror(errno));
		outfile_abort(of);
		return SH_EDB;
	}
	if (outfile_commit(of, cause) != 0)
		return SH_EDB;
	return 0;
}

/* "request id is X-12 (1 file(s))": "X-12"; else the first word "A-9". */
static char *
job_id(const char *said)
{
	static const char mark[] = "request id is ";
	const char *p = strstr(said, mark), *q;
	size_t n;

	if (p != NULL) {
		p += sizeof mark - 1;
		n = strcspn(p, " \t\r\n");
		return xstrndup(p, n);
	}
	for (p = said; *p != '\0'; p = q + strspn(q, " \t\r\n")) {
		n = strcspn(p, " \t\r\n");
		q = p + n;
		if (n == 0)
			break;
		if (n > 2 && memchr(p, '-', n) != NULL && p[n - 1] >= '0' &&
		    p[n - 1] <= '9')
			return xstrndup(p, n);
	}
	return xstrdup("");
}

/* What lp said, on one line, trimmed; "" when nothing. */
static char *
said_line(const struct buf *b)
{
	char *s = xstrndup(b->s != NULL ? b->s : "", b->len), *p, *t;

	for (p = s; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	t = str_trim(s);
	free(s);
	return t;
}

int
print_lp(const char *data, size_t len, const char *printer,
    const char *title, bool raw, char **job, char **cause)
{
	struct sigaction ign, old;
	int in[2], err[2], said[2], e = 0, status, wrote;
	const char *argv[9];
	struct buf words = { 0 };
	char chunk[512], *line, *safe = NULL;
	size_t argc = 0;
	pid_t pid;
	ssize_t r;

	if (job != NULL)
		*job = NULL;
	argv[argc++] = "lp";
	if (printer != NULL && *printer != '\0') {
		argv[argc++] = "-d";
		argv[argc++] = printer;
	}
	if (title != NULL && *title != '\0') {
		argv[argc++] = "-t";
		argv[argc++] = title;
	}
	if (raw) {
		argv[argc++] = "-o";
		argv[argc++] = "raw";
	}
	argv[argc] = NULL;
	if (pipe(in) != 0) {
		set_cause(cause, _("cannot run lp: %s"), strerror(errno));
		return SH_EDB;
	}
	if (pipe(err) != 0 || pipe(said) != 0) {
		e = errno;
		close(in[0]);
		close(in[1]);
		set_cause(cause, _("cannot run lp: %s"), strerror(e));
		return SH_EDB;
	}
	fcntl(err[1], F_SETFD, FD_CLOEXEC);
	fcntl(in[1], F_SETFD, FD_CLOEXEC);
	fcntl(said[0], F_SETFD, FD_CLOEXEC);
	fflush(NULL);
	if ((pid = fork()) < 0) {
		e = errno;
		close(in[0]);
		close(in[1]);
		close(err[0]);
		close(err[1]);
		close(said[0]);
		close(said[1]);
		set_cause(cause, _("cannot run lp: %s"), strerror(e));
		return SH_EDB;
	}
	if (pid == 0) {
		close(err[0]);
		if (dup2(in[0], STDIN_FILENO) >= 0 &&
		    dup2(said[1], STDOUT_FILENO) >= 0 &&
		    dup2(said[1], STDERR_FILENO) >= 0) {
			close(in[0]);
			close(said[1]);
			setenv("LC_ALL", "C.UTF-8", 1);
			execvp("lp", (char *const *)argv);
		}
		e = errno;
		(void)!write(err[1], &e, sizeof e);
		_exit(127);
	}
	close(in[0]);
	close(err[1]);
	close(said[1]);
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old);
	wrote = write_all(in[1], data, len);
	close(in[1]);
	sigaction(SIGPIPE, &old, NULL);
	for (;;) {
		r = read(said[0], chunk, sizeof chunk);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (words.len < 4096)
			buf_add(&words, chunk, (size_t)r);
	}
	close(said[0]);
	while ((r = read(err[0], &e, sizeof e)) < 0 && errno == EINTR)
		;
	close(err[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	line = said_line(&words);
	buf_free(&words);
	if (r == (ssize_t)sizeof e) {
		if (e == ENOENT)
			set_cause(cause, "%s", _("lp was not found: install "
			    "the print system (Debian package cups-client), or "
			    "write the sheet to a file with -o FILE and print "
			    "that"));
		else
			set_cause(cause, _("cannot run lp: %s"), strerror(e));
		free(line);
		return SH_EDB;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || wrote != 0) {
		if (WIFEXITED(status) && *line != '\0')
			set_cause(cause, _("lp failed (exit status %d): %s"),
			    WEXITSTATUS(status), safe = str_safe(line, false));
		else if (WIFEXITED(status))
			set_cause(cause, _("lp failed (exit status %d): is the "
			    "printer set up? \"lpstat -p\" lists the printers"),
			    WEXITSTATUS(status));
		else
			set_cause(cause, "%s", _("lp was stopped before it "
			    "took the sheet"));
		free(safe);
		free(line);
		return SH_EDB;
	}
	if (job != NULL)
		*job = job_id(line);
	free(line);
	return 0;
}

char *
print_sent(const char *job)
{
	char *safe, *s;

	if (job == NULL || *job == '\0')
		return xstrdup(_("Sent to the print queue; lp gave no job id: "
		    "\"lpstat -o\" lists the jobs."));
	safe = str_safe(job, false);
	s = xasprintf(_("Sent to the print queue as job %s."), safe);
	free(safe);
	return s;
}

void
print_page_size(const struct print_opts *o, int *width, int *lines)
{
	*width = o->width > 0 ? o->width : PRINT_WIDTH;
	*lines = o->page_lines > 0 ? o->page_lines : PRINT_LINES;
	if (*width < PRINT_MIN_WIDTH)
		*width = PRINT_MIN_WIDTH;
	if (*lines < PRINT_MIN_LINES)
		*lines = PRINT_MIN_LINES;
}
