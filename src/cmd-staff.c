/*
 * cmd-staff.c -- the staff list's commands, and "import" and "export"
 * for every kind:
 *
 *	shouhu import staff FILE [--school NAME] [--encoding ENC]
 *	    [--dry-run] [--skip-bad]
 *	shouhu export staff [-o FILE [--force]] [--school NAME]
 *	    [--encoding ENC]
 *
 * "import" and "export" take the kind as their first operand: the
 * options are kept as given and handed to the roster's command for
 * "roster" (cmd-roster.c), or read here for "staff".  The work is
 * staffsheet.c's.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit.h"
#include "cli.h"
#include "cmdopt.h"
#include "i18n.h"
#include "staffsheet.h"
#include "util.h"

#define MAX_OPTS 32		/* options kept for the roster's command */

static struct {
	int		 code[MAX_OPTS];
	const char	*arg[MAX_OPTS];
	int		 n;
	bool		 too_many;
} kept;

/* Option codes, clear of cli.c's own (256 on) and of cmd-roster.c's. */
/* The roster's option codes: both kinds take the roster's options. */
enum {
	OPT_SCHOOL = 0x1000,
	OPT_ENCODING,
	OPT_DRY_RUN,
	OPT_SKIP_BAD,
	OPT_TEMPLATE,
	OPT_FORCE
};

/* Each option is kept as given, and read when the kind is known. */
static int
keep_option(struct cmdctx *ctx, int code, const char *arg)
{
	if (kept.n == MAX_OPTS) {
		kept.too_many = true;
		return 0;
	}
	kept.code[kept.n] = code;
	kept.arg[kept.n++] = arg;
	return 0;
}

static const char *
option_name(const struct cmd *c, int code)
{
	const struct cmdopt *o;

	for (o = c->opts; o != NULL && o->name != NULL; o++)
		if (o->val == code)
			return o->name;
	return "";
}

/*
 * Runs the roster's command with the options kept, each given under
 * its name's code in the roster's table.
 */
static int
run_roster(const struct cmd *mine, const struct cmd *c, struct cmdctx *ctx)
{
	const struct cmdopt *o;
	const char *name;
	int i, rc;

	for (i = 0; i < kept.n; i++) {
		name = option_name(mine, kept.code[i]);
		for (o = c->opts; o != NULL && o->name != NULL; o++)
			if (strcmp(o->name, name) == 0)
				break;
		if (o == NULL || o->name == NULL) {
			cli_error(_("--%s is not an option of the roster"),
			    name);
			return EXIT_USAGE;
		}
		if ((rc = c->option(ctx, o->val, kept.arg[i])) != 0)
			return rc;
	}
	return c->run(ctx);
}

/* The staff command's options from those kept; EXIT_USAGE when wrong. */
static int
staff_options(const struct cmd *c, bool import, struct staff_opts *o,
    const char **output)
{
	const char *name, *arg;
	int i;

	memset(o, 0, sizeof *o);
	*output = NULL;
	if (kept.too_many) {
		cli_error("%s", _("too many options"));
		return EXIT_USAGE;
	}
	for (i = 0; i < kept.n; i++) {
		name = option_name(c, kept.code[i]);
		arg = kept.arg[i];
		if (strcmp(name, "school") == 0)
			o->school = arg;
		else if (strcmp(name, "dry-run") == 0 && import)
			o->dry_run = true;
		else if (strcmp(name, "skip-bad") == 0 && import)
			o->skip_bad = true;
		else if (strcmp(name, "force") == 0 && !import)
			o->force = true;
		else if (strcmp(name, "output") == 0 && !import)
			*output = arg;
		else if (strcmp(name, "encoding") == 0) {
			if (import && strcasecmp(arg, "auto") == 0)
				o->encoding = SHEET_ENC_AUTO;
			else if (strcasecmp(arg, "utf-8") == 0 ||
			    strcasecmp(arg, "utf8") == 0)
				o->encoding = SHEET_ENC_UTF8;
			else if (strcasecmp(arg, "gb18030") == 0 ||
			    strcasecmp(arg, "gbk") == 0)
				o->encoding = SHEET_ENC_GB18030;
			else {
				cli_error(import ? _("--encoding is auto, "
				    "utf-8 or gb18030, not \"%s\"") :
				    _("--encoding is utf-8 or gb18030, not "
				    "\"%s\""), arg);
				return EXIT_USAGE;
			}
		} else {
			cli_error(_("--%s is not an option of the staff "
			    "list"), name);
			return EXIT_USAGE;
		}
	}
	return 0;
}

static void
show_message(const char *line, void *arg)
{
	fprintf(stderr, "%s\n", line);
}

static bool
known_kind(const char *what, const char *verb)
{
	if (strcmp(what, "roster") == 0 || strcmp(what, "staff") == 0)
		return true;
	/* TRANSLATORS: %s is import or export. */
	cli_error(_("cannot %s \"%s\": the kinds are roster and staff"), verb,
	    what);
	return false;
}

static int
import_run(struct cmdctx *ctx)
{
	struct staff_summary sum;
	struct staff_opts o;
	const char *output;
	char *cause = NULL, *text;
	int rc;

	if (!known_kind(ctx->argv[0], "import"))
		return EXIT_USAGE;
	if (strcmp(ctx->argv[0], "roster") == 0)
		return run_roster(&cmd_import, &cmd_import_roster, ctx);
	if ((rc = staff_options(&cmd_import, true, &o, &output)) != 0)
		return rc;
	if (cli_db(ctx) == NULL)
		return EXIT_DATA;
	o.message = show_message;
	rc = staff_import(ctx->db, ctx->argv[1], &o, &sum, &cause);
	if (rc < 0) {
		cli_error("%s", cause);
		free(cause);
		staff_summary_free(&sum);
		return EXIT_DATA;
	}
	text = staff_summary_text(&sum, rc);
	printf("%s\n", text);
	free(text);
	staff_summary_free(&sum);
	return rc == 0 ? EXIT_OK : EXIT_DATA;
}

static int
export_run(struct cmdctx *ctx)
{
	struct staff_opts o;
	const char *output;
	char *cause = NULL, *safe;
	size_t rows;
	int rc;

	if (!known_kind(ctx->argv[0], "export"))
		return EXIT_USAGE;
	if (strcmp(ctx->argv[0], "roster") == 0)
		return run_roster(&cmd_export, &cmd_export_roster, ctx);
	if ((rc = staff_options(&cmd_export, false, &o, &output)) != 0)
		return rc;
	if (cli_db(ctx) == NULL)
		return EXIT_DATA;
	if ((rc = cmdopt_audit(ctx->db, AUDIT_EXPORT, output != NULL ?
	    output : "-")) != EXIT_OK)
		return rc;
	if (staff_export(ctx->db, output, &o, &rows, &cause) != 0) {
		cli_error("%s", cause);
		free(cause);
		return EXIT_DATA;
	}
	if (output != NULL && strcmp(output, "-") != 0) {
		safe = str_safe(output, false);
		printf(P_("Wrote %zu staff member to %s\n",
		    "Wrote %zu staff members to %s\n", rows), rows, safe);
		free(safe);
	}
	return EXIT_OK;
}

const struct cmd cmd_import = {
	"import", "roster FILE [--school NAME] "
	"[--encoding auto|utf-8|gb18030] [--dry-run] [--skip-bad]\n"
	"       shouhu import staff FILE [--school NAME] "
	"[--encoding auto|utf-8|gb18030] [--dry-run] [--skip-bad]",
	N_("import a roster (花名册) or a staff list (教职工通讯录) from a CSV "
	"file"), sheet_import_opts, keep_option, import_run, 0, 2, 2
};
const struct cmd cmd_export = {
	"export", "roster [-o FILE [--force]] [--school NAME] "
	"[--encoding utf-8|gb18030] [--template]\n"
	"       shouhu export staff [-o FILE [--force]] [--school NAME] "
	"[--encoding utf-8|gb18030]",
	N_("export the roster or the staff list as CSV"), sheet_export_opts,
	    keep_option,
	export_run, CMD_AUDITED, 1, 1
};
