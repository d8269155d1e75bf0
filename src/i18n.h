/*
 * i18n.h -- gettext wrappers.  Every string a user sees goes through
 * _() (translated where used) or N_() (marked for translation in static
 * tables, translated with _() where shown).
 */
#ifndef SHOUHU_I18N_H
#define SHOUHU_I18N_H

#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#define P_(s, p, n) ngettext(s, p, n)
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

#endif
