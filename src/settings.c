/*
 * settings.c -- the settings record: its table, its defaults, reading
 * it, and changing one setting (see settings.h).
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "conf.h"
#include "i18n.h"
#include "rec.h"
#include "schema.h"
#include "settings.h"
#include "term.h"
#include "util.h"

static const struct field settings_fields[] = {
	[SET_TALK_DAYS_KEY] = {
	    .tag = 1, .name = "talk_days_key",
	    .label = N_("Days between talks, key-support children"),
	    .type = FT_INT, .flags = FF_REQUIRED, .width = 4, .min = 1,
	    .max = 365, .def = "14",
	    .help = N_("a key-support child not talked with for longer is on "
	    "the mentor's worklist") },
	[SET_TALK_DAYS] = {
	    .tag = 2, .name = "talk_days",
	    .label = N_("Days between talks, other children"),
	    .type = FT_INT, .flags = FF_REQUIRED, .width = 4, .min = 1,
	    .max = 365, .def = "30",
	    .help = N_("a mentee not talked with for longer is on the "
	    "mentor's worklist") },
	[SET_CASELOAD] = {
	    .tag = 3, .name = "caseload", .label = N_("Mentees per mentor"),
	    .type = FT_INT, .flags = FF_REQUIRED, .width = 4, .min = 1,
	    .max = 200, .def = "10",
	    .help = N_("a mentor with more is on the principal's worklist") },
	[SET_AUTUMN_START] = {
	    .tag = 4, .name = "autumn_start",
	    .label = N_("Autumn term starts"), .type = FT_TEXT,
	    .flags = FF_REQUIRED, .maxlen = 5, .width = 5, .def = "09-01",
	    .help = N_("month and day, for example 09-01") },
	[SET_AUTUMN_END] = {
	    .tag = 5, .name = "autumn_end", .label = N_("Autumn term ends"),
	    .type = FT_TEXT, .flags = FF_REQUIRED, .maxlen = 5, .width = 5,
	    .def = "01-31",
	    .help = N_("month and day, in the next year when before the "
	    "start") },
	[SET_SPRING_START] = {
	    .tag = 6, .name = "spring_start",
	    .label = N_("Spring term starts"), .type = FT_TEXT,
	    .flags = FF_REQUIRED, .maxlen = 5, .width = 5, .def = "03-01",
	    .help = N_("month and day, for example 03-01") },
	[SET_SPRING_END] = {
	    .tag = 7, .name = "spring_end", .label = N_("Spring term ends"),
	    .type = FT_TEXT, .flags = FF_REQUIRED, .maxlen = 5, .width = 5,
	    .def = "07-15", .help = N_("month and day, for example 07-15") },
};

const struct schema settings_schema = {
	.type = RT_SETTINGS, .name = "settings", .plural = "settings",
	.label = N_("settings"), .dbi = DBI_SETTINGS,
	.fields = settings_fields, .nfields = SET__N,
	.title = SET_CASELOAD, .check = settings_check
};

static bool
is_monthday(int f)
{
	return f >= SET_AUTUMN_START && f <= SET_SPRING_END;
}

/* The terms follow each other without overlapping. */
static int
terms_check(const struct settings *s, int *field, char **cause)
{
	struct term autumn, spring, next;

	if (strcmp(s->spring_end, s->spring_start) <= 0) {
		set_cause(cause, _("the spring term must end after it starts, "
		    "in the same year"));
		if (field != NULL)
			*field = SET_SPRING_END;
		return -1;
	}
	/* A year with no 29th of February: the terms of 2025 and 2026. */
	term_make(s, 2025, TERM_AUTUMN, &autumn);
	term_make(s, 2026, TERM_SPRING, &spring);
	term_make(s, 2026, TERM_AUTUMN, &next);
	if (strcmp(autumn.end, autumn.start) <= 0 ||
	    strcmp(autumn.end, spring.start) >= 0) {
		set_cause(cause, _("the autumn term (%s to %s) must end before "
		    "the spring term starts (%s)"), s->autumn_start,
		    s->autumn_end, s->spring_start);
		if (field != NULL)
			*field = SET_AUTUMN_END;
		return -1;
	}
	if (strcmp(spring.end, next.start) >= 0) {
		set_cause(cause, _("the spring term (%s to %s) must end before "
		    "the autumn term starts (%s)"), s->spring_start,
		    s->spring_end, s->autumn_start);
		if (field != NULL)
			*field = SET_SPRING_END;
		return -1;
	}
	return 0;
}

/*
 * The township's configuration file may give other defaults (checked
 * when it is read, conf.c); the database's record still wins.  Terms
 * that would overlap are not taken.
 */
static void
conf_defaults(struct settings *s)
{
	const struct conf *c = conf_system(NULL);
	struct settings t = *s;
	const char *v;
	char md[6];
	int f;

	if (c == NULL)
		return;
	for (f = 0; f < SET__N; f++) {
		if ((v = conf_get(c, settings_fields[f].name)) == NULL)
			continue;
		if (is_monthday(f)) {
			if (settings_monthday(v, md, NULL) == 0)
				memcpy(f == SET_AUTUMN_START ? t.autumn_start :
				    f == SET_AUTUMN_END ? t.autumn_end :
				    f == SET_SPRING_START ? t.spring_start :
				    t.spring_end, md, 6);
		} else
			*(f == SET_TALK_DAYS_KEY ? &t.talk_days_key :
			    f == SET_TALK_DAYS ? &t.talk_days :
			    &t.caseload) = atoi(v);
	}
	s->talk_days_key = t.talk_days_key;
	s->talk_days = t.talk_days;
	s->caseload = t.caseload;
	if (terms_check(&t, NULL, NULL) == 0)
		*s = t;
}

void
settings_defaults(struct settings *s)
{
	s->talk_days_key = 14;
	s->talk_days = 30;
	s->caseload = 10;
	memcpy(s->autumn_start, "09-01", 6);
	memcpy(s->autumn_end, "01-31", 6);
	memcpy(s->spring_start, "03-01", 6);
	memcpy(s->spring_end, "07-15", 6);
	conf_defaults(s);
}

void
settings_value(const struct settings *s, int f, char *out, size_t size)
{
	switch (f) {
	case SET_TALK_DAYS_KEY:
		snprintf(out, size, "%d", s->talk_days_key);
		break;
	case SET_TALK_DAYS:
		snprintf(out, size, "%d", s->talk_days);
		break;
	case SET_CASELOAD:
		snprintf(out, size, "%d", s->caseload);
		break;
	default:
		snprintf(out, size, "%s", f == SET_AUTUMN_START ?
		    s->autumn_start : f == SET_AUTUMN_END ? s->autumn_end :
		    f == SET_SPRING_START ? s->spring_start : s->spring_end);
		break;
	}
}

int
settings_monthday(const char *in, char out[6], char **cause)
{
	char *h = str_halfwidth(in), *t = str_trim(h), *p = t, *end;
	long m = -1, d = -1;
	size_t n;

	free(h);
	/* "0901": four digits alone. */
	if (strlen(t) == 4 && strspn(t, "0123456789") == 4) {
		d = strtol(t + 2, NULL, 10);
		t[2] = '\0';
		m = strtol(t, NULL, 10);
	} else if (isdigit((unsigned char)*p)) {
		m = strtol(p, &end, 10);
		p = end;
		if (str_startswith(p, "月"))
			p += strlen("月");
		else if (*p == '-' || *p == '/' || *p == '.')
			p++;
		else
			m = -1;
		if (m != -1 && isdigit((unsigned char)*p)) {
			d = strtol(p, &end, 10);
			p = end;
			if (str_startswith(p, "日"))
				p += strlen("日");
			else if (str_startswith(p, "号"))
				p += strlen("号");
			n = strlen(p);
			if (n != 0)
				d = -1;
		}
	}
	free(t);
	/* Any year has a 29th of February to give a term's day. */
	if (m < 1 || m > 12 || d < 1 || d > 31 ||
	    (m == 2 && d > 29) ||
	    ((m == 4 || m == 6 || m == 9 || m == 11) && d > 30)) {
		set_cause(cause, _("\"%s\" is not a day of the year: write the "
		    "month and day, as 09-01 or 9月1日"), in);
		return -1;
	}
	snprintf(out, 6, "%02ld-%02ld", m, d);
	return 0;
}

void
settings_from_rec(const struct rec *r, struct settings *s)
{
	char md[6], *cause = NULL;
	const char *v;
	int f;

	settings_defaults(s);
	for (f = 0; f < SET__N; f++) {
		v = rec_str(r, f);
		if (*v == '\0')
			continue;
		if (is_monthday(f)) {
			if (settings_monthday(v, md, &cause) != 0)
				continue;
			memcpy(f == SET_AUTUMN_START ? s->autumn_start :
			    f == SET_AUTUMN_END ? s->autumn_end :
			    f == SET_SPRING_START ? s->spring_start :
			    s->spring_end, md, 6);
		} else {
			*(f == SET_TALK_DAYS_KEY ? &s->talk_days_key :
			    f == SET_TALK_DAYS ? &s->talk_days :
			    &s->caseload) = atoi(v);
		}
	}
	free(cause);
}

struct rec *
settings_record(struct txn *t)
{
	struct rec_iter it;
	struct settings s;
	struct rec *r;
	char v[16];
	int f;

	rec_iter_start(t, RT_SETTINGS, &it);
	r = rec_iter_next(&it);
	rec_iter_end(&it);
	if (r != NULL)
		return r;
	/* None stored yet: the defaults, the configuration file's first. */
	r = rec_new(RT_SETTINGS);
	settings_defaults(&s);
	for (f = 0; f < SET__N; f++) {
		settings_value(&s, f, v, sizeof v);
		rec_set(r, f, v);
	}
	return r;
}

int
settings_read(struct txn *t, struct settings *s)
{
	struct rec_iter it;
	struct rec *r;
	int err;

	settings_defaults(s);
	rec_iter_start(t, RT_SETTINGS, &it);
	r = rec_iter_next(&it);
	err = it.err;
	rec_iter_end(&it);
	if (r != NULL)
		settings_from_rec(r, s);
	rec_free(r);
	return err;
}

int
settings_check(struct rec *r, int *field, char **cause)
{
	struct settings s;
	char md[6];
	int f;

	for (f = SET_AUTUMN_START; f <= SET_SPRING_END; f++) {
		if (settings_monthday(rec_str(r, f), md, cause) != 0) {
			*field = f;
			return -1;
		}
		if (strcmp(md, rec_str(r, f)) != 0)
			rec_set(r, f, md);
	}
	settings_from_rec(r, &s);
	return terms_check(&s, field, cause);
}

bool
settings_may_edit(void)
{
	return access_admin() || (access_roles() & AR_PRINCIPAL) != 0;
}

struct set_arg {
	int		 field;
	const char	*value;
};

static int
set_write(struct txn *t, void *arg, char **cause)
{
	struct set_arg *a = arg;
	struct rec *r = settings_record(t);
	char md[6];
	int rc;

	if (t->err != 0) {
		rec_free(r);
		return t->err;
	}
	if (is_monthday(a->field)) {
		if (settings_monthday(a->value, md, cause) != 0) {
			rec_free(r);
			return SH_EINVAL;
		}
		rec_set(r, a->field, md);
	} else if (rec_input(r, a->field, a->value, cause) != 0) {
		rec_free(r);
		return SH_EINVAL;
	}
	rc = rec_put(t, r, cause);
	rec_free(r);
	return rc;
}

int
settings_set(struct db *db, const char *name, const char *value,
    char **cause)
{
	struct set_arg a = { -1, value };
	struct buf names = { 0 };
	char *n = xstrdup(name), *p;
	int f;

	for (p = n; *p != '\0'; p++)
		if (*p == '-')
			*p = '_';
	a.field = schema_field(&settings_schema, n);
	free(n);
	if (a.field < 0) {
		for (f = 0; f < SET__N; f++)
			buf_addf(&names, "%s%s", f > 0 ? ", " : "",
			    settings_fields[f].name);
		set_cause(cause, _("there is no setting \"%s\": the settings "
		    "are %s"), name, names.s);
		buf_free(&names);
		return SH_EINVAL;
	}
	if (!settings_may_edit()) {
		set_cause(cause, _("%s may not change the settings: only the "
		    "principal and the administrator may"), db->user);
		return SH_EPERM;
	}
	return db_write(db, set_write, &a, cause);
}
