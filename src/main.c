/*
 * main.c -- the program: the command line, or with no command the
 * screens.
 */
#include "config.h"

#include <stdlib.h>

#include "cli.h"
#include "i18n.h"
#include "priv.h"
#include "ui.h"

int
main(int argc, char **argv)
{
	struct cli_env env;
	int rc;

	priv_init();
	rc = cli_main(argc, argv, &env);
	if (rc == CLI_SCREENS) {
		/* Chinese asked for, and no catalog: say so, in English. */
		if (i18n_catalog_missing())
			ui_error_quiet("%s", _("No Chinese messages were found "
			    "(the catalog shouhu.mo is not installed): the "
			    "screens are in English."));
		rc = ui_main(env.db_dir, env.wait_seconds);
	}
	free(env.db_dir);
	return rc;
}
