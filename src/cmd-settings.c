/*
 * cmd-settings.c -- `shouhu settings [list | set NAME VALUE]`: the
 * worklist's thresholds and the days of the school terms (settings.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "conf.h"
#include "i18n.h"
#include "rec.h"
#include "schema.h"
#include "settings.h"
#include "term.h"
#include "util.h"

static int
settings_list(struct cmdctx *ctx)
{
	const struct schema *sc = &settings_schema;
	struct settings s;
	struct term now;
	struct rec *r;
	struct txn t;
	struct buf b = { 0 };
	const struct conf *conf;
	char *label, *safe, *cause = NULL;
	int f;

	if (txn_read(ctx->db, &t) != 0) {
		cli_error(_("cannot read the database"));
		return EXIT_DATA;
	}
	r = settings_record(&t);
	settings_from_rec(r, &s);
	txn_end(&t);
	conf = conf_system(&cause);
	if (cause != NULL) {
		cli_error("%s", cause);
		free(cause);
	}
	for (f = 0; f < sc->nfields; f++) {
		char val[16];

		buf_addf(&b, "%-14s ", sc->fields[f].name);
		settings_value(&s, f, val, sizeof val);
		u_fit(&b, val, 6, true);
		buf_addf(&b, " %s", _(sc->fields[f].label));
		if (r->id == 0 && conf != NULL &&
		    conf_get(conf, sc->fields[f].name) != NULL)
			buf_addf(&b, _(" (from %s)"), conf_file(conf));
		buf_addc(&b, '\n');
	}
	term_at(&s, ctx->today, &now);
	label = term_label(&now);
	buf_addf(&b, _("The term of %s: %s, %s to %s\n"), ctx->today, label,
	    now.start, now.end);
	free(label);
	rec_free(r);
	safe = str_safe(b.s, true);
	fputs(safe, stdout);
	free(safe);
	buf_free(&b);
	return EXIT_OK;
}

static int
settings_run(struct cmdctx *ctx)
{
	const char *sub = ctx->argc > 0 ? ctx->argv[0] : "list";
	char *cause = NULL;
	int rc;

	if (strcmp(sub, "list") == 0 && ctx->argc <= 1) {
		if (cli_db(ctx) == NULL)
			return EXIT_DATA;
		return settings_list(ctx);
	}
	if (strcmp(sub, "set") != 0 || ctx->argc != 3) {
		cli_error(_("usage: shouhu %s %s"), ctx->cmd->name,
		    ctx->cmd->synopsis);
		return EXIT_USAGE;
	}
	if (cli_db(ctx) == NULL)
		return EXIT_DATA;
	if ((rc = settings_set(ctx->db, ctx->argv[1], ctx->argv[2],
	    &cause)) != 0) {
		cli_error("%s", cause != NULL ? cause : sh_strerror(rc));
		free(cause);
		return EXIT_DATA;
	}
	return settings_list(ctx);
}

const struct cmd cmd_settings = {
	"settings", "[list | set NAME VALUE]",
	N_("the worklist's thresholds and the days of the school terms"),
	NULL, NULL, settings_run, 0, 0, 3
};
