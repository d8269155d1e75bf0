/*
 * cmd-roster.c -- the import and export commands:
 *
 *	shouhu import roster FILE [--school NAME] [--encoding ENC]
 *	    [--dry-run] [--skip-bad]
 *	shouhu export roster [-o FILE [--force]] [--school NAME]
 *	    [--encoding ENC] [--template]
 *
 * The work is roster.c's; this file turns options into roster_opts and
 * prints: each problem on standard error as "FILE: row N (...): ...",
 * naming the row as the spreadsheet shows it, the summary on
 * standard output, and on a terminal a progress line that the problems
 * clear before they are printed.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "access.h"
#include "audit.h"
#include "cli.h"
#include "cmdopt.h"
#include "i18n.h"
#include "model.h"
#include "roster.h"
#include "util.h"

/* Option codes of these commands, clear of cli.c's own (256 on). */
enum {
	OPT_SCHOOL = 0x1000,
	OPT_ENCODING,
	OPT_DRY_RUN,
	OPT_SKIP_BAD,
	OPT_TEMPLATE,
	OPT_FORCE
};

static struct {
	struct roster_opts	 o;
	const char		*output;
	bool			 progress_shown;
	int			 percent;
} ra = { .percent = -1 };

static int
parse_encoding(const char *arg, bool auto_ok)
{
	if (auto_ok && strcasecmp(arg, "auto") == 0)
		return ROSTER_ENC_AUTO;
	if (strcasecmp(arg, "utf-8") == 0 || strcasecmp(arg, "utf8") == 0)
		return ROSTER_ENC_UTF8;
	if (strcasecmp(arg, "gb18030") == 0 || strcasecmp(arg, "gbk") == 0)
		return ROSTER_ENC_GB18030;
	if (auto_ok)
		cli_error(_("--encoding is auto, utf-8 or gb18030, not \"%s\""),
		    arg);
	else
		cli_error(_("--encoding is utf-8 or gb18030, not \"%s\""), arg);
	return -1;
}

/* The options both commands have; --encoding is told apart below. */
static int
roster_option(struct cmdctx *ctx, int code, const char *arg)
{
	switch (code) {
	case OPT_SCHOOL:
		ra.o.school = arg;
		return 0;
	case OPT_DRY_RUN:
		ra.o.dry_run = true;
		return 0;
	case OPT_SKIP_BAD:
		ra.o.skip_bad = true;
		return 0;
	case OPT_TEMPLATE:
		ra.o.template_only = true;
		return 0;
	case OPT_FORCE:
		ra.o.force = true;
		return 0;
	case 'o':
		ra.output = arg;
		return 0;
	}
	return EXIT_USAGE;
}

static int
encoding_option(const char *arg, bool auto_ok)
{
	int enc = parse_encoding(arg, auto_ok);

	if (enc < 0)
		return EXIT_USAGE;
	ra.o.encoding = enc;
	return 0;
}

static int
import_option(struct cmdctx *ctx, int code, const char *arg)
{
	if (code == OPT_ENCODING)
		return encoding_option(arg, true);
	return roster_option(ctx, code, arg);
}

static int
export_option(struct cmdctx *ctx, int code, const char *arg)
{
	if (code == OPT_ENCODING)
		return encoding_option(arg, false);
	return roster_option(ctx, code, arg);
}

static void
progress_clear(void)
{
	if (ra.progress_shown) {
		fprintf(stderr, "\r%*s\r", 60, "");
		ra.progress_shown = false;
		ra.percent = -1;
	}
}

static void
show_message(const char *line, void *arg)
{
	progress_clear();
	fprintf(stderr, "%s\n", line);
}

static void
show_progress(size_t done, size_t total, void *arg)
{
	const char *what = arg;
	int percent;

	if (total == 0)
		return;
	percent = (int)((double)done * 100 / (double)total);
	if (percent == ra.percent)
		return;
	ra.percent = percent;
	ra.progress_shown = true;
	fprintf(stderr, "\r%s %3d%%", what, percent);
	fflush(stderr);
}

static bool
is_roster(const char *what, const char *verb)
{
	if (strcmp(what, "roster") == 0)
		return true;
	/* TRANSLATORS: %s is import or export; the kind is "roster". */
	cli_error(_("cannot %s \"%s\": the only kind is roster"), verb, what);
	return false;
}

/*
 * The roster carries private fields: it is imported and exported by the
 * administrator, and by a principal for their own school (--school).
 */
static int
may_roster(struct cmdctx *ctx, const char *verb)
{
	struct txn t;
	char *cause = NULL;
	uint32_t school = 0;

	if (ra.o.school != NULL && txn_read(ctx->db, &t) == 0) {
		school = school_by_name(&t, ra.o.school);
		txn_end(&t);
	}
	if (roster_may(ctx->db, school, strcmp(verb, "import") == 0, &cause))
		return 0;
	cli_error("%s", cause);
	free(cause);
	return -1;
}

static int
import_run(struct cmdctx *ctx)
{
	struct roster_summary sum;
	char *cause = NULL, *text;
	int rc;

	if (!is_roster(ctx->argv[0], "import"))
		return EXIT_USAGE;
	if (cli_db(ctx) == NULL || may_roster(ctx, "import") != 0)
		return EXIT_DATA;
	ra.o.message = show_message;
	if (isatty(STDERR_FILENO))
		ra.o.progress = show_progress;
	ra.o.arg = _("importing:");
	rc = roster_import(ctx->db, ctx->argv[1], &ra.o, &sum, &cause);
	progress_clear();
	if (rc < 0) {
		cli_error("%s", cause);
		free(cause);
		roster_summary_free(&sum);
		return EXIT_DATA;
	}
	text = roster_summary_text(&sum, &ra.o, rc);
	printf("%s\n", text);
	free(text);
	roster_summary_free(&sum);
	return rc == 0 ? EXIT_OK : EXIT_DATA;
}

static int
export_run(struct cmdctx *ctx)
{
	struct db *db = NULL;
	char *cause = NULL;
	size_t rows;
	int rc;

	if (!is_roster(ctx->argv[0], "export"))
		return EXIT_USAGE;
	/* The template needs no database: a school may not have one yet. */
	if (!ra.o.template_only && ((db = cli_db(ctx)) == NULL ||
	    may_roster(ctx, "export") != 0))
		return EXIT_DATA;
	if (isatty(STDERR_FILENO) && !ra.o.template_only)
		ra.o.progress = show_progress;
	ra.o.arg = _("exporting:");
	if (db != NULL && (rc = cmdopt_audit(db, AUDIT_EXPORT,
	    ra.output != NULL ? ra.output : "-")) != EXIT_OK)
		return rc;
	rc = roster_export(db, ra.output, &ra.o, &rows, &cause);
	progress_clear();
	if (rc != 0) {
		cli_error("%s", cause);
		free(cause);
		return EXIT_DATA;
	}
	if (ra.output != NULL && strcmp(ra.output, "-") != 0) {
		if (ra.o.template_only)
			printf(_("Wrote the header row to %s\n"), ra.output);
		else
			printf(P_("Wrote %zu child to %s\n",
			    "Wrote %zu children to %s\n", rows), rows,
			    ra.output);
	}
	return EXIT_OK;
}

/* The options of the imports and exports, roster and staff list alike
 * (cmd-staff.c keeps these codes). */
const struct cmdopt sheet_import_opts[] = {
	{ "school", required_argument, OPT_SCHOOL, N_("NAME"),
	    N_("the school of rows that name none (no row may name another)") },
	{ "encoding", required_argument, OPT_ENCODING, N_("ENCODING"),
	    N_("auto (the default), utf-8 or gb18030 (also for GBK)") },
	{ "dry-run", no_argument, OPT_DRY_RUN, NULL,
	    N_("check everything and report, but write nothing") },
	{ "skip-bad", no_argument, OPT_SKIP_BAD, NULL,
	    N_("import the good rows even when some rows are bad") },
	{ NULL, 0, 0, NULL, NULL }
};

const struct cmdopt sheet_export_opts[] = {
	{ "output", required_argument, 'o', N_("FILE"),
	    N_("write to FILE (readable by you alone), not standard output") },
	{ "school", required_argument, OPT_SCHOOL, N_("NAME"),
	    N_("only this school") },
	{ "encoding", required_argument, OPT_ENCODING, N_("ENCODING"),
	    N_("utf-8 (with a BOM, the default) or gb18030") },
	{ "template", no_argument, OPT_TEMPLATE, NULL,
	    N_("only the header row, for a school to fill in") },
	{ "force", no_argument, OPT_FORCE, NULL,
	    N_("replace FILE when it exists") },
	{ NULL, 0, 0, NULL, NULL }
};

const struct cmd cmd_import_roster = {
	"import", "roster FILE [--school NAME] [--encoding auto|utf-8|gb18030] "
	"[--dry-run] [--skip-bad]",
	N_("import a roster (花名册) from a CSV file"), sheet_import_opts,
	import_option, import_run, 0, 2, 2
};
const struct cmd cmd_export_roster = {
	"export", "roster [-o FILE [--force]] [--school NAME] "
	"[--encoding utf-8|gb18030] [--template]", N_("export the roster as CSV"), sheet_export_opts,
	export_option, export_run, CMD_AUDITED, 1, 1
};
