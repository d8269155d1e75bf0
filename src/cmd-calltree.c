/* cmd-calltree.c -- the calltree and print commands. */
#include "config.h"

#include "cli.h"
#include "i18n.h"

static int
not_yet(struct cmdctx *ctx)
{
	cli_error("%s", _("call trees are not available yet"));
	return EXIT_DATA;
}

const struct cmd cmd_calltree = {
	"calltree", "generate|print|drill|report|list|show ...",
	N_("emergency call trees: make, print, drill"), NULL, NULL, not_yet,
	0, 1, 64
};
const struct cmd cmd_print = {
	"print", "cards --school NAME [--class GRADE-CLASS]",
	N_("print contact cards"), NULL, NULL, not_yet, CMD_READONLY, 1, 1
};
