/*
 * cmd-db.c -- the commands that look after the database as a whole:
 * `shouhu backup` and `shouhu restore`.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "cmdopt.h"
#include "backup.h"
#include "cli.h"
#include "dbcheck.h"
#include "i18n.h"
#include "priv.h"
#include "util.h"

enum {
	OPT_PORTABLE = 0x3000	/* clear of the common options' codes */
};

static struct {
	const char	*output;
	bool		 portable;
} ba;

static int
backup_option(struct cmdctx *ctx, int code, const char *arg)
{
	switch (code) {
	case 'o':
		ba.output = arg;
		return 0;
	case OPT_PORTABLE:
		ba.portable = true;
		return 0;
	}
	return EXIT_USAGE;
}

static int
backup_run(struct cmdctx *ctx)
{
	struct check_stats st;
	char *cause = NULL, *path, *line, *safe;
	char day[9];
	int rc;

	if (cli_db(ctx) == NULL || cli_need_admin(ctx, _("make backups")) != 0)
		return EXIT_DATA;
	if (ba.output != NULL)
		path = xstrdup(ba.output);
	else {
		snprintf(day, sizeof day, "%.4s%.2s%.2s", ctx->today,
		    ctx->today + 5, ctx->today + 8);
		path = xasprintf("shouhu-backup-%s.%s", day, ba.portable ?
		    "txt" : "mdb");
	}
	/* The audit trail says who took a copy of everything, and where. */
	if ((rc = cmdopt_audit(ctx->db, AUDIT_BACKUP, path)) != EXIT_OK) {
		free(path);
		return rc;
	}
	if (db_backup(ctx->db, path, ba.portable, &st, &cause) != 0) {
		cli_error("%s", cause);
		free(cause);
		free(path);
		return EXIT_DATA;
	}
	line = check_stats_line(&st);
	safe = str_safe(path, false);
	printf(ba.portable ? _("Wrote a portable backup to %s and checked "
	    "it: %s\n") : _("Wrote a backup to %s and checked it: %s\n"),
	    safe, line);
	free(safe);
	free(line);
	free(path);
	return EXIT_OK;
}

/*
 * The restore itself, with the group's privilege held when the database
 * is the township's (priv_hold()); the caller drops it.
 */
static int
restore_do(struct cmdctx *ctx, struct restore *r)
{
	const char *file = ctx->argv[0];
	char *cause = NULL;

	/* Only the administrator of the database in place may replace it
	 * (a directory holding none yet: whoever runs it). */
	if ((ctx->db != NULL || db_exists(ctx->env->db_dir)) &&
	    (cli_db(ctx) == NULL ||
	    cli_need_admin(ctx, _("restore backups")) != 0))
		return EXIT_DATA;
	if (restore_prepare(ctx->env->db_dir, file, r, &cause) != 0) {
		cli_error("%s", cause);
		free(cause);
		return EXIT_DATA;
	}
	if (ctx->db == NULL) {
		ctx->db = cli_open_db_for(ctx->env, CMD_CREATE);
		if (ctx->db == NULL || cli_login(ctx->db, ctx->env,
		    ctx->today) != 0)
			return EXIT_DATA;
	}
	if (restore_switch(ctx->db, file, r, &cause) != 0) {
		cli_error("%s", cause);
		free(cause);
		return EXIT_DATA;
	}
	return EXIT_OK;
}

static int
restore_run(struct cmdctx *ctx)
{
	struct restore r;
	char *line, *from, *into, *kept;
	int rc;

	memset(&r, 0, sizeof r);
	r.alone = -1;
	rc = restore_do(ctx, &r);
	/* Nobody may open it before it is closed here (restore_end()). */
	db_close(ctx->db);
	ctx->db = NULL;
	kept = r.kept;
	r.kept = NULL;
	restore_end(&r);
	priv_drop();
	if (rc != EXIT_OK) {
		free(kept);
		return rc;
	}
	line = check_stats_line(&r.stats);
	from = str_safe(ctx->argv[0], false);
	into = str_safe(ctx->env->db_dir, false);
	printf(_("Restored %s into %s: %s\n"), from, into, line);
	free(from);
	free(into);
	if (kept != NULL) {
		from = str_safe(kept, false);
		printf(_("The database it replaced is kept as %s\n"), from);
		if (r.newer > 0)
			printf(P_("It holds %zu audit entry newer than the "
			    "copy's: the audit trail says so\n", "It holds %zu "
			    "audit entries newer than the copy's: the audit "
			    "trail says so\n", r.newer), r.newer);
		free(from);
	}
	free(line);
	free(kept);
	return EXIT_OK;
}

int
repair_run(struct db *db)
{
	struct repair_stats rs;
	char *cause = NULL;
	const char *label;
	size_t added, removed;
	unsigned tag, other;

	if (db_repair(db, &rs, &cause) != 0) {
		cli_error(_("cannot repair the index: %s"), cause);
		free(cause);
		return -1;
	}
	if (rs.total_added == 0 && rs.total_removed == 0) {
		printf("%s\n", _("The index was right: nothing changed."));
		return 0;
	}
	/* One line per kind of index, several tags may share its words. */
	for (tag = 0; tag < 256; tag++) {
		label = ix_tag_label(tag);
		added = removed = 0;
		for (other = 0; other < 256; other++) {
			if (strcmp(ix_tag_label(other), label) != 0)
				continue;
			if (other < tag)
				break;
			added += rs.added[other];
			removed += rs.removed[other];
		}
		if (other >= tag && (added > 0 || removed > 0))
			printf(_("Index of %s: %zu entries added, %zu "
			    "removed\n"), label, added, removed);
	}
	printf(_("Rebuilt the index: %zu entries added, %zu removed.\n"),
	    rs.total_added, rs.total_removed);
	return 0;
}

static const struct cmdopt backup_opts[] = {
	{ "output", required_argument, 'o', N_("FILE"),
	    N_("write to FILE (default shouhu-backup-YYYYMMDD.mdb here)") },
	{ "portable", no_argument, OPT_PORTABLE, NULL,
	    N_("plain text that any build of shouhu can restore") },
	{ NULL, 0, 0, NULL, NULL }
};

const struct cmd cmd_backup = {
	"backup", "[-o FILE] [--portable]",
	N_("write a checked copy of the database"), backup_opts,
	backup_option, backup_run, CMD_AUDITED, 0, 0
};

const struct cmd cmd_restore = {
	"restore", "FILE",
	N_("replace the database with a backup, keeping the old one beside "
	"it"), NULL, NULL, restore_run, CMD_HOLDPRIV, 1, 1
};
