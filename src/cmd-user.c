/*
 * cmd-user.c -- who may use a shared database: `shouhu user add|list|
 * remove` (the administrator's) and `shouhu whoami`.
 *
 *	shouhu user add LOGIN --staff ID
 *	shouhu user add LOGIN --name NAME --school SCHOOL [--roles ROLES]
 *	shouhu user list
 *	shouhu user remove LOGIN
 *	shouhu whoami
 *
 * A login is linked to a staff member by the staff record's login field
 * (see access.h for what the link and the roles allow); the login that
 * created the database is an administrator without a staff record until
 * it is linked to one.  No change leaves the database without an
 * administrator.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "cli.h"
#include "codec.h"
#include "i18n.h"
#include "model.h"
#include "rec.h"
#include "schema.h"
#include "util.h"

enum {
	OPT_STAFF = 0x1200,
	OPT_NAME,
	OPT_SCHOOL,
	OPT_ROLES
};

static struct {
	const char	*staff;
	const char	*name;
	const char	*school;
	const char	*roles;
} ua;

static int
user_option(struct cmdctx *ctx, int code, const char *arg)
{
	switch (code) {
	case OPT_STAFF:
		ua.staff = arg;
		return 0;
	case OPT_NAME:
		ua.name = arg;
		return 0;
	case OPT_SCHOOL:
		ua.school = arg;
		return 0;
	case OPT_ROLES:
		ua.roles = arg;
		return 0;
	}
	return EXIT_USAGE;
}

int
cli_need_admin(struct cmdctx *ctx, const char *what)
{
	if (access_admin())
		return 0;
	cli_error(_("%s may not %s: only the administrator may"),
	    ctx->db->user, what);
	return -1;
}

struct add_arg {
	const char	*login;
	uint32_t	 staff;	/* 0: find or make by name */
	char		*name;	/* out: the staff member's name */
	uint32_t	 id;	/* out */
};

static int
add_write(struct txn *t, void *arg, char **cause)
{
	struct add_arg *a = arg;
	struct idlist l = { 0 };
	struct rec *s = NULL;
	uint32_t school = 0, other;
	bool was;
	int rc;

	free(a->name);
	a->name = NULL;
	if ((other = staff_by_login(t, a->login)) != 0) {
		set_cause(cause, _("login %s is already linked to staff #%u"),
		    a->login, other);
		goto fail;
	}
	if (a->staff != 0) {
		if (rec_get(t, RT_STAFF, a->staff, &s) != 0) {
			set_cause(cause, _("there is no staff member #%u"),
			    a->staff);
			goto fail;
		}
	} else {
		if ((school = school_by_name(t, ua.school)) == 0) {
			set_cause(cause, _("there is no school named \"%s\""),
			    ua.school);
			goto fail;
		}
		staff_by_name(t, school, ua.name, &l);
		if (l.n > 1) {
			set_cause(cause, _("%zu staff members of %s are named "
			    "%s: use --staff ID"), l.n, ua.school, ua.name);
			goto fail;
		}
		if (l.n == 1 && rec_get(t, RT_STAFF, l.v[0], &s) != 0) {
			set_cause(cause, _("staff member #%u cannot be read"),
			    l.v[0]);
			goto fail;
		}
		if (s == NULL) {
			s = rec_new(RT_STAFF);
			rec_set(s, STAFF_NAME, ua.name);
			rec_set_ref(s, STAFF_SCHOOL, school);
		}
	}
	if (*rec_str(s, STAFF_LOGIN) != '\0') {
		set_cause(cause, _("%s already has the login %s: \"shouhu "
		    "user remove %s\" first"), rec_title(s),
		    rec_str(s, STAFF_LOGIN), rec_str(s, STAFF_LOGIN));
		goto fail;
	}
	if (rec_input(s, STAFF_LOGIN, a->login, cause) != 0 ||
	    (ua.roles != NULL && rec_input(s, STAFF_ROLES, ua.roles,
	    cause) != 0))
		goto fail;
	if ((rc = rec_put(t, s, cause)) != 0 ||
	    access_drop_first_admin(t, a->login, &was, cause) != 0)
		goto fail;
	a->name = xstrdup(rec_title(s));
	a->id = s->id;
	rec_free(s);
	idl_free(&l);
	return 0;
fail:
	rec_free(s);
	idl_free(&l);
	return t->err != 0 ? t->err : SH_EINVAL;
}

static int
user_add(struct cmdctx *ctx)
{
	struct add_arg a = { .login = ctx->argv[1] };
	char *cause = NULL, *end;
	unsigned long n;
	int rc;

	if (ua.staff != NULL) {
		n = strtoul(ua.staff, &end, 10);
		if (*ua.staff == '\0' || *end != '\0' || n == 0 ||
		    n > UINT32_MAX || ua.name != NULL || ua.school != NULL) {
			cli_error("%s", _("--staff takes a staff member's "
			    "number, without --name and --school"));
			return EXIT_USAGE;
		}
		a.staff = (uint32_t)n;
	} else if (ua.name == NULL || ua.school == NULL) {
		cli_error("%s", _("say who the login is: --staff ID, or --name "
		    "NAME and --school SCHOOL"));
		return EXIT_USAGE;
	}
	if (cli_db(ctx) == NULL || cli_need_admin(ctx, _("add users")) != 0)
		return EXIT_DATA;
	rc = db_write(ctx->db, add_write, &a, &cause);
	if (rc != 0) {
		cli_error("%s", cause != NULL ? cause : sh_strerror(rc));
		free(cause);
		free(a.name);
		return EXIT_DATA;
	}
	printf(_("Login %s is now %s (staff #%u)\n"), a.login, a.name, a.id);
	free(a.name);
	return EXIT_OK;
}

struct remove_arg {
	const char	*login;
	bool		 linked;	/* out: was linked to a staff member */
};

static int
remove_write(struct txn *t, void *arg, char **cause)
{
	struct remove_arg *a = arg;
	struct rec *s;
	uint32_t id;
	bool was;
	int rc;

	a->linked = false;
	if ((rc = access_drop_first_admin(t, a->login, &was, cause)) != 0)
		return rc;
	if ((id = staff_by_login(t, a->login)) == 0) {
		if (was)
			return t->err;
		set_cause(cause, _("no staff member has the login %s"),
		    a->login);
		return SH_ENOTFOUND;
	}
	if ((rc = rec_get(t, RT_STAFF, id, &s)) != 0)
		return rc;
	rec_set(s, STAFF_LOGIN, NULL);
	rc = rec_put(t, s, cause);
	rec_free(s);
	a->linked = true;
	return rc;
}

static int
user_remove(struct cmdctx *ctx)
{
	struct remove_arg a = { .login = ctx->argv[1] };
	char *cause = NULL;
	int rc;

	if (cli_db(ctx) == NULL ||
	    cli_need_admin(ctx, _("remove users")) != 0)
		return EXIT_DATA;
	if ((rc = db_write(ctx->db, remove_write, &a, &cause)) != 0) {
		cli_error("%s", cause != NULL ? cause : sh_strerror(rc));
		free(cause);
		return EXIT_DATA;
	}
	if (a.linked)
		printf(_("Login %s is no longer linked to a staff member\n"),
		    a.login);
	else
		printf(_("Login %s is no longer a user of this database\n"),
		    a.login);
	return EXIT_OK;
}

/* "principal, leadership group" */
static char *
roles_text(const char *set)
{
	return field_display(&schema_of(RT_STAFF)->fields[STAFF_ROLES], set);
}

static char *
school_name(struct txn *t, uint32_t id)
{
	struct rec *s;
	char *n;

	if (id == 0 || rec_get(t, RT_SCHOOL, id, &s) != 0)
		return xstrdup("");
	n = xstrdup(rec_title(s));
	rec_free(s);
	return n;
}

static int
user_list(struct cmdctx *ctx)
{
	struct buf b = { 0 };
	struct kv_cursor c;
	struct rec *s;
	struct txn t;
	char *roles, *school, *safe, *first;
	bool ok;
	size_t n = 0;
	const unsigned char *k;
	unsigned char tag = IX_STAFF_LOGIN;

	if (cli_db(ctx) == NULL)
		return EXIT_DATA;
	if (txn_read(ctx->db, &t) != 0) {
		cli_error(_("cannot read the database"));
		return EXIT_DATA;
	}
	if ((first = access_first_admin(&t)) != NULL) {
		buf_addf(&b, "%-16s %-6s %s\n", first, "", _("administrator, "
		    "without a staff member (created the database)"));
		free(first);
		n++;
	}
	for (ok = kv_first(&t, DBI_IX, &tag, 1, &c); ok; ok = kv_next(&c)) {
		k = c.key.mv_data;
		if (c.key.mv_size < 6 || rec_get(&t, RT_STAFF,
		    get_u32be(k + c.key.mv_size - 4), &s) != 0)
			continue;
		roles = roles_text(rec_str(s, STAFF_ROLES));
		school = school_name(&t, rec_ref(s, STAFF_SCHOOL));
		buf_addf(&b, "%-16s #%-5u %s  %s  %s\n", rec_str(s,
		    STAFF_LOGIN), s->id, rec_title(s), school, roles);
		free(roles);
		free(school);
		rec_free(s);
		n++;
	}
	kv_close(&c);
	txn_end(&t);
	if (n == 0)
		buf_addf(&b, "%s\n", _("No login is recorded (a database made "
		    "by an older shouhu): the owner of its files is its "
		    "administrator."));
	safe = str_safe(b.s != NULL ? b.s : "", true);
	fputs(safe, stdout);
	free(safe);
	buf_free(&b);
	return EXIT_OK;
}

static int
user_run(struct cmdctx *ctx)
{
	const char *sub = ctx->argv[0];

	if (strcmp(sub, "add") == 0 && ctx->argc == 2)
		return user_add(ctx);
	if (strcmp(sub, "remove") == 0 && ctx->argc == 2)
		return user_remove(ctx);
	if (strcmp(sub, "list") == 0 && ctx->argc == 1)
		return user_list(ctx);
	cli_error(_("usage: shouhu %s %s"), ctx->cmd->name,
	    ctx->cmd->synopsis);
	return EXIT_USAGE;
}

static int
whoami_run(struct cmdctx *ctx)
{
	struct rec *s = NULL;
	struct txn t;
	char *roles = NULL, *school = NULL, *safe, *first;
	const char *why;
	struct buf b = { 0 };

	if (cli_db(ctx) == NULL)
		return EXIT_DATA;
	if (txn_read(ctx->db, &t) != 0) {
		cli_error(_("cannot read the database"));
		return EXIT_DATA;
	}
	buf_addf(&b, _("Login: %s\n"), ctx->db->user);
	if (access_staff() != 0 && rec_get(&t, RT_STAFF, access_staff(),
	    &s) == 0) {
		roles = roles_text(rec_str(s, STAFF_ROLES));
		school = school_name(&t, rec_ref(s, STAFF_SCHOOL));
		buf_addf(&b, _("Staff: %s (#%u), %s\n"), rec_title(s), s->id,
		    school);
		buf_addf(&b, _("Roles: %s\n"), roles);
	} else
		buf_addf(&b, "%s\n", _("Staff: none (not linked to a staff "
		    "member)"));
	first = access_first_admin(&t);
	txn_end(&t);
	if (access_roles() & AR_ADMIN) {
		if (first != NULL && strcmp(first, ctx->db->user) == 0)
			why = _("You are an administrator of this database: "
			    "you created it.");
		else if (strcmp(ctx->db->user, "root") == 0)
			why = _("You are an administrator of this database: "
			    "root always is.");
		else
			why = _("You are an administrator of this database.");
		buf_addf(&b, "%s\n", why);
	}
	free(first);
	safe = str_safe(b.s, true);
	fputs(safe, stdout);
	free(safe);
	free(roles);
	free(school);
	rec_free(s);
	buf_free(&b);
	return EXIT_OK;
}

static const struct cmdopt user_opts[] = {
	{ "staff", required_argument, OPT_STAFF, N_("ID"),
	    N_("add: the staff member this login is") },
	{ "name", required_argument, OPT_NAME, N_("NAME"),
	    N_("add: the staff member's name (made when missing)") },
	{ "school", required_argument, OPT_SCHOOL, N_("SCHOOL"),
	    N_("add: the staff member's school") },
	{ "roles", required_argument, OPT_ROLES, N_("ROLES"),
	    N_("add: set the roles (several, separated by commas)") },
	{ NULL, 0, 0, NULL, NULL }
};

const struct cmd cmd_user = {
	"user", "add LOGIN --staff ID | add LOGIN --name NAME --school SCHOOL "
	"[--roles ROLES] | list | remove LOGIN",
	N_("who may use the database: logins linked to staff members"),
	user_opts, user_option, user_run, 0, 1, 2
};

const struct cmd cmd_whoami = {
	"whoami", "", N_("the login using the program, its staff member and "
	"roles"), NULL, NULL, whoami_run, CMD_READONLY, 0, 0
};
