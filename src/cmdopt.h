/*
 * cmdopt.h -- what the commands with subcommands share in reading their
 * options: numbers in a range, which options go with which subcommand
 * (bits in a table), the print options (--format, --encoding) and the
 * delivery of a printout with its audit note.
 *
 * A command numbers its options from a base so that option o is bit
 * (o - base) of a mask, and names them in an array in that order; the
 * functions below take the mask and that array.  Each prints its own
 * message and returns EXIT_USAGE or EXIT_DATA (cli.h) on failure.
 */
#ifndef SHOUHU_CMDOPT_H
#define SHOUHU_CMDOPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "print.h"
#include "store.h"

/* The option names of a command, bit i naming v[i]. */
struct optnames {
	const char *const	*v;
	size_t			 n;
};

/*
 * A decimal number from min to max, of option opt (in the message);
 * with hash, "#12" is read as 12.  0, or EXIT_USAGE after the message.
 */
int cmdopt_number(const char *opt, const char *arg, long min, long max,
    bool hash, long *out);
/* The name of the lowest bit of v; "" when none. */
const char *cmdopt_first(const struct optnames *, unsigned v);
/*
 * The options given checked against what the subcommand named sub
 * allows and requires: 0, or EXIT_USAGE after saying the first one that
 * does not go with it, else the first one missing.
 */
int cmdopt_check(const struct optnames *, const char *sub, unsigned given,
    unsigned allowed, unsigned required);
/*
 * Says the failure cause tells (a storage error when NULL), frees it
 * and returns EXIT_DATA.
 */
int cmdopt_fail(char *cause);
/*
 * Writes an audit entry (audit_note) before something is shown, written
 * or printed; when it cannot be written (another user holds the
 * database past --wait), says so and returns EXIT_DATA: nothing may
 * leave the program unrecorded.  EXIT_OK otherwise, and for a database
 * open only for reading (a copy on read-only files: no trail to add to).
 */
int cmdopt_audit(struct db *, int kind, const char *what);
/* The school of this name; 0 after saying there is none. */
uint32_t cmdopt_school(struct db *, const char *name);
/* --format text|pdf, --encoding utf-8|gb18030: 0, or EXIT_USAGE. */
int cmdopt_format(const char *arg, enum print_format *);
int cmdopt_encoding(const char *arg, enum print_encoding *);
/*
 * The print options every printing command declares the same way, as
 * rows of its option table: code is the command's own option code.
 */
#define CMDOPT_OUTPUT(code)						\
	{ "output", required_argument, (code), N_("FILE"),		\
	    N_("print: write it to FILE (FILE.pdf: a PDF)") }
#define CMDOPT_LP(code)							\
	{ "lp", optional_argument, (code), NULL,			\
	    N_("print: send it to lp; --lp=PRINTER: to that printer") }
#define CMDOPT_ENCODING(code)						\
	{ "encoding", required_argument, (code), N_("ENC"),		\
	    N_("print: text in utf-8 (default) or gb18030 (dot-matrix "	\
	    "printers; sent raw to lp)") }
/*
 * Writes a printout where dest says and tells what lp did with it;
 * with note, the audit trail of db gets its entry first (AUDIT_PRINT,
 * the document's title), and nothing is printed when it cannot.  EXIT_OK, EXIT_USAGE when the
 * destination does not go with the printout (print_dest_check), or
 * EXIT_DATA after the error.
 */
int cmdopt_deliver(struct db *, const struct print_doc *,
    const struct print_dest *, bool note);

#endif
