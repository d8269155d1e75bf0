/*
 * roster.c -- see roster.h.
 *
 * The columns.  One table, columns[], says for each column of a roster
 * its Chinese header, its English alias (and a few other headers seen in
 * rosters), which record and field it feeds, and whether it is required.
 * Values are normalised by that field (field_normalize(): the same
 * dates, phones, grades, relations and yes/no forms as everywhere else),
 * and the export writes each field back in the form a Chinese school
 * writes it (男, 是, 三年级, 2班, 祖母, 较好), chosen by the field's type.
 *
 * Three passes, one row at a time, so that a county's 100,000 rows are
 * never all in memory:
 *
 *   1. sniff: the bytes alone.  An Excel workbook, UTF-16 text and NUL
 *      bytes are refused.  The encoding is chosen: a UTF-8 byte order
 *      mark, or valid UTF-8 throughout, is UTF-8; anything else is
 *      GB18030 (which holds GBK), unless it is mostly UTF-8 with a few
 *      damaged places, which are then named by line instead of being
 *      read as GB18030 gibberish.  Bytes that fit neither are named by
 *      line, and nothing is imported.
 *   2. check: every row parsed, normalised and checked, without the
 *      database.  The problems are reported while the file is read.
 *      Each good row's normal forms go to a spool, a private temporary
 *      file unlinked at once (they are children's details).
 *   3. apply: in one write transaction (db_write()), the spooled rows are
 *      matched against the database and written.  db_write() runs this
 *      pass again from the start after growing the map, so everything it
 *      learns lives in state reset at its start, and the problems it
 *      finds (the few that depend on the database) are held back and
 *      reported once the transaction is over.  A dry run, and a roster
 *      with bad rows but no --skip-bad, run the same pass and abort it,
 *      so that they report exactly what a real import would.  Nothing
 *      but the spool is read while the transaction is open: the write
 *      lock is held for the writing alone.
 *
 * libcsv, in strict mode, is fed the text one physical line at a time
 * (CR LF, LF and a lone CR each end a line), which is how a row knows
 * the line it starts on even when quoted fields span lines; blank lines
 * give no row, and rows of empty cells (",,,,", an empty row of the
 * sheet) are passed over wherever they are: above the header they are
 * neither titles nor among the rows searched for it.  After a syntax
 * error (a stray quote) the parser starts afresh at the next line; a
 * field of more than MAX_FIELD bytes (an unclosed quote in a large file)
 * stops the reading, and a quote still open at the end is one bad row.
 *
 * The header row is the first row, within the first HEADER_SEARCH, with
 * at least three known headers: title rows above it ("柳树乡中心学校留守
 * 儿童花名册") are skipped with a warning, and so are notes below the
 * table ("填表人：李老师").  Headers match ignoring spaces ("姓  名"),
 * fullwidth forms, ASCII case and the "*" of a required column.
 *
 * Matching.  A child is the one with the same ID number, or else with
 * the same name, birth date and school (never one with another ID
 * number: two children with ID numbers are two).  A parent or guardian
 * is, in turn: the person of that name on the child's contact card; a
 * person of the same name with the same phone number anywhere (so
 * siblings share their father, mother and grandmother, whether they came
 * in this roster or an earlier one); for a person without a phone, the
 * one of the same role and name made for an earlier row of this roster
 * with the same 现居住地 and the same other people.  Otherwise a new
 * contact is made.  A guardian who is also the father or mother (监护人
 * 关系 父亲, or the parent's name and no other relation) is one person:
 * the parent's link is marked as the entrusted guardian and comes first
 * in the call order.  A mentor (帮扶教师) is the staff member of that
 * name in the child's school, made when there is none; a school named
 * that does not exist is made too (both are listed in the summary).
 *
 * Updating.  A roster adds and changes, never removes: an empty cell
 * leaves the stored value alone, people are never unlinked, and a
 * changed phone number becomes the person's first number with the old
 * ones kept after it.  Only the entrusted-guardian mark moves to the
 * guardian the roster names.  A record whose values come out the same
 * is not written at all, so importing the same roster again changes
 * nothing, versions included.  Within one roster the first row that
 * names a person decides their details; a later row that disagrees gets
 * a warning, not a change, so that the result does not depend on the
 * order of a second import.
 *
 * 现居住地 "柳树村3组15号": the group is the first number followed by 组,
 * 社 or 队 (a 第 before it included), together with what follows it
 * (the house number stays with the group: "3组15号"); the village is what
 * comes before.  Without a group, all of it is the village.  The export
 * writes village and group together again, so the split is the same.
 *
 * The export reads the database in one read transaction into a private
 * temporary file, and only after the transaction has ended copies it to
 * standard output or renames it into place: a slow pipe never holds a
 * transaction open.  The ID number is written after a tab character, the
 * usual way to stop Excel and WPS from turning it into 4.30523E+17; the
 * import trims it again.  A person's second phone number is written only
 * for a guardian who is also a parent (where the import put it).
 */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>

#include "codec.h"
#include "csvw.h"
#include "i18n.h"
#include "model.h"
#include "rec.h"
#include "roster.h"
#include "schema.h"
#include "util.h"
#include "validate.h"

#define CHUNK		65536		/* bytes read at a time */
#define MAX_FIELD	(1 << 20)	/* a longer field is an unclosed quote */
#define MAX_FIELDS	512		/* fields kept of one row */
#define HEADER_SEARCH	10		/* rows searched for the header */
#define MAX_BAD_LINES	20		/* encoding problems named one by one */
#define SHOWN_CHARS	40		/* of a value quoted in a message */

/* ---- the columns ---- */

enum role { ROLE_NONE, ROLE_GUARDIAN, ROLE_FATHER, ROLE_MOTHER };

enum col {
	COL_SCHOOL, COL_GRADE, COL_CLASS, COL_NAME, COL_SEX, COL_ETHNICITY,
	COL_BIRTH, COL_IDNUM, COL_ADDRESS, COL_BOARDING, COL_FATHER_NAME,
	COL_FATHER_WORK, COL_FATHER_PHONE, COL_MOTHER_NAME, COL_MOTHER_WORK,
	COL_MOTHER_PHONE, COL_GUARDIAN_NAME, COL_GUARDIAN_RELATION,
	COL_GUARDIAN_PHONE, COL_GUARDIANSHIP, COL_MENTOR, COL_NOTES, COL__N
};

enum {
	CF_REQUIRED = 1 << 0,	/* the column must be there */
	CF_SCHOOL = 1 << 1,	/* required unless --school is given */
	CF_ADDRESS = 1 << 2	/* village and group together */
};

struct column {
	const char	*zh;	/* the header as schools write it */
	const char	*en;	/* the English alias */
	const char	*also;	/* other headers seen in rosters, '|'-separated */
	enum rtype	 rt;	/* the record the column feeds */
	int		 field;	/* and the field of that record */
	enum role	 role;	/* whose, for contact and link columns */
	unsigned	 flags;
};

static const struct column columns[COL__N] = {
	[COL_SCHOOL] = { "学校", "school", "学校名称", RT_SCHOOL,
	    SCHOOL_NAME, ROLE_NONE, CF_SCHOOL },
	[COL_GRADE] = { "年级", "grade", NULL, RT_CHILD, CHILD_GRADE,
	    ROLE_NONE, CF_REQUIRED },
	[COL_CLASS] = { "班级", "class", "班别", RT_CHILD, CHILD_CLASS,
	    ROLE_NONE, CF_REQUIRED },
	[COL_NAME] = { "姓名", "name", "学生姓名|儿童姓名", RT_CHILD,
	    CHILD_NAME, ROLE_NONE, CF_REQUIRED },
	[COL_SEX] = { "性别", "sex", NULL, RT_CHILD, CHILD_SEX, ROLE_NONE,
	    CF_REQUIRED },
	[COL_ETHNICITY] = { "民族", "ethnicity", NULL, RT_CHILD,
	    CHILD_ETHNICITY, ROLE_NONE, 0 },
	[COL_BIRTH] = { "出生日期", "birth_date", "出生年月日", RT_CHILD,
	    CHILD_BIRTH, ROLE_NONE, CF_REQUIRED },
	[COL_IDNUM] = { "身份证号", "id_number",
	    "身份证号码|公民身份证号码", RT_CHILD, CHILD_IDNUM, ROLE_NONE, 0 },
	[COL_ADDRESS] = { "现居住地", "address", "现住址|家庭住址", RT_CHILD,
	    CHILD_VILLAGE, ROLE_NONE, CF_ADDRESS },
	[COL_BOARDING] = { "是否寄宿", "boarding", "寄宿", RT_CHILD,
	    CHILD_BOARDING, ROLE_NONE, 0 },
	[COL_FATHER_NAME] = { "父亲姓名", "father_name", NULL, RT_CONTACT,
	    CONTACT_NAME, ROLE_FATHER, 0 },
	[COL_FATHER_WORK] = { "父亲务工地点", "father_workplace", NULL,
	    RT_CONTACT, CONTACT_WORKPLACE, ROLE_FATHER, 0 },
	[COL_FATHER_PHONE] = { "父亲电话", "father_phone", "父亲联系电话",
	    RT_CONTACT, CONTACT_PHONE1, ROLE_FATHER, 0 },
	[COL_MOTHER_NAME] = { "母亲姓名", "mother_name", NULL, RT_CONTACT,
	    CONTACT_NAME, ROLE_MOTHER, 0 },
	[COL_MOTHER_WORK] = { "母亲务工地点", "mother_workplace", NULL,
	    RT_CONTACT, CONTACT_WORKPLACE, ROLE_MOTHER, 0 },
	[COL_MOTHER_PHONE] = { "母亲电话", "mother_phone", "母亲联系电话",
	    RT_CONTACT, CONTACT_PHONE1, ROLE_MOTHER, 0 },
	[COL_GUARDIAN_NAME] = { "监护人姓名", "guardian_name",
	    "委托监护人姓名", RT_CONTACT, CONTACT_NAME, ROLE_GUARDIAN, 0 },
	[COL_GUARDIAN_RELATION] = { "监护人关系", "guardian_relation",
	    "与监护人关系|监护人与儿童关系", RT_LINK, LINK_RELATION,
	    ROLE_GUARDIAN, 0 },
	[COL_GUARDIAN_PHONE] = { "监护人电话", "guardian_phone",
	    "监护人联系电话", RT_CONTACT, CONTACT_PHONE1, ROLE_GUARDIAN, 0 },
	[COL_GUARDIANSHIP] = { "监护情况", "guardianship", NULL, RT_CHILD,
	    CHILD_GUARDIANSHIP, ROLE_NONE, 0 },
	[COL_MENTOR] = { "帮扶教师", "mentor", "结对教师|结对帮扶教师",
	    RT_STAFF, STAFF_NAME, ROLE_NONE, 0 },
	[COL_NOTES] = { "备注", "notes", NULL, RT_CHILD, CHILD_NOTES,
	    ROLE_NONE, 0 },
};

/* Headers of columns that are read past without a warning. */
static const char *const ignored_headers[] = { "序号", "no" };

/* Grades as a Chinese school writes them; val_grade() reads them back. */
static const char *const grade_zh[9] = {
	"一年级", "二年级", "三年级", "四年级", "五年级", "六年级",
	"初一", "初二", "初三"
};

static const struct field *
col_field(enum col c)
{
	return &schema_of(columns[c].rt)->fields[columns[c].field];
}

/* The column of a person's contact field, or COL__N when none. */
static enum col
role_col(enum role role, int field)
{
	int c;

	for (c = 0; c < COL__N; c++)
		if (columns[c].rt == RT_CONTACT && columns[c].role == role &&
		    columns[c].field == field)
			return c;
	return COL__N;
}

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

#define COL_IGNORED (-2)

/* The column a header names, COL_IGNORED, or -1 when unknown. */
static int
column_by_header(const char *header)
{
	char *k = header_key(header);
	size_t i;
	int c, found = -1;

	for (c = 0; c < COL__N && found == -1; c++)
		if (strcmp(k, columns[c].zh) == 0 ||
		    strcmp(k, columns[c].en) == 0 ||
		    in_bar_list(columns[c].also, k))
			found = c;
	for (i = 0; i < nitems(ignored_headers) && found == -1; i++)
		if (strcmp(k, ignored_headers[i]) == 0)
			found = COL_IGNORED;
	free(k);
	return found;
}

/* ---- a small hash map from 64-bit keys to 32-bit values ---- */

struct hmap {
	uint64_t	*k;
	uint32_t	*v;
	size_t		 n;
	size_t		 cap;
};

static uint64_t
hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	while (n-- > 0)
		h = (h ^ *s++) * 0x100000001b3ULL;
	return h;
}

/* Adds a string and a separator, so that ("ab", "c") != ("a", "bc"). */
static uint64_t
hash_str(uint64_t h, const char *s)
{
	if (s != NULL)
		h = hash_bytes(h, s, strlen(s));
	return hash_bytes(h, "", 1);
}

static uint64_t
hash_start(int kind)
{
	return 0xcbf29ce484222325ULL ^ (uint64_t)kind;
}

static uint64_t
hash_end(uint64_t h)
{
	h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
	h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return h != 0 ? h : 1;	/* 0 marks an empty slot */
}

static size_t
hm_find(const struct hmap *m, uint64_t key)
{
	size_t i, mask = m->cap - 1;

	for (i = (size_t)key & mask; m->k[i] != 0 && m->k[i] != key;
	    i = (i + 1) & mask)
		;
	return i;
}

/* The value of key, or 0 when there is none (values are never 0). */
static uint32_t
hm_get(const struct hmap *m, uint64_t key)
{
	return m->cap == 0 ? 0 : m->v[hm_find(m, key)];
}

static void
hm_put(struct hmap *m, uint64_t key, uint32_t value)
{
	struct hmap g;
	size_t i, j;

	if ((m->n + 1) * 2 > m->cap) {
		g.cap = m->cap ? m->cap * 2 : 1024;
		g.n = m->n;
		g.k = xcalloc(g.cap, sizeof *g.k);
		g.v = xcalloc(g.cap, sizeof *g.v);
		for (i = 0; i < m->cap; i++) {
			if (m->k[i] == 0)
				continue;
			j = hm_find(&g, m->k[i]);
			g.k[j] = m->k[i];
			g.v[j] = m->v[i];
		}
		free(m->k);
		free(m->v);
		*m = g;
	}
	i = hm_find(m, key);
	if (m->k[i] == 0)
		m->n++;
	m->k[i] = key;
	m->v[i] = value;
}

static void
hm_free(struct hmap *m)
{
	free(m->k);
	free(m->v);
	memset(m, 0, sizeof *m);
}

/*
 * A record's key: its kind and id side by side, so that two records never
 * share one (never 0: kind is not).  The table's slot is the id's low
 * bits, and ids are dense, so they spread well enough.
 */
static uint64_t
id_key(int kind, uint32_t id)
{
	return (uint64_t)kind << 32 | id;
}

/*
 * --school, for the import and the export alike, in the form a school's
 * name is stored in: 0 with *out (the caller frees it), or SH_EINVAL with
 * *cause.
 */
static int
school_option(const char *given, char **out, char **cause)
{
	char *why = NULL;

	if (field_normalize(&schema_of(RT_SCHOOL)->fields[SCHOOL_NAME], given,
	    out, &why) == 0 && **out != '\0')
		return 0;
	set_cause(cause, "--school \"%s\": %s", given, why != NULL ? why :
	    _("empty"));
	free(why);
	free(*out);
	*out = NULL;
	return SH_EINVAL;
}

/* ---- the state of an import ---- */

/* Staff looked up in this run: school, name and what was found. */
struct staffent {
	uint32_t	 school;
	char		*name;
	uint32_t	 id;		/* 0: to be made; UINT32_MAX: ambiguous */
};

struct imp {
	struct db		*db;
	const struct roster_opts *o;
	struct roster_summary	*sum;
	FILE			*f;
	const char		*name;		/* the file, as named in messages */
	enum roster_encoding	 enc;
	size_t			 size;		/* of the file, for progress */
	char			 today[11];
	char			*school;	/* --school, normalised */

	/* The header. */
	bool			 have_header;
	bool			 damaged;	/* a row before it was mojibake */
	int			 at[COL__N];	/* field of each column, or -1 */
	char			*hdr[COL__N];	/* each column's header as written */
	size_t			 nhdr;		/* fields in the header row */
	bool			*unnamed;	/* per field: its header is empty */
	bool			*unnamed_warned;

	/* Pass 2 (check). */
	FILE			*spool;		/* the good rows, normalised */
	size_t			 spooled;	/* bytes in it */
	struct buf		 sbuf;
	struct hmap		 keys;		/* children's keys -> line */
	size_t			 rows, bad, errors, warnings;

	/* Pass 3 (apply); reset at each run of the transaction. */
	bool			 applying;
	struct hmap		 seen;		/* child id -> line | SEEN_NEW */
	struct hmap		 touched;	/* contact id -> line */
	struct hmap		 nophone;	/* person without phone -> id */
	struct hmap		 staffix;	/* school, name -> staffent + 1 */
	struct staffent		*staff;
	size_t			 nstaff, capstaff;
	char			**schools;	/* names looked up: id in sids */
	uint32_t		*sids;
	size_t			 nschools;
	char			**deferred;	/* problems to report afterwards */
	size_t			 ndeferred;
	size_t			 run_bad, run_errors, run_warnings;
	size_t			 progress_shown; /* never less, on a rerun */
	size_t			*bad_lines;	/* pass 2's, then pass 3's */
	size_t			 capbad;
};

/* Notes a bad row's line; pass 3's are dropped when it runs again. */
static void
bad_line(struct imp *im, size_t line)
{
	size_t n = im->bad + im->run_bad;

	if (n == im->capbad) {
		im->capbad = im->capbad ? im->capbad * 2 : 64;
		im->bad_lines = xreallocarray(im->bad_lines, im->capbad,
		    sizeof *im->bad_lines);
	}
	im->bad_lines[n] = line;
	if (im->applying)
		im->run_bad++;
	else
		im->bad++;
}

/* A value as quoted in a message: one line, not too long. */
static char *
shown(const char *s)
{
	struct buf b = { 0 };
	size_t n = strlen(s), chars = 0;
	uint32_t cp;
	int k;

	for (; n > 0 && chars < SHOWN_CHARS; s += k, n -= k, chars++) {
		if ((k = u8_decode(s, n, &cp)) < 0)
			k = 1;
		if (cp == '\r' || cp == '\n' || cp == '\t')
			buf_addc(&b, ' ');
		else
			buf_add(&b, s, k);
	}
	if (n > 0)
		buf_addstr(&b, "...");
	return buf_take(&b);
}

static void
deliver(struct imp *im, char *line)
{
	if (im->applying) {
		strv_push(&im->deferred, &im->ndeferred, line);
		return;
	}
	if (im->o->message != NULL)
		im->o->message(line, im->o->arg);
	free(line);
}

static void report(struct imp *, size_t line, bool error, const char *, ...)
    SH_PRINTF(4, 5);

/*
 * Reports a problem at a line (0: the file as a whole): live while the
 * file is checked, held back while it is applied.
 */
static void
report(struct imp *im, size_t line, bool error, const char *fmt, ...)
{
	va_list ap;
	char *msg, *full;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (line == 0)
		full = xasprintf("%s: %s%s", im->name, error ? "" :
		    _("warning: "), msg);
	else
		full = xasprintf("%s:%zu: %s%s", im->name, line, error ? "" :
		    _("warning: "), msg);
	free(msg);
	if (im->applying) {
		if (error)
			im->run_errors++;
		else
			im->run_warnings++;
	} else if (error)
		im->errors++;
	else
		im->warnings++;
	deliver(im, full);
}

/* A column's header as written in the file (or as the table has it). */
static const char *
hdr(const struct imp *im, enum col c)
{
	return im->hdr[c] != NULL ? im->hdr[c] : columns[c].zh;
}

/* A problem with a cell: `header "value": reason`. */
static void
report_cell(struct imp *im, size_t line, bool error, enum col c,
    const char *value, const char *reason)
{
	char *v = shown(value);

	report(im, line, error, "%s \"%s\": %s", hdr(im, c), v, reason);
	free(v);
}

/*
 * Progress of pass 2 (done: bytes of the file) or pass 3 (bytes of the
 * spool), as one count up to PROGRESS_PARTS times the file's size: the
 * writing takes about three times as long as the checking.  A second run
 * of pass 3 (after the map grew) does not count down.  The caller hears
 * of it only when it has moved on by a PROGRESS_STEPS'th of the total,
 * and at the end: at most about PROGRESS_STEPS times, however long the
 * roster (the screens draw a bar each time, with the write lock held).
 */
#define PROGRESS_PARTS 4
#define PROGRESS_STEPS 1000

static void
progress(struct imp *im, size_t done)
{
	double part;
	size_t at, total = PROGRESS_PARTS * im->size;
	size_t step = total / PROGRESS_STEPS;

	if (im->o->progress == NULL || im->size == 0)
		return;
	if (!im->applying)
		at = done < im->size ? done : im->size;
	else {
		part = im->spooled > 0 ? (double)done / (double)im->spooled : 1;
		at = im->size + (size_t)((double)im->size *
		    (PROGRESS_PARTS - 1) * (part < 1 ? part : 1));
	}
	if (at <= im->progress_shown ||
	    (at < total && at - im->progress_shown < step))
		return;
	im->progress_shown = at;
	im->o->progress(at, total, im->o->arg);
}

/* ---- line numbers ---- */

/* CR LF, LF and a lone CR each end a line. */
struct lines {
	size_t	line;
	bool	cr;
};

static void
lines_init(struct lines *l)
{
	l->line = 1;
	l->cr = false;
}

static void
lines_byte(struct lines *l, unsigned char c)
{
	if (c == '\r') {
		l->line++;
		l->cr = true;
	} else {
		if (c == '\n' && !l->cr)
			l->line++;
		l->cr = false;
	}
}

/* ---- pass 1: the bytes ---- */

struct sniff {
	struct imp	*im;
	struct lines	 lines;
	size_t		 last_bad;	/* the last line reported */
	size_t		 nbad;		/* lines with bad bytes */
	size_t		 invalid;	/* bad sequences */
	size_t		 multibyte;	/* good multibyte sequences */
	bool		 report;	/* report the lines (else count) */
	const char	*what;		/* "UTF-8" or "GB18030" */
	size_t		 nul_line;	/* the first line with a NUL, or 0 */
};

/* A byte that is a character by itself (ASCII): counts lines and NULs. */
static void
sniff_ascii(struct sniff *s, unsigned char c)
{
	if (c == '\0' && s->nul_line == 0)
		s->nul_line = s->lines.line;
	lines_byte(&s->lines, c);
}

static void
sniff_bad(struct sniff *s, const unsigned char *p, size_t n)
{
	char hex[32];
	size_t i, o = 0;

	s->invalid++;
	if (s->lines.line == s->last_bad)
		return;
	s->last_bad = s->lines.line;
	if (++s->nbad > MAX_BAD_LINES || !s->report)
		return;
	for (i = 0; i < n && i < 4; i++)
		o += snprintf(hex + o, sizeof hex - o, "%s0x%02X",
		    i ? " " : "", p[i]);
	report(s->im, s->lines.line, true, _("bytes that are not %s text "
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
			lines_byte(&s->lines, p[i]);
			i++;
		} else {
			s->multibyte++;
			s->lines.cr = false;
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
		for (; done < (const unsigned char *)ip; done++)
			sniff_ascii(s, *done);
		if (r != (size_t)-1 || il == 0 || errno == E2BIG)
			continue;
		if (errno == EINVAL && !at_end)
			return (size_t)(ip - (char *)p);
		sniff_bad(s, (const unsigned char *)ip, il);
		lines_byte(&s->lines, (unsigned char)*ip);
		ip++;
		il--;
		done++;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	return n;
}

/*
 * Reads the whole file through one of the checks, and notes its size:
 * 0 or -1 (read error).
 */
static int
sniff_file(struct sniff *s, iconv_t cd, char **cause)
{
	struct imp *im = s->im;
	unsigned char buf[CHUNK];
	size_t have = 0, n, used;
	bool end;

	lines_init(&s->lines);
	im->size = 0;
	if (fseek(im->f, 0, SEEK_SET) != 0) {
		set_cause(cause, _("cannot read %s: %s"), im->name,
		    strerror(errno));
		return -1;
	}
	for (;;) {
		n = fread(buf + have, 1, sizeof buf - have, im->f);
		if (n == 0 && ferror(im->f)) {
			set_cause(cause, _("cannot read %s: %s"), im->name,
			    strerror(errno));
			return -1;
		}
		have += n;
		im->size += n;
		end = n == 0;
		if (have == 0)
			break;
		used = cd != (iconv_t)-1 ? sniff_gb(s, cd, buf, have, end) :
		    sniff_utf8(s, buf, have, end);
		memmove(buf, buf + used, have - used);
		have -= used;
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
sniff_signature(struct imp *im, bool *bom, char **cause)
{
	unsigned char head[8];
	size_t n;

	*bom = false;
	if (fseek(im->f, 0, SEEK_SET) != 0) {
		set_cause(cause, _("cannot read %s: %s"), im->name,
		    strerror(errno));
		return -1;
	}
	n = fread(head, 1, sizeof head, im->f);
	if (n == 0 && ferror(im->f)) {
		set_cause(cause, _("cannot read %s: %s"), im->name,
		    strerror(errno));
		return -1;
	}
	if (n == 0) {
		set_cause(cause, _("%s is empty"), im->name);
		return -1;
	}
	if (starts_with(head, n, "PK\x03\x04", 4) ||
	    starts_with(head, n, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8)) {
		set_cause(cause, _("%s is an Excel or WPS workbook, not CSV: "
		    "open it and save it as CSV (UTF-8, or plain CSV)"),
		    im->name);
		return -1;
	}
	if (starts_with(head, n, "\xff\xfe", 2) ||
	    starts_with(head, n, "\xfe\xff", 2)) {
		set_cause(cause, _("%s is UTF-16 text (\"Unicode text\"), "
		    "which is not read: save it as CSV (UTF-8)"), im->name);
		return -1;
	}
	*bom = starts_with(head, n, "\xef\xbb\xbf", 3);
	return 0;
}

static int
sniff_failed(struct imp *im, struct sniff *s, char **cause)
{
	if (s->nbad > MAX_BAD_LINES)
		report(im, 0, true, P_("and %zu more line with such bytes",
		    "and %zu more lines with such bytes",
		    s->nbad - MAX_BAD_LINES), s->nbad - MAX_BAD_LINES);
	set_cause(cause, _("%s is not %s text throughout: correct the lines "
	    "named, or save the file again as CSV"), im->name, s->what);
	return SH_EINVAL;
}

/*
 * One pass of the file through the UTF-8 check (cd (iconv_t)-1) or the
 * GB18030 one, reporting the bad lines or only counting them: 0, or
 * SH_EDB with *cause.
 */
static int
sniff_run(struct imp *im, struct sniff *s, iconv_t cd, bool report,
    char **cause)
{
	memset(s, 0, sizeof *s);
	s->im = im;
	s->what = cd != (iconv_t)-1 ? "GB18030" : "UTF-8";
	s->report = report;
	if (cd != (iconv_t)-1)
		iconv(cd, NULL, NULL, NULL, NULL);
	return sniff_file(s, cd, cause) != 0 ? SH_EDB : 0;
}

/*
 * Pass 1: chooses im->enc, or refuses the file.  The first reading, in
 * the encoding given (else as UTF-8), is quiet and also looks for NUL
 * bytes: a UTF-8 file, or one said to be GB18030, is read once.  Other
 * GB18030 text is read a second time, and a refused file is read again
 * to name its bad lines.
 */
static int
sniff_encoding(struct imp *im, char **cause)
{
	struct sniff s;
	iconv_t cd = (iconv_t)-1;
	enum roster_encoding want = im->o->encoding;
	bool bom;
	int rc;

	if (sniff_signature(im, &bom, cause) != 0)
		return SH_EINVAL;
	if (want == ROSTER_ENC_GB18030)
		cd = iconv_open("UTF-8", "GB18030");
	if ((rc = sniff_run(im, &s, cd, false, cause)) != 0)
		goto out;
	if (s.nul_line != 0) {
		report(im, s.nul_line, true, "%s", _("a NUL byte: this is not "
		    "a text file"));
		set_cause(cause, _("%s is not a CSV text file"), im->name);
		rc = SH_EINVAL;
		goto out;
	}
	if (bom && want == ROSTER_ENC_GB18030) {
		set_cause(cause, _("%s starts with the mark of UTF-8 text, but "
		    "--encoding gb18030 was given"), im->name);
		rc = SH_EINVAL;
		goto out;
	}
	if (want != ROSTER_ENC_GB18030) {
		if (s.invalid == 0) {
			im->enc = ROSTER_ENC_UTF8;
			goto out;
		}
		/*
		 * UTF-8 it is, when said or marked, or when it is mostly
		 * UTF-8 with a few damaged places: name them, rather than
		 * read it all as GB18030 gibberish.
		 */
		if (want == ROSTER_ENC_UTF8 || bom || s.multibyte > s.invalid) {
			if ((rc = sniff_run(im, &s, (iconv_t)-1, true,
			    cause)) == 0)
				rc = sniff_failed(im, &s, cause);
			goto out;
		}
		cd = iconv_open("UTF-8", "GB18030");
	}
	if (cd == (iconv_t)-1) {
		set_cause(cause, _("%s is not UTF-8, and this system cannot "
		    "convert GB18030: save the roster as CSV (UTF-8)"),
		    im->name);
		rc = SH_EINVAL;
		goto out;
	}
	/* Read as GB18030, reporting: not yet, or only counted. */
	if ((want != ROSTER_ENC_GB18030 || s.invalid > 0) &&
	    (rc = sniff_run(im, &s, cd, true, cause)) != 0)
		goto out;
	if (s.invalid > 0)
		rc = sniff_failed(im, &s, cause);
	else
		im->enc = ROSTER_ENC_GB18030;
out:
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	return rc;
}

/* ---- reading rows ---- */

struct rawrow {
	size_t		 line;		/* where the row starts */
	char		**f;		/* its fields, valid UTF-8 */
	size_t		 nf;
	size_t		 nall;		/* fields, also those not kept */
	bool		 overflow;	/* more than MAX_FIELDS fields */
	const char	*err;		/* a syntax error (translated), or NULL */
	size_t		 err_line;
};

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
	bool			 in_row;
	bool			 skip_line;	/* up to the end of the line */
	size_t			 row_line;
	struct csv_parser	 p;
	struct buf		 fb;		/* the fields of the row */
	size_t			*offs;
	size_t			 nf, capf, nall;
	bool			 overflow;
	bool			 ready;
	bool			 handed;	/* the row is out: reset next */
	char			**out;
};

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

static int
rd_open(struct reader *r, FILE *f, const char *name, enum roster_encoding enc,
    char **cause)
{
	memset(r, 0, sizeof *r);
	r->f = f;
	r->name = name;
	r->cd = (iconv_t)-1;
	lines_init(&r->lines);
	if (fseek(f, 0, SEEK_SET) != 0) {
		set_cause(cause, _("cannot read %s: %s"), name,
		    strerror(errno));
		return -1;
	}
	if (enc == ROSTER_ENC_GB18030 &&
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

static void
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
rd_take(struct reader *r, struct rawrow *row)
{
	size_t i;

	free(r->out);
	r->out = xcalloc(r->nf + 1, sizeof *r->out);
	for (i = 0; i < r->nf; i++)
		r->out[i] = r->fb.s + r->offs[i];
	memset(row, 0, sizeof *row);
	row->line = r->row_line;
	row->f = r->out;
	row->nf = r->nf;
	row->nall = r->nall;
	row->overflow = r->overflow;
	r->ready = false;
	r->handed = true;
}

/* After a syntax error: a fresh parser from the next line on. */
static int
rd_error(struct reader *r, struct rawrow *row, const char *why)
{
	size_t line = r->in_row ? r->row_line : r->lines.line;

	csv_free(&r->p);
	if (rd_parser(r) != 0)
		return -1;
	rd_discard(r);
	memset(row, 0, sizeof *row);
	row->line = line;
	row->err = why;
	row->err_line = r->lines.line;
	r->in_row = false;
	return 1;
}

/* Counts the line end at the end of a segment of e bytes at s. */
static void
rd_lines(struct reader *r, const char *s, size_t e)
{
	if (e > 1 || (s[0] != '\r' && s[0] != '\n'))
		r->lines.cr = false;
	if (s[e - 1] == '\r' || s[e - 1] == '\n') {
		lines_byte(&r->lines, (unsigned char)s[e - 1]);
		r->skip_line = false;
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
static int
rd_next(struct reader *r, struct rawrow *row, char **cause)
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
			}
			got = csv_parse(&r->p, s, e, rd_field, rd_row, r);
		}
		r->dpos += e;
		if (got < e) {
			if (csv_error(&r->p) != CSV_EPARSE) {
				set_cause(cause, _("%s:%zu: a field longer than %d "
				    "bytes: is a quote not closed?"), r->name,
				    r->row_line, MAX_FIELD);
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

/* ---- the header ---- */

static void
header_reset(struct imp *im)
{
	int c;

	for (c = 0; c < COL__N; c++) {
		free(im->hdr[c]);
		im->hdr[c] = NULL;
		im->at[c] = -1;
	}
	free(im->unnamed);
	im->unnamed = NULL;
	free(im->unnamed_warned);
	im->unnamed_warned = NULL;
	im->nhdr = 0;
}

static size_t
known_headers(const struct rawrow *row)
{
	size_t i, n = 0;

	for (i = 0; i < row->nf; i++)
		if (column_by_header(row->f[i]) != -1)
			n++;
	return n;
}

/*
 * Takes a row as the header: 0, or SH_EINVAL with *cause when a column
 * is there twice or a required one is missing.
 */
static int
header_take(struct imp *im, const struct rawrow *row, char **cause)
{
	size_t i, n;
	int c, missing = 0;
	char *t;

	header_reset(im);
	im->nhdr = row->nf;
	im->unnamed = xcalloc(row->nf + 1, sizeof *im->unnamed);
	im->unnamed_warned = xcalloc(row->nf + 1, sizeof *im->unnamed_warned);
	for (i = 0; i < row->nf; i++) {
		t = str_trim(row->f[i]);
		c = column_by_header(t);
		if (c >= 0 && im->at[c] >= 0) {
			report(im, row->line, true, _("the column %s is there "
			    "twice (columns %d and %zu)"), t, im->at[c] + 1,
			    i + 1);
			missing++;
		} else if (c >= 0) {
			im->at[c] = (int)i;
			im->hdr[c] = xstrdup(t);
		} else if (c == -1 && *t != '\0')
			report(im, row->line, false, _("the column \"%s\" is "
			    "not known and is ignored"), t);
		else if (*t == '\0')
			im->unnamed[i] = true;
		free(t);
	}
	for (c = 0; c < COL__N; c++) {
		if (im->at[c] >= 0 || !((columns[c].flags & CF_REQUIRED) ||
		    ((columns[c].flags & CF_SCHOOL) && im->school == NULL)))
			continue;
		if (columns[c].flags & CF_SCHOOL)
			report(im, row->line, true, _("there is no column %s "
			    "(%s): add it, or give the school with --school"),
			    columns[c].zh, columns[c].en);
		else
			report(im, row->line, true, _("there is no column %s "
			    "(%s), which is required"), columns[c].zh,
			    columns[c].en);
		missing++;
	}
	if (missing > 0) {
		n = (size_t)missing;
		set_cause(cause, P_("the header row of %s has %zu problem",
		    "the header row of %s has %zu problems", n), im->name, n);
		return SH_EINVAL;
	}
	im->have_header = true;
	return 0;
}

/* ---- checking a row ---- */

/* One person of a row: a parent or the guardian. */
struct person {
	enum role	 role;		/* whose columns: */
	enum col	 cname, cwork, cphone;	/* (COL__N: none) */
	const char	*name;
	const char	*phone;
	const char	*phone2;	/* the guardian's, for a parent who is one */
	const char	*work;
	const char	*relation;	/* the link's relation */
	bool		 relation_given; /* else kept on an existing link */
	bool		 guardian;	/* the entrusted guardian */
};

struct rowvals {
	size_t		 line;
	char		*v[COL__N];	/* normal forms, NULL when empty */
	char		*village;
	char		*group;
	const char	*school;	/* v[COL_SCHOOL] or --school */
	const char	*lbtype;	/* left-behind type, when derived */
	bool		 names_guardian;
	struct person	 p[3];		/* in call order */
	int		 np;
};

static void
rowvals_free(struct rowvals *rv)
{
	int c;

	for (c = 0; c < COL__N; c++)
		free(rv->v[c]);
	free(rv->village);
	free(rv->group);
	memset(rv, 0, sizeof *rv);
}

/* Whether a cell holds only white space (the ideographic space too). */
static bool
cell_empty(const char *s)
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

/* The raw cell of a column in a row: "" when missing. */
static const char *
cell(const struct imp *im, const struct rawrow *row, enum col c)
{
	return im->at[c] >= 0 && (size_t)im->at[c] < row->nf ?
	    row->f[im->at[c]] : "";
}

static bool
has_high_bytes(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return true;
	return false;
}

static const char *
skip_back_numeral(const char *start, const char *p)
{
	static const char *const zh[] = {
		"〇", "零", "一", "二", "三", "四", "五", "六", "七", "八", "九",
		"十"
	};
	size_t i;
	bool more = true;

	while (more) {
		more = false;
		if (p > start && p[-1] >= '0' && p[-1] <= '9') {
			p--;
			more = true;
			continue;
		}
		for (i = 0; i < nitems(zh) && !more; i++) {
			if (p - start >= 3 && memcmp(p - 3, zh[i], 3) == 0) {
				p -= 3;
				more = true;
			}
		}
	}
	return p;
}

/* Splits 现居住地 (already trimmed, halfwidth); see the top of the file. */
static void
split_address(const char *s, char **village, char **group)
{
	static const char *const units[] = { "组", "社", "队" };
	const char *p, *num;
	size_t i;

	for (p = s; *p != '\0'; p++) {
		for (i = 0; i < nitems(units); i++) {
			if (strncmp(p, units[i], 3) != 0)
				continue;
			num = skip_back_numeral(s, p);
			if (num == p)
				continue;
			if (num - s >= 3 && memcmp(num - 3, "第", 3) == 0)
				num -= 3;
			*village = xstrndup(s, (size_t)(num - s));
			*group = xstrdup(num);
			return;
		}
	}
	*village = xstrdup(s);
	*group = xstrdup("");
}

static bool
damaged(const char *raw)
{
	return has_high_bytes(raw) && val_mojibake(raw);
}

static void
report_damaged(struct imp *im, size_t line, enum col c, const char *raw)
{
	report_cell(im, line, true, c, raw, _("damaged text, from a wrong "
	    "conversion between encodings (like 锟斤拷): correct it in the "
	    "spreadsheet"));
}

/* An empty normal form is no value: NULL. */
static void
empty_to_null(char **s)
{
	if (*s != NULL && **s == '\0') {
		free(*s);
		*s = NULL;
	}
}

/*
 * Normalises a cell through its field; reports a bad value (as damaged
 * text when it is).  Returns 0 with *out (NULL for an empty cell) or -1.
 */
static int
norm_cell(struct imp *im, size_t line, enum col c, const char *raw,
    char **out)
{
	char *reason = NULL;

	*out = NULL;
	/* '=... is how an export keeps a cell from being a formula. */
	if (raw[0] == '\'' && raw[1] != '\0' && strchr("=+-@", raw[1]))
		raw++;
	if (field_normalize(col_field(c), raw, out, &reason) != 0) {
		if (damaged(raw))
			report_damaged(im, line, c, raw);
		else
			report_cell(im, line, true, c, raw, reason != NULL ?
			    reason : _("invalid value"));
		free(reason);
		return -1;
	}
	empty_to_null(out);
	return 0;
}

/* 现居住地: village and group, each through its field. */
static int
norm_address(struct imp *im, size_t line, const char *raw,
    struct rowvals *rv)
{
	const struct schema *sc = schema_of(RT_CHILD);
	char *h = str_halfwidth(raw), *t = str_trim(h), *v = NULL, *g = NULL;
	char *reason = NULL, *msg;
	int rc = 0, i;
	const int fields[2] = { CHILD_VILLAGE, CHILD_GROUP };
	char **outs[2] = { &rv->village, &rv->group };
	char *parts[2];

	free(h);
	split_address(t, &v, &g);
	parts[0] = v;
	parts[1] = g;
	for (i = 0; i < 2 && rc == 0; i++) {
		if (field_normalize(&sc->fields[fields[i]], parts[i], outs[i],
		    &reason) != 0) {
			msg = xasprintf("%s: %s", _(sc->fields[fields[i]].label),
			    reason);
			report_cell(im, line, true, COL_ADDRESS, raw, msg);
			free(msg);
			free(reason);
			reason = NULL;
			rc = -1;
		} else
			empty_to_null(outs[i]);
	}
	free(v);
	free(g);
	free(t);
	return rc;
}

/*
 * Grade and class: each in its column, or both in one ("三年级2班",
 * "3-2", "三(2)班") in either column when the other is empty, or
 * "三年级2班" in 班级 beside 三年级 in 年级.
 */
static int
norm_grade_class(struct imp *im, size_t line, const struct rawrow *row,
    struct rowvals *rv)
{
	const char *g = cell(im, row, COL_GRADE), *k = cell(im, row, COL_CLASS);
	char *pg = NULL, *pk = NULL, *why = NULL, *why2 = NULL;
	int rc = 0;

	if (cell_empty(g) != cell_empty(k) &&
	    class_parse(cell_empty(g) ? k : g, &pg, &pk, &why) == 0) {
		rv->v[COL_GRADE] = pg;
		rv->v[COL_CLASS] = pk;
		return 0;
	}
	free(why);
	why = NULL;
	if (norm_cell(im, line, COL_GRADE, g, &rv->v[COL_GRADE]) != 0)
		rc = -1;
	if (field_normalize(col_field(COL_CLASS), k, &rv->v[COL_CLASS],
	    &why) == 0) {
		empty_to_null(&rv->v[COL_CLASS]);
		return rc;
	}
	if (rv->v[COL_GRADE] != NULL && class_parse(k, &pg, &pk,
	    &why2) == 0 && strcmp(pg, rv->v[COL_GRADE]) == 0) {
		rv->v[COL_CLASS] = pk;
		free(pg);
		free(why);
		return rc;
	}
	free(pg);
	free(pk);
	free(why2);
	if (damaged(k))
		report_damaged(im, line, COL_CLASS, k);
	else
		report_cell(im, line, true, COL_CLASS, k, why != NULL ? why :
		    _("invalid value"));
	free(why);
	return -1;
}

static int
required(struct imp *im, size_t line, struct rowvals *rv, enum col c)
{
	if (rv->v[c] != NULL)
		return 0;
	report(im, line, true, _("%s is empty, but it is required"),
	    hdr(im, c));
	return -1;
}

/* The person of a role, from its columns. */
static void
person_of(struct rowvals *rv, enum role role, struct person *p)
{
	memset(p, 0, sizeof *p);
	p->role = role;
	p->cname = role_col(role, CONTACT_NAME);
	p->cwork = role_col(role, CONTACT_WORKPLACE);
	p->cphone = role_col(role, CONTACT_PHONE1);
	p->name = rv->v[p->cname];
	p->work = p->cwork != COL__N ? rv->v[p->cwork] : NULL;
	p->phone = p->cphone != COL__N ? rv->v[p->cphone] : NULL;
	p->relation = role == ROLE_FATHER ? "father" : role == ROLE_MOTHER ?
	    "mother" : rv->v[COL_GUARDIAN_RELATION];
	p->relation_given = p->relation != NULL;
	if (p->relation == NULL)
		p->relation = "other";
}

static bool
same_str(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* A person's name or phone given without the name. */
static int
person_alone(struct imp *im, bool quiet, const struct rowvals *rv,
    const struct person *p)
{
	if (p->name != NULL)
		return 0;
	if (p->phone != NULL) {
		if (!quiet)
			report(im, rv->line, true, _("%s is given, but not %s"),
			    hdr(im, p->cphone), hdr(im, p->cname));
		return -1;
	}
	if (p->work != NULL && !quiet)
		report(im, rv->line, false, _("%s is given, but not %s: no "
		    "contact is made (the work place still counts for the "
		    "left-behind type)"), hdr(im, p->cwork), hdr(im, p->cname));
	return 0;
}

/*
 * Whether the guardian g is the parent par: by the relation, or by the
 * same name when no other relation is given.  -1 when the row
 * contradicts itself (reported).
 */
static int
guardian_is(struct imp *im, bool quiet, const struct rowvals *rv,
    const struct person *g, const struct person *par)
{
	const char *rel = rv->v[COL_GUARDIAN_RELATION];
	bool by_relation = same_str(rel, par->relation);
	bool by_name = same_str(g->name, par->name);

	if (g->name == NULL || (!by_relation && !by_name))
		return 0;
	if (by_relation && par->name != NULL && !by_name) {
		if (!quiet)
			report(im, rv->line, true, _("%s is \"%s\", but %s is "
			    "\"%s\", not \"%s\""), hdr(im,
			    COL_GUARDIAN_RELATION), choice_find(
			    relation_choices, rel)->zh, hdr(im, par->cname),
			    par->name, g->name);
		return -1;
	}
	/* A grandmother named like the mother: the relation says two... */
	if (by_name && rel != NULL && !by_relation &&
	    strcmp(rel, "other") != 0) {
		/* ...but not with one phone number: nobody could tell. */
		if (same_str(g->phone, par->phone)) {
			if (!quiet)
				report(im, rv->line, true, _("%s and %s are both "
				    "\"%s\" with the same phone, but %s is "
				    "\"%s\""), hdr(im, COL_GUARDIAN_NAME),
				    hdr(im, par->cname), g->name,
				    hdr(im, COL_GUARDIAN_RELATION), choice_find(
				    relation_choices, rel)->zh);
			return -1;
		}
		return 0;
	}
	return 1;
}

/*
 * The people of a row, in the call order of a new card: the entrusted
 * guardian, the father, the mother.  A guardian who is a parent is
 * merged into the parent (a different phone of theirs kept as a second
 * number).  Also derives the left-behind type from the work places.
 */
static int
row_people(struct imp *im, bool quiet, struct rowvals *rv)
{
	struct person g, par[2];
	int i, is, bad = 0;

	person_of(rv, ROLE_GUARDIAN, &g);
	person_of(rv, ROLE_FATHER, &par[0]);
	person_of(rv, ROLE_MOTHER, &par[1]);
	if (person_alone(im, quiet, rv, &g) != 0)
		bad++;
	for (i = 0; i < 2; i++)
		if (person_alone(im, quiet, rv, &par[i]) != 0)
			bad++;
	if (same_str(par[0].name, par[1].name) &&
	    (par[0].phone == NULL || par[1].phone == NULL ||
	    strcmp(par[0].phone, par[1].phone) == 0)) {
		if (!quiet)
			report(im, rv->line, true, _("%s and %s name the "
			    "same person"), hdr(im, COL_FATHER_NAME),
			    hdr(im, COL_MOTHER_NAME));
		bad++;
	}
	for (i = 0; i < 2 && g.name != NULL; i++) {
		if ((is = guardian_is(im, quiet, rv, &g, &par[i])) < 0) {
			bad++;
			break;
		}
		if (is == 0)
			continue;
		par[i].name = g.name;
		if (par[i].phone == NULL)
			par[i].phone = g.phone;
		else if (g.phone != NULL && strcmp(g.phone, par[i].phone) != 0)
			par[i].phone2 = g.phone;
		par[i].guardian = true;
		g.name = NULL;
	}
	g.guardian = g.name != NULL;
	rv->names_guardian = g.guardian || par[0].guardian || par[1].guardian;
	rv->np = 0;
	for (i = 0; i < 2; i++)
		if (par[i].guardian)
			rv->p[rv->np++] = par[i];
	if (g.guardian)
		rv->p[rv->np++] = g;
	for (i = 0; i < 2; i++)
		if (par[i].name != NULL && !par[i].guardian)
			rv->p[rv->np++] = par[i];
	if (rv->v[COL_FATHER_WORK] != NULL && rv->v[COL_MOTHER_WORK] != NULL)
		rv->lbtype = "both";
	else if (rv->v[COL_FATHER_WORK] != NULL)
		rv->lbtype = "father";
	else if (rv->v[COL_MOTHER_WORK] != NULL)
		rv->lbtype = "mother";
	return bad > 0 ? -1 : 0;
}

/* Sex and birth date from the ID number, and whether they agree. */
static int
row_idnum(struct imp *im, struct rowvals *rv)
{
	char birth[11], *why = NULL;
	const char *id = rv->v[COL_IDNUM];

	if (id == NULL)
		return 0;
	if (rv->v[COL_BIRTH] == NULL) {
		idnum_birth(id, birth);
		if (*birth != '\0')
			rv->v[COL_BIRTH] = xstrdup(birth);
	}
	if (rv->v[COL_SEX] == NULL && *idnum_sex(id) != '\0')
		rv->v[COL_SEX] = xstrdup(idnum_sex(id));
	if (val_idnum_matches(id, rv->v[COL_BIRTH], rv->v[COL_SEX],
	    &why) != 0) {
		report_cell(im, rv->line, true, COL_IDNUM, id, why);
		free(why);
		return -1;
	}
	return 0;
}

/*
 * A row that is no child's: a note under the table ("填表人：张三",
 * "合计：56人").  At most two cells, none of them the sex, birth date or
 * ID number, and no name in 姓名 (a child's row that lacks the rest is
 * an error, not a note).
 */
static bool
note_row(const struct imp *im, const struct rawrow *row)
{
	size_t i, filled = 0;
	char *out = NULL, *why = NULL;
	bool named;

	if (!cell_empty(cell(im, row, COL_SEX)) ||
	    !cell_empty(cell(im, row, COL_BIRTH)) ||
	    !cell_empty(cell(im, row, COL_IDNUM)))
		return false;
	for (i = 0; i < row->nf; i++)
		if (!cell_empty(row->f[i]))
			filled++;
	if (filled > 2)
		return false;
	named = !cell_empty(cell(im, row, COL_NAME)) &&
	    val_name(cell(im, row, COL_NAME), &out, &why) == 0;
	free(out);
	free(why);
	return !named;
}

static const char *
first_cell(const struct rawrow *row)
{
	size_t i;

	for (i = 0; i < row->nf; i++)
		if (!cell_empty(row->f[i]))
			return row->f[i];
	return "";
}

/* In pass 3's map of children: made by this import (not found). */
#define SEEN_NEW 0x80000000u

/* A child seen twice in the file: by ID number, or by name and birth. */
static int
row_duplicate(struct imp *im, struct rowvals *rv)
{
	uint64_t kid = 0, kname;
	uint32_t prev, mine = (uint32_t)rv->line |
	    (rv->v[COL_IDNUM] != NULL ? 0x80000000u : 0);

	if (rv->line >= 0x80000000u)
		return 0;
	if (rv->v[COL_IDNUM] != NULL) {
		kid = hash_end(hash_str(hash_start('i'), rv->v[COL_IDNUM]));
		if ((prev = hm_get(&im->keys, kid)) != 0) {
			report(im, rv->line, true, _("the same child as on "
			    "line %u (the same ID number)"), prev & 0x7fffffff);
			return -1;
		}
	}
	kname = hash_end(hash_str(hash_str(hash_str(hash_start('n'),
	    rv->v[COL_NAME]), rv->v[COL_BIRTH]), rv->school));
	prev = hm_get(&im->keys, kname);
	/* Two children with ID numbers are two, even if named alike. */
	if (prev != 0 && !((prev & 0x80000000u) && rv->v[COL_IDNUM] != NULL)) {
		report(im, rv->line, true, _("the same child as on line %u (the "
		    "same name, birth date and school)"), prev & 0x7fffffff);
		return -1;
	}
	if (kid != 0)
		hm_put(&im->keys, kid, mine);
	if (prev == 0)
		hm_put(&im->keys, kname, mine);
	return 0;
}

enum { ROW_OK, ROW_BAD, ROW_SKIP };

/* The row's field count against the header's. */
static int
row_width(struct imp *im, const struct rawrow *row)
{
	size_t i;

	if (row->overflow || row->nf > im->nhdr) {
		for (i = im->nhdr; i < row->nf && cell_empty(row->f[i]); i++)
			;
		if (row->overflow || i < row->nf) {
			report(im, row->line, true, _("%zu fields, more "
			    "than the %zu of the header row"), row->nall,
			    im->nhdr);
			return -1;
		}
	} else if (row->nf < im->nhdr) {
		report(im, row->line, true, _("%zu fields, fewer than "
		    "the %zu of the header row"), row->nf, im->nhdr);
		return -1;
	}
	for (i = 0; i < row->nf && i < im->nhdr; i++) {
		if (im->unnamed[i] && !im->unnamed_warned[i] &&
		    !cell_empty(row->f[i])) {
			im->unnamed_warned[i] = true;
			report(im, row->line, false, _("column %zu has no "
			    "header, and its values are ignored"), i + 1);
		}
	}
	return 0;
}

/* Every cell through its field; *bad counts the cells refused. */
static void
row_cells(struct imp *im, const struct rawrow *row, struct rowvals *rv,
    bool *badcol, int *bad)
{
	const char *raw;
	enum ftype ft;
	int c;

	for (c = 0; c < COL__N; c++) {
		raw = cell(im, row, c);
		if (cell_empty(raw))
			continue;
		/*
		 * Free text and names would store damaged text; the other
		 * fields refuse it anyway, and norm_cell() then says why.
		 */
		ft = col_field(c)->type;
		if ((ft == FT_TEXT || ft == FT_NAME) && damaged(raw)) {
			report_damaged(im, row->line, c, raw);
			badcol[c] = true;
			continue;
		}
		if (c == COL_GRADE || c == COL_CLASS)
			continue;
		if (c == COL_ADDRESS)
			badcol[c] = norm_address(im, row->line, raw, rv) != 0;
		else
			badcol[c] = norm_cell(im, row->line, c, raw,
			    &rv->v[c]) != 0;
	}
	if (!badcol[COL_GRADE] && !badcol[COL_CLASS] &&
	    norm_grade_class(im, row->line, row, rv) != 0)
		badcol[COL_GRADE] = badcol[COL_CLASS] = true;
	for (c = 0; c < COL__N; c++)
		if (badcol[c])
			(*bad)++;
}

/*
 * Normalises and checks a row, reporting its problems.  Returns ROW_OK
 * with *rv filled, ROW_BAD or ROW_SKIP; free *rv with rowvals_free() in
 * every case.
 */
static int
row_check(struct imp *im, const struct rawrow *row, struct rowvals *rv)
{
	bool badcol[COL__N] = { false };
	int c, bad = 0;

	memset(rv, 0, sizeof *rv);
	rv->line = row->line;
	if (note_row(im, row)) {
		char *v = shown(first_cell(row));

		report(im, row->line, false, _("\"%s\" is not a child's row "
		    "(a note?) and is skipped"), v);
		free(v);
		return ROW_SKIP;
	}
	if (row_width(im, row) != 0)
		return ROW_BAD;
	row_cells(im, row, rv, badcol, &bad);
	rv->school = rv->v[COL_SCHOOL] != NULL ? rv->v[COL_SCHOOL] :
	    im->school;
	if (im->school != NULL && rv->v[COL_SCHOOL] != NULL &&
	    strcmp(im->school, rv->v[COL_SCHOOL]) != 0) {
		report(im, row->line, true, _("%s \"%s\" is not the school "
		    "given with --school (%s)"), hdr(im, COL_SCHOOL),
		    rv->v[COL_SCHOOL], im->school);
		bad++;
	}
	if (!badcol[COL_IDNUM] && !badcol[COL_BIRTH] && !badcol[COL_SEX] &&
	    row_idnum(im, rv) != 0)
		bad++;
	for (c = 0; c < COL__N; c++)
		if ((columns[c].flags & (CF_REQUIRED | CF_SCHOOL)) &&
		    !badcol[c] && (c != COL_SCHOOL || rv->school == NULL) &&
		    required(im, row->line, rv, c) != 0)
			bad++;
	if (row_people(im, false, rv) != 0)
		bad++;
	if (bad == 0 && row_duplicate(im, rv) != 0)
		bad++;
	return bad > 0 ? ROW_BAD : ROW_OK;
}

/* ---- pass 2: checking every row ---- */

/*
 * A private temporary file (mkstemp() makes it for its owner alone),
 * open for writing and reading: beside path ("path.XXXXXX"), or else
 * "shouhu-what.XXXXXX" in $TMPDIR (else /tmp), unlinked at once.  NULL
 * with errno when it cannot be made; *name is its name either way, for
 * messages (and for the rename of one beside path); the caller frees it.
 */
static FILE *
tmp_file(const char *path, const char *what, char **name)
{
	const char *dir = getenv("TMPDIR");
	FILE *f;
	int fd, e;

	if (path != NULL)
		*name = xasprintf("%s.XXXXXX", path);
	else
		*name = xasprintf("%s/shouhu-%s.XXXXXX", dir != NULL &&
		    *dir != '\0' ? dir : "/tmp", what);
	if ((fd = mkstemp(*name)) < 0)
		return NULL;
	if ((path != NULL || unlink(*name) == 0) &&
	    (f = fdopen(fd, "w+b")) != NULL)
		return f;
	e = errno;
	unlink(*name);
	close(fd);
	errno = e;
	return NULL;
}

/*
 * The spool: each good row's normal forms, written by pass 2 and read by
 * pass 3, in a private temporary file unlinked at once (they are
 * children's details).  A record is its length (4 bytes, big-endian),
 * then the line and the values of the columns, the village and the
 * group (codec.h varints and strings, "" for none).
 */
static int
spool_open(struct imp *im, char **cause)
{
	char *name;

	if ((im->spool = tmp_file(NULL, "import", &name)) == NULL) {
		set_cause(cause, _("cannot make a temporary file %s: %s"), name,
		    strerror(errno));
		free(name);
		return SH_EPERM;
	}
	free(name);
	return 0;
}

static int
spool_put(struct imp *im, const struct rowvals *rv, char **cause)
{
	unsigned char len[4];
	int c;

	buf_reset(&im->sbuf);
	wr_varint(&im->sbuf, rv->line);
	for (c = 0; c < COL__N; c++)
		wr_str(&im->sbuf, rv->v[c] != NULL ? rv->v[c] : "");
	wr_str(&im->sbuf, rv->village != NULL ? rv->village : "");
	wr_str(&im->sbuf, rv->group != NULL ? rv->group : "");
	put_u32be(len, (uint32_t)im->sbuf.len);
	if (fwrite(len, 1, 4, im->spool) != 4 || fwrite(im->sbuf.s, 1,
	    im->sbuf.len, im->spool) != im->sbuf.len) {
		set_cause(cause, _("cannot write a temporary file: %s"),
		    strerror(errno));
		return SH_EDB;
	}
	im->spooled += 4 + im->sbuf.len;
	return 0;
}

static char *
spool_str(struct rd *r)
{
	size_t n;
	const char *p = rd_bytes(r, &n);

	return n > 0 ? xstrndup(p, n) : NULL;
}

/* The next spooled row: 1, 0 at the end, -1 with *cause. */
static int
spool_get(struct imp *im, struct rowvals *rv, size_t *done, char **cause)
{
	unsigned char len[4];
	struct rd r;
	size_t n;
	int c;

	memset(rv, 0, sizeof *rv);
	if (*done == im->spooled)
		return 0;
	if (fread(len, 1, 4, im->spool) != 4)
		goto fail;
	n = get_u32be(len);
	buf_reset(&im->sbuf);
	buf_add(&im->sbuf, NULL, 0);
	if (n > 4 * (size_t)MAX_FIELD)
		goto fail;
	while (im->sbuf.len < n) {
		char tmp[4096];
		size_t want = n - im->sbuf.len < sizeof tmp ?
		    n - im->sbuf.len : sizeof tmp;

		if (fread(tmp, 1, want, im->spool) != want)
			goto fail;
		buf_add(&im->sbuf, tmp, want);
	}
	*done += 4 + n;
	rd_init(&r, im->sbuf.s, n);
	rv->line = (size_t)rd_varint(&r);
	for (c = 0; c < COL__N; c++)
		rv->v[c] = spool_str(&r);
	rv->village = spool_str(&r);
	rv->group = spool_str(&r);
	if (r.err || rd_left(&r) != 0) {
		rowvals_free(rv);
		goto fail;
	}
	return 1;
fail:
	set_cause(cause, "%s", _("cannot read back a temporary file"));
	return -1;
}

static void
report_syntax(struct imp *im, const struct rawrow *row)
{
	if (row->err_line != row->line)
		report(im, row->line, true, _("%s (on line %zu)"), row->err,
		    row->err_line);
	else
		report(im, row->line, true, "%s", row->err);
}

static int
no_header(struct imp *im, char **cause)
{
	if (im->damaged)
		set_cause(cause, _("%s has no header row, and its first rows "
		    "are damaged text (like 锟斤拷): the file was converted "
		    "between encodings wrongly; save it again from the "
		    "spreadsheet"), im->name);
	else
		set_cause(cause, _("%s has no header row: its first row must "
		    "name the columns, such as 姓名, 性别, 出生日期, 年级, "
		    "班级"), im->name);
	return SH_EINVAL;
}

/* Looks for the header among the first rows; takes it when found. */
static int
check_header_row(struct imp *im, const struct rawrow *row, size_t k,
    char **cause)
{
	size_t i;
	char *v;

	if (row->err != NULL)
		report_syntax(im, row);
	else if (known_headers(row) >= 3)
		return header_take(im, row, cause);
	else {
		v = shown(first_cell(row));
		report(im, row->line, false, _("\"%s\" is taken for a title "
		    "and skipped: the header row names at least three of the "
		    "known columns"), v);
		free(v);
		for (i = 0; i < row->nf; i++)
			if (damaged(row->f[i]))
				im->damaged = true;
	}
	if (k + 1 >= HEADER_SEARCH)
		return no_header(im, cause);
	return 0;
}

/*
 * A row of empty cells (",,,,"): how a spreadsheet saves an empty row of
 * the sheet, above the header as well as in the table.
 */
static bool
blank_row(const struct rawrow *row)
{
	size_t i;

	if (row->err != NULL || row->overflow)
		return false;
	for (i = 0; i < row->nf; i++)
		if (!cell_empty(row->f[i]))
			return false;
	return true;
}

/* Pass 2: reads, checks and spools every row. */
static int
check_pass(struct imp *im, char **cause)
{
	struct reader rd;
	struct rawrow row;
	struct rowvals rv;
	size_t k = 0;
	int rc = 0, got;

	if ((rc = spool_open(im, cause)) != 0)
		return rc;
	if (rd_open(&rd, im->f, im->name, im->enc, cause) != 0)
		return SH_EDB;
	while (rc == 0 && (got = rd_next(&rd, &row, cause)) == 1) {
		progress(im, rd.bytes);
		if (blank_row(&row))
			continue;
		if (!im->have_header) {
			rc = check_header_row(im, &row, k++, cause);
			continue;
		}
		if (row.err != NULL) {
			report_syntax(im, &row);
			im->rows++;
			bad_line(im, row.line);
			continue;
		}
		switch (row_check(im, &row, &rv)) {
		case ROW_OK:
			im->rows++;
			rc = spool_put(im, &rv, cause);
			break;
		case ROW_BAD:
			im->rows++;
			bad_line(im, row.line);
			break;
		}
		rowvals_free(&rv);
	}
	if (rc == 0 && got < 0)
		rc = SH_EDB;
	if (rc == 0 && !im->have_header)
		rc = no_header(im, cause);
	if (rc == 0 && fflush(im->spool) != 0) {
		set_cause(cause, _("cannot write a temporary file: %s"),
		    strerror(errno));
		rc = SH_EDB;
	}
	rd_close(&rd);
	return rc;
}

/* ---- pass 3: applying the rows ---- */

/* The id of a school by name, 0 when it does not exist yet. */
static uint32_t
school_id(struct imp *im, struct txn *t, const char *name)
{
	size_t i;
	uint32_t id;

	for (i = 0; i < im->nschools; i++)
		if (strcmp(im->schools[i], name) == 0)
			return im->sids[i];
	id = school_by_name(t, name);
	im->sids = xreallocarray(im->sids, im->nschools + 1,
	    sizeof *im->sids);
	strv_push(&im->schools, &im->nschools, xstrdup(name));
	im->sids[im->nschools - 1] = id;
	return id;
}

static int
school_make(struct imp *im, struct txn *t, const char *name, uint32_t *id,
    char **cause)
{
	struct rec *s = rec_new(RT_SCHOOL);
	size_t i;
	int rc;

	rec_set(s, SCHOOL_NAME, name);
	if ((rc = rec_put(t, s, cause)) == 0) {
		*id = s->id;
		for (i = 0; i < im->nschools; i++)
			if (strcmp(im->schools[i], name) == 0)
				im->sids[i] = s->id;
		strv_push(&im->sum->schools_created,
		    &im->sum->nschools_created, xstrdup(name));
	}
	rec_free(s);
	return rc;
}

static bool
rec_same(const struct rec *a, const struct rec *b)
{
	int i;

	for (i = 0; i < a->sc->nfields; i++)
		if (strcmp(rec_str(a, i), rec_str(b, i)) != 0)
			return false;
	return true;
}

/*
 * The stored child of a row: by ID number, else by name, birth date and
 * school.  0 when there is none.  A child found by name was read to be
 * compared: it is handed back in *found (else NULL) for the caller to
 * free.
 */
static uint32_t
child_find(struct imp *im, struct txn *t, const struct rowvals *rv,
    uint32_t school, struct rec **found)
{
	struct idlist l = { 0 };
	struct rec *c;
	uint32_t id = 0;
	size_t i;
	const char *name = rv->v[COL_NAME];

	*found = NULL;
	if (rv->v[COL_IDNUM] != NULL &&
	    (id = child_by_idnum(t, rv->v[COL_IDNUM])) != 0)
		return id;
	if (school == 0)
		return 0;
	ix_scan(t, IX_CHILD_NAME, name, strlen(name) + 1, &l);
	idl_uniq(&l);
	for (i = 0; i < l.n && id == 0; i++) {
		/*
		 * A child this import made is no other row's: pass 2 refused
		 * a second row of the same name, birth date and school.
		 */
		if (hm_get(&im->seen, id_key('k', l.v[i])) & SEEN_NEW)
			continue;
		if (rec_get(t, RT_CHILD, l.v[i], &c) != 0)
			continue;
		/* Two children with ID numbers are two, even if named alike. */
		if (strcmp(rec_str(c, CHILD_NAME), name) == 0 &&
		    strcmp(rec_str(c, CHILD_BIRTH), rv->v[COL_BIRTH]) == 0 &&
		    rec_ref(c, CHILD_SCHOOL) == school &&
		    (rv->v[COL_IDNUM] == NULL ||
		    *rec_str(c, CHILD_IDNUM) == '\0')) {
			id = c->id;
			*found = c;
		} else
			rec_free(c);
	}
	idl_free(&l);
	return id;
}

/* The roster's values over a child (a new one, or a copy of the stored). */
static void
child_apply(struct rec *c, const struct rowvals *rv, uint32_t school)
{
	int col;

	/* A new grade corrects the schooling (schema.c: child_check). */
	for (col = 0; col < COL__N; col++)
		if (columns[col].rt == RT_CHILD &&
		    !(columns[col].flags & CF_ADDRESS) && rv->v[col] != NULL)
			rec_set(c, columns[col].field, rv->v[col]);
	if (rv->village != NULL)
		rec_set(c, CHILD_VILLAGE, rv->village);
	if (rv->group != NULL)
		rec_set(c, CHILD_GROUP, rv->group);
	/* One parent away: "the other cannot care" says more; keep it. */
	if (rv->lbtype != NULL && !(strcmp(rec_str(c, CHILD_LEFT_BEHIND),
	    "one_unable") == 0 && strcmp(rv->lbtype, "both") != 0))
		rec_set(c, CHILD_LEFT_BEHIND, rv->lbtype);
	rec_set_ref(c, CHILD_SCHOOL, school);
}

/* What is to become of one person of a row. */
struct plan {
	const struct person	*p;
	uint32_t		 id;	/* the contact; 0: a new one */
	struct rec		*c;	/* to store (new or changed), or NULL */
	struct rec		*link;	/* the child's link to them, or NULL */
};

static bool
has_phone(const struct rec *c, const char *phone)
{
	int i;

	for (i = 0; i < CONTACT_PHONES; i++)
		if (strcmp(rec_str(c, contact_phone_field(i)), phone) == 0)
			return true;
	return false;
}

/* Moves phone number from to slot to, with what is known about it. */
static void
phone_move(struct rec *c, int to, int from)
{
	rec_set(c, contact_phone_field(to), rec_str(c,
	    contact_phone_field(from)));
	rec_set(c, contact_verified_field(to), rec_str(c,
	    contact_verified_field(from)));
	rec_set(c, contact_failed_field(to), rec_str(c,
	    contact_failed_field(from)));
}

/*
 * Adds a phone number to a contact: first (a new number replaces the
 * old as the one to call, which moves down) or last.  Returns the number
 * pushed off the end, or NULL.  When a number was verified, or failed
 * in a drill, moves with it.
 */
static char *
add_phone(struct rec *c, const char *phone, bool first)
{
	char *dropped = NULL;
	int i;

	if (phone == NULL || has_phone(c, phone))
		return NULL;
	if (!first) {
		for (i = 0; i < CONTACT_PHONES; i++)
			if (*rec_str(c, contact_phone_field(i)) == '\0') {
				rec_set(c, contact_phone_field(i), phone);
				return NULL;
			}
		return xstrdup(phone);
	}
	if (*rec_str(c, contact_phone_field(CONTACT_PHONES - 1)) != '\0')
		dropped = xstrdup(rec_str(c,
		    contact_phone_field(CONTACT_PHONES - 1)));
	for (i = CONTACT_PHONES - 1; i > 0; i--)
		phone_move(c, i, i - 1);
	rec_set(c, contact_phone_field(0), phone);
	rec_set(c, contact_verified_field(0), NULL);
	rec_set(c, contact_failed_field(0), NULL);
	return dropped;
}

/*
 * A person without a phone is known again by their role and name, the
 * child's 现居住地 and the names of the row's other people: siblings
 * share all of them, another family of the same village group hardly.
 */
static uint64_t
nophone_key(const struct rowvals *rv, const struct person *p)
{
	uint64_t h = hash_start('p');
	int i;

	h = hash_str(h, p->relation);
	h = hash_str(h, p->name);
	h = hash_str(h, rv->village);
	h = hash_str(h, rv->group);
	for (i = 0; i < rv->np; i++) {
		h = hash_str(h, rv->p[i].relation);
		h = hash_str(h, rv->p[i].name);
	}
	return hash_end(h);
}

/*
 * An existing contact for a person (see the top), as read, for the
 * caller to free; NULL when none.  *link is the child's link to them when
 * they are on the card.
 */
static struct rec *
contact_find(struct imp *im, struct txn *t, const struct rowvals *rv,
    const struct person *p, const struct card *card, struct rec **link)
{
	struct idlist l = { 0 };
	const struct rec *on_card = NULL;
	struct rec *c, *found = NULL;
	char *digits;
	uint32_t id;
	size_t i;

	*link = NULL;
	for (i = 0; i < card->n; i++) {
		if (strcmp(rec_str(card->lines[i].contact, CONTACT_NAME),
		    p->name) != 0)
			continue;
		if (on_card == NULL || strcmp(rec_str(card->lines[i].link,
		    LINK_RELATION), p->relation) == 0) {
			on_card = card->lines[i].contact;
			*link = card->lines[i].link;
		}
	}
	if (on_card != NULL)
		return rec_dup(on_card);
	if (p->phone != NULL) {
		digits = phone_digits(p->phone);
		ix_scan(t, IX_PHONE, digits, strlen(digits) + 1, &l);
		free(digits);
		idl_uniq(&l);
		for (i = 0; i < l.n && found == NULL; i++) {
			if (rec_get(t, RT_CONTACT, l.v[i], &c) != 0)
				continue;
			if (strcmp(rec_str(c, CONTACT_NAME), p->name) == 0 &&
			    has_phone(c, p->phone))
				found = c;
			else
				rec_free(c);
		}
		idl_free(&l);
		return found;
	}
	id = hm_get(&im->nophone, nophone_key(rv, p));
	if (id != 0 && rec_get(t, RT_CONTACT, id, &c) == 0) {
		if (strcmp(rec_str(c, CONTACT_NAME), p->name) == 0)
			return c;
		rec_free(c);
	}
	return NULL;
}

/*
 * Plans a person: the contact found or a new one, with the row's
 * details.  A contact an earlier row of this roster already decided is
 * not changed again: the differences are warned about.
 */
static void
plan_person(struct imp *im, struct txn *t, const struct rowvals *rv,
    const struct person *p, const struct card *card, struct plan *pl)
{
	struct rec *old, *c;
	uint32_t first;
	char *dropped = NULL, *d2 = NULL;

	memset(pl, 0, sizeof *pl);
	pl->p = p;
	old = contact_find(im, t, rv, p, card, &pl->link);
	pl->id = old != NULL ? old->id : 0;
	c = old != NULL ? rec_dup(old) : rec_new(RT_CONTACT);
	if (old == NULL)
		rec_set(c, CONTACT_NAME, p->name);
	dropped = add_phone(c, p->phone, true);
	d2 = add_phone(c, p->phone2, false);
	if (p->work != NULL)
		rec_set(c, CONTACT_WORKPLACE, p->work);
	first = old != NULL ? hm_get(&im->touched, id_key('c', old->id)) : 0;
	if (old != NULL && first != 0 && !rec_same(old, c)) {
		/* The first row that named this person decides. */
		if (p->work != NULL && strcmp(rec_str(old, CONTACT_WORKPLACE),
		    p->work) != 0)
			report(im, rv->line, false, _("%s \"%s\" differs from "
			    "line %u, where it is \"%s\", which is kept"),
			    hdr(im, p->cwork), p->work, first,
			    rec_str(old, CONTACT_WORKPLACE));
		if (p->phone != NULL && !has_phone(old, p->phone))
			report(im, rv->line, false, _("%s \"%s\" differs from "
			    "line %u, where it is \"%s\", which is kept"),
			    hdr(im, p->cphone), p->phone, first,
			    rec_str(old, CONTACT_PHONE1));
		if (p->phone2 != NULL && !has_phone(old, p->phone2))
			report(im, rv->line, false, _("%s \"%s\" differs from "
			    "line %u, where it is \"%s\", which is kept"),
			    hdr(im, COL_GUARDIAN_PHONE), p->phone2, first,
			    rec_str(old, CONTACT_PHONE1));
		rec_free(c);
		c = NULL;
	} else if (old != NULL && rec_same(old, c)) {
		rec_free(c);
		c = NULL;
	} else {
		if (dropped != NULL)
			report(im, rv->line, false, _("%s has three phone "
			    "numbers already: %s is no longer kept"), p->name,
			    dropped);
		if (d2 != NULL)
			report(im, rv->line, false, _("%s has three phone "
			    "numbers already: %s is not added"), p->name, d2);
	}
	free(dropped);
	free(d2);
	rec_free(old);
	pl->c = c;
}

/* Finds (or plans to make) the mentor: a staff entry index, or -1. */
static int
plan_mentor(struct imp *im, struct txn *t, const struct rowvals *rv,
    uint32_t school)
{
	struct idlist l = { 0 };
	struct staffent *e;
	uint64_t key;
	uint32_t v;
	const char *name = rv->v[COL_MENTOR];

	if (name == NULL)
		return -1;
	key = hash_end(hash_str(hash_bytes(hash_start('s'), &school,
	    sizeof school), name));
	if ((v = hm_get(&im->staffix, key)) != 0) {
		e = &im->staff[v - 1];
		if (e->school == school && strcmp(e->name, name) == 0)
			goto found;
	}
	if (school != 0)
		staff_by_name(t, school, name, &l);
	if (im->nstaff == im->capstaff) {
		im->capstaff = im->capstaff ? im->capstaff * 2 : 64;
		im->staff = xreallocarray(im->staff, im->capstaff,
		    sizeof *im->staff);
	}
	e = &im->staff[im->nstaff++];
	e->school = school;
	e->name = xstrdup(name);
	e->id = l.n == 0 ? 0 : l.n == 1 ? l.v[0] : UINT32_MAX;
	idl_free(&l);
	hm_put(&im->staffix, key, (uint32_t)im->nstaff);
found:
	if (e->id == UINT32_MAX) {
		report(im, rv->line, false, _("%s \"%s\": several staff of "
		    "this school have this name, so no mentor is set; pair "
		    "the child with the right one on the screens"),
		    hdr(im, COL_MENTOR), name);
		return -1;
	}
	return (int)(e - im->staff);
}

static int
mentor_write(struct imp *im, struct txn *t, int ei, uint32_t school,
    uint32_t child, bool fresh, char **cause)
{
	struct staffent *e = &im->staff[ei];
	struct rec *s, *cur;
	bool same;
	int rc;

	if (e->id == 0) {
		s = rec_new(RT_STAFF);
		rec_set(s, STAFF_NAME, e->name);
		rec_set_ref(s, STAFF_SCHOOL, school);
		rec_set(s, STAFF_ROLES, "mentor");
		rc = rec_put(t, s, cause);
		if (rc == 0) {
			struct rec *sch;

			e->id = s->id;
			e->school = school;
			if (rec_get(t, RT_SCHOOL, school, &sch) == 0) {
				strv_push(&im->sum->staff_created,
				    &im->sum->nstaff_created, xasprintf(
				    "%s (%s)", e->name, rec_title(sch)));
				rec_free(sch);
			}
		}
		rec_free(s);
		if (rc != 0)
			return rc;
	}
	if (fresh) {
		/* A new child has no pair to end: spare mentor_assign's look. */
		s = rec_new(RT_PAIR);
		rec_set_ref(s, PAIR_STAFF, e->id);
		rec_set_ref(s, PAIR_CHILD, child);
		rec_set(s, PAIR_SINCE, im->today);
		rc = rec_put(t, s, cause);
		rec_free(s);
	} else {
		cur = child_mentor_pair(t, child, im->today);
		same = cur != NULL && rec_ref(cur, PAIR_STAFF) == e->id;
		rec_free(cur);
		if (same)
			return 0;
		rc = mentor_assign(t, child, e->id, im->today, cause);
	}
	if (rc == 0)
		im->sum->pairs++;
	return rc;
}

static int
link_write(struct imp *im, struct txn *t, const struct rowvals *rv,
    struct plan *pl, uint32_t child, int *prio, char **cause)
{
	const struct person *p = pl->p;
	struct rec *l;
	int rc;

	if (pl->link == NULL) {
		/*
		 * Not on the card read before this row was written (and
		 * link_add() would read it again): a new link.
		 */
		l = rec_new(RT_LINK);
		rec_set_ref(l, LINK_CHILD, child);
		rec_set_ref(l, LINK_CONTACT, pl->id);
		rec_set(l, LINK_RELATION, p->relation);
		rec_set_ref(l, LINK_PRIORITY, (uint32_t)++*prio);
		rec_set(l, LINK_GUARDIAN, p->guardian ? "1" : "0");
		if ((rc = rec_put(t, l, cause)) == 0)
			im->sum->links_added++;
		rec_free(l);
		return rc;
	}
	l = rec_dup(pl->link);
	if (p->relation_given)
		rec_set(l, LINK_RELATION, p->relation);
	if (p->guardian)
		rec_set(l, LINK_GUARDIAN, "1");
	else if (rv->names_guardian)
		rec_set(l, LINK_GUARDIAN, "0");
	rc = 0;
	if (!rec_same(l, pl->link)) {
		if ((rc = rec_put(t, l, cause)) == 0)
			im->sum->links_updated++;
	}
	rec_free(l);
	return rc;
}

/* The guardian mark leaves the card's other people. */
static int
guardian_unmark(struct imp *im, struct txn *t, const struct card *card,
    const struct plan *pl, int np, char **cause)
{
	struct rec *l;
	size_t i;
	int j, rc = 0;
	bool planned;

	for (i = 0; i < card->n && rc == 0; i++) {
		if (strcmp(rec_str(card->lines[i].link, LINK_GUARDIAN),
		    "1") != 0)
			continue;
		for (planned = false, j = 0; j < np; j++)
			if (pl[j].link == card->lines[i].link)
				planned = true;
		if (planned)
			continue;
		l = rec_dup(card->lines[i].link);
		rec_set(l, LINK_GUARDIAN, "0");
		if ((rc = rec_put(t, l, cause)) == 0)
			im->sum->links_updated++;
		rec_free(l);
	}
	return rc;
}

static int
people_write(struct imp *im, struct txn *t, const struct rowvals *rv,
    struct plan *pl, const struct card *card, uint32_t child, char **cause)
{
	int i, prio = 0, rc = 0;
	size_t j;

	for (j = 0; j < card->n; j++)
		if ((int)rec_ref(card->lines[j].link, LINK_PRIORITY) > prio)
			prio = (int)rec_ref(card->lines[j].link,
			    LINK_PRIORITY);
	if (prio > 98)
		prio = 98;
	for (i = 0; i < rv->np && rc == 0; i++) {
		if (pl[i].c != NULL) {
			bool fresh = pl[i].c->id == 0;

			if ((rc = rec_put(t, pl[i].c, cause)) != 0)
				break;
			pl[i].id = pl[i].c->id;
			if (fresh)
				im->sum->contacts_added++;
			else
				im->sum->contacts_updated++;
		}
		if (hm_get(&im->touched, id_key('c', pl[i].id)) == 0)
			hm_put(&im->touched, id_key('c', pl[i].id),
			    (uint32_t)rv->line);
		if (pl[i].p->phone == NULL)
			hm_put(&im->nophone, nophone_key(rv, pl[i].p),
			    pl[i].id);
		rc = link_write(im, t, rv, &pl[i], child, &prio, cause);
		if (prio > 98)
			prio = 98;
	}
	if (rc == 0 && rv->names_guardian)
		rc = guardian_unmark(im, t, card, pl, rv->np, cause);
	return rc;
}

static void
plans_free(struct plan *pl, int n)
{
	int i;

	for (i = 0; i < n; i++)
		rec_free(pl[i].c);
}

/*
 * Applies one good row: ROW_OK, ROW_BAD (a problem found against the
 * database; nothing of the row was written), or an SH_E* storage error
 * with *cause (the transaction is lost).
 */
static int
apply_row(struct imp *im, struct txn *t, const struct rowvals *rv,
    char **cause)
{
	struct rec *old = NULL, *c;
	struct card card = { NULL, 0 };
	struct plan pl[3];
	uint32_t school, cid, prev;
	char *why = NULL;
	int rc = ROW_OK, i, mentor, np = 0;

	school = school_id(im, t, rv->school);
	cid = child_find(im, t, rv, school, &old);
	if (cid != 0 && (prev = hm_get(&im->seen, id_key('k', cid))) != 0) {
		report(im, rv->line, true, _("the same child as on line %u "
		    "(child #%u)"), prev & ~SEEN_NEW, cid);
		rec_free(old);
		return ROW_BAD;
	}
	if (cid != 0 && old == NULL && rec_get(t, RT_CHILD, cid, &old) != 0) {
		report(im, rv->line, true, _("child #%u cannot be read"), cid);
		return ROW_BAD;
	}
	c = old != NULL ? rec_dup(old) : rec_new(RT_CHILD);
	child_apply(c, rv, school != 0 ? school : 1);
	/*
	 * A new child is the row alone, which pass 2 checked; a stored one
	 * is checked again only when the roster changes it (the fields that
	 * follow from others filled first, as rec_validate() would).
	 */
	if (old != NULL && c->sc->fill != NULL)
		c->sc->fill(c);
	if (old != NULL && !rec_same(old, c) &&
	    rec_validate(c, NULL, &why) != 0) {
		report(im, rv->line, true, "%s", why);
		free(why);
		rec_free(c);
		rec_free(old);
		return ROW_BAD;
	}
	if (cid != 0 && child_card(t, cid, &card) != 0) {
		report(im, rv->line, true, _("the contact card of child #%u "
		    "cannot be read"), cid);
		rc = ROW_BAD;
	}
	for (i = 0; i < rv->np && rc == ROW_OK; i++, np++)
		plan_person(im, t, rv, &rv->p[i], &card, &pl[i]);
	for (i = 1; i < np && rc == ROW_OK; i++) {
		if (pl[i].id != 0 && (pl[i].id == pl[i - 1].id ||
		    (i == 2 && pl[i].id == pl[0].id))) {
			report(im, rv->line, true, _("two people of this row "
			    "are one contact (#%u): are they the same person?"),
			    pl[i].id);
			rc = ROW_BAD;
		}
	}
	if (rc != ROW_OK)
		goto out;
	mentor = plan_mentor(im, t, rv, school);

	/* Everything is known: write. */
	if (school == 0 && (rc = school_make(im, t, rv->school, &school,
	    cause)) != 0)
		goto out;
	rec_set_ref(c, CHILD_SCHOOL, school);
	if (old == NULL || !rec_same(old, c)) {
		if ((rc = rec_put(t, c, cause)) != 0)
			goto out;
		if (old == NULL)
			im->sum->children_added++;
		else
			im->sum->children_updated++;
	} else
		im->sum->children_unchanged++;
	hm_put(&im->seen, id_key('k', c->id), (uint32_t)rv->line |
	    (old == NULL ? SEEN_NEW : 0));
	if ((rc = people_write(im, t, rv, pl, &card, c->id, cause)) != 0)
		goto out;
	if (mentor >= 0)
		rc = mentor_write(im, t, mentor, school, c->id, old == NULL,
		    cause);
out:
	plans_free(pl, np);
	card_free(&card);
	rec_free(c);
	rec_free(old);
	return rc;
}

/* Private codes for aborting the transaction on purpose. */
enum { ABORT_DRY = 100, ABORT_ROWS };

/* Frees what a run of pass 3 learnt. */
static void
apply_free(struct imp *im)
{
	size_t i;

	hm_free(&im->seen);
	hm_free(&im->touched);
	hm_free(&im->nophone);
	hm_free(&im->staffix);
	for (i = 0; i < im->nstaff; i++)
		free(im->staff[i].name);
	im->nstaff = 0;
	strv_free(im->schools);
	im->schools = NULL;
	free(im->sids);
	im->sids = NULL;
	im->nschools = 0;
	strv_free(im->deferred);
	im->deferred = NULL;
	im->ndeferred = 0;
	im->run_bad = im->run_errors = im->run_warnings = 0;
}

/* Starts a run of pass 3 afresh, its part of the summary too. */
static void
apply_reset(struct imp *im)
{
	struct roster_summary *s = im->sum;

	apply_free(im);
	s->children_added = s->children_updated = s->children_unchanged = 0;
	s->contacts_added = s->contacts_updated = 0;
	s->links_added = s->links_updated = s->pairs = 0;
	strv_free(s->schools_created);
	s->schools_created = NULL;
	s->nschools_created = 0;
	strv_free(s->staff_created);
	s->staff_created = NULL;
	s->nstaff_created = 0;
}

/* What a spooled row needs besides its values. */
static void
row_finish(struct imp *im, struct rowvals *rv)
{
	rv->school = rv->v[COL_SCHOOL] != NULL ? rv->v[COL_SCHOOL] :
	    im->school;
	(void)row_people(im, true, rv);
}

/* Pass 3, the callback of db_write(): may run more than once. */
static int
apply_pass(struct txn *t, void *arg, char **cause)
{
	struct imp *im = arg;
	struct rowvals rv;
	size_t done = 0, n = 0;
	int rc = 0, got;

	apply_reset(im);
	im->applying = true;
	if (fseek(im->spool, 0, SEEK_SET) != 0) {
		set_cause(cause, "%s", _("cannot read back a temporary file"));
		return SH_EDB;
	}
	while (rc == 0 && (got = spool_get(im, &rv, &done, cause)) == 1) {
		if (++n % 64 == 0)
			progress(im, done);
		row_finish(im, &rv);
		rc = apply_row(im, t, &rv, cause);
		if (rc == ROW_BAD) {
			bad_line(im, rv.line);
			rc = 0;
		} else if (rc != 0 && cause != NULL && *cause != NULL) {
			char *c = xasprintf("%s:%zu: %s", im->name, rv.line,
			    *cause);

			free(*cause);
			*cause = c;
		}
		rowvals_free(&rv);
	}
	if (rc == 0 && got < 0)
		rc = SH_EDB;
	if (rc == 0 && t->err != 0)
		rc = t->err;
	if (rc != 0)
		return rc;
	progress(im, done);
	if (im->bad + im->run_bad > 0 && !im->o->skip_bad)
		return ABORT_ROWS;
	if (im->o->dry_run)
		return ABORT_DRY;
	return 0;
}

/* ---- the import ---- */

static void
imp_free(struct imp *im)
{
	apply_free(im);
	free(im->staff);
	header_reset(im);
	hm_free(&im->keys);
	buf_free(&im->sbuf);
	if (im->spool != NULL)
		fclose(im->spool);
	free(im->school);
	free(im->bad_lines);
}

static int
size_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

int
roster_import_stream(struct db *db, FILE *f, const char *name,
    const struct roster_opts *o, struct roster_summary *sum, char **cause)
{
	struct imp im;
	size_t i;
	int rc;

	memset(sum, 0, sizeof *sum);
	memset(&im, 0, sizeof im);
	im.db = db;
	im.o = o;
	im.sum = sum;
	im.f = f;
	im.name = name;
	date_today(im.today);
	header_reset(&im);
	if (o->school != NULL &&
	    (rc = school_option(o->school, &im.school, cause)) != 0)
		goto out;
	if ((rc = sniff_encoding(&im, cause)) != 0)
		goto out;
	sum->encoding = im.enc == ROSTER_ENC_GB18030 ? "GB18030" : "UTF-8";
	if ((rc = check_pass(&im, cause)) != 0)
		goto out;
	hm_free(&im.keys);	/* pass 2's alone: room for pass 3's maps */
	rc = db_write(db, apply_pass, &im, cause);
	im.applying = false;
	for (i = 0; i < im.ndeferred; i++) {
		if (o->message != NULL)
			o->message(im.deferred[i], o->arg);
	}
	sum->written = rc == 0;
	if (rc == ABORT_DRY || rc == ABORT_ROWS) {
		free(*cause);
		*cause = NULL;
		rc = rc == ABORT_ROWS ? ROSTER_EROWS : 0;
	}
out:
	sum->rows = im.rows;
	sum->bad = im.bad + im.run_bad;
	sum->errors = im.errors + im.run_errors;
	sum->warnings = im.warnings + im.run_warnings;
	if (sum->bad > 0) {
		/* Pass 3's bad rows come after pass 2's: in file order. */
		qsort(im.bad_lines, sum->bad, sizeof *im.bad_lines, size_cmp);
		sum->bad_lines = im.bad_lines;
		im.bad_lines = NULL;
	}
	imp_free(&im);
	return rc;
}

int
roster_import(struct db *db, const char *path, const struct roster_opts *o,
    struct roster_summary *sum, char **cause)
{
	FILE *f;
	int rc;

	memset(sum, 0, sizeof *sum);
	if ((f = fopen(path, "rb")) == NULL) {
		set_cause(cause, _("cannot open %s: %s"), path,
		    strerror(errno));
		return SH_ENOTFOUND;
	}
	rc = roster_import_stream(db, f, path, o, sum, cause);
	fclose(f);
	return rc;
}

void
roster_summary_free(struct roster_summary *s)
{
	strv_free(s->schools_created);
	strv_free(s->staff_created);
	free(s->bad_lines);
	memset(s, 0, sizeof *s);
}

#define SUMMARY_NAMES 30	/* names listed in the summary text */

static void
add_names(struct buf *b, char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < SUMMARY_NAMES; i++)
		buf_addf(b, "%s%s", i ? ", " : " ", names[i]);
	if (n > SUMMARY_NAMES)
		buf_addf(b, P_(" and %zu more", " and %zu more",
		    n - SUMMARY_NAMES), n - SUMMARY_NAMES);
}

char *
roster_summary_text(const struct roster_summary *s,
    const struct roster_opts *o, int rc)
{
	struct buf b = { 0 };
	size_t i;

	buf_addf(&b, P_("%zu row of children read (%s)",
	    "%zu rows of children read (%s)", s->rows), s->rows,
	    s->encoding != NULL ? s->encoding : "?");
	if (rc != 0 && rc != ROSTER_EROWS)
		goto end;
	if (!s->written) {
		buf_addc(&b, '\n');
		buf_addstr(&b, _("nothing was written; the rows without errors "
		    "would give:"));
	}
	buf_addc(&b, '\n');
	buf_addf(&b, _("children: %zu added, %zu updated, %zu unchanged"),
	    s->children_added, s->children_updated, s->children_unchanged);
	buf_addc(&b, '\n');
	buf_addf(&b, _("contacts: %zu added, %zu updated; contact cards: %zu "
	    "people linked, %zu links changed"), s->contacts_added,
	    s->contacts_updated, s->links_added, s->links_updated);
	buf_addc(&b, '\n');
	buf_addf(&b, _("mentoring pairs started: %zu"), s->pairs);
	if (s->nstaff_created > 0) {
		buf_addc(&b, '\n');
		buf_addf(&b, P_("%zu staff member created:",
		    "%zu staff members created:", s->nstaff_created),
		    s->nstaff_created);
		add_names(&b, s->staff_created, s->nstaff_created);
	}
	if (s->nschools_created > 0) {
		buf_addc(&b, '\n');
		buf_addf(&b, P_("%zu school created:", "%zu schools created:",
		    s->nschools_created), s->nschools_created);
		add_names(&b, s->schools_created, s->nschools_created);
	}
end:
	buf_addc(&b, '\n');
	buf_addf(&b, _("warnings: %zu; errors: %zu, in %zu rows"),
	    s->warnings, s->errors, s->bad);
	if (s->bad > 0) {
		buf_addc(&b, '\n');
		buf_addstr(&b, _("the rows with errors start on the lines:"));
		for (i = 0; i < s->bad && i < SUMMARY_NAMES; i++)
			buf_addf(&b, "%s%zu", i ? ", " : " ", s->bad_lines[i]);
		if (s->bad > SUMMARY_NAMES)
			buf_addf(&b, P_(" and %zu more", " and %zu more",
			    s->bad - SUMMARY_NAMES), s->bad - SUMMARY_NAMES);
	}
	buf_addc(&b, '\n');
	if (rc != 0 && rc != ROSTER_EROWS)
		buf_addstr(&b, _("Nothing was imported."));
	else if (rc == ROSTER_EROWS)
		buf_addstr(&b, _("Nothing was imported: correct the rows "
		    "named, or import the others with --skip-bad."));
	else if (o != NULL && o->dry_run)
		buf_addstr(&b, _("Nothing was written (--dry-run)."));
	else if (s->bad > 0)
		buf_addf(&b, P_("Imported; %zu row with errors was skipped.",
		    "Imported; %zu rows with errors were skipped.", s->bad),
		    s->bad);
	else
		buf_addstr(&b, _("Imported."));
	return buf_take(&b);
}

/* ---- the export ---- */

/* One child's row: the child, the card's people, the mentor. */
struct xrow {
	struct rec		*child;
	const char		*school;
	struct card		 card;
	const struct card_line	*who[4];	/* by role */
	char			*mentor;
};

/* Which card lines the roster's people are. */
static void
xrow_people(struct xrow *x)
{
	const struct card_line *l;
	size_t i;

	memset(x->who, 0, sizeof x->who);
	for (i = 0; i < x->card.n; i++) {
		l = &x->card.lines[i];
		if (x->who[ROLE_FATHER] == NULL &&
		    strcmp(rec_str(l->link, LINK_RELATION), "father") == 0)
			x->who[ROLE_FATHER] = l;
		if (x->who[ROLE_MOTHER] == NULL &&
		    strcmp(rec_str(l->link, LINK_RELATION), "mother") == 0)
			x->who[ROLE_MOTHER] = l;
		if (x->who[ROLE_GUARDIAN] == NULL &&
		    strcmp(rec_str(l->link, LINK_GUARDIAN), "1") == 0)
			x->who[ROLE_GUARDIAN] = l;
	}
}

static const char *
first_phone(const struct rec *c)
{
	int i;

	for (i = 0; i < CONTACT_PHONES; i++)
		if (*rec_str(c, contact_phone_field(i)) != '\0')
			return rec_str(c, contact_phone_field(i));
	return "";
}

/* A contact's value for a column: the guardian who is a parent as well
 * shows the second number (which is where the import put it). */
static const char *
person_value(const struct xrow *x, enum col c)
{
	const struct card_line *l = x->who[columns[c].role];
	const struct card_line *g = x->who[ROLE_GUARDIAN];

	if (l == NULL)
		return "";
	if (columns[c].rt == RT_LINK)
		return rec_str(l->link, columns[c].field);
	if (columns[c].field != CONTACT_PHONE1)
		return rec_str(l->contact, columns[c].field);
	if (columns[c].role == ROLE_GUARDIAN && g != NULL &&
	    (g == x->who[ROLE_FATHER] || g == x->who[ROLE_MOTHER]) &&
	    *rec_str(l->contact, CONTACT_PHONE2) != '\0')
		return rec_str(l->contact, CONTACT_PHONE2);
	return first_phone(l->contact);
}

/* A stored value as a Chinese school writes it, by the field's type. */
static char *
roster_form(const struct field *f, const char *v)
{
	const struct choice *ch;

	if (*v == '\0')
		return xstrdup("");
	switch (f->type) {
	case FT_CHOICE:
		ch = choice_find(f->choices, v);
		return xstrdup(ch != NULL && ch->zh != NULL ? ch->zh : v);
	case FT_BOOL:
		return xstrdup(strcmp(v, "1") == 0 ? "是" : "否");
	case FT_GRADE:
		return xstrdup(v[0] >= '1' && v[0] <= '9' && v[1] == '\0' ?
		    grade_zh[v[0] - '1'] : v);
	case FT_CLASS:
		return xasprintf("%s班", v);
	case FT_IDNUM:
		return xasprintf("\t%s", v);
	default:
		return xstrdup(v);
	}
}

static char *
export_cell(const struct xrow *x, enum col c)
{
	const char *v;

	switch (columns[c].rt) {
	case RT_SCHOOL:
		v = x->school;
		break;
	case RT_STAFF:
		v = x->mentor != NULL ? x->mentor : "";
		break;
	case RT_CONTACT:
	case RT_LINK:
		v = person_value(x, c);
		break;
	default:
		if (columns[c].flags & CF_ADDRESS)
			return xasprintf("%s%s", rec_str(x->child,
			    CHILD_VILLAGE), rec_str(x->child, CHILD_GROUP));
		v = rec_str(x->child, columns[c].field);
		break;
	}
	return roster_form(col_field(c), v);
}

struct xout {
	FILE		*f;
	iconv_t		 cd;
	struct csvw	 w;
	char		*conv;		/* a line in GB18030 */
	size_t		 convcap;
	int		 err;		/* errno of a failed write */
	bool		 badchar;
};

static void
xout_line(struct xout *x, const char *line)
{
	char *ip, *op;
	size_t il, ol;

	if (x->err != 0 || x->badchar)
		return;
	if (x->cd == (iconv_t)-1) {
		if (fputs(line, x->f) == EOF)
			x->err = errno ? errno : EIO;
		return;
	}
	il = strlen(line);
	if (x->convcap < 4 * il + 16) {
		free(x->conv);
		x->convcap = 4 * il + 16;
		x->conv = xmalloc(x->convcap);
	}
	ip = (char *)line;
	op = x->conv;
	ol = x->convcap;
	iconv(x->cd, NULL, NULL, NULL, NULL);
	if (iconv(x->cd, &ip, &il, &op, &ol) == (size_t)-1) {
		x->badchar = true;
		return;
	}
	if (fwrite(x->conv, 1, (size_t)(op - x->conv), x->f) !=
	    (size_t)(op - x->conv))
		x->err = errno ? errno : EIO;
}

char *
roster_column_names(const char *sep)
{
	struct buf b = { 0 };
	int c;

	for (c = 0; c < COL__N; c++)
		buf_addf(&b, "%s%s", c > 0 ? sep : "", columns[c].zh);
	return buf_take(&b);
}

static void
export_header(struct xout *x)
{
	int c;

	for (c = 0; c < COL__N; c++)
		csvw_field(&x->w, columns[c].zh);
	xout_line(x, csvw_end(&x->w));
}

static int
export_child(struct txn *t, struct xout *x, uint32_t id, const char *school,
    const char *today)
{
	struct xrow xr;
	struct rec *pair, *staff;
	char *v;
	int c, rc;

	memset(&xr, 0, sizeof xr);
	if ((rc = rec_get(t, RT_CHILD, id, &xr.child)) != 0)
		return rc;
	xr.school = school;
	if ((rc = child_card(t, id, &xr.card)) != 0) {
		rec_free(xr.child);
		card_free(&xr.card);
		return rc;
	}
	xrow_people(&xr);
	if ((pair = child_mentor_pair(t, id, today)) != NULL) {
		if (rec_get(t, RT_STAFF, rec_ref(pair, PAIR_STAFF),
		    &staff) == 0) {
			xr.mentor = xstrdup(rec_str(staff, STAFF_NAME));
			rec_free(staff);
		}
		rec_free(pair);
	}
	for (c = 0; c < COL__N; c++) {
		v = export_cell(&xr, c);
		csvw_field(&x->w, v);
		free(v);
	}
	xout_line(x, csvw_end(&x->w));
	free(xr.mentor);
	card_free(&xr.card);
	rec_free(xr.child);
	return 0;
}

struct xschool {
	uint32_t	 id;
	char		*name;
};

/* The schools to export: the one --school names, or all in id order. */
static int
export_schools(struct txn *t, const char *only, struct xschool **out,
    size_t *n, char **cause)
{
	struct rec_iter it;
	struct rec *s;
	struct xschool *v = NULL;
	uint32_t id;
	int rc;

	*n = 0;
	*out = NULL;
	if (only != NULL) {
		if ((id = school_by_name(t, only)) == 0) {
			set_cause(cause, _("there is no school named \"%s\""),
			    only);
			return SH_ENOTFOUND;
		}
		if ((rc = rec_get(t, RT_SCHOOL, id, &s)) != 0) {
			set_cause(cause, "%s", sh_strerror(rc));
			return rc;
		}
		v = xmalloc(sizeof *v);
		v->id = id;
		v->name = xstrdup(rec_title(s));
		rec_free(s);
		*out = v;
		*n = 1;
		return t->err;
	}
	rec_iter_start(t, RT_SCHOOL, &it);
	while ((s = rec_iter_next(&it)) != NULL) {
		v = xreallocarray(v, *n + 1, sizeof *v);
		v[*n].id = s->id;
		v[*n].name = xstrdup(rec_title(s));
		(*n)++;
		rec_free(s);
	}
	rec_iter_end(&it);
	*out = v;
	return t->err;
}

/* Writes the rows of every child to x, in one read transaction. */
static int
export_rows(struct db *db, struct xout *x, const struct roster_opts *o,
    size_t *rows, char **cause)
{
	struct txn t;
	struct xschool *sch = NULL;
	struct idlist kids = { 0 };
	size_t ns = 0, i, j, total = 0;
	char today[11];
	int rc;

	date_today(today);
	if ((rc = txn_read(db, &t)) != 0) {
		set_cause(cause, "%s", _("cannot read the database"));
		return rc;
	}
	rc = export_schools(&t, o->school, &sch, &ns, cause);
	/* Every child is in a school: of one school, they are known below. */
	total = o->school == NULL ? kv_count(&t, DBI_CHILD) : 0;
	for (i = 0; i < ns && rc == 0; i++) {
		/* In class order: the class index pads class 9 to 009. */
		children_of_class(&t, sch[i].id, NULL, NULL, &kids);
		if (o->school != NULL)
			total += kids.n;
		for (j = 0; j < kids.n && rc == 0 && x->err == 0; j++) {
			rc = export_child(&t, x, kids.v[j], sch[i].name, today);
			if (rc != 0) {
				set_cause(cause, _("child #%u cannot be "
				    "read: %s"), kids.v[j], sh_strerror(rc));
				break;
			}
			if (x->badchar) {
				set_cause(cause, _("child #%u has text that "
				    "GB18030 cannot hold"), kids.v[j]);
				rc = SH_EINVAL;
				break;
			}
			++*rows;
			if (o->progress != NULL && *rows % 256 == 0 &&
			    *rows <= total)
				o->progress(*rows, total, o->arg);
		}
		idl_free(&kids);
	}
	if (rc == 0 && t.err != 0) {
		rc = t.err;
		set_cause(cause, "%s", sh_strerror(rc));
	}
	txn_end(&t);
	for (i = 0; i < ns; i++)
		free(sch[i].name);
	free(sch);
	if (rc == 0 && o->progress != NULL)
		o->progress(total, total, o->arg);
	return rc;
}

/* Copies the finished temporary file to standard output. */
static int
export_copy(FILE *f, char **cause)
{
	char buf[CHUNK];
	size_t n;

	if (fseek(f, 0, SEEK_SET) != 0)
		goto fail;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		if (fwrite(buf, 1, n, stdout) != n)
			goto fail;
	if (ferror(f) || fflush(stdout) != 0)
		goto fail;
	return 0;
fail:
	set_cause(cause, _("cannot write the roster: %s"), strerror(errno));
	return SH_EDB;
}

int
roster_export(struct db *db, const char *path, const struct roster_opts *o,
    size_t *rows, char **cause)
{
	struct xout x;
	struct roster_opts oo = *o;
	char *tmp = NULL, *school = NULL;
	int rc = 0;

	*rows = 0;
	memset(&x, 0, sizeof x);
	x.cd = (iconv_t)-1;
	if (path != NULL && strcmp(path, "-") == 0)
		path = NULL;
	if (o->school != NULL && !o->template_only) {
		if ((rc = school_option(o->school, &school, cause)) != 0)
			goto out;
		oo.school = school;
	}
	if (o->encoding == ROSTER_ENC_GB18030 &&
	    (x.cd = iconv_open("GB18030", "UTF-8")) == (iconv_t)-1) {
		set_cause(cause, "%s", _("this system cannot convert to "
		    "GB18030"));
		rc = SH_EINVAL;
		goto out;
	}
	/* Beside the file, to be renamed into place; else unlinked. */
	if ((x.f = tmp_file(path, "roster", &tmp)) == NULL) {
		set_cause(cause, _("cannot write %s: %s"), path != NULL ? path :
		    tmp, strerror(errno));
		rc = SH_EPERM;
		goto out;
	}
	if (path == NULL) {
		free(tmp);
		tmp = NULL;
	}
	if (x.cd == (iconv_t)-1 && fputs("\xef\xbb\xbf", x.f) == EOF)
		x.err = errno;
	export_header(&x);
	if (!o->template_only)
		rc = export_rows(db, &x, &oo, rows, cause);
	if (rc == 0 && (x.err != 0 || fflush(x.f) != 0 || ferror(x.f))) {
		set_cause(cause, _("cannot write %s: %s"), path != NULL ? path :
		    _("the roster"), strerror(x.err ? x.err : errno));
		rc = SH_EDB;
	}
	if (rc == 0 && path == NULL)
		rc = export_copy(x.f, cause);
	if (rc == 0 && path != NULL && fsync(fileno(x.f)) != 0) {
		set_cause(cause, _("cannot write %s: %s"), path,
		    strerror(errno));
		rc = SH_EDB;
	}
	if (fclose(x.f) != 0 && rc == 0) {
		set_cause(cause, _("cannot write %s: %s"), path != NULL ? path :
		    _("the roster"), strerror(errno));
		rc = SH_EDB;
	}
	if (rc == 0 && path != NULL && rename(tmp, path) != 0) {
		set_cause(cause, _("cannot write %s: %s"), path,
		    strerror(errno));
		rc = SH_EDB;
	}
	if (rc != 0 && tmp != NULL)
		unlink(tmp);
out:
	free(tmp);
	free(school);
	csvw_free(&x.w);
	free(x.conv);
	if (x.cd != (iconv_t)-1)
		iconv_close(x.cd);
	return rc;
}
