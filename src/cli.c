/*
 * cli.c -- the command line.
 *
 * Every command is a row of commands[] with its own table of options;
 * the usage lines, `shouhu help`, `shouhu COMMAND --help` and the option
 * parsing are all made from those tables.  Options common to every
 * command (--db, --lang, --help) may come before or after the command.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dbcheck.h"
#include "access.h"
#include "audit.h"
#include "cli.h"
#include "codec.h"
#include "conf.h"
#include "cover.h"
#include "csvw.h"
#include "demo.h"
#include "i18n.h"
#include "model.h"
#include "pinyin.h"
#include "plan.h"
#include "priv.h"
#include "rec.h"
#include "schema.h"
#include "table.h"
#include "util.h"
#include "view.h"

enum {
	OPT_DB = 256,
	OPT_LANG,
	OPT_HELP,
	OPT_VERSION,
	OPT_SCHOOL,
	OPT_SEED,
	OPT_TO_VERIFY,
	OPT_WAIT,
	OPT_REPAIR,
	OPT_ALL,
	OPT_COMPLETENESS
};

static const struct cmdopt common_opts[] = {
	{ "db", required_argument, OPT_DB, N_("DIR"),
	    N_("the database directory") },
	{ "lang", required_argument, OPT_LANG, N_("LANG"),
	    N_("zh or en: the language of messages") },
	{ "wait", required_argument, OPT_WAIT, N_("SECONDS"),
	    N_("how long to wait for another user's change (default 30)") },
	{ "help", no_argument, OPT_HELP, NULL, N_("show this help") },
	{ NULL, 0, 0, NULL, NULL }
};

/*
 * Where the data goes.  Commands that read the database write into
 * memory while their read transaction is open and copy it to standard
 * output after ending it: a pipe to a pager that waits for a person
 * must never hold a transaction (see buffer_start()).
 */
static FILE *out;

void
cli_error(const char *fmt, ...)
{
	va_list ap;
	char *msg, *safe;

	fflush(stdout);
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	/* Messages quote imported values: nothing in them may reach the
	 * terminal as a control sequence. */
	safe = str_safe(msg, true);
	fprintf(stderr, "shouhu: %s\n", safe);
	free(safe);
	free(msg);
}

char *
cli_default_db(void)
{
	const char *v = getenv("SHOUHU_DB");
	struct passwd *pw;

	if (v != NULL && *v != '\0')
		return xstrdup(v);
	v = priv_getenv("XDG_DATA_HOME");
	if (v != NULL && *v == '/')
		return xasprintf("%s/shouhu", v);
	v = priv_getenv("HOME");
	if ((v == NULL || *v == '\0') && (pw = getpwuid(getuid())) != NULL)
		v = pw->pw_dir;
	return xasprintf("%s/.local/share/shouhu", v != NULL ? v : ".");
}

static void
wait_notice(const char *msg, void *arg)
{
	cli_error("%s", msg);
}

struct db *
cli_open_db(const struct cli_env *env, bool create, bool readonly)
{
	return cli_open_db_for(env, (create ? CMD_CREATE : 0) |
	    (readonly ? CMD_READONLY : 0));
}

struct db *
cli_open_db_for(const struct cli_env *env, unsigned flags)
{
	struct db_opts o = {
		.create = (flags & CMD_CREATE) != 0,
		.readonly = (flags & CMD_READONLY) != 0,
		.read_fallback = (flags & CMD_AUDITED) != 0
	};
	struct db *db;
	char *cause = NULL;

	if (priv_db_open(env->db_dir, &o, &db, &cause) != 0) {
		cli_error("%s", cause);
		free(cause);
		return NULL;
	}
	db_set_wait(db, env->wait_seconds, wait_notice, NULL);
	return db;
}

/*
 * Who is using the database (access.h): a login the rules refuse is told
 * what to ask for, and the refusal is written to the audit trail
 * (through a database opened for writing when this one is read-only).
 */
int
cli_login(struct db *db, const struct cli_env *env, const char *today)
{
	struct db *wdb = NULL;
	char *cause = NULL, *c2 = NULL;
	int rc;

	if ((rc = access_begin(db, today, &cause)) == 0 &&
	    access_record_claim(db, &cause) == 0)
		return 0;
	if (rc == SH_EPERM && db->readonly && !priv_setgid() && env != NULL)
		wdb = cli_open_db_for(env, CMD_AUDITED);
	else if (rc == SH_EPERM && db->readonly && db->lock != NULL)
		db->readonly = false;	/* the shared database: see cli_main */
	if (rc == SH_EPERM && (wdb != NULL ? access_note_refusal(wdb, &c2) :
	    !db->readonly ? access_note_refusal(db, &c2) : 0))
		free(c2);
	db_close(wdb);
	cli_error("%s", cause);
	free(cause);
	return -1;
}

struct db *
cli_db(struct cmdctx *ctx)
{
	if (ctx->db == NULL) {
		ctx->db = cli_open_db_for(ctx->env, ctx->writes ?
		    ctx->cmd->flags & ~(unsigned)CMD_READONLY : ctx->cmd->flags);
		if (ctx->db != NULL && cli_login(ctx->db, ctx->env,
		    ctx->today) != 0) {
			db_close(ctx->db);
			ctx->db = NULL;
		}
	}
	return ctx->db;
}

/*
 * An installed program whose setgid bit did nothing (priv.h): said, for
 * a command that would otherwise open the user's private database as if
 * nothing were wrong.  -1 when said.
 */
static int
setgid_lost(const struct cli_env *env)
{
	const char *v = getenv("SHOUHU_DB");
	char *g;

	if (env->db_dir != NULL || (v != NULL && *v != '\0') ||
	    (g = priv_setgid_lost()) == NULL)
		return 0;
	cli_error(_("this program is installed setgid to group %s but runs "
	    "without it (a file system mounted nosuid, or no_new_privs set): "
	    "the township's database is out of reach; tell the "
	    "administrator"), g);
	free(g);
	return -1;
}

/*
 * Running setgid: the database is the one the configuration names,
 * opened now with the group's privilege, which is then dropped for good
 * before anything else happens.  --db or $SHOUHU_DB count only for a
 * directory the user can open himself, and that without the privilege.
 */
static int
setgid_db(struct cli_env *env, bool needs_db, bool readonly)
{
	const struct conf *conf;
	const char *named = env->db_dir, *what = "--db", *dir = NULL;
	char *cause = NULL;
	int rc;

	if (named == NULL && (named = getenv("SHOUHU_DB")) != NULL) {
		what = "$SHOUHU_DB";
		if (*named == '\0')
			named = NULL;
	}
	if (!needs_db || (named != NULL && priv_user_dir(named))) {
		priv_drop();
		if (named != NULL && env->db_dir == NULL)
			env->db_dir = xstrdup(named);
		return 0;
	}
	conf = conf_system(&cause);
	if (conf != NULL)
		dir = conf_get(conf, "database");
	if (named != NULL) {
		priv_drop();
		if (dir != NULL)
			cli_error(_("%s %s: not a directory you can open "
			    "yourself; the township's database is %s (from "
			    "%s), used without --db"), what, named, dir,
			    conf_file(conf));
		else
			cli_error(_("%s %s: not a directory you can open "
			    "yourself"), what, named);
		free(cause);
		return EXIT_DATA;
	}
	if (dir == NULL) {
		priv_drop();
		if (cause != NULL)
			cli_error("%s", cause);
		else
			cli_error(_("no shared database is configured: run "
			    "\"shouhu setup\" as root"));
		free(cause);
		return EXIT_DATA;
	}
	rc = priv_trusted_path(conf_file(conf), &cause);
	if (rc == 0)
		rc = priv_open_shared(dir, readonly, &cause);
	priv_drop();
	if (rc != 0) {
		cli_error("%s", cause);
		free(cause);
		return EXIT_DATA;
	}
	if ((named = priv_member()) != NULL && getuid() != 0)
		cli_error(_("warning: %s is a member of group %s and can "
		    "read the database's files without the program; ask the "
		    "administrator to take it out (gpasswd -d %s %s)"),
		    login_name(), named, login_name(), named);
	free(env->db_dir);
	env->db_dir = xstrdup(dir);
	return 0;
}

/* Output into memory until buffer_end(). */
static char *buffered;
static size_t buffered_len;
/* A long list's lines, written after what went to out. */
static struct buf tail;
/* Every line in tail was laid out from text known clean (vrow.clean). */
static bool tail_clean;

static void
buffer_start(void)
{
	out = open_memstream(&buffered, &buffered_len);
	if (out == NULL)
		out = stdout;
}

/*
 * Writes what was buffered: text made from records goes out through
 * buf_add_safe() (control characters shown as U+FFFD, line breaks
 * kept); CSV, whose lines end with CR LF, has had each field made safe
 * already (view_csv_row()).  A line without a C0, DEL or C1 control is
 * written as it is (records are valid UTF-8 once decoded): a list of
 * 26,000 lines is not copied to be filtered.
 */
static bool buffered_csv;

static void
write_safe(const char *s, size_t n, FILE *f)
{
	struct buf b = { 0 };
	const unsigned char *p, *line, *end = (const unsigned char *)s + n;
	char *l;
	bool clean;

	/*
	 * Most output is clean: one pass finds whether any byte needs a
	 * look, eight at a time where none is below 0x20, 0x7f or 0xc2.
	 */
	for (p = (const unsigned char *)s; p < end; p++) {
		while (end - p >= 8) {
			uint64_t w, x, y;

			memcpy(&w, p, 8);
			x = w ^ 0x7f7f7f7f7f7f7f7fULL;
			y = w ^ 0xc2c2c2c2c2c2c2c2ULL;
			if ((((w - 0x2020202020202020ULL) & ~w) |
			    ((x - 0x0101010101010101ULL) & ~x) |
			    ((y - 0x0101010101010101ULL) & ~y)) &
			    0x8080808080808080ULL)
				break;
			p += 8;
		}
		if (p == end)
			break;
		if ((*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7f ||
		    *p == 0xc2)
			break;
	}
	if (p == end) {
		fwrite(s, 1, n, f);
		return;
	}
	for (line = (const unsigned char *)s; line < end; line = p) {
		clean = true;
		for (p = line; p < end && *p != '\n'; p++)
			if ((*p < 0x20 && *p != '\t') || *p == 0x7f ||
			    (*p == 0xc2 && p + 1 < end && p[1] >= 0x80 &&
			    p[1] <= 0x9f))
				clean = false;
		if (p < end)
			p++;
		if (clean) {
			fwrite(line, 1, (size_t)(p - line), f);
			continue;
		}
		l = xstrndup((const char *)line, (size_t)(p - line));
		buf_reset(&b);
		buf_add_safe(&b, l, true);
		free(l);
		fwrite(b.s, 1, b.len, f);
	}
	buf_free(&b);
}

/* Forgets what was buffered: nothing is written. */
static void
buffer_drop(void)
{
	if (out != stdout && out != NULL) {
		fclose(out);
		free(buffered);
		buffered = NULL;
	}
	buf_free(&tail);
	tail_clean = false;
	buffered_csv = false;
	out = stdout;
}

static void
buffer_end(void)
{
	if (out != stdout && out != NULL) {
		fclose(out);
		if (buffered_csv)
			fwrite(buffered, 1, buffered_len, stdout);
		else
			write_safe(buffered, buffered_len, stdout);
		free(buffered);
		buffered = NULL;
	}
	if (tail.len > 0 && tail_clean)
		fwrite(tail.s, 1, tail.len, stdout);
	else if (tail.len > 0)
		write_safe(tail.s, tail.len, stdout);
	buf_free(&tail);
	tail_clean = false;
	buffered_csv = false;
	out = stdout;
}

/* ---- list ---- */

struct list_args {
	const char	*search;
	const char	*school;
	const char	*cls;
	bool		 csv;
	bool		 to_verify;
	bool		 all;
};
static struct list_args la;

static int
list_option(struct cmdctx *ctx, int code, const char *arg)
{
	switch (code) {
	case 's':
		la.search = arg;
		return 0;
	case OPT_SCHOOL:
		la.school = arg;
		return 0;
	case 'c':
		la.cls = arg;
		return 0;
	case OPT_TO_VERIFY:
		la.to_verify = true;
		return 0;
	case OPT_ALL:
		la.all = true;
		return 0;
	case 'f':
		if (strcmp(arg, "csv") == 0)
			la.csv = true;
		else if (strcmp(arg, "text") == 0)
			la.csv = false;
		else {
			cli_error(_("--format is text or csv, not \"%s\""), arg);
			return EXIT_USAGE;
		}
		return 0;
	}
	return EXIT_USAGE;
}

static void
print_fit(const char *s, int cols)
{
	struct buf b = { 0 };

	u_fit(&b, s, cols, true);
	fputs(b.s, out);
	buf_free(&b);
}

/* What a list selects beyond the ids: filters checked on each row. */
struct list_sel {
	struct idlist	 ids;
	uint32_t	 school;	/* only this school's (0: all) */
	struct idlist	 cls;		/* children: only these (a class) */
	bool		 by_class;
	bool		 sorted;	/* by the view's sort key */
	struct txn	*t;		/* contacts: whose children */
	struct covers	 rows;		/* children: rows the search read */
};

/* The ids of every record of a type, in id order. */
static void
all_ids(struct txn *t, enum dbi_id dbi, struct idlist *ids)
{
	struct kv_cursor c;
	bool ok;

	for (ok = kv_first(t, dbi, NULL, 0, &c); ok; ok = kv_next(&c))
		if (c.key.mv_size == 4)
			idl_add(ids, get_u32be(c.key.mv_data));
	kv_close(&c);
}

/* The records selected by --search, --school, --class and --to-verify. */
static int
list_select(struct txn *t, const struct view *v, struct list_sel *sel)
{
	struct idlist more = { 0 };
	char *grade = NULL, *klass = NULL, *cause = NULL;
	struct rec_iter it;
	struct rec *s;
	size_t i;

	if (la.school != NULL &&
	    (sel->school = school_by_name(t, la.school)) == 0) {
		cli_error(_("there is no school named \"%s\""), la.school);
		return EXIT_DATA;
	}
	if (la.cls != NULL && class_filter_parse(la.cls, &grade, &klass,
	    &cause) != 0) {
		cli_error("--class \"%s\": %s", la.cls, cause);
		free(cause);
		return EXIT_USAGE;
	}
	sel->sorted = la.search == NULL && v->type == RT_CHILD;
	if (la.to_verify)
		ix_scan(t, IX_TO_VERIFY, "", 0, &sel->ids);
	else if (la.search != NULL && v->type == RT_CHILD) {
		search_children_rows(t, la.search, &sel->ids, &more,
		    &sel->rows);
		for (i = 0; i < more.n; i++)
			idl_add(&sel->ids, more.v[i]);
	} else if (la.search != NULL && v->type == RT_CONTACT)
		search_contacts(t, la.search, &sel->ids);
	else if (la.search != NULL && v->type == RT_STAFF)
		search_staff(t, la.search, &sel->ids);
	else if (la.search != NULL && v->type == RT_OFFICIAL)
		search_officials(t, la.search, &sel->ids);
	else if (v->type == RT_CHILD && sel->school != 0) {
		children_of_class(t, sel->school, grade, klass, &sel->ids);
		free(grade);
		grade = NULL;
	} else
		all_ids(t, schema_of(v->type)->dbi, &sel->ids);
	if (grade != NULL) {
		/* A class in every school (or within the search). */
		rec_iter_start(t, RT_SCHOOL, &it);
		while ((s = rec_iter_next(&it)) != NULL) {
			if (sel->school == 0 || s->id == sel->school)
				children_of_class(t, s->id, grade, klass,
				    &sel->cls);
			rec_free(s);
		}
		rec_iter_end(&it);
		idl_uniq(&sel->cls);
		sel->by_class = true;
	}
	idl_free(&more);
	free(grade);
	free(klass);
	return EXIT_OK;
}

/* Whether a row read for a list is one it shows. */
static bool
list_keep(const struct list_sel *sel, const struct vrow *row)
{
	const struct rec *r = row->r;

	switch (r->sc->type) {
	case RT_CHILD:
		return (la.all || row->active) &&
		    (!sel->by_class || idl_has(&sel->cls, r->id)) &&
		    (sel->school == 0 || rec_ref(r, CHILD_SCHOOL) ==
		    sel->school);
	case RT_CONTACT:
		return access_contact(sel->t, r->id);
	case RT_STAFF:
		return sel->school == 0 || rec_ref(r, STAFF_SCHOOL) ==
		    sel->school;
	case RT_SCHOOL:
		return la.search == NULL || strstr(rec_title(r),
		    la.search) != NULL;
	default:
		return true;
	}
}

/* A line of a sorted list, kept until every row is read. */
struct list_line {
	char		*key;
	uint32_t	 id;
	char		*text;
};

static int
list_line_cmp(const void *a, const void *b)
{
	const struct list_line *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c != 0)
		return c;
	return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * Writes the rows: each is read, laid out and freed at once.  A list in
 * the order of its sort key keeps the laid-out lines (not the records)
 * until it is sorted.
 */
static void
list_write(struct cmdctx *ctx, struct txn *t, const struct view *v,
    struct list_sel *sel)
{
	enum vformat fmt = la.csv ? VF_CSV : VF_TEXT;
	unsigned needs = view_needs(v, fmt, 0, sel->sorted);
	struct list_line *lines = NULL;
	struct buf b = { 0 }, key = { 0 };
	struct csvw w = { 0 };
	struct vctx x;
	const struct vrow *row;
	size_t i, n = 0;
	bool clean = true;

	vctx_init(&x, ctx->today);
	vctx_begin(&x, t);
	x.covers = &sel->rows;
	if (!la.csv)
		x.fields = view_fields(v, 0);
	if (la.csv)
		view_csv_header(v, &w, &b);
	else {
		view_header(v, 0, &b);
		buf_addc(&b, '\n');
	}
	fputs(b.s, out);
	if (sel->sorted)
		lines = xcalloc(sel->ids.n ? sel->ids.n : 1, sizeof *lines);
	else if (!la.csv && out != stdout)
		/* Room for the lines at once: no copy as they grow. */
		buf_grow_ready(&tail, sel->ids.n * 112);
	for (i = 0; i < sel->ids.n; i++) {
		if (view_row_at(v, &x, t, sel->ids.v[i], needs, &row) != 0)
			continue;
		if (!list_keep(sel, row))
			continue;
		if (!la.csv && !sel->sorted && out != stdout) {
			/* Laid out where it is kept until the end. */
			view_line(row, 0, &tail);
			buf_addc(&tail, '\n');
			clean = clean && row->clean;
			continue;
		}
		buf_reset(&b);
		if (la.csv)
			view_csv_row(row, &w, &b);
		else {
			view_line(row, 0, &b);
			buf_addc(&b, '\n');
		}
		if (sel->sorted) {
			buf_reset(&key);
			view_sortkey(row, &key);
			lines[n].key = buf_take(&key);
			lines[n].id = row->r->id;
			lines[n++].text = buf_take(&b);
		} else
			fputs(b.s, out);
	}
	tail_clean = clean;
	if (sel->sorted) {
		qsort(lines, n, sizeof *lines, list_line_cmp);
		for (i = 0; i < n; i++) {
			fputs(lines[i].text, out);
			free(lines[i].key);
			free(lines[i].text);
		}
		free(lines);
	}
	buf_free(&b);
	buf_free(&key);
	csvw_free(&w);
	vctx_free(&x);	/* ends its cursors before the transaction */
}

static int
list_run(struct cmdctx *ctx)
{
	const struct view *v;
	struct list_sel sel;
	struct txn t;
	int rc;

	v = view_by_name(ctx->argv[0]);
	if (v == NULL || (v->type != RT_CHILD && v->type != RT_CONTACT &&
	    v->type != RT_STAFF && v->type != RT_SCHOOL &&
	    v->type != RT_OFFICIAL)) {
		cli_error(_("cannot list \"%s\": children, contacts, staff, "
		    "schools or officials"), ctx->argv[0]);
		return EXIT_USAGE;
	}
	if (la.to_verify && v->type != RT_CONTACT) {
		cli_error("%s", _("--to-verify goes with contacts"));
		return EXIT_USAGE;
	}
	if ((la.school != NULL && v->type != RT_CHILD &&
	    v->type != RT_STAFF) || (la.cls != NULL &&
	    v->type != RT_CHILD) || (la.all && v->type != RT_CHILD)) {
		cli_error("%s", _("--school goes with children and staff, "
		    "--class and --all with children"));
		return EXIT_USAGE;
	}
	if (cli_db(ctx) == NULL)
		return EXIT_DATA;
	if (txn_read(ctx->db, &t) != 0) {
		cli_error(_("cannot read the database"));
		return EXIT_DATA;
	}
	memset(&sel, 0, sizeof sel);
	sel.t = &t;
	buffer_start();
	buffered_csv = la.csv;
	rc = list_select(&t, v, &sel);
	if (rc == EXIT_OK)
		list_write(ctx, &t, v, &sel);
	if (rc == EXIT_OK && t.err != 0) {
		cli_error("%s", sh_strerror(t.err));
		rc = EXIT_DATA;
	}
	idl_free(&sel.ids);
	idl_free(&sel.cls);
	covers_free(&sel.rows);
	txn_end(&t);
	buffer_end();
	return rc;
}

static const struct cmdopt list_opts[] = {
	{ "search", required_argument, 's', N_("TEXT"),
	    N_("a part of the name (汉字 or pinyin: zs, zhangsan) or of a "
	    "phone number") },
	{ "school", required_argument, OPT_SCHOOL, N_("NAME"),
	    N_("only this school") },
	{ "class", required_argument, 'c', N_("GRADE-CLASS"),
	    N_("only this class, for example 3-2 or 3年级2班") },
	{ "format", required_argument, 'f', N_("FORMAT"),
	    N_("text (the default) or csv") },
	{ "to-verify", no_argument, OPT_TO_VERIFY, NULL,
	    N_("contacts: only those with a number a drill could not reach") },
	{ "all", no_argument, OPT_ALL, NULL,
	    N_("children: also those who left (graduated, transferred ...), "
	    "marked") },
	{ NULL, 0, 0, NULL, NULL }
};

/* The title of a referenced record, or "#id". */
static char *
ref_title(struct txn *t, enum rtype type, uint32_t id)
{
	struct rec *r;
	char *s;

	if (id == 0)
		return xstrdup("");
	if (rec_get(t, type, id, &r) != 0)
		return xasprintf("#%u", id);
	s = xstrdup(rec_title(r));
	rec_free(r);
	return s;
}

/* ---- show ---- */

static void
show_fields(struct txn *t, const struct rec *r, const int *skip)
{
	const struct schema *sc = r->sc;
	const struct field *f;
	char *disp, *p, *nl;
	int i, j, w, labw = 0;
	bool skipped;

	for (i = 0; i < sc->nfields; i++)
		if ((w = u_width(_(sc->fields[i].label))) > labw)
			labw = w;
	for (i = 0; i < sc->nfields; i++) {
		f = &sc->fields[i];
		for (skipped = false, j = 0; skip != NULL && skip[j] >= 0; j++)
			if (skip[j] == i)
				skipped = true;
		if (skipped || r->v[i] == NULL)
			continue;
		if (!access_field(r, i))
			disp = xstrdup(ACCESS_MASK);
		else if (f->type == FT_REF)
			disp = ref_title(t, f->ref, rec_ref(r, i));
		else
			disp = field_display(f, r->v[i]);
		fputs("  ", out);
		print_fit(_(f->label), labw);
		fputs("  ", out);
		/* Each further line of a text (notes) under the first. */
		for (p = disp; (nl = strchr(p, '\n')) != NULL; p = nl + 1)
			fprintf(out, "%.*s\n%*s", (int)(nl - p), p, labw + 4,
			    "");
		fprintf(out, "%s\n", p);
		free(disp);
	}
}

static void
show_meta(const struct rec *r)
{
	char c[17], u[17];

	time_format(r->created, c);
	time_format(r->updated, u);
	fprintf(out, _("  Created %s by %s; changed %s by %s; version %u\n"), c,
	    r->created_by, u, r->updated_by, r->version);
}

static void
show_card(struct txn *t, uint32_t child)
{
	struct card card;
	struct rec *l, *p;
	size_t i;
	int k;

	if (child_card(t, child, &card) != 0 || card.n == 0) {
		fprintf(out, "%s\n  %s\n", _("Contact card (call order):"),
		    _("(nobody: add the guardian and the parents)"));
		card_free(&card);
		return;
	}
	fprintf(out, "%s\n", _("Contact card (call order):"));
	for (i = 0; i < card.n; i++) {
		l = card.lines[i].link;
		p = card.lines[i].contact;
		fprintf(out, "  %s. %s  %s", rec_str(l, LINK_PRIORITY),
		    rec_str(p, CONTACT_NAME),
		    choice_label(relation_choices, rec_str(l, LINK_RELATION)));
		if (strcmp(rec_str(l, LINK_GUARDIAN), "1") == 0)
			fprintf(out, "  [%s]", _("entrusted guardian"));
		if (strcmp(rec_str(p, CONTACT_CAN_READ), "0") == 0)
			fprintf(out, "  [%s]", _("cannot read: call"));
		fprintf(out, "  (%s #%u)\n", _("contact"), p->id);
		for (k = 0; k < CONTACT_PHONES; k++) {
			if (*rec_str(p, contact_phone_field(k)) == '\0')
				continue;
			fprintf(out, "       %s", rec_str(p, contact_phone_field(k)));
			if (*rec_str(p, contact_failed_field(k)) != '\0')
				fprintf(out, "  %s %s", _("to verify: no answer in "
				    "the drill of"), rec_str(p,
				    contact_failed_field(k)));
			else if (*rec_str(p, contact_verified_field(k)) != '\0')
				fprintf(out, "  %s %s", _("verified"), rec_str(p,
				    contact_verified_field(k)));
			else
				fprintf(out, "  %s", _("not verified"));
			fputc('\n', out);
		}
		if (*rec_str(p, CONTACT_WORKPLACE) != '\0')
			fprintf(out, _("       %s: %s\n"), _("Work place"),
			    rec_str(p, CONTACT_WORKPLACE));
		if (*rec_str(p, CONTACT_ADDRESS) != '\0')
			fprintf(out, _("       %s: %s\n"), _("Address"),
			    rec_str(p, CONTACT_ADDRESS));
	}
	card_free(&card);
}

/* Counselling followed, case plans (plan.h). */
static void
show_safeguard(struct txn *t, uint32_t child, const char *today)
{
	struct buf b = { 0 };

	plan_child_summary(t, child, today, &b);
	if (b.len > 0)
		fputs(b.s, out);
	buf_free(&b);
}

static int
show_run(struct cmdctx *ctx)
{
	const struct schema *sc;
	struct txn t;
	struct rec *r, *pair, *l;
	struct idlist ids = { 0 };
	char *end, *s, *cause = NULL;
	unsigned long id;
	size_t i;
	int rc;

	sc = schema_by_name(ctx->argv[0]);
	id = strtoul(ctx->argv[1][0] == '#' ? ctx->argv[1] + 1 : ctx->argv[1],
	    &end, 10);
	if (sc == NULL || (sc->type != RT_CHILD && sc->type != RT_CONTACT &&
	    sc->type != RT_STAFF && sc->type != RT_SCHOOL &&
	    sc->type != RT_OFFICIAL)) {
		cli_error(_("cannot show \"%s\": child, contact, staff, school "
		    "or official"), ctx->argv[0]);
		return EXIT_USAGE;
	}
	if (*end != '\0' || id == 0 || id > UINT32_MAX) {
		cli_error(_("\"%s\" is not a record number"), ctx->argv[1]);
		return EXIT_USAGE;
	}
	if (cli_db(ctx) == NULL)
		return EXIT_DATA;
	if (txn_read(ctx->db, &t) != 0) {
		cli_error(_("cannot read the database"));
		return EXIT_DATA;
	}
	rc = rec_get(&t, sc->type, (uint32_t)id, &r);
	if (rc == 0 && sc->type == RT_CONTACT &&
	    !access_contact(&t, (uint32_t)id)) {
		rec_free(r);
		rc = SH_EPERM;
	}
	if (rc != 0) {
		txn_end(&t);
		if (rc == SH_EPERM)
			cli_error(_("%s may not see %s #%lu"), ctx->db->user,
			    _(sc->label), id);
		else
			cli_error(_("there is no %s #%lu"), _(sc->label), id);
		return EXIT_DATA;
	}
	buffer_start();
	fprintf(out, "%s #%u  %s\n", _(sc->label), r->id, rec_title(r));
	show_fields(&t, r, (const int[]){ sc->title, -1 });
	if (sc->type == RT_CHILD) {
		show_card(&t, r->id);
		pair = child_mentor_pair(&t, r->id, ctx->today);
		if (pair != NULL) {
			s = ref_title(&t, RT_STAFF, rec_ref(pair, PAIR_STAFF));
			fprintf(out, _("Mentor: %s (staff #%u) since %s\n"), s,
			    rec_ref(pair, PAIR_STAFF), rec_str(pair,
			    PAIR_SINCE));
			free(s);
			rec_free(pair);
		} else
			fprintf(out, "%s\n", _("Mentor: none"));
		show_safeguard(&t, r->id, ctx->today);
	} else if (sc->type == RT_CONTACT) {
		ix_refs(&t, IX_CONTACT_LINK, r->id, &ids);
		fprintf(out, "%s\n", _("On the contact cards of:"));
		for (i = 0; i < ids.n; i++) {
			if (rec_get(&t, RT_LINK, ids.v[i], &l) != 0)
				continue;
			s = ref_title(&t, RT_CHILD, rec_ref(l, LINK_CHILD));
			fprintf(out, "  %s (%s #%u), %s, %s %s\n", s, _("child"),
			    rec_ref(l, LINK_CHILD), choice_label(
			    relation_choices, rec_str(l, LINK_RELATION)),
			    _("call order"), rec_str(l, LINK_PRIORITY));
			free(s);
			rec_free(l);
		}
	} else if (sc->type == RT_STAFF) {
		staff_mentees(&t, r->id, ctx->today, &ids);
		fprintf(out, _("Mentees (%zu):\n"), ids.n);
		for (i = 0; i < ids.n; i++) {
			s = ref_title(&t, RT_CHILD, ids.v[i]);
			fprintf(out, "  %s (%s #%u)\n", s, _("child"), ids.v[i]);
			free(s);
		}
	}
	show_meta(r);
	idl_free(&ids);
	rec_free(r);
	txn_end(&t);
	/* A child's file is shown only once its reading is recorded. */
	if (sc->type == RT_CHILD && audit_first(ctx->db, AUDIT_VIEW, RT_CHILD,
	    (uint32_t)id, NULL, &cause) != 0) {
		buffer_drop();
		cli_error("%s", cause);
		free(cause);
		return EXIT_DATA;
	}
	buffer_end();
	return EXIT_OK;
}

/* ---- init ---- */

struct init_args {
	char	**schools;
	size_t	  n;
	size_t	  added;
};
static struct init_args ia;

static int
init_option(struct cmdctx *ctx, int code, const char *arg)
{
	if (code != OPT_SCHOOL)
		return EXIT_USAGE;
	strv_push(&ia.schools, &ia.n, xstrdup(arg));
	return 0;
}

static int
init_write(struct txn *t, void *arg, char **cause)
{
	struct rec *s;
	size_t i;
	int rc;

	ia.added = 0;
	for (i = 0; i < ia.n; i++) {
		if (school_by_name(t, ia.schools[i]) != 0)
			continue;
		s = rec_new(RT_SCHOOL);
		rc = rec_input(s, SCHOOL_NAME, ia.schools[i], cause);
		if (rc == 0)
			rc = rec_put(t, s, cause);
		rec_free(s);
		if (rc != 0)
			return rc == -1 ? SH_EINVAL : rc;
		ia.added++;
	}
	return 0;
}

static int
init_run(struct cmdctx *ctx)
{
	char *cause = NULL;
	int rc = EXIT_OK;

	if (cli_db(ctx) == NULL) {
		rc = EXIT_DATA;
		goto out;
	}
	if (ctx->db->created)
		fprintf(out, _("Created a new database in %s\n"), ctx->db->path);
	else
		fprintf(out, _("The database in %s already exists\n"),
		    ctx->db->path);
	if (ia.n > 0) {
		if (db_write(ctx->db, init_write, NULL, &cause) != 0) {
			cli_error("%s", cause);
			free(cause);
			rc = EXIT_DATA;
			goto out;
		}
		fprintf(out, P_("Added %zu school\n", "Added %zu schools\n",
		    ia.added), ia.added);
	}
out:
	strv_free(ia.schools);
	ia.schools = NULL;
	ia.n = 0;
	return rc;
}

static const struct cmdopt init_opts[] = {
	{ "school", required_argument, OPT_SCHOOL, N_("NAME"),
	    N_("add a school (may be given several times)") },
	{ NULL, 0, 0, NULL, NULL }
};

/* ---- demo ---- */

static struct demo_opts da;

static int
demo_option(struct cmdctx *ctx, int code, const char *arg)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || errno != 0 ||
	    (code == 'n' && (v == 0 || v > 2000000))) {
		cli_error(_("%s: \"%s\" is not a suitable number"),
		    code == 'n' ? "--children" : "--seed", arg);
		return EXIT_USAGE;
	}
	if (code == 'n')
		da.children = (size_t)v;
	else
		da.seed = (uint64_t)v;
	return 0;
}

static void
demo_progress(size_t done, size_t total, void *arg)
{
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "\r%s %zu/%zu", _("children:"), done, total);
}

static int
demo_run(struct cmdctx *ctx)
{
	struct demo_result res;
	char *cause = NULL;
	int rc;

	if (cli_db(ctx) == NULL)
		return EXIT_DATA;
	if (da.children == 0)
		da.children = 300;
	da.progress = demo_progress;
	rc = demo_fill(ctx->db, &da, &res, &cause);
	if (isatty(STDERR_FILENO))
		fputc('\n', stderr);
	if (rc != 0) {
		cli_error("%s", cause);
		free(cause);
		return EXIT_DATA;
	}
	fprintf(out, _("Demo township in %s: %zu schools, %zu staff, %zu children, "
	    "%zu contacts, %zu mentoring pairs\n"), ctx->db->path, res.schools,
	    res.staff, res.children, res.contacts, res.pairs);
	return EXIT_OK;
}

static const struct cmdopt demo_opts[] = {
	{ "children", required_argument, 'n', N_("N"),
	    N_("how many children (default 300)") },
	{ "seed", required_argument, OPT_SEED, N_("S"),
	    N_("a number: the same seed gives the same township") },
	{ NULL, 0, 0, NULL, NULL }
};

/* ---- check ---- */

static void
check_problem(const char *msg, void *arg)
{
	char *safe = str_safe(msg, false);

	fputs(safe, out);
	fputc('\n', out);
	free(safe);
}

static bool check_repair;
static bool check_complete;
static const char *check_school;

static int
check_option(struct cmdctx *ctx, int code, const char *arg)
{
	if (code == OPT_COMPLETENESS)
		check_complete = true;
	else if (code == OPT_SCHOOL)
		check_school = arg;
	else if (code == OPT_REPAIR)
		check_repair = ctx->writes = true;
	else
		return EXIT_USAGE;
	return 0;
}

static const struct cmdopt check_opts[] = {
	{ "repair", no_argument, OPT_REPAIR, NULL,
	    N_("rebuild every index from the records, saying what changed") },
	{ "completeness", no_argument, OPT_COMPLETENESS, NULL,
	    N_("per class, the children missing a field the official form "
	    "requires") },
	{ "school", required_argument, OPT_SCHOOL, N_("NAME"),
	    N_("--completeness: only this school") },
	{ NULL, 0, 0, NULL, NULL }
};

static int
check_run(struct cmdctx *ctx)
{
	struct check_stats st;
	size_t n;
	char *line;

	if (check_complete || check_school != NULL) {
		if (check_repair || !check_complete) {
			cli_error("%s", _("--school goes with --completeness, "
			    "and --completeness not with --repair"));
			return EXIT_USAGE;
		}
		return completeness_run(ctx, check_school);
	}
	/*
	 * The whole database, every school's records named by number: the
	 * administrator's (others see only part, and would be told of
	 * what they may not see).
	 */
	if (cli_db(ctx) == NULL || cli_need_admin(ctx,
	    _("check the whole database")) != 0)
		return EXIT_DATA;
	if (check_repair && repair_run(ctx->db) != 0)
		return EXIT_DATA;
	db_fault_message(_("the database is damaged: reading its pages "
	    "failed (a damaged page), so it cannot be checked; restore a "
	    "backup"));
	buffer_start();
	n = db_check(ctx->db, check_problem, NULL, &st);
	buffer_end();
	if (n > 0) {
		cli_error(P_("%zu problem found", "%zu problems found", n), n);
		return EXIT_DATA;
	}
	line = check_stats_line(&st);
	fprintf(out, "%s %s\n", _("The database is consistent:"), line);
	free(line);
	if (st.older_rows > 0)
		fprintf(out, P_("%zu list row was kept by an older version: "
		    "searches read the records instead, more slowly, until "
		    "`shouhu check --repair` writes it again\n", "%zu list "
		    "rows were kept by an older version: searches read the "
		    "records instead, more slowly, until `shouhu check "
		    "--repair` writes them again\n", st.older_rows),
		    st.older_rows);
	return EXIT_OK;
}

/* ---- the table ---- */

static int help_run(struct cmdctx *);

static const struct cmd cmd_init = {
	"init", "[--school NAME]...", N_("create the database (and schools)"),
	init_opts, init_option, init_run, CMD_CREATE, 0, 0
};
static const struct cmd cmd_demo = {
	"demo", "[--children N] [--seed S]",
	N_("fill the database with a made-up township, for trying and for "
	"benchmarks"), demo_opts, demo_option, demo_run, CMD_CREATE, 0, 0
};
static const struct cmd cmd_list = {
	"list", "children|contacts|staff|schools|officials [--search TEXT] "
	"[--school NAME] [--class GRADE-CLASS] [--all] [--to-verify] "
	"[--format text|csv]",
	N_("list records, one per line"), list_opts, list_option, list_run,
	CMD_READONLY, 1, 1
};
static const struct cmd cmd_show = {
	"show", "child|contact|staff|school|official ID",
	N_("everything about one record"), NULL, NULL, show_run, CMD_AUDITED,
	2, 2
};
static const struct cmd cmd_check = {
	"check", "[--repair] | --completeness [--school NAME]",
	N_("check that every record and index is consistent"),
	check_opts, check_option, check_run, CMD_READONLY, 0, 0
};
static const struct cmd cmd_help = {
	"help", "[COMMAND]", N_("show help"), NULL, NULL, help_run, CMD_NODB,
	0, 1
};

/* Every command, in the order of the help. */
static const struct cmd *const commands[] = {
	&cmd_init,
	&cmd_demo,
	&cmd_list,
	&cmd_show,
	&cmd_check,
	&cmd_import,
	&cmd_export,
	&cmd_calltree,
	&cmd_print,
	&cmd_report,
	&cmd_meeting,
	&cmd_setup,
	&cmd_audit,
	&cmd_backup,
	&cmd_restore,
	&cmd_user,
	&cmd_whoami,
	&cmd_log,
	&cmd_settings,
	&cmd_due,
	&cmd_incident,
	&cmd_counsel,
	&cmd_plan,
	&cmd_agreement,
	&cmd_aid,
	&cmd_help,
};

static const struct cmd *
find_cmd(const char *name)
{
	size_t i;

	for (i = 0; i < nitems(commands); i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

/* An option as the help shows it on the left: "--date 日期". */
static char *
opt_left(const struct cmdopt *o)
{
	return o->arg != NULL ? xasprintf("--%s %s", o->name, _(o->arg)) :
	    xasprintf("--%s", o->name);
}

#define HELP_LEFT_MIN	22	/* display columns of the options' column */
#define HELP_LEFT_MAX	30

/* The options' column wide enough for the widest of o, within bounds. */
static int
opts_width(const struct cmdopt *o, int w)
{
	char *left;
	int lw;

	for (; o != NULL && o->name != NULL; o++) {
		left = opt_left(o);
		lw = u_width(left);
		free(left);
		if (lw > w && lw <= HELP_LEFT_MAX)
			w = lw;
	}
	return w;
}

/*
 * The help's rows, the help text starting at display column w + 7; an
 * option wider than that has its help on the next line.
 */
static void
print_opts(FILE *f, const struct cmdopt *o, int w)
{
	char *left;
	int lw;

	for (; o != NULL && o->name != NULL; o++) {
		left = opt_left(o);
		lw = u_width(left);
		if (o->val < 256)
			fprintf(f, "  -%c, ", o->val);
		else
			fputs("      ", f);
		if (lw > w)
			fprintf(f, "%s\n      %*s %s\n", left, w, "",
			    _(o->help));
		else
			fprintf(f, "%s%*s %s\n", left, w - lw, "",
			    _(o->help));
		free(left);
	}
}

static void
usage(FILE *f)
{
	size_t i;
	int w;

	fprintf(f, _("Usage: shouhu [--db DIR] [--lang zh|en] [COMMAND ...]\n"));
	fprintf(f, "%s\n\n", _("Records of left-behind children for rural "
	    "schools. Without a command, opens the screens."));
	fprintf(f, "%s\n", _("Commands:"));
	for (i = 0; i < nitems(commands); i++)
		fprintf(f, "  %-9s %s\n", commands[i]->name,
		    _(commands[i]->summary));
	fprintf(f, "\n%s\n", _("Options for every command:"));
	w = opts_width(common_opts, HELP_LEFT_MIN);
	print_opts(f, common_opts, w);
	fprintf(f, "      %-*s %s\n", w, "--version", _("show the version"));
	fprintf(f, "\n%s\n", _("The database is --db DIR, else $SHOUHU_DB, "
	    "else $XDG_DATA_HOME/shouhu (~/.local/share/shouhu)."));
	fprintf(f, "%s\n", _("Exit status: 0 success, 1 a data problem, 2 a "
	    "usage error. \"shouhu help COMMAND\" tells more."));
}

static void
cmd_usage(FILE *f, const struct cmd *c)
{
	int w = opts_width(common_opts, opts_width(c->opts, HELP_LEFT_MIN));

	fprintf(f, _("Usage: shouhu %s %s\n"), c->name, c->synopsis);
	fprintf(f, "%s\n", _(c->summary));
	if (c->opts != NULL) {
		fprintf(f, "\n%s\n", _("Options:"));
		print_opts(f, c->opts, w);
	}
	print_opts(f, common_opts, w);
}

static int
help_run(struct cmdctx *ctx)
{
	const struct cmd *c;

	if (ctx->argc == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if ((c = find_cmd(ctx->argv[0])) == NULL) {
		cli_error(_("no command \"%s\"; \"shouhu help\" lists them"),
		    ctx->argv[0]);
		return EXIT_USAGE;
	}
	cmd_usage(stdout, c);
	return EXIT_OK;
}

/* Finds --lang anywhere before "--", so messages are right from the start. */
static const char *
prescan_lang(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
			return argv[i + 1];
		if (strncmp(argv[i], "--lang=", 7) == 0)
			return argv[i] + 7;
	}
	return NULL;
}

static int
common_option(struct cli_env *env, int code, const char *arg)
{
	switch (code) {
	case OPT_DB:
		free(env->db_dir);
		env->db_dir = xstrdup(arg);
		return 0;
	case OPT_LANG:
		env->lang = arg;
		return 0;
	case OPT_WAIT:
		if ((env->wait_seconds = atoi(arg)) <= 0 ||
		    env->wait_seconds > 86400) {
			cli_error(_("--wait is a number of seconds, not \"%s\""),
			    arg);
			return EXIT_USAGE;
		}
		return 0;
	}
	return EXIT_USAGE;
}

/* Builds getopt_long's tables from a command's options and the common ones. */
static void
build_getopt(const struct cmd *c, struct option **lo, char **so)
{
	const struct cmdopt *tabs[2] = { c != NULL ? c->opts : NULL,
	    common_opts };
	struct buf s = { 0 };
	size_t n = 0, t;
	const struct cmdopt *o;

	*lo = xcalloc(32, sizeof **lo);
	/*
	 * Before the command, stop at the first operand (the command);
	 * within a command, options may follow operands.
	 */
	if (c == NULL)
		buf_addc(&s, '+');
	buf_addc(&s, ':');
	for (t = 0; t < 2; t++) {
		for (o = tabs[t]; o != NULL && o->name != NULL && n < 30;
		    o++) {
			(*lo)[n].name = o->name;
			(*lo)[n].has_arg = o->has_arg;
			(*lo)[n].val = o->val;
			n++;
			if (o->val < 256) {
				buf_addc(&s, (char)o->val);
				if (o->has_arg == required_argument)
					buf_addc(&s, ':');
			}
		}
	}
	(*lo)[n].name = "version";
	(*lo)[n].val = OPT_VERSION;
	buf_addc(&s, 'h');
	*so = buf_take(&s);
}

static int
parse_opts(const struct cmd *c, struct cmdctx *ctx, int argc, char **argv,
    bool *help, bool *version)
{
	struct option *lo;
	char *so;
	int ch, rc = 0;

	build_getopt(c, &lo, &so);
	optind = 0;	/* glibc: start afresh */
	opterr = 0;
	while (rc == 0 && (ch = getopt_long(argc, argv, so, lo, NULL)) != -1) {
		switch (ch) {
		case OPT_HELP:
		case 'h':
			*help = true;
			break;
		case OPT_VERSION:
			*version = true;
			break;
		case OPT_DB:
		case OPT_LANG:
		case OPT_WAIT:
			rc = common_option(ctx->env, ch, optarg);
			break;
		case ':':
			cli_error(_("option %s needs a value"),
			    argv[optind - 1]);
			rc = EXIT_USAGE;
			break;
		case '?':
			if (optopt != 0)
				cli_error(_("unknown option -%c"), optopt);
			else
				cli_error(_("unknown option %s"),
				    argv[optind - 1]);
			rc = EXIT_USAGE;
			break;
		default:
			if (c != NULL && c->option != NULL)
				rc = c->option(ctx, ch, optarg);
			else
				rc = EXIT_USAGE;
			break;
		}
	}
	free(lo);
	free(so);
	return rc;
}

int
cli_main(int argc, char **argv, struct cli_env *env)
{
	const struct cmd *c = NULL;
	struct cmdctx ctx;
	bool help = false, version = false;
	int rc;

	memset(env, 0, sizeof *env);
	memset(&ctx, 0, sizeof ctx);
	out = stdout;
	if (i18n_init(prescan_lang(argc, argv)) != 0) {
		i18n_init("en");
		cli_error("--lang is zh or en, not \"%s\"",
		    prescan_lang(argc, argv));
		return EXIT_USAGE;
	}
	env->lang = prescan_lang(argc, argv);
	i18n_convert_output();
	out = stdout;
	ctx.env = env;
	date_today(ctx.today);

	/* The options before the command. */
	rc = parse_opts(NULL, &ctx, argc, argv, &help, &version);
	if (rc != 0)
		goto out;
	if (version) {
		printf("shouhu %s\n", PACKAGE_VERSION);
		goto out;
	}
	if (optind >= argc) {
		if (help) {
			usage(stdout);
			goto out;
		}
		if (priv_setgid() && (rc = setgid_db(env, true, false)) != 0)
			goto out;
		if (setgid_lost(env) != 0) {
			rc = EXIT_DATA;
			goto out;
		}
		if (env->db_dir == NULL)
			env->db_dir = cli_default_db();
		i18n_plain_output();
		return CLI_SCREENS;
	}
	if ((c = find_cmd(argv[optind])) == NULL) {
		cli_error(_("no command \"%s\"; \"shouhu help\" lists them"),
		    argv[optind]);
		rc = EXIT_USAGE;
		goto out;
	}

	/* The command's own options, anywhere among its operands. */
	argc -= optind;
	argv += optind;
	rc = parse_opts(c, &ctx, argc, argv, &help, &version);
	ctx.argc = argc - optind;
	ctx.argv = argv + optind;
	if (rc != 0)
		goto out;
	if (help) {
		cmd_usage(stdout, c);
		goto out;
	}
	if (version) {
		printf("shouhu %s\n", PACKAGE_VERSION);
		goto out;
	}
	if (ctx.argc < c->min_operands || ctx.argc > c->max_operands) {
		cli_error(_("usage: shouhu %s %s"), c->name, c->synopsis);
		rc = EXIT_USAGE;
		goto out;
	}
	/* Opened for writing even for a command that only reads: a login
	 * refused is written to the audit trail (cli_login()). */
	if (c->flags & CMD_HOLDPRIV)
		priv_hold();
	if (priv_setgid() && (rc = setgid_db(env, (c->flags & CMD_NODB) == 0,
	    false)) != 0)
		goto out;
	if ((c->flags & CMD_NODB) == 0 && setgid_lost(env) != 0) {
		rc = EXIT_DATA;
		goto out;
	}
	if (env->db_dir == NULL)
		env->db_dir = cli_default_db();
	ctx.cmd = c;
	if (priv_setgid() && (c->flags & CMD_NODB) == 0 && cli_db(&ctx) == NULL) {
		rc = EXIT_DATA;
		goto out;
	}
	if (i18n_catalog_missing())
		cli_error("%s", "no Chinese messages were found (the catalog "
		    "shouhu.mo is not installed): messages are in English");
	rc = c->run(&ctx);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error(_("cannot write the output: %s"), strerror(errno));
		rc = EXIT_DATA;
	}
out:
	priv_drop();
	db_close(ctx.db);
	return rc;
}
