/*
 * i18n.c -- choosing the language.
 *
 * Chinese is shown when the locale says so (LANGUAGE, LC_ALL,
 * LC_MESSAGES or LANG starting with "zh") or when --lang zh is given.
 * Many servers have no zh_CN locale installed, only C.UTF-8; GNU gettext
 * still honours LANGUAGE there, so the choice is made through LANGUAGE
 * and the character type is forced to UTF-8 when the locale is not.
 */
#include "config.h"

#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "util.h"

static int zh;

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
	return "";
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
	const char *env = getenv("SHOUHU_LOCALEDIR");
	char exe[PATH_MAX], *slash, *dir;
	ssize_t n;

	if (env != NULL && *env != '\0')
		return xstrdup(env);
	if (has_catalog(LOCALEDIR))
		return xstrdup(LOCALEDIR);
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
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
	const char *cs;

	setlocale(LC_ALL, "");
	cs = nl_langinfo(CODESET);
	if (cs == NULL || strcmp(cs, "UTF-8") != 0) {
		if (setlocale(LC_ALL, "C.UTF-8") == NULL)
			setlocale(LC_CTYPE, "C.UTF-8");
	}

	if (lang == NULL)
		zh = strncmp(locale_env(), "zh", 2) == 0;
	else if (strcmp(lang, "zh") == 0 || strncmp(lang, "zh_", 3) == 0 ||
	    strcmp(lang, "cn") == 0)
		zh = 1;
	else if (strcmp(lang, "en") == 0 || strncmp(lang, "en_", 3) == 0 ||
	    strcmp(lang, "C") == 0)
		zh = 0;
	else
		return -1;

#ifdef ENABLE_NLS
	{
		char *dir = catalog_dir();

		setenv("LANGUAGE", zh ? "zh_CN" : "en", 1);
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
	return zh;
}
