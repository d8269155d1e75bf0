/*
 * Unit tests of the audit trail against a real LMDB: entries chained as
 * they are appended, an entry removed or altered with raw LMDB access
 * found by the check, a record changed behind the program's back found,
 * old and new values of a change, one entry when a write is run again,
 * and the size of a view entry.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "codec.h"
#include "dbcheck.h"
#include "model.h"
#include "rec.h"
#include "store.h"
#include "testutil.h"
#include "util.h"

static char *dir;
static struct db *db;

static void
setup(void)
{
	db = tu_db_new(&dir);
}

static void
teardown(void)
{
	tu_db_drop(&db, &dir);
}

/* The check's messages, one a line. */
static void
collect(const char *msg, void *arg)
{
	buf_addstr(arg, msg);
	buf_addc(arg, '\n');
}

static char *
check_messages(size_t *n)
{
	struct buf b = { 0 };

	*n = db_check(db, collect, &b, NULL);
	return buf_take(&b);
}

static size_t
entries(void)
{
	struct txn t;
	size_t n;

	ck_assert_int_eq(txn_read(db, &t), 0);
	n = kv_count(&t, DBI_AUDIT);
	txn_end(&t);
	return n;
}

static uint32_t
add_school(const char *name)
{
	struct rec *s = rec_new(RT_SCHOOL);
	char *cause = NULL;
	uint32_t id;

	rec_set(s, SCHOOL_NAME, name);
	ck_assert_msg(rec_save(db, s, &cause) == 0, "school: %s", cause);
	id = s->id;
	rec_free(s);
	return id;
}

static uint32_t
add_child(uint32_t school, const char *name)
{
	struct rec *c = rec_new(RT_CHILD);
	char *cause = NULL;
	uint32_t id;

	ck_assert_int_eq(rec_input(c, CHILD_NAME, name, &cause), 0);
	ck_assert_int_eq(rec_input(c, CHILD_SEX, "男", &cause), 0);
	ck_assert_int_eq(rec_input(c, CHILD_BIRTH, "2015-03-07", &cause), 0);
	rec_set_ref(c, CHILD_SCHOOL, school);
	ck_assert_int_eq(rec_input(c, CHILD_GRADE, "三年级", &cause), 0);
	ck_assert_int_eq(rec_input(c, CHILD_CLASS, "（2）班", &cause), 0);
	ck_assert_msg(rec_save(db, c, &cause) == 0, "child: %s", cause);
	id = c->id;
	rec_free(c);
	return id;
}

static void
set_field(enum rtype type, uint32_t id, int field, const char *value)
{
	struct txn t;
	struct rec *r;
	char *cause = NULL;

	ck_assert_int_eq(txn_read(db, &t), 0);
	ck_assert_int_eq(rec_get(&t, type, id, &r), 0);
	txn_end(&t);
	ck_assert_int_eq(rec_input(r, field, value, &cause), 0);
	ck_assert_msg(rec_save(db, r, &cause) == 0, "save: %s", cause);
	rec_free(r);
}

/* Raw LMDB access, as someone with the files could do. */
static void
raw(enum dbi_id d, uint32_t id, const void *val, size_t n)
{
	unsigned char k[4];
	MDB_val key = { 4, k }, v = { n, (void *)val };
	MDB_txn *t;

	put_u32be(k, id);
	ck_assert_int_eq(mdb_txn_begin(db->env, NULL, 0, &t), 0);
	if (val == NULL)
		ck_assert_int_eq(mdb_del(t, db->dbi[d], &key, NULL), 0);
	else
		ck_assert_int_eq(mdb_put(t, db->dbi[d], &key, &v, 0), 0);
	ck_assert_int_eq(mdb_txn_commit(t), 0);
}

/* A copy of a stored value. */
static unsigned char *
raw_get(enum dbi_id d, uint32_t id, size_t *n)
{
	unsigned char k[4], *copy;
	MDB_val key = { 4, k }, v;
	struct txn t;

	put_u32be(k, id);
	ck_assert_int_eq(txn_read(db, &t), 0);
	ck_assert_int_eq(mdb_get(t.t, db->dbi[d], &key, &v), 0);
	copy = xmalloc(v.mv_size);
	memcpy(copy, v.mv_data, v.mv_size);
	*n = v.mv_size;
	txn_end(&t);
	return copy;
}

START_TEST(chain_append_and_verify)
{
	uint32_t s1, s2;
	size_t n;
	char *msgs, *cause = NULL;

	s1 = add_school("东山小学");
	s2 = add_school("西山小学");
	set_field(RT_SCHOOL, s1, SCHOOL_ADDRESS, "东山村");
	ck_assert_int_eq(audit_note(db, AUDIT_EXPORT, "roster a.csv", &cause),
	    0);
	ck_assert_int_eq(audit_view(db, RT_CHILD, 7, &cause), 0);
	/* begin, two creates, a change, an export, a view */
	ck_assert_uint_eq(entries(), 6);
	msgs = check_messages(&n);
	ck_assert_msg(n == 0, "%s", msgs);
	free(msgs);
	(void)s2;
}
END_TEST

START_TEST(removed_entry_is_found)
{
	size_t n;
	char *msgs;

	add_school("东山小学");
	add_school("西山小学");
	add_school("南山小学");
	raw(DBI_AUDIT, 3, NULL, 0);
	msgs = check_messages(&n);
	ck_assert_msg(strstr(msgs, "audit entry 4 does not follow entry 2: "
	    "an entry was removed or changed outside the program") != NULL,
	    "%s", msgs);
	free(msgs);
}
END_TEST

START_TEST(changed_entry_is_found)
{
	unsigned char *v;
	size_t n, len;
	char *msgs;

	add_school("东山小学");
	add_school("西山小学");
	add_school("南山小学");
	v = raw_get(DBI_AUDIT, 2, &len);
	v[len - 1] ^= 1;	/* a letter of the school's name */
	raw(DBI_AUDIT, 2, v, len);
	free(v);
	msgs = check_messages(&n);
	ck_assert_msg(strstr(msgs, "audit entry 3 does not follow entry 2")
	    != NULL, "%s", msgs);
	ck_assert_uint_eq(n, 1);
	free(msgs);

	/* The first entry itself removed. */
	raw(DBI_AUDIT, 1, NULL, 0);
	msgs = check_messages(&n);
	ck_assert_msg(strstr(msgs, "audit entry 2 does not begin the trail")
	    != NULL, "%s", msgs);
	free(msgs);
}
END_TEST

START_TEST(record_changed_behind_the_back)
{
	uint32_t s, c, c2;
	unsigned char *v;
	size_t n, len;
	char *msgs;

	s = add_school("东山小学");
	c = add_child(s, "王小明");
	c2 = add_child(s, "李小红");
	v = raw_get(DBI_CHILD, c, &len);
	v[2]++;			/* the version: nothing else notices */
	raw(DBI_CHILD, c, v, len);
	free(v);
	raw(DBI_CHILD, c2, NULL, 0);
	v = raw_get(DBI_SCHOOL, s, &len);
	raw(DBI_SCHOOL, 2, v, len);	/* a second school, by hand */
	free(v);
	msgs = check_messages(&n);
	ck_assert_msg(strstr(msgs, "child #1 was changed outside the program")
	    != NULL, "%s", msgs);
	ck_assert_msg(strstr(msgs, "child #2 was deleted outside the program")
	    != NULL, "%s", msgs);
	ck_assert_msg(strstr(msgs, "school #2 has no entry in the audit trail: "
	    "it was added outside the program") != NULL, "%s", msgs);
	free(msgs);
}
END_TEST

struct seen {
	size_t		 n;
	struct buf	 b;
};

static int
history(const struct audit_entry *e, void *arg)
{
	struct seen *s = arg;
	size_t i;

	s->n++;
	buf_addf(&s->b, "%d:", (int)e->op);
	for (i = 0; i < e->nfields; i++)
		buf_addf(&s->b, " %s=%s>%s",
		    schema_of(e->type)->fields[e->fields[i].field].name,
		    e->fields[i].old, e->fields[i].new);
	buf_addc(&s->b, '\n');
	return 0;
}

START_TEST(old_and_new_values)
{
	struct seen s = { 0 };
	struct txn t;
	uint32_t school, c;

	school = add_school("东山小学");
	c = add_child(school, "王小明");
	add_child(school, "李小红");
	set_field(RT_CHILD, c, CHILD_VILLAGE, "板栗村");
	set_field(RT_CHILD, c, CHILD_VILLAGE, "杨家坪");
	ck_assert_int_eq(txn_read(db, &t), 0);
	ck_assert_int_eq(audit_child_history(&t, c, history, &s), 0);
	txn_end(&t);
	ck_assert_uint_eq(s.n, 3);
	ck_assert_msg(strstr(s.b.s, "1: name=>王小明") != NULL, "%s", s.b.s);
	ck_assert_msg(strstr(s.b.s, "2: village=>板栗村\n") != NULL, "%s",
	    s.b.s);
	ck_assert_msg(strstr(s.b.s, "2: village=板栗村>杨家坪\n") != NULL,
	    "%s", s.b.s);
	buf_free(&s.b);
}
END_TEST

/* A callback that stores a new school, as any write does. */
static int
school_fn(struct txn *t, void *arg, char **cause)
{
	struct rec *r = rec_new(RT_SCHOOL);
	int rc;

	rec_set(r, SCHOOL_NAME, arg);
	rc = rec_put(t, r, cause);
	rec_free(r);
	return rc;
}

START_TEST(rerun_writes_one_entry)
{
	struct txn t;
	char *cause = NULL, *msgs;
	size_t n;

	add_school("东山小学");
	ck_assert_uint_eq(entries(), 2);
	/* The callback run, the transaction abandoned, then run again. */
	memset(&t, 0, sizeof t);
	t.db = db;
	t.rw = true;
	ck_assert_int_eq(mdb_txn_begin(db->env, NULL, 0, &t.t), 0);
	ck_assert_int_eq(school_fn(&t, "西山小学", &cause), 0);
	ck_assert_uint_eq(kv_count(&t, DBI_AUDIT), 3);
	mdb_txn_abort(t.t);
	ck_assert_uint_eq(entries(), 2);
	ck_assert_int_eq(db_write(db, school_fn, "西山小学", &cause), 0);
	ck_assert_uint_eq(entries(), 3);
	/* The store's own test mode: every callback run twice. */
	setenv("SHOUHU_TEST_REDO", "1", 1);
	ck_assert_int_eq(db_write(db, school_fn, "南山小学", &cause), 0);
	ck_assert_int_eq(audit_view(db, RT_CHILD, 1, &cause), 0);
	unsetenv("SHOUHU_TEST_REDO");
	ck_assert_uint_eq(entries(), 5);
	msgs = check_messages(&n);
	ck_assert_msg(n == 0, "%s", msgs);
	free(msgs);
}
END_TEST

START_TEST(a_view_is_small)
{
	unsigned char k[4];
	MDB_val key = { 4, k }, v;
	struct txn t;
	char *cause = NULL;
	size_t i;

	for (i = 0; i < 3; i++)
		ck_assert_int_eq(audit_view(db, RT_CHILD, 1234, &cause), 0);
	ck_assert_uint_eq(entries(), 4);
	put_u32be(k, 4);
	ck_assert_int_eq(txn_read(db, &t), 0);
	ck_assert_int_eq(mdb_get(t.t, db->dbi[DBI_AUDIT], &key, &v), 0);
	/* kind, chain, time, login, staff, type, id */
	ck_assert_uint_le(v.mv_size, 1 + 32 + 5 + 1 + strlen(db->user) + 1 +
	    1 + 2);
	txn_end(&t);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("audit");
	TCase *tc = tcase_create("trail");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, chain_append_and_verify);
	tcase_add_test(tc, removed_entry_is_found);
	tcase_add_test(tc, changed_entry_is_found);
	tcase_add_test(tc, record_changed_behind_the_back);
	tcase_add_test(tc, old_and_new_values);
	tcase_add_test(tc, rerun_writes_one_entry);
	tcase_add_test(tc, a_view_is_small);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
