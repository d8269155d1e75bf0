/*
 * ui.h -- the screens: a stack of screen objects over ncursesw.
 *
 * The screens call the core and never the other way round.  Each screen
 * is a struct screen whose ops draw it from its state, handle a key and
 * say what should happen next (stay, close, open another screen, quit).
 * Drawing always starts from an erased window and lets curses send only
 * the cells that changed, which keeps the bytes per key small on a slow
 * link; nothing on a normal path clears the terminal.
 *
 * Keys are read with get_wch() and turned into one int: a Unicode code
 * point for a character, or KEYC(curses key code) for a function key, so
 * that the two ranges cannot collide.
 *
 * No database transaction is open while the program waits for a key:
 * every screen reads what it shows into memory and ends the read.
 */
#ifndef SHOUHU_UI_H
#define SHOUHU_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "schema.h"
#include "store.h"
#include "util.h"

#define KEYC(k)		(0x200000 + (k))
#define KEY_ESC		27
#define KEY_CTRL(c)	((c) & 0x1f)

/* What a key handler wants next. */
enum ui_result {
	UI_PASS = -1,	/* not a key of this handler: the key table's */
	UI_STAY,	/* redraw and wait for the next key */
	UI_CLOSE,	/* close this screen */
	UI_QUIT		/* leave the program */
};

struct screen;

/*
 * One row of a screen's key table.  The same rows dispatch the keys, and
 * make the help screen and the status line, so that these always say
 * what the keys do.  keys is a msgid ("Up Down" is "↑↓" in Chinese).
 * A row without a handler is only said (its keys are handled by the
 * screen's own key function, or everywhere).
 */
#define KEYDEF_CODES 6
struct keydef {
	const char	*keys;		/* msgid, as shown: "/", "Enter" */
	const char	*label;		/* msgid */
	bool		 status;	/* shown in the status line too */
	int		(*fn)(struct screen *, int key);
	int		 codes[KEYDEF_CODES];	/* what it takes; ends with 0 */
};
#define KEYS_ENTER	'\r', '\n', KEYC(KEY_ENTER)
#define KEYS_BACK	KEY_ESC, 'q'

struct screen_ops {
	const char		*title;		/* msgid, for help */
	const struct keydef	*keys;		/* ends with keys == NULL */
	void			(*draw)(struct screen *);
	int			(*key)(struct screen *, int key);
	/* Read the database again (coming back to this screen). */
	void			(*reload)(struct screen *);
	/* The terminal is gone: keep what was typed. */
	void			(*hangup)(struct screen *);
	void			(*free)(struct screen *);
	/* Printable keys are text here ('?' and 'q' are typed, not keys). */
	bool			 text_input;
	/* A second table after keys (a kind of screen's common keys). */
	const struct keydef	*more_keys;
};

struct screen {
	const struct screen_ops	*ops;
	struct screen		*below;
};

/* The program's state shared by all screens. */
struct ui {
	struct db	*db;
	struct screen	*top;
	char		 today[11];
	char		*message;	/* shown until the next key */
	bool		 message_error;
	bool		 color;
	bool		 too_small;
	bool		 cursor_wanted;	/* set while drawing, see ui_cursor */
	bool		 cursor_shown;
	/* The record a form saved last, for the list it came from. */
	enum rtype	 saved_type;
	uint32_t	 saved_id;
};
extern struct ui ui;

/*
 * Opens the screens on a database directory (created when missing)
 * and runs until the user quits; a save waits wait_seconds for
 * another writer (0: the default).  Returns an exit code.
 */
int ui_main(const char *db_dir, int wait_seconds);
/*
 * How long a write waits for another writer: seconds, or with 0 as long
 * as the screens were told (--wait), saying so on the message line.
 * Writes that only record something (an opening of a file) wait briefly.
 */
void ui_db_wait(int seconds);

/* Pushes a screen on the stack (it is drawn next). */
void ui_push(struct screen *);
/* Takes a screen off the stack and frees it. */
void ui_remove(struct screen *);
/* Reads one key, redrawing on resize; handles hang-ups. */
int ui_getkey(void);
/*
 * While drawing: a screen with a clock asks to be drawn again after
 * seconds without a key (the main loop gets KEY_TICK and redraws; no
 * busy waiting).  Asked on every drawing, forgotten on the next.
 */
void ui_tick(int seconds);
#define KEY_TICK	KEYC(0x7ff)
/*
 * Work screen s leaves for when it is shown and no key waits (a count
 * that takes long): fn runs once, s on top, and returns true when it
 * changed what s draws.  NULL forgets it (s is freed).
 */
void ui_later(struct screen *s, bool (*fn)(struct screen *));
/* Redraws the whole stack's top screen and the status line. */
void ui_redraw(void);
/* While drawing: the terminal cursor is to stay where it is now, for
 * typing.  Without it, the cursor is hidden. */
void ui_cursor(void);
/* Sends what was drawn to the terminal, showing or hiding the cursor only
 * when that changed (each change costs bytes on every key). */
void ui_refresh(void);

/* A message for the message line until the next key. */
void ui_msg(const char *fmt, ...) SH_PRINTF(1, 2);
void ui_error(const char *fmt, ...) SH_PRINTF(1, 2);
/* An error that stands while something stays wrong: shown on each
 * redraw, so it does not beep (the key that caused it did). */
void ui_error_quiet(const char *fmt, ...) SH_PRINTF(1, 2);
/* Shows what is being done now, before a long piece of work; the next
 * redraw, when it is done, no longer shows it. */
void ui_busy(const char *text);

/* ---- drawing helpers (all measure in display columns) ---- */

/* The rows between the title line and the message and status lines. */
int ui_body_top(void);
int ui_body_rows(void);
/* Draws the title line: title on the left, right-aligned info. */
void ui_title(const char *title, const char *info);
/*
 * Draws UTF-8 text at (y, x) as wide characters, so that curses writes
 * it in the terminal's character set (UTF-8 or GB18030).  Every text
 * the screens draw goes through here.
 */
void ui_addstr(int y, int x, const char *s);
/* Draws s at (y, x), cut to cols columns (padded when pad). */
void ui_put(int y, int x, const char *s, int cols, bool pad);
/* Same, with attributes (A_BOLD, A_REVERSE ...). */
void ui_put_attr(int y, int x, const char *s, int cols, bool pad, int attr);
/*
 * Splits text into lines of at most cols columns (at spaces where there
 * are some), appending them to *lines.
 */
void ui_wrap(const char *text, int cols, char ***lines, size_t *n);
/* The status line of a screen's key tables (more may be NULL). */
void ui_status(const struct keydef *, const struct keydef *more);
/*
 * Runs the handler of key in a screen's tables: UI_PASS when no row
 * takes the key.
 */
int ui_keys_run(struct screen *, int key);
/* True when a key is already waiting (typed ahead, or pasted). */
bool ui_key_waiting(void);

/* ---- dialogs: each runs until answered, drawn over the current screen ---- */

/* A yes/no question; Esc is no. */
bool ui_confirm(const char *question);
/*
 * A line of input in a box; returns the text (caller frees) or NULL when
 * cancelled.  initial may be NULL.
 */
char *ui_prompt(const char *question, const char *initial, int maxchars);
/*
 * Picks one of n items (labels).  Typing filters the items.  Returns the
 * index, or -1 when cancelled.  current is selected first.
 */
int ui_pick(const char *title, const char *const *labels, size_t n,
    int current);
/*
 * Picks several: selected[] says which are on and is updated.  Returns
 * false when cancelled (selected[] is then as it was).
 */
bool ui_pick_many(const char *title, const char *const *labels, size_t n,
    bool *selected);
/*
 * Picks a school, with "none" (a label for id 0) first when not NULL;
 * current is selected first.  Returns false when cancelled; else *id (0
 * for none) and, when name is not NULL, *name (caller frees, "" for
 * none).
 */
bool ui_pick_school(const char *title, const char *none, uint32_t current,
    uint32_t *id, char **name);
#define UI_FIRST_SCHOOL UINT32_MAX	/* current: the first school */
/*
 * Picks a mentor among a school's staff, shown with how many children
 * each mentors today; with_none adds "(no mentor)" (id 0) first; the
 * current mentor (0: none) is selected first.
 */
bool ui_pick_mentor(uint32_t school, bool with_none, uint32_t current,
    uint32_t *id);
/* A scrollable page of text lines (messages, a summary). */
void ui_pager(const char *title, char *const *lines, size_t n);
/* The help screen of a screen's key tables. */
void ui_help(const char *title, const struct keydef *,
    const struct keydef *more);

/* ---- drafts: what was typed, kept per user when the terminal goes ---- */

/* The key of a draft: the user, a kind ("child", "drill"), then the caller's bytes. */
void ui_draft_key(struct buf *key, const char *kind);
/* Stores a draft (val with a length), or deletes it (val NULL). */
void ui_draft_put(const struct buf *key, const struct buf *val);
/* A copy of a stored draft (caller frees), or NULL. */
char *ui_draft_get(const struct buf *key, size_t *len);
/* How many drafts the user has; with lines, a line about each. */
size_t ui_drafts(char ***lines, size_t *n);

/* ---- screens ---- */
/* Opens the form for a new child (in a school, when not 0). */
void child_add(uint32_t school);
/* Opens the form of a record to edit it. */
void record_edit(enum rtype, uint32_t id);
/* Asks how a child leaves the list (a status, or deleting the file for
 * good) and does it; true when the file is deleted. */
bool child_leave(uint32_t child);
struct screen *screen_menu(void);
struct screen *screen_children(uint32_t school);
/* The children a staff member mentors. */
struct screen *screen_mentees(uint32_t staff);
struct screen *screen_child(uint32_t child);
struct screen *screen_contacts(void);
struct screen *screen_staff(void);
struct screen *screen_schools(void);
struct screen *screen_officials(void);
struct screen *screen_calltrees(void);
struct screen *screen_mentoring(void);
struct screen *screen_roster_io(void);
/* The statistics (统计): a school's figures as bars. */
struct screen *screen_stats(void);
/* The worklist of the login (ui-due.c), and how long it is. */
struct screen *screen_due(void);
size_t ui_due_count(struct txn *);
/* Meetings and activities (ui-meeting.c). */
struct screen *screen_meetings(void);
struct screen *screen_meeting(uint32_t meeting);
/* Incidents (ui-incident.c): the list, and one with its live clock. */
struct screen *screen_incidents(void);
struct screen *screen_incident(uint32_t incident);
/* Counselling sessions (ui-counsel.c); a child's case plans (ui-plan.c). */
struct screen *screen_counsel(void);
struct screen *screen_plans(uint32_t child);
/*
 * The safeguarding line of a child's file: followed by the counsellor,
 * case plans and reviews due; NULL when there is nothing to say.
 */
char *ui_plan_line(struct txn *, uint32_t child);
/* Appends the lines of a text (split at its line breaks) to *lines. */
void ui_text_lines(const char *text, char ***lines, size_t *n);
/*
 * Writes an audit entry (audit_note) before something is written or
 * printed; false, after saying why, when it cannot be written: nothing
 * may then leave the program.  (ui-calltree.c)
 */
bool ui_audit(int kind, const char *what);
/*
 * Delivers a printout where dest says and tells the user: done after
 * writing a file ("The sheet is in FILE."), the job lp gave.  Its audit
 * entry (a print) is written first.  False after saying why it failed.
 * (ui-calltree.c)
 */
struct print_doc;
struct print_dest;
bool ui_deliver(const struct print_doc *, const struct print_dest *,
    const char *done);
/*
 * Asks where a printout goes: to lp, or to a file (a PDF when its name
 * ends in .pdf), asked with prompt and offered as name in the home
 * directory.  Sets dest's lp or output; *path is the file (the caller
 * frees it), NULL for lp.  False when the user gave up.  (ui-calltree.c)
 */
bool ui_print_where(const char *title, const char *prompt,
    const char *name, struct print_dest *dest, char **path);
/* The term's paperwork: safety agreements and aid (ui-paper.c). */
struct screen *screen_paper(void);

#endif
