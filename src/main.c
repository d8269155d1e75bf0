/*
 * main.c -- the program: the command line, or with no command the
 * screens.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "i18n.h"

int
main(int argc, char **argv)
{
	struct cli_env env;
	int rc;

	rc = cli_main(argc, argv, &env);
	if (rc == CLI_SCREENS) {
		char *help[] = { argv[0], "help", NULL };

		free(env.db_dir);
		rc = cli_main(2, help, &env);
	}
	free(env.db_dir);
	return rc;
}
