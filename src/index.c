/*
 * index.c -- the index keys of every record type (see index.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "care.h"
#include "codec.h"
#include "i18n.h"
#include "index.h"
#include "pinyin.h"
#include "rec.h"
#include "schema.h"
#include "util.h"
#include "validate.h"

/* ---- key sets ---- */

void
ks_init(struct keyset *ks, uint32_t id)
{
	memset(ks, 0, sizeof *ks);
	ks->id = id;
}

void
ks_free(struct keyset *ks)
{
	size_t i;

	for (i = 0; i < ks->n; i++)
		free(ks->keys[i].k);
	free(ks->keys);
	memset(ks, 0, sizeof *ks);
}

void
ks_add(struct keyset *ks, uint8_t tag, const void *p, size_t n,
    bool terminate, int unique_field)
{
	struct ixkey *k;
	size_t len = 1 + n + (terminate ? 1 : 0) + 4;

	if (ks->n == ks->cap) {
		ks->cap = ks->cap ? ks->cap * 2 : 16;
		ks->keys = xreallocarray(ks->keys, ks->cap, sizeof *ks->keys);
	}
	k = &ks->keys[ks->n++];
	k->k = xmalloc(len);
	k->n = len;
	k->unique_field = unique_field;
	k->cover = false;
	k->k[0] = tag;
	memcpy(k->k + 1, p, n);
	if (terminate)
		k->k[1 + n] = '\0';
	put_u32be(k->k + len - 4, ks->id);
}

void
ks_add_ref(struct keyset *ks, uint8_t tag, uint32_t ref)
{
	unsigned char b[4];

	put_u32be(b, ref);
	ks_add(ks, tag, b, 4, false, -1);
}

int
ixkey_cmp(const struct ixkey *a, const struct ixkey *b)
{
	size_t n = a->n < b->n ? a->n : b->n;
	int c = memcmp(a->k, b->k, n);

	if (c != 0)
		return c;
	return a->n < b->n ? -1 : a->n > b->n;
}

static int
key_qcmp(const void *a, const void *b)
{
	return ixkey_cmp(a, b);
}

void
ks_sort(struct keyset *ks)
{
	size_t i, j;

	if (ks->n == 0)
		return;
	qsort(ks->keys, ks->n, sizeof *ks->keys, key_qcmp);
	for (i = 1, j = 0; i < ks->n; i++) {
		if (ixkey_cmp(&ks->keys[i], &ks->keys[j]) == 0) {
			ks->keys[j].cover |= ks->keys[i].cover;
			free(ks->keys[i].k);
		} else
			ks->keys[++j] = ks->keys[i];
	}
	ks->n = j + 1;
}

/* ---- the keys of each type ---- */

/*
 * Name search keys under tag: the name itself and its pinyin spellings
 * and initials (at most combos combinations of readings).  With part_tag,
 * also every later part of the name in characters ("三丰", "丰") and the
 * pinyin of the given name (part_combos combinations), so that a part of a name finds it while
 * whole-name matches can still be shown first.
 */
struct name_emit {
	struct keyset	*ks;
	uint8_t		 tag;
};

static void
emit_name_key(const char *key, void *arg)
{
	struct name_emit *e = arg;

	ks_add(e->ks, e->tag, key, strlen(key), true, -1);
}

static void
name_keys(struct keyset *ks, uint8_t tag, uint8_t part_tag, const char *name,
    int combos, int part_combos)
{
	struct name_emit e = { ks, tag };
	size_t n = strlen(name);
	const char *p = name;
	uint32_t cp;
	int k;

	if (n == 0)
		return;
	ks_add(ks, tag, name, n, true, -1);
	/* A child's name in characters carries its list row (cover.h). */
	ks->keys[ks->n - 1].cover = tag == IX_CHILD_NAME;
	pinyin_keys(name, false, combos, emit_name_key, &e);
	if (part_tag == 0)
		return;
	e.tag = part_tag;
	for (;;) {
		if ((k = u8_decode(p, n, &cp)) < 0)
			k = 1;
		p += k;
		n -= k;
		if (n == 0)
			break;
		ks_add(ks, part_tag, p, n, true, -1);
		ks->keys[ks->n - 1].cover = part_tag == IX_CHILD_PART;
	}
	pinyin_given_keys(name, part_combos, emit_name_key, &e);
}

static void
school_keys(const struct rec *r, struct keyset *ks)
{
	const char *name = rec_str(r, SCHOOL_NAME);

	if (*name != '\0')
		ks_add(ks, IX_SCHOOL_NAME, name, strlen(name), true,
		    SCHOOL_NAME);
}

static void
staff_keys(const struct rec *r, struct keyset *ks)
{
	const char *login = rec_str(r, STAFF_LOGIN);

	if (rec_ref(r, STAFF_SCHOOL) != 0)
		ks_add_ref(ks, IX_STAFF_SCHOOL, rec_ref(r, STAFF_SCHOOL));
	if (*login != '\0')
		ks_add(ks, IX_STAFF_LOGIN, login, strlen(login), true,
		    STAFF_LOGIN);
	name_keys(ks, IX_STAFF_NAME, 0, rec_str(r, STAFF_NAME), 4, 0);
}

/* IX_CLASS keys are school id, grade \0 class \0 id: class order. */
static void
child_keys(const struct rec *r, struct keyset *ks)
{
	const char *grade = rec_str(r, CHILD_GRADE), *cls = rec_str(r,
	    CHILD_CLASS), *id = rec_str(r, CHILD_IDNUM);
	struct buf b = { 0 };

	wr_u32be(&b, rec_ref(r, CHILD_SCHOOL));
	buf_addstr(&b, grade);
	buf_addc(&b, '\0');
	class_key_add(&b, cls);
	ks_add(ks, IX_CLASS, b.s, b.len, true, -1);
	buf_free(&b);
	if (*id != '\0')
		ks_add(ks, IX_IDNUM, id, strlen(id), true, CHILD_IDNUM);
	name_keys(ks, IX_CHILD_NAME, IX_CHILD_PART, rec_str(r, CHILD_NAME),
	    4, 2);
}

/*
 * Phones are found by their first digits and by their last: the digits,
 * and the digits reversed.
 */
static void
contact_keys(const struct rec *r, struct keyset *ks)
{
	char *digits;
	size_t n, i;
	int p;

	name_keys(ks, IX_CONTACT_NAME, 0, rec_str(r, CONTACT_NAME), 1, 0);
	for (p = 0; p < CONTACT_PHONES; p++) {
		digits = phone_digits(rec_str(r, contact_phone_field(p)));
		n = strlen(digits);
		if (n > 0) {
			ks_add(ks, IX_PHONE, digits, n, true, -1);
			for (i = 0; i < n / 2; i++) {
				char c = digits[i];

				digits[i] = digits[n - 1 - i];
				digits[n - 1 - i] = c;
			}
			ks_add(ks, IX_PHONE_REV, digits, n, true, -1);
		}
		free(digits);
	}
	/* Contacts with a number a drill could not reach: to verify. */
	for (p = 0; p < CONTACT_PHONES; p++)
		if (*rec_str(r, contact_failed_field(p)) != '\0') {
			ks_add(ks, IX_TO_VERIFY, "", 0, false, -1);
			break;
		}
}

static void
official_keys(const struct rec *r, struct keyset *ks)
{
	name_keys(ks, IX_OFFICIAL_NAME, 0, rec_str(r, OFFICIAL_NAME), 2, 0);
}

static void
tree_keys(const struct rec *r, struct keyset *ks)
{
	const char *name = rec_str(r, TREE_NAME);

	ks_add(ks, IX_TREE_NAME, name, strlen(name), true, TREE_NAME);
	ks_add_ref(ks, IX_TREE_SCHOOL, rec_ref(r, TREE_SCHOOL));
}

static void
node_keys(const struct rec *r, struct keyset *ks)
{
	ks_add_ref(ks, IX_NODE_TREE, rec_ref(r, NODE_TREE));
}

static void
edit_keys(const struct rec *r, struct keyset *ks)
{
	ks_add_ref(ks, IX_EDIT_TREE, rec_ref(r, EDIT_TREE));
}

static void
drill_keys(const struct rec *r, struct keyset *ks)
{
	ks_add_ref(ks, IX_DRILL_TREE, rec_ref(r, DRILL_TREE));
}

static void
call_keys(const struct rec *r, struct keyset *ks)
{
	ks_add_ref(ks, IX_CALL_DRILL, rec_ref(r, CALL_DRILL));
}

/* The settings are one record, read without an index. */
static void
settings_keys(const struct rec *r, struct keyset *ks)
{
	(void)r;
	(void)ks;
}

static void
incident_keys(const struct rec *r, struct keyset *ks)
{
	ks_add_ref(ks, IX_INCIDENT_SCHOOL, rec_ref(r, INCIDENT_SCHOOL));
}

static void
iaction_keys(const struct rec *r, struct keyset *ks)
{
	ks_add_ref(ks, IX_IACTION_INCIDENT, rec_ref(r, IACTION_INCIDENT));
}

static void
link_keys(const struct rec *r, struct keyset *ks)
{
	ks_add_ref(ks, IX_CHILD_LINK, rec_ref(r, LINK_CHILD));
	ks_add_ref(ks, IX_CONTACT_LINK, rec_ref(r, LINK_CONTACT));
}

static void
pair_keys(const struct rec *r, struct keyset *ks)
{
	ks_add_ref(ks, IX_CHILD_PAIR, rec_ref(r, PAIR_CHILD));
	ks_add_ref(ks, IX_STAFF_PAIR, rec_ref(r, PAIR_STAFF));
}

/* Meetings by school and day, and by day (dates are 10 bytes). */
static void
meeting_keys(const struct rec *r, struct keyset *ks)
{
	const char *date = rec_str(r, MEETING_DATE);
	unsigned char b[14];

	if (strlen(date) != 10)
		return;
	put_u32be(b, rec_ref(r, MEETING_SCHOOL));
	memcpy(b + 4, date, 10);
	ks_add(ks, IX_MEETING_SCHOOL, b, sizeof b, false, -1);
	ks_add(ks, IX_MEETING_DATE, date, 10, false, -1);
}

static void
attend_keys(const struct rec *r, struct keyset *ks)
{
	ks_add_ref(ks, IX_ATTEND_MEETING, rec_ref(r, ATTEND_MEETING));
	ks_add_ref(ks, IX_ATTEND_CHILD, rec_ref(r, ATTEND_CHILD));
}

static void
agreement_keys(const struct rec *r, struct keyset *ks)
{
	ks_add_ref(ks, IX_AGREEMENT_CHILD, rec_ref(r, AGREEMENT_CHILD));
}

static void
aid_keys(const struct rec *r, struct keyset *ks)
{
	ks_add_ref(ks, IX_AID_CHILD, rec_ref(r, AID_CHILD));
}

/* The keys of each record type, from its fields. */
static void (*const keyfns[RT__COUNT])(const struct rec *, struct keyset *) = {
	[RT_SCHOOL] = school_keys,
	[RT_STAFF] = staff_keys,
	[RT_CHILD] = child_keys,
	[RT_CONTACT] = contact_keys,
	[RT_LINK] = link_keys,
	[RT_PAIR] = pair_keys,
	[RT_OFFICIAL] = official_keys,
	[RT_TREE] = tree_keys,
	[RT_NODE] = node_keys,
	[RT_EDIT] = edit_keys,
	[RT_DRILL] = drill_keys,
	[RT_CALL] = call_keys,
	[RT_LOG] = care_keys,
	[RT_SETTINGS] = settings_keys,
	[RT_MEETING] = meeting_keys,
	[RT_ATTEND] = attend_keys,
	[RT_INCIDENT] = incident_keys,
	[RT_IACTION] = iaction_keys,
	[RT_COUNSEL] = counsel_keys,
	[RT_PLAN] = plan_keys,
	[RT_GOAL] = goal_keys,
	[RT_REVIEW] = review_keys,
	[RT_AGREEMENT] = agreement_keys,
	[RT_AID] = aid_keys,
};

const struct index_def index_defs[] = {
	{ IX_SCHOOL_NAME, RT_SCHOOL, "name \\0 id", true, N_("school names") },
	{ IX_STAFF_SCHOOL, RT_STAFF, "school id, id", false,
	    N_("staff by school") },
	{ IX_STAFF_LOGIN, RT_STAFF, "login \\0 id", true,
	    N_("staff login names") },
	{ IX_STAFF_NAME, RT_STAFF, "name search key \\0 id", false,
	    N_("staff name search") },
	{ IX_CLASS, RT_CHILD, "school id, grade \\0 class \\0 id", false,
	    N_("children by class") },
	{ IX_CHILD_NAME, RT_CHILD, "whole-name search key \\0 id", false,
	    N_("child name search") },
	{ IX_CHILD_PART, RT_CHILD, "search key of a later part \\0 id",
	    false, N_("child name search") },
	{ IX_IDNUM, RT_CHILD, "ID number \\0 id", true, N_("ID numbers") },
	{ IX_CONTACT_NAME, RT_CONTACT, "name search key \\0 id", false,
	    N_("contact name search") },
	{ IX_PHONE, RT_CONTACT, "phone digits \\0 id", false,
	    N_("phone search") },
	{ IX_PHONE_REV, RT_CONTACT, "phone digits reversed \\0 id", false,
	    N_("phone search") },
	{ IX_TO_VERIFY, RT_CONTACT, "id (a phone failed in a drill)", false,
	    N_("phones to verify") },
	{ IX_CHILD_LINK, RT_LINK, "child id, id", false, N_("contact cards") },
	{ IX_CONTACT_LINK, RT_LINK, "contact id, id", false,
	    N_("contact cards") },
	{ IX_CHILD_PAIR, RT_PAIR, "child id, id", false, N_("mentoring") },
	{ IX_STAFF_PAIR, RT_PAIR, "staff id, id", false, N_("mentoring") },
	{ IX_OFFICIAL_NAME, RT_OFFICIAL, "name search key \\0 id", false,
	    N_("official name search") },
	{ IX_TREE_NAME, RT_TREE, "name \\0 id", true, N_("call trees") },
	{ IX_TREE_SCHOOL, RT_TREE, "school id, id", false, N_("call trees") },
	{ IX_NODE_TREE, RT_NODE, "tree id, id", false, N_("call tree lines") },
	{ IX_EDIT_TREE, RT_EDIT, "tree id, id", false, N_("call tree lines") },
	{ IX_DRILL_TREE, RT_DRILL, "tree id, id", false, N_("drills") },
	{ IX_CALL_DRILL, RT_CALL, "drill id, id", false, N_("drills") },
	{ IX_LOG_CHILD, RT_LOG, "child id, day, kind, flags, id", false,
	    N_("care log") },
	{ IX_LOG_STAFF, RT_LOG, "staff id, day, id", false, N_("care log") },
	{ IX_MEETING_SCHOOL, RT_MEETING, "school id, date, id", false,
	    N_("meetings") },
	{ IX_MEETING_DATE, RT_MEETING, "date, id", false, N_("meetings") },
	{ IX_ATTEND_MEETING, RT_ATTEND, "meeting id, id", false,
	    N_("meeting attendance") },
	{ IX_ATTEND_CHILD, RT_ATTEND, "child id, id", false,
	    N_("meeting attendance") },
	{ IX_INCIDENT_SCHOOL, RT_INCIDENT, "school id, id", false,
	    N_("incidents") },
	{ IX_IACTION_INCIDENT, RT_IACTION, "incident id, id", false,
	    N_("incident timelines") },
	{ IX_CHILD_COUNSEL, RT_COUNSEL, "child id, id", false,
	    N_("counselling sessions") },
	{ IX_CHILD_PLAN, RT_PLAN, "child id, id", false, N_("case plans") },
	{ IX_PLAN_GOAL, RT_GOAL, "plan id, id", false, N_("case plan goals") },
	{ IX_STAFF_GOAL, RT_GOAL, "staff id, id", false,
	    N_("case plan goals") },
	{ IX_GOAL_REVIEW, RT_REVIEW, "goal id, id", false,
	    N_("case plan reviews") },
	{ IX_AGREEMENT_CHILD, RT_AGREEMENT, "child id, id", false,
	    N_("safety agreements") },
	{ IX_AID_CHILD, RT_AID, "child id, id", false, N_("aid records") },
};
const size_t nindex_defs = nitems(index_defs);

void
index_keys(const struct rec *r, struct keyset *ks)
{
	keyfns[r->sc->type](r, ks);
}

void
rec_keys(const struct rec *r, struct keyset *ks)
{
	ks_init(ks, r->id);
	index_keys(r, ks);
	ks_sort(ks);
}

int
ix_tag_type(uint8_t tag)
{
	size_t i;

	for (i = 0; i < nindex_defs; i++)
		if (index_defs[i].tag == tag)
			return (int)index_defs[i].type;
	return -1;
}
