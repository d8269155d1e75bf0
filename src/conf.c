/*
 * conf.c -- reading the township's configuration file (see conf.h).
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "i18n.h"
#include "priv.h"
#include "util.h"

/* The settings a configuration file may give. */
static const char *const keys[] = {
	"database",
	"township",
	"gb18030_printers",
	/* The township's own defaults of the settings (settings.h). */
	"talk_days_key",
	"talk_days",
	"caseload",
	"autumn_start",
	"autumn_end",
	"spring_start",
	"spring_end",
};

/*
 * The settings' values: a number of days or mentees, or a month and day
 * ("09-01").  0, or -1 with *cause naming the file and line.
 */
static int
check_setting(const char *file, const char *key, const char *v, int line,
    char **cause)
{
	static const char *const days[] = { "talk_days_key", "talk_days",
	    "caseload" };
	int m, d;
	size_t i;
	char *end;
	long n;

	for (i = 0; i < nitems(days); i++) {
		if (strcmp(key, days[i]) != 0)
			continue;
		n = strtol(v, &end, 10);
		if (*v < '0' || *v > '9' || *end != '\0' || n < 1 ||
		    n > (i == 2 ? 200 : 365)) {
			set_cause(cause, _("%s:%d: %s must be a whole number "
			    "from 1 to %d, not \"%s\""), file, line, key,
			    i == 2 ? 200 : 365, v);
			return -1;
		}
		return 0;
	}
	if (strstr(key, "_start") == NULL && strstr(key, "_end") == NULL)
		return 0;
	if (strlen(v) != 5 || strspn(v, "0123456789") != 2 || v[2] != '-' ||
	    strspn(v + 3, "0123456789") != 2 ||
	    (m = atoi(v)) < 1 || m > 12 || (d = atoi(v + 3)) < 1 ||
	    d > (m == 2 ? 29 : m == 4 || m == 6 || m == 9 || m == 11 ? 30 :
	    31)) {
		set_cause(cause, _("%s:%d: %s must be a month and day such as "
		    "09-01, not \"%s\""), file, line, key, v);
		return -1;
	}
	return 0;
}

#define CONF_MAX (64 * 1024)

struct setting {
	char	*key;
	char	*value;
	int	 line;
};

struct conf {
	char		*file;
	struct setting	*v;
	size_t		 n;
};

static const struct setting *
find(const struct conf *c, const char *key)
{
	size_t i;

	for (i = 0; c != NULL && i < c->n; i++)
		if (strcmp(c->v[i].key, key) == 0)
			return &c->v[i];
	return NULL;
}

static bool
known_key(const char *key)
{
	size_t i;

	for (i = 0; i < nitems(keys); i++)
		if (strcmp(keys[i], key) == 0)
			return true;
	return false;
}

static bool
blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

/* One line, NUL-terminated: 0, or -1 with *cause. */
static int
parse_line(struct conf *c, char *s, int line, char **cause)
{
	const struct setting *old;
	char *key, *eq, *end, *p;

	while (blank(*s))
		s++;
	if (*s == '\0' || *s == '#')
		return 0;
	if (!u8_valid(s, strlen(s))) {
		set_cause(cause, _("%s:%d: not UTF-8 text"), c->file, line);
		return -1;
	}
	for (p = s; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 && *p != '\t' && *p != '\r') {
			set_cause(cause, _("%s:%d: a control character"),
			    c->file, line);
			return -1;
		}
	}
	if ((eq = strchr(s, '=')) == NULL) {
		set_cause(cause, _("%s:%d: expected \"key = value\""), c->file,
		    line);
		return -1;
	}
	for (end = eq; end > s && blank(end[-1]); end--)
		;
	*end = '\0';
	key = s;
	for (p = key; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '_' || *p == '.' || *p == '-'))
			break;
	if (*key == '\0' || *p != '\0') {
		set_cause(cause, _("%s:%d: expected \"key = value\""), c->file,
		    line);
		return -1;
	}
	if (!known_key(key)) {
		set_cause(cause, _("%s:%d: unknown setting \"%s\""), c->file,
		    line, key);
		return -1;
	}
	if ((old = find(c, key)) != NULL) {
		set_cause(cause, _("%s:%d: \"%s\" is set again (first on line "
		    "%d)"), c->file, line, key, old->line);
		return -1;
	}
	for (s = eq + 1; blank(*s); s++)
		;
	for (end = s + strlen(s); end > s && blank(end[-1]); end--)
		;
	*end = '\0';
	if (*s == '\0') {
		set_cause(cause, _("%s:%d: \"%s\" has no value"), c->file, line,
		    key);
		return -1;
	}
	if (strcmp(key, "database") == 0 && *s != '/') {
		set_cause(cause, _("%s:%d: the database must be an absolute "
		    "path, not \"%s\""), c->file, line, s);
		return -1;
	}
	if (check_setting(c->file, key, s, line, cause) != 0)
		return -1;
	c->v = xreallocarray(c->v, c->n + 1, sizeof *c->v);
	c->v[c->n].key = xstrdup(key);
	c->v[c->n].value = xstrdup(s);
	c->v[c->n].line = line;
	c->n++;
	return 0;
}

int
conf_load(const char *path, struct conf **out, char **cause)
{
	struct conf *c;
	FILE *f;
	char *text, *s, *nl;
	size_t len;
	int line, rc = 0;

	*out = NULL;
	if ((f = fopen(path, "re")) == NULL) {
		if (errno == ENOENT)
			return 1;
		set_cause(cause, _("cannot read %s: %s"), path,
		    strerror(errno));
		return -1;
	}
	text = xmalloc(CONF_MAX + 1);
	len = fread(text, 1, CONF_MAX + 1, f);
	if (ferror(f) || len > CONF_MAX) {
		set_cause(cause, ferror(f) ? _("cannot read %s") :
		    _("%s is too large for a configuration file"), path);
		fclose(f);
		free(text);
		return -1;
	}
	fclose(f);
	text[len] = '\0';
	c = xcalloc(1, sizeof *c);
	c->file = xstrdup(path);
	if (memchr(text, '\0', len) != NULL) {
		set_cause(cause, _("%s: not a text file"), path);
		rc = -1;
	}
	for (s = text, line = 1; rc == 0 && *s != '\0'; line++) {
		if ((nl = strchr(s, '\n')) != NULL)
			*nl = '\0';
		rc = parse_line(c, s, line, cause);
		if (nl == NULL)
			break;
		s = nl + 1;
	}
	free(text);
	if (rc != 0) {
		conf_free(c);
		return -1;
	}
	*out = c;
	return 0;
}

void
conf_free(struct conf *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->v[i].key);
		free(c->v[i].value);
	}
	free(c->v);
	free(c->file);
	free(c);
}

const char *
conf_file(const struct conf *c)
{
	return c->file;
}

const char *
conf_get(const struct conf *c, const char *key)
{
	const struct setting *s = find(c, key);

	return s != NULL ? s->value : NULL;
}

int
conf_uint(const struct conf *c, const char *key, unsigned def, unsigned min,
    unsigned max, unsigned *out, char **cause)
{
	const struct setting *s = find(c, key);
	unsigned long v;
	char *end;

	*out = def;
	if (s == NULL)
		return 0;
	errno = 0;
	v = strtoul(s->value, &end, 10);
	if (*s->value < '0' || *s->value > '9' || *end != '\0' ||
	    errno != 0 || v < min || v > max) {
		set_cause(cause, _("%s:%d: \"%s\" must be a whole number from "
		    "%u to %u, not \"%s\""), c->file, s->line, key, min, max,
		    s->value);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

/* The next component of a path: its start and length; NULL at the end. */
static const char *
component(const char *p, size_t *len)
{
	while (*p == '/')
		p++;
	if (*p == '\0')
		return NULL;
	*len = strcspn(p, "/");
	return p;
}

static size_t
ncomponents(const char *p)
{
	size_t n = 0, len;

	while ((p = component(p, &len)) != NULL) {
		n++;
		p += len;
	}
	return n;
}

char *
conf_relocate(const char *exe_dir, const char *bindir, const char *target)
{
	const char *b = bindir, *t = target, *bc, *tc, *cut = NULL;
	size_t blen = 0, tlen = 0, up, n;
	struct buf out = { 0 };

	if (strcmp(exe_dir, bindir) == 0)
		return xstrdup(target);
	/* What bindir and target have in common. */
	for (;;) {
		bc = component(b, &blen);
		tc = component(t, &tlen);
		if (bc == NULL || tc == NULL || blen != tlen ||
		    memcmp(bc, tc, blen) != 0)
			break;
		b = bc + blen;
		t = tc + tlen;
	}
	up = ncomponents(b);
	n = ncomponents(exe_dir);
	if (up > n)
		return xstrdup(target);
	/* exe_dir must end in what is left of bindir. */
	for (bc = exe_dir; n > up && (bc = component(bc, &blen)) != NULL; n--)
		bc += blen;
	for (; (tc = component(b, &tlen)) != NULL; b = tc + tlen) {
		bc = component(bc, &blen);
		if (blen != tlen || memcmp(bc, tc, tlen) != 0)
			return xstrdup(target);
		if (cut == NULL)
			cut = bc;
		bc += blen;
	}
	if (cut != NULL)
		buf_add(&out, exe_dir, (size_t)(cut - exe_dir));
	else
		buf_addstr(&out, exe_dir);
	while (out.len > 0 && out.s[out.len - 1] == '/')
		out.s[--out.len] = '\0';
	while ((tc = component(t, &tlen)) != NULL) {
		buf_addc(&out, '/');
		buf_add(&out, tc, tlen);
		t = tc + tlen;
	}
	if (out.len == 0)
		buf_addc(&out, '/');
	return buf_take(&out);
}

/* SYSCONFDIR or LOCALSTATEDIR, wherever the program was installed. */
static char *
installed_dir(const char *target)
{
	char exe[PATH_MAX], *slash, *bin, *s;
	ssize_t n;

	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return xstrdup(target);
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return xstrdup(target);
	*slash = '\0';
	if ((bin = realpath(BINDIR, NULL)) != NULL &&
	    strcmp(bin, exe) == 0) {
		free(bin);
		return xstrdup(target);
	}
	free(bin);
	s = conf_relocate(exe, BINDIR, target);
	return s;
}

char *
conf_path(void)
{
	const char *env = priv_getenv("SHOUHU_CONF");
	char *dir, *path;

	if (env != NULL && *env != '\0')
		return xstrdup(env);
	dir = installed_dir(SYSCONFDIR);
	path = xasprintf("%s/shouhu.conf", strcmp(dir, "/") == 0 ? "" : dir);
	free(dir);
	return path;
}

char *
conf_default_db(void)
{
	char *dir = installed_dir(LOCALSTATEDIR), *path;

	path = xasprintf("%s/lib/shouhu", strcmp(dir, "/") == 0 ? "" : dir);
	free(dir);
	return path;
}

const struct conf *
conf_system(char **cause)
{
	static struct conf *sys;
	static char *err;
	static bool done;
	char *path;

	if (!done) {
		done = true;
		path = conf_path();
		if (conf_load(path, &sys, &err) != 0)
			sys = NULL;
		free(path);
	}
	/* The same words for every caller that asks, not only the first. */
	if (err != NULL)
		set_cause(cause, "%s", err);
	return sys;
}
