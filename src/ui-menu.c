/* ui-menu.c -- the main menu: a digit opens an entry. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "codec.h"
#include "i18n.h"
#include "incident.h"
#include "model.h"
#include "rec.h"
#include "ui.h"

struct menu {
	struct screen	 s;
	int		 sel;
	size_t		 counts[32];	/* one a menu row */
	bool		 failed;	/* the counts could not be read */
	size_t		 drafts;	/* the user's unsaved drafts */
	size_t		 overdue;	/* steps overdue in open incidents */
	/*
	 * Counts that read every record (the worklist, the children in
	 * school, the pairs in force) are made once the menu is shown
	 * (menu_idle()): on a large database they take a while.  Until
	 * then the last count stays, or "…" before the first.
	 */
	bool		 known[32];
	bool		 stale;
};

struct entry {
	int		  digit;
	const char	 *label;	/* msgid */
	bool		  count;	/* show how many records */
	enum dbi_id	  dbi;
	struct screen	*(*open)(void);
};

static struct screen *
open_children(void)
{
	return screen_children(0);
}

static const struct entry entries[] = {
	{ 'w', N_("Worklist"), true, DBI_SETTINGS, screen_due },
	{ '1', N_("Children's files"), true, DBI_CHILD, open_children },
	{ '2', N_("Contacts"), true, DBI_CONTACT, screen_contacts },
	{ '3', N_("Mentoring"), true, DBI_PAIR, screen_mentoring },
	{ '4', N_("Staff"), true, DBI_STAFF, screen_staff },
	{ '5', N_("Schools"), true, DBI_SCHOOL, screen_schools },
	{ '6', N_("Import / export the roster"), false, 0, screen_roster_io },
	{ '7', N_("Emergency call trees"), true, DBI_TREE, screen_calltrees },
	{ '8', N_("Officials directory"), true, DBI_OFFICIAL,
	    screen_officials },
	{ '9', N_("Meetings and activities"), false, 0, screen_meetings },
	{ 'p', N_("Safety agreements and aid"), false, 0, screen_paper },
	{ 'c', N_("Counselling"), false, 0, screen_counsel },
	{ 'i', N_("Incidents"), true, DBI_INCIDENT, screen_incidents },
	{ 's', N_("Statistics"), false, 0, screen_stats },
	{ '0', N_("Quit"), false, 0, NULL },
};


/* The children in school the login may see: those who left are not
 * counted. */
static size_t
children_in_school(struct txn *t)
{
	static const int f[] = { CHILD_STATUS };
	struct kv_cursor c;
	const char *v;
	size_t len, n = 0;
	bool ok;

	for (ok = kv_first(t, DBI_CHILD, NULL, 0, &c); ok; ok = kv_next(&c))
		if (c.key.mv_size == 4 &&
		    access_child(get_u32be(c.key.mv_data)) &&
		    (rec_peek_bytes(RT_CHILD,
		    c.val.mv_data, c.val.mv_size, 1, f, &v, &len) != 0 ||
		    len == 0 || (len == 9 && memcmp(v, "in_school", 9) == 0)))
			n++;
	kv_close(&c);
	return n;
}

/* The contacts of the children the login may see. */
static size_t
contacts_visible(struct txn *t)
{
	struct kv_cursor c;
	size_t n = 0;
	bool ok;

	for (ok = kv_first(t, DBI_CONTACT, NULL, 0, &c); ok; ok = kv_next(&c))
		if (c.key.mv_size == 4 &&
		    access_contact(t, get_u32be(c.key.mv_data)))
			n++;
	kv_close(&c);
	return n;
}

/* The mentoring pairs in force today: ended pairs are not counted. */
static size_t
pairs_current(struct txn *t)
{
	static const int f[] = { PAIR_SINCE, PAIR_UNTIL, PAIR_CHILD };
	struct kv_cursor c;
	const char *v[3];
	size_t len[3], n = 0, today = strlen(ui.today);
	bool ok;

	/* Read in place: dates in normal form compare as text. */
	for (ok = kv_first(t, DBI_PAIR, NULL, 0, &c); ok; ok = kv_next(&c)) {
		if (rec_peek_bytes(RT_PAIR, c.val.mv_data, c.val.mv_size, 3,
		    f, v, len) != 0 || len[0] != today ||
		    memcmp(v[0], ui.today, today) > 0 || (len[1] != 0 &&
		    (len[1] != today || memcmp(v[1], ui.today, today) < 0)))
			continue;
		if (access_child(id_in(v[2], len[2])))
			n++;
	}
	kv_close(&c);
	return n;
}

/* How many open incidents the login may see, with how many steps late. */
static int
open_incidents(size_t *n, size_t *overdue)
{
	struct inc_info *v;
	char *cause = NULL;
	size_t i;

	*n = *overdue = 0;
	if (inc_list(ui.db, 0, true, inc_now(), &v, n, &cause) != 0) {
		free(cause);
		return SH_EDB;
	}
	for (i = 0; i < *n; i++)
		*overdue += v[i].overdue;
	inc_list_free(v, *n);
	return 0;
}

static bool menu_idle(struct screen *);

/* Whether entry i is counted by reading every record (menu_idle()). */
static bool
slow_count(size_t i)
{
	return entries[i].dbi == DBI_SETTINGS || entries[i].dbi == DBI_CHILD ||
	    entries[i].dbi == DBI_PAIR || (entries[i].count &&
	    entries[i].dbi == DBI_CONTACT && access_enforced());
}

/*
 * Counts what each choice holds, those that read every record once the
 * menu is shown.  A count that fails is said on the message line and
 * shown as "?", never as 0 (an empty database).
 */
static void
menu_reload(struct screen *s)
{
	struct menu *m = (struct menu *)s;
	struct txn t;
	size_t i;
	int rc;

	m->stale = true;
	ui_later(s, menu_idle);
	if ((rc = txn_read(ui.db, &t)) == 0) {
		for (i = 0; i < nitems(entries); i++)
			if (entries[i].count && !slow_count(i) &&
			    entries[i].dbi != DBI_INCIDENT)
				m->counts[i] = kv_count(&t, entries[i].dbi);
		rc = t.err;
		txn_end(&t);
	}
	/* The open incidents the login may see, and their overdue steps. */
	for (i = 0; rc == 0 && i < nitems(entries); i++)
		if (entries[i].dbi == DBI_INCIDENT)
			rc = open_incidents(&m->counts[i], &m->overdue);
	m->failed = rc != 0;
	if (m->failed)
		ui_error(_("cannot count the records: %s"), sh_strerror(rc));
	m->drafts = ui_drafts(NULL, NULL);
}

static void
count_text(struct buf *b, enum dbi_id dbi, size_t n, size_t overdue)
{
	switch (dbi) {
	case DBI_INCIDENT:
		/* Nothing to say of none: the entry is for emergencies. */
		if (n > 0)
			buf_addf(b, P_("%zu open", "%zu open", n), n);
		if (overdue > 0)
			buf_addf(b, P_(", ! %zu step overdue",
			    ", ! %zu steps overdue", overdue), overdue);
		break;
	case DBI_CHILD:
		buf_addf(b, P_("%zu child", "%zu children", n), n);
		break;
	case DBI_CONTACT:
		buf_addf(b, P_("%zu person", "%zu people", n), n);
		break;
	case DBI_PAIR:
		buf_addf(b, P_("%zu pair", "%zu pairs", n), n);
		break;
	case DBI_STAFF:
		buf_addf(b, P_("%zu staff member", "%zu staff", n), n);
		break;
	case DBI_SCHOOL:
		buf_addf(b, P_("%zu school", "%zu schools", n), n);
		break;
	case DBI_TREE:
		buf_addf(b, P_("%zu tree", "%zu trees", n), n);
		break;
	case DBI_OFFICIAL:
		buf_addf(b, P_("%zu official", "%zu officials", n), n);
		break;
	case DBI_SETTINGS:
		buf_addf(b, P_("%zu thing to do", "%zu things to do", n), n);
		break;
	default:
		break;
	}
}

/* Counts the worklist, once the menu is on the screen. */
static bool
menu_idle(struct screen *s)
{
	struct menu *m = (struct menu *)s;
	struct txn t;
	size_t i;

	if (!m->stale)
		return false;
	m->stale = false;
	if (txn_read(ui.db, &t) != 0) {
		m->failed = true;
		return true;
	}
	for (i = 0; i < nitems(entries); i++) {
		if (!slow_count(i))
			continue;
		if (entries[i].dbi == DBI_SETTINGS)
			m->counts[i] = ui_due_count(&t);
		else if (entries[i].dbi == DBI_CHILD)
			m->counts[i] = children_in_school(&t);
		else if (entries[i].dbi == DBI_PAIR)
			m->counts[i] = pairs_current(&t);
		else
			m->counts[i] = contacts_visible(&t);
		m->known[i] = true;
	}
	if (t.err != 0 && !m->failed) {
		m->failed = true;
		ui_error(_("cannot count the records: %s"),
		    sh_strerror(t.err));
	}
	txn_end(&t);
	return true;
}

static void
menu_draw(struct screen *s)
{
	struct menu *m = (struct menu *)s;
	struct buf b = { 0 };
	char *info;
	size_t i;
	int y = ui_body_top() + 1, x = COLS > 100 ? (COLS - 60) / 2 : 4;

	info = xasprintf("%s  %s", ui.db->user, ui.db->path);
	ui_title(_("shouhu - files of left-behind children"), info);
	free(info);
	for (i = 0; i < nitems(entries); i++) {
		buf_reset(&b);
		buf_addf(&b, "%c  ", entries[i].digit);
		u_fit(&b, _(entries[i].label), 28, true);
		if (entries[i].count && m->failed)
			buf_addstr(&b, "?");
		else if (slow_count(i) && !m->known[i])
			buf_addstr(&b, "…");
		else if (entries[i].count)
			count_text(&b, entries[i].dbi, m->counts[i],
			    m->overdue);
		ui_put_attr(y + (int)i * (LINES >= 30 ? 2 : 1), x, b.s,
		    COLS - x - 1, true, (int)i == m->sel ? A_REVERSE : 0);
	}
	if (m->drafts > 0) {
		buf_reset(&b);
		buf_addf(&b, P_("You have %zu unsaved draft (d: see it).",
		    "You have %zu unsaved drafts (d: see them).", m->drafts),
		    m->drafts);
		ui_put_attr(y + (int)i * (LINES >= 30 ? 2 : 1) + 1, x, b.s,
		    COLS - x - 1, false, A_BOLD);
	}
	buf_free(&b);
}

static int
open_entry(struct menu *m, size_t i)
{
	if (entries[i].open == NULL)
		return UI_QUIT;
	m->sel = (int)i;
	ui_push(entries[i].open());
	return UI_STAY;
}

static int
menu_digit(struct screen *s, int key)
{
	struct menu *m = (struct menu *)s;
	size_t i;

	for (i = 0; i < nitems(entries); i++)
		if (key == entries[i].digit)
			return open_entry(m, i);
	return UI_PASS;
}

static int
menu_move(struct screen *s, int key)
{
	struct menu *m = (struct menu *)s;

	if (key == KEYC(KEY_UP))
		m->sel = m->sel > 0 ? m->sel - 1 : (int)nitems(entries) - 1;
	else
		m->sel = (m->sel + 1) % (int)nitems(entries);
	return UI_STAY;
}

static int
menu_enter(struct screen *s, int key)
{
	struct menu *m = (struct menu *)s;

	return open_entry(m, (size_t)m->sel);
}

static int
menu_quit(struct screen *s, int key)
{
	return UI_QUIT;
}

static int
menu_drafts(struct screen *s, int key)
{
	char **lines = NULL;
	size_t n = 0;

	if (ui_drafts(&lines, &n) == 0)
		return UI_PASS;
	strv_push(&lines, &n, xstrdup(""));
	strv_push(&lines, &n, xstrdup(_("Open the same record again to go on "
	    "with its draft (or to throw it away).")));
	ui_pager(_("Unsaved drafts"), lines, n);
	strv_free(lines);
	return UI_STAY;
}

/* Esc is pressed to go back everywhere else: here it asks first. */
static int
menu_esc(struct screen *s, int key)
{
	return ui_confirm(_("Quit shouhu?")) ? UI_QUIT : UI_STAY;
}

static const struct keydef menu_keys[] = {
	{ "w 1-9 p c i s", N_("open"), true, menu_digit,
	    { '1', '2', '3', '4', '5', '6' } },
	{ "", "", false, menu_digit, { '7', '8' } },
	{ "9", N_("meetings and activities"), false, menu_digit, { '9' } },
	{ "i", N_("incidents and the mandatory report"), false, menu_digit,
	    { 'i' } },
	{ N_("Up Down Enter"), N_("choose"), true, menu_move,
	    { KEYC(KEY_UP), KEYC(KEY_DOWN) } },
	{ "", "", false, menu_enter, { KEYS_ENTER } },
	{ "0 q", N_("quit"), true, menu_quit, { '0', 'q' } },
	{ "Esc", N_("asks whether to quit"), false, menu_esc, { KEY_ESC } },
	{ "d", N_("the unsaved drafts"), false, menu_drafts, { 'd' } },
	{ "s", N_("statistics"), false, menu_digit, { 's' } },
	{ "w", N_("the worklist"), false, menu_digit, { 'w' } },
	{ "c", N_("counselling sessions"), false, menu_digit, { 'c' } },
	{ "p", N_("safety agreements and aid"), false, menu_digit, { 'p' } },
	{ "?", N_("help"), true, NULL, { 0 } },
	{ NULL, NULL, false, NULL, { 0 } }
};

static void
menu_free(struct screen *s)
{
	ui_later(s, NULL);
	free(s);
}

static const struct screen_ops menu_ops = {
	N_("Main menu"), menu_keys, menu_draw, NULL, menu_reload, NULL,
	menu_free, false, NULL
};

struct screen *
screen_menu(void)
{
	struct menu *m = xcalloc(1, sizeof *m);

	m->s.ops = &menu_ops;
	menu_reload(&m->s);
	return &m->s;
}
