/* model.c -- see model.h. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "care.h"
#include "codec.h"
#include "cover.h"
#include "i18n.h"
#include "model.h"
#include "plan.h"
#include "agreement.h"
#include "pinyin.h"
#include "rec.h"
#include "util.h"
#include "validate.h"

void
idl_add(struct idlist *l, uint32_t id)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	l->v[l->n++] = id;
}

static int
u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

void
idl_uniq(struct idlist *l)
{
	size_t i, j;

	if (l->n < 2)
		return;
	sort_by_u32(l->v, l->n, sizeof *l->v);
	for (i = 1, j = 0; i < l->n; i++)
		if (l->v[i] != l->v[j])
			l->v[++j] = l->v[i];
	l->n = j + 1;
}

bool
idl_has(const struct idlist *l, uint32_t id)
{
	return l->n > 0 && bsearch(&id, l->v, l->n, sizeof *l->v,
	    u32_cmp) != NULL;
}

void
idl_free(struct idlist *l)
{
	free(l->v);
	memset(l, 0, sizeof *l);
}

void
ix_scan(struct txn *t, uint8_t tag, const void *prefix, size_t n,
    struct idlist *out)
{
	ix_scan_rows(t, tag, prefix, n, out, NULL);
}

void
ix_scan_rows(struct txn *t, uint8_t tag, const void *prefix, size_t n,
    struct idlist *out, struct covers *rows)
{
	struct kv_cursor c;
	struct buf k = { 0 };
	uint32_t id;
	bool ok;

	wr_u8(&k, tag);
	buf_add(&k, prefix, n);
	for (ok = kv_first(t, DBI_IX, k.s, k.len, &c); ok; ok = kv_next(&c)) {
		if (c.key.mv_size < k.len + 4)
			continue;
		id = get_u32be((unsigned char *)c.key.mv_data +
		    c.key.mv_size - 4);
		idl_add(out, id);
		if (rows != NULL)
			covers_add(rows, id, c.val.mv_data, c.val.mv_size);
	}
	kv_close(&c);
	buf_free(&k);
}

void
ix_refs(struct txn *t, uint8_t tag, uint32_t ref, struct idlist *out)
{
	unsigned char b[4];

	put_u32be(b, ref);
	ix_scan(t, tag, b, 4, out);
}

/* Exact lookup in a "value \0 id" index. */
static uint32_t
ix_exact(struct txn *t, uint8_t tag, const char *value)
{
	struct idlist l = { 0 };
	uint32_t id;

	ix_scan(t, tag, value, strlen(value) + 1, &l);
	id = l.n > 0 ? l.v[0] : 0;
	idl_free(&l);
	return id;
}

uint32_t
school_by_name(struct txn *t, const char *name)
{
	return ix_exact(t, IX_SCHOOL_NAME, name);
}

uint32_t
child_by_idnum(struct txn *t, const char *idnum)
{
	return ix_exact(t, IX_IDNUM, idnum);
}

uint32_t
staff_by_login(struct txn *t, const char *login)
{
	return ix_exact(t, IX_STAFF_LOGIN, login);
}

void
staff_by_name(struct txn *t, uint32_t school, const char *name,
    struct idlist *out)
{
	struct idlist l = { 0 };
	struct rec *r;
	size_t i;

	ix_scan(t, IX_STAFF_NAME, name, strlen(name) + 1, &l);
	for (i = 0; i < l.n; i++) {
		if (rec_get(t, RT_STAFF, l.v[i], &r) != 0)
			continue;
		if (school == 0 || rec_ref(r, STAFF_SCHOOL) == school)
			idl_add(out, l.v[i]);
		rec_free(r);
	}
	idl_free(&l);
}

void
children_of_class(struct txn *t, uint32_t school, const char *grade,
    const char *cls, struct idlist *out)
{
	struct buf k = { 0 };

	wr_u32be(&k, school);
	if (grade != NULL) {
		buf_addstr(&k, grade);
		buf_addc(&k, '\0');
		if (cls != NULL) {
			class_key_add(&k, cls);
			buf_addc(&k, '\0');
		}
	}
	ix_scan(t, IX_CLASS, k.s, k.len, out);
	buf_free(&k);
}

static int
line_cmp(const void *a, const void *b)
{
	const struct card_line *x = a, *y = b;
	uint32_t px = rec_ref(x->link, LINK_PRIORITY);
	uint32_t py = rec_ref(y->link, LINK_PRIORITY);

	if (px != py)
		return px < py ? -1 : 1;
	return x->link->id < y->link->id ? -1 : x->link->id > y->link->id;
}

int
child_card(struct txn *t, uint32_t child, struct card *card)
{
	struct idlist l = { 0 };
	struct rec *link, *contact;
	size_t i;
	int rc = 0;

	memset(card, 0, sizeof *card);
	ix_refs(t, IX_CHILD_LINK, child, &l);
	card->lines = xcalloc(l.n ? l.n : 1, sizeof *card->lines);
	for (i = 0; i < l.n; i++) {
		if ((rc = rec_get(t, RT_LINK, l.v[i], &link)) != 0)
			break;
		if ((rc = rec_get(t, RT_CONTACT, rec_ref(link, LINK_CONTACT),
		    &contact)) != 0) {
			rec_free(link);
			break;
		}
		card->lines[card->n].link = link;
		card->lines[card->n].contact = contact;
		card->n++;
	}
	idl_free(&l);
	qsort(card->lines, card->n, sizeof *card->lines, line_cmp);
	return rc;
}

void
card_free(struct card *card)
{
	size_t i;

	for (i = 0; i < card->n; i++) {
		rec_free(card->lines[i].link);
		rec_free(card->lines[i].contact);
	}
	free(card->lines);
	memset(card, 0, sizeof *card);
}

uint32_t
link_between(struct txn *t, uint32_t child, uint32_t contact)
{
	struct idlist l = { 0 };
	struct rec *link;
	uint32_t found = 0;
	size_t i;

	ix_refs(t, IX_CHILD_LINK, child, &l);
	for (i = 0; i < l.n && found == 0; i++) {
		if (rec_get(t, RT_LINK, l.v[i], &link) != 0)
			continue;
		if (rec_ref(link, LINK_CONTACT) == contact)
			found = link->id;
		rec_free(link);
	}
	idl_free(&l);
	return found;
}

bool
pair_current(const struct rec *p, const char *today)
{
	const char *since = rec_str(p, PAIR_SINCE);
	const char *until = rec_str(p, PAIR_UNTIL);

	return strcmp(since, today) <= 0 &&
	    (*until == '\0' || strcmp(until, today) >= 0);
}

struct rec *
child_mentor_pair(struct txn *t, uint32_t child, const char *today)
{
	struct idlist l = { 0 };
	struct rec *p, *best = NULL;
	size_t i;

	ix_refs(t, IX_CHILD_PAIR, child, &l);
	for (i = 0; i < l.n; i++) {
		if (rec_get(t, RT_PAIR, l.v[i], &p) != 0)
			continue;
		if (pair_current(p, today) && (best == NULL ||
		    strcmp(rec_str(p, PAIR_SINCE),
		    rec_str(best, PAIR_SINCE)) >= 0)) {
			rec_free(best);
			best = p;
		} else
			rec_free(p);
	}
	idl_free(&l);
	return best;
}

void
staff_mentees(struct txn *t, uint32_t staff, const char *today,
    struct idlist *out)
{
	struct idlist l = { 0 };
	struct rec *p;
	size_t i;

	static const int sf = CHILD_STATUS;
	const char *st;
	size_t len;

	ix_refs(t, IX_STAFF_PAIR, staff, &l);
	for (i = 0; i < l.n; i++) {
		if (rec_get(t, RT_PAIR, l.v[i], &p) != 0)
			continue;
		/* A child who left is no longer mentored, pair or not. */
		if (pair_current(p, today) && rec_peek(t, RT_CHILD,
		    rec_ref(p, PAIR_CHILD), 1, &sf, &st, &len) == 0 &&
		    status_active(st, len))
			idl_add(out, rec_ref(p, PAIR_CHILD));
		rec_free(p);
	}
	idl_free(&l);
	idl_uniq(out);
}

size_t
staff_caseload(struct txn *t, uint32_t staff, const char *today)
{
	struct idlist l = { 0 };
	size_t n;

	staff_mentees(t, staff, today, &l);
	n = l.n;
	idl_free(&l);
	return n;
}

/* The digits of a query that is a phone number or part of one, or NULL. */
static char *
query_digits(const char *q)
{
	struct buf b = { 0 };
	char *h = str_halfwidth(q);
	const char *p;

	for (p = h; *p != '\0'; p++) {
		if (isdigit((unsigned char)*p))
			buf_addc(&b, *p);
		else if ((*p == 'x' || *p == 'X') && b.len > 0 &&
		    p[1] == '\0')
			buf_addc(&b, 'X');	/* an ID number's last character */
		else if (*p != ' ' && *p != '-' && *p != '+') {
			free(h);
			buf_free(&b);
			return NULL;
		}
	}
	free(h);
	/* At least one digit: "xxx" is pinyin (夏秀秀), not a number. */
	if (b.len == 0 || strspn(b.s, "X") == b.len) {
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}

/* Name keys under tag matching a query (Chinese text or pinyin). */
static void
name_scan(struct txn *t, uint8_t tag, const char *q, struct idlist *out,
    struct covers *rows)
{
	char *key, *h;

	if (pinyin_is_query(q))
		key = pinyin_normalize_query(q);
	else {
		h = str_halfwidth(q);
		key = str_trim(h);
		free(h);
	}
	if (*key != '\0')
		ix_scan_rows(t, tag, key, strlen(key), out, rows);
	free(key);
}

/*
 * Contacts with a phone holding these digits anywhere, when there are
 * PHONE_PART_MIN or more: one pass over the phone index's keys (the
 * digits of every number, in order), comparing in place.  Eight places
 * at a time: the places where the first digit is are found in one
 * word, and only those compared (a call to memmem for each of a
 * township's phones cost more than the comparing).
 */
#define PHONE_PART_MIN 4
struct part_scan {
	const char	*digits;
	size_t		 n;
	uint64_t	 first8;	/* the first digit in each byte */
	uint32_t	 first;		/* the first four digits */
	struct idlist	*out;
};

/*
 * Whether the digits occur in the hn bytes at h, which may be read 5
 * bytes past their end (an index key's NUL and id follow the digits).
 */
static inline bool
digits_within(const struct part_scan *ps, const unsigned char *h, size_t hn)
{
	const uint64_t ones = 0x0101010101010101ULL;
	uint64_t w, m;
	uint32_t v;
	size_t i, at, last;

	if (hn < ps->n)
		return false;
	last = hn - ps->n;
	for (i = 0; i <= last; i += 8) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		memcpy(&w, h + i, 8);
		w ^= ps->first8;
		/* A byte's high bit where it may be 0: the first digit. */
		m = (w - ones) & ~w & ones << 7;
#else
		(void)w;
		m = ones << 7;		/* every place */
#endif
		for (; m != 0; m &= m - 1) {
			at = i + (size_t)__builtin_ctzll(m) / 8;
			if (at > last)
				break;
			memcpy(&v, h + at, 4);
			if (v == ps->first && mem_same(h + at + 4,
			    ps->digits + 4, ps->n - 4))
				return true;
		}
	}
	return false;
}

static void
part_key(const unsigned char *k, size_t len, void *arg)
{
	const struct part_scan *ps = arg;

	/* tag, digits, NUL, id: the digits are the middle. */
	if (len >= 6 && digits_within(ps, k + 1, len - 6))
		idl_add(ps->out, get_u32be(k + len - 4));
}

static void
phone_part_scan(struct txn *t, const char *digits, struct idlist *out)
{
	struct part_scan ps;
	unsigned char tag = IX_PHONE;

	ps.digits = digits;
	ps.n = strlen(digits);
	ps.first8 = 0x0101010101010101ULL * (unsigned char)digits[0];
	memcpy(&ps.first, digits, 4);
	ps.out = out;
	kv_each_key(t, DBI_IX, &tag, 1, part_key, &ps);
}

/*
 * Contacts with a phone starting or ending with these digits (3 or
 * more), or holding them anywhere (PHONE_PART_MIN or more).
 */
static void
phone_scan(struct txn *t, const char *digits, struct idlist *out)
{
	size_t n = strlen(digits), i;
	char *rev;

	if (n >= PHONE_PART_MIN && strchr(digits, 'X') == NULL)
		phone_part_scan(t, digits, out);
	else if (n >= 3 && strchr(digits, 'X') == NULL) {
		ix_scan(t, IX_PHONE, digits, n, out);
		rev = xstrdup(digits);
		for (i = 0; i < n; i++)
			rev[i] = digits[n - 1 - i];
		ix_scan(t, IX_PHONE_REV, rev, n, out);
		free(rev);
	}
	idl_uniq(out);
}

/* Leaves out of l the children (or contacts) the acting user may not see. */
static void
visible_only(struct txn *t, enum rtype type, struct idlist *l)
{
	size_t i, j;

	if (!access_enforced())
		return;
	for (i = j = 0; i < l->n; i++)
		if (type == RT_CHILD ? access_child(l->v[i]) :
		    access_contact(t, l->v[i]))
			l->v[j++] = l->v[i];
	l->n = j;
}

void
search_children(struct txn *t, const char *q, struct idlist *first,
    struct idlist *more)
{
	search_children_rows(t, q, first, more, NULL);
}

void
search_children_rows(struct txn *t, const char *q, struct idlist *first,
    struct idlist *more, struct covers *rows)
{
	struct idlist contacts = { 0 }, links = { 0 };
	struct rec *link;
	char *digits;
	size_t i, j;

	digits = query_digits(q);
	if (digits != NULL) {
		phone_scan(t, digits, &contacts);
		for (i = 0; i < contacts.n; i++)
			ix_refs(t, IX_CONTACT_LINK, contacts.v[i], &links);
		for (i = 0; i < links.n; i++) {
			if (rec_get(t, RT_LINK, links.v[i], &link) != 0)
				continue;
			idl_add(more, rec_ref(link, LINK_CHILD));
			rec_free(link);
		}
		if (strlen(digits) >= 6)
			ix_scan(t, IX_IDNUM, digits, strlen(digits), first);
		idl_free(&contacts);
		idl_free(&links);
		free(digits);
	} else {
		name_scan(t, IX_CHILD_NAME, q, first, rows);
		name_scan(t, IX_CHILD_PART, q, more, rows);
	}
	idl_uniq(first);
	idl_uniq(more);
	/* A child found both ways is listed once, with the first. */
	for (i = j = 0; i < more->n; i++)
		if (!idl_has(first, more->v[i]))
			more->v[j++] = more->v[i];
	more->n = j;
	visible_only(t, RT_CHILD, first);
	visible_only(t, RT_CHILD, more);
}

void
search_contacts(struct txn *t, const char *q, struct idlist *out)
{
	char *digits = query_digits(q);

	if (digits != NULL)
		phone_scan(t, digits, out);
	else
		name_scan(t, IX_CONTACT_NAME, q, out, NULL);
	free(digits);
	idl_uniq(out);
	visible_only(t, RT_CONTACT, out);
}

void
search_staff(struct txn *t, const char *q, struct idlist *out)
{
	name_scan(t, IX_STAFF_NAME, q, out, NULL);
	idl_uniq(out);
}

void
search_officials(struct txn *t, const char *q, struct idlist *out)
{
	name_scan(t, IX_OFFICIAL_NAME, q, out, NULL);
	idl_uniq(out);
}

int
link_add(struct txn *t, uint32_t child, uint32_t contact,
    const char *relation, int priority, bool guardian, uint32_t *link_id,
    char **cause)
{
	struct card card;
	struct rec *link;
	char prio[16];
	int rc;
	size_t i;

	if (link_between(t, child, contact) != 0) {
		set_cause(cause, _("this person is already on the child's "
		    "contact card"));
		return SH_EDUP;
	}
	if (priority <= 0) {
		if ((rc = child_card(t, child, &card)) != 0)
			return rc;
		priority = 1;
		for (i = 0; i < card.n; i++)
			if ((int)rec_ref(card.lines[i].link, LINK_PRIORITY) >=
			    priority)
				priority = (int)rec_ref(card.lines[i].link,
				    LINK_PRIORITY) + 1;
		card_free(&card);
		if (priority > 99)
			priority = 99;
	}
	link = rec_new(RT_LINK);
	rec_set_ref(link, LINK_CHILD, child);
	rec_set_ref(link, LINK_CONTACT, contact);
	rec_set(link, LINK_RELATION, relation);
	snprintf(prio, sizeof prio, "%d", priority);
	rec_set(link, LINK_PRIORITY, prio);
	rec_set(link, LINK_GUARDIAN, guardian ? "1" : "0");
	rc = rec_put(t, link, cause);
	if (rc == 0 && link_id != NULL)
		*link_id = link->id;
	rec_free(link);
	return rc;
}

int
card_reorder(struct txn *t, uint32_t child, const uint32_t *links, size_t n,
    char **cause)
{
	struct rec *link;
	char prio[16];
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		if ((rc = rec_get(t, RT_LINK, links[i], &link)) != 0) {
			set_cause(cause, "%s", sh_strerror(rc));
			return rc;
		}
		if (rec_ref(link, LINK_CHILD) != child) {
			rec_free(link);
			set_cause(cause, _("the contact is not on this child's "
			    "card"));
			return SH_EINVAL;
		}
		snprintf(prio, sizeof prio, "%zu", i + 1 > 99 ? 99 : i + 1);
		if (strcmp(rec_str(link, LINK_PRIORITY), prio) != 0) {
			rec_set(link, LINK_PRIORITY, prio);
			rc = rec_put(t, link, cause);
		} else
			rc = 0;
		rec_free(link);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int
link_remove(struct txn *t, uint32_t link_id, char **cause)
{
	struct idlist rest = { 0 };
	struct rec *link;
	uint32_t contact;
	int rc;

	if ((rc = rec_get(t, RT_LINK, link_id, &link)) != 0) {
		set_cause(cause, "%s", sh_strerror(rc));
		return rc;
	}
	contact = rec_ref(link, LINK_CONTACT);
	rec_free(link);
	if ((rc = rec_del(t, RT_LINK, link_id, 0, cause)) != 0)
		return rc;
	ix_refs(t, IX_CONTACT_LINK, contact, &rest);
	if (rest.n == 0)
		rc = rec_del(t, RT_CONTACT, contact, 0, cause);
	idl_free(&rest);
	return rc;
}

/* The day before an ISO date. */
static void
day_before(const char *date, char out[11])
{
	int y, m, d;
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3) {
		snprintf(out, 11, "%s", date);
		return;
	}
	if (--d == 0) {
		if (--m == 0) {
			m = 12;
			y--;
		}
		d = mdays[m - 1];
		if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
			d = 29;
	}
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u,
	    (unsigned)m % 100u, (unsigned)d % 100u);
}

int
mentor_assign(struct txn *t, uint32_t child, uint32_t staff,
    const char *since, char **cause)
{
	struct rec *cur, *p;
	int rc;

	cur = child_mentor_pair(t, child, since);
	if (cur != NULL && rec_ref(cur, PAIR_STAFF) == staff) {
		rec_free(cur);
		return 0;
	}
	rec_free(cur);
	if ((rc = mentor_end(t, child, since, cause)) != 0)
		return rc;
	p = rec_new(RT_PAIR);
	rec_set_ref(p, PAIR_STAFF, staff);
	rec_set_ref(p, PAIR_CHILD, child);
	rec_set(p, PAIR_SINCE, since);
	rc = rec_put(t, p, cause);
	rec_free(p);
	return rc;
}

int
mentor_end(struct txn *t, uint32_t child, const char *from, char **cause)
{
	struct rec *cur = child_mentor_pair(t, child, from);
	char before[11];
	int rc;

	if (cur == NULL)
		return 0;
	day_before(from, before);
	if (strcmp(before, rec_str(cur, PAIR_SINCE)) < 0)
		rc = rec_del(t, RT_PAIR, cur->id, 0, cause);
	else {
		rec_set(cur, PAIR_UNTIL, before);
		rc = rec_put(t, cur, cause);
	}
	rec_free(cur);
	return rc;
}

bool
child_active(const struct rec *child)
{
	const char *st = rec_str(child, CHILD_STATUS);

	return status_active(st, strlen(st));
}

struct status_args {
	uint32_t	 child;
	const char	*status;
	const char	*date;
	const char	*reason;
	bool		 end_pairs;
};

/*
 * The pair a leaving on date ended: the child's pair whose last day is
 * the day before, when no pair began after it.
 */
static struct rec *
pair_ended_by(struct txn *t, uint32_t child, const char *date)
{
	struct idlist ids = { 0 };
	struct rec *p, *found = NULL;
	char before[11];
	size_t i;
	bool later = false;

	day_before(date, before);
	ix_refs(t, IX_CHILD_PAIR, child, &ids);
	for (i = 0; i < ids.n; i++) {
		if (rec_get(t, RT_PAIR, ids.v[i], &p) != 0)
			continue;
		if (strcmp(rec_str(p, PAIR_SINCE), before) > 0)
			later = true;
		if (strcmp(rec_str(p, PAIR_UNTIL), before) == 0 &&
		    found == NULL) {
			found = p;
			continue;
		}
		rec_free(p);
	}
	idl_free(&ids);
	if (later) {
		rec_free(found);
		return NULL;
	}
	return found;
}

static int
status_write(struct txn *t, void *arg, char **cause)
{
	struct status_args *a = arg;
	struct rec *c, *pair;
	int rc;

	if ((rc = rec_get(t, RT_CHILD, a->child, &c)) != 0) {
		set_cause(cause, _("there is no %s #%u"), _("child"), a->child);
		return rc;
	}
	if (strcmp(a->status, "in_school") == 0) {
		/* Undoing a leaving: the pair it ended is in force again. */
		if (!child_active(c) && *rec_str(c, CHILD_STATUS_DATE) != '\0' &&
		    (pair = pair_ended_by(t, c->id, rec_str(c,
		    CHILD_STATUS_DATE))) != NULL) {
			rec_set(pair, PAIR_UNTIL, NULL);
			rc = rec_put(t, pair, cause);
			rec_free(pair);
			if (rc != 0) {
				rec_free(c);
				return rc;
			}
		}
		rec_set(c, CHILD_STATUS, a->status);
		rec_set(c, CHILD_STATUS_DATE, NULL);
		rec_set(c, CHILD_STATUS_REASON, NULL);
	} else {
		rec_set(c, CHILD_STATUS, a->status);
		rec_set(c, CHILD_STATUS_DATE, a->date);
		if ((rc = rec_input(c, CHILD_STATUS_REASON, a->reason != NULL ?
		    a->reason : "", cause)) != 0) {
			rec_free(c);
			return SH_EINVAL;
		}
		if (a->end_pairs &&
		    (rc = mentor_end(t, c->id, a->date, cause)) != 0) {
			rec_free(c);
			return rc;
		}
	}
	rc = rec_put(t, c, cause);
	rec_free(c);
	return rc;
}

int
child_set_status(struct db *db, uint32_t child, const char *status,
    const char *date, const char *reason, bool end_pairs, char **cause)
{
	struct status_args a = { child, status, NULL, reason, end_pairs };
	char today[11], *d = NULL, *why = NULL;
	int rc;

	if (choice_find(status_choices, status) == NULL) {
		set_cause(cause, _("%s \"%s\": %s"), _("Status"), status,
		    _("not one of the choices"));
		return -1;
	}
	if (date == NULL || *date == '\0') {
		date_today(today);
		date = today;
	}
	if (val_date(date, &d, &why) != 0) {
		set_cause(cause, _("%s \"%s\": %s"), _("Status since"), date,
		    why);
		free(why);
		return -1;
	}
	a.date = d;
	rc = db_write(db, status_write, &a, cause);
	free(d);
	return rc;
}

int
child_delete(struct txn *t, uint32_t child, uint32_t version, char **cause)
{
	struct idlist l = { 0 };
	size_t i;
	int rc = 0;

	if ((rc = plan_child_in_use(t, child, cause)) != 0 ||
	    (rc = care_forget_child(t, child, cause)) != 0)
		return rc;
	ix_refs(t, IX_CHILD_LINK, child, &l);
	for (i = 0; i < l.n && rc == 0; i++)
		rc = link_remove(t, l.v[i], cause);
	idl_free(&l);
	if (rc != 0)
		return rc;
	ix_refs(t, IX_CHILD_PAIR, child, &l);
	for (i = 0; i < l.n && rc == 0; i++)
		rc = rec_del(t, RT_PAIR, l.v[i], 0, cause);
	idl_free(&l);
	if (rc != 0)
		return rc;
	if ((rc = paper_child_delete(t, child, cause)) != 0)
		return rc;
	return rec_del(t, RT_CHILD, child, version, cause);
}

int
contact_delete(struct txn *t, uint32_t contact, uint32_t version,
    char **cause)
{
	struct idlist l = { 0 };
	size_t i;
	int rc = 0;

	ix_refs(t, IX_CONTACT_LINK, contact, &l);
	for (i = 0; i < l.n && rc == 0; i++)
		rc = rec_del(t, RT_LINK, l.v[i], 0, cause);
	idl_free(&l);
	if (rc != 0)
		return rc;
	return rec_del(t, RT_CONTACT, contact, version, cause);
}

int
staff_delete(struct txn *t, uint32_t staff, uint32_t version, char **cause)
{
	struct idlist l = { 0 };
	size_t n;

	ix_refs(t, IX_STAFF_PAIR, staff, &l);
	n = l.n;
	idl_free(&l);
	if (n > 0) {
		set_cause(cause, P_("this staff member has %zu mentoring "
		    "pair; end or move it first", "this staff member has %zu "
		    "mentoring pairs; end or move them first", n), n);
		return SH_EINUSE;
	}
	ix_refs(t, IX_LOG_STAFF, staff, &l);
	n = l.n;
	idl_free(&l);
	if (n > 0) {
		set_cause(cause, P_("this staff member wrote %zu care log "
		    "entry, which keeps their name", "this staff member wrote "
		    "%zu care log entries, which keep their name", n), n);
		return SH_EINUSE;
	}
	if (plan_staff_in_use(t, staff, cause) != 0)
		return SH_EINUSE;
	return rec_del(t, RT_STAFF, staff, version, cause);
}

int
contact_verify_phone(struct txn *t, uint32_t contact, const char *phone,
    const char *date, char **cause)
{
	struct rec *c;
	int rc, i;

	if ((rc = rec_get(t, RT_CONTACT, contact, &c)) != 0) {
		set_cause(cause, "%s", sh_strerror(rc));
		return rc;
	}
	for (i = 0; i < CONTACT_PHONES; i++)
		if (strcmp(rec_str(c, contact_phone_field(i)), phone) == 0)
			break;
	if (i == CONTACT_PHONES) {
		set_cause(cause, _("%s no longer has the number %s (someone "
		    "changed it)"), rec_title(c), phone);
		rec_free(c);
		return SH_ECONFLICT;
	}
	rec_set(c, contact_verified_field(i), date);
	/* A number that answers is no longer to verify. */
	rec_set(c, contact_failed_field(i), NULL);
	rc = rec_put(t, c, cause);
	rec_free(c);
	return rc;
}

char *
class_label(const char *grade, const char *cls)
{
	const char *fmt;
	char *s;

	if (*cls == '\0')
		return xstrdup(grade_label(grade));
	/* TRANSLATORS: a grade and a class, e.g. 三年级2班. */
	fmt = _("%s class %s");
	/* Lists ask for many classes: printf only for an odd translation. */
	if ((s = str_format2(fmt, grade_label(grade), cls)) != NULL)
		return s;
	return xasprintf(_("%s class %s"), grade_label(grade), cls);
}

int
class_parse(const char *in, char **grade, char **cls, char **cause)
{
	static const char *const seps[] = {
		"-", "/", ".", "年级", "\xef\xbc\x8d" /* － */, " "
	};
	char *h = str_halfwidth(in), *t = str_trim(h), *g = NULL, *c = NULL;
	char *rest;
	size_t i, n;
	int rc = -1;

	free(h);
	*grade = *cls = NULL;
	for (i = 0; i < nitems(seps); i++) {
		if ((rest = strstr(t, seps[i])) == NULL)
			continue;
		n = strlen(seps[i]);
		/* "3年级2班": the grade keeps its word, "3-2": it does not. */
		g = strcmp(seps[i], "年级") == 0 ?
		    xstrndup(t, rest - t + n) : xstrndup(t, rest - t);
		c = xstrdup(rest + n);
		break;
	}
	if (g == NULL) {
		/* 初一(2)班 */
		if ((rest = strchr(t, '(')) != NULL ||
		    (rest = strstr(t, "（")) != NULL) {
			g = xstrndup(t, rest - t);
			c = xstrdup(rest);
		}
	}
	if (g == NULL) {
		/* 初一1班, as the exports write a junior class: the grade's
		 * word, then the class's number. */
		for (rest = t; *rest != '\0' && !(*rest >= '0' && *rest <= '9');
		    rest++)
			;
		if (rest > t && *rest != '\0') {
			g = xstrndup(t, rest - t);
			c = xstrdup(rest);
		}
	}
	if (g == NULL || val_grade(g, grade, cause) != 0 ||
	    val_class(c, cls, cause) != 0) {
		if (g == NULL)
			set_cause(cause, _("give a class as grade-class, for "
			    "example 3-2 or 3年级2班"));
		free(*grade);
		free(*cls);
		*grade = *cls = NULL;
	} else
		rc = 0;
	free(g);
	free(c);
	free(t);
	return rc;
}

int
class_filter_parse(const char *in, char **grade, char **cls, char **cause)
{
	char *why = NULL, *h = str_halfwidth(in), *t = str_trim(h);
	size_t n = strlen(t);
	int rc;

	free(h);
	*cls = NULL;
	/* A grade alone: 3, 三年级, 初一. */
	if (strpbrk(t, "-/.( ") == NULL && !(n > 3 &&
	    strcmp(t + n - 3, "\xe7\x8f\xad") == 0) &&	/* 班 */
	    val_grade(t, grade, &why) == 0) {
		free(t);
		return 0;
	}
	free(why);
	rc = class_parse(t, grade, cls, cause);
	free(t);
	return rc;
}

int
child_row_load(struct txn *t, uint32_t id, const char *today, unsigned what,
    struct child_row *row)
{
	struct rec *school, *pair, *staff;
	const struct choice *rel;
	struct card card;
	const char *cls;
	char *py, num[16];
	int rc, i;

	memset(row, 0, sizeof *row);
	if ((rc = rec_get(t, RT_CHILD, id, &row->child)) != 0)
		return rc;
	row->age = age_on(rec_str(row->child, CHILD_BIRTH), today);
	if (rec_get(t, RT_SCHOOL, rec_ref(row->child, CHILD_SCHOOL),
	    &school) == 0) {
		row->school = xstrdup(rec_str(school, SCHOOL_NAME));
		rec_free(school);
	} else
		row->school = xstrdup("");
	row->relation = "";
	card.n = 0;
	card.lines = NULL;
	if ((what & ROW_CONTACT) && child_card(t, id, &card) == 0 &&
	    card.n > 0) {
		row->contact = xstrdup(rec_str(card.lines[0].contact,
		    CONTACT_NAME));
		rel = choice_find(relation_choices,
		    rec_str(card.lines[0].link, LINK_RELATION));
		row->relation = rel != NULL ? rel->key : "";
		for (i = 0; i < CONTACT_PHONES && row->phone == NULL; i++)
			if (*rec_str(card.lines[0].contact,
			    contact_phone_field(i)) != '\0')
				row->phone = xstrdup(rec_str(
				    card.lines[0].contact,
				    contact_phone_field(i)));
	}
	card_free(&card);
	if (row->contact == NULL)
		row->contact = xstrdup("");
	if (row->phone == NULL)
		row->phone = xstrdup("");
	row->mentor = NULL;
	if ((what & ROW_MENTOR) &&
	    (pair = child_mentor_pair(t, id, today)) != NULL) {
		if (rec_get(t, RT_STAFF, rec_ref(pair, PAIR_STAFF),
		    &staff) == 0) {
			row->mentor = xstrdup(rec_str(staff, STAFF_NAME));
			rec_free(staff);
		}
		rec_free(pair);
	}
	if (row->mentor == NULL)
		row->mentor = xstrdup("");
	py = pinyin_sort_key(rec_str(row->child, CHILD_NAME));
	/* Class 10 after class 9. */
	cls = rec_str(row->child, CHILD_CLASS);
	if (strspn(cls, "0123456789") == strlen(cls) && strlen(cls) < 8) {
		snprintf(num, sizeof num, "%08d", atoi(cls));
		cls = num;
	}
	row->sortkey = xasprintf("%s\x01%s\x01%s\x01%s", row->school,
	    rec_str(row->child, CHILD_GRADE), cls, py);
	free(py);
	return 0;
}

void
child_row_free(struct child_row *row)
{
	rec_free(row->child);
	free(row->school);
	free(row->contact);
	free(row->phone);
	free(row->mentor);
	free(row->sortkey);
	memset(row, 0, sizeof *row);
}

static int
row_cmp(const void *a, const void *b)
{
	const struct child_row *x = a, *y = b;
	int c = strcmp(x->sortkey, y->sortkey);

	if (c != 0)
		return c;
	return x->child->id < y->child->id ? -1 : x->child->id > y->child->id;
}

void
child_rows_sort(struct child_row *rows, size_t n)
{
	qsort(rows, n, sizeof *rows, row_cmp);
}
