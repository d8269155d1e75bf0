/*
 * fieldtype.c -- the operations of each field type (see fieldtype.h):
 * one row of types[] per enum ftype.
 */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldtype.h"
#include "i18n.h"
#include "schema.h"
#include "util.h"
#include "validate.h"

/* ---- normalising ---- */

static int
normalize_text(const struct field *f, const char *in, char **out,
    char **cause)
{
	return val_text(in, f->maxlen, (f->flags & FF_MULTILINE) != 0, out,
	    cause);
}

static int
normalize_name(const struct field *f, const char *in, char **out,
    char **cause)
{
	return val_name(in, out, cause);
}

static int
normalize_date(const struct field *f, const char *in, char **out,
    char **cause)
{
	return val_date(in, out, cause);
}

static int
normalize_phone(const struct field *f, const char *in, char **out,
    char **cause)
{
	return val_phone(in, out, cause);
}

static int
normalize_choice(const struct field *f, const char *in, char **out,
    char **cause)
{
	const char *key;

	*out = NULL;
	if (val_choice(f->choices, in, &key, cause) != 0)
		return -1;
	*out = xstrdup(key);
	return 0;
}

static int
normalize_bool(const struct field *f, const char *in, char **out,
    char **cause)
{
	return val_bool(in, out, cause);
}

static int
normalize_idnum(const struct field *f, const char *in, char **out,
    char **cause)
{
	return val_idnum(in, out, cause);
}

static int
normalize_grade(const struct field *f, const char *in, char **out,
    char **cause)
{
	return val_grade(in, out, cause);
}

static int
normalize_class(const struct field *f, const char *in, char **out,
    char **cause)
{
	return val_class(in, out, cause);
}

static int
normalize_person(const struct field *f, const char *in, char **out,
    char **cause)
{
	enum rtype type;
	uint32_t id;
	char *t = str_trim(in);

	*out = NULL;
	if (!person_parse(t, &type, &id)) {
		set_cause(cause, _("not a person (staff:12, contact:34 or "
		    "official:5)"));
		free(t);
		return -1;
	}
	*out = t;
	return 0;
}

/* Times of day: 7:05, 07:05, 7.05, 0705, 7点05分, 7点 -> "07:05". */
static int
normalize_time(const struct field *f, const char *in, char **out,
    char **cause)
{
	char *h = str_halfwidth(in), *t = str_trim(h);
	int hh = -1, mm = 0, n = 0;
	char tail[8] = "";

	free(h);
	if (sscanf(t, "%2d:%2d%n", &hh, &mm, &n) == 2 ||
	    sscanf(t, "%2d.%2d%n", &hh, &mm, &n) == 2 ||
	    sscanf(t, "%2d\xe7\x82\xb9%2d%n", &hh, &mm, &n) == 2)
		snprintf(tail, sizeof tail, "%s", t + n);
	else if (sscanf(t, "%2d\xe7\x82\xb9%n", &hh, &n) == 1) {
		mm = 0;
		snprintf(tail, sizeof tail, "%s", t + n);
	} else if (strlen(t) == 4 && strspn(t, "0123456789") == 4) {
		hh = (t[0] - '0') * 10 + t[1] - '0';
		mm = (t[2] - '0') * 10 + t[3] - '0';
	} else
		hh = -1;
	if (strcmp(tail, "\xe5\x88\x86") == 0)	/* 分 */
		tail[0] = '\0';
	if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || tail[0] != '\0') {
		set_cause(cause, _("not a time of day: write it as 07:30"));
		free(t);
		return -1;
	}
	free(t);
	*out = xasprintf("%02d:%02d", hh, mm);
	return 0;
}

static bool
is_set_separator(const char *p, int *len)
{
	static const char *const seps[] = {
		",", "\xef\xbc\x8c" /* ， */, "\xe3\x80\x81" /* 、 */, ";",
		"\xef\xbc\x9b" /* ； */, "/", "+"
	};
	size_t i, n;

	for (i = 0; i < nitems(seps); i++) {
		n = strlen(seps[i]);
		if (strncmp(p, seps[i], n) == 0) {
			*len = (int)n;
			return true;
		}
	}
	return false;
}

/* A set: any separators; stored as keys in table order, joined by ",". */
static int
normalize_set(const struct field *f, const char *in, char **out,
    char **cause)
{
	bool on[32] = { false };
	struct buf word = { 0 }, b = { 0 };
	const char *p = in, *key;
	char *trimmed;
	int len = 0, i;

	for (;;) {
		if (*p == '\0' || is_set_separator(p, &len)) {
			trimmed = word.len > 0 ? str_trim(word.s) : NULL;
			if (trimmed != NULL && *trimmed != '\0') {
				if (val_choice(f->choices, trimmed, &key,
				    cause) != 0) {
					free(trimmed);
					buf_free(&word);
					buf_free(&b);
					return -1;
				}
				for (i = 0; f->choices[i].key != NULL; i++)
					if (strcmp(f->choices[i].key, key) == 0)
						on[i] = true;
			}
			free(trimmed);
			buf_reset(&word);
			if (*p == '\0')
				break;
			p += len;
			continue;
		}
		buf_addc(&word, *p++);
	}
	for (i = 0; f->choices[i].key != NULL; i++) {
		if (!on[i])
			continue;
		if (b.len > 0)
			buf_addc(&b, ',');
		buf_addstr(&b, f->choices[i].key);
	}
	buf_free(&word);
	*out = buf_take(&b);
	return 0;
}

static int
normalize_int(const struct field *f, const char *in, char **out,
    char **cause)
{
	char *s = str_halfwidth(in), *t = str_trim(s), *end;
	long v;

	free(s);
	v = strtol(t, &end, 10);
	if (*t == '\0' || *end != '\0' || v < f->min || v > f->max) {
		set_cause(cause, _("must be a whole number from %d to %d"),
		    f->min, f->max);
		free(t);
		return -1;
	}
	free(t);
	*out = xasprintf("%ld", v);
	return 0;
}

static int
normalize_ref(const struct field *f, const char *in, char **out,
    char **cause)
{
	char *t = str_trim(in), *end;
	unsigned long v;

	if (*t == '#')
		memmove(t, t + 1, strlen(t));
	v = strtoul(t, &end, 10);
	if (*t == '\0' || *end != '\0' || v == 0 || v > UINT32_MAX ||
	    !isdigit((unsigned char)*t)) {
		set_cause(cause, _("not a record number"));
		free(t);
		return -1;
	}
	free(t);
	*out = xasprintf("%lu", v);
	return 0;
}

static int
normalize_login(const struct field *f, const char *in, char **out,
    char **cause)
{
	char *t = str_trim(in);
	const char *p;

	for (p = t; *p != '\0'; p++) {
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) ||
		    *p == '_' || *p == '-' || *p == '.') ||
		    (p == t && (*p == '-' || *p == '.'))) {
			set_cause(cause, _("a login name has lower-case letters, "
			    "digits, \"_\", \"-\" and \".\" only"));
			free(t);
			return -1;
		}
	}
	if (p - t > 32) {
		set_cause(cause, _("too long: at most %d characters"), 32);
		free(t);
		return -1;
	}
	*out = t;
	return 0;
}

/* ---- showing ---- */

/*
 * A choice's label, translated.  Lists show the same few labels on
 * thousands of rows: the translations are remembered by the msgid's
 * address, for the language they were made in.
 */
const char *
choice_label(const struct choice *choices, const char *key)
{
	static struct {
		const char	*msgid;
		const char	*text;
		int		 zh;
	} memo[64];
	const struct choice *c = choice_find(choices, key);
	size_t h;

	if (c == NULL)
		return key;
	h = ((uintptr_t)c->label >> 3) % nitems(memo);
	if (memo[h].msgid != c->label || memo[h].zh != i18n_is_zh()) {
		memo[h].msgid = c->label;
		memo[h].text = _(c->label);
		memo[h].zh = i18n_is_zh();
	}
	return memo[h].text;
}

static char *
display_plain(const struct field *f, const char *value)
{
	return xstrdup(value);
}

static char *
display_choice(const struct field *f, const char *value)
{
	return xstrdup(choice_label(f->choices, value));
}

/* A set's keys as words (labels, or the Chinese words), joined by sep. */
static char *
set_join(const struct field *f, const char *value, const char *sep,
    bool zh)
{
	struct buf b = { 0 };
	const struct choice *ch;
	const char *p, *comma;
	char *key;

	for (p = value; *p != '\0'; p = *comma ? comma + 1 : comma) {
		comma = strchr(p, ',');
		if (comma == NULL)
			comma = p + strlen(p);
		key = xstrndup(p, comma - p);
		ch = choice_find(f->choices, key);
		if (b.len > 0)
			buf_addstr(&b, sep);
		if (ch == NULL)
			buf_addstr(&b, key);
		else
			buf_addstr(&b, zh && ch->zh != NULL ? ch->zh :
			    _(ch->label));
		free(key);
	}
	return buf_take(&b);
}

static char *
display_set(const struct field *f, const char *value)
{
	return set_join(f, value, i18n_is_zh() ? "、" : ", ", false);
}

static char *
display_bool(const struct field *f, const char *value)
{
	return xstrdup(strcmp(value, "1") == 0 ? _("yes") : _("no"));
}

static char *
display_grade(const struct field *f, const char *value)
{
	return xstrdup(grade_label(value));
}

/* ---- in a school's spreadsheet ---- */

/* Grades as a Chinese school writes them; val_grade() reads them back. */
static const char *const grade_zh[9] = {
	"一年级", "二年级", "三年级", "四年级", "五年级", "六年级",
	"初一", "初二", "初三"
};

static char *
sheet_choice(const struct field *f, const char *v)
{
	const struct choice *ch = choice_find(f->choices, v);

	return xstrdup(ch != NULL && ch->zh != NULL ? ch->zh : v);
}

static char *
sheet_set(const struct field *f, const char *v)
{
	return set_join(f, v, "、", true);
}

static char *
sheet_bool(const struct field *f, const char *v)
{
	return xstrdup(strcmp(v, "1") == 0 ? "是" : "否");
}

static char *
sheet_grade(const struct field *f, const char *v)
{
	return xstrdup(v[0] >= '1' && v[0] <= '9' && v[1] == '\0' ?
	    grade_zh[v[0] - '1'] : v);
}

static char *
sheet_class(const struct field *f, const char *v)
{
	return xasprintf("%s班", v);
}

/* A tab in front keeps Excel from turning 18 digits into 4.3E+17. */
static char *
sheet_idnum(const struct field *f, const char *v)
{
	return xasprintf("\t%s", v);
}

/* ---- the table ---- */

static const struct fieldtype types[] = {
	[FT_TEXT] = { FT_TEXT, "text", W_TEXT, normalize_text,
	    display_plain, display_plain },
	[FT_NAME] = { FT_NAME, "name", W_TEXT, normalize_name,
	    display_plain, display_plain },
	[FT_DATE] = { FT_DATE, "date", W_DATE, normalize_date,
	    display_plain, display_plain },
	[FT_PHONE] = { FT_PHONE, "phone", W_TEXT, normalize_phone,
	    display_plain, display_plain },
	[FT_CHOICE] = { FT_CHOICE, "choice", W_CHOICE, normalize_choice,
	    display_choice, sheet_choice },
	[FT_SET] = { FT_SET, "set", W_SET, normalize_set, display_set,
	    sheet_set },
	[FT_BOOL] = { FT_BOOL, "yes/no", W_BOOL, normalize_bool,
	    display_bool, sheet_bool },
	[FT_REF] = { FT_REF, "record", W_REF, normalize_ref, display_plain,
	    display_plain },
	[FT_IDNUM] = { FT_IDNUM, "ID number", W_TEXT, normalize_idnum,
	    display_plain, sheet_idnum },
	[FT_GRADE] = { FT_GRADE, "grade", W_TEXT, normalize_grade,
	    display_grade, sheet_grade },
	[FT_CLASS] = { FT_CLASS, "class", W_TEXT, normalize_class,
	    display_plain, sheet_class },
	[FT_INT] = { FT_INT, "number", W_TEXT, normalize_int,
	    display_plain, display_plain },
	[FT_LOGIN] = { FT_LOGIN, "login", W_TEXT, normalize_login,
	    display_plain, display_plain },
	[FT_PERSON] = { FT_PERSON, "person", W_TEXT, normalize_person,
	    display_plain, display_plain },
	[FT_TIME] = { FT_TIME, "time", W_TEXT, normalize_time,
	    display_plain, display_plain },
};

const struct fieldtype *
fieldtype_of(enum ftype type)
{
	if ((size_t)type >= nitems(types) || types[type].normalize == NULL)
		return &types[FT_TEXT];
	return &types[type];
}

int
field_normalize(const struct field *f, const char *in, char **out,
    char **cause)
{
	char *t = str_trim(in);

	if (*t == '\0') {
		*out = t;
		return 0;
	}
	free(t);
	return fieldtype_of(f->type)->normalize(f, in, out, cause);
}

char *
field_display(const struct field *f, const char *value)
{
	if (value == NULL || *value == '\0')
		return xstrdup("");
	return fieldtype_of(f->type)->display(f, value);
}

char *
field_sheet(const struct field *f, const char *value)
{
	if (value == NULL || *value == '\0')
		return xstrdup("");
	return fieldtype_of(f->type)->sheet(f, value);
}

enum widget
field_widget(const struct field *f)
{
	return fieldtype_of(f->type)->widget;
}

int
field_box_width(const struct field *f)
{
	enum widget w = field_widget(f);
	int width = f->width, i, cw;

	if (w == W_SET || (w == W_TEXT && f->maxlen > 40))
		return 0;
	if (w == W_CHOICE)
		for (i = 0; f->choices[i].key != NULL; i++)
			if ((cw = u_width(_(f->choices[i].label))) > width)
				width = cw;
	if (w == W_BOOL)
		for (i = 0; i < 2; i++)
			if ((cw = u_width(i ? _("yes") : _("no"))) > width)
				width = cw;
	return width;
}
