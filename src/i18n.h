/*
 * i18n.h -- gettext wrappers.  Every string a user sees goes through
 * _() (translated where used) or N_() (marked for translation in static
 * tables, translated with _() where shown).
 */
#ifndef SHOUHU_I18N_H
#define SHOUHU_I18N_H

#ifdef ENABLE_NLS
#include <libintl.h>
/*
 * English is the messages as written: gettext is asked only when they
 * are shown in Chinese (the lookup costs more than the rest of laying
 * out a list's header).
 */
extern int i18n_zh;
#define _(s) (i18n_zh ? gettext(s) : (char *)(s))
#define P_(s, p, n) (i18n_zh ? ngettext(s, p, n) : \
    (n) == 1 ? (char *)(s) : (char *)(p))
#else
#define _(s) ((char *)(s))
#define P_(s, p, n) ((n) == 1 ? (char *)(s) : (char *)(p))
#endif
#define N_(s) (s)

/*
 * Sets up the message catalog.  lang is "zh", "en" or NULL (follow the
 * locale).  Works where only the C.UTF-8 locale exists.  Returns 0, or -1
 * when lang is not a language we know.
 */
int i18n_init(const char *lang);
/* True when messages are shown in Chinese. */
int i18n_is_zh(void);
/* Chinese was asked for, but no catalog was found: messages are English. */
int i18n_catalog_missing(void);

/* The terminal's character set, from the locale (see i18n.c). */
enum i18n_charset {
	I18N_UTF8,
	I18N_GB18030,	/* GB18030, GBK or GB2312 */
	I18N_OTHER	/* no Chinese: UTF-8 is used, with advice */
};
enum i18n_charset i18n_charset(void);
/*
 * In a locale that can show no Chinese, how to set PuTTY and the locale
 * (in English and Chinese, several lines); NULL otherwise.
 */
const char *i18n_locale_advice(void);
/*
 * In a GB18030 locale, makes standard output and standard error convert
 * the program's UTF-8 to GB18030.  For the command line only: the
 * screens write through curses.
 */
void i18n_convert_output(void);
/* Undoes i18n_convert_output (before the screens start). */
void i18n_plain_output(void);

#endif
