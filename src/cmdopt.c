/*
 * cmdopt.c -- the option plumbing the commands with subcommands share:
 * numbers, the option table checks, the print options and delivery.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit.h"
#include "cli.h"
#include "cmdopt.h"
#include "i18n.h"
#include "model.h"
#include "util.h"

int
cmdopt_number(const char *opt, const char *arg, long min, long max,
    bool hash, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(hash && arg[0] == '#' ? arg + 1 : arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || errno != 0 || v < min || v > max) {
		cli_error(_("%s: \"%s\" is not a number from %ld to %ld"), opt,
		    arg, min, max);
		return EXIT_USAGE;
	}
	*out = v;
	return 0;
}

uint32_t
cli_number(const char *s)
{
	unsigned long long v;
	const char *p = s[0] == '#' ? s + 1 : s;
	char *end;

	/* Digits only: strtoull() would take a sign, and on a 32-bit
	 * system strtoul() stops at the largest long instead of failing. */
	if (!isdigit((unsigned char)*p))
		return 0;
	errno = 0;
	v = strtoull(p, &end, 10);
	if (*end != '\0' || errno != 0 || v > UINT32_MAX)
		return 0;
	return (uint32_t)v;
}

const char *
cmdopt_first(const struct optnames *names, unsigned v)
{
	size_t i;

	for (i = 0; i < names->n; i++)
		if (v & (1u << i))
			return names->v[i];
	return "";
}

int
cmdopt_check(const struct optnames *names, const char *sub, unsigned given,
    unsigned allowed, unsigned required)
{
	unsigned bad = given & ~allowed;

	if (bad != 0) {
		cli_error(_("%s does not go with \"%s\""),
		    cmdopt_first(names, bad), sub);
		return EXIT_USAGE;
	}
	if ((given & required) != required) {
		cli_error(_("\"%s\" needs %s"), sub,
		    cmdopt_first(names, required & ~given));
		return EXIT_USAGE;
	}
	return 0;
}

int
cmdopt_fail(char *cause)
{
	cli_error("%s", cause != NULL ? cause : sh_strerror(SH_EDB));
	free(cause);
	return EXIT_DATA;
}

uint32_t
cmdopt_school(struct db *db, const char *name)
{
	struct txn t;
	uint32_t id;

	if (txn_read(db, &t) != 0) {
		cli_error("%s", _("cannot read the database"));
		return 0;
	}
	id = school_by_name(&t, name);
	txn_end(&t);
	if (id == 0)
		cli_error(_("there is no school named \"%s\""), name);
	return id;
}

int
cmdopt_format(const char *arg, enum print_format *out)
{
	if (strcmp(arg, "text") == 0)
		*out = PRINT_TEXT;
	else if (strcmp(arg, "pdf") == 0)
		*out = PRINT_PDF;
	else {
		cli_error(_("--format: \"%s\" is neither text nor pdf"), arg);
		return EXIT_USAGE;
	}
	return 0;
}

int
cmdopt_encoding(const char *arg, enum print_encoding *out)
{
	if (strcasecmp(arg, "gb18030") == 0)
		*out = PRINT_GB18030;
	else if (strcasecmp(arg, "utf-8") == 0 || strcasecmp(arg, "utf8") == 0)
		*out = PRINT_UTF8;
	else {
		cli_error(_("--encoding: \"%s\" is neither utf-8 nor gb18030"),
		    arg);
		return EXIT_USAGE;
	}
	return 0;
}

int
cmdopt_audit(struct db *db, int kind, const char *what)
{
	char *cause = NULL;

	if (audit_first(db, (enum audit_kind)kind, AUDIT_NOTYPE, 0, what,
	    &cause) == 0)
		return EXIT_OK;
	cli_error("%s", cause);
	free(cause);
	return EXIT_DATA;
}

int
cmdopt_deliver(struct db *db, const struct print_doc *doc,
    const struct print_dest *dest, bool note)
{
	char *cause = NULL, *job = NULL, *said;
	bool usage;
	int rc;

	/* A destination that does not go with the printout: usage. */
	usage = (rc = print_dest_check(dest, &cause)) != 0;
	/* The audit trail first: nothing is printed unrecorded. */
	if (!usage && note && (rc = cmdopt_audit(db, AUDIT_PRINT,
	    doc->title)) != EXIT_OK)
		return rc;
	if (!usage)
		rc = print_deliver(doc, dest, &job, &cause);
	if (rc != 0) {
		cli_error("%s", cause != NULL ? cause : sh_strerror(SH_EDB));
		free(cause);
		return usage ? EXIT_USAGE : EXIT_DATA;
	}
	if (dest->lp) {
		said = print_sent(job);
		printf("%s\n", said);
		free(said);
	}
	free(job);
	return EXIT_OK;
}
