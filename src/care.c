/*
 * care.c -- the care log: its index keys, reading a child's log through
 * them, who may see and change an entry, and saving an entry with what
 * follows from it (see care.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "care.h"
#include "term.h"
#include "codec.h"
#include "i18n.h"
#include "model.h"
#include "rec.h"
#include "schema.h"
#include "util.h"
#include "validate.h"

/* Bytes of a child's key after the tag: child, day, kind, flags, id. */
#define CKEY_LEN (1 + 4 + 2 + 1 + 1 + 4)

int
care_kind_of(const char *key)
{
	int i;

	for (i = 0; i < CK__N && care_kind_choices[i].key != NULL; i++)
		if (strcmp(care_kind_choices[i].key, key) == 0)
			return i;
	return -1;
}

const char *
care_kind_key(int kind)
{
	if (kind < 0 || kind >= CK__N)
		return NULL;
	return care_kind_choices[kind].key;
}

bool
care_kind_is_call(const char *key)
{
	int k = care_kind_of(key);

	return k == CK_CALL_GUARDIAN || k == CK_CALL_PARENTS ||
	    k == CK_FAMILY_CALL;
}

int
care_child_field(int i)
{
	static const int f[CARE_CHILDREN] = {
		LOG_CHILD, LOG_CHILD2, LOG_CHILD3, LOG_CHILD4
	};

	return f[i];
}

/* ---- dates as days ---- */

/* The day as a key has it: newest first. */
static uint16_t
key_day(const char *iso)
{
	long d = date_days(iso);

	if (d < 0)
		d = 0;
	if (d > 0xffff)
		d = 0xffff;
	return (uint16_t)(0xffff - d);
}

static void
put_u16be(unsigned char *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static uint16_t
get_u16be(const unsigned char *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* ---- keys ---- */

void
care_keys(const struct rec *r, struct keyset *ks)
{
	unsigned char b[8];
	uint16_t day = key_day(rec_str(r, LOG_DATE));
	int kind = care_kind_of(rec_str(r, LOG_KIND)), i;
	uint32_t child;

	b[6] = kind < 0 ? 0xff : (unsigned char)kind;
	b[7] = 0;
	if (*rec_str(r, LOG_FOLLOWUP) != '\0')
		b[7] |= CARE_KEY_FOLLOWUP;
	if (strcmp(rec_str(r, LOG_CONCERN), "1") == 0)
		b[7] |= CARE_KEY_CONCERN;
	put_u16be(b + 4, day);
	for (i = 0; i < CARE_CHILDREN; i++) {
		if ((child = rec_ref(r, care_child_field(i))) == 0)
			continue;
		put_u32be(b, child);
		ks_add(ks, IX_LOG_CHILD, b, 8, false, -1);
	}
	if (rec_ref(r, LOG_STAFF) != 0) {
		put_u32be(b, rec_ref(r, LOG_STAFF));
		ks_add(ks, IX_LOG_STAFF, b, 6, false, -1);
	}
}

/* ---- reading ---- */

static int
item_cmp(const void *a, const void *b)
{
	const struct care_item *x = a, *y = b;
	int c = strcmp(y->date, x->date);

	if (c != 0)
		return c;
	return x->id < y->id ? 1 : x->id > y->id ? -1 : 0;
}

/* The child's keys, newest first, into *out (*n of them). */
static void
child_items(struct txn *t, uint32_t child, struct care_item **out,
    size_t *n)
{
	struct kv_cursor c;
	unsigned char p[5];
	const unsigned char *k;
	struct care_item *v = NULL;
	size_t cap = 0, len = 0;
	bool ok;

	p[0] = IX_LOG_CHILD;
	put_u32be(p + 1, child);
	for (ok = kv_first(t, DBI_IX, p, sizeof p, &c); ok; ok = kv_next(&c)) {
		if (c.key.mv_size != CKEY_LEN)
			continue;
		k = c.key.mv_data;
		if (len == cap) {
			cap = cap ? cap * 2 : 16;
			v = xreallocarray(v, cap, sizeof *v);
		}
		v[len].id = get_u32be(k + 9);
		date_from_days(0xffff - get_u16be(k + 5), v[len].date);
		v[len].kind = k[7] < CK__N ? k[7] : -1;
		v[len].flags = k[8];
		len++;
	}
	kv_close(&c);
	if (len > 1)
		qsort(v, len, sizeof *v, item_cmp);
	*out = v;
	*n = len;
}

void
care_child_walk(struct txn *t, uint32_t child, care_item_fn fn, void *arg)
{
	struct care_item *v;
	size_t n, i;

	child_items(t, child, &v, &n);
	for (i = 0; i < n; i++)
		if (!fn(&v[i], arg))
			break;
	free(v);
}

/* The follow-up date of an entry, read in place; "" when none. */
static void
followup_of(struct txn *t, uint32_t id, char out[11])
{
	static const int f[] = { LOG_FOLLOWUP };
	const char *v;
	size_t len;

	out[0] = '\0';
	if (rec_peek(t, RT_LOG, id, 1, f, &v, &len) == 0 && len == 10) {
		memcpy(out, v, 10);
		out[10] = '\0';
	}
}

void
care_summary(struct txn *t, uint32_t child, struct care_summary *s)
{
	struct care_item *v;
	size_t n, i;

	memset(s, 0, sizeof *s);
	child_items(t, child, &v, &n);
	s->n = n;
	for (i = 0; i < n; i++) {
		if (v[i].kind >= 0 && s->last[v[i].kind][0] == '\0')
			memcpy(s->last[v[i].kind], v[i].date, 11);
	}
	if (n > 0) {
		memcpy(s->newest, v[0].date, 11);
		s->concern = (v[0].flags & CARE_KEY_CONCERN) != 0;
	}
	/*
	 * The follow-up asked for by the newest entry that asks for one,
	 * unless work with the child came after it: a growth record is
	 * a note of the child's, not that work, and closes none.
	 */
	for (i = 0; i < n; i++) {
		if (v[i].flags & CARE_KEY_FOLLOWUP) {
			followup_of(t, v[i].id, s->followup);
			if (s->followup[0] != '\0')
				s->followup_entry = v[i].id;
			break;
		}
		if (v[i].kind != CK_GROWTH)
			break;
	}
	free(v);
}

bool
care_last(struct txn *t, uint32_t child, int kind, char date_out[11])
{
	struct care_summary s;

	date_out[0] = '\0';
	if (kind < 0 || kind >= CK__N)
		return false;
	care_summary(t, child, &s);
	memcpy(date_out, s.last[kind], 11);
	return date_out[0] != '\0';
}

bool
care_next_followup(struct txn *t, uint32_t child, char date_out[11],
    uint32_t *entry)
{
	struct care_summary s;

	care_summary(t, child, &s);
	memcpy(date_out, s.followup, 11);
	if (entry != NULL)
		*entry = s.followup_entry;
	return date_out[0] != '\0';
}

size_t
care_count(struct txn *t, uint32_t child)
{
	struct idlist l = { 0 };
	size_t n;

	ix_refs(t, IX_LOG_CHILD, child, &l);
	n = l.n;
	idl_free(&l);
	return n;
}

static bool
item_taken(const struct care_item *it, const struct care_filter *f)
{
	if (f == NULL)
		return true;
	if (f->kind >= 0 && it->kind != f->kind)
		return false;
	if (f->since != NULL && strcmp(it->date, f->since) < 0)
		return false;
	if (f->until != NULL && strcmp(it->date, f->until) > 0)
		return false;
	return true;
}

/* Items of several children, newest first, each entry once. */
static void
items_to_ids(struct care_item *v, size_t n, struct idlist *out)
{
	size_t i;

	if (n > 1)
		qsort(v, n, sizeof *v, item_cmp);
	/* An entry's keys have one date: its copies are side by side. */
	for (i = 0; i < n; i++)
		if (i == 0 || v[i - 1].id != v[i].id)
			idl_add(out, v[i].id);
}

static void
gather_child(struct txn *t, uint32_t child, const struct care_filter *f,
    struct care_item **all, size_t *n, size_t *cap)
{
	struct care_item *v;
	size_t k, i;

	child_items(t, child, &v, &k);
	for (i = 0; i < k; i++) {
		if (!item_taken(&v[i], f))
			continue;
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			*all = xreallocarray(*all, *cap, sizeof **all);
		}
		(*all)[(*n)++] = v[i];
	}
	free(v);
}

void
care_of_child(struct txn *t, uint32_t child, const struct care_filter *f,
    struct idlist *out)
{
	struct care_item *all = NULL;
	size_t n = 0, cap = 0;

	gather_child(t, child, f, &all, &n, &cap);
	items_to_ids(all, n, out);
	free(all);
}

void
care_of_school(struct txn *t, uint32_t school, const struct care_filter *f,
    struct idlist *out)
{
	struct idlist kids = { 0 };
	struct care_item *all = NULL;
	size_t n = 0, cap = 0, i;

	children_of_class(t, school, NULL, NULL, &kids);
	for (i = 0; i < kids.n; i++)
		gather_child(t, kids.v[i], f, &all, &n, &cap);
	idl_free(&kids);
	items_to_ids(all, n, out);
	free(all);
}

void
care_of_staff(struct txn *t, uint32_t staff, const struct care_filter *f,
    struct idlist *out)
{
	static const int kf[] = { LOG_KIND };
	struct kv_cursor c;
	unsigned char p[5];
	const unsigned char *k;
	struct care_item *v = NULL;
	size_t cap = 0, n = 0;
	const char *kv;
	size_t klen;
	char kind[16];
	bool ok;

	p[0] = IX_LOG_STAFF;
	put_u32be(p + 1, staff);
	for (ok = kv_first(t, DBI_IX, p, sizeof p, &c); ok; ok = kv_next(&c)) {
		if (c.key.mv_size != 1 + 4 + 2 + 4)
			continue;
		k = c.key.mv_data;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			v = xreallocarray(v, cap, sizeof *v);
		}
		v[n].id = get_u32be(k + 7);
		date_from_days(0xffff - get_u16be(k + 5), v[n].date);
		v[n].kind = -1;
		v[n].flags = 0;
		if (f != NULL && f->kind >= 0 && rec_peek(t, RT_LOG, v[n].id,
		    1, kf, &kv, &klen) == 0 && klen < sizeof kind) {
			memcpy(kind, kv, klen);
			kind[klen] = '\0';
			v[n].kind = care_kind_of(kind);
		}
		if (item_taken(&v[n], f))
			n++;
	}
	kv_close(&c);
	items_to_ids(v, n, out);
	free(v);
}

int
care_last_kind(struct txn *t, uint32_t staff)
{
	struct idlist l = { 0 };
	struct care_filter f = { NULL, NULL, -1 };
	struct rec *r;
	int kind = -1;

	if (staff == 0)
		return -1;
	care_of_staff(t, staff, &f, &l);
	if (l.n > 0 && rec_get(t, RT_LOG, l.v[0], &r) == 0) {
		kind = care_kind_of(rec_str(r, LOG_KIND));
		rec_free(r);
	}
	idl_free(&l);
	return kind;
}

/* ---- access ---- */

bool
care_may_see(const struct rec *r)
{
	uint32_t c;
	int i;

	for (i = 0; i < CARE_CHILDREN; i++)
		if ((c = rec_ref(r, care_child_field(i))) != 0 &&
		    access_child(c))
			return true;
	return false;
}

static bool
all_writable(const struct rec *r)
{
	uint32_t c;
	int i;

	for (i = 0; i < CARE_CHILDREN; i++)
		if ((c = rec_ref(r, care_child_field(i))) != 0 &&
		    !access_child_write(c))
			return false;
	return true;
}

bool
care_may_write(const struct rec *r, const struct rec *old)
{
	char today[11], made[17];

	if (!access_enforced() || access_admin())
		return true;
	if (!all_writable(r))
		return false;
	if (old == NULL)
		return true;
	if (!all_writable(old))
		return false;
	if (access_roles() & AR_PRINCIPAL)
		return true;
	date_today(today);
	time_format(old->created, made);
	return access_staff() != 0 && rec_ref(old, LOG_STAFF) ==
	    access_staff() && strncmp(made, today, 10) == 0;
}

/* ---- changing ---- */

void
care_enrolment(const struct rec *child, const char *today, char out[11])
{
	int grade = atoi(rec_str(child, CHILD_GRADE)), y, m, first;
	char b[32];

	out[0] = '\0';
	if (grade < 1 || grade > 9 || sscanf(today, "%4d-%2d", &y, &m) != 2)
		return;
	if (m < 9)
		y--;
	first = grade >= 7 ? 7 : 1;
	y = (y - (grade - first)) % 10000;
	if (y < 0)
		return;
	snprintf(b, sizeof b, "%04d-09-01", y);
	memcpy(out, b, 10);
	out[10] = '\0';
}

struct save_arg {
	const struct rec	*entry;
	uint32_t		 id;
	uint32_t		 version;
};

/*
 * Marks the number reached verified on the entry's date, in the contact
 * of one of the children that has it; an error naming the field when
 * none has.
 */
static int
verify_reached(struct txn *t, const struct rec *r, char **cause)
{
	const char *phone = rec_str(r, LOG_PHONE), *date = rec_str(r,
	    LOG_DATE);
	struct card card;
	const struct rec *c;
	uint32_t child;
	size_t j;
	int i, p, rc;

	for (i = 0; i < CARE_CHILDREN; i++) {
		if ((child = rec_ref(r, care_child_field(i))) == 0)
			continue;
		if ((rc = child_card(t, child, &card)) != 0) {
			set_cause(cause, "%s", sh_strerror(rc));
			return rc;
		}
		for (j = 0; j < card.n; j++) {
			c = card.lines[j].contact;
			for (p = 0; p < CONTACT_PHONES; p++) {
				if (strcmp(rec_str(c, contact_phone_field(p)),
				    phone) != 0)
					continue;
				rc = 0;
				/* An older entry does not undo a later check. */
				if (strcmp(rec_str(c,
				    contact_verified_field(p)), date) < 0 ||
				    *rec_str(c, contact_failed_field(p)) != '\0')
					rc = contact_verify_phone(t, c->id,
					    phone, date, cause);
				card_free(&card);
				return rc;
			}
		}
		card_free(&card);
	}
	set_cause(cause, _("%s \"%s\": not a number of the child's contacts"),
	    _("Number reached"), phone);
	return SH_EINVAL;
}

/*
 * May the entry be written in the name of its staff member, for child
 * (its record)?  An entry in another's name than the actor's own only
 * by the principal of the child's school or the administrator, and
 * only in the name of one who may see the child.  0, or SH_EPERM,
 * SH_EREF or SH_EINVAL with *cause.
 */
static int
check_staff(struct txn *t, const struct rec *r, const struct rec *child,
    const char *today, char **cause)
{
	uint32_t staff = rec_ref(r, LOG_STAFF);
	struct rec *s;
	char *name;

	if (staff == 0 || (access_enforced() && staff == access_staff()))
		return 0;
	if (access_enforced() && !access_admin() &&
	    (!(access_roles() & AR_PRINCIPAL) ||
	    access_school() != rec_ref(child, CHILD_SCHOOL))) {
		set_cause(cause, _("%s may not write care work in the name "
		    "of staff member #%u: only the principal of the child's "
		    "school or the administrator may"), t->db->user, staff);
		return SH_EPERM;
	}
	if (access_staff_child(t, staff, child->id, today))
		return 0;
	if (rec_get(t, RT_STAFF, staff, &s) != 0) {
		set_cause(cause, _("%s: there is no staff member #%u"),
		    _(r->sc->fields[LOG_STAFF].label), staff);
		return SH_EREF;
	}
	name = str_safe(rec_title(s), false);
	set_cause(cause, _("%s (staff #%u) may not see child #%u: choose "
	    "one who may, such as its class teacher or its mentor"), name,
	    staff, child->id);
	free(name);
	rec_free(s);
	return SH_EINVAL;
}

int
care_put(struct txn *t, struct rec *r, char **cause)
{
	struct rec *child, *old = NULL;
	char today[11], enrol[11];
	uint32_t id;
	bool staff_changed = true;
	int i, f, rc = 0;

	date_today(today);
	if (rec_validate(r, &f, cause) != 0)
		return SH_EINVAL;
	/* The staff member of a stored entry is checked when it changes. */
	if (r->id != 0 && rec_get(t, RT_LOG, r->id, &old) == 0) {
		staff_changed = rec_ref(old, LOG_STAFF) != rec_ref(r, LOG_STAFF);
		rec_free(old);
		old = NULL;
	}
	for (i = 0; i < CARE_CHILDREN && rc == 0; i++) {
		if ((id = rec_ref(r, care_child_field(i))) == 0)
			continue;
		rc = rec_get(t, RT_CHILD, id, &child);
		if (rc == SH_ENOTFOUND) {
			set_cause(cause, _("%s: there is no child #%u"),
			    _("Child"), id);
			rc = SH_EREF;
		} else if (rc == SH_EPERM) {
			set_cause(cause, _("%s may not see child #%u"),
			    t->db->user, id);
		} else if (rc != 0)
			set_cause(cause, "%s", sh_strerror(rc));
		if (rc != 0)
			break;
		if (staff_changed)
			rc = check_staff(t, r, child, today, cause);
		care_enrolment(child, today, enrol);
		if (rc == 0 && *enrol != '\0' &&
		    strcmp(rec_str(r, LOG_DATE), enrol) < 0) {
			set_cause(cause, _("%s \"%s\": before %s was enrolled "
			    "(%s, from the grade)"), _("Date"), rec_str(r,
			    LOG_DATE), rec_title(child), enrol);
			rc = SH_EINVAL;
		}
		rec_free(child);
	}
	if (rc != 0)
		return rc;
	if (r->id != 0 && (rc = rec_get(t, RT_LOG, r->id, &old)) != 0) {
		set_cause(cause, rc == SH_ENOTFOUND ? _("%s #%u no longer "
		    "exists (someone deleted it)") : _("%s #%u cannot be "
		    "read"), _(r->sc->label), r->id);
		return rc;
	}
	if (*rec_str(r, LOG_PHONE) != '\0' && (old == NULL ||
	    strcmp(rec_str(old, LOG_PHONE), rec_str(r, LOG_PHONE)) != 0 ||
	    strcmp(rec_str(old, LOG_DATE), rec_str(r, LOG_DATE)) != 0))
		rc = verify_reached(t, r, cause);
	rec_free(old);
	if (rc != 0)
		return rc;
	return rec_put(t, r, cause);
}

static int
save_write(struct txn *t, void *arg, char **cause)
{
	struct save_arg *a = arg;
	struct rec *r = rec_dup(a->entry);
	int rc;

	if ((rc = care_put(t, r, cause)) == 0) {
		a->id = r->id;
		a->version = r->version;
	}
	rec_free(r);
	return rc;
}

int
care_save(struct db *db, struct rec *entry, char **cause)
{
	struct save_arg a = { entry, 0, 0 };
	int rc;

	if ((rc = db_write(db, save_write, &a, cause)) != 0)
		return rc;
	entry->id = a.id;
	entry->version = a.version;
	return 0;
}

int
care_forget_child(struct txn *t, uint32_t child, char **cause)
{
	struct idlist l = { 0 };
	struct rec *r;
	size_t i;
	int rc = 0, k, n;
	uint32_t keep[CARE_CHILDREN], c;

	ix_refs(t, IX_LOG_CHILD, child, &l);
	idl_uniq(&l);
	for (i = 0; i < l.n && rc == 0; i++) {
		if ((rc = rec_get(t, RT_LOG, l.v[i], &r)) != 0) {
			set_cause(cause, "%s", sh_strerror(rc));
			break;
		}
		for (n = 0, k = 0; k < CARE_CHILDREN; k++)
			if ((c = rec_ref(r, care_child_field(k))) != 0 &&
			    c != child)
				keep[n++] = c;
		if (n == 0)
			rc = rec_del(t, RT_LOG, r->id, r->version, cause);
		else {
			for (k = 0; k < CARE_CHILDREN; k++)
				rec_set_ref(r, care_child_field(k), k < n ?
				    keep[k] : 0);
			rc = rec_put(t, r, cause);
		}
		rec_free(r);
	}
	idl_free(&l);
	return rc;
}

struct del_arg {
	uint32_t	id;
	uint32_t	version;
};

/*
 * An entry whose call verified a number is gone: the number is verified
 * as of the children's latest other entry that reached it, or not at
 * all (to verify again).  A date set since by anything else stays.
 */
static int
unverify(struct txn *t, const struct rec *gone, char **cause)
{
	static const int f[] = { LOG_PHONE, LOG_DATE };
	const char *phone = rec_str(gone, LOG_PHONE), *v[2];
	char latest[11];
	struct idlist l = { 0 };
	struct card card;
	struct rec *c;
	uint32_t child;
	size_t len[2], j, k;
	int i, p, rc = 0;

	for (i = 0; i < CARE_CHILDREN && rc == 0; i++) {
		if ((child = rec_ref(gone, care_child_field(i))) == 0)
			continue;
		latest[0] = '\0';
		ix_refs(t, IX_LOG_CHILD, child, &l);
		for (k = 0; k < l.n; k++)
			if (l.v[k] != gone->id && rec_peek(t, RT_LOG, l.v[k],
			    2, f, v, len) == 0 && len[0] == strlen(phone) &&
			    memcmp(v[0], phone, len[0]) == 0 && len[1] == 10 &&
			    (latest[0] == '\0' || memcmp(v[1], latest, 10) > 0)) {
				memcpy(latest, v[1], 10);
				latest[10] = '\0';
			}
		idl_free(&l);
		if ((rc = child_card(t, child, &card)) != 0) {
			set_cause(cause, "%s", sh_strerror(rc));
			break;
		}
		for (j = 0; j < card.n && rc == 0; j++)
			for (p = 0; p < CONTACT_PHONES; p++) {
				if (strcmp(rec_str(card.lines[j].contact,
				    contact_phone_field(p)), phone) != 0 ||
				    strcmp(rec_str(card.lines[j].contact,
				    contact_verified_field(p)), rec_str(gone,
				    LOG_DATE)) != 0)
					continue;
				if ((rc = rec_get(t, RT_CONTACT,
				    card.lines[j].contact->id, &c)) != 0) {
					set_cause(cause, "%s", sh_strerror(rc));
					break;
				}
				rec_set(c, contact_verified_field(p), latest);
				rc = rec_put(t, c, cause);
				rec_free(c);
				break;
			}
		card_free(&card);
	}
	return rc;
}

static int
del_write(struct txn *t, void *arg, char **cause)
{
	struct del_arg *a = arg;
	struct rec *r;
	int rc;

	if (rec_get(t, RT_LOG, a->id, &r) != 0)	/* rec_del says why */
		return rec_del(t, RT_LOG, a->id, a->version, cause);
	rc = rec_del(t, RT_LOG, a->id, a->version, cause);
	if (rc == 0 && *rec_str(r, LOG_PHONE) != '\0')
		rc = unverify(t, r, cause);
	rec_free(r);
	return rc;
}

int
care_delete(struct db *db, uint32_t id, uint32_t version, char **cause)
{
	struct del_arg a = { id, version };

	return db_write(db, del_write, &a, cause);
}
