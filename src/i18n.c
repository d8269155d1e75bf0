/*
 * i18n.c -- choosing the language.
 *
 * Chinese is shown when the locale says so (LANGUAGE, LC_ALL,
 * LC_MESSAGES or LANG starting with "zh") or when --lang zh is given.
 * Many servers have no zh_CN locale installed, only C.UTF-8; GNU gettext
 * still honours LANGUAGE there, so the choice is made through LANGUAGE.
 *
 * Inside the program every text is UTF-8.  The terminal's character set
 * is the locale's: a UTF-8 locale is used as it is; a GB18030 (or GBK,
 * GB2312) locale is kept too, and what the command line prints is
 * converted to GB18030 on its way out (the screens draw wide characters,
 * which curses converts itself); any other locale (LANG=C, say) cannot
 * show Chinese, so the character type is forced to UTF-8 and
 * i18n_locale_advice() tells how to set the terminal and the locale.
 */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "i18n.h"
#include "priv.h"
#include "util.h"

int i18n_zh;
static enum i18n_charset charset;

static const char *
locale_env(void)
{
	static const char *const vars[] = {
		"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"
	};
	const char *v;
	size_t i;

	for (i = 0; i < nitems(vars); i++) {
		v = getenv(vars[i]);
		if (v != NULL && *v != '\0')
			return v;
	}
	return NULL;
}

#ifdef ENABLE_NLS
static int
has_catalog(const char *dir)
{
	char *p = xasprintf("%s/zh_CN/LC_MESSAGES/%s.mo", dir, PACKAGE);
	int ok = access(p, R_OK) == 0;

	free(p);
	return ok;
}

/*
 * The catalog directory: $SHOUHU_LOCALEDIR, the installed one, or
 * "locale" beside the build tree's src/ for a program not yet installed.
 */
static char *
catalog_dir(void)
{
	const char *env = priv_getenv("SHOUHU_LOCALEDIR");
	char exe[PATH_MAX], *slash, *dir;
	ssize_t n;

	if (env != NULL && *env != '\0')
		return xstrdup(env);
	if (has_catalog(LOCALEDIR))
		return xstrdup(LOCALEDIR);
	/* Running setgid, never a catalog beside a copy of the program. */
	n = priv_setgid() ? -1 : readlink("/proc/self/exe", exe,
	    sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			dir = xasprintf("%s/../locale", exe);
			if (has_catalog(dir))
				return dir;
			free(dir);
		}
	}
	return xstrdup(LOCALEDIR);
}
#endif

int
i18n_init(const char *lang)
{
	const char *cs, *env;

	/*
	 * Only the categories the program uses: the character set (and
	 * with it curses' wide characters) and, for Chinese, the messages.
	 * Numbers and dates are written the same in every locale (a CSV's
	 * decimal point, ISO dates), and each category more is files to
	 * open at every start.
	 */
	setlocale(LC_CTYPE, "");
	cs = nl_langinfo(CODESET);
	if (cs != NULL && strcmp(cs, "UTF-8") == 0)
		charset = I18N_UTF8;
	else if (cs != NULL && (strcasecmp(cs, "GB18030") == 0 ||
	    strcasecmp(cs, "GBK") == 0 || strcasecmp(cs, "GB2312") == 0))
		charset = I18N_GB18030;
	else {
		charset = I18N_OTHER;
		setlocale(LC_CTYPE, "C.UTF-8");
	}

	if (lang == NULL)
		i18n_zh = (env = locale_env()) != NULL &&
		    strncmp(env, "zh", 2) == 0;
	else if (strcmp(lang, "zh") == 0 || strncmp(lang, "zh_", 3) == 0 ||
	    strcmp(lang, "cn") == 0)
		i18n_zh = 1;
	else if (strcmp(lang, "en") == 0 || strncmp(lang, "en_", 3) == 0 ||
	    strcmp(lang, "C") == 0)
		i18n_zh = 0;
	else
		return -1;

	/* What the program starts (lp) speaks the same language. */
	setenv("LANGUAGE", i18n_zh ? "zh_CN" : "en", 1);
	/*
	 * English is the messages as written: in the "C" locale gettext
	 * returns them at once, with no locale data to load and no
	 * catalog to look for.  Chinese needs a locale other than "C"
	 * (any: LANGUAGE chooses the catalog) and the catalog.
	 */
	if (!i18n_zh) {
		setlocale(LC_MESSAGES, "C");
		return 0;
	}
	setlocale(LC_MESSAGES, charset == I18N_OTHER ? "C.UTF-8" : "");
#ifdef ENABLE_NLS
	{
		char *dir = catalog_dir();

		bindtextdomain(PACKAGE, dir);
		bind_textdomain_codeset(PACKAGE, "UTF-8");
		textdomain(PACKAGE);
		free(dir);
	}
#endif
	return 0;
}

int
i18n_is_zh(void)
{
	return i18n_zh;
}

enum i18n_charset
i18n_charset(void)
{
	return charset;
}

const char *
i18n_locale_advice(void)
{
	if (charset != I18N_OTHER)
		return NULL;
	/* In both languages on purpose: the terminal may show neither. */
	return "The locale's character set can show no Chinese.  In PuTTY: "
	    "Window > Translation > Remote character set: UTF-8; on the "
	    "server: export LANG=C.UTF-8 (or zh_CN.UTF-8, or zh_CN.GB18030 "
	    "for a terminal set to GBK).\n"
	    "当前区域设置的字符集无法显示中文。PuTTY：Window > Translation > "
	    "Remote character set 选 UTF-8；服务器上：export LANG=C.UTF-8"
	    "（或 zh_CN.UTF-8；终端设为 GBK 时用 zh_CN.GB18030）。";
}

/*
 * A stream that converts the program's UTF-8 to GB18030 on its way to a
 * file descriptor.  A character cut by the stream's buffer is kept for
 * the next write; a byte that is not UTF-8 becomes "?".
 */
struct conv {
	int	 fd;
	iconv_t	 cd;
	char	 pend[8];
	size_t	 npend;
};

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t k;

	while (n > 0) {
		k = write(fd, p, n);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

static ssize_t
conv_write(void *cookie, const char *buf, size_t n)
{
	struct conv *c = cookie;
	struct buf in = { NULL, 0, 0 };
	char outb[4096], *ip, *op;
	size_t il, ol;

	buf_add(&in, c->pend, c->npend);
	buf_add(&in, buf, n);
	c->npend = 0;
	ip = in.s;
	il = in.len;
	while (il > 0) {
		op = outb;
		ol = sizeof outb;
		if (iconv(c->cd, &ip, &il, &op, &ol) == (size_t)-1) {
			if (errno == EINVAL && il < sizeof c->pend) {
				memcpy(c->pend, ip, il);
				c->npend = il;
				il = 0;
			} else if (errno == EILSEQ || errno == EINVAL) {
				if (ol > 0) {
					*op++ = '?';
					ol--;
				}
				ip++;
				il--;
			}
		}
		if (write_all(c->fd, outb, sizeof outb - ol) != 0) {
			buf_free(&in);
			return -1;
		}
	}
	buf_free(&in);
	return (ssize_t)n;
}

static int
conv_close(void *cookie)
{
	struct conv *c = cookie;

	iconv_close(c->cd);
	free(c);
	return 0;
}

static FILE *
conv_stream(int fd)
{
	cookie_io_functions_t io = { NULL, conv_write, NULL, conv_close };
	struct conv *c;
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	FILE *f;

	if (cd == (iconv_t)-1)
		return NULL;
	c = xcalloc(1, sizeof *c);
	c->fd = fd;
	c->cd = cd;
	if ((f = fopencookie(c, "w", io)) == NULL) {
		iconv_close(cd);
		free(c);
	}
	return f;
}

static FILE *plain_out, *plain_err;

void
i18n_convert_output(void)
{
	FILE *o, *e;

	if (charset != I18N_GB18030 || plain_out != NULL)
		return;
	plain_out = stdout;
	plain_err = stderr;
	atexit(i18n_plain_output);
	fflush(stdout);
	fflush(stderr);
	if ((o = conv_stream(STDOUT_FILENO)) != NULL)
		stdout = o;
	if ((e = conv_stream(STDERR_FILENO)) != NULL) {
		setvbuf(e, NULL, _IOLBF, 0);
		stderr = e;
	}
}

void
i18n_plain_output(void)
{
	FILE *o = stdout, *e = stderr;

	if (plain_out == NULL)
		return;
	stdout = plain_out;
	stderr = plain_err;
	plain_out = plain_err = NULL;
	/* Flushes what is left through the conversion, and frees it. */
	if (o != stdout)
		fclose(o);
	if (e != stderr)
		fclose(e);
}

int
i18n_catalog_missing(void)
{
	/* A word every catalog translates. */
	return i18n_zh && strcmp(_("Quit"), "Quit") == 0;
}
