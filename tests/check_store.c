/*
 * Unit tests of the storage core against a real LMDB in a temporary
 * directory: the record codec, versions and conflicts, indexes kept in
 * step (checked with the code behind `shouhu check`), several processes
 * writing at once, kill -9 in the middle of writing, map growth.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "codec.h"
#include "cover.h"
#include "dbcheck.h"
#include "dbfile.h"
#include "index.h"
#include "model.h"
#include "rec.h"
#include "store.h"
#include "testutil.h"
#include "util.h"
#include "view.h"

static char *dir;
static struct db *db;

/* A write transaction by hand, for tests that call model functions. */
static void
begin_write(struct txn *t)
{
	memset(t, 0, sizeof *t);
	t->db = db;
	t->rw = true;
	ck_assert_int_eq(mdb_txn_begin(db->env, NULL, 0, &t->t), 0);
}

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

static size_t
problems(void)
{
	return db_check(db, NULL, NULL, NULL);
}

/* ---- helpers that write ---- */

struct put_arg {
	struct rec	*r;
};

/* On a copy: rec_put() changes its record, and a second run must not. */
static int
put_fn(struct txn *t, void *arg, char **cause)
{
	struct rec *copy = rec_dup(((struct put_arg *)arg)->r);
	int rc = rec_put(t, copy, cause);

	rec_free(copy);
	return rc;
}

static int
put(struct rec *r, char **cause)
{
	return rec_save(db, r, cause);
}

static uint32_t
add_school(const char *name)
{
	struct rec *s = rec_new(RT_SCHOOL);
	char *cause = NULL;
	uint32_t id;

	rec_set(s, SCHOOL_NAME, name);
	ck_assert_msg(put(s, &cause) == 0, "school: %s", cause);
	id = s->id;
	rec_free(s);
	return id;
}

static struct rec *
make_child(uint32_t school, const char *name, const char *birth)
{
	struct rec *c = rec_new(RT_CHILD);
	char *cause = NULL;

	ck_assert_int_eq(rec_input(c, CHILD_NAME, name, &cause), 0);
	ck_assert_int_eq(rec_input(c, CHILD_SEX, "男", &cause), 0);
	ck_assert_int_eq(rec_input(c, CHILD_BIRTH, birth, &cause), 0);
	rec_set_ref(c, CHILD_SCHOOL, school);
	ck_assert_int_eq(rec_input(c, CHILD_GRADE, "三年级", &cause), 0);
	ck_assert_int_eq(rec_input(c, CHILD_CLASS, "（2）班", &cause), 0);
	return c;
}

static uint32_t
add_child(uint32_t school, const char *name)
{
	struct rec *c = make_child(school, name, "2015-03-07");
	char *cause = NULL;
	uint32_t id;

	ck_assert_msg(put(c, &cause) == 0, "child: %s", cause);
	id = c->id;
	rec_free(c);
	return id;
}

static uint32_t
add_contact(const char *name, const char *phone)
{
	struct rec *c = rec_new(RT_CONTACT);
	char *cause = NULL;
	uint32_t id;

	rec_set(c, CONTACT_NAME, name);
	ck_assert_int_eq(rec_input(c, CONTACT_PHONE1, phone, &cause), 0);
	ck_assert_msg(put(c, &cause) == 0, "contact: %s", cause);
	id = c->id;
	rec_free(c);
	return id;
}

struct link_arg {
	uint32_t	 child, contact;
	const char	*relation;
};

static int
link_fn(struct txn *t, void *arg, char **cause)
{
	struct link_arg *a = arg;

	return link_add(t, a->child, a->contact, a->relation, 0, false, NULL,
	    cause);
}

static int
add_link(uint32_t child, uint32_t contact, const char *relation)
{
	struct link_arg a = { child, contact, relation };
	char *cause = NULL;
	int rc = db_write(db, link_fn, &a, &cause);

	free(cause);
	return rc;
}

static struct rec *
get(enum rtype type, uint32_t id)
{
	struct txn t;
	struct rec *r = NULL;

	ck_assert_int_eq(txn_read(db, &t), 0);
	rec_get(&t, type, id, &r);
	txn_end(&t);
	return r;
}

/* ---- the codec ---- */

START_TEST(codec_round_trip)
{
	struct rec *c = make_child(7, "欧阳娜娜", "2016-02-29"), *d;
	struct buf b = { 0 };
	char *cause = NULL;
	int f;

	rec_set(c, CHILD_NOTES, "第一行\n第二行");
	c->version = 3;
	c->created = -5;
	c->updated = 1764400000;
	c->created_by = xstrdup("wang");
	c->updated_by = xstrdup("li");
	rec_encode(c, &b);
	ck_assert_int_eq(rec_decode(RT_CHILD, 9, b.s, b.len, &d, &cause), 0);
	ck_assert_uint_eq(d->id, 9);
	ck_assert_uint_eq(d->version, 3);
	ck_assert(d->created == -5 && d->updated == 1764400000);
	ck_assert_str_eq(d->created_by, "wang");
	ck_assert_str_eq(d->updated_by, "li");
	for (f = 0; f < CHILD__N; f++)
		ck_assert_str_eq(rec_str(d, f), rec_str(c, f));
	rec_free(d);
	/* The wrong type is refused. */
	ck_assert_int_eq(rec_decode(RT_CONTACT, 9, b.s, b.len, &d, &cause),
	    SH_ECORRUPT);
	rec_free(c);
	buf_free(&b);
	free(cause);
}
END_TEST

START_TEST(codec_rejects_truncated_and_corrupted)
{
	struct rec *c = make_child(7, "张三", "2015-03-07"), *d;
	struct buf b = { 0 };
	char *cause = NULL, *copy;
	size_t n, i;
	int bit, ok = 0;

	rec_encode(c, &b);
	/* Every truncation is an error, never a crash. */
	for (n = 0; n < b.len; n++) {
		copy = xmalloc(n + 1);
		memcpy(copy, b.s, n);
		ck_assert_int_eq(rec_decode(RT_CHILD, 1, copy, n, &d, &cause),
		    SH_ECORRUPT);
		ck_assert_ptr_null(d);
		free(copy);
	}
	/* Trailing garbage too. */
	buf_addc(&b, 'x');
	ck_assert_int_eq(rec_decode(RT_CHILD, 1, b.s, b.len, &d, &cause),
	    SH_ECORRUPT);
	b.len--;
	/* Every flipped bit decodes to an error or to some record. */
	for (i = 0; i < b.len; i++)
		for (bit = 0; bit < 8; bit++) {
			copy = xmalloc(b.len);
			memcpy(copy, b.s, b.len);
			copy[i] ^= (char)(1 << bit);
			if (rec_decode(RT_CHILD, 1, copy, b.len, &d,
			    &cause) == 0) {
				ok++;
				rec_free(d);
			}
			free(copy);
		}
	ck_assert_msg(cause != NULL && strstr(cause, "#1") != NULL,
	    "the message names the record: %s", cause);
	rec_free(c);
	buf_free(&b);
	free(cause);
}
END_TEST

START_TEST(reader_is_bounds_checked)
{
	static const unsigned char longvar[] = { 0xff, 0xff, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0xff, 0x01 };
	static const unsigned char bigstr[] = { 0x05, 'a', 'b' };
	struct rd r;
	size_t n;

	rd_init(&r, longvar, sizeof longvar);
	rd_varint(&r);
	ck_assert_int_eq(r.err, 1);
	rd_init(&r, bigstr, sizeof bigstr);
	ck_assert_str_eq(rd_bytes(&r, &n), "");
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(r.err, 1);
	/* Sticky: later reads give zero. */
	ck_assert_uint_eq(rd_u8(&r), 0);
	ck_assert_uint_eq(rd_u32be(&r), 0);
}
END_TEST

/* ---- records ---- */

static int
del_stale_fn(struct txn *t, void *arg, char **cause)
{
	struct rec *r = arg;

	return child_delete(t, r->id, r->version, cause);
}

START_TEST(put_get_update_conflict_delete)
{
	uint32_t school = add_school("柳树乡中心学校"), id;
	struct rec *a, *b, *c;
	char *cause = NULL;

	id = add_child(school, "张三丰");
	a = get(RT_CHILD, id);
	b = get(RT_CHILD, id);
	ck_assert_ptr_nonnull(a);
	ck_assert_uint_eq(a->version, 1);
	ck_assert_str_eq(a->created_by, login_name());
	ck_assert_str_eq(rec_str(a, CHILD_CLASS), "2");
	ck_assert_str_eq(rec_str(a, CHILD_GRADE), "3");
	ck_assert_str_eq(rec_str(a, CHILD_SCHOOLING), "primary");

	/* The first save wins ... */
	rec_set(a, CHILD_VILLAGE, "柳树村");
	ck_assert_int_eq(put(a, &cause), 0);
	ck_assert_uint_eq(a->version, 2);
	/* ... the second, from the same starting version, is refused. */
	rec_set(b, CHILD_VILLAGE, "桃花村");
	ck_assert_int_eq(put(b, &cause), SH_ECONFLICT);
	ck_assert_msg(strstr(cause, login_name()) != NULL &&
	    strstr(cause, "张三丰") != NULL, "names who: %s", cause);
	c = get(RT_CHILD, id);
	ck_assert_str_eq(rec_str(c, CHILD_VILLAGE), "柳树村");
	rec_free(c);
	ck_assert_uint_eq(problems(), 0);

	/* Deleting from a stale copy is refused too. */
	ck_assert_int_eq(db_write(db, del_stale_fn, b, &cause), SH_ECONFLICT);
	ck_assert_int_eq(db_write(db, del_stale_fn, a, &cause), 0);
	ck_assert_ptr_null(get(RT_CHILD, id));
	ck_assert_uint_eq(problems(), 0);
	rec_free(a);
	rec_free(b);
	free(cause);
}
END_TEST

static int
del_child_fn(struct txn *t, void *arg, char **cause)
{
	return child_delete(t, *(uint32_t *)arg, 0, cause);
}

START_TEST(indexes_follow_add_update_delete)
{
	uint32_t school = add_school("柳树乡中心学校"), a, b, p1, p2;
	struct txn t;
	struct idlist first = { 0 }, more = { 0 };
	struct rec *r;
	char *cause = NULL;

	a = add_child(school, "张三");
	b = add_child(school, "李四");
	p1 = add_contact("张建国", "138 1234 5678");
	p2 = add_contact("李秀英", "0731-84567890");
	ck_assert_int_eq(add_link(a, p1, "father"), 0);
	ck_assert_int_eq(add_link(b, p1, "father"), 0);	/* siblings share */
	ck_assert_int_eq(add_link(a, p2, "grandmother"), 0);
	ck_assert_int_eq(add_link(a, p1, "father"), SH_EDUP);
	ck_assert_uint_eq(problems(), 0);

	ck_assert_int_eq(txn_read(db, &t), 0);
	search_children(&t, "zs", &first, &more);
	ck_assert_uint_eq(first.n, 1);
	ck_assert_uint_eq(first.v[0], a);
	first.n = more.n = 0;
	search_children(&t, "5678", &first, &more);
	ck_assert_uint_eq(more.n, 2);	/* the father's phone: both */
	first.n = more.n = 0;
	search_children(&t, "13812", &first, &more);
	ck_assert_uint_eq(more.n, 2);
	first.n = more.n = 0;
	search_children(&t, "李", &first, &more);
	ck_assert_uint_eq(first.n, 1);
	ck_assert_uint_eq(first.v[0], b);
	first.n = more.n = 0;
	search_children(&t, "三", &first, &more);	/* a part of a name */
	ck_assert_uint_eq(first.n, 0);
	ck_assert_uint_eq(more.n, 1);
	ck_assert_uint_eq(more.v[0], a);
	first.n = more.n = 0;
	search_children(&t, "0731", &first, &more);
	ck_assert_uint_eq(more.n, 1);
	ck_assert_uint_eq(more.v[0], a);
	/* Four digits or more anywhere in a number. */
	first.n = more.n = 0;
	search_children(&t, "1234", &first, &more);
	ck_assert_uint_eq(more.n, 2);
	first.n = more.n = 0;
	search_children(&t, "4567", &first, &more);	/* in both numbers */
	ck_assert_uint_eq(more.n, 2);
	first.n = more.n = 0;
	search_children(&t, "6789", &first, &more);	/* 0731-8456789|0 */
	ck_assert_uint_eq(more.n, 1);
	ck_assert_uint_eq(more.v[0], a);
	first.n = more.n = 0;
	search_children(&t, "7890", &first, &more);	/* its ninth digit on */
	ck_assert_uint_eq(more.n, 1);
	ck_assert_uint_eq(more.v[0], a);
	first.n = more.n = 0;
	search_children(&t, "12349", &first, &more);	/* 1234 then 5 */
	ck_assert_uint_eq(more.n, 0);
	first.n = more.n = 0;
	search_children(&t, "56781", &first, &more);	/* past the end */
	ck_assert_uint_eq(more.n, 0);
	txn_end(&t);

	/* Rename: the old name no longer finds the child. */
	r = get(RT_CHILD, a);
	rec_set(r, CHILD_NAME, "王五");
	ck_assert_int_eq(put(r, &cause), 0);
	rec_free(r);
	ck_assert_int_eq(txn_read(db, &t), 0);
	first.n = more.n = 0;
	search_children(&t, "zs", &first, &more);
	ck_assert_uint_eq(first.n, 0);
	first.n = more.n = 0;
	search_children(&t, "wangwu", &first, &more);
	ck_assert_uint_eq(first.n, 1);
	txn_end(&t);
	ck_assert_uint_eq(problems(), 0);

	/* Delete: links go, the shared father stays for the sibling. */
	ck_assert_int_eq(db_write(db, del_child_fn, &a, &cause), 0);
	ck_assert_ptr_null(get(RT_CHILD, a));
	r = get(RT_CONTACT, p1);
	ck_assert_ptr_nonnull(r);
	rec_free(r);
	ck_assert_ptr_null(get(RT_CONTACT, p2));	/* nobody left */
	ck_assert_uint_eq(problems(), 0);
	idl_free(&first);
	idl_free(&more);
	free(cause);
}
END_TEST

START_TEST(check_finds_damage)
{
	uint32_t school = add_school("柳树乡中心学校"), a;
	unsigned char key[5];
	struct txn t;
	struct buf junk = { 0 };
	size_t n;

	a = add_child(school, "张三");
	(void)a;
	ck_assert_uint_eq(problems(), 0);
	/* A stray index key and a record that does not decode. */
	begin_write(&t);
	key[0] = IX_CHILD_NAME;
	put_u32be(key + 1, 77);
	kv_put(&t, DBI_IX, key, 5, "", 0);
	buf_addstr(&junk, "\x01\x02garbage");
	put_u32be(key, 99);
	kv_put(&t, DBI_CHILD, key, 4, junk.s, junk.len);
	ck_assert_int_eq(mdb_txn_commit(t.t), 0);
	n = problems();
	ck_assert_uint_ge(n, 2);
	buf_free(&junk);
}
END_TEST

START_TEST(unique_and_references)
{
	uint32_t school = add_school("柳树乡中心学校");
	struct rec *a = make_child(school, "张三", "2015-03-07");
	struct rec *b = make_child(school, "李四", "2015-03-07");
	struct rec *s = rec_new(RT_SCHOOL), *l;
	char *cause = NULL;

	/* 43052320150307123X: sex digit 3 is male. */
	ck_assert_int_eq(rec_input(a, CHILD_IDNUM, "430523201503071234",
	    &cause), 0);
	ck_assert_int_eq(put(a, &cause), 0);
	ck_assert_int_eq(rec_input(b, CHILD_IDNUM, "430523201503071234",
	    &cause), 0);
	ck_assert_int_eq(put(b, &cause), SH_EDUP);
	ck_assert_ptr_nonnull(strstr(cause, "#1"));
	/* The message names the other child, not only its number. */
	ck_assert_ptr_nonnull(strstr(cause, "张三"));
	rec_set(s, SCHOOL_NAME, "柳树乡中心学校");
	ck_assert_int_eq(put(s, &cause), SH_EDUP);
	l = rec_new(RT_LINK);
	rec_set_ref(l, LINK_CHILD, a->id);
	rec_set_ref(l, LINK_CONTACT, 4242);
	rec_set(l, LINK_RELATION, "father");
	ck_assert_int_eq(put(l, &cause), SH_EREF);
	ck_assert_uint_eq(problems(), 0);
	rec_free(a);
	rec_free(b);
	rec_free(s);
	rec_free(l);
	free(cause);
}
END_TEST

START_TEST(mentors_change_over_time)
{
	uint32_t school = add_school("柳树乡中心学校"), kid, m1, m2;
	struct rec *s = rec_new(RT_STAFF), *p;
	struct txn t;
	char *cause = NULL;

	kid = add_child(school, "张三");
	rec_set(s, STAFF_NAME, "王老师");
	rec_set_ref(s, STAFF_SCHOOL, school);
	ck_assert_int_eq(put(s, &cause), 0);
	m1 = s->id;
	s->id = 0;
	rec_set(s, STAFF_NAME, "李老师");
	ck_assert_int_eq(put(s, &cause), 0);
	m2 = s->id;
	begin_write(&t);
	ck_assert_int_eq(mentor_assign(&t, kid, m1, "2026-09-01", &cause), 0);
	ck_assert_int_eq(mentor_assign(&t, kid, m2, "2026-11-01", &cause), 0);
	ck_assert_int_eq(mdb_txn_commit(t.t), 0);
	ck_assert_int_eq(txn_read(db, &t), 0);
	p = child_mentor_pair(&t, kid, "2026-10-15");
	ck_assert_uint_eq(rec_ref(p, PAIR_STAFF), m1);
	ck_assert_str_eq(rec_str(p, PAIR_UNTIL), "2026-10-31");
	rec_free(p);
	p = child_mentor_pair(&t, kid, "2026-11-29");
	ck_assert_uint_eq(rec_ref(p, PAIR_STAFF), m2);
	rec_free(p);
	ck_assert_uint_eq(staff_caseload(&t, m1, "2026-11-29"), 0);
	ck_assert_uint_eq(staff_caseload(&t, m2, "2026-11-29"), 1);
	txn_end(&t);
	/* No mentor from the first of December: the last day is the 30th. */
	begin_write(&t);
	ck_assert_int_eq(mentor_end(&t, kid, "2026-12-01", &cause), 0);
	ck_assert_int_eq(mdb_txn_commit(t.t), 0);
	ck_assert_int_eq(txn_read(db, &t), 0);
	ck_assert_ptr_null(child_mentor_pair(&t, kid, "2026-12-01"));
	p = child_mentor_pair(&t, kid, "2026-11-30");
	ck_assert_uint_eq(rec_ref(p, PAIR_STAFF), m2);
	ck_assert_str_eq(rec_str(p, PAIR_UNTIL), "2026-11-30");
	rec_free(p);
	txn_end(&t);
	/* A pair ended on the day it began leaves nothing behind. */
	begin_write(&t);
	ck_assert_int_eq(mentor_assign(&t, kid, m1, "2026-12-05", &cause), 0);
	ck_assert_int_eq(mentor_end(&t, kid, "2026-12-05", &cause), 0);
	ck_assert_int_eq(mdb_txn_commit(t.t), 0);
	ck_assert_int_eq(txn_read(db, &t), 0);
	ck_assert_ptr_null(child_mentor_pair(&t, kid, "2026-12-05"));
	ck_assert_uint_eq(staff_caseload(&t, m1, "2026-12-05"), 0);
	txn_end(&t);
	ck_assert_uint_eq(problems(), 0);
	rec_free(s);
	free(cause);
}
END_TEST

START_TEST(a_new_number_loses_the_old_marks)
{
	struct rec *c = rec_new(RT_CONTACT);
	char *cause = NULL;

	rec_set(c, CONTACT_NAME, "李秀英");
	rec_set(c, CONTACT_PHONE1, "13812345678");
	rec_set(c, CONTACT_VERIFIED1, "2026-09-01");
	rec_set(c, CONTACT_FAILED1, "2026-11-01");
	ck_assert_int_eq(put(c, &cause), 0);
	/* The roster's way: a new number first, the old one moved down. */
	rec_set(c, CONTACT_PHONE2, "13812345678");
	rec_set(c, CONTACT_VERIFIED2, "2026-09-01");
	rec_set(c, CONTACT_FAILED2, "2026-11-01");
	rec_set(c, CONTACT_PHONE1, "13900001111");
	ck_assert_int_eq(put(c, &cause), 0);
	ck_assert_str_eq(rec_str(c, CONTACT_VERIFIED1), "");
	ck_assert_str_eq(rec_str(c, CONTACT_FAILED1), "");
	ck_assert_str_eq(rec_str(c, CONTACT_VERIFIED2), "2026-09-01");
	ck_assert_str_eq(rec_str(c, CONTACT_FAILED2), "2026-11-01");
	/* A form's way: the number typed over, the marks left as they were. */
	rec_set(c, CONTACT_PHONE2, "13700002222");
	ck_assert_int_eq(put(c, &cause), 0);
	ck_assert_str_eq(rec_str(c, CONTACT_VERIFIED2), "");
	ck_assert_str_eq(rec_str(c, CONTACT_FAILED2), "");
	ck_assert_uint_eq(problems(), 0);
	rec_free(c);
	free(cause);
}
END_TEST

/* ---- several processes ---- */

/* Adds 1 to the count in a school's township field, retrying conflicts. */
static int
bump(struct db *d, uint32_t id)
{
	struct rec *r;
	struct txn t;
	char *cause = NULL, num[16];
	struct put_arg a;
	int rc;

	for (;;) {
		if (txn_read(d, &t) != 0)
			return -1;
		rc = rec_get(&t, RT_SCHOOL, id, &r);
		txn_end(&t);
		if (rc != 0)
			return -1;
		snprintf(num, sizeof num, "%d",
		    atoi(rec_str(r, SCHOOL_TOWNSHIP)) + 1);
		rec_set(r, SCHOOL_TOWNSHIP, num);
		a.r = r;
		rc = db_write(d, put_fn, &a, &cause);
		free(cause);
		cause = NULL;
		rec_free(r);
		if (rc == 0)
			return 0;
		if (rc != SH_ECONFLICT)
			return -1;
	}
}

START_TEST(processes_lose_no_update)
{
	uint32_t id = add_school("柳树乡中心学校");
	struct rec *r;
	pid_t pids[3];
	int i, j, status;

	for (i = 0; i < 3; i++) {
		if ((pids[i] = fork()) == 0) {
			struct db *d;
			char *cause = NULL;

			/* A child process opens its own environment. */
			if (db_open(dir, NULL, &d, &cause) != 0)
				_exit(2);
			for (j = 0; j < 100; j++)
				if (bump(d, id) != 0)
					_exit(3);
			db_close(d);
			_exit(0);
		}
	}
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(waitpid(pids[i], &status, 0), pids[i]);
		ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	r = get(RT_SCHOOL, id);
	ck_assert_str_eq(rec_str(r, SCHOOL_TOWNSHIP), "300");
	ck_assert_uint_eq(r->version, 301);
	rec_free(r);
}
END_TEST

/* The crash loop: each write adds record n with content derived from n. */
static int
crash_write(struct txn *t, void *arg, char **cause)
{
	uint32_t n = meta_u32(t, "test.counter");
	struct rec *s = rec_new(RT_SCHOOL);
	char name[32], town[32];
	int rc;

	snprintf(name, sizeof name, "学校%u", n);
	snprintf(town, sizeof town, "%08x", n * 2654435761u);
	rec_set(s, SCHOOL_NAME, name);
	rec_set(s, SCHOOL_TOWNSHIP, town);
	rc = rec_put(t, s, cause);
	rec_free(s);
	meta_set_u32(t, "test.counter", n + 1);
	return rc;
}

static void
crash_writer(void)
{
	struct db *d;
	char *cause = NULL;

	if (db_open(dir, NULL, &d, &cause) != 0)
		_exit(2);
	for (;;)
		if (db_write(d, crash_write, NULL, &cause) != 0)
			_exit(3);
}

START_TEST(kill_9_loses_nothing_committed)
{
	struct txn t;
	struct rec_iter it;
	struct rec *r;
	uint32_t counter, seen;
	char name[32], town[32];
	pid_t a, b;
	int round, status;
	unsigned seed = getenv("SHOUHU_TEST_SEED") != NULL ?
	    (unsigned)strtoul(getenv("SHOUHU_TEST_SEED"), NULL, 10) : 20261204;

	srand(seed);
	for (round = 0; round < 20; round++) {
		if ((a = fork()) == 0)
			crash_writer();
		if ((b = fork()) == 0)
			crash_writer();
		usleep(10000 + (rand() % 290) * 1000);
		kill(a, SIGKILL);
		kill(b, SIGKILL);
		waitpid(a, &status, 0);
		ck_assert_msg(WIFSIGNALED(status), "round %d: a writer "
		    "stopped by itself (exit %d: 2 open, 3 write)", round,
		    WEXITSTATUS(status));
		waitpid(b, &status, 0);
		ck_assert_msg(WIFSIGNALED(status), "round %d: a writer "
		    "stopped by itself (exit %d: 2 open, 3 write)", round,
		    WEXITSTATUS(status));

		/* Invariants: the counter equals the records, no gaps. */
		ck_assert_int_eq(txn_read(db, &t), 0);
		counter = meta_u32(&t, "test.counter");
		seen = 0;
		rec_iter_start(&t, RT_SCHOOL, &it);
		while ((r = rec_iter_next(&it)) != NULL) {
			snprintf(name, sizeof name, "学校%u", seen);
			snprintf(town, sizeof town, "%08x",
			    seen * 2654435761u);
			ck_assert_msg(r->id == seen + 1 &&
			    strcmp(rec_str(r, SCHOOL_NAME), name) == 0 &&
			    strcmp(rec_str(r, SCHOOL_TOWNSHIP), town) == 0,
			    "round %d, seed %u (set SHOUHU_TEST_SEED to "
			    "repeat): record %u is wrong", round, seed, r->id);
			seen++;
			rec_free(r);
		}
		ck_assert_msg(it.err == 0, "round %d, seed %u", round, seed);
		rec_iter_end(&it);
		txn_end(&t);
		ck_assert_msg(counter == seen, "round %d, seed %u (set "
		    "SHOUHU_TEST_SEED to repeat): counter %u, records %u",
		    round, seed, counter, seen);
	}
	ck_assert_uint_gt(seen, 0);
	ck_assert_uint_eq(problems(), 0);
}
END_TEST

START_TEST(map_grows_from_tiny)
{
	struct db_opts o = { .create = true, .initial_mapsize = 64 * 1024 };
	struct db *small, *other;
	char *cause = NULL, *d2 = tu_tmpdir(), name[32];
	struct rec *s;
	struct txn t;
	int i;

	ck_assert_int_eq(db_open(d2, &o, &small, &cause), 0);
	ck_assert_uint_le(db_mapsize(small), 64 * 1024);
	/* Another process-like handle opened before the growth. */
	ck_assert_int_eq(db_open(d2, NULL, &other, &cause), 0);
	for (i = 0; i < 3000; i++) {
		s = rec_new(RT_SCHOOL);
		snprintf(name, sizeof name, "第%d学校", i);
		rec_set(s, SCHOOL_NAME, name);
		rec_set(s, SCHOOL_ADDRESS, "湖南省邵阳县柳树乡柳树村3组一个很长的地址");
		ck_assert_msg(rec_save(small, s, &cause) == 0, "%s", cause);
		rec_free(s);
	}
	ck_assert_uint_gt(small->grows, 0);
	ck_assert_uint_gt(db_mapsize(small), 64 * 1024);
	ck_assert_uint_eq(db_check(small, NULL, NULL, NULL), 0);
	/* The other handle follows the new size. */
	ck_assert_int_eq(txn_read(other, &t), 0);
	ck_assert_uint_eq(kv_count(&t, DBI_SCHOOL), 3000);
	txn_end(&t);
	db_close(other);
	db_close(small);
	tu_rmrf(d2);
	free(d2);
}
END_TEST

START_TEST(files_are_private_and_versioned)
{
	struct stat st;
	char *p = xasprintf("%s/data.mdb", dir), *cause = NULL, *d2;
	struct db *d;
	struct txn t;

	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_int_eq(st.st_mode & 077, 0);
	free(p);
	d2 = xasprintf("%s/new/sub", dir);
	ck_assert_int_eq(db_open(d2, &(struct db_opts){ .create = true }, &d,
	    &cause), 0);
	ck_assert_uint_eq(db_schema_version(d), SCHEMA_VERSION);
	db_close(d);
	ck_assert_int_eq(stat(d2, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0700);
	/* Missing and not created: a clear message. */
	ck_assert_int_eq(db_open("/nonexistent/x", NULL, &d, &cause),
	    SH_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(cause, "shouhu init"));
	/* A newer schema is refused. */
	begin_write(&t);
	meta_set_u32(&t, "schema_version", SCHEMA_VERSION + 1);
	ck_assert_int_eq(mdb_txn_commit(t.t), 0);
	ck_assert_int_eq(db_open(dir, NULL, &d, &cause), SH_EPERM);
	ck_assert_ptr_nonnull(strstr(cause, "newer"));
	free(d2);
	free(cause);
}
END_TEST

START_TEST(readonly_refuses_writes)
{
	struct db *ro;
	char *cause = NULL;
	struct rec *s = rec_new(RT_SCHOOL);
	struct put_arg a = { s };

	ck_assert_int_eq(db_open(dir, &(struct db_opts){ .readonly = true },
	    &ro, &cause), 0);
	rec_set(s, SCHOOL_NAME, "x");
	ck_assert_int_eq(db_write(ro, put_fn, &a, &cause), SH_EPERM);
	ck_assert_ptr_nonnull(cause);
	db_close(ro);
	rec_free(s);
	free(cause);
}
END_TEST

/* Index damage of both kinds, repaired in one go, with what changed. */
START_TEST(repair_rebuilds_the_index)
{
	uint32_t school = add_school("柳树乡中心学校"), a;
	struct repair_stats rs;
	struct keyset ks;
	struct rec *r;
	unsigned char key[5];
	struct txn t;
	char *cause = NULL;
	size_t i, dropped = 0;

	a = add_child(school, "张三");
	add_child(school, "李四");
	ck_assert_int_eq(db_repair(db, &rs, &cause), 0);
	ck_assert_uint_eq(rs.total_added + rs.total_removed, 0);
	/* Drop every key of one child and add two that nothing calls for. */
	begin_write(&t);
	ck_assert_int_eq(rec_get(&t, RT_CHILD, a, &r), 0);
	rec_keys(r, &ks);
	for (i = 0; i < ks.n; i++, dropped++)
		kv_del(&t, DBI_IX, ks.keys[i].k, ks.keys[i].n);
	ks_free(&ks);
	rec_free(r);
	key[0] = IX_CHILD_NAME;
	put_u32be(key + 1, 77);
	kv_put(&t, DBI_IX, key, 5, "", 0);
	key[0] = IX_CLASS;
	kv_put(&t, DBI_IX, key, 5, "", 0);
	ck_assert_int_eq(t.err, 0);
	ck_assert_int_eq(mdb_txn_commit(t.t), 0);
	ck_assert_uint_gt(dropped, 0);
	ck_assert_uint_gt(problems(), 0);

	ck_assert_msg(db_repair(db, &rs, &cause) == 0, "repair: %s", cause);
	ck_assert_uint_eq(rs.total_added, dropped);
	ck_assert_uint_eq(rs.total_removed, 2);
	ck_assert_uint_eq(rs.removed[IX_CHILD_NAME], 1);
	ck_assert_uint_eq(rs.removed[IX_CLASS], 1);
	ck_assert_uint_ge(rs.added[IX_CLASS], 1);
	ck_assert_uint_eq(problems(), 0);
	/* A second repair finds nothing to do. */
	ck_assert_int_eq(db_repair(db, &rs, &cause), 0);
	ck_assert_uint_eq(rs.total_added + rs.total_removed, 0);
}
END_TEST

/* Each storage failure is said for what it is, with LMDB's own words. */
START_TEST(errors_say_what_happened)
{
	static const struct {
		int	 mdb, sh;
		const char *words;
	} cases[] = {
		{ ENOSPC, SH_EDISKFULL, "disk is full" },
		{ MDB_TXN_FULL, SH_ETOOBIG, "too large for one transaction" },
		{ MDB_READERS_FULL, SH_EBUSY, "256 processes" },
		{ MDB_BAD_TXN, SH_EBUG, "program error" },
		{ MDB_CORRUPTED, SH_ECORRUPT, "damaged" },
	};
	struct txn t;
	char *m;
	size_t i;

	for (i = 0; i < nitems(cases); i++) {
		memset(&t, 0, sizeof t);
		t.db = db;
		t.err = cases[i].sh;
		t.mdb_err = cases[i].mdb;
		m = txn_strerror(&t);
		ck_assert_msg(strstr(m, cases[i].words) != NULL, "%s", m);
		ck_assert_msg(strstr(m, mdb_strerror(cases[i].mdb)) != NULL ||
		    cases[i].sh == SH_EBUSY, "no raw message: %s", m);
		ck_assert_msg(strstr(m, "damaged") == NULL ||
		    cases[i].sh == SH_ECORRUPT, "%s", m);
		free(m);
	}
}
END_TEST

/* A count that cannot be made fails the transaction, never says 0. */
START_TEST(failed_count_is_an_error)
{
	struct txn t;

	add_school("柳树乡中心学校");
	ck_assert_int_eq(txn_read(db, &t), 0);
	ck_assert_uint_eq(kv_count(&t, DBI_SCHOOL), 1);
	db->dbi[DBI_DRILL] = 999;	/* a handle LMDB never gave */
	(void)kv_count(&t, DBI_DRILL);
	ck_assert_int_ne(t.err, 0);
	txn_end(&t);
}
END_TEST

static int runs;

static int
count_runs(struct txn *t, void *arg, char **cause)
{
	runs++;
	meta_set_u32(t, "test.runs", (uint32_t)runs);
	return t->err;
}

/* The test mode that proves every writer safe to run again. */
START_TEST(redo_mode_runs_twice)
{
	struct txn t;
	char *cause = NULL;

	runs = 0;
	setenv("SHOUHU_TEST_REDO", "1", 1);
	ck_assert_int_eq(db_write(db, count_runs, NULL, &cause), 0);
	unsetenv("SHOUHU_TEST_REDO");
	ck_assert_int_eq(runs, 2);
	ck_assert_int_eq(txn_read(db, &t), 0);
	ck_assert_uint_eq(meta_u32(&t, "test.runs"), 2);
	txn_end(&t);
	runs = 0;
	ck_assert_int_eq(db_write(db, count_runs, NULL, &cause), 0);
	ck_assert_int_eq(runs, 1);
}
END_TEST

/* Another process holds the write lock: a writer gives up, naming it. */
START_TEST(write_lock_times_out)
{
	int fds[2];
	char *cause = NULL, c, want[64];
	pid_t pid;
	int status;

	ck_assert_int_eq(pipe(fds), 0);
	if ((pid = fork()) == 0) {
		struct db *d;
		struct dblock *l;

		close(fds[0]);
		if (db_open(dir, NULL, &d, NULL) != 0 ||
		    (l = dblock_open(dir, 0600, NULL)) == NULL ||
		    dblock_take(l, 1, NULL, NULL, NULL) != 0)
			_exit(2);
		(void)!write(fds[1], "x", 1);
		pause();
		_exit(0);
	}
	close(fds[1]);
	ck_assert_int_eq(read(fds[0], &c, 1), 1);
	db_set_wait(db, 1, NULL, NULL);
	runs = 0;
	ck_assert_int_eq(db_write(db, count_runs, NULL, &cause), SH_ELOCKED);
	ck_assert_int_eq(runs, 0);
	snprintf(want, sizeof want, "process %ld", (long)pid);
	ck_assert_msg(strstr(cause, want) != NULL, "%s", cause);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	close(fds[0]);
	free(cause);
	cause = NULL;
	/* The kernel drops the lock of a dead holder. */
	ck_assert_int_eq(db_write(db, count_runs, NULL, &cause), 0);
}
END_TEST

/* An empty data file is a damaged database, never a new one. */
START_TEST(empty_file_is_damaged)
{
	char *d2 = tu_tmpdir(), *p = xasprintf("%s/data.mdb", d2);
	struct db *d;
	char *cause = NULL;
	FILE *f = fopen(p, "w");

	ck_assert_ptr_nonnull(f);
	fclose(f);
	ck_assert_int_eq(db_open(d2, &(struct db_opts){ .create = true }, &d,
	    &cause), SH_ECORRUPT);
	ck_assert_msg(strstr(cause, "restore a backup") != NULL, "%s", cause);
	free(cause);
	tu_rmrf(d2);
	free(d2);
	free(p);
}
END_TEST

/*
 * Each kind of record is added in several tables; two kinds claiming one
 * index tag would mix their keys without a word from the compiler.
 */
START_TEST(tables_agree)
{
	size_t i, j;
	int t;

	for (i = 0; i < nindex_defs; i++)
		for (j = i + 1; j < nindex_defs; j++)
			ck_assert_msg(index_defs[i].tag != index_defs[j].tag,
			    "index tag '%c' is claimed twice", index_defs[i].tag);
	/* `check --repair` names each index it rebuilt in words. */
	for (i = 0; i < nindex_defs; i++)
		ck_assert_msg(index_defs[i].label != NULL &&
		    strcmp(ix_tag_label(index_defs[i].tag), index_defs[i].label)
		    == 0, "index tag '%c' has no words for people",
		    index_defs[i].tag);
	for (t = 0; t < RT__COUNT; t++) {
		ck_assert_msg(schemas[t] != NULL, "record type %d has no schema", t);
		ck_assert_int_eq(schemas[t]->type, t);
		for (i = 0; i < (size_t)t; i++)
			ck_assert_msg(strcmp(schemas[i]->name, schemas[t]->name) != 0,
			    "two record types are named %s", schemas[t]->name);
	}
}
END_TEST

/* ---- the list rows the name keys carry (cover.h) ---- */

/* "name|contact|relation|phone" from the row of child id's whole name. */
static char *
kept_row(uint32_t id)
{
	struct cover_row cr;
	struct keyset ks;
	struct txn t;
	struct rec *r;
	MDB_val v;
	char *s = NULL;
	size_t i;

	ck_assert_int_eq(txn_read(db, &t), 0);
	ck_assert_int_eq(rec_get(&t, RT_CHILD, id, &r), 0);
	rec_keys(r, &ks);
	for (i = 0; i < ks.n && s == NULL; i++) {
		if (!ks.keys[i].cover || ks.keys[i].k[0] != IX_CHILD_NAME)
			continue;
		ck_assert_int_eq(kv_get(&t, DBI_IX, ks.keys[i].k,
		    ks.keys[i].n, &v), 0);
		ck_assert_uint_gt(v.mv_size, 0);
		ck_assert_int_eq(cover_read(v.mv_data, v.mv_size,
		    cover_fields(), &cr), 0);
		ck_assert_str_eq(cr.v[CHILD_CLASS], rec_str(r, CHILD_CLASS));
		s = xasprintf("%s|%s|%s|%s", cr.v[CHILD_NAME], cr.contact,
		    cr.relation, cr.phone);
	}
	ks_free(&ks);
	rec_free(r);
	txn_end(&t);
	ck_assert_ptr_nonnull(s);
	return s;
}

#define ck_row(id, want) do {						\
	char *got_ = kept_row(id);					\
	ck_assert_str_eq(got_, want);					\
	free(got_);							\
} while (0)

struct del_arg {
	enum rtype	 type;
	uint32_t	 id;
};

static int
del_fn(struct txn *t, void *arg, char **cause)
{
	struct del_arg *a = arg;

	return rec_del(t, a->type, a->id, 0, cause);
}

static uint32_t
link_of(uint32_t child, uint32_t contact)
{
	struct txn t;
	uint32_t id;

	ck_assert_int_eq(txn_read(db, &t), 0);
	id = link_between(&t, child, contact);
	txn_end(&t);
	ck_assert_uint_ne(id, 0);
	return id;
}

START_TEST(list_rows_follow_changes)
{
	uint32_t school = add_school("柳树乡中心学校"), a, b, mum, gran, lk;
	struct del_arg del;
	struct repair_stats rs;
	struct txn t;
	struct keyset ks;
	struct rec *r;
	struct buf other = { 0 };
	MDB_val v;
	char *cause = NULL;
	size_t i;

	a = add_child(school, "张三丰");
	b = add_child(school, "张小明");
	ck_row(a, "张三丰|||");
	mum = add_contact("王芳", "13800000001");
	gran = add_contact("李桂英", "13800000002");
	ck_assert_int_eq(add_link(a, mum, "mother"), 0);
	ck_assert_int_eq(add_link(a, gran, "grandmother"), 0);
	ck_assert_int_eq(add_link(b, mum, "mother"), 0);
	ck_row(a, "张三丰|王芳|mother|13800000001");
	ck_row(b, "张小明|王芳|mother|13800000001");

	/* A contact's new name and phone reach every child on the card. */
	r = get(RT_CONTACT, mum);
	rec_set(r, CONTACT_NAME, "王芳芳");
	ck_assert_int_eq(rec_input(r, CONTACT_PHONE1, "13900000009", &cause),
	    0);
	ck_assert_msg(put(r, &cause) == 0, "%s", cause);
	rec_free(r);
	ck_row(a, "张三丰|王芳芳|mother|13900000009");
	ck_row(b, "张小明|王芳芳|mother|13900000009");

	/* The call order decides who comes first. */
	lk = link_of(a, mum);
	r = get(RT_LINK, lk);
	ck_assert_int_eq(rec_input(r, LINK_PRIORITY, "5", &cause), 0);
	ck_assert_msg(put(r, &cause) == 0, "%s", cause);
	rec_free(r);
	ck_row(a, "张三丰|李桂英|grandmother|13800000002");
	del.type = RT_LINK;
	del.id = link_of(a, gran);
	ck_assert_msg(db_write(db, del_fn, &del, &cause) == 0, "%s", cause);
	ck_row(a, "张三丰|王芳芳|mother|13900000009");

	/* A new name makes new keys, each with the row. */
	r = get(RT_CHILD, a);
	ck_assert_int_eq(rec_input(r, CHILD_NAME, "张三", &cause), 0);
	ck_assert_int_eq(rec_input(r, CHILD_CLASS, "（5）班", &cause), 0);
	ck_assert_msg(put(r, &cause) == 0, "%s", cause);
	rec_free(r);
	ck_row(a, "张三|王芳芳|mother|13900000009");
	ck_assert_uint_eq(problems(), 0);

	/* A row that is not the records' is found, and repaired. */
	ck_assert_int_eq(txn_read(db, &t), 0);
	ck_assert_int_eq(rec_get(&t, RT_CHILD, b, &r), 0);
	cover_make(&t, r, &other);
	rec_free(r);
	txn_end(&t);
	begin_write(&t);
	ck_assert_int_eq(rec_get(&t, RT_CHILD, a, &r), 0);
	rec_keys(r, &ks);
	for (i = 0; i < ks.n; i++)
		if (ks.keys[i].cover)
			kv_put(&t, DBI_IX, ks.keys[i].k, ks.keys[i].n,
			    other.s, other.len);
	ks_free(&ks);
	rec_free(r);
	ck_assert_int_eq(mdb_txn_commit(t.t), 0);
	buf_free(&other);
	ck_assert_uint_gt(problems(), 0);
	ck_assert_int_eq(db_repair(db, &rs, &cause), 0);
	ck_assert_uint_eq(problems(), 0);
	ck_row(a, "张三|王芳芳|mother|13900000009");

	/* An empty value is no row: the list reads the records. */
	begin_write(&t);
	ck_assert_int_eq(rec_get(&t, RT_CHILD, b, &r), 0);
	rec_keys(r, &ks);
	for (i = 0; i < ks.n; i++)
		if (ks.keys[i].cover)
			kv_put(&t, DBI_IX, ks.keys[i].k, ks.keys[i].n, "", 0);
	ks_free(&ks);
	rec_free(r);
	ck_assert_int_eq(mdb_txn_commit(t.t), 0);
	ck_assert_uint_eq(problems(), 0);
	ck_assert_int_eq(txn_read(db, &t), 0);
	ck_assert_int_eq(rec_get(&t, RT_CHILD, b, &r), 0);
	rec_keys(r, &ks);
	for (i = 0; i < ks.n; i++)
		if (ks.keys[i].cover) {
			ck_assert_int_eq(kv_get(&t, DBI_IX, ks.keys[i].k,
			    ks.keys[i].n, &v), 0);
			ck_assert_uint_eq(v.mv_size, 0);
		}
	ks_free(&ks);
	rec_free(r);
	txn_end(&t);
	/* The next change to the child writes its row again. */
	r = get(RT_CHILD, b);
	ck_assert_int_eq(rec_input(r, CHILD_VILLAGE, "柳树村", &cause), 0);
	ck_assert_msg(put(r, &cause) == 0, "%s", cause);
	rec_free(r);
	ck_row(b, "张小明|王芳芳|mother|13900000009");
	ck_assert_uint_eq(problems(), 0);
	/* A deleted child takes its keys and rows with it. */
	ck_assert_msg(db_write(db, del_child_fn, &b, &cause) == 0, "%s",
	    cause);
	ck_assert_uint_eq(problems(), 0);
}
END_TEST

/* A row an older program kept, with other fields, is read as none. */
START_TEST(older_rows_are_not_read)
{
	uint32_t school = add_school("柳树乡中心学校"), a;
	struct cover_row cr;
	struct txn t;
	struct rec *r;
	struct buf row = { 0 }, old = { 0 };
	struct check_stats st;
	struct repair_stats rs;
	struct keyset ks;
	struct rd rd;
	char *cause = NULL;
	size_t i, kept;

	a = add_child(school, "张三丰");
	ck_assert_int_eq(txn_read(db, &t), 0);
	ck_assert_int_eq(rec_get(&t, RT_CHILD, a, &r), 0);
	cover_make(&t, r, &row);
	rec_free(r);
	txn_end(&t);
	ck_assert(cover_current(row.s, row.len));
	ck_assert_int_eq(cover_read(row.s, row.len, cover_fields(), &cr), 0);
	ck_assert_str_eq(cr.v[CHILD_NAME], "张三丰");
	/* The same row keeping one field less than a list reads now. */
	rd_init(&rd, row.s, row.len);
	rd_u8(&rd);
	rd_varint(&rd);
	wr_u8(&old, row.s[0]);
	wr_varint(&old, cover_fields() & ~COVER_BIT(CHILD_SEX));
	buf_add(&old, rd.p, (size_t)(rd.end - rd.p));
	ck_assert(!cover_current(old.s, old.len));
	ck_assert_int_eq(cover_read(old.s, old.len, cover_fields(), &cr),
	    SH_ENOTFOUND);
	/* Kept under the child's keys: `check` counts it, not a problem. */
	begin_write(&t);
	ck_assert_int_eq(rec_get(&t, RT_CHILD, a, &r), 0);
	rec_keys(r, &ks);
	for (i = 0, kept = 0; i < ks.n; i++)
		if (ks.keys[i].cover) {
			kv_put(&t, DBI_IX, ks.keys[i].k, ks.keys[i].n, old.s,
			    old.len);
			kept++;
		}
	ks_free(&ks);
	rec_free(r);
	ck_assert_int_eq(mdb_txn_commit(t.t), 0);
	ck_assert_uint_gt(kept, 0);
	ck_assert_uint_eq(db_check(db, NULL, NULL, &st), 0);
	ck_assert_uint_eq(st.older_rows, kept);
	ck_assert_int_eq(db_repair(db, &rs, &cause), 0);
	ck_assert_uint_eq(db_check(db, NULL, NULL, &st), 0);
	ck_assert_uint_eq(st.older_rows, 0);
	/* Cut short, or not text: damaged. */
	ck_assert_int_eq(cover_read(row.s, row.len - 1, cover_fields(), &cr),
	    SH_ECORRUPT);
	row.s[row.len - 3] = (char)0xff;
	ck_assert_int_eq(cover_read(row.s, row.len, cover_fields(), &cr),
	    SH_ECORRUPT);
	buf_free(&row);
	buf_free(&old);
}
END_TEST

/* A search's view of children over the rows it came across. */
static void
rows_ctx(struct vctx *x, struct txn *t, struct covers *rows)
{
	vctx_init(x, "2026-09-01");
	vctx_begin(x, t);
	x->covers = rows;
	x->fields = view_fields(view_of(RT_CHILD), 0);
}

/* Child id's row in a list, as the search lays it out. */
static const struct vrow *
row_of(struct vctx *x, struct txn *t, uint32_t id)
{
	const struct vrow *row;

	ck_assert_int_eq(view_row_at(view_of(RT_CHILD), x, t, id,
	    view_needs(view_of(RT_CHILD), VF_TEXT, 0, false), &row), 0);
	return row;
}

/*
 * A row is measured as it is checked: each value's length and width in
 * display columns come with it.  One whose table disagrees with its text
 * is damaged; one holding a control character is not shown as it is
 * kept: the list reads the child's records, and the row says so.
 */
START_TEST(rows_are_measured_and_checked)
{
	uint32_t school = add_school("柳树乡中心学校"), a, b, mum, dad;
	struct idlist first = { 0 }, more = { 0 };
	struct covers rows = { 0 };
	const struct vrow *row;
	struct cover_row cr;
	struct vctx x;
	struct txn t;
	struct rec *r;
	struct keyset ks;
	struct buf good = { 0 }, bad = { 0 };
	char *cause = NULL;
	size_t i, at;

	a = add_child(school, "张三丰");
	mum = add_contact("王芳", "13800000001");
	ck_assert_int_eq(add_link(a, mum, "mother"), 0);
	r = get(RT_CHILD, a);
	ck_assert_int_eq(rec_input(r, CHILD_VILLAGE, "柳树村 3组", &cause), 0);
	ck_assert_msg(put(r, &cause) == 0, "%s", cause);
	rec_free(r);

	ck_assert_int_eq(txn_read(db, &t), 0);
	ck_assert_int_eq(rec_get(&t, RT_CHILD, a, &r), 0);
	cover_make(&t, r, &good);
	/* The same child with ESC and BEL in the village. */
	rec_set(r, CHILD_VILLAGE, "柳\x1b]52;c;aGk=\a树村");
	cover_make(&t, r, &bad);
	rec_free(r);
	txn_end(&t);
	ck_assert_int_eq(cover_read(good.s, good.len, cover_fields(), &cr), 0);
	ck_assert(cr.clean);
	ck_assert_uint_eq(cr.len[CHILD_NAME], 9);
	ck_assert_int_eq(cr.w[CHILD_NAME], 6);
	ck_assert_uint_eq(cr.len[CHILD_VILLAGE], strlen("柳树村 3组"));
	ck_assert_int_eq(cr.w[CHILD_VILLAGE], 10);
	ck_assert_str_eq(cr.contact, "王芳");
	ck_assert_int_eq(cr.contact_w, 4);
	ck_assert_uint_eq(cr.phone_len, 11);
	ck_assert_int_eq(cr.phone_w, 11);
	ck_assert_str_eq(cr.relation, "mother");
	ck_assert_int_eq(cover_read(bad.s, bad.len, cover_fields(), &cr), 0);
	ck_assert(!cr.clean);
	ck_assert_str_eq(cr.v[CHILD_VILLAGE], "柳\x1b]52;c;aGk=\a树村");

	/* The table says where each value ends; no NUL may lie within. */
	at = good.len - strlen("13800000001") - 1;
	good.s[at + 3] = '\0';
	ck_assert_int_eq(cover_read(good.s, good.len, cover_fields(), &cr),
	    SH_ECORRUPT);
	good.s[at + 3] = '0';
	ck_assert_int_eq(cover_read(good.s, good.len, cover_fields(), &cr), 0);
	/* The name's length, one more: its end is not where it says. */
	for (at = 1; good.s[at] & 0x80; at++)
		;
	good.s[at + 1]++;
	ck_assert_int_eq(cover_read(good.s, good.len, cover_fields(), &cr),
	    SH_ECORRUPT);

	/* The row with the control characters kept under the child's keys. */
	begin_write(&t);
	ck_assert_int_eq(rec_get(&t, RT_CHILD, a, &r), 0);
	rec_keys(r, &ks);
	for (i = 0; i < ks.n; i++)
		if (ks.keys[i].cover)
			kv_put(&t, DBI_IX, ks.keys[i].k, ks.keys[i].n, bad.s,
			    bad.len);
	ks_free(&ks);
	rec_free(r);
	ck_assert_int_eq(mdb_txn_commit(t.t), 0);
	ck_assert_uint_gt(problems(), 0);

	/* A search finds the child; the row shown is the records'. */
	ck_assert_int_eq(txn_read(db, &t), 0);
	search_children_rows(&t, "张三丰", &first, &more, &rows);
	ck_assert_uint_eq(first.n, 1);
	ck_assert_uint_eq(rows.n, 1);
	rows_ctx(&x, &t, &rows);
	row = row_of(&x, &t, a);
	ck_assert(!row->clean);
	ck_assert_ptr_null(row->cover);
	ck_assert_str_eq(rec_str(row->r, CHILD_VILLAGE), "柳树村 3组");
	ck_assert_str_eq(row->contact, "王芳");
	vctx_free(&x);
	covers_free(&rows);
	idl_free(&first);
	idl_free(&more);
	txn_end(&t);

	/*
	 * Another child found by the same search, after the one whose row
	 * could not be shown as kept: its line is its own, from its row.
	 */
	b = add_child(school, "张三");
	dad = add_contact("李强", "13900000002");
	ck_assert_int_eq(add_link(b, dad, "father"), 0);
	r = get(RT_CHILD, b);
	ck_assert_int_eq(rec_input(r, CHILD_VILLAGE, "桥头村", &cause), 0);
	ck_assert_int_eq(rec_input(r, CHILD_SEX, "f", &cause), 0);
	ck_assert_msg(put(r, &cause) == 0, "%s", cause);
	rec_free(r);
	ck_assert_int_eq(txn_read(db, &t), 0);
	search_children_rows(&t, "张三", &first, &more, &rows);
	ck_assert_uint_eq(first.n + more.n, 2);
	rows_ctx(&x, &t, &rows);
	row = row_of(&x, &t, a);
	ck_assert_ptr_null(row->cover);
	row = row_of(&x, &t, b);
	ck_assert_ptr_nonnull(row->cover);
	ck_assert(row->clean);
	ck_assert_str_eq(rec_str(row->r, CHILD_NAME), "张三");
	ck_assert_str_eq(rec_str(row->r, CHILD_VILLAGE), "桥头村");
	ck_assert_str_eq(rec_str(row->r, CHILD_SEX), "f");
	ck_assert_str_eq(row->contact, "李强");
	ck_assert_int_eq(row->age, 11);
	vctx_free(&x);
	covers_free(&rows);
	idl_free(&first);
	idl_free(&more);
	txn_end(&t);
	buf_free(&good);
	buf_free(&bad);
}
END_TEST

/* The pieces a village is made of below: text, and bytes that are not. */
static const char *const village_pieces[] = {
	"a", "Z9", "-", " ", "柳", "树", "村", "一诺", "3组",
	"\xc2\xb7", "\xc3\xa9", "\xc2\xa0",		/* two bytes: ·, é, NBSP */
	"\xe0\xa0\x80", "\xed\x9f\xbf", "\xef\xbf\xbd",	/* E0, ED, U+FFFD */
	"\xf0\xa0\x80\x80", "\xf4\x8f\xbf\xbf",	/* four bytes */
	"\x01", "\x1b", "\x1f", "\x7f",		/* C0, DEL */
	"\xc2\x85", "\xc2\x9f",			/* C1 */
};
static const char *const village_faults[] = {
	"\x80", "\xbf", "\xc0\x80", "\xc1\xbf", "\xe0\x80\x80",
	"\xed\xa0\x80", "\xf0\x80\x80\x80", "\xf4\x90\x80\x80",
	"\xf5\x80\x80\x80", "\xff", "\xe4\xb8", "\xe4", "\xc2",
	/* Leads of two or four bytes followed as if of three. */
	"\xf0\x9f\x98", "\xf5\x80\x80", "\xf8\x80\x80", "\xdf\x80\x80",
};

/* Whether s (valid UTF-8) holds a C0 or C1 control or DEL. */
static bool
has_control(const char *s)
{
	uint32_t cp;
	size_t n = strlen(s);
	int k;

	for (; n > 0; s += k, n -= (size_t)k) {
		k = u8_decode(s, n, &cp);
		ck_assert_int_gt(k, 0);
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			return true;
	}
	return false;
}

/*
 * A row's text is checked sixteen bytes at a time where it can be: for
 * villages made of every kind of character, control and broken byte,
 * at every offset in the row, the row is read exactly when its text is
 * UTF-8, and shown as kept exactly when it holds no control character.
 */
START_TEST(row_text_checks_agree)
{
	uint32_t school = add_school("柳树乡中心学校"), a;
	struct cover_row cr;
	struct txn t;
	struct rec *r;
	struct buf row = { 0 }, village = { 0 }, name = { 0 };
	unsigned seed = getenv("SHOUHU_TEST_SEED") != NULL ?
	    (unsigned)strtoul(getenv("SHOUHU_TEST_SEED"), NULL, 10) : 20261205;
	int round, i, n, rc, valid = 0, clean = 0;
	bool ok;

	srand(seed);
	a = add_child(school, "张三丰");
	ck_assert_int_eq(txn_read(db, &t), 0);
	ck_assert_int_eq(rec_get(&t, RT_CHILD, a, &r), 0);
	for (round = 0; round < 4000; round++) {
		/* A name of 1 to 8 characters moves the village along. */
		buf_reset(&name);
		for (i = 0, n = 1 + rand() % 8; i < n; i++)
			buf_addstr(&name, rand() % 5 == 0 ? "x" : "张");
		buf_reset(&village);
		for (i = 0, n = rand() % 24; i < n; i++)
			buf_addstr(&village, rand() % 40 == 0 ?
			    village_faults[rand() % nitems(village_faults)] :
			    village_pieces[rand() % nitems(village_pieces)]);
		rec_set(r, CHILD_NAME, name.s);
		rec_set(r, CHILD_VILLAGE, village.s != NULL ? village.s : "");
		cover_make(&t, r, &row);
		rc = cover_read(row.s, row.len, cover_fields(), &cr);
		ok = village.s == NULL || u8_valid(village.s, village.len);
		ck_assert_msg(rc == (ok ? 0 : SH_ECORRUPT), "round %d, seed %u "
		    "(set SHOUHU_TEST_SEED to repeat): read %d, UTF-8 %d",
		    round, seed, rc, ok);
		if (!ok)
			continue;
		valid++;
		ck_assert_msg(cr.clean == !has_control(rec_str(r,
		    CHILD_VILLAGE)), "round %d, seed %u: clean %d", round, seed,
		    cr.clean);
		clean += cr.clean;
		ck_assert_str_eq(cr.v[CHILD_VILLAGE] != NULL ?
		    cr.v[CHILD_VILLAGE] : "", rec_str(r, CHILD_VILLAGE));
		ck_assert_str_eq(cr.v[CHILD_NAME], name.s);
	}
	/* Each way has been taken often. */
	ck_assert_int_gt(4000 - valid, 400);
	ck_assert_int_gt(clean, 400);
	ck_assert_int_gt(valid - clean, 400);
	rec_free(r);
	txn_end(&t);
	buf_free(&row);
	buf_free(&village);
	buf_free(&name);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("store");
	TCase *codec = tcase_create("codec");
	TCase *recs = tcase_create("records");
	TCase *procs = tcase_create("processes");

	tcase_add_test(codec, codec_round_trip);
	tcase_add_test(codec, codec_rejects_truncated_and_corrupted);
	tcase_add_test(codec, reader_is_bounds_checked);
	suite_add_tcase(s, codec);

	tcase_add_checked_fixture(recs, setup, teardown);
	tcase_add_test(recs, tables_agree);
	tcase_add_test(recs, put_get_update_conflict_delete);
	tcase_add_test(recs, indexes_follow_add_update_delete);
	tcase_add_test(recs, check_finds_damage);
	tcase_add_test(recs, unique_and_references);
	tcase_add_test(recs, mentors_change_over_time);
	tcase_add_test(recs, files_are_private_and_versioned);
	tcase_add_test(recs, readonly_refuses_writes);
	tcase_add_test(recs, a_new_number_loses_the_old_marks);
	tcase_add_test(recs, repair_rebuilds_the_index);
	tcase_add_test(recs, errors_say_what_happened);
	tcase_add_test(recs, failed_count_is_an_error);
	tcase_add_test(recs, redo_mode_runs_twice);
	tcase_add_test(recs, empty_file_is_damaged);
	tcase_add_test(recs, list_rows_follow_changes);
	tcase_add_test(recs, older_rows_are_not_read);
	tcase_add_test(recs, rows_are_measured_and_checked);
	tcase_add_test(recs, row_text_checks_agree);
	suite_add_tcase(s, recs);

	tcase_add_checked_fixture(procs, setup, teardown);
	tcase_set_timeout(procs, 120);
	tcase_add_test(procs, processes_lose_no_update);
	tcase_add_test(procs, kill_9_loses_nothing_committed);
	tcase_add_test(procs, map_grows_from_tiny);
	tcase_add_test(procs, write_lock_times_out);
	suite_add_tcase(s, procs);
	return tu_run(s);
}
