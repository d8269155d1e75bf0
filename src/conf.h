/*
 * conf.h -- the township's configuration file, SYSCONFDIR/shouhu.conf
 * (/etc/shouhu.conf on a Debian server), written by `shouhu setup`.
 *
 * One setting a line, "key = value"; blank lines and lines starting with
 * "#" are ignored.  Parsing is strict: an unknown key, a key given twice,
 * a line without "=", an empty value, a control character or bytes that
 * are not UTF-8 are errors naming the file and the line.  The keys:
 *
 *	database	the shared database directory (an absolute path)
 *	township	the township's name, for what is the whole township's:
 *			its call trees, the titles of its printouts (else
 *			the schools' township field)
 *	gb18030_printers
 *			the lp queues of dot-matrix printers with a Chinese
 *			font, which take GB18030 text raw instead of PDF;
 *			names separated by commas or spaces, "default" for
 *			the queue lp uses when none is named
 *	talk_days_key, talk_days, caseload, autumn_start, autumn_end,
 *	spring_start, spring_end
 *			the township's defaults of the settings (settings.h):
 *			numbers of days or mentees, and months and days
 *			("09-01"); a value set in the database wins
 *
 * Settings added later go into keys[] in conf.c and are read with
 * conf_get() or conf_uint().
 */
#ifndef SHOUHU_CONF_H
#define SHOUHU_CONF_H

struct conf;

/*
 * Reads a configuration file.  0 with *out set; 1 when there is no such
 * file (*out NULL); -1 with *cause ("FILE:LINE: what is wrong").
 */
int conf_load(const char *path, struct conf **out, char **cause);
void conf_free(struct conf *);
/* The file it was read from. */
const char *conf_file(const struct conf *);
/* A setting's value, or NULL when the file does not give it. */
const char *conf_get(const struct conf *, const char *key);
/*
 * A whole-number setting between min and max; def when not given.  0, or
 * -1 with *cause naming the file and line.
 */
int conf_uint(const struct conf *, const char *key, unsigned def,
    unsigned min, unsigned max, unsigned *out, char **cause);

/*
 * Where the configuration is: SYSCONFDIR/shouhu.conf, or for a program
 * installed under another prefix (make install prefix=DIR) the same place
 * under that prefix.  $SHOUHU_CONF, except when running setgid.
 */
char *conf_path(void);
/* The default shared database directory: LOCALSTATEDIR/lib/shouhu, moved
 * the same way. */
char *conf_default_db(void);
/*
 * A directory of the configured install moved to where the program is:
 * exe_dir's last components that stand for bindir's replaced by target's
 * (exe "/x/bin", bindir "/usr/bin", target "/usr/etc": "/x/etc").  A copy
 * of target when the program is where bindir says or nothing matches.
 */
char *conf_relocate(const char *exe_dir, const char *bindir,
    const char *target);

/*
 * The system's configuration, read once (conf_path()).  NULL when there
 * is none (*cause untouched) or when it cannot be read (*cause set).
 */
const struct conf *conf_system(char **cause);

#endif
