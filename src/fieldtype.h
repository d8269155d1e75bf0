/*
 * fieldtype.h -- what a field's type decides, as one table of operations
 * per type: how input is normalised, how a value is shown to a person,
 * how it is written to and read from a school's spreadsheet, and what a
 * form needs to edit it (the kind of widget and the width of its box).
 *
 * Nothing outside fieldtype.c switches on enum ftype: a screen asks
 * fieldtype_of(f->type) for the widget and calls the operations; a new
 * type is a new row in fieldtype.c.
 */
#ifndef SHOUHU_FIELDTYPE_H
#define SHOUHU_FIELDTYPE_H

#include <stdbool.h>

#include "schema.h"

/* The widget a form edits a field with. */
enum widget {
	W_TEXT,		/* a line editor (several lines with FF_MULTILINE) */
	W_CHOICE,	/* one of f->choices: Enter picks from a list, Space
			   shows the next one */
	W_SET,		/* several of f->choices: Enter or Space opens a list
			   to tick */
	W_BOOL,		/* yes or no: Enter or Space turns it over */
	W_DATE,		/* a line editor that takes dates (a hint says how) */
	W_REF		/* a record of type f->ref: Enter or Space picks one
			   by its title */
};

struct fieldtype {
	enum ftype	 type;
	const char	*name;		/* "date": for messages and docs */
	enum widget	 widget;
	/*
	 * Input as typed (or as a spreadsheet holds it) into the normal
	 * form.  Never called with empty input (field_normalize() gives ""
	 * for that).  0 with *out (caller frees), or -1 with *cause set to
	 * the reason, without the field's name.
	 */
	int		(*normalize)(const struct field *, const char *in,
			    char **out, char **cause);
	/*
	 * A non-empty normal value as shown to a person: choice labels
	 * translated, yes/no, grades as words.  Caller frees.
	 */
	char		*(*display)(const struct field *, const char *value);
	/*
	 * A non-empty normal value as a Chinese school writes it in a
	 * spreadsheet (男, 是, 三年级, 2班, 祖母; ID numbers with a leading
	 * tab so that Excel keeps every digit).  Caller frees.  Reading a
	 * spreadsheet back is normalize: it takes these forms.
	 */
	char		*(*sheet)(const struct field *, const char *value);
};

/* The operations of a type; never NULL. */
const struct fieldtype *fieldtype_of(enum ftype);

/*
 * The width in display columns of a form's box for a field, before
 * the screen limits it: the row's width, or the longest translated
 * choice label; 0 asks for the whole line (sets, long free text).
 */
int field_box_width(const struct field *);
/* What the form edits the field with. */
enum widget field_widget(const struct field *);
/*
 * The value for the spreadsheet (see sheet above); "" for an empty
 * value.  Caller frees.
 */
char *field_sheet(const struct field *, const char *value);

#endif
