/*
 * main.c -- the program: the command line, or with no command the
 * screens.
 */
#include "config.h"

#include <stdlib.h>

#include "cli.h"
#include "priv.h"
#include "ui.h"

int
main(int argc, char **argv)
{
	struct cli_env env;
	int rc;

	priv_init();
	rc = cli_main(argc, argv, &env);
	if (rc == CLI_SCREENS)
		rc = ui_main(env.db_dir);
	free(env.db_dir);
	return rc;
}
