/*
 * validate.c -- see validate.h.
 *
 * Every validator works on a copy of the input made by prep(): fullwidth
 * forms made ASCII, no-break spaces made spaces, white space trimmed.  The
 * parsers then walk the copy with a pointer; none of them trusts a length
 * it has not checked, because rosters come from anywhere (and the module
 * is fuzzed).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "util.h"
#include "validate.h"

#define NAME_MAX_CHARS	20
#define CLASS_MAX_CHARS	8

/* Sets *cause to the formatted reason and returns -1. */
static int reject(char **, const char *, ...) SH_PRINTF(2, 3);

static int
reject(char **cause, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	set_cause(cause, "%s", msg);
	free(msg);
	return -1;
}

static bool
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/*
 * Whether s is the len bytes of word, ignoring ASCII case only (the C
 * library's idea of case depends on the locale).  A NULL word matches
 * nothing.
 */
static bool
is_word(const char *s, const char *word, size_t len)
{
	size_t i;

	if (word == NULL || strlen(s) != len)
		return false;
	for (i = 0; i < len; i++)
		if (ascii_lower((unsigned char)s[i]) !=
		    ascii_lower((unsigned char)word[i]))
			return false;
	return true;
}

static bool
eq_fold(const char *s, const char *word)
{
	return word != NULL && is_word(s, word, strlen(word));
}

/* Skips word at *p (ASCII case ignored) and returns true if it is there. */
static bool
skip(const char **p, const char *word)
{
	size_t i;

	for (i = 0; word[i] != '\0'; i++) {
		if (ascii_lower((unsigned char)(*p)[i]) !=
		    ascii_lower((unsigned char)word[i]))
			return false;
	}
	*p += i;
	return true;
}

static void
skip_spaces(const char **p)
{
	while (**p == ' ')
		(*p)++;
}

/*
 * The input as the structured fields see it: NULL as "", fullwidth forms
 * as ASCII, no-break spaces (Excel and web pages leave them) as spaces,
 * trimmed.
 */
static char *
prep(const char *in)
{
	char *h, *r, *w, *t;

	h = str_halfwidth(in == NULL ? "" : in);
	for (r = w = h; *r != '\0'; r++) {
		if ((unsigned char)r[0] == 0xc2 && (unsigned char)r[1] == 0xa0) {
			*w++ = ' ';
			r++;
		} else
			*w++ = *r;
	}
	*w = '\0';
	t = str_trim(h);
	free(h);
	return t;
}

/*
 * Reads a run of ASCII digits; returns how many there were (at most 99)
 * and their value in *v (capped, so that long runs cannot overflow).
 */
static int
read_digits(const char **p, long *v)
{
	int n = 0;

	*v = 0;
	while (is_digit(**p)) {
		if (*v < 100000000L)
			*v = *v * 10 + (**p - '0');
		if (n < 99)
			n++;
		(*p)++;
	}
	return n;
}

static bool
all_digits(const char *s)
{
	if (*s == '\0')
		return false;
	while (is_digit(*s))
		s++;
	return *s == '\0';
}

/*
 * What Excel makes of a long number in a cell formatted "General":
 * 1.38E+10 or 4.30523E+17 (scientific notation) or 13812345678.0.
 */
static bool
excel_number(const char *s)
{
	const char *p = s;
	long v;
	int n;

	if (read_digits(&p, &v) == 0)
		return false;
	if (*p == '.') {
		p++;
		n = read_digits(&p, &v);
		if (*p == '\0')
			return n > 0 && v == 0;
	}
	if (*p != 'e' && *p != 'E')
		return false;
	p++;
	if (*p == '+' || *p == '-')
		p++;
	return read_digits(&p, &v) > 0 && *p == '\0';
}

static int
reject_excel(char **cause, const char *s)
{
	return reject(cause, _("looks like a number mangled by Excel (%s): "
	    "format the column as text and export again"), s);
}

/* ---- dates ---- */

static bool
leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && leap_year(y) ? 29 : days[m - 1];
}

static int
check_ymd(long y, long m, long d, char **cause)
{
	if (y < 1900 || y > 2100)
		return reject(cause, "%s", _("year must be 1900 to 2100"));
	if (m < 1 || m > 12)
		return reject(cause, "%s", _("month must be 1 to 12"));
	if (d < 1 || d > month_days((int)y, (int)m))
		return reject(cause, _("day must be 1 to %d in that month"),
		    month_days((int)y, (int)m));
	return 0;
}

/*
 * Excel counts days from 1900-01-01 = 1 and wrongly believes 1900 was a
 * leap year, so from serial 61 (1900-03-01) on, 1900-01-01 is serial 2.
 * Only used for serials 10000 and up.
 */
static void
excel_serial_date(long serial, char out[11])
{
	long left = serial - 2;		/* days after 1900-01-01 */
	int y = 1900, m = 1;

	while (left >= (leap_year(y) ? 366 : 365))
		left -= leap_year(y++) ? 366 : 365;
	while (left >= month_days(y, m))
		left -= month_days(y, m++);
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000,
	    (unsigned)m % 100, (unsigned)(left + 1) % 100);
}

/* A time of day after a date, as Excel writes it: " 0:00", " 00:00:00". */
static bool
skip_time(const char **p)
{
	const char *q = *p;
	long v;
	int n;

	if (*q != ' ' && *q != 'T')
		return false;
	q++;
	skip_spaces(&q);
	n = read_digits(&q, &v);
	if (n < 1 || n > 2 || *q++ != ':' || read_digits(&q, &v) != 2)
		return false;
	if (*q == ':') {
		q++;
		if (read_digits(&q, &v) != 2)
			return false;
		if (*q == '.') {
			q++;
			if (read_digits(&q, &v) == 0)
				return false;
		}
	}
	*p = q;
	return true;
}

/* A date written as a plain number: 20150307, an Excel serial, a year. */
static int
date_number(const char *s, char **out, char **cause)
{
	const char *p = s;
	char iso[11];
	long v, y, m, d;
	int n;

	n = read_digits(&p, &v);
	if (n == 8 && *p == '\0') {
		y = v / 10000;
		m = v / 100 % 100;
		d = v % 100;
		if (check_ymd(y, m, d, cause) == -1)
			return -1;
		*out = xasprintf("%04ld-%02ld-%02ld", y, m, d);
		return 0;
	}
	if (n == 5 && v <= 73050 && (*p == '\0' ||
	    (*p == '.' && all_digits(p + 1)))) {
		excel_serial_date(v, iso);
		return reject(cause, _("looks like a date Excel turned into a "
		    "number (%s would be %s): format the column as a date and "
		    "export again"), s, iso);
	}
	if (excel_number(s))
		return reject_excel(cause, s);
	if (n == 4 && *p == '\0' && v >= 1900 && v <= 2100)
		return reject(cause, "%s",
		    _("only a year: the month and day are needed too"));
	return reject(cause, "%s", _("not a valid date: write it as 2015-03-07"));
}

/*
 * The written forms: year, month and day separated by one of - . / used
 * twice, or by 年 月 (日 or 号 or nothing); a time Excel adds is ignored.
 */
static int
date_parse(const char *s, char **out, char **cause)
{
	const char *p = s;
	long y, m, d;
	int ny, nm, nd;
	char sep = 0;
	bool zh;

	ny = read_digits(&p, &y);
	skip_spaces(&p);
	if ((zh = skip(&p, "年")) == false) {
		if (*p != '-' && *p != '.' && *p != '/')
			goto bad;
		sep = *p++;
	}
	skip_spaces(&p);
	if ((nm = read_digits(&p, &m)) == 0)
		goto bad;
	skip_spaces(&p);
	if (zh ? !skip(&p, "月") : (*p != '\0' && *p++ != sep))
		goto bad;
	skip_spaces(&p);
	if (*p == '\0')
		return reject(cause, "%s",
		    _("the day is missing: year, month and day are needed"));
	nd = read_digits(&p, &d);
	if (zh) {
		skip_spaces(&p);
		if (!skip(&p, "日"))
			skip(&p, "号");
	}
	skip_time(&p);
	skip_spaces(&p);
	if (nd == 0 || *p != '\0')
		goto bad;
	if (ny >= 1 && ny <= 2 && nd == 4)
		return reject(cause, "%s",
		    _("write the year first, as in 2015-03-07"));
	if (ny == 2)
		return reject(cause, "%s", _("the year must have four digits"));
	if (ny != 4 || nm > 2 || nd > 2)
		goto bad;
	if (check_ymd(y, m, d, cause) == -1)
		return -1;
	*out = xasprintf("%04ld-%02ld-%02ld", y, m, d);
	return 0;
bad:
	return reject(cause, "%s", _("not a valid date: write it as 2015-03-07"));
}

int
val_date(const char *in, char **out, char **cause)
{
	char *s = prep(in);
	const char *p = s;
	long v;
	int n, rc;

	*out = NULL;
	n = read_digits(&p, &v);
	if (*s == '\0')
		rc = reject(cause, "%s", _("empty"));
	else if (*p == '\0' || excel_number(s) ||
	    (n == 5 && *p == '.' && all_digits(p + 1)))
		rc = date_number(s, out, cause);
	else
		rc = date_parse(s, out, cause);
	free(s);
	return rc;
}

/* ---- phones ---- */

/*
 * A phone number as parsed: its digits, where separators fell among them
 * (for telling an extension after "-" from the number), the digits given
 * in parentheses (an area code) and an extension given with 转.
 */
struct phone {
	struct buf	 digits;
	size_t		 dash_at;	/* digits before the last '-', or 0 */
	size_t		 paren_from, paren_len;
	char		*ext;
};

/* Splits off an extension written with 转, 分机 or "ext". */
static const char *
phone_ext_word(const char *s)
{
	static const char *const words[] = { "转", "分机", "ext", "EXT", "Ext" };
	const char *hit, *first = NULL;
	size_t i;

	for (i = 0; i < nitems(words); i++) {
		hit = strstr(s, words[i]);
		if (hit != NULL && (first == NULL || hit < first))
			first = hit;
	}
	return first;
}

static int
phone_scan(const char *s, struct phone *ph, char **cause)
{
	const char *p, *end, *ext;
	bool open = false;

	if ((ext = phone_ext_word(s)) != NULL) {
		p = ext;
		while (*p != '\0' && !is_digit(*p))
			p++;
		if (strspn(p, "0123456789") != strlen(p) || *p == '\0' ||
		    strlen(p) > 6)
			return reject(cause, "%s",
			    _("the extension should have 1 to 6 digits"));
		ph->ext = xstrdup(p);
	}
	end = ext != NULL ? ext : s + strlen(s);
	for (p = s; p < end; p++) {
		if (is_digit(*p))
			buf_addc(&ph->digits, *p);
		else if (*p == '-')
			ph->dash_at = ph->digits.len;
		else if (*p == ' ' || *p == '.')
			continue;
		else if (*p == '+' && p == s)
			continue;
		else if (*p == '(' && !open && ph->paren_len == 0) {
			open = true;
			ph->paren_from = ph->digits.len;
		} else if (*p == ')' && open) {
			open = false;
			ph->paren_len = ph->digits.len - ph->paren_from;
		} else if (strchr("/,;", *p) != NULL ||
		    str_startswith(p, "、") || str_startswith(p, "或")) {
			return reject(cause, "%s",
			    _("enter only one phone number"));
		} else
			return reject(cause, "%s", _("a phone number may only "
			    "have digits, spaces, dashes and a leading +86"));
	}
	if (open)
		return reject(cause, "%s", _("a bracket is not closed"));
	if (ph->digits.len == 0)
		return reject(cause, "%s", _("no digits"));
	return 0;
}

/*
 * Drops a country code: +86, 0086, or a bare 86 before a mobile number.
 * After +86 a landline's area code has no leading 0: put it back.
 */
static int
phone_country(const char *s, struct phone *ph, char **cause)
{
	char *d = ph->digits.s;
	size_t drop = 0, n = ph->digits.len;

	if (*s == '+') {
		if (strncmp(d, "86", 2) != 0)
			return reject(cause, "%s",
			    _("only mainland Chinese numbers (+86) are kept"));
		drop = 2;
	} else if (strncmp(d, "0086", 4) == 0 && n >= 13)
		drop = 4;
	else if (strncmp(d, "86", 2) == 0 && n == 13 && d[2] == '1')
		drop = 2;
	if (drop == 0)
		return 0;
	memmove(d, d + drop, n - drop + 1);
	ph->digits.len -= drop;
	ph->dash_at = ph->dash_at > drop ? ph->dash_at - drop : 0;
	ph->paren_from = ph->paren_from > drop ? ph->paren_from - drop : 0;
	if (d[0] != '0' && d[0] != '1' && d[0] != '\0') {
		buf_addc(&ph->digits, '0');
		memmove(ph->digits.s + 1, ph->digits.s, ph->digits.len - 1);
		ph->digits.s[0] = '0';
		if (ph->dash_at > 0)
			ph->dash_at++;
		if (ph->paren_len > 0)
			ph->paren_len++;
	}
	return 0;
}

static int
phone_mobile(struct phone *ph, char **out, char **cause)
{
	const char *d = ph->digits.s;

	if (ph->digits.len != 11)
		return reject(cause, _("a mobile number has 11 digits, not %zu"),
		    ph->digits.len);
	if (d[1] < '3')
		return reject(cause, "%s",
		    _("a mobile number starts with 13 to 19"));
	if (ph->ext != NULL)
		return reject(cause, "%s", _("a mobile number has no extension"));
	*out = xstrdup(d);
	return 0;
}

/*
 * Area codes: 010 and 020..029 have three digits, all others four
 * (0311, 0731, 0898...).  The local number has 7 or 8 digits; digits
 * after it are an extension only if a dash separated them.
 */
static int
phone_landline(struct phone *ph, char **out, char **cause)
{
	const char *d = ph->digits.s, *ext = ph->ext;
	size_t n = ph->digits.len, area, local;

	if (d[1] == '0')
		return reject(cause, "%s",
		    _("only mainland Chinese numbers (+86) are kept"));
	if (d[1] == '1' && d[2] != '0')
		return reject(cause, "%s", _("not a valid area code"));
	area = d[1] == '1' || d[1] == '2' ? 3 : 4;
	if (ph->paren_len != 0 && (ph->paren_from != 0 || ph->paren_len != area))
		return reject(cause, "%s", _("not a valid area code"));
	if (n < area + 7)
		return reject(cause, "%s", _("too few digits: the local number "
		    "after the area code has 7 or 8 digits"));
	local = n - area;
	if (ext == NULL && (ph->dash_at == area + 7 ||
	    ph->dash_at == area + 8) && n > ph->dash_at &&
	    n - ph->dash_at <= 6) {
		local = ph->dash_at - area;
		ext = d + ph->dash_at;
	} else if (local > 8)
		return reject(cause, "%s", _("too many digits: the local "
		    "number after the area code has 7 or 8 digits"));
	*out = xasprintf("%.*s-%.*s%s%s", (int)area, d, (int)local, d + area,
	    ext != NULL ? "-" : "", ext != NULL ? ext : "");
	return 0;
}

int
val_phone(const char *in, char **out, char **cause)
{
	char *s = prep(in);
	struct phone ph = { 0 };
	int rc = -1;

	*out = NULL;
	if (*s == '\0')
		rc = reject(cause, "%s", _("empty"));
	else if (excel_number(s))
		rc = reject_excel(cause, s);
	else if (phone_scan(s, &ph, cause) == 0 &&
	    phone_country(s, &ph, cause) == 0) {
		if (ph.digits.s[0] == '1')
			rc = phone_mobile(&ph, out, cause);
		else if (ph.digits.s[0] == '0')
			rc = phone_landline(&ph, out, cause);
		else if (ph.digits.len == 7 || ph.digits.len == 8)
			rc = reject(cause, "%s",
			    _("the area code is missing, as in 0731-84567890"));
		else
			rc = reject(cause, "%s", _("not a mobile number (11 "
			    "digits, 13...) or a landline (0731-84567890)"));
	}
	buf_free(&ph.digits);
	free(ph.ext);
	free(s);
	return rc;
}

char *
phone_digits(const char *phone)
{
	struct buf b = { 0 };

	for (; phone != NULL && *phone != '\0'; phone++)
		if (is_digit(*phone))
			buf_addc(&b, *phone);
	return buf_take(&b);
}

/* ---- resident ID numbers ---- */

/* The check character of GB 11643 for 17 digits. */
static char
idnum_check(const char *d)
{
	static const int weight[17] = {
		7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2
	};
	int i, sum = 0;

	for (i = 0; i < 17; i++)
		sum += (d[i] - '0') * weight[i];
	return "10X98765432"[sum % 11];
}

/* Copies the input without spaces (people type 430523 20150307 1234). */
static char *
idnum_compact(const char *in)
{
	char *s = prep(in), *r, *w;

	for (r = w = s; *r != '\0'; r++)
		if (*r != ' ')
			*w++ = *r == 'x' ? 'X' : *r;
	*w = '\0';
	return s;
}

static int
idnum_check_chars(const char *s, size_t n, char **cause)
{
	if (n == 15 && all_digits(s))
		return reject(cause, "%s", _("an old 15-digit number: use the "
		    "18-character number of the current ID card"));
	if (n != 18)
		return reject(cause, _("an ID number has 18 characters, not %zu"),
		    u8_len(s));
	if (strspn(s, "0123456789") < 17 || (!is_digit(s[17]) && s[17] != 'X'))
		return reject(cause, "%s", _("an ID number has 17 digits and a "
		    "last character that is a digit or X"));
	return 0;
}

int
val_idnum(const char *in, char **out, char **cause)
{
	char *s = idnum_compact(in), birth[11], today[11], want;
	size_t n = strlen(s);
	int rc = -1;

	*out = NULL;
	if (n == 0)
		rc = reject(cause, "%s", _("empty"));
	else if (excel_number(s))
		rc = reject_excel(cause, s);
	else if (idnum_check_chars(s, n, cause) == 0) {
		idnum_birth(s, birth);
		date_today(today);
		want = idnum_check(s);
		if (check_ymd(strtol(birth, NULL, 10),
		    strtol(birth + 5, NULL, 10), strtol(birth + 8, NULL, 10),
		    NULL) == -1)
			rc = reject(cause, _("the birth date in it (%s) is not "
			    "a real date"), birth);
		else if (strcmp(birth, today) > 0)
			rc = reject(cause, _("the birth date in it (%s) is in "
			    "the future"), birth);
		else if (s[17] != want && strcmp(s + 15, "000") == 0)
			rc = reject(cause, "%s", _("the last digits were lost "
			    "by Excel (they became 000): format the column as "
			    "text and export again"));
		else if (s[17] != want)
			rc = reject(cause, _("the check digit should be %c "
			    "(or one of the other digits is wrong)"), want);
		else {
			*out = s;
			s = NULL;
			rc = 0;
		}
	}
	free(s);
	return rc;
}

int
val_idnum_matches(const char *id, const char *birth, const char *sex,
    char **cause)
{
	char idbirth[11];
	const char *idsex;

	if (id == NULL || strlen(id) != 18 || strspn(id, "0123456789") < 17)
		return reject(cause, "%s", _("not a valid ID number"));
	idnum_birth(id, idbirth);
	idsex = idnum_sex(id);
	if (!str_empty(birth) && strcmp(birth, idbirth) != 0)
		return reject(cause, _("the birth date in it is %s, not %s"),
		    idbirth, birth);
	if (!str_empty(sex) && strcmp(sex, idsex) != 0)
		return reject(cause, "%s", strcmp(idsex, "m") == 0 ?
		    _("it is a male's number, but the sex is female") :
		    _("it is a female's number, but the sex is male"));
	return 0;
}

void
idnum_birth(const char *id, char out[11])
{
	out[0] = '\0';
	if (id == NULL || strlen(id) < 14 || strspn(id + 6, "0123456789") < 8)
		return;
	snprintf(out, 11, "%.4s-%.2s-%.2s", id + 6, id + 10, id + 12);
}

const char *
idnum_sex(const char *id)
{
	if (id == NULL || strlen(id) < 17 || !is_digit(id[16]))
		return "";
	return (id[16] - '0') % 2 == 1 ? "m" : "f";
}

/* ---- characters of names ---- */

/* Classes from NC_DIGIT on never belong in a name. */
enum nclass {
	NC_NONE, NC_HAN, NC_WORD, NC_MARK, NC_DOT, NC_JOIN, NC_SPACE,
	NC_DIGIT, NC_BRACKET, NC_LIST, NC_OTHER
};

struct range {
	uint32_t	lo, hi;
	enum nclass	cls;
};

/*
 * The characters of names.  Besides Han and Latin, the scripts in which
 * China's peoples write their own names (Uyghur and Kazakh in Arabic
 * script, Tibetan, Mongolian, Yi, Korean) are letters too.  Digits of
 * those scripts are digits.  Private-use characters count as Han: some
 * registration systems encode rare name characters there.  Searched in
 * order: the first range that holds the character decides.  Fillers and
 * blanks that look like nothing (Hangul fillers, zero-width and braille
 * blanks, the Mongolian vowel separator) are no part of a name.
 */
static const struct range name_ranges[] = {
	{ 0x115f, 0x1160, NC_OTHER }, { 0x3164, 0x3164, NC_OTHER },
	{ 0xffa0, 0xffa0, NC_OTHER }, { 0x180e, 0x180e, NC_OTHER },
	{ 0x200b, 0x200f, NC_OTHER }, { 0x2060, 0x2064, NC_OTHER },
	{ 0x2800, 0x2800, NC_OTHER }, { 0x17b4, 0x17b5, NC_OTHER },
	{ '0', '9', NC_DIGIT },
	{ 'A', 'Z', NC_WORD }, { 'a', 'z', NC_WORD },
	{ ' ', ' ', NC_SPACE },
	{ '.', '.', NC_DOT }, { 0xb7, 0xb7, NC_DOT }, { 0x387, 0x387, NC_DOT },
	{ 0x2022, 0x2022, NC_DOT }, { 0x2027, 0x2027, NC_DOT },
	{ 0x2219, 0x2219, NC_DOT }, { 0x22c5, 0x22c5, NC_DOT },
	{ 0x30fb, 0x30fb, NC_DOT }, { 0xff65, 0xff65, NC_DOT },
	{ '-', '-', NC_JOIN }, { '\'', '\'', NC_JOIN },
	{ 0x2019, 0x2019, NC_JOIN },
	{ '(', ')', NC_BRACKET }, { '<', '<', NC_BRACKET },
	{ '>', '>', NC_BRACKET }, { '[', '[', NC_BRACKET },
	{ ']', ']', NC_BRACKET }, { '{', '{', NC_BRACKET },
	{ '}', '}', NC_BRACKET }, { 0x3008, 0x3011, NC_BRACKET },
	{ 0x3014, 0x301b, NC_BRACKET },
	{ ',', ',', NC_LIST }, { '/', '/', NC_LIST }, { ';', ';', NC_LIST },
	{ 0x3001, 0x3001, NC_LIST },
	{ 0xd7, 0xd7, NC_OTHER }, { 0xf7, 0xf7, NC_OTHER },
	{ 0xc0, 0x24f, NC_WORD }, { 0x300, 0x36f, NC_MARK },
	{ 0x660, 0x669, NC_DIGIT }, { 0x6f0, 0x6f9, NC_DIGIT },
	{ 0x620, 0x64a, NC_WORD }, { 0x64b, 0x65f, NC_MARK },
	{ 0x66e, 0x6d3, NC_WORD }, { 0x6d5, 0x6ff, NC_WORD },
	{ 0xf20, 0xf33, NC_DIGIT }, { 0xf00, 0xfff, NC_WORD },
	{ 0x1810, 0x1819, NC_DIGIT }, { 0x180b, 0x18af, NC_WORD },
	{ 0x1100, 0x11ff, NC_WORD }, { 0x1e00, 0x1eff, NC_WORD },
	{ 0x2460, 0x24ff, NC_DIGIT }, { 0x3007, 0x3007, NC_HAN },
	{ 0x3130, 0x318f, NC_WORD }, { 0x3400, 0x4dbf, NC_HAN },
	{ 0x4e00, 0x9fff, NC_HAN }, { 0xa000, 0xa4cf, NC_WORD },
	{ 0xac00, 0xd7a3, NC_WORD }, { 0xe000, 0xf8ff, NC_HAN },
	{ 0xf900, 0xfaff, NC_HAN }, { 0x20000, 0x323af, NC_HAN },
};

static enum nclass
name_class(uint32_t cp)
{
	size_t i;

	for (i = 0; i < nitems(name_ranges); i++)
		if (cp >= name_ranges[i].lo && cp <= name_ranges[i].hi)
			return name_ranges[i].cls;
	return NC_OTHER;
}

bool
val_is_han(uint32_t cp)
{
	return name_class(cp) == NC_HAN;
}

/* ---- grades and classes ---- */

static const char *const grade_msgids[9] = {
	/* TRANSLATORS: grades as shown: 一年级 .. 六年级, then 初一 .. 初三. */
	N_("grade 1"), N_("grade 2"), N_("grade 3"),
	N_("grade 4"), N_("grade 5"), N_("grade 6"),
	N_("junior 1"), N_("junior 2"), N_("junior 3"),
};

/* Reads 一..九 at *p: 1..9, or 0 (and *p unchanged). */
static int
zh_digit(const char **p)
{
	static const char *const digits[9] = {
		"一", "二", "三", "四", "五", "六", "七", "八", "九"
	};
	int i;

	for (i = 0; i < 9; i++)
		if (skip(p, digits[i]))
			return i + 1;
	return 0;
}

/*
 * Reads a number in Arabic digits or Chinese numerals up to 九十九
 * (三, 十, 十二, 二十三).  Returns -1 if there is none; *ndigits is the
 * count of Arabic digits (0 for Chinese).
 */
static long
read_number(const char **p, int *ndigits)
{
	long v;
	int tens;

	if ((*ndigits = read_digits(p, &v)) > 0)
		return v;
	tens = zh_digit(p);
	if (!skip(p, "十"))
		return tens > 0 ? tens : -1;
	return (tens > 0 ? tens : 1) * 10 + zh_digit(p);
}

/* The stored grade whose label (English or translated) is s, or 0. */
static int
grade_by_label(const char *s)
{
	int i;

	for (i = 0; i < 9; i++)
		if (eq_fold(s, grade_msgids[i]) || eq_fold(s, _(grade_msgids[i])))
			return i + 1;
	return 0;
}

enum stage { ST_ANY, ST_PRIMARY, ST_JUNIOR, ST_JUNIOR_SHORT };

/* Junior middle school: 初一..初三 or 初中一..三年级 or 初中七..九年级. */
static int
junior_grade(enum stage st, long g, char **cause)
{
	if (g == 4)
		return reject(cause, "%s", _("junior grades go up to 3; in a "
		    "5+4 school use the year of schooling, 6 to 9"));
	if (g >= 1 && g <= 3)
		return (int)g + 6;
	if (st == ST_JUNIOR && g >= 7 && g <= 9)
		return (int)g;
	return reject(cause, "%s", _("junior grades are 1 to 3"));
}

static int
parse_grade(const char *s, char **cause)
{
	const char *p = s;
	enum stage st = ST_ANY;
	long g;
	int nd;

	if (skip(&p, "小学") || skip(&p, "小"))
		st = ST_PRIMARY;
	else if (skip(&p, "初中"))
		st = ST_JUNIOR;
	else if (skip(&p, "初") || skip(&p, "junior"))
		st = ST_JUNIOR_SHORT;
	else if (skip(&p, "高") || skip(&p, "幼") || skip(&p, "学前"))
		return reject(cause, "%s", _("only primary and junior middle "
		    "school grades (1 to 9) are kept"));
	else
		skip(&p, "grade");
	skip_spaces(&p);
	if ((g = read_number(&p, &nd)) < 0)
		return reject(cause, "%s", _("not a grade: use 1 to 9"));
	if (nd == 4 && skip(&p, "级"))
		return reject(cause, "%s",
		    _("an entry year, not a grade: use 1 to 9"));
	skip_spaces(&p);
	skip(&p, "年级");
	skip_spaces(&p);
	if (*p != '\0')
		return reject(cause, "%s", strstr(p, "班") != NULL ?
		    _("a class is included: put the class in its own column") :
		    _("not a grade: use 1 to 9"));
	if (st == ST_JUNIOR || st == ST_JUNIOR_SHORT)
		return junior_grade(st, g, cause);
	if (st == ST_PRIMARY && (g < 1 || g > 6))
		return reject(cause, "%s", _("primary grades are 1 to 6"));
	if (g < 1 || g > 9)
		return reject(cause, "%s", _("grade must be 1 to 9"));
	return (int)g;
}

int
val_grade(const char *in, char **out, char **cause)
{
	char *s = prep(in);
	int g;

	*out = NULL;
	if (*s == '\0')
		g = reject(cause, "%s", _("empty"));
	else if ((g = grade_by_label(s)) == 0)
		g = parse_grade(s, cause);
	free(s);
	if (g == -1)
		return -1;
	*out = xasprintf("%d", g);
	return 0;
}

const char *
grade_label(const char *grade)
{
	if (grade == NULL)
		return "";
	if (grade[0] >= '1' && grade[0] <= '9' && grade[1] == '\0')
		return _(grade_msgids[grade[0] - '1']);
	return grade;
}

/*
 * Class names other than numbers (甲, 实验, A): Han characters, letters
 * and digits; ASCII letters upper case, so that "a" and "A" are the same
 * class.
 */
static int
class_name(const char *s, char **out, char **cause)
{
	const char *p = s;
	size_t n = strlen(s);
	enum nclass cls;
	uint32_t cp = 0;
	char *w;
	int k;

	for (; n > 0; p += k, n -= k) {
		k = u8_decode(p, n, &cp);
		cls = k < 0 ? NC_OTHER : name_class(cp);
		if ((cls != NC_HAN && (cp > 'z' || (cls != NC_WORD &&
		    cls != NC_DIGIT))) || cp == 0x73ed)	/* 班 */
			return reject(cause, "%s", _("a class is a number such "
			    "as 2, or a short name of letters or Chinese "
			    "characters"));
	}
	*out = xstrdup(s);
	for (w = *out; *w != '\0'; w++)
		if (*w >= 'a' && *w <= 'z')
			*w = *w - 'a' + 'A';
	return 0;
}

int
val_class(const char *in, char **out, char **cause)
{
	char *s = prep(in), *t, *e;
	const char *p;
	long v;
	int nd, rc;

	*out = NULL;
	/* Drop spaces, a final 班 and enclosing brackets: （2）班 -> 2. */
	for (t = e = s; *t != '\0'; t++)
		if (*t != ' ')
			*e++ = *t;
	*e = '\0';
	if (e - s >= 3 && strcmp(e - 3, "班") == 0)
		*(e -= 3) = '\0';
	t = s;
	if (*t == '(' && e > t + 1 && e[-1] == ')') {
		t++;
		*--e = '\0';
	}
	p = t;
	if (*t == '\0')
		rc = reject(cause, "%s", _("empty"));
	else if (excel_number(t))
		rc = reject_excel(cause, t);
	else if (strstr(t, "年级") != NULL || strchr(t, '(') > t ||
	    str_startswith(t, "初"))
		rc = reject(cause, "%s",
		    _("a grade is included: put the grade in its own column"));
	else if ((v = read_number(&p, &nd)) >= 0 && *p == '\0') {
		if (v < 1 || v > 99)
			rc = reject(cause, "%s", _("class must be 1 to 99"));
		else {
			*out = xasprintf("%ld", v);
			rc = 0;
		}
	} else if (u8_len(t) > CLASS_MAX_CHARS)
		rc = reject(cause, _("too long: at most %d characters"),
		    CLASS_MAX_CHARS);
	else
		rc = class_name(t, out, cause);
	free(s);
	return rc;
}

/* ---- yes/no and choices ---- */

static const struct {
	const char	*word;
	bool		 yes;
} bool_words[] = {
	{ "是", true },		{ "否", false },
	{ "有", true },		{ "无", false },	{ "没有", false },
	{ "寄宿", true },	{ "住校", true },	{ "走读", false },
	{ "对", true },		{ "不是", false },
	{ "y", true },		{ "n", false },
	{ "yes", true },	{ "no", false },
	{ "true", true },	{ "false", false },
	{ "1", true },		{ "0", false },
	{ "√", true },		{ "×", false },
	{ "✓", true },		{ "✗", false },
	{ "✔", true },		{ "✘", false },		{ "✕", false },
};

/* 1 for yes, 0 for no, -1 for neither. */
static int
bool_value(const char *s)
{
	size_t i;

	for (i = 0; i < nitems(bool_words); i++)
		if (eq_fold(s, bool_words[i].word))
			return bool_words[i].yes;
	/* What the screens show, in the language in use. */
	/* TRANSLATORS: the answers to a yes/no field (是, 否). */
	if (eq_fold(s, _("yes")))
		return 1;
	if (eq_fold(s, _("no")))
		return 0;
	return -1;
}

int
val_bool(const char *in, char **out, char **cause)
{
	char *s = prep(in);
	int v = *s == '\0' ? -1 : bool_value(s);

	*out = NULL;
	if (v == -1)
		reject(cause, "%s", *s == '\0' ? _("empty: enter yes or no") :
		    _("not a yes or no answer (是/否, Y/N, 1/0)"));
	else
		*out = xstrdup(v ? "1" : "0");
	free(s);
	return v == -1 ? -1 : 0;
}

/* The label as shown: gettext("") would give the catalog's header. */
static const char *
label_text(const char *label)
{
	return label == NULL || *label == '\0' ? "" : _(label);
}

static bool
choice_matches(const struct choice *c, const char *s)
{
	const char *a, *bar;

	if (eq_fold(s, c->key) || eq_fold(s, c->label) ||
	    (c->label != NULL && eq_fold(s, label_text(c->label))) ||
	    eq_fold(s, c->zh))
		return true;
	for (a = c->aliases; a != NULL; a = bar != NULL ? bar + 1 : NULL) {
		bar = strchr(a, '|');
		if (is_word(s, a, bar != NULL ? (size_t)(bar - a) : strlen(a)))
			return true;
	}
	return false;
}

int
val_choice(const struct choice *choices, const char *in, const char **out,
    char **cause)
{
	char *s = prep(in);
	const struct choice *c;
	struct buf b = { 0 };

	*out = NULL;
	for (c = choices; *s != '\0' && c->key != NULL; c++) {
		if (choice_matches(c, s)) {
			*out = c->key;
			free(s);
			return 0;
		}
	}
	for (c = choices; c->key != NULL; c++)
		buf_addf(&b, "%s%s", c == choices ? "" : ", ",
		    label_text(c->label));
	if (*s == '\0')
		reject(cause, "%s", _("empty"));
	else
		reject(cause, _("not one of: %s"), b.s != NULL ? b.s : "");
	buf_free(&b);
	free(s);
	return -1;
}

const struct choice *
choice_find(const struct choice *choices, const char *key)
{
	const struct choice *c;

	for (c = choices; key != NULL && c->key != NULL; c++)
		if (strcmp(c->key, key) == 0)
			return c;
	return NULL;
}

const struct choice sex_choices[] = {
	{ "m", N_("male"), "男", "M|男性|男孩|男生|boy" },
	{ "f", N_("female"), "女", "F|女性|女孩|女生|girl" },
	{ NULL, NULL, NULL, NULL }
};

const struct choice relation_choices[] = {
	{ "father", N_("father"), "父亲", "爸爸|爸|父|爹" },
	{ "mother", N_("mother"), "母亲", "妈妈|妈|母|娘" },
	{ "grandfather", N_("grandfather"), "祖父", "爷爷|爷" },
	{ "grandmother", N_("grandmother"), "祖母", "奶奶|奶" },
	{ "maternal_grandfather", N_("maternal grandfather"), "外祖父",
	    "外公|姥爷" },
	{ "maternal_grandmother", N_("maternal grandmother"), "外祖母",
	    "外婆|姥姥" },
	{ "uncle_paternal", N_("uncle (father's brother)"), "叔伯",
	    "叔叔|伯伯|伯父|叔父|叔|伯" },
	{ "aunt_paternal", N_("aunt (father's sister)"), "姑", "姑姑|姑妈" },
	{ "uncle_maternal", N_("uncle (mother's brother)"), "舅", "舅舅" },
	{ "aunt_maternal", N_("aunt (mother's sister)"), "姨", "阿姨|姨妈" },
	{ "sibling", N_("elder brother or sister"), "兄姐",
	    "哥哥|姐姐|哥|姐" },
	{ "village_director", N_("village children's director"), "儿童主任",
	    "村儿童主任" },
	{ "other", N_("other"), "其他", "其它" },
	{ NULL, NULL, NULL, NULL }
};

/* ---- free text and names ---- */

/*
 * Zero-width characters carry nothing in Chinese text but break searching
 * and sorting; they arrive with copied text and are dropped.  Bidi
 * overrides reorder what the screen shows, so they are refused.
 */
static bool
cp_dropped(uint32_t cp)
{
	return cp == 0x200b || cp == 0x200e || cp == 0x200f || cp == 0x2060 ||
	    cp == 0xfeff;
}

static int
text_char(struct buf *b, uint32_t cp, bool multiline, char **cause)
{
	char enc[4];

	if (cp == '\n' || cp == 0x2028 || cp == 0x2029) {
		if (!multiline)
			return reject(cause, "%s", _("contains a line break: "
			    "the text must be on one line"));
		cp = '\n';
	} else if (cp == '\t' && !multiline)
		return reject(cause, "%s", _("contains a tab character"));
	else if ((cp < 0x20 && cp != '\t') || (cp >= 0x7f && cp < 0xa0))
		return reject(cause, _("contains an invisible control "
		    "character (U+%04X)"), (unsigned)cp);
	else if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 &&
	    cp <= 0x2069))
		return reject(cause, _("contains an invisible formatting "
		    "character (U+%04X)"), (unsigned)cp);
	else if (cp_dropped(cp))
		return 0;
	buf_add(b, enc, u8_encode(cp, enc));
	return 0;
}

int
val_text(const char *in, int maxchars, bool multiline, char **out,
    char **cause)
{
	struct buf b = { 0 };
	char *t;
	const char *p;
	size_t n;
	uint32_t cp;
	int k;

	*out = NULL;
	if (in == NULL)
		in = "";
	if (!u8_valid(in, strlen(in)))
		return reject(cause, "%s", _("not valid UTF-8 text (was the "
		    "file saved in another encoding, such as GBK?)"));
	t = str_trim(in);
	for (p = t, n = strlen(t); n > 0; p += k, n -= k) {
		k = u8_decode(p, n, &cp);
		if (cp == '\r') {		/* CR LF or a lone CR */
			if (n > 1 && p[1] == '\n')
				continue;
			cp = '\n';
		}
		if (text_char(&b, cp, multiline, cause) == -1) {
			buf_free(&b);
			free(t);
			return -1;
		}
	}
	free(t);
	t = buf_take(&b);
	*out = str_trim(t);
	free(t);
	if (maxchars > 0 && u8_len(*out) > (size_t)maxchars) {
		free(*out);
		*out = NULL;
		return reject(cause, _("too long: at most %d characters"),
		    maxchars);
	}
	return 0;
}

/* What people put where a name is unknown; not names. */
static const char *const name_placeholders[] = {
	"无", "不详", "未知", "空", "暂无", "没有", "待定", "略", "不知道",
	"-", "--", "/", "?", "n/a", "na", "none", "null", "unknown",
};
static const char *const name_ditto[] = { "同上", "同前", "同左", "〃" };

static int
name_words(const char *s, char **cause)
{
	size_t i;

	for (i = 0; i < nitems(name_placeholders); i++)
		if (eq_fold(s, name_placeholders[i]))
			return reject(cause, "%s", _("not a name: leave the "
			    "field empty if the name is not known"));
	for (i = 0; i < nitems(name_ditto); i++)
		if (strcmp(s, name_ditto[i]) == 0)
			return reject(cause, "%s", _("write the name itself, "
			    "not \"same as above\""));
	return 0;
}

/* Rejects a character that has no place in a name, saying which. */
static int
name_bad_char(enum nclass cls, uint32_t cp, char **cause)
{
	char enc[5];

	if (cls == NC_DIGIT)
		return reject(cause, "%s", _("a name cannot contain digits"));
	if (cls == NC_BRACKET)
		return reject(cause, "%s", _("a name cannot contain brackets: "
		    "put remarks in another field"));
	if (cls == NC_DOT)
		return reject(cause, "%s", _("the middle dot must stand "
		    "between two parts of the name"));
	if (cls == NC_LIST)
		return reject(cause, "%s", _("enter only one name"));
	enc[u8_encode(cp, enc)] = '\0';
	return reject(cause, _("a name cannot contain \"%s\""), enc);
}

/*
 * Builds the stored form: spaces dropped except between two words of
 * letters (Ayixiamu Maimaiti), every middle dot written U+00B7, a hyphen
 * or apostrophe only inside a word of letters.
 */
static int
name_build(const char *s, struct buf *b, char **cause)
{
	enum nclass cls, prev = NC_NONE;
	bool space = false;
	size_t n = strlen(s);
	uint32_t cp;
	char enc[4];
	int k, marks = 0;

	for (; n > 0; s += k, n -= k) {
		k = u8_decode(s, n, &cp);	/* s is valid UTF-8 */
		cls = name_class(cp);
		/* A letter carries two marks at most (ệ); more is a pile. */
		marks = cls == NC_MARK ? marks + 1 : 0;
		if (marks > 2)
			return reject(cause, "%s", _("a name cannot contain "
			    "marks piled on one letter"));
		if (cls == NC_SPACE) {
			space = true;
			continue;
		}
		if (prev == NC_JOIN && (cls != NC_WORD || space))
			return name_bad_char(NC_OTHER,
			    (unsigned char)b->s[b->len - 1], cause);
		if ((cls == NC_DOT && (prev == NC_NONE || prev == NC_DOT)) ||
		    (cls == NC_JOIN && (prev != NC_WORD || space)) ||
		    (cls == NC_MARK && (space || (prev != NC_WORD &&
		    prev != NC_HAN))) || cls >= NC_DIGIT)
			return name_bad_char(cls, cp, cause);
		if (space && prev == NC_WORD && cls == NC_WORD)
			buf_addc(b, ' ');
		if (cls == NC_DOT)
			cp = 0xb7;
		else if (cls == NC_JOIN && cp != '-')
			cp = '\'';
		buf_add(b, enc, u8_encode(cp, enc));
		space = false;
		if (cls != NC_MARK)
			prev = cls;
	}
	if (prev == NC_DOT)
		return name_bad_char(NC_DOT, 0xb7, cause);
	if (prev == NC_JOIN)
		return name_bad_char(NC_OTHER, (unsigned char)b->s[b->len - 1],
		    cause);
	return 0;
}

int
val_name(const char *in, char **out, char **cause)
{
	struct buf b = { 0 };
	char *t, *s;
	int rc = -1;

	*out = NULL;
	if (val_text(in, 0, false, &t, cause) == -1)
		return -1;
	s = prep(t);
	free(t);
	if (*s == '\0')
		rc = reject(cause, "%s", _("empty"));
	else if (name_words(s, cause) == 0 && name_build(s, &b, cause) == 0 &&
	    name_words(b.s, cause) == 0) {		/* 同 上 as well */
		if (u8_len(b.s) > NAME_MAX_CHARS)
			rc = reject(cause, _("too long: at most %d characters"),
			    NAME_MAX_CHARS);
		else {
			*out = buf_take(&b);
			rc = 0;
		}
	}
	buf_free(&b);
	free(s);
	return rc;
}
