/*
 * view.h -- the list columns of every record type, in one table each.
 *
 * A view is what a list of one record type shows: its columns, each
 * with a stable CSV name, a header (a msgid: both languages come from
 * the catalog), a width in display columns for the current language,
 * and either a schema field or a cell function; and the order of the
 * rows (the sort key).  Rows of the tables (view.c) are written with
 * designated initialisers.  `shouhu list ... --format text|csv` and the list
 * screens are drawn from these tables and from nothing else: a column
 * added here shows everywhere a list of its type is shown.
 *
 * Rows.  view_row() reads one record and only what the view's columns
 * need beyond it (VN_* below): the school's name from a cache kept in a
 * struct vctx for a whole command or screen, the first contact in call
 * order read from the stored bytes without decoding the contact card,
 * the current mentor.  A row is made, shown and freed: nobody needs to
 * hold the rows of a whole list.  A row is read inside a read
 * transaction; what it holds stays valid after the transaction ends.
 *
 * No curses here: screens lay the cells out with u_fit() themselves, or
 * take whole lines from view_line().
 */
#ifndef SHOUHU_VIEW_H
#define SHOUHU_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rec.h"
#include "schema.h"
#include "store.h"
#include "util.h"

/* What a cell reads beyond its record. */
enum {
	VN_SCHOOL = 1 << 0,	/* the school's name (by the record's school) */
	VN_CONTACT = 1 << 1,	/* children: the first contact in call order */
	VN_MENTOR = 1 << 2,	/* children: the current mentor's name;
				   schools: the principal's (staff roles) */
	VN_COUNT = 1 << 3,	/* staff: mentees; schools: children */
	VN_KIDS = 1 << 4,	/* contacts: the children on their card */
	VN_PERSON = 1 << 5,	/* pairs: the mentor's and the child's names */
	/*
	 * Text only: a row read between vctx_begin() and vctx_end() holds
	 * only the fields text columns show and row_fields (struct view);
	 * the others read as empty.  view_needs() gives it for VF_TEXT.
	 */
	VN_FIELDS = 1 << 6
};

/* Where a column shows. */
enum {
	VC_LIST = 1 << 0,	/* in text lists on the command line */
	VC_SCREEN = 1 << 1,	/* in list screens (see min_cols) */
	VC_CSV = 1 << 2,	/* in CSV lists */
	VC_TEXT = VC_LIST | VC_SCREEN,
	VC_ALL = VC_TEXT | VC_CSV,
	VC_RIGHT = 1 << 3,	/* numbers: right-aligned in text */
	VC_CUT = 1 << 4,	/* text lists cut a longer cell at the width
				   (with "…"); other cells are never cut
				   there */
	VC_WHOLE = 1 << 5	/* phone numbers: never cut, in screens
				   either (a longer cell pushes the rest; at
				   the right edge only "…" shows) */
};

enum vformat {
	VF_TEXT,	/* for people: labels translated, yes/no, 3年级2班 */
	VF_CSV		/* for programs: normal forms (keys, ISO dates) */
};

struct choice;
struct cover_row;
struct vrow;

struct view_col {
	const char	*name;		/* CSV header, stable: scripts read it */
	const char	*head;		/* msgid of the text header */
	int		 width;		/* display columns in Chinese */
	int		 width_en;	/* in English; 0: the same */
	/*
	 * The field shown, or -1.  Always given (0 is a field): a cell
	 * that shows a field names it too, so that CSV lists do not add
	 * it again (struct view's csv_fields).
	 */
	int		 field;
	/*
	 * Appends the cell of row r in format fmt to out (nothing when
	 * empty).  NULL: the field, shown by its type in text
	 * (field_display()) and as stored in CSV; a reference to a school
	 * by the school's name (give the column VN_SCHOOL).  Cells may be
	 * made after the row's transaction has ended.
	 */
	void		(*cell)(const struct vrow *r, enum vformat fmt,
			    struct buf *out);
	unsigned	 needs;		/* VN_* */
	unsigned	 flags;		/* VC_* */
	int		 min_cols;	/* screens: shown in windows at least
					   this wide (0: always) */
};

struct view {
	enum rtype		 type;
	const char		*name;		/* "children", as typed */
	const struct view_col	*cols;
	int			 ncols;
	/*
	 * The row order of a whole list: appends a key to out, compared
	 * with strcmp (then by id).  NULL: record order.  Children: school,
	 * grade, class, the name in pinyin order.
	 */
	void			(*sortkey)(const struct vrow *,
				    struct buf *out);
	unsigned		 sort_needs;	/* VN_* the key reads */
	/*
	 * The fields the row builder, the cells and the sort key read
	 * besides the text columns' own fields (bit f for field f): see
	 * VN_FIELDS.
	 */
	uint64_t		 row_fields;
	/*
	 * CSV lists also carry every other field of the record that is not
	 * private (FF_PRIVATE), in table order after the columns, named by
	 * the field's name: a new field is in the CSV list without a
	 * column here.
	 */
	bool			 csv_fields;
	/*
	 * With csv_fields: the CSV list has the record's fields in table
	 * order (as the columns of lists that scripts read always had),
	 * the computed columns before the first field column (the id)
	 * ahead of them and the others after them.
	 */
	bool			 csv_table_order;
};

/* The view of a record type, or NULL when it has none. */
const struct view *view_of(enum rtype);
/* By plural or singular name ("children", "child"), or NULL. */
const struct view *view_by_name(const char *);

/* The width of a column's text cell in the current language. */
int view_col_width(const struct view_col *);
/*
 * Whether a column shows in format fmt: in CSV; in text on the command
 * line (cols 0) or on a screen cols wide (from its min_cols on).
 */
bool view_col_shown(const struct view_col *, enum vformat fmt, int cols);
/*
 * What the columns shown in fmt at cols (see view_col_shown) need, and
 * the sort key too when sorted.
 */
unsigned view_needs(const struct view *, enum vformat fmt, int cols,
    bool sorted);

/*
 * What the rows of one list share: the day ages and current mentors are
 * counted on, and the names of schools read once.  Kept over a command
 * or a screen's life (school names change seldom: vctx_forget() after a
 * save).
 */
struct vctx {
	char		 today[11];
	int		 today_year;	/* of today, -1 when not a date */
	struct {
		uint32_t	 id;
		char		*name;
		uint32_t	 len;	/* of the name, in bytes */
		int		 w;	/* and in display columns */
		bool		 clean;	/* no control character */
	}		*schools;
	size_t		 nschools;
	struct {
		uint32_t	 id;
		size_t		 n;
	}		*counts;	/* children in school, by school */
	size_t		 ncounts;
	bool		 counted;
	struct txn	*batch;		/* see vctx_begin() */
	struct rec_cursor cur[4];	/* children, links, contacts, index */
	/*
	 * Children's rows that a search read with their keys (cover.h),
	 * or NULL: view_row_at() takes a child's row from there when it
	 * has all the row needs.
	 */
	struct covers	*covers;
	uint64_t	 fields;	/* view_row_at(): those a row reads
					   (0: all a text row may) */
	struct vrow	*lent;		/* view_row_at(): read the usual way */
	struct vrow	*spare;		/* view_row_at(): from a kept row */
	struct rec	*spare_rec;
	struct cover_row *spare_cover;
	uint64_t	 spare_want;	/* the fields spare_rec may hold */
	size_t		 school_hint[32];	/* schools[]: by id % 32 */
	const struct choice *relations[32];	/* relation_find() */
};
void vctx_init(struct vctx *, const char *today);
/*
 * Between vctx_begin(x, t) and vctx_end(x), the rows of transaction t
 * are read through cursors kept open: a long list read in one go costs
 * less.  vctx_end() must come before the transaction ends.  Without
 * them (screens, which read a page at a time) every read stands alone.
 */
void vctx_begin(struct vctx *, struct txn *);
void vctx_end(struct vctx *);
void vctx_forget(struct vctx *);
void vctx_free(struct vctx *);

/*
 * One row of a list.  The fields are for the cell functions in view.c
 * and for screens that show more than the columns (a mark, a colour);
 * what a view does not need is empty ("" or 0).
 */
struct vrow {
	const struct view *view;
	struct rec	*r;		/* the record */
	const char	*school;	/* VN_SCHOOL: its school's name, or "" */
	char		*contact;	/* VN_CONTACT: first contact's name */
	const char	*relation;	/* and their relation key */
	char		*phone;		/* and their first phone */
	char		*mentor;	/* VN_MENTOR; VN_PERSON: the pair's */
	char		*child;		/* VN_PERSON: the pair's child */
	char		*kids;		/* VN_KIDS: "张三(祖母) 张四(祖母)" */
	size_t		 count;		/* VN_COUNT */
	int		 age;		/* children: on ctx->today, -1 unknown */
	bool		 active;	/* children: in school (child_active) */
	const void	*ext;		/* the caller's (see view_row_ext) */
	/*
	 * A row from a kept row (view_row_at()): the values measured as
	 * they were checked, and the school's name; NULL otherwise.
	 */
	const struct cover_row *cover;
	uint32_t	 school_len;
	int		 school_w;
	/*
	 * Its text holds no control character (so far known only of a
	 * kept row's): a line of it may be written as it is laid out.
	 */
	bool		 clean;
};

/*
 * Reads record id of the view's type and what needs asks for (VN_*;
 * view_needs() gives what the columns want).  Returns 0 with *out
 * (view_row_free it), or the storage error (SH_ENOTFOUND, ...); a record
 * that cannot be decoded sets the transaction's sticky error too.
 */
int view_row(const struct view *, struct vctx *, struct txn *, uint32_t id,
    unsigned needs, struct vrow **out);
/*
 * A row of a record already read (r is taken over, freed with the row),
 * with the caller's summary ext for views whose cells read one (call
 * trees: a struct ct_info).
 */
struct vrow *view_row_ext(const struct view *, struct vctx *, struct txn *,
    struct rec *r, unsigned needs, const void *ext);
void view_row_free(struct vrow *);
/*
 * view_row() for a list read row after row: the row is lent, valid
 * until the next call or vctx_free(), and not freed by the caller.  A
 * child's row comes from the row its search key carried (x->covers)
 * when there is one, without an allocation.
 */
int view_row_at(const struct view *, struct vctx *, struct txn *,
    uint32_t id, unsigned needs, const struct vrow **out);
/* The fields a text row of the view reads (bit f for field f). */
uint64_t view_text_fields(const struct view *);
/* Those a text row at cols columns (0: `list`) shows or needs. */
uint64_t view_fields(const struct view *, int cols);
/*
 * A child's first contact in call order: *relation a relation key (or
 * ""), *contact and *phone new strings, or NULL when there is none.
 * x may be NULL.
 */
void view_first_contact(struct vctx *, struct txn *, uint32_t child,
    const char **relation, char **contact, char **phone);

/* Appends column c's cell of row r in format fmt to out. */
void view_cell(const struct vrow *, int c, enum vformat fmt,
    struct buf *out);
/* Appends the row's sort key (see struct view) to out. */
void view_sortkey(const struct vrow *, struct buf *out);
/*
 * Puts ids (records of the view's type) in the view's order, reading
 * only what the sort key needs: a class's children in pinyin order, as
 * `list` shows them.  Ids that cannot be read go last.  Nothing changes
 * for a view without a sort key.
 */
void view_sort_ids(const struct view *, struct vctx *, struct txn *,
    uint32_t *ids, size_t n);

/*
 * Text lines for a window of cols display columns (0: no limit, the
 * command line): the columns shown at that width, each padded to its
 * width and separated by a space; with cols > 0 the line fits cols
 * (the last column takes what is left of it), else cells longer than
 * their width push the rest (except VC_CUT ones).  A cell shortened
 * ends with "…"; VC_WHOLE cells are never shortened.  No trailing
 * blanks, no newline.
 */
void view_header(const struct view *, int cols, struct buf *out);
void view_line(const struct vrow *, int cols, struct buf *out);
/* The CSV header and row, through csvw (lines end with CRLF). */
struct csvw;
void view_csv_header(const struct view *, struct csvw *, struct buf *out);
void view_csv_row(const struct vrow *, struct csvw *, struct buf *out);

#endif
