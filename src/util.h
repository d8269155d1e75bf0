/*
 * util.h -- memory, growing buffers, UTF-8 and display-width helpers.
 *
 * Out-of-memory is not an error the program can do anything useful
 * about: the x* allocators print a message and exit.  Everything else in
 * the core reports errors to its caller.
 *
 * Display widths are computed here, not with the C library's wcwidth(),
 * so that printed sheets and golden files do not depend on the locale:
 * East Asian Wide and Fullwidth characters count two columns, combining
 * marks zero, everything else one.  Ambiguous-width symbols count one;
 * layouts avoid them.
 */
#ifndef SHOUHU_UTIL_H
#define SHOUHU_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#define nitems(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define SH_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define SH_PRINTF(f, a)
#endif

void *xmalloc(size_t);
void *xcalloc(size_t, size_t);
void *xreallocarray(void *, size_t, size_t);
char *xstrdup(const char *);
char *xstrndup(const char *, size_t);
/* Returns a newly allocated string; the caller frees it. */
char *xasprintf(const char *, ...) SH_PRINTF(1, 2);
char *xvasprintf(const char *, va_list) SH_PRINTF(1, 0);
/*
 * fmt with each "%s" replaced by the next of a and b ("%1$s" and "%2$s"
 * by a and b: a translation may reorder them) and "%%" by "%", without
 * printf; NULL when fmt holds any other conversion.
 */
char *str_format2(const char *fmt, const char *a, const char *b);
/* Frees *p and sets it to a new formatted string (used for char **cause). */
void set_cause(char **cause, const char *, ...) SH_PRINTF(2, 3);

/* A growing byte buffer, always NUL-terminated when s != NULL. */
struct buf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};
void buf_add(struct buf *, const void *, size_t);
void buf_addstr(struct buf *, const char *);
/* One byte: in place while there is room (lists add one a line). */
static inline void
buf_addc(struct buf *b, char c)
{
	if (b->len + 1 < b->cap) {
		b->s[b->len++] = c;
		b->s[b->len] = '\0';
	} else
		buf_add(b, &c, 1);
}

/* memcmp(a, b, n) == 0 without a call, for the few bytes of a key. */
static inline bool
mem_same(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	size_t i;

	for (i = 0; i < n; i++)
		if (x[i] != y[i])
			return false;
	return true;
}

/* Room for more bytes at once (a long text made piece by piece). */
void buf_grow(struct buf *, size_t more);
/*
 * The same, and the pages for those bytes made ready at once where the
 * system can (a page fault each would cost more for a long list).
 */
void buf_grow_ready(struct buf *, size_t more);
/*
 * Sorts n elements of size bytes each by the uint32_t each begins with,
 * stably: a few by insertion, more in passes of 11 bits of the key (a
 * radix sort: as many passes as the largest key needs).
 */
void sort_by_u32(void *v, size_t n, size_t size);
void buf_addf(struct buf *, const char *, ...) SH_PRINTF(2, 3);
void buf_reset(struct buf *);
/* Returns the string and leaves the buffer empty; never NULL. */
char *buf_take(struct buf *);
void buf_free(struct buf *);

/*
 * Decodes one UTF-8 character from s (at most n bytes).  Returns the
 * number of bytes used and sets *cp, or returns -1 for an invalid or
 * truncated sequence (overlong forms and surrogates are invalid).
 */
int u8_decode(const char *s, size_t n, uint32_t *cp);
/* Encodes cp into out (at least 4 bytes); returns the length. */
int u8_encode(uint32_t cp, char *out);
/* A record id written in digits ("123", n bytes), read in place; 0 if none. */
static inline uint32_t
id_in(const char *v, size_t n)
{
	uint64_t id = 0;
	size_t i;

	for (i = 0; i < n && i < 10; i++) {
		if (v[i] < '0' || v[i] > '9')
			return 0;
		id = id * 10 + (uint64_t)(v[i] - '0');
	}
	return i == n && id <= UINT32_MAX ? (uint32_t)id : 0;
}

bool u8_valid(const char *s, size_t n);
/* The same, and no NUL byte in it: stored text. */
bool u8_text(const char *s, size_t n);
/* Number of characters; invalid bytes count one each. */
size_t u8_len(const char *s);
/* Display columns of one code point: 0, 1 or 2. */
int u_cpwidth(uint32_t cp);
/* Display columns of a string; invalid bytes count one (shown as U+FFFD). */
int u_width(const char *s);
/*
 * Appends s to b, cut to at most cols display columns and padded with
 * spaces to exactly cols when pad is true.  A two-column character that
 * does not fit is replaced by a space; invalid bytes become U+FFFD.
 * Returns the columns written.
 */
int u_fit(struct buf *b, const char *s, int cols, bool pad);
/* Like u_fit, but right-aligned within cols. */
int u_fit_right(struct buf *b, const char *s, int cols);

/*
 * Text that is safe to send to a terminal: every C0 control character
 * (but a tab, and a newline when multiline is true), DEL, the C1
 * controls and invalid UTF-8 become U+FFFD, so that nothing read from
 * the data or from an imported file can move the cursor, clear the
 * screen, set the title or write the user's clipboard (ESC ] 52).
 * Every text the program writes to a terminal or to standard output
 * goes through one of these.
 */
void buf_add_safe(struct buf *, const char *s, bool multiline);
/* The same as a new string; the caller frees it. */
char *str_safe(const char *s, bool multiline);

/* Trims ASCII and ideographic (U+3000) white space; returns a new string. */
char *str_trim(const char *);
/* Replaces fullwidth ASCII forms (U+FF01..U+FF5E, U+3000) by ASCII. */
char *str_halfwidth(const char *);
bool str_empty(const char *);
bool str_startswith(const char *, const char *);
/* Appends to a NULL-terminated vector, growing it. */
void strv_push(char ***, size_t *, char *);
void strv_free(char **);

/* Today's date as YYYY-MM-DD in local time. */
void date_today(char out[11]);
/* A Unix time as "YYYY-MM-DD HH:MM" in local time. */
void time_format(int64_t t, char out[17]);
/* Whole years between an ISO birth date and an ISO date; -1 if unknown. */
int age_on(const char *birth, const char *today);

/* The login name of the real user id ("uid1234" when it has none). */
const char *login_name(void);
/*
 * The name of uid in the passwd file, when the nsswitch file makes that
 * file the first source of users: 0 and the name in out, or -1 when NSS
 * must be asked (another source first, the uid not found there, a line
 * NSS could read otherwise).  login_name()'s quick path; for tests.
 */
int login_from_files(const char *nsswitch, const char *passwd, uid_t uid,
    char *out, size_t size);

#endif
