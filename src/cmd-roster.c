/* cmd-roster.c -- the import and export commands. */
#include "config.h"

#include <stdlib.h>

#include "cli.h"
#include "i18n.h"

static int
not_yet(struct cmdctx *ctx)
{
	cli_error("%s", _("rosters cannot be imported or exported yet"));
	return EXIT_DATA;
}

const struct cmd cmd_import_roster = {
	"import", "roster FILE", N_("import a roster (花名册) from a CSV file"),
	NULL, NULL, not_yet, 0, 1, 1
};
const struct cmd cmd_export_roster = {
	"export", "roster", N_("export the roster as CSV"),
	NULL, NULL, not_yet, CMD_READONLY, 1, 1
};
