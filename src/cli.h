/*
 * cli.h -- the command line: a table of commands, each with its options,
 * synopsis and help, from which --help and the man page's list are made.
 *
 * Exit codes: 0 success, 1 a data or validation problem, 2 a usage
 * error.  Errors go to standard error, prefixed "shouhu: ".
 */
#ifndef SHOUHU_CLI_H
#define SHOUHU_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "store.h"
#include "util.h"

enum {
	EXIT_OK = 0,
	EXIT_DATA = 1,
	EXIT_USAGE = 2
};

/* Returned by cli_main when no command was given: open the screens. */
#define CLI_SCREENS (-1)

struct cli_env {
	char		*db_dir;	/* the database directory */
	const char	*lang;		/* "zh", "en" or NULL */
	int		 wait_seconds;	/* --wait; 0: the default */
};

/*
 * An option of a command.  val is a short option letter, or a code:
 * cli.c uses 256 to 0xfff, commands defined in other files 0x1000 and
 * up.
 */
struct cmdopt {
	const char	*name;		/* long name */
	int		 has_arg;	/* no_argument, required_argument */
	int		 val;		/* short letter or a code >= 256 */
	const char	*arg;		/* msgid naming the argument */
	const char	*help;		/* msgid */
};

struct cmd;

struct cmdctx {
	struct cli_env	*env;
	const struct cmd *cmd;
	struct db	*db;		/* opened by the command when needed */
	char		 today[11];
	int		 argc;		/* operands left after options */
	char		**argv;
	/* An option asked to write (check --repair): not opened read-only. */
	bool		 writes;
};

struct cmd {
	const char		*name;
	const char		*synopsis;	/* operands and options */
	const char		*summary;	/* msgid */
	const struct cmdopt	*opts;
	/* Called once per option (code, argument), then run. */
	int			(*option)(struct cmdctx *, int code,
				    const char *arg);
	int			(*run)(struct cmdctx *);
	unsigned		 flags;
	int			 min_operands;
	int			 max_operands;
};

enum {
	CMD_NODB = 1 << 0,	/* needs no database */
	CMD_CREATE = 1 << 1,	/* creates the database when missing */
	CMD_READONLY = 1 << 2,	/* never changes the database */
	/*
	 * Only reads, but writes its audit entry (a file opened, an export,
	 * a print); on read-only media it reads without one.
	 */
	CMD_AUDITED = 1 << 3,
	/*
	 * Replaces the township's database in its directory (restore): the
	 * group's privilege stays in the saved id until the command drops
	 * it (priv_hold()).
	 */
	CMD_HOLDPRIV = 1 << 4
};

/*
 * The commands defined outside cli.c.  "import" and "export" take a
 * first operand naming what ("roster"); more kinds may follow.
 */
extern const struct cmd cmd_import_roster;
/* Their options, shared by the staff list's import and export. */
extern const struct cmdopt sheet_import_opts[];
extern const struct cmdopt sheet_export_opts[];
extern const struct cmd cmd_export_roster;
/* "import" and "export" of every kind (cmd-staff.c): roster, staff. */
extern const struct cmd cmd_import;
extern const struct cmd cmd_export;
/* "calltree generate|print|drill|report|list|show", "print cards". */
extern const struct cmd cmd_calltree;
extern const struct cmd cmd_print;
/* "setup": a township server's shared database, by root. */
extern const struct cmd cmd_setup;
/* "audit": the audit trail. */
extern const struct cmd cmd_audit;
/* "backup [-o FILE] [--portable]", "restore FILE" (cmd-db.c). */
extern const struct cmd cmd_backup;
extern const struct cmd cmd_restore;
/* "user add|list|remove", "whoami" (cmd-user.c). */
extern const struct cmd cmd_user;
extern const struct cmd cmd_whoami;
/* "report summary|term|staff" (cmd-report.c). */
extern const struct cmd cmd_report;
/*
 * `check --completeness [--school NAME]` (cmd-report.c): per class, the
 * children missing what the official form requires.  EXIT_OK when none
 * is, EXIT_DATA when some are (or on failure).
 */
int completeness_run(struct cmdctx *, const char *school);
/* "log add|list|show|edit|delete": the care log (cmd-log.c). */
extern const struct cmd cmd_log;
/* "settings" (cmd-settings.c), "due": the worklist (cmd-due.c). */
extern const struct cmd cmd_settings;
extern const struct cmd cmd_due;
/* "meeting add|list|show|sheet|attend|minutes|report" (cmd-meeting.c). */
extern const struct cmd cmd_meeting;
/* "incident open|act|close|list|show|print" (cmd-incident.c). */
extern const struct cmd cmd_incident;
/* "counsel add|list|show" (cmd-counsel.c), "plan ..." (cmd-plan.c). */
/* A record number typed "12" or "#12"; 0 when it is not one. */
uint32_t cli_number(const char *);
extern const struct cmd cmd_counsel;
extern const struct cmd cmd_plan;
/* "agreement list|missing|sign", "aid add|list|summary|remove". */
extern const struct cmd cmd_agreement;
extern const struct cmd cmd_aid;
/*
 * 0 when the acting user is an administrator (access.h), else prints
 * that the login may not do what (translated) and returns -1.
 */
int cli_need_admin(struct cmdctx *, const char *what);
/* `check --repair`: rebuilds the index, prints what changed; 0 or -1. */
int repair_run(struct db *);

/* Runs the command line; see CLI_SCREENS. */
int cli_main(int argc, char **argv, struct cli_env *env);
/*
 * --db, else $SHOUHU_DB, else $XDG_DATA_HOME/shouhu, else
 * ~/.local/share/shouhu.  Running setgid, the configured database
 * instead (see priv.h), and no $XDG_DATA_HOME or $HOME.
 */
char *cli_default_db(void);
/* Prints "shouhu: " and a message to standard error. */
void cli_error(const char *fmt, ...) SH_PRINTF(1, 2);
/*
 * The command's database, opened on first use, after the command has
 * checked its operands (so that a usage error is reported as one even
 * without a database).  Prints the error and returns NULL on failure.
 */
struct db *cli_db(struct cmdctx *);
/*
 * Loads the acting login of a database just opened (access.h), which
 * every command and the screens do before anything else: records a new
 * database's creator as its administrator; a login the rules refuse is
 * told what to ask for, the refusal written to the audit trail (env,
 * when not NULL, to reopen a read-only database for it).  0, or -1 after
 * printing why: the caller closes the database and stops.
 */
int cli_login(struct db *, const struct cli_env *, const char *today);
/* Opens a database; prints the error and returns NULL. */
struct db *cli_open_db(const struct cli_env *, bool create, bool readonly);
/* The same for a command of these CMD_* flags. */
struct db *cli_open_db_for(const struct cli_env *, unsigned flags);

#endif
